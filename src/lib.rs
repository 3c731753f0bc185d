//! cmsheets: ケースマネジメント様式（別紙1〜4）の取り込み・点検・印刷・集計.
//!
//! The pipeline reads as ingest → model → validate → forms/typeset (render, packet) or report.
//! `commands` holds one module per subcommand; `cli` only parses flags.

pub mod batch;
pub mod cli;
pub mod commands;
pub mod contract;
pub mod export;
pub mod finding;
pub mod forms;
pub mod glyphs;
pub mod ingest;
pub mod interrupt;
#[cfg(test)]
mod layers;
pub mod memory;
pub mod model;
pub mod outcome;
pub mod output;
pub mod panics;
pub mod parallel;
pub mod pipeline;
pub mod print;
pub mod progress;
pub mod report;
pub mod schedule;
pub mod schedule_pdf;
pub mod serve;
pub mod terminal;
pub mod typeset;
pub mod validate;
