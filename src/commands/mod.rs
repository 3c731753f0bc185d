//! One module per subcommand, each a thin caller of the library: it takes its parsed flags
//! ([`crate::cli`]) and returns an [`Outcome`], which [`main`] alone turns into the exit status.

mod check;
mod convert;
mod draft;
mod inspect;
mod packet;
mod render;
mod report;
mod schedule;
mod serve;
mod template;

use crate::cli::{Cli, Command};
pub use crate::outcome::Outcome;
use clap::Parser;
use std::process::ExitCode;

/// Why a command could not run at all: said once, by [`main`], as 「エラー: …」, and the run
/// ends with [`Outcome::Failed`]. Findings about the inputs are not failures: they are reported
/// by the command and end the run with [`Outcome::Findings`].
#[derive(Debug)]
pub(crate) struct Failure(pub String);

impl Failure {
    fn said(self) -> Outcome {
        crate::say!("エラー: {}", self.0);
        Outcome::Failed
    }
}

/// The one check every writing command makes before it reads anything: no output is, or lies in,
/// an input (see [`crate::output::protect`]).
pub(crate) fn protect<'a>(
    inputs: impl IntoIterator<Item = &'a std::path::Path>,
    outputs: &[crate::output::Target<'_>],
) -> Result<(), Failure> {
    crate::output::protect(inputs, outputs).map_err(|e| Failure(e.to_string()))
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

/// The `cmsheets` binary: parses the command line, runs the command, and turns its outcome into
/// the exit status.
pub fn main() -> ExitCode {
    crate::panics::install_hook();
    let cli = Cli::parse();
    // The web page stops on its own signal handling (see crate::serve::run).
    if !matches!(cli.command, Command::Serve(_)) {
        crate::interrupt::install();
    }
    let result = match cli.command {
        Command::Check(a) => check::run(&a),
        Command::Template(a) => template::run(&a),
        Command::Convert(a) => convert::run(&a),
        Command::Draft(a) => draft::run(&a),
        Command::Inspect(a) => inspect::run(&a),
        Command::Render(a) => render::run(&a),
        Command::Packet(a) => packet::run(&a),
        Command::Report(a) => report::run(&a),
        Command::Schedule(a) => schedule::run(&a),
        Command::Serve(a) => serve::run(&a),
    };
    let outcome = result.unwrap_or_else(Failure::said);
    // Whatever a command finished after the signal, the run was interrupted: said by the status.
    let outcome = if crate::interrupt::interrupted() {
        Outcome::Interrupted
    } else {
        outcome
    };
    ExitCode::from(outcome.code())
}
