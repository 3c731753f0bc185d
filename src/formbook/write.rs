//! Writing 様式ブック: the blank one (`template --form`) and one filled book per case
//! (`template --form --from`). Each form sheet is laid out like the paper form, with the seed's
//! labels in locked, tinted cells and the values in unlocked, ruled input cells; boxes are cells
//! of their own with a ■/□ dropdown. What is written here is read back by `ingest::formbook`
//! through the same labels ([`super::labels`]), so tabular → 様式ブック → tabular keeps every record.

use super::labels::{self as l, sheet_name};
use crate::forms::Form;
use crate::model::codes::{
    Answer, Code, CrisisSection, Evaluation, GoalMet, Place, Relation, ReviewKind, Setting, Timing,
    ITEMS,
};
use crate::model::{Case, CaseFile, CrisisPlan, Monitoring, PlanVersion, Questionnaire};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, ProtectionOptions,
    Workbook, Worksheet, XlsxError,
};

/// Where the fields the paper has no place for stand: right of the printed area.
const EXTRA_COL: u16 = 14;
/// The last printed column of every form (A–L; M holds the plan's 集計用 columns).
const LAST_COL: u16 = 11;
/// Blank rows the blank plan sheet offers for monitorings; each takes five sheet rows.
const BLANK_MONITORINGS: usize = 2;
const MIN_NEEDS: usize = 4;
const MIN_SUPPORTER_ROWS: usize = 2;
const MIN_CRISIS_ROWS: usize = 5;

/// The blank 様式ブック: a 説明 sheet and the four forms.
pub fn blank_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let st = Styles::new(&mut wb)?;
    explanation(&mut wb, &st)?;
    let blank = Header::default();
    questionnaire(&mut wb, &st, sheet_name(Form::Questionnaire), &blank, None)?;
    plan(&mut wb, &st, sheet_name(Form::Plan), &blank, None)?;
    subtool(&mut wb, &st, sheet_name(Form::Subtool), &blank, None)?;
    crisis(&mut wb, &st, sheet_name(Form::Crisis), &blank, None)?;
    finish(&mut wb)
}

/// One person's filled 様式ブック with every version of every form (a blank sheet for a form the
/// case does not have yet, so the office can fill it in).
pub fn filled_workbook(file: &CaseFile<'_>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let st = Styles::new(&mut wb)?;
    explanation(&mut wb, &st)?;
    let h = Header::of(file.case);
    let copy = |form: Form, i: usize| match i {
        0 => sheet_name(form).to_string(),
        n => format!("{} ({})", sheet_name(form), n + 1),
    };
    if file.questionnaires.is_empty() {
        questionnaire(&mut wb, &st, &copy(Form::Questionnaire, 0), &h, None)?;
    }
    for (i, q) in file.questionnaires.iter().enumerate() {
        questionnaire(&mut wb, &st, &copy(Form::Questionnaire, i), &h, Some(q))?;
    }
    if file.plans.is_empty() {
        plan(&mut wb, &st, &copy(Form::Plan, 0), &h, None)?;
    }
    for (i, v) in file.plans.iter().enumerate() {
        plan(&mut wb, &st, &copy(Form::Plan, i), &h, Some(v))?;
    }
    for v in file
        .plans
        .iter()
        .filter(|v| v.subtool.is_some() || !v.supporters.is_empty())
    {
        let name = format!("{}（第{}版）", sheet_name(Form::Subtool), v.plan.plan_no);
        subtool(&mut wb, &st, &name, &h, Some(v))?;
    }
    if file.crisis_plans.is_empty() {
        crisis(&mut wb, &st, &copy(Form::Crisis, 0), &h, None)?;
    }
    for (i, c) in file.crisis_plans.iter().enumerate() {
        crisis(&mut wb, &st, &copy(Form::Crisis, i), &h, Some(c))?;
    }
    finish(&mut wb)
}

fn finish(wb: &mut Workbook) -> Result<Vec<u8>, XlsxError> {
    // A fixed creation date: the same case gives the same book.
    let props = rust_xlsxwriter::DocProperties::new()
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 4, 1)?)
        .set_author("cmsheets");
    wb.set_properties(&props);
    wb.save_to_buffer()
}

/// The case's fields as every form's header shows them.
#[derive(Default)]
struct Header {
    case_id: String,
    name: String,
    kana: String,
    region: String,
    agency: String,
    manager: String,
    cm_start: Option<NaiveDate>,
    cm_end: Option<NaiveDate>,
    end_reason: String,
}

impl Header {
    fn of(c: &Case) -> Header {
        Header {
            case_id: c.case_id.clone(),
            name: c.name.clone(),
            kana: c.kana.clone(),
            region: c.region.clone(),
            agency: c.agency.clone(),
            manager: c.manager.clone(),
            cm_start: c.cm_start,
            cm_end: c.cm_end,
            end_reason: c.end_reason.clone(),
        }
    }
}

struct Styles {
    label: Format,
    label_center: Format,
    title: Format,
    section: Format,
    note: Format,
    input: Format,
    input_center: Format,
    date: Format,
    boxed: Format,
    option: Format,
    option_input: Format,
}

