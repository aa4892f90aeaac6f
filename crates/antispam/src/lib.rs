//! Explainable anti-spam verdicts for SayPro Classifieds.
//!
//! Every ad, edit, message and profile goes through one [`Gate`], which returns one
//! [`Verdict`]: accept, hold for review or reject, a score, and the [`Signal`]s behind it,
//! each quoting what the user actually wrote. The crate is pure (no I/O, no database, no
//! async) so the web app, the CLI (`classifieds spam check`) and offline evaluation all get
//! the same answer for the same input.
//!
//! ```
//! use antispam::{Action, Config, Gate, NearDupIndex, Submission, starter_rules};
//!
//! let gate = Gate::new(Config::default(), starter_rules(), None).unwrap();
//! let ad = Submission::ad("Cheap V1@GRA", "Buy v.i.a.g.r.a online, best price guaranteed", None);
//! let verdict = gate.check(&ad, &NearDupIndex::new());
//! assert_eq!(verdict.action, Action::Reject);
//! assert!(verdict.signals[0].evidence.contains("'V1@GRA'"));
//! ```
#![forbid(unsafe_code)]

mod classifier;
mod config;
mod confusables;
mod context;
mod error;
mod features;
mod gate;
mod hashing;
mod lexicon;
mod links;
mod matching;
mod neardup;
mod normalize;
mod obfuscation;
pub mod pow;
mod prices;
mod quality;
mod rules;
mod scams;
mod starter;
mod submission;
mod verdict;

pub use classifier::{DEFAULT_BITS, Explanation, Model, default_model};
pub use config::{Config, PriceStats, Weights};
pub use error::Error;
pub use gate::Gate;
pub use links::{
    Contact, ContactKind, Link, canonical_contact, domain_matches, extract_contacts, extract_links,
    host_of,
};
pub use neardup::{AdStatus, IndexedAd, NearDup, NearDupIndex, fingerprint};
pub use normalize::{Normalized, normalize, other_readings};
pub use obfuscation::Obfuscation;
pub use rules::{MatchKind, Rule, RuleAction, parse_rules_jsonl, rules_to_jsonl};
pub use starter::starter_rules;
pub use submission::{AccountContext, Kind, Submission};
pub use verdict::{Action, Signal, Verdict};

#[cfg(test)]
mod tests;
