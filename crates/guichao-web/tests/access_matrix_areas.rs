//! The access matrix over the record areas (fellows, export, import, chambers,
//! liaison, contact log import), through HTTP on both backends: each built-in
//! role against one record in each of four places, on the pages and on `/api/v1`.
//!
//! The four places are the columns of every row below: 新墙镇 itself, its
//! village 新墙村, the sibling township 筻口镇 (筻口村 for fellows) and the
//! other tenant's 安定镇. For the township staff of 新墙镇 these are its own
//! unit, the unit below, the sibling and the other tenant; the village cadre
//! of 新墙村 sits in the second column; the county roles sit above all three.
//! Each expected outcome is written out per (role, area, place), so the rule
//! reads off the table; one loop per area checks it. Outside the scope is
//! always 404 (never 403) and never listed, counted or exported; a role
//! without the area's permission gets 403 for every record.

mod common;
mod import_steps;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::BuiltinRole::{self, *};
use guichao_sheets::Workbook;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use import_steps::{follow, upload};
use serde_json::json;
use uuid::Uuid;

/// What one role gets for one record.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Cell {
    /// 200 (204 for a write), and listed, counted, found and exported.
    Yes,
    /// 404, and absent from every list, count, search and export.
    Hidden,
    /// 403: the role lacks the permission, whatever the record.
    Refused,
}
use Cell::{Hidden as H, Refused as R, Yes as Y};

/// Where each role works.
/// The system admin (三员分立) holds no registry data: refused everywhere.
const ROLES: [(BuiltinRole, &str); 8] = [
    (SystemAdmin, "岳阳县"),
    (CountyAdmin, "岳阳县"),
    (CountyStaff, "岳阳县"),
    (TownshipStaff, "新墙镇"),
    (VillageCadre, "新墙村"),
    (ProjectOfficer, "岳阳县"),
    (Leader, "岳阳县"),
    (ChamberLiaison, "岳阳县"),
];

/// The fellows, one per column: (name, township, village).
const FELLOWS: [(&str, &str, Option<&str>); 4] = [
    ("本镇乡友", "新墙镇", None),
    ("本村乡友", "新墙镇", Some("新墙村")),
    ("邻镇乡友", "筻口镇", Some("筻口村")),
    ("外县乡友", "安定镇", None),
];

/// Reading a fellow: the list page, the API list, the count, a search, the
/// detail page and the API detail, and the xlsx export. The project officer
/// and the chamber liaison read only fellows assigned to them (none here).
const FELLOW_READ: [(BuiltinRole, [Cell; 4]); 8] = [
    (SystemAdmin, [R, R, R, R]),
    (CountyAdmin, [Y, Y, Y, H]),
    (CountyStaff, [Y, Y, Y, H]),
    (TownshipStaff, [Y, Y, H, H]),
    (VillageCadre, [H, Y, H, H]),
    (ProjectOfficer, [H, H, H, H]),
    (Leader, [Y, Y, Y, H]),
    (ChamberLiaison, [H, H, H, H]),
];

/// Writing a fellow (archive, then restore, through the API).
const FELLOW_WRITE: [(BuiltinRole, [Cell; 4]); 8] = [
    (SystemAdmin, [R, R, R, R]),
    (CountyAdmin, [Y, Y, Y, H]),
    (CountyStaff, [Y, Y, Y, H]),
    (TownshipStaff, [Y, Y, H, H]),
    (VillageCadre, [H, Y, H, H]),
    (ProjectOfficer, [R, R, R, R]),
    (Leader, [R, R, R, R]),
    (ChamberLiaison, [R, R, R, R]),
];

