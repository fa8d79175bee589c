//! The kinds of service request (诉求类别) and the time limit each is given
//! by default, in working days. A county may set its own limits; these are
//! what a county starts with.

use crate::Lang;
use serde::Serialize;

/// What a returnee asks help with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    /// 政务: licences, registrations, approvals.
    Government,
    /// 住房: housing, settling in.
    Housing,
    /// 医疗: healthcare, insurance transfers.
    Healthcare,
    /// 子女入学: a child's school place.
    Schooling,
    /// 就业: jobs for family members, hiring.
    Employment,
    /// 其他.
    Other,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 6] = [
        ServiceKind::Government,
        ServiceKind::Housing,
        ServiceKind::Healthcare,
        ServiceKind::Schooling,
        ServiceKind::Employment,
        ServiceKind::Other,
    ];

    /// The stored code.
    pub fn code(self) -> &'static str {
        match self {
            ServiceKind::Government => "government",
            ServiceKind::Housing => "housing",
            ServiceKind::Healthcare => "healthcare",
            ServiceKind::Schooling => "schooling",
            ServiceKind::Employment => "employment",
            ServiceKind::Other => "other",
        }
    }

    pub fn parse(code: &str) -> Option<ServiceKind> {
        ServiceKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            ServiceKind::Government => lang.pick("政务", "Government affairs"),
            ServiceKind::Housing => lang.pick("住房", "Housing"),
            ServiceKind::Healthcare => lang.pick("医疗", "Healthcare"),
            ServiceKind::Schooling => lang.pick("子女入学", "Children's schooling"),
            ServiceKind::Employment => lang.pick("就业", "Employment"),
            ServiceKind::Other => lang.pick("其他", "Other"),
        }
    }

    /// The time limit a county starts with, in working days: a licence or a
    /// registration is promised within a week, a school place or a house
    /// takes longer to arrange.
    pub fn default_days(self) -> u32 {
        match self {
            ServiceKind::Government => 5,
            ServiceKind::Housing => 15,
            ServiceKind::Healthcare => 5,
            ServiceKind::Schooling => 20,
            ServiceKind::Employment => 10,
            ServiceKind::Other => 10,
        }
    }
}

/// The longest time limit a county may set, in working days (a quarter).
pub const MAX_LIMIT_DAYS: u32 = 60;

/// A time limit as typed: 1 to [`MAX_LIMIT_DAYS`] working days.
pub fn check_limit_days(days: i64) -> Result<u32, crate::Msg> {
    if (1..=MAX_LIMIT_DAYS as i64).contains(&days) {
        Ok(days as u32)
    } else {
        Err(crate::Msg::new(
            format!("办理时限须为 1 到 {MAX_LIMIT_DAYS} 个工作日"),
            format!("The time limit must be 1 to {MAX_LIMIT_DAYS} working days"),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_labels_are_chinese_first() {
        for kind in ServiceKind::ALL {
            assert_eq!(ServiceKind::parse(kind.code()), Some(kind));
            assert!(kind.default_days() >= 1 && kind.default_days() <= MAX_LIMIT_DAYS);
        }
        assert_eq!(ServiceKind::Schooling.label(Lang::Zh), "子女入学");
        assert_eq!(ServiceKind::parse("Government"), None);
    }

    #[test]
    fn limits_outside_one_to_sixty_are_refused() {
        assert_eq!(check_limit_days(1), Ok(1));
        assert_eq!(check_limit_days(60), Ok(60));
        assert!(check_limit_days(0).is_err());
        assert!(check_limit_days(61).is_err());
        assert!(check_limit_days(-5).is_err());
    }
}
