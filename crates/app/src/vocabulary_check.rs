//! A guard over the sources: permissions and the closed vocabularies are named through their
//! enums, never by a string literal that the compiler cannot check.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") && !path.ends_with("vocabulary_check.rs") {
            out.push(path);
        }
    }
}

/// Lines of the app's and the server's sources that contain one of `needles`.
fn lines_with(needles: &[&str]) -> Vec<String> {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["app/src", "server/src"] {
        rust_files(&crates.join(dir), &mut files);
    }
    let mut hits = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for (n, line) in text.lines().enumerate() {
            if needles.iter().any(|needle| line.contains(needle)) {
                hits.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    hits
}

#[test]
fn permissions_are_never_string_literals() {
    let hits = lines_with(&["require(\"", "can(\"", "permission: &str"]);
    assert!(hits.is_empty(), "use zoneops_domain::Permission:\n{}", hits.join("\n"));
}

#[test]
fn ticket_actions_and_stages_are_never_matched_as_strings() {
    let hits = lines_with(&[
        "== \"signed\"",
        "!= \"signed\"",
        "== \"lost\"",
        "== \"resolve\"",
        "== \"reroute\"",
        "== \"insist\"",
        "== \"hotline\"",
        "\"dispatch\" =>",
        "\"resolve\" =>",
        "\"weekly\" |",
        "\"urgent\" =>",
        "\"resolved\" | \"closed\"",
    ]);
    assert!(hits.is_empty(), "match on the domain's enums instead:\n{}", hits.join("\n"));
}

/// A notice written with a literal kind (`kind: "filed"` in a `NewNotification`) names a member of
/// `NotificationKind`, so 个人中心 › 消息设置 lists it and decides whether it may be turned off
/// (decision 0036). A kind missing there is still delivered, but nobody could choose about it.
#[test]
fn notice_kinds_are_in_the_settings() {
    let crates = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["app/src", "server/src"] {
        rust_files(&crates.join(dir), &mut files);
    }
    let mut unknown = Vec::new();
    let mut seen = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        if !text.contains("NewNotification") {
            continue;
        }
        for (n, line) in text.lines().enumerate() {
            let Some(rest) = line.trim().strip_prefix("kind: \"") else { continue };
            let code = rest.split('"').next().unwrap_or("");
            seen += 1;
            if zoneops_domain::notification::NotificationKind::parse(code).is_none() {
                unknown.push(format!("{}:{}: {code}", f.display(), n + 1));
            }
        }
    }
    assert!(seen >= 2, "the scan finds the notices (filed, urge): has the source moved?");
    assert!(
        unknown.is_empty(),
        "add these kinds to zoneops_domain::notification::NotificationKind:\n{}",
        unknown.join("\n")
    );
}
