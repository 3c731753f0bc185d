//! `cmsheets report`: the aggregate workbook for regional statistics (spec/report.md).

use super::{EXIT_FAILED, EXIT_FINDINGS, EXIT_OK};
use crate::cli::{parse_cli_date, Common};
use crate::contract::text::trim;
use crate::output::{resolve, write_atomic, Target};
use crate::pipeline::{load_and_check_with, LoadOptions};
use crate::progress::Progress;
use crate::report::{self, workbook, Options};
use chrono::NaiveDate;
use clap::Args;
use std::path::PathBuf;

pub use crate::report::{GroupBy, Period};

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
    pub dates: crate::cli::DateArgs,
    #[command(flatten)]
    pub common: Common,
}

pub fn run(args: &ReportArgs) -> u8 {
    if let (Some(from), Some(to)) = (args.from, args.to) {
        if from > to {
            crate::say!("エラー: --from（{from}）が --to（{to}）より後です。集計期間の初日と末日を確かめてください。");
            return EXIT_FAILED;
        }
    }
    if args
        .pseudonymize
        .as_deref()
        .is_some_and(|k| trim(k).is_empty())
    {
        crate::say!("エラー: --pseudonymize の鍵が空です。事業所で決めた、外部に知られない鍵を指定してください。");
        return EXIT_FAILED;
    }
    let mut outputs = vec![Target::File(&args.output)];
    outputs.extend(args.csv.as_deref().map(Target::Folder));
    outputs.extend(args.pdf.as_deref().map(Target::File));
    if args
        .pdf
        .as_deref()
        .is_some_and(|pdf| resolve(pdf) == resolve(&args.output))
    {
        crate::say!("エラー: --pdf に -o と同じファイルが指定されています。PDF には別のファイル名（.pdf）を指定してください。");
        return EXIT_FAILED;
    }
    let inputs = args.inputs.iter().map(|p| p.as_path());
    if !super::protect(inputs.chain(args.areas.as_deref()), &outputs) {
        return EXIT_FAILED;
    }
    if !args
        .output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        crate::say!("警告: 出力は Excel ブック（xlsx）です。ファイル名の拡張子を .xlsx にすると開きやすくなります。");
    }

    let as_of = args.common.as_of();
    let load = LoadOptions {
        areas: args.areas.as_deref(),
        drop_texts: true,
    };
    let loaded = load_and_check_with(&args.inputs, as_of, load);
    if loaded.nothing_readable() {
        crate::say!("エラー: 読み込める入力がありませんでした（cmsheets check で確認してください）。集計ブックは作成していません。");
        return EXIT_FAILED;
    }
    crate::interrupt::checkpoint();
    let opts = Options {
        by: args.by.clone(),
        period: args.period,
        from: args.from,
        to: args.to,
        as_of,
        made: chrono::Local::now().date_naive(),
        suppress_below: args.suppress_below,
        pseudonymize: args.pseudonymize.clone(),
        dates: args.dates.format(),
    };
    let report = report::build(&loaded, &opts);
    crate::interrupt::checkpoint();

    let steps = workbook::progress_steps(&report);
    let progress = Progress::new("集計ブック作成", steps, args.quiet || steps == 0);
    let bytes = workbook::write(&report, Some(&progress));
    progress.finish();
    let bytes = match bytes {
        Ok(b) => b,
        Err(e) => {
            crate::say!("エラー: 集計ブックを作成できませんでした（{e}）。");
            return EXIT_FAILED;
        }
    };
    // Typeset before anything is written: a failure leaves neither file half made.
    let summary = match &args.pdf {
        Some(_) => match report::pdf::write(&report, &opts) {
            Ok(pdf) => Some(pdf),
            Err(e) => {
                crate::say!("エラー: 要約の PDF を作成できませんでした（{e}）。集計ブックも書き出していません。");
                return EXIT_FAILED;
            }
        },
        None => None,
    };
    crate::interrupt::checkpoint();
    if let Err(e) = write_atomic(&args.output, &bytes) {
        crate::say!("エラー: {e}");
        return EXIT_FAILED;
    }
    if let (Some(path), Some(pdf)) = (&args.pdf, &summary) {
        crate::interrupt::checkpoint();
        if let Err(e) = write_atomic(path, pdf) {
            crate::say!("エラー: {e}");
            return EXIT_FAILED;
        }
    }
    let f = &loaded.findings;
    if f.errors() + f.warnings() > 0 {
        crate::say!(
            "点検: エラー {}件、警告 {}件（詳細は cmsheets check で確認できます）",
            f.errors(),
            f.warnings()
        );
    }
    let t = &report.figures.total;
    crate::say!(
        "集計ブックを {} に書き出しました（ケース {}件、ニーズ {}件、モニタリング {}件、アンケート {}人）。",
        args.output.display(),
        t.cases,
        t.needs.iter().sum::<u64>(),
        t.monitorings,
        t.q_persons
    );
    if let Some(dir) = &args.csv {
        match report::csv::write(&report, dir) {
            Ok(files) => crate::say!(
                "CSV {}件を {} に書き出しました。",
                files.len(),
                dir.display()
            ),
            Err(e) => {
                crate::say!("エラー: {e}");
                return EXIT_FAILED;
            }
        }
    }
    if let Some(path) = &args.pdf {
        crate::say!("要約の PDF を {} に書き出しました。", path.display());
    }
    if let Some(s) = report.suppressed {
        crate::say!(
            "小さい数の秘匿: {}件を伏せました（二次秘匿 {}件を含む）。明細シートは出力していません。",
            s.primary + s.secondary,
            s.secondary
        );
    }
    if !report.excluded.is_empty() {
        crate::say!(
            "エラーのため集計から除外したケース（{}件）: {}",
            report.excluded.len(),
            report.excluded.join(", ")
        );
    }
    if f.has_unattributed_errors() {
        crate::say!("注意: 読み込めなかったファイル・シートがあります。その内容は集計に含まれていません（cmsheets check で確認してください）。");
    }
    let status =
        if report.excluded.is_empty() && report.unknown_ids == 0 && !f.has_unattributed_errors() {
            EXIT_OK
        } else {
            EXIT_FINDINGS
        };
    crate::memory::leave_to_exit((loaded, report));
    status
}
