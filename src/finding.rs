//! Findings: what `check` reports, and what `render`, `packet` and `report` use to skip a case.
//! Messages never hold names or free text (要配慮個人情報): only codes, dates and numbers are echoed.
//! File and sheet names, ケースID and messages are printed and serialized through
//! [`crate::terminal::escape`]: they come from files, and may hold control characters.

use crate::terminal::{escape, serialize_escaped, serialize_escaped_opt};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Severity {
    #[serde(rename = "error")]
    Error,
    #[serde(rename = "warning")]
    Warning,
}

impl Severity {
    pub fn ja(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
        }
    }
}

/// Where a value came from, as the user sees it: a workbook sheet or a CSV file.
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Origin {
    /// The file name as the user gave it (not the full path: paths may hold a person's name).
    pub file: String,
    /// The sheet name as written in the workbook; None for CSV.
    pub sheet: Option<String>,
}

/// A cell (or a row, or a whole file) as the user sees it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Location {
    pub origin: Arc<Origin>,
    /// 1-based row as the spreadsheet shows it (heading = row 1); 0 = the whole sheet or file.
    pub row: u32,
    /// 0-based column; None = the whole row.
    pub col: Option<u32>,
}

impl Location {
    pub fn file(origin: &Arc<Origin>) -> Self {
        Location {
            origin: origin.clone(),
            row: 0,
            col: None,
        }
    }

    /// (row, column) as shown: on a sheet, never a cell past Excel's last, XFD1048576 (a reader
    /// pointing beside a merge over the whole sheet would name `XFE4`). Past it, the row alone,
    /// or the sheet.
    fn shown(&self) -> (u32, Option<u32>) {
        if self.origin.sheet.is_none() {
            return (self.row, self.col);
        }
        if self.row > MAX_SHEET_ROW {
            return (0, None);
        }
        (self.row, self.col.filter(|&c| c < MAX_SHEET_COLUMNS))
    }
}

/// Excel's last row (1-based) and number of columns (A…XFD).
const MAX_SHEET_ROW: u32 = 1_048_576;
const MAX_SHEET_COLUMNS: u32 = 16_384;

/// 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = &self.origin;
        let (row, col) = self.shown();
        match &o.sheet {
            Some(sheet) => {
                write!(f, "{} › {}", escape(&o.file), escape(sheet))?;
                match (row, col) {
                    (0, _) => Ok(()),
                    (r, Some(c)) => write!(f, " › {}{}", column_letters(c), r),
                    (r, None) => write!(f, " › {}行目", r),
                }
            }
            None => {
                write!(f, "{}", escape(&o.file))?;
                match (row, col) {
                    (0, _) => Ok(()),
                    (r, Some(c)) => write!(f, ":{}:{}", r, c + 1),
                    (r, None) => write!(f, ":{}", r),
                }
            }
        }
    }
}

impl Serialize for Location {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Location", 5)?;
        st.serialize_field("text", &self.to_string())?;
        st.serialize_field("file", &escape(&self.origin.file))?;
        st.serialize_field("sheet", &self.origin.sheet.as_deref().map(escape))?;
        let (row, col) = self.shown();
        st.serialize_field("row", &(row > 0).then_some(row))?;
        st.serialize_field("column", &col.filter(|_| row > 0).map(column_letters))?;
        st.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable code (`E101`, `W401`…) for scripts and the manual.
    pub code: &'static str,
    pub location: Location,
    #[serde(serialize_with = "serialize_escaped")]
    pub message: String,
    /// The case the finding belongs to, when known: a case with errors is skipped by the printers.
    #[serde(serialize_with = "serialize_escaped_opt")]
    pub case_id: Option<String>,
    /// On the summary that stands for findings not kept (see [`SHOWN_PER_CODE_AND_FILE`]): how
    /// many of this code in this file are not listed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub more: Option<usize>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity.ja(),
            self.code,
            self.location,
            escape(&self.message)
        )
    }
}

/// Findings of one code in one file kept in full; the rest are counted and stand as one summary
/// (「同じ問題がさらに N 件あります」). A sheet of a million bad rows must not print, keep or send
/// a million lines: a hundred show what is wrong and where it starts.
pub const SHOWN_PER_CODE_AND_FILE: usize = 100;

