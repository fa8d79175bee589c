//! Finding a row's township and village among the county's units, and
//! refusing those the importing user does not manage. A name that matches
//! none is refused with the nearest names of the county ("did you mean"):
//! for a village, those of the row's township first.

use crate::normalize::{township_key, village_key};
use crate::{UnitError, UnitResolver, Units};
use guichao_domain::Msg;
use guichao_domain::org::{UnitLevel, nearest_names};
use guichao_store::fellows::FellowHome;
use std::collections::HashMap;
use uuid::Uuid;

struct Township {
    id: Uuid,
    name: String,
    managed: bool,
    /// By name key: the village's id, whether it is managed, and its name.
    villages: HashMap<String, (Uuid, bool, String)>,
}

/// The county's townships and villages by their name keys (新墙 for 新墙镇).
pub struct Homes {
    townships: HashMap<String, Township>,
    /// The township a user who manages exactly one stands for when a roster
    /// leaves the township column out or blank.
    own: Option<String>,
}

impl Homes {
    pub fn new(homes: &[FellowHome]) -> Homes {
        let mut townships: HashMap<String, Township> = HashMap::new();
        let mut keys: HashMap<Uuid, String> = HashMap::new();
        for h in homes.iter().filter(|h| h.level == UnitLevel::Township) {
            let key = township_key(&h.name);
            keys.insert(h.id, key.clone());
            let township = Township { id: h.id, name: h.name.clone(), managed: h.managed, villages: HashMap::new() };
            townships.insert(key, township);
        }
        for v in homes.iter().filter(|h| h.level == UnitLevel::Village) {
            if let Some(t) = v.parent_id.and_then(|p| keys.get(&p)).and_then(|k| townships.get_mut(k)) {
                t.villages.insert(village_key(&v.name), (v.id, v.managed, v.name.clone()));
            }
        }
        let managed: Vec<&String> = townships.iter().filter(|(_, t)| t.managed).map(|(k, _)| k).collect();
        let own = if managed.len() == 1 && managed.len() < townships.len() { Some(managed[0].clone()) } else { None };
        Homes { townships, own }
    }
}

impl Homes {
    /// The villages nearest to `key`: of township `t` if it has any near,
    /// else of the county, each named with its township.
    fn villages_near(&self, t: &Township, key: &str) -> Vec<String> {
        let near = nearest_names(key, t.villages.keys().map(String::as_str));
        if !near.is_empty() {
            return near.iter().map(|k| t.villages[*k].2.clone()).collect();
        }
        let all: Vec<(&str, &Township)> =
            self.townships.values().flat_map(|o| o.villages.keys().map(move |k| (k.as_str(), o))).collect();
        let near = nearest_names(key, all.iter().map(|(k, _)| *k));
        let mut names = Vec::new();
        for k in near {
            for (_, o) in all.iter().filter(|(v, _)| *v == k) {
                names.push(format!("{}{}", o.name, o.villages[k].2));
            }
        }
        names.truncate(guichao_domain::org::MAX_SUGGESTIONS);
        names
    }
}

/// `message`, followed by the names it may have meant.
fn did_you_mean(message: Msg, names: &[impl AsRef<str>]) -> Msg {
    if names.is_empty() {
        return message;
    }
    let names: Vec<&str> = names.iter().map(AsRef::as_ref).collect();
    Msg::new(
        format!("{}，是否为：{}？", message.zh, names.join("、")),
        format!("{}; did you mean {}?", message.en, names.join(", ")),
    )
}

