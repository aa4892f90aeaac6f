//! The shield: CAPTCHA, honeypots and fill time, rate limits, IP blocks, trusted proxies,
//! automatic blocks, mail screening, the record, and who may change what. These tests run
//! with the shield's real defaults (`spawn_strict_with`), and requests "from" other
//! addresses come through 127.0.0.1 as a trusted proxy.

use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::{Value, json};

use crate::db_tests;
use crate::support::{Client, Db, TestApp, csrf_in, form_guard, input_value};
use classifieds::accounts::entity::user;
use classifieds::shield::events;

async fn strict(db: Db) -> TestApp {
    TestApp::spawn_strict_with(db, |c| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        c.form_min_fill_ms = 0;
    })
    .await
}

fn signup(email: &str) -> Value {
    json!({"email": email, "password": "correct horse battery", "display_name": "Casey"})
}

async fn users_with(app: &TestApp, email: &str) -> u64 {
    user::Entity::find()
        .filter(user::Column::Email.eq(email))
        .count(&app.state.db)
        .await
        .unwrap()
}

async fn recorded(app: &TestApp, kind: &str) -> Vec<events::entity::Model> {
    events::flush(&app.state).await;
    let filter = events::Filter {
        kind: Some(kind.into()),
        ..Default::default()
    };
    events::list(&app.state.db, &filter, 1000).await.unwrap()
}

