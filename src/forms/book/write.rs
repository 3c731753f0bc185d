//! Writing 様式ブック: the blank one (`template --form`) and one filled book per case
//! (`template --form --from`). Each form sheet is laid out like the paper form, with the seed's
//! labels in locked, tinted cells and the values in unlocked, ruled input cells; boxes are cells
//! of their own with a ■/□ dropdown. What is written here is read back by the reader
//! through the same labels ([`super::labels`]), so tabular → 様式ブック → tabular keeps every record.
//! This is the page every form's sheet is written on; each form's own rows are written in its
//! home (`forms::plan::write`…).

use super::labels::{self as l, sheet_name};
use crate::contract::sheets::{InBook, Kind, Sheet};
use crate::forms::{crisis, plan, questionnaire, subtool, Form};
use crate::model::{Case, CaseFile};
use crate::model::{Cells, Value};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatAlign, FormatBorder, ProtectionOptions,
    Workbook, Worksheet, XlsxError,
};

/// Where the fields the paper has no place for stand: right of the printed area.
pub(crate) const EXTRA_COL: u16 = 14;
/// How many columns beside the print area stand in one pair of sheet columns: the header rows
/// the case's own four (ふりがな … 終了理由) take.
const BESIDE_ROWS: usize = 4;
/// The last printed column of every form (A–L; M holds the plan's 集計用 columns).
pub(crate) const LAST_COL: u16 = 11;

/// The blank 様式ブック: a 説明 sheet and the four forms.
pub fn blank_workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let st = Styles::new(&mut wb)?;
    explanation(&mut wb, &st)?;
    let blank = Header::default();
    questionnaire::write::sheet(&mut wb, &st, sheet_name(Form::Questionnaire), &blank, None)?;
    plan::write::sheet(&mut wb, &st, sheet_name(Form::Plan), &blank, None)?;
    subtool::write::sheet(&mut wb, &st, sheet_name(Form::Subtool), &blank, None)?;
    crisis::write::sheet(&mut wb, &st, sheet_name(Form::Crisis), &blank, None)?;
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
        questionnaire::write::sheet(&mut wb, &st, &copy(Form::Questionnaire, 0), &h, None)?;
    }
    for (i, q) in file.questionnaires.iter().enumerate() {
        questionnaire::write::sheet(&mut wb, &st, &copy(Form::Questionnaire, i), &h, Some(q))?;
    }
    if file.plans.is_empty() {
        plan::write::sheet(&mut wb, &st, &copy(Form::Plan, 0), &h, None)?;
    }
    for (i, v) in file.plans.iter().enumerate() {
        plan::write::sheet(&mut wb, &st, &copy(Form::Plan, i), &h, Some(v))?;
    }
    for v in file
        .plans
        .iter()
        .filter(|v| v.subtool.is_some() || !v.supporters.is_empty())
    {
        let name = format!("{}（第{}版）", sheet_name(Form::Subtool), v.plan.plan_no);
        subtool::write::sheet(&mut wb, &st, &name, &h, Some(v))?;
    }
    if file.crisis_plans.is_empty() {
        crisis::write::sheet(&mut wb, &st, &copy(Form::Crisis, 0), &h, None)?;
    }
    for (i, c) in file.crisis_plans.iter().enumerate() {
        crisis::write::sheet(&mut wb, &st, &copy(Form::Crisis, i), &h, Some(c))?;
    }
    finish(&mut wb)
}

pub(crate) fn finish(wb: &mut Workbook) -> Result<Vec<u8>, XlsxError> {
    // A fixed creation date: the same case gives the same book.
    let props = rust_xlsxwriter::DocProperties::new()
        .set_creation_datetime(&rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 4, 1)?)
        .set_author("cmsheets");
    wb.set_properties(&props);
    wb.save_to_buffer()
}

/// The case's fields as every form's header shows them.
#[derive(Default)]
pub(crate) struct Header {
    pub(crate) case_id: String,
    pub(crate) name: String,
    pub(crate) kana: String,
    pub(crate) region: String,
    pub(crate) agency: String,
    pub(crate) manager: String,
    pub(crate) cm_start: Option<NaiveDate>,
    pub(crate) cm_end: Option<NaiveDate>,
    pub(crate) end_reason: String,
}