/// Importing a roster with one row per column: `Yes` is a row the preview
/// accepts, `Hidden` a row it rejects (outside the importer's units, or not a
/// township of this county), `Refused` a 403 for the upload itself.
const IMPORT: [(BuiltinRole, [Cell; 4]); 8] = [
    (SystemAdmin, [R, R, R, R]),
    (CountyAdmin, [Y, Y, Y, H]),
    (CountyStaff, [Y, Y, Y, H]),
    (TownshipStaff, [Y, Y, H, H]),
    (VillageCadre, [H, Y, H, H]),
    (ProjectOfficer, [R, R, R, R]),
    (Leader, [R, R, R, R]),
    (ChamberLiaison, [R, R, R, R]),
];

/// Importing a contact log (联系台账) with one row per column: `Yes` is a row
/// the preview accepts, `Hidden` a row it rejects (a fellow the importer may
/// not record contacts with, or a township of another county), `Refused` a
/// 403 for the upload itself (no `liaison.write`).
const CONTACT_IMPORT: [(BuiltinRole, [Cell; 4]); 8] = [
    (SystemAdmin, [R, R, R, R]),
    (CountyAdmin, [Y, Y, Y, H]),
    (CountyStaff, [Y, Y, Y, H]),
    (TownshipStaff, [Y, Y, H, H]),
    (VillageCadre, [H, Y, H, H]),
    (ProjectOfficer, [R, R, R, R]),
    (Leader, [R, R, R, R]),
    (ChamberLiaison, [R, R, R, R]),
];

/// The chambers, one per column: 新墙镇's township chamber, a remote chamber
/// of the county (it has no unit: the county's own), 筻口镇's, and one of the
/// other tenant.
const CHAMBERS: [(&str, Option<&str>); 4] = [
    ("新墙镇商会", Some("新墙镇")),
    ("深圳岳阳商会", None),
    ("筻口镇商会", Some("筻口镇")),
    ("平江商会", Some("安定镇")),
];

/// Reading a chamber (list page, API list, detail page, API detail). A
/// chamber itself is county-wide information: every holder of `chamber.read`
/// sees every chamber of its county; the members are scoped (see chambers_web).
const CHAMBER_READ: [(BuiltinRole, [Cell; 4]); 8] = [
    (SystemAdmin, [R, R, R, R]),
    (CountyAdmin, [Y, Y, Y, H]),
    (CountyStaff, [Y, Y, Y, H]),
    (TownshipStaff, [Y, Y, Y, H]),
    (VillageCadre, [R, R, R, R]),
    (ProjectOfficer, [R, R, R, R]),
    (Leader, [Y, Y, Y, H]),
    (ChamberLiaison, [Y, Y, Y, H]),
];

/// Editing a chamber (`PUT /api/v1/chambers/{id}` with its own values): for
/// county-wide `chamber.write`; a chamber liaison keeps only the memberships
/// of the chambers they staff (see chambers_web).
const CHAMBER_WRITE: [(BuiltinRole, [Cell; 4]); 8] = [
    (SystemAdmin, [R, R, R, R]),
    (CountyAdmin, [Y, Y, Y, H]),
    (CountyStaff, [Y, Y, Y, H]),
    (TownshipStaff, [R, R, R, R]),
    (VillageCadre, [R, R, R, R]),
    (ProjectOfficer, [R, R, R, R]),
    (Leader, [R, R, R, R]),
    (ChamberLiaison, [R, R, R, H]),
];

/// Reading a fellow's liaison assignments (`GET /api/v1/fellows/{id}/assignments`).
const LIAISON_READ: [(BuiltinRole, [Cell; 4]); 8] = [
    (SystemAdmin, [R, R, R, R]),
    (CountyAdmin, [Y, Y, Y, H]),
    (CountyStaff, [Y, Y, Y, H]),
    (TownshipStaff, [Y, Y, H, H]),
    (VillageCadre, [H, Y, H, H]),
    (ProjectOfficer, [R, R, R, R]),
    (Leader, [Y, Y, Y, H]),
    (ChamberLiaison, [H, H, H, H]),
];

