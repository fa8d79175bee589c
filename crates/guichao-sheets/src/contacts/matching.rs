//! Finding who a log row means among the fellows the importing user may see
//! and the county's users: a fellow by phone (its blind index, as the fellow
//! import finds duplicates) or by name within the township, a township with
//! or without 镇/乡, a cadre by username or display name. A fellow the user
//! may not see is not found, and the reason never says otherwise.

use crate::normalize::township_key;
use guichao_domain::Msg;
use guichao_domain::search::normalize;
use guichao_store::contacts::ContactDirectory;
use std::collections::HashMap;
use uuid::Uuid;

/// The directory indexed for look-ups.
pub struct Matcher<'a> {
    dir: &'a ContactDirectory,
    by_name: HashMap<String, Vec<usize>>,
    by_phone: HashMap<&'a str, Vec<usize>>,
}

/// A display name without its bracketed remark: `王建国（新墙镇干部）` → `王建国`.
fn bare(name: &str) -> &str {
    name.split(['（', '(']).next().unwrap_or(name).trim()
}

impl<'a> Matcher<'a> {
    pub fn new(dir: &'a ContactDirectory) -> Matcher<'a> {
        let mut by_name: HashMap<String, Vec<usize>> = HashMap::new();
        let mut by_phone: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, f) in dir.fellows.iter().enumerate() {
            by_name.entry(normalize(&f.name)).or_default().push(i);
            if let Some(p) = &f.phone_index {
                by_phone.entry(p.as_str()).or_default().push(i);
            }
        }
        Matcher { dir, by_name, by_phone }
    }

    /// The township a cell names, with or without 镇/乡.
    pub fn township(&self, text: &str) -> Result<(Uuid, &'a str), Msg> {
        let key = township_key(text);
        self.dir
            .townships
            .iter()
            .find(|(_, name)| township_key(name) == key)
            .map(|(id, name)| (*id, name.as_str()))
            .ok_or_else(|| {
                Msg::new(format!("“{text}”不是本县的乡镇"), format!("{text:?} is not a township of the county"))
            })
    }

    /// The fellow with this phone's blind index, if exactly one.
    pub fn by_phone(&self, index: &str) -> Option<Uuid> {
        match self.by_phone.get(index).map(Vec::as_slice) {
            Some([one]) => Some(self.dir.fellows[*one].id),
            _ => None,
        }
    }

    /// Whether fellow `id` is called `name`.
    pub fn is_named(&self, id: Uuid, name: &str) -> bool {
        self.dir.fellows.iter().any(|f| f.id == id && normalize(&f.name) == normalize(name))
    }

    /// The one fellow called `name` in `township` (anywhere in the county
    /// without one): unknown when there is none, ambiguous when there are several.
    pub fn by_name(&self, name: &str, township: Option<(Uuid, &str)>) -> Result<Uuid, Msg> {
        let found: Vec<Uuid> = self
            .by_name
            .get(&normalize(name))
            .into_iter()
            .flatten()
            .map(|i| &self.dir.fellows[*i])
            .filter(|f| township.is_none_or(|(t, _)| f.township_id == Some(t)))
            .map(|f| f.id)
            .collect();
        let place = township.map_or("本县", |(_, n)| n);
        match found.as_slice() {
            [one] => Ok(*one),
            [] => Err(Msg::new(
                format!("{place}找不到乡友“{name}”（或不在您的联系工作范围内）"),
                format!("No fellow {name:?} in {place} (or outside your liaison scope)"),
            )),
            many => Err(Msg::new(
                format!("{place}有{}位乡友叫“{name}”，请填写电话以区分", many.len()),
                format!("{} fellows in {place} are called {name:?}; add the phone to tell them apart", many.len()),
            )),
        }
    }

