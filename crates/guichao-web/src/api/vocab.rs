//! OpenAPI schemas for the fixed vocabularies (a fellow's category, a liaison
//! level, an audit action...): string enums whose allowed values are read from
//! the domain's own lists, so the document cannot drift from the rules. Fields
//! keep their Rust type (`String`); these only describe them, through
//! `#[schema(value_type = ..)]` and `#[param(value_type = ..)]`. The domain
//! crate stays free of utoipa.

use guichao_domain::Lang;
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::audit::AuditAction;
use guichao_domain::chambers::{ChamberKind, MemberPosition};
use guichao_domain::fellows::{Category, CompanyRole, FellowStatus, Gender, HeldRole, RelationKind};
use guichao_domain::liaison::{ContactKind, LiaisonLevel};
use guichao_domain::org::UnitLevel;
use guichao_store::fellows::{DuplicateReason, PersonalField};
use std::collections::BTreeMap;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::{OpenApi, RefOr};

/// A string enum of `codes`, described by `about` and each code's Chinese label.
fn codes_schema(about: &str, codes: impl IntoIterator<Item = (&'static str, &'static str)>) -> RefOr<Schema> {
    let (codes, lines): (Vec<&str>, Vec<String>) =
        codes.into_iter().map(|(code, label)| (code, format!("- `{code}`: {label}"))).unzip();
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some(format!("{about}\n\n{}", lines.join("\n"))))
        .enum_values(Some(codes))
        .into()
}

/// Declares a schema type named `$name` whose values are `$values`' codes.
macro_rules! code_schema {
    ($(#[$meta:meta])* $name:ident, $about:literal, $values:expr) => {
        $(#[$meta])*
        pub struct $name;

        impl utoipa::PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                codes_schema($about, $values.into_iter().map(|v| (v.code(), v.label(Lang::Zh))))
            }
        }

        impl utoipa::ToSchema for $name {}
    };
}

code_schema!(CategoryCode, "A fellow's category (类别).", Category::ALL);
code_schema!(GenderCode, "Gender (性别).", Gender::ALL);
code_schema!(FellowStatusCode, "Where a fellow's record stands (状态).", FellowStatus::ALL);
code_schema!(CompanyRoleCode, "A fellow's role in a company.", CompanyRole::ALL);
code_schema!(RelationKindCode, "How two fellows are related.", RelationKind::ALL);
code_schema!(HeldRoleCode, "A public role a fellow holds.", HeldRole::ALL);
code_schema!(PersonalFieldCode, "A field of personal data, masked unless revealed.", PersonalField::ALL);
code_schema!(ChamberKindCode, "A chamber's kind: in another city, or of a township.", ChamberKind::ALL);
code_schema!(MemberPositionCode, "A member's position in a chamber.", MemberPosition::ALL);
code_schema!(LiaisonLevelCode, "The level a liaison cadre works at.", LiaisonLevel::ALL);
code_schema!(UnitLevelCode, "The level of an org unit.", UnitLevel::ALL);
code_schema!(AuditActionCode, "What an audit event records.", AuditAction::ALL);
code_schema!(SegmentCode, "Where a node sits on its industry chain.", guichao_domain::chains::Segment::ALL);
code_schema!(EvidenceCode, "Why a fellow fits a chain node.", guichao_domain::chains::Evidence::ALL);
code_schema!(PermissionCode, "A permission a role grants.", Permission::ALL);
code_schema!(DataScopeCode, "How far a permission reaches.", DataScope::ALL);
code_schema!(ContactKindCode, "How a cadre kept in touch with a fellow (联系方式).", ContactKind::ALL);
code_schema!(EventKindCode, "The kind of a liaison event.", guichao_domain::events::EventKind::ALL);
code_schema!(StageCode, "Where a project stands (当前阶段).", guichao_domain::projects::Stage::ALL);
code_schema!(ProjectKindCode, "What a project is (项目类型).", guichao_domain::projects::ProjectKind::ALL);
code_schema!(
    ProjectSourceCode,
    "How a project came to the county (项目来源).",
    guichao_domain::projects::ProjectSource::ALL
);
code_schema!(ProjectRoleCode, "The part a fellow played in a project.", guichao_domain::projects::ProjectRole::ALL);
code_schema!(FundEvidenceCode, "The document that shows funds arrived.", guichao_domain::projects::FundEvidence::ALL);
code_schema!(
    AttendanceCode,
    "Whether an event's attendee came or was only invited.",
    guichao_domain::events::Attendance::ALL
);
code_schema!(DuplicateReasonCode, "Why two records look like one person.", DUPLICATE_REASONS);
code_schema!(ZoningCode, "What a park parcel's land may be used for (用地性质).", guichao_domain::park::Zoning::ALL);
code_schema!(ServiceKindCode, "What a returnee asks help with (诉求类别).", guichao_domain::services::ServiceKind::ALL);
code_schema!(
    ServiceStatusCode,
    "Where a service request stands (办理状态).",
    guichao_domain::services::ServiceStatus::ALL
);
code_schema!(ParcelStatusCode, "Where a park parcel stands on a day.", guichao_domain::park::ParcelStatus::ALL);
code_schema!(UnitStatusCode, "Where a standard factory unit stands on a day.", guichao_domain::park::UnitStatus::ALL);
code_schema!(CampaignStateCode, "Where a four-ones campaign stands.", guichao_domain::campaigns::CampaignState::ALL);
code_schema!(TickSourceCode, "How a campaign tick came about.", guichao_domain::campaigns::TickSource::ALL);
code_schema!(TaskStatusCode, "Where an agency task stands (办理状态).", guichao_domain::agency::TaskStatus::ALL);
code_schema!(SmsStatusCode, "Where a message stands in the outbox (发送状态).", guichao_domain::sms::SmsStatus::ALL);
code_schema!(SmsFailReasonCode, "Why a message failed.", guichao_domain::sms::FailReason::ALL);
code_schema!(OptOutSourceCode, "How a fellow opted out of SMS.", guichao_domain::sms::OptOutSource::ALL);

/// The store keeps no list of its duplicate reasons, so it is written here.
const DUPLICATE_REASONS: [DuplicateReason; 3] =
    [DuplicateReason::SamePhone, DuplicateReason::SameIdNumber, DuplicateReason::SameNameBirthYearTownship];

// A match without a wildcard: a reason added in the store stops the build here
// until it is listed above.
const _: fn(DuplicateReason) = |reason| match reason {
    DuplicateReason::SamePhone | DuplicateReason::SameIdNumber | DuplicateReason::SameNameBirthYearTownship => {}
};

/// Drops a property's documented default when its vocabulary does not allow
/// it. A body read with `#[serde(default)]` documents every field's
/// `Default`, which for a vocabulary is the empty string: "not given", not a
/// value a client should send.
pub fn drop_defaults_outside_enums(doc: &mut OpenApi) {
    let Some(components) = doc.components.as_mut() else { return };
    let allowed: BTreeMap<String, Vec<serde_json::Value>> = components
        .schemas
        .iter()
        .filter_map(|(name, schema)| match schema {
            RefOr::T(Schema::Object(o)) => Some((format!("#/components/schemas/{name}"), o.enum_values.clone()?)),
            _ => None,
        })
        .collect();
    for schema in components.schemas.values_mut() {
        let RefOr::T(Schema::Object(object)) = schema else { continue };
        for property in object.properties.values_mut() {
            if let RefOr::Ref(r) = property
                && let (Some(default), Some(codes)) = (&r.default, allowed.get(&r.ref_location))
                && !codes.contains(default)
            {
                r.default = None;
            }
        }
    }
}
