//! 様式ブック in many layouts, all within spec/formbook.md, and the test that every one of them reads
//! back to the records it was written from.
//!
//! The records are the samples' (`samples/intake.xlsx` converted to CSV by the binary: the
//! baseline; only cases that check without errors). A layout is a number (its seed) and a set of
//! named knobs (origin offset, merges, label spellings, date styles, checkbox marks, table shapes,
//! sheet names …, see [`knobs!`]); the generator writes one case as a 様式ブック with
//! `rust_xlsxwriter` in that layout, under the ケースID `<case>-L<seed>`. All books of a run are read
//! back with one `cmsheets convert --csv` and one `cmsheets check --format json`; each book's rows
//! must be the baseline rows of its case, field for field, and no book may have a finding of its
//! own (W506 excepted where the layout leaves the ケースID out).
//!
//! The layouts: the plain layout for every case; every knob value on its own (the other knobs
//! plain), so a failure names its knob; random combinations; a few converted to .ods by
//! LibreOffice (when `soffice` is on PATH; under `CI` it must be).
//!
//! - `CMSHEETS_LAYOUTS=N`: N random layouts (default [`DEFAULT_RANDOM`]);
//! - `CMSHEETS_LAYOUTS_ALL=1`: the knob values of [`KNOWN_GAPS`] too;
//! - `CMSHEETS_LAYOUTS_ONLY=17,10042`: only these layouts (the numbers of a failure report);
//! - `CMSHEETS_LAYOUTS_KEEP=1`: keep every book, not only the failing ones;
//! - `CMSHEETS_LAYOUTS_KNOBS="answer_heads=Off merges=Unmerged"`: only the layout of these knobs
//!   (the others plain), once for every case;
//! - `CMSHEETS_LAYOUTS_GAPS=…`: more known gaps for a run (see [`KNOWN_GAPS`]).
//!
//! A failing book is kept in `target/formbook-layouts/` with a `.txt` saying what differed. A
//! failing random layout whose knob values all pass alone is tried again with each of its knobs
//! set back to plain, in one more round: the report names the knobs the failure needs
//! (`CMSHEETS_LAYOUTS_NO_SHRINK=1` skips this).

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const AS_OF: &str = "2025-11-30";

/// Random layouts of a plain `cargo test` run, besides the plain and single-knob ones.
const DEFAULT_RANDOM: usize = 100;

/// Layouts per knob value in the single-knob part (on different cases).
const SINGLE_REPEATS: usize = 2;

/// Random layouts also converted to .ods by LibreOffice.
const ODS_LAYOUTS: usize = 4;

/// Knob values (`knob=value`) the reader does not read yet, alone or in combination
/// (`knob=value+knob=value`: layouts with all of them): left out of the default run (such layouts
/// are neither generated alone nor drawn at random), run with `CMSHEETS_LAYOUTS_ALL=1`.
/// `format=ods` stands for the .ods layouts. `CMSHEETS_LAYOUTS_GAPS=a=b,c=d+e=f` adds to the list
/// for a run.
const KNOWN_GAPS: &[&str] = &[
    // Without answer headings the four answer columns are placed by the item rows' marks
    // (src/forms/questionnaire/read.rs, answer_columns): beside the wording, on the marks' side,
    // holding every mark. When the wording is unmerged or a spacer column stands before the
    // answers, a questionnaire whose marks are all in one column (every item 「困っていない」)
    // has no way to tell which of the four that column is: its marks are read as the wrong answer
    // (a W511 says the columns were placed by the marks and asks for the headings).
    "answer_heads=Off+merges=Unmerged",
    "answer_heads=Off+spacers=On",
];

// ---------------------------------------------------------------------------------------------
// The knobs

/// Declares the knobs: each a field of [`Knobs`] with an enum of named values, the first value
/// being the plain layout's.
macro_rules! knobs {
    ($( $field:ident : $ty:ident { $($variant:ident),+ $(,)? } ),+ $(,)?) => {
        $(
            #[derive(Debug, Clone, Copy, PartialEq, Eq)]
            enum $ty { $($variant),+ }
            impl $ty {
                const ALL: &'static [$ty] = &[$($ty::$variant),+];
                fn name(self) -> &'static str {
                    match self { $($ty::$variant => stringify!($variant)),+ }
                }
            }
        )+

        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        struct Knobs { $($field: $ty),+ }

        impl Knobs {
            /// The plain layout: the first value of every knob.
            fn plain() -> Knobs {
                Knobs { $($field: $ty::ALL[0]),+ }
            }
            /// (knob, value) of every knob, in declaration order.
            fn list(&self) -> Vec<(&'static str, &'static str)> {
                vec![$((stringify!($field), self.$field.name())),+]
            }
            /// Every knob and the names of its values.
            fn catalogue() -> Vec<(&'static str, Vec<&'static str>)> {
                vec![$((stringify!($field), $ty::ALL.iter().map(|v| v.name()).collect())),+]
            }
            /// Sets a knob by names; false when there is no such knob or value.
            fn set(&mut self, knob: &str, value: &str) -> bool {
                match knob {
                    $(stringify!($field) => match $ty::ALL.iter().find(|v| v.name() == value) {
                        Some(v) => { self.$field = *v; true }
                        None => false,
                    },)+
                    _ => false,
                }
            }
            /// Every knob drawn at random among the values `allowed`.
            fn random(rng: &mut Rng, allowed: &dyn Fn(&str, &str) -> bool) -> Knobs {
                Knobs { $($field: {
                    let values: Vec<$ty> = $ty::ALL
                        .iter()
                        .copied()
                        .filter(|v| allowed(stringify!($field), v.name()))
                        .collect();
                    values[rng.below(values.len())]
                }),+ }
            }
        }
    };
}

knobs! {
    // Where the form starts: blank rows and/or columns of margin before it.
    origin: Origin { Corner, Rows, Cols, Both },
    // Label and value areas merged as on the paper, or every cell on its own.
    merges: Merges { Merged, Unmerged },
    // Labels (and titles, sheet names) as the seed prints them, half-width (ASCII and brackets,
    // or katakana too), or full-width.
    label_width: Width { AsSeed, HalfAscii, HalfKana, Full },
    // A 「：」 (or 「:」) after the label of a field whose value stands to its right.
    label_colon: Colon { Off, Full, Half },
    // The value typed into the label's own cell after 「：」: 作成番号 only, or every one-cell field.
    inline: Inline { No, PlanNo, All },
    // （必須） after the labels of required fields.
    required: Required { No, Yes },
    // Long labels wrapped onto two lines inside their cell (「主 な 支 援\n場所と頻度」).
    label_breaks: Breaks { Off, On },
    // A blank cell between a label and its value.
    field_gap: FieldGap { Off, On },
    // Text values typed with white space around them (「　山田 花子 」).
    padding: Padding { Off, On },
    // The seed's wording, or the other spellings the reader knows (labels.rs).
    aliases: Aliases { Seed, Alias },
    // The title row: as printed, spaced 「支　援　計　画」, under a 「様式第2号」 line, 「別紙２　…」.
    title: Title { Plain, Spaced, Youshiki, Besshi },
    // Sheet names: the form's name, its short name, 別紙N, or the office's own (the title tells).
    sheet_names: Names { Form, Short, Besshi, Office },
    // Further versions of a form: Excel's 「 (2)」 or 「（第2版）」.
    copies: Copies { Excel, Version },
    sheet_order: Order { Natural, Shuffled },
    // Sheets that are not forms: a 説明 and a メモ sheet.
    other_sheets: Others { Off, Notes },
    // A blank form sheet for each form the case does not have, and a blank plan copy.
    blank_sheets: Blanks { Off, Printed },
    // ケースID / 地域 / 担当機関 on every form, or on the first only.
    header: Header { EveryForm, FirstOnly },
    // The header's fields on one row, or one under the other.
    header_shape: HeaderShape { OneRow, Stacked },
    // The ケースID cell: labelled ケースID, by an alias, or missing (the file name tells: W506).
    case_id: CaseId { Label, Alias, FullWidth, Missing },
    // ふりがな, CM開始日, CM終了日, 終了理由: right of the header row, below the form, or in a
    // column right of the form's first rows (beside its tables).
    extras: Extras { HeaderRow, Bottom, Column },
    // Labelled dates: Excel date cells, 和暦 text, 2024/8/20, R6.8.20, or typed into the paper's
    // blanks 「令和6」「年」「8」「月」「20」「日」 (「令和」「6」…, full-width digits).
    dates: Dates { Cell, Wareki, Slash, Letter, Split, SplitEra, SplitFull },
    // An empty labelled date: empty cells, or the paper's blank 「　年　月　日」 (its 年・月・日 in
    // cells of their own where dates are typed into the blanks).
    blank_dates: BlankDates { Empty, Skeleton },
    // Block fields (長期目標, 短期目標, 生活上の希望, 支援者にしてほしいこと): value below or right.
    blocks: Blocks { Below, Right },
    // The note of 私の長期目標 inside the label, in a cell of its own, or left off.
    goal_note: GoalNote { InLabel, OwnCell, Omitted },
    // A text of several lines in one cell, or one line per cell (block fields, monitoring notes).
    lines: Lines { OneCell, CellPerLine },
    // Checkboxes: 「■ 入院中」 in one cell, the mark in a cell of its own before the option, or the
    // whole group in one cell.
    marks: Marks { Inline, OwnCell, OneCell },
    // The tick: ■ ✔ ✓ レ ● ☑, or 〇 (in a cell of its own only).
    mark: Mark { Square, Heavy, Check, Re, Dot, Ballot, Circle },
    // The number typed in an option's blank (「家族（ 2 名）」, 「週 2 回」): inside the option's
    // text, or in a cell of its own between 「家族（」 and 「名）」.
    counts: Counts { InText, OwnCell },
    // Single choices as boxes, or only the chosen option typed as a word.
    choices: Choices { Boxes, Words },
    // A monitoring block: five rows (one per 評価時期 box), or one row with each group in a cell.
    monitoring: Mon { Rows5, Compact },
    // Pre-printed monitoring blocks left blank after the filled ones (and on a plan without any).
    mon_blank: MonBlank { Off, After },
    // 参加者: each option in its cell, or each printed line in one cell.
    participants: Parts { CellPerOption, RowCell },
    // Digits typed half- or full-width (counts, months, numbers, split dates).
    digits: Digits { Half, Full },
    // 評価 as cmsheets prints it or as offices type it (○ ◯ 二重丸 三角 ✕ x バツ).
    evaluations: Evals { Canonical, Variant },
    // The needs table: its rows only, or padded with the paper's numbered blank rows.
    need_rows: NeedRows { Exact, Printed },
    // Blank spacer columns between the columns of the tables.
    spacers: Spacers { Off, On },
    // Blank rows between the sections.
    gaps: Gaps { Off, On },
    // The questionnaire's answer columns right or left of the item text.
    answer_side: ASide { Right, Left },
    // Their headings: in full, short (支援済み…), one character a line, in another order, none.
    answer_heads: AHeads { Full, Short, Vertical, Shuffled, Off },
    // The answer's mark: 〇 ○ ◯ ● ✓ ✔, 「1」 as text, or 1 as a number cell.
    answer_mark: AMark { Maru, WhiteCircle, LargeCircle, Dot, Check, Heavy, One, OneNumber },
    // The needs' No typed, or left blank (the rows' order numbers them).
    need_no: NeedNo { Typed, Blank },
    // 作成番号 at the foot of the plan as the seed prints it, or in its date row.
    plan_no_at: PlanNoAt { Bottom, Top },
    // The item's code and text in two cells or one (「A1 住居のことで…」).
    item_cells: ItemCells { Split, Joined },
    // O1/O2: 「その他1（」 [text] 「）で悩んでいる・困っている」, or all in one cell.
    other_text: OText { ThreeCells, OneCell },
    // 頼りにしている人: slots under a 氏名｜関係性（ ） heading row, the seed's slots
    // 「氏名 [name] 関係性（ イ ）」, or a table 氏名｜関係性 one person a row.
    supporters: Sups { HeadedSlots, SeedSlots, Vertical },
    // The relationship as 「イ：父母」, 「イ」 or 「父母」.
    relation: Rel { Both, Kana, Word, NoColon },
    // リ/ヌ's text after the relationship, or in the legend's blank 「リ：行政機関の職員（ … ）」.
    relation_text: RelText { InSlot, Legend },
    // 支援頻度 and 訪問支援の頻度 on rows of their own, or on one row as the seed prints them.
    frequency: Freq { OwnRows, SameRow },
    // Which plan version a 補助ツール is: its 作成番号 cell, its sheet name 「（第2版）」, or the
    // latest (for the latest version's sheet; the others keep their cell).
    subtool_link: Link { PlanNo, SheetName, Latest },
    // The crisis plan's 作成日: a labelled cell, or in the sheet name.
    crisis_date: CDate { Labelled, SheetName },
    // Crisis plan items: one a cell, with 「・」, or all of a section in one cell of 「・」 lines.
    bullets: Bullets { CellEach, Dotted, OneCell },
    // The crisis plan's pre-printed blank rows (「・」, empty supporter rows).
    crisis_blank: CBlank { Off, Printed },
    // The crisis plan's two sections of a pair side by side, or one under the other.
    crisis_sections: CSections { SideBySide, Stacked },
}

impl Knobs {
    /// Makes the combinations that cannot stand together fit: 〇 ticks only alone in its cell;
    /// a value right of 長期目標 needs the note inside the label; an office-named crisis sheet
    /// has no form name to carry a date.
    fn normalise(&mut self) {
        if self.mark == Mark::Circle {
            self.marks = Marks::OwnCell;
        }
        if self.blocks == Blocks::Right && self.goal_note == GoalNote::OwnCell {
            self.goal_note = GoalNote::InLabel;
        }
        if self.sheet_names == Names::Office && self.crisis_date == CDate::SheetName {
            self.crisis_date = CDate::Labelled;
        }
    }

    fn values(&self) -> Vec<String> {
        self.list()
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect()
    }

    /// The knobs that are not the plain layout's, as `knob=value`.
    fn changed(&self) -> Vec<String> {
        let plain = Knobs::plain().list();
        self.list()
            .into_iter()
            .zip(plain)
            .filter(|(a, b)| a.1 != b.1)
            .map(|((k, v), _)| format!("{k}={v}"))
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// A tiny PRNG (xorshift64, seeded through splitmix64)

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 1 } else { z })
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len())]
    }
    fn shuffle<T>(&mut self, xs: &mut [T]) {
        for i in (1..xs.len()).rev() {
            let j = self.below(i + 1);
            xs.swap(i, j);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The binary, and the tables it writes

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_cmsheets"));
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("CMSHEETS_") {
            cmd.env_remove(&key);
        }
    }
    cmd.env("NO_COLOR", "1");
    cmd
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `target/` of this build (the binary is `target/<profile>/cmsheets`).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_cmsheets"))
        .parent()
        .and_then(Path::parent)
        .map(Path::to_path_buf)
        .unwrap_or_else(|| root().join("target"))
}

fn convert_cmd(input: &Path, out: &Path) -> Command {
    let mut cmd = bin();
    cmd.arg("convert")
        .arg(input)
        .arg("--csv")
        .arg(out)
        .arg("--as-of")
        .arg(AS_OF);
    cmd
}

