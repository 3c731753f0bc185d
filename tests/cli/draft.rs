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
    // One need of CH-2024-002's 第4版 reached its goal: ◎ is left out and the rest renumbered.
    let csv = samples_with_one_closed(dir.path());
    let out = dir.path().join("案");
    let said = draft_into(&csv, &out);
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
    assert!(v5.agreement.is_empty());
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

/// Adds the five 同意・交付 columns to a CSV of the samples, each row's values from `values`.
fn with_agreement_columns(path: &Path, mut values: impl FnMut(&[String]) -> [&'static str; 5]) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut rdr = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    let mut head: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    head.extend(
        [
            "同意日",
            "同意した人",
            "同意した人の続柄",
            "交付日",
            "交付先",
        ]
        .map(String::from),
    );
    w.write_record(&head).unwrap();
    for rec in rdr.records() {
        let mut f: Vec<String> = rec.unwrap().iter().map(String::from).collect();
        let extra = values(&f);
        f.extend(extra.map(String::from));
        w.write_record(&f).unwrap();
    }
    std::fs::write(path, w.into_inner().unwrap()).unwrap();
}

/// CH-2024-002's `form` rendered from `input` into `dir`: the PDF and the template's data.
fn render_one(input: &Path, dir: &Path, form: &str) -> (std::path::PathBuf, serde_json::Value) {
    let (out, json) = (dir.join("forms"), dir.join("json"));
    let o = cmsheets([
        "render",
        input.to_str().unwrap(),
        "--case",
        "CH-2024-002",
        "--forms",
        form,
        "-o",
        out.to_str().unwrap(),
        "--emit-json",
        json.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let data = std::fs::read(json.join("CH-2024-002").join(format!("{form}.json"))).unwrap();
    (
        out.join("CH-2024-002").join(format!("{form}.pdf")),
        serde_json::from_slice(&data).unwrap(),
    )
}

/// One 様式ブック per case of `input` in `out` (`template --form --from`).
fn books_of(input: &Path, out: &Path) {
    let o = cmsheets([
        "template",
        "--form",
        "--from",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// `cmsheets draft INPUT -o OUT` for a meeting on 2025-12-10, which must succeed; what it said.
fn draft_into(input: &Path, out: &Path) -> String {
    let o = cmsheets([
        "draft",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--meeting-date",
        "2025-12-10",
    ]);
    let said = format!("{}{}", stdout(&o), stderr(&o));
    assert_eq!(o.status.code(), Some(0), "{said}");
    said
}

/// The samples' CSV with CH-2024-002's need 3 of 第4版 evaluated ◎.
fn samples_with_one_closed(dir: &Path) -> std::path::PathBuf {
    let csv = sample_csv_copy(dir);
    let needs = csv.join("ニーズ.csv");
    let text = std::fs::read_to_string(&needs).unwrap();
    std::fs::write(&needs, set_evaluation(&text, "CH-2024-002,4,3,", "◎")).unwrap();
    csv
}

fn packet_json(input: &Path, out: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec![
        "packet".to_string(),
        input.to_str().unwrap().into(),
        "--case".into(),
        "CH-2024-002".into(),
        "--meeting-date".into(),
        "2025-12-10".into(),
        "--as-of".into(),
        "2025-12-10".into(),
        "-q".into(),
        "-o".into(),
        out.join("pdf").to_str().unwrap().into(),
        "--emit-json".into(),
        out.join("json").to_str().unwrap().into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let o = cmsheets(&args);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let path = out.join("json").join("CH-2024-002").join("packet.json");
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

fn titles(packet: &serde_json::Value) -> Vec<String> {
    packet["cases"][0]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["title"].as_str().unwrap().to_string())
        .collect()
}

/// (前回 No, 評価, 今回の扱い, 案の No) of each row of 「前回の評価と今回の案」.
fn review_rows(packet: &serde_json::Value) -> Vec<[String; 4]> {
    let part = packet["cases"][0]["parts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["form"] == "plan_review")
        .expect("the review page");
    part["data"]["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            ["old_no", "evaluation", "outcome", "new_no"]
                .map(|k| r[k].as_str().unwrap().to_string())
        })
        .collect()
}

fn row(old: &str, eval: &str, outcome: &str, new: &str) -> [String; 4] {
    [old, eval, outcome, new].map(String::from)
}

/// `packet --draft`: after the plan in force, 「前回の評価と今回の案」 as worked out by hand from
/// CH-2024-002's 第4版 (〇 △ ◎ 〇 and one not evaluated), then 第5版 marked 案. Without the
/// flag the packet is as it was.
#[test]
fn the_packet_shows_the_review_and_the_draft_for_the_meeting() {
    let dir = tempdir();
    let csv = samples_with_one_closed(dir.path());
    let plain = packet_json(&csv, &dir.path().join("plain"), &[]);
    let plain_titles = titles(&plain);
    assert_eq!(plain_titles.len(), 4, "{plain_titles:?}");
    let plan = plain_titles[1]
        .strip_suffix("（作成番号 4）")
        .expect("the plan in force is 第4版");
    let with = packet_json(&csv, &dir.path().join("draft"), &["--draft"]);
    let mut expected = plain_titles.clone();
    expected.insert(2, "前回の評価と今回の案".into());
    expected.insert(3, format!("{plan}（案・作成番号 5）"));
    assert_eq!(titles(&with), expected);
    assert_eq!(
        review_rows(&with),
        [
            row("1", "〇", "継続", "1"),
            row("2", "△", "見直し", "2"),
            row("3", "◎", "終結", ""),
            row("4", "〇", "継続", "3"),
            row("5", "", "継続", "4"),
        ]
    );
    let parts = with["cases"][0]["parts"].as_array().unwrap();
    let review = &parts[2]["data"];
    assert_eq!(review["goal_met"], "一部達成");
    assert_eq!(review["from_no"], 4);
    assert_eq!(review["plan_no"], 5);
    let draft = &parts[3]["data"];
    assert_eq!(draft["draft"], true);
    assert_eq!(parts[1]["data"]["draft"], false);
    let needs: Vec<&str> = draft["needs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["evaluation"].as_str().unwrap())
        .collect();
    assert!(needs.iter().all(|e| e.is_empty()), "{needs:?}");
    // Printed: the page and the mark, as a reader of the PDF sees them.
    let pdf = dir
        .path()
        .join("draft")
        .join("pdf")
        .join("CH-2024-002")
        .join("packet.pdf");
    if let Some(text) = pdf_text(&pdf, None) {
        let text = squash(&text);
        assert!(text.contains("前回の評価と今回の案"), "{text}");
        assert!(text.contains("見直し"), "{text}");
        assert!(
            text.contains("案支援計画シート"),
            "the 案 mark before the title: {text}"
        );
    } else {
        assert!(require("pdftotext", false));
    }
}

/// A draft the office has entered and edited (a need reworded, one added) is compared as it
/// stands: the reworded one is a need left out plus a new one, the added one 新規.
#[test]
fn an_entered_draft_is_compared_as_the_office_edited_it() {
    let dir = tempdir();
    let csv = samples_with_one_closed(dir.path());
    let drafted = dir.path().join("drafted");
    draft_into(&csv, &drafted);
    // The office edits the draft: CSV of it, one need reworded, one added.
    let edited = dir.path().join("edited");
    let o = cmsheets([
        "convert",
        drafted.join("csv_次回案_2025-12-10.xlsx").to_str().unwrap(),
        "--csv",
        edited.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let needs = edited.join("ニーズ.csv");
    let text = std::fs::read_to_string(&needs).unwrap();
    let text = text.replacen(
        "CH-2024-002,5,2,就労継続支援B型の事業所を見学したい",
        "CH-2024-002,5,2,就労継続支援B型の事業所に週1回通いたい",
        1,
    );
    assert!(text.contains("週1回通いたい"));
    let text = format!("{text}CH-2024-002,5,5,料理教室に通いたい,申し込む,,,,\n");
    std::fs::write(&needs, text).unwrap();
    let packet = packet_json(&edited, &dir.path().join("packet"), &["--draft"]);
    assert_eq!(
        review_rows(&packet),
        [
            row("1", "〇", "継続", "1"),
            row("2", "△", "案から除く", ""),
            row("3", "◎", "終結", ""),
            row("4", "〇", "継続", "3"),
            row("5", "", "継続", "4"),
            row("", "", "新規", "2"),
            row("", "", "新規", "5"),
        ]
    );
    // Choosing the version reviewed (--plan 4) compares it with the draft dated the meeting…
    let chosen = packet_json(
        &edited,
        &dir.path().join("chosen"),
        &["--draft", "--plan", "4"],
    );
    assert_eq!(review_rows(&chosen), review_rows(&packet));
    // …and an older one says why there is no draft to compare.
    let older = packet_json(
        &edited,
        &dir.path().join("older"),
        &["--draft", "--plan", "3"],
    );
    let parts = older["cases"][0]["parts"].as_array().unwrap();
    assert!(parts
        .iter()
        .any(|p| p["form"] == "plan_review" && p["present"] == false && p["missing"] == "案なし"));
    let titles = titles(&older);
    assert!(
        titles.contains(
            &"前回の評価と今回の案（第3版のあとに第4版があります。案は最新の版の評価から作ります）"
                .to_string()
        ),
        "{titles:?}"
    );
}

/// 同意・交付 for a plan version: read from the intake, printed at the foot, written into and read
/// back from the 様式ブック; lines to sign with --sign-lines; W405 and W406.
#[test]
fn agreement_and_hand_over_are_read_printed_and_checked() {
    let dir = tempdir();
    let csv = sample_csv_copy(dir.path());
    with_agreement_columns(&csv.join("支援計画.csv"), |f| {
        match (&f[0][..], &f[1][..]) {
            ("CH-2024-002", "4") => ["2025/6/20", "代理", "母", "令和7年6月27日", "本人と母"],
            ("CH-2024-002", "3") => ["2024/12/20", "代理", "", "", ""],
            ("CH-2024-002", _) => ["2024/6/20", "本人", "", "", ""],
            _ => ["", "", "", "", ""],
        }
    });

    let (code, report) = check_json(&[&csv]);
    assert_eq!(code, 0);
    let cases_of = |code: &str| -> Vec<String> {
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["code"] == code)
            .map(|f| f["case_id"].as_str().unwrap_or("").to_string())
            .collect()
    };
    // Every monitored version of the other cases (none agreed), none of CH-2024-002's.
    let w405 = cases_of("W405");
    assert!(w405.iter().any(|c| c == "HB-2025-005"), "{w405:?}");
    assert!(!w405.iter().any(|c| c == "CH-2024-002"), "{w405:?}");
    // 第3版 agreed by a proxy whose 続柄 is missing.
    assert_eq!(cases_of("W406"), ["CH-2024-002"]);
    assert!(findings_of(&report, "W406")[0].1.contains("作成番号 3"));

    // Printed at the foot.
    let (pdf, data) = render_one(&csv, dir.path(), "plan");
    assert_eq!(data["agreement"]["agreed"], "令和7年6月20日");
    assert_eq!(data["agreement"]["agreed_by"], "代理（続柄：母）");
    assert_eq!(data["agreement"]["handed_on"], "令和7年6月27日");
    assert_eq!(data["agreement"]["handed_to"], "本人と母");
    match pdf_text(&pdf, None) {
        Some(text) => {
            let text = squash(&text);
            assert!(text.contains("同意した人：代理（続柄：母）"), "{text}");
            assert!(text.contains("交付先：本人と母"), "{text}");
            assert!(!text.contains("署名"), "{text}");
        }
        None => assert!(require("pdftotext", false)),
    }
    // Lines to sign on a version with nothing entered.
    let signed = dir.path().join("signed");
    let o = cmsheets([
        "render",
        csv.to_str().unwrap(),
        "--case",
        "HB-2024-004",
        "--forms",
        "plan",
        "--sign-lines",
        "-o",
        signed.to_str().unwrap(),
        "-q",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    if let Some(text) = pdf_text(&signed.join("HB-2024-004").join("plan.pdf"), None) {
        let text = squash(&text);
        assert!(text.contains("署名："), "{text}");
        assert!(text.contains("同意した人：本人・代理"), "{text}");
    }

    // Into the person's 様式ブック and back, field by field.
    let books = dir.path().join("books");
    books_of(&csv, &books);
    let book = books.join("CH-2024-002.xlsx");
    let (ds, errors) = read_back(&book);
    assert_eq!(errors, 0);
    let (before, _) = read_back(&csv);
    for no in 1..=4 {
        let a = |ds: &Dataset| {
            ds.plans
                .iter()
                .find(|p| p.case_id == "CH-2024-002" && p.plan_no == no)
                .map(|p| p.agreement.clone())
                .unwrap()
        };
        assert_eq!(a(&ds), a(&before), "第{no}版");
    }
}

/// A 様式ブック input: the person's book is written anew with every version and the draft
/// (the input left as it was), and reads back with the draft's records.
#[test]
fn a_form_book_gets_its_draft_in_a_new_book() {
    let dir = tempdir();
    let csv = samples_with_one_closed(dir.path());
    let books = dir.path().join("books");
    books_of(&csv, &books);
    let before = tree(&books);
    let out = dir.path().join("案");
    let said = draft_into(&books, &out);
    assert!(said.contains("様式ブックの案（3件）"), "{said}");
    assert_eq!(tree(&books), before, "the inputs are untouched");
    let (ds, errors) = read_back(&out.join("CH-2024-002_様式ブック_次回案_2025-12-10.xlsx"));
    assert_eq!(errors, 0);
    let (from_csv, _) = read_back(&csv);
    let old = needs_of(&from_csv, "CH-2024-002", 4);
    let new = needs_of(&ds, "CH-2024-002", 5);
    let carried: Vec<&str> = old
        .iter()
        .filter(|n| n.evaluation != Some(Evaluation::Closed))
        .map(|n| n.need.as_str())
        .collect();
    assert_eq!(
        new.iter().map(|n| n.need.as_str()).collect::<Vec<_>>(),
        carried
    );
    assert!(new.iter().all(|n| n.evaluation.is_none()));
    let v5 = ds.plans.iter().find(|p| p.plan_no == 5).expect("第5版");
    assert_eq!(v5.created, d("2025-12-10"));
    assert_eq!(v5.review_due, d("2026-06-10"));
    assert_eq!(ds.plans.len(), 5, "every version and the draft");
}

/// The crisis plan's 同意・交付: typed on one row of the version, printed at the foot of 別紙4,
/// carried through the 様式ブック; a second row that says otherwise is W407.
#[test]
fn the_crisis_plan_records_its_agreement_too() {
    let dir = tempdir();
    let csv = sample_csv_copy(dir.path());
    let mut first_of_version = true;
    let mut conflicting = true;
    with_agreement_columns(&csv.join("クライシスプラン.csv"), |f| {
        match (&f[0][..], &f[1][..]) {
            ("CH-2024-002", "2025-06-20") if first_of_version => {
                first_of_version = false;
                ["2025-06-20", "本人", "", "2025-06-20", "本人"]
            }
            // The older version: agreed twice, differently.
            ("CH-2024-002", "2024-06-20") if conflicting => {
                conflicting = f[2] == "自分でわかるサイン" && f[3].starts_with("夜中");
                if conflicting {
                    ["2024-06-20", "", "", "", ""]
                } else {
                    ["2024-06-21", "", "", "", ""]
                }
            }
            _ => ["", "", "", "", ""],
        }
    });

    let (code, report) = check_json(&[&csv]);
    assert_eq!(code, 0);
    let w407 = findings_of(&report, "W407");
    assert_eq!(w407.len(), 1, "{w407:?}");
    assert!(w407[0].1.contains("2024-06-20"), "{w407:?}");

    let (pdf, data) = render_one(&csv, dir.path(), "crisis");
    assert_eq!(data["agreement"]["agreed"], "令和7年6月20日");
    assert_eq!(data["agreement"]["agreed_by"], "本人");
    assert_eq!(data["agreement"]["handed_to"], "本人");
    match pdf_text(&pdf, None) {
        Some(text) => {
            let text = squash(&text);
            assert!(text.contains("同意した人：本人"), "{text}");
            assert!(text.contains("交付先：本人"), "{text}");
        }
        None => assert!(require("pdftotext", false)),
    }

    // Into the person's 様式ブック and back: each version's agreement as it was used.
    let books = dir.path().join("books");
    books_of(&csv, &books);
    let book = books.join("CH-2024-002.xlsx");
    let (ds, errors) = read_back(&book);
    assert_eq!(errors, 0);
    let (before, _) = read_back(&csv);
    let used = |ds: &Dataset| -> Vec<(NaiveDate, cmsheets::model::Agreement)> {
        ds.by_case()
            .iter()
            .filter(|f| f.case.case_id == "CH-2024-002")
            .flat_map(|f| f.crisis_plans.iter().map(|c| (c.created, c.agreement())))
            .collect()
    };
    assert_eq!(used(&ds), used(&before));
    assert_eq!(used(&ds)[1].1.handed_on, Some(d("2025-06-20")));
}

/// A meeting no case is ready for writes nothing (a copy of the intake unchanged would be
/// taken for a draft) and says so; an output that is a file is named as such.
#[test]
fn nothing_ready_writes_nothing() {
    let dir = tempdir();
    let out = dir.path().join("案");
    let o = cmsheets([
        "draft",
        sample("intake.xlsx").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--meeting-date",
        "2024-01-01",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("案を作れるケースはありませんでした（会議日 2024-01-01）。"));
    assert!(!out.exists());
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let o = cmsheets([
        "draft",
        sample("intake.xlsx").to_str().unwrap(),
        "-o",
        file.to_str().unwrap(),
        "--meeting-date",
        "2025-12-10",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("フォルダの名前に同じ名前のファイルがあります"),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&file).unwrap(), b"x");
}
