//! What every command does first: read all inputs, load the records, run every rule.

use crate::finding::{Finding, Findings};
use crate::ingest::{read_areas_into, read_inputs_into, InputSummary};
use crate::model::Dataset;
use crate::validate::validate;
use chrono::NaiveDate;
use serde::Serialize;
use std::path::{Path, PathBuf};

pub struct Loaded {
    pub dataset: Dataset,
    pub findings: Findings,
    pub inputs: Vec<InputSummary>,
}

/// What a batch's summary says about the checks, kept when the records are dropped.
pub struct CheckOutcome {
    pub errors: usize,
    pub warnings: usize,
    /// Errors of no case: a file or sheet that could not be read.
    pub unattributed_errors: bool,
    pub nothing_readable: bool,
}

impl Loaded {
    pub fn outcome(&self) -> CheckOutcome {
        CheckOutcome {
            errors: self.findings.errors(),
            warnings: self.findings.warnings(),
            unattributed_errors: self.findings.has_unattributed_errors(),
            nothing_readable: self.nothing_readable(),
        }
    }

    /// True when not one input could be read: the command could not run at all (exit 2).
    pub fn nothing_readable(&self) -> bool {
        self.inputs.iter().all(|i| !i.readable)
    }
}

/// What `check --format json` prints, and what the web page shows as 点検結果.
/// Names from files (inputs, ケースID) are escaped as in [`crate::finding`].
#[derive(Serialize)]
pub struct CheckReport<'a> {
    pub as_of: String,
    pub inputs: Vec<InputJson<'a>>,
    pub cases: usize,
    pub errors: usize,
    pub warnings: usize,
    pub cases_with_errors: Vec<String>,
    pub findings: &'a [Finding],
}

#[derive(Serialize)]
pub struct InputJson<'a> {
    #[serde(serialize_with = "crate::terminal::serialize_escaped")]
    pub name: &'a str,
    pub readable: bool,
    pub rows: usize,
}

impl Loaded {
    pub fn check_report(&self, as_of: NaiveDate) -> CheckReport<'_> {
        let f = &self.findings;
        CheckReport {
            as_of: as_of.to_string(),
            inputs: self
                .inputs
                .iter()
                .map(|i| InputJson {
                    name: &i.name,
                    readable: i.readable,
                    rows: i.rows,
                })
                .collect(),
            cases: self.dataset.cases.len(),
            errors: f.errors(),
            warnings: f.warnings(),
            cases_with_errors: f
                .cases_with_errors()
                .iter()
                .map(|id| crate::terminal::escape(id).into_owned())
                .collect(),
            findings: &f.items,
        }
    }
}

/// What a command needs read besides the intake, and what it can leave out.
#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// A 地域区分 given apart from the intake (`report --areas`).
    pub areas: Option<&'a Path>,
    /// The command prints no form: free texts are checked but not kept ([`Dataset::drop_texts`]).
    pub drop_texts: bool,
}

pub fn load_and_check(paths: &[PathBuf], as_of: NaiveDate) -> Loaded {
    load_and_check_with(paths, as_of, LoadOptions::default())
}

pub fn load_and_check_with(paths: &[PathBuf], as_of: NaiveDate, opts: LoadOptions<'_>) -> Loaded {
    let mut findings = Findings::default();
    let mut dataset = Dataset {
        drop_texts: opts.drop_texts,
        ..Dataset::default()
    };
    let mut inputs = read_inputs_into(paths, &mut findings, &mut dataset);
    if let Some(path) = opts.areas {
        inputs.push(read_areas_into(path, &mut findings, &mut dataset));
    }
    crate::interrupt::checkpoint();
    validate(&dataset, as_of, &mut findings);
    crate::interrupt::checkpoint();
    crate::memory::release_freed();
    findings.sort();
    Loaded {
        dataset,
        findings,
        inputs,
    }
}