impl Styles {
    fn new(wb: &mut Workbook) -> Result<Styles, XlsxError> {
        let base = Format::new()
            .set_font_name("BIZ UDゴシック")
            .set_font_size(10);
        wb.set_default_format(&base, 20, 64)?;
        let ruled = base
            .clone()
            .set_border(FormatBorder::Thin)
            .set_text_wrap()
            .set_align(FormatAlign::VerticalCenter);
        let input = ruled
            .clone()
            .set_unlocked()
            .set_font_name("BIZ UD明朝")
            .set_align(FormatAlign::Top);
        Ok(Styles {
            label: ruled.clone().set_background_color(0xEDEDED),
            label_center: ruled
                .clone()
                .set_background_color(0xEDEDED)
                .set_align(FormatAlign::Center),
            title: base
                .clone()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center),
            section: base.clone().set_bold().set_font_size(11),
            note: base.clone().set_font_size(8).set_text_wrap(),
            input_center: input
                .clone()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            // 和暦 as the paper prints it; the cell stays an Excel date.
            // At the top of its cell: a monitoring's date spans its block's rows, and a block
            // split by a page break would print a centred date over the footer.
            date: input
                .clone()
                .set_num_format("[$-411]ggge\"年\"m\"月\"d\"日\""),
            input,
            boxed: ruled
                .clone()
                .set_unlocked()
                .set_align(FormatAlign::Center)
                .set_border_right(FormatBorder::None),
            option: ruled.clone().set_border_left(FormatBorder::None),
            option_input: ruled.set_unlocked().set_border_left(FormatBorder::None),
        })
    }
}

/// What every form sheet does: the sheet, its header and page set-up, and the painting helpers.
/// Rows are as tall as what is written in them needs (see [`Fit`]): neither Excel nor LibreOffice
/// grows a row for a wrapped value in merged cells, and a value that does not fit prints over the
/// row below.
struct Page<'a> {
    ws: &'a mut Worksheet,
    st: &'a Styles,
    fit: Fit,
}

/// The heights a sheet's rows need for their values: each written value's lines at its font size
/// in the width of its columns.
#[derive(Default)]
struct Fit {
    /// Column widths in Excel's character units.
    widths: Vec<f64>,
    /// Row → points: the least height asked for (the form's proportions) and what values need.
    rows: std::collections::BTreeMap<u32, f64>,
    /// Values spanning rows: (first row, last row, points needed).
    spans: Vec<(u32, u32, f64)>,
}

/// Excel's default row (20 px).
const DEFAULT_ROW_PT: f64 = 15.0;

impl Fit {
    /// A column of `w` character units is `w × 7 + 5` pixels with a 10-point font (its digits are
    /// 7 px wide), less the cell's margins.
    fn width_pt(&self, c1: u16, c2: u16) -> f64 {
        let units: f64 = (c1..=c2)
            .map(|c| self.widths.get(c as usize).copied().unwrap_or(8.43))
            .sum();
        ((units * 7.0 + 5.0) * 0.75 - 4.0).max(6.0)
    }

    /// The height `text` needs at `size` points in columns `c1..=c2`: wide characters take a
    /// full em, the others about half, each explicit line wrapped on its own.
    fn needed(&self, c1: u16, c2: u16, text: &str, size: f64) -> f64 {
        let width = self.width_pt(c1, c2);
        let lines: f64 = text
            .split('\n')
            .map(|line| {
                let w: f64 = line
                    .chars()
                    .map(|c| if is_wide(c) { size } else { size * 0.55 })
                    .sum::<f64>()
                    * 1.08;
                (w / width).ceil().max(1.0)
            })
            .sum();
        lines * size * 1.4 + 4.0
    }

    fn ask(&mut self, r: u32, pt: f64) {
        let h = self.rows.entry(r).or_insert(DEFAULT_ROW_PT);
        *h = h.max(pt);
    }

    fn value(&mut self, r1: u32, c1: u16, r2: u32, c2: u16, text: &str, size: f64) {
        // The columns beside the print area (ふりがな, 終了理由…) do not make the form's rows tall.
        if text.is_empty() || c1 > LAST_COL + 1 {
            return;
        }
        let pt = self.needed(c1, c2, text, size);
        if r1 == r2 {
            self.ask(r1, pt);
        } else {
            self.spans.push((r1, r2, pt));
        }
    }

    /// Every row's height: what its own values need, then rows of a taller spanning value
    /// (a merged block of several rows) grown at its last row.
    fn apply(mut self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (r1, r2, pt) in std::mem::take(&mut self.spans) {
            let have: f64 = (r1..=r2)
                .map(|r| self.rows.get(&r).copied().unwrap_or(DEFAULT_ROW_PT))
                .sum();
            if have < pt {
                let last = self.rows.get(&r2).copied().unwrap_or(DEFAULT_ROW_PT);
                self.rows.insert(r2, last + pt - have);
            }
        }
        for (r, pt) in self.rows {
            ws.set_row_height(r, pt)?;
        }
        Ok(())
    }
}

/// A character printed a full em wide: kana, kanji, full-width forms (not half-width kana).
fn is_wide(c: char) -> bool {
    let u = c as u32;
    u >= 0x1100 && !(0xFF61..=0xFF9F).contains(&u)
}

