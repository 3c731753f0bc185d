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

mod groupings;
mod items;
mod measures;
mod yoy;

use groupings::*;
pub use groupings::{by_domain, by_period, by_plan_no, by_region, by_timing};
pub use items::{by_item, change, item_label, measure_docs, unit_notes, ITEM_SHORT};
use measures::*;
pub use yoy::{year_over_year, YOY_SAME_AS, YOY_YEARS};

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
