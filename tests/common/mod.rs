//! Helpers shared by the integration tests: run the binary, find fixtures, make temp dirs.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn fixture(rel: &str) -> PathBuf {
    root().join("tests/fixtures").join(rel)
}

pub fn sample(rel: &str) -> PathBuf {
    root().join("samples").join(rel)
}

/// The date the samples are checked against (they hold no event after it).
pub const AS_OF: &str = "2025-11-30";

pub fn cmsheets<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<std::ffi::OsStr>,
{
    Command::new(env!("CARGO_BIN_EXE_cmsheets"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `check --format json` parsed.
pub fn check_json(inputs: &[&Path]) -> (i32, serde_json::Value) {
    let mut args: Vec<std::ffi::OsString> = vec![
        "check".into(),
        "--format".into(),
        "json".into(),
        "--as-of".into(),
        AS_OF.into(),
    ];
    args.extend(inputs.iter().map(|p| p.as_os_str().to_owned()));
    let out = cmsheets(&args);
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("json: {e}\n{}", stderr(&out)));
    (out.status.code().unwrap_or(-1), json)
}

/// (code, location) of every finding.
pub fn codes_at(report: &serde_json::Value) -> Vec<(String, String)> {
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["location"]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// Every file below `dir`, relative path → bytes, for comparing whole output trees.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    fn walk(base: &Path, dir: &Path, out: &mut std::collections::BTreeMap<String, Vec<u8>>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap().to_string_lossy().into_owned();
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    walk(dir, dir, &mut out);
    out
}

pub fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("a temp dir")
}
