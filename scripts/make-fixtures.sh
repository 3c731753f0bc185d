#!/usr/bin/env bash
# Write the reader test fixtures under tests/fixtures/ from samples/ (see tests/fixtures/README.md).
#
#   bash scripts/make-fixtures.sh           # (re)write what is missing or out of date
#   bash scripts/make-fixtures.sh --force   # rewrite everything, LibreOffice files included
#
# Idempotent: files that are derived deterministically are rewritten byte-identically; the
# LibreOffice conversions and the encrypted workbook (which carry timestamps or random salts)
# are only rewritten when samples/intake.xlsx changed (its sha256 is kept in SOURCE.sha256) or
# with --force. Installs what it needs: openpyxl and msoffcrypto-tool (pip), LibreOffice Calc
# (apt-get, package libreoffice-calc-nogui) when `soffice` is not on PATH.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
FIX=tests/fixtures
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

log() { printf '%s\n' "make-fixtures: $*" >&2; }

# --- prerequisites -------------------------------------------------------------------
command -v python3 >/dev/null || { log "python3 is required"; exit 1; }
py_has() { python3 -c "import $1" 2>/dev/null; }
py_has openpyxl || python3 -m pip install --quiet openpyxl
py_has msoffcrypto || python3 -m pip install --quiet msoffcrypto-tool
if ! command -v soffice >/dev/null; then
  log "installing LibreOffice Calc (libreoffice-calc-nogui)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui >/dev/null
fi

[[ -f samples/intake.xlsx && -d samples/csv ]] || python3 scripts/make-samples.py

mkdir -p "$FIX"/{libreoffice,cp932,utf8-bom,broken,date1904,english-keys,heading-variants}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# --- 1. libreoffice/: samples/intake.xlsx opened and saved by LibreOffice --------------------
SRC_SHA=$(sha256sum samples/intake.xlsx | cut -d' ' -f1)
STAMP=$FIX/libreoffice/SOURCE.sha256
if [[ $FORCE == 1 || ! -f $STAMP || "$(cat "$STAMP")" != "$SRC_SHA" \
      || ! -f $FIX/libreoffice/intake.ods || ! -f $FIX/libreoffice/intake.xlsx \
      || ! -f $FIX/libreoffice/intake.xls ]]; then
  log "converting samples/intake.xlsx with $(soffice --version 2>/dev/null | head -1)"
  profile="file://$WORK/lo-profile"
  for target in "ods:calc8" "xlsx:Calc MS Excel 2007 XML" "xls:MS Excel 97"; do
    ext=${target%%:*}
    mkdir -p "$WORK/lo-$ext"
    timeout 300 soffice --headless --norestore --nologo "-env:UserInstallation=$profile" \
      --convert-to "$target" --outdir "$WORK/lo-$ext" samples/intake.xlsx >/dev/null 2>&1
    [[ -s "$WORK/lo-$ext/intake.$ext" ]] || { log "LibreOffice did not write intake.$ext"; exit 1; }
    cp "$WORK/lo-$ext/intake.$ext" "$FIX/libreoffice/intake.$ext"
  done
  echo "$SRC_SHA" > "$STAMP"
else
  log "libreoffice/: up to date with samples/intake.xlsx"
fi

# --- 2. everything else, in Python ------------------------------------------------------
FORCE=$FORCE SRC_SHA=$SRC_SHA python3 - "$ROOT" <<'PY'
import csv, datetime as dt, io, os, re, sys, zipfile
from pathlib import Path
import openpyxl

root = Path(sys.argv[1]); os.chdir(root)
FIX = Path("tests/fixtures"); SAMPLES = Path("samples")
FORCE = os.environ["FORCE"] == "1"; SRC_SHA = os.environ["SRC_SHA"]
FIXED_TS = (2025, 11, 30, 0, 0, 0)

def write(path, data):
    """Write bytes only when they differ (keeps mtimes and git quiet)."""
    path = Path(path)
    if path.exists() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)

def normalized_zip(data):
    src = zipfile.ZipFile(io.BytesIO(data)); out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)",
                              rb"\g<1>2025-11-30T00:00:00Z\g<3>", body)
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TS)
            zi.compress_type = zipfile.ZIP_DEFLATED; zi.external_attr = 0o644 << 16
            dst.writestr(zi, body)
    return out.getvalue()

def save_wb(wb, path):
    buf = io.BytesIO(); wb.save(buf); write(path, normalized_zip(buf.getvalue()))

def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))

def csv_bytes(rows, newline="\r\n"):
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows)
    return buf.getvalue()

sample_csvs = sorted((SAMPLES / "csv").glob("*.csv"))

