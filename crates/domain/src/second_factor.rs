//! The second factor: time-based one-time passwords (RFC 6238 over RFC 4226's HOTP, HMAC-SHA1,
//! 30-second steps, 6 digits) and one-time recovery codes. Pure: the caller passes the time.

use hmac::{Hmac, KeyInit, Mac};
use sha1::Sha1;

/// Seconds per TOTP step (RFC 6238's default, what every authenticator app assumes).
pub const STEP_SECS: i64 = 30;
/// Digits of a code.
pub const DIGITS: u32 = 6;
/// Steps accepted either side of now: a phone's clock a little off still works.
pub const WINDOW: i64 = 1;
/// Bytes of a new secret (160 bits, RFC 4226's recommendation for HMAC-SHA1).
pub const SECRET_BYTES: usize = 20;
/// Recovery codes issued at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Bytes of randomness in a recovery code (80 bits: 16 base32 characters).
pub const RECOVERY_CODE_BYTES: usize = 10;

/// HOTP (RFC 4226): the `digits`-digit code of `counter` under `secret`.
pub fn hotp(secret: &[u8], counter: u64, digits: u32) -> u32 {
    // HMAC accepts keys of any length, so this cannot fail.
    let Ok(mut mac) = Hmac::<Sha1>::new_from_slice(secret) else { return 0 };
    mac.update(&counter.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    // Dynamic truncation: the low nibble of the last byte picks four bytes.
    let offset = (digest[digest.len() - 1] & 0x0f) as usize;
    let bin = u32::from_be_bytes([digest[offset] & 0x7f, digest[offset + 1], digest[offset + 2], digest[offset + 3]]);
    bin % 10u32.pow(digits)
}

/// The TOTP step a Unix time falls in.
pub fn step_of(unix_secs: i64) -> i64 {
    unix_secs.div_euclid(STEP_SECS)
}

/// The 6-digit code of a step, zero-padded.
pub fn code_for_step(secret: &[u8], step: i64) -> String {
    format!("{:0width$}", hotp(secret, step.max(0) as u64, DIGITS), width = DIGITS as usize)
}

/// The code an authenticator app shows at `unix_secs`.
pub fn code_at(secret: &[u8], unix_secs: i64) -> String {
    code_for_step(secret, step_of(unix_secs))
}

/// Whether `input` looks like a TOTP code (six digits, spaces ignored).
pub fn is_totp_code(input: &str) -> bool {
    let digits: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    digits.len() == DIGITS as usize && digits.bytes().all(|b| b.is_ascii_digit())
}

/// Checks a code at `unix_secs` within ±[`WINDOW`] steps. A step at or before `last_used_step`
/// is refused, so a code (or an older one) cannot be replayed. Returns the step that matched:
/// the caller stores it as the new `last_used_step`.
pub fn verify(secret: &[u8], input: &str, unix_secs: i64, last_used_step: Option<i64>) -> Option<i64> {
    if !is_totp_code(input) {
        return None;
    }
    let code: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    let now = step_of(unix_secs);
    let mut matched = None;
    // Every step of the window is compared (no early exit), in constant time per comparison.
    for step in now - WINDOW..=now + WINDOW {
        if last_used_step.is_some_and(|last| step <= last) {
            continue;
        }
        if constant_time_eq(code_for_step(secret, step).as_bytes(), code.as_bytes()) && matched.is_none() {
            matched = Some(step);
        }
    }
    matched
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 without padding, as authenticator apps take secrets.
pub fn base32_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | b as u32;
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(BASE32[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(BASE32[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Decodes base32 (case-insensitive; spaces, dashes and `=` padding ignored).
pub fn base32_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 5 / 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !matches!(c, ' ' | '-' | '=')) {
        let v = BASE32.iter().position(|&b| b as char == c.to_ascii_uppercase())? as u32;
        buffer = (buffer << 5) | v;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
        }
        buffer &= (1 << bits) - 1;
    }
    Some(out)
}

/// The enrolment URI an authenticator app reads from the QR code (Google's Key Uri Format).
pub fn otpauth_uri(issuer: &str, account: &str, secret_b32: &str) -> String {
    let issuer_enc = percent_encode(issuer);
    format!(
        "otpauth://totp/{issuer_enc}:{}?secret={secret_b32}&issuer={issuer_enc}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECS}",
        percent_encode(account)
    )
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A recovery code as shown to the user: 16 base32 characters in groups of four.
pub fn format_recovery_code(bytes: &[u8; RECOVERY_CODE_BYTES]) -> String {
    let plain = base32_encode(bytes);
    plain.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join("-")
}

/// The canonical form of a typed recovery code (case, dashes and spaces do not matter), or
/// `None` when it cannot be one.
pub fn normalize_recovery_code(input: &str) -> Option<String> {
    let plain: String = input.chars().filter(|c| !matches!(c, ' ' | '-')).map(|c| c.to_ascii_uppercase()).collect();
    (plain.len() == 16 && plain.bytes().all(|b| BASE32.contains(&b))).then_some(plain)
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC_SECRET: &[u8] = b"12345678901234567890";

    #[test]
    fn rfc6238_sha1_vectors() {
        // RFC 6238 Appendix B, SHA-1 rows: 8 digits, T0 = 0, X = 30.
        for (time, expected) in [
            (59, 94287082),
            (1111111109, 7081804),
            (1111111111, 14050471),
            (1234567890, 89005924),
            (2000000000, 69279037),
            (20000000000, 65353130),
        ] {
            assert_eq!(hotp(RFC_SECRET, step_of(time) as u64, 8), expected, "T = {time}");
        }
    }

    #[test]
    fn rfc4226_hotp_vectors() {
        let expected = [755224, 287082, 359152, 969429, 338314, 254676, 287922, 162583, 399871, 520489];
        for (counter, code) in expected.iter().enumerate() {
            assert_eq!(hotp(RFC_SECRET, counter as u64, 6), *code);
        }
    }

    #[test]
    fn six_digit_codes_are_zero_padded() {
        // 1111111109 gives 07081804 at 8 digits: 081804 at 6.
        assert_eq!(code_at(RFC_SECRET, 1111111109), "081804");
        assert_eq!(code_at(RFC_SECRET, 59), "287082");
    }

    #[test]
    fn window_of_one_step_either_side() {
        let t = 1_700_000_000;
        let now = step_of(t);
        assert_eq!(verify(RFC_SECRET, &code_for_step(RFC_SECRET, now), t, None), Some(now));
        assert_eq!(verify(RFC_SECRET, &code_for_step(RFC_SECRET, now - 1), t, None), Some(now - 1));
        assert_eq!(verify(RFC_SECRET, &code_for_step(RFC_SECRET, now + 1), t, None), Some(now + 1));
        assert_eq!(verify(RFC_SECRET, &code_for_step(RFC_SECRET, now - 2), t, None), None);
        assert_eq!(verify(RFC_SECRET, &code_for_step(RFC_SECRET, now + 2), t, None), None);
        assert_eq!(verify(RFC_SECRET, "12345", t, None), None);
        assert_eq!(verify(RFC_SECRET, "abcdef", t, None), None);
        // Spaces as apps show them ("123 456") are fine.
        let code = code_for_step(RFC_SECRET, now);
        assert_eq!(verify(RFC_SECRET, &format!("{} {}", &code[..3], &code[3..]), t, None), Some(now));
    }

    #[test]
    fn a_used_code_cannot_be_replayed() {
        let t = 1_700_000_000;
        let now = step_of(t);
        let code = code_for_step(RFC_SECRET, now);
        let used = verify(RFC_SECRET, &code, t, None);
        assert_eq!(used, Some(now));
        assert_eq!(verify(RFC_SECRET, &code, t, used), None, "same code again");
        assert_eq!(verify(RFC_SECRET, &code, t + 29, used), None, "later in the window");
        assert_eq!(verify(RFC_SECRET, &code_for_step(RFC_SECRET, now - 1), t, used), None, "an older code");
        assert_eq!(verify(RFC_SECRET, &code_for_step(RFC_SECRET, now + 1), t + 30, used), Some(now + 1));
    }

    #[test]
    fn base32_round_trip_and_rfc4648_vectors() {
        assert_eq!(base32_encode(b"foobar"), "MZXW6YTBOI");
        assert_eq!(base32_encode(b"f"), "MY");
        assert_eq!(base32_encode(RFC_SECRET), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
        assert_eq!(base32_decode("mzxw6ytboi").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(base32_decode("MZXW 6YTB OI==").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(base32_decode("MZ1W"), None);
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(base32_decode(&base32_encode(&bytes)), Some(bytes));
    }

    #[test]
    fn otpauth_uri_names_issuer_and_account() {
        let uri = otpauth_uri("ZoneOps", "admin", "JBSWY3DPEHPK3PXP");
        assert_eq!(
            uri,
            "otpauth://totp/ZoneOps:admin?secret=JBSWY3DPEHPK3PXP&issuer=ZoneOps&algorithm=SHA1&digits=6&period=30"
        );
        assert!(otpauth_uri("ZoneOps", "王 五", "A").contains("ZoneOps:%E7%8E%8B%20%E4%BA%94?"));
    }

    #[test]
    fn recovery_codes_format_and_normalize() {
        let code = format_recovery_code(&[0xff; RECOVERY_CODE_BYTES]);
        assert_eq!(code, "7777-7777-7777-7777");
        assert_eq!(normalize_recovery_code(" 7777-7777 7777-7777 ").as_deref(), Some("7777777777777777"));
        assert_eq!(normalize_recovery_code("abcd-efgh-ijkl-mnop").as_deref(), Some("ABCDEFGHIJKLMNOP"));
        assert_eq!(normalize_recovery_code("123456"), None);
        assert_eq!(normalize_recovery_code("0000-0000-0000-0000"), None, "0 is not base32");
    }
}
