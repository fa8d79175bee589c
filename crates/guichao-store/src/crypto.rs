//! Field encryption for personal data (phone, ID number, WeChat, email).
//!
//! One 32-byte master key (a key file made by `guichao init` with mode 0600, or
//! `GUICHAO_KEY` in base64) yields two keys: one for AES-256-GCM encryption of the
//! value, one for an HMAC-SHA256 blind index of the normalised value, which
//! allows exact look-up and duplicate detection without decrypting. The index
//! is keyed by tenant too, so equal values in two counties do not link.
//!
//! The same master key yields, each under its own label, the key of the audit
//! chain's links (`audit::chain`), the key of the lines of the audit head file
//! (`audit::heads`) and the key that encrypts backups (`backup`): none of them
//! is stored in the database, so a database writer can forge none of them.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;
use std::path::Path;
use uuid::Uuid;

pub(crate) type HmacSha256 = Hmac<Sha256>;

/// The keys for personal data. Never printed.
#[derive(Clone)]
pub struct FieldKey {
    cipher: Aes256Gcm,
    index_key: [u8; 32],
    chain_key: [u8; 32],
    heads_key: [u8; 32],
    #[cfg_attr(not(feature = "system"), allow(dead_code))]
    backup_key: [u8; 32],
}

impl std::fmt::Debug for FieldKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FieldKey(…)")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error("cannot read or write the key file {path}: {source}")]
    Io { path: String, source: std::io::Error },
    #[error("the key must be 32 bytes (a key file, or GUICHAO_KEY in base64)")]
    BadLength,
    #[error("GUICHAO_KEY is not valid base64")]
    BadBase64,
}

/// An HMAC-SHA256 under `key`.
fn hmac(key: &[u8]) -> HmacSha256 {
    <HmacSha256 as Mac>::new_from_slice(key).expect("any key length works")
}

fn derive(master: &[u8; 32], label: &[u8]) -> [u8; 32] {
    let mut mac = hmac(master);
    mac.update(label);
    mac.finalize().into_bytes().into()
}

impl FieldKey {
    pub fn from_master(master: &[u8; 32]) -> FieldKey {
        let enc = derive(master, b"guichao field encryption v1");
        FieldKey {
            cipher: Aes256Gcm::new_from_slice(&enc).expect("32-byte key"),
            index_key: derive(master, b"guichao blind index v1"),
            chain_key: derive(master, b"guichao audit chain v1"),
            heads_key: derive(master, b"guichao audit heads v1"),
            backup_key: derive(master, b"guichao backup v1"),
        }
    }

    /// Whether two keys come from the same master key.
    pub(crate) fn same_master(&self, other: &FieldKey) -> bool {
        self.chain_key == other.chain_key
    }

    /// A MAC of the audit chain's links, ready for the link's bytes.
    pub(crate) fn chain_mac(&self) -> HmacSha256 {
        hmac(&self.chain_key)
    }

    /// The MAC of one line of the audit head file, not yet finalised.
    fn head_hmac(&self, line: &str) -> HmacSha256 {
        let mut mac = hmac(&self.heads_key);
        mac.update(line.as_bytes());
        mac
    }

    /// The hex MAC of one line of the audit head file.
    #[cfg_attr(not(feature = "system"), allow(dead_code))]
    pub(crate) fn head_mac(&self, line: &str) -> String {
        hex::encode(self.head_hmac(line).finalize().into_bytes())
    }

    /// Whether `mac` is the MAC of `line` (compared in constant time).
    pub(crate) fn head_mac_verify(&self, line: &str, mac: &[u8]) -> bool {
        self.head_hmac(line).verify_slice(mac).is_ok()
    }

    /// The AES-256-GCM cipher of backups.
    #[cfg_attr(not(feature = "system"), allow(dead_code))]
    pub(crate) fn backup_cipher(&self) -> Aes256Gcm {
        Aes256Gcm::new_from_slice(&self.backup_key).expect("32-byte key")
    }

