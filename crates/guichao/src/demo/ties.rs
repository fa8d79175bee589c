//! The demo county's chambers and public roles (PROGRAM.md parts 2 and 6):
//! remote chambers in 长沙, 深圳 and 上海, 9 township chambers, 5 liaison
//! offices under the remote chambers, each chamber with a president, vice
//! presidents, a secretary general and members; 19 industry advisors and 39
//! deputies and members (两代表一委员), with dates.

use super::pick::one;
use chrono::NaiveDate;
use guichao_domain::chambers::{ChamberKind, MemberPosition};
use guichao_domain::fellows::{Category, CompanyRole, FellowStatus, HeldRole};
use guichao_domain::ids::new_id;
use guichao_store::fellows::{BulkChamber, BulkFellow, BulkHeldRole, BulkMembership, BulkOffice};
use rand::Rng;
use rand::seq::SliceRandom;
use uuid::Uuid;

/// A remote chamber: (name, city as fellows record it, founded, liaison offices
/// as (name, district)).
type RemoteChamber = (&'static str, &'static str, &'static str, &'static [(&'static str, &'static str)]);

const REMOTE: [RemoteChamber; 3] = [
    ("长沙岳阳县商会", "长沙市", "2012-06-18", &[("河西联络处", "岳麓区"), ("星沙联络处", "长沙县")]),
    ("深圳市岳阳县商会", "深圳市", "2009-11-08", &[("宝安联络处", "宝安区"), ("龙岗联络处", "龙岗区")]),
    ("上海岳阳县商会", "上海市", "2015-04-26", &[("浦东联络处", "浦东新区")]),
];

/// The nine townships with a registered chamber.
const TOWNSHIP_CHAMBERS: [&str; 9] =
    ["荣家湾镇", "黄沙街镇", "新墙镇", "柏祥镇", "筻口镇", "公田镇", "月田镇", "张谷英镇", "杨林镇"];

pub const ADVISORS: usize = 19;
/// Party congress delegates, people's congress deputies, CPPCC members: 39 in all.
pub const DEPUTIES: [(HeldRole, usize); 3] =
    [(HeldRole::PartyCongress, 12), (HeldRole::PeoplesCongress, 15), (HeldRole::Cppcc, 12)];

/// A chamber and who may join it: fellows living in its city, or from its township.
pub struct DemoChamber {
    pub row: BulkChamber,
    city: Option<&'static str>,
    township_id: Option<Uuid>,
}

/// The name of a township's chamber.
fn township_chamber(township: &str) -> String {
    format!("{township}商会")
}

/// The names of the chambers [`chambers`] makes, remote ones first.
pub fn names() -> Vec<String> {
    let remote = REMOTE.iter().map(|c| c.0.to_string());
    remote.chain(TOWNSHIP_CHAMBERS.iter().map(|t| township_chamber(t))).collect()
}

fn date(text: &str) -> NaiveDate {
    guichao_domain::date::parse_date(text).expect("a date in the table")
}

/// The chambers, given the ids of the townships by name.
pub fn chambers(township_id: impl Fn(&str) -> Option<Uuid>) -> Vec<DemoChamber> {
    let mut out = Vec::new();
    for (name, city, founded, offices) in REMOTE {
        let offices = offices
            .iter()
            .map(|(office, district)| BulkOffice {
                id: new_id(),
                name: format!("{name}{office}"),
                city: city.to_string(),
                address: format!("{city}{district}"),
            })
            .collect();
        out.push(DemoChamber {
            row: BulkChamber {
                id: new_id(),
                name: name.to_string(),
                kind: ChamberKind::Remote,
                city: city.to_string(),
                township_id: None,
                founded: Some(date(founded)),
                notes: "在外岳阳县籍企业家联谊、招商引资平台".to_string(),
                offices,
            },
            city: Some(city),
            township_id: None,
        });
    }
    for (i, township) in TOWNSHIP_CHAMBERS.iter().enumerate() {
        let Some(id) = township_id(township) else { continue };
        out.push(DemoChamber {
            row: BulkChamber {
                id: new_id(),
                name: township_chamber(township),
                kind: ChamberKind::Township,
                city: "岳阳市".to_string(),
                township_id: Some(id),
                founded: NaiveDate::from_ymd_opt(2016 + (i as i32 % 6), 3 + (i as u32 % 9), 10 + i as u32),
                notes: String::new(),
                offices: vec![],
            },
            city: None,
            township_id: Some(id),
        });
    }
    out
}

