//! The aggregate report (spec/report.md): figures by region, period, domain, plan version and
//! 評価時期, as an Excel workbook and, on request, CSV files. Never a name: ケースID appears only
//! on 明細, and can be pseudonymised there.
//!
//! aggregate (counts as plain data) → tables (measures, rates, headings) → suppress (for
//! publication) → workbook / csv (presentation).

pub mod aggregate;
pub mod build;
pub mod csv;
pub mod detail;
pub mod pdf;
pub mod period;
pub mod pseudonym;
pub mod suppress;
pub mod table;
pub mod workbook;

use crate::contract::date::DateFormat;
use crate::finding::{Finding, Findings, Severity};
use crate::model::areas::AreaMap;
use crate::pipeline::Loaded;
use crate::validate::REVIEW_GRACE_DAYS;
use aggregate::{aggregate, Figures, Scope};
use chrono::NaiveDate;
use clap::ValueEnum;
use detail::DetailView;
pub use period::Period;
use pseudonym::Pseudonymizer;
use std::collections::BTreeMap;
use suppress::Suppressed;
use table::{Cell, Column, Sheet, Table};

/// The groupings of `--by`, each a sheet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum GroupBy {
    /// 地域別
    Region,
    /// 期間別
    Period,
    /// 領域別
    Domain,
    /// 作成番号別
    PlanNo,
    /// 評価時期別
    Timing,
}

impl GroupBy {
    pub const ALL: [GroupBy; 5] = [
        GroupBy::Region,
        GroupBy::Period,
        GroupBy::Domain,
        GroupBy::PlanNo,
        GroupBy::Timing,
    ];

    pub fn sheet(self) -> &'static str {
        match self {
            GroupBy::Region => "地域別",
            GroupBy::Period => "期間別",
            GroupBy::Domain => "領域別",
            GroupBy::PlanNo => "作成番号別",
            GroupBy::Timing => "評価時期別",
        }
    }

    /// The sheet of the grouping's second table (build::PROCESS_SUFFIX).
    pub fn process_sheet(self) -> &'static str {
        match self {
            GroupBy::Region => "地域別_計画と見直し",
            GroupBy::Period => "期間別_計画と見直し",
            GroupBy::Domain => "領域別_計画と見直し",
            GroupBy::PlanNo => "作成番号別_計画と見直し",
            GroupBy::Timing => "評価時期別_計画と見直し",
        }
    }

    /// The value as `--by` takes it.
    fn flag(self) -> &'static str {
        match self {
            GroupBy::Region => "region",
            GroupBy::Period => "period",
            GroupBy::Domain => "domain",
            GroupBy::PlanNo => "plan-no",
            GroupBy::Timing => "timing",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    /// Empty: every grouping.
    pub by: Vec<GroupBy>,
    pub period: Period,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub as_of: NaiveDate,
    /// The day the report is made, printed on 概要.
    pub made: NaiveDate,
    pub suppress_below: Option<u64>,
    /// The key itself is never written anywhere.
    pub pseudonymize: Option<String>,
    /// How dates and period labels are written (the office's --date-style, --first-year).
    pub dates: DateFormat,
    /// Only these cases (the cases ticked on the web page); None: every case read.
    pub only: Option<std::collections::BTreeSet<String>>,
    /// Where the report was asked for: 概要 says how to change an option in that place's words.
    pub via: Via,
}

/// Where a report was asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Via {
    #[default]
    CommandLine,
    /// The web page (`cmsheets serve`): its controls, never a flag.
    Page,
}

impl Options {
    fn groupings(&self) -> Vec<GroupBy> {
        GroupBy::ALL
            .into_iter()
            .filter(|g| self.by.is_empty() || self.by.contains(g))
            .collect()
    }

    /// The options as the page showed them, for 概要 (the key never written).
    fn page_settings(&self) -> String {
        let mut parts = vec![
            format!("期間 {}", self.period.describe()),
            format!("基準日 {}", self.dates.date(self.as_of)),
        ];
        if let Some(n) = self.suppress_below {
            parts.push(format!("小さい数を伏せる {n}未満"));
        }
        if self.pseudonymize.is_some() {
            parts.push("仮名化 あり（鍵は記録しません）".into());
        }
        match &self.only {
            Some(only) => parts.push(format!("選んだケース {}件", only.len())),
            None => parts.push("ケース すべて".into()),
        }
        parts.join("、")
    }

    /// How 概要 states the options: the flags as typed, or the page's settings.
    pub fn as_asked(&self) -> String {
        match self.via {
            Via::CommandLine => self.command_line(),
            Via::Page => self.page_settings(),
        }
    }

