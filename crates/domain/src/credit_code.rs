//! 统一社会信用代码 (unified social credit code), GB 32100-2015.
//!
//! Layout: authority (1) + type (1) + region (6) + organisation code (9) +
//! check character (1). Some pilot-era codes were legally issued with a check
//! character that does not verify, so a bad check character is a *warning*
//! the user may confirm, while a bad length or alphabet is a hard error.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// The 31 symbols, in value order (I, O, S, V, Z are never used).
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weight of each of the first 17 positions (3^i mod 31).
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
/// Total length of a code.
pub const CREDIT_CODE_LEN: usize = 18;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, utoipa::ToSchema)]
#[serde(transparent)]
pub struct CreditCode(String);

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CreditCodeError {
    #[error("credit code is empty")]
    Empty,
    #[error("credit code must have 18 characters, found {found}")]
    Length { found: usize },
    #[error("credit code character {position} '{found}' is not allowed")]
    Alphabet { position: usize, found: char },
    #[error("credit code check character should be '{expected}', found '{found}'")]
    CheckCharacter { expected: char, found: char },
}

impl CreditCodeError {
    /// Only a wrong check character may be overridden by the user.
    pub fn is_warning(&self) -> bool {
        matches!(self, CreditCodeError::CheckCharacter { .. })
    }

    pub fn code(&self) -> &'static str {
        match self {
            CreditCodeError::Empty => "ENTERPRISE_CREDIT_CODE_EMPTY",
            CreditCodeError::Length { .. } => "ENTERPRISE_CREDIT_CODE_LENGTH",
            CreditCodeError::Alphabet { .. } => "ENTERPRISE_CREDIT_CODE_ALPHABET",
            CreditCodeError::CheckCharacter { .. } => "ENTERPRISE_CREDIT_CODE_CHECK",
        }
    }

    pub fn message_zh(&self) -> String {
        match self {
            CreditCodeError::Empty => "统一社会信用代码不能为空".to_string(),
            CreditCodeError::Length { found } => {
                format!("统一社会信用代码应为18位，实际为{found}位")
            }
            CreditCodeError::Alphabet { position, found } => {
                let hint = if "IOSVZ".contains(*found) {
                    "（不使用I、O、S、V、Z）"
                } else {
                    "（只能使用数字和大写字母，不使用I、O、S、V、Z）"
                };
                format!("统一社会信用代码第{position}位“{found}”不是有效字符{hint}")
            }
            CreditCodeError::CheckCharacter { expected, found } => {
                format!("统一社会信用代码校验位错误：应为“{expected}”，实际为“{found}”；如确认无误请勾选确认后保存")
            }
        }
    }
}

/// Value (0–30) of a symbol, `None` when it is not in the alphabet.
fn symbol_value(c: char) -> Option<u32> {
    ALPHABET.iter().position(|&s| char::from(s) == c).map(|i| i as u32)
}

/// Users paste codes from PDFs and IME input: strip all whitespace, fold
/// full-width ASCII to half-width and upper-case.
fn normalise(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| {
            let cp = c as u32;
            if (0xFF01..=0xFF5E).contains(&cp) { char::from_u32(cp - 0xFEE0).unwrap_or(c) } else { c }
        })
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Checks every character against the alphabet and returns their values.
fn values(s: &str) -> Result<Vec<u32>, CreditCodeError> {
    s.chars()
        .enumerate()
        .map(|(i, c)| symbol_value(c).ok_or(CreditCodeError::Alphabet { position: i + 1, found: c }))
        .collect()
}

/// Check character for 17 symbol values.
fn check_char_of(body: &[u32]) -> char {
    let sum: u32 = body.iter().zip(WEIGHTS).map(|(v, w)| v * w).sum();
    let idx = (31 - sum % 31) % 31;
    char::from(ALPHABET[idx as usize])
}

impl CreditCode {
    /// Parses and fully validates a code, including its check character.
    pub fn parse(raw: &str) -> Result<Self, CreditCodeError> {
        Self::parse_inner(raw, false)
    }

    /// Like [`CreditCode::parse`], but accepts a wrong check character: used
    /// after the user confirmed a pilot-era code.
    pub fn parse_confirmed(raw: &str) -> Result<Self, CreditCodeError> {
        Self::parse_inner(raw, true)
    }

    fn parse_inner(raw: &str, confirmed: bool) -> Result<Self, CreditCodeError> {
        let s = normalise(raw);
        if s.is_empty() {
            return Err(CreditCodeError::Empty);
        }
        let len = s.chars().count();
        if len != CREDIT_CODE_LEN {
            return Err(CreditCodeError::Length { found: len });
        }
        let vals = values(&s)?;
        let expected = check_char_of(&vals[..17]);
        let found = char::from(ALPHABET[vals[17] as usize]);
        if expected != found && !confirmed {
            return Err(CreditCodeError::CheckCharacter { expected, found });
        }
        Ok(CreditCode(s))
    }

