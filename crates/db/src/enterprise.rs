//! The enterprise registry. Every read goes through [`EnterpriseFilter::condition`] with the
//! caller's scope, and the cockpit counts with the very same filter its drill link encodes.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{
    Alias, Asterisk, Cond, Condition, Expr, ExprTrait, Func, JoinType, LikeExpr, Order, Query, SelectStatement,
};
use sea_orm::{ConnectionTrait, FromQueryResult};
use serde::Serialize;
use zoneops_domain::scope::Scope;
use zoneops_domain::tier::TierThresholds;

use crate::reference::{INDUSTRY_VERSION, insert_returning_id};
use crate::util::{
    count_rows, exact_sum, like_pattern, normalise_search, pinyin_initials, rare, rows_with_total, sum_high, sum_i64,
    sum_low,
};
use crate::{DbError, DbResult, Page, PageQuery, WriteTx, now, scope};

/// Which tier condition a list or figure asks for, for `year` (at or above a threshold, or
/// newly reached: below it the year before or no data then).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TierFilter {
    AtLeast(i64),
    DoubleAtLeast(i64),
    NewlyAtLeast(i64),
}

#[derive(Clone, Debug, Default)]
pub struct EnterpriseFilter {
    pub q: Option<String>,
    pub park: Option<i64>,
    pub chain: Option<i64>,
    /// GB/T 4754 code prefix: a section letter, or 2–4 digits.
    pub industry: Option<String>,
    pub above_size: Option<bool>,
    pub year: i32,
    pub tier: Option<TierFilter>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Id,
    Name,
    CreditCode,
    Sales,
    Output,
    EstablishedOn,
}

/// A tier threshold, written into the SQL, not bound: a zone has a handful, so each gets its own
/// cached plan, one that knows how few enterprises are above it. Bound, PostgreSQL planned every
/// execution afresh (its plan for an unknown threshold hashed a whole park: 24 ms against 0.4 ms)
/// and SQLite plans without values (decision 0014). An integer from the zone's settings.
fn threshold(fen: i64) -> Expr {
    Expr::cust(fen.to_string())
}

impl EnterpriseFilter {
    fn needs_year(&self) -> bool {
        self.tier.is_some()
    }

