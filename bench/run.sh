#!/usr/bin/env bash
# cmsheets benchmarks: every figure of the quality bars (shared/spec/quality.md, "Speed and
# memory") measured in one run on this machine, each against its reference run in the same run.
#
#   bash bench/run.sh            # full run (about 10–12 min on 2 cores once built, + the build)
#   bash bench/run.sh --quick    # smaller sizes, same steps (about 1 min once built)
#   bash bench/run.sh --keep     # keep the work folder (data, PDFs, timings) for a look
#
# Steps: cargo build --release (cmsheets and examples/gen_intake), synthetic intake with
# examples/gen_intake (deterministic, seed 1), then
#   render   cmsheets render of N cases (all four forms, one PDF per case and form), on two
#            profiles: light (gen_intake's default: 1,000 cases) and heavy (`--profile heavy`:
#            200 cases, two plan versions with monitoring rows, five long needs, every form)
#            vs the typst CLI run once per case and form on the --emit-json data (timed on a
#               random sample of cases, scaled by the number of forms; serial, as a loop would)
#            vs one typst CLI compile of all those forms in a single document (bench/single-doc.typ)
#   packet   cmsheets packet of N cases
#            vs one typst CLI compile of (up to 250 of) those packets in a single document, scaled by pages
#               (typst-templates/packet.typ on the cases of `packet --emit-json`, merged)
#   check    cmsheets check of 100,000 and 1,000,000 need rows, 3 runs each (linearity: ratio of the medians)
#   report   cmsheets report of 1,000,000 need rows
#   memory   peak RSS (/usr/bin/time -v) of cmsheets render for 100 vs 10,000 cases
#            (--forms plan, to keep the run short: the bar is about batch size)
# and prints a table: figure, measured, reference, ratio, bar, result. Results also go to
# WORK/results.md (Markdown) and WORK/results.tsv.
#
# Environment: BENCH_TMP (parent of the work folder, default /tmp), BENCH_JOBS (passed as
# --jobs; default: cmsheets' default, all cores), CARGO (default cargo), TYPST_ROOT (where the
# reference release typst CLI is installed, default target/bench-typst).
set -uo pipefail

QUICK=0
KEEP=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    --keep) KEEP=1 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) echo "bench/run.sh: unknown option $a (try --help)" >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO="${CARGO:-cargo}"
AS_OF=2025-11-30
SEED=1

if [ "$QUICK" = 1 ]; then
  RENDER_N=100; HEAVY_N=20; CLI_SAMPLE=20; PACKET_N=100; PACKET_FLOOR_N=100
  CHECK_SMALL=10000; CHECK_LARGE=100000; REPORT_ROWS=100000
  MEM_SMALL=20; MEM_LARGE=1000
else
  RENDER_N=1000; HEAVY_N=200; CLI_SAMPLE=100; PACKET_N=1000; PACKET_FLOOR_N=250
  CHECK_SMALL=100000; CHECK_LARGE=1000000; REPORT_ROWS=1000000
  MEM_SMALL=100; MEM_LARGE=10000
fi
JOBS_ARG=()
if [ -n "${BENCH_JOBS:-}" ]; then JOBS_ARG=(--jobs "$BENCH_JOBS"); fi

calc() { awk "BEGIN{printf \"%.4f\", $1}"; } # arithmetic without bc
log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ------------------------------------------------------------------------------------------
# Tools

if [ ! -x /usr/bin/time ]; then
  log "installing Debian's time (for peak memory)"
  (apt-get update -qq && apt-get install -y -qq time) >&2 || die "cannot install time"
fi
# The reference is a release build of the typst CLI, installed here once: the one on PATH may
# be scripts/setup.sh's debug build (enough for the template tests, about 10× slower), which
# would flatter every ratio against it.
TYPST_ROOT="${TYPST_ROOT:-${CARGO_TARGET_DIR:-$ROOT/target}/bench-typst}"
TYPST="$TYPST_ROOT/bin/typst"
if ! "$TYPST" --version 2>/dev/null | grep -q '^typst 0\.15\.1'; then
  log "installing a release typst-cli 0.15.1 into $TYPST_ROOT (the reference; about 10 min once)"
  "$CARGO" install --locked --quiet typst-cli --version 0.15.1 --root "$TYPST_ROOT" >&2 \
    || die "cannot install typst-cli"
