//! `cmsheets schedule`: the 見直し予定 workbook for case managers (see [`crate::schedule`]).

use super::{Failure, Outcome};
use crate::cli::ScheduleArgs;
use crate::output::{resolve, write_atomic, Target};
use crate::pipeline::{load_and_check_with, LoadOptions};

pub fn run(args: &ScheduleArgs) -> Result<Outcome, Failure> {
    if args
        .pdf
        .as_deref()
        .is_some_and(|pdf| resolve(pdf) == resolve(&args.output))
    {
        return Err(Failure("--pdf に -o と同じファイルが指定されています。PDF には別のファイル名（.pdf）を指定してください。".into()));
    }
    let mut outputs = vec![Target::File(&args.output)];
    outputs.extend(args.pdf.as_deref().map(Target::File));
    super::protect(args.inputs.iter().map(|p| p.as_path()), &outputs)?;
    let as_of = args.common.as_of();
    let texts = LoadOptions {
        drop_texts: true,
        ..LoadOptions::default()
    };
    let loaded = load_and_check_with(&args.inputs, as_of, texts);
    if loaded.nothing_readable() {
        return Err(Failure(
            "読み込める入力がありませんでした（cmsheets check で確認してください）。".into(),
        ));
    }
    let skipped = loaded.findings.cases_with_errors();
    let entries = crate::schedule::checked_entries(&loaded, as_of, args.within, None);
    let bytes = match crate::schedule::workbook(&entries, as_of, args.within, args.dates.format()) {
        Ok(b) => b,
        Err(e) => {
            return Err(Failure(format!(
                "見直し予定のブックを作れませんでした（{e}）。"
            )));
        }
    };
    // Typeset before anything is written: a failure leaves neither file half made.
    let pdf = match &args.pdf {
        Some(_) => {
            match crate::schedule_pdf::pdf(&entries, as_of, args.within, args.dates.format()) {
                Ok(b) => Some(b),
                Err(e) => {
                    return Err(Failure(format!(
                        "見直し予定の PDF を作れませんでした（{e}）。ブックも書き出していません。"
                    )));
                }
            }
        }
        None => None,
    };
    if let Err(e) = write_atomic(&args.output, &bytes) {
        return Err(Failure(format!("{e}")));
    }
    if let (Some(path), Some(pdf)) = (&args.pdf, &pdf) {
        if let Err(e) = write_atomic(path, pdf) {
            return Err(Failure(format!("{e}")));
        }
    }
    let count = |s| entries.iter().filter(|e| e.status == s).count();
    crate::say!(
        "見直し予定を {} に書き出しました（ケース {}件: 期限超過 {}件、今後{}日以内 {}件）。",
        args.output.display(),
        entries.len(),
        count(crate::schedule::Status::Overdue),
        args.within,
        count(crate::schedule::Status::DueSoon),
    );
    if let Some(path) = &args.pdf {
        crate::say!("見直し予定の PDF を {} に書き出しました。", path.display());
    }
    let outcome = loaded.outcome();
    super::print_checks(&outcome, &skipped, "載せなかった");
    let status = if skipped.is_empty() && !outcome.unattributed_errors {
        Outcome::Done
    } else {
        Outcome::Findings
    };
    crate::memory::leave_to_exit(loaded);
    Ok(status)
}
