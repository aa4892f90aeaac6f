//! Test harness: a real server on a loopback port, with its own SQLite file or its own
//! PostgreSQL database, and a real SMTP server that receives its mail.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use classifieds::platform::config::{Config, Secret};
use classifieds::platform::state::AppState;
use reqwest::redirect::Policy;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// Which database a test runs on.
#[derive(Clone, Copy, Debug)]
pub enum Db {
    Sqlite,
    Postgres,
}

/// Runs each named test function once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! db_tests {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() { super::$name($crate::support::Db::Sqlite).await }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() { super::$name($crate::support::Db::Postgres).await }
        }
    )*};
}

/// The PostgreSQL server tests use; `scripts/test` starts one if none is running.
pub fn pg_admin_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".into())
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// A fresh, empty PostgreSQL database; returns its URL. Fails (never skips) when the
/// server cannot be reached: the PostgreSQL half of the suite is not optional.
pub async fn fresh_pg_database() -> String {
    let admin = pg_admin_url();
    let name = format!(
        "cls_t_{}_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::SeqCst),
        rand_suffix()
    );
    let db = sea_orm::Database::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL is required for the tests ({admin}): {e}"));
    use sea_orm::ConnectionTrait;
    db.execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create test database");
    db.close().await.ok();
    let mut url = url::Url::parse(&admin).expect("TEST_DATABASE_URL is a URL");
    url.set_path(&format!("/{name}"));
    url.to_string()
}

fn rand_suffix() -> u32 {
    use std::time::{SystemTime, UNIX_EPOCH};
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0)
        % 100_000
}

/// A mail as the SMTP server received it.
#[derive(Clone, Debug)]
pub struct ReceivedMail {
    pub to: Vec<String>,
    pub subject: String,
    pub body: String,
}

/// A tiny but real SMTP server: enough of RFC 5321 for lettre to deliver to it.
#[derive(Clone, Default)]
pub struct SmtpSink {
    pub mails: Arc<Mutex<Vec<ReceivedMail>>>,
}

impl SmtpSink {
    /// Starts listening; returns the sink and its `smtp://` URL.
    pub async fn start() -> (SmtpSink, String) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let addr = listener.local_addr().expect("smtp addr");
        let sink = SmtpSink::default();
        let mails = sink.mails.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let mails = mails.clone();
                tokio::spawn(async move {
                    let (r, mut w) = stream.into_split();
                    let mut r = BufReader::new(r);
                    let _ = w.write_all(b"220 localhost ESMTP test sink\r\n").await;
                    let mut rcpt = Vec::new();
                    let mut line = String::new();
                    loop {
                        line.clear();
                        if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                            return;
                        }
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO")
                        {
                            b"250-localhost\r\n250 8BITMIME\r\n"
                        } else if upper.starts_with("MAIL FROM") {
                            rcpt.clear();
                            b"250 OK\r\n"
                        } else if upper.starts_with("RCPT TO") {
                            let addr = line[8..]
                                .trim()
                                .trim_start_matches(':')
                                .trim()
                                .trim_matches(['<', '>'])
                                .to_string();
                            rcpt.push(addr);
                            b"250 OK\r\n"
                        } else if upper.starts_with("DATA") {
                            let _ = w.write_all(b"354 end with .\r\n").await;
                            let mut data = Vec::new();
                            loop {
                                line.clear();
                                if r.read_line(&mut line).await.unwrap_or(0) == 0 {
                                    return;
                                }
                                if line == ".\r\n" || line == ".\n" {
                                    break;
                                }
                                data.extend_from_slice(
                                    line.strip_prefix('.')
                                        .filter(|_| line.starts_with(".."))
                                        .unwrap_or(&line)
                                        .as_bytes(),
                                );
                            }
                            let parsed = mail_parser::MessageParser::default().parse(&data);
                            let (subject, body) = parsed
                                .map(|m| {
                                    (
                                        m.subject().unwrap_or_default().to_string(),
                                        m.body_text(0).unwrap_or_default().to_string(),
                                    )
                                })
                                .unwrap_or_default();
                            mails.lock().expect("sink lock").push(ReceivedMail {
                                to: rcpt.clone(),
                                subject,
                                body,
                            });
                            b"250 OK queued\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = w.write_all(b"221 bye\r\n").await;
                            return;
                        } else {
                            b"250 OK\r\n"
                        };
                        let _ = w.write_all(reply).await;
                    }
                });
            }
        });
        (sink, format!("smtp://{addr}"))
    }

    /// Mails received so far for an address.
    pub fn for_address(&self, to: &str) -> Vec<ReceivedMail> {
        self.mails
            .lock()
            .expect("sink lock")
            .iter()
            .filter(|m| m.to.iter().any(|t| t == to))
            .cloned()
            .collect()
    }

    /// Waits until `n` mails have arrived for an address.
    pub async fn wait_for(&self, to: &str, n: usize) -> Vec<ReceivedMail> {
        for _ in 0..200 {
            let got = self.for_address(to);
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!(
            "expected {n} mail(s) for {to}, got {:?}",
            self.for_address(to)
        );
    }
}

