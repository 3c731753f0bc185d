//! The next plan version drafted from the monitoring of the last one, as the seed prescribes
//! (「◎」の項目については支援計画シートから削除し、「〇」「△」の項目は修正すべき点があれば修正し、
//! 新計画書に記載する): what an office otherwise does by copying the sheet by hand before the care
//! meeting, where ◎ needs get carried over by mistake and old dates stay.
//!
//! A draft is records like any others: written into the intake (or the person's 様式ブック) it is
//! read back, checked and printed as the version it becomes once the meeting has settled it.

use crate::contract::codes::{Code, Evaluation, GoalMet, ReviewKind, Setting, Timing};
use crate::model::{
    CaseFile, Dataset, Monitoring, Need, Plan, PlanVersion, RowRef, Subtool, Supporter,
};
use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use std::collections::BTreeSet;

/// What the meeting is asked to do with a need of the version reviewed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    /// ◎: the goal was reached; left out of the new version.
    Ended,
    /// 〇, or not evaluated: carried as it is.
    Continued,
    /// △: carried, to be corrected where needed.
    Review,
    /// ×: carried, for the meeting to decide whether to go on, change it or drop it.
    Decide,
}

impl Fate {
    pub fn of(evaluation: Option<Evaluation>) -> Fate {
        match evaluation {
            Some(Evaluation::Closed) => Fate::Ended,
            Some(Evaluation::Smooth) | None => Fate::Continued,
            Some(Evaluation::Issues) => Fate::Review,
            Some(Evaluation::Stopped) => Fate::Decide,
        }
    }
}

/// One need of the version reviewed and what becomes of it.
#[derive(Debug, Clone)]
pub struct Carried {
    pub old_no: u32,
    pub fate: Fate,
    /// Its No in the draft; None when left out (◎).
    pub new_no: Option<u32>,
}

/// The next version of one case's plan, with the row the reviewed version gets for the meeting.
#[derive(Debug, Clone)]
pub struct Draft {
    pub case_id: String,
    /// The version reviewed.
    pub from: u32,
    pub plan: Plan,
    pub needs: Vec<Need>,
    pub subtool: Option<Subtool>,
    pub supporters: Vec<Supporter>,
    /// 作成/更新 at the meeting, for the version reviewed (None when it has one already).
    pub meeting_row: Option<Monitoring>,
    /// Every need of the version reviewed, in its order.
    pub carried: Vec<Carried>,
    /// 短期目標の達成 at the last monitoring: the short-term goal is carried for review.
    pub goal_met: Option<GoalMet>,
    /// From 作成日 to 次回見直し予定時期, in months.
    pub review_months: u32,
}

/// Why a case gets no draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotReady {
    HasErrors,
    NoPlan,
    /// The latest version has no evaluation entered.
    NotMonitored {
        plan_no: u32,
    },
    /// Every need of the latest version was ◎.
    AllEnded {
        plan_no: u32,
    },
    Closed {
        end: NaiveDate,
    },
    MeetingBeforeVersion {
        plan_no: u32,
        created: NaiveDate,
    },
    /// A version with a later one was chosen: drafts are made from the latest.
    NotLatest {
        plan_no: u32,
        latest: u32,
    },
}

impl std::fmt::Display for NotReady {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotReady::HasErrors => write!(f, "エラーがあります。点検結果のとおり直してから作ってください"),
            NotReady::NoPlan => write!(f, "支援計画がありません"),
            NotReady::NotMonitored { plan_no } => write!(
                f,
                "第{plan_no}版のニーズに「評価」がまだ1つも入っていません"
            ),
            NotReady::AllEnded { plan_no } => write!(
                f,
                "第{plan_no}版のニーズはすべて「◎」（終結）です。新たなニーズを入力するか、ケースマネジメントの終了を検討してください"
            ),
            NotReady::Closed { end } => write!(
                f,
                "ケースマネジメントは{}に終了しています",
                end.format("%Y-%m-%d")
            ),
            NotReady::NotLatest { plan_no, latest } => write!(
                f,
                "第{plan_no}版のあとに第{latest}版があります。案は最新の版の評価から作ります"
            ),
            NotReady::MeetingBeforeVersion { plan_no, created } => write!(
                f,
                "会議日が第{plan_no}版の作成日（{}）より前です",
                created.format("%Y-%m-%d")
            ),
        }
    }
}

/// How a draft is made.
#[derive(Debug, Clone, Copy)]
pub struct DraftOptions {
    /// The care meeting: the new version's 作成日.
    pub meeting: NaiveDate,
    /// From the meeting to the next review; None: the interval the last version had.
    pub review_months: Option<u32>,
}