# --- cp932/ and utf8-bom/: as Excel on Japanese Windows saves CSV -------------------------
# Excel writes rows ending in CRLF and line breaks inside a cell as a bare LF (inside quotes).
# ✔ and ✕ are not in CP932 (Excel would write "?"); they only occur in code columns, where
# ○ and × mean the same, so the CP932 copy uses those.
CP932_SUBST = str.maketrans({"✔": "○", "✕": "×"})
for p in sample_csvs:
    text = csv_bytes(read_csv(p))
    sj = text.translate(CP932_SUBST).encode("cp932")  # strict: fails on anything unencodable
    assert sj.decode("cp932") == text.translate(CP932_SUBST), p
    write(FIX / "cp932" / p.name, sj)
    write(FIX / "utf8-bom" / p.name, b"\xef\xbb\xbf" + text.encode("utf-8"))

# --- dates.csv / invalid_dates.csv ------------------------------------------------------------
dates = [
    ("2024-08-20", "2024-08-20"), ("2024/8/20", "2024-08-20"), ("2024.8.20", "2024-08-20"),
    ("2024年8月20日", "2024-08-20"), ("令和6年8月20日", "2024-08-20"), ("令和元年5月1日", "2019-05-01"),
    ("令和1年5月1日", "2019-05-01"), ("R6.8.20", "2024-08-20"), ("R06/08/20", "2024-08-20"),
    ("R1.5.1", "2019-05-01"), ("H31.4.30", "2019-04-30"), ("S64.1.7", "1989-01-07"),
    ("H1.1.8", "1989-01-08"), ("平成元年1月8日", "1989-01-08"), ("平成31年4月30日", "2019-04-30"),
    ("T15.12.24", "1926-12-24"), ("M45.7.29", "1912-07-29"),
    ("㋿6年8月20日", "2024-08-20"), ("２０２４／８／２０", "2024-08-20"), ("２０２４－０８－２０", "2024-08-20"),
    ("令和６年８月２０日", "2024-08-20"), ("Ｒ６．８．２０", "2024-08-20"), ("r6.8.20", "2024-08-20"),
    ("h31.4.30", "2019-04-30"), ("2024年08月20日", "2024-08-20"), (" 2024/8/20 ", "2024-08-20"),
    ("\u30002024/8/20\u3000", "2024-08-20"), ("2024-02-29", "2024-02-29"), ("令和7年11月30日", "2025-11-30"),
]
invalid_dates = [
    ("平成32年1月1日", "平成は31年（2019-04-30）まで"), ("H31.5.1", "平成の終わり（2019-04-30）より後"),
    ("R1.4.30", "令和は2019-05-01から"), ("S64.1.8", "昭和の終わり（1989-01-07）より後"),
    ("H0.1.1", "0年はない"), ("令和0年5月1日", "0年はない"), ("2024-02-30", "2月30日はない"),
    ("2023-02-29", "2023年はうるう年でない"), ("2024/13/1", "13月はない"), ("13/1/2024", "日/月/年の順は読まない"),
    ("abc", "日付でない"), ("2024年8月", "日がない"), ("令和6年", "月日がない"), ("X6.8.20", "未知の元号の略号"),
]
for (a, b) in dates:  # the expected values are consistent
    dt.date.fromisoformat(b)
write(FIX / "dates.csv", csv_bytes([("input", "expected")] + dates, "\n").encode("utf-8"))
write(FIX / "invalid_dates.csv", csv_bytes([("input", "reason")] + invalid_dates, "\n").encode("utf-8"))

