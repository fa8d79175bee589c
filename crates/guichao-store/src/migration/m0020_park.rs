//! The industrial park: land parcels, standard factory units, and their
//! allocations to projects over dated spans. A site's status is derived
//! from its allocations and never stored.

use super::{tenant_fk, tenant_key};
use sea_orm::DbBackend;
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0020_park"
    }
}

async fn index(
    m: &SchemaManager<'_>,
    table: &'static str,
    name: &'static str,
    cols: &[&'static str],
) -> Result<(), DbErr> {
    m.create_index(tenant_key(cols).name(name).table(table).to_owned()).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // The pinyin sort key compares byte by byte (see m0007).
        let mut sort_key = ColumnDef::new("sort_key");
        sort_key.string().not_null();
        if m.get_database_backend() == DbBackend::Postgres {
            sort_key.extra("COLLATE \"C\"");
        }
        m.create_table(
            Table::create()
                .table("park_parcels")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("name"))
                .col(sort_key)
                .col(big_integer("area_hundredths_mu"))
                .col(string("zoning"))
                .col(text("notes").default(""))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(ForeignKey::create().from("park_parcels", "tenant_id").to("tenants", "tenant_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(tenant_key(&["name"]).name("park_parcels_name").table("park_parcels").unique().to_owned())
            .await?;
        index(m, "park_parcels", "park_parcels_sort", &["sort_key", "id"]).await?;

        m.create_table(
            Table::create()
                .table("park_units")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(string("building"))
                .col(string("unit_no"))
                .col(integer("floor"))
                .col(big_integer("area_m2"))
                .col(text("notes").default(""))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(ForeignKey::create().from("park_units", "tenant_id").to("tenants", "tenant_id"))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["building", "unit_no"]).name("park_units_number").table("park_units").unique().to_owned(),
        )
        .await?;

        // One of parcel_id and unit_id is set: an allocation is of one site.
        let one_site = Expr::col("parcel_id").is_null().ne(Expr::col("unit_id").is_null());
        m.create_table(
            Table::create()
                .table("park_allocations")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid_null("parcel_id"))
                .col(uuid_null("unit_id"))
                .col(uuid("project_id"))
                .col(date("from_date"))
                .col(date_null("until_date"))
                .col(date_null("moved_in"))
                .col(text("note").default(""))
                .col(uuid_null("recorded_by"))
                .col(timestamp_with_time_zone("recorded_at"))
                .check(one_site)
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(&mut tenant_fk("park_allocations", "parcel_id", "park_parcels"))
                .foreign_key(&mut tenant_fk("park_allocations", "unit_id", "park_units"))
                .foreign_key(&mut tenant_fk("park_allocations", "project_id", "projects"))
                .foreign_key(&mut tenant_fk("park_allocations", "recorded_by", "users"))
                .to_owned(),
        )
        .await?;
        index(m, "park_allocations", "park_allocations_parcel", &["parcel_id", "from_date"]).await?;
        index(m, "park_allocations", "park_allocations_unit", &["unit_id", "from_date"]).await?;
        index(m, "park_allocations", "park_allocations_project", &["project_id", "from_date"]).await
    }
}
