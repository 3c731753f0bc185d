//! Dates as Japanese offices write them: western, 和暦 (kanji, letters, ㋿), full-width, and Excel
//! serial numbers in both the 1900 and the 1904 systems.

use super::text::fold;
use chrono::{Datelike, Days, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("日付として読めません")]
    Unreadable,
    #[error("存在しない日付です")]
    NoSuchDay,
    #[error("{era}{year}年は{era}の期間外です")]
    OutsideEra { era: &'static str, year: u32 },
    #[error("Excel の日付の範囲外です")]
    SerialOutOfRange,
}

#[derive(Debug, Clone, Copy)]
struct Era {
    name: &'static str,
    letter: char,
    start: (i32, u32, u32),
}

// Start dates as the Gregorian day the era began; an era ends the day before the next begins.
const ERAS: [Era; 5] = [
    Era {
        name: "明治",
        letter: 'm',
        start: (1868, 1, 25),
    },
    Era {
        name: "大正",
        letter: 't',
        start: (1912, 7, 30),
    },
    Era {
        name: "昭和",
        letter: 's',
        start: (1926, 12, 25),
    },
    Era {
        name: "平成",
        letter: 'h',
        start: (1989, 1, 8),
    },
    Era {
        name: "令和",
        letter: 'r',
        start: (2019, 5, 1),
    },
];

fn era_start(e: &Era) -> NaiveDate {
    NaiveDate::from_ymd_opt(e.start.0, e.start.1, e.start.2).expect("era table holds real dates")
}

/// How dates are printed on the forms and in the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum DateStyle {
    /// 令和6年8月20日
    #[default]
    Wareki,
    /// 2024年8月20日
    Western,
    /// 西暦併記: 令和6年（2024年）8月20日
    #[value(name = "both", alias = "西暦併記", alias = "wareki-western")]
    Both,
}

/// How the first year of an era is written: 令和元年 (the usual) or 令和1年 (some offices' systems).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum FirstYear {
    /// 令和元年
    #[default]
    #[value(name = "gannen", alias = "元年")]
    Gannen,
    /// 令和1年
    #[value(name = "1", alias = "one", alias = "1年")]
    One,
}

/// An office's way of writing dates: the style, and how the first year of an era reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DateFormat {
    pub style: DateStyle,
    pub first_year: FirstYear,
}

impl DateFormat {
    /// 「令和6年」 and 2024 of a date, or None before 明治.
    fn era_year(self, d: NaiveDate) -> Option<String> {
        let era = ERAS.iter().rev().find(|e| d >= era_start(e))?;
        let y = d.year() - era.start.0 + 1;
        Some(match (y, self.first_year) {
            (1, FirstYear::Gannen) => format!("{}元", era.name),
            _ => format!("{}{y}", era.name),
        })
    }

    /// The year as printed, with `suffix` (年, 年度) after each year written.
    fn year_with(self, d: NaiveDate, western_year: i32, suffix: &str) -> String {
        let era = self.era_year(d);
        match (self.style, era) {
            (DateStyle::Western, _) | (_, None) => format!("{western_year}{suffix}"),
            (DateStyle::Wareki, Some(e)) => format!("{e}{suffix}"),
            (DateStyle::Both, Some(e)) => format!("{e}{suffix}（{western_year}{suffix}）"),
        }
    }

    /// 令和6年8月20日 (or as the style says).
    pub fn date(self, d: NaiveDate) -> String {
        format!("{}{}月{}日", self.year(d), d.month(), d.day())
    }

    /// 令和6年 (or 2024年, 令和6年（2024年）) of a date.
    pub fn year(self, d: NaiveDate) -> String {
        self.year_with(d, d.year(), "年")
    }

    /// 令和6年8月 of a date's month.
    pub fn month(self, d: NaiveDate) -> String {
        format!("{}{}月", self.year(d), d.month())
    }

    /// 「令和6年度」 (April to March). A 年度 is named after the era of its April 1, except 2019:
    /// 令和 began on May 1 and offices call that year 令和元年度, not 平成31年度.
    pub fn fiscal_year(self, fy: i32) -> String {
        let named_by = if fy == 2019 {
            NaiveDate::from_ymd_opt(2019, 5, 1)
        } else {
            NaiveDate::from_ymd_opt(fy, 4, 1)
        };
        match named_by {
            Some(d) => self.year_with(d, fy, "年度"),
            None => format!("{fy}年度"),
        }
    }
}

pub fn format_date(d: NaiveDate, style: DateStyle) -> String {
    DateFormat {
        style,
        ..DateFormat::default()
    }
    .date(d)
}