    /// The options as typed, for 概要 (the key replaced by a mark).
    pub fn command_line(&self) -> String {
        let mut parts = Vec::new();
        if !self.by.is_empty() {
            parts.push(format!(
                "--by {}",
                self.groupings()
                    .iter()
                    .map(|g| g.flag())
                    .collect::<Vec<_>>()
                    .join(",")
            ));
        }
        let period = match self.period {
            Period::Year => "year",
            Period::Quarter => "quarter",
            Period::Month => "month",
        };
        parts.push(format!("--period {period}"));
        if let Some(d) = self.from {
            parts.push(format!("--from {d}"));
        }
        if let Some(d) = self.to {
            parts.push(format!("--to {d}"));
        }
        parts.push(format!("--as-of {}", self.as_of));
        if let Some(n) = self.suppress_below {
            parts.push(format!("--suppress-below {n}"));
        }
        if self.pseudonymize.is_some() {
            parts.push("--pseudonymize （鍵は記録しません）".into());
        }
        parts.join(" ")
    }
}

pub struct Report {
    pub sheets: Vec<Sheet>,
    pub figures: Figures,
    pub period: Period,
    pub dates: DateFormat,
    /// The report's date as printed in each page's footer.
    pub made: String,
    pseudonymizer: Option<Pseudonymizer>,
    pub suppressed: Option<Suppressed>,
    /// Cases of the ケース sheets left out for errors.
    pub excluded: Vec<String>,
    /// ケースIDs with errors that no ケース sheet lists.
    pub unknown_ids: usize,
}

impl Report {
    /// What was counted, as the CLI's summary line and the web page's note say it.
    pub fn totals_note(&self) -> String {
        let t = &self.figures.total;
        format!(
            "ケース {}件、ニーズ {}件、モニタリング {}件、アンケート {}人",
            t.cases,
            t.needs.iter().sum::<u64>(),
            t.monitorings,
            t.q_persons
        )
    }

    /// The 明細 rows; None under small-cell suppression.
    pub fn detail(&self) -> Option<DetailView<'_>> {
        DetailView::new(
            &self.figures,
            self.period,
            self.dates,
            self.pseudonymizer.as_ref(),
        )
    }
}

/// A report's files, all made before any is written, so a failure leaves none half made.
pub struct Files {
    pub workbook: Vec<u8>,
    /// The 集計 PDF summary, when asked for.
    pub summary_pdf: Option<Vec<u8>>,
}

/// Why a report's files could not be made. Its Display is the message for the office.
#[derive(Debug)]
pub enum FilesError {
    Workbook(rust_xlsxwriter::XlsxError),
    SummaryPdf(crate::typeset::TypesetError),
}

impl std::fmt::Display for FilesError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FilesError::Workbook(e) => write!(f, "集計ブックを作成できませんでした（{e}）。"),
            FilesError::SummaryPdf(e) => write!(
                f,
                "要約の PDF を作成できませんでした（{e}）。集計ブックも書き出していません。"
            ),
        }
    }
}

/// The workbook (and the summary PDF when `summary_pdf`) of a built report: what both the
/// command line and the web page write. The workbook's steps are counted on `progress`.
pub fn files(
    report: &Report,
    opts: &Options,
    summary_pdf: bool,
    progress: Option<&crate::progress::Progress>,
) -> Result<Files, FilesError> {
    let workbook = workbook::write(report, progress);
    if let Some(progress) = progress {
        progress.finish();
    }
    let workbook = workbook.map_err(FilesError::Workbook)?;
    let summary_pdf = match summary_pdf {
        true => Some(pdf::write(report, opts).map_err(FilesError::SummaryPdf)?),
        false => None,
    };
    Ok(Files {
        workbook,
        summary_pdf,
    })
}

