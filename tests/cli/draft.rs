//! `cmsheets draft`: the next plan version drafted from the monitoring, read back field by field
//! against what was worked out by hand from the samples.

use crate::common::*;
use chrono::NaiveDate;
use cmsheets::contract::codes::{Evaluation, ReviewKind, Setting, Timing};
use cmsheets::model::{Dataset, Need};
use cmsheets::pipeline::load_and_check;
use std::path::Path;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn read_back(path: &Path) -> (Dataset, usize) {
    let loaded = load_and_check(&[path.to_path_buf()], d("2025-12-10"));
    let errors = loaded.findings.errors();
    (loaded.dataset, errors)
}

fn needs_of<'a>(ds: &'a Dataset, case: &str, plan_no: u32) -> Vec<&'a Need> {
    let mut v: Vec<&Need> = ds
        .needs
        .iter()
        .filter(|n| n.case_id == case && n.plan_no == plan_no)
        .collect();
    v.sort_by_key(|n| n.no);
    v
}

/// The samples as an office has them on 2025-12-10: CH-2024-002's 第4版 was evaluated
/// 〇△〇〇 with No.5 not yet, 短期目標 一部達成; HB-2025-005's 第2版 〇△ (none) ×; two cases
/// not evaluated yet; MN-2024-001 closed in March.
#[test]
fn the_next_version_of_every_evaluated_plan_is_drafted_as_the_seed_says() {
    let dir = tempdir();
    let csv = sample_csv_copy(dir.path());
    // One need of CH-2024-002's 第4版 reached its goal: ◎ is left out and the rest renumbered.
    let needs = csv.join("ニーズ.csv");
    let text = std::fs::read_to_string(&needs).unwrap();
    let marked = set_evaluation(&text, "CH-2024-002,4,3,", "◎");
    std::fs::write(&needs, marked).unwrap();
    let out = dir.path().join("案");
    let o = cmsheets([
        "draft",
        csv.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--meeting-date",
        "2025-12-10",
    ]);
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{said}");
    assert!(
        said.contains(
            "MN-2024-001: 案を作りませんでした。ケースマネジメントは2025-03-31に終了しています。"
        ),
        "{said}"
    );
    assert!(
        said.contains(
            "HB-2024-004: 案を作りませんでした。第4版のニーズに「評価」がまだ1つも入っていません。"
        ),
        "{said}"
    );
    assert!(said.contains("CH-2024-002: 第5版の案を作りました（第4版の評価から）。ニーズ 4件、「◎」で終結し除いたもの: 前回の No.3。短期目標は見直してください（前回の達成: 一部達成）。次回見直し 2026-06-10（6ヵ月後）。"), "{said}");
    assert!(said.contains("HB-2025-005: 第3版の案を作りました（第2版の評価から）。ニーズ 4件、「×」で続けるか会議で決めるもの: 前回の No.4。"), "{said}");

    let written = out.join("csv_次回案_2025-12-10.xlsx");
    let (ds, errors) = read_back(&written);
    assert_eq!(errors, 0, "the draft reads back without errors");
    let (before, _) = read_back(&csv);

    // CH-2024-002 第5版.
    let v5 = ds
        .plans
        .iter()
        .find(|p| p.case_id == "CH-2024-002" && p.plan_no == 5)
        .expect("第5版 drafted");
    let v4 = before
        .plans
        .iter()
        .find(|p| p.case_id == "CH-2024-002" && p.plan_no == 4)
        .unwrap();
    assert_eq!(v5.created, d("2025-12-10"));
    // 第4版 ran 2025-06-20 → 令和7年12月19日: six months, again from the meeting.
    assert_eq!(v5.review_due, d("2026-06-10"));
    assert_eq!(v5.long_goal, v4.long_goal);
    assert_eq!(v5.short_goal, v4.short_goal);
    assert_eq!(v5.agreed, None);
    assert!(!v5.participants.self_);
    let old = needs_of(&before, "CH-2024-002", 4);
    let new = needs_of(&ds, "CH-2024-002", 5);
    let kept: Vec<&&Need> = old.iter().filter(|n| n.no != 3).collect();
    assert_eq!(new.len(), 4);
    for (i, (n, o)) in new.iter().zip(kept).enumerate() {
        assert_eq!(n.no, i as u32 + 1, "renumbered in order");
        assert_eq!(n.need, o.need);
        assert_eq!(n.self_action, o.self_action);
        assert_eq!(n.supporter_action, o.supporter_action);
        assert_eq!(n.supporter, o.supporter);
        assert_eq!(n.domain, o.domain);
        assert_eq!(n.evaluation, None, "evaluations cleared");
    }
    assert!(
        new.iter().all(|n| n.need != "お金を計画的に使いたい"),
        "◎ is never carried"
    );
    // The 補助ツール and 頼りにしている人 of 第4版 come along.
    let people = |ds: &Dataset, no: u32| -> Vec<String> {
        ds.supporters
            .iter()
            .filter(|s| s.case_id == "CH-2024-002" && s.plan_no == no)
            .map(|s| but_the_version(s.cells()))
            .collect()
    };
    assert_eq!(people(&ds, 5), people(&before, 4));
    assert_eq!(people(&ds, 5).len(), 8);
    let tool = |ds: &Dataset, no: u32| {
        ds.subtools
            .iter()
            .find(|s| s.case_id == "CH-2024-002" && s.plan_no == no)
            .map(|s| but_the_version(s.cells()))
    };
    assert_eq!(tool(&ds, 5), tool(&before, 4));
    assert!(tool(&ds, 5).is_some());
    // 第4版 gets the meeting as its 作成/更新 row.
    let row = ds
        .monitoring
        .iter()
        .find(|m| m.case_id == "CH-2024-002" && m.plan_no == 4 && m.date == d("2025-12-10"))
        .expect("the meeting's row on 第4版");
    assert_eq!(row.kind, ReviewKind::CreateUpdate);
    assert_eq!(row.setting, Setting::CareMeeting);
    assert_eq!(row.timing, Timing::CmAfter);

    // HB-2025-005 第3版: × carried for the meeting to decide, the unevaluated one as it was.
    let hb = needs_of(&ds, "HB-2025-005", 3);
    let hb_old = needs_of(&before, "HB-2025-005", 2);
    assert_eq!(hb.len(), 4);
    assert_eq!(hb_old[3].evaluation, Some(Evaluation::Stopped));
    assert_eq!(hb[3].need, hb_old[3].need);
    assert!(hb.iter().all(|n| n.evaluation.is_none()));

    // Not ready, not drafted; every case and row of the input is still there.
    for (case, next) in [("HB-2024-004", 5), ("MN-2025-006", 4), ("MN-2024-001", 4)] {
        assert!(
            !ds.plans
                .iter()
                .any(|p| p.case_id == case && p.plan_no == next),
            "{case}"
        );
    }
    assert_eq!(ds.cases.len(), before.cases.len());
    assert_eq!(ds.plans.len(), before.plans.len() + 3);
    assert_eq!(ds.questionnaires.len(), before.questionnaires.len());
    assert_eq!(ds.crisis_items.len(), before.crisis_items.len());
}