impl<'a> Page<'a> {
    fn new(
        wb: &'a mut Workbook,
        st: &'a Styles,
        name: &str,
        form: Form,
        h: &Header,
    ) -> Result<Page<'a>, XlsxError> {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        ws.set_paper_size(9); // A4
        if form == Form::Plan {
            ws.set_landscape();
        }
        ws.set_margins(0.5, 0.5, 0.6, 0.6, 0.3, 0.3);
        ws.set_print_fit_to_pages(1, 0);
        ws.set_print_center_horizontally(true);
        ws.set_footer(format!("&L{} {}&R&P / &N", form.label(), form.title()));
        let mut p = Page {
            ws,
            st,
            fit: Fit::default(),
        };
        let widths: [f64; 12] = match form {
            Form::Plan => [
                15.0, 4.0, 14.0, 3.0, 15.0, 3.0, 11.0, 12.0, 12.0, 12.0, 12.0, 9.0,
            ],
            _ => [6.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 8.0, 7.0, 7.0, 7.0, 7.0],
        };
        let mut all = widths.to_vec();
        all.extend([12.0, 8.43, 14.0, 18.0]);
        for (c, w) in all.iter().enumerate() {
            p.ws.set_column_width(c as u16, *w)?;
        }
        p.fit.widths = all;
        // Header: ケースID / 地域 / 担当機関, and what the form itself has no place for.
        p.label(0, 0, 1, l::CASE_ID.text)?;
        p.text(0, 2, 0, 3, &h.case_id)?;
        p.label(0, 4, 4, l::REGION.text)?;
        p.text(0, 5, 0, 7, &h.region)?;
        p.label(0, 8, 8, l::AGENCY.text)?;
        p.text(0, 9, 0, LAST_COL, &h.agency)?;
        if form != Form::Plan {
            p.label(1, 8, 8, l::MANAGER.text)?;
            p.text(1, 9, 1, LAST_COL, &h.manager)?;
        }
        if form == Form::Subtool {
            p.label(1, 0, 1, l::NAME.text)?;
            p.text(1, 2, 1, 7, &h.name)?;
        }
        p.ws.write_string_with_format(0, EXTRA_COL, l::EXTRA_HEADING, &st.section)?;
        p.label(1, EXTRA_COL, EXTRA_COL, l::KANA.text)?;
        p.text(1, EXTRA_COL + 1, 1, EXTRA_COL + 1, &h.kana)?;
        p.label(2, EXTRA_COL, EXTRA_COL, l::CM_START.text)?;
        p.date(2, EXTRA_COL + 1, 2, EXTRA_COL + 1, h.cm_start)?;
        p.label(3, EXTRA_COL, EXTRA_COL, l::CM_END.text)?;
        p.date(3, EXTRA_COL + 1, 3, EXTRA_COL + 1, h.cm_end)?;
        p.label(4, EXTRA_COL, EXTRA_COL, l::END_REASON.text)?;
        p.text(4, EXTRA_COL + 1, 4, EXTRA_COL + 1, &h.end_reason)?;
        p.ws.merge_range(2, 0, 2, LAST_COL, form.title(), &st.title)?;
        p.height(2, 28.0);
        Ok(p)
    }

    /// The least height a row has (the form's proportions); values may make it taller.
    fn height(&mut self, r: u32, pt: f64) {
        self.fit.ask(r, pt);
    }

    fn merge(
        &mut self,
        r1: u32,
        c1: u16,
        r2: u32,
        c2: u16,
        text: &str,
        f: &Format,
    ) -> Result<(), XlsxError> {
        if r1 == r2 && c1 == c2 {
            self.ws.write_string_with_format(r1, c1, text, f)?;
        } else {
            self.ws.merge_range(r1, c1, r2, c2, text, f)?;
        }
        self.fit.value(r1, c1, r2, c2, text, 10.0);
        Ok(())
    }

    fn label(&mut self, r: u32, c1: u16, c2: u16, text: &str) -> Result<(), XlsxError> {
        let f = self.st.label.clone();
        self.merge(r, c1, r, c2, text, &f)
    }

    fn label_rows(
        &mut self,
        r1: u32,
        c1: u16,
        r2: u32,
        c2: u16,
        text: &str,
    ) -> Result<(), XlsxError> {
        let f = self.st.label_center.clone();
        self.merge(r1, c1, r2, c2, text, &f)
    }

    fn section(&mut self, r: u32, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(r, 0, text, &self.st.section)?;
        Ok(())
    }

    fn note(&mut self, r: u32, text: &str) -> Result<(), XlsxError> {
        let f = self.st.note.clone();
        self.ws.merge_range(r, 0, r, LAST_COL, text, &f)?;
        self.fit.value(r, 0, r, LAST_COL, text, 8.0);
        Ok(())
    }

    fn text(&mut self, r1: u32, c1: u16, r2: u32, c2: u16, value: &str) -> Result<(), XlsxError> {
        let f = self.st.input.clone();
        self.merge(r1, c1, r2, c2, value, &f)
    }

    fn centered(
        &mut self,
        r1: u32,
        c1: u16,
        r2: u32,
        c2: u16,
        value: &str,
    ) -> Result<(), XlsxError> {
        let f = self.st.input_center.clone();
        self.merge(r1, c1, r2, c2, value, &f)
    }

    fn number(
        &mut self,
        r1: u32,
        c1: u16,
        r2: u32,
        c2: u16,
        value: Option<u32>,
    ) -> Result<(), XlsxError> {
        let f = self.st.input_center.clone();
        self.merge(r1, c1, r2, c2, "", &f)?;
        if let Some(n) = value {
            self.ws.write_number_with_format(r1, c1, n as f64, &f)?;
        }
        Ok(())
    }

    fn date(
        &mut self,
        r1: u32,
        c1: u16,
        r2: u32,
        c2: u16,
        value: Option<NaiveDate>,
    ) -> Result<(), XlsxError> {
        let f = self.st.date.clone();
        self.merge(r1, c1, r2, c2, "", &f)?;
        if let Some(d) = value {
            self.ws
                .write_number_with_format(r1, c1, excel_serial(d), &f)?;
            // As the format shows it: 令和6年12月20日.
            self.fit.value(r1, c1, r2, c2, "令和00年00月00日", 10.0);
        }
        Ok(())
    }

    /// A box of its own (■ chosen, □ not) with its dropdown, and the option's words beside it;
    /// `editable` words hold a blank to fill (「退院　　ヵ月後」, 「その他（　）」).
    fn option(
        &mut self,
        r: u32,
        c: u16,
        c2: u16,
        ticked: bool,
        words: &str,
        editable: bool,
    ) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(r, c, if ticked { "■" } else { "□" }, &self.st.boxed)?;
        self.ws.add_data_validation(r, c, r, c, &box_list()?)?;
        let f = if editable {
            self.st.option_input.clone()
        } else {
            self.st.option.clone()
        };
        self.merge(r, c + 1, r, c2.max(c + 1), words, &f)
    }

    fn dropdown(
        &mut self,
        r1: u32,
        c1: u16,
        r2: u32,
        c2: u16,
        choices: &[&str],
        what: &str,
    ) -> Result<(), XlsxError> {
        let dv = DataValidation::new()
            .allow_list_strings(choices)?
            .set_error_style(DataValidationErrorStyle::Warning)
            .set_error_message(
                format!("{what}は {} から選んでください。", choices.join("・"))
                    .chars()
                    .take(250)
                    .collect::<String>(),
            )?;
        self.ws.add_data_validation(r1, c1, r2, c2, &dv)?;
        Ok(())
    }

    fn done(self, last_row: u32, last_col: u16) -> Result<(), XlsxError> {
        self.fit.apply(self.ws)?;
        self.ws.set_print_area(0, 0, last_row, last_col)?;
        // Protected without a password, as the office expects of a form: the labels stay, the
        // input cells take values, and rows can still be inserted for a longer table.
        let options = ProtectionOptions {
            insert_rows: true,
            delete_rows: true,
            format_rows: true,
            format_columns: true,
            format_cells: true,
            ..ProtectionOptions::default()
        };
        self.ws.protect_with_options(&options);
        Ok(())
    }
}

