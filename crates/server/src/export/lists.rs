//! Each list's sheet: its columns and how one of its rows reads. The columns follow the console's
//! table, with what a table hides for width (full credit codes, every stage date) spelled out.
//! Labels are Chinese: an export is a document handed on in the zone, whatever the screen's
//! language.

use zoneops_app::enterprise::EnterpriseView;
use zoneops_app::project::Project;
use zoneops_app::ticket::Ticket;
use zoneops_domain::Vocabulary;
use zoneops_domain::invest::ProjectCategory;
use zoneops_domain::project::ProjectStage;
use zoneops_domain::zone_time::local;
use zoneops_sheet::write::{Column, Kind, Unit, Value};

use super::Plan;

pub(super) fn yes_no(b: bool) -> Value {
    Value::Text(if b { "是" } else { "否" }.into())
}

/// An amount the JSON shows in 元 (a float), as 分 for a money column.
pub(super) fn yuan(v: f64) -> Value {
    Value::Fen((v * 100.0).round() as i64)
}

/// A stored code's Chinese label (the code itself if a newer version wrote one this one lacks).
pub(super) fn label<V: Vocabulary>(code: &str) -> Value {
    Value::Text(V::parse(code).map_or(code, |v| v.label(zoneops_domain::Lang::ZhCn)).to_owned())
}

pub fn enterprises(year: i32) -> Plan<EnterpriseView> {
    Plan {
        name: "企业名录",
        what: format!("企业名录（{year} 年数据）"),
        columns: vec![
            Column::text("企业名称").width(34.0),
            Column::text("统一社会信用代码").width(22.0),
            Column::text("园区"),
            Column::text("产业链"),
            Column::text("行业代码").width(10.0),
            Column::text("行业名称").width(24.0),
            Column::text("规上"),
            Column::new("营业收入", Kind::Money(Unit::Wan)),
            Column::new("工业产值", Kind::Money(Unit::Wan)),
            Column::text("梯队"),
            Column::text("双百亿"),
            Column::new("用地（亩）", Kind::Decimal),
            Column::new("成立日期", Kind::Date),
            Column::text("地址").width(30.0),
        ],
        row: |e| {
            let r = &e.row;
            vec![
                r.name.clone().into(),
                r.credit_code.clone().into(),
                r.park_name.clone().into(),
                r.chain_name.clone().into(),
                r.industry_code.clone().into(),
                r.industry_name.clone().into(),
                yes_no(r.above_size),
                r.sales.map_or(Value::Empty, Value::Fen),
                r.output.map_or(Value::Empty, Value::Fen),
                Value::Text(e.tier.label_zh().into()),
                yes_no(e.double_baiyi),
                r.land_mu.map_or(Value::Empty, |m| Value::Number(m as f64 / 100.0)),
                r.established_on.into(),
                r.address.clone().into(),
            ]
        },
    }
}

pub fn projects() -> Plan<Project> {
    let mut columns = vec![
        Column::text("项目名称").width(30.0),
        Column::text("企业").width(28.0),
        Column::text("园区"),
        Column::text("产业链"),
        Column::text("类别"),
        Column::new("总投资", Kind::Money(Unit::Yi)),
        Column::text("当前阶段"),
        Column::text("滞后"),
        Column::text("滞后阶段").width(20.0),
        Column::text("责任人"),
        Column::new("未解决问题", Kind::Integer),
    ];
    // Every stage's planned and actual date, in the template's order.
    for stage in ProjectStage::ALL {
        columns.push(Column::new(format!("{}·计划", stage.label_zh()), Kind::Date));
        columns.push(Column::new(format!("{}·实际", stage.label_zh()), Kind::Date));
    }
    Plan {
        name: "项目台账",
        what: "项目台账（含各阶段计划与实际日期）".into(),
        columns,
        row: |p| {
            let r = &p.row;
            let stage_label =
                |code: &str| ProjectStage::parse(code).map_or(code.to_owned(), |s| s.label_zh().to_owned());
            let mut v = vec![
                r.name.clone().into(),
                r.enterprise.clone().into(),
                r.park.clone().into(),
                r.chain.clone().into(),
                label::<ProjectCategory>(&r.category),
                Value::Fen(r.investment),
                Value::Text(stage_label(p.stage)),
                yes_no(p.late),
                Value::Text(p.late_stages.iter().map(|s| stage_label(s)).collect::<Vec<_>>().join("、")),
                r.owner.clone().into(),
                Value::Int(r.open_problems),
            ];
            for stage in ProjectStage::ALL {
                let found = p.stages.iter().find(|s| s.stage == stage.code());
                v.push(found.and_then(|s| s.planned_on).into());
                v.push(found.and_then(|s| s.actual_on).into());
            }
            v
        },
    }
}

pub fn tickets() -> Plan<Ticket> {
    Plan {
        name: "诉求工单",
        what: "诉求工单（含服务时限状态）".into(),
        columns: vec![
            Column::text("工单号").width(18.0),
            Column::text("标题").width(30.0),
            Column::text("企业").width(28.0),
            Column::text("类别"),
            Column::text("紧急程度").width(10.0),
            Column::text("渠道").width(10.0),
            Column::text("状态").width(10.0),
            Column::text("承办部门"),
            Column::new("受理时间", Kind::DateTime),
            Column::new("派单时间", Kind::DateTime),
            Column::new("办结时限", Kind::DateTime),
            Column::text("已超时").width(8.0),
            Column::text("督办等级").width(10.0),
            Column::new("办结时间", Kind::DateTime),
            Column::text("是否解决").width(10.0),
            Column::new("满意度", Kind::Integer),
            Column::text("联系人"),
            Column::text("联系电话").width(16.0),
        ],
        row: |t| {
            let r = &t.row;
            vec![
                r.no.clone().into(),
                r.title.clone().into(),
                r.enterprise.clone().or_else(|| Some(r.contact_company.clone()).filter(|c| !c.is_empty())).into(),
                t.category_label.clone().into(),
                t.priority_label.into(),
                t.channel_label.into(),
                t.state_label.into(),
                r.department.clone().into(),
                r.received_at.or(Some(r.created_at)).map(local).into(),
                r.dispatched_at.map(local).into(),
                t.sla.resolve_due.into(),
                yes_no(t.overdue),
                Value::Text(escalation(t.sla.level).into()),
                r.resolved_at.map(local).into(),
                r.solved.map_or(Value::Empty, yes_no),
                r.satisfaction.map_or(Value::Empty, |s| Value::Int(s.into())),
                r.contact_name.clone().into(),
                r.contact_phone.clone().into(),
            ]
        },
    }
}

fn escalation(level: zoneops_domain::sla::Escalation) -> &'static str {
    use zoneops_domain::sla::Escalation::*;
    match level {
        None => "",
        Reminder => "催办",
        Supervision => "督办",
        PublicNotice => "通报",
    }
}
