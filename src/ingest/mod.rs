//! Reading intake: workbooks (xlsx, xlsm, xls, ods) and CSV files or folders, into [`Table`]s whose
//! columns are those of the intake contract. Problems become findings; nothing here stops the run.

pub mod csv;
mod error;
pub mod workbook;

use crate::contract::sheets::{match_named, Sheet};
use crate::finding::{Findings, Location, Origin};
use crate::model::raw::{Cell, Layout, Row, Table, TableSink};
pub use error::ReadError;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Builds a [`Table`] from a heading row and data rows of any source: matches headings, reports
/// unknown, duplicate and missing columns. `None` when a required column is missing.
pub(crate) struct TableBuilder {
    table: Table,
    /// Source column → contract column.
    map: Vec<Option<usize>>,
}

impl TableBuilder {
    pub fn new(
        sheet: Sheet,
        origin: Arc<Origin>,
        date1904: bool,
        header_line: u32,
        first_col: u32,
        headings: &[String],
        findings: &mut Findings,
    ) -> Option<TableBuilder> {
        let columns = sheet.columns();
        let mut source_col = vec![None; columns.len()];
        let mut map = vec![None; headings.len()];
        let matched: Vec<Option<(usize, bool)>> = headings
            .iter()
            .map(|h| match crate::contract::text::trim(h).is_empty() {
                true => None,
                false => match_named(sheet, h),
            })
            .collect();
        // An alias (ケース番号 for ケースID) stands for its column only where no heading of the
        // column's own is there: an office's own ケース番号 beside its ケースID is another column.
        let named_own = |c: usize| matched.iter().flatten().any(|&(d, own)| own && d == c);
        for (i, h) in headings.iter().enumerate() {
            let col = first_col + i as u32;
            let loc = Location {
                origin: origin.clone(),
                row: header_line,
                col: Some(col),
            };
            if crate::contract::text::trim(h).is_empty() {
                continue;
            }
            let found =
                matched[i].filter(|&(c, own)| own || !named_own(c) && source_col[c].is_none());
            match found.map(|(c, _)| c) {
                Some(c) if source_col[c].is_some() => findings.error(
                    "E004",
                    loc,
                    None,
                    format!(
                        "見出し「{}」が2回あります。どちらかの列を削除するか、見出しを直してください。",
                        columns[c].ja
                    ),
                ),
                Some(c) => {
                    source_col[c] = Some(col);
                    map[i] = Some(c);
                }
                None => findings.warning(
                    "W006",
                    loc,
                    None,
                    format!(
                        "シート「{}」にない見出しの列です。この列は読み飛ばします（見出しの書き間違いでないか確認してください）。",
                        sheet.ja()
                    ),
                ),
            }
        }
        let missing: Vec<&str> = columns
            .iter()
            .zip(&source_col)
            .filter(|(c, s)| c.required && s.is_none())
            .map(|(c, _)| c.ja.as_str())
            .collect();
        if !missing.is_empty() {
            findings.error(
                "E003",
                Location { origin: origin.clone(), row: header_line.max(1), col: None },
                None,
                format!(
                    "必須の列「{}」がありません。1行目に見出しを追加してください（cmsheets template で正しい様式を作れます）。このシートは読み込みません。",
                    missing.join("」「")
                ),
            );
            return None;
        }
        Some(TableBuilder {
            table: Table {
                sheet,
                origin,
                date1904,
                layout: Layout::Columns(source_col),
                rows: Vec::new(),
            },
            map,
        })
    }

    /// Adds a data row; wholly empty rows are skipped (offices leave gaps).
    pub fn push(&mut self, line: u32, cells: impl IntoIterator<Item = Cell>) {
        let mut row = vec![Cell::Empty; self.table.sheet.columns().len()];
        let mut any = false;
        for (i, cell) in cells.into_iter().enumerate() {
            if let Some(Some(c)) = self.map.get(i) {
                any |= !cell.is_empty();
                row[*c] = cell;
            }
        }
        if any {
            self.table.rows.push(Row { line, cells: row });
        }
    }

