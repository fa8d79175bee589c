//! The mail merge: a launched campaign's fellows the actor may tick, by
//! name, filtered by township and to those whose letter is not yet ticked,
//! each with their letter (the template filled with their salutation, name
//! and township and the batch's sign-off and date) and their address. The
//! address labels are the same list without the letters.

use super::super::matrix::filtered;
use super::super::{Campaigns, MatrixQuery, Missing, kinds_of, state_of};
use super::LetterTemplateRow;
use crate::entities::{campaign, campaign_fellow, fellow, letter_address};
use crate::names::unit_names;
use crate::{StoreError, StoreResult};
use chrono::NaiveDate;
use guichao_domain::access::Permission;
use guichao_domain::campaigns::CampaignState;
use guichao_domain::campaigns::letters::{LetterBody, MAX_LETTERS, SIGN_OFF, letter_values};
use guichao_domain::fellows::{FormError, Gender};
use guichao_domain::liaison::ContactKind;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// What to merge.
#[derive(Debug, Clone)]
pub struct MergeQuery {
    /// The template; none for the address labels alone.
    pub template_id: Option<Uuid>,
    /// The township the fellow belonged to at launch.
    pub township_id: Option<Uuid>,
    /// Only fellows whose letter column is not yet ticked.
    pub only_unticked: bool,
    pub sign_off: String,
    pub date: NaiveDate,
    /// At most this many letters (and at most [`MAX_LETTERS`]).
    pub limit: usize,
}

/// One fellow's letter and where it goes.
#[derive(Debug, Clone, Serialize)]
pub struct Letter {
    pub fellow_id: Uuid,
    pub name: String,
    pub township: String,
    pub salutation: String,
    /// The letter's paragraphs (empty for labels alone).
    pub paragraphs: Vec<String>,
    /// Empty when none is recorded.
    pub address: String,
    pub postcode: String,
}

impl Letter {
    pub fn has_address(&self) -> bool {
        !self.address.trim().is_empty()
    }
}

/// A merge: the letters, in name order, and how many fellows the filters
/// select in all (more than the letters when the limit cut them).
#[derive(Debug, Clone)]
pub struct Merge {
    pub template: Option<LetterTemplateRow>,
    pub letters: Vec<Letter>,
    pub total: u64,
}

impl Campaigns<'_> {
    /// A campaign whose letters may be merged: launched or closed, and
    /// requiring letters.
    pub(super) fn letters_open(&self, c: &campaign::Model, printing: bool) -> StoreResult<()> {
        if !kinds_of(c).contains(ContactKind::Letter) {
            return Err(StoreError::invalid("本活动不要求慰问信件", "The campaign does not require letters"));
        }
        match state_of(c) {
            CampaignState::Draft => Err(StoreError::invalid("活动尚未启动", "The campaign is not launched")),
            CampaignState::Closed if printing => {
                state_of(c).require(CampaignState::Launched).map_err(StoreError::Invalid)
            }
            _ => Ok(()),
        }
    }

    /// The merge of campaign `id`'s letters: the fellows the actor may tick.
    pub async fn merge_letters(&self, id: Uuid, q: &MergeQuery) -> StoreResult<Merge> {
        let scope = self.0.need(Permission::LiaisonWrite)?;
        let db = &self.store().db;
        let c = self.find(db, id).await?;
        self.letters_open(&c, false)?;
        let template = match q.template_id {
            Some(t) => {
                let sign_off = SIGN_OFF
                    .check(&q.sign_off)
                    .map_err(|message| StoreError::Fields(vec![FormError { field: "sign_off", message }]))?;
                let model = self.letter_template_model(db, t).await?;
                let body = LetterBody::parse(&model.body).map_err(StoreError::Invalid)?;
                Some((self.letter_template(t).await?, body, sign_off))
            }
            None => None,
        };
        let mq = MatrixQuery {
            township_id: q.township_id,
            missing: q.only_unticked.then_some(Missing::Kind(ContactKind::Letter)),
            ..Default::default()
        };
        let total = filtered(&c, scope, &mq).count(db).await?;
        let members = filtered(&c, scope, &mq)
            .order_by_asc(campaign_fellow::Column::SortKey)
            .order_by_asc(campaign_fellow::Column::FellowId)
            .limit(q.limit.clamp(1, MAX_LETTERS) as u64)
            .all(db)
            .await?;
        let ids: Vec<Uuid> = members.iter().map(|m| m.fellow_id).collect();
        let people: HashMap<Uuid, (String, Option<String>)> = fellow::Entity::find()
            .select_only()
            .column(fellow::Column::Id)
            .column(fellow::Column::Name)
            .column(fellow::Column::Gender)
            .filter(fellow::Column::TenantId.eq(c.tenant_id))
            .filter(fellow::Column::Id.is_in(ids.clone()))
            .into_tuple::<(Uuid, String, Option<String>)>()
            .all(db)
            .await?
            .into_iter()
            .map(|(i, n, g)| (i, (n, g)))
            .collect();
        let mut kept: HashMap<Uuid, letter_address::Model> = letter_address::Entity::find()
            .filter(letter_address::Column::TenantId.eq(c.tenant_id))
            .filter(letter_address::Column::FellowId.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.fellow_id, a))
            .collect();
        let townships = unit_names(db, c.tenant_id, members.iter().filter_map(|m| m.township_id)).await?;
        let letters = members
            .into_iter()
            .map(|m| {
                let (name, gender) = people.get(&m.fellow_id).cloned().unwrap_or_default();
                let gender = gender.as_deref().and_then(Gender::parse);
                let township = m.township_id.and_then(|t| townships.get(&t).cloned()).unwrap_or_default();
                let a = kept.remove(&m.fellow_id);
                let typed = a.as_ref().map_or("", |a| a.salutation.as_str());
                let sign_off = template.as_ref().map_or("", |t| t.2.as_str());
                let values = letter_values(&name, gender, &township, typed, sign_off, q.date);
                let paragraphs = template.as_ref().map(|t| t.1.render(&values)).unwrap_or_default();
                Letter {
                    fellow_id: m.fellow_id,
                    name,
                    township,
                    salutation: values.salutation,
                    paragraphs,
                    address: a.as_ref().map(|a| a.address.clone()).unwrap_or_default(),
                    postcode: a.map(|a| a.postcode).unwrap_or_default(),
                }
            })
            .collect();
        Ok(Merge { template: template.map(|t| t.0), letters, total })
    }
}
