//! An audit entry as a person reads it: who did it (a name, or what the system was doing), what
//! was done to what, and each changed field by its label, with codes shown as their words and
//! ids as the names they stand for. The snapshots stay as they were written (the hash chain
//! covers them); this is only how they read. Labels live here, beside the writes they describe,
//! so that no screen shows `department_id: 5` or `stage: signed` (issue #15); the API test
//! `audit_shown::every_change_reads_in_words` sweeps the log after real writes of every module.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::Value;
use zoneops_db::audit::{AuditRow, Named};
use zoneops_domain::invest::{ActivityKind, LeadKind, LeadSource, LeadStage, ProjectCategory};
use zoneops_domain::meeting::MeetingKind;
use zoneops_domain::notification::NotificationKind;
use zoneops_domain::project::ProjectStage;
use zoneops_domain::ticket::{Channel, Priority, TicketState};
use zoneops_domain::{Lang, Permission, Vocabulary};

use crate::ticket_category::Categories;
use crate::{AppResult, Ctx};

/// One field that differs between the snapshots before and after.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct AuditChange {
    /// The field as stored (for filters and exports).
    pub field: String,
    pub label: String,
    /// The value as a person reads it; null when the field was empty or absent.
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Fields that say nothing a reader needs: bookkeeping, and what is derived from another field
/// already shown (a park's name beside its id, a flag computed from the figures).
const SILENT: [&str; 10] = [
    "updated_at",
    "created_at",
    "id",
    "zone_id",
    "version",
    "park_name",
    "chain_name",
    "industry_name",
    "credit_code_warning",
    "double_baiyi",
];

/// Accounts that are not people: the demo loader, the public hotline, the server's command line.
fn system_actor(actor: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match actor {
        "demo" => ("演示数据导入", "Demo data loader"),
        "hotline" => ("热线来电（公众）", "Hotline caller (public)"),
        "cli" => ("服务器命令行", "Server command line"),
        "system" | "notifier" => ("系统自动", "System"),
        _ => return None,
    };
    Some(if lang == Lang::En { en } else { zh })
}

/// What was done: the write's action code in words.
pub fn action_label(action: &str, lang: Lang) -> Option<&'static str> {
    if let Some(a) = zoneops_domain::ticket::TicketAction::parse(action) {
        return Some(a.label(lang));
    }
    let (zh, en) = match action {
        "create" => ("新增", "Created"),
        "update" => ("修改", "Updated"),
        "delete" => ("删除", "Deleted"),
        "save" => ("保存", "Saved"),
        "stage" => ("更新节点", "Stage dates updated"),
        "move" => ("变更阶段", "Stage moved"),
        "update_indicators" => ("填报指标", "Indicators entered"),
        "urge" => ("催办", "Urged"),
        "issue" => ("编发文件", "Document issued"),
        "rate" => ("评价", "Rated"),
        "attach" => ("上传附件", "Attachment added"),
        "agenda" => ("修改议程", "Agenda changed"),
        "reorder" => ("调整顺序", "Reordered"),
        "activate" => ("启用", "Activated"),
        "deactivate" => ("停用", "Deactivated"),
        "login" => ("登录", "Signed in"),
        "login_failed" => ("登录失败", "Sign-in failed"),
        "login_password_ok" => ("密码正确（待双因素验证）", "Password accepted (second factor pending)"),
        "logout" => ("退出", "Signed out"),
        "logout_everywhere" => ("全部会话下线", "Signed out everywhere"),
        "session_end" => ("会话下线", "Session ended"),
        "lock" => ("锁定", "Locked"),
        "unlock" => ("解锁", "Unlocked"),
        "password" | "reset_password" => ("重置密码", "Password reset"),
        "change_password" => ("修改密码", "Password changed"),
        "password_change_failed" => ("修改密码失败", "Password change failed"),
        "second_factor_begin" => ("开始绑定双因素", "Second factor enrolment started"),
        "second_factor_enrol" => ("绑定双因素", "Second factor enrolled"),
        "second_factor_failed" => ("双因素验证失败", "Second factor failed"),
        "second_factor_reset" => ("重置双因素", "Second factor reset"),
        "upsert" => ("填报", "Entered"),
        _ => return None,
    };
    Some(if lang == Lang::En { en } else { zh })
}

