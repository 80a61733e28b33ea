//! Text that cannot hurt: the one place that says how long each kind of text may be and which
//! characters it may hold. [`Text::parse`] trims, counts characters (not bytes), and refuses
//! NUL and other control characters (newline, tab and carriage return only in multi-line
//! kinds) and the Unicode bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069),
//! which make "\u{202e}fdp.exe" display as "exe.pdf".

use std::fmt;

/// Each kind of text the API accepts, with its limit in characters. Single-line kinds refuse
/// every control character; multi-line kinds allow newline, carriage return and tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextKind {
    /// Codes and keys: stage, metric, category, industry, credit code, tracking number.
    Code,
    /// A user's login name.
    Username,
    /// A ticket category's label as shown on the hotline form.
    CategoryLabel,
    /// A person's name, a user's display name.
    PersonName,
    /// Short labels: job title, honour, project codename, chair, contact.
    Label,
    /// Phone and mobile numbers as typed (digits, spaces, dashes, extensions).
    Phone,
    /// Names of records: enterprises, projects, parks, meetings, robots, roles, goals.
    Name,
    /// One-line titles: an activity, a problem, an agenda item, an action, people met.
    Title,
    Address,
    Url,
    /// Robot signing secrets and access codes.
    Secret,
    /// Passwords: not trimmed (spaces may be part of them).
    Password,
    /// Attachment file names.
    FileName,
    /// Short multi-line text: a reason, a counterpart.
    Remark,
    /// Multi-line comments: a rating's comment, an action's note, a return reason.
    Comment,
    /// Multi-line notes: remarks, weekly progress, outcomes.
    Note,
    /// Multi-line descriptions: a ticket's or a problem's detail, findings, a resolution.
    Detail,
    /// A meeting's minutes.
    Minutes,
}

impl TextKind {
    pub const fn max_chars(self) -> usize {
        match self {
            TextKind::Code | TextKind::Username => 64,
            TextKind::CategoryLabel => 20,
            TextKind::PersonName | TextKind::Label => 50,
            TextKind::Phone => 30,
            TextKind::Name => 100,
            TextKind::Title | TextKind::Address | TextKind::Secret => 200,
            TextKind::Url => 2000,
            TextKind::Password => crate::password::MAX_PASSWORD_CHARS,
            TextKind::FileName => 255,
            TextKind::Remark => 500,
            TextKind::Comment => 1000,
            TextKind::Note => 2000,
            TextKind::Detail => 4000,
            TextKind::Minutes => 20_000,
        }
    }

    pub const fn multiline(self) -> bool {
        matches!(self, TextKind::Remark | TextKind::Comment | TextKind::Note | TextKind::Detail | TextKind::Minutes)
    }

    const fn trims(self) -> bool {
        !matches!(self, TextKind::Password)
    }

