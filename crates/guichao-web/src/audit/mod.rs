//! The audit log for admins: a page and `/api/v1/audit`.

pub mod api;
mod pages;

pub use pages::routes;

/// The actions recorded, with their names for people.
pub const ACTIONS: &[(&str, &str, &str)] = &[
    ("login", "登录", "Sign-in"),
    ("login.failed", "登录失败", "Failed sign-in"),
    ("logout", "退出", "Sign-out"),
    ("user.create", "新建用户", "User created"),
    ("user.update", "修改用户", "User changed"),
    ("user.password_reset", "重置密码", "Password reset"),
    ("user.password_change", "修改密码", "Password changed"),
    ("token.create", "创建令牌", "Token created"),
    ("token.revoke", "吊销令牌", "Token revoked"),
    ("unit.create", "新增单位", "Unit added"),
    ("unit.rename", "单位改名", "Unit renamed"),
    ("unit.delete", "删除单位", "Unit removed"),
    ("unit.import", "导入单位", "Units imported"),
    ("tenant.create", "创建县（区）", "County created"),
    ("fellow.create", "登记乡友", "Fellow added"),
    ("fellow.update", "修改乡友", "Fellow changed"),
    ("fellow.archive", "归档乡友", "Fellow archived"),
    ("fellow.restore", "恢复乡友", "Fellow restored"),
    ("fellow.reveal", "查看敏感信息", "Personal data revealed"),
    ("fellow.merge", "合并重复乡友", "Fellows merged"),
    ("fellow.unmerge", "撤销合并", "Merge undone"),
    ("fellow.company_link", "关联企业", "Company linked"),
    ("fellow.company_unlink", "取消关联企业", "Company unlinked"),
    ("fellow.relate", "添加乡友关系", "Relation added"),
    ("fellow.unrelate", "删除乡友关系", "Relation removed"),
    ("fellow.role_add", "添加任职", "Role added"),
    ("fellow.role_end", "结束任职", "Role ended"),
    ("fellow.bulk_insert", "批量写入乡友", "Fellows written in bulk"),
];

pub fn action_label(action: &str, lang: guichao_domain::Lang) -> String {
    ACTIONS
        .iter()
        .find(|(code, ..)| *code == action)
        .map(|(_, zh, en)| lang.pick(zh, en).to_string())
        .unwrap_or_else(|| action.to_string())
}
