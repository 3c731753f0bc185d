//! What every command does first: read all inputs, load the records, run every rule.

use crate::finding::Findings;
use crate::ingest::{read_inputs_into, InputSummary};
use crate::model::{add_table, Dataset};
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
    let mut dataset = Dataset::default();
    let inputs = read_inputs_into(paths, &mut findings, &mut |table, f| {
        add_table(&mut dataset, table, f)
    });
    validate(&dataset, as_of, &mut findings);
    findings.sort();
    Loaded {
        dataset,
        findings,
        inputs,
    }
}
