//! Field checks shared by the use cases: each names the field and says in Chinese what is wrong.

use chrono::{NaiveDate, SubsecRound};
use zoneops_db::reference::{self, Dict};
use zoneops_domain::money::Money;
use zoneops_domain::phone::{Phone, PhoneRule};
use zoneops_domain::scope::Reach;
use zoneops_domain::text::TextKind;
use zoneops_domain::{Lang, Vocabulary};

use crate::{Actor, AppError, AppResult, Ctx};

/// The zone's calendar day by the wall clock; a use case holding a `Ctx` asks [`crate::Ctx::today`],
/// which follows the clock tests move.
pub fn today() -> NaiveDate {
    zoneops_domain::zone_time::day(zoneops_db::now())
}

/// A required text of its kind (trimmed, within its limit, no control or direction characters).
pub fn text(field: &str, label: &str, v: Option<&str>, kind: TextKind) -> AppResult<String> {
    let t = v.map(str::trim).unwrap_or("");
    if t.is_empty() {
        return Err(AppError::invalid(field, "REQUIRED", format!("请填写{label}")));
    }
    optional_text(field, label, Some(t), kind)
}

/// An optional text of its kind, trimmed ("" when absent).
pub fn optional_text(field: &str, label: &str, v: Option<&str>, kind: TextKind) -> AppResult<String> {
    crate::input::check(field, label, v.unwrap_or(""), kind)
}

/// A phone number of the rule's kind, in its normal form (`zoneops_domain::phone`); "" when
/// absent and not `required`. Every input path that takes a phone number goes through here.
pub fn phone(field: &str, label: &str, v: Option<&str>, rule: PhoneRule, required: bool) -> AppResult<String> {
    let raw = optional_text(field, label, v, TextKind::Phone)?;
    if raw.is_empty() {
        if required {
            return Err(AppError::invalid(field, "REQUIRED", format!("请填写{label}")));
        }
        return Ok(raw);
    }
    Phone::parse(&raw, rule)
        .map(Phone::into_string)
        .map_err(|e| AppError::invalid(field, e.code(), e.message_zh(label)))
}

/// Calendar days after which something entered afterwards (a call taken, a visit made) needs the
/// reason it was entered late.
pub const LATE_ENTRY_DAYS: i64 = 3;

/// A device's clock a little ahead of the server's is not "the future".
const FUTURE_TOLERANCE_SECS: i64 = 300;

/// When something entered afterwards happened, and why it is entered late.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Happened {
    pub at: chrono::DateTime<chrono::Utc>,
    pub late_reason: Option<String>,
}

/// The instant of a date-time as typed: RFC 3339, or the zone's wall clock as
/// `YYYY-MM-DD HH:MM[:SS]` (a `T` instead of the space too).
pub fn date_time(field: &str, label: &str, raw: &str) -> AppResult<chrono::DateTime<chrono::Utc>> {
    let raw = raw.trim();
    let at = match chrono::DateTime::parse_from_rfc3339(raw) {
        Ok(t) => Some(t.with_timezone(&chrono::Utc)),
        Err(_) => ["%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"]
            .iter()
            .find_map(|f| chrono::NaiveDateTime::parse_from_str(raw, f).ok())
            .map(zoneops_domain::zone_time::to_utc),
    };
    let Some(at) = at else {
        return Err(AppError::invalid(field, "DATETIME_INVALID", format!("{label}格式应为YYYY-MM-DD HH:MM")));
    };
    if !(2000..=2100).contains(&zoneops_domain::zone_time::year(at)) {
        return Err(AppError::invalid(field, "DATE_OUT_OF_RANGE", format!("{label}应在2000年至2100年之间")));
    }
    Ok(at.trunc_subsecs(0))
}

