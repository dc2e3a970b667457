#!/bin/bash
# test.sh: installs what is needed, builds, and runs every test suite
# (core, ui under Xvfb, server and sync against a PostgreSQL and HTTPS server
# that the tests start themselves).  Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

fail() { echo "$1" >&2; echo "0 passed, 1 failed"; exit 1; }

bash scripts/setup.sh || fail "setup: package install failed"
[ -f build/build.ninja ] || meson setup build || fail "meson setup failed"
meson compile -C build || fail "build failed"

rm -f build/meson-logs/testlog.json
xvfb-run -a -s '-screen 0 1920x1080x24' \
  env GTK_A11Y=none GSK_RENDERER=cairo GSETTINGS_BACKEND=memory \
  meson test -C build --print-errorlogs --num-processes 2 "$@"
rc=$?

python3 scripts/test-summary.py build/meson-logs/testlog.json
summary=$?
exit $(( rc != 0 ? rc : summary ))
