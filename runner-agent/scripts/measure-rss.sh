#!/usr/bin/env bash
# Measures the agent's resident memory with both sinks active over N real network namespaces.
#
#   runner-agent/scripts/measure-rss.sh [N=300] [SECONDS=180] [JVM options...]
#
# Needs root, unshare, python3, curl and the built jar (mvn -B package). It runs in a PID namespace of
# its own with its own /proc (unshare --pid --mount-proc), so the agent sees exactly the namespaces made
# here and not those of whatever else runs on the machine. It creates N namespaces with
# `unshare -n --fork --kill-child sleep 900` (one PID each), starts an open-falcon receiver on 127.0.0.1
# (python3, answers "success"), runs the agent as a daemon with --sink prometheus --sink openfalcon
# --interval 1s --resolver netns, scrapes /metrics every second (alternating gzip and uncompressed), samples VmRSS from /proc/<pid>/status
# every second, then stops everything it started by PID and prints the figures. With no JVM options it
# uses the production ones from USAGE.md, with the class-data-sharing archive and JNA library that
# runtime-files.sh prepares for the java it runs (MEASURE_RSS_RUNTIME_FILES=0: without them). Environment: MEASURE_RSS_JAVA (the java binary, for example a
# jlinked runtime's), MEASURE_RSS_SINKS (default "prometheus openfalcon"), MALLOC_ARENA_MAX (passed on),
# MEASURE_RSS_NMT=1 (with -XX:NativeMemoryTracking=summary: print NMT, heap, histogram, pmap at the end),
# MEASURE_RSS_HEAPDUMP=FILE (write a heap dump of the live objects there at the end),
# MEASURE_RSS_FALCON_URL (push there instead, for example to a closed port: a receiver that is down),
# MEASURE_RSS_SCRAPERS=N (N more clients scraping /metrics uncompressed back to back: a heap stress),
# MEASURE_RSS_AGENT_ARGS (more agent options, split on spaces, for example "--files sockstat,snmp,netstat"),
# MEASURE_RSS_JVM_EXTRA (JVM options added after the others, split on spaces: a change measured against
# the production options), MEASURE_RSS_FLOOR=1 (time the same reads with readlink and cat: the floor).
# It also prints what a cycle costs over the last two thirds of the run: the median of the agent's own
# container_netstat_agent_collection_duration_seconds, of the scrapes' time, and the agent's CPU per second
# (one collection and one scrape each second).
set -euo pipefail
self=$(readlink -f "$0")
cd "$(dirname "$self")/../.."
if [ "${MEASURE_RSS_INSIDE:-}" != 1 ]; then
  [ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }
  exec env MEASURE_RSS_INSIDE=1 unshare --pid --fork --mount-proc "$self" "$@"
