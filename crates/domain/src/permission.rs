//! Permissions are a closed vocabulary (every check in the code names one); roles are data,
//! so admins edit which permissions a role holds. The default roles seed a new zone.

use serde::Serialize;

use crate::vocabulary;

vocabulary! {
    pub enum Permission("permission") {
        CockpitRead = "cockpit:read", "查看驾驶舱", "View cockpit";
        EnterpriseRead = "enterprise:read", "查看企业", "View enterprises";
        EnterpriseWrite = "enterprise:write", "编辑企业", "Edit enterprises";
        EnterpriseDelete = "enterprise:delete", "删除企业", "Delete enterprises";
        IndicatorWrite = "indicator:write", "填报指标", "Report indicators";
        GoalRead = "goal:read", "查看目标", "View goals";
        GoalWrite = "goal:write", "编辑目标", "Edit goals";
        ParkWrite = "park:write", "管理园区", "Manage parks";
        ChainWrite = "chain:write", "管理产业链", "Manage industry chains";
        DictionaryWrite = "dictionary:write", "管理数据字典", "Manage dictionaries";
        UserAdmin = "user:admin", "管理用户", "Administer users";
        RoleAdmin = "role:admin", "管理角色", "Administer roles";
        AuditRead = "audit:read", "查看审计日志", "View audit log";
        LeadRead = "lead:read", "查看招商线索", "View investment leads";
        LeadWrite = "lead:write", "编辑招商线索", "Edit investment leads";
        TargetWrite = "target:write", "下达招商任务", "Set investment targets";
        ProjectRead = "project:read", "查看项目", "View projects";
        ProjectWrite = "project:write", "编辑项目", "Edit projects";
        TicketRead = "ticket:read", "查看诉求工单", "View tickets";
        TicketWrite = "ticket:write", "处理诉求工单", "Handle tickets";
        TicketDispatch = "ticket:dispatch", "派单与服务规则", "Dispatch tickets, service rules";
        VisitRead = "visit:read", "查看走访记录", "View visits";
        VisitWrite = "visit:write", "登记走访", "Record visits";
        MeetingRead = "meeting:read", "查看会议", "View meetings";
        MeetingWrite = "meeting:write", "管理会议", "Manage meetings";
        /// Lockouts, second factors and sessions of other users (the 安全管理员's duty).
        SecurityAdmin = "security:admin", "安全管理（解锁、双因素、会话）", "Security (lockouts, second factors, sessions)";
        Urge = "urge:write", "催办（诉求工单、项目）", "Urge (tickets, projects)";
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RoleDef {
    pub code: &'static str,
    pub name_zh: &'static str,
    pub name_en: &'static str,
    pub permissions: &'static [Permission],
}

use Permission::*;

/// The system administrator's list: everything but the audit log and security administration
/// (separation of duties, 三员分立: system, security and audit administrators are three people).
pub const ADMIN_PERMISSIONS: &[Permission] = &[
    CockpitRead,
    EnterpriseRead,
    EnterpriseWrite,
    EnterpriseDelete,
    IndicatorWrite,
    GoalRead,
    GoalWrite,
    ParkWrite,
    ChainWrite,
    DictionaryWrite,
    UserAdmin,
    RoleAdmin,
    LeadRead,
    LeadWrite,
    TargetWrite,
    ProjectRead,
    ProjectWrite,
    TicketRead,
    TicketWrite,
    TicketDispatch,
    VisitRead,
    VisitWrite,
    MeetingRead,
    MeetingWrite,
    Urge,
];

/// A role holding any of these holds keys: its users must have a second factor (when the
/// installation enforces it).
pub const SECOND_FACTOR_PERMISSIONS: &[Permission] = &[UserAdmin, RoleAdmin, AuditRead, SecurityAdmin];

pub const DEFAULT_ROLES: &[RoleDef] = &[
    RoleDef { code: "admin", name_zh: "系统管理员", name_en: "Administrator", permissions: ADMIN_PERMISSIONS },
    RoleDef { code: "auditor", name_zh: "审计管理员", name_en: "Audit administrator", permissions: &[AuditRead] },
    RoleDef {
        code: "security",
        name_zh: "安全管理员",
        name_en: "Security administrator",
        permissions: &[SecurityAdmin],
    },
    RoleDef {
        code: "leader",
        name_zh: "管委会领导",
        name_en: "Zone leader",
        permissions: &[
            CockpitRead,
            EnterpriseRead,
            GoalRead,
            GoalWrite,
            AuditRead,
            LeadRead,
            TargetWrite,
            ProjectRead,
            TicketRead,
            VisitRead,
            MeetingRead,
            MeetingWrite,
            Urge,
        ],
    },
    RoleDef {
        code: "park",
        name_zh: "园区管理员",
        name_en: "Park manager",
        permissions: &[
            EnterpriseRead,
            EnterpriseWrite,
            IndicatorWrite,
            CockpitRead,
            GoalRead,
            LeadRead,
            LeadWrite,
            TargetWrite,
            ProjectRead,
            ProjectWrite,
            TicketRead,
            TicketWrite,
            VisitRead,
            VisitWrite,
        ],
    },
    RoleDef {
        code: "service",
        name_zh: "企业服务中心",
        name_en: "Service centre",
        permissions: &[
            CockpitRead,
            EnterpriseRead,
            ProjectRead,
            TicketRead,
            TicketWrite,
            TicketDispatch,
            VisitRead,
            MeetingRead,
            MeetingWrite,
            Urge,
        ],
    },
    RoleDef {
        code: "dept",
        name_zh: "职能部门",
        name_en: "Department",
        permissions: &[EnterpriseRead, TicketRead, TicketWrite, CockpitRead],
    },
    RoleDef {
        code: "investor",
        name_zh: "招商人员",
        name_en: "Investment promoter",
        permissions: &[EnterpriseRead, LeadRead, LeadWrite, ProjectRead, CockpitRead],
    },
    RoleDef {
        code: "cadre",
        name_zh: "挂钩干部",
        name_en: "Liaison cadre",
        permissions: &[EnterpriseRead, VisitRead, VisitWrite, TicketWrite],
    },
    RoleDef {
        code: "enterprise",
        name_zh: "企业用户",
        name_en: "Enterprise user",
        permissions: &[EnterpriseRead, IndicatorWrite, TicketRead, TicketWrite, ProjectRead],
    },
];

pub fn is_known_permission(code: &str) -> bool {
    Permission::parse(code).is_some()
}

pub fn default_role(code: &str) -> Option<&'static RoleDef> {
    DEFAULT_ROLES.iter().find(|r| r.code == code)
}

impl RoleDef {
    pub fn has(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn permission_table_is_consistent() {
        crate::vocabulary::assert_well_formed::<Permission>();
        assert_eq!(Permission::ALL.len(), 27);
        for p in Permission::ALL {
            assert!(p.code().contains(':'));
        }
        assert!(is_known_permission("audit:read"));
        assert!(!is_known_permission("audit:write"));
        assert_eq!(GoalWrite.label_zh(), "编辑目标");
        assert_eq!(serde_json::to_string(&[AuditRead, SecurityAdmin]).unwrap(), r#"["audit:read","security:admin"]"#);
    }

    #[test]
    fn roles_only_use_known_permissions() {
        let mut codes = BTreeSet::new();
        for r in DEFAULT_ROLES {
            assert!(codes.insert(r.code), "duplicate role {}", r.code);
            let set: BTreeSet<_> = r.permissions.iter().collect();
            assert_eq!(set.len(), r.permissions.len(), "duplicate in {}", r.code);
            for p in r.permissions {
                assert!(is_known_permission(p.code()), "{} has unknown {p}", r.code);
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
        assert_eq!(admin.permissions.len(), Permission::ALL.len() - 2);
        assert!(!admin.has(AuditRead) && !admin.has(SecurityAdmin));
        assert_eq!(role("auditor").permissions, &[AuditRead]);
        assert_eq!(role("security").permissions, &[SecurityAdmin]);
        for r in ["admin", "auditor", "security"] {
            assert!(role(r).permissions.iter().any(|p| SECOND_FACTOR_PERMISSIONS.contains(p)), "{r} holds keys");
        }
        // Leader: every read plus goal/meeting/target writes, nothing else.
        let leader = role("leader");
        for p in Permission::ALL.iter().filter(|p| p.code().ends_with(":read")) {
            assert!(leader.has(*p), "leader lacks {p}");
        }
        assert!(leader.has(GoalWrite) && leader.has(MeetingWrite));
        assert!(!leader.has(EnterpriseWrite) && !leader.has(UserAdmin));
        assert!(role("park").has(IndicatorWrite));
        assert!(!role("park").has(EnterpriseDelete));
        assert!(role("cadre").has(TicketWrite) && !role("cadre").has(TicketRead));
        assert!(!role("enterprise").has(CockpitRead));
        assert!(role("investor").has(LeadWrite) && !role("investor").has(ProjectWrite));
        assert!(role("dept").has(TicketWrite) && !role("dept").has(TicketDispatch));
        assert!(role("service").has(TicketDispatch));
        assert!(default_role("nobody").is_none());
    }
}
