//! Scope as a property of every route: one case per `"METHOD /path"` the router serves
//! (`zoneops_server::routes::catalogue()`), run for every demo role and the anonymous caller.
//!
//! For each route and role the matrix expects:
//! - anonymous: `401` unless the route is public;
//! - a role without the route's permission: `403` (or `404`), and nothing changed;
//! - a role with it, on an object of the route's kind that exists but is outside the role's
//!   scope (an id the zone has that the role's own list does not show): `404`, and nothing
//!   changed;
//! - a role with it, reading: `200` (on an object of its own list where the path names one).
//!
//! "Nothing changed" is the audit log's length and the row counts of the zone's tables: every
//! write adds an audit row in its transaction. Writes by a role that may make them are left to
//! each module's own tests (here they would change the zone under the other cases).
//!
//! ## Adding a route
//! Add one line to [`CASES`], in any order: `case("METHOD /path", need, object)` with
//! - `need`: [`Public`], [`Login`] (any logged-in user), [`perm("x:y")`](perm), or
//!   [`any(&["x:y", "z:w"])`](any) (one of them), [`all(&[…])`](all) (each of them);
//! - `object`: what `{id}` names — [`NONE`] (no id, or one that is not scoped, e.g. a user), a
//!   scoped kind ([`ENTERPRISE`], [`LEAD`], [`PROJECT`], [`TICKET`] …: out-of-scope ids must be
//!   `404`), or [`zone_row("table")`](zone_row) (a zone-level record: its smallest id);
//! - `.q("?year=2021")` for a query string a read needs, `.param("{code}", "investor")` for
//!   other path parameters, `.body(r#"{…}"#)` for a JSON body the route needs to reach its
//!   permission and scope checks (default `{}`; a PUT names every field of its input, `null`
//!   where the type allows, or the strict body check answers 422 first), `.multipart()` for an
//!   upload, `.no_read()` for a read too heavy to run for every role (the PDF).
//!
//! The test fails when the router serves a route without a line here, or a line names a route
//! the router no longer serves.

use std::collections::btree_map::Entry;
use std::collections::{BTreeMap, BTreeSet};

use reqwest::StatusCode;
use rstest::rstest;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::support::{Backend, Session, TestApp, spawn_app};

#[derive(Clone, Copy, Debug)]
pub enum Need {
    Public,
    Login,
    Perm(&'static str),
    Any(&'static [&'static str]),
    All(&'static [&'static str]),
}
pub use Need::{Login, Public};

pub const fn perm(p: &'static str) -> Need {
    Need::Perm(p)
}
pub const fn any(p: &'static [&'static str]) -> Need {
    Need::Any(p)
}
pub const fn all(p: &'static [&'static str]) -> Need {
    Need::All(p)
}

