//! Exact money in 分 (fen). Floats only appear at the JSON boundary.

use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use serde::{Deserialize, Serialize};

/// Largest amount accepted from transport, in 元 (10万亿元).
pub const MAX_YUAN: f64 = 1e13;

const FEN_PER_YUAN: i64 = 100;
const FEN_PER_WAN: i64 = 10_000 * FEN_PER_YUAN;
const FEN_PER_YI: i64 = 10_000 * FEN_PER_WAN;

#[derive(
    Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(transparent)]
pub struct Money(pub i64);

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum AmountError {
    #[error("amount is not a finite number")]
    NotFinite,
    #[error("amount has more than two decimals")]
    TooManyDecimals,
    #[error("amount is negative")]
    Negative,
    #[error("amount is too large")]
    TooLarge,
}

impl AmountError {
    pub fn message_zh(&self) -> String {
        match self {
            AmountError::NotFinite => "金额必须是有效数字".to_string(),
            AmountError::TooManyDecimals => "金额最多保留两位小数".to_string(),
            AmountError::Negative => "金额不能为负数".to_string(),
            AmountError::TooLarge => "金额不能超过10万亿元".to_string(),
        }
    }
}

/// Converts `v` to an integer count of `1/10^decimals` units, exactly.
///
/// Rule: `v` is accepted iff it is the `f64` nearest to some decimal with at
/// most `decimals` places, i.e. `round(v·10^d) / 10^d == v`. That is exactly
/// the value a JSON parser produces for such a literal, so `12.34` passes and
/// `12.345` fails, with no arbitrary epsilon. Sound while |v·10^d| ≤ 1e15
/// (then `v·10^d` is within 0.5 of the intended integer); callers cap
/// magnitudes at or below that before calling.
pub(crate) fn scaled_exact(v: f64, decimals: u32) -> Option<i64> {
    let scale = 10f64.powi(decimals as i32);
    let r = (v * scale).round();
    if r / scale == v { Some(r as i64) } else { None }
}

impl Money {
    pub const ZERO: Money = Money(0);

    pub const fn from_fen(fen: i64) -> Self {
        Money(fen)
    }

    pub const fn fen(self) -> i64 {
        self.0
    }

    pub const fn from_yuan(yuan: i64) -> Self {
        Money(yuan * FEN_PER_YUAN)
    }

    pub const fn from_wan(wan: i64) -> Self {
        Money(wan * FEN_PER_WAN)
    }

    pub const fn from_yi(yi: i64) -> Self {
        Money(yi * FEN_PER_YI)
    }

    /// Parses a JSON number of 元: finite, non-negative, ≤ 1e13, at most two
    /// decimals (see [`scaled_exact`] for the exact rule).
    pub fn from_yuan_f64(v: f64) -> Result<Money, AmountError> {
        if !v.is_finite() {
            return Err(AmountError::NotFinite);
        }
        if v < 0.0 {
            return Err(AmountError::Negative);
        }
        if v > MAX_YUAN {
            return Err(AmountError::TooLarge);
        }
        scaled_exact(v, 2).map(Money).ok_or(AmountError::TooManyDecimals)
    }

    /// Nearest `f64` of the amount in 元 (round-trips through `from_yuan_f64`).
    pub fn to_yuan_f64(self) -> f64 {
        self.0 as f64 / FEN_PER_YUAN as f64
    }

    /// A database sum of many amounts (exact in i128, see the db crate's `exact_sum`) in 元.
    pub fn sum_to_yuan_f64(fen: i128) -> f64 {
        fen as f64 / FEN_PER_YUAN as f64
    }

    pub fn checked_add(self, o: Money) -> Option<Self> {
        self.0.checked_add(o.0).map(Money)
    }

    pub fn checked_sub(self, o: Money) -> Option<Self> {
        self.0.checked_sub(o.0).map(Money)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    /// Human display: "108.00亿元" (≥ 1亿), "1,234.56万元" (≥ 1万), else
    /// "123.45元". Rounds half away from zero using integers only.
    pub fn format_cn(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let fen = u128::from(self.0.unsigned_abs());
        let yi = FEN_PER_YI as u128;
        let wan = FEN_PER_WAN as u128;
        // Hundredths of the display unit, rounded half up on the magnitude.
        let in_unit = |unit: u128| (fen * 100 + unit / 2) / unit;
        let (hundredths, suffix) = if fen >= yi {
            (in_unit(yi), "亿元")
        } else if fen >= wan {
            let h = in_unit(wan);
            // 9,999.995万 rounds up to a whole 亿: show it as such.
            if h >= 10_000 * 100 { (in_unit(yi), "亿元") } else { (h, "万元") }
        } else {
            (fen, "元")
        };
        format!("{sign}{}.{:02}{suffix}", group_thousands(hundredths / 100), hundredths % 100)
    }
}

/// "1234567" → "1,234,567".
fn group_thousands(n: u128) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

impl Add for Money {
    type Output = Money;
    fn add(self, o: Money) -> Money {
        Money(self.0 + o.0)
    }
}

impl AddAssign for Money {
    fn add_assign(&mut self, o: Money) {
        self.0 += o.0;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, o: Money) -> Money {
        Money(self.0 - o.0)
    }
}

impl Neg for Money {
    type Output = Money;
    fn neg(self) -> Money {
        Money(-self.0)
    }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, Add::add)
    }
}

