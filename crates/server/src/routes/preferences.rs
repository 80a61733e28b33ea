//! The caller's own notification preferences (个人中心 › 消息设置, decision 0036).

use super::catalogue::{Routes, get};
use axum::Json;
use axum::extract::State;
use zoneops_app::preferences::{self, NotificationPreference, PreferenceInput};
use zoneops_app::ticket::Items as Input;

use super::{Items, items};
use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiReplace, CurrentUser};

pub fn router() -> Routes {
    Routes::new().route("/me/notification-preferences", get(list).put(replace))
}

/// Every kind of notice with the caller's choice; mandatory kinds say why they stay on.
async fn list(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
) -> ApiResult<Json<Items<NotificationPreference>>> {
    Ok(items(preferences::get(&s.ctx, &a).await?))
}

/// Replaces the caller's choices (`{"items": [{"kind", "inbox"}]}`; a kind left out is on).
async fn replace(
    State(s): State<AppState>,
    CurrentUser(a): CurrentUser,
    ApiReplace(i): ApiReplace<Input<PreferenceInput>>,
) -> ApiResult<Json<Items<NotificationPreference>>> {
    Ok(items(preferences::set(&s.ctx, &a, i).await?))
}
