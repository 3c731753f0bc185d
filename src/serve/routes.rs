//! The page's requests about its inputs: the set of files (added, replaced, removed), the
//! 地域区分, the 基準日, and the state every tab reads. Each handler does the HTTP part only; the
//! work is the library's (see [`super::workspace`]); the outputs are in [`super::outputs`].

use super::guard::{self, refuse, Secrets};
use super::outputs;
use super::workspace::{self, Checked, InputFile, Workspace};
use super::{arrival, assets, Settings};
use crate::forms::PrintOptions;
use axum::extract::{DefaultBodyLimit, Multipart, Path as UrlPath, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

pub struct App {
    pub port: u16,
    pub secrets: Secrets,
    max_upload_bytes: usize,
    pub print: PrintOptions,
    as_of: Option<NaiveDate>,
    work: Mutex<Workspace>,
    /// Held while the set changes and is checked again: one change at a time, in the order asked.
    changing: tokio::sync::Mutex<()>,
    last_request: Mutex<Instant>,
    pub closing: AtomicBool,
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
            changing: tokio::sync::Mutex::new(()),
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

    pub fn idle_for(&self) -> Duration {
        self.last_request
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .elapsed()
    }

    /// At exit: running jobs start nothing more, and the folder is removed now, whoever holds it.
    /// The records are not freed one by one: a million rows take a second to free, and the
    /// process is ending (Ctrl+C ends it within 2 s).
    pub fn close(&self) {
        self.closing.store(true, Ordering::SeqCst);
        let mut ws = self.workspace();
        if let Some(folder) = &ws.folder {
            let _ = std::fs::remove_dir_all(folder.path());
        }
        for job in ws.jobs.values() {
            job.cancel.store(true, Ordering::SeqCst);
        }
        std::mem::forget(std::mem::take(&mut *ws));
    }

    pub fn today(&self) -> NaiveDate {
        chrono::Local::now().date_naive()
    }

    /// The 基準日 of the checks: the page's, else the server's setting, else today.
    fn as_of(&self, ws: &Workspace) -> NaiveDate {
        ws.as_of.or(self.as_of).unwrap_or_else(|| self.today())
    }
}

/// Removes the uploads when the page has been idle for [`workspace::IDLE_CLEAR`].
pub async fn clear_when_idle(app: Arc<App>) {
    loop {
        tokio::time::sleep(Duration::from_secs(60)).await;
        if app.idle_for() >= workspace::IDLE_CLEAR {
            let old = app.workspace().clear();
            drop_later(old);
        }
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
        .route(
            "/api/areas",
            post(upload_areas)
                .delete(remove_areas)
                .layer(DefaultBodyLimit::max(limit)),
        )
        .route("/api/files/{id}", delete(remove_file))
        .route("/api/as_of", post(set_as_of))
        .route("/api/state", get(state))
        .route("/api/clear", post(clear))
        .route("/api/jobs", post(outputs::start_job))
        .route("/api/jobs/{id}", get(outputs::job_status))
        .route("/api/jobs/{id}/file", get(outputs::job_file))
        .route("/api/jobs/{id}/cancel", post(outputs::cancel_job))
        .route("/api/preview", get(outputs::preview))
        .route("/api/blank/{what}", get(outputs::blank))
        .route("/api/inspect/{id}", get(outputs::inspect))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            guard::guard,
        ))
        .with_state(app)
}

pub fn api_error(status: StatusCode, message: impl AsRef<str>) -> Response {
    refuse(status, message.as_ref(), true)
}

fn too_big(limit: usize) -> Response {
    api_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "ファイルが大きすぎます（一度に送れるのは合計 {} MB まで）。ファイルを分けて送ってください。\
             それでも大きいときは、cmsheets を起動した人に上限を上げてもらってください。",
            limit / (1024 * 1024)
        ),
    )
}

/// The turn to change the set: after any change asked before, and never while a job runs (an
/// upload during a job is refused, never mixed in).
async fn take_turn(app: &App) -> Result<tokio::sync::MutexGuard<'_, ()>, Response> {
    let turn = app.changing.lock().await;
    if app.workspace().running_job().is_some() {
        return Err(busy_with_a_job());
    }
    Ok(turn)
}

