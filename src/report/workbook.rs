//! The report as an Excel workbook (rust_xlsxwriter): one sheet per [`Sheet`], then 明細 as an
//! Excel table. Widths are computed from the text (full-width characters count double), since
//! Excel's and rust_xlsxwriter's autofit undercount Japanese.

use super::detail::{DetailView, Value};
use super::table::{group_digits, Cell, ChartSpec, Layout, Sheet, Table};
use super::Report;
use crate::contract::text::display_width;
use crate::progress::Progress;
use chrono::NaiveDate;
use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartFont, ChartLegendPosition, ChartRange, ChartSolidFill,
    ChartType, Color, DocProperties, Format, FormatAlign, FormatBorder, ObjectMovement,
    Table as XlsxTable, TableColumn, TableStyle, Workbook, Worksheet, XlsxError,
};

/// Excel's Japanese default font since 2016 (Windows and macOS). Without it Excel falls back to
/// its Japanese UI font, which is what we want anyway.
pub const FONT: &str = "游ゴシック";
/// 游ゴシック 11pt: Excel's default row height (18.75pt) and column width (8.38) in pixels.
const ROW_PX: u32 = 25;
const COL_PX: u32 = 72;
const ROW_PT: f64 = 18.75;
/// Widest a column grows; longer text wraps.
const MAX_WIDTH: usize = 80;
/// Excel's last row is 1,048,576; 明細 continues on another sheet after this many data rows.
pub const DETAIL_ROWS_PER_SHEET: usize = 1_048_575;
/// Counts as published statistics print them: a zero shows as 「-」, the cell stays the number 0
/// (sums and the reader's own formulas still work).
const COUNT_FORMAT: &str = "#,##0;-#,##0;\"-\"";
/// 明細 rows per progress step.
pub const PROGRESS_CHUNK: usize = 20_000;

/// How a row of a grouped table prints: a group, a 小計, or 全体.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RowKind {
    Group,
    Subtotal,
    Total,
}

/// The formats of one kind of row.
struct RowFormats {
    label: Format,
    count: Format,
    rate: Format,
    mean: Format,
    star: Format,
}

impl RowFormats {
    fn new(cell: Format) -> RowFormats {
        RowFormats {
            label: cell.clone(),
            count: cell.clone().set_num_format(COUNT_FORMAT),
            rate: cell.clone().set_num_format("0.0%"),
            mean: cell.clone().set_num_format("0.00"),
            star: cell.set_align(FormatAlign::Right),
        }
    }
}

struct Formats {
    title: Format,
    caption: Format,
    band: Format,
    heading: Format,
    note: Format,
    wrap: Format,
    date: Format,
    group: RowFormats,
    subtotal: RowFormats,
    total: RowFormats,
    key: Format,
    key_value: Format,
    key_rate: Format,
    key_mean: Format,
    key_star: Format,
    section: Format,
    plain_date: Format,
}

fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(11)
        .set_font_charset(128)
}

impl Formats {
    fn new() -> Formats {
        let cell = || {
            base()
                .set_border(FormatBorder::Thin)
                .set_align(FormatAlign::VerticalCenter)
        };
        let heading_fill = Color::RGB(0xDDEBF7);
        Formats {
            title: base().set_bold().set_font_size(14),
            caption: base().set_bold().set_font_size(12),
            band: cell()
                .set_bold()
                .set_background_color(Color::RGB(0xBDD7EE))
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            heading: cell()
                .set_bold()
                .set_background_color(heading_fill)
                .set_align(FormatAlign::Center)
                .set_text_wrap(),
            note: base().set_font_color(Color::RGB(0x595959)),
            wrap: cell().set_text_wrap().set_align(FormatAlign::Top),
            date: cell().set_num_format("yyyy/m/d"),
            group: RowFormats::new(cell()),
            subtotal: RowFormats::new(cell().set_bold().set_background_color(Color::RGB(0xF7F7F7))),
            total: RowFormats::new(
                cell()
                    .set_bold()
                    .set_background_color(Color::RGB(0xF2F2F2))
                    .set_border_top(FormatBorder::Double)
                    .set_border_bottom(FormatBorder::Double),
            ),
            key: cell().set_background_color(heading_fill),
            key_value: cell().set_num_format("#,##0").set_align(FormatAlign::Left),
            key_rate: cell().set_num_format("0.0%").set_align(FormatAlign::Left),
            key_mean: cell().set_num_format("0.00").set_align(FormatAlign::Left),
            key_star: cell().set_align(FormatAlign::Left),
            section: cell().set_bold().set_background_color(Color::RGB(0xBDD7EE)),
            plain_date: base().set_num_format("yyyy/m/d"),
        }
    }

