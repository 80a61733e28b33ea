//! Driver errors arrive classified through a plain `?`: the use cases answer 409 for a duplicate
//! or a record still in use only if the conversion itself recognises them on both backends.

use rstest::rstest;
use zoneops_db::DbError;
use zoneops_db::reference::{self, Dict};

use super::{Backend, fresh, zone_with_parks};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn a_taken_unique_key_is_a_duplicate(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let tx = db.begin_write().await.unwrap();
    reference::insert_zone(&tx, "dup", "一区").await.unwrap();
    tx.commit().await.unwrap();
    let tx = db.begin_write().await.unwrap();
    let again = reference::insert_zone(&tx, "dup", "二区").await;
    assert!(matches!(again, Err(DbError::Duplicate { .. })), "{again:?}");
}

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn deleting_a_referenced_record_is_a_foreign_key_error(#[case] backend: Backend) {
    let Some(db) = fresh(backend).await else { return };
    let (zone, parks, _) = zone_with_parks(&db, 1).await;
    let tx = db.begin_write().await.unwrap();
    let gone = reference::delete_dict(&tx, zone, Dict::Park, parks[0]).await;
    assert!(matches!(gone, Err(DbError::ForeignKey(_))), "{gone:?}");
}
