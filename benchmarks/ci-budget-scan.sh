#!/usr/bin/env bash
# The process scan against its C floor (issue 16, goal 1; called by .ci/run after ci-budget.sh): builds
# the floor program (src/main/c/scan-floor.c, with cc) and runs ScanFloorComparison, which alternates in
# one process the netns resolver's steady-state cycle (what `--resolver netns --no-filesystems` collects:
# sockstat, sockstat6, snmp) and the floor doing the same kernel work, on NAMESPACES real namespaces it
# creates (NamespaceFarm). Prints both medians and their ratio; fails (exit 1) only when the ratio is above
# MARK (default 3: loose, so the noise of a shared machine never fails CI; the target is 1.25, see
# PERFORMANCE.md).
#
# Cleanup: the farm's processes are killed by PID when the comparison ends, fails or is stopped (SIGTERM,
# Ctrl-C: its shutdown hook); if the JVM is killed outright, every namespace holder ends with its pipe.
# Needs root, util-linux, busybox (busybox-static), cc. About 40 s at 300 namespaces.
# Environment: NAMESPACES (default 300; a list such as 300,1000 measures each), MARK, JAVA, JAR (default
# benchmarks/target/benchmarks.jar, built with -DskipTests when missing), ROUNDS (10), CYCLES per round
# and side (20), WARMUP rounds (5).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
jar=${JAR:-$here/target/benchmarks.jar}
mark=${MARK:-3}
java=${JAVA:-java}

if [ ! -f "$jar" ]; then
  echo "ci-budget-scan: $jar missing, building it"
  (cd "$top" && mvn -B -q -pl benchmarks -am package -DskipTests)
fi
if ! command -v cc >/dev/null && [ "${CI:-}" = true ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "ci-budget-scan: cc missing, installing Debian's gcc (a fresh CI machine)"
  apt-get install -y -q --no-install-recommends gcc libc6-dev >/dev/null
fi
command -v cc >/dev/null || { echo "ci-budget-scan: FAIL: cc not found (Debian: gcc)"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cc -O2 -Wall -o "$work/scan-floor" "$here/src/main/c/scan-floor.c"

echo "ci-budget-scan: $(nproc) cores, kernel $(uname -r), load $(cut -d' ' -f1-3 /proc/loadavg)"
if ! "$java" -cp "$jar" io.containernetstat.benchmarks.ScanFloorComparison "$work/scan-floor" \
    "${NAMESPACES:-300}" "${ROUNDS:-10}" "${CYCLES:-20}" "${WARMUP:-5}" >"$work/out.log" 2>&1; then
  cat "$work/out.log"
  echo "ci-budget-scan: FAIL: the comparison failed (output above)"
  exit 1
fi
cat "$work/out.log"
awk -v mark="$mark" '
  /^scan-floor: / { n++; ratio = $NF + 0
    if (ratio > mark + 0) { printf "ci-budget-scan: FAIL: the netns cycle is %.2fx the C floor at %s namespaces, above the mark of %sx\n", ratio, $2, mark; failed = 1 } }
  END { if (n == 0) { print "ci-budget-scan: FAIL: no result line"; exit 1 }; exit failed }' "$work/out.log" || exit 1
echo "ci-budget-scan: OK (mark ${mark}x)"