impl<'a> Sum<&'a Money> for Money {
    fn sum<I: Iterator<Item = &'a Money>>(iter: I) -> Money {
        iter.copied().sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn constructors() {
        assert_eq!(Money::from_yuan(1).fen(), 100);
        assert_eq!(Money::from_wan(1).fen(), 1_000_000);
        assert_eq!(Money::from_yi(1).fen(), 10_000_000_000);
        assert_eq!(Money::from_fen(5), Money(5));
        assert_eq!(Money::default(), Money::ZERO);
    }

    #[test]
    fn from_yuan_f64_accepts_two_decimals() {
        assert_eq!(Money::from_yuan_f64(12.34), Ok(Money(1234)));
        assert_eq!(Money::from_yuan_f64(0.1), Ok(Money(10)));
        assert_eq!(Money::from_yuan_f64(0.29), Ok(Money(29)));
        assert_eq!(Money::from_yuan_f64(1.005 + 0.0), Err(AmountError::TooManyDecimals));
        assert_eq!(Money::from_yuan_f64(0.0), Ok(Money::ZERO));
        assert_eq!(Money::from_yuan_f64(-0.0), Ok(Money::ZERO));
        assert_eq!(Money::from_yuan_f64(1e13), Ok(Money(1_000_000_000_000_000)));
        assert_eq!(Money::from_yuan_f64(9_999_999_999_999.99), Ok(Money(999_999_999_999_999)));
        assert_eq!(Money::from_yuan_f64(10_800_000_000.0), Ok(Money::from_yi(108)));
    }

    #[test]
    fn from_yuan_f64_rejects() {
        assert_eq!(Money::from_yuan_f64(f64::NAN), Err(AmountError::NotFinite));
        assert_eq!(Money::from_yuan_f64(f64::INFINITY), Err(AmountError::NotFinite));
        assert_eq!(Money::from_yuan_f64(-0.01), Err(AmountError::Negative));
        assert_eq!(Money::from_yuan_f64(1e13 + 0.01), Err(AmountError::TooLarge));
        assert_eq!(Money::from_yuan_f64(12.345), Err(AmountError::TooManyDecimals));
        assert_eq!(Money::from_yuan_f64(0.001), Err(AmountError::TooManyDecimals));
        assert_eq!(Money::from_yuan_f64(123_456_789.125), Err(AmountError::TooManyDecimals));
        assert_eq!(AmountError::Negative.message_zh(), "金额不能为负数");
    }

    #[test]
    fn format_cn_examples() {
        assert_eq!(Money::from_yi(108).format_cn(), "108.00亿元");
        assert_eq!(Money(12_345_600).format_cn(), "12.35万元");
        assert_eq!(Money(1_234_560_000).format_cn(), "1,234.56万元");
        assert_eq!(Money(12_345).format_cn(), "123.45元");
        assert_eq!(Money(5).format_cn(), "0.05元");
        assert_eq!(Money::ZERO.format_cn(), "0.00元");
        assert_eq!(Money(999_999).format_cn(), "9,999.99元");
        assert_eq!(Money::from_wan(1).format_cn(), "1.00万元");
        assert_eq!(Money::from_yi(1).format_cn(), "1.00亿元");
        assert_eq!(Money::from_yi(12_345).format_cn(), "12,345.00亿元");
        // Rounding half up on the magnitude.
        assert_eq!(Money(1_234_565_000).format_cn(), "1,234.57万元");
        assert_eq!(Money(1_234_564_999).format_cn(), "1,234.56万元");
        assert_eq!(Money(-12_345).format_cn(), "-123.45元");
        assert_eq!(Money(-1_234_565_000).format_cn(), "-1,234.57万元");
        // Just below 1亿 but rounds to it.
        assert_eq!(Money(9_999_999_999).format_cn(), "1.00亿元");
        assert!(!Money(i64::MIN).format_cn().is_empty());
    }

    #[test]
    fn arithmetic() {
        let total: Money = [Money(1), Money(2), Money(3)].into_iter().sum();
        assert_eq!(total, Money(6));
        let total: Money = [Money(1), Money(2)].iter().sum();
        assert_eq!(total, Money(3));
        assert_eq!(Money(1) + Money(2), Money(3));
        assert_eq!(Money(i64::MAX).checked_add(Money(1)), None);
        assert_eq!(Money(1).checked_add(Money(1)), Some(Money(2)));
    }

    proptest! {
        #[test]
        fn fen_round_trips_through_f64(fen in 0i64..=1_000_000_000_000_000) {
            let m = Money(fen);
            prop_assert_eq!(Money::from_yuan_f64(m.to_yuan_f64()), Ok(m));
        }

        #[test]
        fn decimal_literals_round_trip(yuan in 0u64..10_000_000_000_000, cents in 0u64..100) {
            // What a JSON parser yields for the literal "yuan.cents".
            let v: f64 = format!("{yuan}.{cents:02}").parse().unwrap();
            prop_assert_eq!(Money::from_yuan_f64(v), Ok(Money((yuan * 100 + cents) as i64)));
        }

        #[test]
        fn three_decimal_literals_rejected(yuan in 0u64..1_000_000_000, milli in 0u64..1000) {
            prop_assume!(milli % 10 != 0);
            let v: f64 = format!("{yuan}.{milli:03}").parse().unwrap();
            prop_assert_eq!(Money::from_yuan_f64(v), Err(AmountError::TooManyDecimals));
        }
    }
}
