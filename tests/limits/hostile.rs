//! Hostile inputs and outputs (issue 26): no command writes over or into an input, whatever path
//! names it; only regular files are read, and nothing blocks; nothing from a file reaches the
//! terminal or the JSON with its control characters.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

/// The binary run in `dir` (so that relative outputs like `nosuch/../B.xlsx` are what a user
/// types), answered within `limit` or killed and failed.
fn run_in(dir: &Path, args: &[&str], limit: Duration) -> Output {
    let mut cmd = cmsheets_command();
    cmd.current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary runs");
    let start = Instant::now();
    loop {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!("{args:?} not answered within {limit:?}: {}", stderr(&out));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn run(dir: &Path, args: &[&str]) -> Output {
    run_in(dir, args, Duration::from_secs(120))
}

/// Every file below `dir` (names and bytes), to show that a refused command changed nothing.
fn snapshot(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    tree(dir)
}

/// A work folder holding `B.xlsx` (the sample intake) and the folder `D` with `D/intake.xlsx`.
fn workspace() -> tempfile::TempDir {
    let t = tempdir();
    std::fs::copy(sample("intake.xlsx"), t.path().join("B.xlsx")).unwrap();
    std::fs::create_dir(t.path().join("D")).unwrap();
    std::fs::copy(sample("intake.xlsx"), t.path().join("D/intake.xlsx")).unwrap();
    t
}

/// The command is refused (exit 2) with `says` in its message, before anything is read or
/// written: no file below the work folder changes, none appears, and nothing about the checks
/// (which would mean the inputs were read) is said.
fn refused(dir: &Path, args: &[&str], says: &str) {
    let before = snapshot(dir);
    let dirs_before = folders(dir);
    let out = run(dir, args);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(err.contains(says), "{args:?}: {err}");
    assert!(!err.contains("点検"), "{args:?} read its inputs: {err}");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(snapshot(dir) == before, "{args:?} changed a file");
    assert_eq!(folders(dir), dirs_before, "{args:?} made a folder");
}

fn folders(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            if e.file_type().unwrap().is_dir() {
                out.push(e.path());
                stack.push(e.path());
            }
        }
    }
    out.sort();
    out
}

#[test]
fn an_input_named_through_a_folder_not_yet_made_is_not_overwritten() {
    let t = workspace();
    let dir = t.path();
    for command in ["report", "convert", "schedule"] {
        refused(
            dir,
            &[command, "B.xlsx", "-o", "nosuch/../B.xlsx"],
            "は入力ファイルです",
        );
        assert!(!dir.join("nosuch").exists(), "{command} made nosuch/");
    }
    // Deeper, and through `.`: the same file.
    refused(
        dir,
        &["report", "B.xlsx", "-o", "./a/b/../../D/../B.xlsx"],
        "は入力ファイルです",
    );
    // The 地域区分 of `--areas` is an input too.
    std::fs::copy(sample("地域区分.csv"), dir.join("A.csv")).unwrap();
    refused(
        dir,
        &["report", "B.xlsx", "--areas", "A.csv", "-o", "x/../A.csv"],
        "は入力ファイルです",
    );
    // The same by an absolute path.
    let abs = dir.join("x/../B.xlsx");
    refused(
        dir,
        &["convert", "B.xlsx", "-o", abs.to_str().unwrap()],
        "は入力ファイルです",
    );
}

#[test]
fn a_file_of_an_input_folder_is_not_overwritten() {
    let t = workspace();
    let dir = t.path();
    refused(
        dir,
        &["report", "D", "-o", "D/intake.xlsx"],
        "は入力ファイルです",
    );
    refused(
        dir,
        &["schedule", "D", "-o", "D/./intake.xlsx"],
        "は入力ファイルです",
    );
    // Nor written beside it: the folder is read as a whole, and what is written there is read
    // back next time.
    for args in [
        &["report", "D", "-o", "D/report.xlsx"][..],
        &["report", "D", "-o", "r.xlsx", "--pdf", "D/sub/r.pdf"],
        &["report", "D", "-o", "r.xlsx", "--csv", "D/csv"],
        &["schedule", "D", "-o", "s.xlsx", "--pdf", "D/s.pdf"],
        &["convert", "D", "-o", "nosuch/../D/new.xlsx"],
        &["convert", "D", "--csv", "D/csv"],
        &["render", "D", "-o", "D/pdf"],
        &["render", "D", "--emit-json", "D/json"],
        &["packet", "D", "-o", "D/packets"],
        &["packet", "D", "--combine", "D/all.pdf"],
        &["packet", "D", "--emit-json", "D/../D/json"],
        &["template", "--form", "--from", "D", "-o", "D/books"],
    ] {
        refused(dir, args, "入力のフォルダ D の中です");
    }
}

