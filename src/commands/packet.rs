//! `cmsheets packet`: ケア会議資料, one PDF per case (`DIR/<ケースID>/packet.pdf`), or all the
//! selected cases in one meeting file with `--combine`.

use super::EXIT_FAILED;
use crate::batch::{self, Failure};
use crate::cli::PacketArgs;
use crate::forms::packet::{case_packet, packet, Packet};
use crate::output::{ensure_not_input, write_atomic};
use crate::pipeline::load_and_check;
use crate::typeset::{PdfSettings, Template, Typesetter};
use std::path::Path;

fn write_packet(ts: &mut Typesetter, p: &Packet, path: &Path, pdfa: bool) -> Result<(), String> {
    let bytes = serde_json::to_vec(p).map_err(|e| e.to_string())?;
    let d = &p.doc_date;
    let date = chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day).ok_or("日付が不正です")?;
    let settings = PdfSettings {
        ident: p.pdf_ident(),
        date,
        pdfa,
    };
    let pdf = ts
        .pdf(Template::Packet, &bytes, &settings)
        .map_err(|e| e.to_string())?;
    write_atomic(path, &pdf).map_err(|e| e.to_string())
}

pub fn run(args: &PacketArgs) -> u8 {
    batch::install_interrupt_handler();
    let targets: Vec<&Path> = [args.output.as_deref(), args.combine.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    if targets.is_empty() {
        eprintln!("エラー: 出力先を -o DIR（ケースごと）か --combine FILE（1つのファイル）で指定してください。");
        return EXIT_FAILED;
    }
    for t in &targets {
        if let Err(e) = ensure_not_input(t, &args.inputs) {
            eprintln!("エラー: {e}");
            return EXIT_FAILED;
        }
    }
    let meeting = args
        .meeting_date
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let opts = args.print.options();
    let loaded = load_and_check(&args.inputs, args.common.as_of());
    let files = loaded.dataset.by_case();
    let mut sel = batch::select(&files, &args.batch.cases, &loaded);
    // --combine keeps the order the cases were given in, as the meeting's agenda.
    if !args.batch.cases.is_empty() {
        let order: Vec<String> = args
            .batch
            .cases
            .iter()
            .map(|c| crate::model::text::fold_id(c))
            .collect();
        sel.cases
            .sort_by_key(|f| order.iter().position(|c| c == &f.case.case_id));
    }
    let mut failures = Vec::new();
    let mut written = 0;
    if let Some(dir) = &args.output {
        let (n, mut f) = batch::run_parallel(
            "会議資料作成",
            &sel.cases,
            args.batch.jobs,
            args.batch.quiet,
            |ts, file| {
                let id = &file.case.case_id;
                let fail = |message: String| {
                    vec![Failure {
                        case_id: id.clone(),
                        what: "packet".into(),
                        message,
                    }]
                };
                let cp = case_packet(file, meeting, args.plan, &opts).map_err(fail)?;
                write_packet(
                    ts,
                    &packet(vec![cp], meeting),
                    &dir.join(id).join("packet.pdf"),
                    args.batch.pdfa,
                )
                .map_err(fail)?;
                Ok(1)
            },
        );
        written += n;
        failures.append(&mut f);
    }
    if let Some(file) = &args.combine {
        let mut parts = Vec::new();
        for f in &sel.cases {
            match case_packet(f, meeting, args.plan, &opts) {
                Ok(cp) => parts.push(cp),
                Err(message) => failures.push(Failure {
                    case_id: f.case.case_id.clone(),
                    what: "packet".into(),
                    message,
                }),
            }
        }
        if parts.is_empty() {
            eprintln!("エラー: まとめて出力できるケースがありません。");
        } else {
            let mut ts = Typesetter::new();
            match write_packet(&mut ts, &packet(parts, meeting), file, args.batch.pdfa) {
                Ok(()) => written += 1,
                Err(message) => failures.push(Failure {
                    case_id: "（まとめ）".into(),
                    what: "packet".into(),
                    message,
                }),
            }
        }
    }
    let out: Vec<String> = targets.iter().map(|t| t.display().to_string()).collect();
    batch::summarize(
        "会議資料",
        written,
        &out.join(", "),
        &loaded,
        &sel,
        &failures,
    )
}
