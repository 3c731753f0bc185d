//! Output files are written whole or not at all: into a temporary file beside the target, then
//! renamed over it, so an interrupted or failed run never leaves a truncated PDF or workbook.
//!
//! No command writes over or into an input. [`protect`] compares every output a command names
//! with its inputs before anything is read, and keeps the inputs, so that every file written
//! afterwards is compared again: a case's folder under the output may be a symlink into an input
//! folder, and a path is only known for sure once it is written.

use std::collections::{HashMap, HashSet};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::{LazyLock, Mutex, OnceLock};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("出力先 {path} に書き込めません（{reason}）。フォルダの場所・書き込み権限・空き容量を確かめてください。")]
    Write { path: String, reason: String },
    #[error("中断したため {path} は書き出していません。")]
    Interrupted { path: String },
    #[error("出力先 {out} は入力ファイルです（入力: {input}）。入力を上書きしないよう、別の出力先を指定してください。")]
    IsInput { out: String, input: String },
    #[error("出力先 {out} は入力のフォルダです（入力: {input}）。入力のフォルダには書き出さないので、別のフォルダを指定してください。")]
    IsInputFolder { out: String, input: String },
    #[error("出力先 {out} は入力のフォルダ {folder} の中です。入力のフォルダには書き出さないので、その外のフォルダを指定してください。")]
    InInputFolder { out: String, folder: String },
    #[error("出力先のフォルダ {out} の中に入力 {input} があります。入力を上書きしないよう、入力を含まない別のフォルダを指定してください。")]
    HoldsInput { out: String, input: String },
}

fn reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "書き込み権限がありません".into(),
        std::io::ErrorKind::NotFound => "フォルダがありません".into(),
        // 「-o 」 naming a file where a folder is wanted.
        std::io::ErrorKind::AlreadyExists | std::io::ErrorKind::NotADirectory => {
            "フォルダの名前に同じ名前のファイルがあります".into()
        }
        std::io::ErrorKind::StorageFull => "空き容量が足りません".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "読み取り専用です".into(),
        std::io::ErrorKind::FileTooLarge => "ファイルの大きさの上限を超えます".into(),
        std::io::ErrorKind::QuotaExceeded => "ディスクの割り当て（クォータ）を超えます".into(),
        _ => e.to_string(),
    }
}

/// Writes `bytes` to `path` atomically, creating the parent folder; refused, before any folder is
/// made, when `path` is or lies in an input of the run (see [`protect`]). A failed write leaves
/// neither its temporary file nor a folder it made and left empty. The first write into a folder
/// removes what killed runs left there (see [`sweep_stale`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    if let Some(inputs) = GUARD.get() {
        inputs.check(Target::File(path))?;
    }
    let err = |e: std::io::Error| OutputError::Write {
        path: path.display().to_string(),
        reason: reason(&e),
    };
    // Written where the path leads once `..` is taken as the system takes it: 「nosuch/../out」
    // makes no folder 「nosuch」.
    let target = resolve(path);
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    sweep_once(dir);
    let created = crate::interrupt::create(|c| {
        let made = make_folders(dir)?;
        for folder in &made {
            c.folder(folder.clone());
        }
        let tmp = tempfile::Builder::new()
            .prefix(PART_PREFIX)
            .suffix(PART_SUFFIX)
            .tempfile_in(dir);
        match tmp {
            Ok(tmp) => {
                let part = c.part(tmp.path().to_path_buf());
                Ok((tmp, part, made))
            }
            Err(e) => {
                remove_empty(&made);
                Err(e)
            }
        }
    });
    let Some(created) = created else {
        return Err(OutputError::Interrupted {
            path: path.display().to_string(),
        });
    };
    let (mut tmp, part, made) = created.map_err(err)?;
    hold(tmp.as_file());
    let written = tmp
        .write_all(bytes)
        .and_then(|()| tmp.as_file().sync_all())
        .and_then(|()| tmp.persist(&target).map(drop).map_err(|e| e.error));
    // After the rename (or the temporary file's removal on failure): a forced exit in between
    // finds the name gone, or removes it itself.
    drop(part);
    if let Err(e) = written {
        // Locked like a creation: another write cannot be between making a folder and filling it.
        crate::interrupt::create(|_| remove_empty(&made));
        return Err(err(e));
    }
    Ok(())
}

