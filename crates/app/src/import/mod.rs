//! Imports (decision 0040): an upload is read behind the sheet crate's guards, each row checked
//! with the API's own rules against reference data loaded once, and answered as a preview —
//! counts of new, changed and unchanged rows and every error by row and column. The upload is
//! staged; nothing is stored until its uploader confirms. The commit reads the staged file
//! again against the data as it is then, refuses if the plan is no longer the one previewed,
//! and writes everything in one transaction with one audit entry per record changed, or
//! nothing.

mod enterprises;
mod indicators;
pub mod layout;
mod sheets;

pub use sheets::template;

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zoneops_db::import::{self as repo, NewBatch};
use zoneops_domain::Permission;
use zoneops_sheet::read::{Limits, ReadError, Row, Workbook};

use crate::{Actor, AppError, AppResult, Ctx};
use layout::{ColumnSpec, HEADER_SEARCH_ROWS, Layout};

/// What is imported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// 企业名录: one enterprise a row, matched by credit code.
    Enterprises,
    /// 经济指标: the 月报 (one enterprise a row, a column per metric, one month) or the long
    /// layout (enterprise, metric, month, value a row); told apart by the header.
    Indicators,
}

impl ImportKind {
    pub fn parse(s: &str) -> AppResult<ImportKind> {
        match s {
            "enterprises" => Ok(ImportKind::Enterprises),
            "indicators" => Ok(ImportKind::Indicators),
            _ => Err(AppError::invalid("kind", "IMPORT_KIND_UNKNOWN", "导入类型应为 enterprises 或 indicators")),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Enterprises => "enterprises",
            ImportKind::Indicators => "indicators",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            ImportKind::Enterprises => "企业名录",
            ImportKind::Indicators => "经济指标",
        }
    }

    pub(crate) fn permission(self) -> Permission {
        match self {
            ImportKind::Enterprises => Permission::EnterpriseWrite,
            ImportKind::Indicators => Permission::IndicatorWrite,
        }
    }
}

/// Options of an upload (query parameters).
#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct UploadOptions {
    /// The month (`YYYYMM`) of a 月报 without a 月份 column (or with blank cells in it).
    pub period: Option<i64>,
}

/// One refused cell (or row): its Excel row number, column letter, the field and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RowError {
    /// 1-based, as Excel shows it.
    pub row: u32,
    /// Column letter (`C`); empty when the error is about the whole row.
    pub column: String,
    pub field: String,
    pub code: String,
    pub message: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Counts {
    pub new: u64,
    pub changed: u64,
    pub unchanged: u64,
    /// Rows with at least one error.
    pub error: u64,
}

/// One row's planned change, for the preview's sample.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ChangeSample {
    pub row: u32,
    /// `new` or `changed`.
    pub action: String,
    /// The credit code and name, or whatever identifies the row.
    pub label: String,
    /// Changed fields in words: `销售收入：120.00万元 → 130.00万元`.
    pub changes: Vec<String>,
}

/// What the upload would do, shown before anything is stored.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportPreview {
    pub id: i64,
    pub kind: ImportKind,
    pub file_name: String,
    /// `preview` until committed, then `committed`.
    pub status: String,
    /// Data rows read (the header and blank rows not counted).
    pub rows: u64,
    pub counts: Counts,
    /// Errors in row order; the first [`MAX_ERRORS_SHOWN`] (the annotated copy has all).
    pub errors: Vec<RowError>,
    pub errors_total: u64,
    /// Notes that are not errors: hidden rows read as data, columns not understood.
    pub notices: Vec<String>,
    /// Up to 20 planned changes.
    pub sample: Vec<ChangeSample>,
    /// The layout found (`enterprises`, `monthly`, `long`).
    pub layout: String,
    /// The month given with the upload for a 月报 without a 月份 column.
    pub period: Option<i64>,
    /// The header's row in the upload, 1-based.
    pub header_row: u32,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// What a commit wrote.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ImportResult {
    pub id: i64,
    pub counts: Counts,
    /// Records written (enterprises created or changed; indicator values written).
    pub written: u64,
    /// Audit entries added, one per record changed.
    pub audited: u64,
}

