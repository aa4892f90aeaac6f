//! What the normaliser found while folding text: the evidence behind the `obfuscation`
//! signal.

use std::ops::Range;

/// Obfuscation tricks found while normalising; each is evidence on its own that someone
/// tried to get past a filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Obfuscation {
    /// Look-alike letters from another script mixed into Latin words: (as written, read as).
    pub homoglyphs: Vec<(char, char)>,
    /// Zero-width and other invisible characters that were dropped.
    pub invisible: usize,
    /// Full-width, mathematical or enclosed "styled" letters and digits.
    pub styled: usize,
    /// More than one combining mark stacked on a letter ("zalgo" text).
    pub stacked_marks: usize,
    /// Original byte ranges of words written in leetspeak ("v1agra", "ca$h").
    pub leetspeak: Vec<Range<usize>>,
    /// Original byte ranges of words spelled out letter by letter ("v.i.a.g.r.a").
    pub spaced: Vec<Range<usize>>,
    /// Original byte ranges of letters repeated three or more times ("freeeee").
    pub repeated: Vec<Range<usize>>,
}

impl Obfuscation {
    /// True when nothing suspicious was found.
    pub fn is_empty(&self) -> bool {
        self.findings_count() == 0
    }

    /// Number of distinct kinds of obfuscation found (used for scoring).
    pub fn findings_count(&self) -> usize {
        [
            !self.homoglyphs.is_empty(),
            self.invisible > 0,
            self.styled > 0,
            self.stacked_marks > 0,
            !self.leetspeak.is_empty(),
            !self.spaced.is_empty(),
            !self.repeated.is_empty(),
        ]
        .iter()
        .filter(|b| **b)
        .count()
    }

    /// Human-readable findings, quoting `original` (the text that was normalised).
    pub fn describe(&self, original: &str) -> Vec<String> {
        let quote = |ranges: &[Range<usize>]| -> String {
            let mut parts: Vec<String> = Vec::new();
            for r in ranges.iter().take(5) {
                let q = format!("'{}'", original.get(r.clone()).unwrap_or(""));
                if !parts.contains(&q) {
                    parts.push(q);
                }
            }
            parts.join(", ")
        };
        let mut out = Vec::new();
        if !self.homoglyphs.is_empty() {
            let mut pairs: Vec<String> = Vec::new();
            for (from, to) in &self.homoglyphs {
                let p = format!("{from}→{to}");
                if !pairs.contains(&p) {
                    pairs.push(p);
                }
            }
            out.push(format!("homoglyphs: {}", pairs.join(", ")));
        }
        if self.invisible > 0 {
            out.push(format!("zero-width characters: {}", self.invisible));
        }
        if self.styled > 0 {
            out.push(format!("full-width/styled characters: {}", self.styled));
        }
        if self.stacked_marks > 0 {
            out.push(format!("stacked diacritics: {}", self.stacked_marks));
        }
        if !self.leetspeak.is_empty() {
            out.push(format!("leetspeak: {}", quote(&self.leetspeak)));
        }
        if !self.spaced.is_empty() {
            out.push(format!("spaced-out letters: {}", quote(&self.spaced)));
        }
        if !self.repeated.is_empty() {
            out.push(format!("repeated letters: {}", quote(&self.repeated)));
        }
        out
    }
}
