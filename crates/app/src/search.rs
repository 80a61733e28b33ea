//! The header's search box: enterprises (name, credit code, 拼音 initials), tickets (number, title,
//! company), projects and leads, each through its own list use case — so each section has that
//! list's scope, masking and permission, and finds what the list's own search would find.

use serde::{Deserialize, Serialize};
use zoneops_domain::invest::LeadStage;
use zoneops_domain::permission::Permission;
use zoneops_domain::project::ProjectStage;

use crate::check;
use crate::{Actor, AppError, AppResult, Ctx};

/// Hits per section: a search box suggests, the list page shows the rest.
pub const PER_SECTION: u64 = 5;
/// The longest search (the error message names it).
const MAX_CHARS: usize = 100;

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct SearchQuery {
    pub q: Option<String>,
}

/// One hit: what to show and which record it opens.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Hit {
    pub id: i64,
    pub title: String,
    /// A second line: park and credit code, a ticket's number and state, a stage.
    pub subtitle: String,
}

/// A section the caller may not read is null (not an empty list: "nothing found" and "not yours
/// to search" differ). `total` counts every match of the section's list.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Section {
    pub total: u64,
    pub items: Vec<Hit>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct SearchResults {
    pub q: String,
    pub enterprises: Option<Section>,
    pub tickets: Option<Section>,
    pub projects: Option<Section>,
    pub leads: Option<Section>,
}

pub async fn search(ctx: &Ctx, actor: &Actor, q: &SearchQuery) -> AppResult<SearchResults> {
    let text = q.q.as_deref().unwrap_or("").trim().to_owned();
    if text.chars().count() > MAX_CHARS {
        return Err(AppError::invalid("q", "SEARCH_TOO_LONG", "搜索内容不能超过100个字符"));
    }
    let (page, page_size, q) = (Some(1), Some(PER_SECTION), Some(text.clone()));
    let empty = text.is_empty();
    let enterprises = section(actor, Permission::EnterpriseRead, empty, || async {
        let lq = crate::enterprise::ListQuery { q: q.clone(), page, page_size, ..Default::default() };
        let found = crate::enterprise::list(ctx, actor, &lq).await?;
        Ok((
            found.total,
            found.items.into_iter().map(|e| Hit {
                id: e.row.id,
                subtitle: format!("{} · {}", e.row.park_name, e.row.credit_code),
                title: e.row.name,
            }),
        ))
    })
    .await?;
    let tickets = section(actor, Permission::TicketRead, empty, || async {
        let tq = crate::ticket::TicketQuery { q: q.clone(), page, page_size, ..Default::default() };
        let found = crate::ticket::list(ctx, actor, &tq).await?;
        Ok((
            found.total,
            found.items.into_iter().map(|t| Hit {
                id: t.row.id,
                subtitle: format!("{} · {}", t.row.no, t.state_label),
                title: t.row.title,
            }),
        ))
    })
    .await?;
    let projects = section(actor, Permission::ProjectRead, empty, || async {
        let pq = crate::project::ProjectQuery { q: q.clone(), page, page_size, ..Default::default() };
        let found = crate::project::list(ctx, actor, &pq).await?;
        Ok((
            found.total,
            found.items.into_iter().map(|p| Hit {
                id: p.row.id,
                subtitle: format!("{} · {}", p.row.park, check::label_of_code::<ProjectStage>(p.stage, actor.lang)),
                title: p.row.name,
            }),
        ))
    })
    .await?;
    let leads = section(actor, Permission::LeadRead, empty, || async {
        let lq = crate::invest::LeadQuery { q: q.clone(), page, page_size, ..Default::default() };
        let found = crate::invest::list_leads(ctx, actor, &lq).await?;
        Ok((
            found.total,
            found.items.into_iter().map(|l| Hit {
                id: l.row.id,
                subtitle: check::label_of_code::<LeadStage>(&l.row.stage, actor.lang).to_string(),
                // a masked lead shows its code name only, as in the list
                title: l.row.company.or(l.row.codename).unwrap_or_default(),
            }),
        ))
    })
    .await?;
    Ok(SearchResults { q: text, enterprises, tickets, projects, leads })
}

/// One section: null when the caller may not read that kind, empty for empty words, else what the
/// list finds (its total and first page as hits).
async fn section<F, Fut, I>(actor: &Actor, read: Permission, empty: bool, find: F) -> AppResult<Option<Section>>
where
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = AppResult<(u64, I)>>,
    I: Iterator<Item = Hit>,
{
    if !actor.can(read) {
        return Ok(None);
    }
    if empty {
        return Ok(Some(Section { total: 0, items: Vec::new() }));
    }
    let (total, hits) = find().await?;
    Ok(Some(Section { total, items: hits.collect() }))
}
