//! The report's tables, built from [`Figures`]: which measures each grouping shows, their headings,
//! and how rates are made. Every measure is declared once and reused by every table that shows it.

use super::aggregate::{Acc, Change, Figures, DOMAINS, NO_DOMAIN, UNANSWERED, UNEVALUATED};
use super::period::Period;
use super::table::{Cell, ChartSpec, Column, Layout, Measure, Table};
use crate::contract::codes::{domain_name, ITEMS};
use crate::contract::date::DateFormat;
use crate::model::areas::AreaMap;
use std::borrow::Cow;

enum Value<T> {
    Count(fn(&T) -> u64),
    Rate(fn(&T) -> (u64, u64)),
    Mean(fn(&T) -> (i64, u64)),
}

struct Def<T> {
    id: &'static str,
    band: &'static str,
    heading: &'static str,
    value: Value<T>,
    /// Counts distinct cases or people: the groups add up to 全体 only when they split people
    /// (regions do; periods, plan versions and domains do not).
    distinct: bool,
    deps: &'static [&'static str],
    guard_sum: bool,
}

fn count<T>(
    id: &'static str,
    band: &'static str,
    heading: &'static str,
    f: fn(&T) -> u64,
) -> Def<T> {
    Def {
        id,
        band,
        heading,
        value: Value::Count(f),
        distinct: false,
        deps: &[],
        guard_sum: false,
    }
}

fn people<T>(
    id: &'static str,
    band: &'static str,
    heading: &'static str,
    f: fn(&T) -> u64,
) -> Def<T> {
    Def {
        distinct: true,
        ..count(id, band, heading, f)
    }
}

fn rate<T>(
    id: &'static str,
    band: &'static str,
    heading: &'static str,
    deps: &'static [&'static str],
    f: fn(&T) -> (u64, u64),
) -> Def<T> {
    Def {
        id,
        band,
        heading,
        value: Value::Rate(f),
        distinct: false,
        deps,
        guard_sum: false,
    }
}

fn mean<T>(
    id: &'static str,
    band: &'static str,
    heading: &'static str,
    deps: &'static [&'static str],
    guard_sum: bool,
    f: fn(&T) -> (i64, u64),
) -> Def<T> {
    Def {
        id,
        band,
        heading,
        value: Value::Mean(f),
        distinct: false,
        deps,
        guard_sum,
    }
}

/// Row equations: these measures add up to that one, wherever a table shows them all.
const SUMS: &[(&[&str], &str)] = &[
    (
        &[
            "need.closed",
            "need.smooth",
            "need.issues",
            "need.stopped",
            "need.none",
        ],
        "need.total",
    ),
    (
        &["need.closed", "need.smooth", "need.issues", "need.stopped"],
        "need.evaluated",
    ),
    (&["need.evaluated", "need.none"], "need.total"),
    (
        &["goal.met", "goal.partly", "goal.notmet", "goal.blank"],
        "mon.total",
    ),
    (&["set.individual", "set.meeting", "set.other"], "mon.total"),
    (
        &["kind.update", "kind.minor", "kind.monitoring", "kind.other"],
        "mon.total",
    ),
    (
        &[
            "review.ontime",
            "review.late",
            "review.missed",
            "review.pending",
        ],
        "review.due",
    ),
    (&["q.met", "q.unmet", "q.noneed", "q.unknown"], "q.answered"),
    (&["chg.fewer", "chg.same", "chg.more"], "chg.persons"),
];

const B_CASES: &str = "ケース";
const B_NEEDS: &str = "支援計画のニーズの評価（◎〇△×）";
const B_GOALS: &str = "短期目標の達成（モニタリング）";
const B_SESSIONS: &str = "モニタリングの内訳";
const B_PLANS: &str = "支援計画の作成と見直し";
const B_OTHERS: &str = "クライシスプラン・終了";
const B_QUEST: &str = "アンケート（別紙1）";
const B_ANSWERS: &str = "アンケート（別紙1）の回答";

fn cases_block() -> Vec<Def<Acc>> {
    vec![people("cases", B_CASES, "ケース数", |a| a.cases)]
}

const B_PERSONS: &str = "実人員";

fn persons_block() -> Vec<Def<Acc>> {
    vec![
        people(
            "persons.evaluated",
            B_PERSONS,
            "評価を\n受けた人",
            |a| a.evaluated_persons.n,
        ),
        people("persons.closed", B_PERSONS, "◎の\nあった人", |a| {
            a.closed_persons.n
        }),
        people(
            "persons.monitored",
            B_PERSONS,
            "モニタリングを\n受けた人",
            |a| a.monitored_persons.n,
        ),
    ]
}

fn needs_block() -> Vec<Def<Acc>> {
    vec![
        count("need.total", B_NEEDS, "ニーズ数", |a| {
            a.needs.iter().sum()
        }),
        count("need.closed", B_NEEDS, "◎\n終結", |a| a.needs[0]),
        count("need.smooth", B_NEEDS, "〇\n円滑", |a| a.needs[1]),
        count("need.issues", B_NEEDS, "△\n課題あり", |a| a.needs[2]),
        count("need.stopped", B_NEEDS, "×\n中止・困難", |a| {
            a.needs[3]
        }),
        count("need.none", B_NEEDS, "未評価", |a| a.needs[UNEVALUATED]),
        count("need.evaluated", B_NEEDS, "評価済み", evaluated),
        rate(
            "need.attain",
            B_NEEDS,
            "目標\n達成率",
            &["need.closed", "need.evaluated"],
            |a| (a.needs[0], evaluated(a)),
        ),
        rate(
            "need.ontrack",
            B_NEEDS,
            "順調率",
            &["need.closed", "need.smooth", "need.evaluated"],
            |a| (a.needs[0] + a.needs[1], evaluated(a)),
        ),
    ]
}

fn evaluated(a: &Acc) -> u64 {
    a.needs[..UNEVALUATED].iter().sum()
}

