#!/bin/bash
# with-keyring.sh CMD [ARGS...]
#
# Runs CMD in a private D-Bus session with a real gnome-keyring-daemon
# (Secret Service), unlocked, in a temporary HOME that is removed on exit.
# The keyring never prompts: it is created unlocked with a fixed password.
set -euo pipefail

if ! command -v gnome-keyring-daemon >/dev/null || ! command -v dbus-run-session >/dev/null; then
  echo "with-keyring.sh: needs gnome-keyring-daemon and dbus-run-session" >&2
  exit 1
fi

K=$(mktemp -d "${TMPDIR:-/tmp}/heeyu-keyring.XXXXXX")
trap 'rm -rf "$K"' EXIT
export HOME=$K XDG_DATA_HOME=$K/.local/share XDG_CACHE_HOME=$K/.cache XDG_CONFIG_HOME=$K/.config
export XDG_RUNTIME_DIR=$K/run
mkdir -p "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME"
chmod 700 "$XDG_RUNTIME_DIR"

set +e
dbus-run-session -- bash -c '
  # The password on stdin must not end with a newline.
  eval "$(printf %s "heeyu-test-keyring" | gnome-keyring-daemon --unlock --components=secrets)"
  export GNOME_KEYRING_CONTROL
  "$@"
  rc=$?
  kill "$GNOME_KEYRING_PID" 2>/dev/null
  exit $rc' bash "$@" 2> >(grep -v "Failed to set fd limit" >&2)
rc=$?
exit $rc
