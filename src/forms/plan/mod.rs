//! 別紙2 支援計画シート, with its モニタリング rows and ニーズ/課題への対応 table.

pub mod draft;
mod read;
pub(crate) mod write;

use super::{
    agreement_line, pad, AgreementLine, Form, FormData, Header, PrintOptions, BLANK_FORM_DATE,
};
use crate::contract::codes::{Code, ReviewKind, Setting, Timing};
use crate::model::{Case, Monitoring, Participants, PlanVersion};
use serde::Serialize;

/// The paper form numbers four need rows (printed and in the 様式ブック).
const MIN_NEEDS: usize = 4;

#[derive(Serialize)]
struct PlanData<'a> {
    #[serde(flatten)]
    header: &'a Header,
    created: String,
    review_due: String,
    name: &'a str,
    manager: &'a str,
    long_goal: &'a str,
    short_goal: &'a str,
    monitoring: Vec<MonitoringRow<'a>>,
    participants: ParticipantBoxes<'a>,
    needs: Vec<NeedRow<'a>>,
    /// 同意日, 同意した人, 交付日 and 交付先, printed at the foot only when one is entered or
    /// lines to sign are asked for.
    agreement: Option<AgreementLine>,
    /// A draft for the care meeting: 「案」 beside the title.
    draft: bool,
}

#[derive(Serialize, Default)]
struct MonitoringRow<'a> {
    date: String,
    timing: TimingBoxes,
    kind: KindBoxes<'a>,
    setting: SettingBoxes<'a>,
    notes: &'a str,
}

#[derive(Serialize, Default)]
struct TimingBoxes {
    inpatient: bool,
    just_discharged: bool,
    after_discharge: bool,
    after_discharge_months: Option<u32>,
    cm_start: bool,
    cm_after: bool,
    cm_after_months: Option<u32>,
}

#[derive(Serialize, Default)]
struct KindBoxes<'a> {
    create_update: bool,
    minor: bool,
    monitoring: bool,
    other: bool,
    other_text: &'a str,
}

#[derive(Serialize, Default)]
struct SettingBoxes<'a> {
    individual: bool,
    care_meeting: bool,
    other: bool,
    other_text: &'a str,
}

#[derive(Serialize, Default)]
struct ParticipantBoxes<'a> {
    #[serde(rename = "self")]
    self_: bool,
    doctor: bool,
    family: Counted,
    colleague: Counted,
    friend: Counted,
    hospital_staff: Counted,
    community: Counted,
    government: Counted,
    other: OtherCounted<'a>,
}

#[derive(Serialize, Default)]
struct Counted {
    checked: bool,
    count: Option<u32>,
}

impl From<Option<u32>> for Counted {
    fn from(n: Option<u32>) -> Self {
        let n = n.filter(|&n| n > 0);
        Counted {
            checked: n.is_some(),
            count: n,
        }
    }
}

#[derive(Serialize, Default)]
struct OtherCounted<'a> {
    checked: bool,
    count: Option<u32>,
    text: &'a str,
}

#[derive(Serialize, Default)]
struct NeedRow<'a> {
    no: String,
    need: &'a str,
    self_action: &'a str,
    supporter_action: &'a str,
    supporter: &'a str,
    evaluation: &'static str,
}

fn monitoring_row<'a>(m: &'a Monitoring, opts: &PrintOptions) -> MonitoringRow<'a> {
    let t = m.timing;
    MonitoringRow {
        date: opts.date(m.date),
        timing: TimingBoxes {
            inpatient: t == Timing::Inpatient,
            just_discharged: t == Timing::JustDischarged,
            after_discharge: t == Timing::AfterDischarge,
            after_discharge_months: m.timing_months.filter(|_| t == Timing::AfterDischarge),
            cm_start: t == Timing::CmStart,
            cm_after: t == Timing::CmAfter,
            cm_after_months: m.timing_months.filter(|_| t == Timing::CmAfter),
        },
        kind: KindBoxes {
            create_update: m.kind == ReviewKind::CreateUpdate,
            minor: m.kind == ReviewKind::Minor,
            monitoring: m.kind == ReviewKind::Monitoring,
            other: m.kind == ReviewKind::Other,
            other_text: &m.kind_text,
        },
        setting: SettingBoxes {
            individual: m.setting == Setting::Individual,
            care_meeting: m.setting == Setting::CareMeeting,
            other: m.setting == Setting::Other,
            other_text: &m.setting_text,
        },
        notes: &m.notes,
    }
}

fn participants(p: &Participants) -> ParticipantBoxes<'_> {
    let other = p.other.filter(|&n| n > 0);
    ParticipantBoxes {
        self_: p.self_,
        doctor: p.doctor,
        family: p.family.into(),
        colleague: p.colleague.into(),
        friend: p.friend.into(),
        hospital_staff: p.hospital_staff.into(),
        community: p.community.into(),
        government: p.government.into(),
        other: OtherCounted {
            checked: other.is_some() || !p.other_text.is_empty(),
            count: other,
            text: &p.other_text,
        },
    }
}

