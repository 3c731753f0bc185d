//! `cmsheets inspect`: how each 様式ブック was read, one self-contained page per book
//! (`DIR/<ケースID>_読み取り結果.html`), so an office checks its own layout once and knows.

use super::{Failure, Outcome};
use crate::cli::InspectArgs;
use crate::finding::Findings;
use crate::output::{protect, write_atomic, Target};
use std::collections::BTreeSet;
use std::path::PathBuf;

pub fn run(args: &InspectArgs) -> Result<Outcome, Failure> {
    if let Err(e) = protect(
        args.inputs.iter().map(|p| p.as_path()),
        &[Target::Folder(&args.output)],
    ) {
        return Err(Failure(format!("{e}")));
    }
    let books = crate::ingest::workbooks_of(&args.inputs);
    let mut findings = Findings::default();
    let mut written = 0;
    let mut unread_total = 0;
    let mut names: BTreeSet<String> = BTreeSet::new();
    let mut failed = false;
    for (i, path) in books.iter().enumerate() {
        crate::interrupt::checkpoint();
        let Some(view) = crate::ingest::workbook::inspect_workbook(path, &mut findings) else {
            continue;
        };
        // Named by ケースID, never by the file's name (it may be the person's).
        let id = view
            .case_id
            .clone()
            .filter(|id| crate::model::valid_case_id(id))
            .unwrap_or_else(|| format!("book-{}", i + 1));
        let mut name = format!("{id}_読み取り結果.html");
        let mut n = 2;
        while !names.insert(name.clone()) {
            name = format!("{id}-{n}_読み取り結果.html");
            n += 1;
        }
        let out: PathBuf = args.output.join(&name);
        let page =
            crate::forms::book::inspect::page(&view, crate::forms::book::inspect::Style::Inline);
        match write_atomic(&out, page.as_bytes()) {
            Ok(()) => {
                let unread = view.unread().count();
                unread_total += unread;
                written += 1;
                if !args.quiet {
                    crate::say!(
                        "{} → {}（読み取れなかった記入 {unread}件）",
                        view.file,
                        out.display()
                    );
                }
            }
            Err(e) => {
                crate::say!("エラー: {e}");
                failed = true;
            }
        }
    }
    for f in findings
        .items
        .iter()
        .filter(|f| f.code == "E001" || f.code == "W510")
    {
        crate::say!("{f}");
    }
    if written == 0 {
        return Err(Failure(
            "読み取り結果を作れる様式ブックがなかったため、何も書き出していません。".into(),
        ));
    }
    crate::say!(
        "読み取り結果 {written}件を {} に書き出しました（読み取れなかった記入 {unread_total}件）。",
        args.output.display()
    );
    if failed || unread_total > 0 || findings.items.iter().any(|f| f.code == "E001") {
        Ok(Outcome::Findings)
    } else {
        Ok(Outcome::Done)
    }
}