    /// Builds a code from its first 17 characters by appending the computed
    /// check character (for data generators). A length error reports the
    /// length the full code would have had.
    pub fn from_body(first17: &str) -> Result<Self, CreditCodeError> {
        let mut s = normalise(first17);
        if s.is_empty() {
            return Err(CreditCodeError::Empty);
        }
        let len = s.chars().count();
        if len != CREDIT_CODE_LEN - 1 {
            return Err(CreditCodeError::Length { found: len + 1 });
        }
        let vals = values(&s)?;
        s.push(check_char_of(&vals));
        Ok(CreditCode(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The 6-digit administrative region code (characters 3–8).
    pub fn region(&self) -> &str {
        // Validated to 18 ASCII characters, so byte slicing is safe.
        self.0.get(2..8).unwrap_or("")
    }

    /// False when the code was accepted via `parse_confirmed` despite a
    /// wrong check character.
    pub fn check_ok(&self) -> bool {
        match values(&self.0) {
            Ok(v) if v.len() == CREDIT_CODE_LEN => check_char_of(&v[..17]) == char::from(ALPHABET[v[17] as usize]),
            _ => false,
        }
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for CreditCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for CreditCode {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for CreditCode {
    type Err = CreditCodeError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        CreditCode::parse(s)
    }
}

/// Stored codes may be confirmed pilot-era codes, so deserialisation accepts
/// a wrong check character (length and alphabet are still enforced).
impl<'de> Deserialize<'de> for CreditCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        CreditCode::parse_confirmed(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde::de::IntoDeserializer;
    use serde::de::value::{Error as DeError, StrDeserializer};

    #[test]
    fn valid_examples_parse() {
        for s in ["91310110666007217T", "91310115591693856A", "91110108551385082Q"] {
            let c = CreditCode::parse(s).unwrap();
            assert_eq!(c.as_str(), s);
            assert!(c.check_ok());
            assert_eq!(c.to_string(), s);
        }
        assert_eq!(CreditCode::parse("91310110666007217T").unwrap().region(), "310110");
    }

    #[test]
    fn pilot_code_is_a_warning_and_can_be_confirmed() {
        let err = CreditCode::parse("91350100M0001TGQXM").unwrap_err();
        assert!(matches!(err, CreditCodeError::CheckCharacter { found: 'M', .. }));
        assert!(err.is_warning());
        assert_eq!(err.code(), "ENTERPRISE_CREDIT_CODE_CHECK");
        let c = CreditCode::parse_confirmed("91350100M0001TGQXM").unwrap();
        assert!(!c.check_ok());
        assert_eq!(c.region(), "350100");
    }

    #[test]
    fn normalises_case_spaces_and_full_width() {
        let want = "91310110666007217T";
        for raw in [
            "91310110666007217t",
            "  9131 0110 6660 0721 7T ",
            "９１３１０１１０６６６００７２１７Ｔ",
            "９１３１０１１０６６６００７２１７ｔ",
            "\u{3000}91310110666007217T",
        ] {
            assert_eq!(CreditCode::parse(raw).unwrap().as_str(), want, "{raw}");
        }
    }

    #[test]
    fn hard_errors() {
        assert_eq!(CreditCode::parse("  "), Err(CreditCodeError::Empty));
        let e = CreditCode::parse("9131011066600721T").unwrap_err();
        assert_eq!(e, CreditCodeError::Length { found: 17 });
        assert!(!e.is_warning());
        assert_eq!(e.message_zh(), "统一社会信用代码应为18位，实际为17位");
        let e = CreditCode::parse("9131I110666007217T").unwrap_err();
        assert_eq!(e, CreditCodeError::Alphabet { position: 5, found: 'I' });
        assert_eq!(e.message_zh(), "统一社会信用代码第5位“I”不是有效字符（不使用I、O、S、V、Z）");
        // Alphabet errors are not overridable.
        assert!(CreditCode::parse_confirmed("9131I110666007217T").is_err());
        assert!(CreditCode::parse_confirmed("913101106660072").is_err());
        // Multi-byte characters count as one.
        assert_eq!(
            CreditCode::parse("91310110666007217中"),
            Err(CreditCodeError::Alphabet { position: 18, found: '中' })
        );
    }

    #[test]
    fn check_message() {
        let e = CreditCodeError::CheckCharacter { expected: 'T', found: 'X' };
        assert_eq!(e.message_zh(), "统一社会信用代码校验位错误：应为“T”，实际为“X”；如确认无误请勾选确认后保存");
    }

    #[test]
    fn from_body_appends_check() {
        let c = CreditCode::from_body("91310110666007217").unwrap();
        assert_eq!(c.as_str(), "91310110666007217T");
        assert_eq!(CreditCode::from_body("9131011066600721"), Err(CreditCodeError::Length { found: 17 }));
    }

    #[test]
    fn deserialize_accepts_confirmed_rejects_invalid() {
        let d: StrDeserializer<DeError> = "91350100M0001TGQXM".into_deserializer();
        assert!(!CreditCode::deserialize(d).unwrap().check_ok());
        let d: StrDeserializer<DeError> = "short".into_deserializer();
        assert!(CreditCode::deserialize(d).is_err());
    }

    fn body() -> impl Strategy<Value = String> {
        prop::collection::vec(0usize..31, 17).prop_map(|v| v.into_iter().map(|i| char::from(ALPHABET[i])).collect())
    }

    proptest! {
        #[test]
        fn generated_codes_parse(b in body()) {
            let c = CreditCode::from_body(&b).unwrap();
            let parsed = CreditCode::parse(c.as_str()).unwrap();
            prop_assert_eq!(parsed, c);
        }

        #[test]
        fn single_substitution_is_caught(b in body(), pos in 0usize..18, delta in 1usize..31) {
            let c = CreditCode::from_body(&b).unwrap();
            let mut chars: Vec<char> = c.as_str().chars().collect();
            let old = symbol_value(chars[pos]).unwrap() as usize;
            chars[pos] = char::from(ALPHABET[(old + delta) % 31]);
            let changed: String = chars.into_iter().collect();
            let err = CreditCode::parse(&changed).unwrap_err();
            prop_assert!(err.is_warning());
        }
    }
}
