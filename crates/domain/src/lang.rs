//! The language a person reads: Chinese (the default, the zone's working language) or English.
//!
//! The server picks it once per request from `Accept-Language` and hands it to the use cases in
//! `RequestMeta` and `Actor` (`lang`). Error messages are translated by the server's error layer
//! (a catalogue keyed by the Chinese text). Labels of the typed vocabulary (ticket states, lead
//! stages …) are chosen with it: each vocabulary enum carries both labels and answers
//! `label(lang)`, so a `/meta` answer or an export built for `actor.lang` needs no second table.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    /// Simplified Chinese (`zh-CN`): what the zone works in, and the answer to any other request.
    #[default]
    #[serde(rename = "zh-CN")]
    ZhCn,
    #[serde(rename = "en")]
    En,
}

impl Lang {
    /// The BCP 47 tag sent back in `Content-Language`.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// One of a label's two texts: `STATE.label(lang)` is `lang.pick(zh, en)` for a vocabulary
    /// enum that keeps both.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::ZhCn => zh,
            Lang::En => en,
        }
    }

    /// The language a tag names, by its primary subtag (`zh-TW` and `zh-Hans` read Chinese,
    /// `en-US` English); `None` for languages the server does not speak.
    pub fn of_tag(tag: &str) -> Option<Lang> {
        let primary = tag.split(['-', '_']).next().unwrap_or("").trim();
        if primary.eq_ignore_ascii_case("zh") {
            Some(Lang::ZhCn)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The best language of an `Accept-Language` header (RFC 9110 §12.5.4): the highest q-value
    /// among the tags the server speaks, the earlier tag on a tie; `*` or nothing spoken → zh-CN.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(u16, Lang)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or("").trim();
            let q = parts
                .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
                .next()
                .map_or(Some(1000), quality);
            let (Some(q), Some(lang)) = (q, Lang::of_tag(tag)) else { continue };
            if q > 0 && best.is_none_or(|(bq, _)| q > bq) {
                best = Some((q, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

/// A q-value in thousandths (`0.8` → 800); `None` when it is not one.
fn quality(v: &str) -> Option<u16> {
    let q: f32 = v.trim().parse().ok()?;
    (0.0..=1.0).contains(&q).then(|| (q * 1000.0).round() as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_picks_the_preferred_spoken_language() {
        let cases = [
            ("", Lang::ZhCn),
            ("en", Lang::En),
            ("en-US,en;q=0.9", Lang::En),
            ("zh-CN,zh;q=0.9,en;q=0.8", Lang::ZhCn),
            ("zh", Lang::ZhCn),
            ("fr-FR, en;q=0.5", Lang::En),
            ("fr-FR", Lang::ZhCn),
            ("*", Lang::ZhCn),
            ("zh;q=0.5, en;q=0.8", Lang::En),
            ("en;q=0, zh-TW", Lang::ZhCn),
            ("en;q=0", Lang::ZhCn),
            ("en;q=abc, zh;q=0.1", Lang::ZhCn),
            ("EN-us", Lang::En),
        ];
        for (header, want) in cases {
            assert_eq!(Lang::from_accept_language(header), want, "{header:?}");
        }
        assert_eq!(Lang::En.pick("已派单", "dispatched"), "dispatched");
        assert_eq!(Lang::default().pick("已派单", "dispatched"), "已派单");
    }
}
