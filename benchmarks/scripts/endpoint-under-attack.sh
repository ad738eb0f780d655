#!/usr/bin/env bash
# Times a Prometheus scrape of the real agent while hostile clients hold its endpoint.
#
#   benchmarks/scripts/endpoint-under-attack.sh [N=300] [SLOWLORIS=100] [SCRAPERS=200] [PROBES=15]
#
# Runs the shaded jar as a daemon (--sink prometheus, the production JVM options of USAGE.md, resolver
# netns) over N real network namespaces (`unshare -n`), inside a PID namespace of its own so that it sees
# exactly those. Then it times PROBES scrapes (`curl -w %{time_total}`, gzip, as Prometheus asks) in three
# phases, and prints the median and the maximum of each:
#   quiet       nothing else going on;
#   slowloris   SLOWLORIS connections that each sent "GET /metr" and nothing more, held open and
#               reopened as the agent closes them (python3 on loopback);
#   flood       SCRAPERS clients scraping /metrics uncompressed back to back, all at once.
# A probe that does not get 200 within 10 s fails the run. Needs root, unshare, python3, curl and the
# built jar (mvn -B package). Stops everything it started by PID. CI does not run it; its figures are in
# runner-agent/PERFORMANCE.md.
set -euo pipefail
self=$(readlink -f "$0")
cd "$(dirname "$self")/../.."
if [ "${ATTACK_INSIDE:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }
  exec env ATTACK_INSIDE=1 unshare --pid --fork --mount-proc "$self" "$@"
fi
N=${1:-300}; SLOW=${2:-100}; SCRAPERS=${3:-200}; PROBES=${4:-15}
JAR=$PWD/runner-agent/target/container-netstat.jar
[ -f "$JAR" ] || { echo "build the jar first: mvn -B package -DskipTests" >&2; exit 1; }
work=$(mktemp -d)
pids=(); ns_pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${ns_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
for ((i = 0; i < N; i++)); do unshare -n --fork --kill-child sleep 900 & ns_pids+=($!); done

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -Xmx10m -Xmn3m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 \
  -XX:CompileThresholdScaling=50 -XX:MaxMetaspaceSize=64m -XX:MaxDirectMemorySize=16m \
  -Djdk.nio.maxCachedBufferSize=262144 -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData \
  -jar "$JAR" --sink prometheus --listen "127.0.0.1:$port" --interval 5s --resolver netns --no-filesystems \
  2> "$work/agent.log" &
agent=$!; pids+=($agent)
for _ in $(seq 200); do curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done

cat > "$work/attack.py" <<'PY'
import socket, sys, threading, time
mode, port, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def slowloris():
    while True:                      # hold one half-sent request; reopen when the agent closes it
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=30)
            s.sendall(b"GET /metr")
            while s.recv(4096):
                pass
        except OSError:
            time.sleep(0.05)
def scraper():
    req = b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    while True:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=60)
            s.sendall(req)
            while s.recv(65536):
                pass
            s.close()
        except OSError:
            time.sleep(0.05)
for _ in range(count):
    threading.Thread(target=slowloris if mode == "slowloris" else scraper, daemon=True).start()
print("ready", flush=True)
threading.Event().wait()
PY

probe() { # phase: PROBES timed scrapes, prints "phase median max" in ms
  local t out=()
  for ((i = 0; i < PROBES; i++)); do
    t=$(curl -fsS --compressed -m 10 -o /dev/null -w '%{time_total}' "http://127.0.0.1:$port/metrics") \
      || { echo "$1: a probe scrape failed; agent log:" >&2; cat "$work/agent.log" >&2; exit 1; }
    out+=("$(awk -v t="$t" 'BEGIN { printf "%.1f", t * 1000 }')")
    sleep 0.2
  done
  printf '%s\n' "${out[@]}" | sort -n | awk -v phase="$1" '{ a[NR] = $1 } END {
    printf "%-10s probes %d  median %7.1f ms  max %7.1f ms\n", phase, NR, a[int((NR + 1) / 2)], a[NR] }'
}
attack() { # mode count: starts the attackers and waits until they are connected
  python3 "$work/attack.py" "$1" "$port" "$2" > "$work/$1.ready" &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$work/$1.ready" ] && break; sleep 0.1; done
  sleep 1
}

echo "agent: $(grep -m1 started "$work/agent.log" | sed 's/.*started: //')"
probe quiet
attack slowloris "$SLOW"
echo "open connections to the agent during slowloris: $(ss -tn state established "( sport = :$port )" | tail -n +2 | wc -l)"
probe slowloris
kill "${pids[-1]}"; unset 'pids[-1]'
attack flood "$SCRAPERS"
probe flood
echo "agent alive: $(kill -0 "$agent" 2>/dev/null && echo yes || echo no); VmRSS $(awk '/^VmRSS:/ {print $2}' /proc/$agent/status) kB"
grep -c OutOfMemoryError "$work/agent.log" | sed 's/^/OutOfMemoryError in the log: /' || true
