//! 見直し予定: for the case managers (internal, so names are printed), each case's latest plan
//! version with its 次回見直し予定時期 and last monitoring, and whether the review is overdue, due
//! within a number of days, or not due — by the same rule as the W404 warning
//! ([`crate::validate::review_pending`]). Sorted by マネジメント担当者, 地域 and due date.

use crate::contract::date::DateFormat;
use crate::model::CaseFile;
use chrono::NaiveDate;
use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, XlsxError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Status {
    /// 期限超過: the due date has passed with no review (W404).
    Overdue,
    /// 今後N日以内: due within the window, not yet reviewed.
    DueSoon,
    /// 予定なし: reviewed already, due later, no plan yet, or the CM has ended.
    NotDue,
}

impl Status {
    pub fn label(self, within: u32) -> String {
        match self {
            Status::Overdue => "期限超過".into(),
            Status::DueSoon => format!("今後{within}日以内"),
            Status::NotDue => "予定なし".into(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Entry {
    pub manager: String,
    pub region: String,
    pub case_id: String,
    pub name: String,
    pub plan_no: Option<u32>,
    pub created: Option<NaiveDate>,
    pub review_due: Option<NaiveDate>,
    pub last_monitoring: Option<NaiveDate>,
    pub status: Status,
    /// Days from the 基準日 to the due date (negative: overdue), for a pending review.
    pub days_left: Option<i64>,
}

/// The entries of the checked cases: those with errors are left out, as the printers leave them
/// out, and with `only` (the web page's ticked cases) the others too. What `schedule` and the
/// page list.
pub fn checked_entries(
    loaded: &crate::pipeline::Loaded,
    as_of: NaiveDate,
    within: u32,
    only: Option<&std::collections::BTreeSet<String>>,
) -> Vec<Entry> {
    let skipped = loaded.findings.cases_with_errors();
    let files = loaded.dataset.by_case();
    let listed = files.iter().filter(|f| {
        !skipped.contains(&f.case.case_id) && only.is_none_or(|o| o.contains(&f.case.case_id))
    });
    entries(listed, as_of, within)
}

/// One entry per case, grouped by マネジメント担当者 and 地域, most urgent first within a group.
pub fn entries<'d>(
    files: impl IntoIterator<Item = &'d CaseFile<'d>>,
    as_of: NaiveDate,
    within: u32,
) -> Vec<Entry> {
    let mut out: Vec<Entry> = files
        .into_iter()
        .map(|file| {
            let latest = file.plans.last();
            let pending = crate::validate::review_pending(file, as_of);
            let days_left = pending.map(|v| (v.plan.review_due - as_of).num_days());
            let status = match days_left {
                Some(d) if d < 0 => Status::Overdue,
                Some(d) if d <= i64::from(within) => Status::DueSoon,
                _ => Status::NotDue,
            };
            Entry {
                manager: file.case.manager.clone(),
                region: file.case.region.clone(),
                case_id: file.case.case_id.clone(),
                name: file.case.name.clone(),
                plan_no: latest.map(|v| v.plan.plan_no),
                created: latest.map(|v| v.plan.created),
                review_due: latest.map(|v| v.plan.review_due),
                last_monitoring: latest.and_then(|v| v.monitoring.last().map(|m| m.date)),
                status,
                days_left: days_left.filter(|_| status != Status::NotDue),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (&a.manager, &a.region, a.status, a.review_due, &a.case_id).cmp(&(
            &b.manager,
            &b.region,
            b.status,
            b.review_due,
            &b.case_id,
        ))
    });
    out
}

pub const HEADINGS: [&str; 10] = [
    "マネジメント担当者",
    "地域",
    "ケースID",
    "本人氏名",
    "作成番号",
    "作成日",
    "次回見直し予定時期",
    "最後のモニタリング",
    "状態",
    "期限までの日数",
];

/// The 見直し予定 workbook: one sheet, a group heading row per マネジメント担当者 and 地域, A4
/// landscape one page wide with the headings on every page.
pub fn workbook(
    entries: &[Entry],
    as_of: NaiveDate,
    within: u32,
    dates: DateFormat,
) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let font = |f: Format| f.set_font_name("BIZ UDGothic").set_font_size(10);
    let cell = || font(Format::new()).set_border(FormatBorder::Thin);
    let heading = cell()
        .set_bold()
        .set_background_color(Color::RGB(0xDDEBF7))
        .set_align(FormatAlign::Center)
        .set_text_wrap();
    let group = font(Format::new())
        .set_bold()
        .set_background_color(Color::RGB(0xF2F2F2))
        .set_border(FormatBorder::Thin);
    let overdue = cell().set_font_color(Color::RGB(0xB3261E)).set_bold();
    let soon = cell().set_font_color(Color::RGB(0x8A5A00)).set_bold();
    let number = cell().set_align(FormatAlign::Right);
    let plain = cell();
    let ws = wb.add_worksheet();
    ws.set_name("見直し予定")?;
    let title = format!(
        "見直し予定（基準日 {}、今後{within}日以内を含む）",
        dates.date(as_of)
    );
    ws.write_string_with_format(
        0,
        0,
        &title,
        &font(Format::new()).set_bold().set_font_size(13),
    )?;
    let counts = |s: Status| entries.iter().filter(|e| e.status == s).count();
    ws.write_string_with_format(
        1,
        0,
        format!(
            "期限超過 {}件、今後{within}日以内 {}件、予定なし {}件。状態の判定は点検の W404（見直し予定の期限超過）と同じです（予定時期の30日前以降のモニタリングで見直し済み）。",
            counts(Status::Overdue),
            counts(Status::DueSoon),
            counts(Status::NotDue)
        ),
        &font(Format::new()),
    )?;
    let head_row = 3;
    for (c, h) in HEADINGS.iter().enumerate() {
        ws.write_string_with_format(head_row, c as u16, *h, &heading)?;
    }
    let widths = [16.0, 14.0, 14.0, 16.0, 8.0, 18.0, 18.0, 18.0, 12.0, 10.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    let mut row = head_row + 1;
    let mut current: Option<(&str, &str)> = None;
    let date = |d: Option<NaiveDate>| d.map(|d| dates.date(d)).unwrap_or_default();
    for e in entries {
        let key = (e.manager.as_str(), e.region.as_str());
        if current != Some(key) {
            current = Some(key);
            let n = entries
                .iter()
                .filter(|x| (x.manager.as_str(), x.region.as_str()) == key)
                .count();
            ws.merge_range(
                row,
                0,
                row,
                HEADINGS.len() as u16 - 1,
                &format!("{} ／ {}（{n}件）", e.manager, e.region),
                &group,
            )?;
            row += 1;
        }
        let status_format = match e.status {
            Status::Overdue => &overdue,
            Status::DueSoon => &soon,
            Status::NotDue => &plain,
        };
        let texts = [
            e.manager.clone(),
            e.region.clone(),
            e.case_id.clone(),
            e.name.clone(),
        ];
        for (c, t) in texts.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, t, &plain)?;
        }
        match e.plan_no {
            Some(n) => ws.write_number_with_format(row, 4, f64::from(n), &number)?,
            None => ws.write_blank(row, 4, &plain)?,
        };
        ws.write_string_with_format(row, 5, date(e.created), &plain)?;
        ws.write_string_with_format(row, 6, date(e.review_due), &plain)?;
        ws.write_string_with_format(row, 7, date(e.last_monitoring), &plain)?;
        ws.write_string_with_format(row, 8, e.status.label(within), status_format)?;
        match e.days_left {
            Some(d) => ws.write_number_with_format(row, 9, d as f64, &number)?,
            None => ws.write_blank(row, 9, &plain)?,
        };
        row += 1;
    }
    ws.set_freeze_panes(head_row + 1, 0)?;
    ws.set_repeat_rows(head_row, head_row)?;
    crate::report::workbook::print_setup(
        ws,
        "見直し予定（要配慮個人情報: 取り扱い注意）",
        &format!("基準日 {}", dates.date(as_of)),
    );
    wb.save_to_buffer()
}
