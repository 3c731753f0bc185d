//! `cmsheets packet`: ケア会議資料 with a cover whose contents list gives the real start pages,
//! bookmarks per part, parts a case lacks listed as 未作成, and one combined meeting file.

use crate::common::*;
use serde_json::Value;
use std::path::Path;
use std::process::Command;

/// (title, first page, children) of each top-level bookmark, by qpdf.
/// A bookmark's title and page, with its children.
type Outline = Vec<(String, u64, Vec<(String, u64)>)>;

fn outline(pdf: &Path) -> Option<Outline> {
    let out = Command::new("qpdf")
        .args(["--json", "--json-key=outlines"])
        .arg(pdf)
        .output()
        .ok()?;
    let json: Value = serde_json::from_slice(&out.stdout).ok()?;
    let item = |o: &Value| {
        (
            o["title"].as_str().unwrap().to_string(),
            o["destpageposfrom1"].as_u64().unwrap(),
        )
    };
    Some(
        json["outlines"]
            .as_array()?
            .iter()
            .map(|o| {
                let (t, p) = item(o);
                (
                    t,
                    p,
                    o["kids"].as_array().unwrap().iter().map(item).collect(),
                )
            })
            .collect(),
    )
}

fn packet(args: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempdir();
    let mut all: Vec<String> = vec![
        "packet".into(),
        sample("intake.xlsx").to_str().unwrap().into(),
        "--as-of".into(),
        AS_OF.into(),
        "-q".into(),
    ];
    all.extend(
        args.iter()
            .map(|a| a.replace("{dir}", dir.path().to_str().unwrap())),
    );
    let out = cmsheets(&all);
    (dir, out)
}

/// The page the cover's contents list gives for each part, or 未作成.
fn contents(pdf: &Path) -> Vec<String> {
    let cover = pdf_text(pdf, Some((1, 1))).unwrap();
    cover
        .lines()
        .filter(|l| l.contains("別紙"))
        .map(|l| {
            let l = l.trim();
            if l.ends_with("未作成") {
                "未作成".to_string()
            } else {
                l.trim_end_matches("ページ")
                    .trim()
                    .rsplit(' ')
                    .next()
                    .unwrap()
                    .to_string()
            }
        })
        .collect()
}

