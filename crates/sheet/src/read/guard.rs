//! The checks an upload passes before calamine sees it: the zip's own directory read by hand
//! (entry count, declared sizes, compression ratio), every XML part inflated once under a cap
//! that stops at the first byte past its declared size, and scanned for a DOCTYPE or ENTITY
//! (no workbook needs one; entity expansion is the classic XML bomb). The scan also notes what
//! the reader needs that calamine does not say: which rows are hidden, and which part is which
//! sheet.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use super::{Limits, ReadError};

const LOCAL_HEADER: u32 = 0x0403_4b50;
const CENTRAL_HEADER: u32 = 0x0201_4b50;
const END_OF_DIRECTORY: u32 = 0x0605_4b50;
/// The OLE2 compound file signature: an old .xls, or an .xlsx saved with a password (Office
/// encrypts the whole package into such a file).
const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const SHEET_MAIN: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml";
/// Below this many inflated bytes an entry's ratio is not judged: tiny parts compress wildly.
const RATIO_FLOOR: u64 = 1 << 20;

struct Entry {
    name: String,
    method: u16,
    compressed: u64,
    declared: u64,
    local_offset: u64,
}

/// What the scan learnt, for the reader.
#[derive(Debug, Default)]
pub struct Facts {
    /// Hidden rows (0-based) of each worksheet part (`xl/worksheets/sheet1.xml`).
    pub hidden_rows: BTreeMap<String, BTreeSet<u32>>,
    /// Sheets in workbook order: (name, part path).
    pub sheets: Vec<(String, String)>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Checks the bytes and returns what the scan learnt, or the first reason to refuse them.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<Facts, ReadError> {
    if bytes.len() > limits.max_bytes {
        return Err(ReadError::TooLarge { max_bytes: limits.max_bytes });
    }
    if bytes.starts_with(&OLE_MAGIC) {
        return Err(ReadError::OldOrEncrypted);
    }
    if u32_at(bytes, 0) != Some(LOCAL_HEADER) {
        return Err(ReadError::NotXlsx);
    }
    let entries = directory(bytes, limits)?;
    let mut declared_total = 0u64;
    for e in &entries {
        if e.declared > limits.max_part_bytes {
            return Err(ReadError::Inflated { max_bytes: limits.max_part_bytes });
        }
        declared_total += e.declared;
        if declared_total > limits.max_total_bytes {
            return Err(ReadError::Inflated { max_bytes: limits.max_total_bytes });
        }
        if e.declared > RATIO_FLOOR && e.declared > e.compressed.saturating_mul(limits.max_ratio) {
            return Err(ReadError::Ratio { max: limits.max_ratio });
        }
    }
    let types = entries.iter().find(|e| e.name == "[Content_Types].xml").ok_or(ReadError::NotXlsx)?;
    let types = inflate_all(bytes, types, 1 << 20)?;
    let types = String::from_utf8_lossy(&types);
    if types.contains("<!") {
        return Err(ReadError::Doctype);
    }
    if !types.contains(SHEET_MAIN) {
        // A Word or PowerPoint file, or a macro workbook (.xlsm: its main part has another type).
        return Err(ReadError::NotXlsx);
    }
    let mut facts = Facts::default();
    let mut book_sheets: Vec<(String, String)> = Vec::new();
    let mut rels: BTreeMap<String, String> = BTreeMap::new();
    for e in &entries {
        if !(e.name.ends_with(".xml") || e.name.ends_with(".rels")) {
            continue;
        }
        let worksheet = e.name.starts_with("xl/worksheets/");
        let book = e.name == "xl/workbook.xml";
        let book_rels = e.name == "xl/_rels/workbook.xml.rels";
        let mut hidden = BTreeSet::new();
        inflate_scan(bytes, e, |tag| {
            if tag.starts_with(b"!DOCTYPE") || tag.starts_with(b"!ENTITY") {
                return Err(ReadError::Doctype);
            }
            if worksheet && is_element(tag, b"row") {
                let hidden_attr = attr(tag, "hidden");
                if matches!(hidden_attr.as_deref(), Some("1" | "true"))
                    && let Some(r) = attr(tag, "r").and_then(|r| r.parse::<u32>().ok())
                    && r > 0
                {
                    hidden.insert(r - 1);
                }
            } else if book && is_element(tag, b"sheet") {
                if let (Some(n), Some(id)) = (attr(tag, "name"), attr(tag, "r:id")) {
                    book_sheets.push((n, id));
                }
            } else if book_rels
                && is_element(tag, b"Relationship")
                && let (Some(id), Some(target)) = (attr(tag, "Id"), attr(tag, "Target"))
            {
                rels.insert(id, target);
            }
            Ok(())
        })?;
        if !hidden.is_empty() {
            facts.hidden_rows.insert(e.name.clone(), hidden);
        }
    }
    if !entries.iter().any(|e| e.name == "xl/workbook.xml") {
        return Err(ReadError::NotXlsx);
    }
    facts.sheets = book_sheets
        .into_iter()
        .filter_map(|(name, id)| {
            let target = rels.get(&id)?;
            let path = match target.strip_prefix('/') {
                Some(abs) => abs.to_string(),
                None => format!("xl/{target}"),
            };
            Some((name, path))
        })
        .collect();
    Ok(facts)
}

/// The central directory's entries, with the count and the directory's own bounds checked.
fn directory(bytes: &[u8], limits: &Limits) -> Result<Vec<Entry>, ReadError> {
    // The end record is in the last 22 + 65535 bytes (its comment is at most 64 KiB).
    let from = bytes.len().saturating_sub(22 + 0xFFFF);
    let eocd = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| u32_at(bytes, i) == Some(END_OF_DIRECTORY))
        .ok_or(ReadError::NotXlsx)?;
    let count = u16_at(bytes, eocd + 10).ok_or(ReadError::Corrupt)? as usize;
    let dir_size = u32_at(bytes, eocd + 12).ok_or(ReadError::Corrupt)? as usize;
    let dir_offset = u32_at(bytes, eocd + 16).ok_or(ReadError::Corrupt)? as usize;
    // 0xFFFF / 0xFFFFFFFF mean zip64, which no upload within our limits needs.
    if count == 0xFFFF || dir_offset == 0xFFFF_FFFF {
        return Err(ReadError::TooManyParts { max: limits.max_parts });
    }
    if count > limits.max_parts {
        return Err(ReadError::TooManyParts { max: limits.max_parts });
    }
    if dir_offset.checked_add(dir_size).is_none_or(|end| end > eocd) {
        return Err(ReadError::Corrupt);
    }
    let mut at = dir_offset;
    let mut out = Vec::with_capacity(count);
    for _ in 0..count {
        if u32_at(bytes, at) != Some(CENTRAL_HEADER) {
            return Err(ReadError::Corrupt);
        }
        let flags = u16_at(bytes, at + 8).ok_or(ReadError::Corrupt)?;
        let method = u16_at(bytes, at + 10).ok_or(ReadError::Corrupt)?;
        let compressed = u32_at(bytes, at + 20).ok_or(ReadError::Corrupt)? as u64;
        let declared = u32_at(bytes, at + 24).ok_or(ReadError::Corrupt)? as u64;
        let name_len = u16_at(bytes, at + 28).ok_or(ReadError::Corrupt)? as usize;
        let extra_len = u16_at(bytes, at + 30).ok_or(ReadError::Corrupt)? as usize;
        let comment_len = u16_at(bytes, at + 32).ok_or(ReadError::Corrupt)? as usize;
        let local_offset = u32_at(bytes, at + 42).ok_or(ReadError::Corrupt)? as u64;
        let name = bytes.get(at + 46..at + 46 + name_len).ok_or(ReadError::Corrupt)?;
        if flags & 1 != 0 {
            return Err(ReadError::OldOrEncrypted);
        }
        if compressed == 0xFFFF_FFFF || declared == 0xFFFF_FFFF {
            return Err(ReadError::Inflated { max_bytes: limits.max_part_bytes });
        }
        if method != 0 && method != 8 {
            return Err(ReadError::Corrupt);
        }
        out.push(Entry {
            name: String::from_utf8_lossy(name).into_owned(),
            method,
            compressed,
            declared,
            local_offset,
        });
        at += 46 + name_len + extra_len + comment_len;
    }
    Ok(out)
}

