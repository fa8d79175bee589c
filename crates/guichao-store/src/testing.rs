//! Test support shared by the store's and the web crate's tests: a fresh database
//! per test on SQLite and, when `GUICHAO_TEST_POSTGRES_URL` is set, on PostgreSQL;
//! and a small county to test against. Under `CI=true` the variable must be set:
//! CI that silently skipped the PostgreSQL half would pass without testing it.

use crate::org::UnitRow;
use crate::{Actor, Backend, Store};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::org::UnitLevel;
use sea_orm::{ConnectionTrait, Database};
use std::collections::HashMap;
use std::future::Future;
use uuid::Uuid;

/// The key for personal data in tests (fixed, so test databases can be reopened).
pub fn test_key() -> crate::crypto::FieldKey {
    crate::crypto::FieldKey::from_master(&[42; 32])
}

/// The password every test user gets.
pub const TEST_PASSWORD: &str = "Test-pass-1";

/// A fresh, migrated database. Dropping a PostgreSQL one needs `cleanup`.
pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    /// Where the test's uploaded files go, removed with it.
    _files: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

impl TestDb {
    /// A fresh database on `backend`, or `None` for PostgreSQL when no server is
    /// configured.
    pub async fn new(backend: Backend) -> Option<TestDb> {
        let db = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("test.db").display());
                let store = Store::connect(&url).await.expect("open sqlite");
                TestDb { store, url, _dir: Some(dir), _files: None, pg_admin: None }
            }
            Backend::Postgres => {
                let ci = std::env::var("CI").ok();
                let url = std::env::var("GUICHAO_TEST_POSTGRES_URL").ok();
                let admin_url = postgres_url_or_fail(ci.as_deref(), url.as_deref())?;
                let name = format!("guichao_test_{}", Uuid::now_v7().simple());
                let admin = Database::connect(&admin_url).await.expect("connect to GUICHAO_TEST_POSTGRES_URL");
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create test database");
                admin.close().await.ok();
                let url = match admin_url.rsplit_once('/') {
                    Some((base, _)) => format!("{base}/{name}"),
                    None => panic!("GUICHAO_TEST_POSTGRES_URL needs a database path"),
                };
                let store = Store::connect(&url).await.expect("open test database");
                TestDb { store, url, _dir: None, _files: None, pg_admin: Some((admin_url, name)) }
            }
        };
        db.store.migrate().await.expect("migrate");
        let files = tempfile::tempdir().expect("temp dir for files");
        let store = db.store.clone().with_field_key(test_key()).with_data_dir(files.path());
        let db = TestDb { store, _files: Some(files), ..db };
        Some(db)
    }

    /// Closes the store and drops a PostgreSQL test database.
    pub async fn cleanup(self) {
        let TestDb { store, pg_admin, .. } = self;
        store.system().connection().clone().close().await.ok();
        if let Some((admin_url, name)) = pg_admin
            && let Ok(admin) = Database::connect(&admin_url).await
        {
            admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok();
            admin.close().await.ok();
        }
    }
}

impl TestDb {
    /// A URL for an empty database on the same backend (a SQLite file not
    /// made yet, or a new PostgreSQL database): a restore's target.
    pub async fn scratch(&self) -> Scratch {
        match &self.pg_admin {
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("restored.db").display());
                Scratch { url, _dir: Some(dir), pg_admin: None }
            }
            Some((admin_url, _)) => {
                let name = format!("guichao_test_{}", Uuid::now_v7().simple());
                let admin = Database::connect(admin_url).await.expect("connect to GUICHAO_TEST_POSTGRES_URL");
                admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.expect("create scratch database");
                admin.close().await.ok();
                let base = admin_url.rsplit_once('/').expect("a database path").0;
                Scratch { url: format!("{base}/{name}"), _dir: None, pg_admin: Some((admin_url.clone(), name)) }
            }
        }
    }
}