fn box_list() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(&["■", "□"])?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message("■（あてはまる）か □（あてはまらない）を選んでください。")
}

/// Days since 1899-12-30: Excel's date serial (1900 system).
fn excel_serial(d: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid epoch");
    (d - epoch).num_days() as f64
}

fn questionnaire(
    wb: &mut Workbook,
    st: &Styles,
    name: &str,
    h: &Header,
    q: Option<&&Questionnaire>,
) -> Result<(), XlsxError> {
    let mut p = Page::new(wb, st, name, Form::Questionnaire, h)?;
    p.label(3, 0, 1, l::Q_DATE.text)?;
    p.date(3, 2, 3, 4, q.map(|q| q.date))?;
    p.label(3, 5, 5, "氏名")?;
    p.text(3, 6, 3, LAST_COL, &h.name)?;
    p.label(4, 0, LAST_COL, l::Q_WISHES.text)?;
    p.text(5, 0, 7, LAST_COL, q.map_or("", |q| q.wishes.as_str()))?;
    for r in 5..=7 {
        p.height(r, 22.0);
    }
    p.note(8, l::Q_INSTRUCTION)?;
    let heads = [Answer::Met, Answer::Unmet, Answer::NoNeed, Answer::Unknown];
    for (i, a) in heads.iter().enumerate() {
        p.label_rows(9, 8 + i as u16, 9, 8 + i as u16, a.default_heading())?;
    }
    p.height(9, 80.0);
    let mut r = 10;
    let mut group = ITEMS[0].group;
    for (i, item) in ITEMS.iter().enumerate() {
        if item.group != group {
            group = item.group;
            r += 1; // the rule between groups
        }
        p.label(r, 0, 0, item.id)?;
        if item.group == 'O' {
            p.label(r, 1, 2, &format!("{}（", item.text))?;
            let other = q.map_or("", |q| q.other_text[i + 2 - ITEMS.len()].as_str());
            p.text(r, 3, r, 5, other)?;
            p.label(r, 6, 7, "）で悩んでいる・困っている")?;
        } else {
            p.label(r, 1, 7, item.text)?;
        }
        let answer = q.and_then(|q| q.answers[i]);
        for (k, a) in heads.iter().enumerate() {
            let c = 8 + k as u16;
            p.centered(r, c, r, c, if answer == Some(*a) { "〇" } else { "" })?;
        }
        p.dropdown(r, 8, r, 11, &["〇"], "回答")?;
        r += 1;
    }
    p.done(r - 1, LAST_COL)
}

