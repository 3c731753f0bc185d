//! How a 様式ブック's values are found around their labels, for every form's reader: to the right
//! or below, joined over merged and adjacent cells, in bands of columns under headings.

use crate::contract::codes::ITEMS;
use crate::contract::date::{from_serial, parse_date};
use crate::contract::sheets::Key;
use crate::contract::text::{fold, trim};
use crate::finding::Location;
use crate::forms::book::grid::{self, Found, Grid, Pos};
use crate::forms::book::labels::{label_key, Label};
use crate::forms::book::marks::{self};
use crate::forms::book::reader::{Rec, Value};
use crate::model::raw::Cell;
use chrono::NaiveDate;

/// The value of the label at `p`: written in its own cell after 「：」, or to its right.
pub(crate) fn value_at(g: &Grid, p: Pos, inline: Option<String>, labels: &[String]) -> Value {
    if let Some(v) = inline.filter(|v| !blank_skeleton(v)) {
        g.consume(p);
        return Value {
            cell: Cell::Text(v),
            at: g.location(p),
        };
    }
    let is_label = |k: &str| labels.iter().any(|lb| is_label_key(k, lb));
    let found = g.right_of(p, &is_label);
    // The paper's blank 「　　年　　月　　日」 left as printed (in one cell or across 年・月・日):
    // no date, and the form's own text.
    let skeleton = !found.cells.is_empty()
        && found
            .cells
            .iter()
            .all(|(_, c)| grid::text_of(c).is_none_or(|t| blank_skeleton(&t)));
    if skeleton {
        return Value {
            cell: Cell::Empty,
            at: g.location(found.at),
        };
    }
    joined(g, &found)
}

/// The paper's empty blanks: 「　　年　　月　　日」, 「______」.
pub(crate) fn blank_skeleton(v: &str) -> bool {
    fold(v).chars().all(|c| {
        matches!(
            c,
            '年' | '月' | '日' | '_' | '＿' | '-' | '/' | '.' | '令' | '和' | '平' | '成'
        )
    })
}

/// One value from the cells found: a single cell as it is (a date cell stays a date), several
/// cells joined (a date typed across its blanks, or the lines of a block).
pub(crate) fn joined(g: &Grid, found: &Found) -> Value {
    for (q, _) in &found.cells {
        g.consume(*q);
    }
    let at = g.location(found.at);
    match found.cells.as_slice() {
        [] => Value {
            cell: Cell::Empty,
            at,
        },
        [(_, c)] => Value {
            cell: (*c).clone(),
            at,
        },
        cells => {
            let dateish = cells
                .iter()
                .all(|(_, c)| matches!(c, Cell::Text(_) | Cell::Number(_)));
            let sep = if dateish
                && cells.len() <= 6
                && cells.iter().all(|(p, _)| p.row == found.at.row)
            {
                ""
            } else {
                "\n"
            };
            let text = cells
                .iter()
                .filter_map(|(_, c)| grid::text_of(c))
                .collect::<Vec<_>>()
                .join(sep);
            Value {
                cell: Cell::Text(text),
                at,
            }
        }
    }
}

/// A key is the label `lb` or begins with it as a label does.
pub(crate) fn is_label_key(key: &str, lb: &str) -> bool {
    key == lb || key.strip_prefix(lb).is_some_and(|r| r.starts_with(':'))
}

/// The column bands of a table found by its heading cells: each heading's merged area, widened to
/// the next heading.
#[derive(Clone)]
pub(crate) struct Bands {
    pub(crate) head_row: u32,
    /// Band → (first col, last col); None where the heading is not on the sheet.
    pub(crate) bands: Vec<Option<(u32, u32)>>,
    pub(crate) first_body_row: u32,
    /// How many of the first bands are checkbox groups, whose marks may stand in a cell of their
    /// own just left of the option, and so in the band before when the heading covers only the
    /// option's column.
    pub(crate) boxed: usize,
}

impl Bands {
    /// The row holding at least `min` of the headings (a heading may sit one row above, as
    /// 具体策 over 何を（本人）).
    pub(crate) fn find(
        g: &Grid,
        heads: &[&Label],
        min: usize,
        _labels: &[String],
    ) -> Option<Bands> {
        let mut best: Option<(u32, Vec<Option<Pos>>)> = None;
        for row in g.rows() {
            let found: Vec<Option<Pos>> = heads
                .iter()
                .map(|h| {
                    let lo = row.saturating_sub(1);
                    (lo..=row).rev().find_map(|r| {
                        g.filled_in_row(r)
                            .find(|q| grid::match_label(g.key(*q), h).is_some())
                    })
                })
                .collect();
            let in_row = found.iter().flatten().filter(|q| q.row == row).count();
            let count = found.iter().flatten().count();
            if count >= min
                && in_row >= 1
                && best
                    .as_ref()
                    .is_none_or(|(_, b)| b.iter().flatten().count() < count)
            {
                best = Some((row, found));
            }
        }
        let (row, found) = best?;
        let mut starts: Vec<(usize, grid::Area)> = found
            .iter()
            .enumerate()
            .filter_map(|(i, p)| p.map(|p| (i, g.area(p))))
            .collect();
        starts.sort_by_key(|(_, a)| a.left);
        let mut bands = vec![None; heads.len()];
        let last_col = g.cols().end.saturating_sub(1);
        for (k, (i, a)) in starts.iter().enumerate() {
            let end = starts
                .get(k + 1)
                .map_or(a.right.max(last_col.min(a.right + 8)), |(_, n)| {
                    n.left.saturating_sub(1).max(a.right)
                });
            bands[*i] = Some((a.left, end));
        }
        let bottom = starts.iter().map(|(_, a)| a.bottom).max().unwrap_or(row);
        Some(Bands {
            head_row: row,
            bands,
            first_body_row: bottom + 1,
            boxed: 0,
        })
    }

