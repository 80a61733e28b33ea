//! Every Chinese text an error is built from has an English entry. The source of the crates that
//! write messages is scanned for error constructions (`AppError::invalid(…)`, `ApiError::new(…)`,
//! the `check::` helpers and their labels, the domain errors' `message_zh` …); each Chinese string
//! literal inside one must be a catalogue key, placeholders compared by position.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use super::{Piece, en, has_cjk, pieces};

/// Calls and struct literals whose arguments are (or contain) a message or a field's label.
const CONSTRUCTIONS: &[&str] = &[
    "AppError::invalid(",
    "AppError::Invalid {",
    "AppError::BadRequest(",
    "AppError::Conflict {",
    "AppError::Unauthenticated {",
    "ApiError::new(",
    "check::",
];

/// Functions whose whole body is message text.
const MESSAGE_FUNCTIONS: &[&str] = &["fn message_zh(", "fn json_errors(", "fn allowed_message("];

/// Crates whose code writes messages people read.
const CRATES: &[&str] = &["domain", "app", "server"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// The file without its test module and line comments.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The end (exclusive byte index) of the bracketed group opening at `open`, skipping strings.
fn group_end(s: &[u8], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    let mut in_str = false;
    while i < s.len() {
        let c = s[i];
        if in_str {
            if c == b'\\' {
                i += 1;
            } else if c == b'"' {
                in_str = false;
            }
        } else if c == b'"' && !(i > 0 && s[i - 1] == b'\'' && s.get(i + 1) == Some(&b'\'')) {
            in_str = true;
        } else if matches!(c, b'(' | b'{' | b'[') {
            depth += 1;
        } else if matches!(c, b')' | b'}' | b']') {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return i + 1;
            }
        }
        i += 1;
    }
    s.len()
}

/// The text of the construction or function starting at `start`.
fn span(code: &str, start: usize, function: bool) -> &str {
    let s = code.as_bytes();
    let Some(open) = code[start..].find(['(', '{']).map(|i| i + start) else { return "" };
    let mut end = group_end(s, open);
    if function {
        // Past the parameters: the body.
        if let Some(body) = code[end..].find('{').map(|i| i + end) {
            end = group_end(s, body);
        }
    }
    &code[start..end]
}

/// The string literals of `text` (escapes of quotes and newlines undone).
fn literals(text: &str) -> Vec<String> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'"' && !(i > 0 && b[i - 1] == b'\'' && b.get(i + 1) == Some(&b'\'')) {
            let mut j = i + 1;
            let mut lit = String::new();
            while j < b.len() && b[j] != b'"' {
                if b[j] == b'\\' {
                    j += 1;
                }
                j += 1;
            }
            lit.push_str(&text[i + 1..j.min(b.len())]);
            out.push(lit.replace("\\\"", "\"").replace("\\n", "\n"));
            i = j + 1;
        } else {
            i += 1;
        }
    }
    out
}

/// A template with every place written `{}`: the comparison key.
fn shape(template: &str) -> String {
    pieces(template)
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.replace('{', "{{").replace('}', "}}"),
            Piece::Hole(_) => "{}".to_owned(),
        })
        .collect()
}

fn message_texts() -> BTreeSet<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut found = BTreeSet::new();
    for krate in CRATES {
        let mut files = Vec::new();
        rust_files(&root.join(krate).join("src"), &mut files);
        for f in files {
            let code = code_of(&std::fs::read_to_string(&f).unwrap_or_default());
            let name = f.strip_prefix(&root).unwrap_or(&f).display().to_string();
            let mut spans: Vec<&str> = Vec::new();
            for pattern in CONSTRUCTIONS {
                spans.extend(code.match_indices(pattern).map(|(at, _)| span(&code, at, false)));
            }
            for pattern in MESSAGE_FUNCTIONS {
                spans.extend(code.match_indices(pattern).map(|(at, _)| span(&code, at, true)));
            }
            // Functions that answer an error (`fn duplicate() -> AppError`): their text is a message.
            for (at, _) in code.match_indices("fn ") {
                let signature = code[at..].split('{').next().unwrap_or("").trim_end();
                if signature.ends_with("-> AppError") || signature.ends_with("-> ApiError") {
                    spans.push(span(&code, at, true));
                }
            }
            for lit in spans.into_iter().flat_map(literals) {
                if has_cjk(&lit) {
                    found.insert((lit, name.clone()));
                }
            }
        }
    }
    found
}

#[test]
fn every_message_in_the_source_has_an_english_text() {
    let known: BTreeSet<String> = en::EN.iter().map(|(zh, _)| shape(zh)).collect();
    let found = message_texts();
    assert!(found.len() > 150, "the scan finds the messages ({} found): has the source moved?", found.len());
    let missing: Vec<String> = found
        .iter()
        .filter(|(zh, _)| !known.contains(&shape(zh)))
        .map(|(zh, f)| format!("    (\"{zh}\", \"\"), // {f}"))
        .collect();
    assert!(
        missing.is_empty(),
        "{} messages without an English text (add them to i18n/en.rs):\n{}",
        missing.len(),
        missing.join("\n")
    );
}

#[test]
fn english_texts_are_english_and_keep_the_values() {
    for (zh, en) in en::EN {
        assert!(!has_cjk(en), "{zh} → {en}: Chinese left in the English text");
        let holes = |t: &str| -> Vec<String> {
            let mut h: Vec<String> =
                pieces(t).into_iter().filter_map(|p| if let Piece::Hole(n) = p { Some(n) } else { None }).collect();
            h.sort();
            h
        };
        assert_eq!(holes(zh), holes(en), "{zh} → {en}: the English text must place the same values");
    }
}
