//! Workbooks built part by part, for tests and the hostile-file corpus: a plain sheet (text,
//! numbers, dates, formulas with a cached value, merged regions, hidden rows) as the parts of
//! an .xlsx, and a zip of any parts — so a test can tamper with one part, or lie about a size,
//! before zipping. Not used to answer users (the writer in `crate::write` is).

use std::io::Write;

/// A cell of a crafted sheet.
#[derive(Clone, Debug)]
pub enum Value {
    Blank,
    Text(String),
    Number(f64),
    /// An Excel serial shown with a date format.
    Date(f64),
    /// A formula and the value Excel cached for it.
    Formula(String, f64),
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        if s.is_empty() { Value::Blank } else { Value::Text(s.into()) }
    }
}

impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n)
    }
}

#[derive(Clone, Debug, Default)]
pub struct Sheet {
    pub rows: Vec<Vec<Value>>,
    /// Regions such as `A1:D1`.
    pub merged: Vec<String>,
    /// 1-based row numbers hidden in Excel.
    pub hidden: Vec<u32>,
}

/// `0 → A`, `27 → AB`.
pub fn column_name(mut col: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The sheet's worksheet XML.
pub fn sheet_xml(sheet: &Sheet) -> String {
    let mut x = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#,
    );
    for (r, row) in sheet.rows.iter().enumerate() {
        let n = r + 1;
        let hidden = if sheet.hidden.contains(&(n as u32)) { r#" hidden="1""# } else { "" };
        x.push_str(&format!(r#"<row r="{n}"{hidden}>"#));
        for (c, v) in row.iter().enumerate() {
            let at = format!("{}{n}", column_name(c));
            match v {
                Value::Blank => {}
                Value::Text(t) => {
                    x.push_str(&format!(r#"<c r="{at}" t="inlineStr"><is><t>{}</t></is></c>"#, escape(t)))
                }
                Value::Number(v) => x.push_str(&format!(r#"<c r="{at}"><v>{v}</v></c>"#)),
                Value::Date(v) => x.push_str(&format!(r#"<c r="{at}" s="1"><v>{v}</v></c>"#)),
                Value::Formula(f, v) => x.push_str(&format!(r#"<c r="{at}"><f>{}</f><v>{v}</v></c>"#, escape(f))),
            }
        }
        x.push_str("</row>");
    }
    x.push_str("</sheetData>");
    if !sheet.merged.is_empty() {
        x.push_str(&format!(r#"<mergeCells count="{}">"#, sheet.merged.len()));
        for m in &sheet.merged {
            x.push_str(&format!(r#"<mergeCell ref="{m}"/>"#));
        }
        x.push_str("</mergeCells>");
    }
    x.push_str("</worksheet>");
    x
}

/// The parts of a one-sheet workbook.
pub fn parts(sheet: &Sheet) -> Vec<(String, Vec<u8>)> {
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
    let book = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
    let book_rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
    let styles = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;
    vec![
        ("[Content_Types].xml".into(), types.as_bytes().to_vec()),
        ("_rels/.rels".into(), rels.as_bytes().to_vec()),
        ("xl/workbook.xml".into(), book.as_bytes().to_vec()),
        ("xl/_rels/workbook.xml.rels".into(), book_rels.as_bytes().to_vec()),
        ("xl/styles.xml".into(), styles.as_bytes().to_vec()),
        ("xl/worksheets/sheet1.xml".into(), sheet_xml(sheet).into_bytes()),
    ]
}

/// The sheet as .xlsx bytes.
pub fn xlsx(sheet: &Sheet) -> Vec<u8> {
    zip(&parts(sheet), None)
}

/// A zip of the parts, deflated. `lie` declares a smaller inflated size for the named part
/// than it has (a zip bomb's trick against readers that trust the directory).
pub fn zip(parts: &[(String, Vec<u8>)], lie: Option<(&str, u32)>) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in parts {
        let mut enc = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = enc.write_all(data);
        let packed = enc.finish().unwrap_or_default();
        let crc = crc32fast::hash(data);
        let declared = match lie {
            Some((n, size)) if n == name => size,
            _ => data.len() as u32,
        };
        let offset = out.len() as u32;
        let header = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&8u16.to_le_bytes());
            h.extend_from_slice(&0u32.to_le_bytes());
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(packed.len() as u32).to_le_bytes());
            h.extend_from_slice(&declared.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central {
                // Comment length, disk, internal and external attributes.
                h.extend_from_slice(&[0u8; 10]);
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(&packed);
        central.extend(header(0x0201_4b50, true));
    }
    let dir_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0u8; 4]);
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&dir_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}
