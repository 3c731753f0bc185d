//! What render and packet share: choosing the cases to print, skipping those with errors, running
//! the typesetting in parallel (one Typesetter per worker), stopping cleanly on Ctrl+C, and the
//! summary at the end. Messages name ケースIDs and counts only.

use crate::model::CaseFile;
use crate::pipeline::Loaded;
use crate::progress::Progress;
use crate::typeset::Typesetter;
use std::collections::BTreeSet;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Once;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// Ctrl+C / SIGTERM: finish the file in hand (each is written atomically), start no other.
pub fn install_interrupt_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                std::process::exit(130);
            }
            eprintln!("中断します（書きかけのファイルは残しません）…");
        });
    });
}

pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// The cases a batch will print, and why others are not.
pub struct Selection<'a, 'd> {
    pub cases: Vec<&'a CaseFile<'d>>,
    /// Cases left out because their rows have errors.
    pub skipped: Vec<String>,
    /// `--case` values that name no case.
    pub unknown: Vec<String>,
}

pub fn select<'a, 'd>(
    files: &'a [CaseFile<'d>],
    wanted: &[String],
    loaded: &Loaded,
) -> Selection<'a, 'd> {
    let with_errors = loaded.findings.cases_with_errors();
    let wanted: BTreeSet<String> = wanted
        .iter()
        .map(|w| crate::model::text::fold_id(w))
        .collect();
    let mut sel = Selection {
        cases: Vec::new(),
        skipped: Vec::new(),
        unknown: Vec::new(),
    };
    for f in files {
        if !wanted.is_empty() && !wanted.contains(&f.case.case_id) {
            continue;
        }
        if with_errors.contains(&f.case.case_id) {
            sel.skipped.push(f.case.case_id.clone());
        } else {
            sel.cases.push(f);
        }
    }
    // Rows that name a case missing from the ケース sheet belong to no printable case.
    for id in &with_errors {
        let listed = files.iter().any(|f| &f.case.case_id == id);
        if !listed && (wanted.is_empty() || wanted.contains(id)) {
            sel.skipped.push(id.clone());
        }
    }
    for w in &wanted {
        if !files.iter().any(|f| &f.case.case_id == w) && !with_errors.contains(w) {
            sel.unknown.push(w.clone());
        }
    }
    sel
}

/// One failed item of a batch (a case's form or packet).
pub struct Failure {
    pub case_id: String,
    pub what: String,
    pub message: String,
}

/// Runs `work` for every item on `jobs` threads, each with its own Typesetter. `work` returns
/// the number of files it wrote.
pub fn run_parallel<T: Sync>(
    label: &'static str,
    items: &[T],
    jobs: Option<usize>,
    quiet: bool,
    work: impl Fn(&mut Typesetter, &T) -> Result<usize, Vec<Failure>> + Sync,
) -> (usize, Vec<Failure>) {
    let threads = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, items.len().max(1));
    let progress = Progress::new(label, items.len() as u64, quiet);
    let next = AtomicUsize::new(0);
    // Plain threads, not a rayon pool: typst-pdf waits for its own background work with
    // `rayon::yield_now`, which on a rayon worker starts the next case on top of the current
    // one's stack, so a large batch nested cases until the stack overflowed and kept every
    // suspended document alive. Here each worker finishes one case before taking the next.
    let per_worker: Vec<(usize, Vec<Failure>)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut ts = Typesetter::new();
                    let (mut written, mut failures) = (0, Vec::new());
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        if i >= items.len() || interrupted() {
                            break;
                        }
                        match work(&mut ts, &items[i]) {
                            Ok(n) => written += n,
                            Err(mut f) => failures.append(&mut f),
                        }
                        progress.inc();
                    }
                    (written, failures)
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|w| w.join().unwrap_or_else(|_| (0, Vec::new())))
            .collect()
    });
    progress.finish();
    let mut written = 0;
    let mut failures = Vec::new();
    for (n, mut f) in per_worker {
        written += n;
        failures.append(&mut f);
    }
    // Workers finish in any order: report failures in a stable order.
    failures.sort_by(|a, b| (&a.case_id, &a.what).cmp(&(&b.case_id, &b.what)));
    (written, failures)
}

/// Prints the end-of-run summary and returns the exit status.
pub fn summarize(
    what: &str,
    written: usize,
    out: &str,
    loaded: &Loaded,
    sel: &Selection<'_, '_>,
    failures: &[Failure],
) -> u8 {
    let f = &loaded.findings;
    if f.errors() + f.warnings() > 0 {
        eprintln!(
            "点検: エラー {}件、警告 {}件（詳細は cmsheets check で確認できます）",
            f.errors(),
            f.warnings()
        );
    }
    if f.has_unattributed_errors() {
        eprintln!("注意: 読み込めなかったファイル・シートがあります。その内容は出力に含まれていません（cmsheets check で確認してください）。");
    }
    eprintln!("{what} {written}件を {out} に書き出しました。");
    if !sel.skipped.is_empty() {
        eprintln!(
            "エラーのため出力しなかったケース（{}件）: {}",
            sel.skipped.len(),
            sel.skipped.join(", ")
        );
    }
    if !sel.unknown.is_empty() {
        eprintln!(
            "見つからないケースID（{}件）: {}",
            sel.unknown.len(),
            sel.unknown.join(", ")
        );
    }
    for fail in failures {
        eprintln!(
            "出力できませんでした: {} {}: {}",
            fail.case_id, fail.what, fail.message
        );
    }
    if interrupted() {
        eprintln!("中断されました。書き出し済みのファイルは完全なものだけです。");
        return 130;
    }
    if loaded.nothing_readable() {
        return crate::commands::EXIT_FAILED;
    }
    if sel.skipped.is_empty()
        && sel.unknown.is_empty()
        && failures.is_empty()
        && !f.has_unattributed_errors()
    {
        crate::commands::EXIT_OK
    } else {
        crate::commands::EXIT_FINDINGS
    }
}
