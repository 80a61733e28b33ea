//! Password strength policy (the usual 等保 style rule: length + classes).

use serde::{Deserialize, Serialize};

/// Hard upper bound, so hashing cost stays bounded.
pub const MAX_PASSWORD_CHARS: usize = 128;

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub min_classes: u8,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy { min_length: 8, min_classes: 3 }
    }
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum PasswordError {
    #[error("password must have at least {min} characters")]
    TooShort { min: usize },
    #[error("password must mix at least {min} character classes")]
    TooFewClasses { min: u8 },
    #[error("password must have at most 128 characters")]
    TooLong,
}

impl PasswordError {
    pub fn message_zh(&self) -> String {
        match self {
            PasswordError::TooShort { min } => format!("密码至少{min}位"),
            PasswordError::TooFewClasses { min } => {
                format!("密码须包含大写字母、小写字母、数字、符号中的至少{min}类")
            }
            PasswordError::TooLong => format!("密码不能超过{MAX_PASSWORD_CHARS}位"),
        }
    }
}

/// Number of classes present: ASCII lowercase, ASCII uppercase, digit, other.
fn classes(password: &str) -> u8 {
    let (mut lower, mut upper, mut digit, mut other) = (false, false, false, false);
    for c in password.chars() {
        if c.is_ascii_lowercase() {
            lower = true;
        } else if c.is_ascii_uppercase() {
            upper = true;
        } else if c.is_ascii_digit() {
            digit = true;
        } else {
            other = true;
        }
    }
    [lower, upper, digit, other].into_iter().filter(|b| *b).count() as u8
}

impl PasswordPolicy {
    /// Lengths are counted in characters, not bytes.
    pub fn check(&self, password: &str) -> Result<(), PasswordError> {
        let len = password.chars().count();
        if len > MAX_PASSWORD_CHARS {
            return Err(PasswordError::TooLong);
        }
        if len < self.min_length {
            return Err(PasswordError::TooShort { min: self.min_length });
        }
        if classes(password) < self.min_classes {
            return Err(PasswordError::TooFewClasses { min: self.min_classes });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_policy() {
        let p = PasswordPolicy::default();
        assert_eq!(p.check("Demo@2022"), Ok(()));
        assert_eq!(p.check("abcDEF12"), Ok(()));
        assert_eq!(p.check("Ab1!"), Err(PasswordError::TooShort { min: 8 }));
        assert_eq!(p.check("abcdefgh12"), Err(PasswordError::TooFewClasses { min: 3 }));
        assert_eq!(p.check(&"Aa1!".repeat(33)), Err(PasswordError::TooLong));
        assert_eq!(p.check(&"Aa1!".repeat(32)), Ok(()));
        // Chinese characters count as "other" and by character, not byte.
        assert_eq!(p.check("密码abc123"), Ok(()));
        assert_eq!(p.check("密码ab1234"), Ok(()));
        assert_eq!(p.check("密码ab12"), Err(PasswordError::TooShort { min: 8 }));
        assert_eq!(p.check("密码ab1"), Err(PasswordError::TooShort { min: 8 }));
    }

    #[test]
    fn messages() {
        assert_eq!(PasswordError::TooShort { min: 8 }.message_zh(), "密码至少8位");
        assert_eq!(
            PasswordError::TooFewClasses { min: 3 }.message_zh(),
            "密码须包含大写字母、小写字母、数字、符号中的至少3类"
        );
        assert_eq!(PasswordError::TooLong.message_zh(), "密码不能超过128位");
    }
}
