//! Each campaign fellow's ticked kinds, kept beside them
//! (`campaign_fellows.ticked`, m0030): the set of the campaign's required
//! kinds ([`kind_bit`]) that its stored ticks and the live contact records of
//! its period touch. It is derived, never typed: every writer of a tick or a
//! contact record rewrites it from those records in its own transaction
//! ([`recount_fellows`]), and launching writes it with every fellow's row
//! ([`select_mask`]). Completion and the "still missing" filters then read one
//! indexed row a fellow instead of every tick.

use super::kinds_of;
use super::pairs::ticked;
use crate::entities::{campaign, campaign_fellow};
use crate::fellows::MAX_PARAMS;
use guichao_domain::campaigns::{CampaignState, kind_bit};
use guichao_domain::liaison::ContactKind;
use sea_orm::sea_query::{Alias, CaseStatement, Expr, ExprTrait, Func, Query, SelectStatement, TableRef};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

/// Fellows a statement names at most: each is bound twice (the stored
/// ticks and the contact records) and again by the reset.
const CHUNK: usize = MAX_PARAMS / 4;

/// Each fellow of `only` (all when `None`) with a required kind ticked in
/// campaign `c`, and the set of those kinds (`fellow_id`, `mask`).
fn masks(c: &campaign::Model, only: Option<&[Uuid]>) -> SelectStatement {
    let kinds = kinds_of(c);
    let p = Alias::new("p");
    let kind = || Expr::col((p.clone(), Alias::new("kind")));
    let case = kinds.kinds().iter().fold(CaseStatement::new(), |case, k| case.case(kind().eq(k.code()), kind_bit(*k)));
    let bit: Expr = case.finally(0i64).into();
    Query::select()
        .expr_as(Expr::col((p.clone(), Alias::new("fellow_id"))), "fellow_id")
        .expr_as(Func::cast_as(Func::sum(bit), Alias::new("BIGINT")), "mask")
        .from_subquery(ticked(c, kinds.kinds(), only), p.clone())
        .group_by_col((p, Alias::new("fellow_id")))
        .to_owned()
}

/// Adds to `select`, a select of fellows, each fellow's ticked kinds in
/// campaign `c` (0 for none) as its last column: the launch writes them
/// with the rows instead of rewriting the rows after.
pub(super) fn select_mask(select: &mut SelectStatement, c: &campaign::Model) {
    let m = Alias::new("m");
    let mask = Expr::col((m.clone(), Alias::new("mask")));
    select.join_subquery(
        sea_orm::JoinType::LeftJoin,
        masks(c, None),
        m.clone(),
        Expr::col((m, Alias::new("fellow_id")))
            .equals((crate::entities::fellow::Entity, crate::entities::fellow::Column::Id)),
    );
    select.expr(Func::coalesce([mask, Expr::val(0i64)]));
}

/// A campaign fellow (the outer row) who has no tick of `kind`.
pub(crate) fn lacks(kind: ContactKind) -> Expr {
    Expr::col((campaign_fellow::Entity, campaign_fellow::Column::Ticked)).bit_and(kind_bit(kind)).eq(0i64)
}

/// Rewrites the ticked kinds of campaign `c`'s fellows in `only` (all when
/// `None`) from the records: none first, then those the records touch.
pub(crate) async fn recount(
    db: &impl ConnectionTrait,
    c: &campaign::Model,
    only: Option<&[Uuid]>,
) -> Result<(), DbErr> {
    let of_campaign = || {
        let mut w = Expr::col((campaign_fellow::Entity, campaign_fellow::Column::TenantId))
            .eq(c.tenant_id)
            .and(Expr::col((campaign_fellow::Entity, campaign_fellow::Column::CampaignId)).eq(c.id));
        if let Some(ids) = only {
            w = w.and(Expr::col((campaign_fellow::Entity, campaign_fellow::Column::FellowId)).is_in(ids.to_vec()));
        }
        w
    };
    let backend = db.get_database_backend();
    let reset = Query::update()
        .table(campaign_fellow::Entity)
        .value(campaign_fellow::Column::Ticked, 0i64)
        .and_where(of_campaign())
        .and_where(Expr::col(campaign_fellow::Column::Ticked).ne(0i64))
        .to_owned();
    db.execute_raw(backend.build(&reset)).await?;
    let m = Alias::new("m");
    let set = Query::update()
        .table(campaign_fellow::Entity)
        .value(campaign_fellow::Column::Ticked, Expr::col((m.clone(), Alias::new("mask"))))
        .from(TableRef::SubQuery(Box::new(masks(c, only)), m.clone().into()))
        .and_where(of_campaign())
        .and_where(
            Expr::col((campaign_fellow::Entity, campaign_fellow::Column::FellowId))
                .equals((m, Alias::new("fellow_id"))),
        )
        .to_owned();
    db.execute_raw(backend.build(&set)).await?;
    Ok(())
}

