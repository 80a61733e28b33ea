//! Ticket attachments: which files are accepted (judged by their leading bytes, never by the
//! name alone), how many, and the file name that is safe to send back in a download.

/// Default largest file: 10 MB.
pub const DEFAULT_MAX_BYTES: usize = 10 * 1024 * 1024;
/// At most this many files on one ticket.
pub const MAX_PER_TICKET: usize = 10;
/// Longest stored file name, in characters.
pub const MAX_NAME_CHARS: usize = 120;

/// A type the service desk accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    pub content_type: &'static str,
    pub label: &'static str,
}

const PDF: Kind = Kind { content_type: "application/pdf", label: "PDF" };
const PNG: Kind = Kind { content_type: "image/png", label: "PNG图片" };
const JPEG: Kind = Kind { content_type: "image/jpeg", label: "JPEG图片" };
const DOCX: Kind = Kind {
    content_type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    label: "Word文档",
};
const XLSX: Kind =
    Kind { content_type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", label: "Excel表格" };
const DOC: Kind = Kind { content_type: "application/msword", label: "Word文档" };
const XLS: Kind = Kind { content_type: "application/vnd.ms-excel", label: "Excel表格" };

/// What the console tells people they may upload.
pub const ALLOWED_HINT: &str = "PDF、PNG、JPEG、Word（doc/docx）、Excel（xls/xlsx）";

/// At most this many photos on one visit (走访).
pub const MAX_PHOTOS_PER_VISIT: usize = 9;
/// What a visit takes as photos.
pub const PHOTO_HINT: &str = "JPEG或PNG格式的照片";

/// A visit photo's type from its first bytes: JPEG or PNG, whatever the name says.
pub fn sniff_photo(_name: &str, bytes: &[u8]) -> Option<Kind> {
    sniff("", bytes).filter(|k| k.content_type.starts_with("image/"))
}

fn extension(name: &str) -> String {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default()
}

/// The type of a file from its first bytes. Office files are zip (OOXML) or OLE2 (legacy)
/// containers whatever they hold, so for those the extension picks between Word and Excel; a
/// container under any other name is refused.
pub fn sniff(name: &str, bytes: &[u8]) -> Option<Kind> {
    let ext = extension(name);
    if bytes.starts_with(b"%PDF-") {
        return Some(PDF);
    }
    if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        return Some(PNG);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some(JPEG);
    }
    if bytes.starts_with(&[b'P', b'K', 0x03, 0x04]) {
        return match ext.as_str() {
            "docx" => Some(DOCX),
            "xlsx" => Some(XLSX),
            _ => None,
        };
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return match ext.as_str() {
            "doc" => Some(DOC),
            "xls" => Some(XLS),
            _ => None,
        };
    }
    None
}

/// The name as stored and shown: the last path component, control characters and the
/// characters Windows forbids replaced by `_`, at most [`MAX_NAME_CHARS`] characters (the
/// extension kept). Empty when nothing is left.
pub fn clean_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("").trim();
    let cleaned: String = base
        .chars()
        .map(|c| {
            let unsafe_char = c.is_control() || crate::text::is_bidi_control(c);
            if unsafe_char || matches!(c, '<' | '>' | ':' | '"' | '|' | '?' | '*') { '_' } else { c }
        })
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c.is_whitespace()).to_owned();
    if cleaned.chars().count() <= MAX_NAME_CHARS {
        return cleaned;
    }
    let ext = extension(&cleaned);
    let keep = MAX_NAME_CHARS.saturating_sub(ext.chars().count() + 1);
    let stem: String = cleaned.chars().take(keep).collect();
    if ext.is_empty() { stem } else { format!("{stem}.{ext}") }
}

/// An ASCII-only fallback for the `filename=` parameter of Content-Disposition (the UTF-8 name
/// goes in `filename*`): letters, digits, `.`, `-`, `_`; anything else becomes `_`.
pub fn ascii_name(name: &str) -> String {
    let s: String =
        name.chars().map(|c| if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') { c } else { '_' }).collect();
    let stem = s.rsplit_once('.').map_or(s.as_str(), |(stem, _)| stem);
    if stem.chars().any(|c| c.is_ascii_alphanumeric()) { s } else { format!("attachment.{}", extension(&s)) }
}

/// RFC 5987 percent-encoding of a UTF-8 file name for `filename*=UTF-8''…`.
pub fn percent_encode(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_the_bytes() {
        assert_eq!(sniff("a.pdf", b"%PDF-1.7\n...").map(|k| k.content_type), Some("application/pdf"));
        assert_eq!(sniff("scan.bin", b"%PDF-1.4").map(|k| k.label), Some("PDF"), "the name does not matter");
        assert_eq!(
            sniff("a.png", &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0]).map(|k| k.label),
            Some("PNG图片")
        );
        assert_eq!(sniff("a.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]).map(|k| k.content_type), Some("image/jpeg"));
        assert!(sniff("tool.pdf", b"MZ\x90\x00").is_none(), "a renamed program");
        assert!(sniff("note.pdf", "纯文本".as_bytes()).is_none());
        assert!(sniff("empty.pdf", b"").is_none());
        let zip = [b'P', b'K', 3, 4, 20, 0];
        assert_eq!(sniff("报告.DOCX", &zip).map(|k| k.label), Some("Word文档"));
        assert_eq!(sniff("表.xlsx", &zip).map(|k| k.label), Some("Excel表格"));
        assert!(sniff("archive.zip", &zip).is_none(), "a zip is not an Office file");
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0];
        assert_eq!(sniff("old.doc", &ole).map(|k| k.content_type), Some("application/msword"));
        assert_eq!(sniff("old.xls", &ole).map(|k| k.content_type), Some("application/vnd.ms-excel"));
        assert!(sniff("old.msi", &ole).is_none());
    }

    #[test]
    fn photos_are_jpeg_or_png_by_their_bytes() {
        assert_eq!(sniff_photo("IMG_0001.jpg", &[0xFF, 0xD8, 0xFF, 0xE1]).map(|k| k.content_type), Some("image/jpeg"));
        assert_eq!(
            sniff_photo("x", &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]).map(|k| k.label),
            Some("PNG图片")
        );
        assert!(sniff_photo("scan.jpg", b"%PDF-1.4").is_none(), "a PDF is a file, not a photo");
        assert!(sniff_photo("a.docx", &[b'P', b'K', 3, 4]).is_none());
        assert!(sniff_photo("a.heic", b"\0\0\0\x18ftypheic").is_none());
    }

    #[test]
    fn names_are_made_safe() {
        assert_eq!(clean_name("C:\\Users\\王\\用地申请.pdf"), "用地申请.pdf");
        assert_eq!(clean_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_name("a\"b\r\n.pdf"), "a_b__.pdf");
        assert_eq!(clean_name(" .. "), "");
        let long = format!("{}.pdf", "很".repeat(300));
        let c = clean_name(&long);
        assert_eq!(c.chars().count(), MAX_NAME_CHARS);
        assert!(c.ends_with(".pdf"));
        assert_eq!(ascii_name("用地 申请 v2.pdf"), "______v2.pdf");
        assert_eq!(ascii_name("用地.pdf"), "attachment.pdf");
        assert_eq!(ascii_name("plan-2.png"), "plan-2.png");
        assert_eq!(percent_encode("用 a.pdf"), "%E7%94%A8%20a.pdf");
    }
}
