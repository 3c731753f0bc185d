//! 様式ブック (spec/formbook.md): one person's workbook with each form on its own sheet, laid out
//! like the paper. `labels` holds the forms' words that both the reader
//! (`ingest::formbook`) and the writer (`write`) use; `inspect` draws how a book was read.

pub mod inspect;
pub mod labels;
pub mod write;

pub use write::{blank_workbook, filled_workbook};