    fn of(&self, cell: &Cell, kind: RowKind) -> &Format {
        let row = match kind {
            RowKind::Group => &self.group,
            RowKind::Subtotal => &self.subtotal,
            RowKind::Total => &self.total,
        };
        match cell {
            Cell::Count(_) | Cell::Int(_) => &row.count,
            Cell::Rate { .. } => &row.rate,
            Cell::Mean { .. } => &row.mean,
            Cell::Suppressed => &row.star,
            Cell::Date(_) => &self.date,
            Cell::Text(t)
                if kind == RowKind::Group && (t.contains('\n') || display_width(t) > MAX_WIDTH) =>
            {
                &self.wrap
            }
            _ => &row.label,
        }
    }

    fn key_of(&self, cell: &Cell) -> &Format {
        match cell {
            Cell::Rate { .. } => &self.key_rate,
            Cell::Mean { .. } => &self.key_mean,
            Cell::Suppressed | Cell::Empty => &self.key_star,
            _ => &self.key_value,
        }
    }
}

/// Excel's day count of a date (1900 system).
fn serial(d: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("a real date");
    (d - epoch).num_days() as f64
}

/// What a cell shows, for its width.
fn shown(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(v) => group_digits(*v as u64),
        Cell::Count(v) => group_digits(*v),
        Cell::Rate { .. } => "100.0%".into(),
        Cell::Mean { sum, n } => format!("{:.2}", *sum as f64 / *n as f64),
        Cell::Date(_) => "2024/12/31".into(),
        Cell::Empty => String::new(),
        Cell::Suppressed => "*".into(),
    }
}

/// Column widths that fit the text, in Excel's character units.
struct Widths(Vec<usize>);

impl Widths {
    fn fit(&mut self, col: usize, text: &str, extra: usize) {
        if self.0.len() <= col {
            self.0.resize(col + 1, 0);
        }
        let w = (display_width(text) + extra).min(MAX_WIDTH);
        self.0[col] = self.0[col].max(w);
    }

    fn apply(&self, ws: &mut Worksheet) -> Result<(), XlsxError> {
        for (c, w) in self.0.iter().enumerate() {
            // Two characters of padding; bold headings and filter buttons need the room.
            ws.set_column_width(c as u16, (*w + 2).max(6) as f64)?;
        }
        Ok(())
    }
}

/// Lines a text takes in a column `width` wide (wrapped text gets a taller row).
fn lines_in(text: &str, width: usize) -> usize {
    text.lines()
        .map(|l| display_width(l).div_ceil(width.max(1)).max(1))
        .sum::<usize>()
        .max(1)
}

fn chart_font() -> ChartFont {
    let mut f = ChartFont::new();
    f.set_name(FONT).set_character_set(128);
    f
}

/// A chart's categories or values: the cells of `col` in `rows` (0-based sheet rows, ascending),
/// one range per run of neighbouring rows (the 地域 of a nested table are split by 小計 rows).
fn chart_range(sheet: &str, rows: &[u32], col: u16) -> ChartRange {
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &r in rows {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == r => *last = r,
            _ => runs.push((r, r)),
        }
    }
    if let [(first, last)] = runs[..] {
        return ChartRange::new_from_range(sheet, first, col, last, col);
    }
    let name = format!("'{}'", sheet.replace('\'', "''"));
    let parts: Vec<String> = runs
        .iter()
        .map(|&(a, b)| {
            let (a, b) = (
                rust_xlsxwriter::utility::row_col_to_cell_absolute(a, col),
                rust_xlsxwriter::utility::row_col_to_cell_absolute(b, col),
            );
            format!("{name}!{a}:{b}")
        })
        .collect();
    ChartRange::new_from_string(&format!("=({})", parts.join(",")))
}