/// A running site.
pub struct TestApp {
    pub base: String,
    pub state: AppState,
    pub smtp: SmtpSink,
    pub db_url: String,
    _dir: tempfile::TempDir,
}

impl TestApp {
    /// A new site with the seeded categories and no demo users.
    pub async fn spawn(db: Db) -> TestApp {
        Self::spawn_with(db, |_| {}).await
    }

    /// A new site with a configuration tweak (e.g. the page cache switched on). Tests
    /// that are not about the shield get generous rate limits and no minimum form fill
    /// time, so that a test posting ten ads is not throttled; CAPTCHAs stay on and are
    /// solved for real by [`Client`].
    pub async fn spawn_with(db: Db, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let app = Self::spawn_strict_with(db, |c| {
            c.form_min_fill_ms = 0;
            tweak(c)
        })
        .await;
        let mut relaxed = classifieds::shield::settings::ShieldConfig::default();
        for limit in relaxed.limits.values_mut() {
            limit.short.limit *= 100;
            limit.long.limit *= 100;
        }
        relaxed.auto_block.enabled = false;
        classifieds::shield::settings::update(&app.state, None, relaxed)
            .await
            .expect("relax the shield for tests");
        // The same for the gate's burst signal: a test posting twenty ads in a second is
        // not a spammer. (The gate's own tests judge velocity in the antispam crate.)
        let mut gate = classifieds::gate::store::config(&app.state.db)
            .await
            .expect("gate config");
        gate.velocity_account_limit = 1_000;
        gate.velocity_ip_limit = 10_000;
        classifieds::gate::store::set_config(&app.state.db, &gate, None)
            .await
            .expect("relax the gate's velocity for tests");
        classifieds::gate::gate(&app.state)
            .expect("gate")
            .refresh(&app.state.db)
            .await
            .expect("refresh the gate");
        app
    }

    /// A new site with the shield's real defaults (for the shield's own tests).
    pub async fn spawn_strict_with(db: Db, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let db_url = match db {
            Db::Sqlite => format!("sqlite://{}?mode=rwc", dir.path().join("test.db").display()),
            Db::Postgres => fresh_pg_database().await,
        };
        Self::spawn_on(dir, db_url, tweak).await
    }

