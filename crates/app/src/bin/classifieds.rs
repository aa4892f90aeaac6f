//! `classifieds`: the one binary. Without a subcommand it serves the site.
#![forbid(unsafe_code)]

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use classifieds::platform::config::{Config, Secret};

#[derive(Parser)]
#[command(
    name = "classifieds",
    version,
    about = "SayPro Classifieds: a classifieds site that stops spam at the door"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    site: SiteArgs,
    #[command(flatten)]
    serve: ServeArgs,
}

/// What every subcommand that touches a site needs.
#[derive(Args, Clone)]
struct SiteArgs {
    /// Database URL (sqlite:… or postgres://…); default: SQLite file in the data directory.
    #[arg(long, env = "DATABASE_URL", global = true, hide_env_values = true)]
    database_url: Option<String>,
    /// Directory for the SQLite database and the mail outbox.
    #[arg(
        long,
        env = "CLASSIFIEDS_DATA_DIR",
        default_value = "./data",
        global = true
    )]
    data_dir: PathBuf,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the site (the default).
    Serve,
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Fill the site with generated, published ads (for load tests and demos at scale).
    Seed {
        /// How many ads.
        #[arg(long)]
        ads: u64,
    },
    /// The anti-spam gate: bulk checks, training, rules and models.
    Spam {
        #[command(subcommand)]
        command: SpamCommand,
    },
    /// IP blocks: add, list, remove, import a shared blocklist, export.
    Block {
        #[command(subcommand)]
        command: BlockCommand,
    },
    /// Manage staff accounts.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_ADDR",
        default_value = "127.0.0.1:8080"
    )]
    addr: SocketAddr,
    /// Public address of the site, used in mails.
    #[arg(long, global = true, env = "CLASSIFIEDS_BASE_URL")]
    base_url: Option<String>,
    /// SMTP server (smtp://host:port); without it mails are written to <data-dir>/outbox.
    #[arg(long, global = true, env = "SMTP_URL", hide_env_values = true)]
    smtp_url: Option<String>,
    /// Sender address of mails.
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_MAIL_FROM",
        default_value = "SayPro Classifieds <no-reply@saypro.local>"
    )]
    mail_from: String,
    /// Do not seed demo users and ads into an empty database.
    #[arg(long, global = true, env = "CLASSIFIEDS_NO_DEMO")]
    no_demo: bool,
    /// Days an ad stays published before it expires.
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_AD_LIFETIME_DAYS",
        default_value_t = 30
    )]
    ad_lifetime_days: i64,
    /// Seconds a page may be served from memory to visitors who are not logged in (0: never).
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_PAGE_CACHE_SECONDS",
        default_value_t = 5
    )]
    page_cache_seconds: u64,
    /// Currency for ads that do not name one.
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_CURRENCY",
        default_value = "ZAR"
    )]
    currency: String,
    /// Reverse proxies whose X-Forwarded-For header is believed (comma-separated CIDRs).
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<classifieds::platform::net::Cidr>,
    /// Forms that create things (sign-up, ads) sent faster than this many milliseconds
    /// after they were shown are treated as bots.
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_FORM_MIN_FILL_MS",
        default_value_t = 2000
    )]
    form_min_fill_ms: u64,
    /// Minutes after which an unused staff session ends.
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_STAFF_IDLE_MINUTES",
        default_value_t = 120
    )]
    staff_idle_minutes: i64,
    /// Hours after login at which a staff session ends, used or not.
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_STAFF_SESSION_HOURS",
        default_value_t = 12
    )]
    staff_session_hours: i64,
    /// Days the record of stops, verdicts, sent mail and read notifications is kept.
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_RETENTION_DAYS",
        default_value_t = 90
    )]
    retention_days: i64,
    /// Seconds a request body may take to arrive before the answer is 408.
    #[arg(
        long,
        global = true,
        env = "CLASSIFIEDS_BODY_DEADLINE_SECS",
        default_value_t = 15
    )]
    body_deadline_secs: u64,
}

#[derive(Subcommand)]
enum SpamCommand {
    /// Score JSON Lines ads from stdin ({"title","description","category"}); one verdict line each on stdout.
    Check,
    /// Train a new model from labelled JSON Lines ({…,"label":"spam"|"ham"}) and make it active.
    Train {
        #[arg(long)]
        input: PathBuf,
    },
    /// Keyword rules as JSON Lines.
    Rules {
        #[command(subcommand)]
        command: RulesCommand,
    },
    /// Stored models: list them, or make an earlier version active again.
    Model {
        #[command(subcommand)]
        command: ModelCommand,
    },
}

