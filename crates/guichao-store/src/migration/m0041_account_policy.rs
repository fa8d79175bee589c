//! The account policy (等保 2.0 安全计算环境): when an account was last used,
//! the passwords a user has had, and the login log.
//!
//! - `users.last_used_at`: the last sign-in, or when the account was made or
//!   enabled again. An account unused for the configured days is disabled at
//!   its next sign-in. Accounts made before have none: their clock starts at
//!   their next sign-in, so an upgrade disables nobody.
//! - `password_history`: argon2 hashes of a user's latest passwords (the
//!   current one included), so that a new password may not be one of the
//!   last five. Kept to five rows per user.
//! - `login_log`: every sign-in attempt with its time, the user (or the name
//!   typed, for none), address, user agent and result, for the audit
//!   administrator. Apart from the audit chain: it records attempts on names
//!   that match no account, and it is searched by address and result.

use super::{tenant_fk, tenant_key};
use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0041_account_policy"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table("users").add_column(timestamp_with_time_zone_null("last_used_at")).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("password_history")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(uuid("user_id"))
                .col(string("password_hash"))
                .col(timestamp_with_time_zone("created_at"))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(tenant_fk("password_history", "user_id", "users").on_delete(ForeignKeyAction::Cascade))
                .to_owned(),
        )
        .await?;
        m.create_index(
            tenant_key(&["user_id", "created_at"]).name("password_history_user").table("password_history").to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table("login_log")
                .col(uuid("tenant_id"))
                .col(uuid("id"))
                .col(timestamp_with_time_zone("at"))
                // None when the name typed matches no account.
                .col(uuid_null("user_id"))
                // The name as typed (trimmed, at most 64 characters).
                .col(string("username"))
                .col(string_null("ip"))
                .col(string_null("user_agent"))
                .col(string_len("result", 16))
                .primary_key(&mut tenant_key(&["id"]))
                .foreign_key(ForeignKey::create().from("login_log", "tenant_id").to("tenants", "tenant_id"))
                .to_owned(),
        )
        .await?;
        let indexes: [(&str, &[&'static str]); 4] = [
            ("login_log_at", &["at"]),
            ("login_log_user", &["user_id", "at"]),
            ("login_log_ip", &["ip", "at"]),
            ("login_log_result", &["result", "at"]),
        ];
        for (name, cols) in indexes {
            m.create_index(tenant_key(cols).name(name).table("login_log").to_owned()).await?;
        }
        Ok(())
    }
}
