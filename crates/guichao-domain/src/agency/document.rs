//! A task's documents (批复、申请材料): uploaded files kept with the task, up
//! to [`MAX_DOCUMENT_BYTES`] each. The name shown and the type served are
//! read defensively: a browser may send a whole path as the name, and a
//! type is kept only when it looks like one (`type/subtype`), so a download
//! never carries a header a client sent unchecked.

use crate::fellows::FormError;
use crate::text::TextField;

/// The largest document: 10 MB.
pub const MAX_DOCUMENT_BYTES: usize = 10 * 1024 * 1024;
/// A document's file name.
pub const DOCUMENT_NAME: TextField = TextField::line("文件名", "file name", 200).required();

/// The name to keep for an upload of `size` bytes sent as `name`: its last
/// path part, trimmed. Refused (under `file`) when empty, over
/// [`MAX_DOCUMENT_BYTES`] or unnamed.
pub fn check_document(name: &str, size: usize) -> Result<String, FormError> {
    if size == 0 {
        return Err(FormError::new(
            "file",
            "请选择要上传的文件（不能是空文件）",
            "Choose a file to upload (not empty)",
        ));
    }
    if size > MAX_DOCUMENT_BYTES {
        let mb = MAX_DOCUMENT_BYTES / 1024 / 1024;
        return Err(FormError::new(
            "file",
            format!("文件超过 {mb} MB，请压缩或拆分后再上传"),
            format!("The file is over {mb} MB; compress or split it and upload again"),
        ));
    }
    let base = name.rsplit(['/', '\\']).next().unwrap_or_default();
    DOCUMENT_NAME.check(base).map_err(|message| FormError { field: "file", message })
}

/// The content type to store for what a client sent: the type itself when
/// it is a plain `type/subtype` token (parameters dropped), else
/// `application/octet-stream`.
pub fn content_type_of(given: &str) -> String {
    let essence = given.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    let token = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&^_.+-".contains(c));
    match essence.split_once('/') {
        Some((kind, sub)) if token(kind) && token(sub) && essence.len() <= 100 => essence,
        _ => "application/octet-stream".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_named_by_its_last_path_part() {
        assert_eq!(check_document("环评批复.pdf", 10), Ok("环评批复.pdf".into()));
        assert_eq!(check_document("C:\\fakepath\\施工许可证.jpg", 10), Ok("施工许可证.jpg".into()));
        assert_eq!(check_document("../../etc/passwd", 10), Ok("passwd".into()));
        assert_eq!(check_document("dir/", 10).unwrap_err().field, "file");
        assert_eq!(check_document("a\u{202e}fdp.exe", 10).unwrap_err().field, "file");
    }

    #[test]
    fn empty_and_oversized_files_are_refused_in_words() {
        assert_eq!(check_document("a.pdf", 0).unwrap_err().message.zh, "请选择要上传的文件（不能是空文件）");
        assert!(check_document("a.pdf", MAX_DOCUMENT_BYTES).is_ok(), "exactly 10 MB is fine");
        let over = check_document("a.pdf", MAX_DOCUMENT_BYTES + 1).unwrap_err();
        assert_eq!(over.message.zh, "文件超过 10 MB，请压缩或拆分后再上传");
    }

    #[test]
    fn only_plain_content_types_are_kept() {
        assert_eq!(content_type_of("application/pdf"), "application/pdf");
        assert_eq!(content_type_of("Image/JPEG; charset=binary"), "image/jpeg");
        assert_eq!(
            content_type_of("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        );
        for bad in ["", "pdf", "text/html\r\nSet-Cookie: x", "a/b/c", "/x", "x/"] {
            assert_eq!(content_type_of(bad), "application/octet-stream", "{bad:?}");
        }
    }
}
