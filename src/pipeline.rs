//! What every command does first: read all inputs, load the records, run every rule.

use crate::finding::Findings;
use crate::ingest::{read_inputs, InputSummary};
use crate::model::{load, Dataset};
use crate::validate::validate;
use chrono::NaiveDate;
use std::path::PathBuf;

pub struct Loaded {
    pub dataset: Dataset,
    pub findings: Findings,
    pub inputs: Vec<InputSummary>,
}

impl Loaded {
    /// True when not one input could be read: the command could not run at all (exit 2).
    pub fn nothing_readable(&self) -> bool {
        self.inputs.iter().all(|i| !i.readable)
    }
}

pub fn load_and_check(paths: &[PathBuf], as_of: NaiveDate) -> Loaded {
    let mut findings = Findings::default();
    let intake = read_inputs(paths, &mut findings);
    let dataset = load(intake.tables, &mut findings);
    validate(&dataset, as_of, &mut findings);
    findings.sort();
    Loaded {
        dataset,
        findings,
        inputs: intake.inputs,
    }
}
