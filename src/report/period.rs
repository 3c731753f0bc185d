//! Periods of the report: 年度 (April–March, as Japanese public bodies count), its quarters, and
//! months, each with a sortable key and a 和暦 label.

use crate::contract::date::DateFormat;
use chrono::{Datelike, NaiveDate};
use clap::ValueEnum;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    /// 年度（4月〜翌3月）
    #[default]
    Year,
    /// 年度の四半期（第1四半期 = 4〜6月）
    Quarter,
    /// 月
    Month,
}

/// A period of the chosen unit; ordered in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PeriodKey(i32);

/// The fiscal year (年度) a day belongs to, by the western year of its April.
pub fn fiscal_year(d: NaiveDate) -> i32 {
    if d.month() >= 4 {
        d.year()
    } else {
        d.year() - 1
    }
}

impl Period {
    pub fn key(self, d: NaiveDate) -> PeriodKey {
        let fy = fiscal_year(d);
        PeriodKey(match self {
            Period::Year => fy,
            Period::Quarter => fy * 4 + fiscal_quarter(d) as i32 - 1,
            Period::Month => d.year() * 12 + d.month0() as i32,
        })
    }

    /// The heading of the period column.
    pub fn heading(self) -> &'static str {
        match self {
            Period::Year => "年度",
            Period::Quarter => "四半期",
            Period::Month => "月",
        }
    }

    /// What `--period` was, in words for 概要.
    pub fn describe(self) -> &'static str {
        match self {
            Period::Year => "年度（4月〜翌3月）",
            Period::Quarter => "四半期（年度の第1四半期 = 4〜6月）",
            Period::Month => "月",
        }
    }

    pub fn label(self, k: PeriodKey, dates: DateFormat) -> String {
        let (first, _) = self.bounds(k);
        match self {
            Period::Year => dates.fiscal_year(k.0),
            Period::Quarter => {
                let q = k.0.rem_euclid(4) + 1;
                let (from, to) = [(4, 6), (7, 9), (10, 12), (1, 3)][q as usize - 1];
                format!(
                    "{} 第{q}四半期（{from}〜{to}月）",
                    dates.fiscal_year(fiscal_year(first))
                )
            }
            Period::Month => dates.month(first),
        }
    }

    /// First and last day of a period.
    pub fn bounds(self, k: PeriodKey) -> (NaiveDate, NaiveDate) {
        let ym = |y: i32, m0: i32| {
            let (y, m0) = (y + m0.div_euclid(12), m0.rem_euclid(12));
            NaiveDate::from_ymd_opt(y, m0 as u32 + 1, 1).unwrap_or(NaiveDate::MIN)
        };
        let (start, months) = match self {
            Period::Year => (ym(k.0, 3), 12),
            Period::Quarter => (ym(k.0.div_euclid(4), 3 + 3 * k.0.rem_euclid(4)), 3),
            Period::Month => (ym(k.0.div_euclid(12), k.0.rem_euclid(12)), 1),
        };
        let next = ym(start.year(), start.month0() as i32 + months);
        (start, next.pred_opt().unwrap_or(next))
    }
}

/// 1 = April–June … 4 = January–March.
fn fiscal_quarter(d: NaiveDate) -> u32 {
    (d.month() + 8) % 12 / 3 + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn fiscal_year_turns_on_april_first() {
        assert_eq!(fiscal_year(d(2025, 3, 31)), 2024);
        assert_eq!(fiscal_year(d(2025, 4, 1)), 2025);
        let p = Period::Year;
        assert_eq!(
            p.label(p.key(d(2025, 3, 31)), DateFormat::default()),
            "令和6年度"
        );
        assert_eq!(
            p.label(p.key(d(2025, 4, 1)), DateFormat::default()),
            "令和7年度"
        );
        assert_eq!(
            p.bounds(p.key(d(2024, 8, 20))),
            (d(2024, 4, 1), d(2025, 3, 31))
        );
    }

    #[test]
    fn era_boundary_years() {
        assert_eq!(DateFormat::default().fiscal_year(2018), "平成30年度");
        assert_eq!(DateFormat::default().fiscal_year(2019), "令和元年度");
        assert_eq!(DateFormat::default().fiscal_year(2020), "令和2年度");
        assert_eq!(
            Period::Year.label(Period::Year.key(d(2019, 4, 30)), DateFormat::default()),
            "令和元年度"
        );
        assert_eq!(
            Period::Month.label(Period::Month.key(d(2019, 4, 30)), DateFormat::default()),
            "平成31年4月"
        );
        assert_eq!(
            Period::Month.label(Period::Month.key(d(2019, 5, 1)), DateFormat::default()),
            "令和元年5月"
        );
    }

    #[test]
    fn quarters() {
        let p = Period::Quarter;
        assert_eq!(
            p.label(p.key(d(2024, 4, 1)), DateFormat::default()),
            "令和6年度 第1四半期（4〜6月）"
        );
        assert_eq!(
            p.label(p.key(d(2024, 12, 31)), DateFormat::default()),
            "令和6年度 第3四半期（10〜12月）"
        );
        assert_eq!(
            p.label(p.key(d(2025, 3, 31)), DateFormat::default()),
            "令和6年度 第4四半期（1〜3月）"
        );
        assert_eq!(
            p.bounds(p.key(d(2025, 2, 10))),
            (d(2025, 1, 1), d(2025, 3, 31))
        );
        assert!(p.key(d(2025, 3, 31)) < p.key(d(2025, 4, 1)));
    }

    #[test]
    fn months() {
        let p = Period::Month;
        assert_eq!(
            p.label(p.key(d(2024, 12, 5)), DateFormat::default()),
            "令和6年12月"
        );
        assert_eq!(
            p.bounds(p.key(d(2024, 12, 5))),
            (d(2024, 12, 1), d(2024, 12, 31))
        );
        assert_eq!(
            p.bounds(p.key(d(2024, 2, 5))),
            (d(2024, 2, 1), d(2024, 2, 29))
        );
    }
}
