//! The 様式ブック reader (spec/formbook.md): one person's workbook with each form on its own
//! sheet, laid out like the paper. Fields are found by the seed's labels
//! ([`crate::formbook::labels`]), never by cell addresses, and become the same tables as the
//! tabular intake, so every rule, form and report works on them unchanged. Each value keeps the
//! form cell it was read from ([`Layout::Cells`]), so findings point at 「支援計画シート (2) › F9」.

mod account;
mod grid;
pub mod inspect;
pub mod marks;

use super::{Cell, Layout, PlacedRow, Source, Table};
use crate::finding::{Findings, Location, Origin};
use crate::formbook::labels::{self as l, form_of_sheet_name, form_of_title, label_key, Label};
use crate::forms::Form;
use crate::ingest::schema::Sheet;
use crate::model::codes::{Answer, Code, CrisisSection, ReviewKind, Setting, Timing, ITEMS};
use crate::model::date::{from_serial, parse_date};
use crate::model::text::{fold, trim};
use chrono::NaiveDate;
pub use grid::{Area, Grid as FormGrid};
use grid::{Found, Grid, Pos};
use marks::{answer_mark, count_in, options_of, Option_};
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
fn looks_tabular(sheet: &RawSheet) -> bool {
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
                .and_then(|h| crate::ingest::schema::match_heading(tabular, &h))
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
struct Rec {
    sheet: Sheet,
    origin: Arc<Origin>,
    anchor: Location,
    cells: Vec<Cell>,
    at: Vec<Option<Location>>,
}

impl Rec {
    fn new(sheet: Sheet, origin: &Arc<Origin>, anchor: Location) -> Rec {
        let n = sheet.columns().len();
        Rec {
            sheet,
            origin: origin.clone(),
            anchor,
            cells: vec![Cell::Empty; n],
            at: vec![None; n],
        }
    }

    fn idx(&self, key: &str) -> usize {
        self.sheet
            .columns()
            .iter()
            .position(|c| c.key == key)
            .unwrap_or_else(|| panic!("{key} is not a column of {}", self.sheet.key()))
    }

    fn set(&mut self, key: &str, cell: Cell, at: Location) {
        let i = self.idx(key);
        self.cells[i] = cell;
        self.at[i] = Some(at);
    }

    /// The field's place on the form, left blank.
    fn place(&mut self, key: &str, at: Location) {
        let i = self.idx(key);
        self.at[i] = Some(at);
    }

    /// Whether anything but the record's keys is filled in.
    fn has_values(&self) -> bool {
        const KEYS: [&str; 4] = ["case_id", "plan_no", "created", "section"];
        self.cells
            .iter()
            .zip(self.sheet.columns())
            .any(|(c, col)| !c.is_empty() && !KEYS.contains(&col.key.as_str()))
    }

    fn put(&mut self, key: &str, v: &Value) {
        self.set(key, v.cell.clone(), v.at.clone());
    }
}

/// A field's value and its cell.
#[derive(Debug, Clone)]
struct Value {
    cell: Cell,
    at: Location,
}

impl Value {
    fn text(&self) -> String {
        grid::text_of(&self.cell)
            .map(|t| t.into_owned())
            .unwrap_or_default()
    }
    fn is_empty(&self) -> bool {
        self.cell.is_empty()
    }
}

/// The 様式ブック's forms, as sheets recognised.
struct FormSheet<'a> {
    form: Form,
    name: &'a str,
    g: &'a Grid,
}

/// Every label of a form, for "the value to the right is not another label"; folded once.
fn all_labels(form: Form) -> &'static [String] {
    static LABELS: std::sync::OnceLock<Vec<Vec<String>>> = std::sync::OnceLock::new();
    let all = LABELS.get_or_init(|| Form::ALL.iter().map(|&f| fold_labels(f)).collect());
    &all[Form::ALL.iter().position(|&f| f == form).expect("a form")]
}

fn fold_labels(form: Form) -> Vec<String> {
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
    keys
}

struct Reader<'a> {
    file: Arc<Origin>,
    findings: &'a mut Findings,
    date1904: bool,
    case_id: Option<String>,
    recs: Vec<Rec>,
}

/// Reads a 様式ブック's sheets into `source` as intake tables.
pub(crate) fn read(
    file: &Arc<Origin>,
    stem: &str,
    sheets: &[RawSheet],
    date1904: bool,
    findings: &mut Findings,
    source: &mut Source<'_>,
) {
    let recs = read_forms(file, stem, sheets, date1904, findings);
    hand_over(recs, date1904, findings, source);
}

