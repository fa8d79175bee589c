//! User-admin pages: the list, the new-user form, the edit form and the
//! password reset.

use super::form::{Choices, UserFormData, choices};
use crate::AppState;
use crate::error::{AppError, PageResult};
use crate::extract::{FormData, IdPath, PageUser};
use crate::layout::{Ctx, show_opt_time};
use crate::list::{ListNav, Order, page_number};
use askama::Template;
use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use guichao_domain::access::{AccountWork, Permission};
use guichao_domain::paging::Paging;
use guichao_store::StoreError;
use guichao_store::org::{NewUser, UserDetail, UserEdit, UserQuery, UserSort, UserSummary};
use serde::Deserialize;
use uuid::Uuid;

const PAGE: u64 = 50;
/// The user list sorts by username (the default) or by name in pinyin order.
const SORTS: &[&str] = &["username", "name"];

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users", get(list).post(create))
        .route("/users/new", get(new_form))
        .route("/users/{id}", get(edit_form).post(update))
        .route("/users/{id}/password", post(reset_password))
        .route("/users/{id}/two-factor/reset", post(reset_two_factor))
        .route("/users/roles", get(roles_page))
        .route("/users/roles/{id}/two-factor", post(set_role_two_factor))
}

#[derive(Template)]
#[template(path = "users/list.html")]
struct ListPage {
    ctx: Ctx,
    q: String,
    users: Vec<UserSummary>,
    nav: ListNav,
    can_write: bool,
    /// Whether the user decides which roles require a second factor.
    sets_two_factor: bool,
}

impl ListPage {
    fn role_names(&self, user: &UserSummary) -> String {
        user.roles
            .iter()
            .map(|code| {
                guichao_domain::access::BuiltinRole::parse(code)
                    .map(|r| r.name(self.ctx.lang).to_string())
                    .unwrap_or(code.clone())
            })
            .collect::<Vec<_>>()
            .join("、")
    }

    fn locked(&self, user: &UserSummary) -> String {
        show_opt_time(&user.locked_until)
    }
}

#[derive(Deserialize)]
struct ListQuery {
    q: Option<String>,
    page: Option<String>,
    sort: Option<String>,
    dir: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    user: PageUser,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> PageResult<Response> {
    let Query(q) = q.map_err(|_| AppError::invalid("查询参数有误", "Bad query"))?;
    let order = Order::parse(&q.sort, &q.dir, SORTS)?;
    let text = q.q.as_deref().map(str::trim).unwrap_or_default().to_string();
    let query = UserQuery {
        q: Some(text.clone()),
        sort: UserSort::parse(order.column).unwrap_or_default(),
        descending: order.descending,
        limit: PAGE,
        ..UserQuery::default()
    };
    let paging = Paging::new(page_number(&q.page)?, PAGE, state.store.count_users(&user.actor, &query).await?);
    let users = state.store.users(&user.actor, &UserQuery { offset: paging.offset(), ..query }).await?;
    let filters = if text.is_empty() { vec![] } else { vec![("q", text.clone())] };
    let caption = match text.as_str() {
        "" => user.lang.pick("用户", "Users").to_string(),
        t => format!("{}“{t}”", user.lang.pick("用户 · 查找", "Users · search ")),
    };
    let page = ListPage {
        ctx: Ctx::new(&user, "/users"),
        q: text,
        users,
        nav: ListNav::new("/users", filters, SORTS, order, paging).with_caption(caption),
        can_write: user.actor.can_do(AccountWork::Existence),
        sets_two_factor: guichao_store::org::check_two_factor_policy(&user.actor).is_ok(),
    };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

#[derive(Template)]
#[template(path = "users/form.html")]
struct FormPage {
    ctx: Ctx,
    /// `None` for a new user.
    user_id: Option<Uuid>,
    data: UserFormData,
    choices: Choices,
    error: Option<String>,
    locked_until: String,
    /// False when the account holds a role the admin could not grant: the
    /// form is shown read-only, without the password reset.
    manageable: bool,
    /// The account has a second factor (whoever may reset the password may reset it).
    two_factor_enrolled: bool,
    /// Whether the name, unit and active flag may be changed (三员分立: the
    /// system admin's work, not the security admin's).
    may_edit: bool,
    /// Whether the password may be reset (the security admin's work).
    may_reset: bool,
}

impl FormPage {
    fn is_unit(&self, id: &Uuid) -> bool {
        self.data.unit_id == Some(*id)
    }

    fn is_village(&self, id: &Uuid) -> bool {
        self.data.village_id == Some(*id)
    }

    /// No role is the admin's to give (the system admin's form: 三员分立).
    fn grants_nothing(&self) -> bool {
        !self.choices.roles.iter().any(|r| r.grantable)
    }

    fn indent(&self, unit: &guichao_store::org::UnitNode) -> &'static str {
        if unit.parent_id.is_some() { "　" } else { "" }
    }
}

/// How the form shows an account: whether it may be edited, and when it is
/// locked until.
struct Shown {
    manageable: bool,
    may_edit: bool,
    may_reset: bool,
    locked_until: String,
}

impl Shown {
    fn new_user() -> Shown {
        Shown { manageable: true, may_edit: true, may_reset: false, locked_until: String::new() }
    }

