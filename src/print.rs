//! What `render` and `packet` prepare before typesetting, for the command line and the web page
//! alike: each selected case's forms (or packet) as [`Job`]s, with where their PDFs go.

use crate::batch::{self, CaseJobs, Job, Selection};
use crate::forms::packet::{case_packet, packet, Packet};
use crate::forms::{self, Form, FormData, PrintOptions};
use crate::model::CaseFile;
use crate::pipeline::Loaded;
use crate::typeset::{PdfSettings, Template};
use chrono::NaiveDate;
use std::path::Path;

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

/// Which 支援計画 version each case prints: the one asked for every case (None: the latest),
/// unless the case has one of its own (the web page's 作成番号 per case).
#[derive(Debug, Clone, Default)]
pub struct Versions {
    pub every_case: Option<u32>,
    pub per_case: std::collections::BTreeMap<String, u32>,
}

impl Versions {
    pub fn every_case(plan: Option<u32>) -> Versions {
        Versions {
            every_case: plan,
            per_case: Default::default(),
        }
    }

    pub fn of(&self, case_id: &str) -> Option<u32> {
        self.per_case.get(case_id).copied().or(self.every_case)
    }
}

/// How `render` prints: which forms, which plan version, and where the files of a case go
/// (`<dir>/<ケースID>/<form>.pdf`, and the templates' JSON when asked).
pub struct RenderPlan<'a> {
    pub forms: &'a [Form],
    pub plan: &'a Versions,
    pub opts: &'a PrintOptions,
    pub pdfa: bool,
    pub pdf_dir: Option<&'a Path>,
    pub json_dir: Option<&'a Path>,
}

/// A template's data as Typst reads it and `--emit-json` writes it: the variation sequences only
/// the MJ font has marked, pretty-printed for whoever edits a template.
fn print_json(mut json: serde_json::Value) -> Result<Vec<u8>, String> {
    forms::mark_fallback(&mut json);
    serde_json::to_vec_pretty(&json).map_err(|e| e.to_string())
}

/// The job of one form: its JSON (also what `--emit-json` writes) and where its files go.
pub fn form_job(
    data: &FormData,
    pdf_dir: Option<&Path>,
    json_dir: Option<&Path>,
    pdfa: bool,
) -> Result<Job, String> {
    let bytes = print_json(data.json.clone())?;
    let d = &data.header.doc_date;
    let date = NaiveDate::from_ymd_opt(d.year, d.month, d.day).unwrap_or(forms::BLANK_FORM_DATE);
    let settings = PdfSettings {
        ident: data.header.pdf_ident(),
        date,
        pdfa,
    };
    let key = data.form.key();
    Ok(Job::new(
        key,
        forms::template_of(data.form),
        settings,
        &bytes,
        pdf_dir.map(|d| d.join(format!("{key}.pdf"))),
        json_dir.map(|d| d.join(format!("{key}.json"))),
    ))
}

impl RenderPlan<'_> {
    /// Every form of `datas` as the jobs of one case (or of the blank forms, `case_id` "blank").
    pub fn case_jobs(&self, case_id: &str, datas: Result<Vec<FormData>, String>) -> CaseJobs {
        let mut out = CaseJobs::new(case_id);
        let sub = |d: Option<&Path>| d.map(|d| d.join(case_id));
        let (pdf_dir, json_dir) = (sub(self.pdf_dir), sub(self.json_dir));
        match datas {
            Err(message) => out.fail("", message),
            Ok(datas) => {
                for data in &datas {
                    match form_job(data, pdf_dir.as_deref(), json_dir.as_deref(), self.pdfa) {
                        Ok(job) => out.jobs.push(job),
                        Err(message) => out.fail(data.form.key(), message),
                    }
                }
            }
        }
        out
    }

    /// The blank forms, as the jobs of the case "blank".
    pub fn blank_jobs(&self) -> CaseJobs {
        self.case_jobs("blank", Ok(blank_forms(self.forms, self.opts)))
    }

    /// The selected cases' jobs (`wanted` empty: every case), cases with errors left out.
    pub fn selection(&self, loaded: &Loaded, wanted: &[String]) -> Selection<CaseJobs> {
        let files = loaded.dataset.by_case();
        batch::select(&files, wanted, loaded).map(|file| {
            crate::interrupt::checkpoint();
            let datas = case_forms(
                file,
                self.forms,
                self.plan.of(&file.case.case_id),
                self.opts,
            );
            self.case_jobs(&file.case.case_id, datas)
        })
    }
}

