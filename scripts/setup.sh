#!/usr/bin/env bash
# Installs what the tests and the look-at-it scripts need, when it is missing, and fails loudly
# when it cannot: a green test run must mean the checks ran (tests fail under CI without a tool).
# - Debian packages: poppler-utils and qpdf (PDF checks), LibreOffice (re-saved fixtures, report
#   pages), Chromium (the browser test of `cmsheets serve`).
# - npm: playwright-core for the browser test, at the version of tests/browser/package-lock.json.
# - the typst CLI 0.15.1 (tests/cli/templates.rs: the templates compile with plain `typst`), built by
#   cargo once into ~/.cargo/bin; a debug build, since it only compiles a dozen test documents and
#   builds in about half the time of a release one.
# - rustfmt and clippy (the test command checks formatting and lints), through rustup when missing.
# Everything else (Rust crates, fonts, templates) comes from the repository and crates.io.
set -euo pipefail
cd "$(dirname "$0")/.."
for component in rustfmt clippy; do
  if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
    echo "setup: installing the Rust component $component (rustup)" >&2
    if ! rustup component add "$component" >/dev/null; then
      echo "setup: could not install $component with rustup; the test command needs it" >&2
      exit 1
    fi
  fi
done
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v qpdf >/dev/null 2>&1 || need+=(qpdf)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing ${need[*]}" >&2
    if ! { apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null; }; then
      echo "setup: could not install ${need[*]} (apt-get failed); the tests need them" >&2
      exit 1
    fi
  else
    echo "setup: missing ${need[*]}: install them with 'sudo apt-get install ${need[*]}' and run this again" >&2
    exit 1
  fi
fi
if [ ! -d tests/browser/node_modules/playwright-core ]; then
  echo "setup: installing playwright-core (npm ci in tests/browser)" >&2
  if ! (cd tests/browser && npm ci --no-audit --no-fund --loglevel=error >/dev/null); then
    echo "setup: npm ci failed in tests/browser; the browser test needs playwright-core" >&2
    exit 1
  fi
fi
typst_ok() {
  for t in typst "$HOME/.cargo/bin/typst"; do
    "$t" --version 2>/dev/null | grep -q ' 0\.15\.1' && return 0
  done
  return 1
}
if ! typst_ok; then
  echo "setup: building the typst CLI 0.15.1 (cargo install --locked --debug typst-cli; once, several minutes)" >&2
  if ! cargo install --locked --debug --quiet typst-cli --version 0.15.1; then
    echo "setup: cargo install typst-cli failed; tests/cli/templates.rs needs the typst CLI 0.15.1" >&2
    exit 1
  fi
fi
