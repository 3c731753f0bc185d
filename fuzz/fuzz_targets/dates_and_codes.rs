//! Any UTF-8 text as a date and as every code list: never a panic; a date that parses prints
//! back (和暦 and western) and reads back as the same day.
#![no_main]

use cmsheets::contract::codes::*;
use cmsheets::contract::date::{format_date, parse_date, DateStyle};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|s: &str| {
    if let Ok(date) = parse_date(s) {
        for style in [DateStyle::Wareki, DateStyle::Western] {
            let printed = format_date(date, style);
            assert_eq!(parse_date(&printed), Ok(date), "{s:?} printed as {printed:?}");
        }
    }
    // The parsers of tests/limits/robustness.rs `code_parsers_never_panic`, and the other code lists.
    let _ = (
        Answer::parse(s),
        Evaluation::parse(s),
        Relation::parse(s),
        Timing::parse_with_months(s),
        Frequency::parse(s),
        item_index(s),
    );
    let _ = (
        ReviewKind::parse(s),
        Setting::parse(s),
        GoalMet::parse(s),
        YesNo::parse(s),
        Place::parse(s),
        CrisisSection::parse(s),
    );
});
