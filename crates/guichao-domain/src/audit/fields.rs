//! The labels of the fields an event's before and after images hold, by the
//! area whose records the action changes. A fellow's own fields take the
//! registry's labels ([`crate::fellows::field_label`]); keys that are not
//! listed (internal ids, versions) are not shown.

use super::AuditAction;
use crate::Lang;
use crate::areas::Area;

/// What hangs off a fellow: companies, relations, roles held.
const FELLOW_TIES: &[(&str, &str, &str)] = &[
    ("company", "企业", "Company"),
    ("role", "角色", "Role"),
    ("kind", "关系", "Relation"),
    ("other", "关联乡友", "Related fellow"),
    ("a", "乡友", "Fellow"),
    ("b", "关联乡友", "Related fellow"),
    ("start", "开始日期", "Start"),
    ("end", "结束日期", "End"),
    ("note", "说明", "Note"),
];

const CHAMBERS: &[(&str, &str, &str)] = &[
    ("name", "名称", "Name"),
    ("kind", "类型", "Kind"),
    ("city", "所在城市", "City"),
    ("address", "地址", "Address"),
    ("township_id", "所属乡镇", "Township"),
    ("founded", "成立日期", "Founded"),
    ("chamber", "商会", "Chamber"),
    ("position", "会内职务", "Position"),
    ("since", "加入日期", "Joined"),
    ("until", "退出日期", "Left"),
    ("user_id", "联络员", "Staff"),
    ("notes", "备注", "Notes"),
];

const CAMPAIGNS: &[(&str, &str, &str)] = &[
    ("name", "活动名称", "Name"),
    ("start", "开始日期", "Start"),
    ("end", "结束日期", "End"),
    ("kinds", "慰问方式", "Kinds of touch"),
    ("townships", "范围乡镇", "Townships"),
    ("category", "乡友类别", "Category"),
    ("city", "所在城市", "City"),
    ("tag", "标签", "Tag"),
    ("state", "状态", "State"),
    ("fellow", "乡友", "Fellow"),
    ("kind", "慰问方式", "Kind of touch"),
    ("day", "日期", "Day"),
    ("note", "说明", "Note"),
    ("gift", "慰问物资", "Gift"),
    ("unit", "计量单位", "Unit"),
    ("quantity", "数量", "Quantity"),
];

const USERS: &[(&str, &str, &str)] = &[
    ("username", "用户名", "Username"),
    ("display_name", "姓名", "Name"),
    ("unit_id", "所属单位", "Unit"),
    ("role_ids", "角色", "Roles"),
    ("active", "启用", "Active"),
];

const ORG: &[(&str, &str, &str)] =
    &[("name", "名称", "Name"), ("parent", "上级单位", "Parent unit"), ("level", "层级", "Level")];

const LIAISON: &[(&str, &str, &str)] = &[
    ("cadre", "联系人", "Cadre"),
    ("level", "层级", "Level"),
    ("cycle_days", "联系周期（天）", "Cycle (days)"),
    ("kind", "联系方式", "Kind"),
    ("date", "联系日期", "Date"),
    ("place", "地点", "Place"),
    ("fellow_ids", "乡友", "Fellows"),
    ("cadres", "联系干部", "Cadres"),
    ("notes", "联系内容", "Notes"),
    ("outcome", "成效", "Outcome"),
    ("follow_up", "跟进事项", "Follow-up"),
    ("due", "跟进期限", "Due"),
];

/// An event's image.
const EVENTS: &[(&str, &str, &str)] = &[
    ("title", "活动名称", "Title"),
    ("kind", "活动类型", "Kind"),
    ("start_date", "开始日期", "Start"),
    ("end_date", "结束日期", "End"),
    ("place", "举办地点", "Place"),
    ("organiser", "主办单位", "Organiser"),
    ("outcomes", "活动成效", "Outcomes"),
    ("leads", "线索", "Leads"),
];

