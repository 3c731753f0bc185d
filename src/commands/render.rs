//! `cmsheets render`: one PDF per case and form, `DIR/<ケースID>/<form>.pdf`.

use super::{EXIT_FAILED, EXIT_OK};
use crate::batch::{self, CaseJobs, Job};
use crate::cli::RenderArgs;
use crate::forms::{self, Form, FormData, PrintOptions};
use crate::ingest::schema::Sheet;
use crate::model::CaseFile;
use crate::output::ensure_not_input;
use crate::pipeline::load_and_check;
use crate::typeset::{PdfSettings, Typesetter};
use std::path::{Path, PathBuf};

/// The forms a case has, as they will be printed (a form the case lacks is left out).
pub fn case_forms(
    file: &CaseFile<'_>,
    forms: &[Form],
    plan_no: Option<u32>,
    opts: &PrintOptions,
) -> Result<Vec<FormData>, String> {
    let case = file.case;
    let version = file.plan(plan_no, None);
    if let (Some(n), None) = (plan_no, version) {
        if forms
            .iter()
            .any(|f| matches!(f, Form::Plan | Form::Subtool))
        {
            return Err(format!("作成番号 {n} の支援計画がありません"));
        }
    }
    let mut out = Vec::new();
    for form in forms {
        let data = match form {
            Form::Questionnaire => file
                .questionnaire(None)
                .map(|q| forms::questionnaire::build(Some((case, q)), opts)),
            Form::Plan => version.map(|v| forms::plan::build(Some((case, v)), opts)),
            Form::Subtool => version
                .filter(|v| v.subtool.is_some() || !v.supporters.is_empty())
                .map(|v| forms::subtool::build(Some((case, v)), opts)),
            Form::Crisis => file
                .crisis_plan(None)
                .map(|p| forms::crisis::build(Some((case, p)), opts)),
        };
        out.extend(data);
    }
    Ok(out)
}

/// The empty forms for handwriting.
pub fn blank_forms(forms: &[Form], opts: &PrintOptions) -> Vec<FormData> {
    forms
        .iter()
        .map(|f| match f {
            Form::Questionnaire => forms::questionnaire::build(None, opts),
            Form::Plan => forms::plan::build(None, opts),
            Form::Subtool => forms::subtool::build(None, opts),
            Form::Crisis => forms::crisis::build(None, opts),
        })
        .collect()
}

/// The job of one form: its JSON (also what `--emit-json` writes) and where its files go.
fn form_job(
    data: &FormData,
    pdf_dir: Option<&Path>,
    json_dir: Option<&Path>,
    pdfa: bool,
) -> Result<Job, String> {
    let bytes = serde_json::to_vec_pretty(&data.json).map_err(|e| e.to_string())?;
    let d = &data.header.doc_date;
    let date =
        chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day).unwrap_or(forms::BLANK_FORM_DATE);
    let settings = PdfSettings {
        ident: data.header.pdf_ident(),
        date,
        pdfa,
    };
    let key = data.form.key();
    Ok(Job::new(
        key,
        data.form.template(),
        settings,
        &bytes,
        pdf_dir.map(|d| d.join(format!("{key}.pdf"))),
        json_dir.map(|d| d.join(format!("{key}.json"))),
    ))
}

/// Every form of `datas` as the jobs of one case (or of the blank forms).
fn case_jobs(case_id: &str, datas: Result<Vec<FormData>, String>, args: &RenderArgs) -> CaseJobs {
    let mut out = CaseJobs::new(case_id);
    let sub = |d: &Option<PathBuf>| d.as_ref().map(|d| d.join(case_id));
    let (pdf_dir, json_dir) = (sub(&args.output), sub(&args.emit_json));
    match datas {
        Err(message) => out.fail("", message),
        Ok(datas) => {
            for data in &datas {
                match form_job(
                    data,
                    pdf_dir.as_deref(),
                    json_dir.as_deref(),
                    args.batch.pdfa,
                ) {
                    Ok(job) => out.jobs.push(job),
                    Err(message) => out.fail(data.form.key(), message),
                }
            }
        }
    }
    out
}

pub fn run(args: &RenderArgs) -> u8 {
    batch::install_interrupt_handler();
    if args.output.is_none() && args.emit_json.is_none() {
        eprintln!("エラー: 出力先を -o DIR（PDF）か --emit-json DIR（テンプレートに渡す JSON）で指定してください。");
        return EXIT_FAILED;
    }
    for out in [&args.output, &args.emit_json].into_iter().flatten() {
        if let Err(e) = ensure_not_input(out, &args.inputs) {
            eprintln!("エラー: {e}");
            return EXIT_FAILED;
        }
    }
    let forms: Vec<Form> = if args.forms.is_empty() {
        Form::ALL.to_vec()
    } else {
        args.forms.clone()
    };
    let opts = args.print.options();
    if args.blank {
        let mut ts = Typesetter::new();
        match case_jobs("blank", Ok(blank_forms(&forms, &opts)), args).run(&mut ts) {
            Ok(written) => eprintln!("空の様式 {written}件を書き出しました。"),
            Err(failures) => {
                for f in failures {
                    eprintln!(
                        "エラー: 空の様式 {} を出力できませんでした: {}",
                        f.what, f.message
                    );
                }
                return EXIT_FAILED;
            }
        }
        if args.inputs.is_empty() {
            return EXIT_OK;
        }
    } else if args.inputs.is_empty() {
        eprintln!("エラー: 入力ファイルを指定してください（空の様式だけなら --blank）。");
        return EXIT_FAILED;
    }

    let mut loaded = load_and_check(&args.inputs, args.common.as_of());
    let checks = loaded.outcome();
    let printed: Vec<Sheet> = forms.iter().flat_map(|f| f.sheets()).copied().collect();
    loaded.dataset.retain_sheets(&printed);
    crate::memory::release_freed();
    let sel = {
        let files = loaded.dataset.by_case();
        batch::select(&files, &args.batch.cases, &loaded).map(|file| {
            let datas = case_forms(file, &forms, args.plan, &opts);
            case_jobs(&file.case.case_id, datas, args)
        })
    };
    drop(loaded);
    crate::memory::release_freed();
    let (written, failures) =
        batch::run_cases("PDF作成", &sel.cases, args.batch.jobs, args.batch.quiet);
    let out = args
        .output
        .as_ref()
        .or(args.emit_json.as_ref())
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    batch::summarize("ファイル", written, &out, &checks, &sel, &failures)
}
