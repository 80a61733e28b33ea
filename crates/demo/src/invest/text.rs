//! Chinese text material for investment attraction: cities, company words, project names,
//! outcomes, progress notes, problems and reasons. All demo data.

use crate::EnterpriseSeed;
use crate::rng::Rng;
use crate::zone::*;

use super::util::weighted;

/// Home cities of investors' companies and destinations of trips, weighted.
pub const CITIES: [(&str, u64); 22] = [
    ("上海", 14),
    ("深圳", 12),
    ("苏州", 10),
    ("南京", 8),
    ("杭州", 8),
    ("北京", 7),
    ("广州", 6),
    ("无锡", 5),
    ("合肥", 5),
    ("宁波", 4),
    ("东莞", 4),
    ("常州", 4),
    ("武汉", 3),
    ("成都", 3),
    ("厦门", 2),
    ("天津", 2),
    ("青岛", 2),
    ("西安", 2),
    ("长沙", 2),
    ("佛山", 2),
    ("香港", 2),
    ("温州", 1),
];

pub fn city(rng: &mut Rng) -> &'static str {
    weighted(rng, &CITIES)
}

/// Words in the names of investors' companies, per chain index (last: outside the chains).
const COMPANY_WORDS: [&[&str]; 9] = [
    &["新能源科技", "储能科技", "电池科技", "电气科技"],
    &["光伏科技", "光电科技", "新能源科技", "半导体科技"],
    &["汽车零部件", "汽车科技", "汽车电子", "精密部件"],
    &["食品", "家居科技", "日化科技", "电器"],
    &["生物医药", "医疗科技", "医疗器械", "生物科技"],
    &["智能装备", "机械科技", "精密机械", "自动化设备"],
    &["电子科技", "信息技术", "半导体", "数字科技"],
    &["供应链管理", "物流", "国际货运", "冷链物流"],
    &["实业", "投资", "新材料", "科技"],
];

/// Products in project names, per chain index (last: outside the chains).
const PRODUCTS: [&[&str]; 9] = [
    &["新能源电池", "储能电池", "动力电池Pack", "锂电池材料", "风电装备", "智能电网装备", "氢能装备"],
    &["高效光伏组件", "N型光伏电池", "光伏玻璃", "光伏支架", "LED芯片", "光伏逆变器"],
    &["汽车零部件", "新能源汽车电驱系统", "汽车内饰件", "智能座舱", "汽车轻量化部件", "汽车线束"],
    &["智能家电", "食品加工", "高端日化", "智能家居", "健康饮品"],
    &["医疗器械", "生物医药", "创新药", "体外诊断试剂", "高端医用耗材"],
    &["智能装备", "高端数控机床", "工业机器人", "精密传动部件", "液压件", "特种集装箱"],
    &["集成电路封测", "精密电子元器件", "5G通信模组", "高端PCB", "显示模组", "工业软件"],
    &["智慧物流园", "冷链仓储", "港口物流", "多式联运"],
    &["新材料", "精细化工", "高端金属制品", "绿色建材"],
];

const AM_SUFFIX: [&str; 6] = ["项目", "项目", "生产基地项目", "智能制造项目", "产业化项目", "二期项目"];
const EXPANSION_SUFFIX: [&str; 3] = ["扩建项目", "技改项目", "扩产项目"];
const SERVICES: [&str; 8] = [
    "区域总部",
    "研发中心",
    "供应链管理中心",
    "跨境电商产业园",
    "数字经济产业园",
    "科创中心",
    "冷链物流园",
    "检验检测中心",
];
const INFRA: [&str; 8] =
    ["标准厂房", "人才公寓", "综合管廊", "污水处理厂提标改造", "110kV变电站", "道路改造", "邻里中心", "集中供热管网"];
const INFRA_PHASE: [&str; 4] = ["", "(一期)", "(二期)", "(三期)"];
const OTHER: [&str; 4] = ["商业综合体", "酒店", "文旅", "农业科技园"];

