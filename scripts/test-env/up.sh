#!/usr/bin/env bash
# Bring up the test environment: packages, a local dockerd, the busybox test image (in Docker,
# in containerd's k8s.io namespace and in rootful podman's storage), then sanity checks. Idempotent; a re-run on a ready
# machine only checks. Writes $CNT_STATE_DIR/env for tests to source. Needs root.
set -euo pipefail
# shellcheck source=scripts/test-env/lib.sh
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || die "must run as root"
lock_state

# --- 1. packages: apt only when something is missing, so a re-run costs a dpkg-query ------------
PKGS="iproute2 util-linux procps libcap2-bin docker.io containerd runc busybox-static prometheus debootstrap jq curl python3 openssl apache2-utils podman catatonit"
missing=$(for p in $PKGS; do
  dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q '^install ok installed' || echo "$p"
done)
if [ -n "$missing" ]; then
  # shellcheck disable=SC2086  # $missing is a word list
  log "installing:" $missing
  # policy-rc.d = 101 stops the packages' postinst from starting services: a default dockerd
  # (bridge + iptables) or a prometheus on :9090 would change the host and clash with ours.
  prc=""
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
                                     chmod +x /usr/sbin/policy-rc.d; prc=/usr/sbin/policy-rc.d; }
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # no recommends: they would add prometheus-node-exporter (a service), git, needrestart...
  # shellcheck disable=SC2086
  apt-get install -y -q --no-install-recommends $missing
  [ -z "$prc" ] || rm -f "$prc"
fi

# --- 2. dockerd: reuse one that answers, otherwise start our own ---------------------------------
if docker_ok; then
  if recorded_alive "$DOCKERD_PIDFILE"; then log "dockerd started by an earlier up.sh (pid $REC_PID) answers: reusing it"
  else log "a dockerd not started by up.sh answers on $DOCKER_SOCK: reusing it, down.sh will leave it"; fi
else
  if pgrep -x dockerd >/dev/null && ! recorded_alive "$DOCKERD_PIDFILE"; then
    # someone else's dockerd that is still starting (or wedged): wait, never kill it
    log "a dockerd not started by us is running; waiting for it to answer"
  elif ! recorded_alive "$DOCKERD_PIDFILE"; then
    mkdir -p "$CNT_DATA_ROOT"
    # No dockerd runs, so these are stale (a killed dockerd leaves them); dockerd would trust a
    # PID in them that may meanwhile belong to another process.
    rm -f /var/run/docker.pid /var/run/docker/containerd/containerd.pid
    log "starting dockerd (log: $DOCKERD_LOG)"
    # --iptables=false --bridge=none --ip-forward=false: touch no host firewall/routing; tests use
    #   --network none (own netns, loopback only) or --network container:<id>.
    # setsid: own session, so dockerd outlives this script and the shell's Ctrl-C; as we are not
    #   a process-group leader setsid does not fork, so $! is dockerd's own PID.
    # CNT_DOCKERD_ARGS: escape hatch, e.g. "--storage-driver=vfs" where overlayfs is unavailable.
    # shellcheck disable=SC2086
    setsid dockerd --iptables=false --bridge=none --ip-forward=false \
      --data-root "$CNT_DATA_ROOT" --host "unix://$DOCKER_SOCK" ${CNT_DOCKERD_ARGS:-} \
      </dev/null >>"$DOCKERD_LOG" 2>&1 9>&- &   # 9>&-: do not hand it our lock
    echo "$! $(proc_start $!)" > "$DOCKERD_PIDFILE"
    started=1
  fi
  for ((i = 0; i < CNT_DOCKERD_TIMEOUT; i++)); do
    docker_ok && break
    if [ -s "$DOCKERD_PIDFILE" ] && ! recorded_alive "$DOCKERD_PIDFILE"; then
      rm -f "$DOCKERD_PIDFILE"; tail -n 30 "$DOCKERD_LOG" >&2 || true; die "dockerd exited during start"
    fi
    sleep 1
  done
  docker_ok || { tail -n 30 "$DOCKERD_LOG" >&2 || true; die "dockerd did not answer within ${CNT_DOCKERD_TIMEOUT}s"; }
  # test containers kept in our data root by an earlier, killed dockerd: nobody uses them now
  [ -z "${started:-}" ] || remove_test_containers
  log "dockerd answers (storage driver: $(docker info -f '{{.Driver}}'), cgroup driver: $(docker info -f '{{.CgroupDriver}}'))"
fi
CONTAINERD_ADDRESS=$(containerd_address) || die "no containerd socket found next to dockerd"

# --- 3. the busybox image, built from Debian's busybox-static (no registry is reachable) ----------
bb=$(readlink -f "$(command -v busybox)")
bbsum=$(sha256sum "$bb" | cut -c1-64)
have=$(docker image inspect -f '{{index .Config.Labels "container-netstat-test.busybox-sha256"}}' "$TEST_IMAGE" 2>/dev/null || true)
if [ "$have" != "$bbsum" ]; then   # missing, or busybox-static was upgraded
  log "building $TEST_IMAGE from $bb"
  root=$(mktemp -d)
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,proc,sys,dev,tmp} && chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  # one symlink per applet at its usual place (bin/sh, bin/sleep, usr/bin/nc, sbin/ip, ...)
  "$bb" --list-full | while read -r p; do [ -e "$root/$p" ] || ln -s /bin/busybox "$root/$p"; done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  tar -C "$root" -c . | docker import \
    -c "LABEL container-netstat-test.busybox-sha256=$bbsum" -c 'CMD ["/bin/sh"]' - "$TEST_IMAGE" >/dev/null
  rm -rf "$root"