impl UnitResolver for Homes {
    fn resolve(&mut self, township: &str, village: &str) -> Result<Units, UnitError> {
        let key = match township_key(township) {
            k if k.is_empty() => self
                .own
                .clone()
                .ok_or_else(|| UnitError::Township(Msg::new("请填写所属乡镇", "The home township is required")))?,
            k => k,
        };
        let Some(t) = self.townships.get(&key) else {
            let near = nearest_names(&key, self.townships.keys().map(String::as_str));
            let names: Vec<&str> = near.iter().map(|k| self.townships[*k].name.as_str()).collect();
            return Err(UnitError::Township(did_you_mean(
                Msg::new(
                    format!("“{township}”不是本县的乡镇"),
                    format!("“{township}” is not a township of the county"),
                ),
                &names,
            )));
        };
        let village = match village_key(village) {
            v if v.is_empty() => None,
            v => match t.villages.get(&v) {
                Some((id, managed, _)) => Some((*id, *managed)),
                None => {
                    let missing = Msg::new(
                        format!("{}没有“{village}”这个村（社区）", t.name),
                        format!("{} has no village “{village}”", t.name),
                    );
                    return Err(UnitError::Village(did_you_mean(missing, &self.villages_near(t, &v))));
                }
            },
        };
        let managed = village.map(|(_, managed)| managed).unwrap_or(t.managed);
        if !managed {
            return Err(UnitError::Township(Msg::new(
                format!("{}不在您的管理范围内，不能导入该乡镇的乡友", t.name),
                format!("{} is outside what you manage; you cannot import its fellows", t.name),
            )));
        }
        Ok(Units { township: t.id, village: village.map(|(id, _)| id) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn home(n: u128, name: &str, level: UnitLevel, parent: Option<u128>, managed: bool) -> FellowHome {
        FellowHome { id: Uuid::from_u128(n), name: name.into(), level, parent_id: parent.map(Uuid::from_u128), managed }
    }

    fn homes(managed_sibling: bool) -> Homes {
        Homes::new(&[
            home(1, "新墙镇", UnitLevel::Township, None, true),
            home(2, "筻口镇", UnitLevel::Township, None, managed_sibling),
            home(3, "荣家村", UnitLevel::Village, Some(1), true),
            home(4, "筻口村", UnitLevel::Village, Some(2), managed_sibling),
        ])
    }

    #[test]
    fn townships_and_villages_match_with_or_without_their_kind() {
        let mut h = homes(true);
        assert_eq!(h.resolve("新墙", "").unwrap(), Units { township: Uuid::from_u128(1), village: None });
        let both = Units { township: Uuid::from_u128(1), village: Some(Uuid::from_u128(3)) };
        assert_eq!(h.resolve("新墙镇", "荣家").unwrap(), both);
        assert_eq!(h.resolve("新墙镇", "荣家村委会").unwrap(), both);
        assert!(matches!(h.resolve("新墙镇", "筻口村"), Err(UnitError::Village(_))));
        assert!(matches!(h.resolve("月田镇", ""), Err(UnitError::Township(_))));
        assert!(matches!(h.resolve("", ""), Err(UnitError::Township(_))), "a county user must name the township");
    }

    #[test]
    fn a_misspelled_name_is_refused_with_the_nearest_names() {
        let mut h = homes(true);
        let Err(UnitError::Township(m)) = h.resolve("新强镇", "") else { panic!("a misspelling accepted") };
        assert_eq!(m.zh, "“新强镇”不是本县的乡镇，是否为：新墙镇？");
        assert_eq!(m.en, "“新强镇” is not a township of the county; did you mean 新墙镇?");
        let Err(UnitError::Village(m)) = h.resolve("新墙镇", "荣加村") else { panic!("a misspelling accepted") };
        assert!(m.zh.ends_with("是否为：荣家村？"), "{}", m.zh);
        let Err(UnitError::Village(m)) = h.resolve("新墙镇", "筻扣村") else { panic!("a misspelling accepted") };
        assert!(m.zh.ends_with("是否为：筻口镇筻口村？"), "another township's village, named with it: {}", m.zh);
        let Err(UnitError::Township(m)) = h.resolve("北京市", "") else { panic!("accepted") };
        assert!(!m.zh.contains("是否为"), "nothing near, nothing suggested");
    }

    #[test]
    fn a_township_user_gets_their_own_township_and_only_it() {
        let mut h = homes(false);
        assert_eq!(h.resolve("", "荣家村").unwrap().township, Uuid::from_u128(1));
        let Err(UnitError::Township(m)) = h.resolve("筻口镇", "") else { panic!("sibling accepted") };
        assert!(m.get(guichao_domain::Lang::Zh).contains("不在您的管理范围内"));
    }
}
