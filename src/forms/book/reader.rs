//! The 様式ブック reader (spec/formbook.md): one person's workbook with each form on its own
//! sheet, laid out like the paper. Fields are found by the seed's labels ([`super::labels`]),
//! never by cell addresses, and become the same tables as the tabular intake, so every rule,
//! form and report works on them unchanged. Each value keeps the form cell it was read from
//! ([`Layout::Cells`]), so findings point at 「支援計画シート (2) › F9」. What is read of each
//! form is in that form's home (`forms::plan::read`…); this is what they share: the case's
//! header fields, the records being built, and the order the forms are read in.

use super::account;
use super::fields::value_at;
use super::fields::{is_label_key, joined};
use super::grid::{self, Area, Grid, Pos};
use super::labels::{self as l, form_of_sheet_name, form_of_title, label_key, Label};
use crate::contract::sheets::{InBook, Key, Kind, Sheet};
use crate::contract::text::fold;
use crate::contract::Form;
use crate::finding::{Findings, Location, Origin};
use crate::model::raw::{Cell, Layout, PlacedRow, Row, Table};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::sync::Arc;

/// One sheet of the book as calamine gave it, before it is known to be a form.
pub struct RawSheet {
    pub name: String,
    pub grid: Grid,
}

impl RawSheet {
    /// `cells` row by row over the used range that starts at (`top`, `left`) and is
    /// `size` = (height, width).
    pub fn new(
        origin: Arc<Origin>,
        name: String,
        (top, left): (u32, u32),
        (height, width): (u32, u32),
        cells: Vec<Cell>,
        merges: Vec<Area>,
    ) -> RawSheet {
        RawSheet {
            name,
            grid: Grid::new(origin, top, left, height, width, cells, merges),
        }
    }
}

/// How many of a sheet's first rows may hold the form's title.
const TITLE_ROWS: u32 = 6;

/// Which form a sheet is: by its name, or by the title in its first rows. A sheet whose first row
/// is a row of the tabular intake's headings is not a form, whatever its name.
pub fn form_of(sheet: &RawSheet) -> Option<Form> {
    if looks_tabular(sheet) {
        return None;
    }
    if let Some((form, _)) = form_of_sheet_name(&sheet.name) {
        return Some(form);
    }
    let g = &sheet.grid;
    let rows = g.rows().start..g.rows().start.saturating_add(TITLE_ROWS).min(g.rows().end);
    rows.flat_map(|r| g.filled_in_row(r).collect::<Vec<_>>())
        .find_map(|p| g.text(p).and_then(|t| form_of_title(&t)))
}

/// A sheet named like a sheet of the tabular intake (アンケート, 補助ツール, クライシスプラン are
/// both) whose first row holds ケースID and at least two more of that sheet's headings.
pub(crate) fn looks_tabular(sheet: &RawSheet) -> bool {
    let Some(tabular) = Sheet::from_name(&sheet.name) else {
        return false;
    };
    let g = &sheet.grid;
    let Some(first) = g.rows().find(|&r| g.filled_in_row(r).next().is_some()) else {
        return false;
    };
    let matched: Vec<usize> = g
        .filled_in_row(first)
        .filter_map(|p| {
            g.text(p)
                .and_then(|h| crate::contract::sheets::match_heading(tabular, &h))
        })
        .collect();
    matched.len() >= 3 && matched.contains(&0)
}

/// Whether a workbook is a 様式ブック: no ケース sheet of the tabular intake, and at least one
/// sheet that is a form.
pub fn is_formbook(sheets: &[RawSheet]) -> bool {
    let tabular_cases = sheets
        .iter()
        .any(|s| Sheet::from_name(&s.name) == Some(Sheet::Cases));
    !tabular_cases && sheets.iter().any(|s| form_of(s).is_some())
}

/// A record being read: its contract row and where each value stood.
pub(crate) struct Rec {
    pub(crate) sheet: Sheet,
    pub(crate) origin: Arc<Origin>,
    pub(crate) anchor: Location,
    pub(crate) cells: Vec<Cell>,
    pub(crate) at: Vec<Option<Location>>,
}

