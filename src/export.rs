//! The tabular intake written out (spec/intake.md): blank for `cmsheets template`, or filled with
//! the records of any inputs for `cmsheets convert`, as a workbook or as CSV files. The records
//! go back into the contract's columns exactly as the readers take them, so reading what is
//! written here gives the same records again.

use crate::contract::sheets::{Column, Kind, Sheet};
use crate::contract::text::display_width;
use crate::model::{
    Area, Case, Cells, CrisisItem, CrisisSupporter, Dataset, Monitoring, Need, Plan, Questionnaire,
    Subtool, Supporter, Value,
};
use chrono::NaiveDate;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatBorder, Note, Workbook, XlsxError,
};

/// Rows that get dropdowns and date formats; Excel extends them as users insert rows.
const PREPARED_ROWS: u32 = 2000;

/// The most characters an Excel cell holds.
pub const MAX_CELL_CHARS: usize = 32_767;

/// Why the filled intake workbook could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A value Excel cannot hold in one cell: said before the workbook is written, naming where
    /// it would go (never the value), since rust_xlsxwriter's own message names nothing.
    #[error("ケース {case_id} の「{sheet}」の「{column}」が {chars} 文字あり、Excel の1つのセルに入る 32,767 文字を超えるため、ブックに書き出せません（書き出すブックのシート「{sheet}」のセル {cell}）。元の入力でこの記入を短くしてください（CSV への書き出しなら長さの上限はありません）。")]
    TooLong {
        case_id: String,
        sheet: &'static str,
        column: String,
        cell: String,
        chars: usize,
    },
    /// More rows than one Excel sheet holds: said before anything is written.
    #[error("「{sheet}」が {} 行あり、Excel の1つのシートに入る {} 行（見出しの行を除く）を超えるため、ブックに書き出せません。CSV への書き出しなら行数の上限はありません。", digits(*rows as u64), digits(*limit as u64))]
    TooManyRows {
        sheet: &'static str,
        rows: usize,
        limit: u32,
    },
    #[error("内部エラーでブックを組み立てられませんでした（{0}）。もう一度実行し、続くときは管理者に連絡してください。")]
    Xlsx(#[from] XlsxError),
}

/// 1,048,576 as a count is written in a message.
fn digits(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Rows of data one sheet can hold under its heading row (Excel's 1,048,576 rows).
const SHEET_DATA_ROWS: u32 = 1_048_575;

/// One record as its sheet's row, indexed like `sheet.columns()`.
pub type IntakeRow = Vec<Option<Value>>;

/// The records to write and which cases to leave out (those with errors, whose rows may be
/// incomplete).
#[derive(Clone, Copy)]
pub struct Export<'a> {
    pub ds: &'a Dataset,
    pub skip: &'a std::collections::BTreeSet<String>,
}

impl Export<'_> {
    /// The sheet's rows of the cases kept (the ケースID is every sheet's first column).
    pub fn rows(&self, sheet: Sheet) -> Vec<IntakeRow> {
        let mut v = rows(self.ds, sheet);
        if sheet == Sheet::Areas {
            return v; // no case's record: its first column is a 地域, not a ケースID
        }
        v.retain(|r| !matches!(&r[0], Some(Value::Text(id)) if self.skip.contains(id)));
        v
    }
}

/// Every record of `ds`, sheet by sheet, as rows of the contract's columns.
pub fn rows(ds: &Dataset, sheet: Sheet) -> Vec<IntakeRow> {
    fn placed(sheet: Sheet, cells: Cells) -> IntakeRow {
        let mut r = vec![None; sheet.columns().len()];
        for (key, v) in cells {
            r[sheet.index(key)] = v;
        }
        r
    }
    fn all<T>(sheet: Sheet, records: &[T], cells: fn(&T) -> Cells) -> Vec<IntakeRow> {
        records.iter().map(|r| placed(sheet, cells(r))).collect()
    }
    match sheet {
        Sheet::Cases => all(sheet, &ds.cases, Case::cells),
        Sheet::Questionnaires => all(sheet, &ds.questionnaires, Questionnaire::cells),
        Sheet::Plans => all(sheet, &ds.plans, Plan::cells),
        Sheet::Monitoring => all(sheet, &ds.monitoring, Monitoring::cells),
        Sheet::Needs => all(sheet, &ds.needs, Need::cells),
        Sheet::Subtool => all(sheet, &ds.subtools, Subtool::cells),
        Sheet::Supporters => all(sheet, &ds.supporters, Supporter::cells),
        Sheet::CrisisPlans => all(sheet, &ds.crisis_items, CrisisItem::cells),
        Sheet::CrisisSupporters => all(sheet, &ds.crisis_supporters, CrisisSupporter::cells),
        Sheet::Areas => all(sheet, &ds.areas, Area::cells),
    }
}

