//! Posting, clean URLs, the lifecycle, ownership, browsing and search.

use serde_json::{Value, json};

use crate::db_tests;
use crate::support::{Db, TestApp, ad_body};

db_tests!(
    a_posted_ad_lives_at_its_clean_url,
    slugs_are_unique_per_category_and_readable_in_any_script,
    renaming_or_moving_an_ad_keeps_the_old_url_working,
    nobody_changes_another_users_ad,
    the_lifecycle_expires_renews_and_deletes,
    bad_ads_are_refused_field_by_field,
    listings_paginate_sort_and_filter,
    search_ranks_and_filters,
    moderators_see_hidden_ads_but_cannot_edit_them,
    renamed_categories_show_the_admins_words,
);

async fn moderators_see_hidden_ads_but_cannot_edit_them(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.verified_user("hidden@example.com").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let other = app.verified_user("nosy@example.com").await;
    let created = post(&owner, "pets", "Budgie with cage").await;
    let id = created["id"].as_i64().unwrap();
    assert_eq!(
        owner.delete(&format!("/api/v1/ads/{id}")).await.status(),
        204
    );
    assert_eq!(
        moderator.json(&format!("/api/v1/ads/{id}")).await["status"],
        "deleted"
    );
    assert_eq!(other.get(&format!("/api/v1/ads/{id}")).await.status(), 404);
    let live = post(&owner, "pets", "Hamster cage").await;
    let live_id = live["id"].as_i64().unwrap();
    let res = moderator
        .patch_json(
            &format!("/api/v1/ads/{live_id}"),
            ad_body("pets", "Edited by staff"),
        )
        .await;
    assert_eq!(
        res.status(),
        403,
        "moderation acts through decisions, not by rewriting ads"
    );
}

async fn renamed_categories_show_the_admins_words(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let cats = admin.json("/api/v1/categories").await;
    let pets = cats
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "pets")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let c = app.client();
    let af = c
        .http
        .get(c.url("/"))
        .header("accept-language", "af")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(af.contains("Troeteldiere"), "a seeded name is translated");
    let res = admin
        .patch_json(
            &format!("/api/v1/categories/{pets}"),
            json!({"name": "Pets & Animals"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    for lang in ["en", "af"] {
        let html = c
            .http
            .get(c.url("/"))
            .header("accept-language", lang)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("Pets &amp; Animals") || html.contains("Pets &#38; Animals"),
            "{lang}: the admin's name wins"
        );
    }
}

async fn post(c: &crate::support::Client, category: &str, title: &str) -> Value {
    let res = c.post_json("/api/v1/ads", ad_body(category, title)).await;
    assert_eq!(res.status(), 201, "posting {title}");
    res.json().await.unwrap()
}

async fn a_posted_ad_lives_at_its_clean_url(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("seller@example.com").await;
    let created = post(&c, "electronics", "Samsung Galaxy A54, 128 GB").await;
    assert_eq!(
        created["url"],
        "/classifieds/electronics/samsung-galaxy-a54-128-gb"
    );
    assert_eq!(created["status"], "published");
    let page = app.client().get(created["url"].as_str().unwrap()).await;
    assert_eq!(page.status(), 200);
    let html = page.text().await.unwrap();
    assert!(html.contains("Samsung Galaxy A54, 128 GB"));
    assert!(html.contains("ZAR 1 250.50"), "price shown with currency");
    let id = created["id"].as_i64().unwrap();
    let ad = app.client().json(&format!("/api/v1/ads/{id}")).await;
    assert_eq!(ad["price_cents"], 125050);
    assert_eq!(ad["currency"], "ZAR");
    let lifetime = ad["expires_at"].as_i64().unwrap() - ad["published_at"].as_i64().unwrap();
    assert_eq!(lifetime, 30 * 86_400);
    let mine = c.json("/api/v1/me/ads").await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
}

async fn slugs_are_unique_per_category_and_readable_in_any_script(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("slugs@example.com").await;
    let a = post(&c, "pets", "Labrador puppies").await;
    let b = post(&c, "pets", "Labrador Puppies!").await;
    let other_cat = post(&c, "services", "Labrador puppies").await;
    assert_eq!(a["url"], "/classifieds/pets/labrador-puppies");
    assert_eq!(b["url"], "/classifieds/pets/labrador-puppies-2");
    assert_eq!(other_cat["url"], "/classifieds/services/labrador-puppies");
    let cyrillic = post(&c, "vehicles", "Продам велосипед").await;
    assert_eq!(cyrillic["url"], "/classifieds/vehicles/prodam-velosiped");
    let page = app.client().get(cyrillic["url"].as_str().unwrap()).await;
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("Продам велосипед"));
}