impl Header {
    pub(crate) fn of(c: &Case) -> Header {
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

pub(crate) struct Styles {
    pub(crate) label: Format,
    pub(crate) label_center: Format,
    pub(crate) title: Format,
    pub(crate) section: Format,
    pub(crate) note: Format,
    pub(crate) input: Format,
    pub(crate) input_center: Format,
    pub(crate) date: Format,
    pub(crate) boxed: Format,
    pub(crate) option: Format,
    pub(crate) option_input: Format,
}

impl Styles {
    pub(crate) fn new(wb: &mut Workbook) -> Result<Styles, XlsxError> {
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
pub(crate) struct Page<'a> {
    pub(crate) ws: &'a mut Worksheet,
    pub(crate) st: &'a Styles,
    pub(crate) fit: Fit,
}

/// The heights a sheet's rows need for their values: each written value's lines at its font size
/// in the width of its columns.
#[derive(Default)]
pub(crate) struct Fit {
    /// Column widths in Excel's character units.
    pub(crate) widths: Vec<f64>,
    /// Row → points: the least height asked for (the form's proportions) and what values need.
    pub(crate) rows: std::collections::BTreeMap<u32, f64>,
    /// Values spanning rows: (first row, last row, points needed).
    pub(crate) spans: Vec<(u32, u32, f64)>,
}

/// Excel's default row (20 px).
pub(crate) const DEFAULT_ROW_PT: f64 = 15.0;

impl Fit {
    /// A column of `w` character units is `w × 7 + 5` pixels with a 10-point font (its digits are
    /// 7 px wide), less the cell's margins.
    pub(crate) fn width_pt(&self, c1: u16, c2: u16) -> f64 {
        let units: f64 = (c1..=c2)
            .map(|c| self.widths.get(c as usize).copied().unwrap_or(8.43))
            .sum();
        ((units * 7.0 + 5.0) * 0.75 - 4.0).max(6.0)
    }

    /// The height `text` needs at `size` points in columns `c1..=c2`: wide characters take a
    /// full em, the others about half, each explicit line wrapped on its own.
    pub(crate) fn needed(&self, c1: u16, c2: u16, text: &str, size: f64) -> f64 {
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

    pub(crate) fn ask(&mut self, r: u32, pt: f64) {
        let h = self.rows.entry(r).or_insert(DEFAULT_ROW_PT);
        *h = h.max(pt);
    }

    pub(crate) fn value(&mut self, r1: u32, c1: u16, r2: u32, c2: u16, text: &str, size: f64) {
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
    pub(crate) fn apply(mut self, ws: &mut Worksheet) -> Result<(), XlsxError> {
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
pub(crate) fn is_wide(c: char) -> bool {
    let u = c as u32;
    u >= 0x1100 && !(0xFF61..=0xFF9F).contains(&u)
}

impl<'a> Page<'a> {
    pub(crate) fn new(
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

    /// The columns of `sheet` the paper has no place for ([`InBook::Beside`]): each heading with
    /// its value from `cells` (an empty input cell on a blank form) beside the print area, right
    /// of the case's own (ふりがな … 終了理由) and on the same header rows, four to a pair of
    /// columns: rows that hold only labels, so no value block of the form below is cut short by
    /// a label beside it. The reader finds them by the heading.
    pub(crate) fn beside(&mut self, sheet: Sheet, cells: Option<&Cells>) -> Result<(), XlsxError> {
        let columns = sheet
            .columns()
            .iter()
            .filter(|c| c.in_book == InBook::Beside);
        for (i, col) in columns.enumerate() {
            let r = 1 + (i % BESIDE_ROWS) as u32;
            let label_col = EXTRA_COL + 2 + 2 * (i / BESIDE_ROWS) as u16;
            let c = label_col + 1;
            if r == 1 {
                for (column, width) in [(label_col, 14.0), (c, 18.0)] {
                    self.ws.set_column_width(column, width)?;
                    let widths = &mut self.fit.widths;
                    widths.resize(widths.len().max(column as usize + 1), 8.43);
                    widths[column as usize] = width;
                }
            }
            let value: Option<&Value> = cells
                .and_then(|cells| cells.iter().find(|(k, _)| *k == col.key))
                .and_then(|(_, v)| v.as_ref());
            self.label(r, label_col, label_col, &col.ja)?;
            match (col.kind, value) {
                (Kind::Date, Some(&Value::Date(d))) => self.date(r, c, r, c, Some(d))?,
                (Kind::Date, _) => self.date(r, c, r, c, None)?,
                (Kind::Int, Some(&Value::Number(n))) => self.number(r, c, r, c, Some(n as u32))?,
                (Kind::Int, _) => self.number(r, c, r, c, None)?,
                (_, v) => self.text(r, c, r, c, &v.map(Value::as_text).unwrap_or_default())?,
            }
        }
        Ok(())
    }

    /// The least height a row has (the form's proportions); values may make it taller.
    pub(crate) fn height(&mut self, r: u32, pt: f64) {
        self.fit.ask(r, pt);
    }

    pub(crate) fn merge(
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

    pub(crate) fn label(&mut self, r: u32, c1: u16, c2: u16, text: &str) -> Result<(), XlsxError> {
        let f = self.st.label.clone();
        self.merge(r, c1, r, c2, text, &f)
    }

    pub(crate) fn label_rows(
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

    pub(crate) fn section(&mut self, r: u32, text: &str) -> Result<(), XlsxError> {
        self.ws
            .write_string_with_format(r, 0, text, &self.st.section)?;
        Ok(())
    }

    pub(crate) fn note(&mut self, r: u32, text: &str) -> Result<(), XlsxError> {
        let f = self.st.note.clone();
        self.ws.merge_range(r, 0, r, LAST_COL, text, &f)?;
        self.fit.value(r, 0, r, LAST_COL, text, 8.0);
        Ok(())
    }

    pub(crate) fn text(
        &mut self,
        r1: u32,
        c1: u16,
        r2: u32,
        c2: u16,
        value: &str,
    ) -> Result<(), XlsxError> {
        let f = self.st.input.clone();
        self.merge(r1, c1, r2, c2, value, &f)
    }

    pub(crate) fn centered(
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

    pub(crate) fn number(
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

    pub(crate) fn date(
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
    pub(crate) fn option(
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

    pub(crate) fn dropdown(
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

    pub(crate) fn done(self, last_row: u32, last_col: u16) -> Result<(), XlsxError> {
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

pub(crate) fn box_list() -> Result<DataValidation, XlsxError> {
    DataValidation::new()
        .allow_list_strings(&["■", "□"])?
        .set_error_style(DataValidationErrorStyle::Warning)
        .set_error_message("■（あてはまる）か □（あてはまらない）を選んでください。")
}

/// Days since 1899-12-30: Excel's date serial (1900 system).
pub(crate) fn excel_serial(d: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("valid epoch");
    (d - epoch).num_days() as f64
}

pub(crate) fn explanation(wb: &mut Workbook, st: &Styles) -> Result<(), XlsxError> {
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
