//! `cmsheets serve` over real HTTP: the binary is started on a free port, and a small client
//! sends exactly the headers each test needs (a foreign Host, a missing Origin…).

#[path = "support/mod.rs"]
mod common;
use common::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    port: u16,
    token: String,
    /// The server's TMPDIR: its private folder is made here and must be gone after clear and exit.
    tmp: tempfile::TempDir,
    output: Arc<Mutex<String>>,
}

struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "{e}: {} {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = body.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&body[..line_end]).unwrap().trim(), 16)
                .unwrap();
        body = &body[line_end + 2..];
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&body[..size]);
        body = &body[size + 2..];
    }
}

/// One HTTP/1.1 request; `Host` is ours unless `headers` gives one.
fn http(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Response {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("the server listens");
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        req.push_str(&format!("Host: 127.0.0.1:{port}\r\n"));
    }
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    s.write_all(req.as_bytes()).unwrap();
    // The server may answer (413) before the whole body is sent.
    let _ = s.write_all(body);
    let mut raw = Vec::new();
    let _ = s.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response: {}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"))
    {
        body = dechunk(&body);
    }
    Response {
        status,
        headers,
        body,
    }
}

fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----cmsheets-test-boundary";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

impl Server {
    fn start(extra: &[&str]) -> Server {
        let tmp = tempdir();
        let mut child = cmsheets_command()
            .args(["serve", "--no-open", "--port", "0", "--as-of", AS_OF])
            .args(extra)
            .env("TMPDIR", tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let output = Arc::new(Mutex::new(String::new()));
        let (tx, rx) = std::sync::mpsc::channel();
        let stdout = child.stdout.take().unwrap();
        let out = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if line.starts_with("http://127.0.0.1:") {
                    let _ = tx.send(line.clone());
                }
                out.lock().unwrap().push_str(&format!("{line}\n"));
            }
        });
        let stderr = child.stderr.take().unwrap();
        let out = output.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                out.lock().unwrap().push_str(&format!("stderr: {line}\n"));
            }
        });
        let url = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server prints its address");
        let rest = url.strip_prefix("http://127.0.0.1:").unwrap();
        let (port, query) = rest.split_once("/?token=").unwrap();
        Server {
            child,
            port: port.parse().unwrap(),
            token: query.to_string(),
            tmp,
            output,
        }
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Exchanges the token for the session cookie.
    fn login(&self) -> String {
        let r = http(
            self.port,
            "GET",
            &format!("/?token={}", self.token),
            &[],
            b"",
        );
        assert_eq!(r.status, 303, "{}", r.text());
        let cookie = r
            .header("set-cookie")
            .expect("a session cookie")
            .to_string();
        assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
        cookie.split(';').next().unwrap().to_string()
    }

    fn get(&self, cookie: &str, path: &str) -> Response {
        http(self.port, "GET", path, &[("Cookie", cookie)], b"")
    }

    fn post_json(&self, cookie: &str, path: &str, body: &serde_json::Value) -> Response {
        let origin = self.origin();
        http(
            self.port,
            "POST",
            path,
            &[
                ("Cookie", cookie),
                ("Origin", &origin),
                ("Content-Type", "application/json"),
            ],
            body.to_string().as_bytes(),
        )
    }

    fn upload(&self, cookie: &str, files: &[&Path]) -> Response {
        let contents: Vec<(String, Vec<u8>)> = files
            .iter()
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(p).unwrap(),
                )
            })
            .collect();
        let parts: Vec<(&str, &[u8])> = contents
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        let (ctype, body) = multipart(&parts);
        let origin = self.origin();
        http(
            self.port,
            "POST",
            &format!("/api/upload?as_of={AS_OF}"),
            &[
                ("Cookie", cookie),
                ("Origin", &origin),
                ("Content-Type", &ctype),
            ],
            &body,
        )
    }

    /// Starts a job and waits for its file.
    fn make(&self, cookie: &str, request: serde_json::Value) -> (serde_json::Value, Vec<u8>) {
        let started = self.post_json(cookie, "/api/jobs", &request);
        assert_eq!(started.status, 200, "{}", started.text());
        let id = started.json()["id"].as_u64().unwrap();
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            let s = self.get(cookie, &format!("/api/jobs/{id}")).json();
            match s["state"].as_str().unwrap() {
                "running" => {
                    assert!(Instant::now() < deadline, "the job never ended");
                    std::thread::sleep(Duration::from_millis(100));
                }
                "done" => {
                    let file = self.get(cookie, s["url"].as_str().unwrap());
                    assert_eq!(file.status, 200);
                    assert!(file
                        .header("content-disposition")
                        .unwrap()
                        .starts_with("attachment"));
                    return (s, file.body);
                }
                _ => panic!("job failed: {s}"),
            }
        }
    }

    /// The files left in the server's TMPDIR.
    fn leftovers(&self) -> Vec<PathBuf> {
        let mut out = Vec::new();
        fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                out.push(e.path());
                if e.path().is_dir() {
                    walk(&e.path(), out);
                }
            }
        }
        walk(self.tmp.path(), &mut out);
        out
    }

    fn interrupt_and_wait(&mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the server did not stop on Ctrl+C"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn zip_entries(bytes: &[u8]) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut b = Vec::new();
            f.read_to_end(&mut b).unwrap();
            (f.name().unwrap().to_string(), b)
        })
        .collect()
}

