//! How a 様式ブック was read, cell by cell: for `cmsheets inspect` and the 読み取り結果 view of
//! `cmsheets serve`. Each filled cell of a form sheet is what the reader made of it — a field of
//! a record, the form's own text, or unread (W510) — so an office checks its own layout once.

use super::account;
use super::grid::{Area, Pos};
use super::reader::{form_of, read_forms, RawSheet};
use crate::contract::sheets::Sheet;
use crate::finding::{Findings, Origin};
use crate::forms::Form;
use std::collections::HashMap;
use std::sync::Arc;

/// What a filled cell became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Role {
    /// The value of a field: 「支援計画 › 私の長期目標」.
    Field(String),
    /// Part of a value read with the cells before it (a date typed across 年・月・日, a block's
    /// lines, a group of boxes).
    Read,
    /// A label, an option, the legend, a blank's punctuation.
    FormText,
    /// Typed where the reader did not look: a W510, in the named section.
    Unread(&'static str),
    /// A cell of a sheet that is not a form (説明, the office's notes): not read.
    NotAForm,
}

#[derive(Debug, Clone)]
pub struct CellView {
    pub row: u32,
    pub col: u32,
    pub text: String,
    pub role: Role,
}

#[derive(Debug, Clone)]
pub struct SheetView {
    pub name: String,
    pub form: Option<Form>,
    /// The used range: first row and column (0-based), height and width.
    pub top: u32,
    pub left: u32,
    pub height: u32,
    pub width: u32,
    pub cells: Vec<CellView>,
    pub merges: Vec<Area>,
}

#[derive(Debug, Clone)]
pub struct BookView {
    pub file: String,
    pub case_id: Option<String>,
    pub sheets: Vec<SheetView>,
}

impl BookView {
    pub fn unread(&self) -> impl Iterator<Item = (&SheetView, &CellView)> {
        self.sheets.iter().flat_map(|s| {
            s.cells
                .iter()
                .filter(|c| matches!(c.role, Role::Unread(_)))
                .map(move |c| (s, c))
        })
    }

    pub fn count(&self, pick: impl Fn(&Role) -> bool) -> usize {
        self.sheets
            .iter()
            .flat_map(|s| &s.cells)
            .filter(|c| pick(&c.role))
            .count()
    }
}

/// Reads the book as [`super::read`] does and tells, for each filled cell, what it became.
pub fn inspect(
    file: &Arc<Origin>,
    stem: &str,
    sheets: &[RawSheet],
    date1904: bool,
    findings: &mut Findings,
) -> BookView {
    let recs = read_forms(file, stem, sheets, date1904, findings);
    let mut fields: HashMap<(String, u32, u32), String> = HashMap::new();
    let mut case_id = None;
    for rec in &recs {
        if rec.sheet == Sheet::Cases && case_id.is_none() {
            case_id = super::grid::text_of(&rec.cells[0]).map(|t| t.into_owned());
        }
        for ((cell, at), column) in rec.cells.iter().zip(&rec.at).zip(rec.sheet.columns()) {
            let Some(at) = at else { continue };
            let (Some(sheet), Some(col)) = (&at.origin.sheet, at.col) else {
                continue;
            };
            if cell.is_empty() || at.row == 0 {
                continue;
            }
            fields
                .entry((sheet.clone(), at.row - 1, col))
                .or_insert_with(|| format!("{} › {}", rec.sheet.ja(), column.ja));
        }
    }
    let views = sheets
        .iter()
        .map(|s| {
            let g = &s.grid;
            let form = form_of(s);
            let cells = g
                .filled()
                .map(|p: Pos| {
                    let role = match form {
                        None => Role::NotAForm,
                        Some(form) => match fields.get(&(s.name.clone(), p.row, p.col)) {
                            Some(name) => Role::Field(name.clone()),
                            None if g.is_used(p) => Role::Read,
                            None if account::is_form_text(form, g.key(p)) => Role::FormText,
                            None => Role::Unread(account::section_of(g, form, p)),
                        },
                    };
                    CellView {
                        row: p.row,
                        col: p.col,
                        text: g.text(p).unwrap_or_default().into_owned(),
                        role,
                    }
                })
                .collect();
            SheetView {
                name: s.name.clone(),
                form,
                top: g.rows().start,
                left: g.cols().start,
                height: g.rows().len() as u32,
                width: g.cols().len() as u32,
                cells,
                merges: g.merges().to_vec(),
            }
        })
        .collect();
    BookView {
        file: file.file.clone(),
        case_id,
        sheets: views,
    }
}
