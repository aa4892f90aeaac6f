//! Build `model/default.bin`, the classifier shipped with the crate, from the in-domain
//! corpus of classified ads (`data/ads.jsonl`, see `data/README.md`): a logistic regression
//! over every ad of the corpus (`scripts/eval-spam` reports it on a held-out split first).
//!
//! Usage: `cargo run --release -p antispam --example build_default_model -- [ADS_JSONL] [OUT_FILE]`

#[path = "data/mod.rs"]
#[expect(
    dead_code,
    reason = "the research-dataset loaders are only used by the eval example"
)]
mod data;

use std::path::PathBuf;

use antispam::Model;

/// Buckets seen fewer times than this in total are dropped from the file: they are rare
/// n-grams whose evidence is mostly noise, and they dominate the size.
const PRUNE_BELOW: u32 = 2;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let here = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let input = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| here.join("data/ads.jsonl"));
    let out = args
        .next()
        .map(PathBuf::from)
        .unwrap_or_else(|| here.join("model/default.bin"));
    let ads = data::load_ads(&input)?;
    let start = std::time::Instant::now();
    let mut model = Model::train_linear(ads.iter().map(|a| (a.text(), a.spam())));
    model.version = 2;
    let bytes = model.to_bytes_pruned(PRUNE_BELOW);
    // Round-trip what we write, so a broken file never gets committed.
    let back = Model::from_bytes(&bytes)?;
    std::fs::write(&out, &bytes)?;
    let (ham, spam) = back.documents();
    println!(
        "trained on {} ads ({ham} ham, {spam} spam) in {:.2}s; wrote {} ({} bytes, buckets with < {PRUNE_BELOW} hits pruned)",
        ads.len(),
        start.elapsed().as_secs_f64(),
        out.display(),
        bytes.len()
    );
    Ok(())
}
