//! A streaming .xlsx writer: rows go out as they come, in constant memory (decision 0041).
//!
//! Each sheet is written as one deflated zip entry while its rows arrive; the parts that need
//! to know every sheet (workbook, content types, defined names) are written at the end, which
//! a zip allows. Cells are typed by their column: text columns are stored as text with the `@`
//! format (an 18-digit credit code stays a code, not 9.13E+17), money as a number in the
//! column's unit (万元 or 亿元) with a two-decimal format, dates as date serials.

mod styles;
mod zip;

use std::fmt::Write as _;
use std::io::{self, Write};

use chrono::{NaiveDate, NaiveDateTime};

pub use styles::Style;

/// Excel's row limit; a sheet past it would not open.
pub const MAX_ROWS: u32 = 1_048_576;
pub const CONTENT_TYPE: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("writing the workbook: {0}")]
    Io(#[from] io::Error),
    #[error("a sheet holds at most {MAX_ROWS} rows")]
    TooManyRows,
    #[error("a row was written with no sheet started")]
    NoSheet,
}

pub type WriteResult<T> = Result<T, WriteError>;

/// The unit a money column shows; values arrive in 分.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    Yuan,
    Wan,
    Yi,
}

impl Unit {
    fn fen(self) -> f64 {
        match self {
            Unit::Yuan => 100.0,
            Unit::Wan => 1_000_000.0,
            Unit::Yi => 10_000_000_000.0,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Unit::Yuan => "元",
            Unit::Wan => "万元",
            Unit::Yi => "亿元",
        }
    }
}

/// What a column holds, which decides its cells' format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    /// A figure with decimals, shown with two.
    Decimal,
    Money(Unit),
    Date,
    DateTime,
    /// A ratio (0.25 shows as 25.00%).
    Percent,
}

impl Kind {
    fn style(self) -> Style {
        match self {
            Kind::Text => Style::Text,
            Kind::Integer => Style::Integer,
            Kind::Decimal | Kind::Money(_) => Style::Money,
            Kind::Date => Style::Date,
            Kind::DateTime => Style::DateTime,
            Kind::Percent => Style::Percent,
        }
    }
    /// A width that fits the kind's usual values, in Excel's character units.
    fn width(self) -> f64 {
        match self {
            Kind::Text => 16.0,
            Kind::Integer | Kind::Percent => 10.0,
            Kind::Decimal | Kind::Money(_) => 14.0,
            Kind::Date => 12.0,
            Kind::DateTime => 17.0,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Column {
    pub header: String,
    pub kind: Kind,
    /// In Excel's character units (a Chinese character is two); `None` fits the kind and header.
    pub width: Option<f64>,
}

impl Column {
    pub fn new(header: impl Into<String>, kind: Kind) -> Column {
        let mut header = header.into();
        if let Kind::Money(unit) = kind {
            let _ = write!(header, "（{}）", unit.label());
        }
        Column { header, kind, width: None }
    }
    pub fn text(header: impl Into<String>) -> Column {
        Column::new(header, Kind::Text)
    }
    pub fn width(mut self, width: f64) -> Column {
        self.width = Some(width);
        self
    }
    fn shown_width(&self) -> f64 {
        self.width.unwrap_or_else(|| self.kind.width().max(display_width(&self.header) as f64 + 2.0)).min(80.0)
    }
}

/// One cell's value; its column decides how it looks.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Nothing behind the figure: an empty cell, never 0.
    Empty,
    Text(String),
    Int(i64),
    /// Money in 分, written in the column's unit.
    Fen(i64),
    Number(f64),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_owned())
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Value {
        v.map_or(Value::Empty, Into::into)
    }
}
impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}
impl From<i32> for Value {
    fn from(n: i32) -> Value {
        Value::Int(n.into())
    }
}
impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Number(n)
    }
}
impl From<NaiveDate> for Value {
    fn from(d: NaiveDate) -> Value {
        Value::Date(d)
    }
}
impl From<NaiveDateTime> for Value {
    fn from(d: NaiveDateTime) -> Value {
        Value::DateTime(d)
    }
}

