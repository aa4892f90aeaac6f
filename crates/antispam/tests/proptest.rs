//! Property tests: the normaliser and the gate never panic on arbitrary input, and the
//! offset map always points at char boundaries of the original.

use antispam::{
    AdStatus, Config, Gate, IndexedAd, NearDupIndex, Submission, extract_contacts, extract_links,
    normalize, starter_rules,
};
use proptest::prelude::*;

/// Text biased towards the characters the normaliser treats specially.
fn tricky_text() -> impl Strategy<Value = String> {
    let pieces = prop::collection::vec(
        prop_oneof![
            any::<char>().prop_map(String::from),
            "[a-zA-Z0-9 .\\-_$@!]{1,8}",
            Just("\u{200B}".to_owned()),
            Just("\u{0301}\u{0308}".to_owned()),
            Just("аеорсх".to_owned()),
            Just("ｆｒｅｅ".to_owned()),
            Just("v.i.a.g.r.a".to_owned()),
            Just("fr33 c4$h".to_owned()),
            Just("<a href=\"http://x.ru\">bit.ly/a</a>".to_owned()),
            Just("[t](http://a.b)".to_owned()),
            Just("İßﬁ①".to_owned()),
        ],
        0..24,
    );
    pieces.prop_map(|p| p.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn normaliser_offsets_are_valid(text in tricky_text()) {
        let n = normalize(&text);
        prop_assert_eq!(n.spans().len(), n.text().len());
        for &(s, e) in n.spans() {
            prop_assert!(s <= e && e <= text.len());
            prop_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
        }
        for (i, _) in n.text().char_indices() {
            let r = n.original_range(i..n.text().len());
            prop_assert!(text.get(r).is_some());
        }
        prop_assert!(!n.text().starts_with(' ') && !n.text().ends_with(' ') && !n.text().contains("  "));
        // Normalised text is plain enough to go through again (rule patterns do).
        let again = normalize(n.text());
        prop_assert!(again.text().len() <= n.text().len());
    }

    #[test]
    fn gate_never_panics(title in tricky_text(), body in tricky_text(), price in proptest::option::of(any::<f64>())) {
        let gate = Gate::new(Config::default(), starter_rules(), None).unwrap();
        let mut index = NearDupIndex::new();
        index.upsert(IndexedAd { ad_id: 1, owner_id: 1, status: AdStatus::Rejected, fingerprint: 0 });
        let mut sub = Submission::ad(&title, &body, Some("pets"));
        sub.price = price;
        let v = gate.check(&sub, &index);
        prop_assert!(v.score.is_finite());
        let _ = extract_links(&body);
        let _ = extract_contacts(&body);
    }
}