# --- broken/ ---------------------------------------------------------------------------
B = FIX / "broken"
sample = (SAMPLES / "intake.xlsx").read_bytes()
write(B / "truncated.xlsx", sample[: len(sample) // 2])
write(B / "not-a-zip.xlsx", "ケースID,本人氏名\nこれは Excel のファイルではなく、拡張子だけ .xlsx にしたテキストです。\n".encode("utf-8"))
wb = openpyxl.Workbook(); wb.active.title = "Sheet1"; save_wb(wb, B / "empty.xlsx")

enc_stamp = B / "encrypted.SOURCE.sha256"
if FORCE or not (B / "encrypted.xlsx").exists() or not enc_stamp.exists() or enc_stamp.read_text().strip() != SRC_SHA:
    import msoffcrypto.format.ooxml as ooxml
    out = io.BytesIO()
    ooxml.OOXMLFile(io.BytesIO(sample)).encrypt("pw", out)
    (B / "encrypted.xlsx").write_bytes(out.getvalue())
    enc_stamp.write_text(SRC_SHA + "\n")

cases_rows = read_csv(SAMPLES / "csv" / "ケース.csv")
cases_text = csv_bytes(cases_rows)
write(B / "euc-jp.csv", cases_text.encode("euc_jp"))
write(B / "utf16.csv", cases_text.encode("utf-16"))  # UTF-16LE with BOM, as Windows writes it
good = cases_text.encode("utf-8")
row3 = good.index(b"\r\n", good.index(b"\r\n") + 2) + 2  # start of spreadsheet row 3
pos = good.index(b",", row3) + 1                          # first byte of B3 (本人氏名)
write(B / "bad-utf8.csv", good[:pos] + b"\xff" + good[pos:])
(B / "bad-utf8.offset").write_text(f"{pos}\n")

# zipbomb.xlsx: a valid package whose ケース sheet is ~300 MB of identical rows (deflates ~1000:1)
def zipbomb(path, target=300 * 1024 * 1024):
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {ns} {rns}><sheets><sheet name="ケース" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    def inline(v):
        return f'<c t="inlineStr"><is><t>{v}</t></is></c>'
    head = "<row>" + "".join(inline(h) for h in cases_rows[0]) + "</row>"
    # each row ends in a 30,000-character 終了理由 of one repeated letter: runs at distance 1
    # deflate at ~1000:1, so 300 MB of XML stays well under 1 MB on disk
    row = "<row>" + "".join(inline(v) for v in ["ZB-0001", "見本 太郎", "みほん たろう", "中央保健所",
                                                    "中央保健所", "見本 担当", "", "", "x" * 30000]) + "</row>"
    chunk = (row * (1024 * 1024 // len(row.encode()) + 1)).encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, body in files.items():
            zi = zipfile.ZipInfo(name, date_time=FIXED_TS); zi.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(zi, body)
        zi = zipfile.ZipInfo("xl/worksheets/sheet1.xml", date_time=FIXED_TS)
        zi.compress_type = zipfile.ZIP_DEFLATED
        for attr in ("compress_level", "_compresslevel"):  # the name differs across Python versions
            try:
                setattr(zi, attr, 9); break
            except AttributeError:
                pass
        with z.open(zi, "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {ns}><sheetData>{head}'.encode())
            written = 0
            while written < target:
                f.write(chunk); written += len(chunk)
            f.write(b"</sheetData></worksheet>")
    data = buf.getvalue()
    assert len(data) < 1024 * 1024, len(data)
    write(path, data)
if FORCE or not (B / "zipbomb.xlsx").exists():
    zipbomb(B / "zipbomb.xlsx")

# structure errors, each in an otherwise valid copy of the sample workbook
wb = openpyxl.load_workbook(SAMPLES / "intake.xlsx")
ws = wb["支援計画"]; col = [c.value for c in ws[1]].index("短期目標") + 1; ws.delete_cols(col)
save_wb(wb, B / "missing-column.xlsx")
wb = openpyxl.load_workbook(SAMPLES / "intake.xlsx")
ws = wb["ニーズ"]; heads = [c.value for c in ws[1]]; ws.cell(row=1, column=heads.index("領域") + 1).value = "評価"
save_wb(wb, B / "duplicate-heading.xlsx")
wb = openpyxl.load_workbook(SAMPLES / "intake.xlsx"); del wb["ケース"]
save_wb(wb, B / "missing-sheet.xlsx")

# --- date1904/: the sample workbook in the 1904 date system -----------------------------------
from openpyxl.utils.datetime import CALENDAR_MAC_1904
wb = openpyxl.load_workbook(SAMPLES / "intake.xlsx"); wb.epoch = CALENDAR_MAC_1904
save_wb(wb, FIX / "date1904" / "intake.xlsx")

# --- english-keys/ and heading-variants/ ---------------------------------------------------------
spec = {}
import importlib.util
m = importlib.util.spec_from_file_location("make_samples", "scripts/make-samples.py")
ms = importlib.util.module_from_spec(m); m.loader.exec_module(ms)
FW = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})
for name, key, cols in ms.SHEETS:
    rows = read_csv(SAMPLES / "csv" / f"{name}.csv")
    assert rows[0] == [h for h, _ in cols], name
    write(FIX / "english-keys" / f"{key}.csv", csv_bytes([[k for _, k in cols]] + rows[1:], "\n").encode("utf-8"))
    variants = []
    for i, (h, k) in enumerate(cols):
        v = h
        if i % 4 == 0:
            v = h + "（必須）" if k in ("case_id", "plan_no", "created", "name", "date", "need", "no",
                                       "relation", "section", "text", "region", "manager") else h
        elif i % 4 == 1:
            v = h.translate(FW)                       # 全角 letters and digits
        elif i % 4 == 2:
            v = " ".join(h) if len(h) <= 4 else h.replace(" ", "") + "　"   # spaces anywhere
        else:
            v = "\u3000" + h.replace(" ", "\u3000") + " "
        variants.append(v)
    write(FIX / "heading-variants" / f"{name}.csv", csv_bytes([variants] + rows[1:], "\n").encode("utf-8"))
print("make-fixtures: python part done", file=sys.stderr)
PY

# --- 3. README ---------------------------------------------------------------------------------
cat > "$FIX/README.md" <<'EOF'
# Test fixtures

Written by `bash scripts/make-fixtures.sh` from `samples/` (itself written by
`python3 scripts/make-samples.py`). Do not edit by hand. Data is fictional; check dates with
`--as-of 2025-11-30`.

| path | what | expected |
|---|---|---|
| `libreoffice/intake.ods`, `intake.xlsx`, `intake.xls` | `samples/intake.xlsx` opened and saved by LibreOffice Calc (`soffice --headless --convert-to`); `SOURCE.sha256` is the sample they were made from | same cases as `samples/` |
| `cp932/*.csv` | `samples/csv/` as Excel on Japanese Windows saves 「CSV (コンマ区切り)」: CP932, CRLF rows, LF inside quoted cells. ✔→○ and ✕→× (not in CP932; same meaning in code columns) | same cases as `samples/` |
| `utf8-bom/*.csv` | `samples/csv/` as UTF-8 with BOM and CRLF rows | same cases as `samples/` |
| `date1904/intake.xlsx` | `samples/intake.xlsx` in the 1904 date system (`<workbookPr date1904="1"/>`) | same dates as `samples/` |
| `english-keys/*.csv` | `samples/csv/` with English keys as file names (`cases.csv`) and headings (`case_id`) | same cases as `samples/` |
| `heading-variants/*.csv` | `samples/csv/` with headings that differ only by width, white space or a trailing `（必須）` | same cases as `samples/` |
| `dates.csv` | `input,expected`: accepted date spellings and the ISO date they mean | each parses to `expected` |
| `invalid_dates.csv` | `input,reason`: date spellings that must be rejected (era overflow, impossible dates, …) | each is a bad-date error |
| `broken/truncated.xlsx` | the first half of `samples/intake.xlsx` | unreadable-file error |
| `broken/not-a-zip.xlsx` | a UTF-8 text file named `.xlsx` | unreadable-file error |
| `broken/empty.xlsx` | a workbook with one empty sheet `Sheet1` | empty workbook / missing sheets |
| `broken/encrypted.xlsx` | `samples/intake.xlsx` encrypted with password `pw` (ECMA-376 agile encryption, msoffcrypto-tool; LibreOffice 7.4 cannot write encrypted xlsx but opens this one with the password) | encrypted-file error |
| `broken/euc-jp.csv` | `ケース.csv` in EUC-JP | encoding error (neither UTF-8 nor CP932) naming the byte offset |
| `broken/utf16.csv` | `ケース.csv` in UTF-16LE with BOM | encoding error (or read as UTF-16, if supported) |
| `broken/bad-utf8.csv` | UTF-8 `ケース.csv` with one 0xFF byte at the start of cell B3; the byte offset is in `bad-utf8.offset` | encoding error at that offset / row 3 |
| `broken/zipbomb.xlsx` | a valid package whose only sheet `ケース` inflates to ~300 MB of identical rows (< 1 MB on disk) | refused by a size limit, not read into memory |
| `broken/missing-column.xlsx` | the sample workbook without the 支援計画 column 短期目標 | missing-column error naming 支援計画 and 短期目標 |
| `broken/duplicate-heading.xlsx` | the sample workbook with the ニーズ heading 領域 renamed to a second 評価 | duplicate-heading error |
| `broken/missing-sheet.xlsx` | the sample workbook without the ケース sheet | missing-sheet error |
EOF

# --- 4. quick self-check -------------------------------------------------------------------------
python3 - <<'PY'
import zipfile, openpyxl
from pathlib import Path
F = Path("tests/fixtures")
for name in ("intake.xlsx",):
    wb = openpyxl.load_workbook(F / "libreoffice" / name)
    assert "ケース" in wb.sheetnames and wb["ケース"].max_row == 7, wb.sheetnames
assert (F / "broken/encrypted.xlsx").read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
assert (F / "libreoffice/intake.xls").read_bytes()[:8] == bytes.fromhex("d0cf11e0a1b11ae1")
z = zipfile.ZipFile(F / "broken/zipbomb.xlsx")
info = z.getinfo("xl/worksheets/sheet1.xml")
assert info.file_size > 250 * 2**20 and (F / "broken/zipbomb.xlsx").stat().st_size < 2 * 2**20
assert b'date1904="1"' in zipfile.ZipFile(F / "date1904/intake.xlsx").read("xl/workbook.xml")
print(f"make-fixtures: ok (zipbomb {info.file_size // 2**20} MB -> {info.compress_size // 1024} KB)")
PY
