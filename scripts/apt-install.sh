#!/usr/bin/env bash
# Installs Debian packages with apt, as root or through sudo: scripts/apt-install.sh chromium shellcheck
# Exits 1 with a message when neither is possible.
set -euo pipefail
if [ "$(id -u)" -eq 0 ]; then sudo=""
elif command -v sudo >/dev/null; then sudo="sudo"
else
  echo "apt-install: need root or sudo to install: $*" >&2
  exit 1
fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq "$@" >/dev/null
