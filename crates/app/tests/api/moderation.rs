//! Reporting and the moderation office through the API: anonymous reports end to end,
//! one report per person and reason, weights and auto-hide, the queue and its
//! decisions, two moderators at once, appeals both ways with automatic undo, the
//! enforcement ladder, "remove spammer", rewards, and who may do what.

use serde_json::{Value, json};

use crate::db_tests;
use crate::support::{Client, Db, TestApp, ad_body};

db_tests!(
    an_anonymous_report_goes_end_to_end,
    one_report_per_person_and_ad,
    weighty_reports_hide_an_ad_and_fraud_alerts_moderators,
    two_moderators_cannot_both_decide,
    an_owner_appeals_a_removal_and_a_second_moderator_restores_it,
    a_reporter_appeals_no_action_and_the_ad_comes_down,
    strikes_climb_the_ladder_and_an_appeal_lifts_a_suspension,
    remove_spammer_takes_everything_down_at_once,
    good_reporters_earn_points_badges_and_a_place_on_the_board,
    held_ads_and_sign_ups_share_the_queue,
    claims_notes_and_bulk_decisions,
    each_role_reaches_only_its_own,
);

/// A published ad by a fresh seller; returns (seller, ad id, ad url).
async fn live_ad(app: &TestApp, email: &str, title: &str) -> (Client, i64, String) {
    let seller = app.verified_user(email).await;
    let mut body = ad_body("electronics", title);
    // A price that is not too good to be true for any of the items used here.
    body["price"] = json!(14_999);
    let res = seller.post_json("/api/v1/ads", body).await;
    assert_eq!(res.status(), 201);
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], "published", "{v}");
    (
        seller,
        v["id"].as_i64().unwrap(),
        v["url"].as_str().unwrap().to_string(),
    )
}

async fn report(c: &Client, ad: i64, reason: &str) -> reqwest::Response {
    c.post_json(
        &format!("/api/v1/ads/{ad}/reports"),
        json!({"reason": reason, "comment": "Looks wrong to me"}),
    )
    .await
}

/// The open queue item about an ad.
async fn item_for(m: &Client, ad: i64) -> Value {
    let q = m.json("/api/v1/office/queue").await;
    q["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["subject_id"] == ad && i["kind"].as_str().unwrap().ends_with("_ad"))
        .cloned()
        .unwrap_or_else(|| panic!("no queue item for ad {ad}: {q}"))
}

async fn decide(m: &Client, item: i64, body: Value) -> reqwest::Response {
    m.post_json(&format!("/api/v1/office/queue/{item}/decision"), body)
        .await
}

async fn notes_of(c: &Client) -> Vec<Value> {
    c.json("/api/v1/notifications").await["items"]
        .as_array()
        .unwrap()
        .clone()
}

async fn an_anonymous_report_goes_end_to_end(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_seller, ad, url) =
        live_ad(&app, "seller@example.com", "Brand new iPhone 15, sealed").await;
    let visitor = app.client_from("198.51.100.23");
    let res = visitor
        .post_json_raw(
            &format!("/api/v1/ads/{ad}/reports"),
            json!({"reason": "fraud"}),
            &[],
        )
        .await;
    assert_eq!(res.status(), 422, "anonymous reports need a CAPTCHA");
    let res = report(&visitor, ad, "fraud").await;
    assert_eq!(res.status(), 201);
    let r: Value = res.json().await.unwrap();
    let (id, code) = (
        r["id"].as_i64().unwrap(),
        r["tracking_code"].as_str().unwrap().to_string(),
    );
    assert!(r["review_by"].as_i64().unwrap() > 0);
    // Followed with the code only: no account, no name, no address stored.
    let status = visitor
        .json(&format!("/api/v1/reports/{id}?tracking_code={code}"))
        .await;
    assert_eq!(status["status"], "open");
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/reports/{id}"))
            .await
            .status(),
        404
    );
    assert_eq!(
        app.client()
            .get(&format!("/api/v1/reports/{id}?tracking_code=wrong"))
            .await
            .status(),
        404
    );
    let moderator = app.staff("mod@example.com", "moderator").await;
    let it = item_for(&moderator, ad).await;
    assert_eq!(it["kind"], "reported_ad");
    assert_eq!(it["severity"], 3);
    assert_eq!(it["subject"], "Brand new iPhone 15, sealed");
    let detail = moderator
        .json(&format!("/api/v1/office/queue/{}", it["id"]))
        .await;
    assert_eq!(detail["reports"][0]["reason"], "fraud");
    assert_eq!(detail["reports"][0]["reporter_id"], Value::Null);
    assert!(detail["verdict"]["action"].is_string(), "{detail}");
    let res = decide(
        &moderator,
        it["id"].as_i64().unwrap(),
        json!({"action": "reject", "reason": "fraud", "feedback": "This is a known fake listing."}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.client().get(&url).await.status(), 404, "the ad is down");
    let status = visitor
        .json(&format!("/api/v1/reports/{id}?tracking_code={code}"))
        .await;
    assert_eq!(status["status"], "upheld");
    assert_eq!(status["outcome"], "ad_removed");
    assert_eq!(status["outcome_note"], "This is a known fake listing.");
    let mails = app.smtp.wait_for("seller@example.com", 2).await;
    assert!(
        mails
            .iter()
            .any(|m| m.subject == "Your ad was removed" && m.body.contains("known fake listing"))
    );
}

