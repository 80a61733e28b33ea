//! What a typed-in cell really says: full-width characters made half-width, every kind of
//! space trimmed, credit codes squeezed and upper-cased, dates and months from the forms staff
//! type (2026-11-30, 2026/11/30, 2026年11月30日) or from Excel's serial numbers.

use chrono::{Datelike, NaiveDate};

use super::Cell;

/// Full-width digits and Latin letters (０, Ａ) to half-width, the ideographic space and
/// NBSP-like spaces to a plain space, zero-width characters dropped; then trimmed. Full-width
/// punctuation is kept: an enterprise's name is written with （） and so it stays.
pub fn normalize(s: &str) -> String {
    let mapped: String = s
        .chars()
        .filter_map(|c| match c {
            '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
                char::from_u32(c as u32 - 0xFEE0)
            }
            '\u{3000}' | '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' => Some(' '),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
            c => Some(c),
        })
        .collect();
    mapped.trim().to_string()
}

/// [`normalize`], and the full-width signs a number or a date is typed with (＋ － ． ／ ，).
fn normalize_figure(s: &str) -> String {
    normalize(s)
        .chars()
        .map(|c| match c {
            '\u{FF0B}' | '\u{FF0C}' | '\u{FF0D}' | '\u{FF0E}' | '\u{FF0F}' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect()
}

/// A credit code as typed: normalised, every inner space (and the dashes some ledgers group it
/// with) removed, upper-cased. The check itself is the domain's.
pub fn credit_code(s: &str) -> String {
    normalize(s).chars().filter(|c| !c.is_whitespace() && *c != '-').flat_map(char::to_uppercase).collect()
}

/// A date from an Excel serial (1900 system; the reader converts 1904 books).
pub fn date_from_serial(serial: f64) -> Option<NaiveDate> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    // Serial 60 is the 29 February 1900 that never was (Lotus's bug, kept by Excel): days
    // from 31 December 1899 before it, from 30 December after it.
    let days = serial.floor() as i64;
    let base = if days < 60 { NaiveDate::from_ymd_opt(1899, 12, 31)? } else { NaiveDate::from_ymd_opt(1899, 12, 30)? };
    base.checked_add_signed(chrono::Duration::days(days))
}

fn numbers(s: &str) -> Vec<u32> {
    s.split(|c: char| !c.is_ascii_digit()).filter(|p| !p.is_empty()).filter_map(|p| p.parse().ok()).collect()
}

/// A date written as text: `2026-11-30`, `2026/11/30`, `2026.11.30`, `2026年11月30日`,
/// `20261130`, optionally followed by a time.
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    let t = normalize_figure(text);
    let date_part = t.split([' ', 'T']).next().unwrap_or("");
    if date_part.len() == 8 && date_part.bytes().all(|b| b.is_ascii_digit()) {
        let n: u32 = date_part.parse().ok()?;
        return NaiveDate::from_ymd_opt((n / 10000) as i32, n / 100 % 100, n % 100);
    }
    if !date_part.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日')) {
        return None;
    }
    match numbers(date_part)[..] {
        [y, m, d] if y >= 1000 => NaiveDate::from_ymd_opt(y as i32, m, d),
        _ => None,
    }
}

/// A month as `YYYYMM` from text (`2026-11`, `2026/11`, `2026年11月`, `202611`, a full date) or
/// a cell holding a date or a serial.
pub fn parse_month(cell: &Cell) -> Option<i32> {
    let ym = |y: i32, m: u32| ((1900..=9999).contains(&y) && (1..=12).contains(&m)).then_some(y * 100 + m as i32);
    match cell {
        Cell::Date(d) => ym(d.year(), d.month()),
        Cell::Number(n) if n.fract() == 0.0 && (190001.0..=999912.0).contains(n) => {
            let k = *n as i64;
            ym((k / 100) as i32, (k % 100) as u32)
        }
        Cell::Number(n) => date_from_serial(*n).and_then(|d| ym(d.year(), d.month())),
        Cell::Text(t) => {
            let t = normalize_figure(t);
            if t.len() == 6 && t.bytes().all(|b| b.is_ascii_digit()) {
                let k: i32 = t.parse().ok()?;
                return ym(k / 100, (k % 100) as u32);
            }
            if let Some(d) = parse_date(&t) {
                return ym(d.year(), d.month());
            }
            if !t.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月')) {
                return None;
            }
            match numbers(&t)[..] {
                [y, m] if y >= 1000 => ym(y as i32, m),
                _ => None,
            }
        }
        _ => None,
    }
}