fn goals_block() -> Vec<Def<Acc>> {
    vec![
        count("mon.total", B_GOALS, "モニタリング\n回数", |a| {
            a.monitorings
        }),
        count("goal.met", B_GOALS, "短期目標\n達成", |a| a.goals[0]),
        count("goal.partly", B_GOALS, "短期目標\n一部達成", |a| {
            a.goals[1]
        }),
        count("goal.notmet", B_GOALS, "短期目標\n未達成", |a| {
            a.goals[2]
        }),
        count("goal.blank", B_GOALS, "短期目標\n未記入", |a| {
            a.goals[3]
        }),
        rate(
            "goal.rate",
            B_GOALS,
            "短期目標\n達成率",
            &["goal.met", "goal.partly", "goal.notmet"],
            |a| (a.goals[0], a.goals[..3].iter().sum()),
        ),
    ]
}

fn sessions_block() -> Vec<Def<Acc>> {
    vec![
        count("set.individual", B_SESSIONS, "個別面接", |a| {
            a.settings[0]
        }),
        count("set.meeting", B_SESSIONS, "ケア会議等", |a| {
            a.settings[1]
        }),
        count(
            "set.other",
            B_SESSIONS,
            "その他の\nセッティング",
            |a| a.settings[2],
        ),
        count("kind.update", B_SESSIONS, "作成/更新", |a| a.kinds[0]),
        count("kind.minor", B_SESSIONS, "微修正", |a| a.kinds[1]),
        count(
            "kind.monitoring",
            B_SESSIONS,
            "モニタリング\n（内容確認）",
            |a| a.kinds[2],
        ),
        count(
            "kind.other",
            B_SESSIONS,
            "その他の\n更新区分",
            |a| a.kinds[3],
        ),
    ]
}

fn plans_block() -> Vec<Def<Acc>> {
    vec![
        count("plan.versions", B_PLANS, "計画の\n作成数", |a| {
            a.plans
        }),
        count("review.due", B_PLANS, "見直し\n予定", |a| {
            a.reviews.iter().sum()
        }),
        count("review.ontime", B_PLANS, "期限内に\n見直し", |a| {
            a.reviews[0]
        }),
        count("review.late", B_PLANS, "遅れて\n見直し", |a| {
            a.reviews[1]
        }),
        count(
            "review.missed",
            B_PLANS,
            "未実施\n（期限超過）",
            |a| a.reviews[2],
        ),
        count("review.pending", B_PLANS, "期限前", |a| a.reviews[3]),
        rate(
            "review.rate",
            B_PLANS,
            "期限内\n実施率",
            &["review.ontime", "review.late", "review.missed"],
            |a| (a.reviews[0], a.reviews[..3].iter().sum()),
        ),
    ]
}

fn others_block() -> Vec<Def<Acc>> {
    vec![
        people(
            "crisis.cases",
            B_OTHERS,
            "クライシス\nプラン作成",
            |a| a.crisis_cases,
        ),
        count("cm.ended", B_OTHERS, "CM終了", |a| a.ended),
    ]
}

fn quest_block() -> Vec<Def<Acc>> {
    vec![
        people("q.persons", B_QUEST, "回答者数", |a| a.q_persons),
        count("q.met", B_QUEST, "支援済み\nニーズ数", |a| {
            a.answers[0]
        }),
        count("q.unmet", B_QUEST, "未充足\nニーズ数", |a| {
            a.answers[1]
        }),
        mean(
            "q.needs_pp",
            B_QUEST,
            "1人あたり\nニーズ数",
            &["q.met", "q.unmet", "q.persons"],
            true,
            |a| ((a.answers[0] + a.answers[1]) as i64, a.q_persons),
        ),
        mean(
            "q.unmet_pp",
            B_QUEST,
            "1人あたり\n未充足数",
            &["q.unmet", "q.persons"],
            true,
            |a| (a.answers[1] as i64, a.q_persons),
        ),
        rate(
            "q.unmet_rate",
            B_QUEST,
            "未充足率",
            &["q.met", "q.unmet"],
            |a| (a.answers[1], a.answers[0] + a.answers[1]),
        ),
    ]
}

fn answered(a: &Acc) -> u64 {
    a.answers[..UNANSWERED].iter().sum()
}

fn answers_block() -> Vec<Def<Acc>> {
    const B: &str = B_ANSWERS;
    vec![
        count("q.answered", B, "回答数", answered),
        count("q.met", B, "1\n支援済み", |a| a.answers[0]),
        rate(
            "q.met_share",
            B,
            "支援済み\n割合",
            &["q.met", "q.answered"],
            |a| (a.answers[0], answered(a)),
        ),
        count("q.unmet", B, "2\n要支援", |a| a.answers[1]),
        rate(
            "q.unmet_share",
            B,
            "要支援\n割合",
            &["q.unmet", "q.answered"],
            |a| (a.answers[1], answered(a)),
        ),
        count("q.noneed", B, "0\n不要", |a| a.answers[2]),
        rate(
            "q.noneed_share",
            B,
            "不要\n割合",
            &["q.noneed", "q.answered"],
            |a| (a.answers[2], answered(a)),
        ),
        count("q.unknown", B, "9\n不明", |a| a.answers[3]),
        rate(
            "q.unknown_share",
            B,
            "不明\n割合",
            &["q.unknown", "q.answered"],
            |a| (a.answers[3], answered(a)),
        ),
        count("q.unanswered", B, "未回答", |a| a.answers[UNANSWERED]),
        rate(
            "q.prevalence",
            B,
            "ニーズ率",
            &["q.met", "q.unmet", "q.answered"],
            |a| (a.answers[0] + a.answers[1], answered(a)),
        ),
        rate(
            "q.unmet_rate",
            B,
            "未充足率",
            &["q.met", "q.unmet"],
            |a| (a.answers[1], a.answers[0] + a.answers[1]),
        ),
    ]
}

