//! The records of the intake, one module per sheet: each record's fields, how they are read from
//! a row of the contract's columns (a method of the row reader, checking each value as it is
//! read), and how they are written back (`cells`). Reading what `cells` gives yields the record
//! again (tests/cli/formbook.rs and tests/cli/check.rs round-trip every sample), so a field is added in
//! one place here, beside its column in `contract::sheets`.

mod area;
mod case;
mod crisis;
mod monitoring;
mod need;
mod plan;
mod questionnaire;
mod subtool;
mod supporter;

pub use area::Area;
pub use case::Case;
pub use crisis::{CrisisItem, CrisisSupporter};
pub use monitoring::Monitoring;
pub use need::Need;
pub use plan::{Agreement, Participants, Plan};
pub use questionnaire::Questionnaire;
pub use subtool::{Service, Subtool};
pub use supporter::Supporter;

use crate::contract::sheets::Key;
use chrono::NaiveDate;

/// A record as its sheet's row: each column's value, None where the record leaves it blank.
pub type Cells = Vec<(Key, Option<Value>)>;

/// A value of a contract column.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Text(String),
    Number(f64),
    Date(NaiveDate),
}

impl Value {
    pub fn text(s: &str) -> Option<Value> {
        (!s.is_empty()).then(|| Value::Text(s.to_string()))
    }
    pub fn count(n: Option<u32>) -> Option<Value> {
        n.map(|n| Value::Number(n as f64))
    }
    pub fn date(d: Option<NaiveDate>) -> Option<Value> {
        d.map(Value::Date)
    }
    pub fn yes(b: bool) -> Option<Value> {
        b.then(|| Value::Text("有".into()))
    }

    /// As a CSV cell: dates in ISO form, which every reader of the intake takes.
    pub fn as_text(&self) -> String {
        match self {
            Value::Text(s) => s.clone(),
            Value::Number(n) => format!("{n}"),
            Value::Date(d) => d.format("%Y-%m-%d").to_string(),
        }
    }
}
