//! 別紙3 支援計画シート（追加項目：補助ツール）.

mod read;
pub(crate) mod write;

use super::{pad, Form, FormData, Header, PrintOptions, BLANK_FORM_DATE};
use crate::contract::codes::{Frequency, Place, Relation};
use crate::model::{Case, PlanVersion, Subtool};
use serde::Serialize;

/// Supporters print three to a row; the paper form leaves room for two rows at least.
const SLOTS_PER_ROW: usize = 3;
const MIN_SLOTS: usize = 6;

#[derive(Serialize)]
struct SubtoolData<'a> {
    #[serde(flatten)]
    header: &'a Header,
    supporters: Vec<SupporterSlot<'a>>,
    relation_ri_text: String,
    relation_nu_text: String,
    places: Places<'a>,
    frequency: Freq,
    visit_frequency: Freq,
    wishes_when_hard: &'a str,
    contact1: &'a str,
    contact1_tel: &'a str,
    contact2: &'a str,
    contact2_tel: &'a str,
    services: Vec<ServiceRow<'a>>,
}

#[derive(Serialize, Default)]
struct SupporterSlot<'a> {
    name: &'a str,
    relation: &'static str,
}

#[derive(Serialize, Default)]
struct Places<'a> {
    home: bool,
    work_school: bool,
    medical: bool,
    other: bool,
    other_text: &'a str,
}

#[derive(Serialize, Default)]
struct Freq {
    unit: Option<crate::contract::codes::FrequencyUnit>,
    count: Option<u32>,
}

impl From<Option<Frequency>> for Freq {
    fn from(f: Option<Frequency>) -> Self {
        Freq {
            unit: f.map(|f| f.unit),
            count: f.map(|f| f.count),
        }
    }
}

#[derive(Serialize)]
struct ServiceRow<'a> {
    label: &'static str,
    has: Option<bool>,
    agency: &'a str,
    detail: &'a str,
}

const SERVICE_LABELS: [&str; 3] = ["相談支援", "学校/職場での支援", "その他"];

/// 補足 of リ and ヌ, gathered from the supporters who have them (printed once each).
fn relation_note(v: &PlanVersion<'_>, r: Relation) -> String {
    let mut notes: Vec<&str> = Vec::new();
    for s in v
        .supporters
        .iter()
        .filter(|s| s.relation == r && !s.relation_text.is_empty())
    {
        if !notes.contains(&s.relation_text.as_str()) {
            notes.push(&s.relation_text);
        }
    }
    notes.join("、")
}

/// The sub-tool of a plan version (with its supporters), or the blank form.
pub fn build(filled: Option<(&Case, &PlanVersion<'_>)>, _opts: &PrintOptions) -> FormData {
    let header = match filled {
        Some((c, v)) => Header::new(
            Form::Subtool,
            Some(&c.case_id),
            Some(v.plan.plan_no),
            v.plan.created,
        ),
        None => Header::new(Form::Subtool, None, None, BLANK_FORM_DATE),
    };
    let v = filled.map(|(_, v)| v);
    let s: Option<&Subtool> = v.and_then(|v| v.subtool);
    let mut supporters: Vec<SupporterSlot> = v
        .map(|v| {
            v.supporters
                .iter()
                .map(|s| SupporterSlot {
                    name: &s.name,
                    relation: s.relation.kana(),
                })
                .collect()
        })
        .unwrap_or_default();
    let slots = supporters.len().div_ceil(SLOTS_PER_ROW) * SLOTS_PER_ROW;
    supporters = pad(supporters, slots.max(MIN_SLOTS));
    let has = |p: Place| s.is_some_and(|s| s.places.contains(&p));
    let text = |f: fn(&Subtool) -> &String| s.map_or("", |s| f(s).as_str());
    let data = SubtoolData {
        header: &header,
        supporters,
        relation_ri_text: v
            .map(|v| relation_note(v, Relation::Ri))
            .unwrap_or_default(),
        relation_nu_text: v
            .map(|v| relation_note(v, Relation::Nu))
            .unwrap_or_default(),
        places: Places {
            home: has(Place::Home),
            work_school: has(Place::WorkSchool),
            medical: has(Place::Medical),
            other: has(Place::Other) || !text(|s| &s.places_text).is_empty(),
            other_text: text(|s| &s.places_text),
        },
        frequency: s.and_then(|s| s.frequency).into(),
        visit_frequency: s.and_then(|s| s.visit_frequency).into(),
        wishes_when_hard: text(|s| &s.wishes_when_hard),
        contact1: text(|s| &s.contact1),
        contact1_tel: text(|s| &s.contact1_tel),
        contact2: text(|s| &s.contact2),
        contact2_tel: text(|s| &s.contact2_tel),
        services: SERVICE_LABELS
            .iter()
            .enumerate()
            .map(|(i, label)| ServiceRow {
                label,
                has: s.and_then(|s| s.services[i].has),
                agency: s.map_or("", |s| s.services[i].agency.as_str()),
                detail: s.map_or("", |s| s.services[i].detail.as_str()),
            })
            .collect(),
    };
    let json = serde_json::to_value(&data).expect("form data serialises");
    FormData {
        form: Form::Subtool,
        header,
        json,
    }
}