pub const MAX_ERRORS_SHOWN: usize = 500;
const SAMPLE: usize = 20;
/// A staged upload waits this long for its confirmation.
const STAGED_HOURS: i64 = 24;

/// What reading and checking an upload found: the preview's figures and the writes it plans.
pub(crate) struct Plan {
    pub rows: u64,
    pub counts: Counts,
    pub errors: Vec<RowError>,
    pub notices: Vec<String>,
    pub sample: Vec<ChangeSample>,
    pub layout: &'static str,
    /// The header's row, 1-based.
    pub header_row: u32,
    pub writes: Writes,
}

pub(crate) enum Writes {
    Enterprises(Vec<enterprises::Op>),
    Indicators(indicators::Ops),
}

impl Plan {
    /// A digest of the writes: the commit refuses when the data underneath moved since the
    /// preview and the same file now plans something else.
    fn digest(&self) -> String {
        let mut h = Sha256::new();
        match &self.writes {
            Writes::Enterprises(ops) => {
                for op in ops {
                    h.update(format!("{op:?}\n").as_bytes());
                }
            }
            Writes::Indicators(ops) => {
                // With what each value replaces: a value changed underneath moves the digest.
                for (e, m, p, v) in &ops.values {
                    let before = ops.before.get(&(*e, *m, *p));
                    h.update(format!("{e} {m:?} {p} {v} {before:?}\n").as_bytes());
                }
            }
        }
        hex::encode(h.finalize())
    }
}

/// An error of a row, from an API-style field error; `column` is the spec key's letter.
pub(crate) fn cell_error(row: &Row, layout: &Layout, key: &str, e: AppError) -> RowError {
    let (code, message) = match e {
        AppError::Invalid { code, message, .. } | AppError::Conflict { code, message, .. } => {
            (code.to_string(), message)
        }
        other => ("IMPORT_ROW_INVALID".to_string(), other.to_string()),
    };
    RowError { row: row.index + 1, column: layout.letter(key), field: key.into(), code, message }
}

/// Finds the header among the first rows and hands every data row after it to `each`.
/// Returns the layout, the data rows read, and the hidden rows among them.
pub(crate) fn read_rows(
    wb: &mut Workbook<'_>,
    specs_for: &dyn Fn(&Row) -> Option<Layout>,
    mut each: impl FnMut(&Layout, &Row),
) -> Result<(Option<Layout>, u64, Vec<u32>), ReadError> {
    let mut layout: Option<Layout> = None;
    let mut rows = 0u64;
    let mut hidden = Vec::new();
    wb.rows(|row| match &layout {
        None => {
            if row.index < HEADER_SEARCH_ROWS {
                layout = specs_for(&row);
                return true;
            }
            false
        }
        Some(l) => {
            if row.is_blank() {
                return true;
            }
            rows += 1;
            if row.hidden {
                hidden.push(row.index + 1);
            }
            each(l, &row);
            true
        }
    })?;
    Ok((layout, rows, hidden))
}

/// Errors in the order a reader meets them: by row, then column (A … Z, AA …).
pub(crate) fn sort_errors(errors: &mut [RowError]) {
    errors.sort_by(|a, b| (a.row, a.column.len(), &a.column).cmp(&(b.row, b.column.len(), &b.column)));
}

pub(crate) fn no_header(specs: &[ColumnSpec]) -> AppError {
    AppError::invalid(
        "file",
        "IMPORT_HEADER_NOT_FOUND",
        format!(
            "前{HEADER_SEARCH_ROWS}行中未找到表头：至少应有“{}”列，请使用下载的模板",
            layout::required_labels(specs)
        ),
    )
}

