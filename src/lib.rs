//! cmsheets: ケースマネジメント様式（別紙1〜4）の取り込み・点検・印刷・集計.
//!
//! The pipeline reads as ingest → model → validate → forms/typeset (render, packet) or report.
//! `commands` holds one module per subcommand; `cli` only parses flags.

pub(crate) mod batch;
pub(crate) mod cli;
pub mod commands;
pub mod contract;
pub mod export;
pub mod finding;
pub(crate) mod forms;
pub mod glyphs;
pub mod ingest;
pub(crate) mod interrupt;
#[cfg(test)]
mod layers;
pub(crate) mod memory;
pub mod model;
pub(crate) mod outcome;
pub mod output;
pub(crate) mod panics;
pub(crate) mod parallel;
pub mod pipeline;
pub(crate) mod plan_cycle;
pub(crate) mod print;
pub(crate) mod progress;
pub mod report;
pub(crate) mod schedule;
pub(crate) mod schedule_pdf;
pub(crate) mod serve;
pub(crate) mod terminal;
pub mod typeset;
pub(crate) mod validate;