fn busy_with_a_job() -> Response {
    api_error(
        StatusCode::CONFLICT,
        "いま出力を作成しています。できあがってから（または「中止」してから）ファイルを選び直してください。",
    )
}

#[derive(Deserialize)]
struct UploadQuery {
    /// `add`: a file whose folder and name are already in the set is added beside it (numbered);
    /// otherwise it replaces that file.
    mode: Option<String>,
    /// A 基準日 for this and later checks (scripts; the page sets it on its own).
    as_of: Option<String>,
}

/// Saves the files into the private folder, each replacing the file of the same folder and name
/// or added to the set, then checks the set again (reading only the files that changed).
async fn upload(
    State(app): State<Arc<App>>,
    Query(q): Query<UploadQuery>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    if declared_too_big(&app, &headers) {
        return too_big(app.max_upload_bytes);
    }
    let _turn = match take_turn(&app).await {
        Ok(turn) => turn,
        Err(refused) => return refused,
    };
    let add = q.mode.as_deref() == Some("add");
    if let Some(s) = q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        match crate::contract::date::parse_date(s) {
            Ok(d) => app.workspace().as_of = Some(d),
            Err(e) => {
                return api_error(
                    StatusCode::BAD_REQUEST,
                    format!("「基準日」の「{s}」は{e}。日付を選び直してください。"),
                )
            }
        }
    }
    let (received, readings) = match receive(&app, multipart, Slot::Set { add }).await {
        Ok((r, _)) if r.is_empty() => {
            return api_error(StatusCode::BAD_REQUEST, "ファイルが選ばれていません。")
        }
        Ok(r) => r,
        Err(response) => return response,
    };
    let mut replaced = 0;
    {
        let mut ws = app.workspace();
        ws.arrived = readings;
        for file in received {
            let replaces = !add || file.is_csv();
            let at = ws.same_file(&file.folder, &file.name).filter(|_| replaces);
            replaced += usize::from(at.is_some());
            ws.put(file, at);
        }
    }
    checked_state(&app, Some(replaced)).await
}

fn declared_too_big(app: &App, headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok())
        .is_some_and(|n| n > app.max_upload_bytes)
}

/// The files of one request, saved (each streamed to disk, never held whole). A failure removes
/// what this request saved and says why.
async fn receive(
    app: &App,
    mut multipart: Multipart,
    slot: Slot,
) -> Result<(Vec<InputFile>, Vec<(PathBuf, arrival::Reading)>), Response> {
    let (_folder, uploads) = {
        let mut ws = app.workspace();
        match ws.folder() {
            Ok(f) => {
                let uploads = f.path().join("uploads");
                (f, uploads)
            }
            Err(e) => {
                return Err(api_error(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    format!("一時フォルダを作れません（{e}）。"),
                ))
            }
        }
    };
    // Each file is received into a part of its own, and the parts take their places only once
    // the whole request has arrived: a request that fails half-way leaves the set as it was (a
    // CSV picked again replaces the old one in place, which must not be lost to a failed send).
    let mut saved: Vec<InputFile> = Vec::new();
    let mut parts: Vec<PathBuf> = Vec::new();
    let mut readings = Vec::new();
    let undo = |parts: &[PathBuf]| {
        for p in parts {
            let _ = std::fs::remove_file(p);
        }
    };
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                undo(&parts);
                return Err(receive_failed(app, e.status()));
            }
        };
        let raw = field.file_name().unwrap_or_default().to_string();
        let Some(name) = workspace::safe_file_name(&raw) else {
            continue;
        };
        let browser_folder = workspace::browser_folder(&raw);
        let (id, path, label) = {
            let mut ws = app.workspace();
            match slot {
                Slot::Areas => {
                    let id = ws.next_id();
                    let path = uploads.join(format!("areas-{id}")).join(&name);
                    (id, path, format!("地域区分: {name}"))
                }
                Slot::Set { add } => {
                    // A CSV set holds one file of a name: a CSV of the same folder and name is
                    // always the newer copy.
                    let replaces = !add || workspace::is_csv_name(&name);
                    let replacing = ws
                        .same_file(&browser_folder, &name)
                        .filter(|_| replaces)
                        .map(|i| ws.files[i].clone());
                    ws.place(&uploads, &browser_folder, &name, replacing.as_ref(), &saved)
                }
            }
        };
        let part = path.with_extension(format!("part-{id}"));
        // The CSV files of the set are read as they arrive; the 地域区分 is small.
        let read_as = (matches!(slot, Slot::Set { .. }) && workspace::is_csv_name(&name))
            .then_some(path.as_path());
        match save_field(&mut field, &part, read_as, &mut readings).await {
            Ok(bytes) => {
                parts.push(part);
                saved.push(InputFile {
                    id,
                    name,
                    folder: browser_folder,
                    label,
                    path,
                    bytes,
                });
            }
            Err(failure) => {
                let _ = std::fs::remove_file(&part);
                undo(&parts);
                return Err(match failure {
                    SaveError::Receive(status) => receive_failed(app, status),
                    SaveError::Disk(e) => api_error(
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("ファイルを一時フォルダに保存できません（{e}）。"),
                    ),
                });
            }
        }
    }
    for (i, (part, file)) in parts.iter().zip(&saved).enumerate() {
        if let Err(e) = std::fs::rename(part, &file.path) {
            undo(&parts[i..]);
            return Err(api_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("ファイルを一時フォルダに保存できません（{e}）。"),
            ));
        }
    }
    Ok((saved, readings))
}