    /// Every kind, for tests and documentation.
    pub const ALL: [TextKind; 18] = [
        TextKind::Code,
        TextKind::Username,
        TextKind::CategoryLabel,
        TextKind::PersonName,
        TextKind::Label,
        TextKind::Phone,
        TextKind::Name,
        TextKind::Title,
        TextKind::Address,
        TextKind::Url,
        TextKind::Secret,
        TextKind::Password,
        TextKind::FileName,
        TextKind::Remark,
        TextKind::Comment,
        TextKind::Note,
        TextKind::Detail,
        TextKind::Minutes,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TextError {
    #[error("text longer than {max} characters")]
    TooLong { max: usize },
    #[error("text contains a control character")]
    Control,
    #[error("text contains a bidirectional override")]
    Bidi,
}

impl TextError {
    pub fn code(self) -> &'static str {
        match self {
            TextError::TooLong { .. } => "TEXT_TOO_LONG",
            TextError::Control => "TEXT_CONTROL_CHAR",
            TextError::Bidi => "TEXT_BIDI_CONTROL",
        }
    }

    /// The message for a field shown as `label` (e.g. "企业名称" or "字段“name”").
    pub fn message_zh(self, label: &str) -> String {
        match self {
            TextError::TooLong { max } => format!("{label}不能超过{max}个字符"),
            TextError::Control => format!("{label}含有不允许的控制字符"),
            TextError::Bidi => format!("{label}含有改变文字方向的控制字符，可能伪装显示内容"),
        }
    }

    /// A marker carried through serde's error message, read back by [`TextError::from_marker`].
    pub fn marker(self) -> String {
        match self {
            TextError::TooLong { max } => format!("{MARKER}too_long:{max}"),
            TextError::Control => format!("{MARKER}control"),
            TextError::Bidi => format!("{MARKER}bidi"),
        }
    }

    /// The error a marker names, anywhere in `message` (serde adds " at line … column …").
    pub fn from_marker(message: &str) -> Option<TextError> {
        let rest = &message[message.find(MARKER)? + MARKER.len()..];
        if let Some(n) = rest.strip_prefix("too_long:") {
            let digits: String = n.chars().take_while(char::is_ascii_digit).collect();
            return digits.parse().ok().map(|max| TextError::TooLong { max });
        }
        if rest.starts_with("control") {
            return Some(TextError::Control);
        }
        rest.starts_with("bidi").then_some(TextError::Bidi)
    }
}

const MARKER: &str = "zoneops-text:";

/// U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Text that passed its kind's rules; trimmed unless a password.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(String);

impl Text {
    pub fn parse(raw: &str, kind: TextKind) -> Result<Text, TextError> {
        let value = if kind.trims() { raw.trim() } else { raw };
        let max = kind.max_chars();
        // Bytes bound characters from above: count only when the bytes could exceed the limit.
        if value.len() > max && value.chars().count() > max {
            return Err(TextError::TooLong { max });
        }
        for c in value.chars() {
            if is_bidi_control(c) {
                return Err(TextError::Bidi);
            }
            let allowed_space = kind.multiline() && matches!(c, '\n' | '\r' | '\t');
            if c.is_control() && !allowed_space {
                return Err(TextError::Control);
            }
        }
        Ok(Text(value.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn trims_and_counts_characters_not_bytes() {
        let t = Text::parse("  扬州晶澳太阳能  ", TextKind::Name).unwrap();
        assert_eq!(t.as_str(), "扬州晶澳太阳能");
        // 50 Chinese characters are 150 bytes but within a 50-character limit.
        assert!(Text::parse(&"张".repeat(50), TextKind::PersonName).is_ok());
        assert_eq!(Text::parse(&"张".repeat(51), TextKind::PersonName), Err(TextError::TooLong { max: 50 }));
    }

    #[test]
    fn refuses_nul_and_control_characters() {
        assert_eq!(Text::parse("a\0b", TextKind::Name), Err(TextError::Control));
        assert_eq!(Text::parse("a\u{7}b", TextKind::Note), Err(TextError::Control));
        assert_eq!(Text::parse("a\nb", TextKind::Name), Err(TextError::Control));
        assert_eq!(Text::parse("a\u{85}b", TextKind::Name), Err(TextError::Control));
        assert_eq!(
            Text::parse("第一行\n第二行\r\n\t缩进", TextKind::Note).unwrap().as_str(),
            "第一行\n第二行\r\n\t缩进"
        );
    }

    #[test]
    fn refuses_bidirectional_overrides_that_disguise_file_names() {
        assert_eq!(Text::parse("\u{202e}fdp.exe", TextKind::FileName), Err(TextError::Bidi));
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            assert_eq!(Text::parse(&format!("报告{c}.pdf"), TextKind::FileName), Err(TextError::Bidi));
            assert_eq!(Text::parse(&format!("说明{c}"), TextKind::Detail), Err(TextError::Bidi));
        }
        assert!(Text::parse("report.pdf", TextKind::FileName).is_ok());
    }

    #[test]
    fn passwords_keep_their_spaces() {
        assert_eq!(Text::parse(" Demo@2022 ", TextKind::Password).unwrap().as_str(), " Demo@2022 ");
    }

    #[test]
    fn markers_survive_serde_suffixes() {
        for e in [TextError::TooLong { max: 100 }, TextError::Control, TextError::Bidi] {
            let message = format!("{} at line 1 column 42", e.marker());
            assert_eq!(TextError::from_marker(&message), Some(e));
        }
        assert_eq!(TextError::from_marker("invalid type: integer"), None);
    }

    proptest! {
        #[test]
        fn accepted_text_is_within_its_limit_and_clean(s in "\\PC{0,300}", k in 0usize..TextKind::ALL.len()) {
            let kind = TextKind::ALL[k];
            if let Ok(t) = Text::parse(&s, kind) {
                prop_assert!(t.as_str().chars().count() <= kind.max_chars());
                prop_assert!(!t.as_str().chars().any(is_bidi_control));
                prop_assert!(!t.as_str().chars().any(|c| c.is_control() && !kind.multiline()));
                if kind != TextKind::Password {
                    prop_assert_eq!(t.as_str(), t.as_str().trim());
                }
            }
        }

        #[test]
        fn parsing_is_idempotent(s in "[a-z 张\\n\\t]{0,80}") {
            if let Ok(t) = Text::parse(&s, TextKind::Note) {
                prop_assert_eq!(Text::parse(t.as_str(), TextKind::Note), Ok(t.clone()));
            }
        }

        #[test]
        fn any_bidi_control_is_refused(a in "[a-z张]{0,20}", b in "[a-z张]{0,20}", i in 0usize..8) {
            let c = ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2069}'][i];
            prop_assert_eq!(Text::parse(&format!("{a}{c}{b}"), TextKind::Name), Err(TextError::Bidi));
        }
    }
}