async fn set_config(admin: &Client, change: impl FnOnce(&mut Value)) {
    let mut cfg = admin.json("/api/v1/office/shield/config").await;
    change(&mut cfg);
    let res = admin.put_json("/api/v1/office/shield/config", cfg).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

db_tests!(
    signup_needs_a_solved_single_use_captcha,
    the_question_gets_a_person_without_javascript_through,
    bots_that_fill_the_honeypot_or_rush_get_a_fake_success,
    limits_throttle_with_retry_after_and_keep_what_was_typed,
    blocks_by_range_in_both_families_with_severity_and_expiry,
    forwarded_for_counts_only_from_a_trusted_proxy,
    repeat_offenders_are_blocked_automatically_for_longer_each_time,
    single_blocks_roll_up_into_a_range_with_an_admins_confirmation,
    blocklists_import_and_export,
    failed_logins_bring_a_captcha_never_a_lockout,
    sign_up_mail_screening_follows_the_admins_choices,
    only_the_right_staff_reach_the_shield,
    captcha_difficulty_follows_the_settings_and_the_person,
);

async fn captcha_difficulty_follows_the_settings_and_the_person(db: Db) {
    let app = strict(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let max = async |c: &Client| -> u64 {
        c.json("/api/v1/captcha?action=ad_post").await["max_number"]
            .as_u64()
            .unwrap()
    };
    let visitor = app.client_from("192.0.2.1");
    assert_eq!(max(&visitor).await, 50_000);
    assert_eq!(max(&admin).await, 5_000, "staff are trusted: a tenth");
    set_config(&admin, |c| c["captcha"]["difficulty"] = json!(20_000)).await;
    assert_eq!(
        max(&visitor).await,
        20_000,
        "an admin's change holds at once"
    );
    // An address with recent wrong answers gets four times the work.
    for _ in 0..3 {
        visitor
            .post_json_raw(
                "/api/v1/auth/register",
                signup("x@example.com"),
                &[("x-captcha", "a:b:c.d.e.1")],
            )
            .await;
    }
    assert_eq!(max(&visitor).await, 80_000);
    let res = visitor.get("/api/v1/captcha?action=launch_missiles").await;
    assert_eq!(res.status(), 422);
}

async fn signup_needs_a_solved_single_use_captcha(db: Db) {
    let app = strict(db).await;
    let c = app.client();
    let res = c
        .post_json_raw("/api/v1/auth/register", signup("a@example.com"), &[])
        .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert!(
        v["fields"]["captcha"]
            .as_str()
            .unwrap()
            .contains("answer the question"),
        "{v}"
    );

    let solved = c.solved_captcha("signup").await;
    let (token, n) = solved.rsplit_once('.').unwrap();
    let wrong = format!("{token}.{}", n.parse::<u64>().unwrap() + 1);
    let forged = solved.replacen(":50000:", ":10:", 1);
    let for_ads = c.solved_captcha("ad_post").await;
    for bad in [&wrong, &forged, &for_ads, &"garbage".to_string()] {
        let res = c
            .post_json_raw(
                "/api/v1/auth/register",
                signup("a@example.com"),
                &[("x-captcha", bad)],
            )
            .await;
        assert_eq!(res.status(), 422, "{bad}");
        let v: Value = res.json().await.unwrap();
        assert!(
            v["fields"]["captcha"]
                .as_str()
                .unwrap()
                .contains("not right"),
            "{v}"
        );
    }
    assert_eq!(users_with(&app, "a@example.com").await, 0);

    let res = c
        .post_json_raw(
            "/api/v1/auth/register",
            signup("a@example.com"),
            &[("x-captcha", &solved)],
        )
        .await;
    assert_eq!(res.status(), 201);
    // The same solution a second time is a replay, whoever sends it.
    let res = app
        .client()
        .post_json_raw(
            "/api/v1/auth/register",
            signup("b@example.com"),
            &[("x-captcha", &solved)],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(users_with(&app, "b@example.com").await, 0);
    let failures = recorded(&app, "captcha_failed").await;
    assert_eq!(failures.len(), 6, "missing, 4 wrong, 1 replay");
    assert!(
        failures
            .iter()
            .any(|e| e.rule.as_deref() == Some("replayed"))
    );
    assert!(failures.iter().all(|e| e.action == "signup"));
}

/// The two numbers of "What is 3 plus 4?" in a page.
fn question_sum(page: &str) -> u64 {
    let start = page.find("for=\"captcha_answer\">").unwrap();
    let label = &page[start..start + 80];
    label
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| !w.is_empty())
        .take(2)
        .map(|w| w.parse::<u64>().unwrap())
        .sum()
}

async fn the_question_gets_a_person_without_javascript_through(db: Db) {
    let app = strict(db).await;
    let c = app.client();
    let page = c.get("/register").await.text().await.unwrap();
    assert!(page.contains("<label for=\"captcha_answer\">"));
    let mut fields = vec![
        ("_csrf".to_string(), csrf_in(&page)),
        (
            "form_ts".to_string(),
            input_value(&page, "form_ts").unwrap(),
        ),
        (
            "captcha_qtoken".to_string(),
            input_value(&page, "captcha_qtoken").unwrap(),
        ),
        ("email".to_string(), "reader@example.com".to_string()),
        ("password".to_string(), "correct horse battery".to_string()),
        ("display_name".to_string(), "Screen Reader".to_string()),
    ];
    let sum = question_sum(&page);
    // A wrong answer: the form comes back filled, with a new question and the reason.
    fields.push(("captcha_answer".into(), (sum + 1).to_string()));
    let res = c
        .http
        .post(c.url("/register"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let again = res.text().await.unwrap();
    assert!(again.contains("value=\"reader@example.com\""));
    assert!(again.contains("not right"));
    assert!(again.contains("id=\"captcha-error\""));
    assert_eq!(users_with(&app, "reader@example.com").await, 0);

    let mut fields: Vec<(String, String)> = fields
        .into_iter()
        .filter(|(k, _)| !k.starts_with("captcha") && k != "_csrf" && k != "form_ts")
        .collect();
    fields.push(("_csrf".into(), csrf_in(&again)));
    fields.push(("form_ts".into(), input_value(&again, "form_ts").unwrap()));
    fields.push((
        "captcha_qtoken".into(),
        input_value(&again, "captcha_qtoken").unwrap(),
    ));
    fields.push(("captcha_answer".into(), question_sum(&again).to_string()));
    let res = c
        .http
        .post(c.url("/register"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(users_with(&app, "reader@example.com").await, 1);
}

async fn bots_that_fill_the_honeypot_or_rush_get_a_fake_success(db: Db) {
    let app = TestApp::spawn_strict_with(db, |c| c.form_min_fill_ms = 700).await;
    let c = app.client();
    let form = |page: &str, email: &str, honey: &str| {
        let mut f = form_guard(page);
        f.push(("_csrf".into(), csrf_in(page)));
        f.push(("email".into(), email.into()));
        f.push(("password".into(), "correct horse battery".into()));
        f.push(("display_name".into(), "Bot".into()));
        f.push(("website".into(), honey.into()));
        f
    };
    // Sent at once: faster than anyone types.
    let page = c.get("/register").await.text().await.unwrap();
    let res = c
        .http
        .post(c.url("/register"))
        .form(&form(&page, "rush@example.com", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let fake = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(fake, "/verify-email?notice=notice-verification-sent");
    // Slow enough, but the hidden field is filled.
    let page = c.get("/register").await.text().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let res = c
        .http
        .post(c.url("/register"))
        .form(&form(&page, "honey@example.com", "http://spam.example"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"].to_str().unwrap(), fake);
    // Without the signed time at all (a script posting straight to the URL).
    let page = c.get("/register").await.text().await.unwrap();
    let unsigned: Vec<(String, String)> = form(&page, "script@example.com", "")
        .into_iter()
        .filter(|(k, _)| k != "form_ts")
        .collect();
    let res = c
        .http
        .post(c.url("/register"))
        .form(&unsigned)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    for email in [
        "rush@example.com",
        "honey@example.com",
        "script@example.com",
    ] {
        assert_eq!(users_with(&app, email).await, 0, "{email} stored nothing");
    }
    assert_eq!(app.smtp.for_address("rush@example.com").len(), 0);
    // A person who takes their time gets the account.
    let page = c.get("/register").await.text().await.unwrap();
    tokio::time::sleep(std::time::Duration::from_millis(800)).await;
    let res = c
        .http
        .post(c.url("/register"))
        .form(&form(&page, "person@example.com", ""))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(users_with(&app, "person@example.com").await, 1);
    assert_eq!(recorded(&app, "too_fast").await.len(), 2);
    let honey = recorded(&app, "honeypot").await;
    assert_eq!(honey.len(), 1);
    assert_eq!(honey[0].action, "signup");
    assert_eq!(honey[0].ip.as_deref(), Some("127.0.0.1"));
}

async fn limits_throttle_with_retry_after_and_keep_what_was_typed(db: Db) {
    let app = strict(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    // New accounts get half: 4 becomes 2.
    set_config(&admin, |c| {
        c["limits"]["ad_post"]["short"]["limit"] = json!(4)
    })
    .await;
    let seller = app.verified_user("seller@example.com").await;
    for i in 0..2 {
        let res = seller
            .post_json(
                "/api/v1/ads",
                crate::support::ad_body("pets", &format!("Friendly kitten number {i}")),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let res = seller
        .post_json(
            "/api/v1/ads",
            crate::support::ad_body("pets", "Friendly kitten number 3"),
        )
        .await;
    assert_eq!(res.status(), 429);
    let retry: i64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=600).contains(&retry), "{retry}");
    assert_eq!(res.headers()["ratelimit-limit"], "2");
    assert_eq!(res.headers()["ratelimit-remaining"], "0");
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["error"], "too_many_requests");
    // The page form comes back as typed, with when to try again.
    let res = seller
        .post_form(
            "/post",
            "/post",
            &[
                ("category", "pets"),
                ("title", "Kitten I typed carefully"),
                (
                    "description",
                    "Playful and house trained, looking for a home.",
                ),
                ("price", "100"),
                ("currency", "ZAR"),
                ("location", "Durban"),
            ],
        )
        .await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    let page = res.text().await.unwrap();
    assert!(page.contains("value=\"Kitten I typed carefully\""));
    assert!(page.contains("Playful and house trained"));
    assert!(page.contains("try again in"));
    // Someone else, from another address, is not affected.
    let other = app
        .verified_user_from("other@example.com", "192.0.2.77")
        .await;
    let res = other
        .post_json(
            "/api/v1/ads",
            crate::support::ad_body("pets", "A calm old cat"),
        )
        .await;
    assert_eq!(res.status(), 201);
    // An admin raises the limit at run time: it holds at once.
    set_config(&admin, |c| {
        c["limits"]["ad_post"]["short"]["limit"] = json!(40)
    })
    .await;
    let res = seller
        .post_json(
            "/api/v1/ads",
            crate::support::ad_body("pets", "Friendly kitten number 3"),
        )
        .await;
    assert_eq!(res.status(), 201);
    let throttled = recorded(&app, "throttled").await;
    assert!(
        throttled
            .iter()
            .any(|e| e.rule.as_deref() == Some("ad_post:short"))
    );
}

async fn blocks_by_range_in_both_families_with_severity_and_expiry(db: Db) {
    let app = strict(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let add = |cidr: &str, severity: &str, expires: &str| json!({"cidr": cidr, "reason": "test block", "severity": severity, "expires": expires});
    let res = admin
        .post_json(
            "/api/v1/office/blocks",
            add("203.0.113.0/24", "no_posting", "24h"),
        )
        .await;
    assert_eq!(res.status(), 201);
    let bot = app.client_from("203.0.113.9");
    let res = bot
        .post_json("/api/v1/auth/register", signup("bot@example.com"))
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "address_blocked"
    );
    assert_eq!(
        bot.get("/").await.status(),
        200,
        "browsing is still allowed"
    );

    let res = admin
        .post_json(
            "/api/v1/office/blocks",
            add("2001:db8:dead::/48", "no_access", ""),
        )
        .await;
    assert_eq!(res.status(), 201);
    let inside = app.client_from("2001:db8:dead:1::5");
    assert_eq!(inside.get("/").await.status(), 403);
    let api = inside.get("/api/v1/categories").await;
    assert_eq!(api.status(), 403);
    assert_eq!(
        api.json::<Value>().await.unwrap()["error"],
        "address_blocked"
    );
    let page = inside.get("/classifieds").await.text().await.unwrap();
    assert!(page.contains("blocked"), "a page that says why");
    assert_eq!(
        app.client_from("2001:db8:beef::1").get("/").await.status(),
        200
    );

    // Approval: the account exists but waits for a moderator.
    admin
        .post_json(
            "/api/v1/office/blocks",
            add("198.51.100.7", "approval", "7d"),
        )
        .await;
    let held = app.client_from("198.51.100.7");
    let res = held
        .post_json("/api/v1/auth/register", signup("held@example.com"))
        .await;
    assert_eq!(res.status(), 201);
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["status"], "pending_approval");
    let login = json!({"email": "held@example.com", "password": "correct horse battery"});
    let res = held.post_json("/api/v1/auth/login", login.clone()).await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "account_pending_approval"
    );
    let moderator = app.staff("mod@example.com", "moderator").await;
    let pending: Value = moderator.json("/api/v1/office/signups").await;
    assert_eq!(pending[0]["email"], "held@example.com");
    assert_eq!(pending[0]["signup_ip"], "198.51.100.7");
    let id = me["id"].as_i64().unwrap();
    let decide = format!("/api/v1/office/signups/{id}/decision");
    let res = moderator
        .post_json(&decide, json!({"action": "approve"}))
        .await;
    assert_eq!(res.status(), 204);
    let res = moderator
        .post_json(&decide, json!({"action": "reject"}))
        .await;
    assert_eq!(res.status(), 409, "decided once");
    assert_eq!(
        held.post_json("/api/v1/auth/login", login).await.status(),
        200
    );
    let mails = app.smtp.wait_for("held@example.com", 2).await;
    assert!(mails.iter().any(|m| m.subject.contains("approved")));

    // Expiry: once its time is up the block no longer holds.
    app.sql("UPDATE ip_blocks SET expires_at = 1 WHERE cidr = '203.0.113.0/24'")
        .await;
    classifieds::shield::blocks::refresh(&app.state, true)
        .await
        .unwrap();
    let res = bot
        .post_json("/api/v1/auth/register", signup("bot@example.com"))
        .await;
    assert_eq!(res.status(), 201);
    let active: Value = admin.json("/api/v1/office/blocks").await;
    assert!(!active.to_string().contains("203.0.113.0/24"));
    let all: Value = admin.json("/api/v1/office/blocks?all=true&q=203.0").await;
    assert_eq!(all.as_array().unwrap().len(), 1);

    // Lifting.
    let res = admin
        .delete("/api/v1/office/blocks?cidr=2001:db8:dead::/48")
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(inside.get("/").await.status(), 200);
    let res = admin
        .delete("/api/v1/office/blocks?cidr=2001:db8:dead::/48")
        .await;
    assert_eq!(res.status(), 404);

    // Bad input is named by field.
    for (cidr, why) in [("nonsense", "cidr"), ("10.0.0.0/4", "cidr")] {
        let res = admin
            .post_json("/api/v1/office/blocks", add(cidr, "no_posting", ""))
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.json::<Value>().await.unwrap()["fields"][why].is_string());
    }
    let res = admin
        .post_json(
            "/api/v1/office/blocks",
            add("192.0.2.1", "sometimes", "3 weeks"),
        )
        .await;
    let v: Value = res.json().await.unwrap();
    assert!(v["fields"]["severity"].is_string() && v["fields"]["expires"].is_string());

    // The address's history has the block, the stop and the sign-up.
    events::flush(&app.state).await;
    let h: Value = moderator.json("/api/v1/office/addresses/203.0.113.9").await;
    assert_eq!(h["blocks"][0]["cidr"], "203.0.113.0/24");
    assert!(
        h["events"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "blocked")
    );
    assert_eq!(h["signups"][0][1], "bot@example.com");
    let page = moderator.get("/office/addresses/203.0.113.9").await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("203.0.113.0/24"));
    let access: Vec<_> = recorded(&app, "blocked").await;
    assert!(
        access
            .iter()
            .any(|e| e.action == "access" && e.rule.as_deref() == Some("2001:db8:dead::/48"))
    );
}

async fn forwarded_for_counts_only_from_a_trusted_proxy(db: Db) {
    let app = TestApp::spawn_strict_with(db, |c| c.form_min_fill_ms = 0).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let res = admin
        .post_json(
            "/api/v1/office/blocks",
            json!({"cidr": "203.0.113.0/24", "reason": "r", "severity": "no_access"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    // Nobody is trusted here, so the header is just a claim and changes nothing.
    let spoofer = app.client_from("203.0.113.9");
    assert_eq!(spoofer.get("/").await.status(), 200);
    // And a blocked visitor cannot hide behind a forged header either.
    admin
        .post_json(
            "/api/v1/office/blocks",
            json!({"cidr": "127.0.0.1", "reason": "r", "severity": "no_posting"}),
        )
        .await;
    let res = app
        .client_from("192.0.2.1")
        .post_json("/api/v1/auth/register", signup("hide@example.com"))
        .await;
    assert_eq!(res.status(), 403);
}

async fn repeat_offenders_are_blocked_automatically_for_longer_each_time(db: Db) {
    let app = strict(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    set_config(&admin, |c| {
        c["limits"]["signup"]["short"]["limit"] = json!(1);
        c["auto_block"]["offences"] = json!(3);
        c["auto_block"]["ladder_seconds"] = json!([3600, 86400]);
    })
    .await;
    let bot = app.client_from("192.0.2.50");
    let mut statuses = Vec::new();
    for i in 0..5 {
        let res = bot
            .post_json(
                "/api/v1/auth/register",
                signup(&format!("b{i}@example.com")),
            )
            .await;
        statuses.push(res.status().as_u16());
    }
    // One sign-up, three throttled (the third earns the block), then blocked.
    assert_eq!(statuses, vec![201, 429, 429, 429, 403]);
    let blocks: Value = admin.json("/api/v1/office/blocks?q=192.0.2.50").await;
    let b = &blocks[0];
    assert_eq!(b["source"], "auto");
    assert_eq!(b["severity"], "no_posting");
    let length = b["expires_at"].as_i64().unwrap() - b["created_at"].as_i64().unwrap();
    assert_eq!(length, 3600);
    // Served its time (lifted here), it offends again: the next block is longer.
    admin.delete("/api/v1/office/blocks?cidr=192.0.2.50").await;
    let res = bot
        .post_json("/api/v1/auth/register", signup("again@example.com"))
        .await;
    assert_eq!(res.status(), 429);
    let blocks: Value = admin.json("/api/v1/office/blocks?q=192.0.2.50").await;
    let b = &blocks[0];
    let length = b["expires_at"].as_i64().unwrap() - b["created_at"].as_i64().unwrap();
    assert_eq!(length, 86400);
    assert!(b["reason"].as_str().unwrap().contains("offence 2"));
    assert_eq!(recorded(&app, "auto_block").await.len(), 2);
}

async fn single_blocks_roll_up_into_a_range_with_an_admins_confirmation(db: Db) {
    let app = strict(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    for ip in [
        "198.51.100.1",
        "198.51.100.20",
        "198.51.100.77",
        "2001:db8::1",
    ] {
        let res = moderator
            .post_json(
                "/api/v1/office/blocks",
                json!({"cidr": ip, "reason": "spam wave", "expires": "7d"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let proposals: Value = moderator.json("/api/v1/office/blocks/rollups").await;
    assert_eq!(proposals.as_array().unwrap().len(), 1, "{proposals}");
    assert_eq!(proposals[0]["range"], "198.51.100.0/24");
    assert_eq!(proposals[0]["addresses"].as_array().unwrap().len(), 3);
    let body = json!({"range": "198.51.100.0/24"});
    let res = moderator
        .post_json("/api/v1/office/blocks/rollups", body.clone())
        .await;
    assert_eq!(res.status(), 403, "rolling up needs an admin");
    let res = admin.post_json("/api/v1/office/blocks/rollups", body).await;
    assert_eq!(res.status(), 201);
    let active: Value = admin.json("/api/v1/office/blocks").await;
    let cidrs: Vec<&str> = active
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["cidr"].as_str().unwrap())
        .collect();
    assert!(cidrs.contains(&"198.51.100.0/24"));
    assert!(!cidrs.contains(&"198.51.100.1"));
    assert!(cidrs.contains(&"2001:db8::1"));
    let proposals: Value = admin.json("/api/v1/office/blocks/rollups").await;
    assert_eq!(proposals.as_array().unwrap().len(), 0);
    let res = app
        .client_from("198.51.100.200")
        .post_json("/api/v1/auth/register", signup("wave@example.com"))
        .await;
    assert_eq!(res.status(), 403, "the whole range is blocked now");
}

async fn blocklists_import_and_export(db: Db) {
    let app = strict(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let text = "# shared list\n203.0.113.5\n\n198.51.100.0/24  # a bad network\n2001:db8:bad::/48\nnot an address\n10.0.0.0/3\n";
    let res = admin
        .post_json(
            "/api/v1/office/blocks/import",
            json!({"text": text, "expires": "7d", "reason": "partner list"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let r: Value = res.json().await.unwrap();
    assert_eq!(r["added"], 3);
    assert_eq!(r["skipped"], 2);
    assert_eq!(r["invalid"].as_array().unwrap().len(), 2);
    assert_eq!(r["invalid"][0][0], 6, "line numbers point at the bad lines");
    let res = admin.get("/api/v1/office/blocks/export").await;
    assert_eq!(res.status(), 200);
    let out = res.text().await.unwrap();
    for cidr in ["203.0.113.5", "198.51.100.0/24", "2001:db8:bad::/48"] {
        assert!(out.lines().any(|l| l.starts_with(cidr)), "{out}");
    }
    assert!(out.contains("partner list"));
    assert_eq!(
        app.client_from("2001:db8:bad:1::1")
            .post_json("/api/v1/auth/register", signup("x@example.com"))
            .await
            .status(),
        403
    );
}

async fn failed_logins_bring_a_captcha_never_a_lockout(db: Db) {
    let app = strict(db).await;
    app.verified_user("victim@example.com").await;
    let attacker = app.client_from("198.51.100.66");
    let wrong = json!({"email": "victim@example.com", "password": "guess guess guess"});
    for _ in 0..3 {
        let res = attacker
            .post_json_raw("/api/v1/auth/login", wrong.clone(), &[])
            .await;
        assert_eq!(res.status(), 401);
    }
    let res = attacker
        .post_json_raw("/api/v1/auth/login", wrong.clone(), &[])
        .await;
    assert_eq!(res.status(), 422, "a CAPTCHA is needed now");
    let page = attacker.get("/login").await.text().await.unwrap();
    assert!(page.contains("name=\"captcha_token\""));
    // The owner, elsewhere, is asked for a CAPTCHA too, and gets in with one.
    let owner = app.client_from("192.0.2.10");
    let right = json!({"email": "victim@example.com", "password": "correct horse battery"});
    let res = owner
        .post_json_raw("/api/v1/auth/login", right.clone(), &[])
        .await;
    assert_eq!(res.status(), 422);
    let res = owner.post_json("/api/v1/auth/login", right).await;
    assert_eq!(res.status(), 200, "never locked out");
    assert_eq!(recorded(&app, "login_failed").await.len(), 3);
}

async fn sign_up_mail_screening_follows_the_admins_choices(db: Db) {
    let app = strict(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let mut n = 0;
    let mut register = async |email: &str| -> (u16, Value) {
        n += 1;
        let res = app
            .client_from(&format!("192.0.2.{n}"))
            .post_json("/api/v1/auth/register", signup(email))
            .await;
        (res.status().as_u16(), res.json().await.unwrap())
    };
    let (s, v) = register("x@mailinator.com").await;
    assert_eq!(s, 422);
    assert!(
        v["fields"]["email"]
            .as_str()
            .unwrap()
            .contains("Throw-away")
    );
    assert_eq!(
        register("x@inbox.yopmail.com").await.0,
        422,
        "subdomains too"
    );
    let res = admin
        .post_json(
            "/api/v1/office/email-domains",
            json!({"kind": "blocked", "domains": ["spam-corp.example"]}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(register("a@mail.spam-corp.example").await.0, 422);
    let (s, v) = register("john.smith@gmail.com").await;
    assert_eq!((s, v["status"].as_str()), (201, Some("active")));
    let (s, v) = register("John.Smith+ads@googlemail.com").await;
    assert_eq!((s, v["status"].as_str()), (201, Some("pending_approval")));
    set_config(&admin, |c| {
        c["email"]["duplicate"] = json!("refuse");
        c["email"]["disposable"] = json!("approval");
    })
    .await;
    let (s, v) = register("j.o.h.n.smith@gmail.com").await;
    assert_eq!(s, 422);
    assert!(v["fields"]["email"].as_str().unwrap().contains("already"));
    let (s, v) = register("y@mailinator.com").await;
    assert_eq!((s, v["status"].as_str()), (201, Some("pending_approval")));
    let pending: Value = admin.json("/api/v1/office/signups").await;
    let reasons: Vec<&str> = pending
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        vec!["mail address: duplicate", "mail address: disposable"]
    );
    assert_eq!(recorded(&app, "email_refused").await.len(), 4);
    assert_eq!(recorded(&app, "email_held").await.len(), 2);
    let res = admin
        .delete("/api/v1/office/email-domains/spam-corp.example")
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(register("b@mail.spam-corp.example").await.0, 201);
}

async fn only_the_right_staff_reach_the_shield(db: Db) {
    let app = strict(db).await;
    let anon = app.client();
    let user = app.verified_user("user@example.com").await;
    let agent = app.staff("agent@example.com", "agent").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let admin = app.staff("admin@example.com", "admin").await;
    let block = json!({"cidr": "192.0.2.9", "reason": "r"});
    let import = json!({"text": "192.0.2.10"});
    assert_eq!(anon.get("/api/v1/office/blocks").await.status(), 401);
    for c in [&user, &agent] {
        assert_eq!(c.get("/api/v1/office/blocks").await.status(), 403);
        assert_eq!(
            c.post_json("/api/v1/office/blocks", block.clone())
                .await
                .status(),
            403
        );
        assert_eq!(c.get("/api/v1/office/shield/events").await.status(), 403);
        assert_eq!(c.get("/api/v1/office/signups").await.status(), 403);
        assert_eq!(c.get("/office/shield").await.status(), 403);
        assert_eq!(c.get("/office/blocks").await.status(), 403);
    }
    assert_eq!(moderator.get("/api/v1/office/blocks").await.status(), 200);
    assert_eq!(
        moderator
            .post_json("/api/v1/office/blocks", block.clone())
            .await
            .status(),
        201
    );
    assert_eq!(moderator.get("/office/shield").await.status(), 200);
    assert_eq!(moderator.get("/office/blocks").await.status(), 200);
    assert_eq!(
        moderator
            .post_json("/api/v1/office/blocks/import", import.clone())
            .await
            .status(),
        403
    );
    assert_eq!(
        moderator.get("/api/v1/office/shield/config").await.status(),
        403
    );
    assert_eq!(
        moderator
            .put_json("/api/v1/office/shield/config", json!({}))
            .await
            .status(),
        403
    );
    assert_eq!(
        admin
            .post_json("/api/v1/office/blocks/import", import)
            .await
            .status(),
        200
    );
    // Settings that make no sense are refused, field by field.
    let res = admin
        .put_json(
            "/api/v1/office/shield/config",
            json!({"limits": {"signup": {"short": {"limit": 0, "seconds": 60}, "long": {"limit": 5, "seconds": 60}}}, "captcha": {"difficulty": 0}}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert!(v["fields"]["limits.signup.short"].is_string());
    assert!(v["fields"]["captcha.difficulty"].is_string());
    // Every change is on the audit log.
    let audit: Value = admin.json("/api/v1/office/audit").await;
    let actions: Vec<&str> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"shield.block.add"), "{actions:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_instances_on_one_postgres_share_limits_and_blocks() {
    let tweak = |c: &mut classifieds::platform::config::Config| {
        c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
        c.form_min_fill_ms = 0;
    };
    let a = TestApp::spawn_strict_with(Db::Postgres, tweak).await;
    let admin = a.staff("admin@example.com", "admin").await;
    set_config(&admin, |c| {
        c["limits"]["signup"]["short"]["limit"] = json!(2)
    })
    .await;
    let b = a.another_instance(tweak).await;
    let ip = "203.0.113.44";
    let on_a = a.client_from(ip);
    let on_b = b.client_from(ip);
    let st = |r: reqwest::Response| r.status().as_u16();
    assert_eq!(
        st(on_a
            .post_json("/api/v1/auth/register", signup("1@example.com"))
            .await),
        201
    );
    assert_eq!(
        st(on_b
            .post_json("/api/v1/auth/register", signup("2@example.com"))
            .await),
        201
    );
    assert_eq!(
        st(on_b
            .post_json("/api/v1/auth/register", signup("3@example.com"))
            .await),
        429
    );
    assert_eq!(
        st(on_a
            .post_json("/api/v1/auth/register", signup("4@example.com"))
            .await),
        429
    );
    // A block added through instance A holds on instance B within seconds.
    let res = admin
        .post_json(
            "/api/v1/office/blocks",
            json!({"cidr": "198.51.100.0/24", "reason": "r", "severity": "no_access"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let probe = b.client_from("198.51.100.3");
    let mut status = 0;
    for _ in 0..50 {
        status = probe.get("/").await.status().as_u16();
        if status == 403 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, 403);
}

#[test]
fn the_block_command_adds_lists_exports_imports_and_removes() {
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_classifieds"))
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .arg("--no-demo")
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, out, err) = run(&[
        "block",
        "add",
        "203.0.113.0/24",
        "--reason",
        "card testing",
        "--expires",
        "7d",
        "--severity",
        "no-access",
    ]);
    assert!(ok, "{err}");
    assert!(
        out.contains("Blocked 203.0.113.0/24 (no_access) until"),
        "{out}"
    );
    let list = dir.path().join("list.txt");
    std::fs::write(&list, "# partner\n2001:db8::/32\nnot-an-ip\n").unwrap();
    let (ok, out, err) = run(&["block", "import", "--input", list.to_str().unwrap()]);
    assert!(ok, "{err}");
    assert!(out.contains("Added 1 blocks"), "{out}");
    assert!(err.contains("line 3"), "{err}");
    let (ok, out, _) = run(&["block", "list"]);
    assert!(ok);
    assert!(out.contains("203.0.113.0/24\tno_access\t"), "{out}");
    assert!(
        out.contains("2001:db8::/32\tno_posting\tpermanent\timport"),
        "{out}"
    );
    let (ok, out, _) = run(&["block", "export"]);
    assert!(ok);
    assert!(out.lines().any(|l| l.starts_with("203.0.113.0/24")));
    let (ok, out, _) = run(&["block", "remove", "203.0.113.0/24"]);
    assert!(ok);
    assert!(out.contains("Lifted"));
    let (ok, _, err) = run(&["block", "remove", "203.0.113.0/24"]);
    assert!(!ok);
    assert!(err.contains("no active block"), "{err}");
    let (ok, _, err) = run(&["block", "add", "203.0.113.9/24", "--reason", "x"]);
    assert!(!ok);
    assert!(err.contains("cidr"), "{err}");
}
