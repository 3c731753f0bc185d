//! ケア会議資料: a cover page and the case's latest forms as of the meeting date, as one document.

use super::{crisis, plan, questionnaire, subtool, DocDate, Form, PrintOptions};
use crate::model::{CaseFile, PlanVersion};
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Serialize)]
pub struct Packet {
    pub form: &'static str,
    pub doc_title: String,
    pub doc_date: DocDate,
    pub cases: Vec<CasePacket>,
}

#[derive(Clone, Serialize)]
pub struct CasePacket {
    pub case_id: String,
    pub meeting_date: String,
    pub name: String,
    pub manager: String,
    pub region: String,
    pub parts: Vec<Part>,
}

#[derive(Clone, Serialize)]
pub struct Part {
    pub form: &'static str,
    pub title: String,
    pub present: bool,
    pub data: Option<serde_json::Value>,
}

/// One case's packet. Records dated after the meeting are not used; `plan_no` picks a version.
pub fn case_packet(
    file: &CaseFile<'_>,
    meeting: NaiveDate,
    plan_no: Option<u32>,
    opts: &PrintOptions,
) -> Result<CasePacket, String> {
    let case = file.case;
    let version = file.plan(plan_no, Some(meeting));
    if let (Some(n), None) = (plan_no, version) {
        return Err(format!("作成番号 {n} の支援計画がありません"));
    }
    // The plan sheet shows the reviews held up to the meeting, not later ones.
    let version = version.map(|v| PlanVersion {
        plan: v.plan,
        monitoring: v
            .monitoring
            .iter()
            .copied()
            .filter(|m| m.date <= meeting)
            .collect(),
        needs: v.needs.clone(),
        subtool: v.subtool,
        supporters: v.supporters.clone(),
    });
    let plan_title = match &version {
        Some(v) => format!(
            "{}（作成番号 {}）",
            Form::Plan.short_title(),
            v.plan.plan_no
        ),
        None => Form::Plan.short_title().to_string(),
    };
    let part = |form: Form, title: String, data: Option<super::FormData>| Part {
        form: form.key(),
        title,
        present: data.is_some(),
        data: data.map(|d| d.json),
    };
    let parts = vec![
        part(
            Form::Questionnaire,
            Form::Questionnaire.short_title().into(),
            file.questionnaire(Some(meeting))
                .map(|q| questionnaire::build(Some((case, q)), opts)),
        ),
        part(
            Form::Plan,
            plan_title,
            version.as_ref().map(|v| plan::build(Some((case, v)), opts)),
        ),
        part(
            Form::Subtool,
            Form::Subtool.short_title().into(),
            version
                .as_ref()
                .filter(|v| v.subtool.is_some() || !v.supporters.is_empty())
                .map(|v| subtool::build(Some((case, v)), opts)),
        ),
        part(
            Form::Crisis,
            Form::Crisis.short_title().into(),
            file.crisis_plan(Some(meeting))
                .map(|p| crisis::build(Some((case, p)), opts)),
        ),
    ];
    Ok(CasePacket {
        case_id: case.case_id.clone(),
        meeting_date: opts.date(meeting),
        name: case.name.clone(),
        manager: case.manager.clone(),
        region: case.region.clone(),
        parts,
    })
}

/// The document around one or more case packets (several with `--combine`).
pub fn packet(cases: Vec<CasePacket>, meeting: NaiveDate) -> Packet {
    let doc_title = match cases.as_slice() {
        [one] => format!("ケア会議資料 {} {}", one.case_id, meeting),
        many => format!("ケア会議資料 {} （{}件）", meeting, many.len()),
    };
    Packet {
        form: "packet",
        doc_title,
        doc_date: meeting.into(),
        cases,
    }
}

impl Packet {
    /// The PDF's stable identifier, from ケースIDs and the date only.
    pub fn pdf_ident(&self) -> String {
        let ids: Vec<&str> = self.cases.iter().map(|c| c.case_id.as_str()).collect();
        let d = &self.doc_date;
        format!(
            "cmsheets/packet/{}-{:02}-{:02}/{}",
            d.year,
            d.month,
            d.day,
            ids.join("+")
        )
    }
}
