//! SayPro Classifieds: the whole site as a library, so that the binary, the integration
//! tests and the benchmarks all build the very same router.
//!
//! Layers: platform → gate, shield, review → accounts → ads → reports → moderation → messaging → help
//!
//! A capability uses only those in groups to its left (`scripts/check-layers` checks it,
//! and that nobody reaches into another capability's `entity` module). `app.rs` is the
//! one place that knows them all: it assembles the router, the middleware and workers.
#![forbid(unsafe_code)]

pub mod accounts;
pub mod ads;
pub mod gate;
pub mod help;
pub mod messaging;
pub mod migration;
pub mod moderation;
pub mod platform;
pub mod reports;
pub mod shield;

use axum::Router;
use platform::state::AppState;

/// Builds the complete router (pages, JSON API, OpenAPI document, static files) for a state.
pub fn app(state: AppState) -> Router {
    platform::web::router(state)
}

use std::sync::Arc;

use anyhow::Context;
use platform::config::{Config, Secret};
use platform::state::App;

/// Connects, migrates, loads the site secret and (optionally) seeds data: everything a
/// process needs before it can answer requests. A database that cannot be reached is a
/// clear start-up error, not a panic.
pub async fn build_state(config: Config) -> anyhow::Result<AppState> {
    config.validate()?;
    if config.database_url.is_none() {
        std::fs::create_dir_all(&config.data_dir).with_context(|| {
            format!(
                "cannot create the data directory {}",
                config.data_dir.display()
            )
        })?;
    }
    let url = config.effective_database_url();
    let db = platform::db::connect(&url)
        .await
        .with_context(|| format!("cannot connect to the database ({})", redact(&url)))?;
    platform::db::migrate(&db)
        .await
        .context("cannot bring the database schema up to date")?;
    let secret = platform::db::init_setting(&db, "secret", &platform::util::random_token()).await?;
    let page_ttl = std::time::Duration::from_secs(config.page_cache_seconds);
    let state = AppState(Arc::new(App {
        db,
        config,
        secret: Secret(secret),
        mail_wake: Default::default(),
        slots: Default::default(),
        hashing: tokio::sync::Semaphore::new(
            std::thread::available_parallelism().map_or(2, |n| n.get()),
        ),
        // A page is a few to a few dozen KiB: 4,000 of them stay well under 200 MiB.
        pages: platform::cache::TtlCache::new(page_ttl, 4_000),
        counts: platform::cache::TtlCache::new(page_ttl.max(std::time::Duration::from_secs(1)), 16),
    }));
    gate::install(&state).await?;
    shield::install(&state).await?;
    messaging::install(&state);
    ads::install(&state);
    ads::demo::seed_categories(&state).await?;
    // Demo accounts only ever go into the embedded database of a first start: a
    // PostgreSQL site is a real one, and must not get accounts anyone could log in to.
    if state.config.demo
        && state.config.database_url.is_none()
        && let Some(password) = ads::demo::seed_demo(&state).await?
    {
        println!("Demo data created. Every demo account uses the password: {password}");
        for (email, role) in ads::demo::demo_accounts() {
            println!("  {email:<32} {role}");
        }
    }
    Ok(state)
}

/// Starts the background workers of every capability.
pub fn start_workers(state: &AppState) -> anyhow::Result<()> {
    platform::mail::spawn_worker(state.clone())?;
    let db = state.db.clone();
    platform::workers::every(
        "planner-statistics",
        std::time::Duration::from_secs(3600),
        move || {
            let db = db.clone();
            async move { Ok(platform::db::optimize(&db, false).await?) }
        },
    );
    accounts::spawn_workers(state.clone());
    ads::spawn_workers(state.clone());
    gate::service::spawn_refresh(state.clone());
    gate::learn::spawn(state.clone());
    gate::suggest::spawn(state.clone());
    let prices = state.clone();
    platform::workers::every(
        "gate-price-stats",
        std::time::Duration::from_secs(600),
        move || {
            let state = prices.clone();
            async move {
                gate::sitedata::refresh_prices(&state)
                    .await
                    .map(|_| ())
                    .map_err(|e| anyhow::anyhow!("{e}"))
            }
        },
    );
    shield::spawn_workers(state.clone());
    messaging::spawn_workers(state.clone());
    let retention = state.clone();
    platform::workers::every(
        "platform-retention",
        platform::retention::SWEEP_EVERY,
        move || {
            let state = retention.clone();
            async move {
                let mail = platform::mail::sweep(&state).await?;
                let notes = platform::notify::sweep(&state)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                tracing::info!(
                    mail,
                    notifications = notes,
                    "old mail and notifications swept"
                );
                Ok(())
            }
        },
    );
    let events_db = state.db.clone();
    platform::workers::every(
        "events-sweep",
        std::time::Duration::from_secs(3600),
        move || {
            let db = events_db.clone();
            async move {
                platform::events::sweep(&db)
                    .await
                    .map(|_| ())
                    .map_err(|e| anyhow::anyhow!("{e}"))
            }
        },
    );
    Ok(())
}

/// Serves the site on an already bound listener until the process ends.
pub async fn serve(state: AppState, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    if state.config.workers {
        start_workers(&state)?;
    }
    platform::events::spawn_listener(state.clone());
    platform::realtime::spawn_session_checker(state.clone());
    platform::notify::spawn_waker(state.clone());
    let router = app(state);
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// A database URL without its password, for messages.
pub fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_string(),
    }
}
