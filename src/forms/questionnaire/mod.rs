//! 別紙1 支援ニーズに関するアンケート.

mod read;
pub(crate) mod write;

use super::{Form, FormData, Header, PrintOptions, BLANK_FORM_DATE};
use crate::contract::codes::{Answer, Code, ITEMS};
use crate::model::{Case, Questionnaire};
use serde::Serialize;

#[derive(Serialize)]
struct QuestionnaireData<'a> {
    #[serde(flatten)]
    header: &'a Header,
    date: String,
    name: &'a str,
    wishes: &'a str,
    options: Vec<OptionHeading<'a>>,
    groups: Vec<Group<'a>>,
}

#[derive(Serialize)]
struct OptionHeading<'a> {
    code: &'static str,
    heading: &'a str,
}

#[derive(Serialize)]
struct Group<'a> {
    group: String,
    items: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Item<'a> {
    id: &'static str,
    text: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    other: Option<&'a str>,
    answer: Option<&'static str>,
}

/// The form for one questionnaire, or the blank form when `filled` is None.
pub fn build(filled: Option<(&Case, &Questionnaire)>, opts: &PrintOptions) -> FormData {
    let header = match filled {
        Some((c, q)) => Header::new(Form::Questionnaire, Some(&c.case_id), None, q.date),
        None => Header::new(Form::Questionnaire, None, None, BLANK_FORM_DATE),
    };
    let q = filled.map(|(_, q)| q);
    let mut groups: Vec<Group> = Vec::new();
    for (i, item) in ITEMS.iter().enumerate() {
        let other = match item.id {
            "O1" => Some(q.map_or("", |q| q.other_text[0].as_str())),
            "O2" => Some(q.map_or("", |q| q.other_text[1].as_str())),
            _ => None,
        };
        let entry = Item {
            id: item.id,
            text: item.text,
            other,
            answer: q.and_then(|q| q.answers[i]).map(Answer::code),
        };
        match groups.last_mut() {
            Some(g) if g.group.starts_with(item.group) => g.items.push(entry),
            _ => groups.push(Group {
                group: item.group.to_string(),
                items: vec![entry],
            }),
        }
    }
    let data = QuestionnaireData {
        header: &header,
        date: q.map(|q| opts.date(q.date)).unwrap_or_default(),
        name: filled.map_or("", |(c, _)| c.name.as_str()),
        wishes: q.map_or("", |q| q.wishes.as_str()),
        options: Answer::ALL
            .iter()
            .zip(&opts.answer_headings)
            .map(|(a, h)| OptionHeading {
                code: a.code(),
                heading: h,
            })
            .collect(),
        groups,
    };
    let json = serde_json::to_value(&data).expect("form data serialises");
    FormData {
        form: Form::Questionnaire,
        header,
        json,
    }
}
