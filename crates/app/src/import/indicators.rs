//! Monthly indicators as an upload, in either of the two layouts a zone receives them: the 月报
//! (one enterprise a row, a column per metric, one month — from a 月份 column or given with the
//! upload) and the long layout (enterprise, metric, month, value a row). Enterprises are
//! matched by credit code among those the caller sees; every value passes the API's own checks
//! (`Metric::value_from_f64`, `Period::from_key`). Only values that differ from the stored ones
//! are written; a blank cell is no value (never a 0).

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use zoneops_db::WriteTx;
use zoneops_db::audit::NewAudit;
use zoneops_db::import as repo;
use zoneops_domain::credit_code::CreditCode;
use zoneops_domain::metric::Metric;
use zoneops_domain::period::Period;
use zoneops_sheet::read::{Cell, Limits, Row, Workbook, text};

use super::layout::{self, ColumnSpec, Layout};
use super::{
    ChangeSample, Counts, ImportError, Plan, RowError, SAMPLE, UploadOptions, Writes, hidden_notice, read_rows,
};
use crate::enterprise::IndicatorItem;
use crate::{Actor, AppError, AppResult, Ctx};

const CODE: ColumnSpec = ColumnSpec {
    key: "credit_code",
    label: "统一社会信用代码",
    aliases: &["信用代码", "社会信用代码", "统一代码"],
    required: true,
};
const NAME: ColumnSpec =
    ColumnSpec { key: "name", label: "企业名称", aliases: &["名称", "单位名称", "企业"], required: false };
const PERIOD: ColumnSpec =
    ColumnSpec { key: "period", label: "月份", aliases: &["统计月份", "报告期", "期间"], required: false };

/// The 月报: a column per metric.
pub(crate) const MONTHLY: &[ColumnSpec] = &[
    CODE,
    NAME,
    PERIOD,
    ColumnSpec {
        key: "sales",
        label: "销售收入",
        aliases: &["营业收入", "主营业务收入", "销售额", "sales"],
        required: false,
    },
    ColumnSpec {
        key: "output", label: "工业产值", aliases: &["产值", "工业总产值", "output"], required: false
    },
    ColumnSpec {
        key: "tax", label: "税收", aliases: &["税收收入", "纳税额", "税金", "tax"], required: false
    },
    ColumnSpec {
        key: "employees",
        label: "用工人数",
        aliases: &["用工", "从业人员", "从业人数", "employees"],
        required: false,
    },
    ColumnSpec {
        key: "rd", label: "研发投入", aliases: &["研发经费", "研发费用", "R&D投入", "rd"], required: false
    },
    ColumnSpec { key: "energy", label: "综合能耗", aliases: &["能耗", "energy"], required: false },
    ColumnSpec { key: "land_mu", label: "用地面积", aliases: &["用地", "land_mu"], required: false },
    ColumnSpec {
        key: "fixed_investment",
        label: "固定资产投资",
        aliases: &["固投", "固定资产投资额", "fixed_investment"],
        required: false,
    },
];

/// The long layout: enterprise, metric, month, value.
pub(crate) const LONG: &[ColumnSpec] = &[
    CODE,
    NAME,
    ColumnSpec { key: "metric", label: "指标", aliases: &["指标名称", "metric"], required: true },
    ColumnSpec { key: "period", label: "月份", aliases: &["统计月份", "报告期", "期间"], required: true },
    ColumnSpec { key: "value", label: "数值", aliases: &["值", "金额", "value"], required: true },
];

/// The metric a cell of the long layout names: its Chinese label, an alias or its code.
fn metric_named(s: &str) -> Option<Metric> {
    let b = layout::bare(s);
    Metric::ALL.into_iter().find(|m| {
        m.code() == b
            || m.label_zh() == b
            || MONTHLY.iter().any(|spec| spec.key == m.code() && spec.aliases.contains(&b.as_str()))
    })
}

fn header(row: &Row) -> Option<(Layout, bool)> {
    if let Some(l) = layout::match_header(row, LONG) {
        return Some((l, true));
    }
    let l = layout::match_header(row, MONTHLY)?;
    Metric::ALL.iter().any(|m| l.col(m.code()).is_some()).then_some((l, false))
}

/// A row's values as read: (metric, period, stored value).
struct Draft {
    row: u32,
    enterprise: i64,
    label: String,
    values: Vec<(Metric, i32, i64)>,
}

/// The planned writes: values that differ from the stored ones, with what they replace.
#[derive(Debug, Default)]
pub(crate) struct Ops {
    /// (enterprise, metric, period, value), unique by the first three.
    pub values: Vec<(i64, Metric, i32, i64)>,
    /// The stored values they replace (absent: new).
    pub before: HashMap<(i64, Metric, i32), i64>,
}