#[test]
fn a_formbook_in_an_input_folder_is_not_overwritten() {
    let t = tempdir();
    let dir = t.path();
    let made = run(
        dir,
        &[
            "template",
            "--form",
            "--from",
            sample("intake.xlsx").to_str().unwrap(),
            "-o",
            "F",
        ],
    );
    assert!(made.status.code().unwrap() <= 1, "{}", stderr(&made));
    assert!(dir.join("F/MN-2024-001.xlsx").exists());
    refused(
        dir,
        &["convert", "F", "-o", "F/MN-2024-001.xlsx"],
        "は入力ファイルです",
    );
    // The books again over themselves: the output folder is the input folder.
    refused(
        dir,
        &["template", "--form", "--from", "F", "-o", "F"],
        "入力のフォルダです",
    );
    refused(
        dir,
        &[
            "template",
            "--form",
            "--from",
            "F/MN-2024-001.xlsx",
            "-o",
            "F",
        ],
        "入力を含まない別のフォルダ",
    );
}

#[test]
fn an_output_folder_that_is_or_holds_an_input_is_refused() {
    let t = workspace();
    let dir = t.path();
    for args in [
        &["render", "D", "-o", "D"][..],
        &["render", "D", "--emit-json", "./D/"],
        &["packet", "D", "-o", "D"],
        &["convert", "D", "--csv", "D"],
        &["template", "--form", "--from", "D", "-o", "D"],
    ] {
        refused(dir, args, "入力のフォルダです");
    }
    for args in [
        &["render", "B.xlsx", "-o", "."][..],
        &["render", "D/intake.xlsx", "-o", "."],
        &["packet", "B.xlsx", "--emit-json", "nosuch/.."],
        &["convert", "D/intake.xlsx", "--csv", "."],
        &["report", "D/intake.xlsx", "--csv", ".", "-o", "r.xlsx"],
        &["template", "--form", "--from", "B.xlsx", "-o", "."],
    ] {
        refused(dir, args, "入力を含まない別のフォルダ");
    }
}

#[test]
fn symlinks_and_hard_links_to_an_input_are_the_input() {
    let t = workspace();
    let dir = t.path();
    std::os::unix::fs::symlink(dir.join("B.xlsx"), dir.join("alias.xlsx")).unwrap();
    std::os::unix::fs::symlink(dir.join("D"), dir.join("linked")).unwrap();
    std::fs::hard_link(dir.join("B.xlsx"), dir.join("hard.xlsx")).unwrap();
    refused(
        dir,
        &["report", "B.xlsx", "-o", "alias.xlsx"],
        "は入力ファイルです",
    );
    refused(
        dir,
        &["report", "alias.xlsx", "-o", "B.xlsx"],
        "は入力ファイルです",
    );
    refused(
        dir,
        &["convert", "B.xlsx", "-o", "hard.xlsx"],
        "は入力ファイルです",
    );
    refused(
        dir,
        &["report", "D", "-o", "linked/intake.xlsx"],
        "は入力ファイルです",
    );
    refused(
        dir,
        &["report", "linked", "-o", "D/x.xlsx"],
        "入力のフォルダ linked の中です",
    );
    refused(
        dir,
        &["render", "D", "-o", "linked/../linked/out"],
        "入力のフォルダ D の中です",
    );
    // `linked/..` is the parent of where the link points (the work folder), not `.`; both hold D.
    refused(
        dir,
        &["render", "D", "-o", "linked/.."],
        "入力を含まない別のフォルダ",
    );
}

