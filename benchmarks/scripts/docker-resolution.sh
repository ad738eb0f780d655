#!/usr/bin/env bash
# Docker resolution at steady state against a real dockerd with N running containers (not CI).
# Needs root. Uses scripts/test-env/up.sh for dockerd and the busybox image, starts N containers
# (--network none: each its own namespace, as a plain `docker run` would have), runs
# DockerResolutionBenchmark with -p containers=N, then removes exactly the containers it started.
#
# Usage: benchmarks/scripts/docker-resolution.sh [N] [extra JMH arguments...]   (N defaults to 50)
# Seen here: about 0.4 s and 12 MB per started container, so N=300 takes a few minutes and ~4 GB.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
jar="$top/benchmarks/target/benchmarks.jar"
n=${1:-50}
shift || true
label=container-netstat-bench=docker-resolution
image=container-netstat-test/busybox:latest

[ "$(id -u)" = 0 ] || { echo "must run as root" >&2; exit 1; }
[ -f "$jar" ] || (cd "$top" && mvn -B -q -pl benchmarks -am package -DskipTests)
"$top/scripts/test-env/up.sh" >&2
export DOCKER_HOST=unix:///var/run/docker.sock

ids=()
cleanup() {
  if [ "${#ids[@]}" -gt 0 ]; then
    echo "removing the ${#ids[@]} containers this script started" >&2
    docker rm -f "${ids[@]}" >/dev/null
  fi
}
trap cleanup EXIT

echo "starting $n containers" >&2
for ((i = 0; i < n; i++)); do
  ids+=("$(docker run -d --network none --label "$label" "$image" sleep 2147483647)")
done

java -jar "$jar" DockerResolutionBenchmark -p containers="$n" -prof gc "$@"