/// A dropdown on a column's data cells, its choices a range of another sheet (templates).
#[derive(Clone, Debug)]
pub struct ListChoice {
    pub column: usize,
    /// A range formula such as `选项!$A$2:$A$12`.
    pub source: String,
    /// How many data rows carry the dropdown.
    pub rows: u32,
}

/// A note shown when the header cell is selected (Excel's input message): how to fill a column.
#[derive(Clone, Debug)]
pub struct HeaderNote {
    pub column: usize,
    pub title: String,
    pub text: String,
}

/// A sheet's layout: its name, the title row (what and when), an optional note row, the columns.
#[derive(Clone, Debug, Default)]
pub struct SheetSpec {
    pub name: String,
    pub title: Option<String>,
    pub note: Option<String>,
    pub columns: Vec<Column>,
    pub hidden: bool,
    /// A filter button on each header cell.
    pub filter: bool,
    pub choices: Vec<ListChoice>,
    pub header_notes: Vec<HeaderNote>,
}

struct SheetDone {
    name: String,
    hidden: bool,
    filter: Option<String>,
}

struct Current {
    spec: SheetSpec,
    /// The last row written (1-based), header included.
    row: u32,
    header_row: u32,
}

/// A workbook written front to back into `W`.
pub struct Workbook<W: Write> {
    zip: zip::ZipStream<W>,
    sheets: Vec<SheetDone>,
    current: Option<Current>,
    line: String,
}

impl<W: Write> Workbook<W> {
    pub fn new(out: W) -> Self {
        Workbook { zip: zip::ZipStream::new(out), sheets: Vec::new(), current: None, line: String::new() }
    }

    /// The sink, to drain the bytes written so far.
    pub fn sink(&mut self) -> &mut W {
        self.zip.sink()
    }

    /// Pushes what the compressor holds into the sink (a few bytes of cost), so a streamed
    /// download shows progress between batches of rows.
    pub fn flush(&mut self) -> WriteResult<()> {
        Ok(self.zip.flush()?)
    }

    /// Data rows written to the current sheet so far.
    pub fn data_rows(&self) -> u32 {
        self.current.as_ref().map_or(0, |c| c.row - c.header_row)
    }

