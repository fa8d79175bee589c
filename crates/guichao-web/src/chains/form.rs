//! The chain and node forms as typed: kept as text so that a refused form
//! shows again with what the user wrote, and turned into domain drafts (a
//! field error for what cannot be read) on save.

use crate::extract::FormData;
use guichao_domain::Lang;
use guichao_domain::chains::{ChainDraft, NodeDraft, Segment, split_list};
use guichao_domain::fellows::FormError;
use guichao_store::chains::NodeView;

/// The new-chain form.
#[derive(Debug, Clone, Default)]
pub struct ChainForm {
    pub name: String,
    pub notes: String,
}

impl ChainForm {
    pub fn from_form(f: &FormData) -> ChainForm {
        ChainForm { name: f.get("name"), notes: f.get("notes") }
    }

    pub fn draft(&self) -> ChainDraft {
        ChainDraft { name: self.name.clone(), notes: self.notes.clone() }
    }
}

/// The add/edit form of a node: codes and keywords typed into one box each.
#[derive(Debug, Clone)]
pub struct NodeForm {
    pub name: String,
    /// A `Segment` code.
    pub segment: String,
    pub gap: bool,
    pub gap_note: String,
    pub codes: String,
    pub keywords: String,
}

impl Default for NodeForm {
    fn default() -> NodeForm {
        NodeForm {
            name: String::new(),
            segment: Segment::Midstream.code().into(),
            gap: false,
            gap_note: String::new(),
            codes: String::new(),
            keywords: String::new(),
        }
    }
}

impl NodeForm {
    pub fn from_form(f: &FormData) -> NodeForm {
        NodeForm {
            name: f.get("name"),
            segment: f.get("segment"),
            gap: f.has("gap"),
            gap_note: f.get("gap_note"),
            codes: f.get("codes"),
            keywords: f.get("keywords"),
        }
    }

    /// The form filled with a stored node, for editing.
    pub fn from_view(n: &NodeView) -> NodeForm {
        NodeForm {
            name: n.name.clone(),
            segment: n.segment.code().into(),
            gap: n.gap,
            gap_note: n.gap_note.clone(),
            codes: n.codes.join(" "),
            keywords: n.keywords.join(" "),
        }
    }

    /// The draft, or the field the segment is refused under.
    pub fn draft(&self) -> Result<NodeDraft, Vec<FormError>> {
        let segment = Segment::parse(&self.segment).ok_or_else(|| {
            vec![FormError::new("segment", "请选择上游、中游或下游", "Choose upstream, midstream or downstream")]
        })?;
        Ok(NodeDraft {
            name: self.name.clone(),
            segment,
            gap: self.gap,
            gap_note: self.gap_note.clone(),
            codes: split_list(&self.codes),
            keywords: split_list(&self.keywords),
        })
    }

    /// The segments for the form's select, the typed one chosen.
    pub fn segments(&self, lang: impl std::borrow::Borrow<Lang>) -> Vec<(&'static str, &'static str, bool)> {
        let lang = *lang.borrow();
        Segment::ALL.iter().map(|s| (s.code(), s.label(lang), s.code() == self.segment)).collect()
    }
}

/// The message of `field` among `errors`, in `lang`.
pub fn error_for(errors: &[FormError], field: &str, lang: Lang) -> Option<String> {
    let found: Vec<&str> = errors.iter().filter(|e| e.field == field).map(|e| e.message.get(lang)).collect();
    (!found.is_empty()).then(|| found.join(lang.pick("；", "; ")))
}
