//! What the gate learns from the site: copies of ads (other accounts', one's own,
//! rejected ones, across instances), each rule's hits and false positives, rules
//! suggested from removed ads, and a live check that is no oracle.

use serde_json::{Value, json};

use crate::db_tests;
use crate::support::{Client, Db, TestApp, ad_body};

db_tests!(
    an_exact_copy_by_another_account_is_held,
    a_copy_of_a_rejected_ad_is_stopped_and_ones_own_repost_only_counts,
    rules_count_their_hits_and_the_approvals_that_overrule_them,
    removed_ads_suggest_rules_an_admin_accepts_or_dismisses,
    whole_word_rules_leave_clean_words_alone,
    a_logged_in_flood_of_checks_is_throttled,
);

/// A realistic ad of some length (copies are compared on five words or more).
fn listing(title: &str) -> Value {
    let mut b = ad_body("home-garden", title);
    b["description"] = json!(
        "Solid oak dining table with six matching chairs, seats eight with the leaf in. \
         A few marks on the top, otherwise in very good condition. Collection in Rondebosch."
    );
    b["price"] = json!(6_500);
    b
}

async fn post(c: &Client, body: Value) -> Value {
    let res = c.post_json("/api/v1/ads", body).await;
    assert!(
        res.status().is_success() || res.status() == 422,
        "{}",
        res.status()
    );
    res.json().await.unwrap()
}

/// The full verdict on an ad, as staff see it on its queue item.
async fn staff_signals(app: &TestApp, ad: i64) -> Vec<String> {
    let v = classifieds::gate::service::latest(&app.state.db, "ad", ad)
        .await
        .unwrap()
        .expect("a recorded verdict");
    v.signals.iter().map(|s| s.name.clone()).collect()
}