    /// Starts a sheet (ending the previous one): title, note, column widths, the frozen header.
    pub fn start_sheet(&mut self, spec: SheetSpec) -> WriteResult<()> {
        self.end_sheet()?;
        let index = self.sheets.len() + 1;
        self.zip.start_entry(&format!("xl/worksheets/sheet{index}.xml"))?;
        let header_row = 1 + u32::from(spec.title.is_some()) + u32::from(spec.note.is_some());
        let mut x = String::with_capacity(1024);
        x.push_str(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#);
        x.push_str("\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">");
        x.push_str("<sheetViews><sheetView workbookViewId=\"0\"");
        if index == 1 {
            x.push_str(" tabSelected=\"1\"");
        }
        let _ = write!(
            x,
            "><pane ySplit=\"{header_row}\" topLeftCell=\"A{}\" activePane=\"bottomLeft\" state=\"frozen\"/>\
             <selection pane=\"bottomLeft\" activeCell=\"A{0}\" sqref=\"A{0}\"/></sheetView></sheetViews>",
            header_row + 1
        );
        x.push_str("<sheetFormatPr defaultRowHeight=\"15\"/>");
        if !spec.columns.is_empty() {
            x.push_str("<cols>");
            for (i, c) in spec.columns.iter().enumerate() {
                let _ = write!(
                    x,
                    "<col min=\"{0}\" max=\"{0}\" width=\"{1:.1}\" customWidth=\"1\"/>",
                    i + 1,
                    c.shown_width()
                );
            }
            x.push_str("</cols>");
        }
        x.push_str("<sheetData>");
        let mut row = 0;
        if let Some(title) = &spec.title {
            row += 1;
            let _ = write!(x, "<row r=\"{row}\" ht=\"22\" customHeight=\"1\">");
            push_text_cell(&mut x, 0, row, title, Style::Title);
            x.push_str("</row>");
        }
        if let Some(note) = &spec.note {
            row += 1;
            let lines = note.lines().count().max(1) as f64;
            let _ = write!(x, "<row r=\"{row}\" ht=\"{:.0}\" customHeight=\"1\">", 15.0 * lines + 4.0);
            push_text_cell(&mut x, 0, row, note, Style::Note);
            x.push_str("</row>");
        }
        row += 1;
        let _ = write!(x, "<row r=\"{row}\" ht=\"20\" customHeight=\"1\">");
        for (i, c) in spec.columns.iter().enumerate() {
            push_text_cell(&mut x, i, row, &c.header, Style::Header);
        }
        x.push_str("</row>");
        self.zip.write_all(x.as_bytes())?;
        self.current = Some(Current { spec, row, header_row });
        Ok(())
    }

    /// Writes one data row; values beyond the columns are written as text.
    pub fn row(&mut self, values: &[Value]) -> WriteResult<()> {
        self.styled_row(values, &[])
    }

    /// A data row where some cells take another style (the annotated upload's error column).
    pub fn styled_row(&mut self, values: &[Value], styles: &[(usize, Style)]) -> WriteResult<()> {
        let current = self.current.as_mut().ok_or(WriteError::NoSheet)?;
        if current.row >= MAX_ROWS {
            return Err(WriteError::TooManyRows);
        }
        current.row += 1;
        let r = current.row;
        let line = &mut self.line;
        line.clear();
        let _ = write!(line, "<row r=\"{r}\">");
        for (i, v) in values.iter().enumerate() {
            let kind = current.spec.columns.get(i).map_or(Kind::Text, |c| c.kind);
            let style = styles.iter().find(|(c, _)| *c == i).map_or(kind.style(), |(_, s)| *s);
            push_value(line, i, r, v, kind, style);
        }
        line.push_str("</row>");
        self.zip.write_all(line.as_bytes())?;
        Ok(())
    }

    /// Ends the current sheet: merged title and note, filter, dropdowns and header notes.
    pub fn end_sheet(&mut self) -> WriteResult<()> {
        let Some(current) = self.current.take() else { return Ok(()) };
        let spec = &current.spec;
        let last_col = column_letters(spec.columns.len().max(1) - 1);
        let mut x = String::from("</sheetData>");
        let filter = (spec.filter && !spec.columns.is_empty())
            .then(|| format!("A{}:{last_col}{}", current.header_row, current.row.max(current.header_row)));
        if let Some(range) = &filter {
            let _ = write!(x, "<autoFilter ref=\"{range}\"/>");
        }
        let merged: Vec<u32> = (1..current.header_row).collect();
        if !merged.is_empty() && spec.columns.len() > 1 {
            let _ = write!(x, "<mergeCells count=\"{}\">", merged.len());
            for r in merged {
                let _ = write!(x, "<mergeCell ref=\"A{r}:{last_col}{r}\"/>");
            }
            x.push_str("</mergeCells>");
        }
        let validations = spec.choices.len() + spec.header_notes.len();
        if validations > 0 {
            let _ = write!(x, "<dataValidations count=\"{validations}\">");
            for c in &spec.choices {
                let col = column_letters(c.column);
                let first = current.header_row + 1;
                let last = (first + c.rows.max(1) - 1).min(MAX_ROWS);
                let _ = write!(
                    x,
                    "<dataValidation type=\"list\" allowBlank=\"1\" showErrorMessage=\"1\" errorTitle=\"不在可选范围\" \
                     error=\"请从下拉列表中选择\" sqref=\"{col}{first}:{col}{last}\"><formula1>{}</formula1></dataValidation>",
                    escape(&c.source)
                );
            }
            for n in &spec.header_notes {
                let _ = write!(
                    x,
                    "<dataValidation allowBlank=\"1\" showInputMessage=\"1\" promptTitle=\"{}\" prompt=\"{}\" sqref=\"{}{}\"/>",
                    escape(&truncate(&n.title, 32)),
                    escape(&truncate(&n.text, 255)),
                    column_letters(n.column),
                    current.header_row
                );
            }
            x.push_str("</dataValidations>");
        }
        x.push_str(
            "<pageMargins left=\"0.5\" right=\"0.5\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/>",
        );
        x.push_str("<pageSetup paperSize=\"9\" orientation=\"landscape\"/></worksheet>");
        self.zip.write_all(x.as_bytes())?;
        self.zip.end_entry()?;
        self.sheets.push(SheetDone {
            name: sheet_name(&spec.name, self.sheets.len() + 1),
            hidden: spec.hidden,
            filter,
        });
        Ok(())
    }

    /// Ends the last sheet and writes the parts that list them; gives the sink back.
    pub fn finish(mut self) -> WriteResult<W> {
        self.end_sheet()?;
        if self.sheets.is_empty() {
            self.start_sheet(SheetSpec { name: "Sheet1".into(), ..Default::default() })?;
            self.end_sheet()?;
        }
        let n = self.sheets.len();
        let mut types = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">",
            r#"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#,
            r#"<Default Extension="xml" ContentType="application/xml"/>"#,
            r#"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#,
            r#"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#,
        ));
        for i in 1..=n {
            let _ = write!(
                types,
                "<Override PartName=\"/xl/worksheets/sheet{i}.xml\" \
                 ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
            );
        }
        types.push_str("</Types>");
        self.part("[Content_Types].xml", &types)?;
        self.part(
            "_rels/.rels",
            concat!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
                "\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">",
                r#"<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>"#,
                "</Relationships>"
            ),
        )?;
        let mut rels = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        ));
        for i in 1..=n {
            let _ = write!(
                rels,
                "<Relationship Id=\"rId{i}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" \
                 Target=\"worksheets/sheet{i}.xml\"/>"
            );
        }
        let _ = write!(
            rels,
            "<Relationship Id=\"rId{}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" \
             Target=\"styles.xml\"/></Relationships>",
            n + 1
        );
        self.part("xl/_rels/workbook.xml.rels", &rels)?;
        let mut book = String::from(concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">",
            "<bookViews><workbookView activeTab=\"0\"/></bookViews><sheets>"
        ));
        for (i, s) in self.sheets.iter().enumerate() {
            let _ = write!(book, "<sheet name=\"{}\" sheetId=\"{}\"", escape(&s.name), i + 1);
            if s.hidden {
                book.push_str(" state=\"hidden\"");
            }
            let _ = write!(book, " r:id=\"rId{}\"/>", i + 1);
        }
        book.push_str("</sheets>");
        let filters: Vec<_> =
            self.sheets.iter().enumerate().filter_map(|(i, s)| Some((i, s.filter.as_ref()?, &s.name))).collect();
        if !filters.is_empty() {
            book.push_str("<definedNames>");
            for (i, range, name) in filters {
                let absolute = range.split(':').map(absolute_ref).collect::<Vec<_>>().join(":");
                let _ = write!(
                    book,
                    "<definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{i}\" hidden=\"1\">'{}'!{absolute}</definedName>",
                    escape(&name.replace('\'', "''"))
                );
            }
            book.push_str("</definedNames>");
        }
        book.push_str("</workbook>");
        self.part("xl/workbook.xml", &book)?;
        self.part("xl/styles.xml", styles::STYLES_XML)?;
        Ok(self.zip.finish()?)
    }

    fn part(&mut self, name: &str, content: &str) -> WriteResult<()> {
        self.zip.start_entry(name)?;
        self.zip.write_all(content.as_bytes())?;
        self.zip.end_entry()?;
        Ok(())
    }
}

