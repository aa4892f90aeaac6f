//! Every shipped locale has every key, and every key the templates use exists.

use std::collections::BTreeSet;
use std::path::Path;

fn keys(lang: &str) -> BTreeSet<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("locales")
        .join(lang);
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).expect("locale dir") {
        let text = std::fs::read_to_string(entry.expect("entry").path()).expect("ftl");
        for line in text.lines() {
            if let Some((k, _)) = line.split_once(" =")
                && !k.is_empty()
                && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            {
                out.insert(k.to_string());
            }
        }
    }
    out
}

fn shipped() -> Vec<String> {
    classifieds::platform::i18n::SUPPORTED
        .iter()
        .map(|(c, _)| c.to_string())
        .collect()
}

#[test]
fn every_shipped_locale_has_every_english_key() {
    let en = keys("en");
    assert!(en.len() > 150);
    for lang in shipped() {
        let other = keys(&lang);
        let missing: Vec<_> = en.difference(&other).collect();
        let extra: Vec<_> = other.difference(&en).collect();
        assert!(missing.is_empty(), "{lang} misses {missing:?}");
        assert!(extra.is_empty(), "{lang} has keys English lacks: {extra:?}");
    }
}

#[test]
fn every_key_used_in_templates_and_code_exists() {
    let en = keys("en");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut used = BTreeSet::new();
    let mut stack = vec![root.join("templates"), root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let text = std::fs::read_to_string(&path).expect("source");
            let is_template = path.extension().is_some_and(|e| e == "html");
            for piece in text.split('"').skip(1).step_by(2) {
                let plain = !piece.is_empty()
                    && piece
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
                    && !piece.ends_with('-');
                if plain
                    && !is_template
                    && (piece.starts_with("field-") || piece.starts_with("notice-"))
                {
                    used.insert(piece.to_string());
                }
            }
            if is_template {
                for call in ["ctx.t(\"", "ctx.t1(\"", "ctx.tn(\""] {
                    for part in text.split(call).skip(1) {
                        used.insert(part.split('"').next().unwrap_or_default().to_string());
                    }
                }
            }
        }
    }
    let missing: Vec<_> = used.iter().filter(|k| !en.contains(*k)).collect();
    assert!(
        missing.is_empty(),
        "keys used but not in locales/en: {missing:?}"
    );
}

#[test]
fn every_error_code_has_a_message() {
    let en = keys("en");
    let codes = [
        "not_found",
        "method_not_allowed",
        "payload_too_large",
        "unsupported_media_type",
        "invalid_body",
        "bad_request",
        "validation_failed",
        "unauthorized",
        "forbidden",
        "too_many_requests",
        "service_unavailable",
        "internal",
        "invalid_credentials",
        "account_suspended",
        "csrf_failed",
        "cross_origin",
        "email_not_verified",
        "not_owner",
        "token_invalid",
        "token_expired",
        "already_verified",
        "email_taken",
        "slug_taken",
        "category_not_empty",
        "invalid_transition",
        "conflict",
    ];
    for code in codes {
        let key = format!("error-{}", code.replace('_', "-"));
        assert!(en.contains(&key), "{key}");
    }
}