/// The entry's stored bytes, located through its local header.
fn raw<'a>(bytes: &'a [u8], e: &Entry) -> Result<&'a [u8], ReadError> {
    let at = usize::try_from(e.local_offset).map_err(|_| ReadError::Corrupt)?;
    if u32_at(bytes, at) != Some(LOCAL_HEADER) {
        return Err(ReadError::Corrupt);
    }
    let name_len = u16_at(bytes, at + 26).ok_or(ReadError::Corrupt)? as usize;
    let extra_len = u16_at(bytes, at + 28).ok_or(ReadError::Corrupt)? as usize;
    let start = at + 30 + name_len + extra_len;
    let len = usize::try_from(e.compressed).map_err(|_| ReadError::Corrupt)?;
    bytes.get(start..start.checked_add(len).ok_or(ReadError::Corrupt)?).ok_or(ReadError::Corrupt)
}

/// Inflates an entry chunk by chunk, handing each chunk on; more bytes than declared is a lie
/// that stops at once (the directory is what the limits were checked against).
fn inflate_chunks(bytes: &[u8], e: &Entry, mut f: impl FnMut(&[u8]) -> Result<(), ReadError>) -> Result<(), ReadError> {
    let data = raw(bytes, e)?;
    let mut reader: Box<dyn Read> =
        if e.method == 8 { Box::new(flate2::read::DeflateDecoder::new(data)) } else { Box::new(data) };
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = reader.read(&mut buf).map_err(|_| ReadError::Corrupt)?;
        if n == 0 {
            break;
        }
        total += n as u64;
        if total > e.declared {
            return Err(ReadError::SizeLie);
        }
        f(&buf[..n])?;
    }
    Ok(())
}