/// A project's image, its stage events, a fellow's credit and funds in place;
/// the park's parcels, units and allocations.
const PROJECTS: &[(&str, &str, &str)] = &[
    ("project", "项目", "Project"),
    ("name", "项目名称", "Name"),
    ("company", "投资企业", "Investor company"),
    ("kind", "项目类型", "Kind"),
    ("investment_fen", "协议投资额（分）", "Agreed investment (fen)"),
    ("fixed_asset_fen", "其中固定资产投资（分）", "Of which fixed assets (fen)"),
    ("foreign_fen", "其中外资（分）", "Of which foreign (fen)"),
    ("jobs_planned", "计划用工", "Planned jobs"),
    ("land_need_hundredths_mu", "用地需求（0.01亩）", "Land need (0.01 mu)"),
    ("factory_need_m2", "厂房需求（平方米）", "Factory need (m2)"),
    ("unit_id", "责任单位", "Responsible unit"),
    ("officer_id", "项目警官", "Project officer"),
    ("team", "项目团队", "Team"),
    ("source", "项目来源", "Source"),
    ("source_chamber_id", "来源商会", "Source chamber"),
    ("follows_lead_id", "来源线索", "Earlier lead"),
    ("notes", "备注", "Notes"),
    ("stage", "阶段", "Stage"),
    ("on", "日期", "Date"),
    ("supersedes", "更正的记录", "Corrects"),
    ("reason", "原因", "Reason"),
    ("role", "角色", "Role"),
    ("amount_fen", "到位金额（分）", "Amount (fen)"),
    ("evidence", "凭证类型", "Evidence"),
    ("note", "说明", "Note"),
    ("parcel", "地块", "Parcel"),
    ("area_hundredths_mu", "面积（0.01亩）", "Area (0.01 mu)"),
    ("zoning", "用地性质", "Zoning"),
    ("building", "楼栋", "Building"),
    ("unit_no", "单元号", "Unit number"),
    ("floor", "楼层", "Floor"),
    ("area_m2", "面积（平方米）", "Area (m2)"),
    ("site", "地块或厂房", "Parcel or unit"),
    ("from", "起始日期", "From"),
    ("until", "截止日期", "Until"),
    ("moved_in", "建成或入驻日期", "Built or moved in"),
    // Agency tasks, their status trail and documents, checklists, problems.
    ("items", "清单事项", "Checklist items"),
    ("tasks", "代办事项", "Agency tasks"),
    ("task", "代办事项", "Agency task"),
    ("due", "到期日期", "Due"),
    ("owner_unit_id", "责任单位", "Owner unit"),
    ("owner_user_id", "责任人", "Owner"),
    ("grace_days", "宽限天数", "Grace days"),
    ("status", "办理状态", "Status"),
    ("file", "文件", "File"),
    ("size", "文件大小（字节）", "Size (bytes)"),
    ("text", "诉求内容", "Problem"),
    ("raised_on", "提出日期", "Raised on"),
    ("deadline", "办结时限", "Deadline"),
    ("resolution", "办理结果", "Resolution"),
    ("resolved_on", "办结日期", "Resolved on"),
    ("chain", "产业链", "Industry chain"),
    ("segment", "链上位置", "Segment"),
    ("gap", "补链环节", "Gap to fill"),
    ("gap_note", "补链说明", "Gap note"),
    ("codes", "行业代码", "Industry codes"),
    ("keywords", "关键词", "Keywords"),
];

/// SMS templates, settings and opt-outs.
const SMS: &[(&str, &str, &str)] = &[
    ("name", "模板名称", "Template name"),
    ("body", "短信内容", "Message text"),
    ("provider_template", "平台模板编号", "Provider template id"),
    ("consent_required", "须登记同意", "Consent required"),
    ("sign_off", "落款", "Sign-off"),
    ("source", "退订方式", "Opt-out by"),
    ("note", "说明", "Note"),
    ("outcome", "处理结果", "Outcome"),
];

const SERVICES: &[(&str, &str, &str)] = &[
    ("number", "受理编号", "Number"),
    ("kind", "诉求类别", "Kind"),
    ("subject", "诉求事项", "Subject"),
    ("requester", "诉求人", "Requester"),
    ("received_on", "受理日期", "Received"),
    ("deadline", "办理期限", "Due"),
    ("limit_days", "办理时限（工作日）", "Time limit (working days)"),
    ("status", "办理状态", "Status"),
    ("days_taken", "办结用时（工作日）", "Working days taken"),
    ("body", "回复内容", "Reply"),
    ("public", "对诉求人可见", "Visible to the requester"),
    ("score", "满意度", "Satisfaction"),
    ("comment", "评价意见", "Comment"),
    ("rated_on", "评价日期", "Day rated"),
    ("days", "办理时限（工作日）", "Time limit (working days)"),
    ("name", "文件名", "File name"),
    ("size_bytes", "大小（字节）", "Size (bytes)"),
    ("sha256", "SHA-256 校验值", "SHA-256"),
];

