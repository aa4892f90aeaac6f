//! `classifieds spam …`: bulk checks, training and rule files for operators. They work on
//! a running site's database; the site picks changes up within seconds (generation bump).

use std::io::{BufRead, Write};

use antispam::{Kind, Model, Submission};

use super::store;
use crate::platform::error::AppError;
use crate::platform::state::AppState;

/// One line of `spam check` or `spam train` input. Lenient about what exports contain:
/// `body` or `text` for the description, a price as a number or as written ("R1 500",
/// "free"), a category by slug or by name ("Home & Garden"); unknown fields are ignored.
#[derive(serde::Deserialize)]
struct Line {
    #[serde(default, alias = "subject", alias = "name")]
    title: String,
    #[serde(default, alias = "body", alias = "text", alias = "message")]
    description: String,
    #[serde(default)]
    category: Option<String>,
    #[serde(default)]
    price: Option<serde_json::Value>,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    location: Option<String>,
    /// `ad` (the default), `message` or `profile`.
    #[serde(default)]
    kind: Option<String>,
    #[serde(default)]
    label: Option<String>,
}

impl Line {
    /// The submission this line describes.
    fn submission(self) -> Submission {
        let (price, currency) = parse_price(self.price.as_ref());
        Submission {
            kind: match self.kind.as_deref() {
                Some("message") => Kind::Message,
                Some("profile" | "signup") => Kind::Profile,
                _ => Kind::Ad,
            },
            title: self.title,
            body: self.description,
            category: self.category.as_deref().map(category_slug),
            price,
            currency: self.currency.or(currency),
            location: self.location.unwrap_or_default(),
            ..Default::default()
        }
    }
}

