//! Completion of a campaign by township (at launch) and by cadre (of the
//! fellow's live assignments), over the fellows the viewer may see. The
//! database counts the fellows of each group by their kept set of ticked
//! kinds (`kept`) in one statement; the ticks, the fellows done and the
//! figures are the domain's ([`Tally::add_fellows`], [`CompletionRow`]).

use super::{Campaigns, kinds_of};
use crate::entities::{campaign, campaign_fellow, liaison_assignment};
use crate::fellows::scope::visible_ids;
use crate::names::{unit_names, user_names};
use crate::{Scope, StoreResult};
use guichao_domain::Lang;
use guichao_domain::access::{DataScope, Permission};
use guichao_domain::campaigns::{CompletionRow, Tally, TouchKinds, total_row};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query, SelectStatement};
use sea_orm::{ColumnTrait, Condition, FromQueryResult};
use std::collections::BTreeMap;
use uuid::Uuid;

/// What a completion table is grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CompletionBy {
    Township,
    Cadre,
}

impl CompletionBy {
    pub fn parse(code: &str) -> Option<CompletionBy> {
        match code {
            "township" => Some(CompletionBy::Township),
            "cadre" => Some(CompletionBy::Cadre),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            CompletionBy::Township => "township",
            CompletionBy::Cadre => "cadre",
        }
    }
}

/// How many fellows of a group have one set of ticked kinds.
#[derive(FromQueryResult)]
struct Group {
    key: Option<Uuid>,
    ticked: i64,
    fellows: i64,
}

/// The tally of each group: its fellows counted by their sets of ticked
/// kinds, each set's ticks and whether it is done by the domain's rule.
fn tallies(groups: &[Group], kinds: &TouchKinds) -> Vec<(Option<Uuid>, Tally)> {
    let mut by_key: BTreeMap<Option<Uuid>, Tally> = BTreeMap::new();
    for g in groups {
        let n = u64::try_from(g.fellows).unwrap_or(0);
        by_key.entry(g.key).or_default().add_fellows(n, kinds.ticked_in(g.ticked), kinds.len() as u64);
    }
    by_key.into_iter().collect()
}

/// Per group and set of ticked kinds (kept on each fellow, see `kept`): the
/// campaign's fellows visible in `scope`. `by` is the group's column.
fn grouped(c: &campaign::Model, scope: &Scope, by: CompletionBy) -> SelectStatement {
    let (cf, a) = (campaign_fellow::Entity, Alias::new("a"));
    let mut q = Query::select();
    q.from(cf)
        .expr_as(Expr::col((cf, campaign_fellow::Column::Ticked)), "ticked")
        .expr_as(Expr::cust("COUNT(*)"), "fellows")
        .cond_where(
            Condition::all()
                .add(campaign_fellow::Column::TenantId.eq(c.tenant_id))
                .add(campaign_fellow::Column::CampaignId.eq(c.id)),
        )
        .group_by_col((cf, campaign_fellow::Column::Ticked));
    if scope.reach() != DataScope::Tenant {
        q.and_where(campaign_fellow::Column::FellowId.in_subquery(visible_ids(scope)));
    }
    match by {
        CompletionBy::Township => {
            q.expr_as(Expr::col((cf, campaign_fellow::Column::TownshipId)), "key")
                .group_by_col((cf, campaign_fellow::Column::TownshipId));
        }
        CompletionBy::Cadre => {
            let cadres = Query::select()
                .distinct()
                .column(liaison_assignment::Column::FellowId)
                .column(liaison_assignment::Column::CadreId)
                .from(liaison_assignment::Entity)
                .and_where(liaison_assignment::Column::TenantId.eq(c.tenant_id))
                .and_where(liaison_assignment::Column::EndedAt.is_null())
                .to_owned();
            q.join_subquery(
                JoinType::LeftJoin,
                cadres,
                a.clone(),
                Expr::col((a.clone(), Alias::new("fellow_id"))).equals((cf, campaign_fellow::Column::FellowId)),
            )
            .expr_as(Expr::col((a.clone(), Alias::new("cadre_id"))), "key")
            .group_by_col((a, Alias::new("cadre_id")));
        }
    }
    q.to_owned()
}

impl Campaigns<'_> {
    /// Each group's key and tally.
    async fn groups(&self, c: &campaign::Model, by: CompletionBy) -> StoreResult<Vec<(Option<Uuid>, Tally)>> {
        let scope = self.0.scope();
        let db = &self.store().db;
        let statement = db.get_database_backend().build(&grouped(c, scope, by));
        Ok(tallies(&Group::find_by_statement(statement).all(db).await?, &kinds_of(c)))
    }

    /// The completion table of campaign `id` by township or by cadre, the
    /// groups by name, and the total over the fellows the viewer may see. A
    /// fellow with two cadres counts under each; the total counts them once.
    pub async fn completion(
        &self,
        id: Uuid,
        by: CompletionBy,
        lang: Lang,
    ) -> StoreResult<(Vec<CompletionRow>, CompletionRow)> {
        self.0.need(Permission::LiaisonRead)?;
        let db = &self.store().db;
        let c = self.find(db, id).await?;
        let kinds = kinds_of(&c).len() as u64;
        let townships = self.groups(&c, CompletionBy::Township).await?;
        let cadres = match by {
            CompletionBy::Township => None,
            CompletionBy::Cadre => Some(self.groups(&c, by).await?),
        };
        let groups = cadres.as_ref().unwrap_or(&townships);
        let t = c.tenant_id;
        let names = match by {
            CompletionBy::Township => unit_names(db, t, groups.iter().filter_map(|(key, _)| *key)).await?,
            CompletionBy::Cadre => user_names(db, t, groups.iter().filter_map(|(key, _)| *key)).await?,
        };
        let nobody = match by {
            CompletionBy::Township => lang.pick("（未填乡镇）", "(no township)"),
            CompletionBy::Cadre => lang.pick("（未分配联系干部）", "(no cadre)"),
        };
        let mut rows: Vec<CompletionRow> = groups
            .iter()
            .map(|(key, tally)| {
                let (key, label) = match key {
                    Some(k) => (k.to_string(), names.get(k).cloned().unwrap_or_default()),
                    None => ("none".to_string(), nobody.to_string()),
                };
                CompletionRow::new(key, label, *tally, kinds)
            })
            .collect();
        rows.sort_by(|a, b| ((a.key == "none"), &a.label).cmp(&((b.key == "none"), &b.label)));
        let per_township: Vec<CompletionRow> =
            townships.iter().map(|(_, tally)| CompletionRow::new("", "", *tally, kinds)).collect();
        let total = total_row(&per_township, kinds, lang.pick("合计", "Total"));
        Ok((rows, total))
    }

    /// The county's total (over what the viewer may see) of a campaign.
    pub(super) async fn county_total(&self, c: &campaign::Model) -> StoreResult<CompletionRow> {
        let kinds = kinds_of(c).len() as u64;
        let groups = self.groups(c, CompletionBy::Township).await?;
        let rows: Vec<CompletionRow> =
            groups.iter().map(|(_, tally)| CompletionRow::new("", "", *tally, kinds)).collect();
        Ok(total_row(&rows, kinds, "合计"))
    }
}