/// A case's folder under the output may already be a symlink into an input folder: the file
/// written there is refused when it is written, and the input folder gets nothing.
#[test]
fn a_case_folder_linked_into_an_input_folder_gets_nothing() {
    let t = workspace();
    let dir = t.path();
    std::fs::create_dir(dir.join("out")).unwrap();
    std::os::unix::fs::symlink(dir.join("D"), dir.join("out/MN-2024-001")).unwrap();
    let before = snapshot(&dir.join("D"));
    let out = run(
        dir,
        &["render", "D", "--emit-json", "out", "--as-of", AS_OF, "-q"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("出力できませんでした: MN-2024-001")
            && err.contains("入力のフォルダ D の中です"),
        "{err}"
    );
    assert!(
        snapshot(&dir.join("D")) == before,
        "written into the input folder"
    );
    // The other cases were written.
    assert!(dir.join("out/CH-2024-002/plan.json").is_file(), "{err}");
}

/// On Linux a backslash is part of a name: `D\intake.xlsx` is a file beside D, not in it. It
/// is written there and D is untouched; a folder whose name holds a backslash is still a folder.
#[test]
fn windows_style_paths_do_not_slip_past() {
    let t = workspace();
    let dir = t.path();
    let d_before = snapshot(&dir.join("D"));
    let out = run(
        dir,
        &[
            "report",
            "D",
            "-o",
            "D\\intake.xlsx",
            "--as-of",
            AS_OF,
            "-q",
        ],
    );
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    assert!(dir.join("D\\intake.xlsx").is_file());
    assert!(snapshot(&dir.join("D")) == d_before);
    // `x\..\B.xlsx` is one name, not B.xlsx.
    let b_before = std::fs::read(dir.join("B.xlsx")).unwrap();
    let out = run(
        dir,
        &["convert", "B.xlsx", "-o", "x\\..\\B.xlsx", "--as-of", AS_OF],
    );
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    assert!(dir.join("x\\..\\B.xlsx").is_file());
    assert_eq!(std::fs::read(dir.join("B.xlsx")).unwrap(), b_before);
    // A folder named with backslashes, and a file in it, are inputs like any other.
    std::fs::create_dir(dir.join("C:\\事業所")).unwrap();
    std::fs::copy(sample("intake.xlsx"), dir.join("C:\\事業所/intake.xlsx")).unwrap();
    refused(
        dir,
        &["report", "C:\\事業所", "-o", "C:\\事業所/intake.xlsx"],
        "は入力ファイルです",
    );
    refused(
        dir,
        &[
            "report",
            "C:\\事業所",
            "-o",
            "nosuch\\..\\../../C:\\事業所/r.xlsx",
        ],
        "入力のフォルダ C:\\事業所 の中です",
    );
    refused(
        dir,
        &["convert", ".\\B.xlsx\\..\\B.xlsx", "B.xlsx", "-o", "B.xlsx"],
        "は入力ファイルです",
    );
}

/// A FIFO (named like an intake file) or a link to a device, given or found in a folder: an
/// E001 naming it, within seconds, never a hang.
#[test]
fn only_regular_files_are_read() {
    let t = tempdir();
    let dir = t.path();
    let mkfifo = |p: &Path| {
        let ok = Command::new("mkfifo").arg(p).status().unwrap().success();
        assert!(ok, "mkfifo");
    };
    mkfifo(&dir.join("x.xlsx"));
    mkfifo(&dir.join("y.csv"));
    std::os::unix::fs::symlink("/dev/zero", dir.join("z.xlsx")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", dir.join("w.csv")).unwrap();
    let folder = dir.join("in");
    std::fs::create_dir(&folder).unwrap();
    synthetic_case(&folder, "T-1", "記入", &["ニーズ".to_string()]);
    std::fs::remove_file(folder.join("ニーズ.csv")).unwrap();
    mkfifo(&folder.join("ニーズ.csv"));
    std::os::unix::fs::symlink("/dev/zero", folder.join("z.xlsx")).unwrap();
    let limit = Duration::from_secs(10);
    for (input, kind) in [
        ("x.xlsx", "名前付きパイプ"),
        ("y.csv", "名前付きパイプ"),
        ("z.xlsx", "デバイスへのリンク"),
        ("w.csv", "デバイスへのリンク"),
    ] {
        let start = Instant::now();
        let out = run_in(dir, &["check", "--format", "json", input], limit);
        assert!(start.elapsed() < Duration::from_secs(5), "{input}");
        assert_eq!(out.status.code(), Some(2), "{input}: {}", stderr(&out));
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let f = &json["findings"][0];
        assert_eq!(f["code"], "E001", "{input}");
        assert_eq!(f["location"]["file"], input);
        assert!(f["message"].as_str().unwrap().contains(kind), "{f}");
    }
    // In a folder: the FIFO ケース sheet and the device link are named, the rest is read.
    let out = run_in(dir, &["check", "--as-of", AS_OF, "in"], limit);
    let text = stdout(&out);
    assert!(
        text.contains("エラー[E001] ニーズ.csv: 通常のファイルではなく名前付きパイプ"),
        "{text}"
    );
    assert!(
        text.contains("エラー[E001] z.xlsx: 通常のファイルではなくデバイスへのリンク"),
        "{text}"
    );
    assert!(text.contains("ケース 1件"), "{text}");
    // Every command that reads: the same, and none hangs (render and packet print the case).
    for args in [
        &[
            "render", "x.xlsx", "in", "-o", "pdf", "-q", "--forms", "crisis",
        ][..],
        &["packet", "y.csv", "z.xlsx", "--emit-json", "json", "-q"],
        &["report", "in", "w.csv", "-o", "r.xlsx", "-q"],
        &["schedule", "x.xlsx", "in", "-o", "s.xlsx"],
        &["convert", "in", "z.xlsx", "-o", "c.xlsx"],
        &["report", "in", "--areas", "y.csv", "-o", "r2.xlsx", "-q"],
    ] {
        let out = run_in(dir, args, Duration::from_secs(60));
        assert!(
            stderr(&out).contains("点検: エラー"),
            "{args:?}: {}",
            stderr(&out)
        );
    }
}

/// Control and bidi characters of a file name, a sheet name or a ケースID reach neither the
/// terminal nor the JSON: they are shown as `\u{…}`.
#[test]
fn control_characters_from_files_are_escaped() {
    let t = tempdir();
    let dir = t.path();
    let hostile = "\u{1b}[2J\u{1b}]0;x\u{7}\n\u{202e}";
    // A file name: not a workbook at all.
    let bad = format!("bad{hostile}.xlsx");
    std::fs::write(dir.join(&bad), b"not a workbook").unwrap();
    // A ケースID, in a folder whose CSV names also carry them.
    let folder = dir.join(format!("in{hostile}"));
    std::fs::create_dir(&folder).unwrap();
    for entry in std::fs::read_dir(sample("csv")).unwrap().flatten() {
        let text = std::fs::read_to_string(entry.path()).unwrap();
        let text = text.replace("MN-2024-001", &format!("\"MN{hostile}001\""));
        std::fs::write(folder.join(entry.file_name()), text).unwrap();
    }
    std::fs::write(folder.join(format!("x{hostile}.csv")), "a,b\n1,2\n").unwrap();
    let folder_name = folder.file_name().unwrap().to_str().unwrap().to_string();
    let raw = |s: &str| {
        s.lines()
            .flat_map(|l| l.chars())
            .filter(|c| c.is_control() || ('\u{202a}'..='\u{202e}').contains(c))
            .collect::<Vec<_>>()
    };
    let out = run(dir, &["check", "--as-of", AS_OF, &bad, &folder_name]);
    let (text, err) = (stdout(&out), stderr(&out));
    assert!(
        raw(&text).is_empty() && raw(&err).is_empty(),
        "{text:?}\n{err:?}"
    );
    let escaped = "\\u{1b}[2J\\u{1b}]0;x\\u{7}\\u{a}\\u{202e}";
    assert!(
        text.lines()
            .any(|l| l.starts_with("エラー[E001] bad")
                && l.contains(&format!("bad{escaped}.xlsx: "))),
        "one line per finding, the name escaped: {text}"
    );
    assert!(text.contains(&format!("x{escaped}.csv")), "{text}");
    assert!(
        text.contains("MN\\u{1b}[2J"),
        "the ケースID escaped: {text}"
    );
    let out = run(
        dir,
        &[
            "check",
            "--format",
            "json",
            "--as-of",
            AS_OF,
            &bad,
            &folder_name,
        ],
    );
    let json = stdout(&out);
    assert!(
        !json.contains('\u{202e}') && !json.contains("\\u001b"),
        "{json}"
    );
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let files: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["location"]["file"].as_str().unwrap())
        .collect();
    assert!(
        files.contains(&format!("bad{escaped}.xlsx").as_str()),
        "{files:?}"
    );
    let ids = report["cases_with_errors"].as_array().unwrap();
    assert!(ids.iter().all(|id| raw(id.as_str().unwrap()).is_empty()));
    assert!(
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|f| f["case_id"].as_str())
            .any(|id| id.starts_with("MN\\u{1b}")),
        "{json}"
    );
    // The summaries of the writing commands, and a refusal naming the folder.
    for args in [
        &["render", &folder_name, "--emit-json", "json", "-q"][..],
        &["report", &folder_name, "-o", "r.xlsx", "-q"],
        &["schedule", &folder_name, "-o", "s.xlsx"],
        &["convert", &folder_name, "-o", "c.xlsx"],
        &["render", &folder_name, "-o", &folder_name],
    ] {
        let out = run(dir, args);
        let err = stderr(&out);
        assert!(raw(&err).is_empty(), "{args:?}: {err:?}");
        // Those that list the cases left out, or name the folder, show the escapes.
        if args[0] != "report" {
            assert!(err.contains("\\u{1b}"), "{args:?}: {err}");
        }
    }
}

