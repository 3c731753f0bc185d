//! Names printed as they are written: characters BIZ UD lacks (𠮷) and the MJ variation sequences
//! only IPAmj明朝 carries (渡邊󠄊) print with the fallback font, exactly those; the Adobe-Japan1
//! sequences BIZ UD has (葛󠄀, 辻󠄀) stay in BIZ UD; and what no font has is an E107.
//! These tests look at the glyphs (the PDF's fonts, their ToUnicode maps, rendered pixels), not
//! only at the text.

use crate::common::*;
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

/// The samples as CSV with the given 本人氏名 for the first cases.
fn intake_with_names(dir: &Path, names: &[&str]) -> Vec<String> {
    for e in std::fs::read_dir(sample("csv")).unwrap().flatten() {
        std::fs::copy(e.path(), dir.join(e.file_name())).unwrap();
    }
    let path = dir.join("ケース.csv");
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let headings = reader.headers().unwrap().clone();
    let name_col = headings.iter().position(|h| h == "本人氏名").unwrap();
    let mut rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let mut ids = Vec::new();
    for (row, name) in rows.iter_mut().zip(names) {
        let mut cells: Vec<String> = row.iter().map(str::to_string).collect();
        cells[name_col] = name.to_string();
        ids.push(cells[0].clone());
        *row = csv::StringRecord::from(cells);
    }
    let mut w = csv::Writer::from_path(&path).unwrap();
    w.write_record(&headings).unwrap();
    for r in &rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
    ids
}

/// Base font names of the fonts on pages `pages` of a PDF, by pdffonts.
fn fonts_of(pdf: &Path, pages: Option<(u32, u32)>) -> Vec<String> {
    let mut cmd = Command::new("pdffonts");
    if let Some((f, l)) = pages {
        cmd.args(["-f", &f.to_string(), "-l", &l.to_string()]);
    }
    let out = cmd.arg(pdf).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|n| n.split_once('+').map_or(n, |(_, f)| f).to_string())
        .collect()
}

