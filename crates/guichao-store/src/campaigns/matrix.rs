//! The matrix: a campaign's fellows the viewer may see, one row each in
//! name order, with their ticks; filtered by township, by cadre (the
//! fellows of their live assignments) and by a kind still missing.

use super::pairs::contact_pairs;
use super::{Campaigns, TickView, kinds_of};
use crate::entities::{campaign, campaign_fellow, campaign_tick, contact_cadre, contact_record, fellow};
use crate::fellows::scope::{assigned_to, visible_ids};
use crate::names::{unit_names, user_names};
use crate::{Scope, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::campaigns::TickSource;
use guichao_domain::liaison::ContactKind;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect, Select};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// Which touches a matrix row must still lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// This kind.
    Kind(ContactKind),
    /// Any required kind (the fellows not yet done).
    Any,
}

/// What a matrix page is filtered by; every filter narrows the viewer's scope.
#[derive(Debug, Clone, Default)]
pub struct MatrixQuery {
    /// The township the fellow belonged to at launch.
    pub township_id: Option<Uuid>,
    pub cadre_id: Option<Uuid>,
    /// One fellow's row (their page in the campaign).
    pub fellow_id: Option<Uuid>,
    pub missing: Option<Missing>,
    /// Keyset cursor: the (sort key, fellow id) of the last row before.
    pub after: Option<(String, Uuid)>,
    pub offset: u64,
    pub limit: u64,
}

/// One fellow of the matrix with every tick of a required kind.
#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub fellow_id: Uuid,
    pub name: String,
    pub township_id: Option<Uuid>,
    pub township: String,
    /// By kind in the campaign's order, earliest first within a kind.
    pub ticks: Vec<TickView>,
    #[serde(skip)]
    pub sort_key: String,
}

impl MatrixRow {
    /// The first tick of `kind`, if any.
    pub fn tick(&self, kind: ContactKind) -> Option<&TickView> {
        self.ticks.iter().find(|t| t.kind == kind)
    }
}

#[derive(Debug, Clone)]
pub struct MatrixPage {
    pub rows: Vec<MatrixRow>,
    /// How many rows the filters select in all.
    pub total: u64,
}

/// The campaign's fellows visible in `scope`, as a query to filter further.
pub(super) fn members(c: &campaign::Model, scope: &Scope) -> Select<campaign_fellow::Entity> {
    let mut find = campaign_fellow::Entity::find()
        .filter(campaign_fellow::Column::TenantId.eq(c.tenant_id))
        .filter(campaign_fellow::Column::CampaignId.eq(c.id));
    // The whole county sees every fellow of it: no subquery to run.
    if scope.reach() != DataScope::Tenant {
        find = find.filter(campaign_fellow::Column::FellowId.in_subquery(visible_ids(scope)));
    }
    find
}

pub(super) fn filtered(c: &campaign::Model, scope: &Scope, q: &MatrixQuery) -> Select<campaign_fellow::Entity> {
    let mut find = members(c, scope);
    if let Some(township) = q.township_id {
        find = find.filter(campaign_fellow::Column::TownshipId.eq(township));
    }
    if let Some(fellow) = q.fellow_id {
        find = find.filter(campaign_fellow::Column::FellowId.eq(fellow));
    }
    if let Some(cadre) = q.cadre_id {
        find = find.filter(campaign_fellow::Column::FellowId.in_subquery(assigned_to(c.tenant_id, cadre)));
    }
    match q.missing {
        None => {}
        // The kept ticked kinds (`kept`) answer both without reading a tick.
        Some(Missing::Kind(kind)) => {
            find = find.filter(super::kept::lacks(kind));
        }
        Some(Missing::Any) => {
            find = find.filter(campaign_fellow::Column::Ticked.ne(kinds_of(c).mask()));
        }
    }
    find
}

#[derive(FromQueryResult)]
struct ContactTick {
    fellow_id: Uuid,
    contact_id: Uuid,
    kind: String,
    contact_date: NaiveDate,
}