fn change_block() -> Vec<Def<Change>> {
    const P: &str = "2回以上回答した人";
    const M: &str = "1人あたりニーズ数（平均）";
    const D: &str = "要支援（未充足）ニーズ数の変化";
    let n = |c: &Change| c.persons;
    vec![
        people("chg.persons", P, "人数", n),
        mean(
            "chg.first_met",
            M,
            "初回\n支援済み",
            &["chg.persons"],
            true,
            |c| (c.first_met as i64, c.persons),
        ),
        mean(
            "chg.first_unmet",
            M,
            "初回\n要支援",
            &["chg.persons"],
            true,
            |c| (c.first_unmet as i64, c.persons),
        ),
        mean(
            "chg.last_met",
            M,
            "最新\n支援済み",
            &["chg.persons"],
            true,
            |c| (c.last_met as i64, c.persons),
        ),
        mean(
            "chg.last_unmet",
            M,
            "最新\n要支援",
            &["chg.persons"],
            true,
            |c| (c.last_unmet as i64, c.persons),
        ),
        mean(
            "chg.diff",
            M,
            "要支援の\n増減",
            &["chg.persons", "chg.first_unmet", "chg.last_unmet"],
            false,
            |c| (c.last_unmet as i64 - c.first_unmet as i64, c.persons),
        ),
        count("chg.fewer", D, "減った人", |c| c.fewer),
        count("chg.same", D, "変わらない人", |c| c.same),
        count("chg.more", D, "増えた人", |c| c.more),
    ]
}

/// A row of a grouped table: a group, or the 小計 of the groups under it.
pub struct GroupRow<'a, T: Clone> {
    pub labels: Vec<Cell>,
    pub acc: Cow<'a, T>,
    /// The 小計 row (index into the same list) this row adds up into; None: into 全体.
    pub parent: Option<usize>,
    pub subtotal: bool,
}

impl<'a, T: Clone> GroupRow<'a, T> {
    pub fn flat(labels: Vec<Cell>, acc: &'a T) -> Self {
        GroupRow {
            labels,
            acc: Cow::Borrowed(acc),
            parent: None,
            subtotal: false,
        }
    }
}

/// Builds a table: label columns, then one column per measure; one row per group, and 全体 (last,
/// or first when the groups nest under 小計 rows, as nested regional statistics print it).
/// `people_split`: the groups split the people (regions), so counts of people add up too.
fn grouped<T: Clone>(
    name: &str,
    caption: &str,
    labels: &[&str],
    defs: &[Def<T>],
    groups: Vec<GroupRow<'_, T>>,
    total: &T,
    people_split: bool,
) -> Table {
    let mut columns: Vec<Column> = labels.iter().map(|l| Column::label(*l)).collect();
    for d in defs {
        let additive = matches!(d.value, Value::Count(_)) && (!d.distinct || people_split);
        columns.push(Column {
            heading: d.heading.to_string(),
            band: Some(d.band),
            measure: Some(Measure {
                id: d.id,
                deps: d.deps,
                guard_sum: d.guard_sum,
                additive,
                percent: matches!(d.value, Value::Rate(_)),
            }),
        });
    }
    let mut table = Table::new(name, caption, columns);
    let row = |mut cells: Vec<Cell>, t: &T| {
        cells.extend(defs.iter().map(|d| match d.value {
            Value::Count(f) => Cell::Count(f(t)),
            Value::Rate(f) => {
                let (n, d) = f(t);
                Cell::rate(n, d)
            }
            Value::Mean(f) => {
                let (s, n) = f(t);
                Cell::mean(s, n)
            }
        }));
        cells
    };
    let mut total_labels = vec![Cell::Text("全体".into())];
    total_labels.resize(labels.len(), Cell::Empty);
    let total_cells = row(total_labels, total);
    let placed = groups
        .iter()
        .map(|g| (row(g.labels.clone(), &g.acc), g.parent, g.subtotal))
        .collect();
    place_rows(&mut table, total_cells, placed);
    for (parts, sum) in SUMS {
        let cols: Option<Vec<usize>> = parts.iter().map(|p| table.column_of(p)).collect();
        if let (Some(cols), Some(total_col)) = (cols, table.column_of(sum)) {
            table.sums.push((cols, total_col));
        }
    }
    table.filter = true;
    table
}

/// Puts the rows of a grouped table in print order with what suppression and the writers need to
/// know of them: 全体 last, or first when the rows nest under 小計 rows (as nested regional
/// statistics print it), and which rows add up to which. Each row: its cells, the index of its
/// 小計 row in the same list (None: 全体), whether it is a 小計.
fn place_rows(t: &mut Table, total: Vec<Cell>, rows: Vec<(Vec<Cell>, Option<usize>, bool)>) {
    let nested = rows.iter().any(|(_, _, subtotal)| *subtotal);
    if nested {
        t.rows.push(total.clone());
        t.total_row = Some(0);
    }
    let first = t.rows.len();
    let parents: Vec<Option<usize>> = rows.iter().map(|(_, p, _)| *p).collect();
    for (i, (cells, _, subtotal)) in rows.into_iter().enumerate() {
        t.rows.push(cells);
        if subtotal {
            t.subtotals.push(first + i);
        }
    }
    if nested {
        let children = |parent: Option<usize>| -> Vec<usize> {
            (0..parents.len())
                .filter(|&i| parents[i] == parent)
                .map(|i| first + i)
                .collect()
        };
        t.row_sums.push((children(None), 0));
        for &s in &t.subtotals {
            t.row_sums.push((children(Some(s - first)), s));
        }
    } else {
        t.rows.push(total);
        t.total_row = Some(t.rows.len() - 1);
    }
}

fn text(s: impl Into<String>) -> Vec<Cell> {
    vec![Cell::Text(s.into())]
}

/// Colours of ◎ 〇 △ × in the charts: green for going well, amber and red for trouble.
pub(crate) const EVAL_COLOURS: [u32; 4] = [0x1B7837, 0x7FBF7B, 0xF4A442, 0xD6604D];

fn evaluation_chart(table: &Table, title: &str, horizontal: bool) -> ChartSpec {
    let ids = ["need.closed", "need.smooth", "need.issues", "need.stopped"];
    ChartSpec {
        title: title.to_string(),
        horizontal,
        series: ids
            .iter()
            .zip(EVAL_COLOURS)
            .filter_map(|(id, c)| Some((table.column_of(id)?, c)))
            .collect(),
        percent_axis: false,
    }
}

