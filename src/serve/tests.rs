//! The page's server in process, through its router: what needs no real socket (the session, an
//! upload checked as `check` checks it, the state a reload reads) is tested here without starting
//! the binary. tests/serve.rs keeps what is about the process and the wire: foreign Host and
//! Origin headers on a real connection, the private folder at exit, and a real browser.

use super::routes::{router, App};
use super::Settings;
use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::response::Response;
use chrono::NaiveDate;
use std::sync::Arc;
use tower_service::Service;

const PORT: u16 = 48_213;

fn app() -> Arc<App> {
    let settings = Settings {
        port: Some(PORT),
        open_browser: false,
        max_upload_bytes: 64 << 20,
        print: Default::default(),
        as_of: NaiveDate::from_ymd_opt(2025, 11, 30),
    };
    Arc::new(App::new(PORT, &settings))
}

/// A request as our own page sends it: our Host, our Origin, and the session once there is one.
fn request(method: &str, uri: &str, cookie: Option<&str>, body: Body) -> Request<Body> {
    let host = format!("127.0.0.1:{PORT}");
    let mut r = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, &host)
        .header(header::ORIGIN, format!("http://{host}"));
    if let Some(cookie) = cookie {
        r = r.header(header::COOKIE, cookie);
    }
    r.body(body).unwrap()
}

async fn json_of(response: Response) -> serde_json::Value {
    let bytes = to_bytes(response.into_body(), 64 << 20).await.unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn an_upload_through_the_router_is_checked_as_check_checks_it() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let app = app();
        let mut service = router(app.clone());

        // No session, no page: the printed token opens one, once.
        let refused = service.call(request("GET", "/api/state", None, Body::empty()));
        assert_eq!(refused.await.unwrap().status(), StatusCode::FORBIDDEN);
        let token_uri = format!("/?token={}", app.secrets.token());
        let opened = service
            .call(request("GET", &token_uri, None, Body::empty()))
            .await
            .unwrap();
        let cookie = opened.headers()[header::SET_COOKIE]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_string();
        let again = service.call(request("GET", &token_uri, None, Body::empty()));
        assert_eq!(again.await.unwrap().status(), StatusCode::FORBIDDEN);

        // The planted mistakes uploaded: the same counts, findings and cells as the library's check.
        let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/invalid/intake.xlsx");
        let boundary = "cmsheets-router-test";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"intake.xlsx\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        body.extend(std::fs::read(sample).unwrap());
        body.extend(format!("\r\n--{boundary}--\r\n").into_bytes());
        let mut upload = request("POST", "/api/upload", Some(&cookie), Body::from(body));
        upload.headers_mut().insert(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}").parse().unwrap(),
        );
        let uploaded = service.call(upload).await.unwrap();
        assert_eq!(uploaded.status(), StatusCode::OK);
        let page = json_of(uploaded).await;
        let as_of = NaiveDate::from_ymd_opt(2025, 11, 30).unwrap();
        let library = crate::pipeline::load_and_check(&[sample.into()], as_of);
        let expected = serde_json::to_value(library.check_report(as_of)).unwrap();
        let findings = expected["findings"].as_array().map_or(0, Vec::len);
        assert!(findings > 10, "the planted mistakes: {expected}");
        assert_eq!(page["check"]["errors"], expected["errors"]);
        assert_eq!(page["check"]["warnings"], expected["warnings"]);
        assert_eq!(page["check"]["cases"], expected["cases"]);
        assert_eq!(page["check"]["findings"], expected["findings"]);
        assert_eq!(
            page["case_list"].as_array().map(Vec::len),
            expected["cases"].as_u64().map(|n| n as usize)
        );

        // A reload (or a second tab) reads the same state.
        let state = service
            .call(request("GET", "/api/state", Some(&cookie), Body::empty()))
            .await
            .unwrap();
        assert_eq!(state.status(), StatusCode::OK);
        assert_eq!(json_of(state).await["check"], page["check"]);
        app.close();
    });
}