impl Rec {
    pub(crate) fn new(sheet: Sheet, origin: &Arc<Origin>, anchor: Location) -> Rec {
        let n = sheet.columns().len();
        Rec {
            sheet,
            origin: origin.clone(),
            anchor,
            cells: vec![Cell::Empty; n],
            at: vec![None; n],
        }
    }

    /// The columns beside the form as `other` read them (a version's values shared by its rows).
    pub(crate) fn take_beside(&mut self, other: &Rec) {
        for (i, col) in self.sheet.columns().iter().enumerate() {
            if col.in_book == InBook::Beside {
                self.cells[i] = other.cells[i].clone();
                self.at[i] = other.at[i].clone();
            }
        }
    }

    pub(crate) fn idx(&self, key: Key) -> usize {
        self.sheet.index(key)
    }

    pub(crate) fn set(&mut self, key: Key, cell: Cell, at: Location) {
        let i = self.idx(key);
        self.cells[i] = cell;
        self.at[i] = Some(at);
    }

    /// The field's place on the form, left blank.
    pub(crate) fn place(&mut self, key: Key, at: Location) {
        let i = self.idx(key);
        self.at[i] = Some(at);
    }

    /// Whether anything but the record's keys is filled in.
    pub(crate) fn has_values(&self) -> bool {
        const KEYS: [Key; 4] = [Key::CaseId, Key::PlanNo, Key::Created, Key::Section];
        self.cells
            .iter()
            .zip(self.sheet.columns())
            .any(|(c, col)| !c.is_empty() && !KEYS.contains(&col.key))
    }

    pub(crate) fn put(&mut self, key: Key, v: &Value) {
        self.set(key, v.cell.clone(), v.at.clone());
    }
}

/// A field's value and its cell.
#[derive(Debug, Clone)]
pub(crate) struct Value {
    pub(crate) cell: Cell,
    pub(crate) at: Location,
}

impl Value {
    pub(crate) fn text(&self) -> String {
        grid::text_of(&self.cell)
            .map(|t| t.into_owned())
            .unwrap_or_default()
    }
    pub(crate) fn is_empty(&self) -> bool {
        self.cell.is_empty()
    }
}

/// The 様式ブック's forms, as sheets recognised.
pub(crate) struct FormSheet<'a> {
    pub(crate) form: Form,
    pub(crate) name: &'a str,
    pub(crate) g: &'a Grid,
}

/// Every label of a form, for "the value to the right is not another label"; folded once.
pub(crate) fn all_labels(form: Form) -> &'static [String] {
    static LABELS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    let all = LABELS.get_or_init(|| Form::ALL.iter().map(|&f| fold_labels(f)).collect());
    &all[Form::ALL.iter().position(|&f| f == form).expect("a form")]
}