pub(crate) async fn plan(
    ctx: &Ctx,
    actor: &Actor,
    data: Arc<Vec<u8>>,
    limits: Limits,
    opts: &UploadOptions,
) -> Result<Plan, ImportError> {
    let visible: HashMap<String, i64> =
        repo::visible_codes(ctx.db.conn(), &actor.scope).await?.into_iter().map(|c| (c.credit_code, c.id)).collect();
    let default_period = opts.period;
    let read = tokio::task::spawn_blocking(move || read_drafts(&data, &limits, &visible, default_period))
        .await
        .map_err(AppError::internal)??;
    let (long, header_row, rows, hidden, drafts, mut errors) = read;
    let ids: Vec<i64> = {
        let set: HashSet<i64> = drafts.iter().map(|d| d.enterprise).collect();
        let mut v: Vec<i64> = set.into_iter().collect();
        v.sort_unstable();
        v
    };
    let periods: Vec<i32> = {
        let set: HashSet<i32> = drafts.iter().flat_map(|d| d.values.iter().map(|(_, p, _)| *p)).collect();
        set.into_iter().collect()
    };
    let stored = repo::indicator_values(ctx.db.conn(), &ids, &periods).await?;
    let mut counts = Counts::default();
    let mut ops = Ops::default();
    let mut sample = Vec::new();
    let bad_rows: HashSet<u32> = errors.iter().map(|e| e.row).collect();
    for d in drafts {
        let (mut new, mut changed) = (0, 0);
        let mut words = Vec::new();
        for (m, p, v) in &d.values {
            let key = (d.enterprise, *m, *p);
            match stored.get(&key) {
                Some(old) if old == v => continue,
                Some(old) => {
                    changed += 1;
                    ops.before.insert(key, *old);
                    words.push(format!("{} {}：{} → {}", m.label_zh(), p, shown(*m, *old), shown(*m, *v)));
                }
                None => {
                    new += 1;
                    words.push(format!("{} {}：{}", m.label_zh(), p, shown(*m, *v)));
                }
            }
            ops.values.push((d.enterprise, *m, *p, *v));
        }
        let action = match (new, changed) {
            (0, 0) => {
                counts.unchanged += 1;
                continue;
            }
            (_, 0) => {
                counts.new += 1;
                "new"
            }
            _ => {
                counts.changed += 1;
                "changed"
            }
        };
        if sample.len() < SAMPLE {
            sample.push(ChangeSample { row: d.row, action: action.into(), label: d.label, changes: words });
        }
    }
    super::sort_errors(&mut errors);
    counts.error = bad_rows.len() as u64;
    let notices = hidden_notice(&hidden).into_iter().collect();
    let layout = if long { "long" } else { "monthly" };
    Ok(Plan { rows, counts, errors, notices, sample, layout, header_row, writes: Writes::Indicators(ops) })
}

fn shown(m: Metric, v: i64) -> String {
    let f = m.value_to_f64(v);
    if m.is_money() { format!("{:.2}万元", f / 10_000.0) } else { format!("{f}{}", m.unit_zh()) }
}

type Read = (bool, u32, u64, Vec<u32>, Vec<Draft>, Vec<RowError>);

