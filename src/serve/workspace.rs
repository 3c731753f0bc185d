//! What the page has handed over and what the server made of it, held by the server so that a
//! reload or a second tab sees the same: the set of input files (each replaced or removed on its
//! own), each input's records as read (kept, so that replacing one of 1,000 様式ブック reads only
//! that one again), the checked whole, and the jobs. All of it lives in one private (0700)
//! temporary folder, created at the first upload and removed when the page clears it, after
//! [`IDLE_CLEAR`] without a request, and at exit; a folder a killed server left behind is
//! removed at the next start ([`sweep_leftovers`]).

use super::jobs::Job;
use crate::finding::Findings;
use crate::ingest::InputSummary;
use crate::model::raw::TableSink;
use crate::model::Dataset;
use crate::pipeline::Loaded;
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

/// Uploads and results are removed after this long without a request: a page left open over
/// lunch should not leave a day's case files in the temporary folder.
pub const IDLE_CLEAR: Duration = Duration::from_secs(30 * 60);

/// The prefix of the private folders, and the file in each that says which server made it.
const FOLDER_PREFIX: &str = "cmsheets-serve-";
const MARKER: &str = ".cmsheets-serve";

/// The private folder of one set of uploads: removed when the last holder (the workspace, a job
/// still running) lets go of it.
pub struct Folder(tempfile::TempDir);

impl Folder {
    fn new() -> std::io::Result<Folder> {
        let dir = tempfile::Builder::new().prefix(FOLDER_PREFIX).tempdir()?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o700))?;
        }
        std::fs::write(dir.path().join(MARKER), format!("{}\n", std::process::id()))?;
        crate::interrupt::remove_at_forced_exit(dir.path());
        Ok(Folder(dir))
    }

    pub fn path(&self) -> &Path {
        self.0.path()
    }
}

/// Removes the private folders of servers that no longer run (killed, or the PC switched off):
/// only folders named as ours that hold our marker naming a process that is gone. Anything else
/// in the temporary folder is left alone. Returns how many were removed.
pub fn sweep_leftovers(temp: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(temp) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        let name = entry.file_name();
        if !name.to_string_lossy().starts_with(FOLDER_PREFIX) {
            continue;
        }
        let dir = entry.path();
        // Not followed: a link named like ours is not ours.
        if !entry.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(marker) = std::fs::read_to_string(dir.join(MARKER)) else {
            continue;
        };
        let Ok(pid) = marker.trim().parse::<u32>() else {
            continue;
        };
        if pid != std::process::id() && !process_runs(pid) && std::fs::remove_dir_all(&dir).is_ok()
        {
            removed += 1;
        }
    }
    removed
}

