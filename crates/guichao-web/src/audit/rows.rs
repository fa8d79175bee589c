//! An audit event as people read it, for the page, the xlsx and the API alike:
//! who (name and unit), did what (the action's label), to what (the record's
//! name, linked when the reader may open it), when, and the details as a
//! sentence and a before → after table of field labels.

use crate::layout::show_time;
use guichao_domain::Lang;
use guichao_domain::access::Permission;
use guichao_domain::audit::{AuditAction, Change, changes, summary};
use guichao_store::Actor;
use guichao_store::audit::AuditEntry;
use uuid::Uuid;

pub struct Readable {
    pub seq: i64,
    pub at: String,
    /// Display name (username), or the name the event was recorded under.
    pub who: String,
    pub unit: String,
    pub ip: String,
    pub action: String,
    pub object: String,
    pub href: Option<String>,
    pub summary: Option<String>,
    pub changes: Vec<Change>,
}

impl Readable {
    /// `entry` for `reader`, in `lang`.
    pub fn new(entry: &AuditEntry, reader: &Actor, lang: Lang) -> Readable {
        let action = AuditAction::parse(&entry.action);
        let name_of = |id: &str| entry.names.get(id).cloned();
        let (summary, changes) = match action {
            Some(a) => (summary(a, &entry.detail, lang, name_of), changes(a, &entry.detail, lang, name_of)),
            None => (None, Vec::new()),
        };
        let (object, href) = object(entry, action, reader, lang);
        Readable {
            seq: entry.seq,
            at: show_time(&entry.at),
            who: entry.actor_display.clone().unwrap_or_else(|| match entry.actor_name.as_str() {
                "system" => lang.pick("系统", "System").to_string(),
                "cli" => lang.pick("命令行", "Command line").to_string(),
                "anonymous" => lang.pick("未登录", "Not signed in").to_string(),
                name => name.to_string(),
            }),
            unit: entry.actor_unit.clone().unwrap_or_default(),
            ip: entry.ip.clone().unwrap_or_default(),
            action: AuditAction::label_of(&entry.action, lang).to_string(),
            object,
            href,
            summary,
            changes,
        }
    }

    /// Whether the table has a before column: not for a new record.
    pub fn has_before(&self) -> bool {
        self.changes.iter().any(|c| !c.before.is_empty())
    }

    /// The details as one text: the sentence, then a line per changed field.
    pub fn detail_text(&self, lang: Lang) -> String {
        let mut lines: Vec<String> = self.summary.iter().cloned().collect();
        for c in &self.changes {
            let sep = lang.pick("：", ": ");
            lines.push(match (c.before.is_empty(), c.after.is_empty()) {
                (true, _) => format!("{}{sep}{}", c.field, c.after),
                (false, true) => format!("{}{sep}{} → {}", c.field, c.before, lang.pick("（空）", "(empty)")),
                (false, false) => format!("{}{sep}{} → {}", c.field, c.before, c.after),
            });
        }
        lines.join("\n")
    }
}

/// What the event was done to, and a link when the reader may open it. A
/// fellow out of the reader's sight is never named.
fn object(entry: &AuditEntry, action: Option<AuditAction>, reader: &Actor, lang: Lang) -> (String, Option<String>) {
    let id = Uuid::parse_str(&entry.target_id).ok();
    let name = entry.target_name.clone();
    let gone = || lang.pick("（已删除）", "(removed)").to_string();
    let link = |permission: Permission, path: String| reader.can(permission).then_some(path);
    // A sign-in or a password change is about the one who did it: named once.
    if entry.target_type == "user" && id.is_some() && id == entry.actor_id {
        return (String::new(), None);
    }
    match (entry.target_type.as_str(), id, name) {
        ("fellow", Some(id), Some(name)) => (name, link(Permission::FellowRead, format!("/fellows/{id}"))),
        ("fellow", _, None) => (lang.pick("（范围外的乡友）", "(a fellow out of your scope)").to_string(), None),
        ("chamber", Some(id), Some(name)) => (name, link(Permission::ChamberRead, format!("/chambers/{id}"))),
        ("user", Some(id), Some(name)) => (name, link(Permission::UsersRead, format!("/users/{id}"))),
        ("unit", Some(id), Some(name)) => (name, link(Permission::OrgRead, format!("/org?unit={id}"))),
        ("project", Some(id), Some(name)) => (name, link(Permission::ProjectRead, format!("/projects/{id}"))),
        ("project", _, None) => (lang.pick("（范围外的项目）", "(a project out of your scope)").to_string(), None),
        ("chain", _, Some(name)) => (name, link(Permission::ProjectRead, "/chains".into())),
        ("chain_node", Some(id), Some(name)) => (name, link(Permission::ProjectRead, format!("/chains/nodes/{id}"))),
        ("park_parcel" | "park_unit", _, Some(name)) => (name, link(Permission::ProjectRead, "/park".into())),
        ("event", Some(id), Some(name)) => (name, link(Permission::LiaisonRead, format!("/events/{id}"))),
        // Records named by what they hang off, in the event's details.
        ("contact", _, _) => (lang.pick("联系记录", "Contact record").to_string(), None),
        ("park_allocation", _, _) => (lang.pick("园区分配", "Park allocation").to_string(), None),
        ("checklist", _, _) => (lang.pick("代办事项清单", "Agency checklist").to_string(), None),
        ("api_token", _, name) => {
            let name = name.or_else(|| entry.detail["name"].as_str().map(str::to_string)).unwrap_or_default();
            (format!("{}《{name}》", lang.pick("令牌", "Token ")), None)
        }
        // An import names its file and leads to the fellows it wrote (older
        // databases recorded it against the county).
        ("import", Some(id), _) => (
            format!("《{}》", entry.detail["file"].as_str().unwrap_or_default()),
            link(Permission::FellowRead, format!("/fellows?import={id}")),
        ),
        ("tenant", _, _) if action == Some(AuditAction::FellowImport) => {
            (format!("《{}》", entry.detail["file"].as_str().unwrap_or_default()), None)
        }
        ("tenant", _, name) => (name.unwrap_or_default(), None),
        ("user", None, _) => match entry.detail["username"].as_str() {
            Some(username) => (username.to_string(), None),
            None => (String::new(), None),
        },
        _ => (gone(), None),
    }
}
