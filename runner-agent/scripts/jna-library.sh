#!/usr/bin/env bash
# Copies JNA's native library for this machine's architecture out of the agent's jar, so that the agent can
# load it from a directory (-Djna.boot.library.path, -Djna.nounpack=true) instead of unpacking it into /tmp
# at each start. Used by runtime-files.sh (plain-jar runs) and deploy/build-image.sh (the image).
#
#   runner-agent/scripts/jna-library.sh JAR OUT_FILE
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: jna-library.sh JAR OUT_FILE" >&2; exit 2; }
case $(uname -m) in
  x86_64) arch=linux-x86-64 ;;
  aarch64) arch=linux-aarch64 ;;
  *) echo "jna-library: no JNA library for $(uname -m) here" >&2; exit 1 ;;
esac
python3 - "$1" "com/sun/jna/$arch/libjnidispatch.so" "$2" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open(sys.argv[2]) as src, open(sys.argv[3], 'wb') as dst:
    shutil.copyfileobj(src, dst)
PY
