//! Ticket attachments: whoever may act on a ticket (its requester, the handling department, the
//! dispatcher) uploads; whoever may see it lists and downloads. Types are judged by the bytes,
//! each upload is a history event and an audit row in the transaction that stores the bytes.

use serde::Serialize;
use sha2::{Digest, Sha256};
use zoneops_db::attachment::{self as repo, AttachmentRow, NewAttachment};
use zoneops_db::ticket::{self as tickets, NewEvent, TicketRow};
use zoneops_domain::attachment::{self as rules, ALLOWED_HINT, MAX_PER_TICKET};

use crate::{Actor, AppError, AppResult, Ctx};

/// A file as received: the name the client gave and the bytes.
pub struct Upload {
    pub file_name: String,
    pub data: Vec<u8>,
}

/// "2.5 MB" / "800 KB" for messages.
pub fn size_text(bytes: usize) -> String {
    if bytes >= 1024 * 1024 {
        let tenths = bytes * 10 / (1024 * 1024);
        if tenths.is_multiple_of(10) {
            format!("{} MB", tenths / 10)
        } else {
            format!("{}.{} MB", tenths / 10, tenths % 10)
        }
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The error for a file over the limit (also raised by the HTTP layer while it reads).
pub fn too_large(name: &str, max_bytes: usize) -> AppError {
    AppError::invalid(
        "file",
        "ATTACHMENT_TOO_LARGE",
        format!("文件“{}”超过{}，未上传", rules::clean_name(name), size_text(max_bytes)),
    )
}

/// The ticket in the caller's scope (404 otherwise).
async fn visible(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<TicketRow> {
    if !actor.can("ticket:read") && !actor.can("ticket:write") && !actor.can("ticket:dispatch") {
        return Err(AppError::Forbidden);
    }
    tickets::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)
}

#[derive(Serialize)]
struct Audited<'a> {
    attachment_id: i64,
    file_name: &'a str,
    content_type: &'a str,
    size: usize,
    sha256: &'a str,
}

/// Checks every file, then stores them all or none.
pub async fn upload(
    ctx: &Ctx,
    actor: &Actor,
    ticket: i64,
    files: Vec<Upload>,
    max_bytes: usize,
) -> AppResult<Vec<AttachmentRow>> {
    let t = visible(ctx, actor, ticket).await?;
    if crate::ticket::sides(actor, &t).is_empty() {
        return Err(AppError::Forbidden);
    }
    if files.is_empty() {
        return Err(AppError::invalid("file", "REQUIRED", "请选择要上传的文件"));
    }
    let mut checked = Vec::new();
    for f in &files {
        let mut name = rules::clean_name(&f.file_name);
        if f.data.is_empty() {
            return Err(AppError::invalid("file", "ATTACHMENT_EMPTY", format!("文件“{name}”是空文件")));
        }
        if f.data.len() > max_bytes {
            return Err(too_large(&name, max_bytes));
        }
        let Some(kind) = rules::sniff(&name, &f.data) else {
            return Err(AppError::invalid(
                "file",
                "ATTACHMENT_TYPE",
                format!("文件“{name}”的类型不允许（按文件内容判断），仅接受{ALLOWED_HINT}"),
            ));
        };
        if name.is_empty() {
            name = format!("附件.{}", kind.content_type.rsplit('/').next().unwrap_or("bin"));
        }
        let sha = hex::encode(Sha256::digest(&f.data));
        checked.push((name, kind, sha, &f.data));
    }
    let tx = ctx.db.begin_write().await?;
    let have = usize::try_from(repo::count(&*tx, actor.zone(), ticket).await?).unwrap_or(usize::MAX);
    if have.saturating_add(checked.len()) > MAX_PER_TICKET {
        return Err(AppError::invalid(
            "file",
            "ATTACHMENT_TOO_MANY",
            format!("每个工单最多{MAX_PER_TICKET}个附件，已有{have}个"),
        ));
    }
    let now = zoneops_db::now();
    for (name, kind, sha, data) in &checked {
        let a = NewAttachment {
            zone: actor.zone(),
            ticket,
            file_name: name,
            content_type: kind.content_type,
            sha256: sha,
            data,
            uploaded_by: Some(actor.user_id),
            uploader: &actor.display_name,
        };
        let id = repo::insert(&tx, &a).await?;
        let ev = NewEvent {
            zone: actor.zone(),
            ticket,
            action: "attach",
            from: Some(&t.state),
            to: &t.state,
            actor: (Some(actor.user_id), &actor.display_name),
            department: None,
            reason: Some(name),
        };
        tickets::insert_event(&tx, &ev, now).await?;
        let after = Audited {
            attachment_id: id,
            file_name: name,
            content_type: kind.content_type,
            size: data.len(),
            sha256: sha,
        };
        actor.audit(&tx, "attach", "ticket", ticket, None::<&()>, Some(&after)).await?;
    }
    tx.commit().await?;
    Ok(repo::list(ctx.db.conn(), actor.zone(), ticket).await?)
}

pub async fn list(ctx: &Ctx, actor: &Actor, ticket: i64) -> AppResult<Vec<AttachmentRow>> {
    visible(ctx, actor, ticket).await?;
    Ok(repo::list(ctx.db.conn(), actor.zone(), ticket).await?)
}

pub async fn download(ctx: &Ctx, actor: &Actor, ticket: i64, id: i64) -> AppResult<(AttachmentRow, Vec<u8>)> {
    visible(ctx, actor, ticket).await?;
    repo::get(ctx.db.conn(), actor.zone(), ticket, id).await?.ok_or(AppError::NotFound)
}