    /// Hands over the rows gathered so far once there are enough of them, so a long sheet is
    /// turned into records a slice at a time instead of being held whole as cells.
    pub fn take_full(&mut self) -> Option<Table> {
        (self.table.rows.len() >= ROWS_PER_SLICE).then(|| Table {
            sheet: self.table.sheet,
            origin: self.table.origin.clone(),
            date1904: self.table.date1904,
            layout: self.table.layout.clone(),
            rows: std::mem::take(&mut self.table.rows),
        })
    }

    pub fn finish(self) -> Table {
        self.table
    }
}

/// Rows read before they are handed on (see [`TableBuilder::take_full`]).
const ROWS_PER_SLICE: usize = 4096;

/// What a run read: the tables, and how many inputs could be read at all.
#[derive(Debug, Default)]
pub struct Intake {
    pub tables: Vec<Table>,
    pub inputs: Vec<InputSummary>,
}

/// One input as the report's 概要 lists it.
#[derive(Debug, Clone)]
pub struct InputSummary {
    pub name: String,
    pub readable: bool,
    pub rows: usize,
    /// Read as a 様式ブック (one person's form-shaped workbook).
    pub formbook: bool,
}

impl InputSummary {
    /// An input that could not be read at all (the reason is a finding of its own).
    pub fn unreadable(name: String) -> InputSummary {
        InputSummary {
            name,
            readable: false,
            rows: 0,
            formbook: false,
        }
    }
}

/// The file name to show for a path (never the directories above it, which may name a person).
pub fn display_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string_lossy().into_owned())
}

fn is_csv(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv") || e.eq_ignore_ascii_case("txt"))
}

/// One source's view of a sink: which sheets it has given (duplicates and missing sheets are
/// per source) and how many rows.
pub(crate) struct Source<'a> {
    sink: &'a mut dyn FnMut(Table, &mut Findings),
    pub sheets: Vec<(Sheet, bool)>,
    rows: usize,
    /// The source is a 様式ブック: one person's forms, not the tabular intake's sheets.
    pub formbook: bool,
    /// A workbook of one sheet whose name is none of ours is read as this sheet (a 地域区分
    /// given on its own, typed on "Sheet1").
    pub lone_sheet: Option<Sheet>,
}

impl<'a> Source<'a> {
    fn new(sink: &'a mut dyn FnMut(Table, &mut Findings)) -> Self {
        Source {
            sink,
            sheets: Vec::new(),
            rows: 0,
            formbook: false,
            lone_sheet: None,
        }
    }

    pub fn has(&self, sheet: Sheet, csv: bool) -> bool {
        self.sheets.contains(&(sheet, csv))
    }

    pub fn add(&mut self, table: Table, findings: &mut Findings) {
        self.sheets
            .push((table.sheet, table.origin.sheet.is_none()));
        self.rows += table.rows.len();
        (self.sink)(table, findings);
    }
}

/// Reads the 地域区分 of `report --areas FILE` into `sink`: the sheet 地域区分 of a workbook (or
/// its only sheet), or a CSV of any name. Other sheets of the file are ignored.
pub fn read_areas_into<S: TableSink>(
    path: &Path,
    findings: &mut Findings,
    sink: &mut S,
) -> InputSummary {
    let name = display_name(path);
    let origin = Arc::new(Origin {
        file: name.clone(),
        sheet: None,
    });
    let mut add = |t: Table, f: &mut Findings| {
        if t.sheet == Sheet::Areas {
            sink.add(t, f);
        }
    };
    let mut source = Source::new(&mut add);
    source.lone_sheet = Some(Sheet::Areas);
    let ok = if !path.exists() {
        ReadError::AreasNotFound.report(Location::file(&origin), findings);
        false
    } else if is_csv(path) {
        csv::read_csv(path, Sheet::Areas, findings, &mut source)
    } else {
        workbook::read_workbook(path, &name, findings, &mut source)
    };
    let found = source.has(Sheet::Areas, false) || source.has(Sheet::Areas, true);
    if ok && !found {
        findings.error("E005", Location::file(&origin), None, "地域区分のシートがありません。シート名を「地域区分」にし、1行目に見出し「地域」「保健所」「圏域」を入れてください。");
    }
    InputSummary {
        name,
        readable: ok && found,
        rows: source.rows,
        formbook: false,
    }
}

