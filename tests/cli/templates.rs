//! The templates also compile with the plain typst CLI (0.15.1) on the sample JSON and on what
//! `render --emit-json` and `packet --emit-json` write, so template authors can preview them (and
//! bench/run.sh can time Typst's own compile of the same documents). scripts/setup.sh installs
//! the CLI (`cargo install --locked typst-cli --version 0.15.1`); under CI its absence fails.

use crate::common::*;
use std::process::Command;

fn typst_cli() -> Option<String> {
    let home = std::env::var("HOME").unwrap_or_default();
    for cand in ["typst".to_string(), format!("{home}/.cargo/bin/typst")] {
        if let Ok(out) = Command::new(&cand).arg("--version").output() {
            if String::from_utf8_lossy(&out.stdout).contains("0.15.1") {
                return Some(cand);
            }
        }
    }
    require("the typst CLI 0.15.1", false);
    None
}

/// `typst compile` of `typst-templates/<template>.typ` with `data` (a path inside `project`,
/// the compile's root) as its input; the number of pages.
fn compile_in(typst: &str, project: &std::path::Path, template: &str, data: &str) -> usize {
    let out_dir = tempdir();
    let out = Command::new(typst)
        .current_dir(root())
        .arg("compile")
        .arg("--root")
        .arg(project)
        .args(["--font-path", "fonts", "--ignore-system-fonts", "--input"])
        .arg(format!("data={data}"))
        .arg(root().join(format!("typst-templates/{template}.typ")))
        .arg(out_dir.path().join("x.pdf"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{template} on {data}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    page_count(&out_dir.path().join("x.pdf")).expect("pdfinfo reads the typst CLI's PDF")
}

fn compile(typst: &str, template: &str, data: &str) {
    compile_in(typst, &root(), template, data);
}

#[test]
fn templates_compile_with_the_typst_cli() {
    let Some(typst) = typst_cli() else { return };
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        compile(&typst, form, &format!("/samples/json/{form}.json"));
        compile(&typst, form, &format!("/samples/json/{form}-blank.json"));
    }
    compile(&typst, "packet", "/samples/json/packet.json");
    compile(&typst, "packet", "/samples/json/packet-draft.json");
    compile(&typst, "report", "/samples/json/report.json");
    compile(&typst, "schedule", "/samples/json/schedule.json");
    // And on the exact data cmsheets hands over (written outside the repository: the compile's
    // root is then `/`, as a template author's own folder would be).
    let json = tempdir();
    let out = cmsheets([
        "render",
        sample("intake.xlsx").to_str().unwrap(),
        "--emit-json",
        json.path().to_str().unwrap(),
        "--case",
        "CH-2024-002",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0));
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        let data = json.path().join(format!("CH-2024-002/{form}.json"));
        compile_in(
            &typst,
            std::path::Path::new("/"),
            form,
            data.to_str().unwrap(),
        );
    }
    // The packet's data, as `packet --emit-json` writes it beside the PDF: the CLI lays out the
    // same pages.
    let out = cmsheets([
        "packet",
        sample("intake.xlsx").to_str().unwrap(),
        "--emit-json",
        json.path().to_str().unwrap(),
        "-o",
        json.path().to_str().unwrap(),
        "--meeting-date",
        AS_OF,
        "--as-of",
        AS_OF,
        "--case",
        "CH-2024-002",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let case = json.path().join("CH-2024-002");
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(case.join("packet.json")).unwrap()).unwrap();
    assert_eq!(data["cases"][0]["case_id"], "CH-2024-002");
    let pages = compile_in(
        &typst,
        std::path::Path::new("/"),
        "packet",
        case.join("packet.json").to_str().unwrap(),
    );
    assert_eq!(Some(pages), page_count(&case.join("packet.pdf")));
}

/// The shape of a JSON value: its keys (recursively) and the kind of each value, arrays by their
/// first element; `null` matches anything (an optional field left out).
fn shape_differences(
    path: &str,
    sample: &serde_json::Value,
    emitted: &serde_json::Value,
) -> Vec<String> {
    use serde_json::Value as V;
    match (sample, emitted) {
        (V::Null, _) | (_, V::Null) => Vec::new(),
        (V::Object(a), V::Object(b)) => {
            let mut d: Vec<String> = Vec::new();
            d.extend(
                a.keys()
                    .filter(|k| !b.contains_key(*k))
                    .map(|k| format!("{path}.{k} only in the sample")),
            );
            d.extend(
                b.keys()
                    .filter(|k| !a.contains_key(*k))
                    .map(|k| format!("{path}.{k} missing from the sample")),
            );
            for (k, v) in a {
                if let Some(w) = b.get(k) {
                    d.extend(shape_differences(&format!("{path}.{k}"), v, w));
                }
            }
            d
        }
        (V::Array(a), V::Array(b)) => match (a.first(), b.first()) {
            (Some(x), Some(y)) => shape_differences(&format!("{path}[0]"), x, y),
            _ => Vec::new(),
        },
        (a, b) if std::mem::discriminant(a) == std::mem::discriminant(b) => Vec::new(),
        (a, b) => vec![format!("{path}: the sample has {a}, cmsheets writes {b}")],
    }
}

/// samples/json/ (what template authors preview with, and what the typesetter's unit tests and the
/// fuzzer feed the templates) has exactly the fields cmsheets writes: a field added to or renamed in
/// a form's data fails here until the samples follow.
#[test]
fn the_sample_json_has_the_fields_cmsheets_writes() {
    let dir = tempdir();
    let emit = |args: &[&str], out: &str| {
        let mut all: Vec<std::ffi::OsString> = args.iter().map(|a| a.into()).collect();
        all.extend(["--emit-json".into(), dir.path().join(out).into_os_string()]);
        all.extend(["--as-of".into(), AS_OF.into(), "-q".into()]);
        all.extend([
            "-o".into(),
            dir.path().join(format!("{out}-pdf")).into_os_string(),
        ]);
        let o = cmsheets(&all);
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let intake = sample("intake.xlsx");
    let intake = intake.to_str().unwrap();
    emit(&["render", intake], "filled");
    emit(&["render", "--blank"], "blank");
    emit(
        &["packet", intake, "--meeting-date", "2025-11-28"],
        "packet",
    );
    let read = |p: std::path::PathBuf| -> serde_json::Value {
        serde_json::from_slice(
            &std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
        )
        .unwrap()
    };
    // CH-2024-002 has all four forms.
    let case = dir.path().join("filled").join("CH-2024-002");
    let mut differences = Vec::new();
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        let sample_of = |name: &str| read(root().join(format!("samples/json/{name}.json")));
        differences.extend(shape_differences(
            form,
            &sample_of(form),
            &read(case.join(format!("{form}.json"))),
        ));
        // `render --blank` writes the blank forms' data under `blank/`, as it does their PDFs.
        let blank = dir
            .path()
            .join("blank")
            .join("blank")
            .join(format!("{form}.json"));
        differences.extend(shape_differences(
            &format!("{form}-blank"),
            &sample_of(&format!("{form}-blank")),
            &read(blank),
        ));
    }
    let packet = dir
        .path()
        .join("packet")
        .join("MN-2024-001")
        .join("packet.json");
    differences.extend(shape_differences(
        "packet",
        &read(root().join("samples/json/packet.json")),
        &read(packet),
    ));
    // With --draft: the review page's data and the draft plan, part by part.
    emit(
        &[
            "packet",
            intake,
            "--meeting-date",
            "2025-12-10",
            "--draft",
            "--case",
            "HB-2025-005",
        ],
        "packet-draft",
    );
    let sample = read(root().join("samples/json/packet-draft.json"));
    let emitted = read(
        dir.path()
            .join("packet-draft")
            .join("HB-2025-005")
            .join("packet.json"),
    );
    let parts = |v: &serde_json::Value| {
        v["cases"][0]["parts"]
            .as_array()
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(
        parts(&sample).len(),
        parts(&emitted).len(),
        "packet-draft: the parts"
    );
    for (i, (a, b)) in parts(&sample)
        .iter()
        .zip(parts(&emitted).iter())
        .enumerate()
    {
        differences.extend(shape_differences(&format!("packet-draft.parts[{i}]"), a, b));
    }
    assert!(
        differences.is_empty(),
        "samples/json differs from what cmsheets writes:\n{}",
        differences.join("\n")
    );
}
