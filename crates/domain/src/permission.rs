//! Permissions and default roles as data, so roles stay admin-editable and
//! the checks in handlers stay plain string lookups.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct PermissionDef {
    pub code: &'static str,
    pub label_zh: &'static str,
    pub label_en: &'static str,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RoleDef {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub permissions: &'static [&'static str],
}

pub const COCKPIT_READ: &str = "cockpit:read";
pub const ENTERPRISE_READ: &str = "enterprise:read";
pub const ENTERPRISE_WRITE: &str = "enterprise:write";
pub const ENTERPRISE_DELETE: &str = "enterprise:delete";
pub const INDICATOR_WRITE: &str = "indicator:write";
pub const GOAL_READ: &str = "goal:read";
pub const GOAL_WRITE: &str = "goal:write";
pub const PARK_WRITE: &str = "park:write";
pub const CHAIN_WRITE: &str = "chain:write";
pub const DICTIONARY_WRITE: &str = "dictionary:write";
pub const USER_ADMIN: &str = "user:admin";
pub const ROLE_ADMIN: &str = "role:admin";
pub const AUDIT_READ: &str = "audit:read";
pub const LEAD_READ: &str = "lead:read";
pub const LEAD_WRITE: &str = "lead:write";
pub const TARGET_WRITE: &str = "target:write";
pub const PROJECT_READ: &str = "project:read";
pub const PROJECT_WRITE: &str = "project:write";
pub const TICKET_READ: &str = "ticket:read";
pub const TICKET_WRITE: &str = "ticket:write";
pub const TICKET_DISPATCH: &str = "ticket:dispatch";
pub const VISIT_READ: &str = "visit:read";
pub const VISIT_WRITE: &str = "visit:write";
pub const MEETING_READ: &str = "meeting:read";
pub const MEETING_WRITE: &str = "meeting:write";
/// Lockouts, second factors and sessions of other users (the 安全管理员's duty).
pub const SECURITY_ADMIN: &str = "security:admin";

const fn p(code: &'static str, label_zh: &'static str, label_en: &'static str) -> PermissionDef {
    PermissionDef { code, label_zh, label_en }
}

pub const PERMISSIONS: &[PermissionDef] = &[
    p(COCKPIT_READ, "查看驾驶舱", "View cockpit"),
    p(ENTERPRISE_READ, "查看企业", "View enterprises"),
    p(ENTERPRISE_WRITE, "编辑企业", "Edit enterprises"),
    p(ENTERPRISE_DELETE, "删除企业", "Delete enterprises"),
    p(INDICATOR_WRITE, "填报指标", "Report indicators"),
    p(GOAL_READ, "查看目标", "View goals"),
    p(GOAL_WRITE, "编辑目标", "Edit goals"),
    p(PARK_WRITE, "管理园区", "Manage parks"),
    p(CHAIN_WRITE, "管理产业链", "Manage industry chains"),
    p(DICTIONARY_WRITE, "管理数据字典", "Manage dictionaries"),
    p(USER_ADMIN, "管理用户", "Administer users"),
    p(ROLE_ADMIN, "管理角色", "Administer roles"),
    p(AUDIT_READ, "查看审计日志", "View audit log"),
    p(LEAD_READ, "查看招商线索", "View investment leads"),
    p(LEAD_WRITE, "编辑招商线索", "Edit investment leads"),
    p(TARGET_WRITE, "下达招商任务", "Set investment targets"),
    p(PROJECT_READ, "查看项目", "View projects"),
    p(PROJECT_WRITE, "编辑项目", "Edit projects"),
    p(TICKET_READ, "查看诉求工单", "View tickets"),
    p(TICKET_WRITE, "处理诉求工单", "Handle tickets"),
    p(TICKET_DISPATCH, "派单与服务规则", "Dispatch tickets, service rules"),
    p(VISIT_READ, "查看走访记录", "View visits"),
    p(VISIT_WRITE, "登记走访", "Record visits"),
    p(MEETING_READ, "查看会议", "View meetings"),
    p(MEETING_WRITE, "管理会议", "Manage meetings"),
    p(SECURITY_ADMIN, "安全管理（解锁、双因素、会话）", "Security (lockouts, second factors, sessions)"),
];

