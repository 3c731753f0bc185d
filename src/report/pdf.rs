//! The report's summary for a meeting (`report --pdf`): the headline figures and the ◎〇△× of
//! 地域別 and 期間別, with charts, on A4 landscape pages typeset by `typst-templates/report.typ`.
//!
//! Built from the report's [`Table`]s as they are (already suppressed under `--suppress-below`),
//! so the PDF shows the workbook's figures and its `*`; columns are picked by measure id, so a
//! measure added to those tables under the same ids appears here too. Like the workbook it holds
//! no name and no ケースID: 明細 is never read.

use super::build::EVAL_COLOURS;
use super::table::{group_digits, Cell, Column, Layout, Table};
use super::{Options, Report};
use crate::contract::date::DateFormat;
use crate::forms::DocDate;
use crate::typeset::{PdfSettings, Template, TypesetError, Typesetter};
use serde::Serialize;

/// The tables of the grouped sheets the summary shows, in this order.
const GROUPED: [&str; 2] = ["地域別", "期間別"];

/// The figures shown large above the headline list, as a meeting reads them first.
const HIGHLIGHTS: [&str; 6] = [
    "cases",
    "need.total",
    "need.attain",
    "need.ontrack",
    "goal.rate",
    "review.rate",
];

/// The ◎〇△× series of the charts (the workbook's, in its colours).
const EVALUATIONS: [&str; 4] = ["need.closed", "need.smooth", "need.issues", "need.stopped"];

#[derive(Debug, Serialize)]
struct SummaryData {
    form: &'static str,
    doc_title: String,
    doc_date: DocDate,
    title: String,
    made: String,
    info: Vec<Pair>,
    /// One line on what `*` means; empty without suppression.
    suppression: String,
    highlights: Vec<Pair>,
    headline: Vec<Section>,
    tables: Vec<TableData>,
    terms: Vec<Pair>,
}

#[derive(Debug, Serialize)]
struct Pair {
    label: String,
    value: String,
}

#[derive(Debug, Serialize)]
struct Section {
    band: String,
    items: Vec<Pair>,
}

#[derive(Debug, Serialize)]
struct TableData {
    caption: String,
    /// Runs of neighbouring columns under one band; `label` "" for the label columns.
    bands: Vec<Band>,
    columns: Vec<ColumnData>,
    rows: Vec<SummaryRow>,
    notes: Vec<String>,
    chart: Option<Chart>,
}

#[derive(Debug, Serialize)]
struct Band {
    label: String,
    span: usize,
}

#[derive(Debug, Serialize)]
struct ColumnData {
    heading: String,
    numeric: bool,
}

#[derive(Debug, Serialize)]
struct SummaryRow {
    cells: Vec<String>,
    /// 全体 or a 小計.
    bold: bool,
    total: bool,
}

#[derive(Debug, Serialize)]
struct Chart {
    title: String,
    series: Vec<Series>,
    bars: Vec<Bar>,
    /// The longest bar's total: the scale every bar is drawn to.
    max: u64,
}

#[derive(Debug, Serialize)]
struct Series {
    label: String,
    colour: String,
}

#[derive(Debug, Serialize)]
struct Bar {
    label: String,
    /// One count per series; None when any is suppressed (a bar of the rest would mislead).
    values: Option<Vec<u64>>,
    shown: Vec<String>,
    total: u64,
}

/// The summary PDF of `report`, byte-identical for the same report and options.
pub fn write(report: &Report, opts: &Options) -> Result<Vec<u8>, TypesetError> {
    let settings = PdfSettings {
        ident: "cmsheets/report".into(),
        date: opts.made,
        pdfa: false,
    };
    Typesetter::new().pdf(Template::Report, &json(report, opts)?, &settings)
}

/// The data `typst-templates/report.typ` receives (its shape: typst-templates/README.md).
pub fn json(report: &Report, opts: &Options) -> Result<Vec<u8>, TypesetError> {
    let failed = |e: serde_json::Error| TypesetError::Settings {
        template: Template::Report.key(),
        message: e.to_string(),
    };
    let mut json = serde_json::to_value(data(report, opts)).map_err(failed)?;
    crate::forms::mark_fallback(&mut json);
    serde_json::to_vec_pretty(&json).map_err(failed)
}