/// What it was done to.
pub fn entity_label(entity: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match entity {
        "enterprise" => ("企业", "Enterprise"),
        "indicator" => ("经济指标", "Indicator"),
        "user" => ("用户", "User"),
        "role" => ("角色", "Role"),
        "park" => ("园区", "Park"),
        "chain" => ("产业链", "Industry chain"),
        "department" => ("部门", "Department"),
        "goal" => ("培育目标", "Goal"),
        "session" => ("会话", "Session"),
        "lead" => ("招商线索", "Lead"),
        "activity" => ("招商活动", "Activity"),
        "invest_target" | "target" => ("任务目标", "Target"),
        "weekly_plan" => ("周计划", "Weekly plan"),
        "project" => ("项目", "Project"),
        "project_stage" => ("项目节点", "Project stage"),
        "project_progress" => ("项目进展", "Project progress"),
        "project_problem" => ("项目问题", "Project problem"),
        "ticket" => ("诉求工单", "Ticket"),
        "visit" => ("走访", "Visit"),
        "linkage" => ("挂钩关系", "Linkage"),
        "ticket_routing" => ("分派规则", "Routing rules"),
        "ticket_category" => ("问题类别", "Ticket category"),
        "sla_policy" => ("时限规则", "Service-level policy"),
        "calendar" => ("工作日历", "Working calendar"),
        "meeting" => ("会议", "Meeting"),
        "meeting_action" => ("交办事项", "Meeting action"),
        "robot" => ("群机器人", "Group robot"),
        "notification_preference" => ("消息设置", "Notification settings"),
        "document_issue" => ("文件期号", "Document number"),
        _ => return None,
    };
    Some(if lang == Lang::En { en } else { zh })
}

/// A field's label; `entity` first, for the few names that mean different things in different
/// records.
pub fn field_label(entity: &str, field: &str, lang: Lang) -> Option<&'static str> {
    let (zh, en) = match (entity, field) {
        ("lead" | "enterprise", "name" | "company") => ("企业名称", "Company"),
        ("project", "name") => ("项目名称", "Project name"),
        ("meeting" | "activity" | "meeting_action" | "project_problem", "title") => ("标题", "Title"),
        ("project", "state") => ("推进状态", "Progress state"),
        ("project" | "lead", "stage") => ("阶段", "Stage"),
        ("project", "category") => ("项目类别", "Project category"),
        ("ticket" | "ticket_category", "category") => ("问题类别", "Ticket category"),
        ("lead", "kind") => ("线索类型", "Lead kind"),
        ("activity", "kind") => ("活动类型", "Activity kind"),
        ("meeting", "kind") => ("会议类型", "Meeting kind"),
        ("ticket" | "visit", "reason") => ("原因", "Reason"),
        // Preferences are stored as {kind: on}: the field is the kind of notice.
        ("document_issue", "kind") => ("文件", "Document"),
        ("document_issue", "year") => ("年度", "Year"),
        ("document_issue", "number") => ("期号", "Number"),
        ("document_issue", "period_key") => ("期间", "Period"),
        ("document_issue", "issued_at") => ("编发时间", "Issued at"),
        ("document_issue", "issued_by") => ("编发人", "Issued by"),
        ("notification_preference", kind) => return NotificationKind::parse(kind).map(|k| k.label(lang)),
        (_, f) => return common_field(f).map(|(zh, en)| if lang == Lang::En { en } else { zh }),
    };
    Some(if lang == Lang::En { en } else { zh })
}

