//! Shared by the reader targets: one private temp folder per process, and the checks
//! tests/limits/robustness.rs `readers_survive_damaged_files` makes of every damaged file.

use std::path::PathBuf;
use std::sync::{Once, OnceLock};

/// calamine 0.38 panics on some damaged workbooks (a truncated .xls: `cfb.rs` slices past the
/// end of its sectors); cmsheets catches that (`ingest::workbook::read_workbook`) and reports an
/// E001, so such a panic is not a crash here. Every other panic still aborts (libFuzzer's hook).
pub fn tolerate_calamine_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let abort = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if info.location().is_some_and(|l| l.file().contains("/calamine-")) {
                return;
            }
            abort(info);
        }));
    });
}

/// The process's temp folder (removed when the fuzzer exits normally).
pub fn dir() -> &'static std::path::Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().expect("a temp folder")).path()
}

/// Writes `bytes` as `name` in the temp folder and reads it the way `check` does:
/// `read_inputs` and then `model::load`. Panics (a finding for the fuzzer) when the contract
/// breaks: a file that gave nothing without an error saying why, or a finding naming another
/// file or saying nothing in Japanese.
pub fn read_as(name: &str, bytes: &[u8]) {
    tolerate_calamine_panics();
    let path: PathBuf = dir().join(name);
    std::fs::write(&path, bytes).expect("write the input");
    let mut findings = cmsheets::finding::Findings::default();
    let intake = cmsheets::ingest::read_inputs(std::slice::from_ref(&path), &mut findings);
    let readable = intake.inputs.iter().all(|i| i.readable);
    let _ = cmsheets::model::load(intake.tables, &mut findings);
    // A file that gave nothing says why with an error: E001 when it cannot be read, E005 when
    // it holds none of the sheets or no heading row, E003 when no heading is ours, ….
    if !readable {
        assert!(
            findings
                .items
                .iter()
                .any(|f| f.severity == cmsheets::finding::Severity::Error),
            "{name} gave nothing and no error says why: {:?}",
            findings.items.iter().map(|f| f.code).collect::<Vec<_>>()
        );
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
