//! The zone's fixed dictionaries: parks, the "3+4+1" chains, departments,
//! goals, and the GB/T 4754-2017 小类 codes each chain draws from.

use crate::{ChainSeed, DeptSeed, GoalSeed, ParkSeed, ZoneSeed};

pub const ZONE: ZoneSeed = ZoneSeed { code: "yz-etdz", name: "扬州经济技术开发区" };

// Park indices used by the generator.
pub const PARK_AUTO: usize = 0;
pub const PARK_PV: usize = 1;
pub const PARK_PUXI: usize = 2;
pub const PARK_NEWENERGY: usize = 3;
pub const PARK_PORT: usize = 4;
pub const PARK_HEALTH: usize = 5;
pub const PARK_DIGITAL: usize = 6;

pub const PARKS: [ParkSeed; 7] = [
    park("auto", "汽车及零部件产业园", false),
    park("pv", "绿色光电产业园", false),
    park("puxi", "朴席智能制造产业园", false),
    // The article says seven parks but names three; these four are demo data.
    park("newenergy", "新能源产业园", true),
    park("port", "临港产业园", true),
    park("health", "医疗健康产业园", true),
    park("digital", "数字经济产业园", true),
];

const fn park(code: &'static str, name: &'static str, invented: bool) -> ParkSeed {
    ParkSeed { code, name, invented }
}

// Chain indices used by the generator.
pub const CH_NEWENERGY: usize = 0;
pub const CH_PV: usize = 1;
pub const CH_AUTO: usize = 2;
pub const CH_LIGHTIND: usize = 3;
pub const CH_HEALTH: usize = 4;
pub const CH_MACHINERY: usize = 5;
pub const CH_ICT: usize = 6;
pub const CH_LOGISTICS: usize = 7;

pub const CHAINS: [ChainSeed; 8] = [
    chain("newenergy", "新能源", "leading", false),
    chain("pv", "绿色光电", "leading", false),
    chain("auto", "汽车及零部件", "leading", false),
    chain("lightind", "高档轻工", "emerging", false),
    chain("health", "医疗健康", "emerging", false),
    chain("machinery", "机械装备", "emerging", false),
    chain("ict", "新一代信息技术", "emerging", false),
    // The "+1" is unnamed in the article; the port cooperation makes this plausible.
    chain("logistics", "港口物流", "other", true),
];

const fn chain(code: &'static str, name: &'static str, group: &'static str, invented: bool) -> ChainSeed {
    ChainSeed { code, name, group, invented }
}

/// The park where most enterprises of a chain sit (None = no chain).
pub fn home_park(chain: Option<usize>) -> usize {
    match chain {
        Some(CH_NEWENERGY) => PARK_NEWENERGY,
        Some(CH_PV) => PARK_PV,
        Some(CH_AUTO) => PARK_AUTO,
        Some(CH_LIGHTIND) | Some(CH_MACHINERY) => PARK_PUXI,
        Some(CH_HEALTH) => PARK_HEALTH,
        Some(CH_ICT) => PARK_DIGITAL,
        _ => PARK_PORT,
    }
}

pub const DEPARTMENTS: [DeptSeed; 14] = [
    dept("land", "自然资源和规划局"),
    dept("housing", "住房和城乡建设局"),
    dept("hr", "人力资源和社会保障局"),
    dept("edu", "教育局"),
    dept("approval", "行政审批局"),
    dept("finance", "财政局"),
    dept("econ", "经济发展局"),
    dept("invest", "招商局"),
    dept("sci", "科技创新局"),
    dept("eco", "生态环境局"),
    dept("safety", "应急管理局"),
    dept("market", "市场监督管理局"),
    dept("medical", "卫生健康局"),
    dept("office", "党政办公室"),
];

const fn dept(code: &'static str, name: &'static str) -> DeptSeed {
    DeptSeed { code, name }
}

/// The two "five-year" targets set at the 2021-02-27 meeting (the 14th five-year period).
pub const GOALS: [GoalSeed; 2] = [
    GoalSeed {
        name: "五年培育10个过百亿企业", tier: "baiyi", target_count: 10, base_year: 2021, deadline_year: 2025
    },
    GoalSeed {
        name: "五年培育100家亿元以上企业", tier: "yi", target_count: 100, base_year: 2021, deadline_year: 2025
    },
];

