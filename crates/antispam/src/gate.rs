//! The gate: compiled rules + config + optional model, built once and shared by all request
//! handlers. [`Gate::check`] turns one submission into one [`Verdict`].

use crate::classifier::Model;
use crate::config::Config;
use crate::neardup::{self, AdStatus, NearDupIndex};
use crate::normalize::{Normalized, normalize};
use crate::rules::{CompiledRules, Rule, RuleAction};
use crate::submission::Submission;
use crate::verdict::{Action, Signal, Verdict, round2};
use crate::{Error, context, links, quality, scams};

/// A submission prepared once for all signal modules.
/// Words of text at which the classifier's spam probability counts in full.
const FULL_EVIDENCE_WORDS: f64 = 8.0;
/// Log-odds at which a classifier speaks with its full weight (p ≈ 0.92).
const SATURATING_LOGIT: f64 = 1.6;

pub(crate) struct Prepared<'a> {
    pub sub: &'a Submission,
    /// Title, body and location, one to a line (the first two joined the way
    /// [`crate::fingerprint`] joins them).
    pub full: String,
    pub norm: Normalized,
    /// The other readings of `full`, when it has ambiguous leet characters.
    pub alt: Vec<Normalized>,
    /// Title and body without the location, as fingerprints are computed (`None` when
    /// there is no location: then it is `full`).
    pub core: Option<(String, Normalized)>,
}

impl Prepared<'_> {
    /// Title and body, original and normalised, without the location.
    pub fn core(&self) -> (&str, &Normalized) {
        match &self.core {
            Some((text, norm)) => (text, norm),
            None => (&self.full, &self.norm),
        }
    }
}

impl Prepared<'_> {
    /// Every reading of the text that patterns are tried on.
    pub fn readings(&self) -> Vec<&Normalized> {
        let mut v = vec![&self.norm];
        v.extend(self.alt.iter());
        v
    }
}

/// Everything needed to judge submissions. Immutable once built, `Send + Sync`, cheap to
/// share: keep it in an `ArcSwap` (or `RwLock<Arc<Gate>>`) and build a new one when rules,
/// config or model change.
#[derive(Debug)]
pub struct Gate {
    config: Config,
    rules: CompiledRules,
    /// The site's own classifier, learned from its moderators (or `spam train`).
    model: Option<Model>,
    /// The shipped classifier, a weak prior until the site's own has learned enough.
    base: Option<Model>,
}

impl Gate {
    /// Validate the config and compile the rules; errors name the offending rule. `model`
    /// is the site's own classifier; no shipped one is used (see [`Gate::with_base`]).
    pub fn new(config: Config, rules: Vec<Rule>, model: Option<Model>) -> Result<Self, Error> {
        config.validate()?;
        Ok(Self {
            config,
            rules: CompiledRules::new(rules)?,
            model,
            base: None,
        })
    }

    /// The same gate with a shipped classifier as the weak prior (usually
    /// [`crate::default_model`]).
    pub fn with_base(mut self, base: Option<Model>) -> Self {
        self.base = base;
        self
    }

    /// How much the site's own classifier counts (0 to 1): nothing until it has learned a
    /// quarter of `min_learned` examples of each class, all from `min_learned` on.
    pub fn site_model_trust(&self) -> f64 {
        let Some(m) = &self.model else { return 0.0 };
        let (ham, spam) = m.documents();
        let need = self.config.min_learned.max(1) as f64;
        let have = ham.min(spam) as f64;
        ((have - need / 4.0) / (need * 0.75)).clamp(0.0, 1.0)
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
        let core_text = neardup::joined(&sub.title, &sub.body);
        let (full, core) = if sub.location.trim().is_empty() {
            (core_text, None)
        } else {
            let full = format!("{core_text}\n{}", sub.location.trim());
            let core_norm = normalize(&core_text);
            (full, Some((core_text, core_norm)))
        };
        let norm = normalize(&full);
        let alt = crate::matching::readings(&full, &norm);
        let input = Prepared {
            sub,
            full,
            norm,
            alt,
            core,
        };
        let mut signals: Vec<Signal> = Vec::new();
        let (mut block, mut hold) = (false, false);

        let category = sub.category.as_deref();
        for hit in self.rules.matches(&input.readings(), &input.full, category) {
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
            let mut signal = Signal::new(
                "keyword",
                r.score,
                format!(
                    "{}{times} matched rule \"{}\" ({}, {scope}, {})",
                    quotes.join(", "),
                    r.pattern,
                    r.match_kind.as_str(),
                    r.action.as_str()
                ),
            )
            .with_quotes(hit.quotes.clone());
            signal.rule = Some(hit.index);
            signals.push(signal);
        }

        let findings = input.norm.obfuscation.describe(&input.full);
        if !findings.is_empty() {
            let score = self.config.weights.obfuscation * findings.len().min(3) as f64;
            signals.push(Signal::new("obfuscation", score, findings.join("; ")));
        }

        links::signals(&self.config, &input, &mut signals);
        quality::signals(&self.config, &input, &mut signals);
        scams::signals(&self.config, &input, &mut signals);
        if sub.kind.is_ad() {
            self.duplicates(&input, index, &mut signals);
        }
        self.classify(&input, &mut signals);
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
        // One fingerprint definition for storing and checking: title and body, never the
        // location, so a copy posted in another town is still a copy.
        let fp = neardup::fingerprint_normalized(input.core().1);
        let hits = index.query(fp, self.config.near_dup_distance, input.sub.ad_id);
        let w = &self.config.weights;
        let me = input.sub.context.account_id;
        let pick =
            |pred: &dyn Fn(&neardup::NearDup) -> bool| hits.iter().find(|h| pred(h)).copied();
        let describe = |h: neardup::NearDup| format!("ad {} (distance {})", h.ad.ad_id, h.distance);
        // An exact copy is surer than a near one.
        let exact = |h: neardup::NearDup| if h.distance == 0 { 1.4 } else { 1.0 };
        if let Some(h) = pick(&|h| h.ad.status == AdStatus::Rejected) {
            out.push(Signal::new(
                "duplicate_rejected",
                w.duplicate_rejected,
                describe(h),
            ));
        }
        if let Some(h) = pick(&|h| h.ad.status == AdStatus::Live && Some(h.ad.owner_id) == me) {
            out.push(Signal::new(
                "duplicate_own",
                w.duplicate_own * exact(h),
                describe(h),
            ));
        }
        if let Some(h) = pick(&|h| h.ad.status != AdStatus::Rejected && Some(h.ad.owner_id) != me) {
            out.push(Signal::new(
                "duplicate_other",
                w.duplicate_other * exact(h),
                describe(h),
            ));
        }
    }