fi

# ------------------------------------------------------------------------------------------
# Build. Binaries are copied into the work folder: other builds sharing target/ may replace
# them while the benchmark runs.

WORK="$(mktemp -d "${BENCH_TMP:-/tmp}/cmsheets-bench.XXXXXX")"
if [ "$KEEP" = 0 ]; then trap 'rm -rf "$WORK"' EXIT; fi
log "work folder: $WORK"
log "building (cargo build --release)"
BUILD_START=$(date +%s.%N)
(cd "$ROOT" && "$CARGO" build --release --quiet --bin cmsheets --example gen_intake) >&2 \
  || die "cargo build --release failed"
BUILD_S=$(calc "$(date +%s.%N) - $BUILD_START")
TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
mkdir -p "$WORK/bin"
cp "$TARGET_DIR/release/cmsheets" "$TARGET_DIR/release/examples/gen_intake" "$WORK/bin/" \
  || die "built binaries not found under $TARGET_DIR/release"
CM="$WORK/bin/cmsheets"
GEN="$WORK/bin/gen_intake"

# ------------------------------------------------------------------------------------------
# Measuring: every command runs under /usr/bin/time; T_<name> holds wall seconds, C_<name>
# user+sys CPU seconds, M_<name> peak RSS in KiB, RC_<name> the exit status.

measure() { # name command...
  local name="$1"; shift
  local tf="$WORK/time.$name"
  /usr/bin/time -o "$tf" -f '%e %U %S %M' "$@" >"$WORK/out.$name" 2>"$WORK/err.$name"
  local rc=$?
  local line; line="$(tail -n 1 "$tf")"
  if ! [[ "$line" =~ ^[0-9.]+\ [0-9.]+\ [0-9.]+\ [0-9]+$ ]]; then
    line="$(grep -E '^[0-9.]+ [0-9.]+ [0-9.]+ [0-9]+$' "$tf" | tail -n 1)"
    [ -n "$line" ] || line="0 0 0 0"
  fi
  read -r w u s m <<<"$line"
  printf -v "T_$name" '%s' "$w"
  printf -v "C_$name" '%s' "$(calc "$u + $s")"
  printf -v "M_$name" '%s' "$m"
  printf -v "RC_$name" '%s' "$rc"
  log "$name: ${w}s wall, $(calc "$u + $s")s cpu, $((m / 1024)) MiB peak, exit $rc"
  return $rc
}

# cmsheets batches run with their address space capped (MEM_CAP_GIB, default 12) so that a
# batch whose memory grows with its size fails alone instead of pushing the machine into
# swap or the OOM killer. A batch that crashed with a stack overflow (the nested rayon jobs,
# see docs/benchmarks.md) is run again with a large worker stack, so the other figures
# still come out; the table says so.
MEM_CAP_GIB="${MEM_CAP_GIB:-12}"
NOTE_crash=""
NOTE_cap=""
CAPPED=(bash -c 'ulimit -v "$1" && shift && exec "$@"' capped $((MEM_CAP_GIB * 1048576)))
measure_cm() { # name command...
  local name="$1"; shift
  measure "$name" "${CAPPED[@]}" "$@"
  local rc=$?
  if grep -q 'overflowed its stack' "$WORK/err.$name"; then
    log "$name CRASHED: stack overflow (exit $rc); running again with RUST_MIN_STACK=1GiB (workaround, reported in the table)"
    printf -v "CRASH_$name" '%s' 1
    NOTE_crash="yes"
    rm -rf "${OUTDIR_LAST:-/nonexistent}"
    measure "$name" "${CAPPED[@]}" env RUST_MIN_STACK=1073741824 "$@"
    rc=$?
  fi
  if [ "$rc" != 0 ] && grep -qi 'memory allocation\|out of memory\|cannot allocate' "$WORK/err.$name"; then
    log "$name: hit the ${MEM_CAP_GIB} GiB address-space cap"
    printf -v "CAP_$name" '%s' 1
    NOTE_cap="yes"
  fi
  return $rc
}

