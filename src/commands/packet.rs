//! `cmsheets packet`: ケア会議資料, one PDF per case (`DIR/<ケースID>/packet.pdf`), or all the
//! selected cases in one meeting file with `--combine`; `--emit-json` writes the template's data
//! per case (`DIR/<ケースID>/packet.json`).

use super::{Failure, Outcome};
use crate::batch;
use crate::cli::PacketArgs;
use crate::output::Target;
use crate::pipeline::load_and_check;
use crate::print::{PacketJobs, PacketPlan};
use crate::progress::Progress;
use crate::typeset::Typesetter;
use std::path::Path;

pub fn run(args: &PacketArgs) -> Result<Outcome, Failure> {
    let targets: Vec<&Path> = [
        args.output.as_deref(),
        args.combine.as_deref(),
        args.emit_json.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect();
    if targets.is_empty() {
        return Err(Failure("出力先を -o DIR（ケースごと）か --combine FILE（1つのファイル）か --emit-json DIR（テンプレートに渡す JSON）で指定してください。".into()));
    }
    let outputs: Vec<Target> = [
        args.output.as_deref().map(Target::Folder),
        args.combine.as_deref().map(Target::File),
        args.emit_json.as_deref().map(Target::Folder),
    ]
    .into_iter()
    .flatten()
    .collect();
    super::protect(args.inputs.iter().map(|p| p.as_path()), &outputs)?;
    let opts = args.print.options();
    let versions = crate::print::Versions::every_case(args.plan);
    let plan = PacketPlan {
        meeting: args
            .meeting_date
            .unwrap_or_else(|| chrono::Local::now().date_naive()),
        plan: &versions,
        draft: args.draft,
        opts: &opts,
        pdfa: args.batch.pdfa,
        per_case_dir: args.output.as_deref(),
        json_dir: args.emit_json.as_deref(),
        combined: args.combine.as_deref(),
    };
    let loaded = load_and_check(&args.inputs, args.common.as_of());
    let checks = loaded.outcome();
    let PacketJobs {
        selection: sel,
        combined,
    } = plan.jobs(&loaded, &args.batch.cases);
    drop(loaded);
    crate::memory::release_freed();
    let (mut written, mut failures) = if args.output.is_some() || args.emit_json.is_some() {
        let progress = Progress::new("会議資料作成", sel.cases.len() as u64, args.batch.quiet);
        batch::run_cases(
            &sel.cases,
            args.batch.jobs,
            &progress,
            &crate::interrupt::interrupted,
        )
    } else {
        // Cases whose packet could not be built, reported once whichever output was asked.
        let failures = sel.cases.iter().flat_map(|c| c.failures.iter().cloned());
        (0, failures.collect())
    };
    if !combined.jobs.is_empty() || !combined.failures.is_empty() {
        let (n, mut f) = combined.run_counted(&mut Typesetter::new());
        written += n;
        failures.append(&mut f);
    }
    let out: Vec<String> = targets.iter().map(|t| t.display().to_string()).collect();
    // With --emit-json the count includes the JSON files, so it is a count of files.
    let what = if args.emit_json.is_some() {
        "ファイル"
    } else {
        "会議資料"
    };
    Ok(batch::summarize(
        what,
        written,
        &out.join(", "),
        &checks,
        &sel,
        &failures,
    ))
}
