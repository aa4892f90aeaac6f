//! Translations: every user-facing string is a Fluent message under `locales/<lang>/`.
//! The language comes from the user's setting, then the `lang` cookie, then
//! `Accept-Language`, then English.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader};

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages the site ships complete. The first is the fallback.
pub const SUPPORTED: &[(&str, &str)] = &[("en", "English"), ("af", "Afrikaans")];

/// A resolved language for one request.
#[derive(Clone, Debug)]
pub struct I18n {
    code: &'static str,
    id: LanguageIdentifier,
}

impl Default for I18n {
    fn default() -> Self {
        I18n::new("en")
    }
}

impl I18n {
    /// A supported language by its code; anything else is English.
    pub fn new(code: &str) -> Self {
        let code = SUPPORTED
            .iter()
            .map(|(c, _)| *c)
            .find(|c| *c == code)
            .unwrap_or("en");
        I18n {
            code,
            id: code.parse().expect("supported codes parse"),
        }
    }

    /// The language's code (`en`, `af`), used for `<html lang>` and user settings.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// The translated message; a missing key falls back to English, then to the key itself
    /// (a test makes sure no shipped locale misses one).
    pub fn t(&self, key: &str) -> String {
        LOCALES
            .try_lookup(&self.id, key)
            .unwrap_or_else(|| key.to_string())
    }

    /// The translated message with named arguments, e.g. `t_with("ads-count", &[("count", 3.into())])`.
    pub fn t_with(&self, key: &str, args: &[(&'static str, Arg)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| {
                let value = match v {
                    Arg::Str(s) => FluentValue::from(s.clone()),
                    Arg::Num(n) => FluentValue::from(*n),
                };
                (Cow::Borrowed(*k), value)
            })
            .collect();
        LOCALES
            .try_lookup_with_args(&self.id, key, &map)
            .unwrap_or_else(|| key.to_string())
    }

    /// A message with a single string argument, the common case in templates.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        self.t_with(key, &[(name, Arg::Str(value.to_string()))])
    }

    /// A message with a single number argument (plural forms pick on it).
    pub fn tn(&self, key: &str, name: &'static str, value: i64) -> String {
        self.t_with(key, &[(name, Arg::Num(value))])
    }

    /// Picks the best supported language from an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Self> {
        let mut candidates: Vec<(f32, &str)> = header
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q=").and_then(|q| q.parse().ok()))
                    .unwrap_or(1.0);
                Some((q, tag))
            })
            .collect();
        candidates.sort_by(|a, b| b.0.total_cmp(&a.0));
        candidates.into_iter().find_map(|(q, tag)| {
            let primary = tag.split('-').next()?.to_ascii_lowercase();
            (q > 0.0 && SUPPORTED.iter().any(|(c, _)| *c == primary)).then(|| I18n::new(&primary))
        })
    }

    /// Whether a code names a shipped language.
    pub fn is_supported(code: &str) -> bool {
        SUPPORTED.iter().any(|(c, _)| *c == code)
    }
}

/// A Fluent argument.
#[derive(Clone, Debug)]
pub enum Arg {
    Str(String),
    Num(i64),
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Str(s.to_string())
    }
}

impl From<i64> for Arg {
    fn from(n: i64) -> Self {
        Arg::Num(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_prefers_highest_quality_supported_tag() {
        let l = I18n::from_accept_language("fr-FR,af;q=0.8,en;q=0.5").unwrap();
        assert_eq!(l.code(), "af");
        let l = I18n::from_accept_language("en-GB, af;q=0.9").unwrap();
        assert_eq!(l.code(), "en");
        assert!(I18n::from_accept_language("fr, de;q=0.5").is_none());
        assert!(I18n::from_accept_language("af;q=0").is_none());
    }

    #[test]
    fn unknown_language_falls_back_to_english() {
        assert_eq!(I18n::new("xx").code(), "en");
    }
}
