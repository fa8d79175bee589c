//! Password hashing with argon2id (the crate's default parameters).

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use rand::RngCore;

/// Hashes on a blocking thread: argon2 is deliberately slow.
pub(crate) async fn hash(password: String) -> String {
    tokio::task::spawn_blocking(move || {
        let mut bytes = [0u8; 16];
        rand::rng().fill_bytes(&mut bytes);
        let salt = SaltString::encode_b64(&bytes).expect("16 bytes make a valid salt");
        Argon2::default().hash_password(password.as_bytes(), &salt).expect("argon2 hashes any input").to_string()
    })
    .await
    .expect("hashing task")
}

/// Verifies on a blocking thread. A malformed stored hash never verifies.
pub(crate) async fn verify(password: String, stored: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&stored)
            .map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
    })
    .await
    .expect("verify task")
}

/// A hash of a random password, verified against when the user does not exist so
/// that a failed login takes as long for an unknown name as for a known one.
pub(crate) async fn dummy_hash() -> &'static str {
    static DUMMY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    DUMMY.get_or_init(|| hash(crate::org::secrets::random_hex(16))).await
}
