#!/usr/bin/env bash
# Installs what the tests need from Debian: Chromium (end-to-end), PostgreSQL (HQ tests), poppler, build tools.
# Safe to run again: it skips what is already there.
set -euo pipefail
need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v g++ >/dev/null 2>&1 || need+=(g++)
command -v make >/dev/null 2>&1 || need+=(make)
command -v python3 >/dev/null 2>&1 || need+=(python3)
# poppler-utils: the PDF text test reads every PDF the app makes back with pdftotext/pdftoppm.
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# Japanese fonts, so screenshots and PDFs show Japanese text rather than boxes.
fc-list 2>/dev/null | grep -qi 'noto.*cjk' || need+=(fonts-noto-cjk)
if [ ${#need[@]} -eq 0 ]; then
  echo "system packages: all present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing: ${need[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
# The PostgreSQL package starts a cluster on port 5432; tests make their own, so stop the default one.
if printf '%s\n' "${need[@]}" | grep -qx postgresql; then
  $SUDO service postgresql stop >/dev/null 2>&1 || true
fi
