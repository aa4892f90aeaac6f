//! Gate-level tests: each signal on its own, the combination into an action, and the JSON
//! contract.

use crate::*;

fn gate_with(config: Config, rules: Vec<Rule>) -> Gate {
    Gate::new(config, rules, None).unwrap()
}

fn clean_ad() -> Submission {
    Submission::ad(
        "Mountain bike, 21 gears",
        "Aluminium frame mountain bike in good condition, recently serviced, new brakes. Collection in Durbanville.",
        Some("community"),
    )
}

fn names(v: &Verdict) -> Vec<&str> {
    v.signals.iter().map(|s| s.name.as_str()).collect()
}

#[test]
fn clean_ad_is_accepted_without_signals() {
    let gate = gate_with(Config::default(), starter_rules());
    let v = gate.check(&clean_ad(), &NearDupIndex::new());
    assert_eq!(v.action, Action::Accept, "{}", v.explain());
    assert!(v.signals.is_empty(), "{}", v.explain());
}

#[test]
fn block_rule_rejects_and_quotes_obfuscated_original() {
    let gate = gate_with(Config::default(), starter_rules());
    let mut ad = clean_ad();
    ad.body.push_str(" Also selling V\u{200B}1agrа.");
    let v = gate.check(&ad, &NearDupIndex::new());
    assert_eq!(v.action, Action::Reject);
    let kw = v.signal("keyword").unwrap();
    assert!(
        kw.evidence
            .starts_with("'V\u{200B}1agrа' matched rule \"viagra\" (word, global, block)"),
        "{}",
        kw.evidence
    );
    let ob = v.signal("obfuscation").unwrap();
    assert!(ob.evidence.contains("homoglyphs: а→a"), "{}", ob.evidence);
    assert!(
        ob.evidence.contains("zero-width characters: 1"),
        "{}",
        ob.evidence
    );
    assert!(ob.evidence.contains("leetspeak"), "{}", ob.evidence);
}

#[test]
fn each_obfuscation_form_is_seen_through() {
    let rules = vec![Rule::new(
        "free money",
        MatchKind::Phrase,
        None,
        RuleAction::Hold,
        1.0,
    )];
    let gate = gate_with(Config::default(), rules);
    for (text, quote) in [
        ("get FREE MONEY", "FREE MONEY"),
        ("get fréé mönéy", "fréé mönéy"),
        ("get ｆｒｅｅ ｍｏｎｅｙ", "ｆｒｅｅ ｍｏｎｅｙ"),
        ("get frее mоney", "frее mоney"),
        ("get fr33 m0ney", "fr33 m0ney"),
        (
            "get f\u{200D}ree mo\u{200B}ney",
            "f\u{200D}ree mo\u{200B}ney",
        ),
        ("get f.r.e.e money", "f.r.e.e money"),
        ("get f r e e  m o n e y", "f r e e  m o n e y"),
        ("get f-r-e-e money", "f-r-e-e money"),
        ("get freeeeee moneyyyy", "freeeeee moneyyyy"),
    ] {
        let v = gate.check(&Submission::ad("x", text, None), &NearDupIndex::new());
        assert_eq!(v.action, Action::Hold, "{text}: {}", v.explain());
        let ev = &v.signal("keyword").unwrap().evidence;
        assert!(ev.starts_with(&format!("'{quote}'")), "{text}: {ev}");
    }
}

#[test]
fn category_rules_stay_in_their_category() {
    let gate = gate_with(Config::default(), starter_rules());
    let text = "Puppies available, shipping only, pay for delivery to your door";
    let pets = gate.check(
        &Submission::ad("Puppies", text, Some("pets")),
        &NearDupIndex::new(),
    );
    assert_ne!(pets.action, Action::Accept, "{}", pets.explain());
    assert!(pets.signal("keyword").is_some(), "{}", pets.explain());
    let other = gate.check(
        &Submission::ad("Puppies", text, Some("vehicles")),
        &NearDupIndex::new(),
    );
    assert!(other.signal("keyword").is_none(), "{}", other.explain());
}