/// Every permission code, in `PERMISSIONS` order.
pub const ALL_PERMISSION_CODES: &[&str] = &[
    COCKPIT_READ,
    ENTERPRISE_READ,
    ENTERPRISE_WRITE,
    ENTERPRISE_DELETE,
    INDICATOR_WRITE,
    GOAL_READ,
    GOAL_WRITE,
    PARK_WRITE,
    CHAIN_WRITE,
    DICTIONARY_WRITE,
    USER_ADMIN,
    ROLE_ADMIN,
    AUDIT_READ,
    LEAD_READ,
    LEAD_WRITE,
    TARGET_WRITE,
    PROJECT_READ,
    PROJECT_WRITE,
    TICKET_READ,
    TICKET_WRITE,
    TICKET_DISPATCH,
    VISIT_READ,
    VISIT_WRITE,
    MEETING_READ,
    MEETING_WRITE,
    SECURITY_ADMIN,
];

/// The system administrator's list: everything but the audit log and security administration
/// (separation of duties, 三员分立: system, security and audit administrators are three people).
pub const ADMIN_PERMISSION_CODES: &[&str] = &[
    COCKPIT_READ,
    ENTERPRISE_READ,
    ENTERPRISE_WRITE,
    ENTERPRISE_DELETE,
    INDICATOR_WRITE,
    GOAL_READ,
    GOAL_WRITE,
    PARK_WRITE,
    CHAIN_WRITE,
    DICTIONARY_WRITE,
    USER_ADMIN,
    ROLE_ADMIN,
    LEAD_READ,
    LEAD_WRITE,
    TARGET_WRITE,
    PROJECT_READ,
    PROJECT_WRITE,
    TICKET_READ,
    TICKET_WRITE,
    TICKET_DISPATCH,
    VISIT_READ,
    VISIT_WRITE,
    MEETING_READ,
    MEETING_WRITE,
];

/// A role holding any of these holds keys: its users must have a second factor (when the
/// installation enforces it).
pub const SECOND_FACTOR_PERMISSIONS: &[&str] = &[USER_ADMIN, ROLE_ADMIN, AUDIT_READ, SECURITY_ADMIN];

pub const DEFAULT_ROLES: &[RoleDef] = &[
    RoleDef {
        code: "admin", name_zh: "系统管理员", name_en: "Administrator", permissions: ADMIN_PERMISSION_CODES
    },
    RoleDef { code: "auditor", name_zh: "审计管理员", name_en: "Audit administrator", permissions: &[AUDIT_READ] },
    RoleDef {
        code: "security",
        name_zh: "安全管理员",
        name_en: "Security administrator",
        permissions: &[SECURITY_ADMIN],
    },
    RoleDef {
        code: "leader",
        name_zh: "管委会领导",
        name_en: "Zone leader",
        permissions: &[
            COCKPIT_READ,
            ENTERPRISE_READ,
            GOAL_READ,
            GOAL_WRITE,
            AUDIT_READ,
            LEAD_READ,
            TARGET_WRITE,
            PROJECT_READ,
            TICKET_READ,
            VISIT_READ,
            MEETING_READ,
            MEETING_WRITE,
        ],
    },
    RoleDef {
        code: "park",
        name_zh: "园区管理员",
        name_en: "Park manager",
        permissions: &[
            ENTERPRISE_READ,
            ENTERPRISE_WRITE,
            INDICATOR_WRITE,
            COCKPIT_READ,
            GOAL_READ,
            LEAD_READ,
            LEAD_WRITE,
            TARGET_WRITE,
            PROJECT_READ,
            PROJECT_WRITE,
            TICKET_READ,
            TICKET_WRITE,
            VISIT_READ,
            VISIT_WRITE,
        ],
    },
    RoleDef {
        code: "service",
        name_zh: "企业服务中心",
        name_en: "Service centre",
        permissions: &[
            COCKPIT_READ,
            ENTERPRISE_READ,
            PROJECT_READ,
            TICKET_READ,
            TICKET_WRITE,
            TICKET_DISPATCH,
            VISIT_READ,
            MEETING_READ,
            MEETING_WRITE,
        ],
    },
    RoleDef {
        code: "dept",
        name_zh: "职能部门",
        name_en: "Department",
        permissions: &[ENTERPRISE_READ, TICKET_READ, TICKET_WRITE, COCKPIT_READ],
    },
    RoleDef {
        code: "investor",
        name_zh: "招商人员",
        name_en: "Investment promoter",
        permissions: &[ENTERPRISE_READ, LEAD_READ, LEAD_WRITE, PROJECT_READ, COCKPIT_READ],
    },
    RoleDef {
        code: "cadre",
        name_zh: "包联干部",
        name_en: "Liaison cadre",
        permissions: &[ENTERPRISE_READ, VISIT_READ, VISIT_WRITE, TICKET_WRITE],
    },
    RoleDef {
        code: "enterprise",
        name_zh: "企业用户",
        name_en: "Enterprise user",
        permissions: &[ENTERPRISE_READ, INDICATOR_WRITE, TICKET_READ, TICKET_WRITE],
    },
];