    /// A second instance of the same site (same database), as behind a load balancer.
    pub async fn another_instance(&self, tweak: impl FnOnce(&mut Config)) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        Self::spawn_on(dir, self.db_url.clone(), tweak).await
    }

    async fn spawn_on(
        dir: tempfile::TempDir,
        db_url: String,
        tweak: impl FnOnce(&mut Config),
    ) -> TestApp {
        let (smtp, smtp_url) = SmtpSink::start().await;
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut config = Config::for_data_dir(dir.path().to_path_buf());
        config.database_url = Some(Secret(db_url.clone()));
        config.smtp_url = Some(Secret(smtp_url));
        config.base_url = format!("http://{addr}");
        config.addr = addr;
        tweak(&mut config);
        let state = classifieds::build_state(config).await.expect("build state");
        let serve_state = state.clone();
        tokio::spawn(async move {
            let _ = classifieds::serve(serve_state, listener).await;
        });
        TestApp {
            base: format!("http://{addr}"),
            state,
            smtp,
            db_url,
            _dir: dir,
        }
    }

    /// A browser-like client with its own cookie jar that does not follow redirects.
    pub fn client(&self) -> Client {
        Client {
            base: self.base.clone(),
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .build()
                .expect("client"),
        }
    }

    /// A client whose requests come from `ip` (through the trusted proxy 127.0.0.1, which
    /// the site must be configured to trust).
    pub fn client_from(&self, ip: &str) -> Client {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", ip.parse().expect("header value"));
        Client {
            base: self.base.clone(),
            http: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(Policy::none())
                .default_headers(headers)
                .build()
                .expect("client"),
        }
    }

    /// Registers and verifies a user through the API; returns a logged-in client.
    pub async fn verified_user(&self, email: &str) -> Client {
        self.verified_user_with(email, self.client()).await
    }

    /// [`Self::verified_user`] whose requests come from `ip` (see [`Self::client_from`]).
    pub async fn verified_user_from(&self, email: &str, ip: &str) -> Client {
        self.verified_user_with(email, self.client_from(ip)).await
    }

    async fn verified_user_with(&self, email: &str, c: Client) -> Client {
        let res = c.post_json("/api/v1/auth/register", json!({"email": email, "password": "correct horse battery", "display_name": "Test User"})).await;
        assert_eq!(res.status(), 201, "register {email}");
        let mail = self
            .smtp
            .wait_for(email, 1)
            .await
            .pop()
            .expect("verification mail");
        let code = code_in(&mail.body);
        let res = c
            .post_json(
                "/api/v1/auth/verify-email",
                json!({"email": email, "code": code}),
            )
            .await;
        assert_eq!(res.status(), 200, "verify {email}");
        c
    }

    /// A logged-in staff member created the way an operator would (`admin create`).
    pub async fn staff(&self, email: &str, role: &str) -> Client {
        classifieds::accounts::service::create_staff(
            &self.state,
            email,
            role,
            "staff password 123",
            None,
        )
        .await
        .expect("create staff");
        let c = self.client();
        let res = c
            .post_json(
                "/api/v1/auth/login",
                json!({"email": email, "password": "staff password 123"}),
            )
            .await;
        assert_eq!(res.status(), 200);
        c
    }

    /// Runs raw SQL against the site's database (to move clocks back in time).
    pub async fn sql(&self, sql: &str) {
        use sea_orm::ConnectionTrait;
        self.state.db.execute_unprepared(sql).await.expect("sql");
    }
}

/// The six-digit code in a verification mail.
/// A word of its own, not six digits that happen to sit inside the link's random token.
pub fn code_in(body: &str) -> String {
    body.split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_ascii_alphanumeric()))
        .find(|w| w.len() == 6 && w.chars().all(|c| c.is_ascii_digit()))
        .expect("a six-digit code in the mail")
        .to_string()
}

/// The first link in a mail that contains `needle`.
pub fn link_in(body: &str, needle: &str) -> String {
    body.split_whitespace()
        .find(|w| w.starts_with("http") && w.contains(needle))
        .expect("a link in the mail")
        .to_string()
}

/// A cookie-keeping HTTP client bound to one site.
pub struct Client {
    pub base: String,
    pub http: reqwest::Client,
}