fn common_field(field: &str) -> Option<(&'static str, &'static str)> {
    Some(match field {
        "name" => ("名称", "Name"),
        "code" => ("代码", "Code"),
        "label" => ("名称", "Label"),
        "title" => ("标题", "Title"),
        "state" => ("状态", "State"),
        "stage" => ("阶段", "Stage"),
        "kind" => ("类型", "Kind"),
        "category" => ("类别", "Category"),
        "reason" => ("原因", "Reason"),
        "note" | "notes" => ("备注", "Notes"),
        "credit_code" => ("统一社会信用代码", "Credit code"),
        "park_id" | "park" => ("所属园区", "Park"),
        "chain_id" | "chain" => ("产业链", "Industry chain"),
        "department_id" | "department" => ("部门", "Department"),
        "enterprise_id" | "enterprise" => ("企业", "Enterprise"),
        "enterprise_ids" | "enterprises" => ("关联企业", "Enterprises"),
        "project_id" | "project" => ("项目", "Project"),
        "lead_id" | "lead" => ("来源线索", "Lead"),
        "owner_id" | "owner" => ("负责人", "Owner"),
        "user_id" | "user" => ("用户", "User"),
        "assignee_id" | "assignee" => ("责任人", "Assignee"),
        "cadre_id" | "cadre" => ("走访干部", "Cadre"),
        "industry_code" => ("所属行业", "Industry"),
        "contact_company" | "company_name" => ("诉求企业", "Company"),
        "on" => ("日期", "Date"),
        "above_size" => ("规上企业", "Above designated size"),
        "land_mu" => ("用地面积（亩）", "Land (mu)"),
        "established_on" => ("成立日期", "Established on"),
        "address" => ("地址", "Address"),
        "entrepreneurs" => ("企业家", "Entrepreneurs"),
        "codename" => ("代号", "Codename"),
        "confidential" => ("保密", "Confidential"),
        "source" => ("线索来源", "Source"),
        "intended_investment" => ("意向投资额（元）", "Intended investment (yuan)"),
        "investment" => ("总投资（元）", "Investment (yuan)"),
        "stage_since" => ("进入本阶段", "In stage since"),
        "lost_reason" => ("流失原因", "Reason lost"),
        "contact_name" | "contact" => ("联系人", "Contact"),
        "contact_phone" | "phone" => ("联系电话", "Phone"),
        "signed_on" => ("签约日期", "Signed on"),
        "planned" | "planned_on" => ("计划日期", "Planned date"),
        "actual" | "actual_on" => ("实际日期", "Actual date"),
        "content" => ("内容", "Content"),
        "detail" => ("问题描述", "Details"),
        "resolution" => ("办理结果", "Resolution"),
        "solved" => ("是否解决", "Solved"),
        "satisfaction" => ("满意度", "Satisfaction"),
        "comment" => ("评价意见", "Comment"),
        "channel" => ("来源渠道", "Channel"),
        "priority" => ("紧急程度", "Priority"),
        "no" => ("工单编号", "Ticket number"),
        "subject" => ("诉求标题", "Subject"),
        "requester" | "requester_name" => ("诉求人", "Requester"),
        "received_at" => ("受理时间", "Received at"),
        "visited_at" | "visited_on" => ("走访时间", "Visited at"),
        "late_reason" => ("补录原因", "Reason for late entry"),
        "findings" => ("走访情况", "Findings"),
        "people_met" => ("接待人员", "People met"),
        "ticket_id" | "ticket" => ("发现问题（工单）", "Ticket raised"),
        "held_on" => ("会议日期", "Held on"),
        "location" => ("地点", "Location"),
        "chair" => ("主持人", "Chair"),
        "participants" => ("参加人员", "Participants"),
        "minutes" => ("会议纪要", "Minutes"),
        "due_on" => ("完成期限", "Due on"),
        "done_on" => ("完成日期", "Done on"),
        "start_on" => ("开始日期", "Starts on"),
        "end_on" => ("结束日期", "Ends on"),
        "counterpart" => ("对接企业/客商", "Counterpart"),
        "outcome" => ("活动成果", "Outcome"),
        "year" => ("年度", "Year"),
        "period" => ("期间", "Period"),
        "week" => ("周次", "Week"),
        "items" => ("事项", "Items"),
        "signed_count" => ("签约项目数", "Projects signed"),
        "signed_amount" => ("签约金额（元）", "Amount signed (yuan)"),
        "tier" => ("梯队", "Tier"),
        "target" | "target_count" => ("目标数", "Target"),
        "base_year" => ("基期年", "Base year"),
        "deadline_year" => ("目标年", "Target year"),
        "enabled" | "active" => ("启用", "Enabled"),
        "url" => ("Webhook地址", "Webhook address"),
        "secret" => ("加签密钥", "Signing secret"),
        "reach" => ("推送范围", "Reach"),
        "username" => ("用户名", "User name"),
        "display_name" => ("姓名", "Name"),
        "role" | "role_code" => ("角色", "Role"),
        "scope" => ("数据范围", "Data scope"),
        "locked" | "locked_until" => ("锁定", "Locked"),
        "permissions" => ("权限", "Permissions"),
        "session" => ("会话", "Session"),
        "sessions_ended" => ("下线会话数", "Sessions ended"),
        "second_factor" => ("双因素", "Second factor"),
        "enrolled" => ("已绑定双因素", "Second factor enrolled"),
        "file" | "files" | "file_name" | "name_of_file" => ("附件", "Attachment"),
        "size" => ("大小（字节）", "Size (bytes)"),
        "attachment_id" | "photo_id" => ("文件编号", "File number"),
        "content_type" => ("文件类型", "File type"),
        "sha256" => ("校验值（SHA-256）", "Checksum (SHA-256)"),
        "sort" => ("排序", "Order"),
        "holidays" => ("放假日", "Holidays"),
        "workdays" | "make_up_days" => ("调休上班日", "Make-up working days"),
        "dingtalk" => ("钉钉", "DingTalk"),
        "progress" => ("进展", "Progress"),
        "hours" | "resolve_hours" => ("办理时限（工作小时）", "Resolve limit (working hours)"),
        _ => return None,
    })
}