fn plan(
    wb: &mut Workbook,
    st: &Styles,
    name: &str,
    h: &Header,
    v: Option<&PlanVersion<'_>>,
) -> Result<(), XlsxError> {
    let mut p = Page::new(wb, st, name, Form::Plan, h)?;
    let plan = v.map(|v| v.plan);
    p.label(3, 0, 0, l::P_CREATED.text)?;
    p.date(3, 1, 3, 2, plan.map(|p| p.created))?;
    p.label(3, 3, 4, l::P_REVIEW_DUE.text)?;
    p.date(3, 5, 3, 6, plan.map(|p| p.review_due))?;
    p.label(3, 7, 7, l::NAME.text)?;
    p.text(3, 8, 3, 9, &h.name)?;
    p.label(3, 10, 10, l::MANAGER.text)?;
    p.text(3, 11, 3, 11, &h.manager)?;
    p.height(3, 30.0);
    p.label(
        4,
        0,
        LAST_COL,
        &format!("{}{}", l::P_LONG_GOAL.text, l::P_LONG_GOAL_NOTE),
    )?;
    p.text(5, 0, 6, LAST_COL, plan.map_or("", |p| p.long_goal.as_str()))?;
    p.label(7, 0, LAST_COL, l::P_SHORT_GOAL.text)?;
    p.text(
        8,
        0,
        9,
        LAST_COL,
        plan.map_or("", |p| p.short_goal.as_str()),
    )?;
    p.section(10, l::P_MONITORING.text)?;
    p.label(11, 0, 2, l::M_DATE_TIMING.text)?;
    p.label(11, 3, 4, l::M_KIND.text)?;
    p.label(11, 5, 6, l::M_SETTING.text)?;
    p.label(11, 7, LAST_COL, l::M_NOTES.text)?;
    p.label(11, 12, 12, l::M_GOAL_MET.text)?;
    let monitorings: Vec<Option<&Monitoring>> = match v {
        Some(v) if !v.monitoring.is_empty() => v.monitoring.iter().map(|m| Some(*m)).collect(),
        _ => vec![None; BLANK_MONITORINGS],
    };
    let mut r = 12;
    for m in monitorings {
        monitoring_rows(&mut p, r, m)?;
        r += 5;
    }
    p.section(r, l::P_PARTICIPANTS.text)?;
    participants(&mut p, r + 1, plan.map(|p| &p.participants))?;
    p.note(r + 3, l::P_CM_NOTE)?;
    r += 4;
    p.section(r, l::P_NEEDS.text)?;
    let (h1, h2) = (r + 1, r + 2);
    p.label_rows(h1, 0, h2, 0, l::N_NO.text)?;
    p.label_rows(h1, 1, h2, 2, l::N_NEED.text)?;
    p.label_rows(h1, 3, h1, 9, l::N_MEASURES)?;
    p.label_rows(h2, 3, h2, 4, l::N_SELF.text)?;
    p.label_rows(h2, 5, h2, 7, l::N_SUPPORTER_ACTION.text)?;
    p.label_rows(h2, 8, h2, 9, l::N_SUPPORTER.text)?;
    p.label_rows(h1, 10, h2, LAST_COL, l::N_EVALUATION.text)?;
    p.label_rows(h1, 12, h2, 12, l::N_DOMAIN.text)?;
    r = h2 + 1;
    let needs = v.map_or(&[][..], |v| v.needs.as_slice());
    let rows = needs.len().max(MIN_NEEDS);
    for i in 0..rows {
        let n = needs.get(i);
        p.number(r, 0, r, 0, Some(n.map_or(i as u32 + 1, |n| n.no)))?;
        p.text(r, 1, r, 2, n.map_or("", |n| n.need.as_str()))?;
        p.text(r, 3, r, 4, n.map_or("", |n| n.self_action.as_str()))?;
        p.text(r, 5, r, 7, n.map_or("", |n| n.supporter_action.as_str()))?;
        p.text(r, 8, r, 9, n.map_or("", |n| n.supporter.as_str()))?;
        p.centered(
            r,
            10,
            r,
            LAST_COL,
            n.and_then(|n| n.evaluation).map_or("", |e| e.label()),
        )?;
        p.dropdown(r, 10, r, 10, &Evaluation::choices(), "評価")?;
        p.centered(
            r,
            12,
            r,
            12,
            n.and_then(|n| n.domain).map_or("", |d| ITEMS[d].id),
        )?;
        let items: Vec<&str> = ITEMS.iter().map(|i| i.id).collect();
        p.dropdown(r, 12, r, 12, &items, "領域")?;
        p.height(r, 45.0);
        r += 1;
    }
    p.note(r, l::P_FOOTNOTE)?;
    p.height(r, 24.0);
    p.label(r + 1, 9, 10, l::PLAN_NO.text)?;
    p.number(r + 1, 11, r + 1, 11, plan.map(|p| p.plan_no))?;
    p.done(r + 1, LAST_COL)
}

