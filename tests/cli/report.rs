//! `cmsheets report` end to end: a workbook built from three offices' intake in three formats
//! (a CP932 CSV folder, an xlsx with date cells, an xlsx with 和暦 text dates), read back with
//! calamine and compared figure by figure with values worked out by hand from the fixtures
//! (tests/fixtures/report/README.md shows the working).

use crate::common::{cmsheets_command, require};

use calamine::{open_workbook, Data, Range, Reader, Xlsx};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

const AS_OF: &str = "2025-06-30";

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/report")
}

fn csv_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    files
}

/// The folder re-encoded in CP932, as Excel on Japanese Windows saves CSV.
fn cp932_folder(src: &Path, dst: &Path) -> PathBuf {
    std::fs::create_dir_all(dst).unwrap();
    for f in csv_files(src) {
        let text = std::fs::read_to_string(&f).unwrap();
        let (bytes, _, unmappable) = encoding_rs::SHIFT_JIS.encode(&text);
        assert!(!unmappable, "{} has characters CP932 lacks", f.display());
        std::fs::write(dst.join(f.file_name().unwrap()), bytes).unwrap();
    }
    dst.to_path_buf()
}

fn excel_serial(d: chrono::NaiveDate) -> f64 {
    (d - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap()).num_days() as f64
}

/// A workbook with one sheet per CSV of the folder. Whole numbers become number cells (as
/// people type them); ISO dates become date cells when `date_cells`, else stay text.
fn workbook_from_csv(src: &Path, dst: &Path, date_cells: bool) -> PathBuf {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("yyyy/m/d");
    for f in csv_files(src) {
        let ws = wb.add_worksheet();
        ws.set_name(f.file_stem().unwrap().to_string_lossy())
            .unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_path(&f)
            .unwrap();
        for (r, record) in reader.records().enumerate() {
            for (c, value) in record.unwrap().iter().enumerate() {
                let (r, c) = (r as u32, c as u16);
                if value.is_empty() {
                    continue;
                }
                if let (true, Ok(d)) = (
                    date_cells,
                    chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d"),
                ) {
                    ws.write_number_with_format(r, c, excel_serial(d), &date)
                        .unwrap();
                } else if let (true, Ok(n)) = (r > 0, value.parse::<u32>()) {
                    ws.write_number(r, c, n).unwrap();
                } else {
                    ws.write_string(r, c, value).unwrap();
                }
            }
        }
    }
    wb.save(dst).unwrap();
    dst.to_path_buf()
}

/// The three offices: 北区 (CSV, CP932), 南区 (xlsx), 北区 and 東町 (xlsx, 和暦 text dates; case C1
/// has an error and is left out).
fn three_offices(tmp: &Path) -> Vec<PathBuf> {
    vec![
        cp932_folder(&fixtures().join("office_a"), &tmp.join("office_a")),
        workbook_from_csv(
            &fixtures().join("office_b"),
            &tmp.join("office_b.xlsx"),
            true,
        ),
        workbook_from_csv(
            &fixtures().join("office_c"),
            &tmp.join("office_c.xlsx"),
            false,
        ),
    ]
}

struct Run {
    code: i32,
    stderr: String,
}

