//! CSV files, one per sheet, named after the sheet (`ケース.csv`) or its key (`cases.csv`), in
//! UTF-8 (with or without BOM) or CP932 as Excel on Japanese Windows writes it.

use super::{display_name, read_file, Cell, ReadError, Source, TableBuilder};
use crate::contract::sheets::{match_heading, Sheet};
use crate::finding::{Findings, Location, Origin};
use encoding_rs::{EUC_JP, SHIFT_JIS};
use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Cp932,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// Not UTF-8 nor CP932; the byte offset and the 1-based line where it went wrong.
    Unknown {
        offset: usize,
        line: usize,
    },
    Utf16,
    EucJp,
}

/// Decodes a CSV's bytes. UTF-8 wins when the bytes are valid UTF-8 (CP932 text is almost never
/// valid UTF-8); CP932 is tried next, strictly, so a byte that would become U+FFFD is refused.
/// EUC-JP decodes "successfully" as CP932 half-width kana garbage, so a CP932 result whose
/// heading row names none of our columns is tried as EUC-JP to give the user the right advice.
pub fn decode(bytes: &[u8], sheet: Option<Sheet>) -> Result<(Cow<'_, str>, Encoding), DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8_error = match std::str::from_utf8(body) {
        Ok(s) => return Ok((Cow::Borrowed(s), Encoding::Utf8)),
        Err(e) => e,
    };
    if body.len() != bytes.len() {
        // A BOM promises UTF-8: a bad byte after it is a damaged file, not another encoding.
        return Err(unknown(body, utf8_error.valid_up_to(), 3));
    }
    if let Some(text) = SHIFT_JIS.decode_without_bom_handling_and_without_replacement(body) {
        if headings_make_sense(&text, sheet) {
            return Ok((text, Encoding::Cp932));
        }
        if let Some(euc) = EUC_JP.decode_without_bom_handling_and_without_replacement(body) {
            if headings_make_sense(&euc, sheet) {
                return Err(DecodeError::EucJp);
            }
        }
        return Ok((text, Encoding::Cp932));
    }
    if body.iter().step_by(2).filter(|&&b| b == 0).count() > body.len() / 8
        || body.iter().skip(1).step_by(2).filter(|&&b| b == 0).count() > body.len() / 8
    {
        return Err(DecodeError::Utf16);
    }
    if EUC_JP
        .decode_without_bom_handling_and_without_replacement(body)
        .is_some()
    {
        return Err(DecodeError::EucJp);
    }
    Err(unknown(body, utf8_error.valid_up_to(), 0))
}

/// The row the bad byte is in, as a spreadsheet counts rows (a cell with line breaks is one row).
fn unknown(body: &[u8], offset: usize, bom: usize) -> DecodeError {
    let prefix = &body[..offset];
    let records = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(prefix)
        .records()
        .count();
    let at_boundary = prefix.is_empty() || prefix.ends_with(b"\n");
    let line = if at_boundary {
        records + 1
    } else {
        records.max(1)
    };
    DecodeError::Unknown {
        offset: offset + bom,
        line,
    }
}

fn headings_make_sense(text: &str, sheet: Option<Sheet>) -> bool {
    let Some(sheet) = sheet else { return true };
    let first = text.lines().next().unwrap_or("");
    first
        .split(',')
        .any(|h| match_heading(sheet, h.trim_matches('"')).is_some())
}

/// What a CSV file's name says it holds.
pub(crate) enum Named {
    Sheet(Sheet),
    /// Not a sheet's name: skipped, with a warning.
    Unknown,
    /// A sheet another file of the same source already holds: not read, with an error.
    Duplicate,
}

/// The sheet a CSV file is, from its name; `named` are the sheets of the source's files so far.
pub(crate) fn sheet_of(path: &Path, named: &[Sheet], findings: &mut Findings) -> Named {
    let origin = Arc::new(Origin {
        file: display_name(path),
        sheet: None,
    });
    let here = Location::file(&origin);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let Some(sheet) = Sheet::from_name(&stem) else {
        findings.warning("W007", here, None, format!(
            "ファイル名からシートが分かりません。「{}.csv」のようにシート名（ケース、アンケート、支援計画、モニタリング、ニーズ、補助ツール、頼りにしている人、クライシスプラン、日常的なサポーター）か英語のキー（cases など）にしてください。このファイルは読み飛ばします。",
            Sheet::Needs.ja()
        ));
        return Named::Unknown;
    };
    if named.contains(&sheet) {
        findings.error("E004", here, None, format!("シート「{}」の CSV が2つあります（日本語名と英語名の両方など）。1つにまとめてください。このファイルは読み込みません。", sheet.ja()));
        return Named::Duplicate;
    }
    Named::Sheet(sheet)
}

