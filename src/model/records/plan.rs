//! 支援計画: one version of the plan, with who took part in making it.

use super::{Cells, Value};
use crate::contract::codes::{AgreedBy, Code, YesNo};
use crate::contract::sheets::Key;
use crate::model::load::RowReader;
use crate::model::RowRef;
use chrono::NaiveDate;

/// Who took part in the session that made a plan version. 本人 and 主治医 are yes/no; the
/// others are head counts (a count of 0 or blank leaves the box unticked).
#[derive(Debug, Clone, Default)]
pub struct Participants {
    pub self_: bool,
    pub family: Option<u32>,
    pub colleague: Option<u32>,
    pub friend: Option<u32>,
    pub doctor: bool,
    pub hospital_staff: Option<u32>,
    pub community: Option<u32>,
    pub government: Option<u32>,
    pub other: Option<u32>,
    pub other_text: String,
}

/// Who agreed to a plan version and when, and to whom it was handed: the seed's forms have no
/// place for it, so it is printed at the foot only when entered (or as lines to sign).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Agreement {
    /// 同意日.
    pub agreed: Option<NaiveDate>,
    /// 同意した人.
    pub by: Option<AgreedBy>,
    /// 同意した人の続柄 (for a proxy).
    pub relation: String,
    /// 交付日.
    pub handed_on: Option<NaiveDate>,
    /// 交付先.
    pub handed_to: String,
}

impl Agreement {
    pub fn is_empty(&self) -> bool {
        *self == Agreement::default()
    }
}

#[derive(Debug, Clone)]
pub struct Plan {
    pub case_id: String,
    pub plan_no: u32,
    pub created: NaiveDate,
    pub review_due: NaiveDate,
    pub long_goal: String,
    pub short_goal: String,
    pub participants: Participants,
    pub agreement: Agreement,
    pub at: RowRef,
}

impl RowReader<'_> {
    pub(in crate::model) fn plan(&mut self) -> Option<Plan> {
        let case_id = self.case_id(false)?;
        let plan_no = self.uint(Key::PlanNo, true, 1);
        self.plan_no = plan_no;
        let created = self.date(Key::Created, true);
        let review_due = self.date(Key::ReviewDue, true);
        let long_goal = self.free_text(Key::LongGoal, true).unwrap_or_default();
        let short_goal = self.free_text(Key::ShortGoal, true).unwrap_or_default();
        let yes = |r: &mut Self, key: Key| r.code::<YesNo>(key, false).is_some_and(YesNo::is_yes);
        let participants = Participants {
            self_: yes(self, Key::PSelf),
            family: self.uint(Key::PFamily, false, 0),
            colleague: self.uint(Key::PColleague, false, 0),
            friend: self.uint(Key::PFriend, false, 0),
            doctor: yes(self, Key::PDoctor),
            hospital_staff: self.uint(Key::PHospitalStaff, false, 0),
            community: self.uint(Key::PCommunity, false, 0),
            government: self.uint(Key::PGovernment, false, 0),
            other: self.uint(Key::POther, false, 0),
            other_text: self.text_or_empty(Key::POtherText),
        };
        Some(Plan {
            case_id,
            plan_no: plan_no?,
            created: created?,
            review_due: review_due?,
            long_goal,
            short_goal,
            participants,
            agreement: self.agreement(),
            at: self.at(),
        })
    }
}

impl RowReader<'_> {
    /// 同意・交付 of the row's version (plan and crisis plan alike).
    pub(in crate::model) fn agreement(&mut self) -> Agreement {
        Agreement {
            agreed: self.date(Key::Agreed, false),
            by: self.code(Key::AgreedBy, false),
            relation: self.text_or_empty(Key::AgreedRelation),
            handed_on: self.date(Key::HandedOn, false),
            handed_to: self.text_or_empty(Key::HandedTo),
        }
    }
}

impl Agreement {
    /// Its columns, as a row of the intake holds them.
    pub fn cells(&self) -> Cells {
        vec![
            (Key::Agreed, Value::date(self.agreed)),
            (Key::AgreedBy, self.by.and_then(|b| Value::text(b.label()))),
            (Key::AgreedRelation, Value::text(&self.relation)),
            (Key::HandedOn, Value::date(self.handed_on)),
            (Key::HandedTo, Value::text(&self.handed_to)),
        ]
    }

    /// Each field from the first of `all` that has it: a version's agreement typed on any of
    /// its rows.
    pub fn first_of<'a>(all: impl IntoIterator<Item = &'a Agreement>) -> Agreement {
        let mut a = Agreement::default();
        for b in all {
            a.agreed = a.agreed.or(b.agreed);
            a.by = a.by.or(b.by);
            a.handed_on = a.handed_on.or(b.handed_on);
            if a.relation.is_empty() {
                a.relation.clone_from(&b.relation);
            }
            if a.handed_to.is_empty() {
                a.handed_to.clone_from(&b.handed_to);
            }
        }
        a
    }
}

impl Plan {
    /// The record as its sheet's row: what the intake written back holds.
    pub fn cells(&self) -> Cells {
        let p = self;
        let Participants {
            self_,
            family,
            colleague,
            friend,
            doctor,
            hospital_staff,
            community,
            government,
            other,
            other_text,
        } = &p.participants;
        vec![
            (Key::CaseId, Value::text(&p.case_id)),
            (Key::PlanNo, Value::count(Some(p.plan_no))),
            (Key::Created, Value::date(Some(p.created))),
            (Key::ReviewDue, Value::date(Some(p.review_due))),
            (Key::LongGoal, Value::text(&p.long_goal)),
            (Key::ShortGoal, Value::text(&p.short_goal)),
            (Key::PSelf, Value::yes(*self_)),
            (Key::PFamily, Value::count(*family)),
            (Key::PColleague, Value::count(*colleague)),
            (Key::PFriend, Value::count(*friend)),
            (Key::PDoctor, Value::yes(*doctor)),
            (Key::PHospitalStaff, Value::count(*hospital_staff)),
            (Key::PCommunity, Value::count(*community)),
            (Key::PGovernment, Value::count(*government)),
            (Key::POther, Value::count(*other)),
            (Key::POtherText, Value::text(other_text)),
        ]
        .into_iter()
        .chain(p.agreement.cells())
        .collect()
    }
}