count_files() { find "$1" -name "$2" 2>/dev/null | wc -l; }

# ------------------------------------------------------------------------------------------
# Data

LOAD_START="$(cut -d' ' -f1-3 /proc/loadavg)"
log "generating intake (seed $SEED)"
"$GEN" --cases "$RENDER_N" --seed $SEED --as-of $AS_OF -o "$WORK/data-render" 2>>"$WORK/gen.log"
"$GEN" --cases "$HEAVY_N" --profile heavy --seed $SEED --as-of $AS_OF -o "$WORK/data-heavy" 2>>"$WORK/gen.log"
"$GEN" --cases "$MEM_SMALL" --seed $SEED --as-of $AS_OF -o "$WORK/data-mem-small" 2>>"$WORK/gen.log"
"$GEN" --cases "$MEM_LARGE" --seed $SEED --as-of $AS_OF -o "$WORK/data-mem-large" 2>>"$WORK/gen.log"
"$GEN" --rows "$CHECK_SMALL" --seed $SEED --as-of $AS_OF -o "$WORK/data-rows-small" 2>>"$WORK/gen.log"
GEN_START=$(date +%s.%N)
"$GEN" --rows "$CHECK_LARGE" --seed $SEED --as-of $AS_OF -o "$WORK/data-rows-large" 2>>"$WORK/gen.log"
GEN_LARGE_S=$(calc "$(date +%s.%N) - $GEN_START")
if [ "$REPORT_ROWS" = "$CHECK_LARGE" ]; then
  REPORT_DATA="$WORK/data-rows-large"
else
  "$GEN" --rows "$REPORT_ROWS" --seed $SEED --as-of $AS_OF -o "$WORK/data-rows-report" 2>>"$WORK/gen.log"
  REPORT_DATA="$WORK/data-rows-report"
fi
if [ "$PACKET_N" = "$RENDER_N" ]; then
  PACKET_DATA="$WORK/data-render"
else
  "$GEN" --cases "$PACKET_N" --seed $SEED --as-of $AS_OF -o "$WORK/data-packet" 2>>"$WORK/gen.log"
  PACKET_DATA="$WORK/data-packet"
fi
cat "$WORK/gen.log" >&2

# The generated intake must be clean, or render/packet would skip cases.
for d in data-render data-heavy; do
  "$CM" check "$WORK/$d" --as-of $AS_OF >"$WORK/check-$d.txt" 2>&1 \
    || die "generated intake $d has errors: $(tail -n 1 "$WORK/check-$d.txt")"
done

# ------------------------------------------------------------------------------------------
# Render: cmsheets vs typst CLI per form vs typst CLI single document, on each profile