/// After a write of ticks or contact records about `fellows` of tenant `t`:
/// rewrites their ticked kinds in every launched or closed campaign that
/// covers them (a record may move out of one period and into another).
pub(crate) async fn recount_fellows(db: &impl ConnectionTrait, t: Uuid, fellows: &[Uuid]) -> Result<(), DbErr> {
    // A county that has launched no campaign (most bulk loads) asks no more.
    let any = campaign::Entity::find()
        .select_only()
        .column(campaign::Column::Id)
        .filter(campaign::Column::TenantId.eq(t))
        .filter(campaign::Column::State.ne(CampaignState::Draft.code()))
        .into_tuple::<Uuid>()
        .one(db)
        .await?;
    if any.is_none() {
        return Ok(());
    }
    let mut fellows = fellows.to_vec();
    fellows.sort_unstable();
    fellows.dedup();
    for chunk in fellows.chunks(CHUNK) {
        let ids: Vec<Uuid> = campaign_fellow::Entity::find()
            .select_only()
            .column(campaign_fellow::Column::CampaignId)
            .distinct()
            .filter(campaign_fellow::Column::TenantId.eq(t))
            .filter(campaign_fellow::Column::FellowId.is_in(chunk.to_vec()))
            .into_tuple()
            .all(db)
            .await?;
        if ids.is_empty() {
            continue;
        }
        let campaigns =
            campaign::Entity::find().filter(campaign::Column::TenantId.eq(t)).filter(campaign::Column::Id.is_in(ids));
        for c in campaigns.all(db).await? {
            recount(db, &c, Some(chunk)).await?;
        }
    }
    Ok(())
}

/// The campaigns that have fellows (launched or closed), of one tenant or all.
async fn launched(db: &impl ConnectionTrait, tenant: Option<Uuid>) -> Result<Vec<campaign::Model>, DbErr> {
    let mut find = campaign::Entity::find().filter(campaign::Column::State.ne(CampaignState::Draft.code()));
    if let Some(t) = tenant {
        find = find.filter(campaign::Column::TenantId.eq(t));
    }
    find.all(db).await
}

/// Rewrites the ticked kinds of every fellow of every campaign: the
/// migration that brings the column in, and a repair.
pub(crate) async fn rebuild_all(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    for c in launched(db, None).await? {
        recount(db, &c, None).await?;
    }
    Ok(())
}

#[cfg(feature = "system")]
impl crate::System<'_> {
    /// How many campaign fellows of tenant `t` have kept ticked kinds other
    /// than their records say (none, unless the database was written around
    /// the store); for a check.
    pub async fn campaign_ticked_drift(&self, t: Uuid) -> crate::StoreResult<u64> {
        use sea_orm::FromQueryResult;
        #[derive(FromQueryResult)]
        struct Count {
            n: i64,
        }
        let db = self.connection();
        let mut drift = 0;
        for c in launched(db, Some(t)).await? {
            let m = Alias::new("m");
            let mask = Expr::col((m.clone(), Alias::new("mask")));
            let q = Query::select()
                .expr_as(Expr::cust("COUNT(*)"), "n")
                .from(campaign_fellow::Entity)
                .join_subquery(
                    sea_orm::JoinType::LeftJoin,
                    masks(&c, None),
                    m.clone(),
                    Expr::col((m.clone(), Alias::new("fellow_id")))
                        .equals((campaign_fellow::Entity, campaign_fellow::Column::FellowId)),
                )
                .and_where(campaign_fellow::Column::TenantId.eq(t))
                .and_where(campaign_fellow::Column::CampaignId.eq(c.id))
                .and_where(
                    Expr::col((campaign_fellow::Entity, campaign_fellow::Column::Ticked))
                        .ne(Func::coalesce([mask, Expr::val(0i64)])),
                )
                .to_owned();
            let stmt = db.get_database_backend().build(&q);
            drift += Count::find_by_statement(stmt).one(db).await?.map_or(0, |c| u64::try_from(c.n).unwrap_or(0));
        }
        Ok(drift)
    }

    /// Rewrites every campaign fellow's ticked kinds from the records.
    pub async fn rebuild_campaign_ticked(&self) -> crate::StoreResult<()> {
        let tx = self.begin_write().await?;
        rebuild_all(&*tx).await?;
        tx.commit().await?;
        Ok(())
    }
}