fn blocks(parts: Vec<Vec<Def<Acc>>>) -> Vec<Def<Acc>> {
    parts.into_iter().flatten().collect()
}

fn full_blocks() -> Vec<Def<Acc>> {
    blocks(vec![
        cases_block(),
        persons_block(),
        needs_block(),
        goals_block(),
        sessions_block(),
        plans_block(),
        others_block(),
        quest_block(),
    ])
}

/// What a grouping's first sheet shows: who was supported and how the needs and goals went.
fn outcome_blocks() -> Vec<Def<Acc>> {
    blocks(vec![
        cases_block(),
        persons_block(),
        needs_block(),
        goals_block(),
    ])
}

/// What its second sheet (…_計画と見直し) shows: how the work was done. Split from the first so
/// that each prints one A4 page wide in a readable size (39 columns would print at 4 pt).
fn process_blocks() -> Vec<Def<Acc>> {
    blocks(vec![
        sessions_block(),
        plans_block(),
        others_block(),
        quest_block(),
    ])
}

/// The suffix of a grouping's second sheet and table.
pub const PROCESS_SUFFIX: &str = "_計画と見直し";

pub fn headline(f: &Figures) -> Table {
    let mut t = grouped(
        "概要_主な数値",
        "主な数値（全体）",
        &[],
        &full_blocks(),
        Vec::new(),
        &f.total,
        true,
    );
    t.layout = Layout::Transposed;
    t.filter = false;
    t
}

/// The 地域 rows: flat, or nested 圏域 → 保健所 → 地域 with 小計 rows when a 地域区分 is given.
/// `accs` holds each 地域 as the cases spell it; 地域 of the table without a case print as zero
/// rows (published tables list every municipality), cases' 地域 missing from the table are
/// gathered under 地域区分なし.
fn region_rows<'a>(
    accs: &'a [(String, Acc)],
    areas: &AreaMap,
) -> (Vec<&'static str>, Vec<GroupRow<'a, Acc>>) {
    if areas.is_empty() {
        let rows = accs
            .iter()
            .map(|(name, a)| GroupRow::flat(text(name.as_str()), a))
            .collect();
        return (vec!["地域"], rows);
    }
    let zones = areas.has_zones();
    let labels = if zones {
        vec!["圏域", "保健所", "地域"]
    } else {
        vec!["保健所", "地域"]
    };
    let cells = |zone: &str, centre: &str, region: &str| -> Vec<Cell> {
        let mut v = Vec::new();
        if zones {
            v.push(Cell::Text(zone.into()));
        }
        v.push(Cell::Text(centre.into()));
        v.push(Cell::Text(region.into()));
        v
    };
    // Several spellings of one 地域 (全角・半角) are one row, under the table's spelling.
    let mut placed: Vec<Vec<Vec<Acc>>> = areas
        .zones
        .iter()
        .map(|z| {
            z.centres
                .iter()
                .map(|c| vec![Acc::default(); c.regions.len()])
                .collect()
        })
        .collect();
    let mut outside: Vec<&(String, Acc)> = Vec::new();
    for entry in accs {
        let (name, a) = entry;
        match areas.locate(name) {
            Some((z, c)) => {
                let i = areas.zones[z].centres[c]
                    .regions
                    .iter()
                    .position(|r| {
                        crate::contract::text::fold(r) == crate::contract::text::fold(name)
                    })
                    .unwrap_or(0);
                placed[z][c][i].merge(a);
            }
            None => outside.push(entry),
        }
    }
    let mut rows: Vec<GroupRow<'a, Acc>> = Vec::new();
    let subtotal = |labels: Vec<Cell>, parent: Option<usize>| GroupRow {
        labels,
        acc: Cow::Owned(Acc::default()),
        parent,
        subtotal: true,
    };
    let add_into = |rows: &mut Vec<GroupRow<'a, Acc>>, at: Option<usize>, a: &Acc| {
        if let Some(i) = at {
            rows[i].acc.to_mut().merge(a);
        }
    };
    for (z, zone) in areas.zones.iter().enumerate() {
        let zone_row = zones.then(|| {
            rows.push(subtotal(cells(&zone.name, "小計", ""), None));
            rows.len() - 1
        });
        for (c, centre) in zone.centres.iter().enumerate() {
            rows.push(subtotal(cells(&zone.name, &centre.name, "小計"), zone_row));
            let centre_row = rows.len() - 1;
            for (i, region) in centre.regions.iter().enumerate() {
                let a = std::mem::take(&mut placed[z][c][i]);
                add_into(&mut rows, Some(centre_row), &a);
                add_into(&mut rows, zone_row, &a);
                rows.push(GroupRow {
                    labels: cells(&zone.name, &centre.name, region),
                    acc: Cow::Owned(a),
                    parent: Some(centre_row),
                    subtotal: false,
                });
            }
        }
    }
    if !outside.is_empty() {
        const NONE: &str = "地域区分なし";
        let mut first = cells(NONE, "小計", "");
        if !zones {
            first = cells("", NONE, "小計");
        }
        rows.push(subtotal(first, None));
        let at = rows.len() - 1;
        for (name, a) in outside {
            add_into(&mut rows, Some(at), a);
            rows.push(GroupRow {
                labels: cells(NONE, NONE, name),
                acc: Cow::Borrowed(a),
                parent: Some(at),
                subtotal: false,
            });
        }
    }
    (labels, rows)
}