FORMS=questionnaire,plan,subtool,crisis
pdf_pages() { # file -> pages, or nothing
  if command -v pdfinfo >/dev/null 2>&1 && [ -f "$1" ]; then
    pdfinfo "$1" 2>/dev/null | awk '/^Pages:/{print $2}'
  fi
}
# render_step TAG DATA: sets T_/C_/M_/RC_ of render_TAG, cli_TAG, clipar_TAG and floor_TAG,
# and PDFS_TAG, JSONS_TAG, CLI_FORMS_TAG, FLOOR_PAGES_TAG.
render_step() {
  local tag="$1" data="$2"
  log "render ($tag): cmsheets"
  OUTDIR_LAST="$WORK/render-pdf-$tag"
  measure_cm "render_$tag" "$CM" render "$data" -o "$WORK/render-pdf-$tag" --forms $FORMS \
    --as-of $AS_OF -q "${JOBS_ARG[@]}"
  printf -v "PDFS_$tag" '%s' "$(count_files "$WORK/render-pdf-$tag" '*.pdf')"
  rm -rf "$WORK/render-pdf-$tag"

  log "render ($tag): --emit-json (the typst CLI's input; not timed)"
  local json="$WORK/render-json-$tag"
  "$CM" render "$data" --emit-json "$json" --forms $FORMS --as-of $AS_OF -q >/dev/null 2>&1
  local jsons; jsons=$(count_files "$json" '*.json')
  printf -v "JSONS_$tag" '%s' "$jsons"
  [ "$jsons" -gt 0 ] || die "render --emit-json wrote nothing ($tag)"

  # Per form with the typst CLI, on a random sample of cases (fixed seed), serial.
  ls "$json" | awk -v seed=$SEED 'BEGIN{srand(seed)} {printf "%.9f\t%s\n", rand(), $0}' \
    | sort | head -n "$CLI_SAMPLE" | cut -f2 >"$WORK/cli-sample-$tag.txt"
  local jobs="$WORK/cli-jobs-$tag.txt" id f form
  : >"$jobs"
  while read -r id; do
    for f in "$json/$id"/*.json; do
      form="$(basename "$f" .json)"
      printf '%s\t%s\t%s\n' "$f" "$ROOT/typst-templates/$form.typ" "$WORK/cli-pdf/$id/$form.pdf" >>"$jobs"
    done
  done <"$WORK/cli-sample-$tag.txt"
  printf -v "CLI_FORMS_$tag" '%s' "$(wc -l <"$jobs")"
  cat >"$WORK/cli-loop-$tag.sh" <<EOF
#!/usr/bin/env bash
# One typst CLI run per case and form, as a user would script it.
set -e
cd "$ROOT"
while IFS=\$'\t' read -r data tpl out; do
  mkdir -p "\$(dirname "\$out")"
  "$TYPST" compile --root / --font-path fonts --ignore-system-fonts --input "data=\$data" "\$tpl" "\$out"
done <"$jobs"
EOF
  cat >"$WORK/cli-par-$tag.sh" <<EOF
#!/usr/bin/env bash
# The same runs, NPROC at a time (xargs -P).
cd "$ROOT"
tr '\t' '\n' <"$jobs" | xargs -d '\n' -n 3 -P "\$(nproc)" sh -c \
  'mkdir -p "\$(dirname "\$3")" && exec "$TYPST" compile --root / --font-path fonts --ignore-system-fonts --input "data=\$1" "\$2" "\$3"' sh
EOF
  log "render ($tag): typst CLI once per form on $CLI_SAMPLE sampled cases, serial"
  measure "cli_$tag" bash "$WORK/cli-loop-$tag.sh" || log "typst CLI loop failed: $(tail -n 3 "$WORK/err.cli_$tag")"
  rm -rf "$WORK/cli-pdf"
  log "render ($tag): the same on all cores (xargs -P $(nproc)), for information"
  measure "clipar_$tag" bash "$WORK/cli-par-$tag.sh" || log "typst CLI xargs failed: $(tail -n 3 "$WORK/err.clipar_$tag")"
  rm -rf "$WORK/cli-pdf"

  # One document with every form of every case: Typst's own floor.
  log "render ($tag): one typst compile of all $jsons forms in a single document"
  {
    printf '['
    local sep=''
    find "$json" -name '*.json' | sort | while read -r f; do
      printf '%s' "$sep"; cat "$f"; sep=','
    done
    printf ']\n'
  } >"$WORK/all-forms.json"
  measure "floor_$tag" "$TYPST" compile --root / --font-path "$ROOT/fonts" --ignore-system-fonts \
    --input "data=$WORK/all-forms.json" "$ROOT/bench/single-doc.typ" "$WORK/all-forms.pdf" \
    || log "single-document compile failed: $(tail -n 5 "$WORK/err.floor_$tag")"
  printf -v "FLOOR_PAGES_$tag" '%s' "$(pdf_pages "$WORK/all-forms.pdf")"
  rm -rf "$WORK/all-forms.pdf" "$WORK/all-forms.json" "$json"
}

render_step light "$WORK/data-render"
render_step heavy "$WORK/data-heavy"

# ------------------------------------------------------------------------------------------
# Packets: cmsheets packet vs one typst compile of the same packets in a single document

log "packet: $PACKET_N cases"
OUTDIR_LAST="$WORK/packet-pdf"
measure_cm packet "$CM" packet "$PACKET_DATA" -o "$WORK/packet-pdf" --meeting-date $AS_OF \
  --as-of $AS_OF -q "${JOBS_ARG[@]}"
PACKET_PDFS=$(count_files "$WORK/packet-pdf" 'packet.pdf')
PACKET_PAGES=""
if command -v pdfinfo >/dev/null 2>&1 && [ "$PACKET_PDFS" -gt 0 ]; then
  PACKET_PAGES=$(find "$WORK/packet-pdf" -name packet.pdf | sort \
    | while read -r f; do pdf_pages "$f"; done | awk '{s+=$1} END {print s}')
fi
rm -rf "$WORK/packet-pdf"
log "packet: --emit-json (the typst CLI's input; not timed), merged into one document's data"
"$CM" packet "$PACKET_DATA" --emit-json "$WORK/packet-json" --meeting-date $AS_OF \
  --as-of $AS_OF -q >/dev/null 2>&1
# The packet template lays out several cases in one document (as `packet --combine` does):
# one data object whose `cases` holds every case's, in case order. At most PACKET_FLOOR_N
# packets: one typst document of 1,000 packets (5,400 pages) passed 23 GiB and was killed, so the
# reference is the first PACKET_FLOOR_N packets, scaled by pages (Typst's cost a page only grows
# with the document, so the scaled reference is if anything too fast).
python3 - "$WORK/packet-json" "$WORK/all-packets.json" "$PACKET_FLOOR_N" <<'EOF' || die "merging the packets' JSON failed"
import json, pathlib, sys
merged = None
for f in sorted(pathlib.Path(sys.argv[1]).glob("*/packet.json"))[: int(sys.argv[3])]:
    d = json.loads(f.read_text(encoding="utf-8"))
    if merged is None:
        merged = d
    else:
        merged["cases"].extend(d["cases"])
pathlib.Path(sys.argv[2]).write_text(json.dumps(merged, ensure_ascii=False), encoding="utf-8")
EOF
PACKET_FLOOR_COUNT=$(( PACKET_PDFS < PACKET_FLOOR_N ? PACKET_PDFS : PACKET_FLOOR_N ))
log "packet: one typst compile of $PACKET_FLOOR_COUNT packets in a single document"
measure packet_floor "$TYPST" compile --root / --font-path "$ROOT/fonts" --ignore-system-fonts \
  --input "data=$WORK/all-packets.json" "$ROOT/typst-templates/packet.typ" "$WORK/all-packets.pdf" \
  || { log "single-document packet compile failed: $(tail -n 5 "$WORK/err.packet_floor")"; T_packet_floor=""; }
PACKET_FLOOR_PAGES="$(pdf_pages "$WORK/all-packets.pdf")"
# The reference for all the packets: the single document's time a page × the packets' pages.
T_packet_ref=""
if [ -n "$T_packet_floor" ] && [ -n "$PACKET_FLOOR_PAGES" ] && [ -n "$PACKET_PAGES" ]; then
  T_packet_ref=$(calc "$T_packet_floor * $PACKET_PAGES / $PACKET_FLOOR_PAGES")
fi
rm -rf "$WORK/packet-json" "$WORK/all-packets.json" "$WORK/all-packets.pdf"

# ------------------------------------------------------------------------------------------
# Check and report

# The linearity bar compares two runs of about 1 s and 10 s: on a shared machine one busy
# second moves the ratio by 1×. Each size runs three times, interleaved, and the run with the
# median wall time stands for it.
# The PDFs and data written before are flushed first, so that their write-back does not land
# inside one of the timed runs.
sync
for round in 1 2 3; do
  log "check: $CHECK_SMALL need rows (round $round of 3)"
  measure "check_small_$round" "$CM" check "$WORK/data-rows-small" --as-of $AS_OF
  log "check: $CHECK_LARGE need rows (round $round of 3)"
  measure "check_large_$round" "$CM" check "$WORK/data-rows-large" --as-of $AS_OF
done
median_of_rounds() { # name [T|M]: T_/C_/M_/RC_<name> from the run of <name>_1..3 with the median wall time (T) or peak memory (M)
  local name="$1" by="${2:-T}" pick
  pick=$(for r in 1 2 3; do v="${by}_${name}_$r"; echo "${!v} $r"; done | sort -g | sed -n 2p | cut -d' ' -f2)
  for kind in T C M RC; do
    local v="${kind}_${name}_${pick}"
    printf -v "${kind}_$name" '%s' "${!v}"
  done
  local all; all=$(for r in 1 2 3; do v="${by}_${name}_$r"; printf '%s ' "${!v}"; done)
  log "$name: $([ "$by" = M ] && echo "peaks (KiB)" || echo "wall times (s)") ${all}; the median is round $pick"
}
median_of_rounds check_small
median_of_rounds check_large
log "report: $REPORT_ROWS need rows"
measure report "$CM" report "$REPORT_DATA" -o "$WORK/report.xlsx" --as-of $AS_OF -q
REPORT_OK=0
if [ "${RC_report:-1}" = 0 ] && [ -s "$WORK/report.xlsx" ]; then REPORT_OK=1; fi
REPORT_MSG="$(head -c 200 "$WORK/err.report" | tr '\n' ' ')"

# ------------------------------------------------------------------------------------------
# Memory: peak RSS of render, small vs large batch

# The small batch's peak is mostly Typst's working set, which moves by ±10 % with the timing of
# the two workers: it runs three times (a second each) and the median peak is the reference.
for round in 1 2 3; do
  log "memory: render --forms plan, $MEM_SMALL cases (round $round of 3)"
  OUTDIR_LAST="$WORK/mem-small"
  measure_cm "mem_small_$round" "$CM" render "$WORK/data-mem-small" -o "$WORK/mem-small" --forms plan \
    --as-of $AS_OF -q "${JOBS_ARG[@]}"
  rm -rf "$WORK/mem-small"
done
median_of_rounds mem_small M
log "memory: render --forms plan, $MEM_LARGE cases"
OUTDIR_LAST="$WORK/mem-large"
measure_cm mem_large "$CM" render "$WORK/data-mem-large" -o "$WORK/mem-large" --forms plan \
  --as-of $AS_OF -q "${JOBS_ARG[@]}"
MEM_LARGE_PDFS=$(count_files "$WORK/mem-large" '*.pdf')
rm -rf "$WORK/mem-large"
LOAD_END="$(cut -d' ' -f1-3 /proc/loadavg)"

# ------------------------------------------------------------------------------------------
# Table

div() { # a b -> a/b with 2 decimals, or "n/a"
  if [ -z "$1" ] || [ -z "$2" ] || awk -v b="$2" 'BEGIN{exit !(b <= 0)}'; then echo "n/a"; else
    awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a / b}'; fi
}
le() { [ "$1" != "n/a" ] && awk -v a="$1" -v b="$2" 'BEGIN{exit !(a <= b)}'; }
ge() { [ "$1" != "n/a" ] && awk -v a="$1" -v b="$2" 'BEGIN{exit !(a >= b)}'; }
lt() { [ "$1" != "n/a" ] && awk -v a="$1" -v b="$2" 'BEGIN{exit !(a < b)}'; }
verdict() { if "$@"; then echo PASS; else echo FAIL; fi; }
s() { awk -v x="$1" 'BEGIN{printf "%.2f s", x}'; }
mib() { awk -v x="$1" 'BEGIN{printf "%.0f MiB", x/1024}'; }
crash_note() {
  if [ -n "$(eval echo "\${CRASH_$1:-}")" ]; then printf ' [stack overflow; rerun with RUST_MIN_STACK=1GiB]'; fi
  if [ -n "$(eval echo "\${CAP_$1:-}")" ]; then printf ' [out of memory at the %s GiB cap: lower bound]' "$MEM_CAP_GIB"; fi
  if [ "$(eval echo "\${RC_$1:-0}")" != 0 ]; then printf ' [exit %s]' "$(eval echo "\${RC_$1:-0}")"; fi
}