fn report(inputs: &[PathBuf], out: &Path, extra: &[&str]) -> Run {
    let mut args: Vec<OsString> = vec!["report".into()];
    args.extend(inputs.iter().map(|p| p.as_os_str().to_owned()));
    args.extend([
        "-o".into(),
        out.as_os_str().to_owned(),
        "--as-of".into(),
        AS_OF.into(),
        "-q".into(),
    ]);
    args.extend(extra.iter().map(OsString::from));
    let output = cmsheets_command().args(&args).output().unwrap();
    Run {
        code: output.status.code().unwrap_or(-1),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn open(path: &Path) -> Xlsx<std::io::BufReader<std::fs::File>> {
    open_workbook(path).unwrap()
}

fn sheet(path: &Path, name: &str) -> Range<Data> {
    open(path)
        .worksheet_range(name)
        .unwrap_or_else(|e| panic!("sheet {name}: {e}"))
}

fn text_of(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The rows of the table whose first heading is `label` (the heading row first), down to 全体.
fn table(range: &Range<Data>, label: &str) -> Vec<Vec<Data>> {
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let start = rows
        .iter()
        .position(|r| text_of(&r[0]) == label)
        .unwrap_or_else(|| panic!("no table headed {label}"));
    let end = start
        + rows[start..]
            .iter()
            .position(|r| text_of(&r[0]) == "全体")
            .expect("a 全体 row");
    let width = rows[start].iter().rposition(|d| *d != Data::Empty).unwrap() + 1;
    rows[start..=end]
        .iter()
        .map(|r| r[..width].to_vec())
        .collect()
}

/// One expected cell: `-` blank, `*` suppressed, `a/b` a rate or mean (compared as a/b), a
/// whole number, else text.
fn matches(token: &str, d: &Data) -> bool {
    let number = match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    };
    if token == "-" {
        return *d == Data::Empty;
    }
    if let Some((a, b)) = token.split_once('/') {
        if let (Ok(a), Ok(b), Some(n)) = (a.parse::<f64>(), b.parse::<f64>(), number) {
            return (n - a / b).abs() < 1e-9;
        }
    }
    if let (Ok(v), Some(n)) = (token.parse::<f64>(), number) {
        return n == v;
    }
    text_of(d) == token
}

type Expected<'a> = &'a [(&'a [&'a str], &'a str)];

/// Compares every cell of every data row; the heading row is returned for further checks.
fn check(what: &str, actual: &[Vec<Data>], expected: Expected<'_>) {
    let data = &actual[1..];
    assert_eq!(
        data.len(),
        expected.len(),
        "{what}: rows {:?}",
        data.iter().map(|r| text_of(&r[0])).collect::<Vec<_>>()
    );
    let headings: Vec<String> = actual[0].iter().map(text_of).collect();
    for (row, (labels, tokens)) in data.iter().zip(expected) {
        let want: Vec<&str> = labels
            .iter()
            .copied()
            .chain(tokens.split_whitespace().filter(|t| *t != "|"))
            .collect();
        assert_eq!(
            want.len(),
            headings.len(),
            "{what}: row {labels:?} has {} values for {} columns",
            want.len(),
            headings.len()
        );
        for (c, w) in want.iter().enumerate() {
            let got = row.get(c).unwrap_or(&Data::Empty);
            assert!(
                matches(w, got),
                "{what}: row {labels:?}, column 「{}」: expected {w}, got {got:?}",
                headings[c].replace('\n', "")
            );
        }
    }
}

// The full tables: ケース | ニーズ数 ◎ 〇 △ × 未評価 評価済み 達成率 順調率 | モニタリング 達成 一部
// 未達成 未記入 率 | 個別 ケア会議 その他 作成/更新 微修正 モニタリング その他 | 作成数 予定 期限内 遅れ
// 未実施 期限前 率 | クライシス CM終了 | 回答者 支援済み 未充足 1人あたり 1人あたり未充足 未充足率
const TOTAL: &str = "6 | 17 4 5 3 2 3 14 4/14 9/14 | 7 3 2 1 1 3/6 | 4 2 1 1 1 5 0 | 8 8 4 1 1 2 4/6 | 2 1 | 5 3 5 8/5 5/5 5/8";

const BY_REGION: Expected = &[
    (&["北区"], "3 | 10 3 2 2 1 2 8 3/8 5/8 | 4 1 1 1 1 1/3 | 2 1 1 1 1 2 0 | 4 4 2 1 0 1 2/3 | 1 1 | 3 2 3 5/3 3/3 3/5"),
    (&["南区"], "2 | 6 1 2 1 1 1 5 1/5 3/5 | 2 1 1 0 0 1/2 | 1 1 0 0 0 2 0 | 3 3 1 0 1 1 1/2 | 1 0 | 1 1 1 2/1 1/1 1/2"),
    (&["東町"], "1 | 1 0 1 0 0 0 1 0/1 1/1 | 1 1 0 0 0 1/1 | 1 0 0 0 0 1 0 | 1 1 1 0 0 0 1/1 | 0 0 | 1 0 1 1/1 1/1 1/1"),
    (&["全体"], TOTAL),
];

const BY_YEAR: Expected = &[
    (&["令和5年度"], "1 | 2 0 1 1 0 0 2 0/2 1/2 | 1 0 0 1 0 0/1 | 1 0 0 0 0 1 0 | 2 1 0 1 0 0 0/1 | 0 0 | 1 0 2 2/1 2/1 2/2"),
    (&["令和6年度"], "6 | 13 4 4 2 2 1 12 4/12 8/12 | 6 3 2 0 1 3/5 | 3 2 1 1 1 4 0 | 5 5 4 0 1 0 4/5 | 2 1 | 5 2 6 8/5 6/5 6/8"),
    (&["令和7年度"], "5 | 2 0 0 0 0 2 0 - - | 0 0 0 0 0 - | 0 0 0 0 0 0 0 | 1 2 0 0 0 2 - | 1 0 | 1 1 1 2/1 1/1 1/2"),
    (&["全体"], TOTAL),
];

// ケース | ニーズ (9) | 回答数 1 割合 2 割合 0 割合 9 割合 未回答 ニーズ率 未充足率
const BY_DOMAIN: Expected = &[
    (
        &["A 環境要因"],
        "2 | 4 2 1 1 0 0 4 2/4 3/4 | 4 2 2/4 0 0/4 1 1/4 1 1/4 21 2/4 0/2",
    ),
    (
        &["B 生活機能（活動）"],
        "2 | 3 0 2 0 0 1 2 0/2 2/2 | 3 0 0/3 3 3/3 0 0/3 0 0/3 32 3/3 3/3",
    ),
    (
        &["C 社会参加"],
        "2 | 3 0 0 1 1 1 2 0/2 0/2 | 1 0 0/1 1 1/1 0 0/1 0 0/1 9 1/1 1/1",
    ),
    (
        &["D 心身の状態"],
        "2 | 3 0 1 1 0 1 2 0/2 1/2 | 2 0 0/2 1 1/2 1 1/2 0 0/2 18 1/2 1/1",
    ),
    (
        &["E 支援継続に関する課題"],
        "1 | 2 1 1 0 0 0 2 1/2 2/2 | 2 1 1/2 0 0/2 0 0/2 1 1/2 8 1/2 0/1",
    ),
    (
        &["F 行動に関する課題"],
        "1 | 1 1 0 0 0 0 1 1/1 1/1 | 1 0 0/1 0 0/1 1 1/1 0 0/1 24 0/1 -",
    ),
    (
        &["O その他"],
        "0 | 0 0 0 0 0 0 0 - - | 0 0 - 0 - 0 - 0 - 10 - -",
    ),
    (
        &["領域の記入なし"],
        "1 | 1 0 0 0 1 0 1 0/1 0/1 | 0 0 - 0 - 0 - 0 - 0 - -",
    ),
    (
        &["全体"],
        "6 | 17 4 5 3 2 3 14 4/14 9/14 | 13 3 3/13 5 5/13 3 3/13 2 2/13 122 8/13 5/8",
    ),
];

const BY_PLAN_NO: Expected = &[
    (
        &["1"],
        "5 | 12 2 5 3 2 0 12 2/12 7/12 | 6 3 2 1 0 3/6 | 4 2 0 1 0 5 0 | 5 5 3 1 0 1 3/4",
    ),
    (
        &["2"],
        "3 | 5 2 0 0 0 3 2 2/2 2/2 | 1 0 0 0 1 - | 0 0 1 0 1 0 0 | 3 3 1 0 1 1 1/2",
    ),
    (
        &["全体"],
        "6 | 17 4 5 3 2 3 14 4/14 9/14 | 7 3 2 1 1 3/6 | 4 2 1 1 1 5 0 | 8 8 4 1 1 2 4/6",
    ),
];

const BY_TIMING: Expected = &[
    (
        &["退院直後"],
        "1 | 2 0 0 1 1 0 2 0/2 0/2 | 1 0 1 0 0 0/1 | 1 0 0 0 0 1 0",
    ),
    (
        &["CM導入時"],
        "1 | 1 0 1 0 0 0 1 0/1 1/1 | 1 1 0 0 0 1/1 | 1 0 0 0 0 1 0",
    ),
    (
        &["CM6ヵ月後"],
        "3 | 5 1 3 1 0 0 5 1/5 4/5 | 3 1 1 1 0 1/3 | 2 1 0 0 0 3 0",
    ),
    (
        &["CM12ヵ月後"],
        "2 | 6 3 1 1 1 0 6 3/6 4/6 | 2 1 0 0 1 1/1 | 0 1 1 1 1 0 0",
    ),
    (
        &["モニタリングなし"],
        "2 | 3 0 0 0 0 3 0 - - | 0 0 0 0 0 - | 0 0 0 0 0 0 0",
    ),
    (
        &["全体"],
        "6 | 17 4 5 3 2 3 14 4/14 9/14 | 7 3 2 1 1 3/6 | 4 2 1 1 1 5 0",
    ),
];

// 対象人数 | 回答数 1 割合 2 割合 0 割合 9 割合 未回答 ニーズ率 未充足率
const NONE: &str = "5 | 0 0 - 0 - 0 - 0 - 5 - -";
const ONE_UNMET: &str = "5 | 1 0 0/1 1 1/1 0 0/1 0 0/1 4 1/1 1/1";
const ONE_NO_NEED: &str = "5 | 1 0 0/1 0 0/1 1 1/1 0 0/1 4 0/1 -";
const BY_ITEM: Expected = &[
    (
        &["A1 住居", "A 環境要因"],
        "5 | 3 1 1/3 0 0/3 1 1/3 1 1/3 2 1/3 0/1",
    ),
    (
        &["A2 経済的", "A 環境要因"],
        "5 | 1 1 1/1 0 0/1 0 0/1 0 0/1 4 1/1 0/1",
    ),
    (&["A3 家族、パートナー等との関係", "A 環境要因"], NONE),
    (&["A4 18歳以下の子供の養育", "A 環境要因"], NONE),
    (&["A5 高齢者、障害者の介護", "A 環境要因"], NONE),
    (&["B1 食事", "B 生活機能（活動）"], ONE_UNMET),
    (&["B2 自室や生活環境の整理整頓", "B 生活機能（活動）"], NONE),
    (&["B3 入浴、歯磨き等の清潔保持", "B 生活機能（活動）"], NONE),
    (&["B4 電話", "B 生活機能（活動）"], NONE),
    (
        &["B5 公共交通機関、車等の移動手段", "B 生活機能（活動）"],
        ONE_UNMET,
    ),
    (&["B6 お金の管理", "B 生活機能（活動）"], ONE_UNMET),
    (&["B7 読み書き、計算等", "B 生活機能（活動）"], NONE),
    (&["C1 日中の時間の過ごし方", "C 社会参加"], ONE_UNMET),
    (&["C2 家族以外との社会的交流", "C 社会参加"], NONE),
    (&["D1 幻覚、妄想", "D 心身の状態"], ONE_UNMET),
    (&["D2 体の病気、副作用", "D 心身の状態"], NONE),
    (&["D3 不安、抑うつ", "D 心身の状態"], ONE_NO_NEED),
    (&["D4 性に関係する問題", "D 心身の状態"], NONE),
    (
        &["E1 治療や処遇についての情報", "E 支援継続に関する課題"],
        NONE,
    ),
    (
        &["E2 病気の自己管理", "E 支援継続に関する課題"],
        "5 | 2 1 1/2 0 0/2 0 0/2 1 1/2 3 1/2 0/1",
    ),
    (&["F1 アルコール", "F 行動に関する課題"], ONE_NO_NEED),
    (&["F2 薬物", "F 行動に関する課題"], NONE),
    (&["F3 自殺に関連する行動や自傷", "F 行動に関する課題"], NONE),
    (
        &["F4 他者に対する暴力、威嚇行動", "F 行動に関する課題"],
        NONE,
    ),
    (
        &["F5 衝動性や強迫行為、こだわり", "F 行動に関する課題"],
        NONE,
    ),
    (&["O1 その他1", "O その他"], NONE),
    (&["O2 その他2", "O その他"], NONE),
    (
        &["全体", "-"],
        "5 | 13 3 3/13 5 5/13 3 3/13 2 2/13 122 8/13 5/8",
    ),
];

// 人数 | 初回 支援済み 要支援 最新 支援済み 要支援 増減 | 減った 変わらない 増えた
const CHANGE: Expected = &[
    (&["北区"], "2 | 1/2 4/2 2/2 2/2 -2/2 | 1 1 0"),
    (&["南区"], "1 | 0/1 2/1 1/1 1/1 -1/1 | 1 0 0"),
    (&["全体"], "3 | 1/3 6/3 3/3 3/3 -3/3 | 2 1 0"),
];

// 実人員 (評価を受けた人, ◎のあった人, モニタリングを受けた人), by hand from the README's records:
// evaluated A1 A2 B1 B2 C2, ◎ A1 A2 B1, monitored A1 A2 B1 B2 C2 (A3 has a questionnaire only).
const PERSONS_BY_REGION: &[&str] = &["2 2 2", "2 1 2", "1 0 1", "5 3 5"];
// R5 A2v1 (△〇); R6 A1v1 A2v2 B1v1 B2v1 C2v1; R7 A1v2 unevaluated and no monitoring.
const PERSONS_BY_YEAR: &[&str] = &["1 0 1", "5 3 5", "0 0 0", "5 3 5"];
// Version 1: A1 A2 B1 B2 C2 evaluated, ◎ A1 B1; version 2: A2v2 ◎◎, A2's monitoring of 2024-07-25.
const PERSONS_BY_PLAN_NO: &[&str] = &["5 2 5", "1 1 1", "5 3 5"];
// Needs by the version's last monitoring; monitorings by their own 評価時期.
const PERSONS_BY_TIMING: &[&str] = &["1 0 1", "1 0 1", "2 1 3", "2 2 2", "0 0 0", "5 3 5"];
// By the need's 領域 (no monitoring column).
const PERSONS_BY_DOMAIN: &[&str] = &[
    "2 2", "2 0", "1 0", "2 0", "1 1", "1 1", "0 0", "1 0", "5 3",
];

// 地域 | 実人員 R5 R6 R7 前年度比 | 評価済み R5 R6 R7 比 | ◎ R5 R6 R7 比 | 達成率 R5 R6 R7
const YOY: Expected = &[
    (&["北区"], "1 2 0 0/2 | 2 6 0 0/6 | 0 3 0 0/3 | 0/2 3/6 -"),
    (&["南区"], "0 2 0 0/2 | 0 5 0 0/5 | 0 1 0 0/1 | - 1/5 -"),
    (&["東町"], "0 1 0 0/1 | 0 1 0 0/1 | 0 0 0 - | - 0/1 -"),
    (
        &["全体"],
        "1 5 0 0/5 | 2 12 0 0/12 | 0 4 0 0/4 | 0/2 4/12 -",
    ),
];

type Owned<'a> = Vec<(&'a [&'a str], String)>;

/// The full rows of a grouping (ケース | its bands) as its two sheets show them: ケース, 実人員 and
/// the first `outcome` bands on the first, the rest on …_計画と見直し.
fn split<'a>(full: Expected<'a>, persons: &[&str], outcome: usize) -> (Owned<'a>, Owned<'a>) {
    assert_eq!(full.len(), persons.len());
    let mut first = Vec::new();
    let mut second = Vec::new();
    for ((labels, tokens), p) in full.iter().zip(persons) {
        let bands: Vec<&str> = tokens.split(" | ").collect();
        let mut a = vec![bands[0], p];
        a.extend(&bands[1..=outcome]);
        first.push((*labels, a.join(" | ")));
        second.push((*labels, bands[outcome + 1..].join(" | ")));
    }
    (first, second)
}

fn borrowed<'a>(rows: &'a Owned<'a>) -> Vec<(&'a [&'a str], &'a str)> {
    rows.iter().map(|(l, t)| (*l, t.as_str())).collect()
}

fn check_split(out: &Path, name: &str, label: &str, full: Expected<'_>, persons: &[&str]) {
    let (first, second) = split(full, persons, 2);
    check(name, &table(&sheet(out, name), label), &borrowed(&first));
    let process = format!("{name}_計画と見直し");
    check(
        &process,
        &table(&sheet(out, &process), label),
        &borrowed(&second),
    );
}

/// 明細: ケースID 地域 年度 評価日 作成番号 No 評価時期 項目 領域 評価 (項目・領域 `-` when blank).
const DETAIL: &[&str] = &[
    "A1 北区 令和6年度 2025-03-31 1 1 CM12ヵ月後 A1_住居 A_環境要因 ◎",
    "A1 北区 令和6年度 2025-03-31 1 2 CM12ヵ月後 B1_食事 B_生活機能（活動） 〇",
    "A1 北区 令和6年度 2025-03-31 1 3 CM12ヵ月後 D3_不安、抑うつ D_心身の状態 △",
    "A1 北区 令和6年度 2025-03-31 1 4 CM12ヵ月後 - - ×",
    "A1 北区 令和7年度 2025-04-01 2 1 モニタリングなし B1_食事 B_生活機能（活動） 未評価",
    "A1 北区 令和7年度 2025-04-01 2 2 モニタリングなし C1_日中の時間の過ごし方 C_社会参加 未評価",
    "A2 北区 令和5年度 2024-01-20 1 1 CM6ヵ月後 A2_経済的 A_環境要因 △",
    "A2 北区 令和5年度 2024-01-20 1 2 CM6ヵ月後 A2_経済的 A_環境要因 〇",
    "A2 北区 令和6年度 2024-07-25 2 1 CM12ヵ月後 A2_経済的 A_環境要因 ◎",
    "A2 北区 令和6年度 2024-07-25 2 2 CM12ヵ月後 F1_アルコール F_行動に関する課題 ◎",
    "B1 南区 令和6年度 2024-11-05 1 1 CM6ヵ月後 E2_病気の自己管理 E_支援継続に関する課題 ◎",
    "B1 南区 令和6年度 2024-11-05 1 2 CM6ヵ月後 E2_病気の自己管理 E_支援継続に関する課題 〇",
    "B1 南区 令和6年度 2024-11-05 1 3 CM6ヵ月後 D1_幻覚、妄想 D_心身の状態 〇",
    "B1 南区 令和6年度 2024-12-01 2 1 モニタリングなし D1_幻覚、妄想 D_心身の状態 未評価",
    "B2 南区 令和6年度 2025-03-31 1 1 退院直後 C2_家族以外との社会的交流 C_社会参加 ×",
    "B2 南区 令和6年度 2025-03-31 1 2 退院直後 C2_家族以外との社会的交流 C_社会参加 △",
    "C2 東町 令和6年度 2024-06-15 1 1 CM導入時 B5_公共交通機関、車等の移動手段 B_生活機能（活動） 〇",
];

/// Names, kana and free text of the fixtures: none may reach the report.
const PRIVATE: &[&str] = &[
    "北野",
    "一郎",
    "北川",
    "二美",
    "北原",
    "三太",
    "南野",
    "四郎",
    "南田",
    "五月",
    "東出",
    "六郎",
    "東山",
    "八重",
    "西田",
    "花子",
    "太郎",
    "南川",
    "七子",
    "きたの",
    "みなみ",
    "住まいを探したい",
    "一人暮らし",
    "眠れなくなる",
    "家計簿",
    "外出したい",
    "居場所のこと",
];

fn all_cells(path: &Path) -> Vec<(String, String)> {
    let mut wb = open(path);
    let mut out = Vec::new();
    for name in wb.sheet_names() {
        let range = wb.worksheet_range(&name).unwrap();
        for row in range.rows() {
            for d in row {
                out.push((name.clone(), text_of(d)));
            }
        }
    }
    out
}

fn serial_date(d: &Data) -> String {
    let serial = match d {
        Data::DateTime(dt) => dt.as_f64(),
        Data::Float(f) => *f,
        other => panic!("not a date: {other:?}"),
    };
    (chrono::NaiveDate::from_ymd_opt(1899, 12, 30).unwrap() + chrono::Days::new(serial as u64))
        .to_string()
}

fn check_detail(path: &Path, ids: impl Fn(&str) -> String) {
    let range = sheet(path, "明細");
    let rows: Vec<&[Data]> = range.rows().collect();
    let headings: Vec<String> = rows[0].iter().map(text_of).collect();
    assert_eq!(
        headings[1..],
        [
            "地域",
            "年度",
            "評価日",
            "作成番号",
            "No",
            "評価時期",
            "項目",
            "領域",
            "評価"
        ]
    );
    assert_eq!(rows.len() - 1, DETAIL.len());
    for (row, want) in rows[1..].iter().zip(DETAIL) {
        let want: Vec<String> = want.split(' ').map(|t| t.replace('_', " ")).collect();
        assert_eq!(text_of(&row[0]), ids(&want[0]));
        assert_eq!(serial_date(&row[3]), want[3]);
        for c in [1, 2, 4, 5, 6, 7, 8, 9] {
            assert!(
                matches(&want[c], &row[c]),
                "明細 {want:?}, column {}: got {:?}",
                headings[c],
                row[c]
            );
        }
    }
    let mut wb = open(path);
    wb.load_tables().unwrap();
    assert_eq!(wb.table_names_in_sheet("明細"), vec!["明細表"]);
    let t = wb.table_by_name("明細表").unwrap();
    assert_eq!(t.data().height(), DETAIL.len());
}

#[test]
fn every_figure_of_every_table() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.xlsx");
    let run = report(&three_offices(tmp.path()), &out, &[]);
    // To look at it: CMSHEETS_KEEP_REPORT=/tmp/report.xlsx cargo test --test cli report::every_figure
    if let Some(keep) = std::env::var_os("CMSHEETS_KEEP_REPORT") {
        std::fs::copy(&out, keep).unwrap();
    }
    // C1 has an invalid evaluation: left out, reported, and the report still written.
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("除外したケース（1件）: C1"),
        "{}",
        run.stderr
    );

    let wb_sheets = open(&out).sheet_names();
    assert_eq!(
        wb_sheets,
        [
            "概要",
            "地域別",
            "地域別_計画と見直し",
            "期間別",
            "期間別_計画と見直し",
            "年度比較",
            "領域別",
            "作成番号別",
            "作成番号別_計画と見直し",
            "評価時期別",
            "評価時期別_計画と見直し",
            "アンケート",
            "明細"
        ]
    );
    check_split(&out, "地域別", "地域", BY_REGION, PERSONS_BY_REGION);
    check_split(&out, "期間別", "年度", BY_YEAR, PERSONS_BY_YEAR);
    check_split(
        &out,
        "作成番号別",
        "作成番号",
        BY_PLAN_NO,
        PERSONS_BY_PLAN_NO,
    );
    check_split(&out, "評価時期別", "評価時期", BY_TIMING, PERSONS_BY_TIMING);
    let (domain, none) = split(BY_DOMAIN, PERSONS_BY_DOMAIN, 2);
    assert!(none.iter().all(|(_, t)| t.is_empty()));
    check(
        "領域別",
        &table(&sheet(&out, "領域別"), "領域"),
        &borrowed(&domain),
    );
    check("年度比較", &table(&sheet(&out, "年度比較"), "地域"), YOY);
    let q = sheet(&out, "アンケート");
    check("アンケート 項目別", &table(&q, "項目"), BY_ITEM);
    check("アンケート 初回と最新", &table(&q, "地域"), CHANGE);
    check_detail(&out, |id| id.to_string());

    // 概要: the headline figures are the 全体 row, heading by heading, and each has its line in
    // 指標の説明.
    let summary = sheet(&out, "概要");
    let pairs: Vec<(String, Data)> = summary
        .rows()
        .map(|r| (text_of(&r[0]), r.get(1).cloned().unwrap_or(Data::Empty)))
        .collect();
    for name in ["地域別", "地域別_計画と見直し"] {
        let region = table(&sheet(&out, name), "地域");
        let total = region.last().unwrap();
        for (c, h) in region[0].iter().enumerate().skip(1) {
            let h = text_of(h).replace('\n', "");
            let found: Vec<&Data> = pairs
                .iter()
                .filter(|(k, _)| *k == h)
                .map(|(_, v)| v)
                .collect();
            assert!(!found.is_empty(), "概要 lacks {h}");
            assert_eq!(found[0], &total[c], "概要 {h}");
            assert!(
                found
                    .iter()
                    .any(|v| matches!(v, Data::String(s) if s.chars().count() > 10)),
                "指標の説明 lacks {h}"
            );
        }
    }
    let info = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| text_of(v))
            .unwrap_or_default()
    };
    assert!(
        info("ケース").contains("7件を読み込み、エラーのある 1件を除外、6件を集計"),
        "{}",
        info("ケース")
    );
    assert_eq!(
        info("基準日"),
        "令和7年6月30日（見直しの期限超過・継続中のケースの判定に使用）"
    );
    assert!(info("オプション").contains("--as-of 2025-06-30"));
    let rows: Vec<Vec<String>> = summary
        .rows()
        .map(|r| r.iter().map(text_of).collect())
        .collect();
    let inputs = rows
        .iter()
        .position(|r| r[0] == "ファイル" && r[1] == "読み込み")
        .expect("inputs table");
    assert_eq!(rows[inputs + 1][..3], ["office_a", "済", "28"]);
    assert_eq!(rows[inputs + 2][..2], ["office_b.xlsx", "済"]);
    assert_eq!(rows[inputs + 3][..2], ["office_c.xlsx", "済"]);
    let e104 = rows
        .iter()
        .find(|r| r.get(3).is_some_and(|c| c == "E104"))
        .expect("the invalid evaluation is listed");
    assert_eq!(e104[0], "office_c.xlsx");
    assert!(e104[1].contains("選択肢にありません"), "{}", e104[1]);
    assert_eq!(e104[2], "エラー");
    assert!(
        e104[5].starts_with("office_c.xlsx › ニーズ › "),
        "{}",
        e104[5]
    );

    for (sheet, cell) in all_cells(&out) {
        for p in PRIVATE {
            assert!(!cell.contains(p), "「{p}」 on {sheet}: {cell}");
        }
        if sheet != "明細" {
            for id in ["A1", "A2", "A3", "B1", "B2", "C1", "C2"] {
                assert!(cell != id, "ケースID {id} on {sheet}");
            }
        }
    }
}

