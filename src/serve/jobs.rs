//! What the page makes: every output of the command line, run on a blocking thread with its
//! progress, from the same library functions as `render`, `packet`, `report`, `schedule`,
//! `template --form --from` and `convert`. Each job makes one file, named for an office's folders
//! (what and when), its zip entries named by ケースID and form in Japanese.

use super::workspace::Checked;
use super::zip::{entry_name, zip_folder};
use crate::batch::{self, CaseJobs, Failure, Selection};
use crate::forms::{Form, PrintOptions};
use crate::print::{PacketJobs, PacketPlan, RenderPlan, Versions};
use crate::progress::Progress;
use crate::typeset::Typesetter;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

/// What the page asked to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// 様式PDF: a zip of `<ケースID>/別紙N_….pdf`.
    Forms,
    /// ケア会議資料: a zip of `<ケースID>_ケア会議資料.pdf`.
    Packets,
    /// ケア会議資料 as one PDF of the selected cases.
    CombinedPacket,
    /// 集計ブック (xlsx).
    Report,
    /// The 集計 summary as a PDF.
    ReportPdf,
    /// 見直し予定 (xlsx).
    Schedule,
    /// 見直し予定 as a PDF.
    SchedulePdf,
    /// One 様式ブック per case, in a zip.
    Books,
    /// The tabular intake workbook made from the inputs (`convert`).
    Intake,
    /// The chosen forms blank, to fill by hand.
    BlankForms,
    /// The next plan versions drafted from the monitoring (`draft`).
    Drafts,
}

impl JobKind {
    /// How the page and the job list name the output.
    pub fn title(self) -> &'static str {
        match self {
            JobKind::Forms => "様式PDF",
            JobKind::Packets => "ケア会議資料（zip）",
            JobKind::CombinedPacket => "ケア会議資料（1つのPDF）",
            JobKind::Report => "集計ブック",
            JobKind::ReportPdf => "集計の要約PDF",
            JobKind::Schedule => "見直し予定（xlsx）",
            JobKind::SchedulePdf => "見直し予定（PDF）",
            JobKind::Books => "様式ブック",
            JobKind::Intake => "入力ブック（表形式）",
            JobKind::BlankForms => "空の様式（手書き用）",
            JobKind::Drafts => "次回の支援計画の案",
        }
    }

    /// Jobs that need no input file.
    pub fn needs_inputs(self) -> bool {
        self != JobKind::BlankForms
    }
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct JobRequest {
    pub kind: JobKind,
    /// None: every form; an empty list is a mistake said as such, never "all".
    pub forms: Option<Vec<Form>>,
    /// The ticked cases, in the order shown; empty: every printable case.
    #[serde(default)]
    pub cases: Vec<String>,
    /// The 作成番号 for every case (None: the latest), and per case where the page chose one.
    pub plan: Option<u32>,
    #[serde(default)]
    pub plans: std::collections::BTreeMap<String, u32>,
    pub meeting_date: Option<String>,
    pub period: Option<crate::report::Period>,
    pub suppress_below: Option<u64>,
    pub pseudonymize: Option<String>,
    /// 見直し予定's window in days.
    pub within: Option<u32>,
    /// ケア会議資料 with 「前回の評価と今回の案」 and the draft.
    #[serde(default)]
    pub draft: bool,
    /// The drafts' next review, in months from the meeting (None: the last version's interval).
    pub review_months: Option<u32>,
}

/// A finished job's file.
pub struct Made {
    pub path: PathBuf,
    pub download_name: String,
    pub content_type: &'static str,
}

#[derive(Serialize, Default, Clone)]
pub struct Summary {
    pub written: usize,
    pub skipped: Vec<String>,
    pub unknown: Vec<String>,
    pub failures: Vec<FailureJson>,
    pub note: Option<String>,
}

#[derive(Serialize, Clone)]
pub struct FailureJson {
    pub case_id: String,
    pub what: String,
    pub message: String,
}

impl Summary {
    fn of(sel: &Selection<CaseJobs>, written: usize, failures: Vec<Failure>) -> Summary {
        Summary {
            written,
            skipped: sel.skipped.clone(),
            unknown: sel.unknown.clone(),
            failures: failures
                .into_iter()
                .map(|f| FailureJson {
                    case_id: f.case_id,
                    what: crate::forms::document_name(&f.what).to_string(),
                    message: f.message,
                })
                .collect(),
            note: None,
        }
    }
}

