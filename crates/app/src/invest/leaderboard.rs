//! The monthly leaderboard of signed projects and the rule it ranks by.

use crate::check::{self, today};
use crate::{Actor, AppError, AppResult, Ctx};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use zoneops_db::project::{self as project_repo, ProjectFilter};
use zoneops_db::reference::{self, Dict};
use zoneops_domain::Permission;
use zoneops_domain::invest::{TargetPeriod, month_end};

use super::*;

#[derive(Clone, Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct LeaderboardQuery {
    pub month: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub subject: Option<String>,
    pub by: Option<String>,
    pub park: Option<i64>,
    pub category: Option<String>,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct RankRow {
    pub rank: usize,
    pub id: i64,
    pub name: String,
    pub signed_count: i64,
    pub signed_amount: f64,
}

#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Leaderboard {
    pub month: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub subject: String,
    pub by: String,
    pub rule: &'static str,
    pub rows: Vec<RankRow>,
}

/// Ranks rows exactly by the published rule: the chosen measure (amount or count), then the
/// other measure, both highest first, then the name in 拼音 order. Every row gets its own rank
/// (1, 2, 3, …); only rows the rule cannot tell apart — same count, same amount, same name —
/// share one.
pub fn rank(rows: &mut [RankRow], by_count: bool) {
    let mut keyed: Vec<(String, RankRow)> =
        rows.iter().map(|r| (zoneops_db::pinyin_sort_key(&r.name), r.clone())).collect();
    let measures = |r: &RankRow| {
        let count = r.signed_count as f64;
        if by_count { (count, r.signed_amount) } else { (r.signed_amount, count) }
    };
    keyed.sort_by(|(ka, a), (kb, b)| {
        let ((a1, a2), (b1, b2)) = (measures(a), measures(b));
        b1.total_cmp(&a1).then(b2.total_cmp(&a2)).then_with(|| ka.cmp(kb)).then_with(|| a.name.cmp(&b.name))
    });
    for (i, (_, r)) in keyed.into_iter().enumerate() {
        rows[i] = r;
    }
    for i in 0..rows.len() {
        let tie = i > 0
            && rows[i].signed_count == rows[i - 1].signed_count
            && rows[i].signed_amount == rows[i - 1].signed_amount
            && rows[i].name == rows[i - 1].name;
        rows[i].rank = if tie { rows[i - 1].rank } else { i + 1 };
    }
}

