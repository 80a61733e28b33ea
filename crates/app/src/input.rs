//! Input rules applied while a body is read: every text field names its [`TextKind`] here
//! (`#[serde(deserialize_with = "input::name")]`), so a text that is too long, holds control
//! characters or bidirectional overrides is refused with the field's path before any use case
//! runs. The limits themselves live in one place: `zoneops_domain::text`.

use serde::de::Error as _;
use serde::{Deserialize, Deserializer};
use utoipa::openapi::schema::{Array, ArrayBuilder, Object, ObjectBuilder, SchemaType, Type};
pub use zoneops_domain::text::{Text, TextError, TextKind};

use crate::AppError;

/// The text error a deserialization message carries, if it came from these adapters.
pub fn text_refusal(message: &str) -> Option<TextError> {
    TextError::from_marker(message)
}

fn parse<E: serde::de::Error>(raw: &str, kind: TextKind) -> Result<String, E> {
    Text::parse(raw, kind).map(Text::into_string).map_err(|e| E::custom(e.marker()))
}

/// A text field's schema: its kind's limit in characters as `maxLength`, `null` allowed when
/// optional.
fn text_schema(kind: TextKind, nullable: bool) -> Object {
    let ty = if nullable { SchemaType::from_iter([Type::String, Type::Null]) } else { SchemaType::Type(Type::String) };
    ObjectBuilder::new().schema_type(ty).max_length(Some(kind.max_chars())).build()
}

const INDEX_MARKER: &str = "zoneops-index:";

/// A list element's refusal carries its index, for the field path (`honors[1]`).
fn at_index<E: serde::de::Error>(i: usize, r: Result<String, E>) -> Result<String, E> {
    r.map_err(|e| E::custom(format!("{e} {INDEX_MARKER}{i}")))
}

/// The list index a refusal names, if any.
pub fn refused_index(message: &str) -> Option<usize> {
    let rest = &message[message.find(INDEX_MARKER)? + INDEX_MARKER.len()..];
    rest.chars().take_while(char::is_ascii_digit).collect::<String>().parse().ok()
}

/// One text field checked outside serde (multipart fields, file names, path parameters).
pub fn check(field: &str, label: &str, raw: &str, kind: TextKind) -> Result<String, AppError> {
    Text::parse(raw, kind).map(Text::into_string).map_err(|e| AppError::Invalid {
        field: field.into(),
        code: e.code(),
        message: e.message_zh(label),
        params: serde_json::json!({ "max": kind.max_chars() }),
    })
}

macro_rules! text_adapters {
    ($($name:ident => $kind:ident),* $(,)?) => {
        $(
            pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
                let raw = std::borrow::Cow::<str>::deserialize(d)?;
                parse(&raw, TextKind::$kind)
            }
        )*
        /// The same rules for optional fields (`null` or absent → `None`; use with `default`).
        pub mod opt {
            use super::*;
            $(
                pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
                    match Option::<std::borrow::Cow<str>>::deserialize(d)? {
                        Some(raw) => parse(&raw, TextKind::$kind).map(Some),
                        None => Ok(None),
                    }
                }
            )*
        }
        /// Optional fields stored as text: `null` or absent is "" (use with `default`).
        pub mod opt_or_empty {
            use super::*;
            $(
                pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
                    opt::$name(d).map(Option::unwrap_or_default)
                }
            )*
        }
        /// An optional list of texts (`null` or absent → `None`; use with `default`).
        pub mod opt_list {
            use super::*;
            $(
                pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
                    match Option::<Vec<std::borrow::Cow<str>>>::deserialize(d)? {
                        Some(v) => v
                            .iter()
                            .enumerate()
                            .map(|(i, raw)| at_index(i, parse(raw, TextKind::$kind)))
                            .collect::<Result<_, _>>()
                            .map(Some),
                        None => Ok(None),
                    }
                }
            )*
        }
        /// The same limits in the OpenAPI document (`#[schema(schema_with = input::schema::name)]`
        /// beside each adapter), so the console's forms read them from the generated contract.
        pub mod schema {
            use super::*;
            $(
                pub fn $name() -> Object {
                    text_schema(TextKind::$kind, false)
                }
            )*
            /// `null` allowed.
            pub mod opt {
                use super::*;
                $(
                    pub fn $name() -> Object {
                        text_schema(TextKind::$kind, true)
                    }
                )*
            }
            /// A list of such texts.
            pub mod list {
                use super::*;
                $(
                    pub fn $name() -> Array {
                        Array::new(text_schema(TextKind::$kind, false))
                    }
                )*
            }
            /// A list of such texts, or `null`.
            pub mod opt_list {
                use super::*;
                $(
                    pub fn $name() -> Array {
                        ArrayBuilder::new()
                            .items(text_schema(TextKind::$kind, false))
                            .schema_type(SchemaType::from_iter([Type::Array, Type::Null]))
                            .build()
                    }
                )*
            }
        }
        /// The same rules for each text of a list.
        pub mod list {
            use super::*;
            $(
                pub fn $name<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
                    Vec::<std::borrow::Cow<str>>::deserialize(d)?
                        .iter()
                        .enumerate()
                        .map(|(i, raw)| at_index(i, parse(raw, TextKind::$kind)))
                        .collect()
                }
            )*
        }
    };
}

