//! 別紙2 支援計画シート, with its モニタリング rows and ニーズ/課題への対応 table.

pub mod draft;
mod read;
pub(crate) mod write;

use super::{pad, Form, FormData, Header, PrintOptions, BLANK_FORM_DATE};
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
    /// 同意日, printed at the foot only when entered.
    agreed: Option<String>,
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
        agreed: v.and_then(|v| v.plan.agreed).map(|d| opts.date(d)),
    };
    let json = serde_json::to_value(&data).expect("form data serialises");
    FormData {
        form: Form::Plan,
        header,
        json,
    }
}
