//! Ctrl+C, SIGTERM and SIGHUP end every command within 2 s with status 130, whatever it is doing,
//! and leave no half-written file.
//!
//! The handler only sets a flag. The long loops (reading, checking, preparing cases) look at it
//! and leave at once, since they have nothing in hand; a batch finishes the document in hand and
//! starts no other, then says what it wrote. Neither can cover a single library call that runs
//! long (calamine reading a large .xls, Typst laying out a huge case, a write to a stalled
//! disk), so a watchdog started with the signal ends the process [`GRACE`] later whatever it is
//! doing, after removing this run's temporary files. Those are known here because every one is
//! created through [`create`], with the list locked, so none can be made after the exit began.

use crate::outcome::Outcome;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard, Once};
use std::time::{Duration, Instant};

/// The exit status of an interrupted run (see [`Outcome`]).
const EXIT_INTERRUPTED: u8 = Outcome::Interrupted.code();

/// From the signal to the forced exit: long enough for a document in hand to be finished and
/// written, short enough that the whole stays under the 2 s a user or a service manager waits.
pub const GRACE: Duration = Duration::from_millis(1500);

static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// What a forced exit must not leave behind.
struct Pending {
    /// Set once the process is leaving: from then on nothing new is created.
    closed: bool,
    /// Temporary files being written.
    parts: Vec<PathBuf>,
    /// Folders this run made for its outputs, in the order made: removed if left empty.
    folders: Vec<PathBuf>,
    /// Folders removed whole (the web page's private folders).
    owned: Vec<PathBuf>,
}

static PENDING: Mutex<Pending> = Mutex::new(Pending {
    closed: false,
    parts: Vec::new(),
    folders: Vec::new(),
    owned: Vec::new(),
});

fn pending() -> MutexGuard<'static, Pending> {
    PENDING.lock().unwrap_or_else(|e| e.into_inner())
}

/// Installs the handler (once; every command but `serve`, which has its own shutdown). A second
/// signal ends the run at once, the same clean way the watchdog does.
pub fn install() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            if INTERRUPTED.swap(true, Ordering::SeqCst) {
                force_exit(EXIT_INTERRUPTED);
            }
            // The watchdog first: the message may wait on a terminal or pipe nobody reads.
            watchdog(GRACE, EXIT_INTERRUPTED);
            tell("中断します（書きかけのファイルは残しません）…");
        });
    });
}

/// True once Ctrl+C or SIGTERM has come.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::Relaxed)
}

/// For loops with nothing in hand (reading, checking, preparing): after a signal, leave now.
#[inline]
pub fn checkpoint() {
    if interrupted() {
        leave();
    }
}

/// Ends the run as interrupted, from a place with nothing in hand: the files of the run that are
/// still being written go first (another thread may be writing one).
pub fn leave() -> ! {
    let held = close_and_clean();
    tell(LEFT);
    // Holding the list: no other thread creates or forgets a file while the process ends.
    let _held = held;
    std::process::exit(EXIT_INTERRUPTED.into())
}

const LEFT: &str = "中断しました。";

/// One line on stderr that never panics (a closed stderr must not stop an exit).
fn tell(line: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Ends the process `after` from now with `status` unless it has ended by then, removing what
/// this run was writing. For a run whose work may be inside one long call.
pub fn watchdog(after: Duration, status: u8) {
    let spawned = std::thread::Builder::new()
        .name("cmsheets-watchdog".into())
        .spawn(move || {
            std::thread::sleep(after);
            force_exit(status);
        });
    if spawned.is_err() {
        // No thread to wait with: leaving now is the only way to keep the promise.
        force_exit(status);
    }
}

/// Ends the process now, from any thread, whatever the others hold. `_exit`, not `exit`: the
/// atexit handlers (the allocator's, stdio's) may wait for a lock another thread holds forever.
fn force_exit(status: u8) -> ! {
    let held = close_and_clean();
    // Said from a thread of its own, waited for briefly: a blocked stderr must not keep the
    // process alive.
    let said = std::thread::Builder::new().spawn(|| tell(LEFT));
    if let Ok(said) = said {
        let until = Instant::now() + Duration::from_millis(100);
        while !said.is_finished() && Instant::now() < until {
            std::thread::sleep(Duration::from_millis(2));
        }
    }
    let _held = held;
    #[cfg(unix)]
    {
        // SAFETY: _exit ends the process at once; nothing of this process runs after it.
        unsafe { libc::_exit(status.into()) }
    }
    #[cfg(not(unix))]
    std::process::exit(status.into())
}

/// Stops every further creation and removes what is pending; the list stays locked (the caller
/// holds it until the process ends). None when the list could not be had in time: a thread
/// stuck while holding it (a folder being made on a dead network drive) must not stop the exit.
fn close_and_clean() -> Option<MutexGuard<'static, Pending>> {
    let deadline = Instant::now() + Duration::from_millis(300);
    let mut guard = loop {
        match PENDING.try_lock() {
            Ok(g) => break g,
            Err(std::sync::TryLockError::Poisoned(e)) => break e.into_inner(),
            Err(std::sync::TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(5));
            }
            Err(std::sync::TryLockError::WouldBlock) => return None,
        }
    };
    guard.closed = true;
    for part in guard.parts.drain(..) {
        let _ = std::fs::remove_file(&part);
    }
    for folder in guard.folders.iter().rev() {
        let _ = std::fs::remove_dir(folder); // only when empty
    }
    for folder in &guard.owned {
        let _ = std::fs::remove_dir_all(folder);
    }
    Some(guard)
}

/// Stops every further creation without leaving (the web page's shutdown, which then removes its
/// folders itself): a job still running cannot make them again.
pub fn close() {
    pending().closed = true;
}

/// Registers what a write creates, while it creates it (see [`create`]).
pub struct Creating<'a>(&'a mut Pending);

impl Creating<'_> {
    /// A folder made for an output.
    pub fn folder(&mut self, path: PathBuf) {
        self.0.folders.push(path);
    }

    /// A temporary file, pending until the returned guard is dropped (after its rename, or after
    /// it was removed on a failure).
    pub fn part(&mut self, path: PathBuf) -> Part {
        self.0.parts.push(path.clone());
        Part(path)
    }
}

/// A temporary file being written (see [`Creating::part`]).
pub struct Part(PathBuf);

impl Drop for Part {
    fn drop(&mut self) {
        let mut p = pending();
        if let Some(i) = p.parts.iter().position(|x| *x == self.0) {
            p.parts.swap_remove(i);
        }
    }
}

/// Runs `make`, which creates folders and a temporary file and registers them, with the list
/// locked, so that an exit cannot come between a creation and its registration. None once the
/// run is leaving: nothing is created then.
pub fn create<T>(make: impl FnOnce(&mut Creating<'_>) -> T) -> Option<T> {
    let mut p = pending();
    if p.closed {
        return None;
    }
    Some(make(&mut Creating(&mut p)))
}

/// A folder removed whole if the process is ended by force (the web page's folders; its normal
/// shutdown removes them itself).
pub fn remove_at_forced_exit(path: &Path) {
    pending().owned.push(path.to_path_buf());
}

/// Whether `path` is a temporary file this process is writing now.
pub fn is_pending(path: &Path) -> bool {
    pending().parts.iter().any(|p| p == path)
}
