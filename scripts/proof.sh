#!/usr/bin/env bash
# Proof that a restructuring changed no output: run the main commands on the samples and
# fixtures with one binary and keep everything they write, then compare two such runs.
#
#   bash scripts/proof.sh run BIN DIR     # e.g. target/release/cmsheets /tmp/proof-before
#   bash scripts/proof.sh compare A B     # PDFs and HTML byte for byte, workbooks part by part
#                                         # (XML of every part), findings JSON exactly
#
# Workbooks are compared unzipped because a zip's own timestamps say nothing about content;
# every other file must be byte-identical. Exit status 0 when the runs agree, 1 when not.
set -uo pipefail
cd "$(dirname "$0")/.."

run() {
  local bin=$1 out=$2
  rm -rf "$out" && mkdir -p "$out"
  local asof=(--as-of 2025-11-30)
  local books=(tests/fixtures/formbook/*.xlsx tests/fixtures/formbook/*.xls tests/fixtures/formbook/*.xlsm tests/fixtures/formbook/*.ods)
  step() { local name=$1; shift; "$@" >"$out/$name.stdout" 2>"$out/$name.stderr"; echo $? >"$out/$name.status"; }
  step check-samples "$bin" check samples/intake.xlsx --format json "${asof[@]}"
  step check-csv "$bin" check samples/csv --format json "${asof[@]}"
  step check-invalid "$bin" check samples/invalid/intake.xlsx --format json "${asof[@]}"
  step check-invalid-csv "$bin" check samples/invalid/csv --format json "${asof[@]}"
  step check-books "$bin" check "${books[@]}" --format json "${asof[@]}"
  step check-text "$bin" check samples/invalid/intake.xlsx "${asof[@]}"
  step render "$bin" render samples/intake.xlsx -o "$out/render" --emit-json "$out/render-json" "${asof[@]}"
  step render-blank "$bin" render --blank -o "$out/blank" "${asof[@]}"
  step packet "$bin" packet samples/intake.xlsx -o "$out/packet" --meeting-date 2025-11-28 "${asof[@]}"
  step packet-combine "$bin" packet samples/intake.xlsx -o "$out/packet-combined" --combine "$out/packets.pdf" --meeting-date 2025-11-28 "${asof[@]}"
  step packet-books "$bin" packet tests/fixtures/formbook/office-b.xlsx tests/fixtures/formbook/office-c.xlsx -o "$out/packet-books" --meeting-date 2025-11-28 "${asof[@]}"
  step report "$bin" report samples/intake.xlsx -o "$out/report.xlsx" --areas samples/地域区分.csv --pdf "$out/report.pdf" "${asof[@]}"
  step report-period "$bin" report tests/fixtures/report/office_a tests/fixtures/report/office_b tests/fixtures/report/office_c -o "$out/report-period.xlsx" --by period --period quarter --pseudonymize proof-key --suppress-below 3 "${asof[@]}"
  step schedule "$bin" schedule samples/intake.xlsx -o "$out/schedule.xlsx" --pdf "$out/schedule.pdf" --within 30 "${asof[@]}"
  step template "$bin" template -o "$out/template.xlsx"
  step template-form "$bin" template --form -o "$out/template-form.xlsx"
  step template-from "$bin" template --form --from samples/intake.xlsx -o "$out/books" "${asof[@]}"
  # One book at a time: the fixtures hold the same case in several formats, which together
  # are duplicates and convert nothing.
  local book name
  for book in "${books[@]}"; do
    name=$(basename "$book")
    step "convert-$name" "$bin" convert "$book" -o "$out/convert-$name.xlsx" "${asof[@]}"
    step "convert-csv-$name" "$bin" convert "$book" --csv "$out/convert-csv-$name" "${asof[@]}"
  done
  step inspect "$bin" inspect "${books[@]}" -o "$out/inspect"
  # The messages name the output folder, which differs between the two runs by design.
  sed -i "s|$out|OUT|g" "$out"/*.stdout "$out"/*.stderr
}

unpack_workbooks() {
  local dir=$1
  find "$dir" -type f -name '*.xlsx' -print0 | while IFS= read -r -d '' f; do
    mkdir -p "$f.parts" && (cd "$f.parts" && unzip -qo "../$(basename "$f")") && rm "$f"
    # The creation time is the only thing allowed to differ between two runs.
    [ -f "$f.parts/docProps/core.xml" ] && perl -pi -e 's{<dcterms:(created|modified)\b.*?</dcterms:\1>}{}g' "$f.parts/docProps/core.xml"
  done
}

compare() {
  local a=$1 b=$2 tmp
  tmp=$(mktemp -d)
  cp -r "$a" "$tmp/a" && cp -r "$b" "$tmp/b"
  unpack_workbooks "$tmp/a"
  unpack_workbooks "$tmp/b"
  if diff -rq "$tmp/a" "$tmp/b"; then
    echo "proof: the two runs agree ($(find "$tmp/a" -type f | wc -l) files)"
    rm -rf "$tmp"
  else
    echo "proof: the runs differ (unpacked copies kept in $tmp)" >&2
    exit 1
  fi
}

case "${1:-}" in
  run) run "$2" "$3" ;;
  compare) compare "$2" "$3" ;;
  *) sed -n '2,10p' "$0"; exit 2 ;;
esac