fn can_join(f: &BulkFellow, c: &DemoChamber) -> bool {
    f.draft.category == Category::IndustryCommerce
        && f.draft.status == FellowStatus::Active
        && match (c.city, c.township_id) {
            (Some(city), _) => f.draft.city == city,
            (None, Some(t)) => f.draft.township_id == t,
            (None, None) => false,
        }
}

/// Enrols members: two in five of the business fellows who can join a chamber
/// do, an owner of a company first as president, then vice presidents, a
/// secretary general and members.
pub fn enrol(fellows: &mut [BulkFellow], chambers: &[DemoChamber], rng: &mut impl Rng) {
    for c in chambers {
        let mut members: Vec<usize> = (0..fellows.len()).filter(|&i| can_join(&fellows[i], c)).collect();
        members.retain(|_| rng.random_range(0..100) < 40);
        let owner = members
            .iter()
            .position(|&i| fellows[i].companies.iter().any(|co| co.role == CompanyRole::Owner))
            .unwrap_or(0);
        if members.is_empty() {
            continue;
        }
        members.swap(0, owner);
        let vice = if c.city.is_some() { 6 } else { 3 };
        let founded = c.row.founded.unwrap_or_else(|| date("2018-01-01"));
        for (n, &i) in members.iter().enumerate() {
            let position = match n {
                0 => MemberPosition::President,
                n if n <= vice => MemberPosition::VicePresident,
                n if n == vice + 1 => MemberPosition::SecretaryGeneral,
                _ => MemberPosition::Member,
            };
            let since = founded + chrono::Days::new(rng.random_range(0..2_000));
            let since = since.min(date("2025-06-30"));
            fellows[i].memberships.push(BulkMembership { chamber_id: c.row.id, position, since: Some(since) });
        }
    }
}

/// Gives 19 business fellows with companies the role of industry advisor and
/// 39 fellows a seat as deputy or member, from the current terms; a few
/// fellows also keep a role from the previous term, ended.
pub fn hold_roles(fellows: &mut [BulkFellow], rng: &mut impl Rng) {
    let active = |f: &BulkFellow| f.draft.status == FellowStatus::Active;
    let mut business: Vec<usize> =
        (0..fellows.len()).filter(|&i| active(&fellows[i]) && !fellows[i].companies.is_empty()).collect();
    business.shuffle(rng);
    for &i in business.iter().take(ADVISORS) {
        let start = date("2022-03-01") + chrono::Days::new(rng.random_range(0..900));
        fellows[i].roles.push(BulkHeldRole {
            role: HeldRole::IndustryAdvisor,
            start: Some(start),
            end: None,
            note: format!("{}产业顾问", fellows[i].draft.industry),
        });
    }
    let mut others: Vec<usize> = (0..fellows.len())
        .filter(|&i| active(&fellows[i]) && !fellows[i].roles.iter().any(|r| r.role == HeldRole::IndustryAdvisor))
        .collect();
    others.shuffle(rng);
    let mut seats = others.into_iter();
    for (role, count) in DEPUTIES {
        let start = match role {
            HeldRole::PartyCongress => date("2021-09-26"),
            _ => date("2021-12-28"),
        };
        for i in seats.by_ref().take(count) {
            fellows[i].roles.push(BulkHeldRole {
                role,
                start: Some(start),
                end: None,
                note: "岳阳县第十八届".to_string(),
            });
        }
    }
    // A few held a seat in the previous term too.
    let with_seat: Vec<usize> = (0..fellows.len()).filter(|&i| !fellows[i].roles.is_empty()).collect();
    for _ in 0..6 {
        let i = *one(rng, &with_seat);
        let role = fellows[i].roles[0].role;
        if fellows[i].roles.len() == 1 {
            fellows[i].roles.push(BulkHeldRole {
                role,
                start: Some(date("2016-12-20")),
                end: Some(date("2021-12-27")),
                note: "上一届".to_string(),
            });
        }
    }
}