fn data(report: &Report, opts: &Options) -> SummaryData {
    let tables = || report.sheets.iter().flat_map(|s| s.tables.iter());
    let named = |name: &str| tables().find(|t| t.name == name);
    let title = report
        .sheets
        .first()
        .map(|s| s.title.clone())
        .unwrap_or_default();
    let info = named("概要_レポート情報")
        .map(|t| {
            ["作成日", "基準日", "集計期間", "記録の日付の範囲"]
                .iter()
                .filter_map(|label| {
                    let row = t.rows.iter().find(|r| text_of(r.first()) == *label)?;
                    let value = text_of(row.get(1));
                    // 基準日's row explains itself in brackets: the date is what a reader needs.
                    let value = match *label {
                        "基準日" => value.split('（').next().unwrap_or_default(),
                        _ => &value,
                    };
                    Some(pair(label, value))
                })
                .collect()
        })
        .unwrap_or_default();
    let suppression = opts
        .suppress_below
        .map(|n| {
            format!(
                "小さい数の秘匿: {n}未満の件数、合計などから逆算できる件数（二次秘匿）と、それらに基づく率を * で表示しています。"
            )
        })
        .unwrap_or_default();
    let headline = named("概要_主な数値");
    let grouped = GROUPED
        .iter()
        .filter_map(|n| named(n))
        .map(|t| table_data(t, report.dates))
        .collect();
    let terms = named("概要_集計方法")
        .map(|t| {
            t.rows
                .iter()
                .map(|r| Pair {
                    label: text_of(r.first()),
                    value: text_of(r.get(1)),
                })
                .collect()
        })
        .unwrap_or_default();
    SummaryData {
        form: Template::Report.key(),
        doc_title: format!("{title}（要約） {}", report.made),
        doc_date: opts.made.into(),
        title,
        made: report.made.clone(),
        info,
        suppression,
        highlights: headline
            .map(|t| highlights(t, report.dates))
            .unwrap_or_default(),
        headline: headline
            .map(|t| sections(t, report.dates))
            .unwrap_or_default(),
        tables: grouped,
        terms,
    }
}

fn pair(label: &str, value: &str) -> Pair {
    Pair {
        label: label.to_string(),
        value: value.to_string(),
    }
}

fn text_of(cell: Option<&Cell>) -> String {
    match cell {
        Some(Cell::Text(s)) => s.clone(),
        _ => String::new(),
    }
}

/// A cell as the workbook shows it: counts grouped by thousands with zero as 「-」, rates as
/// percentages with one decimal, `*` where suppressed, empty cells blank.
pub fn shown(cell: &Cell, dates: DateFormat) -> String {
    match cell {
        Cell::Text(s) => s.clone(),
        Cell::Int(v) => v.to_string(),
        Cell::Count(0) => "-".into(),
        Cell::Count(v) => group_digits(*v),
        Cell::Rate { num, den } => percent(*num, *den),
        Cell::Mean { sum, n } => fixed2(*sum, *n),
        Cell::Date(d) => dates.date(*d),
        Cell::Empty => String::new(),
        Cell::Suppressed => "*".into(),
    }
}

/// num / den in percent, one decimal, rounded half up in integers (as Excel shows 0.0%, and
/// the same on every machine).
fn percent(num: u64, den: u64) -> String {
    if den == 0 {
        return String::new();
    }
    let (num, den) = (u128::from(num), u128::from(den));
    let tenths = (num * 2000 + den) / (2 * den);
    format!("{}.{}%", tenths / 10, tenths % 10)
}

/// sum / n with two decimals, rounded half away from zero.
fn fixed2(sum: i64, n: u64) -> String {
    if n == 0 {
        return String::new();
    }
    let (abs, n) = (i128::from(sum).unsigned_abs(), u128::from(n));
    let hundredths = (abs * 200 + n) / (2 * n);
    let sign = if sum < 0 && hundredths > 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", hundredths / 100, hundredths % 100)
}

fn wanted(c: &Column) -> bool {
    match c.measure {
        None => true,
        Some(m) => m.id == "cases" || m.id.starts_with("need.") || m.id.starts_with("persons."),
    }
}

