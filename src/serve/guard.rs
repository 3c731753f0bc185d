//! Who may talk to the server, checked on every request before any handler runs:
//! - the Host header must name the loopback address and our port (a page on another site that
//!   rebinds its DNS name to 127.0.0.1 sends its own name: refused);
//! - the printed one-time token is exchanged once for a session cookie (HttpOnly, SameSite=Strict),
//!   and every other request must carry that cookie;
//! - a request that changes anything (POST, DELETE) must come from our own page's Origin.
//!
//! Every response carries a strict Content-Security-Policy and is never cached.

use super::routes::App;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const COOKIE: &str = "cmsheets_session";

/// Scripts, styles and images from the page itself only; no inline script; frames only of our
/// own PDFs (the preview, handed to the frame as a blob); nothing else may frame the page.
const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; \
    connect-src 'self'; frame-src 'self' blob:; object-src 'self' blob:; base-uri 'none'; form-action 'none'; \
    frame-ancestors 'self'";

pub struct Secrets {
    token: String,
    token_used: AtomicBool,
    session: String,
}

/// `bytes` random bytes from the operating system, as hex.
fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    // Without the OS's randomness there is no secret worth the name: not starting is right.
    getrandom::fill(&mut buf).expect("the operating system's random number generator");
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares secrets in time independent of where they differ.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl Secrets {
    pub fn new() -> Secrets {
        Secrets {
            token: random_hex(24),
            token_used: AtomicBool::new(false),
            session: random_hex(32),
        }
    }

    pub fn token(&self) -> &str {
        &self.token
    }

    /// True once for the right token: later uses (a copied address, the browser's history) fail.
    fn exchange(&self, offered: &str) -> bool {
        same_secret(offered, &self.token) && !self.token_used.swap(true, Ordering::SeqCst)
    }

    fn has_session(&self, headers: &HeaderMap) -> bool {
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|kv| kv.trim().split_once('='))
            .any(|(k, v)| k == COOKIE && same_secret(v, &self.session))
    }
}

fn loopback_names(port: u16) -> [String; 2] {
    [format!("127.0.0.1:{port}"), format!("localhost:{port}")]
}

fn host_ok(headers: &HeaderMap, port: u16) -> bool {
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| {
            loopback_names(port)
                .iter()
                .any(|n| n.eq_ignore_ascii_case(h))
        })
}

fn origin_ok(headers: &HeaderMap, port: u16) -> bool {
    headers
        .get(header::ORIGIN)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|o| {
            loopback_names(port)
                .iter()
                .any(|n| o.eq_ignore_ascii_case(&format!("http://{n}")))
        })
}

fn token_in_query(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == "token")
        .map(|(_, v)| v)
}

/// A refusal: JSON for the page's scripts, a short Japanese page for the browser.
pub fn refuse(status: StatusCode, message: &str, api: bool) -> Response {
    if api {
        (status, axum::Json(serde_json::json!({ "error": message }))).into_response()
    } else {
        let html = format!(
            "<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\"><title>cmsheets</title>\
             <body style=\"font-family:sans-serif;margin:3em;font-size:18px\"><h1>cmsheets</h1><p>{message}</p></body></html>"
        );
        (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response()
    }
}

const ASK_FOR_THE_ADDRESS: &str =
    "このページを開くには、cmsheets serve を起動したときに表示されたアドレスを開いてください。\
    アドレスは一度しか使えません。開けないときは cmsheets serve を終了して起動し直してください。";

pub async fn guard(State(app): State<Arc<App>>, req: Request, next: Next) -> Response {
    let api = req.uri().path().starts_with("/api/");
    let mut response = if !host_ok(req.headers(), app.port) {
        refuse(
            StatusCode::FORBIDDEN,
            "このアドレスでは開けません。http://127.0.0.1 で始まるアドレスを使ってください。",
            api,
        )
    } else if let Some(offered) = token_in_query(req.uri().query()) {
        if req.method() == Method::GET && app.secrets.exchange(offered) {
            let cookie = format!(
                "{COOKIE}={}; HttpOnly; SameSite=Strict; Path=/",
                app.secrets.session
            );
            (
                StatusCode::SEE_OTHER,
                [
                    (header::LOCATION, "/".to_string()),
                    (header::SET_COOKIE, cookie),
                ],
            )
                .into_response()
        } else if app.secrets.has_session(req.headers()) {
            // The same browser reloading the printed address: it already has its session.
            (StatusCode::SEE_OTHER, [(header::LOCATION, "/")]).into_response()
        } else {
            refuse(StatusCode::FORBIDDEN, ASK_FOR_THE_ADDRESS, api)
        }
    } else if !app.secrets.has_session(req.headers()) {
        refuse(StatusCode::FORBIDDEN, ASK_FOR_THE_ADDRESS, api)
    } else if !matches!(*req.method(), Method::GET | Method::HEAD)
        && !origin_ok(req.headers(), app.port)
    {
        refuse(
            StatusCode::FORBIDDEN,
            "ほかのページからの操作は受け付けません。",
            api,
        )
    } else {
        app.touch();
        next.run(req).await
    };
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        header::X_FRAME_OPTIONS,
        HeaderValue::from_static("SAMEORIGIN"),
    );
    if !h.contains_key(header::CACHE_CONTROL) {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_good_once() {
        let s = Secrets::new();
        let t = s.token().to_string();
        assert!(!s.exchange("0"));
        assert!(s.exchange(&t));
        assert!(!s.exchange(&t));
    }

    #[test]
    fn only_the_session_cookie_passes() {
        let s = Secrets::new();
        let mut h = HeaderMap::new();
        assert!(!s.has_session(&h));
        h.insert(
            header::COOKIE,
            format!("a=b; {COOKIE}={}x", s.session).parse().unwrap(),
        );
        assert!(!s.has_session(&h));
        h.insert(
            header::COOKIE,
            format!("a=b; {COOKIE}={}", s.session).parse().unwrap(),
        );
        assert!(s.has_session(&h));
    }

    #[test]
    fn host_and_origin_must_be_our_loopback_port() {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, "127.0.0.1:8470".parse().unwrap());
        h.insert(header::ORIGIN, "http://localhost:8470".parse().unwrap());
        assert!(host_ok(&h, 8470) && origin_ok(&h, 8470));
        assert!(!host_ok(&h, 8471) && !origin_ok(&h, 8471));
        h.insert(header::HOST, "evil.example:8470".parse().unwrap());
        h.insert(header::ORIGIN, "http://evil.example:8470".parse().unwrap());
        assert!(!host_ok(&h, 8470) && !origin_ok(&h, 8470));
    }
}
