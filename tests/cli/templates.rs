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
