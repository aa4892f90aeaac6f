//! A small, explainable text classifier over binary (present/absent) hashed features of the
//! normalised text, in two flavours:
//!
//! - multinomial naive Bayes ([`Model::train`]): training is counting, so moderator
//!   decisions can be fed back one at a time ([`Model::learn`]) without retraining. Sites
//!   learn their own model this way.
//! - logistic regression ([`Model::train_linear`]): slower to train but calibrated (naive
//!   Bayes says 0.99 far too often, because overlapping n-grams are not independent). The
//!   shipped model is one; it too learns one example at a time, by a gradient step.
//!
//! Both are fixed-size tables thanks to feature hashing, and each word's contribution is a
//! readable number for the evidence line.

use std::fmt;

use crate::Error;
use crate::features::{Features, extract};
use crate::normalize::{Normalized, normalize};

/// Buckets used by [`Model::new`]: 2^18 keeps collisions rare at the vocabulary sizes of a
/// classifieds site while the serialised model stays around a megabyte.
pub const DEFAULT_BITS: u8 = 18;

/// Laplace smoothing. Small, because binary features over hashed n-grams are many and
/// sparse; tuned with `scripts/eval-spam`.
const ALPHA: f64 = 0.1;

/// Naive Bayes counts produce extreme log-odds because features (overlapping n-grams) are far
/// from independent. Dividing the evidence by `sqrt(n_features) / TEMPERATURE_SCALE` keeps
/// probabilities meaningful for the score without moving typical decisions much.
const TEMPERATURE_SCALE: f64 = 2.0;

const MAGIC: &[u8; 4] = b"ASNB";
/// 1: naive Bayes counts; 2: adds the flavour byte and the linear weights.
const FORMAT_VERSION: u16 = 2;

/// L2 penalty of the logistic regression, per example (tuned with `scripts/eval-spam`).
const LINEAR_L2: f64 = 3e-4;
/// Passes over the training set.
const LINEAR_EPOCHS: usize = 40;
/// AdaGrad's base learning rate.
const LINEAR_RATE: f64 = 0.5;
/// Learning rate of a single online update ([`Model::learn`] on a linear model).
const ONLINE_RATE: f64 = 0.05;

/// A trained (or empty) spam classifier.
#[derive(Clone, PartialEq)]
pub struct Model {
    /// Incremented by the app each time it retrains or feeds decisions back, so verdicts can
    /// say which model produced them.
    pub version: u32,
    bits: u8,
    /// Documents seen: [ham, spam].
    docs: [u64; 2],
    /// Feature occurrences seen: [ham, spam].
    totals: [u64; 2],
    /// Per bucket: [ham, spam] counts.
    counts: Vec<[u32; 2]>,
    /// Logistic regression weights per bucket and the bias, when this is a linear model.
    linear: Option<Linear>,
}

/// The weights of a logistic regression over the hashed features.
#[derive(Clone, PartialEq)]
struct Linear {
    bias: f32,
    weights: Vec<f32>,
}

impl fmt::Debug for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Model")
            .field("version", &self.version)
            .field("bits", &self.bits)
            .field("docs", &self.docs)
            .field("totals", &self.totals)
            .field("linear", &self.linear.is_some())
            .finish_non_exhaustive()
    }
}

impl Default for Model {
    fn default() -> Self {
        Self::new()
    }
}

/// Why the classifier thinks what it thinks.
#[derive(Debug, Clone, PartialEq)]
pub struct Explanation {
    /// Probability that the text is spam.
    pub probability: f64,
    /// Byte ranges (in the normalised text) of the words pushing most towards spam, strongest
    /// first, at most three.
    pub top_words: Vec<std::ops::Range<usize>>,
}

impl Model {
    /// An empty model with [`DEFAULT_BITS`] buckets; says 0.5 for everything until trained.
    pub fn new() -> Self {
        Self::with_bits(DEFAULT_BITS)
    }

