//! What a column of the contract is: its heading and aliases, its kind and code list, and where it
//! stands in a 様式ブック. The columns themselves are declared in [`super::sheets`].

use super::codes::{
    AgreedBy, Answer, Code, CrisisSection, Evaluation, GoalMet, Place, Relation, ReviewKind,
    Setting, Timing, YesNo, ITEMS,
};
use super::keys::Key;
use super::text::fold;

#[derive(Debug, Clone)]
pub struct Column {
    pub ja: String,
    pub key: Key,
    /// Other headings an office's files may use for the column (older names, the form's own
    /// wording): a heading can be renamed here without breaking the files that use the old one.
    pub aliases: &'static [&'static str],
    /// Where the column stands in a 様式ブック.
    pub in_book: InBook,
    pub required: bool,
    pub kind: Kind,
    pub help: String,
}

/// Where a column stands in a 様式ブック.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InBook {
    /// Where the paper form has it: the form's own reader and writer lay it out.
    OnForm,
    /// The paper has no place for it: a cell labelled with the column's heading beside the print
    /// area, read and written for every such column of the form's sheets without code of its own.
    Beside,
}

impl Column {
    pub(super) fn or(mut self, aliases: &'static [&'static str]) -> Column {
        self.aliases = aliases;
        self
    }

    pub(super) fn beside(mut self) -> Column {
        self.in_book = InBook::Beside;
        self
    }

    /// Whether a heading (as [`heading_key`] folds it) is the column's own: its heading or its
    /// English key.
    pub(super) fn is_own_name(&self, key: &str) -> bool {
        heading_key(&self.ja) == key || self.key.as_str() == key
    }

    /// Whether a heading (as [`heading_key`] folds it) is one of the column's aliases.
    pub(super) fn is_alias(&self, key: &str) -> bool {
        self.aliases.iter().any(|a| heading_key(a) == key)
    }
}

/// How offices head the ケースID column, on every sheet that has it.
pub const CASE_ID_ALIASES: &[&str] = &["ケース番号", "ケースNo", "ケースNo."];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// ケースID itself.
    Id,
    /// A reference to a ケースID.
    Ref,
    Text,
    Date,
    Int,
    Choice(CodeList),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeList {
    Answer,
    Evaluation,
    Relation,
    Timing,
    ReviewKind,
    Setting,
    GoalMet,
    AgreedBy,
    YesNo,
    CrisisSection,
    Item,
    Frequency,
    /// 主な支援場所: several of [`Place`] in one cell.
    Places,
}

impl CodeList {
    /// The dropdown of the blank workbook (None: free entry, e.g. frequencies).
    pub fn choices(self) -> Vec<String> {
        let s = |v: Vec<&str>| v.into_iter().map(String::from).collect();
        match self {
            CodeList::Answer => s(Answer::ALL.iter().map(|a| a.code()).collect()),
            CodeList::Evaluation => s(Evaluation::choices()),
            CodeList::Relation => s(Relation::choices()),
            CodeList::Timing => s(Timing::choices()),
            CodeList::ReviewKind => s(ReviewKind::choices()),
            CodeList::Setting => s(Setting::choices()),
            CodeList::GoalMet => s(GoalMet::choices()),
            CodeList::AgreedBy => s(AgreedBy::choices()),
            CodeList::YesNo => s(YesNo::choices()),
            CodeList::CrisisSection => s(CrisisSection::choices()),
            CodeList::Item => s(ITEMS.iter().map(|i| i.id).collect()),
            CodeList::Frequency => s(vec!["週1回", "週2回", "週3回", "月1回", "月2回"]),
            CodeList::Places => s(Place::choices()),
        }
    }

    /// Whether values outside the dropdown are still valid (frequencies: any 週N回/月N回).
    pub fn open(self) -> bool {
        matches!(self, CodeList::Frequency | CodeList::Places)
    }

    /// How the message names what is accepted.
    pub fn expected(self) -> String {
        match self {
            CodeList::Answer => "1（困っているが、支援を受けている）、2（困っていて、まだ支援を受けていない）、0（困っていない）、9（わからない）".into(),
            CodeList::Frequency => "「週2回」「月1回」の形".into(),
            CodeList::Item => "A1〜F5、O1、O2".into(),
            CodeList::Places => format!("{}（複数は「、」で区切る）", Place::choices().join("、")),
            other => other.choices().join("、"),
        }
    }
}

/// The comparison key of a heading: width-folded, no spaces, a trailing （必須） removed.
pub fn heading_key(raw: &str) -> String {
    let f = fold(raw);
    let f = f.strip_suffix("(必須)").unwrap_or(&f);
    f.to_string()
}
