//! Schema migrations: one set for both backends, written with sea-query's schema
//! builder. A landed migration is never edited; a change is a new migration.

mod m0001_foundation;
mod m0002_registry;
mod m0003_list_indexes;
mod m0004_search_scope_index;
mod m0005_import_jobs;
mod m0006_chamber_staff;
mod m0007_sort_keys;
mod m0008_audit_filters;
mod m0009_import_batches;
mod m0010_token_expiry;
mod m0011_contacts;
mod m0012_fellow_import;
mod m0013_events;
mod m0014_liaison_facts;
mod m0015_live_search_index;
mod m0016_liaison_fellow_due;
mod m0017_liaison_facts_set_aside;
mod m0018_coverage_ranges;
mod m0019_projects;
mod m0020_park;
mod m0021_chains;
mod m0022_agency;
mod m0024_counting_rules;
mod m0025_project_standing;
mod m0026_campaigns;
mod m0027_sms;
mod m0028_letters;
mod m0029_gifts;
mod m0030_campaign_ticked;
mod m0031_services;
mod m0032_funds;
mod m0033_policies;
mod m0035_campaign_members_version;
mod m0036_service_report_order;
mod m0037_campaign_fellows_lean;
mod m0038_audit_keyed;
mod m0039_session_agent;
mod m0041_account_policy;
mod m0042_two_factor;
pub(crate) mod m0043_three_admins;

pub(crate) use m0014_liaison_facts::{set_changed, sqlite_trigger};
pub(crate) use m0017_liaison_facts_set_aside::SET_ASIDE;
use sea_orm_migration::prelude::*;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m0001_foundation::Migration),
            Box::new(m0002_registry::Migration),
            Box::new(m0003_list_indexes::Migration),
            Box::new(m0004_search_scope_index::Migration),
            Box::new(m0005_import_jobs::Migration),
            Box::new(m0006_chamber_staff::Migration),
            Box::new(m0007_sort_keys::Migration),
            Box::new(m0008_audit_filters::Migration),
            Box::new(m0009_import_batches::Migration),
            Box::new(m0010_token_expiry::Migration),
            Box::new(m0011_contacts::Migration),
            Box::new(m0012_fellow_import::Migration),
            Box::new(m0013_events::Migration),
            Box::new(m0014_liaison_facts::Migration),
            Box::new(m0015_live_search_index::Migration),
            Box::new(m0016_liaison_fellow_due::Migration),
            Box::new(m0017_liaison_facts_set_aside::Migration),
            Box::new(m0018_coverage_ranges::Migration),
            Box::new(m0019_projects::Migration),
            Box::new(m0020_park::Migration),
            Box::new(m0021_chains::Migration),
            Box::new(m0022_agency::Migration),
            Box::new(m0024_counting_rules::Migration),
            Box::new(m0025_project_standing::Migration),
            Box::new(m0026_campaigns::Migration),
            Box::new(m0027_sms::Migration),
            Box::new(m0028_letters::Migration),
            Box::new(m0029_gifts::Migration),
            Box::new(m0030_campaign_ticked::Migration),
            Box::new(m0031_services::Migration),
            Box::new(m0032_funds::Migration),
            Box::new(m0033_policies::Migration),
            Box::new(m0035_campaign_members_version::Migration),
            Box::new(m0036_service_report_order::Migration),
            Box::new(m0037_campaign_fellows_lean::Migration),
            Box::new(m0038_audit_keyed::Migration),
            Box::new(m0039_session_agent::Migration),
            Box::new(m0041_account_policy::Migration),
            Box::new(m0042_two_factor::Migration),
            Box::new(m0043_three_admins::Migration),
        ]
    }
}

/// A `(tenant_id, a, b...)` key, the shape of every key in the schema.
pub(crate) fn tenant_key(cols: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.col("tenant_id");
    for col in cols {
        index.col(*col);
    }
    index.to_owned()
}

/// A foreign key `(tenant_id, col) -> table(tenant_id, id)`.
pub(crate) fn tenant_fk(from: &'static str, col: &'static str, to: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create().from(from, ("tenant_id", col)).to(to, ("tenant_id", "id")).to_owned()
}