    /// The WHERE clause: scope first, then the filters.
    pub fn condition(&self, scope: &Scope) -> Condition {
        let mut c = Cond::all().add(scope::enterprise(scope));
        if let Some(q) = self.q.as_deref().filter(|q| !q.trim().is_empty()) {
            let pat = like_pattern(q);
            c = c.add(Expr::col(("e", "search")).like(LikeExpr::new(pat).escape('\\')));
        }
        if let Some(p) = self.park {
            c = c.add(Expr::col(("e", "park_id")).eq(p));
        }
        if let Some(ch) = self.chain {
            c = c.add(Expr::col(("e", "chain_id")).eq(ch));
        }
        if let Some(code) = self.industry.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            if code.chars().all(|ch| ch.is_ascii_alphabetic()) {
                let divisions = Query::select()
                    .column("code")
                    .from("industry")
                    .and_where(Expr::col("version").eq(INDUSTRY_VERSION))
                    .and_where(Expr::col("level").eq("division"))
                    .and_where(Expr::col("parent").eq(code.to_ascii_uppercase()))
                    .take();
                c = c.add(
                    Func::cust("SUBSTR").arg(Expr::col(("e", "industry_code"))).arg(1).arg(2).in_subquery(divisions),
                );
            } else {
                let digits: String = code.chars().filter(char::is_ascii_digit).collect();
                c = c.add(Expr::col(("e", "industry_code")).like(format!("{digits}%")));
            }
        }
        if let Some(a) = self.above_size {
            c = c.add(Expr::col(("e", "above_size")).eq(a));
        }
        match self.tier {
            None => {}
            Some(TierFilter::AtLeast(t)) => c = c.add(Expr::col(("y", "sales")).gte(threshold(t))),
            Some(TierFilter::DoubleAtLeast(t)) => {
                c = c.add(Expr::col(("y", "sales")).gte(threshold(t))).add(Expr::col(("y", "output")).gte(threshold(t)))
            }
            Some(TierFilter::NewlyAtLeast(t)) => {
                c = c.add(Expr::col(("y", "sales")).gte(threshold(t))).add(
                    Cond::any()
                        .add(Expr::col(("py", "sales")).is_null())
                        .add(Expr::col(("py", "sales")).lt(threshold(t))),
                )
            }
        }
        c
    }

    /// Conditions that change no result but steer the planner: with a tier filter, start from
    /// `enterprise_year`'s (zone, year, sales) index — a few rows above a threshold — instead of
    /// visiting every enterprise of a park (70 ms → under 1 ms on a 100 000-enterprise zone).
    /// Both databases need the summary's own zone condition to use that index (PostgreSQL read
    /// all 100,000 rows of the year without it: 18 ms a page); SQLite also needs to be told the
    /// threshold is selective.
    fn planner_hints(&self, scope: &Scope, backend: sea_orm::DbBackend) -> Condition {
        let threshold_fen = match self.tier {
            Some(TierFilter::AtLeast(t) | TierFilter::DoubleAtLeast(t) | TierFilter::NewlyAtLeast(t)) => t,
            None => return Cond::all(),
        };
        let c = Cond::all().add(Expr::col(("y", "zone_id")).eq(scope.zone));
        if backend != sea_orm::DbBackend::Sqlite {
            return c;
        }
        c.add(rare(Expr::col(("y", "sales")).gte(threshold(threshold_fen)), backend))
    }

    fn add_tables(&self, q: &mut SelectStatement, always_year: bool) {
        q.from_as("enterprise", "e");
        if always_year || self.needs_year() {
            let kind = if self.needs_year() { JoinType::InnerJoin } else { JoinType::LeftJoin };
            q.join_as(
                kind,
                "enterprise_year",
                "y",
                Cond::all()
                    .add(Expr::col(("y", "enterprise_id")).equals(("e", "id")))
                    .add(Expr::col(("y", "year")).eq(self.year)),
            );
        }
        if matches!(self.tier, Some(TierFilter::NewlyAtLeast(_))) {
            q.join_as(
                JoinType::LeftJoin,
                "enterprise_year",
                "py",
                Cond::all()
                    .add(Expr::col(("py", "enterprise_id")).equals(("e", "id")))
                    .add(Expr::col(("py", "year")).eq(self.year - 1)),
            );
        }
    }
}

/// An enterprise with its figures of one year, as stored and as the API shows it (the answer
/// embeds it).
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct EnterpriseRow {
    pub id: i64,
    #[serde(skip)]
    pub zone_id: i64,
    pub credit_code: String,
    pub credit_code_warning: bool,
    pub name: String,
    pub park_id: i64,
    pub park_name: String,
    pub chain_id: Option<i64>,
    pub chain_name: Option<String>,
    pub industry_code: String,
    pub industry_name: Option<String>,
    pub above_size: bool,
    /// Mu (kept in hundredths).
    #[serde(serialize_with = "crate::shown::opt_land_mu")]
    #[schema(value_type = Option<f64>)]
    pub land_mu: Option<i64>,
    pub established_on: Option<NaiveDate>,
    pub address: String,
    #[serde(skip)]
    pub created_by: Option<i64>,
    pub updated_at: DateTime<Utc>,
    /// The year's sales in 元, kept in 分 (`null`: nothing recorded).
    #[serde(serialize_with = "crate::shown::opt_yuan")]
    #[schema(value_type = Option<f64>)]
    pub sales: Option<i64>,
    /// The year's output in 元, kept in 分 (`null`: nothing recorded).
    #[serde(serialize_with = "crate::shown::opt_yuan")]
    #[schema(value_type = Option<f64>)]
    pub output: Option<i64>,
}

fn select_rows(filter: &EnterpriseFilter) -> SelectStatement {
    let mut q = Query::select();
    q.columns([
        ("e", "id"),
        ("e", "zone_id"),
        ("e", "credit_code"),
        ("e", "credit_code_warning"),
        ("e", "name"),
        ("e", "park_id"),
        ("e", "chain_id"),
        ("e", "industry_code"),
        ("e", "above_size"),
        ("e", "land_mu"),
        ("e", "established_on"),
        ("e", "address"),
        ("e", "created_by"),
        ("e", "updated_at"),
    ])
    .expr_as(Expr::col(("p", "name")), "park_name")
    .expr_as(Expr::col(("c", "name")), "chain_name")
    .expr_as(Expr::col(("i", "name")), "industry_name")
    .expr_as(Expr::col(("y", "sales")), "sales")
    .expr_as(Expr::col(("y", "output")), "output");
    filter.add_tables(&mut q, true);
    q.join_as(JoinType::InnerJoin, "park", "p", Expr::col(("p", "id")).equals(("e", "park_id")))
        .join_as(JoinType::LeftJoin, "chain", "c", Expr::col(("c", "id")).equals(("e", "chain_id")))
        .join_as(
            JoinType::LeftJoin,
            "industry",
            "i",
            Cond::all()
                .add(Expr::col(("i", "version")).eq(INDUSTRY_VERSION))
                .add(Expr::col(("i", "code")).equals(("e", "industry_code"))),
        );
    q
}