/// Reads every input into a list of tables (for tests and tools; commands stream instead).
pub fn read_inputs(paths: &[PathBuf], findings: &mut Findings) -> Intake {
    let mut tables = Vec::new();
    let inputs = read_inputs_into(paths, findings, &mut tables);
    Intake { tables, inputs }
}

/// Reads every input: workbook files (tabular intake or 様式ブック, told apart per file), CSV
/// files, and folders of either, handing each table to `sink`. Sheets missing from a source are
/// reported; a source that cannot be read at all is an error naming it.
pub fn read_inputs_into<S: TableSink>(
    paths: &[PathBuf],
    findings: &mut Findings,
    sink: &mut S,
) -> Vec<InputSummary> {
    let plan = plan_inputs(paths, findings);
    // Workbooks are read on all cores, each into a sink of its own joined back in order: a
    // folder of 1,000 様式ブック is 1,000 small files.
    let books: Vec<&PathBuf> = plan
        .iter()
        .filter_map(|i| match i {
            Input::Workbook(p) => Some(p),
            _ => None,
        })
        .collect();
    let threads = crate::parallel::threads(None, books.len());
    let blank = sink.fork();
    let mut read_books = crate::parallel::map(
        &books,
        threads,
        || (),
        |_, path| {
            let mut part = blank.fork();
            let mut part_findings = Findings::default();
            let summary = read_one_workbook(path, &mut part_findings, &mut part);
            (part, part_findings, summary)
        },
        || false,
    )
    .into_iter();
    let mut inputs = Vec::new();
    for input in plan {
        match input {
            Input::Unreadable(name) => inputs.push(InputSummary::unreadable(name)),
            Input::CsvGroup(name, files) => {
                inputs.push(read_csv_group(&name, &files, findings, sink, &|_| None))
            }
            Input::Workbook(path) => match read_books.next().flatten() {
                Some((part, part_findings, summary)) => {
                    sink.join(part);
                    findings.append(part_findings);
                    inputs.push(summary);
                }
                None => {
                    let origin = Arc::new(Origin {
                        file: display_name(&path),
                        sheet: None,
                    });
                    ReadError::Internal { csv: false }.report(Location::file(&origin), findings);
                    inputs.push(InputSummary::unreadable(display_name(&path)));
                }
            },
        }
    }
    inputs
}

/// One source to read, in the order the user gave them.
enum Input {
    Workbook(PathBuf),
    CsvGroup(String, Vec<PathBuf>),
    Unreadable(String),
}

/// What to read, in the order the user gave it: folders opened (their CSV files one source,
/// each workbook another), loose CSV files together as one source at the end, and what cannot
/// be read said (and listed as unreadable).
fn plan_inputs(paths: &[PathBuf], findings: &mut Findings) -> Vec<Input> {
    let mut plan: Vec<Input> = Vec::new();
    let loose_csv: Vec<PathBuf> = paths
        .iter()
        .filter(|p| p.is_file() && is_csv(p))
        .cloned()
        .collect();
    for path in paths {
        let name = display_name(path);
        let origin = Arc::new(Origin {
            file: name.clone(),
            sheet: None,
        });
        if path.is_dir() {
            let mut files: Vec<PathBuf> = match std::fs::read_dir(path) {
                Ok(rd) => rd.filter_map(|e| e.ok().map(|e| e.path())).collect(),
                Err(e) => {
                    let reason = io_reason(&e);
                    ReadError::Folder { reason }.report(Location::file(&origin), findings);
                    plan.push(Input::Unreadable(name));
                    continue;
                }
            };
            files.sort();
            // A FIFO named ケース.csv would block the read, a device never end it: said, not read.
            files.retain(|p| !((is_csv(p) || book_name(p)) && refuse_special(p, findings)));
            let csvs: Vec<PathBuf> = files.iter().filter(|p| is_csv(p)).cloned().collect();
            let books: Vec<PathBuf> = files.into_iter().filter(|p| is_workbook(p)).collect();
            if !csvs.is_empty() || books.is_empty() {
                plan.push(Input::CsvGroup(name, csvs));
            }
            plan.extend(books.into_iter().map(Input::Workbook));
        } else if refuse_special(path, findings) {
            plan.push(Input::Unreadable(name));
        } else if !path.exists() {
            ReadError::NotFound.report(Location::file(&origin), findings);
            plan.push(Input::Unreadable(name));
        } else if is_csv(path) {
            continue; // read together below, as one source
        } else {
            plan.push(Input::Workbook(path.clone()));
        }
    }
    if !loose_csv.is_empty() {
        let name = if loose_csv.len() == 1 {
            display_name(&loose_csv[0])
        } else {
            format!("CSV {}件", loose_csv.len())
        };
        plan.push(Input::CsvGroup(name, loose_csv));
    }
    plan
}