/// Findings not kept, per code and file.
#[derive(Debug, Clone)]
struct Hidden {
    severity: Severity,
    origin: Arc<Origin>,
    count: usize,
}

/// Every finding of a run: up to [`SHOWN_PER_CODE_AND_FILE`] of each code and file in full, in
/// the order found, and every one counted (the summary line, the exit status and the cases
/// skipped by the printers count them all).
#[derive(Debug, Default, Clone)]
pub struct Findings {
    pub items: Vec<Finding>,
    errors: usize,
    warnings: usize,
    /// (errors, warnings) per case.
    per_case: BTreeMap<String, (usize, usize)>,
    unattributed_errors: bool,
    kept: HashMap<&'static str, HashMap<String, usize>>,
    hidden: BTreeMap<(String, &'static str), Hidden>,
}

impl Findings {
    pub fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        location: Location,
        case_id: Option<&str>,
        message: impl Into<String>,
    ) {
        self.count(severity, case_id, 1);
        let finding = Finding {
            severity,
            code,
            location,
            message: message.into(),
            case_id: case_id.map(str::to_string),
            more: None,
        };
        self.keep_or_hide(finding);
    }

    fn count(&mut self, severity: Severity, case_id: Option<&str>, n: usize) {
        let (e, w) = match severity {
            Severity::Error => (n, 0),
            Severity::Warning => (0, n),
        };
        self.errors += e;
        self.warnings += w;
        match case_id {
            Some(id) => {
                if let Some(c) = self.per_case.get_mut(id) {
                    c.0 += e;
                    c.1 += w;
                } else {
                    self.per_case.insert(id.to_string(), (e, w));
                }
            }
            None => self.unattributed_errors |= e > 0,
        }
    }

    fn keep_or_hide(&mut self, finding: Finding) {
        let file = &finding.location.origin.file;
        let per_file = self.kept.entry(finding.code).or_default();
        let kept = match per_file.get_mut(file.as_str()) {
            Some(n) => n,
            None => per_file.entry(file.clone()).or_insert(0),
        };
        if *kept < SHOWN_PER_CODE_AND_FILE {
            *kept += 1;
            self.items.push(finding);
        } else {
            self.hidden
                .entry((file.clone(), finding.code))
                .or_insert_with(|| Hidden {
                    severity: finding.severity,
                    origin: finding.location.origin.clone(),
                    count: 0,
                })
                .count += 1;
        }
    }

    /// Takes in the findings of a part read on its own (a workbook read in parallel).
    pub fn append(&mut self, other: Findings) {
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.unattributed_errors |= other.unattributed_errors;
        for (id, (e, w)) in other.per_case {
            let c = self.per_case.entry(id).or_default();
            c.0 += e;
            c.1 += w;
        }
        for finding in other.items {
            self.keep_or_hide(finding);
        }
        for (key, h) in other.hidden {
            match self.hidden.get_mut(&key) {
                Some(mine) => mine.count += h.count,
                None => {
                    self.hidden.insert(key, h);
                }
            }
        }
    }

    pub fn error(
        &mut self,
        code: &'static str,
        loc: Location,
        case: Option<&str>,
        msg: impl Into<String>,
    ) {
        self.push(Severity::Error, code, loc, case, msg);
    }

    pub fn warning(
        &mut self,
        code: &'static str,
        loc: Location,
        case: Option<&str>,
        msg: impl Into<String>,
    ) {
        self.push(Severity::Warning, code, loc, case, msg);
    }

    /// Every error found, listed or not.
    pub fn errors(&self) -> usize {
        self.errors
    }

    /// Every warning found, listed or not.
    pub fn warnings(&self) -> usize {
        self.warnings
    }

    /// (errors, warnings) of one case.
    pub fn of_case(&self, case_id: &str) -> (usize, usize) {
        self.per_case.get(case_id).copied().unwrap_or_default()
    }