pub(crate) fn hidden_notice(hidden: &[u32]) -> Option<String> {
    if hidden.is_empty() {
        return None;
    }
    let shown: Vec<String> = hidden.iter().take(10).map(u32::to_string).collect();
    let more = if hidden.len() > 10 { format!("等{}行", hidden.len()) } else { String::new() };
    Some(format!("第{}行{more}在Excel中被隐藏，仍作为数据读取；如不需要导入请删除这些行", shown.join("、")))
}

/// Why an upload was not previewed: the file itself refused by the guards (the server answers
/// the guard's status: 413, 415 or 422), or an ordinary error.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("file refused: {0}")]
    Refused(ReadError),
    #[error(transparent)]
    App(#[from] AppError),
}

impl From<zoneops_db::DbError> for ImportError {
    fn from(e: zoneops_db::DbError) -> Self {
        ImportError::App(e.into())
    }
}

/// A staged file passed the guards once; failing them again is not the caller's doing.
fn staged(e: ImportError) -> AppError {
    match e {
        ImportError::Refused(r) => AppError::internal(r),
        ImportError::App(a) => a,
    }
}

async fn plan(
    ctx: &Ctx,
    actor: &Actor,
    kind: ImportKind,
    data: Arc<Vec<u8>>,
    limits: Limits,
    opts: &UploadOptions,
) -> Result<Plan, ImportError> {
    match kind {
        ImportKind::Enterprises => enterprises::plan(ctx, actor, data, limits).await,
        ImportKind::Indicators => indicators::plan(ctx, actor, data, limits, opts).await,
    }
}

/// Reads, checks and stages an upload; answers its preview. A file the guards refuse is an
/// error (413/415/422) and is not staged; a file with row errors is staged (for its annotated
/// copy) but cannot be committed.
pub async fn upload(
    ctx: &Ctx,
    actor: &Actor,
    kind: ImportKind,
    file_name: &str,
    data: Vec<u8>,
    limits: Limits,
    opts: &UploadOptions,
) -> Result<ImportPreview, ImportError> {
    actor.require(kind.permission())?;
    let file_name = crate::input::check("file", "文件名", file_name, crate::input::TextKind::FileName)?;
    if let Some(p) = opts.period {
        zoneops_domain::period::Period::from_key(p)
            .ok()
            .filter(|p| p.is_month())
            .ok_or_else(|| AppError::invalid("period", "PERIOD_INVALID", "月份应为YYYYMM，如202611"))?;
    }
    let data = Arc::new(data);
    let p = plan(ctx, actor, kind, data.clone(), limits, opts).await?;
    let digest = p.digest();
    let expires_at = ctx.clock.now() + chrono::Duration::hours(STAGED_HOURS);
    let mut preview = ImportPreview {
        id: 0,
        kind,
        file_name: file_name.clone(),
        status: "preview".into(),
        rows: p.rows,
        counts: p.counts,
        errors_total: p.errors.len() as u64,
        errors: p.errors.into_iter().take(MAX_ERRORS_SHOWN).collect(),
        notices: p.notices,
        sample: p.sample,
        layout: p.layout.into(),
        period: opts.period,
        header_row: p.header_row,
        expires_at,
    };
    let stored = serde_json::to_string(&preview).map_err(AppError::internal)?;
    let tx = ctx.db.begin_write().await?;
    let id = repo::insert_batch(
        &tx,
        &NewBatch {
            zone: actor.zone(),
            user: actor.user_id,
            kind: kind.code(),
            file_name: &file_name,
            data: &data,
            digest: &digest,
            preview: &stored,
            expires_at,
        },
    )
    .await?;
    // Staging is not a change of the zone's data: answers cached before it stay exact.
    tx.no_data_change().commit().await?;
    preview.id = id;
    Ok(preview)
}