/// The records of a 様式ブック's form sheets, each value with its cell; the sheets' grids are left
/// marked with what was read ([`Grid::is_used`]).
fn read_forms(
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
fn looks_like_a_form(g: &Grid) -> bool {
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
fn hand_over(recs: Vec<Rec>, date1904: bool, findings: &mut Findings, source: &mut Source<'_>) {
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
        table.rows.push(super::Row {
            line,
            cells: rec.cells,
        });
    }
    for (mut table, placed) in tables {
        table.layout = Layout::Cells(Arc::new(placed));
        source.add(table, findings);
    }
}

impl<'a> Reader<'a> {
    /// Whether the records read since `before` hold nothing but their keys: a form sheet left
    /// blank (the blank sheets of a 様式ブック) is not a form filled with blanks. Its records are
    /// dropped.
    fn left_blank(&mut self, before: usize) -> bool {
        let blank = self.recs[before..].iter().all(|rec| !rec.has_values());
        if blank {
            self.recs.truncate(before);
        }
        blank
    }

    fn error(&mut self, code: &'static str, at: Location, msg: String) {
        let case = self.case_id.clone();
        self.findings.error(code, at, case.as_deref(), msg);
    }

    fn warn(&mut self, code: &'static str, at: Location, msg: String) {
        let case = self.case_id.clone();
        self.findings.warning(code, at, case.as_deref(), msg);
    }

    /// W510 for each filled cell of the sheet that no field took and that is not the form's own
    /// text: what an office typed where the reader did not look is said, never dropped.
    fn report_unread(&mut self, f: &FormSheet) {
        let g = f.g;
        for p in account::unread(g, f.form) {
            let section = account::section_of(g, f.form, p);
            self.warn("W510", g.location(p), format!("「{section}」の欄のこのセルの記入は、どの項目としても読み取れませんでした（印刷・集計に使われません）。様式の見出しの右か下の入力欄に書き直すか、不要なら消してください。"));
        }
    }

    /// A sheet that is refused whole has been reported: its cells are not unread entries too.
    fn refuse(&self, g: &Grid) {
        let all: Vec<Pos> = g.filled().collect();
        g.consume_all(&all);
    }

    fn label_missing(&mut self, g: &Grid, label: &Label) {
        self.error("E503", Location::file(&g.origin), format!("必須の項目「{}」の見出しがこのシートにありません。様式の見出し「{}」を入れ、その右（または下）に値を入力してください。", label.text, label.text));
    }

    /// The value of a one-cell field: in the label's own cell, or to its right.
    fn field(&self, f: &FormSheet, label: &Label, labels: &[String]) -> Option<Value> {
        self.field_in(f, label, labels, f.g.rows())
    }

    fn field_in(
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
    fn block(&self, f: &FormSheet, label: &Label, labels: &[String]) -> Option<Value> {
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

    /// The case from the header fields of every form; the file name's stem when no form has a
    /// ケースID.
    fn case(&mut self, forms: &[FormSheet], stem: &str) -> Option<Rec> {
        let mut found: HashMap<&'static str, (Value, String)> = HashMap::new();
        let fields: [(&'static str, &Label); 9] = [
            ("case_id", &l::CASE_ID),
            ("name", &l::NAME),
            ("kana", &l::KANA),
            ("region", &l::REGION),
            ("agency", &l::AGENCY),
            ("manager", &l::MANAGER),
            ("cm_start", &l::CM_START),
            ("cm_end", &l::CM_END),
            ("end_reason", &l::END_REASON),
        ];
        let mut seen_label: HashMap<&'static str, Location> = HashMap::new();
        let mut disagree: Vec<(&'static str, Location, Location)> = Vec::new();
        for f in forms {
            let labels = all_labels(f.form);
            // The 補助ツール's 「氏名」 slots below its title are the supporters', never the person's.
            let header_rows = match (f.form, f.g.find(&l::S_SUPPORTERS)) {
                (Form::Subtool, Some((t, _))) => f.g.rows().start..t.row,
                _ => f.g.rows(),
            };
            for (key, label) in fields {
                let rows = if key == "name" {
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
                match found.get(key) {
                    None => {
                        found.insert(key, (v, shown));
                    }
                    Some((first_value, first))
                        if *first != shown && ["name", "case_id", "region"].contains(&key) =>
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
        let (id_value, from_stem) = match found.get("case_id") {
            Some((v, _)) => (v.clone(), false),
            None => {
                let id = crate::model::text::fold_id(stem);
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
        let id = crate::model::text::fold_id(&id_value.text());
        self.case_id = Some(id.clone());
        if from_stem {
            self.warn("W506", Location::file(&self.file), format!("「ケースID」の欄がないため、ファイル名からケースID「{id}」としました。様式の「ケースID」欄に入力すると確実です。"));
        }
        for (key, at, first) in disagree {
            let label = fields.iter().find(|f| f.0 == key).map_or("", |f| f.1.text);
            self.warn("W507", at, format!("「{label}」が {first} の値と違います。同じ人の様式か確かめ、どちらかに揃えてください（{first} の値を使います）。"));
        }
        for (key, label) in [
            ("region", &l::REGION),
            ("manager", &l::MANAGER),
            ("name", &l::NAME),
        ] {
            if !seen_label.contains_key(key) {
                let at = first_sheet.clone();
                self.error("E503", at, format!("必須の項目「{}」の見出しがどの様式にもありません。様式の見出しに「{}」を入れ、その右に入力してください。", label.text, label.text));
            }
        }
        let anchor = id_value.at.clone();
        let origin = anchor.origin.clone();
        let mut rec = Rec::new(Sheet::Cases, &origin, anchor);
        rec.set("case_id", Cell::Text(id), id_value.at.clone());
        for (key, _) in fields.iter().skip(1) {
            match found.get(key) {
                Some((v, _)) => rec.put(key, v),
                None => {
                    if let Some(at) = seen_label.get(key) {
                        rec.place(key, at.clone());
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

    fn start(&self, sheet: Sheet, f: &FormSheet, case: &Rec, anchor: Location) -> Rec {
        let mut rec = Rec::new(sheet, &f.g.origin, anchor);
        rec.set(
            "case_id",
            case.cells[0].clone(),
            case.at[0].clone().expect("case id placed"),
        );
        rec
    }

    /// A 支援計画シート: the plan, its monitoring rows and its needs. Returns its 作成番号 (and
    /// where it is) and its 作成日.
    fn plan(
        &mut self,
        f: &FormSheet,
        case: &Rec,
        earlier: &[(u32, &str, Value)],
    ) -> Option<(u32, Value, Option<NaiveDate>)> {
        let g = f.g;
        let labels = all_labels(Form::Plan);
        let Some(no) = self.field(f, &l::PLAN_NO, labels) else {
            self.label_missing(g, &l::PLAN_NO);
            self.refuse(g);
            return None;
        };
        let plan_no = crate::model::text::parse_uint(&no.text());
        if let Some(n) = plan_no {
            if let Some((_, other, _)) = earlier.iter().find(|e| e.0 == n) {
                let other = other.to_string();
                self.error("E505", no.at.clone(), format!("作成番号 {n} がシート「{other}」と同じです。コピーしたシートなら作成番号を次の番号に直してください。このシートは読み込みません。"));
                self.refuse(g);
                return None;
            }
        }
        let mut rec = self.start(Sheet::Plans, f, case, no.at.clone());
        rec.put("plan_no", &no);
        let mut created = None;
        for (key, label) in [("created", &l::P_CREATED), ("review_due", &l::P_REVIEW_DUE)] {
            match self.field(f, label, labels) {
                Some(v) => {
                    if key == "created" {
                        created = cell_date(&v.cell, self.date1904);
                    }
                    rec.put(key, &v)
                }
                None => self.label_missing(g, label),
            }
        }
        for (key, label) in [
            ("long_goal", &l::P_LONG_GOAL),
            ("short_goal", &l::P_SHORT_GOAL),
        ] {
            match self.block(f, label, labels) {
                Some(v) => rec.put(key, &v),
                None => self.label_missing(g, label),
            }
        }
        self.participants(f, &mut rec, labels);
        let no_ref = Value {
            cell: no.cell.clone(),
            at: no.at.clone(),
        };
        self.recs.push(rec);
        self.monitoring(f, case, &no_ref, labels);
        self.needs(f, case, &no_ref, labels);
        plan_no.map(|n| (n, no, created))
    }

    fn participants(&mut self, f: &FormSheet, rec: &mut Rec, labels: &[String]) {
        let g = f.g;
        let Some((p, _)) = g.find(&l::P_PARTICIPANTS) else {
            return;
        };
        // The boxes end at the CM note or the needs table (their words, 本人 among them, are not
        // labels here).
        let stop: Vec<String> = [l::P_CM_NOTE]
            .into_iter()
            .map(label_key)
            .chain(
                [&l::P_NEEDS, &l::N_NO, &l::N_NEED, &l::M_KIND]
                    .iter()
                    .flat_map(|lb| lb.spellings().map(label_key)),
            )
            .collect();
        let is_stop = |k: &str| stop.iter().any(|s| is_label_key(k, s));
        let _ = labels;
        let mut parts: Vec<(Pos, String)> = Vec::new();
        let area = g.area(p);
        for row in area.top..g.rows().end {
            let cells: Vec<Pos> = g
                .filled_in_row(row)
                .filter(|q| !(row <= area.bottom && q.col <= area.right))
                .collect();
            if row > area.bottom && cells.iter().any(|&q| is_stop(g.key(q))) {
                break;
            }
            parts.extend(
                cells
                    .into_iter()
                    .filter(|&q| !is_stop(g.key(q)))
                    .map(|q| (q, g.text(q).unwrap_or_default().into_owned())),
            );
        }
        for (q, _) in &parts {
            g.consume(*q);
        }
        let texts: Vec<&str> = parts.iter().map(|(_, t)| t.as_str()).collect();
        let here = |o: &Option_| {
            parts
                .get(o.part)
                .map_or_else(|| g.location(p), |(q, _)| g.location(*q))
        };
        let people: [(&str, &str, bool); 9] = [
            ("本人", "p_self", false),
            ("家族", "p_family", true),
            ("同僚・上司", "p_colleague", true),
            ("友人", "p_friend", true),
            ("主治医", "p_doctor", false),
            ("当該医療機関職員", "p_hospital_staff", true),
            ("地域援助事業者", "p_community", true),
            ("行政機関の職員", "p_government", true),
            ("その他", "p_other", true),
        ];
        let first = g.location(Pos {
            row: p.row,
            col: area.right + 1,
        });
        for (_, key, _) in people {
            rec.place(key, first.clone());
        }
        rec.place("p_other_text", first);
        for o in options_of(&texts, l::PARTICIPANT_WORDS) {
            let Some((word, key, counted)) = people.iter().find(|(w, _, _)| fold(w) == o.key)
            else {
                continue;
            };
            let at = here(&o);
            if !counted {
                if o.ticked {
                    rec.set(key, Cell::Text("有".into()), at);
                }
                continue;
            }
            if *key == "p_other" {
                if let Some(text) = o.bracketed.first().filter(|t| {
                    !trim(t).is_empty()
                        && count_in(std::slice::from_ref(t)).is_none_or(|c| c.is_err())
                }) {
                    rec.set("p_other_text", Cell::Text(text.clone()), at.clone());
                }
            }
            match count_in(&o.bracketed) {
                Some(Ok(n)) => rec.set(key, Cell::Number(n as f64), at),
                Some(Err(_)) if *key == "p_other" && o.bracketed.len() == 1 => {}
                Some(Err(raw)) => rec.set(key, Cell::Text(raw), at),
                None if o.ticked => self.warn("W509", at, format!("「{word}」に印がありますが人数が空欄です。（　名）に人数を入力してください（人数がないと印刷では印なしになります）。")),
                None => {}
            }
        }
    }

    fn monitoring(&mut self, f: &FormSheet, case: &Rec, no: &Value, labels: &[String]) {
        let g = f.g;
        let Some(mut table) = Bands::find(
            g,
            &[
                &l::M_DATE_TIMING,
                &l::M_KIND,
                &l::M_SETTING,
                &l::M_NOTES,
                &l::M_GOAL_MET,
            ],
            2,
            labels,
        ) else {
            if g.find(&l::P_MONITORING).is_some() {
                self.label_missing(g, &l::M_KIND);
            }
            return;
        };
        table.boxed = 3;
        let mut entries: Vec<Vec<u32>> = Vec::new();
        // Whether an entry's rows already hold the first option of 評価時期 (入院中).
        let mut has_first_option = false;
        let first_option = |q: &Pos| {
            options_of(&[&g.text(*q).unwrap_or_default()], l::TIMING_WORDS)
                .first()
                .is_some_and(|o| Timing::parse(&o.key) == Some(Timing::Inpatient))
        };
        for row in table.body(g, labels) {
            // An entry begins at its date (or the blank 「　年　月　日」 of a pre-printed one), where
            // the merged date cell of a blank entry begins, or where 評価時期's options begin again.
            let first_col = table.bands[0].map_or(0, |b| b.0);
            let area = g.area(Pos {
                row,
                col: first_col,
            });
            let band0 = table.cells(g, row, 0);
            let dated = band0.iter().any(|&q| {
                looks_like_date(g.cell(q), self.date1904)
                    || g.text(q).is_some_and(|t| blank_skeleton(&t))
            });
            let opens = band0.iter().any(first_option);
            let again = has_first_option && opens;
            let starts = dated || again || (area.top == row && area.bottom > row);
            match entries.last_mut() {
                Some(e) if !starts => e.push(row),
                _ => {
                    entries.push(vec![row]);
                    has_first_option = false;
                }
            }
            has_first_option |= opens;
        }
        for rows in entries {
            let filled = |band: usize| rows.iter().any(|&r| !table.cells(g, r, band).is_empty());
            let group_words = [l::TIMING_WORDS, l::KIND_WORDS, l::SETTING_WORDS];
            let ticked = (0..3).any(|band| {
                let texts: Vec<String> = rows
                    .iter()
                    .flat_map(|&r| table.cells(g, r, band))
                    .filter_map(|q| g.text(q).map(|t| t.into_owned()))
                    .collect();
                let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
                options_of(&refs, group_words[band])
                    .iter()
                    .any(|o| o.ticked && !looks_like_date(&Cell::Text(o.key.clone()), false))
            });
            let dated = rows
                .iter()
                .flat_map(|&r| table.cells(g, r, 0))
                .any(|q| looks_like_date(g.cell(q), self.date1904));
            if !dated && !ticked && !filled(3) && !filled(4) {
                continue; // a blank entry of the form
            }
            let cells_of = |band: usize| -> Vec<Pos> {
                rows.iter().flat_map(|&r| table.cells(g, r, band)).collect()
            };
            let anchor = g.location(Pos {
                row: rows[0],
                col: table.bands[0].map_or(0, |b| b.0),
            });
            let mut rec = self.start(Sheet::Monitoring, f, case, anchor.clone());
            rec.put("plan_no", no);
            // 実施日＆評価時期: the date, then the boxes of 評価時期.
            let date_band = cells_of(0);
            let date_cell = date_band
                .iter()
                .copied()
                .find(|&q| looks_like_date(g.cell(q), self.date1904));
            match date_cell {
                Some(q) => {
                    g.consume(q);
                    rec.set("date", g.cell(q).clone(), g.location(q))
                }
                None => rec.place("date", anchor.clone()),
            }
            // The blank 「　年　月　日」 of the paper is the form's, not an option's words.
            let timing_parts: Vec<Pos> = date_band
                .iter()
                .copied()
                .filter(|&q| Some(q) != date_cell && !g.text(q).is_some_and(|t| blank_skeleton(&t)))
                .collect();
            self.choice(
                g,
                &mut rec,
                &timing_parts,
                &anchor,
                "timing",
                (Some("timing_months"), None),
                l::TIMING_WORDS,
                |k| Timing::parse(k).map(|t| t.label()),
            );
            let kind_parts = cells_of(1);
            self.choice(
                g,
                &mut rec,
                &kind_parts,
                &anchor,
                "kind",
                (None, Some("kind_text")),
                l::KIND_WORDS,
                |k| ReviewKind::parse(k).map(|t| t.label()),
            );
            let setting_parts = cells_of(2);
            self.choice(
                g,
                &mut rec,
                &setting_parts,
                &anchor,
                "setting",
                (None, Some("setting_text")),
                l::SETTING_WORDS,
                |k| Setting::parse(k).map(|t| t.label()),
            );
            put_joined(
                g,
                &mut rec,
                "notes",
                &cells_of(3),
                table.head_at(g, 3, rows[0]),
            );
            put_joined(
                g,
                &mut rec,
                "short_goal_met",
                &cells_of(4),
                table.head_at(g, 4, rows[0]),
            );
            self.recs.push(rec);
        }
    }

    /// A single-choice group of boxes into its code (and the months or その他 text it carries).
    #[allow(clippy::too_many_arguments)]
    fn choice(
        &mut self,
        g: &Grid,
        rec: &mut Rec,
        parts: &[Pos],
        anchor: &Location,
        key: &str,
        (months, other_text): (Option<&str>, Option<&str>),
        words: &'static [&'static str],
        code: impl Fn(&str) -> Option<&'static str>,
    ) {
        g.consume_all(parts);
        let texts: Vec<String> = parts
            .iter()
            .map(|&q| g.text(q).unwrap_or_default().into_owned())
            .collect();
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let at_part = |o: &Option_| {
            parts
                .get(o.part)
                .map_or_else(|| anchor.clone(), |&q| g.location(q))
        };
        let place = parts
            .first()
            .map_or_else(|| anchor.clone(), |&q| g.location(q));
        rec.place(key, place.clone());
        if let Some(m) = months {
            rec.place(m, place.clone());
        }
        if let Some(t) = other_text {
            rec.place(t, place.clone());
        }
        let all = options_of(&refs, words);
        let ticked: Vec<&Option_> = all.iter().filter(|o| o.ticked).collect();
        if ticked.len() > 1 {
            let heading = rec.sheet.column(key).ja.clone();
            self.error("E501", at_part(ticked[1]), format!("「{heading}」は1つだけ選ぶ欄ですが、{}つに印があります。1つだけに印を付けてください。", ticked.len()));
            return;
        }
        let Some(o) = ticked.first() else { return };
        let at = at_part(o);
        match code(&o.key) {
            Some(label) => {
                rec.set(key, Cell::Text(label.to_string()), at.clone());
                if let (Some(m), Some(n)) = (months, o.number) {
                    rec.set(m, Cell::Number(n as f64), at.clone());
                }
                if let (Some(t), Some(text)) =
                    (other_text, o.bracketed.first().filter(|t| !t.is_empty()))
                {
                    if label == "その他" {
                        rec.set(t, Cell::Text(text.clone()), at);
                    }
                }
            }
            None => {
                // Not one of the options: the value goes on as typed, so the usual E104 names
                // what is accepted.
                let raw = texts.get(o.part).cloned().unwrap_or_default();
                rec.set(key, Cell::Text(raw), at);
            }
        }
    }

    fn needs(&mut self, f: &FormSheet, case: &Rec, no: &Value, labels: &[String]) {
        let g = f.g;
        let Some(table) = Bands::find(
            g,
            &[
                &l::N_NO,
                &l::N_NEED,
                &l::N_SELF,
                &l::N_SUPPORTER_ACTION,
                &l::N_SUPPORTER,
                &l::N_EVALUATION,
                &l::N_DOMAIN,
            ],
            3,
            labels,
        ) else {
            if g.find(&l::P_NEEDS).is_some() {
                self.label_missing(g, &l::N_NEED);
            }
            return;
        };
        let keys = [
            "no",
            "need",
            "self_action",
            "supporter_action",
            "supporter",
            "evaluation",
            "domain",
        ];
        let mut ordinal = 0;
        for row in table.body(g, labels) {
            let content = (1..keys.len()).any(|b| !table.cells(g, row, b).is_empty());
            if !content {
                // The paper's numbered blank rows: their numbers are the form's.
                g.consume_all(&table.cells(g, row, 0));
                continue;
            }
            ordinal += 1;
            let anchor = g.location(Pos {
                row,
                col: table.bands.iter().flatten().map(|b| b.0).min().unwrap_or(0),
            });
            let mut rec = self.start(Sheet::Needs, f, case, anchor.clone());
            rec.put("plan_no", no);
            for (b, key) in keys.iter().enumerate() {
                put_joined(
                    g,
                    &mut rec,
                    key,
                    &table.cells(g, row, b),
                    table.head_at(g, b, row),
                );
            }
            let no_idx = rec.idx("no");
            if rec.cells[no_idx].is_empty() {
                rec.cells[no_idx] = Cell::Number(ordinal as f64);
            }
            self.recs.push(rec);
        }
    }

    fn questionnaire(&mut self, f: &FormSheet, case: &Rec) -> Option<NaiveDate> {
        let g = f.g;
        let labels = all_labels(Form::Questionnaire);
        let anchor = g
            .find(&l::Q_DATE)
            .map_or_else(|| Location::file(&g.origin), |(p, _)| g.location(p));
        let mut rec = self.start(Sheet::Questionnaires, f, case, anchor);
        let mut date = None;
        match self.field(f, &l::Q_DATE, labels) {
            Some(v) => {
                date = cell_date(&v.cell, self.date1904);
                rec.put("date", &v);
            }
            None => self.label_missing(g, &l::Q_DATE),
        }
        if let Some(v) = self.block(f, &l::Q_WISHES, labels) {
            rec.put("wishes", &v);
        }
        // The item rows, by their codes A1…O2.
        let mut rows: Vec<(usize, Pos)> = Vec::new();
        for p in g.filled() {
            if let Some(i) = item_code(g.key(p)) {
                if rows.iter().all(|r| r.0 != i) {
                    rows.push((i, p));
                }
            }
        }
        let (columns, guessed) = answer_columns(g, &rows);
        if guessed {
            let at = columns
                .first()
                .map_or(Location::file(&g.origin), |&(col, _)| {
                    g.location(Pos {
                        row: rows[0].1.row,
                        col,
                    })
                });
            self.warn("W511", at, "アンケートの回答欄に見出し（困っているが、支援を受けている／困っていて、まだ支援を受けていない／困っていない／わからない）がないため、どの列がどの回答かを印の位置から推定しました。回答が正しいか確かめ、回答欄の上に見出しの行を入れてください。".into());
        }
        for (i, p) in rows {
            let item = &ITEMS[i];
            let key = item.id.to_ascii_lowercase();
            let here = g.location(p);
            // The code's cell is the item's heading (its wording may be the office's own).
            g.consume(p);
            let mut marked: Vec<(Answer, Pos)> = Vec::new();
            for &(col, answer) in &columns {
                let q = Pos { row: p.row, col };
                let text = g.text(q).unwrap_or_default();
                match answer_mark(&text) {
                    Some(true) => {
                        g.consume(q);
                        marked.push((answer, q))
                    }
                    Some(false) => {}
                    None => {
                        g.consume(q);
                        let shown: String = text.chars().take(5).collect();
                        self.error("E502", g.location(q), format!("{} の回答欄の「{shown}」は印として読めません。あてはまる欄に「〇」を1つだけ付けてください。", item.id));
                    }
                }
            }
            match marked.as_slice() {
                [] => rec.place(
                    &key,
                    columns.first().map_or(here.clone(), |c| {
                        g.location(Pos {
                            row: p.row,
                            col: c.0,
                        })
                    }),
                ),
                [(a, q)] => rec.set(&key, Cell::Text(a.code().into()), g.location(*q)),
                [_, (_, q), ..] => {
                    self.error("E501", g.location(*q), format!("{} に{}つの回答に印があります。あてはまる欄に「〇」を1つだけ付けてください。", item.id, marked.len()));
                    rec.place(&key, g.location(*q));
                }
            }
            if item.group == 'O' {
                // The item's own cells, wherever the answer columns stand (left or right of the
                // wording), and a column of its own for the text.
                let text_cells: Vec<Pos> = g
                    .filled_in_row(p.row)
                    .filter(|q| columns.iter().all(|c| c.0 != q.col))
                    .collect();
                if let Some((text, at)) = other_text(g, &text_cells) {
                    g.consume(at);
                    rec.set(&format!("{key}_text"), Cell::Text(text), g.location(at));
                } else {
                    rec.place(&format!("{key}_text"), here);
                }
            }
        }
        self.recs.push(rec);
        date
    }

    fn subtool(
        &mut self,
        f: &FormSheet,
        case: &Rec,
        plans: &[(u32, &str, Value)],
        latest: Option<u32>,
    ) {
        let g = f.g;
        let labels = all_labels(Form::Subtool);
        let title_at = g
            .filled()
            .next()
            .map_or_else(|| Location::file(&g.origin), |p| g.location(p));
        // Which plan version: its own 作成番号, the version in its sheet name, else the latest.
        let own = self.field(f, &l::PLAN_NO, labels).filter(|v| !v.is_empty());
        let named = form_of_sheet_name(f.name).and_then(|(_, rest)| version_in(&rest));
        let plan_no = match (&own, named, latest) {
            (Some(v), _, _) => v.clone(),
            (None, Some(n), _) => Value {
                cell: Cell::Number(n as f64),
                at: Location::file(&g.origin),
            },
            (None, None, Some(n)) => plans
                .iter()
                .find(|p| p.0 == n)
                .map(|p| p.2.clone())
                .expect("latest is one of the plans"),
            (None, None, None) => {
                self.error("E503", Location::file(&g.origin), "補助ツールがどの版の支援計画シートのものか分かりません。このシートに「作成番号」を入力するか、支援計画シートを同じブックに入れてください。".into());
                self.refuse(g);
                return;
            }
        };
        let mut rec = self.start(Sheet::Subtool, f, case, title_at.clone());
        rec.put("plan_no", &plan_no);
        // 主な支援場所: any number of boxes.
        if let Some((p, _)) = g.find(&l::S_PLACES) {
            let parts = region_parts(g, p, labels);
            let texts: Vec<String> = parts
                .iter()
                .map(|&q| g.text(q).unwrap_or_default().into_owned())
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let place = parts
                .first()
                .map_or_else(|| g.location(p), |&q| g.location(q));
            rec.place("places", place.clone());
            rec.place("places_text", place.clone());
            g.consume_all(&parts);
            let chosen: Vec<Option_> = options_of(&refs, l::PLACE_WORDS)
                .into_iter()
                .filter(|o| o.ticked)
                .collect();
            if !chosen.is_empty() {
                let names: Vec<String> = chosen
                    .iter()
                    .map(|o| {
                        crate::model::codes::Place::parse(&o.key)
                            .map_or_else(|| texts[o.part].clone(), |p| p.label().to_string())
                    })
                    .collect();
                rec.set("places", Cell::Text(names.join("、")), place.clone());
                if let Some(text) = chosen
                    .iter()
                    .find(|o| o.key == "その他")
                    .and_then(|o| o.bracketed.first())
                    .filter(|t| !t.is_empty())
                {
                    rec.set("places_text", Cell::Text(text.clone()), place);
                }
            }
        }
        for (key, label) in [
            ("frequency", &l::S_FREQUENCY),
            ("visit_frequency", &l::S_VISIT_FREQUENCY),
        ] {
            let Some((p, _)) = g.find(label) else {
                continue;
            };
            let parts = row_parts(g, p, labels);
            let texts: Vec<String> = parts
                .iter()
                .map(|&q| g.text(q).unwrap_or_default().into_owned())
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let place = parts
                .first()
                .map_or_else(|| g.location(p), |&q| g.location(q));
            rec.place(key, place.clone());
            g.consume_all(&parts);
            let all = options_of(&refs, l::FREQUENCY_WORDS);
            let mut chosen: Vec<&Option_> = all.iter().filter(|o| o.ticked).collect();
            if chosen.is_empty() {
                chosen = all.iter().filter(|o| o.number.is_some()).collect();
            }
            match chosen.as_slice() {
                [] => {}
                [o] => {
                    let unit = o.key.chars().next().unwrap_or('週');
                    let value = match o.number {
                        Some(n) => format!("{unit}{n}回"),
                        None => texts.get(o.part).cloned().unwrap_or_default(),
                    };
                    rec.set(key, Cell::Text(value), place);
                }
                [_, o, ..] => {
                    let heading = Sheet::Subtool.column(key).ja.clone();
                    let at = parts.get(o.part).map_or(place, |&q| g.location(q));
                    self.error(
                        "E501",
                        at,
                        format!("「{heading}」は週か月のどちらか1つに印を付けてください。"),
                    );
                }
            }
        }
        if let Some(v) = self.block(f, &l::S_WISHES, labels) {
            rec.put("wishes_when_hard", &v);
        }
        for (who, tel, label) in [
            ("contact1", "contact1_tel", &l::S_CONTACT1),
            ("contact2", "contact2_tel", &l::S_CONTACT2),
        ] {
            let Some((p, inline)) = g.find(label) else {
                continue;
            };
            rec.put(who, &value_at(g, p, inline, labels));
            if let Some(v) = self.field_in(f, &l::S_TEL, labels, p.row..p.row + 1) {
                rec.put(tel, &v);
            }
        }
        self.services(f, &mut rec, labels);
        // A sheet of 頼りにしている人 only: no 補助ツール row, as in the tabular intake.
        if rec.has_values() {
            self.recs.push(rec);
        }
        self.supporters(f, case, &plan_no, labels);
    }

    fn services(&mut self, f: &FormSheet, rec: &mut Rec, labels: &[String]) {
        let g = f.g;
        let Some((head, _)) = g.find(&l::S_SERVICES) else {
            return;
        };
        let agency_col = g
            .find_in(&l::S_AGENCY, head.row..head.row + 1)
            .map(|(p, _)| g.area(p));
        let detail_col = g
            .find_in(&l::S_DETAIL, head.row..head.row + 1)
            .map(|(p, _)| g.area(p));
        let keys = ["consult", "school_work", "other_service"];
        let below = g.area(head).bottom + 1..g.rows().end;
        for (label, key) in l::S_SERVICE_ROWS.iter().zip(keys) {
            let Some((p, _)) = g.find_in(label, below.clone()) else {
                continue;
            };
            let row_cells: Vec<Pos> = g
                .filled_in_row(p.row)
                .filter(|q| q.col > g.area(p).right)
                .collect();
            let in_band = |q: &Pos, band: Option<grid::Area>| {
                band.is_some_and(|a| q.col >= a.left && q.col <= a.right)
            };
            let boxes: Vec<Pos> = row_cells
                .iter()
                .copied()
                .filter(|q| !in_band(q, agency_col) && !in_band(q, detail_col))
                .collect();
            let texts: Vec<String> = boxes
                .iter()
                .map(|&q| g.text(q).unwrap_or_default().into_owned())
                .collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let place = boxes.first().map_or_else(
                || {
                    g.location(Pos {
                        row: p.row,
                        col: g.area(p).right + 1,
                    })
                },
                |&q| g.location(q),
            );
            rec.place(key, place.clone());
            g.consume_all(&boxes);
            let ticked: Vec<Option_> = options_of(&refs, l::PRESENCE_WORDS)
                .into_iter()
                .filter(|o| o.ticked && (o.key == "有" || o.key == "無"))
                .collect();
            match ticked.as_slice() {
                [] => {}
                [o] => rec.set(key, Cell::Text(o.key.clone()), place),
                _ => self.error(
                    "E501",
                    place,
                    format!(
                        "「{}」の有・無は、どちらか1つに印を付けてください。",
                        label.text
                    ),
                ),
            }
            for (suffix, band) in [("agency", agency_col), ("detail", detail_col)] {
                let cells: Vec<Pos> = row_cells
                    .iter()
                    .copied()
                    .filter(|q| in_band(q, band))
                    .collect();
                let at = band.map(|a| {
                    g.location(Pos {
                        row: p.row,
                        col: a.left,
                    })
                });
                put_joined(g, rec, &format!("{key}_{suffix}"), &cells, at);
            }
            let _ = labels;
        }
    }

    /// 頼りにしている人, in either layout the spec names: the seed's slots, three to a row,
    /// 「氏名 | name | 関係性（ イ ）」 with the relationship typed in the brackets; or a table whose
    /// heading row holds 氏名 and 関係性 and whose rows below hold one person per slot.
    fn supporters(&mut self, f: &FormSheet, case: &Rec, plan_no: &Value, labels: &[String]) {
        let g = f.g;
        let Some((title, _)) = g.find(&l::S_SUPPORTERS) else {
            return;
        };
        let title_area = g.area(title);
        let end = g
            .find_in(&l::S_LEGEND, title.row..g.rows().end)
            .map_or(g.rows().end, |(p, _)| p.row);
        let is_name = |q: &Pos| grid::match_label(g.key(*q), &l::S_NAME).is_some();
        let is_relation = |q: &Pos| grid::match_label(g.key(*q), &l::S_RELATION).is_some();
        let in_title = |q: &Pos| {
            q.row >= title_area.top
                && q.row <= title_area.bottom
                && q.col >= title_area.left
                && q.col <= title_area.right
        };
        let is_other_label = |q: &Pos| {
            !is_name(q) && !is_relation(q) && labels.iter().any(|lb| is_label_key(g.key(*q), lb))
        };
        // The table ends two columns past its last 氏名 or 関係性 (a relationship typed after its
        // label, 「関係性（」「イ」「）」): what stands further right on the same rows (the fields
        // the paper has no place for, 終了理由…) is not the table's.
        let right_edge = (title.row..end)
            .flat_map(|r| g.filled_in_row(r).collect::<Vec<_>>())
            .filter(|q| is_name(q) || is_relation(q))
            .map(|q| g.area(q).right + 2)
            .max()
            .unwrap_or(u32::MAX);
        // The slots of a heading row of the table layout: (name columns, relation columns).
        let mut table_slots: Vec<SlotColumns> = Vec::new();
        for row in title.row..end {
            let cells: Vec<Pos> = g
                .filled_in_row(row)
                .filter(|q| !(in_title(q) || row == title.row && q.col < title.col))
                .filter(|q| q.col <= right_edge)
                .collect();
            if row > title_area.bottom && cells.iter().any(is_other_label) {
                break;
            }
            // A row with 氏名 labels holds its own slots (the seed's layout) or heads a table; any
            // other row is a row of the table below the last heading.
            let names: Vec<Pos> = cells.iter().copied().filter(is_name).collect();
            let own = (!names.is_empty()).then(|| slot_ranges(g, &names, &cells, &is_relation));
            let before = self.recs.len();
            for &(name_from, name_to, relation) in own.as_ref().unwrap_or(&table_slots) {
                self.supporter(
                    f,
                    case,
                    plan_no,
                    row,
                    (name_from, name_to),
                    relation,
                    &cells,
                );
            }
            if let Some(slots) = own.filter(|_| self.recs.len() == before) {
                // Labels and no values: the heading row of the table layout.
                table_slots = slots;
            }
        }
    }

    /// One supporter from the cells of a slot on `row`: the name between the 氏名 label (or the
    /// slot's start) and the 関係性 label, the relationship in the label's brackets and the
    /// cells after it.
    #[allow(clippy::too_many_arguments)]
    fn supporter(
        &mut self,
        f: &FormSheet,
        case: &Rec,
        plan_no: &Value,
        row: u32,
        (name_from, name_to): (u32, u32),
        relation: Option<(u32, u32)>,
        cells: &[Pos],
    ) {
        let g = f.g;
        let is_label = |q: &Pos| {
            grid::match_label(g.key(*q), &l::S_NAME).is_some()
                || (g.key(*q) == label_key(l::S_RELATION.text) || g.key(*q) == label_key("関係性"))
        };
        let name_cells: Vec<Pos> = cells
            .iter()
            .copied()
            .filter(|q| q.row == row && q.col >= name_from && q.col <= name_to)
            .filter(|q| grid::match_label(g.key(*q), &l::S_NAME).is_none())
            .collect();
        let rel_cells: Vec<Pos> = relation.map_or(Vec::new(), |(a, b)| {
            cells
                .iter()
                .copied()
                .filter(|q| q.row == row && q.col >= a && q.col <= b)
                .collect()
        });
        // The relationship as typed: the label's bracketed part and the cells after it.
        let mut rel_text = String::new();
        let mut rel_at = None;
        for &q in &rel_cells {
            let text = g.text(q).unwrap_or_default().into_owned();
            let own = if grid::match_label(g.key(q), &l::S_RELATION).is_some() {
                relation_after_label(&text)
            } else {
                text
            };
            if !trim(&own)
                .trim_matches(['（', '(', '）', ')'])
                .trim()
                .is_empty()
            {
                rel_at.get_or_insert(q);
            }
            rel_text.push_str(&own);
        }
        let rel_text = unbracket(&rel_text);
        if name_cells.is_empty() && rel_text.is_empty() {
            return;
        }
        g.consume_all(&name_cells);
        for q in &rel_cells {
            if !is_label(q) {
                g.consume(*q);
            }
        }
        let anchor = g.location(Pos {
            row,
            col: name_from,
        });
        let mut rec = self.start(Sheet::Supporters, f, case, anchor.clone());
        rec.put("plan_no", plan_no);
        put_joined(g, &mut rec, "name", &name_cells, Some(anchor.clone()));
        let blank_at = relation.map_or(anchor, |(a, _)| g.location(Pos { row, col: a }));
        rec.place("relation", blank_at.clone());
        rec.place("relation_text", blank_at);
        if let Some(q) = rel_at.or_else(|| rel_cells.first().copied()) {
            let (code, extra) = match rel_text.find(['（', '(']) {
                Some(i) => (
                    rel_text[..i].to_string(),
                    rel_text[i..]
                        .trim_matches(['（', '(', '）', ')', ' ', '　'])
                        .to_string(),
                ),
                None => (rel_text.clone(), String::new()),
            };
            if !rel_text.is_empty() {
                rec.set(
                    "relation",
                    Cell::Text(trim(&code).to_string()),
                    g.location(q),
                );
            }
            let extra = if extra.is_empty() {
                self.legend_text(g, &code).unwrap_or_default()
            } else {
                extra
            };
            if !extra.is_empty() {
                rec.set("relation_text", Cell::Text(extra), g.location(q));
            }
        }
        self.recs.push(rec);
    }

    /// The legend's bracketed text for リ and ヌ (「リ：行政機関の職員（ 市役所 ）」), which the
    /// office may fill once for the sheet.
    fn legend_text(&self, g: &Grid, code: &str) -> Option<String> {
        use crate::model::codes::Relation;
        let kana = Relation::parse(code)
            .filter(|r| matches!(r, Relation::Ri | Relation::Nu))?
            .kana()
            .chars()
            .next()?;
        let (p, _) = g.find(&l::S_LEGEND)?;
        (p.row..g.rows().end)
            .flat_map(|r| g.filled_in_row(r).collect::<Vec<_>>())
            .filter_map(|q| g.text(q).map(|t| (q, t.into_owned())))
            .find_map(|(q, t)| {
                let rest = &t[t.find(kana)?..];
                let after = &rest[rest.find(['（', '('])?..];
                let inner = &after[after.chars().next()?.len_utf8()..];
                let inner = trim(&inner[..inner.find(['）', ')'])?]).to_string();
                (!inner.is_empty()).then(|| {
                    g.consume(q);
                    inner
                })
            })
    }

    fn crisis(&mut self, f: &FormSheet, case: &Rec, fallback: Option<NaiveDate>) {
        let g = f.g;
        let labels = all_labels(Form::Crisis);
        // What the sheet holds, before its date is settled: a blank sheet needs none.
        // Each supporter row: where it starts, and per column its cells and where a blank is.
        type SupporterRow = (Location, [(Vec<Pos>, Option<Location>); 3]);
        let mut supporters: Vec<SupporterRow> = Vec::new();
        if let Some(table) = Bands::find(
            g,
            &[
                &l::C_SUPPORTER_NAME,
                &l::C_SUPPORTER_CONTACT,
                &l::C_SUPPORTER_ROLE,
            ],
            2,
            labels,
        ) {
            for row in table.body(g, labels) {
                let cells = [0, 1, 2].map(|b| (table.cells(g, row, b), table.head_at(g, b, row)));
                if cells.iter().all(|c| c.0.is_empty()) {
                    continue;
                }
                supporters.push((
                    g.location(Pos {
                        row,
                        col: table.bands[0].map_or(0, |b| b.0),
                    }),
                    cells,
                ));
            }
        }
        let mut items: Vec<(CrisisSection, Pos, String)> = Vec::new();
        for (pair, sections) in [
            (
                [&l::C_SELF_SIGN, &l::C_OTHERS_SIGN],
                [CrisisSection::SelfSign, CrisisSection::OthersSign],
            ),
            (
                [&l::C_SELF_ACTION, &l::C_OTHERS_ACTION],
                [CrisisSection::SelfAction, CrisisSection::OthersAction],
            ),
        ] {
            // Side by side as the seed prints them, or one under the other: each read alone.
            let mut parts: Vec<(Bands, usize, CrisisSection)> = Vec::new();
            match Bands::find(g, &pair, 2, labels) {
                Some(t) => {
                    parts.push((t.clone(), 0, sections[0]));
                    parts.push((t, 1, sections[1]));
                }
                None => {
                    for (head, section) in pair.iter().zip(sections) {
                        if let Some(t) = Bands::find(g, &[*head], 1, labels) {
                            parts.push((t, 0, section));
                        }
                    }
                }
            }
            for (table, b, section) in &parts {
                for row in table.body(g, labels) {
                    for q in table.cells(g, row, *b) {
                        g.consume(q);
                        items.extend(
                            bullets(&g.text(q).unwrap_or_default())
                                .into_iter()
                                .map(|t| (*section, q, t)),
                        );
                    }
                }
            }
        }
        let own = self
            .field(f, &l::C_CREATED, labels)
            .filter(|v| !v.is_empty());
        if supporters.is_empty() && items.is_empty() && own.is_none() {
            return;
        }
        let created = match own {
            Some(v) => v,
            None => match (date_in_name(f.name), fallback) {
                (Some(d), _) => Value {
                    cell: Cell::Date(d),
                    at: Location::file(&g.origin),
                },
                (None, Some(d)) => {
                    self.warn("W508", Location::file(&g.origin), format!("クライシスプランに作成日がないため、このブックの最新の様式の日付 {d} の版として扱います。「作成日」欄に作成日を入力してください。"));
                    Value {
                        cell: Cell::Date(d),
                        at: Location::file(&g.origin),
                    }
                }
                (None, None) => {
                    self.label_missing(g, &l::C_CREATED);
                    self.refuse(g);
                    return;
                }
            },
        };
        for (anchor, cells) in supporters {
            let mut rec = self.start(Sheet::CrisisSupporters, f, case, anchor);
            rec.put("created", &created);
            for ((found, blank_at), key) in cells.iter().zip(["name", "contact", "role"]) {
                put_joined(g, &mut rec, key, found, blank_at.clone());
            }
            self.recs.push(rec);
        }
        for (section, q, text) in items {
            let mut rec = self.start(Sheet::CrisisPlans, f, case, g.location(q));
            rec.put("created", &created);
            rec.set("section", Cell::Text(section.label().into()), g.location(q));
            rec.set("text", Cell::Text(text), g.location(q));
            self.recs.push(rec);
        }
    }
}

/// The slots of a row of 頼りにしている人 from its 氏名 labels: each slot runs from its 氏名 to the
/// cell before the next 氏名; its relationship starts at its 関係性 label. Returns
/// (first name column, last name column, relationship columns).
/// A supporter slot's columns: (first name column, last name column, relationship columns).
type SlotColumns = (u32, u32, Option<(u32, u32)>);

fn slot_ranges(
    g: &Grid,
    names: &[Pos],
    cells: &[Pos],
    is_relation: &dyn Fn(&Pos) -> bool,
) -> Vec<SlotColumns> {
    let last_col = g.cols().end.saturating_sub(1);
    names
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let slot_end = names
                .get(i + 1)
                .map_or(last_col, |next| next.col.saturating_sub(1));
            let relation = cells
                .iter()
                .find(|q| q.col > n.col && q.col <= slot_end && is_relation(q))
                .map(|r| (r.col, slot_end));
            let name_to = relation.map_or(slot_end, |(a, _)| a.saturating_sub(1));
            (n.col, name_to, relation)
        })
        .collect()
}

/// What follows 「関係性」 in its own cell: 「関係性（ イ ）」 → 「（ イ ）」.
fn relation_after_label(text: &str) -> String {
    let t = trim(text);
    match t.find("関係性") {
        Some(i) => t[i + "関係性".len()..].to_string(),
        None => String::new(),
    }
}

/// A relationship typed in the paper's brackets, without them: 「（ ヌ：その他（近所）） 」 →
/// 「ヌ：その他（近所）」.
fn unbracket(text: &str) -> String {
    let t = trim(text);
    let t = t.strip_prefix(['（', '(']).unwrap_or(t);
    let t = trim(t);
    let t = match t.strip_suffix(['）', ')']) {
        // Only the outer bracket: 「ヌ：その他（近所）」 keeps its own.
        Some(inner) if inner.matches(['（', '(']).count() == inner.matches(['）', ')']).count() => {
            inner
        }
        _ => t,
    };
    trim(t).to_string()
}

/// The value of the label at `p`: written in its own cell after 「：」, or to its right.
fn value_at(g: &Grid, p: Pos, inline: Option<String>, labels: &[String]) -> Value {
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
fn blank_skeleton(v: &str) -> bool {
    fold(v).chars().all(|c| {
        matches!(
            c,
            '年' | '月' | '日' | '_' | '＿' | '-' | '/' | '.' | '令' | '和' | '平' | '成'
        )
    })
}

/// One value from the cells found: a single cell as it is (a date cell stays a date), several
/// cells joined (a date typed across its blanks, or the lines of a block).
fn joined(g: &Grid, found: &Found) -> Value {
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
fn is_label_key(key: &str, lb: &str) -> bool {
    key == lb || key.strip_prefix(lb).is_some_and(|r| r.starts_with(':'))
}

/// The column bands of a table found by its heading cells: each heading's merged area, widened to
/// the next heading.
#[derive(Clone)]
struct Bands {
    head_row: u32,
    /// Band → (first col, last col); None where the heading is not on the sheet.
    bands: Vec<Option<(u32, u32)>>,
    first_body_row: u32,
    /// How many of the first bands are checkbox groups, whose marks may stand in a cell of their
    /// own just left of the option, and so in the band before when the heading covers only the
    /// option's column.
    boxed: usize,
}

impl Bands {
    /// The row holding at least `min` of the headings (a heading may sit one row above, as
    /// 具体策 over 何を（本人）).
    fn find(g: &Grid, heads: &[&Label], min: usize, _labels: &[String]) -> Option<Bands> {
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
    fn body(&self, g: &Grid, labels: &[String]) -> Vec<u32> {
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

    fn cells(&self, g: &Grid, row: u32, band: usize) -> Vec<Pos> {
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
    fn head_at(&self, g: &Grid, band: usize, row: u32) -> Option<Location> {
        self.bands
            .get(band)
            .copied()
            .flatten()
            .map(|(a, _)| g.location(Pos { row, col: a }))
    }
}

/// Cells joined as one value (lines of one field typed in several cells).
fn put_joined(g: &Grid, rec: &mut Rec, key: &str, cells: &[Pos], blank_at: Option<Location>) {
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

/// The cells right of a label on its row and on the rows below it that hold no label (a group of
/// boxes wrapped onto a second line).
fn region_parts(g: &Grid, p: Pos, labels: &[String]) -> Vec<Pos> {
    let mut parts = row_parts(g, p, labels);
    let right = g.area(p).right;
    for row in g.area(p).bottom + 1..g.rows().end {
        let cells: Vec<Pos> = g.filled_in_row(row).collect();
        if cells.is_empty()
            || cells
                .iter()
                .any(|q| labels.iter().any(|lb| is_label_key(g.key(*q), lb)))
        {
            break;
        }
        parts.extend(cells.into_iter().filter(|q| q.col > right));
    }
    parts
}

/// The cells to the right of a label on its row, up to the next label.
fn row_parts(g: &Grid, p: Pos, labels: &[String]) -> Vec<Pos> {
    let start = g.area(p).right + 1;
    g.filled_in_row(p.row)
        .filter(|q| q.col >= start)
        .take_while(|q| !labels.iter().any(|lb| is_label_key(g.key(*q), lb)))
        .collect()
}

fn looks_like_date(c: &Cell, date1904: bool) -> bool {
    cell_date(c, date1904).is_some()
}

fn cell_date(c: &Cell, date1904: bool) -> Option<NaiveDate> {
    match c {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) if *n > 1000.0 => from_serial(*n, date1904).ok(),
        Cell::Text(s) => parse_date(trim(s)).ok(),
        _ => None,
    }
}

/// The index in [`ITEMS`] of a cell that opens an item row: 「A1」, 「A1 住居のことで…」.
fn item_code(key: &str) -> Option<usize> {
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

/// The answer columns and the answer each stands for: by their headings, else the four columns
/// after the first item's text, in the order 1, 2, 0, 9.
/// Also whether the columns were guessed: no headings, and the marks do not fill all four.
fn answer_columns(g: &Grid, items: &[(usize, Pos)]) -> (Vec<(u32, Answer)>, bool) {
    let Some(&(_, first)) = items.first() else {
        return (Vec::new(), false);
    };
    for row in (first.row.saturating_sub(4)..first.row).rev() {
        let found: Vec<(u32, Answer)> = g
            .filled_in_row(row)
            .filter_map(|q| {
                let t = g.text(q)?;
                let t = t.replace(['\n', ' ', '　'], "");
                Answer::parse(&t).map(|a| (q.col, a))
            })
            .collect();
        if found.len() >= 2 {
            return (found, false);
        }
    }
    // No headings: four columns in the order 1, 2, 0, 9, beside the item's wording, on the side
    // where the marks are, and holding every mark of the item rows (the wording may be unmerged,
    // or a blank spacer column may stand between it and the answers).
    let marks: Vec<u32> = items
        .iter()
        .flat_map(|&(_, p)| g.filled_in_row(p.row).filter(move |q| q.col != p.col))
        .filter(|&q| marks::is_lone_mark(&g.text(q).unwrap_or_default()) || g.key(q) == "1")
        .map(|q| q.col)
        .collect();
    let after = g.area(first).right + 1;
    let text_end = g
        .filled_in_row(first.row)
        .filter(|q| q.col >= after)
        .map(|q| g.area(q).right)
        .next()
        .unwrap_or(first.col);
    let start = match (marks.iter().min(), marks.iter().max()) {
        (Some(&lo), Some(_)) if lo < first.col => first.col.saturating_sub(4).min(lo),
        (Some(&lo), Some(&hi)) => (text_end + 1).max(hi.saturating_sub(3)).min(lo),
        _ => text_end + 1,
    };
    let order = [Answer::Met, Answer::Unmet, Answer::NoNeed, Answer::Unknown];
    let columns = (0..4).map(|i| (start + i, order[i as usize])).collect();
    let pinned = (0..4).all(|i| marks.contains(&(start + i)));
    (columns, !marks.is_empty() && !pinned)
}

/// その他 1 （ 内容 ）: what is typed in the brackets, or in a cell of its own between them.
fn other_text(g: &Grid, cells: &[Pos]) -> Option<(String, Pos)> {
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

/// The bullets of a crisis-plan cell: one per 「・」 line when the cell lists several, else the
/// cell as one.
fn bullets(text: &str) -> Vec<String> {
    let t = trim(text).trim_start_matches(['・', '･']);
    let t = trim(t);
    if t.is_empty() {
        return Vec::new();
    }
    if text.lines().filter(|l| trim(l).starts_with('・')).count() >= 2 {
        return text
            .lines()
            .map(|l| trim(trim(l).trim_start_matches('・')).to_string())
            .filter(|l| !l.is_empty())
            .collect();
    }
    vec![t.to_string()]
}

/// 「（第2版）」, 「(2)」 in a sheet name after the form's name.
fn version_in(rest: &str) -> Option<u32> {
    let digits: String = rest
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(|c| c.is_ascii_digit())
        .collect();
    let before: String = rest.chars().take_while(|c| !c.is_ascii_digit()).collect();
    (!digits.is_empty() && (before == "(第" || before == "(" || before == "第"))
        .then(|| digits.parse().ok())
        .flatten()
}

/// A date in a sheet name: 「クライシスプラン R6.9.2」, 「クライシスプラン(2024-09-02)」.
fn date_in_name(name: &str) -> Option<NaiveDate> {
    let (_, rest) = form_of_sheet_name(name)?;
    let inner = rest.trim_matches(['(', ')']);
    parse_date(inner).ok()
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

    #[test]
    fn versions_and_dates_in_names() {
        assert_eq!(version_in("(第2版)"), Some(2));
        assert_eq!(version_in("(3)"), Some(3));
        assert_eq!(version_in(""), None);
        assert_eq!(
            date_in_name("クライシスプラン(2024-09-02)"),
            NaiveDate::from_ymd_opt(2024, 9, 2)
        );
        assert_eq!(
            date_in_name("クライシスプラン R6.9.2"),
            NaiveDate::from_ymd_opt(2024, 9, 2)
        );
    }

    #[test]
    fn crisis_bullets() {
        assert_eq!(bullets("・眠れない"), vec!["眠れない"]);
        assert_eq!(
            bullets("・眠れない\n・食欲がない"),
            vec!["眠れない", "食欲がない"]
        );
        assert!(bullets("  ").is_empty());
    }
}
