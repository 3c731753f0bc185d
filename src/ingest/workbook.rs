//! Workbooks through calamine: xlsx, xlsm, xls, ods.

use super::{display_name, read_file, Cell, ReadError, Source, TableBuilder};
use crate::contract::date::from_serial;
use crate::contract::sheets::Sheet;
use crate::finding::{Findings, Location, Origin};
use crate::forms::book as formbook;
use calamine::{open_workbook_auto_from_rs, Data, Reader, Sheets};
use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

/// A workbook whose parts unpack to more than this is refused (a zip bomb, or far beyond any
/// office's intake: a 1,000,000-row need sheet unpacks to about 300 MB).
pub const MAX_UNPACKED_BYTES: u64 = 2 << 30;
/// Compression ratio beyond which a part is taken for a zip bomb; real sheet XML packs ~10–30×.
const MAX_RATIO: u64 = 400;
/// One part (a sheet, the shared strings) unpacking to more than this is refused whatever its
/// ratio: 2.5 times the 1,000,000-row need sheet, and the most one part may cost in memory
/// (calamine holds the shared strings whole).
pub const MAX_PART_BYTES: u64 = 768 << 20;

/// Reads one workbook into `source`, sheet by sheet; false when nothing could be read (the error
/// is reported). Findings name the file `shown` (its own name, or the page's label for one of
/// two files of one name); a 様式ブック without a ケースID still takes it from the real file name.
pub(crate) fn read_workbook(
    path: &Path,
    shown: &str,
    findings: &mut Findings,
    source: &mut Source<'_>,
) -> bool {
    let name = shown.to_string();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let file_origin = Arc::new(Origin {
        file: name.clone(),
        sheet: None,
    });
    let here = Location::file(&file_origin);
    let Some(bytes) = read_file(path, &here, findings) else {
        return false;
    };
    if let Err(e) = precheck(&bytes) {
        e.report(here, findings);
        return false;
    }
    // calamine has panicked on malformed files before: one bad file must not stop the others.
    let result = crate::panics::catch(|| read_sheets(&bytes, &name, &stem, findings, source));
    match result {
        Ok(Ok(())) => true,
        Ok(Err(e)) => {
            e.report(here, findings);
            false
        }
        Err(_) => {
            ReadError::Corrupt.report(here, findings);
            false
        }
    }
}

/// A 様式ブック as the reader saw it, cell by cell (`cmsheets inspect`). None, with the finding
/// that says why, when the file cannot be read or is not a 様式ブック (a tabular intake, a CSV).
pub fn inspect_workbook(path: &Path, findings: &mut Findings) -> Option<formbook::view::BookView> {
    let name = display_name(path);
    let file_origin = Arc::new(Origin {
        file: name.clone(),
        sheet: None,
    });
    let here = Location::file(&file_origin);
    let bytes = read_file(path, &here, findings)?;
    if let Err(e) = precheck(&bytes) {
        e.report(here, findings);
        return None;
    }
    let stem = Path::new(&name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let result = crate::panics::catch(|| {
        let mut wb =
            open_workbook_auto_from_rs(Cursor::new(&bytes[..])).map_err(|e| open_error(&e))?;
        let date1904 = match &wb {
            Sheets::Xlsx(x) => x.has_1904_epoch(),
            _ => false,
        };
        let names = wb.sheet_names();
        if !may_be_formbook(&names) {
            return Ok(None);
        }
        let sheets = raw_sheets(&mut wb, &name, &names, findings);
        if !formbook::is_formbook(&sheets) {
            return Ok(None);
        }
        Ok(Some(formbook::view::inspect(
            &file_origin,
            &stem,
            &sheets,
            date1904,
            findings,
        )))
    });
    let error = match result {
        Ok(Ok(Some(view))) => return Some(view),
        Ok(Ok(None)) => ReadError::NotAFormbook,
        Ok(Err(e)) => e,
        Err(_) => ReadError::Corrupt,
    };
    error.report(here, findings);
    None
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Refuses what calamine would misread or choke on, with a message that says what to do.
fn precheck(bytes: &[u8]) -> Result<(), ReadError> {
    if bytes.is_empty() {
        return Err(ReadError::Empty);
    }
    if bytes.starts_with(CFB_MAGIC) {
        // An OLE container is either a real .xls or an encrypted xlsx (Excel wraps password-protected
        // OOXML in one, with an "EncryptedPackage" stream).
        let marker: Vec<u8> = "EncryptedPackage"
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        if bytes.windows(marker.len()).any(|w| w == marker.as_slice()) {
            return Err(ReadError::Encrypted);
        }
        return Ok(());
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return check_zip(bytes);
    }
    Err(ReadError::NotAWorkbook)
}

fn check_zip(bytes: &[u8]) -> Result<(), ReadError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| ReadError::Truncated)?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let Some(meta) = archive
            .by_index_raw(i)
            .ok()
            .map(|f| (f.size(), f.compressed_size()))
        else {
            continue;
        };
        let (size, packed) = meta;
        total = total.saturating_add(size);
        if size > MAX_PART_BYTES {
            return Err(ReadError::PartTooLarge { mib: size >> 20 });
        }
        if size > 64 << 20 && size / packed.max(1) > MAX_RATIO {
            return Err(ReadError::Ratio {
                ratio: size / packed.max(1),
            });
        }
    }
    if total > MAX_UNPACKED_BYTES {
        return Err(ReadError::TooLarge { mib: total >> 20 });
    }
    Ok(())
}

