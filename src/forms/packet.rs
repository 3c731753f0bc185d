//! ケア会議資料: a cover page and the case's latest forms as of the meeting date, as one document.

use super::plan::draft::{draft_case, DraftOptions, NotReady};
use super::{crisis, plan, questionnaire, subtool, DocDate, Form, PrintOptions};

/// The template part of 「前回の評価と今回の案」 (typst-templates/lib/review.typ).
const REVIEW: &str = "plan_review";
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
    /// What the contents list says of a part not present (「未作成」 when not given).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub missing: Option<&'static str>,
}

/// One case's packet. Records dated after the meeting are not used; `plan_no` picks a version.
/// With `draft`, the plan is followed by 「前回の評価と今回の案」 and the next version marked 「案」:
/// the one the office has entered already (作成日 = the meeting), or else the one drafted from
/// the monitoring as `cmsheets draft` drafts it.
pub fn case_packet(
    file: &CaseFile<'_>,
    meeting: NaiveDate,
    plan_no: Option<u32>,
    draft: bool,
    opts: &PrintOptions,
) -> Result<CasePacket, String> {
    let case = file.case;
    let mut version = file.plan(plan_no, Some(meeting));
    if let (Some(n), None) = (plan_no, version) {
        return Err(format!("作成番号 {n} の支援計画がありません"));
    }
    let drafted;
    let mut proposed: Option<Result<PlanVersion<'_>, NotReady>> = None;
    if draft {
        let entered = version.filter(|v| v.plan.created == meeting).and_then(|v| {
            let before = file
                .plans
                .iter()
                .rfind(|p| p.plan.plan_no < v.plan.plan_no)?;
            Some((before, v))
        });
        // The version after the one chosen (`--plan N`): its draft if dated the meeting.
        let after =
            version.and_then(|v| file.plans.iter().find(|p| p.plan.plan_no > v.plan.plan_no));
        proposed = Some(match (entered, after) {
            (Some((before, v)), _) => {
                version = Some(before);
                Ok(v.clone())
            }
            (None, Some(next)) if next.plan.created == meeting => Ok(next.clone()),
            (None, Some(next)) => Err(NotReady::NotLatest {
                plan_no: version.map_or(0, |v| v.plan.plan_no),
                latest: next.plan.plan_no,
            }),
            (None, None) => {
                let options = DraftOptions {
                    meeting,
                    review_months: None,
                };
                drafted = draft_case(file, options);
                drafted.as_ref().map(|d| d.version()).map_err(Clone::clone)
            }
        });
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
        missing: None,
    };
    let mut parts = vec![
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
    ];
    match (proposed, &version) {
        (None, _) => {}
        (Some(Ok(next)), Some(current)) => {
            parts.push(Part {
                form: REVIEW,
                title: "前回の評価と今回の案".into(),
                present: true,
                data: Some(plan::review_page(case, current, &next, opts)),
                missing: None,
            });
            parts.push(part(
                Form::Plan,
                format!(
                    "{}（案・作成番号 {}）",
                    Form::Plan.short_title(),
                    next.plan.plan_no
                ),
                Some(plan::build_draft(case, &next, opts)),
            ));
        }
        (Some(why), _) => parts.push(Part {
            form: REVIEW,
            title: match why {
                Err(why) => format!("前回の評価と今回の案（{why}）"),
                Ok(_) => "前回の評価と今回の案（支援計画がありません）".into(),
            },
            present: false,
            data: None,
            missing: Some("案なし"),
        }),
    }
    parts.extend([
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
    ]);
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