pub fn build(filled: Option<(&Case, &PlanVersion<'_>)>, opts: &PrintOptions) -> FormData {
    build_marked(filled, opts, false)
}

/// The next version as drafted for the care meeting, marked 「案」 in the title.
pub fn build_draft(case: &Case, v: &PlanVersion<'_>, opts: &PrintOptions) -> FormData {
    build_marked(Some((case, v)), opts, true)
}

fn build_marked(
    filled: Option<(&Case, &PlanVersion<'_>)>,
    opts: &PrintOptions,
    draft: bool,
) -> FormData {
    let header = match filled {
        Some((c, v)) => Header::new(
            Form::Plan,
            Some(&c.case_id),
            Some(v.plan.plan_no),
            v.plan.created,
        ),
        None => Header::new(Form::Plan, None, None, BLANK_FORM_DATE),
    };
    let v = filled.map(|(_, v)| v);
    let mut needs: Vec<NeedRow> = v
        .map(|v| {
            v.needs
                .iter()
                .map(|n| NeedRow {
                    no: n.no.to_string(),
                    need: &n.need,
                    self_action: &n.self_action,
                    supporter_action: &n.supporter_action,
                    supporter: &n.supporter,
                    evaluation: n.evaluation.map_or("", |e| e.label()),
                })
                .collect()
        })
        .unwrap_or_default();
    // Blank rows carry the paper form's numbers 1–4 so a hand-written need has its No.
    while needs.len() < MIN_NEEDS {
        needs.push(NeedRow {
            no: (needs.len() + 1).to_string(),
            ..NeedRow::default()
        });
    }
    let monitoring = pad(
        v.map(|v| {
            v.monitoring
                .iter()
                .map(|m| monitoring_row(m, opts))
                .collect()
        })
        .unwrap_or_default(),
        1,
    );
    let data = PlanData {
        header: &header,
        created: v.map(|v| opts.date(v.plan.created)).unwrap_or_default(),
        review_due: v.map(|v| opts.date(v.plan.review_due)).unwrap_or_default(),
        name: filled.map_or("", |(c, _)| c.name.as_str()),
        manager: filled.map_or("", |(c, _)| c.manager.as_str()),
        long_goal: v.map_or("", |v| v.plan.long_goal.as_str()),
        short_goal: v.map_or("", |v| v.plan.short_goal.as_str()),
        monitoring,
        participants: v
            .map(|v| participants(&v.plan.participants))
            .unwrap_or_default(),
        needs,
        agreement: agreement_line(v.map(|v| &v.plan.agreement), opts),
        draft,
    };
    let json = serde_json::to_value(&data).expect("form data serialises");
    FormData {
        form: Form::Plan,
        header,
        json,
    }
}

/// 「前回の評価と今回の案」, the page the care meeting reads before the draft.
#[derive(Serialize)]
struct ReviewPage<'a> {
    #[serde(flatten)]
    header: &'a Header,
    from_no: u32,
    from_created: String,
    created: String,
    review_due: String,
    long_goal: &'a str,
    long_goal_changed: bool,
    short_goal: &'a str,
    short_goal_changed: bool,
    /// 短期目標の達成 at the last monitoring of the version reviewed, or "".
    goal_met: &'static str,
    last_monitoring: String,
    rows: Vec<draft::ReviewRow>,
}

/// The data of 「前回の評価と今回の案」 for `old` and the draft `new` of `case`.
pub fn review_page(
    case: &Case,
    old: &PlanVersion<'_>,
    new: &PlanVersion<'_>,
    opts: &PrintOptions,
) -> serde_json::Value {
    let mut header = Header::new(
        Form::Plan,
        Some(&case.case_id),
        Some(new.plan.plan_no),
        new.plan.created,
    );
    header.title = "前回の評価と今回の案";
    let last = old.monitoring.last();
    let page = ReviewPage {
        header: &header,
        from_no: old.plan.plan_no,
        from_created: opts.date(old.plan.created),
        created: opts.date(new.plan.created),
        review_due: opts.date(new.plan.review_due),
        long_goal: &new.plan.long_goal,
        long_goal_changed: new.plan.long_goal != old.plan.long_goal,
        short_goal: &old.plan.short_goal,
        short_goal_changed: new.plan.short_goal != old.plan.short_goal,
        goal_met: old
            .monitoring
            .iter()
            .rev()
            .find_map(|m| m.goal_met)
            .map_or("", |g| g.label()),
        last_monitoring: last.map(|m| opts.date(m.date)).unwrap_or_default(),
        rows: draft::review_rows(old, new),
    };
    serde_json::to_value(&page).expect("review data serialises")
}