impl Client {
    pub fn url(&self, path: &str) -> String {
        if path.starts_with("http") {
            path.to_string()
        } else {
            format!("{}{}", self.base, path)
        }
    }
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(self.url(path)).send().await.expect("GET")
    }
    /// Posts JSON. Requests the site wants a CAPTCHA for (sign-up, login, password reset,
    /// new ads) get one: fetched from the site and solved here, like a script would.
    pub async fn post_json(&self, path: &str, body: Value) -> reqwest::Response {
        let action = match path {
            "/api/v1/auth/register" => Some("signup"),
            "/api/v1/auth/login" => Some("login"),
            "/api/v1/auth/password-reset" => Some("password_reset"),
            "/api/v1/ads" => Some("ad_post"),
            "/api/v1/conversations" => Some("message"),
            p if p.starts_with("/api/v1/ads/") && p.ends_with("/reports") => Some("report"),
            _ => None,
        };
        let mut req = self.http.post(self.url(path)).json(&body);
        if let Some(action) = action {
            req = req.header("x-captcha", self.solved_captcha(action).await);
        }
        req.send().await.expect("POST")
    }

    /// Posts JSON exactly as given (no CAPTCHA added).
    pub async fn post_json_raw(
        &self,
        path: &str,
        body: Value,
        headers: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut req = self.http.post(self.url(path)).json(&body);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.expect("POST")
    }

    /// A challenge for `action`, solved: the value of an `X-Captcha` header.
    pub async fn solved_captcha(&self, action: &str) -> String {
        let c: Value = self
            .http
            .get(self.url(&format!("/api/v1/captcha?action={action}")))
            .send()
            .await
            .expect("GET captcha")
            .json()
            .await
            .expect("captcha json");
        let n = antispam::pow::solve(
            c["salt"].as_str().expect("salt"),
            c["challenge"].as_str().expect("challenge"),
            c["max_number"].as_u64().expect("max"),
        )
        .expect("the puzzle is solvable");
        format!("{}.{n}", c["token"].as_str().expect("token"))
    }
    pub async fn patch_json(&self, path: &str, body: Value) -> reqwest::Response {
        self.http
            .patch(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("PATCH")
    }
    pub async fn put_json(&self, path: &str, body: Value) -> reqwest::Response {
        self.http
            .put(self.url(path))
            .json(&body)
            .send()
            .await
            .expect("PUT")
    }
    pub async fn delete(&self, path: &str) -> reqwest::Response {
        self.http
            .delete(self.url(path))
            .send()
            .await
            .expect("DELETE")
    }
    pub async fn post_empty(&self, path: &str) -> reqwest::Response {
        self.http
            .post(self.url(path))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .expect("POST")
    }
    /// Posts an HTML form the way a browser with our script does: the CSRF token, the
    /// signed fill time and (when the form has one) the solved CAPTCHA read from
    /// `form_page` first.
    pub async fn post_form(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let page = self.get(form_page).await.text().await.expect("form page");
        let mut hidden = form_guard(&page);
        hidden.insert(0, ("_csrf".to_string(), csrf_in(&page)));
        let mut all: Vec<(&str, &str)> = hidden
            .iter()
            .filter(|(k, _)| !fields.iter().any(|(f, _)| f == k))
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        all.extend_from_slice(fields);
        self.http
            .post(self.url(action))
            .form(&all)
            .send()
            .await
            .expect("POST form")
    }
    pub async fn json(&self, path: &str) -> Value {
        let res = self.get(path).await;
        assert!(res.status().is_success(), "GET {path}: {}", res.status());
        res.json().await.expect("json")
    }
}

/// The value of the first `name="…" value="…"` input of that name in a page.
pub fn input_value(page: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = page.find(&marker)? + marker.len();
    page[start..]
        .split('"')
        .next()
        .map(|v| v.replace("&#x2f;", "/").replace("&#x3a;", ":"))
}

/// The value of a `data-…="…"` attribute in a page.
pub fn data_attr(page: &str, name: &str) -> Option<String> {
    let marker = format!("{name}=\"");
    let start = page.find(&marker)? + marker.len();
    page[start..].split('"').next().map(str::to_string)
}

/// The shield's hidden fields of a form page, with the CAPTCHA solved as our script
/// would (`form_ts`, `captcha_token`, `captcha_number`).
pub fn form_guard(page: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(ts) = input_value(page, "form_ts") {
        out.push(("form_ts".into(), ts));
    }
    if let Some(token) = input_value(page, "captcha_token") {
        let salt = data_attr(page, "data-salt").expect("salt");
        let challenge = data_attr(page, "data-challenge").expect("challenge");
        let max: u64 = data_attr(page, "data-max")
            .expect("max")
            .parse()
            .expect("max");
        let n = antispam::pow::solve(&salt, &challenge, max).expect("solvable");
        out.push(("captcha_token".into(), token));
        out.push(("captcha_number".into(), n.to_string()));
    }
    out
}

/// The CSRF token in a page's forms.
pub fn csrf_in(page: &str) -> String {
    let marker = "name=\"_csrf\" value=\"";
    let start = page.find(marker).expect("a CSRF field in the page") + marker.len();
    page[start..].split('"').next().expect("token").to_string()
}

/// A valid ad body for the API: an ordinary ad whose description follows its title, so
/// two ads with different titles are not near-duplicates of each other.
pub fn ad_body(category: &str, title: &str) -> Value {
    json!({
        "category": category,
        "title": title,
        "description": format!("Selling my {title}. Well looked after and in good condition, no faults. Collection in Cape Town, viewing any afternoon this week."),
        "price": 1250.5,
        "location": "Cape Town",
    })
}
