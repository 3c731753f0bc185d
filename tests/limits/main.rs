//! Hostile and huge inputs, bounded: each test runs the binary with limits on time and memory
//! (and checks what it must never do: write over an input, block, hang, print a control
//! character). Apart from `cli` so that its timings are not measured beside the PDF renders.
//!
//!   cargo test --test limits

#[path = "../support/mod.rs"]
mod common;

mod hostile;
mod robustness;