/// Excel serial date (the whole-day part) to a date. The 1900 system keeps Lotus's phantom
/// 1900-02-29 (serial 60), which no real intake date needs, so it is refused.
pub fn from_serial(serial: f64, is_1904: bool) -> Result<NaiveDate, DateError> {
    if !serial.is_finite() || !(1.0..2_958_466.0).contains(&serial) {
        return Err(DateError::SerialOutOfRange);
    }
    let days = serial.floor() as u64;
    let (epoch, days) = if is_1904 {
        (NaiveDate::from_ymd_opt(1904, 1, 1), days)
    } else if days >= 61 {
        (NaiveDate::from_ymd_opt(1899, 12, 30), days)
    } else if days == 60 {
        return Err(DateError::NoSuchDay);
    } else {
        (NaiveDate::from_ymd_opt(1899, 12, 31), days)
    };
    epoch
        .and_then(|e| e.checked_add_days(Days::new(days)))
        .ok_or(DateError::SerialOutOfRange)
}

/// Reads a date written as text.
///
/// ```
/// use cmsheets::contract::date::{format_date, parse_date, DateStyle};
/// let d = parse_date("R6.8.20").unwrap();
/// assert_eq!(d, parse_date("２０２４／８／２０").unwrap());
/// assert_eq!(format_date(d, DateStyle::Wareki), "令和6年8月20日");
/// assert!(parse_date("平成32年1月1日").is_err());
/// ```
pub fn parse_date(raw: &str) -> Result<NaiveDate, DateError> {
    let s = fold(strip_time(raw));
    let s = s.as_str();
    if s.is_empty() {
        return Err(DateError::Unreadable);
    }
    if let Some((era, rest)) = split_era(s) {
        let (y, m, d) = numbers(rest, true)?;
        let start = era_start(era);
        let year = start.year() + y as i32 - 1;
        let date = NaiveDate::from_ymd_opt(year, m, d).ok_or(DateError::NoSuchDay)?;
        let next = ERAS.iter().find(|e| era_start(e) > start).map(era_start);
        // Past 9999 (令和7982年 on) a date no longer prints as a western date that reads back.
        if y == 0 || date < start || next.is_some_and(|n| date >= n) || year > 9999 {
            return Err(DateError::OutsideEra {
                era: era.name,
                year: y,
            });
        }
        return Ok(date);
    }
    if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (&s[..4], &s[4..6], &s[6..]);
        // 「08000802」: a year before 1000 is refused here as in 「800/8/2」 below (it would
        // print as a date that does not read back).
        if s.starts_with('0') {
            return Err(DateError::Unreadable);
        }
        return ymd(y.parse().ok(), m.parse().ok(), d.parse().ok());
    }
    let (y, m, d) = numbers(s, false)?;
    if y < 1000 {
        // 「13/1/2024」 and 「8/20/2024」 are ambiguous day/month orders: refuse rather than guess.
        return Err(DateError::Unreadable);
    }
    ymd(Some(y), Some(m), Some(d))
}

/// Excel and LibreOffice write date-times into CSV as 「2024/8/20 0:00」 or ISO 「…T00:00:00」.
fn strip_time(raw: &str) -> &str {
    let Some(colon) = raw.find(':') else {
        return raw;
    };
    match raw[..colon].rfind([' ', 'T', '\u{3000}']) {
        Some(cut) => &raw[..cut],
        None => raw,
    }
}

fn ymd(y: Option<u32>, m: Option<u32>, d: Option<u32>) -> Result<NaiveDate, DateError> {
    let (Some(y), Some(m), Some(d)) = (y, m, d) else {
        return Err(DateError::Unreadable);
    };
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or(DateError::NoSuchDay)
}

fn split_era(s: &str) -> Option<(&'static Era, &str)> {
    for era in &ERAS {
        if let Some(rest) = s.strip_prefix(era.name) {
            return Some((era, rest));
        }
    }
    let mut chars = s.chars();
    let first = chars.next()?;
    let era = ERAS.iter().find(|e| e.letter == first)?;
    let rest = chars.as_str();
    rest.starts_with(|c: char| c.is_ascii_digit() || c == '元')
        .then_some((era, rest))
}

