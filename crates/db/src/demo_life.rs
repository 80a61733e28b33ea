//! The demo's recent life, so every role's pages show what a working zone has on its load date:
//! the weekly 调度会 of the last weeks held with minutes and decisions (some done, some open, one
//! overdue), next Monday's planned, and the liaison cadre's visits of the last year.
//! Deterministic from the load date.

use chrono::{Datelike, Duration, NaiveDate};
use zoneops_domain::meeting::{AgendaItemKind, MeetingKind};

use crate::meeting::{ActionData, MeetingData, insert, insert_action, set_action_status, set_items};
use crate::{DbResult, WriteTx};

/// Decisions a weekly meeting hands out: (what, department code, days given).
const DECISIONS: &[(&str, &str, i64)] = &[
    ("协调解决{e}新厂房用地指标，形成供地方案", "land", 14),
    ("督促{e}环评批复，明确完成时限", "approval", 7),
    ("对接{e}技术工人招聘，组织专场招聘会", "hr", 10),
    ("落实{e}技改项目贴息资金拨付", "finance", 10),
    ("协调{e}员工子女入学", "edu", 21),
    ("推进{e}人才公寓配租", "housing", 14),
];

/// The Monday on or before `d`.
fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(d.weekday().num_days_from_monday() as i64)
}

/// Loads the weekly meetings: the last `weeks` Mondays before `today` held, the next planned.
/// `enterprises` names the companies the decisions are about; `departments` maps a department
/// code to its id; `by` is the service centre's account.
pub async fn load_meetings(
    tx: &WriteTx,
    zone: i64,
    today: NaiveDate,
    enterprises: &[String],
    departments: &[(&str, i64)],
    by: i64,
) -> DbResult<usize> {
    let weeks = 6;
    let this_monday = monday_of(today);
    let dept = |code: &str| departments.iter().find(|d| d.0 == code).map(|d| d.1);
    let mut made = 0;
    let mut decision = 0usize;
    for w in (1..=weeks).rev() {
        let held_on = this_monday - Duration::weeks(w);
        let no = weeks - w + 1;
        let data = MeetingData {
            kind: MeetingKind::Weekly,
            title: format!("{}年第{}周项目调度会", held_on.year(), held_on.iso_week().week()),
            held_on,
            location: "管委会三楼会议室".into(),
            chair: "管委会主任".into(),
            status: "held".into(),
            minutes: format!(
                "会议听取了重点项目推进和企业诉求办理情况汇报（第{no}次调度）。会议要求：各责任单位对逾期事项逐项销号，\
                 本周内报送进展；对企业反映的共性问题，由企业服务中心牵头集中会办。"
            ),
        };
        let meeting = insert(tx, zone, &data, by).await?;
        let mut agenda = Vec::new();
        let mut actions = Vec::new();
        for k in 0..2 {
            let (text, dept_code, days) = DECISIONS[decision % DECISIONS.len()];
            let company = &enterprises[(decision * 7 + k) % enterprises.len().max(1)];
            decision += 1;
            let title = text.replace("{e}", company);
            agenda.push((AgendaItemKind::Custom.code().to_owned(), None, title.clone(), String::new()));
            actions.push((title, dept(dept_code), held_on + Duration::days(days)));
        }
        set_items(tx, zone, meeting, &agenda).await?;
        for (i, (title, department, due_on)) in actions.into_iter().enumerate() {
            let id = insert_action(
                tx,
                zone,
                meeting,
                &ActionData { title, assignee_id: None, department_id: department, due_on, note: String::new() },
            )
            .await?;
            // Older decisions are mostly done; the recent ones open (one of them past its date).
            let done = w > 2 && (i == 0 || w > 4);
            if done {
                let done_on = (due_on - Duration::days(2)).min(today - Duration::days(1));
                set_action_status(tx, zone, id, Some(done_on), "已按期办结，相关材料已归档").await?;
            }
        }
        made += 1;
    }
    let next = this_monday + Duration::weeks(1);
    let planned = MeetingData {
        kind: MeetingKind::Weekly,
        title: format!("{}年第{}周项目调度会", next.year(), next.iso_week().week()),
        held_on: next,
        location: "管委会三楼会议室".into(),
        chair: "管委会主任".into(),
        status: "planned".into(),
        minutes: String::new(),
    };
    insert(tx, zone, &planned, by).await?;
    Ok(made + 1)
}

/// What a cadre writes after a visit: (people met, findings).
const VISIT_NOTES: &[(&str, &str)] = &[
    ("总经理、生产副总", "订单饱满，产能利用率约九成；新产线设备已进场调试"),
    ("董事长", "企业计划明年扩产，关注用地指标和能耗指标"),
    ("人事经理", "一线技术工人缺口约50人，希望对接职业院校定向培养"),
    ("财务总监", "资金周转正常，关注技改贴息政策兑现进度"),
    ("总经理", "经营平稳，无新增诉求；对企业服务中心响应速度表示满意"),
];

/// The cadre's visits to its linked enterprises: one a quarter over the last year, and this
/// quarter only the first two (so 我的挂钩企业 shows who is still to be visited).
pub async fn load_visits(tx: &WriteTx, zone: i64, today: NaiveDate, cadre: i64, linked: &[i64]) -> DbResult<usize> {
    let quarter_start = |d: NaiveDate| NaiveDate::from_ymd_opt(d.year(), d.month0() / 3 * 3 + 1, 1).unwrap_or(d);
    let this_quarter = quarter_start(today);
    let mut made = 0;
    for (i, &enterprise) in linked.iter().enumerate() {
        for back in 0..4i64 {
            // the quarter `back` quarters ago, a visit in its second month
            let months = this_quarter.month0() as i64 + this_quarter.year() as i64 * 12 - back * 3;
            let (y, m) = ((months / 12) as i32, (months % 12) as u32 + 1);
            let mut on = NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(today) + Duration::days(35 + (i as i64 * 3));
            if back == 0 {
                if i >= 2 {
                    continue;
                }
                on = (today - Duration::days(3 + i as i64 * 5)).max(this_quarter);
            }
            if on >= today {
                continue;
            }
            let (people, findings) = VISIT_NOTES[(i + back as usize) % VISIT_NOTES.len()];
            let v = crate::visit::NewVisit {
                zone,
                cadre,
                enterprise,
                project: None,
                visited_on: on,
                visited_at: None,
                late_reason: None,
                people_met: people,
                findings,
                ticket: None,
                created_at: zoneops_domain::zone_time::day_start(on) + Duration::hours(17),
            };
            crate::visit::insert(tx, &v).await?;
            made += 1;
        }
    }
    Ok(made)
}
