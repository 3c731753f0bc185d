//! Output files are written whole or not at all: into a temporary file beside the target, then
//! renamed over it, so an interrupted or failed run never leaves a truncated PDF or workbook.

use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("出力先 {path} に書き込めません（{reason}）。フォルダの場所・書き込み権限・空き容量を確かめてください。")]
    Write { path: String, reason: String },
    #[error(
        "出力先 {0} は入力ファイルです。入力を上書きしないよう、別の出力先を指定してください。"
    )]
    IsInput(String),
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

/// Writes `bytes` to `path` atomically, creating the parent folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
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

/// Refuses an output path that is one of the inputs (or inside an input folder of CSVs).
pub fn ensure_not_input(out: &Path, inputs: &[PathBuf]) -> Result<(), OutputError> {
    let canon = |p: &Path| std::fs::canonicalize(p).ok();
    let target = canon(out).or_else(|| {
        let parent = out
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        canon(parent).map(|p| p.join(out.file_name().unwrap_or_default()))
    });
    let Some(target) = target else { return Ok(()) };
    for input in inputs {
        if let Some(i) = canon(input) {
            if i == target {
                return Err(OutputError::IsInput(out.display().to_string()));
            }
            if i.is_dir()
                && target.starts_with(&i)
                && target.extension().is_some_and(|e| e == "csv")
            {
                return Err(OutputError::IsInput(out.display().to_string()));
            }
        }
    }
    Ok(())
}
