use rstest::rstest;

use crate::support::{Backend, drill, figure, spawn_app};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn demo_2021_figures_come_from_the_records(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let s = app.login("leader").await;
    let c = s.get_json("/api/v1/cockpit?year=2021").await;
    assert_eq!(figure(&c, "enterprises.yi_plus"), 72.0);
    assert_eq!(figure(&c, "enterprises.double_baiyi"), 1.0);
    assert_eq!(figure(&c, "enterprises.new_shiyi"), 3.0);
    assert_eq!(figure(&c, "enterprises.new_yi"), 3.0);
    for key in [
        "enterprises.yi_plus",
        "enterprises.shiyi_plus",
        "enterprises.baiyi_plus",
        "enterprises.double_baiyi",
        "enterprises.total",
    ] {
        let list = s.get_json(&drill(&c, key)).await;
        assert_eq!(list["total"].as_f64().unwrap(), figure(&c, key), "drill of {key}");
    }
    let double = s.get_json(&drill(&c, "enterprises.double_baiyi")).await;
    assert!(double["items"][0]["name"].as_str().unwrap().contains("晶澳"));
    assert_eq!(double["items"][0]["output"].as_f64().unwrap(), 10_800_000_000.0);
    let new10: Vec<String> = s.get_json(&drill(&c, "enterprises.new_shiyi")).await["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap().to_owned())
        .collect();
    for n in ["宝胜", "李尔", "保来得"] {
        assert!(new10.iter().any(|x| x.contains(n)), "{n} in {new10:?}");
    }
}
