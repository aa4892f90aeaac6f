//! Proof-of-work puzzles for the self-hosted CAPTCHA (in the style of ALTCHA).
//!
//! The server picks a secret number `n` in `0..=max_number` and publishes
//! `challenge = SHA-256(salt ‖ decimal(n))` with the salt. A browser finds `n` by trying
//! numbers in order, on average `max_number / 2` hashes; checking an answer costs the
//! server one hash. Unlike "leading zero bits" puzzles the work is bounded: no visitor is
//! ever unlucky for minutes, and difficulty scales linearly with `max_number`.
//!
//! The salt carries whatever the caller wants bound to the puzzle (purpose, expiry,
//! difficulty, a nonce); [`sign`] authenticates salt and challenge together so a client
//! cannot make its own easy puzzle. Spending each puzzle once is the caller's job.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

/// A puzzle as it is sent to the client.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Puzzle {
    /// Always `"SHA-256"`: the client hashes `salt` followed by the decimal number.
    pub algorithm: String,
    pub salt: String,
    /// Lowercase hex SHA-256 of `salt` followed by the secret number.
    pub challenge: String,
    /// The secret number is at most this (the difficulty).
    pub max_number: u64,
}

/// Lowercase hex SHA-256 of `salt` followed by the decimal digits of `number`.
pub fn hash_hex(salt: &str, number: u64) -> String {
    let mut h = Sha256::new();
    h.update(salt.as_bytes());
    h.update(number.to_string().as_bytes());
    hex_lower(&h.finalize())
}

/// A puzzle whose answer is `secret_number` (the caller draws it at random).
pub fn puzzle(salt: &str, secret_number: u64, max_number: u64) -> Puzzle {
    Puzzle {
        algorithm: "SHA-256".into(),
        salt: salt.to_string(),
        challenge: hash_hex(salt, secret_number.min(max_number)),
        max_number,
    }
}

/// Whether `number` answers the puzzle `(salt, challenge)`; one hash.
pub fn check(salt: &str, challenge: &str, number: u64) -> bool {
    let got = hash_hex(salt, number);
    constant_time_eq(got.as_bytes(), challenge.as_bytes())
}

/// Finds the answer by trying every number up to `max_number` (what the browser script
/// does; used by tests, the CLI and load generators).
pub fn solve(salt: &str, challenge: &str, max_number: u64) -> Option<u64> {
    let want = decode_hex(challenge)?;
    let mut prefix = Sha256::new();
    prefix.update(salt.as_bytes());
    let mut digits = itoa_buf();
    (0..=max_number).find(|&n| {
        let mut h = prefix.clone();
        h.update(format_u64(&mut digits, n));
        h.finalize().as_slice() == want.as_slice()
    })
}

/// An HMAC-SHA-256 tag (hex, 128 bits) over `parts` joined unambiguously, under `key`.
pub fn sign(key: &[u8], parts: &[&str]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts any key length");
    for p in parts {
        mac.update(&(p.len() as u64).to_be_bytes());
        mac.update(p.as_bytes());
    }
    hex_lower(&mac.finalize().into_bytes()[..16])
}

/// Whether `tag` is [`sign`]`(key, parts)`, compared in constant time.
pub fn verify_signature(key: &[u8], parts: &[&str], tag: &str) -> bool {
    constant_time_eq(sign(key, parts).as_bytes(), tag.as_bytes())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn hex_lower(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        s.push(HEX[(b >> 4) as usize] as char);
        s.push(HEX[(b & 15) as usize] as char);
    }
    s
}

fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

fn itoa_buf() -> [u8; 20] {
    [0; 20]
}

/// The decimal digits of `n`, written into `buf` without allocating.
fn format_u64(buf: &mut [u8; 20], mut n: u64) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    &buf[i..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer_matches_sha256_of_salt_and_digits() {
        // sha256("abc123") computed independently (coreutils sha256sum).
        assert_eq!(
            hash_hex("abc", 123),
            "6ca13d52ca70c883e0f0bb101e425a89e8624de51db2d2392593af6a84118090"
        );
    }

    #[test]
    fn solving_finds_the_secret_and_checking_accepts_only_it() {
        let p = puzzle("signup:1700000000:5000:deadbeef", 4321, 5000);
        assert_eq!(solve(&p.salt, &p.challenge, p.max_number), Some(4321));
        assert!(check(&p.salt, &p.challenge, 4321));
        assert!(!check(&p.salt, &p.challenge, 4320));
        // Another salt, same number: a different puzzle.
        assert!(!check("other", &p.challenge, 4321));
    }

    #[test]
    fn a_secret_above_the_maximum_is_clamped_so_every_puzzle_is_solvable() {
        let p = puzzle("s", 99, 10);
        assert_eq!(solve(&p.salt, &p.challenge, 10), Some(10));
    }

    #[test]
    fn garbage_challenges_are_unsolvable_not_a_panic() {
        assert_eq!(solve("s", "zz", 10), None);
        assert_eq!(solve("s", &"0".repeat(64), 10), None);
    }

    #[test]
    fn signatures_bind_every_part_and_the_key() {
        let tag = sign(b"k", &["a", "bc"]);
        assert!(verify_signature(b"k", &["a", "bc"], &tag));
        assert!(!verify_signature(b"k", &["ab", "c"], &tag));
        assert!(!verify_signature(b"other", &["a", "bc"], &tag));
        assert_eq!(tag.len(), 32);
    }

    #[test]
    fn digits_are_written_without_allocating() {
        let mut b = itoa_buf();
        assert_eq!(format_u64(&mut b, 0), b"0");
        assert_eq!(
            format_u64(&mut b, u64::MAX),
            u64::MAX.to_string().as_bytes()
        );
    }
}
