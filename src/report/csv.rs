//! Each table of the report as a CSV file (`--csv DIR`): UTF-8 with a BOM, which Excel needs to
//! read UTF-8. Rates are percentages with one decimal (the heading says （%）), as Japanese
//! statistical tables print them; suppressed cells are `*`.

use super::detail::Value;
use super::table::{Cell, Layout, Table};
use super::Report;
use crate::output::{write_atomic, OutputError};
use std::path::{Path, PathBuf};

const BOM: &[u8] = "\u{feff}".as_bytes();

fn text(cell: &Cell) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(v) => v.to_string(),
        Cell::Count(v) => v.to_string(),
        Cell::Rate { num, den } => format!("{:.1}", *num as f64 * 100.0 / *den as f64),
        Cell::Mean { sum, n } => format!("{:.2}", *sum as f64 / *n as f64),
        Cell::Date(d) => d.to_string(),
        Cell::Empty => String::new(),
        Cell::Suppressed => "*".into(),
    }
}

fn heading(table: &Table, c: usize) -> String {
    let h = table.columns[c].flat_heading();
    if table.columns[c].measure.is_some_and(|m| m.percent) {
        format!("{h}（%）")
    } else {
        h
    }
}

fn finish(w: csv::Writer<Vec<u8>>) -> Vec<u8> {
    let mut bytes = BOM.to_vec();
    bytes.extend(w.into_inner().unwrap_or_default());
    bytes
}

/// The bytes of one table's CSV.
pub fn table_csv(table: &Table) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    match table.layout {
        Layout::Rows => {
            w.write_record((0..table.columns.len()).map(|c| heading(table, c)))?;
            for row in &table.rows {
                w.write_record(row.iter().map(text))?;
            }
        }
        Layout::Transposed => {
            w.write_record(["区分", "項目", "値"])?;
            if let Some(values) = table.rows.first() {
                for (c, cell) in values.iter().enumerate() {
                    let band = table.columns[c].band.unwrap_or("");
                    w.write_record([band.to_string(), heading(table, c), text(cell)])?;
                }
            }
        }
    }
    Ok(finish(w))
}

/// Writes every table (and 明細 unless suppressed) into `dir`; returns the files written.
pub fn write(report: &Report, dir: &Path) -> Result<Vec<PathBuf>, OutputError> {
    let fail = |path: &Path, e: csv::Error| OutputError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut written = Vec::new();
    for table in report.sheets.iter().flat_map(|s| &s.tables) {
        crate::interrupt::checkpoint();
        let path = dir.join(format!("{}.csv", table.name));
        let bytes = table_csv(table).map_err(|e| fail(&path, e))?;
        write_atomic(&path, &bytes)?;
        written.push(path);
    }
    if let Some(view) = report.detail() {
        let path = dir.join("明細.csv");
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(Vec::new());
        w.write_record(view.headings())
            .map_err(|e| fail(&path, e))?;
        let mut values = Vec::new();
        let mut record = Vec::new();
        for (i, r) in view.rows().iter().enumerate() {
            if i % 1024 == 0 {
                crate::interrupt::checkpoint();
            }
            view.row(r, &mut values);
            record.clear();
            record.extend(values.iter().map(|v| match *v {
                Value::Text(s) => s.to_string(),
                Value::Number(n) => n.to_string(),
                Value::Date(d) => d.to_string(),
                Value::Blank => String::new(),
            }));
            w.write_record(&record).map_err(|e| fail(&path, e))?;
        }
        write_atomic(&path, &finish(w))?;
        written.push(path);
    }
    Ok(written)
}