pub async fn leaderboard(ctx: &Ctx, actor: &Actor, q: &LeaderboardQuery) -> AppResult<Leaderboard> {
    if !actor.can(Permission::LeadRead) && !actor.can(Permission::CockpitRead) {
        return Err(AppError::Forbidden);
    }
    let (month, from, to) = match q.month.as_deref().filter(|s| !s.is_empty()) {
        Some(m) => {
            let p = match TargetPeriod::parse(m) {
                Some(p @ TargetPeriod::Month(..)) => p,
                _ => return Err(AppError::invalid("month", "MONTH_INVALID", "月份格式应为YYYY-MM")),
            };
            (Some(p.key()), p.first_day(), p.last_day())
        }
        None => {
            let from = check::optional_date("from", "开始日期", q.from.as_deref())?;
            let to = check::optional_date("to", "结束日期", q.to.as_deref())?;
            match (from, to) {
                (None, None) => {
                    let t = today();
                    let m = TargetPeriod::Month(chrono::Datelike::year(&t), chrono::Datelike::month(&t));
                    (Some(m.key()), m.first_day(), month_end(chrono::Datelike::year(&t), chrono::Datelike::month(&t)))
                }
                (f, t) => {
                    let (f, t) = period(f, t);
                    if t < f {
                        return Err(AppError::invalid("to", "DATE_ORDER", "结束日期不能早于开始日期"));
                    }
                    (None, f, t)
                }
            }
        }
    };
    let subject = subject("subject", q.subject.as_deref().or(Some("park")))?;
    let by_count = match q.by.as_deref().unwrap_or("amount") {
        "amount" => false,
        "count" => true,
        _ => return Err(AppError::invalid("by", "RANK_BY_INVALID", "排名依据应为 amount（金额）或 count（个数）")),
    };
    let category = check::optional_pick("category", "项目类别", &q.category)?;
    let f = ProjectFilter { signed: (Some(from), Some(to)), category, park: q.park, ..Default::default() };
    let db = ctx.db.conn();
    let mut rows: Vec<RankRow> = if subject == "park" {
        // Every park competes, with totals only (decision 0007).
        let sums = project_repo::signed_by(db, actor.zone(), None, &f, false).await?;
        reference::list_dict(db, actor.zone(), Dict::Park)
            .await?
            .into_iter()
            .filter(|p| q.park.is_none_or(|x| x == p.id))
            .map(|p| {
                let s = sums.iter().find(|s| s.0 == p.id);
                RankRow {
                    rank: 0,
                    id: p.id,
                    name: p.name,
                    signed_count: s.map_or(0, |s| s.1),
                    signed_amount: yuan_sum(s.map_or(0, |s| s.2)),
                }
            })
            .collect()
    } else {
        let sums = project_repo::signed_by(db, actor.zone(), Some(&actor.scope), &f, true).await?;
        let users = zoneops_db::user::list(db, actor.zone(), None).await?;
        sums.into_iter()
            .map(|(id, n, amount)| RankRow {
                rank: 0,
                id,
                name: users.iter().find(|u| u.id == id).map(|u| u.display_name.clone()).unwrap_or_default(),
                signed_count: n,
                signed_amount: yuan_sum(amount),
            })
            .collect()
    };
    rank(&mut rows, by_count);
    Ok(Leaderboard {
        month,
        from,
        to,
        subject,
        by: if by_count { "count" } else { "amount" }.into(),
        rule: if by_count { RANKING_RULE_COUNT } else { RANKING_RULE_AMOUNT },
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, n: i64, amount: f64) -> RankRow {
        RankRow { rank: 0, id: 0, name: name.into(), signed_count: n, signed_amount: amount }
    }

    #[test]
    fn ranking_follows_the_stated_rule() {
        // By amount: 甲 first (10, 5 signed); 丁 and 乙 both 10 with 3 signed: by name in 拼音
        // order, 丁 (ding) before 乙 (yi), each its own rank; 丙 last.
        let mut rows = vec![row("乙", 3, 10.0), row("甲", 5, 10.0), row("丙", 9, 2.0), row("丁", 3, 10.0)];
        rank(&mut rows, false);
        let order: Vec<(&str, usize)> = rows.iter().map(|r| (r.name.as_str(), r.rank)).collect();
        assert_eq!(order, vec![("甲", 1), ("丁", 2), ("乙", 3), ("丙", 4)]);
        rank(&mut rows, true);
        let order: Vec<(&str, usize)> = rows.iter().map(|r| (r.name.as_str(), r.rank)).collect();
        assert_eq!(order, vec![("丙", 1), ("甲", 2), ("丁", 3), ("乙", 4)]);
    }

    #[test]
    fn names_order_by_pinyin_not_code_point_and_only_indistinguishable_rows_share_a_rank() {
        // 张 (zhang) U+5F20 sorts before 李 (li) U+674E by code point; the rule says by name.
        let mut rows = vec![row("张伟", 0, 0.0), row("李娜", 0, 0.0), row("王芳", 0, 0.0), row("李娜", 0, 0.0)];
        rank(&mut rows, false);
        let order: Vec<(&str, usize)> = rows.iter().map(|r| (r.name.as_str(), r.rank)).collect();
        assert_eq!(order, vec![("李娜", 1), ("李娜", 1), ("王芳", 3), ("张伟", 4)]);
    }

    #[test]
    fn the_published_rule_names_every_tie_break() {
        for rule in [RANKING_RULE_AMOUNT, RANKING_RULE_COUNT] {
            assert!(rule.contains("签约金额") && rule.contains("签约个数") && rule.contains("名称拼音"), "{rule}");
        }
    }
}