fn slot(chain: Option<usize>) -> usize {
    chain.unwrap_or(COMPANY_WORDS.len() - 1).min(COMPANY_WORDS.len() - 1)
}

/// "深圳恒达新能源科技有限公司".
pub fn company(rng: &mut Rng, city: &str, brand: &str, chain: Option<usize>) -> String {
    let word = rng.pick(COMPANY_WORDS[slot(chain)]);
    let suffix = match rng.range(0, 9) {
        0..=6 => "有限公司",
        7 | 8 => "股份有限公司",
        _ => "集团有限公司",
    };
    format!("{city}{brand}{word}{suffix}")
}

/// Short names of the article's enterprises, as project names use them.
const SHORT: [(&str, &str); 16] = [
    ("ja", "晶澳"),
    ("power2", "二电厂"),
    ("weichai", "潍柴"),
    ("baosheng", "中航宝胜"),
    ("lear", "李尔"),
    ("porite", "保来得"),
    ("yide", "意得"),
    ("tongyang", "通扬"),
    ("yingde", "盈德"),
    ("yapp", "亚普"),
    ("hisense", "海信"),
    ("cimc", "中集"),
    ("lingyi", "领益"),
    ("kelba", "科霸"),
    ("huapeng", "华鹏"),
    ("bigfood", "大食品"),
];

/// The brand of an enterprise ("扬州恒达锂电科技有限公司" → "恒达").
pub fn short_name(e: &EnterpriseSeed) -> String {
    if let Some(k) = e.key
        && let Some((_, s)) = SHORT.iter().find(|(key, _)| *key == k)
    {
        return s.to_string();
    }
    let mut n = e.name.as_str();
    for p in ["扬州", "江苏"] {
        n = n.strip_prefix(p).unwrap_or(n);
    }
    if let Some((head, _)) = n.split_once('(')
        && !head.is_empty()
    {
        return head.to_string();
    }
    n.chars().take(2).collect()
}

/// A project name: "恒达新能源电池项目", "亚普汽车零部件扩建项目", "新能源产业园标准厂房(二期)项目".
pub fn project_name(
    rng: &mut Rng,
    category: &str,
    brand: &str,
    chain: Option<usize>,
    park: &str,
    expansion: bool,
) -> String {
    match category {
        "advanced_manufacturing" => {
            let product = rng.pick(PRODUCTS[slot(chain)]);
            let suffix = if expansion { rng.pick(&EXPANSION_SUFFIX) } else { rng.pick(&AM_SUFFIX) };
            format!("{brand}{product}{suffix}")
        }
        "modern_services" => {
            let what = if chain == Some(CH_LOGISTICS) { rng.pick(PRODUCTS[CH_LOGISTICS]) } else { rng.pick(&SERVICES) };
            format!("{brand}{what}项目")
        }
        "infrastructure" => format!("{park}{}{}项目", rng.pick(&INFRA), rng.pick(&INFRA_PHASE)),
        _ => format!("{brand}{}项目", rng.pick(&OTHER)),
    }
}

pub const OUTCOMES: [&str; 12] = [
    "达成初步意向",
    "交换项目资料,约定二次洽谈",
    "对方将派团队来园区实地考察",
    "达成投资合作意向,进入商务谈判",
    "对方暂无投资计划,保持联系",
    "签署投资意向书",
    "推介园区政策与配套,对方表示关注",
    "对接产业链上下游合作",
    "明确项目用地及厂房需求",
    "就投资协议主要条款深入磋商",
    "对方提出人才公寓及配套需求,待研究答复",
    "了解企业扩产计划,建立定期联系",
];

pub const RECEPTION_OUTCOMES: [&str; 4] = [
    "客商实地考察园区,对产业配套表示满意",
    "参观标准厂房,有意向租赁",
    "座谈交流,达成初步意向",
    "考察产业链配套企业,约定下次洽谈",
];

pub fn outcome(rng: &mut Rng, kind: &str) -> String {
    if kind == "reception" && rng.chance(350) {
        return rng.pick(&RECEPTION_OUTCOMES).to_string();
    }
    if rng.chance(80) {
        return format!("明确项目用地需求约{}亩", rng.range(3, 30) * 10);
    }
    rng.pick(&OUTCOMES).to_string()
}

