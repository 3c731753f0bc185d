#!/usr/bin/env bash
# Installs the Debian packages the tests and the look-at-it scripts use, when they are missing.
# Everything else (Rust crates, fonts, templates) comes from the repository and crates.io.
set -euo pipefail
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need[*]}" >&2
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
      || echo "setup: could not install ${need[*]}; the tests that need them will say they were skipped" >&2
  else
    echo "setup: missing ${need[*]} (install them with apt-get); the tests that need them will be skipped" >&2
  fi
fi
