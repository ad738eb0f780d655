#!/usr/bin/env bash
# Prepares the two files the production JVM options (USAGE.md) point at, for one java and one jar:
#   OUT/container-netstat.jsa  a class-data-sharing archive of the classes the daemon loads
#                              (runner-agent/src/main/cds/container-netstat.classlist), mapped by every
#                              start instead of the JDK's default archive plus those classes in metaspace;
#   OUT/libjnidispatch.so      JNA's native library, taken from the jar once, so that JNA neither unpacks
#                              it into a temporary file at each start (File.createTempFile initialises
#                              SecureRandom and the security providers: ~130 classes) nor needs a
#                              writable /tmp (a read-only root file system works).
# Together about 4 MB of resident memory at 300 namespaces (PERFORMANCE.md).
#
#   runner-agent/scripts/runtime-files.sh [OUT=runner-agent/target/runtime] [JAR] [JAVA]
#
# JAR defaults to runner-agent/target/container-netstat.jar, JAVA to `java`. It prints the options to add:
#   -XX:SharedArchiveFile=OUT/container-netstat.jsa -Djna.boot.library.path=OUT -Djna.nounpack=true
#   -Djna.platform.library.path=<the directory of this system's libc>
# Paths are made absolute (relative ones are read from the directory the script is called in). The
# archive is valid only for that java binary and that jar at that absolute path (the JVM checks the jar's
# path, size and time): run `java ... -jar <the jar's absolute path>`. A stale or mismatched archive is not
# fatal: the JVM starts without it, silently unless given -Xshare:on (which then refuses to start) or
# -Xlog:cds. After changes that load other classes, regenerate the class list with
# runner-agent/scripts/cds-classlist.sh.
set -euo pipefail
out=$(realpath -m "${1:-runner-agent/target/runtime}")
jar=$(realpath -m "${2:-runner-agent/target/container-netstat.jar}")
java=${3:-java}
cd "$(dirname "$(readlink -f "$0")")/../.."
list=runner-agent/src/main/cds/container-netstat.classlist
[ -f "$jar" ] || { echo "runtime-files: no $jar: build it first (mvn -B -DskipTests package)" >&2; exit 1; }
mkdir -p "$out"
runner-agent/scripts/jna-library.sh "$jar" "$out/libjnidispatch.so"
# Heap and GC as in production, so that nothing about the archive has to be adapted at start.
"$java" -Xshare:dump -XX:SharedClassListFile="$list" -XX:SharedArchiveFile="$out/container-netstat.jsa" \
  -Xmx10m -XX:+UseSerialGC -Xlog:cds=error -Xlog:cds+dynamic=error -cp "$jar" > /dev/null
# Where this system's libc is: given as JNA's platform library path, JNA does not run `ldconfig -p` (a
# process, its reaper thread and ~25 classes) at its first use to find it.
libc=$(python3 -c 'import ctypes, re; ctypes.CDLL("libc.so.6"); print([l.split()[-1] for l in open("/proc/self/maps") if re.search(r"/libc[.-][^/]*so", l)][0])')
echo "-XX:SharedArchiveFile=$out/container-netstat.jsa -Djna.boot.library.path=$out -Djna.nounpack=true -Djna.platform.library.path=$(dirname "$libc")"
