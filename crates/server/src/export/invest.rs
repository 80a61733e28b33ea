//! Investment attraction as sheets: leads, activities, targets and the leaderboard. Amounts are
//! in 亿元, as the console's columns show them.

use zoneops_app::invest::{Activity, Lead, Leaderboard, RankRow, Target};
use zoneops_domain::invest::{ActivityKind, LeadKind, LeadSource, LeadStage};
use zoneops_domain::zone_time::local;
use zoneops_sheet::write::{Column, Kind, Unit, Value};

use super::Plan;
use super::lists::{label, yes_no, yuan};

/// The leads as the caller's list shows them: a lead masked from the caller reads as its code
/// name, from the JSON view's own (already masked) fields — the file can hold nothing the list
/// withholds.
pub fn leads() -> Plan<Lead> {
    Plan {
        name: "招商线索",
        what: "招商线索".into(),
        columns: vec![
            Column::text("企业/项目").width(30.0),
            Column::text("代号").width(14.0),
            Column::text("保密").width(8.0),
            Column::text("阶段").width(10.0),
            Column::new("意向投资", Kind::Money(Unit::Yi)),
            Column::text("线索类型"),
            Column::text("线索来源"),
            Column::text("行业").width(24.0),
            Column::text("产业链"),
            Column::text("负责人"),
            Column::text("园区"),
            Column::new("进入本阶段", Kind::Date),
            Column::new("登记日期", Kind::Date),
            Column::text("联系人"),
            Column::text("联系电话").width(16.0),
            Column::text("流失原因").width(24.0),
        ],
        row: |l| {
            let r = &l.row;
            vec![
                r.company.clone().or_else(|| r.codename.clone()).into(),
                r.codename.clone().into(),
                yes_no(r.confidential || l.masked),
                label::<LeadStage>(&r.stage),
                Value::Fen(r.intended_investment),
                label::<LeadKind>(&r.kind),
                label::<LeadSource>(&r.source),
                r.industry_name.clone().or_else(|| r.industry_code.clone()).into(),
                r.chain.clone().into(),
                r.owner.clone().into(),
                r.park.clone().into(),
                r.stage_since.into(),
                local(r.created_at).date().into(),
                r.contact_name.clone().into(),
                r.contact_phone.clone().into(),
                r.lost_reason.clone().into(),
            ]
        },
    }
}

pub fn activities() -> Plan<Activity> {
    Plan {
        name: "招商活动",
        what: "招商活动".into(),
        columns: vec![
            Column::text("活动类型"),
            Column::text("活动标题").width(30.0),
            Column::new("开始日期", Kind::Date),
            Column::new("结束日期", Kind::Date),
            Column::new("天数", Kind::Integer),
            Column::text("地点"),
            Column::text("对接企业/客商").width(24.0),
            Column::text("参加人员").width(20.0),
            Column::text("负责人"),
            Column::text("所属园区"),
            Column::text("关联线索").width(24.0),
            Column::text("关联企业").width(24.0),
            Column::text("活动成果").width(30.0),
        ],
        row: |a| {
            let r = &a.row;
            let names =
                |of: &[zoneops_app::invest::Named]| of.iter().map(|n| n.name.as_str()).collect::<Vec<_>>().join("、");
            let participants: Vec<String> = serde_json::from_str(&r.participants).unwrap_or_default();
            vec![
                label::<ActivityKind>(&r.kind),
                r.title.clone().into(),
                r.start_on.into(),
                r.end_on.into(),
                a.days.into(),
                r.location.clone().into(),
                r.counterpart.clone().into(),
                participants.join("、").into(),
                r.owner.clone().into(),
                r.park.clone().into(),
                names(&a.leads).into(),
                names(&a.enterprises).into(),
                r.outcome.clone().into(),
            ]
        },
    }
}

pub fn targets() -> Plan<Target> {
    Plan {
        name: "任务目标",
        what: "招商任务目标与完成情况".into(),
        columns: vec![
            Column::text("考核对象").width(8.0),
            Column::text("园区/人员").width(20.0),
            Column::text("考核期").width(10.0),
            Column::new("起始日期", Kind::Date),
            Column::new("截止日期", Kind::Date),
            Column::new("签约项目数·目标", Kind::Integer),
            Column::new("签约项目数·完成", Kind::Integer),
            Column::new("签约项目数·完成率", Kind::Percent),
            Column::new("签约金额·目标", Kind::Money(Unit::Yi)),
            Column::new("签约金额·完成", Kind::Money(Unit::Yi)),
            Column::new("签约金额·完成率", Kind::Percent),
            Column::new("外出招商·目标", Kind::Integer),
            Column::new("外出招商·完成", Kind::Integer),
            Column::new("外出招商·完成率", Kind::Percent),
            Column::new("接待客商·目标", Kind::Integer),
            Column::new("接待客商·完成", Kind::Integer),
            Column::new("接待客商·完成率", Kind::Percent),
        ],
        row: |t| {
            let r = &t.row;
            let rate = |v: Option<f64>| v.map_or(Value::Empty, Value::Number);
            vec![
                Value::Text(if r.subject == "park" { "园区" } else { "个人" }.into()),
                if r.subject == "park" { r.park.clone() } else { r.user.clone() }.into(),
                r.period.clone().into(),
                r.period_from.into(),
                r.period_to.into(),
                r.signed_count.into(),
                t.actual.signed_count.into(),
                rate(t.rate.signed_count),
                Value::Fen(r.signed_amount),
                yuan(t.actual.signed_amount),
                rate(t.rate.signed_amount),
                r.trips.into(),
                t.actual.trips.into(),
                rate(t.rate.trips),
                r.receptions.into(),
                t.actual.receptions.into(),
                rate(t.rate.receptions),
            ]
        },
    }
}

/// The ranking's rows; the title says the period and the rule it ranks by.
pub fn leaderboard(board: &Leaderboard) -> Plan<RankRow> {
    let subject = if board.subject == "park" { "园区" } else { "招商人员" };
    Plan {
        name: "招商排名",
        what: format!("招商竞赛排名（{} 至 {}；{}）", board.from, board.to, board.rule),
        columns: vec![
            Column::new("名次", Kind::Integer),
            Column::text(subject).width(24.0),
            Column::new("签约项目（个）", Kind::Integer),
            Column::new("签约金额", Kind::Money(Unit::Yi)),
        ],
        row: |r| vec![(r.rank as i64).into(), r.name.clone().into(), r.signed_count.into(), yuan(r.signed_amount)],
    }
}