#[test]
fn csv_files_hold_the_same_figures() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.xlsx");
    let dir = tmp.path().join("csv");
    let run = report(
        &three_offices(tmp.path()),
        &out,
        &["--csv", dir.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (file, sheet_name, label) in [
        ("地域別", "地域別", "地域"),
        ("地域別_計画と見直し", "地域別_計画と見直し", "地域"),
        ("期間別", "期間別", "年度"),
        ("期間別_計画と見直し", "期間別_計画と見直し", "年度"),
        ("年度比較", "年度比較", "地域"),
        ("領域別", "領域別", "領域"),
        ("作成番号別", "作成番号別", "作成番号"),
        (
            "作成番号別_計画と見直し",
            "作成番号別_計画と見直し",
            "作成番号",
        ),
        ("評価時期別", "評価時期別", "評価時期"),
        (
            "評価時期別_計画と見直し",
            "評価時期別_計画と見直し",
            "評価時期",
        ),
        ("アンケート_項目別", "アンケート", "項目"),
        ("アンケート_初回と最新", "アンケート", "地域"),
    ] {
        let bytes = std::fs::read(dir.join(format!("{file}.csv"))).unwrap();
        assert!(
            bytes.starts_with("\u{feff}".as_bytes()),
            "{file}.csv has no BOM"
        );
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        let csv_rows: Vec<csv::StringRecord> = csv::Reader::from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap())
            .collect();
        let book = table(&sheet(&out, sheet_name), label);
        assert_eq!(csv_rows.len(), book.len() - 1, "{file}");
        for (c_row, b_row) in csv_rows.iter().zip(&book[1..]) {
            for (c, (cv, bv)) in c_row.iter().zip(b_row).enumerate() {
                let heading = text_of(&book[0][c]);
                let percent = heading.contains('率')
                    || heading.contains("割合")
                    || heading.contains("前年度比");
                let decimals = |n: usize| cv.split_once('.').is_some_and(|(_, d)| d.len() == n);
                // Rates are printed as percentages with one decimal, means with two.
                let ok = match (bv, cv.parse::<f64>()) {
                    (Data::Float(f), Ok(v)) if percent => {
                        decimals(1) && (v - f * 100.0).abs() <= 0.05 + 1e-9
                    }
                    (Data::Float(f), Ok(v)) if cv.contains('.') => {
                        decimals(2) && (v - f).abs() <= 0.005 + 1e-9
                    }
                    (Data::Float(f), Ok(v)) => v == *f,
                    (other, _) => cv == text_of(other),
                };
                assert!(ok, "{file} 「{heading}」: {cv} vs {bv:?}");
            }
        }
    }
    let detail = std::fs::read_to_string(dir.join("明細.csv")).unwrap();
    assert_eq!(detail.lines().count(), DETAIL.len() + 1);
    assert!(detail.contains("C2,東町,令和6年度,2024-06-15,1,1,CM導入時,B5 公共交通機関、車等の移動手段,B 生活機能（活動）,〇"));
    for f in std::fs::read_dir(&dir).unwrap() {
        let text = std::fs::read_to_string(f.unwrap().path()).unwrap();
        for p in PRIVATE {
            assert!(!text.contains(p), "「{p}」 in a CSV");
        }
    }
}

