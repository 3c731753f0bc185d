//! Hostile and broken input (spec/quality.md, Robustness and Privacy): nothing panics, nothing
//! is half-written, nothing personal leaks, no path is built from a bad ケースID.

use crate::common::*;
use proptest::prelude::*;
use std::path::Path;
use std::process::{Command, Stdio};

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    #[test]
    fn date_parser_never_panics(s in "\\PC{0,40}") {
        let _ = cmsheets::contract::date::parse_date(&s);
    }

    #[test]
    fn date_parser_on_date_like_text(y in 0u32..3000, m in 0u32..14, d in 0u32..33, era in prop::sample::select(vec!["", "R", "H", "S", "令和", "平成", "㋿", "M", "T"]), sep in prop::sample::select(vec!["/", "-", ".", "年"])) {
        let s = format!("{era}{y}{sep}{m}{sep}{d}");
        if let Ok(date) = cmsheets::contract::date::parse_date(&s) {
            // Whatever is accepted prints back and reads back as the same day.
            let printed = cmsheets::contract::date::format_date(date, cmsheets::contract::date::DateStyle::Wareki);
            prop_assert_eq!(cmsheets::contract::date::parse_date(&printed), Ok(date));
        }
    }

    #[test]
    fn code_parsers_never_panic(s in "\\PC{0,20}") {
        use cmsheets::contract::codes::*;
        let _ = (Answer::parse(&s), Evaluation::parse(&s), Relation::parse(&s), Timing::parse_with_months(&s), Frequency::parse(&s), item_index(&s));
    }

    #[test]
    fn csv_decoding_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = cmsheets::ingest::csv::decode(&bytes, Some(cmsheets::contract::sheets::Sheet::Needs));
    }
}

/// Random bytes and damaged copies of a real workbook, read as every kind of input: each gives
/// findings, never a panic.
#[test]
fn readers_survive_damaged_files() {
    let dir = tempdir();
    let good = std::fs::read(sample("intake.xlsx")).unwrap();
    let mut rng = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng
    };
    for i in 0..60 {
        let mut bytes = good.clone();
        match i % 3 {
            0 => {
                for _ in 0..8 {
                    let at = (next() as usize) % bytes.len();
                    bytes[at] = next() as u8;
                }
            }
            1 => bytes.truncate((next() as usize) % bytes.len()),
            _ => bytes = (0..(next() % 2000)).map(|_| next() as u8).collect(),
        }
        for name in ["x.xlsx", "x.ods", "x.xls", "ニーズ.csv"] {
            let path = dir.path().join(name);
            std::fs::write(&path, &bytes).unwrap();
            let mut findings = cmsheets::finding::Findings::default();
            let intake = cmsheets::ingest::read_inputs(std::slice::from_ref(&path), &mut findings);
            let readable = intake.inputs.iter().all(|i| i.readable);
            let _ = cmsheets::model::load(intake.tables, &mut findings);
            // A file that could not be read says so: an E001 naming it, with what to do.
            if !readable {
                let e001 = findings
                    .items
                    .iter()
                    .find(|f| f.code == "E001")
                    .unwrap_or_else(|| panic!("damaged {name} ({i}) unreadable without E001"));
                assert_eq!(e001.location.origin.file, name);
                assert!(!e001.message.is_empty());
            }
            // Every finding names this file and says something in Japanese.
            for f in &findings.items {
                assert_eq!(f.location.origin.file, name, "{f}");
                assert!(
                    f.message.chars().any(|c| c > '\u{3000}'),
                    "a Japanese message: {f}"
                );
            }
            assert!(
                !(readable && findings.items.is_empty() && i % 3 == 2),
                "random bytes read as {name} without a finding"
            );
        }
    }
}

