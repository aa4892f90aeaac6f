//! How a normalised pattern matches normalised text: on whole words for word and phrase
//! rules (and the detectors' phrase lists), with doubled letters respected. Shared by
//! [`crate::rules`] and [`crate::lexicon`] so both mean the same by "matches".

use crate::normalize::{Normalized, normalize};

/// A pattern as it is matched: its normalised text and the letter runs it was written with.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Pattern {
    pub text: String,
    pub runs: Vec<u8>,
}

impl Pattern {
    /// Normalises a pattern the way texts are normalised.
    pub fn new(pattern: &str) -> Self {
        let n = normalize(pattern);
        Self {
            text: n.text().to_owned(),
            runs: n.runs().to_vec(),
        }
    }

    /// Whether the match at `start..end` of `norm` is this pattern as a whole word or
    /// phrase (when `whole_words`), with every letter the pattern doubles doubled in the
    /// text too: "ass" is not "as", "bet" is not "beet", yet "assss" and "a s s" are "ass".
    pub fn agrees(&self, norm: &Normalized, start: usize, end: usize, whole_words: bool) -> bool {
        let bytes = norm.text().as_bytes();
        if whole_words
            && !((start == 0 || bytes[start - 1] == b' ')
                && (end == bytes.len() || bytes[end] == b' '))
        {
            return false;
        }
        let runs = &norm.runs()[start..end];
        runs.len() == self.runs.len()
            && self.runs.iter().zip(runs).all(|(&want, &got)| match want {
                // Written once: once, or stretched ("freeeee"), but not doubled ("beet"
                // is not "bet", "cooke" is not "coke").
                1 => got != 2,
                // Doubled: at least doubled ("as" is not "ass").
                2 => got >= 2,
                // Tripled ("xxx"): at least tripled ("xx" is not "xxx").
                _ => got >= want.min(3),
            })
    }
}

/// The readings of a text that patterns are tried against besides the primary one.
pub(crate) fn readings(original: &str, primary: &Normalized) -> Vec<Normalized> {
    crate::normalize::other_readings(original, primary)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(pattern: &str, text: &str) -> bool {
        let p = Pattern::new(pattern);
        let n = normalize(text);
        n.text()
            .match_indices(p.text.as_str())
            .any(|(s, m)| p.agrees(&n, s, s + m.len(), true))
    }

    #[test]
    fn doubled_letters_must_stay_doubled() {
        assert!(!hit("ass", "Glass coffee table as new"));
        assert!(hit("ass", "what an ass"));
        assert!(hit("ass", "what an asssss"));
        assert!(hit("free", "freeeee money"));
        assert!(!hit("free", "fre money"));
        // A letter written once matches stretched, but not doubled: that is another word.
        assert!(hit("viagra", "viiiagra"));
        assert!(!hit("bet", "beet salad"));
        assert!(!hit("xxx", "size xx"));
    }
}
