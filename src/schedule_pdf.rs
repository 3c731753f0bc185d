//! 見直し予定 as a PDF (`schedule --pdf`): the workbook's rows and columns, grouped the same way
//! (マネジメント担当者 ／ 地域), on A4 landscape pages typeset by `typst-templates/schedule.typ`.
//! An internal document: names are printed, and every page says so.

use crate::contract::date::DateFormat;
use crate::forms::{DocDate, PrintOptions};
use crate::schedule::{Entry, Status, HEADINGS};
use crate::typeset::{PdfSettings, Template, TypesetError, Typesetter};
use chrono::NaiveDate;
use serde::Serialize;

/// Every page's header, as the workbook's.
pub const HEADER: &str = "見直し予定（要配慮個人情報: 取り扱い注意）";

/// Relative widths of the columns that may wrap; None: as wide as the widest cell (ケースID,
/// counts and statuses are short and must not wrap). Dates get the most, as in the workbook: they
/// fit on one line in the default style.
const WIDTHS: [Option<f64>; HEADINGS.len()] = [
    Some(14.0),
    Some(12.0),
    None,
    Some(14.0),
    None,
    Some(18.0),
    Some(18.0),
    Some(18.0),
    None,
    None,
];

#[derive(Debug, Serialize)]
struct ScheduleData {
    form: &'static str,
    doc_title: String,
    doc_date: DocDate,
    header: &'static str,
    title: String,
    summary: String,
    as_of: String,
    columns: Vec<ColumnData>,
    groups: Vec<Group>,
}

#[derive(Debug, Serialize)]
struct ColumnData {
    heading: &'static str,
    numeric: bool,
    /// The column coloured by the row's status.
    status: bool,
    /// Relative width; None: as wide as its widest cell.
    width: Option<f64>,
}

#[derive(Debug, Serialize)]
struct Group {
    label: String,
    rows: Vec<ScheduleRow>,
}

#[derive(Debug, Serialize)]
struct ScheduleRow {
    cells: Vec<String>,
    /// `overdue`, `soon` or `none`.
    status: &'static str,
}

/// The 見直し予定 PDF of `entries` (as [`crate::schedule::entries`] sorted them).
pub fn pdf(
    entries: &[Entry],
    as_of: NaiveDate,
    within: u32,
    dates: DateFormat,
) -> Result<Vec<u8>, TypesetError> {
    let settings = PdfSettings {
        ident: "cmsheets/schedule".into(),
        date: as_of,
        pdfa: false,
    };
    let data = json(entries, as_of, within, dates)?;
    Typesetter::new().pdf(Template::Schedule, &data, &settings)
}

/// The data `typst-templates/schedule.typ` receives (its shape: typst-templates/README.md).
pub fn json(
    entries: &[Entry],
    as_of: NaiveDate,
    within: u32,
    dates: DateFormat,
) -> Result<Vec<u8>, TypesetError> {
    let failed = |e: serde_json::Error| TypesetError::Settings {
        template: Template::Schedule.key(),
        message: e.to_string(),
    };
    let mut json = serde_json::to_value(data(entries, as_of, within, dates)).map_err(failed)?;
    // Names may need IPAmj明朝 for their variation sequences, as on the forms.
    crate::forms::mark_fallback(&mut json);
    serde_json::to_vec_pretty(&json).map_err(failed)
}

fn data(entries: &[Entry], as_of: NaiveDate, within: u32, dates: DateFormat) -> ScheduleData {
    // As the forms print dates: 西暦併記 wraps only between the year and the day.
    let print = PrintOptions {
        dates,
        ..PrintOptions::default()
    };
    let date = |d: Option<NaiveDate>| print.opt_date(d);
    let mut groups: Vec<Group> = Vec::new();
    let mut current: Option<(&str, &str)> = None;
    for e in entries {
        let key = (e.manager.as_str(), e.region.as_str());
        if current != Some(key) {
            current = Some(key);
            // The count is added once the group is complete.
            groups.push(Group {
                label: format!("{} ／ {}", e.manager, e.region),
                rows: Vec::new(),
            });
        }
        let cells = vec![
            e.manager.clone(),
            e.region.clone(),
            e.case_id.clone(),
            e.name.clone(),
            e.plan_no.map(|n| n.to_string()).unwrap_or_default(),
            date(e.created),
            date(e.review_due),
            date(e.last_monitoring),
            e.status.label(within),
            e.days_left.map(|d| d.to_string()).unwrap_or_default(),
        ];
        let status = match e.status {
            Status::Overdue => "overdue",
            Status::DueSoon => "soon",
            Status::NotDue => "none",
        };
        if let Some(g) = groups.last_mut() {
            g.rows.push(ScheduleRow { cells, status });
        }
    }
    for g in &mut groups {
        g.label = format!("{}（{}件）", g.label, g.rows.len());
    }
    let counts = |s: Status| entries.iter().filter(|e| e.status == s).count();
    ScheduleData {
        form: Template::Schedule.key(),
        doc_title: format!("見直し予定 基準日 {}", dates.date(as_of)),
        doc_date: as_of.into(),
        header: HEADER,
        title: format!(
            "見直し予定（基準日 {}、今後{within}日以内を含む）",
            dates.date(as_of)
        ),
        summary: format!(
            "期限超過 {}件、今後{within}日以内 {}件、予定なし {}件。状態の判定は点検の W404（見直し予定の期限超過）と同じです（予定時期の30日前以降のモニタリングで見直し済み）。",
            counts(Status::Overdue),
            counts(Status::DueSoon),
            counts(Status::NotDue)
        ),
        as_of: dates.date(as_of),
        columns: HEADINGS
            .iter()
            .enumerate()
            .map(|(i, h)| ColumnData {
                heading: h,
                numeric: matches!(i, 4 | 9),
                status: i == 8,
                width: WIDTHS[i],
            })
            .collect(),
        groups,
    }
}
