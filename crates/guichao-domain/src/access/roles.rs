//! The built-in roles every tenant starts with, and what each grants.

use super::{DataScope, Grants, Permission};
use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinRole {
    /// 系统管理员: units, users' existence (create, disable, name, unit).
    SystemAdmin,
    /// 安全管理员: roles and grants, password resets and unlocking.
    SecurityAdmin,
    /// 审计管理员: reads and exports the audit and login logs, verifies the chain.
    AuditAdmin,
    CountyAdmin,
    CountyStaff,
    TownshipStaff,
    VillageCadre,
    ProjectOfficer,
    Leader,
    ChamberLiaison,
}

impl BuiltinRole {
    pub const ALL: [BuiltinRole; 10] = [
        BuiltinRole::SystemAdmin,
        BuiltinRole::SecurityAdmin,
        BuiltinRole::AuditAdmin,
        BuiltinRole::CountyAdmin,
        BuiltinRole::CountyStaff,
        BuiltinRole::TownshipStaff,
        BuiltinRole::VillageCadre,
        BuiltinRole::ProjectOfficer,
        BuiltinRole::Leader,
        BuiltinRole::ChamberLiaison,
    ];

    pub fn code(self) -> &'static str {
        match self {
            BuiltinRole::SystemAdmin => "system_admin",
            BuiltinRole::SecurityAdmin => "security_admin",
            BuiltinRole::AuditAdmin => "audit_admin",
            BuiltinRole::CountyAdmin => "county_admin",
            BuiltinRole::CountyStaff => "county_staff",
            BuiltinRole::TownshipStaff => "township_staff",
            BuiltinRole::VillageCadre => "village_cadre",
            BuiltinRole::ProjectOfficer => "project_officer",
            BuiltinRole::Leader => "leader",
            BuiltinRole::ChamberLiaison => "chamber_liaison",
        }
    }

    pub fn parse(code: &str) -> Option<BuiltinRole> {
        BuiltinRole::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn name(self, lang: Lang) -> &'static str {
        match self {
            BuiltinRole::SystemAdmin => lang.pick("系统管理员", "System admin"),
            BuiltinRole::SecurityAdmin => lang.pick("安全管理员", "Security admin"),
            BuiltinRole::AuditAdmin => lang.pick("审计管理员", "Audit admin"),
            BuiltinRole::CountyAdmin => lang.pick("县级管理员", "County admin"),
            BuiltinRole::CountyStaff => lang.pick("县招商专班", "County staff"),
            BuiltinRole::TownshipStaff => lang.pick("乡镇工作人员", "Township staff"),
            BuiltinRole::VillageCadre => lang.pick("村干部", "Village cadre"),
            BuiltinRole::ProjectOfficer => lang.pick("项目警官", "Project officer"),
            BuiltinRole::Leader => lang.pick("县领导（只读）", "Leader (read-only)"),
            BuiltinRole::ChamberLiaison => lang.pick("商会联络员", "Chamber liaison"),
        }
    }

    /// Whether everyone holding the role must sign in with a second factor
    /// (TOTP), whatever their county decides: the three administrators
    /// ([`BuiltinRole::admin_duty`], itself written without a catch-all arm,
    /// so that a new role has to say).
    pub fn always_requires_two_factor(self) -> bool {
        self.is_administrator()
    }

    /// What the role grants. Changing this changes every tenant's built-in role the
    /// next time roles are synchronised (at start-up).
    pub fn grants(self) -> Grants {
        use DataScope::*;
        use Permission::*;
        let all_with = |scope: DataScope, skip: &[Permission]| {
            Permission::ALL.into_iter().filter(|p| !skip.contains(p)).map(|p| (p, scope)).collect::<Vec<_>>()
        };
        let pairs: Vec<(Permission, DataScope)> = match self {
            // The three administrators (三员分立): none reads or changes the
            // registry's data, and none does another's work.
            BuiltinRole::SystemAdmin => {
                vec![(OrgRead, Tenant), (OrgWrite, Tenant), (UsersRead, Tenant), (UsersWrite, Tenant)]
            }
            BuiltinRole::SecurityAdmin => vec![(OrgRead, Tenant), (UsersRead, Tenant), (SecurityWrite, Tenant)],
            BuiltinRole::AuditAdmin => vec![(AuditRead, Tenant)],
            BuiltinRole::CountyAdmin => all_with(Tenant, &[AuditRead, SecurityWrite]),
            BuiltinRole::CountyStaff => all_with(Tenant, &[UsersRead, UsersWrite, SecurityWrite, AuditRead, OrgWrite]),
            BuiltinRole::TownshipStaff => vec![
                (OrgRead, UnitAndBelow),
                (UsersRead, UnitAndBelow),
                (UsersWrite, UnitAndBelow),
                (FellowRead, UnitAndBelow),
                (FellowWrite, UnitAndBelow),
                (FellowReveal, UnitAndBelow),
                (ChamberRead, UnitAndBelow),
                (LiaisonRead, UnitAndBelow),
                (LiaisonWrite, UnitAndBelow),
                (ProjectRead, UnitAndBelow),
                (DashboardRead, UnitAndBelow),
                (SmsRead, UnitAndBelow),
                (SmsWrite, UnitAndBelow),
                (ServiceRead, UnitAndBelow),
                (ServiceWrite, UnitAndBelow),
                (FundRead, UnitAndBelow),
                (PolicyRead, Tenant),
            ],
            BuiltinRole::VillageCadre => vec![
                (OrgRead, Unit),
                (FellowRead, Unit),
                (FellowWrite, Unit),
                (LiaisonRead, Unit),
                (LiaisonWrite, Unit),
                (PolicyRead, Tenant),
            ],
            BuiltinRole::ProjectOfficer => {
                vec![
                    (OrgRead, Unit),
                    (FellowRead, Assigned),
                    (ProjectRead, Assigned),
                    (ProjectWrite, Assigned),
                    (PolicyRead, Tenant),
                ]
            }
            BuiltinRole::Leader => vec![
                (OrgRead, Tenant),
                (FellowRead, Tenant),
                (ChamberRead, Tenant),
                (LiaisonRead, Tenant),
                (ProjectRead, Tenant),
                (DashboardRead, Tenant),
                (SmsRead, Tenant),
                (ServiceRead, Tenant),
                (FundRead, Tenant),
                (PolicyRead, Tenant),
            ],
            BuiltinRole::ChamberLiaison => vec![
                (OrgRead, Unit),
                (FellowRead, Assigned),
                (ChamberRead, Assigned),
                (ChamberWrite, Assigned),
                (LiaisonRead, Assigned),
                (ProjectRead, Assigned),
                (PolicyRead, Tenant),
            ],
        };
        Grants::from_pairs(pairs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_county_admin_covers_every_role_but_the_security_and_audit_admins() {
        let admin = BuiltinRole::CountyAdmin.grants();
        for role in BuiltinRole::ALL {
            let expected = !matches!(role, BuiltinRole::SecurityAdmin | BuiltinRole::AuditAdmin);
            assert_eq!(admin.covers(&role.grants()), expected, "{role:?}");
        }
    }

    #[test]
    fn no_administrator_holds_the_registrys_data() {
        use Permission::*;
        let theirs = [OrgRead, OrgWrite, UsersRead, UsersWrite, SecurityWrite, AuditRead];
        for role in BuiltinRole::ALL.into_iter().filter(|r| r.is_administrator()) {
            for (p, _) in role.grants().iter() {
                assert!(theirs.contains(&p), "{role:?} holds {p:?}");
            }
        }
    }

    #[test]
    fn each_administrator_holds_only_its_own_duty() {
        use Permission::*;
        let sys = BuiltinRole::SystemAdmin.grants();
        let sec = BuiltinRole::SecurityAdmin.grants();
        let audit = BuiltinRole::AuditAdmin.grants();
        assert!(sys.has(UsersWrite) && sys.has(OrgWrite));
        assert!(!sys.has(AuditRead) && !sys.has(SecurityWrite));
        assert!(sec.has(SecurityWrite));
        assert!(!sec.has(UsersWrite) && !sec.has(AuditRead) && !sec.has(OrgWrite));
        assert_eq!(audit.iter().map(|(p, _)| p).collect::<Vec<_>>(), [AuditRead]);
    }

    #[test]
    fn township_staff_may_make_village_cadres_but_not_county_staff() {
        let township = BuiltinRole::TownshipStaff.grants();
        assert!(township.covers(&BuiltinRole::VillageCadre.grants()));
        assert!(township.covers(&BuiltinRole::TownshipStaff.grants()));
        assert!(!township.covers(&BuiltinRole::CountyStaff.grants()));
        assert!(!township.covers(&BuiltinRole::SystemAdmin.grants()));
        assert!(!township.covers(&BuiltinRole::SecurityAdmin.grants()));
    }

    #[test]
    fn the_three_administrators_always_require_two_factors_and_no_other_role_does() {
        let required: Vec<BuiltinRole> =
            BuiltinRole::ALL.into_iter().filter(|r| r.always_requires_two_factor()).collect();
        let admins: Vec<BuiltinRole> = BuiltinRole::ALL.into_iter().filter(|r| r.admin_duty().is_some()).collect();
        assert_eq!(required, admins);
        assert_eq!(required.len(), 3);
    }

    #[test]
    fn the_leader_only_reads() {
        let leader = BuiltinRole::Leader.grants();
        assert!(leader.iter().all(|(p, _)| p.code().ends_with(".read")));
    }

    #[test]
    fn codes_round_trip() {
        for role in BuiltinRole::ALL {
            assert_eq!(BuiltinRole::parse(role.code()), Some(role));
        }
    }
}