/// Draws a chart at row `at`; returns the rows it covers. `rows`: the sheet rows of the groups
/// it shows; `label_col`: the column naming them.
fn add_chart(
    ws: &mut Worksheet,
    sheet: &str,
    table: &Table,
    spec: &ChartSpec,
    at: u32,
    rows: &[u32],
    label_col: u16,
) -> Result<u32, XlsxError> {
    let kind = match spec.horizontal {
        true => ChartType::BarStacked,
        false => ChartType::ColumnStacked,
    };
    let mut chart = Chart::new(kind);
    for &(col, rgb) in &spec.series {
        let name = table.columns[col].heading.replace('\n', " ");
        chart
            .add_series()
            .set_name(name.as_str())
            .set_categories(&chart_range(sheet, rows, label_col))
            .set_values(&chart_range(sheet, rows, col as u16))
            .set_format(ChartSolidFill::new().set_color(Color::RGB(rgb)))
            .set_gap(60);
    }
    let font = chart_font();
    let mut title_font = chart_font();
    title_font.set_bold().set_size(12);
    chart.title().set_name(&spec.title).set_font(&title_font);
    chart
        .legend()
        .set_position(ChartLegendPosition::Top)
        .set_font(&font);
    chart.x_axis().set_font(&font);
    chart.y_axis().set_font(&font);
    // rust_xlsxwriter names the axes by role: in a bar chart the categories run up the y axis.
    let values_axis = if spec.horizontal {
        chart.x_axis()
    } else {
        chart.y_axis()
    };
    values_axis.set_num_format(if spec.percent_axis { "0%" } else { "#,##0" });
    let groups = rows.len() as u32;
    let height = if spec.horizontal {
        // At most what one landscape page holds below the repeated headings.
        (110 + 22 * groups).clamp(300, 720)
    } else {
        380
    };
    if spec.horizontal {
        // The first group at the top, as in the table, with the values axis kept at the bottom.
        chart
            .y_axis()
            .set_reverse()
            .set_crossing(ChartAxisCrossing::Max);
    }
    chart.set_width(760).set_height(height);
    chart.set_object_movement(ObjectMovement::MoveButDontSizeWithCells);
    chart.set_alt_text(&spec.title);
    // The rows under the chart are given its height, so that a program whose default row is
    // lower (LibreOffice without 游ゴシック) still keeps the chart within them.
    let covered = height.div_ceil(ROW_PX);
    for r in at..at + covered {
        ws.set_row_height(r, ROW_PT)?;
    }
    ws.insert_chart(at, 0, &chart)?;
    Ok(covered)
}

fn write_sheet(
    ws: &mut Worksheet,
    sheet: &Sheet,
    f: &Formats,
    made: &str,
) -> Result<(), XlsxError> {
    ws.set_name(sheet.name)?;
    let mut widths = Widths(Vec::new());
    ws.write_string_with_format(0, 0, &sheet.title, &f.title)?;
    let mut row: u32 = 2;
    let mut frozen = false;
    // Charts go after every table of the sheet, so that none is ever drawn over a table.
    let mut charts: Vec<(&Table, Vec<u32>, u16)> = Vec::new();
    for table in &sheet.tables {
        if table.caption != sheet.title {
            ws.write_string_with_format(row, 0, &table.caption, &f.caption)?;
            row += 1;
        }
        match table.layout {
            Layout::Rows => {
                if table.columns.iter().any(|c| c.band.is_some()) {
                    write_bands(ws, table, row, f)?;
                    row += 1;
                }
                let heading_row = row;
                let mut lines = 1;
                for (c, col) in table.columns.iter().enumerate() {
                    ws.write_string_with_format(row, c as u16, &col.heading, &f.heading)?;
                    widths.fit(c, &col.heading, 1);
                    lines = lines.max(col.heading.lines().count());
                }
                ws.set_row_height(row, ROW_PT * lines as f64 + 2.0)?;
                row += 1;
                let first_data = row;
                row = write_rows(ws, table, row, f, &mut widths)?;
                let labels = table
                    .columns
                    .iter()
                    .take_while(|c| c.measure.is_none())
                    .count() as u16;
                let groups: Vec<u32> = table.group_rows().map(|r| first_data + r as u32).collect();
                // A 全体 row at the end stays out of the filter and out of sorting; one at the top
                // (nested tables) is inside the range, as filters need the heading above the data.
                let last_filtered = match table.total_row {
                    Some(t) if t + 1 == table.rows.len() => first_data + t as u32,
                    _ => first_data + table.rows.len() as u32,
                };
                if table.filter && last_filtered > first_data {
                    ws.autofilter(
                        heading_row,
                        0,
                        last_filtered - 1,
                        table.columns.len() as u16 - 1,
                    )?;
                }
                if !frozen && table.filter {
                    ws.set_freeze_panes(first_data, labels.min(3))?;
                    ws.set_repeat_rows(heading_row.saturating_sub(1), heading_row)?;
                    frozen = true;
                }
                if !groups.is_empty() && !table.charts.is_empty() {
                    charts.push((table, groups, labels.saturating_sub(1)));
                }
            }
            Layout::Transposed => row = write_transposed(ws, table, row, f, &mut widths)?,
        }
        for note in &table.notes {
            ws.write_string_with_format(row, 0, note, &f.note)?;
            row += 1;
        }
        row += 1;
    }
    if !charts.is_empty() {
        // On a page of their own: a chart cut by a page break prints as two halves.
        ws.set_page_breaks(&[row])?;
    }
    for (table, rows, label_col) in charts {
        for spec in &table.charts {
            row += add_chart(ws, sheet.name, table, spec, row, &rows, label_col)?;
            row += 1;
        }
    }
    widths.apply(ws)?;
    print_setup(ws, &sheet.title, &format!("作成日 {made}"));
    Ok(())
}

