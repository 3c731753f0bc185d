//! Reading each sheet's rows into records, one typed value at a time, with a finding for every
//! value that cannot be read. A record missing a required value is left out (its case is then
//! marked as having errors), so later rules never see half-read rows.

use super::raw::{Cell, Row, Table};
use super::*;
use crate::contract::codes::Code;
use crate::contract::date::{from_serial, parse_date, DateError};
use crate::contract::sheets::{Key, Kind, Sheet};
use crate::contract::text::{fold_id, forbidden_control, normalize_newlines, parse_uint, trim};
use crate::finding::{Findings, Location};
use chrono::NaiveDate;
use std::borrow::Cow;
use std::sync::OnceLock;

/// Reads every table into one [`Dataset`]; the tables' rows are consumed.
pub fn load(tables: Vec<Table>, findings: &mut Findings) -> Dataset {
    let mut ds = Dataset::default();
    for table in tables {
        add_table(&mut ds, table, findings);
    }
    ds
}

/// Reads one table's rows into `ds` and drops them: the readers hand tables over one by one, so
/// only one sheet's raw cells are ever held next to the records.
pub fn add_table(ds: &mut Dataset, table: Table, findings: &mut Findings) {
    let ti = ds.tables.len();
    {
        let sheet = table.sheet;
        let rows = std::mem::take(&mut { table.rows });
        let meta = TableMeta {
            sheet,
            origin: table.origin.clone(),
            layout: table.layout.clone(),
        };
        let t = Table {
            rows: Vec::new(),
            ..table
        };
        for row in &rows {
            let mut r = RowReader {
                t: &t,
                ti: ti as u32,
                row,
                f: findings,
                case: None,
                plan_no: None,
                keep_texts: !ds.drop_texts,
            };
            match sheet {
                Sheet::Cases => r.case().map(|x| ds.cases.push(x)),
                Sheet::Questionnaires => r.questionnaire().map(|x| ds.questionnaires.push(x)),
                Sheet::Plans => match r.plan() {
                    Some(p) => {
                        ds.plans.push(p);
                        Some(())
                    }
                    None => {
                        // Known but unreadable: rows of this version must not all be reported as
                        // pointing to a version that does not exist.
                        if let (Some(id), Some(no)) = (r.case.clone(), r.plan_no) {
                            ds.unreadable_plans.push((id, no));
                        }
                        None
                    }
                },
                Sheet::Monitoring => r.monitoring().map(|x| ds.monitoring.push(x)),
                Sheet::Needs => r.need().map(|x| ds.needs.push(x)),
                Sheet::Subtool => r.subtool().map(|x| ds.subtools.push(x)),
                Sheet::Supporters => r.supporter().map(|x| ds.supporters.push(x)),
                Sheet::CrisisPlans => r.crisis_item().map(|x| ds.crisis_items.push(x)),
                Sheet::CrisisSupporters => {
                    r.crisis_supporter().map(|x| ds.crisis_supporters.push(x))
                }
                Sheet::Areas => r.area().map(|x| ds.areas.push(x)),
            };
        }
        ds.tables.push(meta);
    }
}

impl super::raw::TableSink for Dataset {
    fn fork(&self) -> Self {
        Dataset {
            drop_texts: self.drop_texts,
            ..Dataset::default()
        }
    }

    fn add(&mut self, table: Table, findings: &mut Findings) {
        add_table(self, table, findings);
    }

    fn join(&mut self, other: Dataset) {
        // Records point at their table by index: the other's tables come after ours.
        let shift = self.tables.len() as u32;
        fn append<T>(
            ours: &mut Vec<T>,
            mut theirs: Vec<T>,
            shift: u32,
            at: fn(&mut T) -> &mut RowRef,
        ) {
            for r in &mut theirs {
                at(r).table += shift;
            }
            if ours.is_empty() {
                *ours = theirs; // the usual case: each sheet is one file
            } else {
                ours.append(&mut theirs);
            }
        }
        append(&mut self.cases, other.cases, shift, |r| &mut r.at);
        append(&mut self.questionnaires, other.questionnaires, shift, |r| {
            &mut r.at
        });
        append(&mut self.plans, other.plans, shift, |r| &mut r.at);
        append(&mut self.monitoring, other.monitoring, shift, |r| &mut r.at);
        append(&mut self.needs, other.needs, shift, |r| &mut r.at);
        append(&mut self.subtools, other.subtools, shift, |r| &mut r.at);
        append(&mut self.supporters, other.supporters, shift, |r| &mut r.at);
        append(&mut self.crisis_items, other.crisis_items, shift, |r| {
            &mut r.at
        });
        append(
            &mut self.crisis_supporters,
            other.crisis_supporters,
            shift,
            |r| &mut r.at,
        );
        append(&mut self.areas, other.areas, shift, |r| &mut r.at);
        self.tables.extend(other.tables);
        self.unreadable_plans.extend(other.unreadable_plans);
    }
}