#[derive(Subcommand)]
enum RulesCommand {
    /// Add the rules of a file ({"pattern","match","category","action","score"} per line).
    Import {
        #[arg(long)]
        input: PathBuf,
    },
    /// Print the site's rules.
    Export,
}

#[derive(Subcommand)]
enum ModelCommand {
    /// List stored versions.
    List,
    /// Roll back (or forward) to a stored version.
    Activate {
        #[arg(long)]
        version: i32,
    },
}

#[derive(Subcommand)]
enum BlockCommand {
    /// Block an address or range (IPv4 or IPv6, e.g. 203.0.113.0/24).
    Add {
        cidr: String,
        #[arg(long)]
        reason: String,
        /// How long: 24h, 7d, 90m… (default: permanent).
        #[arg(long)]
        expires: Option<String>,
        #[arg(long, value_parser = ["approval", "no-posting", "no-access"])]
        severity: Option<String>,
    },
    /// List the active blocks (tab-separated: range, severity, expiry, source, reason).
    List,
    /// Lift the block on exactly this address or range.
    Remove { cidr: String },
    /// Add every address or range of a blocklist file (one a line, # comments).
    Import {
        #[arg(long)]
        input: PathBuf,
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        expires: Option<String>,
        #[arg(long, value_parser = ["approval", "no-posting", "no-access"])]
        severity: Option<String>,
    },
    /// Print the active blocks as a blocklist file.
    Export,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create a staff account (or give an existing account a staff role).
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, value_parser = ["admin", "moderator", "agent"])]
        role: String,
        /// Password; asked for on the terminal when omitted.
        #[arg(long, env = "CLASSIFIEDS_ADMIN_PASSWORD", hide_env_values = true)]
        password: Option<String>,
        /// Display name.
        #[arg(long)]
        name: Option<String>,
    },
}

fn config(site: &SiteArgs, serve: &ServeArgs) -> Config {
    let mut c = Config::for_data_dir(site.data_dir.clone());
    c.addr = serve.addr;
    c.database_url = site
        .database_url
        .clone()
        .filter(|u| !u.is_empty())
        .map(Secret);
    c.base_url = serve
        .base_url
        .clone()
        .unwrap_or_else(|| format!("http://{}", serve.addr));
    c.smtp_url = serve.smtp_url.clone().filter(|u| !u.is_empty()).map(Secret);
    c.mail_from = serve.mail_from.clone();
    c.demo = !serve.no_demo;
    c.ad_lifetime_days = serve.ad_lifetime_days;
    c.default_currency = serve.currency.to_ascii_uppercase();
    c.page_cache_seconds = serve.page_cache_seconds;
    c.trusted_proxies = serve.trusted_proxies.clone();
    c.form_min_fill_ms = serve.form_min_fill_ms;
    c.staff_session_idle_secs = serve.staff_idle_minutes * 60;
    c.staff_session_max_secs = serve.staff_session_hours * 3600;
    c.retention = classifieds::platform::retention::Retention::days(serve.retention_days);
    c.body_deadline_secs = serve.body_deadline_secs.max(1);
    c
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let args = cli.serve.clone();
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let cfg = config(&cli.site, &args);
            let state = classifieds::build_state(cfg).await?;
            let listener = tokio::net::TcpListener::bind(args.addr)
                .await
                .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e}", args.addr))?;
            println!(
                "SayPro Classifieds is serving on http://{}",
                listener.local_addr()?
            );
            classifieds::serve(state, listener).await
        }
        Command::Seed { ads } => {
            let mut cfg = config(&cli.site, &args);
            cfg.demo = false;
            let state = classifieds::build_state(cfg).await?;
            let n = classifieds::ads::demo::seed_bulk(&state, ads).await?;
            println!("Added {n} published ads.");
            Ok(())
        }
        Command::Spam { command } => {
            let mut cfg = config(&cli.site, &args);
            cfg.demo = false;
            let state = classifieds::build_state(cfg).await?;
            spam(&state, command).await
        }
        Command::Block { command } => {
            let mut cfg = config(&cli.site, &args);
            cfg.demo = false;
            let state = classifieds::build_state(cfg).await?;
            block(&state, command).await
        }
        Command::Migrate => {
            let mut cfg = config(&cli.site, &args);
            cfg.demo = false;
            classifieds::build_state(cfg).await?;
            println!("The database schema is up to date.");
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::Create {
                    email,
                    role,
                    password,
                    name,
                },
        } => {
            let mut cfg = config(&cli.site, &args);
            cfg.demo = false;
            let state = classifieds::build_state(cfg).await?;
            let password = match password {
                Some(p) => p,
                None => prompt_password()?,
            };
            let u = classifieds::accounts::service::create_staff(
                &state,
                &email,
                &role,
                &password,
                name.as_deref(),
            )
            .await
            .map_err(|e| anyhow::anyhow!("{}", describe(&e)))?;
            println!("{} is now {} (account {}).", u.email, u.role, u.id);
            Ok(())
        }
    }
}

