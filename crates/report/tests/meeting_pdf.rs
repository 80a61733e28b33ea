//! The meeting PDF: a real PDF with pages, Chinese text that can be extracted (so the glyphs map
//! back to characters and are not tofu), and user text printed literally, markup characters too.
//! Reads the text with poppler's `pdftotext`/`pdfinfo`/`pdffonts` (scripts/setup-machine installs
//! poppler-utils). `ZONEOPS_REPORT_KEEP=dir` keeps the PDFs there for a look.

use std::path::PathBuf;
use std::process::Command;
use std::sync::OnceLock;

use chrono::NaiveDate;
use zoneops_report::{ActionLine, AgendaLine, Fonts, Letterhead, MeetingDoc, ReportError, render_meeting_with};

fn fonts() -> &'static Fonts {
    static FONTS: OnceLock<Fonts> = OnceLock::new();
    FONTS.get_or_init(|| Fonts::load(&Fonts::configured_dirs()).expect("fonts-noto-cjk (scripts/setup-machine)"))
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn sample(title: &str) -> MeetingDoc {
    MeetingDoc {
        head: Letterhead {
            zone: "扬州经济技术开发区".into(),
            document: "会议纪要".into(),
            issue: "〔2025〕第3期".into(),
            office: "扬州经济技术开发区管委会办公室".into(),
            date: "2025年3月5日".into(),
        },
        attendees: vec!["王主任".into(), "经济发展局".into(), "李四".into()],
        title: title.into(),
        kind_label: "周例会".into(),
        held_on: day(2025, 3, 4),
        location: "管委会三楼第一会议室".into(),
        chair: "王主任".into(),
        status_label: "已召开".into(),
        items: vec![
            AgendaLine {
                kind_label: "逾期项目".into(),
                title: "新能源电池材料产业园项目".into(),
                note: "东区，逾期阶段：施工许可、开工".into(),
            },
            AgendaLine {
                kind_label: "其他议题".into(), title: "春季招商推介会筹备".into(), note: String::new()
            },
        ],
        actions: vec![
            ActionLine {
                title: "协调电力接入方案".into(),
                department: Some("经济发展局".into()),
                assignee: Some("李四".into()),
                due_on: day(2025, 3, 1),
                status_label: "未完成".into(),
                overdue: true,
                note: "供电公司已现场踏勘".into(),
            },
            ActionLine {
                title: "报送一季度重点项目清单".into(),
                department: Some("招商局".into()),
                assignee: None,
                due_on: day(2025, 3, 31),
                status_label: "已完成".into(),
                overdue: false,
                note: String::new(),
            },
        ],
        minutes:
            "会议听取了各部门工作汇报。\n\n会议要求加快推进重点项目建设，确保按期开工。\r\n各责任部门按期办结交办事项。"
                .into(),
        generated_at: day(2025, 3, 5).and_hms_opt(9, 30, 0).unwrap(),
    }
}