/// The expected row of `role` in `table`.
fn row(table: &[(BuiltinRole, [Cell; 4]); 8], role: BuiltinRole) -> [Cell; 4] {
    table.iter().find(|(r, _)| *r == role).unwrap_or_else(|| panic!("{role:?} missing")).1
}

/// The status a single-record request answers for `cell` (`ok` when allowed).
fn status(cell: Cell, ok: StatusCode) -> StatusCode {
    match cell {
        Y => ok,
        H => StatusCode::NOT_FOUND,
        R => StatusCode::FORBIDDEN,
    }
}

/// Every built-in role signed in, with the fellows and chambers of the columns.
async fn world(app: &TestApp) -> (Vec<Uuid>, Vec<Uuid>) {
    for (role, unit) in ROLES {
        app.user_with(role, unit).await;
    }
    let mut fellows = Vec::new();
    for (name, township, village) in FELLOWS {
        let f = app.fellow().named(name);
        let f = match village {
            Some(v) => f.in_village(v),
            None => f.in_township(township),
        };
        fellows.push(f.create().await);
    }
    let mut chambers = Vec::new();
    for (name, township) in CHAMBERS {
        let c = app.chamber(name);
        let c = match township {
            Some(t) => c.in_township(t),
            None => c.remote("深圳"),
        };
        chambers.push(c.create().await);
    }
    (fellows, chambers)
}

/// The names in an xlsx answer's rows.
fn xlsx_text(bytes: &[u8]) -> String {
    let mut book = Workbook::open(bytes.to_vec(), "export.xlsx").expect("an xlsx");
    book.rows().unwrap().map(|r| r.unwrap().cells.iter().map(|c| c.display()).collect::<Vec<_>>().join(",")).collect()
}

/// Checks a single-record page and API answer against `cell`; a refusal or a
/// 404 must not reveal the record's `name`.
fn check_one(page: &common::TestResponse, api: &common::TestResponse, cell: Cell, name: &str, what: &str) {
    assert_eq!(page.status, status(cell, StatusCode::OK), "page {what}");
    assert_eq!(api.status, status(cell, StatusCode::OK), "api {what}");
    match cell {
        Y => assert!(page.text.contains(name), "page {what}"),
        H | R => {
            let code = if cell == H { "not_found" } else { "forbidden" };
            assert_eq!(api.error_code(), code, "api {what}");
            assert!(!page.text.contains(name), "page {what} reveals the record");
            assert!(!api.text.contains(name), "api {what} reveals the record");
        }
    }
}

store_test!(fellows_lists_counts_search_detail_and_export_follow_scope, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let (fellows, _) = world(&app).await;
    for (role, unit) in ROLES {
        let me = app.login(role.code()).await;
        let cells = row(&FELLOW_READ, role);
        let refused = cells == [R; 4];
        let list_page = me.get("/fellows").await;
        let list_api = me.api_get("/api/v1/fellows?limit=100").await;
        let count = me.api_get("/api/v1/fellows/count").await;
        let export = me.get("/fellows/export.xlsx").await;
        let want = if refused { StatusCode::FORBIDDEN } else { StatusCode::OK };
        for (what, res) in [("list page", &list_page), ("list api", &list_api), ("count", &count), ("export", &export)]
        {
            assert_eq!(res.status, want, "{role:?} at {unit}: {what}");
        }
        if !refused {
            let seen = cells.iter().filter(|c| **c == Y).count();
            assert_eq!(count.json()["count"], seen, "{role:?}: count");
            assert_eq!(list_api.json()["items"].as_array().unwrap().len(), seen, "{role:?}: api list length");
        }
        let exported = if refused { String::new() } else { xlsx_text(&export.bytes) };
        for (i, id) in fellows.iter().enumerate() {
            let (name, ..) = FELLOWS[i];
            let cell = cells[i];
            let what = format!("{role:?} at {unit} -> {name}");
            let listed = cell == Y;
            if !refused {
                assert_eq!(list_page.text.contains(name), listed, "list page: {what}");
                assert_eq!(list_api.text.contains(name), listed, "list api: {what}");
                assert_eq!(exported.contains(name), listed, "export: {what}");
                let found = me.api_get(&format!("/api/v1/fellows?q={}", urlencode(name))).await;
                assert_eq!(found.status, StatusCode::OK, "search: {what}");
                assert_eq!(found.text.contains(name), listed, "search: {what}");
                let filtered = me.get(&format!("/fellows?q={}", urlencode(name))).await;
                assert_eq!(filtered.status, StatusCode::OK, "search page: {what}");
                assert_eq!(
                    filtered.texts("table td a").iter().any(|t| t.contains(name)),
                    listed,
                    "search page: {what}"
                );
            }
            let page = me.get(&format!("/fellows/{id}")).await;
            let api = me.api_get(&format!("/api/v1/fellows/{id}")).await;
            check_one(&page, &api, cell, name, &what);
        }
    }
    drop(app);
    db
});