fn read_sheets(
    bytes: &[u8],
    name: &str,
    stem: &str,
    findings: &mut Findings,
    source: &mut Source<'_>,
) -> Result<(), ReadError> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| open_error(&e))?;
    let date1904 = match &wb {
        Sheets::Xlsx(x) => x.has_1904_epoch(),
        _ => false,
    };
    let names = wb.sheet_names();
    if may_be_formbook(&names) {
        let sheets = raw_sheets(&mut wb, name, &names, findings);
        if formbook::is_formbook(&sheets) {
            let file = Arc::new(Origin {
                file: name.to_string(),
                sheet: None,
            });
            source.formbook = true;
            for table in formbook::read(&file, stem, &sheets, date1904, findings) {
                source.add(table, findings);
            }
            return Ok(());
        }
    }
    let lone = if names.len() == 1 {
        source.lone_sheet
    } else {
        None
    };
    for sheet_name in names {
        let Some(sheet) = Sheet::from_name(&sheet_name).or(lone) else {
            continue; // 説明, pivot tables, the office's own notes
        };
        let origin = Arc::new(Origin {
            file: name.to_string(),
            sheet: Some(sheet_name.clone()),
        });
        if source.has(sheet, false) {
            findings.error("E004", Location::file(&origin), None, format!("シート「{}」が2つあります。1つにまとめてください。このシートは読み込みません。", sheet.ja()));
            continue;
        }
        match &mut wb {
            // xlsx, by far the most common, is read as a stream of rows: a sheet is never held
            // whole, and one of more rows than Excel allows is cut at the limit.
            Sheets::Xlsx(x) => match x.worksheet_cells_reader(&sheet_name) {
                Ok(mut cells) => {
                    let mut rows = RowStream::default();
                    let next = || rows.next(&mut cells);
                    table_rows(sheet, origin, date1904, next, findings, source);
                }
                Err(e) => sheet_unreadable(&origin, xlsx_reason(&e), findings),
            },
            // xls is capped at 65,536 rows by its format; ods sheets are bounded by the unpacked
            // size checked before reading.
            _ => {
                let Some(range) = sheet_range(&mut wb, &sheet_name, &origin, findings) else {
                    continue;
                };
                let (top, left) = range.start().unwrap_or((0, 0));
                let mut rows = range.rows().enumerate();
                let next = || {
                    Ok(rows
                        .next()
                        .map(|(i, r)| (top + i as u32, left, r.iter().map(convert).collect())))
                };
                table_rows(sheet, origin, date1904, next, findings, source);
            }
        }
    }
    Ok(())
}

/// More rows than a spreadsheet program can hold (Excel's limit): such a sheet was not typed by
/// anyone, and reading on would only cost time and memory.
pub const MAX_SHEET_ROWS: u32 = 1_048_576;
/// Excel's column limit (XFD), for the same reason.
pub const MAX_SHEET_COLUMNS: u32 = 16_384;