/// Which vocabulary a code field belongs to.
fn vocabulary_word(entity: &str, field: &str, code: &str, lang: Lang) -> Option<&'static str> {
    fn w<V: Vocabulary>(code: &str, lang: Lang) -> Option<&'static str> {
        V::parse(code).map(|v| v.label(lang))
    }
    match (entity, field) {
        ("lead", "stage") => w::<LeadStage>(code, lang),
        ("project", "stage") => w::<ProjectStage>(code, lang),
        ("lead", "kind") => w::<LeadKind>(code, lang),
        ("lead", "source") => w::<LeadSource>(code, lang),
        ("activity", "kind") => w::<ActivityKind>(code, lang),
        ("meeting", "kind") => w::<MeetingKind>(code, lang),
        ("project", "category") => w::<ProjectCategory>(code, lang),
        ("ticket", "state") => w::<TicketState>(code, lang),
        (_, "channel") => w::<Channel>(code, lang),
        (_, "priority") => w::<Priority>(code, lang),
        (_, "permissions") => w::<Permission>(code, lang),
        _ => None,
    }
}

/// The kind of record an id field points to.
fn named_by(field: &str) -> Option<Named> {
    Some(match field {
        "park_id" => Named::Park,
        "department_id" => Named::Department,
        "chain_id" => Named::Chain,
        "owner_id" | "user_id" | "assignee_id" | "cadre_id" => Named::User,
        "enterprise_id" | "enterprise_ids" => Named::Enterprise,
        "project_id" => Named::Project,
        _ => return None,
    })
}

type Snapshot = BTreeMap<String, Value>;

/// A snapshot as fields: an object as it is; anything else (a list of codes, a number) as one
/// field `content`.
fn snapshot(v: Option<&str>) -> Option<Snapshot> {
    let v: Value = serde_json::from_str(v?).ok()?;
    Some(match v {
        Value::Null => return None,
        Value::Object(m) => m.into_iter().collect(),
        other => BTreeMap::from([("content".to_owned(), other)]),
    })
}

fn blank(v: Option<&Value>) -> bool {
    matches!(v, None | Some(Value::Null)) || v.and_then(Value::as_str) == Some("")
}

/// The names the page's snapshots point to, looked up once per kind, and the industries' names.
struct Names(HashMap<(Named, i64), String>, HashMap<String, String>);

impl Names {
    async fn of(ctx: &Ctx, zone: i64, rows: &[(Option<Snapshot>, Option<Snapshot>)]) -> AppResult<Names> {
        let mut wanted: HashMap<Named, Vec<i64>> = HashMap::new();
        let mut industries = HashMap::new();
        for (b, a) in rows {
            for snap in [b, a].into_iter().flatten() {
                for (field, v) in snap {
                    if let (Some(code), true) = (v.as_str(), field == "industry_code") {
                        industries.entry(code.to_owned()).or_insert_with(String::new);
                    }
                    let Some(kind) = named_by(field) else { continue };
                    let ids = wanted.entry(kind).or_default();
                    match v {
                        Value::Number(n) => ids.extend(n.as_i64()),
                        Value::Array(xs) => ids.extend(xs.iter().filter_map(Value::as_i64)),
                        _ => {}
                    }
                }
            }
        }
        let mut out = HashMap::new();
        for (kind, mut ids) in wanted {
            ids.sort_unstable();
            ids.dedup();
            for (id, name) in zoneops_db::audit::names(ctx.db.conn(), zone, kind, &ids).await? {
                out.insert((kind, id), name);
            }
        }
        let codes: Vec<&str> = industries.keys().map(String::as_str).collect();
        let named = zoneops_db::reference::industries_of(ctx.db.conn(), &codes).await?;
        for row in named {
            industries.insert(row.code, row.name);
        }
        Ok(Names(out, industries))
    }
}