/// Reads one CSV of `sheet` into `source`; false when it could not be read (the error is
/// reported).
pub(crate) fn read_csv(
    path: &Path,
    sheet: Sheet,
    findings: &mut Findings,
    source: &mut Source<'_>,
) -> bool {
    let origin = Arc::new(Origin {
        file: display_name(path),
        sheet: None,
    });
    let here = Location::file(&origin);
    // UTF-8, what offices mostly send, is parsed straight from the file, so a large CSV is never
    // held whole: its bytes are read twice from the page cache instead, once to be sure of the
    // encoding and once to parse. Anything else (or a read error) takes the path below, which
    // reads the file whole and decodes it or says exactly what is wrong.
    if let Some(file) = utf8_file(path) {
        return parse(file, sheet, &origin, findings, source);
    }
    let Some(bytes) = read_file(path, &here, findings) else {
        return false;
    };
    let text = match decode(&bytes, Some(sheet)) {
        Ok((text, _)) => text,
        Err(e) => {
            let loc = match e {
                DecodeError::Unknown { line, .. } => Location {
                    origin: origin.clone(),
                    row: line as u32,
                    col: None,
                },
                _ => here,
            };
            ReadError::Encoding(e).report(loc, findings);
            return false;
        }
    };
    parse(text.as_bytes(), sheet, &origin, findings, source)
}

/// Reads one CSV of `sheet` from `input` while it is still arriving (the web page reads a large
/// file as the browser sends it), naming it after `path`. `None` when the bytes are not all
/// UTF-8: the result is then of no use, and the file is read again the usual way, which decodes
/// CP932 or says exactly what is wrong.
pub(crate) fn read_csv_stream(
    input: impl std::io::Read,
    path: &Path,
    sheet: Sheet,
    findings: &mut Findings,
    source: &mut Source<'_>,
) -> Option<bool> {
    let origin = Arc::new(Origin {
        file: display_name(path),
        sheet: None,
    });
    let mut watched = Utf8Watch {
        inner: input,
        carried: Vec::new(),
        start: true,
        bad: false,
    };
    let ok = parse(&mut watched, sheet, &origin, findings, source);
    // The parser may stop early (headings it cannot use); the bytes it left are what decides
    // whether the file is UTF-8 all the same, as reading the whole file would.
    std::io::copy(&mut watched, &mut std::io::sink()).ok()?;
    (!watched.bad && watched.carried.is_empty()).then_some(ok)
}

/// Hands on a stream's bytes after its BOM, noting whether they are all UTF-8 (a character may
/// be cut between two reads: its first bytes are checked again with the next).
struct Utf8Watch<R> {
    inner: R,
    carried: Vec<u8>,
    start: bool,
    bad: bool,
}

impl<R: std::io::Read> std::io::Read for Utf8Watch<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let mut n = self.inner.read(out)?;
        if self.start && n > 0 {
            // A read may end inside the BOM only on a tiny first read: fill the first three.
            while n < 3.min(out.len()) {
                let more = self.inner.read(&mut out[n..])?;
                if more == 0 {
                    break;
                }
                n += more;
            }
            self.start = false;
            if out[..n].starts_with(b"\xEF\xBB\xBF") {
                out.copy_within(3..n, 0);
                n -= 3;
                if n == 0 {
                    // A read of the BOM alone is not the end of the file.
                    return self.read(out);
                }
            }
        }
        if self.bad || n == 0 {
            return Ok(n);
        }
        self.watch(&out[..n]);
        Ok(n)
    }
}

impl<R> Utf8Watch<R> {
    /// Checks `bytes` where they lie: only a character cut by the previous read is completed in
    /// a few bytes of its own, so a large file's bytes are not copied to be checked.
    fn watch(&mut self, mut bytes: &[u8]) {
        if let Some(&lead) = self.carried.first() {
            let len = match lead {
                0xC0..=0xDF => 2,
                0xE0..=0xEF => 3,
                _ => 4,
            };
            let take = (len - self.carried.len()).min(bytes.len());
            self.carried.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.carried.len() < len {
                return; // still cut: the next read completes it
            }
            if simdutf8::basic::from_utf8(&self.carried).is_err() {
                self.bad = true;
                return;
            }
            self.carried.clear();
        }
        match simdutf8::compat::from_utf8(bytes) {
            Ok(_) => {}
            Err(e) if e.error_len().is_none() => self.carried = bytes[e.valid_up_to()..].to_vec(),
            Err(_) => self.bad = true,
        }
    }
}

