//! How a unit is named out of its tree (in a select, a list): a village whose
//! name another village of the county also bears carries its township, so the
//! two 枫树村 can be told apart.

/// The label of a unit: `name`, or `name（township）` when `shared_with` is the
/// township of a village whose name is not unique in the county.
pub fn unit_label(name: &str, shared_with: Option<&str>) -> String {
    match shared_with {
        Some(township) => format!("{name}（{township}）"),
        None => name.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_shared_village_name_carries_its_township() {
        assert_eq!(unit_label("枫树村", Some("新墙镇")), "枫树村（新墙镇）");
        assert_eq!(unit_label("清水村", None), "清水村");
    }
}