async fn one_report_per_person_and_ad(db: Db) {
    let app = TestApp::spawn(db).await;
    let (seller, ad, _) = live_ad(&app, "seller@example.com", "Garden chairs, set of four").await;
    let reporter = app.verified_user("eyes@example.com").await;
    let first: Value = report(&reporter, ad, "spam").await.json().await.unwrap();
    let res = report(&reporter, ad, "spam").await;
    assert_eq!(res.status(), 200, "the second report updates the first");
    let second: Value = res.json().await.unwrap();
    assert_eq!(first["id"], second["id"]);
    assert_eq!(second["updated"], true);
    // Another reason from the same person is the same report: it keeps the stronger
    // reason (spam over a wrong category) and counts once.
    let res = report(&reporter, ad, "wrong_category").await;
    assert_eq!(res.status(), 200);
    let third: Value = res.json().await.unwrap();
    assert_eq!(third["id"], first["id"]);
    let r = reporter
        .json(&format!("/api/v1/reports/{}", first["id"]))
        .await;
    assert_eq!(r["reason"], "spam");
    assert_eq!(
        report(&seller, ad, "spam").await.status(),
        403,
        "nobody reports their own ad"
    );
    let moderator = app.staff("mod@example.com", "moderator").await;
    let it = item_for(&moderator, ad).await;
    let res = decide(
        &moderator,
        it["id"].as_i64().unwrap(),
        json!({"action": "approve", "feedback": "Nothing wrong here."}),
    )
    .await;
    assert_eq!(res.status(), 200);
    // Refused for 24 hours after the decision…
    let res = report(&reporter, ad, "spam").await;
    assert_eq!(res.status(), 409);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "already_decided"
    );
    // …unless the ad changed since.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    let mut body = ad_body("electronics", "Garden chairs, set of four");
    body["description"] =
        json!("Now with cushions. Sturdy garden chairs in good condition, collection only.");
    assert_eq!(
        seller
            .patch_json(&format!("/api/v1/ads/{ad}"), body)
            .await
            .status(),
        200
    );
    assert_eq!(report(&reporter, ad, "spam").await.status(), 201);
    let mine = reporter.json("/api/v1/me/reports").await;
    assert_eq!(mine["reports"].as_array().unwrap().len(), 2);
    assert_eq!(mine["record"]["decided"], 1);
    assert_eq!(mine["record"]["accuracy"], 0.0);
}

