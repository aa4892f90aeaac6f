//! `classifieds block …`: IP blocks from the command line, on a running site's database
//! (every instance picks the change up within seconds).

use std::io::Write;

use super::blocks::{self, NewBlock, Severity};
use crate::platform::error::AppError;
use crate::platform::state::AppState;
use crate::platform::util::format_time;

fn err(e: AppError) -> anyhow::Error {
    match e {
        AppError::Validation(f) => {
            let i = crate::platform::i18n::I18n::default();
            anyhow::anyhow!(
                "{}",
                f.iter()
                    .map(|(k, v)| format!("{k}: {}", i.t(v)))
                    .collect::<Vec<_>>()
                    .join("; ")
            )
        }
        AppError::NotFound => anyhow::anyhow!("no active block on that address or range"),
        other => anyhow::anyhow!("{other}"),
    }
}

/// `block add CIDR --reason … [--expires 24h|7d] [--severity …]`.
pub async fn add(
    state: &AppState,
    cidr: &str,
    reason: &str,
    expires: Option<&str>,
    severity: Option<&str>,
) -> anyhow::Result<blocks::entity::Model> {
    let new = NewBlock {
        cidr: cidr.to_string(),
        reason: reason.to_string(),
        severity: severity.map(str::to_string),
        expires: expires.map(str::to_string),
    };
    blocks::add(state, None, &new, "manual").await.map_err(err)
}

/// `block remove CIDR`.
pub async fn remove(state: &AppState, cidr: &str) -> anyhow::Result<u64> {
    blocks::lift(state, None, cidr).await.map_err(err)
}

/// `block list`: one active block a line, tab-separated.
pub async fn list(state: &AppState, mut out: impl Write) -> anyhow::Result<usize> {
    let mut n = 0;
    let mut page = 0;
    loop {
        let q = blocks::ListQuery {
            page: Some(page),
            ..Default::default()
        };
        let rows = blocks::list(&state.db, &q).await.map_err(err)?;
        if rows.is_empty() {
            break;
        }
        for b in &rows {
            writeln!(
                out,
                "{}\t{}\t{}\t{}\t{}",
                b.cidr,
                b.severity,
                b.expires_at
                    .map_or_else(|| "permanent".to_string(), format_time),
                b.source,
                b.reason
            )?;
            n += 1;
        }
        page += 1;
    }
    Ok(n)
}

/// `block export`: the blocklist file.
pub async fn export(state: &AppState, mut out: impl Write) -> anyhow::Result<()> {
    out.write_all(blocks::export(&state.db).await.map_err(err)?.as_bytes())?;
    Ok(())
}

/// `block import --input FILE`.
pub async fn import(
    state: &AppState,
    text: &str,
    severity: Option<&str>,
    expires: Option<&str>,
    reason: Option<&str>,
) -> anyhow::Result<blocks::ImportReport> {
    let severity = match severity {
        None => Severity::NoPosting,
        Some(s) => Severity::parse(s).ok_or_else(|| anyhow::anyhow!("unknown severity {s}"))?,
    };
    let expires = blocks::parse_duration(expires.unwrap_or(""))
        .map_err(|_| anyhow::anyhow!("--expires takes 24h, 7d, 90m, 3600s or permanent"))?;
    blocks::import(
        state,
        None,
        text,
        severity,
        expires,
        reason.unwrap_or("imported blocklist"),
    )
    .await
    .map_err(err)
}
