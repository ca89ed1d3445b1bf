#!/bin/sh
# Installs the Debian packages the real-VS Code tests need: Chromium (runs the workbench headless)
# and libkrb5-dev (a native module of VS Code's server builds against it). For CI (.ci/run) and
# developers on Debian/Ubuntu; must run as root. See README.md next to this file.
set -eu

if [ -x /usr/bin/chromium ] && [ -f /usr/include/gssapi/gssapi.h ]; then
  echo "[vscode-test apt-deps] chromium and libkrb5-dev already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "[vscode-test apt-deps] run as root (or: sudo apt-get install -y chromium libkrb5-dev)" >&2
  exit 1
fi
echo "[vscode-test apt-deps] installing chromium libkrb5-dev"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium libkrb5-dev
