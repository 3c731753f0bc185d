//! Shared by the reader targets: one private temp folder per process, and the checks
//! tests/robustness.rs `readers_survive_damaged_files` makes of every damaged file.

use std::path::PathBuf;
use std::sync::OnceLock;

/// The process's temp folder (removed when the fuzzer exits normally).
pub fn dir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temp folder")).path()
}

/// Writes `bytes` as `name` in the temp folder and reads it the way `check` does:
/// `read_inputs` and then `model::load`. Panics (a finding for the fuzzer) when the contract
/// breaks: an unreadable file without an E001 naming it, or a finding naming another file or
/// saying nothing in Japanese.
pub fn read_as(name: &str, bytes: &[u8]) {
    let path: PathBuf = dir().join(name);
    std::fs::write(&path, bytes).expect("write the input");
    let mut findings = cmsheets::finding::Findings::default();
    let intake = cmsheets::ingest::read_inputs(std::slice::from_ref(&path), &mut findings);
    let readable = intake.inputs.iter().all(|i| i.readable);
    let _ = cmsheets::model::load(intake.tables, &mut findings);
    if !readable {
        let e001 = findings
            .items
            .iter()
            .find(|f| f.code == "E001")
            .unwrap_or_else(|| panic!("unreadable {name} without an E001"));
        assert_eq!(e001.location.origin.file, name);
        assert!(!e001.message.is_empty());
    }
    for f in &findings.items {
        assert_eq!(f.location.origin.file, name, "{f}");
        assert!(
            f.message.chars().any(|c| c > '\u{3000}'),
            "a Japanese message: {f}"
        );
    }
    let _ = std::fs::remove_file(&path);
}
