//! What render and packet share: choosing the cases to print, skipping those with errors, running
//! the typesetting in parallel (one Typesetter per worker), stopping cleanly on Ctrl+C, and the
//! summary at the end. Messages name ケースIDs and counts only.

use crate::interrupt::interrupted;
use crate::model::CaseFile;
use crate::outcome::Outcome;
use crate::output::write_atomic;
use crate::pipeline::{CheckOutcome, Loaded};
use crate::progress::Progress;
use crate::typeset::{PdfSettings, Template, Typesetter};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// The cases a batch will print (records first, then their [`CaseJobs`]), and why others are not.
pub struct Selection<T> {
    pub cases: Vec<T>,
    /// Cases left out because their rows have errors.
    pub skipped: Vec<String>,
    /// `--case` values that name no case.
    pub unknown: Vec<String>,
}

impl<T> Selection<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Selection<U> {
        Selection {
            cases: self.cases.into_iter().map(f).collect(),
            skipped: self.skipped,
            unknown: self.unknown,
        }
    }
}

pub fn select<'a, 'd>(
    files: &'a [CaseFile<'d>],
    wanted: &[String],
    loaded: &Loaded,
) -> Selection<&'a CaseFile<'d>> {
    let with_errors = loaded.findings.cases_with_errors();
    let wanted: BTreeSet<String> = wanted
        .iter()
        .map(|w| crate::contract::text::fold_id(w))
        .collect();
    let mut sel = Selection {
        cases: Vec::new(),
        skipped: Vec::new(),
        unknown: Vec::new(),
    };
    // Looked up, not searched: a page of 80,000 cases with errors stays linear.
    let listed: std::collections::HashSet<&str> =
        files.iter().map(|f| f.case.case_id.as_str()).collect();
    for f in files {
        if !wanted.is_empty() && !wanted.contains(&f.case.case_id) {
            continue;
        }
        if with_errors.contains(&f.case.case_id) {
            sel.skipped.push(f.case.case_id.clone());
        } else {
            sel.cases.push(f);
        }
    }
    // Rows that name a case missing from the ケース sheet belong to no printable case.
    for id in &with_errors {
        if !listed.contains(id.as_str()) && (wanted.is_empty() || wanted.contains(id)) {
            sel.skipped.push(id.clone());
        }
    }
    for w in &wanted {
        if !listed.contains(w.as_str()) && !with_errors.contains(w) {
            sel.unknown.push(w.clone());
        }
    }
    sel
}

/// One failed item of a batch (a case's form or packet).
#[derive(Debug, Clone)]
pub struct Failure {
    pub case_id: String,
    pub what: String,
    pub message: String,
}

/// One document to typeset: its template and settings, the JSON handed to the template (kept
/// deflated until its turn) and where the PDF and, when asked, the JSON go.
pub struct Job {
    /// What the document is, for failure messages (`plan`, `packet`…).
    pub what: &'static str,
    pub template: Template,
    pub settings: PdfSettings,
    data: Box<[u8]>,
    pub pdf: Option<PathBuf>,
    pub json: Option<PathBuf>,
}

impl Job {
    pub fn new(
        what: &'static str,
        template: Template,
        settings: PdfSettings,
        json: &[u8],
        pdf: Option<PathBuf>,
        json_path: Option<PathBuf>,
    ) -> Job {
        Job {
            what,
            template,
            settings,
            data: miniz_oxide::deflate::compress_to_vec(json, 1).into_boxed_slice(),
            pdf,
            json: json_path,
        }
    }

    fn json(&self) -> Result<Vec<u8>, String> {
        miniz_oxide::inflate::decompress_to_vec(&self.data)
            .map_err(|_| "内部エラー: 印刷データを展開できません".to_string())
    }

    /// The PDF, in memory.
    pub fn typeset(&self, ts: &mut Typesetter) -> Result<Vec<u8>, String> {
        let bytes = self.json()?;
        ts.pdf(self.template, &bytes, &self.settings)
            .map_err(|e| e.to_string())
    }

