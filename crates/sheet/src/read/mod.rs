//! Reading uploaded workbooks behind guards (size, zip ratio, content), row by row.
//!
//! [`Workbook::open`] refuses what should never reach a parser ([`guard`]); [`Workbook::rows`]
//! then streams the first visible sheet's rows through calamine: cell values as stored (a
//! formula gives its cached value, never evaluated), dates as dates, merged regions' value
//! repeated over the region, hidden rows read and marked.

pub mod craft;
mod guard;
pub mod text;

use std::collections::BTreeSet;
use std::io::Cursor;

use calamine::{DataRef, Reader, SheetVisible, Xlsx};
use chrono::NaiveDate;

/// What an upload may cost. The defaults fit a 100,000-row 月报 with room to spare.
#[derive(Clone, Debug)]
pub struct Limits {
    /// The file as uploaded.
    pub max_bytes: usize,
    /// Parts (zip entries) in the package.
    pub max_parts: usize,
    /// One part inflated.
    pub max_part_bytes: u64,
    /// All parts inflated.
    pub max_total_bytes: u64,
    /// Inflated to stored, for parts over 1 MiB (a zip bomb's is in the thousands).
    pub max_ratio: u64,
    /// Rows of the sheet, header included.
    pub max_rows: u32,
    /// Columns of the sheet.
    pub max_cols: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 20 * 1024 * 1024,
            max_parts: 1000,
            max_part_bytes: 256 * 1024 * 1024,
            max_total_bytes: 320 * 1024 * 1024,
            max_ratio: 200,
            max_rows: 200_001,
            max_cols: 200,
        }
    }
}

/// Why an upload is refused. [`ReadError::status`] is the HTTP status the server answers.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReadError {
    #[error("file larger than {max_bytes} bytes")]
    TooLarge { max_bytes: usize },
    #[error("inflated part or total larger than {max_bytes} bytes")]
    Inflated { max_bytes: u64 },
    #[error("compression ratio above {max}")]
    Ratio { max: u64 },
    #[error("more than {max} parts")]
    TooManyParts { max: usize },
    #[error("more than {max} rows")]
    TooManyRows { max: u32 },
    #[error("more than {max} columns")]
    TooManyCols { max: u32 },
    #[error("not an .xlsx workbook")]
    NotXlsx,
    #[error("an .xls file or an encrypted workbook")]
    OldOrEncrypted,
    #[error("DOCTYPE or ENTITY in an XML part")]
    Doctype,
    #[error("a part inflates to more than its declared size")]
    SizeLie,
    #[error("damaged workbook")]
    Corrupt,
    #[error("no visible worksheet")]
    NoSheet,
}

