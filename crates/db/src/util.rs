use chrono::{DateTime, SubsecRound, Utc};
use serde::Serialize;

/// Now, UTC, truncated to microseconds: PostgreSQL keeps µs, so both backends store the same.
pub fn now() -> DateTime<Utc> {
    Utc::now().trunc_subsecs(6)
}

#[derive(Clone, Copy, Debug)]
pub struct PageQuery {
    pub page: u64,
    pub page_size: u64,
}

impl PageQuery {
    pub const MAX_SIZE: u64 = 500;
    pub fn new(page: Option<u64>, page_size: Option<u64>) -> PageQuery {
        PageQuery { page: page.unwrap_or(1).max(1), page_size: page_size.unwrap_or(20).clamp(1, Self::MAX_SIZE) }
    }
    pub fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.page_size)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            page_size: self.page_size,
        }
    }
}

/// The normalised form kept in `search` columns: lowercase, no whitespace, full-width ASCII
/// folded, so one `LIKE` behaves the same on both backends.
pub fn normalise_search(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c as u32 {
            0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// Escape `%`, `_` and `\` for a LIKE pattern used with `ESCAPE '\'`.
pub fn like_pattern(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('%');
    for c in normalise_search(s).chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// `SUM(expr)` as BIGINT on both backends (PostgreSQL sums BIGINT into NUMERIC).
pub fn sum_i64(expr: impl Into<sea_orm::sea_query::Expr>) -> sea_orm::sea_query::Expr {
    use sea_orm::sea_query::{Expr, ExprTrait, Func};
    Expr::expr(Func::sum(expr.into())).cast_as("BIGINT")
}
