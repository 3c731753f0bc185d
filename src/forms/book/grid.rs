//! One form sheet as a grid of cells with its merged areas, and the ways the paper form places a
//! value: to the right of its label, in the area below it, or in the label's own cell
//! (「作成番号：２」).

use crate::contract::text::trim;
use crate::finding::{Location, Origin};
use crate::forms::book::labels::{label_key, Label};
use crate::model::raw::Cell;
use std::borrow::Cow;
use std::sync::Arc;

/// A merged area, inclusive, 0-based absolute rows and columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Area {
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
}

/// A cell of the sheet, 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    pub row: u32,
    pub col: u32,
}

pub struct Grid {
    pub origin: Arc<Origin>,
    top: u32,
    left: u32,
    height: u32,
    width: u32,
    cells: Vec<Cell>,
    /// Folded text of each cell (empty for blank cells), computed once: labels are compared
    /// against every cell many times.
    keys: Vec<String>,
    merges: Vec<Area>,
    /// The cells a reader took into a field (or reported): what is left over, and is not the
    /// form's own text, is an unread entry (W510). Interior mutability: the readers hold the
    /// grid shared while they walk it.
    used: std::cell::RefCell<Vec<bool>>,
}

/// What stands where a field's value belongs.
#[derive(Debug, Clone)]
pub struct Found<'g> {
    /// The value's cells in reading order (several for a date typed across 「年」「月」「日」).
    pub cells: Vec<(Pos, &'g Cell)>,
    /// Where the value is (or, when blank, where it should be typed).
    pub at: Pos,
}

impl Grid {
    pub fn new(
        origin: Arc<Origin>,
        top: u32,
        left: u32,
        height: u32,
        width: u32,
        cells: Vec<Cell>,
        merges: Vec<Area>,
    ) -> Grid {
        let keys = cells
            .iter()
            .map(|c| text_of(c).map(|t| label_key(&t)).unwrap_or_default())
            .collect();
        let used = std::cell::RefCell::new(vec![false; cells.len()]);
        Grid {
            origin,
            top,
            left,
            height,
            width,
            cells,
            keys,
            merges,
            used,
        }
    }

    pub fn merges(&self) -> &[Area] {
        &self.merges
    }

    /// Marks a cell as taken into a field (or reported), so it is not an unread entry.
    pub fn consume(&self, p: Pos) {
        if let Some(i) = self.index(p) {
            self.used.borrow_mut()[i] = true;
        }
    }

    pub fn consume_all(&self, ps: &[Pos]) {
        for &p in ps {
            self.consume(p);
        }
    }

    pub fn is_used(&self, p: Pos) -> bool {
        self.index(p).is_some_and(|i| self.used.borrow()[i])
    }

    pub fn rows(&self) -> std::ops::Range<u32> {
        self.top..self.top + self.height
    }

    pub fn cols(&self) -> std::ops::Range<u32> {
        self.left..self.left + self.width
    }

    fn index(&self, p: Pos) -> Option<usize> {
        (self.rows().contains(&p.row) && self.cols().contains(&p.col))
            .then(|| ((p.row - self.top) * self.width + (p.col - self.left)) as usize)
    }

