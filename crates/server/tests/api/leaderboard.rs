//! 月度竞赛: the ranking follows exactly the rule the board publishes — the chosen measure, then
//! the other, then the name in 拼音 order — so ranks are distinct unless the rule cannot tell two
//! rows apart.

use reqwest::StatusCode;
use rstest::rstest;
use serde_json::{Value, json};

use crate::support::{Backend, park_id, spawn_app};

#[rstest]
#[case::sqlite(Backend::Sqlite)]
#[case::postgres(Backend::Postgres)]
#[tokio::test]
async fn ties_are_broken_by_the_published_rule_and_names_in_pinyin_order(#[case] backend: Backend) {
    let Some(app) = spawn_app(backend).await else { return };
    let admin = app.login("admin").await;
    // A month the demo has no signing in: two parks sign one project each of the same amount.
    let month = "2020-03";
    for (park, day) in [("auto", "2020-03-10"), ("pv", "2020-03-20")] {
        let id = park_id(&admin, park).await;
        let body = json!({"name": format!("{park}竞赛测试项目"), "park_id": id, "category": "advanced_manufacturing",
            "investment": 5.0e8, "signed_on": day});
        assert_eq!(admin.post("/api/v1/projects", &body).await.status(), StatusCode::CREATED);
    }
    for by in ["amount", "count"] {
        let board = admin.get_json(&format!("/api/v1/invest/leaderboard?month={month}&by={by}")).await;
        let rule = board["rule"].as_str().unwrap();
        assert!(rule.contains("再相同按名称拼音顺序"), "{rule}");
        let rows = board["rows"].as_array().unwrap();
        let names: Vec<&str> = rows.iter().map(|r| r["name"].as_str().unwrap()).collect();
        let ranks: Vec<u64> = rows.iter().map(|r| r["rank"].as_u64().unwrap()).collect();
        // 绿色光电 (lü) before 汽车 (qi): equal count and amount, so the name decides, and each
        // has its own rank; then the parks without a signing, by 拼音 too.
        assert_eq!(&names[..2], ["绿色光电产业园", "汽车及零部件产业园"], "{by}");
        assert_eq!(ranks, (1..=rows.len() as u64).collect::<Vec<_>>(), "{by}: distinct ranks {names:?}");
        let rest: Vec<&str> = names[2..].to_vec();
        let mut by_pinyin = rest.clone();
        by_pinyin.sort_by_key(|n| zoneops_db::pinyin_sort_key(n));
        assert_eq!(rest, by_pinyin, "{by}: the parks without a signing in 拼音 order");
        assert_eq!(rest.first(), Some(&"临港产业园"));
        let mut by_code_point = rest.clone();
        by_code_point.sort();
        assert_ne!(rest, by_code_point, "the 拼音 order is not the code-point order here");
    }
    // Checked row by row against the rule on a month with many signings.
    let busy = admin.get_json("/api/v1/invest/leaderboard?month=2022-06&subject=user&by=count").await;
    let rows: &Vec<Value> = busy["rows"].as_array().unwrap();
    assert!(rows.len() > 3, "{busy}");
    let key = |r: &Value| {
        (
            -r["signed_count"].as_i64().unwrap(),
            -(r["signed_amount"].as_f64().unwrap() * 100.0).round() as i64,
            zoneops_db::pinyin_sort_key(r["name"].as_str().unwrap()),
        )
    };
    for w in rows.windows(2) {
        assert!(key(&w[0]) <= key(&w[1]), "{} before {}", w[0], w[1]);
        let same = key(&w[0]) == key(&w[1]) && w[0]["name"] == w[1]["name"];
        assert_eq!(w[0]["rank"] == w[1]["rank"], same, "{} and {}", w[0], w[1]);
    }
}