    /// Cases that have at least one error: the printers skip them.
    pub fn cases_with_errors(&self) -> BTreeSet<String> {
        self.per_case
            .iter()
            .filter(|(_, (e, _))| *e > 0)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Files or sheets whose errors could not be tied to one case (a missing column, say): their
    /// rows could not be read, so every case in them is incomplete.
    pub fn has_unattributed_errors(&self) -> bool {
        self.unattributed_errors
    }

    /// Stable order for display: by file, sheet, row, column, then code; the summary of the
    /// findings not listed after those of its sheet.
    pub fn sort(&mut self) {
        for ((_, code), h) in std::mem::take(&mut self.hidden) {
            self.items.push(Finding {
                severity: h.severity,
                code,
                location: Location::file(&h.origin),
                message: format!(
                    "同じ問題（{code}）がさらに {} 件あります（このファイルでは最初の {} 件だけを表示しています）。\
                     表示された例を手がかりに、同じ種類の誤りをまとめて直してください。",
                    h.count, SHOWN_PER_CODE_AND_FILE
                ),
                case_id: None,
                more: Some(h.count),
            });
        }
        self.items.sort_by(|a, b| {
            let (la, lb) = (&a.location, &b.location);
            (
                &la.origin.file,
                &la.origin.sheet,
                a.more.is_some(),
                la.row,
                la.col,
                a.code,
            )
                .cmp(&(
                    &lb.origin.file,
                    &lb.origin.sheet,
                    b.more.is_some(),
                    lb.row,
                    lb.col,
                    b.code,
                ))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(3), "D");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn locations_read_as_the_user_sees_them() {
        let wb = Arc::new(Origin {
            file: "intake.xlsx".into(),
            sheet: Some("ニーズ".into()),
        });
        let loc = Location {
            origin: wb,
            row: 12,
            col: Some(3),
        };
        assert_eq!(loc.to_string(), "intake.xlsx › ニーズ › D12");
        let csv = Arc::new(Origin {
            file: "needs.csv".into(),
            sheet: None,
        });
        let loc = Location {
            origin: csv,
            row: 12,
            col: Some(3),
        };
        assert_eq!(loc.to_string(), "needs.csv:12:4");
    }

    #[test]
    fn no_cell_is_shown_past_excels_last() {
        let sheet = Arc::new(Origin {
            file: "a.xlsx".into(),
            sheet: Some("様式".into()),
        });
        let at = |row, col| Location {
            origin: sheet.clone(),
            row,
            col: Some(col),
        };
        assert_eq!(
            at(1_048_576, 16_383).to_string(),
            "a.xlsx › 様式 › XFD1048576"
        );
        assert_eq!(at(4, 16_384).to_string(), "a.xlsx › 様式 › 4行目");
        assert_eq!(at(1_048_577, 0).to_string(), "a.xlsx › 様式");
        let json = serde_json::to_value(at(4, 16_384)).unwrap();
        assert_eq!(json["column"], serde_json::Value::Null);
        assert_eq!(json["row"], 4);
    }

    fn origin(file: &str) -> Arc<Origin> {
        Arc::new(Origin {
            file: file.into(),
            sheet: Some("ニーズ".into()),
        })
    }

    #[test]
    fn a_hundred_of_a_code_per_file_are_listed_and_every_one_counted() {
        let (a, b) = (origin("a.xlsx"), origin("b.xlsx"));
        let mut f = Findings::default();
        for row in 2..1002 {
            let at = Location {
                origin: a.clone(),
                row,
                col: Some(1),
            };
            f.error(
                "E102",
                at,
                Some(&format!("C-{}", row % 3)),
                "日付が読めません",
            );
        }
        let mut part = Findings::default();
        for row in 2..152 {
            let at = Location {
                origin: b.clone(),
                row,
                col: None,
            };
            part.warning("W006", at, None, "様式にない列です");
        }
        f.append(part);
        f.sort();
        assert_eq!((f.errors(), f.warnings()), (1000, 150));
        assert_eq!(f.cases_with_errors().len(), 3);
        assert!(!f.has_unattributed_errors());
        let more: Vec<(&str, &str, usize)> = f
            .items
            .iter()
            .filter_map(|x| x.more.map(|n| (x.location.origin.file.as_str(), x.code, n)))
            .collect();
        assert_eq!(more, [("a.xlsx", "E102", 900), ("b.xlsx", "W006", 50)]);
        assert_eq!(f.items.len(), 100 + 1 + 100 + 1);
        // The summary comes after the listed ones of its file.
        assert_eq!(f.items[100].more, Some(900));
        assert!(f.items[100].message.contains("さらに 900 件"));
        f.sort();
        assert_eq!(f.items.len(), 202, "sorting again adds nothing");
    }
}