fn count_query(scope: &Scope, filter: &EnterpriseFilter, backend: sea_orm::DbBackend) -> SelectStatement {
    let mut q = Query::select();
    q.expr(Expr::col(Asterisk).count());
    filter.add_tables(&mut q, false);
    q.cond_where(filter.condition(scope)).cond_where(filter.planner_hints(scope, backend));
    q
}

pub async fn count(db: &impl ConnectionTrait, scope: &Scope, filter: &EnterpriseFilter) -> DbResult<u64> {
    count_rows(db, &count_query(scope, filter, db.get_database_backend())).await
}

pub async fn list(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &EnterpriseFilter,
    sort: SortKey,
    desc: bool,
    page: PageQuery,
) -> DbResult<Page<EnterpriseRow>> {
    let backend = db.get_database_backend();
    let mut q = select_rows(filter);
    q.cond_where(filter.condition(scope)).cond_where(filter.planner_hints(scope, backend));
    let order = if desc { Order::Desc } else { Order::Asc };
    match sort {
        SortKey::Id => q.order_by(("e", "id"), order.clone()),
        SortKey::Name => q.order_by(("e", "name"), order.clone()),
        SortKey::CreditCode => q.order_by(("e", "credit_code"), order.clone()),
        SortKey::Sales => {
            q.order_by_expr(Func::coalesce([Expr::col(("y", "sales")), Expr::val(-1)]).into(), order.clone())
        }
        SortKey::Output => {
            q.order_by_expr(Func::coalesce([Expr::col(("y", "output")), Expr::val(-1)]).into(), order.clone())
        }
        SortKey::EstablishedOn => q.order_by(("e", "established_on"), order.clone()),
    };
    // A unique tie-breaker keeps pages stable.
    q.order_by(("e", "id"), order).limit(page.page_size).offset(page.offset());
    let (found, total) = rows_with_total(db, q, || count_query(scope, filter, backend), page.offset()).await?;
    let items = found.iter().map(|r| EnterpriseRow::from_query_result(r, "")).collect::<Result<_, _>>()?;
    Ok(Page { items, total, page: page.page, page_size: page.page_size })
}

pub async fn get(db: &impl ConnectionTrait, scope: &Scope, id: i64, year: i32) -> DbResult<Option<EnterpriseRow>> {
    let filter = EnterpriseFilter { year, ..Default::default() };
    let mut q = select_rows(&filter);
    q.cond_where(filter.condition(scope)).and_where(Expr::col(("e", "id")).eq(id));
    Ok(db.query_one(&q).await?.map(|r| EnterpriseRow::from_query_result(&r, "")).transpose()?)
}

/// An enterprise and its entrepreneurs in one statement (the detail page's question): the people
/// ride on the row as a JSON array built by the database, which halved the detail's round trips.
pub async fn detail(
    db: &impl ConnectionTrait,
    scope: &Scope,
    id: i64,
    year: i32,
) -> DbResult<Option<(EnterpriseRow, Vec<EntrepreneurRow>)>> {
    let filter = EnterpriseFilter { year, ..Default::default() };
    let mut q = select_rows(&filter);
    // In the sort order the form gave them; `[]` when there are none.
    let people = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "(SELECT COALESCE(json_agg(json_build_array(n.name, n.title, n.mobile, n.honors) ORDER BY n.sort), \
             '[]'::json)::text FROM entrepreneur n WHERE n.enterprise_id = e.id)"
        }
        _ => {
            "(SELECT json_group_array(json_array(n.name, n.title, n.mobile, n.honors) ORDER BY n.sort) \
             FROM entrepreneur n WHERE n.enterprise_id = e.id)"
        }
    };
    q.expr_as(Expr::cust(people), "entrepreneurs")
        .cond_where(filter.condition(scope))
        .and_where(Expr::col(("e", "id")).eq(id));
    let Some(r) = db.query_one(&q).await? else { return Ok(None) };
    let row = EnterpriseRow::from_query_result(&r, "")?;
    let json: String = r.try_get("", "entrepreneurs")?;
    let people: Vec<(String, String, String, String)> =
        serde_json::from_str(&json).map_err(|e| DbError::Invalid(format!("entrepreneurs of {id}: {e}")))?;
    let people = people
        .into_iter()
        .map(|(name, title, mobile, honors)| EntrepreneurRow { name, title, mobile, honors })
        .collect();
    Ok(Some((row, people)))
}

