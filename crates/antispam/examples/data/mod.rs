//! Loading the labelled research datasets from `../shared/data` for offline evaluation and
//! for building the default model. Shared by the `eval` and `build_default_model` examples;
//! never used by the library itself.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// One labelled text.
#[derive(Debug, Clone)]
pub struct Example {
    /// Subject for e-mails, empty for SMS.
    pub title: String,
    /// Message body as plain text.
    pub body: String,
    pub spam: bool,
}

impl Example {
    /// Title and body as one text for the classifier.
    pub fn text(&self) -> String {
        if self.title.is_empty() {
            self.body.clone()
        } else {
            format!("{}\n{}", self.title, self.body)
        }
    }
}

/// Stable 64-bit hash (FNV-1a) for dedup and the seeded split.
pub fn hash(seed: u64, s: &str) -> u64 {
    let mut h = 0xcbf2_9ce4_8422_2325u64 ^ seed;
    for b in s.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x100_0000_01b3);
    }
    h
}

/// Drop exact duplicates (by whitespace-collapsed body), keeping the first occurrence.
pub fn dedup(examples: Vec<Example>) -> Vec<Example> {
    let mut seen = HashSet::new();
    examples
        .into_iter()
        .filter(|e| {
            let key: Vec<&str> = e.body.split_whitespace().collect();
            seen.insert(key.join(" "))
        })
        .collect()
}

/// UCI SMS Spam Collection: `label<TAB>text` per line.
pub fn load_sms(dir: &Path) -> std::io::Result<Vec<Example>> {
    let f = File::open(dir.join("sms_spam_collection/SMSSpamCollection"))?;
    let mut out = Vec::new();
    for line in BufReader::new(f).lines() {
        let line = line?;
        if let Some((label, text)) = line.split_once('\t') {
            out.push(Example {
                title: String::new(),
                body: text.to_owned(),
                spam: label == "spam",
            });
        }
    }
    Ok(out)
}

#[derive(serde::Deserialize)]
struct RawMail {
    label: String,
    raw: String,
    raw_encoding: String,
}

/// SpamAssassin public corpus: subject + decoded text bodies (HTML converted to text),
/// headers ignored because they leak the label.
pub fn load_spamassassin(dir: &Path) -> std::io::Result<Vec<Example>> {
    let f = File::open(dir.join("spamassassin_public_corpus/spamassassin_public_corpus.jsonl.gz"))?;
    let reader = BufReader::new(flate2::read::GzDecoder::new(f));
    let parser = mail_parser::MessageParser::default();
    let mut out = Vec::new();
    for line in reader.lines() {
        let line = line?;
        let row: RawMail = serde_json::from_str(&line).map_err(std::io::Error::other)?;
        let bytes: Vec<u8> = if row.raw_encoding == "latin-1" {
            row.raw
                .chars()
                .map(|c| u8::try_from(u32::from(c)).unwrap_or(b'?'))
                .collect()
        } else {
            row.raw.into_bytes()
        };
        let Some(msg) = parser.parse(&bytes) else {
            continue;
        };
        let title = msg.subject().unwrap_or("").trim().to_owned();
        let mut body = String::new();
        for i in 0..msg.text_body_count() {
            if let Some(t) = msg.body_text(i) {
                body.push_str(&t);
                body.push('\n');
            }
        }
        if body.trim().is_empty() && title.is_empty() {
            continue;
        }
        out.push(Example {
            title,
            body,
            spam: row.label == "spam",
        });
    }
    Ok(out)
}

/// Seeded 80/20 split by hash of the body: the same text always lands on the same side.
pub fn split(examples: &[Example], seed: u64) -> (Vec<Example>, Vec<Example>) {
    let mut train = Vec::new();
    let mut test = Vec::new();
    for e in examples {
        if hash(seed, &e.body) % 100 < 20 {
            test.push(e.clone());
        } else {
            train.push(e.clone());
        }
    }
    (train, test)
}

/// One labelled classified ad of the in-domain corpus (`crates/antispam/data/ads.jsonl`).
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Ad {
    pub title: String,
    pub description: String,
    pub category: String,
    pub price: Option<f64>,
    pub currency: Option<String>,
    #[serde(default)]
    pub location: String,
    pub label: String,
    pub kind: String,
}

impl Ad {
    pub fn spam(&self) -> bool {
        self.label == "spam"
    }

    /// Title, description and location as the classifier sees them (the same joining as
    /// the gate: with the place in every ad, place names say nothing either way).
    pub fn text(&self) -> String {
        if self.location.trim().is_empty() {
            format!("{}\n{}", self.title, self.description)
        } else {
            format!(
                "{}\n{}\n{}",
                self.title,
                self.description,
                self.location.trim()
            )
        }
    }

    /// The ad as the site would submit it to the gate.
    pub fn submission(&self) -> antispam::Submission {
        antispam::Submission {
            kind: antispam::Kind::Ad,
            title: self.title.clone(),
            body: self.description.clone(),
            category: Some(self.category.clone()),
            price: self.price,
            currency: self.currency.clone(),
            location: self.location.clone(),
            ..antispam::Submission::default()
        }
    }
}

/// The in-domain corpus.
pub fn load_ads(path: &Path) -> std::io::Result<Vec<Ad>> {
    let text = std::fs::read_to_string(path)?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).map_err(std::io::Error::other))
        .collect()
}

/// Seeded 80/20 split of the ads by hash of title and description, stratified by kind so
/// every scam kind has its share on both sides.
pub fn split_ads(ads: &[Ad], seed: u64) -> (Vec<Ad>, Vec<Ad>) {
    let mut by_kind: std::collections::BTreeMap<&str, Vec<&Ad>> = Default::default();
    for a in ads {
        by_kind.entry(a.kind.as_str()).or_default().push(a);
    }
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for (_, mut group) in by_kind {
        group.sort_by_key(|a| hash(seed, &a.text()));
        let n_test = group.len().div_ceil(5);
        for (i, a) in group.into_iter().enumerate() {
            if i < n_test {
                test.push(a.clone());
            } else {
                train.push(a.clone());
            }
        }
    }
    (train, test)
}
