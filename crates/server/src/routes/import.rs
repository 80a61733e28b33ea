//! Imports (decision 0040): `POST /imports/{kind}` uploads a workbook and answers its preview
//! (nothing stored but the staged upload); `POST /imports/batches/{id}/commit` writes it, all
//! or nothing; `GET /imports/batches/{id}` shows the preview again. The file is read behind the
//! sheet crate's guards: too big → 413, not an .xlsx → 415, a workbook we will not read → 422.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zoneops_app::import::{self, ImportError, ImportKind, ImportPreview, ImportResult, UploadOptions};
use zoneops_domain::attachment::{ascii_name, percent_encode};
use zoneops_sheet::read::Limits;

use super::catalogue::{Routes, get, post};
use crate::AppState;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery, CurrentUser};

/// The largest upload: a 100,000-row 月报 is about 5 MB.
pub fn max_bytes() -> usize {
    Limits::default().max_bytes
}

pub fn router() -> Routes {
    let limit = DefaultBodyLimit::max(max_bytes() + 1024 * 1024);
    Routes::new()
        .route("/imports/{kind}", post(upload).layer(limit))
        .route("/imports/{kind}/template", get(template))
        .route("/imports/batches/{id}", get(preview))
        .route("/imports/batches/{id}/annotated", get(annotated))
        .route("/imports/batches/{id}/commit", post(commit))
}

fn too_large() -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "IMPORT_FILE_TOO_LARGE",
        format!("文件过大：不能超过{}MB", max_bytes() / (1024 * 1024)),
    )
    .field("file")
}

/// The one file part of the body, refused as soon as it passes the limit.
async fn read_file(mut mp: Multipart) -> ApiResult<(String, Vec<u8>)> {
    let bad = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            too_large()
        } else {
            ApiError::new(StatusCode::BAD_REQUEST, "MULTIPART_INVALID", "上传内容格式有误，请重新选择文件上传")
                .field("file")
        }
    };
    while let Some(mut field) = mp.next_field().await.map_err(bad)? {
        let Some(name) = field.file_name().map(str::to_owned) else { continue };
        let mut data = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(bad)? {
            if data.len() + chunk.len() > max_bytes() {
                return Err(too_large());
            }
            data.extend_from_slice(&chunk);
        }
        return Ok((name, data));
    }
    Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "IMPORT_FILE_REQUIRED", "请选择要导入的Excel文件（.xlsx）")
        .field("file"))
}

fn refused(e: ImportError) -> ApiError {
    match e {
        ImportError::Refused(r) => {
            let status = StatusCode::from_u16(r.status()).unwrap_or(StatusCode::UNPROCESSABLE_ENTITY);
            ApiError::new(status, r.code(), r.message_zh()).field("file")
        }
        ImportError::App(a) => a.into(),
    }
}

/// Uploads a workbook of `kind` (`enterprises`, `indicators`) and answers what it would do.
async fn upload(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(kind): ApiPath<String>,
    ApiQuery(opts): ApiQuery<UploadOptions>,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<ImportPreview>)> {
    let kind = ImportKind::parse(&kind)?;
    let (name, data) = read_file(mp).await?;
    let limits = Limits { max_bytes: max_bytes(), ..Limits::default() };
    let p = import::upload(&s.ctx, &a, kind, &name, data, limits, &opts).await.map_err(refused)?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// A staged upload's preview (its uploader only).
async fn preview(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ImportPreview>> {
    Ok(Json(import::get(&s.ctx, &a, id).await?))
}

/// Writes a staged upload in one transaction (its uploader only; once).
async fn commit(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ImportResult>> {
    Ok(Json(import::commit(&s.ctx, &a, id).await?))
}

/// An .xlsx answer, named for the download.
fn workbook(bytes: Vec<u8>, name: &str) -> Response {
    let mut res = bytes.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(zoneops_sheet::write::CONTENT_TYPE));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    let disposition =
        format!("attachment; filename=\"{}\"; filename*=UTF-8''{}", ascii_name(name), percent_encode(name));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

#[derive(Deserialize, utoipa::IntoParams)]
struct TemplateQuery {
    /// `long` for the indicators' long layout (one figure a row); default the 月报.
    layout: Option<String>,
}

/// The kind's template: header notes, and dropdowns of the zone's own parks, chains, metrics.
async fn template(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(kind): ApiPath<String>,
    ApiQuery(q): ApiQuery<TemplateQuery>,
) -> ApiResult<Response> {
    let kind = ImportKind::parse(&kind)?;
    let bytes = import::template(&s.ctx, &a, kind, q.layout.as_deref()).await?;
    let name = match (kind, q.layout.as_deref()) {
        (ImportKind::Indicators, Some("long")) => "经济指标导入模板（长表）.xlsx".to_string(),
        (ImportKind::Indicators, _) => "企业月报导入模板.xlsx".to_string(),
        (k, _) => format!("{}导入模板.xlsx", k.label_zh()),
    };
    Ok(workbook(bytes, &name))
}

/// The staged upload with its errors in an added column (its uploader only).
async fn annotated(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Response> {
    let (name, bytes) = import::annotated(&s.ctx, &a, id).await?;
    Ok(workbook(bytes, &name))
}
