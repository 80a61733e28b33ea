//! Loads a generated zone ([`zoneops_demo`]) into an empty database: reference data, enterprises,
//! their monthly indicators and yearly summaries, goals and the demo accounts.

use std::collections::BTreeMap;

use sea_orm::ConnectionTrait;
use sea_orm::sea_query::Query;
use zoneops_demo::Demo;
use zoneops_domain::Vocabulary;
use zoneops_domain::invest::LeadStage;
use zoneops_domain::metric::Metric;
use zoneops_domain::permission::DEFAULT_ROLES;
use zoneops_domain::scope::Reach;
use zoneops_domain::ticket::{TicketAction, TicketState};

use crate::enterprise::{EnterpriseData, EntrepreneurRow};
use crate::indicator::{IndicatorRow, summary_insert, year_figures};
use crate::reference::{Dict, DictInput, INDUSTRY_VERSION, import_industries, insert_dict, insert_zone};
use crate::{Db, DbError, DbResult, WriteTx, enterprise, goal, user};

/// The demo accounts: (username, display name, role, how the scope is chosen).
pub const DEMO_ACCOUNTS: &[(&str, &str, &str, &str)] = &[
    ("admin", "系统管理员", "admin", "zone"),
    ("auditor", "审计管理员", "auditor", "zone"),
    ("secadmin", "安全管理员", "security", "zone"),
    ("leader", "管委会领导", "leader", "zone"),
    ("park_auto", "汽车及零部件产业园", "park", "park:auto"),
    ("park_pv", "绿色光电产业园", "park", "park:pv"),
    ("dept_land", "自然资源和规划局", "dept", "dept:land"),
    ("service", "企业服务中心", "service", "zone"),
    ("investor", "招商人员", "investor", "own"),
    ("cadre", "挂钩干部", "cadre", "own"),
    ("ent_ja", "晶澳（企业账号）", "enterprise", "enterprise:ja"),
];

pub struct LoadReport {
    pub zone_id: i64,
    pub enterprises: usize,
    pub indicators: usize,
    pub projects: usize,
    pub leads: usize,
    pub activities: usize,
    pub tickets: usize,
}

/// A code of the generated demo (plain strings) as the vocabulary's member.
fn seed<V: Vocabulary>(code: &str) -> DbResult<V> {
    V::parse(code).ok_or_else(|| DbError::Invalid(format!("demo {} code {code}", V::NAME)))
}

/// Seeds roles of a zone from the domain's default role table.
pub async fn seed_roles(tx: &WriteTx, zone: i64) -> DbResult<()> {
    for r in DEFAULT_ROLES {
        let perms = serde_json::to_string(r.permissions).map_err(|e| DbError::Invalid(e.to_string()))?;
        user::upsert_role(tx, zone, r.code, r.name_zh, &perms).await?;
    }
    Ok(())
}

pub async fn is_empty(db: &Db) -> DbResult<bool> {
    Ok(crate::reference::zones(db.conn()).await?.is_empty())
}

