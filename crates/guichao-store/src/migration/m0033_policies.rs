//! Policy documents (政策文件): the document with its number, issuer, dates
//! and tags; its attachments (the bytes on disk, named by their SHA-256);
//! and the projects, fellows and companies that benefited, each dated and
//! with an amount where money. No total is stored: counts and sums are
//! taken from the beneficiary rows.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0033_policies"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("policies")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("title"))
                .col(string("issuer"))
                .col(string("number"))
                .col(date("issued_on"))
                .col(date("valid_from"))
                .col(date_null("valid_to"))
                // Each tag between bars (`|创业|贷款|`), so one tag is one LIKE.
                .col(string("tags").default(""))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(&mut tenant_fk("policies", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["number"]).name("policies_number").table("policies").unique().to_owned()).await?;
        m.create_index(tenant_key(&["issued_on"]).name("policies_issued").table("policies").to_owned()).await?;

        m.create_table(
            Table::create()
                .table("policy_attachments")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("policy_id"))
                .col(string("name"))
                .col(string("content_type"))
                .col(big_integer("size_bytes"))
                .col(string_len("sha256", 64))
                .col(uuid_null("user_id"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(&mut tenant_fk("policy_attachments", "policy_id", "policies"))
                .foreign_key(&mut tenant_fk("policy_attachments", "user_id", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["policy_id"]).name("policy_attachments_policy").table("policy_attachments").to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("policy_beneficiaries")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("policy_id"))
                .col(string_len("kind", 16))
                .col(uuid_null("project_id"))
                .col(uuid_null("fellow_id"))
                .col(uuid_null("company_id"))
                .col(big_integer_null("amount_fen"))
                .col(date("benefit_date"))
                .col(string("note").default(""))
                .col(uuid_null("created_by"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(&mut tenant_fk("policy_beneficiaries", "policy_id", "policies"))
                .foreign_key(&mut tenant_fk("policy_beneficiaries", "project_id", "projects"))
                .foreign_key(&mut tenant_fk("policy_beneficiaries", "fellow_id", "fellows"))
                .foreign_key(&mut tenant_fk("policy_beneficiaries", "company_id", "companies"))
                .foreign_key(&mut tenant_fk("policy_beneficiaries", "created_by", "users"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["policy_id", "benefit_date"])
                .name("policy_beneficiaries_policy")
                .table("policy_beneficiaries")
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["fellow_id"]).name("policy_beneficiaries_fellow").table("policy_beneficiaries").to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in ["policy_beneficiaries", "policy_attachments", "policies"] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}
