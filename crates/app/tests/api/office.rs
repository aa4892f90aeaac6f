//! The office's side of messaging: routing rules and round-robin assignment with
//! capacity and presence, team scope, SLA clocks in business time with warnings and
//! breach alerts recorded once, full-text search within each person's scope, canned
//! replies and the context panel, typing signals and delivery receipts over the socket,
//! and the live bell.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::db_tests;
use crate::support::{Client, Db, TestApp, ad_body};

db_tests!(
    routing_and_round_robin_assignment_honour_capacity,
    sla_clocks_count_business_hours_and_alert_once,
    search_finds_messages_within_each_scope,
    canned_replies_and_the_context_panel,
    typing_receipts_and_the_bell_arrive_live,
    the_team_board_shows_load_and_lets_each_role_do_its_part,
);

async fn id_of(c: &Client) -> i64 {
    c.json("/api/v1/me").await["id"].as_i64().unwrap()
}

async fn start(c: &Client, body: Value) -> Value {
    let res = c.post_json("/api/v1/conversations", body).await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v["conversation"].clone()
}

async fn member(admin: &Client, team: &str, user: i64, max_open: i32, senior: bool) {
    let res = admin
        .post_json(
            "/api/v1/office/team-members",
            json!({"team": team, "user_id": user, "max_open": max_open, "senior": senior}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
}

async fn available(c: &Client, yes: bool) {
    let res = c
        .put_json("/api/v1/office/presence", json!({"available": yes}))
        .await;
    assert_eq!(res.status(), 204);
}

async fn routing_and_round_robin_assignment_honour_capacity(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let (a, b, c) = (
        app.staff("ann@example.com", "agent").await,
        app.staff("ben@example.com", "agent").await,
        app.staff("cat@example.com", "agent").await,
    );
    let (ida, idb, idc) = (id_of(&a).await, id_of(&b).await, id_of(&c).await);
    // Only admins build teams, and only out of staff.
    assert_eq!(
        a.post_json(
            "/api/v1/office/team-members",
            json!({"team": "ad_support", "user_id": ida})
        )
        .await
        .status(),
        403
    );
    let user = app.verified_user("seller@example.com").await;
    let uid = id_of(&user).await;
    let res = admin
        .post_json(
            "/api/v1/office/team-members",
            json!({"team": "ad_support", "user_id": uid}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = admin
        .post_json(
            "/api/v1/office/team-members",
            json!({"team": "no_such_team", "user_id": ida}),
        )
        .await;
    assert_eq!(res.status(), 422);
    member(&admin, "ad_support", ida, 1, false).await;
    member(&admin, "ad_support", idb, 2, false).await;
    member(&admin, "trust_safety", idc, 5, true).await;
    for s in [&a, &b, &c] {
        available(s, true).await;
    }
    // Routing rules: vehicle papers go to Trust & Safety whatever the topic.
    let mut cfg: Value = admin.json("/api/v1/office/messaging/config").await;
    cfg["rules"] =
        json!([{"category": "vehicles", "keywords": ["papers"], "team": "trust_safety"}]);
    let res = admin
        .put_json("/api/v1/office/messaging/config", cfg.clone())
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let mut bad = cfg.clone();
    bad["rules"] = json!([{"team": "nowhere"}]);
    assert_eq!(
        admin
            .put_json("/api/v1/office/messaging/config", bad)
            .await
            .status(),
        422
    );
    assert_eq!(
        a.put_json("/api/v1/office/messaging/config", cfg)
            .await
            .status(),
        403
    );
    let res = user
        .post_json(
            "/api/v1/ads",
            ad_body("vehicles", "Toyota Corolla 2015, one owner"),
        )
        .await;
    assert_eq!(res.status(), 201);
    let ad: Value = res.json().await.unwrap();
    let car = start(
        &user,
        json!({"topic": "ad_help", "ad_id": ad["id"], "body": "Which papers do I need to sell my car here?"}),
    )
    .await;
    assert_eq!(car["team"], "trust_safety", "the rule wins over the topic");
    assert_eq!(car["assigned_to"], idc);
    // Round robin with limits: Ann (1) and Ben (2) share Ad Support.
    let mut got = Vec::new();
    for n in 0..4 {
        let c = start(
            &user,
            json!({"topic": "renew_edit", "body": format!("Please help me renew my ad number {n} for another month.")}),
        )
        .await;
        assert_eq!(c["team"], "ad_support");
        got.push((c["id"].as_i64().unwrap(), c["assigned_to"].as_i64()));
    }
    assert_eq!(got[0].1, Some(ida));
    assert_eq!(got[1].1, Some(idb));
    assert_eq!(got[2].1, Some(idb), "Ann is full at one");
    assert_eq!(
        got[3].1, None,
        "everyone is full: it waits in the team queue"
    );
    let queue: Value = a.json("/api/v1/office/conversations?assigned=none").await;
    assert_eq!(queue.as_array().unwrap().len(), 1);
    // Ann resolves hers and gets the waiting one at once.
    let res = a
        .post_empty(&format!("/api/v1/conversations/{}/resolve", got[0].0))
        .await;
    assert_eq!(res.status(), 200);
    let mine: Value = a
        .json("/api/v1/office/conversations?assigned=me&status=open")
        .await;
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(mine[0]["id"], got[3].0);
    // An agent who stepped away gets nothing new; back, they do.
    available(&a, false).await;
    available(&b, false).await;
    let waiting = start(
        &user,
        json!({"topic": "ad_help", "body": "My photos do not upload, what should I do?"}),
    )
    .await;
    assert!(waiting["assigned_to"].is_null());
    app.sql(&format!(
        "UPDATE conversations SET status = 'resolved' WHERE id IN ({}, {})",
        got[1].0, got[2].0
    ))
    .await;
    available(&b, true).await;
    let theirs: Value = b
        .json("/api/v1/office/conversations?assigned=me&status=open")
        .await;
    assert_eq!(theirs[0]["id"], waiting["id"]);
    // Team scope: Cat (Trust & Safety) sees none of Ad Support's conversations.
    let seen: Value = c.json("/api/v1/office/conversations").await;
    assert!(
        seen.as_array()
            .unwrap()
            .iter()
            .all(|x| x["team"] == "trust_safety")
    );
    let path = format!("/api/v1/conversations/{}/messages", got[1].0);
    assert_eq!(c.get(&path).await.status(), 404);
    assert_eq!(
        c.post_json(&path, json!({"body": "hi"})).await.status(),
        404
    );
    // A dispatcher (Cat is a senior, but of another team) cannot hand Ad Support's work
    // out; the admin can, to staff who may see it only.
    let assign = format!("/api/v1/office/conversations/{}/assign", waiting["id"]);
    assert_eq!(c.post_json(&assign, json!({"to": idc})).await.status(), 404);
    assert_eq!(
        a.post_json(&assign, json!({"to": ida})).await.status(),
        200,
        "taking it myself"
    );
    assert_eq!(a.post_json(&assign, json!({"to": idb})).await.status(), 403);
    assert_eq!(
        admin.post_json(&assign, json!({"to": idc})).await.status(),
        422
    );
    assert_eq!(
        admin.post_json(&assign, json!({"to": idb})).await.status(),
        200
    );
    // Moving it to Trust & Safety puts it in Cat's hands and out of Ann's sight.
    let transfer = format!("/api/v1/office/conversations/{}/transfer", waiting["id"]);
    let moved: Value = admin
        .post_json(&transfer, json!({"team": "trust_safety"}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(moved["assigned_to"], idc);
    let trail: Value = admin
        .json(&format!(
            "/api/v1/office/audit?subject=conversation:{}",
            waiting["id"]
        ))
        .await;
    let actions: Vec<&str> = trail["items"]
        .as_array()
        .or(trail.as_array())
        .map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        actions.contains(&"messaging.conversation.transfer"),
        "{trail}"
    );
    assert!(
        actions.contains(&"messaging.conversation.assign"),
        "{trail}"
    );
}

async fn sla_clocks_count_business_hours_and_alert_once(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let senior = app.staff("sue@example.com", "agent").await;
    let sid = id_of(&senior).await;
    member(&admin, "general", sid, 10, true).await;
    // An office open around the clock, except today and tomorrow (holidays).
    let now = classifieds::platform::util::now();
    let today = now.div_euclid(86_400);
    let date = |d: i64| {
        let j = time::Date::from_julian_day((d + 2_440_588) as i32).unwrap();
        format!("{:04}-{:02}-{:02}", j.year(), u8::from(j.month()), j.day())
    };
    let mut cfg: Value = admin.json("/api/v1/office/messaging/config").await;
    cfg["calendar"] = json!({
        "utc_offset_minutes": 0,
        "week": vec![json!({"open": "00:00", "close": "24:00"}); 7],
        "holidays": [date(today), date(today + 1)],
    });
    cfg["targets"] = json!({
        "*/normal": {"first_response": 60, "next_response": 120, "resolution": 600},
        "*/urgent": {"first_response": 30, "next_response": 60, "resolution": 300},
    });
    cfg["warn_before_minutes"] = json!(15);
    let res = admin.put_json("/api/v1/office/messaging/config", cfg).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    let user = app.verified_user("asker@example.com").await;
    let c = start(
        &user,
        json!({"topic": "policy", "body": "May I advertise second-hand car seats for babies?"}),
    )
    .await;
    let id = c["id"].as_i64().unwrap();
    // The clock only starts after the holidays: due an hour into the day after tomorrow.
    let opens = (today + 2) * 86_400;
    let inbox: Value = senior.json("/api/v1/office/conversations").await;
    assert_eq!(inbox[0]["due"]["kind"], "first_response");
    assert_eq!(inbox[0]["due"]["due_at"], opens + 3600);
    assert_eq!(inbox[0]["due"]["breached"], false);
    let state = &app.state;
    use classifieds::messaging::clocks::{Tick, tick};
    assert_eq!(
        tick(state, opens).await.unwrap(),
        Tick::default(),
        "not yet"
    );
    assert_eq!(
        tick(state, opens + 3600 - 600).await.unwrap(),
        Tick {
            warned: 1,
            breached: 0
        }
    );
    assert_eq!(
        tick(state, opens + 3600 - 300).await.unwrap(),
        Tick::default(),
        "warned once"
    );
    assert_eq!(
        tick(state, opens + 3601).await.unwrap(),
        Tick {
            warned: 0,
            breached: 1
        }
    );
    assert_eq!(
        tick(state, opens + 3700).await.unwrap(),
        Tick::default(),
        "alerted once"
    );
    let notes: Value = senior.json("/api/v1/notifications").await;
    let kinds: Vec<&str> = notes["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "notice-sla-warning").count(),
        1,
        "{kinds:?}"
    );
    assert_eq!(
        kinds
            .iter()
            .filter(|k| **k == "notice-sla-breached")
            .count(),
        1
    );
    // The answer stops the response clock (a miss, recorded) and pauses resolution while
    // the conversation waits on the user: no clock shows.
    let path = format!("/api/v1/conversations/{id}/messages");
    assert_eq!(
        senior
            .post_json(
                &path,
                json!({"body": "Yes, if they meet the safety standard."})
            )
            .await
            .status(),
        201
    );
    let inbox: Value = senior.json("/api/v1/office/conversations").await;
    assert!(inbox[0]["due"].is_null(), "{}", inbox[0]);
    // The user writes again: the office owes the next answer within two business hours.
    assert_eq!(
        user.post_json(&path, json!({"body": "Thanks! And second-hand cots?"}))
            .await
            .status(),
        201
    );
    let inbox: Value = senior.json("/api/v1/office/conversations").await;
    assert_eq!(inbox[0]["due"]["kind"], "next_response");
    assert_eq!(inbox[0]["due"]["due_at"], opens + 2 * 3600);
    assert_eq!(
        user.post_empty(&format!("/api/v1/conversations/{id}/resolve"))
            .await
            .status(),
        200
    );
    let rows = classifieds::messaging::entity::sla_clock::Entity::find()
        .filter(classifieds::messaging::entity::sla_clock::Column::ConversationId.eq(id))
        .all(&state.db)
        .await
        .unwrap();
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let outcome = |kind: &str| {
        rows.iter()
            .find(|r| r.kind == kind)
            .map(|r| (r.stopped_at.is_some(), r.met))
            .unwrap()
    };
    assert_eq!(
        outcome("first_response"),
        (true, Some(false)),
        "a recorded miss"
    );
    assert_eq!(
        outcome("next_response"),
        (true, Some(true)),
        "a recorded hit"
    );
    assert_eq!(outcome("resolution"), (true, Some(true)));
    // Writing again reopens it (recorded in the audit log) with fresh clocks; words of
    // a threat make it urgent and the seniors hear at once.
    assert_eq!(
        user.post_json(
            &path,
            json!({"body": "The buyer threatened me and says he will call the police."})
        )
        .await
        .status(),
        201
    );
    let inbox: Value = senior.json("/api/v1/office/conversations").await;
    assert_eq!(inbox[0]["status"], "open");
    assert_eq!(inbox[0]["urgent"], true);
    assert_eq!(inbox[0]["due"]["kind"], "next_response");
    assert_eq!(
        inbox[0]["due"]["due_at"],
        opens + 3600,
        "urgent targets now"
    );
    let notes: Value = senior.json("/api/v1/notifications").await;
    assert!(
        notes["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "urgent_conversation")
    );
    // Nobody on duty was online, so the senior is mailed as well.
    let mail = app.smtp.wait_for("sue@example.com", 1).await;
    assert!(
        mail.iter()
            .any(|m| m.subject == "Urgent: a conversation needs someone now"),
        "{:?}",
        mail.iter().map(|m| &m.subject).collect::<Vec<_>>()
    );
    let trail: Value = admin
        .json(&format!("/api/v1/office/audit?subject=conversation:{id}"))
        .await;
    let reopened = trail.as_array().unwrap().iter().any(|e| {
        e["action"] == "messaging.conversation.status"
            && e["before"].as_str().is_some_and(|b| b.contains("resolved"))
    });
    assert!(reopened, "{trail}");
}

async fn search_finds_messages_within_each_scope(db: Db) {
    let app = TestApp::spawn(db).await;
    let agent = app.staff("agent@example.com", "agent").await;
    let ann = app.verified_user("ann@example.com").await;
    let bob = app.verified_user("bob@example.com").await;
    let a = start(
        &ann,
        json!({"topic": "other", "body": "The bicycle frame I bought arrived cracked."}),
    )
    .await;
    start(
        &bob,
        json!({"topic": "other", "body": "My washing machine ad disappeared."}),
    )
    .await;
    let path = format!("/api/v1/conversations/{}/messages", a["id"]);
    assert_eq!(
        agent
            .post_json(
                &path,
                json!({"body": "Seller flagged: zebrafish account", "internal": true})
            )
            .await
            .status(),
        201
    );
    let found: Value = ann.json("/api/v1/conversations?q=BICYCLE").await;
    assert_eq!(found.as_array().unwrap().len(), 1);
    assert_eq!(found[0]["id"], a["id"]);
    let found: Value = ann.json("/api/v1/conversations?q=cracke").await;
    assert_eq!(found.as_array().unwrap().len(), 1, "prefixes match");
    let none: Value = ann.json("/api/v1/conversations?q=washing").await;
    assert!(none.as_array().unwrap().is_empty(), "not someone else's");
    let none: Value = ann.json("/api/v1/conversations?q=zebrafish").await;
    assert!(none.as_array().unwrap().is_empty(), "never a staff note");
    let staff: Value = agent.json("/api/v1/office/conversations?q=washing").await;
    assert_eq!(staff.as_array().unwrap().len(), 1);
    let staff: Value = agent.json("/api/v1/office/conversations?q=zebrafish").await;
    assert_eq!(staff[0]["id"], a["id"]);
    let staff: Value = agent.json("/api/v1/office/conversations?q=%22%29%2A").await;
    assert!(staff.as_array().unwrap().len() >= 2, "no words: no filter");
    // The pages search too.
    let page = ann.get("/messages?q=bicycle").await.text().await.unwrap();
    assert!(page.contains(&format!("/messages/{}", a["id"])));
}

async fn canned_replies_and_the_context_panel(db: Db) {
    let app = TestApp::spawn(db).await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let agent = app.staff("agent@example.com", "agent").await;
    let seller = app.verified_user("seller@example.com").await;
    for (lang, title, body) in [
        ("en", "Renewal", "You can renew your ad from My ads."),
        (
            "af",
            "Hernuwing",
            "Jy kan jou advertensie by My advertensies hernu.",
        ),
    ] {
        let res = moderator
            .post_json(
                "/api/v1/office/canned",
                json!({"team": "ad_support", "language": lang, "title": title, "body": body}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let res = moderator
        .post_json(
            "/api/v1/office/canned",
            json!({"language": "xx", "title": "", "body": "x"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert!(v["fields"]["language"].is_string() && v["fields"]["title"].is_string());
    assert_eq!(
        agent
            .post_json(
                "/api/v1/office/canned",
                json!({"language": "en", "title": "t", "body": "b"})
            )
            .await
            .status(),
        403
    );
    assert_eq!(seller.get("/api/v1/office/canned").await.status(), 403);
    let af: Value = agent
        .json("/api/v1/office/canned?team=ad_support&language=af")
        .await;
    assert_eq!(af[0]["language"], "af", "the conversation's language first");
    assert_eq!(af.as_array().unwrap().len(), 2);
    // The context: the ad with its status and reports, the user's record.
    let res = seller
        .post_json(
            "/api/v1/ads",
            ad_body("electronics", "Samsung television 55 inch"),
        )
        .await;
    let ad: Value = res.json().await.unwrap();
    let reporter = app.verified_user("reporter@example.com").await;
    let res = reporter
        .post_json(
            &format!("/api/v1/ads/{}/reports", ad["id"]),
            json!({"reason": "suspicious", "comment": "Price too good"}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let c = start(
        &seller,
        json!({"topic": "renew_edit", "ad_id": ad["id"], "body": "Goeiemiddag, ek wil graag my advertensie hernu want dit het verval."}),
    )
    .await;
    assert_eq!(c["language"], "af");
    let ctx: Value = agent
        .json(&format!("/api/v1/office/conversations/{}/context", c["id"]))
        .await;
    assert_eq!(ctx["ad"]["id"], ad["id"]);
    assert_eq!(ctx["ad"]["reports"], 1);
    assert_eq!(ctx["user"]["email"], "seller@example.com");
    assert_eq!(
        seller
            .get(&format!("/api/v1/office/conversations/{}/context", c["id"]))
            .await
            .status(),
        403
    );
    // The staff page shows it all, the canned replies in Afrikaans first; a canned reply
    // fills the answer without JavaScript. The user's page shows none of it.
    let page = agent
        .get(&format!("/messages/{}?canned={}", c["id"], af[0]["id"]))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("data-context"));
    assert!(page.contains("Samsung television 55 inch"));
    assert!(page.contains(">Jy kan jou advertensie by My advertensies hernu.</textarea>"));
    let theirs = seller
        .get(&format!("/messages/{}", c["id"]))
        .await
        .text()
        .await
        .unwrap();
    assert!(!theirs.contains("data-context") && !theirs.contains("Hernuwing"));
}

use crate::messaging::{Socket, connect, session};

async fn socket(app: &TestApp, email: &str, password: &str) -> Socket {
    let cookie = session(&app.base, email, password).await;
    connect(&app.base, &cookie, None).await
}

/// The next event of a type, or `None` after `ms` without one.
async fn next_of(ws: &mut Socket, kind: &str, ms: u64) -> Option<Value> {
    let until = tokio::time::Instant::now() + std::time::Duration::from_millis(ms);
    loop {
        let msg = tokio::time::timeout_at(until, ws.next())
            .await
            .ok()??
            .ok()?;
        if let Message::Text(t) = msg {
            let v: Value = serde_json::from_str(&t).unwrap();
            if v["type"] == kind {
                return Some(v);
            }
        }
    }
}

async fn typing_receipts_and_the_bell_arrive_live(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let agent = app.staff("agent@example.com", "agent").await;
    let aid = id_of(&agent).await;
    let user = app.verified_user("buyer@example.com").await;
    let c = start(
        &user,
        json!({"topic": "other", "body": "Hello, is anyone there?"}),
    )
    .await;
    let cid = c["id"].as_i64().unwrap();
    let mut u = socket(&app, "buyer@example.com", "correct horse battery").await;
    let mut s = socket(&app, "agent@example.com", "staff password 123").await;
    let stranger = app.verified_user("stranger@example.com").await;
    drop(stranger);
    let mut x = socket(&app, "stranger@example.com", "correct horse battery").await;
    // The agent types: the user sees it; the stranger's signal about someone else's
    // conversation goes nowhere.
    s.send(Message::Text(
        json!({"type": "typing", "conversation_id": cid})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let t = next_of(&mut u, "typing", 5000)
        .await
        .expect("typing reaches the user");
    assert_eq!(t["by"], "staff");
    x.send(Message::Text(
        json!({"type": "typing", "conversation_id": cid})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    x.send(Message::Text("not json at all".into()))
        .await
        .unwrap();
    assert!(next_of(&mut s, "typing", 800).await.is_none());
    // The answer arrives; the user's device acknowledges it and the agent sees it delivered,
    // then read.
    let res = agent
        .post_json(
            &format!("/api/v1/conversations/{cid}/messages"),
            json!({"body": "Yes, how can we help?"}),
        )
        .await;
    let m: Value = res.json().await.unwrap();
    let got = next_of(&mut u, "message", 5000).await.unwrap();
    assert_eq!(got["message"]["id"], m["id"]);
    u.send(Message::Text(
        json!({"type": "received", "conversation_id": cid, "up_to": m["id"]})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let d = next_of(&mut s, "delivered", 5000).await.expect("delivered");
    assert_eq!(d["up_to"], m["id"]);
    let page = agent
        .get(&format!("/messages/{cid}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Delivered"), "the receipt is kept");
    let res = user
        .post_json(
            &format!("/api/v1/conversations/{cid}/read"),
            json!({"up_to": m["id"]}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let r = next_of(&mut s, "read", 5000).await.expect("read");
    assert_eq!(r["by"], "user");
    // The bell: a notification made anywhere (here: the admin hands the agent a
    // conversation) reaches the agent's socket without anyone waking it by hand.
    let other = start(
        &user,
        json!({"topic": "account", "body": "I cannot change my email."}),
    )
    .await;
    let res = admin
        .post_json(
            &format!("/api/v1/office/conversations/{}/assign", other["id"]),
            json!({"to": aid}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let n = next_of(&mut s, "notification", 5000)
        .await
        .expect("the bell rings");
    assert_eq!(n["kind"], "conversation_assigned");
    // A script flooding its socket with signals gets a burst through, then nothing.
    for _ in 0..60 {
        s.send(Message::Text(
            json!({"type": "typing", "conversation_id": cid})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
    }
    let mut heard = 0;
    while next_of(&mut u, "typing", 1500).await.is_some() {
        heard += 1;
    }
    assert!(
        (5..=21).contains(&heard),
        "{heard} of 60 signals went through"
    );
}

async fn the_team_board_shows_load_and_lets_each_role_do_its_part(db: Db) {
    let app = TestApp::spawn(db).await;
    let admin = app.staff("admin@example.com", "admin").await;
    let moderator = app.staff("mod@example.com", "moderator").await;
    let agent = app.staff("agent@example.com", "agent").await;
    let user = app.verified_user("someone@example.com").await;
    assert_eq!(user.get("/office/team").await.status(), 403);
    // The admin puts the agent in Ad Support by email; an unknown address or a user's
    // is refused on the page with the field marked, and nothing is stored.
    let res = admin
        .post_form(
            "/office/team",
            "/office/team/members",
            &[
                ("team", "ad_support"),
                ("email", "nobody@example.com"),
                ("max_open", "3"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("id=\"email-error\""), "the field is marked");
    let res = admin
        .post_form(
            "/office/team",
            "/office/team/members",
            &[("team", "ad_support"), ("email", "someone@example.com")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let members: Value = admin.json("/api/v1/office/team-members").await;
    assert!(members.as_array().unwrap().is_empty());
    let res = admin
        .post_form(
            "/office/team",
            "/office/team/members",
            &[
                ("team", "ad_support"),
                ("email", "Agent@Example.com"),
                ("max_open", "3"),
                ("senior", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    // Agents see the board but cannot change it.
    let res = agent
        .post_form(
            "/office/team",
            "/office/team/members",
            &[("team", "general"), ("email", "agent@example.com")],
        )
        .await;
    assert_eq!(res.status(), 403);
    available(&agent, true).await;
    start(
        &user,
        json!({"topic": "ad_help", "body": "My photos will not upload."}),
    )
    .await;
    let board = agent.get("/office/team").await.text().await.unwrap();
    assert!(board.contains("agent@example.com"));
    assert!(board.contains("1 / 3"), "one open of three");
    assert!(board.contains("Online"));
    // Canned replies: moderators add and remove them here; agents cannot.
    let res = agent
        .post_form(
            "/office/team",
            "/office/canned",
            &[
                ("language", "en"),
                ("title", "Photos"),
                ("body", "Try a smaller photo."),
            ],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = moderator
        .post_form(
            "/office/team",
            "/office/canned",
            &[
                ("team", ""),
                ("language", "en"),
                ("title", ""),
                ("body", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = moderator
        .post_form(
            "/office/team",
            "/office/canned",
            &[
                ("team", "ad_support"),
                ("language", "en"),
                ("title", "Photos"),
                ("body", "Try a photo under 5 MB."),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let canned: Value = agent.json("/api/v1/office/canned?language=en").await;
    assert_eq!(canned[0]["title"], "Photos");
    let id = canned[0]["id"].as_i64().unwrap();
    let res = moderator
        .post_form("/office/team", &format!("/office/canned/{id}/delete"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let canned: Value = agent.json("/api/v1/office/canned").await;
    assert!(canned.as_array().unwrap().is_empty());
    // Removing the agent from the team: only admins.
    let aid = id_of(&agent).await.to_string();
    let remove = [("team", "ad_support"), ("user_id", aid.as_str())];
    assert_eq!(
        agent
            .post_form("/office/team", "/office/team/members/remove", &remove)
            .await
            .status(),
        403
    );
    assert_eq!(
        admin
            .post_form("/office/team", "/office/team/members/remove", &remove)
            .await
            .status(),
        303
    );
}