/// The file opened after its BOM, if the whole of it is valid UTF-8.
fn utf8_file(path: &Path) -> Option<std::fs::File> {
    use std::io::{Read, Seek, SeekFrom};
    let mut file = super::open_input(path).ok()?;
    let mut buf = vec![0u8; 1 << 20];
    let mut carried = 0; // bytes of a character cut by the end of the previous chunk
    let mut first = true;
    let mut bom = false;
    loop {
        crate::interrupt::checkpoint();
        let n = file.read(&mut buf[carried..]).ok()?;
        if n == 0 {
            break;
        }
        let len = carried + n;
        if first {
            bom = buf[..len].starts_with(b"\xEF\xBB\xBF");
            first = false;
        }
        match simdutf8::compat::from_utf8(&buf[..len]) {
            Ok(_) => carried = 0,
            Err(e) if e.error_len().is_none() => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..len, 0);
                carried = len - valid;
            }
            Err(_) => return None,
        }
    }
    if carried > 0 {
        return None; // the file ends inside a character
    }
    file.seek(SeekFrom::Start(if bom { 3 } else { 0 })).ok()?;
    Some(file)
}

/// The most bytes one record (a row, with the line breaks inside its quoted cells) may take:
/// a row of an intake sheet with every one of its 40-odd cells at Excel's 32,767 characters is
/// about 4 MB. A longer record is left out with a finding, so a CSV of one 150-million-field
/// line or one 300 MB cell is read in bounded memory.
pub const MAX_RECORD_BYTES: usize = 8 << 20;
/// Excel's widest sheet: a record with more fields is left out with a finding.
pub const MAX_RECORD_FIELDS: usize = 16_384;

/// Cuts records longer than [`MAX_RECORD_BYTES`] before the CSV parser holds them: it follows
/// the quotes (RFC 4180: `"` opens and closes, `""` inside is two toggles) to know where a record
/// ends, hands on at most the cap of each, closes an open quote, and drops the rest up to the
/// record's end. The indexes of the cut records are noted for the parser's caller to report.
struct BoundedRecords<R> {
    inner: R,
    in_quotes: bool,
    record_bytes: usize,
    /// Commas outside quotes so far: the record's fields less one.
    record_commas: usize,
    /// Where the current record starts in what is handed on, as the parser counts its bytes
    /// (`csv::Position::byte`): blank lines, which the parser skips, cannot shift it.
    record_start: u64,
    handed_on: u64,
    prev: u8,
    /// Dropping the rest of an over-long record.
    skipping: bool,
    cut: std::rc::Rc<std::cell::RefCell<Vec<(u64, Cut)>>>,
    buf: Vec<u8>,
}

/// Why a record was cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cut {
    Bytes,
    Columns,
}

impl<R> BoundedRecords<R> {
    /// After the terminator has been handed on.
    fn end_record(&mut self) {
        self.record_start = self.handed_on;
        self.record_bytes = 0;
        self.record_commas = 0;
        self.skipping = false;
    }
}

impl<R: std::io::Read> std::io::Read for BoundedRecords<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        // One input byte may give two (the quote that closes a cut cell, then the byte): read one
        // less than there is room for.
        let room = out.len().saturating_sub(1);
        if room == 0 {
            return Ok(0);
        }
        if self.buf.len() < room {
            self.buf.resize(room, 0);
        }
        loop {
            let n = self.inner.read(&mut self.buf[..room])?;
            if n == 0 {
                return Ok(0);
            }
            let mut written = 0;
            for i in 0..n {
                let b = self.buf[i];
                // A record ends at a line break outside quotes: LF, CR, or the LF of a CRLF
                // (whose CR ended it already).
                let ends = !self.in_quotes && (b == b'\r' || (b == b'\n' && self.prev != b'\r'));
                let crlf_tail = !self.in_quotes && b == b'\n' && self.prev == b'\r';
                self.prev = b;
                if b == b',' && !self.in_quotes {
                    self.record_commas += 1;
                }
                let over = if self.record_bytes >= MAX_RECORD_BYTES {
                    Some(Cut::Bytes)
                } else if self.record_commas >= MAX_RECORD_FIELDS {
                    Some(Cut::Columns)
                } else {
                    None
                };
                if let Some(why) = over.filter(|_| !self.skipping && !crlf_tail) {
                    self.cut.borrow_mut().push((self.record_start, why));
                    self.skipping = true;
                    // The parser must leave the quoted cell it is in, or it reads on into the
                    // next records as one cell.
                    if self.in_quotes {
                        out[written] = b'"';
                        written += 1;
                        self.handed_on += 1;
                    }
                }
                if b == b'"' {
                    self.in_quotes = !self.in_quotes;
                }
                if self.skipping && !ends {
                    continue;
                }
                out[written] = b;
                written += 1;
                self.handed_on += 1;
                self.record_bytes += 1;
                if ends || crlf_tail {
                    self.end_record();
                }
            }
            if written > 0 {
                return Ok(written);
            }
        }
    }
}