    /// Typesets the document and writes its files, each atomically, counting each file in
    /// `written` as it is written: a JSON written before its PDF failed is on disk, and the
    /// summary says so.
    fn write(&self, ts: &mut Typesetter, written: &mut usize) -> Result<(), String> {
        let bytes = self.json()?;
        if let Some(path) = &self.json {
            write_atomic(path, &bytes).map_err(|e| e.to_string())?;
            *written += 1;
        }
        if let Some(path) = &self.pdf {
            let pdf = ts
                .pdf(self.template, &bytes, &self.settings)
                .map_err(|e| e.to_string())?;
            write_atomic(path, &pdf).map_err(|e| e.to_string())?;
            *written += 1;
        }
        Ok(())
    }
}

/// A case's documents, built from its records before typesetting starts, so that the records
/// can be dropped: a batch then holds each waiting case as a few KB of deflated JSON, and its
/// memory stays flat in the number of cases.
pub struct CaseJobs {
    pub case_id: String,
    pub jobs: Vec<Job>,
    /// What could not be prepared (reported with the typesetting failures).
    pub failures: Vec<Failure>,
}

impl CaseJobs {
    pub fn new(case_id: &str) -> CaseJobs {
        CaseJobs {
            case_id: case_id.to_string(),
            jobs: Vec::new(),
            failures: Vec::new(),
        }
    }

    pub fn fail(&mut self, what: &str, message: String) {
        self.failures.push(Failure {
            case_id: self.case_id.clone(),
            what: what.to_string(),
            message,
        });
    }

    /// Runs every job of the case; the number of files written, or every failure.
    pub fn run(&self, ts: &mut Typesetter) -> Result<usize, Vec<Failure>> {
        let (written, failures) = self.run_counted(ts);
        if failures.is_empty() {
            Ok(written)
        } else {
            Err(failures)
        }
    }

    /// Runs the jobs of the case: the files written, counted even when others failed (they are
    /// on disk), and every failure. After Ctrl+C no further job starts.
    pub fn run_counted(&self, ts: &mut Typesetter) -> (usize, Vec<Failure>) {
        let mut failures = self.failures.clone();
        let mut written = 0;
        for job in &self.jobs {
            if interrupted() {
                break;
            }
            if let Err(message) = job.write(ts, &mut written) {
                failures.push(Failure {
                    case_id: self.case_id.clone(),
                    what: job.what.to_string(),
                    message,
                });
            }
        }
        (written, failures)
    }
}

/// Typesets every case's jobs on `jobs` threads, each with its own Typesetter, counting each
/// case done on `progress` and starting none once `stop()` is true (Ctrl+C, or the web page's
/// job cleared); the number of files written and every failure, in case order.
pub fn run_cases(
    cases: &[CaseJobs],
    jobs: Option<usize>,
    progress: &Progress,
    stop: &(dyn Fn() -> bool + Sync),
) -> (usize, Vec<Failure>) {
    let threads = crate::parallel::threads(jobs, cases.len());
    let results = crate::parallel::map(
        cases,
        threads,
        Typesetter::new,
        |ts, case| {
            let result = case.run_counted(ts);
            progress.inc();
            result
        },
        stop,
    );
    progress.finish();
    let mut written = 0;
    let mut failures = Vec::new();
    for (case, result) in cases.iter().zip(results) {
        match result {
            Some((n, mut f)) => {
                written += n;
                failures.append(&mut f);
            }
            None if stop() => {} // not started: the summary says the run was stopped
            None => failures.push(Failure {
                case_id: case.case_id.clone(),
                what: String::new(),
                message: "内部エラーで中断しました（このケースのファイルは書き出していないか、完全なものだけです）。もう一度実行し、続くときは管理者に連絡してください".into(),
            }),
        }
    }
    // Workers finish in any order: report failures in a stable order.
    failures.sort_by(|a, b| (&a.case_id, &a.what).cmp(&(&b.case_id, &b.what)));
    (written, failures)
}