async fn spam(
    state: &classifieds::platform::state::AppState,
    command: SpamCommand,
) -> anyhow::Result<()> {
    use classifieds::gate::{cli, store};
    use std::io::IsTerminal;
    match command {
        SpamCommand::Check => {
            let (ok, bad) =
                cli::check(state, std::io::stdin().lock(), std::io::stdout().lock()).await?;
            eprintln!(
                "{ok} ads checked{}",
                if bad > 0 {
                    format!(", {bad} lines were not ads")
                } else {
                    String::new()
                }
            );
        }
        SpamCommand::Train { input } => {
            let (version, spam, ham) =
                cli::train(state, &input, std::io::stderr().is_terminal()).await?;
            println!(
                "Model version {version} trained on {spam} spam and {ham} ham examples is now active."
            );
        }
        SpamCommand::Rules {
            command: RulesCommand::Import { input },
        } => {
            println!("Added {} rules.", cli::import_rules(state, &input).await?);
        }
        SpamCommand::Rules {
            command: RulesCommand::Export,
        } => {
            let n = cli::export_rules(state, std::io::stdout().lock()).await?;
            eprintln!("{n} rules");
        }
        SpamCommand::Model {
            command: ModelCommand::List,
        } => {
            for (version, source, active, created) in store::models(&state.db)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?
            {
                let mark = if active { "*" } else { " " };
                println!(
                    "{mark} {version:>4}  {}  {source}",
                    classifieds::platform::util::format_time(created)
                );
            }
        }
        SpamCommand::Model {
            command: ModelCommand::Activate { version },
        } => {
            store::activate_model(&state.db, version, None)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!("Model version {version} is now active.");
        }
    }
    Ok(())
}

async fn block(
    state: &classifieds::platform::state::AppState,
    command: BlockCommand,
) -> anyhow::Result<()> {
    use classifieds::shield::cli;
    match command {
        BlockCommand::Add {
            cidr,
            reason,
            expires,
            severity,
        } => {
            let b = cli::add(
                state,
                &cidr,
                &reason,
                expires.as_deref(),
                severity.as_deref(),
            )
            .await?;
            println!(
                "Blocked {} ({}){}.",
                b.cidr,
                b.severity,
                b.expires_at.map_or_else(
                    || " permanently".to_string(),
                    |e| format!(" until {}", classifieds::platform::util::format_time(e))
                )
            );
        }
        BlockCommand::List => {
            let n = cli::list(state, std::io::stdout().lock()).await?;
            eprintln!("{n} active blocks");
        }
        BlockCommand::Remove { cidr } => {
            cli::remove(state, &cidr).await?;
            println!("Lifted the block on {cidr}.");
        }
        BlockCommand::Import {
            input,
            reason,
            expires,
            severity,
        } => {
            let text = std::fs::read_to_string(&input)
                .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", input.display()))?;
            let r = cli::import(
                state,
                &text,
                severity.as_deref(),
                expires.as_deref(),
                reason.as_deref(),
            )
            .await?;
            for (line, text) in &r.invalid {
                eprintln!("line {line}: not an address or range: {text}");
            }
            println!(
                "Added {} blocks ({} lines skipped, {} invalid).",
                r.added,
                r.skipped,
                r.invalid.len()
            );
        }
        BlockCommand::Export => cli::export(state, std::io::stdout().lock()).await?,
    }
    Ok(())
}

fn describe(e: &classifieds::platform::error::AppError) -> String {
    use classifieds::platform::error::AppError;
    match e {
        AppError::Validation(f) | AppError::Conflict(_, f) if !f.is_empty() => {
            let i = classifieds::platform::i18n::I18n::default();
            f.iter()
                .map(|(k, v)| format!("{k}: {}", i.t(v)))
                .collect::<Vec<_>>()
                .join("; ")
        }
        other => other.to_string(),
    }
}

fn prompt_password() -> anyhow::Result<String> {
    use std::io::{BufRead, Write};
    eprint!("Password for the new account: ");
    std::io::stderr().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_string())
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn,sea_orm=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let rt = tokio::runtime::Runtime::new().expect("tokio runtime");
    match rt.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