/// The workbooks among the inputs: files given as they are, and the workbooks in folders given.
pub fn workbooks_of(paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            let mut files: Vec<PathBuf> = std::fs::read_dir(path)
                .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
                .unwrap_or_default();
            files.sort();
            out.extend(files.into_iter().filter(|p| is_workbook(p)));
        } else {
            out.push(path.clone());
        }
    }
    out
}

/// Workbook files in a folder: Excel's lock files (「~$山田.xlsx」) are not workbooks.
fn is_workbook(path: &Path) -> bool {
    book_name(path) && path.is_file()
}

/// A workbook's name (Excel's lock files 「~$山田.xlsx」 are not workbooks).
fn book_name(path: &Path) -> bool {
    let locked = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("~$"));
    !locked
        && path.extension().is_some_and(|e| {
            ["xlsx", "xlsm", "xls", "ods", "xlsb"]
                .iter()
                .any(|x| e.eq_ignore_ascii_case(x))
        })
}

fn read_one_workbook<S: TableSink>(
    path: &Path,
    findings: &mut Findings,
    sink: &mut S,
) -> InputSummary {
    read_workbook_as(path, &display_name(path), findings, sink)
}

/// One input of a set that is read a part at a time (the web page keeps each file's records and
/// reads again only the file replaced): a workbook, or a folder of CSV files read as one source.
/// Findings name it `shown`.
pub fn read_one_input<S: TableSink>(
    input: &Path,
    shown: &str,
    findings: &mut Findings,
    sink: &mut S,
) -> InputSummary {
    read_one_input_with(input, shown, findings, sink, &|_| None)
}

/// [`read_one_input`], taking the CSV files `arrived` has already read (by their path) instead
/// of reading them again.
pub fn read_one_input_with<S: TableSink>(
    input: &Path,
    shown: &str,
    findings: &mut Findings,
    sink: &mut S,
    arrived: &Arrived<'_, S>,
) -> InputSummary {
    if input.is_dir() {
        let mut csvs: Vec<PathBuf> = std::fs::read_dir(input)
            .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        csvs.retain(|p| is_csv(p) && p.is_file());
        csvs.sort();
        return read_csv_group(shown, &csvs, findings, sink, arrived);
    }
    read_workbook_as(input, shown, findings, sink)
}

fn read_workbook_as<S: TableSink>(
    path: &Path,
    shown: &str,
    findings: &mut Findings,
    sink: &mut S,
) -> InputSummary {
    let name = shown.to_string();
    let origin = Arc::new(Origin {
        file: name.clone(),
        sheet: None,
    });
    let mut add = |t, f: &mut Findings| sink.add(t, f);
    let mut source = Source::new(&mut add);
    let ok = workbook::read_workbook(path, &name, findings, &mut source);
    if ok && !source.formbook {
        check_sheets(&origin, &source.sheets, findings);
    }
    InputSummary {
        name,
        readable: ok && !source.sheets.is_empty(),
        rows: source.rows,
        formbook: source.formbook,
    }
}

/// The CSV files of a folder read already, by their path (see [`read_arriving_csv`]).
pub type Arrived<'a, S> = dyn Fn(&Path) -> Option<CsvPart<S>> + Sync + 'a;

