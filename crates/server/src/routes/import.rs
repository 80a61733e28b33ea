//! Imports (decision 0040): `POST /imports/{kind}` uploads a workbook and answers its preview
//! (nothing stored but the staged upload); `POST /imports/batches/{id}/commit` writes it, all
//! or nothing; `GET /imports/batches/{id}` shows the preview again. The file is read behind the
//! sheet crate's guards: too big → 413, not an .xlsx → 415, a workbook we will not read → 422.

use axum::Json;
use axum::extract::{DefaultBodyLimit, Multipart, State};
use axum::http::StatusCode;
use zoneops_app::import::{self, ImportError, ImportKind, ImportPreview, ImportResult, UploadOptions};
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
        .route("/imports/batches/{id}", get(preview))
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
