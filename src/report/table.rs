//! The report's tables as plain data, shared by the workbook, the CSV files and suppression.

use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// A number that labels a row (作成番号): never suppressed.
    Int(i64),
    Count(u64),
    /// Shown as a percentage; den > 0.
    Rate {
        num: u64,
        den: u64,
    },
    /// A mean per person; n > 0.
    Mean {
        sum: i64,
        n: u64,
    },
    Date(NaiveDate),
    Empty,
    /// Hidden by small-cell suppression; shown as `*`.
    Suppressed,
}

impl Cell {
    pub fn rate(num: u64, den: u64) -> Cell {
        if den == 0 {
            Cell::Empty
        } else {
            Cell::Rate { num, den }
        }
    }

    pub fn mean(sum: i64, n: u64) -> Cell {
        if n == 0 {
            Cell::Empty
        } else {
            Cell::Mean { sum, n }
        }
    }

    /// The value a spreadsheet holds: rates as fractions (formatted as %).
    pub fn number(&self) -> Option<f64> {
        match *self {
            Cell::Int(v) => Some(v as f64),
            Cell::Count(v) => Some(v as f64),
            Cell::Rate { num, den } => Some(num as f64 / den as f64),
            Cell::Mean { sum, n } => Some(sum as f64 / n as f64),
            _ => None,
        }
    }
}

/// A count as printed: digits grouped by three (12,345), as the workbook's number format and the
/// PDF summary show it.
pub fn group_digits(v: u64) -> String {
    let s = v.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// What suppression needs to know of a measure column.
#[derive(Debug, Clone, Copy)]
pub struct Measure {
    /// Stable id: the same figure has the same id in every table (its 全体 cells must agree).
    pub id: &'static str,
    /// Counts this value is built from (ids of columns of the same table): hidden with them.
    pub deps: &'static [&'static str],
    /// A mean whose hidden sum (mean × n) is itself a count to protect.
    pub guard_sum: bool,
    /// Group rows add up to the 全体 row in this column.
    pub additive: bool,
    /// A rate, shown as a percentage.
    pub percent: bool,
}

#[derive(Debug, Clone)]
pub struct Column {
    /// May hold a line break (two-line headings keep the columns narrow).
    pub heading: String,
    /// The heading band above, grouping neighbouring columns.
    pub band: Option<&'static str>,
    pub measure: Option<Measure>,
}

impl Column {
    pub fn label(heading: impl Into<String>) -> Column {
        Column {
            heading: heading.into(),
            band: None,
            measure: None,
        }
    }

    /// The heading on one line, as CSV and table headers need it.
    pub fn flat_heading(&self) -> String {
        self.heading.replace('\n', "")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Headings on top, one row per group, the 全体 row last.
    Rows,
    /// One row shown vertically: a heading and its value on each line (概要's headline).
    Transposed,
}

/// A chart drawn from a table's group rows (not the 全体 row).
#[derive(Debug, Clone)]
pub struct ChartSpec {
    pub title: String,
    /// Horizontal bars (long labels read better); columns otherwise.
    pub horizontal: bool,
    /// Stacked series: (column, RGB colour).
    pub series: Vec<(usize, u32)>,
    pub percent_axis: bool,
}

#[derive(Debug, Clone)]
pub struct Table {
    /// The CSV file stem.
    pub name: String,
    /// Printed above the table.
    pub caption: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// Index of the 全体 row.
    pub total_row: Option<usize>,
    /// Rows that sum the group rows under them (小計 of a 圏域 or 保健所): printed bold, and
    /// left out where each group should be counted once (charts).
    pub subtotals: Vec<usize>,
    /// Row equations: the parts (column indices) add up to the total column.
    pub sums: Vec<(Vec<usize>, usize)>,
    /// Column equations of a nested table: these rows add up to that one (the 地域 of a 保健所
    /// to its 小計, …, the top level to 全体). Empty: every group row adds up to 全体.
    pub row_sums: Vec<(Vec<usize>, usize)>,
    pub layout: Layout,
    /// Give the table an autofilter (at most one per sheet).
    pub filter: bool,
    pub charts: Vec<ChartSpec>,
    /// Lines printed below the table.
    pub notes: Vec<String>,
}

impl Table {
    pub fn new(name: impl Into<String>, caption: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            name: name.into(),
            caption: caption.into(),
            columns,
            rows: Vec::new(),
            total_row: None,
            subtotals: Vec::new(),
            row_sums: Vec::new(),
            sums: Vec::new(),
            layout: Layout::Rows,
            filter: false,
            charts: Vec::new(),
            notes: Vec::new(),
        }
    }

    pub fn column_of(&self, id: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.measure.is_some_and(|m| m.id == id))
    }

    /// The rows that are groups (all but 全体 and the 小計).
    pub fn group_rows(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.rows.len())
            .filter(move |r| Some(*r) != self.total_row && !self.subtotals.contains(r))
    }

    /// The equations of the columns: which rows add up to which.
    pub fn column_sums(&self) -> Vec<(Vec<usize>, usize)> {
        if !self.row_sums.is_empty() {
            return self.row_sums.clone();
        }
        match self.total_row {
            Some(t) => vec![(self.group_rows().collect(), t)],
            None => Vec::new(),
        }
    }
}

/// A worksheet: its tables, stacked top to bottom.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub name: &'static str,
    pub title: String,
    pub tables: Vec<Table>,
}
