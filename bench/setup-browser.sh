#!/usr/bin/env bash
# Installs Debian's Chromium and its WebDriver (/usr/bin/chromium, /usr/bin/chromedriver) for the
# browser tests, when they are missing. Idempotent: does nothing when both are present. Needs root
# (or sudo) and Debian's package archive; nothing is fetched from anywhere else.
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo=()
elif command -v sudo >/dev/null 2>&1; then
  sudo=(sudo)
else
  echo "setup-browser: chromium and chromium-driver are missing and this user cannot install them (run as root)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -q
"${sudo[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver
chromium --version
chromedriver --version