/// The inputs the fuzz targets (fuzz/, bench/fuzz.sh) crashed on, kept once fixed under
/// tests/fixtures/fuzz/<target>/ and replayed through what that target checks.
#[test]
fn inputs_that_crashed_the_fuzzers_stay_fixed() {
    use cmsheets::contract::codes::*;
    use cmsheets::contract::date::{format_date, parse_date, DateStyle};
    let mut replayed = 0;
    for target in std::fs::read_dir(fixture("fuzz")).unwrap() {
        let target = target.unwrap().path();
        let name = target.file_name().unwrap().to_string_lossy().into_owned();
        for input in std::fs::read_dir(&target).unwrap() {
            let input = input.unwrap().path();
            let bytes = std::fs::read(&input).unwrap();
            match name.as_str() {
                "dates_and_codes" => {
                    let s = std::str::from_utf8(&bytes).unwrap();
                    if let Ok(date) = parse_date(s) {
                        for style in [DateStyle::Wareki, DateStyle::Western] {
                            let printed = format_date(date, style);
                            assert_eq!(
                                parse_date(&printed),
                                Ok(date),
                                "{}: {s:?} printed as {printed:?}",
                                input.display()
                            );
                        }
                    }
                    let _ = (
                        Answer::parse(s),
                        Evaluation::parse(s),
                        Relation::parse(s),
                        Timing::parse_with_months(s),
                        Frequency::parse(s),
                        item_index(s),
                    );
                }
                // The first byte names the file (fuzz/fuzz_targets/*_reader.rs), the rest is it.
                "csv_reader" | "workbook_reader" => {
                    let (&pick, rest) = bytes.split_first().unwrap();
                    let file = if name == "csv_reader" {
                        use cmsheets::contract::sheets::Sheet;
                        let sheet = Sheet::ALL[pick as usize % Sheet::ALL.len()];
                        let _ = cmsheets::ingest::csv::decode(rest, Some(Sheet::Needs));
                        let stem = if (pick as usize / Sheet::ALL.len()).is_multiple_of(2) {
                            sheet.ja()
                        } else {
                            sheet.key()
                        };
                        format!("{stem}.csv")
                    } else {
                        ["x.xlsx", "x.ods", "x.xls", "x.xlsm"][pick as usize % 4].to_string()
                    };
                    let dir = tempdir();
                    let path = dir.path().join(&file);
                    std::fs::write(&path, rest).unwrap();
                    let mut findings = cmsheets::finding::Findings::default();
                    let intake =
                        cmsheets::ingest::read_inputs(std::slice::from_ref(&path), &mut findings);
                    let readable = intake.inputs.iter().all(|i| i.readable);
                    let _ = cmsheets::model::load(intake.tables, &mut findings);
                    let errors = findings
                        .items
                        .iter()
                        .filter(|f| f.severity == cmsheets::finding::Severity::Error)
                        .count();
                    assert!(
                        readable || errors > 0,
                        "{}: nothing read, no error",
                        input.display()
                    );
                    for f in &findings.items {
                        assert_eq!(f.location.origin.file, file, "{f}");
                        assert!(f.message.chars().any(|c| c > '\u{3000}'), "{f}");
                    }
                    // The binary says it in Japanese only: a library's caught panic prints nothing.
                    let run = cmsheets_command()
                        .args(["check", "--as-of", "2025-11-30"])
                        .arg(&path)
                        .output()
                        .unwrap();
                    let stderr = String::from_utf8_lossy(&run.stderr);
                    assert!(
                        !stderr.contains("panicked"),
                        "{}: {stderr}",
                        input.display()
                    );
                    assert!(
                        run.status.code().is_some_and(|c| c <= 2),
                        "{}",
                        input.display()
                    );
                }
                other => panic!(
                    "no replay for the fuzz target {other} ({})",
                    input.display()
                ),
            }
            replayed += 1;
        }
    }
    assert!(replayed > 0, "tests/fixtures/fuzz/ holds no input");
}