    fn of(detail: &UserDetail) -> Shown {
        Shown {
            manageable: detail.may_edit || detail.may_grant,
            may_edit: detail.may_edit,
            may_reset: detail.may_reset,
            locked_until: show_opt_time(&detail.summary.locked_until),
        }
    }
}

async fn render_form(
    state: &AppState,
    user: &PageUser,
    user_id: Option<Uuid>,
    data: UserFormData,
    error: Option<(StatusCode, String)>,
    shown: Shown,
) -> PageResult<Response> {
    let choices = choices(state, &user.actor, &data, user.lang).await?;
    let (status, error) = match error {
        Some((status, message)) => (status, Some(message)),
        None => (StatusCode::OK, None),
    };
    let Shown { manageable, may_edit, may_reset, locked_until } = shown;
    let two_factor_enrolled = match user_id {
        Some(id) if may_reset => state.store.user_two_factor_enrolled(&user.actor, id).await?,
        _ => false,
    };
    let page = FormPage {
        ctx: Ctx::new(user, "/users"),
        user_id,
        data,
        choices,
        error,
        locked_until,
        manageable,
        two_factor_enrolled,
        may_edit,
        may_reset,
    };
    Ok((status, Html(page.render().map_err(AppError::internal)?)).into_response())
}

async fn new_form(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    user.actor.account_scope(AccountWork::Existence)?;
    let data = UserFormData {
        username: String::new(),
        display_name: String::new(),
        unit_id: Some(user.actor.unit_id()),
        village_id: None,
        role_ids: vec![],
        active: true,
        version: 0,
    };
    render_form(&state, &user, None, data, None, Shown::new_user()).await
}

/// The refusal to act on an account that holds a role the admin could not
/// grant, shown on the (read-only) form. The store refuses the same way.
fn holds_more(user: &PageUser) -> Option<(StatusCode, String)> {
    let message = user.lang.pick(
        "该用户持有超出您权限的角色，您不能修改其账号或重置其密码",
        "This user holds a role beyond your own rights; you cannot change the account or reset its password",
    );
    Some((StatusCode::FORBIDDEN, message.to_string()))
}

/// A rule broken on save, to show on the form again with what the user typed:
/// the status (422, or 409 for a conflict) and the message.
fn user_message(e: StoreError, user: &PageUser) -> Result<(StatusCode, String), AppError> {
    match AppError::from(e) {
        AppError::Invalid(m) => Ok((StatusCode::UNPROCESSABLE_ENTITY, m.get(user.lang).to_string())),
        AppError::Conflict(m) => Ok((StatusCode::CONFLICT, m.get(user.lang).to_string())),
        other => Err(other),
    }
}

async fn create(State(state): State<AppState>, user: PageUser, form: FormData) -> PageResult<Response> {
    let data = UserFormData::from_form(&form);
    let unit_id = match data.chosen_unit() {
        Ok(id) => id,
        Err(e) => {
            return render_form(
                &state,
                &user,
                None,
                data,
                Some((StatusCode::UNPROCESSABLE_ENTITY, e.message(user.lang))),
                Shown::new_user(),
            )
            .await;
        }
    };
    let new = NewUser {
        username: data.username.clone(),
        display_name: data.display_name.clone(),
        unit_id,
        role_ids: data.role_ids.clone(),
        password: form.get("password"),
    };
    match state.store.create_user(&user.actor, new).await {
        Ok(id) => Ok(Redirect::to(&format!("/users/{id}")).into_response()),
        Err(e) => {
            let message = user_message(e, &user)?;
            render_form(&state, &user, None, data, Some(message), Shown::new_user()).await
        }
    }
}

/// The form as it shows a stored user: a village's township goes in the first
/// select and the village in the second, so saving keeps the unit as it is.
async fn stored_form(state: &AppState, user: &PageUser, detail: &UserDetail) -> UserFormData {
    let unit = state.store.unit(&user.actor, Permission::UsersRead, detail.summary.unit_id).await;
    let (unit_id, village_id) = match unit {
        Ok(u) if u.level == guichao_domain::org::UnitLevel::Village => (u.parent_id, Some(u.id)),
        _ => (Some(detail.summary.unit_id), None),
    };
    UserFormData {
        username: detail.summary.username.clone(),
        display_name: detail.summary.display_name.clone(),
        unit_id,
        village_id,
        role_ids: detail.role_ids.clone(),
        active: detail.summary.active,
        version: detail.version,
    }
}

async fn edit_form(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let detail = state.store.user(&user.actor, id).await?;
    let data = stored_form(&state, &user, &detail).await;
    render_form(&state, &user, Some(id), data, None, Shown::of(&detail)).await
}

async fn update(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let mut data = UserFormData::from_form(&form);
    let current = state.store.user(&user.actor, id).await?;
    let admin = user.actor.can_do(AccountWork::Existence) || user.actor.can_do(AccountWork::Roles);
    if !current.manageable && admin {
        let data = stored_form(&state, &user, &current).await;
        return render_form(&state, &user, Some(id), data, holds_more(&user), Shown::of(&current)).await;
    }
    if !current.may_edit {
        // The fields this admin may not change were shown disabled and not
        // sent: they stay as stored.
        let stored = stored_form(&state, &user, &current).await;
        data.display_name = stored.display_name;
        data.unit_id = stored.unit_id;
        data.village_id = stored.village_id;
        data.active = stored.active;
    }
    data.username = current.summary.username.clone();
    let unit_id = match data.chosen_unit() {
        Ok(u) => u,
        Err(e) => {
            return render_form(
                &state,
                &user,
                Some(id),
                data,
                Some((StatusCode::UNPROCESSABLE_ENTITY, e.message(user.lang))),
                Shown::of(&current),
            )
            .await;
        }
    };
    let edit = UserEdit {
        display_name: data.display_name.clone(),
        unit_id,
        role_ids: data.role_ids.clone(),
        active: data.active,
        version: data.version,
    };
    match state.store.update_user(&user.actor, id, edit).await {
        Ok(()) => Ok(Redirect::to(&format!("/users/{id}")).into_response()),
        Err(e) => {
            let message = user_message(e, &user)?;
            render_form(&state, &user, Some(id), data, Some(message), Shown::of(&current)).await
        }
    }
}

async fn reset_password(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    let error = match state.store.reset_password(&user.actor, id, &form.get("password")).await {
        Ok(()) => return Ok(Redirect::to(&format!("/users/{id}")).into_response()),
        Err(StoreError::Forbidden) if user.actor.can_do(AccountWork::Password) => holds_more(&user),
        Err(e) => Some(user_message(e, &user)?),
    };
    let detail = state.store.user(&user.actor, id).await?;
    let data = stored_form(&state, &user, &detail).await;
    render_form(&state, &user, Some(id), data, error, Shown::of(&detail)).await
}

/// An admin removes a user's second factor (a lost phone): with the same
/// right as resetting the user's password. The user enrols again at their
/// next sign-in if their role requires it.
async fn reset_two_factor(State(state): State<AppState>, user: PageUser, IdPath(id): IdPath) -> PageResult<Response> {
    let error = match state.store.reset_two_factor(&user.actor, id).await {
        Ok(()) => return Ok(Redirect::to(&format!("/users/{id}")).into_response()),
        Err(StoreError::Forbidden) if user.actor.can(Permission::UsersWrite) => holds_more(&user),
        Err(e) => Some(user_message(e, &user)?),
    };
    let detail = state.store.user(&user.actor, id).await?;
    let data = stored_form(&state, &user, &detail).await;
    render_form(&state, &user, Some(id), data, error, Shown::of(&detail)).await
}

#[derive(Template)]
#[template(path = "users/roles.html")]
struct RolesPage {
    ctx: Ctx,
    roles: Vec<RoleRow>,
}

struct RoleRow {
    id: Uuid,
    name: String,
    /// Required whatever the county says (an administrator role).
    always: bool,
    marked: bool,
}

/// The county's roles and which of them require two-factor sign-in
/// (`check_two_factor_policy`).
async fn roles_page(State(state): State<AppState>, user: PageUser) -> PageResult<Response> {
    guichao_store::org::check_two_factor_policy(&user.actor)?;
    let roles = state
        .store
        .roles(user.actor.tenant_id())
        .await?
        .into_iter()
        .map(|r| RoleRow {
            id: r.id,
            name: r.display_name(user.lang),
            always: r.requires_two_factor && !r.marked_two_factor,
            marked: r.marked_two_factor,
        })
        .collect();
    let page = RolesPage { ctx: Ctx::new(&user, "/users"), roles };
    Ok(Html(page.render().map_err(AppError::internal)?).into_response())
}

async fn set_role_two_factor(
    State(state): State<AppState>,
    user: PageUser,
    IdPath(id): IdPath,
    form: FormData,
) -> PageResult<Response> {
    state.store.set_role_requires_two_factor(&user.actor, id, form.get("required") == "1").await?;
    Ok(Redirect::to("/users/roles").into_response())
}
