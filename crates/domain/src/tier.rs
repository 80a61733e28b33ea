//! Enterprise tiers by annual sales. Thresholds are configuration.

use serde::{Deserialize, Serialize};

use crate::money::Money;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Tier {
    None,
    Yi,
    Shiyi,
    Baiyi,
}

impl Tier {
    pub const ALL: [Tier; 4] = [Tier::None, Tier::Yi, Tier::Shiyi, Tier::Baiyi];

    pub fn code(self) -> &'static str {
        match self {
            Tier::None => "none",
            Tier::Yi => "yi",
            Tier::Shiyi => "shiyi",
            Tier::Baiyi => "baiyi",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Tier::None => "亿元以下",
            Tier::Yi => "亿元级",
            Tier::Shiyi => "10亿级",
            Tier::Baiyi => "百亿级",
        }
    }

    pub fn parse(code: &str) -> Option<Tier> {
        Tier::ALL.into_iter().find(|t| t.code() == code)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct TierThresholds {
    pub yi: Money,
    pub shiyi: Money,
    pub baiyi: Money,
}

impl Default for TierThresholds {
    fn default() -> Self {
        TierThresholds { yi: Money::from_yi(1), shiyi: Money::from_yi(10), baiyi: Money::from_yi(100) }
    }
}

impl TierThresholds {
    /// Each threshold is inclusive: exactly 1亿 is 亿元级.
    pub fn classify(&self, sales: Money) -> Tier {
        if sales >= self.baiyi {
            Tier::Baiyi
        } else if sales >= self.shiyi {
            Tier::Shiyi
        } else if sales >= self.yi {
            Tier::Yi
        } else {
            Tier::None
        }
    }

    pub fn min_sales(&self, tier: Tier) -> Money {
        match tier {
            Tier::None => Money::ZERO,
            Tier::Yi => self.yi,
            Tier::Shiyi => self.shiyi,
            Tier::Baiyi => self.baiyi,
        }
    }

    /// 双百亿: both sales and output at or above the 百亿 threshold.
    pub fn is_double_baiyi(&self, sales: Money, output: Money) -> bool {
        sales >= self.baiyi && output >= self.baiyi
    }

    /// Thresholds must strictly increase, otherwise tiers overlap.
    pub fn is_valid(&self) -> bool {
        Money::ZERO < self.yi && self.yi < self.shiyi && self.shiyi < self.baiyi
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as DeError, StrDeserializer};

    #[test]
    fn classify_boundaries() {
        let t = TierThresholds::default();
        assert!(t.is_valid());
        assert_eq!(t.classify(Money::ZERO), Tier::None);
        assert_eq!(t.classify(Money(Money::from_yi(1).fen() - 1)), Tier::None);
        assert_eq!(t.classify(Money::from_yi(1)), Tier::Yi);
        assert_eq!(t.classify(Money::from_yi(10)), Tier::Shiyi);
        assert_eq!(t.classify(Money::from_yi(99)), Tier::Shiyi);
        assert_eq!(t.classify(Money::from_yi(100)), Tier::Baiyi);
        assert!(t.classify(Money::from_yi(5)) >= Tier::Yi);
        assert_eq!(t.min_sales(Tier::None), Money::ZERO);
        assert_eq!(t.min_sales(Tier::Shiyi), Money::from_yi(10));
        assert!(t.is_double_baiyi(Money::from_yi(100), Money::from_yi(120)));
        assert!(!t.is_double_baiyi(Money::from_yi(100), Money::from_yi(99)));
    }

    #[test]
    fn codes() {
        for tier in Tier::ALL {
            assert_eq!(Tier::parse(tier.code()), Some(tier));
            let d: StrDeserializer<DeError> = tier.code().into_deserializer();
            assert_eq!(Tier::deserialize(d).unwrap(), tier);
        }
        assert_eq!(Tier::Shiyi.label_zh(), "10亿级");
        assert_eq!(Tier::parse("x"), None);
    }

    proptest! {
        #[test]
        fn min_sales_is_consistent(fen in 0i64..2_000_000_000_000_000) {
            let t = TierThresholds::default();
            let tier = t.classify(Money(fen));
            prop_assert!(Money(fen) >= t.min_sales(tier));
            prop_assert_eq!(t.classify(t.min_sales(tier)), tier);
        }
    }
}
