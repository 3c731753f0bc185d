//! `cmsheets schedule`: the 見直し予定 workbook read back, row by row, against figures worked out
//! by hand from samples/intake.xlsx, and against `check`'s W404 warnings (the same rule).

use crate::common::*;
use calamine::{open_workbook, Reader, Xlsx};

const AS_OF_SCHEDULE: &str = "2026-01-15";

#[test]
fn the_schedule_lists_each_case_with_its_status_and_days_left() {
    let out = tempdir();
    let book = out.path().join("見直し予定.xlsx");
    let run = cmsheets([
        "schedule",
        sample("intake.xlsx").to_str().unwrap(),
        "-o",
        book.to_str().unwrap(),
        "--as-of",
        AS_OF_SCHEDULE,
        "--within",
        "30",
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let mut wb: Xlsx<_> = open_workbook(&book).unwrap();
    let range = wb.worksheet_range("見直し予定").unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    let head = rows
        .iter()
        .position(|r| r[0] == "マネジメント担当者")
        .expect("the heading row");
    // Case rows have a ケースID; group rows are merged headings.
    let cases: Vec<(String, String, String, String)> = rows[head + 1..]
        .iter()
        .filter(|r| !r[2].is_empty())
        .map(|r| (r[0].clone(), r[2].clone(), r[8].clone(), r[9].clone()))
        .collect();
    // By hand from the samples' 支援計画 sheet (latest version's 次回見直し予定時期, monitoring
    // within 30 days before it): 2026-01-15 minus the due date.
    let expected = [
        ("CH-2025-003", "期限超過", "-20"), // due 2025-12-26, no monitoring since 2025-10-14
        ("MN-2024-001", "予定なし", ""),    // reviewed on its due date 2025-03-25
        ("HB-2024-004", "今後30日以内", "26"), // due 2026-02-10
        ("MN-2025-006", "期限超過", "-31"), // due 2025-12-15
        ("CH-2024-002", "期限超過", "-27"), // due 2025-12-19
        ("HB-2025-005", "今後30日以内", "11"), // due 2026-01-26
    ];
    let got: Vec<(&str, &str, &str)> = cases
        .iter()
        .map(|(_, id, s, d)| (id.as_str(), s.as_str(), d.as_str()))
        .collect();
    assert_eq!(got, expected);
    // Grouped by マネジメント担当者: each manager's rows are together.
    let managers: Vec<&str> = cases.iter().map(|c| c.0.as_str()).collect();
    let mut seen = Vec::new();
    for m in &managers {
        if seen.last() != Some(m) {
            assert!(!seen.contains(m), "{m} split: {managers:?}");
            seen.push(*m);
        }
    }
    // 期限超過 is W404's set at the same 基準日.
    let check = cmsheets([
        "check",
        "--format",
        "json",
        "--as-of",
        AS_OF_SCHEDULE,
        sample("intake.xlsx").to_str().unwrap(),
    ]);
    let check: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let mut w404: Vec<&str> = check["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "W404")
        .map(|f| f["case_id"].as_str().unwrap())
        .collect();
    w404.sort();
    let mut overdue: Vec<&str> = got
        .iter()
        .filter(|g| g.1 == "期限超過")
        .map(|g| g.0)
        .collect();
    overdue.sort();
    assert_eq!(overdue, w404);
}
