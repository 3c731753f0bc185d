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
use std::sync::OnceLock;

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("出力先 {path} に書き込めません（{reason}）。フォルダの場所・書き込み権限・空き容量を確かめてください。")]
    Write { path: String, reason: String },
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
        std::io::ErrorKind::StorageFull => "空き容量が足りません".into(),
        std::io::ErrorKind::ReadOnlyFilesystem => "読み取り専用です".into(),
        _ => e.to_string(),
    }
}

/// Writes `bytes` to `path` atomically, creating the parent folder; refused, before any folder is
/// made, when `path` is or lies in an input of the run (see [`protect`]).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    if let Some(inputs) = GUARD.get() {
        inputs.check(Target::File(path))?;
    }
    let err = |e: std::io::Error| OutputError::Write {
        path: path.display().to_string(),
        reason: reason(&e),
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(err)?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".cmsheets-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(bytes).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
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