#[test]
fn path_like_case_ids_are_refused_before_any_file_is_named() {
    let input = tempdir();
    std::fs::write(
        input.path().join("ケース.csv"),
        "ケースID,本人氏名,地域,マネジメント担当者\n../x,a,b,c\na/b,a,b,c\nCON,a,b,c\nC:\\x,a,b,c\n.hidden,a,b,c\nOK-1,a,b,c\n",
    )
    .unwrap();
    let (_, report) = check_json(&[input.path()]);
    let e108: Vec<String> = codes_at(&report)
        .into_iter()
        .filter(|(c, _)| c == "E108")
        .map(|(_, l)| l)
        .collect();
    assert_eq!(
        e108,
        [
            "ケース.csv:2:1",
            "ケース.csv:3:1",
            "ケース.csv:4:1",
            "ケース.csv:5:1",
            "ケース.csv:6:1"
        ]
    );
    // A folder of our own around the output, so that "../x" escaping it would be seen.
    let outer = tempdir();
    let out_dir = outer.path().join("out");
    let out = cmsheets([
        "render",
        input.path().to_str().unwrap(),
        "-o",
        out_dir.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let files: Vec<String> = tree(&out_dir).into_keys().collect();
    assert!(
        files
            .iter()
            .all(|f| !f.contains("..") && !f.starts_with("CON")),
        "{files:?}"
    );
    assert!(!outer.path().join("x").exists());
}

#[test]
fn outputs_never_overwrite_inputs_and_bad_targets_are_named() {
    let input = tempdir();
    synthetic_case(input.path(), "T-1", "記入", &["ニーズ".to_string()]);
    let csv = input.path().join("ニーズ.csv");
    let before = std::fs::read(&csv).unwrap();
    let out = cmsheets([
        "packet",
        input.path().to_str().unwrap(),
        "--combine",
        csv.to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("入力ファイルです"));
    assert_eq!(std::fs::read(&csv).unwrap(), before);
    // An output folder that cannot be made (a file stands in the way): a clear error, per case.
    // (Outside the input folder: an output inside it is refused before anything is read.)
    let elsewhere = tempdir();
    let blocker = elsewhere.path().join("blocker");
    std::fs::write(&blocker, "x").unwrap();
    let out = cmsheets([
        "render",
        input.path().to_str().unwrap(),
        "-o",
        blocker.join("out").to_str().unwrap(),
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("書き込めません"), "{}", stderr(&out));
}

/// Ctrl+C in the middle of a batch: every PDF left behind is complete, no temporary file remains.
#[test]
fn an_interrupted_run_leaves_no_partial_file() {
    let input = tempdir();
    let needs: Vec<String> = (0..40).map(|i| format!("ニーズ{i}")).collect();
    synthetic_case(input.path(), "T-1", "記入", &needs);
    // Many cases: copy the one case under other IDs.
    let mut rows = std::fs::read_to_string(input.path().join("ケース.csv")).unwrap();
    let line = rows.lines().nth(1).unwrap().to_string();
    for sheet in [
        "アンケート",
        "支援計画",
        "モニタリング",
        "ニーズ",
        "補助ツール",
        "頼りにしている人",
        "クライシスプラン",
        "日常的なサポーター",
    ] {
        let path = input.path().join(format!("{sheet}.csv"));
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = text.clone();
        for i in 2..=120 {
            for l in text.lines().skip(1) {
                out.push_str(&l.replacen("T-1", &format!("T-{i}"), 1));
                out.push('\n');
            }
        }
        std::fs::write(&path, out).unwrap();
    }
    for i in 2..=120 {
        rows.push_str(&line.replacen("T-1", &format!("T-{i}"), 1));
        rows.push('\n');
    }
    std::fs::write(input.path().join("ケース.csv"), rows).unwrap();
    let out_dir = tempdir();
    let mut child = cmsheets_command()
        .args([
            "render",
            input.path().to_str().unwrap(),
            "-o",
            out_dir.path().to_str().unwrap(),
            "-q",
            "--jobs",
            "2",
        ])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Interrupt once the first PDF is written: the run is then typesetting, whatever the
    // machine's speed.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while !tree(out_dir.path()).keys().any(|k| k.ends_with(".pdf")) {
        assert!(
            std::time::Instant::now() < deadline,
            "no PDF written in 2 minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    unsafe_sigint(child.id());
    let status = child.wait().unwrap();
    let files = tree(out_dir.path());
    for (name, bytes) in &files {
        assert!(name.ends_with(".pdf"), "leftover {name}");
        assert!(
            bytes.starts_with(b"%PDF") && bytes.windows(5).rev().take(64).any(|w| w == b"%%EOF"),
            "{name} is truncated"
        );
    }
    assert!(
        files.len() < 480,
        "the run finished before the interrupt: make the batch larger"
    );
    assert_eq!(status.code(), Some(130), "an interrupted run says so");
}

fn unsafe_sigint(pid: u32) {
    Command::new("kill")
        .args(["-INT", &pid.to_string()])
        .status()
        .unwrap();
}

#[test]
fn five_hundred_needs_in_one_plan() {
    let input = tempdir();
    let needs: Vec<String> = (1..=500)
        .map(|i| format!("ニーズ{i}：日中の過ごし方を整える"))
        .collect();
    synthetic_case(input.path(), "BIG-1", "記入", &needs);
    let out_dir = tempdir();
    let out = cmsheets([
        "render",
        input.path().to_str().unwrap(),
        "-o",
        out_dir.path().to_str().unwrap(),
        "--forms",
        "plan",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    if let Some(pages) = page_count(&out_dir.path().join("BIG-1/plan.pdf")) {
        assert!(pages > 10, "{pages}");
    }
}

/// Every name and free text is a marker; no marker may appear anywhere but inside the PDFs.
#[test]
fn no_personal_value_in_output_streams_or_file_names() {
    let input = tempdir();
    let marker = "秘密マーカー";
    synthetic_case(input.path(), "PRIV-1", marker, &[marker.to_string()]);
    // A second case with an error, so error paths print too.
    let mut cases = std::fs::read_to_string(input.path().join("ケース.csv")).unwrap();
    cases.push_str(&format!(
        "PRIV-2,{marker}\u{7},{marker},{marker},{marker}\n"
    ));
    std::fs::write(input.path().join("ケース.csv"), cases).unwrap();
    let out_dir = tempdir();
    let o = out_dir.path().to_str().unwrap();
    let i = input.path().to_str().unwrap();
    let json_dir = format!("{o}/json-not-checked");
    let runs = [
        vec!["check", i],
        vec!["check", "--format", "json", i],
        vec!["render", i, "-o", o],
        vec!["render", i, "--emit-json", &json_dir],
        vec!["packet", i, "-o", o],
    ];
    for args in runs {
        let out = cmsheets(&args);
        for stream in [stdout(&out), stderr(&out)] {
            assert!(
                !stream.contains(marker),
                "{args:?} printed a personal value: {stream}"
            );
        }
    }
    std::fs::remove_dir_all(out_dir.path().join("json-not-checked")).unwrap();
    for name in tree(out_dir.path()).keys() {
        assert!(!name.contains(marker), "{name}");
    }
    // PDF metadata (title) carries form and ケースID only.
    let pdf = std::fs::read(out_dir.path().join("PRIV-1/plan.pdf")).unwrap();
    let info = Command::new("pdfinfo")
        .arg(out_dir.path().join("PRIV-1/plan.pdf"))
        .output();
    if let Ok(info) = info {
        assert!(!String::from_utf8_lossy(&info.stdout).contains(marker));
    }
    assert!(!pdf.is_empty());
    assert!(Path::new(&out_dir.path().join("PRIV-1/packet.pdf")).exists());
}

/// A minimal xlsx of one sheet named `sheet` whose XML is `rows` identical rows of `cells`
/// (inline strings), written as a stream: the shape of a sheet inflated far past what any
/// spreadsheet program saves.
fn endless_sheet_xlsx(path: &Path, sheet: &str, cells: &[&str], rows: u32) {
    use std::io::Write;
    use zip::write::SimpleFileOptions;
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(
        std::fs::File::create(path).unwrap(),
    ));
    let opts = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1));
    let part = |zip: &mut zip::ZipWriter<_>, name: &str, body: &str| {
        zip.start_file(name, opts).unwrap();
        zip.write_all(body.as_bytes()).unwrap();
    };
    part(
        &mut zip,
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
    );
    part(
        &mut zip,
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
    );
    part(
        &mut zip,
        "xl/workbook.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        ),
    );
    part(
        &mut zip,
        "xl/_rels/workbook.xml.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
    );
    zip.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#).unwrap();
    let cols = ["A", "B", "C", "D", "E", "F"];
    let mut row = String::new();
    for r in 1..=rows {
        row.clear();
        row.push_str(&format!("<row r=\"{r}\">"));
        for (c, v) in cells.iter().enumerate() {
            row.push_str(&format!(
                "<c r=\"{}{r}\" t=\"inlineStr\"><is><t>{v}</t></is></c>",
                cols[c]
            ));
        }
        row.push_str("</row>");
        zip.write_all(row.as_bytes()).unwrap();
    }
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap();
}

/// More rows than Excel can hold: the sheet is read as a stream up to the limit and the rest
/// refused with an E001 naming the sheet and the limit; the findings it causes are listed a
/// hundred at a time, and counted in full.
#[test]
fn a_sheet_longer_than_excel_allows_is_cut_at_the_limit() {
    let dir = tempdir();
    let book = dir.path().join("long.xlsx");
    endless_sheet_xlsx(
        &book,
        "ケース",
        &["ケースID", "本人氏名", "地域", "マネジメント担当者"],
        1_100_000,
    );
    let (code, report) = check_json(&[&book]);
    assert_eq!(code, 1);
    let findings = report["findings"].as_array().unwrap();
    let cut = findings
        .iter()
        .find(|f| f["code"] == "E001")
        .expect("an E001 at the limit");
    assert_eq!(cut["location"]["sheet"], "ケース");
    assert!(
        cut["message"].as_str().unwrap().contains("1048576 行"),
        "{cut}"
    );
    // Every row after the heading repeats it: one finding each, listed 100 times, all counted.
    assert!(findings.len() < 1000, "{} findings listed", findings.len());
    let errors = report["errors"].as_u64().unwrap();
    assert!(errors > 1_000_000, "{errors} errors counted");
    let hidden: u64 = findings.iter().filter_map(|f| f["more"].as_u64()).sum();
    let listed = findings.iter().filter(|f| f["more"].is_null()).count() as u64;
    let warnings = report["warnings"].as_u64().unwrap();
    assert_eq!(
        listed + hidden,
        errors + warnings,
        "the summaries count the rest"
    );
}

/// Runs the binary on `args`, killing it after `limit`; returns (exit code, seconds, peak RSS in
/// KiB, stdout). The peak is the child's own (wait4), not the test process's other children.
#[cfg(unix)]
#[allow(clippy::zombie_processes)] // reaped by wait4 below, which clippy cannot see
fn bounded(
    args: &[&std::ffi::OsStr],
    limit: std::time::Duration,
) -> (Option<i32>, f64, i64, String) {
    let started = std::time::Instant::now();
    let mut child = cmsheets_command()
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("cmsheets starts");
    let mut stdout = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = std::io::Read::read_to_string(&mut stdout, &mut s);
        s
    });
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        // SAFETY: waits for our own child; `status` and `usage` are valid for writing.
        let r = unsafe { libc::wait4(pid, &mut status, libc::WNOHANG, &mut usage) };
        if r == pid {
            break;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let code = libc::WIFEXITED(status).then(|| libc::WEXITSTATUS(status));
    (
        code,
        started.elapsed().as_secs_f64(),
        usage.ru_maxrss,
        reader.join().unwrap(),
    )
}

/// `check --format json` of `input` under [`bounded`]'s 20 s.
#[cfg(unix)]
fn check_bounded(input: &Path) -> (Option<i32>, f64, i64, String) {
    let args: [&std::ffi::OsStr; 6] = [
        "check".as_ref(),
        input.as_os_str(),
        "--format".as_ref(),
        "json".as_ref(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
    ];
    bounded(&args, std::time::Duration::from_secs(20))
}

/// .xls files whose directory chain or sector chain loops back on itself (2,560 bytes each, from
/// scripts in tests/fixtures/README.md): calamine followed the chain until the process ran out of
/// memory; the vendored calamine stops at the allocation table's length. Each is an E001 within
/// seconds and far under 1 GiB.
#[cfg(unix)]
#[test]
fn a_looping_cfb_chain_is_an_unreadable_file_not_an_abort() {
    for name in ["cfb-dir-loop.xls", "cfb-sector-loop.xls"] {
        let path = fixture(&format!("broken/{name}"));
        for command in ["check", "convert"] {
            let out_dir = tempdir();
            let out = out_dir.path().join("intake.xlsx");
            let mut args: Vec<&std::ffi::OsStr> = vec![command.as_ref(), path.as_os_str()];
            if command == "check" {
                args.extend([
                    std::ffi::OsStr::new("--format"),
                    std::ffi::OsStr::new("json"),
                ]);
            } else {
                args.extend([std::ffi::OsStr::new("-o"), out.as_os_str()]);
            }
            let (code, secs, rss_kib, stdout) = bounded(&args, std::time::Duration::from_secs(20));
            assert_eq!(code, Some(2), "{name} {command}: {stdout}");
            assert!(secs < 20.0, "{name} {command}: {secs} s");
            assert!(rss_kib < 1 << 20, "{name} {command}: {rss_kib} KiB");
            if command == "check" {
                let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                assert_eq!(report["findings"][0]["code"], "E001", "{report}");
            }
            assert!(!out.exists());
        }
    }
}

/// A 本人氏名 of 3 MB (a million characters) and a need of 40,000: each an E110 at its cell, the
/// case left out before typesetting (a 200 MB name once reached the shaper and aborted the
/// render), the other cases printed; answered in seconds and well under 1 GiB.
#[cfg(unix)]
#[test]
fn a_text_longer_than_a_form_can_print_is_a_finding_not_a_crash() {
    let dir = tempdir();
    let csv = sample_csv_copy(dir.path());
    let cases = csv.join("ケース.csv");
    let text = std::fs::read_to_string(&cases).unwrap();
    // 3 MB: under the CSV reader's 8 MB a row (a longer row is cut there, see below).
    std::fs::write(&cases, text.replacen("森川 健一", &"森".repeat(1 << 20), 1)).unwrap();
    let needs = csv.join("ニーズ.csv");
    let text = std::fs::read_to_string(&needs).unwrap();
    let first_need = text
        .lines()
        .nth(1)
        .unwrap()
        .split(',')
        .nth(3)
        .unwrap()
        .to_string();
    std::fs::write(&needs, text.replacen(&first_need, &"あ".repeat(40_000), 1)).unwrap();
    let (code, secs, rss_kib, stdout) = check_bounded(&csv);
    assert_eq!(code, Some(1));
    assert!(secs < 20.0 && rss_kib < 1 << 20, "{secs} s, {rss_kib} KiB");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let long = findings_of(&report, "E110");
    assert_eq!(long.len(), 2, "{long:?}");
    assert_eq!(long[0].0, "ケース.csv:3:2");
    assert!(long[0].1.contains("本人氏名") && long[0].1.contains("32767文字"));
    assert!(!long[0].1.contains("森森"), "the value is never echoed");
    assert!(long[1].1.contains("40000文字あり"), "{long:?}");
    // The render leaves the case out and prints the others.
    let out = dir.path().join("pdf");
    let (code, secs, rss_kib, _) = bounded(
        &[
            "render".as_ref(),
            csv.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
            "--forms".as_ref(),
            "crisis".as_ref(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
            "-q".as_ref(),
        ],
        std::time::Duration::from_secs(60),
    );
    assert_eq!(code, Some(1), "cases left out");
    assert!(rss_kib < 1 << 20, "{secs} s, {rss_kib} KiB");
    assert!(!out.join("CH-2024-002").exists());
    // The first need is MN-2024-001's: left out too; the others printed.
    assert!(!out.join("MN-2024-001").exists());
    assert!(out.join("HB-2024-004/crisis.pdf").is_file());
}

/// A CSV with a 20 MB quoted cell full of line breaks, a row of 20,000 columns and a line of 30
/// million commas (once: `memory allocation of 2147483648 bytes failed` for 150 million): each
/// such row is an E001 naming its line, read in bounded memory; every other row is read.
#[cfg(unix)]
#[test]
fn csv_rows_past_excels_limits_are_findings_read_in_bounded_memory() {
    let dir = tempdir();
    let csv = sample_csv_copy(dir.path());
    let needs = csv.join("ニーズ.csv");
    let mut records: Vec<Vec<String>> = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(&needs)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    let rows_before = records.len() - 1;
    // Row 3: its need as one quoted cell of 20 MB with line breaks inside.
    records[2][3] = "長い\n".repeat(7 << 20);
    records[4].extend(std::iter::repeat_n(String::new(), 20_000));
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .terminator(::csv::Terminator::CRLF)
        .from_path(&needs)
        .unwrap();
    for r in &records {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    drop(w);
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&needs)
        .unwrap();
    std::io::Write::write_all(&mut f, ",".repeat(30_000_000).as_bytes()).unwrap();
    drop(f);
    let (code, secs, rss_kib, stdout) = check_bounded(&csv);
    assert_eq!(code, Some(1));
    assert!(secs < 20.0, "{secs} s");
    assert!(
        rss_kib < 300 << 10,
        "{rss_kib} KiB: bounded, not the file's size"
    );
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let rows: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "E001")
        .map(|f| f["location"]["text"].as_str().unwrap().to_string())
        .collect();
    let last = format!("ニーズ.csv:{}", rows_before + 2);
    assert_eq!(rows, ["ニーズ.csv:3", "ニーズ.csv:5", last.as_str()]);
    // The other rows are all read: the sample's needs less the two cut from it.
    let read: u64 = report["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rows"].as_u64().unwrap())
        .sum();
    let (_, clean) = check_json(&[&sample("csv")]);
    let clean_rows: u64 = clean["inputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["rows"].as_u64().unwrap())
        .sum();
    assert_eq!(read, clean_rows - 2);
}
