//! Turning a row's township and village text into org units: the caller's job,
//! since only the store knows the org tree and the importing user's scope.

use guichao_domain::Msg;
use guichao_domain::ids::Uuid;

/// The org units a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Units {
    pub township: Uuid,
    pub village: Option<Uuid>,
}

/// Why a row's units were refused, and which of its two cells is at fault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UnitError {
    /// Not a township of the county, or not one the importing user may write.
    Township(Msg),
    /// Not a village of that township.
    Village(Msg),
}

/// Finds the units for a row's township and village text.
///
/// Both texts come normalised by [`crate::normalize::unit_text`] (half-width,
/// simplified, no spaces) and may be empty: a township cadre's roster often
/// leaves the township out, and the resolver may then answer with the user's
/// own. Compare names with [`crate::normalize::township_key`] and
/// [`crate::normalize::village_key`] on both sides to match `新墙` with
/// `新墙镇`. Answers are remembered per distinct pair of texts during one
/// import, so a resolver must give the same answer for the same texts.
pub trait UnitResolver {
    fn resolve(&mut self, township: &str, village: &str) -> Result<Units, UnitError>;
}

impl<F: FnMut(&str, &str) -> Result<Units, UnitError>> UnitResolver for F {
    fn resolve(&mut self, township: &str, village: &str) -> Result<Units, UnitError> {
        self(township, village)
    }
}