/// Counts everything, builds every table, suppresses small cells when asked.
pub fn build(loaded: &Loaded, opts: &Options) -> Report {
    let with_errors = loaded.findings.cases_with_errors();
    let mut files = loaded.dataset.by_case();
    let listed: std::collections::HashSet<&str> =
        files.iter().map(|f| f.case.case_id.as_str()).collect();
    let unknown_ids = with_errors
        .iter()
        .filter(|id| !listed.contains(id.as_str()))
        .count();
    drop(listed);
    if let Some(only) = &opts.only {
        files.retain(|f| only.contains(&f.case.case_id));
    }
    let scope = Scope {
        period: opts.period,
        from: opts.from,
        to: opts.to,
        as_of: opts.as_of,
        detail: opts.suppress_below.is_none(),
    };
    let figures = aggregate(&files, &with_errors, &scope);
    let excluded: Vec<String> = files
        .iter()
        .map(|f| &f.case.case_id)
        .filter(|id| with_errors.contains(*id))
        .cloned()
        .collect();

    // Its problems were reported by the checks; here only the nesting is wanted.
    let areas = AreaMap::new(&loaded.dataset, &mut Findings::default());
    let mut headline = build::headline(&figures);
    let mut grouped: Vec<(GroupBy, Vec<Table>)> = opts
        .groupings()
        .into_iter()
        .map(|g| {
            let t = match g {
                GroupBy::Region => build::by_region(&figures, &areas),
                GroupBy::Period => build::by_period(&figures, opts.period, opts.dates),
                GroupBy::Domain => build::by_domain(&figures),
                GroupBy::PlanNo => build::by_plan_no(&figures),
                GroupBy::Timing => build::by_timing(&figures),
            };
            (g, t)
        })
        .collect();
    let mut yoy = opts
        .groupings()
        .contains(&GroupBy::Period)
        .then(|| build::year_over_year(&figures, &areas, opts.dates))
        .flatten();
    let mut items = build::by_item(&figures);
    let mut change = build::change(&figures);

    let suppressed = opts.suppress_below.map(|n| {
        let mut all: Vec<&mut Table> = vec![&mut headline, &mut items, &mut change];
        all.extend(grouped.iter_mut().flat_map(|(_, t)| t.iter_mut()));
        all.extend(yoy.iter_mut());
        let same = yoy_twins(&all, opts);
        suppress::suppress(&mut all, n, &same)
    });

    let docs = {
        let mut shown: Vec<&Table> = vec![&headline];
        shown.extend(grouped.iter().flat_map(|(_, t)| t.iter()));
        shown.extend(yoy.iter());
        shown.extend([&items, &change]);
        build::measure_docs(&shown)
    };
    let mut sheets = vec![Sheet {
        name: "概要",
        title: "ケースマネジメント 評価結果・目標達成 集計レポート".into(),
        tables: vec![
            info_table(
                loaded,
                opts,
                &figures,
                excluded.len(),
                unknown_ids,
                suppressed,
            ),
            headline,
            inputs_table(loaded),
            findings_table(&loaded.findings.items),
            method_table(opts),
            docs,
        ],
    }];
    for (g, parts) in grouped {
        for (i, mut t) in parts.into_iter().enumerate() {
            t.notes = build::unit_notes();
            sheets.push(Sheet {
                name: if i == 0 { g.sheet() } else { g.process_sheet() },
                title: t.caption.clone(),
                tables: vec![t],
            });
        }
        if g == GroupBy::Period {
            if let Some(t) = yoy.take() {
                sheets.push(Sheet {
                    name: "年度比較",
                    title: t.caption.clone(),
                    tables: vec![t],
                });
            }
        }
    }
    sheets.push(Sheet {
        name: "アンケート",
        title: "アンケート（別紙1）の集計".into(),
        tables: vec![items, change],
    });

    Report {
        sheets,
        figures,
        period: opts.period,
        dates: opts.dates,
        made: opts.dates.date(opts.made),
        pseudonymizer: opts.pseudonymize.as_deref().map(Pseudonymizer::new),
        suppressed,
        excluded,
        unknown_ids,
    }
}

/// With `--period year`, 年度比較's 全体 row repeats 期間別's rows, year by year: the cells that show
/// the same figure, for suppression to hide together.
fn yoy_twins(all: &[&mut Table], opts: &Options) -> Vec<(suppress::Pos, suppress::Pos)> {
    let (Some(p), Some(y)) = (
        all.iter().position(|t| t.name == GroupBy::Period.sheet()),
        all.iter().position(|t| t.name == "年度比較"),
    ) else {
        return Vec::new();
    };
    if opts.period != Period::Year {
        return Vec::new();
    }
    let (period, yoy) = (&all[p], &all[y]);
    let Some(yoy_total) = yoy.total_row else {
        return Vec::new();
    };
    let mut twins = Vec::new();
    for (c, col) in yoy.columns.iter().enumerate() {
        let Some(m) = col.measure else { continue };
        let Some(&(_, same)) = build::YOY_SAME_AS
            .iter()
            .find(|(prefix, _)| m.id.starts_with(prefix) && !m.id.ends_with(".ratio"))
        else {
            continue;
        };
        // The 年度 is the first line of the heading, as the period label of 期間別.
        let year = col.heading.lines().next().unwrap_or_default();
        let row = period
            .rows
            .iter()
            .position(|r| matches!(r.first(), Some(Cell::Text(l)) if l == year));
        if let (Some(r), Some(pc)) = (row, period.column_of(same)) {
            twins.push(((p, r, pc), (y, yoy_total, c)));
        }
    }
    twins
}

