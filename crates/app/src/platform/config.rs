//! Typed configuration, validated once at start-up.

use std::net::SocketAddr;
use std::path::PathBuf;

/// A value that must never end up in a log line or a panic message.
#[derive(Clone, Default)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

/// Everything the site needs to know before it serves its first request.
#[derive(Clone, Debug)]
pub struct Config {
    /// Where the HTTP listener binds.
    pub addr: SocketAddr,
    /// `sqlite://…` or `postgres://…`; `None` means the embedded SQLite file in `data_dir`.
    pub database_url: Option<Secret>,
    /// Holds the SQLite file and, without SMTP, the mail outbox.
    pub data_dir: PathBuf,
    /// The public address used in mails (links must work outside the request).
    pub base_url: String,
    /// `smtp://host:port` (or `smtps://user:pass@host`); `None` writes `.eml` files.
    pub smtp_url: Option<Secret>,
    /// Sender address of every mail.
    pub mail_from: String,
    /// Seed demo categories, users and ads into an empty database.
    pub demo: bool,
    /// How long an ad stays published before it expires.
    pub ad_lifetime_days: i64,
    /// Currency assumed when an ad does not name one.
    pub default_currency: String,
    /// Whether background workers (mail, reminders, expiry) run in this process.
    pub workers: bool,
    /// How long anonymous visitors may be served a cached page (0 turns caching off).
    pub page_cache_seconds: u64,
    /// Reverse proxies whose `X-Forwarded-For` is believed (none by default).
    pub trusted_proxies: Vec<super::net::Cidr>,
    /// Forms that create things submitted faster than this are treated as bots.
    pub form_min_fill_ms: u64,
    /// Seconds a client has to send a whole request body (slower ones get 408).
    pub body_deadline_secs: u64,
    /// A staff session unused this long ends (seconds).
    pub staff_session_idle_secs: i64,
    /// A staff session ends this long after login, used or not (seconds).
    pub staff_session_max_secs: i64,
    /// How long the record of what the site did is kept before the daily sweep removes
    /// it (see [`super::retention`]).
    pub retention: super::retention::Retention,
}

impl Config {
    /// A configuration for tests and tools: embedded database in `data_dir`, no demo data.
    pub fn for_data_dir(data_dir: PathBuf) -> Self {
        Config {
            addr: "127.0.0.1:0".parse().expect("static address"),
            database_url: None,
            data_dir,
            base_url: "http://127.0.0.1:8080".into(),
            smtp_url: None,
            mail_from: "SayPro Classifieds <no-reply@saypro.local>".into(),
            demo: false,
            ad_lifetime_days: 30,
            default_currency: "ZAR".into(),
            workers: true,
            page_cache_seconds: 0,
            trusted_proxies: Vec::new(),
            form_min_fill_ms: 2000,
            body_deadline_secs: 15,
            staff_session_idle_secs: 2 * 3600,
            staff_session_max_secs: 12 * 3600,
            retention: super::retention::Retention::default(),
        }
    }

    /// The database URL actually used: the configured one or the embedded SQLite file.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) => url.0.clone(),
            None => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("classifieds.db").display()
            ),
        }
    }

    /// Cookies get `Secure` only when the site is really served over https.
    pub fn secure_cookies(&self) -> bool {
        self.base_url.starts_with("https://")
    }

    /// Checks what can be checked before touching the network.
    pub fn validate(&self) -> anyhow::Result<()> {
        if let Some(url) = &self.database_url {
            let u = &url.0;
            if !(u.starts_with("sqlite:")
                || u.starts_with("postgres://")
                || u.starts_with("postgresql://"))
            {
                anyhow::bail!(
                    "DATABASE_URL must start with sqlite: or postgres:// (got another scheme)"
                );
            }
        }
        if let Some(url) = &self.smtp_url
            && !(url.0.starts_with("smtp://") || url.0.starts_with("smtps://"))
        {
            anyhow::bail!("SMTP_URL must start with smtp:// or smtps://");
        }
        url::Url::parse(&self.base_url)
            .map_err(|e| anyhow::anyhow!("--base-url is not a URL: {e}"))?;
        if self.ad_lifetime_days < 1 {
            anyhow::bail!("the ad lifetime must be at least one day");
        }
        if self.staff_session_idle_secs < 60
            || self.staff_session_max_secs < self.staff_session_idle_secs
        {
            anyhow::bail!(
                "staff sessions need an idle timeout of at least a minute and a lifetime no shorter than it"
            );
        }
        Ok(())
    }
}
