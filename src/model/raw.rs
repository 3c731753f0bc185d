//! The intake as every reader yields it, before the columns' types are applied: tables of cells
//! in the contract's columns, each value with where it stands in its source. The tabular readers
//! (`ingest`) and the 様式ブック reader give the same tables; `load` turns them into records.

use crate::contract::sheets::Sheet;
use crate::finding::{Findings, Location, Origin};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// A cell as read, before the column's type is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell the workbook marks as a date (calamine recognised its number format).
    Date(NaiveDate),
    /// A date cell outside what a calendar date can be.
    BadDate,
    /// `#N/A`, `#REF!`… left in the workbook.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(s) => crate::contract::text::trim(s).is_empty(),
            _ => false,
        }
    }
}

/// One sheet (or CSV file) with its columns mapped onto the contract's.
#[derive(Debug)]
pub struct Table {
    pub sheet: Sheet,
    pub origin: Arc<Origin>,
    /// The workbook counts serial dates from 1904 (old Mac Excel).
    pub date1904: bool,
    /// Where each contract column's value stands in the source.
    pub layout: Layout,
    pub rows: Vec<Row>,
}

/// Where the values of a table's records stand in the source, to point findings at their cells.
#[derive(Debug, Clone)]
pub enum Layout {
    /// The tabular intake: a record per row, and for each contract column the 0-based source
    /// column it came from.
    Columns(Vec<Option<u32>>),
    /// A 様式ブック: a record's values stand anywhere on the form, even on another sheet of the
    /// book (the case's header fields). Keyed by the record's [`Row::line`], a number the reader
    /// gives each record (two records may share a sheet row, as the crisis plan's two columns do).
    Cells(Arc<HashMap<u32, PlacedRow>>),
}

/// Where one record of a form stands.
#[derive(Debug, Clone)]
pub struct PlacedRow {
    /// The record as a whole (its first cell): where a finding about it points.
    pub anchor: Location,
    /// Indexed like `sheet.columns()`; None = the form has no such field.
    pub fields: Vec<Option<Location>>,
}

impl Layout {
    pub fn locate(&self, origin: &Arc<Origin>, line: u32, column: usize) -> Location {
        match self {
            Layout::Columns(cols) => Location {
                origin: origin.clone(),
                row: line,
                col: cols.get(column).copied().flatten(),
            },
            Layout::Cells(rows) => match rows.get(&line) {
                Some(r) => r
                    .fields
                    .get(column)
                    .cloned()
                    .flatten()
                    .unwrap_or_else(|| r.anchor.clone()),
                None => Location::file(origin),
            },
        }
    }

    /// How a message names another record's place: its row on the same sheet, or its cell.
    pub fn describe(&self, origin: &Arc<Origin>, line: u32) -> String {
        match self {
            Layout::Columns(_) => format!("{line}行目"),
            Layout::Cells(rows) => rows.get(&line).map_or_else(
                || Location::file(origin).to_string(),
                |r| r.anchor.to_string(),
            ),
        }
    }

    /// False when the field is not on the form at all: its reader has already said which label
    /// is missing, so "the value is blank" would only repeat it.
    pub fn has_field(&self, line: u32, column: usize) -> bool {
        match self {
            Layout::Columns(_) => true,
            Layout::Cells(rows) => rows
                .get(&line)
                .is_some_and(|r| r.fields.get(column).is_some_and(Option::is_some)),
        }
    }
}

#[derive(Debug)]
pub struct Row {
    /// 1-based row number as the spreadsheet shows it (for a 様式ブック, the reader's number of
    /// the record: see [`Layout::Cells`]).
    pub line: u32,
    /// Indexed like `sheet.columns()`.
    pub cells: Vec<Cell>,
}

impl Table {
    pub fn location(&self, line: u32, column: usize) -> Location {
        self.layout.locate(&self.origin, line, column)
    }
}

/// Where read tables go, one at a time as each slice is read, so a large intake never holds all
/// its raw rows at once: records for the commands (`model::Dataset`), the tables themselves for
/// tests and tools. CSV files are read on all cores, each into an empty sink of its own that is
/// [`join`](TableSink::join)ed back in file order, so the result is the same as reading them one
/// after another.
pub trait TableSink: Send + Sync {
    /// An empty sink with the same settings, for a part read in parallel.
    fn fork(&self) -> Self;
    fn add(&mut self, table: Table, findings: &mut Findings);
    /// Takes over what another sink gathered, as if its tables had been added here.
    fn join(&mut self, other: Self);
}

impl TableSink for Vec<Table> {
    fn fork(&self) -> Self {
        Vec::new()
    }
    fn add(&mut self, table: Table, _: &mut Findings) {
        self.push(table);
    }
    fn join(&mut self, mut other: Self) {
        self.append(&mut other);
    }
}