fn inflate_all(bytes: &[u8], e: &Entry, cap: u64) -> Result<Vec<u8>, ReadError> {
    if e.declared > cap {
        return Err(ReadError::Corrupt);
    }
    let mut out = Vec::new();
    inflate_chunks(bytes, e, |c| {
        out.extend_from_slice(c);
        Ok(())
    })?;
    Ok(out)
}

/// Longest tag kept for inspection; longer ones are skipped (no tag we look at is that long).
const TAG_CAP: usize = 8 * 1024;

/// Hands each markup tag's inside (`row r="3" hidden="1"`, `!DOCTYPE x`) to `on_tag`, across
/// chunk boundaries.
fn inflate_scan(
    bytes: &[u8],
    e: &Entry,
    mut on_tag: impl FnMut(&[u8]) -> Result<(), ReadError>,
) -> Result<(), ReadError> {
    let mut tag: Vec<u8> = Vec::new();
    let mut inside = false;
    inflate_chunks(bytes, e, |chunk| {
        let mut rest = chunk;
        while !rest.is_empty() {
            if inside {
                match rest.iter().position(|&b| b == b'>') {
                    Some(end) => {
                        if tag.len() + end <= TAG_CAP {
                            tag.extend_from_slice(&rest[..end]);
                            on_tag(&tag)?;
                        } else if tag.starts_with(b"!") {
                            // A declaration too long to read is refused, not skipped.
                            return Err(ReadError::Doctype);
                        }
                        tag.clear();
                        inside = false;
                        rest = &rest[end + 1..];
                    }
                    None => {
                        if tag.len() + rest.len() <= TAG_CAP {
                            tag.extend_from_slice(rest);
                        } else if tag.len() < 16 {
                            // Keep the start, enough to know what the tag was.
                            tag.extend_from_slice(&rest[..rest.len().min(16)]);
                        }
                        rest = &[];
                    }
                }
            } else {
                match rest.iter().position(|&b| b == b'<') {
                    Some(start) => {
                        inside = true;
                        rest = &rest[start + 1..];
                    }
                    None => rest = &[],
                }
            }
        }
        Ok(())
    })
}

/// Whether a tag opens the element `name` (with or without a namespace prefix).
fn is_element(tag: &[u8], name: &[u8]) -> bool {
    let local = match tag.iter().position(|&b| b == b' ' || b == b'/' || b == b'\t' || b == b'\n' || b == b'\r') {
        Some(end) => &tag[..end],
        None => tag,
    };
    let local = match local.iter().rposition(|&b| b == b':') {
        Some(colon) => &local[colon + 1..],
        None => local,
    };
    local == name
}

/// An attribute's value in a tag, with the five predefined entities replaced.
fn attr(tag: &[u8], name: &str) -> Option<String> {
    let text = std::str::from_utf8(tag).ok()?;
    let mut from = 0;
    while let Some(i) = text[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at > 0 && text.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = text[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let rest = rest[1..].trim_start();
        let quote = rest.chars().next()?;
        if quote != '"' && quote != '\'' {
            return None;
        }
        let end = rest[1..].find(quote)?;
        let raw = &rest[1..1 + end];
        return Some(
            raw.replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&"),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_and_elements() {
        let tag = br#"row r="12" spans="1:3" hidden="1" x:hidden="0""#;
        assert!(is_element(tag, b"row"));
        assert!(!is_element(b"rows a=\"1\"", b"row"));
        assert_eq!(attr(tag, "r").as_deref(), Some("12"));
        assert_eq!(attr(tag, "hidden").as_deref(), Some("1"));
        assert_eq!(attr(br#"sheet name="A&amp;B" r:id='rId1'"#, "name").as_deref(), Some("A&B"));
        assert_eq!(attr(br#"sheet name="A&amp;B" r:id='rId1'"#, "r:id").as_deref(), Some("rId1"));
    }
}
