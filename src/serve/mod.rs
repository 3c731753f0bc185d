//! `cmsheets serve`: the whole tool as a local web page, for office staff who never open a
//! terminal. It is a second thin caller of the library: uploads are read by the same readers and
//! checks (one input at a time, so that a replaced file is read again alone), PDFs made by the
//! same [`crate::print`] plans and [`crate::batch`] runner, the 集計ブック, 見直し予定 and
//! 様式ブック by the same functions as the subcommands.
//!
//! The data is 要配慮個人情報, so the server listens on 127.0.0.1 only, answers only requests that
//! carry the session cookie (exchanged once for the printed one-time token), checks Host and
//! Origin, keeps uploads and results in one private temporary folder that is removed when the
//! page clears them, after [`workspace::IDLE_CLEAR`] without a request, and at exit, and prints nothing
//! about the data it handles.

mod arrival;
mod assets;
mod guard;
mod jobs;
mod outputs;
mod routes;
#[cfg(test)]
mod tests;
mod workspace;
mod zip;

use crate::forms::PrintOptions;
use chrono::NaiveDate;
use std::future::IntoFuture;
use std::net::{Ipv4Addr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::time::Duration;

/// The port tried first: fixed, so that a bookmark keeps working (the token does not, by design).
pub const DEFAULT_PORT: u16 = 8470;
/// How many ports after the default are tried when it is taken.
const PORT_TRIES: u16 = 20;
/// The default limit of one upload: a prefecture's yearly intake is tens of MB; more is a
/// mistake (a folder of scans, say) better refused at once than read for minutes.
pub const DEFAULT_MAX_UPLOAD_MB: usize = 200;

pub struct Settings {
    /// None: [`DEFAULT_PORT`] or the next free one. Some(0): any free port (tests).
    pub port: Option<u16>,
    pub open_browser: bool,
    pub max_upload_bytes: usize,
    pub print: PrintOptions,
    /// 基準日 of the checks when the page does not give one (None: today).
    pub as_of: Option<NaiveDate>,
}

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error(
        "ポート {0} から {1} までがすべて使用中です。--port で空いているポートを指定してください。"
    )]
    NoFreePort(u16, u16),
    #[error("ポート {0} を開けません（{1}）。--port で別のポートを指定してください。")]
    Bind(u16, std::io::Error),
    #[error("サーバーを起動できません（{0}）。")]
    Runtime(std::io::Error),
}

fn bind(port: Option<u16>) -> Result<TcpListener, ServeError> {
    let at = |p: u16| TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, p)));
    match port {
        Some(p) => at(p).map_err(|e| ServeError::Bind(p, e)),
        None => (DEFAULT_PORT..DEFAULT_PORT + PORT_TRIES)
            .find_map(|p| at(p).ok())
            .ok_or(ServeError::NoFreePort(
                DEFAULT_PORT,
                DEFAULT_PORT + PORT_TRIES - 1,
            )),
    }
}

/// Opens the page in the user's default browser; failing that, the printed address still works.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    let spawned = cmd
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if spawned.is_err() {
        eprintln!("ブラウザを開けませんでした。上のアドレスをブラウザに貼り付けてください。");
    }
}

/// Runs the server until Ctrl+C (or SIGTERM); the temporary folder is gone when this returns.
pub fn run(settings: Settings) -> Result<(), ServeError> {
    let listener = bind(settings.port)?;
    let port = listener.local_addr().map_err(ServeError::Runtime)?.port();
    listener
        .set_nonblocking(true)
        .map_err(ServeError::Runtime)?;
    // Folders of a server killed before it could remove them (only ours, by their marker).
    workspace::sweep_leftovers(&std::env::temp_dir());
    let app = Arc::new(routes::App::new(port, &settings));
    let url = format!("http://127.0.0.1:{port}/?token={}", app.secrets.token());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let stopping = Arc::new(tokio::sync::Notify::new());
    let served = runtime.block_on(async {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        println!(
            "cmsheets serve: ブラウザで次のアドレスを開いてください（このPCの中だけで使えます）"
        );
        println!("{url}");
        println!("終了するには Ctrl+C を押してください。");
        if settings.open_browser {
            open_browser(&url);
        }
        tokio::spawn(routes::clear_when_idle(app.clone()));
        let signal = {
            let stopping = stopping.clone();
            async move {
                shutdown_signal().await;
                // The last resort, if what follows hangs: the process still ends within 2 s,
                // its folders removed (see crate::interrupt).
                crate::interrupt::watchdog(
                    Duration::from_millis(1900),
                    crate::outcome::Outcome::Interrupted.code(),
                );
                stopping.notify_one();
            }
        };
        let server = axum::serve(listener, routes::router(app.clone()))
            .with_graceful_shutdown(signal)
            .into_future();
        // A request still open (an upload on a slow line) is given half a second, not more:
        // Ctrl+C ends the server within 2 s.
        let grace = async {
            stopping.notified().await;
            tokio::time::sleep(Duration::from_millis(500)).await;
        };
        tokio::select! {
            served = server => served,
            () = grace => Ok(()),
        }
    });
    // Running jobs start no further case and can no longer write (a job's write would make the
    // folder again); the folder goes whatever they are doing.
    crate::interrupt::close();
    app.close();
    // A check still reading is not waited for: its result has nowhere to go.
    runtime.shutdown_timeout(Duration::from_millis(100));
    println!("cmsheets serve を終了しました（一時ファイルは削除しました）。");
    served.map_err(ServeError::Runtime)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
