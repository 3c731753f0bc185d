//! A CSV read while the browser still sends it. A million need rows are some 900 MB: sent, then
//! read, they take the sum of both times; read as they arrive, little more than the longer one.
//!
//! The file is written to its part as usual; a thread follows the part, reading what has been
//! written so far and waiting for more, and parses it with the same reader as any CSV. Its result
//! stands for reading the file only if the whole request arrived and the bytes were UTF-8;
//! otherwise it is dropped and the file read the usual way, so nothing differs but the time.

use crate::ingest::CsvPart;
use crate::model::Dataset;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;

/// Files followed at once: each one still arriving or still being parsed holds a thread, and a
/// request of a thousand small CSV files must not start a thousand.
const AT_ONCE: usize = 8;
static FOLLOWED: AtomicUsize = AtomicUsize::new(0);

/// The CSV's records, once its thread has read them all.
pub type Reading = JoinHandle<Option<CsvPart<Dataset>>>;

/// The sending side: tells the thread how much of the part is written and how it ended. Dropped
/// before [`Arrival::arrived`] (a send broken off, a refused request), it tells the thread the
/// file will never be complete.
pub struct Arrival {
    shared: Arc<Shared>,
}

struct Shared {
    progress: Mutex<Progress>,
    more: Condvar,
}

