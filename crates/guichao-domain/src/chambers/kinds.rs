//! The vocabularies of chambers: their kind and their members' positions.

use crate::vocab::vocabulary;

vocabulary! {
    /// Where a chamber of commerce sits: in a distant city, or in a home township.
    pub enum ChamberKind {
        Remote = "remote", "异地商会", "Chamber in another city", ["异地", "在外商会", "外地商会"];
        Township = "township", "乡镇商会", "Township chamber", ["乡镇", "本地商会"];
    }
}

vocabulary! {
    /// A member's position in a chamber of commerce, highest rank first.
    pub enum MemberPosition {
        President = "president", "会长", "President", ["商会会长"];
        VicePresident = "vice_president", "副会长", "Vice president", ["常务副会长", "执行副会长"];
        SecretaryGeneral = "secretary_general", "秘书长", "Secretary general", [];
        Member = "member", "会员", "Member", ["普通会员", "会员单位"];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(ChamberKind, MemberPosition);
    }

    #[test]
    fn spreadsheet_words_are_understood() {
        assert_eq!(ChamberKind::from_words("異地商會"), Some(ChamberKind::Remote));
        assert_eq!(MemberPosition::from_words("副會長"), Some(MemberPosition::VicePresident));
        assert_eq!(MemberPosition::from_words("秘書長"), Some(MemberPosition::SecretaryGeneral));
        assert_eq!(MemberPosition::from_words("名誉会长"), None);
    }

    /// A chamber lists its members by rank, which is the order of `ALL`.
    #[test]
    fn positions_rank_from_president_to_member() {
        use MemberPosition::*;
        assert_eq!(MemberPosition::ALL, [President, VicePresident, SecretaryGeneral, Member]);
    }
}