    /// The body rows: up to the next row holding a label of the form (a section, a footnote).
    pub(crate) fn body(&self, g: &Grid, labels: &[String]) -> Vec<u32> {
        let mut rows = Vec::new();
        for row in self.first_body_row..g.rows().end {
            let filled: Vec<Pos> = g.filled_in_row(row).collect();
            if filled.iter().any(|&q| {
                labels.iter().any(|lb| is_label_key(g.key(q), lb)) || g.key(q).starts_with('*')
            }) {
                break;
            }
            if !filled.is_empty() {
                rows.push(row);
            }
        }
        let _ = self.head_row;
        rows
    }

    pub(crate) fn cells(&self, g: &Grid, row: u32, band: usize) -> Vec<Pos> {
        let within = |(a, b): (u32, u32)| -> Vec<Pos> {
            g.filled_in_row(row)
                .filter(|q| q.col >= a && q.col <= b)
                .collect()
        };
        let Some(range) = self.bands.get(band).copied().flatten() else {
            return Vec::new();
        };
        let mut cells = within(range);
        if band >= self.boxed {
            return cells;
        }
        let lone = |q: &Pos| marks::is_lone_mark(&g.text(*q).unwrap_or_default());
        // A mark ending this band ticks the next group's first option.
        let next = (band + 1 < self.boxed)
            .then(|| self.bands.get(band + 1).copied().flatten())
            .flatten();
        if next.is_some() && cells.last().is_some_and(lone) {
            cells.pop();
        }
        // And the mark ending the band before is this group's.
        let prev = band
            .checked_sub(1)
            .and_then(|b| self.bands.get(b).copied().flatten());
        if let Some(mark) = prev.and_then(|r| within(r).last().copied()).filter(lone) {
            cells.insert(0, mark);
        }
        cells
    }

    /// Where a blank value of the band would be typed in `row`.
    pub(crate) fn head_at(&self, g: &Grid, band: usize, row: u32) -> Option<Location> {
        self.bands
            .get(band)
            .copied()
            .flatten()
            .map(|(a, _)| g.location(Pos { row, col: a }))
    }
}

/// Cells joined as one value (lines of one field typed in several cells).
pub(crate) fn put_joined(
    g: &Grid,
    rec: &mut Rec,
    key: Key,
    cells: &[Pos],
    blank_at: Option<Location>,
) {
    g.consume_all(cells);
    match cells {
        [] => {
            if let Some(at) = blank_at {
                rec.place(key, at);
            }
        }
        [q] => rec.set(key, g.cell(*q).clone(), g.location(*q)),
        qs => {
            let text = qs
                .iter()
                .filter_map(|&q| g.text(q))
                .collect::<Vec<_>>()
                .join("\n");
            rec.set(key, Cell::Text(text), g.location(qs[0]));
        }
    }
}

pub(crate) fn looks_like_date(c: &Cell, date1904: bool) -> bool {
    cell_date(c, date1904).is_some()
}

pub(crate) fn cell_date(c: &Cell, date1904: bool) -> Option<NaiveDate> {
    match c {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) if *n > 1000.0 => from_serial(*n, date1904).ok(),
        Cell::Text(s) => parse_date(trim(s)).ok(),
        _ => None,
    }
}

/// その他 1 （ 内容 ）: what is typed in the brackets, or in a cell of its own between them.
pub(crate) fn other_text(g: &Grid, cells: &[Pos]) -> Option<(String, Pos)> {
    let stat = |k: &str| {
        let k = k.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
        k.is_empty()
            || k.starts_with("その他") && !k.contains('(')
            || k.starts_with(')')
            || k == "("
            || k.starts_with("で悩")
            || k == "その他1("
            || k == "その他2("
    };
    if let Some(&q) = cells.iter().find(|&&q| !stat(g.key(q))) {
        let text = g.text(q)?.into_owned();
        // The whole row's wording in one cell: the brackets' content.
        if let (Some(a), Some(b)) = (text.find(['（', '(']), text.rfind(['）', ')'])) {
            if a < b && text.contains("その他") {
                let inner = trim(&text[a + text[a..].chars().next()?.len_utf8()..b]).to_string();
                return (!inner.is_empty()).then_some((inner, q));
            }
        }
        return Some((text, q));
    }
    None
}

/// The index in [`ITEMS`] of a cell that opens an item row: 「A1」, 「A1 住居のことで…」.
pub(crate) fn item_code(key: &str) -> Option<usize> {
    let mut chars = key.chars();
    let (g, d) = (chars.next()?, chars.next()?);
    if !g.is_ascii_alphabetic() || !d.is_ascii_digit() {
        return None;
    }
    let code = format!("{}{}", g.to_ascii_uppercase(), d);
    let i = ITEMS.iter().position(|i| i.id == code)?;
    // 「A12」 is no item; 「A418歳以下の子供の…」 is A4 with its wording run on after the code.
    let rest = chars.as_str();
    let wording: String = label_key(ITEMS[i].text).chars().take(4).collect();
    if rest.starts_with(|c: char| c.is_ascii_digit()) && !rest.starts_with(&wording) {
        return None;
    }
    Some(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn item_codes() {
        assert_eq!(item_code("a1住居のことで"), Some(0));
        assert_eq!(item_code("o2その他2"), Some(ITEMS.len() - 1));
        assert_eq!(item_code("a12"), None);
        assert_eq!(
            item_code(&label_key("A4 18歳以下の子供の養育のことで")),
            Some(3)
        );
        assert_eq!(item_code("作成日"), None);
    }
}
