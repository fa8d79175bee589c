//! The built-in roles every tenant starts with, and what each grants.

use super::{DataScope, Grants, Permission};
use crate::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BuiltinRole {
    SystemAdmin,
    CountyAdmin,
    CountyStaff,
    TownshipStaff,
    VillageCadre,
    ProjectOfficer,
    Leader,
    ChamberLiaison,
}

impl BuiltinRole {
    pub const ALL: [BuiltinRole; 8] = [
        BuiltinRole::SystemAdmin,
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
    /// (TOTP), whatever their county decides. Written without a catch-all arm
    /// so that a new role has to say.
    pub fn always_requires_two_factor(self) -> bool {
        match self {
            BuiltinRole::SystemAdmin => true,
            BuiltinRole::CountyAdmin
            | BuiltinRole::CountyStaff
            | BuiltinRole::TownshipStaff
            | BuiltinRole::VillageCadre
            | BuiltinRole::ProjectOfficer
            | BuiltinRole::Leader
            | BuiltinRole::ChamberLiaison => false,
        }
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
            BuiltinRole::SystemAdmin => all_with(Tenant, &[]),
            BuiltinRole::CountyAdmin => all_with(Tenant, &[AuditRead]),
            BuiltinRole::CountyStaff => all_with(Tenant, &[UsersRead, UsersWrite, AuditRead, OrgWrite]),
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
    fn system_admin_covers_every_role() {
        let admin = BuiltinRole::SystemAdmin.grants();
        for role in BuiltinRole::ALL {
            assert!(admin.covers(&role.grants()), "{role:?}");
        }
    }

    #[test]
    fn township_staff_may_make_village_cadres_but_not_county_staff() {
        let township = BuiltinRole::TownshipStaff.grants();
        assert!(township.covers(&BuiltinRole::VillageCadre.grants()));
        assert!(township.covers(&BuiltinRole::TownshipStaff.grants()));
        assert!(!township.covers(&BuiltinRole::CountyStaff.grants()));
        assert!(!township.covers(&BuiltinRole::SystemAdmin.grants()));
    }

    #[test]
    fn only_the_system_admin_always_requires_two_factor_today() {
        let required: Vec<BuiltinRole> =
            BuiltinRole::ALL.into_iter().filter(|r| r.always_requires_two_factor()).collect();
        assert_eq!(required, [BuiltinRole::SystemAdmin]);
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
