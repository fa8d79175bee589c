//! The demo county: 岳阳县 with its 14 townships (PROGRAM.md), generated
//! villages, and one demo user per built-in role. Every name is synthetic.

use guichao_domain::access::BuiltinRole;
use guichao_domain::org::UnitLevel;
use guichao_store::Store;
use guichao_store::org::UnitRow;

pub const CODE: &str = "430621";
pub const NAME: &str = "岳阳县";

/// The 14 townships after the 2015 merger.
pub const TOWNSHIPS: [&str; 14] = [
    "荣家湾镇",
    "黄沙街镇",
    "新墙镇",
    "柏祥镇",
    "筻口镇",
    "公田镇",
    "毛田镇",
    "月田镇",
    "张谷英镇",
    "新开镇",
    "步仙镇",
    "杨林镇",
    "长湖乡",
    "中洲乡",
];

/// Stems for generated village names.
const STEMS: [&str; 47] = [
    "清水", "荷塘", "枫树", "石桥", "桃花", "杨柳", "新屋", "大塘", "长岭", "白沙", "青山", "金盆", "黄泥", "竹林",
    "马鞍", "高桥", "龙湾", "凤形", "双港", "三和", "丰收", "向阳", "光明", "团结", "和平", "永兴", "新华", "东湖",
    "西塘", "南岳", "北港", "中和", "梅子", "桂花", "樟树", "茶园", "柘林", "港口", "湖滨", "洞庭", "望江", "长坡",
    "八一", "红旗", "建新", "民主", "联合",
];

/// (username, display name, role, unit): `None` unit is the county.
pub const USERS: [(&str, &str, BuiltinRole, Option<&str>); 6] = [
    ("admin", "系统管理员", BuiltinRole::SystemAdmin, None),
    ("county", "县招商专班", BuiltinRole::CountyStaff, None),
    ("xinqiang", "新墙镇干部", BuiltinRole::TownshipStaff, Some("新墙镇")),
    ("village", "新墙村干部", BuiltinRole::VillageCadre, Some("新墙村")),
    ("officer", "项目警官", BuiltinRole::ProjectOfficer, None),
    ("leader", "县领导", BuiltinRole::Leader, None),
];

/// Townships and villages: 8 to 15 villages each, the first village of a
/// township named after it (新墙镇 -> 新墙村).
pub fn units() -> Vec<UnitRow> {
    let mut rows = Vec::new();
    let stems: Vec<&str> = STEMS.iter().copied().filter(|s| s.chars().all(|c| !c.is_ascii())).collect();
    for (i, township) in TOWNSHIPS.iter().enumerate() {
        rows.push(UnitRow { name: township.to_string(), level: UnitLevel::Township, parent: None });
        let stem = township.trim_end_matches(['镇', '乡']);
        let mut names = vec![format!("{stem}村")];
        let count = 8 + (i * 5) % 8;
        let mut k = i * 7;
        while names.len() < count {
            let name = format!("{}村", stems[k % stems.len()]);
            if !names.contains(&name) {
                names.push(name);
            }
            k += 3;
        }
        for name in names {
            rows.push(UnitRow { name, level: UnitLevel::Village, parent: Some(township.to_string()) });
        }
    }
    rows
}

/// Creates the demo county if the database has no county yet. Returns whether
/// it was created.
pub async fn ensure(store: &Store, password: &str) -> anyhow::Result<bool> {
    if !store.tenants().await?.is_empty() {
        return Ok(false);
    }
    let tenant = store.create_tenant(CODE, NAME).await?;
    store.import_units(tenant.id, &units()).await?;
    for (username, name, role, unit) in USERS {
        let unit_id = match unit {
            None => tenant.root_unit_id,
            Some(unit) => {
                let ids = store.unit_ids_by_name(tenant.id, unit).await?;
                *ids.first().ok_or_else(|| anyhow::anyhow!("demo unit {unit} missing"))?
            }
        };
        store.bootstrap_user(tenant.id, username, name, unit_id, &[role], password).await?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_township_has_villages_with_unique_names() {
        let rows = units();
        for township in TOWNSHIPS {
            let villages: Vec<_> =
                rows.iter().filter(|r| r.parent.as_deref() == Some(township)).map(|r| &r.name).collect();
            assert!(villages.len() >= 8, "{township}");
            let mut unique = villages.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), villages.len(), "{township}");
        }
        assert!(rows.iter().any(|r| r.name == "新墙村"));
    }
}