text_adapters! {
    code => Code,
    username => Username,
    category_label => CategoryLabel,
    person => PersonName,
    label => Label,
    phone => Phone,
    name => Name,
    title => Title,
    address => Address,
    url => Url,
    secret => Secret,
    password => Password,
    file_name => FileName,
    remark => Remark,
    comment => Comment,
    note => Note,
    detail => Detail,
    minutes => Minutes,
}

/// Largest count or sort number accepted where no tighter rule applies: far above any real
/// figure, far below what a sum of many could overflow.
pub const MAX_COUNT: i64 = 1_000_000_000;

/// A field present with `null` is `Some(None)`; absent is `None` (with `default`). PUT refuses
/// absence, PATCH keeps the stored value, `null` clears.
pub fn nullable<'de, T: Deserialize<'de>, D: Deserializer<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// An input a PUT takes: the PUT replaces the record, so every field of the input must be in
/// the body (`null` where the field may be empty) — a missing or misspelt key is a 422 naming
/// the field, never a value silently emptied. The few fields listed here may be left out, each
/// with a meaning its type documents (a confirmation flag, a secret that is never shown).
pub trait Replace {
    const MAY_OMIT: &'static [&'static str] = &[];
}

/// The top-level field names of a struct input, as its `Deserialize` declares them (empty for
/// inputs that are not plain structs).
pub fn field_names<'de, T: Deserialize<'de>>() -> &'static [&'static str] {
    let mut names = FieldNames(&[]);
    let _ = T::deserialize(&mut names);
    names.0
}

struct FieldNames(&'static [&'static str]);

impl<'de> Deserializer<'de> for &mut FieldNames {
    type Error = serde::de::value::Error;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, _: V) -> Result<V::Value, Self::Error> {
        Err(Self::Error::custom("field names only"))
    }

    fn deserialize_struct<V: serde::de::Visitor<'de>>(
        self,
        _: &'static str,
        fields: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, Self::Error> {
        self.0 = fields;
        Err(Self::Error::custom("field names only"))
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option unit
        unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Sample {
        #[serde(deserialize_with = "name")]
        name: String,
        #[serde(default, deserialize_with = "opt::note")]
        note: Option<String>,
        #[serde(default, deserialize_with = "list::label")]
        tags: Vec<String>,
    }

    #[test]
    fn adapters_trim_and_refuse_with_a_marker() {
        let s: Sample = serde_json::from_str(r#"{"name": " 晶澳 ", "note": "a\nb", "tags": [" x "]}"#).unwrap();
        assert_eq!((s.name.as_str(), s.note.as_deref(), s.tags[0].as_str()), ("晶澳", Some("a\nb"), "x"));
        let long = format!(r#"{{"name": "{}"}}"#, "名".repeat(101));
        let err = serde_json::from_str::<Sample>(&long).unwrap_err().to_string();
        assert_eq!(text_refusal(&err), Some(TextError::TooLong { max: 100 }));
        let err = serde_json::from_str::<Sample>(r#"{"name": "a", "tags": ["\u202e"]}"#).unwrap_err().to_string();
        assert_eq!(text_refusal(&err), Some(TextError::Bidi));
    }
}
