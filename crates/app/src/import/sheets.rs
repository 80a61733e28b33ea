//! The workbooks an import hands out: each kind's template (title, how to fill it in, header
//! notes, dropdowns of the zone's own parks, chains and metrics on a hidden 选项 sheet) and the
//! annotated copy of an upload (its rows as read, with an error column), written by the
//! streaming writer (`zoneops_sheet::write`).

use std::collections::BTreeMap;

use zoneops_db::reference::{self, Dict};
use zoneops_domain::metric::Metric;
use zoneops_sheet::read::{Cell, Limits, Workbook as Reader};
use zoneops_sheet::write::{Column, HeaderNote, Kind, ListChoice, SheetSpec, Style, Unit, Value, Workbook};

use super::{ImportKind, RowError};
use crate::{Actor, AppError, AppResult, Ctx};

/// Rows a template's dropdowns cover.
const TEMPLATE_ROWS: u32 = 5000;

fn written(e: zoneops_sheet::write::WriteError) -> AppError {
    AppError::internal(e)
}

fn options_sheet(lists: &[(&str, Vec<String>)]) -> (SheetSpec, Vec<Vec<Value>>) {
    let spec = SheetSpec {
        name: "选项".into(),
        columns: lists.iter().map(|(h, _)| Column::text(*h)).collect(),
        hidden: true,
        ..Default::default()
    };
    let longest = lists.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    let rows = (0..longest)
        .map(|i| lists.iter().map(|(_, v)| v.get(i).map_or(Value::Empty, |s| Value::Text(s.clone()))).collect())
        .collect();
    (spec, rows)
}

fn choice(column: usize, options_col: usize, len: usize) -> ListChoice {
    let col = zoneops_sheet::write::column_letters(options_col);
    ListChoice { column, source: format!("选项!${col}$2:${col}${}", len.max(1) + 1), rows: TEMPLATE_ROWS }
}

fn note(column: usize, title: &str, text: &str) -> HeaderNote {
    HeaderNote { column, title: title.into(), text: text.into() }
}

/// The template of `kind` (`layout` `long` for the indicators' long layout), as .xlsx bytes.
pub async fn template(ctx: &Ctx, actor: &Actor, kind: ImportKind, layout: Option<&str>) -> AppResult<Vec<u8>> {
    actor.require(kind.permission())?;
    let db = ctx.db.conn();
    let zone = reference::zone_by_id(db, actor.zone()).await?.map(|z| z.name).unwrap_or_default();
    let mut wb = Workbook::new(Vec::new());
    let yes_no = vec!["是".to_string(), "否".to_string()];
    let options = match kind {
        ImportKind::Enterprises => {
            let parks: Vec<String> = reference::list_dict(db, actor.zone(), Dict::Park)
                .await?
                .into_iter()
                .filter(|p| actor.scope.is_zone_wide() || actor.scope.allows_park(Some(p.id)))
                .map(|p| p.name)
                .collect();
            let chains: Vec<String> =
                reference::list_dict(db, actor.zone(), Dict::Chain).await?.into_iter().map(|c| c.name).collect();
            let spec = SheetSpec {
                name: "企业名录".into(),
                title: Some(format!("{zone}企业名录导入模板")),
                note: Some(
                    "带*的列必填。按统一社会信用代码匹配：已有的企业按所填内容修改（空白单元格保留原值），没有的新建。\n\
                     园区、产业链、规上企业请从下拉列表选择；成立日期如2019-05-20；用地面积单位为亩。"
                        .into(),
                ),
                columns: vec![
                    Column::text("*统一社会信用代码").width(22.0),
                    Column::text("*企业名称").width(30.0),
                    Column::text("*所属园区").width(18.0),
                    Column::text("产业链"),
                    Column::text("*行业代码"),
                    Column::text("规上企业"),
                    Column::new("用地面积（亩）", Kind::Decimal),
                    Column::new("成立日期", Kind::Date),
                    Column::text("地址").width(30.0),
                ],
                choices: vec![choice(2, 0, parks.len()), choice(3, 1, chains.len()), choice(5, 2, 2)],
                header_notes: vec![
                    note(0, "统一社会信用代码", "18位，含校验位；全角字符和空格会自动规范"),
                    note(4, "行业代码", "GB/T 4754-2017 大类、中类或小类代码，如3484"),
                ],
                ..Default::default()
            };
            wb.start_sheet(spec).map_err(written)?;
            vec![("园区", parks), ("产业链", chains), ("是否", yes_no)]
        }
        ImportKind::Indicators if layout == Some("long") => {
            let metrics: Vec<String> = Metric::ALL.iter().map(|m| m.label_zh().to_string()).collect();
            let spec = SheetSpec {
                name: "经济指标".into(),
                title: Some(format!("{zone}经济指标导入模板（每行一个指标）")),
                note: Some(
                    "每行填写一家企业一个月份的一项指标。金额类指标（销售收入、工业产值、税收、研发投入、固定资产投资）单位为万元；\n\
                     用工人数为人，综合能耗为吨标准煤，用地面积为亩。月份如2026-11。空白不导入（不会记为0）。"
                        .into(),
                ),
                columns: vec![
                    Column::text("*统一社会信用代码").width(22.0),
                    Column::text("企业名称").width(30.0),
                    Column::text("*指标"),
                    Column::text("*月份"),
                    Column::new("*数值（金额：万元）", Kind::Decimal).width(20.0),
                ],
                choices: vec![choice(2, 0, metrics.len())],
                header_notes: vec![note(3, "月份", "如2026-11、2026年11月或202611")],
                ..Default::default()
            };
            wb.start_sheet(spec).map_err(written)?;
            vec![("指标", metrics)]
        }
        ImportKind::Indicators => {
            let mut columns = vec![
                Column::text("*统一社会信用代码").width(22.0),
                Column::text("企业名称").width(30.0),
                Column::text("月份"),
            ];
            for m in Metric::ALL {
                columns.push(if m.is_money() {
                    Column::new(m.label_zh(), Kind::Money(Unit::Wan))
                } else {
                    Column::new(format!("{}（{}）", m.label_zh(), m.unit_zh()), Kind::Decimal)
                });
            }
            let spec = SheetSpec {
                name: "月报".into(),
                title: Some(format!("{zone}企业月报导入模板")),
                note: Some(
                    "每行一家企业，每列一项指标。月份可在上传时选择（此列留空），也可逐行填写，如2026-11。\n\
                     金额单位为万元（可改列标题为“（元）”或“（亿元）”，按标题换算）。空白单元格不导入（不会记为0）。"
                        .into(),
                ),
                columns,
                header_notes: vec![note(2, "月份", "留空则用上传时选择的月份")],
                ..Default::default()
            };
            wb.start_sheet(spec).map_err(written)?;
            Vec::new()
        }
    };
    if !options.is_empty() {
        let (spec, rows) = options_sheet(&options);
        wb.start_sheet(spec).map_err(written)?;
        for r in rows {
            wb.row(&r).map_err(written)?;
        }
    }
    wb.finish().map_err(written)
}

