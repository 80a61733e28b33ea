//! Chinese text material for service-desk tickets: problems per category, resolutions, and the
//! reasons of returns, pauses, reviews and unresolved closings. All demo data.

use crate::rng::Rng;

/// A problem: title and detail, where `{co}` is who meets it (company, project), `{n}` a number
/// drawn from `lo..=hi`; and how it is resolved.
struct Topic {
    title: &'static str,
    detail: &'static str,
    lo: i64,
    hi: i64,
    /// How it was resolved.
    done: &'static str,
}

const fn t(title: &'static str, detail: &'static str, lo: i64, hi: i64, done: &'static str) -> Topic {
    Topic { title, detail, lo, hi, done }
}

const LAND: &[Topic] = &[
    t(
        "申请新增工业用地指标",
        "{co}拟实施扩产项目，需新增工业用地约{n}亩，申请协调用地指标并明确供地时间。",
        20,
        150,
        "已会同规划部门现场踏勘，用地指标纳入下一批次供地计划，已书面告知企业时间节点。",
    ),
    t(
        "不动产权证办理进度缓慢",
        "{co}已缴清土地出让金，不动产权证书办理已超过{n}天仍未完成，影响项目抵押融资。",
        40,
        90,
        "已协调不动产登记中心开辟绿色通道，权证已办结并送达企业。",
    ),
    t(
        "相邻地块规划用途咨询",
        "{co}希望了解厂区东侧约{n}亩地块的规划用途，拟用于二期建设，请帮助对接。",
        10,
        60,
        "已提供地块控制性详细规划，并安排专人对接二期用地预审。",
    ),
    t(
        "用地红线与现状围墙不一致",
        "{co}厂区用地红线与现状围墙相差约{n}米，影响规划许可办理，请协调测绘复核。",
        2,
        15,
        "已组织测绘单位复核红线，出具复核意见，企业据此办理后续手续。",
    ),
    t(
        "低效用地再开发政策咨询",
        "{co}现有厂区容积率偏低，计划加建厂房约{n}平方米，咨询低效用地再开发支持政策。",
        3000,
        20000,
        "已向企业解读低效用地再开发政策，并指导编制加建方案。",
    ),
    t(
        "项目用地交地时间延后",
        "{co}项目用地原定本月交地，目前地块内仍有{n}处杆线未迁移，请协调尽快交地。",
        2,
        8,
        "已协调供电、通信单位完成杆线迁移，地块已按净地交付。",
    ),
];

const HOUSING: &[Topic] = &[
    t(
        "标准厂房租赁需求",
        "{co}订单增长，需租赁标准厂房约{n}平方米，要求层高8米以上、配备行车，希望园区推荐房源。",
        2000,
        12000,
        "已推荐三处标准厂房房源，企业已实地查看并选定，租赁合同已签订。",
    ),
    t(
        "人才公寓入住申请",
        "{co}新引进技术骨干{n}名，申请入住人才公寓，希望尽快安排房源。",
        2,
        15,
        "已安排人才公寓房源，员工已办理入住。",
    ),
    t(
        "厂房租赁到期续租问题",
        "{co}租用的园区厂房将于{n}个月后到期，希望续租并咨询租金优惠政策。",
        1,
        6,
        "已协调产权单位按原租金标准续租两年，并落实租金补贴政策。",
    ),
    t(
        "员工宿舍床位不足",
        "{co}新招一线员工约{n}人，现有宿舍不足，请协调附近公寓或宿舍资源。",
        30,
        300,
        "已协调附近公寓统一租赁作为员工宿舍，员工已入住。",
    ),
    t(
        "商务办公用房租金补贴申请",
        "{co}租用园区商务楼约{n}平方米办公，申请落实招商协议约定的租金补贴。",
        300,
        3000,
        "已核定补贴金额，租金补贴已拨付到账。",
    ),
    t(
        "厂房屋面漏水维修",
        "{co}租用的园区标准厂房屋面有{n}处漏水，影响生产，请协调产权单位维修。",
        2,
        10,
        "已协调产权单位完成屋面维修，企业确认不再影响生产。",
    ),
];

