//! What kind an event is, the contact kind an attendance at it counts as, and
//! whether an attendee came or was only invited.

use crate::liaison::ContactKind;
use crate::vocab::vocabulary;

vocabulary! {
    /// The kinds of event the county holds with its fellows.
    pub enum EventKind {
        Forum = "forum", "座谈会", "Forum", ["座谈", "恳谈会", "乡友座谈会"];
        InspectionTour = "inspection_tour", "考察活动", "Inspection tour", ["考察", "回乡考察", "招商考察"];
        Promotion = "promotion", "推介会", "Promotion meeting", ["招商推介会", "推介"];
        Festival = "festival", "节日联谊", "Festival gathering", ["联谊会", "春节联谊", "团拜会"];
    }
}

impl EventKind {
    /// The kind of the contact record an attended fellow gets. A promotion
    /// meeting is a forum with the county's pitch in it; a festival
    /// gathering is neither a forum nor a gift (gifts are sent, a gathering
    /// is attended), so it counts as "other" and its record is named by the
    /// event's title.
    pub fn contact_kind(self) -> ContactKind {
        match self {
            EventKind::Forum | EventKind::Promotion => ContactKind::Forum,
            EventKind::InspectionTour => ContactKind::Inspection,
            EventKind::Festival => ContactKind::Other,
        }
    }
}

vocabulary! {
    /// Whether an attendee came, or was invited and did not (yet) come.
    pub enum Attendance {
        Attended = "attended", "出席", "Attended", ["参加", "到场", "已出席"];
        Invited = "invited", "受邀", "Invited", ["邀请", "已邀请", "受邀未到"];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_labels_and_contact_kinds() {
        crate::vocab::assert_round_trips!(EventKind, Attendance);
        let codes: Vec<&str> = EventKind::ALL.iter().map(|k| k.code()).collect();
        assert_eq!(codes, ["forum", "inspection_tour", "promotion", "festival"]);
        let kinds: Vec<ContactKind> = EventKind::ALL.iter().map(|k| k.contact_kind()).collect();
        assert_eq!(kinds, [ContactKind::Forum, ContactKind::Inspection, ContactKind::Forum, ContactKind::Other]);
        assert_eq!(EventKind::from_words("团拜会"), Some(EventKind::Festival));
        assert_eq!(Attendance::parse("attended"), Some(Attendance::Attended));
        assert_eq!(Attendance::parse("came"), None);
    }
}