#[test]
fn thresholds_come_from_config() {
    let rules = vec![Rule::new(
        "casino",
        MatchKind::Word,
        None,
        RuleAction::Score,
        3.0,
    )];
    let ad = Submission::ad(
        "Casino night",
        "Charity casino night at the community hall, all welcome to join us",
        None,
    );
    let v = gate_with(Config::default(), rules.clone()).check(&ad, &NearDupIndex::new());
    assert_eq!(v.action, Action::Accept, "{}", v.explain());
    let strict = Config {
        hold_threshold: 2.0,
        reject_threshold: 3.0,
        ..Config::default()
    };
    let v = gate_with(strict, rules.clone()).check(&ad, &NearDupIndex::new());
    assert_eq!(v.action, Action::Reject);
    let bad = Config {
        hold_threshold: 9.0,
        reject_threshold: 3.0,
        ..Config::default()
    };
    assert!(matches!(
        Gate::new(bad, rules, None),
        Err(Error::InvalidConfig(_))
    ));
}

#[test]
fn link_signals() {
    let config = Config {
        blocked_domains: vec!["scam.example".into()],
        ..Config::default()
    };
    let gate = gate_with(config, vec![]);
    let mut ad = clean_ad();
    ad.body.push_str(" Pics: bit.ly/x1 https://a.b.scam.example/p www.one.com www.two.com <a href=\"https://phish.ru\">www.fnb.co.za</a>");
    let v = gate.check(&ad, &NearDupIndex::new());
    assert_eq!(v.signal("links").unwrap().evidence, "5 links");
    assert_eq!(v.signal("link_shortener").unwrap().evidence, "bit.ly/x1");
    assert_eq!(
        v.signal("blocked_domain").unwrap().evidence,
        "https://a.b.scam.example/p"
    );
    assert_eq!(
        v.signal("link_mismatch").unwrap().evidence,
        "shows 'www.fnb.co.za' but goes to 'phish.ru'"
    );
    assert_eq!(v.action, Action::Reject);
}

#[test]
fn contact_signals() {
    let config = Config {
        rejected_contacts: vec!["082 555 1234".into(), "Scammer@Mail.com".into()],
        ..Config::default()
    };
    let gate = gate_with(config, vec![]);
    let mut ad = clean_ad();
    ad.title = "Bike call 0825551234".into();
    let v = gate.check(&ad, &NearDupIndex::new());
    assert_eq!(
        v.signal("contact_in_title").unwrap().evidence,
        "'0825551234'"
    );
    assert_eq!(
        v.signal("rejected_contact").unwrap().evidence,
        "'0825551234'"
    );
    let mut ad = clean_ad();
    ad.contacts = vec!["scammer@mail.com".into()];
    let v = gate.check(&ad, &NearDupIndex::new());
    assert_eq!(
        v.signal("rejected_contact").unwrap().evidence,
        "'scammer@mail.com'"
    );
    assert!(v.signal("contact_in_title").is_none());
}

#[test]
fn quality_signals() {
    let mut config = Config::default();
    config.price_stats.insert(
        "vehicles".into(),
        PriceStats {
            q1: 80_000.0,
            median: 120_000.0,
            q3: 180_000.0,
        },
    );
    let gate = gate_with(config, vec![]);
    let idx = NearDupIndex::new();
    let shout = Submission::ad(
        "BEST CAR EVER",
        "THIS CAR IS IN PERFECT CONDITION, MUST SEE, CALL NOW FOR VIEWING",
        Some("vehicles"),
    );
    assert!(
        gate.check(&shout, &idx)
            .signal("shouting")
            .unwrap()
            .evidence
            .ends_with("% capitals")
    );
    let punct = Submission::ad(
        "Car",
        "Great car!!!!!! Cheap $$$$ 🔥🔥🔥🔥 do not miss out on this one",
        None,
    );
    let v = gate.check(&punct, &idx);
    assert_eq!(
        v.signal("punctuation_run").unwrap().evidence,
        "3 run(s), longest '!!!!!!'"
    );
    let stuffed = Submission::ad(
        "iPhone",
        &"iPhone cheap iphone deal IPHONE ".repeat(4),
        None,
    );
    let v = gate.check(&stuffed, &idx);
    assert_eq!(
        v.signal("keyword_stuffing").unwrap().evidence,
        "'iPhone' ×13 in 21 words"
    );
    let short = Submission::ad("Car", "call me", Some("vehicles"));
    assert_eq!(
        gate.check(&short, &idx)
            .signal("too_short")
            .unwrap()
            .evidence,
        "description has 2 word(s)"
    );
    let mut cheap = Submission::ad(
        "Toyota Hilux 2019",
        "Toyota Hilux 2019 double cab, low mileage, full service history, must go",
        Some("vehicles"),
    );
    cheap.price = Some(9_000.0);
    let ev = gate
        .check(&cheap, &idx)
        .signal("price_outlier")
        .unwrap()
        .evidence
        .clone();
    assert!(ev.contains("too good to be true"), "{ev}");
    cheap.price = Some(110_000.0);
    assert!(gate.check(&cheap, &idx).signal("price_outlier").is_none());
    // Messages are not judged on length or price.
    let msg = Submission {
        kind: Kind::Message,
        body: "ok".into(),
        ..Submission::default()
    };
    assert!(gate.check(&msg, &idx).signals.is_empty());
}