/// A cell as a date: a date cell, a serial number, or text in one of [`parse_date`]'s forms.
pub fn cell_date(cell: &Cell) -> Option<NaiveDate> {
    match cell {
        Cell::Date(d) => Some(*d),
        Cell::Number(n) => date_from_serial(*n),
        Cell::Text(t) => parse_date(t),
        _ => None,
    }
}

/// A number written as a decimal text, scaled by `10^shift` and kept exact: `"1,234.5"` with
/// shift 4 is `"12345000"`. Full-width digits and thousands separators are accepted. Returns
/// the decimal text (what the API's value would be), or `None` when it is not a number.
pub fn decimal_text(raw: &str, shift: u32) -> Option<String> {
    let t: String = normalize_figure(raw).chars().filter(|c| *c != ',' && !c.is_whitespace()).collect();
    let (neg, digits) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, f),
        None => (digits, ""),
    };
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut all = format!("{int}{frac}");
    let point = int.len() + shift as usize;
    while all.len() < point {
        all.push('0');
    }
    let (i, f) = all.split_at(point);
    let i = i.trim_start_matches('0');
    let f = f.trim_end_matches('0');
    let mut out = String::new();
    if neg {
        out.push('-');
    }
    out.push_str(if i.is_empty() { "0" } else { i });
    if !f.is_empty() {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// A number cell's shortest exact decimal text (what Excel shows at full precision).
pub fn number_text(n: f64) -> String {
    format!("{n}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_spaces() {
        assert_eq!(normalize("\u{3000}９１３２　Ａ\u{00A0}"), "9132 A");
        assert_eq!(normalize(" 扬州（中国）有限公司："), "扬州（中国）有限公司：");
        assert_eq!(credit_code(" ９１３２１０９１ ６４７５\u{3000}３０８５４１ "), "913210916475308541");
        assert_eq!(credit_code("91320100mA1xyz-0000"), "91320100MA1XYZ0000");
    }

    #[test]
    fn dates_in_their_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 30);
        for t in [
            "2026-11-30",
            "2026/11/30",
            "2026年11月30日",
            "2026.11.30",
            "20261130",
            "２０２６-１１-３０",
            "2026-11-30 00:00:00",
        ] {
            assert_eq!(parse_date(t), d, "{t}");
        }
        assert_eq!(parse_date("30/11/2026"), None);
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(date_from_serial(46356.0), d);
        assert_eq!(date_from_serial(1.0), NaiveDate::from_ymd_opt(1900, 1, 1));
        assert_eq!(date_from_serial(61.0), NaiveDate::from_ymd_opt(1900, 3, 1));
    }

    #[test]
    fn months_in_their_forms() {
        for c in [
            Cell::Text("2026-11".into()),
            Cell::Text("2026年11月".into()),
            Cell::Text("202611".into()),
            Cell::Number(202611.0),
            Cell::Number(46356.0),
            Cell::Text("2026/11/30".into()),
        ] {
            assert_eq!(parse_month(&c), Some(202611), "{c:?}");
        }
        assert_eq!(parse_month(&Cell::Text("2026-13".into())), None);
    }

    #[test]
    fn decimals_scaled_exactly() {
        assert_eq!(decimal_text("12.3456", 4).as_deref(), Some("123456"));
        assert_eq!(decimal_text("1,234.5", 0).as_deref(), Some("1234.5"));
        assert_eq!(decimal_text("０.０５", 4).as_deref(), Some("500"));
        assert_eq!(decimal_text("１，２３４．５", 0).as_deref(), Some("1234.5"));
        assert_eq!(decimal_text("0.000001", 4).as_deref(), Some("0.01"));
        assert_eq!(decimal_text("-3", 2).as_deref(), Some("-300"));
        assert_eq!(decimal_text("abc", 0), None);
        assert_eq!(decimal_text(".", 0), None);
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
    }
}