/// One row of a sheet: its 0-based row index, the 0-based column of its first cell, the cells.
type SheetRow = (u32, u32, Vec<Cell>);

/// The rows of one tabular sheet, the first with a value holding the headings, handed to the
/// table builder as they come. `next_row` fails on a damaged sheet or at a limit: what was read
/// before is kept and the sheet gets an E001 saying why the rest is missing.
fn table_rows(
    sheet: Sheet,
    origin: Arc<Origin>,
    date1904: bool,
    mut next_row: impl FnMut() -> Result<Option<SheetRow>, String>,
    findings: &mut Findings,
    source: &mut Source<'_>,
) {
    let heading = match next_row() {
        Ok(Some(row)) => row,
        Ok(None) => {
            findings.warning(
                "W008",
                Location::file(&origin),
                None,
                "シートが空です（見出し行もありません）。",
            );
            return;
        }
        Err(msg) => return sheet_unreadable(&origin, &msg, findings),
    };
    let (top, left, cells) = heading;
    let headings: Vec<String> = cells.iter().map(heading_cell_text).collect();
    let Some(mut builder) = TableBuilder::new(
        sheet,
        origin.clone(),
        date1904,
        top + 1,
        left,
        &headings,
        findings,
    ) else {
        return;
    };
    loop {
        crate::interrupt::checkpoint();
        match next_row() {
            Ok(Some((row, _, cells))) => {
                builder.push(row + 1, cells);
                if let Some(slice) = builder.take_full() {
                    source.add(slice, findings);
                }
            }
            Ok(None) => break,
            Err(msg) => {
                sheet_unreadable(&origin, &msg, findings);
                break;
            }
        }
    }
    source.add(builder.finish(), findings);
}

fn sheet_unreadable(origin: &Arc<Origin>, reason: &str, findings: &mut Findings) {
    let e = ReadError::Sheet {
        reason: reason.to_string(),
    };
    e.report(Location::file(origin), findings);
}

/// Turns calamine's stream of xlsx cells into rows (columns from A, so that every row lines up
/// with the headings), stopping at [`MAX_SHEET_ROWS`] and [`MAX_SHEET_COLUMNS`].
#[derive(Default)]
struct RowStream {
    /// A cell read past the end of the previous row: the first of the next one.
    pending: Option<(u32, u32, Data)>,
    done: bool,
}

impl RowStream {
    fn next<RS: std::io::Read + std::io::Seek>(
        &mut self,
        cells: &mut calamine::XlsxCellReader<'_, RS>,
    ) -> Result<Option<SheetRow>, String> {
        if self.done {
            return Ok(None);
        }
        let mut row: Option<(u32, Vec<Cell>)> = None;
        loop {
            let cell = match self.pending.take() {
                Some(c) => Some(c),
                None => cells
                    .next_cell()
                    .map_err(|e| xlsx_reason(&e).to_string())?
                    .map(|c| {
                        let (r, col) = c.get_position();
                        (r, col, Data::from(c.get_value().clone()))
                    }),
            };
            let Some((r, col, value)) = cell else {
                self.done = true;
                return Ok(row.map(|(r, cells)| (r, 0, cells)));
            };
            if value == Data::Empty {
                continue;
            }
            if r >= MAX_SHEET_ROWS || col >= MAX_SHEET_COLUMNS {
                self.done = true;
                return Err(ReadError::BeyondSheetLimits.to_string());
            }
            match &mut row {
                Some((current, _)) if *current != r => {
                    self.pending = Some((r, col, value));
                    return Ok(row.map(|(r, cells)| (r, 0, cells)));
                }
                Some((_, cells)) => put(cells, col, value),
                None => {
                    let mut cells = Vec::new();
                    put(&mut cells, col, value);
                    row = Some((r, cells));
                }
            }
        }
    }
}

fn put(cells: &mut Vec<Cell>, col: u32, value: Data) {
    let col = col as usize;
    if cells.len() <= col {
        cells.resize_with(col + 1, || Cell::Empty);
    }
    cells[col] = into_cell(value);
}

