//! What the page has handed over and what was made from it: the uploaded files and their checked
//! records, and the jobs (様式PDF, ケア会議資料, 集計ブック) with their progress and results. All of
//! it lives in one private (0700) temporary folder, created at the first upload and removed when
//! the page clears it, after [`IDLE_CLEAR`] without a request, and at exit.

use super::routes::App;
use crate::batch::{self, CaseJobs, Failure, Selection};
use crate::forms::{Form, PrintOptions};
use crate::pipeline::{load_and_check, Loaded};
use crate::print::{PacketJobs, PacketPlan, RenderPlan};
use crate::progress::Progress;
use crate::typeset::Typesetter;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Uploads and results are removed after this long without a request: a page left open over
/// lunch should not leave a day's case files in the temporary folder.
pub const IDLE_CLEAR: Duration = Duration::from_secs(30 * 60);

/// The private folder of one set of uploads: removed when the last holder (the workspace, a job
/// still running) lets go of it.
pub struct Folder(tempfile::TempDir);

impl Folder {
    fn new() -> std::io::Result<Folder> {
        let dir = tempfile::Builder::new()
            .prefix("cmsheets-serve-")
            .tempdir()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))?;
        }
        crate::interrupt::remove_at_forced_exit(dir.path());
        Ok(Folder(dir))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// The files handed over so far, and what `check` made of them.
pub struct Upload {
    pub loaded: Loaded,
    pub as_of: NaiveDate,
}

#[derive(Default)]
pub struct Workspace {
    pub folder: Option<Arc<Folder>>,
    pub upload: Option<Arc<Upload>>,
    /// The files of the current set, by where they were saved.
    pub files: Vec<PathBuf>,
    pub jobs: BTreeMap<u64, Arc<Job>>,
    next_id: u64,
}

impl Workspace {
    pub fn folder(&mut self) -> std::io::Result<Arc<Folder>> {
        if let Some(f) = &self.folder {
            return Ok(f.clone());
        }
        let f = Arc::new(Folder::new()?);
        self.folder = Some(f.clone());
        Ok(f)
    }

    /// Forgets everything: running jobs start no further case, and the folder is removed (at
    /// once, or when the last running job ends).
    pub fn clear(&mut self) {
        for job in self.jobs.values() {
            job.cancel.store(true, Ordering::SeqCst);
        }
        *self = Workspace {
            next_id: self.next_id,
            ..Workspace::default()
        };
    }

    pub fn add_job(&mut self, job: Job) -> (u64, Arc<Job>) {
        self.next_id += 1;
        let job = Arc::new(job);
        self.jobs.insert(self.next_id, job.clone());
        (self.next_id, job)
    }
}

/// Removes the uploads when the page has been idle for [`IDLE_CLEAR`].
pub async fn clear_when_idle(app: Arc<App>) {
    loop {
        tokio::time::sleep(Duration::from_secs(60)).await;
        if app.idle_for() >= IDLE_CLEAR {
            app.workspace().clear();
        }
    }
}

/// Where an uploaded file is saved: each workbook in its own folder (two offices may both send
/// `intake.xlsx`), CSV files together by name, as a folder of CSVs is read on the command line.
pub fn upload_path(uploads: &Path, name: &str, taken: &[PathBuf]) -> PathBuf {
    let is_csv = Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    for n in 1.. {
        let dir = if is_csv {
            uploads.join(format!("csv-{n}"))
        } else {
            uploads.join(format!("{n}"))
        };
        let path = dir.join(name);
        let dir_used = taken.iter().any(|t| t.parent() == Some(&dir));
        let name_used = taken.contains(&path);
        if (is_csv && !name_used) || (!is_csv && !dir_used) {
            return path;
        }
    }
    unreachable!("an unused folder number")
}

/// The inputs to read: every workbook file, and each folder of CSVs once.
pub fn inputs_of(files: &[PathBuf]) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for f in files {
        let is_csv = f.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let input = match (is_csv, f.parent()) {
            (true, Some(dir)) => dir.to_path_buf(),
            _ => f.clone(),
        };
        if !out.contains(&input) {
            out.push(input);
        }
    }
    out
}

