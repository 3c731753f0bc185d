//! Golden renders: every page of each form (filled and blank) and of a care-meeting packet,
//! rendered by poppler at 100 dpi in grey and compared with `tests/golden/` pixel by pixel.
//!
//! The PDFs are byte-identical run to run and pdftoppm is deterministic: measured on five renders
//! of every page of the four forms, the PNGs were byte-identical (0 pixels differ). The tolerance
//! below only absorbs anti-aliasing noise of another poppler build, and stays well under what one
//! changed character makes: `a_changed_value_fails_the_comparison` moves the plan's 作成日 by one
//! day (one digit) and measures 39 pixels beyond the grey tolerance, against 8 allowed.
//!
//! After an intended layout change: `UPDATE_GOLDEN=1 cargo test --test cli golden::`, then look at each
//! new PNG before committing it. Under CI, goldens are never written: a missing one fails.

use crate::common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A pixel differs when its grey level moves by more than this (anti-aliasing of an edge)…
const PIXEL_TOLERANCE: u8 = 24;
/// …and a page matches while at most this many pixels differ.
const PAGE_TOLERANCE: usize = 8;
const DPI: &str = "100";

fn grey(png_path: &Path) -> (u32, u32, Vec<u8>) {
    let decoder = png::Decoder::new(std::io::BufReader::new(
        std::fs::File::open(png_path).unwrap(),
    ));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let channels = info.color_type.samples();
    let px: Vec<u8> = buf[..info.buffer_size()]
        .chunks(channels)
        .map(|c| c[0])
        .collect();
    (info.width, info.height, px)
}

/// Every page of `pdf` as `<stem>-<n>.png` in `work`, in page order.
fn page_pngs(pdf: &Path, work: &Path, stem: &str) -> Vec<PathBuf> {
    let prefix = work.join(stem);
    let ok = Command::new("pdftoppm")
        .args(["-r", DPI, "-gray", "-png"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap()
        .success();
    assert!(ok, "pdftoppm {}", pdf.display());
    let mut pages: Vec<PathBuf> = std::fs::read_dir(work)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .strip_prefix(&format!("{stem}-"))
                .is_some_and(|rest| rest.trim_end_matches(".png").parse::<u32>().is_ok())
        })
        .collect();
    pages.sort_by_key(|p| {
        let name = p.file_stem().unwrap().to_string_lossy().into_owned();
        name.rsplit('-').next().unwrap().parse::<u32>().unwrap()
    });
    pages
}

/// Pixels beyond the tolerance, or None when the page sizes differ.
fn differing_pixels(a: &Path, b: &Path) -> Option<usize> {
    let (w1, h1, a) = grey(a);
    let (w2, h2, b) = grey(b);
    ((w1, h1) == (w2, h2)).then(|| {
        a.iter()
            .zip(&b)
            .filter(|(x, y)| x.abs_diff(**y) > PIXEL_TOLERANCE)
            .count()
    })
}

fn updating() -> bool {
    let asked = std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1");
    assert!(
        !(asked && std::env::var_os("CI").is_some()),
        "UPDATE_GOLDEN is refused under CI: goldens are refreshed by hand and looked at"
    );
    asked
}

/// Compares every page of `pdf` with `tests/golden/<name>-<n>.png`.
fn compare(name: &str, pdf: &Path, work: &Path) {
    let pages = page_pngs(pdf, work, name);
    assert!(!pages.is_empty(), "{name}: no pages");
    let golden_dir = root().join("tests/golden");
    let golden = |n: usize| golden_dir.join(format!("{name}-{n}.png"));
    if updating() {
        let mut n = 1;
        while golden(n).exists() {
            std::fs::remove_file(golden(n)).unwrap();
            n += 1;
        }
        for (i, page) in pages.iter().enumerate() {
            std::fs::copy(page, golden(i + 1)).unwrap();
            eprintln!("wrote {}", golden(i + 1).display());
        }
        return;
    }
    let expected = (1..).take_while(|n| golden(*n).exists()).count();
    assert!(
        expected > 0,
        "{name}: tests/golden/{name}-1.png is missing (make it with UPDATE_GOLDEN=1 and look at it)"
    );
    assert_eq!(pages.len(), expected, "{name}: the page count changed");
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        match differing_pixels(page, &golden(n)) {
            Some(d) if d <= PAGE_TOLERANCE => {}
            found => {
                let keep = std::env::temp_dir().join(format!("cmsheets-golden-{name}-{n}.png"));
                std::fs::copy(page, &keep).unwrap();
                panic!(
                    "{name} page {n}: {} (tests/golden/{name}-{n}.png; the new render is at {})",
                    match found {
                        Some(d) => format!("{d} pixels differ"),
                        None => "the page size changed".into(),
                    },
                    keep.display()
                );
            }
        }
    }
}

