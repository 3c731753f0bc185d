//! ケース: one person, as the ケース sheet holds them.

use super::{Cells, Value};
use crate::contract::sheets::Key;
use crate::model::load::RowReader;
use crate::model::RowRef;
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct Case {
    pub case_id: String,
    pub name: String,
    pub kana: String,
    pub region: String,
    pub agency: String,
    pub manager: String,
    pub cm_start: Option<NaiveDate>,
    pub cm_end: Option<NaiveDate>,
    pub end_reason: String,
    pub at: RowRef,
}

impl RowReader<'_> {
    pub(in crate::model) fn case(&mut self) -> Option<Case> {
        let case_id = self.case_id(true)?;
        // A bad name or region is reported (so the case is not printed) but the case stays known,
        // so its other rows are checked rather than all reported as "unknown ケースID".
        let name = self.text(Key::Name, true).unwrap_or_default();
        let region = self.text(Key::Region, true).unwrap_or_default();
        let manager = self.text(Key::Manager, true).unwrap_or_default();
        let case = Case {
            kana: self.text_or_empty(Key::Kana),
            agency: self.text_or_empty(Key::Agency),
            cm_start: self.date(Key::CmStart, false),
            cm_end: self.date(Key::CmEnd, false),
            end_reason: self.text_or_empty(Key::EndReason),
            case_id,
            name,
            region,
            manager,
            at: self.at(),
        };
        Some(case)
    }
}

impl Case {
    /// The record as its sheet's row: what the intake written back holds.
    pub fn cells(&self) -> Cells {
        let c = self;
        vec![
            (Key::CaseId, Value::text(&c.case_id)),
            (Key::Name, Value::text(&c.name)),
            (Key::Kana, Value::text(&c.kana)),
            (Key::Region, Value::text(&c.region)),
            (Key::Agency, Value::text(&c.agency)),
            (Key::Manager, Value::text(&c.manager)),
            (Key::CmStart, Value::date(c.cm_start)),
            (Key::CmEnd, Value::date(c.cm_end)),
            (Key::EndReason, Value::text(&c.end_reason)),
        ]
    }
}