fn table_data(t: &Table, dates: DateFormat) -> TableData {
    let picked: Vec<usize> = (0..t.columns.len())
        .filter(|&c| wanted(&t.columns[c]))
        .collect();
    let mut bands: Vec<Band> = Vec::new();
    let mut last: Option<Option<&str>> = None;
    for &c in &picked {
        let band = t.columns[c].band;
        match bands.last_mut() {
            Some(b) if last == Some(band) => b.span += 1,
            _ => bands.push(Band {
                label: band.unwrap_or_default().to_string(),
                span: 1,
            }),
        }
        last = Some(band);
    }
    let rows = t
        .rows
        .iter()
        .enumerate()
        .map(|(r, cells)| {
            let total = t.total_row == Some(r);
            SummaryRow {
                cells: picked
                    .iter()
                    .map(|&c| cells.get(c).map(|v| shown(v, dates)).unwrap_or_default())
                    .collect(),
                bold: total || t.subtotals.contains(&r),
                total,
            }
        })
        .collect();
    TableData {
        caption: t.caption.clone(),
        bands,
        columns: picked
            .iter()
            .map(|&c| ColumnData {
                heading: t.columns[c].heading.clone(),
                numeric: t.columns[c].measure.is_some(),
            })
            .collect(),
        rows,
        notes: t.notes.clone(),
        chart: chart(t),
    }
}

/// ◎〇△× per group row: neither the 全体 row nor the 小計 rows, so each need counts once.
fn chart(t: &Table) -> Option<Chart> {
    let cols: Vec<usize> = EVALUATIONS
        .iter()
        .map(|id| t.column_of(id))
        .collect::<Option<_>>()?;
    let labels = t.columns.iter().take_while(|c| c.measure.is_none()).count();
    let bars: Vec<Bar> = t
        .group_rows()
        .filter(|r| !t.subtotals.contains(r))
        .map(|r| {
            let cells = &t.rows[r];
            // The most specific label (地域 under 保健所 and 圏域).
            let label = cells[..labels.min(cells.len())]
                .iter()
                .rev()
                .map(|c| shown(c, DateFormat::default()))
                .find(|s| !s.trim().is_empty())
                .unwrap_or_default();
            let values: Option<Vec<u64>> = cols
                .iter()
                .map(|&c| match cells.get(c) {
                    Some(Cell::Count(v)) => Some(*v),
                    _ => None,
                })
                .collect();
            let shown = cols
                .iter()
                .map(|&c| {
                    cells
                        .get(c)
                        .map(|v| shown(v, DateFormat::default()))
                        .unwrap_or_default()
                })
                .collect();
            Bar {
                label,
                total: values.as_ref().map_or(0, |v| v.iter().sum()),
                values,
                shown,
            }
        })
        .collect();
    if bars.is_empty() {
        return None;
    }
    let title = t
        .charts
        .first()
        .map(|c| c.title.clone())
        .unwrap_or_else(|| format!("{}のニーズの評価（◎〇△×）", t.name));
    Some(Chart {
        title,
        series: cols
            .iter()
            .zip(EVAL_COLOURS)
            .map(|(&c, rgb)| Series {
                label: t.columns[c].heading.replace('\n', " "),
                colour: format!("#{rgb:06X}"),
            })
            .collect(),
        max: bars.iter().map(|b| b.total).max().unwrap_or(0),
        bars,
    })
}

/// The headline's key figures, shown large.
fn highlights(t: &Table, dates: DateFormat) -> Vec<Pair> {
    let Some(values) = t.rows.first() else {
        return Vec::new();
    };
    HIGHLIGHTS
        .iter()
        .filter_map(|id| {
            let c = t.column_of(id)?;
            Some(Pair {
                label: t.columns[c].flat_heading(),
                value: values.get(c).map(|v| shown(v, dates)).unwrap_or_default(),
            })
        })
        .collect()
}

