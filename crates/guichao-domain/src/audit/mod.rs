//! What the audit chain records: every action as one enum value with the code
//! stored in the chain, its name for people in Chinese and English, and the
//! area it belongs to.
//!
//! The store takes an [`AuditAction`] to record an event, so an action cannot be
//! written without a label; pages read stored codes back with
//! [`AuditAction::parse`]. Codes are stored in hash-chained rows and must never
//! change: add a new value instead.
//!
//! Beside the actions: how an event reads for people, as a sentence for the
//! events that carry counts ([`summary`]) and as a before → after table of
//! field labels for the others ([`changes`]).

mod changes;
mod fields;
mod summary;

pub use changes::{Change, changes};
pub use fields::field_label;
pub use summary::summary;

use crate::Lang;
use crate::areas::Area;

/// Declares [`AuditAction`] from one table: variant, stored code, Chinese and
/// English label, area.
macro_rules! audit_actions {
    ($( $(#[$meta:meta])* $variant:ident = $code:literal, $zh:literal, $en:literal, $area:ident; )+) => {
        /// An action recorded in the audit chain.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum AuditAction {
            $( $(#[$meta])* $variant, )+
        }

        impl AuditAction {
            /// Every action, area by area.
            pub const ALL: [AuditAction; [$($code),+].len()] = [$(AuditAction::$variant),+];

            /// The code stored in the chain, e.g. `login.failed`.
            pub fn code(self) -> &'static str {
                match self { $(AuditAction::$variant => $code,)+ }
            }

            /// The action as a user reads it.
            pub fn label(self, lang: Lang) -> &'static str {
                match self { $(AuditAction::$variant => lang.pick($zh, $en),)+ }
            }

            /// The area whose records the action changes (or reads, for a reveal
            /// or an export).
            pub fn area(self) -> Area {
                match self { $(AuditAction::$variant => Area::$area,)+ }
            }
        }
    };
}

audit_actions! {
    Login = "login", "登录", "Sign-in", Account;
    LoginFailed = "login.failed", "登录失败", "Failed sign-in", Account;
    Logout = "logout", "退出", "Sign-out", Account;
    /// A user changed their own password.
    UserPasswordChange = "user.password_change", "修改密码", "Password changed", Account;
    /// A user ended one of their own sessions from their account page.
    SessionEnd = "session.end", "结束登录会话", "Session ended", Account;
    TokenCreate = "token.create", "创建令牌", "Token created", Account;
    TokenRevoke = "token.revoke", "吊销令牌", "Token revoked", Account;
    /// A user enrolled an authenticator app (two-factor sign-in) for the first time.
    TwoFactorEnrol = "two_factor.enrol", "启用两步验证", "Two-factor sign-in enrolled", Account;
    /// A user moved their second factor to a new app (proving the old one first).
    TwoFactorReenrol = "two_factor.reenrol", "重新绑定两步验证", "Two-factor sign-in re-enrolled", Account;
    /// A user for whom it is optional switched two-factor sign-in off.
    TwoFactorDisable = "two_factor.disable", "关闭两步验证", "Two-factor sign-in switched off", Account;
    /// A user signed in with one of their recovery codes (each works once).
    TwoFactorRecoveryUse = "two_factor.recovery_use", "使用恢复码登录", "Recovery code used", Account;
    /// A user replaced their recovery codes with ten new ones.
    TwoFactorRecoveryRegenerate =
        "two_factor.recovery_regenerate", "重新生成恢复码", "Recovery codes regenerated", Account;
    UserCreate = "user.create", "新建用户", "User created", Users;
    UserUpdate = "user.update", "修改用户", "User changed", Users;
    /// An admin (or the CLI) set another user's password.
    UserPasswordReset = "user.password_reset", "重置密码", "Password reset", Users;
    /// An admin removed a user's second factor: they enrol again (if it is
    /// required of them) at their next sign-in.
    TwoFactorReset = "two_factor.reset", "重置两步验证", "Two-factor sign-in reset", Users;
    /// An admin marked a role as requiring two-factor sign-in, or unmarked it.
    RoleTwoFactor = "role.two_factor", "设置角色两步验证要求", "Role's two-factor requirement set", Users;
    /// An account unused past the county's limit, disabled at its next sign-in.
    UserDisableInactive = "user.disable_inactive", "长期未使用自动停用账号", "Unused account disabled", Users;
    /// A disabled account enabled again by an administrator (with the edit's before and after).
    UserEnable = "user.enable", "重新启用账号", "Account enabled again", Users;
    /// Demo and benchmark users written in one transaction.
    UserBulkInsert = "user.bulk_insert", "批量写入用户", "Users written in bulk", Users;
    TenantCreate = "tenant.create", "创建县（区）", "County created", Org;
    UnitCreate = "unit.create", "新增单位", "Unit added", Org;
    UnitRename = "unit.rename", "单位改名", "Unit renamed", Org;
    UnitDelete = "unit.delete", "删除单位", "Unit removed", Org;
    UnitImport = "unit.import", "导入单位", "Units imported", Org;
    FellowCreate = "fellow.create", "登记乡友", "Fellow added", Fellows;
    FellowUpdate = "fellow.update", "修改乡友", "Fellow changed", Fellows;
    FellowArchive = "fellow.archive", "归档乡友", "Fellow archived", Fellows;
    FellowRestore = "fellow.restore", "恢复乡友", "Fellow restored", Fellows;
    FellowReveal = "fellow.reveal", "查看敏感信息", "Personal data revealed", Fellows;
    FellowMerge = "fellow.merge", "合并重复乡友", "Fellows merged", Fellows;
    FellowUnmerge = "fellow.unmerge", "撤销合并", "Merge undone", Fellows;
    FellowCompanyLink = "fellow.company_link", "关联企业", "Company linked", Fellows;
    FellowCompanyUnlink = "fellow.company_unlink", "取消关联企业", "Company unlinked", Fellows;
    FellowRelate = "fellow.relate", "添加乡友关系", "Relation added", Fellows;
    FellowUnrelate = "fellow.unrelate", "删除乡友关系", "Relation removed", Fellows;
    FellowRoleAdd = "fellow.role_add", "添加任职", "Role added", Fellows;
    FellowRoleEnd = "fellow.role_end", "结束任职", "Role ended", Fellows;
    /// A roster committed from a spreadsheet.
    FellowImport = "fellow.import", "导入乡友名册", "Roster imported", Fellows;
    FellowExport = "fellow.export", "导出乡友", "Fellows exported", Fellows;
    /// Demo and benchmark fellows written in one transaction.
    FellowBulkInsert = "fellow.bulk_insert", "批量写入乡友", "Fellows written in bulk", Fellows;
    ChamberCreate = "chamber.create", "新建商会", "Chamber created", Chambers;
    ChamberUpdate = "chamber.update", "修改商会", "Chamber changed", Chambers;
    ChamberOfficeAdd = "chamber.office_add", "新增联络处", "Liaison office added", Chambers;
    ChamberOfficeRemove = "chamber.office_remove", "撤销联络处", "Liaison office removed", Chambers;
    ChamberMemberAdd = "chamber.member_add", "加入商会", "Joined a chamber", Chambers;
    ChamberMemberEnd = "chamber.member_end", "退出商会", "Left a chamber", Chambers;
    ChamberStaffAdd = "chamber.staff_add", "指定商会联络员", "Chamber staff added", Chambers;
    ChamberStaffRemove = "chamber.staff_remove", "取消商会联络员", "Chamber staff removed", Chambers;
    /// Demo and benchmark chambers written in one transaction.
    ChamberBulkInsert = "chamber.bulk_insert", "批量写入商会", "Chambers written in bulk", Chambers;
    LiaisonAssign = "liaison.assign", "分配联系人", "Cadre assigned", Liaison;
    LiaisonEnd = "liaison.end", "结束联系任务", "Assignment ended", Liaison;
    LiaisonCycle = "liaison.cycle", "调整联系周期", "Contact cycle changed", Liaison;
    ContactCreate = "contact.create", "登记联系记录", "Contact recorded", Liaison;
    ContactUpdate = "contact.update", "修改联系记录", "Contact changed", Liaison;
    ContactDelete = "contact.delete", "删除联系记录", "Contact deleted", Liaison;
    /// Demo, benchmark and imported contacts written in one transaction.
    ContactBulkInsert = "contact.bulk_insert", "批量写入联系记录", "Contacts written in bulk", Liaison;
    FollowUpDone = "followup.done", "办结跟进事项", "Follow-up done", Liaison;
    CampaignCreate = "campaign.create", "新建慰问活动", "Campaign created", Campaigns;
    CampaignUpdate = "campaign.update", "修改慰问活动", "Campaign changed", Campaigns;
    /// The fellows frozen at launch (`detail.fellows`).
    CampaignLaunch = "campaign.launch", "启动慰问活动", "Campaign launched", Campaigns;
    /// Closed with its figures at that moment.
    CampaignClose = "campaign.close", "结束慰问活动", "Campaign closed", Campaigns;
    /// A fellow added by hand to a launched campaign.
    CampaignFellowAdd = "campaign.fellow_add", "活动增加乡友", "Fellow added to a campaign", Campaigns;
    CampaignFellowRemove = "campaign.fellow_remove", "活动移出乡友", "Fellow removed from a campaign", Campaigns;
    /// A touch ticked by hand with a note.
    CampaignTick = "campaign.tick", "登记慰问", "Touch ticked", Campaigns;
    CampaignUntick = "campaign.untick", "撤销慰问登记", "Tick removed", Campaigns;
    /// The matrix written to a spreadsheet.
    CampaignExport = "campaign.export", "导出慰问台账", "Campaign matrix exported", Campaigns;
    /// Demo and benchmark campaigns and ticks written in one transaction.
    CampaignBulkInsert = "campaign.bulk_insert", "批量写入慰问活动", "Campaigns written in bulk", Campaigns;
    /// A gift kind (慰问物资) defined for a campaign.
    GiftKind = "gift.kind", "新增慰问物资", "Gift kind added", Campaigns;
    /// Gifts received into a kind's stock, with the quantity.
    GiftReceive = "gift.receive", "慰问物资入库", "Gifts received into stock", Campaigns;
    /// A gift handed out to one fellow.
    GiftHandOut = "gift.hand_out", "发放慰问物资", "Gift handed out", Campaigns;
    /// A hand-out cancelled: its tick removed, its quantity back in stock.
    GiftCancel = "gift.cancel", "撤销物资发放", "Gift hand-out cancelled", Campaigns;
    /// One gift to every fellow of a township still without one, with counts.
    GiftBatch = "gift.batch", "按乡镇批量发放慰问物资", "Gifts handed out to a township", Campaigns;
    /// Demo gifts of a campaign written in one transaction.
    GiftBulkInsert = "gift.bulk_insert", "批量写入慰问物资", "Gifts written in bulk", Campaigns;
    LetterTemplate = "letters.template", "保存信件模板", "Letter template saved", Campaigns;
    LetterTemplateDelete = "letters.template_delete", "删除信件模板", "Letter template deleted", Campaigns;
    /// A fellow's salutation, postal address and postcode for letters.
    LetterAddress = "letters.address", "修改乡友通信信息", "Fellow's mailing details changed", Campaigns;
    /// A batch of letters marked printed, ticking the letter column, with counts.
    LetterPrint = "letters.print", "信件标记为已打印", "Letters marked printed", Campaigns;
    /// A printed batch taken back, with its ticks.
    LetterUndo = "letters.undo", "撤销信件打印批次", "Letter batch undone", Campaigns;
    /// Demo letter templates, addresses and batches written in one transaction.
    LetterBulkInsert = "letters.bulk_insert", "批量写入慰问信件", "Letters written in bulk", Campaigns;
    EventCreate = "event.create", "新建活动", "Event created", Events;
    EventUpdate = "event.update", "修改活动", "Event changed", Events;
    EventDelete = "event.delete", "删除活动", "Event deleted", Events;
    /// Who attended or was invited, set as a whole.
    EventAttendance = "event.attendance", "登记活动出席", "Event attendance set", Events;
    ProjectCreate = "project.create", "新建招商项目", "Project created", Projects;
    ProjectUpdate = "project.update", "修改招商项目", "Project changed", Projects;
    /// A stage event: progress, a drop, or a correction of an earlier event.
    ProjectEvent = "project.event", "登记项目进展", "Project stage recorded", Projects;
    ProjectFellowLink = "project.fellow_link", "关联项目乡友", "Fellow credited on a project", Projects;
    ProjectFellowUnlink = "project.fellow_unlink", "取消关联项目乡友", "Fellow credit removed", Projects;
    ProjectFunds = "project.funds", "登记到位资金", "Funds in place recorded", Projects;
    /// The county's counting rules for its project figures.
    ProjectRules = "project.rules", "修改项目统计口径", "Project counting rules changed", Projects;
    /// Demo and benchmark projects written in one transaction.
    ProjectBulkInsert = "project.bulk_insert", "批量写入招商项目", "Projects written in bulk", Projects;
    /// A project ledger (项目台账) committed from a spreadsheet.
    ProjectImport = "project.import", "导入项目台账", "Project ledger imported", Projects;
    ParkParcel = "park.parcel", "登记园区地块", "Park parcel added", Projects;
    ParkUnit = "park.unit", "登记标准厂房", "Factory unit added", Projects;
    /// A parcel or a factory unit allocated to a project.
    ParkAllocate = "park.allocate", "分配园区用地或厂房", "Park site allocated", Projects;
    /// A held allocation closed on a day.
    ParkRelease = "park.release", "释放园区用地或厂房", "Park site released", Projects;
    ChainCreate = "chain.create", "新建产业链", "Industry chain created", Projects;
    /// A node of a chain added, changed or removed (`detail.op`).
    ChainNode = "chain.node", "维护产业链环节", "Chain node changed", Projects;
    /// The audit log itself, written to a spreadsheet.
    AuditExport = "audit.export", "导出审计日志", "Audit log exported", Audit;
    /// A chain written before the chain key, checked and re-linked with the
    /// key, with the count of events and the old head.
    AuditChainKeyed = "audit.chain_keyed", "审计链升级为密钥校验", "Audit chain keyed", Audit;
    /// A county's checklist template of a project kind, saved whole.
    AgencyChecklist = "agency.checklist", "修改代办清单", "Agency checklist changed", Projects;
    /// Agency tasks added to a project, one by hand or a checklist's at once.
    AgencyTask = "agency.task", "添加代办事项", "Agency tasks added", Projects;
    AgencyTaskStatus = "agency.task_status", "登记代办进展", "Agency task status recorded", Projects;
    AgencyDocument = "agency.document", "上传代办材料", "Agency document uploaded", Projects;
    AgencyProblem = "agency.problem", "登记企业诉求", "Enterprise problem raised", Projects;
    AgencyProblemResolve = "agency.problem_resolve", "办结企业诉求", "Enterprise problem resolved", Projects;
    SmsTemplate = "sms.template", "保存短信模板", "SMS template saved", Sms;
    /// Messages queued for fellows in one transaction, with counts.
    SmsQueue = "sms.queue", "短信加入发送队列", "SMS queued", Sms;
    /// One run of the sender, with counts.
    SmsSend = "sms.send", "发送短信", "SMS sent", Sms;
    SmsOptOut = "sms.opt_out", "登记短信退订", "SMS opt-out recorded", Sms;
    SmsOptOutRemove = "sms.opt_out_remove", "撤销短信退订", "SMS opt-out withdrawn", Sms;
    /// A message left `sending` closed by a person as sent or not sent.
    SmsResolve = "sms.resolve", "处理结果不明的短信", "SMS of unknown outcome closed", Sms;
    SmsSettings = "sms.settings", "修改短信设置", "SMS settings changed", Sms;
    /// Delivery reports from the provider, with counts.
    SmsReceipt = "sms.receipt", "登记短信回执", "SMS delivery reports recorded", Sms;
    /// Demo messages written in one transaction.
    SmsBulkInsert = "sms.bulk_insert", "批量写入短信", "SMS written in bulk", Sms;
    /// A service request recorded by staff.
    ServiceCreate = "service.create", "登记服务诉求", "Service request recorded", Services;
    /// A request sent through the public form (no account: the actor is named 公众).
    ServiceSubmit = "service.submit", "群众在线提交诉求", "Service request sent from the public form", Services;
    /// A step of a request's status trail.
    ServiceMove = "service.move", "登记诉求办理进程", "Service request step recorded", Services;
    /// The handling unit or the assignee of a request changed.
    ServiceAssign = "service.assign", "转办诉求", "Service request reassigned", Services;
    ServiceReply = "service.reply", "回复服务诉求", "Service request replied to", Services;
    ServiceRate = "service.rate", "登记诉求满意度", "Service satisfaction recorded", Services;
    /// A file kept with a request, with its name, size and SHA-256.
    ServiceDocument = "service.document", "上传诉求材料", "Service request document uploaded", Services;
    /// A returnee's request tied to the fellow registered for them.
    ServiceLinkFellow = "service.link_fellow", "诉求人登记为乡友", "Requester registered as a fellow", Services;
    ServiceLimits = "service.limits", "修改诉求办理时限", "Service time limits changed", Services;
    /// Holidays and make-up working days of the county's calendar.
    ServiceCalendar = "service.calendar", "修改节假日安排", "Holiday calendar changed", Services;
    /// Demo and benchmark requests written in one transaction.
    ServiceBulkInsert = "service.bulk_insert", "批量写入服务诉求", "Service requests written in bulk", Services;
    /// A year's budget of the special fund set, with before and after.
    FundBudget = "fund.budget", "设定专项资金年度预算", "Special fund budget set", Funds;
    /// A grant of the special fund applied for.
    FundGrant = "fund.grant", "登记专项资金申请", "Special fund grant applied for", Funds;
    /// A grant's approval step, with the year's balance before and after.
    FundGrantStep = "fund.grant_step", "登记专项资金审批", "Special fund grant step recorded", Funds;
    LoanCreate = "loan.create", "登记创业担保贷款", "Guarantee loan recorded", Funds;
    /// A repayment of a loan, with the principal owed before and after.
    LoanRepay = "loan.repay", "登记贷款还款", "Loan repayment recorded", Funds;
    /// Demo loans written in one transaction, with counts.
    LoanBulkInsert = "loan.bulk_insert", "批量写入创业担保贷款", "Loans written in bulk", Funds;
    /// A bank's loan ledger committed from a spreadsheet, with counts.
    LoanImport = "loan.import", "导入银行贷款台账", "Bank loan ledger imported", Funds;
    /// A "211" household recorded (after) or corrected (before and after).
    HouseholdCreate = "household.create", "登记211户", "211 household recorded", Funds;
    HouseholdUpdate = "household.update", "修改211户", "211 household updated", Funds;
    /// Households written in one transaction (the demo or an import), with counts.
    HouseholdImport = "household.import", "导入211户名册", "211 households imported", Funds;
    /// A year's new market entities written (an import or the demo), with counts.
    EntityImport = "entity.import", "导入新登记市场主体", "New market entities imported", Funds;
    /// The county education fund or a township branch opened.
    EduBranch = "edu.branch", "设立教育基金分会", "Education fund branch opened", Funds;
    /// A donation pledged to the education fund.
    EduDonation = "edu.donation", "登记教育基金捐赠", "Education fund donation recorded", Funds;
    /// A pledged donation paid in, with the fund's size before and after.
    EduDonationPaid = "edu.donation_paid", "登记捐赠到账", "Donation paid in", Funds;
    /// A scholarship or award paid out, with the fund's size before and after.
    EduDisbursement = "edu.disbursement", "教育基金支出", "Education fund paid out", Funds;
    /// A policy document recorded.
    PolicyCreate = "policy.create", "登记政策文件", "Policy recorded", Policies;
    /// A policy document's fields changed, with before and after.
    PolicyUpdate = "policy.update", "修改政策文件", "Policy changed", Policies;
    /// A file attached to a policy, with its SHA-256.
    PolicyAttach = "policy.attach", "上传政策附件", "Policy attachment uploaded", Policies;
    /// A project, fellow or company recorded as benefiting from a policy.
    PolicyBeneficiary = "policy.beneficiary", "登记政策受益对象", "Policy beneficiary recorded", Policies;
    /// A beneficiary taken off a policy, with what it held before.
    PolicyBeneficiaryRemove = "policy.beneficiary_remove", "移除政策受益对象", "Policy beneficiary removed", Policies;
}

impl AuditAction {
    /// Reads a stored code; anything else is `None`.
    pub fn parse(code: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.code() == code)
    }

    /// A stored code as a user reads it: its label, or a generic one when the
    /// code is unknown (a row of an older or newer version still shows, and no
    /// raw code ever does).
    pub fn label_of(code: &str, lang: Lang) -> &'static str {
        AuditAction::parse(code).map_or(lang.pick("其他操作", "Other action"), |a| a.label(lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn codes_are_unique_and_round_trip() {
        let codes: HashSet<&str> = AuditAction::ALL.iter().map(|a| a.code()).collect();
        assert_eq!(codes.len(), AuditAction::ALL.len());
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.code()), Some(action));
        }
        assert_eq!(AuditAction::parse("fellow.delete"), None);
        assert_eq!(AuditAction::parse(""), None);
    }

    #[test]
    fn stored_codes_never_change() {
        // Rows already in the chain carry these codes (and hash them): renaming
        // one would leave old rows unnamed and unfilterable.
        // Adding codes is fine; every code here must still be read.
        for code in [
            "login",
            "login.failed",
            "logout",
            "user.password_change",
            "token.create",
            "token.revoke",
            "user.create",
            "user.update",
            "user.password_reset",
            "user.bulk_insert",
            "tenant.create",
            "unit.create",
            "unit.rename",
            "unit.delete",
            "unit.import",
            "fellow.create",
            "fellow.update",
            "fellow.archive",
            "fellow.restore",
            "fellow.reveal",
            "fellow.merge",
            "fellow.unmerge",
            "fellow.company_link",
            "fellow.company_unlink",
            "fellow.relate",
            "fellow.unrelate",
            "fellow.role_add",
            "fellow.role_end",
            "fellow.import",
            "fellow.export",
            "fellow.bulk_insert",
            "chamber.create",
            "chamber.update",
            "chamber.office_add",
            "chamber.office_remove",
            "chamber.member_add",
            "chamber.member_end",
            "chamber.staff_add",
            "chamber.staff_remove",
            "chamber.bulk_insert",
            "liaison.assign",
            "liaison.end",
            "liaison.cycle",
            "contact.create",
            "contact.update",
            "contact.delete",
            "contact.bulk_insert",
            "followup.done",
            "event.create",
            "campaign.create",
            "campaign.update",
            "campaign.launch",
            "campaign.close",
            "campaign.fellow_add",
            "campaign.fellow_remove",
            "campaign.tick",
            "campaign.untick",
            "campaign.export",
            "campaign.bulk_insert",
            "event.update",
            "event.delete",
            "event.attendance",
            "project.create",
            "project.event",
            "project.fellow_link",
            "project.fellow_unlink",
            "project.funds",
            "project.rules",
            "project.update",
            "project.bulk_insert",
            "project.import",
            "park.parcel",
            "park.unit",
            "park.allocate",
            "park.release",
            "agency.checklist",
            "agency.task",
            "agency.task_status",
            "agency.document",
            "agency.problem",
            "agency.problem_resolve",
            "chain.create",
            "chain.node",
            "audit.export",
            "sms.template",
            "sms.queue",
            "sms.send",
            "sms.opt_out",
            "sms.opt_out_remove",
            "sms.resolve",
            "sms.settings",
            "sms.bulk_insert",
            "sms.receipt",
            "gift.kind",
            "gift.receive",
            "gift.hand_out",
            "gift.cancel",
            "gift.batch",
            "gift.bulk_insert",
        ] {
            assert!(AuditAction::parse(code).is_some(), "{code} is no longer read");
        }
    }

    #[test]
    fn every_action_has_a_label_in_both_languages() {
        for action in AuditAction::ALL {
            let (zh, en) = (action.label(Lang::Zh), action.label(Lang::En));
            assert!(!zh.trim().is_empty() && !en.trim().is_empty(), "{action:?}");
            assert!(!zh.is_ascii(), "{action:?}: the Chinese label is Chinese");
            assert_ne!(zh, en, "{action:?}");
        }
    }

    #[test]
    fn labels_are_distinct() {
        // Two actions with one label could not be told apart in the filter.
        for lang in [Lang::Zh, Lang::En] {
            let labels: HashSet<&str> = AuditAction::ALL.iter().map(|a| a.label(lang)).collect();
            assert_eq!(labels.len(), AuditAction::ALL.len(), "{lang:?}");
        }
    }

    #[test]
    fn unknown_codes_show_a_generic_label() {
        assert_eq!(AuditAction::label_of("chamber.create", Lang::Zh), "新建商会");
        assert_eq!(AuditAction::label_of("something.new", Lang::Zh), "其他操作");
        assert_eq!(AuditAction::label_of("something.new", Lang::En), "Other action");
    }
}
