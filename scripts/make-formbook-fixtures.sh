#!/usr/bin/env bash
# Makes the 様式ブック fixtures of tests/cli/formbook.rs from office software, and records checksums:
# - office-a.xlsx / office-b.xlsx / office-c.xlsx / office-errors.xlsx: forms typed the way offices
#   type their own (openpyxl; pip install openpyxl), office-a.xls and office-c.xls: the same saved
#   by LibreOffice as Excel 97-2003, office-c.xlsm as Excel 2007 with macros, office-b.ods: saved by LibreOffice as ODF; office-b-stray.xlsx:
#   office-b with entries typed where the form has no field (each must be a W510);
# - lo-filled.xlsx / lo-filled.ods: cmsheets' own 様式ブック of a sample case, opened and saved
#   again by LibreOffice (what happens when an office edits it there).
set -euo pipefail
cd "$(dirname "$0")/.."
out=tests/fixtures/formbook
mkdir -p "$out"
python3 scripts/make-formbook-fixtures.py "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
soffice --headless --convert-to xls --outdir "$tmp" "$out/office-a.xlsx" >/dev/null
cp "$tmp/office-a.xls" "$out/office-a.xls"
soffice --headless --convert-to xls --outdir "$tmp" "$out/office-c.xlsx" >/dev/null
cp "$tmp/office-c.xls" "$out/office-c.xls"
soffice --headless --convert-to 'xlsm:Calc MS Excel 2007 VBA XML' --outdir "$tmp" "$out/office-c.xlsx" >/dev/null
cp "$tmp/office-c.xlsm" "$out/office-c.xlsm"
soffice --headless --convert-to ods --outdir "$tmp" "$out/office-b.xlsx" >/dev/null
cp "$tmp/office-b.ods" "$out/office-b.ods"
cargo run --quiet -- template --form --from samples/intake.xlsx -o "$tmp/books" --as-of 2025-11-30 || true
cp "$tmp/books/CH-2024-002.xlsx" "$tmp/lo-filled.xlsx"
soffice --headless --convert-to ods --outdir "$tmp/ods" "$tmp/lo-filled.xlsx" >/dev/null
soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$tmp/xlsx" "$tmp/ods/lo-filled.ods" >/dev/null
cp "$tmp/ods/lo-filled.ods" "$out/lo-filled.ods"
cp "$tmp/xlsx/lo-filled.xlsx" "$out/lo-filled.xlsx"
(cd "$out" && sha256sum office-a.xlsx office-a.xls office-b.xlsx office-b.ods office-b-stray.xlsx office-c.xlsx office-c.xls office-c.xlsm office-errors.xlsx lo-filled.xlsx lo-filled.ods > SOURCE.sha256)
echo "wrote $out"
