//! The guarded reader against real files: a plain sheet, and a corpus of broken and hostile
//! ones, each with the refusal it must get.

use zoneops_sheet::read::craft::{self, Sheet, Value};
use zoneops_sheet::read::{Cell, Limits, ReadError, Row, Workbook};

fn read(bytes: &[u8], limits: &Limits) -> Result<Vec<Row>, ReadError> {
    let mut wb = Workbook::open(bytes, limits)?;
    let mut rows = Vec::new();
    wb.rows(|r| {
        rows.push(r);
        true
    })?;
    Ok(rows)
}

fn refused(bytes: &[u8], limits: &Limits) -> ReadError {
    match read(bytes, limits) {
        Err(e) => e,
        Ok(_) => panic!("expected a refusal"),
    }
}

fn t(s: &str) -> Value {
    Value::Text(s.into())
}

#[test]
fn values_formulas_dates_merged_and_hidden() {
    let sheet = Sheet {
        rows: vec![
            vec![t("企业月报"), Value::Blank, Value::Blank],
            vec![t("统一社会信用代码"), t("日期"), t("销售收入")],
            vec![t(" ９１３２１０９１６４７５３０８５４１ "), Value::Date(46356.0), Value::Formula("1+1".into(), 2.0)],
            vec![t("91320100MA1XYZ0000"), t("2026年11月30日"), 12.5.into()],
            vec![t("x"), 46356.0.into(), Value::Formula("A1/0".into(), 0.0)],
        ],
        merged: vec!["A1:C1".into()],
        hidden: vec![4],
    };
    let rows = read(&craft::xlsx(&sheet), &Limits::default()).unwrap();
    assert_eq!(rows.len(), 5);
    // The merged title repeats over its region.
    assert_eq!(rows[0].cells, vec![Cell::Text("企业月报".into()); 3]);
    assert_eq!(rows[2].get(1), &Cell::Date(chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()));
    // A formula gives its cached value; it is never evaluated.
    assert_eq!(rows[2].get(2), &Cell::Number(2.0));
    assert_eq!(rows[4].get(2), &Cell::Number(0.0));
    assert!(rows[3].hidden && !rows[2].hidden);
    assert_eq!(zoneops_sheet::read::text::credit_code(&rows[2].get(0).text()), "913210916475308541");
    assert_eq!(zoneops_sheet::read::text::cell_date(rows[3].get(1)), chrono::NaiveDate::from_ymd_opt(2026, 11, 30));
    assert_eq!(zoneops_sheet::read::text::cell_date(rows[4].get(1)), chrono::NaiveDate::from_ymd_opt(2026, 11, 30));
}

#[test]
fn not_a_workbook() {
    let l = Limits::default();
    assert_eq!(refused(b"name,code\n1,2\n", &l), ReadError::NotXlsx);
    assert_eq!(refused(b"<html><body>hi</body></html>", &l), ReadError::NotXlsx);
    assert_eq!(refused(b"", &l), ReadError::NotXlsx);
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend([0u8; 512]);
    assert_eq!(refused(&ole, &l), ReadError::OldOrEncrypted);
    // A zip that is not a workbook (a .docx-like package).
    let doc = craft::zip(&[("[Content_Types].xml".into(), b"<Types></Types>".to_vec())], None);
    assert_eq!(refused(&doc, &l), ReadError::NotXlsx);
    // A truncated workbook.
    let full = craft::xlsx(&Sheet { rows: vec![vec![t("a")]], ..Default::default() });
    assert!(matches!(refused(&full[..full.len() / 2], &l), ReadError::NotXlsx | ReadError::Corrupt));
}

#[test]
fn zip_bombs() {
    let l = Limits::default();
    // 64 MiB of one byte deflates to ~64 KiB: a ratio of about 1000.
    let mut parts = craft::parts(&Sheet::default());
    parts.push(("xl/media/bomb.xml".into(), vec![b' '; 64 * 1024 * 1024]));
    assert_eq!(refused(&craft::zip(&parts, None), &l), ReadError::Ratio { max: l.max_ratio });
    // The same part declared small: inflating stops at the first byte past the declared size.
    assert_eq!(refused(&craft::zip(&parts, Some(("xl/media/bomb.xml", 1000))), &l), ReadError::SizeLie);
    // Total inflated size over the limit, each part under the ratio.
    let tight = Limits { max_total_bytes: 1024, ..Limits::default() };
    let ok = craft::xlsx(&Sheet { rows: vec![vec![t("a")]], ..Default::default() });
    assert!(matches!(refused(&ok, &tight), ReadError::Inflated { .. }));
}

#[test]
fn xml_entities_are_refused() {
    let mut parts = craft::parts(&Sheet { rows: vec![vec![t("a")]], ..Default::default() });
    let lol = r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol2;</t></is></c></row></sheetData></worksheet>"#;
    parts[5].1 = lol.as_bytes().to_vec();
    assert_eq!(refused(&craft::zip(&parts, None), &Limits::default()), ReadError::Doctype);
    // Also in the shared strings, or any other part.
    let mut parts = craft::parts(&Sheet::default());
    parts.push(("xl/sharedStrings.xml".into(), br#"<!DOCTYPE x SYSTEM "file:///etc/passwd"><sst/>"#.to_vec()));
    assert_eq!(refused(&craft::zip(&parts, None), &Limits::default()), ReadError::Doctype);
}

#[test]
fn size_row_and_column_limits() {
    let rows: Vec<Vec<Value>> = (0..50).map(|i| vec![Value::Number(i as f64)]).collect();
    let bytes = craft::xlsx(&Sheet { rows, ..Default::default() });
    let small = Limits { max_bytes: 100, ..Limits::default() };
    assert_eq!(refused(&bytes, &small), ReadError::TooLarge { max_bytes: 100 });
    let few = Limits { max_rows: 10, ..Limits::default() };
    assert_eq!(refused(&bytes, &few), ReadError::TooManyRows { max: 10 });
    assert_eq!(read(&bytes, &Limits::default()).unwrap().len(), 50);
    let wide = craft::xlsx(&Sheet { rows: vec![vec![Value::Number(1.0); 30]], ..Default::default() });
    let narrow = Limits { max_cols: 20, ..Limits::default() };
    assert_eq!(refused(&wide, &narrow), ReadError::TooManyCols { max: 20 });
}

#[test]
fn statuses_and_messages() {
    for e in
        [ReadError::TooLarge { max_bytes: 20 << 20 }, ReadError::Ratio { max: 200 }, ReadError::TooManyRows { max: 10 }]
    {
        assert_eq!(e.status(), 413, "{e:?}");
    }
    assert_eq!(ReadError::NotXlsx.status(), 415);
    assert_eq!(ReadError::Doctype.status(), 422);
    assert!(ReadError::NotXlsx.message_zh().contains(".xlsx"));
}
