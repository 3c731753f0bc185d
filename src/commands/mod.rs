//! One module per subcommand. Each returns the exit status: 0 done (warnings allowed), 1 done but
//! with errors found or cases skipped, 2 could not run.

pub mod check;
pub mod convert;
pub mod packet;
pub mod render;
pub mod report;
pub mod template;

pub const EXIT_OK: u8 = 0;
pub const EXIT_FINDINGS: u8 = 1;
pub const EXIT_FAILED: u8 = 2;