/// `password_hash` is the Argon2id hash every demo account gets (computed by the caller).
pub async fn load(
    db: &Db,
    demo: &Demo,
    industries_csv: &str,
    password_hash: &str,
    mut progress: impl FnMut(usize, usize),
) -> DbResult<LoadReport> {
    if !is_empty(db).await? {
        return Err(DbError::Invalid("the database is not empty: the demo loads only into an empty database".into()));
    }
    let tx = db.begin_write().await?;
    let zone = insert_zone(&tx, demo.zone.code, demo.zone.name).await?;
    if crate::reference::list_industries(&*tx, Some("section"), None, None).await?.is_empty() {
        import_industries(&tx, INDUSTRY_VERSION, industries_csv).await?;
    }
    seed_roles(&tx, zone).await?;
    let mut parks = Vec::new();
    for (i, p) in demo.parks.iter().enumerate() {
        let d = DictInput { code: p.code.into(), name: p.name.into(), sort: i as i64, demo: p.invented, grp: None };
        parks.push(insert_dict(&tx, zone, Dict::Park, &d).await?);
    }
    let mut chains = Vec::new();
    for (i, c) in demo.chains.iter().enumerate() {
        let d = DictInput {
            code: c.code.into(),
            name: c.name.into(),
            sort: i as i64,
            demo: c.invented,
            grp: Some(c.group.into()),
        };
        chains.push(insert_dict(&tx, zone, Dict::Chain, &d).await?);
    }
    let mut depts = Vec::new();
    for (i, d) in demo.departments.iter().enumerate() {
        let input = DictInput { code: d.code.into(), name: d.name.into(), sort: i as i64, demo: false, grp: None };
        depts.push((d.code, insert_dict(&tx, zone, Dict::Department, &input).await?));
    }
    // The service desk routes each problem category to the department that handles it.
    let routing: Vec<(String, i64)> = [
        ("land", "land"),
        ("housing", "housing"),
        ("staffing", "hr"),
        ("schooling", "edu"),
        ("approval", "approval"),
        ("finance", "finance"),
        ("other", "econ"),
    ]
    .iter()
    .filter_map(|(cat, dept)| depts.iter().find(|d| d.0 == *dept).map(|d| (cat.to_string(), d.1)))
    .collect();
    crate::ticket::set_routing(&tx, zone, &routing).await?;
    for g in &demo.goals {
        let data = goal::GoalData {
            name: g.name.into(),
            tier: g.tier.into(),
            target_count: g.target_count,
            base_year: g.base_year,
            deadline_year: g.deadline_year,
        };
        goal::insert(&tx, zone, &data).await?;
    }
    tx.commit().await?;

    let total = demo.enterprises.len();
    let mut ids = Vec::with_capacity(total);
    let mut indicator_rows = 0usize;
    // Batches of enterprises per transaction: few fsyncs, bounded memory.
    for (batch_no, batch) in demo.enterprises.chunks(250).enumerate() {
        let tx = db.begin_write().await?;
        let mut summaries = Vec::new();
        let mut ind_buf: Vec<(i64, &'static str, i32, i64)> = Vec::new();
        for (j, e) in batch.iter().enumerate() {
            let idx = batch_no * 250 + j;
            let data = EnterpriseData {
                credit_code: e.credit_code.clone(),
                credit_code_warning: false,
                name: e.name.clone(),
                park_id: parks[e.park],
                chain_id: e.chain.map(|c| chains[c]),
                industry_code: e.industry_code.into(),
                above_size: e.above_size,
                land_mu: Some(e.land_mu_centi),
                established_on: Some(e.established),
                address: e.address.clone(),
            };
            let id = enterprise::insert(&tx, zone, None, &data).await?;
            ids.push(id);
            let people: Vec<EntrepreneurRow> = e
                .entrepreneurs
                .iter()
                .map(|p| EntrepreneurRow {
                    name: p.name.clone(),
                    title: p.title.clone(),
                    mobile: p.mobile.clone(),
                    honors: serde_json::to_string(&p.honors).unwrap_or_else(|_| "[]".into()),
                })
                .collect();
            enterprise::replace_entrepreneurs(&tx, zone, id, &people).await?;
            let seeds = demo.indicators(idx);
            let mut by_year: BTreeMap<i32, Vec<IndicatorRow>> = BTreeMap::new();
            for s in &seeds {
                ind_buf.push((id, s.metric, s.period, s.value));
                by_year.entry(s.period / 100).or_default().push(IndicatorRow {
                    metric: s.metric.into(),
                    period: s.period,
                    value: s.value,
                });
            }
            // land area is an attribute of the enterprise but also a yearly figure for 亩均.
            for (year, rows) in by_year {
                let mut f = year_figures(&rows, year);
                f.entry(Metric::LandMu).or_insert(e.land_mu_centi);
                summaries.push((id, zone, year, f));
            }
            indicator_rows += seeds.len();
        }
        for chunk in ind_buf.chunks(1000) {
            let mut q = Query::insert();
            q.into_table("indicator").columns(["enterprise_id", "metric", "period", "zone_id", "value", "updated_at"]);
            let t = crate::now();
            for (id, m, p, v) in chunk {
                q.values_panic([(*id).into(), (*m).into(), (*p).into(), zone.into(), (*v).into(), t.into()]);
            }
            tx.execute(&q).await?;
        }
        for chunk in summaries.chunks(500) {
            tx.execute(&summary_insert(chunk)).await?;
        }
        tx.commit().await?;
        progress(ids.len(), total);
    }

    let tx = db.begin_write().await?;
    let (mut cadre_id, mut cadre_links) = (None, Vec::new());
    for (username, display, role, scope) in DEMO_ACCOUNTS {
        let reach = match *scope {
            "zone" => Reach::Zone,
            "own" => Reach::Own,
            s if s.starts_with("park:") => {
                let code = &s[5..];
                let i = demo
                    .parks
                    .iter()
                    .position(|p| p.code == code)
                    .ok_or_else(|| DbError::Invalid(format!("no park {code}")))?;
                Reach::Parks { parks: vec![parks[i]] }
            }
            s if s.starts_with("dept:") => {
                let code = &s[5..];
                let id = depts
                    .iter()
                    .find(|d| d.0 == code)
                    .map(|d| d.1)
                    .ok_or_else(|| DbError::Invalid(format!("no department {code}")))?;
                Reach::Department { department: id }
            }
            s if s.starts_with("enterprise:") => {
                let key = &s[11..];
                let i = demo.enterprise_by_key(key).ok_or_else(|| DbError::Invalid(format!("no enterprise {key}")))?;
                Reach::Enterprise { enterprise: ids[i] }
            }
            other => return Err(DbError::Invalid(format!("bad demo scope {other}"))),
        };
        let scope_json = serde_json::to_string(&reach).map_err(|e| DbError::Invalid(e.to_string()))?;
        let uid = user::insert(
            &tx,
            &user::NewUser { zone, username, display_name: display, password_hash, scope_json: &scope_json },
        )
        .await?;
        user::set_user_roles(&tx, zone, uid, &[role.to_string()]).await?;
        if *username == "cadre" {
            // The cadre is linked (三重挂钩) to a handful of key enterprises.
            for key in ["weichai", "yapp", "hisense", "cimc", "lear"] {
                if let Some(i) = demo.enterprise_by_key(key) {
                    user::add_linkage(&tx, zone, uid, ids[i]).await?;
                    cadre_links.push(ids[i]);
                }
            }
            cadre_id = Some(uid);
        }
    }
    let investor_users = load_investors(&tx, zone, demo, password_hash).await?;
    tx.commit().await?;
    let dept_ids: Vec<i64> = depts.iter().map(|d| d.1).collect();
    load_invest(db, zone, demo, &parks, &chains, &ids, &investor_users, &dept_ids).await?;
    // The weeks before the load date: meetings held, decisions handed out.
    let tx = db.begin_write().await?;
    let service = user::by_username(&*tx, "service")
        .await?
        .ok_or_else(|| DbError::Invalid("demo account service missing".into()))?;
    let key_names: Vec<String> = demo.enterprises.iter().take(40).map(|e| e.name.clone()).collect();
    crate::demo_life::load_meetings(&tx, zone, demo.today, &key_names, &depts, service.id).await?;
    if let Some(cadre) = cadre_id {
        crate::demo_life::load_visits(&tx, zone, demo.today, cadre, &cadre_links).await?;
    }
    tx.commit().await?;
    Ok(LoadReport {
        zone_id: zone,
        enterprises: ids.len(),
        indicators: indicator_rows,
        projects: demo.projects.len(),
        leads: demo.leads.len(),
        activities: demo.activities.len(),
        tickets: demo.tickets.len(),
    })
}

/// The promotion staff: index 0 is the demo account `investor`; the others are own-scope
/// accounts (they see what they own) with the demo password.
async fn load_investors(tx: &WriteTx, zone: i64, demo: &Demo, password_hash: &str) -> DbResult<Vec<i64>> {
    let mut out = Vec::with_capacity(demo.investors.len());
    for (i, inv) in demo.investors.iter().enumerate() {
        if i == 0 {
            let row = user::by_username(&**tx, "investor").await?;
            out.push(row.ok_or_else(|| DbError::Invalid("demo account investor missing".into()))?.id);
            continue;
        }
        let scope_json = serde_json::to_string(&Reach::Own).map_err(|e| DbError::Invalid(e.to_string()))?;
        let uid = user::insert(
            tx,
            &user::NewUser {
                zone,
                username: &inv.username,
                display_name: &inv.display_name,
                password_hash,
                scope_json: &scope_json,
            },
        )
        .await?;
        user::set_user_roles(tx, zone, uid, &["investor".to_string()]).await?;
        out.push(uid);
    }
    Ok(out)
}

/// Leads with their moves, projects with stage dates, progress and problems, activities with
/// links, targets and weekly plans; in batches of one transaction each.
#[allow(clippy::too_many_arguments)]
async fn load_invest(
    db: &Db,
    zone: i64,
    demo: &Demo,
    parks: &[i64],
    chains: &[i64],
    enterprises: &[i64],
    investors: &[i64],
    depts_by_index: &[i64],
) -> DbResult<()> {
    use crate::{activity, lead, project, target};
    use zoneops_demo::TargetSubject;
    use zoneops_domain::project::StageDates;

    let investor_park = |i: usize| demo.investors[i].park.map(|p| parks[p]);
    let actor = "demo";
    // Leads first: projects point at them.
    let mut lead_ids = Vec::with_capacity(demo.leads.len());
    let mut project_lead = vec![None; demo.projects.len()];
    for batch in demo.leads.chunks(500) {
        let tx = db.begin_write().await?;
        for l in batch {
            let (since, stage, reason) = match l.moves.last() {
                Some((d, s, r)) => (*d, *s, r.clone()),
                None => (l.created, "lead", None),
            };
            let data = lead::LeadData {
                company: l.company.clone(),
                codename: l.codename.clone(),
                confidential: l.confidential,
                source: seed(l.source)?,
                kind: seed(l.kind)?,
                industry_code: l.industry_code.map(str::to_owned),
                chain_id: l.chain.map(|c| chains[c]),
                intended_investment: l.intended_investment,
                owner_id: investors[l.owner],
                park_id: parks[l.park],
                contact_name: l.contact_name.clone(),
                contact_phone: l.contact_phone.clone(),
                notes: String::new(),
                enterprise_id: l.enterprise.map(|e| enterprises[e]),
            };
            let stage: LeadStage = seed(stage)?;
            let id = lead::insert(&tx, zone, &data, stage, since).await?;
            if stage == LeadStage::Lost {
                lead::set_stage(&tx, zone, id, stage, since, reason.as_deref()).await?;
            }
            let first = lead::NewMove { zone, lead: id, from: None, to: "lead", on: l.created, reason: None, actor };
            lead::insert_move(&tx, &first).await?;
            let mut from = "lead";
            for (d, to, r) in &l.moves {
                let m = lead::NewMove { zone, lead: id, from: Some(from), to, on: *d, reason: r.as_deref(), actor };
                lead::insert_move(&tx, &m).await?;
                from = to;
            }
            if let Some(p) = l.project {
                project_lead[p] = Some(id);
            }
            lead_ids.push(id);
        }
        tx.commit().await?;
    }
    for (batch_no, batch) in demo.projects.chunks(500).enumerate() {
        let tx = db.begin_write().await?;
        let mut stage_rows = Vec::with_capacity(batch.len());
        for (j, p) in batch.iter().enumerate() {
            let idx = batch_no * 500 + j;
            let signed_on =
                p.stages[0].actual.ok_or_else(|| DbError::Invalid(format!("demo project {} is not signed", p.name)))?;
            let data = project::ProjectData {
                name: p.name.clone(),
                lead_id: project_lead[idx],
                enterprise_id: p.enterprise.map(|e| enterprises[e]),
                park_id: parks[p.park],
                owner_id: Some(investors[p.owner]),
                chain_id: p.chain.map(|c| chains[c]),
                category: seed(p.category)?,
                investment: p.investment,
                signed_on,
                notes: String::new(),
            };
            let stages: [StageDates; 8] =
                std::array::from_fn(|i| StageDates { planned: p.stages[i].planned, actual: p.stages[i].actual });
            let id = project::insert_row(&tx, zone, &data).await?;
            stage_rows.push((id, stages));
            let author = project::Author { id: Some(investors[p.owner]), name: &demo.investors[p.owner].display_name };
            for g in &p.progress {
                project::insert_progress(&tx, zone, id, g.week, &g.done, &g.blockers, &author).await?;
            }
            for pr in &p.problems {
                let pid = project::insert_problem(&tx, zone, id, &pr.title, &pr.detail, pr.raised, &author).await?;
                if let Some(d) = pr.solved {
                    project::set_problem_status(&tx, zone, id, pid, "solved", Some(d)).await?;
                }
            }
        }
        for chunk in stage_rows.chunks(100) {
            tx.execute(&project::stage_insert(zone, chunk)).await?;
        }
        tx.commit().await?;
    }
    for batch in demo.activities.chunks(1000) {
        let tx = db.begin_write().await?;
        for a in batch {
            let data = activity::ActivityData {
                kind: seed(a.kind)?,
                title: a.title.clone(),
                start_on: a.start,
                end_on: a.end,
                location: a.location.clone(),
                counterpart: a.counterpart.clone(),
                participants: serde_json::to_string(&a.participants).unwrap_or_else(|_| "[]".into()),
                owner_id: investors[a.owner],
                park_id: a.park.map(|p| parks[p]),
                outcome: a.outcome.clone(),
                lead_ids: a.leads.iter().map(|l| lead_ids[*l]).collect(),
                enterprise_ids: a.enterprises.iter().map(|e| enterprises[*e]).collect(),
            };
            activity::insert(&tx, zone, &data).await?;
        }
        tx.commit().await?;
    }
    load_tickets(db, zone, demo, enterprises, depts_by_index).await?;
    let tx = db.begin_write().await?;
    for t in &demo.targets {
        let Some(period) = zoneops_domain::invest::TargetPeriod::parse(&t.period) else {
            return Err(DbError::Invalid(format!("bad demo target period {}", t.period)));
        };
        let (subject, subject_id, park_id) = match t.subject {
            TargetSubject::Park(p) => ("park", parks[p], Some(parks[p])),
            TargetSubject::Investor(i) => ("user", investors[i], investor_park(i)),
        };
        let data = target::TargetData {
            subject: subject.into(),
            subject_id,
            park_id,
            period: period.key(),
            period_from: period.first_day(),
            period_to: period.last_day(),
            signed_count: t.signed_count,
            signed_amount: t.signed_amount,
            trips: t.trips,
            receptions: t.receptions,
        };
        target::insert(&tx, zone, &data).await?;
    }
    for w in &demo.weekly_plans {
        let items: Vec<serde_json::Value> =
            w.items.iter().map(|(text, done)| serde_json::json!({"text": text, "done": done})).collect();
        let json = serde_json::to_string(&items).map_err(|e| DbError::Invalid(e.to_string()))?;
        target::upsert_plan(&tx, zone, investors[w.investor], investor_park(w.investor), w.week, &json).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// The service desk's history: tickets with their events, numbered per filing day, in batches.
async fn load_tickets(db: &Db, zone: i64, demo: &Demo, enterprises: &[i64], depts: &[i64]) -> DbResult<()> {
    use crate::ticket::{LoadedEvent, LoadedTicket, NewTicket, bulk_insert};
    use chrono::{DateTime, NaiveDateTime, Utc};
    let utc = |t: NaiveDateTime| -> DateTime<Utc> { zoneops_domain::zone_time::to_utc(t) };
    let enterprise_park: std::collections::HashMap<usize, usize> =
        demo.enterprises.iter().enumerate().map(|(i, e)| (i, e.park)).collect();
    let park_ids = crate::reference::list_dict(db.conn(), zone, crate::reference::Dict::Park).await?;
    let park_of = |e: usize| enterprise_park.get(&e).and_then(|p| park_ids.get(*p)).map(|p| p.id);
    let project_ids = project_ids_by_index(db, zone).await?;
    let mut per_day: std::collections::HashMap<chrono::NaiveDate, u32> = Default::default();
    let mut code_seq: u64 = 0;
    for batch in demo.tickets.chunks(500) {
        let mut rows = Vec::with_capacity(batch.len());
        for t in batch {
            let day = t.created.date();
            let n = per_day.entry(day).or_insert(0);
            *n += 1;
            code_seq += 1;
            let mut state = "new".to_owned();
            let event = |at, action, from: Option<String>, to: &str, department, reason| LoadedEvent {
                at,
                action,
                from,
                to: to.to_owned(),
                actor: "demo".to_owned(),
                department,
                reason,
            };
            let mut events = vec![event(utc(t.created), "file", None, "new", None, None)];
            let (mut dispatched, mut answered, mut resolved, mut closed) = (None, None, None, None);
            for e in &t.events {
                // A demo "rate" event closes the ticket; every other one is a lifecycle action.
                let action = match e.action {
                    "rate" => None,
                    a => Some(
                        TicketAction::parse(a).ok_or_else(|| DbError::Invalid(format!("demo ticket action {a}")))?,
                    ),
                };
                let to = action.map_or(TicketState::Closed, |a| a.rule().to).code().to_owned();
                let at = utc(e.at);
                match action {
                    Some(TicketAction::Dispatch) => dispatched = dispatched.or(Some(at)),
                    Some(TicketAction::Accept) => answered = answered.or(Some(at)),
                    Some(TicketAction::Resolve) => resolved = Some(at),
                    Some(TicketAction::Close | TicketAction::CloseUnresolved) => closed = Some(at),
                    None => closed = closed.or(Some(at)),
                    Some(TicketAction::Reopen) => {
                        resolved = None;
                        closed = None;
                    }
                    Some(
                        TicketAction::Reroute
                        | TicketAction::Insist
                        | TicketAction::Return
                        | TicketAction::Start
                        | TicketAction::Pause
                        | TicketAction::Resume,
                    ) => {}
                }
                let dept = e.department.map(|d| depts[d]);
                events.push(event(at, e.action, Some(state.clone()), &to, dept, e.reason.clone()));
                state = to;
            }
            let project = t.project.and_then(|p| project_ids.get(p).copied());
            let park = t
                .enterprise
                .and_then(park_of)
                .or_else(|| t.project.and_then(|p| demo.projects.get(p)).map(|p| park_ids[p.park].id));
            rows.push(LoadedTicket {
                data: NewTicket {
                    channel: seed(t.channel)?,
                    category: t.category.into(),
                    priority: seed(t.priority)?,
                    title: t.title.clone(),
                    detail: t.detail.clone(),
                    enterprise_id: t.enterprise.map(|e| enterprises[e]),
                    project_id: project,
                    park_id: park,
                    requester_id: None,
                    contact_name: t.contact_name.clone(),
                    contact_phone: t.contact_phone.clone(),
                    contact_company: t.company.clone(),
                    received_at: None,
                    late_reason: None,
                },
                no: format!("{}-{n:04}", day.format("%Y%m%d")),
                // Demo access codes are not secret: derived from the sequence.
                access_code: format!("DEMO{code_seq:06}"),
                department_id: t.department().map(|d| depts[d]),
                state: t.state.to_owned(),
                created_at: utc(t.created),
                dispatched_at: dispatched,
                answered_at: answered,
                resolved_at: resolved,
                closed_at: closed,
                resolution: t.resolution.clone(),
                solved: t.solved,
                satisfaction: t.satisfaction,
                rating_comment: t.rating_comment.clone(),
                events,
            });
        }
        let tx = db.begin_write().await?;
        bulk_insert(&tx, zone, &rows).await?;
        tx.commit().await?;
    }
    // The tracking-number counters continue after the loaded numbers.
    let tx = db.begin_write().await?;
    crate::ticket::rebuild_day_seq(&tx).await?;
    tx.commit().await?;
    Ok(())
}

/// Project ids in the generator's order (they were inserted in that order).
async fn project_ids_by_index(db: &Db, zone: i64) -> DbResult<Vec<i64>> {
    use sea_orm::sea_query::{Expr, ExprTrait, Order};
    let q = Query::select()
        .column("id")
        .from("project")
        .and_where(Expr::col("zone_id").eq(zone))
        .order_by("id", Order::Asc)
        .take();
    Ok(db.conn().query_all(&q).await?.iter().map(|r| r.try_get_by_index(0)).collect::<Result<_, _>>()?)
}