/// One CSV file read on its own, joined into its source in the file order.
pub struct CsvPart<S> {
    sink: S,
    findings: Findings,
    sheets: Vec<(Sheet, bool)>,
    rows: usize,
    ok: bool,
}

/// Reads one CSV file of a folder from `input` while it is still arriving, as the file at `path`
/// will be read (the web page reads a large file while the browser sends it, instead of after).
/// `None` when that cannot stand for reading the file: a name that is no sheet's, or bytes that
/// are not all UTF-8. The file is then read with the rest of its folder.
pub fn read_arriving_csv<S: TableSink>(
    input: impl std::io::Read,
    path: &Path,
    blank: &S,
) -> Option<CsvPart<S>> {
    let mut findings = Findings::default();
    let csv::Named::Sheet(sheet) = csv::sheet_of(path, &[], &mut findings) else {
        return None;
    };
    // The name's findings come again when the folder is read; only the file's own are kept.
    let mut findings = Findings::default();
    let mut part = blank.fork();
    let mut add = |t, f: &mut Findings| part.add(t, f);
    let mut source = Source::new(&mut add);
    let ok = csv::read_csv_stream(input, path, sheet, &mut findings, &mut source)?;
    let (sheets, rows) = (source.sheets, source.rows);
    Some(CsvPart {
        sink: part,
        findings,
        sheets,
        rows,
        ok,
    })
}

fn read_csv_group<S: TableSink>(
    name: &str,
    files: &[PathBuf],
    findings: &mut Findings,
    sink: &mut S,
    arrived: &Arrived<'_, S>,
) -> InputSummary {
    let origin = Arc::new(Origin {
        file: name.to_string(),
        sheet: None,
    });
    let mut named: Vec<Sheet> = Vec::new();
    let mut any = false;
    let mut jobs: Vec<(&PathBuf, Sheet)> = Vec::new();
    for f in files {
        match csv::sheet_of(f, &named, findings) {
            csv::Named::Sheet(sheet) => {
                named.push(sheet);
                jobs.push((f, sheet));
            }
            csv::Named::Unknown => any = true, // skipped with a warning, not a failure
            csv::Named::Duplicate => {}
        }
    }
    let ready: Vec<Option<CsvPart<S>>> = jobs.iter().map(|(path, _)| arrived(path)).collect();
    // The largest files first, while the records are still few: the peak is then one large file
    // and the records, not two large files and all the records.
    let mut order: Vec<usize> = (0..jobs.len()).filter(|&i| ready[i].is_none()).collect();
    order.sort_by_key(|&i| {
        std::cmp::Reverse(std::fs::metadata(jobs[i].0).map(|m| m.len()).unwrap_or(0))
    });
    let blank = sink.fork();
    let read_one = |i: usize| {
        let (path, sheet) = jobs[i];
        let mut part = blank.fork();
        let mut part_findings = Findings::default();
        let mut add = |t, f: &mut Findings| part.add(t, f);
        let mut source = Source::new(&mut add);
        let ok = csv::read_csv(path, sheet, &mut part_findings, &mut source);
        let (sheets, rows) = (source.sheets, source.rows);
        crate::memory::release_freed(); // the file's bytes, before the next file
        CsvPart {
            sink: part,
            findings: part_findings,
            sheets,
            rows,
            ok,
        }
    };
    let threads = crate::parallel::threads(None, order.len());
    let mut reads: Vec<(usize, Option<CsvPart<S>>)> = order
        .iter()
        .copied()
        .zip(crate::parallel::map(
            &order,
            threads,
            || (),
            |_, &i| read_one(i),
            || false,
        ))
        .collect();
    reads.extend(
        ready
            .into_iter()
            .enumerate()
            .filter_map(|(i, part)| part.map(|p| (i, Some(p)))),
    );
    reads.sort_by_key(|(i, _)| *i);
    let mut sheets = Vec::new();
    let mut rows = 0;
    for (i, read) in reads {
        let Some(read) = read else {
            let file = Arc::new(Origin {
                file: display_name(jobs[i].0),
                sheet: None,
            });
            ReadError::Internal { csv: true }.report(Location::file(&file), findings);
            continue;
        };
        sink.join(read.sink);
        findings.append(read.findings);
        sheets.extend(read.sheets);
        rows += read.rows;
        any |= read.ok;
    }
    if any || files.is_empty() {
        check_sheets(&origin, &sheets, findings);
    }
    InputSummary {
        name: name.to_string(),
        readable: any && !sheets.is_empty(),
        rows,
        formbook: false,
    }
}