fn two_columns(
    name: &str,
    caption: &str,
    headings: [&str; 2],
    rows: Vec<(String, String)>,
) -> Table {
    let mut t = Table::new(
        name,
        caption,
        headings.iter().map(|h| Column::label(*h)).collect(),
    );
    t.rows = rows
        .into_iter()
        .map(|(a, b)| vec![Cell::Text(a), Cell::Text(b)])
        .collect();
    t
}

fn info_table(
    loaded: &Loaded,
    opts: &Options,
    f: &Figures,
    excluded: usize,
    unknown_ids: usize,
    suppressed: Option<Suppressed>,
) -> Table {
    let range = match (opts.from, opts.to) {
        (None, None) => "指定なし（すべての記録）".to_string(),
        (from, to) => format!(
            "{}〜{}",
            from.map(|d| opts.dates.date(d)).unwrap_or_default(),
            to.map(|d| opts.dates.date(d)).unwrap_or_default()
        ),
    };
    let span = f.span.map_or("（集計した記録なし）".to_string(), |(a, b)| {
        format!("{}〜{}", opts.dates.date(a), opts.dates.date(b))
    });
    let suppression = match (opts.suppress_below, suppressed) {
        (Some(n), Some(s)) => format!(
            "あり: {n}未満の件数（{}件）と、合計などから逆算できないよう伏せた件数（二次秘匿 {}件）、それらに基づく率・平均（{}件）を * で表示しています。明細シートは出力していません。",
            s.primary, s.secondary, s.derived
        ),
        _ if opts.via == Via::Page => "なし（公表する場合は画面の「小さい数を伏せる」に 10 などを入れてください）".to_string(),
        _ => "なし（公表する場合は --suppress-below 10 などを指定してください）".to_string(),
    };
    let detail = if opts.suppress_below.is_some() {
        "出力なし（小さい数の秘匿のため）".to_string()
    } else if opts.pseudonymize.is_some() {
        "仮名ID（ケースIDを鍵つきハッシュ HMAC-SHA256 で置き換え。鍵はこのブックに記録していません）".to_string()
    } else if opts.via == Via::Page {
        "ケースIDのまま（外部に出す場合は画面の「仮名化の鍵」を入れてください）".to_string()
    } else {
        "ケースIDのまま（外部に出す場合は --pseudonymize で仮名にしてください）".to_string()
    };
    let readable = loaded.inputs.iter().filter(|i| i.readable).count();
    let rows = vec![
        ("作成日".into(), opts.dates.date(opts.made)),
        ("基準日".into(), format!("{}（見直しの期限超過・継続中のケースの判定に使用）", opts.dates.date(opts.as_of))),
        ("集計期間".into(), range),
        ("記録の日付の範囲".into(), span),
        ("期間の単位".into(), opts.period.describe().to_string()),
        ("集計の切り口".into(), opts.groupings().iter().map(|g| g.sheet()).collect::<Vec<_>>().join("・")),
        ("小さい数の秘匿".into(), suppression),
        ("明細".into(), detail),
        ("入力ファイル".into(), format!("{}件（読み込めたもの {}件）", loaded.inputs.len(), readable)),
        ("ケース".into(), format!(
            "{}件を読み込み、エラーのある {}件を除外、{}件を集計（ケースシートにないケースIDのエラー {}件）",
            f.cases_valid + excluded,
            excluded,
            f.cases_valid,
            unknown_ids
        )),
        ("点検結果".into(), format!(
            "エラー {}件、警告 {}件（詳しくは{}で確認できます）",
            loaded.findings.errors(),
            loaded.findings.warnings(),
            match opts.via {
                Via::CommandLine => " cmsheets check ",
                Via::Page => "画面の点検結果",
            }
        )),
        (match opts.via {
            Via::CommandLine => "オプション",
            Via::Page => "画面の設定",
        }.into(), opts.as_asked()),
    ];
    let mut t = two_columns("概要_レポート情報", "レポート情報", ["項目", "内容"], rows);
    if loaded.findings.has_unattributed_errors() {
        t.notes.push("注意: 読み込めなかったファイル・シートがあります。その内容は集計に含まれていません（下の点検結果を参照）。".into());
    }
    t
}

fn inputs_table(loaded: &Loaded) -> Table {
    let columns = vec![
        Column::label("ファイル"),
        Column::label("読み込み"),
        Column::label("行数"),
    ];
    let mut t = Table::new("概要_入力ファイル", "入力ファイル", columns);
    t.rows = loaded
        .inputs
        .iter()
        .map(|i| {
            vec![
                Cell::Text(i.name.clone()),
                Cell::Text(if i.readable { "済" } else { "読み込めず" }.into()),
                Cell::Int(i.rows as i64),
            ]
        })
        .collect();
    t
}