/// One monitoring: five sheet rows, one per 評価時期 box, with the date, the notes and the goal
/// merged down the five.
fn monitoring_rows(p: &mut Page<'_>, r: u32, m: Option<&Monitoring>) -> Result<(), XlsxError> {
    p.date(r, 0, r + 4, 0, m.map(|m| m.date))?;
    let months = |t: Timing| match m {
        Some(m) if m.timing == t => m
            .timing_months
            .map_or("　　".to_string(), |n| format!(" {n} ")),
        _ => "　　".to_string(),
    };
    let timing: [(Timing, String, bool); 5] = [
        (Timing::Inpatient, "入院中".into(), false),
        (Timing::JustDischarged, "退院直後".into(), false),
        (
            Timing::AfterDischarge,
            format!("退院{}ヵ月後", months(Timing::AfterDischarge)),
            true,
        ),
        (Timing::CmStart, "CM導入時".into(), false),
        (
            Timing::CmAfter,
            format!("CM{}ヵ月後", months(Timing::CmAfter)),
            true,
        ),
    ];
    for (i, (t, words, editable)) in timing.iter().enumerate() {
        p.option(
            r + i as u32,
            1,
            2,
            m.is_some_and(|m| m.timing == *t),
            words,
            *editable,
        )?;
    }
    let other = |text: &str| {
        format!(
            "その他（{}）",
            if text.is_empty() { "　　　" } else { text }
        )
    };
    let kinds: [(ReviewKind, String, bool); 4] = [
        (ReviewKind::CreateUpdate, "作成/更新".into(), false),
        (ReviewKind::Minor, "微修正".into(), false),
        (
            ReviewKind::Monitoring,
            "モニタリング（内容の確認）".into(),
            false,
        ),
        (
            ReviewKind::Other,
            other(m.map_or("", |m| m.kind_text.as_str())),
            true,
        ),
    ];
    for (i, (k, words, editable)) in kinds.iter().enumerate() {
        p.option(
            r + i as u32,
            3,
            4,
            m.is_some_and(|m| m.kind == *k),
            words,
            *editable,
        )?;
    }
    let settings: [(Setting, String, bool); 3] = [
        (Setting::Individual, "個別面接".into(), false),
        (Setting::CareMeeting, "ケア会議等".into(), false),
        (
            Setting::Other,
            other(m.map_or("", |m| m.setting_text.as_str())),
            true,
        ),
    ];
    for (i, (s, words, editable)) in settings.iter().enumerate() {
        p.option(
            r + i as u32,
            5,
            6,
            m.is_some_and(|m| m.setting == *s),
            words,
            *editable,
        )?;
    }
    p.text(r, 7, r + 4, LAST_COL, m.map_or("", |m| m.notes.as_str()))?;
    p.centered(
        r,
        12,
        r + 4,
        12,
        m.and_then(|m| m.goal_met).map_or("", |g| g.label()),
    )?;
    p.dropdown(r, 12, r, 12, &GoalMet::choices(), "短期目標の達成")?;
    Ok(())
}

fn participants(
    p: &mut Page<'_>,
    r: u32,
    who: Option<&crate::model::Participants>,
) -> Result<(), XlsxError> {
    let counted = |n: Option<u32>| n.filter(|&n| n > 0);
    // A count of 0 is written as 0 (unticked), so it reads back as the 0 it was.
    let blank = |n: Option<u32>| n.map_or("　".to_string(), |n| format!(" {n} "));
    let w = who.cloned().unwrap_or_default();
    let other_text = if w.other_text.is_empty() {
        "　　　".to_string()
    } else {
        w.other_text.clone()
    };
    let first: [(bool, String, bool); 5] = [
        (w.self_, "本人".into(), false),
        (
            counted(w.family).is_some(),
            format!("家族（{}名）", blank(w.family)),
            true,
        ),
        (
            counted(w.colleague).is_some(),
            format!("同僚・上司（{}名）", blank(w.colleague)),
            true,
        ),
        (
            counted(w.friend).is_some(),
            format!("友人（{}名）", blank(w.friend)),
            true,
        ),
        (w.doctor, "主治医".into(), false),
    ];
    let second: [(bool, String, bool); 4] = [
        (
            counted(w.hospital_staff).is_some(),
            format!("当該医療機関職員（{}名）", blank(w.hospital_staff)),
            true,
        ),
        (
            counted(w.community).is_some(),
            format!("地域援助事業者（{}名）", blank(w.community)),
            true,
        ),
        (
            counted(w.government).is_some(),
            format!("行政機関の職員（{}名）", blank(w.government)),
            true,
        ),
        (
            counted(w.other).is_some() || !w.other_text.is_empty(),
            format!("その他（{other_text}）（{}名）", blank(w.other)),
            true,
        ),
    ];
    let slots: [(u16, u16); 5] = [(1, 2), (3, 4), (5, 6), (7, 8), (9, 11)];
    for (row, opts) in [(r, &first[..]), (r + 1, &second[..])] {
        for ((ticked, words, editable), (c1, c2)) in opts.iter().zip(slots) {
            p.option(row, c1, c2, *ticked, words, *editable)?;
        }
    }
    Ok(())
}

