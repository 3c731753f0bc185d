//! The templates also compile with the plain typst CLI (0.15.1) on the sample JSON and on what
//! `render --emit-json` writes, so template authors can preview them. Skipped, with a note, where
//! the typst CLI is not installed (`cargo install --locked typst-cli --version 0.15.1`).

mod common;
use common::*;
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
    eprintln!("note: typst CLI 0.15.1 not found; the CLI preview check is skipped");
    None
}

fn compile(typst: &str, template: &str, data: &str) {
    let out_dir = tempdir();
    let out = Command::new(typst)
        .current_dir(root())
        .args([
            "compile",
            "--root",
            ".",
            "--font-path",
            "fonts",
            "--ignore-system-fonts",
            "--input",
        ])
        .arg(format!("data={data}"))
        .arg(format!("typst-templates/{template}.typ"))
        .arg(out_dir.path().join("x.pdf"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{template} on {data}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn templates_compile_with_the_typst_cli() {
    let Some(typst) = typst_cli() else { return };
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        compile(&typst, form, &format!("/samples/json/{form}.json"));
        compile(&typst, form, &format!("/samples/json/{form}-blank.json"));
    }
    compile(&typst, "packet", "/samples/json/packet.json");
    // And on the exact data cmsheets hands over.
    let json = root().join("target/emit-json-cli-test");
    let _ = std::fs::remove_dir_all(&json);
    let out = cmsheets([
        "render",
        sample("intake.xlsx").to_str().unwrap(),
        "--emit-json",
        json.to_str().unwrap(),
        "--case",
        "CH-2024-002",
        "-q",
    ]);
    assert_eq!(out.status.code(), Some(0));
    for form in ["questionnaire", "plan", "subtool", "crisis"] {
        compile(
            &typst,
            form,
            &format!("/target/emit-json-cli-test/CH-2024-002/{form}.json"),
        );
    }
    std::fs::remove_dir_all(&json).unwrap();
}