# The render rows of one profile: cmsheets vs the per-form CLI (scaled to all forms of the batch),
# vs Typst's floor, and vs the CLI on all cores (information).
render_rows() { # tag label
  local tag="$1" label="$2"
  local T_r="T_render_$tag" C_r="C_render_$tag" T_c="T_cli_$tag" C_c="C_cli_$tag" RC_c="RC_cli_$tag"
  local T_p="T_clipar_$tag" T_f="T_floor_$tag" C_f="C_floor_$tag" M_f="M_floor_$tag"
  local jsons="JSONS_$tag" pdfs="PDFS_$tag" forms="CLI_FORMS_$tag" pages="FLOOR_PAGES_$tag"
  local all="" allpar="" per="n/a"
  if [ "${!RC_c:-1}" = 0 ] && [ "${!forms:-0}" -gt 0 ]; then
    all=$(calc "${!T_c} * ${!jsons} / ${!forms}")
    allpar=$(calc "${!T_p} * ${!jsons} / ${!forms}")
    per=$(awk -v t="${!T_c}" -v n="${!forms}" 'BEGIN{printf "%.1f", 1000 * t / n}')
  fi
  local r_cli r_par r_floor
  r_cli=$(div "$all" "${!T_r}")
  r_par=$(div "$allpar" "${!T_r}")
  r_floor=$(div "${!T_r}" "${!T_f}")
  row "render $label ($(eval echo "\${$pdfs}") PDFs, ${!jsons} forms)$(crash_note "render_$tag")" \
      "$(s "${!T_r}") (cpu $(s "${!C_r}"))" \
      "typst CLI per form: $(s "${all:-0}") (${per} ms/form × ${!jsons}; timed on $CLI_SAMPLE random cases = ${!forms} forms: $(s "${!T_c}"), cpu $(s "${!C_c}"); serial)" \
      "speed-up ${r_cli}×" "≥ 10×" "$(verdict ge "$r_cli" 10)"
  row "render $label vs Typst's floor" \
      "$(s "${!T_r}") (cpu $(s "${!C_r}"))" \
      "one typst compile, all forms in one document: $(s "${!T_f}") (cpu $(s "${!C_f}"), ${!pages:-?} pages, peak $(mib "${!M_f}"))" \
      "${r_floor}×" "≤ 0.5×" "$(verdict le "$r_floor" 0.5)"
  row "render $label vs typst CLI on all cores (info)" \
      "$(s "${!T_r}")" \
      "typst CLI per form, xargs -P $(nproc): $(s "${allpar:-0}") (scaled as above)" \
      "speed-up ${r_par}×" "—" "info"
}
R_packet=$(div "$T_packet" "$T_packet_ref")
R_check=$(div "$T_check_large" "$T_check_small")
R_mem=$(div "$M_mem_large" "$M_mem_small")
MEM_LARGE_MIB=$(calc "$M_mem_large / 1024")

