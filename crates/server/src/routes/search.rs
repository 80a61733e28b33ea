//! `/search`: the header's search box across the records the caller may read.

use super::catalogue::{Routes, get};
use axum::Json;
use axum::extract::State;
use zoneops_app::search::{self, SearchQuery, SearchResults};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiQuery, CurrentUser};

pub fn router() -> Routes {
    Routes::new().route("/search", get(find))
}

async fn find(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiQuery(q): ApiQuery<SearchQuery>,
) -> ApiResult<Json<SearchResults>> {
    Ok(Json(search::search(&s.ctx, &a, &q).await?))
}
