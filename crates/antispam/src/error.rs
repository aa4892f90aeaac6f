//! Errors raised while building a [`crate::Gate`] or loading a model.

/// Why a gate, rule set or model could not be built. Each variant names the offending input so
/// the office UI can point at it.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A rule's pattern is unusable (empty after normalisation, or too long).
    #[error("rule {index} ({pattern:?}): {reason}")]
    InvalidRule {
        /// Position of the rule in the list given to the gate.
        index: usize,
        /// The pattern as written.
        pattern: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A regex rule does not compile.
    #[error("rule {index} ({pattern:?}): invalid regex: {source}")]
    InvalidRegex {
        /// Position of the rule in the list given to the gate.
        index: usize,
        /// The pattern as written.
        pattern: String,
        /// The regex compiler's complaint.
        source: regex::Error,
    },
    /// The keyword automaton could not be built (far beyond any realistic rule count).
    #[error("keyword automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
    /// A configuration value is out of range.
    #[error("config: {0}")]
    InvalidConfig(String),
    /// Serialized model bytes are corrupt or from an unknown format version.
    #[error("model: {0}")]
    InvalidModel(String),
    /// A rule line in the JSON Lines import format could not be parsed.
    #[error("rule line {line}: {source}")]
    RuleLine {
        /// 1-based line number.
        line: usize,
        /// The parser's complaint.
        source: serde_json::Error,
    },
}
