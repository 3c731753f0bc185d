//! The command line on real files, one module per subject: every command run as a user runs it
//! (the binary, on the samples, the shared corpus and fixtures made by office software), and
//! what it writes read back. One test binary, so the crate is linked once for all of them.
//!
//!   cargo test --test cli                 # all of them
//!   cargo test --test cli golden::        # one subject

#[path = "../support/mod.rs"]
mod common;

mod check;
mod draft;
mod formbook;
mod formbook_layouts;
mod golden;
mod names;
mod packet;
mod render;
mod report;
mod schedule;
mod summary_pdf;
mod templates;