pub(crate) fn fold_labels(form: Form) -> Vec<String> {
    let mut v: Vec<&Label> = vec![
        &l::CASE_ID,
        &l::REGION,
        &l::AGENCY,
        &l::MANAGER,
        &l::NAME,
        &l::KANA,
        &l::CM_START,
        &l::CM_END,
        &l::END_REASON,
        &l::PLAN_NO,
    ];
    let notes: Vec<&str> = match form {
        Form::Questionnaire => {
            v.extend([&l::Q_DATE, &l::Q_WISHES]);
            vec![l::Q_INSTRUCTION]
        }
        Form::Plan => {
            v.extend([
                &l::P_CREATED,
                &l::P_REVIEW_DUE,
                &l::P_LONG_GOAL,
                &l::P_SHORT_GOAL,
                &l::P_MONITORING,
                &l::M_DATE_TIMING,
                &l::M_KIND,
                &l::M_SETTING,
                &l::M_NOTES,
                &l::M_GOAL_MET,
                &l::P_PARTICIPANTS,
                &l::P_NEEDS,
                &l::N_NO,
                &l::N_NEED,
                &l::N_SELF,
                &l::N_SUPPORTER_ACTION,
                &l::N_SUPPORTER,
                &l::N_EVALUATION,
                &l::N_DOMAIN,
            ]);
            vec![
                l::P_LONG_GOAL_NOTE,
                l::P_CM_NOTE,
                l::N_MEASURES,
                l::P_FOOTNOTE,
            ]
        }
        Form::Subtool => {
            v.extend([
                &l::S_SUPPORTERS,
                &l::S_NAME,
                &l::S_RELATION,
                &l::S_LEGEND,
                &l::S_PLACES_FREQ,
                &l::S_PLACES,
                &l::S_FREQUENCY,
                &l::S_VISIT_FREQUENCY,
                &l::S_WHEN_HARD,
                &l::S_WISHES,
                &l::S_CONTACT1,
                &l::S_CONTACT2,
                &l::S_TEL,
                &l::S_SERVICES,
                &l::S_AGENCY,
                &l::S_DETAIL,
            ]);
            vec![]
        }
        Form::Crisis => {
            v.extend([
                &l::C_CREATED,
                &l::C_SUPPORTERS,
                &l::C_SUPPORTER_NAME,
                &l::C_SUPPORTER_ROLE,
                &l::C_SIGNS,
                &l::C_ACTIONS,
                &l::C_SELF_SIGN,
                &l::C_OTHERS_SIGN,
                &l::C_SELF_ACTION,
                &l::C_OTHERS_ACTION,
                &l::S_TEL,
            ]);
            vec![]
        }
    };
    let mut keys: Vec<String> = v
        .iter()
        .flat_map(|l| l.spellings().map(label_key))
        .collect();
    keys.extend(notes.iter().map(|n| label_key(n)));
    keys.push(label_key(l::EXTRA_HEADING));
    keys.push(label_key(&format!(
        "{}{}",
        l::P_LONG_GOAL.text,
        l::P_LONG_GOAL_NOTE
    )));
    keys.push(label_key(form.title()));
    let beside = form
        .sheets()
        .iter()
        .flat_map(|s| s.columns())
        .filter(|c| c.in_book == InBook::Beside);
    keys.extend(
        beside
            .flat_map(|c| std::iter::once(c.ja.as_str()).chain(c.aliases.iter().copied()))
            .map(label_key),
    );
    keys
}

pub(crate) struct Reader<'a> {
    pub(crate) file: Arc<Origin>,
    pub(crate) findings: &'a mut Findings,
    pub(crate) date1904: bool,
    pub(crate) case_id: Option<String>,
    pub(crate) recs: Vec<Rec>,
}

/// Reads a 様式ブック's sheets as intake tables, one per sheet of the contract and source sheet.
pub fn read(
    file: &Arc<Origin>,
    stem: &str,
    sheets: &[RawSheet],
    date1904: bool,
    findings: &mut Findings,
) -> Vec<Table> {
    let recs = read_forms(file, stem, sheets, date1904, findings);
    tables_of(recs, date1904)
}

/// The records of a 様式ブック's form sheets, each value with its cell; the sheets' grids are left
/// marked with what was read ([`Grid::is_used`]).
pub(crate) fn read_forms(
    file: &Arc<Origin>,
    stem: &str,
    sheets: &[RawSheet],
    date1904: bool,
    findings: &mut Findings,
) -> Vec<Rec> {
    // Which form each sheet is, once (the title search reads a sheet's first rows).
    let mut forms: Vec<FormSheet> = Vec::new();
    for s in sheets {
        match form_of(s) {
            Some(form) => forms.push(FormSheet {
                form,
                name: &s.name,
                g: &s.grid,
            }),
            None if looks_like_a_form(&s.grid) => {
                findings.warning("W504", Location::file(&s.grid.origin), None, "様式のシートに見えますが、どの様式か分かりません。このシートは読み込みません。シート名を様式名（支援計画シート、アンケート、補助ツール、クライシスプラン）にするか、先頭の行に様式の題名を入れてください。");
            }
            None => {}
        }
    }
    let mut r = Reader {
        file: file.clone(),
        findings,
        date1904,
        case_id: None,
        recs: Vec::new(),
    };
    let Some(case) = r.case(&forms, stem) else {
        return Vec::new();
    };
    let mut plan_nos: Vec<(u32, &str, Value)> = Vec::new();
    let mut plan_dates: Vec<NaiveDate> = Vec::new();
    for f in forms.iter().filter(|f| f.form == Form::Plan) {
        let before = r.recs.len();
        let plan = r.plan(f, &case, &plan_nos);
        if !r.left_blank(before) {
            if let Some((no, at, created)) = plan {
                plan_nos.push((no, f.name, at));
                plan_dates.extend(created);
            }
        }
    }
    let latest_plan = plan_nos.iter().map(|p| p.0).max();
    let mut other_dates = plan_dates.clone();
    for f in forms.iter().filter(|f| f.form == Form::Questionnaire) {
        let before = r.recs.len();
        let date = r.questionnaire(f, &case);
        if !r.left_blank(before) {
            other_dates.extend(date);
        }
    }
    for f in forms.iter().filter(|f| f.form == Form::Subtool) {
        let before = r.recs.len();
        r.subtool(f, &case, &plan_nos, latest_plan);
        r.left_blank(before);
    }
    for f in forms.iter().filter(|f| f.form == Form::Crisis) {
        let before = r.recs.len();
        r.crisis(f, &case, other_dates.iter().max().copied());
        r.left_blank(before);
    }
    for f in &forms {
        r.report_unread(f);
    }
    r.recs
}

