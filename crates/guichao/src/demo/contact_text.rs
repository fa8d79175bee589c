//! The words of the demo's contact records: what a cadre writes after a call,
//! a visit, a festival greeting or a forum, and what came of it. Synthetic,
//! in the plain style of a county liaison log.

use super::pick::one;
use guichao_domain::liaison::ContactKind;
use rand::Rng;

const CALL: &[&str] = &[
    "电话问候近况，了解企业经营情况",
    "电话联系，介绍县里新出台的招商引资八条",
    "电话沟通子女回乡就读事宜",
    "电话了解乡友在外工作生活情况，转达家乡问候",
    "电话联系，询问对家乡产业园建设的意见",
];
const WECHAT: &[&str] = &[
    "微信交流，分享家乡最新发展动态",
    "微信联系，推送县返乡创业扶持政策",
    "微信语音沟通近期回乡行程",
    "在乡友微信群通报村里修路和人居环境整治进展，与乡友交流",
    "微信问候，了解企业用工需求",
];
const VISIT: &[&str] = &[
    "上门拜访，面对面听取乡友对家乡发展的建议",
    "走访乡友企业，了解生产经营和投资意向",
    "登门看望乡友家人，宣传惠企政策",
];
const SMS: &[&str] = &["发送问候短信，转达家乡祝福", "短信推送县招商推介会邀请", "短信告知乡友服务专线和联系干部"];
const LETTER: &[&str] = &["寄送家乡发展简报和慰问信", "寄发县委县政府致在外乡友的一封信"];
const OTHER: &[&str] = &["在县城偶遇乡友，简单交流近况", "通过乡友家属转达问候"];

const FESTIVAL_GIFT: &[&str] =
    &["送去家乡特产，转达节日问候", "看望乡友家中老人，送上慰问品", "节前走访慰问，送上慰问礼品"];
const OUTCOMES: &[&str] = &[
    "乡友表示愿意牵线介绍深圳客商",
    "乡友有意回乡投资农产品加工",
    "已推荐乡友参加县招商推介会",
    "乡友反映的子女入学问题已转教育局",
    "约定节后再次见面详谈",
];

/// What a cadre writes for a contact of `kind` with `fellows` fellows; a
/// festival greeting names the festival.
pub fn notes(rng: &mut impl Rng, kind: ContactKind, fellows: usize, festival: Option<&str>) -> String {
    let base = match kind {
        ContactKind::Call => *one(rng, CALL),
        ContactKind::WeChat => *one(rng, WECHAT),
        ContactKind::Visit => *one(rng, VISIT),
        ContactKind::Sms => *one(rng, SMS),
        ContactKind::Letter => *one(rng, LETTER),
        ContactKind::Gift => *one(rng, FESTIVAL_GIFT),
        _ => *one(rng, OTHER),
    };
    let mut text = match festival {
        Some(f) => format!("{f}前{base}"),
        None => base.to_string(),
    };
    if fellows > 1 {
        text.push_str(&format!("（共{fellows}位乡友）"));
    }
    text
}

/// What came of a visit or a gift now and then; nothing for the rest.
pub fn outcome(rng: &mut impl Rng, kind: ContactKind) -> String {
    let chance = match kind {
        ContactKind::Visit | ContactKind::Inspection | ContactKind::Forum => 50,
        ContactKind::Call | ContactKind::Gift => 10,
        _ => 0,
    };
    if rng.random_range(0..100) < chance { one(rng, OUTCOMES).to_string() } else { String::new() }
}

/// The to-dos the demo users `xinqiang` and `village` carry.
pub const FOLLOW_UPS: [&str; 4] = [
    "寄送县产业园招商推介资料",
    "协调乡友子女回乡入学事宜",
    "答复返乡创业担保贷款申请条件",
    "邀请乡友参加春节返乡座谈会",
];
