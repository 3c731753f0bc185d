//! Reading each sheet's rows into records, one typed value at a time, with a finding for every
//! value that cannot be read. A record missing a required value is left out (its case is then
//! marked as having errors), so later rules never see half-read rows.

use super::raw::{Cell, Row, Table};
use super::*;
use crate::contract::codes::{
    Code, CrisisSection, Frequency, Place, Relation, Timing, YesNo, ITEMS,
};
use crate::contract::date::{from_serial, parse_date, DateError};
use crate::contract::sheets::{Key, Kind, Sheet};
use crate::contract::text::{
    fold, fold_id, forbidden_control, normalize_newlines, parse_uint, trim,
};
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

struct RowReader<'a> {
    t: &'a Table,
    ti: u32,
    row: &'a Row,
    f: &'a mut Findings,
    /// The case this row belongs to, once read: findings carry it so printers can skip the case.
    case: Option<String>,
    /// The plan version a 支援計画 row defines, once read, even if the row is later dropped.
    plan_no: Option<u32>,
    /// False: free texts are checked, then not kept (see [`Dataset::drop_texts`]).
    keep_texts: bool,
}

impl<'a> RowReader<'a> {
    fn col(&self, key: Key) -> usize {
        self.t.sheet.index(key)
    }

    fn at(&self) -> RowRef {
        RowRef {
            table: self.ti,
            line: self.row.line,
        }
    }

    fn loc(&self, idx: usize) -> Location {
        self.t.location(self.row.line, idx)
    }