struct Reader<'a> {
    lang: Lang,
    names: &'a Names,
    categories: &'a Categories,
}

impl Reader<'_> {
    fn value(&self, entity: &str, field: &str, v: Option<&Value>) -> Option<String> {
        if blank(v) {
            return None;
        }
        let v = v?;
        if let Some(kind) = named_by(field) {
            let one = |v: &Value| match v.as_i64() {
                Some(id) => self.names.0.get(&(kind, id)).cloned().unwrap_or_else(|| self.gone(id)),
                None => self.plain(v),
            };
            return Some(match v {
                Value::Array(xs) => xs.iter().map(one).collect::<Vec<_>>().join("、"),
                v => one(v),
            });
        }
        if let (Some(code), "industry_code") = (v.as_str(), field) {
            return Some(match self.names.1.get(code).filter(|n| !n.is_empty()) {
                Some(name) => format!("{code} {name}"),
                None => code.to_owned(),
            });
        }
        let category =
            v.as_str().filter(|_| entity == "ticket" && field == "category").map(|c| self.categories.label(c));
        if let Some(label) = category.filter(|l| !l.is_empty()) {
            return Some(label);
        }
        if let Some(word) = v.as_str().and_then(|code| vocabulary_word(entity, field, code, self.lang)) {
            return Some(word.to_owned());
        }
        if let Value::Array(xs) = v {
            return Some(
                xs.iter()
                    .map(|x| match x.as_str().and_then(|c| vocabulary_word(entity, field, c, self.lang)) {
                        Some(word) => word.to_owned(),
                        None => self.plain(x),
                    })
                    .collect::<Vec<_>>()
                    .join("、"),
            );
        }
        Some(self.plain(v))
    }

    /// An id whose record no longer exists.
    fn gone(&self, id: i64) -> String {
        if self.lang == Lang::En { format!("(deleted, no. {id})") } else { format!("（已删除，编号{id}）") }
    }

    fn plain(&self, v: &Value) -> String {
        match v {
            Value::Bool(b) => {
                (if self.lang == Lang::En { ["No", "Yes"] } else { ["否", "是"] })[usize::from(*b)].into()
            }
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Object(m) => m
                .iter()
                .filter(|(_, v)| !blank(Some(v)))
                .map(|(k, v)| format!("{}：{}", field_label("", k, self.lang).unwrap_or(k), self.plain(v)))
                .collect::<Vec<_>>()
                .join("；"),
            Value::Array(xs) => xs.iter().map(|x| self.plain(x)).collect::<Vec<_>>().join("、"),
            Value::Null => String::new(),
        }
    }

    fn changes(&self, entity: &str, before: Option<&Snapshot>, after: Option<&Snapshot>) -> Vec<AuditChange> {
        let mut fields: Vec<&String> = before.iter().chain(after.iter()).flat_map(|s| s.keys()).collect();
        fields.sort();
        fields.dedup();
        fields
            .into_iter()
            .filter(|f| !SILENT.contains(&f.as_str()))
            .filter_map(|f| {
                let (b, a) = (before.and_then(|s| s.get(f)), after.and_then(|s| s.get(f)));
                if b == a || (blank(b) && blank(a)) {
                    return None;
                }
                Some(AuditChange {
                    field: f.clone(),
                    label: field_label(entity, f, self.lang).unwrap_or(f).to_owned(),
                    before: self.value(entity, f, b),
                    after: self.value(entity, f, a),
                })
            })
            .collect()
    }
}

/// What the log's readers see beside each row.
pub struct Shown {
    pub actor_label: String,
    pub action_label: String,
    pub entity_label: String,
    pub changes: Vec<AuditChange>,
}

