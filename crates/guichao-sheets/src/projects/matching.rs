//! Finding what a ledger row names among the county's records as the
//! importing user reaches them: the responsible unit (in their scope), the
//! officer by username or name, the source chamber, a township with or
//! without 镇/乡, and a fellow by name within a township among the fellows
//! they may see. An ambiguous name is refused with the number of
//! candidates, never guessed; a fellow they may not see is not found.

use super::cells::NamedFellow;
use crate::normalize::{township_key, unit_text};
use guichao_domain::Msg;
use guichao_domain::org::UnitLevel;
use guichao_domain::search::normalize;
use guichao_store::projects::{LedgerUnit, ProjectDirectory};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

/// The directory indexed for look-ups.
pub struct Matcher<'a> {
    dir: &'a ProjectDirectory,
    fellows: HashMap<String, Vec<usize>>,
    projects: HashSet<String>,
}

/// A name as compared: folded as search folds it, without white space.
pub fn name_key(text: &str) -> String {
    normalize(text).chars().filter(|c| !c.is_whitespace()).collect()
}

/// A display name without its bracketed remark: `王建国（招商局）` → `王建国`.
fn bare(name: &str) -> &str {
    name.split(['（', '(']).next().unwrap_or(name).trim()
}

impl<'a> Matcher<'a> {
    pub fn new(dir: &'a ProjectDirectory) -> Matcher<'a> {
        let mut fellows: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, f) in dir.fellows.iter().enumerate() {
            fellows.entry(name_key(&f.name)).or_default().push(i);
        }
        let projects = dir.projects.iter().map(|p| name_key(p)).collect();
        Matcher { dir, fellows, projects }
    }

    /// Whether the importing user sees a project of this name already.
    pub fn has_project(&self, name: &str) -> bool {
        self.projects.contains(&name_key(name))
    }

    /// The responsible unit a cell names: its exact name, else a township
    /// named without 镇/乡; refused when outside the user's scope.
    pub fn unit(&self, text: &str) -> Result<Uuid, Msg> {
        let exact: Vec<&LedgerUnit> = self.dir.units.iter().filter(|u| unit_text(&u.name) == unit_text(text)).collect();
        let found = if exact.is_empty() {
            let key = township_key(text);
            self.dir
                .units
                .iter()
                .filter(|u| u.level == Some(UnitLevel::Township) && township_key(&u.name) == key)
                .collect()
        } else {
            exact
        };
        match found.as_slice() {
            [one] if one.in_scope => Ok(one.id),
            [_] => Err(Msg::new(
                format!("责任单位“{text}”不在您的工作范围内"),
                format!("The responsible unit {text:?} is outside your scope"),
            )),
            [] => Err(Msg::new(format!("找不到责任单位“{text}”"), format!("No unit {text:?}"))),
            many => Err(Msg::new(
                format!("有{}个单位叫“{text}”，请写全称", many.len()),
                format!("{} units are called {text:?}; write the full name", many.len()),
            )),
        }
    }

    /// The importing user's own unit, for a row that names none: refused
    /// when their scope does not cover it (a project officer's, say).
    pub fn own_unit(&self, id: Uuid) -> Result<Uuid, Msg> {
        match self.dir.units.iter().find(|u| u.id == id) {
            Some(u) if u.in_scope => Ok(id),
            _ => Err(Msg::new(
                "请填写责任单位（您所在的单位不能作为项目责任单位）",
                "Give the responsible unit (your own unit is outside your project scope)",
            )),
        }
    }