/// Reads the heading row and the records of one CSV into `source`.
fn parse(
    input: impl std::io::Read,
    sheet: Sheet,
    origin: &Arc<Origin>,
    findings: &mut Findings,
    source: &mut Source<'_>,
) -> bool {
    let here = Location::file(origin);
    let cut = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let input = BoundedRecords {
        inner: input,
        in_quotes: false,
        record_bytes: 0,
        record_commas: 0,
        record_start: 0,
        handed_on: 0,
        prev: 0,
        skipping: false,
        cut: cut.clone(),
        buf: Vec::new(),
    };
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let mut records = reader.byte_records();
    let first = records.next().and_then(Result::ok);
    let headings: Option<Vec<String>> = first
        .as_ref()
        .and_then(utf8_fields)
        .map(|fields| fields.map(str::to_string).collect());
    let Some(headings) = headings else {
        findings.error(
            "E005",
            here,
            None,
            "見出し行がありません（空のファイルです）。1行目に見出しを入れてください。",
        );
        return false;
    };
    let Some(mut builder) =
        TableBuilder::new(sheet, origin.clone(), false, 1, 0, &headings, findings)
    else {
        return true;
    };
    for (i, rec) in records.enumerate() {
        if i % 1024 == 0 {
            crate::interrupt::checkpoint();
        }
        let line = i as u32 + 2;
        let at = Location {
            origin: origin.clone(),
            row: line,
            col: None,
        };
        let start = rec
            .as_ref()
            .map_or(u64::MAX, |r| r.position().map_or(u64::MAX, |p| p.byte()));
        // The parser counts a CRLF's LF with the record after it; a record is at least two bytes
        // (a field and its terminator), so this window holds one record start at most.
        let why = cut
            .borrow()
            .iter()
            .find(|&&(c, _)| c.saturating_sub(2) <= start && start <= c)
            .map(|&(_, why)| why);
        match why {
            Some(Cut::Bytes) => {
                ReadError::RecordTooLong {
                    mib: MAX_RECORD_BYTES >> 20,
                }
                .report(at, findings);
                continue;
            }
            Some(Cut::Columns) => {
                ReadError::TooManyFields {
                    limit: MAX_RECORD_FIELDS,
                }
                .report(at, findings);
                continue;
            }
            None => {}
        }
        match rec.as_ref().ok().and_then(utf8_fields) {
            Some(fields) => builder.push(
                line,
                fields.map(|v| {
                    if v.is_empty() {
                        Cell::Empty
                    } else {
                        Cell::Text(v.to_string())
                    }
                }),
            ),
            None => {
                ReadError::BadRecord.report(
                    Location {
                        origin: origin.clone(),
                        row: line,
                        col: None,
                    },
                    findings,
                );
                break;
            }
        }
        if let Some(slice) = builder.take_full() {
            source.add(slice, findings);
        }
    }
    source.add(builder.finish(), findings);
    true
}

