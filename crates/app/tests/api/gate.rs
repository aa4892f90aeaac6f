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
);

async fn verdict_count(app: &TestApp) -> i64 {
    use sea_orm::{ConnectionTrait, DbBackend, Statement};
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
    let _ = DbBackend::Sqlite;
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
    let keyword = err["verdict"]["signals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == "keyword")
        .expect("the keyword signal");
    assert!(
        keyword["evidence"].as_str().unwrap().contains("V1agra"),
        "evidence quotes the words as written: {keyword}"
    );
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
    assert_eq!(verdict_count(&app).await, 1, "the refusal is on record");
}

async fn a_held_ad_waits_for_a_moderator(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("seller@example.com").await;
    let mut body = ad_body("vehicles", "Toyota Hilux 2018, low mileage");
    body["description"] = json!(
        "I am abroad, the car is with my shipping agent. Pay by Western Union and he delivers."
    );
    let res = c.post_json("/api/v1/ads", body).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["status"], "pending_review");
    assert_eq!(created["verdict"]["action"], "hold");
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
        page.contains("Toyota Hilux 2018") && page.contains("Western Union"),
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
    let anon = app.client();
    let res = anon.post_json("/api/v1/spam/check", json!({"title": "Work from home", "description": "No experience required, just pay the registration fee", "category": "jobs"})).await;
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
    let res = anon.post_json("/api/v1/spam/check", json!({"title": "Oak dining table", "description": "Solid oak, seats six, collection in Paarl.", "category": "home-garden", "price": 3200})).await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["verdict"]["action"],
        "accept"
    );
    assert_eq!(verdict_count(&app).await, 0, "checks are not recorded");
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