pub enum Phase {
    Running(&'static str),
    Done(Made, Summary),
    Failed(String, Summary),
}

pub struct Job {
    pub kind: JobKind,
    pub progress: Progress,
    pub phase: Mutex<Phase>,
    pub cancel: AtomicBool,
    pub started: std::time::Instant,
}

impl Job {
    pub fn new(kind: JobKind) -> Job {
        Job {
            kind,
            progress: Progress::silent(),
            phase: Mutex::new(Phase::Running("準備中")),
            cancel: AtomicBool::new(false),
            started: std::time::Instant::now(),
        }
    }

    fn set(&self, phase: Phase) {
        *self.phase.lock().unwrap_or_else(|e| e.into_inner()) = phase;
    }

    fn stopped(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    pub fn running(&self) -> bool {
        matches!(
            *self.phase.lock().unwrap_or_else(|e| e.into_inner()),
            Phase::Running(_)
        )
    }

    /// The job as the page shows it: its state, progress, and file or message.
    pub fn json(&self, id: u64) -> serde_json::Value {
        let (done, total) = self.progress.position();
        let phase = self.phase.lock().unwrap_or_else(|e| e.into_inner());
        let head = serde_json::json!({
            "id": id, "kind": self.kind, "title": self.kind.title(),
        });
        let body = match &*phase {
            Phase::Running(step) => serde_json::json!({
                "state": "running", "step": step, "done": done, "total": total,
                "elapsed_ms": self.started.elapsed().as_millis() as u64,
            }),
            Phase::Done(made, summary) => serde_json::json!({
                "state": "done", "file": crate::terminal::escape(&made.download_name),
                "summary": summary, "url": format!("/api/jobs/{id}/file"),
            }),
            Phase::Failed(message, summary) => serde_json::json!({
                "state": "failed", "message": message, "summary": summary,
            }),
        };
        let mut out = head;
        if let (Some(o), serde_json::Value::Object(b)) = (out.as_object_mut(), body) {
            o.extend(b);
        }
        out
    }
}

/// The settings of the page's jobs that the command line gives by flags.
pub struct JobContext {
    pub opts: PrintOptions,
    pub today: NaiveDate,
}

/// Runs one job to its end (on a blocking thread). `checked` is None only for a job that needs
/// no input.
pub fn run_job(
    job: &Job,
    req: &JobRequest,
    checked: Option<&Checked>,
    dir: &Path,
    ctx: &JobContext,
    closing: &AtomicBool,
) {
    let stop = || job.stopped() || closing.load(Ordering::SeqCst);
    let result = match (req.kind, checked) {
        (JobKind::BlankForms, _) => make_blank_forms(job, req, dir, ctx),
        (_, None) => Err(failed(
            "先に入力ファイルを選んでください。".into(),
            Summary::default(),
        )),
        (JobKind::Forms, Some(c)) => make_forms(job, req, c, dir, ctx, &stop),
        (JobKind::Packets | JobKind::CombinedPacket, Some(c)) => {
            make_packets(job, req, c, dir, ctx, &stop)
        }
        (JobKind::Report | JobKind::ReportPdf, Some(c)) => make_report(job, req, c, dir, ctx),
        (JobKind::Schedule | JobKind::SchedulePdf, Some(c)) => make_schedule(job, req, c, dir, ctx),
        (JobKind::Books, Some(c)) => make_books(job, req, c, dir, ctx, &stop),
        (JobKind::Intake, Some(c)) => make_intake(job, req, c, dir, ctx),
        (JobKind::Drafts, Some(c)) => make_drafts(job, req, c, dir, ctx),
    };
    job.set(match result {
        _ if stop() => Phase::Failed("中止しました。".into(), Summary::default()),
        Ok((made, summary)) => Phase::Done(made, summary),
        Err(why) => Phase::Failed(why.0, why.1),
    });
}

/// The file made and what to say about it, or why nothing was made (boxed: the summary is large).
type JobResult = Result<(Made, Summary), Box<(String, Summary)>>;

fn failed(message: String, summary: Summary) -> Box<(String, Summary)> {
    Box::new((message, summary))
}

const ZIP: &str = "application/zip";
const PDF: &str = "application/pdf";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn made(path: PathBuf, download_name: String, content_type: &'static str) -> Made {
    Made {
        path,
        download_name,
        content_type,
    }
}

fn meeting_date(req: &JobRequest, ctx: &JobContext) -> Result<NaiveDate, Box<(String, Summary)>> {
    match req.meeting_date.as_deref().map(str::trim) {
        None | Some("") => Ok(ctx.today),
        Some(s) => crate::contract::date::parse_date(s).map_err(|e| {
            failed(
                format!("「会議の開催日」の「{s}」は{e}。日付を選び直してください。"),
                Summary::default(),
            )
        }),
    }
}

fn nothing_made(summary: &Summary) -> String {
    if summary.skipped.is_empty() {
        "出力できるケースがありません。".into()
    } else {
        "出力できるケースがありません（エラーのあるケースは除外されます。点検結果を確かめてください）。"
            .into()
    }
}

fn chosen_forms(req: &JobRequest) -> Result<Vec<Form>, Box<(String, Summary)>> {
    let Some(forms) = &req.forms else {
        return Ok(Form::ALL.to_vec());
    };
    if forms.is_empty() {
        return Err(failed(
            "「様式」が1つも選ばれていません。出力する様式にチェックを入れてください。".into(),
            Summary::default(),
        ));
    }
    Ok(Form::ALL
        .into_iter()
        .filter(|f| forms.contains(f))
        .collect())
}

fn versions(req: &JobRequest) -> Versions {
    Versions {
        every_case: req.plan,
        per_case: req.plans.clone(),
    }
}

/// How the page prints forms: PDFs into `out`, no JSON, not PDF/A.
fn render_plan<'a>(
    forms: &'a [Form],
    versions: &'a Versions,
    ctx: &'a JobContext,
    out: &'a Path,
) -> RenderPlan<'a> {
    RenderPlan {
        forms,
        plan: versions,
        opts: &ctx.opts,
        pdfa: false,
        pdf_dir: Some(out),
        json_dir: None,
    }
}