/// The names of [`write_atomic`]'s temporary files: `.cmsheets-XXXXXX.part`.
const PART_PREFIX: &str = ".cmsheets-";
const PART_SUFFIX: &str = ".part";

/// Makes `dir` and the folders above it that are missing; the ones made, outermost first.
fn make_folders(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut missing = Vec::new();
    for a in dir.ancestors() {
        if a.as_os_str().is_empty() || std::fs::symlink_metadata(a).is_ok() {
            break;
        }
        missing.push(a.to_path_buf());
    }
    missing.reverse();
    std::fs::create_dir_all(dir)?;
    Ok(missing)
}

/// Removes the folders a failed write made, innermost first, as long as they are empty: a case
/// whose every file failed leaves no folder (nor an output folder with nothing in it).
fn remove_empty(made: &[PathBuf]) {
    for folder in made.iter().rev() {
        if std::fs::remove_dir(folder).is_err() {
            break; // holds another file: so do the folders above it
        }
    }
}

/// Locks a temporary file for as long as it is open: a run that sweeps the folder knows it is
/// still being written, however long the write takes. The lock goes with the process.
#[cfg(unix)]
fn hold(file: &std::fs::File) {
    use std::os::unix::io::AsRawFd;
    // SAFETY: flock on a descriptor this function borrows; a failure (a file system without
    // locks) only makes the sweep leave the file alone.
    unsafe {
        libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB);
    }
}

#[cfg(not(unix))]
fn hold(_: &std::fs::File) {}

/// Whether `name` is one of [`write_atomic`]'s temporary files: the prefix, 1 to 32 letters and
/// digits (tempfile's random part), the suffix; nothing else.
fn is_part_name(name: &std::ffi::OsStr) -> bool {
    let Some(name) = name.to_str() else {
        return false;
    };
    name.strip_prefix(PART_PREFIX)
        .and_then(|rest| rest.strip_suffix(PART_SUFFIX))
        .is_some_and(|mid| {
            (1..=32).contains(&mid.len()) && mid.bytes().all(|b| b.is_ascii_alphanumeric())
        })
}

/// How old a temporary file must be before another run removes it. Ours live for the time of one
/// write; the lock ([`hold`]) covers a slow one, the age the instant between its creation and
/// its lock.
#[cfg(unix)]
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(5);
/// Without the lock, only the age tells.
#[cfg(not(unix))]
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Whether `path` is a temporary file no live process is writing.
fn stale(path: &Path, meta: &std::fs::Metadata) -> bool {
    let old = meta
        .modified()
        .ok()
        .and_then(|m| m.elapsed().ok())
        .is_some_and(|age| age >= STALE_AFTER);
    old && !crate::interrupt::is_pending(path) && unlocked(path)
}

/// Whether nobody holds [`hold`]'s lock on `path` (opened without following a link and without
/// blocking, so no FIFO or device put there can hang the sweep).
#[cfg(unix)]
fn unlocked(path: &Path) -> bool {
    use std::os::unix::fs::OpenOptionsExt;
    use std::os::unix::io::AsRawFd;
    let Ok(file) = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
        .open(path)
    else {
        return false;
    };
    let is_file = file.metadata().is_ok_and(|m| m.is_file());
    // SAFETY: flock on the descriptor of `file`, which outlives the call; the lock is released
    // when `file` closes.
    is_file && unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } == 0
}

#[cfg(not(unix))]
fn unlocked(_: &Path) -> bool {
    true
}

