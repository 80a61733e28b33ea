//! The enterprise roster (企业名录) as an upload: one enterprise a row, matched by credit code.
//! A known code changes that enterprise (a blank cell keeps its stored value: an import never
//! erases), an unknown one creates it. Every row passes the API's own checks
//! (`enterprise::check`), with the parks, chains and industries loaded once.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use serde_json::json;
use zoneops_db::WriteTx;
use zoneops_db::audit::NewAudit;
use zoneops_db::enterprise::{self as ent_repo, EnterpriseData};
use zoneops_db::import as repo;
use zoneops_db::reference::{self, Dict};
use zoneops_domain::metric::Metric;
use zoneops_sheet::read::{Limits, Row, Workbook, text};

use super::layout::{self, ColumnSpec, Layout};
use super::{ChangeSample, Counts, ImportError, Plan, RowError, SAMPLE, Writes, cell_error, hidden_notice, read_rows};
use crate::enterprise::{EnterpriseInput, References, check, duplicate};
use crate::{Actor, AppError, AppResult, Ctx};

pub(crate) const SPECS: &[ColumnSpec] = &[
    ColumnSpec {
        key: "credit_code",
        label: "统一社会信用代码",
        aliases: &["信用代码", "社会信用代码", "统一代码"],
        required: true,
    },
    ColumnSpec { key: "name", label: "企业名称", aliases: &["名称", "单位名称", "企业"], required: true },
    ColumnSpec { key: "park", label: "所属园区", aliases: &["园区"], required: false },
    ColumnSpec { key: "chain", label: "产业链", aliases: &["所属产业链"], required: false },
    ColumnSpec {
        key: "industry_code",
        label: "行业代码",
        aliases: &["国民经济行业代码", "国民经济行业"],
        required: false,
    },
    ColumnSpec { key: "above_size", label: "规上企业", aliases: &["是否规上", "规上"], required: false },
    ColumnSpec { key: "land_mu", label: "用地面积", aliases: &["用地", "占地面积"], required: false },
    ColumnSpec { key: "established_on", label: "成立日期", aliases: &["成立时间"], required: false },
    ColumnSpec { key: "address", label: "地址", aliases: &["企业地址", "注册地址"], required: false },
];

/// A planned write.
#[derive(Debug)]
pub(crate) enum Op {
    Create { data: EnterpriseData },
    Update { id: i64, before: EnterpriseData, after: EnterpriseData },
}

struct Refs {
    parks: HashSet<i64>,
    chains: HashSet<i64>,
    industries: HashMap<String, String>,
}

impl References for Refs {
    fn park_exists(&self, id: i64) -> bool {
        self.parks.contains(&id)
    }
    fn chain_exists(&self, id: i64) -> bool {
        self.chains.contains(&id)
    }
    fn industry_selectable(&self, code: &str) -> bool {
        self.industries.get(code).is_some_and(|level| level != "section")
    }
}

/// A row as read, before the stored record it changes is known.
struct Draft {
    row: Row,
    code: String,
    input: EnterpriseInput,
    /// Cells given (not blank), by spec key: a blank one keeps the stored value.
    given: HashSet<&'static str>,
}

/// Name (or code) → id of a dictionary, for cells that name a park or a chain.
fn names(rows: &[reference::DictRow]) -> HashMap<String, i64> {
    let mut m = HashMap::new();
    for r in rows {
        m.insert(layout::bare(&r.code), r.id);
        m.insert(layout::bare(&r.name), r.id);
    }
    m
}

