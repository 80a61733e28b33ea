//! How an upload's columns are found: each kind lists its columns with their header labels
//! (and the names staff give them in their own ledgers); the header row is the first of the
//! sheet's first rows that names enough of them (a title row above it, merged or not, is
//! passed over). A unit in a header — 销售收入（万元） — scales that column's numbers.

use zoneops_sheet::read::{Cell, Row, text};

/// A column an import understands.
#[derive(Clone, Copy, Debug)]
pub struct ColumnSpec {
    /// The field it fills (also the `field` of its errors).
    pub key: &'static str,
    /// The template's header.
    pub label: &'static str,
    /// Other headers that mean the same.
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// Where each known column sits in the upload, and what unit its header states.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    /// 0-based index of the header row in the sheet.
    pub header_row: u32,
    /// (spec key, column index, decimal shift from the header's unit).
    pub columns: Vec<(&'static str, usize, u32)>,
    /// Headers in the upload, by column (for the annotated copy and messages).
    pub headers: Vec<String>,
}

impl Layout {
    pub fn col(&self, key: &str) -> Option<usize> {
        self.columns.iter().find(|(k, ..)| *k == key).map(|(_, c, _)| *c)
    }

    pub fn shift(&self, key: &str) -> u32 {
        self.columns.iter().find(|(k, ..)| *k == key).map_or(0, |(.., s)| *s)
    }

    /// The cell of `key` in `row` (empty when the column is absent).
    pub fn cell<'r>(&self, row: &'r Row, key: &str) -> &'r Cell {
        static EMPTY: Cell = Cell::Empty;
        match self.col(key) {
            Some(c) => row.get(c),
            None => &EMPTY,
        }
    }

    /// The column letter of `key` (`""` when absent).
    pub fn letter(&self, key: &str) -> String {
        self.col(key).map(zoneops_sheet::read::craft::column_name).unwrap_or_default()
    }
}

/// A header without its unit or marks: `*销售收入（万元）` → `销售收入`.
pub fn bare(header: &str) -> String {
    let h = text::normalize(header);
    let h = h.trim_start_matches('*').trim_end_matches('*');
    let cut = h.find(['(', '（']).unwrap_or(h.len());
    h[..cut].chars().filter(|c| !c.is_whitespace()).collect()
}

/// The decimal shift a header's unit asks for: 万元 → 4, 亿元 → 8, 千元 → 3; else 0.
pub fn unit_shift(header: &str) -> u32 {
    let h = text::normalize(header);
    if h.contains("亿元") {
        8
    } else if h.contains("万元") {
        4
    } else if h.contains("千元") {
        3
    } else {
        0
    }
}

/// How many rows from the top are searched for the header.
pub const HEADER_SEARCH_ROWS: u32 = 10;

/// Matches one candidate row against the specs: `Some(layout)` when every required column is
/// there (each header taken once, the first match wins).
pub fn match_header(row: &Row, specs: &[ColumnSpec]) -> Option<Layout> {
    let headers: Vec<String> = row.cells.iter().map(Cell::text).collect();
    let mut columns = Vec::new();
    for spec in specs {
        let found = headers.iter().enumerate().find(|(i, h)| {
            let b = bare(h);
            !b.is_empty()
                && (b == spec.label || spec.aliases.contains(&b.as_str()))
                && !columns.iter().any(|(_, c, _)| c == i)
        });
        match found {
            Some((i, h)) => columns.push((spec.key, i, unit_shift(h))),
            None if spec.required => return None,
            None => {}
        }
    }
    (columns.len() >= 2).then_some(Layout { header_row: row.index, columns, headers })
}

/// The labels of the required columns, for the message when no header row is found.
pub fn required_labels(specs: &[ColumnSpec]) -> String {
    specs.iter().filter(|s| s.required).map(|s| s.label).collect::<Vec<_>>().join("、")
}

/// A yes/no cell: 是/否, Y/N, 1/0, true/false, √.
pub fn yes_no(cell: &Cell) -> Option<Option<bool>> {
    match cell {
        Cell::Empty => Some(None),
        Cell::Bool(b) => Some(Some(*b)),
        Cell::Number(n) if *n == 1.0 => Some(Some(true)),
        Cell::Number(n) if *n == 0.0 => Some(Some(false)),
        c => match c.text().to_uppercase().as_str() {
            "" => Some(None),
            "是" | "Y" | "YES" | "TRUE" | "√" | "规上" => Some(Some(true)),
            "否" | "N" | "NO" | "FALSE" | "×" => Some(Some(false)),
            _ => None,
        },
    }
}

/// A number cell or a number written as text, scaled by the header's unit, as the exact
/// decimal the API would receive, then as the `f64` the API's checks take.
pub fn number(cell: &Cell, shift: u32) -> Option<Result<f64, ()>> {
    let raw = match cell {
        Cell::Empty => return None,
        Cell::Number(n) => text::number_text(*n),
        Cell::Text(t) if text::normalize(t).is_empty() => return None,
        Cell::Text(t) => t.clone(),
        _ => return Some(Err(())),
    };
    Some(text::decimal_text(&raw, shift).and_then(|d| d.parse::<f64>().ok()).ok_or(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_and_units() {
        assert_eq!(bare(" *销售收入（万元） "), "销售收入");
        assert_eq!(bare("统一社会信用代码(18位)"), "统一社会信用代码");
        assert_eq!(unit_shift("销售收入（万元）"), 4);
        assert_eq!(unit_shift("数值"), 0);
        assert_eq!(number(&Cell::Text("１,２３４.５".into()), 4), Some(Ok(12_345_000.0)));
        assert_eq!(number(&Cell::Number(0.1), 4), Some(Ok(1000.0)));
        assert_eq!(number(&Cell::Text("abc".into()), 0), Some(Err(())));
        assert_eq!(number(&Cell::Empty, 0), None);
        assert_eq!(yes_no(&Cell::Text("是".into())), Some(Some(true)));
        assert_eq!(yes_no(&Cell::Text("maybe".into())), None);
    }
}
