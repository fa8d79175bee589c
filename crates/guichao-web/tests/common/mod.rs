//! Shared harness for the web crate's integration tests, in the style of
//! crates.io's `TestApp`: the whole router over a fresh, seeded database,
//! driven in-process with `tower::ServiceExt::oneshot` (no sockets).
//!
//! Every request carries a client address (`ConnectInfo`), as it does behind
//! `into_make_service_with_connect_info`. By default each request gets a fresh
//! address, so the per-address login limit never trips by accident; a test of
//! that limit fixes the address with [`TestApp::with_peer`].

#![allow(dead_code)] // each test binary uses a different part of the harness

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HOST, LOCATION, ORIGIN, SET_COOKIE};
use axum::http::{HeaderMap, Method, Request, StatusCode};
use guichao_domain::access::{BuiltinRole, Permission};
use guichao_domain::auth::totp;
use guichao_domain::chambers::ChamberKind;
use guichao_domain::fellows::FellowForm;
use guichao_store::chambers::ChamberDraft;
use guichao_store::testing::{County, TEST_PASSWORD, TestDb, test_key};
use guichao_store::{Actor, Store};
use guichao_web::{AppState, WebConfig};
use http_body_util::BodyExt;
use scraper::{Html, Selector};
use serde_json::Value;
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;
use uuid::Uuid;

/// The origin our test browser claims to be on (matches `Host: localhost`).
pub const ORIGIN_SELF: &str = "http://localhost";
/// Tenant codes of the seeded county and of the other tenant.
pub const TENANT: &str = "430621";
pub const OTHER_TENANT: &str = "430626";
/// Cookie names, as the app spells them.
pub const SESSION_COOKIE: &str = "gc_session";
pub const LANG_COOKIE: &str = "gc_lang";

pub struct TestApp {
    pub store: Store,
    pub county: County,
    router: Router,
    peer: Option<SocketAddr>,
    next_peer: AtomicU32,
    /// username -> tenant code, for logging in users of either tenant.
    tenants: Mutex<HashMap<String, &'static str>>,
    /// The fixture builders' own administrator of each tenant, made on first use.
    fixture_admins: tokio::sync::Mutex<HashMap<&'static str, Actor>>,
    /// The second factors the harness enrolled, by username.
    pub authenticators: Mutex<HashMap<String, Authenticator>>,
}

/// An authenticator app the harness enrolled for a user: the secret, the
/// last step it typed a code of, and the recovery codes not yet used.
#[derive(Debug, Clone)]
pub struct Authenticator {
    pub secret: Vec<u8>,
    pub last_step: i64,
    pub recovery: Vec<String>,
}

impl Authenticator {
    /// The code to type now: the earliest step of the window (one before
    /// and one after the current) not used yet, else a recovery code.
    pub fn next_code(&mut self) -> String {
        let now = totp::step_at(chrono::Utc::now().timestamp());
        let step = (now - 1).max(self.last_step + 1);
        if step <= now + 1 {
            self.last_step = step;
            totp::code_at(&self.secret, step)
        } else {
            self.recovery.pop().expect("a recovery code left for a quick sign-in")
        }
    }
}

impl TestApp {
    /// The app over `db` with the seeded test county and the default settings.
    pub async fn new(db: &TestDb) -> TestApp {
        TestApp::with_config(db, WebConfig::default()).await
    }

    pub async fn with_config(db: &TestDb, config: WebConfig) -> TestApp {
        let store = db.store.clone();
        let county = County::seed(&store).await;
        let router = guichao_web::app(AppState::new(store.clone(), config));
        TestApp {
            store,
            county,
            router,
            peer: None,
            next_peer: AtomicU32::new(1),
            tenants: Mutex::new(HashMap::new()),
            fixture_admins: Default::default(),
            authenticators: Default::default(),
        }
    }