#[test]
fn pseudonymised_detail() {
    use hmac::{Hmac, Mac};
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.xlsx");
    let key = "北区の秘密の鍵2025";
    let run = report(&three_offices(tmp.path()), &out, &["--pseudonymize", key]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let pseudonym = |id: &str| {
        let mut mac = Hmac::<sha2::Sha256>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(id.as_bytes());
        mac.finalize().into_bytes()[..8]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    };
    check_detail(&out, pseudonym);
    assert_eq!(text_of(&sheet(&out, "明細")[(0, 0)]), "仮名ID");
    for (sheet, cell) in all_cells(&out) {
        assert!(!cell.contains(key), "the key on {sheet}");
    }
    assert!(!run.stderr.contains(key));
}

/// Hidden counts are below N or hidden with them; no row or column sum gives one away.
#[test]
fn small_cells_are_suppressed() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.xlsx");
    let dir = tmp.path().join("csv");
    let run = report(
        &three_offices(tmp.path()),
        &out,
        &["--suppress-below", "2", "--csv", dir.to_str().unwrap()],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        !open(&out).sheet_names().contains(&"明細".to_string()),
        "明細 is left out"
    );
    assert!(!dir.join("明細.csv").exists());

    let region = table(&sheet(&out, "地域別"), "地域");
    let headings: Vec<String> = region[0]
        .iter()
        .map(|h| text_of(h).replace('\n', ""))
        .collect();
    let col = |h: &str| {
        headings
            .iter()
            .position(|x| x == h)
            .unwrap_or_else(|| panic!("{h}"))
    };
    let star = Data::String("*".into());
    // 東町 has one case: every figure of its row is 0 or 1, or a rate of them.
    assert!(region[3][1..].iter().all(|d| *d == star), "{:?}", region[3]);
    // A figure of 2 or more that is not needed to protect another stays.
    assert!(matches("17", &region[4][col("ニーズ数")]));
    assert!(matches("4/14", &region[4][col("目標達成率")]));
    // Shown counts are never below 2, and a shown rate is built on shown counts.
    for row in &region[1..] {
        for (c, d) in row.iter().enumerate().skip(1) {
            if let Data::Float(v) = d {
                let is_count = !(headings[c].contains('率') || headings[c].contains("1人あたり"));
                assert!(
                    !is_count || *v >= 2.0,
                    "{} {} = {v}",
                    text_of(&row[0]),
                    headings[c]
                );
            }
        }
        if row[col("目標達成率")] != star {
            assert_ne!(row[col("◎終結")], star);
            assert_ne!(row[col("評価済み")], star);
        }
    }
    // No equation has a single unknown: ◎〇△×未評価 = ニーズ数 in each row, regions = 全体 in each column.
    let parts = [
        "◎終結",
        "〇円滑",
        "△課題あり",
        "×中止・困難",
        "未評価",
        "ニーズ数",
    ];
    for row in &region[1..] {
        let hidden = parts.iter().filter(|p| row[col(p)] == star).count();
        assert_ne!(hidden, 1, "row {}", text_of(&row[0]));
    }
    for p in parts {
        let hidden = region[1..].iter().filter(|r| r[col(p)] == star).count();
        assert_ne!(hidden, 1, "column {p}");
    }
    let summary: Vec<String> = sheet(&out, "概要")
        .rows()
        .flat_map(|r| r.iter().map(text_of).collect::<Vec<_>>())
        .collect();
    assert!(
        summary.iter().any(|c| c.starts_with("あり: 2未満の件数")),
        "a note on 概要"
    );
    let csv = std::fs::read_to_string(dir.join("地域別.csv")).unwrap();
    assert!(csv.lines().any(|l| l.starts_with("東町,*,*,")), "{csv}");

    // 年度比較's 全体 repeats 期間別's rows: a figure hidden in one is hidden in the other, and a
    // 年度's 目標達成率 is hidden with its counts.
    let period = table(&sheet(&out, "期間別"), "年度");
    let yoy = table(&sheet(&out, "年度比較"), "地域");
    let p_head: Vec<String> = period[0]
        .iter()
        .map(|h| text_of(h).replace('\n', ""))
        .collect();
    let y_head: Vec<String> = yoy[0]
        .iter()
        .map(|h| text_of(h).replace('\n', ""))
        .collect();
    let yoy_total = yoy.last().unwrap();
    let mut compared = 0;
    for row in &period[1..period.len() - 1] {
        let year = text_of(&row[0]);
        for (measure, short) in [
            ("評価を受けた人", "実人員"),
            ("評価済み", "評価済み"),
            ("◎終結", "◎"),
        ] {
            let pc = p_head.iter().position(|h| h == measure).unwrap();
            let yc = y_head
                .iter()
                .position(|h| *h == format!("{year}{short}"))
                .unwrap_or_else(|| panic!("{year}{short} in {y_head:?}"));
            assert_eq!(row[pc], yoy_total[yc], "{year} {measure}");
            compared += 1;
        }
        let rate = y_head
            .iter()
            .position(|h| *h == format!("{year}達成率"))
            .unwrap();
        let closed = y_head
            .iter()
            .position(|h| *h == format!("{year}◎"))
            .unwrap();
        if yoy_total[closed] == star {
            assert_eq!(yoy_total[rate], star, "{year} 達成率");
        }
    }
    assert_eq!(compared, 9);
}

