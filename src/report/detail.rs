//! The 明細 sheet: one row per need of every plan version counted, for the user's own pivot
//! tables. Rows are written straight from [`Detail`] (a million of them must not become a million
//! allocated table rows), through the labels prepared here.

use super::aggregate::{
    domain_of_item, Detail, DetailRow, Figures, TimingKey, DOMAINS, UNEVALUATED,
};
use super::build::item_label;
use super::period::{Period, PeriodKey};
use super::pseudonym::Pseudonymizer;
use crate::contract::codes::{domain_name, Code, Evaluation, ITEMS};
use crate::contract::date::DateFormat;
use crate::contract::text::display_width;
use chrono::NaiveDate;
use std::collections::HashMap;

/// One value of a 明細 row.
#[derive(Debug, Clone, Copy)]
pub enum Value<'a> {
    Text(&'a str),
    Number(f64),
    Date(NaiveDate),
    Blank,
}

pub struct DetailView<'f> {
    detail: &'f Detail,
    regions: &'f [String],
    ids: Vec<String>,
    pub pseudonymized: bool,
    unit: Period,
    years: HashMap<PeriodKey, String>,
    periods: HashMap<PeriodKey, String>,
    timings: HashMap<TimingKey, String>,
    items: Vec<String>,
    domains: Vec<String>,
}

const EVALS: [&str; 5] = ["◎", "〇", "△", "×", "未評価"];

impl<'f> DetailView<'f> {
    pub fn new(
        figures: &'f Figures,
        unit: Period,
        dates: DateFormat,
        pseudonymizer: Option<&Pseudonymizer>,
    ) -> Option<DetailView<'f>> {
        let detail = figures.detail.as_ref()?;
        let ids = match pseudonymizer {
            Some(p) => detail.cases.iter().map(|id| p.pseudonym(id)).collect(),
            None => detail.cases.clone(),
        };
        let mut years = HashMap::new();
        let mut periods = HashMap::new();
        let mut timings = HashMap::new();
        for r in &detail.rows {
            let y = Period::Year.key(r.date);
            years
                .entry(y)
                .or_insert_with(|| Period::Year.label(y, dates));
            let p = unit.key(r.date);
            periods.entry(p).or_insert_with(|| unit.label(p, dates));
            timings.entry(r.timing).or_insert_with(|| r.timing.label());
        }
        debug_assert_eq!(
            EVALS[..UNEVALUATED],
            Evaluation::ALL
                .iter()
                .map(|e| e.label())
                .collect::<Vec<_>>()[..]
        );
        Some(DetailView {
            detail,
            regions: &figures.region_names,
            ids,
            pseudonymized: pseudonymizer.is_some(),
            unit,
            years,
            periods,
            timings,
            items: (0..ITEMS.len()).map(item_label).collect(),
            domains: DOMAINS
                .iter()
                .map(|&g| format!("{g} {}", domain_name(g)))
                .collect(),
        })
    }

    pub fn len(&self) -> usize {
        self.detail.rows.len()
    }

    pub fn is_empty(&self) -> bool {
        self.detail.rows.is_empty()
    }

    pub fn headings(&self) -> Vec<&'static str> {
        let mut h = vec![
            if self.pseudonymized {
                "仮名ID"
            } else {
                "ケースID"
            },
            "地域",
            "年度",
        ];
        if self.unit != Period::Year {
            h.push(self.unit.heading());
        }
        h.extend([
            "評価日",
            "作成番号",
            "No",
            "評価時期",
            "項目",
            "領域",
            "評価",
        ]);
        h
    }

    /// The row's values, in the order of [`Self::headings`], into `out` (cleared first).
    pub fn row<'a>(&'a self, r: &DetailRow, out: &mut Vec<Value<'a>>) {
        out.clear();
        out.push(Value::Text(&self.ids[r.case as usize]));
        out.push(Value::Text(&self.regions[r.region as usize]));
        out.push(Value::Text(&self.years[&Period::Year.key(r.date)]));
        if self.unit != Period::Year {
            out.push(Value::Text(&self.periods[&self.unit.key(r.date)]));
        }
        out.push(Value::Date(r.date));
        out.push(Value::Number(r.plan_no as f64));
        out.push(Value::Number(r.no as f64));
        out.push(Value::Text(&self.timings[&r.timing]));
        match r.item {
            Some(i) => {
                out.push(Value::Text(&self.items[i as usize]));
                out.push(Value::Text(
                    self.domains
                        .get(domain_of_item(i as usize))
                        .map_or("", String::as_str),
                ));
            }
            None => {
                out.push(Value::Blank);
                out.push(Value::Blank);
            }
        }
        out.push(Value::Text(EVALS[r.eval as usize]));
    }

    pub fn rows(&self) -> &[DetailRow] {
        &self.detail.rows
    }

    /// The widest value of each column, in display columns (full-width characters count two):
    /// taken from the labels, not measured again on every one of a million rows.
    pub fn value_widths(&self) -> Vec<usize> {
        fn widest<'s>(values: impl Iterator<Item = &'s String>) -> usize {
            values.map(|s| display_width(s)).max().unwrap_or(0)
        }
        let mut w = vec![
            widest(self.ids.iter()),
            widest(self.regions.iter()),
            widest(self.years.values()),
        ];
        if self.unit != Period::Year {
            w.push(widest(self.periods.values()));
        }
        let numbers = 0; // narrower than their headings
        w.extend([
            display_width("2024/12/31"),
            numbers,
            numbers,
            widest(self.timings.values()),
            widest(self.items.iter()),
            widest(self.domains.iter()),
            EVALS.iter().map(|e| display_width(e)).max().unwrap_or(0),
        ]);
        w
    }
}
