//! 頼りにしている人: one person the plan's person relies on.

use super::{Cells, Value};
use crate::contract::codes::{Code, Relation};
use crate::contract::sheets::Key;
use crate::model::load::RowReader;
use crate::model::RowRef;

#[derive(Debug, Clone)]
pub struct Supporter {
    pub case_id: String,
    pub plan_no: u32,
    pub name: String,
    pub relation: Relation,
    pub relation_text: String,
    pub at: RowRef,
}

impl RowReader<'_> {
    pub(in crate::model) fn supporter(&mut self) -> Option<Supporter> {
        let case_id = self.case_id(false)?;
        let plan_no = self.uint(Key::PlanNo, true, 1);
        let name = self.free_text(Key::Name, true);
        let relation = self.code::<Relation>(Key::Relation, true);
        Some(Supporter {
            relation_text: self.free_text_or_empty(Key::RelationText),
            case_id,
            plan_no: plan_no?,
            name: name?,
            relation: relation?,
            at: self.at(),
        })
    }
}

impl Supporter {
    /// The record as its sheet's row: what the intake written back holds.
    pub fn cells(&self) -> Cells {
        let s = self;
        vec![
            (Key::CaseId, Value::text(&s.case_id)),
            (Key::PlanNo, Value::count(Some(s.plan_no))),
            (Key::Name, Value::text(&s.name)),
            (Key::Relation, Value::text(s.relation.label())),
            (Key::RelationText, Value::text(&s.relation_text)),
        ]
    }
}
