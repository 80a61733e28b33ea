//! An enterprise's figures as sheets: the zone's tier changes of a year, one enterprise's
//! monthly (and yearly) indicators.

use zoneops_app::enterprise::{IndicatorItem, TierEvent};
use zoneops_domain::metric::Metric;
use zoneops_sheet::write::{Column, Kind, Unit, Value};

use super::Plan;
use super::lists::yuan;

pub fn tier_events(year: i32) -> Plan<TierEvent> {
    Plan {
        name: "梯队变动",
        what: format!("企业梯队变动（{} 年较 {} 年）", year, year - 1),
        columns: vec![
            Column::text("企业名称").width(34.0),
            Column::text("园区"),
            Column::new("年份", Kind::Integer),
            Column::text("变动").width(8.0),
            Column::text("原梯队"),
            Column::text("新梯队"),
            // Tiers are drawn in 亿元 (亿元级, 10亿级, 百亿级): the sales read in the same unit.
            Column::new("营业收入", Kind::Money(Unit::Yi)),
            Column::new("上年营业收入", Kind::Money(Unit::Yi)),
        ],
        row: |e| {
            vec![
                e.name.clone().into(),
                e.park_name.clone().into(),
                e.year.into(),
                Value::Text(if e.to > e.from { "升级" } else { "降级" }.into()),
                Value::Text(e.from.label_zh().into()),
                Value::Text(e.to.label_zh().into()),
                yuan(e.sales),
                e.prev_sales.map_or(Value::Empty, yuan),
            ]
        },
    }
}

pub fn indicators(enterprise: &str) -> Plan<IndicatorItem> {
    Plan {
        name: "企业指标",
        what: format!("{enterprise} 月度指标"),
        // Money and the other measures in columns of their own, so each column has one type
        // and one unit (a sum over the money column is a sum of 万元).
        columns: vec![
            Column::text("期间").width(10.0),
            Column::text("指标"),
            Column::new("金额", Kind::Money(Unit::Wan)),
            Column::new("数量", Kind::Decimal),
            Column::text("单位").width(10.0),
        ],
        row: |i| {
            let metric = Metric::parse(&i.metric);
            let money = metric.is_some_and(Metric::is_money);
            vec![
                Value::Text(period(i.period)),
                Value::Text(metric.map_or_else(|| i.metric.clone(), |m| m.label_zh().to_owned())),
                if money { yuan(i.value) } else { Value::Empty },
                if money { Value::Empty } else { Value::Number(i.value) },
                Value::Text(if money { "万元" } else { metric.map_or("", Metric::unit_zh) }.to_owned()),
            ]
        },
    }
}

/// `202403` → `2024-03`, `2024` → `2024年`.
fn period(key: i64) -> String {
    if key >= 10_000 { format!("{}-{:02}", key / 100, key % 100) } else { format!("{key}年") }
}