/// The intake workbook: every sheet and heading, dropdowns on coded columns, date formats on date
/// columns, frozen heading rows, a note per heading and a 説明 sheet; with `data`, its records.
pub fn intake_workbook(data: Option<Export<'_>>) -> Result<Vec<u8>, XlsxError> {
    intake_workbook_checked(data).map_err(|e| match e {
        ExportError::Xlsx(e) => e,
        // Only records hold long texts; the blank workbook has none.
        too_long => XlsxError::ParameterError(too_long.to_string()),
    })
}

/// [`intake_workbook`], with a value too long for a cell said as such.
pub fn intake_workbook_checked(data: Option<Export<'_>>) -> Result<Vec<u8>, ExportError> {
    let (mut wb, styles) = workbook_and_styles()?;
    explanation(&mut wb, &styles.heading)?;
    for sheet in Sheet::ALL {
        let rows = data.map(|e| e.rows(sheet)).unwrap_or_default();
        sheet_of_intake(&mut wb, sheet, &rows, &styles)?;
    }
    Ok(wb.save_to_buffer()?)
}

/// The blank 地域区分 on its own, as the 集計ブック's separate 地域区分 file: the intake's sheet
/// with its headings, notes and formats.
pub fn areas_workbook() -> Result<Vec<u8>, XlsxError> {
    let (mut wb, styles) = workbook_and_styles()?;
    sheet_of_intake(&mut wb, Sheet::Areas, &[], &styles).map_err(|e| match e {
        ExportError::Xlsx(e) => e,
        too_long => XlsxError::ParameterError(too_long.to_string()),
    })?;
    wb.save_to_buffer()
}

fn workbook_and_styles() -> Result<(Workbook, Styles), XlsxError> {
    let mut wb = Workbook::new();
    let base = Format::new()
        .set_font_name("BIZ UDゴシック")
        .set_font_size(10.5);
    wb.set_default_format(&base, 20, 64)?;
    let heading = base
        .clone()
        .set_bold()
        .set_background_color(0xDDEBF7)
        .set_border(FormatBorder::Thin)
        .set_text_wrap();
    let styles = Styles {
        required: heading.clone().set_background_color(0xFCE4D6),
        date: base.clone().set_num_format("yyyy/m/d"),
        text: base.clone().set_text_wrap(),
        heading,
    };
    Ok((wb, styles))
}

/// One sheet of the intake workbook: headings, then `rows`.
fn sheet_of_intake(
    wb: &mut Workbook,
    sheet: Sheet,
    rows: &[IntakeRow],
    styles: &Styles,
) -> Result<(), ExportError> {
    if rows.len() > SHEET_DATA_ROWS as usize {
        return Err(ExportError::TooManyRows {
            sheet: sheet.ja(),
            rows: rows.len(),
            limit: SHEET_DATA_ROWS,
        });
    }
    let ws = wb.add_worksheet();
    ws.set_name(sheet.ja())?;
    ws.set_freeze_panes(1, 0)?;
    ws.set_row_height(0, 36)?;
    let prepared = PREPARED_ROWS
        .max(rows.len() as u32 + 100)
        .min(SHEET_DATA_ROWS);
    for (i, col) in sheet.columns().iter().enumerate() {
        column_heading(ws, i as u16, col, prepared, styles)?;
    }
    rows_of(ws, sheet, rows, styles)?;
    Ok(())
}

