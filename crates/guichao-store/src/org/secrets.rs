//! Random secrets and their stored hashes (sessions, API tokens, passwords).

use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` random bytes from the OS generator, hex-encoded.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex::encode(buf)
}

/// A password that meets the policy, for first admins and demo users.
pub fn random_password() -> String {
    // Hex gives lower case and digits; the fixed tail adds upper case and a symbol.
    format!("{}-Gc", random_hex(8))
}

pub(crate) fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}