/// The targets of the 15th five-year period (2026–2030): invented for the demo, a step up
/// from the last period's.
pub const GOALS_2026_2030: [GoalSeed; 2] = [
    GoalSeed {
        name: "“十五五”培育15个过百亿企业",
        tier: "baiyi",
        target_count: 15,
        base_year: 2026,
        deadline_year: 2030,
    },
    GoalSeed {
        name: "“十五五”培育150家亿元以上企业",
        tier: "yi",
        target_count: 150,
        base_year: 2026,
        deadline_year: 2030,
    },
];

/// The goals a zone has on `today`: every period's targets once the period has begun.
pub fn goals(today: chrono::NaiveDate) -> Vec<GoalSeed> {
    [&GOALS[..], &GOALS_2026_2030[..]]
        .into_iter()
        .flatten()
        .filter(|g| g.base_year <= chrono::Datelike::year(&today))
        .copied()
        .collect()
}

/// Broad economic profile of an industry: drives energy intensity, labour
/// productivity, output per mu and tax rate so the figures look coherent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sector {
    /// Coal-fired power and heat.
    Heavy,
    Chem,
    Material,
    Mfg,
    Light,
    /// Electronics and photovoltaics.
    Clean,
    Logistics,
    Software,
}

pub struct SectorProfile {
    /// kg of standard coal per 万元 of output.
    pub kgce: (i64, i64),
    /// Sales per employee per year, in 万元.
    pub productivity_wan: (i64, i64),
    /// Output per mu per year in 万元; 0 = no own land (office tenants).
    pub per_mu_wan: (i64, i64),
    /// Tax as permille of sales.
    pub tax_permille: (i64, i64),
}

pub fn sector_profile(s: Sector) -> SectorProfile {
    let p = |kgce, prod, mu, tax| SectorProfile { kgce, productivity_wan: prod, per_mu_wan: mu, tax_permille: tax };
    match s {
        Sector::Heavy => p((2400, 3000), (600, 1000), (400, 700), (25, 35)),
        Sector::Chem => p((250, 600), (150, 350), (300, 700), (30, 60)),
        Sector::Material => p((200, 500), (60, 150), (150, 400), (25, 45)),
        Sector::Mfg => p((20, 70), (50, 150), (200, 600), (25, 55)),
        Sector::Light => p((30, 80), (40, 120), (200, 500), (30, 60)),
        Sector::Clean => p((30, 90), (80, 250), (300, 900), (20, 45)),
        Sector::Logistics => p((10, 30), (60, 150), (50, 150), (30, 60)),
        Sector::Software => p((2, 8), (30, 80), (0, 0), (40, 60)),
    }
}

/// One 小类 code with words used to name companies in it.
pub struct Industry {
    pub code: &'static str,
    pub words: &'static [&'static str],
    pub sector: Sector,
}