ROWS=()
row() { ROWS+=("$1"$'\t'"$2"$'\t'"$3"$'\t'"$4"$'\t'"$5"$'\t'"$6"); }
render_rows light "$RENDER_N cases, light"
render_rows heavy "$HEAVY_N cases, heavy"
row "packet $PACKET_N cases ($PACKET_PDFS packets, ${PACKET_PAGES:-?} pages)$(crash_note packet)" \
    "$(s "$T_packet") (cpu $(s "$C_packet"))" \
    "one typst compile of $PACKET_FLOOR_COUNT packets in one document: $(s "${T_packet_floor:-0}") (cpu $(s "$C_packet_floor"), ${PACKET_FLOOR_PAGES:-?} pages, peak $(mib "$M_packet_floor")), scaled to ${PACKET_PAGES:-?} pages: $(s "${T_packet_ref:-0}")" \
    "${R_packet}×" "≤ 0.5×" "$(verdict le "$R_packet" 0.5)"
row "check $CHECK_SMALL need rows" \
    "$(s "$T_check_small") (cpu $(s "$C_check_small"), peak $(mib "$M_check_small"))" "—" "—" "< 3 s" \
    "$(verdict lt "$T_check_small" 3)"
row "check $CHECK_LARGE need rows" \
    "$(s "$T_check_large") (cpu $(s "$C_check_large"), peak $(mib "$M_check_large"))" \
    "check $CHECK_SMALL rows: $(s "$T_check_small")" "${R_check}×" "≤ 12×" "$(verdict le "$R_check" 12)"
