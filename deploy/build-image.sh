#!/usr/bin/env bash
# Builds the agent's container image: a Java runtime jlink'ed from the host's JDK 17 with the modules in
# deploy/jlink-modules.txt, plus the shaded jar, into deploy/target/image-context/; then an unchanged
# `docker build -f deploy/Dockerfile` of that context. No registry is needed but for the base image
# (debian:bookworm-slim), which must exist locally or be pullable.
#
# Usage: deploy/build-image.sh [TAG]            (default TAG: container-netstat:dev)
#   JAR=path       the shaded jar (default runner-agent/target/container-netstat.jar; build it with
#                  `mvn -B -DskipTests package` at the root)
#   JDK_HOME=dir   the JDK whose jlink and jmods are used (default: the JDK of `jlink` on PATH); its
#                  version must be 17, the release the jar is compiled for
#   DOCKER_BUILDKIT defaults to 0 here: the classic builder uses a local base image without asking a
#                  registry (there is none here); set it to 1 where BuildKit and a registry are available
# Prints the image id on its last line.
set -euo pipefail
cd "$(dirname "$0")/.."

die() { echo "build-image: $*" >&2; exit 1; }
log() { echo "[build-image] $*" >&2; }

tag=${1:-container-netstat:dev}
jar=${JAR:-runner-agent/target/container-netstat.jar}
ctx=deploy/target/image-context
export DOCKER_BUILDKIT=${DOCKER_BUILDKIT:-0}

[ -f "$jar" ] || die "no $jar: build it first with 'mvn -B -DskipTests package'"
command -v docker >/dev/null || die "docker not found"
command -v python3 >/dev/null || die "python3 not found (it takes JNA's library out of the jar)"

if [ -z "${JDK_HOME:-}" ]; then
  jlink_bin=$(command -v jlink) || die "jlink not found: install a JDK 17 (openjdk-17-jdk-headless) or set JDK_HOME"
  JDK_HOME=$(dirname "$(dirname "$(readlink -f "$jlink_bin")")")
fi
[ -x "$JDK_HOME/bin/jlink" ] && [ -d "$JDK_HOME/jmods" ] || die "$JDK_HOME has no bin/jlink and jmods/ (a full JDK is needed)"
jdk_version=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$JDK_HOME/release")
case $jdk_version in
  17|17.*) ;;
  *) die "$JDK_HOME is Java '$jdk_version', not 17: set JDK_HOME to a JDK 17" ;;
esac
# The image's options include -XX:TrimNativeHeapInterval, which JDK 17 has from 17.0.9 on; an older JVM
# would refuse to start in the container, so refuse to build instead.
update=$(echo "$jdk_version" | sed -n 's/^17\.0\.\([0-9]*\).*/\1/p')
[ "${update:-0}" -ge 9 ] || die "$JDK_HOME is Java '$jdk_version': the image's JVM options need 17.0.9 or later"

# One module a line in the file; '#' starts a comment.
modules=$(sed 's/#.*//' deploy/jlink-modules.txt | tr -s ' \t' '\n' | grep -v '^$' | paste -sd, -)
[ -n "$modules" ] || die "deploy/jlink-modules.txt names no module"

# --strip-debug etc.: no debug attributes, headers or man pages. No --compress: a compressed module
#   image saved ~25 MB of image but cost ~6 MB of resident memory and more CPU at start (measured here).
# --generate-cds-archive: a class-data sharing archive of the runtime's own classes; it starts faster
#   and used ~3 MB less memory (measured). classes_nocoops.jsa serves only heaps without compressed oops
#   (over 32 GB): removed, it is 11 MB the agent (-Xmx24m) never maps.
jlink_opts="--strip-debug --no-header-files --no-man-pages --strip-native-debug-symbols=exclude-debuginfo-files --generate-cds-archive"
stamp="$JDK_HOME $jdk_version $(sha256sum "$JDK_HOME/lib/modules" | cut -c1-16) | $modules | $jlink_opts"
mkdir -p "$ctx"
if [ "$(cat "$ctx/runtime.stamp" 2>/dev/null)" != "$stamp" ] || [ ! -x "$ctx/runtime/bin/java" ]; then
  log "jlink from $JDK_HOME ($jdk_version): $modules"
  start=$SECONDS
  rm -rf "$ctx/runtime" "$ctx/runtime.stamp"
  # shellcheck disable=SC2086  # $jlink_opts is a word list
  "$JDK_HOME/bin/jlink" --add-modules "$modules" $jlink_opts --output "$ctx/runtime"
  rm -f "$ctx/runtime/lib/server/classes_nocoops.jsa"
  echo "$stamp" > "$ctx/runtime.stamp"
  log "runtime: $(du -sh "$ctx/runtime" | cut -f1) in $((SECONDS - start)) s"
else
  log "runtime unchanged: reusing $ctx/runtime ($(du -sh "$ctx/runtime" | cut -f1))"
fi

cp "$jar" "$ctx/container-netstat.jar"
cp runner-agent/src/main/cds/container-netstat.classlist "$ctx/container-netstat.classlist"
# JNA's native library for this machine's architecture (the image is built for it): the agent loads it
# from there instead of unpacking it from the jar into /tmp at each start.
runner-agent/scripts/jna-library.sh "$jar" "$ctx/libjnidispatch.so" || die "cannot take JNA's library out of $jar"

# first line of --version: "container-netstat VERSION (revision REV)", REV from mvn -Dbuild.revision
version_line=$("$JDK_HOME/bin/java" -jar "$jar" --version 2>/dev/null | head -n 1)
version=$(sed -n 's/^container-netstat \([^ ]*\).*/\1/p' <<<"$version_line")
revision=$(sed -n 's/.*(revision \([^)]*\)).*/\1/p' <<<"$version_line")
[ "${revision:-unknown}" != unknown ] \
  || log "the jar names no revision: build it with mvn -B package -Dbuild.revision=\$(git rev-parse --short=12 HEAD)"
log "docker build -f deploy/Dockerfile -t $tag $ctx (version ${version:-unknown}, revision ${revision:-unknown})"
start=$SECONDS
# --network none: the one RUN step (the class-data-sharing dump) needs no network, and the test daemon
# runs without a bridge
docker build -q --network none -f deploy/Dockerfile --build-arg "VERSION=${version:-unknown}" --build-arg "REVISION=${revision:-unknown}" -t "$tag" "$ctx" >/dev/null
log "built $tag in $((SECONDS - start)) s: $(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.1f MB", $1 / 1e6}')"
docker image inspect -f '{{.Id}}' "$tag"