/// How `packet` prints: the meeting, the plan version, and the outputs (one PDF per case
/// `<dir>/<ケースID>/packet.pdf`, the template's JSON per case `<json_dir>/<ケースID>/packet.json`,
/// and/or one file of all the selected cases).
pub struct PacketPlan<'a> {
    pub meeting: NaiveDate,
    pub plan: &'a Versions,
    /// 「前回の評価と今回の案」 and the draft after the plan.
    pub draft: bool,
    pub opts: &'a PrintOptions,
    pub pdfa: bool,
    pub per_case_dir: Option<&'a Path>,
    pub json_dir: Option<&'a Path>,
    pub combined: Option<&'a Path>,
}

/// The per-case jobs and the one job of the combined file (empty when not asked).
pub struct PacketJobs {
    pub selection: Selection<CaseJobs>,
    pub combined: CaseJobs,
}

/// The job of one packet document: its PDF and/or its JSON (what `--emit-json` writes).
pub fn packet_job(
    p: &Packet,
    pdf: Option<&Path>,
    json_path: Option<&Path>,
    pdfa: bool,
) -> Result<Job, String> {
    let bytes = print_json(serde_json::to_value(p).map_err(|e| e.to_string())?)?;
    let d = &p.doc_date;
    let date = NaiveDate::from_ymd_opt(d.year, d.month, d.day).ok_or("日付が不正です")?;
    let settings = PdfSettings {
        ident: p.pdf_ident(),
        date,
        pdfa,
    };
    Ok(Job::new(
        "packet",
        Template::Packet,
        settings,
        &bytes,
        pdf.map(Path::to_path_buf),
        json_path.map(Path::to_path_buf),
    ))
}

impl PacketPlan<'_> {
    /// Each selected case's packet, built here so that the records can be dropped before
    /// typesetting starts. With cases named, the combined file keeps their order, as the
    /// meeting's agenda.
    pub fn jobs(&self, loaded: &Loaded, wanted: &[String]) -> PacketJobs {
        let files = loaded.dataset.by_case();
        let mut sel = batch::select(&files, wanted, loaded);
        if !wanted.is_empty() {
            let order: Vec<String> = wanted
                .iter()
                .map(|c| crate::contract::text::fold_id(c))
                .collect();
            sel.cases
                .sort_by_key(|f| order.iter().position(|c| c == &f.case.case_id));
        }
        let mut parts = Vec::new();
        let selection = sel.map(|file| {
            crate::interrupt::checkpoint();
            let id = &file.case.case_id;
            let mut jobs = CaseJobs::new(id);
            match case_packet(file, self.meeting, self.plan.of(id), self.draft, self.opts) {
                Err(message) => jobs.fail("packet", message),
                Ok(cp) => {
                    parts.extend(self.combined.is_some().then(|| cp.clone()));
                    let pdf = self.per_case_dir.map(|d| d.join(id).join("packet.pdf"));
                    let json = self.json_dir.map(|d| d.join(id).join("packet.json"));
                    if pdf.is_some() || json.is_some() {
                        let p = packet(vec![cp], self.meeting);
                        match packet_job(&p, pdf.as_deref(), json.as_deref(), self.pdfa) {
                            Ok(job) => jobs.jobs.push(job),
                            Err(message) => jobs.fail("packet", message),
                        }
                    }
                }
            }
            jobs
        });
        let mut combined = CaseJobs::new("（まとめ）");
        if let Some(file) = self.combined {
            if parts.is_empty() {
                combined.fail("packet", "まとめて出力できるケースがありません".into());
            } else {
                match packet_job(&packet(parts, self.meeting), Some(file), None, self.pdfa) {
                    Ok(job) => combined.jobs.push(job),
                    Err(message) => combined.fail("packet", message),
                }
            }
        }
        PacketJobs {
            selection,
            combined,
        }
    }
}