/// A table of one measure per row, the heading in the first column and the value in the second,
/// under its bands; returns the row after it.
fn write_transposed(
    ws: &mut Worksheet,
    table: &Table,
    mut row: u32,
    f: &Formats,
    widths: &mut Widths,
) -> Result<u32, XlsxError> {
    let Some(values) = table.rows.first() else {
        return Ok(row);
    };
    let mut band = None;
    for (col, cell) in table.columns.iter().zip(values) {
        if col.band != band {
            band = col.band;
            let name = band.unwrap_or("");
            ws.write_string_with_format(row, 0, name, &f.section)?;
            ws.write_blank(row, 1, &f.section)?;
            widths.fit(0, name, 1);
            row += 1;
        }
        let heading = col.flat_heading();
        ws.write_string_with_format(row, 0, &heading, &f.key)?;
        widths.fit(0, &heading, 0);
        write_cell(ws, row, 1, cell, f.key_of(cell))?;
        widths.fit(1, &shown(cell), 0);
        row += 1;
    }
    Ok(row)
}

/// The data rows of a table under its headings (total and subtotal rows in their formats, rows
/// as tall as their texts); returns the row after them.
fn write_rows(
    ws: &mut Worksheet,
    table: &Table,
    mut row: u32,
    f: &Formats,
    widths: &mut Widths,
) -> Result<u32, XlsxError> {
    for (r, cells) in table.rows.iter().enumerate() {
        let kind = if table.total_row == Some(r) {
            RowKind::Total
        } else if table.subtotals.contains(&r) {
            RowKind::Subtotal
        } else {
            RowKind::Group
        };
        let mut height_lines = 1;
        for (c, cell) in cells.iter().enumerate() {
            write_cell(ws, row, c as u16, cell, f.of(cell, kind))?;
            let text = shown(cell);
            widths.fit(c, &text, 0);
            if matches!(cell, Cell::Text(_)) {
                height_lines = height_lines.max(lines_in(&text, MAX_WIDTH));
            }
        }
        if height_lines > 1 {
            ws.set_row_height(row, ROW_PT * height_lines as f64)?;
        }
        row += 1;
    }
    Ok(row)
}

/// A4 landscape, one page wide, each page saying what it is (`title` on top), `footnote` bottom
/// left and the page n / m bottom right. Shared by every sheet cmsheets writes for print
/// (集計ブック, 明細, 見直し予定).
pub fn print_setup(ws: &mut Worksheet, title: &str, footnote: &str) {
    let quote = |s: &str| s.replace('&', "&&");
    ws.set_landscape().set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_header(format!("&C{}", quote(title)));
    ws.set_footer(format!("&L{}&R&P / &N ページ", quote(footnote)));
}

fn write_bands(ws: &mut Worksheet, table: &Table, row: u32, f: &Formats) -> Result<(), XlsxError> {
    let mut c = 0;
    while c < table.columns.len() {
        let band = table.columns[c].band;
        let mut end = c;
        while end + 1 < table.columns.len() && table.columns[end + 1].band == band {
            end += 1;
        }
        let text = band.unwrap_or("");
        if end > c {
            ws.merge_range(row, c as u16, row, end as u16, text, &f.band)?;
        } else {
            ws.write_string_with_format(row, c as u16, text, &f.band)?;
        }
        c = end + 1;
    }
    ws.set_row_height(row, ROW_PT * 1.2)?;
    Ok(())
}

fn write_cell(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    cell: &Cell,
    format: &Format,
) -> Result<(), XlsxError> {
    match cell {
        Cell::Text(s) => ws.write_string_with_format(row, col, s, format)?,
        Cell::Suppressed => ws.write_string_with_format(row, col, "*", format)?,
        Cell::Empty => ws.write_blank(row, col, format)?,
        Cell::Date(d) => ws.write_number_with_format(row, col, serial(*d), format)?,
        _ => ws.write_number_with_format(row, col, cell.number().unwrap_or_default(), format)?,
    };
    Ok(())
}

