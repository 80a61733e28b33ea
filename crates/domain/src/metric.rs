//! Indicator metrics reported by enterprises.
//!
//! Every stored value is an `i64` in hundredths of the metric's unit (money
//! metrics: fen), so sums and comparisons are exact.

use serde::{Deserialize, Serialize};

use crate::money::{MAX_YUAN, scaled_exact};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Sales,
    Output,
    Tax,
    Employees,
    Rd,
    Energy,
    LandMu,
    FixedInvestment,
}

/// See [`Metric::year_rule`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum YearRule {
    Sum,
    Average,
    Latest,
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum MetricValueError {
    #[error("value is not a finite number")]
    NotFinite,
    #[error("value is negative")]
    Negative,
    #[error("value has more than {max} decimals")]
    TooManyDecimals { max: u32 },
    #[error("value exceeds {max}")]
    TooLarge { max: f64 },
}

impl MetricValueError {
    pub fn code(&self) -> &'static str {
        match self {
            MetricValueError::NotFinite => "INDICATOR_VALUE_NOT_FINITE",
            MetricValueError::Negative => "INDICATOR_VALUE_NEGATIVE",
            MetricValueError::TooManyDecimals { .. } => "INDICATOR_VALUE_DECIMALS",
            MetricValueError::TooLarge { .. } => "INDICATOR_VALUE_TOO_LARGE",
        }
    }

    pub fn message_zh(&self, metric: Metric) -> String {
        let label = metric.label_zh();
        match self {
            MetricValueError::NotFinite => format!("{label}必须是有效数字"),
            MetricValueError::Negative => format!("{label}不能为负数"),
            MetricValueError::TooManyDecimals { max: 0 } => format!("{label}必须为整数"),
            MetricValueError::TooManyDecimals { max } => {
                format!("{label}最多保留{max}位小数")
            }
            MetricValueError::TooLarge { max } => {
                format!("{label}不能超过{}{}", magnitude_zh(*max), metric.unit_zh())
            }
        }
    }
}

/// Whole numbers in Chinese magnitude words: 1e13 → "10万亿", 1e7 → "1000万".
fn magnitude_zh(v: f64) -> String {
    for (unit, word) in [(1e12, "万亿"), (1e8, "亿"), (1e4, "万")] {
        let q = v / unit;
        if q >= 1.0 && q.fract() == 0.0 {
            return format!("{q}{word}");
        }
    }
    format!("{v}")
}

