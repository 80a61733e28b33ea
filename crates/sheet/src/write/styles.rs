//! The one style sheet every workbook carries: a fixed set of cell formats, addressed by
//! [`Style`]. A fixed set keeps the writer stateless per cell (no style registry to grow with the
//! rows) and every export looking alike.

/// A cell format of `xl/styles.xml`; the discriminant is its index in `cellXfs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Default = 0,
    Title = 1,
    Header = 2,
    /// Number format `@`: Excel keeps what is typed into it as text (credit codes, phones).
    Text = 3,
    Integer = 4,
    /// Two decimals with thousands separators: 万元 and 亿元 columns.
    Money = 5,
    Date = 6,
    DateTime = 7,
    Percent = 8,
    /// A cell telling what went wrong (the annotated copy of an upload).
    Error = 9,
    /// A note under the title (templates: how to fill the sheet in).
    Note = 10,
}

pub const STYLES_XML: &str = concat!(
    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
    "\n",
    r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
    r#"<numFmts count="3">"#,
    r##"<numFmt numFmtId="164" formatCode="#,##0.00"/>"##,
    r#"<numFmt numFmtId="165" formatCode="yyyy\-mm\-dd"/>"#,
    r#"<numFmt numFmtId="166" formatCode="yyyy\-mm\-dd\ hh:mm"/>"#,
    r#"</numFmts>"#,
    // 等线 is the default font of Chinese Excel; charset 134 is GB2312.
    r#"<fonts count="4">"#,
    r#"<font><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>"#,
    r#"<font><b/><sz val="14"/><name val="等线"/><family val="2"/><charset val="134"/></font>"#,
    r#"<font><b/><sz val="11"/><name val="等线"/><family val="2"/><charset val="134"/></font>"#,
    r#"<font><sz val="11"/><color rgb="FFC00000"/><name val="等线"/><family val="2"/><charset val="134"/></font>"#,
    r#"</fonts>"#,
    r#"<fills count="4">"#,
    r#"<fill><patternFill patternType="none"/></fill>"#,
    r#"<fill><patternFill patternType="gray125"/></fill>"#,
    r#"<fill><patternFill patternType="solid"><fgColor rgb="FFE7EEF7"/><bgColor indexed="64"/></patternFill></fill>"#,
    r#"<fill><patternFill patternType="solid"><fgColor rgb="FFFDECEA"/><bgColor indexed="64"/></patternFill></fill>"#,
    r#"</fills>"#,
    r#"<borders count="2">"#,
    r#"<border><left/><right/><top/><bottom/><diagonal/></border>"#,
    r#"<border><left style="thin"><color rgb="FFB4C2D3"/></left><right style="thin"><color rgb="FFB4C2D3"/></right>"#,
    r#"<top style="thin"><color rgb="FFB4C2D3"/></top><bottom style="thin"><color rgb="FFB4C2D3"/></bottom><diagonal/></border>"#,
    r#"</borders>"#,
    r#"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#,
    r#"<cellXfs count="11">"#,
    r#"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#,
    r#"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#,
    r#"<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>"#,
    r#"<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#,
    r#"<xf numFmtId="49" fontId="3" fillId="3" borderId="0" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyAlignment="1"><alignment wrapText="1"/></xf>"#,
    r#"<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf>"#,
    r#"</cellXfs>"#,
    r#"<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>"#,
    r#"</styleSheet>"#
);
