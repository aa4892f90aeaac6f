//! Offline evaluation of the classifier alone and of the whole gate on the research
//! datasets (see `scripts/eval-spam`).
//!
//! Usage: `cargo run --release -p antispam --example eval -- DATA_DIR [EXPORT_DIR]`
//! With EXPORT_DIR, the exact deduplicated split is written as JSON Lines for the
//! scikit-learn baseline.

#[path = "data/mod.rs"]
mod data;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use antispam::{Action, Config, Gate, Kind, Model, NearDupIndex, Submission, starter_rules};
use data::Example;

/// Seed of the 80/20 split; printed so the figures can be reproduced.
const SEED: u64 = 20_240_611;

#[derive(Default)]
struct Confusion {
    tp: usize,
    fp: usize,
    tn: usize,
    fn_: usize,
}

impl Confusion {
    fn add(&mut self, spam: bool, flagged: bool) {
        match (spam, flagged) {
            (true, true) => self.tp += 1,
            (true, false) => self.fn_ += 1,
            (false, true) => self.fp += 1,
            (false, false) => self.tn += 1,
        }
    }

    fn line(&self, what: &str) -> String {
        let p = self.tp as f64 / (self.tp + self.fp).max(1) as f64;
        let r = self.tp as f64 / (self.tp + self.fn_).max(1) as f64;
        let f1 = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        let ham = self.fp + self.tn;
        format!(
            "  {what:<11} precision {p:.3}  recall {r:.3}  F1 {f1:.3}  ham wrongly held/rejected {:.2}% ({}/{ham})",
            100.0 * self.fp as f64 / ham.max(1) as f64,
            self.fp
        )
    }
}

fn evaluate(model: &Model, test: &[Example]) -> (Confusion, Confusion) {
    let mut why: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    let gate = Gate::new(Config::default(), starter_rules(), Some(model.clone()))
        .expect("starter rules compile");
    let index = NearDupIndex::new();
    let (mut clf, mut whole) = (Confusion::default(), Confusion::default());
    for e in test {
        clf.add(e.spam, model.probability(&e.text()) >= 0.5);
        let sub = Submission {
            kind: Kind::Message,
            title: e.title.clone(),
            body: e.body.clone(),
            ..Submission::default()
        };
        let v = gate.check(&sub, &index);
        let flagged = v.action != Action::Accept;
        if flagged && !e.spam {
            if std::env::var_os("EVAL_DEBUG").is_some() {
                eprintln!("FP: {}", v.explain());
            }
            for s in v.signals.iter().filter(|s| s.score > 0.0) {
                *why.entry(s.name.clone()).or_default() += 1;
            }
        }
        whole.add(e.spam, flagged);
    }
    if !why.is_empty() {
        let list: Vec<String> = why.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("  (signals on wrongly flagged ham: {})", list.join(", "));
    }
    (clf, whole)
}

fn counts(v: &[Example]) -> String {
    let spam = v.iter().filter(|e| e.spam).count();
    format!("{} ({} ham, {spam} spam)", v.len(), v.len() - spam)
}

fn export(dir: &Path, name: &str, train: &[Example], test: &[Example]) -> std::io::Result<()> {
    let mut f = std::io::BufWriter::new(std::fs::File::create(dir.join(format!("{name}.jsonl")))?);
    for (split, rows) in [("train", train), ("test", test)] {
        for e in rows {
            let line = serde_json::json!({"split": split, "spam": e.spam, "text": e.text()});
            writeln!(f, "{line}")?;
        }
    }
    f.flush()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let export_dir = args.next().map(PathBuf::from);
    let sets = [
        ("sms", data::dedup(data::load_sms(&dir)?)),
        ("spamassassin", data::dedup(data::load_spamassassin(&dir)?)),
    ];
    println!(
        "split: 80/20 by FNV-1a hash of the body, seed {SEED}; gate = Config::default() + starter_rules() + model, submissions as messages with no account context; flagged = hold or reject"
    );
    let mut full_models = Vec::new();
    for (name, all) in &sets {
        let (train, test) = data::split(all, SEED);
        if let Some(d) = &export_dir {
            export(d, name, &train, &test)?;
        }
        let start = Instant::now();
        let model = Model::train(train.iter().map(|e| (e.text(), e.spam)));
        let secs = start.elapsed().as_secs_f64();
        println!(
            "\n[{name}] deduplicated {}; train {}; test {}; trained in {secs:.2}s",
            counts(all),
            counts(&train),
            counts(&test)
        );
        let (clf, whole) = evaluate(&model, &test);
        println!("{}", clf.line("classifier"));
        println!("{}", whole.line("gate"));
        full_models.push((name, Model::train(all.iter().map(|e| (e.text(), e.spam)))));
    }
    for (i, (train_name, model)) in full_models.iter().enumerate() {
        let (test_name, test) = &sets[1 - i];
        println!(
            "\n[cross] train on all of {train_name}, test on all of {test_name} {}",
            counts(test)
        );
        let (clf, whole) = evaluate(model, test);
        println!("{}", clf.line("classifier"));
        println!("{}", whole.line("gate"));
    }
    Ok(())
}