    /// The same county served after a restart: a new store on the same
    /// database and an app with no memory of this one, with the default
    /// settings. What the database keeps (sign-ins among it) carries over.
    pub async fn restart(self, db: &TestDb) -> TestApp {
        let store = Store::connect(&db.url).await.expect("reopen the database").with_field_key(test_key());
        let router = guichao_web::app(AppState::new(store.clone(), WebConfig::default()));
        TestApp { store, router, ..self }
    }

    /// Every request comes from `addr` (a test of per-address limits).
    pub fn with_peer(mut self, addr: SocketAddr) -> TestApp {
        self.peer = Some(addr);
        self
    }

    /// Creates a user with one built-in role at a unit (password `TEST_PASSWORD`).
    pub async fn user(&self, username: &str, role: BuiltinRole, unit: &str) -> Actor {
        let tenant = if is_other_tenant(unit) { OTHER_TENANT } else { TENANT };
        self.tenants.lock().unwrap().insert(username.to_string(), tenant);
        self.county.user(&self.store, username, role, unit).await
    }

    /// A user named after their role (`township_staff`, ...) at `unit`: the
    /// usual way a test meets "a township cadre of 新墙镇".
    pub async fn user_with(&self, role: BuiltinRole, unit: &str) -> Actor {
        self.user(role.code(), role, unit).await
    }

    /// The system administrator the fixture builders create records as, in
    /// the tenant that holds `unit` (made on first use, never signed in).
    pub async fn fixture_admin(&self, unit: &str) -> Actor {
        let other = is_other_tenant(unit);
        let mut admins = self.fixture_admins.lock().await;
        let key = if other { OTHER_TENANT } else { TENANT };
        if let Some(a) = admins.get(key) {
            return a.clone();
        }
        let (name, root) = if other { ("fixture_admin_other", "平江县") } else { ("fixture_admin", "岳阳县") };
        let actor = self.user(name, BuiltinRole::CountyAdmin, root).await;
        admins.insert(key, actor.clone());
        actor
    }