pub(crate) async fn plan(ctx: &Ctx, actor: &Actor, data: Arc<Vec<u8>>, limits: Limits) -> Result<Plan, ImportError> {
    let db = ctx.db.conn();
    let zone = actor.zone();
    let parks = reference::list_dict(db, zone, Dict::Park).await?;
    let chains = reference::list_dict(db, zone, Dict::Chain).await?;
    let industries = reference::list_industries(db, None, None, None).await?;
    let visible: HashMap<String, i64> =
        repo::visible_codes(db, &actor.scope).await?.into_iter().map(|c| (c.credit_code, c.id)).collect();
    let taken: HashSet<String> = repo::zone_codes(db, zone).await?.into_iter().map(|c| c.credit_code).collect();
    let (park_names, chain_names) = (names(&parks), names(&chains));
    let refs = Refs {
        parks: parks.iter().map(|p| p.id).collect(),
        chains: chains.iter().map(|c| c.id).collect(),
        industries: industries.into_iter().map(|i| (i.code, i.level)).collect(),
    };
    // Reading is CPU work: off the async workers.
    let read = tokio::task::spawn_blocking(move || read_drafts(&data, &limits, &park_names, &chain_names))
        .await
        .map_err(AppError::internal)??;
    let (layout, rows, hidden, drafts, mut errors) = read;
    let ids: Vec<i64> = drafts.iter().filter_map(|d| visible.get(&d.code).copied()).collect();
    let stored: HashMap<i64, EnterpriseData> = repo::enterprises(db, &ids).await?;
    let mut counts = Counts::default();
    let mut ops = Vec::new();
    let mut sample = Vec::new();
    let mut first_row: HashMap<String, u32> = HashMap::new();
    let mut bad_rows: HashSet<u32> = errors.iter().map(|e| e.row).collect();
    for d in drafts {
        let n = d.row.index + 1;
        if bad_rows.contains(&n) {
            continue;
        }
        if !d.code.is_empty()
            && let Some(first) = first_row.insert(d.code.clone(), n)
        {
            errors.push(RowError {
                row: n,
                column: layout.letter("credit_code"),
                field: "credit_code".into(),
                code: "IMPORT_DUPLICATE_ROW".into(),
                message: format!("与第{first}行的统一社会信用代码相同，同一企业只能出现一次"),
            });
            bad_rows.insert(n);
            continue;
        }
        let existing = visible.get(&d.code).copied();
        let outcome = match existing {
            None if taken.contains(&d.code) => Err(("credit_code", duplicate())),
            None => check(actor, &d.input, &refs).map(|(data, _)| Op::Create { data }).map_err(keyed),
            Some(id) => {
                let Some(before) = stored.get(&id) else { continue };
                let input = merged(before, &d);
                check(actor, &input, &refs)
                    .map(|(after, _)| Op::Update { id, before: before.clone(), after })
                    .map_err(keyed)
            }
        };
        match outcome {
            Err((key, e)) => {
                errors.push(cell_error(&d.row, &layout, key, e));
                bad_rows.insert(n);
            }
            Ok(Op::Update { before, after, .. }) if same(&before, &after) => counts.unchanged += 1,
            Ok(op) => {
                match &op {
                    Op::Create { data, .. } => {
                        counts.new += 1;
                        if sample.len() < SAMPLE {
                            sample.push(ChangeSample {
                                row: n,
                                action: "new".into(),
                                label: format!("{} {}", data.credit_code, data.name),
                                changes: Vec::new(),
                            });
                        }
                    }
                    Op::Update { before, after, .. } => {
                        counts.changed += 1;
                        if sample.len() < SAMPLE {
                            sample.push(ChangeSample {
                                row: n,
                                action: "changed".into(),
                                label: format!("{} {}", after.credit_code, after.name),
                                changes: differences(before, after, &parks, &chains),
                            });
                        }
                    }
                }
                ops.push(op);
            }
        }
    }
    super::sort_errors(&mut errors);
    counts.error = bad_rows.len() as u64;
    let notices = hidden_notice(&hidden).into_iter().collect();
    let header_row = layout.header_row + 1;
    Ok(Plan {
        rows,
        counts,
        errors,
        notices,
        sample,
        layout: "enterprises",
        header_row,
        writes: Writes::Enterprises(ops),
    })
}

type Read = (Layout, u64, Vec<u32>, Vec<Draft>, Vec<RowError>);

fn read_drafts(
    data: &[u8],
    limits: &Limits,
    park_names: &HashMap<String, i64>,
    chain_names: &HashMap<String, i64>,
) -> Result<Read, ImportError> {
    let mut wb = Workbook::open(data, limits).map_err(ImportError::Refused)?;
    let mut drafts = Vec::new();
    let mut errors = Vec::new();
    let (layout, rows, hidden) = read_rows(&mut wb, &|r| layout::match_header(r, SPECS), |l, row| {
        match draft(l, row, park_names, chain_names) {
            Ok(d) => drafts.push(d),
            Err(mut e) => errors.append(&mut e),
        }
    })
    .map_err(ImportError::Refused)?;
    let layout = layout.ok_or_else(|| super::no_header(SPECS))?;
    Ok((layout, rows, hidden, drafts, errors))
}