/// Whether the scope reaches this enterprise: the check before reading its child records.
pub async fn visible(db: &impl ConnectionTrait, scope: &Scope, id: i64) -> DbResult<bool> {
    let q = Query::select()
        .column(("e", "id"))
        .from_as("enterprise", "e")
        .cond_where(scope::enterprise(scope))
        .and_where(Expr::col(("e", "id")).eq(id))
        .take();
    Ok(db.query_one(&q).await?.is_some())
}

/// The park of an enterprise, whatever the caller's scope (the caller checked visibility): a
/// ticket about it belongs to that park.
pub async fn park_of(db: &impl ConnectionTrait, zone: i64, id: i64) -> DbResult<Option<i64>> {
    let q = Query::select()
        .column("park_id")
        .from("enterprise")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("id").eq(id))
        .take();
    Ok(db.query_one(&q).await?.map(|r| r.try_get_by_index::<i64>(0)).transpose()?)
}

/// The id of the enterprise with this credit code in the zone, whatever the caller's scope:
/// used only to report a duplicate, never to read the record.
pub async fn id_by_credit_code(db: &impl ConnectionTrait, zone: i64, code: &str) -> DbResult<Option<i64>> {
    let q = Query::select()
        .column("id")
        .from("enterprise")
        .and_where(Expr::col("zone_id").eq(zone))
        .and_where(Expr::col("credit_code").eq(code))
        .take();
    Ok(db.query_one(&q).await?.map(|r| r.try_get_by_index::<i64>(0)).transpose()?)
}

/// An enterprise's own fields, as a form or an import writes them (and an import reads them back).
#[derive(Clone, Debug, FromQueryResult)]
pub struct EnterpriseData {
    pub credit_code: String,
    pub credit_code_warning: bool,
    pub name: String,
    pub park_id: i64,
    pub chain_id: Option<i64>,
    pub industry_code: String,
    pub above_size: bool,
    pub land_mu: Option<i64>,
    pub established_on: Option<NaiveDate>,
    pub address: String,
}

pub async fn insert(tx: &WriteTx, zone: i64, created_by: Option<i64>, d: &EnterpriseData) -> DbResult<i64> {
    let t = now();
    let q = Query::insert()
        .into_table("enterprise")
        .columns([
            "zone_id",
            "credit_code",
            "credit_code_warning",
            "name",
            "search",
            "park_id",
            "chain_id",
            "industry_code",
            "above_size",
            "land_mu",
            "established_on",
            "address",
            "created_by",
            "created_at",
            "updated_at",
        ])
        .values_panic([
            zone.into(),
            d.credit_code.clone().into(),
            d.credit_code_warning.into(),
            d.name.clone().into(),
            search_text(&d.name, &d.credit_code).into(),
            d.park_id.into(),
            d.chain_id.into(),
            d.industry_code.clone().into(),
            d.above_size.into(),
            d.land_mu.into(),
            d.established_on.into(),
            d.address.clone().into(),
            created_by.into(),
            t.into(),
            t.into(),
        ])
        .returning_col("id")
        .take();
    insert_returning_id(&**tx, &q).await
}

/// What the list's `q` is matched against: the name, the credit code and the name's 拼音
/// initials, kept apart by `|` so a match never spans two of them.
pub(crate) fn search_text(name: &str, credit_code: &str) -> String {
    normalise_search(&format!("{name}|{credit_code}|{}", pinyin_initials(name)))
}

