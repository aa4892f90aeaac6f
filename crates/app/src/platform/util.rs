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
