//! `?format=xlsx` on a list route: the same rows, filters, sort and scope as the page, as an .xlsx
//! streamed from its first row (decision 0041).
//!
//! A list handler asks [`Export`] whether a workbook is wanted; if so it hands a [`Plan`] (sheet
//! name, title, columns, how a row reads) and a page fetcher to [`pages`], which fetches the first
//! page before answering — so a bad filter or a missing permission is an ordinary JSON error —
//! then streams the rest from a task, page by page, through the list's own use case.

mod figures;
mod invest;
mod lists;
mod service;

pub use figures::*;
pub use invest::*;
pub use lists::*;
pub use service::*;

use std::future::Future;

use axum::Json;
use axum::body::{Body, Bytes};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use zoneops_app::{Actor, AppError, AppResult};
use zoneops_db::Page;
use zoneops_sheet::write::{CONTENT_TYPE, Column, SheetSpec, Value, Workbook};

use crate::error::{ApiError, ApiResult};

/// How many rows a streamed export asks its use case for at a time, in a bulk read
/// ([`zoneops_db::bulk`]: larger pages than the API's, no count per page).
pub const EXPORT_PAGE: u64 = zoneops_db::PageQuery::BULK_SIZE;

/// The answer format of a list route.
#[derive(Clone, Copy, Debug, Default, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    #[default]
    Json,
    /// An Excel workbook of every row the filters select (not just one page).
    Xlsx,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct FormatQuery {
    /// `xlsx`: the whole filtered list as an Excel workbook instead of one page of JSON.
    pub format: Option<Format>,
}

/// The `format` parameter of a list route (`json` when absent).
pub struct Export(pub Format);

impl Export {
    pub fn wanted(&self) -> bool {
        self.0 == Format::Xlsx
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Export {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, ApiError> {
        let crate::extract::ApiQuery(q) =
            crate::extract::ApiQuery::<FormatQuery>::from_request_parts(parts, state).await?;
        Ok(Export(q.format.unwrap_or_default()))
    }
}

/// A list answer: its JSON, or the workbook of the whole list.
pub enum Listed<T> {
    Json(T),
    Sheet(Response),
}

impl<T: serde::Serialize> IntoResponse for Listed<T> {
    fn into_response(self) -> Response {
        match self {
            Listed::Json(body) => Json(body).into_response(),
            Listed::Sheet(response) => response,
        }
    }
}

/// What a list looks like as a sheet.
pub struct Plan<T> {
    /// The sheet's name and the file's (`企业名录` → `企业名录-20261207-2250.xlsx`).
    pub name: &'static str,
    /// What the rows are, said in the title row before the time and the exporting user.
    pub what: String,
    pub columns: Vec<Column>,
    pub row: fn(&T) -> Vec<Value>,
}

impl<T> Plan<T> {
    fn spec(&self, actor: &Actor, now: chrono::DateTime<chrono::Utc>) -> SheetSpec {
        let at = zoneops_domain::zone_time::local(now).format("%Y-%m-%d %H:%M");
        SheetSpec {
            name: self.name.into(),
            title: Some(format!("{} · 导出于 {at} · {}", self.what, actor.display_name)),
            columns: self.columns.clone(),
            filter: true,
            ..Default::default()
        }
    }

    fn disposition(&self, now: chrono::DateTime<chrono::Utc>) -> String {
        let stamp = zoneops_domain::zone_time::local(now).format("%Y%m%d-%H%M");
        format!(
            "attachment; filename=\"export-{stamp}.xlsx\"; filename*=UTF-8''{}-{stamp}.xlsx",
            percent_encode(self.name)
        )
    }
}

/// A list with no pages (targets, the leaderboard): every row is already here.
pub fn rows<T>(plan: Plan<T>, actor: &Actor, now: chrono::DateTime<chrono::Utc>, items: &[T]) -> ApiResult<Response> {
    let mut book = Workbook::new(Vec::new());
    book.start_sheet(plan.spec(actor, now)).map_err(internal)?;
    for item in items {
        book.row(&(plan.row)(item)).map_err(internal)?;
    }
    let bytes = book.finish().map_err(internal)?;
    Ok(answer(&plan.disposition(now), Body::from(bytes)))
}

/// An unpaged list route's answer (`{items, total}`): its JSON, or with `?format=xlsx` the same
/// items as a workbook. `plan` is only made for a workbook.
pub fn items<T: serde::Serialize>(
    export: &Export,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    plan: impl FnOnce() -> Plan<T>,
    items: Vec<T>,
) -> ApiResult<Listed<crate::routes::Items<T>>> {
    if export.wanted() {
        return Ok(Listed::Sheet(rows(plan(), actor, now, &items)?));
    }
    let total = items.len();
    Ok(Listed::Json(crate::routes::Items { items, total }))
}

/// A paged list, streamed: `fetch(n)` answers page `n` (1-based) of [`EXPORT_PAGE`] rows through
/// the list's use case, with the caller's filters, sort and scope; each fetch runs as a bulk read.
pub async fn pages<T, F, Fut>(
    plan: Plan<T>,
    actor: &Actor,
    now: chrono::DateTime<chrono::Utc>,
    fetch: F,
) -> ApiResult<Response>
where
    T: Send + 'static,
    F: Fn(u64) -> Fut + Send + 'static,
    Fut: Future<Output = AppResult<Page<T>>> + Send,
{
    let first = zoneops_db::bulk(fetch(1)).await?;
    let spec = plan.spec(actor, now);
    let disposition = plan.disposition(now);
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        if let Err(e) = stream(plan, spec, first, fetch, &tx).await {
            // The download is cut short (the client sees a failed transfer, not a short file).
            tracing::warn!(error = %e, "export stopped");
            let _ = tx.send(Err(std::io::Error::other(e.to_string()))).await;
        }
    });
    // `poll_recv` answers `None` again if asked again after the end (hyper may ask; an unfold
    // stream would panic there and cut the transfer).
    let mut rx = rx;
    let body = futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx));
    Ok(answer(&disposition, Body::from_stream(body)))
}

