//! Input rules for account fields. Each failure names a Fluent key so pages and the API
//! tell people the same thing in their language.

use crate::platform::error::{AppError, FieldErrors};

/// Trims and lowercases an address, or says why it is not one.
pub fn email(raw: &str) -> Result<String, &'static str> {
    let e = raw.trim().to_lowercase();
    if e.is_empty() {
        return Err("field-required");
    }
    let valid = e.len() <= 254
        && !e
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || "<>()[],;:\"\\".contains(c))
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
        });
    if valid {
        Ok(e)
    } else {
        Err("field-email-invalid")
    }
}

/// Minimum length only: long passphrases beat composition rules.
pub fn password(raw: &str) -> Result<(), &'static str> {
    let n = raw.chars().count();
    if n < 10 {
        Err("field-password-short")
    } else if raw.len() > 512 {
        Err("field-too-long")
    } else {
        Ok(())
    }
}

/// A display name people can read: 2 to 50 visible characters.
pub fn display_name(raw: &str) -> Result<String, &'static str> {
    let cleaned = crate::platform::util::clean_text(raw);
    let d = cleaned.trim();
    let n = d.chars().count();
    if n == 0 {
        Err("field-required")
    } else if n < 2 {
        Err("field-too-short")
    } else if n > 50 {
        Err("field-too-long")
    } else if d.chars().any(|c| c.is_control()) {
        Err("field-invalid")
    } else {
        Ok(d.to_string())
    }
}

/// Collects field errors so a form reports all its problems at once.
#[derive(Default)]
pub struct Check(pub FieldErrors);

impl Check {
    /// Records the error of a field check and passes its value through.
    pub fn take<T>(&mut self, field: &str, r: Result<T, &'static str>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(key) => {
                self.0
                    .entry(field.to_string())
                    .or_insert_with(|| key.to_string());
                None
            }
        }
    }

    /// 422 with every collected field, or Ok.
    pub fn finish(self) -> Result<(), AppError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Validation(self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_and_checked() {
        assert_eq!(email("  Alice@Example.COM ").unwrap(), "alice@example.com");
        for bad in [
            "",
            "alice",
            "alice@",
            "@example.com",
            "a b@example.com",
            "a@b",
            "a@@b.com",
            "a@b..com",
            "a@.b.com",
        ] {
            assert!(email(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn passwords_and_names_have_bounds() {
        assert_eq!(password("short"), Err("field-password-short"));
        assert!(password("long enough passphrase").is_ok());
        assert_eq!(display_name(" "), Err("field-required"));
        assert_eq!(display_name("A"), Err("field-too-short"));
        assert_eq!(display_name(&"x".repeat(51)), Err("field-too-long"));
        assert_eq!(display_name(" Thandi M. ").unwrap(), "Thandi M.");
    }
}
