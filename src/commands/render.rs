//! `cmsheets render`: one PDF per case and form, `DIR/<ケースID>/<form>.pdf`.

use super::{Failure, Outcome};
use crate::batch;
use crate::cli::RenderArgs;
use crate::contract::sheets::Sheet;
use crate::forms::Form;
use crate::output::Target;
use crate::pipeline::load_and_check;
use crate::print::RenderPlan;
use crate::progress::Progress;
use crate::typeset::Typesetter;

pub fn run(args: &RenderArgs) -> Result<Outcome, Failure> {
    if args.output.is_none() && args.emit_json.is_none() {
        return Err(Failure("出力先を -o DIR（PDF）か --emit-json DIR（テンプレートに渡す JSON）で指定してください。".into()));
    }
    let outputs: Vec<Target> = [&args.output, &args.emit_json]
        .into_iter()
        .flatten()
        .map(|p| Target::Folder(p))
        .collect();
    super::protect(args.inputs.iter().map(|p| p.as_path()), &outputs)?;
    let forms: Vec<Form> = if args.forms.is_empty() {
        Form::ALL.to_vec()
    } else {
        args.forms.clone()
    };
    let opts = args.print.options();
    let versions = crate::print::Versions::every_case(args.plan);
    let plan = RenderPlan {
        forms: &forms,
        plan: &versions,
        opts: &opts,
        pdfa: args.batch.pdfa,
        pdf_dir: args.output.as_deref(),
        json_dir: args.emit_json.as_deref(),
    };
    if args.blank {
        let (written, failures) = plan.blank_jobs().run_counted(&mut Typesetter::new());
        crate::interrupt::checkpoint();
        if written > 0 {
            crate::say!("空の様式 {written}件を書き出しました。");
        }
        if !failures.is_empty() {
            for f in failures {
                crate::say!(
                    "エラー: 空の様式 {} を出力できませんでした: {}",
                    f.what,
                    f.message
                );
            }
            return Ok(Outcome::Failed);
        }
        if args.inputs.is_empty() {
            return Ok(Outcome::Done);
        }
    } else if args.inputs.is_empty() {
        return Err(Failure(
            "入力ファイルを指定してください（空の様式だけなら --blank）。".into(),
        ));
    }

    let mut loaded = load_and_check(&args.inputs, args.common.as_of());
    let checks = loaded.outcome();
    let printed: Vec<Sheet> = forms.iter().flat_map(|f| f.sheets()).copied().collect();
    loaded.dataset.retain_sheets(&printed);
    crate::memory::release_freed();
    let sel = plan.selection(&loaded, &args.batch.cases);
    drop(loaded);
    crate::memory::release_freed();
    let progress = Progress::new("PDF作成", sel.cases.len() as u64, args.batch.quiet);
    let (written, failures) = batch::run_cases(
        &sel.cases,
        args.batch.jobs,
        &progress,
        &crate::interrupt::interrupted,
    );
    let out = args
        .output
        .as_ref()
        .or(args.emit_json.as_ref())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    Ok(batch::summarize(
        "ファイル",
        written,
        &out,
        &checks,
        &sel,
        &failures,
    ))
}