    /// Starts a fellow: `app.fellow().named("张三").in_village("新墙村").create().await`.
    pub fn fellow(&self) -> FellowBuilder<'_> {
        FellowBuilder {
            app: self,
            name: "乡友".into(),
            township: "新墙镇".into(),
            village: None,
            by: None,
            extra: FellowForm::default(),
        }
    }

    /// Starts a chamber: `app.chamber("深圳岳阳商会").remote("深圳").create().await`.
    pub fn chamber(&self, name: &str) -> ChamberBuilder<'_> {
        ChamberBuilder { app: self, name: name.into(), township: None, city: String::new(), by: None }
    }

    /// The registry most fellows tests start from: the county's system admin
    /// `admin`, the 新墙镇 township staff `xinqiang`, 张三 of 新墙村 (with a
    /// phone, an email and an employer), 李四 of 新墙镇 and 王五 of 筻口镇.
    pub async fn registry(&self) -> Registry {
        let admin = self.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
        self.user("xinqiang", BuiltinRole::TownshipStaff, "新墙镇").await;
        let zhang = self
            .fellow()
            .named("张三")
            .in_village("新墙村")
            .phone("13812345678")
            .email("zhangsan@example.com")
            .employer("深圳电子公司")
            .by(&admin)
            .create()
            .await;
        let li = self.fellow().named("李四").in_township("新墙镇").by(&admin).create().await;
        let wang = self.fellow().named("王五").in_township("筻口镇").by(&admin).create().await;
        Registry { admin, zhang, li, wang }
    }

    /// How many audit events the tenant has: every write leaves one.
    pub async fn audited(&self, admin: &Actor) -> usize {
        let all = guichao_store::audit::AuditQuery { limit: 500, ..Default::default() };
        self.store.audit(&self.store.test_auditor(admin).await).unwrap().list(&all).await.unwrap().len()
    }

    /// How many fellows `admin` sees in the registry.
    pub async fn fellow_count(&self, admin: &Actor) -> u64 {
        let all = guichao_store::fellows::FellowQuery { limit: 200, ..Default::default() };
        self.store.fellows(admin, Permission::FellowRead).unwrap().count(&all).await.unwrap()
    }

    pub async fn role_id(&self, role: BuiltinRole) -> uuid::Uuid {
        self.store.system().builtin_role_id(self.county.tenant_id, role).await.unwrap()
    }

    /// A visitor without a session.
    pub fn anon(&self) -> Session<'_> {
        Session { app: self, cookies: Vec::new(), bearer: None, peer: None }
    }

    /// An API client holding a bearer token and no cookie.
    pub fn bearer(&self, token: &str) -> Session<'_> {
        Session { bearer: Some(token.to_string()), ..self.anon() }
    }

    /// A session of the county's audit admin (三员分立: the one role that
    /// reads the audit log), made on first use as `test_auditor`.
    #[allow(dead_code)]
    pub async fn auditor(&self) -> Session<'_> {
        let known = self.store.system().user_id_by_name(self.county.tenant_id, "test_auditor").await.unwrap();
        if known.is_none() {
            self.user("test_auditor", BuiltinRole::AuditAdmin, "岳阳县").await;
        }
        self.login("test_auditor").await
    }

    /// Signs `username` in through the login form and keeps the session
    /// cookie. A user with a second factor types the code of the harness's
    /// authenticator; an administrator without one enrols it through the
    /// enrolment page first, as a person would at their first sign-in.
    pub async fn login(&self, username: &str) -> Session<'_> {
        let res = self.try_login(username, TEST_PASSWORD).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "login of {username} failed: {}", res.text);
        let cookie = res.set_cookie(SESSION_COOKIE).expect("session cookie set");
        let mut session = self.anon();
        session.cookies.push((SESSION_COOKIE.to_string(), cookie));
        match res.location() {
            Some("/login/code") => {
                let code =
                    self.authenticators.lock().unwrap().get_mut(username).expect("enrolled by the harness").next_code();
                let done = session.post_form("/login/code", &[("code", &code)]).await;
                assert_eq!(done.status, StatusCode::SEE_OTHER, "second factor of {username}: {}", done.text);
            }
            Some("/account/two-factor/enrol") => self.enrol(&session, username).await,
            _ => {}
        }
        session
    }

    /// Enrols an authenticator for the session's user through the enrolment
    /// page: reads the secret shown for typing by hand, confirms with its
    /// code, keeps the recovery codes shown.
    pub async fn enrol(&self, session: &Session<'_>, username: &str) {
        let page = session.get("/account/two-factor/enrol").await;
        assert_eq!(page.status, StatusCode::OK, "{}", page.text);
        let secret = page.text_of("code[data-secret]").expect("the secret is shown");
        let secret = totp::base32_decode(&secret).expect("base32");
        let step = totp::step_at(chrono::Utc::now().timestamp());
        let done = session.post_form("/account/two-factor/enrol", &[("code", &totp::code_at(&secret, step))]).await;
        assert_eq!(done.status, StatusCode::OK, "enrolment of {username}: {}", done.text);
        let recovery = done.texts("[data-recovery-codes] code");
        assert_eq!(recovery.len(), 10, "{}", done.text);
        self.authenticators
            .lock()
            .unwrap()
            .insert(username.to_string(), Authenticator { secret, last_step: step, recovery });
    }

    /// Posts the login form and returns the raw answer.
    pub async fn try_login(&self, username: &str, password: &str) -> TestResponse {
        let tenant = self.tenants.lock().unwrap().get(username).copied().unwrap_or(TENANT);
        self.anon().post_form("/login", &[("tenant", tenant), ("username", username), ("password", password)]).await
    }

    fn peer_for_request(&self) -> SocketAddr {
        self.peer.unwrap_or_else(|| {
            let n = self.next_peer.fetch_add(1, Ordering::Relaxed);
            let [_, a, b, c] = n.to_be_bytes();
            SocketAddr::new(IpAddr::V4(Ipv4Addr::new(10, a, b, c)), 40000)
        })
    }

    /// Sends one request through the whole app.
    pub async fn send(&self, mut req: Request<Body>) -> TestResponse {
        if req.extensions().get::<ConnectInfo<SocketAddr>>().is_none() {
            req.extensions_mut().insert(ConnectInfo(self.peer_for_request()));
        }
        let res = self.router.clone().oneshot(req).await.expect("router is infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        TestResponse { status, headers, text: String::from_utf8_lossy(&bytes).into_owned(), bytes: bytes.to_vec() }
    }
}

