//! What happens when a row of an import describes a fellow already known (in
//! the registry, or in an earlier row of the same file): the user picks skip,
//! update or merge, for the whole import or row by row. The rule of each is
//! here, once, for both kinds of duplicate.

use super::FellowDraft;
use crate::vocab::vocabulary;

vocabulary! {
    /// The user's choice for a duplicate row.
    pub enum DuplicateAction {
        /// The row is left out; the known record stays as it is.
        Skip = "skip", "跳过", "Skip", ["忽略", "不导入"];
        /// The row's filled-in values replace the known record's.
        Update = "update", "更新", "Update", ["覆盖", "替换"];
        /// The row's values fill only what the known record lacks.
        Merge = "merge", "合并", "Merge", ["补充", "补全"];
    }
}

impl FellowDraft {
    /// Takes in `other`, a later description of the same fellow, as `action`
    /// says. Tags are united and, when merging, differing notes are kept both;
    /// the home township and village always stay this record's (moving a
    /// fellow is a deliberate edit, not a side effect of an import). `Skip`
    /// changes nothing.
    pub fn absorb(&mut self, other: &FellowDraft, action: DuplicateAction) {
        let replace = match action {
            DuplicateAction::Skip => return,
            DuplicateAction::Update => true,
            DuplicateAction::Merge => false,
        };
        fn text(mine: &mut String, theirs: &str, replace: bool) {
            if !theirs.is_empty() && (replace || mine.is_empty()) {
                *mine = theirs.to_string();
            }
        }
        fn value<T: Clone>(mine: &mut Option<T>, theirs: &Option<T>, replace: bool) {
            if theirs.is_some() && (replace || mine.is_none()) {
                mine.clone_from(theirs);
            }
        }
        if replace {
            self.name.clone_from(&other.name);
            self.category = other.category;
            self.status = other.status;
            self.consent = other.consent;
        }
        value(&mut self.gender, &other.gender, replace);
        value(&mut self.birth_date, &other.birth_date, replace);
        for (mine, theirs) in [
            (&mut self.province, &other.province),
            (&mut self.city, &other.city),
            (&mut self.district, &other.district),
            (&mut self.employer, &other.employer),
            (&mut self.title, &other.title),
            (&mut self.industry, &other.industry),
            (&mut self.source, &other.source),
        ] {
            text(mine, theirs, replace);
        }
        value(&mut self.phone, &other.phone, replace);
        value(&mut self.id_number, &other.id_number, replace);
        value(&mut self.wechat, &other.wechat, replace);
        value(&mut self.email, &other.email, replace);
        for tag in &other.tags {
            if !self.tags.contains(tag) {
                self.tags.push(tag.clone());
            }
        }
        if replace || self.notes.is_empty() {
            text(&mut self.notes, &other.notes, true);
        } else if !other.notes.is_empty() && !self.notes.contains(other.notes.as_str()) {
            self.notes = format!("{}\n{}", self.notes, other.notes);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fellows::{Category, FellowForm, Gender};
    use chrono::NaiveDate;
    use uuid::Uuid;

    fn draft(edit: impl FnOnce(&mut FellowForm)) -> FellowDraft {
        let mut form = FellowForm {
            name: "李明".into(),
            category: "工商企".into(),
            township_id: Uuid::from_u128(1).to_string(),
            ..Default::default()
        };
        edit(&mut form);
        form.parse(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()).unwrap()
    }

    #[test]
    fn skip_changes_nothing() {
        let mut known = draft(|f| f.city = "长沙".into());
        let before = format!("{known:?}");
        known.absorb(&draft(|f| f.city = "深圳".into()), DuplicateAction::Skip);
        assert_eq!(format!("{known:?}"), before);
    }

    #[test]
    fn update_replaces_filled_values_and_keeps_the_rest() {
        let mut known = draft(|f| {
            f.city = "长沙".into();
            f.employer = "甲公司".into();
            f.phone = "13800000001".into();
        });
        let row = draft(|f| {
            f.city = "深圳".into();
            f.gender = "女".into();
            f.category = "文教".into();
            f.township_id = Uuid::from_u128(2).to_string();
        });
        known.absorb(&row, DuplicateAction::Update);
        assert_eq!(known.city, "深圳");
        assert_eq!(known.employer, "甲公司", "a blank cell does not erase");
        assert_eq!(known.phone.as_ref().map(|p| p.as_str()), Some("13800000001"));
        assert_eq!(known.gender, Some(Gender::Female));
        assert_eq!(known.category, Category::CultureEducationArts);
        assert_eq!(known.township_id, Uuid::from_u128(1), "an import never moves a fellow");
    }

    #[test]
    fn merge_fills_only_blanks_and_keeps_both_notes() {
        let mut known = draft(|f| {
            f.city = "长沙".into();
            f.notes = "老会长".into();
            f.tags = "返乡创业".into();
        });
        let row = draft(|f| {
            f.city = "深圳".into();
            f.title = "董事长".into();
            f.notes = "2025年回乡考察".into();
            f.tags = "捐资助学 返乡创业".into();
            f.category = "文教".into();
        });
        known.absorb(&row, DuplicateAction::Merge);
        assert_eq!(known.city, "长沙");
        assert_eq!(known.title, "董事长");
        assert_eq!(known.category, Category::IndustryCommerce);
        assert_eq!(known.notes, "老会长\n2025年回乡考察");
        assert_eq!(known.tags, ["返乡创业", "捐资助学"]);
        // Merging the same row twice adds nothing more.
        known.absorb(&row, DuplicateAction::Merge);
        assert_eq!(known.notes, "老会长\n2025年回乡考察");
    }
}