/// 地域別 and 地域別_計画と見直し.
pub fn by_region(f: &Figures, areas: &AreaMap) -> Vec<Table> {
    let (labels, rows) = region_rows(&f.regions, areas);
    let caption = if areas.is_empty() {
        "地域別の集計".to_string()
    } else {
        format!("地域別の集計（{}）", labels.join(" → "))
    };
    let outcome = grouped(
        "地域別",
        &caption,
        &labels,
        &outcome_blocks(),
        region_rows(&f.regions, areas).1,
        &f.total,
        true,
    );
    let mut outcome = outcome;
    outcome.charts.push(evaluation_chart(
        &outcome,
        "地域別のニーズの評価（◎〇△×）",
        true,
    ));
    let process = grouped(
        &format!("地域別{PROCESS_SUFFIX}"),
        &format!("{caption}: モニタリング・計画の見直し・クライシスプラン・アンケート"),
        &labels,
        &process_blocks(),
        rows,
        &f.total,
        true,
    );
    vec![outcome, process]
}

pub fn by_period(f: &Figures, unit: Period, dates: DateFormat) -> Vec<Table> {
    let rows = || {
        f.periods
            .iter()
            .map(|(k, a)| GroupRow::flat(text(unit.label(*k, dates)), a))
            .collect()
    };
    let caption = format!("期間別の集計（{}）", unit.describe());
    let mut outcome = grouped(
        "期間別",
        &caption,
        &[unit.heading()],
        &outcome_blocks(),
        rows(),
        &f.total,
        false,
    );
    outcome.charts.push(evaluation_chart(
        &outcome,
        "期間別のニーズの評価（◎〇△×）",
        false,
    ));
    let process = grouped(
        &format!("期間別{PROCESS_SUFFIX}"),
        &format!("{caption}: モニタリング・計画の見直し・クライシスプラン・アンケート"),
        &[unit.heading()],
        &process_blocks(),
        rows(),
        &f.total,
        false,
    );
    vec![outcome, process]
}

pub fn by_domain(f: &Figures) -> Vec<Table> {
    let defs = blocks(vec![
        cases_block(),
        persons_block()
            .into_iter()
            .filter(|d| d.id != "persons.monitored")
            .collect(),
        needs_block(),
        answers_block(),
    ]);
    let groups = (0..=NO_DOMAIN)
        .map(|i| {
            let label = match DOMAINS.get(i) {
                Some(&g) => format!("{g} {}", domain_name(g)),
                None => "領域の記入なし".to_string(),
            };
            GroupRow::flat(text(label), &f.domains[i])
        })
        .collect();
    vec![grouped(
        "領域別",
        "領域別の集計（ニーズの領域 A〜F・O）",
        &["領域"],
        &defs,
        groups,
        &f.total,
        false,
    )]
}

pub fn by_plan_no(f: &Figures) -> Vec<Table> {
    let rows = || {
        f.plan_nos
            .iter()
            .map(|(n, a)| GroupRow::flat(vec![Cell::Int(*n as i64)], a))
            .collect()
    };
    let caption = "作成番号（支援計画の版）別の集計";
    let outcome = grouped(
        "作成番号別",
        caption,
        &["作成番号"],
        &outcome_blocks(),
        rows(),
        &f.total,
        false,
    );
    let process = grouped(
        &format!("作成番号別{PROCESS_SUFFIX}"),
        &format!("{caption}: モニタリング・計画の見直し"),
        &["作成番号"],
        &blocks(vec![sessions_block(), plans_block()]),
        rows(),
        &f.total,
        false,
    );
    vec![outcome, process]
}

pub fn by_timing(f: &Figures) -> Vec<Table> {
    let rows = || {
        f.timings
            .iter()
            .map(|(k, a)| GroupRow::flat(text(k.label()), a))
            .collect()
    };
    let caption = "評価時期別の集計";
    let outcome = grouped(
        "評価時期別",
        caption,
        &["評価時期"],
        &outcome_blocks(),
        rows(),
        &f.total,
        false,
    );
    let process = grouped(
        &format!("評価時期別{PROCESS_SUFFIX}"),
        &format!("{caption}: モニタリングの内訳"),
        &["評価時期"],
        &sessions_block(),
        rows(),
        &f.total,
        false,
    );
    vec![outcome, process]
}

/// How many 年度 the year-over-year table compares (the latest ones with records): four fit an A4
/// page across with their 前年度比.
pub const YOY_YEARS: usize = 4;

