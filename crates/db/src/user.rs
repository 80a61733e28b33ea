//! Users, roles and their links. Roles are data: a role is a code with a list of permissions.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, Func, JoinType, LikeExpr, OnConflict, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::reference::insert_returning_id;
use crate::{DbError, DbResult, WriteTx, now};

/// An account as stored and as the administration API shows it (the answer embeds it): the
/// password hash, the zone and the failure count are never sent.
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct UserRow {
    pub id: i64,
    #[serde(skip)]
    pub zone_id: i64,
    pub username: String,
    pub display_name: String,
    #[serde(skip)]
    pub password_hash: String,
    /// JSON of `Reach`: the answer shows it read.
    #[serde(skip)]
    pub scope: String,
    pub disabled: bool,
    #[serde(skip)]
    pub failed_logins: i64,
    pub locked_until: Option<DateTime<Utc>>,
    pub last_login_at: Option<DateTime<Utc>>,
}

const USER_COLS: [&str; 10] = [
    "id",
    "zone_id",
    "username",
    "display_name",
    "password_hash",
    "scope",
    "disabled",
    "failed_logins",
    "locked_until",
    "last_login_at",
];

pub async fn by_username(db: &impl ConnectionTrait, username: &str) -> DbResult<Option<UserRow>> {
    let q = Query::select().columns(USER_COLS).from("app_user").and_where(Expr::col("username").eq(username)).take();
    Ok(db.query_one(&q).await?.map(|r| UserRow::from_query_result(&r, "")).transpose()?)
}

pub async fn by_id(db: &impl ConnectionTrait, zone: Option<i64>, id: i64) -> DbResult<Option<UserRow>> {
    let mut q = Query::select().columns(USER_COLS).from("app_user").and_where(Expr::col("id").eq(id)).take();
    if let Some(z) = zone {
        q.and_where(Expr::col("zone_id").eq(z));
    }
    Ok(db.query_one(&q).await?.map(|r| UserRow::from_query_result(&r, "")).transpose()?)
}