if [ "$REPORT_OK" = 1 ]; then
  row "report $REPORT_ROWS need rows" \
      "$(s "$T_report") (cpu $(s "$C_report"), peak $(mib "$M_report"))" "—" "—" "< 20 s" \
      "$(verdict lt "$T_report" 20)"
else
  row "report $REPORT_ROWS need rows" "not measured: exit ${RC_report:-?} ($REPORT_MSG)" "—" "—" "< 20 s" "n/a"
fi
row "peak memory, render $MEM_LARGE cases (--forms plan, $MEM_LARGE_PDFS PDFs)$(crash_note mem_large)" \
    "$(mib "$M_mem_large") ($(s "$T_mem_large"))" \
    "render $MEM_SMALL cases: $(mib "$M_mem_small")" "${R_mem}×" "≤ 1.3×" "$(verdict le "$R_mem" 1.3)"
row "peak memory, render $MEM_LARGE cases, absolute" "$(mib "$M_mem_large")" "—" "—" "< 500 MiB" \
    "$(verdict lt "$MEM_LARGE_MIB" 500)"

{
  printf 'figure\tmeasured\treference\tratio\tbar\tresult\n'
  printf '%s\n' "${ROWS[@]}"
} >"$WORK/results.tsv"
{
  echo "| figure | measured | reference | ratio | bar | result |"
  echo "|---|---|---|---|---|---|"
  for r in "${ROWS[@]}"; do echo "| ${r//$'\t'/ | } |"; done
} >"$WORK/results.md"

