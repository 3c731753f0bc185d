//! A workbook file of any bytes: the first byte picks the extension (xlsx, ods, xls, xlsm),
//! the rest is the file. Read as `check` reads it (tabular intake or 様式ブック, told apart by
//! the content), it gives findings, never a panic; an unreadable file has an E001 naming it.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const NAMES: [&str; 4] = ["x.xlsx", "x.ods", "x.xls", "x.xlsm"];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    common::read_as(NAMES[pick as usize % NAMES.len()], bytes);
});
