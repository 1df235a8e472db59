#!/usr/bin/env bash
# Debian packages the tests drive: Chromium for the browser tests (Playwright's own browser
# download is not used) and poppler-utils (pdftotext, pdftoppm) to read certificate PDFs.
set -euo pipefail
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || missing+=(poppler-utils)
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing ${missing[*]} for the tests…"
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
