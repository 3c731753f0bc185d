//! The page's requests. Each handler does the HTTP part only; the work is the library's.

use super::guard::{self, refuse, Secrets};
use super::work::{self, Job, JobContext, JobRequest, Phase, Workspace};
use super::{assets, Settings};
use crate::forms::{Form, PrintOptions};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

pub struct App {
    pub port: u16,
    pub secrets: Secrets,
    max_upload_bytes: usize,
    print: PrintOptions,
    as_of: Option<NaiveDate>,
    work: Mutex<Workspace>,
    last_request: Mutex<Instant>,
    closing: AtomicBool,
}

impl App {
    pub fn new(port: u16, settings: &Settings) -> App {
        App {
            port,
            secrets: Secrets::new(),
            max_upload_bytes: settings.max_upload_bytes,
            print: settings.print.clone(),
            as_of: settings.as_of,
            work: Mutex::new(Workspace::default()),
            last_request: Mutex::new(Instant::now()),
            closing: AtomicBool::new(false),
        }
    }

    pub fn workspace(&self) -> MutexGuard<'_, Workspace> {
        self.work.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn touch(&self) {
        *self.last_request.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }

    pub fn idle_for(&self) -> std::time::Duration {
        self.last_request
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .elapsed()
    }

    /// At exit: running jobs start nothing more, and the folder is removed now, whoever holds it.
    pub fn close(&self) {
        self.closing.store(true, Ordering::SeqCst);
        let mut ws = self.workspace();
        if let Some(folder) = &ws.folder {
            let _ = std::fs::remove_dir_all(folder.path());
        }
        ws.clear();
    }

    fn today(&self) -> NaiveDate {
        chrono::Local::now().date_naive()
    }
}

pub fn router(app: Arc<App>) -> Router {
    let limit = app.max_upload_bytes;
    Router::new()
        .route("/", get(assets::index))
        .route("/app.js", get(assets::script))
        .route("/app.css", get(assets::style))
        .route("/icon.svg", get(assets::icon))
        .route("/inspect.css", get(assets::inspect_style))
        .route("/fonts/gothic.ttf", get(assets::gothic))
        .route("/fonts/gothic-bold.ttf", get(assets::gothic_bold))
        .route(
            "/api/upload",
            post(upload).layer(DefaultBodyLimit::max(limit)),
        )
        .route("/api/state", get(state))
        .route("/api/clear", post(clear))
        .route("/api/jobs", post(start_job))
        .route("/api/jobs/{id}", get(job_status))
        .route("/api/jobs/{id}/file", get(job_file))
        .route("/api/preview", get(preview))
        .route("/api/blank/{what}", get(blank))
        .route("/api/inspect/{index}", get(inspect))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}

fn api_error(status: StatusCode, message: impl AsRef<str>) -> Response {
    refuse(status, message.as_ref(), true)
}

fn too_big(limit: usize) -> Response {
    api_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "ファイルが大きすぎます（一度に送れるのは合計 {} MB まで）。ファイルを分けて送るか、\
             cmsheets serve --max-upload-mb で上限を上げてください。",
            limit / (1024 * 1024)
        ),
    )
}

#[derive(Deserialize)]
struct UploadQuery {
    as_of: Option<String>,
}