/// A small intake written here: events on both sides of 3月31日/4月1日 and of the era change.
fn boundary_intake(dir: &Path) -> PathBuf {
    let d = dir.join("boundary");
    std::fs::create_dir_all(&d).unwrap();
    let write = |name: &str, text: &str| std::fs::write(d.join(name), text).unwrap();
    write(
        "cases.csv",
        "case_id,name,region,manager,cm_start\nX1,氏名一,西区,担当,2019-03-01\n",
    );
    write(
        "plans.csv",
        "case_id,plan_no,created,review_due,long_goal,short_goal\n\
         X1,1,2019-03-10,2019-04-30,目標,目標\nX1,2,2019-05-01,2020-03-31,目標,目標\nX1,3,2020-04-01,2020-09-30,目標,目標\n",
    );
    write(
        "monitoring.csv",
        "case_id,plan_no,date,timing,timing_months,kind,setting,short_goal_met\n\
         X1,1,2019-03-31,CM導入時,,モニタリング,個別面接,達成\n\
         X1,1,2019-04-30,CM導入時,,作成/更新,個別面接,未達成\n\
         X1,2,2020-03-31,CMヵ月後,12,作成/更新,個別面接,一部達成\n",
    );
    write(
        "needs.csv",
        "case_id,plan_no,no,need,evaluation\nX1,1,1,n,◎\nX1,1,2,n,×\nX1,2,1,n,〇\nX1,3,1,n,△\n",
    );
    d
}