/// Updates a record the caller's scope reaches; false when it does not (or it is gone).
pub async fn update(tx: &WriteTx, scope: &Scope, id: i64, d: &EnterpriseData) -> DbResult<bool> {
    let in_scope =
        Query::select().column(("e", "id")).from_as("enterprise", "e").cond_where(scope::enterprise(scope)).take();
    let q = Query::update()
        .table("enterprise")
        .value("credit_code", d.credit_code.clone())
        .value("credit_code_warning", d.credit_code_warning)
        .value("name", d.name.clone())
        .value("search", search_text(&d.name, &d.credit_code))
        .value("park_id", d.park_id)
        .value("chain_id", d.chain_id)
        .value("industry_code", d.industry_code.clone())
        .value("above_size", d.above_size)
        .value("land_mu", d.land_mu)
        .value("established_on", d.established_on)
        .value("address", d.address.clone())
        .value("updated_at", now())
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("id").in_subquery(in_scope))
        .take();
    if tx.execute(&q).await?.rows_affected() == 0 {
        return Ok(false);
    }
    // A ticket's park is its enterprise's current park (the park scope reads tickets by it):
    // moving the enterprise moves its tickets, in the same transaction.
    let tickets = Query::update()
        .table("ticket")
        .value("park_id", d.park_id)
        .and_where(Expr::col("enterprise_id").eq(id))
        .cond_where(Cond::any().add(Expr::col("park_id").is_null()).add(Expr::col("park_id").ne(d.park_id)))
        .take();
    tx.execute(&tickets).await?;
    Ok(true)
}

pub async fn delete(tx: &WriteTx, scope: &Scope, id: i64) -> DbResult<bool> {
    let in_scope =
        Query::select().column(("e", "id")).from_as("enterprise", "e").cond_where(scope::enterprise(scope)).take();
    let q = Query::delete()
        .from_table("enterprise")
        .and_where(Expr::col("id").eq(id))
        .and_where(Expr::col("id").in_subquery(in_scope))
        .take();
    Ok(tx.execute(&q).await?.rows_affected() > 0)
}

#[derive(Clone, Debug, Serialize, PartialEq, FromQueryResult, utoipa::ToSchema)]
pub struct EntrepreneurRow {
    pub name: String,
    pub title: String,
    pub mobile: String,
    /// The honours (kept as JSON text).
    #[serde(serialize_with = "crate::shown::string_list")]
    #[schema(value_type = Vec<String>)]
    pub honors: String,
}

pub async fn replace_entrepreneurs(
    tx: &WriteTx,
    zone: i64,
    enterprise: i64,
    people: &[EntrepreneurRow],
) -> DbResult<()> {
    let del = Query::delete().from_table("entrepreneur").and_where(Expr::col("enterprise_id").eq(enterprise)).take();
    tx.execute(&del).await?;
    if people.is_empty() {
        return Ok(());
    }
    let mut q = Query::insert();
    q.into_table("entrepreneur").columns(["zone_id", "enterprise_id", "name", "title", "mobile", "honors", "sort"]);
    for (i, p) in people.iter().enumerate() {
        q.values_panic([
            zone.into(),
            enterprise.into(),
            p.name.clone().into(),
            p.title.clone().into(),
            p.mobile.clone().into(),
            p.honors.clone().into(),
            (i as i64).into(),
        ]);
    }
    tx.execute(&q).await?;
    Ok(())
}

/// Every enterprise figure of the cockpit in one pass over the scope: counts per tier (the same
/// conditions [`EnterpriseFilter::condition`] applies for a `tier` filter, so each count equals
/// its drill list's total) and the sums of sales and output.
#[derive(Clone, Debug, Default, FromQueryResult)]
pub struct TierCounts {
    pub total: i64,
    pub yi_plus: Option<i64>,
    pub shiyi_plus: Option<i64>,
    pub baiyi_plus: Option<i64>,
    pub double_baiyi: Option<i64>,
    pub new_shiyi: Option<i64>,
    pub new_yi: Option<i64>,
    pub sales_hi: Option<i64>,
    pub sales_lo: Option<i64>,
    pub output_hi: Option<i64>,
    pub output_lo: Option<i64>,
}

impl TierCounts {
    /// Sum of the year's sales (分), exact.
    pub fn sales(&self) -> Option<i128> {
        exact_sum(self.sales_hi, self.sales_lo)
    }
    pub fn output(&self) -> Option<i128> {
        exact_sum(self.output_hi, self.output_lo)
    }
}

