//! Phone numbers people can be called back on: a mainland mobile (11 digits, `1[3-9]…`) or a
//! landline with its area code (`0` + 2 or 3 digits, then a 7- or 8-digit number, an optional
//! extension). `-` and spaces may separate the groups as typed; the stored form is normalised:
//! `13812345678`, `0514-87654321`, `0514-87654321-801`.
//!
//! A number without its area code (`87654321`, or 7 digits) cannot be dialled from the hotline's
//! switchboard in another city and is refused: the call-backs failed on such numbers.

use std::fmt;

/// Which numbers a field takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneRule {
    /// A mobile or a landline with its area code (contact phones).
    Any,
    /// A mobile only (a person's 手机 field).
    Mobile,
}

/// A valid number in its normal form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    normal: String,
    mobile: bool,
}

impl Phone {
    /// Reads a number as typed (surrounding spaces ignored). Empty input is the caller's concern
    /// (optional fields): it is [`PhoneError::Malformed`] here.
    pub fn parse(raw: &str, rule: PhoneRule) -> Result<Phone, PhoneError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(PhoneError::Malformed);
        }
        // Groups of digits as typed; `转` (extension) counts as a separator.
        let mut groups: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut plus = false;
        for (i, c) in raw.chars().enumerate() {
            match c {
                '0'..='9' => current.push(c),
                '-' | ' ' | '转' => {
                    if !current.is_empty() {
                        groups.push(std::mem::take(&mut current));
                    }
                }
                '+' if i == 0 => plus = true,
                _ => return Err(PhoneError::Characters),
            }
        }
        if !current.is_empty() {
            groups.push(current);
        }
        let digits: String = groups.concat();
        // The country code of a mobile copied with it (`+86 138…`).
        let digits = match digits.strip_prefix("86") {
            Some(rest) if (plus || rest.len() == 11) && rest.starts_with('1') => rest.to_owned(),
            _ if plus => return Err(PhoneError::Malformed),
            _ => digits,
        };
        if digits.starts_with('1') {
            let ok = digits.len() == 11 && matches!(digits.as_bytes()[1], b'3'..=b'9');
            return if ok { Ok(Phone { normal: digits, mobile: true }) } else { Err(PhoneError::Mobile) };
        }
        if rule == PhoneRule::Mobile {
            return Err(PhoneError::Mobile);
        }
        if !digits.starts_with('0') {
            // 7 or 8 digits of a local number: the area code is missing.
            return Err(if (7..=8).contains(&digits.len()) { PhoneError::NoAreaCode } else { PhoneError::Malformed });
        }
        // Area codes: 010 and 020–029 have two digits after the 0, every other one three.
        let area_len = if matches!(digits.as_bytes().get(1), Some(b'1' | b'2')) { 3 } else { 4 };
        if digits.len() < area_len + 7 {
            return Err(PhoneError::Landline);
        }
        let (area, rest) = digits.split_at(area_len);
        if area.as_bytes()[1] == b'0' {
            return Err(PhoneError::Landline);
        }
        // Where the typed groups end, counted in digits after the area code: an extension is
        // only read off a separator after the 7th or 8th digit of the number.
        let mut bounds = Vec::new();
        let mut n = 0;
        for g in &groups {
            n += g.len();
            bounds.push(n);
        }
        let number_len = if rest.len() <= 8 {
            rest.len()
        } else {
            let ends = |k: usize| bounds.contains(&(area_len + k));
            if ends(8) {
                8
            } else if ends(7) {
                7
            } else {
                return Err(PhoneError::Landline);
            }
        };
        let (number, ext) = rest.split_at(number_len);
        if !(7..=8).contains(&number.len()) || matches!(number.as_bytes()[0], b'0' | b'1') || ext.len() > 6 {
            return Err(PhoneError::Landline);
        }
        let normal = if ext.is_empty() { format!("{area}-{number}") } else { format!("{area}-{number}-{ext}") };
        Ok(Phone { normal, mobile: false })
    }

    pub fn as_str(&self) -> &str {
        &self.normal
    }

    pub fn into_string(self) -> String {
        self.normal
    }

    pub fn is_mobile(&self) -> bool {
        self.mobile
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.normal)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("a phone number holds digits, '-' and spaces only")]
    Characters,
    #[error("a local number without its area code")]
    NoAreaCode,
    #[error("not an 11-digit mainland mobile number")]
    Mobile,
    #[error("not a landline number with its area code")]
    Landline,
    #[error("not a phone number")]
    Malformed,
}

