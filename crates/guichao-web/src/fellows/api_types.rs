//! What the fellow API answers: list items, a whole fellow with what hangs off
//! them, and duplicate candidates. Personal data is always masked here; the
//! full value comes only from the audited reveal call.

use super::labels;
use crate::api::vocab::{
    CategoryCode, CompanyRoleCode, DuplicateReasonCode, FellowStatusCode, GenderCode, HeldRoleCode, LiaisonLevelCode,
    MemberPositionCode, PersonalFieldCode, RelationKindCode,
};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_domain::Lang;
use guichao_store::fellows::{
    AssignmentRow, ChamberLink, CompanyLink, DuplicateHit, DuplicatePair, DuplicateReason, FellowRow, FellowView,
    HeldRoleRow, RelationLink,
};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A fellow as a list shows them.
#[derive(Serialize, ToSchema)]
pub struct FellowItem {
    pub id: Uuid,
    pub name: String,
    /// Null when unknown.
    #[schema(value_type = Option<GenderCode>)]
    pub gender: Option<String>,
    pub birth_year: Option<i32>,
    /// Home township and village names.
    pub township: String,
    pub village: String,
    #[schema(value_type = CategoryCode)]
    pub category: String,
    /// The category in the request's language.
    pub category_label: String,
    pub city: String,
    pub employer: String,
    pub title: String,
    /// Masked, e.g. `138****5678`.
    pub phone: Option<String>,
    pub tags: Vec<String>,
    #[schema(value_type = FellowStatusCode)]
    pub status: String,
}

