//! The user form's choices: units the admin may assign (county and townships,
//! then the villages of the chosen township) and roles with whether the admin
//! may grant each.

use crate::AppState;
use crate::error::AppError;
use crate::extract::FormData;
use guichao_domain::Lang;
use guichao_domain::access::{AccountWork, Grants, Permission, may_grant};
use guichao_domain::org::UnitLevel;
use guichao_store::Actor;
use guichao_store::org::UnitNode;
use uuid::Uuid;

pub struct RoleChoice {
    pub id: Uuid,
    pub name: String,
    pub grantable: bool,
    pub checked: bool,
}

/// What the form shows and what the user typed.
pub struct UserFormData {
    pub username: String,
    pub display_name: String,
    pub unit_id: Option<Uuid>,
    pub village_id: Option<Uuid>,
    pub role_ids: Vec<Uuid>,
    pub active: bool,
    pub version: i32,
}

pub struct Choices {
    pub units: Vec<UnitNode>,
    pub villages: Vec<UnitNode>,
    pub roles: Vec<RoleChoice>,
}

impl UserFormData {
    pub fn from_form(form: &FormData) -> UserFormData {
        let id = |name: &str| Uuid::parse_str(&form.get(name)).ok();
        UserFormData {
            username: form.get("username"),
            display_name: form.get("display_name"),
            unit_id: id("unit_id"),
            village_id: id("village_id"),
            role_ids: form.all("role_ids").iter().filter_map(|r| Uuid::parse_str(r).ok()).collect(),
            active: form.has("active"),
            version: form.get("version").parse().unwrap_or(0),
        }
    }

    /// The unit chosen: the village when one is picked, else the township or county.
    pub fn chosen_unit(&self) -> Result<Uuid, AppError> {
        self.village_id.or(self.unit_id).ok_or_else(|| AppError::invalid("请选择所属单位", "Please choose a unit"))
    }
}

pub async fn choices(state: &AppState, actor: &Actor, data: &UserFormData, lang: Lang) -> Result<Choices, AppError> {
    let store = &state.store;
    // The security admin sees the unit (read-only) through `admin.users.read`.
    let permission = if actor.can_do(AccountWork::Existence) { Permission::UsersWrite } else { Permission::UsersRead };
    let units = store.units_at_levels(actor, permission, &[UnitLevel::County, UnitLevel::Township], 500).await?;
    let grants_roles = actor.can_do(AccountWork::Roles);
    let villages = match data.unit_id {
        Some(township) => store.unit_children(actor, Some(township)).await.unwrap_or_default(),
        None => vec![],
    };
    let roles = store
        .roles(actor.tenant_id())
        .await?
        .into_iter()
        .map(|r| RoleChoice {
            grantable: grants_roles
                && may_grant(actor.grants(), actor.admin_duty(), &Grants::from_pairs(r.grants.iter().copied())),
            checked: data.role_ids.contains(&r.id),
            name: r.display_name(lang),
            id: r.id,
        })
        .collect();
    Ok(Choices { units, villages, roles })
}