fn receive_failed(app: &App, status: StatusCode) -> Response {
    if status == StatusCode::PAYLOAD_TOO_LARGE {
        too_big(app.max_upload_bytes)
    } else {
        api_error(
            StatusCode::BAD_REQUEST,
            "ファイルを受け取れませんでした。もう一度選んでください。",
        )
    }
}

/// Where a request's files go.
#[derive(Clone, Copy)]
enum Slot {
    /// The set of inputs; `add`: a file of a folder and name already there is added beside it.
    Set { add: bool },
    /// The 地域区分 for the 集計ブック, apart from the set.
    Areas,
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

/// Streams one uploaded file to `part`; returns its size. A CSV that is to become `read_as` is
/// read as it arrives (see [`arrival`]), its reading put in `readings`.
async fn save_field(
    field: &mut axum::extract::multipart::Field<'_>,
    part: &std::path::Path,
    read_as: Option<&std::path::Path>,
    readings: &mut Vec<(PathBuf, arrival::Reading)>,
) -> Result<u64, SaveError> {
    let dir = part.parent().expect("a folder per upload");
    std::fs::create_dir_all(dir)?;
    let mut file = std::fs::File::create(part)?;
    let follow = read_as.and_then(|path| arrival::Arrival::follow(part, path.to_path_buf()));
    let arrival = follow.map(|(arrival, reading)| {
        readings.push((read_as.expect("followed").to_path_buf(), reading));
        arrival
    });
    // Written in large pieces: the browser's chunks are small, and a million rows are 900 MB.
    const PIECE: usize = 1 << 20;
    let mut piece = Vec::with_capacity(PIECE);
    let mut bytes = 0u64;
    let mut flushed = 0u64;
    let mut write = |piece: &mut Vec<u8>, flushed: &mut u64| -> std::io::Result<()> {
        file.write_all(piece)?;
        *flushed += piece.len() as u64;
        piece.clear();
        if let Some(a) = &arrival {
            a.wrote(*flushed);
        }
        Ok(())
    };
    while let Some(chunk) = field
        .chunk()
        .await
        .map_err(|e| SaveError::Receive(e.status()))?
    {
        bytes += chunk.len() as u64;
        piece.extend_from_slice(&chunk);
        if piece.len() >= PIECE {
            write(&mut piece, &mut flushed)?;
        }
    }
    // Not synced to disk: a private copy for this session, read back at once from the page
    // cache, and worthless after a crash (the next start removes it anyway).
    write(&mut piece, &mut flushed)?;
    if let Some(a) = arrival {
        a.arrived();
    }
    Ok(bytes)
}

/// The 地域区分 for the 集計ブック, in its own slot: replaces the one given before.
async fn upload_areas(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    if declared_too_big(&app, &headers) {
        return too_big(app.max_upload_bytes);
    }
    let _turn = match take_turn(&app).await {
        Ok(turn) => turn,
        Err(refused) => return refused,
    };
    let (mut received, _) = match receive(&app, multipart, Slot::Areas).await {
        Ok(r) => r,
        Err(response) => return response,
    };
    let Some(file) = received.pop() else {
        return api_error(StatusCode::BAD_REQUEST, "ファイルが選ばれていません。");
    };
    {
        let mut ws = app.workspace();
        if let Some(old) = ws.areas.replace(file) {
            let _ = std::fs::remove_file(&old.path);
        }
        // Only one 地域区分: any other file of the request is not kept.
        for extra in &received {
            let _ = std::fs::remove_file(&extra.path);
        }
        ws.changed();
    }
    checked_state(&app, None).await
}

async fn remove_areas(State(app): State<Arc<App>>) -> Response {
    let _turn = match take_turn(&app).await {
        Ok(turn) => turn,
        Err(refused) => return refused,
    };
    {
        let mut ws = app.workspace();
        if let Some(old) = ws.areas.take() {
            let _ = std::fs::remove_file(&old.path);
        }
        ws.changed();
    }
    checked_state(&app, None).await
}

/// ✕ on a file: it leaves the set, and the rest is checked again (nothing read again).
async fn remove_file(State(app): State<Arc<App>>, UrlPath(id): UrlPath<u64>) -> Response {
    let _turn = match take_turn(&app).await {
        Ok(turn) => turn,
        Err(refused) => return refused,
    };
    if !app.workspace().remove(id) {
        return api_error(
            StatusCode::NOT_FOUND,
            "そのファイルはもうありません。ページを読み込み直してください。",
        );
    }
    checked_state(&app, None).await
}

#[derive(Deserialize)]
struct AsOf {
    as_of: Option<String>,
}

/// A new 基準日: the set is checked again with it (nothing read again).
async fn set_as_of(State(app): State<Arc<App>>, Json(body): Json<AsOf>) -> Response {
    let as_of = match body
        .as_of
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => match crate::contract::date::parse_date(s) {
            Ok(d) => Some(d),
            Err(e) => {
                return api_error(
                    StatusCode::BAD_REQUEST,
                    format!("「基準日」の「{s}」は{e}。日付を選び直してください。"),
                )
            }
        },
    };
    let _turn = match take_turn(&app).await {
        Ok(turn) => turn,
        Err(refused) => return refused,
    };
    {
        let mut ws = app.workspace();
        ws.as_of = as_of;
        ws.changed();
    }
    checked_state(&app, None).await
}