#[test]
fn near_duplicate_signals_and_edit_exclusion() {
    let gate = gate_with(Config::default(), vec![]);
    let ad = clean_ad();
    let fp = fingerprint(&ad.title, &ad.body);
    let mut idx = NearDupIndex::new();
    idx.upsert(IndexedAd {
        ad_id: 1,
        owner_id: 7,
        status: AdStatus::Live,
        fingerprint: fp,
    });
    idx.upsert(IndexedAd {
        ad_id: 2,
        owner_id: 8,
        status: AdStatus::Live,
        fingerprint: fp ^ 0b11,
    });
    idx.upsert(IndexedAd {
        ad_id: 3,
        owner_id: 9,
        status: AdStatus::Rejected,
        fingerprint: fp ^ 0b1,
    });
    let mut sub = ad.clone();
    sub.context.account_id = Some(7);
    let v = gate.check(&sub, &idx);
    assert_eq!(
        v.signal("duplicate_own").unwrap().evidence,
        "ad 1 (distance 0)"
    );
    assert_eq!(
        v.signal("duplicate_other").unwrap().evidence,
        "ad 2 (distance 2)"
    );
    assert_eq!(
        v.signal("duplicate_rejected").unwrap().evidence,
        "ad 3 (distance 1)"
    );
    // Editing ad 1 must not flag ad 1 itself.
    sub.kind = Kind::AdEdit;
    sub.ad_id = Some(1);
    assert!(gate.check(&sub, &idx).signal("duplicate_own").is_none());
}

#[test]
fn context_signals() {
    let gate = gate_with(Config::default(), vec![]);
    let idx = NearDupIndex::new();
    let mut ad = clean_ad();
    ad.context = AccountContext {
        account_age_hours: Some(2.0),
        email_verified: Some(false),
        rejected_ads: 2,
        recent_by_account: 9,
        recent_by_ip: 50,
        ..AccountContext::default()
    };
    let v = gate.check(&ad, &idx);
    assert_eq!(
        names(&v),
        vec!["velocity", "rejected_history", "new_account", "unverified"]
    );
    assert_eq!(
        v.signal("new_account").unwrap().evidence,
        "account is 2 hour(s) old"
    );
    assert_eq!(v.action, Action::Hold);
    ad.context = AccountContext {
        account_age_hours: Some(24.0 * 400.0),
        email_verified: Some(true),
        two_factor: true,
        approved_ads: 30,
        ..AccountContext::default()
    };
    let v = gate.check(&ad, &idx);
    let t = v.signal("trusted_account").unwrap();
    assert!(t.score < 0.0);
    assert_eq!(t.evidence, "30 approved ads, two-factor on");
}

#[test]
fn classifier_signal_explains_with_original_words() {
    let config = Config {
        min_learned: 2,
        ..Config::default()
    };
    let model = Model::train([
        ("WINNER! claim your prize now", true),
        ("You are a winner, claim the cash prize today", true),
        ("prize draw winner claim", true),
        ("Selling a blue sofa, good condition", false),
        ("Garden tools for sale, collection only", false),
        ("Looking for a room to rent near campus", false),
    ]);
    let gate = Gate::new(config, vec![], Some(model)).unwrap();
    assert_eq!(gate.site_model_trust(), 1.0);
    let sub = Submission {
        kind: Kind::Message,
        body: "WINNER!! Claim your PRIZE".into(),
        ..Submission::default()
    };
    let v = gate.check(&sub, &NearDupIndex::new());
    let c = v.signal("classifier").unwrap();
    assert!(c.score > 0.0);
    assert!(
        c.evidence.starts_with("site model v0 p=")
            && c.evidence.contains("'WINNER'")
            && c.evidence.contains("'PRIZE'"),
        "{}",
        c.evidence
    );
    assert_eq!(c.quotes.len(), 3, "{:?}", c.quotes);
}

