//! Ticket attachments and visit photos: multipart upload (the only routes with a body limit
//! above the default), the list without bytes, and the download the browser will not sniff (a
//! ticket's file as an attachment, a visit's photo inline so a thumbnail can show it).

use super::catalogue::{Routes, get, post};
use axum::Json;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zoneops_app::attachment::{self, HOTLINE_MAX_FILES, Upload};
use zoneops_app::visit_photo;
use zoneops_db::visit_photo::VisitPhotoRow;
use zoneops_domain::attachment::{MAX_PER_TICKET, MAX_PHOTOS_PER_VISIT, ascii_name, percent_encode};

use super::Items;
use super::items;
use crate::error::{ApiError, ApiResult};
use crate::extract::{ApiPath, ApiQuery, CurrentUser, meta};
use crate::{AppState, Config};
use zoneops_db::attachment::AttachmentRow;

/// Files one upload request may carry; the request's body limit allows this many full-size
/// files plus the multipart framing.
pub const FILES_PER_REQUEST: usize = 3;

fn request_limit(max_file: usize) -> usize {
    max_file.saturating_mul(FILES_PER_REQUEST).saturating_add(1024 * 1024)
}

pub fn router(config: &Config) -> Routes {
    let limit = request_limit(config.attachment_max_bytes);
    Routes::new()
        .route("/tickets/{id}/attachments", get(list).post(upload).layer(DefaultBodyLimit::max(limit)))
        .route("/tickets/{id}/attachments/{att}", get(download))
        .route("/public/tickets/{no}/attachments", post(hotline_upload).layer(DefaultBodyLimit::max(limit)))
        .route("/visits/{id}/photos", get(visit_photos).post(upload_visit_photos).layer(DefaultBodyLimit::max(limit)))
        .route("/visits/{id}/photos/{photo}", get(visit_photo))
}

fn multipart_error(e: &MultipartError, max_file: usize) -> ApiError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "PAYLOAD_TOO_LARGE",
            format!(
                "上传内容过大：每个文件不超过{}，每次最多上传{FILES_PER_REQUEST}个文件",
                attachment::size_text(max_file)
            ),
        )
        .field("file")
    } else {
        ApiError::new(StatusCode::BAD_REQUEST, "MULTIPART_INVALID", "上传内容格式有误，请重新选择文件上传")
            .field("file")
    }
}

/// The file parts of a multipart body, each refused as soon as it passes `max` bytes.
async fn read_files(mut mp: Multipart, max: usize, per_request: usize) -> ApiResult<Vec<Upload>> {
    let mut files = Vec::new();
    while let Some(mut field) = mp.next_field().await.map_err(|e| multipart_error(&e, max))? {
        // Only parts that carry a file name are files; other form fields are ignored.
        let Some(name) = field.file_name().map(str::to_owned) else { continue };
        if files.len() >= per_request {
            return Err(ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "ATTACHMENT_TOO_MANY",
                format!("每次最多上传{per_request}个文件"),
            )
            .field("file"));
        }
        let mut data = Vec::new();
        while let Some(chunk) = field.chunk().await.map_err(|e| multipart_error(&e, max))? {
            if data.len() + chunk.len() > max {
                // Refused while reading: nothing of it is kept.
                return Err(attachment::too_large(&name, max).into());
            }
            data.extend_from_slice(&chunk);
        }
        files.push(Upload { file_name: name, data });
    }
    Ok(files)
}

async fn upload(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<Items<AttachmentRow>>)> {
    let max = s.config.attachment_max_bytes;
    let files = read_files(mp, max, FILES_PER_REQUEST.min(MAX_PER_TICKET)).await?;
    let rows = attachment::upload(&s.ctx, &a, id, files, max).await?;
    Ok((StatusCode::CREATED, items(rows)))
}

#[derive(Deserialize, utoipa::IntoParams, utoipa::ToSchema)]
struct CodeQuery {
    #[serde(default)]
    code: String,
}

/// Files sent with the public hotline form (no login): the tracking number and access code of
/// the ticket just filed open the way; the answer names the files stored, nothing more.
async fn hotline_upload(
    State(s): State<AppState>,
    parts: Parts,
    ApiPath(no): ApiPath<String>,
    ApiQuery(q): ApiQuery<CodeQuery>,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<Items<String>>)> {
    let max = s.config.attachment_max_bytes;
    let files = read_files(mp, max, HOTLINE_MAX_FILES).await?;
    let names = attachment::upload_hotline(&s.ctx, &meta(&parts), &no, &q.code, files, max).await?;
    Ok((StatusCode::CREATED, items(names)))
}

async fn list(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Items<AttachmentRow>>> {
    Ok(items(attachment::list(&s.ctx, &a, id).await?))
}

async fn download(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath((id, att)): ApiPath<(i64, i64)>,
) -> ApiResult<Response> {
    let (row, data) = attachment::download(&s.ctx, &a, id, att).await?;
    let mut res = file_response(data, &row.file_name, &row.content_type, "attachment");
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    Ok(res)
}

/// Stored bytes as a response the browser will not sniff or run: the type stored at upload (from
/// the bytes), the file name both as ASCII and UTF-8, and a sandboxing policy.
fn file_response(data: Vec<u8>, name: &str, content_type: &str, disposition: &str) -> Response {
    let disposition =
        format!("{disposition}; filename=\"{}\"; filename*=UTF-8''{}", ascii_name(name), percent_encode(name));
    let header_value =
        |v: &str| HeaderValue::from_str(v).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let mut res = data.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, header_value(content_type));
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_str(&disposition).unwrap_or_else(|_| HeaderValue::from_static("attachment")),
    );
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static("default-src 'none'; sandbox"));
    res
}

// ---- visit photos ---------------------------------------------------------------------------------

async fn upload_visit_photos(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
    mp: Multipart,
) -> ApiResult<(StatusCode, Json<Items<VisitPhotoRow>>)> {
    let max = s.config.attachment_max_bytes;
    let files = read_files(mp, max, FILES_PER_REQUEST.min(MAX_PHOTOS_PER_VISIT)).await?;
    let rows = visit_photo::upload(&s.ctx, &a, id, files, max).await?;
    Ok((StatusCode::CREATED, items(rows)))
}

async fn visit_photos(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Items<VisitPhotoRow>>> {
    Ok(items(visit_photo::list(&s.ctx, &a, id).await?))
}

/// A photo, inline (an `<img>` shows it). Its bytes never change, so the SHA-256 is its ETag:
/// a list shown again revalidates each thumbnail (access checked again) without resending it.
async fn visit_photo(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiPath((id, photo)): ApiPath<(i64, i64)>,
    parts: Parts,
) -> ApiResult<Response> {
    let etag = |sha: &str| format!("\"{sha}\"");
    let cached = parts.headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok());
    if let Some(cached) = cached {
        let row = visit_photo::find(&s.ctx, &a, id, photo).await?;
        if cached.split(',').any(|t| t.trim() == etag(&row.sha256)) {
            let mut res = StatusCode::NOT_MODIFIED.into_response();
            if let Ok(v) = HeaderValue::from_str(&etag(&row.sha256)) {
                res.headers_mut().insert(header::ETAG, v);
            }
            res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
            return Ok(res);
        }
    }
    let (row, data) = visit_photo::download(&s.ctx, &a, id, photo).await?;
    let mut res = file_response(data, &row.file_name, &row.content_type, "inline");
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&etag(&row.sha256)) {
        h.insert(header::ETAG, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    Ok(res)
}
