//! The plan's cycle after a monitoring: each evaluated case's next version drafted (see
//! [`crate::forms::plan::draft`]) and written where the office works: a tabular intake as the
//! intake workbook with the draft's rows added (or those rows alone), a 様式ブック as the person's
//! book with the draft. `cmsheets draft` and the web page both call [`drafts_to_write`].

use crate::contract::codes::Code;
use crate::export::{intake_workbook_checked, Export};
use crate::forms::plan::draft::{drafts, Draft, DraftOptions, Fate, NotReady};
use crate::model::raw::Layout;
use crate::model::Dataset;
use crate::pipeline::Loaded;
use std::collections::BTreeSet;

/// What a draft run makes: the files (name, bytes) and what it says about each case.
pub struct DraftFiles {
    pub files: Vec<(String, Vec<u8>)>,
    pub made: Vec<Draft>,
    pub not_ready: Vec<(String, NotReady)>,
    /// How many of the drafts are persons' 様式ブック.
    pub books: usize,
}

/// The drafts of every case of `loaded` ready for one (of those in `only`, when given), as
/// files. `rows_only`: the tabular intake's new rows alone instead of the whole intake with them.
pub fn drafts_to_write(
    loaded: &Loaded,
    options: DraftOptions,
    rows_only: bool,
    only: Option<&BTreeSet<String>>,
) -> Result<DraftFiles, String> {
    let ds = &loaded.dataset;
    let errors = loaded.findings.cases_with_errors();
    let (mut made, mut not_ready) = drafts(ds, &errors, options);
    if let Some(only) = only {
        made.retain(|d| only.contains(&d.case_id));
        not_ready.retain(|(id, _)| only.contains(id));
    }
    let date = options.meeting.format("%Y-%m-%d");
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
    let mut files = Vec::new();
    // The intake is written back only when it gains a draft: a copy unchanged would be taken
    // for one.
    if made.iter().any(|d| !from_books.contains(&d.case_id)) {
        let leave_out: BTreeSet<String> = errors.union(&from_books).cloned().collect();
        let mut rows = Dataset::default();
        let name = if rows_only {
            for d in made.iter().filter(|d| !from_books.contains(&d.case_id)) {
                d.add_to(&mut rows);
            }
            format!("次回案の行_{date}.xlsx")
        } else {
            format!("{}_次回案_{date}.xlsx", tabular_stem(loaded))
        };
        let export = Export {
            ds: if rows_only { &rows } else { &with_drafts },
            skip: &leave_out,
        };
        files.push((
            name,
            intake_workbook_checked(Some(export)).map_err(|e| e.to_string())?,
        ));
    }
    let drafted: BTreeSet<&str> = made.iter().map(|d| d.case_id.as_str()).collect();
    let mut books = 0;
    for file in with_drafts.by_case() {
        let id = file.case.case_id.as_str();
        if !(drafted.contains(id) && from_books.contains(id)) {
            continue;
        }
        crate::interrupt::checkpoint();
        // The person's book in cmsheets' 様式ブック layout: every version and the draft.
        let bytes = crate::forms::book::write::filled_workbook(&file).map_err(|e| e.to_string())?;
        files.push((format!("{id}_様式ブック_次回案_{date}.xlsx"), bytes));
        books += 1;
    }
    Ok(DraftFiles {
        files,
        made,
        not_ready,
        books,
    })
}

impl DraftFiles {
    /// One line per case: what was drafted from what, or why not.
    pub fn lines(&self) -> Vec<String> {
        let mut lines: Vec<String> = self.made.iter().map(made_line).collect();
        lines.extend(
            self.not_ready
                .iter()
                .map(|(id, why)| format!("{id}: 案を作りませんでした。{why}。")),
        );
        if self.books > 0 {
            lines.push(format!(
                "様式ブックの案（{}件）は、cmsheets の様式ブックの形で新しいブックに書きました（元のブックは変えていません）。",
                self.books
            ));
        }
        lines
    }
}

fn made_line(d: &Draft) -> String {
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
    line
}

/// The tabular input's own name for the workbook written back, or 「入力」 for several.
fn tabular_stem(loaded: &Loaded) -> String {
    let tabular: Vec<&crate::ingest::InputSummary> = loaded
        .inputs
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
