#!/usr/bin/env bash
# Tear down what up.sh started: first the test containers (label container-netstat-test=1), then
# the dockerd that up.sh recorded in its pid file (and that dockerd's containerd), by PID only.
# A dockerd that up.sh merely reused is left running. Safe to run when nothing is up.
set -euo pipefail
# shellcheck source=scripts/test-env/lib.sh
. "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || die "must run as root"
lock_state

# --- 1. test containers -------------------------------------------------------------------------
remove_test_containers

# --- 2. our dockerd -------------------------------------------------------------------------------
# Waits until the process recorded in pid file $1 is gone; SIGKILL after CNT_DOCKERD_TIMEOUT seconds.
stop_recorded() {
  local what=$1 file=$2 i
  recorded_alive "$file" || return 0
  log "stopping $what (pid $REC_PID)"
  kill -TERM "$REC_PID" 2>/dev/null || true
  for ((i = 0; i < CNT_DOCKERD_TIMEOUT; i++)); do recorded_alive "$file" || return 0; sleep 1; done
  log "$what did not exit within ${CNT_DOCKERD_TIMEOUT}s: SIGKILL"
  kill -KILL "$REC_PID" 2>/dev/null || true
  for ((i = 0; i < 10; i++)); do recorded_alive "$file" || return 0; sleep 1; done
  die "$what (pid $REC_PID) survived SIGKILL"
}

if recorded_alive "$DOCKERD_PIDFILE"; then
  # dockerd normally stops its own containerd; remember it in case dockerd has to be SIGKILLed
  cpid=$(pgrep -P "$REC_PID" -x containerd || true)
  [ -z "$cpid" ] || echo "$cpid $(proc_start "$cpid")" > "$CNT_STATE_DIR/containerd.pid"
  stop_recorded dockerd "$DOCKERD_PIDFILE"
  stop_recorded "dockerd's containerd" "$CNT_STATE_DIR/containerd.pid"
  rm -f "$ENV_FILE"   # it described the dockerd that is now gone
  log "dockerd stopped"
elif [ -e "$DOCKERD_PIDFILE" ]; then
  log "pid file $DOCKERD_PIDFILE names no live dockerd of ours: removing it"
elif docker_ok; then
  log "dockerd was not started by up.sh: leaving it running"
fi
rm -f "$DOCKERD_PIDFILE" "$CNT_STATE_DIR/containerd.pid"
