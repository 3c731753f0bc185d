//! The report's tables, built from [`Figures`]: which measures each grouping shows, their headings,
//! and how rates are made. Every measure is declared once and reused by every table that shows it.

use super::aggregate::{Acc, Change, Figures, DOMAINS, NO_DOMAIN, UNANSWERED, UNEVALUATED};
use super::period::Period;
use super::table::{Cell, ChartSpec, Column, Layout, Measure, Table};
use crate::model::codes::{domain_name, ITEMS};
use crate::model::date::DateFormat;

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

/// Builds a table: label columns, then one column per measure; one row per group, then 全体.
/// `people_split`: the groups split the people (regions), so counts of people add up too.
fn grouped<T>(
    name: &str,
    caption: &str,
    labels: &[&str],
    defs: &[Def<T>],
    groups: Vec<(Vec<Cell>, &T)>,
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
    for (labels_of_row, t) in groups {
        table.rows.push(row(labels_of_row, t));
    }
    let mut total_labels = vec![Cell::Text("全体".into())];
    total_labels.resize(labels.len(), Cell::Empty);
    table.rows.push(row(total_labels, total));
    table.total_row = Some(table.rows.len() - 1);
    for (parts, sum) in SUMS {
        let cols: Option<Vec<usize>> = parts.iter().map(|p| table.column_of(p)).collect();
        if let (Some(cols), Some(total_col)) = (cols, table.column_of(sum)) {
            table.sums.push((cols, total_col));
        }
    }
    table.filter = true;
    table
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

fn full_blocks() -> Vec<Def<Acc>> {
    [
        cases_block(),
        needs_block(),
        goals_block(),
        sessions_block(),
        plans_block(),
        others_block(),
        quest_block(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

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

pub fn by_region(f: &Figures) -> Table {
    let groups = f
        .regions
        .iter()
        .map(|(name, a)| (text(name.as_str()), a))
        .collect();
    let mut t = grouped(
        "地域別",
        "地域別の集計",
        &["地域"],
        &full_blocks(),
        groups,
        &f.total,
        true,
    );
    t.charts
        .push(evaluation_chart(&t, "地域別のニーズの評価（◎〇△×）", true));
    t
}

pub fn by_period(f: &Figures, unit: Period, dates: DateFormat) -> Table {
    let groups = f
        .periods
        .iter()
        .map(|(k, a)| (text(unit.label(*k, dates)), a))
        .collect();
    let caption = format!("期間別の集計（{}）", unit.describe());
    let mut t = grouped(
        "期間別",
        &caption,
        &[unit.heading()],
        &full_blocks(),
        groups,
        &f.total,
        false,
    );
    t.charts
        .push(evaluation_chart(&t, "期間別のニーズの評価（◎〇△×）", false));
    t
}

pub fn by_domain(f: &Figures) -> Table {
    let defs: Vec<Def<Acc>> = [cases_block(), needs_block(), answers_block()]
        .into_iter()
        .flatten()
        .collect();
    let groups = (0..=NO_DOMAIN)
        .map(|i| {
            let label = match DOMAINS.get(i) {
                Some(&g) => format!("{g} {}", domain_name(g)),
                None => "領域の記入なし".to_string(),
            };
            (text(label), &f.domains[i])
        })
        .collect();
    grouped(
        "領域別",
        "領域別の集計（ニーズの領域 A〜F・O）",
        &["領域"],
        &defs,
        groups,
        &f.total,
        false,
    )
}

pub fn by_plan_no(f: &Figures) -> Table {
    let defs: Vec<Def<Acc>> = [
        cases_block(),
        needs_block(),
        goals_block(),
        sessions_block(),
        plans_block(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let groups = f
        .plan_nos
        .iter()
        .map(|(n, a)| (vec![Cell::Int(*n as i64)], a))
        .collect();
    grouped(
        "作成番号別",
        "作成番号（支援計画の版）別の集計",
        &["作成番号"],
        &defs,
        groups,
        &f.total,
        false,
    )
}

pub fn by_timing(f: &Figures) -> Table {
    let defs: Vec<Def<Acc>> = [
        cases_block(),
        needs_block(),
        goals_block(),
        sessions_block(),
    ]
    .into_iter()
    .flatten()
    .collect();
    let groups = f
        .timings
        .iter()
        .map(|(k, a)| (text(k.label()), a))
        .collect();
    grouped(
        "評価時期別",
        "評価時期別の集計",
        &["評価時期"],
        &defs,
        groups,
        &f.total,
        false,
    )
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
            (
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
        .map(|(name, c)| (text(name.as_str()), c))
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
        for t in [
            headline(&f),
            by_region(&f),
            by_period(&f, Period::Year, DateFormat::default()),
            by_domain(&f),
            by_plan_no(&f),
            by_timing(&f),
            by_item(&f),
            change(&f),
        ] {
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