/// The formats of the intake workbook.
struct Styles {
    heading: Format,
    required: Format,
    date: Format,
    text: Format,
}

/// A column's heading with its note, width, format and dropdown (on the first `prepared` rows).
fn column_heading(
    ws: &mut rust_xlsxwriter::Worksheet,
    c: u16,
    col: &Column,
    prepared: u32,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let Styles {
        heading,
        required,
        date,
        text,
    } = styles;
    ws.write_string_with_format(0, c, &col.ja, if col.required { required } else { heading })?;
    ws.insert_note(
        0,
        c,
        &Note::new(note_text(col))
            .set_author("cmsheets")
            .add_author_prefix(false)
            .set_width(260),
    )?;
    let width = match col.kind {
        Kind::Text => 24.0,
        Kind::Date => 12.0,
        _ => 8.0,
    };
    ws.set_column_width(c, (display_width(&col.ja) as f64 + 2.0).max(width))?;
    match col.kind {
        Kind::Date => {
            ws.set_column_format(c, date)?;
        }
        Kind::Text => {
            ws.set_column_format(c, text)?;
        }
        Kind::Choice(list) => {
            let dv = DataValidation::new()
                .allow_list_strings(&list.choices())?
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_title("選択肢にない値")?
                .set_error_message(
                    format!("{} のいずれかを入力してください。", list.expected())
                        .chars()
                        .take(250)
                        .collect::<String>(),
                )?;
            ws.add_data_validation(1, c, prepared, c, &dv)?;
        }
        Kind::Int => {
            let dv = DataValidation::new()
                .allow_whole_number(rust_xlsxwriter::DataValidationRule::GreaterThanOrEqualTo(0))
                .set_error_style(DataValidationErrorStyle::Warning)
                .set_error_message("0以上の整数を入力してください。")?;
            ws.add_data_validation(1, c, prepared, c, &dv)?;
        }
        Kind::Id | Kind::Ref => {}
    }
    Ok(())
}

/// The records' rows under the headings; a text too long for an Excel cell is refused, naming
/// its place (never its value).
fn rows_of(
    ws: &mut rust_xlsxwriter::Worksheet,
    sheet: Sheet,
    rows: &[IntakeRow],
    styles: &Styles,
) -> Result<(), ExportError> {
    let Styles { text, date, .. } = styles;
    for (r, row) in rows.iter().enumerate() {
        if r % 1024 == 0 {
            crate::interrupt::checkpoint();
        }
        let r = r as u32 + 1;
        for (c, v) in row.iter().enumerate() {
            let c = c as u16;
            match v {
                None => {}
                Some(Value::Text(s)) => {
                    let chars = s.chars().count();
                    if chars > MAX_CELL_CHARS {
                        let case_id = match &row[0] {
                            Some(Value::Text(id)) if sheet != Sheet::Areas => id.clone(),
                            _ => String::new(),
                        };
                        return Err(ExportError::TooLong {
                            case_id,
                            sheet: sheet.ja(),
                            column: sheet.columns()[c as usize].ja.clone(),
                            cell: format!("{}{}", crate::finding::column_letters(c as u32), r + 1),
                            chars,
                        });
                    }
                    ws.write_string_with_format(r, c, s, text)?;
                }
                Some(Value::Number(n)) => {
                    ws.write_number(r, c, *n)?;
                }
                Some(Value::Date(d)) => {
                    let serial =
                        (*d - NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch")).num_days();
                    ws.write_number_with_format(r, c, serial as f64, date)?;
                }
            }
        }
    }
    Ok(())
}

/// The intake as CSV files, one per sheet (`ケース.csv` …), UTF-8 with a BOM so Excel reads it.
pub fn intake_csv(data: Option<Export<'_>>) -> Vec<(String, Vec<u8>)> {
    Sheet::ALL
        .iter()
        .map(|&sheet| {
            let mut w = csv::WriterBuilder::new()
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::from("\u{FEFF}".as_bytes()));
            let headings: Vec<&str> = sheet.columns().iter().map(|c| c.ja.as_str()).collect();
            w.write_record(&headings).expect("CSV into memory");
            for (i, row) in data
                .map(|e| e.rows(sheet))
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                if i % 1024 == 0 {
                    crate::interrupt::checkpoint();
                }
                w.write_record(
                    row.iter()
                        .map(|v| v.as_ref().map(Value::as_text).unwrap_or_default()),
                )
                .expect("CSV into memory");
            }
            (
                format!("{}.csv", sheet.ja()),
                w.into_inner().expect("CSV into memory"),
            )
        })
        .collect()
}