    fn heading(&self, idx: usize) -> &'static str {
        self.t.sheet.columns()[idx].ja.as_str()
    }

    fn error(&mut self, code: &'static str, idx: usize, msg: String) {
        let loc = self.loc(idx);
        self.f.error(code, loc, self.case.as_deref(), msg);
    }

    fn warn(&mut self, code: &'static str, idx: usize, msg: String) {
        let loc = self.loc(idx);
        self.f.warning(code, loc, self.case.as_deref(), msg);
    }

    fn missing(&mut self, idx: usize) {
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
    fn raw(&mut self, idx: usize) -> Option<Cow<'a, str>> {
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
    fn text(&mut self, key: Key, required: bool) -> Option<String> {
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

    fn text_or_empty(&mut self, key: Key) -> String {
        self.text(key, false).unwrap_or_default()
    }

    /// A free text only printed on the forms: checked like any text, kept only when the command
    /// prints forms. None when it is required and missing or unprintable (already reported).
    fn free_text(&mut self, key: Key, required: bool) -> Option<String> {
        let s = self.text(key, required);
        if self.keep_texts {
            s
        } else {
            s.map(|_| String::new())
        }
    }

    fn free_text_or_empty(&mut self, key: Key) -> String {
        self.free_text(key, false).unwrap_or_default()
    }

    fn date(&mut self, key: Key, required: bool) -> Option<NaiveDate> {
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

    fn uint(&mut self, key: Key, required: bool, min: u32) -> Option<u32> {
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

    fn code<T: Code>(&mut self, key: Key, required: bool) -> Option<T> {
        self.code_with(key, required, T::parse)
    }

    fn code_with<T>(
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

    fn bad_code(&mut self, idx: usize, value: &str) {
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
    fn case_id(&mut self, defining: bool) -> Option<String> {
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

    fn case(&mut self) -> Option<Case> {
        let case_id = self.case_id(true)?;
        // A bad name or region is reported (so the case is not printed) but the case stays known,
        // so its other rows are checked rather than all reported as "unknown ケースID".
        let name = self.text(Key::Name, true).unwrap_or_default();
        let region = self.text(Key::Region, true).unwrap_or_default();
        let manager = self.text(Key::Manager, true).unwrap_or_default();
        let case = Case {
            kana: self.text_or_empty(Key::Kana),
            agency: self.text_or_empty(Key::Agency),
            cm_start: self.date(Key::CmStart, false),
            cm_end: self.date(Key::CmEnd, false),
            end_reason: self.text_or_empty(Key::EndReason),
            case_id,
            name,
            region,
            manager,
            at: self.at(),
        };
        Some(case)
    }

    fn area(&mut self) -> Option<Area> {
        let region = self.text(Key::Region, true);
        let centre = self.text(Key::Centre, true);
        let zone = self.text_or_empty(Key::Zone);
        Some(Area {
            region: region?,
            centre: centre?,
            zone,
            at: self.at(),
        })
    }

    fn questionnaire(&mut self) -> Option<Questionnaire> {
        let case_id = self.case_id(false)?;
        let date = self.date(Key::Date, true);
        let wishes = self.free_text_or_empty(Key::Wishes);
        let mut answers = [None; ITEMS.len()];
        for (i, answer) in answers.iter_mut().enumerate() {
            *answer = self.code(Key::Item(i), false);
        }
        let other_text = [
            self.text_or_empty(Key::O1Text),
            self.text_or_empty(Key::O2Text),
        ];
        for (k, key) in [Key::Item(ITEMS.len() - 2), Key::Item(ITEMS.len() - 1)]
            .into_iter()
            .enumerate()
        {
            if answers[ITEMS.len() - 2 + k].is_some() && other_text[k].is_empty() {
                let idx = self.col(key);
                self.warn(
                    "W109",
                    idx,
                    format!(
                    "{} に回答がありますが「{}内容」が空欄です。その他の内容を入力してください。",
                    key.as_str().to_ascii_uppercase(),
                    key.as_str().to_ascii_uppercase()
                ),
                );
            }
        }
        Some(Questionnaire {
            case_id,
            date: date?,
            wishes,
            answers,
            other_text,
            at: self.at(),
        })
    }

    fn plan(&mut self) -> Option<Plan> {
        let case_id = self.case_id(false)?;
        let plan_no = self.uint(Key::PlanNo, true, 1);
        self.plan_no = plan_no;
        let created = self.date(Key::Created, true);
        let review_due = self.date(Key::ReviewDue, true);
        let long_goal = self.free_text(Key::LongGoal, true).unwrap_or_default();
        let short_goal = self.free_text(Key::ShortGoal, true).unwrap_or_default();
        let yes = |r: &mut Self, key: Key| r.code::<YesNo>(key, false).is_some_and(YesNo::is_yes);
        let participants = Participants {
            self_: yes(self, Key::PSelf),
            family: self.uint(Key::PFamily, false, 0),
            colleague: self.uint(Key::PColleague, false, 0),
            friend: self.uint(Key::PFriend, false, 0),
            doctor: yes(self, Key::PDoctor),
            hospital_staff: self.uint(Key::PHospitalStaff, false, 0),
            community: self.uint(Key::PCommunity, false, 0),
            government: self.uint(Key::PGovernment, false, 0),
            other: self.uint(Key::POther, false, 0),
            other_text: self.text_or_empty(Key::POtherText),
        };
        Some(Plan {
            case_id,
            plan_no: plan_no?,
            created: created?,
            review_due: review_due?,
            long_goal,
            short_goal,
            participants,
            at: self.at(),
        })
    }

    fn monitoring(&mut self) -> Option<Monitoring> {
        let case_id = self.case_id(false)?;
        let plan_no = self.uint(Key::PlanNo, true, 1);
        let date = self.date(Key::Date, true);
        let timing = self.code_with(Key::Timing, true, Timing::parse_with_months);
        let months_col = self.uint(Key::TimingMonths, false, 1);
        let timing_months = months_col.or(timing.and_then(|t| t.1));
        if let Some((t, _)) = timing {
            if t.needs_months() && timing_months.is_none() {
                let idx = self.col(Key::TimingMonths);
                self.error(
                    "E109",
                    idx,
                    format!(
                        "評価時期が「{}」のときは「評価時期ヵ月」に月数を入力してください。",
                        t.label()
                    ),
                );
            }
        }
        let kind = self.code(Key::Kind, true);
        let setting = self.code(Key::Setting, true);
        Some(Monitoring {
            kind_text: self.text_or_empty(Key::KindText),
            setting_text: self.text_or_empty(Key::SettingText),
            notes: self.free_text_or_empty(Key::Notes),
            goal_met: self.code(Key::ShortGoalMet, false),
            case_id,
            plan_no: plan_no?,
            date: date?,
            timing: timing?.0,
            timing_months,
            kind: kind?,
            setting: setting?,
            at: self.at(),
        })
    }

    fn need(&mut self) -> Option<Need> {
        let case_id = self.case_id(false)?;
        let plan_no = self.uint(Key::PlanNo, true, 1);
        let no = self.uint(Key::No, true, 1);
        let need = self.text(Key::Need, true);
        let supporter = self.text_or_empty(Key::Supporter);
        let need_key = need.as_deref().map_or(0, |n| text_key(&fold(n)));
        let supporter_key = supporter_key(&supporter);
        let keep = |s: String| if self.keep_texts { s } else { String::new() };
        let (need, supporter) = (need.map(keep), keep(supporter));
        Some(Need {
            self_action: self.free_text_or_empty(Key::SelfAction),
            supporter_action: self.free_text_or_empty(Key::SupporterAction),
            supporter,
            need_key,
            supporter_key,
            evaluation: self.code(Key::Evaluation, false),
            domain: self.code_with(Key::Domain, false, crate::contract::codes::item_index),
            case_id,
            plan_no: plan_no?,
            no: no?,
            need: need?,
            at: self.at(),
        })
    }

    fn subtool(&mut self) -> Option<Subtool> {
        let case_id = self.case_id(false)?;
        let plan_no = self.uint(Key::PlanNo, true, 1);
        let places = self.code_with(Key::Places, false, |s| {
            s.split(['、', ',', '，', '\n'].as_slice())
                .filter(|p| !trim(p).is_empty())
                .map(Place::parse)
                .collect::<Option<Vec<Place>>>()
        });
        let places = places.map(|mut v| {
            v.sort();
            v.dedup();
            v
        });
        let services = Key::SERVICES.map(|(has, agency, detail)| Service {
            has: self.code::<YesNo>(has, false).map(YesNo::is_yes),
            agency: self.text_or_empty(agency),
            detail: self.text_or_empty(detail),
        });
        Some(Subtool {
            places: places.unwrap_or_default(),
            places_text: self.text_or_empty(Key::PlacesText),
            frequency: self.code_with(Key::Frequency, false, Frequency::parse),
            visit_frequency: self.code_with(Key::VisitFrequency, false, Frequency::parse),
            wishes_when_hard: self.text_or_empty(Key::WishesWhenHard),
            contact1: self.text_or_empty(Key::Contact1),
            contact1_tel: self.text_or_empty(Key::Contact1Tel),
            contact2: self.text_or_empty(Key::Contact2),
            contact2_tel: self.text_or_empty(Key::Contact2Tel),
            services,
            case_id,
            plan_no: plan_no?,
            at: self.at(),
        })
    }

    fn supporter(&mut self) -> Option<Supporter> {
        let case_id = self.case_id(false)?;
        let plan_no = self.uint(Key::PlanNo, true, 1);
        let name = self.free_text(Key::Name, true);
        let relation = self.code::<Relation>(Key::Relation, true);
        Some(Supporter {
            relation_text: self.free_text_or_empty(Key::RelationText),
            case_id,
            plan_no: plan_no?,
            name: name?,
            relation: relation?,
            at: self.at(),
        })
    }

    fn crisis_item(&mut self) -> Option<CrisisItem> {
        let case_id = self.case_id(false)?;
        let created = self.date(Key::Created, true);
        let section = self.code::<CrisisSection>(Key::Section, true);
        let text = self.free_text(Key::Text, true);
        Some(CrisisItem {
            case_id,
            created: created?,
            section: section?,
            text: text?,
            at: self.at(),
        })
    }

    fn crisis_supporter(&mut self) -> Option<CrisisSupporter> {
        let case_id = self.case_id(false)?;
        let created = self.date(Key::Created, true);
        let name = self.free_text(Key::Name, true);
        Some(CrisisSupporter {
            contact: self.free_text_or_empty(Key::Contact),
            role: self.free_text_or_empty(Key::Role),
            case_id,
            created: created?,
            name: name?,
            at: self.at(),
        })
    }
}
