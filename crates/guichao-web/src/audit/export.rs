//! The audit log's xlsx: the page's readable columns, one event a row.

use super::rows::Readable;
use crate::error::AppError;
use guichao_domain::Lang;

/// The workbook of `rows`, with headers in `lang`.
pub fn workbook(rows: impl Iterator<Item = Readable>, lang: Lang) -> Result<Vec<u8>, AppError> {
    let headers = [
        lang.pick("序号", "No."),
        lang.pick("时间", "Time"),
        lang.pick("操作人", "Who"),
        lang.pick("所属单位", "Unit"),
        lang.pick("操作", "Action"),
        lang.pick("对象", "Record"),
        lang.pick("详情", "Details"),
        lang.pick("地址", "Address"),
    ];
    let rows = rows.map(|r| {
        let detail = r.detail_text(lang);
        [r.seq.to_string(), r.at, r.who, r.unit, r.action, r.object, detail, r.ip]
    });
    guichao_sheets::audit_workbook(lang.pick("审计日志", "Audit log"), &headers, rows).map_err(AppError::internal)
}
