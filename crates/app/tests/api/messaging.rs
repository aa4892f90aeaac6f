//! Messaging with the office: conversations and who may see them, staff notes, the gate
//! on messages, and the event stream over a real WebSocket: live delivery, resume after a
//! reconnect without loss or duplicates, resync when too far behind, and delivery across
//! two instances on one PostgreSQL.

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::{Message, client::IntoClientRequest};

use crate::db_tests;
use crate::support::{Client, Db, TestApp};

db_tests!(
    a_user_and_the_office_talk_and_nobody_else_listens,
    the_event_stream_resumes_without_loss_or_duplicates,
);

/// A session cookie (`sid=…`) for an account, from a fresh login.
pub(crate) async fn session(base: &str, email: &str, password: &str) -> String {
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "login {email}");
    res.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("sid="))
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string()
}

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) async fn connect(base: &str, cookie: &str, after: Option<i64>) -> Socket {
    let url = format!(
        "{}/api/v1/events{}",
        base.replace("http://", "ws://"),
        after.map(|a| format!("?after={a}")).unwrap_or_default()
    );
    let mut req = url.into_client_request().unwrap();
    req.headers_mut().insert("cookie", cookie.parse().unwrap());
    let (ws, _) = tokio_tungstenite::connect_async(req)
        .await
        .expect("websocket");
    ws
}

/// The next JSON event (skipping pings), or `None` after `ms` of silence.
async fn next(ws: &mut Socket, ms: u64) -> Option<Value> {
    loop {
        let msg = tokio::time::timeout(std::time::Duration::from_millis(ms), ws.next())
            .await
            .ok()??
            .ok()?;
        if let Message::Text(t) = msg {
            return Some(serde_json::from_str(&t).unwrap());
        }
    }
}

async fn start(c: &Client, topic: &str, body: &str) -> Value {
    let res = c
        .post_json(
            "/api/v1/conversations",
            json!({"topic": topic, "body": body}),
        )
        .await;
    let status = res.status();
    let v: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{v}");
    v
}

