//! What a parcel's land may be used for (用地性质), as the county's plan
//! zones it.

use crate::vocab::vocabulary;

vocabulary! {
    /// The zoning of a land parcel.
    pub enum Zoning {
        Industrial = "industrial", "工业用地", "Industrial", ["工业", "工业地块"];
        Logistics = "logistics", "仓储物流用地", "Warehousing and logistics", ["仓储用地", "物流用地", "仓储物流"];
        Commercial = "commercial", "商业用地", "Commercial", ["商业", "商服用地"];
        Other = "other", "其他", "Other", [];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(Zoning);
        assert_eq!(Zoning::ALL.map(Zoning::code), ["industrial", "logistics", "commercial", "other"]);
        assert_eq!(Zoning::from_words("仓储用地"), Some(Zoning::Logistics));
        assert_eq!(Zoning::from_words("住宅用地"), None);
    }
}
