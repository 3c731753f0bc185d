//! `cmsheets check` on real files: the samples in every format an office produces, the planted
//! mistakes of samples/invalid, and broken files.

use crate::common::*;
use std::path::Path;

/// samples/intake.xlsx as CSV, as saved by LibreOffice, as Excel's CP932 and BOM CSV, in the
/// 1904 date system, with English keys and with heading variants: the same data every time.
fn same_intake_elsewhere() -> Vec<std::path::PathBuf> {
    vec![
        sample("csv"),
        fixture("libreoffice/intake.ods"),
        fixture("libreoffice/intake.xlsx"),
        fixture("libreoffice/intake.xls"),
        fixture("cp932"),
        fixture("utf8-bom"),
        fixture("date1904/intake.xlsx"),
        fixture("english-keys"),
        fixture("heading-variants"),
    ]
}

#[test]
fn samples_are_clean_in_every_format() {
    for input in std::iter::once(sample("intake.xlsx")).chain(same_intake_elsewhere()) {
        let (code, report) = check_json(&[&input]);
        assert_eq!(
            report["errors"],
            0,
            "{}: {:?}",
            input.display(),
            codes_at(&report)
        );
        assert_eq!(
            report["warnings"],
            0,
            "{}: {:?}",
            input.display(),
            codes_at(&report)
        );
        assert_eq!(report["cases"], 6, "{}", input.display());
        assert_eq!(code, 0, "{}", input.display());
    }
}

/// The same intake, whatever the file format and encoding, gives exactly the same template data:
/// dates (serial, 1904, 和暦 text, LibreOffice's dropped formats), codes and text all read alike.
#[test]
fn every_format_reads_to_the_same_data() {
    let emit = |input: &Path| {
        let dir = tempdir();
        let out = cmsheets([
            "render".as_ref(),
            input.as_os_str(),
            "--emit-json".as_ref(),
            dir.path().as_os_str(),
            "--as-of".as_ref(),
            AS_OF.as_ref(),
        ]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: {}",
            input.display(),
            stderr(&out)
        );
        tree(dir.path())
    };
    let reference = emit(&sample("intake.xlsx"));
    assert!(
        reference.len() >= 18,
        "{:?}",
        reference.keys().collect::<Vec<_>>()
    );
    for input in same_intake_elsewhere() {
        let got = emit(&input);
        assert_eq!(
            got.keys().collect::<Vec<_>>(),
            reference.keys().collect::<Vec<_>>(),
            "{}",
            input.display()
        );
        for (k, v) in &reference {
            // CP932 has no ✔ or ✕: that copy spells them ○ and ×, which read to the same values.
            assert!(
                got[k] == *v,
                "{} differs in {k}:\n{}",
                input.display(),
                String::from_utf8_lossy(&got[k])
            );
        }
    }
}

/// Each planted mistake of samples/invalid is found, in its cell, with its code, and nothing else.
#[test]
fn every_rule_fires_once_in_the_right_cell() {
    let expected = [
        ("W006", "ケース › J1"),
        ("E303", "ケース › H3"),
        ("E107", "ケース › B4"),
        ("E203", "ケース › A5"),
        ("W109", "アンケート › AE2"),
        ("E103", "アンケート › B3"),
        ("E201", "アンケート › A4"),
        ("E105", "支援計画 › H2"),
        ("E301", "支援計画 › D5"),
        ("E304", "支援計画 › C6"),
        ("E101", "支援計画 › F7"),
        ("W404", "支援計画 › D8"),
        ("E204", "支援計画 › B9"),
        ("E302", "モニタリング › C4"),
        ("E104", "モニタリング › D5"),
        ("E102", "モニタリング › C6"),
        ("E109", "モニタリング › E7"),
        ("E106", "モニタリング › J10"),
        ("E202", "モニタリング › B12"),
        ("W401", "ニーズ › D6"),
        ("E205", "ニーズ › C7"),
        // 支援者が４名以上: reported on the plan version (the fix is a 補助ツール row for it).
        ("W402", "支援計画 › B4"),
        ("W403", "ニーズ › H15"),
        ("E202", "ニーズ › B16"),
    ];
    let (code, report) = check_json(&[&sample("invalid/intake.xlsx")]);
    assert_eq!(code, 1);
    let mut got = codes_at(&report);
    let mut want: Vec<(String, String)> = expected
        .iter()
        .map(|(c, l)| (c.to_string(), format!("intake.xlsx › {l}")))
        .collect();
    got.sort();
    want.sort();
    assert_eq!(got, want);

    // The CSV copy: the same findings, located as file:row:column.
    let (_, report) = check_json(&[&sample("invalid/csv")]);
    let got: Vec<String> = codes_at(&report)
        .into_iter()
        .map(|(c, l)| format!("{c} {l}"))
        .collect();
    for needle in [
        "E107 ケース.csv:4:2",
        "E106 モニタリング.csv:10:10",
        "W403 ニーズ.csv:15:8",
        "W006 ケース.csv:1:10",
    ] {
        assert!(got.iter().any(|g| g == needle), "{needle} not in {got:?}");
    }
    assert_eq!(report["errors"], 18);
}