    /// An empty model with 2^`bits` buckets (clamped to 10..=24).
    pub fn with_bits(bits: u8) -> Self {
        let bits = bits.clamp(10, 24);
        Self {
            version: 0,
            bits,
            docs: [0; 2],
            totals: [0; 2],
            counts: vec![[0; 2]; 1 << bits],
            linear: None,
        }
    }

    /// Whether this is a logistic regression (else naive Bayes).
    pub fn is_linear(&self) -> bool {
        self.linear.is_some()
    }

    /// Train a logistic regression from labelled texts (`true` = spam): L2-regularised,
    /// AdaGrad, a fixed number of passes in a fixed order, so the same examples always give
    /// the same model. The naive Bayes counts are kept too (for [`Model::documents`]).
    pub fn train_linear<I, S>(examples: I) -> Self
    where
        I: IntoIterator<Item = (S, bool)>,
        S: AsRef<str>,
    {
        let mut m = Self::new();
        let mut rows: Vec<(Vec<u32>, bool)> = Vec::new();
        for (text, spam) in examples {
            let text = text.as_ref();
            let f = extract(&normalize(text), text, m.bits);
            m.learn_features(&f, spam);
            rows.push((f.buckets, spam));
        }
        let n = 1usize << m.bits;
        let mut w = vec![0f64; n];
        let mut g2 = vec![1e-8f64; n];
        let (mut bias, mut bias_g2) = (0f64, 1e-8f64);
        let l2 = LINEAR_L2;
        // A fixed pseudo-random order (the examples usually come sorted by label).
        let mut order: Vec<usize> = (0..rows.len()).collect();
        let mut state = 0x9E37_79B9_7F4A_7C15u64;
        for i in (1..order.len()).rev() {
            state = crate::hashing::mix64(state.wrapping_add(i as u64));
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        for _ in 0..LINEAR_EPOCHS {
            for &i in &order {
                let (buckets, spam) = &rows[i];
                let x = 1.0 / (buckets.len().max(1) as f64).sqrt();
                let z = bias + buckets.iter().map(|&b| w[b as usize]).sum::<f64>() * x;
                let p = 1.0 / (1.0 + (-z).exp());
                let err = p - f64::from(u8::from(*spam));
                for &b in buckets {
                    let b = b as usize;
                    let g = err * x + l2 * w[b];
                    g2[b] += g * g;
                    w[b] -= LINEAR_RATE * g / g2[b].sqrt();
                }
                bias_g2 += err * err;
                bias -= LINEAR_RATE * err / bias_g2.sqrt();
            }
        }
        m.linear = Some(Linear {
            bias: bias as f32,
            weights: w.into_iter().map(|v| v as f32).collect(),
        });
        m
    }

    /// Train a fresh model from labelled texts (`true` = spam).
    pub fn train<I, S>(examples: I) -> Self
    where
        I: IntoIterator<Item = (S, bool)>,
        S: AsRef<str>,
    {
        let mut m = Self::new();
        for (text, spam) in examples {
            m.learn(text.as_ref(), spam);
        }
        m
    }

    /// Add one labelled text (e.g. a moderator's decision): to the counts, and for a
    /// linear model one gradient step towards it.
    pub fn learn(&mut self, text: &str, is_spam: bool) {
        let norm = normalize(text);
        let f = extract(&norm, text, self.bits);
        self.learn_features(&f, is_spam);
        if let Some(lin) = &mut self.linear {
            let x = 1.0 / (f.buckets.len().max(1) as f32).sqrt();
            let z = lin.bias
                + f.buckets
                    .iter()
                    .map(|&b| lin.weights[b as usize])
                    .sum::<f32>()
                    * x;
            let p = 1.0 / (1.0 + (-z).exp());
            let err = p - f32::from(u8::from(is_spam));
            let rate = ONLINE_RATE as f32;
            for &b in &f.buckets {
                lin.weights[b as usize] -= rate * err * x;
            }
            lin.bias -= rate * err * 0.1;
        }
    }

    fn learn_features(&mut self, f: &Features, is_spam: bool) {
        let c = usize::from(is_spam);
        self.docs[c] += 1;
        self.totals[c] += f.buckets.len() as u64;
        for &b in &f.buckets {
            let slot = &mut self.counts[b as usize][c];
            *slot = slot.saturating_add(1);
        }
    }

    /// Documents the model has seen: (ham, spam).
    pub fn documents(&self) -> (u64, u64) {
        (self.docs[0], self.docs[1])
    }

    /// How much one bucket pushes towards spam: its weight in a linear model, else the
    /// naive Bayes log-ratio log P(f|spam) − log P(f|ham).
    fn bucket_llr(&self, b: u32) -> f64 {
        if let Some(lin) = &self.linear {
            return f64::from(lin.weights[b as usize]);
        }
        let v = self.counts.len() as f64;
        let [ham, spam] = self.counts[b as usize];
        let ps = (f64::from(spam) + ALPHA) / (self.totals[1] as f64 + ALPHA * v);
        let ph = (f64::from(ham) + ALPHA) / (self.totals[0] as f64 + ALPHA * v);
        ps.ln() - ph.ln()
    }

    /// Probability that `text` is spam.
    pub fn probability(&self, text: &str) -> f64 {
        self.explain_normalized(&normalize(text), text).probability
    }

    /// Probability plus the words that pushed it up, for a text already normalised.
    pub fn explain_normalized(&self, norm: &Normalized, original: &str) -> Explanation {
        if self.docs[0] == 0 || self.docs[1] == 0 {
            return Explanation {
                probability: 0.5,
                top_words: Vec::new(),
            };
        }
        let f = extract(norm, original, self.bits);
        let evidence: f64 = f.buckets.iter().map(|&b| self.bucket_llr(b)).sum();
        let n = (f.buckets.len() as f64).max(1.0);
        let logit = match &self.linear {
            Some(lin) => f64::from(lin.bias) + evidence / n.sqrt(),
            None => {
                let prior = ((self.docs[1] as f64) / (self.docs[0] as f64)).ln();
                prior + evidence * TEMPERATURE_SCALE / n.sqrt()
            }
        };
        let probability = 1.0 / (1.0 + (-logit).exp());
        let mut scored: Vec<(f64, &std::ops::Range<usize>)> = f
            .words
            .iter()
            .map(|w| (self.bucket_llr(w.bucket), &w.range))
            .filter(|(s, _)| *s > if self.linear.is_some() { 0.05 } else { 0.5 })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.start.cmp(&b.1.start)));
        let mut top_words: Vec<std::ops::Range<usize>> = Vec::new();
        let text = norm.text();
        for (_, r) in scored {
            if top_words.len() == 3 {
                break;
            }
            if !top_words.iter().any(|t| text[t.clone()] == text[r.clone()]) {
                top_words.push(r.clone());
            }
        }
        Explanation {
            probability,
            top_words,
        }
    }

    /// Serialise: magic, format version, model version, then the non-zero buckets
    /// delta-encoded as LEB128 varints. Deterministic for equal models.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.to_bytes_pruned(0)
    }

    /// Like [`Model::to_bytes`] but drops buckets seen fewer than `min_count` times in total
    /// (rare n-grams carry little evidence and most of the size).
    pub fn to_bytes_pruned(&self, min_count: u32) -> Vec<u8> {
        let mut out = Vec::with_capacity(1 << 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&self.version.to_le_bytes());
        out.push(self.bits);
        for v in self.docs.iter().chain(self.totals.iter()) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.push(u8::from(self.linear.is_some()));
        let kept: Vec<(usize, [u32; 2])> = self
            .counts
            .iter()
            .enumerate()
            .filter(|(_, c)| c[0] + c[1] > 0 && c[0].saturating_add(c[1]) >= min_count)
            .map(|(i, c)| (i, *c))
            .collect();
        put_varint(&mut out, kept.len() as u64);
        let mut last = 0usize;
        for (i, [ham, spam]) in kept {
            put_varint(&mut out, (i - last) as u64);
            put_varint(&mut out, u64::from(ham));
            put_varint(&mut out, u64::from(spam));
            last = i;
        }
        if let Some(lin) = &self.linear {
            out.extend_from_slice(&lin.bias.to_le_bytes());
            let kept: Vec<(usize, f32)> = lin
                .weights
                .iter()
                .enumerate()
                .filter(|(i, w)| {
                    **w != 0.0
                        && self.counts[*i][0].saturating_add(self.counts[*i][1]) >= min_count.max(1)
                })
                .map(|(i, w)| (i, *w))
                .collect();
            put_varint(&mut out, kept.len() as u64);
            let mut last = 0usize;
            for (i, w) in kept {
                put_varint(&mut out, (i - last) as u64);
                out.extend_from_slice(&w.to_le_bytes());
                last = i;
            }
        }
        out
    }

    /// Load what [`Model::to_bytes`] wrote; refuses unknown format versions.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let bad = |why: &str| Error::InvalidModel(why.to_owned());
        let mut r = Reader { bytes, pos: 0 };
        if r.take(4)? != MAGIC {
            return Err(bad("not an antispam model (bad magic)"));
        }
        let format = u16::from_le_bytes(r.array()?);
        if format != FORMAT_VERSION && format != 1 {
            return Err(Error::InvalidModel(format!(
                "unsupported format version {format}"
            )));
        }
        let version = u32::from_le_bytes(r.array()?);
        let bits = r.take(1)?[0];
        if !(10..=24).contains(&bits) {
            return Err(bad("bucket bits out of range"));
        }
        let mut m = Self::with_bits(bits);
        m.version = version;
        m.docs = [
            u64::from_le_bytes(r.array()?),
            u64::from_le_bytes(r.array()?),
        ];
        m.totals = [
            u64::from_le_bytes(r.array()?),
            u64::from_le_bytes(r.array()?),
        ];
        let linear = format >= 2 && r.take(1)?[0] == 1;
        let n = r.varint()?;
        if n > m.counts.len() as u64 {
            return Err(bad("too many buckets"));
        }
        let mut idx = 0u64;
        for k in 0..n {
            let delta = r.varint()?;
            if k > 0 && delta == 0 {
                return Err(bad("bucket ids not increasing"));
            }
            idx = idx
                .checked_add(delta)
                .ok_or_else(|| bad("bucket id overflow"))?;
            let slot = m
                .counts
                .get_mut(usize::try_from(idx).unwrap_or(usize::MAX))
                .ok_or_else(|| bad("bucket id out of range"))?;
            let ham = u32::try_from(r.varint()?).map_err(|_| bad("count overflow"))?;
            let spam = u32::try_from(r.varint()?).map_err(|_| bad("count overflow"))?;
            *slot = [ham, spam];
        }
        if linear {
            let bias = f32::from_le_bytes(r.array()?);
            let mut weights = vec![0f32; m.counts.len()];
            let n = r.varint()?;
            if n > weights.len() as u64 {
                return Err(bad("too many weights"));
            }
            let mut idx = 0u64;
            for k in 0..n {
                let delta = r.varint()?;
                if k > 0 && delta == 0 {
                    return Err(bad("weight ids not increasing"));
                }
                idx = idx
                    .checked_add(delta)
                    .ok_or_else(|| bad("weight id overflow"))?;
                let slot = weights
                    .get_mut(usize::try_from(idx).unwrap_or(usize::MAX))
                    .ok_or_else(|| bad("weight id out of range"))?;
                *slot = f32::from_le_bytes(r.array()?);
                if !slot.is_finite() {
                    return Err(bad("weight is not a number"));
                }
            }
            m.linear = Some(Linear { bias, weights });
        }
        if r.pos != bytes.len() {
            return Err(bad("trailing bytes"));
        }
        Ok(m)
    }
}

fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8 & 0x7F) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let end = self.pos.checked_add(n).filter(|e| *e <= self.bytes.len());
        let end = end.ok_or_else(|| Error::InvalidModel("truncated".into()))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Error> {
        let s = self.take(N)?;
        let mut a = [0u8; N];
        a.copy_from_slice(s);
        Ok(a)
    }

    fn varint(&mut self) -> Result<u64, Error> {
        let mut v = 0u64;
        for shift in (0..64).step_by(7) {
            let b = self.take(1)?[0];
            v |= u64::from(b & 0x7F) << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        Err(Error::InvalidModel("varint too long".into()))
    }
}

/// The model shipped with the crate, trained by `scripts/build-default-model` on the SMS
/// Spam Collection and the SpamAssassin public corpus (for offline evaluation and as a
/// starting point; sites should keep training it with their own moderation decisions).
pub fn default_model() -> Model {
    static BYTES: &[u8] = include_bytes!("../model/default.bin");
    // The file is produced by our own serializer and checked by a test.
    Model::from_bytes(BYTES).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Model {
        Model::train([
            ("WINNER!! You have won a prize, claim your cash now", true),
            (
                "Free entry to win a brand new car, text CLAIM to 80082",
                true,
            ),
            ("Urgent: claim your prize money, call now", true),
            (
                "Selling my old bicycle, good condition, pick up in town",
                false,
            ),
            ("Are we still meeting for lunch tomorrow?", false),
            (
                "Two bedroom flat to rent near the station, pets welcome",
                false,
            ),
        ])
    }

    #[test]
    fn learns_and_separates() {
        let m = toy();
        assert!(m.probability("Claim your prize now, you are a winner") > 0.7);
        assert!(m.probability("Bicycle for sale, pick up near the station") < 0.3);
        assert_eq!(Model::new().probability("anything"), 0.5);
    }

    #[test]
    fn online_learning_moves_probability() {
        let mut m = toy();
        let text = "cheap sunglasses discount outlet";
        let before = m.probability(text);
        for _ in 0..3 {
            m.learn(text, true);
        }
        assert!(m.probability(text) > before);
        assert_eq!(m.documents(), (3, 6));
    }

    #[test]
    fn explains_with_spammy_words() {
        let m = toy();
        let text = "claim your prize";
        let norm = normalize(text);
        let e = m.explain_normalized(&norm, text);
        let words: Vec<&str> = e
            .top_words
            .iter()
            .map(|r| norm.quote(text, r.clone()))
            .collect();
        assert!(
            words.contains(&"claim") && words.contains(&"prize"),
            "{words:?}"
        );
    }

    #[test]
    fn linear_models_learn_and_round_trip() {
        let mut m = Model::train_linear([
            ("WINNER!! You have won a prize, claim your cash now", true),
            ("Urgent: claim your prize money, call now", true),
            (
                "Selling my old bicycle, good condition, pick up in town",
                false,
            ),
            (
                "Two bedroom flat to rent near the station, pets welcome",
                false,
            ),
        ]);
        assert!(m.probability("claim your prize now") > m.probability("bicycle near the station"));
        let before = m.probability("cheap sunglasses outlet");
        m.learn("cheap sunglasses outlet", true);
        assert!(m.probability("cheap sunglasses outlet") > before);
        let back = Model::from_bytes(&m.to_bytes()).unwrap();
        assert_eq!(back, m);
    }

    #[test]
    fn bytes_round_trip_and_reject_garbage() {
        let mut m = toy();
        m.version = 7;
        let bytes = m.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back, m);
        assert_eq!(back.to_bytes(), bytes);
        assert!(Model::from_bytes(b"nope").is_err());
        assert!(Model::from_bytes(&bytes[..bytes.len() - 1]).is_err());
        let mut wrong = bytes.clone();
        wrong[4] = 9;
        assert!(matches!(
            Model::from_bytes(&wrong),
            Err(Error::InvalidModel(_))
        ));
    }

    #[test]
    fn default_model_loads_and_works() {
        let m = default_model();
        let (ham, spam) = m.documents();
        assert!(ham > 0 && spam > 0);
        assert!(m.is_linear());
        let scam = "French bulldog puppies, free to a good home. I am working abroad so you only pay the courier and insurance fee, WhatsApp only.";
        assert!(m.probability(scam) > 0.7, "{}", m.probability(scam));
        let honest = "Toyota Corolla 1.6 2016, one owner, full service history at Toyota. Viewing in Bellville by appointment.";
        assert!(m.probability(honest) < 0.5, "{}", m.probability(honest));
    }
}
