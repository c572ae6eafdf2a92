#!/usr/bin/env bash
# The whole test suite on a fresh Debian machine: install the Debian packages the tests need
# when they are missing (as root, with apt-get), then the npm packages, then every test.
# .ci/run calls exactly this; so does the README's test command.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
# The browser tests drive Debian's Chromium.
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# GDAL's OAPIF driver reads our OGC API – Features service in tests/process/gdal-ogr.test.ts.
command -v ogrinfo >/dev/null 2>&1 || need+=(gdal-bin)
# Real GIS clients read the OGC API in tests/process/gis-clients.test.ts: QGIS (headless, offscreen Qt) and OWSLib, in Debian's Python.
/usr/bin/python3 -c 'import qgis.core' >/dev/null 2>&1 || need+=(python3-qgis)
/usr/bin/python3 -c 'import owslib' >/dev/null 2>&1 || need+=(python3-owslib)
# poppler's pdftotext/pdfinfo read the PDFs' text back as a reader would: the story PDF (tests/unit/story-pdf.test.ts,
# tests/e2e/story-presenter.test.ts) and the yearly report (tests/api/progress-report.test.ts).
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
# Fonts with Polish letters for the browser tests' screenshots and local glyph rendering.
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
# PostgreSQL + PostGIS for the store's contract tests; the suite starts its own throwaway cluster.
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
ls /usr/share/postgresql/*/extension/postgis.control >/dev/null 2>&1 || need+=(postgresql-15-postgis-3)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "The tests need these Debian packages: ${need[*]}" >&2
    echo "Install them as root (sudo apt-get install ${need[*]}) or run this script as root." >&2
    exit 1
  fi
  echo "Installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

npm ci
npm test
