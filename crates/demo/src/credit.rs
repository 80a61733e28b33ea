//! 统一社会信用代码 (GB 32100-2015) with an embedded 组织机构代码 (GB 11714).

const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Region code of the zone's registration authority.
pub const REGION: &str = "321091";

/// Multiplier coprime with 10^8: index ↦ body is a bijection below 10^8, so
/// codes are unique without any bookkeeping.
const BODY_STEP: u64 = 7_368_787;
const BODY_SPACE: u64 = 100_000_000;

fn value(c: u8) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|p| p as u32)
}

/// The 18th character for a 17-character body, or None if a character is
/// outside the code alphabet.
pub fn check_char(first17: &str) -> Option<char> {
    let b = first17.as_bytes();
    if b.len() != 17 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &c) in b.iter().enumerate() {
        sum += value(c)? * WEIGHTS[i];
    }
    Some(ALPHABET[((31 - sum % 31) % 31) as usize] as char)
}

/// Full validation: length, alphabet and check character.
pub fn is_valid(code: &str) -> bool {
    code.len() == 18 && code.is_ascii() && check_char(&code[..17]) == code[17..].chars().next()
}

/// GB 11714 check character of an 8-character organisation code body.
pub fn org_check(body8: &str) -> Option<char> {
    let b = body8.as_bytes();
    if b.len() != 8 {
        return None;
    }
    let mut sum = 0u32;
    for (i, &c) in b.iter().enumerate() {
        let v = match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'A'..=b'Z' => (c - b'A') as u32 + 10,
            _ => return None,
        };
        sum += v * ORG_WEIGHTS[i];
    }
    Some(match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('0'),
    })
}

/// The credit code of enterprise `index`: "91" (工商, 企业) + region +
/// a 9-character organisation code derived from the index + check character.
pub fn credit_code(seed: u64, index: usize) -> String {
    let offset = crate::rng::mix(seed) % BODY_SPACE;
    let body = ((index as u64 % BODY_SPACE) * BODY_STEP + offset) % BODY_SPACE;
    let body8 = format!("{body:08}");
    let org = org_check(&body8).unwrap_or('0');
    let mut s = String::with_capacity(18);
    s.push_str("91");
    s.push_str(REGION);
    s.push_str(&body8);
    s.push(org);
    let check = check_char(&s).unwrap_or('0');
    s.push(check);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    // Published codes of real registrations, used as known-good vectors.
    const KNOWN: [&str; 6] = [
        "91350100M000100Y43",
        "91110105771583283D",
        "91110000802100433B",
        "91110108740084270C",
        "91440300708461136T",
        "91110108551385082Q",
    ];

    #[test]
    fn known_codes_validate() {
        for k in KNOWN {
            assert!(is_valid(k), "{k}");
        }
        assert!(!is_valid("91350100M000100Y44"));
        assert!(!is_valid("91350100M000100Y4"));
        assert!(!is_valid("91350100M000100I43"));
    }

    #[test]
    fn known_org_codes_validate() {
        // Characters 9..17 of the numeric vectors are GB 11714 codes.
        for k in &KNOWN[1..] {
            let org = &k[8..17];
            assert_eq!(org_check(&org[..8]), org[8..].chars().next(), "{k}");
        }
    }

    #[test]
    fn generated_codes_are_valid_and_unique() {
        let mut seen = HashSet::new();
        for i in 0..200_000 {
            let c = credit_code(2022, i);
            assert!(is_valid(&c), "{c}");
            assert!(c.starts_with("91321091"));
            assert_eq!(org_check(&c[8..16]), c[16..17].chars().next());
            assert!(seen.insert(c));
        }
    }
}
