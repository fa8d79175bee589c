//! Chambers of commerce (商会): where a chamber sits, the positions its members
//! hold, and the rules on its dates and fields. The store applies them; the web
//! forms and the API only read what was typed.

mod kinds;
mod rules;

pub use kinds::{ChamberKind, MemberPosition};
pub use rules::{ADDRESS, CITY, NAME, NOTES, OFFICE_NAME, check_founded, check_joined, check_left};