store_test!(fellow_writes_follow_scope, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let (fellows, _) = world(&app).await;
    for (role, unit) in ROLES {
        let me = app.login(role.code()).await;
        for (i, id) in fellows.iter().enumerate() {
            let cell = row(&FELLOW_WRITE, role)[i];
            let what = format!("{role:?} at {unit} -> {}", FELLOWS[i].0);
            let archived = me.api_post_json(&format!("/api/v1/fellows/{id}/archive"), &json!({})).await;
            assert_eq!(archived.status, status(cell, StatusCode::NO_CONTENT), "archive: {what}: {}", archived.text);
            let restored = me.api_post_json(&format!("/api/v1/fellows/{id}/restore"), &json!({})).await;
            assert_eq!(restored.status, status(cell, StatusCode::NO_CONTENT), "restore: {what}: {}", restored.text);
            if cell != Y {
                let code = if cell == H { "not_found" } else { "forbidden" };
                assert_eq!(archived.error_code(), code, "archive: {what}");
            }
        }
    }
    drop(app);
    db
});

store_test!(import_previews_accept_only_rows_in_scope, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    world(&app).await;
    // One row per column; the header is line 1, so the rows are lines 2 to 5.
    let roster = "姓名,乡镇,村,类别\n导入甲,新墙镇,,工商企\n导入乙,新墙镇,新墙村,工商企\n导入丙,筻口镇,筻口村,工商企\n导入丁,安定镇,,工商企\n";
    for (role, unit) in ROLES {
        let me = app.login(role.code()).await;
        let cells = row(&IMPORT, role);
        let what = format!("{role:?} at {unit}");
        let form = me.get("/fellows/import").await;
        if cells == [R; 4] {
            let sent = me.post_multipart("/fellows/import", &[], ("r.csv", roster.as_bytes())).await;
            assert_eq!(form.status, StatusCode::FORBIDDEN, "form: {what}");
            assert_eq!(sent.status, StatusCode::FORBIDDEN, "upload: {what}");
            continue;
        }
        assert_eq!(form.status, StatusCode::OK, "form: {what}");
        let job = upload(&me, &[], ("r.csv", roster.as_bytes()), &[]).await;
        let preview = follow(&me, &job, "正在检查").await;
        let rejected: Vec<String> = preview.texts("table#rejected td[data-label='行号']");
        for (i, cell) in cells.iter().enumerate() {
            let line = (i + 2).to_string();
            assert_eq!(!rejected.contains(&line), *cell == Y, "{what}: row {line}: rejected {rejected:?}");
        }
    }
    drop(app);
    db
});