fn tool(name: &str, args: &[&str], pdf: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("zoneops-report-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join(format!("{:x}.pdf", pdf.len() ^ (pdf.iter().map(|b| *b as usize).sum::<usize>() << 8)));
    std::fs::write(&file, pdf).unwrap();
    let out = Command::new(name)
        .args(args)
        .arg(&file)
        .args(if name == "pdftotext" { &["-"][..] } else { &[][..] })
        .output()
        .unwrap_or_else(|e| panic!("{name} ({e}): install poppler-utils (scripts/setup-machine)"));
    std::fs::remove_file(&file).ok();
    assert!(out.status.success(), "{name}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

fn text_of(pdf: &[u8]) -> String {
    tool("pdftotext", &["-enc", "UTF-8"], pdf)
}

/// Text without white space: line breaks and spacing are layout, not content.
fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fn keep(name: &str, pdf: &[u8]) {
    if let Some(dir) = std::env::var_os("ZONEOPS_REPORT_KEEP") {
        std::fs::write(PathBuf::from(dir).join(name), pdf).unwrap();
    }
}

#[test]
fn a_meeting_renders_as_a_pdf_with_its_chinese_text() {
    let pdf = render_meeting_with(fonts(), &sample("2025年第10次周例会")).unwrap();
    keep("meeting.pdf", &pdf);
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");

    let info = tool("pdfinfo", &[], &pdf);
    let pages: u32 = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|n| n.trim().parse().unwrap())
        .expect("pdfinfo gives the page count");
    assert!(pages >= 1);
    assert!(info.contains("2025年第10次周例会"), "the document title is the meeting's: {info}");

    let text = squeeze(&text_of(&pdf));
    for expected in [
        "2025年第10次周例会",
        "扬州经济技术开发区会议纪要",
        "〔2025〕第3期",
        "扬州经济技术开发区管委会办公室",
        "2025年3月5日",
        "参会人员王主任、经济发展局、李四",
        "一、基本信息",
        "管委会三楼第一会议室",
        "2025年3月4日（星期二）",
        "新能源电池材料产业园项目",
        "东区，逾期阶段：施工许可、开工",
        "交办事项",
        "经济发展局/李四",
        "已逾期",
        "会议要求加快推进重点项目建设，确保按期开工。",
        "生成时间：2025-03-0509:30",
        "第1页/共1页",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }

    let fonts_used = tool("pdffonts", &[], &pdf);
    assert!(fonts_used.contains("CJK"), "a CJK font is embedded: {fonts_used}");
}

#[test]
fn markup_characters_in_user_text_print_literally() {
    let title = r##"#set page(width: 1cm) *粗* _斜_ $x^2$ [括号] \反斜杠 "引号" <标签> @引用 // 注释 ` `` ~"##;
    let mut doc = sample(title);
    doc.items[0].note = "#panic(\"不应执行\")".into();
    doc.minutes = "= 不是标题\n- 不是列表\n#{1 + 1}".into();
    let pdf = render_meeting_with(fonts(), &doc).unwrap();
    keep("markup.pdf", &pdf);
    let text = squeeze(&text_of(&pdf));
    for expected in [title, "#panic(\"不应执行\")", "=不是标题", "-不是列表", "#{1+1}"] {
        assert!(text.contains(&squeeze(expected)), "missing {expected:?} in {text}");
    }
}

#[test]
fn a_long_meeting_breaks_into_numbered_pages() {
    let mut doc = sample("季度项目述职会");
    doc.items = (1..=80)
        .map(|n| AgendaLine {
            kind_label: "逾期项目".into(), title: format!("第{n}号项目"), note: "说明".into()
        })
        .collect();
    doc.minutes = "会议纪要段落。\n".repeat(60);
    let pdf = render_meeting_with(fonts(), &doc).unwrap();
    keep("long.pdf", &pdf);
    let text = squeeze(&text_of(&pdf));
    assert!(text.contains("第1页/共"), "{text}");
    assert!(text.contains("第80号项目"));
    assert!(!text.contains("/共1页"), "more than one page");
}

#[test]
fn an_empty_meeting_still_renders() {
    let doc = MeetingDoc {
        title: "问题集中会办".into(),
        kind_label: "问题集中会办".into(),
        held_on: day(2025, 1, 6),
        status_label: "待召开".into(),
        generated_at: day(2025, 1, 2).and_hms_opt(8, 0, 0).unwrap(),
        ..Default::default()
    };
    let pdf = render_meeting_with(fonts(), &doc).unwrap();
    let text = squeeze(&text_of(&pdf));
    for expected in ["（无议程）", "（无交办事项）", "（暂无纪要）"] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
}

#[test]
fn without_a_chinese_font_the_error_says_so() {
    let empty = std::env::temp_dir().join(format!("zoneops-report-nofonts-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let err = Fonts::load(std::slice::from_ref(&empty)).err().expect("no fonts, no PDF");
    assert!(matches!(err, ReportError::NoCjkFont { .. }));
    let message = err.to_string();
    assert!(message.contains("未找到中文字体") && message.contains(&empty.display().to_string()), "{message}");
}
