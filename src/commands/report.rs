//! `cmsheets report`: the aggregate workbook for regional statistics (spec/report.md).

use crate::cli::{parse_cli_date, Common};
use chrono::NaiveDate;
use clap::{Args, ValueEnum};
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct ReportArgs {
    /// 入力（ブック、CSV、CSVのフォルダ。複数の事業所の分をまとめて指定できます）
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// 書き出す集計ブック
    #[arg(short, long, value_name = "FILE", default_value = "report.xlsx")]
    pub output: PathBuf,
    /// 集計表の切り口（複数可、既定はすべて）
    #[arg(long, value_enum, value_delimiter = ',')]
    pub by: Vec<GroupBy>,
    /// 期間の単位（year: 年度〔4月〜3月〕、quarter: 四半期、month: 月）
    #[arg(long, value_enum, default_value_t = Period::Year)]
    pub period: Period,
    /// 集計期間の初日
    #[arg(long, value_name = "DATE", value_parser = parse_cli_date)]
    pub from: Option<NaiveDate>,
    /// 集計期間の末日
    #[arg(long, value_name = "DATE", value_parser = parse_cli_date)]
    pub to: Option<NaiveDate>,
    /// 公表用: N 未満の件数（とそれに基づく率）を * で伏せ、明細シートを出力しない
    #[arg(long, value_name = "N")]
    pub suppress_below: Option<u64>,
    /// 明細シートのケースIDを、この鍵による仮名（HMAC）に置き換える
    #[arg(long, value_name = "KEY")]
    pub pseudonymize: Option<String>,
    /// 各集計表を CSV（UTF-8 BOM付き）でもこのフォルダに書き出す
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// 進捗表示をしない
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub common: Common,
}

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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, ValueEnum)]
pub enum Period {
    Year,
    Quarter,
    Month,
}

pub fn run(_args: &ReportArgs) -> u8 {
    eprintln!("report: under construction");
    super::EXIT_FAILED
}
