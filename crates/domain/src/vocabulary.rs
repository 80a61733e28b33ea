//! Closed vocabularies (states, actions, stages, kinds, permissions) as enums. Each variant has
//! the code stored in the database and sent over the API, a Chinese and an English label. A match
//! on one is exhaustive, so a new member does not compile until every rule about it is decided.
//! Lists a zone edits (ticket categories, parks, chains) are data, not vocabularies.

use serde::Serialize;

pub use crate::lang::Lang;

/// A code with its Chinese label, as the console's `/meta` answers carry it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Labeled {
    pub code: &'static str,
    pub label: &'static str,
}

/// A code that names no member of a vocabulary (input, or a stored value from a newer version).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown {vocabulary} code {code:?}")]
pub struct UnknownCode {
    pub vocabulary: &'static str,
    pub code: String,
}

/// What every `vocabulary!` enum offers, for code that works on any of them (input checks).
pub trait Vocabulary: Copy + Eq + 'static {
    /// What the vocabulary is, in English (for error messages in logs).
    const NAME: &'static str;
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label(self, lang: Lang) -> &'static str;
    fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code)
    }
    /// Every member with its label in `lang`, in declaration order (what a `/meta` answer lists).
    fn labeled(lang: Lang) -> Vec<Labeled> {
        Self::ALL.iter().map(|v| Labeled { code: v.code(), label: v.label(lang) }).collect()
    }
}

/// Declares a vocabulary enum:
///
/// ```ignore
/// vocabulary! {
///     /// Doc comment.
///     pub enum Priority("ticket priority") {
///         Urgent = "urgent", "紧急", "Urgent";
///     }
/// }
/// ```
///
/// It gets `ALL` (declaration order), `labeled(Lang)` (codes with labels, from [`Vocabulary`]), `code()`, `label_zh()`,
/// `label_en()`, `label(Lang)`, `parse()`, `FromStr`/`TryFrom<&str>` (error [`UnknownCode`]),
/// `Display` (the code) and serde as the code string.
#[macro_export]
macro_rules! vocabulary {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident ($what:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal, $zh:literal, $en:literal; )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            pub const fn code(self) -> &'static str {
                match self { $( $name::$variant => $code, )+ }
            }

            pub const fn label_zh(self) -> &'static str {
                match self { $( $name::$variant => $zh, )+ }
            }

            pub const fn label_en(self) -> &'static str {
                match self { $( $name::$variant => $en, )+ }
            }

            pub const fn label(self, lang: $crate::lang::Lang) -> &'static str {
                match lang {
                    $crate::lang::Lang::ZhCn => self.label_zh(),
                    $crate::lang::Lang::En => self.label_en(),
                }
            }

            pub fn parse(code: &str) -> Option<$name> {
                match code {
                    $( $code => Some($name::$variant), )+
                    _ => None,
                }
            }
        }

        // In the API document a vocabulary is a named string schema listing its codes, so the
        // console's generated types and forms get the same closed list.
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                let labels: Vec<String> = $name::ALL.iter().map(|v| format!("{}={}", v.code(), v.label_zh())).collect();
                utoipa::openapi::schema::ObjectBuilder::new()
                    .schema_type(utoipa::openapi::schema::Type::String)
                    .enum_values(Some($name::ALL.iter().map(|v| v.code())))
                    .description(Some(format!("{}: {}", $what, labels.join(", "))))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {}

        impl $crate::vocabulary::Vocabulary for $name {
            const NAME: &'static str = $what;
            const ALL: &'static [$name] = $name::ALL;
            fn code(self) -> &'static str {
                $name::code(self)
            }
            fn label(self, lang: $crate::lang::Lang) -> &'static str {
                $name::label(self, lang)
            }
            fn parse(code: &str) -> Option<$name> {
                $name::parse(code)
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::vocabulary::UnknownCode;
            fn from_str(s: &str) -> Result<$name, Self::Err> {
                $name::parse(s).ok_or_else(|| $crate::vocabulary::UnknownCode { vocabulary: $what, code: s.to_owned() })
            }
        }

        impl ::std::convert::TryFrom<&str> for $name {
            type Error = $crate::vocabulary::UnknownCode;
            fn try_from(s: &str) -> Result<$name, Self::Error> {
                s.parse()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

/// Checks the declared codes of a vocabulary: unique, non-empty, each parsing back to its member
/// and labelled in both languages. Used by each vocabulary's unit test.
pub fn assert_well_formed<V: Vocabulary + std::fmt::Debug + std::str::FromStr>() {
    let mut seen = std::collections::BTreeSet::new();
    assert!(!V::ALL.is_empty(), "{} is empty", V::NAME);
    for v in V::ALL {
        assert!(seen.insert(v.code()), "{}: code {} twice", V::NAME, v.code());
        assert!(!v.code().is_empty() && v.code().trim() == v.code(), "{}: code {:?}", V::NAME, v.code());
        assert_eq!(V::parse(v.code()), Some(*v));
        assert!(v.code().parse::<V>().is_ok());
        assert!(!v.label(Lang::ZhCn).is_empty() && !v.label(Lang::En).is_empty(), "{v:?} unlabelled");
    }
    assert!(V::parse("").is_none() && V::parse("no-such-code").is_none());
}

#[cfg(test)]
mod tests {
    use super::*;

    vocabulary! {
        enum Fruit("fruit") {
            Apple = "apple", "苹果", "Apple";
            Pear = "pear", "梨", "Pear";
        }
    }

    #[test]
    fn declared_members_round_trip() {
        assert_well_formed::<Fruit>();
        assert_eq!(Fruit::ALL, &[Fruit::Apple, Fruit::Pear]);
        assert_eq!(Fruit::Pear.label(Lang::En), "Pear");
        assert_eq!(Fruit::Pear.label(Lang::default()), "梨");
        assert_eq!(Fruit::Apple.to_string(), "apple");
        assert_eq!(Fruit::try_from("pear"), Ok(Fruit::Pear));
        let err = "Apple".parse::<Fruit>().unwrap_err();
        assert_eq!(err.to_string(), r#"unknown fruit code "Apple""#);
    }

    #[test]
    fn serde_uses_the_code() {
        assert_eq!(serde_json::to_string(&[Fruit::Apple, Fruit::Pear]).unwrap(), r#"["apple","pear"]"#);
        assert_eq!(serde_json::from_str::<Fruit>(r#""pear""#).unwrap(), Fruit::Pear);
        let err = serde_json::from_str::<Fruit>(r#""plum""#).unwrap_err();
        assert!(err.to_string().contains(r#"unknown fruit code "plum""#), "{err}");
    }
}
