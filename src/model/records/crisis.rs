//! クライシスプラン (別紙4): its signs and actions, and the supporters to call.

use super::{Agreement, Cells, Value};
use crate::contract::codes::{Code, CrisisSection};
use crate::contract::sheets::Key;
use crate::model::load::RowReader;
use crate::model::RowRef;
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct CrisisItem {
    pub case_id: String,
    pub created: NaiveDate,
    pub section: CrisisSection,
    pub text: String,
    /// 同意・交付 of the version, on any of its rows (see [`Agreement::first_of`]).
    pub agreement: Agreement,
    pub at: RowRef,
}

#[derive(Debug, Clone)]
pub struct CrisisSupporter {
    pub case_id: String,
    pub created: NaiveDate,
    pub name: String,
    pub contact: String,
    pub role: String,
    pub at: RowRef,
}

impl RowReader<'_> {
    pub(in crate::model) fn crisis_item(&mut self) -> Option<CrisisItem> {
        let case_id = self.case_id(false)?;
        let created = self.date(Key::Created, true);
        let section = self.code::<CrisisSection>(Key::Section, true);
        let text = self.free_text(Key::Text, true);
        Some(CrisisItem {
            case_id,
            created: created?,
            section: section?,
            text: text?,
            agreement: self.agreement(),
            at: self.at(),
        })
    }

    pub(in crate::model) fn crisis_supporter(&mut self) -> Option<CrisisSupporter> {
        let case_id = self.case_id(false)?;
        let created = self.date(Key::Created, true);
        let name = self.free_text(Key::Name, true);
        Some(CrisisSupporter {
            contact: self.free_text_or_empty(Key::Contact),
            role: self.free_text_or_empty(Key::Role),
            case_id,
            created: created?,
            name: name?,
            at: self.at(),
        })
    }
}

impl CrisisItem {
    /// The record as its sheet's row: what the intake written back holds.
    pub fn cells(&self) -> Cells {
        let c = self;
        vec![
            (Key::CaseId, Value::text(&c.case_id)),
            (Key::Created, Value::date(Some(c.created))),
            (Key::Section, Value::text(c.section.label())),
            (Key::Text, Value::text(&c.text)),
        ]
        .into_iter()
        .chain(c.agreement.cells())
        .collect()
    }
}

impl CrisisSupporter {
    /// The record as its sheet's row: what the intake written back holds.
    pub fn cells(&self) -> Cells {
        let s = self;
        vec![
            (Key::CaseId, Value::text(&s.case_id)),
            (Key::Created, Value::date(Some(s.created))),
            (Key::Name, Value::text(&s.name)),
            (Key::Contact, Value::text(&s.contact)),
            (Key::Role, Value::text(&s.role)),
        ]
    }
}
