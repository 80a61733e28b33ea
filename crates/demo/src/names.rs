//! Plausible Chinese names for invented companies, people and addresses.
//! Company names are made unique by construction (index → brand/format), not
//! by checking a set, so uniqueness holds at any size.

use crate::rng::Rng;

/// First characters of invented brands. Characters that would recreate a
/// named enterprise (晶澳, 李尔, 意得 …) are left out.
const BRAND_FIRST: &str = "恒宏鸿华金瑞泰盛鑫荣昌兴隆丰和嘉安永新德诚宝佳康凯捷精锐远博天东中润威亿欣明光国美龙凤云汇联万长正元世创星辰腾飞顺祥福富利晟旭阳晨春秋江河山林森众合力伟豪雄骏驰奥振维雅卓";

/// Second characters of invented brands (no 鹏/集/胜 so 华鹏, 中集, 宝胜 never recur).
const BRAND_SECOND: &str = "达通源泰丰昌隆兴利顺成发展信诚和安康宁远航宇晟辉明光华耀腾翔龙凯威邦业鑫森峰川海洋润泽恒久立新创普瑞祥福旺盈亿锦程博维美嘉豪越卓睿智";

/// Name frames; `{b}` is the 2-character brand, `{w}` the industry word. Each
/// frame puts the brand at a fixed position, so (frame, brand) → name is injective.
const FRAMES: [(&str, &str); 6] = [
    ("扬州", "有限公司"),
    ("江苏", "有限公司"),
    ("(扬州)", "有限公司"),
    ("扬州", "股份有限公司"),
    ("江苏", "股份有限公司"),
    ("(江苏)", "有限公司"),
];

pub struct Names {
    first: Vec<char>,
    second: Vec<char>,
    surnames: Vec<char>,
    given: Vec<char>,
    step: usize,
    offset: usize,
}

fn gcd(a: usize, b: usize) -> usize {
    if b == 0 { a } else { gcd(b, a % b) }
}

impl Names {
    pub fn new(seed: u64) -> Self {
        let first: Vec<char> = BRAND_FIRST.chars().collect();
        let second: Vec<char> = BRAND_SECOND.chars().collect();
        let n = first.len() * second.len() * FRAMES.len();
        // A step coprime with n makes k ↦ (k·step + offset) mod n a bijection,
        // which scatters neighbouring indices over the brand space.
        let mut step = n / 5 + (crate::rng::mix(seed) as usize) % (n / 2);
        while gcd(step, n) != 1 {
            step += 1;
        }
        Names {
            first,
            second,
            surnames: SURNAMES.chars().collect(),
            given: GIVEN.chars().collect(),
            step,
            offset: (seed as usize / 7) % n,
        }
    }

    pub fn brand_count(&self) -> usize {
        self.first.len() * self.second.len()
    }

    /// Name of the k-th invented company; distinct k give distinct names.
    pub fn name(&self, k: usize, word: &str) -> String {
        // One bijection over all (frame, brand) pairs scatters neighbours;
        // a branch-office suffix takes over once every pair is used.
        let space = self.brand_count() * FRAMES.len();
        let p = ((k % space) * self.step + self.offset) % space;
        let (frame, b) = (p % FRAMES.len(), p / FRAMES.len());
        let brand: String = [self.first[b / self.second.len()], self.second[b % self.second.len()]].iter().collect();
        let (pre, post) = FRAMES[frame];
        let mut s = if pre.starts_with('(') {
            format!("{brand}{pre}{word}{post}")
        } else {
            format!("{pre}{brand}{word}{post}")
        };
        let cycle = k / space;
        if cycle > 0 {
            s.push_str(&format!("第{}分公司", cycle + 1));
        }
        s
    }
}

impl Names {
    /// A random 2-character brand from the same material as [`Names::name`] (for companies
    /// outside the zone: investors' companies, visiting delegations).
    pub fn brand(&self, rng: &mut Rng) -> String {
        [*rng.pick(&self.first), *rng.pick(&self.second)].iter().collect()
    }
}

const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤";

const GIVEN: &str = "建国明华伟强军平东海林峰磊涛斌勇杰鹏辉波宁刚文俊洪志永春晓红丽静敏燕玲芳霞梅萍娟婷雪琳慧颖欣宇浩然晨阳凯亮超飞鑫健荣新成忠德利锋跃云兵泉立庆福生晶玉秀金";

impl Names {
    pub fn person(&self, rng: &mut Rng) -> String {
        let mut s = String::with_capacity(9);
        s.push(*rng.pick(&self.surnames));
        s.push(*rng.pick(&self.given));
        // About two thirds of given names have two characters.
        if rng.chance(650) {
            s.push(*rng.pick(&self.given));
        }
        s
    }
}

const MOBILE_PREFIXES: [u32; 25] = [
    130, 131, 132, 133, 134, 135, 136, 137, 138, 139, 150, 151, 152, 153, 155, 156, 157, 158, 159, 180, 181, 182, 186,
    187, 189,
];

pub fn mobile(rng: &mut Rng) -> String {
    let p = rng.pick(&MOBILE_PREFIXES);
    format!("{p}{:08}", rng.next_u64() % 100_000_000)
}

/// Streets per park index (same order as `zone::PARKS`); demo data.
const STREETS: [&[&str]; 7] = [
    &["吴州东路", "鸿福路", "施沙路", "汽车城大道"],
    &["施井路", "金山路", "光明路", "九龙路"],
    &["朴席镇朴田路", "朴席镇铁泰路", "朴席镇智造大道"],
    &["临江路", "新能源大道", "八里镇工业园路"],
    &["扬子津路", "港口路", "临港大道", "六圩路"],
    &["扬子江南路", "健康路", "开发西路"],
    &["开发东路", "扬子江南路", "金港路", "科技大道"],
];

pub fn address(park: usize, rng: &mut Rng) -> String {
    let street = rng.pick(STREETS[park % STREETS.len()]);
    format!("扬州经济技术开发区{street}{}号", rng.range(1, 399))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn all_distinct(s: &str) -> bool {
        let v: Vec<char> = s.chars().collect();
        v.iter().collect::<HashSet<_>>().len() == v.len()
    }

    #[test]
    fn character_lists_have_no_repeats() {
        assert!(all_distinct(BRAND_FIRST));
        assert!(all_distinct(BRAND_SECOND));
        assert!(all_distinct(SURNAMES));
        assert!(all_distinct(GIVEN));
    }

    #[test]
    fn names_unique_across_rounds() {
        let namer = Names::new(2022);
        let n = namer.brand_count() * FRAMES.len() * 2 + 100;
        let mut seen = HashSet::new();
        for k in 0..n {
            // Varying words must not matter for uniqueness.
            let w = if k % 3 == 0 { "精密机械" } else { "电子" };
            assert!(seen.insert(namer.name(k, w)), "duplicate at {k}");
        }
    }

    #[test]
    fn any_seed_gives_a_namer() {
        for seed in (0..200).chain([u64::MAX, 0xDEAD_BEEF]) {
            let namer = Names::new(seed);
            let space = namer.brand_count() * FRAMES.len();
            assert!(gcd(namer.step, space) == 1 && namer.step < space);
        }
    }

    #[test]
    fn mobiles_are_eleven_digits() {
        let mut r = Rng::new(3);
        for _ in 0..1000 {
            let m = mobile(&mut r);
            assert_eq!(m.len(), 11);
            assert!(m.chars().all(|c| c.is_ascii_digit()));
            assert!(matches!(&m[..2], "13" | "15" | "18"));
        }
    }
}