/// The headline (one row, shown transposed): heading → value, in the bands of its columns.
fn sections(t: &Table, dates: DateFormat) -> Vec<Section> {
    let Some(values) = t.rows.first() else {
        return Vec::new();
    };
    debug_assert_eq!(t.layout, Layout::Transposed);
    let mut out: Vec<Section> = Vec::new();
    let mut last: Option<Option<&str>> = None;
    for (col, cell) in t.columns.iter().zip(values) {
        let item = Pair {
            label: col.flat_heading(),
            value: shown(cell, dates),
        };
        match out.last_mut() {
            Some(s) if last == Some(col.band) => s.items.push(item),
            _ => out.push(Section {
                band: col.band.unwrap_or_default().to_string(),
                items: vec![item],
            }),
        }
        last = Some(col.band);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_print_as_in_the_workbook() {
        let d = DateFormat::default();
        assert_eq!(shown(&Cell::Count(0), d), "-");
        assert_eq!(shown(&Cell::Count(1234567), d), "1,234,567");
        assert_eq!(shown(&Cell::Count(999), d), "999");
        assert_eq!(shown(&Cell::Rate { num: 1, den: 3 }, d), "33.3%");
        assert_eq!(shown(&Cell::Rate { num: 2, den: 3 }, d), "66.7%");
        assert_eq!(shown(&Cell::Rate { num: 1, den: 16 }, d), "6.3%");
        assert_eq!(shown(&Cell::Rate { num: 5, den: 5 }, d), "100.0%");
        assert_eq!(shown(&Cell::Mean { sum: -1, n: 3 }, d), "-0.33");
        assert_eq!(shown(&Cell::Mean { sum: 1, n: 8 }, d), "0.13");
        assert_eq!(shown(&Cell::Mean { sum: -1, n: 1000 }, d), "0.00");
        assert_eq!(shown(&Cell::Suppressed, d), "*");
        assert_eq!(shown(&Cell::Empty, d), "");
    }

    fn measure(id: &'static str, heading: &str, band: &'static str) -> Column {
        Column {
            heading: heading.into(),
            band: Some(band),
            measure: Some(super::super::table::Measure {
                id,
                deps: &[],
                guard_sum: false,
                additive: true,
                percent: false,
            }),
        }
    }

    #[test]
    fn subtotals_print_bold_and_stay_out_of_the_chart() {
        let mut columns = vec![Column::label("保健所"), Column::label("地域")];
        columns.push(measure("cases", "ケース数", "ケース"));
        columns.push(measure("persons.evaluated", "評価を\n受けた人", "実人員"));
        columns.push(measure("mon.total", "モニタリング\n回数", "短期目標"));
        for (id, h) in EVALUATIONS.iter().zip(["◎", "〇", "△", "×"]) {
            columns.push(measure(id, h, "ニーズの評価"));
        }
        let mut t = Table::new("地域別", "地域別の集計", columns);
        let row = |a: &str, b: &str, n: u64| {
            let mut r = vec![Cell::Text(a.into()), Cell::Text(b.into())];
            r.extend([n, n, 9, n, 0, 0, 0].map(Cell::Count));
            r
        };
        // As a nested 地域別 has it: 全体, the 保健所's 小計, then its 地域.
        t.rows = vec![
            row("全体", "", 5),
            row("北部保健所", "小計", 5),
            row("北部保健所", "北町", 3),
            row("北部保健所", "南町", 2),
        ];
        t.total_row = Some(0);
        t.subtotals = vec![1];
        let data = table_data(&t, DateFormat::default());
        let bold: Vec<bool> = data.rows.iter().map(|r| r.bold).collect();
        assert_eq!(bold, [true, true, false, false]);
        assert!(data.rows[0].total && !data.rows[1].total);
        // Labels, ケース, 実人員 and ◎〇△×; not the モニタリング column.
        let headings: Vec<&str> = data.columns.iter().map(|c| c.heading.as_str()).collect();
        assert_eq!(
            headings,
            [
                "保健所",
                "地域",
                "ケース数",
                "評価を\n受けた人",
                "◎",
                "〇",
                "△",
                "×"
            ]
        );
        let bands: Vec<(&str, usize)> = data
            .bands
            .iter()
            .map(|b| (b.label.as_str(), b.span))
            .collect();
        assert_eq!(
            bands,
            [("", 2), ("ケース", 1), ("実人員", 1), ("ニーズの評価", 4)]
        );
        assert_eq!(data.rows[2].cells[4..], ["3", "-", "-", "-"]);
        let chart = data.chart.expect("a chart");
        let bars: Vec<(&str, Option<Vec<u64>>)> = chart
            .bars
            .iter()
            .map(|b| (b.label.as_str(), b.values.clone()))
            .collect();
        assert_eq!(
            bars,
            [
                ("北町", Some(vec![3, 0, 0, 0])),
                ("南町", Some(vec![2, 0, 0, 0]))
            ]
        );
        assert_eq!(chart.max, 3);
    }
}