fn check_cmd(input: &Path) -> Command {
    let mut cmd = bin();
    cmd.arg("check")
        .arg("--format")
        .arg("json")
        .arg("--as-of")
        .arg(AS_OF)
        .arg(input);
    cmd
}

fn run(mut cmd: Command) -> Output {
    cmd.output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// One sheet of the tabular intake as `convert --csv` writes it.
#[derive(Debug, Clone, Default)]
struct Table {
    heads: Vec<String>,
    rows: Vec<Vec<String>>,
}

/// A record: heading → value.
type Rec = BTreeMap<String, String>;

impl Table {
    fn recs(&self) -> Vec<Rec> {
        self.rows
            .iter()
            .map(|r| self.heads.iter().cloned().zip(r.iter().cloned()).collect())
            .collect()
    }
}

fn read_csvs(dir: &Path) -> BTreeMap<String, Table> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("the CSV folder") {
        let path = entry.expect("a CSV file").path();
        if path.extension().and_then(|e| e.to_str()) != Some("csv") {
            continue;
        }
        let name = path
            .file_stem()
            .expect("a name")
            .to_string_lossy()
            .into_owned();
        let raw = std::fs::read_to_string(&path).expect("UTF-8 CSV");
        let raw = raw.strip_prefix('\u{FEFF}').unwrap_or(&raw);
        let mut rd = csv::ReaderBuilder::new()
            .has_headers(true)
            .from_reader(raw.as_bytes());
        let heads = rd
            .headers()
            .expect("headings")
            .iter()
            .map(String::from)
            .collect();
        let rows = rd
            .records()
            .map(|r| r.expect("a CSV row").iter().map(String::from).collect())
            .collect();
        out.insert(name, Table { heads, rows });
    }
    out
}

/// The sheets compared, as `convert --csv` names their files, with the columns that key a row.
const SHEETS: [(&str, &[&str]); 9] = [
    ("ケース", &["ケースID"]),
    ("アンケート", &["ケースID", "記入日"]),
    ("支援計画", &["ケースID", "作成番号"]),
    ("モニタリング", &["ケースID", "作成番号", "実施日"]),
    ("ニーズ", &["ケースID", "作成番号", "No"]),
    ("補助ツール", &["ケースID", "作成番号"]),
    ("頼りにしている人", &["ケースID", "作成番号", "氏名"]),
    ("クライシスプラン", &["ケースID", "作成日", "区分", "内容"]),
    ("日常的なサポーター", &["ケースID", "作成日", "名前・機関"]),
];

/// A finding of `check --format json`.
#[derive(Debug, Clone)]
struct Finding {
    code: String,
    severity: String,
    at: String,
    case: Option<String>,
    message: String,
}