impl ReadError {
    pub fn code(&self) -> &'static str {
        match self {
            ReadError::TooLarge { .. } => "IMPORT_FILE_TOO_LARGE",
            ReadError::Inflated { .. } | ReadError::Ratio { .. } | ReadError::TooManyParts { .. } => {
                "IMPORT_FILE_INFLATES"
            }
            ReadError::TooManyRows { .. } => "IMPORT_TOO_MANY_ROWS",
            ReadError::TooManyCols { .. } => "IMPORT_TOO_MANY_COLUMNS",
            ReadError::NotXlsx => "IMPORT_NOT_XLSX",
            ReadError::OldOrEncrypted => "IMPORT_XLS_OR_ENCRYPTED",
            ReadError::Doctype => "IMPORT_XML_DOCTYPE",
            ReadError::SizeLie | ReadError::Corrupt => "IMPORT_FILE_DAMAGED",
            ReadError::NoSheet => "IMPORT_NO_SHEET",
        }
    }

    /// 413 for anything too big (the file, what it inflates to, its rows); 415 for what is not
    /// an .xlsx workbook at all; 422 for an .xlsx we will not read (damaged, DOCTYPE).
    pub fn status(&self) -> u16 {
        match self {
            ReadError::TooLarge { .. }
            | ReadError::Inflated { .. }
            | ReadError::Ratio { .. }
            | ReadError::TooManyParts { .. }
            | ReadError::TooManyRows { .. }
            | ReadError::TooManyCols { .. } => 413,
            ReadError::NotXlsx | ReadError::OldOrEncrypted => 415,
            ReadError::Doctype | ReadError::SizeLie | ReadError::Corrupt | ReadError::NoSheet => 422,
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            ReadError::TooLarge { max_bytes } => format!("文件过大：不能超过{}MB", max_bytes / (1024 * 1024)),
            ReadError::Inflated { .. } | ReadError::Ratio { .. } | ReadError::TooManyParts { .. } => {
                "文件解压后内容过大或压缩比异常，疑似压缩炸弹，已拒绝读取".into()
            }
            ReadError::TooManyRows { max } => format!("行数过多：一次最多导入{}行", max.saturating_sub(1)),
            ReadError::TooManyCols { max } => format!("列数过多：不能超过{max}列"),
            ReadError::NotXlsx => "文件不是Excel工作簿（.xlsx），请用Excel另存为.xlsx后上传".into(),
            ReadError::OldOrEncrypted => "文件是旧版.xls或已加密的工作簿，请取消密码并另存为.xlsx后上传".into(),
            ReadError::Doctype => "文件含有不允许的XML声明（DOCTYPE/ENTITY），已拒绝读取".into(),
            ReadError::SizeLie | ReadError::Corrupt => "文件已损坏，无法读取，请用Excel打开后重新保存".into(),
            ReadError::NoSheet => "工作簿中没有可见的工作表".into(),
        }
    }
}

/// A cell's value as stored.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Cell {
    #[default]
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
    /// `#N/A`, `#DIV/0!` …: a formula whose cached value is an error.
    Error(String),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => text::normalize(t).is_empty(),
            _ => false,
        }
    }

    /// The cell as text: numbers at full precision, dates as `YYYY-MM-DD`; normalised.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => text::normalize(t),
            Cell::Number(n) => text::number_text(*n),
            Cell::Bool(b) => if *b { "是" } else { "否" }.into(),
            Cell::Date(d) => d.to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// One row of the sheet: its 0-based index in the sheet, whether Excel hides it, its cells from
/// column A to the last one stored.
#[derive(Clone, Debug, Default)]
pub struct Row {
    pub index: u32,
    pub hidden: bool,
    pub cells: Vec<Cell>,
}

impl Row {
    pub fn get(&self, col: usize) -> &Cell {
        static EMPTY: Cell = Cell::Empty;
        self.cells.get(col).unwrap_or(&EMPTY)
    }

    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(Cell::is_empty)
    }
}

/// An upload that passed the guards.
pub struct Workbook<'a> {
    bytes: &'a [u8],
    limits: Limits,
    hidden: BTreeSet<u32>,
    sheet: String,
    book: Xlsx<Cursor<&'a [u8]>>,
}

impl<'a> Workbook<'a> {
    /// Runs the guards, then opens the workbook on its first visible worksheet.
    pub fn open(bytes: &'a [u8], limits: &Limits) -> Result<Workbook<'a>, ReadError> {
        let facts = guard::check(bytes, limits)?;
        let book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|_| ReadError::Corrupt)?;
        let sheet = book
            .sheets_metadata()
            .iter()
            .find(|s| s.visible == SheetVisible::Visible && s.typ == calamine::SheetType::WorkSheet)
            .map(|s| s.name.clone())
            .ok_or(ReadError::NoSheet)?;
        let hidden = facts
            .sheets
            .iter()
            .find(|(n, _)| *n == sheet)
            .and_then(|(_, path)| facts.hidden_rows.get(path).cloned())
            .unwrap_or_default();
        Ok(Workbook { bytes, limits: limits.clone(), hidden, sheet, book })
    }