#[test]
fn fiscal_year_boundaries() {
    let tmp = tempfile::tempdir().unwrap();
    let input = vec![boundary_intake(tmp.path())];
    let out = tmp.path().join("y.xlsx");
    let run = report(&input, &out, &["--by", "period"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        open(&out).sheet_names(),
        [
            "概要",
            "期間別",
            "期間別_計画と見直し",
            "年度比較",
            "アンケート",
            "明細"
        ]
    );
    // Plan 1 is evaluated at its latest monitoring, 平成31年4月30日: 令和元年度 (FY2019 from
    // April 1), not 平成30年度; its first monitoring on 3月31日 is still 平成30年度.
    // ケース | ニーズ (9) | モニタリング (6) | 内訳 (7) | 作成数 予定 期限内 遅れ 未実施 期限前 率 | …
    let by_year: Expected = &[
        (&["平成30年度"], "1 | 0 0 0 0 0 0 0 - - | 1 1 0 0 0 1/1 | 1 0 0 0 0 1 0 | 1 0 0 0 0 0 - | 0 0 | 0 0 0 - - -"),
        (&["令和元年度"], "1 | 3 1 1 0 1 0 3 1/3 2/3 | 2 0 1 1 0 0/2 | 2 0 0 2 0 0 0 | 1 2 2 0 0 0 2/2 | 0 0 | 0 0 0 - - -"),
        (&["令和2年度"], "1 | 1 0 0 1 0 0 1 0/1 0/1 | 0 0 0 0 0 - | 0 0 0 0 0 0 0 | 1 1 0 0 1 0 0/1 | 0 0 | 0 0 0 - - -"),
        (&["全体"], "1 | 4 1 1 1 1 0 4 1/4 2/4 | 3 1 1 1 0 1/3 | 3 0 0 2 0 1 0 | 3 3 2 0 1 0 2/3 | 0 0 | 0 0 0 - - -"),
    ];
    // 実人員: monitored in 平成30年度 only by the first monitoring; evaluated in 令和元年度 (◎ among
    // them) and 令和2年度 (△).
    check_split(
        &out,
        "期間別",
        "年度",
        by_year,
        &["0 0 1", "1 1 1", "1 0 0", "1 1 1"],
    );

    let out = tmp.path().join("q.xlsx");
    report(&input, &out, &["--by", "period", "--period", "quarter"]);
    let rows = table(&sheet(&out, "期間別"), "四半期");
    let labels: Vec<String> = rows[1..].iter().map(|r| text_of(&r[0])).collect();
    assert_eq!(
        labels,
        [
            "平成30年度 第4四半期（1〜3月）",
            "令和元年度 第1四半期（4〜6月）",
            "令和元年度 第4四半期（1〜3月）",
            "令和2年度 第1四半期（4〜6月）",
            "令和2年度 第2四半期（7〜9月）",
            "全体"
        ]
    );

    let out = tmp.path().join("m.xlsx");
    report(&input, &out, &["--by", "period", "--period", "month"]);
    let rows = table(&sheet(&out, "期間別"), "月");
    assert_eq!(text_of(&rows[1][0]), "平成31年3月");
    assert_eq!(text_of(&rows[2][0]), "平成31年4月");
    assert_eq!(text_of(&rows[3][0]), "令和元年5月");

    // --from 4月1日: what happened on 3月31日 is out, 4月1日 in.
    let out = tmp.path().join("f.xlsx");
    report(
        &input,
        &out,
        &[
            "--by",
            "period",
            "--from",
            "2020-04-01",
            "--to",
            "2021-03-31",
        ],
    );
    let only_2020: Expected = &[
        (&["令和2年度"], "1 | 1 0 0 1 0 0 1 0/1 0/1 | 0 0 0 0 0 - | 0 0 0 0 0 0 0 | 1 1 0 0 1 0 0/1 | 0 0 | 0 0 0 - - -"),
        (&["全体"], "1 | 1 0 0 1 0 0 1 0/1 0/1 | 0 0 0 0 0 - | 0 0 0 0 0 0 0 | 1 1 0 0 1 0 0/1 | 0 0 | 0 0 0 - - -"),
    ];
    check_split(&out, "期間別", "年度", only_2020, &["1 0 0", "1 0 0"]);
    let out = tmp.path().join("t.xlsx");
    report(&input, &out, &["--by", "period", "--to", "2019-03-31"]);
    let rows = table(&sheet(&out, "期間別"), "年度");
    assert_eq!(rows.len(), 3, "平成30年度 and 全体 only");
    assert_eq!(text_of(&rows[1][0]), "平成30年度");
}

/// Two offices that both send a folder of CSV files (one of them CP932).
#[test]
fn two_csv_folders() {
    let tmp = tempfile::tempdir().unwrap();
    let a = cp932_folder(&fixtures().join("office_a"), &tmp.path().join("a"));
    let out = tmp.path().join("r.xlsx");
    let run = report(&[a, fixtures().join("office_b")], &out, &["--by", "region"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let region = table(&sheet(&out, "地域別"), "地域");
    let names: Vec<String> = region[1..].iter().map(|r| text_of(&r[0])).collect();
    assert_eq!(names, ["北区", "南区", "全体"]);
}

/// A broken file among good ones: the others are still counted, and 概要 says what was not read.
#[test]
fn an_unreadable_input_is_listed() {
    let tmp = tempfile::tempdir().unwrap();
    let broken = tmp.path().join("壊れた.xlsx");
    std::fs::write(&broken, b"PK\x03\x04 not really a workbook").unwrap();
    let good = cp932_folder(&fixtures().join("office_a"), &tmp.path().join("office_a"));
    let out = tmp.path().join("r.xlsx");
    let run = report(&[good, broken], &out, &["--by", "region"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("読み込めなかったファイル"),
        "{}",
        run.stderr
    );
    let summary: Vec<Vec<String>> = sheet(&out, "概要")
        .rows()
        .map(|r| r.iter().map(text_of).collect())
        .collect();
    assert!(summary
        .iter()
        .any(|r| r[0] == "壊れた.xlsx" && r[1] == "読み込めず"));
    assert!(summary
        .iter()
        .any(|r| r[0].starts_with("注意: 読み込めなかった")));
    let region = table(&sheet(&out, "地域別"), "地域");
    assert_eq!(text_of(&region[1][0]), "北区");
    assert!(matches("10", &region[1][5]), "北区's 10 needs");
}

#[test]
fn refuses_what_it_cannot_do() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("r.xlsx");
    let run = report(&[tmp.path().join("missing.xlsx")], &out, &[]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!out.exists());

    let inputs = three_offices(tmp.path());
    let run = report(&inputs, &inputs[1], &[]);
    assert_eq!(run.code, 2, "writing over an input: {}", run.stderr);
    let run = report(
        &inputs,
        &out,
        &["--from", "2025-01-01", "--to", "2024-01-01"],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(!out.exists());
}

/// LibreOffice must open the workbook and see the same figures.
#[test]
fn a_real_spreadsheet_program_reads_it() {
    let soffice = which("soffice");
    if !require("soffice (LibreOffice)", soffice.is_some()) {
        return;
    }
    let soffice = soffice.unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.xlsx");
    assert_eq!(report(&three_offices(tmp.path()), &out, &[]).code, 1);
    let profile = format!(
        "-env:UserInstallation=file://{}",
        tmp.path().join("profile").display()
    );
    let status = Command::new(soffice)
        .args([&profile, "--headless", "--norestore", "--convert-to"])
        // UTF-8, values as shown (formats applied), every sheet to its own file.
        .arg("csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1")
        .arg("--outdir")
        .arg(tmp.path())
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let region = std::fs::read_to_string(tmp.path().join("report-地域別.csv")).unwrap();
    let total = region
        .lines()
        .find(|l| l.starts_with("全体,"))
        .expect("全体 row");
    assert!(
        total.starts_with("全体,6,5,3,5,17,4,5,3,2,3,14,28.6%,64.3%,7,"),
        "{total}"
    );
    // A zero count prints as 「-」 (what LibreOffice shows) while the cell holds the number 0.
    let shown_dash = region.lines().any(|l| l.split(',').any(|c| c == "-"));
    assert!(shown_dash, "no zero shown as -: {region}");
    let cells = sheet(&out, "地域別");
    assert!(
        cells.used_cells().all(|(_, _, v)| *v != "-"),
        "the cells stay numeric"
    );
    let detail = std::fs::read_to_string(tmp.path().join("report-明細.csv")).unwrap();
    assert_eq!(detail.lines().count(), DETAIL.len() + 1);
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

/// The office's date settings reach the report: 期間別 labels and 概要's dates in 西暦併記 from the
/// environment, and in 西暦 with 1年 from the flags (the flags win over the environment).
#[test]
fn period_labels_follow_the_date_style() {
    let tmp = tempfile::tempdir().unwrap();
    let inputs = three_offices(tmp.path());
    let out = tmp.path().join("both.xlsx");
    let mut args: Vec<OsString> = vec!["report".into()];
    args.extend(inputs.iter().map(|p| p.as_os_str().to_owned()));
    args.extend(["-o".into(), out.as_os_str().to_owned(), "-q".into()]);
    args.extend(["--as-of".into(), AS_OF.into()]);
    let run = |args: &[OsString]| {
        let out = cmsheets_command()
            .args(args)
            .env("CMSHEETS_DATE_STYLE", "both")
            .output()
            .unwrap();
        assert!(out.status.code().unwrap() <= 1);
    };
    run(&args);
    let labels = |path: &Path| -> Vec<String> {
        table(&sheet(path, "期間別"), "年度")[1..]
            .iter()
            .map(|r| text_of(&r[0]))
            .collect()
    };
    let both = labels(&out);
    assert!(
        both.iter().any(|l| l == "令和6年度（2024年度）"),
        "{both:?}"
    );
    let western = tmp.path().join("western.xlsx");
    let mut args = args.clone();
    args[inputs.len() + 2] = western.as_os_str().to_owned();
    args.extend(["--date-style".into(), "western".into()]);
    run(&args);
    let western = labels(&western);
    assert!(western.iter().any(|l| l == "2024年度"), "{western:?}");
    assert!(western.iter().all(|l| !l.contains("令和")), "{western:?}");
}

/// The 地域区分 of the nested tests: 東町 is left out (a warning, and a row under 地域区分なし),
/// 西町 has no case (a row of zeros, as published tables list every municipality), and 南区 has a
/// trailing full-width space, as offices type it.
const AREAS: &str = "地域,保健所,圏域\r\n北区,北保健所,北部圏域\r\n西町,北保健所,北部圏域\r\n南区　,南保健所,南部圏域\r\n";

/// The rows of the table headed `label` down to its last row (the notes below have their first
/// cell only).
fn table_to_end(range: &Range<Data>, label: &str) -> Vec<Vec<Data>> {
    let rows: Vec<Vec<Data>> = range.rows().map(|r| r.to_vec()).collect();
    let start = rows
        .iter()
        .position(|r| text_of(&r[0]) == label)
        .unwrap_or_else(|| panic!("no table headed {label}"));
    let width = rows[start].iter().rposition(|d| *d != Data::Empty).unwrap() + 1;
    rows[start..]
        .iter()
        .take_while(|r| r.iter().skip(1).any(|d| *d != Data::Empty))
        .map(|r| r[..width].to_vec())
        .collect()
}

/// The three offices' report with `--areas` (a CSV of AREAS, named as an office would) and `extra`.
fn report_with_areas(tmp: &Path, extra: &[&str]) -> (Run, PathBuf) {
    let areas = tmp.join("地域区分の表.csv");
    std::fs::write(&areas, AREAS).unwrap();
    let out = tmp.join("report.xlsx");
    let mut args = vec!["--areas", areas.to_str().unwrap()];
    args.extend(extra);
    (report(&three_offices(tmp), &out, &args), out)
}

#[test]
fn areas_nest_regions_under_health_centres_and_zones() {
    let tmp = tempfile::tempdir().unwrap();
    let (run, out) = report_with_areas(tmp.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let (full, _) = split(BY_REGION, PERSONS_BY_REGION, 2);
    let row = |label: &str| full.iter().find(|(l, _)| l[0] == label).unwrap().1.clone();
    let zero = "0 | 0 0 0 | 0 0 0 0 0 0 0 - - | 0 0 0 0 0 -";
    let expected: Vec<(&[&str], String)> = vec![
        (&["全体", "-", "-"], row("全体")),
        (&["北部圏域", "小計", "-"], row("北区")),
        (&["北部圏域", "北保健所", "小計"], row("北区")),
        (&["北部圏域", "北保健所", "北区"], row("北区")),
        (&["北部圏域", "北保健所", "西町"], zero.to_string()),
        (&["南部圏域", "小計", "-"], row("南区")),
        (&["南部圏域", "南保健所", "小計"], row("南区")),
        (&["南部圏域", "南保健所", "南区"], row("南区")),
        (&["地域区分なし", "小計", "-"], row("東町")),
        (&["地域区分なし", "地域区分なし", "東町"], row("東町")),
    ];
    let region = sheet(&out, "地域別");
    check(
        "地域別（地域区分あり）",
        &table_to_end(&region, "圏域"),
        &borrowed(&expected),
    );
    // The process sheet nests the same way; its 小計 add up too.
    let process = table_to_end(&sheet(&out, "地域別_計画と見直し"), "圏域");
    let labels: Vec<String> = process[1..]
        .iter()
        .map(|r| format!("{}/{}/{}", text_of(&r[0]), text_of(&r[1]), text_of(&r[2])))
        .collect();
    assert_eq!(labels[0], "全体//");
    assert_eq!(labels[4], "北部圏域/北保健所/西町");
    // 年度比較 nests too, and its 全体 is the one of the flat table.
    let yoy = table_to_end(&sheet(&out, "年度比較"), "圏域");
    assert_eq!(text_of(&yoy[1][0]), "全体");
    let flat_total = YOY.iter().find(|(l, _)| l[0] == "全体").unwrap().1;
    check(
        "年度比較 全体",
        &yoy[..2],
        &[(&["全体", "-", "-"], flat_total)],
    );

    // In an intake, a 地域区分 sheet does the same; its 地域 missing from it is a warning that
    // names the case's cell and the 地域, once per 地域, with its count.
    let folder = tmp.path().join("with_areas");
    std::fs::create_dir_all(&folder).unwrap();
    for f in csv_files(&fixtures().join("office_c")) {
        std::fs::copy(&f, folder.join(f.file_name().unwrap())).unwrap();
    }
    std::fs::write(folder.join("地域区分.csv"), AREAS).unwrap();
    let (_, json) = check_json_at(&folder);
    let w601: Vec<(String, String)> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "W601")
        .map(|f| {
            (
                f["location"]["text"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(w601.len(), 1, "{w601:?}");
    assert!(w601[0].0.ends_with("ケース.csv:3:3"), "{}", w601[0].0);
    assert!(
        w601[0].1.contains("地域「東町」") && w601[0].1.contains("1件"),
        "{}",
        w601[0].1
    );
}

fn check_json_at(input: &Path) -> (i32, serde_json::Value) {
    let out = cmsheets_command()
        .args(["check", "--format", "json", "--as-of", AS_OF])
        .arg(input)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap();
    (out.status.code().unwrap_or(-1), json)
}

#[test]
fn suppression_protects_the_subtotals() {
    let tmp = tempfile::tempdir().unwrap();
    let (run, out) = report_with_areas(tmp.path(), &["--suppress-below", "3"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let t = table_to_end(&sheet(&out, "地域別"), "圏域");
    let headings: Vec<String> = t[0].iter().map(|h| text_of(h).replace('\n', "")).collect();
    let rows = &t[1..];
    let label = |r: &Vec<Data>| -> [String; 3] { [text_of(&r[0]), text_of(&r[1]), text_of(&r[2])] };
    // Each 小計 and its members, and 全体 and the 圏域 小計: no equation may have one unknown.
    let mut equations: Vec<(usize, Vec<usize>)> = Vec::new();
    let zone_rows: Vec<usize> = (0..rows.len())
        .filter(|&i| label(&rows[i])[1] == "小計")
        .collect();
    equations.push((0, zone_rows.clone()));
    for &z in &zone_rows {
        let zone = label(&rows[z])[0].clone();
        let centres: Vec<usize> = (0..rows.len())
            .filter(|&i| label(&rows[i])[0] == zone && label(&rows[i])[2] == "小計")
            .collect();
        let direct: Vec<usize> = (0..rows.len())
            .filter(|&i| {
                label(&rows[i])[0] == zone
                    && !["小計", ""].contains(&label(&rows[i])[1].as_str())
                    && label(&rows[i])[2] != "小計"
            })
            .collect();
        if centres.is_empty() {
            equations.push((z, direct));
            continue;
        }
        equations.push((z, centres.clone()));
        for &c in &centres {
            let centre = label(&rows[c])[1].clone();
            let members: Vec<usize> = (0..rows.len())
                .filter(|&i| label(&rows[i])[1] == centre && label(&rows[i])[2] != "小計")
                .collect();
            equations.push((c, members));
        }
    }
    let star = Data::String("*".into());
    let mut hidden = 0;
    for (c, h) in headings.iter().enumerate().skip(3) {
        if h.contains('率') {
            continue;
        }
        for (total, parts) in &equations {
            let unknown = std::iter::once(total)
                .chain(parts)
                .filter(|&&r| rows[r][c] == star)
                .count();
            hidden += unknown;
            assert_ne!(
                unknown,
                1,
                "{h}: {:?} = {:?}",
                label(&rows[*total]),
                parts.iter().map(|&p| label(&rows[p])).collect::<Vec<_>>()
            );
        }
    }
    assert!(
        hidden > 0,
        "nothing was suppressed: the test proves nothing"
    );
}

/// What LibreOffice prints of the workbook: every page A4 landscape and one page wide, each
/// sheet's pages headed by its title; the grouped tables on one page each (the fixtures are
/// small); every chart below every table of its sheet, so none can cover data whatever height a
/// program gives the rows.
#[test]
fn prints_on_a4_one_page_wide_with_charts_clear_of_the_tables() {
    let soffice = which("soffice");
    if !require("soffice (LibreOffice)", soffice.is_some()) {
        return;
    }
    if !crate::common::have("pdftotext") {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("report.xlsx");
    assert_eq!(report(&three_offices(tmp.path()), &out, &[]).code, 1);
    let profile = format!(
        "-env:UserInstallation=file://{}",
        tmp.path().join("profile").display()
    );
    let status = Command::new(soffice.unwrap())
        .args([
            &profile,
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(tmp.path())
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    let pdf = tmp.path().join("report.pdf");
    let info = Command::new("pdfinfo")
        .args(["-f", "1", "-l", "999"])
        .arg(&pdf)
        .output()
        .unwrap();
    let info = String::from_utf8_lossy(&info.stdout).into_owned();
    let sizes: Vec<&str> = info
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .collect();
    assert!(!sizes.is_empty(), "{info}");
    for s in &sizes {
        assert!(
            s.contains("841.") && s.contains("x 595."),
            "not A4 landscape: {s}"
        );
    }
    let pages = crate::common::page_count(&pdf).unwrap();
    // Each page's header is its sheet's title: count the pages of each.
    let titles: Vec<(String, String)> = open(&out)
        .sheet_names()
        .into_iter()
        .map(|name| {
            let range = sheet(&out, &name);
            let title = range.get_value((0, 0)).map(text_of).unwrap_or_default();
            (name, title)
        })
        .collect();
    let mut per_sheet: std::collections::BTreeMap<String, usize> = Default::default();
    for p in 1..=pages as u32 {
        let text = crate::common::pdf_text(&pdf, Some((p, p))).unwrap();
        let first = text.lines().next().unwrap_or_default().trim().to_string();
        let sheet = titles
            .iter()
            .find(|(name, title)| {
                first == *title || (name.starts_with("明細") && first.starts_with("明細"))
            })
            .map(|(name, _)| name.clone())
            .unwrap_or_else(|| panic!("page {p} is headed {first:?}, no sheet's title"));
        *per_sheet.entry(sheet).or_default() += 1;
    }
    for (name, _) in &titles {
        let n = per_sheet.get(name).copied().unwrap_or(0);
        let expected = match name.as_str() {
            "概要" => n.max(1), // long text tables: as many pages as they take
            // The table, then its chart on a page of its own.
            "地域別" | "期間別" | "アンケート" => 2,
            _ => 1,
        };
        assert_eq!(n, expected, "{name}: {n} pages ({per_sheet:?})");
    }
    assert!(per_sheet["概要"] <= 4, "{per_sheet:?}");

    // Charts: their anchor row is below the last cell with data of their sheet.
    let file = std::fs::File::open(&out).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let read = |zip: &mut zip::ZipArchive<std::fs::File>, name: &str| -> Option<String> {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).ok()?, &mut s).ok()?;
        Some(s)
    };
    let workbook = read(&mut zip, "xl/workbook.xml").unwrap();
    let sheet_names: Vec<String> = workbook
        .split("<sheet ")
        .skip(1)
        .map(|s| {
            s.split("name=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    let mut charts = 0;
    for (i, name) in sheet_names.iter().enumerate() {
        let Some(rels) = read(
            &mut zip,
            &format!("xl/worksheets/_rels/sheet{}.xml.rels", i + 1),
        ) else {
            continue;
        };
        let Some(drawing) = rels
            .split("Target=\"../drawings/")
            .nth(1)
            .map(|s| s.split('"').next().unwrap().to_string())
        else {
            continue;
        };
        let xml = read(&mut zip, &format!("xl/drawings/{drawing}")).unwrap();
        let last_data = sheet(&out, name)
            .used_cells()
            .map(|(r, _, _)| r as u32)
            .max()
            .unwrap();
        for anchor in xml.split("<xdr:from>").skip(1) {
            let row: u32 = anchor
                .split("<xdr:row>")
                .nth(1)
                .unwrap()
                .split('<')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            assert!(
                row > last_data,
                "{name}: a chart at row {row} over data down to row {last_data}"
            );
            charts += 1;
        }
    }
    assert!(charts >= 3, "{charts} charts");
}

/// A 地域区分 as offices keep it in Excel: on "Sheet1" of a book of its own (`--areas`), or as a
/// sheet 地域区分 of a book given with the intake files (no ケース sheet needed for it).
#[test]
fn areas_from_a_workbook() {
    use rust_xlsxwriter::Workbook;
    let tmp = tempfile::tempdir().unwrap();
    let book = |path: &Path, sheet: &str| {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.set_name(sheet).unwrap();
        for (r, line) in AREAS.lines().enumerate() {
            for (c, v) in line.split(',').enumerate() {
                ws.write_string(r as u32, c as u16, v).unwrap();
            }
        }
        wb.save(path).unwrap();
    };
    let lone = tmp.path().join("areas.xlsx");
    book(&lone, "Sheet1");
    let out = tmp.path().join("a.xlsx");
    let run = report(
        &three_offices(tmp.path()),
        &out,
        &["--areas", lone.to_str().unwrap(), "--by", "region"],
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let nested = table_to_end(&sheet(&out, "地域別"), "圏域");
    assert_eq!(text_of(&nested[2][0]), "北部圏域");

    let named = tmp.path().join("地域区分.xlsx");
    book(&named, "地域区分");
    let mut inputs = three_offices(tmp.path());
    inputs.push(named);
    let out = tmp.path().join("b.xlsx");
    let run = report(&inputs, &out, &["--by", "region"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(table_to_end(&sheet(&out, "地域別"), "圏域"), nested);
    let summary: Vec<String> = sheet(&out, "概要")
        .rows()
        .flat_map(|r| r.iter().map(text_of).collect::<Vec<_>>())
        .collect();
    assert!(
        !summary.iter().any(|c| c == "E002"),
        "a 地域区分 book needs no ケース sheet"
    );
}
