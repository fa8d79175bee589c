//! The education fund (教育基金): the county fund and its township branches,
//! donations pledged and paid in, and disbursements (scholarships, teacher
//! awards) paid out of what was paid in. The fund's size on a day is what
//! was paid in by then less what was disbursed by then; a disbursement the
//! size cannot cover is refused, so the size never goes below zero.

use crate::Msg;
use crate::vocab::vocabulary;
use chrono::NaiveDate;

vocabulary! {
    /// What a disbursement was for.
    pub enum DisbursementKind {
        Scholarship = "scholarship", "奖助学金", "Scholarship", ["助学金", "奖学金"];
        TeacherAward = "teacher_award", "奖教金", "Teacher award", ["优秀教师奖励"];
        Other = "other", "其他", "Other", [];
    }
}

/// A donation as the size reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DonationFacts {
    pub amount_fen: i64,
    pub pledged: NaiveDate,
    /// The day it was paid in; `None` while only pledged.
    pub paid: Option<NaiveDate>,
}

/// A disbursement as the size reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DisbursementFacts {
    pub amount_fen: i64,
    pub paid: NaiveDate,
}

/// A fund on a day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct FundSize {
    /// Pledged by then and not yet paid in.
    pub pledged_fen: i64,
    pub paid_in_fen: i64,
    pub disbursed_fen: i64,
}

impl FundSize {
    /// Paid in − disbursed.
    pub fn size_fen(&self) -> i64 {
        self.paid_in_fen - self.disbursed_fen
    }

    /// Refuses a disbursement of `amount_fen` the fund cannot cover.
    pub fn check_disbursement(&self, amount_fen: i64) -> Result<(), Msg> {
        if amount_fen > self.size_fen() {
            return Err(Msg::new(
                format!("教育基金余额不足：现有 {}", super::show_fen(self.size_fen(), crate::Lang::Zh)),
                format!("Not enough in the fund: {}", super::show_fen(self.size_fen(), crate::Lang::En)),
            ));
        }
        Ok(())
    }
}

/// The fund's size on `as_of`.
pub fn size_as_of(donations: &[DonationFacts], disbursements: &[DisbursementFacts], as_of: NaiveDate) -> FundSize {
    let mut s = FundSize::default();
    for d in donations {
        match d.paid {
            Some(p) if p <= as_of => s.paid_in_fen += d.amount_fen,
            _ if d.pledged <= as_of => s.pledged_fen += d.amount_fen,
            _ => {}
        }
    }
    s.disbursed_fen = disbursements.iter().filter(|d| d.paid <= as_of).map(|d| d.amount_fen).sum();
    s
}

/// The size at the end of each year from `first` to `last`.
pub fn size_by_year(
    donations: &[DonationFacts],
    disbursements: &[DisbursementFacts],
    first: i32,
    last: i32,
) -> Vec<(i32, FundSize)> {
    (first..=last)
        .filter_map(|y| NaiveDate::from_ymd_opt(y, 12, 31).map(|end| (y, size_as_of(donations, disbursements, end))))
        .collect()
}

/// A donation's days as typed: paid (when paid) on or after the pledge, and
/// neither after today.
pub fn check_donation_days(
    pledged: NaiveDate,
    paid: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(), (&'static str, Msg)> {
    if pledged > today {
        return Err(("pledged_on", Msg::new("认捐日期不能晚于今天", "The pledge day cannot be in the future")));
    }
    match paid {
        Some(p) if p < pledged => Err(("paid_on", Msg::new("到账日期不能早于认捐日期", "Paid before it was pledged"))),
        Some(p) if p > today => {
            Err(("paid_on", Msg::new("到账日期不能晚于今天", "The paid day cannot be in the future")))
        }
        _ => Ok(()),
    }
}

/// A donation as its thank-you letter names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ThankYou<'a> {
    /// The donor as addressed: a fellow's or returnee's name, or a company's.
    pub donor: &'a str,
    pub is_company: bool,
    pub branch: &'a str,
    pub amount_fen: i64,
    pub paid: Option<NaiveDate>,
    pub purpose: &'a str,
    /// The county, for the sign-off.
    pub county: &'a str,
    pub date: NaiveDate,
}

