//! How a run ended, and the exit status that says so to a script or scheduler (ripgrep's
//! convention, and the shells' for a signal). Documented in the README:
//!
//! | status | outcome |
//! |---|---|
//! | 0 | done; warnings allowed |
//! | 1 | done, but errors were found or cases were left out (and said which) |
//! | 2 | could not run: unreadable input, bad flags, an output that cannot be written |
//! | 130 | interrupted (Ctrl+C, SIGTERM): nothing half-written is left behind |

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    Findings,
    Failed,
    Interrupted,
}

impl Outcome {
    /// The exit status of the process.
    pub const fn code(self) -> u8 {
        match self {
            Outcome::Done => 0,
            Outcome::Findings => 1,
            Outcome::Failed => 2,
            // 128 + SIGINT, as shells report it.
            Outcome::Interrupted => 130,
        }
    }
}
