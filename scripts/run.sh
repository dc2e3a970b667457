#!/bin/bash
# run.sh: installs what is needed, builds, and runs Heeyu from the build tree
# on its bundled sample data.  Extra arguments go to heeyu (e.g. --status).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
[ -f build/build.ninja ] || meson setup build
meson compile -C build

export GSETTINGS_SCHEMA_DIR="$PWD/build/resources"
export HEEYU_LOCALEDIR="$PWD/build/po"
# The locale must not be plain C, or LANGUAGE=ko is ignored.
case "${LANG:-C}" in C|POSIX) export LANG=C.UTF-8 ;; esac
exec ./build/app/heeyu "$@"
