//! 補助ツール (別紙3): the places, frequencies, contacts and services of a plan version.

use super::{Cells, Value};
use crate::contract::codes::{Code, Frequency, Place, YesNo};
use crate::contract::sheets::Key;
use crate::contract::text::trim;
use crate::model::load::RowReader;
use crate::model::RowRef;

/// An その他のサービス row of 別紙3.
#[derive(Debug, Clone, Default)]
pub struct Service {
    pub has: Option<bool>,
    pub agency: String,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct Subtool {
    pub case_id: String,
    pub plan_no: u32,
    pub places: Vec<Place>,
    pub places_text: String,
    pub frequency: Option<Frequency>,
    pub visit_frequency: Option<Frequency>,
    pub wishes_when_hard: String,
    pub contact1: String,
    pub contact1_tel: String,
    pub contact2: String,
    pub contact2_tel: String,
    /// 相談支援, 学校/職場での支援, その他.
    pub services: [Service; 3],
    pub at: RowRef,
}

impl RowReader<'_> {
    pub(in crate::model) fn subtool(&mut self) -> Option<Subtool> {
        let case_id = self.case_id(false)?;
        let plan_no = self.uint(Key::PlanNo, true, 1);
        let places = self.code_with(Key::Places, false, |s| {
            s.split(['、', ',', '，', '\n'].as_slice())
                .filter(|p| !trim(p).is_empty())
                .map(Place::parse)
                .collect::<Option<Vec<Place>>>()
        });
        let places = places.map(|mut v| {
            v.sort();
            v.dedup();
            v
        });
        let services = Key::SERVICES.map(|(has, agency, detail)| Service {
            has: self.code::<YesNo>(has, false).map(YesNo::is_yes),
            agency: self.text_or_empty(agency),
            detail: self.text_or_empty(detail),
        });
        Some(Subtool {
            places: places.unwrap_or_default(),
            places_text: self.text_or_empty(Key::PlacesText),
            frequency: self.code_with(Key::Frequency, false, Frequency::parse),
            visit_frequency: self.code_with(Key::VisitFrequency, false, Frequency::parse),
            wishes_when_hard: self.text_or_empty(Key::WishesWhenHard),
            contact1: self.text_or_empty(Key::Contact1),
            contact1_tel: self.text_or_empty(Key::Contact1Tel),
            contact2: self.text_or_empty(Key::Contact2),
            contact2_tel: self.text_or_empty(Key::Contact2Tel),
            services,
            case_id,
            plan_no: plan_no?,
            at: self.at(),
        })
    }
}

impl Subtool {
    /// The record as its sheet's row: what the intake written back holds.
    pub fn cells(&self) -> Cells {
        let s = self;
        let places: Vec<&str> = s.places.iter().map(|p| p.label()).collect();
        let freq = |f: Option<crate::contract::codes::Frequency>| {
            f.map(|f| {
                Value::Text(format!(
                    "{}{}回",
                    match f.unit {
                        crate::contract::codes::FrequencyUnit::Week => "週",
                        crate::contract::codes::FrequencyUnit::Month => "月",
                    },
                    f.count
                ))
            })
        };
        let has = |h: Option<bool>| h.map(|h| Value::Text(if h { "有" } else { "無" }.into()));
        vec![
            (Key::CaseId, Value::text(&s.case_id)),
            (Key::PlanNo, Value::count(Some(s.plan_no))),
            (Key::Places, Value::text(&places.join("、"))),
            (Key::PlacesText, Value::text(&s.places_text)),
            (Key::Frequency, freq(s.frequency)),
            (Key::VisitFrequency, freq(s.visit_frequency)),
            (Key::WishesWhenHard, Value::text(&s.wishes_when_hard)),
            (Key::Contact1, Value::text(&s.contact1)),
            (Key::Contact1Tel, Value::text(&s.contact1_tel)),
            (Key::Contact2, Value::text(&s.contact2)),
            (Key::Contact2Tel, Value::text(&s.contact2_tel)),
            (Key::Consult, has(s.services[0].has)),
            (Key::ConsultAgency, Value::text(&s.services[0].agency)),
            (Key::ConsultDetail, Value::text(&s.services[0].detail)),
            (Key::SchoolWork, has(s.services[1].has)),
            (Key::SchoolWorkAgency, Value::text(&s.services[1].agency)),
            (Key::SchoolWorkDetail, Value::text(&s.services[1].detail)),
            (Key::OtherService, has(s.services[2].has)),
            (Key::OtherServiceAgency, Value::text(&s.services[2].agency)),
            (Key::OtherServiceDetail, Value::text(&s.services[2].detail)),
        ]
    }
}
