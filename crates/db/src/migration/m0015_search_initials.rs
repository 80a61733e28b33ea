//! The enterprise search text gains the name's 拼音 initials (晶澳 → "ja"), so the search box and the
//! list's keyword find an enterprise by what staff type first. Recomputed for every enterprise;
//! new and edited ones get it when they are written.

use sea_orm_migration::prelude::*;

pub struct M0015SearchInitials;

impl MigrationName for M0015SearchInitials {
    fn name(&self) -> &str {
        "m0015_search_initials"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for M0015SearchInitials {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let rows =
            db.query_all(&Query::select().columns(["id", "name", "credit_code"]).from("enterprise").take()).await?;
        for r in rows {
            let id: i64 = r.try_get("", "id")?;
            let name: String = r.try_get("", "name")?;
            let code: String = r.try_get("", "credit_code")?;
            let q = Query::update()
                .table("enterprise")
                .value("search", crate::enterprise::search_text(&name, &code))
                .and_where(Expr::col("id").eq(id))
                .take();
            db.execute(&q).await?;
        }
        Ok(())
    }
}