/// What calamine says in English (`Cannot detect file format`, `Xlsb error: I/O error…`,
/// `Worksheet '…' not found`) reaches no message: each is said in Japanese, naming the file or
/// sheet by the finding's place.
#[test]
fn library_errors_are_said_in_japanese() {
    let dir = tempdir();
    let english = |m: &str| {
        [
            "error",
            "Error",
            "Cannot",
            "cannot",
            "not found",
            "failed",
            "Worksheet",
            "exceeds",
            "buffer",
            "nvalid",
            "nexpected",
            "format",
        ]
        .iter()
        .any(|w| m.contains(w))
    };
    let good = std::fs::read(sample("intake.xlsx")).unwrap();
    let zip_of = |entries: &[(&str, Vec<u8>)]| {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut w, bytes).unwrap();
        }
        w.finish().unwrap().into_inner()
    };
    // The sample with its sheets' parts taken out: the workbook lists sheets it does not hold.
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(&good)).unwrap();
    let mut kept = Vec::new();
    for i in 0..archive.len() {
        let mut f = archive.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut f, &mut bytes).unwrap();
        if !name.starts_with("xl/worksheets/") {
            kept.push((name, bytes));
        }
    }
    let kept: Vec<(&str, Vec<u8>)> = kept.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "no-format.xlsx".into(),
            zip_of(&[("hello.txt", b"hello".to_vec())]),
        ),
        ("no-sheets.xlsx".into(), zip_of(&kept)),
        ("cfb-zeros.xls".into(), {
            let mut b = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
            b.resize(2560, 0);
            b
        }),
    ];
    for name in [
        "truncated.xlsx",
        "cfb-dir-loop.xls",
        "cfb-sector-loop.xls",
        "not-a-zip.xlsx",
    ] {
        files.push((
            name.into(),
            std::fs::read(fixture("broken").join(name)).unwrap(),
        ));
    }
    for cut in [good.len() / 3, good.len() / 2, good.len() - 100] {
        files.push((format!("cut{cut}.xlsx"), good[..cut].to_vec()));
    }
    let mut said = 0;
    for (name, bytes) in &files {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let mut findings = cmsheets::finding::Findings::default();
        let _ = cmsheets::ingest::read_inputs(std::slice::from_ref(&path), &mut findings);
        for f in &findings.items {
            assert!(!english(&f.message), "{name}: {f}");
            assert!(f.message.chars().any(|c| c > '\u{3000}'), "{name}: {f}");
            said += 1;
        }
    }
    assert!(said >= files.len(), "every damaged file is named");
}

