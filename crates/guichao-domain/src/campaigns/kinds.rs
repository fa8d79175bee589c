//! The vocabularies of a campaign: its state, the kinds of touch it requires
//! (the contact kinds of the liaison area, so that a contact record of a
//! required kind ticks its column), and where a tick comes from.

use crate::Msg;
use crate::liaison::ContactKind;
use crate::vocab::vocabulary;

vocabulary! {
    /// Where a campaign stands: drafted, launched (its fellows frozen), closed.
    pub enum CampaignState {
        Draft = "draft", "草稿", "Draft", ["未启动"];
        Launched = "launched", "进行中", "Launched", ["已启动"];
        Closed = "closed", "已结束", "Closed", ["结束", "已关闭"];
    }
}

vocabulary! {
    /// How a tick came about. Contact ticks are read from the contact records
    /// of the period; the others are stored with the id of what made them
    /// (an SMS message, a letter batch, a gift hand-out) or by hand with a note.
    pub enum TickSource {
        Contact = "contact", "联系记录", "Contact record", ["走访记录"];
        Letter = "letter", "信件打印", "Letter printed", ["信件"];
        Sms = "sms", "短信送达", "SMS delivered", ["短信"];
        Gift = "gift", "物资发放", "Gift handed out", ["物资", "礼品"];
        Hand = "hand", "手工登记", "By hand", ["手工", "人工"];
    }
}

impl CampaignState {
    /// The state a launch, a close or an edit of the draft needs, with the
    /// message shown when the campaign is in another.
    pub fn require(self, wanted: CampaignState) -> Result<(), Msg> {
        if self == wanted {
            return Ok(());
        }
        Err(match wanted {
            CampaignState::Draft => {
                Msg::new("活动已启动，不能再修改范围", "The campaign is launched; its scope is fixed")
            }
            CampaignState::Launched => match self {
                CampaignState::Draft => Msg::new("活动尚未启动", "The campaign is not launched yet"),
                _ => Msg::new("活动已结束", "The campaign is closed"),
            },
            CampaignState::Closed => Msg::new("活动尚未结束", "The campaign is not closed"),
        })
    }
}

/// The kinds of touch a campaign requires: distinct contact kinds in the
/// order of [`ContactKind::ALL`], at least one. Serialised as their codes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TouchKinds(Vec<ContactKind>);

impl Default for TouchKinds {
    /// The four ones: a home visit, a letter, an SMS and a gift.
    fn default() -> Self {
        TouchKinds(vec![ContactKind::Visit, ContactKind::Letter, ContactKind::Sms, ContactKind::Gift])
    }
}

impl TouchKinds {
    /// The kinds `kinds` names, each once, in the vocabulary's order; none is refused.
    pub fn new(kinds: impl IntoIterator<Item = ContactKind>) -> Result<TouchKinds, Msg> {
        let named: Vec<ContactKind> = kinds.into_iter().collect();
        let kinds: Vec<ContactKind> = ContactKind::ALL.into_iter().filter(|k| named.contains(k)).collect();
        if kinds.is_empty() {
            return Err(Msg::new("请至少选择一项慰问方式", "Choose at least one kind of touch"));
        }
        Ok(TouchKinds(kinds))
    }

    /// Reads codes separated by spaces or commas (`visit letter sms gift`);
    /// an unknown code is named in the message.
    pub fn parse(codes: &str) -> Result<TouchKinds, Msg> {
        let mut kinds = Vec::new();
        for code in codes.split([' ', ',', '，']).map(str::trim).filter(|c| !c.is_empty()) {
            let kind = ContactKind::parse(code).or_else(|| ContactKind::from_words(code)).ok_or_else(|| {
                Msg::new(format!("慰问方式“{code}”无法识别"), format!("Unknown kind of touch {code:?}"))
            })?;
            kinds.push(kind);
        }
        TouchKinds::new(kinds)
    }

    /// The codes separated by single spaces, as stored.
    pub fn codes(&self) -> String {
        self.0.iter().map(|k| k.code()).collect::<Vec<_>>().join(" ")
    }

    pub fn kinds(&self) -> &[ContactKind] {
        &self.0
    }

    pub fn contains(&self, kind: ContactKind) -> bool {
        self.0.contains(&kind)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Never true: a campaign requires at least one kind.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The set of `kinds`' bits (see [`kind_bit`]): a fellow whose ticked
    /// kinds are this set is done.
    pub fn mask(&self) -> i64 {
        self.0.iter().fold(0, |m, k| m | kind_bit(*k))
    }

    /// How many of the required kinds the set `ticked` holds.
    pub fn ticked_in(&self, ticked: i64) -> u64 {
        self.0.iter().filter(|k| ticked & kind_bit(**k) != 0).count() as u64
    }
}

/// A kind's bit in a set of ticked kinds: its place in [`ContactKind::ALL`].
pub fn kind_bit(kind: ContactKind) -> i64 {
    let place = ContactKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    1 << place
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_round_trip() {
        crate::vocab::assert_round_trips!(CampaignState, TickSource);
    }

    #[test]
    fn the_default_is_the_four_ones() {
        assert_eq!(TouchKinds::default().codes(), "visit letter sms gift");
        assert_eq!(TouchKinds::parse("gift, visit，sms letter").unwrap(), TouchKinds::default());
    }

    #[test]
    fn kinds_are_distinct_in_vocabulary_order() {
        let kinds = TouchKinds::parse("gift visit gift 电话").unwrap();
        assert_eq!(kinds.kinds(), [ContactKind::Visit, ContactKind::Call, ContactKind::Gift]);
        assert_eq!(kinds.len(), 3);
    }

    #[test]
    fn a_set_of_kinds_is_one_bit_a_kind() {
        let four = TouchKinds::default();
        let bits: Vec<i64> = ContactKind::ALL.into_iter().map(kind_bit).collect();
        assert!(bits.iter().all(|b| b.count_ones() == 1));
        assert_eq!(bits.iter().fold(0, |m, b| m | b).count_ones() as usize, ContactKind::ALL.len());
        let visit_and_gift = kind_bit(ContactKind::Visit) | kind_bit(ContactKind::Gift);
        assert_eq!(four.ticked_in(visit_and_gift), 2);
        assert_eq!(four.ticked_in(four.mask()), 4);
        assert_eq!(four.ticked_in(kind_bit(ContactKind::Call)), 0);
        assert_eq!(four.mask() & kind_bit(ContactKind::Call), 0);
    }

    #[test]
    fn none_or_unknown_is_refused() {
        assert!(TouchKinds::parse("  ").is_err());
        let e = TouchKinds::parse("visit fax").unwrap_err();
        assert!(e.zh.contains("fax"), "{e:?}");
    }

    #[test]
    fn states_say_why_an_act_is_refused() {
        assert!(CampaignState::Draft.require(CampaignState::Draft).is_ok());
        assert!(CampaignState::Launched.require(CampaignState::Draft).unwrap_err().zh.contains("已启动"));
        assert!(CampaignState::Draft.require(CampaignState::Launched).unwrap_err().zh.contains("尚未启动"));
        assert!(CampaignState::Closed.require(CampaignState::Launched).unwrap_err().zh.contains("已结束"));
    }
}
