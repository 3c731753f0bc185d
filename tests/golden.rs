//! Golden renders: page 1 of each form (and the packet cover) as a small grey PNG, compared with
//! `tests/golden/` within a tolerance, so a layout regression shows as a failing test.
//! After an intended layout change: `UPDATE_GOLDEN=1 cargo test --test golden`, then look at the
//! new PNGs before committing them.

mod common;
use common::*;
use std::path::Path;
use std::process::Command;

/// A pixel differs when its grey level moves by more than this…
const PIXEL_TOLERANCE: u8 = 64;
/// …and a page matches while fewer than this share of its pixels differ (font hinting and
/// anti-aliasing differ a little between poppler versions).
const PAGE_TOLERANCE: f64 = 0.004;

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

fn page_png(pdf: &Path, out_stem: &Path) -> std::path::PathBuf {
    let ok = Command::new("pdftoppm")
        .args([
            "-r",
            "40",
            "-gray",
            "-png",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
        ])
        .arg(pdf)
        .arg(out_stem)
        .status()
        .unwrap()
        .success();
    assert!(ok);
    out_stem.with_extension("png")
}

fn compare(name: &str, pdf: &Path, work: &Path) {
    let got = page_png(pdf, &work.join(name));
    let golden = root().join("tests/golden").join(format!("{name}.png"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() || !golden.exists() {
        std::fs::copy(&got, &golden).unwrap();
        eprintln!("wrote {}", golden.display());
        return;
    }
    let (w1, h1, a) = grey(&got);
    let (w2, h2, b) = grey(&golden);
    assert_eq!((w1, h1), (w2, h2), "{name}: page size changed");
    let differing = a
        .iter()
        .zip(&b)
        .filter(|(x, y)| x.abs_diff(**y) > PIXEL_TOLERANCE)
        .count();
    let share = differing as f64 / a.len() as f64;
    if share >= PAGE_TOLERANCE {
        let keep = std::env::temp_dir().join(format!("cmsheets-golden-{name}.png"));
        std::fs::copy(&got, &keep).unwrap();
        panic!(
            "{name}: {:.2}% of pixels differ from tests/golden/{name}.png (new render kept at {})",
            share * 100.0,
            keep.display()
        );
    }
}

#[test]
fn forms_and_cover_match_their_golden_renders() {
    if !have("pdftoppm") {
        return;
    }
    let out = tempdir();
    let o = out.path().to_str().unwrap();
    let run = cmsheets([
        "render",
        sample("intake.xlsx").to_str().unwrap(),
        "-o",
        o,
        "--case",
        "CH-2024-002",
        "-q",
        "--as-of",
        AS_OF,
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        compare(
            form,
            &out.path().join("CH-2024-002").join(format!("{form}.pdf")),
            out.path(),
        );
    }
    let run = cmsheets(["render", "--blank", "-o", o, "--forms", "plan", "-q"]);
    assert_eq!(run.status.code(), Some(0));
    compare("plan-blank", &out.path().join("blank/plan.pdf"), out.path());
    let run = cmsheets([
        "packet",
        sample("intake.xlsx").to_str().unwrap(),
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
    assert_eq!(run.status.code(), Some(0));
    compare(
        "packet-cover",
        &out.path().join("HB-2025-005/packet.pdf"),
        out.path(),
    );
}