/// Reads a page of rows in words: names for the ids of the whole page in one lookup per kind.
pub async fn read(ctx: &Ctx, zone: i64, lang: Lang, rows: &[AuditRow]) -> AppResult<Vec<Shown>> {
    let snaps: Vec<_> = rows.iter().map(|r| (snapshot(r.before.as_deref()), snapshot(r.after.as_deref()))).collect();
    let names = Names::of(ctx, zone, &snaps).await?;
    let categories = Categories::of_zone(ctx, zone).await?;
    let mut people = Vec::new();
    for r in rows {
        people.extend(r.actor_id);
    }
    people.sort_unstable();
    people.dedup();
    let people = zoneops_db::audit::names(ctx.db.conn(), zone, Named::User, &people).await?;
    let reader = Reader { lang, names: &names, categories: &categories };
    Ok(rows
        .iter()
        .zip(&snaps)
        .map(|(r, (b, a))| Shown {
            actor_label: match (r.actor_id.and_then(|id| people.get(&id)), system_actor(&r.actor, lang)) {
                (Some(name), _) if name != &r.actor => format!("{name}（{}）", r.actor),
                (_, Some(system)) => system.to_owned(),
                _ => r.actor.clone(),
            },
            action_label: action_label(&r.action, lang).unwrap_or(&r.action).to_owned(),
            entity_label: entity_label(&r.entity, lang).unwrap_or(&r.entity).to_owned(),
            changes: reader.changes(&r.entity, b.as_ref(), a.as_ref()),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every audit call in this crate whose action and entity are literals: each has words in
    /// both languages, so a new write cannot put a bare code in the log.
    #[test]
    fn every_literal_action_and_entity_in_the_code_has_words() {
        fn sources(dir: &std::path::Path, out: &mut Vec<String>) {
            for e in std::fs::read_dir(dir).unwrap().flatten() {
                let p = e.path();
                if p.is_dir() {
                    sources(&p, out);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    out.push(std::fs::read_to_string(&p).unwrap());
                }
            }
        }
        let mut files = Vec::new();
        sources(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut files);
        let (mut seen, mut missing) = (0, Vec::new());
        for text in &files {
            for call in text.split(".audit(").skip(1) {
                // (transaction, action, entity, …): only literal arguments can be checked here.
                let args: Vec<&str> = call.splitn(4, ',').take(3).map(str::trim).collect();
                let literal = |s: &str| s.strip_prefix('"').and_then(|s| s.strip_suffix('"')).map(str::to_owned);
                if let Some(action) = args.get(1).and_then(|a| literal(a)) {
                    seen += 1;
                    if action_label(&action, Lang::ZhCn).is_none() {
                        missing.push(format!("action {action}"));
                    }
                }
                if let Some(entity) =
                    args.get(2).and_then(|a| literal(a)).filter(|e| entity_label(e, Lang::ZhCn).is_none())
                {
                    missing.push(format!("entity {entity}"));
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "audit codes without words: {missing:?}");
        assert!(seen > 40, "the scan found the audit calls ({seen})");
        for kind in ["park", "department", "chain"] {
            assert!(entity_label(kind, Lang::ZhCn).is_some(), "dictionary {kind}");
        }
    }

    #[test]
    fn codes_and_flags_read_as_words() {
        let names = Names(HashMap::from([((Named::Park, 3), "绿色光电产业园".to_owned())]), HashMap::new());
        let categories = Categories::empty();
        let r = Reader { lang: Lang::ZhCn, names: &names, categories: &categories };
        let before = snapshot(Some(r#"{"stage":"negotiation","park_id":3,"confidential":false,"updated_at":"x"}"#));
        let after = snapshot(Some(r#"{"stage":"signed","park_id":9,"confidential":true,"updated_at":"y"}"#));
        let changes = r.changes("lead", before.as_ref(), after.as_ref());
        let shown: Vec<_> =
            changes.iter().map(|c| (c.label.as_str(), c.before.as_deref(), c.after.as_deref())).collect();
        assert_eq!(
            shown,
            [
                ("保密", Some("否"), Some("是")),
                ("所属园区", Some("绿色光电产业园"), Some("（已删除，编号9）")),
                ("阶段", Some("洽谈"), Some("签约")),
            ]
        );
        // A list snapshot (the new order of categories) is one field, `content`.
        let c = r.changes("ticket_category", None, snapshot(Some(r#"["a","b"]"#)).as_ref());
        assert_eq!((c[0].label.as_str(), c[0].after.as_deref()), ("内容", Some("a、b")));
    }
}