/// Three numbers separated by 年月日 or `-` `/` `.`; 「元」 is year 1 in an era.
fn numbers(s: &str, era: bool) -> Result<(u32, u32, u32), DateError> {
    let mut parts = Vec::with_capacity(3);
    let mut cur = String::new();
    for c in s.chars() {
        match c {
            '0'..='9' => cur.push(c),
            '元' if era && parts.is_empty() && cur.is_empty() => cur.push('1'),
            '年' | '月' | '-' | '/' | '.' => {
                if cur.is_empty() {
                    return Err(DateError::Unreadable);
                }
                parts.push(std::mem::take(&mut cur));
            }
            '日' => {}
            _ => return Err(DateError::Unreadable),
        }
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    if parts.len() != 3 || parts.iter().any(|p| p.len() > 4) {
        return Err(DateError::Unreadable);
    }
    let n = |p: &String| p.parse::<u32>().map_err(|_| DateError::Unreadable);
    Ok((n(&parts[0])?, n(&parts[1])?, n(&parts[2])?))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    #[test]
    fn spellings() {
        let cases = [
            ("2024-08-20", d(2024, 8, 20)),
            ("2024/8/20", d(2024, 8, 20)),
            ("2024.8.20", d(2024, 8, 20)),
            ("2024年8月20日", d(2024, 8, 20)),
            ("令和6年8月20日", d(2024, 8, 20)),
            ("令和元年5月1日", d(2019, 5, 1)),
            ("R6.8.20", d(2024, 8, 20)),
            ("R06/08/20", d(2024, 8, 20)),
            ("r6.8.20", d(2024, 8, 20)),
            ("H31.4.30", d(2019, 4, 30)),
            ("平成31年4月30日", d(2019, 4, 30)),
            ("S64.1.7", d(1989, 1, 7)),
            ("㋿6年8月20日", d(2024, 8, 20)),
            ("２０２４／８／２０", d(2024, 8, 20)),
            ("令和６年８月２０日", d(2024, 8, 20)),
            ("2024/8/20 0:00", d(2024, 8, 20)),
            ("2024-08-20T00:00:00", d(2024, 8, 20)),
            ("20240820", d(2024, 8, 20)),
        ];
        for (s, want) in cases {
            assert_eq!(parse_date(s), Ok(want), "{s}");
        }
    }

    #[test]
    fn refusals() {
        assert!(matches!(
            parse_date("平成32年1月1日"),
            Err(DateError::OutsideEra { .. })
        ));
        assert!(matches!(
            parse_date("R1.4.30"),
            Err(DateError::OutsideEra { .. })
        ));
        assert!(matches!(
            parse_date("H0.1.1"),
            Err(DateError::OutsideEra { .. })
        ));
        assert_eq!(parse_date("2024-02-30"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("13/1/2024"), Err(DateError::Unreadable));
        assert_eq!(parse_date("abc"), Err(DateError::Unreadable));
        // Found by fuzzing (fuzz/, dates_and_codes): accepted dates print and read back.
        assert_eq!(parse_date("08000802"), Err(DateError::Unreadable));
        assert!(matches!(
            parse_date("令和7982年1月1日"),
            Err(DateError::OutsideEra { .. })
        ));
        assert!(parse_date("令和7981年12月31日").is_ok());
        assert_eq!(parse_date(""), Err(DateError::Unreadable));
    }

    #[test]
    fn serials() {
        assert_eq!(from_serial(45524.0, false), Ok(d(2024, 8, 20)));
        assert_eq!(from_serial(45524.0 - 1462.0, true), Ok(d(2024, 8, 20)));
        assert_eq!(from_serial(1.0, false), Ok(d(1900, 1, 1)));
        assert_eq!(from_serial(61.0, false), Ok(d(1900, 3, 1)));
        assert!(from_serial(60.0, false).is_err());
        assert!(from_serial(-3.0, false).is_err());
        assert!(from_serial(f64::NAN, false).is_err());
    }

    #[test]
    fn office_date_styles() {
        let both = DateFormat {
            style: DateStyle::Both,
            first_year: FirstYear::Gannen,
        };
        assert_eq!(both.date(d(2024, 8, 20)), "令和6年（2024年）8月20日");
        assert_eq!(both.date(d(2019, 5, 1)), "令和元年（2019年）5月1日");
        assert_eq!(both.fiscal_year(2024), "令和6年度（2024年度）");
        let one = DateFormat {
            style: DateStyle::Wareki,
            first_year: FirstYear::One,
        };
        assert_eq!(one.date(d(2019, 5, 1)), "令和1年5月1日");
        assert_eq!(one.date(d(1989, 1, 8)), "平成1年1月8日");
        assert_eq!(one.fiscal_year(2019), "令和1年度");
        assert_eq!(DateFormat::default().fiscal_year(2019), "令和元年度");
        assert_eq!(DateFormat::default().fiscal_year(2018), "平成30年度");
        let western = DateFormat {
            style: DateStyle::Western,
            first_year: FirstYear::One,
        };
        assert_eq!(western.fiscal_year(2019), "2019年度");
        assert_eq!(western.month(d(2024, 8, 20)), "2024年8月");
    }

    #[test]
    fn wareki_printing() {
        assert_eq!(
            format_date(d(2024, 8, 20), DateStyle::Wareki),
            "令和6年8月20日"
        );
        assert_eq!(
            format_date(d(2019, 5, 1), DateStyle::Wareki),
            "令和元年5月1日"
        );
        assert_eq!(
            format_date(d(2019, 4, 30), DateStyle::Wareki),
            "平成31年4月30日"
        );
        assert_eq!(
            format_date(d(2024, 8, 20), DateStyle::Western),
            "2024年8月20日"
        );
    }
}
