//! Content-quality heuristics: shouting, punctuation runs, keyword stuffing, empty
//! descriptions and prices that are too good to be true. Each is weak alone; together with
//! other signals they separate lazy spam from honest ads.

use std::collections::BTreeMap;

use crate::config::Config;
use crate::gate::Prepared;
use crate::verdict::Signal;

/// Words too common to count as stuffing.
const STOPWORDS: &[&str] = &[
    "the", "and", "for", "with", "you", "your", "are", "this", "that", "have", "from", "our",
    "not", "all", "can", "will", "was", "but", "has", "its", "per", "any", "one", "new", "we",
    "to", "of", "in", "on", "at", "is", "it", "an", "as", "be", "by", "do", "go", "if", "me", "my",
    "no", "or", "so", "up", "us", "am", "he", "en", "ek", "na", "di", "da", "de", "em", "la", "le",
    "et", "un", "se", "te", "ke", "ya", "wa", "ba", "le", "ka", "se", "ho", "the",
];

fn is_emoji(c: char) -> bool {
    matches!(c, '\u{1F300}'..='\u{1FAFF}' | '\u{2600}'..='\u{27BF}' | '\u{1F000}'..='\u{1F2FF}')
}

/// Characters whose long runs are attention-grabbing rather than formatting (dashes and dots
/// are left out: people draw lines and ellipses with them).
fn is_loud(c: char) -> bool {
    matches!(c, '!' | '?' | '$' | '*' | '#' | '€' | '£' | '¥') || is_emoji(c)
}

/// Share of capitals among cased letters, once there are enough letters to judge.
fn shouting(text: &str) -> Option<f64> {
    let (mut upper, mut cased) = (0usize, 0usize);
    for c in text.chars() {
        if c.is_uppercase() {
            upper += 1;
            cased += 1;
        } else if c.is_lowercase() {
            cased += 1;
        }
    }
    (cased >= 12).then(|| upper as f64 / cased as f64)
}

/// Quality signals for one submission. `full` is the original title + body that `norm`
/// was computed from.
pub(crate) fn signals(config: &Config, input: &Prepared<'_>, out: &mut Vec<Signal>) {
    let w = &config.weights;
    let (title, body, full, norm) = (&input.sub.title, &input.sub.body, &input.full, &input.norm);
    let (category, price, is_ad) = (
        input.sub.category.as_deref(),
        input.sub.price,
        input.sub.kind.is_ad(),
    );
    if let Some(share) = shouting(full).filter(|s| *s >= 0.7) {
        out.push(Signal::new(
            "shouting",
            w.shouting * 0.7,
            format!("{:.0}% capitals", share * 100.0),
        ));
    } else if let Some(share) = shouting(title).filter(|s| *s >= 0.8) {
        out.push(Signal::new(
            "shouting",
            w.shouting * 0.5,
            format!("title {:.0}% capitals", share * 100.0),
        ));
    }

    // Runs of loud punctuation or emoji.
    let mut runs: Vec<&str> = Vec::new();
    let mut start: Option<usize> = None;
    let mut len = 0;
    for (i, c) in full
        .char_indices()
        .chain(std::iter::once((full.len(), ' ')))
    {
        if is_loud(c) || (start.is_some() && (c == '\u{FE0F}' || c == '\u{200D}')) {
            if start.is_none() {
                start = Some(i);
                len = 0;
            }
            len += 1;
        } else if let Some(s) = start.take()
            && len >= 4
        {
            runs.push(&full[s..i]);
        }
    }
    if !runs.is_empty() {
        let longest = runs
            .iter()
            .max_by_key(|r| r.chars().count())
            .copied()
            .unwrap_or("");
        let score = w.punctuation_run * (runs.len() as f64).min(3.0);
        out.push(Signal::new(
            "punctuation_run",
            score,
            format!("{} run(s), longest '{}'", runs.len(), longest),
        ));
    }

    // Keyword stuffing: one content word dominating the text (plurals count with their
    // singular: "laptop, laptops").
    let text = norm.text();
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut total = 0usize;
    let mut pos = 0usize;
    for word in text.split(' ') {
        let start = pos;
        pos += word.len() + 1;
        total += 1;
        if word.chars().count() < 2
            || STOPWORDS.contains(&word)
            || word.chars().all(|c| c.is_ascii_digit())
        {
            continue;
        }
        let stem = if word.len() >= 5 && word.ends_with('s') {
            &word[..word.len() - 1]
        } else {
            word
        };
        counts.entry(stem).or_insert((0, start)).0 += 1;
    }
    if let Some((word, (count, first))) = counts
        .iter()
        .max_by(|a, b| a.1.0.cmp(&b.1.0).then_with(|| b.0.cmp(a.0)))
    {
        let share = *count as f64 / total.max(1) as f64;
        if (*count >= 5 && share >= 0.15) || (*count >= 10 && share >= 0.08) {
            let quote = norm.quote(full, *first..*first + word.len()).to_owned();
            // A word that is a fifth of the text, or a dozen times, is written for search
            // engines whatever else the text says.
            let factor = if (*count >= 6 && share >= 0.2) || *count >= 12 {
                1.35
            } else {
                1.0
            };
            out.push(
                Signal::new(
                    "keyword_stuffing",
                    w.keyword_stuffing * factor,
                    format!("'{quote}' ×{count} in {total} words"),
                )
                .with_quotes(vec![quote]),
            );
        }
    }

    if is_ad {
        let body_words = body
            .split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count();
        if body_words < config.min_description_words {
            out.push(Signal::new(
                "too_short",
                w.too_short,
                format!("description has {body_words} word(s)"),
            ));
        }
        if let (Some(p), Some(stats)) = (
            price.filter(|p| p.is_finite() && *p > 0.0),
            category.and_then(|c| config.price_stats.get(c)),
        ) {
            if p < stats.low_fence() {
                out.push(Signal::new(
                    "price_outlier",
                    w.price_outlier,
                    format!(
                        "price {p} is far below the usual {}–{} (median {}): too good to be true",
                        stats.q1, stats.q3, stats.median
                    ),
                ));
            } else if p > stats.high_fence() {
                out.push(Signal::new(
                    "price_outlier",
                    w.price_outlier * 0.5,
                    format!(
                        "price {p} is far above the usual {}–{} (median {})",
                        stats.q1, stats.q3, stats.median
                    ),
                ));
            }
        }
    }
}
