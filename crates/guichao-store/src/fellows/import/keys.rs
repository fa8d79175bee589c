//! The keys a duplicate is recognised by, hashed so that planning a million
//! rows keeps 16 bytes a key.

use super::super::duplicates::DuplicateReason;
use super::super::personal::PersonalField;
use crate::crypto::FieldKey;
use guichao_domain::fellows::FellowDraft;
use std::hash::{Hash, Hasher};
use uuid::Uuid;

/// A duplicate key, hashed to 128 bits: the phone's or ID number's blind
/// index, or name + birth year + township. For imports a name and township
/// with no birth year on either side also match, so that re-importing a
/// roster without years does not double it.
pub(super) type KeyHash = u128;

fn key_hash(kind: DuplicateReason, parts: impl Hash) -> KeyHash {
    let half = |salt: u8| {
        let mut h = std::hash::DefaultHasher::new();
        (salt, kind, &parts).hash(&mut h);
        h.finish() as u128
    };
    (half(1) << 64) | half(2)
}

pub(super) fn draft_keys(key: &FieldKey, tenant_id: Uuid, d: &FellowDraft) -> Vec<(KeyHash, DuplicateReason)> {
    let mut keys = Vec::with_capacity(3);
    if let Some(p) = &d.phone {
        let index = key.blind_index(tenant_id, PersonalField::Phone.code(), p.as_str());
        keys.push((key_hash(DuplicateReason::SamePhone, index), DuplicateReason::SamePhone));
    }
    if let Some(i) = &d.id_number {
        let index = key.blind_index(tenant_id, PersonalField::IdNumber.code(), i.as_str());
        keys.push((key_hash(DuplicateReason::SameIdNumber, index), DuplicateReason::SameIdNumber));
    }
    let reason = DuplicateReason::SameNameBirthYearTownship;
    keys.push((key_hash(reason, (&d.name, d.birth_year(), Some(d.township_id))), reason));
    keys
}

/// The keys of a registered fellow, as [`draft_keys`] hashes them.
#[derive(Debug, sea_orm::FromQueryResult)]
pub(super) struct RegisteredKeys {
    pub(super) id: Uuid,
    pub(super) name: String,
    pub(super) birth_year: Option<i32>,
    pub(super) township_id: Option<Uuid>,
    pub(super) phone_idx: Option<String>,
    pub(super) id_number_idx: Option<String>,
}

impl RegisteredKeys {
    pub(super) fn hashes(&self) -> Vec<(KeyHash, DuplicateReason)> {
        let mut keys = Vec::with_capacity(3);
        if let Some(p) = &self.phone_idx {
            keys.push((key_hash(DuplicateReason::SamePhone, p), DuplicateReason::SamePhone));
        }
        if let Some(i) = &self.id_number_idx {
            keys.push((key_hash(DuplicateReason::SameIdNumber, i), DuplicateReason::SameIdNumber));
        }
        let reason = DuplicateReason::SameNameBirthYearTownship;
        keys.push((key_hash(reason, (&self.name, self.birth_year, self.township_id)), reason));
        keys
    }
}
