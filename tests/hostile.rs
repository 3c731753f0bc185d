//! Hostile inputs and outputs (issue 26): no command writes over or into an input, whatever path
//! names it; only regular files are read, and nothing blocks; nothing from a file reaches the
//! terminal or the JSON with its control characters.

mod common;

use common::*;
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
