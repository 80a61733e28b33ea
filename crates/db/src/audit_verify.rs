//! Walking a zone's audit chain: every row recomputed from its content and its predecessor's
//! hash, in `seq` order from the checkpoint pruning left, up to the head in `audit_chain`.

use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;

use crate::DbResult;
use crate::audit_chain::{ChainedRow, matches, row_columns};

/// Rows read per statement.
const PAGE: u64 = 2000;
/// Problems listed per zone: the first one is what matters; the rest say how far it goes.
const MAX_PROBLEMS: usize = 20;

/// One break in a chain, naming the row where it shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Problem {
    pub row_id: Option<i64>,
    pub seq: Option<i64>,
    pub kind: ProblemKind,
    pub message: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The row's content (or its predecessor's hash) is not what was hashed when it was written.
    Altered,
    /// Rows are missing before this one (or at the end, before the head).
    Deleted,
    /// The row is not where the chain put it: outside the chain, or out of id order.
    Inserted,
}

/// What verification found in one zone's chain.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ChainReport {
    pub zone: i64,
    pub zone_code: String,
    /// Rows checked.
    pub rows: u64,
    /// The checkpoint verification started from (0 when nothing was pruned).
    pub base_seq: i64,
    pub head_seq: i64,
    pub head_hash: String,
    pub problems: Vec<Problem>,
}

impl ChainReport {
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The head and checkpoint of a zone's chain (`(0, "")` for a zone that has no audit row yet).
#[derive(Clone, Debug, Default, FromQueryResult, Serialize, utoipa::ToSchema)]
pub struct ChainHead {
    pub seq: i64,
    pub hash: String,
    pub base_seq: i64,
    pub base_hash: String,
}

pub async fn chain_head(db: &impl ConnectionTrait, zone: i64) -> DbResult<ChainHead> {
    let q = Query::select()
        .columns(["seq", "hash", "base_seq", "base_hash"])
        .from("audit_chain")
        .and_where(Expr::col("zone_id").eq(zone))
        .take();
    Ok(db.query_one(&q).await?.map(|r| ChainHead::from_query_result(&r, "")).transpose()?.unwrap_or_default())
}

fn push(problems: &mut Vec<Problem>, p: Problem) {
    if problems.len() < MAX_PROBLEMS {
        problems.push(p);
    }
}

/// Verifies one zone's chain. The head is read first and only rows up to it are walked, so
/// writes made meanwhile are neither checked nor reported.
pub async fn verify(db: &impl ConnectionTrait, zone: i64, zone_code: &str) -> DbResult<ChainReport> {
    let head = chain_head(db, zone).await?;
    let mut problems = Vec::new();
    let mut rows_checked = 0u64;
    let (mut expect, mut prev, mut prev_id) = (head.base_seq + 1, head.base_hash.clone(), 0i64);
    let mut last_row: Option<i64> = None;
    loop {
        let q = Query::select()
            .columns(row_columns())
            .from("audit")
            .and_where(Expr::col("zone_id").eq(zone))
            .and_where(Expr::col("seq").gte(expect))
            .and_where(Expr::col("seq").lte(head.seq))
            .order_by("seq", Order::Asc)
            .order_by("id", Order::Asc)
            .limit(PAGE)
            .take();
        let rows = db
            .query_all(&q)
            .await?
            .iter()
            .map(|r| ChainedRow::from_query_result(r, ""))
            .collect::<Result<Vec<_>, _>>()?;
        let full = rows.len() as u64 == PAGE;
        for r in &rows {
            let seq = r.seq.unwrap_or_default();
            rows_checked += 1;
            let at = |kind, message: String| Problem { row_id: Some(r.id), seq: Some(seq), kind, message };
            if seq < expect {
                // Only without the unique index on (zone_id, seq): a second row in one place.
                push(&mut problems, at(ProblemKind::Inserted, format!("第{seq}号位置重复：该行不是链上写入的")));
                continue;
            }
            let gap = seq > expect;
            if gap {
                let missing =
                    if seq - expect == 1 { format!("第{expect}号") } else { format!("第{expect}至{}号", seq - 1) };
                push(&mut problems, at(ProblemKind::Deleted, format!("其前{missing}记录缺失（被删除）")));
            }
            if r.id <= prev_id {
                let m = format!("编号小于前一行（{prev_id}）：不是按链的顺序写入的");
                push(&mut problems, at(ProblemKind::Inserted, m));
            } else if !gap && !matches(r.hash.as_deref().unwrap_or(""), &prev, &r.content(seq)) {
                push(&mut problems, at(ProblemKind::Altered, "内容与其哈希不符（被改动或伪造）".to_owned()));
            }
            prev = r.hash.clone().unwrap_or_default();
            prev_id = r.id;
            expect = seq + 1;
            last_row = Some(r.id);
        }
        if !full {
            break;
        }
    }
    // Rows cut off the end, or a head rewritten.
    if expect <= head.seq {
        let message = format!("链尾第{expect}至{}号记录缺失（被删除）", head.seq);
        push(&mut problems, Problem { row_id: None, seq: Some(head.seq), kind: ProblemKind::Deleted, message });
    } else if prev != head.hash {
        let message = "最后一行的哈希与链头记录的不一致".to_owned();
        push(&mut problems, Problem { row_id: last_row, seq: Some(head.seq), kind: ProblemKind::Altered, message });
    }
    // Rows written around the application: no place in the chain, a place before the checkpoint,
    // or past the head (read again: rows written since the walk began are the application's).
    let now_head = std::cmp::max(chain_head(db, zone).await?.seq, head.seq);
    let outside = Query::select()
        .columns(["id", "seq"])
        .from("audit")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("seq").is_null().or(Expr::col("seq").gt(now_head)).or(Expr::col("seq").lte(head.base_seq)))
        .order_by("id", Order::Asc)
        .limit(MAX_PROBLEMS as u64)
        .take();
    for r in db.query_all(&outside).await? {
        let (id, seq): (i64, Option<i64>) = (r.try_get_by_index(0)?, r.try_get_by_index(1)?);
        let message = match seq {
            None => "不在审计链上（绕过系统写入）".to_owned(),
            Some(s) if s <= head.base_seq => format!("位于清理点（第{}号）之前的第{s}号位置", head.base_seq),
            Some(s) => format!("位于链头（第{now_head}号）之后的第{s}号位置"),
        };
        push(&mut problems, Problem { row_id: Some(id), seq, kind: ProblemKind::Inserted, message });
    }
    Ok(ChainReport {
        zone,
        zone_code: zone_code.to_owned(),
        rows: rows_checked,
        base_seq: head.base_seq,
        head_seq: head.seq,
        head_hash: head.hash,
        problems,
    })
}
