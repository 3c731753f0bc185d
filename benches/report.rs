//! The report benchmark (spec/quality.md: 1,000,000 need rows aggregated into the workbook in
//! under 20 s). Synthetic records are made here, in memory, so the figure is the report's own
//! work: grouping by case, counting, building the tables, writing the workbook with its
//! 明細 and saving it. Reading and checking the intake is `check`'s benchmark; bench/report.sh
//! times the whole command on generated CSV files.
//!
//! ```sh
//! bash bench/report.sh                  # builds this, runs 100,000 then 1,000,000 rows
//! REPORT_BENCH_ROWS=200000 bash bench/report.sh
//! ```
//!
//! The benchmark runs as the test below when REPORT_BENCH_ROWS is set (Cargo skips tests under
//! `cargo bench`, so bench/report.sh runs the built executable); without it, as under
//! `cargo test --benches`, it only checks on a small set that the workbook is made. With
//! `[[bench]] name = "report", harness = false` in Cargo.toml, `cargo bench --bench report`
//! runs `main` instead.

use chrono::{Days, NaiveDate};
use cmsheets::contract::codes::{
    Answer, Code, Evaluation, GoalMet, ReviewKind, Setting, Timing, ITEMS,
};
use cmsheets::finding::Findings;
use cmsheets::ingest::InputSummary;
use cmsheets::model::{
    Case, CrisisItem, Dataset, Monitoring, Need, Participants, Plan, Questionnaire, RowRef,
};
use cmsheets::pipeline::Loaded;
use cmsheets::report::{self, Options, Period};
use std::time::Instant;

const NEEDS_PER_VERSION: usize = 5;
const VERSIONS_PER_CASE: u32 = 2;

/// splitmix64: deterministic and dependency-free.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn at(line: usize) -> RowRef {
    RowRef {
        table: 0,
        line: line as u32 + 2,
    }
}

/// `rows` needs over rows / 10 cases in 20 regions, three fiscal years, with monitoring,
/// questionnaires and crisis plans in the proportions of real intake.
fn dataset(rows: usize) -> Dataset {
    let mut rng = Rng(1);
    let mut ds = Dataset::default();
    let cases = rows.div_ceil(NEEDS_PER_VERSION * VERSIONS_PER_CASE as usize);
    let day0 = NaiveDate::from_ymd_opt(2022, 4, 1).unwrap();
    let day = |n: u64| day0.checked_add_days(Days::new(n)).unwrap();
    for c in 0..cases {
        let id = format!("C{c:07}");
        let start = rng.below(800);
        ds.cases.push(Case {
            case_id: id.clone(),
            name: "氏名".into(),
            kana: String::new(),
            region: format!("第{}保健所", c % 20 + 1),
            agency: String::new(),
            manager: "担当".into(),
            cm_start: Some(day(start)),
            cm_end: (rng.below(5) == 0).then(|| day(start + 700)),
            end_reason: String::new(),
            at: at(c),
        });
        for q in 0..1 + rng.below(2) {
            let mut answers = [None; ITEMS.len()];
            for a in answers.iter_mut() {
                *a = match rng.below(6) {
                    0 => Some(Answer::Met),
                    1 => Some(Answer::Unmet),
                    2 | 3 => Some(Answer::NoNeed),
                    4 => Some(Answer::Unknown),
                    _ => None,
                };
            }
            ds.questionnaires.push(Questionnaire {
                case_id: id.clone(),
                date: day(start + q * 300),
                wishes: String::new(),
                answers,
                other_text: Default::default(),
                at: at(c),
            });
        }
        for v in 1..=VERSIONS_PER_CASE {
            let created = day(start + (v as u64 - 1) * 200);
            ds.plans.push(Plan {
                case_id: id.clone(),
                plan_no: v,
                created,
                review_due: created + Days::new(180),
                long_goal: "目標".into(),
                short_goal: "目標".into(),
                participants: Participants::default(),
                agreement: Default::default(),
                at: at(c),
            });
            for m in 0..rng.below(3) {
                let timing = [Timing::CmStart, Timing::CmAfter, Timing::JustDischarged]
                    [rng.below(3) as usize];
                ds.monitoring.push(Monitoring {
                    case_id: id.clone(),
                    plan_no: v,
                    date: created + Days::new(60 + m * 60),
                    timing,
                    timing_months: timing.needs_months().then_some(6 * (m as u32 + 1)),
                    kind: ReviewKind::ALL[rng.below(4) as usize],
                    kind_text: String::new(),
                    setting: Setting::ALL[rng.below(3) as usize],
                    setting_text: String::new(),
                    notes: String::new(),
                    goal_met: GoalMet::ALL.get(rng.below(4) as usize).copied(),
                    at: at(c),
                });
            }
            for n in 0..NEEDS_PER_VERSION {
                ds.needs.push(Need {
                    case_id: id.clone(),
                    plan_no: v,
                    no: n as u32 + 1,
                    need: "ニーズ".into(),
                    self_action: String::new(),
                    supporter_action: String::new(),
                    supporter: String::new(),
                    need_key: n as u64,
                    supporter_key: 0,
                    evaluation: Evaluation::ALL.get(rng.below(5) as usize).copied(),
                    domain: Some(rng.below(ITEMS.len() as u64) as usize),
                    at: at(c),
                });
            }
        }
        if rng.below(3) == 0 {
            ds.crisis_items.push(CrisisItem {
                case_id: id.clone(),
                created: day(start + 30),
                section: cmsheets::contract::codes::CrisisSection::SelfSign,
                text: "サイン".into(),
                agreement: Default::default(),
                at: at(c),
            });
        }
    }
    ds.needs.truncate(rows);
    ds
}