    pub fn cell(&self, p: Pos) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.index(p).map_or(&EMPTY, |i| &self.cells[i])
    }

    pub fn key(&self, p: Pos) -> &str {
        self.index(p).map_or("", |i| &self.keys[i])
    }

    pub fn text(&self, p: Pos) -> Option<Cow<'_, str>> {
        text_of(self.cell(p))
    }

    pub fn location(&self, p: Pos) -> Location {
        Location {
            origin: self.origin.clone(),
            row: p.row + 1,
            col: Some(p.col),
        }
    }

    /// The merged area a cell belongs to (the cell alone when it is not merged).
    pub fn area(&self, p: Pos) -> Area {
        self.merges
            .iter()
            .find(|a| (a.top..=a.bottom).contains(&p.row) && (a.left..=a.right).contains(&p.col))
            .copied()
            .unwrap_or(Area {
                top: p.row,
                left: p.col,
                bottom: p.row,
                right: p.col,
            })
    }

    /// Every non-blank cell, row by row.
    pub fn filled(&self) -> impl Iterator<Item = Pos> + '_ {
        self.rows()
            .flat_map(move |row| self.cols().map(move |col| Pos { row, col }))
            .filter(|&p| !self.key(p).is_empty())
    }

    pub fn filled_in_row(&self, row: u32) -> impl Iterator<Item = Pos> + '_ {
        self.cols()
            .map(move |col| Pos { row, col })
            .filter(|&p| !self.key(p).is_empty())
    }

    /// How the cell's key relates to `label`: the label alone, or the label with the value
    /// written after it in the same cell (「作成番号：２」, 「作成日：令和6年9月2日」).
    pub fn label_match(&self, p: Pos, label: &Label) -> Option<Option<String>> {
        match_label(self.key(p), label).map(|inline| {
            inline.map(|_| {
                // The inline value as typed (not folded): after the first colon.
                let text = self.text(p).unwrap_or_default();
                let after = text
                    .split_once(['：', ':'])
                    .map(|(_, v)| v.to_string())
                    .unwrap_or_default();
                trim(&after).to_string()
            })
        })
    }

    /// The first cell, in reading order within `rows`, that is `label`.
    pub fn find_in(
        &self,
        label: &Label,
        rows: std::ops::Range<u32>,
    ) -> Option<(Pos, Option<String>)> {
        rows.flat_map(|row| self.cols().map(move |col| Pos { row, col }))
            .find_map(|p| self.label_match(p, label).map(|inline| (p, inline)))
    }

    pub fn find(&self, label: &Label) -> Option<(Pos, Option<String>)> {
        self.find_in(label, self.rows())
    }

    /// The value to the right of the label at `p`: the first non-blank cell after the label's
    /// merged area that is not itself a label (`is_label`), and, for a date typed in the
    /// paper's blanks, the cells up to its 「日」.
    pub fn right_of(&self, p: Pos, is_label: &dyn Fn(&str) -> bool) -> Found<'_> {
        let area = self.area(p);
        let start = Pos {
            row: p.row,
            col: area.right + 1,
        };
        let mut cells = Vec::new();
        let first = (start.col..self.left + self.width)
            .map(|col| Pos { row: p.row, col })
            .find(|&q| !matches!(self.key(q), "" | ":"));
        if let Some(first) = first.filter(|&q| !is_label(self.key(q))) {
            cells.push((first, self.cell(first)));
            let mut q = first;
            while is_date_part(self.key(q)) && !self.key(q).ends_with('日') {
                match self.next_filled(q) {
                    Some(n) if is_date_part(self.key(n)) && !is_label(self.key(n)) => {
                        cells.push((n, self.cell(n)));
                        q = n;
                    }
                    _ => break,
                }
            }
        }
        let at = cells.first().map_or(start, |c| c.0);
        Found { cells, at }
    }

    fn next_filled(&self, q: Pos) -> Option<Pos> {
        let from = self.area(q).right + 1;
        (from..self.left + self.width)
            .map(|col| Pos { row: q.row, col })
            .find(|&n| !self.key(n).is_empty())
    }

    /// The value in the area below the label at `p` (長期目標, 生活上の希望…): the filled cells of
    /// the rows below, from the label's column on, up to the next row that holds a label.
    /// Rows of notes only (`is_note`) between the label and its area are passed over.
    pub fn below(
        &self,
        p: Pos,
        is_label: &dyn Fn(&str) -> bool,
        is_note: &dyn Fn(&str) -> bool,
    ) -> Found<'_> {
        let area = self.area(p);
        let mut cells = Vec::new();
        let mut row = area.bottom + 1;
        let first_row = row;
        while row < self.top + self.height {
            let filled: Vec<Pos> = self
                .filled_in_row(row)
                .filter(|q| q.col >= area.left)
                .collect();
            if filled.iter().any(|&q| is_label(self.key(q))) {
                if cells.is_empty() && filled.iter().all(|&q| is_note(self.key(q))) {
                    row += 1;
                    continue;
                }
                break;
            }
            for q in filled {
                cells.push((q, self.cell(q)));
            }
            row = row.max(self.row_end(row)) + 1;
        }
        let at = cells.first().map_or(
            Pos {
                row: first_row,
                col: area.left,
            },
            |c| c.0,
        );
        Found { cells, at }
    }

    /// The last row of the merged areas that start in `row` (a value area spans several rows).
    fn row_end(&self, row: u32) -> u32 {
        self.merges
            .iter()
            .filter(|a| a.top == row)
            .map(|a| a.bottom)
            .max()
            .unwrap_or(row)
    }
}