/// Saves the files into the private folder (adding to those sent before), then checks them all.
async fn upload(
    State(app): State<Arc<App>>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    mut multipart: Multipart,
) -> Response {
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > app.max_upload_bytes) {
        return too_big(app.max_upload_bytes);
    }
    let as_of = match q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => app.as_of.unwrap_or_else(|| app.today()),
        Some(s) => match crate::contract::date::parse_date(s) {
            Ok(d) => d,
            Err(e) => {
                return api_error(
                    StatusCode::BAD_REQUEST,
                    format!("基準日「{s}」は{e}。2025-11-30 の形で入れてください。"),
                )
            }
        },
    };
    let folder = match app.workspace().folder() {
        Ok(f) => f,
        Err(e) => {
            return api_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("一時フォルダを作れません（{e}）。"),
            )
        }
    };
    let uploads = folder.path().join("uploads");
    let mut saved = Vec::new();
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) if e.status() == StatusCode::PAYLOAD_TOO_LARGE => {
                remove_files(&saved);
                return too_big(app.max_upload_bytes);
            }
            Err(_) => {
                remove_files(&saved);
                return api_error(
                    StatusCode::BAD_REQUEST,
                    "ファイルを受け取れませんでした。もう一度送ってください。",
                );
            }
        };
        let Some(name) = field.file_name().and_then(work::safe_file_name) else {
            continue;
        };
        let path = {
            let ws = app.workspace();
            let taken: Vec<_> = ws.files.iter().chain(&saved).cloned().collect();
            work::upload_path(&uploads, &name, &taken)
        };
        let written = save_field(&mut field, &path).await;
        match written {
            Ok(()) => saved.push(path),
            Err(failed) => {
                let _ = std::fs::remove_file(&path);
                remove_files(&saved);
                return match failed {
                    SaveError::Receive(StatusCode::PAYLOAD_TOO_LARGE) => {
                        too_big(app.max_upload_bytes)
                    }
                    SaveError::Receive(_) => api_error(
                        StatusCode::BAD_REQUEST,
                        "ファイルを受け取れませんでした。もう一度送ってください。",
                    ),
                    SaveError::Disk(e) => api_error(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("ファイルを一時フォルダに保存できません（{e}）。"),
                    ),
                };
            }
        }
    }
    if saved.is_empty() {
        return api_error(StatusCode::BAD_REQUEST, "ファイルが選ばれていません。");
    }
    let files: Vec<_> = {
        let mut ws = app.workspace();
        ws.files.extend(saved);
        ws.files.clone()
    };
    let checked = tokio::task::spawn_blocking(move || work::check(&files, as_of)).await;
    let Ok(upload) = checked else {
        return api_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "内部エラーで点検できませんでした。ファイルを確かめてもう一度送ってください。",
        );
    };
    let mut ws = app.workspace();
    let body = state_json(&upload, &ws.files);
    ws.upload = Some(Arc::new(upload));
    Json(body).into_response()
}

enum SaveError {
    /// The browser's data stopped or went over the limit.
    Receive(StatusCode),
    Disk(std::io::Error),
}

impl From<std::io::Error> for SaveError {
    fn from(e: std::io::Error) -> Self {
        SaveError::Disk(e)
    }
}

/// Streams one uploaded file to `path` (never held whole in memory).
async fn save_field(
    field: &mut axum::extract::multipart::Field<'_>,
    path: &std::path::Path,
) -> Result<(), SaveError> {
    let dir = path.parent().expect("a folder per upload");
    std::fs::create_dir_all(dir)?;
    let mut file = std::fs::File::create(path)?;
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| SaveError::Receive(e.status()))?
    {
        file.write_all(&chunk)?;
    }
    file.sync_all()?;
    Ok(())
}

fn remove_files(paths: &[std::path::PathBuf]) {
    for p in paths {
        let _ = std::fs::remove_file(p);
    }
}

/// The 点検結果 in the same shape as `check --format json`, with the list of cases and the names
/// of the files read.
fn state_json(upload: &work::Upload, files: &[std::path::PathBuf]) -> serde_json::Value {
    let report = upload.loaded.check_report(upload.as_of);
    serde_json::json!({
        "check": report,
        "case_list": work::case_rows(&upload.loaded),
        "files": files_json(files, &upload.loaded.inputs),
    })
}

/// The files of the set, in order: a 様式ブック's place in the list opens its 読み取り結果.
fn files_json(
    files: &[std::path::PathBuf],
    inputs: &[crate::ingest::InputSummary],
) -> Vec<serde_json::Value> {
    files
        .iter()
        .enumerate()
        .map(|(index, path)| {
            let name = crate::ingest::display_name(path);
            let formbook = inputs.iter().any(|i| i.formbook && i.name == name);
            serde_json::json!({
                "index": index,
                "name": crate::terminal::escape(&name),
                "workbook": formbook,
            })
        })
        .collect()
}

