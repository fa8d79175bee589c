//! Support money (资金与贷款): the special fund's yearly budgets, its grants
//! and their dated approval steps; guarantee loans with their repayments;
//! the education fund's branches (the county fund and one per township),
//! donations and disbursements. No balance, size or total is stored: each is
//! counted from these rows for the day asked. Every money row carries the
//! org unit that scopes it (the recipient's, borrower's or branch's
//! township, or the county).

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0032_funds"
    }
}

/// The columns every record of a person or company a fund deals with has:
/// a fellow, a company, or a person named as typed.
fn party(t: &mut TableCreateStatement, table: &'static str) {
    t.col(string_len("party_kind", 16))
        .col(uuid_null("fellow_id"))
        .col(uuid_null("company_id"))
        .col(string("party_name"))
        .col(uuid("unit_id"))
        .foreign_key(&mut tenant_fk(table, "fellow_id", "fellows"))
        .foreign_key(&mut tenant_fk(table, "company_id", "companies"))
        .foreign_key(&mut tenant_fk(table, "unit_id", "org_units"));
}

/// Who recorded a row and when.
fn recorded(t: &mut TableCreateStatement, table: &'static str) {
    t.col(uuid_null("created_by")).col(timestamp_with_time_zone("created_at")).foreign_key(&mut tenant_fk(
        table,
        "created_by",
        "users",
    ));
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let mut t = Table::create();
        t.table("fund_budgets")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(integer("year"))
            .col(big_integer("amount_fen"))
            .col(string("note").default(""))
            .primary_key(&mut tenant_key(&["id"]));
        recorded(&mut t, "fund_budgets");
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_key(&["year"]).name("fund_budgets_year").table("fund_budgets").unique().to_owned())
            .await?;

        let mut t = Table::create();
        t.table("fund_grants")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(big_integer("amount_fen"))
            .col(date("grant_date"))
            .col(string("purpose"))
            .col(string("policy").default(""))
            .primary_key(&mut tenant_key(&["id"]));
        party(&mut t, "fund_grants");
        recorded(&mut t, "fund_grants");
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_key(&["grant_date"]).name("fund_grants_date").table("fund_grants").to_owned()).await?;

        let mut t = Table::create();
        t.table("fund_grant_steps")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(uuid("grant_id"))
            .col(string_len("step", 16))
            .col(date("step_date"))
            .col(string("reason").default(""))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(tenant_fk("fund_grant_steps", "grant_id", "fund_grants").on_delete(ForeignKeyAction::Cascade));
        recorded(&mut t, "fund_grant_steps");
        m.create_table(t.to_owned()).await?;
        m.create_index(
            tenant_key(&["grant_id", "created_at"]).name("fund_grant_steps_grant").table("fund_grant_steps").to_owned(),
        )
        .await?;

        let mut t = Table::create();
        t.table("loans")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(string_null("phone_enc"))
            .col(string_null("phone_idx"))
            .col(string_null("id_number_enc"))
            .col(string_null("id_number_idx"))
            .col(string("bank"))
            .col(string("contract_no").default(""))
            .col(big_integer("amount_fen"))
            .col(integer("rate_bp"))
            .col(integer("subsidy_bp"))
            .col(integer("term_months"))
            .col(date("disbursed_on"))
            .col(string_len("plan", 16))
            .col(string("guarantor").default(""))
            .col(string("note").default(""))
            .primary_key(&mut tenant_key(&["id"]));
        party(&mut t, "loans");
        recorded(&mut t, "loans");
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_key(&["disbursed_on"]).name("loans_disbursed").table("loans").to_owned()).await?;
        m.create_index(tenant_key(&["unit_id"]).name("loans_unit").table("loans").to_owned()).await?;
        m.create_index(tenant_key(&["bank", "contract_no"]).name("loans_contract").table("loans").to_owned()).await?;

        let mut t = Table::create();
        t.table("loan_repayments")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(uuid("loan_id"))
            .col(date("paid_on"))
            .col(big_integer("principal_fen"))
            .col(big_integer("interest_fen"))
            .col(string("note").default(""))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(tenant_fk("loan_repayments", "loan_id", "loans").on_delete(ForeignKeyAction::Cascade));
        recorded(&mut t, "loan_repayments");
        m.create_table(t.to_owned()).await?;
        m.create_index(
            tenant_key(&["loan_id", "paid_on"]).name("loan_repayments_loan").table("loan_repayments").to_owned(),
        )
        .await?;

        let mut t = Table::create();
        t.table("edu_branches")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(uuid("unit_id"))
            .col(string("name"))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(&mut tenant_fk("edu_branches", "unit_id", "org_units"));
        recorded(&mut t, "edu_branches");
        m.create_table(t.to_owned()).await?;
        m.create_index(tenant_key(&["unit_id"]).name("edu_branches_unit").table("edu_branches").unique().to_owned())
            .await?;

        let mut t = Table::create();
        t.table("edu_donations")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(uuid("branch_id"))
            .col(big_integer("amount_fen"))
            .col(date("pledged_on"))
            .col(date_null("paid_on"))
            .col(string("purpose").default(""))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(&mut tenant_fk("edu_donations", "branch_id", "edu_branches"));
        party(&mut t, "edu_donations");
        recorded(&mut t, "edu_donations");
        m.create_table(t.to_owned()).await?;
        m.create_index(
            tenant_key(&["branch_id", "pledged_on"]).name("edu_donations_branch").table("edu_donations").to_owned(),
        )
        .await?;

        let mut t = Table::create();
        t.table("edu_disbursements")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(uuid("branch_id"))
            .col(string_len("kind", 16))
            .col(string("recipient"))
            .col(big_integer("amount_fen"))
            .col(date("paid_on"))
            .col(string("note").default(""))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(&mut tenant_fk("edu_disbursements", "branch_id", "edu_branches"));
        recorded(&mut t, "edu_disbursements");
        m.create_table(t.to_owned()).await?;
        m.create_index(
            tenant_key(&["branch_id", "paid_on"])
                .name("edu_disbursements_branch")
                .table("edu_disbursements")
                .to_owned(),
        )
        .await?;

        // "211" households: a couple farming about 100 mu of grain, earning
        // over 100,000 yuan a year, verified in a year.
        let mut t = Table::create();
        t.table("households")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(string("head_name"))
            .col(uuid("unit_id"))
            .col(uuid("township_id"))
            .col(big_integer("area_hundredths_mu"))
            .col(big_integer("income_fen"))
            .col(integer("year_verified"))
            .col(string("note").default(""))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(&mut tenant_fk("households", "unit_id", "org_units"))
            .foreign_key(&mut tenant_fk("households", "township_id", "org_units"));
        recorded(&mut t, "households");
        m.create_table(t.to_owned()).await?;
        m.create_index(
            tenant_key(&["township_id", "year_verified"]).name("households_township").table("households").to_owned(),
        )
        .await?;

        // New market entities registered in a township in a year, by kind, as
        // the market-regulation bureau's yearly sheet gives them.
        let mut t = Table::create();
        t.table("market_entities")
            .col(uuid("tenant_id"))
            .col(uuid("id"))
            .col(uuid("township_id"))
            .col(integer("year"))
            .col(string_len("kind", 16))
            .col(big_integer("registered"))
            .primary_key(&mut tenant_key(&["id"]))
            .foreign_key(&mut tenant_fk("market_entities", "township_id", "org_units"));
        recorded(&mut t, "market_entities");
        m.create_table(t.to_owned()).await?;
        m.create_index(
            tenant_key(&["township_id", "year", "kind"])
                .name("market_entities_key")
                .table("market_entities")
                .unique()
                .to_owned(),
        )
        .await
    }
}