pub fn is_known_permission(code: &str) -> bool {
    PERMISSIONS.iter().any(|p| p.code == code)
}

pub fn permission_def(code: &str) -> Option<&'static PermissionDef> {
    PERMISSIONS.iter().find(|p| p.code == code)
}

pub fn default_role(code: &str) -> Option<&'static RoleDef> {
    DEFAULT_ROLES.iter().find(|r| r.code == code)
}

impl RoleDef {
    pub fn has(&self, permission: &str) -> bool {
        self.permissions.contains(&permission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn permission_table_is_consistent() {
        let codes: Vec<&str> = PERMISSIONS.iter().map(|p| p.code).collect();
        assert_eq!(codes, ALL_PERMISSION_CODES);
        let unique: BTreeSet<&str> = codes.iter().copied().collect();
        assert_eq!(unique.len(), codes.len());
        assert_eq!(codes.len(), 26);
        for p in PERMISSIONS {
            assert!(p.code.contains(':'));
            assert!(!p.label_zh.is_empty() && !p.label_en.is_empty());
        }
        assert!(is_known_permission("audit:read"));
        assert!(!is_known_permission("audit:write"));
        assert_eq!(permission_def("goal:write").map(|p| p.label_zh), Some("编辑目标"));
    }

    #[test]
    fn roles_only_use_known_permissions() {
        let mut codes = BTreeSet::new();
        for r in DEFAULT_ROLES {
            assert!(codes.insert(r.code), "duplicate role {}", r.code);
            let set: BTreeSet<_> = r.permissions.iter().collect();
            assert_eq!(set.len(), r.permissions.len(), "duplicate in {}", r.code);
            for p in r.permissions {
                assert!(is_known_permission(p), "{} has unknown {p}", r.code);
            }
        }
        assert_eq!(DEFAULT_ROLES.len(), 10);
    }

    #[test]
    fn role_contents() {
        let role = |c| default_role(c).unwrap();
        // Separation of duties: the system administrator neither reads the audit log nor
        // administers security; the auditor only reads; the security administrator only that.
        let admin = role("admin");
        assert_eq!(admin.permissions.len(), PERMISSIONS.len() - 2);
        assert!(!admin.has(AUDIT_READ) && !admin.has(SECURITY_ADMIN));
        assert_eq!(role("auditor").permissions, &[AUDIT_READ]);
        assert_eq!(role("security").permissions, &[SECURITY_ADMIN]);
        for r in ["admin", "auditor", "security"] {
            assert!(role(r).permissions.iter().any(|p| SECOND_FACTOR_PERMISSIONS.contains(p)), "{r} holds keys");
        }
        // Leader: every read plus goal/meeting/target writes, nothing else.
        let leader = role("leader");
        for p in PERMISSIONS.iter().filter(|p| p.code.ends_with(":read")) {
            assert!(leader.has(p.code), "leader lacks {}", p.code);
        }
        assert!(leader.has(GOAL_WRITE) && leader.has(MEETING_WRITE));
        assert!(!leader.has(ENTERPRISE_WRITE) && !leader.has(USER_ADMIN));
        assert!(role("park").has(INDICATOR_WRITE));
        assert!(!role("park").has(ENTERPRISE_DELETE));
        assert!(role("cadre").has(TICKET_WRITE) && !role("cadre").has(TICKET_READ));
        assert!(!role("enterprise").has(COCKPIT_READ));
        assert!(role("investor").has(LEAD_WRITE) && !role("investor").has(PROJECT_WRITE));
        assert!(role("dept").has(TICKET_WRITE) && !role("dept").has(TICKET_DISPATCH));
        assert!(role("service").has(TICKET_DISPATCH));
        assert!(default_role("nobody").is_none());
    }
}