fn findings_of(out: &Output) -> Vec<Finding> {
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check --format json: {e}\n{}\n{}",
            text(&out.stdout),
            text(&out.stderr)
        )
    });
    report["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| Finding {
            code: f["code"].as_str().unwrap_or_default().to_string(),
            severity: f["severity"].to_string(),
            at: f["location"]["text"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            case: f["case_id"].as_str().map(String::from),
            message: f["message"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The baseline: the samples' records, case by case

struct PlanData {
    plan: Rec,
    monitoring: Vec<Rec>,
    needs: Vec<Rec>,
    subtool: Option<Rec>,
    supporters: Vec<Rec>,
}

struct CrisisData {
    created: NaiveDate,
    items: Vec<Rec>,
    supporters: Vec<Rec>,
}

struct CaseData {
    id: String,
    case: Rec,
    questionnaires: Vec<Rec>,
    plans: Vec<PlanData>,
    crises: Vec<CrisisData>,
}

struct Baseline {
    tables: BTreeMap<String, Table>,
    cases: Vec<CaseData>,
}

fn iso(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("date {s:?}: {e}"))
}

impl Baseline {
    fn load(dir: &Path) -> Baseline {
        let samples = root().join("samples/intake.xlsx");
        let csv = dir.join("baseline");
        std::fs::create_dir_all(&csv).unwrap();
        let out = run(convert_cmd(&samples, &csv));
        assert!(
            out.status.success(),
            "convert samples: {}",
            text(&out.stderr)
        );
        let tables = read_csvs(&csv);
        let check = run(check_cmd(&samples));
        let with_errors: BTreeSet<String> = findings_of(&check)
            .into_iter()
            .filter(|f| f.code.starts_with('E'))
            .filter_map(|f| f.case)
            .collect();
        let recs = |sheet: &str| -> Vec<Rec> {
            tables
                .get(sheet)
                .unwrap_or_else(|| panic!("convert wrote no {sheet}.csv"))
                .recs()
        };
        let (cases, qs, plans, mons, needs, subs, sups, items, csups) = (
            recs("ケース"),
            recs("アンケート"),
            recs("支援計画"),
            recs("モニタリング"),
            recs("ニーズ"),
            recs("補助ツール"),
            recs("頼りにしている人"),
            recs("クライシスプラン"),
            recs("日常的なサポーター"),
        );
        let of = |rs: &[Rec], id: &str| -> Vec<Rec> {
            rs.iter().filter(|r| r["ケースID"] == id).cloned().collect()
        };
        let of_plan = |rs: &[Rec], id: &str, no: &str| -> Vec<Rec> {
            rs.iter()
                .filter(|r| r["ケースID"] == id && r["作成番号"] == no)
                .cloned()
                .collect()
        };
        let mut data = Vec::new();
        for c in &cases {
            let id = c["ケースID"].clone();
            if with_errors.contains(&id) {
                continue;
            }
            let plans_of = of(&plans, &id)
                .into_iter()
                .map(|p| {
                    let no = p["作成番号"].clone();
                    PlanData {
                        monitoring: of_plan(&mons, &id, &no),
                        needs: of_plan(&needs, &id, &no),
                        subtool: of_plan(&subs, &id, &no).into_iter().next(),
                        supporters: of_plan(&sups, &id, &no),
                        plan: p,
                    }
                })
                .collect();
            let mut dates: Vec<NaiveDate> = of(&items, &id)
                .iter()
                .chain(of(&csups, &id).iter())
                .map(|r| iso(&r["作成日"]))
                .collect();
            dates.sort();
            dates.dedup();
            let crises = dates
                .into_iter()
                .map(|d| {
                    let on = |rs: &[Rec]| -> Vec<Rec> {
                        of(rs, &id)
                            .into_iter()
                            .filter(|r| iso(&r["作成日"]) == d)
                            .collect()
                    };
                    CrisisData {
                        created: d,
                        items: on(&items),
                        supporters: on(&csups),
                    }
                })
                .collect();
            data.push(CaseData {
                questionnaires: of(&qs, &id),
                plans: plans_of,
                crises,
                case: c.clone(),
                id,
            });
        }
        assert!(
            data.len() >= 3,
            "too few clean cases in the samples: {with_errors:?}"
        );
        Baseline {
            tables,
            cases: data,
        }
    }

    /// The rows of a case in each sheet, its ケースID written as `id`.
    fn expected(&self, case: &str, id: &str) -> BTreeMap<&'static str, Vec<Vec<String>>> {
        SHEETS
            .iter()
            .map(|(sheet, _)| {
                let rows = self.tables.get(*sheet).map_or(Vec::new(), |t| {
                    t.rows
                        .iter()
                        .filter(|r| r[0] == case)
                        .map(|r| {
                            let mut r = r.clone();
                            r[0] = id.to_string();
                            r
                        })
                        .collect()
                });
                (*sheet, rows)
            })
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// The forms' words (the seed's, and the other spellings of labels.rs)

/// A label: the seed's wording, its other spellings, whether the field is required.
struct L {
    text: &'static str,
    aliases: &'static [&'static str],
    required: bool,
}

const fn lb(text: &'static str, aliases: &'static [&'static str], required: bool) -> L {
    L {
        text,
        aliases,
        required,
    }
}

const CASE_ID: L = lb("ケースID", &["ケース番号", "ケースNo", "ケースＮｏ."], true);
const REGION: L = lb(
    "地域",
    &[
        "保健所・市町村",
        "市町村",
        "保健所",
        "地域（保健所・市町村）",
    ],
    true,
);
const AGENCY: L = lb("担当機関", &["所属機関"], false);
const MANAGER: L = lb(
    "マネジメント担当者",
    &["担当者", "CM担当者", "ケースマネジメント担当者"],
    true,
);
const NAME: L = lb("本人氏名", &["氏名", "本人の氏名", "お名前"], true);
const Q_NAME: L = lb("氏名", &["本人氏名", "本人の氏名", "お名前"], true);
const KANA: L = lb("ふりがな", &["フリガナ", "よみがな"], false);
const CM_START: L = lb("CM開始日", &["ケースマネジメント開始日"], false);
const CM_END: L = lb("CM終了日", &["ケースマネジメント終了日"], false);
const END_REASON: L = lb("終了理由", &[], false);
const Q_DATE: L = lb("記入日", &[], true);
const Q_WISHES: L = lb(
    "生活上の希望または困っていることは何ですか",
    &["生活上の希望または困っていること", "生活上の希望"],
    false,
);
const Q_INSTRUCTION: &str =
    "下の A1 から O2 までの項目について、左の選択肢からあてはまる内容を選び、〇をつけてください";
const P_CREATED: L = lb("作成日", &["計画作成日"], true);
const P_REVIEW_DUE: L = lb(
    "次回見直し予定時期",
    &["次回見直し予定日", "次回見直し"],
    true,
);
const P_LONG_GOAL: L = lb("私の長期目標", &["長期目標"], true);
const P_LONG_GOAL_NOTE: &str = "（本人の希望を「～したい」という表現で記述することが推奨される）";
const P_SHORT_GOAL: L = lb("今回の支援計画における短期目標", &["短期目標"], true);
const P_MONITORING: L = lb("モニタリング（初回は不要）", &["モニタリング"], false);
const M_DATE_TIMING: L = lb(
    "実施日＆評価時期",
    &["実施日&評価時期", "実施日・評価時期", "実施日"],
    false,
);
const M_KIND: L = lb("更新/モニタリング", &["更新・モニタリング"], false);
const M_SETTING: L = lb("セッティング", &[], false);
const M_NOTES: L = lb(
    "具体的内容、場所、特記、前回の評価内容など",
    &["具体的内容", "具体的内容、場所、特記、前回の評価内容等"],
    false,
);
const M_GOAL_MET: L = lb("短期目標の達成", &["短期目標の達成度"], false);
const P_PARTICIPANTS: L = lb("参加者と外部機関の参加状況", &["参加者"], false);
const P_CM_NOTE: &str = "CM = ケースマネジメント";
const P_NEEDS: L = lb("ニーズ/課題への対応", &["ニーズ・課題への対応"], false);
const N_NO: L = lb("No", &["No.", "番号", "NO"], false);
const N_NEED: L = lb("ニーズ/課題", &["ニーズ・課題", "ニーズ"], false);
const N_MEASURES: &str = "具 体 策";
const N_SELF: L = lb("何を（本人）", &["本人"], false);
const N_SUPPORTER_ACTION: L = lb("何を（支援者）", &[], false);
const N_SUPPORTER: L = lb("支援者（機関名・担当者名・連絡先）", &["支援者"], false);
const N_EVALUATION: L = lb("評価*", &["評価"], false);
const N_DOMAIN: L = lb("領域", &["領域（別紙1の項目）"], false);
const P_FOOTNOTE: &str = "* 支援計画見直し（モニタリング）時に、本人と一緒に評価：終結「◎」、円滑に取り組みができている「〇」、取り組み中だが課題がある「△」、取り組み中止/取り組み困難等「×」";
const PLAN_NO: L = lb("作成番号", &["作成No", "版"], true);
const S_SUPPORTERS: L = lb(
    "私が頼りにしている人、私を応援してくれる人",
    &[
        "私が頼りにしている人,\n私を応援してくれる人",
        "私が頼りにしている人",
    ],
    false,
);
const S_NAME: L = lb("氏名", &[], false);
const S_RELATION: L = lb("関係性（ ）", &["関係性"], false);
const S_LEGEND: L = lb("関係性の選択肢", &["関係性の選択祇肢"], false);
const S_PLACES_FREQ: L = lb("主な支援場所と頻度", &[], false);
const S_PLACES: L = lb("主な支援場所", &[], false);
const S_FREQUENCY: L = lb("支援頻度", &[], false);
const S_VISIT_FREQUENCY: L = lb("訪問支援の頻度", &[], false);
const S_WHEN_HARD: L = lb(
    "支援を受けることが難しくなった場合・・・",
    &["支援を受けることが難しくなった場合"],
    false,
);
const S_WISHES: L = lb("支援者にしてほしいこと/してもよいこと", &[], false);
const S_CONTACT: [L; 2] = [
    lb("連絡してもよい人 1", &["連絡してもよい人1"], false),
    lb("連絡してもよい人 2", &["連絡してもよい人2"], false),
];
const S_TEL: L = lb("連絡先", &[], false);
const S_SERVICES: L = lb("その他のサービス", &[], false);
const S_AGENCY: L = lb("機関名（担当者名）", &["機関名"], false);
const S_DETAIL: L = lb("具体的な内容および特記", &["具体的な内容"], false);
const S_SERVICE_ROWS: [L; 3] = [
    lb("相談支援", &[], false),
    lb("学校/職場での支援", &["学校・職場での支援"], false),
    lb("その他", &[], false),
];
const C_SUPPORTERS: L = lb(
    "日常的なサポーター（援助者・支援者）や相談先：",
    &["日常的なサポーター"],
    false,
);
const C_SUPPORTER_NAME: L = lb("名前・機関", &["名前"], false);
const C_SUPPORTER_CONTACT: L = S_TEL;
const C_SUPPORTER_ROLE: L = lb("関係・役割", &["関係"], false);
const C_SIGNS: L = lb("調子が悪くなってきたサイン：", &[], false);
const C_ACTIONS: L = lb(
    "サインに気づいたときにすること：",
    &["サインに気付いたときにすること"],
    false,
);
const C_SECTIONS: [L; 4] = [
    lb("自分でわかるサイン", &[], false),
    lb(
        "まわりの人が気づくサイン",
        &["周りの人が気づくサイン", "まわりの人が気付くサイン"],
        false,
    ),
    lb("自分がすること", &[], false),
    lb("まわりの人がすること", &["周りの人がすること"], false),
];
/// 区分 of the crisis plan's items, in the order of [`C_SECTIONS`].
const C_SECTION_CODES: [&str; 4] = [
    "自分でわかるサイン",
    "まわりの人が気づくサイン",
    "自分がすること",
    "まわりの人がすること",
];

/// The questionnaire's items A1–F5 in the seed's words (O1/O2 are 「その他 1」「その他 2」).
const ITEMS: [(&str, &str); 25] = [
    ("A1", "住居のことで悩んでいる・困っている"),
    ("A2", "経済的に悩んでいる・困っている"),
    ("A3", "家族、パートナー等との関係で悩んでいる・困っている"),
    ("A4", "18歳以下の子供の養育のことで悩んでいる・困っている"),
    ("A5", "高齢者、障害者の介護のことで悩んでいる・困っている"),
    (
        "B1",
        "食事のこと（料理、外食、食事の購入など）ことで悩んでいる・困っている",
    ),
    (
        "B2",
        "自室や生活環境の整理整頓のことで悩んでいる・困っている",
    ),
    (
        "B3",
        "入浴、歯磨き等の清潔保持のことで悩んでいる・困っている",
    ),
    ("B4", "電話の有無、電話使用のことで悩んでいる・困っている"),
    (
        "B5",
        "公共交通機関、車等の移動手段の利用のことで悩んでいる・困っている",
    ),
    (
        "B6",
        "お金の管理や計画的な使用ができないことで悩んでいる・困っている",
    ),
    ("B7", "読み書き、計算等のことで悩んでいる・困っている"),
    (
        "C1",
        "適切な日中の時間の過ごし方（仕事や学校のことを含む）で悩んでいる・困っている",
    ),
    ("C2", "家族以外との社会的交流のことで悩んでいる・困っている"),
    (
        "D1",
        "幻覚、妄想、考えがまとまらない等のことで悩んでいる・困っている",
    ),
    (
        "D2",
        "体の病気、副作用を含む体の症状のことで悩んでいる・困っている",
    ),
    ("D3", "不安、抑うつ、悩みごと等で悩んでいる・困っている"),
    ("D4", "性に関係する問題で悩んでいる・困っている"),
    (
        "E1",
        "治療や処遇について情報がない、または理解が難しくて悩んでいる・困っている",
    ),
    (
        "E2",
        "病気の自己管理（薬の管理や症状への対処など）で悩んでいる・困っている",
    ),
    ("F1", "アルコールに関連することで悩んでいる・困っている"),
    (
        "F2",
        "処方薬依存・乱用を含む薬物関連のことで悩んでいる・困っている",
    ),
    (
        "F3",
        "自殺に関連する行動や自傷のことで悩んでいる・困っている",
    ),
    (
        "F4",
        "他者に対する暴力、威嚇行動等のことで悩んでいる・困っている",
    ),
    (
        "F5",
        "衝動性や強迫行為、こだわりが強すぎる等のことで悩んでいる・困っている",
    ),
];

/// The answer codes in the paper's column order, with their full and short headings.
const ANSWERS: [(&str, &str, &str); 4] = [
    ("1", "困っているが、支援を受けている", "支援済み"),
    ("2", "困っていて、まだ支援を受けていない", "要支援"),
    ("0", "困っていない", "不要"),
    ("9", "わからない", "不明"),
];

/// The relationships of 別紙3 as the legend prints them.
const RELATIONS: [&str; 10] = [
    "イ：父母",
    "ロ：きょうだい",
    "ハ：妻/夫",
    "ニ：それ以外の家族/親族",
    "ホ：友人等",
    "ヘ：同僚",
    "ト：医療機関の職員",
    "チ：地域援助事業者",
    "リ：行政機関の職員",
    "ヌ：その他",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Questionnaire,
    Plan,
    Subtool,
    Crisis,
}

impl Form {
    fn title(self) -> &'static str {
        match self {
            Form::Questionnaire => "支援ニーズに関するアンケート",
            Form::Plan => "支援計画シート",
            Form::Subtool => "支援計画シート（追加項目：補助ツール）",
            Form::Crisis => "クライシスプラン",
        }
    }
    fn number(self) -> u32 {
        match self {
            Form::Questionnaire => 1,
            Form::Plan => 2,
            Form::Subtool => 3,
            Form::Crisis => 4,
        }
    }
    fn sheet_name(self, names: Names) -> String {
        match names {
            Names::Form => self.title().to_string(),
            Names::Short => match self {
                Form::Questionnaire => "アンケート",
                Form::Plan => "支援計画",
                Form::Subtool => "補助ツール",
                Form::Crisis => "クライシスプラン",
            }
            .to_string(),
            Names::Besshi => format!("別紙{}", self.number()),
            Names::Office => match self {
                Form::Questionnaire => "ききとり票",
                Form::Plan => "けいかく",
                Form::Subtool => "応援してくれる人たち",
                Form::Crisis => "もしものとき",
            }
            .to_string(),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text variants

fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            ' ' => '　',
            c => c,
        })
        .collect()
}

fn half_ascii(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// Half-width katakana (ｹｰｽID) and punctuation, as old office PCs type them.
fn half_kana(s: &str) -> String {
    const FULL: &str = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー・「」、。";
    const HALF: &str = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ･｢｣､｡";
    const VOICED: &str = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
    const VOICED_BASE: &str = "カキクケコサシスセソタチツテトハヒフヘホ";
    const SEMI: &str = "パピプペポ";
    const SEMI_BASE: &str = "ハヒフヘホ";
    let half_of = |c: char| -> Option<char> {
        FULL.chars()
            .position(|f| f == c)
            .and_then(|i| HALF.chars().nth(i))
    };
    let mut out = String::new();
    for c in half_ascii(s).chars() {
        if let Some(h) = half_of(c) {
            out.push(h);
        } else if let Some(i) = VOICED.chars().position(|v| v == c) {
            let base = VOICED_BASE.chars().nth(i).expect("base");
            out.push(half_of(base).expect("half base"));
            out.push('ﾞ');
        } else if let Some(i) = SEMI.chars().position(|v| v == c) {
            let base = SEMI_BASE.chars().nth(i).expect("base");
            out.push(half_of(base).expect("half base"));
            out.push('ﾟ');
        } else {
            out.push(c);
        }
    }
    out
}

fn full_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => char::from_u32(c as u32 + 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// 「支　援　計　画」: a full-width space between the characters.
fn spaced(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        // A half-width (semi-)voiced mark belongs to its kana: no space between them.
        if !out.is_empty() && c != 'ﾞ' && c != 'ﾟ' {
            out.push('　');
        }
        out.push(c);
    }
    out
}

/// 令和6年8月20日 (元年 for the first year); 平成 before 2019-05-01.
fn wareki(d: NaiveDate) -> String {
    let (era, year) = era_year(d);
    let y = if year == 1 {
        "元".to_string()
    } else {
        year.to_string()
    };
    format!("{era}{y}年{}月{}日", d.month(), d.day())
}

fn era_year(d: NaiveDate) -> (&'static str, i32) {
    if d >= NaiveDate::from_ymd_opt(2019, 5, 1).expect("date") {
        ("令和", d.year() - 2018)
    } else {
        ("平成", d.year() - 1988)
    }
}

fn excel_serial(d: NaiveDate) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch");
    (d - epoch).num_days() as f64
}

/// What offices type for a canonical 評価.
fn evaluation_variants(e: &str) -> &'static [&'static str] {
    match e {
        "◎" => &["◎", "二重丸", "◎終結"],
        "〇" => &["○", "◯", "〇", "〇円滑に取り組みができている"],
        "△" => &["△", "三角", "△取り組み中だが課題がある"],
        "×" => &["✕", "x", "バツ", "×", "×取り組み中止・困難"],
        _ => &[""],
    }
}

// ---------------------------------------------------------------------------------------------
// A sheet being drawn: cells and merged areas at 0-based logical positions

#[derive(Debug, Clone)]
enum V {
    S(String),
    N(f64),
    /// An Excel date cell, with a 和暦 or a yyyy/m/d number format.
    D(NaiveDate, bool),
}

impl V {
    fn s(text: impl Into<String>) -> V {
        V::S(text.into())
    }
}

struct Canvas {
    cells: BTreeMap<(u32, u32), V>,
    merges: Vec<[u32; 4]>,
    merge: bool,
}

impl Canvas {
    fn new(merge: bool) -> Canvas {
        Canvas {
            cells: BTreeMap::new(),
            merges: Vec::new(),
            merge,
        }
    }

    fn put(&mut self, r: u32, c: u32, v: V) {
        if matches!(&v, V::S(s) if s.is_empty()) {
            return;
        }
        let old = self.cells.insert((r, c), v);
        assert!(old.is_none(), "generator: cell ({r},{c}) written twice");
    }

    fn s(&mut self, r: u32, c: u32, text: impl Into<String>) {
        self.put(r, c, V::s(text));
    }

    /// An area of `h` rows and `w` columns, merged when the layout merges, its value (if any) in
    /// its first cell.
    fn area(&mut self, r: u32, c: u32, h: u32, w: u32, v: Option<V>) {
        if self.merge && (h > 1 || w > 1) {
            let m = [r, c, r + h - 1, c + w - 1];
            assert!(
                !self
                    .merges
                    .iter()
                    .any(|o| o[0] <= m[2] && m[0] <= o[2] && o[1] <= m[3] && m[1] <= o[3]),
                "generator: merged areas overlap at ({r},{c})"
            );
            self.merges.push(m);
        }
        if let Some(v) = v {
            self.put(r, c, v);
        }
    }

    fn text(&mut self, r: u32, c: u32, h: u32, w: u32, text: impl Into<String>) {
        self.area(r, c, h, w, Some(V::s(text)));
    }

    fn write(
        &self,
        ws: &mut rust_xlsxwriter::Worksheet,
        r0: u32,
        c0: u32,
    ) -> Result<(), XlsxError> {
        let plain = Format::new().set_text_wrap();
        let era = Format::new().set_num_format("[$-411]ggge\"年\"m\"月\"d\"日\"");
        let slash = Format::new().set_num_format("yyyy/m/d");
        for m in &self.merges {
            for (&(r, c), _) in self.cells.range((m[0], m[1])..=(m[2], m[3])) {
                assert!(
                    (r, c) == (m[0], m[1]) || c < m[1] || c > m[3],
                    "generator: cell ({r},{c}) hidden under a merged area"
                );
            }
            ws.merge_range(
                m[0] + r0,
                (m[1] + c0) as u16,
                m[2] + r0,
                (m[3] + c0) as u16,
                "",
                &plain,
            )?;
        }
        for (&(r, c), v) in &self.cells {
            let (r, c) = (r + r0, (c + c0) as u16);
            match v {
                V::S(s) => ws.write_string_with_format(r, c, s, &plain)?,
                V::N(n) => ws.write_number(r, c, *n)?,
                V::D(d, true) => ws.write_number_with_format(r, c, excel_serial(*d), &era)?,
                V::D(d, false) => ws.write_number_with_format(r, c, excel_serial(*d), &slash)?,
            };
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// The generator: one case as a 様式ブック in one layout

/// A sheet of the book to be drawn.
#[derive(Clone, Copy)]
enum Part {
    Questionnaire(Option<usize>),
    Plan(Option<usize>),
    Subtool(usize),
    Crisis(Option<usize>),
    Notes,
    Memo,
}

struct Gen<'a> {
    k: Knobs,
    rng: Rng,
    case: &'a CaseData,
    id: String,
    header_done: bool,
    extras_done: bool,
}

/// Where an option's blank stands in its words (a number typed there may have a cell of its own).
const BLANK: char = '\u{1}';

/// Where the fields the paper has no place for go when they stand right of the form.
const EXTRA_COL: u32 = 40;

impl<'a> Gen<'a> {
    fn c(&self, key: &str) -> &'a str {
        self.case.case[key].as_str()
    }

    fn width(&self, s: &str) -> String {
        match self.k.label_width {
            Width::AsSeed => s.to_string(),
            Width::HalfAscii => half_ascii(s),
            Width::HalfKana => half_kana(s),
            Width::Full => full_width(s),
        }
    }

    fn digits(&self, s: &str) -> String {
        match self.k.digits {
            Digits::Half => s.to_string(),
            Digits::Full => full_digits(s),
        }
    }

    /// A heading or section label: the seed's wording or an alias, in the layout's width.
    fn heading(&mut self, l: &L) -> String {
        let text = match self.k.aliases {
            Aliases::Alias if !l.aliases.is_empty() => self.rng.pick(l.aliases),
            _ => l.text,
        };
        let t = self.width(text);
        let chars: Vec<char> = t.chars().collect();
        let mut at = chars.len() / 2;
        while at < chars.len() && matches!(chars[at], 'ﾞ' | 'ﾟ') {
            at += 1;
        }
        if self.k.label_breaks == Breaks::On
            && chars.len() >= 7
            && at < chars.len()
            && !t.contains('\n')
        {
            let (a, b) = chars.split_at(at);
            return format!(
                "{}\n{}",
                a.iter().collect::<String>(),
                b.iter().collect::<String>()
            );
        }
        t
    }

    /// The label of a field whose value stands right of it (or in its own cell after 「：」).
    fn field_label(&mut self, l: &L, inline: bool) -> String {
        let mut t = self.heading(l);
        if inline {
            return t;
        }
        if l.required && self.k.required == Required::Yes {
            t.push_str(&self.width("（必須）"));
        }
        match self.k.label_colon {
            Colon::Off => {}
            Colon::Full => t.push('：'),
            Colon::Half => t.push(':'),
        }
        t
    }

    fn gap(&mut self, r: u32) -> u32 {
        match self.k.gaps {
            Gaps::Off => r,
            Gaps::On => r + 1 + self.rng.below(2) as u32,
        }
    }

    fn sp(&self) -> u32 {
        match self.k.spacers {
            Spacers::Off => 0,
            Spacers::On => 1,
        }
    }

    fn tick(&self) -> &'static str {
        match self.k.mark {
            Mark::Square => "■",
            Mark::Heavy => "✔",
            Mark::Check => "✓",
            Mark::Re => "レ",
            Mark::Dot => "●",
            Mark::Ballot => "☑",
            Mark::Circle => "〇",
        }
    }

    /// A one-cell text field: label and value (`vw` columns) or 「label：value」 in one cell.
    /// Returns the column after it.
    fn text_field(&mut self, cv: &mut Canvas, r: u32, c: u32, l: &L, value: &str, vw: u32) -> u32 {
        let value = self.pad(value);
        if self.k.inline == Inline::All {
            let t = format!("{}：{value}", self.field_label(l, true));
            cv.text(r, c, 1, 1 + vw, t);
            return c + 1 + vw;
        }
        let t = self.field_label(l, false);
        cv.s(r, c, t);
        let g = self.fgap();
        cv.text(r, c + 1 + g, 1, vw, value);
        c + 1 + g + vw
    }

    /// The blank cell between a label and its value, if the layout has one.
    fn fgap(&self) -> u32 {
        match self.k.field_gap {
            FieldGap::Off => 0,
            FieldGap::On => 1,
        }
    }

    /// A text value as typed: with white space around it where the layout pads.
    fn pad(&mut self, s: &str) -> String {
        if self.k.padding == Padding::Off || s.is_empty() {
            return s.to_string();
        }
        let side = |rng: &mut Rng| rng.pick(&["", "　", " ", "　　"]);
        let (a, b) = (side(&mut self.rng), side(&mut self.rng));
        let a = if a.is_empty() && b.is_empty() {
            "　"
        } else {
            a
        };
        format!("{a}{s}{b}")
    }

    /// A labelled date in the layout's style; None prints the paper's blank.
    fn date_field(&mut self, cv: &mut Canvas, r: u32, c: u32, l: &L, d: Option<NaiveDate>) -> u32 {
        let split = matches!(
            self.k.dates,
            Dates::Split | Dates::SplitEra | Dates::SplitFull
        );
        let skeleton = self.k.blank_dates == BlankDates::Skeleton;
        if self.k.inline == Inline::All && !split {
            let blank = if skeleton {
                "　　年　　月　　日"
            } else {
                ""
            };
            let v = d.map_or(blank.to_string(), |d| self.date_text(d));
            let t = format!("{}：{v}", self.field_label(l, true));
            cv.text(r, c, 1, 3, t);
            return c + 3;
        }
        let t = if self.k.inline == Inline::All {
            format!("{}：", self.field_label(l, true))
        } else {
            self.field_label(l, false)
        };
        cv.s(r, c, t);
        let c = c
            + 1
            + if self.k.inline == Inline::All {
                0
            } else {
                self.fgap()
            };
        if split {
            let parts: Vec<String> = match d {
                None if skeleton => ["", "年", "", "月", "", "日"].map(String::from).to_vec(),
                None => Vec::new(),
                Some(d) => {
                    let (era, y) = era_year(d);
                    let y = if y == 1 {
                        "元".to_string()
                    } else {
                        self.split_digits(&y.to_string())
                    };
                    let (m, dd) = (
                        self.split_digits(&d.month().to_string()),
                        self.split_digits(&d.day().to_string()),
                    );
                    match self.k.dates {
                        Dates::SplitEra => {
                            vec![era.into(), y, "年".into(), m, "月".into(), dd, "日".into()]
                        }
                        _ => vec![
                            format!("{era}{y}"),
                            "年".into(),
                            m,
                            "月".into(),
                            dd,
                            "日".into(),
                        ],
                    }
                }
            };
            let n = parts.len() as u32;
            for (i, p) in parts.into_iter().enumerate() {
                cv.s(r, c + i as u32, p);
            }
            return c + n.max(6);
        }
        let v = match d {
            Some(d) => Some(self.date_value(d)),
            None if skeleton => Some(V::s("　　年　　月　　日")),
            None => None,
        };
        cv.area(r, c, 1, 2, v);
        c + 2
    }

    fn split_digits(&self, s: &str) -> String {
        if self.k.dates == Dates::SplitFull {
            full_digits(s)
        } else {
            s.to_string()
        }
    }

    /// A date as the layout types it in a cell of its own.
    fn date_value(&mut self, d: NaiveDate) -> V {
        match self.k.dates {
            Dates::Cell => V::D(d, self.rng.chance(50)),
            _ => V::S(self.date_text(d)),
        }
    }

    fn date_text(&self, d: NaiveDate) -> String {
        match self.k.dates {
            Dates::Slash => format!("{}/{}/{}", d.year(), d.month(), d.day()),
            Dates::Letter => {
                let (_, y) = era_year(d);
                format!("R{y}.{}.{}", d.month(), d.day())
            }
            Dates::SplitFull => full_digits(&wareki(d)),
            _ => wareki(d),
        }
    }

    /// 作成番号: 「作成番号：２」 in one cell, or the label and the number.
    fn plan_no_field(&mut self, cv: &mut Canvas, r: u32, c: u32, no: &str) {
        let shown = self.digits(no);
        if self.k.inline != Inline::No {
            let t = format!("{}：{shown}", self.field_label(&PLAN_NO, true));
            cv.text(r, c, 1, 2, t);
            return;
        }
        let t = self.field_label(&PLAN_NO, false);
        cv.s(r, c, t);
        let v = match (no.parse::<f64>(), self.k.digits) {
            (Ok(n), Digits::Half) => Some(V::N(n)),
            _ => Some(V::S(shown)),
        };
        let g = self.fgap();
        cv.area(r, c + 1 + g, 1, 1, v);
    }

    /// The lines of a text as the layout types them: one cell, or a cell per line (when every
    /// line stands on its own: no blank lines, no surrounding white space).
    fn lines_of(&self, text: &str, max: usize) -> Vec<String> {
        let lines: Vec<&str> = text.split('\n').collect();
        let splittable = lines.len() > 1
            && lines.len() <= max
            && lines
                .iter()
                .all(|l| !l.is_empty() && l.trim() == *l && l.trim_matches('\u{3000}') == *l);
        if self.k.lines == Lines::CellPerLine && splittable {
            lines.into_iter().map(String::from).collect()
        } else {
            vec![text.to_string()]
        }
    }

    /// A block field (長期目標, 短期目標…): the label across `w` columns, the value below it, or
    /// the label (`lw` columns) and the value to its right. `note` stands in a cell of its own
    /// right of the label. Returns the row after it.
    #[allow(clippy::too_many_arguments)]
    fn block(
        &mut self,
        cv: &mut Canvas,
        r: u32,
        c: u32,
        label: String,
        note: Option<String>,
        value: &str,
        w: u32,
    ) -> u32 {
        match self.k.blocks {
            Blocks::Right => {
                let lw = 3.min(w - 1);
                cv.text(r, c, 1, lw, label);
                let v = self.pad(value);
                cv.text(r, c + lw, 1, w - lw, v);
                r + 1
            }
            Blocks::Below => {
                match note {
                    Some(n) => {
                        let lw = 3.min(w - 1);
                        cv.text(r, c, 1, lw, label);
                        cv.text(r, c + lw, 1, w - lw, n);
                    }
                    None => cv.text(r, c, 1, w, label),
                }
                let lines = self.lines_of(value, 6);
                if lines.len() > 1 {
                    for (i, line) in lines.iter().enumerate() {
                        cv.text(r + 1 + i as u32, c, 1, w, line.clone());
                    }
                    r + 1 + lines.len() as u32
                } else {
                    let v = self.pad(value);
                    cv.text(r + 1, c, 2, w, v);
                    r + 3
                }
            }
        }
    }

    /// A group of checkbox options `(ticked, words)` starting at (r, c): `down` one option a row
    /// (`h` rows at most), else across in slots of `slot` columns. `words_ok`: the group may be
    /// typed as the chosen option's words. Returns the columns used.
    #[allow(clippy::too_many_arguments)]
    fn options(
        &mut self,
        cv: &mut Canvas,
        r: u32,
        c: u32,
        opts: &[(bool, String)],
        down: bool,
        h: u32,
        slot: u32,
        words_ok: bool,
        sep: &str,
    ) -> u32 {
        let tick = self.tick();
        let plain = |w: &str| w.replace(BLANK, "");
        if words_ok && self.k.choices == Choices::Words {
            if let Some((_, w)) = opts.iter().find(|o| o.0) {
                cv.text(r, c, 1, slot, plain(w));
            }
            return slot;
        }
        let inline_tick = if tick == "〇" { "■" } else { tick };
        let boxed = |t: bool, w: &str| format!("{} {w}", if t { inline_tick } else { "□" });
        let one_cell = self.k.marks == Marks::OneCell || (down && (h as usize) < opts.len());
        if one_cell {
            let lines: Vec<String> = opts.iter().map(|(t, w)| boxed(*t, &plain(w))).collect();
            let (hh, ww) = if down {
                (h, slot)
            } else {
                (1, slot * opts.len() as u32)
            };
            cv.text(r, c, hh, ww, lines.join(if down { "\n" } else { sep }));
            return ww;
        }
        // Each option's cells: its words, split at its blanks where numbers stand in cells of
        // their own.
        let own_mark = self.k.marks == Marks::OwnCell;
        let parts: Vec<Vec<String>> = opts
            .iter()
            .map(|(_, w)| match self.k.counts {
                Counts::OwnCell => w.split(BLANK).map(String::from).collect(),
                Counts::InText => vec![plain(w)],
            })
            .collect();
        let slot = parts
            .iter()
            .map(|p| p.len() as u32 + own_mark as u32)
            .max()
            .unwrap_or(1)
            .max(slot);
        for (i, ((t, _), ps)) in opts.iter().zip(&parts).enumerate() {
            let (rr, mut cc) = if down {
                (r + i as u32, c)
            } else {
                (r, c + i as u32 * slot)
            };
            let end = cc + slot;
            if own_mark {
                cv.s(rr, cc, if *t { tick } else { "□" });
                cc += 1;
            }
            for (k, part) in ps.iter().enumerate() {
                let text = if k == 0 && !own_mark {
                    boxed(*t, part)
                } else {
                    part.clone()
                };
                let w = if k + 1 == ps.len() { end - cc } else { 1 };
                let trimmed = text.trim();
                let v = match trimmed.parse::<f64>() {
                    Ok(n) if k > 0 && k + 1 < ps.len() => V::N(n),
                    _ if trimmed.is_empty() || text.trim_matches('　').is_empty() => V::s(""),
                    _ => V::s(text),
                };
                cv.area(rr, cc, 1, w, Some(v));
                cc += w;
            }
        }
        if down {
            slot
        } else {
            slot * opts.len() as u32
        }
    }

    fn title(&mut self, cv: &mut Canvas, form: Form) -> u32 {
        let t = self.width(form.title());
        match self.k.title {
            Title::Plain => {
                cv.text(0, 0, 1, 12, t);
                1
            }
            Title::Spaced => {
                cv.text(0, 0, 1, 12, spaced(&t));
                1
            }
            Title::Youshiki => {
                let n = if self.rng.chance(50) {
                    form.number().to_string()
                } else {
                    full_digits(&form.number().to_string())
                };
                cv.s(0, 0, format!("様式第{n}号"));
                cv.text(1, 0, 1, 12, t);
                2
            }
            Title::Besshi => {
                let n = full_digits(&form.number().to_string());
                cv.text(0, 0, 1, 12, format!("別紙{n}　{t}"));
                1
            }
        }
    }

    /// ケースID / 地域 / 担当機関 (and マネジメント担当者 and 本人氏名 where the form has no place
    /// for them).
    fn header(&mut self, cv: &mut Canvas, r: u32, form: Form) -> u32 {
        if self.k.header == Header::FirstOnly && self.header_done {
            return r;
        }
        self.header_done = true;
        let mut fields: Vec<(L, String, u32)> = Vec::new();
        if self.k.case_id != CaseId::Missing {
            let text = match self.k.case_id {
                CaseId::Alias => self.rng.pick(CASE_ID.aliases),
                _ => CASE_ID.text,
            };
            let id = match self.k.case_id {
                CaseId::FullWidth => full_width(&self.id),
                _ => self.id.clone(),
            };
            fields.push((lb(text, &[], true), id, 2));
        }
        fields.push((
            lb(REGION.text, REGION.aliases, true),
            self.c("地域").into(),
            2,
        ));
        fields.push((
            lb(AGENCY.text, AGENCY.aliases, false),
            self.c("担当機関").into(),
            3,
        ));
        if form != Form::Plan {
            let m = self.c("マネジメント担当者").into();
            fields.push((lb(MANAGER.text, MANAGER.aliases, true), m, 2));
        }
        if matches!(form, Form::Subtool | Form::Crisis) {
            fields.push((
                lb(NAME.text, NAME.aliases, true),
                self.c("本人氏名").into(),
                2,
            ));
        }
        let stacked = self.k.header_shape == HeaderShape::Stacked;
        let mut c = 0;
        let mut row = r;
        for (l, v, w) in &fields {
            let end = self.text_field(cv, row, c, l, v, *w);
            if stacked {
                row += 1;
            } else {
                c = end + 1;
            }
        }
        self.extras(cv, r, Extras::HeaderRow);
        if stacked {
            row
        } else {
            r + 1
        }
    }

    /// ふりがな, CM開始日, CM終了日, 終了理由: labelled cells where the layout puts them (`place`:
    /// the caller's spot, right of the header row at `r`, below the form from `r`, or beside the
    /// first rows). Returns the row after them.
    fn extras(&mut self, cv: &mut Canvas, r: u32, place: Extras) -> u32 {
        if self.k.extras != place || (self.k.header == Header::FirstOnly && self.extras_done) {
            return r;
        }
        self.extras_done = true;
        let kana = self.c("ふりがな");
        let start = Some(self.c("CM開始日")).filter(|s| !s.is_empty()).map(iso);
        let end = Some(self.c("CM終了日")).filter(|s| !s.is_empty()).map(iso);
        let reason = self.c("終了理由");
        match place {
            Extras::HeaderRow => {
                let mut c = self.text_field(cv, r, EXTRA_COL, &KANA, kana, 2) + 1;
                c = self.date_field(cv, r, c, &CM_START, start) + 1;
                c = self.date_field(cv, r, c, &CM_END, end) + 1;
                self.text_field(cv, r, c, &END_REASON, reason, 4);
                r
            }
            Extras::Bottom | Extras::Column => {
                let (r0, c0) = match place {
                    Extras::Bottom => (self.gap(r) + 1, 0),
                    _ => (0, EXTRA_COL),
                };
                self.text_field(cv, r0, c0, &KANA, kana, 2);
                self.date_field(cv, r0 + 1, c0, &CM_START, start);
                self.date_field(cv, r0 + 2, c0, &CM_END, end);
                self.text_field(cv, r0 + 3, c0, &END_REASON, reason, 4);
                r0 + 4
            }
        }
    }

    fn questionnaire(&mut self, cv: &mut Canvas, q: Option<&Rec>) {
        let get = |key: &str| q.map_or("", |q| q[key].as_str());
        let mut r = self.title(cv, Form::Questionnaire);
        self.extras(cv, r, Extras::Column);
        r = self.header(cv, r, Form::Questionnaire);
        let date = Some(get("記入日")).filter(|s| !s.is_empty()).map(iso);
        let c = self.date_field(cv, r, 0, &Q_DATE, date);
        self.text_field(cv, r, c + 1, &Q_NAME, self.c("本人氏名"), 3);
        r = self.gap(r + 1);
        let label = self.heading(&Q_WISHES);
        r = self.block(
            cv,
            r,
            0,
            label,
            None,
            get("生活上の希望または困っていること"),
            12,
        );
        r = self.gap(r);
        let note = self.width(Q_INSTRUCTION);
        cv.text(r, 0, 1, 12, note);
        r += 1;
        let sp = self.sp();
        let (code_c, ans_c) = match self.k.answer_side {
            ASide::Right => (0, 8 + sp),
            ASide::Left => (4 + sp, 0),
        };
        let mut order: Vec<usize> = vec![0, 1, 2, 3];
        if self.k.answer_heads == AHeads::Shuffled {
            while order == [0, 1, 2, 3] {
                self.rng.shuffle(&mut order);
            }
        }
        if self.k.answer_heads != AHeads::Off {
            for (i, &a) in order.iter().enumerate() {
                let (_, full, short) = ANSWERS[a];
                let t = match self.k.answer_heads {
                    AHeads::Short => short.to_string(),
                    AHeads::Vertical => full
                        .chars()
                        .map(String::from)
                        .collect::<Vec<_>>()
                        .join("\n"),
                    _ => full.to_string(),
                };
                cv.s(r, ans_c + i as u32, t);
            }
            r += 1;
        }
        let mark = match self.k.answer_mark {
            AMark::Maru => "〇",
            AMark::WhiteCircle => "○",
            AMark::LargeCircle => "◯",
            AMark::Dot => "●",
            AMark::Check => "✓",
            AMark::Heavy => "✔",
            AMark::One | AMark::OneNumber => "1",
        };
        let joined = self.k.item_cells == ItemCells::Joined;
        let rows: Vec<(String, String, bool)> = ITEMS
            .iter()
            .map(|(id, t)| (id.to_string(), t.to_string(), false))
            .chain(
                ["O1", "O2"]
                    .iter()
                    .map(|id| (id.to_string(), String::new(), true)),
            )
            .collect();
        let mut group = 'A';
        for (id, item_text, other) in rows {
            let g = id.chars().next().expect("a code");
            if g != group {
                group = g;
                if self.k.gaps == Gaps::On {
                    r += 1;
                }
            }
            if other {
                let n = &id[1..];
                let content = get(&format!("{id}内容"));
                match self.k.other_text {
                    OText::ThreeCells => {
                        let open = format!("その他 {n} （");
                        if joined {
                            cv.text(r, code_c, 1, 3, format!("{id} {open}"));
                        } else {
                            cv.s(r, code_c, id.clone());
                            cv.text(r, code_c + 1, 1, 2, open);
                        }
                        cv.text(r, code_c + 3, 1, 3, content);
                        cv.text(r, code_c + 6, 1, 2, "）で悩んでいる・困っている");
                    }
                    OText::OneCell => {
                        let inner = if content.is_empty() {
                            "　　　　"
                        } else {
                            content
                        };
                        let t = format!("その他 {n} （ {inner} ）で悩んでいる・困っている");
                        if joined {
                            cv.text(r, code_c, 1, 8, format!("{id} {t}"));
                        } else {
                            cv.s(r, code_c, id.clone());
                            cv.text(r, code_c + 1, 1, 7, t);
                        }
                    }
                }
            } else if joined {
                cv.text(r, code_c, 1, 8, format!("{id} {item_text}"));
            } else {
                cv.s(r, code_c, id.clone());
                cv.text(r, code_c + 1, 1, 7, item_text);
            }
            let answer = get(&id);
            for (i, &a) in order.iter().enumerate() {
                if ANSWERS[a].0 == answer {
                    let v = match self.k.answer_mark {
                        AMark::OneNumber => V::N(1.0),
                        _ => V::s(mark),
                    };
                    cv.put(r, ans_c + i as u32, v);
                }
            }
            r += 1;
        }
        self.extras(cv, r, Extras::Bottom);
    }

    fn plan(&mut self, cv: &mut Canvas, v: Option<&PlanData>) {
        let p = v.map(|v| &v.plan);
        let get = |key: &str| p.map_or("", |p| p[key].as_str());
        let date = |key: &str| p.map(|p| iso(&p[key]));
        let mut r = self.title(cv, Form::Plan);
        self.extras(cv, r, Extras::Column);
        r = self.header(cv, r, Form::Plan);
        let mut c = self.date_field(cv, r, 0, &P_CREATED, date("作成日"));
        c = self.date_field(cv, r, c + 1, &P_REVIEW_DUE, date("次回見直し予定時期"));
        c = self.text_field(cv, r, c + 1, &NAME, self.c("本人氏名"), 2);
        c = self.text_field(cv, r, c + 1, &MANAGER, self.c("マネジメント担当者"), 2);
        if self.k.plan_no_at == PlanNoAt::Top {
            self.plan_no_field(cv, r, c + 1, get("作成番号"));
        }
        r = self.gap(r + 1);
        let goal = self.heading(&P_LONG_GOAL);
        let (label, note) = match self.k.goal_note {
            GoalNote::InLabel => (format!("{goal}{}", self.width(P_LONG_GOAL_NOTE)), None),
            GoalNote::OwnCell => (goal, Some(self.width(P_LONG_GOAL_NOTE))),
            GoalNote::Omitted => (goal, None),
        };
        r = self.block(cv, r, 0, label, note, get("私の長期目標"), 12);
        let label = self.heading(&P_SHORT_GOAL);
        r = self.block(cv, r, 0, label, None, get("短期目標"), 12);
        r = self.gap(r);
        r = self.monitoring(cv, r, v.map_or(&[][..], |v| &v.monitoring[..]));
        r = self.gap(r);
        r = self.participants(cv, r, p);
        r = self.gap(r);
        r = self.needs(cv, r, v.map_or(&[][..], |v| &v.needs[..]));
        let foot = self.width(P_FOOTNOTE);
        cv.text(r, 0, 1, 12, foot);
        r += 1;
        if self.k.plan_no_at == PlanNoAt::Bottom {
            self.plan_no_field(cv, r, 8, get("作成番号"));
        }
        self.extras(cv, r + 1, Extras::Bottom);
    }

    fn monitoring(&mut self, cv: &mut Canvas, mut r: u32, ms: &[Rec]) -> u32 {
        let t = self.heading(&P_MONITORING);
        cv.s(r, 0, t);
        r += 1;
        let sp = self.sp();
        let kind_c = 3 + sp;
        let set_c = kind_c + 2 + sp;
        let notes_c = set_c + 2 + sp;
        let goal_c = notes_c + 5 + sp;
        for (l, c, w) in [
            (&M_DATE_TIMING, 0, 3),
            (&M_KIND, kind_c, 2),
            (&M_SETTING, set_c, 2),
            (&M_NOTES, notes_c, 5),
            (&M_GOAL_MET, goal_c, 1),
        ] {
            let t = self.heading(l);
            cv.text(r, c, 1, w, t);
        }
        r += 1;
        let compact = self.k.monitoring == Mon::Compact;
        let h = if compact { 1 } else { 5 };
        let blanks = match self.k.mon_blank {
            MonBlank::Off => 0,
            MonBlank::After => 1 + self.rng.below(2),
        };
        let entries: Vec<Option<&Rec>> = ms
            .iter()
            .map(Some)
            .chain((0..blanks).map(|_| None))
            .collect();
        for m in entries {
            let get = |key: &str| m.map_or("", |m| m[key].as_str());
            let date = Some(get("実施日")).filter(|s| !s.is_empty()).map(iso);
            let dv = date.map(|d| match self.k.dates {
                Dates::Split | Dates::SplitEra => V::S(wareki(d)),
                _ => self.date_value(d),
            });
            cv.area(r, 0, h, 1, dv);
            let timing = get("評価時期");
            let months = self.digits(get("評価時期ヵ月"));
            let blank_months = |chosen: bool| {
                if chosen && !months.is_empty() {
                    format!(" {months} ")
                } else {
                    "　　".to_string()
                }
            };
            let opts: Vec<(bool, String)> = vec![
                (timing == "入院中", "入院中".into()),
                (timing == "退院直後", "退院直後".into()),
                (
                    timing == "退院ヵ月後",
                    format!("退院{}ヵ月後", blank_months(timing == "退院ヵ月後")),
                ),
                (timing == "CM導入時", "CM導入時".into()),
                (
                    timing == "CMヵ月後",
                    format!("CM{}ヵ月後", blank_months(timing == "CMヵ月後")),
                ),
            ];
            self.options(cv, r, 1, &opts, true, h, 2, true, "　");
            let kind = get("更新/モニタリング");
            let other = |t: &str| format!("その他（{}）", if t.is_empty() { "　　　" } else { t });
            let opts: Vec<(bool, String)> = vec![
                (kind == "作成/更新", "作成/更新".into()),
                (kind == "微修正", "微修正".into()),
                (kind == "モニタリング", "モニタリング（内容の確認）".into()),
                (kind == "その他", other(get("更新/モニタリングその他"))),
            ];
            self.options(cv, r, kind_c, &opts, true, h, 2, true, "　");
            let setting = get("セッティング");
            let opts: Vec<(bool, String)> = vec![
                (setting == "個別面接", "個別面接".into()),
                (setting == "ケア会議等", "ケア会議等".into()),
                (setting == "その他", other(get("セッティングその他"))),
            ];
            self.options(cv, r, set_c, &opts, true, h, 2, true, "　");
            let notes = get("具体的内容");
            let lines = if compact {
                vec![notes.to_string()]
            } else {
                self.lines_of(notes, 5)
            };
            if lines.len() > 1 {
                for (i, l) in lines.iter().enumerate() {
                    cv.text(r + i as u32, notes_c, 1, 5, l.clone());
                }
            } else {
                let v = self.pad(notes);
                cv.text(r, notes_c, h, 5, v);
            }
            cv.text(r, goal_c, h, 1, get("短期目標の達成"));
            r += h;
        }
        r
    }

    fn participants(&mut self, cv: &mut Canvas, mut r: u32, p: Option<&Rec>) -> u32 {
        let get = |key: &str| p.map_or("", |p| p[key].as_str());
        let t = self.heading(&P_PARTICIPANTS);
        cv.s(r, 0, t);
        r += 1;
        let count = |s: &str| -> (bool, String) {
            let ticked = s.parse::<u32>().is_ok_and(|n| n > 0);
            let shown = if s.is_empty() {
                "　".to_string()
            } else {
                format!(" {} ", self.digits(s))
            };
            (ticked, shown)
        };
        let counted = |word: &str, key: &str| {
            let (t, n) = count(get(key));
            (t, format!("{word}（{BLANK}{n}{BLANK}名）"))
        };
        let other_text = get("参加者 その他内容");
        let (other_ticked, other_n) = count(get("参加者 その他"));
        let first: Vec<(bool, String)> = vec![
            (get("参加者 本人") == "有", "本人".into()),
            counted("家族", "参加者 家族"),
            counted("同僚・上司", "参加者 同僚・上司"),
            counted("友人", "参加者 友人"),
            (get("参加者 主治医") == "有", "主治医".into()),
        ];
        let second: Vec<(bool, String)> = vec![
            counted("当該医療機関職員", "参加者 当該医療機関職員"),
            counted("地域援助事業者", "参加者 地域援助事業者"),
            counted("行政機関の職員", "参加者 行政機関の職員"),
            (
                other_ticked,
                format!(
                    "その他（{}）（{BLANK}{other_n}{BLANK}名）",
                    if other_text.is_empty() {
                        "　　　"
                    } else {
                        other_text
                    }
                ),
            ),
        ];
        for opts in [first, second] {
            match self.k.participants {
                Parts::CellPerOption => {
                    self.options(cv, r, 1, &opts, false, 1, 3, false, "　");
                }
                Parts::RowCell => {
                    let saved = self.k.marks;
                    self.k.marks = Marks::OneCell;
                    self.options(cv, r, 1, &opts, false, 1, 2, false, "　");
                    self.k.marks = saved;
                }
            }
            r += 1;
        }
        let note = self.width(P_CM_NOTE);
        cv.text(r, 0, 1, 4, note);
        r + 1
    }

    fn needs(&mut self, cv: &mut Canvas, mut r: u32, needs: &[Rec]) -> u32 {
        let t = self.heading(&P_NEEDS);
        cv.s(r, 0, t);
        r += 1;
        let sp = self.sp();
        let need_c = 1 + sp;
        let self_c = need_c + 2 + sp;
        let sa_c = self_c + 2 + sp;
        let sup_c = sa_c + 2 + sp;
        let eval_c = sup_c + 2 + sp;
        let dom_c = eval_c + 1 + sp;
        let (h1, h2) = (r, r + 1);
        let t = self.heading(&N_NO);
        cv.text(h1, 0, 2, 1, t);
        let t = self.heading(&N_NEED);
        cv.text(h1, need_c, 2, 2, t);
        let t = self.width(N_MEASURES);
        cv.text(h1, self_c, 1, sup_c + 2 - self_c, t);
        for (l, c) in [
            (&N_SELF, self_c),
            (&N_SUPPORTER_ACTION, sa_c),
            (&N_SUPPORTER, sup_c),
        ] {
            let t = self.heading(l);
            cv.text(h2, c, 1, 2, t);
        }
        let t = self.heading(&N_EVALUATION);
        cv.text(h1, eval_c, 2, 1, t);
        let t = self.heading(&N_DOMAIN);
        cv.text(h1, dom_c, 2, 1, t);
        r = h2 + 1;
        // The rows' order numbers them when every No is its row's number.
        let in_order = needs
            .iter()
            .enumerate()
            .all(|(i, n)| n["No"] == (i + 1).to_string());
        for n in needs {
            let no = &n["No"];
            let v = match (no.parse::<f64>(), self.k.digits) {
                _ if self.k.need_no == NeedNo::Blank && in_order => None,
                (Ok(x), Digits::Half) => Some(V::N(x)),
                _ => Some(V::S(self.digits(no))),
            };
            cv.area(r, 0, 1, 1, v);
            cv.text(r, need_c, 1, 2, self.pad(&n["ニーズ/課題"]));
            cv.text(r, self_c, 1, 2, self.pad(&n["何を（本人）"]));
            cv.text(r, sa_c, 1, 2, self.pad(&n["何を（支援者）"]));
            cv.text(r, sup_c, 1, 2, self.pad(&n["支援者"]));
            let e = n["評価"].as_str();
            let e = match self.k.evaluations {
                Evals::Canonical => e.to_string(),
                Evals::Variant => self.rng.pick(evaluation_variants(e)).to_string(),
            };
            cv.text(r, eval_c, 1, 1, e);
            let d = n["領域"].as_str();
            let d = if self.k.digits == Digits::Full {
                full_width(d)
            } else {
                d.to_string()
            };
            cv.text(r, dom_c, 1, 1, d);
            r += 1;
        }
        if self.k.need_rows == NeedRows::Printed {
            let last = needs
                .iter()
                .filter_map(|n| n["No"].parse::<u32>().ok())
                .max()
                .unwrap_or(0);
            for no in last + 1..=4.max(last + 1) {
                cv.area(r, 0, 1, 1, Some(V::N(no as f64)));
                r += 1;
            }
            r += 1; // the paper's unnumbered blank row
        }
        r
    }

    fn subtool(&mut self, cv: &mut Canvas, v: &PlanData, own_no: bool) {
        let mut r = self.title(cv, Form::Subtool);
        self.extras(cv, r, Extras::Column);
        r = self.header(cv, r, Form::Subtool);
        if own_no {
            self.plan_no_field(cv, r, 8, &v.plan["作成番号"]);
            r += 1;
        }
        r = self.gap(r);
        let t = self.heading(&S_SUPPORTERS);
        cv.text(r, 0, 1, 6, t);
        r += 1;
        r = self.supporters(cv, r, &v.supporters);
        r = self.gap(r);
        let s = v.subtool.as_ref();
        let get = |key: &str| s.map_or("", |s| s[key].as_str());
        // 主な支援場所と頻度
        let places: Vec<&str> = get("主な支援場所")
            .split('、')
            .filter(|p| !p.is_empty())
            .collect();
        let places_text = get("主な支援場所その他");
        let same_row = self.k.frequency == Freq::SameRow;
        let rows = if same_row { 3 } else { 4 };
        let t = self.heading(&S_PLACES_FREQ);
        cv.text(r, 0, rows, 2, t);
        let t = self.field_label(&S_PLACES, false);
        cv.text(r, 2, 1, 2, t);
        let opts: Vec<(bool, String)> = ["自宅訪問", "職場・学校等の活動場訪問", "医療機関"]
            .iter()
            .map(|p| (places.contains(p), p.to_string()))
            .collect();
        self.options(cv, r, 4, &opts, false, 1, 3, false, "　");
        let other = (
            places.contains(&"その他"),
            format!(
                "その他（{}）",
                if places_text.is_empty() {
                    "　　　"
                } else {
                    places_text
                }
            ),
        );
        self.options(cv, r + 1, 4, &[other], false, 1, 5, false, "　");
        let freq = |f: &str, digits: &dyn Fn(&str) -> String| -> Vec<(bool, String)> {
            let (unit, n) = match f.chars().next() {
                Some(u @ ('週' | '月')) => {
                    (u, f[u.len_utf8()..].trim_end_matches('回').to_string())
                }
                _ => (' ', String::new()),
            };
            ['週', '月']
                .iter()
                .map(|&u| {
                    let chosen = u == unit;
                    let shown = if chosen {
                        format!(" {} ", digits(&n))
                    } else {
                        "　　".to_string()
                    };
                    (chosen, format!("{u}{BLANK}{shown}{BLANK}回"))
                })
                .collect()
        };
        let digits_k = self.k.digits;
        let dig = move |s: &str| {
            if digits_k == Digits::Full {
                full_digits(s)
            } else {
                s.to_string()
            }
        };
        let f1 = freq(get("支援頻度"), &dig);
        let f2 = freq(get("訪問支援の頻度"), &dig);
        let t = self.field_label(&S_FREQUENCY, false);
        cv.text(r + 2, 2, 1, 2, t);
        let used = self.options(cv, r + 2, 4, &f1, false, 1, 3, true, "　or　");
        let (vr, vc) = if same_row {
            (r + 2, 5 + used)
        } else {
            (r + 3, 2)
        };
        let t = self.field_label(&S_VISIT_FREQUENCY, false);
        cv.text(vr, vc, 1, 2, t);
        self.options(cv, vr, vc + 2, &f2, false, 1, 3, true, "　or　");
        r = self.gap(r + rows);
        // 支援を受けることが難しくなった場合
        let wishes = get("支援者にしてほしいこと/してもよいこと");
        let below = self.k.blocks == Blocks::Below;
        let lines = if below {
            self.lines_of(wishes, 4)
        } else {
            vec![wishes.to_string()]
        };
        let value_rows = if below { lines.len() as u32 } else { 0 };
        let t = self.heading(&S_WHEN_HARD);
        cv.text(r, 0, 3 + value_rows, 2, t);
        let t = self.field_label(&S_WISHES, false);
        if below {
            cv.text(r, 2, 1, 10, t);
            for (i, l) in lines.iter().enumerate() {
                cv.text(r + 1 + i as u32, 2, 1, 10, l.clone());
            }
        } else {
            cv.text(r, 2, 1, 4, t);
            let v = self.pad(wishes);
            cv.text(r, 6, 1, 6, v);
        }
        r += 1 + value_rows;
        for (i, l) in S_CONTACT.iter().enumerate() {
            let n = i + 1;
            let t = self.field_label(l, false);
            cv.text(r, 2, 1, 2, t);
            let v = self.pad(get(&format!("連絡してもよい人{n}")));
            cv.text(r, 4, 1, 3, v);
            let t = self.field_label(&S_TEL, false);
            cv.s(r, 7, t);
            let v = self.pad(get(&format!("連絡先{n}")));
            cv.text(r, 8, 1, 4, v);
            r += 1;
        }
        r = self.gap(r);
        // その他のサービス
        let sp = self.sp();
        let (agency_c, detail_c) = (6 + sp, 9 + 2 * sp);
        let t = self.heading(&S_SERVICES);
        cv.text(r, 0, 1, 6, t);
        let t = self.heading(&S_AGENCY);
        cv.text(r, agency_c, 1, 3, t);
        let t = self.heading(&S_DETAIL);
        cv.text(r, detail_c, 1, 3, t);
        r += 1;
        for (l, key) in
            S_SERVICE_ROWS
                .iter()
                .zip(["相談支援", "学校/職場での支援", "その他のサービス"])
        {
            let t = self.heading(l);
            cv.text(r, 0, 1, 2, t);
            let has = get(key);
            let opts = vec![
                (has == "有", "有".to_string()),
                (has == "無", "無".to_string()),
            ];
            self.options(cv, r, 2, &opts, false, 1, 2, true, "　");
            let v = self.pad(get(&format!("{key}機関")));
            cv.text(r, agency_c, 1, 3, v);
            let v = self.pad(get(&format!("{key}内容")));
            cv.text(r, detail_c, 1, 3, v);
            r += 1;
        }
        self.extras(cv, r, Extras::Bottom);
    }

    /// 頼りにしている人 in the layout's shape, and the legend. Returns the row after them.
    fn supporters(&mut self, cv: &mut Canvas, mut r: u32, sups: &[Rec]) -> u32 {
        // リ/ヌ texts the legend can carry: one text shared by every supporter of the kana.
        let legend_text = |kana: char| -> Option<String> {
            let of: Vec<&Rec> = sups
                .iter()
                .filter(|s| s["関係性"].starts_with(kana))
                .collect();
            let first = of.first()?["関係性補足"].clone();
            (!first.is_empty() && of.iter().all(|s| s["関係性補足"] == first)).then_some(first)
        };
        let (rel_knob, text_knob) = (self.k.relation, self.k.relation_text);
        let in_legend = |kana: char| text_knob == RelText::Legend && legend_text(kana).is_some();
        let relation = |s: &Rec| -> String {
            let label = s["関係性"].as_str();
            let (kana, word) = label.split_once('：').unwrap_or((label, label));
            let joined = format!("{kana}{word}");
            let base = match rel_knob {
                Rel::NoColon => joined.as_str(),
                Rel::Both => label,
                Rel::Kana => kana,
                Rel::Word => word,
            };
            let text = s["関係性補足"].as_str();
            let k = kana.chars().next().unwrap_or(' ');
            if text.is_empty() || in_legend(k) {
                base.to_string()
            } else {
                format!("{base}（{text}）")
            }
        };
        let shown: Vec<(String, String)> = sups
            .iter()
            .map(|s| (s["氏名"].clone(), relation(s)))
            .collect();
        match self.k.supporters {
            Sups::HeadedSlots => {
                for k in 0..3 {
                    let t = self.heading(&S_NAME);
                    cv.text(r, k * 4, 1, 2, t);
                    let t = self.heading(&S_RELATION);
                    cv.text(r, k * 4 + 2, 1, 2, t);
                }
                r += 1;
                let rows = shown.len().div_ceil(3).max(1);
                for row in 0..rows {
                    for k in 0..3u32 {
                        if let Some((name, rel)) = shown.get(row * 3 + k as usize) {
                            let v = self.pad(name);
                            cv.text(r, k * 4, 1, 2, v);
                            cv.text(r, k * 4 + 2, 1, 2, rel.clone());
                        } else {
                            cv.area(r, k * 4, 1, 2, None);
                            cv.area(r, k * 4 + 2, 1, 2, None);
                        }
                    }
                    r += 1;
                }
            }
            Sups::SeedSlots => {
                let rows = shown.len().div_ceil(3).max(1);
                for row in 0..rows {
                    for k in 0..3u32 {
                        let t = self.heading(&S_NAME);
                        cv.s(r, k * 4, t);
                        let (name, rel) =
                            shown.get(row * 3 + k as usize).cloned().unwrap_or_default();
                        cv.text(r, k * 4 + 1, 1, 2, name);
                        let inner = if rel.is_empty() {
                            "　".to_string()
                        } else {
                            format!(" {rel} ")
                        };
                        let t = self.width("関係性（");
                        let close = self.width("）");
                        cv.s(r, k * 4 + 3, format!("{t}{inner}{close}"));
                    }
                    r += 1;
                }
            }
            Sups::Vertical => {
                let t = self.heading(&S_NAME);
                cv.text(r, 0, 1, 3, t);
                let t = self.width("関係性");
                cv.text(r, 3, 1, 4, t);
                r += 1;
                for (name, rel) in &shown {
                    let v = self.pad(name);
                    cv.text(r, 0, 1, 3, v);
                    cv.text(r, 3, 1, 4, rel.clone());
                    r += 1;
                }
            }
        }
        let blank = |t: Option<String>| t.map_or("　　　".to_string(), |t| format!(" {t} "));
        let ri = blank(if in_legend('リ') {
            legend_text('リ')
        } else {
            None
        });
        let nu = blank(if in_legend('ヌ') {
            legend_text('ヌ')
        } else {
            None
        });
        let legend = format!(
            "{}\n{}　{}（{ri}）　{}（{nu}）",
            RELATIONS[..6].join("　"),
            RELATIONS[6..8].join("　"),
            RELATIONS[8],
            RELATIONS[9]
        );
        let t = self.heading(&S_LEGEND);
        cv.text(r, 0, 1, 2, t);
        cv.text(r, 2, 2, 10, legend);
        r + 2
    }

    fn crisis(&mut self, cv: &mut Canvas, c: Option<&CrisisData>, labelled_date: bool) {
        let mut r = self.title(cv, Form::Crisis);
        self.extras(cv, r, Extras::Column);
        r = self.header(cv, r, Form::Crisis);
        if labelled_date {
            self.date_field(cv, r, 0, &P_CREATED, c.map(|c| c.created));
            r += 1;
        }
        r = self.gap(r);
        let t = self.heading(&C_SUPPORTERS);
        cv.text(r, 0, 1, 8, t);
        r += 1;
        let sp = self.sp();
        let cols = [
            (0, &C_SUPPORTER_NAME),
            (4 + sp, &C_SUPPORTER_CONTACT),
            (8 + 2 * sp, &C_SUPPORTER_ROLE),
        ];
        for (col, l) in cols {
            let t = self.heading(l);
            cv.text(r, col, 1, 4, t);
        }
        r += 1;
        let sups = c.map_or(&[][..], |c| &c.supporters[..]);
        for s in sups {
            for ((col, _), key) in cols.iter().zip(["名前・機関", "連絡先", "関係・役割"])
            {
                let v = self.pad(&s[key]);
                cv.text(r, *col, 1, 4, v);
            }
            r += 1;
        }
        if self.k.crisis_blank == CBlank::Printed {
            for _ in sups.len()..5.max(sups.len() + 1) {
                for (col, _) in cols {
                    cv.area(r, col, 1, 4, None);
                }
                r += 1;
            }
        }
        for (title, pair) in [(&C_SIGNS, [0, 1]), (&C_ACTIONS, [2, 3])] {
            r = self.gap(r);
            let t = self.heading(title);
            cv.text(r, 0, 1, 8, t);
            r += 1;
            let items: Vec<Vec<String>> = pair
                .iter()
                .map(|&i| {
                    c.map_or(Vec::new(), |c| {
                        c.items
                            .iter()
                            .filter(|it| it["区分"] == C_SECTION_CODES[i])
                            .map(|it| it["内容"].clone())
                            .collect()
                    })
                })
                .collect();
            let cells: Vec<Vec<String>> = items.iter().map(|xs| self.bullet_cells(xs)).collect();
            let printed = self.k.crisis_blank == CBlank::Printed;
            let rows_of = |n: usize| if printed { n.max(5) } else { n };
            match self.k.crisis_sections {
                CSections::SideBySide => {
                    let right_c = 6 + sp;
                    for (k, &i) in pair.iter().enumerate() {
                        let t = self.heading(&C_SECTIONS[i]);
                        cv.text(r, if k == 0 { 0 } else { right_c }, 1, 6, t);
                    }
                    r += 1;
                    let n = rows_of(cells[0].len().max(cells[1].len()));
                    for row in 0..n {
                        for (k, col) in [0, right_c].iter().enumerate() {
                            let t = cells[k].get(row).cloned().unwrap_or_else(|| {
                                if printed {
                                    "・".into()
                                } else {
                                    String::new()
                                }
                            });
                            cv.text(r, *col, 1, 6, t);
                        }
                        r += 1;
                    }
                }
                CSections::Stacked => {
                    for (k, &i) in pair.iter().enumerate() {
                        let t = self.heading(&C_SECTIONS[i]);
                        cv.text(r, 0, 1, 8, t);
                        r += 1;
                        for row in 0..rows_of(cells[k].len()) {
                            let t = cells[k].get(row).cloned().unwrap_or_else(|| {
                                if printed {
                                    "・".into()
                                } else {
                                    String::new()
                                }
                            });
                            cv.text(r, 0, 1, 8, t);
                            r += 1;
                        }
                    }
                }
            }
        }
        self.extras(cv, r, Extras::Bottom);
    }

    /// The cells of one crisis-plan section: one item a cell (with 「・」 or not), or all in one
    /// cell of 「・」 lines.
    fn bullet_cells(&self, items: &[String]) -> Vec<String> {
        match self.k.bullets {
            Bullets::CellEach => items.to_vec(),
            Bullets::OneCell if items.len() >= 2 && items.iter().all(|i| !i.contains('\n')) => {
                vec![items
                    .iter()
                    .map(|i| format!("・{i}"))
                    .collect::<Vec<_>>()
                    .join("\n")]
            }
            _ => items.iter().map(|i| format!("・{i}")).collect(),
        }
    }

    /// The book's sheets in order, named.
    fn sheets(&mut self) -> Vec<(String, Canvas)> {
        let case = self.case;
        let mut parts: Vec<Part> = Vec::new();
        if self.k.other_sheets == Others::Notes {
            parts.push(Part::Notes);
        }
        let blanks = self.k.blank_sheets == Blanks::Printed;
        if case.questionnaires.is_empty() && blanks {
            parts.push(Part::Questionnaire(None));
        }
        parts.extend((0..case.questionnaires.len()).map(|i| Part::Questionnaire(Some(i))));
        parts.extend((0..case.plans.len()).map(|i| Part::Plan(Some(i))));
        if blanks {
            parts.push(Part::Plan(None));
        }
        parts.extend(
            case.plans
                .iter()
                .enumerate()
                .filter(|(_, p)| p.subtool.is_some() || !p.supporters.is_empty())
                .map(|(i, _)| Part::Subtool(i)),
        );
        if case.crises.is_empty() && blanks {
            parts.push(Part::Crisis(None));
        }
        parts.extend((0..case.crises.len()).map(|i| Part::Crisis(Some(i))));
        if self.k.other_sheets == Others::Notes {
            parts.push(Part::Memo);
        }
        if self.k.sheet_order == Order::Shuffled {
            self.rng.shuffle(&mut parts);
        }
        let latest = case.plans.len().checked_sub(1);
        let latest_named = self.k.subtool_link == Link::Latest
            && case
                .plans
                .last()
                .is_some_and(|p| p.subtool.is_some() || !p.supporters.is_empty());
        let mut count: BTreeMap<u32, usize> = BTreeMap::new();
        let mut names: BTreeSet<String> = BTreeSet::new();
        let mut out = Vec::new();
        for part in parts {
            let mut cv = Canvas::new(self.k.merges == Merges::Merged);
            let form = match part {
                Part::Questionnaire(_) => Some(Form::Questionnaire),
                Part::Plan(_) => Some(Form::Plan),
                Part::Subtool(_) => Some(Form::Subtool),
                Part::Crisis(_) => Some(Form::Crisis),
                Part::Notes | Part::Memo => None,
            };
            // Excel refuses 「:」 in a sheet name: what the office types there is 「：」.
            let base = form.map(|f| {
                self.width(&f.sheet_name(self.k.sheet_names))
                    .replace(':', "：")
            });
            let nth = form.map(|f| {
                let n = count.entry(f.number()).or_default();
                *n += 1;
                *n
            });
            let copy = |base: &str, n: usize, version: bool| match n {
                1 => base.to_string(),
                n if version => format!("{base}（第{n}版）"),
                n => format!("{base} ({n})"),
            };
            let version = self.k.copies == Copies::Version;
            let name = match part {
                Part::Notes => "説明".to_string(),
                Part::Memo => "メモ".to_string(),
                Part::Questionnaire(q) => {
                    self.questionnaire(&mut cv, q.map(|i| &case.questionnaires[i]));
                    copy(
                        base.as_deref().unwrap_or_default(),
                        nth.unwrap_or(1),
                        version,
                    )
                }
                Part::Plan(p) => {
                    self.plan(&mut cv, p.map(|i| &case.plans[i]));
                    copy(
                        base.as_deref().unwrap_or_default(),
                        nth.unwrap_or(1),
                        version,
                    )
                }
                Part::Subtool(i) => {
                    let v = &case.plans[i];
                    let link = match self.k.subtool_link {
                        Link::Latest if Some(i) != latest => Link::PlanNo,
                        Link::SheetName if self.k.sheet_names == Names::Office => Link::PlanNo,
                        l => l,
                    };
                    self.subtool(&mut cv, v, link == Link::PlanNo);
                    let base = base.unwrap_or_default();
                    match link {
                        Link::SheetName => format!("{base}（第{}版）", v.plan["作成番号"]),
                        // The latest version's sheet carries no version in its name.
                        Link::Latest => base,
                        // The latest version's sheet may take the plain name: the others
                        // are copies.
                        Link::PlanNo if latest_named => {
                            format!("{base} ({})", nth.unwrap_or(1) + 1)
                        }
                        Link::PlanNo => copy(&base, nth.unwrap_or(1), version),
                    }
                }
                Part::Crisis(c) => {
                    let data = c.map(|i| &case.crises[i]);
                    let in_name = self.k.crisis_date == CDate::SheetName;
                    self.crisis(&mut cv, data, !in_name);
                    let base = base.unwrap_or_default();
                    match (in_name, data) {
                        (true, Some(d)) => match self.rng.below(3) {
                            0 => format!("{base}({})", d.created.format("%Y-%m-%d")),
                            1 => {
                                let (_, y) = era_year(d.created);
                                format!("{base} R{y}.{}.{}", d.created.month(), d.created.day())
                            }
                            _ => format!("{base}（{}）", wareki(d.created)),
                        },
                        _ => copy(&base, nth.unwrap_or(1), version),
                    }
                }
            };
            match part {
                Part::Notes => {
                    cv.s(0, 0, "このブックについて");
                    cv.s(2, 0, "事業所で使っている様式です。1人につき1ファイル。");
                    cv.s(3, 0, "シートをコピーして新しい版を作ります。");
                }
                Part::Memo => {
                    cv.s(0, 0, "事務所のメモ（読み込まれない）");
                    cv.s(1, 1, "次回の会議までに主治医に連絡");
                }
                _ => {}
            }
            assert!(
                names.insert(name.clone()),
                "generator: sheet name {name} twice"
            );
            out.push((name, cv));
        }
        out
    }
}

/// A layout: its number (the seed), the case, the knobs, and whether it goes to .ods.
#[derive(Clone)]
struct Layout {
    seed: u64,
    /// The seed of the generator's own choices (margins, gaps, shuffles): the layout's, or its
    /// parent's for a layout that reverts one knob of a failing one.
    rng_seed: u64,
    case: usize,
    knobs: Knobs,
    ods: bool,
    /// The knob value it stands for alone (single-knob layouts).
    single: Option<String>,
    /// For a layout that is a failing layout with one knob set back to plain: (its number, the
    /// knob value reverted).
    revert: Option<(u64, String)>,
}

impl Layout {
    fn id(&self, base: &Baseline) -> String {
        format!("{}-L{}", base.cases[self.case].id, self.seed)
    }
    fn file(&self, base: &Baseline) -> String {
        format!(
            "{}.{}",
            self.id(base),
            if self.ods { "ods" } else { "xlsx" }
        )
    }
    /// Every knob value it stands for, `format=ods` included.
    fn values(&self) -> Vec<String> {
        let mut v = self.knobs.values();
        if self.ods {
            v.push("format=ods".into());
        }
        v
    }
    fn describe(&self, base: &Baseline) -> String {
        let mut changed = self.knobs.changed();
        if self.ods {
            changed.push("format=ods".into());
        }
        let kind = match (&self.single, &self.revert) {
            (Some(k), _) if k == "plain" => "the plain layout".to_string(),
            (Some(k), _) => format!("single knob {k}"),
            (None, Some((parent, k))) => format!("layout {parent} with {k} set back to plain"),
            (None, None) if (500_000..600_000).contains(&self.seed) => {
                "the knobs asked for".to_string()
            }
            (None, None) => "random".to_string(),
        };
        format!(
            "layout {} ({kind}; case {}): {}",
            self.seed,
            base.cases[self.case].id,
            if changed.is_empty() {
                "all knobs plain".to_string()
            } else {
                changed.join(" ")
            }
        )
    }
}

/// Writes the layout's book to `path` (.xlsx).
fn write_book(base: &Baseline, layout: &Layout, path: &Path) -> Result<(), String> {
    let case = &base.cases[layout.case];
    let mut g = Gen {
        k: layout.knobs,
        rng: Rng::new(layout.rng_seed ^ 0x5EED_F0A1),
        case,
        id: layout.id(base),
        header_done: false,
        extras_done: false,
    };
    let sheets =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| g.sheets())).map_err(|e| {
            e.downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_else(|| "generator panicked".into())
        })?;
    let mut wb = Workbook::new();
    // A fixed creation date: the same layout gives the same bytes.
    let created =
        rust_xlsxwriter::ExcelDateTime::from_ymd(2024, 4, 1).map_err(|e| e.to_string())?;
    wb.set_properties(&rust_xlsxwriter::DocProperties::new().set_creation_datetime(&created));
    for (name, cv) in &sheets {
        let (r0, c0) = match layout.knobs.origin {
            Origin::Corner => (0, 0),
            Origin::Rows => (1 + g.rng.below(5) as u32, 0),
            Origin::Cols => (0, 1 + g.rng.below(4) as u32),
            Origin::Both => (1 + g.rng.below(5) as u32, 1 + g.rng.below(4) as u32),
        };
        let ws = wb.add_worksheet();
        ws.set_name(name)
            .map_err(|e| format!("sheet name {name}: {e}"))?;
        cv.write(ws, r0, c0)
            .map_err(|e| format!("sheet {name}: {e}"))?;
    }
    wb.save(path).map_err(|e| format!("save: {e}"))
}