/// `B7` → `$B$7`.
fn absolute_ref(cell: &str) -> String {
    let split = cell.find(|c: char| c.is_ascii_digit()).unwrap_or(cell.len());
    format!("${}${}", &cell[..split], &cell[split..])
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, not empty.
fn sheet_name(name: &str, index: usize) -> String {
    let cleaned: String = name.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    let cleaned = cleaned.trim_matches('\'').trim().to_owned();
    if cleaned.is_empty() { format!("Sheet{index}") } else { cleaned }
}

fn truncate(s: &str, max: usize) -> String {
    s.chars().take(max).collect()
}

/// 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(index: usize) -> String {
    let mut n = index + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Width as Excel counts it: a CJK or full-width character takes two cells.
fn display_width(s: &str) -> usize {
    s.chars().map(|c| if (c as u32) < 0x1100 { 1 } else { 2 }).sum()
}

/// Days since 1899-12-30, Excel's epoch (which absorbs its 1900 leap-year bug for later dates).
fn serial(date: NaiveDate) -> i64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
    (date - epoch).num_days()
}

fn push_value(x: &mut String, col: usize, row: u32, v: &Value, kind: Kind, style: Style) {
    match v {
        Value::Empty => {}
        Value::Text(s) => push_text_cell(x, col, row, s, if style.is_numeric() { Style::Text } else { style }),
        Value::Int(n) => push_number(x, col, row, &n.to_string(), style),
        Value::Fen(fen) => {
            let unit = match kind {
                Kind::Money(unit) => unit,
                _ => Unit::Yuan,
            };
            push_number(x, col, row, &(*fen as f64 / unit.fen()).to_string(), style);
        }
        Value::Number(n) if n.is_finite() => push_number(x, col, row, &n.to_string(), style),
        Value::Number(_) => {}
        Value::Date(d) => push_number(x, col, row, &serial(*d).to_string(), style),
        Value::DateTime(t) => {
            let seconds = f64::from(chrono::Timelike::num_seconds_from_midnight(&t.time()));
            let n = serial(t.date()) as f64 + seconds / 86_400.0;
            push_number(x, col, row, &n.to_string(), style)
        }
    }
}