/// What the route's `{id}` names.
#[derive(Clone, Copy, Debug)]
pub enum Obj {
    None,
    /// A record in the caller's data scope: (the caller's list route, its table).
    Scoped(&'static str, &'static str),
    /// A zone-level record (dictionaries, users, meetings …): the table.
    Zone(&'static str),
}
pub const NONE: Obj = Obj::None;
pub const ENTERPRISE: Obj = Obj::Scoped("/api/v1/enterprises", "enterprise");
pub const LEAD: Obj = Obj::Scoped("/api/v1/leads", "lead");
pub const ACTIVITY: Obj = Obj::Scoped("/api/v1/activities", "activity");
pub const TARGET: Obj = Obj::Scoped("/api/v1/invest/targets", "invest_target");
pub const PROJECT: Obj = Obj::Scoped("/api/v1/projects", "project");
pub const TICKET: Obj = Obj::Scoped("/api/v1/tickets", "ticket");
pub const ACTION: Obj = Obj::Scoped("/api/v1/meeting-actions", "meeting_action");
pub const NOTIFICATION: Obj = Obj::Scoped("/api/v1/notifications", "notification");
pub const VISIT: Obj = Obj::Scoped("/api/v1/visits", "visit");
pub const fn zone_row(table: &'static str) -> Obj {
    Obj::Zone(table)
}

#[derive(Clone, Copy, Debug)]
pub struct Case {
    route: &'static str,
    need: Need,
    obj: Obj,
    query: &'static str,
    param: Option<(&'static str, &'static str)>,
    multipart: bool,
    body: Option<&'static str>,
    read: bool,
}

pub const fn case(route: &'static str, need: Need, obj: Obj) -> Case {
    Case { route, need, obj, query: "", param: None, multipart: false, body: None, read: true }
}

impl Case {
    pub const fn q(mut self, query: &'static str) -> Case {
        self.query = query;
        self
    }
    pub const fn param(mut self, name: &'static str, value: &'static str) -> Case {
        self.param = Some((name, value));
        self
    }
    /// A JSON body well-formed enough to reach the permission and scope checks (default `{}`).
    pub const fn body(mut self, json: &'static str) -> Case {
        self.body = Some(json);
        self
    }
    pub const fn multipart(mut self) -> Case {
        self.multipart = true;
        self
    }
    pub const fn no_read(mut self) -> Case {
        self.read = false;
        self
    }
}

const TICKET_ANY: &[&str] = &["ticket:read", "ticket:write", "ticket:dispatch"];
const TICKET_RW: &[&str] = &["ticket:read", "ticket:write"];
const TICKET_RD: &[&str] = &["ticket:read", "ticket:dispatch"];
const LEAD_OR_PROJECT: &[&str] = &["lead:read", "project:read"];
const LEAD_OR_COCKPIT: &[&str] = &["lead:read", "cockpit:read"];
const ROLES_READ: &[&str] = &["role:admin", "user:admin"];

/// One line per route. Keep it a table: one route, one line.
pub const CASES: &[Case] = &[
    // auth
    case("GET /health", Public, NONE),
    case("GET /openapi.json", Public, NONE),
    case("POST /auth/login", Public, NONE),
    case("POST /auth/logout", Login, NONE),
    case("GET /auth/demo-accounts", Public, NONE),
    case("GET /me", Login, NONE),
    // The second factor and sessions (decision 0021): the caller's own, or the security
    // administrator's for a user.
    case("POST /auth/login/second-factor", Public, NONE),
    case("GET /me/second-factor", Login, NONE),
    case("POST /me/second-factor", Login, NONE),
    case("POST /me/second-factor/confirm", Login, NONE),
    case("GET /me/sessions", Login, NONE),
    case("DELETE /me/sessions/{id}", Login, NONE),
    case("POST /users/{id}/second-factor/reset", perm("security:admin"), zone_row("app_user")),
    case("GET /users/{id}/sessions", perm("security:admin"), zone_row("app_user")),
    case("DELETE /users/{id}/sessions", perm("security:admin"), zone_row("app_user")),
    case("DELETE /users/{id}/sessions/{sid}", perm("security:admin"), zone_row("app_user")).param("{sid}", "1"),
    // reference data
    case("GET /parks", Login, NONE),
    case("POST /parks", perm("park:write"), NONE),
    case("PUT /parks/{id}", perm("park:write"), zone_row("park"))
        .body(r#"{"code": null, "name": null}"#),
    case("DELETE /parks/{id}", perm("park:write"), zone_row("park")),
    case("GET /chains", Login, NONE),
    case("POST /chains", perm("chain:write"), NONE),
    case("PUT /chains/{id}", perm("chain:write"), zone_row("chain"))
        .body(r#"{"code": null, "name": null}"#),
    case("DELETE /chains/{id}", perm("chain:write"), zone_row("chain")),
    case("GET /departments", Login, NONE),
    case("POST /departments", perm("dictionary:write"), NONE),
    case("PUT /departments/{id}", perm("dictionary:write"), zone_row("department"))
        .body(r#"{"code": null, "name": null}"#),
    case("DELETE /departments/{id}", perm("dictionary:write"), zone_row("department")),
    case("GET /industries", Login, NONE),
    case("GET /metrics", Login, NONE),
    case("GET /tier-thresholds", Login, NONE),
    // enterprises
    case("GET /enterprises", perm("enterprise:read"), NONE),
    case("POST /enterprises", perm("enterprise:write"), NONE),
    case("GET /enterprises/{id}", perm("enterprise:read"), ENTERPRISE),
    case("PUT /enterprises/{id}", perm("enterprise:write"), ENTERPRISE)
        .body(r#"{"credit_code": null, "name": null, "park_id": null, "chain_id": null, "industry_code": null, "above_size": null, "land_mu": null, "established_on": null, "address": null, "entrepreneurs": null}"#),
    case("PATCH /enterprises/{id}", perm("enterprise:write"), ENTERPRISE),
    case("DELETE /enterprises/{id}", perm("enterprise:delete"), ENTERPRISE),
    case("GET /enterprises/{id}/indicators", perm("enterprise:read"), ENTERPRISE),
    case("PUT /enterprises/{id}/indicators", perm("indicator:write"), ENTERPRISE)
        .body(r#"{"items": [{"metric": "sales", "period": 202101, "value": 1.0}]}"#),
    case("GET /enterprises/{id}/tiers", perm("enterprise:read"), ENTERPRISE),
    case("GET /enterprises/{id}/years", perm("enterprise:read"), ENTERPRISE),
    case("GET /enterprises/{id}/audit", perm("enterprise:read"), ENTERPRISE),
    case("GET /enterprises/{id}/dossier", perm("enterprise:read"), ENTERPRISE),
    case("GET /tier-events", perm("enterprise:read"), NONE).q("?year=2021"),
    // month grids (decision 0039)
    case("GET /enterprises/{id}/indicator-grid", perm("enterprise:read"), ENTERPRISE).q("?month=2021-06"),
    case("PUT /enterprises/{id}/indicator-grid", perm("indicator:write"), ENTERPRISE)
        .body(r#"{"month": "2021-06", "items": [{"metric": "sales", "value": 1.0}]}"#),
    case("GET /indicator-grid", perm("enterprise:read"), NONE).q("?metric=sales&month=2021-06"),
    case("PUT /indicator-grid", perm("indicator:write"), NONE)
        .body(r#"{"metric": "sales", "month": "2021-06", "items": [{"enterprise_id": 1, "value": 1.0}]}"#),
    case("GET /goals", perm("goal:read"), NONE),
    case("POST /goals", perm("goal:write"), NONE),
    case("PUT /goals/{id}", perm("goal:write"), zone_row("goal"))
        .body(r#"{"name": null, "tier": null, "target_count": null, "base_year": null, "deadline_year": null}"#),
    case("DELETE /goals/{id}", perm("goal:write"), zone_row("goal")),
    // cockpit
    case("GET /cockpit", perm("cockpit:read"), NONE).q("?year=2021"),
    case("GET /cockpit/charts", perm("cockpit:read"), NONE).q("?year=2021"),
    case("GET /cockpit/invest", all(&["cockpit:read", "project:read"]), NONE).q("?year=2022"),
    // investment
    case("GET /invest/meta", any(LEAD_OR_PROJECT), NONE),
    case("GET /invest/people", any(LEAD_OR_PROJECT), NONE),
    case("GET /leads", perm("lead:read"), NONE),
    case("POST /leads", perm("lead:write"), NONE),
    case("GET /leads/pipeline", perm("lead:read"), NONE),
    case("GET /leads/{id}", perm("lead:read"), LEAD),
    case("PUT /leads/{id}", perm("lead:write"), LEAD)
        .body(r#"{"company": null, "codename": null, "confidential": null, "source": null, "kind": null, "industry_code": null, "chain_id": null, "intended_investment": null, "owner_id": null, "park_id": null, "contact_name": null, "contact_phone": null, "notes": null}"#),
    case("DELETE /leads/{id}", perm("lead:write"), LEAD),
    case("POST /leads/{id}/move", perm("lead:write"), LEAD).body(r#"{"stage": "contact"}"#),
    case("GET /leads/{id}/history", perm("lead:read"), LEAD),
    case("POST /leads/{id}/project", perm("project:write"), LEAD),
    case("GET /activities", perm("lead:read"), NONE),
    case("POST /activities", perm("lead:write"), NONE),
    case("GET /activities/stats", perm("lead:read"), NONE),
    case("GET /activities/{id}", perm("lead:read"), ACTIVITY),
    case("PUT /activities/{id}", perm("lead:write"), ACTIVITY)
        .body(r#"{"kind": null, "title": null, "start_on": null, "end_on": null, "location": null, "counterpart": null, "participants": null, "park_id": null, "outcome": null, "lead_ids": null, "enterprise_ids": null}"#),
    case("DELETE /activities/{id}", perm("lead:write"), ACTIVITY),
    case("GET /invest/targets", perm("lead:read"), NONE),
    case("POST /invest/targets", perm("target:write"), NONE),
    case("PUT /invest/targets/{id}", perm("target:write"), TARGET)
        .body(r#"{"subject": null, "park_id": null, "period": null, "signed_count": null, "signed_amount": null, "trips": null, "receptions": null}"#),
    case("DELETE /invest/targets/{id}", perm("target:write"), TARGET),
    case("GET /weekly-plans", perm("lead:read"), NONE),
    case("PUT /weekly-plans/{week}", perm("lead:write"), NONE).param("{week}", "2026-11-23")
        .body(r#"{"items": []}"#),
    case("GET /invest/leaderboard", any(LEAD_OR_COCKPIT), NONE),
    // projects
    case("GET /projects", perm("project:read"), NONE),
    case("POST /projects", perm("project:write"), NONE),
    case("GET /projects/{id}", perm("project:read"), PROJECT),
    case("PUT /projects/{id}", perm("project:write"), PROJECT)
        .body(r#"{"name": null, "enterprise_id": null, "park_id": null, "owner_id": null, "chain_id": null, "category": null, "investment": null, "signed_on": null, "notes": null}"#),
    case("DELETE /projects/{id}", perm("project:write"), PROJECT),
    case("PUT /projects/{id}/stages/{stage}", perm("project:write"), PROJECT).param("{stage}", "land")
        .body(r#"{"planned_on": null, "actual_on": null}"#),
    case("PATCH /projects/{id}/stages/{stage}", perm("project:write"), PROJECT).param("{stage}", "land"),
    case("GET /projects/{id}/progress", perm("project:read"), PROJECT),
    case("POST /projects/{id}/progress", perm("project:write"), PROJECT),
    case("GET /projects/{id}/problems", perm("project:read"), PROJECT),
    case("POST /projects/{id}/problems", perm("project:write"), PROJECT),
    case("PUT /projects/{id}/problems/{pid}", perm("project:write"), PROJECT).param("{pid}", "1")
        .body(r#"{"status": null}"#),
    // service desk
    case("GET /tickets/meta", Login, NONE),
    case("GET /tickets", perm("ticket:read"), NONE),
    case("POST /tickets", perm("ticket:write"), NONE),
    case("GET /tickets/queue", any(TICKET_RW), NONE),
    case("GET /tickets/{id}", any(TICKET_RW), TICKET),
    case("GET /tickets/{id}/history", any(TICKET_RW), TICKET),
    case("POST /tickets/{id}/actions/{code}", any(&["ticket:write", "ticket:dispatch"]), TICKET)
        .param("{code}", "accept"),
    case("POST /tickets/{id}/rating", any(&["ticket:read", "ticket:write"]), TICKET)
        .body(r#"{"solved": true, "satisfaction": 5}"#),
    case("GET /ticket-categories", any(TICKET_ANY), NONE),
    case("POST /ticket-categories", perm("ticket:dispatch"), NONE),
    case("PUT /ticket-categories/order", perm("ticket:dispatch"), NONE)
        .body(r#"{"codes": []}"#),
    case("PATCH /ticket-categories/{code}", perm("ticket:dispatch"), NONE).param("{code}", "land"),
    case("PUT /ticket-categories/{code}", perm("ticket:dispatch"), NONE).param("{code}", "land")
        .body(r#"{"label": null, "active": null}"#),
    case("GET /public/ticket-categories", Public, NONE),
    case("GET /ticket-routing", any(TICKET_RD), NONE),
    case("PUT /ticket-routing", perm("ticket:dispatch"), NONE)
        .body(r#"{"items": []}"#),
    case("GET /sla-policies", any(TICKET_RD), NONE),
    case("PUT /sla-policies", perm("ticket:dispatch"), NONE)
        .body(r#"{"items": []}"#),
    case("GET /calendar/{year}", any(TICKET_RD), NONE).param("{year}", "2024"),
    case("PUT /calendar/{year}", perm("ticket:dispatch"), NONE)
        .param("{year}", "2024")
        .body(r#"{"holidays": [], "workdays": []}"#),
    case("POST /public/hotline", Public, NONE),
    case("GET /public/tickets/{no}", Public, NONE).param("{no}", "NO-SUCH-TICKET"),
    // Imports: the upload checks the kind's permission before it reads the file; a staged
    // upload is its uploader's alone (anyone else: 404), so only the anonymous call is run.
    case("POST /imports/{kind}", perm("enterprise:write"), NONE).param("{kind}", "enterprises").multipart(),
    case("GET /imports/{kind}/template", perm("enterprise:write"), NONE).param("{kind}", "enterprises"),
    case("GET /imports/batches/{id}", Login, NONE).no_read(),
    case("GET /imports/batches/{id}/annotated", Login, NONE).no_read(),
    case("POST /imports/batches/{id}/commit", Login, NONE),
    case("GET /tickets/{id}/attachments", any(TICKET_ANY), TICKET),
    case("POST /tickets/{id}/attachments", any(TICKET_ANY), TICKET).multipart(),
    case("GET /tickets/{id}/attachments/{att}", any(TICKET_ANY), TICKET).param("{att}", "1").no_read(),
    case("POST /public/tickets/{no}/attachments", Public, NONE).param("{no}", "NO-SUCH-TICKET").multipart(),
    // visits
    case("GET /visits", perm("visit:read"), NONE),
    case("POST /visits", perm("visit:write"), NONE),
    case("GET /visits/hint", perm("visit:read"), NONE).no_read(),
    case("GET /visits/coverage", perm("visit:read"), NONE),
    case("GET /linkages", perm("visit:read"), NONE),
    case("POST /linkages", perm("user:admin"), NONE),
    case("DELETE /linkages/{id}", perm("user:admin"), zone_row("linkage")),
    case("GET /visits/{id}/photos", perm("visit:read"), VISIT),
    case("POST /visits/{id}/photos", all(&["visit:read", "visit:write"]), VISIT).multipart(),
    case("GET /visits/{id}/photos/{photo}", perm("visit:read"), VISIT).param("{photo}", "1").no_read(),
    // the caller's own workbench
    case("GET /my/linked-enterprises", perm("enterprise:read"), NONE),
    case("POST /me/password", Login, NONE),
    case("GET /me/notification-preferences", Login, NONE),
    case("PUT /me/notification-preferences", Login, NONE).body(r#"{"items": []}"#),
    case("GET /search", Login, NONE).q("?q=扬州"),
    case("GET /tickets/{id}/urges", any(TICKET_ANY), TICKET),
    case("POST /tickets/{id}/urges", all(&["urge:write", "ticket:read"]), TICKET),
    case("GET /projects/{id}/urges", perm("project:read"), PROJECT),
    case("POST /projects/{id}/urges", all(&["urge:write", "project:read"]), PROJECT),
    // meetings
    case("GET /meetings/meta", Login, NONE),
    case("GET /meetings", perm("meeting:read"), NONE),
    case("POST /meetings", perm("meeting:write"), NONE),
    case("GET /meetings/{id}", perm("meeting:read"), zone_row("meeting")),
    case("PUT /meetings/{id}", perm("meeting:write"), zone_row("meeting"))
        .body(r#"{"kind": null, "title": null, "held_on": null, "location": null, "chair": null, "status": null, "minutes": null}"#),
    case("DELETE /meetings/{id}", perm("meeting:write"), zone_row("meeting")),
    case("PUT /meetings/{id}/agenda", perm("meeting:write"), zone_row("meeting"))
        .body(r#"{"items": []}"#),
    case("GET /meetings/{id}/agenda/suggestions", perm("meeting:read"), zone_row("meeting")),
    case("POST /meetings/{id}/agenda/draw", perm("meeting:write"), zone_row("meeting")),
    case("POST /meetings/{id}/actions", perm("meeting:write"), zone_row("meeting")),
    case("GET /meetings/{id}/pdf", perm("meeting:read"), zone_row("meeting")).no_read(),
    // printed documents (decision 0038): heavy to typeset, and a first print numbers the period
    case("GET /bulletins/weekly", perm("cockpit:read"), NONE).no_read(),
    case("GET /bulletins/contest", any(LEAD_OR_COCKPIT), NONE).no_read(),
    case("GET /tickets/{id}/receipt", any(TICKET_RW), TICKET).no_read(),
    case("GET /meeting-actions", Login, NONE),
    case("PUT /meeting-actions/{id}", Login, ACTION).body(r#"{"status": null, "note": null}"#),
    // notifications and robots
    case("GET /notifications", Login, NONE),
    case("POST /notifications/read-all", Login, NONE),
    case("POST /notifications/{id}/read", Login, NOTIFICATION),
    case("GET /robots", perm("ticket:dispatch"), NONE),
    case("POST /robots", perm("ticket:dispatch"), NONE),
    case("PUT /robots/{id}", perm("ticket:dispatch"), zone_row("robot"))
        .body(r#"{"name": null, "kind": null, "department_id": null, "park_id": null, "enabled": null}"#),
    case("DELETE /robots/{id}", perm("ticket:dispatch"), zone_row("robot")),
    case("POST /robots/{id}/test", perm("ticket:dispatch"), zone_row("robot")),
    case("GET /outbox", perm("ticket:dispatch"), NONE),
    // the demo's robot receiver (404 on a server not started with --demo)
    case("GET /demo/robot-inbox", perm("ticket:dispatch"), NONE),
    case("POST /demo/robot-inbox/{token}", Public, NONE).param("{token}", "no-such-token"),
    // administration
    case("GET /users", any(&["user:admin", "security:admin"]), NONE),
    case("POST /users", perm("user:admin"), NONE),
    case("PUT /users/{id}", perm("user:admin"), zone_row("app_user"))
        .body(r#"{"display_name": null, "roles": null, "scope": null}"#),
    case("PATCH /users/{id}", perm("user:admin"), zone_row("app_user")),
    case("POST /users/{id}/password", perm("user:admin"), zone_row("app_user")),
    case("POST /users/{id}/unlock", perm("security:admin"), zone_row("app_user")),
    case("GET /roles", any(ROLES_READ), NONE),
    case("PUT /roles/{code}", perm("role:admin"), NONE).param("{code}", "investor")
        .body(r#"{"name": null, "permissions": null}"#),
    case("PATCH /roles/{code}", perm("role:admin"), NONE).param("{code}", "investor"),
    case("GET /permissions", Login, NONE),
    case("GET /audit", perm("audit:read"), NONE),
];

pub const ROLES: &[&str] = &[
    "admin",
    "leader",
    "park_auto",
    "park_pv",
    "dept_land",
    "investor",
    "cadre",
    "ent_ja",
    "service",
    "auditor",
    "secadmin",
];

#[test]
fn every_served_route_has_exactly_one_case() {
    let served: Vec<String> = zoneops_server::routes::catalogue();
    let served_set: BTreeSet<&str> = served.iter().map(String::as_str).collect();
    assert_eq!(served_set.len(), served.len(), "a route is registered twice");
    let mut cases = BTreeSet::new();
    for c in CASES {
        assert!(cases.insert(c.route), "two cases for {}", c.route);
    }
    let missing: Vec<&&str> = served_set.difference(&cases).collect();
    let stale: Vec<&&str> = cases.difference(&served_set).collect();
    assert!(missing.is_empty(), "routes without a scope case (add a line to CASES): {missing:?}");
    assert!(stale.is_empty(), "cases for routes the router does not serve: {stale:?}");
    println!("route matrix: {} routes covered", cases.len());
    assert_eq!(cases.len(), served.len());
}

/// The zone's rows as counts, plus the audit log: equal before and after means nothing changed.
async fn fingerprint(app: &TestApp) -> BTreeMap<&'static str, i64> {
    const TABLES: &[&str] = &[
        "audit",
        "enterprise",
        "indicator",
        "goal",
        "linkage",
        "lead",
        "lead_move",
        "activity",
        "invest_target",
        "weekly_plan",
        "project",
        "project_stage",
        "ticket",
        "ticket_event",
        "ticket_attachment",
        "meeting",
        "meeting_action",
        "visit",
        "visit_photo",
        "notification_preference",
        "app_user",
        "role",
        "park",
        "chain",
        "department",
        "robot",
        "document_issue",
    ];
    let mut out = BTreeMap::new();
    for t in TABLES {
        let sql = format!("SELECT COUNT(*) FROM {t}");
        let row = app
            .db
            .conn()
            .query_one_raw(sea_orm::Statement::from_string(app.db.conn().get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("count {t}: {e}"))
            .expect("row");
        out.insert(*t, row.try_get_by_index::<i64>(0).expect("count"));
    }
    out
}

async fn table_ids(app: &TestApp, table: &str) -> Vec<i64> {
    let sql = format!("SELECT id FROM {table} ORDER BY id");
    let rows = app
        .db
        .conn()
        .query_all_raw(sea_orm::Statement::from_string(app.db.conn().get_database_backend(), sql))
        .await
        .unwrap_or_else(|e| panic!("ids of {table}: {e}"));
    rows.iter().map(|r| r.try_get_by_index::<i64>(0).expect("id")).collect()
}

/// What the caller's own list shows (all pages); nothing when it may not read the list.
async fn visible(s: &Session, list: &str) -> BTreeSet<i64> {
    let mut out = BTreeSet::new();
    for page in 1.. {
        let res = s.get(&format!("{list}?page={page}&page_size=500")).await;
        if res.status() != StatusCode::OK {
            return out;
        }
        let v: Value = res.json().await.expect("json");
        let items = v["items"].as_array().cloned().unwrap_or_default();
        let before = out.len();
        out.extend(items.iter().filter_map(|i| i["id"].as_i64()));
        let total = v["total"].as_u64().unwrap_or(0) as usize;
        if items.is_empty() || out.len() >= total || out.len() == before {
            break;
        }
    }
    out
}

fn split(route: &str) -> (&str, &str) {
    route.split_once(' ').expect("METHOD /path")
}

async fn send(s: &Session, method: &str, path: &str, case: &Case) -> StatusCode {
    let url = s.url(&format!("/api/v1{path}{}", if method == "GET" { case.query } else { "" }));
    let req = match method {
        "GET" => s.client.get(url),
        "POST" => s.client.post(url),
        "PUT" => s.client.put(url),
        "PATCH" => s.client.patch(url),
        "DELETE" => s.client.delete(url),
        other => panic!("method {other}"),
    };
    let req = if case.multipart {
        let boundary = "----zoneops-matrix";
        let body = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pdf\"\r\n\
             Content-Type: application/pdf\r\n\r\n%PDF-1.4\n%%EOF\n\r\n--{boundary}--\r\n"
        );
        req.header("content-type", format!("multipart/form-data; boundary={boundary}")).body(body)
    } else if method == "GET" || method == "DELETE" {
        req
    } else {
        let body: Value = case.body.map_or_else(|| json!({}), |b| serde_json::from_str(b).expect("case body"));
        req.json(&body)
    };
    req.send().await.expect("request").status()
}

fn allowed(need: Need, perms: &BTreeSet<String>, logged_in: bool) -> bool {
    match need {
        Need::Public => true,
        Need::Login => logged_in,
        Need::Perm(p) => perms.contains(p),
        Need::Any(ps) => ps.iter().any(|p| perms.contains(*p)),
        Need::All(ps) => ps.iter().all(|p| perms.contains(*p)),
    }
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn every_route_for_every_role(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let served = zoneops_server::routes::catalogue();
    let by_route: BTreeMap<&str, &Case> = CASES.iter().map(|c| (c.route, c)).collect();
    let mut sessions: Vec<(&str, Session, BTreeSet<String>)> = Vec::new();
    for role in ROLES {
        let s = app.login(role).await;
        let me = s.get_json("/api/v1/me").await;
        let perms = me["permissions"].as_array().expect("permissions").iter().filter_map(Value::as_str);
        let perms = perms.map(str::to_owned).collect();
        sessions.push((role, s, perms));
    }
    sessions.push(("anonymous", app.anonymous(), BTreeSet::new()));
    // The demo has no meeting yet: one, so the meeting routes have a record to name.
    let leader = &sessions[1].1;
    let res = leader.post("/api/v1/meetings", &json!({"kind": "weekly", "held_on": "2026-11-30"})).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    // Ids per scoped kind: the zone's (from the database) and each role's (from its own list).
    let mut zone_ids: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    let mut seen: BTreeMap<(&str, &str), BTreeSet<i64>> = BTreeMap::new();
    for c in CASES {
        let table = match c.obj {
            Obj::Scoped(_, t) | Obj::Zone(t) => t,
            Obj::None => continue,
        };
        if let Entry::Vacant(e) = zone_ids.entry(table) {
            e.insert(table_ids(&app, table).await);
        }
        if let Obj::Scoped(list, _) = c.obj {
            for (role, s, _) in &sessions {
                if let Entry::Vacant(e) = seen.entry((*role, list)) {
                    e.insert(if *role == "anonymous" { BTreeSet::new() } else { visible(s, list).await });
                }
            }
        }
    }

    let mut failures = Vec::new();
    let mut requests = 0usize;
    for route in &served {
        let case = by_route.get(route.as_str()).unwrap_or_else(|| panic!("no case for {route}"));
        let (method, template) = split(route);
        let mut template = template.to_owned();
        if let Some((name, value)) = case.param {
            template = template.replace(name, value);
        }
        for (role, s, perms) in &sessions {
            let logged_in = *role != "anonymous";
            let may = allowed(case.need, perms, logged_in);
            // (id, expected) pairs to try; `None` id when the path names no record.
            let mut tries: Vec<(Option<i64>, &str)> = Vec::new();
            match case.obj {
                Obj::None => tries.push((None, "")),
                Obj::Zone(t) => tries.push((zone_ids[t].first().copied(), "")),
                Obj::Scoped(list, t) => {
                    let mine = &seen[&(*role, list)];
                    let outside = zone_ids[t].iter().find(|id| !mine.contains(id)).copied();
                    if let Some(id) = outside {
                        tries.push((Some(id), "outside"));
                    }
                    if let Some(id) = mine.iter().next() {
                        tries.push((Some(*id), "inside"));
                    }
                }
            }
            for (id, which) in tries {
                let path = match id {
                    Some(id) => template.replace("{id}", &id.to_string()),
                    None => template.replace("{id}", "1"),
                };
                let denied = !may;
                let outside = may && which == "outside" && logged_in && !matches!(case.need, Need::Public);
                let reading = method == "GET";
                // A role that may write is not run (it would change the zone under the other cases).
                if !denied && !outside && (!reading || !case.read) {
                    continue;
                }
                let before = if reading { None } else { Some(fingerprint(&app).await) };
                let status = send(s, method, &path, case).await;
                requests += 1;
                let ok = if !logged_in && !matches!(case.need, Need::Public) {
                    status == StatusCode::UNAUTHORIZED
                } else if denied {
                    status == StatusCode::FORBIDDEN || status == StatusCode::NOT_FOUND
                } else if outside {
                    status == StatusCode::NOT_FOUND
                } else if matches!(case.need, Need::Public) {
                    status != StatusCode::UNAUTHORIZED && status != StatusCode::FORBIDDEN && !status.is_server_error()
                } else {
                    status == StatusCode::OK
                };
                if !ok {
                    failures.push(format!("{role:<9} {method} {path}{} ({which}) → {status}", case.query));
                }
                if let Some(before) = before
                    && (denied || outside)
                {
                    let after = fingerprint(&app).await;
                    if before != after {
                        failures.push(format!("{role:<9} {method} {path} changed the zone: {before:?} → {after:?}"));
                    }
                }
            }
        }
    }
    println!("route matrix: {} routes covered, {requests} requests", served.len());
    assert!(failures.is_empty(), "{} route × role failures:\n{}", failures.len(), failures.join("\n"));
}

/// A count on the cockpit is the caller's own list: for every role that has the cockpit, each
/// count figure's drill-down list (in the caller's scope) has `total == value`.
#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn every_roles_cockpit_counts_equal_its_own_lists(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let mut checked = 0;
    for role in ROLES {
        let s = app.login(role).await;
        let res = s.get("/api/v1/cockpit?year=2021").await;
        if res.status() == StatusCode::FORBIDDEN {
            continue;
        }
        assert_eq!(res.status(), StatusCode::OK, "{role}");
        let c: Value = res.json().await.expect("json");
        for f in c["figures"].as_array().expect("figures") {
            let (Some(drill), Some(value)) = (f["drill"].as_str(), f["value"].as_f64()) else { continue };
            if !matches!(f["unit"].as_str(), Some("家" | "个" | "件" | "次" | "项")) {
                continue;
            }
            let list = s.get(drill).await;
            assert_eq!(list.status(), StatusCode::OK, "{role} {drill}");
            let v: Value = list.json().await.expect("json");
            assert_eq!(v["total"].as_f64(), Some(value), "{role}: {} ({drill})", f["key"]);
            checked += 1;
        }
        if *role == "park_auto" || *role == "dept_land" || *role == "investor" {
            // The enterprise count is the caller's enterprise list.
            let total = s.get_json("/api/v1/enterprises?page_size=1").await["total"].as_f64();
            let fig = c["figures"].as_array().unwrap().iter().find(|f| f["key"] == "enterprises.total");
            if let Some(fig) = fig {
                assert_eq!(fig["value"].as_f64(), total, "{role}");
            }
        }
    }
    assert!(checked > 0, "no count figure was checked");
}