/// Whether the sheet names leave room for a 様式ブック: a tabular intake names its ケース sheet, or
/// sheets only the tabular intake has (ニーズ, モニタリング…); anything else is looked at.
fn may_be_formbook(names: &[String]) -> bool {
    !names.iter().any(|n| {
        Sheet::from_name(n).is_some_and(|s| {
            s == Sheet::Cases || crate::forms::book::labels::form_of_sheet_name(n).is_none()
        })
    })
}

/// Every sheet with its merged areas, for the 様式ブック reader. A sheet that cannot be read is
/// reported and left out.
fn raw_sheets<RS: std::io::Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    file: &str,
    names: &[String],
    findings: &mut Findings,
) -> Vec<formbook::RawSheet> {
    let mut out = Vec::new();
    for sheet_name in names {
        let origin = Arc::new(Origin {
            file: file.to_string(),
            sheet: Some(sheet_name.clone()),
        });
        let Some(range) = sheet_range(wb, sheet_name, &origin, findings) else {
            continue;
        };
        let merges: Vec<formbook::Area> = match wb {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(sheet_name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(sheet_name).unwrap_or_default(),
            // calamine reads no merged areas of ods and xlsb: values are still found, and a blank
            // value's cell is taken as the one right of its label.
            _ => Vec::new(),
        }
        .into_iter()
        .map(|d| formbook::Area {
            top: d.start.0,
            left: d.start.1,
            bottom: d.end.0,
            right: d.end.1,
        })
        .collect();
        let (top, left) = range.start().unwrap_or((0, 0));
        let (height, width) = range.get_size();
        let cells: Vec<Cell> = range.cells().map(|(_, _, d)| convert(d)).collect();
        out.push(formbook::RawSheet::new(
            origin,
            sheet_name.clone(),
            (top, left),
            (height as u32, width as u32),
            cells,
            merges,
        ));
    }
    out
}

/// A sheet's cells, or an E001 naming the sheet.
fn sheet_range<RS: std::io::Read + std::io::Seek>(
    wb: &mut Sheets<RS>,
    name: &str,
    origin: &Arc<Origin>,
    findings: &mut Findings,
) -> Option<calamine::Range<Data>> {
    wb.worksheet_range(name)
        .map_err(|e| sheet_unreadable(origin, reason(&e), findings))
        .ok()
}

fn heading_cell_text(c: &Cell) -> String {
    match c {
        Cell::Text(s) => s.clone(),
        Cell::Number(n) => format!("{n}"),
        _ => String::new(),
    }
}

/// [`convert`] without copying a text.
fn into_cell(d: Data) -> Cell {
    match d {
        Data::String(s) => Cell::Text(s),
        other => convert(&other),
    }
}

fn convert(d: &Data) -> Cell {
    match d {
        Data::Empty => Cell::Empty,
        Data::String(s) => Cell::Text(s.clone()),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(dt) => {
            if dt.is_duration() {
                return Cell::Number(dt.as_f64());
            }
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            match chrono::NaiveDate::from_ymd_opt(y as i32, m as u32, day as u32) {
                Some(date) if dt.as_f64() >= 1.0 => Cell::Date(date),
                _ => from_serial(dt.as_f64(), false)
                    .map(Cell::Date)
                    .unwrap_or(Cell::BadDate),
            }
        }
        Data::DateTimeIso(s) | Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Error(format!("{e:?}")),
    }
}

fn open_error(e: &calamine::Error) -> ReadError {
    if is_password(e) {
        return ReadError::Password;
    }
    ReadError::Unopenable { reason: reason(e) }
}

fn is_password(e: &calamine::Error) -> bool {
    use calamine::{Error as E, OdsError, XlsError, XlsxError};
    matches!(
        e,
        E::Xlsx(XlsxError::Password) | E::Xls(XlsError::Password) | E::Ods(OdsError::Password)
    )
}

/// What went wrong, in words for the user: calamine's own text is English, may quote XML and
/// never says what to do (the file and sheet are named by the finding's place).
fn reason(e: &calamine::Error) -> &'static str {
    use calamine::{Error as E, OdsError, XlsError, XlsbError};
    match e {
        E::Msg(_) => {
            "ファイルの形式を判別できません。xlsx・xlsm・xls・ods のどれでもないか、壊れています"
        }
        E::Xlsx(x) => xlsx_reason(x),
        E::Io(_)
        | E::Xls(XlsError::Io(_))
        | E::Ods(OdsError::Io(_))
        | E::Xlsb(XlsbError::Io(_)) => TRUNCATED,
        E::Ods(OdsError::Zip(_)) | E::Xlsb(XlsbError::Zip(_)) => ZIP,
        E::Ods(OdsError::Xml(_) | OdsError::XmlAttr(_) | OdsError::AttrError(_))
        | E::Ods(OdsError::EncodingError(_) | OdsError::Eof(_) | OdsError::Mismatch { .. })
        | E::Xlsb(XlsbError::Xml(_) | XlsbError::XmlAttr(_)) => XML,
        E::Ods(OdsError::FileNotFound(_) | OdsError::InvalidMime(_))
        | E::Xlsb(XlsbError::FileNotFound(_)) => MISSING_PART,
        E::Ods(OdsError::WorksheetNotFound(_))
        | E::Xls(XlsError::WorksheetNotFound(_))
        | E::Xlsb(XlsbError::WorksheetNotFound(_)) => NO_SHEET,
        E::Xls(XlsError::Cfb(_)) => "古い形式（.xls）のファイルの構造が壊れています",
        E::Xls(_) => "古い形式（.xls）のブックの記録が壊れているか、対応していない記録があります",
        E::Xlsb(_) => {
            "バイナリ形式（.xlsb）のブックの記録が壊れているか、対応していない記録があります"
        }
        E::Ods(_) => "ODS のブックの中身が壊れています",
        _ => "ブックの中身が壊れています",
    }
}