impl Metric {
    pub const ALL: [Metric; 8] = [
        Metric::Sales,
        Metric::Output,
        Metric::Tax,
        Metric::Employees,
        Metric::Rd,
        Metric::Energy,
        Metric::LandMu,
        Metric::FixedInvestment,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Metric::Sales => "sales",
            Metric::Output => "output",
            Metric::Tax => "tax",
            Metric::Employees => "employees",
            Metric::Rd => "rd",
            Metric::Energy => "energy",
            Metric::LandMu => "land_mu",
            Metric::FixedInvestment => "fixed_investment",
        }
    }

    pub fn parse(code: &str) -> Option<Metric> {
        Metric::ALL.into_iter().find(|m| m.code() == code)
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Metric::Sales => "销售收入",
            Metric::Output => "工业产值",
            Metric::Tax => "税收",
            Metric::Employees => "用工人数",
            Metric::Rd => "研发投入",
            Metric::Energy => "综合能耗",
            Metric::LandMu => "用地面积",
            Metric::FixedInvestment => "固定资产投资",
        }
    }

    pub fn unit_zh(self) -> &'static str {
        match self {
            Metric::Employees => "人",
            Metric::Energy => "吨标准煤",
            Metric::LandMu => "亩",
            _ => "元",
        }
    }

    /// How a year's figure comes from its months: flows add up; headcount is the yearly
    /// average (年平均从业人员, whole persons); land area is a stock, the latest month counts.
    pub fn year_rule(self) -> YearRule {
        match self {
            Metric::Employees => YearRule::Average,
            Metric::LandMu => YearRule::Latest,
            _ => YearRule::Sum,
        }
    }

    /// The year's stored value (hundredths) from `(month period, stored value)` pairs.
    pub fn year_value(self, months: &[(i32, i64)]) -> Option<i64> {
        if months.is_empty() {
            return None;
        }
        Some(match self.year_rule() {
            YearRule::Sum => months.iter().map(|(_, v)| v).sum(),
            YearRule::Latest => months.iter().max_by_key(|(p, _)| *p).map_or(0, |(_, v)| *v),
            YearRule::Average => {
                let n = months.len() as i64;
                let persons: i64 = months.iter().map(|(_, v)| v / 100).sum();
                (persons + n / 2) / n * 100
            }
        })
    }

    pub fn is_money(self) -> bool {
        matches!(self, Metric::Sales | Metric::Output | Metric::Tax | Metric::Rd | Metric::FixedInvestment)
    }

    pub fn max_decimals(self) -> u32 {
        match self {
            Metric::Employees => 0,
            _ => 2,
        }
    }

    /// Upper bound in the metric's unit; catches unit mix-ups (元 vs 万元).
    pub fn max_value(self) -> f64 {
        match self {
            Metric::Employees => 10_000_000.0,
            Metric::Energy => 1e9,
            Metric::LandMu => 1e6,
            _ => MAX_YUAN,
        }
    }

    /// Converts a transported value to the stored hundredths, exactly.
    pub fn value_from_f64(self, v: f64) -> Result<i64, MetricValueError> {
        if !v.is_finite() {
            return Err(MetricValueError::NotFinite);
        }
        if v < 0.0 {
            return Err(MetricValueError::Negative);
        }
        let max = self.max_value();
        if v > max {
            return Err(MetricValueError::TooLarge { max });
        }
        let decimals = self.max_decimals();
        let units = scaled_exact(v, decimals).ok_or(MetricValueError::TooManyDecimals { max: decimals })?;
        // Bounded by max_value, so this cannot overflow.
        Ok(units * 10i64.pow(2 - decimals))
    }

    pub fn value_to_f64(self, stored: i64) -> f64 {
        stored as f64 / 100.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as DeError, StrDeserializer};

    #[test]
    fn codes_round_trip_and_match_serde() {
        for m in Metric::ALL {
            assert_eq!(Metric::parse(m.code()), Some(m));
            let d: StrDeserializer<DeError> = m.code().into_deserializer();
            assert_eq!(Metric::deserialize(d).unwrap(), m);
        }
        assert_eq!(Metric::parse("Sales"), None);
        assert_eq!(Metric::LandMu.code(), "land_mu");
    }

    #[test]
    fn labels_and_units() {
        assert_eq!(Metric::Sales.label_zh(), "销售收入");
        assert_eq!(Metric::FixedInvestment.label_zh(), "固定资产投资");
        assert_eq!(Metric::Energy.unit_zh(), "吨标准煤");
        assert_eq!(Metric::Rd.unit_zh(), "元");
        let money: Vec<_> = Metric::ALL.into_iter().filter(|m| m.is_money()).collect();
        assert_eq!(money.len(), 5);
        for m in money {
            assert_eq!(m.unit_zh(), "元");
        }
    }

    #[test]
    fn conversions() {
        assert_eq!(Metric::Sales.value_from_f64(12.34), Ok(1234));
        assert_eq!(Metric::Employees.value_from_f64(250.0), Ok(25_000));
        assert_eq!(Metric::LandMu.value_from_f64(35.5), Ok(3550));
        assert_eq!(Metric::Sales.value_to_f64(1234), 12.34);
        assert_eq!(Metric::Sales.value_from_f64(1e13), Ok(1_000_000_000_000_000));
    }

    #[test]
    fn rejections() {
        use MetricValueError as E;
        assert_eq!(Metric::Tax.value_from_f64(f64::NAN), Err(E::NotFinite));
        assert_eq!(Metric::Tax.value_from_f64(-1.0), Err(E::Negative));
        assert_eq!(Metric::Employees.value_from_f64(10.5), Err(E::TooManyDecimals { max: 0 }));
        assert_eq!(Metric::Energy.value_from_f64(1.234), Err(E::TooManyDecimals { max: 2 }));
        assert_eq!(Metric::LandMu.value_from_f64(1e6 + 1.0), Err(E::TooLarge { max: 1e6 }));
        assert_eq!(Metric::Employees.value_from_f64(2e7), Err(E::TooLarge { max: 1e7 }));
    }

    #[test]
    fn messages() {
        use MetricValueError as E;
        assert_eq!(E::Negative.message_zh(Metric::Sales), "销售收入不能为负数");
        assert_eq!(E::Negative.code(), "INDICATOR_VALUE_NEGATIVE");
        assert_eq!(E::TooManyDecimals { max: 0 }.message_zh(Metric::Employees), "用工人数必须为整数");
        assert_eq!(E::TooManyDecimals { max: 2 }.message_zh(Metric::Energy), "综合能耗最多保留2位小数");
        assert_eq!(E::TooLarge { max: 1e13 }.message_zh(Metric::Sales), "销售收入不能超过10万亿元");
        assert_eq!(E::TooLarge { max: 1e7 }.message_zh(Metric::Employees), "用工人数不能超过1000万人");
    }

    proptest! {
        #[test]
        fn stored_round_trips(
            m in prop::sample::select(Metric::ALL.to_vec()),
            n in 0i64..=1_000_000_000_000_000,
        ) {
            let limit = (m.max_value() * 100.0) as i64;
            let mut stored = n % (limit + 1);
            if m.max_decimals() == 0 {
                stored -= stored % 100;
            }
            let v = m.value_to_f64(stored);
            prop_assert_eq!(m.value_from_f64(v), Ok(stored));
        }
    }
}

#[cfg(test)]
mod year_rule_tests {
    use super::*;

    #[test]
    fn a_year_sums_flows_averages_headcount_and_keeps_the_latest_land_area() {
        let months = [(202101, 1_000), (202102, 2_500), (202103, 500)];
        assert_eq!(Metric::Sales.year_value(&months), Some(4_000));
        assert_eq!(Metric::Energy.year_value(&months), Some(4_000));
        // 120, 130 and 131 people → 127 on average (381 / 3).
        let staff = [(202101, 12_000), (202102, 13_000), (202103, 13_100)];
        assert_eq!(Metric::Employees.year_value(&staff), Some(12_700));
        let land = [(202103, 900), (202101, 700)];
        assert_eq!(Metric::LandMu.year_value(&land), Some(900));
        assert_eq!(Metric::Sales.year_value(&[]), None);
    }
}