/// The next version of every case whose latest version has been evaluated, and the reason for
/// every other case, both in the order of the cases. Cases in `skip` (errors) are not drafted.
pub fn drafts(
    ds: &Dataset,
    skip: &BTreeSet<String>,
    options: DraftOptions,
) -> (Vec<Draft>, Vec<(String, NotReady)>) {
    let mut made = Vec::new();
    let mut not_ready = Vec::new();
    for file in ds.by_case() {
        let id = file.case.case_id.clone();
        if skip.contains(&id) {
            not_ready.push((id, NotReady::HasErrors));
            continue;
        }
        match draft_case(&file, options) {
            Ok(d) => made.push(d),
            Err(why) => not_ready.push((id, why)),
        }
    }
    (made, not_ready)
}

/// One case's next version (see [`drafts`]).
pub fn draft_case(file: &CaseFile<'_>, options: DraftOptions) -> Result<Draft, NotReady> {
    let meeting = options.meeting;
    let Some(last) = file.plans.last() else {
        return Err(NotReady::NoPlan);
    };
    let plan = last.plan;
    if let Some(end) = file.case.cm_end.filter(|&end| end <= meeting) {
        return Err(NotReady::Closed { end });
    }
    if meeting < plan.created {
        return Err(NotReady::MeetingBeforeVersion {
            plan_no: plan.plan_no,
            created: plan.created,
        });
    }
    if last.needs.iter().all(|n| n.evaluation.is_none()) {
        return Err(NotReady::NotMonitored {
            plan_no: plan.plan_no,
        });
    }
    if last
        .needs
        .iter()
        .all(|n| n.evaluation == Some(Evaluation::Closed))
    {
        return Err(NotReady::AllEnded {
            plan_no: plan.plan_no,
        });
    }
    let next = plan.plan_no + 1;
    let review_months = options
        .review_months
        .unwrap_or_else(|| months_between(plan.created, plan.review_due))
        .max(1);
    let drafted = RowRef {
        table: u32::MAX,
        line: 0,
    };
    let mut carried = Vec::with_capacity(last.needs.len());
    let mut needs = Vec::new();
    for n in &last.needs {
        let fate = Fate::of(n.evaluation);
        let new_no = (fate != Fate::Ended).then(|| needs.len() as u32 + 1);
        if let Some(no) = new_no {
            needs.push(Need {
                plan_no: next,
                no,
                evaluation: None,
                at: drafted,
                ..(*n).clone()
            });
        }
        carried.push(Carried {
            old_no: n.no,
            fate,
            new_no,
        });
    }
    Ok(Draft {
        case_id: file.case.case_id.clone(),
        from: plan.plan_no,
        plan: Plan {
            plan_no: next,
            created: meeting,
            review_due: meeting + Months::new(review_months),
            // Who took part and who agreed are the meeting's, not the last one's.
            participants: Default::default(),
            agreement: Default::default(),
            at: drafted,
            ..plan.clone()
        },
        needs,
        subtool: last.subtool.map(|s| Subtool {
            plan_no: next,
            at: drafted,
            ..s.clone()
        }),
        supporters: last
            .supporters
            .iter()
            .map(|s| Supporter {
                plan_no: next,
                at: drafted,
                ..(*s).clone()
            })
            .collect(),
        meeting_row: meeting_row(file, last, meeting, next),
        carried,
        goal_met: last.monitoring.iter().rev().find_map(|m| m.goal_met),
        review_months,
    })
}

/// The version reviewed gets the meeting as its 作成/更新 row, unless it has one that day.
fn meeting_row(
    file: &CaseFile<'_>,
    last: &PlanVersion<'_>,
    meeting: NaiveDate,
    next: u32,
) -> Option<Monitoring> {
    let has_one = last
        .monitoring
        .iter()
        .any(|m| m.date == meeting && m.kind == ReviewKind::CreateUpdate);
    if has_one {
        return None;
    }
    // 評価時期 as the seed's boxes count it: from the start of case management.
    let (timing, timing_months) = match file.case.cm_start {
        Some(start) if meeting > start => {
            (Timing::CmAfter, Some(months_between(start, meeting).max(1)))
        }
        _ => (Timing::CmStart, None),
    };
    Some(Monitoring {
        case_id: file.case.case_id.clone(),
        plan_no: last.plan.plan_no,
        date: meeting,
        timing,
        timing_months,
        kind: ReviewKind::CreateUpdate,
        kind_text: String::new(),
        setting: Setting::CareMeeting,
        setting_text: String::new(),
        notes: format!("第{next}版を作成（案）"),
        goal_met: None,
        at: RowRef {
            table: u32::MAX,
            line: 0,
        },
    })
}

