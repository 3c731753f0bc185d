//! `cmsheets draft`: the next plan version of every case whose latest version has been evaluated,
//! written into DIR for the care meeting to settle (see [`crate::plan_cycle`]).

use super::{Failure, Outcome};
use crate::cli::DraftArgs;
use crate::forms::plan::draft::DraftOptions;
use crate::output::{write_atomic, Target};
use crate::pipeline::load_and_check;

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
    let options = DraftOptions {
        meeting: args.meeting_date,
        review_months: args.review_months,
    };
    let drafts = crate::plan_cycle::drafts_to_write(&loaded, options, args.rows_only, None)
        .map_err(Failure)?;
    let mut written = Vec::new();
    for (name, bytes) in &drafts.files {
        crate::interrupt::checkpoint();
        let path = args.output.join(name);
        write_atomic(&path, bytes).map_err(|e| Failure(e.to_string()))?;
        written.push(path.display().to_string());
    }
    for line in drafts.lines() {
        crate::say!("{line}");
    }
    let meeting = args.meeting_date.format("%Y-%m-%d");
    if written.is_empty() {
        crate::say!("案を作れるケースはありませんでした（会議日 {meeting}）。");
    } else {
        crate::say!(
            "次回の支援計画の案 {}件（会議日 {meeting}）を書き出しました: {}",
            drafts.made.len(),
            written.join(", ")
        );
    }
    let errors = loaded.findings.cases_with_errors();
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
