//! `cmsheets convert`: any inputs, tabular or 様式ブック, into the tabular intake workbook (or CSV
//! files), for offices moving from one per-person files to one intake, or handing data on.

use super::{Failure, Outcome};
use crate::cli::ConvertArgs;
use crate::export::{intake_csv, intake_workbook_checked, Export};
use crate::output::{write_atomic, Target};
use crate::pipeline::load_and_check;

pub fn run(args: &ConvertArgs) -> Result<Outcome, Failure> {
    if args.output.is_none() && args.csv.is_none() {
        // Said before the inputs are read: a large intake would otherwise be read for nothing.
        return Err(Failure(
            "出力先を -o intake.xlsx か --csv DIR で指定してください。".into(),
        ));
    }
    let target = match (&args.output, &args.csv) {
        (_, Some(dir)) => Target::Folder(dir),
        (Some(out), None) => Target::File(out),
        (None, None) => unreachable!("said above"),
    };
    super::protect(args.inputs.iter().map(|p| p.as_path()), &[target])?;
    let loaded = load_and_check(&args.inputs, args.common.as_of());
    let outcome = loaded.outcome();
    if outcome.nothing_readable {
        return Err(Failure(
            "読み込める入力がありません（cmsheets check で確認してください）。".into(),
        ));
    }
    let skip = loaded.findings.cases_with_errors();
    let export = Export {
        ds: &loaded.dataset,
        skip: &skip,
    };
    let result = match (&args.output, &args.csv) {
        (_, Some(dir)) => intake_csv(Some(export))
            .into_iter()
            .try_for_each(|(name, bytes)| {
                crate::interrupt::checkpoint();
                let path = dir.join(name);
                write_atomic(&path, &bytes).map_err(|e| e.to_string())
            })
            .map(|_| dir.display().to_string()),
        (Some(out), None) => intake_workbook_checked(Some(export))
            .map_err(|e| e.to_string())
            .and_then(|bytes| write_atomic(out, &bytes).map_err(|e| e.to_string()))
            .map(|_| out.display().to_string()),
        (None, None) => {
            Err("出力先を -o intake.xlsx か --csv DIR で指定してください。".to_string())
        }
    };
    let status = match result {
        Ok(out) => {
            let cases = loaded
                .dataset
                .by_case()
                .iter()
                .filter(|f| !skip.contains(&f.case.case_id))
                .count();
            crate::say!("ケース {cases}件を入力用の表形式で {out} に書き出しました。");
            super::print_checks(&outcome, &skip, "書き出さなかった");
            if skip.is_empty() && !outcome.unattributed_errors {
                Outcome::Done
            } else {
                Outcome::Findings
            }
        }
        Err(msg) => return Err(Failure(msg)),
    };
    crate::memory::leave_to_exit(loaded);
    Ok(status)
}