pub const ZONE_PLACES: [&str; 4] =
    ["开发区管委会招商会议室", "开发区招商服务中心", "开发区规划展示馆", "园区企业服务中心"];

/// Colleagues who join activities besides the investors: zone leaders and heads of departments.
pub const OFFICIALS: [&str; 6] =
    ["管委会分管领导", "招商局负责人", "园区主任", "经济发展局负责人", "行政审批局代表", "自然资源和规划局代表"];

/// Progress notes by the next pending stage (index into `PROJECT_STAGES`).
pub fn progress_done(rng: &mut Rng, next: usize) -> String {
    let n = rng.range(2, 9);
    match next {
        1 => rng
            .pick(&["完成项目备案,准备重大项目预审材料", "预审材料已报送,等待会审", "补充能评、环评预审材料"])
            .to_string(),
        2 => rng
            .pick(&["完成地块勘测定界", "土地挂牌公告已发布", "土地摘牌,签订出让合同", "完成土地报批组卷"])
            .to_string(),
        3 => rng.pick(&["施工图审查完成", "办理施工许可证", "场地平整,临水临电接入", "施工单位招标完成"]).to_string(),
        4 => match rng.range(0, 3) {
            0 => format!("主体结构施工至{n}层"),
            1 => format!("钢结构厂房吊装完成{}%", n * 10),
            2 => "屋面及外墙施工".to_string(),
            _ => "设备基础及室外管网施工".to_string(),
        },
        5 => rng.pick(&["消防验收", "竣工验收资料整理", "规划核实及联合验收", "厂房移交前整改"]).to_string(),
        6 => match rng.range(0, 2) {
            0 => "设备安装调试".to_string(),
            1 => format!("试生产准备,招聘一线员工{}人", n * 20),
            _ => "首条产线联调".to_string(),
        },
        _ => match rng.range(0, 1) {
            0 => format!("产能爬坡,达产率约{}%", 40 + n * 6),
            _ => "新增订单,二期产线调试".to_string(),
        },
    }
}

/// (title, detail) of problems projects meet.
pub const PROBLEMS: [(&str, &str); 10] = [
    ("施工用电增容审批滞后", "项目施工需新增10kV专线,供电公司接入方案尚未批复"),
    ("土地指标未落实", "项目地块用地指标尚待市里统筹,影响土地挂牌时间"),
    ("环评批复待下达", "项目环评报告已受理,专家评审后需补充材料"),
    ("员工宿舍不足", "项目投产后新增用工约300人,周边人才公寓房源紧张"),
    ("进口设备清关延误", "关键生产设备到港后清关时间较长,影响安装调试"),
    ("施工许可办理", "施工图审查意见较多,施工许可证办理时间延后"),
    ("天然气管道接入", "生产用气需新建管道,燃气公司施工排期较晚"),
    ("技术骨干子女入学", "引进的技术骨干子女入学需协调学位"),
    ("污水接管", "生产废水需接入园区污水管网,管网延伸工程尚未完工"),
    ("消防验收排期", "厂房已竣工,消防验收排期等待中"),
];

pub const LOST_REASONS: [&str; 7] = [
    "企业战略调整,暂缓投资",
    "最终落户外地,对方给出更优惠的条件",
    "项目能耗指标无法满足",
    "投资方资金链紧张,项目搁置",
    "用地需求超出园区可供地块",
    "产业定位与园区规划不符",
    "项目环评不符合园区准入要求",
];

pub const BACK_REASONS: [&str; 4] = [
    "对方决策层调整,需重新接洽",
    "投资方案变更,退回重新对接",
    "核心条款存在分歧,暂退回接洽阶段",
    "对方内部评估延期,洽谈暂停",
];

pub const REOPEN_REASONS: [&str; 2] = ["对方重新启动投资计划", "外地项目落地受阻,重新来园区洽谈"];