async fn renaming_or_moving_an_ad_keeps_the_old_url_working(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("rename@example.com").await;
    let created = post(&c, "electronics", "Dell laptop i5").await;
    let id = created["id"].as_i64().unwrap();
    let old_url = created["url"].as_str().unwrap().to_string();
    let res = c
        .patch_json(
            &format!("/api/v1/ads/{id}"),
            ad_body("electronics", "Dell Latitude laptop i5 16GB"),
        )
        .await;
    assert_eq!(res.status(), 200);
    let renamed: Value = res.json().await.unwrap();
    let new_url = renamed["url"].as_str().unwrap().to_string();
    assert_eq!(
        new_url,
        "/classifieds/electronics/dell-latitude-laptop-i5-16gb"
    );
    let visitor = app.client();
    let res = visitor.get(&old_url).await;
    assert_eq!(res.status(), 301);
    assert_eq!(res.headers()["location"], new_url.as_str());
    // The old slug stays reserved: a new ad with the old title gets a suffix. (Another
    // laptop with the same title, described in its own words: a copy of one's own ad
    // would be a duplicate.)
    let mut other = ad_body("electronics", "Dell laptop i5");
    other["description"] =
        json!("A second Dell, bought for my son, barely used. Charger and bag included.");
    let res = c.post_json("/api/v1/ads", other).await;
    assert_eq!(res.status(), 201);
    let again: Value = res.json().await.unwrap();
    assert_eq!(again["url"], "/classifieds/electronics/dell-laptop-i5-2");
    // Moving to another category: both old URLs lead to the new home.
    let res = c
        .patch_json(
            &format!("/api/v1/ads/{id}"),
            ad_body("home-garden", "Dell Latitude laptop i5 16GB"),
        )
        .await;
    let moved: Value = res.json().await.unwrap();
    assert_eq!(
        moved["url"],
        "/classifieds/home-garden/dell-latitude-laptop-i5-16gb"
    );
    for url in [&old_url, &new_url] {
        let res = visitor.get(url).await;
        assert_eq!(res.status(), 301, "{url}");
        assert_eq!(res.headers()["location"], moved["url"].as_str().unwrap());
    }
    // Renaming back reuses the ad's own old address instead of taking a suffix.
    let res = c
        .patch_json(
            &format!("/api/v1/ads/{id}"),
            ad_body("electronics", "Dell laptop i5"),
        )
        .await;
    assert_eq!(res.json::<Value>().await.unwrap()["url"], old_url.as_str());
    assert_eq!(visitor.get(&old_url).await.status(), 200);
}