pub async fn tier_counts(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &EnterpriseFilter,
    tiers: &TierThresholds,
) -> DbResult<TierCounts> {
    let (yi, shiyi, baiyi) = (tiers.yi.fen(), tiers.shiyi.fen(), tiers.baiyi.fen());
    let sales = || Expr::col(("y", "sales"));
    let prev = || Expr::col(("py", "sales"));
    let count_if = |c: Condition| sum_i64(Expr::case(c, 1).finally(0));
    let newly = |t: i64| Cond::all().add(sales().gte(t)).add(Cond::any().add(prev().is_null()).add(prev().lt(t)));
    let mut q = Query::select();
    q.expr_as(Expr::col(Asterisk).count(), "total")
        .expr_as(count_if(Cond::all().add(sales().gte(yi))), "yi_plus")
        .expr_as(count_if(Cond::all().add(sales().gte(shiyi))), "shiyi_plus")
        .expr_as(count_if(Cond::all().add(sales().gte(baiyi))), "baiyi_plus")
        .expr_as(
            count_if(Cond::all().add(sales().gte(baiyi)).add(Expr::col(("y", "output")).gte(baiyi))),
            "double_baiyi",
        )
        .expr_as(count_if(newly(shiyi)), "new_shiyi")
        .expr_as(count_if(newly(yi)), "new_yi")
        .expr_as(sum_high(Expr::col(("y", "sales"))), "sales_hi")
        .expr_as(sum_low(Expr::col(("y", "sales"))), "sales_lo")
        .expr_as(sum_high(Expr::col(("y", "output"))), "output_hi")
        .expr_as(sum_low(Expr::col(("y", "output"))), "output_lo");
    q.from_as("enterprise", "e");
    for (alias, year) in [("y", filter.year), ("py", filter.year - 1)] {
        q.join_as(
            JoinType::LeftJoin,
            "enterprise_year",
            alias,
            Cond::all()
                .add(Expr::col((alias, "enterprise_id")).equals(("e", "id")))
                .add(Expr::col((alias, "year")).eq(year)),
        );
    }
    // Tier conditions live in the CASEs above; the WHERE clause is scope and the other filters.
    q.cond_where(EnterpriseFilter { tier: None, ..filter.clone() }.condition(scope));
    let row = db.query_one(&q).await?;
    Ok(row.map(|r| TierCounts::from_query_result(&r, "")).transpose()?.unwrap_or_default())
}

/// Grouped sums for charts: by chain or by park, over the scope.
#[derive(Clone, Debug, Serialize, FromQueryResult, utoipa::ToSchema)]
pub struct GroupSums {
    pub key_id: Option<i64>,
    pub sales_hi: Option<i64>,
    pub sales_lo: Option<i64>,
    pub output_hi: Option<i64>,
    pub output_lo: Option<i64>,
    pub yi_plus: Option<i64>,
}

impl GroupSums {
    pub fn sales(&self) -> Option<i128> {
        exact_sum(self.sales_hi, self.sales_lo)
    }
    pub fn output(&self) -> Option<i128> {
        exact_sum(self.output_hi, self.output_lo)
    }
}

pub async fn sums_by(
    db: &impl ConnectionTrait,
    scope: &Scope,
    filter: &EnterpriseFilter,
    group_col: &'static str,
    tiers: &TierThresholds,
) -> DbResult<Vec<GroupSums>> {
    // Same rows as the cockpit's sums: every enterprise of the scope, its year's figures if any.
    let f = EnterpriseFilter { tier: None, ..filter.clone() };
    let mut q = Query::select();
    q.expr_as(Expr::col(("e", group_col)), "key_id")
        .expr_as(sum_high(Expr::col(("y", "sales"))), "sales_hi")
        .expr_as(sum_low(Expr::col(("y", "sales"))), "sales_lo")
        .expr_as(sum_high(Expr::col(("y", "output"))), "output_hi")
        .expr_as(sum_low(Expr::col(("y", "output"))), "output_lo")
        .expr_as(sum_i64(Expr::case(Expr::col(("y", "sales")).gte(tiers.yi.fen()), 1).finally(0)), "yi_plus");
    f.add_tables(&mut q, true);
    q.cond_where(f.condition(scope)).group_by_col(("e", Alias::new(group_col)));
    Ok(db.query_all(&q).await?.iter().map(|r| GroupSums::from_query_result(r, "")).collect::<Result<_, _>>()?)
}