/// An empty database made by [`TestDb::scratch`]; `cleanup` drops it.
pub struct Scratch {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg_admin: Option<(String, String)>,
}

impl Scratch {
    pub async fn cleanup(self) {
        if let Some((admin_url, name)) = self.pg_admin
            && let Ok(admin) = Database::connect(&admin_url).await
        {
            admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok();
            admin.close().await.ok();
        }
    }
}

/// Every table of the database behind `store` (the migrations' own included)
/// with its rows as text, sorted: for comparing two databases whole.
pub async fn every_table(store: &Store) -> std::collections::BTreeMap<String, Vec<String>> {
    use sea_orm::{FromQueryResult, JsonValue, Statement};
    let db = store.system().connection();
    let backend = db.get_database_backend();
    let texts = |sql: String| async move {
        JsonValue::find_by_statement(Statement::from_string(backend, sql))
            .all(db)
            .await
            .expect("read")
            .into_iter()
            .map(|r| r["t"].as_str().map(str::to_string).unwrap_or_else(|| r["t"].to_string()))
            .collect::<Vec<String>>()
    };
    let sqlite = store.backend() == Backend::Sqlite;
    let tables = if sqlite {
        texts("SELECT name AS t FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'".into()).await
    } else {
        texts("SELECT tablename::text AS t FROM pg_tables WHERE schemaname = 'public'".into()).await
    };
    let mut out = std::collections::BTreeMap::new();
    for table in tables {
        let sql = if sqlite {
            let cols = texts(format!("SELECT name AS t FROM pragma_table_info('{table}')")).await;
            let row = cols.iter().map(|c| format!("quote(\"{c}\")")).collect::<Vec<_>>().join(" || '|' || ");
            format!("SELECT {row} AS t FROM \"{table}\"")
        } else {
            format!("SELECT CAST(x AS text) AS t FROM \"{table}\" AS x")
        };
        let mut rows = texts(sql).await;
        rows.sort();
        out.insert(table, rows);
    }
    out
}

/// The PostgreSQL server to test on, given the environment's `CI` and
/// `GUICHAO_TEST_POSTGRES_URL`: `None` (skip the PostgreSQL half) only outside
/// CI; under `CI=true` a missing or empty URL panics, so the suite fails instead
/// of passing with half its tests unrun.
pub fn postgres_url_or_fail(ci: Option<&str>, url: Option<&str>) -> Option<String> {
    match url.map(str::trim).filter(|u| !u.is_empty()) {
        Some(url) => Some(url.to_string()),
        None if ci.is_some_and(|c| c.trim().eq_ignore_ascii_case("true")) => panic!(
            "CI=true but GUICHAO_TEST_POSTGRES_URL is not set: the PostgreSQL half of the tests would be \
             skipped. Set GUICHAO_TEST_POSTGRES_URL=postgres://USER@HOST:PORT/DB (see .ci/run)."
        ),
        None => None,
    }
}

/// Runs `body` against a fresh database on `backend`; skips PostgreSQL when no
/// server is configured, except under `CI=true` (see [`postgres_url_or_fail`]).
pub async fn run<F, Fut>(backend: Backend, body: F)
where
    F: FnOnce(TestDb) -> Fut + Send + 'static,
    Fut: Future<Output = TestDb> + Send + 'static,
{
    let Some(db) = TestDb::new(backend).await else {
        eprintln!("GUICHAO_TEST_POSTGRES_URL is not set: PostgreSQL half skipped");
        return;
    };
    let pg = db.pg_admin.clone();
    match tokio::spawn(body(db)).await {
        Ok(db) => db.cleanup().await,
        Err(panic) => {
            if let Some((admin_url, name)) = pg
                && let Ok(admin) = Database::connect(&admin_url).await
            {
                admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok();
            }
            std::panic::resume_unwind(panic.into_panic());
        }
    }
}

