//! Gate latency with few vs many rules (it must stay flat) and near-duplicate lookup at a
//! million stored fingerprints. Run: `cargo bench -p antispam --bench gate`.

use std::hint::black_box;
use std::time::Duration;

use antispam::{
    AdStatus, Config, Gate, IndexedAd, MatchKind, NearDupIndex, Rule, RuleAction, Submission,
    default_model, fingerprint, starter_rules,
};
use criterion::{Criterion, criterion_group, criterion_main};

/// Deterministic pseudo-random numbers (SplitMix64) so every run benchmarks the same data.
fn rng(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// `n` rules: the starter list plus generated words and phrases spread over categories.
fn rules(n: usize) -> Vec<Rule> {
    let mut out = starter_rules();
    let cats = ["vehicles", "property", "jobs", "electronics", "pets"];
    let mut s = 7u64;
    while out.len() < n {
        let word: String = (0..6 + rng(&mut s) % 6)
            .map(|_| char::from(b'a' + (rng(&mut s) % 26) as u8))
            .collect();
        let i = out.len();
        let (kind, pattern) = if i.is_multiple_of(3) {
            (MatchKind::Phrase, format!("{word} offer"))
        } else {
            (MatchKind::Word, word)
        };
        let cat = i.is_multiple_of(2).then(|| cats[i % cats.len()]);
        out.push(Rule::new(&pattern, kind, cat, RuleAction::Score, 1.0));
    }
    out.truncate(n);
    out
}

fn typical_ad() -> Submission {
    let mut s = Submission::ad(
        "Toyota Corolla 1.6 Prestige 2015, one owner",
        "Well kept Toyota Corolla 1.6 Prestige, 2015 model, 120 000 km, full service history at Toyota, \
         new tyres and brakes, aircon, electric windows, towbar. Reason for selling: emigrating. \
         Viewing in Pretoria East by appointment, call 082 555 1234. Price slightly negotiable.",
        Some("vehicles"),
    );
    s.price = Some(145_000.0);
    s
}

fn long_ad() -> Submission {
    let mut s = typical_ad();
    let mut body = String::new();
    while body.chars().count() < 5_000 {
        body.push_str("Spacious family home with three bedrooms, two bathrooms, a double garage and a large garden with mature trees. ");
    }
    s.body = body.chars().take(5_000).collect();
    s.category = Some("property".into());
    s
}

fn bench_gate(c: &mut Criterion) {
    let index = NearDupIndex::new();
    let mut group = c.benchmark_group("gate_check");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    for n in [100, 10_000] {
        let gate = Gate::new(Config::default(), rules(n), None)
            .expect("rules compile")
            .with_base(Some(default_model()));
        let (typical, long) = (typical_ad(), long_ad());
        group.bench_function(format!("typical_ad/{n}_rules"), |b| {
            b.iter(|| black_box(gate.check(black_box(&typical), &index)))
        });
        group.bench_function(format!("5000_char_ad/{n}_rules"), |b| {
            b.iter(|| black_box(gate.check(black_box(&long), &index)))
        });
    }
    group.finish();
    // Criterion reports means; the promise is about the slowest 1%, so time single checks.
    let gate = Gate::new(Config::default(), rules(10_000), None)
        .expect("rules compile")
        .with_base(Some(default_model()));
    let typical = typical_ad();
    let mut times: Vec<Duration> = (0..20_000)
        .map(|_| {
            let t = std::time::Instant::now();
            black_box(gate.check(black_box(&typical), &index));
            t.elapsed()
        })
        .collect();
    times.sort();
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "gate_check typical ad, 10,000 rules, 20,000 single checks: p50 {:?}  p99 {:?}  max {:?}",
        pct(0.5),
        pct(0.99),
        times[times.len() - 1]
    );
}

fn bench_neardup(c: &mut Criterion) {
    let mut index = NearDupIndex::new();
    let mut s = 42u64;
    for id in 0..1_000_000i64 {
        index.upsert(IndexedAd {
            ad_id: id,
            owner_id: id % 50_000,
            status: if id % 10 == 0 {
                AdStatus::Rejected
            } else {
                AdStatus::Live
            },
            fingerprint: rng(&mut s),
        });
    }
    let ad = typical_ad();
    let fp = fingerprint(&ad.title, &ad.body);
    index.upsert(IndexedAd {
        ad_id: -1,
        owner_id: 1,
        status: AdStatus::Live,
        fingerprint: fp ^ 0b101,
    });
    let mut group = c.benchmark_group("neardup");
    group
        .sample_size(30)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1));
    group.bench_function("query/1M_fingerprints", |b| {
        b.iter(|| black_box(index.query(black_box(fp), 3, None)))
    });
    let gate = Gate::new(Config::default(), starter_rules(), None)
        .expect("rules compile")
        .with_base(Some(default_model()));
    group.bench_function("gate_check_typical_ad/1M_fingerprints", |b| {
        b.iter(|| black_box(gate.check(black_box(&ad), &index)))
    });
    group.finish();
}

criterion_group!(benches, bench_gate, bench_neardup);
criterion_main!(benches);
