//! Small-cell suppression for publication (`--suppress-below N`).
//!
//! Primary: every count below N is hidden. Secondary (二次秘匿): a hidden count must not be
//! recoverable by subtraction, so wherever an equation the reader can see (the parts of a row add
//! up to its total; the groups of a column add up to 全体) has exactly one hidden cell, the
//! smallest visible part is hidden too, until no equation has a single unknown. The 全体 figures
//! appear in several tables (and on 概要): hidden in one, they are hidden in all. Then every rate
//! or mean built on a hidden count, or on a numerator or denominator below N, is hidden.
//!
//! This protects against one-step subtraction, the usual attack on published tables; it does not
//! solve the general linear-programming problem of interval disclosure.

use super::table::{Cell, Layout, Table};
use std::collections::HashSet;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Suppressed {
    /// Counts below N.
    pub primary: usize,
    /// Counts hidden so that the others cannot be recovered.
    pub secondary: usize,
    /// Rates and means hidden with them.
    pub derived: usize,
}

/// (table, row, column) in the list given to [`suppress`].
pub type Pos = (usize, usize, usize);

fn count_at(tables: &[&mut Table], (t, r, c): Pos) -> Option<u64> {
    match tables[t].rows[r][c] {
        Cell::Count(v) => Some(v),
        _ => None,
    }
}

/// The equations a reader can see, as cell positions: parts first, the total last.
fn equations(tables: &[&mut Table]) -> Vec<Vec<Pos>> {
    let mut eqs: Vec<Vec<Pos>> = Vec::new();
    for (t, table) in tables.iter().enumerate() {
        for r in 0..table.rows.len() {
            for (parts, total) in &table.sums {
                eqs.push(parts.iter().chain([total]).map(|&c| (t, r, c)).collect());
            }
        }
        if table.layout != Layout::Rows {
            continue;
        }
        for (parts, sum) in table.column_sums() {
            if parts.is_empty() {
                continue;
            }
            for (c, col) in table.columns.iter().enumerate() {
                if col.measure.is_some_and(|m| m.additive) {
                    eqs.push(parts.iter().chain([&sum]).map(|&r| (t, r, c)).collect());
                }
            }
        }
    }
    eqs.retain(|eq| eq.iter().all(|&p| count_at(tables, p).is_some()));
    eqs
}

