//! The 公文-style papers (周通报, 竞赛月报, 回执) typeset from the JSON their use cases give: the
//! letterhead, the figures, the tables and charts, empty sections, user text printed literally.
//! Reads the text back with poppler's `pdftotext` (scripts/setup-machine installs poppler-utils).

use std::process::Command;
use std::sync::OnceLock;

use chrono::NaiveDate;
use serde_json::{Value, json};
use zoneops_report::{Fonts, Paper, render_paper_with};

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::load(&Fonts::configured_dirs()).expect("fonts-noto-cjk (scripts/setup-machine)"))
}

fn text_of(pdf: &[u8]) -> String {
    let file = std::env::temp_dir().join(format!("zoneops-papers-{}-{}.pdf", std::process::id(), pdf.len()));
    std::fs::write(&file, pdf).unwrap();
    let out =
        Command::new("pdftotext").args(["-raw", "-enc", "UTF-8"]).arg(&file).arg("-").output().expect("pdftotext");
    std::fs::remove_file(&file).ok();
    if let Some(dir) = std::env::var_os("ZONEOPS_REPORT_KEEP") {
        std::fs::write(std::path::PathBuf::from(dir).join(format!("paper-{}.pdf", pdf.len())), pdf).unwrap();
    }
    String::from_utf8(out.stdout).unwrap().chars().filter(|c| !c.is_whitespace()).collect()
}

fn head(document: &str, issue: &str) -> Value {
    json!({"zone": "扬州经济技术开发区", "document": document, "issue": issue,
           "office": "扬州经济技术开发区管委会办公室", "date": "2026年12月7日"})
}

fn now() -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 7).unwrap().and_hms_opt(9, 30, 0).unwrap()
}

fn chart(title: &str, bars: &[(&str, f64, Option<f64>)]) -> Value {
    json!({"title": title, "unit": "", "bars": bars.iter().map(|(l, v, b)|
        json!({"label": l, "value": v, "shown": format!("{v}"), "before": b})).collect::<Vec<_>>()})
}

fn weekly(late: Value, tickets: Value) -> Value {
    json!({
        "head": head("周通报", "〔2026〕第12期"),
        "title": "2026年第49周", "subject": "全区", "period": "2026年11月30日至2026年12月6日", "week": "2026-W49",
        "figures": [
            {"key": "projects.signed.count", "label": "签约项目", "value": "5个", "last_year": "3个", "change": "+66.7%", "down": false},
            {"key": "invest.trips", "label": "外出招商", "value": "12次", "last_year": "15次", "change": "-20.0%", "down": true},
        ],
        "today": [{"key": "tickets.open", "label": "在办诉求", "value": "31件", "last_year": "", "change": "", "down": false}],
        "figure_chart": chart("本周主要指标与去年同期", &[("签约项目", 5.0, Some(3.0)), ("外出招商", 12.0, Some(15.0))]),
        "contest_title": "2026年12月园区招商竞赛（截至12月6日）",
        "contest_rule": "按签约金额从高到低排名",
        "contest": [{"rank": 1, "name": "汽车及零部件产业园", "count": 2, "amount": "12.00亿元"},
                    {"rank": 2, "name": "绿色光电产业园", "count": 0, "amount": "0.00万元"}],
        "contest_chart": chart("签约金额（亿元）", &[("汽车及零部件产业园", 12.0, None), ("绿色光电产业园", 0.0, None)]),
        "late_projects": late, "late_total": 1,
        "tickets": tickets, "tickets_total": 1, "escalated_total": 1,
    })
}

#[test]
fn the_weekly_bulletin_prints_its_letterhead_figures_and_lists() {
    let late = json!([{"name": "新能源电池材料产业园项目 #[x]", "park": "汽车及零部件产业园", "investment": "52.00亿元",
                       "stages": "开工", "days": 17}]);
    let tickets = json!([{"no": "T202612010001", "title": "用电增容", "enterprise": "晶澳太阳能", "department": "经济发展局",
                          "due": "2026年12月1日", "level": "督办", "escalated": true}]);
    let pdf = render_paper_with(fonts(), Paper::Weekly, &weekly(late, tickets), now()).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = text_of(&pdf);
    for expected in [
        "扬州经济技术开发区周通报",
        "〔2026〕第12期",
        "扬州经济技术开发区管委会办公室",
        "2026年12月7日",
        "全区2026年第49周工作通报",
        "一、主要指标",
        "签约项目5个3个+66.7%",
        "在办诉求31件",
        "二、园区招商竞赛",
        "1汽车及零部件产业园212.00亿元",
        "三、逾期项目",
        "新能源电池材料产业园项目#[x]",
        "四、超期及督办诉求",
        "T202612010001",
        "督办",
        "生成时间：2026-12-0709:30",
        "第1页/共",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
}

#[test]
fn sections_the_caller_may_not_read_are_left_out_and_empty_ones_say_so() {
    let pdf = render_paper_with(fonts(), Paper::Weekly, &weekly(Value::Null, json!([])), now()).unwrap();
    let text = text_of(&pdf);
    assert!(!text.contains("逾期项目"), "{text}");
    assert!(text.contains("三、超期及督办诉求") && text.contains("（当前无超期诉求）"), "{text}");
}

#[test]
fn the_contest_report_and_the_receipt_render() {
    let contest = json!({
        "head": head("竞赛月报", "〔2026〕第11期"), "title": "2026年11月", "month": "2026-11", "rule": "按签约金额从高到低排名",
        "parks": [{"rank": 1, "name": "绿色光电产业园", "count": 3, "amount": "20.00亿元", "last_rank": "2"}],
        "chart": chart("各园区签约金额（亿元）", &[("绿色光电产业园", 20.0, None)]),
        "total_count": 3, "total_amount": "20.00亿元", "people": [],
    });
    let text = text_of(&render_paper_with(fonts(), Paper::Contest, &contest, now()).unwrap());
    for expected in [
        "扬州经济技术开发区竞赛月报",
        "〔2026〕第11期",
        "2026年11月园区招商竞赛排名",
        "1绿色光电产业园320.00亿元2",
        "（本月无签约记录）",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    let receipt = json!({
        "head": head("诉求受理回执", ""), "no": "T202612010001", "enterprise": "晶澳太阳能", "contact": "张三 138****5678",
        "category": "用地", "priority": "一般", "channel": "企业自主提交", "received_at": "2026年12月1日 09:00",
        "title": "厂房用地 *加急*", "detail": "", "state": "办理中", "department": "自然资源分局",
        "promise": "3个工作日内答复，13个工作日内办结", "answer_due": "2026年12月4日 17:30前", "resolve_due": "派单后起算",
        "steps": [{"at": "2026年12月1日 09:00", "step": "提交", "note": ""}],
        "resolution": "", "solved": "—", "satisfaction": "—", "generated_at": "2026年12月7日 09:30",
    });
    let text = text_of(&render_paper_with(fonts(), Paper::Receipt, &receipt, now()).unwrap());
    for expected in [
        "扬州经济技术开发区诉求受理回执",
        "诉求编号：T202612010001",
        "厂房用地*加急*",
        "3个工作日内答复，13个工作日内办结",
        "三、办理记录",
        "提交",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(!text.contains("期〕"), "a receipt has no 期号");
}