/// A file name from the browser, made safe to save: the last path part, no control characters.
pub fn safe_file_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = last.chars().filter(|c| !c.is_control()).collect();
    let name = name.trim().to_string();
    (!name.is_empty() && name != "." && name != ".." && name.len() <= 255).then_some(name)
}

pub fn check(files: &[PathBuf], as_of: NaiveDate) -> Upload {
    let loaded = load_and_check(&inputs_of(files), as_of);
    crate::memory::release_freed();
    Upload { loaded, as_of }
}

/// One case as the page lists it.
#[derive(Serialize)]
pub struct CaseRow {
    pub case_id: String,
    /// 印刷できる (`ok`) or エラーで除外 (`error`).
    pub status: &'static str,
    pub errors: usize,
    pub warnings: usize,
    /// The forms the case has, by key.
    pub forms: Vec<&'static str>,
    pub plan_numbers: Vec<u32>,
}

pub fn case_rows(loaded: &Loaded) -> Vec<CaseRow> {
    let with_errors = loaded.findings.cases_with_errors();
    let row = |id: &str, forms, plan_numbers| CaseRow {
        case_id: id.to_string(),
        status: if with_errors.contains(id) {
            "error"
        } else {
            "ok"
        },
        errors: loaded.findings.of_case(id).0,
        warnings: loaded.findings.of_case(id).1,
        forms,
        plan_numbers,
    };
    let files = loaded.dataset.by_case();
    let mut rows: Vec<CaseRow> = files
        .iter()
        .map(|f| {
            let mut forms = Vec::new();
            if f.questionnaire(None).is_some() {
                forms.push(Form::Questionnaire.key());
            }
            if !f.plans.is_empty() {
                forms.push(Form::Plan.key());
            }
            if f.plans
                .iter()
                .any(|v| v.subtool.is_some() || !v.supporters.is_empty())
            {
                forms.push(Form::Subtool.key());
            }
            if f.crisis_plan(None).is_some() {
                forms.push(Form::Crisis.key());
            }
            let plans = f.plans.iter().map(|v| v.plan.plan_no).collect();
            row(&f.case.case_id, forms, plans)
        })
        .collect();
    // Rows naming a case missing from the ケース sheet: listed, so that the page says why.
    for id in &with_errors {
        if !files.iter().any(|f| &f.case.case_id == id) {
            rows.push(row(id, Vec::new(), Vec::new()));
        }
    }
    rows
}

/// What the page asked to make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobKind {
    /// 様式PDF: a zip of `<ケースID>/<form>.pdf`.
    Forms,
    /// ケア会議資料: a zip of `<ケースID>/packet.pdf`.
    Packets,
    /// ケア会議資料 as one PDF of the selected cases.
    CombinedPacket,
    /// 集計ブック (xlsx).
    Report,
}

#[derive(Debug, Clone, serde::Deserialize)]
pub struct JobRequest {
    pub kind: JobKind,
    #[serde(default)]
    pub forms: Vec<Form>,
    #[serde(default)]
    pub cases: Vec<String>,
    pub plan: Option<u32>,
    pub meeting_date: Option<String>,
    pub period: Option<crate::report::Period>,
    pub suppress_below: Option<u64>,
}

/// A finished job's file.
pub struct Made {
    pub path: PathBuf,
    pub download_name: &'static str,
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
    pub progress: Progress,
    pub phase: Mutex<Phase>,
    pub cancel: AtomicBool,
    pub started: std::time::Instant,
}

impl Job {
    pub fn new() -> Job {
        Job {
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
}

/// Writes every file below `dir` into a zip at `zip_path` as `<relative path>`, stored (PDFs are
/// compressed already), with a fixed date, so that the same PDFs give the same zip.
fn zip_folder(dir: &Path, zip_path: &Path) -> Result<usize, String> {
    use zip::write::SimpleFileOptions;
    let files = files_below(dir).map_err(|e| format!("結果を読めません（{e}）"))?;
    let out = std::fs::File::create(zip_path).map_err(|e| format!("zip を作れません（{e}）"))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(out));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, path) in &files {
        let bytes = std::fs::read(path).map_err(|e| format!("結果を読めません（{e}）"))?;
        zip.start_file(name.as_str(), options)
            .and_then(|_| zip.write_all(&bytes).map_err(Into::into))
            .map_err(|e| format!("zip を作れません（{e}）"))?;
    }
    zip.finish()
        .map_err(|e| format!("zip を作れません（{e}）"))?
        .flush()
        .map_err(|e| format!("zip を作れません（{e}）"))?;
    Ok(files.len())
}