async fn stream<T, F, Fut>(
    plan: Plan<T>,
    spec: SheetSpec,
    first: Page<T>,
    fetch: F,
    tx: &tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<(), AppError>
where
    F: Fn(u64) -> Fut,
    Fut: Future<Output = AppResult<Page<T>>>,
{
    let mut book = Workbook::new(Vec::with_capacity(1 << 16));
    book.start_sheet(spec).map_err(AppError::internal)?;
    let mut page = first;
    let mut n = 1;
    loop {
        for item in &page.items {
            book.row(&(plan.row)(item)).map_err(AppError::internal)?;
        }
        book.flush().map_err(AppError::internal)?;
        let chunk = std::mem::take(book.sink());
        if !chunk.is_empty() && tx.send(Ok(Bytes::from(chunk))).await.is_err() {
            return Ok(()); // the client went away
        }
        // A short page is the last (a bulk read carries no total to compare with).
        if page.items.len() < page.page_size as usize {
            break;
        }
        n += 1;
        page = zoneops_db::bulk(fetch(n)).await?;
        if page.items.is_empty() {
            break;
        }
    }
    let rest = book.finish().map_err(AppError::internal)?;
    let _ = tx.send(Ok(Bytes::from(rest))).await;
    Ok(())
}

fn answer(disposition: &str, body: Body) -> Response {
    let mut res = body.into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(CONTENT_TYPE));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(v) = HeaderValue::from_str(disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn internal(e: impl std::fmt::Display) -> ApiError {
    ApiError::from(AppError::internal(e))
}

/// RFC 5987 encoding of a file name (UTF-8 bytes, unreserved characters kept).
fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 3);
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A list query that can ask for page `n` of [`EXPORT_PAGE`] rows, its filters and sort kept.
pub trait Paged: Clone + Send + Sync + 'static {
    fn page(&self, n: u64) -> Self;
}

