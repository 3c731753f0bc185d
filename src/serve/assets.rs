//! The page itself: HTML, CSS, script and icon, compiled into the binary so that nothing is
//! fetched from anywhere.

use axum::http::header;
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");
const ICON: &str = include_str!("assets/icon.svg");

fn asset(body: &'static str, content_type: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type)], body).into_response()
}

pub async fn index() -> Response {
    asset(INDEX, "text/html; charset=utf-8")
}

pub async fn script() -> Response {
    asset(SCRIPT, "text/javascript; charset=utf-8")
}

pub async fn style() -> Response {
    asset(STYLE, "text/css; charset=utf-8")
}

/// The 読み取り結果 page's style, with the served BIZ UDゴシック (the page may have no inline style).
pub async fn inspect_style() -> Response {
    static CSS: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let css = CSS.get_or_init(|| {
        format!(
            "@font-face {{ font-family: \"BIZ UDゴシック\"; src: url(\"/fonts/gothic.ttf\") format(\"truetype\"); }}\n{}",
            crate::forms::book::inspect::stylesheet()
        )
    });
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        css.as_str(),
    )
        .into_response()
}

pub async fn icon() -> Response {
    asset(ICON, "image/svg+xml")
}

/// BIZ UDゴシック, the same font the forms print with (embedded for Typst already). A font holds
/// nothing personal, so the browser may keep it for the day instead of reloading 9 MB per page.
fn font(bytes: &'static [u8]) -> Response {
    (
        [
            (header::CONTENT_TYPE, "font/ttf"),
            (header::CACHE_CONTROL, "private, max-age=86400"),
        ],
        bytes,
    )
        .into_response()
}

pub async fn gothic() -> Response {
    font(crate::glyphs::GOTHIC)
}

pub async fn gothic_bold() -> Response {
    font(crate::glyphs::GOTHIC_BOLD)
}