/// "Home & Garden" → "home-garden", "Vehicles" → "vehicles".
fn category_slug(name: &str) -> String {
    let lower = name
        .trim()
        .to_lowercase()
        .replace(" and ", " ")
        .replace('&', " ");
    let mut slug = String::new();
    for c in lower.chars() {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// A price given as a number, or as people write it ("R1 500", "$300", "free", "neg").
fn parse_price(v: Option<&serde_json::Value>) -> (Option<f64>, Option<String>) {
    match v {
        Some(serde_json::Value::Number(n)) => (n.as_f64(), None),
        Some(serde_json::Value::String(s)) => {
            let t = s.trim().to_lowercase();
            if t.starts_with("free") {
                return (Some(0.0), None);
            }
            let currency = [
                ("r", "ZAR"),
                ("zar", "ZAR"),
                ("$", "USD"),
                ("usd", "USD"),
                ("€", "EUR"),
                ("eur", "EUR"),
                ("£", "GBP"),
                ("gbp", "GBP"),
                ("kes", "KES"),
                ("ksh", "KES"),
                ("ngn", "NGN"),
                ("₦", "NGN"),
                ("bwp", "BWP"),
            ]
            .iter()
            .find(|(p, _)| t.starts_with(p))
            .map(|(_, c)| c.to_string());
            let digits: String = t
                .chars()
                .skip_while(|c| !c.is_ascii_digit())
                .take_while(|c| c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '\u{a0}'))
                .filter(|c| c.is_ascii_digit() || *c == '.')
                .collect();
            let mut value: Option<f64> = digits.parse().ok();
            if t.trim_end().ends_with('k') {
                value = value.map(|v| v * 1000.0);
            }
            (value, currency)
        }
        _ => (None, None),
    }
}

fn err(e: AppError) -> anyhow::Error {
    anyhow::anyhow!("{e}")
}

/// Scores JSON Lines from `input`, writing one verdict line per input line (an
/// `{"error":…}` line where the input is not an ad, so lines stay aligned).
pub async fn check(
    state: &AppState,
    input: impl BufRead,
    mut out: impl Write,
) -> anyhow::Result<(u64, u64)> {
    let gate = super::gate(state).map_err(err)?;
    let (mut ok, mut bad) = (0, 0);
    for (n, line) in input.lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        match serde_json::from_str::<Line>(&line) {
            Ok(l) => {
                serde_json::to_writer(&mut out, &gate.check(&l.submission()))?;
                ok += 1;
            }
            Err(e) => {
                serde_json::to_writer(
                    &mut out,
                    &serde_json::json!({"error": "invalid_line", "line": n + 1, "message": e.to_string()}),
                )?;
                bad += 1;
            }
        }
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok((ok, bad))
}

/// Trains a new model on labelled JSON Lines and makes it the site's active version.
/// Shows a progress bar when `progress` (a terminal).
pub async fn train(
    state: &AppState,
    path: &std::path::Path,
    progress: bool,
) -> anyhow::Result<(i32, u64, u64)> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    let bar = if progress {
        indicatif::ProgressBar::new(lines.len() as u64)
    } else {
        indicatif::ProgressBar::hidden()
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template("{bar:40} {pos}/{len} examples ({eta} left)")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    let mut model = Model::new();
    let (mut spam, mut ham) = (0u64, 0u64);
    for (n, raw) in lines.iter().enumerate() {
        let l: Line =
            serde_json::from_str(raw).map_err(|e| anyhow::anyhow!("line {}: {e}", n + 1))?;
        let is_spam = match l.label.as_deref() {
            Some("spam") => true,
            Some("ham") => false,
            other => anyhow::bail!(
                "line {}: label must be \"spam\" or \"ham\", not {other:?}",
                n + 1
            ),
        };
        model.learn(&format!("{}\n{}", l.title, l.description), is_spam);
        if is_spam {
            spam += 1
        } else {
            ham += 1
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    if spam == 0 || ham == 0 {
        anyhow::bail!("training needs both spam and ham examples (got {spam} spam, {ham} ham)");
    }
    let source = format!(
        "train:{}",
        path.file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default()
    );
    let version = store::save_model(&state.db, &model, &source, None)
        .await
        .map_err(err)?;
    Ok((version, spam, ham))
}

/// Adds the rules of a JSON Lines file (all or nothing).
pub async fn import_rules(state: &AppState, path: &std::path::Path) -> anyhow::Result<usize> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow::anyhow!("cannot read {}: {e}", path.display()))?;
    let rules = antispam::parse_rules_jsonl(&text)?;
    let txn = crate::platform::db::write_txn(&state.db).await?;
    let added = store::add_rules(&txn, &rules, None).await.map_err(err)?;
    txn.commit().await?;
    Ok(added.len())
}

/// Writes the site's rules as JSON Lines.
pub async fn export_rules(state: &AppState, mut out: impl Write) -> anyhow::Result<usize> {
    let rules = store::rules(&state.db)
        .await
        .map_err(err)?
        .iter()
        .map(store::to_rule)
        .collect::<Result<Vec<_>, _>>()
        .map_err(err)?;
    out.write_all(antispam::rules_to_jsonl(&rules).as_bytes())?;
    out.flush()?;
    Ok(rules.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_prices_and_categories_as_exports_write_them() {
        let p = |v: serde_json::Value| parse_price(Some(&v));
        assert_eq!(p(serde_json::json!(1500)), (Some(1500.0), None));
        assert_eq!(
            p(serde_json::json!("R1 500")),
            (Some(1500.0), Some("ZAR".into()))
        );
        assert_eq!(
            p(serde_json::json!("$300 ono")),
            (Some(300.0), Some("USD".into()))
        );
        assert_eq!(p(serde_json::json!("Free")), (Some(0.0), None));
        assert_eq!(
            p(serde_json::json!("R2.5k")),
            (Some(2500.0), Some("ZAR".into()))
        );
        assert_eq!(category_slug("Home & Garden"), "home-garden");
        assert_eq!(category_slug("home and garden"), "home-garden");
        assert_eq!(category_slug("vehicles"), "vehicles");
    }
}
