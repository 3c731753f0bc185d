//! 前年度比較: the measures that compare fiscal years, per region.

use super::*;

/// How many 年度 the year-over-year table compares (the latest ones with records): four fit an A4
/// page across with their 前年度比.
pub const YOY_YEARS: usize = 4;

/// The measures of the year-over-year table, each a band of one column per 年度 and (for counts) a
/// 前年度比. Ids are by position among the years shown, so that they are static and unique.
pub(super) struct YoyMeasure {
    band: &'static str,
    /// Under each 年度's heading: CSV headings must be unique.
    short: &'static str,
    ids: [&'static str; YOY_YEARS],
    ratio_id: &'static str,
    /// A count (with a 前年度比) or a rate.
    value: Value<Acc>,
}

/// A 年度's 目標達成率 is hidden with the counts it is built from.
pub(super) const YOY_ATTAIN_DEPS: [[&str; 2]; YOY_YEARS] = [
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

pub(super) const YOY_DEPS: [[&str; 2]; 3] = [
    ["yoy.persons.3", "yoy.persons.4"],
    ["yoy.needs.3", "yoy.needs.4"],
    ["yoy.closed.3", "yoy.closed.4"],
];

pub(super) fn yoy_measures() -> Vec<YoyMeasure> {
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
    t.notes.push("前年度比 = 最新の年度 ÷ その前の年度（100% なら同じ）。年度は4月〜翌3月で、期間の単位（年度・四半期・月）の指定によらず年度ごとに数えます。".into());
    Some(t)
}
