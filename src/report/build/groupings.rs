//! The tables by grouping: 地域別 (nested by 圏域 and 保健所 when the areas are known), 期間別,
//! 領域別, 作成番号別 and 評価時期別.

use super::*;

/// The 地域 rows: flat, or nested 圏域 → 保健所 → 地域 with 小計 rows when a 地域区分 is given.
/// `accs` holds each 地域 as the cases spell it; 地域 of the table without a case print as zero
/// rows (published tables list every municipality), cases' 地域 missing from the table are
/// gathered under 地域区分なし.
pub(super) fn region_rows<'a>(
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