/// Removes from `dir` the temporary files of runs that were killed (SIGKILL, a power cut): only
/// regular files named exactly like [`write_atomic`]'s, old enough and held by no live process.
/// Nothing else is touched. The number removed.
pub fn sweep_stale(dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut removed = 0;
    for entry in entries.flatten() {
        if !is_part_name(&entry.file_name()) {
            continue;
        }
        let path = entry.path();
        // Not followed: a link named like a part is not ours, whatever it points to.
        let Ok(meta) = std::fs::symlink_metadata(&path) else {
            continue;
        };
        if meta.is_file() && stale(&path, &meta) && std::fs::remove_file(&path).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// Folders swept in this run, resolved: each once, at the first write into it. An output folder
/// of the run ([`protect`]) is swept with its direct subfolders (a case's folder that this run
/// may not write again), the first time anything is written under it.
static SWEPT: LazyLock<Mutex<Swept>> = LazyLock::new(Mutex::default);

#[derive(Default)]
struct Swept {
    /// Folders as written to, for the quick answer.
    given: HashSet<PathBuf>,
    /// Folders resolved, swept.
    real: HashSet<PathBuf>,
}
static OUTPUT_FOLDERS: OnceLock<Vec<PathBuf>> = OnceLock::new();

fn sweep_once(dir: &Path) {
    let mut swept = SWEPT.lock().unwrap_or_else(|e| e.into_inner());
    // Every write passes here: the path as given settles it without touching the disk.
    if !swept.given.insert(dir.to_path_buf()) {
        return;
    }
    let real = resolve(dir);
    let top = OUTPUT_FOLDERS
        .get()
        .and_then(|tops| tops.iter().find(|t| real.starts_with(t)));
    let mut todo = vec![real];
    if let Some(top) = top.filter(|t| !swept.real.contains(*t)) {
        todo.push(top.clone());
        let subfolders = std::fs::read_dir(top).into_iter().flatten().flatten();
        // Not through links: what a link leads to is not this folder's.
        todo.extend(
            subfolders
                .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
                .map(|e| e.path()),
        );
    }
    for d in todo {
        if swept.real.insert(d.clone()) {
            sweep_stale(&d);
        }
    }
}

/// What a command will write: one file, or files anywhere under a folder.
#[derive(Debug, Clone, Copy)]
pub enum Target<'a> {
    File(&'a Path),
    Folder(&'a Path),
}

/// The inputs of the run, kept once [`protect`] has passed: every later write is checked too.
static GUARD: OnceLock<Inputs> = OnceLock::new();

/// Refuses, before anything is read or written, any output that is an input, an input folder,
/// lies inside an input folder, or (a folder) holds an input; then keeps the inputs so that every
/// file [`write_atomic`] writes in this run is checked the same way. Every command that writes
/// goes through here first.
pub fn protect<'a>(
    inputs: impl IntoIterator<Item = &'a Path>,
    outputs: &[Target<'_>],
) -> Result<(), OutputError> {
    let inputs = Inputs::new(inputs);
    for &target in outputs {
        inputs.check(target)?;
    }
    // One command per process: a second call (none today) keeps the first run's inputs.
    let _ = GUARD.set(inputs);
    let folders = outputs.iter().filter_map(|t| match t {
        Target::Folder(p) => Some(resolve(p)),
        Target::File(_) => None,
    });
    let _ = OUTPUT_FOLDERS.set(folders.collect());
    Ok(())
}

/// A file's identity, (device, inode): the same file whatever path reaches it (`..`, symlinks,
/// hard links, a folder mounted at a second place).
type Id = (u64, u64);

#[cfg(unix)]
fn id(meta: &std::fs::Metadata) -> Option<Id> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino()))
}

#[cfg(not(unix))]
fn id(_: &std::fs::Metadata) -> Option<Id> {
    None
}

/// The identity of what `path` reaches (symlinks followed), if it exists.
fn id_of(path: &Path) -> Option<Id> {
    std::fs::metadata(path).ok().as_ref().and_then(id)
}

/// `path` made absolute, with `..` and symlinks resolved as the system will when it is written:
/// the part that exists is resolved on disk, the part that does not yet (folders a write would
/// create) lexically, since a name that does not exist cannot be a symlink. Nothing is created.
pub fn resolve(path: &Path) -> PathBuf {
    let abs = if path.is_absolute() {
        path.to_path_buf()
    } else {
        match std::env::current_dir() {
            Ok(cwd) => cwd.join(path),
            Err(_) => path.to_path_buf(),
        }
    };
    // `base` exists and is resolved; `tail` is what lies below it and does not exist (yet).
    let mut base = PathBuf::new();
    let mut tail: Vec<OsString> = Vec::new();
    for c in abs.components() {
        match c {
            Component::Prefix(_) | Component::RootDir => base.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                // `base` has its symlinks resolved, so its parent is the real one.
                if tail.pop().is_none() {
                    base.pop();
                }
            }
            Component::Normal(name) => {
                if tail.is_empty() {
                    let next = base.join(name);
                    // A dangling symlink is replaced by the write, not written through.
                    if std::fs::symlink_metadata(&next).is_ok() {
                        if let Ok(real) = std::fs::canonicalize(&next) {
                            base = real;
                            continue;
                        }
                    }
                }
                tail.push(name.to_owned());
            }
        }
    }
    tail.into_iter().fold(base, |p, name| p.join(name))
}

