//! Progress of a batch: a bar on a terminal, a plain line every few seconds otherwise (logs and
//! CI). It shows counts only, never a name or a ケースID.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct Progress {
    bar: Option<ProgressBar>,
    label: &'static str,
    total: AtomicU64,
    done: AtomicU64,
    last_line: Mutex<Instant>,
    quiet: bool,
}

impl Progress {
    pub fn new(label: &'static str, total: u64, quiet: bool) -> Progress {
        let bar = (!quiet && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::new(total);
            bar.set_style(
                ProgressStyle::with_template("{prefix} [{bar:30}] {pos}/{len} ({eta} 残り)")
                    .expect("a valid template")
                    .progress_chars("=> "),
            );
            bar.set_prefix(label);
            // A batch that ends within a second never shows the bar.
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Progress {
            bar,
            label,
            total: AtomicU64::new(total),
            done: AtomicU64::new(0),
            last_line: Mutex::new(Instant::now()),
            quiet,
        }
    }

    pub fn inc(&self) {
        let done = self.done.fetch_add(1, Ordering::Relaxed) + 1;
        if let Some(bar) = &self.bar {
            bar.set_position(done);
            return;
        }
        if self.quiet {
            return;
        }
        let mut last = self.last_line.lock().unwrap_or_else(|e| e.into_inner());
        let total = self.total.load(Ordering::Relaxed);
        if last.elapsed() >= Duration::from_secs(2) && done < total {
            eprintln!("{}: {}/{}", self.label, done, total);
            *last = Instant::now();
        }
    }

    /// A counter that prints nothing, read by another thread (the web page's progress bar).
    pub fn silent() -> Progress {
        Progress::new("", 0, true)
    }

    /// Starts counting a new step of `total` items.
    pub fn restart(&self, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
    }

    /// (done, total) of the current step.
    pub fn position(&self) -> (u64, u64) {
        (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }

    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