    pub fn sheet_name(&self) -> &str {
        &self.sheet
    }

    /// The bytes as uploaded.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// Hands the sheet's rows to `f` in order (rows with no cell at all are skipped), one row in
    /// memory at a time. `f` answers `false` to stop early.
    pub fn rows(&mut self, mut f: impl FnMut(Row) -> bool) -> Result<(), ReadError> {
        let merged = self.book.merge_cells_by_sheet_name(&self.sheet).map_err(|_| ReadError::Corrupt)?;
        // Each region's top-left value, once its row has been read.
        let mut merged_values: Vec<Option<Cell>> = vec![None; merged.len()];
        let (max_rows, max_cols) = (self.limits.max_rows, self.limits.max_cols);
        let hidden = std::mem::take(&mut self.hidden);
        let mut reader = self.book.worksheet_cells_reader(&self.sheet).map_err(|_| ReadError::Corrupt)?;
        let mut current: Option<Row> = None;
        let finish = |row: &mut Row, merged_values: &mut Vec<Option<Cell>>| {
            for (i, m) in merged.iter().enumerate() {
                if row.index < m.start.0 || row.index > m.end.0 {
                    continue;
                }
                let start_col = m.start.1 as usize;
                if row.index == m.start.0 {
                    merged_values[i] = Some(row.get(start_col).clone());
                }
                let Some(v) = merged_values[i].clone() else { continue };
                if v == Cell::Empty {
                    continue;
                }
                let end_col = m.end.1 as usize;
                if row.cells.len() <= end_col {
                    row.cells.resize(end_col + 1, Cell::Empty);
                }
                for c in start_col..=end_col {
                    if row.cells[c] == Cell::Empty {
                        row.cells[c] = v.clone();
                    }
                }
            }
        };
        loop {
            let next = reader.next_cell().map_err(|_| ReadError::Corrupt)?;
            let Some(cell) = next else { break };
            let (r, c) = cell.get_position();
            if r >= max_rows {
                return Err(ReadError::TooManyRows { max: max_rows });
            }
            if c >= max_cols {
                return Err(ReadError::TooManyCols { max: max_cols });
            }
            if current.as_ref().is_some_and(|row| row.index != r) {
                let mut done = current.take().unwrap_or_default();
                finish(&mut done, &mut merged_values);
                if !f(done) {
                    return Ok(());
                }
            }
            let row = current.get_or_insert_with(|| Row { index: r, hidden: hidden.contains(&r), cells: Vec::new() });
            let value = convert(cell.get_value());
            if value == Cell::Empty {
                continue;
            }
            let c = c as usize;
            if row.cells.len() <= c {
                row.cells.resize(c + 1, Cell::Empty);
            }
            row.cells[c] = value;
        }
        if let Some(mut last) = current {
            finish(&mut last, &mut merged_values);
            f(last);
        }
        Ok(())
    }
}

fn convert(v: &DataRef<'_>) -> Cell {
    match v {
        DataRef::Empty => Cell::Empty,
        DataRef::Int(i) => Cell::Number(*i as f64),
        DataRef::Float(f) => Cell::Number(*f),
        DataRef::String(s) => Cell::Text(s.clone()),
        DataRef::SharedString(s) => Cell::Text((*s).to_string()),
        DataRef::Bool(b) => Cell::Bool(*b),
        DataRef::DateTime(dt) if dt.is_datetime() && dt.as_f64() >= 1.0 => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            NaiveDate::from_ymd_opt(y.into(), m.into(), d.into()).map_or(Cell::Number(dt.as_f64()), Cell::Date)
        }
        DataRef::DateTime(dt) => Cell::Number(dt.as_f64()),
        DataRef::DateTimeIso(s) => text::parse_date(s).map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        DataRef::DurationIso(s) => Cell::Text(s.clone()),
        DataRef::Error(e) => Cell::Error(e.to_string()),
    }
}