/// An input as given, resolved.
struct Given {
    path: PathBuf,
    shown: String,
    folder: bool,
}

/// The inputs of a run, as resolved paths and file identities.
struct Inputs {
    given: Vec<Given>,
    /// Every input file, and every entry of an input folder (what a folder's reading opens).
    files: HashMap<Id, String>,
    folders: HashMap<Id, String>,
    /// Every folder above an input, to the root: an output folder that is one of these holds it.
    holders: HashMap<Id, String>,
}

impl Inputs {
    fn new<'a>(paths: impl IntoIterator<Item = &'a Path>) -> Inputs {
        let mut inputs = Inputs {
            given: Vec::new(),
            files: HashMap::new(),
            folders: HashMap::new(),
            holders: HashMap::new(),
        };
        let mut seen_holders = HashSet::new();
        let mut hold = |inputs: &mut Inputs, real: &Path, shown: &str| {
            for folder in real.ancestors().skip(1) {
                if !seen_holders.insert(folder.to_path_buf()) {
                    break; // its ancestors are in too
                }
                if let Some(i) = id_of(folder) {
                    inputs.holders.entry(i).or_insert_with(|| shown.to_string());
                }
            }
        };
        for path in paths {
            let real = resolve(path);
            let shown = path.display().to_string();
            let meta = std::fs::metadata(&real).ok();
            let folder = meta.as_ref().is_some_and(|m| m.is_dir());
            if let Some(i) = meta.as_ref().and_then(id) {
                let map = if folder {
                    &mut inputs.folders
                } else {
                    &mut inputs.files
                };
                map.entry(i).or_insert_with(|| shown.clone());
            }
            hold(&mut inputs, &real, &shown);
            if folder {
                for entry in std::fs::read_dir(&real).into_iter().flatten().flatten() {
                    let entry_path = entry.path();
                    let entry_shown = path.join(entry.file_name()).display().to_string();
                    if let Some(i) = id_of(&entry_path) {
                        inputs.files.entry(i).or_insert_with(|| entry_shown.clone());
                    }
                    // An entry that is a symlink reads a file elsewhere: that place holds an
                    // input too.
                    let linked = entry.file_type().is_ok_and(|t| t.is_symlink());
                    if linked {
                        if let Ok(target) = std::fs::canonicalize(&entry_path) {
                            hold(&mut inputs, &target, &entry_shown);
                        }
                    }
                }
            }
            inputs.given.push(Given {
                path: real,
                shown,
                folder,
            });
        }
        inputs
    }

    fn check(&self, target: Target<'_>) -> Result<(), OutputError> {
        let (out, is_folder) = match target {
            Target::File(p) => (p, false),
            Target::Folder(p) => (p, true),
        };
        let real = resolve(out);
        let shown = || out.display().to_string();
        let own = id_of(&real);
        let same_path = |folder: bool| {
            self.given
                .iter()
                .find(|g| g.folder == folder && g.path == real)
                .map(|g| &g.shown)
        };
        if let Some(input) = own
            .and_then(|i| self.files.get(&i))
            .or_else(|| same_path(false))
        {
            return Err(OutputError::IsInput {
                out: shown(),
                input: input.clone(),
            });
        }
        if let Some(input) = own
            .and_then(|i| self.folders.get(&i))
            .or_else(|| same_path(true))
        {
            return Err(OutputError::IsInputFolder {
                out: shown(),
                input: input.clone(),
            });
        }
        let by_id = real
            .ancestors()
            .skip(1)
            .find_map(|a| id_of(a).and_then(|i| self.folders.get(&i)));
        let by_path = || {
            self.given
                .iter()
                .find(|g| g.folder && real.starts_with(&g.path))
                .map(|g| &g.shown)
        };
        if let Some(folder) = by_id.or_else(by_path) {
            return Err(OutputError::InInputFolder {
                out: shown(),
                folder: folder.clone(),
            });
        }
        if is_folder {
            let by_path = || {
                self.given
                    .iter()
                    .find(|g| g.path.starts_with(&real))
                    .map(|g| &g.shown)
            };
            if let Some(input) = own.and_then(|i| self.holders.get(&i)).or_else(by_path) {
                return Err(OutputError::HoldsInput {
                    out: shown(),
                    input: input.clone(),
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_through_dots_links_and_folders_not_yet_made() {
        let t = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(t.path()).unwrap();
        std::fs::create_dir(base.join("D")).unwrap();
        std::fs::write(base.join("D/a.xlsx"), b"x").unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(base.join("D"), base.join("link")).unwrap();
        assert_eq!(
            resolve(&base.join("nosuch/../D/a.xlsx")),
            base.join("D/a.xlsx")
        );
        assert_eq!(
            resolve(&base.join("x/y/../../D/./b.xlsx")),
            base.join("D/b.xlsx")
        );
        assert_eq!(
            resolve(&base.join("new/dir/c.pdf")),
            base.join("new/dir/c.pdf")
        );
        #[cfg(unix)]
        {
            assert_eq!(resolve(&base.join("link/a.xlsx")), base.join("D/a.xlsx"));
            // The parent of where the link points, as the system sees it.
            assert_eq!(resolve(&base.join("link/../D")), base.join("D"));
        }
        assert!(!base.join("nosuch").exists() && !base.join("new").exists());
    }

    #[test]
    fn only_our_temporary_file_names_are_parts() {
        let part = |n: &str| is_part_name(std::ffi::OsStr::new(n));
        assert!(part(".cmsheets-x.part") && part(".cmsheets-Ab3xYz.part"));
        for other in [
            "notes.part",
            "cmsheets-x.part",
            ".cmsheets-.part",
            ".cmsheets-a_b.part",
            ".cmsheets-a b.part",
            ".cmsheets-x.part.bak",
            ".cmsheets-x.pdf",
            ".cmsheets-../x.part",
            &format!(".cmsheets-{}.part", "x".repeat(33)),
        ] {
            assert!(!part(other), "{other}");
        }
    }

    #[test]
    fn a_failed_write_leaves_no_folder_it_made_and_no_part() {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir(t.path().join("kept")).unwrap();
        // A name longer than any file system allows: the folders are made, the rename fails.
        let path = t.path().join("kept/new/deeper").join("x".repeat(300));
        let e = write_atomic(&path, b"%PDF").unwrap_err();
        assert!(matches!(e, OutputError::Write { .. }), "{e}");
        assert!(t.path().join("kept").is_dir(), "a folder it did not make");
        assert!(!t.path().join("kept/new").exists(), "a folder it made");
        // And one that holds another file stays.
        std::fs::create_dir_all(t.path().join("kept/other")).unwrap();
        std::fs::write(t.path().join("kept/other/a.pdf"), b"x").unwrap();
        let _ = write_atomic(&t.path().join("kept/other").join("y".repeat(300)), b"x");
        let left: Vec<_> = std::fs::read_dir(t.path().join("kept/other"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(left, ["a.pdf"]);
        assert!(!crate::interrupt::is_pending(&path));
    }

    #[test]
    fn outputs_are_compared_with_inputs_and_what_input_folders_hold() {
        let t = tempfile::tempdir().unwrap();
        let base = std::fs::canonicalize(t.path()).unwrap();
        std::fs::create_dir(base.join("D")).unwrap();
        std::fs::write(base.join("D/intake.xlsx"), b"x").unwrap();
        std::fs::write(base.join("B.xlsx"), b"x").unwrap();
        let (d, b) = (base.join("D"), base.join("B.xlsx"));
        let inputs = Inputs::new([d.as_path(), b.as_path()]);
        let file = |p: &str| inputs.check(Target::File(&base.join(p)));
        let folder = |p: &str| inputs.check(Target::Folder(&base.join(p)));
        assert!(matches!(
            file("nosuch/../B.xlsx"),
            Err(OutputError::IsInput { .. })
        ));
        assert!(matches!(
            file("D/intake.xlsx"),
            Err(OutputError::IsInput { .. })
        ));
        assert!(matches!(
            file("D/new.xlsx"),
            Err(OutputError::InInputFolder { .. })
        ));
        assert!(matches!(
            folder("D"),
            Err(OutputError::IsInputFolder { .. })
        ));
        assert!(matches!(
            folder("D/x/y"),
            Err(OutputError::InInputFolder { .. })
        ));
        assert!(matches!(folder("."), Err(OutputError::HoldsInput { .. })));
        assert!(file("out.xlsx").is_ok());
        assert!(folder("out").is_ok());
        assert!(!base.join("nosuch").exists());
    }
}