    /// The officer a cell names, by username or display name (with or
    /// without its bracketed remark).
    pub fn officer(&self, text: &str) -> Result<Uuid, Msg> {
        let users = &self.dir.users;
        let by_username: Vec<Uuid> =
            users.iter().filter(|u| u.username.eq_ignore_ascii_case(text)).map(|u| u.id).collect();
        let found = if by_username.is_empty() {
            users.iter().filter(|u| u.display_name == text || bare(&u.display_name) == text).map(|u| u.id).collect()
        } else {
            by_username
        };
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(Msg::new(
                format!("找不到项目警官“{text}”（用户名或姓名）"),
                format!("No project officer {text:?} (username or name)"),
            )),
            many => Err(Msg::new(
                format!("有{}位用户叫“{text}”，请填写用户名", many.len()),
                format!("{} users are called {text:?}; give the username", many.len()),
            )),
        }
    }

    /// The chamber a cell names.
    pub fn chamber(&self, text: &str) -> Result<Uuid, Msg> {
        let found: Vec<Uuid> =
            self.dir.chambers.iter().filter(|(_, name)| name_key(name) == name_key(text)).map(|(id, _)| *id).collect();
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(Msg::new(format!("找不到商会“{text}”"), format!("No chamber {text:?}"))),
            many => Err(Msg::new(
                format!("有{}个商会叫“{text}”", many.len()),
                format!("{} chambers are called {text:?}", many.len()),
            )),
        }
    }

    /// The township a text names, with or without 镇/乡.
    fn township(&self, text: &str) -> Result<(Uuid, &'a str), Msg> {
        let key = township_key(text);
        self.dir
            .units
            .iter()
            .find(|u| u.level == Some(UnitLevel::Township) && township_key(&u.name) == key)
            .map(|u| (u.id, u.name.as_str()))
            .ok_or_else(|| {
                Msg::new(format!("“{text}”不是本县的乡镇"), format!("{text:?} is not a township of the county"))
            })
    }

    /// The one fellow the user may see called `f.name` (in `f.township`, or
    /// anywhere in the county without one).
    pub fn fellow(&self, f: &NamedFellow) -> Result<Uuid, Msg> {
        let township = f.township.as_deref().map(|t| self.township(t)).transpose()?;
        let name = &f.name;
        let found: Vec<Uuid> = self
            .fellows
            .get(&name_key(name))
            .into_iter()
            .flatten()
            .map(|i| &self.dir.fellows[*i])
            .filter(|x| township.is_none_or(|(t, _)| x.township_id == Some(t)))
            .map(|x| x.id)
            .collect();
        let place = township.map_or("本县", |(_, n)| n);
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(Msg::new(
                format!("{place}找不到乡友“{name}”（或不在您的查看范围内）"),
                format!("No fellow {name:?} in {place} (or outside your scope)"),
            )),
            many if township.is_none() => Err(Msg::new(
                format!("本县有{}位乡友叫“{name}”，请注明乡镇，如 {name}（新墙镇）", many.len()),
                format!("{} fellows are called {name:?}; add the township, as in {name}（新墙镇）", many.len()),
            )),
            many => Err(Msg::new(
                format!("{place}有{}位乡友叫“{name}”，无法确定是哪一位", many.len()),
                format!("{} fellows in {place} are called {name:?}; cannot tell which", many.len()),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichao_store::projects::{LedgerFellow, LedgerUser};

    fn dir() -> ProjectDirectory {
        let unit = |n: u128, name: &str, level: UnitLevel, in_scope: bool| LedgerUnit {
            id: Uuid::from_u128(n),
            name: name.into(),
            level: Some(level),
            in_scope,
        };
        let fellow = |n: u128, name: &str, township: u128| LedgerFellow {
            id: Uuid::from_u128(n),
            name: name.into(),
            township_id: Some(Uuid::from_u128(township)),
        };
        let user = |n: u128, username: &str, name: &str| LedgerUser {
            id: Uuid::from_u128(n),
            username: username.into(),
            display_name: name.into(),
        };
        ProjectDirectory {
            units: vec![
                unit(1, "岳阳县", UnitLevel::County, false),
                unit(100, "新墙镇", UnitLevel::Township, true),
                unit(200, "筻口镇", UnitLevel::Township, false),
                unit(101, "新墙村", UnitLevel::Village, true),
            ],
            users: vec![user(10, "zhaoyi", "赵一（招商局）"), user(11, "qian", "钱二"), user(12, "qian2", "钱二")],
            chambers: vec![(Uuid::from_u128(50), "深圳岳阳商会".into())],
            fellows: vec![
                fellow(20, "张三", 100),
                fellow(21, "张三", 200),
                fellow(22, "李四", 100),
                fellow(23, "李四", 100),
            ],
            projects: vec!["汽车内饰件项目".into()],
        }
    }

    fn named(name: &str, township: Option<&str>) -> NamedFellow {
        NamedFellow { name: name.into(), township: township.map(Into::into) }
    }

    #[test]
    fn units_by_name_within_the_scope() {
        let d = dir();
        let m = Matcher::new(&d);
        assert_eq!(m.unit("新墙镇"), Ok(Uuid::from_u128(100)));
        assert_eq!(m.unit("新墙"), Ok(Uuid::from_u128(100)), "a township without 镇");
        assert_eq!(m.unit("新墙村"), Ok(Uuid::from_u128(101)));
        assert_eq!(m.unit("筻口镇").unwrap_err().zh, "责任单位“筻口镇”不在您的工作范围内");
        assert_eq!(m.unit("长沙").unwrap_err().zh, "找不到责任单位“长沙”");
        assert_eq!(m.own_unit(Uuid::from_u128(100)), Ok(Uuid::from_u128(100)));
        assert!(m.own_unit(Uuid::from_u128(1)).unwrap_err().zh.starts_with("请填写责任单位"));
    }

    #[test]
    fn officers_chambers_and_known_projects() {
        let d = dir();
        let m = Matcher::new(&d);
        assert_eq!(m.officer("ZhaoYi"), Ok(Uuid::from_u128(10)));
        assert_eq!(m.officer("赵一"), Ok(Uuid::from_u128(10)));
        assert_eq!(m.officer("钱二").unwrap_err().zh, "有2位用户叫“钱二”，请填写用户名");
        assert!(m.officer("孙三").unwrap_err().zh.starts_with("找不到项目警官“孙三”"));
        assert_eq!(m.chamber("深圳岳阳商会"), Ok(Uuid::from_u128(50)));
        assert_eq!(m.chamber("广州商会").unwrap_err().zh, "找不到商会“广州商会”");
        assert!(m.has_project(" 汽车内饰件项目"));
        assert!(!m.has_project("预制菜项目"));
    }

    #[test]
    fn fellows_by_name_and_township_never_guessed() {
        let d = dir();
        let m = Matcher::new(&d);
        assert_eq!(m.fellow(&named("张三", Some("新墙"))), Ok(Uuid::from_u128(20)));
        assert_eq!(m.fellow(&named("张三", Some("筻口镇"))), Ok(Uuid::from_u128(21)));
        let both = m.fellow(&named("张三", None)).unwrap_err();
        assert_eq!(both.zh, "本县有2位乡友叫“张三”，请注明乡镇，如 张三（新墙镇）");
        let twins = m.fellow(&named("李四", Some("新墙镇"))).unwrap_err();
        assert_eq!(twins.zh, "新墙镇有2位乡友叫“李四”，无法确定是哪一位");
        let none = m.fellow(&named("王五", Some("新墙镇"))).unwrap_err();
        assert_eq!(none.zh, "新墙镇找不到乡友“王五”（或不在您的查看范围内）");
        assert_eq!(m.fellow(&named("张三", Some("长沙"))).unwrap_err().zh, "“长沙”不是本县的乡镇");
    }
}