fn subtool(
    wb: &mut Workbook,
    st: &Styles,
    name: &str,
    h: &Header,
    v: Option<&PlanVersion<'_>>,
) -> Result<(), XlsxError> {
    let mut p = Page::new(wb, st, name, Form::Subtool, h)?;
    let s = v.and_then(|v| v.subtool);
    p.label(3, 9, 10, l::PLAN_NO.text)?;
    p.number(3, 11, 3, 11, v.map(|v| v.plan.plan_no))?;
    p.section(4, l::S_SUPPORTERS.text)?;
    for k in 0..3u16 {
        p.label(5, k * 4, k * 4 + 1, l::S_NAME.text)?;
        p.label(5, k * 4 + 2, k * 4 + 3, l::S_RELATION.text)?;
    }
    let supporters = v.map_or(&[][..], |v| v.supporters.as_slice());
    let rows = supporters.len().div_ceil(3).max(MIN_SUPPORTER_ROWS);
    let relations: Vec<&str> = Relation::choices();
    let mut r = 6;
    for row in 0..rows {
        for k in 0..3u16 {
            let sup = supporters.get(row * 3 + k as usize);
            p.text(r, k * 4, r, k * 4 + 1, sup.map_or("", |s| s.name.as_str()))?;
            let rel = sup.map_or(String::new(), |s| match s.relation_text.as_str() {
                "" => s.relation.label().to_string(),
                t => format!("{}（{t}）", s.relation.label()),
            });
            p.text(r, k * 4 + 2, r, k * 4 + 3, &rel)?;
            p.dropdown(r, k * 4 + 2, r, k * 4 + 3, &relations, "関係性")?;
        }
        r += 1;
    }
    p.label(r, 0, 1, l::S_LEGEND.text)?;
    let legend = Relation::ALL
        .iter()
        .map(|r| r.label())
        .collect::<Vec<_>>()
        .join("　");
    let f = st.note.clone();
    p.merge(r, 2, r + 1, LAST_COL, &legend, &f)?;
    r += 3;
    p.label_rows(r, 0, r + 3, 1, l::S_PLACES_FREQ.text)?;
    p.label(r, 2, 3, l::S_PLACES.text)?;
    let places = s.map_or(&[][..], |s| s.places.as_slice());
    let place_other = s.map_or("", |s| s.places_text.as_str());
    let place_opts: [(Place, String, bool, u32, u16, u16); 4] = [
        (Place::Home, "自宅訪問".into(), false, r, 4, 5),
        (
            Place::WorkSchool,
            "職場・学校等の活動場訪問".into(),
            false,
            r,
            6,
            8,
        ),
        (Place::Medical, "医療機関".into(), false, r, 9, 11),
        (
            Place::Other,
            format!(
                "その他（{}）",
                if place_other.is_empty() {
                    "　　　"
                } else {
                    place_other
                }
            ),
            true,
            r + 1,
            4,
            8,
        ),
    ];
    for (place, words, editable, row, c1, c2) in place_opts {
        p.option(row, c1, c2, places.contains(&place), &words, editable)?;
    }
    use crate::model::codes::FrequencyUnit;
    for (row, label, freq) in [
        (r + 2, &l::S_FREQUENCY, s.and_then(|s| s.frequency)),
        (
            r + 3,
            &l::S_VISIT_FREQUENCY,
            s.and_then(|s| s.visit_frequency),
        ),
    ] {
        p.label(row, 2, 3, label.text)?;
        for (unit, word, c1, c2) in [
            (FrequencyUnit::Week, "週", 4, 5),
            (FrequencyUnit::Month, "月", 6, 8),
        ] {
            let chosen = freq.filter(|f| f.unit == unit);
            let words = format!(
                "{word}{}回",
                chosen.map_or("　　".to_string(), |f| format!(" {} ", f.count))
            );
            p.option(row, c1, c2, chosen.is_some(), &words, true)?;
        }
    }
    r += 2;
    r += 3;
    p.label_rows(r, 0, r + 2, 1, l::S_WHEN_HARD.text)?;
    p.label(r, 2, 5, l::S_WISHES.text)?;
    p.text(
        r,
        6,
        r,
        LAST_COL,
        s.map_or("", |s| s.wishes_when_hard.as_str()),
    )?;
    p.height(r, 40.0);
    for (i, (label, who, tel)) in [
        (
            &l::S_CONTACT1,
            s.map_or("", |s| s.contact1.as_str()),
            s.map_or("", |s| s.contact1_tel.as_str()),
        ),
        (
            &l::S_CONTACT2,
            s.map_or("", |s| s.contact2.as_str()),
            s.map_or("", |s| s.contact2_tel.as_str()),
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let row = r + 1 + i as u32;
        p.label(row, 2, 3, label.text)?;
        p.text(row, 4, row, 7, who)?;
        p.label(row, 8, 8, l::S_TEL.text)?;
        p.text(row, 9, row, LAST_COL, tel)?;
    }
    r += 4;
    p.label(r, 0, 5, l::S_SERVICES.text)?;
    p.label(r, 6, 8, l::S_AGENCY.text)?;
    p.label(r, 9, LAST_COL, l::S_DETAIL.text)?;
    for (i, label) in l::S_SERVICE_ROWS.iter().enumerate() {
        let row = r + 1 + i as u32;
        let service = s.map(|s| &s.services[i]);
        p.label(row, 0, 1, label.text)?;
        p.option(
            row,
            2,
            2,
            service.and_then(|x| x.has) == Some(true),
            "有",
            false,
        )?;
        p.option(
            row,
            4,
            4,
            service.and_then(|x| x.has) == Some(false),
            "無",
            false,
        )?;
        p.text(row, 6, row, 8, service.map_or("", |x| x.agency.as_str()))?;
        p.text(
            row,
            9,
            row,
            LAST_COL,
            service.map_or("", |x| x.detail.as_str()),
        )?;
        p.height(row, 30.0);
    }
    p.done(r + 3, LAST_COL)
}

fn crisis(
    wb: &mut Workbook,
    st: &Styles,
    name: &str,
    h: &Header,
    c: Option<&CrisisPlan<'_>>,
) -> Result<(), XlsxError> {
    let mut p = Page::new(wb, st, name, Form::Crisis, h)?;
    p.label(3, 0, 1, l::C_CREATED.text)?;
    p.date(3, 2, 3, 4, c.map(|c| c.created))?;
    p.label(3, 5, 5, "氏名")?;
    p.text(3, 6, 3, LAST_COL, &h.name)?;
    p.section(4, &format!("{}：", l::C_SUPPORTERS.text))?;
    p.label_rows(5, 0, 5, 3, l::C_SUPPORTER_NAME.text)?;
    p.label_rows(5, 4, 5, 7, l::C_SUPPORTER_CONTACT.text)?;
    p.label_rows(5, 8, 5, LAST_COL, l::C_SUPPORTER_ROLE.text)?;
    let sups = c.map_or(&[][..], |c| c.supporters.as_slice());
    let mut r = 6;
    for i in 0..sups.len().max(MIN_CRISIS_ROWS) {
        let s = sups.get(i);
        p.text(r, 0, r, 3, s.map_or("", |s| s.name.as_str()))?;
        p.text(r, 4, r, 7, s.map_or("", |s| s.contact.as_str()))?;
        p.text(r, 8, r, LAST_COL, s.map_or("", |s| s.role.as_str()))?;
        r += 1;
    }
    for (title, pair) in [
        (
            &l::C_SIGNS,
            [
                (&l::C_SELF_SIGN, CrisisSection::SelfSign),
                (&l::C_OTHERS_SIGN, CrisisSection::OthersSign),
            ],
        ),
        (
            &l::C_ACTIONS,
            [
                (&l::C_SELF_ACTION, CrisisSection::SelfAction),
                (&l::C_OTHERS_ACTION, CrisisSection::OthersAction),
            ],
        ),
    ] {
        r += 1;
        p.section(r, &format!("{}：", title.text))?;
        p.label_rows(r + 1, 0, r + 1, 5, pair[0].0.text)?;
        p.label_rows(r + 1, 6, r + 1, LAST_COL, pair[1].0.text)?;
        let left: Vec<&str> = c.map_or(Vec::new(), |c| c.section(pair[0].1).collect());
        let right: Vec<&str> = c.map_or(Vec::new(), |c| c.section(pair[1].1).collect());
        r += 2;
        for i in 0..left.len().max(right.len()).max(MIN_CRISIS_ROWS) {
            p.text(r, 0, r, 5, left.get(i).copied().unwrap_or(""))?;
            p.text(r, 6, r, LAST_COL, right.get(i).copied().unwrap_or(""))?;
            p.height(r, 24.0);
            r += 1;
        }
    }
    p.done(r - 1, LAST_COL)
}

fn explanation(wb: &mut Workbook, st: &Styles) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("説明")?;
    ws.set_column_width(0, 110)?;
    ws.write_string_with_format(0, 0, "ケースマネジメント 様式ブック（cmsheets）", &st.title)?;
    let lines = [
        "1人につき1ファイルです。ファイル名はケースID（例: CH-2024-001.xlsx）にしてください（氏名は使わないでください）。",
        "シート: アンケート（別紙1）、支援計画シート（別紙2）、補助ツール（別紙3）、クライシスプラン（別紙4）。使わない様式のシートは空のままで構いません。",
        "白い枠の中に入力します。灰色の見出しは変えないでください（cmsheets は見出しの文言で値を探します）。行の挿入はできます。",
        "□ の欄はセルを選んで ■ を選ぶ（または ■・☑・✓・レ を入力する）と「あてはまる」になります。「退院　ヵ月後」「その他（　）」「家族（　名）」などの空欄には数字や内容を書き込んでください。",
        "アンケートは、あてはまる欄に「〇」を1つ付けます。評価は ◎ 〇 △ × から選びます（未評価は空欄）。",
        "支援計画を見直して新しい版を作るときは、支援計画シートをコピーし（Excel では「支援計画シート (2)」になります）、下の「作成番号」を次の番号に直してください。補助ツールは作成番号でその版に結びつきます。",
        "日付は 令和6年9月2日、2024/9/2、R6.9.2 のどれでも入力できます。右側の「印刷されない項目」（ふりがな、CM開始日など）は集計・管理にだけ使います。",
        "点検: cmsheets check このファイル（またはフォルダ） ／ 印刷: cmsheets render・packet ／ 集計: cmsheets report。",
        "この様式は要配慮個人情報を含みます。保管・送付には十分ご注意ください。",
    ];
    let mut fit = Fit {
        widths: vec![110.0],
        ..Fit::default()
    };
    fit.ask(0, 24.0);
    for (i, line) in lines.iter().enumerate() {
        let r = i as u32 + 2;
        ws.write_string_with_format(r, 0, *line, &st.note.clone().set_font_size(10))?;
        fit.value(r, 0, r, 0, line, 10.0);
    }
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    fit.apply(ws)
}