/// Whether a unit of the test county belongs to the other tenant.
fn is_other_tenant(unit: &str) -> bool {
    unit == "安定镇" || unit == "平江县"
}

/// The fellows of [`TestApp::registry`] and the admin who filed them.
pub struct Registry {
    pub admin: Actor,
    pub zhang: Uuid,
    pub li: Uuid,
    pub wang: Uuid,
}

/// A fellow to create, with the essentials of `County::fellow_form`.
pub struct FellowBuilder<'a> {
    app: &'a TestApp,
    name: String,
    township: String,
    village: Option<String>,
    by: Option<Actor>,
    /// Phone, email and employer, when set.
    extra: FellowForm,
}

impl FellowBuilder<'_> {
    pub fn named(mut self, name: &str) -> Self {
        self.name = name.into();
        self
    }

    /// Home township (and no village).
    pub fn in_township(mut self, township: &str) -> Self {
        self.township = township.into();
        self.village = None;
        self
    }

    /// Home village, with its township from the test county's tree.
    pub fn in_village(mut self, village: &str) -> Self {
        self.township = match village {
            "新墙村" | "清水村" => "新墙镇",
            "筻口村" => "筻口镇",
            other => panic!("no village {other} in the test county"),
        }
        .into();
        self.village = Some(village.into());
        self
    }

    pub fn phone(mut self, phone: &str) -> Self {
        self.extra.phone = phone.into();
        self
    }

    pub fn email(mut self, email: &str) -> Self {
        self.extra.email = email.into();
        self
    }

    pub fn employer(mut self, employer: &str) -> Self {
        self.extra.employer = employer.into();
        self
    }

    /// Created by this user (by default the tenant's fixture administrator).
    pub fn by(mut self, actor: &Actor) -> Self {
        self.by = Some(actor.clone());
        self
    }

    /// The form the builder would submit, for tests that change it first.
    pub fn form(&self) -> FellowForm {
        FellowForm {
            phone: self.extra.phone.clone(),
            email: self.extra.email.clone(),
            employer: self.extra.employer.clone(),
            ..self.app.county.fellow_form(&self.name, &self.township, self.village.as_deref())
        }
    }

    pub async fn create(self) -> Uuid {
        let by = match &self.by {
            Some(a) => a.clone(),
            None => self.app.fixture_admin(&self.township).await,
        };
        self.app.county.fellow(&self.app.store, &by, self.form()).await
    }
}

/// A chamber to create; remote unless placed in a township.
pub struct ChamberBuilder<'a> {
    app: &'a TestApp,
    name: String,
    township: Option<String>,
    city: String,
    by: Option<Actor>,
}