const STAFFING: &[Topic] = &[
    t(
        "一线操作工招聘困难",
        "{co}旺季缺少一线操作工约{n}人，希望人社部门协助组织专场招聘会。",
        30,
        400,
        "已组织专场招聘会，企业现场达成用工意向，后续由人社部门跟踪。",
    ),
    t(
        "技能人才培训补贴申领",
        "{co}今年组织{n}名员工参加职业技能培训，咨询培训补贴申领流程。",
        20,
        200,
        "已指导企业完成补贴申报，培训补贴已拨付到账。",
    ),
    t(
        "高校毕业生引进对接",
        "{co}计划招聘应届毕业生{n}名，希望对接省内高校开展校园招聘。",
        5,
        60,
        "已对接两所高校安排校园招聘，企业已与部分毕业生签约。",
    ),
    t(
        "社保缴费基数调整咨询",
        "{co}有{n}名员工社保缴费基数调整存在疑问，请人社部门给予指导。",
        10,
        200,
        "已就政策口径书面答复企业，并完成缴费基数调整。",
    ),
    t(
        "外籍专家工作许可办理",
        "{co}引进外籍技术专家{n}名，工作许可材料已提交，希望加快办理。",
        1,
        4,
        "已开辟绿色通道，外国人工作许可证已核发。",
    ),
    t(
        "稳岗返还资金未到账",
        "{co}符合稳岗返还条件，申请已提交{n}天资金仍未到账，请协助查询。",
        20,
        60,
        "已查明原因并补正信息，稳岗返还资金已到账。",
    ),
];

const SCHOOLING: &[Topic] = &[
    t(
        "高管子女入学申请",
        "{co}引进的高管子女今年秋季需就读小学{n}年级，申请协调区内学校入学。",
        1,
        6,
        "已协调区内学校安排入学，学生已正常报到。",
    ),
    t(
        "员工子女就近入学",
        "{co}有{n}名外地员工子女需在区内就近入学，希望教育部门统筹安排。",
        2,
        20,
        "已按随迁子女入学政策统筹安排学位，家长已确认。",
    ),
    t(
        "人才子女转学协调",
        "{co}技术骨干随迁子女需转入区内初中{n}年级，请协调转学手续。",
        7,
        9,
        "已办结转学手续，学生已到校就读。",
    ),
    t(
        "人才子女幼儿园入园",
        "{co}高层次人才子女需入园（{n}岁），申请协调附近公办幼儿园学位。",
        3,
        5,
        "已协调附近公办幼儿园安排学位，幼儿已入园。",
    ),
];

const APPROVAL: &[Topic] = &[
    t(
        "施工许可证办理提速",
        "{co}扩建项目已完成施工图审查，申请加快办理施工许可，争取{n}日内开工。",
        5,
        20,
        "已启动容缺受理并召开联审会，施工许可证已核发。",
    ),
    t(
        "环评审批进度咨询",
        "{co}新建生产线环评报告已受理{n}天，咨询审批进度及需补充的材料。",
        15,
        60,
        "已督促审批节点加快办理，环评批复已出具，企业已领取批文。",
    ),
    t(
        "消防验收预约",
        "{co}新建厂房约{n}平方米已竣工，申请尽快安排消防验收。",
        5000,
        40000,
        "已安排现场验收，消防验收意见书已出具。",
    ),
    t(
        "排污许可证变更",
        "{co}产能调整后需变更排污许可证，材料已准备齐全，希望{n}个工作日内办结。",
        5,
        15,
        "已指导企业补齐材料，排污许可证变更已办结。",
    ),
    t(
        "项目备案信息变更",
        "{co}投资项目总投资调整为{n}万元，需变更备案信息，请指导办理。",
        5000,
        80000,
        "已在线办理备案变更，变更结果已告知企业。",
    ),
    t(
        "竣工联合验收",
        "{co}项目已具备竣工验收条件，申请组织联合验收，涉及{n}个部门。",
        3,
        8,
        "已组织相关部门联合验收，验收意见已出具。",
    ),
];

