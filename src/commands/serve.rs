//! `cmsheets serve`: the local web page (see [`crate::serve`]).

use super::{Failure, Outcome};
use crate::cli::ServeArgs;
use crate::serve::{self, Settings};

pub fn run(args: &ServeArgs) -> Result<Outcome, Failure> {
    let settings = Settings {
        port: args.port,
        open_browser: !args.no_open,
        max_upload_bytes: args.max_upload_mb.saturating_mul(1024 * 1024),
        print: args.print.options(),
        as_of: args.common.as_of,
    };
    serve::run(settings)
        .map(|()| Outcome::Done)
        .map_err(|e| Failure(e.to_string()))
}
