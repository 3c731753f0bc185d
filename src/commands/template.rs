//! `cmsheets template`: the blank intake workbook (or CSV files), the blank 様式ブック
//! (`--form`), or one filled 様式ブック per case (`--form --from INPUT…`).

use super::{Failure, Outcome};
use crate::cli::TemplateArgs;
use crate::export::intake_csv;
use crate::output::{write_atomic, Target};
use crate::pipeline::load_and_check;
use rust_xlsxwriter::XlsxError;
use std::path::Path;

pub fn run(args: &TemplateArgs) -> Result<Outcome, Failure> {
    if !args.from.is_empty() {
        if !args.form {
            return Err(Failure(
                "--from は --form と一緒に指定してください（ケースごとの様式ブックを作ります）。"
                    .into(),
            ));
        }
        return filled_books(args);
    }
    let output = args.output.clone().unwrap_or_else(|| {
        if args.form {
            "様式.xlsx"
        } else {
            "intake.xlsx"
        }
        .into()
    });
    // No input here; the check is the same one every writing command makes.
    let target = match &args.csv {
        Some(dir) => Target::Folder(dir),
        None => Target::File(&output),
    };
    super::protect([], &[target])?;
    let result = match (&args.csv, args.form) {
        (Some(_), true) => Err("--csv は入力用ブック（--form なし）にだけ使えます。".to_string()),
        (Some(dir), false) => write_csv(dir)
            .map(|n| format!("{} に空の CSV を {n} 件書き出しました。", dir.display())),
        (None, form) => {
            let (bytes, what) = if form {
                (
                    crate::forms::book::blank_workbook(),
                    "様式ブック（別紙1〜4）",
                )
            } else {
                (workbook(), "入力用ブック")
            };
            bytes
                .map_err(|e| format!("ブックを作れませんでした（{e}）"))
                .and_then(|bytes| write_atomic(&output, &bytes).map_err(|e| e.to_string()))
                .map(|_| format!("{} に{what}を書き出しました。", output.display()))
        }
    };
    let msg = result.map_err(Failure)?;
    crate::say!("{msg}");
    Ok(Outcome::Done)
}

fn write_csv(dir: &Path) -> Result<usize, String> {
    let files = intake_csv(None);
    for (name, bytes) in &files {
        write_atomic(&dir.join(name), bytes).map_err(|e| e.to_string())?;
    }
    Ok(files.len())
}

/// The blank intake workbook.
pub fn workbook() -> Result<Vec<u8>, XlsxError> {
    crate::export::intake_workbook(None)
}

/// `DIR/<ケースID>.xlsx` for every case read; cases with errors are left out and listed, as the
/// printers do, since their rows may be incomplete.
fn filled_books(args: &TemplateArgs) -> Result<Outcome, Failure> {
    let Some(dir) = &args.output else {
        return Err(Failure(
            "出力先のフォルダを -o DIR で指定してください（DIR/<ケースID>.xlsx を作ります）。"
                .into(),
        ));
    };
    super::protect(
        args.from.iter().map(|p| p.as_path()),
        &[Target::Folder(dir)],
    )?;
    let loaded = load_and_check(&args.from, args.common.as_of());
    let skip = loaded.findings.cases_with_errors();
    let mut written = 0;
    let mut failed = Vec::new();
    for file in loaded.dataset.by_case() {
        // Each book is written whole; after Ctrl+C no further one is started.
        crate::interrupt::checkpoint();
        if skip.contains(&file.case.case_id) {
            continue;
        }
        let path = dir.join(format!("{}.xlsx", file.case.case_id));
        let result = crate::forms::book::filled_workbook(&file)
            .map_err(|e| format!("ブックを作れませんでした（{e}）"))
            .and_then(|bytes| write_atomic(&path, &bytes).map_err(|e| e.to_string()));
        match result {
            Ok(()) => written += 1,
            Err(msg) => failed.push(format!("{}: {msg}", file.case.case_id)),
        }
    }
    let outcome = loaded.outcome();
    crate::say!(
        "様式ブック {written}件を {} に書き出しました。",
        dir.display()
    );
    super::print_checks(&outcome, &skip, "書き出さなかった");
    for f in &failed {
        crate::say!("書き出せませんでした: {f}");
    }
    let status = if outcome.nothing_readable {
        Outcome::Failed
    } else if skip.is_empty() && failed.is_empty() && !outcome.unattributed_errors {
        Outcome::Done
    } else {
        Outcome::Findings
    };
    crate::memory::leave_to_exit(loaded);
    Ok(status)
}