/// Whether `key` (a folded cell) is `label`, and what follows it in the cell if anything.
pub fn match_label(key: &str, label: &Label) -> Option<Option<()>> {
    if key.is_empty() {
        return None;
    }
    for s in label.spellings() {
        let k = cached_key(s);
        if key == &*k {
            return Some(None);
        }
        if let Some(rest) = key.strip_prefix(&*k) {
            if rest.starts_with(':') {
                return Some(Some(()));
            }
            // The label with a note in brackets: 「私の長期目標（本人の希望を…）」.
            if rest.starts_with('(') && rest.ends_with(')') && k.chars().count() >= 3 {
                return Some(None);
            }
        }
    }
    None
}

/// The key of a label's spelling, folded once per thread: labels are compared with every cell
/// of every sheet, and folding (NFKC) is most of a comparison's cost.
fn cached_key(spelling: &'static str) -> std::rc::Rc<str> {
    type ByAddress = std::hash::BuildHasherDefault<AddressHasher>;
    thread_local! {
        static KEYS: std::cell::RefCell<std::collections::HashMap<(usize, usize), std::rc::Rc<str>, ByAddress>> = Default::default();
    }
    // A label's spellings are string constants: their address and length name them, and are
    // cheaper to hash than their text (this is asked for every cell of every sheet many times).
    let id = (spelling.as_ptr() as usize, spelling.len());
    KEYS.with(|keys| {
        keys.borrow_mut()
            .entry(id)
            .or_insert_with(|| label_key(spelling).into())
            .clone()
    })
}

/// A multiplicative hash of machine words (the addresses of [`cached_key`]).
#[derive(Default)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = (self.0.rotate_left(5) ^ n).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    fn write_usize(&mut self, n: usize) {
        self.write_u64(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

fn is_date_marker(key: &str) -> bool {
    matches!(key, "年" | "月" | "日")
}

/// A piece of a date typed across the paper's blanks: 「令和6」「年」「9」「月」.
fn is_date_part(key: &str) -> bool {
    is_date_marker(key)
        || key.ends_with('年')
        || key.ends_with('月')
        || key.chars().all(|c| c.is_ascii_digit())
        || ["令和", "平成", "昭和", "r", "h", "s"].iter().any(|e| {
            key.strip_prefix(e)
                .is_some_and(|r| r.chars().all(|c| c.is_ascii_digit() || c == '元'))
        })
}

/// A cell as the text a form shows (numbers without a trailing `.0`).
pub fn text_of(c: &Cell) -> Option<Cow<'_, str>> {
    match c {
        Cell::Empty => None,
        Cell::Text(s) => {
            let t = trim(s);
            (!t.is_empty()).then_some(Cow::Borrowed(t))
        }
        Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
            Some(Cow::Owned(format!("{}", *n as i64)))
        }
        Cell::Number(n) => Some(Cow::Owned(format!("{n}"))),
        Cell::Bool(b) => Some(Cow::Borrowed(if *b { "TRUE" } else { "FALSE" })),
        Cell::Date(d) => Some(Cow::Owned(d.format("%Y-%m-%d").to_string())),
        Cell::BadDate => Some(Cow::Borrowed("#日付")),
        Cell::Error(e) => Some(Cow::Owned(e.clone())),
    }
}
