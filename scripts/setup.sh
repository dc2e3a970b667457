#!/bin/bash
# setup.sh: installs what Heeyu needs to build, run and test on Debian 12.
# Needs root for apt-get: run as root, or with sudo available.
set -euo pipefail

packages=(
  build-essential clang libclang-rt-14-dev meson ninja-build pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libgtk-4-bin libadwaita-1-dev blueprint-compiler
  libsqlite3-dev sqlite3 libjson-glib-dev zlib1g-dev libcurl4-openssl-dev libsecret-1-dev
  libsoup-3.0-dev libpq-dev postgresql libxlsxwriter-dev libcairo2-dev
  desktop-file-utils appstream fonts-nanum
  xvfb xauth imagemagick dbus dbus-x11 gnome-keyring at-spi2-core poppler-utils openssl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages are installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "setup: installing ${missing[*]} needs root (run as root or install sudo)" >&2; exit 1; }
  sudo=sudo
fi

echo "setup: installing ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