pub async fn list(db: &impl ConnectionTrait, zone: i64, q: Option<&str>) -> DbResult<Vec<UserRow>> {
    let mut s = Query::select().columns(USER_COLS).from("app_user").and_where(Expr::col("zone_id").eq(zone)).take();
    if let Some(t) = q.map(str::trim).filter(|t| !t.is_empty()) {
        let pat = crate::util::like_pattern(t);
        s.and_where(
            Expr::expr(Func::lower(Expr::col("username")))
                .like(LikeExpr::new(pat.clone()).escape('\\'))
                .or(Expr::expr(Func::lower(Expr::col("display_name"))).like(LikeExpr::new(pat).escape('\\'))),
        );
    }
    s.order_by("id", Order::Asc);
    Ok(db.query_all(&s).await?.iter().map(|r| UserRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub struct NewUser<'a> {
    pub zone: i64,
    pub username: &'a str,
    pub display_name: &'a str,
    pub password_hash: &'a str,
    pub scope_json: &'a str,
}

pub async fn insert(tx: &WriteTx, u: &NewUser<'_>) -> DbResult<i64> {
    let t = now();
    let q = Query::insert()
        .into_table("app_user")
        .columns([
            "zone_id",
            "username",
            "display_name",
            "password_hash",
            "scope",
            "disabled",
            "failed_logins",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            u.zone.into(),
            u.username.into(),
            u.display_name.into(),
            u.password_hash.into(),
            u.scope_json.into(),
            false.into(),
            0i64.into(),
            t.into(),
            t.into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

pub async fn update_profile(
    tx: &WriteTx,
    id: i64,
    display_name: &str,
    scope_json: &str,
    disabled: bool,
) -> DbResult<()> {
    let q = Query::update()
        .table("app_user")
        .value("display_name", display_name)
        .value("scope", scope_json)
        .value("disabled", disabled)
        .value("updated_at", now())
        .and_where(Expr::col("id").eq(id))
        .take();
    tx.execute(&q).await?;
    Ok(())
}

pub async fn set_password(tx: &WriteTx, id: i64, hash: &str) -> DbResult<()> {
    let q = Query::update()
        .table("app_user")
        .value("password_hash", hash)
        .value("updated_at", now())
        .and_where(Expr::col("id").eq(id))
        .take();
    tx.execute(&q).await?;
    Ok(())
}

/// Records a login attempt's outcome: failures count up (and lock at the limit), success resets.
pub async fn set_login_state(
    tx: &WriteTx,
    id: i64,
    failed: i64,
    locked_until: Option<DateTime<Utc>>,
    logged_in_at: Option<DateTime<Utc>>,
) -> DbResult<()> {
    let mut q = Query::update();
    q.table("app_user")
        .value("failed_logins", failed)
        .value("locked_until", locked_until)
        .and_where(Expr::col("id").eq(id));
    if let Some(t) = logged_in_at {
        q.value("last_login_at", t);
    }
    tx.execute(&q).await?;
    Ok(())
}

#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct RoleRow {
    pub id: i64,
    pub code: String,
    pub name: String,
    /// JSON array of permission codes.
    pub permissions: String,
}

pub async fn roles(db: &impl ConnectionTrait, zone: i64) -> DbResult<Vec<RoleRow>> {
    let q = Query::select()
        .columns(["id", "code", "name", "permissions"])
        .from("role")
        .and_where(Expr::col("zone_id").eq(zone))
        .order_by("id", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| RoleRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn upsert_role(tx: &WriteTx, zone: i64, code: &str, name: &str, permissions_json: &str) -> DbResult<()> {
    let q = Query::insert()
        .into_table("role")
        .columns(["zone_id", "code", "name", "permissions"])
        .values_panic([zone.into(), code.into(), name.into(), permissions_json.into()])
        .on_conflict(OnConflict::columns(["zone_id", "code"]).update_columns(["name", "permissions"]).to_owned())
        .take();
    tx.execute(&q).await?;
    Ok(())
}

/// Role codes and permission lists of a user.
pub async fn user_roles(db: &impl ConnectionTrait, user: i64) -> DbResult<Vec<RoleRow>> {
    let q = Query::select()
        .columns([("r", "id"), ("r", "code"), ("r", "name"), ("r", "permissions")])
        .from_as("user_role", "ur")
        .join_as(JoinType::InnerJoin, "role", "r", Expr::col(("r", "id")).equals(("ur", "role_id")))
        .and_where(Expr::col(("ur", "user_id")).eq(user))
        .order_by(("r", "id"), Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| RoleRow::from_query_result(r, "")).collect::<Result<_, _>>()?)
}

pub async fn set_user_roles(tx: &WriteTx, zone: i64, user: i64, codes: &[String]) -> DbResult<()> {
    let del = Query::delete().from_table("user_role").and_where(Expr::col("user_id").eq(user)).take();
    tx.execute(&del).await?;
    let all = roles(&**tx, zone).await?;
    for code in codes {
        let role =
            all.iter().find(|r| &r.code == code).ok_or_else(|| DbError::Invalid(format!("unknown role {code}")))?;
        let q = Query::insert()
            .into_table("user_role")
            .columns(["user_id", "role_id"])
            .values_panic([user.into(), role.id.into()])
            .take();
        tx.execute(&q).await?;
    }
    Ok(())
}

pub async fn add_linkage(tx: &WriteTx, zone: i64, user: i64, enterprise: i64) -> DbResult<()> {
    let q = Query::insert()
        .into_table("linkage")
        .columns(["zone_id", "user_id", "enterprise_id"])
        .values_panic([zone.into(), user.into(), enterprise.into()])
        .on_conflict(OnConflict::columns(["user_id", "enterprise_id"]).do_nothing().to_owned())
        .take();
    tx.execute(&q).await?;
    Ok(())
}

/// The enabled users of a zone whose roles grant `permission` (the dispatchers told of a new
/// ticket, say). Roles keep their permissions as JSON text, so the match is made here.
pub async fn holding(db: &impl ConnectionTrait, zone: i64, permission: &str) -> DbResult<Vec<i64>> {
    let granting: Vec<i64> = roles(db, zone)
        .await?
        .into_iter()
        .filter(|r| {
            serde_json::from_str::<Vec<String>>(&r.permissions).is_ok_and(|p| p.iter().any(|x| x == permission))
        })
        .map(|r| r.id)
        .collect();
    if granting.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .distinct()
        .column(("u", "id"))
        .from_as("app_user", "u")
        .join_as(JoinType::InnerJoin, "user_role", "ur", Expr::col(("ur", "user_id")).equals(("u", "id")))
        .and_where(Expr::col(("ur", "role_id")).is_in(granting))
        .and_where(Expr::col(("u", "zone_id")).eq(zone))
        .and_where(Expr::col(("u", "disabled")).eq(false))
        .order_by(("u", "id"), Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| r.try_get::<i64>("", "id")).collect::<Result<_, _>>()?)
}

/// A user holding a permission: who they are and their scope (JSON, as stored).
#[derive(Clone, Debug, FromQueryResult)]
pub struct Holder {
    pub id: i64,
    pub display_name: String,
    pub scope: String,
}

/// The enabled users of a zone holding `permission` through one of their roles, with their
/// names and scopes, in id order (who a hand-off goes to).
pub async fn holders(db: &impl ConnectionTrait, zone: i64, permission: &str) -> DbResult<Vec<Holder>> {
    let ids = holding(db, zone, permission).await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let q = Query::select()
        .columns(["id", "display_name", "scope"])
        .from("app_user")
        .and_where(Expr::col("id").is_in(ids))
        .order_by("id", Order::Asc)
        .take();
    Ok(db.query_all(&q).await?.iter().map(|r| Holder::from_query_result(r, "")).collect::<Result<_, _>>()?)
}
