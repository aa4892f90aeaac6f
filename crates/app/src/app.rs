//! The assembly: the one place that knows every capability. It builds the state (and lets
//! each capability install what it registers with the others), the router with its
//! middleware in order, and the background workers.

use std::sync::Arc;

use anyhow::Context;
use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::header;
use axum::middleware;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;

use crate::platform::config::{Config, Secret};
use crate::platform::error::AppError;
use crate::platform::state::{App, AppState};
use crate::platform::web::BODY_LIMIT;
use crate::{accounts, ads, gate, help, messaging, moderation, platform, reports, shield};

#[derive(OpenApi)]
#[openapi(
    info(title = "SayPro Classifieds API", version = "1", description = "Accounts, categories and ads. Errors are `{error, message, fields}` with the HTTP status."),
    tags((name = "auth"), (name = "ads"), (name = "categories"), (name = "gate"), (name = "shield"), (name = "reports"), (name = "moderation"), (name = "messaging"))
)]
struct ApiDoc;

/// Builds the complete router (pages, JSON API, OpenAPI document, static files) for a
/// state. Middleware, outermost first: security headers → the body read under a deadline
/// → the request context (session, language, CSRF) → admission lanes for writes →
/// address blocks → the routes.
pub fn app(state: AppState) -> Router {
    let (api, openapi) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .merge(accounts::api_routes())
        .merge(ads::api_routes())
        .merge(gate::api_routes())
        .merge(shield::api_routes())
        .merge(reports::api_routes())
        .merge(moderation::api_routes())
        .merge(messaging::api_routes())
        .split_for_parts();
    let spec = openapi
        .to_pretty_json()
        .expect("the OpenAPI document serialises");
    Router::new()
        .merge(api)
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || async move {
                ([(header::CONTENT_TYPE, "application/json")], spec)
            }),
        )
        .route(
            "/api/v1/events",
            axum::routing::get(platform::realtime::handler),
        )
        .merge(accounts::page_routes())
        .merge(ads::page_routes())
        .merge(help::page_routes())
        .merge(shield::page_routes())
        .merge(gate::page_routes())
        .merge(reports::page_routes())
        .merge(moderation::page_routes())
        .merge(messaging::page_routes())
        .merge(platform::render::static_routes())
        .fallback(|| async { AppError::NotFound })
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            shield::enforce_access,
        ))
        // Admission after the body is in and the session checked: a made-up cookie or a
        // trickled body never takes a lane from people whose requests are complete.
        .layer(middleware::from_fn_with_state(
            state.clone(),
            shield::admission,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            platform::web::context,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            platform::web::read_body,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            platform::security::headers,
        ))
        .with_state(state)
}

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
    platform::auth::register_sessions(&state, Arc::new(accounts::sessions::Store));
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
                ads::gatefeed::refresh_prices(&state)
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