/// The fields of a record as text, or `None` if it is not UTF-8 (only when the file changed
/// after it was checked: every input reaching the parser is UTF-8). The record is validated once
/// with SIMD, as a whole, and cut at its field boundaries, which fall between characters.
fn utf8_fields(record: &::csv::ByteRecord) -> Option<impl Iterator<Item = &str>> {
    let all = simdutf8::basic::from_utf8(record.as_slice()).ok()?;
    Some((0..record.len()).map(move |i| record.range(i).and_then(|r| all.get(r)).unwrap_or("")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        let (t, e) = decode("ケースID,本人氏名\n".as_bytes(), Some(Sheet::Cases)).unwrap();
        assert_eq!((t.as_ref(), e), ("ケースID,本人氏名\n", Encoding::Utf8));
        let mut b = b"\xEF\xBB\xBF".to_vec();
        b.extend("ケースID\n".as_bytes());
        assert_eq!(decode(&b, Some(Sheet::Cases)).unwrap().0, "ケースID\n");
    }

    #[test]
    fn cp932_as_excel_writes_it() {
        let (bytes, _, _) =
            SHIFT_JIS.encode("ケースID,本人氏名,地域\r\nC-1,山田　花子,中央～北\r\n");
        let (t, e) = decode(&bytes, Some(Sheet::Cases)).unwrap();
        assert_eq!(e, Encoding::Cp932);
        assert!(t.contains("山田　花子"));
    }

    #[test]
    fn euc_jp_and_utf16_are_named() {
        let (bytes, _, _) = EUC_JP.encode("ケースID,本人氏名,地域\n");
        assert_eq!(
            decode(&bytes, Some(Sheet::Cases)).unwrap_err(),
            DecodeError::EucJp
        );
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("ケースID".encode_utf16().flat_map(|u| u.to_le_bytes()))
            .collect();
        assert_eq!(
            decode(&utf16, Some(Sheet::Cases)).unwrap_err(),
            DecodeError::Utf16
        );
    }

    #[test]
    fn garbage_names_the_line_and_offset() {
        let mut b = "ケースID\nC-1\n".as_bytes().to_vec();
        b.extend([0xFF, 0xFF, 0x80]);
        match decode(&b, Some(Sheet::Cases)) {
            Err(DecodeError::Unknown { line, offset }) => {
                assert_eq!(line, 3);
                assert_eq!(offset, "ケースID\nC-1\n".len());
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_stream_is_known_utf8_or_not_wherever_its_reads_cut_it() {
        use std::io::Read;
        /// Hands on `k` bytes a read.
        struct Pieces<'a>(&'a [u8], usize);
        impl Read for Pieces<'_> {
            fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
                let n = self.1.min(self.0.len()).min(out.len());
                out[..n].copy_from_slice(&self.0[..n]);
                self.0 = &self.0[n..];
                Ok(n)
            }
        }
        let good = "\u{feff}ケースID,é,𠮷野家,a\n".as_bytes().to_vec();
        let mut cut_short = good.clone();
        cut_short.truncate(cut_short.len() - 4); // ",a\n" and the last byte of 家
        let mut broken = good.clone();
        broken[12] = 0xFF;
        for k in 1..=7 {
            for (bytes, utf8) in [(&good, true), (&broken, false)] {
                let mut w = Utf8Watch {
                    inner: Pieces(bytes, k),
                    carried: Vec::new(),
                    start: true,
                    bad: false,
                };
                let mut all = Vec::new();
                w.read_to_end(&mut all).unwrap();
                assert_eq!(!w.bad && w.carried.is_empty(), utf8, "k={k}");
                if utf8 {
                    assert_eq!(all, &good[3..], "the BOM is left out, nothing else (k={k})");
                }
            }
            let mut w = Utf8Watch {
                inner: Pieces(&cut_short, k),
                carried: Vec::new(),
                start: true,
                bad: false,
            };
            std::io::copy(&mut w, &mut std::io::sink()).unwrap();
            assert!(
                w.bad || !w.carried.is_empty(),
                "ends inside a character (k={k})"
            );
        }
    }

    #[test]
    fn utf8_is_read_from_the_file_across_chunk_boundaries() {
        use std::io::Read;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ニーズ.csv");
        // A character cut by the end of the first 1 MiB chunk is still UTF-8.
        let mut text = "\u{FEFF}ケースID\n".to_string();
        text.push_str(&"a".repeat((1 << 20) - text.len() - 1));
        text.push_str("ケ\n");
        std::fs::write(&path, &text).unwrap();
        let mut rest = String::new();
        utf8_file(&path).unwrap().read_to_string(&mut rest).unwrap();
        assert_eq!(
            rest,
            text.trim_start_matches('\u{FEFF}'),
            "read after the BOM"
        );

        let mut bytes = text.into_bytes();
        bytes.truncate(bytes.len() - 2); // ends inside ケ
        std::fs::write(&path, &bytes).unwrap();
        assert!(utf8_file(&path).is_none());
        let (cp932, _, _) = SHIFT_JIS.encode("ケースID\nC-1\n");
        std::fs::write(&path, &cp932).unwrap();
        assert!(utf8_file(&path).is_none(), "left to decode()");
    }
}
