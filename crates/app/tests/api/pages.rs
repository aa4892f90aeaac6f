//! The HTML side: forms, CSRF, escaping, security headers, languages, errors.

use crate::db_tests;
use crate::support::{Db, TestApp, code_in, csrf_in};

db_tests!(
    register_verify_and_post_through_the_forms,
    forms_without_a_csrf_token_are_refused,
    a_refused_ad_form_comes_back_filled,
    html_in_ads_is_shown_as_text,
    every_response_carries_security_headers,
    pages_speak_the_visitors_language,
    errors_are_friendly_pages_and_json_for_the_api,
    logged_out_visitors_are_sent_to_log_in,
    other_sites_cannot_write_through_the_api,
    the_page_cache_serves_only_anonymous_visitors,
    an_oversized_form_is_413,
);

async fn an_oversized_form_is_413(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("big@example.com").await;
    let long = "x".repeat(100_000);
    let res = c
        .post_form(
            "/post",
            "/post",
            &[("title", "Too long"), ("description", &long)],
        )
        .await;
    assert_eq!(res.status(), 413);
    assert!(res.text().await.unwrap().contains("too large"));
}

async fn the_page_cache_serves_only_anonymous_visitors(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.page_cache_seconds = 60).await;
    let owner = app.verified_user("cache@example.com").await;
    let res = owner
        .post_json(
            "/api/v1/ads",
            crate::support::ad_body("pets", "Parrot cage, large"),
        )
        .await;
    let created: serde_json::Value = res.json().await.unwrap();
    let (id, url) = (
        created["id"].as_i64().unwrap(),
        created["url"].as_str().unwrap().to_string(),
    );
    // The owner's page shows owner controls and is never cached for others.
    assert!(
        owner
            .get(&url)
            .await
            .text()
            .await
            .unwrap()
            .contains(&format!("/ads/{id}/edit"))
    );
    let first = app.client().get(&url).await.text().await.unwrap();
    assert!(
        !first.contains("/edit"),
        "an anonymous visitor never sees another person's controls"
    );
    let mut body = crate::support::ad_body("pets", "Parrot cage, large");
    body["description"] = serde_json::json!("Now with a new perch and a feeding tray included.");
    assert_eq!(
        owner
            .patch_json(&format!("/api/v1/ads/{id}"), body)
            .await
            .status(),
        200
    );
    // Within the cache's lifetime anonymous visitors get the page as it was; the owner sees the change.
    assert_eq!(app.client().get(&url).await.text().await.unwrap(), first);
    assert!(
        owner
            .get(&url)
            .await
            .text()
            .await
            .unwrap()
            .contains("new perch")
    );
    // Each language is its own entry.
    let c = app.client();
    let af = c
        .http
        .get(c.url(&url))
        .header("accept-language", "af")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(af.contains("lang=\"af\"") && af.contains("new perch"));
}