#[derive(Clone, Copy)]
struct Progress {
    written: u64,
    end: Option<End>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum End {
    Arrived,
    BrokeOff,
}

impl Arrival {
    /// Starts following `part` (created already), which will become the CSV at `path`; `None`
    /// when enough files are followed already (this one is read after it has arrived).
    pub fn follow(part: &Path, path: PathBuf) -> Option<(Arrival, Reading)> {
        if FOLLOWED.fetch_add(1, Ordering::SeqCst) >= AT_ONCE {
            FOLLOWED.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        let release = Followed;
        let file = std::fs::File::open(part).ok()?;
        let shared = Arc::new(Shared {
            progress: Mutex::new(Progress {
                written: 0,
                end: None,
            }),
            more: Condvar::new(),
        });
        let follower = Follower {
            file,
            shared: shared.clone(),
            read: 0,
        };
        let thread_shared = shared.clone();
        let reading = std::thread::Builder::new()
            .name("cmsheets-arriving-csv".into())
            .spawn(move || {
                let _release = release;
                let part = crate::ingest::read_arriving_csv(follower, &path, &Dataset::default());
                let arrived = thread_shared.progress().end == Some(End::Arrived);
                part.filter(|_| arrived)
            })
            .ok()?;
        Some((Arrival { shared }, reading))
    }

    /// `bytes` of the file are in the part, readable.
    pub fn wrote(&self, bytes: u64) {
        self.shared.progress().written = bytes;
        self.shared.more.notify_all();
    }

    /// The whole file is in the part.
    pub fn arrived(self) {
        self.end(End::Arrived);
    }

    fn end(&self, end: End) {
        let mut progress = self.shared.progress();
        if progress.end.is_none() {
            progress.end = Some(end);
        }
        drop(progress);
        self.shared.more.notify_all();
    }
}

impl Drop for Arrival {
    fn drop(&mut self) {
        self.end(End::BrokeOff);
    }
}

impl Shared {
    fn progress(&self) -> std::sync::MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Counts a followed file until its thread ends, however it ends.
struct Followed;

impl Drop for Followed {
    fn drop(&mut self) {
        FOLLOWED.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Reads the part as it grows: what is written, then waits for more until the file has arrived.
struct Follower {
    file: std::fs::File,
    shared: Arc<Shared>,
    read: u64,
}

impl std::io::Read for Follower {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let ready = {
            let mut progress = self.shared.progress();
            loop {
                if progress.written > self.read {
                    break progress.written - self.read;
                }
                match progress.end {
                    Some(End::Arrived) => return Ok(0),
                    Some(End::BrokeOff) => {
                        return Err(std::io::Error::new(
                            std::io::ErrorKind::UnexpectedEof,
                            "the send broke off",
                        ))
                    }
                    None => {
                        progress = self
                            .shared
                            .more
                            .wait(progress)
                            .unwrap_or_else(|e| e.into_inner())
                    }
                }
            }
        };
        let want = out.len().min(usize::try_from(ready).unwrap_or(usize::MAX));
        let n = self.file.read(&mut out[..want])?;
        self.read += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// Followed once a place is free: the tests run at once and share the limit.
    fn follow(part: &Path, path: PathBuf) -> (Arrival, Reading) {
        for _ in 0..1000 {
            if let Some(followed) = Arrival::follow(part, path.clone()) {
                return followed;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("no place to follow a file in 10 s");
    }

    fn folder() -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "cmsheets-arrival-{}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    /// The rows written a piece at a time, cut inside a character and inside the BOM's reach,
    /// are read as reading the whole file reads them.
    #[test]
    fn a_file_read_as_it_arrives_is_read_as_the_whole_file() {
        let dir = folder();
        let path = dir.join("ケース.csv");
        let part = dir.join("ケース.part-1");
        let mut text = String::from(
            "\u{feff}ケースID,本人氏名,ふりがな,地域,担当機関,マネジメント担当者,CM開始日\n",
        );
        for i in 0..3000 {
            // A cell with a line break, a date to be read, a name in kanji: cut anywhere.
            text.push_str(&format!(
                "C{i:04},\"山田 花子{i}\n（旧姓 佐藤）\",やまだ はなこ,札幌市,中央保健所,佐野 真理,令和6年8月{}日\n",
                i % 28 + 1
            ));
        }
        std::fs::write(&path, &text).unwrap();
        let mut file = std::fs::File::create(&part).unwrap();
        let (arrival, reading) = follow(&part, path.clone());
        let bytes = text.as_bytes();
        let mut written = 0;
        for piece in bytes.chunks(4097) {
            file.write_all(piece).unwrap();
            file.flush().unwrap();
            written += piece.len() as u64;
            arrival.wrote(written);
        }
        arrival.arrived();
        let part_read = reading.join().unwrap().expect("read as it arrived");

        let mut whole = Dataset::default();
        let mut whole_findings = crate::finding::Findings::default();
        crate::ingest::read_one_input(&dir, "受付", &mut whole_findings, &mut whole);
        let mut streamed = Dataset::default();
        let mut streamed_findings = crate::finding::Findings::default();
        let taken = Mutex::new(Some(part_read));
        crate::ingest::read_one_input_with(
            &dir,
            "受付",
            &mut streamed_findings,
            &mut streamed,
            &|p: &Path| (p == path).then(|| taken.lock().unwrap().take()).flatten(),
        );
        assert!(
            taken.lock().unwrap().is_none(),
            "the part read as it arrived was used"
        );
        assert_eq!(streamed.cases.len(), 3000);
        assert_eq!(
            format!("{:?}", streamed.cases),
            format!("{:?}", whole.cases)
        );
        assert_eq!(
            format!("{:?}", streamed_findings),
            format!("{:?}", whole_findings)
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// A send that breaks off ends the thread, and its half is never used.
    #[test]
    fn a_send_broken_off_is_not_used() {
        let dir = folder().join("broken");
        std::fs::create_dir_all(&dir).unwrap();
        let part = dir.join("ニーズ.part-2");
        let mut file = std::fs::File::create(&part).unwrap();
        let (arrival, reading) = follow(&part, dir.join("ニーズ.csv"));
        file.write_all("ケースID,作成番号,番号,ニーズ\nC0001,1,1,".as_bytes())
            .unwrap();
        arrival.wrote(40);
        drop(arrival);
        assert!(reading.join().unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// CP932 is not guessed at while arriving: the file is read again the usual way.
    #[test]
    fn bytes_that_are_not_utf8_are_read_again_after() {
        let dir = folder().join("sjis");
        std::fs::create_dir_all(&dir).unwrap();
        let part = dir.join("ケース.part-3");
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("ケースID,本人氏名\nC0001,山田\n");
        std::fs::write(&part, &sjis).unwrap();
        let (arrival, reading) = follow(&part, dir.join("ケース.csv"));
        arrival.wrote(sjis.len() as u64);
        arrival.arrived();
        assert!(reading.join().unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
