//! `report --pdf` and `schedule --pdf`: the PDFs beside the workbooks, read back with poppler
//! (pdfinfo, pdftotext) against the workbook the same run wrote (calamine): the same figures, the
//! same order, A4 landscape, byte-identical run to run, no name in the report's summary.

use crate::common::*;
use calamine::{open_workbook, Data, DataType, Reader, Xlsx};
use std::path::{Path, PathBuf};
use std::process::Output;

const AS_OF_SCHEDULE: &str = "2026-01-15";

fn run(args: &[&std::ffi::OsStr]) -> Output {
    cmsheets_command().args(args).output().unwrap()
}

/// `report samples/intake.xlsx -o DIR/集計.xlsx --pdf DIR/集計.pdf` plus `extra`.
fn report(dir: &Path, extra: &[&str]) -> (PathBuf, PathBuf) {
    let book = dir.join("集計.xlsx");
    let pdf = dir.join("集計.pdf");
    let input = sample("intake.xlsx");
    let mut args: Vec<&std::ffi::OsStr> = vec![
        "report".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        book.as_os_str(),
        "--pdf".as_ref(),
        pdf.as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
        "-q".as_ref(),
    ];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    let out = run(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&format!("要約の PDF を {} に書き出しました", pdf.display())),
        "{}",
        stderr(&out)
    );
    (book, pdf)
}

