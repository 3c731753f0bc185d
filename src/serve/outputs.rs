//! The page's outputs: the jobs (started once at a time, followed by every tab), their files, the
//! preview of one form, a 様式ブック's 読み取り結果 and the blank workbooks. Each handler does the
//! HTTP part only; the work is in [`super::jobs`] and the library.

use super::jobs::{self, Job, JobContext, JobRequest, Phase};
use super::routes::{api_error, saved_file, App};
use crate::forms::Form;
use axum::body::Body;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use std::sync::Arc;

/// Starts a job, unless one is running (every tab shows it) or the files are being checked.
pub async fn start_job(State(app): State<Arc<App>>, Json(req): Json<JobRequest>) -> Response {
    let (id, job, checked, folder) = {
        let mut ws = app.workspace();
        if let Some(running) = ws.running_job() {
            return api_error(
                StatusCode::CONFLICT,
                format!(
                    "いま「{}」を作成しています。できあがってから押してください。",
                    running.kind.title()
                ),
            );
        }
        if ws.checking {
            return api_error(
                StatusCode::CONFLICT,
                "いまファイルを点検しています。点検が終わってから押してください。",
            );
        }
        let checked = ws.checked.clone();
        if req.kind.needs_inputs() && checked.is_none() {
            return api_error(
                StatusCode::BAD_REQUEST,
                "先に入力ファイルを選んでください。",
            );
        }
        let folder = match ws.folder() {
            Ok(f) => f,
            Err(e) => {
                return api_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("一時フォルダを作れません（{e}）。"),
                )
            }
        };
        let (id, job) = ws.add_job(Job::new(req.kind));
        (id, job, checked, folder)
    };
    let ctx = JobContext {
        opts: app.print.clone(),
        today: app.today(),
    };
    let app2 = app.clone();
    tokio::task::spawn_blocking(move || {
        let dir = folder.path().join("jobs").join(id.to_string());
        jobs::run_job(&job, &req, checked.as_deref(), &dir, &ctx, &app2.closing);
        app2.workspace().changed();
        // `folder` is dropped here: a cleared workspace's folder goes with its last job.
    });
    Json(job_json(&app, id)).into_response()
}

fn job_json(app: &App, id: u64) -> serde_json::Value {
    app.workspace()
        .jobs
        .get(&id)
        .map(|j| j.json(id))
        .unwrap_or_default()
}

fn find_job(app: &App, id: u64) -> Option<Arc<Job>> {
    app.workspace().jobs.get(&id).cloned()
}

/// 「中止」: the job finishes the document in hand and starts no other.
pub async fn cancel_job(State(app): State<Arc<App>>, UrlPath(id): UrlPath<u64>) -> Response {
    match find_job(&app, id) {
        Some(job) => {
            job.cancel.store(true, std::sync::atomic::Ordering::SeqCst);
            Json(job.json(id)).into_response()
        }
        None => api_error(
            StatusCode::NOT_FOUND,
            "この処理はもうありません（消去されました）。",
        ),
    }
}

pub async fn job_status(State(app): State<Arc<App>>, UrlPath(id): UrlPath<u64>) -> Response {
    match find_job(&app, id) {
        Some(job) => Json(job.json(id)).into_response(),
        None => api_error(
            StatusCode::NOT_FOUND,
            "この処理はもうありません（消去されました）。",
        ),
    }
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

pub(super) fn file_response(
    bytes: Vec<u8>,
    content_type: &str,
    kind: &str,
    name: &str,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (header::CONTENT_DISPOSITION, disposition(kind, name)),
        ],
        Body::from(bytes),
    )
        .into_response()
}

pub async fn job_file(State(app): State<Arc<App>>, UrlPath(id): UrlPath<u64>) -> Response {
    let Some(job) = find_job(&app, id) else {
        return api_error(
            StatusCode::NOT_FOUND,
            "この処理はもうありません（消去されました）。",
        );
    };
    let made = {
        let phase = job.phase.lock().unwrap_or_else(|e| e.into_inner());
        match &*phase {
            Phase::Done(made, _) => (
                made.path.clone(),
                made.content_type,
                made.download_name.clone(),
            ),
            _ => return api_error(StatusCode::CONFLICT, "まだできあがっていません。"),
        }
    };
    match tokio::fs::read(&made.0).await {
        Ok(bytes) => file_response(bytes, made.1, "attachment", &made.2),
        Err(_) => api_error(
            StatusCode::GONE,
            "結果のファイルはもうありません（消去されました）。もう一度作ってください。",
        ),
    }
}

#[derive(Deserialize)]
pub struct PreviewQuery {
    case: String,
    form: Form,
    plan: Option<u32>,
}

/// One form of one case as a PDF, for the browser's own viewer.
pub async fn preview(State(app): State<Arc<App>>, Query(q): Query<PreviewQuery>) -> Response {
    let Some(checked) = app.workspace().checked.clone() else {
        return api_error(
            StatusCode::BAD_REQUEST,
            "先に入力ファイルを選んでください。",
        );
    };
    let opts = app.print.clone();
    let made = tokio::task::spawn_blocking(move || {
        let loaded = &checked.loaded;
        let wanted = [q.case.clone()];
        let forms = [q.form];
        let versions = crate::print::Versions::every_case(q.plan);
        let plan = crate::print::RenderPlan {
            forms: &forms,
            plan: &versions,
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

/// The 読み取り結果 of one uploaded 様式ブック (by its id in the file list): each cell of its
/// form sheets as the reader read it, the same page as `cmsheets inspect` writes.
pub async fn inspect(State(app): State<Arc<App>>, UrlPath(id): UrlPath<u64>) -> Response {
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
    let Some(path) = saved_file(&app, id) else {
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

/// The blank intake workbook, the blank 様式ブック and the blank 地域区分: no data involved.
pub async fn blank(UrlPath(what): UrlPath<String>) -> Response {
    let (bytes, name) = match what.as_str() {
        "intake.xlsx" => (crate::export::intake_workbook(None), "intake.xlsx"),
        "formbook.xlsx" => (crate::forms::book::blank_workbook(), "様式.xlsx"),
        "areas.xlsx" => (crate::export::areas_workbook(), "地域区分.xlsx"),
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
