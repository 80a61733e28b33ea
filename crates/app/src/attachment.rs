//! Ticket attachments: whoever may act on a ticket (its requester, the handling department, the
//! dispatcher) uploads; whoever may see it lists and downloads. Types are judged by the bytes,
//! each upload is a history event and an audit row in the transaction that stores the bytes.

use serde::Serialize;
use sha2::{Digest, Sha256};
use zoneops_db::attachment::{self as repo, AttachmentRow, NewAttachment};
use zoneops_db::ticket::{self as tickets, NewEvent, TicketRow};
use zoneops_domain::Permission;
use zoneops_domain::attachment::{self as rules, ALLOWED_HINT, MAX_PER_TICKET};

use crate::{Actor, AppError, AppResult, Ctx, RequestMeta};

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
    if !actor.can(Permission::TicketRead)
        && !actor.can(Permission::TicketWrite)
        && !actor.can(Permission::TicketDispatch)
    {
        return Err(AppError::Forbidden);
    }
    tickets::get(ctx.db.conn(), &actor.scope, id).await?.ok_or(AppError::NotFound)
}

#[derive(Serialize, utoipa::ToSchema)]
struct Audited<'a> {
    attachment_id: i64,
    file_name: &'a str,
    content_type: &'a str,
    size: usize,
    sha256: &'a str,
}

/// A file that passed the checks, ready to store.
pub(crate) struct Checked<'a> {
    pub name: String,
    pub kind: rules::Kind,
    pub sha256: String,
    pub data: &'a [u8],
}

/// Which files an upload takes: the type by the name and leading bytes, and what to tell people
/// who send something else.
pub(crate) struct Accept {
    pub sniff: fn(&str, &[u8]) -> Option<rules::Kind>,
    pub hint: &'static str,
}

/// What a ticket takes.
const TICKET_FILES: Accept = Accept { sniff: rules::sniff, hint: ALLOWED_HINT };

/// Every file checked (not empty, within the limit, an accepted type by its bytes) before any is
/// stored.
fn check(files: &[Upload], max_bytes: usize) -> AppResult<Vec<Checked<'_>>> {
    check_as(files, max_bytes, &TICKET_FILES)
}

/// [`check`] for the files `accept` takes.
pub(crate) fn check_as<'a>(files: &'a [Upload], max_bytes: usize, accept: &Accept) -> AppResult<Vec<Checked<'a>>> {
    if files.is_empty() {
        return Err(AppError::invalid("file", "REQUIRED", "请选择要上传的文件"));
    }
    let mut checked = Vec::new();
    for f in files {
        // A direction override makes "\u{202e}fdp.exe" display as "exe.pdf": refused, not cleaned,
        // so the uploader sees why.
        if f.file_name.chars().any(zoneops_domain::text::is_bidi_control) {
            let e = zoneops_domain::text::TextError::Bidi;
            return Err(AppError::invalid("file", e.code(), e.message_zh("文件名")));
        }
        let mut name = rules::clean_name(&f.file_name);
        if f.data.is_empty() {
            return Err(AppError::invalid("file", "ATTACHMENT_EMPTY", format!("文件“{name}”是空文件")));
        }
        if f.data.len() > max_bytes {
            return Err(too_large(&name, max_bytes));
        }
        let Some(kind) = (accept.sniff)(&name, &f.data) else {
            return Err(AppError::invalid(
                "file",
                "ATTACHMENT_TYPE",
                format!("文件“{name}”的类型不允许（按文件内容判断），仅接受{}", accept.hint),
            ));
        };
        if name.is_empty() {
            name = format!("附件.{}", kind.content_type.rsplit('/').next().unwrap_or("bin"));
        }
        let sha256 = hex::encode(Sha256::digest(&f.data));
        checked.push(Checked { name, kind, sha256, data: &f.data });
    }
    Ok(checked)
}

/// Who uploads: a signed-in user (audited as such) or the public hotline form.
enum Uploader<'a> {
    User(&'a Actor),
    Hotline(&'a RequestMeta),
}

impl Uploader<'_> {
    fn who(&self) -> (Option<i64>, &str) {
        match self {
            Uploader::User(a) => (Some(a.user_id), a.display_name.as_str()),
            Uploader::Hotline(_) => (None, HOTLINE_UPLOADER),
        }
    }

    async fn audit(&self, tx: &zoneops_db::WriteTx, zone: i64, ticket: i64, after: &Audited<'_>) -> AppResult<()> {
        match self {
            Uploader::User(a) => a.audit(tx, "attach", "ticket", ticket, None::<&()>, Some(after)).await,
            Uploader::Hotline(m) => m.audit_hotline(tx, zone, "attach", "ticket", ticket, after).await,
        }
    }
}