/// Every sheet's cells as text, for comparing two workbooks made on different runs.
fn sheets_text(bytes: &[u8]) -> Vec<(String, Vec<Vec<String>>)> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("an xlsx");
    let names = wb.sheet_names().to_vec();
    names
        .into_iter()
        .map(|n| {
            let range = wb.worksheet_range(&n).unwrap();
            let rows = range
                .rows()
                .map(|r| r.iter().map(|c| c.to_string()).collect())
                .collect();
            (n, rows)
        })
        .collect()
}

#[test]
fn requests_without_the_session_from_foreign_hosts_or_origins_are_refused() {
    let server = Server::start(&[]);
    let port = server.port;
    let no_cookie = http(port, "GET", "/", &[], b"");
    assert_eq!(no_cookie.status, 403);
    assert!(
        no_cookie.text().contains("表示されたアドレス"),
        "{}",
        no_cookie.text()
    );
    assert_eq!(http(port, "GET", "/api/state", &[], b"").status, 403);
    assert_eq!(http(port, "GET", "/?token=0123", &[], b"").status, 403);

    let cookie = server.login();
    // The token is good once: a copied address does not open a second session.
    let again = http(port, "GET", &format!("/?token={}", server.token), &[], b"");
    assert_eq!(again.status, 403);

    let page = server.get(&cookie, "/");
    assert_eq!(page.status, 200);
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.contains("default-src 'none'") && csp.contains("script-src 'self'"),
        "{csp}"
    );
    assert_eq!(page.header("cache-control"), Some("no-store"));
    assert!(page.text().contains("入力ファイルを選ぶ"));
    for asset in ["/app.js", "/app.css", "/icon.svg"] {
        assert_eq!(server.get(&cookie, asset).status, 200, "{asset}");
    }
    // Nothing on the page is fetched from elsewhere.
    for asset in ["/", "/app.js", "/app.css"] {
        let text = server.get(&cookie, asset).text();
        assert!(
            !text.contains("https://") && !text.contains("http://"),
            "{asset} links out"
        );
    }

    let wrong_cookie = server.get("cmsheets_session=00", "/api/state");
    assert_eq!(wrong_cookie.status, 403);
    // DNS rebinding: the right cookie, but a page of another site's name.
    let rebound = http(
        port,
        "GET",
        "/api/state",
        &[
            ("Cookie", &cookie),
            ("Host", &format!("evil.example:{port}")),
        ],
        b"",
    );
    assert_eq!(rebound.status, 403);

    // A state-changing request from another origin, or with none, is refused.
    for origin in [Some("http://evil.example"), Some("null"), None] {
        let mut headers = vec![("Cookie", cookie.as_str())];
        if let Some(o) = origin {
            headers.push(("Origin", o));
        }
        let r = http(port, "POST", "/api/clear", &headers, b"");
        assert_eq!(r.status, 403, "origin {origin:?}");
        assert!(r.json()["error"].as_str().unwrap().contains("ほかのページ"));
    }
    let ok = server.post_json(&cookie, "/api/clear", &serde_json::json!({}));
    assert_eq!(ok.status, 200, "{}", ok.text());
}