async fn nobody_changes_another_users_ad(db: Db) {
    let app = TestApp::spawn(db).await;
    let owner = app.verified_user("owner@example.com").await;
    let other = app.verified_user("other@example.com").await;
    let agent = app.staff("agent@example.com", "agent").await;
    let created = post(&owner, "jobs", "Barista wanted full time").await;
    let id = created["id"].as_i64().unwrap();
    let anon = app.client();
    assert_eq!(
        anon.patch_json(
            &format!("/api/v1/ads/{id}"),
            ad_body("jobs", "Hijacked title here")
        )
        .await
        .status(),
        401
    );
    assert_eq!(
        anon.delete(&format!("/api/v1/ads/{id}")).await.status(),
        401
    );
    for c in [&other, &agent] {
        let res = c
            .patch_json(
                &format!("/api/v1/ads/{id}"),
                ad_body("jobs", "Hijacked title here"),
            )
            .await;
        assert_eq!(res.status(), 403);
        assert_eq!(res.json::<Value>().await.unwrap()["error"], "not_owner");
        assert_eq!(c.delete(&format!("/api/v1/ads/{id}")).await.status(), 403);
        assert_eq!(
            c.post_empty(&format!("/api/v1/ads/{id}/renew"))
                .await
                .status(),
            403
        );
    }
    assert_eq!(
        owner.json(&format!("/api/v1/ads/{id}")).await["title"],
        "Barista wanted full time"
    );
    // Pages follow the same rule.
    assert_eq!(other.get(&format!("/ads/{id}/edit")).await.status(), 403);
    assert_eq!(
        anon.get(&format!("/ads/{id}/edit")).await.status(),
        303,
        "log in first"
    );
    // Someone else's deleted ad is simply not there.
    assert_eq!(
        owner.delete(&format!("/api/v1/ads/{id}")).await.status(),
        204
    );
    assert_eq!(other.get(&format!("/api/v1/ads/{id}")).await.status(), 404);
    assert_eq!(
        other.delete(&format!("/api/v1/ads/{id}")).await.status(),
        404
    );
    assert_eq!(
        anon.get(created["url"].as_str().unwrap()).await.status(),
        404
    );
    // Another user's ad list is never reachable: /me/ads is always one's own.
    assert!(
        other
            .json("/api/v1/me/ads")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
}

async fn the_lifecycle_expires_renews_and_deletes(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("life@example.com").await;
    let created = post(&c, "home-garden", "Dining table with six chairs").await;
    let id = created["id"].as_i64().unwrap();
    let url = created["url"].as_str().unwrap().to_string();
    app.sql(&format!(
        "UPDATE ads SET expires_at = expires_at - 31 * 86400 WHERE id = {id}"
    ))
    .await;
    // Even before the worker runs, an ad past its time is not listed.
    let list = app.client().json("/api/v1/ads?category=home-garden").await;
    assert_eq!(list["total"], 0);
    assert_eq!(
        classifieds::ads::service::expire_due(&app.state.db)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        c.json(&format!("/api/v1/ads/{id}")).await["status"],
        "expired"
    );
    let visitor = app.client().get(&url).await;
    assert_eq!(visitor.status(), 410, "an expired ad says so");
    let res = c.post_empty(&format!("/api/v1/ads/{id}/renew")).await;
    assert_eq!(res.status(), 200);
    let renewed: Value = res.json().await.unwrap();
    assert_eq!(renewed["status"], "published");
    assert!(renewed["expires_at"].as_i64().unwrap() > created_expiry_floor());
    assert_eq!(
        app.client().json("/api/v1/ads?category=home-garden").await["total"],
        1
    );
    assert_eq!(c.delete(&format!("/api/v1/ads/{id}")).await.status(), 204);
    assert_eq!(app.client().get(&url).await.status(), 404);
    assert_eq!(
        c.post_empty(&format!("/api/v1/ads/{id}/renew"))
            .await
            .status(),
        404,
        "a deleted ad is gone for its owner too"
    );
    assert!(
        c.json("/api/v1/me/ads")
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
}

fn created_expiry_floor() -> i64 {
    classifieds::platform::util::now() + 29 * 86_400
}

async fn bad_ads_are_refused_field_by_field(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("bad@example.com").await;
    let res = c.post_json("/api/v1/ads", json!({"category": "", "title": "ab", "description": "", "price": -3, "currency": "rands", "location": ""})).await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    for field in [
        "category",
        "title",
        "description",
        "price",
        "currency",
        "location",
    ] {
        assert!(body["fields"][field].is_string(), "{field}: {body}");
    }
    let res = c
        .post_json(
            "/api/v1/ads",
            ad_body("spaceships", "A perfectly fine title"),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["fields"]["category"].is_string());
    let mut big = ad_body("vehicles", "Far too long description");
    big["description"] = json!("x".repeat(100_000));
    let res = c.post_json("/api/v1/ads", big).await;
    assert_eq!(res.status(), 413);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "payload_too_large"
    );
    let res = c
        .http
        .post(c.url("/api/v1/ads"))
        .header("content-type", "text/plain")
        .body("hello")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 415);
    assert!(
        c.json("/api/v1/me/ads")
            .await
            .as_array()
            .unwrap()
            .is_empty(),
        "nothing half-written"
    );
}

