//! The gate: compiled rules + config + optional model, built once and shared by all request
//! handlers. [`Gate::check`] turns one submission into one [`Verdict`].

use crate::classifier::Model;
use crate::config::Config;
use crate::neardup::{self, AdStatus, NearDupIndex};
use crate::normalize::{Normalized, normalize};
use crate::rules::{CompiledRules, Rule, RuleAction};
use crate::submission::Submission;
use crate::verdict::{Action, Signal, Verdict, round2};
use crate::{Error, context, links, quality};

/// A submission prepared once for all signal modules.
/// Words of text at which the classifier's spam probability counts in full.
const FULL_EVIDENCE_WORDS: f64 = 8.0;

pub(crate) struct Prepared<'a> {
    pub sub: &'a Submission,
    /// Title and body joined the way [`crate::fingerprint`] joins them.
    pub full: String,
    pub norm: Normalized,
}

/// Everything needed to judge submissions. Immutable once built, `Send + Sync`, cheap to
/// share: keep it in an `ArcSwap` (or `RwLock<Arc<Gate>>`) and build a new one when rules,
/// config or model change.
#[derive(Debug)]
pub struct Gate {
    config: Config,
    rules: CompiledRules,
    model: Option<Model>,
}

impl Gate {
    /// Validate the config and compile the rules; errors name the offending rule.
    pub fn new(config: Config, rules: Vec<Rule>, model: Option<Model>) -> Result<Self, Error> {
        config.validate()?;
        Ok(Self {
            config,
            rules: CompiledRules::new(rules)?,
            model,
        })
    }

    /// The configuration in force.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The rules in force, as given.
    pub fn rules(&self) -> &[Rule] {
        self.rules.rules()
    }

    /// The classifier, if any.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// Judge one submission. Deterministic for the same submission, index contents, rules,
    /// config and model.
    pub fn check(&self, sub: &Submission, index: &NearDupIndex) -> Verdict {
        let full = neardup::joined(&sub.title, &sub.body);
        let norm = normalize(&full);
        let input = Prepared { sub, full, norm };
        let mut signals: Vec<Signal> = Vec::new();
        let (mut block, mut hold) = (false, false);

        let category = sub.category.as_deref();
        for hit in self.rules.matches(&input.norm, &input.full, category) {
            let r = hit.rule;
            block |= r.action == RuleAction::Block;
            hold |= r.action == RuleAction::Hold;
            let quotes: Vec<String> = hit.quotes.iter().map(|q| format!("'{q}'")).collect();
            let times = if hit.count > 1 {
                format!(" ×{}", hit.count)
            } else {
                String::new()
            };
            let scope = r.category.as_deref().unwrap_or("global");
            signals.push(Signal::new(
                "keyword",
                r.score,
                format!(
                    "{}{times} matched rule \"{}\" ({}, {scope}, {})",
                    quotes.join(", "),
                    r.pattern,
                    r.match_kind.as_str(),
                    r.action.as_str()
                ),
            ));
        }

        let findings = input.norm.obfuscation.describe(&input.full);
        if !findings.is_empty() {
            let score = self.config.weights.obfuscation * findings.len().min(3) as f64;
            signals.push(Signal::new("obfuscation", score, findings.join("; ")));
        }

        links::signals(&self.config, &input, &mut signals);
        quality::signals(&self.config, &input, &mut signals);
        if sub.kind.is_ad() {
            self.duplicates(&input, index, &mut signals);
        }
        if let Some(model) = &self.model {
            self.classify(model, &input, &mut signals);
        }
        context::signals(&self.config, &sub.context, &mut signals);

        for s in &mut signals {
            s.score = round2(s.score);
        }
        let score = round2(signals.iter().map(|s| s.score).sum());
        let action = if block || score >= self.config.reject_threshold {
            Action::Reject
        } else if hold || score >= self.config.hold_threshold {
            Action::Hold
        } else {
            Action::Accept
        };
        signals.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.evidence.cmp(&b.evidence))
        });
        Verdict {
            action,
            score,
            signals,
        }
    }

    fn duplicates(&self, input: &Prepared<'_>, index: &NearDupIndex, out: &mut Vec<Signal>) {
        if index.is_empty() || input.norm.text().split(' ').count() < neardup::MIN_WORDS {
            return;
        }
        let fp = neardup::fingerprint_normalized(&input.norm);
        let hits = index.query(fp, self.config.near_dup_distance, input.sub.ad_id);
        let w = &self.config.weights;
        let me = input.sub.context.account_id;
        let pick =
            |pred: &dyn Fn(&neardup::NearDup) -> bool| hits.iter().find(|h| pred(h)).copied();
        let describe = |h: neardup::NearDup| format!("ad {} (distance {})", h.ad.ad_id, h.distance);
        if let Some(h) = pick(&|h| h.ad.status == AdStatus::Rejected) {
            out.push(Signal::new(
                "duplicate_rejected",
                w.duplicate_rejected,
                describe(h),
            ));
        }
        if let Some(h) = pick(&|h| h.ad.status == AdStatus::Live && Some(h.ad.owner_id) == me) {
            out.push(Signal::new("duplicate_own", w.duplicate_own, describe(h)));
        }
        if let Some(h) = pick(&|h| h.ad.status == AdStatus::Live && Some(h.ad.owner_id) != me) {
            out.push(Signal::new(
                "duplicate_other",
                w.duplicate_other,
                describe(h),
            ));
        }
    }

    fn classify(&self, model: &Model, input: &Prepared<'_>, out: &mut Vec<Signal>) {
        let e = model.explain_normalized(&input.norm, &input.full);
        let p = e.probability;
        let w = &self.config.weights;
        // A handful of words is too little evidence for a word model: "E2E mobile" as a
        // display name is not an SMS offer. The spam side grows to full weight with text.
        let words = input.norm.text().split_whitespace().count();
        let evidence = (words as f64 / FULL_EVIDENCE_WORDS).min(1.0);
        let score = if p > 0.5 {
            w.classifier * (2.0 * p - 1.0) * evidence
        } else {
            -w.classifier_ham * (1.0 - 2.0 * p)
        };
        if score.abs() < 0.01 {
            return;
        }
        let words: Vec<String> = e
            .top_words
            .iter()
            .map(|r| format!("'{}'", input.norm.quote(&input.full, r.clone())))
            .collect();
        let evidence = if p > 0.5 && !words.is_empty() {
            format!(
                "p={p:.2}; words: {} (model v{})",
                words.join(", "),
                model.version
            )
        } else {
            format!("p={p:.2} (model v{})", model.version)
        };
        out.push(Signal::new("classifier", score, evidence));
    }
}