/// 明細 on as many sheets as Excel's row limit needs, each an Excel table.
fn write_detail(
    wb: &mut Workbook,
    view: &DetailView<'_>,
    f: &Formats,
    made: &str,
    progress: Option<&Progress>,
) -> Result<(), XlsxError> {
    let headings = view.headings();
    let rows = view.rows();
    let chunks: Vec<&[super::aggregate::DetailRow]> = if rows.is_empty() {
        vec![&[]]
    } else {
        rows.chunks(DETAIL_ROWS_PER_SHEET).collect()
    };
    let mut values = Vec::with_capacity(headings.len());
    for (i, chunk) in chunks.iter().enumerate() {
        // Filled row by row, top to bottom, with the table before its rows: a constant-memory
        // worksheet streams its cells to a temporary file instead of holding a million rows.
        let ws = wb.add_worksheet_with_low_memory()?;
        let suffix = if i == 0 {
            String::new()
        } else {
            (i + 1).to_string()
        };
        ws.set_name(format!("明細{suffix}"))?;
        let mut widths = Widths(Vec::new());
        for (c, (h, w)) in headings.iter().zip(view.value_widths()).enumerate() {
            // Room for the table's filter button beside the heading.
            widths.fit(c, h, 3);
            widths.0[c] = widths.0[c].max(w.min(MAX_WIDTH));
        }
        widths.apply(ws)?;
        ws.set_freeze_panes(1, 0)?;
        ws.set_repeat_rows(0, 0)?;
        print_setup(ws, &format!("明細{suffix}（評価したニーズ1件を1行）"), made);
        if chunk.is_empty() {
            for (c, h) in headings.iter().enumerate() {
                ws.write_string_with_format(0, c as u16, *h, &f.heading)?;
            }
            ws.write_string_with_format(2, 0, "集計の対象になったニーズはありません。", &f.note)?;
            continue;
        }
        let columns: Vec<TableColumn> = headings
            .iter()
            .map(|h| {
                TableColumn::new()
                    .set_header(*h)
                    .set_header_format(&f.heading)
            })
            .collect();
        let table = XlsxTable::new()
            .set_name(format!("明細表{suffix}"))
            .set_style(TableStyle::Light9)
            .set_columns(&columns);
        ws.add_table(0, 0, chunk.len() as u32, headings.len() as u16 - 1, &table)?;
        for (k, r) in chunk.iter().enumerate() {
            let row = k as u32 + 1;
            view.row(r, &mut values);
            for (c, v) in values.iter().enumerate() {
                let col = c as u16;
                match *v {
                    Value::Text(s) => {
                        ws.write_string(row, col, s)?;
                    }
                    Value::Number(n) => {
                        ws.write_number(row, col, n)?;
                    }
                    Value::Date(d) => {
                        ws.write_number_with_format(row, col, serial(d), &f.plain_date)?;
                    }
                    Value::Blank => {}
                }
            }
            if k % PROGRESS_CHUNK == PROGRESS_CHUNK - 1 {
                crate::interrupt::checkpoint();
                if let Some(p) = progress {
                    p.inc();
                }
            }
        }
    }
    Ok(())
}

/// The number of progress steps [`write`] reports.
pub fn progress_steps(report: &Report) -> u64 {
    report
        .figures
        .detail
        .as_ref()
        .map_or(0, |d| d.rows.len() / PROGRESS_CHUNK) as u64
}

pub fn write(report: &Report, progress: Option<&Progress>) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    // A million-row 明細 is hundreds of MB of XML: light compression saves seconds for a file
    // that is still a fraction of that size.
    wb.set_zip_compression_level(1);
    wb.set_default_format(&base(), ROW_PX, COL_PX)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("ケースマネジメント 評価結果・目標達成 集計レポート")
            .set_subject("地域別・期間別の集計")
            .set_comment("cmsheets report で作成"),
    );
    let f = Formats::new();
    for sheet in &report.sheets {
        let ws = wb.add_worksheet();
        write_sheet(ws, sheet, &f, &report.made)?;
    }
    if let Some(view) = report.detail() {
        write_detail(
            &mut wb,
            &view,
            &f,
            &format!("作成日 {}", report.made),
            progress,
        )?;
    }
    if let Ok(ws) = wb.worksheet_from_index(0) {
        ws.set_active(true);
    }
    wb.save_to_buffer()
}
