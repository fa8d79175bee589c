//! Where a node sits along its chain.

use crate::vocab::vocabulary;

vocabulary! {
    /// The part of a chain a node belongs to.
    pub enum Segment {
        Upstream = "upstream", "上游", "Upstream", ["上游环节", "原材料"];
        Midstream = "midstream", "中游", "Midstream", ["中游环节", "制造"];
        Downstream = "downstream", "下游", "Downstream", ["下游环节", "应用"];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(Segment);
        assert_eq!(Segment::ALL.map(Segment::code), ["upstream", "midstream", "downstream"]);
        assert_eq!(Segment::from_words("上游"), Some(Segment::Upstream));
    }
}