/// Prints the end-of-run summary and returns the exit status.
pub fn summarize(
    what: &str,
    written: usize,
    out: &str,
    checks: &CheckOutcome,
    sel: &Selection<CaseJobs>,
    failures: &[Failure],
) -> Outcome {
    if checks.errors + checks.warnings > 0 {
        crate::say!(
            "点検: エラー {}件、警告 {}件（詳細は cmsheets check で確認できます）",
            checks.errors,
            checks.warnings
        );
    }
    if checks.unattributed_errors {
        crate::say!("注意: 読み込めなかったファイル・シートがあります。その内容は出力に含まれていません（cmsheets check で確認してください）。");
    }
    if written == 0 {
        // Not "0件を DIR に書き出しました": the folder may never have been made.
        crate::say!("{what}は書き出していません（出力先 {out}）。");
    } else {
        crate::say!("{what} {written}件を {out} に書き出しました。");
    }
    if !sel.skipped.is_empty() {
        crate::say!(
            "エラーのため出力しなかったケース（{}件）: {}",
            sel.skipped.len(),
            sel.skipped.join(", ")
        );
    }
    if !sel.unknown.is_empty() {
        crate::say!(
            "見つからないケースID（{}件）: {}",
            sel.unknown.len(),
            sel.unknown.join(", ")
        );
    }
    for fail in failures {
        crate::say!(
            "出力できませんでした: {} {}: {}",
            fail.case_id,
            crate::forms::document_name(&fail.what),
            fail.message
        );
    }
    if interrupted() {
        crate::say!("中断されました。書き出し済みのファイルは完全なものだけです。");
        return Outcome::Interrupted;
    }
    if checks.nothing_readable {
        return Outcome::Failed;
    }
    if sel.skipped.is_empty()
        && sel.unknown.is_empty()
        && failures.is_empty()
        && !checks.unattributed_errors
    {
        Outcome::Done
    } else {
        Outcome::Findings
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings() -> PdfSettings {
        PdfSettings {
            ident: "cmsheets/test".into(),
            date: chrono::NaiveDate::from_ymd_opt(2025, 11, 30).unwrap(),
            pdfa: false,
        }
    }

    #[test]
    fn a_job_hands_on_its_json_byte_for_byte() {
        let dir = tempfile::tempdir().unwrap();
        let json = "{\"本人氏名\": \"山田　花子\", \"n\": [1, 2, 3]}".repeat(50);
        let path = dir.path().join("plan.json");
        let job = Job::new(
            "plan",
            Template::Plan,
            settings(),
            json.as_bytes(),
            None,
            Some(path.clone()),
        );
        assert!(job.data.len() < json.len() / 4, "kept deflated");
        let mut ts = Typesetter::new();
        let mut written = 0;
        assert_eq!(job.write(&mut ts, &mut written), Ok(()));
        assert_eq!(written, 1);
        assert_eq!(std::fs::read(&path).unwrap(), json.as_bytes());
    }

    #[test]
    fn files_written_before_a_failure_are_counted() {
        let dir = tempfile::tempdir().unwrap();
        let mut case = CaseJobs::new("C-1");
        // The JSON is written first; the PDF then fails (it is no JSON the template can read).
        case.jobs.push(Job::new(
            "plan",
            Template::Plan,
            settings(),
            b"{",
            Some(dir.path().join("plan.pdf")),
            Some(dir.path().join("plan.json")),
        ));
        let (written, failures) = case.run_counted(&mut Typesetter::new());
        assert_eq!(written, 1);
        assert_eq!(failures.len(), 1);
        assert!(dir.path().join("plan.json").exists());
        assert!(!dir.path().join("plan.pdf").exists());
    }

    #[test]
    fn a_case_reports_preparation_and_typesetting_failures_together() {
        let dir = tempfile::tempdir().unwrap();
        let mut case = CaseJobs::new("C-1");
        case.fail("", "作成番号 3 の支援計画がありません".into());
        // Not JSON at all: Typst fails, and the failure names the form.
        case.jobs.push(Job::new(
            "plan",
            Template::Plan,
            settings(),
            b"{",
            Some(dir.path().join("plan.pdf")),
            None,
        ));
        let failures = case.run(&mut Typesetter::new()).unwrap_err();
        let what: Vec<&str> = failures.iter().map(|f| f.what.as_str()).collect();
        assert_eq!(what, ["", "plan"]);
        assert!(failures.iter().all(|f| f.case_id == "C-1"));
        assert!(
            !dir.path().join("plan.pdf").exists(),
            "nothing half-written"
        );
    }
}
