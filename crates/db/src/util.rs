use chrono::{DateTime, SubsecRound, Utc};
use sea_orm::sea_query::{Expr, SelectStatement};
use sea_orm::{ConnectionTrait, QueryResult};
use serde::Serialize;

use crate::DbResult;

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
    /// The largest page of a [`bulk`] read.
    pub const BULK_SIZE: u64 = 5_000;
    pub fn new(page: Option<u64>, page_size: Option<u64>) -> PageQuery {
        let max = if in_bulk() { Self::BULK_SIZE } else { Self::MAX_SIZE };
        PageQuery { page: page.unwrap_or(1).max(1), page_size: page_size.unwrap_or(20).clamp(1, max) }
    }
    /// Databases take a signed 64-bit offset: a page far past the end (page=2^62) is an empty
    /// page, not an overflow when the value is bound.
    pub fn offset(&self) -> u64 {
        (self.page - 1).saturating_mul(self.page_size).min(i64::MAX as u64)
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: u64,
    pub page: u64,
    pub page_size: u64,
}

/// Written by hand: utoipa's derive on a generic struct references the item type by name without
/// registering it, so a document built from `Page<LeadRow>` alone would miss `LeadRow`.
impl<T: utoipa::ToSchema> utoipa::PartialSchema for Page<T> {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
        let count = || {
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
                .minimum(Some(0))
        };
        ObjectBuilder::new()
            .property("items", ArrayBuilder::new().items(item_schema::<T>(None)))
            .property("total", count())
            .property("page", count())
            .property("page_size", count())
            .required("items")
            .required("total")
            .required("page")
            .required("page_size")
            .into()
    }
}

impl<T: utoipa::ToSchema> utoipa::ToSchema for Page<T> {
    fn schemas(schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>) {
        item_schema::<T>(Some(schemas));
    }
}

/// A list item's schema: a reference to a named type of ours (registered in `schemas` when
/// given, with what it references), else the type's schema in place.
pub fn item_schema<T: utoipa::ToSchema>(
    schemas: Option<&mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>)>>,
) -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
    let full = std::any::type_name::<T>();
    let named = !full.contains('<') && full.starts_with("zoneops_");
    if let Some(schemas) = schemas {
        T::schemas(schemas);
        if named {
            schemas.push((T::name().into_owned(), T::schema()));
        }
    }
    if named { utoipa::openapi::RefOr::Ref(utoipa::openapi::Ref::from_schema_name(T::name())) } else { T::schema() }
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

tokio::task_local! {
    static BULK: ();
}

/// Runs a list read as a bulk read (an export walking the whole list through its use case):
/// pages may hold up to [`PageQuery::BULK_SIZE`] rows and [`rows_with_total`] skips the count, so
/// 100,000 rows cost 20 queries instead of 200 queries each counting all 100,000. Ambient rather
/// than a parameter so the export runs the list's own use case unchanged (decision 0041).
pub async fn bulk<F: Future>(read: F) -> F::Output {
    BULK.scope((), read).await
}

fn in_bulk() -> bool {
    BULK.try_with(|_| ()).is_ok()
}

/// The column under which [`rows_with_total`] carries the total on every row.
const TOTAL: &str = "matching_total";

/// What a `SELECT COUNT(*) …` statement counts.
pub async fn count_rows(db: &impl ConnectionTrait, count: &SelectStatement) -> DbResult<u64> {
    let n: i64 = db.query_one(count).await?.map(|r| r.try_get_by_index(0)).transpose()?.unwrap_or(0);
    Ok(u64::try_from(n).unwrap_or(0))
}

