#!/usr/bin/env bash
# The agent's cost curve: for each count of real network namespaces, the whole daemon cycle (one
# collection plus one scrape a second), its CPU and resident memory, beside the floor of the same reads
# done with plain tools in the same run. For PERFORMANCE.md ("Cost curve"), so that an operator can size
# a node.
#
#   benchmarks/scripts/cost-curve.sh [COUNTS="1 10 100 300 1000 2000 5000"] [SECONDS=60]
#
# Each point is one run of runner-agent/scripts/measure-rss.sh (root; unshare, python3, curl, the built
# jar: mvn -B -DskipTests package): its own PID namespace with N namespaces made by `unshare -n --fork
# --kill-child sleep`, the image's JVM options (USAGE.md "Production JVM options", -Xmx10m) with the
# class-data archive, both sinks (open-falcon to a receiver on loopback), --interval 1s, /metrics scraped
# every second (gzip and uncompressed in turn), MEASURE_RSS_FLOOR=1 (the floor: one `readlink` of every
# process's ns/net, then one `cat` of the namespaces' files: open, read, close, each process started
# anew). measure-rss.sh stops every process it started by PID. With -Xmx10m the namespace limit
# (--max-namespaces auto) reads only what the heap holds: the table gives namespaces read and found, and
# for each count where not all were read a second run with the -Xmx the agent's warning names.
# COST_CURVE_MORE_HEAP=0 skips those runs. Extra JVM options for every run: MEASURE_RSS_JVM_EXTRA.
# Prints a Markdown table on stdout; each run's full output goes to stderr.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
counts=${1:-1 10 100 300 1000 2000 5000}
secs=${2:-60}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2} MEASURE_RSS_FLOOR=1
[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }
# three held descriptors a namespace and one a process: 5,000 need about 20,000 (where the hard limit is
# lower, the agent reads what the limit holds and says so; the table's "read" column shows it)
ulimit -n 65536 2>/dev/null || true
out=$(mktemp)
trap 'rm -f "$out"' EXIT

# run N EXTRA_JVM: one point; prints a table row, or the -Xmx the agent asks for on the last line
run() {
  local n=$1 extra=$2
  MEASURE_RSS_JVM_EXTRA="${MEASURE_RSS_JVM_EXTRA:-} $extra" runner-agent/scripts/measure-rss.sh "$n" "$secs" \
    > "$out" 2>&1 || { cat "$out" >&2; echo "| $n | measure-rss.sh failed (see stderr) |"; return; }
  cat "$out" >&2
  local cost rss floor
  cost=$(grep '^cost ' "$out")
  rss=$(grep '^VmRSS' "$out")
  floor=$(sed -n 's/^floor .*: \([0-9.]*\) ms$/\1/p' "$out")
  python3 - "$n" "${extra:-"-Xmx10m"}" "$cost" "$rss" "$floor" <<'PY'
import re, sys
n, heap, cost, rss, floor = sys.argv[1:]
f = lambda pat, s: (re.search(pat, s) or [None, "-"])[1]
coll, gz, cpu = f(r"collection ([\d.]+) ms", cost), f(r"gzip ([\d.]+) ms", cost), f(r"CPU (\d+) ms", cost)
read, notc = f(r"read ([\d.]+)", cost), f(r"not collected ([\d.]+)", cost)
found = int(float(read)) + int(float(notc)) if read != "-" and notc != "-" else "-"
end, peak = f(r"\((\d+) kB\); max", rss), f(r"max sampled: \d+ MB \((\d+) kB\)", rss)
mb = lambda kb: "-" if kb == "-" else "%.1f" % (int(kb) / 1024)
cycle = "-" if "-" in (coll, gz) else "%.1f" % (float(coll) + float(gz))
print(f"| {n} | {found} | {read.split('.')[0]} | {heap.replace('-Xmx', '')} | {coll} | {gz} | **{cycle}** | {cpu} "
      f"| {floor} | {mb(end)} | **{mb(peak)}** |")
PY
}

echo "| namespaces made | found (host's included) | read | -Xmx | collection ms | scrape (gzip) ms | cycle ms | agent CPU ms/s | floor ms | VmRSS end MB | VmRSS peak MB |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for n in $counts; do
  run "$n" ""
  # the agent names the heap that reads everything ("give the JVM -Xmx<N>m") when it read fewer
  want=$(grep -o 'give the JVM -Xmx[0-9]*m' "$out" | tail -n 1 | sed 's/.*-Xmx//' || true)
  if [ -n "$want" ] && [ "${COST_CURVE_MORE_HEAP:-1}" = 1 ]; then
    run "$n" "-Xmx$want"
  fi
done