fn schedule(dir: &Path) -> (PathBuf, PathBuf) {
    let book = dir.join("見直し予定.xlsx");
    let pdf = dir.join("見直し予定.pdf");
    let input = sample("intake.xlsx");
    let out = run(&[
        "schedule".as_ref(),
        input.as_os_str(),
        "-o".as_ref(),
        book.as_os_str(),
        "--pdf".as_ref(),
        pdf.as_os_str(),
        "--as-of".as_ref(),
        AS_OF_SCHEDULE.as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("見直し予定の PDF を"),
        "{}",
        stderr(&out)
    );
    (book, pdf)
}

fn rows(book: &Path, sheet: &str) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(book).unwrap();
    let range = wb
        .worksheet_range(sheet)
        .unwrap_or_else(|e| panic!("{sheet}: {e}"));
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// A count as the workbook's number format shows it: thousands grouped, zero 「-」.
fn count(d: &Data) -> String {
    let v = d.as_f64().unwrap_or_else(|| panic!("a number: {d:?}")) as u64;
    if v == 0 {
        return "-".into();
    }
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// A rate (a fraction in the cell) as 0.0% shows it.
fn percent(d: &Data) -> String {
    let v = d.as_f64().expect("a number");
    format!("{:.1}%", (v * 1000.0).round() / 10.0)
}

/// Every page's size in points, by pdfinfo.
fn page_sizes(pdf: &Path) -> Vec<String> {
    let out = std::process::Command::new("pdfinfo")
        .args(["-f", "1", "-l", "9999"])
        .arg(pdf)
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains(" size:"))
        .map(|l| l.split(" size:").nth(1).unwrap_or("").trim().to_string())
        .collect()
}

fn assert_a4_landscape(pdf: &Path, pages: usize) {
    let sizes = page_sizes(pdf);
    assert_eq!(sizes.len(), pages, "{sizes:?}");
    for s in &sizes {
        assert!(s.starts_with("841.89 x 595.276 pts"), "{s}");
    }
}

/// The values of a 氏名-like column of a sheet of the samples (headings containing `heading`).
fn column_values(book: &Path, sheet: &str, heading: &str) -> Vec<String> {
    let rows = rows(book, sheet);
    let Some(head) = rows.first() else {
        return Vec::new();
    };
    let cols: Vec<usize> = (0..head.len())
        .filter(|&c| text(&head[c]).contains(heading))
        .collect();
    rows[1..]
        .iter()
        .flat_map(|r| cols.iter().map(|&c| text(&r[c])))
        .map(|s| squash(&s))
        .filter(|s| s.chars().count() >= 2)
        .collect()
}

/// Whether `want` occur in `tokens` in this order (others may stand between).
fn in_order(tokens: &[&str], want: &[String]) -> bool {
    let mut it = tokens.iter();
    want.iter().all(|w| it.any(|t| t == w))
}

#[test]
fn the_report_summary_shows_the_workbooks_figures_on_a4_landscape_and_no_name() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    let (book, pdf) = report(dir.path(), &[]);
    // 概要 with the headline, 地域別, 期間別, 用語と集計方法: a page each.
    assert_a4_landscape(&pdf, 4);
    let all = pdf_text(&pdf, None).unwrap();
    let flat = squash(&all);

    // The headline, read back from 概要 (heading → value).
    let summary = rows(&book, "概要");
    let value_of = |heading: &str| {
        summary
            .iter()
            .find(|r| text(&r[0]) == heading)
            .map(|r| r[1].clone())
            .unwrap_or_else(|| panic!("概要 has {heading}"))
    };
    let attain = percent(&value_of("目標達成率"));
    let page1 = squash(&pdf_text(&pdf, Some((1, 1))).unwrap());
    assert!(page1.contains(&format!("目標達成率{attain}")), "{page1}");
    assert!(page1.contains("主な数値（全体）"));
    for label in ["作成日", "基準日", "集計期間"] {
        assert!(page1.contains(label), "{label}");
    }

    // 地域別's 全体 row: ケース数 … 順調率 as the workbook has them, in the same order.
    let region = rows(&book, "地域別");
    let head = region
        .iter()
        .position(|r| r.iter().any(|c| text(c) == "ケース数"))
        .expect("the heading row");
    let col = |h: &str| {
        region[head]
            .iter()
            .position(|c| text(c) == h)
            .unwrap_or_else(|| panic!("地域別 has {h:?}"))
    };
    let total = region
        .iter()
        .find(|r| text(&r[0]) == "全体")
        .expect("the 全体 row");
    let counts = [
        "ケース数",
        "ニーズ数",
        "◎\n終結",
        "〇\n円滑",
        "△\n課題あり",
        "×\n中止・困難",
        "未評価",
        "評価済み",
    ];
    let mut want: Vec<String> = counts.iter().map(|h| count(&total[col(h)])).collect();
    want.extend(["目標\n達成率", "順調率"].map(|h| percent(&total[col(h)])));
    let page2 = pdf_text(&pdf, Some((2, 2))).unwrap();
    assert!(page2.contains("地域別の集計"), "{page2}");
    let total_line = page2
        .lines()
        .find(|l| l.starts_with("全体"))
        .unwrap_or_else(|| panic!("a 全体 row on page 2: {page2}"));
    let tokens: Vec<&str> = total_line.split_whitespace().collect();
    assert!(in_order(&tokens, &want), "{total_line} vs {want:?}");
    // The ◎ count of 全体 is the headline's too.
    assert_eq!(count(&total[col("◎\n終結")]), count(&value_of("◎終結")));
    // The chart: a legend and one bar per 地域 with its total.
    assert!(squash(&page2).contains("地域別のニーズの評価（◎〇△×）"));
    let groups = region[head + 1..]
        .iter()
        .take_while(|r| text(&r[0]) != "全体");
    for cells in groups {
        let name = text(&cells[0]);
        let evaluated = count(&cells[col("評価済み")]);
        assert!(
            page2
                .lines()
                .any(|l| l.starts_with(name.as_str()) && l.ends_with(&format!("計 {evaluated}"))),
            "bar of {name}: {page2}"
        );
    }
    assert!(squash(&pdf_text(&pdf, Some((3, 3))).unwrap()).contains("期間別の集計"));
    assert!(flat.contains("用語と集計方法"));
    assert!(
        !flat.contains("*"),
        "nothing suppressed without --suppress-below"
    );

    // No name of the samples, nor a ケースID: the summary is for a meeting.
    let input = sample("intake.xlsx");
    let mut personal = column_values(&input, "ケース", "氏名");
    personal.extend(column_values(&input, "ケース", "ふりがな"));
    personal.extend(column_values(&input, "ケース", "マネジメント担当者"));
    personal.extend(column_values(&input, "頼りにしている人", "氏名"));
    personal.extend(column_values(&input, "ケース", "ケースID"));
    assert!(personal.len() >= 20, "{personal:?}");
    for p in &personal {
        assert!(!flat.contains(p.as_str()), "the summary prints {p}");
    }
}