/// A key standing for a text in comparisons, so the text itself need not be kept.
pub fn text_key(s: &str) -> u64 {
    // FNV-1a: a million keys are made per large intake, and no one chooses these texts to collide.
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The key of a 支援者 cell: spaces and line breaks vary as people type, so they do not count; 0
/// for an empty cell. Width folding would cost a full normalisation of every cell for no gain.
pub fn supporter_key(s: &str) -> u64 {
    let squeezed: String = s.chars().filter(|c| !c.is_whitespace()).collect();
    if squeezed.is_empty() {
        0
    } else {
        text_key(&squeezed).max(1)
    }
}

/// ASCII letters, digits, `-` and `_`: the ID names files and folders, so nothing else is safe.
pub fn valid_case_id(id: &str) -> bool {
    const RESERVED: [&str; 4] = ["con", "prn", "aux", "nul"];
    let lower = id.to_ascii_lowercase();
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        && !RESERVED.contains(&lower.as_str())
        && !((lower.starts_with("com") || lower.starts_with("lpt"))
            && lower.len() == 4
            && lower.as_bytes()[3].is_ascii_digit())
}

/// The first variation sequence (a character and its selector) that no embedded font carries:
/// printing it would show the base glyph with the selector silently dropped.
/// The most characters a printed field may hold: Excel's limit for a cell. A longer value cannot
/// come from an office's workbook; the forms print anything shorter whole, growing the cell.
fn max_printed_chars(_key: Key) -> usize {
    32_767
}

fn unprintable_sequence(s: &str) -> Option<(char, char)> {
    let mut prev: Option<char> = None;
    for c in s.chars() {
        if let Some(base) = prev.filter(|_| crate::glyphs::is_variation_selector(c)) {
            if crate::glyphs::sequence_font(base, c) == crate::glyphs::SequenceFont::Missing {
                return Some((base, c));
            }
        }
        prev = Some(c);
    }
    None
}

/// Whether the embedded fonts print `c`; a table for the BMP, built once, keeps the hot path to a
/// bit test (check reads a million rows).
fn printable(c: char) -> bool {
    static BMP: OnceLock<Vec<u64>> = OnceLock::new();
    let code = c as u32;
    if code < 0x80 {
        return !c.is_control() || matches!(c, '\n' | '\r' | '\t');
    }
    if code > 0xFFFF {
        return crate::glyphs::printable(c);
    }
    let bits = BMP.get_or_init(|| {
        let mut v = vec![0u64; 0x10000 / 64];
        for cp in 0..0x10000u32 {
            if char::from_u32(cp).is_some_and(crate::glyphs::printable) {
                v[(cp / 64) as usize] |= 1 << (cp % 64);
            }
        }
        v
    });
    bits[(code / 64) as usize] & (1 << (code % 64)) != 0
}

pub(super) struct RowReader<'a> {
    pub(super) t: &'a Table,
    pub(super) ti: u32,
    pub(super) row: &'a Row,
    pub(super) f: &'a mut Findings,
    /// The case this row belongs to, once read: findings carry it so printers can skip the case.
    pub(super) case: Option<String>,
    /// The plan version a 支援計画 row defines, once read, even if the row is later dropped.
    pub(super) plan_no: Option<u32>,
    /// False: free texts are checked, then not kept (see [`Dataset::drop_texts`]).
    pub(super) keep_texts: bool,
}

impl<'a> RowReader<'a> {
    pub(super) fn col(&self, key: Key) -> usize {
        self.t.sheet.index(key)
    }

    pub(super) fn at(&self) -> RowRef {
        RowRef {
            table: self.ti,
            line: self.row.line,
        }
    }