#[test]
fn text_output_and_exit_status() {
    let out = cmsheets([
        "check",
        "--as-of",
        AS_OF,
        sample("invalid/intake.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(text.contains("エラー[E303] intake.xlsx › ケース › H3: CM終了日（2025-02-14）がCM開始日（2025-03-01）より前です。"), "{text}");
    assert!(text.contains("点検結果: エラー 18件、警告 6件"), "{text}");
    let out = cmsheets([
        "check",
        "--as-of",
        AS_OF,
        sample("intake.xlsx").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}

/// 要配慮個人情報: findings echo codes, dates and numbers, never names or free text.
#[test]
fn findings_never_echo_names_or_free_text() {
    let out = cmsheets([
        "check",
        "--as-of",
        AS_OF,
        sample("invalid/intake.xlsx").to_str().unwrap(),
    ]);
    let text = stdout(&out);
    // The planted 外字 name and the control-character note must not appear, only their code points.
    assert!(text.contains("U+E000"));
    assert!(!text.contains('\u{E000}'));
    assert!(!text.contains('\u{7}'));
    let csv = std::fs::read_to_string(sample("invalid/csv/ケース.csv")).unwrap();
    for line in csv.lines().skip(1) {
        let name = line.split(',').nth(1).unwrap();
        assert!(
            !name.is_empty() && !text.contains(name),
            "name {name} echoed"
        );
    }
}

#[test]
fn broken_files_are_named_and_nothing_panics() {
    for (file, needle) in [
        ("broken/truncated.xlsx", "途中で切れているか壊れています"),
        (
            "broken/not-a-zip.xlsx",
            "ブック（xlsx, xlsm, xls, ods）ではありません",
        ),
        ("broken/encrypted.xlsx", "パスワードで保護"),
        ("broken/zipbomb.xlsx", "zip 爆弾"),
        ("broken/empty.xlsx", "1つもありません"),
    ] {
        let out = cmsheets(["check", fixture(file).to_str().unwrap()]);
        let text = stdout(&out);
        let name = Path::new(file).file_name().unwrap().to_str().unwrap();
        assert!(
            text.contains(name) && text.contains(needle),
            "{file}: {text}"
        );
        assert_eq!(
            out.status.code(),
            Some(2),
            "{file}: nothing readable is exit 2"
        );
    }
    let out = cmsheets(["check", "no-such-file.xlsx"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stdout(&out).contains("no-such-file.xlsx: ファイルが見つかりません"));
    for (file, needle) in [
        ("broken/missing-column.xlsx", "E003"),
        ("broken/duplicate-heading.xlsx", "E004"),
        ("broken/missing-sheet.xlsx", "E002"),
    ] {
        let (code, report) = check_json(&[&fixture(file)]);
        assert_eq!(code, 1, "{file}");
        let codes = codes_at(&report);
        assert_eq!(
            codes.len(),
            1,
            "{file}: one finding, not a cascade: {codes:?}"
        );
        assert_eq!(codes[0].0, needle);
    }
}

/// A good file next to a broken one is still checked: one bad file never stops the run.
#[test]
fn one_bad_file_does_not_stop_the_others() {
    let (code, report) = check_json(&[&fixture("broken/truncated.xlsx"), &sample("intake.xlsx")]);
    assert_eq!(code, 1);
    assert_eq!(report["cases"], 6);
    assert_eq!(report["errors"], 1);
}

#[test]
fn csv_encodings_are_detected_or_named() {
    let dir = tempdir();
    for (src, needle) in [
        ("broken/euc-jp.csv", "EUC-JP"),
        ("broken/utf16.csv", "UTF-16"),
        ("broken/bad-utf8.csv", "3行目、506バイト目"),
    ] {
        let target = dir.path().join("ケース.csv");
        std::fs::copy(fixture(src), &target).unwrap();
        let out = cmsheets(["check", target.to_str().unwrap()]);
        let text = stdout(&out);
        assert!(
            text.contains(needle) && text.contains("ケース.csv"),
            "{src}: {text}"
        );
        assert_eq!(out.status.code(), Some(2), "{src}");
    }
}

#[test]
fn the_blank_template_reads_back_without_errors() {
    let dir = tempdir();
    let book = dir.path().join("intake.xlsx");
    let out = cmsheets(["template", "-o", book.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (code, report) = check_json(&[&book]);
    assert_eq!(
        (code, report["errors"].as_u64(), report["warnings"].as_u64()),
        (0, Some(0), Some(0)),
        "{:?}",
        codes_at(&report)
    );
    // What makes it usable: dropdowns on coded columns, date formats, frozen headings, a note per
    // heading and the 説明 sheet.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&book).unwrap()).unwrap();
    let mut part = |name: &str| {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut s).unwrap();
        s
    };
    let workbook = part("xl/workbook.xml");
    for sheet in [
        "説明",
        "ケース",
        "アンケート",
        "支援計画",
        "モニタリング",
        "ニーズ",
        "補助ツール",
        "頼りにしている人",
        "クライシスプラン",
        "日常的なサポーター",
        "地域区分",
    ] {
        assert!(workbook.contains(&format!("name=\"{sheet}\"")), "{sheet}");
    }
    let needs = part("xl/worksheets/sheet6.xml");
    assert!(needs.contains("state=\"frozen\""), "frozen heading row");
    assert!(needs.contains("<dataValidation "), "dropdowns");
    assert!(needs.contains("◎,〇,△,×"), "the evaluation dropdown");
    let monitoring = part("xl/worksheets/sheet5.xml");
    assert!(monitoring.contains("入院中,退院直後,退院ヵ月後,CM導入時,CMヵ月後"));
    assert!(part("xl/styles.xml").contains("yyyy/m/d"), "date format");
    // Comments are numbered over the sheets that have them (説明 has none): ニーズ is the fifth.
    assert!(
        part("xl/comments5.xml").contains("機関名・担当者名・連絡先"),
        "a note per heading"
    );

    let csv = dir.path().join("csv");
    let out = cmsheets(["template", "--csv", csv.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(std::fs::read_dir(&csv).unwrap().count(), 10);
    let (code, report) = check_json(&[&csv]);
    assert_eq!(
        (code, report["errors"].as_u64()),
        (0, Some(0)),
        "{:?}",
        codes_at(&report)
    );
}

/// Every date spelling of the fixture list reads to its date; every refused one is refused.
#[test]
fn date_spellings() {
    let mut r = csv::Reader::from_path(fixture("dates.csv")).unwrap();
    let mut n = 0;
    for rec in r.records() {
        let rec = rec.unwrap();
        let got = cmsheets::contract::date::parse_date(&rec[0])
            .unwrap_or_else(|e| panic!("{}: {e}", &rec[0]));
        assert_eq!(got.to_string(), &rec[1], "{}", &rec[0]);
        n += 1;
    }
    assert!(n >= 20);
    let mut r = csv::Reader::from_path(fixture("invalid_dates.csv")).unwrap();
    for rec in r.records() {
        let rec = rec.unwrap();
        assert!(
            cmsheets::contract::date::parse_date(&rec[0]).is_err(),
            "{} should be refused",
            &rec[0]
        );
    }
}

/// Heading aliases (ケース番号 for ケースID, 長期目標 for 私の長期目標) read an office's older
/// sheets, but never take a column from its own heading: an office's own ケース番号 column beside
/// its ケースID is another column, skipped with W006, not a second ケースID.
#[test]
fn an_alias_stands_in_for_a_heading_only_when_the_heading_is_not_there() {
    let dir = tempdir();
    let csv = sample_csv_copy(dir.path());
    let rewrite = |file: &str, edit: &dyn Fn(usize, &str) -> String| {
        let path = csv.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<String> = text.lines().enumerate().map(|(i, l)| edit(i, l)).collect();
        std::fs::write(&path, lines.join("\r\n") + "\r\n").unwrap();
    };
    // A ケース番号 column of the office's own numbers, before the ケースID column.
    rewrite("ケース.csv", &|i, l| match i {
        0 => format!("ケース番号,{}", l.trim_start_matches('\u{feff}')),
        _ => format!("No.{i},{l}"),
    });
    // 支援計画 headed with the older 長期目標 instead of 私の長期目標.
    rewrite("支援計画.csv", &|i, l| match i {
        0 => l.replace("私の長期目標", "長期目標"),
        _ => l.to_string(),
    });
    let (status, report) = check_json(&[&csv]);
    let (_, clean) = check_json(&[&sample("csv")]);
    assert_eq!(report["errors"], 0, "{:#?}", codes_at(&report));
    assert_eq!(report["cases"], clean["cases"]);
    let w006 = findings_of(&report, "W006");
    assert_eq!(w006.len(), 1, "{w006:?}");
    assert_eq!(
        w006[0].0, "ケース.csv:1:1",
        "the ケース番号 heading, row 1, column 1"
    );
    assert_eq!(status, 0);
}
