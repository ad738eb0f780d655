# shellcheck shell=bash disable=SC2034  # sourced by up.sh/down.sh, which use these
# Shared settings and helpers for up.sh / down.sh (sourced, not run).
# Everything can be overridden from the environment, e.g. CNT_STATE_DIR=/tmp/x up.sh.

: "${CNT_STATE_DIR:=/tmp/container-netstat-test-env}"          # pid files, logs, env file
: "${CNT_DATA_ROOT:=/var/lib/container-netstat-test-env/docker}" # own data root: never mixes with /var/lib/docker,
                                                                 # and survives down.sh so re-runs skip the image build
: "${CNT_DOCKERD_TIMEOUT:=60}"                                   # seconds to wait for dockerd to answer / to exit
DOCKER_SOCK=/var/run/docker.sock
ENV_FILE=$CNT_STATE_DIR/env
DOCKERD_PIDFILE=$CNT_STATE_DIR/dockerd.pid   # "PID STARTTIME" of a dockerd that up.sh started itself
DOCKERD_LOG=$CNT_STATE_DIR/dockerd.log
TEST_LABEL=container-netstat-test=1          # every container a test (or up.sh) creates carries this label
TEST_IMAGE=container-netstat-test/busybox:latest
CTR_NS=k8s.io                                # containerd namespace used to play Kubernetes' CRI layout
PODMAN_IMAGE=localhost/container-netstat-test/busybox:latest   # the same image in podman's storage
export CONTAINERS_CONF=$CNT_STATE_DIR/containers.conf          # podman's settings for the tests

export DOCKER_HOST=unix://$DOCKER_SOCK       # ignore any other context the docker CLI may have

log() { printf '[test-env] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

docker_ok() { timeout 10 docker info >/dev/null 2>&1; }

# Field 22 of /proc/PID/stat (start time in clock ticks). Stored beside the PID so that
# down.sh never signals an unrelated process that got the same PID after a reboot or wrap.
proc_start() { sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f20; }

# True if PID file $1 names a live process with the recorded start time; sets REC_PID.
recorded_alive() {
  local start
  [ -r "$1" ] || return 1
  read -r REC_PID start < "$1" || return 1
  [ -n "$REC_PID" ] && [ "$(proc_start "$REC_PID")" = "$start" ]
}

# The containerd that this dockerd uses: its own child (exec-root /var/run/docker) unless a
# system containerd was already running when dockerd started, in which case dockerd uses that.
containerd_address() {
  local s
  for s in /var/run/docker/containerd/containerd.sock /run/containerd/containerd.sock; do
    [ -S "$s" ] && timeout 5 ctr -a "$s" version >/dev/null 2>&1 && { echo "$s"; return 0; }  # not a stale file
  done
  return 1
}

# podman's defaults (ulimits nofile=1048576, nproc=4194304) exceed this machine's hard limits: its
# containers fail to start. Measured here with Debian's podman 4.3.1.
write_podman_conf() {
  printf '%s\n' '# written by scripts/test-env (lib.sh): podman settings for the tests' '[containers]' \
    'default_ulimits = ["nofile=4096:4096", "nproc=4096:4096"]' > "$CONTAINERS_CONF"
}

# Removes podman's test containers and pods (label $TEST_LABEL); podman runs no daemon to stop.
remove_podman_test_containers() {
  local ids
  command -v podman >/dev/null || return 0
  [ -e "$CONTAINERS_CONF" ] || write_podman_conf
  ids=$(podman ps -aq --filter "label=$TEST_LABEL" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$ids" ] || { log "removing podman test containers:" $ids; podman rm -f -t 0 $ids >/dev/null || true; }
  ids=$(podman pod ps -q --filter "label=$TEST_LABEL" 2>/dev/null || true)
  # shellcheck disable=SC2086
  [ -z "$ids" ] || { log "removing podman test pods:" $ids; podman pod rm -f $ids >/dev/null || true; }
}

# Lock so that two up.sh/down.sh runs (two engineers, or CI + a human) do not interleave.
lock_state() {
  mkdir -p "$CNT_STATE_DIR"
  exec 9>"$CNT_STATE_DIR/lock"
  flock -w 300 9 || die "another up.sh/down.sh holds $CNT_STATE_DIR/lock"
}

# Removes every container labelled $TEST_LABEL: Docker's, then containerd's made with ctr
# (CRI-layout tests). dockerd would leave the shims of the latter running after it stops.
remove_test_containers() {
  local ids addr ns c left
  remove_podman_test_containers
  if docker_ok; then
    ids=$(docker ps -aq --filter "label=$TEST_LABEL")
    # shellcheck disable=SC2086
    [ -z "$ids" ] || { log "removing Docker test containers:" $ids; docker rm -f $ids >/dev/null; }
  fi
  addr=$(containerd_address) && timeout 10 ctr -a "$addr" version >/dev/null 2>&1 || return 0
  for ns in $(ctr -a "$addr" namespaces ls -q); do
    [ "$ns" = moby ] && continue   # Docker's own namespace: handled above
    for c in $(ctr -a "$addr" -n "$ns" containers ls -q "labels.\"${TEST_LABEL%=*}\"==${TEST_LABEL#*=}"); do
      log "removing containerd test container $ns/$c"
      ctr -a "$addr" -n "$ns" tasks delete -f "$c" >/dev/null 2>&1 || true   # kills, then deletes
      ctr -a "$addr" -n "$ns" containers delete "$c" >/dev/null 2>&1 || true
    done
    left=$(ctr -a "$addr" -n "$ns" tasks ls -q)
    # shellcheck disable=SC2086
    [ -z "$left" ] || log "warning: unlabelled tasks left in containerd namespace $ns (not ours):" $left
  done
}
