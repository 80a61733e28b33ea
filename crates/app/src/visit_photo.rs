//! Photos on a visit (走访), taken with the phone's camera while recording it (decision 0036).
//! They are stored like ticket attachments (bytes in the database, type judged by the bytes:
//! JPEG or PNG only) and follow the visit's scope: whoever may read the visit sees its photos,
//! anyone else gets 404. Only the cadre who made the visit adds photos to it.

use serde::Serialize;
use zoneops_db::visit::VisitRow;
use zoneops_db::visit_photo::{self as repo, NewVisitPhoto, VisitPhotoRow};
use zoneops_domain::Permission;
use zoneops_domain::attachment::{self as rules, MAX_PHOTOS_PER_VISIT, PHOTO_HINT};

use crate::attachment::{Accept, Upload, check_as};
use crate::{Actor, AppError, AppResult, Ctx};

const PHOTOS: Accept = Accept { sniff: rules::sniff_photo, hint: PHOTO_HINT };

/// The visit in the caller's scope (404 otherwise).
async fn visible(ctx: &Ctx, actor: &Actor, visit: i64) -> AppResult<VisitRow> {
    actor.require(Permission::VisitRead)?;
    zoneops_db::visit::get(ctx.db.conn(), &actor.scope, visit).await?.ok_or(AppError::NotFound)
}

#[derive(Serialize)]
struct Audited<'a> {
    photo_id: i64,
    file_name: &'a str,
    content_type: &'a str,
    size: usize,
    sha256: &'a str,
}

/// Checks every photo, then stores them all or none; answers the visit's photos.
pub async fn upload(
    ctx: &Ctx,
    actor: &Actor,
    visit: i64,
    files: Vec<Upload>,
    max_bytes: usize,
) -> AppResult<Vec<VisitPhotoRow>> {
    actor.require(Permission::VisitWrite)?;
    let v = visible(ctx, actor, visit).await?;
    if v.cadre_id != actor.user_id {
        return Err(AppError::Forbidden);
    }
    let checked = check_as(&files, max_bytes, &PHOTOS)?;
    let tx = ctx.db.begin_write().await?;
    let have = usize::try_from(repo::count(&*tx, actor.zone(), visit).await?).unwrap_or(usize::MAX);
    if have.saturating_add(checked.len()) > MAX_PHOTOS_PER_VISIT {
        return Err(AppError::invalid(
            "file",
            "VISIT_PHOTO_TOO_MANY",
            format!("每次走访最多{MAX_PHOTOS_PER_VISIT}张照片，已有{have}张"),
        ));
    }
    for c in &checked {
        let p = NewVisitPhoto {
            zone: actor.zone(),
            visit,
            file_name: &c.name,
            content_type: c.kind.content_type,
            sha256: &c.sha256,
            data: c.data,
            uploaded_by: actor.user_id,
            uploader: &actor.display_name,
        };
        let id = repo::insert(&tx, &p).await?;
        let after = Audited {
            photo_id: id,
            file_name: &c.name,
            content_type: c.kind.content_type,
            size: c.data.len(),
            sha256: &c.sha256,
        };
        actor.audit(&tx, "attach", "visit", visit, None::<&()>, Some(&after)).await?;
    }
    tx.commit().await?;
    Ok(repo::list(ctx.db.conn(), &actor.scope, visit).await?)
}

pub async fn list(ctx: &Ctx, actor: &Actor, visit: i64) -> AppResult<Vec<VisitPhotoRow>> {
    visible(ctx, actor, visit).await?;
    Ok(repo::list(ctx.db.conn(), &actor.scope, visit).await?)
}

/// A photo without its bytes (to answer "not modified").
pub async fn find(ctx: &Ctx, actor: &Actor, visit: i64, id: i64) -> AppResult<VisitPhotoRow> {
    actor.require(Permission::VisitRead)?;
    repo::find(ctx.db.conn(), &actor.scope, visit, id).await?.ok_or(AppError::NotFound)
}

pub async fn download(ctx: &Ctx, actor: &Actor, visit: i64, id: i64) -> AppResult<(VisitPhotoRow, Vec<u8>)> {
    actor.require(Permission::VisitRead)?;
    repo::get(ctx.db.conn(), &actor.scope, visit, id).await?.ok_or(AppError::NotFound)
}
