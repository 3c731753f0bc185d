//! `cmsheets template`: the blank intake workbook (or CSV files), so nobody types a heading.

use super::{EXIT_FAILED, EXIT_OK};
use crate::cli::TemplateArgs;
use crate::ingest::schema::{Column, Kind, Sheet};
use crate::model::text::display_width;
use crate::output::write_atomic;
use rust_xlsxwriter::{
    DataValidation, DataValidationErrorStyle, Format, FormatBorder, Note, Workbook, XlsxError,
};

/// Rows that get dropdowns and date formats; Excel extends them as users insert rows.
const PREPARED_ROWS: u32 = 2000;

pub fn run(args: &TemplateArgs) -> u8 {
    let result = match &args.csv {
        Some(dir) => write_csv(dir)
            .map(|n| format!("{} に空の CSV を {n} 件書き出しました。", dir.display())),
        None => workbook()
            .map_err(|e| format!("ブックを作れませんでした（{e}）"))
            .and_then(|bytes| write_atomic(&args.output, &bytes).map_err(|e| e.to_string()))
            .map(|_| format!("{} に入力用ブックを書き出しました。", args.output.display())),
    };
    match result {
        Ok(msg) => {
            eprintln!("{msg}");
            EXIT_OK
        }
        Err(msg) => {
            eprintln!("エラー: {msg}");
            EXIT_FAILED
        }
    }
}

fn write_csv(dir: &std::path::Path) -> Result<usize, String> {
    for sheet in Sheet::ALL {
        let headings: Vec<&str> = sheet.columns().iter().map(|c| c.ja.as_str()).collect();
        // BOM: Excel opens BOM-less UTF-8 CSV as CP932 and garbles the headings.
        let text = format!("\u{FEFF}{}\r\n", headings.join(","));
        write_atomic(&dir.join(format!("{}.csv", sheet.ja())), text.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    Ok(Sheet::ALL.len())
}

/// The blank workbook: every sheet and heading, dropdowns on coded columns, date formats on date
/// columns, frozen heading rows, a note per heading, and a 説明 sheet.
pub fn workbook() -> Result<Vec<u8>, XlsxError> {
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
    let required = heading.clone().set_background_color(0xFCE4D6);
    let date = base.clone().set_num_format("yyyy/m/d");
    let text = base.clone().set_text_wrap();

    explanation(&mut wb, &heading)?;
    for sheet in Sheet::ALL {
        let ws = wb.add_worksheet();
        ws.set_name(sheet.ja())?;
        ws.set_freeze_panes(1, 0)?;
        ws.set_row_height(0, 36)?;
        for (i, col) in sheet.columns().iter().enumerate() {
            let c = i as u16;
            ws.write_string_with_format(
                0,
                c,
                &col.ja,
                if col.required { &required } else { &heading },
            )?;
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
                    ws.set_column_format(c, &date)?;
                }
                Kind::Text => {
                    ws.set_column_format(c, &text)?;
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
                    ws.add_data_validation(1, c, PREPARED_ROWS, c, &dv)?;
                }
                Kind::Int => {
                    let dv = DataValidation::new()
                        .allow_whole_number(
                            rust_xlsxwriter::DataValidationRule::GreaterThanOrEqualTo(0),
                        )
                        .set_error_style(DataValidationErrorStyle::Warning)
                        .set_error_message("0以上の整数を入力してください。")?;
                    ws.add_data_validation(1, c, PREPARED_ROWS, c, &dv)?;
                }
                Kind::Id | Kind::Ref => {}
            }
        }
    }
    wb.save_to_buffer()
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
        "入力が終わったら `cmsheets check このファイル.xlsx` で点検し、`cmsheets render` / `packet` で印刷用PDFを作ります。",
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
