//! 別紙4 クライシスプラン.

mod read;
pub(crate) mod write;

use super::{
    agreement_line, pad, AgreementLine, Form, FormData, Header, PrintOptions, BLANK_FORM_DATE,
};
use crate::contract::codes::CrisisSection;
use crate::model::{Case, CrisisPlan};
use serde::Serialize;

/// The paper form's rows: five supporters and five bullets per box.
const MIN_ROWS: usize = 5;

#[derive(Serialize)]
struct CrisisData<'a> {
    #[serde(flatten)]
    header: &'a Header,
    created: String,
    name: &'a str,
    supporters: Vec<SupporterRow<'a>>,
    self_signs: Vec<&'a str>,
    others_signs: Vec<&'a str>,
    self_actions: Vec<&'a str>,
    others_actions: Vec<&'a str>,
    /// 同意・交付, at the foot only when entered or lines to sign are asked for.
    agreement: Option<AgreementLine>,
}

#[derive(Serialize, Default)]
struct SupporterRow<'a> {
    name: &'a str,
    contact: &'a str,
    role: &'a str,
}

pub fn build(filled: Option<(&Case, &CrisisPlan<'_>)>, opts: &PrintOptions) -> FormData {
    let header = match filled {
        Some((c, p)) => Header::new(Form::Crisis, Some(&c.case_id), None, p.created),
        None => Header::new(Form::Crisis, None, None, BLANK_FORM_DATE),
    };
    let plan = filled.map(|(_, p)| p);
    let list = |s: CrisisSection| {
        pad(
            plan.map(|p| p.section(s).collect()).unwrap_or_default(),
            MIN_ROWS,
        )
    };
    let data = CrisisData {
        header: &header,
        created: plan.map(|p| opts.date(p.created)).unwrap_or_default(),
        name: filled.map_or("", |(c, _)| c.name.as_str()),
        supporters: pad(
            plan.map(|p| {
                p.supporters
                    .iter()
                    .map(|s| SupporterRow {
                        name: &s.name,
                        contact: &s.contact,
                        role: &s.role,
                    })
                    .collect()
            })
            .unwrap_or_default(),
            MIN_ROWS,
        ),
        self_signs: list(CrisisSection::SelfSign),
        others_signs: list(CrisisSection::OthersSign),
        self_actions: list(CrisisSection::SelfAction),
        others_actions: list(CrisisSection::OthersAction),
        agreement: agreement_line(plan.map(|p| p.agreement()).as_ref(), opts),
    };
    let json = serde_json::to_value(&data).expect("form data serialises");
    FormData {
        form: Form::Crisis,
        header,
        json,
    }
}
