#!/usr/bin/env bash
# Installs what Atelier needs and is missing, idempotently: checks first, installs only what lacks.
#   scripts/ensure-deps.sh run    — build and serve: pkg-config, libmicrohttpd-dev, libcmark-dev
#   scripts/ensure-deps.sh test   — plus chromium, chromium-driver, python3-venv, kubectl, valgrind and the test venv (.venv)
#   scripts/ensure-deps.sh bench  — plus wrk and nginx
#   scripts/ensure-deps.sh load   — plus stress-ng (make test-under-load), bc
set -euo pipefail
mode="${1:-run}"
cd "$(dirname "$0")/.."

sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "ensure-deps: not root and no sudo; install the packages listed below by hand." >&2
  fi
fi

missing=()
need_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed" || missing+=("$1"); }

command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists libmicrohttpd 2>/dev/null || missing+=(libmicrohttpd-dev)
pkg-config --exists libcmark 2>/dev/null || missing+=(libcmark-dev)
if [ "$mode" = test ] || [ "$mode" = bench ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  # Emoji of the lesson text in the browser tests' screenshots.
  dpkg-query -W -f='${Status}' fonts-noto-color-emoji 2>/dev/null | grep -q "install ok installed" || missing+=(fonts-noto-color-emoji)
  # The end-to-end test with a real kubectl (against an unreachable cluster).
  command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
  # The Markdown suite under valgrind (scripts/hardening.sh renderer): valgrind, objcopy, a C compiler.
  command -v valgrind >/dev/null 2>&1 || missing+=(valgrind)
  command -v objcopy >/dev/null 2>&1 || missing+=(binutils)
  command -v cc >/dev/null 2>&1 || command -v gcc >/dev/null 2>&1 || command -v clang >/dev/null 2>&1 || missing+=(gcc)
fi
if [ "$mode" = load ]; then
  command -v stress-ng >/dev/null 2>&1 || missing+=(stress-ng)
  command -v bc >/dev/null 2>&1 || missing+=(bc)
  command -v pgrep >/dev/null 2>&1 || missing+=(procps)
fi
if [ "$mode" = bench ]; then
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "ensure-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

if ! command -v swift >/dev/null 2>&1; then
  echo "ensure-deps: the Swift 6 toolchain is not on PATH (https://www.swift.org/install/linux/)." >&2
  exit 1
fi

if [ "$mode" = test ] || [ "$mode" = bench ]; then
  # The venv is rebuilt whenever Tests/ui/requirements.txt changes (its checksum is kept in the
  # venv), so a checkout that gained a test dependency never runs with a stale venv.
  wanted=$(sha256sum Tests/ui/requirements.txt | cut -d' ' -f1)
  if [ ! -x .venv/bin/python ] || [ "$(cat .venv/.requirements.sha256 2>/dev/null)" != "$wanted" ] \
     || ! .venv/bin/python -c 'import selenium, pytest, prometheus_client' >/dev/null 2>&1; then
    echo "ensure-deps: preparing .venv for the browser tests"
    rm -rf .venv
    python3 -m venv .venv
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -r Tests/ui/requirements.txt
    echo "$wanted" > .venv/.requirements.sha256
  fi
fi
