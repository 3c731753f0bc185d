//! Panics inside the libraries cmsheets runs (calamine on a damaged file, Typst on a template
//! bug) are caught where they happen and reported as findings in Japanese, naming the file or the
//! case. Rust's default report of a panic, in English and possibly quoting a cell's text, must not
//! reach the terminal as well.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

thread_local! {
    /// How many [`catch`] calls this thread is inside.
    static CATCHING: Cell<u32> = const { Cell::new(0) };
}

/// Runs `f` and catches its panic; the panic prints nothing, the caller says what failed.
pub fn catch<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    CATCHING.with(|c| c.set(c.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(f));
    CATCHING.with(|c| c.set(c.get() - 1));
    result
}

/// Inside [`catch`], silence; anywhere else, one Japanese line naming where it happened, never
/// the panic's message (it may hold data).
pub fn install_hook() {
    std::panic::set_hook(Box::new(|info| {
        if CATCHING.with(|c| c.get()) > 0 {
            return;
        }
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!("内部エラー: cmsheets が異常終了しました（{at}）。もう一度実行し、続くときは管理者に連絡してください。");
    }));
}
