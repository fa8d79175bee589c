//! Gifts (慰问物资): the kinds a campaign hands out (家乡特产礼盒, 慰问金卡),
//! what was received into stock and what was handed out. Stock is never a
//! stored total: it is always counted from the dated receipts and hand-outs,
//! and a hand-out that would take more than is left is refused.

use crate::Msg;
use crate::fellows::FormError;
use crate::text::TextField;

/// A gift kind's name (家乡特产礼盒); unique within its campaign.
pub const GIFT_NAME: TextField = TextField::line("物资名称", "gift name", 40).required();
/// The unit it is counted in (份, 箱, 张).
pub const GIFT_UNIT: TextField = TextField::line("单位", "unit", 4).required();
/// A note on a gift kind, a receipt or a hand-out.
pub const GIFT_NOTE: TextField = TextField::line("说明", "note", 200);
/// The most one receipt or one hand-out counts.
pub const MAX_QUANTITY: i64 = 100_000;

/// A gift kind as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GiftKindDraft {
    pub name: String,
    pub unit: String,
    pub note: String,
}

impl GiftKindDraft {
    /// The draft trimmed, or every broken rule under its field.
    pub fn check(&self) -> Result<GiftKindDraft, Vec<FormError>> {
        let mut errors = Vec::new();
        let mut text = |field: &'static str, rule: TextField, value: &str| {
            rule.check(value).unwrap_or_else(|message| {
                errors.push(FormError { field, message });
                String::new()
            })
        };
        let draft = GiftKindDraft {
            name: text("name", GIFT_NAME, &self.name),
            unit: text("unit", GIFT_UNIT, &self.unit),
            note: text("note", GIFT_NOTE, &self.note),
        };
        if errors.is_empty() { Ok(draft) } else { Err(errors) }
    }
}

/// A quantity received or handed out: a whole number from 1 to
/// [`MAX_QUANTITY`].
pub fn check_quantity(quantity: i64) -> Result<i64, Msg> {
    if quantity < 1 {
        return Err(Msg::new("数量至少为 1", "The quantity is at least 1"));
    }
    if quantity > MAX_QUANTITY {
        return Err(Msg::new(
            format!("数量不能超过 {MAX_QUANTITY}"),
            format!("The quantity is at most {MAX_QUANTITY}"),
        ));
    }
    Ok(quantity)
}

/// A quantity as typed into a form (full-width digits allowed).
pub fn parse_quantity(text: &str) -> Result<i64, Msg> {
    let digits: String = text
        .trim()
        .chars()
        .map(|c| if ('０'..='９').contains(&c) { char::from(b'0' + (c as u32 - '０' as u32) as u8) } else { c })
        .collect();
    let n = digits.parse::<i64>().map_err(|_| Msg::new("数量应为整数", "The quantity is a whole number"))?;
    check_quantity(n)
}

/// A gift kind's stock as its records count it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Stock {
    /// The sum of its receipts.
    pub received: i64,
    /// The sum of its hand-outs still standing (a cancelled one gives its
    /// quantity back).
    pub handed_out: i64,
}

impl Stock {
    /// Counts the stock from the quantities of the receipts and the
    /// standing hand-outs.
    pub fn count(receipts: impl IntoIterator<Item = i64>, hand_outs: impl IntoIterator<Item = i64>) -> Stock {
        Stock { received: receipts.into_iter().sum(), handed_out: hand_outs.into_iter().sum() }
    }

    /// What is left: received − handed out.
    pub fn left(self) -> i64 {
        self.received - self.handed_out
    }

    /// Whether `quantity` more may be handed out; if not, the refusal names
    /// the gift and what is left ("库存不足：家乡特产礼盒 剩余 3 份").
    pub fn check_hand_out(self, quantity: i64, name: &str, unit: &str) -> Result<(), Msg> {
        let left = self.left();
        if quantity <= left {
            return Ok(());
        }
        Err(Msg::new(
            format!("库存不足：{name} 剩余 {} {unit}", left.max(0)),
            format!("Not enough in stock: {} {unit} of {name} left", left.max(0)),
        ))
    }

    /// Whether `fellows` hand-outs of `each` fit into what is left (a batch
    /// is handed out whole or not at all).
    pub fn check_batch(self, fellows: u64, each: i64, name: &str, unit: &str) -> Result<(), Msg> {
        let wanted = i64::try_from(fellows).unwrap_or(i64::MAX).saturating_mul(each);
        let left = self.left();
        if wanted <= left {
            return Ok(());
        }
        Err(Msg::new(
            format!("库存不足：{name} 剩余 {} {unit}，本次需发放 {fellows} 人共 {wanted} {unit}", left.max(0)),
            format!(
                "Not enough in stock: {} {unit} of {name} left, {wanted} needed for {fellows} fellows",
                left.max(0)
            ),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stock_is_received_less_handed_out() {
        let s = Stock::count([100, 20], [3, 1, 1]);
        assert_eq!(s, Stock { received: 120, handed_out: 5 });
        assert_eq!(s.left(), 115);
        assert_eq!(Stock::count([], []).left(), 0);
    }

    #[test]
    fn a_hand_out_may_take_the_last_but_no_more() {
        let s = Stock::count([5], [2]);
        assert!(s.check_hand_out(3, "家乡特产礼盒", "份").is_ok());
        let e = s.check_hand_out(4, "家乡特产礼盒", "份").unwrap_err();
        assert_eq!(e.zh, "库存不足：家乡特产礼盒 剩余 3 份");
        assert!(e.en.contains("3 份 of 家乡特产礼盒"), "{e:?}");
    }

    #[test]
    fn nothing_received_refuses_every_hand_out() {
        let e = Stock::default().check_hand_out(1, "慰问金卡", "张").unwrap_err();
        assert_eq!(e.zh, "库存不足：慰问金卡 剩余 0 张");
    }

    #[test]
    fn a_batch_fits_whole_or_is_refused_whole() {
        let s = Stock::count([10], []);
        assert!(s.check_batch(5, 2, "礼盒", "份").is_ok());
        let e = s.check_batch(6, 2, "礼盒", "份").unwrap_err();
        assert!(e.zh.starts_with("库存不足：礼盒 剩余 10 份"), "{e:?}");
        assert!(e.zh.contains("6 人共 12 份"), "{e:?}");
        assert!(s.check_batch(u64::MAX, 2, "礼盒", "份").is_err());
    }

    #[test]
    fn quantities_are_whole_and_bounded() {
        assert_eq!(parse_quantity(" 12 ").unwrap(), 12);
        assert_eq!(parse_quantity("３").unwrap(), 3);
        assert!(parse_quantity("0").is_err());
        assert!(parse_quantity("-2").is_err());
        assert!(parse_quantity("1.5").unwrap_err().zh.contains("整数"));
        assert!(parse_quantity("").is_err());
        assert!(check_quantity(MAX_QUANTITY + 1).is_err());
        assert_eq!(check_quantity(MAX_QUANTITY).unwrap(), MAX_QUANTITY);
    }

    #[test]
    fn a_kind_needs_a_name_and_a_unit() {
        let ok = GiftKindDraft { name: " 家乡特产礼盒 ".into(), unit: "份".into(), note: String::new() };
        assert_eq!(ok.check().unwrap().name, "家乡特产礼盒");
        let errors =
            GiftKindDraft { name: "".into(), unit: "箱子箱子箱".into(), note: "x".repeat(201) }.check().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field).collect();
        assert_eq!(fields, ["name", "unit", "note"]);
    }
}
