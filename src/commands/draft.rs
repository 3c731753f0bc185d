//! `cmsheets draft`: the next plan version of every case whose latest version has been evaluated,
//! written beside the inputs' data for the care meeting to settle (see [`crate::forms::plan::draft`]).

use super::{Failure, Outcome};
use crate::cli::DraftArgs;
use crate::contract::codes::Code;
use crate::export::{intake_workbook_checked, Export};
use crate::forms::plan::draft::{drafts, DraftOptions, Fate};
use crate::model::raw::Layout;
use crate::model::Dataset;
use crate::output::{write_atomic, Target};
use crate::pipeline::load_and_check;
use std::collections::BTreeSet;

pub fn run(args: &DraftArgs) -> Result<Outcome, Failure> {
    super::protect(
        args.inputs.iter().map(|p| p.as_path()),
        &[Target::Folder(&args.output)],
    )?;
    let loaded = load_and_check(&args.inputs, args.common.as_of());
    let outcome = loaded.outcome();
    if outcome.nothing_readable {
        return Err(Failure(
            "読み込める入力がありません（cmsheets check で確認してください）。".into(),
        ));
    }
    let ds = &loaded.dataset;
    let errors = loaded.findings.cases_with_errors();
    let options = DraftOptions {
        meeting: args.meeting_date,
        review_months: args.review_months,
    };
    let (made, not_ready) = drafts(ds, &errors, options);
    let date = args.meeting_date.format("%Y-%m-%d");

    // Each case is written back where it came from: a tabular intake as one workbook, a
    // 様式ブック as the person's own book.
    let from_books: BTreeSet<String> = ds
        .cases
        .iter()
        .filter(|c| {
            ds.tables
                .get(c.at.table as usize)
                .is_some_and(|t| matches!(t.layout, Layout::Cells(_)))
        })
        .map(|c| c.case_id.clone())
        .collect();
    let mut with_drafts = ds.clone();
    for d in &made {
        d.add_to(&mut with_drafts);
    }
    let mut written = Vec::new();
    if ds.cases.iter().any(|c| !from_books.contains(&c.case_id)) {
        let leave_out: BTreeSet<String> = errors.union(&from_books).cloned().collect();
        let (name, rows) = if args.rows_only {
            let mut rows = Dataset::default();
            for d in made.iter().filter(|d| !from_books.contains(&d.case_id)) {
                d.add_to(&mut rows);
            }
            (format!("次回案の行_{date}.xlsx"), rows)
        } else {
            let stem = tabular_stem(&loaded.inputs);
            (format!("{stem}_次回案_{date}.xlsx"), Dataset::default())
        };
        let export = Export {
            ds: if args.rows_only { &rows } else { &with_drafts },
            skip: &leave_out,
        };
        let path = args.output.join(name);
        let bytes = intake_workbook_checked(Some(export)).map_err(|e| Failure(e.to_string()))?;
        write_atomic(&path, &bytes).map_err(|e| Failure(e.to_string()))?;
        written.push(path.display().to_string());
    }
    let drafted: BTreeSet<&str> = made.iter().map(|d| d.case_id.as_str()).collect();
    for file in with_drafts.by_case() {
        let id = file.case.case_id.as_str();
        if !(drafted.contains(id) && from_books.contains(id)) {
            continue;
        }
        crate::interrupt::checkpoint();
        // The person's book in cmsheets' 様式ブック layout: every version and the draft.
        let bytes = crate::forms::book::write::filled_workbook(&file)
            .map_err(|e| Failure(e.to_string()))?;
        let path = args
            .output
            .join(format!("{id}_様式ブック_次回案_{date}.xlsx"));
        write_atomic(&path, &bytes).map_err(|e| Failure(e.to_string()))?;
        written.push(path.display().to_string());
    }

    for d in &made {
        let mut line = format!(
            "{}: 第{}版の案を作りました（第{}版の評価から）。ニーズ {}件",
            d.case_id,
            d.plan.plan_no,
            d.from,
            d.needs.len()
        );
        for (fate, what) in [
            (Fate::Ended, "「◎」で終結し除いたもの"),
            (Fate::Decide, "「×」で続けるか会議で決めるもの"),
        ] {
            let nos: Vec<String> = d
                .carried
                .iter()
                .filter(|c| c.fate == fate)
                .map(|c| match c.new_no {
                    Some(new) if new != c.old_no => format!("{}（案では No.{new}）", c.old_no),
                    _ => c.old_no.to_string(),
                })
                .collect();
            if !nos.is_empty() {
                line.push_str(&format!("、{what}: 前回の No.{}", nos.join("・")));
            }
        }
        line.push_str(&format!(
            "。短期目標は見直してください（前回の達成: {}）。次回見直し {}（{}ヵ月後）。",
            d.goal_met.map(Code::label).unwrap_or("未評価"),
            d.plan.review_due.format("%Y-%m-%d"),
            d.review_months
        ));
        crate::say!("{line}");
    }
    for (id, why) in &not_ready {
        crate::say!("{id}: 案を作りませんでした。{why}。");
    }
    let books = made
        .iter()
        .filter(|d| from_books.contains(&d.case_id))
        .count();
    if books > 0 {
        crate::say!(
            "様式ブックの案（{books}件）は、cmsheets の様式ブックの形で新しいブックに書きました（元のブックは変えていません）。"
        );
    }
    crate::say!(
        "次回の支援計画の案 {}件（会議日 {date}）を書き出しました: {}",
        made.len(),
        if written.is_empty() {
            "なし".to_string()
        } else {
            written.join(", ")
        }
    );
    super::print_checks(&outcome, &errors, "案を作らなかった");
    // A case not ready is the normal course of a caseload, not a finding; errors are.
    let status = if errors.is_empty() && !outcome.unattributed_errors {
        Outcome::Done
    } else {
        Outcome::Findings
    };
    crate::memory::leave_to_exit(loaded);
    Ok(status)
}

/// The tabular input's own name for the workbook written back, or 「入力」 for several.
fn tabular_stem(inputs: &[crate::ingest::InputSummary]) -> String {
    let tabular: Vec<&crate::ingest::InputSummary> = inputs
        .iter()
        .filter(|i| i.readable && !i.formbook)
        .collect();
    match tabular[..] {
        [one] => std::path::Path::new(&one.name)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "入力".into()),
        _ => "入力".into(),
    }
}