/// The name the history and the list show for files sent with the public hotline form.
pub const HOTLINE_UPLOADER: &str = "热线来电";
/// Files the public hotline form may add to its ticket.
pub const HOTLINE_MAX_FILES: usize = 3;

/// Stores checked files on a ticket in one transaction: rows, history events, audit rows. The
/// limits (per ticket, and for the hotline its own share) are counted inside the transaction.
async fn store(ctx: &Ctx, t: &TicketRow, checked: &[Checked<'_>], by: &Uploader<'_>) -> AppResult<()> {
    let tx = ctx.db.begin_write().await?;
    let (have, public) = repo::counts(&*tx, t.zone_id, t.id).await?;
    let have = usize::try_from(have).unwrap_or(usize::MAX);
    if have.saturating_add(checked.len()) > MAX_PER_TICKET {
        return Err(AppError::invalid(
            "file",
            "ATTACHMENT_TOO_MANY",
            format!("每个工单最多{MAX_PER_TICKET}个附件，已有{have}个"),
        ));
    }
    if let Uploader::Hotline(_) = by
        && usize::try_from(public).unwrap_or(usize::MAX).saturating_add(checked.len()) > HOTLINE_MAX_FILES
    {
        return Err(AppError::invalid(
            "file",
            "ATTACHMENT_TOO_MANY",
            format!("热线提交的诉求最多附{HOTLINE_MAX_FILES}个文件，已有{public}个"),
        ));
    }
    let now = zoneops_db::now();
    let (user, name_of_uploader) = by.who();
    for c in checked {
        let a = NewAttachment {
            zone: t.zone_id,
            ticket: t.id,
            file_name: &c.name,
            content_type: c.kind.content_type,
            sha256: &c.sha256,
            data: c.data,
            uploaded_by: user,
            uploader: name_of_uploader,
        };
        let id = repo::insert(&tx, &a).await?;
        let ev = NewEvent {
            zone: t.zone_id,
            ticket: t.id,
            action: zoneops_domain::ticket::TicketEvent::Attach.code(),
            from: Some(&t.state),
            to: &t.state,
            actor: (user, name_of_uploader),
            department: None,
            reason: Some(&c.name),
        };
        tickets::insert_event(&tx, &ev, now).await?;
        let after = Audited {
            attachment_id: id,
            file_name: &c.name,
            content_type: c.kind.content_type,
            size: c.data.len(),
            sha256: &c.sha256,
        };
        by.audit(&tx, t.zone_id, t.id, &after).await?;
    }
    tx.commit().await?;
    Ok(())
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
    if !crate::check::stored::<zoneops_domain::ticket::TicketState>(&t.state)?.takes_attachments() {
        return Err(AppError::invalid("file", "ATTACHMENT_CLOSED", "工单已关闭，不能再上传附件"));
    }
    let checked = check(&files, max_bytes)?;
    store(ctx, &t, &checked, &Uploader::User(actor)).await?;
    Ok(repo::list(ctx.db.conn(), &actor.scope, ticket).await?)
}

/// Files sent with the public hotline form, right after filing: found by tracking number and
/// access code (404 otherwise), only on a hotline ticket still open, at most
/// [`HOTLINE_MAX_FILES`] in all. Answers with the names stored, nothing else about the ticket.
pub async fn upload_hotline(
    ctx: &Ctx,
    meta: &RequestMeta,
    no: &str,
    code: &str,
    files: Vec<Upload>,
    max_bytes: usize,
) -> AppResult<Vec<String>> {
    let t = tickets::by_tracking(ctx.db.conn(), no.trim(), code.trim().to_uppercase().as_str())
        .await?
        .ok_or(AppError::NotFound)?;
    use zoneops_domain::ticket::{Channel, TicketState};
    let open = crate::check::stored::<TicketState>(&t.state)?.is_open();
    if crate::check::stored::<Channel>(&t.channel)? != Channel::Hotline || !open {
        return Err(AppError::invalid("file", "ATTACHMENT_CLOSED", "该诉求已不能通过热线补充附件"));
    }
    let checked = check(&files, max_bytes)?;
    store(ctx, &t, &checked, &Uploader::Hotline(meta)).await?;
    Ok(checked.into_iter().map(|c| c.name).collect())
}

pub async fn list(ctx: &Ctx, actor: &Actor, ticket: i64) -> AppResult<Vec<AttachmentRow>> {
    visible(ctx, actor, ticket).await?;
    Ok(repo::list(ctx.db.conn(), &actor.scope, ticket).await?)
}

pub async fn download(ctx: &Ctx, actor: &Actor, ticket: i64, id: i64) -> AppResult<(AttachmentRow, Vec<u8>)> {
    visible(ctx, actor, ticket).await?;
    repo::get(ctx.db.conn(), &actor.scope, ticket, id).await?.ok_or(AppError::NotFound)
}