impl ChamberBuilder<'_> {
    pub fn remote(mut self, city: &str) -> Self {
        self.city = city.into();
        self.township = None;
        self
    }

    pub fn in_township(mut self, township: &str) -> Self {
        self.township = Some(township.into());
        self
    }

    /// Created by this user, in their tenant (by default the fixture
    /// administrator of the township's tenant, or of the county).
    pub fn by(mut self, actor: &Actor) -> Self {
        self.by = Some(actor.clone());
        self
    }

    pub async fn create(self) -> Uuid {
        let by = match &self.by {
            Some(a) => a.clone(),
            None => self.app.fixture_admin(self.township.as_deref().unwrap_or("岳阳县")).await,
        };
        let draft = ChamberDraft {
            name: self.name,
            kind: if self.township.is_some() { ChamberKind::Township } else { ChamberKind::Remote },
            city: self.city,
            township_id: self.township.as_deref().map(|t| self.app.county.unit(t)),
            founded: None,
            notes: String::new(),
        };
        self.app
            .store
            .chambers(&by, Permission::ChamberWrite)
            .expect("chamber.write")
            .create(draft)
            .await
            .expect("chamber")
    }
}

/// Where a state-changing request claims to come from.
#[derive(Clone, Copy, Debug)]
pub enum Source<'a> {
    /// `Origin: http://localhost`, our own site.
    SameSite,
    /// `Origin: <this>`.
    Origin(&'a str),
    /// No `Origin`, only `Referer: <this>`.
    Referer(&'a str),
    /// Neither header.
    Nowhere,
}

/// A client: a session cookie and/or a bearer token, plus extra cookies.
pub struct Session<'a> {
    app: &'a TestApp,
    pub cookies: Vec<(String, String)>,
    pub bearer: Option<String>,
    /// A fixed client address for this client's requests.
    pub peer: Option<SocketAddr>,
}

impl Session<'_> {
    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    pub fn session_cookie(&self) -> &str {
        self.cookie(SESSION_COOKIE).expect("signed in")
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.retain(|(k, _)| k != name);
        self.cookies.push((name.to_string(), value.to_string()));
    }

    fn request(&self, method: Method, path: &str, from: Source<'_>) -> axum::http::request::Builder {
        let mut b = Request::builder().method(method).uri(path).header(HOST, "localhost");
        match from {
            Source::SameSite => b = b.header(ORIGIN, ORIGIN_SELF),
            Source::Origin(o) => b = b.header(ORIGIN, o),
            Source::Referer(r) => b = b.header(axum::http::header::REFERER, r),
            Source::Nowhere => {}
        }
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            b = b.header(COOKIE, jar.join("; "));
        }
        if let Some(token) = &self.bearer {
            b = b.header(AUTHORIZATION, format!("Bearer {token}"));
        }
        if let Some(peer) = self.peer {
            b = b.extension(ConnectInfo(peer));
        }
        b
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.get_from(path, Source::Nowhere).await
    }

    /// A GET with an `Origin` or `Referer`, e.g. a link followed from a page.
    pub async fn get_from(&self, path: &str, from: Source<'_>) -> TestResponse {
        self.app.send(self.request(Method::GET, path, from).body(Body::empty()).unwrap()).await
    }

    /// Posts a url-encoded form from our own site.
    pub async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> TestResponse {
        self.post_form_from(path, pairs, Source::SameSite).await
    }

    /// Posts a form that must answer a redirect (303 See Other), then gets
    /// the page it leads to, as a browser does: post/redirect/get.
    pub async fn post_and_follow(&self, path: &str, pairs: &[(&str, &str)]) -> TestResponse {
        let res = self.post_form(path, pairs).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "POST {path} answers a redirect: {}", res.text);
        let to = res.location().expect("a redirect has a location");
        self.get(to.split('#').next().unwrap_or(to)).await
    }

    pub async fn post_form_from(&self, path: &str, pairs: &[(&str, &str)], from: Source<'_>) -> TestResponse {
        let body = form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
        let req = self
            .request(Method::POST, path, from)
            .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(body))
            .unwrap();
        self.app.send(req).await
    }

    /// Posts a multipart form from our own site: text fields, then one file.
    pub async fn post_multipart(&self, path: &str, fields: &[(&str, &str)], file: (&str, &[u8])) -> TestResponse {
        let boundary = "----guichao-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes(),
            );
        }
        let (file_name, bytes) = file;
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n").bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").bytes());
        let req = self
            .request(Method::POST, path, Source::SameSite)
            .header(CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(body))
            .unwrap();
        self.app.send(req).await
    }

    /// Any API call with a raw body. A cookie client claims our own origin, as
    /// our pages' scripts do; a bearer-only client sends no `Origin`, as a script.
    pub async fn api_send(
        &self,
        method: Method,
        path: &str,
        content_type: Option<&str>,
        body: Vec<u8>,
    ) -> TestResponse {
        let from = if self.cookies.is_empty() { Source::Nowhere } else { Source::SameSite };
        let mut b = self.request(method, path, from);
        if let Some(ct) = content_type {
            b = b.header(CONTENT_TYPE, ct);
        }
        self.app.send(b.body(Body::from(body)).unwrap()).await
    }

    pub async fn api_get(&self, path: &str) -> TestResponse {
        self.api_send(Method::GET, path, None, Vec::new()).await
    }

    pub async fn api_post_json(&self, path: &str, body: &Value) -> TestResponse {
        self.api_send(Method::POST, path, Some("application/json"), body.to_string().into_bytes()).await
    }

    pub async fn api_put_json(&self, path: &str, body: &Value) -> TestResponse {
        self.api_send(Method::PUT, path, Some("application/json"), body.to_string().into_bytes()).await
    }

    pub async fn api_delete(&self, path: &str) -> TestResponse {
        self.api_send(Method::DELETE, path, None, Vec::new()).await
    }
}