#[test]
fn uploads_are_checked_and_every_download_matches_the_command_line() {
    let server = Server::start(&[]);
    let cookie = server.login();
    let intake = sample("intake.xlsx");
    let r = server.upload(&cookie, &[&intake]);
    assert_eq!(r.status, 200, "{}", r.text());
    let state = r.json();

    // The same findings, messages and cells as `check`.
    let (_, check) = check_json(&[&intake]);
    let page = &state["check"];
    assert_eq!(page["errors"], check["errors"]);
    assert_eq!(page["warnings"], check["warnings"]);
    assert_eq!(page["cases"], check["cases"]);
    let strip = |v: &serde_json::Value| -> Vec<(String, String, String)> {
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap().into(),
                    f["location"]["sheet"].to_string()
                        + &f["location"]["row"].to_string()
                        + &f["location"]["column"].to_string(),
                    f["message"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert_eq!(strip(page), strip(&check));
    let cases = state["case_list"].as_array().unwrap();
    assert_eq!(cases.len() as u64, check["cases"].as_u64().unwrap());
    let printable: Vec<&str> = cases
        .iter()
        .filter(|c| c["status"] == "ok")
        .map(|c| c["case_id"].as_str().unwrap())
        .collect();
    assert!(!printable.is_empty());

    // 様式PDF: the same files, byte for byte, as `render`.
    let (_, zip) = server.make(&cookie, serde_json::json!({ "kind": "forms" }));
    let cli = tempdir();
    let out = cmsheets([
        "render",
        intake.to_str().unwrap(),
        "-o",
        cli.path().to_str().unwrap(),
        "--as-of",
        AS_OF,
        "-q",
    ]);
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    let expected = tree(cli.path());
    let got = zip_entries(&zip);
    // Named for an office's folders: <ケースID>/別紙2_支援計画シート.pdf.
    let japanese = |key: &str| {
        key.replace(
            "/questionnaire.pdf",
            "/別紙1_支援ニーズに関するアンケート.pdf",
        )
        .replace("/plan.pdf", "/別紙2_支援計画シート.pdf")
        .replace("/subtool.pdf", "/別紙3_補助ツール.pdf")
        .replace("/crisis.pdf", "/別紙4_クライシスプラン.pdf")
    };
    let renamed: std::collections::BTreeMap<String, Vec<u8>> = expected
        .iter()
        .map(|(k, v)| (japanese(k), v.clone()))
        .collect();
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        renamed.keys().collect::<Vec<_>>(),
        "laid out as <ケースID>/別紙N_….pdf"
    );
    assert!(got == renamed, "the PDFs differ from render's");

    // ケア会議資料, per case and as one file, as `packet`.
    let meeting = "2025-11-28";
    let (_, zip) = server.make(
        &cookie,
        serde_json::json!({ "kind": "packets", "meeting_date": meeting }),
    );
    let cli = tempdir();
    let combined = cli.path().join("all.pdf");
    let out = cmsheets([
        "packet",
        intake.to_str().unwrap(),
        "-o",
        cli.path().join("each").to_str().unwrap(),
        "--combine",
        combined.to_str().unwrap(),
        "--meeting-date",
        meeting,
        "--as-of",
        AS_OF,
        "-q",
    ]);
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    let got = zip_entries(&zip);
    assert_eq!(got.len(), printable.len(), "one packet per printable case");
    for id in &printable {
        assert!(got.contains_key(&format!("{id}_ケア会議資料.pdf")), "{id}");
    }
    let each: std::collections::BTreeMap<String, Vec<u8>> = tree(&cli.path().join("each"))
        .into_iter()
        .map(|(k, v)| (k.replace("/packet.pdf", "_ケア会議資料.pdf"), v))
        .collect();
    assert!(got == each, "packets differ from packet's");
    let (_, one) = server.make(
        &cookie,
        serde_json::json!({ "kind": "combined_packet", "meeting_date": meeting }),
    );
    assert!(
        one == std::fs::read(&combined).unwrap(),
        "the combined PDF differs"
    );

    // The 集計ブック: the same sheets and figures as `report`.
    let (status, xlsx) = server.make(&cookie, serde_json::json!({ "kind": "report" }));
    let name = status["file"].as_str().unwrap();
    assert!(
        name.starts_with("集計ブック_20") && name.ends_with(".xlsx"),
        "{name}"
    );
    let report = cli.path().join("report.xlsx");
    let out = cmsheets([
        "report",
        intake.to_str().unwrap(),
        "-o",
        report.to_str().unwrap(),
        "--as-of",
        AS_OF,
        "-q",
    ]);
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    // The same sheets and figures; 概要 states the page's settings in its words, no flag.
    let but_overview = |bytes: &[u8]| -> Vec<(String, Vec<Vec<String>>)> {
        sheets_text(bytes)
            .into_iter()
            .filter(|(name, _)| !name.starts_with("概要"))
            .collect()
    };
    assert_eq!(
        but_overview(&xlsx),
        but_overview(&std::fs::read(&report).unwrap())
    );
    let overview = format!("{:?}", sheets_text(&xlsx)[0]);
    assert!(overview.contains("画面の設定"), "{overview}");
    assert!(
        !overview.contains("--"),
        "a flag on the page's 概要: {overview}"
    );
    every_other_output_matches_the_command_line(&server, &cookie, &intake, &printable);

    // The preview is the form render makes.
    let id = printable[0];
    let pdf = server.get(&cookie, &format!("/api/preview?case={id}&form=plan"));
    assert_eq!(pdf.status, 200, "{}", pdf.text());
    assert_eq!(pdf.header("content-type"), Some("application/pdf"));
    assert!(pdf.body == expected[&format!("{id}/plan.pdf")]);
    let (_, blank_areas) = (0, server.get(&cookie, "/api/blank/areas.xlsx"));
    assert_eq!(blank_areas.status, 200);
    assert_eq!(sheets_text(&blank_areas.body)[0].0, "地域区分");
    let missing = server.get(&cookie, "/api/preview?case=NO-SUCH&form=plan");
    assert_eq!(missing.status, 422);

    // The blank workbooks: the same sheets as `template`.
    for (what, flags) in [("intake.xlsx", vec![]), ("formbook.xlsx", vec!["--form"])] {
        let r = server.get(&cookie, &format!("/api/blank/{what}"));
        assert_eq!(r.status, 200);
        let path = cli.path().join(format!("blank-{what}"));
        let mut args = vec!["template", "-o", path.to_str().unwrap()];
        args.extend(flags);
        assert!(cmsheets(&args).status.success());
        assert_eq!(
            sheets_text(&r.body),
            sheets_text(&std::fs::read(&path).unwrap()),
            "{what}"
        );
    }
}

/// 見直し予定 (xlsx and PDF), the 集計 PDF, 様式ブック, the intake and the blank forms from the page:
/// each the command line's output, and the ticked cases what each uses.
fn every_other_output_matches_the_command_line(
    server: &Server,
    cookie: &str,
    intake: &Path,
    printable: &[&str],
) {
    let cli = tempdir();
    let input = intake.to_str().unwrap();
    let at = |name: &str| cli.path().join(name);

    // 見直し予定 with its window, as `schedule --within 90 --pdf`.
    let (status, xlsx) = server.make(
        cookie,
        serde_json::json!({ "kind": "schedule", "within": 90 }),
    );
    assert_eq!(status["file"], format!("見直し予定_{AS_OF}.xlsx"));
    let (_, pdf) = server.make(
        cookie,
        serde_json::json!({ "kind": "schedule_pdf", "within": 90 }),
    );
    let out = cmsheets([
        "schedule",
        input,
        "-o",
        at("s.xlsx").to_str().unwrap(),
        "--pdf",
        at("s.pdf").to_str().unwrap(),
        "--within",
        "90",
        "--as-of",
        AS_OF,
    ]);
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    assert_eq!(
        sheets_text(&xlsx),
        sheets_text(&std::fs::read(at("s.xlsx")).unwrap())
    );
    assert!(
        pdf == std::fs::read(at("s.pdf")).unwrap(),
        "the schedule PDF differs"
    );

    // The 集計 PDF summary, with 秘匿 and 仮名化 from the page.
    let (status, pdf) = server.make(
        cookie,
        serde_json::json!({ "kind": "report_pdf", "suppress_below": 3, "pseudonymize": "office key" }),
    );
    assert!(status["file"].as_str().unwrap().starts_with("集計の要約_"));
    assert!(pdf.starts_with(b"%PDF"));
    assert!(
        status["summary"]["note"]
            .as_str()
            .unwrap()
            .contains("伏せました"),
        "{status}"
    );

    // Only the ticked cases: the 集計ブック counts one case.
    let (status, _) = server.make(
        cookie,
        serde_json::json!({ "kind": "report", "cases": [printable[0]] }),
    );
    assert!(
        status["summary"]["note"]
            .as_str()
            .unwrap()
            .starts_with("ケース 1件"),
        "{status}"
    );

    // 様式ブック per case, as `template --form --from`.
    let (status, zip) = server.make(cookie, serde_json::json!({ "kind": "books" }));
    assert!(status["file"].as_str().unwrap().starts_with("様式ブック_"));
    let out = cmsheets([
        "template",
        "--form",
        "--from",
        input,
        "-o",
        at("books").to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    let books = zip_entries(&zip);
    assert_eq!(books.len(), printable.len());
    for id in printable {
        let page = &books[&format!("{id}_様式ブック.xlsx")];
        let cli_book = std::fs::read(at("books").join(format!("{id}.xlsx"))).unwrap();
        assert_eq!(sheets_text(page), sheets_text(&cli_book), "{id}");
    }

    // The tabular intake, as `convert`, of the ticked cases only.
    let (_, xlsx) = server.make(cookie, serde_json::json!({ "kind": "intake" }));
    let out = cmsheets([
        "convert",
        input,
        "-o",
        at("i.xlsx").to_str().unwrap(),
        "--as-of",
        AS_OF,
    ]);
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    assert_eq!(
        sheets_text(&xlsx),
        sheets_text(&std::fs::read(at("i.xlsx")).unwrap())
    );

    // The next plan versions, as `draft`: the intake with the drafts' rows.
    let (status, xlsx) = server.make(
        cookie,
        serde_json::json!({ "kind": "drafts", "meeting_date": "2025-12-10", "review_months": 3 }),
    );
    assert!(
        status["file"]
            .as_str()
            .is_some_and(|n| n.ends_with("_次回案_2025-12-10.xlsx")),
        "{status}"
    );
    let out = cmsheets([
        "draft",
        input,
        "-o",
        at("drafts").to_str().unwrap(),
        "--meeting-date",
        "2025-12-10",
        "--review-months",
        "3",
        "--as-of",
        AS_OF,
    ]);
    assert!(out.status.code().unwrap() <= 1, "{}", stderr(&out));
    let stem = intake.file_stem().unwrap().to_str().unwrap();
    assert_eq!(
        sheets_text(&xlsx),
        sheets_text(
            &std::fs::read(at("drafts").join(format!("{stem}_次回案_2025-12-10.xlsx"))).unwrap()
        )
    );

    // Blank forms to fill by hand, as `render --blank`; no form ticked is a mistake, not "all".
    let (status, pdf) = server.make(
        cookie,
        serde_json::json!({ "kind": "blank_forms", "forms": ["crisis"] }),
    );
    assert_eq!(status["file"], "空の様式_別紙4_クライシスプラン.pdf");
    let out = cmsheets([
        "render",
        "--blank",
        "--forms",
        "crisis",
        "-o",
        at("blank").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(pdf == std::fs::read(at("blank/blank/crisis.pdf")).unwrap());
    let started = server.post_json(
        cookie,
        "/api/jobs",
        &serde_json::json!({ "kind": "forms", "forms": [] }),
    );
    let id = started.json()["id"].as_u64().unwrap();
    let failed = loop {
        let s = server.get(cookie, &format!("/api/jobs/{id}")).json();
        if s["state"] != "running" {
            break s;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(failed["state"], "failed");
    assert!(failed["message"]
        .as_str()
        .unwrap()
        .contains("「様式」が1つも選ばれていません"));
}

#[test]
fn an_oversize_upload_gets_a_clear_message_and_leaves_nothing() {
    let server = Server::start(&["--max-upload-mb", "1"]);
    let cookie = server.login();
    let big = vec![b'x'; 2 * 1024 * 1024];
    let (ctype, body) = multipart(&[("big.csv", &big)]);
    let origin = server.origin();
    let r = http(
        server.port,
        "POST",
        "/api/upload",
        &[
            ("Cookie", &cookie),
            ("Origin", &origin),
            ("Content-Type", &ctype),
        ],
        &body,
    );
    assert_eq!(r.status, 413);
    let message = r.json()["error"].as_str().unwrap().to_string();
    assert!(
        message.contains("大きすぎます") && message.contains("1 MB"),
        "{message}"
    );
    let files: Vec<_> = server
        .leftovers()
        .into_iter()
        .filter(|p| p.is_file())
        .collect();
    assert!(files.is_empty(), "left behind: {files:?}");
}

#[test]
fn the_private_folder_goes_on_clear_and_at_exit_and_the_output_names_no_one() {
    let mut server = Server::start(&[]);
    let cookie = server.login();
    let intake = sample("intake.xlsx");
    assert_eq!(server.upload(&cookie, &[&intake]).status, 200);
    let made = server.leftovers();
    assert!(!made.is_empty(), "the upload is kept in TMPDIR");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let folder = &made[0];
        let mode = std::fs::metadata(folder).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700, "{}", folder.display());
    }
    let cleared = server.post_json(&cookie, "/api/clear", &serde_json::json!({}));
    assert_eq!(cleared.status, 200);
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());
    assert_eq!(
        server.get(&cookie, "/api/state").json()["check"],
        serde_json::Value::Null
    );

    // Uploaded and made again, then Ctrl+C.
    assert_eq!(server.upload(&cookie, &[&intake]).status, 200);
    server.make(
        &cookie,
        serde_json::json!({ "kind": "forms", "forms": ["plan"] }),
    );
    assert!(!server.leftovers().is_empty());
    let status = server.interrupt_and_wait();
    assert!(status.success(), "{status:?}");
    assert!(server.leftovers().is_empty(), "{:?}", server.leftovers());

    // The server said where to go and that it stopped: no case ID, file or name.
    let output = server.output.lock().unwrap().clone();
    for line in output.lines() {
        let known = line.starts_with("http://127.0.0.1:")
            || line.starts_with("cmsheets serve")
            || line.starts_with("終了するには");
        assert!(known, "unexpected output: {line}");
    }
}

/// The 基準日 typed on the page: one at which the samples' reviews are overdue (W404), so that
/// the findings table and its filter have rows to show.
const BROWSER_AS_OF: &str = "2026-03-31";

/// The page in a real Chromium: the sample dropped on the page, the finding counts seen, the
/// packets downloaded (one PDF per case), the preview shown and the files cleared. With
/// `CMSHEETS_SCREENSHOTS=DIR` it also saves the README's screenshots there.
#[test]
fn in_a_real_browser_the_sample_is_dropped_checked_and_packed() {
    let Some((chromium, browser_dir)) = browser() else {
        return;
    };
    let server = Server::start(&[]);
    let out = tempdir();
    let intake = sample("intake.xlsx");
    let planted = sample("invalid/intake.xlsx");
    let mut node = Command::new("node");
    node.arg(browser_dir.join("e2e.mjs"))
        .arg(format!(
            "http://127.0.0.1:{}/?token={}",
            server.port, server.token
        ))
        .arg(&intake)
        .arg(&planted)
        .arg(out.path())
        .arg(BROWSER_AS_OF)
        .env("CHROMIUM", &chromium);
    if let Some(shots) = std::env::var_os("CMSHEETS_SCREENSHOTS") {
        node.arg(shots);
    }
    let run = node.output().expect("node runs");
    assert!(
        run.status.success(),
        "{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let seen: serde_json::Value = serde_json::from_slice(
        run.stdout
            .split(|b| *b == b'\n')
            .rfind(|l| l.starts_with(b"{"))
            .expect("the script's JSON line"),
    )
    .unwrap();

    let check = cmsheets([
        "check",
        "--format",
        "json",
        "--as-of",
        BROWSER_AS_OF,
        intake.to_str().unwrap(),
    ]);
    let check: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(
        check["warnings"].as_u64().unwrap() > 0,
        "a date with findings to show"
    );
    assert_eq!(
        seen["path_after_login"], "/",
        "the token leaves the address bar"
    );
    assert_eq!(
        seen["errors_badge"],
        format!("エラー {}件", check["errors"])
    );
    assert_eq!(
        seen["warnings_badge"],
        format!("警告 {}件", check["warnings"])
    );
    assert_eq!(seen["cases_badge"], format!("ケース {}件", check["cases"]));
    let findings = check["findings"].as_array().unwrap().len();
    assert_eq!(seen["finding_rows"], findings.max(1));
    let warnings = check["warnings"].as_u64().unwrap();
    assert_eq!(seen["warning_rows"], warnings);
    assert_eq!(seen["non_warning_rows"], if warnings == 0 { 1 } else { 0 });
    assert_eq!(seen["download_name"], "ケア会議資料_2025-11-28.zip");
    assert_eq!(
        seen["keyboard_opens_picker"], 2,
        "Enter and Space on the drop area"
    );
    assert_eq!(seen["drop_focused"], "drop");
    assert!(seen["planted_errors_badge"] != "エラー 0件");
    assert_eq!(seen["filter_case"], seen["filter_case_expected"]);
    assert_eq!(seen["rows_of_other_cases"], 0);
    assert!(
        seen["replace_status"]
            .as_str()
            .unwrap()
            .contains("1件を新しいファイルに置き換え"),
        "{}",
        seen["replace_status"]
    );
    assert_eq!(seen["file_rows"], 1, "replaced, not added");
    assert_eq!(seen["second_tab_errors"], seen["errors_badge"]);
    assert_eq!(seen["second_tab_files"], 1);
    assert_eq!(seen["second_tab_job"], "ケア会議資料_2025-11-28.zip");
    assert_eq!(seen["jobs_after_reload"], 2, "the job survives a reload");
    assert!(
        ["disabled", "finished"].contains(&seen["buttons_while_running"].as_str().unwrap()),
        "{}",
        seen["buttons_while_running"]
    );
    assert_eq!(seen["jobs_done"], 2);
    let report = seen["report_name"].as_str().unwrap();
    assert!(
        report.starts_with("集計ブック_20") && report.ends_with(".xlsx"),
        "{report}"
    );
    let figures = sheets_text(&std::fs::read(seen["report"].as_str().unwrap()).unwrap());
    assert!(
        figures.len() > 3,
        "the 集計ブック opens: {} sheets",
        figures.len()
    );
    // Every output downloaded from its button, named for what and when, and opened.
    let outputs = seen["outputs"].as_object().unwrap();
    assert_eq!(outputs.len(), 8, "{outputs:?}");
    for (kind, file) in outputs {
        let name = file["name"].as_str().unwrap();
        let bytes = std::fs::read(file["path"].as_str().unwrap()).unwrap();
        let opened = if name.ends_with(".zip") {
            !zip_entries(&bytes).is_empty()
        } else if name.ends_with(".xlsx") {
            !sheets_text(&bytes).is_empty()
        } else {
            name.ends_with(".pdf") && bytes.starts_with(b"%PDF")
        };
        assert!(opened, "{kind}: {name}");
        let named = match kind.as_str() {
            "forms" => name.starts_with("様式PDF_20"),
            "combined_packet" => name == "ケア会議資料_2025-11-28.pdf",
            "report_pdf" => name.starts_with("集計の要約_20"),
            "schedule" => name == format!("見直し予定_{BROWSER_AS_OF}.xlsx"),
            "schedule_pdf" => name == format!("見直し予定_{BROWSER_AS_OF}.pdf"),
            "books" => name.starts_with("様式ブック_20"),
            "intake" => name.starts_with("入力ブック_20"),
            "blank_forms" => name == "空の様式.zip",
            _ => false,
        };
        assert!(named, "{kind}: {name}");
    }
    assert!(seen["preview_button_name"]
        .as_str()
        .unwrap()
        .ends_with("の別紙2 支援計画シートを表示"));
    assert_eq!(seen["small_targets"], serde_json::json!([]));
    assert!(seen["live_regions"].as_u64().unwrap() >= 4);
    assert_eq!(
        seen["clear_asked"], true,
        "clearing during a job asks first"
    );
    assert_eq!(
        seen["second_tab_cleared"], 0,
        "the second tab follows the clear"
    );
    assert_eq!(seen["outside_requests"], serde_json::json!([]));
    assert_eq!(
        seen["page_errors"],
        serde_json::json!([]),
        "the page logged errors"
    );
    assert!(seen["preview_status"]
        .as_str()
        .unwrap()
        .contains("を表示しました"));
    assert!(seen["after_clear"]
        .as_str()
        .unwrap()
        .contains("消去しました"));

    let printable = seen["printable"].as_u64().unwrap() as usize;
    assert!(printable > 0);
    let zip = zip_entries(&std::fs::read(seen["download"].as_str().unwrap()).unwrap());
    assert_eq!(
        zip.len(),
        printable,
        "one PDF per printable case: {:?}",
        zip.keys()
    );
    for (name, pdf) in &zip {
        assert!(
            name.ends_with("_ケア会議資料.pdf") && pdf.starts_with(b"%PDF"),
            "{name}"
        );
    }
    assert!(server.leftovers().is_empty(), "cleared from the page");
}

/// The 読み取り結果 of an uploaded 様式ブック: the same page as `cmsheets inspect`, its style from
/// the server (no inline style under the page's CSP); a tabular file is said not to be one.
#[test]
fn an_uploaded_formbook_shows_how_each_cell_was_read() {
    let server = Server::start(&[]);
    let cookie = server.login();
    let book = common::fixture("formbook/office-b-stray.xlsx");
    let intake = sample("intake.xlsx");
    let r = server.upload(&cookie, &[&book, &intake]);
    assert_eq!(r.status, 200, "{}", r.text());
    let files = r.json()["files"].clone();
    assert_eq!(files[0]["name"], "office-b-stray.xlsx", "{files}");
    assert_eq!(files[0]["workbook"], true);
    assert_eq!(
        files[1]["workbook"], false,
        "a tabular intake has no 読み取り結果 link"
    );
    let book_id = files[0]["id"].as_u64().unwrap();
    let page = server.get(&cookie, &format!("/api/inspect/{book_id}"));
    assert_eq!(page.status, 200);
    assert!(page
        .header("content-type")
        .unwrap()
        .starts_with("text/html"));
    let html = page.text();
    assert!(html.contains("読み取れなかった記入（3件）"), "{html}");
    assert!(html.contains("<link rel=\"stylesheet\" href=\"/inspect.css\">"));
    assert!(!html.contains("<style>") && !html.contains("<script"));
    let css = server.get(&cookie, "/inspect.css");
    assert_eq!(css.status, 200);
    assert!(css.text().contains("/fonts/gothic.ttf"));
    let tabular_id = files[1]["id"].as_u64().unwrap();
    let tabular = server.get(&cookie, &format!("/api/inspect/{tabular_id}"));
    assert_eq!(tabular.status, 422);
    assert!(
        tabular
            .text()
            .contains("様式ブック（1人1ファイルの様式のブック）ではありません"),
        "{}",
        tabular.text()
    );
    assert_eq!(server.get(&cookie, "/api/inspect/7000").status, 404);
    // Without the session, nothing.
    assert_ne!(
        server.get("", &format!("/api/inspect/{book_id}")).status,
        200
    );
}
