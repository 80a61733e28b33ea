//! How a row shows a stored value in the API: `#[serde(serialize_with = "crate::shown::…")]` on
//! the row's field (with `#[schema(value_type = …)]` telling the document the shown type), so an
//! answer that embeds the row (`#[serde(flatten)]`) needs no copy of the field to convert it.
//!
//! A row whose serialization is also an audit snapshot must show the field the same way in the
//! data struct written with it (`before` and `after` are compared field by field).

use serde::{Serialize, Serializer};
use zoneops_domain::metric::Metric;
use zoneops_domain::money::Money;

/// An amount stored in 分, shown in 元.
pub fn yuan<S: Serializer>(fen: &i64, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_f64(Money::from_fen(*fen).to_yuan_f64())
}

/// An amount stored in 分 that may be absent, shown in 元 (`null` when absent).
pub fn opt_yuan<S: Serializer>(fen: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match fen {
        Some(f) => yuan(f, s),
        None => s.serialize_none(),
    }
}

/// An area of land stored in hundredths of a mu, shown in mu (`null` when absent).
pub fn opt_land_mu<S: Serializer>(v: &Option<i64>, s: S) -> Result<S::Ok, S::Error> {
    match v {
        Some(v) => s.serialize_f64(Metric::LandMu.value_to_f64(*v)),
        None => s.serialize_none(),
    }
}

/// JSON kept as text in a column, shown as the JSON it holds (the text itself, as a string,
/// when it does not parse: a read never fails on one bad value).
pub fn json_text<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(v) => v.serialize(s),
        Err(_) => s.serialize_str(text),
    }
}

/// A list of names kept as JSON text, shown as a list (empty when the text does not parse).
pub fn string_list<S: Serializer>(text: &str, s: S) -> Result<S::Ok, S::Error> {
    serde_json::from_str::<Vec<String>>(text).unwrap_or_default().serialize(s)
}

/// [`json_text`] for a column that may be null.
pub fn opt_json_text<S: Serializer>(text: &Option<String>, s: S) -> Result<S::Ok, S::Error> {
    match text {
        Some(t) => json_text(t, s),
        None => s.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::json;

    #[derive(Serialize)]
    struct Shown {
        #[serde(serialize_with = "super::yuan")]
        amount: i64,
        #[serde(serialize_with = "super::opt_yuan")]
        none: Option<i64>,
        #[serde(serialize_with = "super::opt_land_mu")]
        land: Option<i64>,
        #[serde(serialize_with = "super::json_text")]
        list: String,
        #[serde(serialize_with = "super::json_text")]
        bad: String,
        #[serde(serialize_with = "super::string_list")]
        names: String,
        #[serde(serialize_with = "super::string_list")]
        bad_names: String,
        #[serde(serialize_with = "super::opt_json_text")]
        snap: Option<String>,
    }

    #[test]
    fn stored_values_show_as_the_api_states_them() {
        let v = Shown {
            amount: 123_456,
            none: None,
            land: Some(1250),
            list: r#"["a","b"]"#.into(),
            bad: "not json".into(),
            names: r#"["王总"]"#.into(),
            bad_names: "王总".into(),
            snap: Some(r#"{"k":1}"#.into()),
        };
        assert_eq!(
            serde_json::to_value(&v).unwrap(),
            json!({"amount": 1234.56, "none": null, "land": 12.5, "list": ["a", "b"], "bad": "not json",
                "names": ["王总"], "bad_names": [], "snap": {"k": 1}})
        );
    }
}