/// An answer, read to the end. HTML is parsed on demand and never kept, so the
/// (non-`Send`) DOM does not live across an `.await`.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    pub bytes: Vec<u8>,
}

impl TestResponse {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The `error.code` of an API error body.
    pub fn error_code(&self) -> String {
        self.json()["error"]["code"].as_str().unwrap_or_else(|| panic!("no error code: {}", self.text)).to_string()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn location(&self) -> Option<&str> {
        self.headers.get(LOCATION).and_then(|v| v.to_str().ok())
    }

    /// The full `Set-Cookie` line that sets `name`.
    pub fn set_cookie_line(&self, name: &str) -> Option<String> {
        self.headers
            .get_all(SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|line| line.starts_with(&format!("{name}=")))
            .map(str::to_string)
    }

    /// The value a `Set-Cookie` gives `name`.
    pub fn set_cookie(&self, name: &str) -> Option<String> {
        let line = self.set_cookie_line(name)?;
        let pair = line.split(';').next()?;
        Some(pair.split_once('=')?.1.to_string())
    }

    fn with_html<T>(&self, f: impl FnOnce(&Html) -> T) -> T {
        f(&Html::parse_document(&self.text))
    }

    /// The text of every element matching `css`, whitespace-trimmed.
    pub fn texts(&self, css: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.with_html(|h| h.select(&sel).map(|e| e.text().collect::<String>().trim().to_string()).collect())
    }

    /// The text of the first element matching `css`.
    pub fn text_of(&self, css: &str) -> Option<String> {
        self.texts(css).into_iter().next()
    }

    /// The `attr` of every element matching `css` that has it.
    pub fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        let sel = Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css}: {e:?}"));
        self.with_html(|h| h.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect())
    }

    pub fn attr(&self, css: &str, attr: &str) -> Option<String> {
        self.attrs(css, attr).into_iter().next()
    }

    /// The value of the form input named `name`.
    pub fn input_value(&self, name: &str) -> Option<String> {
        self.attr(&format!("input[name=\"{name}\"]"), "value")
    }

    /// The links of the main navigation.
    pub fn nav(&self) -> Vec<String> {
        self.attrs("nav#nav a", "href")
    }

    /// The page's error message (`p.error[role=alert]`).
    pub fn error_message(&self) -> Option<String> {
        self.text_of("p.error[role=alert]")
    }
}