async fn state(State(app): State<Arc<App>>) -> Response {
    let (upload, files) = {
        let ws = app.workspace();
        (ws.upload.clone(), ws.files.clone())
    };
    match upload {
        Some(u) => Json(state_json(&u, &files)).into_response(),
        None => Json(serde_json::json!({ "check": null, "case_list": [] })).into_response(),
    }
}

async fn clear(State(app): State<Arc<App>>) -> Response {
    app.workspace().clear();
    Json(serde_json::json!({ "cleared": true })).into_response()
}

async fn start_job(State(app): State<Arc<App>>, Json(req): Json<JobRequest>) -> Response {
    let (id, job, upload, folder) = {
        let mut ws = app.workspace();
        let Some(upload) = ws.upload.clone() else {
            return api_error(
                StatusCode::BAD_REQUEST,
                "先に入力ファイルを選んでください。",
            );
        };
        let folder = match ws.folder() {
            Ok(f) => f,
            Err(e) => {
                return api_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("一時フォルダを作れません（{e}）。"),
                )
            }
        };
        let (id, job) = ws.add_job(Job::new());
        (id, job, upload, folder)
    };
    let ctx = JobContext {
        opts: app.print.clone(),
        today: app.today(),
    };
    let app2 = app.clone();
    tokio::task::spawn_blocking(move || {
        let dir = folder.path().join("jobs").join(id.to_string());
        work::run_job(&job, &req, &upload, &dir, &ctx, &app2.closing);
        // `folder` is dropped here: a cleared workspace's folder goes with its last job.
    });
    Json(serde_json::json!({ "id": id })).into_response()
}

fn find_job(app: &App, id: u64) -> Option<Arc<Job>> {
    app.workspace().jobs.get(&id).cloned()
}

async fn job_status(State(app): State<Arc<App>>, UrlPath(id): UrlPath<u64>) -> Response {
    let Some(job) = find_job(&app, id) else {
        return api_error(
            StatusCode::NOT_FOUND,
            "この処理はもうありません（消去されました）。",
        );
    };
    let (done, total) = job.progress.position();
    let phase = job.phase.lock().unwrap_or_else(|e| e.into_inner());
    let body = match &*phase {
        Phase::Running(step) => serde_json::json!({
            "state": "running", "step": step, "done": done, "total": total,
            "elapsed_ms": job.started.elapsed().as_millis() as u64,
        }),
        Phase::Done(made, summary) => serde_json::json!({
            "state": "done", "file": made.download_name, "summary": summary,
            "url": format!("/api/jobs/{id}/file"),
        }),
        Phase::Failed(message, summary) => serde_json::json!({
            "state": "failed", "message": message, "summary": summary,
        }),
    };
    Json(body).into_response()
}

/// `attachment; filename*=UTF-8''…`: the Japanese file name, percent-encoded.
fn disposition(kind: &str, name: &str) -> String {
    let encoded: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{kind}; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

fn file_response(bytes: Vec<u8>, content_type: &str, kind: &str, name: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition(kind, name)),
        ],
        Body::from(bytes),
    )
        .into_response()
}

async fn job_file(State(app): State<Arc<App>>, UrlPath(id): UrlPath<u64>) -> Response {
    let Some(job) = find_job(&app, id) else {
        return api_error(
            StatusCode::NOT_FOUND,
            "この処理はもうありません（消去されました）。",
        );
    };
    let made = {
        let phase = job.phase.lock().unwrap_or_else(|e| e.into_inner());
        match &*phase {
            Phase::Done(made, _) => (made.path.clone(), made.content_type, made.download_name),
            _ => return api_error(StatusCode::CONFLICT, "まだできあがっていません。"),
        }
    };
    match tokio::fs::read(&made.0).await {
        Ok(bytes) => file_response(bytes, made.1, "attachment", made.2),
        Err(_) => api_error(
            StatusCode::GONE,
            "結果のファイルはもうありません（消去されました）。もう一度作ってください。",
        ),
    }
}

#[derive(Deserialize)]
struct PreviewQuery {
    case: String,
    form: Form,
    plan: Option<u32>,
}

