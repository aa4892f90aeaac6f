//! Sign-up screening of mail addresses: throw-away providers (a shipped list admins can
//! extend), domains admins blocked (subdomains match too), and canonical duplicates
//! (`j.o.h.n+ads@gmail.com` is `john@gmail.com`). Each is refused or sent to a moderator,
//! as the admins chose.

use std::collections::HashSet;

use sea_orm::entity::prelude::*;
use sea_orm::{QueryOrder, Set};
use serde::Serialize;
use utoipa::ToSchema;

use super::settings::Screen;
use crate::platform::error::{AppError, AppResult};
use crate::platform::state::AppState;
use crate::platform::util::now;

/// The shipped list of disposable-mail domains (one a line, `#` comments).
pub const DISPOSABLE_LIST: &str = include_str!("../../data/disposable-domains.txt");

/// A domain an admin listed.
pub mod entity {
    use sea_orm::entity::prelude::*;

    #[derive(
        Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Serialize, utoipa::ToSchema,
    )]
    #[sea_orm(table_name = "email_domains")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub domain: String,
        /// `disposable` (added to the shipped list) or `blocked`.
        pub kind: String,
        pub added_by: Option<i64>,
        pub created_at: i64,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// Providers that ignore dots in the local part.
const DOTLESS: &[&str] = &["gmail.com", "googlemail.com"];
/// Providers that deliver `name+tag@` to `name@`.
const PLUS_TAGS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "icloud.com",
    "me.com",
    "fastmail.com",
    "proton.me",
    "protonmail.com",
    "yahoo.com",
];

/// The address a provider actually delivers to: lowercased, `googlemail.com` as
/// `gmail.com`, dots and `+tags` dropped where the provider ignores them.
pub fn canonical(email: &str) -> String {
    let email = email.trim().to_lowercase();
    let Some((local, domain)) = email.rsplit_once('@') else {
        return email;
    };
    let domain = if domain == "googlemail.com" {
        "gmail.com"
    } else {
        domain
    };
    let mut local = local.to_string();
    if PLUS_TAGS.contains(&domain)
        && let Some((base, _)) = local.split_once('+')
    {
        local = base.to_string();
    }
    if DOTLESS.contains(&domain) {
        local.retain(|c| c != '.');
    }
    format!("{local}@{domain}")
}

/// `a.b.example.com` → `a.b.example.com`, `b.example.com`, `example.com`.
fn parents(domain: &str) -> impl Iterator<Item = &str> {
    let mut rest = Some(domain);
    std::iter::from_fn(move || {
        let cur = rest?;
        rest = cur
            .split_once('.')
            .map(|(_, r)| r)
            .filter(|r| r.contains('.'));
        Some(cur)
    })
}

/// The shipped list, parsed once.
fn shipped() -> &'static HashSet<String> {
    static LIST: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| parse_list(DISPOSABLE_LIST).into_iter().collect())
}

/// Domains in a list file: one a line, `#` comments, blanks ignored.
pub fn parse_list(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim().to_lowercase())
        .filter(|d| !d.is_empty() && d.contains('.') && !d.contains(char::is_whitespace))
        .map(|d| {
            d.trim_start_matches("*.")
                .trim_start_matches('@')
                .to_string()
        })
        .collect()
}

/// What screening found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// `disposable`, `blocked` or `duplicate`.
    pub kind: &'static str,
    /// The domain or the address it duplicates (for the record, never shown to the user).
    pub rule: String,
    pub screen: Screen,
}

/// Screens an address for sign-up; the strongest finding wins (refuse over approval).
pub async fn screen(state: &AppState, email: &str) -> AppResult<Option<Finding>> {
    let policy = super::settings::current(state).await?.email.clone();
    let email = email.trim().to_lowercase();
    let domain = email.rsplit_once('@').map(|(_, d)| d).unwrap_or("");
    let mut found = Vec::new();
    let listed = entity::Entity::find()
        .filter(
            entity::Column::Domain.is_in(parents(domain).map(str::to_string).collect::<Vec<_>>()),
        )
        .all(&state.db)
        .await?;
    if let Some(b) = listed.iter().find(|d| d.kind == "blocked") {
        found.push(Finding {
            kind: "blocked",
            rule: b.domain.clone(),
            screen: policy.blocked,
        });
    }
    let disposable = parents(domain)
        .find(|d| shipped().contains(*d))
        .map(str::to_string)
        .or_else(|| {
            listed
                .iter()
                .find(|d| d.kind == "disposable")
                .map(|d| d.domain.clone())
        });
    if let Some(d) = disposable {
        found.push(Finding {
            kind: "disposable",
            rule: d,
            screen: policy.disposable,
        });
    }
    let canon = canonical(&email);
    let twin = crate::accounts::entity::user::Entity::find()
        .filter(crate::accounts::entity::user::Column::EmailCanonical.eq(&canon))
        .filter(crate::accounts::entity::user::Column::Email.ne(&email))
        .one(&state.db)
        .await?;
    if twin.is_some() {
        found.push(Finding {
            kind: "duplicate",
            rule: canon,
            screen: policy.duplicate,
        });
    }
    let rank = |s: Screen| match s {
        Screen::Allow => 0,
        Screen::Approval => 1,
        Screen::Refuse => 2,
    };
    Ok(found
        .into_iter()
        .filter(|f| f.screen != Screen::Allow)
        .max_by_key(|f| rank(f.screen)))
}