async fn a_user_and_the_office_talk_and_nobody_else_listens(db: Db) {
    let app = TestApp::spawn(db).await;
    let user = app.verified_user("buyer@example.com").await;
    let other = app.verified_user("nosy@example.com").await;
    let agent = app.staff("agent@example.com", "agent").await;
    let res = user
        .post_json(
            "/api/v1/conversations",
            json!({"topic": "gossip", "body": ""}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let v: Value = res.json().await.unwrap();
    assert!(v["fields"]["topic"].is_string() && v["fields"]["body"].is_string());
    let started = start(
        &user,
        "fraud",
        "I paid a deposit and the seller vanished. I think it is a scam.",
    )
    .await;
    let id = started["conversation"]["id"].as_i64().unwrap();
    assert_eq!(started["conversation"]["urgent"], true);
    assert_eq!(started["conversation"]["team"], "trust_safety");
    let calm = start(
        &user,
        "renew_edit",
        "How do I renew my ad for another month?",
    )
    .await;
    assert_eq!(calm["conversation"]["urgent"], false);
    assert_eq!(calm["conversation"]["team"], "ad_support");
    // The office sees both, urgent first; the seniors were told at once.
    let inbox: Value = agent.json("/api/v1/office/conversations").await;
    assert_eq!(inbox[0]["id"], id);
    assert_eq!(inbox[0]["unread"], 1);
    let urgent: Value = agent.json("/api/v1/office/conversations?urgent=true").await;
    assert_eq!(urgent.as_array().unwrap().len(), 1);
    let teams: Value = agent
        .json("/api/v1/office/conversations?team=ad_support")
        .await;
    assert_eq!(teams[0]["topic"], "renew_edit");
    assert_eq!(user.get("/api/v1/office/conversations").await.status(), 403);
    // An answer, and a note the user never sees.
    let path = format!("/api/v1/conversations/{id}/messages");
    assert_eq!(
        agent
            .post_json(
                &path,
                json!({"body": "Internal: same seller as ticket 12", "internal": true})
            )
            .await
            .status(),
        201
    );
    assert_eq!(
        agent
            .post_json(
                &path,
                json!({"body": "We are looking into it. Please do not pay anything more."})
            )
            .await
            .status(),
        201
    );
    let mine: Value = agent.json("/api/v1/office/conversations?assigned=me").await;
    assert_eq!(mine.as_array().unwrap().len(), 1, "answering assigns it");
    let unassigned: Value = agent
        .json("/api/v1/office/conversations?assigned=none")
        .await;
    assert_eq!(unassigned[0]["topic"], "renew_edit");
    let seen: Value = user.json(&path).await;
    let bodies: Vec<&str> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert!(!seen.to_string().contains("ticket 12"));
    assert_eq!(seen[1]["from"], "staff");
    let staff_view: Value = agent.json(&path).await;
    assert_eq!(staff_view.as_array().unwrap().len(), 3);
    let mine: Value = user.json("/api/v1/conversations").await;
    let this = mine
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap();
    assert_eq!(this["unread"], 1);
    assert_eq!(this["status"], "waiting");
    // Nobody else gets in, or learns the conversation exists.
    assert_eq!(other.get(&path).await.status(), 404);
    assert_eq!(
        other
            .post_json(&path, json!({"body": "hello"}))
            .await
            .status(),
        404
    );
    assert_eq!(
        user.post_json(&path, json!({"body": "x", "internal": true}))
            .await
            .status(),
        403
    );
    // Messages pass the gate.
    let res = user
        .post_json(
            &path,
            json!({"body": "Buy cheap v1agra now at http://bit.ly/x http://bit.ly/y"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"],
        "rejected_by_gate"
    );
}

async fn the_event_stream_resumes_without_loss_or_duplicates(db: Db) {
    let app = TestApp::spawn(db).await;
    let user = app.verified_user("buyer@example.com").await;
    let agent = app.staff("agent@example.com", "agent").await;
    let started = start(&user, "ad_help", "My ad does not show up in search.").await;
    let id = started["conversation"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/conversations/{id}/messages");
    let cookie = session(&app.base, "buyer@example.com", "correct horse battery").await;
    // From the start: the user's own first message is there.
    let mut ws = connect(&app.base, &cookie, Some(0)).await;
    let first = next(&mut ws, 3000).await.expect("the backlog");
    assert_eq!(first["type"], "message");
    assert_eq!(
        first["message"]["body"],
        "My ad does not show up in search."
    );
    // Live.
    agent
        .post_json(&path, json!({"body": "Which ad is it?"}))
        .await;
    let live = next(&mut ws, 3000).await.expect("a live event");
    assert_eq!(live["message"]["body"], "Which ad is it?");
    let last_seen = live["id"].as_i64().unwrap();
    assert!(next(&mut ws, 300).await.is_none(), "nothing twice");
    drop(ws);
    // While the user is away…
    agent
        .post_json(
            &path,
            json!({"body": "Found it: it was waiting for review."}),
        )
        .await;
    agent
        .post_json(&path, json!({"body": "It is published now."}))
        .await;
    // …and back: exactly what was missed, in order, then live again.
    let mut ws = connect(&app.base, &cookie, Some(last_seen)).await;
    let a = next(&mut ws, 3000).await.unwrap();
    let b = next(&mut ws, 3000).await.unwrap();
    assert_eq!(a["message"]["body"], "Found it: it was waiting for review.");
    assert_eq!(b["message"]["body"], "It is published now.");
    assert!(a["id"].as_i64().unwrap() < b["id"].as_i64().unwrap());
    assert!(next(&mut ws, 300).await.is_none());
    user.post_json(
        &format!("/api/v1/conversations/{id}/read"),
        json!({"up_to": b["message"]["id"]}),
    )
    .await;
    agent
        .post_json(&path, json!({"body": "Anything else?"}))
        .await;
    assert_eq!(
        next(&mut ws, 3000).await.unwrap()["message"]["body"],
        "Anything else?"
    );
    // Someone else's stream carries none of it.
    let other = app.verified_user("other@example.com").await;
    let _ = other;
    let other_cookie = session(&app.base, "other@example.com", "correct horse battery").await;
    let mut theirs = connect(&app.base, &other_cookie, Some(0)).await;
    assert!(next(&mut theirs, 500).await.is_none());
    // Too far behind (the events it asks after are gone): told to resync.
    app.sql(&format!("DELETE FROM events WHERE id <= {}", last_seen + 1))
        .await;
    let mut stale = connect(&app.base, &cookie, Some(1)).await;
    assert_eq!(next(&mut stale, 3000).await.unwrap()["type"], "resync");
    // Without a session there is no stream.
    let req = format!("{}/api/v1/events", app.base.replace("http://", "ws://"))
        .into_client_request()
        .unwrap();
    assert!(tokio_tungstenite::connect_async(req).await.is_err());
    ws.send(Message::Close(None)).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_user_on_one_instance_hears_an_agent_on_another() {
    let a = TestApp::spawn(Db::Postgres).await;
    let b = a.another_instance(|c| c.form_min_fill_ms = 0).await;
    let user = a.verified_user("buyer@example.com").await;
    let started = start(&user, "policy", "May I sell second-hand medicine?").await;
    let id = started["conversation"]["id"].as_i64().unwrap();
    let cookie = session(&a.base, "buyer@example.com", "correct horse battery").await;
    let mut ws = connect(&a.base, &cookie, None).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let agent = b.staff("agent@example.com", "agent").await;
    let res = agent
        .post_json(
            &format!("/api/v1/conversations/{id}/messages"),
            json!({"body": "No, medicine is prohibited."}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let got = next(&mut ws, 5000)
        .await
        .expect("delivered across instances");
    assert_eq!(got["message"]["body"], "No, medicine is prohibited.");
}

db_tests!(the_pages_work_without_javascript);

async fn the_pages_work_without_javascript(db: Db) {
    let app = TestApp::spawn(db).await;
    let seller = app.verified_user("seller@example.com").await;
    let created: Value = seller
        .post_json(
            "/api/v1/ads",
            crate::support::ad_body("electronics", "Television, 55 inch"),
        )
        .await
        .json()
        .await
        .unwrap();
    let (ad, url) = (
        created["id"].as_i64().unwrap(),
        created["url"].as_str().unwrap().to_string(),
    );
    let user = app.verified_user("buyer@example.com").await;
    let page = user.get(&url).await.text().await.unwrap();
    let new = format!("/messages/new?ad_id={ad}");
    assert!(
        page.contains(&new.replace('&', "&amp;")) || page.contains(&new),
        "a Message the office button"
    );
    let form = user.get(&new).await.text().await.unwrap();
    assert!(form.contains("Television, 55 inch"));
    let res = user
        .post_form(
            &new,
            "/messages/new",
            &[
                ("topic", "ad_help"),
                ("body", "Is this TV still available?"),
                ("ad_id", &ad.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let thread = res.headers()["location"].to_str().unwrap().to_string();
    let page = user.get(&thread).await.text().await.unwrap();
    assert!(page.contains("Is this TV still available?"));
    assert!(page.contains("data-thread="));
    let agent = app.staff("agent@example.com", "agent").await;
    let inbox = agent.get("/office/inbox").await.text().await.unwrap();
    assert!(inbox.contains(&thread));
    let res = agent
        .post_form(
            &thread,
            &thread,
            &[
                ("body", "Note: seller is slow to answer"),
                ("internal", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = agent
        .post_form(
            &thread,
            &thread,
            &[("body", "Yes, it is. The seller will contact you.")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let page = user.get(&thread).await.text().await.unwrap();
    assert!(page.contains("The seller will contact you."));
    assert!(
        !page.contains("slow to answer"),
        "staff notes stay with staff"
    );
    let staff_page = agent.get(&thread).await.text().await.unwrap();
    assert!(staff_page.contains("slow to answer"));
    assert_eq!(
        app.verified_user("nosy@example.com")
            .await
            .get(&thread)
            .await
            .status(),
        404
    );
    // Resolved, then rated.
    let res = user
        .post_form(&thread, &format!("{thread}/resolve"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let res = user
        .post_form(
            &thread,
            &format!("{thread}/rate"),
            &[("rating", "5"), ("comment", "Quick and kind")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let mine: Value = user.json("/api/v1/conversations").await;
    assert_eq!(mine[0]["rating"], 5);
    assert_eq!(mine[0]["status"], "resolved");
}

db_tests!(an_unread_answer_is_mailed_once_and_not_when_read_in_time);

async fn an_unread_answer_is_mailed_once_and_not_when_read_in_time(db: Db) {
    use classifieds::messaging::mailer::run_once;
    let app = TestApp::spawn(db).await;
    let user = app.verified_user("buyer@example.com").await;
    let agent = app.staff("agent@example.com", "agent").await;
    let prefs: Value = user.json("/api/v1/me/message-mail").await;
    assert_eq!(prefs, json!({"delay_minutes": 5, "off": false}));
    let started = start(&user, "account", "I cannot change my email address.").await;
    let id = started["conversation"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/conversations/{id}/messages");
    agent
        .post_json(&path, json!({"body": "Which address do you want to use?"}))
        .await;
    agent
        .post_json(
            &path,
            json!({"body": "Also: did the confirmation mail arrive?"}),
        )
        .await;
    // Not yet: the default is five minutes.
    assert_eq!(run_once(&app.state).await.unwrap(), 0);
    // Five minutes later (moved back in time), both answers in one mail.
    app.sql("UPDATE messages SET created_at = created_at - 301")
        .await;
    assert_eq!(run_once(&app.state).await.unwrap(), 1);
    assert_eq!(run_once(&app.state).await.unwrap(), 0, "once only");
    let mails = app.smtp.wait_for("buyer@example.com", 2).await;
    let mail = mails
        .iter()
        .find(|m| m.subject.contains("unread answer"))
        .expect("the unread mail");
    assert!(mail.body.contains("Which address do you want to use?"));
    assert!(mail.body.contains("did the confirmation mail arrive?"));
    assert!(mail.body.contains(&format!("/messages/{id}")));
    // Read in time: no mail.
    agent
        .post_json(&path, json!({"body": "I changed it for you."}))
        .await;
    let msgs: Value = user.json(&path).await;
    let newest = msgs.as_array().unwrap().last().unwrap()["id"]
        .as_i64()
        .unwrap();
    user.post_json(
        &format!("/api/v1/conversations/{id}/read"),
        json!({"up_to": newest}),
    )
    .await;
    app.sql("UPDATE messages SET created_at = created_at - 301")
        .await;
    assert_eq!(run_once(&app.state).await.unwrap(), 0);
    // The unsubscribe link works without logging in, and then nothing is mailed.
    let link = crate::support::link_in(&mail.body, "/messages/unsubscribe");
    let res = app.client().get(&link).await;
    assert_eq!(res.status(), 200);
    assert!(res.text().await.unwrap().contains("No more mails"));
    assert_eq!(user.json("/api/v1/me/message-mail").await["off"], true);
    agent
        .post_json(&path, json!({"body": "One more thing."}))
        .await;
    app.sql("UPDATE messages SET created_at = created_at - 301")
        .await;
    assert_eq!(run_once(&app.state).await.unwrap(), 0);
    let forged = link.replace("token=", "token=0");
    assert_eq!(app.client().get(&forged).await.status(), 404);
    // A person may choose another delay, within reason.
    let res = user
        .put_json(
            "/api/v1/me/message-mail",
            json!({"delay_minutes": 100000, "off": false}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        user.put_json(
            "/api/v1/me/message-mail",
            json!({"delay_minutes": 1, "off": false})
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        run_once(&app.state).await.unwrap(),
        1,
        "the message from before is due under the new delay"
    );
}