fi
N=${1:-300}; SECS=${2:-180}; shift $(( $# > 2 ? 2 : $# ))
JVM=("$@")
JAR=$PWD/runner-agent/target/container-netstat.jar   # absolute: the archive records the path
[ -f "$JAR" ] || { echo "build the jar first: mvn -B package -DskipTests" >&2; exit 1; }

work=$(mktemp -d)
if [ ${#JVM[@]} -eq 0 ]; then   # the production options of USAGE.md, with an archive dumped for this java
  JVM=(-Xmx10m -Xmn3m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1
    -XX:CompileThresholdScaling=50 -XX:MaxMetaspaceSize=64m -XX:MaxDirectMemorySize=16m
    -Djdk.nio.maxCachedBufferSize=262144 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000
    -XX:+ExitOnOutOfMemoryError -XX:-UsePerfData)
  if [ "${MEASURE_RSS_RUNTIME_FILES:-1}" = 1 ]; then
    opts=$(runner-agent/scripts/runtime-files.sh "$work/runtime" "$JAR" "${MEASURE_RSS_JAVA:-java}") \
      || { echo "runtime-files.sh failed" >&2; exit 1; }
    read -r -a files <<< "$opts"
    JVM+=("${files[@]}")
  fi
fi
read -r -a extra <<< "${MEASURE_RSS_JVM_EXTRA:-}"
JVM+=("${extra[@]}")
cpu_ticks() { awk '{print $14 + $15}' "/proc/$agent/stat"; }   # utime + stime of the agent
median_ms() { sort -g "$1" | awk '{v[NR] = $1} END {if (NR) printf "%.1f", 1000 * v[int((NR + 1) / 2)]; else printf "-"}'; }
pids=()       # receiver and agent: SIGTERM
ns_pids=()    # unshare processes: SIGKILL (unshare --fork blocks SIGTERM; --kill-child then kills sleep)
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${ns_pids[@]}"; do kill -KILL "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

for ((i = 0; i < N; i++)); do
  unshare -n --fork --kill-child sleep 900 &
  ns_pids+=($!)
done

cat > "$work/receiver.py" <<'PY'
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get('Content-Length', 0)))
        self.send_response(200); self.send_header('Content-Length', '7'); self.end_headers()
        self.wfile.write(b'success')
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(('127.0.0.1', 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
PY
python3 "$work/receiver.py" > "$work/receiver.port" &
pids+=($!)
for _ in $(seq 50); do [ -s "$work/receiver.port" ] && break; sleep 0.1; done
fport=$(cat "$work/receiver.port")
mport=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')

sinks=()
for s in ${MEASURE_RSS_SINKS:-prometheus openfalcon}; do sinks+=(--sink "$s"); done
"${MEASURE_RSS_JAVA:-java}" "${JVM[@]}" -jar "$JAR" "${sinks[@]}" --listen "127.0.0.1:$mport" \
  --falcon-url "${MEASURE_RSS_FALCON_URL:-http://127.0.0.1:$fport/v1/push}" --interval 1s --resolver netns ${MEASURE_RSS_AGENT_ARGS:-} 2> "$work/agent.log" &
agent=$!
pids+=($agent)
case " ${MEASURE_RSS_SINKS:-prometheus} " in *" prometheus "*) scrape=1 ;; *) scrape=0 ;; esac
for _ in $(seq 100); do (( scrape )) || break; curl -fs "http://127.0.0.1:$mport/healthz" >/dev/null && break; sleep 0.1; done

# MEASURE_RSS_SCRAPERS=N: N more clients scraping uncompressed back to back (a stress of the heap)
for ((i = 0; i < ${MEASURE_RSS_SCRAPERS:-0}; i++)); do
  (while curl -fs -o /dev/null "http://127.0.0.1:$mport/metrics"; do :; done) &
  pids+=($!)
done
if (( scrape )) && [ -n "${MEASURE_RSS_SCRAPE_ALL:-}" ]; then   # every format once (cds-classlist.sh)
  base="http://127.0.0.1:$mport"
  for accept in "application/openmetrics-text; version=1.0.0" \
      "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited" "text/plain"; do
    curl -fs -o /dev/null -H "Accept: $accept" "$base/metrics"
  done
  for path in "/metrics?debug=openmetrics" "/metrics?debug=prometheus-protobuf" "/metrics?name[]=container_sockstat_TCP_inuse" \
      /healthz /; do
    curl -fs -g -o /dev/null "$base$path"
  done
  curl -fs -I -o /dev/null "$base/metrics"
fi
max=0; last=0; series=0
warm=$((SECS / 3))   # the cost figures leave out the first third: classes loading, code compiling
: > "$work/cycles"; : > "$work/gzip"; : > "$work/plain"
for ((t = 0; t < SECS; t++)); do
  (( t == warm )) && cpu0=$(cpu_ticks)
  if (( scrape && t % 2 == 0 )); then      # as Prometheus asks: gzip
    took=$(curl -fs --compressed -o /dev/null -w '%{time_total}' "http://127.0.0.1:$mport/metrics")
    (( t >= warm )) && echo "$took" >> "$work/gzip"
  elif (( scrape )); then                  # as a person with curl asks: uncompressed, the largest response
    took=$(curl -fs -o "$work/page" -w '%{time_total}' "http://127.0.0.1:$mport/metrics")
    series=$(grep -c '^container_sockstat_TCP_inuse{' "$work/page" || true)
    if (( t >= warm )); then
      echo "$took" >> "$work/plain"
      awk '/^container_netstat_agent_collection_duration_seconds / {print $2}' "$work/page" >> "$work/cycles"
    fi
  fi
  if ! last=$(awk '/^VmRSS:/ {print $2}' "/proc/$agent/status" 2>/dev/null); then
    echo "the agent exited after ${t}s; its log:" >&2
    cat "$work/agent.log" >&2
    exit 1
  fi
  (( last > max )) && max=$last
  sleep 1
done
cpu1=$(cpu_ticks)
hwm=$(awk '/^VmHWM:/ {print $2}' "/proc/$agent/status")
threads=$(awk '/^Threads:/ {print $2}' "/proc/$agent/status")
fds=$(ls "/proc/$agent/fd" | wc -l)
echo "namespaces created: $N; namespaces exported: $series (the host's own is not exported)"
echo "java: ${MEASURE_RSS_JAVA:-java} ($("${MEASURE_RSS_JAVA:-java}" -version 2>&1 | head -n 1)); sinks: ${MEASURE_RSS_SINKS:-prometheus openfalcon}"
echo "JVM options: ${JVM[*]}${MALLOC_ARENA_MAX:+ (environment: MALLOC_ARENA_MAX=$MALLOC_ARENA_MAX)}"
echo "VmRSS after ${SECS}s: $((last / 1024)) MB ($last kB); max sampled: $((max / 1024)) MB ($max kB); VmHWM: $((hwm / 1024)) MB"
echo "$(grep -E '^Rss(Anon|File|Shmem)' "/proc/$agent/status" | tr -s ' \t' ' ' | paste -sd ';')"
if (( scrape )); then
  # one collection (the agent's own gauge) and one scrape a second: the agent's CPU per second is their cost
  read_ns=$(awk -F' ' '/^container_netstat_agent_namespaces\{state="read"\}/ {print $2}' "$work/page")
  not_read=$(awk '/^container_netstat_agent_namespaces_not_collected / {print $2}' "$work/page")
  echo "cost (medians of the last $((SECS - warm)) s): collection $(median_ms "$work/cycles") ms; scrape gzip $(median_ms "$work/gzip") ms, uncompressed $(median_ms "$work/plain") ms; agent CPU $(( (cpu1 - cpu0) * 1000 / $(getconf CLK_TCK) / (SECS - warm) )) ms per second; namespaces read ${read_ns:-?}, not collected ${not_read:-?}"
fi
if [ -n "${MEASURE_RSS_FLOOR:-}" ]; then
  # the floor of the same read work with plain tools, in this PID namespace: one readlink of every
  # process's ns/net (the scan), then one cat of the files of each namespace (open, read, close)
  files=()
  for p in "${ns_pids[@]}"; do for f in ${MEASURE_RSS_FLOOR_FILES:-sockstat sockstat6 snmp}; do files+=("/proc/$p/net/$f"); done; done
  : > "$work/floor"
  for _ in 1 2 3 4 5 6 7; do
    t0=$(date +%s%N)
    readlink /proc/[0-9]*/ns/net > /dev/null 2>&1 || true
    printf '%s\0' "${files[@]}" | xargs -0 cat > /dev/null
    echo "$(( $(date +%s%N) - t0 ))e-9" >> "$work/floor"
  done
  echo "floor (median of 7: readlink every ns/net, cat the files of the $N namespaces): $(median_ms "$work/floor") ms"
fi
echo "threads: $threads; open descriptors: $fds; OutOfMemoryError in the log: $(grep -c OutOfMemoryError "$work/agent.log" || true)"
if [ -n "${MEASURE_RSS_NMT:-}" ]; then   # run with MEASURE_RSS_NMT=1 and -XX:NativeMemoryTracking=summary
  jcmd "$agent" VM.native_memory summary | grep -E '^(Total|-)' || true
  jcmd "$agent" GC.heap_info || true
  jcmd "$agent" Thread.print | grep -o '^"[^"]*"' | paste -sd " " || true
  jcmd "$agent" GC.class_histogram | head -n "${MEASURE_RSS_HISTO:-25}" || true
  grep -E '^(Rss|Pss)' "/proc/$agent/smaps_rollup" || true
  grep -E 'RssAnon|RssFile' "/proc/$agent/status" || true
  pmap -x "$agent" | sort -k3 -n -r | head -n 25 || true
fi
if [ -n "${MEASURE_RSS_HEAPDUMP:-}" ]; then
  jcmd "$agent" GC.heap_dump "$MEASURE_RSS_HEAPDUMP" >/dev/null
fi
grep -v '^\s' "$work/agent.log" | head -n 5