/// Checks the set as it is now (the caller holds the turn) and returns the state; `replaced`:
/// how many files of an upload took an old one's place.
async fn checked_state(app: &Arc<App>, replaced: Option<usize>) -> Response {
    recheck(app).await;
    let ws = app.workspace();
    state_response(app, &ws, replaced)
}

/// Reads what changed and checks the whole; the result is kept only if the set is still the one
/// checked (「すべて消去」 may have come meanwhile).
async fn recheck(app: &Arc<App>) {
    let (inputs, areas, as_of, ids, arrived) = {
        let mut ws = app.workspace();
        let ids: Vec<u64> = ws.files.iter().map(|f| f.id).collect();
        if ids.is_empty() {
            ws.checked = None;
            ws.changed();
            return;
        }
        ws.checking = true;
        ws.changed();
        let areas = ws.areas.as_ref().map(|a| a.path.clone());
        let arrived = std::mem::take(&mut ws.arrived);
        (ws.to_check(), areas, app.as_of(&ws), ids, arrived)
    };
    let done = tokio::task::spawn_blocking(move || {
        workspace::check(inputs, arrived, areas.as_deref(), as_of)
    })
    .await;
    let mut ws = app.workspace();
    let same_set = ws.files.iter().map(|f| f.id).eq(ids.iter().copied());
    if let (
        Ok(workspace::SetChecked {
            loaded,
            case_list,
            reads,
            fresh,
        }),
        true,
    ) = (done, same_set)
    {
        ws.keep_parts(reads, fresh);
        ws.checked = Some(Arc::new(Checked {
            loaded,
            as_of,
            files: ids,
            case_list,
        }));
    }
    ws.checking = false;
    ws.changed();
}