const FINANCE: &[Topic] = &[
    t(
        "流动资金贷款需求",
        "{co}原材料采购资金紧张，需流动资金贷款约{n}万元，希望对接合作银行。",
        300,
        8000,
        "已组织银企对接会，合作银行已完成授信审批，贷款已发放。",
    ),
    t(
        "转贷应急资金申请",
        "{co}一笔{n}万元贷款即将到期，申请使用转贷应急资金过桥。",
        500,
        5000,
        "已受理转贷应急资金申请，资金已按期到位。",
    ),
    t(
        "产业基金股权投资对接",
        "{co}计划融资约{n}万元用于新产品研发，希望对接区产业基金。",
        2000,
        30000,
        "已将企业推荐至区产业基金，基金管理人已开展尽职调查。",
    ),
    t(
        "贷款贴息政策咨询",
        "{co}新增技改贷款{n}万元，咨询技改贷款贴息政策及申报时间。",
        500,
        10000,
        "已就贴息政策答复企业，并指导完成申报。",
    ),
    t(
        "上市辅导服务需求",
        "{co}拟于{n}年内申报上市，希望获得上市辅导及券商对接服务。",
        1,
        3,
        "已将企业纳入上市后备库，并对接券商开展辅导。",
    ),
    t(
        "政府采购账款拖欠",
        "{co}承接的政府采购项目尚有约{n}万元尾款未支付，请协调财政部门。",
        50,
        800,
        "已协调财政部门完成支付审核，尾款已支付。",
    ),
];

const OTHER: &[Topic] = &[
    t(
        "厂区门前道路破损",
        "{co}门前道路有{n}处坑洼，货车通行困难，雨天积水严重，请协调修复。",
        2,
        10,
        "已协调市政部门完成道路修补，积水问题已整改到位。",
    ),
    t(
        "电力增容需求",
        "{co}新上生产线需电力增容约{n}千伏安，希望协调供电公司加快办理。",
        800,
        5000,
        "已协调供电公司制定增容方案，增容工程已完工送电。",
    ),
    t(
        "公交线路延伸",
        "{co}员工约{n}人通勤不便，建议公交线路延伸至厂区附近并增设站点。",
        200,
        2000,
        "已协调公交公司调整线路，新站点已启用。",
    ),
    t(
        "天然气管道接入",
        "{co}锅炉改造需接入天然气，厂区距主管网约{n}米，请协调燃气公司。",
        200,
        1500,
        "已协调燃气公司完成管道接入，已通气使用。",
    ),
    t(
        "周边路灯不亮",
        "{co}厂区周边道路有{n}盏路灯长期不亮，夜班员工出行存在安全隐患。",
        3,
        20,
        "已协调路灯管理部门完成维修，路灯已恢复照明。",
    ),
    t(
        "企业周边噪声扰民投诉",
        "{co}反映相邻工地夜间施工噪声大，已持续{n}天，影响员工休息。",
        3,
        20,
        "已约谈施工单位，夜间施工已按规定停止。",
    ),
];

fn topics(category: &str) -> &'static [Topic] {
    match category {
        "land" => LAND,
        "housing" => HOUSING,
        "staffing" => STAFFING,
        "schooling" => SCHOOLING,
        "approval" => APPROVAL,
        "finance" => FINANCE,
        _ => OTHER,
    }
}

pub struct Problem {
    pub title: String,
    pub detail: String,
    pub resolution: &'static str,
}

