//! The OpenAPI document read as a client generator or a fuzzer reads it: every
//! path parameter declared where it is, every reference resolving, every fixed
//! vocabulary an enum of the domain's codes, and every list refusing a `limit`
//! beyond what the document allows.

mod common;

use axum::http::StatusCode;
use common::TestApp;
use guichao_domain::access::{BuiltinRole, DataScope, Permission};
use guichao_domain::audit::AuditAction;
use guichao_domain::chambers::{ChamberKind, MemberPosition};
use guichao_domain::fellows::{Category, CompanyRole, FellowStatus, Gender, HeldRole, RelationKind};
use guichao_domain::liaison::LiaisonLevel;
use guichao_domain::org::UnitLevel;
use guichao_store::fellows::PersonalField;
use guichao_store::store_test;
use guichao_store::testing::TestDb;
use serde_json::Value;
use std::collections::BTreeSet;

fn document() -> Value {
    serde_json::to_value(guichao_web::api::openapi()).expect("serializable")
}

/// Every operation of the document: (method, path, operation).
fn operations(doc: &Value) -> Vec<(String, String, Value)> {
    let mut found = Vec::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            found.push((method.clone(), path.clone(), op.clone()));
        }
    }
    assert!(found.len() > 40, "the document lists the API: {}", found.len());
    found
}

/// The `{name}`s of a path template.
fn template_names(path: &str) -> BTreeSet<String> {
    path.split('{').skip(1).filter_map(|rest| rest.split_once('}')).map(|(name, _)| name.to_string()).collect()
}

/// The parameters of an operation as (name, in).
fn parameters(op: &Value) -> Vec<(String, String)> {
    op["parameters"]
        .as_array()
        .map(|ps| {
            ps.iter()
                .map(|p| (p["name"].as_str().unwrap().to_string(), p["in"].as_str().unwrap().to_string()))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn path_parameters_are_exactly_the_names_in_the_path() {
    let doc = document();
    let mut faults = Vec::new();
    for (method, path, op) in operations(&doc) {
        let params = parameters(&op);
        let in_path: BTreeSet<String> = params.iter().filter(|(_, at)| at == "path").map(|(n, _)| n.clone()).collect();
        let named = template_names(&path);
        for missing in named.difference(&in_path) {
            faults.push(format!("{method} {path}: {{{missing}}} is not declared in: path"));
        }
        for extra in in_path.difference(&named) {
            faults.push(format!("{method} {path}: {extra} is declared in: path but is not in the path"));
        }
        let distinct: BTreeSet<&(String, String)> = params.iter().collect();
        if distinct.len() != params.len() {
            faults.push(format!("{method} {path}: a parameter is declared twice: {params:?}"));
        }
        let names: BTreeSet<&String> = params.iter().map(|(n, _)| n).collect();
        if names.len() != params.len() {
            faults.push(format!("{method} {path}: one name in two places: {params:?}"));
        }
    }
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

/// Every `$ref` somewhere under `value`.
fn refs(value: &Value, found: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(r)) = map.get("$ref") {
                found.push(r.clone());
            }
            map.values().for_each(|v| refs(v, found));
        }
        Value::Array(items) => items.iter().for_each(|v| refs(v, found)),
        _ => {}
    }
}

#[test]
fn every_reference_names_a_schema_of_the_document() {
    let doc = document();
    let mut found = Vec::new();
    refs(&doc, &mut found);
    assert!(!found.is_empty());
    for r in found {
        let name = r.strip_prefix("#/components/schemas/").unwrap_or_else(|| panic!("unexpected reference {r}"));
        assert!(doc["components"]["schemas"][name].is_object(), "{r} is not in components");
    }
}

/// The allowed values of a schema that is, or points to, a string enum.
fn enum_codes(doc: &Value, schema: &Value) -> Option<Vec<String>> {
    let schema = match schema["$ref"].as_str() {
        Some(r) => &doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")],
        None => schema,
    };
    // A nullable value is `oneOf: [null, the enum]`.
    if let Some(options) = schema["oneOf"].as_array() {
        return options.iter().find(|o| o["type"] != "null").and_then(|o| enum_codes(doc, o));
    }
    assert_eq!(schema["type"], "string", "{schema}");
    Some(schema["enum"].as_array()?.iter().map(|c| c.as_str().unwrap().to_string()).collect())
}

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|v| code(*v).to_string()).collect()
}