/// Everything a tab shows: the files, the check, the cases, the jobs, and the version, so that a
/// tab asks for it again only when something changed.
#[derive(serde::Serialize)]
struct StateJson<'a> {
    version: u64,
    files: Vec<serde_json::Value>,
    areas: Option<serde_json::Value>,
    as_of: String,
    as_of_chosen: Option<String>,
    checking: bool,
    check: Option<crate::pipeline::CheckReport<'a>>,
    case_list: &'a [workspace::CaseRow],
    jobs: Vec<serde_json::Value>,
    today: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    replaced: Option<usize>,
}

/// The state as JSON, written straight from the records (no value tree: 100,000 cases are a
/// 13 MB answer).
pub fn state_response(app: &App, ws: &Workspace, replaced: Option<usize>) -> Response {
    let checked = ws
        .checked
        .as_ref()
        .filter(|c| ws.files.iter().map(|f| f.id).eq(c.files.iter().copied()));
    let books: HashSet<&str> = checked
        .map(|c| &c.loaded.inputs[..])
        .unwrap_or_default()
        .iter()
        .filter(|i| i.formbook)
        .map(|i| i.name.as_str())
        .collect();
    let state = StateJson {
        version: ws.version,
        files: ws.files.iter().map(|f| file_json(f, &books)).collect(),
        areas: ws.areas.as_ref().map(|a| file_json(a, &HashSet::new())),
        as_of: app.as_of(ws).to_string(),
        as_of_chosen: ws.as_of.map(|d| d.to_string()),
        checking: ws.checking,
        check: checked.map(|c| c.loaded.check_report(c.as_of)),
        case_list: checked.map(|c| &c.case_list[..]).unwrap_or_default(),
        jobs: jobs_json(ws),
        today: app.today().to_string(),
        replaced,
    };
    match serde_json::to_vec(&state) {
        Ok(bytes) => (
            [(header::CONTENT_TYPE, "application/json")],
            axum::body::Body::from(bytes),
        )
            .into_response(),
        Err(_) => api_error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "内部エラーで状態を送れませんでした。ページを読み込み直してください。",
        ),
    }
}

/// One file of the list; `books`: the names read as 様式ブック (their 読み取り結果 link).
fn file_json(f: &InputFile, books: &HashSet<&str>) -> serde_json::Value {
    let formbook = books.contains(f.label.as_str());
    serde_json::json!({
        "id": f.id,
        "name": crate::terminal::escape(&f.name),
        "label": crate::terminal::escape(&f.label),
        "folder": crate::terminal::escape(&f.folder),
        "bytes": f.bytes,
        "csv": f.is_csv(),
        "workbook": formbook,
    })
}

pub fn jobs_json(ws: &Workspace) -> Vec<serde_json::Value> {
    ws.jobs.iter().map(|(id, job)| job.json(*id)).collect()
}

#[derive(Deserialize)]
struct StateQuery {
    /// The version the tab has: when nothing changed, only the jobs (their progress) are sent.
    since: Option<u64>,
}

async fn state(State(app): State<Arc<App>>, Query(q): Query<StateQuery>) -> Response {
    let ws = app.workspace();
    if q.since == Some(ws.version) {
        return Json(serde_json::json!({
            "version": ws.version,
            "unchanged": true,
            "checking": ws.checking,
            "jobs": jobs_json(&ws),
        }))
        .into_response();
    }
    state_response(&app, &ws, None)
}

/// Lets go of a cleared workspace: its private folder at once (unless a job still writes in it:
/// then when that job ends), the records it held on a thread of its own.
fn drop_later(mut old: Workspace) {
    drop(old.folder.take());
    tokio::task::spawn_blocking(move || drop(old));
}

async fn clear(State(app): State<Arc<App>>) -> Response {
    let old = app.workspace().clear();
    drop_later(old);
    Json(serde_json::json!({ "cleared": true })).into_response()
}

/// The saved file of the set with this id (for 読み取り結果).
pub fn saved_file(app: &App, id: u64) -> Option<PathBuf> {
    app.workspace()
        .files
        .iter()
        .find(|f| f.id == id)
        .map(|f| f.path.clone())
}