/// A record's cells but its 作成番号, to compare a version with the one it was carried from.
fn but_the_version(cells: cmsheets::model::Cells) -> String {
    let rest: Vec<_> = cells
        .into_iter()
        .filter(|(k, _)| *k != cmsheets::contract::sheets::Key::PlanNo)
        .collect();
    format!("{rest:?}")
}

/// The value of 評価 (the 8th column) on the need row starting with `start`.
fn set_evaluation(csv_text: &str, start: &str, mark: &str) -> String {
    let at = csv_text.find(start).expect("the row");
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&csv_text.as_bytes()[at..]);
    let rec = rdr.records().next().unwrap().unwrap();
    let len = rdr.position().byte() as usize;
    let mut fields: Vec<String> = rec.iter().map(str::to_string).collect();
    fields[7] = mark.to_string();
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    w.write_record(&fields).unwrap();
    let row = String::from_utf8(w.into_inner().unwrap()).unwrap();
    format!("{}{}{}", &csv_text[..at], row, &csv_text[at + len..])
}

/// `--rows-only` writes the new rows alone; the options' interval wins over the last one's.
#[test]
fn rows_only_holds_just_the_draft() {
    let dir = tempdir();
    let out = dir.path().join("案");
    let o = cmsheets([
        "draft",
        sample("intake.xlsx").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--meeting-date",
        "2025-12-10",
        "--review-months",
        "3",
        "--rows-only",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let loaded = load_and_check(&[out.join("次回案の行_2025-12-10.xlsx")], d("2025-12-10"));
    let ds = loaded.dataset;
    assert!(ds.cases.is_empty());
    let mut drafted: Vec<(String, u32)> = ds
        .plans
        .iter()
        .map(|p| (p.case_id.clone(), p.plan_no))
        .collect();
    drafted.sort();
    assert_eq!(
        drafted,
        [
            ("CH-2024-002".to_string(), 5),
            ("CH-2025-003".to_string(), 4),
            ("HB-2025-005".to_string(), 3)
        ]
    );
    assert!(ds.plans.iter().all(|p| p.review_due == d("2026-03-10")));
    assert_eq!(
        ds.monitoring.len(),
        3,
        "one meeting row per version reviewed"
    );
}

/// The input is never written over, and an output folder inside an input folder is refused.
#[test]
fn the_inputs_are_never_written() {
    let dir = tempdir();
    let csv = sample_csv_copy(dir.path());
    let before = tree(&csv);
    let o = cmsheets([
        "draft",
        csv.to_str().unwrap(),
        "-o",
        csv.join("案").to_str().unwrap(),
        "--meeting-date",
        "2025-12-10",
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("入力のフォルダ"), "{}", stderr(&o));
    assert_eq!(tree(&csv), before);
}
