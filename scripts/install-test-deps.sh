#!/usr/bin/env bash
# Installs what the tests need on a Debian machine: npm packages from the lock file, and the system tools the
# tests drive for real (ffmpeg, MediaInfo, Chromium with CJK fonts, poppler, LibreOffice, Caddy as the example
# proxy of deploy/Caddyfile). Safe to run twice.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ffmpeg >/dev/null || need+=(ffmpeg)
command -v mediainfo >/dev/null || need+=(mediainfo)
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
command -v caddy >/dev/null || need+=(caddy)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
if [ "${ANLI_SKIP_LIBREOFFICE:-}" != "1" ]; then
  command -v soffice >/dev/null || need+=(libreoffice-impress libreoffice-writer)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then SUDO=""; else SUDO="sudo"; fi
  echo "installing system packages: ${need[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund
fi
