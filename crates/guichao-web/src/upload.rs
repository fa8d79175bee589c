//! Reading a spreadsheet upload, shared by the import pages (fellow rosters,
//! contact logs): a multipart form with one `file` field and a few plain
//! fields, and the ways it fails before any sheet is read, each with the
//! words the clerk sees and the status the page answers with; and the
//! check's rejected rows, a page at a time, on the import's own page; and
//! the one `file` of a document upload (service documents, policy attachments).

use crate::error::AppError;
use crate::list::{ListArgs, ListNav, Order, page_number};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Multipart, Query};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use guichao_domain::Lang;
use guichao_domain::agency::{MAX_DOCUMENT_BYTES, check_document};
use guichao_domain::fellows::FormError;
use guichao_domain::paging::Paging;

/// The largest upload: about 500,000 rows of a typical roster as xlsx. Its
/// routes lift the app's body limit to this (`DefaultBodyLimit`).
pub const MAX_UPLOAD: usize = 50 * 1024 * 1024;

/// An upload as sent: the file and the other fields as text.
pub struct UploadForm {
    pub file_name: String,
    pub bytes: Vec<u8>,
    fields: Vec<(String, String)>,
}

impl UploadForm {
    /// The text of a plain field, if sent.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// Whether a plain field (a ticked box) was sent.
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }
}

/// Why an upload cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UploadFault {
    /// No file chosen, or a file of zero bytes (its name, if it had one).
    Empty(Option<String>),
    TooLarge,
    /// The form itself is malformed (a cut-off or hand-made request).
    Unreadable,
}

impl UploadFault {
    pub fn status(&self) -> StatusCode {
        match self {
            UploadFault::Empty(_) => StatusCode::UNPROCESSABLE_ENTITY,
            UploadFault::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            UploadFault::Unreadable => StatusCode::BAD_REQUEST,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let choose = lang.pick("请选择要导入的文件（xlsx、xls 或 csv）", "Choose a file to import (xlsx, xls or csv)");
        match self {
            UploadFault::Empty(None) => choose.to_string(),
            UploadFault::Empty(Some(name)) => match lang {
                Lang::Zh => format!("所选文件“{name}”是空的（0 字节）：{choose}"),
                Lang::En => format!("The file {name:?} is empty (0 bytes). {choose}"),
            },
            UploadFault::TooLarge => {
                let mb = MAX_UPLOAD / 1024 / 1024;
                match lang {
                    Lang::Zh => format!("文件超过 {mb} MB，请按乡镇拆分后分批导入"),
                    Lang::En => format!("The file is over {mb} MB; split it by township and import the parts"),
                }
            }
            UploadFault::Unreadable => lang
                .pick("上传的内容无法读取，请重新选择文件", "The upload could not be read; choose the file again")
                .into(),
        }
    }
}

/// Reads the whole form: the `file` field's name and bytes, and every other field as text.
pub async fn read(mut multipart: Multipart) -> Result<UploadForm, UploadFault> {
    let fault = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE { UploadFault::TooLarge } else { UploadFault::Unreadable }
    };
    let (mut file, mut fields) = (None, Vec::new());
    while let Some(field) = multipart.next_field().await.map_err(fault)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            let file_name = field.file_name().unwrap_or_default().trim().to_string();
            file = Some((file_name, field.bytes().await.map_err(fault)?.to_vec()));
        } else {
            fields.push((name, field.text().await.map_err(fault)?));
        }
    }
    match file {
        Some((file_name, bytes)) if !bytes.is_empty() => {
            let file_name = if file_name.is_empty() { "upload".to_string() } else { file_name };
            Ok(UploadForm { file_name, bytes, fields })
        }
        Some((name, _)) => Err(UploadFault::Empty(Some(name).filter(|n| !n.is_empty()))),
        None => Err(UploadFault::Empty(None)),
    }
}

