//! Findings: what `check` reports, and what `render`, `packet` and `report` use to skip a case.
//! Messages never hold names or free text (要配慮個人情報): only codes, dates and numbers are echoed.

use serde::Serialize;
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
}

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
        match &o.sheet {
            Some(sheet) => {
                write!(f, "{} › {}", o.file, sheet)?;
                match (self.row, self.col) {
                    (0, _) => Ok(()),
                    (r, Some(c)) => write!(f, " › {}{}", column_letters(c), r),
                    (r, None) => write!(f, " › {}行目", r),
                }
            }
            None => {
                write!(f, "{}", o.file)?;
                match (self.row, self.col) {
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
        st.serialize_field("file", &self.origin.file)?;
        st.serialize_field("sheet", &self.origin.sheet)?;
        st.serialize_field("row", &(self.row > 0).then_some(self.row))?;
        st.serialize_field(
            "column",
            &self.col.filter(|_| self.row > 0).map(column_letters),
        )?;
        st.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// Stable code (`E101`, `W401`…) for scripts and the manual.
    pub code: &'static str,
    pub location: Location,
    pub message: String,
    /// The case the finding belongs to, when known: a case with errors is skipped by the printers.
    pub case_id: Option<String>,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}[{}] {}: {}",
            self.severity.ja(),
            self.code,
            self.location,
            self.message
        )
    }
}

/// Every finding of a run, in the order found.
#[derive(Debug, Default)]
pub struct Findings {
    pub items: Vec<Finding>,
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
        self.items.push(Finding {
            severity,
            code,
            location,
            message: message.into(),
            case_id: case_id.map(str::to_string),
        });
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

    pub fn errors(&self) -> usize {
        self.items
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.items.len() - self.errors()
    }

    /// Cases that have at least one error: the printers skip them.
    pub fn cases_with_errors(&self) -> std::collections::BTreeSet<String> {
        self.items
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .filter_map(|f| f.case_id.clone())
            .collect()
    }

    /// Files or sheets whose errors could not be tied to one case (a missing column, say): their
    /// rows could not be read, so every case in them is incomplete.
    pub fn has_unattributed_errors(&self) -> bool {
        self.items
            .iter()
            .any(|f| f.severity == Severity::Error && f.case_id.is_none())
    }

    /// Stable order for display: by file, sheet, row, column, then code.
    pub fn sort(&mut self) {
        self.items.sort_by(|a, b| {
            let (la, lb) = (&a.location, &b.location);
            (&la.origin.file, &la.origin.sheet, la.row, la.col, a.code).cmp(&(
                &lb.origin.file,
                &lb.origin.sheet,
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
}