#[test]
fn the_cover_lists_the_real_start_pages_and_bookmarks_match() {
    if !have("qpdf") || !have("pdftotext") {
        return;
    }
    let (dir, out) = packet(&["-o", "{dir}", "--meeting-date", "2025-11-28"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("MN-2024-001/packet.pdf");
    let marks = outline(&pdf).unwrap();
    let titles: Vec<&str> = marks.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(
        titles,
        [
            "別紙1 支援ニーズに関するアンケート",
            "別紙2 支援計画シート（作成番号 3）",
            "別紙4 クライシスプラン"
        ]
    );
    let pages: Vec<String> = marks.iter().map(|m| m.1.to_string()).collect();
    assert_eq!(
        contents(&pdf),
        [
            pages[0].clone(),
            pages[1].clone(),
            "未作成".into(),
            pages[2].clone()
        ]
    );
    assert_eq!(marks[0].1, 2, "the questionnaire follows the cover");
    let cover = squash(&pdf_text(&pdf, Some((1, 1))).unwrap());
    for label in [
        "ケア会議資料",
        "開催日",
        "令和7年11月28日",
        "ケースID",
        "MN-2024-001",
        "本人氏名",
        "マネジメント担当者",
        "地域",
        "みなと市",
    ] {
        assert!(cover.contains(label), "cover lacks {label}: {cover}");
    }
    // Page numbers run through the packet.
    let total = page_count(&pdf).unwrap();
    let last = squash(&pdf_text(&pdf, Some((total as u32, total as u32))).unwrap());
    assert!(last.contains(&format!("{total}/{total}")), "{last}");
    // No name in the PDF's metadata (document info and XMP), though the cover prints them.
    let pdfinfo = |extra: &[&str]| {
        let out = Command::new("pdfinfo")
            .args(extra)
            .arg(&pdf)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let (info, xmp) = (pdfinfo(&[]), pdfinfo(&["-meta"]));
    assert!(
        info.contains("ケア会議資料 MN-2024-001 2025-11-28"),
        "{info}"
    );
    assert!(
        xmp.contains("MN-2024-001"),
        "an XMP packet to look in: {xmp}"
    );
    let names = person_names("MN-2024-001");
    assert!(names.len() >= 2, "{names:?}");
    for name in &names {
        assert!(cover.contains(&squash(name)), "the cover prints {name}");
        assert!(
            !info.contains(name.as_str()) && !xmp.contains(name.as_str()),
            "a name in the metadata"
        );
    }
}

/// 本人氏名 and マネジメント担当者 of a sample case, as written in samples/intake.xlsx.
fn person_names(case_id: &str) -> Vec<String> {
    use calamine::{open_workbook, Reader, Xlsx};
    let mut wb: Xlsx<_> = open_workbook(sample("intake.xlsx")).unwrap();
    let range = wb.worksheet_range("ケース").unwrap();
    let mut rows = range.rows();
    let head: Vec<String> = rows.next().unwrap().iter().map(|c| c.to_string()).collect();
    let col = |h: &str| head.iter().position(|x| x == h).unwrap();
    let (id, name, manager) = (col("ケースID"), col("本人氏名"), col("マネジメント担当者"));
    let row = rows.find(|r| r[id] == case_id).expect("the case");
    vec![row[name].to_string(), row[manager].to_string()]
}

#[test]
fn a_case_without_crisis_plan_or_questionnaire() {
    if !have("qpdf") || !have("pdftotext") {
        return;
    }
    let (dir, out) = packet(&[
        "-o",
        "{dir}",
        "--case",
        "HB-2025-005",
        "--meeting-date",
        "2025-11-28",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("HB-2025-005/packet.pdf");
    assert_eq!(contents(&pdf), ["未作成", "2", "4", "未作成"]);
    let titles: Vec<String> = outline(&pdf).unwrap().into_iter().map(|m| m.0).collect();
    assert_eq!(
        titles,
        ["別紙2 支援計画シート（作成番号 2）", "別紙3 補助ツール"]
    );
}

#[test]
fn the_meeting_date_selects_the_versions_in_force() {
    if !have("qpdf") {
        return;
    }
    // MN-2024-001 made version 3 on 2024-12-17: a meeting before it sees version 2.
    let (dir, out) = packet(&[
        "-o",
        "{dir}",
        "--case",
        "MN-2024-001",
        "--meeting-date",
        "2024-12-01",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let titles: Vec<String> = outline(&dir.path().join("MN-2024-001/packet.pdf"))
        .unwrap()
        .into_iter()
        .map(|m| m.0)
        .collect();
    assert!(
        titles.contains(&"別紙2 支援計画シート（作成番号 2）".to_string()),
        "{titles:?}"
    );
    let (dir, _) = packet(&[
        "-o",
        "{dir}",
        "--case",
        "MN-2024-001",
        "--plan",
        "1",
        "--meeting-date",
        "2025-11-28",
    ]);
    let titles: Vec<String> = outline(&dir.path().join("MN-2024-001/packet.pdf"))
        .unwrap()
        .into_iter()
        .map(|m| m.0)
        .collect();
    assert!(
        titles.contains(&"別紙2 支援計画シート（作成番号 1）".to_string()),
        "{titles:?}"
    );
}

#[test]
fn combine_puts_cases_in_the_given_order_with_a_bookmark_each() {
    if !have("qpdf") {
        return;
    }
    let (dir, out) = packet(&[
        "--combine",
        "{dir}/meeting.pdf",
        "--case",
        "HB-2024-004,MN-2024-001,CH-2025-003",
        "--meeting-date",
        "2025-11-28",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let marks = outline(&dir.path().join("meeting.pdf")).unwrap();
    let cases: Vec<&str> = marks.iter().map(|m| m.0.as_str()).collect();
    assert_eq!(cases.len(), 3);
    for (got, want) in cases
        .iter()
        .zip(["HB-2024-004", "MN-2024-001", "CH-2025-003"])
    {
        assert!(got.contains(want), "{cases:?}");
    }
    assert!(
        marks.iter().all(|m| !m.2.is_empty()),
        "each case has its parts below it"
    );
    assert!(
        marks.windows(2).all(|w| w[0].1 < w[1].1),
        "cases start in order"
    );
}

#[test]
fn cases_with_errors_are_skipped_others_written() {
    let dir = tempdir();
    let both = [sample("invalid/intake.xlsx"), sample("intake.xlsx")];
    let out = cmsheets([
        "packet".as_ref(),
        both[0].as_os_str(),
        both[1].as_os_str(),
        "-o".as_ref(),
        dir.path().as_os_str(),
        "-q".as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(err.contains("IV-001"), "{err}");
    assert_eq!(
        tree(dir.path()).len(),
        6,
        "the six valid cases are still written"
    );
}
