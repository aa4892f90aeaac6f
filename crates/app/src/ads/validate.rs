//! What makes an ad acceptable as input. Pages and the API both build an [`AdInput`]
//! from strings and get back per-field Fluent keys.

use crate::accounts::validate::Check;
use crate::platform::error::AppResult;

/// An ad as typed, every field a string so a refused form comes back exactly as it was.
#[derive(Clone, Debug, Default, serde::Deserialize)]
pub struct AdForm {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub price: String,
    #[serde(default)]
    pub currency: String,
    #[serde(default)]
    pub location: String,
    #[serde(default)]
    pub contact_phone: String,
}

/// A checked ad.
#[derive(Clone, Debug, PartialEq)]
pub struct AdInput {
    pub category: String,
    pub title: String,
    pub description: String,
    pub price_cents: Option<i64>,
    pub currency: String,
    pub location: String,
    pub contact_phone: Option<String>,
}

/// Parses `"1 250,50"`, `"1250.5"`, `"R 999"` into cents.
pub fn parse_price(raw: &str) -> Result<Option<i64>, &'static str> {
    let t = raw.trim();
    // A currency written in front of the amount is fine ("R 999", "ZAR 1 250"); other
    // letters are not a price.
    let t = ["ZAR", "USD", "EUR", "GBP", "NAD", "N$", "R", "$", "€", "£"]
        .iter()
        .find_map(|p| {
            t.get(..p.len())
                .filter(|head| head.eq_ignore_ascii_case(p))
                .map(|_| &t[p.len()..])
        })
        .unwrap_or(t);
    let cleaned: String = t
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
        .collect();
    if cleaned.is_empty() {
        // "R" alone or "abc" is not a price; an empty field is "no price".
        return if raw.trim().is_empty() {
            Ok(None)
        } else {
            Err("field-price-invalid")
        };
    }
    let normalised = match (cleaned.rfind(','), cleaned.rfind('.')) {
        // "1,250.50" → thousands commas; "1.250,50" → thousands dots.
        (Some(c), Some(d)) if c < d => cleaned.replace(',', ""),
        (Some(_), Some(_)) => cleaned.replace('.', "").replace(',', "."),
        (Some(c), None) if cleaned.len() - c == 3 => cleaned.replace(',', "."),
        (Some(_), None) => cleaned.replace(',', ""),
        _ => cleaned,
    };
    let (whole, frac) = normalised.split_once('.').unwrap_or((&normalised, ""));
    if whole.is_empty()
        || !whole.chars().all(|c| c.is_ascii_digit())
        || frac.len() > 2
        || !frac.chars().all(|c| c.is_ascii_digit())
    {
        return Err("field-price-invalid");
    }
    if whole.len() > 10 {
        return Err("field-price-too-high");
    }
    let whole: i64 = whole.parse().map_err(|_| "field-price-invalid")?;
    let frac: i64 = if frac.is_empty() {
        0
    } else {
        format!("{frac:0<2}")
            .parse()
            .map_err(|_| "field-price-invalid")?
    };
    Ok(Some(whole * 100 + frac))
}

fn text(raw: &str, min: usize, max: usize) -> Result<String, &'static str> {
    let cleaned = crate::platform::util::clean_text(raw);
    let t = cleaned.trim();
    let n = t.chars().count();
    if n == 0 {
        Err("field-required")
    } else if n < min {
        Err("field-too-short")
    } else if n > max {
        Err("field-too-long")
    } else if t
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        Err("field-invalid")
    } else {
        Ok(t.replace("\r\n", "\n"))
    }
}

fn phone(raw: &str) -> Result<Option<String>, &'static str> {
    let t = raw.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let allowed = t
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    if allowed && (7..=15).contains(&digits) {
        Ok(Some(t.to_string()))
    } else {
        Err("field-phone-invalid")
    }
}