/// The characters the PDF maps to glyphs of the font whose name contains `font` (its ToUnicode
/// CMap, read from qpdf's uncompressed form), variation selectors dropped.
fn chars_of_font(pdf: &Path, font: &str) -> BTreeSet<char> {
    let work = tempdir();
    let qdf = work.path().join("q.pdf");
    let ok = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable"])
        .arg(pdf)
        .arg(&qdf)
        .status()
        .unwrap();
    assert!(ok.code().unwrap() <= 3);
    let bytes = std::fs::read(&qdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    let objects: Vec<&str> = text.split("endobj").collect();
    let object = |n: &str| {
        objects
            .iter()
            .find(|o| {
                o.trim_start().starts_with(&format!("{n} 0 obj"))
                    || o.contains(&format!("\n{n} 0 obj"))
            })
            .copied()
    };
    let mut out = BTreeSet::new();
    for o in &objects {
        if !(o.contains("/Type0") && o.contains(font)) {
            continue;
        }
        let Some(at) = o.find("/ToUnicode ") else {
            continue;
        };
        let n = o[at + 11..].split_whitespace().next().unwrap();
        let cmap = object(n).expect("the ToUnicode stream");
        // <gid> <utf16be> pairs of bfchar, and <lo> <hi> <utf16be> of bfrange (first only).
        for hex in cmap
            .split('<')
            .skip(1)
            .filter_map(|p| p.split_once('>').map(|(h, _)| h))
            .filter(|h| {
                h.len() >= 8 && h.len() % 4 == 0 && h.bytes().all(|b| b.is_ascii_hexdigit())
            })
        {
            let units: Vec<u16> = (0..hex.len() / 4)
                .map(|i| u16::from_str_radix(&hex[i * 4..i * 4 + 4], 16).unwrap())
                .collect();
            for c in char::decode_utf16(units).flatten() {
                if !cmsheets::glyphs::is_variation_selector(c) {
                    out.insert(c);
                }
            }
        }
    }
    out
}

fn run_ok(args: &[&str]) {
    let out = cmsheets(args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn the_fallback_font_prints_exactly_the_characters_biz_ud_lacks() {
    if !have("pdffonts") || !have("qpdf") {
        return;
    }
    let input = tempdir();
    let names = [
        "𠮷田 髙橋",               // 𠮷 (U+20BB7) only in IPAmj明朝; 髙 in BIZ UD
        "渡邊\u{E010A} 﨑子",      // an MJ variant of 邊; 﨑 in BIZ UD
        "德永 葛\u{E0100}城",      // 葛󠄀: an Adobe-Japan1 sequence BIZ UD has
        "辻\u{E0100} 邉\u{E0110}", // 辻󠄀 in BIZ UD, an MJ variant of 邉
    ];
    let ids = intake_with_names(input.path(), &names);
    let out = tempdir();
    let o = out.path().to_str().unwrap();
    let i = input.path().to_str().unwrap();
    run_ok(&[
        "render", i, "-o", o, "--forms", "plan", "-q", "--as-of", AS_OF,
    ]);
    run_ok(&[
        "packet",
        i,
        "-o",
        &format!("{o}/packets"),
        "--meeting-date",
        "2025-11-28",
        "-q",
        "--as-of",
        AS_OF,
    ]);
    let expected: [&[char]; 4] = [&['𠮷'], &['邊'], &[], &['邉']];
    for (id, fallback) in ids.iter().zip(expected) {
        for pdf in [
            out.path().join(id).join("plan.pdf"),
            out.path().join("packets").join(id).join("packet.pdf"),
        ] {
            let used = chars_of_font(&pdf, "IPAmjMincho");
            let want: BTreeSet<char> = fallback.iter().copied().collect();
            assert_eq!(used, want, "{}: the IPAmj明朝 glyphs", pdf.display());
            if fallback.is_empty() {
                assert!(!fonts_of(&pdf, None).iter().any(|f| f.contains("IPAmj")));
            }
        }
        // The packet's cover prints the name: the fallback is on page 1 too.
        let cover = fonts_of(
            &out.path().join("packets").join(id).join("packet.pdf"),
            Some((1, 1)),
        );
        assert_eq!(
            cover.iter().any(|f| f.contains("IPAmj")),
            !fallback.is_empty(),
            "{id} cover: {cover:?}"
        );
    }
}

/// The plan sheets of the intake in `input` (with `extra` flags), in a new folder.
fn render_plans(input: &Path, extra: &[&str]) -> tempfile::TempDir {
    let out = tempdir();
    let mut args = vec![
        "render",
        input.to_str().unwrap(),
        "-o",
        out.path().to_str().unwrap(),
        "--forms",
        "plan",
        "-q",
        "--as-of",
        AS_OF,
    ];
    args.extend(extra);
    run_ok(&args);
    out
}

/// A page of `name`'s plan sheet as grey pixels.
fn plan_page(name: &str) -> Vec<u8> {
    let input = tempdir();
    let ids = intake_with_names(input.path(), &[name]);
    let out = render_plans(input.path(), &["--case", &ids[0]]);
    let pdf = out.path().join(&ids[0]).join("plan.pdf");
    let stem = out.path().join("page");
    let ok = Command::new("pdftoppm")
        .args([
            "-r",
            "150",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(&pdf)
        .arg(&stem)
        .status()
        .unwrap();
    assert!(ok.success());
    std::fs::read(stem.with_extension("png")).unwrap()
}

#[test]
fn a_variation_sequence_prints_its_own_glyph_wrapped_or_not() {
    if !have("pdftoppm") || !have("pdftotext") {
        return;
    }
    // The MJ variant (IPAmj明朝) and the Adobe-Japan1 one (BIZ UD) each differ from the base.
    for (variant, base) in [("渡邊\u{E010A}", "渡邊"), ("葛\u{E0100}城", "葛城")] {
        assert!(
            plan_page(variant) != plan_page(base),
            "{variant:?} prints as {base}"
        );
    }
    // In a name long enough to wrap in the header cell, at each place relative to the line
    // end, the selector stays and the fallback glyph is printed (typst#5319, typst#5785).
    let input = tempdir();
    let names: Vec<String> = (0..6)
        .map(|k| format!("{}渡邊\u{E010A}", "山".repeat(8 + k)))
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    let ids = intake_with_names(input.path(), &refs);
    let out = render_plans(input.path(), &[]);
    for id in &ids {
        let pdf = out.path().join(id).join("plan.pdf");
        let text = pdf_text(&pdf, Some((1, 1))).unwrap();
        assert!(text.contains("邊\u{E010A}"), "{id}: the selector is kept");
        assert_eq!(
            chars_of_font(&pdf, "IPAmjMincho"),
            BTreeSet::from(['邊']),
            "{id}"
        );
    }
}

#[test]
fn only_what_no_font_has_is_refused() {
    let input = tempdir();
    // 𠮷 and 渡邊󠄊 print; U+E000 (外字エディタ) and 邉 with a selector no font registers do not.
    let ids = intake_with_names(
        input.path(),
        &["𠮷田", "渡邊\u{E010A}", "\u{E000}岡", "邉\u{E0101}"],
    );
    let (_, report) = check_json(&[input.path()]);
    let e107: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "E107")
        .map(|f| {
            (
                f["case_id"].as_str().unwrap_or_default().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(e107.len(), 2, "{e107:?}");
    assert_eq!(e107[0].0, ids[2]);
    assert!(e107[0].1.contains("U+E000") && !e107[0].1.contains('\u{E000}'));
    assert_eq!(e107[1].0, ids[3]);
    assert!(e107[1].1.contains("U+9089 U+E0101"), "{}", e107[1].1);
    assert!(
        !e107[1].1.contains('邉'),
        "the code points, never the value"
    );
}