fn make_forms(
    job: &Job,
    req: &JobRequest,
    checked: &Checked,
    dir: &Path,
    ctx: &JobContext,
    stop: &(dyn Fn() -> bool + Sync),
) -> JobResult {
    let forms = chosen_forms(req)?;
    let out = dir.join("forms");
    let versions = versions(req);
    let plan = render_plan(&forms, &versions, ctx, &out);
    job.set(Phase::Running("PDF作成"));
    let sel = plan.selection(&checked.loaded, &req.cases);
    let name = format!("様式PDF_{}.zip", ctx.today);
    typeset_and_zip(job, &sel, stop, &out, dir.join("forms.zip"), name)
}

/// Typesets the selected cases into `out` and zips it: the last step of 様式PDF and ケア会議資料.
fn typeset_and_zip(
    job: &Job,
    sel: &Selection<CaseJobs>,
    stop: &(dyn Fn() -> bool + Sync),
    out: &Path,
    zip: PathBuf,
    download_name: String,
) -> JobResult {
    job.progress.restart(sel.cases.len() as u64);
    let (written, failures) = batch::run_cases(&sel.cases, None, &job.progress, stop);
    let summary = Summary::of(sel, written, failures);
    if written == 0 {
        return Err(failed(nothing_made(&summary), summary));
    }
    zip_folder(out, &zip, entry_name).map_err(|e| failed(e, summary.clone()))?;
    Ok((made(zip, download_name, ZIP), summary))
}

fn make_packets(
    job: &Job,
    req: &JobRequest,
    checked: &Checked,
    dir: &Path,
    ctx: &JobContext,
    stop: &(dyn Fn() -> bool + Sync),
) -> JobResult {
    let meeting = meeting_date(req, ctx)?;
    let combined = req.kind == JobKind::CombinedPacket;
    let per_case = dir.join("packets");
    let one_file = dir.join("packet.pdf");
    let versions = versions(req);
    let plan = PacketPlan {
        meeting,
        plan: &versions,
        draft: req.draft,
        opts: &ctx.opts,
        pdfa: false,
        per_case_dir: (!combined).then_some(per_case.as_path()),
        json_dir: None,
        combined: combined.then_some(one_file.as_path()),
    };
    job.set(Phase::Running("会議資料作成"));
    let PacketJobs {
        selection,
        combined: whole,
    } = plan.jobs(&checked.loaded, &req.cases);
    if !combined {
        let name = format!("ケア会議資料_{meeting}.zip");
        return typeset_and_zip(
            job,
            &selection,
            stop,
            &per_case,
            dir.join("packets.zip"),
            name,
        );
    }
    job.progress.restart(1);
    let mut failures: Vec<Failure> = selection
        .cases
        .iter()
        .flat_map(|c| c.failures.iter().cloned())
        .collect();
    let written = match whole.run(&mut Typesetter::new()) {
        Ok(n) => n,
        Err(mut f) => {
            failures.append(&mut f);
            0
        }
    };
    job.progress.inc();
    let mut summary = Summary::of(&selection, written, failures);
    if written == 0 {
        return Err(failed(nothing_made(&summary), summary));
    }
    summary.note = Some(format!(
        "{}件のケースを1つの PDF にまとめました（表示している順）。",
        selection.cases.len().saturating_sub(summary.failures.len())
    ));
    let name = format!("ケア会議資料_{meeting}.pdf");
    Ok((made(one_file, name, PDF), summary))
}