impl FellowItem {
    pub fn new(r: FellowRow, lang: Lang) -> FellowItem {
        FellowItem {
            category_label: labels::category(&r.category, lang),
            id: r.id,
            name: r.name,
            gender: r.gender,
            birth_year: r.birth_year,
            township: r.township,
            village: r.village,
            category: r.category,
            city: r.city,
            employer: r.employer,
            title: r.title,
            phone: r.phone,
            tags: r.tags,
            status: r.status,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FellowList {
    pub items: Vec<FellowItem>,
    /// The path of the next page, or null on the last page.
    pub next: Option<String>,
    /// With `q`: how many fellows in the caller's scope match, in all. Null
    /// for a list (`/fellows/count` counts one).
    pub total: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct FellowCount {
    pub count: u64,
}

#[derive(Serialize, ToSchema)]
pub struct FellowCompany {
    /// The fellow-company link (what DELETE removes).
    pub link_id: Uuid,
    pub company_id: Uuid,
    pub name: String,
    pub credit_code: Option<String>,
    pub industry: String,
    pub city: String,
    #[schema(value_type = CompanyRoleCode)]
    pub role: String,
}

impl From<CompanyLink> for FellowCompany {
    fn from(c: CompanyLink) -> FellowCompany {
        FellowCompany {
            link_id: c.link_id,
            company_id: c.company_id,
            name: c.name,
            credit_code: c.credit_code,
            industry: c.industry,
            city: c.city,
            role: c.role,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FellowChamber {
    pub chamber_id: Uuid,
    pub chamber: String,
    #[schema(value_type = MemberPositionCode)]
    pub position: String,
    pub since: Option<NaiveDate>,
}

impl From<ChamberLink> for FellowChamber {
    fn from(c: ChamberLink) -> FellowChamber {
        FellowChamber { chamber_id: c.chamber_id, chamber: c.chamber, position: c.position, since: c.since }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FellowRelation {
    pub id: Uuid,
    /// The other fellow's id and name; both null (and the note empty) when
    /// they are outside the caller's scope: only that the relation exists shows.
    pub other_id: Option<Uuid>,
    pub other_name: Option<String>,
    #[schema(value_type = RelationKindCode)]
    pub kind: String,
    pub note: String,
}

impl From<RelationLink> for FellowRelation {
    fn from(r: RelationLink) -> FellowRelation {
        FellowRelation { id: r.id, other_id: r.other_id, other_name: r.other_name, kind: r.kind, note: r.note }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FellowRole {
    pub id: Uuid,
    #[schema(value_type = HeldRoleCode)]
    pub role: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub note: String,
}

impl From<HeldRoleRow> for FellowRole {
    fn from(r: HeldRoleRow) -> FellowRole {
        FellowRole { id: r.id, role: r.role, start_date: r.start_date, end_date: r.end_date, note: r.note }
    }
}

#[derive(Serialize, ToSchema)]
pub struct FellowAssignment {
    pub id: Uuid,
    pub cadre_id: Uuid,
    pub cadre_name: String,
    #[schema(value_type = LiaisonLevelCode)]
    pub level: String,
    pub cycle_days: i32,
    pub started_at: DateTime<Utc>,
}

impl From<AssignmentRow> for FellowAssignment {
    fn from(a: AssignmentRow) -> FellowAssignment {
        FellowAssignment {
            id: a.id,
            cadre_id: a.cadre_id,
            cadre_name: a.cadre_name,
            level: a.level,
            cycle_days: a.cycle_days,
            started_at: a.started_at,
        }
    }
}

/// A fellow with everything that hangs off them. Personal data is masked.
#[derive(Serialize, ToSchema)]
pub struct Fellow {
    pub id: Uuid,
    pub name: String,
    /// Null when unknown.
    #[schema(value_type = Option<GenderCode>)]
    pub gender: Option<String>,
    pub birth_date: Option<NaiveDate>,
    #[schema(value_type = CategoryCode)]
    pub category: String,
    pub township_id: Option<Uuid>,
    pub township: String,
    pub village_id: Option<Uuid>,
    pub village: String,
    pub province: String,
    pub city: String,
    pub district: String,
    pub employer: String,
    pub title: String,
    pub industry: String,
    pub phone: Option<String>,
    pub id_number: Option<String>,
    pub wechat: Option<String>,
    pub email: Option<String>,
    pub tags: Vec<String>,
    #[schema(value_type = FellowStatusCode)]
    pub status: String,
    pub source: String,
    pub notes: String,
    pub consent: bool,
    /// Send back with an edit; a newer stored version answers 409.
    pub version: i32,
    pub archived_at: Option<DateTime<Utc>>,
    /// Set when this record was merged into another.
    pub merged_into: Option<Uuid>,
    pub companies: Vec<FellowCompany>,
    /// Current chamber memberships.
    pub chambers: Vec<FellowChamber>,
    pub relations: Vec<FellowRelation>,
    pub roles: Vec<FellowRole>,
    /// Live liaison assignments.
    pub assignments: Vec<FellowAssignment>,
    /// Whether the caller may edit this fellow, and reveal their personal data.
    pub can_write: bool,
    pub can_reveal: bool,
}

impl From<FellowView> for Fellow {
    fn from(v: FellowView) -> Fellow {
        Fellow {
            id: v.id,
            name: v.name,
            gender: v.gender,
            birth_date: v.birth_date,
            category: v.category,
            township_id: v.township_id,
            township: v.township,
            village_id: v.village_id,
            village: v.village,
            province: v.province,
            city: v.city,
            district: v.district,
            employer: v.employer,
            title: v.title,
            industry: v.industry,
            phone: v.phone,
            id_number: v.id_number,
            wechat: v.wechat,
            email: v.email,
            tags: v.tags,
            status: v.status,
            source: v.source,
            notes: v.notes,
            consent: v.consent,
            version: v.version,
            archived_at: v.archived_at,
            merged_into: v.merged_into,
            companies: v.companies.into_iter().map(Into::into).collect(),
            chambers: v.chambers.into_iter().map(Into::into).collect(),
            relations: v.relations.into_iter().map(Into::into).collect(),
            roles: v.roles.into_iter().map(Into::into).collect(),
            assignments: v.assignments.into_iter().map(Into::into).collect(),
            can_write: v.can_write,
            can_reveal: v.can_reveal,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct DuplicateReasonItem {
    #[schema(value_type = DuplicateReasonCode)]
    pub code: String,
    pub label: String,
}

fn reasons(rs: &[DuplicateReason], lang: Lang) -> Vec<DuplicateReasonItem> {
    rs.iter().map(|r| DuplicateReasonItem { code: r.code().into(), label: r.label(lang).into() }).collect()
}

/// A stored record that resembles the one being saved.
#[derive(Serialize, ToSchema)]
pub struct DuplicateCandidate {
    pub id: Uuid,
    pub name: String,
    pub township: String,
    pub reasons: Vec<DuplicateReasonItem>,
}

impl DuplicateCandidate {
    pub fn new(h: DuplicateHit, lang: Lang) -> DuplicateCandidate {
        DuplicateCandidate { reasons: reasons(&h.reasons, lang), id: h.fellow_id, name: h.name, township: h.township }
    }
}

/// Two records that look like one person.
#[derive(Serialize, ToSchema)]
pub struct DuplicatePairItem {
    pub a: FellowItem,
    pub b: FellowItem,
    pub reasons: Vec<DuplicateReasonItem>,
}

impl DuplicatePairItem {
    pub fn new(p: DuplicatePair, lang: Lang) -> DuplicatePairItem {
        DuplicatePairItem {
            reasons: reasons(&p.reasons, lang),
            a: FellowItem::new(p.a, lang),
            b: FellowItem::new(p.b, lang),
        }
    }
}

/// A revealed personal value (the reveal is recorded in the audit log).
#[derive(Serialize, ToSchema)]
pub struct RevealedValue {
    #[schema(value_type = PersonalFieldCode)]
    pub field: String,
    /// The full value, or null when none is stored.
    pub value: Option<String>,
}