/// A value longer than an Excel cell holds: the intake workbook names the case, sheet, column and
/// cell of the book it would write, in Japanese, instead of rust_xlsxwriter's English. (The checks
/// make such a value an error and leave it out of the records, so this is the writer's own
/// guard, reached here by giving it the value directly.)
#[test]
fn a_value_too_long_for_a_cell_is_named_not_written() {
    let as_of = chrono::NaiveDate::from_ymd_opt(2025, 11, 30).unwrap();
    let mut loaded = cmsheets::pipeline::load_and_check(&[sample("csv")], as_of);
    let long = "あ".repeat(40_000);
    let case = &mut loaded.dataset.cases[0];
    case.end_reason = long.clone();
    let id = case.case_id.clone();
    let keep = std::collections::BTreeSet::new();
    let export = cmsheets::export::Export {
        ds: &loaded.dataset,
        skip: &keep,
    };
    let err = cmsheets::export::intake_workbook_checked(Some(export))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains(&format!(
            "ケース {id} の「ケース」の「終了理由」が 40000 文字"
        )) && err.contains("セル I2"),
        "{err}"
    );
    assert!(
        !err.contains("String exceeds") && !err.contains(&long[..30]),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// Signals, killed runs and full disks: every command ends within 2 s of SIGTERM or SIGINT with
// status 130 and leaves no half-written file; what a killed run left is removed by the next run
// into the folder; a summary counts the files really written, and a case with none leaves no
// folder.

/// What the tests promise a user or a service manager: from the signal to the end of the process.
const SIGNAL_LIMIT: Duration = Duration::from_secs(2);

/// The signal tests measure time: one at a time, so that they do not slow each other down.
static ONE_SIGNAL_TEST: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_SIGNAL_TEST.lock().unwrap_or_else(|e| e.into_inner())
}

/// A folder holding a ケース.csv of 1,000,000 rows (about 60 MB): read and checked for well over
/// a minute by the test build, made once per test run.
fn million_rows() -> &'static Path {
    static INPUT: std::sync::OnceLock<tempfile::TempDir> = std::sync::OnceLock::new();
    INPUT
        .get_or_init(|| {
            use std::io::Write;
            let t = tempdir();
            let file = std::fs::File::create(t.path().join("ケース.csv")).unwrap();
            let mut w = std::io::BufWriter::new(file);
            writeln!(
                w,
                "ケースID,本人氏名,地域,担当機関,マネジメント担当者,CM開始日,CM終了日,終了理由"
            )
            .unwrap();
            for i in 0..1_000_000 {
                writeln!(w, "T-{i:07},氏名,やまびこ市,機関,担当,2025-04-01,,").unwrap();
            }
            w.flush().unwrap();
            t
        })
        .path()
}

/// `n` cases (`T-1` … `T-n`) with `needs` needs each, as CSV files in `dir`.
fn many_cases(dir: &Path, n: usize, needs: usize) {
    let needs: Vec<String> = (1..=needs).map(|i| format!("ニーズ{i}")).collect();
    synthetic_case(dir, "T-1", "記入", &needs);
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let mut lines = text.lines();
        let mut out = format!("{}\n", lines.next().unwrap());
        let rows: Vec<&str> = lines.collect();
        for i in 1..=n {
            for row in &rows {
                out.push_str(&row.replacen("T-1", &format!("T-{i}"), 1));
                out.push('\n');
            }
        }
        std::fs::write(e.path(), out).unwrap();
    }
}

fn spawn_in(dir: &Path, args: &[&str]) -> std::process::Child {
    cmsheets_command()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs")
}

/// Waits until the process has `name` open (it is reading it), or for a second where /proc
/// cannot tell.
fn wait_until_reading(child: &mut std::process::Child, name: &str) {
    let fds = PathBuf::from(format!("/proc/{}/fd", child.id()));
    if !fds.exists() {
        std::thread::sleep(Duration::from_secs(1));
        return;
    }
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        assert!(
            child.try_wait().unwrap().is_none(),
            "ended before it was signalled"
        );
        let open = std::fs::read_dir(&fds)
            .into_iter()
            .flatten()
            .flatten()
            .any(|e| {
                std::fs::read_link(e.path()).is_ok_and(|t| t.file_name().is_some_and(|f| f == name))
            });
        if open {
            return;
        }
        assert!(Instant::now() < deadline, "{name} not opened in a minute");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Sends `signal` and waits for the end: its exit status, how long it took, and its stderr.
fn signal_and_wait(
    mut child: std::process::Child,
    signal: i32,
) -> (std::process::ExitStatus, Duration, String) {
    assert!(
        child.try_wait().unwrap().is_none(),
        "ended before it was signalled"
    );
    // SAFETY: a plain kill(2) to the child this test started and has not reaped.
    let sent = unsafe { libc::kill(child.id() as libc::pid_t, signal) };
    assert_eq!(sent, 0, "kill");
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            panic!("not ended 30 s after the signal");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let took = start.elapsed();
    let mut err = String::new();
    use std::io::Read;
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status, took, err)
}

/// Every `.part` file and every empty folder below `dir`.
fn leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else {
            continue;
        };
        let mut empty = true;
        for e in rd.flatten() {
            empty = false;
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                stack.push(p);
            } else if p.to_string_lossy().ends_with(".part") {
                out.push(p);
            }
        }
        if empty && d != dir {
            out.push(d);
        }
    }
    out
}

