//! `cmsheets check`: every finding at once, as text for people or JSON for scripts.

use super::{Failure, Outcome};
use crate::cli::{CheckArgs, Format};
use crate::pipeline::{load_and_check_with, LoadOptions};
use std::io::Write;

pub fn run(args: &CheckArgs) -> Result<Outcome, Failure> {
    let as_of = args.common.as_of();
    let load = LoadOptions {
        areas: args.areas.as_deref(),
        // Findings are all check prints.
        drop_texts: true,
    };
    let loaded = load_and_check_with(&args.inputs, as_of, load);
    let f = &loaded.findings;
    let cases = loaded.dataset.cases.len();
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Json => {
            let report = loaded.check_report(as_of);
            serde_json::to_writer_pretty(&mut out, &report)
                .map_err(std::io::Error::from)
                .and_then(|_| writeln!(out))
        }
        Format::Text => (|| {
            for finding in &f.items {
                writeln!(out, "{finding}")?;
            }
            let rows: usize = loaded.inputs.iter().map(|i| i.rows).sum();
            writeln!(
                out,
                "点検結果: エラー {}件、警告 {}件（入力 {}件、{}行、ケース {}件、基準日 {}）",
                f.errors(),
                f.warnings(),
                loaded.inputs.len(),
                rows,
                cases,
                as_of
            )?;
            let bad = f.cases_with_errors();
            if !bad.is_empty() {
                let list: Vec<String> = bad
                    .iter()
                    .map(|id| crate::terminal::escape(id).into_owned())
                    .collect();
                writeln!(
                    out,
                    "エラーのあるケース（印刷・集計では除外されます）: {}",
                    list.join(", ")
                )?;
            }
            Ok(())
        })(),
    };
    let status = if written.is_err() || loaded.nothing_readable() {
        Outcome::Failed
    } else if f.errors() > 0 {
        Outcome::Findings
    } else {
        Outcome::Done
    };
    crate::memory::leave_to_exit(loaded);
    Ok(status)
}
