//! The cadres behind the assignments a reader may see: the choices of the
//! overdue list's cadre filter.

use super::{ContactCadre, Contacts};
use crate::StoreResult;
use crate::entities::liaison_assignment;
use crate::fellows::scope::visible_ids;
use crate::names::user_names;
use guichao_domain::access::Permission;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// The most cadres the filter offers.
const MAX_CADRES: u64 = 2000;

impl Contacts<'_> {
    /// The cadres holding a live assignment to a fellow the actor may see,
    /// by name.
    pub async fn assigned_cadres(&self) -> StoreResult<Vec<ContactCadre>> {
        let read = self.0.need(Permission::LiaisonRead)?;
        let db = &self.store().db;
        let ids: Vec<Uuid> = liaison_assignment::Entity::find()
            .select_only()
            .column(liaison_assignment::Column::CadreId)
            .distinct()
            .filter(liaison_assignment::Column::TenantId.eq(read.tenant_id()))
            .filter(liaison_assignment::Column::EndedAt.is_null())
            .filter(liaison_assignment::Column::FellowId.in_subquery(visible_ids(read)))
            .limit(MAX_CADRES)
            .into_tuple()
            .all(db)
            .await?;
        let names = user_names(db, read.tenant_id(), ids).await?;
        let mut cadres: Vec<ContactCadre> =
            names.into_iter().map(|(user_id, name)| ContactCadre { user_id, name }).collect();
        cadres.sort_by(|a, b| a.name.cmp(&b.name).then(a.user_id.cmp(&b.user_id)));
        Ok(cadres)
    }
}
