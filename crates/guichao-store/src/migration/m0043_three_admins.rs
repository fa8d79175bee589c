//! 三员分立: the security and audit administrators' built-in roles in every
//! county, and the system administrator narrowed to units and users'
//! existence.
//!
//! The accounts that held the system admin role keep it (and so keep
//! managing units and accounts); they lose roles, password resets and the
//! audit log to the two new roles, which nobody holds yet. `serve` and
//! `guichao init` then say how to create the missing accounts
//! (`guichao admins create`). The grants are written out here as they stand
//! for this migration; start-up brings every built-in role in line with the
//! code afterwards (`System::sync_roles`).

use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m0043_three_admins"
    }
}

/// Each role's code, Chinese name and (permission, scope) grants.
const ROLES: [(&str, &str, &[&str]); 3] = [
    ("system_admin", "系统管理员", &["org.read", "org.write", "admin.users.read", "admin.users"]),
    ("security_admin", "安全管理员", &["org.read", "admin.users.read", "admin.security"]),
    ("audit_admin", "审计管理员", &["audit.read"]),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let tenants = Query::select().column("tenant_id").from("tenants").to_owned();
        let now = chrono::Utc::now();
        for row in db.query_all(&tenants).await? {
            let tenant: uuid::Uuid = row.try_get("", "tenant_id")?;
            for (code, name, grants) in ROLES {
                let find = Query::select()
                    .column("id")
                    .from("roles")
                    .and_where(Expr::col("tenant_id").eq(tenant))
                    .and_where(Expr::col("code").eq(code))
                    .to_owned();
                let role_id: uuid::Uuid = match db.query_one(&find).await? {
                    Some(r) => r.try_get("", "id")?,
                    None => {
                        let id = guichao_domain::ids::new_id();
                        let insert = Query::insert()
                            .into_table("roles")
                            .columns(["tenant_id", "id", "code", "name", "builtin", "created_at"])
                            .values_panic([tenant.into(), id.into(), code.into(), name.into(), true.into(), now.into()])
                            .to_owned();
                        db.execute(&insert).await?;
                        id
                    }
                };
                let clear = Query::delete()
                    .from_table("role_grants")
                    .and_where(Expr::col("tenant_id").eq(tenant))
                    .and_where(Expr::col("role_id").eq(role_id))
                    .to_owned();
                db.execute(&clear).await?;
                let mut insert = Query::insert()
                    .into_table("role_grants")
                    .columns(["tenant_id", "role_id", "permission", "scope"])
                    .to_owned();
                for permission in grants {
                    insert.values_panic([tenant.into(), role_id.into(), (*permission).into(), "tenant".into()]);
                }
                db.execute(&insert).await?;
            }
        }
        Ok(())
    }
}