impl PhoneError {
    pub fn code(self) -> &'static str {
        match self {
            PhoneError::NoAreaCode => "PHONE_NO_AREA_CODE",
            _ => "PHONE_INVALID",
        }
    }

    /// The message for the field shown as `label` ("联系电话", "手机号码").
    pub fn message_zh(self, label: &str) -> String {
        match self {
            PhoneError::Characters => format!("{label}只能包含数字、“-”和空格"),
            PhoneError::NoAreaCode => format!("{label}缺少区号：固定电话请填写区号和号码，如0514-87654321"),
            PhoneError::Mobile => format!("{label}应为11位手机号码（以13至19开头）"),
            PhoneError::Landline => format!("{label}应为区号加7至8位号码，如0514-87654321，分机号用“-”隔开"),
            PhoneError::Malformed => format!("{label}应为11位手机号码或带区号的固定电话，如0514-87654321"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_and_their_normal_form() {
        for (raw, normal, mobile) in [
            ("13812345678", "13812345678", true),
            ("  19912345678 ", "19912345678", true),
            ("138 1234 5678", "13812345678", true),
            ("138-1234-5678", "13812345678", true),
            ("+86 138 1234 5678", "13812345678", true),
            ("8613812345678", "13812345678", true),
            ("0514-87654321", "0514-87654321", false),
            ("0514 87654321", "0514-87654321", false),
            ("051487654321", "0514-87654321", false),
            ("0514-8765432", "0514-8765432", false),
            ("010-62345678", "010-62345678", false),
            ("01062345678", "010-62345678", false),
            ("025 8765 4321", "025-87654321", false),
            ("0514-87654321-801", "0514-87654321-801", false),
            ("0514-87654321 转 801", "0514-87654321-801", false),
            ("0514 8765432 12", "0514-8765432-12", false),
        ] {
            let p = Phone::parse(raw, PhoneRule::Any).unwrap_or_else(|e| panic!("{raw}: {e}"));
            assert_eq!((p.as_str(), p.is_mobile()), (normal, mobile), "{raw}");
            // The normal form reads back as itself.
            assert_eq!(Phone::parse(p.as_str(), PhoneRule::Any).as_ref(), Ok(&p), "{raw}");
        }
    }

    #[test]
    fn invalid_numbers_say_what_is_wrong() {
        for (raw, err) in [
            ("8765432", PhoneError::NoAreaCode),
            ("87654321", PhoneError::NoAreaCode),
            ("876-5432", PhoneError::NoAreaCode),
            ("12345678901", PhoneError::Mobile),
            ("1381234567", PhoneError::Mobile),
            ("138123456789", PhoneError::Mobile),
            ("1380013800a", PhoneError::Characters),
            ("call me", PhoneError::Characters),
            ("(0514)87654321", PhoneError::Characters),
            ("12", PhoneError::Mobile),
            ("123", PhoneError::Mobile),
            ("5", PhoneError::Malformed),
            ("", PhoneError::Malformed),
            ("+1 415 555 0100", PhoneError::Malformed),
            ("0514-876543", PhoneError::Landline),
            ("0514-876543210", PhoneError::Landline),
            ("0514-07654321", PhoneError::Landline),
            ("0014-87654321", PhoneError::Landline),
            // Local numbers start with 2–9.
            ("010-12345678", PhoneError::Landline),
            ("0514876543210801", PhoneError::Landline),
            ("0514-87654321-8012345", PhoneError::Landline),
            ("23800138000", PhoneError::Malformed),
        ] {
            assert_eq!(Phone::parse(raw, PhoneRule::Any), Err(err), "{raw}");
        }
    }

    #[test]
    fn a_mobile_field_takes_mobiles_only() {
        assert!(Phone::parse("13900139000", PhoneRule::Mobile).is_ok());
        assert_eq!(Phone::parse("0514-87654321", PhoneRule::Mobile), Err(PhoneError::Mobile));
        assert_eq!(Phone::parse("23800138000", PhoneRule::Mobile), Err(PhoneError::Mobile));
    }

    #[test]
    fn messages_name_the_field() {
        let m = PhoneError::NoAreaCode.message_zh("联系电话");
        assert!(m.starts_with("联系电话") && m.contains("区号"), "{m}");
        assert_eq!(PhoneError::NoAreaCode.code(), "PHONE_NO_AREA_CODE");
        assert_eq!(PhoneError::Mobile.code(), "PHONE_INVALID");
    }
}