/// When something entered afterwards happened (`field`, absent: it happens now): not after
/// `now`; more than [`LATE_ENTRY_DAYS`] calendar days before today only with a reason
/// (`late_reason`).
pub fn happened(
    (field, label): (&str, &str),
    raw: Option<&str>,
    reason: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Option<Happened>> {
    let Some(raw) = raw.map(str::trim).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let at = date_time(field, label, raw)?;
    if at > now + chrono::Duration::seconds(FUTURE_TOLERANCE_SECS) {
        return Err(AppError::invalid(field, "DATETIME_IN_FUTURE", format!("{label}不能晚于当前时间")));
    }
    let at = at.min(now);
    let late_reason = late(label, zoneops_domain::zone_time::day(at), reason, now)?;
    Ok(Some(Happened { at, late_reason }))
}

/// The reason a record of `day` is entered late: required when `day` is more than
/// [`LATE_ENTRY_DAYS`] calendar days before today (the error names `late_reason`).
pub fn late(
    label: &str,
    day: NaiveDate,
    reason: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<Option<String>> {
    let reason = optional_text("late_reason", "补录原因", reason, TextKind::Remark)?;
    let days = (zoneops_domain::zone_time::day(now) - day).num_days();
    if days > LATE_ENTRY_DAYS && reason.is_empty() {
        return Err(AppError::invalid(
            "late_reason",
            "LATE_REASON_REQUIRED",
            format!("{label}距今已超过{LATE_ENTRY_DAYS}天，请填写补录原因"),
        ));
    }
    Ok(Some(reason).filter(|r| !r.is_empty()))
}

/// `order=asc|desc` of a list (absent: `default_desc`).
pub fn order_desc(order: Option<&str>, default_desc: bool) -> AppResult<bool> {
    match order {
        None | Some("") => Ok(default_desc),
        Some("asc") => Ok(false),
        Some("desc") => Ok(true),
        Some(_) => Err(AppError::invalid("order", "ORDER_INVALID", "排序方向应为 asc 或 desc")),
    }
}

/// A member of one of the domain's vocabularies, named by its code (absent or empty: the 422
/// lists the labels).
pub fn pick<V: Vocabulary>(field: &str, label: &str, v: Option<&str>) -> AppResult<V> {
    let v = v.map(str::trim).unwrap_or("");
    V::parse(v).ok_or_else(|| {
        let allowed: Vec<&str> = V::ALL.iter().map(|x| x.label(Lang::ZhCn)).collect();
        AppError::invalid(field, "CHOICE_INVALID", format!("{label}应为：{}", allowed.join("、")))
    })
}

/// [`pick`] for a filter: absent or empty is no filter.
pub fn optional_pick<V: Vocabulary>(field: &str, label: &str, v: &Option<String>) -> AppResult<Option<V>> {
    match v.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => pick(field, label, Some(s)).map(Some),
        None => Ok(None),
    }
}

/// A stored code of a vocabulary. The database only holds codes the server wrote, so an
/// unknown one is a fault (a newer version's row, or a hand edit), not bad input.
pub fn stored<V: Vocabulary>(code: &str) -> AppResult<V> {
    V::parse(code).ok_or_else(|| AppError::internal(format!("stored {} code {code:?} is unknown", V::NAME)))
}

/// The label in `lang` of a stored code ("" for an unknown one: shown as is, never an error on
/// read).
pub fn label_of_code<V: Vocabulary>(code: &str, lang: Lang) -> &'static str {
    V::parse(code).map_or("", |v| v.label(lang))
}

/// Upper bound of an investment amount: 1万亿元 (no project in a development zone comes close).
pub const MAX_INVESTMENT_YUAN: f64 = 1e12;

/// A positive amount in 元 with at most two decimals, at most 1万亿元; returns 分.
pub fn amount(field: &str, label: &str, v: Option<f64>) -> AppResult<i64> {
    let Some(v) = v else {
        return Err(AppError::invalid(field, "REQUIRED", format!("请填写{label}")));
    };
    let m = Money::from_yuan_f64(v)
        .map_err(|e| AppError::invalid(field, "AMOUNT_INVALID", format!("{label}：{}", e.message_zh())))?;
    if m.fen() <= 0 {
        return Err(AppError::invalid(field, "AMOUNT_INVALID", format!("{label}应大于0")));
    }
    if v > MAX_INVESTMENT_YUAN {
        return Err(AppError::invalid(field, "AMOUNT_ABSURD", format!("{label}超过1万亿元，请核对单位（元）")));
    }
    Ok(m.fen())
}

