//! `guichao admins create`: the accounts of the three administrators
//! (三员分立) a county lacks, made with random passwords printed once; and the
//! note `serve` and `init` print while a county lacks any.
//!
//! A county set up before the separation has its system admins only (m0043
//! leaves them the system admin role); this makes its security admin
//! (`security`) and audit admin (`auditor`).

use crate::cli::{AdminsArgs, AdminsCommand};
use crate::config::Config;
use guichao_domain::Lang;
use guichao_domain::access::AdminDuty;
use guichao_store::Store;
use guichao_store::org::{TenantInfo, random_password};
use std::process::ExitCode;

pub async fn run(config: &Config, args: AdminsArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    match args.command {
        AdminsCommand::Create { target } => {
            let tenants = match target.tenant.as_deref() {
                Some(code) => vec![super::tenant(&store, Some(code)).await?],
                None => store.tenants().await?,
            };
            let mut made = 0;
            for tenant in &tenants {
                made += create_missing(&store, tenant).await?;
            }
            if made == 0 {
                println!("三位管理员都已存在，未创建账号 / all three administrators exist; nothing created");
            } else {
                println!("（密码只显示这一次，请登录后修改 / shown once: change them after signing in）");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Creates an account for each administrator duty the county lacks, named
/// after the duty (`admin`, `security`, `auditor`, with a number added when
/// the name is taken), and prints each name and password. Returns how many.
pub async fn create_missing(store: &Store, tenant: &TenantInfo) -> anyhow::Result<usize> {
    let missing = store.system().missing_admin_duties(tenant.id).await?;
    for duty in &missing {
        let username = free_username(store, tenant, duty.default_username()).await?;
        let password = random_password();
        store
            .system()
            .bootstrap_user(tenant.id, &username, duty.name(Lang::Zh), tenant.root_unit_id, &[duty.role()], &password)
            .await?;
        println!(
            "{}（{}）/ {}: {username}   密码 / password: {password}",
            duty.name(Lang::Zh),
            tenant.name,
            duty.name(Lang::En)
        );
    }
    Ok(missing.len())
}

async fn free_username(store: &Store, tenant: &TenantInfo, base: &str) -> anyhow::Result<String> {
    let mut name = base.to_string();
    let mut n = 1;
    while store.system().user_id_by_name(tenant.id, &name).await?.is_some() {
        n += 1;
        name = format!("{base}{n}");
    }
    Ok(name)
}

/// The lines to print at start while some county lacks one of the three
/// administrators (after an upgrade: the security and audit admins).
pub async fn missing_note(store: &Store) -> anyhow::Result<Vec<String>> {
    let mut lines = Vec::new();
    for tenant in store.tenants().await? {
        let missing = store.system().missing_admin_duties(tenant.id).await?;
        if missing.is_empty() {
            continue;
        }
        let names = |lang: Lang| missing.iter().map(|d: &AdminDuty| d.name(lang)).collect::<Vec<_>>();
        lines.push(format!(
            "{}（{}）尚无{}（三员分立）：运行 guichao admins create --tenant {} 创建账号，密码只显示一次",
            tenant.name,
            tenant.code,
            names(Lang::Zh).join("、"),
            tenant.code
        ));
        lines.push(format!(
            "{} ({}) has no {}: run guichao admins create --tenant {} to create the accounts (passwords shown once)",
            tenant.name,
            tenant.code,
            names(Lang::En).join(", "),
            tenant.code
        ));
    }
    Ok(lines)
}
