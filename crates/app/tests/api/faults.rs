//! Faults: the database going away and coming back, an unreachable database at start,
//! and `kill -9` in the middle of posting.

use std::process::{Child, Command, Stdio};
use std::time::Duration;

use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

use crate::support::{Db, TestApp, ad_body, pg_admin_url};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_outage_gives_503_and_the_site_recovers() {
    let app = TestApp::spawn(Db::Postgres).await;
    let visitor = app.client();
    assert_eq!(visitor.get("/").await.status(), 200);
    let name = url::Url::parse(&app.db_url)
        .unwrap()
        .path()
        .trim_start_matches('/')
        .to_string();
    let admin = sea_orm::Database::connect(pg_admin_url()).await.unwrap();
    admin
        .execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"))
        .await
        .unwrap();
    admin
        .execute_unprepared(&format!(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
        ))
        .await
        .unwrap();
    let mut saw_503 = false;
    let mut seen = Vec::new();
    for _ in 0..5 {
        let res = visitor.get("/api/v1/categories").await;
        seen.push(res.status().as_u16());
        if res.status() == 503 {
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"], "service_unavailable");
            saw_503 = true;
            break;
        }
    }
    assert!(saw_503, "requests during the outage get 503, got {seen:?}");
    let page = visitor.get("/").await;
    assert_eq!(page.status(), 503);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("trouble reaching its database")
    );
    admin
        .execute_unprepared(&format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"))
        .await
        .unwrap();
    let mut recovered = false;
    for _ in 0..40 {
        if visitor.get("/api/v1/categories").await.status() == 200 {
            recovered = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(recovered, "the site recovers without a restart");
}

fn binary() -> Command {
    Command::new(env!("CARGO_BIN_EXE_classifieds"))
}

#[test]
fn an_unreachable_database_at_start_is_a_clear_error() {
    let out = binary()
        .args([
            "migrate",
            "--database-url",
            "postgres://nobody@127.0.0.1:1/none",
        ])
        .output()
        .expect("run classifieds");
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("cannot connect to the database"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn spam_cli_checks_imports_exports_and_trains() {
    use std::io::Write;
    let dir = tempfile::tempdir().unwrap();
    let run = |args: &[&str], stdin: &str| {
        let mut child = binary()
            .args(args)
            .arg("--data-dir")
            .arg(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(stdin.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    let input = concat!(
        r#"{"title":"Oak table","description":"Solid oak table, seats six.","category":"home-garden"}"#,
        "\n",
        r#"{"title":"Cheap viagra","description":"Buy viagra now","category":"electronics"}"#,
        "\n",
        "not json\n",
    );
    let out = run(&["spam", "check"], input);
    let lines: Vec<Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "one line out per line in");
    assert_eq!(lines[0]["action"], "accept");
    assert_eq!(lines[1]["action"], "reject");
    assert!(
        lines[1]["signals"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s["name"] == "keyword")
    );
    assert_eq!(lines[2]["error"], "invalid_line");
    // Rules: export, import a new one, and the check sees it.
    let exported = run(&["spam", "rules", "export"], "");
    assert!(exported.lines().count() > 40 && exported.contains("\"pattern\":\"viagra\""));
    let rules = dir.path().join("rules.jsonl");
    std::fs::write(
        &rules,
        r#"{"pattern":"oak table","match":"phrase","category":null,"action":"block","score":10}"#,
    )
    .unwrap();
    run(
        &[
            "spam",
            "rules",
            "import",
            "--input",
            rules.to_str().unwrap(),
        ],
        "",
    );
    let out = run(
        &["spam", "check"],
        r#"{"title":"Oak table","description":"Solid oak table.","category":"home-garden"}"#,
    );
    assert!(out.contains("\"action\":\"reject\""), "{out}");
    // Training makes a new active version; listing shows both.
    let data = dir.path().join("train.jsonl");
    let mut text = String::new();
    for i in 0..20 {
        text.push_str(&format!(
            "{{\"title\":\"Win a prize {i}\",\"description\":\"claim now\",\"label\":\"spam\"}}\n"
        ));
        text.push_str(&format!(
            "{{\"title\":\"Bicycle {i}\",\"description\":\"good condition\",\"label\":\"ham\"}}\n"
        ));
    }
    std::fs::write(&data, text).unwrap();
    // A fresh site has no model of its own (the shipped one is built in): training
    // twice makes versions 1 and 2.
    let out = run(&["spam", "train", "--input", data.to_str().unwrap()], "");
    assert!(
        out.contains("Model version 1") && out.contains("20 spam and 20 ham"),
        "{out}"
    );
    let out = run(&["spam", "train", "--input", data.to_str().unwrap()], "");
    assert!(out.contains("Model version 2"), "{out}");
    let list = run(&["spam", "model", "list"], "");
    assert!(
        list.lines()
            .any(|l| l.starts_with('*') && l.contains(" 2 ")),
        "{list}"
    );
    run(&["spam", "model", "activate", "--version", "1"], "");
    assert!(
        run(&["spam", "model", "list"], "")
            .lines()
            .any(|l| l.starts_with('*') && l.contains(" 1 "))
    );
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn start(dir: &std::path::Path, port: u16) -> Server {
    // Wrapped in `Server` at once, whose Drop kills and waits for it.
    let server = Server(
        binary()
            .args([
                "serve",
                "--no-demo",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--data-dir",
            ])
            .arg(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start server"),
    );
    for _ in 0..100 {
        if reqwest::get(format!("http://127.0.0.1:{port}/api/v1/categories"))
            .await
            .is_ok()
        {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("server did not start");
}

/// A solved `ad_post` CAPTCHA from a running binary (`None` once it is gone).
async fn solved_captcha(client: &reqwest::Client, base: &str) -> Option<String> {
    let c: Value = client
        .get(format!("{base}/api/v1/captcha?action=ad_post"))
        .send()
        .await
        .ok()?
        .json()
        .await
        .ok()?;
    let n = antispam::pow::solve(
        c["salt"].as_str()?,
        c["challenge"].as_str()?,
        c["max_number"].as_u64()?,
    )?;
    Some(format!("{}.{n}", c["token"].as_str()?))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_9_while_posting_loses_no_committed_ad_and_leaves_no_half_ad() {
    let dir = tempfile::tempdir().unwrap();
    let status = binary()
        .args([
            "admin",
            "create",
            "--email",
            "poster@example.com",
            "--role",
            "admin",
            "--password",
            "long enough password",
            "--data-dir",
        ])
        .arg(dir.path())
        .status()
        .unwrap();
    assert!(status.success());
    let port = free_port();
    let mut server = start(dir.path(), port).await;
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap();
    let res = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": "poster@example.com", "password": "long enough password"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<i64>();
    let mut tasks = Vec::new();
    for worker in 0..6 {
        let (client, base, tx) = (client.clone(), base.clone(), tx.clone());
        tasks.push(tokio::spawn(async move {
            for i in 0..200 {
                let body = ad_body("vehicles", &format!("Crash test ad {worker} {i}"));
                let Some(captcha) = solved_captcha(&client, &base).await else {
                    return;
                };
                match client
                    .post(format!("{base}/api/v1/ads"))
                    .header("x-captcha", captcha)
                    .json(&body)
                    .send()
                    .await
                {
                    Ok(r) if r.status() == 201 => {
                        let v: Value = r.json().await.unwrap_or_default();
                        if let Some(id) = v["id"].as_i64() {
                            let _ = tx.send(id);
                        }
                    }
                    _ => return,
                }
            }
        }));
    }
    drop(tx);
    let mut confirmed = Vec::new();
    while let Some(id) = rx.recv().await {
        confirmed.push(id);
        if confirmed.len() == 60 {
            server.0.kill().unwrap(); // SIGKILL, mid-flight
            let _ = server.0.wait();
        }
    }
    for t in tasks {
        let _ = t.await;
    }
    assert!(confirmed.len() >= 60);
    let _server = start(dir.path(), port).await;
    let db = sea_orm::Database::connect(format!(
        "sqlite://{}",
        dir.path().join("classifieds.db").display()
    ))
    .await
    .unwrap();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT a.id AS id, a.slug AS slug, (SELECT COUNT(*) FROM ad_slugs s WHERE s.ad_id = a.id AND s.slug = a.slug) AS n FROM ads a",
        ))
        .await
        .unwrap();
    let stored: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get::<i64>("", "id").unwrap())
        .collect();
    for id in &confirmed {
        assert!(
            stored.contains(id),
            "ad {id} was confirmed with 201 and must survive"
        );
    }
    for r in &rows {
        let slug: String = r.try_get("", "slug").unwrap();
        let n: i64 = r.try_get("", "n").unwrap();
        assert!(
            !slug.is_empty() && n == 1,
            "ad {:?} is whole: slug and URL record",
            r.try_get::<i64>("", "id")
        );
    }
}
