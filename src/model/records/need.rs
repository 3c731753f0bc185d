//! ニーズ: one need of a plan version, what each does about it, and its evaluation.

use super::{Cells, Value};
use crate::contract::codes::{Code, Evaluation, ITEMS};
use crate::contract::sheets::Key;
use crate::contract::text::fold;
use crate::model::load::{supporter_key, text_key, RowReader};
use crate::model::RowRef;

#[derive(Debug, Clone)]
pub struct Need {
    pub case_id: String,
    pub plan_no: u32,
    pub no: u32,
    pub need: String,
    pub self_action: String,
    pub supporter_action: String,
    pub supporter: String,
    /// [`load::text_key`] of the folded need, for comparing needs across versions (W401).
    pub need_key: u64,
    /// [`load::supporter_key`] of 支援者: the supporters of a version are counted by it.
    pub supporter_key: u64,
    pub evaluation: Option<Evaluation>,
    /// Index into [`ITEMS`].
    pub domain: Option<usize>,
    pub at: RowRef,
}

impl RowReader<'_> {
    pub(in crate::model) fn need(&mut self) -> Option<Need> {
        let case_id = self.case_id(false)?;
        let plan_no = self.uint(Key::PlanNo, true, 1);
        let no = self.uint(Key::No, true, 1);
        let need = self.text(Key::Need, true);
        let supporter = self.text_or_empty(Key::Supporter);
        let need_key = need.as_deref().map_or(0, |n| text_key(&fold(n)));
        let supporter_key = supporter_key(&supporter);
        let keep = |s: String| if self.keep_texts { s } else { String::new() };
        let (need, supporter) = (need.map(keep), keep(supporter));
        Some(Need {
            self_action: self.free_text_or_empty(Key::SelfAction),
            supporter_action: self.free_text_or_empty(Key::SupporterAction),
            supporter,
            need_key,
            supporter_key,
            evaluation: self.code(Key::Evaluation, false),
            domain: self.code_with(Key::Domain, false, crate::contract::codes::item_index),
            case_id,
            plan_no: plan_no?,
            no: no?,
            need: need?,
            at: self.at(),
        })
    }
}

impl Need {
    /// The record as its sheet's row: what the intake written back holds.
    pub fn cells(&self) -> Cells {
        let n = self;
        vec![
            (Key::CaseId, Value::text(&n.case_id)),
            (Key::PlanNo, Value::count(Some(n.plan_no))),
            (Key::No, Value::count(Some(n.no))),
            (Key::Need, Value::text(&n.need)),
            (Key::SelfAction, Value::text(&n.self_action)),
            (Key::SupporterAction, Value::text(&n.supporter_action)),
            (Key::Supporter, Value::text(&n.supporter)),
            (
                Key::Evaluation,
                n.evaluation.and_then(|e| Value::text(e.label())),
            ),
            (Key::Domain, n.domain.and_then(|d| Value::text(ITEMS[d].id))),
        ]
    }
}
