//! Error messages in the caller's language. The use cases write Chinese (the zone's working
//! language, and the text the API documents); [`translate`] turns a finished message into English
//! through a catalogue keyed by the Chinese *template* the message was formatted from
//! (`类别名称“{label}”已存在` ↔ `Category name “{label}” is already taken`). Keying by the template
//! keeps every call site as it is; the values put into a message are carried over, and a value
//! that is itself a catalogued Chinese word (a field's label, a hint) is translated too.
//!
//! Completeness is a test (`coverage`): every Chinese text found in an error construction of the
//! source has an English entry, so a new message without one fails the build's tests. A message
//! that still finds no entry at run time is sent in Chinese and logged as a warning.

use std::sync::LazyLock;

use zoneops_domain::Lang;

#[cfg(test)]
mod coverage;
mod en;

/// One piece of a template: literal text or a value's place (`{name}`, `{}`; a format spec
/// such as `{:.2}` counts as a place too).
#[derive(Debug, PartialEq)]
enum Piece {
    Text(String),
    Hole(String),
}

fn pieces(template: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '{' && chars.peek() == Some(&'{') {
            chars.next();
            text.push('{');
        } else if c == '}' && chars.peek() == Some(&'}') {
            chars.next();
            text.push('}');
        } else if c == '{' {
            let mut name = String::new();
            for n in chars.by_ref() {
                if n == '}' {
                    break;
                }
                name.push(n);
            }
            let name = name.split(':').next().unwrap_or("").to_owned();
            if !text.is_empty() {
                out.push(Piece::Text(std::mem::take(&mut text)));
            }
            out.push(Piece::Hole(name));
        } else {
            text.push(c);
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

struct Entry {
    zh: Vec<Piece>,
    en: Vec<Piece>,
    /// Characters of literal text: the most specific template is tried first.
    weight: usize,
}

static CATALOGUE: LazyLock<Vec<Entry>> = LazyLock::new(|| {
    let mut all: Vec<Entry> = en::EN
        .iter()
        .map(|(zh, en)| {
            let zh = pieces(zh);
            let weight = zh.iter().map(|p| if let Piece::Text(t) = p { t.chars().count() } else { 0 }).sum();
            Entry { zh, en: pieces(en), weight }
        })
        .collect();
    all.sort_by_key(|e| std::cmp::Reverse(e.weight));
    all
});

/// The values in `message` at the holes of `template`, shortest first; `None` when it does not fit.
fn fit<'m>(template: &[Piece], message: &'m str, values: &mut Vec<&'m str>) -> bool {
    match template.split_first() {
        None => message.is_empty(),
        Some((Piece::Text(t), rest)) => message.strip_prefix(t.as_str()).is_some_and(|m| fit(rest, m, values)),
        Some((Piece::Hole(_), rest)) => {
            for (i, _) in message.char_indices().skip(1).chain([(message.len(), ' ')]) {
                values.push(&message[..i]);
                if fit(rest, &message[i..], values) {
                    return true;
                }
                values.pop();
            }
            false
        }
    }
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// `message` in English, when the catalogue knows its template.
fn english(message: &str, depth: u8) -> Option<String> {
    for entry in CATALOGUE.iter() {
        let mut values = Vec::new();
        if !fit(&entry.zh, message, &mut values) {
            continue;
        }
        let holes: Vec<&str> =
            entry.zh.iter().filter_map(|p| if let Piece::Hole(n) = p { Some(n.as_str()) } else { None }).collect();
        let mut out = String::new();
        let mut positional = holes.iter().zip(&values).filter(|(n, _)| n.is_empty()).map(|(_, v)| *v);
        for piece in &entry.en {
            match piece {
                Piece::Text(t) => out.push_str(t),
                Piece::Hole(name) => {
                    let value = if name.is_empty() {
                        positional.next()
                    } else {
                        holes.iter().position(|h| h == name).and_then(|i| values.get(i).copied())
                    };
                    let value = value.unwrap_or("");
                    // A value that is a Chinese word of the catalogue (a label, a hint) is put into
                    // English as well; names and data stay as they were written.
                    match (depth < 2 && has_cjk(value)).then(|| english(value, depth + 1)).flatten() {
                        Some(v) => out.push_str(&v),
                        None => out.push_str(value),
                    }
                }
            }
        }
        return Some(out);
    }
    None
}

/// `message` (Chinese, as the use cases write it) in `lang`.
pub fn translate(message: &str, lang: Lang) -> String {
    if lang == Lang::ZhCn || !has_cjk(message) {
        return message.to_owned();
    }
    english(message, 0).unwrap_or_else(|| {
        tracing::warn!(message, "no English text for this message");
        message.to_owned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_split_into_text_and_places() {
        assert_eq!(
            pieces("文件“{}”超过{size:.1}{{x}}"),
            vec![
                Piece::Text("文件“".into()),
                Piece::Hole(String::new()),
                Piece::Text("”超过".into()),
                Piece::Hole("size".into()),
                Piece::Text("{x}".into())
            ]
        );
    }

    #[test]
    fn messages_are_matched_by_template_and_keep_their_values() {
        let en = |m: &str| translate(m, Lang::En);
        assert_eq!(en("请先登录"), "Please sign in");
        assert_eq!(en("用户名或密码错误，还可尝试3次"), "Wrong username or password; 3 attempts left");
        assert_eq!(en("类别名称“水电气”已存在"), "Category name “水电气” is already taken");
        // A catalogued label inside a message is translated with it.
        assert_eq!(en("请填写企业名称"), "Please fill in the enterprise name");
        assert_eq!(translate("请先登录", Lang::ZhCn), "请先登录");
        // Unknown text passes through (and is logged).
        assert_eq!(en("从未见过的消息"), "从未见过的消息");
    }
}
