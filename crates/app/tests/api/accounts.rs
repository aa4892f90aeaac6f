//! Registration, verification, login, sessions, password and address changes, roles.

use serde_json::{Value, json};

use crate::db_tests;
use crate::support::{Db, TestApp, code_in, link_in};

db_tests!(
    registration_needs_a_verified_address_before_posting,
    verification_link_works_once_and_expired_links_say_so,
    registration_reports_every_bad_field_and_duplicates,
    login_does_not_reveal_which_addresses_have_accounts,
    new_codes_are_rate_limited,
    password_reset_by_mail_ends_every_session,
    changing_the_password_asks_for_the_current_one,
    a_new_address_must_confirm_before_it_replaces_the_old,
    one_reminder_goes_out_after_twelve_hours,
    admin_only_routes_check_the_role,
    wrong_codes_are_limited_per_code,
    a_password_reset_voids_older_mailed_links,
    missing_or_mistyped_json_fields_are_named,
    demo_accounts_never_go_into_a_configured_database,
);

async fn a_password_reset_voids_older_mailed_links(db: Db) {
    let app = TestApp::spawn(db).await;
    let attacker = app.verified_user("victim@example.com").await;
    // Someone who knows the password asks to move the account to their address…
    let res = attacker
        .post_json(
            "/api/v1/me/email",
            json!({"current_password": "correct horse battery", "new_email": "thief@example.com"}),
        )
        .await;
    assert_eq!(res.status(), 202);
    let change = app.smtp.wait_for("thief@example.com", 1).await.remove(0);
    let token = link_in(&change.body, "token=")
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    // …then the owner resets the password.
    let owner = app.client();
    owner
        .post_json(
            "/api/v1/auth/password-reset",
            json!({"email": "victim@example.com"}),
        )
        .await;
    let reset = app
        .smtp
        .wait_for("victim@example.com", 2)
        .await
        .pop()
        .unwrap();
    let reset_token = link_in(&reset.body, "/reset-password?token=")
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    let res = owner
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": reset_token, "password": "the owner's new passphrase"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    // The old change-of-address link is dead.
    let res = app
        .client()
        .post_json("/api/v1/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(res.status(), 400);
    let res = owner
        .post_json(
            "/api/v1/auth/login",
            json!({"email": "victim@example.com", "password": "the owner's new passphrase"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        owner.json("/api/v1/me").await["email"],
        "victim@example.com"
    );
}

async fn missing_or_mistyped_json_fields_are_named(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("json@example.com").await;
    let res = c.post_json("/api/v1/ads", json!({"category": "pets", "title": "Parrot cage", "description": "A large cage for a parrot or two."})).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["fields"]["location"], "This field is required.");
    let mut bad = crate::support::ad_body("pets", "Parrot cage");
    bad["price"] = json!("cheap");
    let res = c.post_json("/api/v1/ads", bad).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["fields"]["price"].is_string());
    assert_eq!(app.client().get("/api/v1/ads?page=abc").await.status(), 422);
    // Verifying an already verified address answers like a wrong code: no account oracle.
    let res = app
        .client()
        .post_json(
            "/api/v1/auth/verify-email",
            json!({"email": "json@example.com", "code": "123456"}),
        )
        .await;
    assert_eq!(res.status(), 422);
}

async fn demo_accounts_never_go_into_a_configured_database(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.demo = true).await;
    assert_eq!(app.client().json("/api/v1/ads").await["total"], 0);
    let res = app
        .client()
        .post_json(
            "/api/v1/auth/login",
            json!({"email": "admin@demo.saypro.local", "password": "demo-password-2026"}),
        )
        .await;
    assert_eq!(res.status(), 401);
    assert_eq!(
        app.client()
            .json("/api/v1/categories")
            .await
            .as_array()
            .unwrap()
            .len(),
        8,
        "categories are always seeded"
    );
}

