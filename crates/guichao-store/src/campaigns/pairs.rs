//! The (fellow, kind) pairs a campaign has ticked, as subqueries: the
//! stored ticks, and the live contact records of a required kind dated in
//! the period. A pair counts once however many ticks make it; the set of a
//! fellow's pairs is what their kept ticked kinds are made of (`kept`).

use crate::entities::{campaign, campaign_tick, contact_fellow, contact_record};
use guichao_domain::liaison::ContactKind;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement, UnionType};
use sea_orm::{ColumnTrait, Condition};
use uuid::Uuid;

/// The codes of `kinds`, for an `IN`.
fn codes(kinds: &[ContactKind]) -> Vec<&'static str> {
    kinds.iter().map(|k| k.code()).collect()
}

/// The live contact records of `kinds` in the campaign's period, as
/// (fellow_id, kind) for
/// the fellows `only` names (all when `None`).
pub(super) fn contact_pairs(c: &campaign::Model, kinds: &[ContactKind], only: Option<&[Uuid]>) -> SelectStatement {
    let (r, cf) = (contact_record::Entity, contact_fellow::Entity);
    let mut q = Query::select();
    q.expr_as(Expr::col((cf, contact_fellow::Column::FellowId)), "fellow_id");
    q.expr_as(Expr::col((r, contact_record::Column::Kind)), "kind");
    q.from(r)
        .inner_join(
            cf,
            Condition::all()
                .add(Expr::col((cf, contact_fellow::Column::TenantId)).equals((r, contact_record::Column::TenantId)))
                .add(Expr::col((cf, contact_fellow::Column::ContactId)).equals((r, contact_record::Column::Id))),
        )
        .cond_where(
            Condition::all()
                .add(contact_record::Column::TenantId.eq(c.tenant_id))
                .add(contact_record::Column::Kind.is_in(codes(kinds)))
                .add(contact_record::Column::DeletedAt.is_null()),
        );
    // The period on the link's copy of the date for a few fellows (read
    // from their timelines), on the record's for all (the period's records).
    match only {
        Some(ids) => q
            .and_where(contact_fellow::Column::FellowId.is_in(ids.to_vec()))
            .and_where(Expr::col((cf, contact_fellow::Column::ContactDate)).between(c.start_date, c.end_date)),
        None => q.and_where(Expr::col((r, contact_record::Column::ContactDate)).between(c.start_date, c.end_date)),
    };
    q.to_owned()
}

/// The stored ticks of `kinds`, shaped like [`contact_pairs`].
fn stored_pairs(c: &campaign::Model, kinds: &[ContactKind], only: Option<&[Uuid]>) -> SelectStatement {
    let mut q = Query::select();
    q.expr_as(Expr::col((campaign_tick::Entity, campaign_tick::Column::FellowId)), "fellow_id");
    q.expr_as(Expr::col((campaign_tick::Entity, campaign_tick::Column::Kind)), "kind");
    q.from(campaign_tick::Entity)
        .and_where(campaign_tick::Column::TenantId.eq(c.tenant_id))
        .and_where(campaign_tick::Column::CampaignId.eq(c.id))
        .and_where(campaign_tick::Column::Kind.is_in(codes(kinds)));
    if let Some(ids) = only {
        q.and_where(campaign_tick::Column::FellowId.is_in(ids.to_vec()));
    }
    q.to_owned()
}

/// The distinct (fellow_id, kind) pairs ticked among `kinds`, of the
/// fellows `only` names (all when `None`).
pub(super) fn ticked(c: &campaign::Model, kinds: &[ContactKind], only: Option<&[Uuid]>) -> SelectStatement {
    stored_pairs(c, kinds, only).union(UnionType::Distinct, contact_pairs(c, kinds, only)).to_owned()
}
