//! `guichao user add|passwd|reset-two-factor`.

use crate::cli::{UserArgs, UserCommand};
use crate::config::Config;
use anyhow::{Context, bail};
use guichao_domain::access::BuiltinRole;
use std::process::ExitCode;

pub async fn run(config: &Config, args: UserArgs) -> anyhow::Result<ExitCode> {
    let store = super::open(config).await?;
    match args.command {
        UserCommand::Add { username, name, unit, roles, target, password_stdin } => {
            let tenant = super::tenant(&store, target.tenant.as_deref()).await?;
            let roles = roles
                .iter()
                .map(|r| BuiltinRole::parse(r).with_context(|| format!("unknown role {r}")))
                .collect::<anyhow::Result<Vec<_>>>()?;
            let unit_id = match unit {
                None => tenant.root_unit_id,
                Some(name) => {
                    let ids = store.system().unit_ids_by_name(tenant.id, &name).await?;
                    match ids.as_slice() {
                        [one] => *one,
                        [] => bail!("no unit named {name}"),
                        _ => bail!("several units are named {name}"),
                    }
                }
            };
            let (password, generated) = super::password(password_stdin)?;
            store
                .system()
                .bootstrap_user(tenant.id, &username, name.as_deref().unwrap_or(&username), unit_id, &roles, &password)
                .await?;
            println!("已添加用户 / added user: {username}");
            if generated {
                println!("密码 / password: {password}");
            }
        }
        UserCommand::Passwd { username, target, password_stdin } => {
            let tenant = super::tenant(&store, target.tenant.as_deref()).await?;
            let (password, generated) = super::password(password_stdin)?;
            store.system().set_password_by_name(tenant.id, &username, &password).await.map_err(|e| match e {
                guichao_store::StoreError::NotFound => anyhow::anyhow!("no user {username}"),
                other => other.into(),
            })?;
            println!(
                "已设置密码，账号已解锁，原有登录已全部退出，API 令牌已作废 / password set, account unlocked, its sessions ended and API tokens revoked: {username}"
            );
            if generated {
                println!("密码 / password: {password}");
            }
        }
        UserCommand::ResetTwoFactor { username, target } => {
            let tenant = super::tenant(&store, target.tenant.as_deref()).await?;
            let had = store.system().reset_two_factor_by_name(tenant.id, &username).await.map_err(|e| match e {
                guichao_store::StoreError::NotFound => anyhow::anyhow!("no user {username}"),
                other => other.into(),
            })?;
            if had {
                println!(
                    "已重置两步验证，下次登录时须重新绑定（角色要求时） / second factor removed; they enrol again at the next sign-in where required: {username}"
                );
            } else {
                println!("该用户未绑定两步验证 / {username} had no second factor");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
