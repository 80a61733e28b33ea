//! Workbooks written by the streaming writer, read back with calamine (as a user's Excel would
//! read them) and as raw parts.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use zoneops_sheet::write::{Column, HeaderNote, Kind, ListChoice, SheetSpec, Unit, Value, Workbook};

fn enterprise_sheet() -> SheetSpec {
    SheetSpec {
        name: "企业名录".into(),
        title: Some("企业名录（2026 年）· 导出于 2026-12-07 22:50".into()),
        columns: vec![
            Column::text("企业名称"),
            Column::text("统一社会信用代码"),
            Column::new("营业收入", Kind::Money(Unit::Wan)),
            Column::new("成立日期", Kind::Date),
            Column::new("员工数", Kind::Integer),
        ],
        filter: true,
        ..Default::default()
    }
}

fn cells(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook");
    let range = book.worksheet_range(sheet).expect("the sheet is there");
    range.rows().map(|r| r.to_vec()).collect()
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a zip");
    let mut s = String::new();
    zip.by_name(name).expect("the part is there").read_to_string(&mut s).expect("utf-8");
    s
}

#[test]
fn typed_cells_read_back_as_excel_sees_them() {
    let mut book = Workbook::new(Vec::new());
    book.start_sheet(enterprise_sheet()).unwrap();
    book.row(&[
        "晶澳太阳能有限公司".into(),
        "913210916475308541".into(),
        Value::Fen(12_345_678_900),
        NaiveDate::from_ymd_opt(2012, 3, 1).unwrap().into(),
        Value::Int(1200),
    ])
    .unwrap();
    book.row(&[
        "=HYPERLINK(\"http://evil\",\"点我\")".into(),
        "91321091MA1X00000X".into(),
        Value::Empty,
        Value::Empty,
        Value::Empty,
    ])
    .unwrap();
    let bytes = book.finish().unwrap();

    let rows = cells(&bytes, "企业名录");
    assert_eq!(rows[0][0], Data::String("企业名录（2026 年）· 导出于 2026-12-07 22:50".into()));
    assert_eq!(rows[1][2], Data::String("营业收入（万元）".into()), "the unit is in the header");
    // An all-digit credit code stays text, not 9.13E+17.
    assert_eq!(rows[2][1], Data::String("913210916475308541".into()));
    // 123,456,789.00 元 is 12,345.6789 万元, a number.
    assert_eq!(rows[2][2], Data::Float(12_345.678_9));
    match &rows[2][3] {
        Data::DateTime(d) => assert_eq!(d.as_datetime().unwrap().date(), NaiveDate::from_ymd_opt(2012, 3, 1).unwrap()),
        other => panic!("a date cell, got {other:?}"),
    }
    assert_eq!(rows[2][4], Data::Float(1200.0));
    assert_eq!(rows[3][0], Data::String("'=HYPERLINK(\"http://evil\",\"点我\")".into()), "a formula stays text");
    assert_eq!(rows[3][2], Data::Empty, "nothing behind a figure is an empty cell, not 0");

    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/>"#), "{sheet}");
    assert!(sheet.contains(r#"<autoFilter ref="A2:E4"/>"#));
    assert!(sheet.contains(r#"<mergeCell ref="A1:E1"/>"#));
    assert!(sheet.contains("<cols>"), "column widths are set");
    let book = part(&bytes, "xl/workbook.xml");
    assert!(book.contains("'企业名录'!$A$2:$E$4"), "{book}");
}

#[test]
fn rows_leave_before_the_workbook_ends() {
    let mut book = Workbook::new(Vec::new());
    book.start_sheet(enterprise_sheet()).unwrap();
    let mut drained = 0;
    for i in 0..20_000 {
        book.row(&[
            format!("企业{i}").into(),
            format!("91{i:016}").into(),
            Value::Fen(i * 100),
            Value::Empty,
            Value::Int(i),
        ])
        .unwrap();
        if i % 1000 == 999 {
            book.flush().unwrap();
            drained += std::mem::take(book.sink()).len();
        }
    }
    assert!(drained > 0, "compressed rows were handed out while writing");
    let rest = book.finish().unwrap();
    // The drained pieces plus the rest make the file (the writer kept no copy).
    assert!(rest.len() < drained, "most of the file left before finish: {drained} drained, {} at the end", rest.len());
}

#[test]
fn templates_carry_dropdowns_notes_and_a_hidden_list_sheet() {
    let mut book = Workbook::new(Vec::new());
    book.start_sheet(SheetSpec {
        name: "企业".into(),
        note: Some("每行一家企业；带 * 的列必填。\n信用代码可含空格，导入时去除。".into()),
        columns: vec![Column::text("企业名称*"), Column::text("所属园区*")],
        choices: vec![ListChoice { column: 1, source: "选项!$A$2:$A$4".into(), rows: 500 }],
        header_notes: vec![HeaderNote {
            column: 0, title: "企业名称".into(), text: "与营业执照一致".into()
        }],
        ..Default::default()
    })
    .unwrap();
    book.start_sheet(SheetSpec {
        name: "选项".into(),
        columns: vec![Column::text("园区")],
        hidden: true,
        ..Default::default()
    })
    .unwrap();
    for p in ["光伏园", "装备园", "食品园"] {
        book.row(&[p.into()]).unwrap();
    }
    let bytes = book.finish().unwrap();
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"<dataValidation type="list""#) && sheet.contains("sqref=\"B3:B502\""), "{sheet}");
    assert!(sheet.contains(r#"prompt="与营业执照一致" sqref="A2""#));
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains(r#"<sheet name="选项" sheetId="2" state="hidden""#));
    assert_eq!(cells(&bytes, "选项")[1][0], Data::String("光伏园".into()));
}

#[test]
fn control_characters_in_data_do_not_break_the_file() {
    let mut book = Workbook::new(Vec::new());
    book.start_sheet(SheetSpec { name: "x".into(), columns: vec![Column::text("名称")], ..Default::default() })
        .unwrap();
    book.row(&["有\u{0}控\u{1b}制<符>&\"号".into()]).unwrap();
    let bytes = book.finish().unwrap();
    assert_eq!(cells(&bytes, "x")[1][0], Data::String("有控制<符>&\"号".into()));
}