    /// The cadres a cell names, separated by 、 , ， / ; or spaces, each by
    /// username or display name (with or without its bracketed remark).
    pub fn cadres(&self, text: &str) -> Result<Vec<Uuid>, Msg> {
        let mut out = Vec::new();
        for word in text.split(['、', ',', '，', '/', ';', '；', ' ', '　']).map(str::trim).filter(|w| !w.is_empty())
        {
            let by_username: Vec<Uuid> =
                self.dir.cadres.iter().filter(|c| c.username.eq_ignore_ascii_case(word)).map(|c| c.id).collect();
            let found = if by_username.is_empty() {
                self.dir
                    .cadres
                    .iter()
                    .filter(|c| c.display_name == word || bare(&c.display_name) == word)
                    .map(|c| c.id)
                    .collect()
            } else {
                by_username
            };
            match found.as_slice() {
                [one] => out.push(*one),
                [] => {
                    return Err(Msg::new(
                        format!("找不到联系干部“{word}”（用户名或姓名）"),
                        format!("No cadre {word:?} (username or name)"),
                    ));
                }
                many => {
                    return Err(Msg::new(
                        format!("有{}位干部叫“{word}”，请填写用户名", many.len()),
                        format!("{} cadres are called {word:?}; give the username", many.len()),
                    ));
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use guichao_store::contacts::{DirectoryCadre, DirectoryFellow};

    fn dir() -> ContactDirectory {
        let fellow = |n: u128, name: &str, township: u128, phone: Option<&str>| DirectoryFellow {
            id: Uuid::from_u128(n),
            name: name.into(),
            township_id: Some(Uuid::from_u128(township)),
            phone_index: phone.map(str::to_string),
        };
        let cadre = |n: u128, username: &str, name: &str| DirectoryCadre {
            id: Uuid::from_u128(n),
            username: username.into(),
            display_name: name.into(),
        };
        ContactDirectory {
            fellows: vec![
                fellow(1, "张伟", 100, Some("p1")),
                fellow(2, "张伟", 100, Some("p2")),
                fellow(3, "张伟", 200, None),
                fellow(4, "李娜", 100, None),
            ],
            cadres: vec![
                cadre(10, "xinqiang", "新墙镇干部"),
                cadre(11, "wangjianguo", "王建国（新墙镇干部）"),
                cadre(12, "wangjianguo2", "王建国（柏祥镇干部）"),
            ],
            townships: vec![(Uuid::from_u128(100), "新墙镇".into()), (Uuid::from_u128(200), "柏祥镇".into())],
        }
    }

    #[test]
    fn fellows_by_name_in_the_township_or_by_phone() {
        let d = dir();
        let m = Matcher::new(&d);
        let xinqiang = m.township("新墙").unwrap();
        assert_eq!(xinqiang.0, Uuid::from_u128(100));
        assert!(m.township("长沙").unwrap_err().zh.contains("不是本县的乡镇"));
        assert_eq!(m.by_name("李娜", Some(xinqiang)), Ok(Uuid::from_u128(4)));
        assert_eq!(m.by_name("张伟", Some(m.township("柏祥镇").unwrap())), Ok(Uuid::from_u128(3)));
        assert_eq!(m.by_name("张伟", Some(xinqiang)).unwrap_err().zh, "新墙镇有2位乡友叫“张伟”，请填写电话以区分");
        assert!(m.by_name("王五", Some(xinqiang)).unwrap_err().zh.starts_with("新墙镇找不到乡友“王五”"));
        assert!(m.by_name("李娜", None).is_ok(), "one in the county");
        assert_eq!(m.by_phone("p2"), Some(Uuid::from_u128(2)));
        assert_eq!(m.by_phone("p9"), None);
        assert!(m.is_named(Uuid::from_u128(2), "张伟") && !m.is_named(Uuid::from_u128(2), "李娜"));
    }

    #[test]
    fn cadres_by_username_or_name() {
        let d = dir();
        let m = Matcher::new(&d);
        assert_eq!(m.cadres("xinqiang"), Ok(vec![Uuid::from_u128(10)]));
        assert_eq!(m.cadres("新墙镇干部、WangJianGuo2"), Ok(vec![Uuid::from_u128(10), Uuid::from_u128(12)]));
        assert_eq!(m.cadres("王建国（新墙镇干部）"), Ok(vec![Uuid::from_u128(11)]));
        assert_eq!(m.cadres("王建国").unwrap_err().zh, "有2位干部叫“王建国”，请填写用户名");
        assert!(m.cadres("赵六").unwrap_err().zh.contains("找不到联系干部“赵六”"));
    }
}