/// Policy documents, their attachments and beneficiaries.
const POLICIES: &[(&str, &str, &str)] = &[
    ("title", "标题", "Title"),
    ("issuer", "发文机关", "Issuer"),
    ("number", "文号", "Number"),
    ("issued_on", "发文日期", "Issued on"),
    ("valid_from", "生效日期", "In force from"),
    ("valid_to", "失效日期", "In force until"),
    ("tags", "标签", "Tags"),
    ("name", "名称", "Name"),
    ("sha256", "SHA-256 校验值", "SHA-256"),
    ("kind", "类别", "Kind"),
    ("beneficiary", "受益对象", "Beneficiary"),
    ("amount_fen", "金额（分）", "Amount (fen)"),
    ("date", "日期", "Date"),
    ("note", "说明", "Note"),
];

/// The special fund, loans and the education fund.
const FUNDS: &[(&str, &str, &str)] = &[
    ("year", "年度", "Year"),
    ("budget_fen", "预算（分）", "Budget (fen)"),
    ("left_fen", "余额（分）", "Balance (fen)"),
    ("recipient", "受助对象", "Recipient"),
    ("borrower", "借款人", "Borrower"),
    ("donor", "捐赠人", "Donor"),
    ("branch", "基金分会", "Branch"),
    ("amount_fen", "金额（分）", "Amount (fen)"),
    ("date", "日期", "Date"),
    ("step", "审批环节", "Step"),
    ("reason", "原因", "Reason"),
    ("purpose", "用途", "Purpose"),
    ("policy", "政策依据", "Policy"),
    ("bank", "贷款银行", "Bank"),
    ("rate_bp", "年利率（基点）", "Rate (bp)"),
    ("subsidy_bp", "贴息（基点）", "Subsidy (bp)"),
    ("term_months", "期限（月）", "Term (months)"),
    ("plan", "还款方式", "Repayment plan"),
    ("guarantor", "担保基金", "Guarantor fund"),
    ("owed_fen", "尚欠本金（分）", "Principal owed (fen)"),
    ("principal_fen", "还款本金（分）", "Principal repaid (fen)"),
    ("size_fen", "基金规模（分）", "Fund size (fen)"),
    ("kind", "类别", "Kind"),
    ("paid_on", "到账日期", "Paid on"),
    ("note", "说明", "Note"),
];

/// The keys an action's images may hold that people read, in the order a
/// table shows them.
pub(super) fn shown_keys(action: AuditAction) -> Vec<&'static str> {
    match action.area() {
        // A fellow's unit is their village, else their township: both have
        // rows of their own.
        Area::Fellows => crate::fellows::field_names()
            .filter(|k| *k != "unit_id")
            .chain(FELLOW_TIES.iter().map(|(k, _, _)| *k))
            .collect(),
        _ => table(action).iter().map(|(k, _, _)| *k).collect(),
    }
}

fn table(action: AuditAction) -> &'static [(&'static str, &'static str, &'static str)] {
    match action.area() {
        Area::Fellows => FELLOW_TIES,
        Area::Chambers => CHAMBERS,
        Area::Users | Area::Account => USERS,
        Area::Org => ORG,
        Area::Liaison => LIAISON,
        Area::Events => EVENTS,
        Area::Campaigns => CAMPAIGNS,
        Area::Projects => PROJECTS,
        Area::Sms => SMS,
        Area::Services => SERVICES,
        Area::Funds => FUNDS,
        Area::Policies => POLICIES,
        Area::Home | Area::Audit | Area::ApiDocs => &[],
    }
}

/// The label of `key` in the images of `action`, or `None` when the key is
/// not shown to people.
pub fn field_label(action: AuditAction, key: &str, lang: Lang) -> Option<&'static str> {
    let own = table(action).iter().find(|(k, _, _)| *k == key).map(|(_, zh, en)| lang.pick(zh, en));
    match action.area() {
        Area::Fellows => crate::fellows::field_label(key, lang).or(own),
        _ => own,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shown_key_has_a_label_in_both_languages() {
        for action in AuditAction::ALL {
            for key in shown_keys(action) {
                let zh = field_label(action, key, Lang::Zh).unwrap_or_else(|| panic!("{action:?} {key}"));
                let en = field_label(action, key, Lang::En).unwrap();
                assert!(!zh.is_ascii() && en.is_ascii(), "{action:?} {key}");
            }
        }
    }

    #[test]
    fn a_key_reads_by_its_area() {
        assert_eq!(field_label(AuditAction::FellowUpdate, "name", Lang::Zh), Some("姓名"));
        assert_eq!(field_label(AuditAction::ChamberUpdate, "name", Lang::Zh), Some("名称"));
        assert_eq!(field_label(AuditAction::UserUpdate, "unit_id", Lang::Zh), Some("所属单位"));
        assert_eq!(field_label(AuditAction::FellowUpdate, "version", Lang::Zh), None);
    }
}