async fn registration_needs_a_verified_address_before_posting(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let res = c.post_json("/api/v1/auth/register", json!({"email": "Nomsa@Example.com", "password": "correct horse battery", "display_name": "Nomsa"})).await;
    assert_eq!(res.status(), 201);
    let cookie = res
        .headers()
        .get("set-cookie")
        .expect("session cookie")
        .to_str()
        .unwrap()
        .to_string();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && cookie.contains("Max-Age=2592000"),
        "{cookie}"
    );
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["email"], "nomsa@example.com");
    assert_eq!(me["verified"], false);

    let res = c
        .post_json(
            "/api/v1/ads",
            crate::support::ad_body("vehicles", "Toyota Corolla 2015 for sale"),
        )
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "email_not_verified"
    );

    let mail = app.smtp.wait_for("nomsa@example.com", 1).await.remove(0);
    assert!(mail.subject.contains("Confirm"), "{}", mail.subject);
    let link = link_in(&mail.body, "/verify-email?token=");
    assert!(
        link.starts_with(&app.base),
        "link {link} points at the site"
    );
    let code = code_in(&mail.body);

    let wrong = if code == "000000" { "111111" } else { "000000" };
    let res = c
        .post_json(
            "/api/v1/auth/verify-email",
            json!({"email": "nomsa@example.com", "code": wrong}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.json::<Value>().await.unwrap()["fields"]["code"]
            .as_str()
            .is_some()
    );

    let res = c
        .post_json(
            "/api/v1/auth/verify-email",
            json!({"email": "NOMSA@example.com", "code": code}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(c.json("/api/v1/me").await["verified"], true);
    let res = c
        .post_json(
            "/api/v1/ads",
            crate::support::ad_body("vehicles", "Toyota Corolla 2015 for sale"),
        )
        .await;
    assert_eq!(res.status(), 201);
}

async fn verification_link_works_once_and_expired_links_say_so(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    c.post_json("/api/v1/auth/register", json!({"email": "link@example.com", "password": "correct horse battery", "display_name": "Link"})).await;
    let mail = app.smtp.wait_for("link@example.com", 1).await.remove(0);
    let token = link_in(&mail.body, "token=")
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();

    let res = c
        .post_json("/api/v1/auth/verify-email", json!({"token": "not-a-token"}))
        .await;
    assert_eq!(res.status(), 400);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "token_invalid");

    // The link is also a page: opening it confirms the address.
    let page = c.get(&format!("/verify-email?token={token}")).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("is confirmed"));
    // Opening it again is not an error.
    let res = c
        .post_json("/api/v1/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(res.status(), 200);

    // A second account whose link has run out.
    let c2 = app.client();
    c2.post_json("/api/v1/auth/register", json!({"email": "late@example.com", "password": "correct horse battery", "display_name": "Late"})).await;
    let mail = app.smtp.wait_for("late@example.com", 1).await.remove(0);
    let token = link_in(&mail.body, "token=")
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    app.sql("UPDATE email_tokens SET expires_at = expires_at - 86401")
        .await;
    let res = c2
        .post_json("/api/v1/auth/verify-email", json!({"token": token}))
        .await;
    assert_eq!(res.status(), 410);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "token_expired");
    let page = c2.get(&format!("/verify-email?token={token}")).await;
    assert_eq!(page.status(), 410);
    let html = page.text().await.unwrap();
    assert!(
        html.contains("has expired") && html.contains("/verify-email/resend"),
        "the expired page offers a new code"
    );
    // And the code from that mail has expired too.
    let res = c2
        .post_json(
            "/api/v1/auth/verify-email",
            json!({"email": "late@example.com", "code": code_in(&mail.body)}),
        )
        .await;
    assert_eq!(res.status(), 422);
}