async fn weighty_reports_hide_an_ad_and_fraud_alerts_moderators(db: Db) {
    let app = TestApp::spawn_with(db, |c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let (seller, ad, url) = live_ad(
        &app,
        "seller@example.com",
        "Puppies for sale, pay deposit first",
    )
    .await;
    // Anonymous fraud: 3.0 × 0.4 = 1.2, below the 4.0 threshold.
    assert_eq!(
        report(&app.client_from("198.51.100.1"), ad, "fraud")
            .await
            .status(),
        201
    );
    assert_eq!(app.client().get(&url).await.status(), 200);
    let alerts = notes_of(&moderator).await;
    assert!(
        alerts.iter().any(|n| n["kind"] == "urgent_report"),
        "{alerts:?}"
    );
    // One logged-in fraud report (3.0) brings the weight to 4.2, but one person never
    // hides an ad alone.
    let reporter = app
        .verified_user_from("eyes@example.com", "203.0.113.7")
        .await;
    assert_eq!(report(&reporter, ad, "fraud").await.status(), 201);
    assert_eq!(app.client().get(&url).await.status(), 200, "one voice");
    // A second verified reporter on another network: hidden at once.
    let second = app
        .verified_user_from("second@example.com", "192.0.2.44")
        .await;
    assert_eq!(report(&second, ad, "fraud").await.status(), 201);
    assert_eq!(
        app.client().get(&url).await.status(),
        404,
        "hidden pending review"
    );
    let own: Value = seller.json(&format!("/api/v1/ads/{ad}")).await;
    assert_eq!(own["status"], "hidden");
    assert!(
        notes_of(&seller)
            .await
            .iter()
            .any(|n| n["kind"] == "notice-ad-hidden")
    );
    assert!(
        notes_of(&reporter)
            .await
            .iter()
            .any(|n| n["kind"] == "report_received")
    );
    let it = item_for(&moderator, ad).await;
    assert!((it["weight"].as_f64().unwrap() - 7.2).abs() < 1e-9, "{it}");
    // No action after all: the ad is back and both reporters are told.
    let res = decide(
        &moderator,
        it["id"].as_i64().unwrap(),
        json!({"action": "approve", "feedback": "The seller is verified."}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(app.client().get(&url).await.status(), 200);
    assert!(
        notes_of(&reporter)
            .await
            .iter()
            .any(|n| n["kind"] == "notice-report-outcome"
                && n["text"].as_str().unwrap().contains("no action was needed"))
    );
}

async fn two_moderators_cannot_both_decide(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, ad, _) = live_ad(&app, "seller@example.com", "Laptop bag, black").await;
    report(&app.verified_user("r@example.com").await, ad, "spam").await;
    let m1 = app.staff("m1@example.com", "moderator").await;
    let m2 = app.staff("m2@example.com", "moderator").await;
    let it = item_for(&m1, ad).await;
    let (id, version) = (it["id"].as_i64().unwrap(), it["version"].as_i64().unwrap());
    let body = |action: &str| json!({"action": action, "reason": "spam", "version": version});
    let (a, b) = tokio::join!(
        decide(&m1, id, body("reject")),
        decide(&m2, id, body("approve"))
    );
    let mut statuses = vec![a.status().as_u16(), b.status().as_u16()];
    statuses.sort();
    assert_eq!(statuses, vec![200, 409]);
    let loser = if a.status() == 409 { a } else { b };
    let v: Value = loser.json().await.unwrap();
    assert_eq!(v["error"], "already_decided");
    assert!(v["message"].as_str().unwrap().contains("first"));
    // Exactly one decision on the audit log.
    let admin = app.staff("admin@example.com", "admin").await;
    let audit = admin
        .json(&format!("/api/v1/office/audit?subject=queue:{id}"))
        .await;
    assert_eq!(audit.as_array().unwrap().len(), 1, "{audit}");
}

async fn an_owner_appeals_a_removal_and_a_second_moderator_restores_it(db: Db) {
    let app = TestApp::spawn(db).await;
    let (seller, ad, url) = live_ad(&app, "seller@example.com", "Vintage record player").await;
    let reporter = app.verified_user("r@example.com").await;
    report(&reporter, ad, "prohibited").await;
    let m1 = app.staff("m1@example.com", "moderator").await;
    let m2 = app.staff("m2@example.com", "moderator").await;
    let it = item_for(&m1, ad).await;
    decide(
        &m1,
        it["id"].as_i64().unwrap(),
        json!({"action": "reject", "reason": "prohibited"}),
    )
    .await;
    assert_eq!(app.client().get(&url).await.status(), 404);
    let appeal =
        json!({"subject": format!("ad:{ad}"), "text": "It is a record player, not a weapon."});
    assert_eq!(
        reporter
            .post_json("/api/v1/appeals", appeal.clone())
            .await
            .status(),
        404,
        "not theirs"
    );
    let res = seller.post_json("/api/v1/appeals", appeal.clone()).await;
    assert_eq!(res.status(), 201);
    let res = seller.post_json("/api/v1/appeals", appeal).await;
    assert_eq!(res.status(), 409, "once only");
    let q = m1.json("/api/v1/office/queue?kind=appeal").await;
    let item = q["items"][0]["id"].as_i64().unwrap();
    let res = decide(&m1, item, json!({"action": "approve", "feedback": "ok"})).await;
    assert_eq!(res.status(), 403, "not the moderator who decided");
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "same_moderator"
    );
    let res = decide(
        &m2,
        item,
        json!({"action": "approve", "feedback": "A record player is fine."}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.client().get(&url).await.status(),
        200,
        "restored by itself"
    );
    assert!(
        notes_of(&seller)
            .await
            .iter()
            .any(|n| n["kind"] == "notice-appeal-upheld")
    );
    assert!(
        notes_of(&reporter)
            .await
            .iter()
            .any(|n| n["kind"] == "notice-ad-restored-after-appeal")
    );
}

async fn a_reporter_appeals_no_action_and_the_ad_comes_down(db: Db) {
    let app = TestApp::spawn(db).await;
    let (seller, ad, url) = live_ad(&app, "seller@example.com", "Designer handbag, original").await;
    let reporter = app.verified_user("r@example.com").await;
    let r: Value = report(&reporter, ad, "fraud").await.json().await.unwrap();
    let m1 = app.staff("m1@example.com", "moderator").await;
    let m2 = app.staff("m2@example.com", "moderator").await;
    let it = item_for(&m1, ad).await;
    decide(
        &m1,
        it["id"].as_i64().unwrap(),
        json!({"action": "approve", "feedback": "Looks genuine."}),
    )
    .await;
    let status = reporter.json(&format!("/api/v1/reports/{}", r["id"])).await;
    assert_eq!(status["outcome"], "no_action");
    assert_eq!(status["can_appeal"], true);
    let res = reporter
        .post_json("/api/v1/appeals", json!({"subject": format!("report:{}", r["id"]), "text": "The serial number is fake, see photo 3."}))
        .await;
    assert_eq!(res.status(), 201);
    let q = m2.json("/api/v1/office/queue?kind=appeal").await;
    let item = q["items"][0]["id"].as_i64().unwrap();
    assert_eq!(
        decide(
            &m2,
            item,
            json!({"action": "approve", "feedback": "Confirmed fake."})
        )
        .await
        .status(),
        200
    );
    assert_eq!(app.client().get(&url).await.status(), 404);
    let status = reporter.json(&format!("/api/v1/reports/{}", r["id"])).await;
    assert_eq!(status["status"], "upheld");
    assert_eq!(status["can_appeal"], false);
    assert!(
        notes_of(&seller)
            .await
            .iter()
            .any(|n| n["kind"] == "notice-ad-removed")
    );
}

async fn strikes_climb_the_ladder_and_an_appeal_lifts_a_suspension(db: Db) {
    let app = TestApp::spawn(db).await;
    let offender = app.verified_user("offender@example.com").await;
    let me: Value = offender.json("/api/v1/me").await;
    let uid = me["id"].as_i64().unwrap();
    let m1 = app.staff("m1@example.com", "moderator").await;
    let m2 = app.staff("m2@example.com", "moderator").await;
    let agent = app.staff("agent@example.com", "agent").await;
    let act = |action: &str| json!({"action": action, "reason": "spam in messages"});
    let path = format!("/api/v1/office/users/{uid}/actions");
    assert_eq!(
        agent.post_json(&path, act("ban")).await.status(),
        403,
        "an agent cannot ban"
    );
    assert_eq!(offender.post_json(&path, act("warn")).await.status(), 403);
    assert_eq!(m1.post_json(&path, act("warn")).await.status(), 201);
    assert_eq!(m1.post_json(&path, act("strike")).await.status(), 201);
    assert_eq!(m1.post_json(&path, act("strike")).await.status(), 201);
    assert_eq!(
        offender.get("/api/v1/me").await.status(),
        200,
        "two strikes: still in"
    );
    let third: Value = m1
        .post_json(&path, act("strike"))
        .await
        .json()
        .await
        .unwrap();
    let suspension = third
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"] == "suspend")
        .cloned()
        .expect("the third strike in 90 days suspends by itself");
    assert_eq!(suspension["by_id"], Value::Null);
    let days = (suspension["until"].as_i64().unwrap() - suspension["created_at"].as_i64().unwrap())
        / 86_400;
    assert_eq!(days, 7);
    assert_eq!(
        offender.get("/api/v1/me").await.status(),
        401,
        "sessions end at once"
    );
    let login = json!({"email": "offender@example.com", "password": "correct horse battery"});
    let res = app
        .client()
        .post_json("/api/v1/auth/login", login.clone())
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "account_suspended"
    );
    let mails = app.smtp.wait_for("offender@example.com", 6).await;
    let mail = mails
        .iter()
        .find(|m| m.subject == "Your account is suspended")
        .expect("the suspension is mailed");
    // Suspended people cannot log in: the mail's link carries what lets them appeal.
    let link = crate::support::link_in(&mail.body, "/appeals/new");
    let query = link.split_once('?').unwrap().1;
    let param = |k: &str| {
        query
            .split('&')
            .find_map(|p| p.strip_prefix(&format!("{k}=")))
            .unwrap()
            .to_string()
    };
    let (subject, token) = (param("subject"), param("token"));
    let res = app
        .client()
        .post_json(
            "/api/v1/appeals",
            json!({"subject": subject, "text": "I was hacked.", "token": "forged"}),
        )
        .await;
    assert_eq!(res.status(), 401);
    let res = app
        .client()
        .post_json("/api/v1/appeals", json!({"subject": subject, "text": "I was hacked, the messages were not mine.", "token": token}))
        .await;
    assert_eq!(res.status(), 201);
    let history = m2.json(&format!("/api/v1/office/users/{uid}")).await;
    assert_eq!(history["status"], "suspended");
    assert_eq!(history["actions"].as_array().unwrap().len(), 5);
    let q = m2.json("/api/v1/office/queue?kind=appeal").await;
    let item = q["items"][0]["id"].as_i64().unwrap();
    let res = decide(
        &m2,
        item,
        json!({"action": "approve", "feedback": "Lifted: the account was compromised."}),
    )
    .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        app.client()
            .post_json("/api/v1/auth/login", login.clone())
            .await
            .status(),
        200,
        "back in"
    );
    // A ban ends the account for good (until an appeal says otherwise).
    assert_eq!(m2.post_json(&path, act("ban")).await.status(), 201);
    let res = app.client().post_json("/api/v1/auth/login", login).await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "account_banned"
    );
}

