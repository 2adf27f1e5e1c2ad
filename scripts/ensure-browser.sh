#!/usr/bin/env bash
# The test suite needs a few Debian packages: Chromium (browser journeys through Playwright; we
# never download a browser), poppler-utils and zbar-tools (tests read PDFs back and decode their
# QR codes) and the Liberation fonts (slips embed them). Where one is missing we install it when
# we can (root with apt); otherwise we stop loudly, because a run that silently leaves out the
# browser journeys or the document checks is not a pass.
set -euo pipefail
chromium="${MOTCUA_CHROMIUM:-/usr/bin/chromium}"
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v pdftotext >/dev/null || missing+=(poppler-utils)
command -v zbarimg >/dev/null || missing+=(zbar-tools)
[ -d /usr/share/fonts/truetype/liberation2 ] || missing+=(fonts-liberation2)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian packages the tests need: ${missing[*]}…"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  exit 0
fi
cat >&2 <<MSG

################################################################################
##  TESTS CANNOT RUN: missing Debian packages: ${missing[*]}
##  Install them:   sudo apt-get install ${missing[*]}
##  (Chromium may also be given by MOTCUA_CHROMIUM), then run 'make test' again.
##  'make test-unit' runs everything except the browser journeys.
################################################################################

MSG
exit 1