async fn registration_reports_every_bad_field_and_duplicates(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let res = c
        .post_json(
            "/api/v1/auth/register",
            json!({"email": "not-an-email", "password": "short", "display_name": ""}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "validation_failed");
    for field in ["email", "password", "display_name"] {
        assert!(body["fields"][field].is_string(), "{field} in {body}");
    }
    assert!(body["message"].as_str().unwrap().len() > 5);
    let ok = json!({"email": "dup@example.com", "password": "correct horse battery", "display_name": "Dup"});
    assert_eq!(c.post_json("/api/v1/auth/register", ok).await.status(), 201);
    let res = c.post_json("/api/v1/auth/register", json!({"email": "DUP@example.com", "password": "another long password", "display_name": "Dup two"})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "email_taken");
    // Malformed JSON is a clear 4xx, not a crash.
    let res = c
        .http
        .post(c.url("/api/v1/auth/register"))
        .header("content-type", "application/json")
        .body("{nope")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert_eq!(res.json::<Value>().await.unwrap()["error"], "invalid_body");
}

async fn login_does_not_reveal_which_addresses_have_accounts(db: Db) {
    let app = TestApp::spawn(db).await;
    app.verified_user("known@example.com").await;
    let c = app.client();
    let unknown = c
        .post_json(
            "/api/v1/auth/login",
            json!({"email": "nobody@example.com", "password": "whatever password"}),
        )
        .await;
    let wrong = c
        .post_json(
            "/api/v1/auth/login",
            json!({"email": "known@example.com", "password": "wrong password!"}),
        )
        .await;
    assert_eq!(unknown.status(), 401);
    assert_eq!(wrong.status(), 401);
    assert_eq!(
        unknown.json::<Value>().await.unwrap(),
        wrong.json::<Value>().await.unwrap()
    );
    assert_eq!(c.get("/api/v1/me").await.status(), 401);
    let res = c
        .post_json(
            "/api/v1/auth/login",
            json!({"email": "Known@Example.com", "password": "correct horse battery"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(c.json("/api/v1/me").await["email"], "known@example.com");
    assert_eq!(c.post_empty("/api/v1/auth/logout").await.status(), 204);
    assert_eq!(c.get("/api/v1/me").await.status(), 401);
}

async fn new_codes_are_rate_limited(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    c.post_json("/api/v1/auth/register", json!({"email": "again@example.com", "password": "correct horse battery", "display_name": "Again"})).await;
    let res = c.post_empty("/api/v1/auth/resend-verification").await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "retry after {retry}");
    app.sql("UPDATE email_tokens SET created_at = created_at - 120")
        .await;
    assert_eq!(
        c.post_empty("/api/v1/auth/resend-verification")
            .await
            .status(),
        202
    );
    let mails = app.smtp.wait_for("again@example.com", 2).await;
    assert_ne!(code_in(&mails[0].body), "", "each mail carries a code");
    assert_eq!(
        app.client()
            .post_empty("/api/v1/auth/resend-verification")
            .await
            .status(),
        401
    );
}

async fn password_reset_by_mail_ends_every_session(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.verified_user("reset@example.com").await;
    let c = app.client();
    assert_eq!(
        c.post_json(
            "/api/v1/auth/password-reset",
            json!({"email": "ghost@example.com"})
        )
        .await
        .status(),
        202
    );
    assert_eq!(
        c.post_json(
            "/api/v1/auth/password-reset",
            json!({"email": "reset@example.com"})
        )
        .await
        .status(),
        202
    );
    let mail = app
        .smtp
        .wait_for("reset@example.com", 2)
        .await
        .pop()
        .unwrap();
    let token = link_in(&mail.body, "/reset-password?token=")
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    let res = c
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": "short"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = c
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        owner.get("/api/v1/me").await.status(),
        401,
        "old sessions end"
    );
    let res = c
        .post_json(
            "/api/v1/auth/password-reset/confirm",
            json!({"token": token, "password": "yet another passphrase"}),
        )
        .await;
    assert_eq!(res.status(), 400, "a reset link works once");
    let res = c
        .post_json(
            "/api/v1/auth/login",
            json!({"email": "reset@example.com", "password": "a brand new passphrase"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(app.smtp.for_address("ghost@example.com").is_empty());
}

async fn changing_the_password_asks_for_the_current_one(db: Db) {
    let app = TestApp::spawn(db).await;
    let here = app.verified_user("pw@example.com").await;
    let there = app.client();
    there
        .post_json(
            "/api/v1/auth/login",
            json!({"email": "pw@example.com", "password": "correct horse battery"}),
        )
        .await;
    let res = here
        .post_json(
            "/api/v1/me/password",
            json!({"current_password": "wrong one!!", "new_password": "a new long passphrase"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["fields"]["current_password"].is_string());
    let res = here.post_json("/api/v1/me/password", json!({"current_password": "correct horse battery", "new_password": "a new long passphrase"})).await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        here.get("/api/v1/me").await.status(),
        200,
        "this session stays"
    );
    assert_eq!(
        there.get("/api/v1/me").await.status(),
        401,
        "other sessions end"
    );
    let notices = app.smtp.wait_for("pw@example.com", 2).await;
    assert!(
        notices
            .iter()
            .any(|m| m.body.contains("password was changed") || m.subject.contains("change"))
    );
}

async fn a_new_address_must_confirm_before_it_replaces_the_old(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("old@example.com").await;
    app.verified_user("taken@example.com").await;
    let res = c
        .post_json(
            "/api/v1/me/email",
            json!({"current_password": "correct horse battery", "new_email": "taken@example.com"}),
        )
        .await;
    assert_eq!(res.status(), 409);
    let res = c
        .post_json(
            "/api/v1/me/email",
            json!({"current_password": "nope nope nope", "new_email": "new@example.com"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = c
        .post_json(
            "/api/v1/me/email",
            json!({"current_password": "correct horse battery", "new_email": "new@example.com"}),
        )
        .await;
    assert_eq!(res.status(), 202);
    assert_eq!(c.json("/api/v1/me").await["email"], "old@example.com");
    let mail = app.smtp.wait_for("new@example.com", 1).await.remove(0);
    let token = link_in(&mail.body, "token=")
        .split("token=")
        .nth(1)
        .unwrap()
        .to_string();
    assert_eq!(
        c.post_json("/api/v1/auth/verify-email", json!({"token": token}))
            .await
            .status(),
        200
    );
    assert_eq!(c.json("/api/v1/me").await["email"], "new@example.com");
    let old = app.smtp.wait_for("old@example.com", 2).await;
    assert!(
        old.last()
            .unwrap()
            .body
            .contains("email address was changed"),
        "the old address hears about it"
    );
}

async fn one_reminder_goes_out_after_twelve_hours(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    c.post_json("/api/v1/auth/register", json!({"email": "slow@example.com", "password": "correct horse battery", "display_name": "Slow"})).await;
    app.verified_user("quick@example.com").await;
    app.smtp.wait_for("slow@example.com", 1).await;
    assert_eq!(
        classifieds::accounts::service::send_reminders(&app.state)
            .await
            .unwrap(),
        0,
        "not before 12 hours"
    );
    app.sql("UPDATE users SET created_at = created_at - 13 * 3600")
        .await;
    assert_eq!(
        classifieds::accounts::service::send_reminders(&app.state)
            .await
            .unwrap(),
        1,
        "only the unverified account"
    );
    assert_eq!(
        classifieds::accounts::service::send_reminders(&app.state)
            .await
            .unwrap(),
        0,
        "only once"
    );
    let mails = app.smtp.wait_for("slow@example.com", 2).await;
    assert!(mails[1].subject.starts_with("Reminder"));
    // The reminder's code works.
    let res = c
        .post_json(
            "/api/v1/auth/verify-email",
            json!({"email": "slow@example.com", "code": code_in(&mails[1].body)}),
        )
        .await;
    assert_eq!(res.status(), 200);
}

async fn admin_only_routes_check_the_role(db: Db) {
    let app = TestApp::spawn(db).await;
    let user = app.verified_user("user@example.com").await;
    let agent = app.staff("agent@example.com", "agent").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let admin = app.staff("admin@example.com", "admin").await;
    let body = json!({"name": "Boats", "description": "Boats and trailers."});
    assert_eq!(
        app.client()
            .post_json("/api/v1/categories", body.clone())
            .await
            .status(),
        401
    );
    for (who, c) in [
        ("user", &user),
        ("agent", &agent),
        ("moderator", &moderator),
    ] {
        assert_eq!(
            c.post_json("/api/v1/categories", body.clone())
                .await
                .status(),
            403,
            "{who} may not add categories"
        );
    }
    let res = admin.post_json("/api/v1/categories", body.clone()).await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["slug"], "boats");
    assert_eq!(
        admin.post_json("/api/v1/categories", body).await.status(),
        409
    );
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        user.patch_json(
            &format!("/api/v1/categories/{id}"),
            json!({"name": "Ships"})
        )
        .await
        .status(),
        403
    );
    let res = admin
        .patch_json(
            &format!("/api/v1/categories/{id}"),
            json!({"name": "Boats & ships", "slug": "ships"}),
        )
        .await;
    assert_eq!(res.status(), 422, "slugs never change");
    assert_eq!(
        admin
            .patch_json(
                &format!("/api/v1/categories/{id}"),
                json!({"name": "Boats & ships"})
            )
            .await
            .status(),
        200
    );
    // A category with ads cannot be deleted; an empty one can.
    let vehicles = admin
        .json("/api/v1/categories")
        .await
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "vehicles")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    user.post_json(
        "/api/v1/ads",
        crate::support::ad_body("vehicles", "Bakkie canopy for sale"),
    )
    .await;
    assert_eq!(
        admin
            .delete(&format!("/api/v1/categories/{vehicles}"))
            .await
            .status(),
        409
    );
    assert_eq!(
        user.delete(&format!("/api/v1/categories/{id}"))
            .await
            .status(),
        403
    );
    assert_eq!(
        admin
            .delete(&format!("/api/v1/categories/{id}"))
            .await
            .status(),
        204
    );
    // The office page follows the same rule.
    assert_eq!(user.get("/office/categories").await.status(), 403);
    assert_eq!(admin.get("/office/categories").await.status(), 200);
}

async fn wrong_codes_are_limited_per_code(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    c.post_json("/api/v1/auth/register", json!({"email": "guess@example.com", "password": "correct horse battery", "display_name": "Guess"})).await;
    let code = code_in(&app.smtp.wait_for("guess@example.com", 1).await[0].body);
    let wrong = if code == "123456" { "654321" } else { "123456" };
    for _ in 0..5 {
        let res = c
            .post_json(
                "/api/v1/auth/verify-email",
                json!({"email": "guess@example.com", "code": wrong}),
            )
            .await;
        assert_eq!(res.status(), 422);
    }
    // After five wrong guesses even the right code is spent: guessing a million codes is off.
    let res = c
        .post_json(
            "/api/v1/auth/verify-email",
            json!({"email": "guess@example.com", "code": code}),
        )
        .await;
    assert_eq!(res.status(), 422);
}
