//! What we defend against, in one place: each test performs an attack that worked before
//! the hardening pass, against the real server, and fails if it works again.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::db_tests;
use crate::messaging::{connect, session};
use crate::support::{Client, Db, TestApp, ad_body, code_in, form_guard, input_value};

db_tests!(
    one_person_cannot_take_an_ad_offline,
    concurrent_duplicate_reports_count_once,
    reports_are_limited_per_reporter_and_per_network,
    https_sites_send_hsts,
    the_text_question_is_no_shortcut_for_scripts,
    a_slow_body_gets_408_and_holds_up_nobody,
    a_socket_closes_when_its_session_ends,
    sockets_refuse_foreign_pages_big_frames_and_crowds,
    the_spam_filter_is_no_oracle,
    junk_from_one_network_is_throttled_then_blocked,
    a_stolen_session_cannot_guess_the_password,
    titles_and_names_cannot_spoof_direction_or_hide_words,
    an_expired_ad_cannot_be_renewed_or_edited_past_the_gate,
    a_forged_forwarded_for_line_does_not_win,
    staff_sessions_end_when_idle,
    csrf_tokens_are_bound_to_the_session,
    delivered_mail_keeps_no_working_link,
    an_ad_is_appealed_once_and_decided_by_the_right_person,
);

fn trusted(c: &mut classifieds::platform::config::Config) {
    c.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
}

/// A published ad by a fresh seller: (seller, ad id, url).
async fn live_ad(app: &TestApp, email: &str) -> (Client, i64, String) {
    live_ad_titled(app, email, "Garden chairs, set of four").await
}

async fn live_ad_titled(app: &TestApp, email: &str, title: &str) -> (Client, i64, String) {
    let seller = app.verified_user(email).await;
    let mut body = ad_body("home-garden", title);
    body["price"] = json!(900);
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
        json!({"reason": reason}),
    )
    .await
}