const fn ind(code: &'static str, words: &'static [&'static str], sector: Sector) -> Industry {
    Industry { code, words, sector }
}

use Sector::*;

/// Industries per chain index; the last entry is for enterprises outside any chain.
pub const CHAIN_INDUSTRIES: [&[Industry]; 9] = [
    // 新能源
    &[
        ind("3841", &["锂电科技", "新能源电池", "储能科技"], Clean),
        ind("3842", &["镍氢电池", "电池材料"], Clean),
        ind("3849", &["储能电源", "电池系统"], Clean),
        ind("3415", &["风电设备", "风能装备"], Mfg),
        ind("3821", &["变压器", "电气设备"], Mfg),
        ind("3823", &["电气成套", "开关设备"], Mfg),
        ind("3824", &["电力电子", "功率器件"], Clean),
    ],
    // 绿色光电
    &[
        ind("3825", &["光伏科技", "光电科技", "太阳能科技"], Clean),
        ind("3976", &["光电子", "光电器件"], Clean),
        ind("3985", &["电子材料", "光伏材料"], Clean),
        ind("3051", &["光伏玻璃", "技术玻璃"], Material),
        ind("3975", &["半导体照明", "光源科技"], Clean),
        ind("3874", &["智能照明", "照明科技"], Clean),
        ind("4416", &["光伏发电", "新能源电力"], Clean),
    ],
    // 汽车及零部件
    &[
        ind("3670", &["汽车零部件", "汽车部件", "汽车配件", "车辆部件"], Mfg),
        ind("3660", &["专用车", "汽车车身"], Mfg),
        ind("3620", &["动力科技", "发动机"], Mfg),
        ind("3612", &["新能源汽车", "电动车"], Mfg),
        ind("3962", &["智能车载", "车联网科技"], Clean),
        ind("3393", &["粉末冶金", "精密锻造"], Material),
        ind("3391", &["精密铸造", "铸造"], Material),
        ind("2913", &["橡胶制品", "密封件"], Mfg),
    ],
    // 高档轻工
    &[
        ind("1439", &["食品", "方便食品"], Light),
        ind("1419", &["烘焙食品", "食品"], Light),
        ind("1524", &["饮品", "乳业"], Light),
        ind("2683", &["日化用品", "口腔护理"], Light),
        ind("2682", &["化妆品", "日化科技"], Light),
        ind("2110", &["家具", "家居"], Light),
        ind("2927", &["塑料制品", "日用品"], Light),
        ind("3851", &["电器", "冷链电器"], Mfg),
        ind("3854", &["厨房电器", "家电"], Mfg),
        ind("2433", &["漆器", "工艺品"], Light),
        ind("1819", &["服饰", "制衣"], Light),
    ],
    // 医疗健康
    &[
        ind("2720", &["制药", "药业"], Chem),
        ind("2740", &["中药", "药业"], Light),
        ind("2761", &["生物科技", "生物制药"], Chem),
        ind("2770", &["医用材料", "卫生用品"], Light),
        ind("3581", &["医疗设备", "医疗科技"], Mfg),
        ind("3584", &["医疗器械", "医用器械"], Mfg),
        ind("3586", &["康复器械", "康复科技"], Mfg),
        ind("3589", &["医疗用品", "医疗器械"], Mfg),
    ],
    // 机械装备
    &[
        ind("3412", &["动力机械", "柴油机"], Mfg),
        ind("3421", &["数控机床", "机床"], Mfg),
        ind("3422", &["锻压机床", "成形机械"], Mfg),
        ind("3441", &["泵业", "流体设备"], Mfg),
        ind("3443", &["阀门", "流体控制"], Mfg),
        ind("3453", &["齿轮", "传动科技"], Mfg),
        ind("3484", &["精密机械", "机械制造", "机械"], Mfg),
        ind("3491", &["机器人", "智能装备"], Mfg),
        ind("3514", &["工程机械", "建设机械"], Mfg),
        ind("3331", &["集装箱", "箱体科技"], Material),
        ind("3332", &["压力容器", "容器设备"], Material),
        ind("3311", &["钢结构", "金属结构"], Material),
    ],
    // 新一代信息技术
    &[
        ind("3982", &["电路科技", "电子电路", "线路板"], Clean),
        ind("3989", &["电子科技", "电子元件"], Clean),
        ind("3979", &["电子器件", "微电子"], Clean),
        ind("3831", &["电缆", "线缆"], Mfg),
        ind("3832", &["光纤", "光通信"], Clean),
        ind("3921", &["通信设备", "通信科技"], Clean),
        ind("3914", &["工控科技", "自动化"], Clean),
        ind("3973", &["集成电路", "半导体"], Clean),
        ind("6513", &["软件", "信息科技", "数字科技"], Software),
        ind("6531", &["信息系统", "智能科技"], Software),
    ],
    // 港口物流
    &[
        ind("5532", &["港务", "港口"], Logistics),
        ind("5920", &["仓储", "物流"], Logistics),
        ind("5810", &["多式联运", "国际物流"], Logistics),
        ind("5821", &["货运代理", "国际货运"], Logistics),
        ind("7224", &["供应链管理", "供应链"], Logistics),
        ind("5431", &["运输", "物流"], Logistics),
    ],
    // outside the chains
    &[
        ind("2614", &["化工", "化学"], Chem),
        ind("2619", &["气体", "化工"], Chem),
        ind("2641", &["涂料", "新材料"], Chem),
        ind("2651", &["树脂", "高分子材料"], Chem),
        ind("3021", &["建材", "水泥制品"], Material),
        ind("3399", &["金属制品", "五金"], Mfg),
        ind("4430", &["热力", "能源"], Heavy),
    ],
];

/// Industries for an optional chain.
pub fn industries(chain: Option<usize>) -> &'static [Industry] {
    CHAIN_INDUSTRIES[chain.unwrap_or(CHAIN_INDUSTRIES.len() - 1)]
}

/// Looks up the sector of any code used by the generator (named enterprises
/// use codes from the same table, plus 4411 for the power plant).
pub fn sector_of(code: &str) -> Sector {
    if code == "4411" {
        return Heavy;
    }
    CHAIN_INDUSTRIES.iter().flat_map(|list| list.iter()).find(|i| i.code == code).map(|i| i.sector).unwrap_or(Mfg)
}