/// A sheet that is not a form but holds the labels of one (ケースID, 作成日…), as a form an
/// office renamed would.
pub(crate) fn looks_like_a_form(g: &Grid) -> bool {
    let labels = [
        &l::CASE_ID,
        &l::P_CREATED,
        &l::Q_DATE,
        &l::P_NEEDS,
        &l::C_SIGNS,
    ];
    g.filled()
        .take(400)
        .filter(|&p| {
            labels
                .iter()
                .any(|lb| grid::match_label(g.key(p), lb).is_some())
        })
        .count()
        >= 2
}

/// Groups the records into one table per sheet and kind, in reading order.
fn tables_of(recs: Vec<Rec>, date1904: bool) -> Vec<Table> {
    let mut tables: Vec<(Table, HashMap<u32, PlacedRow>)> = Vec::new();
    for rec in recs {
        let pos = tables
            .iter()
            .position(|(t, _)| t.sheet == rec.sheet && Arc::ptr_eq(&t.origin, &rec.origin));
        let i = pos.unwrap_or_else(|| {
            tables.push((
                Table {
                    sheet: rec.sheet,
                    origin: rec.origin.clone(),
                    date1904,
                    layout: Layout::Columns(Vec::new()),
                    rows: Vec::new(),
                },
                HashMap::new(),
            ));
            tables.len() - 1
        });
        let (table, placed) = &mut tables[i];
        let line = table.rows.len() as u32 + 1;
        placed.insert(
            line,
            PlacedRow {
                anchor: rec.anchor,
                fields: rec.at,
            },
        );
        table.rows.push(Row {
            line,
            cells: rec.cells,
        });
    }
    tables
        .into_iter()
        .map(|(mut table, placed)| {
            table.layout = Layout::Cells(Arc::new(placed));
            table
        })
        .collect()
}

impl<'a> Reader<'a> {
    /// Whether the records read since `before` hold nothing but their keys: a form sheet left
    /// blank (the blank sheets of a 様式ブック) is not a form filled with blanks. Its records are
    /// dropped.
    pub(crate) fn left_blank(&mut self, before: usize) -> bool {
        let blank = self.recs[before..].iter().all(|rec| !rec.has_values());
        if blank {
            self.recs.truncate(before);
        }
        blank
    }

    pub(crate) fn error(&mut self, code: &'static str, at: Location, msg: String) {
        let case = self.case_id.clone();
        self.findings.error(code, at, case.as_deref(), msg);
    }

    pub(crate) fn warn(&mut self, code: &'static str, at: Location, msg: String) {
        let case = self.case_id.clone();
        self.findings.warning(code, at, case.as_deref(), msg);
    }

    /// W510 for each filled cell of the sheet that no field took and that is not the form's own
    /// text: what an office typed where the reader did not look is said, never dropped.
    pub(crate) fn report_unread(&mut self, f: &FormSheet) {
        let g = f.g;
        for p in account::unread(g, f.form) {
            let section = account::section_of(g, f.form, p);
            self.warn("W510", g.location(p), format!("「{section}」の欄のこのセルの記入は、どの項目としても読み取れませんでした（印刷・集計に使われません）。様式の見出しの右か下の入力欄に書き直すか、不要なら消してください。"));
        }
    }

