//! Build `model/default.bin` from both research datasets (see `scripts/build-default-model`).
//!
//! Usage: `cargo run --release -p antispam --example build_default_model -- DATA_DIR OUT_FILE`

#[path = "data/mod.rs"]
#[expect(
    dead_code,
    reason = "the split helpers are only used by the eval example"
)]
mod data;

use std::path::PathBuf;

use antispam::Model;

/// Buckets seen fewer times than this in total are dropped from the file: they are rare
/// n-grams whose evidence is mostly noise, and they dominate the size.
const PRUNE_BELOW: u32 = 2;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let out = PathBuf::from(
        args.next()
            .unwrap_or_else(|| "crates/antispam/model/default.bin".into()),
    );
    let mut all = data::dedup(data::load_sms(&dir)?);
    all.extend(data::dedup(data::load_spamassassin(&dir)?));
    let start = std::time::Instant::now();
    let mut model = Model::train(all.iter().map(|e| (e.text(), e.spam)));
    model.version = 1;
    let bytes = model.to_bytes_pruned(PRUNE_BELOW);
    // Round-trip what we write, so a broken file never gets committed.
    let back = Model::from_bytes(&bytes)?;
    std::fs::write(&out, &bytes)?;
    let (ham, spam) = back.documents();
    println!(
        "trained on {} texts ({ham} ham, {spam} spam) in {:.2}s; wrote {} ({} bytes, buckets with < {PRUNE_BELOW} hits pruned)",
        all.len(),
        start.elapsed().as_secs_f64(),
        out.display(),
        bytes.len()
    );
    Ok(())
}
