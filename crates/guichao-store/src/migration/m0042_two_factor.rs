//! Two-factor sign-in (TOTP, RFC 6238) with recovery codes.
//!
//! - `user_two_factor`: one row per user who has started enrolling. The
//!   secret is sealed with the field key like other personal secrets;
//!   `enrolled_at` is set once the user has typed a first code; `last_step`
//!   is the 30-second step of the last code accepted, so a code is never
//!   taken twice. `pending_secret` holds a new secret while the user is
//!   moving to a new app: the old one keeps working until the new one is
//!   confirmed.
//! - `recovery_codes`: ten per enrolled user, each kept as an HMAC under the
//!   field key (the codes' blind index), with the time it was used.
//! - `sessions.second_factor_pending`: a session whose password was right
//!   but whose code is still to come; it opens nothing but the code page.
//! - `roles.requires_two_factor`: a county's mark that everyone holding the
//!   role must have a second factor (administrator roles always must).

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0042_two_factor"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table("user_two_factor")
                .col(uuid("tenant_id"))
                .col(uuid("user_id"))
                .col(text_null("secret"))
                .col(timestamp_with_time_zone_null("enrolled_at"))
                .col(big_integer_null("last_step"))
                .col(text_null("pending_secret"))
                .col(timestamp_with_time_zone("updated_at"))
                .primary_key(&mut tenant_key(&["user_id"]))
                .foreign_key(tenant_fk("user_two_factor", "user_id", "users").on_delete(ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table("recovery_codes")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("user_id"))
                .col(string_len("code_hash", 64))
                .col(timestamp_with_time_zone_null("used_at"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(tenant_fk("recovery_codes", "user_id", "users").on_delete(ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["user_id", "code_hash"]).name("recovery_codes_user").table("recovery_codes").to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table("sessions").add_column(boolean("second_factor_pending").default(false)).to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter().table("roles").add_column(boolean("requires_two_factor").default(false)).to_owned(),
        )
        .await
    }
}