fn xlsx_reason(e: &calamine::XlsxError) -> &'static str {
    use calamine::XlsxError as X;
    match e {
        X::Io(_) => TRUNCATED,
        X::Zip(_) => ZIP,
        X::Xml(_)
        | X::XmlAttr(_)
        | X::XmlEof(_)
        | X::UnexpectedNode(_)
        | X::Unexpected(_)
        | X::Encoding(_) => XML,
        X::FileNotFound(_) | X::RelationshipNotFound => MISSING_PART,
        X::WorksheetNotFound(_) | X::NotAWorksheet(_) => NO_SHEET,
        X::Password => "パスワードで保護されています",
        _ => "ブックの中の値か書式の記録が壊れています",
    }
}

const TRUNCATED: &str = "ファイルが途中で切れているか壊れています";
const ZIP: &str = "ブックの zip の構造が壊れています";
const XML: &str = "ブックの中の XML が壊れています";
const MISSING_PART: &str = "ブックに必要な部分が欠けています";
const NO_SHEET: &str = "ブックの目次にあるシートの中身が見つかりません";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unreadable_files_are_told_apart() {
        assert_eq!(precheck(b""), Err(ReadError::Empty));
        assert_eq!(precheck(b"case_id,name\n"), Err(ReadError::NotAWorkbook));
        assert_eq!(precheck(b"PK\x03\x04 cut short"), Err(ReadError::Truncated));
        let mut encrypted = CFB_MAGIC.to_vec();
        encrypted.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert_eq!(precheck(&encrypted), Err(ReadError::Encrypted));
        assert_eq!(precheck(CFB_MAGIC), Ok(()));
    }

    #[test]
    fn a_truncated_workbook_is_an_e001_that_says_so() {
        let sample = include_bytes!("../../samples/intake.xlsx");
        let half = &sample[..sample.len() / 2];
        assert_eq!(precheck(half), Err(ReadError::Truncated));
        let e = open_workbook_auto_from_rs(Cursor::new(half))
            .map(|_| ())
            .unwrap_err();
        assert!(matches!(open_error(&e), ReadError::Unopenable { .. }));
    }

    #[test]
    fn messages_say_what_to_do() {
        for e in [
            ReadError::Empty,
            ReadError::Encrypted,
            ReadError::NotAWorkbook,
            ReadError::Truncated,
            ReadError::TooLarge { mib: 3000 },
            ReadError::Corrupt,
        ] {
            let text = e.to_string();
            assert!(text.ends_with('。'), "{text}");
            assert!(text.contains("ください"), "{text}");
        }
    }
}