    /// A sheet that is refused whole has been reported: its cells are not unread entries too.
    pub(crate) fn refuse(&self, g: &Grid) {
        let all: Vec<Pos> = g.filled().collect();
        g.consume_all(&all);
    }

    pub(crate) fn label_missing(&mut self, g: &Grid, label: &Label) {
        self.error("E503", Location::file(&g.origin), format!("必須の項目「{}」の見出しがこのシートにありません。様式の見出し「{}」を入れ、その右（または下）に値を入力してください。", label.text, label.text));
    }

    /// The value of a one-cell field: in the label's own cell, or to its right.
    pub(crate) fn field(&self, f: &FormSheet, label: &Label, labels: &[String]) -> Option<Value> {
        self.field_in(f, label, labels, f.g.rows())
    }

    pub(crate) fn field_in(
        &self,
        f: &FormSheet,
        label: &Label,
        labels: &[String],
        rows: std::ops::Range<u32>,
    ) -> Option<Value> {
        let g = f.g;
        let (p, inline) = g.find_in(label, rows)?;
        Some(value_at(g, p, inline, labels))
    }

    /// A block field: to the right of the label when something is typed there, else the area below.
    pub(crate) fn block(&self, f: &FormSheet, label: &Label, labels: &[String]) -> Option<Value> {
        let g = f.g;
        let (p, inline) = g.find(label)?;
        let right = value_at(g, p, inline, labels);
        if !right.is_empty() {
            return Some(right);
        }
        let is_label = |k: &str| labels.iter().any(|lb| is_label_key(k, lb));
        let notes = [label_key(l::P_LONG_GOAL_NOTE)];
        let is_note = |k: &str| notes.iter().any(|n| n == k);
        let found = g.below(p, &is_label, &is_note);
        Some(joined(g, &found))
    }

    /// The record's columns that stand beside the form ([`InBook::Beside`]), each found by its
    /// heading anywhere on the sheet; a heading the sheet lacks leaves the column blank (an
    /// office's own layout need not have them).
    pub(crate) fn beside(&self, f: &FormSheet, rec: &mut Rec, labels: &[String]) {
        let sheet = rec.sheet;
        for col in sheet
            .columns()
            .iter()
            .filter(|c| c.in_book == InBook::Beside)
        {
            let label = Label::new(col.ja.as_str(), col.aliases);
            // A choice may be one of the form's own words (同意した人 「本人」 is also a
            // participant's box): beside its heading it is the value, not a label.
            let own_words: Vec<String>;
            let labels = match col.kind {
                Kind::Choice(list) => {
                    let choices: Vec<String> =
                        list.choices().iter().map(|c| label_key(c)).collect();
                    own_words = labels
                        .iter()
                        .filter(|lb| !choices.iter().any(|c| is_label_key(c, lb)))
                        .cloned()
                        .collect();
                    &own_words[..]
                }
                _ => labels,
            };
            match self.field(f, &label, labels) {
                Some(v) if !v.is_empty() => rec.put(col.key, &v),
                Some(v) => rec.place(col.key, v.at),
                None => {}
            }
        }
    }