/// The paragraphs of the thank-you letter (感谢信) for a donation: the
/// salutation, the body, and the sign-off with the day.
pub fn thank_you(t: &ThankYou) -> Vec<String> {
    let amount = super::show_fen(t.amount_fen, crate::Lang::Zh);
    let salutation =
        if t.is_company { format!("{}：", t.donor) } else { format!("尊敬的{}先生/女士：", t.donor) };
    let given = match t.paid {
        Some(day) => {
            format!("于{}年{}月{}日向{}捐赠{amount}", day.format("%Y"), day.format("%-m"), day.format("%-d"), t.branch)
        }
        None => format!("向{}认捐{amount}", t.branch),
    };
    let purpose = if t.purpose.trim().is_empty() { "奖教助学".to_string() } else { t.purpose.trim().to_string() };
    vec![
        salutation,
        format!(
            "您心系桑梓、情系教育，{given}，用于{purpose}。这份善举凝聚着您对家乡的深厚情谊，必将激励更多学子勤奋向学、更多教师潜心育人。"
        ),
        "我们将严格按照基金章程管理和使用每一笔捐款，定期公开收支情况，让每一分爱心都用在实处。".to_string(),
        "在此，谨向您致以衷心的感谢和崇高的敬意！欢迎您常回家看看。".to_string(),
        format!(
            "{}教育基金会\n{}年{}月{}日",
            t.county,
            t.date.format("%Y"),
            t.date.format("%-m"),
            t.date.format("%-d")
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_size_is_paid_in_less_disbursed_on_the_day() {
        let donations = [
            DonationFacts { amount_fen: 1_000, pledged: d(2021, 1, 1), paid: Some(d(2021, 2, 1)) },
            DonationFacts { amount_fen: 500, pledged: d(2021, 6, 1), paid: Some(d(2022, 3, 1)) },
            DonationFacts { amount_fen: 300, pledged: d(2022, 6, 1), paid: None },
        ];
        let out = [DisbursementFacts { amount_fen: 200, paid: d(2021, 9, 1) }];
        let y2021 = size_as_of(&donations, &out, d(2021, 12, 31));
        assert_eq!(
            (y2021.paid_in_fen, y2021.pledged_fen, y2021.disbursed_fen, y2021.size_fen()),
            (1_000, 500, 200, 800)
        );
        let years = size_by_year(&donations, &out, 2021, 2022);
        assert_eq!(years[1].1.size_fen(), 1_300);
        assert_eq!(years[1].1.pledged_fen, 300);
        assert!(years[1].1.check_disbursement(1_300).is_ok());
        assert_eq!(years[1].1.check_disbursement(1_301).unwrap_err().zh, "教育基金余额不足：现有 13元");
        assert_eq!(size_as_of(&donations, &out, d(2020, 1, 1)), FundSize::default());
    }

    #[test]
    fn donation_days_are_checked() {
        let today = d(2024, 1, 1);
        assert!(check_donation_days(d(2023, 1, 1), Some(d(2023, 1, 2)), today).is_ok());
        assert_eq!(check_donation_days(d(2023, 1, 2), Some(d(2023, 1, 1)), today).unwrap_err().0, "paid_on");
        assert_eq!(check_donation_days(d(2024, 1, 2), None, today).unwrap_err().0, "pledged_on");
    }

    #[test]
    fn a_thank_you_letter_names_the_donor_the_gift_and_the_day() {
        let t = ThankYou {
            donor: "张一",
            is_company: false,
            branch: "新墙镇教育基金分会",
            amount_fen: 50_000_000,
            paid: Some(d(2023, 9, 1)),
            purpose: "",
            county: "岳阳县",
            date: d(2023, 9, 10),
        };
        let p = thank_you(&t);
        assert_eq!(p[0], "尊敬的张一先生/女士：");
        assert!(p[1].contains("于2023年9月1日向新墙镇教育基金分会捐赠50万元，用于奖教助学"), "{}", p[1]);
        assert_eq!(p.last().unwrap(), "岳阳县教育基金会\n2023年9月10日");
        let pledged =
            thank_you(&ThankYou { is_company: true, donor: "岳阳某某公司", paid: None, purpose: "助学", ..t });
        assert_eq!(pledged[0], "岳阳某某公司：");
        assert!(pledged[1].contains("认捐50万元，用于助学"));
    }

    #[test]
    fn kinds_round_trip() {
        crate::vocab::assert_round_trips!(DisbursementKind);
    }
}
