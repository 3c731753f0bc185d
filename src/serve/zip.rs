//! The page's downloads as zips: every file of a job's folder under the name an office files it
//! by, stored, the same files giving the same zip.

use crate::forms::Form;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The zip entry of a file the printers wrote as `<ケースID>/<form key>.pdf` or
/// `<ケースID>/packet.pdf`: the same folder, the file named in Japanese.
pub fn entry_name(relative: &str) -> String {
    let Some((case, file)) = relative.rsplit_once('/') else {
        return relative.to_string();
    };
    let (stem, ext) = file.rsplit_once('.').unwrap_or((file, ""));
    let title = match (stem, Form::from_key(stem)) {
        ("packet", _) => return format!("{case}_ケア会議資料.{ext}"),
        (_, Some(form)) => form.file_title(),
        (_, None) => stem.to_string(),
    };
    format!("{case}/{title}.{ext}")
}

/// Writes every file below `dir` into a zip at `zip_path`, each under the name `entry` gives its
/// '/'-separated relative path; stored (PDFs and workbooks are compressed already), with a fixed
/// date, so that the same files give the same zip. Names outside ASCII carry the zip's UTF-8
/// flag (the zip crate sets it), so Windows Explorer shows them as written.
pub fn zip_folder(
    dir: &Path,
    zip_path: &Path,
    entry: impl Fn(&str) -> String,
) -> Result<usize, String> {
    use zip::write::SimpleFileOptions;
    let files = files_below(dir).map_err(|e| format!("結果を読めません（{e}）"))?;
    let out = std::fs::File::create(zip_path).map_err(|e| format!("zip を作れません（{e}）"))?;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(out));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, path) in &files {
        let bytes = std::fs::read(path).map_err(|e| format!("結果を読めません（{e}）"))?;
        zip.start_file(entry(name), options)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zip_entries_are_named_by_case_and_form_in_japanese_with_the_utf8_flag() {
        assert_eq!(
            entry_name("CH-2024-002/plan.pdf"),
            "CH-2024-002/別紙2_支援計画シート.pdf"
        );
        assert_eq!(
            entry_name("CH-2024-002/packet.pdf"),
            "CH-2024-002_ケア会議資料.pdf"
        );
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("out");
        std::fs::create_dir_all(out.join("CH-1")).unwrap();
        std::fs::write(out.join("CH-1/crisis.pdf"), b"%PDF").unwrap();
        let zip_path = dir.path().join("a.zip");
        zip_folder(&out, &zip_path, entry_name).unwrap();
        let bytes = std::fs::read(&zip_path).unwrap();
        // The local header: signature, version, then the general purpose flags (bit 11: UTF-8).
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        let flags = u16::from_le_bytes([bytes[6], bytes[7]]);
        assert_ne!(flags & (1 << 11), 0, "the UTF-8 flag is set");
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            archive.by_index(0).unwrap().name().unwrap(),
            "CH-1/別紙4_クライシスプラン.pdf"
        );
    }
}
