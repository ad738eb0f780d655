#!/usr/bin/env bash
# CI step for the container image (deploy/Dockerfile). Needs root, a running dockerd (scripts/test-env/up.sh),
# debootstrap and jq (up.sh installs both), a JDK 17 and the shaded jar (`mvn -B package`).
#
#  1. base:    makes debian:bookworm-slim locally when it is missing (no registry is reachable here):
#              debootstrap --variant=minbase bookworm from the machine's own apt source, then docker import
#  2. modules: jdeps on the jar must name no module that deploy/jlink-modules.txt lacks
#  3. image:   deploy/build-image.sh (jlink + an unchanged docker build)
#  4. once:    starts test containers: with Docker one alone and one pod-like pair sharing a namespace
#              (busybox, --network none / --network container:<id>), and with containerd's ctr a pod laid
#              out as Kubernetes' CRI plugin does (cgroup kubepods/besteffort/pod<uid>/<id>, CRI
#              annotations, the app task in the sandbox's namespace). Runs the image --once --format json
#              as the DaemonSet runs it: host /proc and PID namespace, read-only root, every capability
#              dropped but SYS_PTRACE, containerd's task directory and Docker's containers/ (--docker-root)
#              mounted read-only; with the cgroup resolver and then the Docker resolver (socket mounted
#              read-only), both naming the Docker containers by their names. The namespaces and
#              container ids it lists for the test containers must equal the host-side agent's (java
#              -jar, same resolver) and the kernel's (readlink /proc/<pid>/ns/net); the CRI pod's name,
#              namespace and uid must come out of the mounted task directory
#  5. daemon:  runs the image as a daemon (--sink prometheus): with the cgroup scan, /healthz and the test
#              containers and CRI pod in /metrics; then over EXTRA_NETNS network namespaces (netns scan),
#              12 scrapes of the large /metrics (4 at once) and its resident memory; SIGTERM each time
# Cleans up by label (this run's own label) and PID, whatever happens. Prints each step's time.
#
# Settings (environment): IMAGE (default container-netstat:ci), JAR, DEBIAN_MIRROR (default: the
# machine's apt source for bookworm, else http://deb.debian.org/debian), DAEMON_PORT (default 19465,
# on 127.0.0.1), EXTRA_NETNS (default 300: network namespaces made for the memory step, the runner's
# target size; 0 skips that step).
set -euo pipefail
cd "$(dirname "$0")/.."

IMAGE=${IMAGE:-container-netstat:ci}
JAR=${JAR:-runner-agent/target/container-netstat.jar}
DAEMON_PORT=${DAEMON_PORT:-19465}
EXTRA_NETNS=${EXTRA_NETNS:-300}
BASE=debian:bookworm-slim
ENV_FILE=${CNT_STATE_DIR:-/tmp/container-netstat-test-env}/env
TEST_LABEL=container-netstat-test=1          # scripts/test-env/down.sh removes whatever carries it
RUN_ID="$$-$(date +%s)"
RUN_LABEL="container-netstat-image-test=$RUN_ID"   # this run's own containers, and only them