    /// A key from base64 text (the `GUICHAO_KEY` variable).
    pub fn from_base64(text: &str) -> Result<FieldKey, KeyError> {
        let bytes = B64.decode(text.trim()).map_err(|_| KeyError::BadBase64)?;
        let master: [u8; 32] = bytes.try_into().map_err(|_| KeyError::BadLength)?;
        Ok(FieldKey::from_master(&master))
    }

    /// Reads the key file, creating it (mode 0600) with a fresh random key when
    /// it does not exist. Returns the key and whether it was created.
    pub fn load_or_create(path: &Path) -> Result<(FieldKey, bool), KeyError> {
        let io = |source| KeyError::Io { path: path.display().to_string(), source };
        match std::fs::read(path) {
            Ok(bytes) => {
                let master: [u8; 32] = bytes.try_into().map_err(|_| KeyError::BadLength)?;
                Ok((FieldKey::from_master(&master), false))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let mut master = [0u8; 32];
                rand::rng().fill_bytes(&mut master);
                write_private(path, &master).map_err(io)?;
                Ok((FieldKey::from_master(&master), true))
            }
            Err(e) => Err(io(e)),
        }
    }

    /// Encrypts a value: base64 of a random 96-bit nonce followed by the ciphertext.
    pub fn encrypt(&self, plain: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed = self.cipher.encrypt(Nonce::from_slice(&nonce), plain.as_bytes()).expect("encryption cannot fail");
        let mut out = nonce.to_vec();
        out.extend(sealed);
        B64.encode(out)
    }

    /// Decrypts what `encrypt` made; `None` when it was not made with this key.
    pub fn decrypt(&self, sealed: &str) -> Option<String> {
        let bytes = B64.decode(sealed).ok()?;
        if bytes.len() < 12 {
            return None;
        }
        let (nonce, body) = bytes.split_at(12);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), body).ok()?;
        String::from_utf8(plain).ok()
    }

    /// The blind index of a normalised value within a tenant.
    pub fn blind_index(&self, tenant_id: Uuid, kind: &str, normalised: &str) -> String {
        let mut mac = hmac(&self.index_key);
        mac.update(tenant_id.as_bytes());
        mac.update(kind.as_bytes());
        mac.update(&[0]);
        mac.update(normalised.as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    }
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_randomises() {
        let key = FieldKey::from_master(&[7; 32]);
        let a = key.encrypt("13800001234");
        let b = key.encrypt("13800001234");
        assert_ne!(a, b, "a fresh nonce each time");
        assert!(!a.contains("13800001234"));
        assert_eq!(key.decrypt(&a).as_deref(), Some("13800001234"));
        assert_eq!(FieldKey::from_master(&[8; 32]).decrypt(&a), None, "another key cannot read it");
        assert_eq!(key.decrypt("garbage"), None);
    }

    #[test]
    fn blind_indexes_are_stable_and_keyed() {
        let key = FieldKey::from_master(&[7; 32]);
        let t = Uuid::nil();
        assert_eq!(key.blind_index(t, "phone", "13800001234"), key.blind_index(t, "phone", "13800001234"));
        assert_ne!(key.blind_index(t, "phone", "13800001234"), key.blind_index(t, "id", "13800001234"));
        assert_ne!(key.blind_index(t, "phone", "1"), FieldKey::from_master(&[8; 32]).blind_index(t, "phone", "1"));
    }

    #[test]
    fn key_files_are_created_private_and_reread() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("guichao.key");
        let (k1, created) = FieldKey::load_or_create(&path).unwrap();
        assert!(created);
        let (k2, created) = FieldKey::load_or_create(&path).unwrap();
        assert!(!created);
        assert_eq!(k2.decrypt(&k1.encrypt("x")).as_deref(), Some("x"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        std::fs::write(dir.path().join("short.key"), [1, 2, 3]).unwrap();
        assert!(matches!(FieldKey::load_or_create(&dir.path().join("short.key")), Err(KeyError::BadLength)));
    }
}
