//! The demo's robot receiver (`serve --demo` only): the demo robot posts here instead of to a
//! WeCom group, and 机器人消息（演示） lists what arrived. A server not started with `--demo`
//! answers 404 on both, and its robots still may not call this machine (decision 0019).

use super::catalogue::{Routes, get, post};
use axum::Json;
use axum::extract::State;
use zoneops_app::demo::{self, RobotInboxView};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{ApiJson, ApiPath, CurrentUser};

pub fn router() -> Routes {
    Routes::new().route("/demo/robot-inbox", get(inbox)).route("/demo/robot-inbox/{token}", post(receive))
}

/// The robot's answer (`{"errcode": 0, "errmsg": "ok"}`, as WeCom and DingTalk answer).
#[derive(serde::Serialize, utoipa::ToSchema)]
struct RobotAnswer {
    errcode: i64,
    errmsg: String,
}

/// A robot's post as WeCom or DingTalk takes it (`{"msgtype", "markdown"|"text": {…}}`).
#[derive(serde::Deserialize, utoipa::ToSchema)]
#[serde(transparent)]
#[schema(value_type = Object)]
struct RobotPost(serde_json::Value);

async fn receive(
    State(s): State<AppState>,
    ApiPath(token): ApiPath<String>,
    ApiJson(RobotPost(body)): ApiJson<RobotPost>,
) -> ApiResult<Json<RobotAnswer>> {
    if !demo::receiver_token_ok(&s.ctx, &token) {
        return Err(zoneops_app::AppError::NotFound.into());
    }
    let answer = s.demo_inbox.receive(&body);
    Ok(Json(RobotAnswer {
        errcode: answer["errcode"].as_i64().unwrap_or(0),
        errmsg: answer["errmsg"].as_str().unwrap_or("ok").to_owned(),
    }))
}

async fn inbox(State(s): State<AppState>, CurrentUser(a): CurrentUser) -> ApiResult<Json<RobotInboxView>> {
    Ok(Json(demo::inbox_view(&s.ctx, &a, &s.demo_inbox)?))
}
