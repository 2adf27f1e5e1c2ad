#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Playwright; we never download a browser.
# Where Chromium is missing we install it when we can (root with apt); otherwise we stop
# loudly, because a test run that silently leaves out the browser journeys is not a pass.
set -euo pipefail
chromium="${MOTCUA_CHROMIUM:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Chromium not found: installing Debian's chromium package for the browser tests…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-liberation2 >/dev/null
  [ -x "$chromium" ] && exit 0
fi
cat >&2 <<MSG

################################################################################
##  BROWSER TESTS CANNOT RUN: no Chromium at $chromium
##  Install Debian's browser:   sudo apt-get install chromium
##  (or point MOTCUA_CHROMIUM at a Chromium binary), then run 'make test' again.
##  'make test-unit' runs everything except the browser journeys.
################################################################################

MSG
exit 1