/// What the meeting sees of one need on 「前回の評価と今回の案」.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct ReviewRow {
    /// Its No in the version reviewed; "" for a need new in the draft.
    pub old_no: String,
    pub need: String,
    /// ◎〇△× or "" (not evaluated, or new).
    pub evaluation: String,
    /// 終結, 継続, 見直し, 新規, or 案から除く (left out without a ◎).
    pub outcome: &'static str,
    /// Its No in the draft; "" when not in it.
    pub new_no: String,
}

/// 「前回の評価と今回の案」: every need of the version reviewed with its evaluation and what
/// becomes of it, then the needs new in the draft. Needs are matched by their text (folded), so
/// a draft the office has already edited is compared as it stands.
pub fn review_rows(old: &PlanVersion<'_>, new: &PlanVersion<'_>) -> Vec<ReviewRow> {
    let mut matched = vec![false; new.needs.len()];
    let mut rows = Vec::new();
    for n in &old.needs {
        let found = new
            .needs
            .iter()
            .enumerate()
            .find(|(i, m)| !matched[*i] && m.need_key == n.need_key);
        if let Some((i, _)) = found {
            matched[i] = true;
        }
        let outcome = match (Fate::of(n.evaluation), found) {
            (Fate::Ended, None) => "終結",
            // W401's mistake, shown where the meeting can see it.
            (Fate::Ended, Some(_)) => "終結（案に残っています）",
            (_, None) => "案から除く",
            (Fate::Continued, Some(_)) => "継続",
            (Fate::Review | Fate::Decide, Some(_)) => "見直し",
        };
        rows.push(ReviewRow {
            old_no: n.no.to_string(),
            need: n.need.clone(),
            evaluation: n
                .evaluation
                .map(|e| e.label().to_string())
                .unwrap_or_default(),
            outcome,
            new_no: found.map(|(_, m)| m.no.to_string()).unwrap_or_default(),
        });
    }
    for (m, _) in new.needs.iter().zip(&matched).filter(|(_, seen)| !**seen) {
        rows.push(ReviewRow {
            old_no: String::new(),
            need: m.need.clone(),
            evaluation: String::new(),
            outcome: "新規",
            new_no: m.no.to_string(),
        });
    }
    rows
}

/// Whole months from `from` to `to`, to the nearest: 5/20 → 11/20 is 6, 5/31 → 11/30 is 6.
pub fn months_between(from: NaiveDate, to: NaiveDate) -> u32 {
    if to <= from {
        return 0;
    }
    let mut months = (to.year() - from.year()) * 12 + to.month() as i32 - from.month() as i32;
    if from + Months::new(months.max(0) as u32) > to {
        // Short of the day in the month: nearer the month before when more than half is left.
        let before = from + Months::new((months - 1).max(0) as u32);
        let after = from + Months::new(months.max(0) as u32);
        if (to - before) < (after - to) {
            months -= 1;
        }
    }
    months.max(0) as u32
}

impl Draft {
    /// The draft as a version to print: no monitoring yet.
    pub fn version(&self) -> PlanVersion<'_> {
        PlanVersion {
            plan: &self.plan,
            monitoring: Vec::new(),
            needs: self.needs.iter().collect(),
            subtool: self.subtool.as_ref(),
            supporters: self.supporters.iter().collect(),
        }
    }

    /// The records the draft adds to an intake.
    pub fn add_to(&self, ds: &mut Dataset) {
        ds.plans.push(self.plan.clone());
        ds.needs.extend(self.needs.iter().cloned());
        ds.subtools.extend(self.subtool.clone());
        ds.supporters.extend(self.supporters.iter().cloned());
        ds.monitoring.extend(self.meeting_row.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn months_are_counted_to_the_nearest() {
        assert_eq!(months_between(d("2025-05-20"), d("2025-11-20")), 6);
        assert_eq!(months_between(d("2025-05-31"), d("2025-11-30")), 6);
        assert_eq!(months_between(d("2025-05-20"), d("2025-11-10")), 6);
        assert_eq!(months_between(d("2025-05-20"), d("2025-10-30")), 5);
        assert_eq!(months_between(d("2024-12-01"), d("2025-03-01")), 3);
        assert_eq!(months_between(d("2025-03-01"), d("2025-03-01")), 0);
    }
}
