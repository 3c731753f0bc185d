//! The crate's layers, checked: each top-level module may use only modules of the layers below
//! its own, so no two modules import each other and a change low down never needs one high up.
//! docs/architecture.md draws the same picture. A new module goes into a layer here, or the test
//! fails and says so.

use std::collections::BTreeSet;
use std::path::Path;

/// Lowest first. A module uses modules of earlier rows only.
const LAYERS: &[&[&str]] = &[
    // Leaves: the contract with the offices' files, the embedded fonts' coverage, and plumbing.
    &[
        "contract", "glyphs", "terminal", "panics", "outcome", "memory", "progress",
    ],
    &["interrupt", "finding", "parallel", "typeset"],
    // The data in memory: raw tables as read, typed records, and where outputs are written.
    &["model", "output"],
    // What is done with the records: checks, the intake written back, the forms (print data and
    // 様式ブック read/write, one home per form).
    &["validate", "export", "forms"],
    // Readers of every input shape, yielding the same tables.
    &["ingest"],
    // Read and check, once, for every caller.
    &["pipeline"],
    &["batch", "report"],
    &["print", "schedule", "plan_cycle"],
    &["schedule_pdf"],
    // The two front ends: the web page, and the command line (flags, then one module per command).
    &["serve"],
    &["cli"],
    &["commands"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// The top-level modules `lib.rs` declares.
fn declared_modules(src: &Path) -> Vec<String> {
    let lib = std::fs::read_to_string(src.join("lib.rs")).expect("src/lib.rs");
    lib.lines()
        .filter_map(|l| {
            l.trim()
                .strip_prefix("pub mod")
                .or(l.trim().strip_prefix("mod"))
        })
        .map(|rest| rest.trim().trim_end_matches(';').to_string())
        .collect()
}

/// The crate's modules a source file names (`crate::x`, `crate::{x, y}`, `say!` → terminal).
fn uses_of(code: &str, modules: &[String]) -> BTreeSet<String> {
    let code: String = code
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    for (i, _) in code.match_indices("crate::") {
        let rest = &code[i + "crate::".len()..];
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => top_level_names(group),
            None => vec![rest
                .split(|c: char| !c.is_alphanumeric() && c != '_')
                .next()
                .unwrap_or("")],
        };
        found.extend(
            names
                .into_iter()
                .filter(|n| modules.iter().any(|m| m == n))
                .map(String::from),
        );
    }
    if code.contains("say!(") {
        found.insert("terminal".into());
    }
    found
}

/// The first name of each path of a `{…}` group, nested groups skipped: `model::{A, B}, forms`
/// gives `model` and `forms`.
fn top_level_names(group: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                names.push(&group[start..i]);
                break;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                names.push(&group[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    names
        .into_iter()
        .map(|n| n.trim().split("::").next().unwrap_or("").trim())
        .collect()
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_use_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = declared_modules(&src);
    let unplaced: Vec<&String> = modules
        .iter()
        .filter(|m| *m != "layers" && layer_of(m).is_none())
        .collect();
    assert!(
        unplaced.is_empty(),
        "modules without a layer in src/layers.rs: {unplaced:?}"
    );
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut wrong = Vec::new();
    for file in files {
        let rel = file.strip_prefix(&src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let top = top.trim_end_matches(".rs");
        let Some(own) = layer_of(top) else { continue }; // lib.rs, main.rs, this file
        let code = std::fs::read_to_string(&file).unwrap();
        for used in uses_of(&code, &modules) {
            if used != top && layer_of(&used).is_none_or(|l| l >= own) {
                wrong.push(format!("{} uses {used}", rel.display()));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "a module uses one of its own layer or above (move the shared part down, or the module up):\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_check_sees_uses() {
    let modules: Vec<String> = ["model", "forms", "terminal"].map(String::from).to_vec();
    let code =
        "use crate::{model::{raw::Cell, Key}, forms};\n// crate::ingest in a comment\ncrate::say!(\"x\");";
    let found: Vec<String> = uses_of(code, &modules).into_iter().collect();
    assert_eq!(found, ["forms", "model", "terminal"]);
}
