//! Keyword and phrase rules: moderators' own list of words that block, hold or add score.
//!
//! All literal, word and phrase rules, global and per category, go into ONE Aho-Corasick
//! automaton over the normalised text, so checking a submission costs the same with 100 or
//! 10,000 rules. Category filtering happens after matching, on the (few) hits. Regex rules go
//! into one [`regex::RegexSet`] run over the original text (regex authors usually want
//! punctuation such as `https?://`, and can spell out obfuscation themselves).

use std::collections::{BTreeMap, HashMap};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind as AcMatchKind};
use regex::{Regex, RegexBuilder, RegexSet, RegexSetBuilder};
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::matching::Pattern;
use crate::normalize::Normalized;

/// How a rule's pattern is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Anywhere in the normalised text, even inside words ("casino" in "onlinecasino").
    Literal,
    /// A whole word of the normalised text.
    Word,
    /// A sequence of whole words ("western union").
    Phrase,
    /// A regular expression over the original text, case-insensitive.
    Regex,
}

impl MatchKind {
    /// The name used in the import/export format.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Literal => "literal",
            MatchKind::Word => "word",
            MatchKind::Phrase => "phrase",
            MatchKind::Regex => "regex",
        }
    }
}

/// What a matching rule does to the verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleAction {
    /// Reject outright, whatever the score.
    Block,
    /// Hold for review, whatever the score.
    Hold,
    /// Only add the rule's score.
    Score,
}

impl RuleAction {
    /// The name used in the import/export format.
    pub fn as_str(self) -> &'static str {
        match self {
            RuleAction::Block => "block",
            RuleAction::Hold => "hold",
            RuleAction::Score => "score",
        }
    }
}

/// One moderator rule, in the site's import/export format (one JSON object per line):
/// `{"pattern":…,"match":"word","category":null,"action":"score","score":2.0}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rule {
    /// The word, phrase or regex as the moderator wrote it.
    pub pattern: String,
    /// How to match it.
    #[serde(rename = "match")]
    pub match_kind: MatchKind,
    /// Category slug the rule is limited to; `None` applies everywhere.
    #[serde(default)]
    pub category: Option<String>,
    /// Block, hold or score.
    pub action: RuleAction,
    /// Score added when the rule matches (also for block and hold, so the total stays
    /// meaningful for ranking the moderation queue).
    #[serde(default)]
    pub score: f64,
}

impl Rule {
    /// Shorthand used by the starter list and tests.
    pub fn new(
        pattern: &str,
        match_kind: MatchKind,
        category: Option<&str>,
        action: RuleAction,
        score: f64,
    ) -> Self {
        Self {
            pattern: pattern.to_owned(),
            match_kind,
            category: category.map(str::to_owned),
            action,
            score,
        }
    }
}

/// Parse the JSON Lines import format; blank lines are skipped, errors name the line.
pub fn parse_rules_jsonl(input: &str) -> Result<Vec<Rule>, Error> {
    input
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|source| Error::RuleLine {
                line: i + 1,
                source,
            })
        })
        .collect()
}