    /// The case from the header fields of every form; the file name's stem when no form has a
    /// ケースID.
    pub(crate) fn case(&mut self, forms: &[FormSheet], stem: &str) -> Option<Rec> {
        let mut found: HashMap<Key, (Value, String)> = HashMap::new();
        let fields: [(Key, &Label); 9] = [
            (Key::CaseId, &l::CASE_ID),
            (Key::Name, &l::NAME),
            (Key::Kana, &l::KANA),
            (Key::Region, &l::REGION),
            (Key::Agency, &l::AGENCY),
            (Key::Manager, &l::MANAGER),
            (Key::CmStart, &l::CM_START),
            (Key::CmEnd, &l::CM_END),
            (Key::EndReason, &l::END_REASON),
        ];
        let mut seen_label: HashMap<Key, Location> = HashMap::new();
        let mut disagree: Vec<(Key, Location, Location)> = Vec::new();
        for f in forms {
            let labels = all_labels(f.form);
            // The 補助ツール's 「氏名」 slots below its title are the supporters', never the person's.
            let header_rows = match (f.form, f.g.find(&l::S_SUPPORTERS)) {
                (Form::Subtool, Some((t, _))) => f.g.rows().start..t.row,
                _ => f.g.rows(),
            };
            for (key, label) in fields {
                let rows = if key == Key::Name {
                    header_rows.clone()
                } else {
                    f.g.rows()
                };
                let Some(v) = self.field_in(f, label, labels, rows) else {
                    continue;
                };
                seen_label.entry(key).or_insert_with(|| v.at.clone());
                if v.is_empty() {
                    continue;
                }
                let shown = fold(&v.text());
                match found.get(&key) {
                    None => {
                        found.insert(key, (v, shown));
                    }
                    Some((first_value, first))
                        if *first != shown
                            && [Key::Name, Key::CaseId, Key::Region].contains(&key) =>
                    {
                        disagree.push((key, v.at.clone(), first_value.at.clone()))
                    }
                    Some(_) => {}
                }
            }
        }
        let first_sheet = forms
            .first()
            .map(|f| Location::file(&f.g.origin))
            .unwrap_or_else(|| Location::file(&self.file));
        let (id_value, from_stem) = match found.get(&Key::CaseId) {
            Some((v, _)) => (v.clone(), false),
            None => {
                let id = crate::contract::text::fold_id(stem);
                if !crate::model::valid_case_id(&id) {
                    self.error("E503", first_sheet, "「ケースID」の欄がどの様式にもなく、ファイル名もケースIDとして使えません。様式の見出しに「ケースID」を入れて入力するか、ファイル名をケースID（半角英数字・-・_）にしてください。".into());
                    return None;
                }
                (
                    Value {
                        cell: Cell::Text(id),
                        at: Location::file(&self.file),
                    },
                    true,
                )
            }
        };
        let id = crate::contract::text::fold_id(&id_value.text());
        self.case_id = Some(id.clone());
        if from_stem {
            self.warn("W506", Location::file(&self.file), format!("「ケースID」の欄がないため、ファイル名からケースID「{id}」としました。様式の「ケースID」欄に入力すると確実です。"));
        }
        for (key, at, first) in disagree {
            let label = fields.iter().find(|f| f.0 == key).map_or("", |f| f.1.text);
            self.warn("W507", at, format!("「{label}」が {first} の値と違います。同じ人の様式か確かめ、どちらかに揃えてください（{first} の値を使います）。"));
        }
        for (key, label) in [
            (Key::Region, &l::REGION),
            (Key::Manager, &l::MANAGER),
            (Key::Name, &l::NAME),
        ] {
            if !seen_label.contains_key(&key) {
                let at = first_sheet.clone();
                self.error("E503", at, format!("必須の項目「{}」の見出しがどの様式にもありません。様式の見出しに「{}」を入れ、その右に入力してください。", label.text, label.text));
            }
        }
        let anchor = id_value.at.clone();
        let origin = anchor.origin.clone();
        let mut rec = Rec::new(Sheet::Cases, &origin, anchor);
        rec.set(Key::CaseId, Cell::Text(id), id_value.at.clone());
        for (key, _) in fields.iter().skip(1) {
            match found.get(key) {
                Some((v, _)) => rec.put(*key, v),
                None => {
                    if let Some(at) = seen_label.get(key) {
                        rec.place(*key, at.clone());
                    }
                }
            }
        }
        let case_ref = Value {
            cell: rec.cells[0].clone(),
            at: rec.at[0].clone().expect("case_id placed"),
        };
        self.recs.push(rec);
        Some(Rec {
            sheet: Sheet::Cases,
            origin,
            anchor: case_ref.at.clone(),
            cells: vec![case_ref.cell],
            at: vec![Some(case_ref.at)],
        })
    }

    pub(crate) fn start(&self, sheet: Sheet, f: &FormSheet, case: &Rec, anchor: Location) -> Rec {
        let mut rec = Rec::new(sheet, &f.g.origin, anchor);
        rec.set(
            Key::CaseId,
            case.cells[0].clone(),
            case.at[0].clone().expect("case id placed"),
        );
        rec
    }
}