async fn register_verify_and_post_through_the_forms(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let res = c
        .post_form(
            "/register",
            "/register",
            &[
                ("display_name", "Form User"),
                ("email", "form@example.com"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert!(
        res.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/verify-email")
    );
    let code = code_in(&app.smtp.wait_for("form@example.com", 1).await[0].body);
    let res = c
        .post_form(
            "/verify-email",
            "/verify-email",
            &[("email", "form@example.com"), ("code", &code)],
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("is confirmed"));
    let res = c
        .post_form(
            "/post",
            "/post",
            &[
                ("category", "pets"),
                ("title", "Dog crate, large"),
                ("description", "Fits a medium to large dog, folds flat."),
                ("price", "800"),
                ("location", "Table View"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let url = res.headers()["location"].to_str().unwrap().to_string();
    assert_eq!(url, "/classifieds/pets/dog-crate-large");
    let html = c.get(&url).await.text().await.unwrap();
    assert!(
        html.contains("Dog crate, large") && html.contains("/ads/1/edit"),
        "the owner sees the edit link"
    );
    let html = app.client().get(&url).await.text().await.unwrap();
    assert!(!html.contains("/edit"), "visitors do not");
    // Logging out and back in through the forms.
    let res = c.post_form("/", "/logout", &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(c.get("/api/v1/me").await.status(), 401);
    let res = c
        .post_form(
            "/login",
            "/login",
            &[
                ("email", "form@example.com"),
                ("password", "wrong password"),
                ("next", "/post"),
            ],
        )
        .await;
    assert_eq!(res.status(), 401);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("do not match") && html.contains("value=\"form@example.com\""),
        "the address stays typed"
    );
    let res = c
        .post_form(
            "/login",
            "/login",
            &[
                ("email", "form@example.com"),
                ("password", "correct horse battery"),
                ("next", "/post"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/post");
    let res = c
        .post_form(
            "/login",
            "/login",
            &[
                ("email", "form@example.com"),
                ("password", "correct horse battery"),
                ("next", "//evil.example"),
            ],
        )
        .await;
    assert_eq!(res.headers()["location"], "/", "never redirect off-site");
}

async fn forms_without_a_csrf_token_are_refused(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    c.get("/register").await; // sets the CSRF cookie
    let res = c
        .http
        .post(c.url("/register"))
        .form(&[
            ("email", "x@example.com"),
            ("password", "correct horse battery"),
            ("display_name", "X"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("form expired"));
    let res = c
        .http
        .post(c.url("/register"))
        .form(&[
            ("_csrf", "forged"),
            ("email", "x@example.com"),
            ("password", "correct horse battery"),
            ("display_name", "X"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // A token from another visitor's cookie does not work either.
    let other = app.client();
    let token = csrf_in(&other.get("/register").await.text().await.unwrap());
    let res = c
        .http
        .post(c.url("/register"))
        .form(&[
            ("_csrf", token.as_str()),
            ("email", "x@example.com"),
            ("password", "correct horse battery"),
            ("display_name", "X"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(
        app.smtp.for_address("x@example.com").is_empty(),
        "nothing happened"
    );
}

async fn a_refused_ad_form_comes_back_filled(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("keep@example.com").await;
    let description = "A long and careful description that must never be lost.\nSecond line.";
    let res = c
        .post_form(
            "/post",
            "/post",
            &[
                ("category", "electronics"),
                ("title", "Canon EOS 250D camera"),
                ("description", description),
                ("price", "lots"),
                ("location", "Durban"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("value=\"Canon EOS 250D camera\""));
    assert!(html.contains("A long and careful description that must never be lost."));
    assert!(html.contains("value=\"lots\""));
    assert!(
        html.contains("Enter a price like"),
        "the field says what is wrong"
    );
    assert!(html.contains("<option value=\"electronics\" selected>"));
    assert!(
        c.json("/api/v1/me/ads")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
}

async fn html_in_ads_is_shown_as_text(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("xss@example.com").await;
    let mut body = crate::support::ad_body("community", "<script>alert(1)</script>");
    body["description"] = serde_json::json!("<img src=x onerror=alert(2)> and <b>bold</b> claims");
    let res = c.post_json("/api/v1/ads", body).await;
    let url = res.json::<serde_json::Value>().await.unwrap()["url"]
        .as_str()
        .unwrap()
        .to_string();
    for page in [url.as_str(), "/", "/classifieds/community"] {
        let html = app.client().get(page).await.text().await.unwrap();
        assert!(!html.contains("<script>alert(1)</script>"), "{page}");
        assert!(!html.contains("<img src=x"), "{page}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                || html.contains("&#60;script&#62;"),
            "{page} shows it as text"
        );
    }
}

async fn every_response_carries_security_headers(db: Db) {
    let app = TestApp::spawn(db).await;
    for path in ["/", "/login", "/nope", "/api/v1/categories", "/api/v1/me"] {
        let res = app.client().get(path).await;
        let h = res.headers();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'")
                && !csp.contains("unsafe-inline")
                && csp.contains("frame-ancestors 'none'"),
            "{path}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "strict-origin-when-cross-origin");
        assert_eq!(h["x-frame-options"], "DENY");
    }
    let html = app.client().get("/").await.text().await.unwrap();
    assert!(!html.contains("<script>"), "no inline script");
}

async fn pages_speak_the_visitors_language(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let af = c
        .http
        .get(c.url("/"))
        .header("accept-language", "af-ZA,af;q=0.9,en;q=0.5")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        af.contains("lang=\"af\"")
            && af.contains("Plaas &#39;n advertensie")
            && af.contains("Voertuie")
    );
    let en = c
        .http
        .get(c.url("/"))
        .header("accept-language", "fr")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(en.contains("lang=\"en\"") && en.contains("Post an ad"));
    // The switcher sets a cookie that beats the header.
    let res = c
        .http
        .post(c.url("/language"))
        .form(&[("lang", "af"), ("back", "/help")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/help");
    let html = c
        .http
        .get(c.url("/help"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Hulp en veiligheid"));
    // A user's saved language beats both, and mails follow it.
    let u = app.verified_user("taal@example.com").await;
    assert_eq!(
        u.patch_json("/api/v1/me", serde_json::json!({"language": "af"}))
            .await
            .status(),
        200
    );
    assert_eq!(
        u.patch_json("/api/v1/me", serde_json::json!({"language": "xx"}))
            .await
            .status(),
        422
    );
    let html = u
        .http
        .get(u.url("/login"))
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("Teken in"));
    let res = u
        .post_json(
            "/api/v1/ads",
            serde_json::json!({"category": "", "title": "", "description": "", "location": ""}),
        )
        .await;
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        body["fields"]["title"], "Hierdie veld is verpligtend.",
        "API errors in the user's language"
    );
    u.post_json(
        "/api/v1/auth/password-reset",
        serde_json::json!({"email": "taal@example.com"}),
    )
    .await;
    let mail = app
        .smtp
        .wait_for("taal@example.com", 2)
        .await
        .pop()
        .unwrap();
    assert!(
        mail.subject.contains("Kies 'n nuwe wagwoord"),
        "{}",
        mail.subject
    );
}

async fn errors_are_friendly_pages_and_json_for_the_api(db: Db) {
    let app = TestApp::spawn(db).await;
    let res = app.client().get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = res.text().await.unwrap();
    assert!(html.contains("could not find that page") && html.contains("href=\"/\""));
    let res = app.client().get("/classifieds/vehicles/no-such-ad").await;
    assert_eq!(res.status(), 404);
    let res = app.client().get("/api/v1/ads/999999").await;
    assert_eq!(res.status(), 404);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"], "not_found");
    assert!(body["message"].as_str().unwrap().contains("could not find"));
    let res = app.client().get("/api/v1/nothing-here").await;
    assert_eq!(res.status(), 404);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["error"],
        "not_found"
    );
    let spec: serde_json::Value = app.client().json("/api/v1/openapi.json").await;
    for path in [
        "/api/v1/auth/register",
        "/api/v1/ads",
        "/api/v1/ads/{id}",
        "/api/v1/ads/{id}/renew",
        "/api/v1/categories",
        "/api/v1/me",
    ] {
        assert!(
            spec["paths"][path].is_object(),
            "{path} in the OpenAPI document"
        );
    }
}

async fn logged_out_visitors_are_sent_to_log_in(db: Db) {
    let app = TestApp::spawn(db).await;
    for path in ["/post", "/account", "/account/ads"] {
        let res = app.client().get(path).await;
        assert_eq!(res.status(), 303, "{path}");
        let to = res.headers()["location"].to_str().unwrap().to_string();
        assert!(to.starts_with("/login?next=%2F"), "{path} → {to}");
    }
    assert_eq!(
        app.client().get("/api/v1/me").await.status(),
        401,
        "the API says 401, it does not redirect"
    );
}

async fn other_sites_cannot_write_through_the_api(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("victim@example.com").await;
    let res = c
        .http
        .post(c.url("/api/v1/ads"))
        .header("origin", "https://evil.example")
        .json(&crate::support::ad_body("pets", "Forged ad from elsewhere"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<serde_json::Value>().await.unwrap()["error"],
        "cross_origin"
    );
    let same = app.base.clone();
    let res = c
        .http
        .post(c.url("/api/v1/ads"))
        .header("origin", same)
        .header("x-captcha", c.solved_captcha("ad_post").await)
        .json(&crate::support::ad_body(
            "pets",
            "A real ad from our own page",
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}