/// One form of one case as a PDF, for the browser's own viewer.
async fn preview(State(app): State<Arc<App>>, Query(q): Query<PreviewQuery>) -> Response {
    let Some(upload) = app.workspace().upload.clone() else {
        return api_error(
            StatusCode::BAD_REQUEST,
            "先に入力ファイルを選んでください。",
        );
    };
    let opts = app.print.clone();
    let made = tokio::task::spawn_blocking(move || {
        let loaded = &upload.loaded;
        let wanted = [q.case.clone()];
        let forms = [q.form];
        let plan = crate::print::RenderPlan {
            forms: &forms,
            plan: q.plan,
            opts: &opts,
            pdfa: false,
            pdf_dir: None,
            json_dir: None,
        };
        let sel = plan.selection(loaded, &wanted);
        let Some(case) = sel.cases.first() else {
            return Err(if sel.skipped.is_empty() {
                "そのケースはありません。".to_string()
            } else {
                "このケースにはエラーがあるため印刷できません。点検結果を確かめてください。".into()
            });
        };
        if let Some(f) = case.failures.first() {
            return Err(f.message.clone());
        }
        let Some(job) = case.jobs.first() else {
            return Err("このケースにはこの様式の記録がありません。".into());
        };
        job.typeset(&mut crate::typeset::Typesetter::new())
    })
    .await;
    match made {
        Ok(Ok(pdf)) => file_response(pdf, "application/pdf", "inline", "preview.pdf"),
        Ok(Err(message)) => api_error(StatusCode::UNPROCESSABLE_ENTITY, message),
        Err(_) => api_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "内部エラーで表示できませんでした。",
        ),
    }
}

/// The 読み取り結果 of one uploaded 様式ブック (by its place in the file list): each cell of its
/// form sheets as the reader read it, the same page as `cmsheets inspect` writes.
async fn inspect(State(app): State<Arc<App>>, UrlPath(index): UrlPath<usize>) -> Response {
    // Opened in a tab of its own: a message is a page too, not JSON.
    let html = |status: StatusCode, body: String| {
        (
            status,
            [(axum::http::header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response()
    };
    let message = |text: &str| {
        format!(
            "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>読み取り結果</title>\
             <link rel=\"stylesheet\" href=\"/inspect.css\"></head><body><h1>読み取り結果</h1><p>{}</p></body></html>",
            text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
        )
    };
    let Some(path) = app.workspace().files.get(index).cloned() else {
        return html(
            StatusCode::NOT_FOUND,
            message("そのファイルはありません。ページを読み込み直してください。"),
        );
    };
    let made = tokio::task::spawn_blocking(move || {
        let mut findings = crate::finding::Findings::default();
        match crate::ingest::workbook::inspect_workbook(&path, &mut findings) {
            Some(view) => Ok(crate::forms::book::inspect::page(
                &view,
                crate::forms::book::inspect::Style::Linked("/inspect.css"),
            )),
            None => Err(findings
                .items
                .iter()
                .rev()
                .find(|f| f.code == "E001")
                .map_or(
                    "読み取り結果を作れませんでした。".to_string(),
                    |f| f.message.clone(),
                )),
        }
    })
    .await;
    match made {
        Ok(Ok(page)) => html(StatusCode::OK, page),
        Ok(Err(text)) => html(StatusCode::UNPROCESSABLE_ENTITY, message(&text)),
        Err(_) => html(
            StatusCode::INTERNAL_SERVER_ERROR,
            message("内部エラーで表示できませんでした。"),
        ),
    }
}

/// The blank intake workbook and the blank 様式ブック: no data involved.
async fn blank(UrlPath(what): UrlPath<String>) -> Response {
    let (bytes, name) = match what.as_str() {
        "intake.xlsx" => (crate::export::intake_workbook(None), "intake.xlsx"),
        "formbook.xlsx" => (crate::forms::book::blank_workbook(), "様式.xlsx"),
        _ => return api_error(StatusCode::NOT_FOUND, "そのファイルはありません。"),
    };
    match bytes {
        Ok(b) => file_response(
            b,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "attachment",
            name,
        ),
        Err(e) => api_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("ブックを作れませんでした（{e}）。"),
        ),
    }
}