/// A stored document (a service request's, a project's, a policy's
/// attachment) as a download in the type it was stored with, never shown
/// inline: it is someone's file, not a page of ours.
pub fn stored_file(name: &str, content_type: &str, bytes: Vec<u8>) -> Result<Response, AppError> {
    let disposition = format!("attachment; filename*=UTF-8''{}", urlencoding::encode(name));
    let content_type =
        HeaderValue::from_str(content_type).unwrap_or_else(|_| HeaderValue::from_static("application/octet-stream"));
    let disposition = HeaderValue::from_str(&disposition).map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
        ],
        bytes,
    )
        .into_response())
}

/// What a route taking one document (a service request's document, a
/// policy's attachment) lets a request carry: the file and the form around it.
pub const DOCUMENT_BODY_LIMIT: usize = MAX_DOCUMENT_BYTES + 64 * 1024;

/// The `file` field of a document upload: its name, type and bytes, or the
/// refusal under `file` (nothing chosen, over the documents' limit, unreadable).
pub async fn read_document(mut multipart: Multipart) -> Result<(String, String, Vec<u8>), FormError> {
    let fault = |e: axum::extract::multipart::MultipartError| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            check_document("file", MAX_DOCUMENT_BYTES + 1).expect_err("over the limit")
        } else {
            FormError::new(
                "file",
                "上传的内容无法读取，请重新选择文件",
                "The upload could not be read; choose the file again",
            )
        }
    };
    while let Some(field) = multipart.next_field().await.map_err(fault)? {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or_default().to_string();
            let content_type = field.content_type().unwrap_or_default().to_string();
            let bytes = field.bytes().await.map_err(fault)?.to_vec();
            return Ok((name, content_type, bytes));
        }
    }
    Err(check_document("", 0).expect_err("an empty upload"))
}

/// Rejected rows a page of an import's page lists (the list building block
/// pages through all; all are in the error file).
const REJECTED_PAGE: u64 = 50;
/// The rejected rows are in file order, the one order a clerk fixing the file needs.
const REJECTED_SORTS: &[&str] = &["row"];

/// The page of rejected rows an import's page was asked for.
#[derive(Debug, Clone, Copy)]
pub struct RejectedPage {
    order: Order,
    page: u64,
}

impl RejectedPage {
    /// Reads the page's query; a bad one is refused with a field error.
    pub fn parse(args: Result<Query<ListArgs>, QueryRejection>) -> Result<RejectedPage, AppError> {
        let Query(args) = args.map_err(|_| AppError::invalid("查询参数有误", "Bad query"))?;
        Ok(RejectedPage { order: Order::parse(&args.sort, &args.dir, REJECTED_SORTS)?, page: page_number(&args.page)? })
    }

    /// The navigation over `rejected` rows of `file_name` at `path`; none without any.
    pub fn nav(self, path: String, file_name: &str, rejected: usize, lang: Lang) -> Option<ListNav> {
        (rejected > 0).then(|| {
            let paging = Paging::new(self.page, REJECTED_PAGE, rejected as u64);
            let caption = format!("{file_name}{}", lang.pick(" · 有误的行", " · rejected rows"));
            ListNav::new(path, vec![], REJECTED_SORTS, self.order, paging).with_caption(caption)
        })
    }
}

/// The rows of `all` that `nav` shows.
pub fn shown<'a, T>(all: &'a [T], nav: Option<&ListNav>) -> &'a [T] {
    let Some((first, last)) = nav.and_then(ListNav::rows) else { return &[] };
    &all[(first as usize - 1).min(all.len())..(last as usize).min(all.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fault_says_what_to_do_in_both_languages() {
        let empty = UploadFault::Empty(Some("台账.csv".into()));
        assert_eq!(
            empty.message(Lang::Zh),
            "所选文件“台账.csv”是空的（0 字节）：请选择要导入的文件（xlsx、xls 或 csv）"
        );
        assert!(UploadFault::TooLarge.message(Lang::Zh).contains("50 MB"));
        assert!(UploadFault::TooLarge.message(Lang::En).contains("50 MB"));
        assert_eq!(UploadFault::Empty(None).status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(UploadFault::Unreadable.status(), StatusCode::BAD_REQUEST);
    }
}
