//! `cmsheets packet`: ケア会議資料, one PDF per case (`DIR/<ケースID>/packet.pdf`), or all the
//! selected cases in one meeting file with `--combine`.

use super::EXIT_FAILED;
use crate::batch::{self, CaseJobs, Job};
use crate::cli::PacketArgs;
use crate::forms::packet::{case_packet, packet, Packet};
use crate::output::ensure_not_input;
use crate::pipeline::load_and_check;
use crate::typeset::{PdfSettings, Template, Typesetter};
use std::path::Path;

fn packet_job(p: &Packet, path: &Path, pdfa: bool) -> Result<Job, String> {
    let bytes = serde_json::to_vec(p).map_err(|e| e.to_string())?;
    let d = &p.doc_date;
    let date = chrono::NaiveDate::from_ymd_opt(d.year, d.month, d.day).ok_or("日付が不正です")?;
    let settings = PdfSettings {
        ident: p.pdf_ident(),
        date,
        pdfa,
    };
    Ok(Job::new(
        "packet",
        Template::Packet,
        settings,
        &bytes,
        Some(path.to_path_buf()),
        None,
    ))
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
    let checks = loaded.outcome();
    // Each case's packet is built here and the records dropped before typesetting starts.
    let mut combined = CaseJobs::new("（まとめ）");
    let sel = {
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
        let mut parts = Vec::new();
        let sel = sel.map(|file| {
            let id = &file.case.case_id;
            let mut jobs = CaseJobs::new(id);
            match case_packet(file, meeting, args.plan, &opts) {
                Err(message) => jobs.fail("packet", message),
                Ok(cp) => {
                    parts.extend(args.combine.is_some().then(|| cp.clone()));
                    if let Some(dir) = &args.output {
                        let path = dir.join(id).join("packet.pdf");
                        match packet_job(&packet(vec![cp], meeting), &path, args.batch.pdfa) {
                            Ok(job) => jobs.jobs.push(job),
                            Err(message) => jobs.fail("packet", message),
                        }
                    }
                }
            }
            jobs
        });
        if let Some(file) = &args.combine {
            if parts.is_empty() {
                eprintln!("エラー: まとめて出力できるケースがありません。");
            } else {
                match packet_job(&packet(parts, meeting), file, args.batch.pdfa) {
                    Ok(job) => combined.jobs.push(job),
                    Err(message) => combined.fail("packet", message),
                }
            }
        }
        sel
    };
    drop(loaded);
    crate::memory::release_freed();
    let mut written = 0;
    let mut failures = Vec::new();
    if args.output.is_some() {
        let (n, mut f) = batch::run_cases(
            "会議資料作成",
            &sel.cases,
            args.batch.jobs,
            args.batch.quiet,
        );
        written += n;
        failures.append(&mut f);
    } else {
        // Cases whose packet could not be built, reported once whichever output was asked.
        failures.extend(sel.cases.iter().flat_map(|c| c.failures.iter().cloned()));
    }
    if !combined.jobs.is_empty() || !combined.failures.is_empty() {
        match combined.run(&mut Typesetter::new()) {
            Ok(n) => written += n,
            Err(mut f) => failures.append(&mut f),
        }
    }
    let out: Vec<String> = targets.iter().map(|t| t.display().to_string()).collect();
    batch::summarize(
        "会議資料",
        written,
        &out.join(", "),
        &checks,
        &sel,
        &failures,
    )
}