impl Campaigns<'_> {
    /// A page of the matrix of campaign `id` with the total the filters select.
    pub async fn matrix(&self, id: Uuid, q: &MatrixQuery) -> StoreResult<MatrixPage> {
        let scope = self.0.need(Permission::LiaisonRead)?;
        let c = self.find(&self.store().db, id).await?;
        let total = super::counted::count(self.store(), &c, scope, q).await?;
        let rows = self.matrix_rows_of(&c, q).await?;
        Ok(MatrixPage { rows, total })
    }

    /// One fellow's row of the matrix, or `NotFound` (not in the campaign,
    /// or not a fellow the viewer may see).
    pub async fn row(&self, id: Uuid, fellow_id: Uuid) -> StoreResult<MatrixRow> {
        let q = MatrixQuery { fellow_id: Some(fellow_id), limit: 1, ..Default::default() };
        self.matrix_rows(id, &q).await?.pop().ok_or(crate::StoreError::NotFound)
    }

    /// A page of the matrix without its total (the export walks it by cursor).
    pub async fn matrix_rows(&self, id: Uuid, q: &MatrixQuery) -> StoreResult<Vec<MatrixRow>> {
        self.0.need(Permission::LiaisonRead)?;
        let c = self.find(&self.store().db, id).await?;
        self.matrix_rows_of(&c, q).await
    }

    async fn matrix_rows_of(&self, c: &campaign::Model, q: &MatrixQuery) -> StoreResult<Vec<MatrixRow>> {
        let scope = self.0.need(Permission::LiaisonRead)?;
        let db = &self.store().db;
        let mut find = filtered(c, scope, q);
        if let Some((key, id)) = &q.after {
            let at = Expr::tuple([
                Expr::col((campaign_fellow::Entity, campaign_fellow::Column::SortKey)),
                Expr::col((campaign_fellow::Entity, campaign_fellow::Column::FellowId)),
            ]);
            find = find.filter(at.gt(Expr::tuple([Expr::val(key.as_str()), Expr::val(*id)])));
        }
        let members = find
            .order_by_asc(campaign_fellow::Column::SortKey)
            .order_by_asc(campaign_fellow::Column::FellowId)
            .offset((q.offset > 0).then_some(q.offset))
            .limit(q.limit.clamp(1, 500))
            .all(db)
            .await?;
        let ids: Vec<Uuid> = members.iter().map(|m| m.fellow_id).collect();
        let names: HashMap<Uuid, String> = fellow::Entity::find()
            .select_only()
            .column(fellow::Column::Id)
            .column(fellow::Column::Name)
            .filter(fellow::Column::TenantId.eq(c.tenant_id))
            .filter(fellow::Column::Id.is_in(ids.clone()))
            .into_tuple::<(Uuid, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect();
        let townships = unit_names(db, c.tenant_id, members.iter().filter_map(|m| m.township_id)).await?;
        let mut ticks = self.ticks_of(c, &ids).await?;
        Ok(members
            .into_iter()
            .map(|m| MatrixRow {
                name: names.get(&m.fellow_id).cloned().unwrap_or_default(),
                township: m.township_id.and_then(|t| townships.get(&t).cloned()).unwrap_or_default(),
                ticks: ticks.remove(&m.fellow_id).unwrap_or_default(),
                fellow_id: m.fellow_id,
                township_id: m.township_id,
                sort_key: m.sort_key,
            })
            .collect())
    }

    /// The ticks of required kinds of `fellows`: stored ones and those of
    /// the live contact records of the period, by fellow.
    async fn ticks_of(&self, c: &campaign::Model, fellows: &[Uuid]) -> StoreResult<HashMap<Uuid, Vec<TickView>>> {
        let db = &self.store().db;
        let kinds = kinds_of(c);
        let mut by_fellow: HashMap<Uuid, Vec<TickView>> = HashMap::new();
        if fellows.is_empty() {
            return Ok(by_fellow);
        }
        let stored = campaign_tick::Entity::find()
            .filter(campaign_tick::Column::TenantId.eq(c.tenant_id))
            .filter(campaign_tick::Column::CampaignId.eq(c.id))
            .filter(campaign_tick::Column::FellowId.is_in(fellows.to_vec()))
            .all(db)
            .await?;
        let mut contacts_q = contact_pairs(c, kinds.kinds(), Some(fellows));
        contacts_q
            .expr_as(Expr::col((contact_record::Entity, contact_record::Column::Id)), "contact_id")
            .expr_as(Expr::col((contact_record::Entity, contact_record::Column::ContactDate)), "contact_date");
        let backend = self.store().db.get_database_backend();
        let contacts = ContactTick::find_by_statement(backend.build(&contacts_q)).all(db).await?;
        let cadres: Vec<(Uuid, Uuid)> = contact_cadre::Entity::find()
            .select_only()
            .column(contact_cadre::Column::ContactId)
            .column(contact_cadre::Column::UserId)
            .filter(contact_cadre::Column::TenantId.eq(c.tenant_id))
            .filter(contact_cadre::Column::ContactId.is_in(contacts.iter().map(|t| t.contact_id)))
            .into_tuple()
            .all(db)
            .await?;
        let users =
            user_names(db, c.tenant_id, cadres.iter().map(|(_, u)| *u).chain(stored.iter().filter_map(|t| t.user_id)))
                .await?;
        let mut cadres_of: HashMap<Uuid, Vec<String>> = HashMap::new();
        for (contact, user) in cadres {
            cadres_of.entry(contact).or_default().extend(users.get(&user).cloned());
        }
        for t in contacts {
            let Some(kind) = ContactKind::parse(&t.kind) else { continue };
            let mut by = cadres_of.get(&t.contact_id).cloned().unwrap_or_default();
            by.sort();
            by_fellow.entry(t.fellow_id).or_default().push(TickView {
                kind,
                date: t.contact_date,
                source: TickSource::Contact,
                source_id: Some(t.contact_id),
                tick_id: None,
                by: by.join("、"),
                note: String::new(),
            });
        }
        for t in stored {
            let (Some(kind), Some(source)) = (ContactKind::parse(&t.kind), TickSource::parse(&t.source)) else {
                continue;
            };
            if !kinds.contains(kind) {
                continue;
            }
            by_fellow.entry(t.fellow_id).or_default().push(TickView {
                kind,
                date: t.tick_date,
                source,
                source_id: t.source_id,
                tick_id: Some(t.id),
                by: t.user_id.and_then(|u| users.get(&u).cloned()).unwrap_or_default(),
                note: t.note,
            });
        }
        let rank = |k: ContactKind| kinds.kinds().iter().position(|x| *x == k).unwrap_or(usize::MAX);
        for ticks in by_fellow.values_mut() {
            ticks.sort_by_key(|a| (rank(a.kind), a.date, a.source_id));
        }
        Ok(by_fellow)
    }
}