fi
for t in busybox:latest busybox:test; do docker tag "$TEST_IMAGE" "$t"; done
image_id=$(docker image inspect -f '{{.Id}}' "$TEST_IMAGE")

# --- 4. the same image in containerd's k8s.io namespace, for the CRI-layout tests ----------------
# `docker save` names it docker.io/container-netstat-test/busybox:latest and docker.io/library/busybox:latest.
ctr_ref=docker.io/$TEST_IMAGE
stamp=$CNT_STATE_DIR/ctr-imported
if [ "$(cat "$stamp" 2>/dev/null)" != "$image_id" ] \
   || ! grep -qxF "$ctr_ref" <<< "$(ctr -a "$CONTAINERD_ADDRESS" -n "$CTR_NS" images ls -q)"; then
  log "importing the image into containerd namespace $CTR_NS"
  docker save "$TEST_IMAGE" busybox:latest > "$CNT_STATE_DIR/busybox.tar"
  ctr -a "$CONTAINERD_ADDRESS" -n "$CTR_NS" images import "$CNT_STATE_DIR/busybox.tar" >/dev/null
  rm -f "$CNT_STATE_DIR/busybox.tar"
  echo "$image_id" > "$stamp"
fi

# --- 4b. the same image in rootful podman's storage (/var/lib/containers/storage), for its tests ---
# podman needs no daemon. Its default ulimits exceed this machine's hard limits (nofile, nproc), so
# its containers get a containers.conf of ours (CONTAINERS_CONF, in the env file); pods need catatonit.
write_podman_conf
podman_stamp=$CNT_STATE_DIR/podman-imported
if [ "$(cat "$podman_stamp" 2>/dev/null)" != "$image_id" ] || ! podman image exists "$PODMAN_IMAGE"; then
  log "importing the image into podman as $PODMAN_IMAGE"
  docker save "$TEST_IMAGE" > "$CNT_STATE_DIR/busybox-podman.tar"
  podman load -q -i "$CNT_STATE_DIR/busybox-podman.tar" >/dev/null
  rm -f "$CNT_STATE_DIR/busybox-podman.tar"
  # podman 4.3 names a `docker save`d "container-netstat-test/busybox" localhost/...; others may say docker.io/
  podman image exists "$PODMAN_IMAGE" || podman tag "docker.io/$TEST_IMAGE" "$PODMAN_IMAGE"
  echo "$image_id" > "$podman_stamp"
fi

# --- 5. the env file tests and scripts source ----------------------------------------------------
# where task bundles (config.json, init.pid) appear: below the state dir of that containerd
case $CONTAINERD_ADDRESS in
  /var/run/docker/*) task_root=/run/docker/containerd/daemon/io.containerd.runtime.v2.task ;;
  *)                 task_root=/run/containerd/io.containerd.runtime.v2.task ;;
esac
tmp_env=$(mktemp "$CNT_STATE_DIR/env.XXXXXX")
cat > "$tmp_env" <<EOF
# written by scripts/test-env/up.sh; source it: . $ENV_FILE
export DOCKER_HOST=$DOCKER_HOST
export CONTAINERD_ADDRESS=$CONTAINERD_ADDRESS
export TEST_IMAGE=$TEST_IMAGE
export TEST_IMAGE_CTR=$ctr_ref
export TEST_CONTAINERD_NAMESPACE=$CTR_NS
export TEST_CONTAINERD_TASK_ROOT=$task_root
export TEST_LABEL=$TEST_LABEL
export CONTAINERS_CONF=$CONTAINERS_CONF
export TEST_PODMAN_IMAGE=$PODMAN_IMAGE
EOF
chmod 644 "$tmp_env" && mv -f "$tmp_env" "$ENV_FILE"   # atomic: a reader never sees half a file

# --- 6. checks: each proves something the tests rely on -------------------------------------------
out=$(docker run --rm --network none --label "$TEST_LABEL" busybox:latest sh -c 'echo ok')
[ "$out" = ok ] || die "docker run busybox:latest printed '$out'"
cid=$(docker run -d --network none --label "$TEST_LABEL" "$TEST_IMAGE" sleep 30)
pid=$(docker inspect -f '{{.State.Pid}}' "$cid")
cns=$(readlink "/proc/$pid/ns/net"); hns=$(readlink /proc/self/ns/net)
docker rm -f "$cid" >/dev/null
if [ -z "$cns" ] || [ "$cns" = "$hns" ]; then die "--network none container shares our netns ($cns)"; fi
out=$(ctr -a "$CONTAINERD_ADDRESS" -n "$CTR_NS" run --rm --label "$TEST_LABEL" "$ctr_ref" "cnt-check-$$" sh -c 'echo ok')
[ "$out" = ok ] || die "ctr run in namespace $CTR_NS printed '$out'"
out=$(podman run --rm --network none --label "$TEST_LABEL" "$PODMAN_IMAGE" sh -c 'echo ok')
[ "$out" = ok ] || die "podman run $PODMAN_IMAGE printed '$out'"
log "ready: docker run ok, own netns ok ($cns), ctr -n $CTR_NS run ok, podman run ok; env file: $ENV_FILE"
