//! The events that carry counts, reasons or a file name, as one sentence each
//! ("导入名册《某某.xlsx》：新增 280 人，更新 3 人"). Every action is matched by
//! name, so a new action does not compile until someone decides how it reads.

use super::AuditAction;
use crate::Lang;
use serde_json::Value;

/// The sentence for an event, or `None` when the event reads from its action
/// label and its before → after table alone. `name_of` names an id the detail
/// holds (a fellow the reader may see), or answers `None`.
pub fn summary(action: AuditAction, d: &Value, lang: Lang, name_of: impl Fn(&str) -> Option<String>) -> Option<String> {
    use AuditAction::*;
    let zh = lang == Lang::Zh;
    let n = |key: &str| d[key].as_u64().unwrap_or(0);
    let text = |key: &str| d[key].as_str().unwrap_or_default().to_string();
    let sentence = match action {
        FellowImport => {
            let parts = counts(
                lang,
                &[
                    (n("created"), "新增 {} 人", "{} added"),
                    (n("updated"), "更新 {} 人", "{} updated"),
                    (n("merged"), "合并 {} 人", "{} merged"),
                    (n("skipped"), "跳过 {} 人", "{} skipped"),
                    (n("rejected"), "未通过检查 {} 行", "{} rows refused"),
                ],
            );
            let file = text("file");
            if zh {
                format!("导入名册《{file}》：{parts}")
            } else {
                format!("Roster “{file}” imported: {parts}")
            }
        }
        FellowExport => {
            let rows = n("rows");
            match (zh, d["revealed"].as_bool().unwrap_or(false)) {
                (true, true) => format!("导出乡友 {rows} 人（含完整敏感信息）"),
                (true, false) => format!("导出乡友 {rows} 人（敏感信息已遮盖）"),
                (false, true) => format!("{rows} fellows exported with personal data shown"),
                (false, false) => format!("{rows} fellows exported, personal data masked"),
            }
        }
        FellowBulkInsert => {
            let parts = counts(
                lang,
                &[
                    (n("fellows"), "乡友 {} 人", "{} fellows"),
                    (n("companies"), "企业 {} 家", "{} companies"),
                    (n("memberships"), "商会会员 {} 条", "{} memberships"),
                    (n("roles"), "任职 {} 条", "{} roles"),
                    (n("assignments"), "联系任务 {} 条", "{} assignments"),
                ],
            );
            if zh { format!("批量写入{parts}") } else { format!("Written in bulk: {parts}") }
        }
        ChamberBulkInsert => {
            let parts = counts(
                lang,
                &[(n("chambers"), "商会 {} 个", "{} chambers"), (n("offices"), "联络处 {} 个", "{} liaison offices")],
            );
            if zh { format!("批量写入{parts}") } else { format!("Written in bulk: {parts}") }
        }
        ContactBulkInsert => {
            let parts = counts(
                lang,
                &[
                    (n("contacts"), "联系记录 {} 条", "{} contacts"),
                    (n("followups"), "跟进事项 {} 条", "{} follow-ups"),
                ],
            );
            if zh { format!("批量写入{parts}") } else { format!("Written in bulk: {parts}") }
        }
        ProjectBulkInsert => {
            let parts = counts(
                lang,
                &[
                    (n("projects"), "招商项目 {} 个", "{} projects"),
                    (n("companies"), "投资企业 {} 家", "{} companies"),
                    (n("events"), "项目进展 {} 条", "{} stage events"),
                    (n("credits"), "乡友关联 {} 条", "{} fellow credits"),
                    (n("funds"), "到位资金 {} 笔", "{} entries of funds"),
                ],
            );
            if zh { format!("批量写入{parts}") } else { format!("Written in bulk: {parts}") }
        }
        ProjectImport => {
            let parts = counts(
                lang,
                &[
                    (n("projects"), "新增项目 {} 个", "{} projects added"),
                    (n("events"), "进展 {} 条", "{} stage events"),
                    (n("credits"), "关联乡友 {} 人次", "{} fellow credits"),
                    (n("companies"), "新增企业 {} 家", "{} companies added"),
                    (n("existing"), "已有项目跳过 {} 个", "{} known projects skipped"),
                    (n("rejected"), "未通过检查 {} 行", "{} rows refused"),
                ],
            );
            let file = text("file");
            if zh {
                format!("导入项目台账《{file}》：{parts}")
            } else {
                format!("Project ledger “{file}” imported: {parts}")
            }
        }
        LoanImport => {
            let parts = counts(
                lang,
                &[
                    (n("loans"), "写入贷款 {} 笔", "{} loans written"),
                    (n("existing"), "已有合同跳过 {} 笔", "{} known contracts skipped"),
                    (n("rejected"), "未通过检查 {} 行", "{} rows refused"),
                ],
            );
            let file = text("file");
            if zh {
                format!("导入贷款台账《{file}》：{parts}")
            } else {
                format!("Loan ledger “{file}” imported: {parts}")
            }
        }
        FollowUpDone => {
            let (what, result) = (text("what"), text("result"));
            if zh { format!("{what}：{result}") } else { format!("{what}: {result}") }
        }
        UserBulkInsert => {
            if zh {
                format!("批量写入用户 {} 个", n("users"))
            } else {
                format!("{} users written in bulk", n("users"))
            }
        }
        UnitImport => {
            let (rows, created) = (n("rows"), n("created"));
            if zh {
                format!("导入单位 {rows} 行，新增 {created} 个")
            } else {
                format!("{rows} rows read, {created} units added")
            }
        }
        AuditExport => {
            if zh {
                format!("导出审计日志 {} 条", n("rows"))
            } else {
                format!("{} audit events exported", n("rows"))
            }
        }
        AuditChainKeyed => {
            if zh {
                format!("已校验并用密钥重新链接审计记录 {} 条", n("events"))
            } else {
                format!("{} audit events checked and re-linked with the key", n("events"))
            }
        }
        FellowReveal => {
            let field = crate::fellows::field_label(d["field"].as_str().unwrap_or_default(), lang)?;
            if zh { format!("查看了{field}") } else { format!("{field} shown") }
        }
        LoginFailed => match d["reason"].as_str().unwrap_or_default() {
            "unknown user" if zh => format!("用户名不存在：{}", text("username")),
            "unknown user" => format!("No such user: {}", text("username")),
            "wrong password" => {
                let locked = d["locked"].as_bool().unwrap_or(false);
                match (zh, locked) {
                    (true, true) => format!("密码错误（连续第 {} 次），账号已临时锁定", n("failures")),
                    (true, false) => format!("密码错误（连续第 {} 次）", n("failures")),
                    (false, true) => format!("Wrong password ({} in a row); account locked for a while", n("failures")),
                    (false, false) => format!("Wrong password ({} in a row)", n("failures")),
                }
            }
            "locked" => lang.pick("账号已临时锁定", "Account locked for a while").to_string(),
            "disabled" => lang.pick("账号已停用", "Account disabled").to_string(),
            "inactive" => lang.pick("账号长期未使用，已自动停用", "Account unused too long; disabled").to_string(),
            _ => return None,
        },
        UserDisableInactive => {
            let days = n("unused_days");
            if zh {
                format!("已 {days} 天未使用，自动停用")
            } else {
                format!("Unused for {days} days; disabled")
            }
        }
        UserPasswordChange | UserPasswordReset | UserUpdate | UserEnable => {
            let parts = counts(
                lang,
                &[
                    (n("sessions_ended"), "结束登录 {} 处", "{} sessions ended"),
                    (n("tokens_revoked"), "吊销令牌 {} 个", "{} tokens revoked"),
                ],
            );
            if parts.is_empty() {
                return None;
            }
            parts
        }
        TwoFactorRecoveryUse => {
            let left = n("remaining");
            if zh { format!("剩余恢复码 {left} 个") } else { format!("{left} recovery codes left") }
        }
        RoleTwoFactor => {
            let name = text("name");
            match (zh, d["required"].as_bool().unwrap_or(false)) {
                (true, true) => format!("角色《{name}》须两步验证登录"),
                (true, false) => format!("角色《{name}》不再要求两步验证"),
                (false, true) => format!("Role “{name}” now requires two-factor sign-in"),
                (false, false) => format!("Role “{name}” no longer requires two-factor sign-in"),
            }
        }
        TokenCreate => {
            let name = text("name");
            if zh { format!("令牌《{name}》") } else { format!("Token “{name}”") }
        }
        TenantCreate => format!("{}（{}）", text("name"), text("code")),
        FellowMerge | FellowUnmerge => {
            let keep = d["keep"].as_str().and_then(&name_of)?;
            match (zh, action == FellowMerge) {
                (true, true) => format!("并入乡友 {keep}"),
                (true, false) => format!("从乡友 {keep} 中分出"),
                (false, true) => format!("Merged into {keep}"),
                (false, false) => format!("Split from {keep}"),
            }
        }
        EventAttendance => {
            let parts = counts(
                lang,
                &[
                    (n("attended"), "出席乡友 {} 人", "{} fellows attended"),
                    (n("invited"), "受邀乡友 {} 人", "{} fellows invited"),
                    (n("cadres"), "干部 {} 人", "{} cadres"),
                    (n("chambers"), "商会 {} 个", "{} chambers"),
                    (n("contacts_created"), "新增联系记录 {} 条", "{} contacts recorded"),
                    (n("contacts_updated"), "更新联系记录 {} 条", "{} contacts changed"),
                    (n("contacts_removed"), "撤销联系记录 {} 条", "{} contacts withdrawn"),
                ],
            );
            if zh { format!("登记出席：{parts}") } else { format!("Attendance: {parts}") }
        }
        AgencyChecklist => {
            let kind = crate::projects::ProjectKind::parse(d["kind"].as_str().unwrap_or_default())?;
            if zh {
                format!("{}项目的代办清单", kind.label(lang))
            } else {
                format!("Checklist of {} projects", kind.label(lang))
            }
        }
        SmsQueue => {
            let parts = counts(
                lang,
                &[
                    (n("queued"), "加入队列 {} 条", "{} queued"),
                    (n("opted_out"), "已退订跳过 {} 人", "{} opted out, skipped"),
                    (n("no_phone"), "无手机号跳过 {} 人", "{} without a phone, skipped"),
                    (n("no_consent"), "未登记同意跳过 {} 人", "{} without consent, skipped"),
                    (n("already_queued"), "已在队列跳过 {} 人", "{} already queued, skipped"),
                ],
            );
            if zh { format!("短信排队：{parts}") } else { format!("SMS queue: {parts}") }
        }
        SmsSend => {
            let parts = counts(
                lang,
                &[
                    (n("handed_over"), "提交平台 {} 条", "{} handed to the provider"),
                    (n("delivered"), "已送达 {} 条", "{} delivered"),
                    (n("failed"), "失败 {} 条", "{} failed"),
                    (n("unknown"), "结果不明 {} 条", "{} of unknown outcome"),
                ],
            );
            if zh { format!("发送短信：{parts}") } else { format!("SMS run: {parts}") }
        }
        SmsReceipt => {
            let parts = counts(
                lang,
                &[
                    (n("delivered"), "送达 {} 条", "{} delivered"),
                    (n("undelivered"), "未送达 {} 条", "{} not delivered"),
                    (n("ignored"), "无对应短信 {} 条", "{} unmatched"),
                ],
            );
            if zh { format!("短信回执：{parts}") } else { format!("Delivery reports: {parts}") }
        }
        SmsBulkInsert => {
            let parts = counts(
                lang,
                &[
                    (n("messages"), "短信 {} 条", "{} messages"),
                    (n("templates"), "模板 {} 个", "{} templates"),
                    (n("opt_outs"), "退订 {} 条", "{} opt-outs"),
                ],
            );
            if zh { format!("批量写入{parts}") } else { format!("Written in bulk: {parts}") }
        }
        CampaignLaunch => {
            if zh {
                format!("启动活动，纳入乡友 {} 人", n("fellows"))
            } else {
                format!("Launched with {} fellows", n("fellows"))
            }
        }
        CampaignClose => {
            let parts = counts(
                lang,
                &[
                    (n("fellows"), "乡友 {} 人", "{} fellows"),
                    (n("ticks"), "已慰问 {} 项次", "{} touches ticked"),
                    (n("required"), "应慰问 {} 项次", "{} touches required"),
                    (n("fellows_done"), "全部完成 {} 人", "{} fellows done"),
                ],
            );
            if zh { format!("结束活动：{parts}") } else { format!("Closed: {parts}") }
        }
        CampaignExport => {
            if zh {
                format!("导出慰问台账 {} 人", n("rows"))
            } else {
                format!("{} fellows of the campaign exported", n("rows"))
            }
        }
        CampaignBulkInsert => {
            let parts = counts(
                lang,
                &[
                    (n("campaigns"), "慰问活动 {} 个", "{} campaigns"),
                    (n("fellows"), "活动乡友 {} 人次", "{} campaign fellows"),
                    (n("ticks"), "慰问登记 {} 条", "{} ticks"),
                ],
            );
            if zh { format!("批量写入{parts}") } else { format!("Written in bulk: {parts}") }
        }
        GiftReceive => {
            let (gift, unit) = (text("gift"), text("unit"));
            if zh {
                format!("{gift} 入库 {} {unit}", n("quantity"))
            } else {
                format!("{} {unit} of {gift} received", n("quantity"))
            }
        }
        GiftBatch => {
            let (gift, unit, township) = (text("gift"), text("unit"), text("township"));
            if zh {
                format!("{township}批量发放{gift}：乡友 {} 人，共 {} {unit}", n("fellows"), n("quantity"))
            } else {
                format!("{gift} handed out in {township}: {} fellows, {} {unit} in all", n("fellows"), n("quantity"))
            }
        }
        GiftBulkInsert => {
            let parts = counts(
                lang,
                &[
                    (n("gifts"), "慰问物资 {} 种", "{} gift kinds"),
                    (n("receipts"), "入库 {} 次", "{} receipts"),
                    (n("hand_outs"), "发放 {} 人次", "{} hand-outs"),
                ],
            );
            if zh { format!("批量写入{parts}") } else { format!("Written in bulk: {parts}") }
        }
        LetterPrint => {
            let parts = counts(
                lang,
                &[
                    (n("ticked"), "登记信件 {} 人", "{} fellows ticked"),
                    (n("skipped"), "已登记过跳过 {} 人", "{} already ticked, skipped"),
                ],
            );
            if zh { format!("信件标记为已打印：{parts}") } else { format!("Letters marked printed: {parts}") }
        }
        LetterUndo => {
            if zh {
                format!("撤销信件打印批次，取消登记 {} 人", n("ticks"))
            } else {
                format!("Letter batch undone: {} ticks removed", n("ticks"))
            }
        }
        LetterBulkInsert => {
            let parts = counts(
                lang,
                &[
                    (n("batches"), "打印批次 {} 个", "{} batches"),
                    (n("ticks"), "信件登记 {} 条", "{} ticks"),
                    (n("addresses"), "通信地址 {} 条", "{} addresses"),
                ],
            );
            if zh { format!("批量写入{parts}") } else { format!("Written in bulk: {parts}") }
        }
        ServiceBulkInsert => {
            let parts = counts(
                lang,
                &[
                    (n("requests"), "服务诉求 {} 件", "{} service requests"),
                    (n("steps"), "办理进程 {} 条", "{} steps"),
                    (n("replies"), "回复 {} 条", "{} replies"),
                ],
            );
            if zh { format!("批量写入{parts}") } else { format!("Written in bulk: {parts}") }
        }
        ServiceCalendar => {
            if zh {
                format!("修改节假日安排 {} 天", n("count"))
            } else {
                format!("{} days of the calendar changed", n("count"))
            }
        }
        GiftKind | GiftHandOut | GiftCancel => return None,
        LiaisonEnd if d["reason"] == "moved" => {
            lang.pick("籍贯变更，联系任务自动结束", "Home changed; the assignment ended by itself").to_string()
        }
        Login
        | Logout
        | SessionEnd
        | TokenRevoke
        | TwoFactorEnrol
        | TwoFactorReenrol
        | TwoFactorDisable
        | TwoFactorRecoveryRegenerate
        | TwoFactorReset
        | UserCreate
        | UnitCreate
        | UnitRename
        | UnitDelete
        | FellowCreate
        | FellowUpdate
        | FellowArchive
        | FellowRestore
        | FellowCompanyLink
        | FellowCompanyUnlink
        | FellowRelate
        | FellowUnrelate
        | FellowRoleAdd
        | FellowRoleEnd
        | ChamberCreate
        | ChamberUpdate
        | ChamberOfficeAdd
        | ChamberOfficeRemove
        | ChamberMemberAdd
        | ChamberMemberEnd
        | ChamberStaffAdd
        | ChamberStaffRemove
        | LiaisonAssign
        | LiaisonEnd
        | LiaisonCycle
        | ContactCreate
        | ContactUpdate
        | ContactDelete
        | EventCreate
        | EventUpdate
        | EventDelete
        | ProjectCreate
        | ProjectUpdate
        | ProjectEvent
        | ProjectFellowLink
        | ProjectFellowUnlink
        | ProjectFunds
        | ProjectRules
        | ParkParcel
        | ParkUnit
        | ParkAllocate
        | ParkRelease
        | AgencyTask
        | AgencyTaskStatus
        | AgencyDocument
        | AgencyProblem
        | AgencyProblemResolve
        | ChainCreate
        | ChainNode
        | SmsTemplate
        | SmsOptOut
        | SmsOptOutRemove
        | SmsResolve
        | SmsSettings
        | CampaignCreate
        | CampaignUpdate
        | CampaignFellowAdd
        | CampaignFellowRemove
        | CampaignTick
        | CampaignUntick
        | LetterTemplate
        | LetterTemplateDelete
        | LetterAddress
        | ServiceCreate
        | ServiceSubmit
        | ServiceMove
        | ServiceAssign
        | ServiceReply
        | ServiceRate
        | ServiceLinkFellow
        | ServiceLimits
        | ServiceDocument
        | FundBudget
        | FundGrant
        | FundGrantStep
        | LoanCreate
        | LoanRepay
        | LoanBulkInsert
        | EduBranch
        | EduDonation
        | EduDonationPaid
        | EduDisbursement
        | HouseholdCreate
        | HouseholdUpdate
        | HouseholdImport
        | EntityImport
        | PolicyCreate
        | PolicyUpdate
        | PolicyAttach
        | PolicyBeneficiary
        | PolicyBeneficiaryRemove => {
            return None;
        }
    };
    Some(sentence)
}