/// A problem of `category` met by `who` (a company, a project, or a description).
pub fn problem(rng: &mut Rng, category: &str, who: &str) -> Problem {
    let topic = rng.pick(topics(category));
    let n = rng.range(topic.lo, topic.hi).to_string();
    debug_assert!(topic.detail.contains("{co}"));
    Problem { title: topic.title.to_string(), detail: fill(topic.detail, who, &n), resolution: topic.done }
}

/// The template with `{co}` and `{n}` filled in, in one pass.
fn fill(template: &str, who: &str, n: &str) -> String {
    let mut out = String::with_capacity(template.len() + who.len() + n.len());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        if let Some(r) = rest.strip_prefix("{co}") {
            out.push_str(who);
            rest = r;
        } else if let Some(r) = rest.strip_prefix("{n}") {
            out.push_str(n);
            rest = r;
        } else {
            out.push('{');
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}

/// A second resolution after the requester said "not solved".
pub fn resolution_again(rng: &mut Rng) -> String {
    (*rng.pick(&[
        "经再次现场核实，已补充落实相关措施，问题已彻底解决。",
        "已与企业再次沟通并调整方案，企业确认问题已解决。",
        "已协调分管领导专题会办，问题已解决。",
    ]))
    .to_string()
}

pub const PAUSE_REASONS: [&str; 5] = [
    "等待企业补充材料",
    "等待企业补充材料（营业执照及相关证明）",
    "等待上级部门审批意见",
    "企业负责人出差，约定返回后现场对接",
    "等待第三方机构出具评估报告",
];

/// The reason a department returns a ticket routed to it by mistake.
pub fn misrouted(handler: &str) -> String {
    format!("经核实，该事项不属于本单位职责范围，建议改派{handler}办理")
}

pub const RETURN_REASONS: [&str; 3] =
    ["诉求涉及多个部门，需明确牵头单位", "企业提供的信息不全，无法联系核实", "该事项需先由企业向属地园区申报"];

pub const INSIST_REASONS: [&str; 3] =
    ["经核实该事项属贵单位职责，请牵头办理", "已补充企业联系方式，请继续办理", "请贵单位牵头，相关部门配合"];

pub const REROUTE_REASONS: [&str; 2] = ["按职责改派", "退单理由成立，改派牵头部门"];

pub const UNRESOLVED_REASONS: [&str; 4] = [
    "企业已自行解决，撤回诉求",
    "诉求不符合现行政策规定，已向企业解释说明",
    "重复提交，已并入其他工单办理",
    "企业联系不上，多次回访无果",
];

/// Comments of a solved rating by satisfaction (1–5); often empty.
pub fn comment(rng: &mut Rng, satisfaction: i32, solved: bool) -> String {
    if !solved {
        return (*rng.pick(&["问题仍未解决", "答复与实际情况不符", "只作了政策解释，实际困难没有解决"])).to_string();
    }
    if rng.chance(450) {
        return String::new();
    }
    let s: &[&str] = match satisfaction {
        5 => &["办理及时，非常满意", "感谢区里的帮助", "马上就办，效率很高", "态度很好，点赞"],
        4 => &["总体满意", "办理及时，希望继续跟进", "问题已解决，谢谢"],
        3 => &["基本解决，时间稍长", "解决了，但流程较繁琐"],
        _ => &["办理时间太长", "沟通不够及时"],
    };
    (*rng.pick(s)).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_fill() {
        assert_eq!(fill("{co}缺少{n}人，{co}", "甲公司", "30"), "甲公司缺少30人，甲公司");
        assert_eq!(fill("无占位{x}", "甲", "1"), "无占位{x}");
        for cat in ["land", "housing", "staffing", "schooling", "approval", "finance", "other"] {
            for t in topics(cat) {
                let d = fill(t.detail, "甲公司", "7");
                assert!(d.starts_with("甲公司") && !d.contains('{'), "{d}");
                assert!(t.lo <= t.hi && !t.done.is_empty());
            }
        }
    }
}
