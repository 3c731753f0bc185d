//! Flags only: every subcommand's work lives in `commands`.

use crate::contract::date::parse_date;
use crate::report::{GroupBy, Period};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// ケースマネジメント様式（別紙1〜4）の取り込み・点検・PDF印刷・集計
#[derive(Parser, Debug)]
#[command(name = "cmsheets", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 入力ブック・CSVを点検し、すべての問題をセル位置つきで表示します
    Check(CheckArgs),
    /// 入力用の空のブック（またはCSV）、様式ブック（--form）、ケースごとの様式ブック（--form --from）を作ります
    Template(TemplateArgs),
    /// 入力（表形式・様式ブック）を表形式の入力用ブック（またはCSV）に変換します
    Convert(ConvertArgs),
    /// 様式ブックの読み取り結果（各セルがどの項目として読まれたか）を HTML で書き出します: DIR/<ケースID>_読み取り結果.html
    Inspect(InspectArgs),
    /// 様式（別紙1〜4）をケースごとのPDFにします: DIR/<ケースID>/<form>.pdf
    Render(RenderArgs),
    /// ケア会議資料（表紙＋最新の様式）をケースごとのPDFにします: DIR/<ケースID>/packet.pdf
    Packet(PacketArgs),
    /// 評価（モニタリング）の済んだ支援計画から、次回の支援計画の案を作ります（◎は除き、〇△×は引き継ぐ）
    Draft(DraftArgs),
    /// 評価結果・目標達成の集計ブック（Excel）を作ります
    Report(ReportArgs),
    /// ケースマネジメント担当者向けの見直し予定（期限超過・今後N日以内）のブックを作ります
    Schedule(ScheduleArgs),
    /// ブラウザで使う画面を開きます（このPCの中だけ: 127.0.0.1）
    Serve(ServeArgs),
}

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// 使うポート（既定 8470、使用中なら次の空いているポート）
    #[arg(long, value_name = "N")]
    pub port: Option<u16>,
    /// ブラウザを自動で開かない（表示されたアドレスを自分で開く）
    #[arg(long)]
    pub no_open: bool,
    /// 一度に送れるファイルの合計の上限（MB）
    #[arg(long, value_name = "MB", default_value_t = crate::serve::DEFAULT_MAX_UPLOAD_MB)]
    pub max_upload_mb: usize,
    #[command(flatten)]
    pub print: PrintArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct PacketArgs {
    /// 入力（ブック、CSV、CSVのフォルダ）
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// ケースごとの会議資料の出力先フォルダ
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// 選んだケースをまとめた1つのPDF（--case の順）
    #[arg(long, value_name = "FILE")]
    pub combine: Option<PathBuf>,
    /// 各ケースの資料テンプレートに渡すJSONを DIR/<ケースID>/packet.json に書き出す（テンプレート作成者向け）
    #[arg(long, value_name = "DIR")]
    pub emit_json: Option<PathBuf>,
    /// 会議の開催日（既定は今日）。これより後の日付の版は使いません
    #[arg(long, value_name = "DATE", value_parser = parse_cli_date)]
    pub meeting_date: Option<NaiveDate>,
    /// 支援計画の作成番号（既定は開催日時点の最新の版）
    #[arg(long, value_name = "N")]
    pub plan: Option<u32>,
    /// 支援計画のあとに「前回の評価と今回の案」と次回の支援計画の案（「案」の印つき）を入れる
    #[arg(long)]
    pub draft: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
    #[command(flatten)]
    pub print: PrintArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct RenderArgs {
    /// 入力（ブック、CSV、CSVのフォルダ）。--blank だけなら省略可
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// PDFの出力先フォルダ
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// 各テンプレートに渡すJSONをこのフォルダに書き出す（テンプレート作成者向け）
    #[arg(long, value_name = "DIR")]
    pub emit_json: Option<PathBuf>,
    /// 出力する様式（複数可、既定はすべて）
    #[arg(long, value_enum, value_delimiter = ',')]
    pub forms: Vec<crate::forms::Form>,
    /// 支援計画の作成番号（既定は最新の版）
    #[arg(long, value_name = "N")]
    pub plan: Option<u32>,
    /// 手書き用の空の様式を DIR/blank/ に出力する
    #[arg(long)]
    pub blank: bool,
    #[command(flatten)]
    pub batch: BatchArgs,
    #[command(flatten)]
    pub print: PrintArgs,
    #[command(flatten)]
    pub common: Common,
}

/// What render and packet share: which cases, how, and how many at once.
#[derive(Args, Debug, Clone)]
pub struct BatchArgs {
    /// 出力するケースID（複数可、既定はすべて）
    #[arg(long = "case", value_name = "ケースID", value_delimiter = ',')]
    pub cases: Vec<String>,
    /// 保存用の PDF/A-2b で出力する
    #[arg(long)]
    pub pdfa: bool,
    /// 並列数（既定はCPUコア数）
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// 進捗表示をしない
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

/// How dates are written, for the forms and the report alike.
#[derive(Args, Debug, Clone)]
pub struct DateArgs {
    /// 日付の書き方（wareki: 令和6年8月20日、western: 2024年8月20日、both: 令和6年（2024年）8月20日＝西暦併記）。事業所の既定は環境変数で
    #[arg(long, value_enum, env = "CMSHEETS_DATE_STYLE", default_value_t = crate::contract::date::DateStyle::Wareki)]
    pub date_style: crate::contract::date::DateStyle,
    /// 元号の最初の年の書き方（gannen: 令和元年、1: 令和1年）。事業所の既定は環境変数で
    #[arg(long, value_enum, env = "CMSHEETS_FIRST_YEAR", default_value_t = crate::contract::date::FirstYear::Gannen)]
    pub first_year: crate::contract::date::FirstYear,
}

impl DateArgs {
    pub fn format(&self) -> crate::contract::date::DateFormat {
        crate::contract::date::DateFormat {
            style: self.date_style,
            first_year: self.first_year,
        }
    }
}

#[derive(Args, Debug, Clone)]
pub struct PrintArgs {
    #[command(flatten)]
    pub dates: DateArgs,
    /// アンケートの選択肢の見出し（1,2,0,9 の順にカンマ区切りで4つ）。事業所の既定は環境変数で
    #[arg(long, env = "CMSHEETS_ANSWER_HEADINGS", value_name = "見出し1,見出し2,見出し0,見出し9", value_parser = parse_headings)]
    pub answer_headings: Option<[String; 4]>,
    /// 支援計画シートの下に、同意日・同意した人・交付日・交付先を記入・署名する欄を印刷する（記入済みの項目はその値）
    #[arg(long)]
    pub sign_lines: bool,
}

impl PrintArgs {
    pub fn options(&self) -> crate::forms::PrintOptions {
        let mut o = crate::forms::PrintOptions {
            dates: self.dates.format(),
            sign_lines: self.sign_lines,
            ..Default::default()
        };
        if let Some(h) = &self.answer_headings {
            o.answer_headings = h.clone();
        }
        o
    }
}

fn parse_headings(s: &str) -> Result<[String; 4], String> {
    let parts: Vec<String> = s.split([',', '、']).map(|p| p.trim().to_string()).collect();
    <[String; 4]>::try_from(parts)
        .map_err(|_| "見出しは 1,2,0,9 の順に4つ、カンマ区切りで指定してください".to_string())
}

#[derive(Args, Debug)]
pub struct CheckArgs {
    /// 入力（xlsx, xlsm, xls, ods のブック、CSV ファイル、CSV のフォルダ）
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// 出力形式
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// 地域区分の表（report --areas と同じ）。ケースの地域が表にあるかも点検します
    #[arg(long, value_name = "FILE")]
    pub areas: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug, Clone)]
pub struct Common {
    /// 基準日（未来日付・見直し期限の判定に使う。既定は今日）
    #[arg(long, value_name = "DATE", value_parser = parse_cli_date)]
    pub as_of: Option<NaiveDate>,
}

impl Common {
    pub fn as_of(&self) -> NaiveDate {
        self.as_of
            .unwrap_or_else(|| chrono::Local::now().date_naive())
    }
}

#[derive(Args, Debug)]
pub struct TemplateArgs {
    /// 書き出すブック（既定 intake.xlsx、--form なら 様式.xlsx）。--from のときは出力先フォルダ
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// ブックの代わりに、空の CSV をこのフォルダに書き出す
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// 様式ブック（別紙1〜4を紙の様式どおりに並べた1人1ファイルのブック）を書き出す
    #[arg(long)]
    pub form: bool,
    /// この入力のケースごとに、記入済みの様式ブック DIR/<ケースID>.xlsx を書き出す（--form と一緒に）
    #[arg(long, value_name = "INPUT", num_args = 1..)]
    pub from: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct ConvertArgs {
    /// 入力（表形式のブック・CSV、様式ブック、それらのフォルダ）
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// 書き出す入力用ブック（表形式）
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// ブックの代わりに、シートごとの CSV をこのフォルダに書き出す
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub csv: Option<PathBuf>,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct DraftArgs {
    /// 入力（表形式のブック・CSV、様式ブック、それらのフォルダ）
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// 案を書き出すフォルダ（入力のフォルダとは別に）
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// ケア会議の日（新しい版の作成日）
    #[arg(long, value_name = "DATE", value_parser = parse_cli_date)]
    pub meeting_date: NaiveDate,
    /// 次回見直し予定時期を会議日の何ヵ月後にするか（既定: 前回の版と同じ間隔）
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=60))]
    pub review_months: Option<u32>,
    /// 表形式の入力に、元の行を含めず、追加する行だけのブックを書き出す
    #[arg(long)]
    pub rows_only: bool,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// 様式ブック（またはそのフォルダ）
    #[arg(required = true, value_name = "FILE")]
    pub inputs: Vec<PathBuf>,
    /// 読み取り結果（HTML）を書き出すフォルダ
    #[arg(short, long, value_name = "DIR")]
    pub output: PathBuf,
    /// 書き出したファイルの一覧を表示しない
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Dates on the command line in any form the intake accepts (2024-09-10, 令和6年9月10日…).
pub fn parse_cli_date(s: &str) -> Result<NaiveDate, String> {
    parse_date(s).map_err(|e| format!("日付「{s}」は{e}。2024-09-10 の形で指定してください"))
}

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
    /// 地域区分の表（列: 地域、保健所、圏域。CSV か、シート「地域区分」のあるブック）。地域別が 圏域 → 保健所 → 地域 の小計つきになります（入力のブックにシート「地域区分」があれば不要）
    #[arg(long, value_name = "FILE")]
    pub areas: Option<PathBuf>,
    /// 各集計表を CSV（UTF-8 BOM付き）でもこのフォルダに書き出す
    #[arg(long, value_name = "DIR")]
    pub csv: Option<PathBuf>,
    /// 会議用の要約（主な数値、地域別・期間別の◎〇△×の表とグラフ）を A4 横の PDF でも書き出す
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
    /// 進捗表示をしない
    #[arg(long, short = 'q')]
    pub quiet: bool,
    #[command(flatten)]
    pub dates: DateArgs,
    #[command(flatten)]
    pub common: Common,
}

#[derive(Args, Debug)]
pub struct ScheduleArgs {
    /// 入力（ブック、CSV、CSVのフォルダ、様式ブック）
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// 書き出すブック
    #[arg(short, long, value_name = "FILE", default_value = "見直し予定.xlsx")]
    pub output: PathBuf,
    /// 同じ見直し予定を印刷用の PDF（A4 横）でも書き出す
    #[arg(long, value_name = "FILE")]
    pub pdf: Option<PathBuf>,
    /// 「今後N日以内」とする日数
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub within: u32,
    #[command(flatten)]
    pub dates: DateArgs,
    #[command(flatten)]
    pub common: Common,
}