impl AdForm {
    /// A draft as the gate should see it while it is still being typed: whatever is
    /// there, trimmed, with an unparseable price left out instead of refused.
    pub fn validate_draft(&self, default_currency: &str) -> AdInput {
        let clean = |s: &str| crate::platform::util::clean_text(s).trim().to_string();
        AdInput {
            category: self.category.trim().to_string(),
            title: clean(&self.title),
            description: clean(&self.description),
            price_cents: parse_price(&self.price).ok().flatten(),
            currency: default_currency.to_string(),
            location: clean(&self.location),
            contact_phone: Some(self.contact_phone.trim().to_string()).filter(|p| !p.is_empty()),
        }
    }

    /// Checks every field and reports all problems at once.
    pub fn validate(&self, default_currency: &str) -> AppResult<AdInput> {
        let mut check = Check::default();
        let category = self.category.trim().to_string();
        if category.is_empty() {
            check.take::<()>("category", Err("field-category-required"));
        }
        let title = check.take("title", text(&self.title, 5, 120));
        let description = check.take("description", text(&self.description, 20, 5000));
        let price_cents = check.take("price", parse_price(&self.price)).flatten();
        let currency = match self.currency.trim() {
            "" => default_currency.to_string(),
            c if c.len() == 3 && c.chars().all(|ch| ch.is_ascii_alphabetic()) => {
                c.to_ascii_uppercase()
            }
            _ => {
                check.take::<()>("currency", Err("field-currency-invalid"));
                String::new()
            }
        };
        let location = check.take("location", text(&self.location, 2, 100));
        let contact_phone = check
            .take("contact_phone", phone(&self.contact_phone))
            .flatten();
        check.finish()?;
        Ok(AdInput {
            category,
            title: title.unwrap_or_default(),
            description: description.unwrap_or_default(),
            price_cents,
            currency,
            location: location.unwrap_or_default(),
            contact_phone,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_in_the_ways_people_write_them() {
        assert_eq!(parse_price("1250"), Ok(Some(125_000)));
        assert_eq!(parse_price("R 1 250,50"), Ok(Some(125_050)));
        assert_eq!(parse_price("1,250.5"), Ok(Some(125_050)));
        assert_eq!(parse_price("1.250,00"), Ok(Some(125_000)));
        assert_eq!(parse_price("  "), Ok(None));
        assert_eq!(parse_price("-5"), Err("field-price-invalid"));
        assert_eq!(parse_price("12.345"), Err("field-price-invalid"));
        assert_eq!(parse_price("1.2.3"), Err("field-price-invalid"));
        assert_eq!(parse_price("abc"), Err("field-price-invalid"));
        assert_eq!(parse_price("99999999999"), Err("field-price-too-high"));
    }

    #[test]
    fn a_bad_form_reports_every_field() {
        let f = AdForm {
            title: "ab".into(),
            description: String::new(),
            price: "x1".into(),
            ..Default::default()
        };
        let Err(crate::platform::error::AppError::Validation(errors)) = f.validate("ZAR") else {
            panic!("expected 422")
        };
        for field in ["category", "title", "description", "price", "location"] {
            assert!(
                errors.contains_key(field),
                "{field} missing from {errors:?}"
            );
        }
    }

    #[test]
    fn a_good_form_is_cleaned() {
        let f = AdForm {
            category: "vehicles".into(),
            title: "  Toyota Corolla 2015 ".into(),
            description: "Well kept, full service history,\r\none owner.".into(),
            price: "89 900".into(),
            currency: "zar".into(),
            location: "Cape Town".into(),
            contact_phone: "+27 82 555 0101".into(),
        };
        let ad = f.validate("USD").unwrap();
        assert_eq!(ad.title, "Toyota Corolla 2015");
        assert_eq!(ad.price_cents, Some(8_990_000));
        assert_eq!(ad.currency, "ZAR");
        assert!(!ad.description.contains('\r'));
    }
}
