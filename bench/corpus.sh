#!/usr/bin/env bash
# The shared corpus of public spreadsheet test files (calamine, Apache POI, SheetJS,
# rust_xlsxwriter, xlrd, excelize: ../shared/corpus, licences in its MANIFEST.tsv) through
# check, convert and render, one file at a time: each must be answered (an exit status, no
# signal) within 20 s and under 1 GiB of peak RSS, with findings in Japanese. Long (a few
# minutes): not part of `cargo test`; figures in docs/benchmarks.md §12.
# Usage: bash bench/corpus.sh [CORPUS_DIR] [OUT.tsv]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
CORPUS="${1:-$ROOT/../shared/corpus}"
OUT="${2:-$(mktemp "${BENCH_TMP:-/tmp}/cmsheets-corpus.XXXXXX.tsv")}"
(cd "$ROOT" && cargo build --release --quiet --bin cmsheets)
CM="${CARGO_TARGET_DIR:-$ROOT/target}/release/cmsheets"
python3 - "$CM" "$CORPUS" "$OUT" <<'PY'
import json, os, re, signal, subprocess, sys, tempfile, time
cm, corpus, out = sys.argv[1:4]
files = sorted(f for f in os.listdir(os.path.join(corpus, "files")))
limit_s, limit_kib = 20.0, 1 << 20
japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
rows, worst = [], {}
bad = []
for name in files:
    path = os.path.join(corpus, "files", name)
    for command in ("check", "convert", "render"):
        with tempfile.TemporaryDirectory() as tmp:
            args = {
                "check": [cm, "check", path, "--format", "json", "--as-of", "2025-11-30"],
                "convert": [cm, "convert", path, "-o", os.path.join(tmp, "intake.xlsx")],
                "render": [cm, "render", path, "-o", os.path.join(tmp, "pdf"), "-q", "-j", "1"],
            }[command]
            t0 = time.monotonic()
            with open(os.path.join(tmp, "out"), "w+b") as o, open(os.path.join(tmp, "err"), "w+b") as e:
                p = subprocess.Popen(args, stdin=subprocess.DEVNULL, stdout=o, stderr=e)
                killed, status, usage = False, 0, None
                while True:
                    pid, status, usage = os.wait4(p.pid, os.WNOHANG)
                    if pid == p.pid:
                        break
                    if time.monotonic() - t0 > limit_s:
                        p.kill(); killed = True
                        _, status, usage = os.wait4(p.pid, 0)
                        break
                    time.sleep(0.01)
                p.returncode = os.waitstatus_to_exitcode(status)
                wall = time.monotonic() - t0
                rss = usage.ru_maxrss  # KiB: the child's own peak
                o.seek(0); e.seek(0)
                stdout, stderr = o.read(), e.read()
        text = stdout.decode("utf-8", "replace") + stderr.decode("utf-8", "replace")
        messages = []
        if command == "check" and stdout.strip().startswith(b"{"):
            try:
                messages = [f["message"] for f in json.loads(stdout)["findings"]]
            except Exception:
                messages = ["(JSON を読めない)"]
        else:
            messages = [l for l in stderr.decode("utf-8", "replace").splitlines() if l.strip()]
        english = [m for m in messages if not japanese.search(m)]
        ok = (not killed) and p.returncode in (0, 1, 2) and rss < limit_kib and not english
        rows.append((name, command, p.returncode, f"{wall:.2f}", rss, "killed" if killed else "", len(messages), len(english)))
        w = worst.setdefault(command, [0.0, "", 0, ""])
        if wall > w[0]:
            w[0:2] = [wall, name]
        if rss > w[2]:
            w[2:4] = [rss, name]
        if not ok:
            bad.append((name, command, p.returncode, killed, rss, english[:1]))
with open(out, "w") as f:
    f.write("file\tcommand\texit\tseconds\tpeak_kib\tkilled\tmessages\tnot_japanese\n")
    for r in rows:
        f.write("\t".join(map(str, r)) + "\n")
print(f"cmsheets corpus run: {len(files)} files × check, convert, render = {len(rows)} runs ({out})")
for command, (wall, name, rss, rss_name) in worst.items():
    print(f"  {command}: slowest {wall:.2f} s ({name}), largest peak {rss / 1024:.0f} MiB ({rss_name})")
print(f"  not answered within {limit_s:.0f} s, killed by a signal, or a message not in Japanese: {len(bad)}")
for b in bad[:40]:
    print("   ", b)
sys.exit(1 if bad else 0)
PY