/// Declares a test that runs once on SQLite and once on PostgreSQL. The body is
/// a closure from `TestDb` to a future giving the `TestDb` back.
#[macro_export]
macro_rules! store_test {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::testing::run($crate::Backend::Sqlite, $body).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::testing::run($crate::Backend::Postgres, $body).await
            }
        }
    };
}

/// The test county: 岳阳县 with townships 新墙镇 (villages 新墙村, 清水村) and
/// 筻口镇 (village 筻口村), plus a second tenant 平江县 with 安定镇.
pub struct County {
    pub tenant_id: Uuid,
    pub other_tenant_id: Uuid,
    units: HashMap<String, Uuid>,
}

impl County {
    pub async fn seed(store: &Store) -> County {
        let t = store.system().create_tenant("430621", "岳阳县").await.expect("tenant");
        let rows = [
            ("新墙镇", UnitLevel::Township, None),
            ("筻口镇", UnitLevel::Township, None),
            ("新墙村", UnitLevel::Village, Some("新墙镇")),
            ("清水村", UnitLevel::Village, Some("新墙镇")),
            ("筻口村", UnitLevel::Village, Some("筻口镇")),
        ]
        .map(|(name, level, parent)| UnitRow { name: name.into(), level, parent: parent.map(Into::into) });
        store.system().import_units(t.id, &rows).await.expect("units");
        let other = store.system().create_tenant("430626", "平江县").await.expect("other tenant");
        store
            .system()
            .import_units(other.id, &[UnitRow { name: "安定镇".into(), level: UnitLevel::Township, parent: None }])
            .await
            .expect("other units");
        let mut units = HashMap::new();
        for tenant in [t.id, other.id] {
            collect_units(store, tenant, &mut units).await;
        }
        County { tenant_id: t.id, other_tenant_id: other.id, units }
    }

    /// The id of a unit by name (岳阳县, 新墙镇, 新墙村, 平江县, 安定镇 ...).
    pub fn unit(&self, name: &str) -> Uuid {
        *self.units.get(name).unwrap_or_else(|| panic!("no unit {name}"))
    }

    /// Creates a user with one built-in role at a unit and returns them as an actor.
    pub async fn user(&self, store: &Store, username: &str, role: BuiltinRole, unit: &str) -> Actor {
        let tenant = if ["平江县", "安定镇"].contains(&unit) { self.other_tenant_id } else { self.tenant_id };
        let id = store
            .system()
            .bootstrap_user(tenant, username, username, self.unit(unit), &[role], TEST_PASSWORD)
            .await
            .expect("user");
        store.system().actor(tenant, id).await.expect("actor")
    }
}

impl Store {
    /// The audit admin (三员分立) of `like`'s county, made on first use as
    /// `test_auditor` at the county unit: tests that check what a write
    /// recorded read the audit log as the one role that may.
    pub async fn test_auditor(&self, like: &Actor) -> Actor {
        let tenant = like.tenant_id();
        let id = match self.system().user_id_by_name(tenant, "test_auditor").await.expect("user") {
            Some(id) => id,
            None => {
                let root = self.tenants().await.expect("tenants").into_iter().find(|t| t.id == tenant).expect("tenant");
                self.system()
                    .bootstrap_user(
                        tenant,
                        "test_auditor",
                        "审计",
                        root.root_unit_id,
                        &[BuiltinRole::AuditAdmin],
                        TEST_PASSWORD,
                    )
                    .await
                    .expect("auditor")
            }
        };
        self.system().actor(tenant, id).await.expect("actor")
    }
}

impl County {
    /// Adds `permission` with `scope` to the built-in `role` of the test
    /// county, as an admin defining a custom role would: what every holder of
    /// the role then reads (in a session as well as here).
    pub async fn grant_to_role(
        &self,
        store: &Store,
        role: BuiltinRole,
        permission: Permission,
        scope: guichao_domain::access::DataScope,
    ) {
        use crate::entities::role_grant;
        use sea_orm::{ActiveValue::Set, EntityTrait};
        let role_id = store.system().builtin_role_id(self.tenant_id, role).await.expect("role");
        let grant = role_grant::ActiveModel {
            tenant_id: Set(self.tenant_id),
            role_id: Set(role_id),
            permission: Set(permission.code().to_string()),
            scope: Set(scope.code().to_string()),
        };
        role_grant::Entity::insert(grant).exec_without_returning(store.system().connection()).await.expect("grant");
    }