/// `same`: pairs of cells that show the same figure in two tables (beyond the 全体 rows, which are
/// matched by measure): hidden in one, hidden in both.
pub fn suppress(tables: &mut [&mut Table], below: u64, same: &[(Pos, Pos)]) -> Suppressed {
    let mut stats = Suppressed::default();
    if below == 0 {
        return stats;
    }
    let mut hidden: HashSet<Pos> = HashSet::new();
    for (t, table) in tables.iter().enumerate() {
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                if matches!(cell, Cell::Count(v) if *v < below)
                    && table.columns[c].measure.is_some()
                {
                    hidden.insert((t, r, c));
                }
            }
        }
    }
    stats.primary = hidden.len();

    let eqs = equations(tables);
    loop {
        let mut changed = false;
        for eq in &eqs {
            if eq.iter().filter(|p| hidden.contains(p)).count() != 1 {
                continue;
            }
            let (parts, total) = eq.split_at(eq.len() - 1);
            let pick = parts
                .iter()
                .filter(|p| !hidden.contains(p))
                .min_by_key(|p| count_at(tables, **p))
                .or_else(|| total.iter().find(|p| !hidden.contains(p)));
            if let Some(&p) = pick {
                hidden.insert(p);
                changed = true;
            }
        }
        // The same 全体 figure in another table would give it away.
        let hidden_totals: HashSet<&str> = hidden
            .iter()
            .filter(|(t, r, _)| tables[*t].total_row == Some(*r))
            .filter_map(|&(t, _, c)| tables[t].columns[c].measure.map(|m| m.id))
            .collect();
        let mut sync = Vec::new();
        for (t, table) in tables.iter().enumerate() {
            let Some(tr) = table.total_row else { continue };
            for (c, col) in table.columns.iter().enumerate() {
                let p = (t, tr, c);
                if col.measure.is_some_and(|m| hidden_totals.contains(m.id))
                    && count_at(tables, p).is_some()
                    && !hidden.contains(&p)
                {
                    sync.push(p);
                }
            }
        }
        for &(a, b) in same {
            match (hidden.contains(&a), hidden.contains(&b)) {
                (true, false) => sync.push(b),
                (false, true) => sync.push(a),
                _ => {}
            }
        }
        changed |= !sync.is_empty();
        hidden.extend(sync);
        if !changed {
            break;
        }
    }
    stats.secondary = hidden.len() - stats.primary;
    for &(t, r, c) in &hidden {
        tables[t].rows[r][c] = Cell::Suppressed;
    }

    for table in tables.iter_mut() {
        for r in 0..table.rows.len() {
            // Columns may depend on columns to their left that were just hidden: until stable.
            loop {
                let mut changed = false;
                for c in 0..table.columns.len() {
                    let Some(m) = table.columns[c].measure else {
                        continue;
                    };
                    let small = |v: u64| v < below;
                    let hide = match table.rows[r][c] {
                        Cell::Rate { num, den } => small(num) || small(den),
                        Cell::Mean { sum, n } => {
                            small(n) || (m.guard_sum && small(sum.unsigned_abs()))
                        }
                        // No denominator: showing the blank would tell it is 0.
                        Cell::Empty => true,
                        _ => continue,
                    } || m.deps.iter().any(|d| {
                        table
                            .column_of(d)
                            .is_some_and(|dc| table.rows[r][dc] == Cell::Suppressed)
                    });
                    if hide {
                        table.rows[r][c] = Cell::Suppressed;
                        stats.derived += 1;
                        changed = true;
                    }
                }
                if !changed {
                    break;
                }
            }
        }
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::table::{Column, Measure};

    fn col(id: &'static str, deps: &'static [&'static str]) -> Column {
        Column {
            heading: id.to_string(),
            band: None,
            measure: Some(Measure {
                id,
                deps,
                guard_sum: false,
                additive: deps.is_empty(),
                percent: !deps.is_empty(),
            }),
        }
    }

    /// Two groups and 全体; columns a + b = n, and rate a / n.
    fn table(rows: &[[u64; 3]]) -> Table {
        let mut t = Table::new(
            "t",
            "t",
            vec![
                Column::label("g"),
                col("a", &[]),
                col("b", &[]),
                col("n", &[]),
                col("r", &["a", "n"]),
            ],
        );
        for (i, r) in rows.iter().enumerate() {
            t.rows.push(vec![
                Cell::Text(format!("g{i}")),
                Cell::Count(r[0]),
                Cell::Count(r[1]),
                Cell::Count(r[2]),
                Cell::rate(r[0], r[2]),
            ]);
        }
        t.total_row = Some(rows.len() - 1);
        t.sums.push((vec![1, 2], 3));
        t
    }

    #[test]
    fn a_lone_hidden_cell_takes_a_partner() {
        let mut t = table(&[[2, 20, 22], [30, 40, 70], [32, 60, 92]]);
        let s = suppress(&mut [&mut t], 5, &[]);
        assert_eq!(s.primary, 1);
        // Row g0: a hidden, so b (the only other part) too; column a: g0 hidden, so g1's a
        // (the only other group) too; row g1: a hidden, so b; column b: g0 and g1 hidden: fine.
        assert_eq!(t.rows[0][1], Cell::Suppressed);
        assert_eq!(t.rows[0][2], Cell::Suppressed);
        assert_eq!(t.rows[1][1], Cell::Suppressed);
        assert_eq!(t.rows[1][2], Cell::Suppressed);
        assert_eq!(t.rows[2][1], Cell::Count(32));
        assert_eq!(t.rows[0][4], Cell::Suppressed);
        assert_eq!(t.rows[1][4], Cell::Suppressed);
        assert_eq!(t.rows[2][4], Cell::Rate { num: 32, den: 92 });
        assert_eq!(s.secondary, 3);
    }

    #[test]
    fn nothing_small_nothing_hidden() {
        let mut t = table(&[[10, 20, 30], [30, 40, 70], [40, 60, 100]]);
        let before = t.rows.clone();
        assert_eq!(suppress(&mut [&mut t], 5, &[]), Suppressed::default());
        assert_eq!(t.rows, before);
    }

    #[test]
    fn totals_agree_across_tables() {
        let mut t1 = table(&[[10, 20, 30], [30, 40, 70], [40, 60, 100]]);
        let mut t2 = table(&[[10, 20, 30], [30, 40, 70], [40, 60, 100]]);
        t2.rows[2][1] = Cell::Count(4);
        suppress(&mut [&mut t1, &mut t2], 5, &[]);
        assert_eq!(t1.rows[2][1], Cell::Suppressed);
        assert_eq!(t1.rows[2][4], Cell::Suppressed);
    }
}