/// A page's rows (`rows`, its limit and offset set) with how many rows match in all (`count`
/// builds the `COUNT(*)` statement), in one round trip: the count rides on each row as an
/// uncorrelated scalar subquery, which SQLite and PostgreSQL both evaluate once per statement,
/// so both figures come from one snapshot. A page past the end (`offset` > 0 and no row to
/// carry the total) asks for the count on its own. In a [`bulk`] read the total is only the
/// rows up to this page's end (the reader stops at a short page).
pub async fn rows_with_total(
    db: &impl ConnectionTrait,
    mut rows: SelectStatement,
    count: impl Fn() -> SelectStatement,
    offset: u64,
) -> DbResult<(Vec<QueryResult>, u64)> {
    if in_bulk() {
        let found = db.query_all(&rows).await?;
        let seen = offset + found.len() as u64;
        return Ok((found, seen));
    }
    rows.expr_as(Expr::from(count()), TOTAL);
    let found = db.query_all(&rows).await?;
    let total = match found.first() {
        Some(r) => u64::try_from(r.try_get::<i64>("", TOTAL)?).unwrap_or(0),
        None if offset == 0 => 0,
        None => count_rows(db, &count()).await?,
    };
    Ok((found, total))
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

/// The 拼音 initials of a name, lowercase (晶澳太阳能 → "jatyn"): what staff type in a search box
/// before the characters. Letters and digits are kept as they are; other signs are dropped. A
/// character with several readings takes its most common one.
pub fn pinyin_initials(s: &str) -> String {
    use pinyin::ToPinyin;
    s.chars()
        .filter_map(|c| match c.to_pinyin() {
            Some(p) => p.first_letter().chars().next(),
            None if c.is_ascii_alphanumeric() => Some(c.to_ascii_lowercase()),
            None => None,
        })
        .collect()
}

/// The key a Chinese name sorts by, in dictionary (拼音) order: each character's full 拼音 without
/// tones (its most common reading), syllables separated so that 阿里 (a li) comes before 安 (an);
/// letters and digits lowercase as they are, other signs as themselves. Names with the same key
/// are told apart by the caller (by the text itself).
pub fn pinyin_sort_key(s: &str) -> String {
    use pinyin::ToPinyin;
    let mut out = String::with_capacity(s.len() * 2);
    for c in s.chars() {
        match c.to_pinyin() {
            Some(p) => out.push_str(p.plain()),
            None => out.extend(c.to_lowercase()),
        }
        // Below every letter and digit: a shorter syllable sorts first.
        out.push('\u{1}');
    }
    out
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

/// `cond`, told to SQLite's planner to hold for few rows (`likelihood(cond, 0.05)`; SQLite
/// still seeks an index with the comparison inside). SQLite plans a statement once, without the
/// request's values (decision 0014), so it cannot see that a range on a bound value — a ticket's
/// deadline before now — keeps a small share of the rows; told so, it reads that range from an
/// index instead of walking the whole park in list order. Other databases get `cond` as it is.
pub fn rare(cond: Expr, backend: sea_orm::DbBackend) -> Expr {
    match backend {
        // sea-query marks where an expression goes with the backend's placeholder: `?` for SQLite.
        sea_orm::DbBackend::Sqlite => Expr::cust_with_expr("likelihood(?, 0.05)", cond),
        _ => cond,
    }
}

/// The split of [`sum_high`] and [`sum_low`].
pub const SUM_SPLIT: i64 = 1_000_000_000;

/// `SUM(expr / 10⁹)`: with [`sum_low`], a sum of BIGINT values that cannot overflow either
/// database whatever the number of rows (SQLite's SUM fails on overflow, and a PostgreSQL
/// NUMERIC sum would not fit the BIGINT it is read as). Each part stays far inside 64 bits;
/// [`exact_sum`] joins them in i128. Both databases divide integers towards zero, so
/// `v = (v / d) * d + v % d` holds for every `v`.
pub fn sum_high(expr: impl Into<Expr>) -> Expr {
    use sea_orm::sea_query::ExprTrait;
    sum_i64(expr.into().div(SUM_SPLIT))
}

/// `SUM(expr % 10⁹)`; see [`sum_high`].
pub fn sum_low(expr: impl Into<Expr>) -> Expr {
    use sea_orm::sea_query::ExprTrait;
    sum_i64(expr.into().modulo(SUM_SPLIT))
}

/// The exact sum from its two parts; `None` when there was nothing to add (SUM of no rows).
pub fn exact_sum(high: Option<i64>, low: Option<i64>) -> Option<i128> {
    match (high, low) {
        (None, None) => None,
        (h, l) => Some(i128::from(h.unwrap_or(0)) * i128::from(SUM_SPLIT) + i128::from(l.unwrap_or(0))),
    }
}

/// `SUM(expr)` as BIGINT on both backends (PostgreSQL sums BIGINT into NUMERIC); for counts
/// and other sums bounded far below 2⁶³. Sums of money or indicator values use [`sum_high`].
pub fn sum_i64(expr: impl Into<Expr>) -> Expr {
    use sea_orm::sea_query::{ExprTrait, Func};
    Expr::expr(Func::sum(expr.into())).cast_as("BIGINT")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinyin_initials_of_company_names() {
        assert_eq!(pinyin_initials("晶澳(扬州)太阳能科技有限公司"), "jayztynkjyxgs");
        assert_eq!(pinyin_initials("潍柴（扬州）柴油机"), "wcyzcyj");
        assert_eq!(pinyin_initials("ABB 扬州 2号厂"), "abbyz2hc");
        assert_eq!(pinyin_initials(""), "");
    }

    #[test]
    fn names_sort_by_full_pinyin() {
        let mut names = vec!["赵六", "张三", "阿里", "安徽", "李四", "王五", "B公司", "a公司"];
        names.sort_by_key(|n| pinyin_sort_key(n));
        assert_eq!(names, ["a公司", "阿里", "安徽", "B公司", "李四", "王五", "张三", "赵六"]);
        // By code point 张 (U+5F20) comes before 李 (U+674E) and 安 (U+5B89) before 阿 (U+963F).
        assert!(pinyin_sort_key("李") < pinyin_sort_key("张") && pinyin_sort_key("阿") < pinyin_sort_key("安"));
    }

    #[test]
    fn split_sums_join_exactly_past_64_bits() {
        // 800 yearly figures of 1.2e16 分: 9.6e18 > i64::MAX.
        let v: i64 = 12_000_000_000_000_000;
        let (high, low) = (800 * (v / SUM_SPLIT), 800 * (v % SUM_SPLIT));
        assert_eq!(exact_sum(Some(high), Some(low)), Some(800 * i128::from(v)));
        let odd: i64 = i64::MAX;
        assert_eq!(exact_sum(Some(odd / SUM_SPLIT), Some(odd % SUM_SPLIT)), Some(i128::from(odd)));
        let neg: i64 = -1_234_567_890_123;
        assert_eq!(exact_sum(Some(neg / SUM_SPLIT), Some(neg % SUM_SPLIT)), Some(i128::from(neg)));
        assert_eq!(exact_sum(None, None), None);
    }

    #[test]
    fn offsets_fit_a_signed_64_bit_parameter() {
        let p = PageQuery::new(Some(u64::MAX), Some(500));
        assert_eq!(p.offset(), i64::MAX as u64);
        assert_eq!(PageQuery::new(Some(3), Some(20)).offset(), 40);
    }

    #[tokio::test]
    async fn only_a_bulk_read_takes_pages_past_the_api_limit() {
        assert_eq!(PageQuery::new(None, Some(100_000)).page_size, PageQuery::MAX_SIZE);
        let inside = bulk(async { PageQuery::new(None, Some(100_000)).page_size }).await;
        assert_eq!(inside, PageQuery::BULK_SIZE);
        assert_eq!(PageQuery::new(None, Some(100_000)).page_size, PageQuery::MAX_SIZE, "and only inside it");
    }
}