/// The ケース sheet is what everything refers to; the others are optional per source (a form the
/// office does not use), but a source with none of our sheets is certainly the wrong file.
fn check_sheets(origin: &Arc<Origin>, sheets: &[(Sheet, bool)], findings: &mut Findings) {
    if sheets.is_empty() {
        findings.error("E005", Location::file(origin), None, "ケースマネジメントの様式のシート（ケース、支援計画、ニーズ など）が1つもありません。cmsheets template で作った様式に入力してください。");
        return;
    }
    // A file of the 地域区分 alone (given with the intake files) refers to no case.
    let areas_only = sheets.iter().all(|(s, _)| *s == Sheet::Areas);
    if !areas_only && !sheets.iter().any(|(s, _)| *s == Sheet::Cases) {
        findings.error("E002", Location::file(origin), None, "シート「ケース」（cases）がありません。ほかのシートの行はケースIDでケースシートを参照するため、ケースシートを追加してください。");
    }
}

/// The bytes of an input file, or an E001 naming it.
pub(crate) fn read_file(path: &Path, here: &Location, findings: &mut Findings) -> Option<Vec<u8>> {
    use std::io::Read;
    let read = open_input(path).and_then(|mut file| {
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map(|_| bytes)
    });
    read.map_err(|e| {
        let reason = io_reason(&e);
        ReadError::File { reason }.report(here.clone(), findings)
    })
    .ok()
}

fn io_reason(e: &std::io::Error) -> String {
    if let Some(NotRegular(kind)) = e.get_ref().and_then(|r| r.downcast_ref::<NotRegular>()) {
        return format!("通常のファイルではなく{kind}です");
    }
    match e.kind() {
        std::io::ErrorKind::NotFound => "見つかりません",
        std::io::ErrorKind::PermissionDenied => "読み取り権限がありません",
        std::io::ErrorKind::IsADirectory => "フォルダです",
        _ => "入出力エラー",
    }
    .to_string()
}

/// What an input is when it is not a regular file: a FIFO, a device or a socket never ends or
/// blocks a read, so it is never read.
#[derive(Debug)]
struct NotRegular(&'static str);

impl std::fmt::Display for NotRegular {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::error::Error for NotRegular {}

/// How a file type other than a regular file or a folder is named to the user.
fn special_kind(t: std::fs::FileType) -> Option<&'static str> {
    if t.is_file() || t.is_dir() {
        return None;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Some("名前付きパイプ（FIFO）");
        }
        if t.is_char_device() || t.is_block_device() {
            return Some("デバイス");
        }
        if t.is_socket() {
            return Some("ソケット");
        }
    }
    Some("特殊なファイル")
}

/// The E001 for an input that exists but is no regular file (itself, or what its link points
/// to), said before anything opens it; false when it is a file or folder (or missing).
fn refuse_special(path: &Path, findings: &mut Findings) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    let Some(kind) = special_kind(meta.file_type()) else {
        return false;
    };
    let linked = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let what = if linked {
        format!("{kind}へのリンク")
    } else {
        kind.to_string()
    };
    let origin = Arc::new(Origin {
        file: display_name(path),
        sheet: None,
    });
    ReadError::NotRegular { what }.report(Location::file(&origin), findings);
    true
}

/// Opens an input to read, never blocking: non-blocking, so a FIFO swapped in after the checks
/// above cannot hang the open, and refused unless what was opened is a regular file.
pub(crate) fn open_input(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOCTTY);
    }
    let file = options.open(path)?;
    let t = file.metadata()?.file_type();
    if t.is_dir() {
        return Err(std::io::ErrorKind::IsADirectory.into());
    }
    match special_kind(t) {
        Some(kind) => Err(std::io::Error::other(NotRegular(kind))),
        None => Ok(file),
    }
}