ctrc() { ctr -a "$CONTAINERD_ADDRESS" -n "${TEST_CONTAINERD_NAMESPACE:-k8s.io}" "$@"; }
log() { printf '[ci-image-test] %s\n' "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, docker, reading other processes' namespaces)"
# shellcheck source=/dev/null
[ -r "$ENV_FILE" ] && . "$ENV_FILE"
export DOCKER_HOST=${DOCKER_HOST:-unix:///var/run/docker.sock}
for tool in docker jq debootstrap java curl python3; do
  command -v "$tool" >/dev/null || die "$tool not found (scripts/test-env/up.sh installs docker.io, jq, debootstrap, curl, python3)"
done
timeout 10 docker info >/dev/null 2>&1 || die "no dockerd answers on $DOCKER_HOST: run scripts/test-env/up.sh"
[ -f "$JAR" ] || die "no $JAR: run 'mvn -B -DskipTests package' first"
[ -n "${CONTAINERD_ADDRESS:-}" ] && [ -n "${TEST_CONTAINERD_TASK_ROOT:-}" ] && [ -n "${TEST_IMAGE_CTR:-}" ] \
  || die "$ENV_FILE does not describe containerd (CONTAINERD_ADDRESS, TEST_CONTAINERD_TASK_ROOT, TEST_IMAGE_CTR): run scripts/test-env/up.sh"
command -v ctr >/dev/null || die "ctr not found (it comes with containerd)"

work=$(mktemp -d /tmp/cnt-image-test.XXXXXX)
rootfs=""
cleanup() {
  local rc=$? ids
  ids=$(docker ps -aq --filter "label=$RUN_LABEL" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$ids" ] || docker rm -f $ids >/dev/null 2>&1 || log "warning: could not remove containers $ids"
  if [ -n "${CONTAINERD_ADDRESS:-}" ]; then
    for id in $(ctrc containers ls -q "labels.\"${RUN_LABEL%%=*}\"==${RUN_LABEL#*=}" 2>/dev/null); do
      ctrc tasks delete -f "$id" >/dev/null 2>&1 || true
      ctrc containers delete "$id" >/dev/null 2>&1 || log "warning: could not remove containerd container $id"
    done
    # runc removes each task's own cgroup; the pod's directory above them is ours to remove (if empty)
    if [ -n "${cri_uid:-}" ]; then
      find /sys/fs/cgroup -maxdepth 4 -type d -name "pod$cri_uid" -exec rmdir {} + 2>/dev/null || true
      left=$(find /sys/fs/cgroup -maxdepth 4 -type d -name "pod$cri_uid" -print -quit)
      [ -z "$left" ] || log "warning: cgroup $left is left (not empty)"
    fi
  fi
  if [ -n "$rootfs" ] && [ -d "$rootfs" ]; then
    # an interrupted debootstrap can leave proc/sys mounted in the chroot: never delete through them
    awk -v d="$rootfs/" 'index($2, d) == 1 {print $2}' /proc/mounts | sort -r | xargs -r umount -l || true
    rm -rf --one-file-system "$rootfs"
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

timings=()
step_start=$SECONDS
step_done() { timings+=("$(printf '%-8s %4d s  %s' "$1" $((SECONDS - step_start)) "$2")"); step_start=$SECONDS; }

# --- 1. the base image --------------------------------------------------------------------------
# The Debian archive this machine's apt uses for bookworm (deb822 .sources first, then one-line .list).
debian_mirror() {
  local uri
  uri=$(awk 'BEGIN { RS = ""; FS = "\n" }
             { uris = ""; suites = ""; types = ""
               for (i = 1; i <= NF; i++) {
                 if ($i ~ /^URIs:/) uris = substr($i, 6)
                 if ($i ~ /^Suites:/) suites = " " substr($i, 8) " "
                 if ($i ~ /^Types:/) types = " " substr($i, 7) " " }
               if (types ~ / deb / && suites ~ / bookworm /) { split(uris, u, " "); print u[1] } }' \
          /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1)
  if [ -z "$uri" ]; then
    uri=$(sed -E 's/\[[^]]*\]//' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
          | awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }')
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

if docker image inspect "$BASE" >/dev/null 2>&1; then
  log "$BASE exists locally: $(docker image inspect -f '{{.Id}}' "$BASE" | cut -c1-19)"
  step_done base "$BASE already present"
else
  mirror=${DEBIAN_MIRROR:-$(debian_mirror)}
  rootfs=$(mktemp -d /var/tmp/cnt-bookworm.XXXXXX)
  log "making $BASE: debootstrap --variant=minbase bookworm from $mirror"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" > "$work/debootstrap.log" 2>&1 \
    || { tail -n 30 "$work/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
  # what the published slim image also leaves out: package caches and apt's lists
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/*
  tar -C "$rootfs" -c . | docker import -c 'CMD ["bash"]' - "$BASE" >/dev/null
  rm -rf --one-file-system "$rootfs"; rootfs=""
  step_done base "debootstrap + docker import: $(docker image inspect -f '{{.Size}}' "$BASE" | awk '{printf "%.0f MB", $1 / 1e6}')"
fi

# --- 2. the runtime's modules against what the jar needs -------------------------------------------
needed=$(jdeps --print-module-deps --ignore-missing-deps --multi-release 17 "$JAR" | tr ',' '\n')
listed=$(sed 's/#.*//' deploy/jlink-modules.txt | tr -s ' \t' '\n' | grep -v '^$')
missing=$(comm -23 <(sort -u <<<"$needed") <(sort -u <<<"$listed"))
[ -z "$missing" ] || die "the jar needs modules deploy/jlink-modules.txt lacks: $(echo $missing) (jdeps --print-module-deps)"
step_done modules "jdeps: $(paste -sd, <<<"$needed") all listed"

# --- 3. the image ---------------------------------------------------------------------------------
JAR=$JAR deploy/build-image.sh "$IMAGE" >/dev/null
image_mb=$(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.1f", $1 / 1e6}')
runtime_mb=$(du -sm deploy/target/image-context/runtime | cut -f1)
step_done image "$IMAGE: $image_mb MB (runtime $runtime_mb MB, base $(docker image inspect -f '{{.Size}}' "$BASE" | awk '{printf "%.0f", $1 / 1e6}') MB)"

# --- 4. --once in the image against the host-side agent --------------------------------------------
run_test_container() {   # NAME NETWORK [labels...] -> container id
  local name=$1 net=$2; shift 2
  docker run -d --name "cnt-img-$RUN_ID-$name" --network "$net" --label "$TEST_LABEL" --label "$RUN_LABEL" \
    "$@" busybox:latest sleep 600
}
pod_uid=$(cat /proc/sys/kernel/random/uuid)
pod_labels=(--label io.kubernetes.pod.namespace=default --label "io.kubernetes.pod.name=web-$RUN_ID"
            --label "io.kubernetes.pod.uid=$pod_uid")
solo=$(run_test_container solo none)
sandbox=$(run_test_container pod-sandbox none "${pod_labels[@]}" \
  --label io.kubernetes.docker.type=podsandbox --label io.kubernetes.container.name=POD)
app=$(run_test_container pod-app "container:$sandbox" "${pod_labels[@]}" \
  --label io.kubernetes.docker.type=container --label io.kubernetes.container.name=app)

# A Kubernetes pod as containerd's CRI plugin lays it out, without Kubernetes (docs: runtimes.md).
cri_uid=$(cat /proc/sys/kernel/random/uuid)
cri_name="cri-$RUN_ID"
run_cri_task() {   # ID TYPE [extra ctr options...]
  local id=$1 type=$2; shift 2
  ctrc run -d --label "$TEST_LABEL" --label "$RUN_LABEL" --cgroup "kubepods/besteffort/pod$cri_uid/$id" \
    --annotation "io.kubernetes.cri.container-type=$type" \
    --annotation "io.kubernetes.cri.sandbox-name=$cri_name" \
    --annotation io.kubernetes.cri.sandbox-namespace=container-netstat-ci \
    --annotation "io.kubernetes.cri.sandbox-uid=$cri_uid" \
    --annotation "io.kubernetes.cri.sandbox-id=$cri_sandbox" \
    "$@" "$TEST_IMAGE_CTR" "$id" sleep 600 >/dev/null
}
hex64() { od -An -N32 -tx1 /dev/urandom | tr -d ' \n'; }
cri_sandbox=$(hex64); cri_app=$(hex64)
run_cri_task "$cri_sandbox" sandbox
cri_sandbox_pid=$(cat "$TEST_CONTAINERD_TASK_ROOT/${TEST_CONTAINERD_NAMESPACE:-k8s.io}/$cri_sandbox/init.pid")
run_cri_task "$cri_app" container --annotation io.kubernetes.cri.container-name=app \
  --with-ns "network:/proc/$cri_sandbox_pid/ns/net"
log "CRI pod container-netstat-ci/$cri_name (uid $cri_uid): sandbox $cri_sandbox, app $cri_app"
cri_app_pid=$(cat "$TEST_CONTAINERD_TASK_ROOT/${TEST_CONTAINERD_NAMESPACE:-k8s.io}/$cri_app/init.pid")

# What the kernel says: each container's network namespace inode, grouped. The Docker resolver knows
# only Docker's containers; the cgroup scan finds the CRI pod too.
netns_of() { readlink "/proc/$1/ns/net" | tr -dc '0-9'; }
group() { jq -cs 'group_by(.netns) | map({netns: .[0].netns, ids: (map(.id) | sort)}) | sort_by(.netns)'; }
docker_kernel=$(for id in "$solo" "$sandbox" "$app"; do
  jq -cn --arg id "$id" --argjson ino "$(netns_of "$(docker inspect -f '{{.State.Pid}}' "$id")")" '{id: $id, netns: $ino}'
done)
cri_kernel=$(jq -cn --arg id "$cri_sandbox" --argjson ino "$(netns_of "$cri_sandbox_pid")" '{id: $id, netns: $ino}'
             jq -cn --arg id "$cri_app" --argjson ino "$(netns_of "$cri_app_pid")" '{id: $id, netns: $ino}')
declare -A expected ours
expected[docker]=$(group <<<"$docker_kernel")
expected[cgroup]=$(printf '%s\n%s\n' "$docker_kernel" "$cri_kernel" | group)
[ "$(jq length <<<"${expected[cgroup]}")" = 3 ] || die "the test containers are not in 3 namespaces: ${expected[cgroup]}"
ours[docker]=$(jq -cn --arg a "$solo" --arg b "$sandbox" --arg c "$app" '[$a, $b, $c]')
ours[cgroup]=$(jq -cn --argjson d "${ours[docker]}" --arg e "$cri_sandbox" --arg f "$cri_app" '$d + [$e, $f]')

# The report's view of our containers: [{netns, ids}] sorted, the other containers left out.
our_view() {   # FILE OURS
  jq -c --argjson ours "$2" '[.namespaces[]
      | {netns, ids: ([.containers[].id | select(. as $i | $ours | index($i))] | sort)}
      | select(.ids | length > 0)] | sort_by(.netns)' "$1"
}
# Same, with names and pods, which come from the resolver's metadata source.
our_names() {   # FILE OURS
  jq -c --argjson ours "$2" '[.namespaces[] | select([.containers[].id] | any(. as $i | $ours | index($i)))
      | {netns, pod, names: ([.containers[] | select(.id as $i | $ours | index($i)) | .name] | sort)}]
      | sort_by(.netns)' "$1"
}

# The image runs as deploy/kubernetes/daemonset.yaml runs it; containerd's task directory is mounted
# where a standalone containerd keeps it, which is where the DaemonSet mounts the node's; Docker's
# containers/ (under the test engine's data root, not /var/lib/docker) at /host/docker-root/containers.
docker_root=$(docker info -f '{{.DockerRootDir}}')
image_run=(docker run --rm --pid host --network none --read-only --cap-drop ALL --cap-add SYS_PTRACE
           --security-opt no-new-privileges --label "$TEST_LABEL" --label "$RUN_LABEL"
           -v /proc:/host/proc:ro -v /sys/fs/cgroup:/host/sys/fs/cgroup:ro
           -v "$TEST_CONTAINERD_TASK_ROOT:/run/containerd/io.containerd.runtime.v2.task:ro"
           -v "$docker_root/containers:/host/docker-root/containers:ro")
agent_paths=(--proc-root /host/proc --cgroup-root /host/sys/fs/cgroup --docker-root /host/docker-root)
sock=${DOCKER_HOST#unix://}

for resolver in cgroup docker; do
  extra=()
  [ "$resolver" = docker ] && extra=(-v "$sock:/var/run/docker.sock:ro")
  host_json=$work/host-$resolver.json image_json=$work/image-$resolver.json
  java -jar "$JAR" --once --format json --resolver "$resolver" > "$host_json" 2> "$work/host.err" \
    || { cat "$work/host.err" >&2; die "the host-side agent failed ($resolver)"; }
  "${image_run[@]}" "${extra[@]}" "$IMAGE" --once --format json "${agent_paths[@]}" --resolver "$resolver" \
    --docker-host unix:///var/run/docker.sock > "$image_json" 2> "$work/image.err" \
    || { cat "$work/image.err" >&2; die "the image's agent failed ($resolver)"; }
  jq -e . "$image_json" >/dev/null || die "the image printed no JSON document ($resolver)"
  [ "$(jq -r .resolver "$image_json")" = "$resolver" ] || die "the image used resolver $(jq -r .resolver "$image_json"), not $resolver"
  host_view=$(our_view "$host_json" "${ours[$resolver]}")
  image_view=$(our_view "$image_json" "${ours[$resolver]}")
  if [ "$host_view" != "${expected[$resolver]}" ] || [ "$image_view" != "${expected[$resolver]}" ]; then
    log "kernel: ${expected[$resolver]}"; log "host:   $host_view"; log "image:  $image_view"
    die "the image's report of the test containers differs ($resolver resolver)"
  fi
  host_names=$(our_names "$host_json" "${ours[$resolver]}")
  image_names=$(our_names "$image_json" "${ours[$resolver]}")
  [ "$host_names" = "$image_names" ] || die "names or pods differ ($resolver): host $host_names image $image_names"
  # Docker's names, in the cgroup scan from the mounted containers/ (else a 12-character id)
  jq -e --arg solo "cnt-img-$RUN_ID-solo" 'any(.[].names[]; . == $solo)' <<<"$image_names" >/dev/null \
    || die "the image did not name Docker container cnt-img-$RUN_ID-solo ($resolver): $image_names"
  if [ "$resolver" = docker ]; then
    jq -e --arg uid "$pod_uid" 'any(.namespaces[]; .pod.uid == $uid)' "$image_json" >/dev/null \
      || die "the Docker resolver in the image did not report the pod labelled uid $pod_uid: $image_names"
  else
    jq -e --arg uid "$cri_uid" --arg name "$cri_name" \
      'any(.namespaces[]; .pod == {namespace: "container-netstat-ci", name: $name, uid: $uid})' "$image_json" >/dev/null \
      || die "the cgroup scan in the image did not read the CRI pod's names from the mounted task directory: $image_names"
  fi
  failed=$(jq -c --argjson ours "${ours[$resolver]}" '[.namespaces[] | select([.containers[].id] | any(. as $i | $ours | index($i)))
             | select(.error != null) | .error]' "$image_json")
  [ "$failed" = "[]" ] || die "the image could not read a test namespace: $failed"
  log "$resolver: image = host = kernel for the $(jq length <<<"${ours[$resolver]}") test containers in $(jq length <<<"${expected[$resolver]}") namespaces" \
    "($(jq '.namespaces | length' "$host_json") namespaces on the host side, $(jq '.namespaces | length' "$image_json") in the image, which counts its own)"
done
step_done once "cgroup and docker resolvers: image = host agent = kernel"

# --- 5. daemon mode: /healthz, /metrics, memory at 300 namespaces, SIGTERM -------------------------------
# Starts the image as the DaemonSet does (Prometheus sink, 2 s interval) with resolver $1 on
# 127.0.0.1:$DAEMON_PORT (host network: the only way to reach it without a bridge); waits for /healthz.
# Then optionally --pid container:<id> instead of the host's, and more docker run options (-e ...).
start_daemon() {
  if (exec 3<>"/dev/tcp/127.0.0.1/$DAEMON_PORT") 2>/dev/null; then
    die "127.0.0.1:$DAEMON_PORT is taken: set DAEMON_PORT"
  fi
  local resolver=$1; shift
  local pid_opt=(--pid host)
  [ "${1:-}" = --pid ] && { pid_opt=("$1" "$2"); shift 2; }
  daemon=$(docker run -d --name "cnt-img-$RUN_ID-agent-$resolver" "${pid_opt[@]}" --network host --read-only \
    --cap-drop ALL --cap-add SYS_PTRACE --security-opt no-new-privileges \
    --label "$TEST_LABEL" --label "$RUN_LABEL" \
    -v /proc:/host/proc:ro -v /sys/fs/cgroup:/host/sys/fs/cgroup:ro \
    -v "$TEST_CONTAINERD_TASK_ROOT:/run/containerd/io.containerd.runtime.v2.task:ro" \
    -e CONTAINER_NETSTAT_SINK=prometheus -e "CONTAINER_NETSTAT_LISTEN=127.0.0.1:$DAEMON_PORT" \
    -e CONTAINER_NETSTAT_INTERVAL=2s -e "CONTAINER_NETSTAT_RESOLVER=$resolver" \
    -e CONTAINER_NETSTAT_PROC_ROOT=/host/proc -e CONTAINER_NETSTAT_CGROUP_ROOT=/host/sys/fs/cgroup "$@" "$IMAGE")
  local start=$SECONDS
  until curl -fsS -m 2 "http://127.0.0.1:$DAEMON_PORT/healthz" > "$work/healthz" 2>/dev/null; do
    [ "$(docker inspect -f '{{.State.Running}}' "$daemon")" = true ] \
      || { docker logs "$daemon" >&2; die "the daemon exited"; }
    [ $((SECONDS - start)) -lt 60 ] || { docker logs "$daemon" >&2; die "/healthz did not answer within 60 s"; }
    sleep 0.5
  done
  ready_s=$((SECONDS - start))
  # Output goes to a file before grep reads it: with pipefail, `grep -q` closing the pipe early fails the writer.
  docker logs "$daemon" > "$work/daemon.log" 2>&1
  grep -q 'started' "$work/daemon.log" || { cat "$work/daemon.log" >&2; die "no start line in the daemon's log"; }
}
# N scrapes, one after the other (each on whichever server thread takes it), then 4 at once.
scrape() {
  local i
  for ((i = 0; i < $1; i++)); do
    # 60 s: at 300 namespaces /metrics is ~1.8 MB, served in < 1 s here, but CI machines can be loaded
    curl -fsS -m 60 "http://127.0.0.1:$DAEMON_PORT/metrics" > "$work/metrics" \
      || { docker logs "$daemon" >&2; die "GET /metrics failed (scrape $((i + 1)))"; }
  done
  local curls=()
  for i in 1 2 3 4; do curl -fsS -m 60 -o /dev/null "http://127.0.0.1:$DAEMON_PORT/metrics" & curls+=("$!"); done
  for i in "${curls[@]}"; do wait "$i" || { docker logs "$daemon" >&2; die "a concurrent GET /metrics failed"; }; done
  docker logs "$daemon" > "$work/daemon.log" 2>&1
  ! grep -m1 'OutOfMemoryError' "$work/daemon.log" || die "the daemon ran out of memory (log line above)"
}
stop_daemon() {
  local start=$SECONDS code
  docker stop -t 20 "$daemon" >/dev/null
  stop_s=$((SECONDS - start))
  code=$(docker inspect -f '{{.State.ExitCode}}' "$daemon")
  case $code in 0|143) ;; *) docker logs "$daemon" >&2; die "the daemon exited with $code on SIGTERM";; esac
  [ "$stop_s" -lt 15 ] || die "the daemon took ${stop_s} s to stop on SIGTERM"
  docker rm "$daemon" >/dev/null
}

# 5a. the cgroup scan: the test containers' series, the CRI pod by name
start_daemon cgroup
sleep 5   # a couple of 2 s cycles
scrape 3
grep -q "^container_sockstat_sockets_used{.*id=\"$solo\"" "$work/metrics" \
  || { head -n 40 "$work/metrics" >&2; die "/metrics has no series for the test container $solo"; }
grep -Eq "^container_sockstat_sockets_used\{.*id=\"($sandbox|$app)\"" "$work/metrics" \
  || die "/metrics has no series for the pod-like pair's namespace"
grep -Eq "^container_sockstat_sockets_used\{.*pod=\"$cri_name\"" "$work/metrics" \
  || die "/metrics has no series labelled with the CRI pod's name $cri_name"
stop_daemon
step_done daemon "cgroup: /healthz after ${ready_s} s, test containers and the CRI pod in /metrics, SIGTERM in ${stop_s} s"

# 5c. HTTPS and basic auth from a web-config file mounted as a Secret would be: the image's runtime has
# what TLS needs (jdk.crypto.ec among its modules), plain HTTP is refused, a password is asked for.
tls_dir="$work/web"
bash scripts/test-env/make-test-pki.sh "$tls_dir/pki"
command -v htpasswd >/dev/null || die "htpasswd not found (scripts/test-env/up.sh installs apache2-utils)"
hash=$(htpasswd -nbBC 10 prometheus ci-secret | cut -d: -f2-)
printf 'tls_server_config:\n  cert_file: pki/server.crt\n  key_file: pki/server.key\nbasic_auth_users:\n  prometheus: %s\n' \
  "$hash" > "$tls_dir/web-config.yml"
chmod -R a+rX "$tls_dir"
daemon=$(docker run -d --name "cnt-img-$RUN_ID-agent-tls" --pid host --network host --read-only \
  --cap-drop ALL --cap-add SYS_PTRACE --security-opt no-new-privileges --label "$TEST_LABEL" --label "$RUN_LABEL" \
  -v /proc:/host/proc:ro -v "$tls_dir:/etc/container-netstat:ro" \
  -e CONTAINER_NETSTAT_SINK=prometheus -e "CONTAINER_NETSTAT_LISTEN=127.0.0.1:$DAEMON_PORT" \
  -e CONTAINER_NETSTAT_RESOLVER=netns -e CONTAINER_NETSTAT_PROC_ROOT=/host/proc -e CONTAINER_NETSTAT_NO_FILESYSTEMS=true \
  -e CONTAINER_NETSTAT_WEB_CONFIG_FILE=/etc/container-netstat/web-config.yml "$IMAGE")
tls_curl=(curl -sS -m 10 --cacert "$tls_dir/pki/ca.crt")
start=$SECONDS
until "${tls_curl[@]}" -f -u prometheus:ci-secret -o /dev/null "https://127.0.0.1:$DAEMON_PORT/healthz" 2>/dev/null; do
  [ "$(docker inspect -f '{{.State.Running}}' "$daemon")" = true ] || { docker logs "$daemon" >&2; die "the TLS daemon exited"; }
  [ $((SECONDS - start)) -lt 60 ] || { docker logs "$daemon" >&2; die "HTTPS /healthz did not answer within 60 s"; }
  sleep 0.5
done
"${tls_curl[@]}" -f -u prometheus:ci-secret -o "$work/tls-metrics" "https://127.0.0.1:$DAEMON_PORT/metrics" \
  || { docker logs "$daemon" >&2; die "HTTPS /metrics with the password failed"; }
grep -q '^container_sockstat_sockets_used{' "$work/tls-metrics" \
  || { docker logs "$daemon" >&2; die "HTTPS /metrics with the password has no series"; }
code=$("${tls_curl[@]}" -o /dev/null -w '%{http_code}' "https://127.0.0.1:$DAEMON_PORT/metrics")
[ "$code" = 401 ] || die "HTTPS /metrics without a password answered $code, not 401"
curl -sS -m 10 -o "$work/plain-on-tls" "http://127.0.0.1:$DAEMON_PORT/metrics" || true
grep -q 'Client sent an HTTP request to an HTTPS server' "$work/plain-on-tls" \
  || die "plain HTTP on the TLS port was not refused"
stop_daemon
step_done tls "HTTPS with basic auth from a mounted web-config file; 401 without the password; plain HTTP refused"

# 5b. memory at EXTRA_NETNS namespaces, the runner's target size. So that the count does not depend on
# what else runs on the host, the namespaces live in a PID namespace of their own: a holder container
# (busybox; CAP_SYS_ADMIN, for `unshare -n`, in this test container only) starts EXTRA_NETNS sleepers,
# each in a new network namespace, and the agent joins that PID namespace (--pid container:<holder>)
# and scans its own /proc with the netns resolver.
if [ "$EXTRA_NETNS" -gt 0 ]; then
  holder=$(docker run -d --name "cnt-img-$RUN_ID-netns-holder" --network none --cap-add SYS_ADMIN \
    --label "$TEST_LABEL" --label "$RUN_LABEL" busybox:latest \
    sh -c "i=0; while [ \$i -lt $EXTRA_NETNS ]; do unshare -n sleep 900 & i=\$((i + 1)); done; wait")
  start=$SECONDS
  until [ "$(docker exec "$holder" sh -c 'ls -l /proc/[0-9]*/ns/net 2>/dev/null | sed "s/.*-> //" | sort -u | wc -l')" -gt "$EXTRA_NETNS" ]; do
    [ $((SECONDS - start)) -lt 60 ] || die "the holder did not make $EXTRA_NETNS network namespaces within 60 s"
    sleep 0.5
  done
  start_daemon netns --pid "container:$holder" -e CONTAINER_NETSTAT_PROC_ROOT=/proc
  sleep 7   # a few 2 s cycles
  scrape 8
  series=$(grep -c '^container_sockstat_sockets_used{' "$work/metrics" || true)
  [ "$series" -ge "$EXTRA_NETNS" ] || die "/metrics has $series namespaces, fewer than the $EXTRA_NETNS made"
  pid=$(docker inspect -f '{{.State.Pid}}' "$daemon")
  rss_kb=$(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")
  hwm_kb=$(awk '/^VmHWM:/ {print $2}' "/proc/$pid/status")
  stop_daemon
  docker rm -f "$holder" >/dev/null
  rss_note="RSS $((rss_kb / 1024)) MB (peak $((hwm_kb / 1024)) MB) at $series namespaces after 12 scrapes"
  step_done memory "netns: $rss_note; SIGTERM in ${stop_s} s"
else
  rss_note="memory not measured (EXTRA_NETNS=0)"
fi

log "summary:"
for t in "${timings[@]}"; do log "  $t"; done
log "PASSED: image $IMAGE ($image_mb MB), $rss_note"
