//! Feature extraction for the classifier: word unigrams and bigrams, character 3–5-grams of
//! the normalised text, and a few shape features of the original (currency symbols,
//! exclamation marks, capitals, long numbers), all hashed into a fixed number of buckets so
//! the model has a fixed size whatever the vocabulary.

use std::ops::Range;

use crate::hashing::fnv1a;
use crate::normalize::Normalized;

/// Longest normalised text (bytes) that feeds features; the rest of a huge text adds cost,
/// not evidence.
const MAX_FEATURE_BYTES: usize = 20_000;

const SEED_WORD: u64 = 1;
const SEED_BIGRAM: u64 = 2;
const SEED_CHAR: u64 = 3;
const SEED_SHAPE: u64 = 4;

/// A word of the normalised text and its position there (to quote it as evidence).
#[derive(Debug, Clone)]
pub(crate) struct WordFeature {
    pub bucket: u32,
    pub range: Range<usize>,
}

/// Features of one text: distinct bucket ids (binary presence, sorted) plus the word
/// unigrams with positions for explanations.
#[derive(Debug, Clone, Default)]
pub(crate) struct Features {
    pub buckets: Vec<u32>,
    pub words: Vec<WordFeature>,
}

fn truncate(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// Extract hashed features; `bits` sets the bucket count (2^bits).
pub(crate) fn extract(norm: &Normalized, original: &str, bits: u8) -> Features {
    let mask = (1u64 << bits) - 1;
    let bucket = |h: u64| (h & mask) as u32;
    let text = truncate(norm.text(), MAX_FEATURE_BYTES);
    let mut buckets: Vec<u32> = Vec::with_capacity(text.len() * 3 + 64);
    let mut words: Vec<WordFeature> = Vec::new();

    let mut prev: Option<&str> = None;
    let mut pos = 0usize;
    for w in text.split(' ') {
        let range = pos..pos + w.len();
        pos += w.len() + 1;
        if w.is_empty() {
            continue;
        }
        let b = bucket(fnv1a(w.as_bytes(), SEED_WORD));
        buckets.push(b);
        words.push(WordFeature { bucket: b, range });
        if let Some(p) = prev {
            buckets.push(bucket(fnv1a(
                w.as_bytes(),
                fnv1a(p.as_bytes(), SEED_BIGRAM),
            )));
        }
        if w.bytes().all(|c| c.is_ascii_digit()) {
            let shape = format!("num{}", w.len().min(12));
            buckets.push(bucket(fnv1a(shape.as_bytes(), SEED_SHAPE)));
        }
        prev = Some(w);
    }

    // Character n-grams over " text " so word starts and ends are features too.
    let padded = format!(" {text} ");
    let starts: Vec<usize> = padded
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(padded.len()))
        .collect();
    for n in 3..=5 {
        for i in 0..starts.len().saturating_sub(n) {
            let gram = &padded.as_bytes()[starts[i]..starts[i + n]];
            buckets.push(bucket(fnv1a(gram, SEED_CHAR)));
        }
    }

    // Shape features of the original text.
    let original = truncate(original, MAX_FEATURE_BYTES * 2);
    let mut shapes: Vec<&str> = Vec::new();
    let bangs = original.matches('!').count();
    if bangs > 0 {
        shapes.push("bang");
    }
    if bangs >= 3 {
        shapes.push("bang3");
    }
    for (sym, name) in [('£', "gbp"), ('$', "usd"), ('€', "eur"), ('%', "pct")] {
        if original.contains(sym) {
            shapes.push(name);
        }
    }
    let (upper, cased) = original.chars().fold((0usize, 0usize), |(u, c), ch| {
        (
            u + usize::from(ch.is_uppercase()),
            c + usize::from(ch.is_uppercase() || ch.is_lowercase()),
        )
    });
    if cased >= 12 && upper * 2 > cased {
        shapes.push("caps");
    }
    if original.contains("http") || original.contains("www.") {
        shapes.push("url");
    }
    for s in shapes {
        buckets.push(bucket(fnv1a(s.as_bytes(), SEED_SHAPE)));
    }

    buckets.sort_unstable();
    buckets.dedup();
    Features { buckets, words }
}
