#!/usr/bin/env bash
# Runs every benchmark of PERFORMANCE.md with the commands it quotes, one JMH run per table, and keeps
# each run's log and JSON results in OUT (default: benchmarks/target/results-<date>). Not CI: it takes
# about 40 minutes, needs root for the real-namespace runs, and busybox-static, iproute2, util-linux.
# The Docker resolution benchmark is separate: benchmarks/scripts/docker-resolution.sh.
#
# Usage: benchmarks/scripts/run-all.sh [OUT] ; ONLY="perfile cycle" runs a subset
# (names: realnetns cycle connections render perfile sockdiag).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
jar="$top/benchmarks/target/benchmarks.jar"
out=${1:-$top/benchmarks/target/results-$(date +%Y%m%d-%H%M%S)}
only=${ONLY:-realnetns cycle connections render perfile sockdiag}
mkdir -p "$out"
[ -f "$jar" ] || (cd "$top" && mvn -B -q -pl benchmarks -am package -DskipTests)

{
  echo "date: $(date -Is)"
  echo "nproc: $(nproc)"
  echo "kernel: $(uname -r)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | xargs)"
  echo "memory: $(free -m | awk '/^Mem:/ { print $2 " MB" }')"
  echo "java: $(java -version 2>&1 | head -2 | tr '\n' ' ')"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$out/machine.txt"

run() {
  local name=$1
  shift
  case " $only " in *" $name "*) ;; *) return 0 ;; esac
  echo "== $name: java -jar benchmarks/target/benchmarks.jar $*" | tee -a "$out/commands.txt"
  java -jar "$jar" "$@" -rf json -rff "$out/$name.json" >"$out/$name.log" 2>&1 \
    || { tail -50 "$out/$name.log"; echo "run-all: $name failed" >&2; exit 1; }
  echo "load after $name: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$out/machine.txt"
}

# Side by side in one run: this project (held, open-read-close), the naive Java reader, nsenter + ss.
run realnetns 'RealNetns.*' -prof gc
run cycle CollectCycleBenchmark -prof gc
run connections ConnectionsBenchmark -prof gc
run render RenderBenchmark -prof gc
run perfile PerFileBenchmark -prof gc
# sock_diag at 300 namespaces against 100 to 100,000 host connections (about 14 minutes; never CI).
run sockdiag SockDiagCostBenchmark -prof gc
echo "results in $out"