impl Style {
    fn is_numeric(self) -> bool {
        matches!(self, Style::Integer | Style::Money | Style::Date | Style::DateTime | Style::Percent)
    }
}

fn push_number(x: &mut String, col: usize, row: u32, n: &str, style: Style) {
    let _ = write!(x, "<c r=\"{}{row}\" s=\"{}\"><v>{n}</v></c>", column_letters(col), style as u8);
}

fn push_text_cell(x: &mut String, col: usize, row: u32, s: &str, style: Style) {
    if s.is_empty() {
        return;
    }
    let _ = write!(
        x,
        "<c r=\"{}{row}\" s=\"{}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">",
        column_letters(col),
        style as u8
    );
    push_escaped(x, &neutralise(s));
    x.push_str("</t></is></c>");
}

/// Text that a spreadsheet would take for a formula (`= + - @`, or a leading tab or return)
/// gets an apostrophe in front, so a name like `=HYPERLINK(…)` typed into the product stays
/// text even when the file is saved again as CSV. Plain numbers with a sign (`-3`, `+86 138…`)
/// are not formulas and are left alone.
pub fn neutralise(s: &str) -> std::borrow::Cow<'_, str> {
    let risky = s.starts_with(['=', '+', '-', '@', '\t', '\r']) && s.chars().nth(1).is_some();
    let numeric =
        s.chars().all(|c| c.is_ascii_digit() || " +-.()%".contains(c)) && s.chars().any(|c| c.is_ascii_digit());
    if risky && !numeric { format!("'{s}").into() } else { s.into() }
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_escaped(&mut out, s);
    out
}

/// XML-escapes and drops the control characters XML 1.0 cannot carry (a stray one would make
/// Excel refuse the whole file).
fn push_escaped(x: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => x.push_str("&amp;"),
            '<' => x.push_str("&lt;"),
            '>' => x.push_str("&gt;"),
            '"' => x.push_str("&quot;"),
            '\t' | '\n' | '\r' => x.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => x.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_count_like_excel() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }

    #[test]
    fn formulas_are_neutralised_and_signed_numbers_kept() {
        assert_eq!(neutralise("=HYPERLINK(\"http://x\")"), "'=HYPERLINK(\"http://x\")");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-cmd|' /C calc'!A0"), "'-cmd|' /C calc'!A0");
        assert_eq!(neutralise("+86 138 0000 0000"), "+86 138 0000 0000");
        assert_eq!(neutralise("-3.5"), "-3.5");
        assert_eq!(neutralise("晶澳太阳能"), "晶澳太阳能");
        assert_eq!(neutralise("-"), "-");
    }

    #[test]
    fn serials_match_excel() {
        // Excel shows 46000 as 2025-12-09.
        assert_eq!(serial(NaiveDate::from_ymd_opt(2025, 12, 9).unwrap()), 46000);
        assert_eq!(serial(NaiveDate::from_ymd_opt(1900, 3, 1).unwrap()), 61);
    }

    #[test]
    fn sheet_names_are_ones_excel_accepts() {
        assert_eq!(sheet_name("项目/台账[2026]", 1), "项目台账2026");
        assert_eq!(sheet_name("", 3), "Sheet3");
        assert_eq!(sheet_name(&"长".repeat(40), 1).chars().count(), 31);
    }
}