/// The measures of the year-over-year table, each a band of one column per 年度 and (for counts) a
/// 前年度比. Ids are by position among the years shown, so that they are static and unique.
struct YoyMeasure {
    band: &'static str,
    /// Under each 年度's heading: CSV headings must be unique.
    short: &'static str,
    ids: [&'static str; YOY_YEARS],
    ratio_id: &'static str,
    /// A count (with a 前年度比) or a rate.
    value: Value<Acc>,
}

/// A 年度's 目標達成率 is hidden with the counts it is built from.
const YOY_ATTAIN_DEPS: [[&str; 2]; YOY_YEARS] = [
    ["yoy.closed.1", "yoy.needs.1"],
    ["yoy.closed.2", "yoy.needs.2"],
    ["yoy.closed.3", "yoy.needs.3"],
    ["yoy.closed.4", "yoy.needs.4"],
];

/// The measure of 期間別 (by 年度) that each count of 年度比較 repeats.
pub const YOY_SAME_AS: [(&str, &str); 3] = [
    ("yoy.persons.", "persons.evaluated"),
    ("yoy.needs.", "need.evaluated"),
    ("yoy.closed.", "need.closed"),
];

const YOY_DEPS: [[&str; 2]; 3] = [
    ["yoy.persons.3", "yoy.persons.4"],
    ["yoy.needs.3", "yoy.needs.4"],
    ["yoy.closed.3", "yoy.closed.4"],
];

fn yoy_measures() -> Vec<YoyMeasure> {
    vec![
        YoyMeasure {
            band: "評価を受けた人（実人員）",
            short: "実人員",
            ids: [
                "yoy.persons.1",
                "yoy.persons.2",
                "yoy.persons.3",
                "yoy.persons.4",
            ],
            ratio_id: "yoy.persons.ratio",
            value: Value::Count(|a| a.evaluated_persons.n),
        },
        YoyMeasure {
            band: "評価したニーズ（延べ）",
            short: "評価済み",
            ids: ["yoy.needs.1", "yoy.needs.2", "yoy.needs.3", "yoy.needs.4"],
            ratio_id: "yoy.needs.ratio",
            value: Value::Count(evaluated),
        },
        YoyMeasure {
            band: "◎ 終結（延べ）",
            short: "◎",
            ids: [
                "yoy.closed.1",
                "yoy.closed.2",
                "yoy.closed.3",
                "yoy.closed.4",
            ],
            ratio_id: "yoy.closed.ratio",
            value: Value::Count(|a| a.needs[0]),
        },
        YoyMeasure {
            band: "目標達成率（◎ ÷ 評価済み）",
            short: "達成率",
            ids: [
                "yoy.attain.1",
                "yoy.attain.2",
                "yoy.attain.3",
                "yoy.attain.4",
            ],
            ratio_id: "",
            value: Value::Rate(|a| (a.needs[0], evaluated(a))),
        },
    ]
}

/// 年度 × 地域: the evaluations of the latest [`YOY_YEARS`] 年度, whatever --period is, with
/// 前年度比 (latest ÷ the one before) for the counts. None when the records span one 年度 only.
pub fn year_over_year(f: &Figures, areas: &AreaMap, dates: DateFormat) -> Option<Table> {
    if f.years.len() < 2 {
        return None;
    }
    let shown: Vec<i32> = f
        .years
        .iter()
        .rev()
        .take(YOY_YEARS)
        .rev()
        .map(|(y, _)| *y)
        .collect();
    let n = shown.len();
    // Slots are filled from the right, so the 前年度比 always compares slots 3 and 4.
    let slot = |i: usize| YOY_YEARS - n + i;
    let (labels, rows) = region_rows(&f.regions, areas);
    let mut columns: Vec<Column> = labels.iter().map(|l| Column::label(*l)).collect();
    let measures = yoy_measures();
    for (mi, m) in measures.iter().enumerate() {
        for (i, y) in shown.iter().enumerate() {
            columns.push(Column {
                heading: format!("{}\n{}", dates.fiscal_year(*y), m.short),
                band: Some(m.band),
                measure: Some(Measure {
                    id: m.ids[slot(i)],
                    deps: match m.value {
                        Value::Rate(_) => &YOY_ATTAIN_DEPS[slot(i)],
                        _ => &[],
                    },
                    guard_sum: false,
                    additive: matches!(m.value, Value::Count(_)),
                    percent: matches!(m.value, Value::Rate(_)),
                }),
            });
        }
        if matches!(m.value, Value::Count(_)) {
            columns.push(Column {
                heading: format!("{}\n前年度比", m.short),
                band: Some(m.band),
                measure: Some(Measure {
                    id: m.ratio_id,
                    deps: &YOY_DEPS[mi],
                    guard_sum: false,
                    additive: false,
                    percent: true,
                }),
            });
        }
    }
    let mut t = Table::new(
        "年度比較",
        format!("年度別の比較（最新{n}年度、地域別）"),
        columns,
    );
    // Each 年度's rows over every 地域 of the report, so that all years have the same rows.
    let year_lists: Vec<Vec<(String, Acc)>> = shown
        .iter()
        .map(|&y| {
            f.regions
                .iter()
                .map(|(r, _)| {
                    let a = f.region_years.get(&(r.clone(), y)).cloned();
                    (r.clone(), a.unwrap_or_default())
                })
                .collect()
        })
        .collect();
    let year_rows: Vec<Vec<GroupRow<'_, Acc>>> = year_lists
        .iter()
        .map(|list| region_rows(list, areas).1)
        .collect();
    let line = |labels: Vec<Cell>, years: &[&Acc]| -> Vec<Cell> {
        let mut cells = labels;
        for m in &measures {
            for a in years {
                cells.push(match &m.value {
                    Value::Count(c) => Cell::Count(c(a)),
                    Value::Rate(r) => {
                        let (num, den) = r(a);
                        Cell::rate(num, den)
                    }
                    Value::Mean(_) => Cell::Empty,
                });
            }
            if let Value::Count(c) = &m.value {
                cells.push(Cell::rate(c(years[n - 1]), c(years[n - 2])));
            }
        }
        cells
    };
    let totals: Vec<Acc> = shown
        .iter()
        .map(|&y| {
            f.years
                .iter()
                .find(|(k, _)| *k == y)
                .map(|(_, a)| a.clone())
                .unwrap_or_default()
        })
        .collect();
    let mut total_labels = vec![Cell::Text("全体".into())];
    total_labels.resize(labels.len(), Cell::Empty);
    let total_cells = line(total_labels, &totals.iter().collect::<Vec<_>>());
    let placed = rows
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let years: Vec<&Acc> = year_rows.iter().map(|r| r[i].acc.as_ref()).collect();
            (line(g.labels.clone(), &years), g.parent, g.subtotal)
        })
        .collect();
    place_rows(&mut t, total_cells, placed);
    t.notes.push("前年度比 = 最新の年度 ÷ その前の年度（100% なら同じ）。年度は4月〜翌3月で、--period の指定によらず年度ごとに数えます。".into());
    Some(t)
}

/// Short item names for tables and chart axes (the list of spec/intake.md).
pub const ITEM_SHORT: [&str; 27] = [
    "住居",
    "経済的",
    "家族、パートナー等との関係",
    "18歳以下の子供の養育",
    "高齢者、障害者の介護",
    "食事",
    "自室や生活環境の整理整頓",
    "入浴、歯磨き等の清潔保持",
    "電話",
    "公共交通機関、車等の移動手段",
    "お金の管理",
    "読み書き、計算等",
    "日中の時間の過ごし方",
    "家族以外との社会的交流",
    "幻覚、妄想",
    "体の病気、副作用",
    "不安、抑うつ",
    "性に関係する問題",
    "治療や処遇についての情報",
    "病気の自己管理",
    "アルコール",
    "薬物",
    "自殺に関連する行動や自傷",
    "他者に対する暴力、威嚇行動",
    "衝動性や強迫行為、こだわり",
    "その他1",
    "その他2",
];