    /// A fellow form with the essentials filled in: a name, 工商企, a home
    /// township (and village, when given) of the test county.
    pub fn fellow_form(
        &self,
        name: &str,
        township: &str,
        village: Option<&str>,
    ) -> guichao_domain::fellows::FellowForm {
        guichao_domain::fellows::FellowForm {
            name: name.into(),
            category: "industry_commerce".into(),
            township_id: self.unit(township).to_string(),
            village_id: village.map(|v| self.unit(v).to_string()).unwrap_or_default(),
            city: "深圳".into(),
            ..Default::default()
        }
    }

    /// Creates a fellow from a form as `actor`.
    pub async fn fellow(&self, store: &Store, actor: &Actor, form: guichao_domain::fellows::FellowForm) -> Uuid {
        let draft = form.parse(guichao_domain::date::today()).expect("valid form");
        store.fellows(actor, Permission::FellowWrite).expect("fellow.write").create(draft).await.expect("fellow")
    }
}

/// A chamber in another city, with nothing else filled in.
pub fn remote_chamber(name: &str, city: &str) -> crate::chambers::ChamberDraft {
    crate::chambers::ChamberDraft {
        name: name.into(),
        kind: guichao_domain::chambers::ChamberKind::Remote,
        city: city.into(),
        township_id: None,
        founded: None,
        notes: String::new(),
    }
}

/// The same user with one more grant, as a custom role would add (grants of
/// several roles unite): for rules no built-in role reaches.
pub fn with_grant(actor: &Actor, permission: Permission, scope: guichao_domain::access::DataScope) -> Actor {
    let grants = actor.grants.iter().chain([(permission, scope)]);
    Actor { grants: guichao_domain::access::Grants::from_pairs(grants), ..actor.clone() }
}

async fn collect_units(store: &Store, tenant_id: Uuid, out: &mut HashMap<String, Uuid>) {
    use crate::entities::org_unit;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    for u in org_unit::Entity::find()
        .filter(org_unit::Column::TenantId.eq(tenant_id))
        .all(store.system().connection())
        .await
        .unwrap()
    {
        out.insert(u.name, u.id);
    }
}

#[allow(dead_code)]
fn _send_checks(store: &Store, a: &Actor, d: guichao_domain::fellows::FellowDraft, id: Uuid) {
    fn s<T: Send>(_: T) {}
    let fellows = store.fellows(a, Permission::FellowRead).unwrap();
    s(fellows.create(d.clone()));
    s(fellows.update(id, d, 1));
    s(fellows.get(id));
    s(fellows.list(&crate::fellows::FellowQuery::default()));
    s(fellows.search("x", 1));
    s(fellows.reveal(id, crate::fellows::PersonalField::Phone));
    s(fellows.history(id));
    s(fellows.archive(id));
}

/// Runs migration m0043 (三员分立) again over the database as it now stands:
/// for the test of a county upgraded from before it.
pub async fn rerun_m0043(store: &Store) {
    use sea_orm_migration::{MigrationTrait, SchemaManager};
    let manager = SchemaManager::new(&store.db);
    crate::migration::m0043_three_admins::Migration.up(&manager).await.expect("m0043");
}

/// Runs SQL straight on the database, as someone who can write to it would
/// (tests of tampering, from crates without a database library).
pub async fn execute(store: &Store, sql: &str) {
    store.system().connection().execute_unprepared(sql).await.expect("execute");
}

