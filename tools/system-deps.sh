#!/usr/bin/env bash
# The Debian packages the test suite needs, installed when missing: Chromium for the browser
# tests (Playwright drives /usr/bin/chromium, never a downloaded browser), and Redis, which the
# shared-cache tests start privately on a free port, and SoftHSM2, the PKCS#11 token of the
# signature tests. The PDF fonts ship
# inside the package (src/thidua/documents/fonts), so they are not needed from the system.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
# npm installs axe-core (the accessibility checker) into var/npm: see `make axe`
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# SoftHSM2: the PKCS#11 token the personal-signature tests sign with
[ -e /usr/lib/softhsm/libsofthsm2.so ] || missing+=(softhsm2)
# `tools/system-deps.sh bench`: also wrk, the C client of the HTTP benchmarks (bench/load.py)
if [ "${1:-}" = bench ]; then command -v wrk >/dev/null 2>&1 || missing+=(wrk); fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "== cài gói hệ thống còn thiếu: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || {
    echo "Cần quyền root để cài ${missing[*]} (apt-get install ${missing[*]})." >&2
    exit 1
  }
  sudo="sudo"
fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