#[test]
fn verdict_json_contract_and_order() {
    let gate = gate_with(Config::default(), starter_rules());
    let mut ad = clean_ad();
    ad.body.push_str(" More photos: www.example.com/bike");
    ad.title.push_str(" WhatsApp 082 555 1234");
    let v = gate.check(&ad, &NearDupIndex::new());
    let json = serde_json::to_value(&v).unwrap();
    assert_eq!(json["action"], "hold", "{}", v.explain());
    assert!(json["score"].is_number());
    // The contract's three keys, and the writer's own words when a signal has them.
    for sig in json["signals"].as_array().unwrap() {
        let keys: Vec<&String> = sig.as_object().unwrap().keys().collect();
        assert!(
            keys == ["evidence", "name", "score"]
                || keys == ["evidence", "name", "quotes", "score"],
            "{keys:?}"
        );
    }
    assert_eq!(
        v.signal("contact_in_title").unwrap().quotes,
        vec!["082 555 1234".to_owned()]
    );
    assert!(v.signals.windows(2).all(|w| w[0].score >= w[1].score));
    let back: Verdict = serde_json::from_value(json).unwrap();
    assert_eq!(back, v);
    assert!(v.explain().starts_with("hold (score "), "{}", v.explain());
}

#[test]
fn deterministic_for_same_input() {
    let gate = Gate::new(Config::default(), starter_rules(), Some(default_model())).unwrap();
    let mut idx = NearDupIndex::new();
    for i in 0..50 {
        idx.upsert(IndexedAd {
            ad_id: i,
            owner_id: i,
            status: AdStatus::Live,
            fingerprint: (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15),
        });
    }
    let mut ad = clean_ad();
    ad.body
        .push_str(" FREE casino bonus!!!! www.x.com www.y.com www.z.com");
    let a = serde_json::to_string(&gate.check(&ad, &idx)).unwrap();
    for _ in 0..5 {
        assert_eq!(serde_json::to_string(&gate.check(&ad, &idx)).unwrap(), a);
    }
}

#[test]
fn gate_is_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Gate>();
    assert_send_sync::<NearDupIndex>();
}

#[test]
fn a_two_word_name_is_too_little_text_for_the_classifier_to_hold_it() {
    // A site model that has learnt enough to speak with full weight, and is sure that
    // "mobile" and "banner" are spam words.
    let mut examples: Vec<(String, bool)> = Vec::new();
    for i in 0..60 {
        examples.push((
            format!("mobile banner winner prize {i} claim cash now"),
            true,
        ));
        examples.push((
            format!("oak table {i} collection in town, good condition"),
            false,
        ));
    }
    let model = Model::train(examples.iter().map(|(t, s)| (t.as_str(), *s)));
    let config = Config {
        min_learned: 40,
        ..Config::default()
    };
    let gate = Gate::new(config, starter_rules(), Some(model)).unwrap();
    assert_eq!(gate.site_model_trust(), 1.0);
    let profile = |name: &str| Submission {
        kind: Kind::Profile,
        title: name.into(),
        ..Default::default()
    };
    // A display name is not an offer.
    for name in ["E2E mobile", "Banner Mobile"] {
        let v = gate.check(&profile(name), &NearDupIndex::new());
        assert_eq!(v.action, Action::Accept, "{name}: {}", v.explain());
    }
    // With enough words the same model still speaks with full weight.
    let long = Submission {
        kind: Kind::Profile,
        title: "Mobile banner winner".into(),
        body: "Mobile banner winner, claim your cash prize now, the winner claims the banner prize"
            .into(),
        ..Default::default()
    };
    let v = gate.check(&long, &NearDupIndex::new());
    assert_ne!(v.action, Action::Accept, "{}", v.explain());
}
