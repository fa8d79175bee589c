//! Files kept on disk under the data directory, each named by the SHA-256
//! of its bytes (`{area}/{tenant}/{sha256}`, so the same file twice is kept
//! once), and checked against that SHA-256 when read back. What a file is
//! (its name, type, owner) lives in the area's own table; this is only the
//! bytes. Service request documents and policy attachments both keep theirs
//! here.

use crate::{Store, StoreError, StoreResult};
use guichao_domain::ids::new_id;
use sea_orm::DbErr;
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use uuid::Uuid;

fn io(e: std::io::Error) -> StoreError {
    StoreError::Db(DbErr::Custom(format!("stored file: {e}")))
}

fn path(store: &Store, area: &str, tenant_id: Uuid, sha256: &str) -> StoreResult<PathBuf> {
    Ok(store.data_dir()?.join(area).join(tenant_id.to_string()).join(sha256))
}

/// Keeps `bytes` under `area` for the tenant; answers their SHA-256 (hex).
pub(crate) async fn keep(store: &Store, area: &str, tenant_id: Uuid, bytes: &[u8]) -> StoreResult<String> {
    let sha256 = hex::encode(Sha256::digest(bytes));
    let path = path(store, area, tenant_id, &sha256)?;
    if !path.exists() {
        let dir = path.parent().ok_or_else(|| io(std::io::Error::other("no parent directory")))?;
        tokio::fs::create_dir_all(dir).await.map_err(io)?;
        // Written aside and renamed, so a file under its name is whole.
        let partial = dir.join(format!("{sha256}.{}.part", new_id()));
        tokio::fs::write(&partial, bytes).await.map_err(io)?;
        tokio::fs::rename(&partial, &path).await.map_err(io)?;
    }
    Ok(sha256)
}

/// The bytes kept under `sha256`; refused when they no longer match it.
pub(crate) async fn fetch(store: &Store, area: &str, tenant_id: Uuid, sha256: &str) -> StoreResult<Vec<u8>> {
    let bytes = tokio::fs::read(path(store, area, tenant_id, sha256)?).await.map_err(io)?;
    if hex::encode(Sha256::digest(&bytes)) != sha256 {
        return Err(io(std::io::Error::other(format!("{sha256} does not match its SHA-256"))));
    }
    Ok(bytes)
}