fn read_drafts(
    data: &[u8],
    limits: &Limits,
    visible: &HashMap<String, i64>,
    default_period: Option<i64>,
) -> Result<Read, ImportError> {
    let mut wb = Workbook::open(data, limits).map_err(ImportError::Refused)?;
    let long_layout = std::cell::Cell::new(false);
    let mut drafts: Vec<Draft> = Vec::new();
    let mut errors = Vec::new();
    // (enterprise, metric, period) → the row that gave it first.
    let mut seen: HashMap<(i64, Metric, i32), u32> = HashMap::new();
    let detect = |r: &Row| {
        let found = header(r);
        if let Some((_, l)) = &found {
            long_layout.set(*l);
        }
        found.map(|(layout, _)| layout)
    };
    let (layout, rows, hidden) = read_rows(&mut wb, &detect, |l, row| {
        let long = long_layout.get();
        let n = row.index + 1;
        let mut row_errors = Vec::new();
        let mut err = |key: &str, code: &str, message: String| {
            row_errors.push(RowError { row: n, column: l.letter(key), field: key.into(), code: code.into(), message });
        };
        let raw_code = text::credit_code(&l.cell(row, "credit_code").text());
        let enterprise = if raw_code.is_empty() {
            err("credit_code", "ENTERPRISE_CREDIT_CODE_REQUIRED", "请填写统一社会信用代码".into());
            None
        } else if let Some(id) = visible.get(&raw_code) {
            Some(*id)
        } else {
            // Normalised, then checked: a malformed code is named as such; a well-formed one
            // unknown or outside the caller's scope gets one message for both.
            match CreditCode::parse(&raw_code) {
                Err(e) if !e.is_warning() => err("credit_code", e.code(), e.message_zh()),
                _ => err(
                    "credit_code",
                    "IMPORT_ENTERPRISE_NOT_FOUND",
                    format!("未找到统一社会信用代码为{raw_code}的企业，或该企业不在您的数据权限范围内"),
                ),
            }
            None
        };
        let period_cell = l.cell(row, "period");
        let period = if period_cell.is_empty() {
            match default_period {
                Some(p) => Some(p as i32),
                None => {
                    err("period", "IMPORT_PERIOD_REQUIRED", "请填写月份（如2026-11），或上传时选择月份".into());
                    None
                }
            }
        } else {
            match text::parse_month(period_cell).map(|k| Period::from_key(k as i64)) {
                Some(Ok(p)) => Some(p.key()),
                Some(Err(e)) => {
                    err("period", "PERIOD_INVALID", e.message_zh());
                    None
                }
                None => {
                    err("period", "PERIOD_INVALID", "月份应为年月，如2026-11、2026年11月或202611".into());
                    None
                }
            }
        };
        let mut values = Vec::new();
        let mut value_of = |m: Metric, key: &str, cell: &Cell, shift: u32, err: &mut dyn FnMut(&str, &str, String)| {
            let shift = if m.is_money() { shift } else { 0 };
            if let Cell::Error(e) = cell {
                err(key, "IMPORT_FORMULA_ERROR", format!("{}单元格是公式错误值（{e}），请填写数值", m.label_zh()));
                return;
            }
            match layout::number(cell, shift) {
                None => {}
                Some(Err(())) => err(key, "IMPORT_NUMBER", format!("{}应为数字", m.label_zh())),
                Some(Ok(v)) => match m.value_from_f64(v) {
                    Ok(stored) => values.push((m, stored)),
                    Err(e) => err(key, e.code(), e.message_zh(m)),
                },
            }
        };
        if long {
            let metric_cell = l.cell(row, "metric");
            match metric_named(&metric_cell.text()) {
                Some(m) => value_of(m, "value", l.cell(row, "value"), l.shift("value"), &mut err),
                None => err(
                    "metric",
                    "INDICATOR_METRIC_UNKNOWN",
                    "指标应为销售收入、工业产值、税收、用工人数、研发投入、综合能耗、用地面积或固定资产投资".into(),
                ),
            }
        } else {
            for m in Metric::ALL {
                if l.col(m.code()).is_some() {
                    value_of(m, m.code(), l.cell(row, m.code()), l.shift(m.code()), &mut err);
                }
            }
        }
        if !row_errors.is_empty() {
            errors.append(&mut row_errors);
            return;
        }
        let (Some(enterprise), Some(period)) = (enterprise, period) else { return };
        for (m, _) in &values {
            if let Some(first) = seen.insert((enterprise, *m, period), n) {
                errors.push(RowError {
                    row: n,
                    column: l.letter(if long { "value" } else { m.code() }),
                    field: m.code().into(),
                    code: "INDICATOR_DUPLICATE".into(),
                    message: format!("与第{first}行重复：同一企业同一月份的{}只能填写一次", m.label_zh()),
                });
                return;
            }
        }
        let values: Vec<(Metric, i32, i64)> = values.into_iter().map(|(m, v)| (m, period, v)).collect();
        let label = format!("{raw_code} {}", l.cell(row, "name").text());
        drafts.push(Draft { row: n, enterprise, label, values });
    })
    .map_err(ImportError::Refused)?;
    let Some(layout) = layout else {
        return Err(super::no_header(MONTHLY).into());
    };
    Ok((long_layout.get(), layout.header_row + 1, rows, hidden, drafts, errors))
}

/// Writes the changed values (summaries recomputed with them) and one audit row per enterprise
/// whose figures changed, as the API's PUT of indicators does; (values written, audit rows).
pub(crate) async fn write(tx: &WriteTx, actor: &Actor, ops: &Ops) -> AppResult<(u64, u64)> {
    repo::upsert_indicators(tx, actor.zone(), &ops.values).await?;
    let mut by_enterprise: BTreeMap<i64, (Vec<IndicatorItem>, Vec<IndicatorItem>)> = BTreeMap::new();
    for (e, m, p, v) in &ops.values {
        let item = |v: i64| IndicatorItem { metric: m.code().into(), period: *p as i64, value: m.value_to_f64(v) };
        let entry = by_enterprise.entry(*e).or_default();
        if let Some(old) = ops.before.get(&(*e, *m, *p)) {
            entry.0.push(item(*old));
        }
        entry.1.push(item(*v));
    }
    let mut audits = Vec::with_capacity(by_enterprise.len());
    for (e, (before, after)) in by_enterprise {
        audits.push(NewAudit {
            zone: actor.zone(),
            actor_id: Some(actor.user_id),
            actor: actor.username.clone(),
            action: "update_indicators".into(),
            entity: "enterprise".into(),
            entity_id: e.to_string(),
            before: Some(serde_json::to_string(&before).map_err(AppError::internal)?),
            after: Some(serde_json::to_string(&after).map_err(AppError::internal)?),
            request_id: actor.request_id.clone(),
            ip: actor.ip.clone(),
        });
    }
    zoneops_db::audit::insert_many(tx, &audits).await?;
    Ok((ops.values.len() as u64, audits.len() as u64))
}