async fn remove_spammer_takes_everything_down_at_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let spammer = app.verified_user("spammer@example.com").await;
    let mut urls = Vec::new();
    for title in ["Cheap laptops wholesale", "Cheap phones wholesale"] {
        let mut body = ad_body("electronics", title);
        body["contact_phone"] = json!("+27 71 000 1234");
        let v: Value = spammer
            .post_json("/api/v1/ads", body)
            .await
            .json()
            .await
            .unwrap();
        urls.push(v["url"].as_str().unwrap().to_string());
    }
    let uid = spammer.json("/api/v1/me").await["id"].as_i64().unwrap();
    let m = app.staff("m@example.com", "moderator").await;
    let res = m
        .post_json(
            &format!("/api/v1/office/users/{uid}/actions"),
            json!({"action": "remove_spammer", "reason": "wholesale spam"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    for u in &urls {
        assert_eq!(app.client().get(u).await.status(), 404);
    }
    let h = m.json(&format!("/api/v1/office/users/{uid}")).await;
    assert_eq!(h["status"], "suspended");
    assert_eq!(h["ads"]["rejected"], 2);
    // The phone number is known now.
    let other = app.verified_user("other@example.com").await;
    let mut body = ad_body("electronics", "Kettle, barely used");
    body["contact_phone"] = json!("071 000 1234");
    let v: Value = other
        .post_json("/api/v1/spam/check", body)
        .await
        .json()
        .await
        .unwrap();
    assert!(
        v["verdict"]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["code"] == "rejected_contact"),
        "{v}"
    );
}

async fn good_reporters_earn_points_badges_and_a_place_on_the_board(db: Db) {
    let app = TestApp::spawn(db).await;
    let m = app.staff("m@example.com", "moderator").await;
    let reporter = app.verified_user("eagle@example.com").await;
    let (_, ad, _) = live_ad(&app, "s1@example.com", "Gold coins, 50% off").await;
    report(&reporter, ad, "fraud").await;
    let it = item_for(&m, ad).await;
    decide(
        &m,
        it["id"].as_i64().unwrap(),
        json!({"action": "reject", "reason": "fraud"}),
    )
    .await;
    let mine = reporter.json("/api/v1/me/reports").await;
    // 5 for an upheld report, 10 more for fraud caught on its first day.
    assert_eq!(mine["record"]["points"], 15);
    assert_eq!(mine["record"]["accuracy"], 1.0);
    assert_eq!(mine["record"]["badges"], json!(["first_catch"]));
    let board = app.client().json("/api/v1/leaderboard").await;
    assert_eq!(board[0]["points"], 15);
    assert_eq!(board[0]["name"], Value::Null, "no name without opting in");
    let res = reporter
        .http
        .put(reporter.url("/api/v1/me/leaderboard"))
        .json(&json!({"opt_in": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let board = app.client().json("/api/v1/leaderboard?period=all").await;
    assert_eq!(board[0]["name"], "Test User");
}

async fn held_ads_and_sign_ups_share_the_queue(db: Db) {
    let app = TestApp::spawn(db).await;
    let seller = app.verified_user("seller@example.com").await;
    let mut body = ad_body("vehicles", "Toyota Hilux 2018, low mileage");
    body["description"] = json!(
        "One owner, full service history. I am working abroad so my agent will deliver it after payment."
    );
    body["price"] = json!(285_000);
    let v: Value = seller
        .post_json("/api/v1/ads", body)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "pending_review");
    let ad = v["id"].as_i64().unwrap();
    let m = app.staff("m@example.com", "moderator").await;
    let q = m.json("/api/v1/office/queue?kind=held_ad").await;
    assert_eq!(q["counts"]["held_ad"], 1);
    let it = &q["items"][0];
    assert_eq!(it["subject_id"], ad);
    // Moved to the right category and approved in one decision.
    let res = decide(
        &m,
        it["id"].as_i64().unwrap(),
        json!({"action": "move", "category": "community", "reason": "wrong category"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let now: Value = seller.json(&format!("/api/v1/ads/{ad}")).await;
    assert_eq!(now["status"], "published");
    assert!(
        now["url"]
            .as_str()
            .unwrap()
            .starts_with("/classifieds/community/")
    );
    let q = m.json("/api/v1/office/queue?kind=held_ad").await;
    assert_eq!(q["items"].as_array().unwrap().len(), 0);
}

async fn claims_notes_and_bulk_decisions(db: Db) {
    let app = TestApp::spawn(db).await;
    let reporter = app.verified_user("r@example.com").await;
    let mut ads = Vec::new();
    for i in 0..3 {
        let (_, ad, _) = live_ad(
            &app,
            &format!("s{i}@example.com"),
            &format!("Miracle pills pack {i}"),
        )
        .await;
        report(&reporter, ad, "spam").await;
        ads.push(ad);
    }
    let m1 = app.staff("m1@example.com", "moderator").await;
    let m2 = app.staff("m2@example.com", "moderator").await;
    let first = item_for(&m1, ads[0]).await["id"].as_i64().unwrap();
    assert_eq!(
        m1.post_empty(&format!("/api/v1/office/queue/{first}/claim"))
            .await
            .status(),
        200
    );
    assert_eq!(
        m2.post_empty(&format!("/api/v1/office/queue/{first}/claim"))
            .await
            .status(),
        409
    );
    let res = m1
        .post_json(
            &format!("/api/v1/office/queue/{first}/notes"),
            json!({"body": "Same wording as last week's wave."}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let detail = m2.json(&format!("/api/v1/office/queue/{first}")).await;
    assert_eq!(
        detail["notes"][0]["body"],
        "Same wording as last week's wave."
    );
    let mine = m1.json("/api/v1/office/queue?mine=true").await;
    assert_eq!(mine["items"].as_array().unwrap().len(), 1);
    let mut ids = Vec::new();
    for ad in &ads {
        ids.push(item_for(&m1, *ad).await["id"].as_i64().unwrap());
    }
    decide(&m2, ids[2], json!({"action": "approve"})).await;
    let res = m1
        .post_json(
            "/api/v1/office/queue/bulk",
            json!({"ids": ids, "action": "reject", "reason": "spam"}),
        )
        .await;
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["decided"], json!([ids[0], ids[1]]));
    assert_eq!(v["conflicts"], json!([ids[2]]));
    // The reporter never sees the private note.
    let mine = reporter.json("/api/v1/me/reports").await;
    assert!(!mine.to_string().contains("last week's wave"));
}

async fn each_role_reaches_only_its_own(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, ad, _) = live_ad(&app, "seller@example.com", "Bicycle pump").await;
    let alice = app.verified_user("alice@example.com").await;
    let bob = app.verified_user("bob@example.com").await;
    let r: Value = report(&alice, ad, "spam").await.json().await.unwrap();
    let id = r["id"].as_i64().unwrap();
    assert_eq!(
        alice.get(&format!("/api/v1/reports/{id}")).await.status(),
        200
    );
    assert_eq!(
        bob.get(&format!("/api/v1/reports/{id}")).await.status(),
        404,
        "another user's report"
    );
    assert_eq!(app.client().get("/api/v1/office/queue").await.status(), 401);
    assert_eq!(alice.get("/api/v1/office/queue").await.status(), 403);
    let agent = app.staff("agent@example.com", "agent").await;
    assert_eq!(agent.get("/api/v1/office/queue").await.status(), 403);
    let moderator = app.staff("mod@example.com", "moderator").await;
    assert_eq!(moderator.get("/api/v1/office/queue").await.status(), 200);
    assert_eq!(
        moderator
            .get("/api/v1/office/moderation/config")
            .await
            .status(),
        403
    );
    let admin = app.staff("admin@example.com", "admin").await;
    let mut cfg = admin.json("/api/v1/office/moderation/config").await;
    cfg["hide_threshold"] = json!(0);
    assert_eq!(
        admin
            .put_json("/api/v1/office/moderation/config", cfg)
            .await
            .status(),
        422
    );
    let it = item_for(&moderator, ad).await["id"].as_i64().unwrap();
    let res = decide(&moderator, it, json!({"action": "reject"})).await;
    assert_eq!(res.status(), 422, "a removal needs a reason");
    let res = decide(&moderator, it, json!({"action": "explode", "reason": "x"})).await;
    assert_eq!(res.status(), 422);
}

db_tests!(the_pages_carry_a_report_from_the_button_to_the_outcome);

/// The value of `data-…` on the element that has it, in a page.
fn marked(page: &str, attr: &str) -> String {
    let start = page.find(attr).unwrap_or_else(|| panic!("{attr} in page"));
    let rest = &page[start..];
    let gt = rest.find('>').unwrap() + 1;
    rest[gt..].split('<').next().unwrap().trim().to_string()
}

async fn the_pages_carry_a_report_from_the_button_to_the_outcome(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, ad, url) = live_ad(&app, "seller@example.com", "Concert tickets, front row").await;
    let visitor = app.client_from("198.51.100.50");
    let page = visitor.get(&url).await.text().await.unwrap();
    assert!(
        page.contains(&format!("href=\"/ads/{ad}/report\"")),
        "a Report button"
    );
    // Step one: a reason is required; the form comes back.
    let form = format!("/ads/{ad}/report");
    let res = visitor.post_form(&form, &form, &[("comment", "odd")]).await;
    let text = res.text().await.unwrap();
    assert!(text.contains("id=\"reason-error\""));
    assert!(text.contains(">odd</textarea>"));
    // Step two shows what will be sent, and only then sends it.
    let res = visitor
        .post_form(
            &form,
            &form,
            &[("reason", "fraud"), ("comment", "Same tickets sold twice")],
        )
        .await;
    let confirm = res.text().await.unwrap();
    assert!(confirm.contains("Please check your report"));
    assert!(confirm.contains("Same tickets sold twice"));
    assert_eq!(app.client().get("/api/v1/office/queue").await.status(), 401);
    let mut fields = crate::support::form_guard(&confirm);
    fields.push(("_csrf".into(), crate::support::csrf_in(&confirm)));
    for (k, v) in [
        ("reason", "fraud"),
        ("comment", "Same tickets sold twice"),
        ("confirm", "1"),
    ] {
        fields.push((k.into(), v.into()));
    }
    let res = visitor
        .http
        .post(visitor.url(&form))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let done = res.text().await.unwrap();
    assert!(done.contains("Thank you for your report"));
    let code = marked(&done, "data-tracking-code");
    assert_eq!(code.len(), 12);
    let status_link = done
        .split("href=\"")
        .find(|s| s.starts_with("/reports/"))
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .replace("&amp;", "&");
    let status = visitor.get(&status_link).await.text().await.unwrap();
    assert!(status.contains("data-report-status=\"open\""));
    // The moderator works from the queue page.
    let m = app.staff("mod@example.com", "moderator").await;
    let queue = m.get("/office/queue").await.text().await.unwrap();
    assert!(queue.contains("Concert tickets, front row"));
    let item = item_for(&m, ad).await["id"].as_i64().unwrap();
    let detail = m
        .get(&format!("/office/queue/{item}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(detail.contains("Same tickets sold twice"));
    let res = m
        .post_form(
            &format!("/office/queue/{item}"),
            &format!("/office/queue/{item}/decision"),
            &[("action", "reject"), ("reason", "fraud"), ("feedback", "")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let status = visitor.get(&status_link).await.text().await.unwrap();
    assert!(status.contains("data-report-outcome=\"ad_removed\""));
    assert!(
        status.contains("signs of fraud"),
        "the reason's standard text"
    );
    // The help guide is linked from the form and exists.
    assert_eq!(visitor.get("/help/report").await.status(), 200);
}