struct Timing3 {
    build: f64,
    workbook: f64,
    save: f64,
    bytes: usize,
}

fn run(rows: usize, dir: &std::path::Path) -> Timing3 {
    let loaded = Loaded {
        dataset: dataset(rows),
        findings: Findings::default(),
        inputs: vec![InputSummary {
            name: "bench".into(),
            readable: true,
            rows,
            formbook: false,
        }],
    };
    let as_of = NaiveDate::from_ymd_opt(2025, 6, 30).unwrap();
    let opts = Options {
        by: Vec::new(),
        period: Period::Year,
        from: None,
        to: None,
        as_of,
        made: as_of,
        suppress_below: None,
        pseudonymize: Some("bench-key".into()),
        dates: Default::default(),
        only: None,
        via: Default::default(),
    };
    let t0 = Instant::now();
    let report = report::build(&loaded, &opts);
    let t1 = Instant::now();
    let bytes = report::workbook::write(&report, None).expect("the workbook is made");
    let t2 = Instant::now();
    let path = dir.join(format!("report-{rows}.xlsx"));
    cmsheets::output::write_atomic(&path, &bytes).expect("the workbook is saved");
    let t3 = Instant::now();
    let detail = report.figures.detail.as_ref().map_or(0, |d| d.rows.len());
    assert_eq!(detail, rows, "one 明細 row per need");
    Timing3 {
        build: (t1 - t0).as_secs_f64(),
        workbook: (t2 - t1).as_secs_f64(),
        save: (t3 - t2).as_secs_f64(),
        bytes: bytes.len(),
    }
}

fn print(rows: usize, t: &Timing3) -> f64 {
    let total = t.build + t.workbook + t.save;
    println!(
        "report {rows:>9} need rows: {total:6.2} s (集計 {:.2} s, ブック作成 {:.2} s, 保存 {:.2} s), {:.0} rows/s, {:.1} MB",
        t.build,
        t.workbook,
        t.save,
        rows as f64 / total,
        t.bytes as f64 / 1e6
    );
    total
}

fn benchmark(rows: usize) {
    let dir = tempfile::tempdir().unwrap();
    let reference = rows / 10;
    let small = print(reference, &run(reference, dir.path()));
    let big = print(rows, &run(rows, dir.path()));
    println!(
        "{}× the rows in {:.1}× the time; bar for 1,000,000 rows: 20 s → {}",
        rows / reference,
        big / small,
        if rows == 1_000_000 {
            if big < 20.0 {
                "met"
            } else {
                "NOT met"
            }
        } else {
            "(other size)"
        }
    );
}

fn rows_asked() -> Option<usize> {
    std::env::var("REPORT_BENCH_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
}

#[allow(dead_code)]
fn main() {
    benchmark(rows_asked().unwrap_or(1_000_000));
}

#[test]
fn report_benchmark() {
    match rows_asked() {
        Some(rows) => benchmark(rows),
        None => {
            run(2_000, tempfile::tempdir().unwrap().path());
        }
    }
}
