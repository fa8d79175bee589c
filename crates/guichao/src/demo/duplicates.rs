//! Deliberate duplicates, so that the duplicate review page has work: records
//! entered twice by two offices, once with the same phone (the name written
//! traditionally, or the employer differently), once with the same name,
//! birth year and township but no phone.

use super::names::traditional;
use chrono::Datelike;
use guichao_store::fellows::BulkFellow;
use rand::Rng;

/// Pairs of each kind.
pub const PAIRS: usize = 5;

/// Appends `PAIRS` copies sharing a phone and `PAIRS` sharing name, birth year
/// and township with fellows already in `fellows`.
pub fn add(fellows: &mut Vec<BulkFellow>, rng: &mut impl Rng) {
    let with_phone: Vec<usize> = (0..fellows.len()).filter(|&i| fellows[i].draft.phone.is_some()).collect();
    let mut copies = Vec::new();
    for n in 0..PAIRS * 2 {
        let i = with_phone[rng.random_range(0..with_phone.len())];
        let mut draft = fellows[i].draft.clone();
        draft.id_number = None;
        draft.wechat = None;
        draft.email = None;
        draft.source = "乡镇报送".to_string();
        draft.tags.clear();
        if n < PAIRS {
            // Same phone, written by another office.
            draft.name = traditional(&draft.name);
            draft.employer = draft.employer.replace("有限公司", "");
            draft.village_id = None;
        } else {
            // Same person by name, birth year and township; the phone is not known.
            draft.phone = None;
            draft.birth_date = draft.birth_date.map(|d| d.with_day0(0).unwrap_or(d));
        }
        copies.push(BulkFellow::new(draft));
    }
    fellows.extend(copies);
}
