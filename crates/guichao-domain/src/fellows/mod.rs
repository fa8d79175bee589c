//! The fellow registry's values: the newtypes a clerk types into a fellow's record
//! (phone, ID number, credit code, email, WeChat ID, name), each checked once when
//! built, and the registry's vocabularies (category, status, roles, relations).
//! Chambers and liaison duty have their own modules beside this one.
//!
//! Parsers accept what people type and what Excel exports (full-width digits, +86,
//! numbers stored as floats) and refuse the rest with a [`FieldError`] that says
//! what to fix. Nothing here touches storage: encryption and blind indexes of the
//! personal values live in the store.

mod absorb;
mod birth;
mod contact;
mod credit_code;
mod draft;
mod error;
mod fields;
mod id_check;
mod id_number;
mod name;
mod phone;
mod profile;
pub(crate) mod text;
mod ties;

pub use absorb::DuplicateAction;
pub use birth::parse_birth_date;
pub use contact::{Email, WeChatId};
pub use credit_code::CreditCode;
pub use draft::{FellowDraft, FellowForm, FormError};
pub use error::FieldError;
pub use fields::{field_label, field_names};
pub use id_check::{IdField, IdMismatch, id_mismatches};
pub use id_number::IdNumber;
pub use name::PersonName;
pub use phone::{Phone, PhoneKind};
pub use profile::{Category, FellowStatus, Gender};
pub use ties::{CompanyRole, HeldRole, RelationKind};
