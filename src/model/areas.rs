//! 地域区分: how an office's 地域 nest into 保健所 and 圏域, as Japanese regional statistics are
//! published (全体 → 圏域 → 保健所 → 地域). Read from a 地域区分 sheet of any intake or from
//! `report --areas FILE`; the order of its rows is the order of the report's rows (offices list
//! their municipalities in their own customary order, often by 市町村コード).

use super::{Dataset, RowRef};
use crate::contract::sheets::Key;
use crate::contract::text::fold;
use crate::finding::Findings;
use std::collections::HashMap;

/// A 保健所 and the 地域 under it, in table order.
#[derive(Debug, Clone)]
pub struct Centre {
    pub name: String,
    pub regions: Vec<String>,
}

/// A 圏域 (possibly unnamed: an office without 圏域 has one, empty) and its 保健所.
#[derive(Debug, Clone)]
pub struct Zone {
    pub name: String,
    pub centres: Vec<Centre>,
}

#[derive(Debug, Clone, Default)]
pub struct AreaMap {
    pub zones: Vec<Zone>,
    /// Folded 地域 → (zone, centre) indices.
    index: HashMap<String, (usize, usize)>,
}

impl AreaMap {
    /// The first row of each 地域 wins; a later row that says otherwise, and a 保健所 placed
    /// in two 圏域, are warnings (they would make the subtotals disagree with the office's table).
    pub fn new(ds: &Dataset, f: &mut Findings) -> AreaMap {
        let mut map = AreaMap::default();
        let mut first_row: HashMap<String, RowRef> = HashMap::new();
        let mut centre_zone: HashMap<String, (usize, RowRef)> = HashMap::new();
        for a in &ds.areas {
            let key = fold(&a.region);
            if let Some(&(z, c)) = map.index.get(&key) {
                let (zone, centre) = (&map.zones[z].name, &map.zones[z].centres[c].name);
                if fold(zone) != fold(&a.zone) || fold(centre) != fold(&a.centre) {
                    f.warning("W602", ds.loc(a.at, Key::Region), None, format!(
                        "地域「{}」が地域区分に2回あり、保健所・圏域が違います（{}）。1行にまとめてください。集計では最初の行を使います。",
                        a.region, ds.describe(first_row[&key])
                    ));
                }
                continue;
            }
            let z = match map
                .zones
                .iter()
                .position(|z| fold(&z.name) == fold(&a.zone))
            {
                Some(z) => z,
                None => {
                    map.zones.push(Zone {
                        name: a.zone.clone(),
                        centres: Vec::new(),
                    });
                    map.zones.len() - 1
                }
            };
            let centre_key = fold(&a.centre);
            let z = match centre_zone.get(&centre_key) {
                Some(&(other, at)) if other != z => {
                    f.warning("W603", ds.loc(a.at, Key::Zone), None, format!(
                        "保健所「{}」が2つの圏域（「{}」と「{}」、{}）に入っています。保健所は1つの圏域にまとめてください。集計では最初の圏域「{}」に入れます。",
                        a.centre, map.zones[other].name, a.zone, ds.describe(at), map.zones[other].name
                    ));
                    other
                }
                Some(_) => z,
                None => {
                    centre_zone.insert(centre_key.clone(), (z, a.at));
                    z
                }
            };
            let centres = &mut map.zones[z].centres;
            let c = match centres.iter().position(|c| fold(&c.name) == centre_key) {
                Some(c) => c,
                None => {
                    centres.push(Centre {
                        name: a.centre.clone(),
                        regions: Vec::new(),
                    });
                    centres.len() - 1
                }
            };
            centres[c].regions.push(a.region.clone());
            map.index.insert(key.clone(), (z, c));
            first_row.insert(key, a.at);
        }
        map.zones.retain(|z| !z.centres.is_empty());
        map
    }

    pub fn is_empty(&self) -> bool {
        self.zones.is_empty()
    }

    /// Whether the table names 圏域 at all (otherwise the report nests 保健所 → 地域 only).
    pub fn has_zones(&self) -> bool {
        self.zones.iter().any(|z| !z.name.is_empty())
    }

    /// The (zone, centre) of a 地域 as a case writes it, width and spaces aside.
    pub fn locate(&self, region: &str) -> Option<(usize, usize)> {
        self.index.get(&fold(region)).copied()
    }
}

/// Every 地域 of the ケース sheets that the 地域区分 leaves out: one warning per 地域, at its
/// first case's cell, with how many cases it holds.
pub fn check_regions(ds: &Dataset, map: &AreaMap, f: &mut Findings) {
    if map.is_empty() {
        return;
    }
    // In order of first appearance: (地域, its first case's row, cases).
    let mut missing: Vec<(&str, RowRef, usize)> = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for c in &ds.cases {
        if c.region.is_empty() || map.locate(&c.region).is_some() {
            continue;
        }
        match seen.get(c.region.as_str()) {
            Some(&i) => missing[i].2 += 1,
            None => {
                seen.insert(&c.region, missing.len());
                missing.push((&c.region, c.at, 1));
            }
        }
    }
    for (region, at, n) in missing {
        f.warning("W601", ds.loc(at, Key::Region), None, format!(
            "地域「{region}」が地域区分にありません（この地域のケース {n}件）。地域区分に行を追加するか、ケースシートの地域の書き方を地域区分に揃えてください。集計では「地域区分なし」にまとめます。"
        ));
    }
}