/// The row's cells as the API's input, or the cells that cannot be read at all.
fn draft(
    l: &Layout,
    row: &Row,
    park_names: &HashMap<String, i64>,
    chain_names: &HashMap<String, i64>,
) -> Result<Draft, Vec<RowError>> {
    let mut errors = Vec::new();
    let mut err = |key: &str, code: &'static str, message: String| {
        errors.push(cell_error(row, l, key, AppError::invalid(key.to_string(), code, message)));
    };
    let mut given = HashSet::new();
    let mut text_of = |key: &'static str| {
        let t = l.cell(row, key).text();
        if !t.is_empty() {
            given.insert(key);
        }
        Some(t).filter(|t| !t.is_empty())
    };
    let code = text::credit_code(&l.cell(row, "credit_code").text());
    let name = text_of("name");
    let park_text = text_of("park");
    let chain_text = text_of("chain");
    let industry = text_of("industry_code");
    let address = text_of("address");
    let park_id = park_text.as_deref().and_then(|p| match park_names.get(&layout::bare(p)) {
        Some(id) => Some(*id),
        None => {
            err("park", "ENTERPRISE_PARK_UNKNOWN", format!("园区“{p}”不存在，请从下拉列表中选择"));
            None
        }
    });
    let chain_id = chain_text.as_deref().and_then(|c| match chain_names.get(&layout::bare(c)) {
        Some(id) => Some(*id),
        None => {
            err("chain", "ENTERPRISE_CHAIN_UNKNOWN", format!("产业链“{c}”不存在，请从下拉列表中选择"));
            None
        }
    });
    let above_size = match layout::yes_no(l.cell(row, "above_size")) {
        Some(v) => v,
        None => {
            err("above_size", "IMPORT_YES_NO", "规上企业应填“是”或“否”".into());
            None
        }
    };
    let land_mu = match layout::number(l.cell(row, "land_mu"), 0) {
        None => None,
        Some(Ok(v)) => Some(v),
        Some(Err(())) => {
            err("land_mu", "IMPORT_NUMBER", "用地面积应为数字（亩）".into());
            None
        }
    };
    let est_cell = l.cell(row, "established_on");
    let established_on = match (est_cell.is_empty(), text::cell_date(est_cell)) {
        (true, _) => None,
        (false, Some(d)) => Some(d.to_string()),
        (false, None) => {
            err("established_on", "DATE_INVALID", "成立日期应为日期，如2026-11-30、2026/11/30或2026年11月30日".into());
            None
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    for key in ["above_size", "land_mu", "established_on"] {
        if !l.cell(row, key).is_empty() {
            given.insert(key);
        }
    }
    let input = EnterpriseInput {
        credit_code: Some(code.clone()),
        name,
        park_id,
        chain_id,
        industry_code: industry,
        above_size,
        land_mu,
        established_on,
        address,
        entrepreneurs: None,
        confirm_check_character: false,
    };
    Ok(Draft { row: row.clone(), code, input, given })
}

/// The stored record with the row's given cells over it.
fn merged(before: &EnterpriseData, d: &Draft) -> EnterpriseInput {
    let has = |k: &str| d.given.contains(k);
    let i = &d.input;
    EnterpriseInput {
        credit_code: i.credit_code.clone(),
        name: if has("name") { i.name.clone() } else { Some(before.name.clone()) },
        park_id: if has("park") { i.park_id } else { Some(before.park_id) },
        chain_id: if has("chain") { i.chain_id } else { before.chain_id },
        industry_code: if has("industry_code") { i.industry_code.clone() } else { Some(before.industry_code.clone()) },
        above_size: if has("above_size") { i.above_size } else { Some(before.above_size) },
        land_mu: if has("land_mu") { i.land_mu } else { before.land_mu.map(|m| Metric::LandMu.value_to_f64(m)) },
        established_on: if has("established_on") {
            i.established_on.clone()
        } else {
            before.established_on.map(|d| d.to_string())
        },
        address: if has("address") { i.address.clone() } else { Some(before.address.clone()) },
        entrepreneurs: None,
        // The stored code was accepted once (perhaps with its warning confirmed): unchanged, it
        // is not refused now.
        confirm_check_character: before.credit_code_warning,
    }
}

/// The API's field name → the column it came from.
fn keyed(e: AppError) -> (&'static str, AppError) {
    let field = match &e {
        AppError::Invalid { field, .. } | AppError::Conflict { field, .. } => field.as_str(),
        _ => "",
    };
    let key = match field {
        "park_id" => "park",
        "chain_id" => "chain",
        f => SPECS.iter().find(|s| s.key == f).map_or("credit_code", |s| s.key),
    };
    (key, e)
}

fn same(a: &EnterpriseData, b: &EnterpriseData) -> bool {
    format!("{a:?}") == format!("{b:?}")
}

fn differences(
    a: &EnterpriseData,
    b: &EnterpriseData,
    parks: &[reference::DictRow],
    chains: &[reference::DictRow],
) -> Vec<String> {
    let dict = |rows: &[reference::DictRow], id: Option<i64>| {
        id.and_then(|id| rows.iter().find(|r| r.id == id)).map_or("（空）".to_string(), |r| r.name.clone())
    };
    let mu = |v: Option<i64>| v.map_or("（空）".to_string(), |m| format!("{:.2}亩", Metric::LandMu.value_to_f64(m)));
    let date = |d: Option<chrono::NaiveDate>| d.map_or("（空）".to_string(), |d| d.to_string());
    let yes = |v: bool| if v { "是" } else { "否" }.to_string();
    let mut out = Vec::new();
    let mut diff = |label: &str, x: String, y: String| {
        if x != y {
            out.push(format!("{label}：{x} → {y}"));
        }
    };
    diff("企业名称", a.name.clone(), b.name.clone());
    diff("所属园区", dict(parks, Some(a.park_id)), dict(parks, Some(b.park_id)));
    diff("产业链", dict(chains, a.chain_id), dict(chains, b.chain_id));
    diff("行业代码", a.industry_code.clone(), b.industry_code.clone());
    diff("规上企业", yes(a.above_size), yes(b.above_size));
    diff("用地面积", mu(a.land_mu), mu(b.land_mu));
    diff("成立日期", date(a.established_on), date(b.established_on));
    diff("地址", a.address.clone(), b.address.clone());
    out
}

fn snapshot(id: i64, d: &EnterpriseData) -> serde_json::Value {
    json!({
        "id": id,
        "credit_code": d.credit_code,
        "name": d.name,
        "park_id": d.park_id,
        "chain_id": d.chain_id,
        "industry_code": d.industry_code,
        "above_size": d.above_size,
        "land_mu": d.land_mu.map(|m| Metric::LandMu.value_to_f64(m)),
        "established_on": d.established_on,
        "address": d.address,
    })
}

/// Writes the planned records and their audit rows; (records written, audit rows).
pub(crate) async fn write(tx: &WriteTx, actor: &Actor, ops: &[Op]) -> AppResult<(u64, u64)> {
    let mut audits = Vec::with_capacity(ops.len());
    let entry = |action: &str, id: i64, before: Option<String>, after: Option<String>| NewAudit {
        zone: actor.zone(),
        actor_id: Some(actor.user_id),
        actor: actor.username.clone(),
        action: action.into(),
        entity: "enterprise".into(),
        entity_id: id.to_string(),
        before,
        after,
        request_id: actor.request_id.clone(),
        ip: actor.ip.clone(),
    };
    for op in ops {
        match op {
            Op::Create { data, .. } => {
                let id = ent_repo::insert(tx, actor.zone(), Some(actor.user_id), data).await.map_err(|e| match e {
                    zoneops_db::DbError::Duplicate { .. } => duplicate(),
                    other => other.into(),
                })?;
                audits.push(entry("create", id, None, Some(snapshot(id, data).to_string())));
            }
            Op::Update { id, before, after, .. } => {
                if !ent_repo::update(tx, &actor.scope, *id, after).await? {
                    return Err(AppError::NotFound);
                }
                audits.push(entry(
                    "update",
                    *id,
                    Some(snapshot(*id, before).to_string()),
                    Some(snapshot(*id, after).to_string()),
                ));
            }
        }
    }
    zoneops_db::audit::insert_many(tx, &audits).await?;
    Ok((ops.len() as u64, audits.len() as u64))
}
