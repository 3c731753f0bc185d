//! `cmsheets report`: the aggregate workbook for regional statistics (spec/report.md).

use super::{Failure, Outcome};
use crate::cli::ReportArgs;
use crate::contract::text::trim;
use crate::output::{resolve, write_atomic, Target};
use crate::pipeline::{load_and_check_with, LoadOptions};
use crate::progress::Progress;
use crate::report::{self, workbook, Options};

pub fn run(args: &ReportArgs) -> Result<Outcome, Failure> {
    arguments_hold(args)?;
    let as_of = args.common.as_of();
    let load = LoadOptions {
        areas: args.areas.as_deref(),
        drop_texts: true,
    };
    let loaded = load_and_check_with(&args.inputs, as_of, load);
    if loaded.nothing_readable() {
        return Err(Failure("読み込める入力がありませんでした（cmsheets check で確認してください）。集計ブックは作成していません。".into()));
    }
    crate::interrupt::checkpoint();
    let opts = Options {
        by: args.by.clone(),
        period: args.period,
        from: args.from,
        to: args.to,
        as_of,
        made: chrono::Local::now().date_naive(),
        suppress_below: args.suppress_below,
        pseudonymize: args.pseudonymize.clone(),
        dates: args.dates.format(),
        only: None,
        via: report::Via::CommandLine,
    };
    let report = report::build(&loaded, &opts);
    crate::interrupt::checkpoint();

    let steps = workbook::progress_steps(&report);
    let progress = Progress::new("集計ブック作成", steps, args.quiet || steps == 0);
    let files = report::files(&report, &opts, args.pdf.is_some(), Some(&progress));
    let files = match files {
        Ok(files) => files,
        Err(e) => {
            return Err(Failure(format!("{e}")));
        }
    };
    crate::interrupt::checkpoint();
    if let Err(e) = write_atomic(&args.output, &files.workbook) {
        return Err(Failure(format!("{e}")));
    }
    if let (Some(path), Some(pdf)) = (&args.pdf, &files.summary_pdf) {
        crate::interrupt::checkpoint();
        if let Err(e) = write_atomic(path, pdf) {
            return Err(Failure(format!("{e}")));
        }
    }
    account_for(args, &loaded, &report)?;
    let f = &loaded.findings;
    let status =
        if report.excluded.is_empty() && report.unknown_ids == 0 && !f.has_unattributed_errors() {
            Outcome::Done
        } else {
            Outcome::Findings
        };
    crate::memory::leave_to_exit((loaded, report));
    Ok(status)
}

/// The flags' own mistakes, found before anything is read.
fn arguments_hold(args: &ReportArgs) -> Result<(), Failure> {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            return Err(Failure(format!("--from（{from}）が --to（{to}）より後です。集計期間の初日と末日を確かめてください。")));
        }
    }
    if args
        .pseudonymize
        .as_deref()
        .is_some_and(|k| trim(k).is_empty())
    {
        return Err(Failure(
            "--pseudonymize の鍵が空です。事業所で決めた、外部に知られない鍵を指定してください。"
                .into(),
        ));
    }
    let mut outputs = vec![Target::File(&args.output)];
    outputs.extend(args.csv.as_deref().map(Target::Folder));
    outputs.extend(args.pdf.as_deref().map(Target::File));
    if args
        .pdf
        .as_deref()
        .is_some_and(|pdf| resolve(pdf) == resolve(&args.output))
    {
        return Err(Failure("--pdf に -o と同じファイルが指定されています。PDF には別のファイル名（.pdf）を指定してください。".into()));
    }
    let inputs = args.inputs.iter().map(|p| p.as_path());
    super::protect(inputs.chain(args.areas.as_deref()), &outputs)?;
    if !args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        crate::say!("警告: 出力は Excel ブック（xlsx）です。ファイル名の拡張子を .xlsx にすると開きやすくなります。");
    }
    Ok(())
}

/// What was written and left out, said once the workbook and PDF are in place; the CSV files,
/// when asked for, are written in their turn of that account.
fn account_for(
    args: &ReportArgs,
    loaded: &crate::pipeline::Loaded,
    report: &report::Report,
) -> Result<(), Failure> {
    let f = &loaded.findings;
    if f.errors() + f.warnings() > 0 {
        crate::say!(
            "点検: エラー {}件、警告 {}件（詳細は cmsheets check で確認できます）",
            f.errors(),
            f.warnings()
        );
    }
    crate::say!(
        "集計ブックを {} に書き出しました（{}）。",
        args.output.display(),
        report.totals_note()
    );
    if let Some(dir) = &args.csv {
        match report::csv::write(report, dir) {
            Ok(files) => crate::say!(
                "CSV {}件を {} に書き出しました。",
                files.len(),
                dir.display()
            ),
            Err(e) => return Err(Failure(e.to_string())),
        }
    }
    if let Some(path) = &args.pdf {
        crate::say!("要約の PDF を {} に書き出しました。", path.display());
    }
    if let Some(s) = report.suppressed {
        crate::say!(
            "小さい数の秘匿: {}件を伏せました（二次秘匿 {}件を含む）。明細シートは出力していません。",
            s.primary + s.secondary,
            s.secondary
        );
    }
    if !report.excluded.is_empty() {
        crate::say!(
            "エラーのため集計から除外したケース（{}件）: {}",
            report.excluded.len(),
            report.excluded.join(", ")
        );
    }
    if f.has_unattributed_errors() {
        crate::say!("注意: 読み込めなかったファイル・シートがあります。その内容は集計に含まれていません（cmsheets check で確認してください）。");
    }
    Ok(())
}