// ---------------------------------------------------------------------------------------------
// Which layouts a run makes

fn env_flag(name: &str) -> bool {
    std::env::var(name).is_ok_and(|v| !v.is_empty() && v != "0")
}

/// KNOWN_GAPS and `CMSHEETS_LAYOUTS_GAPS`, each entry a list of knob values.
fn gaps() -> Vec<Vec<String>> {
    let extra = std::env::var("CMSHEETS_LAYOUTS_GAPS").unwrap_or_default();
    KNOWN_GAPS
        .iter()
        .map(|g| g.to_string())
        .chain(extra.split(',').map(|g| g.trim().to_string()))
        .filter(|g| !g.is_empty())
        .map(|g| g.split('+').map(|v| v.trim().to_string()).collect())
        .collect()
}

/// A single knob value that is a gap on its own.
fn is_gap(value: &str) -> bool {
    gaps().iter().any(|g| g.len() == 1 && g[0] == value)
}

/// Whether a layout with these knob values meets a gap, alone or in combination.
fn meets_gap(values: &[String]) -> bool {
    gaps().iter().any(|g| g.iter().all(|v| values.contains(v)))
}

fn layouts(base: &Baseline, random: usize, all: bool) -> Vec<Layout> {
    let n = base.cases.len();
    let allowed = |k: &Knobs| all || !meets_gap(&k.values());
    let mut out = Vec::new();
    for case in 0..n {
        out.push(Layout {
            seed: case as u64 + 1,
            rng_seed: case as u64 + 1,
            case,
            knobs: Knobs::plain(),
            ods: false,
            single: Some("plain".into()),
            revert: None,
        });
    }
    for (ki, (knob, values)) in Knobs::catalogue().into_iter().enumerate() {
        for (vi, value) in values.iter().enumerate().skip(1) {
            for rep in 0..SINGLE_REPEATS {
                let seed = 100 + (ki * 10 + vi) as u64 * SINGLE_REPEATS as u64 + rep as u64;
                let mut k = Knobs::plain();
                assert!(k.set(knob, value));
                k.normalise();
                if !allowed(&k) {
                    continue;
                }
                out.push(Layout {
                    seed,
                    rng_seed: seed,
                    case: (ki + vi + rep * (n / 2).max(1)) % n,
                    knobs: k,
                    ods: false,
                    single: Some(format!("{knob}={value}")),
                    revert: None,
                });
            }
        }
    }
    let draw = |seed: u64| -> Knobs {
        let mut rng = Rng::new(seed);
        let ok = |knob: &str, value: &str| all || !is_gap(&format!("{knob}={value}"));
        loop {
            let mut k = Knobs::random(&mut rng, &ok);
            k.normalise();
            if allowed(&k) {
                return k;
            }
        }
    };
    for i in 0..random {
        let seed = 10_000 + i as u64;
        out.push(Layout {
            seed,
            rng_seed: seed,
            case: Rng::new(seed ^ 0xCA5E).below(n),
            knobs: draw(seed),
            ods: false,
            single: None,
            revert: None,
        });
    }
    if all || !is_gap("format=ods") {
        for i in 0..ODS_LAYOUTS {
            let seed = 90_000 + i as u64;
            let mut knobs = Knobs::plain();
            for attempt in 0.. {
                if i > 0 {
                    knobs = draw(seed + attempt * 1_000);
                }
                let mut values = knobs.values();
                values.push("format=ods".into());
                if all || !meets_gap(&values) {
                    break;
                }
            }
            out.push(Layout {
                seed,
                rng_seed: seed,
                case: i % n,
                knobs,
                ods: true,
                single: None,
                revert: None,
            });
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Comparing

fn short(s: &str) -> String {
    let one_line = s.replace('\n', "⏎");
    if one_line.chars().count() > 48 {
        format!("{}…", one_line.chars().take(47).collect::<String>())
    } else {
        one_line
    }
}

/// The differences between the expected and the actual rows of one sheet for one case, field by
/// field where a row's key matches.
fn diff_sheet(
    sheet: &str,
    keys: &[&str],
    heads: &[String],
    exp: &[Vec<String>],
    act: &[Vec<String>],
) -> Vec<String> {
    let mut e = exp.to_vec();
    let mut a = act.to_vec();
    e.sort();
    a.sort();
    if e == a {
        return Vec::new();
    }
    let kidx: Vec<usize> = keys
        .iter()
        .filter_map(|k| heads.iter().position(|h| h == k))
        .collect();
    let key_of = |r: &Vec<String>| -> Vec<String> { kidx.iter().map(|&i| r[i].clone()).collect() };
    type Sides<'a> = (Vec<&'a Vec<String>>, Vec<&'a Vec<String>>);
    let mut groups: BTreeMap<Vec<String>, Sides> = BTreeMap::new();
    for r in &e {
        groups.entry(key_of(r)).or_default().0.push(r);
    }
    for r in &a {
        groups.entry(key_of(r)).or_default().1.push(r);
    }
    let row_text = |r: &Vec<String>| -> String {
        heads
            .iter()
            .zip(r)
            .skip(1)
            .filter(|(_, v)| !v.is_empty())
            .map(|(h, v)| format!("{h}={}", short(v)))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = Vec::new();
    for (key, (es, acts)) in groups {
        let k = kidx
            .iter()
            .zip(&key)
            .skip(1)
            .map(|(&i, v)| format!("{}={}", heads[i], short(v)))
            .collect::<Vec<_>>()
            .join(" ");
        let k = if k.is_empty() {
            String::new()
        } else {
            format!(" [{k}]")
        };
        // Rows read as they were are no difference.
        let mut es = es;
        let mut acts = acts;
        es.retain(|x| match acts.iter().position(|y| y == x) {
            Some(i) => {
                acts.remove(i);
                false
            }
            None => true,
        });
        let pairs = es.len().min(acts.len());
        for (x, y) in es.drain(..pairs).zip(acts.drain(..pairs)) {
            for (i, h) in heads.iter().enumerate() {
                if x[i] != y[i] {
                    out.push(format!(
                        "{sheet}{k} {h}: expected {:?}, read {:?}",
                        short(&x[i]),
                        short(&y[i])
                    ));
                }
            }
        }
        for x in es {
            out.push(format!("{sheet}{k}: row not read: {}", row_text(x)));
        }
        for y in acts {
            out.push(format!(
                "{sheet}{k}: row read that is not in the case: {}",
                row_text(y)
            ));
        }
    }
    out
}

/// What went wrong with one layout.
struct Failure {
    layout: Layout,
    diffs: Vec<String>,
    findings: Vec<String>,
}

// ---------------------------------------------------------------------------------------------
// LibreOffice

fn soffice() -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join("soffice"))
        .find(|p| p.is_file())
}

/// Starts LibreOffice converting `inputs` to .ods into `out`.
fn start_soffice(soffice: &Path, profile: &Path, inputs: &[PathBuf], out: &Path) -> Child {
    let mut cmd = Command::new(soffice);
    cmd.arg(format!(
        "-env:UserInstallation=file://{}",
        profile.display()
    ))
    .args([
        "--headless",
        "--norestore",
        "--convert-to",
        "ods",
        "--outdir",
    ])
    .arg(out)
    .args(inputs)
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    cmd.spawn().expect("soffice starts")
}

fn wait_with_timeout(mut child: Child, limit: Duration) -> Result<Output, String> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return child.wait_with_output().map_err(|e| e.to_string()),
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {limit:?}"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(e.to_string()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// A round: books written, read back, compared

/// What a round found.
struct Round {
    failures: Vec<Failure>,
    /// Rows read under a ケースID of no layout of the round.
    stray: Vec<String>,
    /// Findings of no layout of the round.
    unattributed: Vec<String>,
    /// The .ods layouts left out: no LibreOffice.
    ods_skipped: bool,
    times: String,
}

/// Writes the books of `layouts` into `dir`/books (the .ods through LibreOffice), reads them back
/// with one `convert --csv` and one `check`, and compares each with its case's records.
fn run_round(base: &Baseline, layouts: &mut Vec<Layout>, dir: &Path) -> Round {
    let books = dir.join("books");
    std::fs::create_dir_all(&books).unwrap();
    let mut generation_errors: BTreeMap<u64, String> = BTreeMap::new();
    // The .ods layouts: written as .xlsx elsewhere, converted by LibreOffice while the rest is
    // generated.
    let mut soffice_run = None;
    let mut ods_skipped = false;
    if layouts.iter().any(|l| l.ods) {
        match soffice() {
            None if env_flag("CI") => {
                panic!("soffice (LibreOffice) is not on PATH: the .ods layouts need it under CI")
            }
            None => {
                eprintln!("formbook_layouts: soffice is not on PATH, the .ods layouts are skipped");
                ods_skipped = true;
                layouts.retain(|l| !l.ods);
            }
            Some(exe) => {
                let src = dir.join("ods-src");
                std::fs::create_dir_all(&src).unwrap();
                let mut inputs = Vec::new();
                for l in layouts.iter().filter(|l| l.ods) {
                    let p = src.join(format!("{}.xlsx", l.id(base)));
                    match write_book(base, l, &p) {
                        Ok(()) => inputs.push(p),
                        Err(e) => {
                            generation_errors.insert(l.seed, e);
                        }
                    }
                }
                let profile = dir.join("lo-profile");
                soffice_run = Some(start_soffice(&exe, &profile, &inputs, &books));
            }
        }
    }
    // The .xlsx books, on two threads.
    let t_gen = Instant::now();
    let xlsx: Vec<&Layout> = layouts.iter().filter(|l| !l.ods).collect();
    let errors: Vec<(u64, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = xlsx
            .chunks(xlsx.len().div_ceil(2).max(1))
            .map(|chunk| {
                let books = &books;
                s.spawn(move || {
                    chunk
                        .iter()
                        .filter_map(|l| {
                            write_book(base, l, &books.join(l.file(base)))
                                .err()
                                .map(|e| (l.seed, e))
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a generator thread"))
            .collect()
    });
    generation_errors.extend(errors);
    let gen_time = t_gen.elapsed();
    if let Some(child) = soffice_run {
        let out = wait_with_timeout(child, Duration::from_secs(180))
            .unwrap_or_else(|e| panic!("soffice: {e}"));
        assert!(out.status.success(), "soffice: {}", text(&out.stderr));
        for l in layouts.iter().filter(|l| l.ods) {
            if !books.join(l.file(base)).exists() && !generation_errors.contains_key(&l.seed) {
                generation_errors.insert(
                    l.seed,
                    format!("soffice wrote no .ods: {}", text(&out.stdout)),
                );
            }
        }
    }

    // Read back: one convert, one check, side by side.
    let t_read = Instant::now();
    let csv = dir.join("csv");
    std::fs::create_dir_all(&csv).unwrap();
    let spawn = |mut cmd: Command, what: &str| {
        cmd.stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{what} starts: {e}"))
    };
    let convert = spawn(convert_cmd(&books, &csv), "convert");
    let check = spawn(check_cmd(&books), "check");
    let convert = convert.wait_with_output().expect("convert runs");
    let convert_time = t_read.elapsed();
    let check = check.wait_with_output().expect("check runs");
    let read_time = t_read.elapsed();
    assert!(
        convert.status.code().is_some_and(|c| c <= 1),
        "convert failed: {}",
        text(&convert.stderr)
    );
    let tables = read_csvs(&csv);
    let findings = findings_of(&check);

    // Compare, layout by layout.
    let ids: BTreeMap<String, &Layout> = layouts.iter().map(|l| (l.id(base), l)).collect();
    let mut stray = Vec::new();
    for (sheet, _) in SHEETS {
        for r in tables.get(sheet).map_or(&[][..], |t| &t.rows[..]) {
            if !ids.contains_key(&r[0]) {
                stray.push(format!("{sheet}: {}", r.join(" | ")));
            }
        }
    }
    let mut failures = Vec::new();
    for l in layouts.iter() {
        let id = l.id(base);
        let file = l.file(base);
        if let Some(e) = generation_errors.get(&l.seed) {
            failures.push(Failure {
                layout: l.clone(),
                diffs: vec![format!("the generator failed: {e}")],
                findings: Vec::new(),
            });
            continue;
        }
        let expected = base.expected(&base.cases[l.case].id, &id);
        let mut diffs = Vec::new();
        let read_any = tables
            .get("ケース")
            .is_some_and(|t| t.rows.iter().any(|r| r[0] == id));
        if !read_any {
            diffs.push(
                "no records read (the case was not recognised, or convert left it out for its errors)"
                    .to_string(),
            );
        } else {
            for (sheet, keys) in SHEETS {
                let Some(t) = tables.get(sheet) else {
                    diffs.push(format!("convert wrote no {sheet}.csv"));
                    continue;
                };
                let act: Vec<Vec<String>> = t.rows.iter().filter(|r| r[0] == id).cloned().collect();
                diffs.extend(diff_sheet(sheet, keys, &t.heads, &expected[sheet], &act));
            }
        }
        let mut mine: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.case.as_deref() == Some(id.as_str()) || f.at.contains(&file))
            .filter(|f| !(f.code == "W506" && l.knobs.case_id == CaseId::Missing))
            // Without answer headings the reader says it placed the answer columns by the marks.
            .filter(|f| !(f.code == "W511" && l.knobs.answer_heads == AHeads::Off))
            .collect();
        // Errors first: they are why a case is left out.
        mine.sort_by_key(|f| !f.code.starts_with('E'));
        let own: Vec<String> = mine
            .into_iter()
            .map(|f| {
                format!(
                    "{} {} at {}: {}",
                    f.code,
                    f.severity.trim_matches('"'),
                    f.at,
                    f.message
                )
            })
            .collect();
        if !diffs.is_empty() || !own.is_empty() {
            failures.push(Failure {
                layout: l.clone(),
                diffs,
                findings: own,
            });
        }
    }
    let unattributed = findings
        .iter()
        .filter(|f| {
            !layouts.iter().any(|l| {
                f.case.as_deref() == Some(l.id(base).as_str()) || f.at.contains(&l.file(base))
            })
        })
        .map(|f| format!("{} at {}: {}", f.code, f.at, f.message))
        .collect();
    // Keep the failing books (and, on request, all).
    let kept = target_dir().join("formbook-layouts");
    let keep_all = env_flag("CMSHEETS_LAYOUTS_KEEP");
    if (keep_all || !failures.is_empty()) && std::fs::create_dir_all(&kept).is_ok() {
        for l in layouts.iter() {
            if keep_all || failures.iter().any(|f| f.layout.seed == l.seed) {
                let _ = std::fs::copy(books.join(l.file(base)), kept.join(l.file(base)));
            }
        }
    }
    Round {
        failures,
        stray,
        unattributed,
        ods_skipped,
        times: format!(
            "{} books written in {gen_time:.1?}, read back in {read_time:.1?} (convert {convert_time:.1?})",
            layouts.len()
        ),
    }
}

/// For each failing random layout (at most `max`), the layouts that set one of its knobs back to
/// plain: a knob whose revert makes the layout pass is one the failure needs.
fn reverts(failures: &[&Failure], max: usize) -> Vec<Layout> {
    let mut out = Vec::new();
    for f in failures.iter().filter(|f| !f.layout.ods).take(max) {
        let l = &f.layout;
        for (i, (knob, value)) in l.knobs.list().into_iter().enumerate() {
            let plain = Knobs::catalogue()[i].1[0];
            if value == plain {
                continue;
            }
            let mut k = l.knobs;
            k.set(knob, plain);
            k.normalise();
            if k == l.knobs {
                continue;
            }
            out.push(Layout {
                seed: 1_000_000 + l.seed * 100 + i as u64,
                rng_seed: l.rng_seed,
                case: l.case,
                knobs: k,
                ods: false,
                single: None,
                revert: Some((l.seed, format!("{knob}={value}"))),
            });
        }
    }
    out
}

fn report_failure(base: &Baseline, f: &Failure, env: &str) -> String {
    let l = &f.layout;
    let mut s = format!("\n✗ {}\n", l.describe(base));
    let seed = l.revert.as_ref().map_or(l.seed, |r| r.0);
    s.push_str(&format!(
        "  reproduce: {env}CMSHEETS_LAYOUTS_ONLY={seed} cargo test --test cli formbook_layouts::\n"
    ));
    for d in f.diffs.iter().take(25) {
        s.push_str(&format!("  - {d}\n"));
    }
    if f.diffs.len() > 25 {
        s.push_str(&format!(
            "  - … and {} more differences\n",
            f.diffs.len() - 25
        ));
    }
    for x in f.findings.iter().take(12) {
        s.push_str(&format!("  ! {x}\n"));
    }
    if f.findings.len() > 12 {
        s.push_str(&format!(
            "  ! … and {} more findings\n",
            f.findings.len() - 12
        ));
    }
    let kept = target_dir().join("formbook-layouts");
    let book = kept.join(l.file(base));
    if book.exists() {
        let _ = std::fs::write(kept.join(format!("{}.txt", l.id(base))), &s);
        s.push_str(&format!("  book: {}\n", book.display()));
    }
    s
}

// ---------------------------------------------------------------------------------------------
// The test

#[test]
fn every_layout_reads_back_to_the_same_records() {
    let started = Instant::now();
    // The generator's own slips (a layout it cannot draw) are caught and reported with their
    // layout; only the test's own thread says more when it panics.
    let test_thread = std::thread::current().id();
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if std::thread::current().id() == test_thread {
            default_hook(info);
        }
    }));
    for gap in gaps().iter().flatten() {
        let (knob, value) = gap.split_once('=').expect("KNOWN_GAPS: knob=value");
        assert!(
            gap == "format=ods" || Knobs::plain().set(knob, value),
            "KNOWN_GAPS names no knob value: {gap}"
        );
        assert!(
            Knobs::catalogue()
                .iter()
                .all(|(k, vs)| *k != knob || vs[0] != value),
            "KNOWN_GAPS: {gap} is the plain layout's value"
        );
    }
    let work = tempfile::tempdir().expect("a temp dir");
    let base = Baseline::load(work.path());
    let all = env_flag("CMSHEETS_LAYOUTS_ALL");
    let random: usize = std::env::var("CMSHEETS_LAYOUTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_RANDOM);
    let only: Option<BTreeSet<u64>> = std::env::var("CMSHEETS_LAYOUTS_ONLY").ok().map(|v| {
        v.split(',')
            .filter_map(|s| s.trim().trim_start_matches('L').parse().ok())
            .collect()
    });
    let mut layouts = layouts(&base, random, all);
    // One layout of given knobs for every case: to reproduce a combination, or to make a fixture.
    if let Ok(spec) = std::env::var("CMSHEETS_LAYOUTS_KNOBS") {
        let mut knobs = Knobs::plain();
        for kv in spec.split([' ', ',']).filter(|kv| !kv.is_empty()) {
            let (k, v) = kv
                .split_once('=')
                .expect("CMSHEETS_LAYOUTS_KNOBS: knob=value …");
            assert!(
                knobs.set(k, v),
                "CMSHEETS_LAYOUTS_KNOBS: no knob value {kv}"
            );
        }
        knobs.normalise();
        // Numbered by the knobs asked for (FNV-1a), so books of different knobs never share a
        // ケースID.
        let hash = spec.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
        });
        let first = 500_000 + hash % 9_000 * 10;
        layouts = (0..base.cases.len())
            .map(|case| Layout {
                seed: first + case as u64,
                rng_seed: first + case as u64,
                case,
                knobs,
                ods: false,
                single: None,
                revert: None,
            })
            .collect();
    }
    if let Some(only) = &only {
        layouts.retain(|l| only.contains(&l.seed));
        assert!(!layouts.is_empty(), "CMSHEETS_LAYOUTS_ONLY: no such layout");
    }
    let round = run_round(&base, &mut layouts, &work.path().join("round1"));
    let env = format!(
        "CMSHEETS_LAYOUTS={random} {}",
        if all { "CMSHEETS_LAYOUTS_ALL=1 " } else { "" }
    );

    // The failing random layouts once more, each knob set back to plain in turn: which knobs
    // does the failure need?
    let singles_failing: BTreeSet<String> = round
        .failures
        .iter()
        .filter_map(|f| f.layout.single.clone())
        .collect();
    let random_failures: Vec<&Failure> = round
        .failures
        .iter()
        .filter(|f| f.layout.single.is_none())
        .collect();
    let unexplained: Vec<&Failure> = random_failures
        .iter()
        .copied()
        .filter(|f| {
            !f.layout
                .values()
                .iter()
                .any(|v| singles_failing.contains(v))
        })
        .collect();
    let mut needs: BTreeMap<u64, Vec<String>> = BTreeMap::new();
    let mut shrink_times = String::new();
    if !unexplained.is_empty() && !env_flag("CMSHEETS_LAYOUTS_NO_SHRINK") {
        let mut second = reverts(&unexplained, 12);
        let r2 = run_round(&base, &mut second, &work.path().join("round2"));
        shrink_times = format!("; reverts: {}", r2.times);
        for l in &second {
            let (parent, knob) = l.revert.clone().expect("a revert");
            if !r2.failures.iter().any(|f| f.layout.seed == l.seed) {
                needs.entry(parent).or_default().push(knob);
            }
        }
    }

    // Report.
    let failures = &round.failures;
    let mut reports: Vec<String> = failures
        .iter()
        .map(|f| {
            let mut s = report_failure(&base, f, &env);
            if let Some(n) = needs.get(&f.layout.seed) {
                s.push_str(&format!(
                    "  the failure needs (it passes with any of these set back to plain): {}\n",
                    n.join(" ")
                ));
            }
            s
        })
        .collect();
    // The single-knob failures first: they name their knob.
    reports.sort_by_key(|r| !r.contains("(single knob"));
    let mut summary = String::new();
    let count = |it: &mut dyn Iterator<Item = String>| {
        it.fold(BTreeMap::<String, usize>::new(), |mut m, k| {
            *m.entry(k).or_default() += 1;
            m
        })
    };
    let single_total = count(&mut layouts.iter().filter_map(|l| l.single.clone()));
    let single_fail = count(&mut failures.iter().filter_map(|f| f.layout.single.clone()));
    if !single_fail.is_empty() {
        summary.push_str("\nknob values failing alone (the other knobs plain):\n");
        for (k, n) in &single_fail {
            summary.push_str(&format!("  {k}: {n}/{} layouts\n", single_total[k]));
        }
    }
    if !random_failures.is_empty() {
        let randoms = layouts.iter().filter(|l| l.single.is_none()).count();
        summary.push_str(&format!(
            "\nrandom layouts failing: {}/{randoms}; {} with no knob value that fails alone (interactions){}\n",
            random_failures.len(),
            unexplained.len(),
            if unexplained.is_empty() { String::new() } else { ":".to_string() }
        ));
        for f in &unexplained {
            summary.push_str(&format!(
                "  layout {}: {}\n",
                f.layout.seed,
                needs.get(&f.layout.seed).map_or_else(
                    || "(not reduced)".to_string(),
                    |n| format!("needs {}", n.join(" + "))
                )
            ));
        }
    }
    if !round.stray.is_empty() {
        summary.push_str(&format!(
            "\nrows read under a ケースID of no layout ({}):\n",
            round.stray.len()
        ));
        for s in round.stray.iter().take(10) {
            summary.push_str(&format!("  {}\n", short(s)));
        }
    }
    if !round.unattributed.is_empty() {
        summary.push_str(&format!(
            "\nfindings of no layout ({}):\n",
            round.unattributed.len()
        ));
        for s in round.unattributed.iter().take(10) {
            summary.push_str(&format!("  {s}\n"));
        }
    }
    eprintln!(
        "formbook_layouts: {} layouts ({} single-knob, {} random, {} .ods{}), {} failed; {}{shrink_times}; {:.1?} in all",
        layouts.len(),
        layouts
            .iter()
            .filter(|l| l.single.as_deref().is_some_and(|s| s != "plain"))
            .count(),
        layouts
            .iter()
            .filter(|l| l.single.is_none() && !l.ods)
            .count(),
        layouts.iter().filter(|l| l.ods).count(),
        if round.ods_skipped { ", skipped: no soffice" } else { "" },
        failures.len(),
        round.times,
        started.elapsed()
    );
    if !failures.is_empty() || !round.stray.is_empty() {
        let shown: String = reports.iter().take(40).cloned().collect();
        panic!(
            "{} of {} layouts do not read back to their records (books and reports kept in {}):\n{shown}{}{summary}",
            failures.len(),
            layouts.len(),
            target_dir().join("formbook-layouts").display(),
            if failures.len() > 40 {
                "\n… (the rest in the kept .txt files)\n"
            } else {
                ""
            }
        );
    }
}
