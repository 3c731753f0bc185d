//! A CSV file of any bytes, named after one of the nine sheets (Japanese name or English key,
//! chosen by the first byte; the rest is the file): decoding never panics, and the full read
//! path (`read_inputs` + `model::load`) gives findings, never a panic.
#![no_main]

use cmsheets::contract::sheets::Sheet;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let sheet = Sheet::ALL[pick as usize % Sheet::ALL.len()];
    let _ = cmsheets::ingest::csv::decode(bytes, Some(Sheet::Needs));
    if sheet != Sheet::Needs {
        let _ = cmsheets::ingest::csv::decode(bytes, Some(sheet));
    }
    let stem = if (pick as usize / Sheet::ALL.len()) % 2 == 0 {
        sheet.ja()
    } else {
        sheet.key()
    };
    common::read_as(&format!("{stem}.csv"), bytes);
});