/// A staged upload of the caller's own; anyone else's is not found.
async fn own_batch(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<repo::BatchRow> {
    match repo::get_batch(ctx.db.conn(), actor.zone(), id).await? {
        Some(b) if b.user_id == actor.user_id => Ok(b),
        _ => Err(AppError::NotFound),
    }
}

fn shown(b: &repo::BatchRow) -> AppResult<ImportPreview> {
    let mut p: ImportPreview = serde_json::from_str(&b.preview).map_err(AppError::internal)?;
    p.id = b.id;
    p.status = b.status.clone();
    Ok(p)
}

/// The preview of a staged upload again (its uploader only).
pub async fn get(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<ImportPreview> {
    let b = own_batch(ctx, actor, id).await?;
    shown(&b)
}

/// Writes a staged upload: all of it in one transaction, or nothing.
pub async fn commit(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<ImportResult> {
    let b = own_batch(ctx, actor, id).await?;
    let kind = ImportKind::parse(&b.kind)?;
    actor.require(kind.permission())?;
    if b.status != "preview" {
        return Err(AppError::Conflict {
            field: "id".into(),
            code: "IMPORT_ALREADY_COMMITTED",
            message: "该文件已导入，不能重复导入".into(),
        });
    }
    if b.expires_at < ctx.clock.now() {
        return Err(AppError::Conflict {
            field: "id".into(),
            code: "IMPORT_EXPIRED",
            message: format!("预览已超过{STAGED_HOURS}小时，请重新上传"),
        });
    }
    let data = repo::batch_data(ctx.db.conn(), id).await?.ok_or(AppError::NotFound)?;
    let opts = UploadOptions { period: shown(&b)?.period };
    let limits = Limits { max_bytes: data.len(), ..Limits::default() };
    let p = plan(ctx, actor, kind, Arc::new(data), limits, &opts).await.map_err(staged)?;
    if !p.errors.is_empty() {
        return Err(AppError::invalid(
            "id",
            "IMPORT_HAS_ERRORS",
            format!("文件中有{}处错误，请修正后重新上传；未导入任何数据", p.errors.len()),
        ));
    }
    if p.digest() != b.digest {
        return Err(AppError::Conflict {
            field: "id".into(),
            code: "IMPORT_STALE",
            message: "预览之后数据已被修改，请重新上传文件预览后再确认".into(),
        });
    }
    let counts = p.counts;
    let tx = ctx.db.begin_write().await?;
    let (written, audited) = match &p.writes {
        Writes::Enterprises(ops) => enterprises::write(&tx, actor, ops).await?,
        Writes::Indicators(ops) => indicators::write(&tx, actor, ops).await?,
    };
    let result = ImportResult { id, counts, written, audited };
    let stored = serde_json::to_string(&result).map_err(AppError::internal)?;
    if !repo::mark_committed(&tx, id, &stored).await? {
        return Err(AppError::Conflict {
            field: "id".into(),
            code: "IMPORT_ALREADY_COMMITTED",
            message: "该文件已导入，不能重复导入".into(),
        });
    }
    tx.commit().await?;
    Ok(result)
}

/// The staged upload with every error in an added column, and its file name.
pub async fn annotated(ctx: &Ctx, actor: &Actor, id: i64) -> AppResult<(String, Vec<u8>)> {
    let b = own_batch(ctx, actor, id).await?;
    let kind = ImportKind::parse(&b.kind)?;
    actor.require(kind.permission())?;
    let data = Arc::new(repo::batch_data(ctx.db.conn(), id).await?.ok_or(AppError::NotFound)?);
    let preview = shown(&b)?;
    let opts = UploadOptions { period: preview.period };
    let limits = Limits { max_bytes: data.len(), ..Limits::default() };
    // The errors as they are now (the data may have moved since the preview).
    let p = plan(ctx, actor, kind, data.clone(), limits, &opts).await.map_err(staged)?;
    let name = b.file_name.clone();
    let bytes = tokio::task::spawn_blocking(move || sheets::annotate(&data, &b.file_name, p.header_row, &p.errors))
        .await
        .map_err(AppError::internal)??;
    let stem = name.strip_suffix(".xlsx").unwrap_or(&name);
    Ok((format!("{stem}（检查结果）.xlsx"), bytes))
}