async fn an_exact_copy_by_another_account_is_held(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.verified_user("owner@example.com").await;
    let original = post(&owner, listing("Oak dining table and six chairs")).await;
    assert_eq!(original["status"], "published", "{original}");
    // Another account posts the very same ad, in another town: held, and told why
    // without learning which ad it copied.
    let thief = app.verified_user("thief@example.com").await;
    let mut copy = listing("Oak dining table and six chairs");
    copy["location"] = json!("Polokwane");
    let res = post(&thief, copy).await;
    assert_eq!(res["status"], "pending_review", "{res}");
    let reasons: Vec<&str> = res["verdict"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(reasons.contains(&"duplicate_other"), "{res}");
    let text = res.to_string();
    assert!(
        !text.contains(&format!("ad {}", original["id"])) && !text.contains("distance"),
        "no other ad's id for the writer: {text}"
    );
    // Staff see which ad it copies.
    let id = res["id"].as_i64().unwrap();
    let v = classifieds::gate::service::latest(&app.state.db, "ad", id)
        .await
        .unwrap()
        .unwrap();
    let dup = v.signal("duplicate_other").unwrap();
    assert_eq!(
        dup.evidence,
        format!("ad {} (distance 0)", original["id"].as_i64().unwrap())
    );
}

async fn a_copy_of_a_rejected_ad_is_stopped_and_ones_own_repost_only_counts(db: Db) {
    let app = TestApp::spawn(db).await;
    let seller = app.verified_user("seller@example.com").await;
    let first = post(&seller, listing("Oak table with chairs")).await;
    let first_id = first["id"].as_i64().unwrap();
    // The owner posting it again: the copy counts against it, but alone does not hold an
    // honest seller's second listing.
    let again = post(&seller, listing("Oak table with chairs")).await;
    assert_eq!(again["status"], "published", "{again}");
    assert!(
        staff_signals(&app, again["id"].as_i64().unwrap())
            .await
            .contains(&"duplicate_own".to_owned())
    );
    // A moderator rejects the first; a copy of a rejected ad is held for anyone.
    let txn = classifieds::platform::db::write_txn(&app.state.db)
        .await
        .unwrap();
    let saved = classifieds::ads::service::moderate_in(
        &txn,
        first_id,
        classifieds::ads::lifecycle::Event::Reject,
        30,
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    classifieds::ads::service::after_moderation(
        &app.state,
        &saved,
        classifieds::ads::lifecycle::Event::Reject,
    )
    .await
    .unwrap();
    let other = app.verified_user("other@example.com").await;
    let res = post(&other, listing("Oak table with chairs")).await;
    // A copy of a removed ad that is also a copy of a live one: refused outright.
    assert_eq!(res["error"], "rejected_by_gate", "{res}");
    let codes: Vec<&str> = res["verdict"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"duplicate_rejected"), "{res}");
}

async fn rules_count_their_hits_and_the_approvals_that_overrule_them(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let rule =
        json!({"pattern": "oak", "match": "word", "category": null, "action": "hold", "score": 1});
    let res = admin.post_json("/api/v1/office/rules", rule).await;
    assert_eq!(res.status(), 201);
    let rule_id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let seller = app.verified_user("seller@example.com").await;
    let held = post(&seller, listing("Oak dining set")).await;
    assert_eq!(held["status"], "pending_review", "{held}");
    let id = held["id"].as_i64().unwrap();
    let stats = |rules: &Value| -> (i64, i64, i64) {
        let r = rules
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == rule_id)
            .unwrap();
        (
            r["hits"].as_i64().unwrap(),
            r["held"].as_i64().unwrap(),
            r["false_positives"].as_i64().unwrap(),
        )
    };
    assert_eq!(stats(&admin.json("/api/v1/office/rules").await), (1, 1, 0));
    // The moderator approves what the rule held: one false positive.
    let res = moderator
        .post_form("/office/held", &format!("/office/held/{id}/approve"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(stats(&admin.json("/api/v1/office/rules").await), (1, 1, 1));
    // The gate page shows the counts.
    let page = admin.get("/office/gate").await.text().await.unwrap();
    assert!(page.contains("Approved after all"), "the column is there");
}

async fn removed_ads_suggest_rules_an_admin_accepts_or_dismisses(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let seller = app.verified_user("seller@example.com").await;
    // Published ads, and ads a moderator removed that share an unusual phrase.
    for (i, thing) in [
        "Bicycle",
        "Kettle",
        "Desk lamp",
        "Bookshelf",
        "Toaster",
        "Fan",
    ]
    .iter()
    .enumerate()
    {
        let mut b = ad_body("home-garden", &format!("{thing} for sale {i}"));
        b["price"] = json!(300 + i);
        assert_eq!(post(&seller, b).await["status"], "published");
    }
    let spammer = app.verified_user("spammer@example.com").await;
    let mut removed = Vec::new();
    for (i, thing) in ["Cooler box", "Camping chair", "Gazebo", "Braai grid"]
        .iter()
        .enumerate()
    {
        let mut b = ad_body("home-garden", &format!("{thing} {i}"));
        b["description"] = json!(format!(
            "{thing} in great shape. Pay the quantum levy first and the goods ship tomorrow from the depot {i}."
        ));
        b["price"] = json!(400 + i);
        let v = post(&spammer, b).await;
        removed.push(v["id"].as_i64().unwrap());
    }
    for id in removed {
        let txn = classifieds::platform::db::write_txn(&app.state.db)
            .await
            .unwrap();
        classifieds::ads::service::moderate_in(
            &txn,
            id,
            classifieds::ads::lifecycle::Event::Reject,
            30,
        )
        .await
        .unwrap();
        txn.commit().await.unwrap();
    }
    // Only admins look for and decide suggestions.
    assert_eq!(
        moderator
            .post_empty("/api/v1/office/gate/suggestions/mine")
            .await
            .status(),
        403
    );
    let mined: Value = admin
        .post_empty("/api/v1/office/gate/suggestions/mine")
        .await
        .json()
        .await
        .unwrap();
    assert!(mined["added"].as_u64().unwrap() >= 1, "{mined}");
    let list = admin.json("/api/v1/office/gate/suggestions").await;
    let levy = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["pattern"] == "quantum levy")
        .unwrap_or_else(|| panic!("the shared phrase is suggested: {list}"));
    assert_eq!(levy["removed_count"], 4);
    assert_eq!(levy["published_count"], 0);
    let id = levy["id"].as_i64().unwrap();
    let res = admin
        .post_empty(&format!("/api/v1/office/gate/suggestions/{id}/accept"))
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        admin
            .post_empty(&format!("/api/v1/office/gate/suggestions/{id}/accept"))
            .await
            .status(),
        409,
        "decided once"
    );
    let rules = admin.json("/api/v1/office/rules").await;
    assert!(
        rules
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["pattern"] == "quantum levy" && r["action"] == "score"),
        "accepted: a scoring rule"
    );
    // Dismissed suggestions do not come back; mining again adds nothing new for them.
    let list = admin.json("/api/v1/office/gate/suggestions").await;
    for s in list.as_array().unwrap() {
        let id = s["id"].as_i64().unwrap();
        assert_eq!(
            admin
                .post_empty(&format!("/api/v1/office/gate/suggestions/{id}/dismiss"))
                .await
                .status(),
            200
        );
    }
    admin
        .post_empty("/api/v1/office/gate/suggestions/mine")
        .await;
    assert!(
        admin
            .json("/api/v1/office/gate/suggestions")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    let log = admin
        .json("/api/v1/office/audit?subject=gate_suggestion")
        .await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"gate.suggestion.accept"));
    assert!(actions.contains(&"gate.suggestion.dismiss"));
}