/// Every file below `dir` is a whole PDF: its header, and its `%%EOF` at the end.
fn all_whole_pdfs(dir: &Path) -> usize {
    let files = tree(dir);
    for (name, bytes) in &files {
        assert!(name.ends_with(".pdf"), "leftover {name}");
        let tail = &bytes[bytes.len().saturating_sub(32)..];
        assert!(
            bytes.starts_with(b"%PDF") && tail.windows(5).any(|w| w == b"%%EOF"),
            "{name} is cut short"
        );
    }
    files.len()
}

/// SIGTERM and SIGINT while a command reads and checks a million rows: it ends within 2 s with
/// status 130 and writes nothing, neither an output nor a temporary file nor a folder.
#[test]
fn a_signal_ends_reading_a_million_rows_within_two_seconds() {
    let input = million_rows();
    for (args, signal) in [
        (&["check", "--format", "json"][..], libc::SIGTERM),
        (&["check"][..], libc::SIGINT),
        (&["render", "-o", "out", "-q"][..], libc::SIGTERM),
        (
            &["packet", "--combine", "out/all.pdf", "-q"][..],
            libc::SIGINT,
        ),
        (&["report", "-o", "out/r.xlsx", "-q"][..], libc::SIGINT),
        (&["convert", "--csv", "out"][..], libc::SIGTERM),
        (&["schedule", "-o", "out/s.xlsx"][..], libc::SIGTERM),
    ] {
        let _one = one_at_a_time();
        let work = tempdir();
        let mut args = args.to_vec();
        args.push(input.to_str().unwrap());
        let mut child = spawn_in(work.path(), &args);
        wait_until_reading(&mut child, "ケース.csv");
        // Well into the file, past the first checks of its bytes.
        std::thread::sleep(Duration::from_millis(300));
        let (status, took, err) = signal_and_wait(child, signal);
        assert_eq!(status.code(), Some(130), "{args:?}: {err}");
        assert!(took < SIGNAL_LIMIT, "{args:?}: {took:?}");
        assert!(err.contains("中断しました"), "{args:?}: {err}");
        assert!(tree(work.path()).is_empty(), "{args:?} wrote something");
        assert!(folders(work.path()).is_empty(), "{args:?} made a folder");
    }
}

/// SIGTERM and SIGINT in the middle of a render of many cases: the case in hand is finished,
/// none other started, within 2 s and with status 130; every file left is a whole PDF and the
/// summary counts exactly those.
#[test]
fn a_signal_ends_a_render_of_many_cases_within_two_seconds() {
    let input = tempdir();
    many_cases(input.path(), 200, 12);
    for signal in [libc::SIGTERM, libc::SIGINT] {
        let _one = one_at_a_time();
        let work = tempdir();
        let out = work.path().join("out");
        let child = spawn_in(
            work.path(),
            &[
                "render",
                input.path().to_str().unwrap(),
                "-o",
                "out",
                "--jobs",
                "2",
            ],
        );
        let deadline = Instant::now() + Duration::from_secs(120);
        while !tree(&out).keys().any(|k| k.ends_with(".pdf")) {
            assert!(Instant::now() < deadline, "no PDF written in 2 minutes");
            std::thread::sleep(Duration::from_millis(5));
        }
        let (status, took, err) = signal_and_wait(child, signal);
        assert_eq!(status.code(), Some(130), "{err}");
        assert!(took < SIGNAL_LIMIT, "{took:?}: {err}");
        let pdfs = all_whole_pdfs(&out);
        assert!(pdfs < 200 * 5, "the run finished before the signal");
        assert!(
            leftovers(work.path()).is_empty(),
            "{:?}",
            leftovers(work.path())
        );
        // Said unless the watchdog had to end the run (then nothing is counted, nothing lies).
        if !err.contains("中断しました。") {
            assert!(
                err.contains(&format!("ファイル {pdfs}件を out に書き出しました。")),
                "{pdfs} PDFs: {err}"
            );
            assert!(err.contains("中断されました。"), "{err}");
        }
    }
}

/// One case whose typesetting alone takes longer than the grace: the watchdog ends the run
/// within 2 s, status 130, and nothing of it is left.
#[test]
fn a_signal_ends_a_long_typesetting_within_two_seconds() {
    let _one = one_at_a_time();
    let input = tempdir();
    let needs: Vec<String> = (1..=4000)
        .map(|i| {
            format!(
                "ニーズ{i}：{}",
                "日中の過ごし方を整え、週に一度は外出する。".repeat(15)
            )
        })
        .collect();
    synthetic_case(input.path(), "BIG-1", "記入", &needs);
    let work = tempdir();
    let child = spawn_in(
        work.path(),
        &[
            "render",
            input.path().to_str().unwrap(),
            "-o",
            "out",
            "--forms",
            "plan",
        ],
    );
    // Reading one case takes well under this; its plan of 4,000 long needs takes far longer (about
    // 15 s) to lay out, in one call the run cannot look at its flag in.
    std::thread::sleep(Duration::from_millis(2500));
    let (status, took, err) = signal_and_wait(child, libc::SIGINT);
    assert_eq!(status.code(), Some(130), "{err}");
    assert!(took < SIGNAL_LIMIT, "{took:?}: {err}");
    assert!(err.ends_with("中断しました。\n"), "{err}");
    assert!(
        tree(work.path()).is_empty(),
        "{:?}",
        tree(work.path()).keys()
    );
    assert!(
        folders(work.path()).is_empty(),
        "{:?}",
        folders(work.path())
    );
}