    pub(super) fn loc(&self, idx: usize) -> Location {
        self.t.location(self.row.line, idx)
    }

    pub(super) fn heading(&self, idx: usize) -> &'static str {
        self.t.sheet.columns()[idx].ja.as_str()
    }

    pub(super) fn error(&mut self, code: &'static str, idx: usize, msg: String) {
        let loc = self.loc(idx);
        self.f.error(code, loc, self.case.as_deref(), msg);
    }

    pub(super) fn warn(&mut self, code: &'static str, idx: usize, msg: String) {
        let loc = self.loc(idx);
        self.f.warning(code, loc, self.case.as_deref(), msg);
    }

    pub(super) fn missing(&mut self, idx: usize) {
        if !self.t.layout.has_field(self.row.line, idx) {
            return;
        }
        let h = self.heading(idx);
        self.error(
            "E101",
            idx,
            format!("「{h}」が空欄です。入力してください（必須）。"),
        );
    }

    /// The cell as text, or None when blank. Numbers print without a trailing `.0`.
    /// The cell as text, trimmed; borrowed from the row when it is text already (most cells of
    /// a million-row intake), so only the value a record keeps is copied.
    pub(super) fn raw(&mut self, idx: usize) -> Option<Cow<'a, str>> {
        let row: &'a Row = self.row;
        match &row.cells[idx] {
            Cell::Empty => None,
            Cell::Text(s) => {
                let s = trim(s);
                (!s.is_empty()).then_some(Cow::Borrowed(s))
            }
            Cell::Number(n) => Some(Cow::Owned(if n.fract() == 0.0 && n.abs() < 1e15 {
                format!("{}", *n as i64)
            } else {
                format!("{n}")
            })),
            Cell::Bool(b) => Some(Cow::Borrowed(if *b { "TRUE" } else { "FALSE" })),
            Cell::Date(d) => Some(Cow::Owned(d.format("%Y-%m-%d").to_string())),
            Cell::BadDate => Some(Cow::Borrowed("")),
            Cell::Error(e) => {
                let h = self.heading(idx);
                self.error(
                    "E105",
                    idx,
                    format!("「{h}」がエラー値（{e}）です。数式や参照を直してください。"),
                );
                None
            }
        }
    }

    /// Printed free text: control characters and characters the fonts lack are errors.
    pub(super) fn text(&mut self, key: Key, required: bool) -> Option<String> {
        let idx = self.col(key);
        let Some(s) = self.raw(idx) else {
            if required {
                self.missing(idx);
            }
            return None;
        };
        let h = self.heading(idx);
        // Longer than a form can print (a 200 MB name reached the shaper and took the render
        // down): a finding here, so the case is left out before anything is typeset.
        let max = max_printed_chars(key);
        if s.len() > max {
            let n = s.chars().count();
            if n > max {
                self.error(
                    "E110",
                    idx,
                    format!("「{h}」が{n}文字あり、様式に印刷できる長さ（{max}文字）を超えています。要点に短くするか、記録を分けてください。"),
                );
                return None;
            }
        }
        // One pass finds whether anything is wrong at all (a million cells are checked): the
        // messages below then look again, in their order.
        if s.chars()
            .all(|c| printable(c) && !crate::glyphs::is_variation_selector(c))
        {
            return Some(normalize_newlines(&s));
        }
        if let Some(c) = forbidden_control(&s) {
            self.error(
                "E106",
                idx,
                format!(
                    "「{h}」に制御文字（U+{:04X}）が含まれています。その文字を削除してください。",
                    c as u32
                ),
            );
            return None;
        }
        if let Some(c) = s.chars().find(|&c| !printable(c)) {
            self.error("E107", idx, format!(
                "「{h}」に印刷用フォントにない文字（外字、U+{:04X}）が含まれています。常用の字体に置き換えるか、その字を使わない表記にしてください。",
                c as u32
            ));
            return None;
        }
        if let Some((base, selector)) = unprintable_sequence(&s) {
            self.error("E107", idx, format!(
                "「{h}」の異体字（U+{:04X} U+{:04X}）は印刷用フォント（BIZ UD明朝、IPAmj明朝）にありません。\
                 異体字セレクタ（U+{:04X}）を外して基本の字体にするか、文字情報基盤（MJ文字）にある字体を選んでください。",
                base as u32, selector as u32, selector as u32
            ));
            return None;
        }
        Some(normalize_newlines(&s))
    }

    pub(super) fn text_or_empty(&mut self, key: Key) -> String {
        self.text(key, false).unwrap_or_default()
    }

    /// A free text only printed on the forms: checked like any text, kept only when the command
    /// prints forms. None when it is required and missing or unprintable (already reported).
    pub(super) fn free_text(&mut self, key: Key, required: bool) -> Option<String> {
        let s = self.text(key, required);
        if self.keep_texts {
            s
        } else {
            s.map(|_| String::new())
        }
    }

    pub(super) fn free_text_or_empty(&mut self, key: Key) -> String {
        self.free_text(key, false).unwrap_or_default()
    }

    pub(super) fn date(&mut self, key: Key, required: bool) -> Option<NaiveDate> {
        let idx = self.col(key);
        let h = self.heading(idx);
        let (result, shown) = match &self.row.cells[idx] {
            Cell::Date(d) => return Some(*d),
            Cell::BadDate => (Err(DateError::SerialOutOfRange), None),
            // Japanese built-in date formats are not recognised as dates by calamine: a number in
            // a date column is a serial date.
            Cell::Number(n) => (from_serial(*n, self.t.date1904), Some(format!("{n}"))),
            _ => match self.raw(idx) {
                None => {
                    if required {
                        self.missing(idx);
                    }
                    return None;
                }
                Some(s) => (parse_date(&s), Some(s.chars().take(30).collect::<String>())),
            },
        };
        match result {
            Ok(d) => Some(d),
            Err(e) => {
                let code = if matches!(e, DateError::OutsideEra { .. }) {
                    "E103"
                } else {
                    "E102"
                };
                let shown = shown.map(|s| format!("「{s}」")).unwrap_or_default();
                self.error(
                    code,
                    idx,
                    format!(
                    "「{h}」の{shown}は{e}。2024/8/20 や 令和6年8月20日 の形で入力してください。"
                ),
                );
                None
            }
        }
    }

    pub(super) fn uint(&mut self, key: Key, required: bool, min: u32) -> Option<u32> {
        let idx = self.col(key);
        let Some(s) = self.raw(idx) else {
            if required {
                self.missing(idx);
            }
            return None;
        };
        let h = self.heading(idx);
        match parse_uint(&s) {
            Some(n) if n >= min => Some(n),
            _ => {
                let shown: String = s.chars().take(20).collect();
                self.error("E105", idx, format!("「{h}」の「{shown}」は{min}以上の整数ではありません。半角または全角の数字で入力してください。"));
                None
            }
        }
    }

    pub(super) fn code<T: Code>(&mut self, key: Key, required: bool) -> Option<T> {
        self.code_with(key, required, T::parse)
    }

    pub(super) fn code_with<T>(
        &mut self,
        key: Key,
        required: bool,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Option<T> {
        let idx = self.col(key);
        let Some(s) = self.raw(idx) else {
            if required {
                self.missing(idx);
            }
            return None;
        };
        match parse(&s) {
            Some(v) => Some(v),
            None => {
                self.bad_code(idx, &s);
                None
            }
        }
    }

    pub(super) fn bad_code(&mut self, idx: usize, value: &str) {
        let col = &self.t.sheet.columns()[idx];
        let expected = match col.kind {
            Kind::Choice(list) => list.expected(),
            _ => String::new(),
        };
        let h = self.heading(idx);
        let shown: String = value.chars().take(20).collect();
        self.error("E104", idx, format!("「{h}」の「{shown}」は選択肢にありません。{expected} のいずれかを入力してください。"));
    }

    /// ケースID of a row; on the ケース sheet it must also be safe as a file name.
    pub(super) fn case_id(&mut self, defining: bool) -> Option<String> {
        let idx = self.col(Key::CaseId);
        let Some(raw) = self.raw(idx) else {
            self.missing(idx);
            return None;
        };
        let id = fold_id(&raw);
        if defining && !valid_case_id(&id) {
            let shown: String = raw.chars().take(40).collect();
            self.error("E108", idx, format!(
                "ケースID「{shown}」は使えません。半角の英字・数字・ハイフン(-)・下線(_)だけで、64文字以内にしてください（ファイル名に使われるため）。"
            ));
            return None;
        }
        self.case = Some(id.clone());
        Some(id)
    }
}