/// The ticked cases, when any: what every output is limited to.
fn ticked(req: &JobRequest) -> Option<BTreeSet<String>> {
    (!req.cases.is_empty()).then(|| {
        req.cases
            .iter()
            .map(|c| crate::contract::text::fold_id(c))
            .collect()
    })
}

/// The listed cases left out for their errors, among the ticked ones when any.
fn excluded_for_errors(checked: &Checked, only: Option<&BTreeSet<String>>) -> Vec<String> {
    let errors = checked.loaded.findings.cases_with_errors();
    checked
        .loaded
        .dataset
        .by_case()
        .iter()
        .map(|f| &f.case.case_id)
        .filter(|id| errors.contains(*id) && only.is_none_or(|o| o.contains(*id)))
        .cloned()
        .collect()
}

fn nothing_readable(checked: &Checked) -> Result<(), Box<(String, Summary)>> {
    if checked.loaded.nothing_readable() {
        return Err(failed(
            "読み込める入力がありませんでした。点検結果を確かめてください。".into(),
            Summary::default(),
        ));
    }
    Ok(())
}

fn make_report(
    job: &Job,
    req: &JobRequest,
    checked: &Checked,
    dir: &Path,
    ctx: &JobContext,
) -> JobResult {
    use crate::report::{self, workbook, Options, Period, Via};
    nothing_readable(checked)?;
    let key = req
        .pseudonymize
        .as_deref()
        .map(crate::contract::text::trim)
        .filter(|k| !k.is_empty())
        .map(str::to_string);
    let opts = Options {
        by: Vec::new(),
        period: req.period.unwrap_or(Period::Year),
        from: None,
        to: None,
        as_of: checked.as_of,
        made: ctx.today,
        suppress_below: req.suppress_below.filter(|n| *n > 0),
        pseudonymize: key,
        dates: ctx.opts.dates,
        only: ticked(req),
        via: Via::Page,
    };
    job.set(Phase::Running("集計"));
    let report = report::build(&checked.loaded, &opts);
    let pdf = req.kind == JobKind::ReportPdf;
    job.set(Phase::Running(if pdf {
        "要約PDF作成"
    } else {
        "集計ブック作成"
    }));
    job.progress.restart(workbook::progress_steps(&report));
    let files = report::files(&report, &opts, pdf, Some(&job.progress))
        .map_err(|e| failed(e.to_string(), Summary::default()))?;
    let (bytes, name, path, content_type) = match files.summary_pdf {
        Some(pdf) => (pdf, "集計の要約", dir.join("summary.pdf"), PDF),
        None => (files.workbook, "集計ブック", dir.join("report.xlsx"), XLSX),
    };
    crate::output::write_atomic(&path, &bytes)
        .map_err(|e| failed(e.to_string(), Summary::default()))?;
    let ext = if content_type == PDF { "pdf" } else { "xlsx" };
    let mut note = format!("{}を集計しました。", report.totals_note());
    if let Some(s) = report.suppressed {
        note.push_str(&format!(
            "小さい数 {}件を伏せました（二次秘匿 {}件を含む）。",
            s.primary + s.secondary,
            s.secondary
        ));
    }
    let summary = Summary {
        written: 1,
        skipped: report.excluded.clone(),
        note: Some(note),
        ..Summary::default()
    };
    let download = format!("{name}_{}.{ext}", ctx.today);
    Ok((made(path, download, content_type), summary))
}

