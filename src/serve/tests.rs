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

fn block_on<F: std::future::Future>(test: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(test)
}

/// A JSON request as the page sends it.
fn json_request(method: &str, uri: &str, cookie: &str, body: &str) -> Request<Body> {
    let mut r = request(method, uri, Some(cookie), Body::from(body.to_string()));
    r.headers_mut()
        .insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
    r
}

async fn json_of(response: Response) -> serde_json::Value {
    let bytes = to_bytes(response.into_body(), 64 << 20).await.unwrap();
    serde_json::from_slice(&bytes).unwrap()
}

#[test]
fn an_upload_through_the_router_is_checked_as_check_checks_it() {
    block_on(async {
        let app = app();
        let mut service = router(app.clone());

        // No session, no page: the printed token opens one, once.
        let refused = service.call(request("GET", "/api/state", None, Body::empty()));
        assert_eq!(refused.await.unwrap().status(), StatusCode::FORBIDDEN);
        let cookie = login(&app, &mut service).await;
        let token_uri = format!("/?token={}", app.secrets.token());
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
            format!("multipart/form-data; boundary={boundary}")
                .parse()
                .unwrap(),
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

/// Files sent as the page sends them: each with its browser path (folder/name), one request.
fn upload_request(cookie: &str, uri: &str, files: &[(&str, Vec<u8>)]) -> Request<Body> {
    let boundary = "cmsheets-router-test";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .into_bytes(),
        );
        body.extend(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").into_bytes());
    let mut r = request("POST", uri, Some(cookie), Body::from(body));
    r.headers_mut().insert(
        header::CONTENT_TYPE,
        format!("multipart/form-data; boundary={boundary}")
            .parse()
            .unwrap(),
    );
    r
}

async fn login(app: &Arc<App>, service: &mut axum::Router) -> String {
    let token_uri = format!("/?token={}", app.secrets.token());
    let opened = service
        .call(request("GET", &token_uri, None, Body::empty()))
        .await
        .unwrap();
    opened.headers()[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string()
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

fn labels(state: &serde_json::Value) -> Vec<String> {
    state["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["label"].as_str().unwrap().to_string())
        .collect()
}

/// The everyday loop: a file fixed in Excel and picked again replaces the old one (no duplicate
/// cases), is read again alone, and a file of another folder with the same name is added beside
/// it and told apart; ✕ takes a file out; a new 基準日 checks again; nothing changes while a job
/// runs; a tab that has seen the state gets only the jobs.
#[test]
fn a_file_picked_again_replaces_the_old_one_and_only_it_is_read_again() {
    block_on(async {
        let app = app();
        let mut service = router(app.clone());
        let cookie = login(&app, &mut service).await;
        let as_of = NaiveDate::from_ymd_opt(2025, 11, 30).unwrap();
        let root = env!("CARGO_MANIFEST_DIR");
        let library = |paths: &[&str], as_of| {
            let paths: Vec<std::path::PathBuf> =
                paths.iter().map(|p| format!("{root}/{p}").into()).collect();
            let loaded = crate::pipeline::load_and_check(&paths, as_of);
            serde_json::to_value(loaded.check_report(as_of)).unwrap()
        };

        // Three 様式ブック and the planted-mistakes intake under the name of the fixed one.
        let books = [
            (
                "北区/office-a.xlsx",
                "tests/fixtures/formbook/office-a.xlsx",
            ),
            (
                "北区/office-b.xlsx",
                "tests/fixtures/formbook/office-b.xlsx",
            ),
            (
                "北区/office-c.xlsx",
                "tests/fixtures/formbook/office-c.xlsx",
            ),
        ];
        let mut files: Vec<(&str, Vec<u8>)> = books.iter().map(|(n, p)| (*n, read(p))).collect();
        files.push(("intake.xlsx", read("samples/invalid/intake.xlsx")));
        let r = service
            .call(upload_request(&cookie, "/api/upload", &files))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let first = json_of(r).await;
        assert!(first["check"]["errors"].as_u64().unwrap() > 0);
        assert_eq!(app.workspace().reads, 4);
        assert_eq!(first["files"][0]["folder"], "北区");

        // Fixed in Excel and picked again: the same place, no duplicates, only it read again.
        let fixed = [("intake.xlsx", read("samples/intake.xlsx"))];
        let r = service
            .call(upload_request(&cookie, "/api/upload", &fixed))
            .await
            .unwrap();
        let state = json_of(r).await;
        assert_eq!(state["replaced"], 1);
        assert_eq!(app.workspace().reads, 5, "one file read again, not four");
        assert_eq!(labels(&state).len(), 4);
        let expected = library(
            &[
                "tests/fixtures/formbook/office-a.xlsx",
                "tests/fixtures/formbook/office-b.xlsx",
                "tests/fixtures/formbook/office-c.xlsx",
                "samples/intake.xlsx",
            ],
            as_of,
        );
        assert_eq!(state["check"]["errors"], expected["errors"]);
        assert_eq!(state["check"]["warnings"], expected["warnings"]);
        assert_eq!(state["check"]["cases"], expected["cases"]);

        // Another office's intake.xlsx, added beside it: told apart by a number everywhere.
        let other = [("intake.xlsx", read("samples/intake.xlsx"))];
        let r = service
            .call(upload_request(&cookie, "/api/upload?mode=add", &other))
            .await
            .unwrap();
        let state = json_of(r).await;
        assert_eq!(
            labels(&state),
            [
                "office-a.xlsx",
                "office-b.xlsx",
                "office-c.xlsx",
                "intake.xlsx",
                "intake (2).xlsx"
            ]
        );
        let in_second = state["check"]["findings"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["location"]["file"] == "intake (2).xlsx")
            .count();
        assert!(in_second > 0, "the duplicates point at the second file");

        // ✕ on the second: the set and its check are as before, nothing read again.
        let second = state["files"][4]["id"].as_u64().unwrap();
        let r = service
            .call(request(
                "DELETE",
                &format!("/api/files/{second}"),
                Some(&cookie),
                Body::empty(),
            ))
            .await
            .unwrap();
        let state = json_of(r).await;
        assert_eq!(labels(&state).len(), 4);
        assert_eq!(state["check"]["errors"], expected["errors"]);
        assert_eq!(app.workspace().reads, 6, "only the added file was read");

        // A new 基準日: checked again with it, as check --as-of does.
        let later = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let r = json_request("POST", "/api/as_of", &cookie, r#"{"as_of":"2026-03-31"}"#);
        let state = json_of(service.call(r).await.unwrap()).await;
        let expected = library(
            &[
                "tests/fixtures/formbook/office-a.xlsx",
                "tests/fixtures/formbook/office-b.xlsx",
                "tests/fixtures/formbook/office-c.xlsx",
                "samples/intake.xlsx",
            ],
            later,
        );
        assert_eq!(state["check"]["as_of"], "2026-03-31");
        assert_eq!(state["check"]["warnings"], expected["warnings"]);
        assert_eq!(app.workspace().reads, 6, "a new 基準日 reads nothing again");

        // A tab that has seen this version gets only the jobs.
        let version = state["version"].as_u64().unwrap();
        let r = service
            .call(request(
                "GET",
                &format!("/api/state?since={version}"),
                Some(&cookie),
                Body::empty(),
            ))
            .await
            .unwrap();
        let small = json_of(r).await;
        assert_eq!(small["unchanged"], true);
        assert!(small.get("check").is_none());

        // While a job runs: no upload, no ✕, no second job; each said so.
        app.workspace()
            .add_job(super::jobs::Job::new(super::jobs::JobKind::Report));
        let r = service
            .call(upload_request(&cookie, "/api/upload", &fixed))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(json_of(r).await["error"]
            .as_str()
            .unwrap()
            .contains("作成しています"));
        let r = json_request("POST", "/api/jobs", &cookie, r#"{"kind":"forms"}"#);
        let r = service.call(r).await.unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        assert!(json_of(r).await["error"]
            .as_str()
            .unwrap()
            .contains("集計ブック"));
        let first_id = state["files"][0]["id"].as_u64().unwrap();
        let r = service
            .call(request(
                "DELETE",
                &format!("/api/files/{first_id}"),
                Some(&cookie),
                Body::empty(),
            ))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::CONFLICT);
        app.close();
    });
}

/// The CSV files of one folder, sent in one request, are one intake (read as `check DIR` reads
/// the folder), and one of them picked again is put in its place in that intake.
#[test]
fn the_csv_files_of_one_folder_are_one_intake() {
    block_on(async {
        let app = app();
        let mut service = router(app.clone());
        let cookie = login(&app, &mut service).await;
        let dir = format!("{}/samples/csv", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let files: Vec<(String, Vec<u8>)> = names
            .iter()
            .map(|n| {
                (
                    format!("csv/{n}"),
                    std::fs::read(format!("{dir}/{n}")).unwrap(),
                )
            })
            .collect();
        let refs: Vec<(&str, Vec<u8>)> =
            files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
        let r = service
            .call(upload_request(&cookie, "/api/upload", &refs))
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::OK);
        let state = json_of(r).await;
        let as_of = NaiveDate::from_ymd_opt(2025, 11, 30).unwrap();
        let library = crate::pipeline::load_and_check(&[dir.clone().into()], as_of);
        let expected = serde_json::to_value(library.check_report(as_of)).unwrap();
        assert_eq!(
            state["check"]["inputs"].as_array().unwrap().len(),
            1,
            "{}",
            state["check"]["inputs"]
        );
        assert_eq!(state["check"]["errors"], expected["errors"]);
        assert_eq!(state["check"]["warnings"], expected["warnings"]);
        assert_eq!(state["check"]["cases"], expected["cases"]);
        assert_eq!(labels(&state).len(), names.len());

        let needs = files
            .iter()
            .find(|(n, _)| n.ends_with("ニーズ.csv"))
            .unwrap();

        // A send that breaks off after a new ニーズ.csv has arrived changes nothing: the old
        // one is still there, and so are the findings.
        let boundary = "cmsheets-router-test";
        let mut body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{}\"\r\n\r\n",
            needs.0
        )
        .into_bytes();
        body.extend("\u{feff}ケースID\r\nbroken\r\n".as_bytes());
        body.extend(
            format!(
                "\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"csv/x.csv\"\r\n\r\nabc"
            )
            .into_bytes(),
        );
        let mut broken = request("POST", "/api/upload", Some(&cookie), Body::from(body));
        broken.headers_mut().insert(
            header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}")
                .parse()
                .unwrap(),
        );
        let r = service.call(broken).await.unwrap();
        assert_eq!(r.status(), StatusCode::BAD_REQUEST);
        let r = service
            .call(request("GET", "/api/state", Some(&cookie), Body::empty()))
            .await
            .unwrap();
        let after = json_of(r).await;
        assert_eq!(after["check"]["findings"], state["check"]["findings"]);
        assert_eq!(labels(&after).len(), names.len());
        let version = after["version"].as_u64().unwrap();
        // Checked again, the set reads as before: the old ニーズ.csv was not overwritten.
        let r = service
            .call(json_request(
                "POST",
                "/api/as_of",
                &cookie,
                r#"{"as_of":"2025-11-30"}"#,
            ))
            .await
            .unwrap();
        let rechecked = json_of(r).await;
        assert!(rechecked["version"].as_u64().unwrap() > version);
        assert_eq!(rechecked["check"]["findings"], state["check"]["findings"]);
        assert_eq!(
            rechecked["check"]["inputs"], state["check"]["inputs"],
            "every row read again, ニーズ.csv's too"
        );
        assert_eq!(rechecked["check"]["errors"], expected["errors"]);
        let r = service
            .call(upload_request(
                &cookie,
                "/api/upload",
                &[(needs.0.as_str(), needs.1.clone())],
            ))
            .await
            .unwrap();
        let again = json_of(r).await;
        assert_eq!(again["replaced"], 1);
        assert_eq!(labels(&again).len(), names.len());
        assert_eq!(again["check"]["inputs"].as_array().unwrap().len(), 1);
        assert_eq!(again["check"]["errors"], expected["errors"]);
        app.close();
    });
}
