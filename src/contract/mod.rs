//! The intake contract (spec/intake.md, spec/formbook.md), declared once: the sheets and their
//! columns with headings and aliases, the code lists, how dates and texts are read, and the four
//! forms. A leaf: it imports nothing else of the crate, so every reader, check, writer and
//! template data builder depends on it and never the other way round.

pub mod codes;
mod columns;
pub mod date;
mod form;
mod keys;
pub mod sheets;
pub mod text;

pub use form::Form;