pub fn item_label(i: usize) -> String {
    format!("{} {}", ITEMS[i].id, ITEM_SHORT[i])
}

pub fn by_item(f: &Figures) -> Table {
    let defs: Vec<Def<Acc>> = std::iter::once(people(
        "q.persons",
        B_ANSWERS,
        "対象\n人数",
        |a: &Acc| a.q_persons,
    ))
    .chain(answers_block())
    .collect();
    let groups = f
        .items
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let g = ITEMS[i].group;
            GroupRow::flat(
                vec![
                    Cell::Text(item_label(i)),
                    Cell::Text(format!("{g} {}", domain_name(g))),
                ],
                a,
            )
        })
        .collect();
    let mut t = grouped(
        "アンケート_項目別",
        "項目別の回答（各人の最新のアンケート）",
        &["項目", "領域"],
        &defs,
        groups,
        &f.total,
        false,
    );
    let series = [("q.met_share", 0x4393C3), ("q.unmet_share", 0xD6604D)];
    t.charts.push(ChartSpec {
        title: "項目別のニーズ率（支援済み＋要支援）".to_string(),
        horizontal: true,
        series: series
            .iter()
            .filter_map(|(id, c)| Some((t.column_of(id)?, *c)))
            .collect(),
        percent_axis: true,
    });
    t
}

pub fn change(f: &Figures) -> Table {
    let groups = f
        .change
        .iter()
        .map(|(name, c)| GroupRow::flat(text(name.as_str()), c))
        .collect();
    let mut t = grouped(
        "アンケート_初回と最新",
        "初回と最新のアンケートの比較（期間内に2回以上回答した人、地域別）",
        &["地域"],
        &change_block(),
        groups,
        &f.change_total,
        true,
    );
    // One autofilter per sheet: the item table above has it.
    t.filter = false;
    t
}

/// Every table of the grouped sheets has these notes in common.
pub fn unit_notes() -> Vec<String> {
    vec![
        "ニーズの評価は、支援計画の版ごとのニーズ1件を1件と数えます（同じニーズが次の版にも載れば、次の版の評価として改めて数えます）。".into(),
        "目標達成率 = ◎ ÷ 評価済み（◎〇△×）、順調率 = （◎＋〇）÷ 評価済み、短期目標達成率 = 達成 ÷（達成＋一部達成＋未達成）。".into(),
    ]
}

/// One line of Japanese per measure, for 概要's 指標の説明 (a test keeps it complete).
const MEASURE_DOCS: &[(&str, &str)] = &[
    ("cases", "その期間にケースマネジメントを受けていたケース（人）の数。作成番号別・評価時期別・領域別では、その行に数えた記録のあるケースの数。"),
    ("persons.evaluated", "実人員: ◎〇△×のいずれかの評価を受けたニーズが1件以上ある人の数（1人を1と数える）。"),
    ("persons.closed", "実人員: ◎（終結）の評価が1件以上ある人の数。"),
    ("persons.monitored", "実人員: その期間にモニタリングを1回以上受けた人の数。"),
    ("need.total", "延べ: 支援計画の版ごとのニーズの件数（評価済みと未評価の合計）。"),
    ("need.closed", "延べ: ◎ 終結（目標を達成して支援を終えた）と評価したニーズの件数。"),
    ("need.smooth", "延べ: 〇 円滑（支援が順調に進んでいる）と評価したニーズの件数。"),
    ("need.issues", "延べ: △ 課題あり（支援に課題がある）と評価したニーズの件数。"),
    ("need.stopped", "延べ: × 中止・困難と評価したニーズの件数。"),
    ("need.none", "延べ: 評価が空欄のニーズの件数（率の分母に含めません）。"),
    ("need.evaluated", "延べ: ◎〇△×の合計。"),
    ("need.attain", "目標達成率 = ◎ ÷ 評価済み（◎〇△×の合計）。"),
    ("need.ontrack", "順調率 = （◎＋〇）÷ 評価済み。"),
    ("mon.total", "延べ: モニタリングの回数（実施日の期間に数える）。"),
    ("goal.met", "延べ: 短期目標を「達成」としたモニタリングの回数。"),
    ("goal.partly", "延べ: 短期目標を「一部達成」としたモニタリングの回数。"),
    ("goal.notmet", "延べ: 短期目標を「未達成」としたモニタリングの回数。"),
    ("goal.blank", "延べ: 短期目標の達成が空欄のモニタリングの回数。"),
    ("goal.rate", "短期目標達成率 = 達成 ÷（達成＋一部達成＋未達成）。"),
    ("set.individual", "延べ: 個別面接で行ったモニタリングの回数。"),
    ("set.meeting", "延べ: ケア会議等で行ったモニタリングの回数。"),
    ("set.other", "延べ: その他のセッティングで行ったモニタリングの回数。"),
    ("kind.update", "延べ: 更新区分が「作成/更新」のモニタリングの回数。"),
    ("kind.minor", "延べ: 更新区分が「微修正」のモニタリングの回数。"),
    ("kind.monitoring", "延べ: 更新区分が「モニタリング（内容確認）」のモニタリングの回数。"),
    ("kind.other", "延べ: 更新区分が「その他」のモニタリングの回数。"),
    ("plan.versions", "延べ: 作成日がその期間にある支援計画の版の数。"),
    ("review.due", "延べ: 次回見直し予定時期がその期間にある版の数（予定時期までにCMが終了した版を除く）。"),
    ("review.ontime", "延べ: 予定時期までに見直した版の数（予定時期の30日前以降のモニタリング、または次の版の作成）。"),
    ("review.late", "延べ: 予定時期を過ぎてから見直した版の数。"),
    ("review.missed", "延べ: 予定時期が基準日より前で、まだ見直していない版の数。"),
    ("review.pending", "延べ: 予定時期が基準日以降で、まだ見直していない版の数。"),
    ("review.rate", "期限内実施率 = 期限内 ÷（期限内＋遅れ＋未実施）。"),
    ("crisis.cases", "実人員: 作成日がその期間にあるクライシスプランのある人の数。"),
    ("cm.ended", "CM終了日がその期間にあるケースの数。"),
    ("q.persons", "実人員: その期間にアンケートに回答した人の数（各人の最新の1枚を数える）。"),
    ("q.met", "回答が 1（支援済み）の項目の数（各人の最新のアンケート）。"),
    ("q.unmet", "回答が 2（要支援、未充足）の項目の数（各人の最新のアンケート）。"),
    ("q.needs_pp", "1人あたりニーズ数 = （1と2の回答数）÷ 回答者数。"),
    ("q.unmet_pp", "1人あたり未充足数 = 2の回答数 ÷ 回答者数。"),
    ("q.unmet_rate", "未充足率 = 2 ÷（1＋2）。"),
    ("q.answered", "回答数 = 1＋2＋0＋9（未回答を除く）。"),
    ("q.met_share", "支援済み割合 = 1 ÷ 回答数。"),
    ("q.unmet_share", "要支援割合 = 2 ÷ 回答数。"),
    ("q.noneed", "回答が 0（不要）の数。"),
    ("q.noneed_share", "不要割合 = 0 ÷ 回答数。"),
    ("q.unknown", "回答が 9（不明）の数。"),
    ("q.unknown_share", "不明割合 = 9 ÷ 回答数。"),
    ("q.unanswered", "回答が空欄の項目の数。"),
    ("q.prevalence", "ニーズ率 = （1＋2）÷ 回答数。"),
    ("chg.persons", "実人員: 期間内にアンケートに2回以上回答した人の数。"),
    ("chg.first_met", "その人たちの初回のアンケートの 1（支援済み）の数の平均。"),
    ("chg.first_unmet", "その人たちの初回のアンケートの 2（要支援）の数の平均。"),
    ("chg.last_met", "その人たちの最新のアンケートの 1（支援済み）の数の平均。"),
    ("chg.last_unmet", "その人たちの最新のアンケートの 2（要支援）の数の平均。"),
    ("chg.diff", "要支援の増減 = 最新の 2 の数 − 初回の 2 の数 の平均（負なら減った）。"),
    ("chg.fewer", "実人員: 要支援の数が初回より減った人の数。"),
    ("chg.same", "実人員: 要支援の数が初回と同じ人の数。"),
    ("chg.more", "実人員: 要支援の数が初回より増えた人の数。"),
    ("yoy.ratio", "年度比較の前年度比 = 最新の年度の値 ÷ その前の年度の値。"),
];

