//! The data each form's template receives (typst-templates/README.md), built from a case's
//! records. Values arrive formatted for print; the templates only lay them out.

pub mod book;
pub mod crisis;
pub mod packet;
pub mod plan;
pub mod questionnaire;
pub mod subtool;

use crate::contract::codes::{AgreedBy, Answer, Code};
use crate::contract::date::{DateFormat, DateStyle};
use crate::model::Agreement;
use crate::typeset::Template;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

pub use crate::contract::Form;

/// The template that prints a form.
pub fn template_of(form: Form) -> Template {
    match form {
        Form::Questionnaire => Template::Questionnaire,
        Form::Plan => Template::Plan,
        Form::Subtool => Template::Subtool,
        Form::Crisis => Template::Crisis,
    }
}

/// Adds `fallback_sequences` to a document's data when its values hold variation sequences that
/// only the fallback font prints (渡邊󠄊): the templates set exactly those in IPAmj明朝, since the
/// shaper would otherwise print BIZ UD's base glyph of 邊 and drop the selector.
pub fn mark_fallback(data: &mut serde_json::Value) {
    fn walk(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => crate::glyphs::fallback_sequences(s, out),
            serde_json::Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            serde_json::Value::Object(o) => o.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    walk(data, &mut found);
    if let (false, Some(o)) = (found.is_empty(), data.as_object_mut()) {
        o.insert("fallback_sequences".into(), found.into());
    }
}

/// How a failure names the document of a job key (`plan`, `packet`…): as the office does.
pub fn document_name(key: &str) -> &str {
    match Form::ALL.iter().find(|f| f.key() == key) {
        Some(f) => f.short_title(),
        None if key == "packet" => "ケア会議資料",
        None => key,
    }
}

/// Print settings a deployment may change.
#[derive(Debug, Clone)]
pub struct PrintOptions {
    pub dates: DateFormat,
    /// Column headings of the questionnaire's answer options, in the order 1, 2, 0, 9.
    pub answer_headings: [String; 4],
    /// The plan's agreement and hand-over printed as lines to fill and sign, even when empty.
    pub sign_lines: bool,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            dates: DateFormat::default(),
            sign_lines: false,
            answer_headings: [Answer::Met, Answer::Unmet, Answer::NoNeed, Answer::Unknown]
                .map(|a| a.default_heading().to_string()),
        }
    }
}

impl PrintOptions {
    /// A date as the form prints it. 西暦併記 is long for a form's date cell: the only place it
    /// may wrap is between the year and the day (word joiners hold each part together), so a
    /// narrow cell reads 「令和7年（2025年）」「6月20日」, never 「…6」「月20日」.
    pub fn date(&self, d: NaiveDate) -> String {
        match self.dates.style {
            DateStyle::Both => {
                let whole = |s: String| {
                    let chars: Vec<String> = s.chars().map(String::from).collect();
                    chars.join("\u{2060}")
                };
                let day = format!("{}月{}日", d.month(), d.day());
                format!("{}{}", whole(self.dates.year(d)), whole(day))
            }
            _ => self.dates.date(d),
        }
    }

    pub fn opt_date(&self, d: Option<NaiveDate>) -> String {
        d.map(|d| self.date(d)).unwrap_or_default()
    }
}

/// The date blank forms carry in their PDF metadata, so they too are byte-identical run to run.
pub const BLANK_FORM_DATE: NaiveDate = match NaiveDate::from_ymd_opt(2024, 4, 1) {
    Some(d) => d,
    None => panic!("a real date"),
};

#[derive(Debug, Clone, Copy, Serialize)]
pub struct DocDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl From<NaiveDate> for DocDate {
    fn from(d: NaiveDate) -> Self {
        DocDate {
            year: d.year(),
            month: d.month(),
            day: d.day(),
        }
    }
}

/// The fields every form object starts with.
#[derive(Debug, Clone, Serialize)]
pub struct Header {
    pub form: &'static str,
    pub title: &'static str,
    pub label: &'static str,
    pub case_id: String,
    pub plan_no: Option<u32>,
    pub blank: bool,
    pub doc_date: DocDate,
    pub doc_title: String,
}

impl Header {
    pub fn new(form: Form, case_id: Option<&str>, plan_no: Option<u32>, date: NaiveDate) -> Header {
        let case_id = case_id.unwrap_or_default().to_string();
        let mut doc_title = form.title().to_string();
        if !case_id.is_empty() {
            doc_title = format!("{doc_title} {case_id}");
        }
        if let Some(n) = plan_no {
            doc_title = format!("{doc_title} 作成番号{n}");
        }
        Header {
            form: form.key(),
            title: form.title(),
            label: form.label(),
            blank: case_id.is_empty(),
            case_id,
            plan_no,
            doc_date: date.into(),
            doc_title,
        }
    }

    /// The PDF's stable identifier: the same case and form keep the same id across runs.
    pub fn pdf_ident(&self) -> String {
        format!(
            "cmsheets/{}/{}/{}",
            self.form,
            self.case_id,
            self.plan_no.unwrap_or(0)
        )
    }
}

/// Pads a list with blank entries so the printed table has the paper form's rows.
pub fn pad<T: Default>(mut v: Vec<T>, at_least: usize) -> Vec<T> {
    while v.len() < at_least {
        v.push(T::default());
    }
    v
}

/// One form ready to typeset: its data object and PDF settings.
#[derive(Debug, Clone)]
pub struct FormData {
    pub form: Form,
    pub header: Header,
    pub json: serde_json::Value,
}

/// The foot's agreement line (別紙2 and 別紙4): each value as printed, "" where it is to be filled by hand.
#[derive(Serialize)]
pub(crate) struct AgreementLine {
    agreed: String,
    /// 「本人」, 「代理（続柄：母）」, or "".
    agreed_by: String,
    handed_on: String,
    handed_to: String,
    /// Empty values are printed as lines to write on.
    sign_lines: bool,
}

pub(crate) fn agreement_line(a: Option<&Agreement>, opts: &PrintOptions) -> Option<AgreementLine> {
    let empty = Agreement::default();
    let a = a.unwrap_or(&empty);
    if a.is_empty() && !opts.sign_lines {
        return None;
    }
    let agreed_by = match (a.by, a.relation.trim()) {
        (Some(AgreedBy::Proxy), rel) if !rel.is_empty() => format!("代理（続柄：{rel}）"),
        (Some(by), _) => by.label().to_string(),
        (None, rel) if !rel.is_empty() => format!("代理（続柄：{rel}）"),
        (None, _) => String::new(),
    };
    Some(AgreementLine {
        agreed: a.agreed.map(|d| opts.date(d)).unwrap_or_default(),
        agreed_by,
        handed_on: a.handed_on.map(|d| opts.date(d)).unwrap_or_default(),
        handed_to: a.handed_to.clone(),
        sign_lines: opts.sign_lines,
    })
}