#[cfg(unix)]
fn process_runs(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists; nothing is sent.
    let status = unsafe { libc::kill(pid, 0) };
    status == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn process_runs(_pid: u32) -> bool {
    // Without a way to ask, a folder is taken for in use: never removed by mistake.
    true
}

/// One file of the set, as the page lists it.
#[derive(Debug, Clone)]
pub struct InputFile {
    pub id: u64,
    /// The file's own name.
    pub name: String,
    /// The folder the browser named (a folder picked or dropped), or "".
    pub folder: String,
    /// How the page and the findings name the file: its name, or its name with a number when
    /// another file of the set has the same name.
    pub label: String,
    /// Where it is saved. A workbook has a folder of its own; CSV files of one browser folder
    /// share one, read together as one intake.
    pub path: PathBuf,
    pub bytes: u64,
}

impl InputFile {
    pub fn is_csv(&self) -> bool {
        is_csv_name(&self.name)
    }

    /// The input it is read as: the workbook itself, or the folder of its CSV set.
    pub fn input(&self) -> PathBuf {
        match (self.is_csv(), self.path.parent()) {
            (true, Some(dir)) => dir.to_path_buf(),
            _ => self.path.clone(),
        }
    }
}

pub fn is_csv_name(name: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// A file name from the browser, made safe to save: the last path part, no control characters.
pub fn safe_file_name(raw: &str) -> Option<String> {
    let last = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let name: String = last.chars().filter(|c| !c.is_control()).collect();
    let name = name.trim().to_string();
    (!name.is_empty() && name != "." && name != ".." && name.len() <= 255).then_some(name)
}

/// The folder part of a browser's relative path (「2025年度/山田.xlsx」 → 「2025年度」), for the
/// list only: never used as a path.
pub fn browser_folder(raw: &str) -> String {
    let parts: Vec<&str> = raw.split(['/', '\\']).collect();
    if parts.len() < 2 {
        return String::new();
    }
    let folder = parts[..parts.len() - 1].join("/");
    folder
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

/// One input's records and findings as read, kept until the file is replaced or removed.
pub struct Part {
    dataset: Dataset,
    findings: Findings,
    summary: InputSummary,
}

/// The checked whole: every part joined and every rule run, with the 基準日 used.
pub struct Checked {
    pub loaded: Loaded,
    pub as_of: NaiveDate,
    /// Which files this check saw, by id: a check of an older set is never shown.
    pub files: Vec<u64>,
    /// The page's list of cases, made once with the check (off the lock), not at every state
    /// a tab asks for.
    pub case_list: Vec<CaseRow>,
}

#[derive(Default)]
pub struct Workspace {
    pub folder: Option<Arc<Folder>>,
    pub files: Vec<InputFile>,
    /// A 地域区分 given apart from the intake, for the 集計ブック.
    pub areas: Option<InputFile>,
    parts: HashMap<PathBuf, Arc<Part>>,
    pub checked: Option<Arc<Checked>>,
    /// The 基準日 the page asked for; None: today (or the server's setting).
    pub as_of: Option<NaiveDate>,
    pub jobs: BTreeMap<u64, Arc<Job>>,
    next_id: u64,
    /// Goes up with every change the page shows: a tab that has seen it needs nothing new.
    pub version: u64,
    /// A check is running: uploads wait their turn and jobs are not started.
    pub checking: bool,
    /// How many inputs have been read (each file once until it is replaced): what the page's
    /// speed on a re-pick rests on.
    pub reads: u64,
    /// The CSV files of the last upload, read as they arrived, for the check that follows it.
    pub arrived: Vec<(PathBuf, super::arrival::Reading)>,
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

    pub fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }

    pub fn changed(&mut self) {
        self.version += 1;
    }

    /// Forgets everything: running jobs start no further case, and the folder is removed (at
    /// once, or when the last running job ends).
    /// Returns what was held, to be dropped away from the lock: freeing a million rows takes a
    /// second, which no other request should wait for.
    #[must_use = "drop the old workspace off the lock (drop_later)"]
    pub fn clear(&mut self) -> Workspace {
        for job in self.jobs.values() {
            job.cancel.store(true, Ordering::SeqCst);
        }
        std::mem::replace(
            self,
            Workspace {
                next_id: self.next_id,
                version: self.version + 1,
                ..Workspace::default()
            },
        )
    }

    pub fn add_job(&mut self, job: Job) -> (u64, Arc<Job>) {
        let id = self.next_id();
        let job = Arc::new(job);
        self.jobs.insert(id, job.clone());
        self.changed();
        (id, job)
    }

    pub fn running_job(&self) -> Option<&Arc<Job>> {
        self.jobs.values().find(|j| j.running())
    }

    /// A file of the set with this folder and name (what a re-pick replaces).
    pub fn same_file(&self, folder: &str, name: &str) -> Option<usize> {
        self.files
            .iter()
            .position(|f| f.folder == folder && f.name == name)
    }

    /// Where a new file goes, and its label. `replacing`: the file it takes the place of, whose
    /// label, folder and (for CSV) place it keeps.
    /// `received`: the files of the same request saved before this one (not yet in the set).
    pub fn place(
        &mut self,
        uploads: &Path,
        folder: &str,
        name: &str,
        replacing: Option<&InputFile>,
        received: &[InputFile],
    ) -> (u64, PathBuf, String) {
        let id = self.next_id();
        if is_csv_name(name) {
            // The CSV files of one browser folder are one intake: they share a folder, whether
            // they came in one request or one by one.
            let dir = replacing
                .and_then(|f| f.path.parent().map(Path::to_path_buf))
                .or_else(|| {
                    self.files
                        .iter()
                        .chain(received)
                        .find(|f| f.is_csv() && f.folder == folder)
                        .and_then(|f| f.path.parent().map(Path::to_path_buf))
                })
                .unwrap_or_else(|| uploads.join(format!("csv-{id}")));
            let label =
                replacing.map_or_else(|| self.label_for(name, received), |f| f.label.clone());
            return (id, dir.join(name), label);
        }
        let label = replacing.map_or_else(|| self.label_for(name, received), |f| f.label.clone());
        (id, uploads.join(id.to_string()).join(name), label)
    }

    /// The name itself, or 「山田 (2).xlsx」 when the set has a file of that name already.
    fn label_for(&self, name: &str, received: &[InputFile]) -> String {
        let taken: HashSet<&str> = self
            .files
            .iter()
            .chain(received)
            .map(|f| f.label.as_str())
            .collect();
        if !taken.contains(name) {
            return name.to_string();
        }
        let path = Path::new(name);
        let stem = path
            .file_stem()
            .map_or(name.into(), |s| s.to_string_lossy());
        let ext = path
            .extension()
            .map(|e| format!(".{}", e.to_string_lossy()))
            .unwrap_or_default();
        (2..)
            .map(|n| format!("{stem} ({n}){ext}"))
            .find(|l| !taken.contains(l.as_str()))
            .expect("an unused number")
    }

    /// Adds `file` to the set, or puts it in place of the file at `replace`. The input's kept
    /// records are dropped: it is read again at the next check.
    pub fn put(&mut self, file: InputFile, replace: Option<usize>) {
        self.parts.remove(&file.input());
        match replace {
            Some(i) => {
                let old = std::mem::replace(&mut self.files[i], file);
                self.forget_file(&old);
            }
            None => self.files.push(file),
        }
        self.changed();
    }

    /// Takes a file out of the set (its saved copy removed).
    pub fn remove(&mut self, id: u64) -> bool {
        let Some(i) = self.files.iter().position(|f| f.id == id) else {
            return false;
        };
        let old = self.files.remove(i);
        self.forget_file(&old);
        self.changed();
        true
    }

    fn forget_file(&mut self, old: &InputFile) {
        self.parts.remove(&old.input());
        let still_used = self.files.iter().any(|f| f.path == old.path);
        if !still_used {
            let _ = std::fs::remove_file(&old.path);
            if !old.is_csv() {
                if let Some(dir) = old.path.parent() {
                    let _ = std::fs::remove_dir(dir);
                }
            }
        }
    }

    /// What a check needs: the inputs in the order of the set, each with its kept part if any.
    pub fn to_check(&self) -> Vec<(PathBuf, String, Option<Arc<Part>>)> {
        let mut out: Vec<(PathBuf, String, Option<Arc<Part>>)> = Vec::new();
        for f in &self.files {
            let input = f.input();
            if out.iter().any(|(p, _, _)| *p == input) {
                continue;
            }
            let shown = if f.is_csv() {
                csv_set_name(&f.folder)
            } else {
                f.label.clone()
            };
            let part = self.parts.get(&input).cloned();
            out.push((input, shown, part));
        }
        out
    }

    /// Keeps the parts a check read, for the inputs still in the set.
    pub fn keep_parts(&mut self, reads: usize, parts: Vec<(PathBuf, Arc<Part>)>) {
        self.reads += reads as u64;
        let inputs: HashSet<PathBuf> = self.files.iter().map(InputFile::input).collect();
        for (input, part) in parts {
            if inputs.contains(&input) {
                self.parts.insert(input, part);
            }
        }
    }
}

/// How findings name a set of CSV files: the folder they came from, or 「CSV」.
fn csv_set_name(folder: &str) -> String {
    if folder.is_empty() {
        "CSV".into()
    } else {
        format!("CSV（{folder}）")
    }
}

/// Reads the inputs not yet read (all cores), joins every part in the order of the set and runs
/// the checks: what `check` does, but an input already read is not read again. Returns the
/// checked whole, how many inputs were read, and the parts read now (to keep).
/// A 地域区分 given apart (`areas`) is read after them, as `report --areas` reads it.
pub fn check(
    inputs: Vec<(PathBuf, String, Option<Arc<Part>>)>,
    arrived: Vec<(PathBuf, super::arrival::Reading)>,
    areas: Option<&Path>,
    as_of: NaiveDate,
) -> SetChecked {
    // Each CSV read as it arrived is taken by the read of its folder (once; a thread that
    // failed is read again the usual way).
    let arrived = std::sync::Mutex::new(arrived.into_iter().collect::<HashMap<_, _>>());
    let arrived = move |path: &Path| {
        let reading = arrived.lock().ok()?.remove(path)?;
        reading.join().ok().flatten()
    };
    if let [(path, shown, None)] = &inputs[..] {
        // One input, the common case of a large intake: read straight into the whole, not kept
        // (a re-pick reads it again anyway), so a million rows are held once, not twice.
        let mut dataset = Dataset::default();
        let mut findings = Findings::default();
        let summary =
            crate::ingest::read_one_input_with(path, shown, &mut findings, &mut dataset, &arrived);
        let (loaded, case_list) = checked(dataset, findings, vec![summary], areas, as_of);
        return SetChecked {
            loaded,
            case_list,
            reads: 1,
            fresh: Vec::new(),
        };
    }
    let to_read: Vec<(PathBuf, String)> = inputs
        .iter()
        .filter(|(_, _, part)| part.is_none())
        .map(|(p, shown, _)| (p.clone(), shown.clone()))
        .collect();
    let threads = crate::parallel::threads(None, to_read.len());
    let read: Vec<Option<Arc<Part>>> = crate::parallel::map(
        &to_read,
        threads,
        || (),
        |_, (path, shown)| {
            let mut dataset = Dataset::default();
            let mut findings = Findings::default();
            let summary = crate::ingest::read_one_input_with(
                path,
                shown,
                &mut findings,
                &mut dataset,
                &arrived,
            );
            Arc::new(Part {
                dataset,
                findings,
                summary,
            })
        },
        || false,
    );
    let fresh: Vec<(PathBuf, Arc<Part>)> = to_read
        .into_iter()
        .zip(read)
        .filter_map(|((path, _), part)| part.map(|p| (path, p)))
        .collect();
    let mut dataset = Dataset::default();
    let mut findings = Findings::default();
    let mut summaries = Vec::new();
    for (path, _, kept) in &inputs {
        let part = kept.clone().or_else(|| {
            fresh
                .iter()
                .find(|(p, _)| p == path)
                .map(|(_, p)| p.clone())
        });
        let Some(part) = part else { continue };
        dataset.join(part.dataset.clone());
        findings.append(part.findings.clone());
        summaries.push(part.summary.clone());
    }
    let reads = fresh.len();
    let (loaded, case_list) = checked(dataset, findings, summaries, areas, as_of);
    SetChecked {
        loaded,
        case_list,
        reads,
        fresh,
    }
}

/// What [`check`] gives back: the checked whole and its case list, how many inputs were read,
/// and the parts read now (to keep).
pub struct SetChecked {
    pub loaded: Loaded,
    pub case_list: Vec<CaseRow>,
    pub reads: usize,
    pub fresh: Vec<(PathBuf, Arc<Part>)>,
}

/// The rules run over the whole read, with the separate 地域区分 read in first.
fn checked(
    mut dataset: Dataset,
    mut findings: Findings,
    mut inputs: Vec<InputSummary>,
    areas: Option<&Path>,
    as_of: NaiveDate,
) -> (Loaded, Vec<CaseRow>) {
    if let Some(path) = areas {
        inputs.push(crate::ingest::read_areas_into(
            path,
            &mut findings,
            &mut dataset,
        ));
    }
    // The rules run on one core; the page's case list is made on the other meanwhile.
    let forms = std::thread::scope(|s| {
        let forms = s.spawn(|| case_forms(&dataset));
        crate::validate::validate(&dataset, as_of, &mut findings);
        forms.join().ok()
    });
    findings.sort();
    crate::memory::release_freed();
    let loaded = Loaded {
        dataset,
        findings,
        inputs,
    };
    let forms = forms.unwrap_or_else(|| case_forms(&loaded.dataset));
    let case_list = case_rows(&loaded, forms);
    (loaded, case_list)
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

/// Each case's forms and 作成番号, in the order of the ケース sheet.
type CaseForms = Vec<(String, Vec<&'static str>, Vec<u32>)>;

fn case_forms(ds: &Dataset) -> CaseForms {
    use crate::forms::Form;
    ds.by_case()
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
            (f.case.case_id.clone(), forms, plans)
        })
        .collect()
}

/// The page's case list: each case with its forms and its findings' counts, then the cases
/// that rows name but the ケース sheet lacks (listed, so that the page says why).
fn case_rows(loaded: &Loaded, forms: CaseForms) -> Vec<CaseRow> {
    let with_errors = loaded.findings.cases_with_errors();
    let row = |case_id: String, forms, plan_numbers| {
        let (errors, warnings) = loaded.findings.of_case(&case_id);
        CaseRow {
            case_id,
            status: if errors > 0 { "error" } else { "ok" },
            errors,
            warnings,
            forms,
            plan_numbers,
        }
    };
    let listed: HashSet<String> = forms.iter().map(|(id, _, _)| id.clone()).collect();
    let mut rows: Vec<CaseRow> = forms
        .into_iter()
        .map(|(id, forms, plans)| row(id, forms, plans))
        .collect();
    for id in &with_errors {
        if !listed.contains(id) {
            rows.push(row(id.clone(), Vec::new(), Vec::new()));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(ws: &mut Workspace, folder: &str, name: &str) -> InputFile {
        let replacing = ws.same_file(folder, name).map(|i| ws.files[i].clone());
        let (id, path, label) = ws.place(Path::new("/u"), folder, name, replacing.as_ref(), &[]);
        InputFile {
            id,
            name: name.into(),
            folder: folder.into(),
            label,
            path,
            bytes: 1,
        }
    }

    #[test]
    fn two_files_of_one_name_are_told_apart_and_a_repick_takes_the_old_ones_place() {
        let mut ws = Workspace::default();
        for (folder, name) in [
            ("", "intake.xlsx"),
            ("A", "山田.xlsx"),
            ("B", "山田.xlsx"),
            ("", "ケース.csv"),
            ("", "ニーズ.csv"),
            ("C", "ケース.csv"),
        ] {
            let f = file(&mut ws, folder, name);
            ws.put(f, None);
        }
        let labels: Vec<&str> = ws.files.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "intake.xlsx",
                "山田.xlsx",
                "山田 (2).xlsx",
                "ケース.csv",
                "ニーズ.csv",
                "ケース (2).csv"
            ]
        );
        let inputs: Vec<(String, String)> = ws
            .to_check()
            .into_iter()
            .map(|(p, shown, _)| (p.display().to_string(), shown))
            .collect();
        assert_eq!(inputs.len(), 5, "{inputs:?}");
        assert_eq!(inputs[3].1, "CSV");
        assert_eq!(inputs[4].1, "CSV（C）");
        assert_eq!(
            inputs[3].0, "/u/csv-4",
            "the CSV files of one folder share one"
        );

        // Picked again from folder B: the same place in the list, the same label.
        let again = file(&mut ws, "B", "山田.xlsx");
        let at = ws.same_file("B", "山田.xlsx");
        assert_eq!(at, Some(2));
        ws.put(again, at);
        assert_eq!(ws.files.len(), 6);
        assert_eq!(ws.files[2].label, "山田 (2).xlsx");
        assert_eq!(ws.files[2].folder, "B");
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
        assert_eq!(browser_folder("2025年度/北区/山田.xlsx"), "2025年度/北区");
        assert_eq!(browser_folder("山田.xlsx"), "");
    }

    #[test]
    fn only_folders_of_servers_that_are_gone_are_swept() {
        let temp = tempfile::tempdir().unwrap();
        let dead = temp.path().join(format!("{FOLDER_PREFIX}dead"));
        let alive = temp.path().join(format!("{FOLDER_PREFIX}alive"));
        let unmarked = temp.path().join(format!("{FOLDER_PREFIX}unmarked"));
        let other = temp.path().join("someone-else");
        for d in [&dead, &alive, &unmarked, &other] {
            std::fs::create_dir(d).unwrap();
            std::fs::write(d.join("data.xlsx"), b"x").unwrap();
        }
        // A process id that cannot run: above the kernel's limit.
        std::fs::write(dead.join(MARKER), "2147483000\n").unwrap();
        std::fs::write(alive.join(MARKER), format!("{}\n", std::process::id())).unwrap();
        std::fs::write(other.join(MARKER), "2147483000\n").unwrap();
        assert_eq!(sweep_leftovers(temp.path()), 1);
        assert!(!dead.exists());
        assert!(alive.exists() && unmarked.exists() && other.exists());
    }
}