fn note_text(col: &Column) -> String {
    let mut s = String::new();
    if col.required {
        s.push_str("【必須】");
    }
    if !col.help.is_empty() {
        s.push_str(&col.help);
        s.push('\n');
    }
    match col.kind {
        Kind::Date => s.push_str("日付: 2024/8/20、令和6年8月20日、R6.8.20 など"),
        Kind::Choice(list) => s.push_str(&format!("選択肢: {}", list.expected())),
        Kind::Int => s.push_str("整数"),
        Kind::Id => s.push_str("半角英数字・ハイフン・下線"),
        Kind::Ref => {}
        Kind::Text => s.push_str("文字（セル内改行可）"),
    }
    s.push_str(&format!("\n英語キー: {}", col.key));
    s
}

fn explanation(wb: &mut Workbook, heading: &Format) -> Result<(), XlsxError> {
    let ws = wb.add_worksheet();
    ws.set_name("説明")?;
    ws.set_column_width(0, 22)?;
    ws.set_column_width(1, 16)?;
    ws.set_column_width(2, 90)?;
    let wrap = Format::new()
        .set_text_wrap()
        .set_font_name("BIZ UDゴシック");
    ws.write_string_with_format(
        0,
        0,
        "ケースマネジメント 入力用ブック（cmsheets）",
        &heading.clone().set_font_size(14),
    )?;
    let lines = [
        "各シートの1行目（見出し）は変更しないでください。見出しにマウスを合わせると説明が出ます。色の濃い見出しは必須項目です。",
        "入力が終わったら cmsheets で点検し（画面ではこのファイルを選ぶだけ、コマンドでは `cmsheets check このファイル.xlsx`）、印刷用PDFを作ります。",
        "本人氏名などの個人情報はPDFの印刷にだけ使われ、ファイル名・集計・エラー表示には出ません。ファイルの保管・送付には十分ご注意ください。",
    ];
    for (i, l) in lines.iter().enumerate() {
        ws.write_string_with_format(i as u32 + 1, 0, *l, &wrap)?;
    }
    let row0 = 5;
    for (i, h) in ["シート", "英語キー", "内容"].iter().enumerate() {
        ws.write_string_with_format(row0, i as u16, *h, heading)?;
    }
    for (i, sheet) in Sheet::ALL.iter().enumerate() {
        let r = row0 + 1 + i as u32;
        ws.write_string(r, 0, sheet.ja())?;
        ws.write_string(r, 1, sheet.key())?;
        ws.write_string_with_format(r, 2, sheet.help(), &wrap)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A sheet over Excel's rows is refused before a byte is written, naming the sheet and
    /// the way out; one row fewer is written.
    #[test]
    fn a_sheet_over_excels_rows_is_said_not_crashed() {
        let (mut wb, styles) = workbook_and_styles().unwrap();
        let rows: Vec<IntakeRow> = vec![Vec::new(); SHEET_DATA_ROWS as usize + 1];
        let err = sheet_of_intake(&mut wb, Sheet::Needs, &rows, &styles).unwrap_err();
        assert!(matches!(
            err,
            ExportError::TooManyRows {
                rows: 1_048_576,
                ..
            }
        ));
        let said = err.to_string();
        assert!(
            said.contains("「ニーズ」が 1,048,576 行あり、Excel の1つのシートに入る 1,048,575 行"),
            "{said}"
        );
        assert!(said.contains("CSV への書き出しなら"), "{said}");
        let (mut wb, styles) = workbook_and_styles().unwrap();
        let fits: Vec<IntakeRow> = vec![Vec::new(); 3];
        assert!(sheet_of_intake(&mut wb, Sheet::Needs, &fits, &styles).is_ok());
    }
}