async fn whole_word_rules_leave_clean_words_alone(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    for w in ["ass", "crack"] {
        let rule = json!({"pattern": w, "match": "word", "category": null, "action": "block", "score": 10});
        assert_eq!(
            admin.post_json("/api/v1/office/rules", rule).await.status(),
            201
        );
    }
    let seller = app.verified_user("seller@example.com").await;
    let mut table = listing("Glass coffee table as new");
    table["description"] =
        json!("Glass coffee table, as new, no scratches. Collection in Claremont.");
    table["price"] = json!(900);
    assert_eq!(post(&seller, table).await["status"], "published");
    let mut ballet = ad_body("community", "Nutcracker ballet tickets");
    ballet["description"] =
        json!("Two tickets for the Nutcracker ballet at Artscape, Saturday 19 December, row F.");
    ballet["price"] = json!(700);
    assert_eq!(post(&seller, ballet).await["status"], "published");
    // The words themselves, even disguised, are still caught.
    let mut rude = ad_body("community", "Selling a b1g cr4ck pipe");
    rude["description"] = json!("Crack pipe for sale, what an a$$ deal.");
    let res = seller.post_json("/api/v1/ads", rude).await;
    assert_eq!(res.status(), 422);
}

async fn a_logged_in_flood_of_checks_is_throttled(db: Db) {
    let app = TestApp::spawn_strict_with(db, |c| c.form_min_fill_ms = 0).await;
    let c = app.verified_user("typist@example.com").await;
    let draft = json!({"title": "Oak table", "description": "Solid oak table, seats six.", "category": "home-garden"});
    let mut statuses = Vec::new();
    for _ in 0..40 {
        statuses.push(
            c.post_json("/api/v1/spam/check", draft.clone())
                .await
                .status()
                .as_u16(),
        );
    }
    let ok = statuses.iter().filter(|s| **s == 200).count();
    // A new account's share (half of 30 a minute): plenty for a person typing, whose
    // form checks every few seconds.
    assert!(ok >= 15, "a person typing is not throttled: {statuses:?}");
    assert!(statuses.contains(&429), "a script is: {statuses:?}");
    let res = c.post_json("/api/v1/spam/check", draft).await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
}

/// Two instances of one site behind a load balancer: an ad posted through one is known to
/// the other's near-duplicate index within seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn instances_learn_each_others_ads_within_seconds() {
    let a = TestApp::spawn(Db::Postgres).await;
    let b = a.another_instance(|c| c.form_min_fill_ms = 0).await;
    let owner = a.verified_user("owner@example.com").await;
    let original = post(&owner, listing("Oak dining table and six chairs")).await;
    assert_eq!(original["status"], "published");
    // The copy goes to the other instance after its catch-up worker ran (every 2 s).
    tokio::time::sleep(std::time::Duration::from_millis(4_500)).await;
    let thief = b.verified_user("thief@example.com").await;
    let res = post(&thief, listing("Oak dining table and six chairs")).await;
    assert_eq!(res["status"], "pending_review", "{res}");
}