/// Findings counted by file, severity and code, with the first place and a message. Messages may
/// name a ケースID, which belongs on 明細 only: it is masked.
fn findings_table(findings: &[Finding]) -> Table {
    let mut groups: BTreeMap<(String, Severity, &str), (usize, &Finding)> = BTreeMap::new();
    for f in findings {
        groups
            .entry((f.location.origin.file.clone(), f.severity, f.code))
            .or_insert((0, f))
            .0 += 1;
    }
    // The message is long: it goes in the second column, which 概要's other tables make wide.
    let columns = [
        "ファイル",
        "内容（最初の1件）",
        "区分",
        "コード",
        "件数",
        "最初の位置",
    ];
    let mut t = Table::new(
        "概要_点検結果",
        "点検結果（エラーのあるケースは集計から除外しています）",
        columns.iter().map(|c| Column::label(*c)).collect(),
    );
    for ((file, severity, code), (n, first)) in groups {
        let mut message = first.message.clone();
        if let Some(id) = first.case_id.as_deref().filter(|id| !id.is_empty()) {
            message = message.replace(id, "＊＊＊");
        }
        t.rows.push(vec![
            Cell::Text(file),
            Cell::Text(message),
            Cell::Text(severity.ja().into()),
            Cell::Text(code.into()),
            Cell::Int(n as i64),
            Cell::Text(first.location.to_string()),
        ]);
    }
    if t.rows.is_empty() {
        t.notes.push("エラー・警告はありません。".into());
    }
    t
}

fn method_table(opts: &Options) -> Table {
    let mut rows: Vec<(&str, String)> = vec![
        ("集計の対象", "点検でエラーのあったケースは、そのケースの記録をすべて集計から除いています。".into()),
        ("ニーズの評価", "支援計画の版ごとのニーズ1件を1件と数えます。評価の日付と評価時期は、その版の最新のモニタリング（実施日）のものです。モニタリングのない版のニーズは作成日の期間に数え、評価時期は「モニタリングなし」です。".into()),
        ("目標達成率・順調率", "目標達成率 = ◎ ÷ 評価済み（◎〇△×の合計）、順調率 = （◎＋〇）÷ 評価済み。未評価は分母に含めません。".into()),
        ("短期目標", "モニタリング1回を1件とし、実施日の期間に数えます。短期目標達成率 = 達成 ÷（達成＋一部達成＋未達成）。".into()),
        ("見直し", format!("支援計画の版ごとに、次回見直し予定時期の期間に数えます。予定時期の{REVIEW_GRACE_DAYS}日前以降のその版のモニタリング、または次の版の作成の早いほうが、予定時期までなら「期限内」、過ぎていれば「遅れ」、どちらもなく予定時期が基準日より前なら「未実施」、それ以外は「期限前」。予定時期までにCMが終了したケースは数えません。期限内実施率 = 期限内 ÷（期限内＋遅れ＋未実施）。")),
        ("ケース数", "地域別・期間別・全体: その期間にケースマネジメントを受けていたケース（CM開始日〔なければ最初の記録の日〕からCM終了日〔なければ基準日〕まで）。作成番号別・評価時期別・領域別: その行に数えた記録のあるケース。".into()),
        ("クライシスプラン・CM終了", "クライシスプランの作成日、CM終了日が期間内にあるケースの数。".into()),
        ("アンケート", "各人について、その行の期間内で最新のアンケート1枚を数えます。回答数 = 1＋2＋0＋9、ニーズ率 = （1＋2）÷ 回答数、未充足率 = 2 ÷（1＋2）、1人あたりニーズ数 = （1と2の数）÷ 回答者数。初回と最新の比較は、期間内に2回以上回答した人の最初と最新のアンケートです。".into()),
        ("期間", "年度は4月1日〜翌年3月31日（例: 令和6年度 = 2024年4月1日〜2025年3月31日、2019年度は令和元年度）。四半期は年度の第1四半期（4〜6月）から数えます。".into()),
    ];
    if let Some(n) = opts.suppress_below {
        rows.push((
            "* の意味",
            format!(
                "{n}未満の件数、合計などから逆算できる件数（二次秘匿）、それらに基づく率・平均。"
            ),
        ));
    }
    two_columns(
        "概要_集計方法",
        "用語と集計方法",
        ["用語", "説明"],
        rows.into_iter().map(|(a, b)| (a.to_string(), b)).collect(),
    )
}