/// A count 0..=max.
pub fn count(field: &str, label: &str, v: Option<i64>, max: i64) -> AppResult<i64> {
    match v {
        Some(n) if (0..=max).contains(&n) => Ok(n),
        _ => Err(AppError::invalid(field, "COUNT_INVALID", format!("{label}应为0至{max}之间的整数"))),
    }
}

/// A `YYYY-MM-DD` date between 2000 and 2100.
pub fn date(field: &str, label: &str, v: Option<&str>) -> AppResult<NaiveDate> {
    let s = v.map(str::trim).unwrap_or("");
    if s.is_empty() {
        return Err(AppError::invalid(field, "REQUIRED", format!("请填写{label}")));
    }
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| AppError::invalid(field, "DATE_INVALID", format!("{label}格式应为YYYY-MM-DD")))?;
    if !(2000..=2100).contains(&chrono::Datelike::year(&d)) {
        return Err(AppError::invalid(field, "DATE_OUT_OF_RANGE", format!("{label}应在2000年至2100年之间")));
    }
    Ok(d)
}

pub fn optional_date(field: &str, label: &str, v: Option<&str>) -> AppResult<Option<NaiveDate>> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        Some(s) => date(field, label, Some(s)).map(Some),
        None => Ok(None),
    }
}

/// A park of the zone the caller may put records in (its own parks unless zone-wide).
pub async fn park_in_reach(ctx: &Ctx, actor: &Actor, field: &str, park: Option<i64>) -> AppResult<i64> {
    let Some(p) = park else {
        return Err(AppError::invalid(field, "REQUIRED", "请选择园区"));
    };
    if reference::get_dict(ctx.db.conn(), actor.zone(), Dict::Park, p).await?.is_none() {
        return Err(AppError::invalid(field, "PARK_UNKNOWN", "所选园区不存在"));
    }
    // Zone-wide and own-scope callers (who see what they own) may name any park.
    let allowed = match &actor.scope.reach {
        Reach::Zone | Reach::Own => true,
        Reach::Parks { parks } => parks.contains(&p),
        Reach::Department { .. } | Reach::Enterprise { .. } => false,
    };
    if !allowed {
        return Err(AppError::invalid(field, "PARK_OUT_OF_SCOPE", "只能选择本人负责的园区"));
    }
    Ok(p)
}

pub async fn chain(ctx: &Ctx, actor: &Actor, field: &str, chain: Option<i64>) -> AppResult<Option<i64>> {
    if let Some(c) = chain
        && reference::get_dict(ctx.db.conn(), actor.zone(), Dict::Chain, c).await?.is_none()
    {
        return Err(AppError::invalid(field, "CHAIN_UNKNOWN", "所选产业链不存在"));
    }
    Ok(chain)
}

/// An owner: a user of the zone; an own-scope caller may only name itself.
pub async fn owner(ctx: &Ctx, actor: &Actor, field: &str, owner: Option<i64>) -> AppResult<i64> {
    let id = owner.unwrap_or(actor.user_id);
    if matches!(actor.scope.reach, Reach::Own) && id != actor.user_id {
        return Err(AppError::invalid(field, "OWNER_OUT_OF_SCOPE", "只能填写本人为负责人"));
    }
    if zoneops_db::user::by_id(ctx.db.conn(), Some(actor.zone()), id).await?.is_none() {
        return Err(AppError::invalid(field, "USER_UNKNOWN", "负责人不存在"));
    }
    Ok(id)
}

/// An enterprise link the caller can see.
pub async fn enterprise(ctx: &Ctx, actor: &Actor, field: &str, e: Option<i64>) -> AppResult<Option<i64>> {
    if let Some(id) = e
        && !zoneops_db::enterprise::visible(ctx.db.conn(), &actor.scope, id).await?
    {
        return Err(AppError::invalid(field, "ENTERPRISE_UNKNOWN", "关联企业不存在或无权查看"));
    }
    Ok(e)
}