fn value_of(c: &Cell) -> Value {
    match c {
        Cell::Empty => Value::Empty,
        Cell::Text(t) => Value::Text(t.clone()),
        Cell::Number(n) => Value::Number(*n),
        Cell::Date(d) => Value::Date(*d),
        other => Value::Text(other.text()),
    }
}

/// The upload's rows from its header on (row `header_row`, 1-based), each with what is wrong
/// with it in an added column; the data keeps its column letters, so "C列" in a message is C.
pub(crate) fn annotate(data: &[u8], file_name: &str, header_row: u32, errors: &[RowError]) -> AppResult<Vec<u8>> {
    let mut by_row: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    for e in errors {
        let at = if e.column.is_empty() { String::new() } else { format!("{}列：", e.column) };
        by_row.entry(e.row).or_default().push(format!("{at}{}", e.message));
    }
    let limits = Limits { max_bytes: data.len(), ..Limits::default() };
    let mut reader = Reader::open(data, &limits).map_err(AppError::internal)?;
    let mut wb = Workbook::new(Vec::new());
    let title = if errors.is_empty() {
        format!("{file_name} 检查结果：未发现错误")
    } else {
        format!("{file_name} 检查结果：{}行共{}处错误，见“错误说明”列", by_row.len(), errors.len())
    };
    let mut width = 0usize;
    let mut failure: Option<AppError> = None;
    reader
        .rows(|row| {
            let n = row.index + 1;
            if n < header_row {
                return true;
            }
            if n == header_row {
                width = row.cells.len();
                let mut columns: Vec<Column> = row.cells.iter().map(|c| Column::text(c.text())).collect();
                columns.push(Column::text("错误说明").width(60.0));
                columns.push(Column::text("原行号").width(8.0));
                let spec =
                    SheetSpec {
                        name: "检查结果".into(), title: Some(title.clone()), columns, ..Default::default()
                    };
                if let Err(e) = wb.start_sheet(spec) {
                    failure = Some(written(e));
                    return false;
                }
                return true;
            }
            let mut values: Vec<Value> = (0..width).map(|i| value_of(row.get(i))).collect();
            let message = by_row.get(&n).map(|m| m.join("；"));
            let styles: Vec<(usize, Style)> = if message.is_some() { vec![(width, Style::Error)] } else { Vec::new() };
            values.push(message.map_or(Value::Empty, Value::Text));
            values.push(Value::Int(n.into()));
            if let Err(e) = wb.styled_row(&values, &styles) {
                failure = Some(written(e));
                return false;
            }
            true
        })
        .map_err(AppError::internal)?;
    if let Some(e) = failure {
        return Err(e);
    }
    wb.finish().map_err(written)
}