/// The non-zero counts, each in its words, joined as a list (the first is
/// shown even at zero, so a sentence is never empty).
fn counts(lang: Lang, items: &[(u64, &'static str, &'static str)]) -> String {
    let parts: Vec<String> = items
        .iter()
        .enumerate()
        .filter(|(i, (n, _, _))| *i == 0 || *n > 0)
        .map(|(_, (n, zh, en))| lang.pick(zh, en).replace("{}", &n.to_string()))
        .collect();
    parts.join(lang.pick("，", ", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn none(_: &str) -> Option<String> {
        None
    }

    #[test]
    fn an_import_reads_as_a_sentence_with_its_file_and_counts() {
        let d =
            json!({"file": "新墙镇乡友.xlsx", "created": 280, "updated": 3, "merged": 0, "skipped": 0, "rejected": 2});
        assert_eq!(
            summary(AuditAction::FellowImport, &d, Lang::Zh, none).unwrap(),
            "导入名册《新墙镇乡友.xlsx》：新增 280 人，更新 3 人，未通过检查 2 行"
        );
        assert_eq!(
            summary(AuditAction::FellowImport, &d, Lang::En, none).unwrap(),
            "Roster “新墙镇乡友.xlsx” imported: 280 added, 3 updated, 2 rows refused"
        );
    }

    #[test]
    fn a_loan_ledger_import_reads_with_its_counts() {
        let d = json!({"file": "贷款.xlsx", "loans": 40, "existing": 2, "rejected": 1});
        assert_eq!(
            summary(AuditAction::LoanImport, &d, Lang::Zh, none).unwrap(),
            "导入贷款台账《贷款.xlsx》：写入贷款 40 笔，已有合同跳过 2 笔，未通过检查 1 行"
        );
    }

    #[test]
    fn a_project_ledger_import_reads_with_its_counts() {
        let d = json!({"file": "台账.xlsx", "projects": 12, "events": 30, "credits": 5, "companies": 0, "existing": 2, "rejected": 1});
        assert_eq!(
            summary(AuditAction::ProjectImport, &d, Lang::Zh, none).unwrap(),
            "导入项目台账《台账.xlsx》：新增项目 12 个，进展 30 条，关联乡友 5 人次，已有项目跳过 2 个，未通过检查 1 行"
        );
        assert!(
            summary(AuditAction::ProjectImport, &d, Lang::En, none)
                .unwrap()
                .starts_with("Project ledger “台账.xlsx” imported: 12 projects added")
        );
    }

    #[test]
    fn gift_receipts_and_batches_read_with_their_counts() {
        let receipt = json!({"gift": "家乡特产礼盒", "unit": "份", "quantity": 120});
        assert_eq!(summary(AuditAction::GiftReceive, &receipt, Lang::Zh, none).unwrap(), "家乡特产礼盒 入库 120 份");
        let batch = json!({"gift": "慰问金卡", "unit": "张", "township": "新墙镇", "fellows": 14, "quantity": 14});
        assert_eq!(
            summary(AuditAction::GiftBatch, &batch, Lang::Zh, none).unwrap(),
            "新墙镇批量发放慰问金卡：乡友 14 人，共 14 张"
        );
        assert_eq!(
            summary(AuditAction::GiftBatch, &batch, Lang::En, none).unwrap(),
            "慰问金卡 handed out in 新墙镇: 14 fellows, 14 张 in all"
        );
    }

    #[test]
    fn exports_bulk_writes_and_reveals_read_as_sentences() {
        let export = json!({"rows": 12, "revealed": false, "filters": {}});
        assert_eq!(
            summary(AuditAction::FellowExport, &export, Lang::Zh, none).unwrap(),
            "导出乡友 12 人（敏感信息已遮盖）"
        );
        let bulk = json!({"chambers": 8, "offices": 0});
        assert_eq!(summary(AuditAction::ChamberBulkInsert, &bulk, Lang::Zh, none).unwrap(), "批量写入商会 8 个");
        let contacts = json!({"contacts": 12000, "followups": 30});
        assert_eq!(
            summary(AuditAction::ContactBulkInsert, &contacts, Lang::Zh, none).unwrap(),
            "批量写入联系记录 12000 条，跟进事项 30 条"
        );
        let projects = json!({"projects": 170, "companies": 150, "events": 900, "credits": 0, "funds": 300});
        assert_eq!(
            summary(AuditAction::ProjectBulkInsert, &projects, Lang::Zh, none).unwrap(),
            "批量写入招商项目 170 个，投资企业 150 家，项目进展 900 条，到位资金 300 笔"
        );
        let done = json!({"what": "寄送招商资料", "result": "已寄出"});
        assert_eq!(summary(AuditAction::FollowUpDone, &done, Lang::Zh, none).unwrap(), "寄送招商资料：已寄出");
        let reveal = json!({"field": "phone"});
        assert_eq!(summary(AuditAction::FellowReveal, &reveal, Lang::Zh, none).unwrap(), "查看了手机");
        assert_eq!(
            summary(AuditAction::AuditExport, &json!({"rows": 5}), Lang::Zh, none).unwrap(),
            "导出审计日志 5 条"
        );
    }

    #[test]
    fn a_merge_names_the_kept_fellow_only_when_the_reader_may_see_them() {
        let d = json!({"keep": "0190a0a0-0000-7000-8000-000000000001"});
        let seen = |_: &str| Some("张三".to_string());
        assert_eq!(summary(AuditAction::FellowMerge, &d, Lang::Zh, seen).unwrap(), "并入乡友 张三");
        assert_eq!(summary(AuditAction::FellowMerge, &d, Lang::Zh, none), None);
    }

    #[test]
    fn a_letter_batch_reads_with_its_counts() {
        let d = json!({"ticked": 40, "skipped": 2, "template": "春节慰问信"});
        assert_eq!(
            summary(AuditAction::LetterPrint, &d, Lang::Zh, none).unwrap(),
            "信件标记为已打印：登记信件 40 人，已登记过跳过 2 人"
        );
        assert_eq!(
            summary(AuditAction::LetterUndo, &json!({"ticks": 40}), Lang::En, none).unwrap(),
            "Letter batch undone: 40 ticks removed"
        );
    }

    #[test]
    fn no_sentence_shows_a_raw_key_or_code() {
        // Every action, with a detail holding every key the store writes: the
        // sentence is people's words, never a JSON key or a code.
        let d = json!({"file": "a.xlsx", "rows": 1, "created": 1, "fellows": 1, "chambers": 1, "users": 1,
                       "field": "phone", "reason": "wrong password", "failures": 2, "sessions_ended": 1,
                       "name": "令牌", "code": "430621", "revealed": true});
        for action in AuditAction::ALL {
            for lang in [Lang::Zh, Lang::En] {
                if let Some(s) = summary(action, &d, lang, none) {
                    for raw in ["created", "sessions_ended", "wrong password", "phone", "{}", "\""] {
                        assert!(!s.contains(raw), "{action:?} {lang:?}: {s}");
                    }
                }
            }
        }
    }
}