store_test!(contact_log_previews_accept_only_fellows_in_scope, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    world(&app).await;
    // One row per column, each fellow by name and township; the rows are lines 2 to 5.
    let log: String = std::iter::once("姓名,乡镇,联系日期,联系方式\n".to_string())
        .chain(FELLOWS.iter().map(|(name, township, _)| format!("{name},{township},2025-01-10,电话\n")))
        .collect();
    for (role, unit) in ROLES {
        let me = app.login(role.code()).await;
        let cells = row(&CONTACT_IMPORT, role);
        let what = format!("{role:?} at {unit}");
        let form = me.get("/liaison/contacts/import").await;
        let sent = me.post_multipart("/liaison/contacts/import", &[], ("台账.csv", log.as_bytes())).await;
        if cells == [R; 4] {
            assert_eq!(form.status, StatusCode::FORBIDDEN, "form: {what}");
            assert_eq!(sent.status, StatusCode::FORBIDDEN, "upload: {what}");
            continue;
        }
        assert_eq!(form.status, StatusCode::OK, "form: {what}");
        assert_eq!(sent.status, StatusCode::SEE_OTHER, "upload: {what}: {}", sent.text);
        let preview = me.get(sent.location().unwrap()).await;
        let rejected: Vec<String> = preview.texts("table#rejected td[data-label='行号']");
        for (i, cell) in cells.iter().enumerate() {
            let line = (i + 2).to_string();
            assert_eq!(!rejected.contains(&line), *cell == Y, "{what}: row {line}: rejected {rejected:?}");
        }
    }
    drop(app);
    db
});

store_test!(chamber_reads_and_writes_follow_scope, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let (_, chambers) = world(&app).await;
    for (role, unit) in ROLES {
        let me = app.login(role.code()).await;
        let cells = row(&CHAMBER_READ, role);
        let refused = cells == [R; 4];
        let list_page = me.get("/chambers").await;
        let list_api = me.api_get("/api/v1/chambers").await;
        let want = if refused { StatusCode::FORBIDDEN } else { StatusCode::OK };
        assert_eq!(list_page.status, want, "{role:?} at {unit}: list page");
        assert_eq!(list_api.status, want, "{role:?} at {unit}: list api");
        for (i, id) in chambers.iter().enumerate() {
            let (name, township) = CHAMBERS[i];
            let what = format!("{role:?} at {unit} -> {name}");
            if !refused {
                assert_eq!(list_page.text.contains(name), cells[i] == Y, "list page: {what}");
                assert_eq!(list_api.text.contains(name), cells[i] == Y, "list api: {what}");
            }
            let page = me.get(&format!("/chambers/{id}")).await;
            let api = me.api_get(&format!("/api/v1/chambers/{id}")).await;
            check_one(&page, &api, cells[i], name, &what);

            let cell = row(&CHAMBER_WRITE, role)[i];
            let body = match township {
                Some(t) => json!({"name": name, "kind": "township", "township_id": app.county.unit(t)}),
                None => json!({"name": name, "kind": "remote", "city": "深圳"}),
            };
            let put = me.api_put_json(&format!("/api/v1/chambers/{id}"), &body).await;
            assert_eq!(put.status, status(cell, StatusCode::OK), "write: {what}: {}", put.text);
        }
    }
    drop(app);
    db
});

store_test!(liaison_reads_follow_scope, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    let (fellows, _) = world(&app).await;
    for (role, unit) in ROLES {
        let me = app.login(role.code()).await;
        let cells = row(&LIAISON_READ, role);
        let mine = me.get("/liaison").await;
        let want = if cells == [R; 4] { StatusCode::FORBIDDEN } else { StatusCode::OK };
        assert_eq!(mine.status, want, "{role:?} at {unit}: 我的联系");
        for (i, id) in fellows.iter().enumerate() {
            let what = format!("{role:?} at {unit} -> {}", FELLOWS[i].0);
            let api = me.api_get(&format!("/api/v1/fellows/{id}/assignments")).await;
            assert_eq!(api.status, status(cells[i], StatusCode::OK), "assignments: {what}: {}", api.text);
        }
    }
    drop(app);
    db
});

fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}