#[test]
fn the_report_summary_is_byte_identical_run_to_run() {
    let (a, b) = (tempdir(), tempdir());
    let (_, first) = report(a.path(), &[]);
    let (_, second) = report(b.path(), &[]);
    let first = std::fs::read(first).unwrap();
    assert!(first.starts_with(b"%PDF-"));
    assert!(first == std::fs::read(second).unwrap(), "the PDFs differ");
}

#[test]
fn the_report_summary_suppresses_as_the_workbook_does() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    let (book, pdf) = report(dir.path(), &["--suppress-below", "1000"]);
    let region = rows(&book, "地域別");
    let total = region.iter().find(|r| text(&r[0]) == "全体").unwrap();
    assert!(total.iter().any(|c| text(c) == "*"), "the workbook hides");
    let page2 = pdf_text(&pdf, Some((2, 2))).unwrap();
    let total_line = page2.lines().find(|l| l.starts_with("全体")).unwrap();
    assert!(
        total_line.split_whitespace().any(|t| t == "*"),
        "{total_line}"
    );
    // No bar is drawn of figures partly hidden.
    assert!(squash(&page2).contains("秘匿のため図示しません"), "{page2}");
    let page1 = squash(&pdf_text(&pdf, Some((1, 1))).unwrap());
    assert!(page1.contains("小さい数の秘匿:1000未満"), "{page1}");
}

#[test]
fn a_pdf_over_an_input_is_refused_and_the_input_kept() {
    let dir = tempdir();
    let input = dir.path().join("intake.xlsx");
    std::fs::copy(sample("intake.xlsx"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    for command in ["report", "schedule"] {
        let book = dir.path().join(format!("{command}.xlsx"));
        let out = run(&[
            command.as_ref(),
            input.as_os_str(),
            "-o".as_ref(),
            book.as_os_str(),
            "--pdf".as_ref(),
            input.as_os_str(),
        ]);
        assert_eq!(out.status.code(), Some(2), "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("入力ファイルです"),
            "{}",
            stderr(&out)
        );
        assert!(!book.exists(), "{command} wrote its workbook");
        assert_eq!(std::fs::read(&input).unwrap(), before, "{command}");
    }
}

#[test]
fn the_schedule_pdf_lists_each_case_with_its_status_in_the_workbooks_order() {
    if !have("pdftotext") {
        return;
    }
    let dir = tempdir();
    let (book, pdf) = schedule(dir.path());
    assert_a4_landscape(&pdf, 1);
    // The workbook's case rows: (ケースID, 本人氏名, 状態), in order.
    let sheet = rows(&book, "見直し予定");
    let head = sheet
        .iter()
        .position(|r| text(&r[0]) == "マネジメント担当者")
        .unwrap();
    let cases: Vec<[String; 3]> = sheet[head + 1..]
        .iter()
        .filter(|r| !text(&r[2]).is_empty())
        .map(|r| [text(&r[2]), text(&r[3]), text(&r[8])])
        .collect();
    assert_eq!(cases.len(), 6);
    let all = pdf_text(&pdf, None).unwrap();
    // Each case's row is one line of the PDF's text: its ID, name and status, in the same order.
    let lines: Vec<&str> = all
        .lines()
        .filter(|l| cases.iter().any(|c| l.contains(c[0].as_str())))
        .collect();
    assert_eq!(lines.len(), cases.len(), "{all}");
    for (line, [id, name, status]) in lines.iter().zip(&cases) {
        let line = squash(line);
        assert!(line.contains(id.as_str()), "{line} vs {id}");
        assert!(line.contains(&squash(name)), "{line}: name of {id}");
        assert!(line.contains(status.as_str()), "{line}: {status}");
    }
    let flat = squash(&all);
    assert!(flat.contains("見直し予定（要配慮個人情報:取り扱い注意）"));
    assert!(flat.contains("基準日令和8年1月15日"));
    assert!(flat.contains("1/1"));
    // Byte-identical run to run.
    let again = tempdir();
    let (_, second) = schedule(again.path());
    assert!(std::fs::read(&pdf).unwrap() == std::fs::read(second).unwrap());
}