/// Re-links a county's whole chain with the unkeyed sha256 of chains written
/// before the chain key, and sets the county's head to match: what a database
/// writer who knows the algorithm but not the key can do, and what a database
/// from before the key holds.
pub async fn relink_without_key(store: &Store, tenant_id: Uuid) {
    use crate::entities::{audit_event, tenant};
    use sea_orm::sea_query::Expr;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    let db = store.system().connection();
    let events = audit_event::Entity::find()
        .filter(audit_event::Column::TenantId.eq(tenant_id))
        .order_by_asc(audit_event::Column::Seq)
        .all(db)
        .await
        .expect("events");
    let mut prev = String::new();
    for mut e in events {
        e.prev_hash = prev;
        e.hash = crate::audit::unkeyed_hash(&e);
        prev = e.hash.clone();
        audit_event::Entity::update_many()
            .col_expr(audit_event::Column::PrevHash, Expr::value(e.prev_hash))
            .col_expr(audit_event::Column::Hash, Expr::value(e.hash))
            .filter(audit_event::Column::TenantId.eq(tenant_id))
            .filter(audit_event::Column::Seq.eq(e.seq))
            .exec(db)
            .await
            .expect("relink");
    }
    tenant::Entity::update_many()
        .col_expr(tenant::Column::AuditHead, Expr::value(prev))
        .filter(tenant::Column::TenantId.eq(tenant_id))
        .exec(db)
        .await
        .expect("head");
}

/// Makes every API token with an expiry expire at its creation (the clock
/// cannot be moved on, so a test of expiry moves the expiry back instead).
pub async fn expire_tokens(store: &Store) {
    let sql = "UPDATE api_tokens SET expires_at = created_at WHERE expires_at IS NOT NULL";
    store.system().connection().execute_unprepared(sql).await.expect("expire tokens");
}

/// Moves back the day `username` last set their password and last used their
/// account, by `days` each (a test of expiry and of unused accounts).
pub async fn age_account(store: &Store, tenant_id: Uuid, username: &str, password_days: i64, unused_days: i64) {
    use crate::entities::user;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
    let row = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Username.eq(username))
        .one(store.system().connection())
        .await
        .expect("read the user")
        .expect("the user exists");
    let back = |at: Option<chrono::DateTime<chrono::Utc>>, days: i64| at.map(|t| t - chrono::Duration::days(days));
    user::Entity::update_many()
        .col_expr(user::Column::PasswordChangedAt, Expr::value(back(row.password_changed_at, password_days)))
        .col_expr(user::Column::LastUsedAt, Expr::value(back(row.last_used_at, unused_days)))
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Id.eq(row.id))
        .exec(store.system().connection())
        .await
        .expect("age the account");
}

#[cfg(test)]
mod tests {
    use super::postgres_url_or_fail;

    const URL: &str = "postgres://postgres@127.0.0.1:5432/test";

    #[test]
    fn a_configured_server_is_used_in_and_out_of_ci() {
        assert_eq!(postgres_url_or_fail(None, Some(URL)).as_deref(), Some(URL));
        assert_eq!(postgres_url_or_fail(Some("true"), Some(URL)).as_deref(), Some(URL));
    }

    #[test]
    fn outside_ci_no_server_skips_postgres() {
        assert_eq!(postgres_url_or_fail(None, None), None);
        assert_eq!(postgres_url_or_fail(None, Some("")), None);
        assert_eq!(postgres_url_or_fail(Some("false"), None), None);
        assert_eq!(postgres_url_or_fail(Some(""), None), None);
    }

    #[test]
    #[should_panic(expected = "Set GUICHAO_TEST_POSTGRES_URL")]
    fn in_ci_a_missing_server_fails() {
        postgres_url_or_fail(Some("true"), None);
    }

    #[test]
    #[should_panic(expected = "Set GUICHAO_TEST_POSTGRES_URL")]
    fn in_ci_an_empty_server_fails() {
        postgres_url_or_fail(Some("TRUE"), Some("  "));
    }
}