/// A listed domain as the office shows it.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DomainCounts {
    pub shipped_disposable: usize,
    pub added_disposable: u64,
    pub blocked: u64,
}

/// Lists domains an admin added, of one kind or both.
pub async fn list(state: &AppState, kind: Option<&str>) -> AppResult<Vec<entity::Model>> {
    let mut q = entity::Entity::find().order_by_asc(entity::Column::Domain);
    if let Some(k) = kind {
        q = q.filter(entity::Column::Kind.eq(k));
    }
    Ok(q.all(&state.db).await?)
}

/// Adds domains of a kind (`blocked` or `disposable`); returns how many were new.
pub async fn add(
    state: &AppState,
    actor: Option<i64>,
    kind: &str,
    domains: &[String],
) -> AppResult<u64> {
    if !matches!(kind, "blocked" | "disposable") {
        return Err(AppError::field("kind", "field-invalid"));
    }
    let clean: Vec<String> = parse_list(&domains.join("\n"));
    if clean.is_empty() {
        return Err(AppError::field("domains", "field-domain-invalid"));
    }
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let mut added = 0;
    for d in &clean {
        if entity::Entity::find_by_id(d.clone())
            .one(&txn)
            .await?
            .is_some()
        {
            continue;
        }
        entity::ActiveModel {
            domain: Set(d.clone()),
            kind: Set(kind.to_string()),
            added_by: Set(actor),
            created_at: Set(now()),
        }
        .insert(&txn)
        .await?;
        added += 1;
    }
    crate::platform::audit::record(
        &txn,
        actor,
        "shield.email_domains.add",
        &format!("email_domains:{kind}"),
        None::<&()>,
        Some(&clean),
    )
    .await?;
    txn.commit().await?;
    Ok(added)
}

/// Removes an admin-added domain.
pub async fn remove(state: &AppState, actor: Option<i64>, domain: &str) -> AppResult<()> {
    let domain = domain.trim().to_lowercase();
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let Some(row) = entity::Entity::find_by_id(domain.clone()).one(&txn).await? else {
        return Err(AppError::NotFound);
    };
    entity::Entity::delete_by_id(domain.clone())
        .exec(&txn)
        .await?;
    crate::platform::audit::record(
        &txn,
        actor,
        "shield.email_domains.remove",
        &format!("email_domains:{}", row.kind),
        Some(&row),
        None::<&()>,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// How many domains each list holds.
pub async fn counts(state: &AppState) -> AppResult<DomainCounts> {
    let count = |k: &'static str| {
        entity::Entity::find()
            .filter(entity::Column::Kind.eq(k))
            .count(&state.db)
    };
    Ok(DomainCounts {
        shipped_disposable: shipped().len(),
        added_disposable: count("disposable").await?,
        blocked: count("blocked").await?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_addresses_follow_each_providers_rules() {
        assert_eq!(canonical("J.O.Hn+ads@GoogleMail.com"), "john@gmail.com");
        assert_eq!(
            canonical("john.smith+x@outlook.com"),
            "john.smith@outlook.com"
        );
        // Providers that do not ignore dots or tags keep them.
        assert_eq!(canonical("j.smith+x@example.org"), "j.smith+x@example.org");
    }

    #[test]
    fn parent_domains_are_tried_from_the_most_specific() {
        let p: Vec<&str> = parents("a.b.example.com").collect();
        assert_eq!(p, vec!["a.b.example.com", "b.example.com", "example.com"]);
        assert_eq!(
            parents("example.com").collect::<Vec<_>>(),
            vec!["example.com"]
        );
    }

    #[test]
    fn the_shipped_list_parses_and_holds_the_well_known_providers() {
        let list = shipped();
        assert!(list.len() > 100, "{}", list.len());
        for d in [
            "mailinator.com",
            "guerrillamail.com",
            "yopmail.com",
            "10minutemail.com",
        ] {
            assert!(list.contains(d), "{d}");
        }
        assert!(!list.contains("gmail.com"));
    }
}
