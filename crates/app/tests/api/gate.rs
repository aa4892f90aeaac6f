//! The gate in the site: refused ads explain themselves and are not stored, held ads
//! wait for a moderator, every verdict is recorded, the pre-submission check is free.

use serde_json::{Value, json};

use crate::db_tests;
use crate::support::{Db, TestApp, ad_body};

db_tests!(
    a_refused_ad_says_why_and_is_not_stored,
    a_held_ad_waits_for_a_moderator,
    the_pre_submission_check_judges_without_storing,
    a_refused_form_keeps_the_ad_and_lists_the_reasons,
    edits_go_through_the_gate_too,
    admins_change_rules_and_thresholds_while_the_site_runs,
    a_bad_model_is_rolled_back,
    moderator_decisions_teach_the_classifier,
    sign_ups_pass_the_gate,
    a_rejected_phone_number_is_recognised_in_the_next_ad,
    prices_far_below_the_categorys_usual_range_count_against_an_ad,
    admins_run_the_gate_from_its_office_page,
);

async fn admins_run_the_gate_from_its_office_page(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let seller = app.verified_user("seller@example.com").await;
    assert_eq!(moderator.get("/office/gate").await.status(), 403);
    assert_eq!(seller.get("/office/audit").await.status(), 403);
    let page = admin.get("/office/gate").await.text().await.unwrap();
    assert!(page.contains("name=\"weight.classifier\""));
    let draft = json!({"category": "pets", "title": "Golden retriever puppies", "description": "Vaccinated golden retriever puppies, both parents on site, ready in May.", "price": 4500.0, "location": "Durban"});
    let check = async |body: &Value| -> Value {
        seller
            .post_json("/api/v1/spam/check", body.clone())
            .await
            .json()
            .await
            .unwrap()
    };
    assert_eq!(check(&draft).await["verdict"]["action"], "accept");
    // A rule added on the page holds at once, only in its category.
    let res = admin
        .post_form(
            "/office/gate",
            "/office/gate/rules",
            &[
                ("pattern", "golden retriever"),
                ("match", "phrase"),
                ("category", "pets"),
                ("action", "hold"),
                ("score", "6"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(check(&draft).await["verdict"]["action"], "hold");
    let mut elsewhere = draft.clone();
    elsewhere["category"] = json!("community");
    assert_eq!(check(&elsewhere).await["verdict"]["action"], "accept");
    // An invalid regex is refused with the field named, nothing stored.
    let res = admin
        .post_form(
            "/office/gate",
            "/office/gate/rules",
            &[
                ("pattern", "([unclosed"),
                ("match", "regex"),
                ("action", "block"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("id=\"pattern-error\""));
    // Thresholds and weights from the form; a hold threshold above refuse is refused.
    let res = admin
        .post_form(
            "/office/gate",
            "/office/gate/config",
            &[("hold_threshold", "20"), ("reject_threshold", "10")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = admin
        .post_form(
            "/office/gate",
            "/office/gate/config",
            &[
                ("hold_threshold", "7"),
                ("reject_threshold", "12"),
                ("weight.velocity", "4.5"),
                ("blocked_domains", "scam.example\n*.fraud.example"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let cfg = admin.json("/api/v1/office/gate/config").await;
    assert_eq!(cfg["hold_threshold"], 7.0);
    assert_eq!(cfg["weights"]["velocity"], 4.5);
    assert_eq!(
        cfg["blocked_domains"],
        json!(["scam.example", "fraud.example"])
    );
    // Rules go out and come back in as JSON Lines.
    let file = admin
        .get("/office/gate/rules.jsonl")
        .await
        .text()
        .await
        .unwrap();
    assert!(file.lines().any(|l| l.contains("golden retriever")));
    let res = admin
        .post_form(
            "/office/gate",
            "/office/gate/rules/import",
            &[("text", r#"{"pattern":"puppies","match":"word","category":null,"action":"block","score":20}"#)],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(check(&draft).await["verdict"]["action"], "reject");
    // Every change is on the audit log page.
    let audit = admin
        .get("/office/audit?subject=gate")
        .await
        .text()
        .await
        .unwrap();
    for action in ["gate.rule.add", "gate.config.set"] {
        assert!(audit.contains(action), "{action}");
    }
}

async fn a_rejected_phone_number_is_recognised_in_the_next_ad(db: Db) {
    let app = TestApp::spawn(db).await;
    let scammer = app.verified_user("scammer@example.com").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let mut body = ad_body("vehicles", "Toyota Hilux 2018, low mileage");
    body["description"] = json!(
        "One owner, full service history. I am working abroad so my agent will deliver it after payment."
    );
    body["price"] = json!(285_000);
    body["contact_phone"] = json!("+27 82 555 0199");
    let created: Value = scammer
        .post_json("/api/v1/ads", body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["status"], "pending_review");
    let id = created["id"].as_i64().unwrap();
    let res = moderator
        .post_form("/office/held", &format!("/office/held/{id}/reject"), &[])
        .await;
    assert_eq!(res.status(), 303);
    // A new account, a harmless text, the same number written differently.
    let other = app.verified_user("fresh@example.com").await;
    let mut body = ad_body("electronics", "Samsung fridge, works well");
    body["contact_phone"] = json!("082-555-0199");
    let res: Value = other
        .post_json("/api/v1/ads", body)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        reasons(&res).contains(&"rejected_contact".to_owned()),
        "{res}"
    );
    assert_eq!(res["status"], "pending_review");
}

async fn prices_far_below_the_categorys_usual_range_count_against_an_ad(db: Db) {
    let app = TestApp::spawn(db).await;
    let seller = app.verified_user("dealer@example.com").await;
    // Live vehicle ads priced between R100 and R500,100.
    classifieds::ads::demo::seed_bulk(&app.state, 90)
        .await
        .unwrap();
    assert!(
        classifieds::ads::gatefeed::refresh_prices(&app.state)
            .await
            .unwrap()
            >= 1,
        "vehicles have enough live ads to say what is normal"
    );
    let check = |price: f64| json!({"category": "vehicles", "title": "Toyota Corolla 2016", "description": "Runs well, new tyres, licence paid, viewing in Pretoria.", "price": price, "location": "Pretoria"});
    let cheap: Value = seller
        .post_json("/api/v1/spam/check", check(2_000.0))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        reasons(&cheap).contains(&"price_outlier".to_owned()),
        "{cheap}"
    );
    let normal: Value = seller
        .post_json("/api/v1/spam/check", check(160_000.0))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        !reasons(&normal).contains(&"price_outlier".to_owned()),
        "{normal}"
    );
}

async fn sign_ups_pass_the_gate(db: Db) {
    let app = TestApp::spawn(db).await;
    let res = app
        .client()
        .post_json("/api/v1/auth/register", json!({"email": "pills@example.com", "password": "correct horse battery", "display_name": "Cheap Viagra Online"}))
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "rejected_by_gate");
    assert!(
        app.smtp.for_address("pills@example.com").is_empty(),
        "no account, no mail"
    );
    let c = app.client();
    let res = c
        .post_form(
            "/register",
            "/register",
            &[
                ("display_name", "Viagra Sales"),
                ("email", "pills2@example.com"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("cannot be created") && html.contains("Viagra"),
        "the form says why"
    );
    assert!(
        html.contains("value=\"pills2@example.com\""),
        "and keeps what was typed"
    );
    assert_eq!(verdict_count(&app).await, 2);
    app.verified_user("fine@example.com").await;
    assert_eq!(
        verdict_count(&app).await,
        3,
        "accepted sign-ups are on record too"
    );
}

async fn moderator_decisions_teach_the_classifier(db: Db) {
    let app = TestApp::spawn(db).await;
    let seller = app.verified_user("seller@example.com").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let admin = app.staff("admin@example.com", "admin").await;
    // Hold everything so the moderator decides.
    let mut cfg = admin.json("/api/v1/office/gate/config").await;
    cfg["hold_threshold"] = json!(-100.0);
    admin
        .http
        .put(admin.url("/api/v1/office/gate/config"))
        .json(&cfg)
        .send()
        .await
        .unwrap();
    let mut cfg = admin.json("/api/v1/office/gate/config").await;
    let mut ids = Vec::new();
    for i in 0..3 {
        let mut b = ad_body("services", &format!("Quantum crystal healing session {i}"));
        b["description"] = json!("Quantum crystal healing removes all illness, book your session.");
        let created: Value = seller
            .post_json("/api/v1/ads", b)
            .await
            .json()
            .await
            .unwrap();
        ids.push(created["id"].as_i64().unwrap());
    }
    let probe = antispam::Submission::ad(
        "Quantum crystal healing",
        "Quantum crystal healing removes all illness.",
        Some("services"),
    );
    let p = |m: &antispam::Model| {
        m.probability("Quantum crystal healing\nQuantum crystal healing removes all illness.")
    };
    assert!(
        classifieds::gate::store::site_model(&app.state.db)
            .await
            .unwrap()
            .is_none(),
        "a fresh site has no model of its own"
    );
    for id in &ids {
        let res = moderator
            .post_form("/office/held", &format!("/office/held/{id}/reject"), &[])
            .await;
        assert_eq!(res.status(), 303);
    }
    assert_eq!(
        classifieds::gate::learn::apply(&app.state).await.unwrap(),
        3
    );
    assert_eq!(
        classifieds::gate::learn::apply(&app.state).await.unwrap(),
        0,
        "each example is learnt once"
    );
    let models = admin.json("/api/v1/office/gate/models").await;
    let active = models
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["active"] == true)
        .unwrap();
    assert_eq!(active["source"], "feedback");
    assert_eq!(active["version"], 1);
    let (_, learnt) = classifieds::gate::store::site_model(&app.state.db)
        .await
        .unwrap()
        .expect("the site's own model");
    assert_eq!(
        learnt.documents(),
        (0, 3),
        "the site's model learnt the rejections"
    );
    // Three examples are too few to speak: the shipped model alone judges.
    let gate = classifieds::gate::gate(&app.state).unwrap();
    assert_eq!(gate.site_model_trust(), 0.0);
    let v = gate.check(&probe);
    assert!(
        v.signal("classifier")
            .is_none_or(|s| s.evidence.contains("shipped") && !s.evidence.contains("site model")),
        "{}",
        v.explain()
    );
    // Once it has learnt enough of both kinds (here: an admin asks for little), its
    // voice counts.
    cfg["min_learned"] = json!(2);
    cfg["hold_threshold"] = json!(5.0);
    admin
        .http
        .put(admin.url("/api/v1/office/gate/config"))
        .json(&cfg)
        .send()
        .await
        .unwrap();
    for text in [
        "Solid oak table",
        "Kids bicycle, good condition",
        "Garden chairs, set of four",
    ] {
        classifieds::gate::learn::queue(&app.state.db, text, false, "approve", None)
            .await
            .unwrap();
    }
    assert_eq!(
        classifieds::gate::learn::apply(&app.state).await.unwrap(),
        3
    );
    let (_, learnt) = classifieds::gate::store::site_model(&app.state.db)
        .await
        .unwrap()
        .expect("the site's own model");
    assert!(
        p(&learnt) > 0.5,
        "the site's model learnt what was rejected"
    );
    assert!(
        learnt.probability("Solid oak table") < 0.5,
        "and what was approved"
    );
    assert!(gate.site_model_trust() > 0.5, "{}", gate.site_model_trust());
    let v = gate.check(&probe);
    assert!(
        v.signal("classifier")
            .unwrap()
            .evidence
            .contains("site model"),
        "{}",
        v.explain()
    );
}

/// The reason codes a writer was told.
fn reasons(v: &Value) -> Vec<String> {
    v["verdict"]["reasons"]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|r| r["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// What the writer sees holds no scores, rule names, model versions or other ads.
fn assert_no_internals(v: &Value) {
    let text = v.to_string();
    for internal in [
        "\"score\"",
        "\"signals\"",
        "evidence",
        "matched rule",
        "model v",
        "p=",
        "distance",
    ] {
        assert!(!text.contains(internal), "{internal} leaked: {text}");
    }
}

async fn admins_change_rules_and_thresholds_while_the_site_runs(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let seller = app.verified_user("seller@example.com").await;
    let rule = json!({"pattern": "lucky bamboo", "match": "phrase", "category": "home-garden", "action": "block", "score": 10});
    assert_eq!(
        moderator
            .post_json("/api/v1/office/rules", rule.clone())
            .await
            .status(),
        403
    );
    assert_eq!(
        app.client()
            .post_json("/api/v1/office/rules", rule.clone())
            .await
            .status(),
        401
    );
    let res = admin.post_json("/api/v1/office/rules", rule).await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let bad = json!({"pattern": "([unclosed", "match": "regex", "category": null, "action": "hold", "score": 4});
    assert_eq!(
        admin.post_json("/api/v1/office/rules", bad).await.status(),
        422,
        "a rule that cannot compile is refused"
    );
    // The new rule holds at once, only in its category, and through obfuscation.
    let mut garden = ad_body("home-garden", "Lucky b a m b o o plants");
    garden["description"] = json!("Healthy lucky bamboo in pots, collection only.");
    let res = seller.post_json("/api/v1/ads", garden).await;
    assert_eq!(res.status(), 422);
    let mut elsewhere = ad_body("services", "Lucky bamboo garden design");
    elsewhere["description"] = json!("We design gardens with lucky bamboo and more.");
    assert_eq!(
        seller.post_json("/api/v1/ads", elsewhere).await.status(),
        201,
        "other categories are not affected"
    );
    assert_eq!(
        admin
            .delete(&format!("/api/v1/office/rules/{id}"))
            .await
            .status(),
        204
    );
    let mut again = ad_body("home-garden", "Lucky bamboo plants");
    again["description"] = json!("Healthy lucky bamboo in pots, collection only.");
    assert_eq!(
        seller.post_json("/api/v1/ads", again).await.status(),
        201,
        "removing the rule lifts it"
    );
    // Thresholds change at run time: with a hold threshold of -100 every ad is held.
    let mut cfg = admin.json("/api/v1/office/gate/config").await;
    cfg["hold_threshold"] = json!(-100.0);
    assert_eq!(
        admin
            .http
            .put(admin.url("/api/v1/office/gate/config"))
            .json(&cfg)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let res = seller
        .post_json("/api/v1/ads", ad_body("pets", "Bird cage for sale"))
        .await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["status"],
        "pending_review"
    );
    cfg["hold_threshold"] = json!(50.0);
    cfg["reject_threshold"] = json!(10.0);
    let res = admin
        .http
        .put(admin.url("/api/v1/office/gate/config"))
        .json(&cfg)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        422,
        "a hold threshold above the reject threshold is refused"
    );
    // Every change is on the record: who, what, before and after.
    let me = admin.json("/api/v1/me").await["id"].as_i64().unwrap();
    let log = admin
        .json(&format!("/api/v1/office/audit?subject=gate_rule:{id}"))
        .await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["gate.rule.delete", "gate.rule.add"], "{log}");
    assert!(log.as_array().unwrap().iter().all(|e| e["actor_id"] == me));
    assert!(log[0]["before"].as_str().unwrap().contains("lucky bamboo"));
    let cfg_log = admin.json("/api/v1/office/audit?subject=gate_config").await;
    let change = cfg_log
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["actor_id"] == me)
        .expect("the admin's change");
    assert!(
        change["after"].as_str().unwrap().contains("-100"),
        "{change}"
    );
    assert_eq!(moderator.get("/api/v1/office/audit").await.status(), 403);
}

async fn a_bad_model_is_rolled_back(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let models = admin.json("/api/v1/office/gate/models").await;
    assert!(
        models.as_array().unwrap().is_empty(),
        "a fresh site stores no model: the shipped one is built in"
    );
    let save = async |m: &antispam::Model| {
        classifieds::gate::store::save_model(&app.state.db, m, "test", None)
            .await
            .unwrap();
        classifieds::gate::gate(&app.state)
            .unwrap()
            .refresh(&app.state.db)
            .await
            .unwrap();
    };
    // A sound model the site trained (enough examples of both kinds to count in full),
    // then one trained on nonsense: everything about tables is spam.
    let mut good = antispam::Model::new();
    let mut bad = antispam::Model::new();
    for i in 0..250 {
        good.learn(&format!("solid oak dining table {i}"), false);
        good.learn(&format!("online casino bonus {i}"), true);
        bad.learn(&format!("solid oak dining table chairs {i}"), true);
        bad.learn(&format!("zzz qqq xxx {i}"), false);
    }
    save(&good).await;
    save(&bad).await;
    let probe = antispam::Submission::ad(
        "Solid oak dining table",
        "Solid oak dining table with chairs",
        Some("home-garden"),
    );
    let gate = classifieds::gate::gate(&app.state).unwrap();
    let with_bad = gate.check(&probe);
    assert!(
        with_bad.signal("classifier").unwrap().score > 0.0,
        "the bad model flags tables: {}",
        with_bad.explain()
    );
    assert_eq!(
        admin
            .post_empty("/api/v1/office/gate/models/1/activate")
            .await
            .status(),
        204
    );
    let with_good = gate.check(&probe);
    assert_eq!(
        with_good.action,
        antispam::Action::Accept,
        "{}",
        with_good.explain()
    );
    assert!(with_good.signal("classifier").unwrap().score < 0.0);
    assert_eq!(
        admin
            .post_empty("/api/v1/office/gate/models/99/activate")
            .await
            .status(),
        404
    );
}

async fn verdict_count(app: &TestApp) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let row = app
        .state
        .db
        .query_one_raw(Statement::from_string(
            app.state.db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM gate_verdicts",
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

async fn a_refused_ad_says_why_and_is_not_stored(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("spammer@example.com").await;
    let mut body = ad_body("electronics", "Cheap V1agra pills for sale");
    body["description"] = json!("Buy cheap v.i.a.g.r.a online, discreet delivery to your door.");
    let res = c.post_json("/api/v1/ads", body).await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"], "rejected_by_gate");
    assert_eq!(err["verdict"]["action"], "reject");
    let keyword = err["verdict"]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["code"] == "keyword")
        .expect("the keyword reason");
    assert!(
        keyword["words"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w == "V1agra"),
        "the reason quotes the words as written: {keyword}"
    );
    assert_no_internals(&err);
    assert!(
        err["explanation"][0]
            .as_str()
            .unwrap()
            .contains("not allowed"),
        "{err}"
    );
    assert!(
        c.json("/api/v1/me/ads")
            .await
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing stored"
    );
    assert_eq!(
        verdict_count(&app).await,
        2,
        "the sign-up and the refusal are on record"
    );
}

async fn a_held_ad_waits_for_a_moderator(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("seller@example.com").await;
    let mut body = ad_body("vehicles", "Toyota Hilux 2018, low mileage");
    body["description"] = json!(
        "One owner, full service history. I am working abroad so my agent will deliver it after payment."
    );
    body["price"] = json!(285_000);
    let res = c.post_json("/api/v1/ads", body).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["status"], "pending_review");
    assert_eq!(created["verdict"]["action"], "hold");
    assert!(
        reasons(&created).contains(&"seller_abroad".to_owned()),
        "{created}"
    );
    assert_no_internals(&created);
    let (id, url) = (
        created["id"].as_i64().unwrap(),
        created["url"].as_str().unwrap().to_string(),
    );
    assert_eq!(
        app.client().get(&url).await.status(),
        404,
        "not public while held"
    );
    let own = c.get(&url).await.text().await.unwrap();
    assert!(
        own.contains("checked by a person"),
        "the owner is told it waits for review"
    );
    // Who may decide.
    let agent = app.staff("agent@example.com", "agent").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    assert_eq!(c.get("/office/held").await.status(), 403);
    assert_eq!(agent.get("/office/held").await.status(), 403);
    let page = moderator.get("/office/held").await.text().await.unwrap();
    assert!(
        page.contains("Toyota Hilux 2018") && page.contains("working abroad"),
        "the queue shows the ad and the reasons"
    );
    let res = c
        .post_form("/account", &format!("/office/held/{id}/approve"), &[])
        .await;
    assert_eq!(res.status(), 403, "an owner cannot approve their own ad");
    let res = moderator
        .post_form("/office/held", &format!("/office/held/{id}/approve"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.client().get(&url).await.status(),
        200,
        "approved ads go live"
    );
    assert_eq!(
        app.client().json(&format!("/api/v1/ads/{id}")).await["status"],
        "published"
    );
}

async fn the_pre_submission_check_judges_without_storing(db: Db) {
    let app = TestApp::spawn(db).await;
    let draft = json!({"title": "Work from home", "description": "No experience required, just pay the registration fee of R350 before you start", "category": "jobs"});
    // No oracle for anyone passing by.
    let anon = app.client();
    let res = anon.post_json("/api/v1/spam/check", draft.clone()).await;
    assert_eq!(res.status(), 401);
    let c = app.verified_user("checker@example.com").await;
    let res = c.post_json("/api/v1/spam/check", draft).await;
    assert_eq!(res.status(), 200);
    let out: Value = res.json().await.unwrap();
    assert_ne!(out["verdict"]["action"], "accept", "{out}");
    assert!(
        out["explanation"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l.as_str().unwrap().contains("registration fee")),
        "{out}"
    );
    assert_no_internals(&out);
    let res = c.post_json("/api/v1/spam/check", json!({"title": "Oak dining table", "description": "Solid oak, seats six, collection in Paarl.", "category": "home-garden", "price": 3200})).await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["verdict"]["action"],
        "accept"
    );
    assert_eq!(
        verdict_count(&app).await,
        1,
        "checks are not recorded (only the sign-up)"
    );
}

async fn a_refused_form_keeps_the_ad_and_lists_the_reasons(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("form-spam@example.com").await;
    let res = c
        .post_form(
            "/post",
            "/post",
            &[
                ("category", "community"),
                ("title", "Online casino bonus"),
                (
                    "description",
                    "Join the best online casino today, huge bonus for new players!",
                ),
                ("location", "Durban"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("cannot be published as it is"));
    assert!(
        html.contains("online casino"),
        "the reason quotes the words"
    );
    assert!(
        html.contains("value=\"Online casino bonus\"")
            && html.contains("huge bonus for new players"),
        "nothing typed is lost"
    );
}

async fn edits_go_through_the_gate_too(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("editor@example.com").await;
    let res = c
        .post_json("/api/v1/ads", ad_body("electronics", "Samsung TV 55 inch"))
        .await;
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_i64().unwrap();
    let mut spam = ad_body("electronics", "Samsung TV 55 inch");
    spam["description"] = json!("Also selling cialis and viagra, message me.");
    let res = c.patch_json(&format!("/api/v1/ads/{id}"), spam).await;
    assert_eq!(res.status(), 422);
    let ad = c.json(&format!("/api/v1/ads/{id}")).await;
    assert_eq!(
        ad["status"], "published",
        "a refused edit leaves the ad as it was"
    );
    assert!(!ad["description"].as_str().unwrap().contains("cialis"));
}