fn make_schedule(
    job: &Job,
    req: &JobRequest,
    checked: &Checked,
    dir: &Path,
    ctx: &JobContext,
) -> JobResult {
    nothing_readable(checked)?;
    let within = req.within.unwrap_or(60).clamp(1, 3650);
    let as_of = checked.as_of;
    let loaded = &checked.loaded;
    let only = ticked(req);
    job.set(Phase::Running("見直し予定作成"));
    let entries = crate::schedule::checked_entries(loaded, as_of, within, only.as_ref());
    let pdf = req.kind == JobKind::SchedulePdf;
    let (bytes, path, ext, content_type) = if pdf {
        let b = crate::schedule_pdf::pdf(&entries, as_of, within, ctx.opts.dates).map_err(|e| {
            failed(
                format!("見直し予定の PDF を作れませんでした（{e}）。"),
                Summary::default(),
            )
        })?;
        (b, dir.join("schedule.pdf"), "pdf", PDF)
    } else {
        let b =
            crate::schedule::workbook(&entries, as_of, within, ctx.opts.dates).map_err(|e| {
                failed(
                    format!("見直し予定のブックを作れませんでした（{e}）。"),
                    Summary::default(),
                )
            })?;
        (b, dir.join("schedule.xlsx"), "xlsx", XLSX)
    };
    crate::output::write_atomic(&path, &bytes)
        .map_err(|e| failed(e.to_string(), Summary::default()))?;
    let count = |s| entries.iter().filter(|e| e.status == s).count();
    let summary = Summary {
        written: 1,
        skipped: excluded_for_errors(checked, only.as_ref()),
        note: Some(format!(
            "ケース {}件: 期限超過 {}件、今後{within}日以内 {}件（基準日 {}）。",
            entries.len(),
            count(crate::schedule::Status::Overdue),
            count(crate::schedule::Status::DueSoon),
            ctx.opts.date(as_of),
        )),
        ..Summary::default()
    };
    Ok((
        made(path, format!("見直し予定_{as_of}.{ext}"), content_type),
        summary,
    ))
}

fn make_books(
    job: &Job,
    req: &JobRequest,
    checked: &Checked,
    dir: &Path,
    ctx: &JobContext,
    stop: &(dyn Fn() -> bool + Sync),
) -> JobResult {
    nothing_readable(checked)?;
    let files = checked.loaded.dataset.by_case();
    let sel = batch::select(&files, &req.cases, &checked.loaded);
    let out = dir.join("books");
    job.set(Phase::Running("様式ブック作成"));
    job.progress.restart(sel.cases.len() as u64);
    let mut summary = Summary {
        skipped: sel.skipped.clone(),
        unknown: sel.unknown.clone(),
        ..Summary::default()
    };
    for file in &sel.cases {
        if stop() {
            break;
        }
        let id = &file.case.case_id;
        let path = out.join(format!("{id}_様式ブック.xlsx"));
        let written = crate::forms::book::filled_workbook(file)
            .map_err(|e| format!("ブックを作れませんでした（{e}）"))
            .and_then(|b| crate::output::write_atomic(&path, &b).map_err(|e| e.to_string()));
        match written {
            Ok(()) => summary.written += 1,
            Err(message) => summary.failures.push(FailureJson {
                case_id: id.clone(),
                what: "様式ブック".into(),
                message,
            }),
        }
        job.progress.inc();
    }
    if summary.written == 0 {
        return Err(failed(nothing_made(&summary), summary));
    }
    let zip = dir.join("books.zip");
    zip_folder(&out, &zip, str::to_string).map_err(|e| failed(e, summary.clone()))?;
    Ok((
        made(zip, format!("様式ブック_{}.zip", ctx.today), ZIP),
        summary,
    ))
}

