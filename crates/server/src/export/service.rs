//! Enterprise service and administration as sheets: visits, the quarter's coverage, meeting
//! actions, the audit log.

use zoneops_app::admin::AuditView;
use zoneops_app::meeting::Action;
use zoneops_app::visit::Coverage;
use zoneops_db::visit::{CoverageRow, VisitRow};
use zoneops_domain::zone_time::local;
use zoneops_sheet::write::{Column, Kind, Value};

use super::Plan;
use super::lists::yes_no;

pub fn visits() -> Plan<VisitRow> {
    Plan {
        name: "走访记录",
        what: "走访记录".into(),
        columns: vec![
            Column::new("走访日期", Kind::Date),
            Column::new("走访时间", Kind::DateTime),
            Column::text("走访企业").width(30.0),
            Column::text("走访干部"),
            Column::text("接待人员").width(20.0),
            Column::text("走访情况").width(40.0),
            Column::text("发现问题（工单号）").width(20.0),
            Column::text("补录原因").width(20.0),
            Column::new("登记时间", Kind::DateTime),
        ],
        row: |v| {
            vec![
                v.visited_on.into(),
                v.visited_at.map(local).into(),
                v.enterprise.clone().into(),
                v.cadre.clone().into(),
                v.people_met.clone().into(),
                v.findings.clone().into(),
                v.ticket_no.clone().into(),
                v.late_reason.clone().into(),
                local(v.created_at).into(),
            ]
        },
    }
}

/// The quarter's enterprises not visited, each with its park's name; the title carries the
/// quarter's figures.
pub fn coverage(c: &Coverage) -> Plan<(CoverageRow, String)> {
    let rate = (c.rate * 1000.0).round() / 10.0;
    Plan {
        name: "走访覆盖",
        what: format!(
            "{} 年第 {} 季度（{} 至 {}）未走访企业；四上企业已走访 {}/{} 家（{rate}%），挂钩企业已走访 {}/{} 家",
            c.year, c.quarter, c.from, c.to, c.above_size_visited, c.above_size, c.linked_visited, c.linked
        ),
        columns: vec![
            Column::text("企业名称").width(34.0),
            Column::text("园区"),
            Column::text("四上企业").width(10.0),
            Column::new("挂钩干部", Kind::Integer),
        ],
        row: |(r, park)| vec![r.enterprise.clone().into(), park.clone().into(), yes_no(r.above_size), r.linked.into()],
    }
}

pub fn meeting_actions() -> Plan<Action> {
    Plan {
        name: "交办事项",
        what: "会议交办事项".into(),
        columns: vec![
            Column::text("会议").width(24.0),
            Column::text("交办事项").width(34.0),
            Column::text("责任人"),
            Column::text("责任部门"),
            Column::new("完成时限", Kind::Date),
            Column::text("状态").width(10.0),
            Column::new("完成日期", Kind::Date),
            Column::text("备注 / 办理情况").width(30.0),
        ],
        row: |a| {
            let r = &a.row;
            let state = match (r.status.as_str(), a.overdue) {
                ("done", _) => "已完成",
                (_, true) => "已逾期",
                _ => "办理中",
            };
            vec![
                r.meeting.clone().into(),
                r.title.clone().into(),
                r.assignee.clone().into(),
                r.department.clone().into(),
                r.due_on.into(),
                state.into(),
                r.done_on.into(),
                r.note.clone().into(),
            ]
        },
    }
}

/// The audit log read in words (the JSON's labels, asked in Chinese), one line per changed field.
pub fn audit() -> Plan<AuditView> {
    Plan {
        name: "操作日志",
        what: "操作日志".into(),
        columns: vec![
            Column::new("时间", Kind::DateTime),
            Column::text("操作人").width(20.0),
            Column::text("操作").width(10.0),
            Column::text("对象").width(12.0),
            Column::text("对象编号").width(10.0),
            Column::text("变更内容").width(60.0),
            Column::text("IP").width(16.0),
            Column::text("请求编号").width(20.0),
        ],
        row: |a| {
            let changes = a
                .changes
                .iter()
                .map(|c| {
                    let shown = |v: &Option<String>| v.clone().unwrap_or_else(|| "（空）".into());
                    format!("{}：{} → {}", c.label, shown(&c.before), shown(&c.after))
                })
                .collect::<Vec<_>>()
                .join("\n");
            vec![
                local(a.row.at).into(),
                a.actor_label.clone().into(),
                a.action_label.clone().into(),
                a.entity_label.clone().into(),
                a.row.entity_id.clone().into(),
                Value::Text(changes),
                a.row.ip.clone().into(),
                a.row.request_id.clone().into(),
            ]
        },
    }
}
