//! モニタリング: one session reviewing a plan version.

use super::{Cells, Value};
use crate::contract::codes::{Code, GoalMet, ReviewKind, Setting, Timing};
use crate::contract::sheets::Key;
use crate::model::load::RowReader;
use crate::model::RowRef;
use chrono::NaiveDate;

#[derive(Debug, Clone)]
pub struct Monitoring {
    pub case_id: String,
    pub plan_no: u32,
    pub date: NaiveDate,
    pub timing: Timing,
    pub timing_months: Option<u32>,
    pub kind: ReviewKind,
    pub kind_text: String,
    pub setting: Setting,
    pub setting_text: String,
    pub notes: String,
    pub goal_met: Option<GoalMet>,
    pub at: RowRef,
}

impl RowReader<'_> {
    pub(in crate::model) fn monitoring(&mut self) -> Option<Monitoring> {
        let case_id = self.case_id(false)?;
        let plan_no = self.uint(Key::PlanNo, true, 1);
        let date = self.date(Key::Date, true);
        let timing = self.code_with(Key::Timing, true, Timing::parse_with_months);
        let months_col = self.uint(Key::TimingMonths, false, 1);
        let timing_months = months_col.or(timing.and_then(|t| t.1));
        if let Some((t, _)) = timing {
            if t.needs_months() && timing_months.is_none() {
                let idx = self.col(Key::TimingMonths);
                self.error(
                    "E109",
                    idx,
                    format!(
                        "評価時期が「{}」のときは「評価時期ヵ月」に月数を入力してください。",
                        t.label()
                    ),
                );
            }
        }
        let kind = self.code(Key::Kind, true);
        let setting = self.code(Key::Setting, true);
        Some(Monitoring {
            kind_text: self.text_or_empty(Key::KindText),
            setting_text: self.text_or_empty(Key::SettingText),
            notes: self.free_text_or_empty(Key::Notes),
            goal_met: self.code(Key::ShortGoalMet, false),
            case_id,
            plan_no: plan_no?,
            date: date?,
            timing: timing?.0,
            timing_months,
            kind: kind?,
            setting: setting?,
            at: self.at(),
        })
    }
}

impl Monitoring {
    /// The record as its sheet's row: what the intake written back holds.
    pub fn cells(&self) -> Cells {
        let m = self;
        vec![
            (Key::CaseId, Value::text(&m.case_id)),
            (Key::PlanNo, Value::count(Some(m.plan_no))),
            (Key::Date, Value::date(Some(m.date))),
            (Key::Timing, Value::text(m.timing.label())),
            (Key::TimingMonths, Value::count(m.timing_months)),
            (Key::Kind, Value::text(m.kind.label())),
            (Key::KindText, Value::text(&m.kind_text)),
            (Key::Setting, Value::text(m.setting.label())),
            (Key::SettingText, Value::text(&m.setting_text)),
            (Key::Notes, Value::text(&m.notes)),
            (
                Key::ShortGoalMet,
                m.goal_met.and_then(|g| Value::text(g.label())),
            ),
        ]
    }
}
