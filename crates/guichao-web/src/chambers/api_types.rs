//! The JSON shapes of `/api/v1/chambers` answers, built from the store's views.

use crate::api::vocab::{ChamberKindCode, MemberPositionCode};
use chrono::{DateTime, NaiveDate, Utc};
use guichao_store::chambers::{ChamberSummary, ChamberView, MemberRow, OfficeRow};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One chamber on the list.
#[derive(Serialize, ToSchema)]
pub struct ChamberItem {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = ChamberKindCode)]
    pub kind: String,
    pub city: String,
    pub township_id: Option<Uuid>,
    pub township: String,
    pub offices: u64,
    /// Current members the caller may see.
    pub members: u64,
}

impl From<ChamberSummary> for ChamberItem {
    fn from(c: ChamberSummary) -> ChamberItem {
        ChamberItem {
            id: c.id,
            name: c.name,
            kind: c.kind.code().into(),
            city: c.city,
            township_id: c.township_id,
            township: c.township,
            offices: c.offices,
            members: c.members,
        }
    }
}

/// A liaison office (联络处) under a chamber.
#[derive(Serialize, ToSchema)]
pub struct ChamberOffice {
    pub id: Uuid,
    pub name: String,
    pub city: String,
    pub address: String,
}

impl From<OfficeRow> for ChamberOffice {
    fn from(o: OfficeRow) -> ChamberOffice {
        ChamberOffice { id: o.id, name: o.name, city: o.city, address: o.address }
    }
}

/// A membership of a fellow the caller may see.
#[derive(Serialize, ToSchema)]
pub struct ChamberMember {
    pub id: Uuid,
    pub fellow_id: Uuid,
    pub name: String,
    pub township: String,
    #[schema(value_type = MemberPositionCode)]
    pub position: String,
    pub since: Option<NaiveDate>,
    /// Set when the membership has ended.
    pub until: Option<NaiveDate>,
}

impl From<MemberRow> for ChamberMember {
    fn from(m: MemberRow) -> ChamberMember {
        ChamberMember {
            id: m.id,
            fellow_id: m.fellow_id,
            name: m.name,
            township: m.township,
            position: m.position.code().into(),
            since: m.since,
            until: m.until,
        }
    }
}

/// A chamber with its offices and the members the caller may see.
#[derive(Serialize, ToSchema)]
pub struct ChamberDetail {
    pub id: Uuid,
    pub name: String,
    #[schema(value_type = ChamberKindCode)]
    pub kind: String,
    pub city: String,
    pub township_id: Option<Uuid>,
    pub township: String,
    pub founded: Option<NaiveDate>,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub offices: Vec<ChamberOffice>,
    /// Current members, president first.
    pub members: Vec<ChamberMember>,
    /// Ended memberships, latest first.
    pub former_members: Vec<ChamberMember>,
    /// The chamber liaisons who keep the membership current.
    pub staff: Vec<ChamberStaff>,
}

/// A user who staffs a chamber.
#[derive(Serialize, ToSchema)]
pub struct ChamberStaff {
    pub user_id: Uuid,
    pub display_name: String,
    pub username: String,
}

impl From<ChamberView> for ChamberDetail {
    fn from(c: ChamberView) -> ChamberDetail {
        ChamberDetail {
            id: c.id,
            name: c.name,
            kind: c.kind.code().into(),
            city: c.city,
            township_id: c.township_id,
            township: c.township,
            founded: c.founded,
            notes: c.notes,
            created_at: c.created_at,
            offices: c.offices.into_iter().map(Into::into).collect(),
            members: c.members.into_iter().map(Into::into).collect(),
            former_members: c.former_members.into_iter().map(Into::into).collect(),
            staff: c
                .staff
                .into_iter()
                .map(|s| ChamberStaff { user_id: s.user_id, display_name: s.display_name, username: s.username })
                .collect(),
        }
    }
}
