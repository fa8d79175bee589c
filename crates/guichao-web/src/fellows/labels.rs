//! Stored codes as users read them: categories, genders, statuses, roles,
//! levels, and the fields an audited change touched. (Audit actions are named
//! by the domain's `AuditAction`.)

use guichao_domain::Lang;
use guichao_domain::audit::AuditAction;
use guichao_domain::chambers::MemberPosition;
use guichao_domain::fellows::{Category, CompanyRole, FellowStatus, Gender, HeldRole, RelationKind};
use guichao_domain::liaison::LiaisonLevel;
use guichao_store::audit::AuditEntry;
use serde_json::Value;

/// A code's label in `lang`, or the code itself when it is unknown (an old
/// code still in the database should show, not vanish).
macro_rules! label_fn {
    ($name:ident, $vocab:ty) => {
        pub fn $name(code: &str, lang: Lang) -> String {
            <$vocab>::parse(code).map(|v| v.label(lang).to_string()).unwrap_or_else(|| code.to_string())
        }
    };
}

label_fn!(category, Category);
label_fn!(status, FellowStatus);
label_fn!(company_role, CompanyRole);
label_fn!(relation, RelationKind);
label_fn!(held_role, HeldRole);
label_fn!(position, MemberPosition);

pub fn gender(code: &Option<String>, lang: Lang) -> String {
    code.as_deref().and_then(Gender::parse).map(|g| g.label(lang).to_string()).unwrap_or_default()
}

/// The names the form gives a fellow's fields, for messages and the history
/// (the domain's one table; empty for a name that is not a field).
pub fn field(name: &str, lang: Lang) -> &'static str {
    guichao_domain::fellows::field_label(name, lang).unwrap_or_default()
}

/// One line of a fellow's history: what was done, and to what.
pub fn history_line(entry: &AuditEntry, lang: Lang) -> (String, String) {
    let what = AuditAction::label_of(&entry.action, lang).to_string();
    let detail = &entry.detail;
    let sep = lang.pick("、", ", ");
    let about = match entry.action.as_str() {
        "fellow.reveal" => {
            let f = detail["field"].as_str().unwrap_or_default();
            field(f, lang).to_string()
        }
        "fellow.update" => {
            let (before, after) = (&detail["before"], &detail["after"]);
            let mut changed: Vec<&str> = Vec::new();
            for (k, v) in after.as_object().into_iter().flatten() {
                let label = field(k, lang);
                if k != "version" && before.get(k.as_str()) != Some(v) && !label.is_empty() && !changed.contains(&label)
                {
                    changed.push(label);
                }
            }
            changed.join(sep)
        }
        "fellow.company_link" => text(&detail["after"]["company"]),
        "fellow.import" => text(&detail["file"]),
        "fellow.role_add" => detail["after"]["role"].as_str().map(|r| held_role(r, lang)).unwrap_or_default(),
        "fellow.relate" => detail["after"]["kind"].as_str().map(|k| relation(k, lang)).unwrap_or_default(),
        "liaison.assign" | "liaison.cycle" => assignment(&detail["after"], lang),
        "liaison.end" if detail["reason"] == "moved" => {
            format!("{}{}", assignment(&detail["before"], lang), lang.pick("（籍贯变更）", " (home changed)"))
        }
        "liaison.end" => assignment(&detail["before"], lang),
        _ => String::new(),
    };
    (what, about)
}

/// An assignment as a history line names it: its level and its cadre.
fn assignment(a: &Value, lang: Lang) -> String {
    let level = a["level"].as_str().and_then(LiaisonLevel::parse).map(|l| l.label(lang)).unwrap_or_default();
    format!("{level}{}{}", lang.pick("联系人", " liaison "), text(&a["cadre"]))
}

fn text(v: &Value) -> String {
    v.as_str().unwrap_or_default().to_string()
}