/// Write rules in the JSON Lines export format (one rule a line, trailing newline).
pub fn rules_to_jsonl(rules: &[Rule]) -> String {
    let mut out = String::new();
    for r in rules {
        // Serializing plain strings, enums and numbers cannot fail.
        if let Ok(line) = serde_json::to_string(r) {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

/// A rule that matched, with the original text it matched.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct RuleHit<'r> {
    pub rule: &'r Rule,
    /// The rule's position in the list the gate was built with.
    pub index: u32,
    pub count: usize,
    /// Up to three distinct quotes of the original text.
    pub quotes: Vec<String>,
}

/// Longest pattern accepted; longer ones are almost certainly pasted spam, not rules.
const MAX_PATTERN_LEN: usize = 500;

/// Rules compiled for fast matching; built once per rule change.
#[derive(Debug)]
pub(crate) struct CompiledRules {
    rules: Vec<Rule>,
    automaton: Option<AhoCorasick>,
    /// Automaton pattern id → the pattern with its letter runs.
    patterns: Vec<Pattern>,
    /// Automaton pattern id → rules using that normalised pattern.
    pattern_rules: Vec<Vec<usize>>,
    regex_set: Option<RegexSet>,
    /// Regex set index → (rule index, regex for extracting the match).
    regexes: Vec<(usize, Regex)>,
}

impl CompiledRules {
    pub fn new(rules: Vec<Rule>) -> Result<Self, Error> {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut by_text: HashMap<Pattern, usize> = HashMap::new();
        let mut pattern_rules: Vec<Vec<usize>> = Vec::new();
        let mut regex_src: Vec<String> = Vec::new();
        let mut regexes = Vec::new();
        for (index, rule) in rules.iter().enumerate() {
            let invalid = |reason: &str| Error::InvalidRule {
                index,
                pattern: rule.pattern.clone(),
                reason: reason.to_owned(),
            };
            if rule.pattern.len() > MAX_PATTERN_LEN {
                return Err(invalid("pattern longer than 500 bytes"));
            }
            if !rule.score.is_finite() {
                return Err(invalid("score must be a finite number"));
            }
            if rule.match_kind == MatchKind::Regex {
                let re = RegexBuilder::new(&rule.pattern)
                    .case_insensitive(true)
                    .size_limit(1 << 20)
                    .build()
                    .map_err(|source| Error::InvalidRegex {
                        index,
                        pattern: rule.pattern.clone(),
                        source,
                    })?;
                regex_src.push(rule.pattern.clone());
                regexes.push((index, re));
                continue;
            }
            let norm = Pattern::new(&rule.pattern);
            if norm.text.is_empty() {
                return Err(invalid("pattern has no letters or digits"));
            }
            let id = *by_text.entry(norm.clone()).or_insert_with(|| {
                patterns.push(norm);
                pattern_rules.push(Vec::new());
                patterns.len() - 1
            });
            pattern_rules[id].push(index);
        }
        let automaton = if patterns.is_empty() {
            None
        } else {
            Some(
                AhoCorasickBuilder::new()
                    .match_kind(AcMatchKind::Standard)
                    .build(patterns.iter().map(|p| p.text.as_str()))?,
            )
        };
        let regex_set = if regex_src.is_empty() {
            None
        } else {
            let set = RegexSetBuilder::new(&regex_src)
                .case_insensitive(true)
                .size_limit(64 << 20)
                .build()
                .map_err(|source| Error::InvalidRegex {
                    index: regexes.first().map_or(0, |r| r.0),
                    pattern: "(regex set)".into(),
                    source,
                })?;
            Some(set)
        };
        Ok(Self {
            rules,
            automaton,
            patterns,
            pattern_rules,
            regex_set,
            regexes,
        })
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// All rules matching this submission's text in its category, in rule order. Word,
    /// phrase and literal rules are tried on every reading of the text (`norms`: the
    /// primary one, then the alternate one for ambiguous leet); regex rules on the
    /// original.
    pub fn matches(
        &self,
        norms: &[&Normalized],
        original: &str,
        category: Option<&str>,
    ) -> Vec<RuleHit<'_>> {
        let applies = |rule: &Rule| match &rule.category {
            None => true,
            Some(c) => category.is_some_and(|s| s.eq_ignore_ascii_case(c)),
        };
        let mut hits: BTreeMap<usize, (usize, Vec<String>)> = BTreeMap::new();
        let mut seen: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        let mut record = |idx: usize, at: Option<std::ops::Range<usize>>, quote: &str| {
            // The same words found in both readings count once.
            if let Some(r) = at {
                if seen.iter().any(|(i, s)| *i == idx && *s == r) {
                    return;
                }
                seen.push((idx, r));
            }
            let e = hits.entry(idx).or_default();
            e.0 += 1;
            if e.1.len() < 3 && !e.1.iter().any(|q| q == quote) {
                e.1.push(quote.to_owned());
            }
        };
        if let Some(ac) = &self.automaton {
            for norm in norms {
                for m in ac.find_overlapping_iter(norm.text()) {
                    let (s, e) = (m.start(), m.end());
                    let id = m.pattern().as_usize();
                    for &idx in &self.pattern_rules[id] {
                        let rule = &self.rules[idx];
                        let whole = rule.match_kind != MatchKind::Literal;
                        if !applies(rule) || !self.patterns[id].agrees(norm, s, e, whole) {
                            continue;
                        }
                        record(
                            idx,
                            Some(norm.original_range(s..e)),
                            norm.quote(original, s..e),
                        );
                    }
                }
            }
        }
        if let Some(set) = &self.regex_set {
            for i in set.matches(original).iter() {
                let (idx, re) = &self.regexes[i];
                if !applies(&self.rules[*idx]) {
                    continue;
                }
                for m in re.find_iter(original).take(100) {
                    record(*idx, None, m.as_str());
                }
            }
        }
        hits.into_iter()
            .map(|(idx, (count, quotes))| RuleHit {
                rule: &self.rules[idx],
                index: u32::try_from(idx).unwrap_or(u32::MAX),
                count,
                quotes,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(rules: Vec<Rule>, text: &str, cat: Option<&str>) -> Vec<(String, Vec<String>)> {
        let c = CompiledRules::new(rules).unwrap();
        let n = crate::normalize(text);
        let alt = crate::matching::readings(text, &n);
        let mut norms = vec![&n];
        norms.extend(alt.iter());
        c.matches(&norms, text, cat)
            .into_iter()
            .map(|h| (h.rule.pattern.clone(), h.quotes))
            .collect()
    }

    #[test]
    fn word_needs_boundaries_literal_does_not() {
        let rules = vec![
            Rule::new("cash", MatchKind::Word, None, RuleAction::Score, 1.0),
            Rule::new("casino", MatchKind::Literal, None, RuleAction::Score, 1.0),
        ];
        let h = hits(rules, "Cashback at ONLINECASINO", None);
        assert_eq!(h, vec![("casino".into(), vec!["CASINO".into()])]);
    }

    #[test]
    fn phrase_matches_across_obfuscation_and_quotes_original() {
        let rules = vec![Rule::new(
            "western union",
            MatchKind::Phrase,
            None,
            RuleAction::Hold,
            3.0,
        )];
        let h = hits(rules, "pay by Wеstern   UNI0N only", None);
        assert_eq!(
            h,
            vec![("western union".into(), vec!["Wеstern   UNI0N".into()])]
        );
    }

    #[test]
    fn category_rules_only_fire_in_their_category() {
        let rules = vec![Rule::new(
            "upfront fee",
            MatchKind::Phrase,
            Some("jobs"),
            RuleAction::Hold,
            3.0,
        )];
        assert_eq!(
            hits(rules.clone(), "small upfront fee", Some("jobs")).len(),
            1
        );
        assert!(hits(rules.clone(), "small upfront fee", Some("vehicles")).is_empty());
        assert!(hits(rules, "small upfront fee", None).is_empty());
    }

    #[test]
    fn regex_rules_run_on_original_text() {
        let rules = vec![Rule::new(
            r"https?://\S+\.ru\b",
            MatchKind::Regex,
            None,
            RuleAction::Score,
            2.0,
        )];
        let h = hits(rules, "see HTTP://cheap.example.RU now", None);
        assert_eq!(h[0].1, vec!["HTTP://cheap.example.RU".to_owned()]);
    }

    #[test]
    fn bad_rules_are_reported_with_index() {
        let err = CompiledRules::new(vec![
            Rule::new("ok", MatchKind::Word, None, RuleAction::Score, 1.0),
            Rule::new("(", MatchKind::Regex, None, RuleAction::Score, 1.0),
        ])
        .unwrap_err();
        assert!(matches!(err, Error::InvalidRegex { index: 1, .. }), "{err}");
        let err = CompiledRules::new(vec![Rule::new(
            "!!!",
            MatchKind::Word,
            None,
            RuleAction::Score,
            1.0,
        )])
        .unwrap_err();
        assert!(matches!(err, Error::InvalidRule { index: 0, .. }), "{err}");
    }

    #[test]
    fn jsonl_round_trip() {
        let line =
            r#"{"pattern":"casino","match":"word","category":null,"action":"score","score":2.5}"#;
        let rules = parse_rules_jsonl(&format!("{line}\n\n")).unwrap();
        assert_eq!(rules[0].match_kind, MatchKind::Word);
        assert_eq!(rules_to_jsonl(&rules), format!("{line}\n"));
        let err = parse_rules_jsonl("{}\n").unwrap_err();
        assert!(matches!(err, Error::RuleLine { line: 1, .. }));
    }
}