/// Every file below `dir` with its path relative to `dir` ('/'-separated), in name order.
fn files_below(dir: &Path) -> std::io::Result<Vec<(String, PathBuf)>> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, PathBuf)>) -> std::io::Result<()> {
        let mut entries = std::fs::read_dir(dir)?.collect::<Result<Vec<_>, _>>()?;
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let path = e.path();
            if e.file_type()?.is_dir() {
                walk(base, &path, out)?;
            } else {
                let rel: Vec<String> = path
                    .strip_prefix(base)
                    .unwrap_or(&path)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                out.push((rel.join("/"), path));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    if dir.exists() {
        walk(dir, dir, &mut out)?;
    }
    Ok(out)
}

/// The settings of the page's print jobs that the command line gives by flags.
pub struct JobContext {
    pub opts: PrintOptions,
    pub today: NaiveDate,
}

/// Runs one job to its end (on a blocking thread): the same plans, runner and report functions
/// as `render`, `packet` and `report`.
pub fn run_job(
    job: &Job,
    req: &JobRequest,
    upload: &Upload,
    dir: &Path,
    ctx: &JobContext,
    closing: &AtomicBool,
) {
    let stop = || job.stopped() || closing.load(Ordering::SeqCst);
    let result = match req.kind {
        JobKind::Forms => make_forms(job, req, upload, dir, ctx, &stop),
        JobKind::Packets | JobKind::CombinedPacket => {
            make_packets(job, req, upload, dir, ctx, &stop)
        }
        JobKind::Report => make_report(job, req, upload, dir, ctx),
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

fn meeting_date(req: &JobRequest, ctx: &JobContext) -> Result<NaiveDate, Box<(String, Summary)>> {
    match req.meeting_date.as_deref().map(str::trim) {
        None | Some("") => Ok(ctx.today),
        Some(s) => crate::contract::date::parse_date(s).map_err(|e| {
            failed(
                format!("会議の開催日「{s}」は{e}。2025-11-28 の形で入れてください。"),
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

fn make_forms(
    job: &Job,
    req: &JobRequest,
    upload: &Upload,
    dir: &Path,
    ctx: &JobContext,
    stop: &(dyn Fn() -> bool + Sync),
) -> JobResult {
    let forms = if req.forms.is_empty() {
        Form::ALL.to_vec()
    } else {
        req.forms.clone()
    };
    let out = dir.join("forms");
    let plan = RenderPlan {
        forms: &forms,
        plan: req.plan,
        opts: &ctx.opts,
        pdfa: false,
        pdf_dir: Some(&out),
        json_dir: None,
    };
    job.set(Phase::Running("PDF作成"));
    let sel = plan.selection(&upload.loaded, &req.cases);
    typeset_and_zip(job, &sel, stop, &out, dir.join("forms.zip"), "様式PDF.zip")
}

/// Typesets the selected cases into `out` and zips it: the last step of 様式PDF and ケア会議資料.
fn typeset_and_zip(
    job: &Job,
    sel: &Selection<CaseJobs>,
    stop: &(dyn Fn() -> bool + Sync),
    out: &Path,
    zip: PathBuf,
    download_name: &'static str,
) -> JobResult {
    job.progress.restart(sel.cases.len() as u64);
    let (written, failures) = batch::run_cases(&sel.cases, None, &job.progress, stop);
    let summary = Summary::of(sel, written, failures);
    if written == 0 {
        return Err(failed(nothing_made(&summary), summary));
    }
    zip_folder(out, &zip).map_err(|e| failed(e, summary.clone()))?;
    Ok((
        Made {
            path: zip,
            download_name,
            content_type: "application/zip",
        },
        summary,
    ))
}

fn make_packets(
    job: &Job,
    req: &JobRequest,
    upload: &Upload,
    dir: &Path,
    ctx: &JobContext,
    stop: &(dyn Fn() -> bool + Sync),
) -> JobResult {
    let meeting = meeting_date(req, ctx)?;
    let combined = req.kind == JobKind::CombinedPacket;
    let per_case = dir.join("packets");
    let one_file = dir.join("packet.pdf");
    let plan = PacketPlan {
        meeting,
        plan: req.plan,
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
    } = plan.jobs(&upload.loaded, &req.cases);
    if combined {
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
            "{}件のケースを1つの PDF にまとめました。",
            selection.cases.len().saturating_sub(summary.failures.len())
        ));
        return Ok((
            Made {
                path: one_file,
                download_name: "ケア会議資料.pdf",
                content_type: "application/pdf",
            },
            summary,
        ));
    }
    typeset_and_zip(
        job,
        &selection,
        stop,
        &per_case,
        dir.join("packets.zip"),
        "ケア会議資料.zip",
    )
}

fn make_report(
    job: &Job,
    req: &JobRequest,
    upload: &Upload,
    dir: &Path,
    ctx: &JobContext,
) -> JobResult {
    use crate::report::{self, workbook, Options, Period};
    let loaded = &upload.loaded;
    if loaded.nothing_readable() {
        return Err(failed(
            "読み込める入力がありませんでした。点検結果を確かめてください。".into(),
            Summary::default(),
        ));
    }
    let opts = Options {
        by: Vec::new(),
        period: req.period.unwrap_or(Period::Year),
        from: None,
        to: None,
        as_of: upload.as_of,
        made: ctx.today,
        suppress_below: req.suppress_below.filter(|n| *n > 0),
        pseudonymize: None,
        dates: ctx.opts.dates,
    };
    job.set(Phase::Running("集計"));
    let report = report::build(loaded, &opts);
    job.set(Phase::Running("集計ブック作成"));
    job.progress.restart(workbook::progress_steps(&report));
    let files = report::files(&report, &opts, false, Some(&job.progress))
        .map_err(|e| failed(e.to_string(), Summary::default()))?;
    let path = dir.join("report.xlsx");
    crate::output::write_atomic(&path, &files.workbook)
        .map_err(|e| failed(e.to_string(), Summary::default()))?;
    let summary = Summary {
        written: 1,
        skipped: report.excluded.clone(),
        note: Some(format!("{}を集計しました。", report.totals_note())),
        ..Summary::default()
    };
    Ok((
        Made {
            path,
            download_name: "集計ブック.xlsx",
            content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        },
        summary,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workbooks_get_their_own_folder_and_csvs_share_one() {
        let up = Path::new("/u");
        let mut taken = Vec::new();
        for name in [
            "intake.xlsx",
            "intake.xlsx",
            "ケース.csv",
            "ニーズ.csv",
            "ケース.csv",
        ] {
            let p = upload_path(up, name, &taken);
            taken.push(p);
        }
        let shown: Vec<String> = taken.iter().map(|p| p.display().to_string()).collect();
        assert_eq!(
            shown,
            [
                "/u/1/intake.xlsx",
                "/u/2/intake.xlsx",
                "/u/csv-1/ケース.csv",
                "/u/csv-1/ニーズ.csv",
                "/u/csv-2/ケース.csv"
            ]
        );
        let inputs: Vec<String> = inputs_of(&taken)
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(
            inputs,
            [
                "/u/1/intake.xlsx",
                "/u/2/intake.xlsx",
                "/u/csv-1",
                "/u/csv-2"
            ]
        );
    }

    #[test]
    fn file_names_lose_their_folders_and_control_characters() {
        assert_eq!(
            safe_file_name("../../etc/passwd").as_deref(),
            Some("passwd")
        );
        assert_eq!(
            safe_file_name("C:\\x\\様式\u{7}.xlsx").as_deref(),
            Some("様式.xlsx")
        );
        assert_eq!(safe_file_name(".."), None);
        assert_eq!(safe_file_name(""), None);
    }
}
