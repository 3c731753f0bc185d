//! Helpers shared by the integration tests: run the binary, find fixtures, make temp dirs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

pub fn sample(rel: &str) -> PathBuf {
    root().join("samples").join(rel)
}

/// The date the samples are checked against (they hold no event after it).
pub const AS_OF: &str = "2025-11-30";

/// The binary, with none of the office settings (`CMSHEETS_*`) of the shell that runs the tests:
/// each test sets what it checks.
pub fn cmsheets_command() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cmsheets"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("CMSHEETS_") {
            cmd.env_remove(&key);
        }
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

pub fn cmsheets<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    cmsheets_command()
        .args(args)
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `check --format json` parsed.
pub fn check_json(inputs: &[&Path]) -> (i32, serde_json::Value) {
    let mut args: Vec<std::ffi::OsString> = vec![
        "check".into(),
        "--format".into(),
        "json".into(),
        "--as-of".into(),
        AS_OF.into(),
    ];
    args.extend(inputs.iter().map(|p| p.as_os_str().to_owned()));
    let out = cmsheets(&args);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("json: {e}\n{}", stderr(&out)));
    (out.status.code().unwrap_or(-1), json)
}

/// (location, message) of every finding of `code` in a `check --format json` report.
#[allow(dead_code)]
pub fn findings_of(report: &serde_json::Value, code: &str) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .map(|f| {
            (
                f["location"]["text"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// (code, location) of every finding.
pub fn codes_at(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["location"]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every file below `dir`, relative path → bytes, for comparing whole output trees.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}

/// A copy of `samples/csv/` in `dir/csv`, for a test to spoil.
#[allow(dead_code)]
pub fn sample_csv_copy(dir: &Path) -> PathBuf {
    let csv = dir.join("csv");
    std::fs::create_dir_all(&csv).unwrap();
    for entry in std::fs::read_dir(sample("csv")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, csv.join(path.file_name().unwrap())).unwrap();
    }
    csv
}

/// Debian's Chromium, node and tests/browser's playwright-core, for the browser tests: None (and
/// under CI a failure) when any is missing. Returns (chromium, tests/browser).
#[allow(dead_code)]
pub fn browser() -> Option<(String, PathBuf)> {
    let browser_dir = root().join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let ready = Path::new(&chromium).exists()
        && browser_dir.join("node_modules/playwright-core").exists()
        && Command::new("node").arg("--version").output().is_ok();
    require(
        "chromium, node and tests/browser/node_modules (playwright-core)",
        ready,
    )
    .then_some((chromium, browser_dir))
}

fn write_sheet(dir: &Path, sheet: &str, headings: &[&str], rows: &[Vec<String>]) {
    let mut w = csv::Writer::from_path(dir.join(format!("{sheet}.csv"))).unwrap();
    w.write_record(headings).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

/// A one-case intake as CSV files in `dir`: `fill` goes into every printed free-text field
/// (names included), `needs` are the need texts of plan version 1.
pub fn synthetic_case(dir: &Path, id: &str, fill: &str, needs: &[String]) {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let f = fill;
    write_sheet(
        dir,
        "ケース",
        &[
            "ケースID",
            "本人氏名",
            "地域",
            "マネジメント担当者",
            "担当機関",
        ],
        &[s(&[id, f, f, f, f])],
    );
    write_sheet(
        dir,
        "アンケート",
        &[
            "ケースID",
            "記入日",
            "生活上の希望または困っていること",
            "A1",
            "O1内容",
            "O1",
        ],
        &[s(&[id, "2024-08-20", f, "2", f, "1"])],
    );
    write_sheet(
        dir,
        "支援計画",
        &[
            "ケースID",
            "作成番号",
            "作成日",
            "次回見直し予定時期",
            "私の長期目標",
            "短期目標",
            "参加者 本人",
            "参加者 その他",
            "参加者 その他内容",
        ],
        &[s(&[
            id,
            "1",
            "2024-08-20",
            "2024-10-20",
            f,
            f,
            "有",
            "1",
            f,
        ])],
    );
    write_sheet(
        dir,
        "モニタリング",
        &[
            "ケースID",
            "作成番号",
            "実施日",
            "評価時期",
            "評価時期ヵ月",
            "更新/モニタリング",
            "更新/モニタリングその他",
            "セッティング",
            "セッティングその他",
            "具体的内容",
        ],
        &[s(&[
            id,
            "1",
            "2024-09-20",
            "CMヵ月後",
            "1",
            "その他",
            f,
            "その他",
            f,
            f,
        ])],
    );
    let need_rows: Vec<Vec<String>> = needs
        .iter()
        .enumerate()
        .map(|(i, n)| s(&[id, "1", &(i + 1).to_string(), n, f, f, f, "〇"]))
        .collect();
    write_sheet(
        dir,
        "ニーズ",
        &[
            "ケースID",
            "作成番号",
            "No",
            "ニーズ/課題",
            "何を（本人）",
            "何を（支援者）",
            "支援者",
            "評価",
        ],
        &need_rows,
    );
    write_sheet(
        dir,
        "補助ツール",
        &[
            "ケースID",
            "作成番号",
            "主な支援場所",
            "主な支援場所その他",
            "支援頻度",
            "支援者にしてほしいこと/してもよいこと",
            "連絡してもよい人1",
            "連絡先1",
            "相談支援",
            "相談支援機関",
            "相談支援内容",
        ],
        &[s(&[
            id,
            "1",
            "自宅訪問、その他",
            f,
            "週2回",
            f,
            f,
            f,
            "有",
            f,
            f,
        ])],
    );
    write_sheet(
        dir,
        "頼りにしている人",
        &["ケースID", "作成番号", "氏名", "関係性", "関係性補足"],
        &[s(&[id, "1", f, "ヌ", f]), s(&[id, "1", f, "リ", f])],
    );
    let sections = [
        "自分でわかるサイン",
        "まわりの人が気づくサイン",
        "自分がすること",
        "まわりの人がすること",
    ];
    write_sheet(
        dir,
        "クライシスプラン",
        &["ケースID", "作成日", "区分", "内容"],
        &sections
            .iter()
            .map(|sec| s(&[id, "2024-08-20", sec, f]))
            .collect::<Vec<_>>(),
    );
    write_sheet(
        dir,
        "日常的なサポーター",
        &["ケースID", "作成日", "名前・機関", "連絡先", "関係・役割"],
        &[s(&[id, "2024-08-20", f, f, f])],
    );
}

/// Text of a PDF (or of pages `first..=last`) by poppler's pdftotext; None when it is not
/// installed (scripts/setup.sh installs it), so callers can say the check was skipped.
pub fn pdf_text(pdf: &Path, pages: Option<(u32, u32)>) -> Option<String> {
    let mut cmd = Command::new("pdftotext");
    // Content-stream order keeps each table cell together; layout order interleaves columns.
    cmd.arg("-raw");
    if let Some((a, b)) = pages {
        cmd.args(["-f", &a.to_string(), "-l", &b.to_string()]);
    }
    let out = cmd.arg(pdf).arg("-").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Text without any white space, so words wrapped across lines still match.
pub fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

pub fn have(tool: &str) -> bool {
    let ok = Command::new(tool).arg("-v").output().is_ok();
    require(tool, ok)
}

/// Whether a tool a test needs is here. Under CI (`CI` set) its absence fails the test, so that a
/// green run means the check ran; elsewhere the test says on stderr that it skipped the check.
pub fn require(what: &str, present: bool) -> bool {
    if !present {
        if std::env::var_os("CI").is_some() {
            panic!("{what} is missing under CI: scripts/setup.sh installs it");
        }
        // cargo hides a passing test's output: on a terminal the note goes to it directly.
        let note = format!(
            "SKIPPED: {what} is not installed (run scripts/setup.sh); a check did not run\n"
        );
        let shown = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/tty")
            .and_then(|mut tty| std::io::Write::write_all(&mut tty, note.as_bytes()));
        if shown.is_err() {
            eprint!("{note}");
        }
    }
    present
}

/// Pages of a PDF by poppler's pdfinfo (None when it is not installed).
pub fn page_count(pdf: &Path) -> Option<usize> {
    let out = Command::new("pdfinfo").arg(pdf).output().ok()?;
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:").map(|n| n.trim().parse().unwrap()))
}