/// 概要's 指標の説明: every measure the report shows, by its heading, in one line each.
pub fn measure_docs(tables: &[&Table]) -> Table {
    let mut t = Table::new(
        "概要_指標の説明",
        "指標の説明（延べ = 件数・回数、実人員 = 人数。1人は何件あっても1と数えます）",
        vec![Column::label("指標"), Column::label("説明")],
    );
    let mut seen: Vec<&str> = Vec::new();
    for table in tables {
        for c in &table.columns {
            let Some(m) = c.measure else { continue };
            let key = if m.id.starts_with("yoy.") {
                if !m.id.ends_with(".ratio") {
                    continue; // each 年度's figure is the measure named in its band
                }
                "yoy.ratio"
            } else {
                m.id
            };
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let doc = MEASURE_DOCS
                .iter()
                .find(|(id, _)| *id == key)
                .map_or("", |(_, d)| d);
            let name = if key == "yoy.ratio" {
                "前年度比（年度比較）".to_string()
            } else {
                c.flat_heading()
            };
            t.rows.push(vec![Cell::Text(name), Cell::Text(doc.into())]);
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_unique_within_each_table() {
        let f = Figures {
            domains: vec![Acc::default(); NO_DOMAIN + 1],
            items: vec![Acc::default(); 27],
            ..Default::default()
        };
        let mut f = f;
        f.years = vec![(2023, Acc::default()), (2024, Acc::default())];
        f.regions = vec![
            ("A市".into(), Acc::default()),
            ("外".into(), Acc::default()),
        ];
        let mut ds = crate::model::Dataset::default();
        ds.tables.push(crate::model::TableMeta {
            sheet: crate::contract::sheets::Sheet::Areas,
            origin: std::sync::Arc::new(crate::finding::Origin {
                file: "a.csv".into(),
                sheet: None,
            }),
            layout: crate::model::raw::Layout::Columns(vec![Some(0), Some(1), Some(2)]),
        });
        ds.areas.push(crate::model::Area {
            region: "A市".into(),
            centre: "北保健所".into(),
            zone: "北部".into(),
            at: crate::model::RowRef { table: 0, line: 2 },
        });
        let areas = AreaMap::new(&ds, &mut crate::finding::Findings::default());
        let d = DateFormat::default();
        let mut all = vec![headline(&f), by_item(&f), change(&f)];
        all.extend(by_region(&f, &AreaMap::default()));
        all.extend(by_region(&f, &areas));
        all.extend(by_period(&f, Period::Year, d));
        all.extend(by_domain(&f));
        all.extend(by_plan_no(&f));
        all.extend(by_timing(&f));
        all.extend(year_over_year(&f, &areas, d));
        all.extend(year_over_year(&f, &AreaMap::default(), d));
        let refs: Vec<&Table> = all.iter().collect();
        let docs = measure_docs(&refs);
        for row in &docs.rows {
            assert_ne!(
                row[1],
                Cell::Text(String::new()),
                "no 説明 for {:?}",
                row[0]
            );
        }
        for t in all {
            let mut seen = std::collections::HashSet::new();
            for c in &t.columns {
                assert!(seen.insert(c.flat_heading()), "{}: {}", t.name, c.heading);
            }
            for c in &t.columns {
                for dep in c.measure.map_or(&[][..], |m| m.deps) {
                    assert!(
                        t.column_of(dep).is_some(),
                        "{}: {} needs {}",
                        t.name,
                        c.heading,
                        dep
                    );
                }
            }
        }
        assert_eq!(ITEM_SHORT.len(), ITEMS.len());
    }
}
