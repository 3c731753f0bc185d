//! One module per subcommand. Each returns the exit status: 0 done (warnings allowed), 1 done but
//! with errors found or cases skipped, 2 could not run.

pub mod check;
pub mod convert;
pub mod inspect;
pub mod packet;
pub mod render;
pub mod report;
pub mod schedule;
pub mod serve;
pub mod template;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILED: u8 = 2;

/// The one check every writing command makes before it reads anything: no output is, or lies in,
/// an input (see [`crate::output::protect`]). False when refused, with the reason said.
pub(crate) fn protect<'a>(
    inputs: impl IntoIterator<Item = &'a std::path::Path>,
    outputs: &[crate::output::Target<'_>],
) -> bool {
    match crate::output::protect(inputs, outputs) {
        Ok(()) => true,
        Err(e) => {
            crate::say!("エラー: {e}");
            false
        }
    }
}

/// The two lines a writing command prints about the checks: how many findings, and which cases
/// were left out for their errors (their rows may be incomplete).
pub(crate) fn print_checks(
    outcome: &crate::pipeline::CheckOutcome,
    skipped: &std::collections::BTreeSet<String>,
    what: &str,
) {
    if outcome.errors + outcome.warnings > 0 {
        crate::say!(
            "点検: エラー {}件、警告 {}件（詳細は cmsheets check で確認できます）",
            outcome.errors,
            outcome.warnings
        );
    }
    if !skipped.is_empty() {
        let list: Vec<&str> = skipped.iter().map(String::as_str).collect();
        crate::say!(
            "エラーのため{what}ケース（{}件）: {}",
            list.len(),
            list.join(", ")
        );
    }
}