fn make_intake(
    job: &Job,
    req: &JobRequest,
    checked: &Checked,
    dir: &Path,
    ctx: &JobContext,
) -> JobResult {
    nothing_readable(checked)?;
    let loaded = &checked.loaded;
    let errors = loaded.findings.cases_with_errors();
    let files = loaded.dataset.by_case();
    let only = ticked(req);
    let left_out: BTreeSet<String> = files
        .iter()
        .map(|f| &f.case.case_id)
        .filter(|id| errors.contains(*id) || only.as_ref().is_some_and(|o| !o.contains(*id)))
        .cloned()
        .collect();
    let written = files.len() - left_out.len();
    let summary = Summary {
        written,
        skipped: excluded_for_errors(checked, only.as_ref()),
        note: Some(format!(
            "ケース {written}件を入力用の表形式で書き出しました。"
        )),
        ..Summary::default()
    };
    drop(files);
    if written == 0 {
        return Err(failed(nothing_made(&summary), summary));
    }
    job.set(Phase::Running("入力ブック作成"));
    let export = crate::export::Export {
        ds: &loaded.dataset,
        skip: &left_out,
    };
    let bytes = crate::export::intake_workbook_checked(Some(export))
        .map_err(|e| failed(e.to_string(), summary.clone()))?;
    let path = dir.join("intake.xlsx");
    crate::output::write_atomic(&path, &bytes)
        .map_err(|e| failed(e.to_string(), summary.clone()))?;
    Ok((
        made(path, format!("入力ブック_{}.xlsx", ctx.today), XLSX),
        summary,
    ))
}

fn make_drafts(
    job: &Job,
    req: &JobRequest,
    checked: &Checked,
    dir: &Path,
    ctx: &JobContext,
) -> JobResult {
    nothing_readable(checked)?;
    let meeting = meeting_date(req, ctx)?;
    job.set(Phase::Running("次回の案の作成"));
    if req.review_months.is_some_and(|m| !(1..=60).contains(&m)) {
        return Err(failed(
            "「次回見直しまで」は 1〜60 ヵ月で入れてください（空欄なら前回の版と同じ間隔）。"
                .into(),
            Summary::default(),
        ));
    }
    let options = crate::forms::plan::draft::DraftOptions {
        meeting,
        review_months: req.review_months,
    };
    let only = ticked(req);
    let drafts = crate::plan_cycle::drafts_to_write(&checked.loaded, options, false, only.as_ref())
        .map_err(|e| failed(e, Summary::default()))?;
    let mut summary = Summary {
        written: drafts.made.len(),
        skipped: excluded_for_errors(checked, only.as_ref()),
        note: Some(drafts.lines().join("\n")),
        ..Summary::default()
    };
    if drafts.made.is_empty() {
        let why = "案を作れるケースがありません（最新の版のニーズに評価が入っているケースの案を作ります）。";
        summary.note = Some(format!("{why}\n{}", drafts.lines().join("\n")));
        return Err(failed(why.into(), summary));
    }
    let out = dir.join("drafts");
    for (name, bytes) in &drafts.files {
        crate::output::write_atomic(&out.join(name), bytes)
            .map_err(|e| failed(e.to_string(), summary.clone()))?;
    }
    if let [(name, _)] = &drafts.files[..] {
        return Ok((made(out.join(name), name.clone(), XLSX), summary));
    }
    let zip = dir.join("drafts.zip");
    zip_folder(&out, &zip, str::to_string).map_err(|e| failed(e, summary.clone()))?;
    Ok((made(zip, format!("次回案_{meeting}.zip"), ZIP), summary))
}

fn make_blank_forms(job: &Job, req: &JobRequest, dir: &Path, ctx: &JobContext) -> JobResult {
    let forms = chosen_forms(req)?;
    let out = dir.join("blank");
    let versions = Versions::default();
    let plan = render_plan(&forms, &versions, ctx, &out);
    job.set(Phase::Running("空の様式作成"));
    job.progress.restart(1);
    let (written, failures) = plan.blank_jobs().run_counted(&mut Typesetter::new());
    job.progress.inc();
    let mut summary = Summary {
        written,
        failures: failures
            .into_iter()
            .map(|f| FailureJson {
                case_id: String::new(),
                what: crate::forms::document_name(&f.what).to_string(),
                message: f.message,
            })
            .collect(),
        ..Summary::default()
    };
    if written == 0 {
        return Err(failed("空の様式を作れませんでした。".into(), summary));
    }
    if let [form] = forms[..] {
        let path = out.join("blank").join(format!("{}.pdf", form.key()));
        let name = format!("空の様式_{}.pdf", form.file_title());
        return Ok((made(path, name, PDF), summary));
    }
    summary.note = Some(format!("空の様式 {written}件（手書き用）。"));
    let zip = dir.join("blank.zip");
    let rename = |rel: &str| entry_name(rel).replace("blank/", "空の様式_");
    zip_folder(&out, &zip, rename).map_err(|e| failed(e, summary.clone()))?;
    Ok((made(zip, "空の様式.zip".into(), ZIP), summary))
}