fn run_ok(args: &[&str]) {
    let out = cmsheets(args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn every_page_of_the_forms_and_a_packet_matches_its_golden_render() {
    if !have("pdftoppm") {
        return;
    }
    let out = tempdir();
    let o = out.path().to_str().unwrap();
    let intake = sample("intake.xlsx");
    let intake = intake.to_str().unwrap();
    run_ok(&[
        "render",
        intake,
        "-o",
        o,
        "--case",
        "CH-2024-002",
        "-q",
        "--as-of",
        AS_OF,
    ]);
    let work = tempdir();
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        let pdf = out.path().join("CH-2024-002").join(format!("{form}.pdf"));
        compare(form, &pdf, work.path());
    }
    run_ok(&["render", "--blank", "-o", o, "-q"]);
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        let pdf = out.path().join("blank").join(format!("{form}.pdf"));
        compare(&format!("{form}-blank"), &pdf, work.path());
    }
    run_ok(&[
        "packet",
        intake,
        "-o",
        o,
        "--case",
        "HB-2025-005",
        "--meeting-date",
        "2025-11-28",
        "-q",
        "--as-of",
        AS_OF,
    ]);
    compare(
        "packet",
        &out.path().join("HB-2025-005/packet.pdf"),
        work.path(),
    );
}

/// `packet --draft` (HB-2025-005: 第2版 evaluated 〇 △ and × with one not yet): the review page
/// and the next version marked 案; and a plan and a full crisis plan with the agreement as lines
/// to sign.
#[test]
fn the_draft_pages_and_the_lines_to_sign_match_their_golden_renders() {
    if !have("pdftoppm") {
        return;
    }
    let out = tempdir();
    let o = out.path().to_str().unwrap();
    let intake = sample("intake.xlsx");
    let intake = intake.to_str().unwrap();
    run_ok(&[
        "packet",
        intake,
        "-o",
        o,
        "--case",
        "HB-2025-005",
        "--meeting-date",
        "2025-12-10",
        "--draft",
        "-q",
        "--as-of",
        AS_OF,
    ]);
    let work = tempdir();
    compare(
        "packet-draft",
        &out.path().join("HB-2025-005/packet.pdf"),
        work.path(),
    );
    run_ok(&[
        "render",
        intake,
        "-o",
        o,
        "--case",
        "HB-2024-004",
        "--forms",
        "plan,crisis",
        "--sign-lines",
        "-q",
        "--as-of",
        AS_OF,
    ]);
    compare(
        "plan-sign-lines",
        &out.path().join("HB-2024-004/plan.pdf"),
        work.path(),
    );
    // A full crisis plan keeps to one page with the lines to sign.
    compare(
        "crisis-sign-lines",
        &out.path().join("HB-2024-004/crisis.pdf"),
        work.path(),
    );
}

/// The comparison is not blind: the plan sheet with its 作成日 one day later differs from the
/// golden by far more than the tolerance.
#[test]
fn a_changed_value_fails_the_comparison() {
    if !have("pdftoppm") {
        return;
    }
    let golden = root().join("tests/golden/plan-1.png");
    if !require("tests/golden/plan-1.png", golden.exists()) {
        return;
    }
    let out = tempdir();
    let o = out.path().to_str().unwrap();
    run_ok(&[
        "render",
        "--emit-json",
        o,
        sample("intake.xlsx").to_str().unwrap(),
        "--case",
        "CH-2024-002",
        "--forms",
        "plan",
        "-q",
        "--as-of",
        AS_OF,
    ]);
    // Same data through the library, the 作成日 moved by one day.
    let json_path = out.path().join("CH-2024-002/plan.json");
    let json = std::fs::read_to_string(&json_path).unwrap();
    let mut value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let changed = bump_a_date(&mut value);
    assert!(changed, "the plan's JSON has a printed date");
    let pdf = cmsheets::typeset::Typesetter::new()
        .pdf(
            cmsheets::typeset::Template::Plan,
            &serde_json::to_vec(&value).unwrap(),
            &cmsheets::typeset::PdfSettings {
                ident: "golden-test".into(),
                date: chrono::NaiveDate::from_ymd_opt(2025, 11, 30).unwrap(),
                pdfa: false,
            },
        )
        .unwrap();
    let pdf_path = out.path().join("changed.pdf");
    std::fs::write(&pdf_path, pdf).unwrap();
    let work = tempdir();
    let pages = page_pngs(&pdf_path, work.path(), "changed");
    let d = differing_pixels(&pages[0], &golden).expect("same page size");
    assert!(
        d > PAGE_TOLERANCE * 2,
        "a one-day change moved only {d} pixels: the tolerance would hide it"
    );
}

/// Moves the first printed date in the 令和 style (…年…月N日) one day on; true when one was found.
fn bump_a_date(v: &mut serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => {
            let Some(day_end) = s.find("日") else {
                return false;
            };
            let Some(month_end) = s[..day_end].rfind("月") else {
                return false;
            };
            let day = &s[month_end + "月".len()..day_end];
            let Ok(n) = day.trim().parse::<u32>() else {
                return false;
            };
            let next = if n >= 28 { 1 } else { n + 1 };
            *s = format!("{}{}{}", &s[..month_end + "月".len()], next, &s[day_end..]);
            true
        }
        serde_json::Value::Array(a) => a.iter_mut().any(bump_a_date),
        serde_json::Value::Object(o) => o.values_mut().any(bump_a_date),
        _ => false,
    }
}