async fn count(app: &TestApp, sql: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let row = app
        .state
        .db
        .query_one_raw(Statement::from_string(
            app.state.db.get_database_backend(),
            sql.to_string(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

/// Attack 1: one new account reporting "fraud" then "prohibited" (3 + 3 over a hide
/// threshold of 4), or one anonymous visitor reporting five reasons, took any ad offline.
async fn one_person_cannot_take_an_ad_offline(db: Db) {
    let app = TestApp::spawn_with(db, trusted).await;
    let (_, ad, url) = live_ad(&app, "seller@example.com").await;
    // An unverified account: its reports reach a moderator but never hide.
    let fresh = app.client_from("198.51.100.10");
    let res = fresh
        .post_json("/api/v1/auth/register", json!({"email": "new@example.com", "password": "correct horse battery", "display_name": "New Person"}))
        .await;
    assert_eq!(res.status(), 201);
    for reason in ["fraud", "prohibited", "spam"] {
        assert!(report(&fresh, ad, reason).await.status().is_success());
    }
    assert_eq!(app.client().get(&url).await.status(), 200, "still online");
    // Anonymously, five reasons with a solved CAPTCHA each: one report, no hide.
    let anon = app.client_from("198.51.100.11");
    for reason in ["fraud", "prohibited", "spam", "offensive", "suspicious"] {
        assert!(report(&anon, ad, reason).await.status().is_success());
    }
    assert_eq!(app.client().get(&url).await.status(), 200, "still online");
    // A verified account, alone: still one voice.
    let one = app
        .verified_user_from("one@example.com", "203.0.113.5")
        .await;
    assert_eq!(report(&one, ad, "fraud").await.status(), 201);
    assert_eq!(
        report(&one, ad, "prohibited").await.status(),
        200,
        "the same report"
    );
    assert_eq!(app.client().get(&url).await.status(), 200, "still online");
    // A second verified account on the same network is the same voice.
    let neighbour = app
        .verified_user_from("two@example.com", "203.0.113.6")
        .await;
    assert_eq!(report(&neighbour, ad, "fraud").await.status(), 201);
    assert_eq!(
        app.client().get(&url).await.status(),
        200,
        "one network, one voice"
    );
    // Independent people on different networks: hidden pending review.
    let other = app
        .verified_user_from("three@example.com", "192.0.2.77")
        .await;
    assert_eq!(report(&other, ad, "fraud").await.status(), 201);
    assert_eq!(app.client().get(&url).await.status(), 404, "hidden");
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM reports WHERE ad_id = {ad} AND status = 'open'")
        )
        .await,
        5,
        "one report per person: unverified, anonymous and three accounts"
    );
}

/// Attack 1, the race: ten parallel identical reports made three rows and some 409s.
async fn concurrent_duplicate_reports_count_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let (_, ad, _) = live_ad(&app, "seller@example.com").await;
    let reporter = app.verified_user("eyes@example.com").await;
    let reporter = std::sync::Arc::new(reporter);
    let mut tasks = Vec::new();
    for _ in 0..10 {
        let r = reporter.clone();
        tasks.push(tokio::spawn(async move {
            report(&r, ad, "fraud").await.status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert!(
        statuses.iter().all(|s| *s == 200 || *s == 201),
        "idempotent, never a 409 or a 500: {statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        1,
        "{statuses:?}"
    );
    assert_eq!(
        count(
            &app,
            &format!("SELECT COUNT(*) FROM reports WHERE ad_id = {ad}")
        )
        .await,
        1
    );
}

/// Attack 1, the crowd: accounts on one network reporting one seller's ads are limited
/// together, while people elsewhere can still report.
async fn reports_are_limited_per_reporter_and_per_network(db: Db) {
    let app = TestApp::spawn_with(db, trusted).await;
    let mut shield: classifieds::shield::settings::ShieldConfig =
        (*classifieds::shield::settings::current(&app.state)
            .await
            .unwrap())
        .clone();
    let limit = shield.limits.get_mut("report").unwrap();
    // Two reports per ten minutes for a new account (half of four), and three people's
    // worth (six) for a network.
    limit.short.limit = 4;
    limit.long.limit = 100;
    classifieds::shield::settings::update(&app.state, None, shield)
        .await
        .unwrap();
    let mut ads = Vec::new();
    for (i, title) in [
        "Wooden bookshelf",
        "Braai grid and tongs",
        "Child's bicycle",
    ]
    .iter()
    .enumerate()
    {
        let (_, id, _) = live_ad_titled(&app, &format!("seller{i}@example.com"), title).await;
        ads.push(id);
    }
    // One reporter: two reports, then 429.
    let one = app
        .verified_user_from("r0@example.com", "203.0.113.10")
        .await;
    assert_eq!(report(&one, ads[0], "spam").await.status(), 201);
    assert_eq!(report(&one, ads[1], "spam").await.status(), 201);
    assert_eq!(
        report(&one, ads[2], "spam").await.status(),
        429,
        "per reporter"
    );
    // Neighbours on the same /24 share three people's worth: six in all.
    let mut statuses = Vec::new();
    for i in 1..4 {
        let c = app
            .verified_user_from(
                &format!("r{i}@example.com"),
                &format!("203.0.113.{}", 10 + i),
            )
            .await;
        for ad in &ads[..2] {
            statuses.push(report(&c, *ad, "spam").await.status().as_u16());
        }
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 201).count(),
        4,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        2,
        "{statuses:?}"
    );
    // Someone on another network is not affected.
    let elsewhere = app
        .verified_user_from("far@example.com", "198.51.100.70")
        .await;
    assert_eq!(report(&elsewhere, ads[2], "spam").await.status(), 201);
}

/// Found by reading: no Strict-Transport-Security even with an https base URL.
async fn https_sites_send_hsts(db: Db) {
    let plain = TestApp::spawn(db).await;
    let res = plain.client().get("/").await;
    assert!(
        res.headers().get("strict-transport-security").is_none(),
        "not over http"
    );
    let app = plain
        .another_instance(|c| c.base_url = "https://classifieds.example".into())
        .await;
    let res = app.client().get("/").await;
    let hsts = res
        .headers()
        .get("strict-transport-security")
        .expect("HSTS over https")
        .to_str()
        .unwrap()
        .to_string();
    assert!(hsts.contains("max-age=31536000"), "{hsts}");
}

/// Attack 2: the accessible question ("What is 2 plus 4?") was free for a script, and a
/// wrong answer did not spend its token.
async fn the_text_question_is_no_shortcut_for_scripts(db: Db) {
    let app = TestApp::spawn_with(db, trusted).await;
    let bot = app.client_from("198.51.100.20");
    let page = bot.get("/register").await.text().await.unwrap();
    let qtoken = input_value(&page, "captcha_qtoken").expect("the question's token");
    let question = page
        .split("for=\"captcha_answer\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the question");
    let numbers: Vec<i64> = question
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    let right = (numbers[0] + numbers[1]).to_string();
    let guard: Vec<(String, String)> = form_guard(&page)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("captcha"))
        .collect();
    let csrf = crate::support::csrf_in(&page);
    let send = async |answer: &str, email: &str| {
        let mut fields: Vec<(String, String)> = guard.clone();
        fields.extend([
            ("_csrf".into(), csrf.clone()),
            ("captcha_qtoken".into(), qtoken.clone()),
            ("captcha_answer".into(), answer.into()),
            ("display_name".into(), "Person Without Script".into()),
            ("email".into(), email.into()),
            ("password".into(), "correct horse battery".into()),
        ]);
        bot.http
            .post(bot.url("/register"))
            .form(&fields)
            .send()
            .await
            .unwrap()
            .status()
    };
    // A wrong answer spends the token: the right one after it is refused.
    assert_eq!(send("99", "guess@example.com").await, 422);
    assert_eq!(
        send(&right, "guess@example.com").await,
        422,
        "spent by the first answer"
    );
    assert_eq!(
        count(
            &app,
            "SELECT COUNT(*) FROM users WHERE email = 'guess@example.com'"
        )
        .await,
        0
    );
    // A person without JavaScript still gets in, but their account waits for a moderator.
    let person = app.client_from("198.51.100.21");
    let page = person.get("/register").await.text().await.unwrap();
    let q = page
        .split("for=\"captcha_answer\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .unwrap();
    let n: Vec<i64> = q
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    let mut fields: Vec<(String, String)> = form_guard(&page)
        .into_iter()
        .filter(|(k, _)| !k.starts_with("captcha"))
        .collect();
    fields.extend([
        ("_csrf".into(), crate::support::csrf_in(&page)),
        (
            "captcha_qtoken".into(),
            input_value(&page, "captcha_qtoken").unwrap(),
        ),
        ("captcha_answer".into(), (n[0] + n[1]).to_string()),
        ("display_name".into(), "Person Without Script".into()),
        ("email".into(), "noscript@example.com".into()),
        ("password".into(), "correct horse battery".into()),
    ]);
    let res = person
        .http
        .post(person.url("/register"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert!(
        res.status().is_success() || res.status().is_redirection(),
        "{}",
        res.status()
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM users WHERE email = 'noscript@example.com' AND status = 'pending_approval'").await,
        1,
        "the account waits for a moderator"
    );
}

/// Attack 3: three connections trickling a body kept every anonymous login waiting.
async fn a_slow_body_gets_408_and_holds_up_nobody(db: Db) {
    let app = TestApp::spawn_with(db, |c| c.body_deadline_secs = 2).await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let mut slow = Vec::new();
    for i in 0..8 {
        let addr = addr.clone();
        slow.push(tokio::spawn(async move {
            let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
            let cookie = if i % 2 == 0 { "Cookie: sid=made-up\r\n" } else { "" };
            let head = format!(
                "POST /api/v1/auth/login HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: 200\r\n{cookie}\r\n{{"
            );
            s.write_all(head.as_bytes()).await.unwrap();
            // A byte now and then, never the whole body.
            let mut reply = Vec::new();
            for _ in 0..10 {
                if s.write_all(b" ").await.is_err() {
                    break;
                }
                let mut buf = [0u8; 1024];
                match tokio::time::timeout(Duration::from_millis(700), s.read(&mut buf)).await {
                    Ok(Ok(0)) | Ok(Err(_)) => break,
                    Ok(Ok(n)) => {
                        reply.extend_from_slice(&buf[..n]);
                        break;
                    }
                    Err(_) => {}
                }
            }
            String::from_utf8_lossy(&reply).to_string()
        }));
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    // Meanwhile people log in and post without waiting on the tricklers.
    let c = app.verified_user("quick@example.com").await;
    let started = Instant::now();
    let res = c
        .post_json(
            "/api/v1/auth/login",
            json!({"email": "quick@example.com", "password": "correct horse battery"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    for t in slow {
        let reply = t.await.unwrap();
        assert!(
            reply.starts_with("HTTP/1.1 408"),
            "a slow sender gets 408: {reply:?}"
        );
    }
}

/// Attack 4: after logout, a password change elsewhere or a ban, an open socket kept
/// delivering private messages.
async fn a_socket_closes_when_its_session_ends(db: Db) {
    let app = TestApp::spawn(db).await;
    for how in ["logout", "password", "ban"] {
        // One person per way of ending, so each starts from a fresh account.
        let email = format!("{how}@example.com");
        app.verified_user(&email).await;
        let cookie = session(&app.base, &email, "correct horse battery").await;
        let mut ws = connect(&app.base, &cookie, None).await;
        match how {
            "logout" => {
                let res = reqwest::Client::new()
                    .post(format!("{}/api/v1/auth/logout", app.base))
                    .header("cookie", &cookie)
                    .header("content-type", "application/json")
                    .body("{}")
                    .send()
                    .await
                    .unwrap();
                assert!(res.status().is_success(), "{}", res.status());
            }
            "password" => {
                // Another device changes the password: every other session ends.
                let other = session(&app.base, &email, "correct horse battery").await;
                let res = reqwest::Client::new()
                    .post(format!("{}/api/v1/me/password", app.base))
                    .header("cookie", &other)
                    .json(&json!({"current_password": "correct horse battery", "new_password": "a new horse battery"}))
                    .send()
                    .await
                    .unwrap();
                assert!(res.status().is_success(), "{}", res.status());
            }
            _ => {
                app.sql(&format!(
                    "UPDATE users SET status = 'banned' WHERE email = '{email}'"
                ))
                .await;
            }
        }
        let ended = tokio::time::timeout(Duration::from_secs(8), async {
            while let Some(Ok(msg)) = ws.next().await {
                if let Message::Text(t) = &msg
                    && t.contains("session_ended")
                {
                    return true;
                }
                if let Message::Close(_) = msg {
                    return true;
                }
            }
            true
        })
        .await;
        assert_eq!(ended, Ok(true), "the socket closed after {how}");
    }
}

/// Attack 4, the rest: 16 MiB frames, no per-person cap, any page's Origin.
async fn sockets_refuse_foreign_pages_big_frames_and_crowds(db: Db) {
    let app = TestApp::spawn(db).await;
    app.verified_user("me@example.com").await;
    let cookie = session(&app.base, "me@example.com", "correct horse battery").await;
    // Another site's page.
    let mut req = format!("{}/api/v1/events", app.base.replace("http://", "ws://"))
        .into_client_request()
        .unwrap();
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    req.headers_mut()
        .insert("origin", "https://evil.example".parse().unwrap());
    assert!(
        tokio_tungstenite::connect_async(req).await.is_err(),
        "a foreign origin is refused"
    );
    // A big frame closes the socket.
    let mut ws = connect(&app.base, &cookie, None).await;
    let big = "x".repeat(64 * 1024);
    let _ = ws.send(Message::Text(big.into())).await;
    let closed = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match ws.next().await {
                None | Some(Err(_)) | Some(Ok(Message::Close(_))) => return true,
                Some(Ok(_)) => {}
            }
        }
    })
    .await;
    assert_eq!(closed, Ok(true), "a 64 KiB frame is refused");
    // At most a handful of sockets for one person.
    let mut open = Vec::new();
    for _ in 0..classifieds::platform::realtime::MAX_SOCKETS_PER_USER {
        open.push(connect(&app.base, &cookie, None).await);
    }
    let mut req = format!("{}/api/v1/events", app.base.replace("http://", "ws://"))
        .into_client_request()
        .unwrap();
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    assert!(
        tokio_tungstenite::connect_async(req).await.is_err(),
        "one too many"
    );
    drop(open);
}

/// Attack 5: 200 anonymous checks in half a second, answered with rule names and other
/// ads' ids.
async fn the_spam_filter_is_no_oracle(db: Db) {
    let app = TestApp::spawn_strict_with(db, |c| c.form_min_fill_ms = 0).await;
    let draft = json!({"title": "Work from home", "description": "Pay the registration fee of R350 before you start.", "category": "jobs"});
    assert_eq!(
        app.client()
            .post_json("/api/v1/spam/check", draft.clone())
            .await
            .status(),
        401
    );
    let c = app.verified_user("prober@example.com").await;
    let mut limited = false;
    for _ in 0..60 {
        let res = c.post_json("/api/v1/spam/check", draft.clone()).await;
        if res.status() == 429 {
            limited = true;
            break;
        }
        let text = res.text().await.unwrap();
        for internal in [
            "score",
            "signals",
            "matched rule",
            "model v",
            "p=",
            "evidence",
        ] {
            assert!(!text.contains(internal), "{internal}: {text}");
        }
    }
    assert!(limited, "a flood of checks is throttled");
}

/// Attack 6: 2,000 sign-ups without a CAPTCHA from one address were 2,000 × 422, never a
/// 429 or a block, 2,000 rows of record, and a harder puzzle for every visitor.
async fn junk_from_one_network_is_throttled_then_blocked(db: Db) {
    let app = TestApp::spawn_strict_with(db, trusted).await;
    let before = app
        .client_from("192.0.2.200")
        .json("/api/v1/captcha?action=signup")
        .await["max_number"]
        .as_u64()
        .unwrap();
    let bot = app.client_from("198.51.100.99");
    let mut statuses = Vec::new();
    for i in 0..120 {
        let res = bot
            .post_json_raw(
                "/api/v1/auth/register",
                json!({"email": format!("junk{i}@example.com"), "password": "correct horse battery", "display_name": "Junk"}),
                &[],
            )
            .await;
        statuses.push(res.status().as_u16());
    }
    assert!(statuses.contains(&429), "throttled: {statuses:?}");
    assert_eq!(statuses.last(), Some(&403), "then blocked: {statuses:?}");
    classifieds::shield::events::flush(&app.state).await;
    let rows = count(&app, "SELECT COUNT(*) FROM shield_events").await;
    assert!(
        rows < 80,
        "the record stays small under a flood: {rows} rows"
    );
    // Someone else's puzzle is as easy as before.
    let after = app
        .client_from("192.0.2.200")
        .json("/api/v1/captcha?action=signup")
        .await["max_number"]
        .as_u64()
        .unwrap();
    assert_eq!(
        before, after,
        "one network's junk does not raise everyone's cost"
    );
}

/// Attack 7: a stolen session tried 30 current passwords in 1.3 s, never throttled.
async fn a_stolen_session_cannot_guess_the_password(db: Db) {
    let app = TestApp::spawn(db).await;
    let thief = app.verified_user("victim@example.com").await;
    let mut statuses = Vec::new();
    for i in 0..8 {
        let res = thief
            .post_json(
                "/api/v1/me/password",
                json!({"current_password": format!("guess {i}"), "new_password": "stolen horse battery"}),
            )
            .await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(&statuses[..4], &[422, 422, 422, 422], "{statuses:?}");
    assert_eq!(statuses[4], 401, "the fifth ends the session: {statuses:?}");
    assert!(statuses[5..].iter().all(|s| *s == 401), "{statuses:?}");
    assert_eq!(thief.get("/api/v1/me").await.status(), 401);
    let mails = app.smtp.wait_for("victim@example.com", 2).await;
    assert!(
        mails
            .iter()
            .any(|m| m.body.contains("wrong password five times")),
        "the owner is told"
    );
    // The next login from anywhere needs a CAPTCHA.
    let res = app
        .client()
        .post_json_raw(
            "/api/v1/auth/login",
            json!({"email": "victim@example.com", "password": "correct horse battery"}),
            &[],
        )
        .await;
    assert_eq!(res.status(), 422, "a CAPTCHA is asked for");
}

/// Attack 8: a title with U+202E and zero-width spaces was published as written; display
/// names skipped the gate.
async fn titles_and_names_cannot_spoof_direction_or_hide_words(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.verified_user("spoof@example.com").await;
    let mut body = ad_body("home-garden", "Garden \u{202E}sriahc\u{202C} set");
    body["description"] = json!(
        "Four garden chairs\u{200B} in good condition, collection in Paarl, viewing any day."
    );
    body["price"] = json!(800);
    let v: Value = c.post_json("/api/v1/ads", body).await.json().await.unwrap();
    let ad = c.json(&format!("/api/v1/ads/{}", v["id"])).await;
    assert_eq!(ad["title"], "Garden sriahc set");
    assert!(!ad["description"].as_str().unwrap().contains('\u{200B}'));
    // Names: invisible characters go, and a name passes the gate.
    let res = c
        .patch_json(
            "/api/v1/me",
            json!({"display_name": "Ad\u{200B}min\u{202E}"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["display_name"], "Admin");
    let res = c
        .patch_json("/api/v1/me", json!({"display_name": "Cheap V1agra Online"}))
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "rejected_by_gate"
    );
    // Real scripts stay as written.
    let res = c
        .patch_json(
            "/api/v1/me",
            json!({"display_name": "سارا می\u{200C}خواهد"}),
        )
        .await;
    assert_eq!(
        res.json::<Value>().await.unwrap()["display_name"],
        "سارا می\u{200C}خواهد"
    );
}

/// Found by reading: an expired ad edited with held text stayed expired, then Renew
/// published it unscreened.
async fn an_expired_ad_cannot_be_renewed_or_edited_past_the_gate(db: Db) {
    let app = TestApp::spawn(db).await;
    let (seller, id, _) = live_ad(&app, "seller@example.com").await;
    app.sql(&format!(
        "UPDATE ads SET status = 'expired' WHERE id = {id}"
    ))
    .await;
    let mut held = ad_body("home-garden", "Garden chairs, set of four");
    held["description"] =
        json!("Four chairs. I am working abroad so my agent will deliver them after payment.");
    held["price"] = json!(900);
    let res = seller.patch_json(&format!("/api/v1/ads/{id}"), held).await;
    assert_eq!(res.status(), 200);
    let ad = seller.json(&format!("/api/v1/ads/{id}")).await;
    assert_eq!(ad["status"], "pending_review", "held text goes to a person");
    // And an expired ad whose text the gate now holds is not renewed onto the site.
    let (seller2, id2, url2) = live_ad(&app, "seller2@example.com").await;
    app.sql(&format!(
        "UPDATE ads SET status = 'expired', description = 'Solid pine bench for the stoep. I am working abroad at the moment, so my agent will deliver it after payment.' WHERE id = {id2}"
    ))
    .await;
    let res = seller2
        .post_empty(&format!("/api/v1/ads/{id2}/renew"))
        .await;
    let status = res.status();
    let body = res.text().await.unwrap();
    assert!(status.is_success(), "{status} {body}");
    assert_eq!(
        seller2.json(&format!("/api/v1/ads/{id2}")).await["status"],
        "pending_review"
    );
    assert_eq!(app.client().get(&url2).await.status(), 404);
}

/// Found by reading: with a proxy that appends its own X-Forwarded-For line, the
/// client's forged first line won.
async fn a_forged_forwarded_for_line_does_not_win(db: Db) {
    let app = TestApp::spawn_with(db, trusted).await;
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/auth/register", app.base))
        .header("x-forwarded-for", "10.9.9.9")
        .header("x-forwarded-for", "203.0.113.44")
        .header(
            "x-captcha",
            app.client().solved_captcha("signup").await,
        )
        .json(&json!({"email": "fwd@example.com", "password": "correct horse battery", "display_name": "Forwarded"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let ip: String = {
        use sea_orm::{ConnectionTrait, Statement};
        let row = app
            .state
            .db
            .query_one_raw(Statement::from_string(
                app.state.db.get_database_backend(),
                "SELECT ip FROM gate_verdicts WHERE subject_kind = 'signup' ORDER BY id DESC",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<String>(0).unwrap()
    };
    assert_eq!(ip, "203.0.113.44", "the address the proxy added");
}

/// Found by reading: staff sessions lasted 30 days with no idle timeout.
async fn staff_sessions_end_when_idle(db: Db) {
    let app = TestApp::spawn(db).await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let user = app.verified_user("user@example.com").await;
    app.sql("UPDATE sessions SET last_seen_at = last_seen_at - 3 * 3600")
        .await;
    assert_eq!(
        moderator.get("/api/v1/me").await.status(),
        401,
        "idle staff session"
    );
    assert_eq!(
        user.get("/api/v1/me").await.status(),
        200,
        "users keep theirs"
    );
    let moderator = app.staff("mod2@example.com", "moderator").await;
    app.sql("UPDATE sessions SET created_at = created_at - 13 * 3600")
        .await;
    assert_eq!(
        moderator.get("/api/v1/me").await.status(),
        401,
        "past the lifetime"
    );
}

/// Found by reading: the CSRF seed was any cookie of 16+ characters, never rotated.
async fn csrf_tokens_are_bound_to_the_session(db: Db) {
    let app = TestApp::spawn(db).await;
    app.verified_user("me@example.com").await;
    let c = app.client();
    let before = crate::support::csrf_in(&c.get("/login").await.text().await.unwrap());
    let res = c
        .post_form(
            "/login",
            "/login",
            &[
                ("email", "me@example.com"),
                ("password", "correct horse battery"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let after = crate::support::csrf_in(&c.get("/account").await.text().await.unwrap());
    assert_ne!(before, after, "a new token at login");
    // The visitor's old token no longer works for the logged-in person.
    let res = c
        .http
        .post(c.url("/logout"))
        .form(&[("_csrf", before.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // A planted seed is not taken: a new, signed one is issued.
    let planted = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{}/login", app.base))
        .header("cookie", "csrf=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")
        .send()
        .await
        .unwrap();
    let set: Vec<String> = planted
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_string))
        .collect();
    assert!(
        set.iter()
            .any(|c| c.starts_with("csrf=") && !c.starts_with("csrf=aaaa")),
        "{set:?}"
    );
}

/// Found by reading: reset and verification links stayed in clear text in the outbox.
async fn delivered_mail_keeps_no_working_link(db: Db) {
    let app = TestApp::spawn(db).await;
    let c = app.client();
    let res = c
        .post_json("/api/v1/auth/register", json!({"email": "mail@example.com", "password": "correct horse battery", "display_name": "Mail Person"}))
        .await;
    assert_eq!(res.status(), 201);
    let mail = app
        .smtp
        .wait_for("mail@example.com", 1)
        .await
        .pop()
        .unwrap();
    let code = code_in(&mail.body);
    // Give the worker a moment to mark it sent.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let stored = {
        use sea_orm::{ConnectionTrait, Statement};
        let row = app
            .state
            .db
            .query_one_raw(Statement::from_string(
                app.state.db.get_database_backend(),
                "SELECT body_text FROM mail_outbox WHERE to_addr = 'mail@example.com' AND sent_at IS NOT NULL",
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<String>(0).unwrap()
    };
    assert!(!stored.contains(&code), "{stored}");
    let token = crate::support::link_in(&mail.body, "token=");
    let token = token.split("token=").nth(1).unwrap();
    assert!(!stored.contains(token), "{stored}");
    // The link in the mail itself still works.
    let res = c
        .post_json(
            "/api/v1/auth/verify-email",
            json!({"email": "mail@example.com", "code": code}),
        )
        .await;
    assert_eq!(res.status(), 200);
}

/// Found by reading: duplicate appeals, escalated items decided by any moderator, and a
/// moderator deciding on their own ad.
async fn an_ad_is_appealed_once_and_decided_by_the_right_person(db: Db) {
    let app = TestApp::spawn(db).await;
    // A moderator's own ad, held: another moderator decides it.
    let m1 = app.staff("m1@example.com", "moderator").await;
    let m2 = app.staff("m2@example.com", "moderator").await;
    let admin = app.staff("admin@example.com", "admin").await;
    let mut held = ad_body("vehicles", "Toyota Hilux 2018, low mileage");
    held["description"] = json!(
        "One owner, full service history. I am working abroad so my agent will deliver it after payment."
    );
    held["price"] = json!(285_000);
    let v: Value = m1
        .post_json("/api/v1/ads", held)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["status"], "pending_review", "{v}");
    let q = m1.json("/api/v1/office/queue?kind=held_ad").await;
    let item = q["items"][0]["id"].as_i64().unwrap();
    let decide = async |who: &Client, body: Value| {
        who.post_json(&format!("/api/v1/office/queue/{item}/decision"), body)
            .await
    };
    let res = decide(&m1, json!({"action": "approve", "feedback": "mine"})).await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "own_ad_decision"
    );
    // Escalated: only an admin decides.
    let res = decide(&m2, json!({"action": "escalate", "reason": "not sure"})).await;
    assert_eq!(res.status(), 200);
    let res = decide(&m2, json!({"action": "approve", "feedback": "fine"})).await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "escalated_to_admins"
    );
    let res = decide(
        &admin,
        json!({"action": "reject", "reason": "fraud", "feedback": "An advance-fee script."}),
    )
    .await;
    assert_eq!(res.status(), 200);
    // Appealed at the same moment from two tabs: one appeal.
    let appeal = json!({"subject": format!("ad:{}", v["id"]), "text": "It is my own car, I can show the papers."});
    let (a, b) = tokio::join!(
        m1.post_json("/api/v1/appeals", appeal.clone()),
        m1.post_json("/api/v1/appeals", appeal.clone())
    );
    let mut statuses = [a.status().as_u16(), b.status().as_u16()];
    statuses.sort_unstable();
    assert_eq!(statuses, [201, 409]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM appeals").await, 1);
}
