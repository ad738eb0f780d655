#!/usr/bin/env bash
# Regenerates runner-agent/src/main/cds/container-netstat.classlist: the classes the agent loads as a
# daemon with both sinks, scraped in every format and gzip, pushing to a receiver, over 50 real network
# namespaces (the workload of measure-rss.sh, which this runs with -XX:DumpLoadedClassList). Needs what
# measure-rss.sh needs (root, unshare, python3, curl, the built jar). Commit the result: the image build and
# runtime-files.sh dump the archive from it. Classes it misses still load, from the jar, as without an archive.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."
list=runner-agent/src/main/cds/container-netstat.classlist
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
rt=$(mktemp -d)
trap 'rm -rf "$tmp" "$rt"' EXIT
# With JNA's library given, as in production: otherwise the list would hold the ~130 security classes its
# unpacking loads, which the archive would then map at every start for nothing.
opts=$(runner-agent/scripts/runtime-files.sh "$rt") || { echo "runtime-files.sh failed" >&2; exit 1; }
read -r -a files <<< "$opts"
MEASURE_RSS_SCRAPE_ALL=1 runner-agent/scripts/measure-rss.sh 50 20 -Xmx24m -XX:+UseSerialGC \
  "${files[@]:1}" -XX:DumpLoadedClassList="$tmp" > /dev/null
# Hidden classes (lambda proxies are listed as @lambda-proxy lines) and the JDK's own generated holders
# are recreated at dump time from those lines.
# The protobuf format's classes (the Prometheus client's shaded protobuf and its generated messages, ~130)
# are left out: Prometheus asks for it only with native histograms enabled, and every class in the archive
# costs its pages at every start (the JVM relocates the archive, touching all of it): 1.4 MB resident
# (PERFORMANCE.md). A protobuf scrape still works; its classes then load from the jar.
grep -v -e '^#' -e 'com_google_protobuf' -e 'expositionformats/generated/' -e 'PrometheusProtobufWriter' "$tmp" > "$list"
echo "$list: $(grep -cv '^@' "$list") classes, $(grep -c '^@' "$list") lambda lines"