macro_rules! paged {
    ($($query:ty),* $(,)?) => {$(
        impl Paged for $query {
            fn page(&self, n: u64) -> Self {
                Self { page: Some(n), page_size: Some(EXPORT_PAGE), ..self.clone() }
            }
        }
    )*};
}

paged!(
    zoneops_app::enterprise::ListQuery,
    zoneops_app::project::ProjectQuery,
    zoneops_app::ticket::TicketQuery,
    zoneops_app::invest::LeadQuery,
    zoneops_app::invest::ActivityQuery,
    zoneops_app::visit::VisitQuery,
    zoneops_app::admin::AuditQuery,
);

/// Answers a paged list route: its JSON page, or with `?format=xlsx` the whole list streamed,
/// each page through the same use case `$list(&ctx, &actor, &query)`.
macro_rules! paged_list {
    ($state:expr, $actor:expr, $query:expr, $export:expr, $plan:expr, $list:path) => {{
        let (state, actor, query) = ($state, $actor, $query);
        if $export.wanted() {
            let now = state.ctx.clock.now();
            let who = actor.clone();
            let response = $crate::export::pages($plan, &who, now, move |n| {
                let (state, actor, query) = (state.clone(), actor.clone(), $crate::export::Paged::page(&query, n));
                async move { $list(&state.ctx, &actor, &query).await }
            })
            .await?;
            Ok($crate::export::Listed::Sheet(response))
        } else {
            Ok($crate::export::Listed::Json($list(&state.ctx, &actor, &query).await?))
        }
    }};
}
pub(crate) use paged_list;

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{Data, Reader, Xlsx};
    use zoneops_sheet::write::Kind;

    fn numbers() -> Plan<i64> {
        Plan {
            name: "t",
            what: "t".into(),
            columns: vec![Column::new("n", Kind::Integer)],
            row: |n| vec![Value::Int(*n)],
        }
    }

    /// Pages of `size` over 1..=`total`, as a use case would answer them.
    fn page(n: u64, size: u64, total: u64) -> AppResult<Page<i64>> {
        let items = ((n - 1) * size + 1..=(n * size).min(total)).map(|i| i as i64).collect();
        Ok(Page { items, total, page: n, page_size: size })
    }

    async fn written(total: u64, size: u64) -> Vec<f64> {
        let plan = numbers();
        let spec = SheetSpec { name: "t".into(), columns: plan.columns.clone(), ..Default::default() };
        let (tx, mut rx) = tokio::sync::mpsc::channel(1024);
        let first = page(1, size, total).unwrap_or_else(|_| unreachable!());
        stream(plan, spec, first, move |n| async move { page(n, size, total) }, &tx).await.expect("streamed");
        drop(tx);
        let mut bytes = Vec::new();
        while let Some(chunk) = rx.recv().await {
            bytes.extend_from_slice(&chunk.expect("a chunk"));
        }
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).expect("a workbook");
        let range = book.worksheet_range("t").expect("the sheet");
        range.rows().skip(1).map(|r| if let Data::Float(f) = r[0] { f } else { panic!("{:?}", r[0]) }).collect()
    }

    #[tokio::test]
    async fn every_page_is_written_once_in_order() {
        let expected: Vec<f64> = (1..=7).map(f64::from).collect();
        assert_eq!(written(7, 3).await, expected, "a last page shorter than the others");
        assert_eq!(written(6, 3).await, expected[..6], "a last page exactly full");
        assert_eq!(written(0, 3).await, Vec::<f64>::new(), "an empty list is a header alone");
    }

    #[test]
    fn file_names_are_encoded_for_the_header() {
        assert_eq!(percent_encode("企业 名录"), "%E4%BC%81%E4%B8%9A%20%E5%90%8D%E5%BD%95");
    }
}