echo
echo "cmsheets benchmarks $( [ "$QUICK" = 1 ] && echo '(--quick: reduced sizes, bars indicative only)' )"
echo "machine: $(nproc) cores, $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')"
echo "load average at start: $LOAD_START; at end: $LOAD_END (other jobs on the machine slow every figure)"
echo "cmsheets: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null)$(cd "$ROOT" && [ -n "$(git status --porcelain -- src Cargo.toml Cargo.lock typst-templates 2>/dev/null)" ] && echo ' + uncommitted changes'); typst CLI: $("$TYPST" --version); build: $(s "$BUILD_S"); generating $CHECK_LARGE need rows: $(s "$GEN_LARGE_S")"
echo "data: light $(sed -n 's/.*（行数: \(.*\)）/\1/p' "$WORK/gen.log" | head -n 1); heavy $(sed -n 's/.*（行数: \(.*\)）/\1/p' "$WORK/gen.log" | sed -n 2p); seed $SEED, --as-of $AS_OF"
echo
{
  printf 'figure\tmeasured\treference\tratio\tbar\tresult\n'
  printf '%s\n' "${ROWS[@]}"
} | awk -F'\t' '{printf "%-62s | %-40s | %s | %s | %s | %s\n", $1, $2, $3, $4, $5, $6}'
echo
if [ -n "$NOTE_crash" ]; then
  echo "NOTE: a cmsheets batch crashed (stack overflow) and was measured again with RUST_MIN_STACK=1GiB."
fi
if [ -n "$NOTE_cap" ]; then
  echo "NOTE: a cmsheets batch ran out of memory under the ${MEM_CAP_GIB} GiB cap (MEM_CAP_GIB); its figures are lower bounds."
fi
if [ "$KEEP" = 1 ]; then echo "work folder kept: $WORK (results.md, results.tsv, time.*, err.*)"; fi
FAILS=$(printf '%s\n' "${ROWS[@]}" | awk -F'\t' '$6=="FAIL"' | wc -l)
echo "$(printf '%s\n' "${ROWS[@]}" | awk -F'\t' '$6=="PASS"' | wc -l) bars met, $FAILS missed"
exit 0