#[test]
fn fixed_vocabularies_are_enums_of_the_domain_codes() {
    let doc = document();
    let category = codes(&Category::ALL, Category::code);
    let gender = codes(&Gender::ALL, Gender::code);
    let status = codes(&FellowStatus::ALL, FellowStatus::code);
    let level = codes(&LiaisonLevel::ALL, LiaisonLevel::code);
    let kind = codes(&ChamberKind::ALL, ChamberKind::code);
    let position = codes(&MemberPosition::ALL, MemberPosition::code);
    let company_role = codes(&CompanyRole::ALL, CompanyRole::code);
    let relation = codes(&RelationKind::ALL, RelationKind::code);
    let held = codes(&HeldRole::ALL, HeldRole::code);
    let personal = codes(&PersonalField::ALL, PersonalField::code);
    let action = codes(&AuditAction::ALL, AuditAction::code);
    let unit_level = codes(&UnitLevel::ALL, UnitLevel::code);
    let permission = codes(&Permission::ALL, Permission::code);
    let scope = codes(&DataScope::ALL, DataScope::code);
    let reasons = vec!["same_phone".to_string(), "same_id_number".into(), "same_name_birth_year_township".into()];
    let properties: Vec<(&str, &str, &Vec<String>)> = vec![
        ("FellowItem", "category", &category),
        ("FellowItem", "gender", &gender),
        ("FellowItem", "status", &status),
        ("Fellow", "category", &category),
        ("Fellow", "gender", &gender),
        ("Fellow", "status", &status),
        ("FellowFields", "category", &category),
        ("FellowFields", "gender", &gender),
        ("FellowFields", "status", &status),
        ("FellowCompany", "role", &company_role),
        ("FellowCompanyBody", "role", &company_role),
        ("FellowRelation", "kind", &relation),
        ("FellowRelationBody", "kind", &relation),
        ("FellowRole", "role", &held),
        ("HeldRoleBody", "role", &held),
        ("FellowChamber", "position", &position),
        ("FellowAssignment", "level", &level),
        ("RevealFieldBody", "field", &personal),
        ("RevealedValue", "field", &personal),
        ("DuplicateReasonItem", "code", &reasons),
        ("ChamberBody", "kind", &kind),
        ("ChamberItem", "kind", &kind),
        ("ChamberDetail", "kind", &kind),
        ("MemberBody", "position", &position),
        ("ChamberMember", "position", &position),
        ("AssignBody", "level", &level),
        ("MyFellow", "level", &level),
        ("LiaisonAssignment", "level", &level),
        ("Event", "action", &action),
        ("Unit", "level", &unit_level),
        ("Grant", "permission", &permission),
        ("Grant", "scope", &scope),
    ];
    for (schema, property, expected) in properties {
        let value = &doc["components"]["schemas"][schema]["properties"][property];
        assert!(value.is_object(), "{schema}.{property} is in the document");
        assert_eq!(enum_codes(&doc, value).as_ref(), Some(expected), "{schema}.{property}: {value}");
    }
    let query: Vec<(&str, &str, &Vec<String>)> = vec![
        ("/api/v1/fellows", "category", &category),
        ("/api/v1/fellows", "held_role", &held),
        ("/api/v1/fellows", "missing_level", &level),
        ("/api/v1/fellows/count", "category", &category),
        ("/api/v1/liaison/cadres", "level", &level),
        ("/api/v1/audit", "action", &action),
    ];
    for (path, name, expected) in query {
        let params = doc["paths"][path]["get"]["parameters"].as_array().unwrap();
        let param = params.iter().find(|p| p["name"] == name).unwrap_or_else(|| panic!("{path} ?{name}"));
        assert_eq!(param["in"], "query", "{path} ?{name}");
        assert_eq!(enum_codes(&doc, &param["schema"]).as_ref(), Some(expected), "{path} ?{name}: {param}");
    }
}

/// The GET operations that take a `limit`, with the range the document gives it.
fn limited_lists(doc: &Value) -> Vec<(String, u64, u64)> {
    let mut found = Vec::new();
    for (method, path, op) in operations(doc) {
        let Some(limit) = op["parameters"].as_array().into_iter().flatten().find(|p| p["name"] == "limit") else {
            continue;
        };
        assert_eq!((method.as_str(), &limit["in"]), ("get", &Value::from("query")), "{path}");
        let (min, max) = (limit["schema"]["minimum"].as_u64(), limit["schema"]["maximum"].as_u64());
        let (Some(min), Some(max)) = (min, max) else { panic!("{path}: limit has no range: {limit}") };
        found.push((path, min, max));
    }
    found
}

store_test!(a_limit_out_of_range_is_refused_on_every_list, |db: TestDb| async move {
    let app = TestApp::new(&db).await;
    app.user("admin", BuiltinRole::CountyAdmin, "岳阳县").await;
    let me = app.login("admin").await;
    let lists = limited_lists(&document());
    let paths: Vec<&str> = lists.iter().map(|(p, ..)| p.as_str()).collect();
    for known in
        ["/api/v1/fellows", "/api/v1/users", "/api/v1/audit", "/api/v1/liaison/mine", "/api/v1/fellows/duplicates"]
    {
        assert!(paths.contains(&known), "{known} in {paths:?}");
    }
    // A list under a record (`/chains/nodes/{id}/fellows`) answers 404 for a
    // placeholder id before it reads its limit; its own tests cover it.
    // The audit lists are the audit admin's (三员分立).
    let auditor = app.auditor().await;
    for (path, min, max) in lists.into_iter().filter(|(p, ..)| !p.contains('{')) {
        let me = if path.starts_with("/api/v1/audit") { &auditor } else { &me };
        for ok in [min, max] {
            let res = me.api_get(&format!("{path}?limit={ok}")).await;
            assert_eq!(res.status, StatusCode::OK, "{path}?limit={ok}: {}", res.text);
        }
        for bad in [min - 1, max + 1, 100_000] {
            let res = me.api_get(&format!("{path}?limit={bad}")).await;
            assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}?limit={bad}: {}", res.text);
            assert_eq!(res.error_code(), "invalid", "{path}");
            let message = res.json()["error"]["message"].as_str().unwrap().to_string();
            assert_eq!(message, format!("limit 应为 {min} 到 {max} 之间的整数"), "{path}");
        }
    }
    drop(app);
    db
});