async fn listings_paginate_sort_and_filter(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("many@example.com").await;
    for i in 0..25 {
        let mut body = ad_body("vehicles", &format!("Vehicle number {i:02} for sale"));
        body["price"] = json!(1000 + i * 100);
        assert_eq!(c.post_json("/api/v1/ads", body).await.status(), 201);
    }
    let page1 = app.client().json("/api/v1/ads?category=vehicles").await;
    assert_eq!(page1["total"], 25);
    assert_eq!(page1["items"].as_array().unwrap().len(), 20);
    assert_eq!(
        page1["items"][0]["title"], "Vehicle number 24 for sale",
        "newest first"
    );
    let page2 = app
        .client()
        .json("/api/v1/ads?category=vehicles&page=2")
        .await;
    assert_eq!(page2["items"].as_array().unwrap().len(), 5);
    let cheap = app
        .client()
        .json("/api/v1/ads?category=vehicles&sort=price_asc")
        .await;
    assert_eq!(cheap["items"][0]["price_cents"], 100_000);
    let dear = app
        .client()
        .json("/api/v1/ads?category=vehicles&sort=price_desc")
        .await;
    assert_eq!(dear["items"][0]["price_cents"], 340_000);
    let ranged = app
        .client()
        .json("/api/v1/ads?min_price=1500&max_price=2000")
        .await;
    assert_eq!(ranged["total"], 6);
    assert_eq!(app.client().get("/api/v1/ads?page=0").await.status(), 422);
    assert_eq!(
        app.client()
            .get("/api/v1/ads?min_price=cheap")
            .await
            .status(),
        422
    );
    assert_eq!(
        app.client().get("/api/v1/ads?category=nope").await.status(),
        422
    );
    let html = app
        .client()
        .get("/classifieds/vehicles?page=2")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Page 2 of 2"));
    assert!(html.contains("rel=\"prev\""));
}

async fn search_ranks_and_filters(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("search@example.com").await;
    let mut corolla = ad_body("vehicles", "Toyota Corolla 1.6 Prestige");
    corolla["description"] =
        json!("Reliable family car with full service history, very economical.");
    // A realistic price: a Corolla for R1 250 is too good to be true, and held.
    corolla["price"] = json!(149_900);
    c.post_json("/api/v1/ads", corolla).await;
    let mut mention = ad_body("vehicles", "Roof racks for sale");
    mention["description"] =
        json!("Fits most sedans, for example a Toyota Corolla or a Honda Civic.");
    c.post_json("/api/v1/ads", mention).await;
    let mut cafe = ad_body("services", "Café catering for events");
    cafe["price"] = json!(5000);
    c.post_json("/api/v1/ads", cafe).await;
    let res = app.client().json("/api/v1/ads?q=corolla").await;
    assert_eq!(res["total"], 2);
    assert_eq!(
        res["items"][0]["title"], "Toyota Corolla 1.6 Prestige",
        "a title match ranks first"
    );
    assert_eq!(
        app.client().json("/api/v1/ads?q=corol").await["total"],
        2,
        "prefixes match while typing"
    );
    assert_eq!(
        app.client().json("/api/v1/ads?q=toyota%20civic").await["total"],
        1,
        "all words must match"
    );
    assert_eq!(
        app.client()
            .json("/api/v1/ads?q=corolla&category=services")
            .await["total"],
        0
    );
    assert_eq!(
        app.client()
            .json("/api/v1/ads?q=catering&max_price=100")
            .await["total"],
        0
    );
    assert_eq!(
        app.client()
            .json("/api/v1/ads?q=catering&max_price=6000")
            .await["total"],
        1
    );
    // Both databases see through accents and read "1.6" the same way.
    assert_eq!(app.client().json("/api/v1/ads?q=cafe").await["total"], 1);
    assert_eq!(
        app.client().json("/api/v1/ads?q=CAF%C3%89").await["total"],
        1
    );
    assert_eq!(
        app.client().json("/api/v1/ads?q=corolla%201.6").await["total"],
        1
    );
    // Query syntax is not an injection point.
    assert_eq!(
        app.client()
            .get("/api/v1/ads?q=%22corolla%20OR%20*%29%28")
            .await
            .status(),
        200
    );
    let html = app
        .client()
        .get("/classifieds?q=corolla")
        .await
        .text()
        .await
        .unwrap();
    assert!(html.contains("Toyota Corolla 1.6 Prestige") && html.contains("Roof racks for sale"));
}
