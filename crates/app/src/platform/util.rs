//! Small helpers with no better home: time, random tokens, hashing.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Seconds since the Unix epoch. All timestamps in the database are these, so that
/// SQLite and PostgreSQL compare and index them the same way.
pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A URL-safe random token with 256 bits of entropy.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// A six-digit code for people who read the mail on another device.
pub fn random_code() -> String {
    format!("{:06}", rand::rng().next_u32() % 1_000_000)
}

/// Tokens are stored hashed, so a leaked database does not log anyone in.
pub fn sha256_hex(input: &str) -> String {
    hex::encode(Sha256::digest(input.as_bytes()))
}

/// Formats a timestamp for people (UTC, minute precision).
pub fn format_time(ts: i64) -> String {
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::from_unix_timestamp(ts)
        .ok()
        .and_then(|t| t.format(&fmt).ok())
        .unwrap_or_default()
}

/// Formats cents as an amount with the currency code: `ZAR 1 250.00`.
pub fn format_price(cents: i64, currency: &str) -> String {
    let whole = cents / 100;
    let frac = (cents % 100).abs();
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(ch);
    }
    let sign = if cents < 0 { "-" } else { "" };
    format!("{currency} {sign}{grouped}.{frac:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prices_are_grouped_by_thousands() {
        assert_eq!(format_price(125_000, "ZAR"), "ZAR 1 250.00");
        assert_eq!(format_price(5, "USD"), "USD 0.05");
        assert_eq!(format_price(100_000_000, "EUR"), "EUR 1 000 000.00");
    }

    #[test]
    fn codes_have_six_digits() {
        for _ in 0..100 {
            let c = random_code();
            assert_eq!(c.len(), 6);
            assert!(c.chars().all(|c| c.is_ascii_digit()));
        }
    }
}

/// Whether a character is a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, N'Ko…),
/// which legitimately needs direction marks beside it.
fn is_rtl(c: char) -> bool {
    matches!(c, '\u{0590}'..='\u{08FF}' | '\u{FB1D}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Whether a character is a letter of a script that joins with ZWJ/ZWNJ (anything but
/// Latin, Greek and Cyrillic), or an emoji.
fn joins(c: Option<char>) -> bool {
    c.is_some_and(|c| {
        (c.is_alphabetic() && !c.is_ascii() && !matches!(c, '\u{00C0}'..='\u{052F}'))
            || matches!(c, '\u{1F000}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}')
    })
}

/// Text people type, without what makes it show something other than what it holds:
/// direction overrides and isolates (a title that reads backwards), zero-width and other
/// invisible characters, and Hangul fillers used as blank names. Direction marks stay in
/// right-to-left text and joiners stay between the letters of scripts that use them, so
/// Arabic, Hebrew, Indic scripts and emoji sequences are kept intact.
pub fn clean_text(raw: &str) -> String {
    let chars: Vec<char> = raw.chars().collect();
    let rtl = chars.iter().any(|c| is_rtl(*c));
    let mut out = String::with_capacity(raw.len());
    for (i, &c) in chars.iter().enumerate() {
        let drop = match c {
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
            '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{180E}' | '\u{00AD}' => true,
            '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}' => true,
            '\u{E0000}'..='\u{E007F}' => true,
            '\u{200E}' | '\u{200F}' | '\u{061C}' => !rtl,
            '\u{200C}' | '\u{200D}' => {
                let prev = i.checked_sub(1).and_then(|p| chars.get(p)).copied();
                let next = chars.get(i + 1).copied();
                !(joins(prev) || joins(next))
            }
            _ => false,
        };
        if !drop {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod clean_tests {
    use super::clean_text;

    #[test]
    fn strips_spoofing_and_keeps_real_scripts() {
        assert_eq!(
            clean_text("Cheap \u{202E}enohpi\u{202C} deal"),
            "Cheap enohpi deal"
        );
        assert_eq!(clean_text("Ad\u{200B}min"), "Admin");
        assert_eq!(clean_text("\u{3164}\u{3164}"), "");
        assert_eq!(clean_text("Pay\u{2066}ment\u{2069}"), "Payment");
        // Real scripts and emoji sequences are untouched.
        assert_eq!(clean_text("مرحبا\u{200F} بالعالم"), "مرحبا\u{200F} بالعالم");
        assert_eq!(clean_text("می\u{200C}خواهم"), "می\u{200C}خواهم");
        assert_eq!(clean_text("👩\u{200D}💻 Dev"), "👩\u{200D}💻 Dev");
        assert_eq!(clean_text("Zoë's café"), "Zoë's café");
        // A direction mark in a Latin-only text is a trick.
        assert_eq!(clean_text("Admin\u{200F}"), "Admin");
    }
}
