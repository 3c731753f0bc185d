//! `cmsheets serve`: the local web page (see [`crate::serve`]).

use super::{EXIT_FAILED, EXIT_OK};
use crate::cli::ServeArgs;
use crate::serve::{self, Settings};

pub fn run(args: &ServeArgs) -> u8 {
    let settings = Settings {
        port: args.port,
        open_browser: !args.no_open,
        max_upload_bytes: args.max_upload_mb.saturating_mul(1024 * 1024),
        print: args.print.options(),
        as_of: args.common.as_of,
    };
    match serve::run(settings) {
        Ok(()) => EXIT_OK,
        Err(e) => {
            crate::say!("エラー: {e}");
            EXIT_FAILED
        }
    }
}