    /// The classifiers' say: the site's own model in proportion to how much it has
    /// learned, the shipped one (weak) for the rest.
    fn classify(&self, input: &Prepared<'_>, out: &mut Vec<Signal>) {
        let w = &self.config.weights;
        // A handful of words is too little evidence for a word model: "E2E mobile" as a
        // display name is not an offer. The spam side grows to full weight with text.
        let words = input.norm.text().split_whitespace().count();
        let amount = (words as f64 / FULL_EVIDENCE_WORDS).min(1.0);
        let trust = self.site_model_trust();
        let mut parts: Vec<(f64, f64, &Model, &str)> = Vec::new();
        if let Some(m) = &self.model
            && trust > 0.0
        {
            parts.push((trust, 1.0, m, "site"));
        }
        if let Some(b) = &self.base
            && trust < 1.0
        {
            parts.push((1.0 - trust, 0.0, b, "shipped"));
        }
        if parts.is_empty() {
            return;
        }
        let (mut score, mut notes, mut top) = (0.0, Vec::new(), None);
        // The classifier reads title, body and location, as it was trained: with the
        // place in every ad, place names say nothing either way.
        let (core_text, core_norm) = (input.full.as_str(), &input.norm);
        for (share, full_weight, model, which) in parts {
            let e = model.explain_normalized(core_norm, core_text);
            let p = e.probability.clamp(1e-6, 1.0 - 1e-6);
            let (spam_w, ham_w) = if full_weight > 0.0 {
                (w.classifier, w.classifier_ham)
            } else {
                // Never enough to hold on its own.
                let cap = (self.config.hold_threshold * 0.9).max(0.0);
                (w.classifier_base.min(cap), w.classifier_base_ham)
            };
            // Linear in the log-odds, full weight from p ≈ 0.92 (log-odds 2.5) on, so a
            // calibrated model's confidence counts in proportion; the ham side is capped
            // lower so clean-looking text cannot hide a real signal.
            let logit = (p / (1.0 - p)).ln();
            let s = if logit > 0.0 {
                spam_w * (logit / SATURATING_LOGIT).min(1.0) * amount
            } else {
                (spam_w * logit / SATURATING_LOGIT).max(-ham_w)
            };
            score += share * s;
            notes.push(format!(
                "{which} model v{} p={:.2}",
                model.version, e.probability
            ));
            if p > 0.5 && top.is_none() {
                top = Some(e.top_words);
            }
        }
        if score.abs() < 0.01 {
            return;
        }
        let words: Vec<String> = top
            .unwrap_or_default()
            .iter()
            .map(|r| core_norm.quote(core_text, r.clone()).to_owned())
            .collect();
        let evidence = if score > 0.0 && !words.is_empty() {
            let quoted: Vec<String> = words.iter().map(|q| format!("'{q}'")).collect();
            format!("{}; words: {}", notes.join(", "), quoted.join(", "))
        } else {
            notes.join(", ")
        };
        let signal = Signal::new("classifier", score, evidence);
        out.push(if score > 0.0 {
            signal.with_quotes(words)
        } else {
            signal
        });
    }
}