/// A `.cmsheets-….part` a killed run left (old, held by no process) is removed by the next run
/// into that folder or one of its case folders; nothing else is: not another `.part`, not one a
/// live process holds, not a fresh one, not a link or a folder of that name.
#[test]
fn parts_of_a_killed_run_are_removed_by_the_next_run_into_the_folder() {
    use std::os::unix::io::AsRawFd;
    let work = tempdir();
    let out = work.path().join("out");
    std::fs::create_dir_all(out.join("OTHER-1")).unwrap();
    std::fs::create_dir_all(out.join(".cmsheets-dir.part")).unwrap();
    let hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
    let old = |rel: &str| {
        let p = out.join(rel);
        let f = std::fs::File::create(&p).unwrap();
        std::fs::write(&p, b"%PDF-1.7 cut").unwrap();
        f.set_modified(hour_ago).unwrap();
        p
    };
    let stale = old(".cmsheets-x.part");
    let stale_in_case = old("OTHER-1/.cmsheets-Ab3xYz.part");
    let notes = old("notes.part");
    let not_ours = [
        old("cmsheets-x.part"),
        old(".cmsheets-.part"),
        old(".cmsheets-a_b.part"),
        old(".cmsheets-x.part.bak"),
        old(".cmsheets-x.pdf"),
    ];
    let held = old(".cmsheets-held.part");
    let held_file = std::fs::File::open(&held).unwrap();
    // SAFETY: flock on a descriptor of a file this test keeps open until the end.
    let locked = unsafe { libc::flock(held_file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    assert_eq!(locked, 0);
    let fresh = out.join(".cmsheets-fresh.part");
    std::fs::write(&fresh, b"being written").unwrap();
    let link = out.join(".cmsheets-link.part");
    std::os::unix::fs::symlink(&notes, &link).unwrap();

    let run = self::run(
        work.path(),
        &[
            "render",
            sample("intake.xlsx").to_str().unwrap(),
            "-o",
            "out",
            "--as-of",
            AS_OF,
            "--case",
            "MN-2024-001",
            "-q",
        ],
    );
    assert!(run.status.code().unwrap() <= 1, "{}", stderr(&run));
    assert!(
        out.join("MN-2024-001/plan.pdf").exists(),
        "{}",
        stderr(&run)
    );
    assert!(
        !stale.exists() && !stale_in_case.exists(),
        "stale parts stay"
    );
    for kept in not_ours.iter().chain([&notes, &held, &fresh]) {
        assert!(kept.exists(), "{} was removed", kept.display());
    }
    assert!(
        std::fs::symlink_metadata(&link).is_ok(),
        "the link was removed"
    );
    assert!(
        out.join(".cmsheets-dir.part").is_dir(),
        "the folder was removed"
    );

    // The output named by its full path, and a case folder this run writes into as well as one
    // it does not: both swept.
    std::fs::create_dir(out.join("HB-2025-005")).unwrap();
    let in_written = old("HB-2025-005/.cmsheets-again1.part");
    let in_other = old("MN-2024-001/.cmsheets-again2.part");
    let full = out.to_str().unwrap();
    let intake = sample("intake.xlsx");
    let args = [intake.to_str().unwrap(), "-o", full, "--as-of", AS_OF];
    let run = self::run(
        work.path(),
        &[&["render"][..], &args, &["--case", "HB-2025-005", "-q"]].concat(),
    );
    assert!(run.status.code().unwrap() <= 1, "{}", stderr(&run));
    assert!(
        out.join("HB-2025-005/plan.pdf").exists(),
        "{}",
        stderr(&run)
    );
    assert!(
        !in_written.exists() && !in_other.exists(),
        "stale parts stay"
    );
    assert!(held.exists() && notes.exists());
    drop(held_file);
}

/// A write that fails part way through a batch (the file size limit standing in for a full
/// disk, which needs no root): the summary counts the files really written, every file left is
/// whole, no temporary file stays, and a case none of whose files could be written leaves no
/// folder; nor does a `--combine` file that could not be written.
#[test]
fn summaries_count_what_was_written_and_leave_no_empty_folder() {
    let work = tempdir();
    let args = |out: &str| -> Vec<String> {
        [
            "render",
            sample("intake.xlsx").to_str().unwrap(),
            "-o",
            out,
            "--as-of",
            AS_OF,
            "-q",
            "--jobs",
            "1",
        ]
        .map(String::from)
        .to_vec()
    };
    let reference = cmsheets_command()
        .current_dir(work.path())
        .args(args("ref"))
        .output()
        .unwrap();
    assert_eq!(reference.status.code(), Some(0), "{}", stderr(&reference));
    let made = tree(&work.path().join("ref"));
    // Only the smallest file fits: every case but the one (or few) holding it writes nothing.
    let limit = made.values().map(Vec::len).min().unwrap() as u64;
    let fits: std::collections::BTreeMap<_, _> = made
        .iter()
        .filter(|(_, b)| b.len() as u64 <= limit)
        .collect();
    let cases_with_one: std::collections::BTreeSet<&str> =
        fits.keys().map(|k| k.split('/').next().unwrap()).collect();
    assert!(cases_with_one.len() < 6, "every case would write a file");

    let limited = |args: Vec<String>| {
        use std::os::unix::process::CommandExt;
        let mut cmd = cmsheets_command();
        cmd.current_dir(work.path()).args(args);
        // SAFETY: only async-signal-safe calls between fork and exec.
        unsafe {
            cmd.pre_exec(move || {
                let lim = libc::rlimit {
                    rlim_cur: limit as libc::rlim_t,
                    rlim_max: limit as libc::rlim_t,
                };
                libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
                if libc::setrlimit(libc::RLIMIT_FSIZE, &lim) != 0 {
                    return Err(std::io::Error::last_os_error());
                }
                Ok(())
            });
        }
        cmd.output().unwrap()
    };
    let run = limited(args("out"));
    let err = stderr(&run);
    assert_eq!(run.status.code(), Some(1), "{err}");
    let out = work.path().join("out");
    let written = tree(&out);
    assert_eq!(
        written.keys().collect::<Vec<_>>(),
        fits.keys().copied().collect::<Vec<_>>(),
        "{err}"
    );
    for (name, bytes) in &written {
        assert_eq!(bytes, &made[name], "{name} differs from the reference");
    }
    assert!(
        err.contains(&format!(
            "ファイル {}件を out に書き出しました。",
            fits.len()
        )),
        "{err}"
    );
    assert!(err.contains("ファイルの大きさの上限を超えます"), "{err}");
    assert!(leftovers(&out).is_empty(), "{:?}", leftovers(&out));
    let case_folders: std::collections::BTreeSet<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        case_folders,
        cases_with_one.iter().map(|c| c.to_string()).collect(),
        "a case with no file written has a folder"
    );

    // Nothing fits: neither the file nor the folder made for it.
    let mut combined = args("x");
    combined.splice(2..4, ["--combine".to_string(), "sub/all.pdf".to_string()]);
    combined[0] = "packet".into();
    let run = limited(combined);
    let err = stderr(&run);
    assert!(err.contains("会議資料は書き出していません"), "{err}");
    assert!(!work.path().join("sub").exists(), "{err}");
    assert!(
        leftovers(work.path()).is_empty(),
        "{:?}",
        leftovers(work.path())
    );
}

/// `cmsheets serve` stops on Ctrl+C within 2 s too, even with an upload half sent (a request the
/// server would otherwise wait for), successfully, and its private folder is gone.
#[test]
fn serve_stops_within_two_seconds_with_an_upload_half_sent() {
    use std::io::{BufRead, Read, Write};
    let _one = one_at_a_time();
    let tmp = tempdir();
    let mut child = cmsheets_command()
        .args(["serve", "--no-open", "--port", "0"])
        .env("TMPDIR", tmp.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines
        .by_ref()
        .map_while(Result::ok)
        .find(|l| l.starts_with("http://127.0.0.1:"))
        .expect("the server prints its address");
    // The rest of its output, read on so that the server never waits on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
    let (port, token) = rest.split_once("/?token=").unwrap();
    let port: u16 = port.parse().unwrap();
    let host = format!("127.0.0.1:{port}");

    let mut login = std::net::TcpStream::connect(&host).unwrap();
    write!(
        login,
        "GET /?token={token} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    login.read_to_string(&mut answer).unwrap();
    let cookie = answer
        .lines()
        .find_map(|l| {
            l.strip_prefix("set-cookie: ")
                .or(l.strip_prefix("Set-Cookie: "))
        })
        .and_then(|c| c.split(';').next())
        .unwrap_or_else(|| panic!("no session cookie: {answer}"))
        .to_string();

    let boundary = "----cmsheets-half-sent";
    let mut upload = std::net::TcpStream::connect(&host).unwrap();
    write!(
        upload,
        "POST /api/upload HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nOrigin: http://{host}\r\n\
         Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: 50000000\r\n\r\n\
         --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"ケース.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n"
    )
    .unwrap();
    upload.write_all(&vec![b'x'; 1 << 20]).unwrap();
    upload.flush().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let (status, took, err) = signal_and_wait(child, libc::SIGINT);
    assert!(status.success(), "{status:?}: {err}");
    assert!(took < SIGNAL_LIMIT, "{took:?}: {err}");
    let left: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().flatten().collect();
    assert!(left.is_empty(), "{left:?}");
    drop(upload);
}

/// An output reached through a folder that does not exist (`nosuch/../out.xlsx`) is written where
/// the system takes the path, and no folder `nosuch` is made on the way.
#[test]
fn a_path_through_a_missing_folder_makes_no_folder() {
    let dir = tempdir();
    let out = dir.path().join("nosuch").join("..").join("out.xlsx");
    let run = cmsheets([
        "convert".as_ref(),
        sample("intake.xlsx").as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
        "--as-of".as_ref(),
        AS_OF.as_ref(),
    ]);
    assert!(run.status.code().is_some_and(|c| c < 2), "{}", stderr(&run));
    assert!(dir.path().join("out.xlsx").is_file());
    assert!(!dir.path().join("nosuch").exists());
}
