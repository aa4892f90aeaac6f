//! The gate's verdict as people may see it: plain sentences for the writer of a
//! submission, the whole story for staff. Also the refusal error that carries a verdict
//! to the writer's form or JSON without the platform knowing what a verdict is.

use std::sync::Arc;

use crate::platform::error::{AppError, ErrorDetail};
use crate::platform::i18n::I18n;
use crate::platform::web::Ctx;

/// A submission the gate refused: 422 `rejected_by_gate` with the verdict (the writer
/// sees [`WriterVerdict`]; staff see the verdict itself).
pub fn refused(verdict: antispam::Verdict) -> AppError {
    AppError::Refused("rejected_by_gate", Arc::new(Refusal(verdict)))
}

/// The verdict a refusal carries, for a form that lists the reasons.
pub fn verdict_of(e: &AppError) -> Option<&antispam::Verdict> {
    e.detail::<Refusal>().map(|r| &r.0)
}

#[derive(Debug)]
struct Refusal(antispam::Verdict);

impl ErrorDetail for Refusal {
    fn extend_body(&self, ctx: &Ctx, body: &mut serde_json::Value) {
        // Staff may see everything; the writer sees only sentences about their words.
        body["verdict"] = if ctx.is_staff() {
            serde_json::to_value(&self.0).unwrap_or_default()
        } else {
            serde_json::to_value(for_writer(&ctx.i18n, &self.0)).unwrap_or_default()
        };
        body["explanation"] = explain(ctx, &self.0).into();
    }

    fn as_any(&self) -> &dyn std::any::Any {
        self
    }
}

/// What the writer of a submission is told about the gate's verdict: the outcome and
/// plain sentences in their language that quote their own words. Never scores, rule
/// names, model versions or other people's ads: those are for staff, and a spammer who
/// saw them could tune a text against the gate.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct WriterVerdict {
    /// `accept`, `hold` (a moderator looks first) or `reject`.
    #[schema(value_type = String, example = "hold")]
    pub action: antispam::Action,
    /// Why, strongest first; empty when nothing needs saying.
    pub reasons: Vec<WriterReason>,
}

/// One reason, for the writer.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct WriterReason {
    /// Stable code of the reason (`contact_in_title`, `advance_fee`…, or `review` and
    /// `refused` when nothing more can be said).
    pub code: String,
    /// The sentence, in the reader's language.
    pub message: String,
    /// The writer's own words that set it off.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
}

/// The verdict as its writer may see it.
pub fn for_writer(i18n: &I18n, verdict: &antispam::Verdict) -> WriterVerdict {
    let mut reasons: Vec<WriterReason> = Vec::new();
    for s in verdict.signals.iter().filter(|s| s.score > 0.0) {
        let key = format!("reason-{}", s.name.replace('_', "-"));
        // Signals with no sentence for writers (the classifier, the account's record,
        // velocity) stay between the gate and staff.
        if i18n.t1(&key, "words", "") == key {
            continue;
        }
        match reasons.iter_mut().find(|r| r.code == s.name) {
            Some(r) => {
                for q in &s.quotes {
                    if !r.words.contains(q) && r.words.len() < 5 {
                        r.words.push(q.clone());
                    }
                }
            }
            None => reasons.push(WriterReason {
                code: s.name.clone(),
                message: key,
                words: s.quotes.iter().take(5).cloned().collect(),
            }),
        }
    }
    for r in &mut reasons {
        let quoted: Vec<String> = r.words.iter().map(|w| format!("'{w}'")).collect();
        r.message = i18n.t1(&r.message, "words", &quoted.join(", "));
    }
    if reasons.is_empty() && verdict.action != antispam::Action::Accept {
        let (code, key) = if verdict.action == antispam::Action::Hold {
            ("review", "reason-review")
        } else {
            ("refused", "reason-refused")
        };
        reasons.push(WriterReason {
            code: code.into(),
            message: i18n.t(key),
            words: Vec::new(),
        });
    }
    WriterVerdict {
        action: verdict.action,
        reasons,
    }
}

/// The gate's reasons for the writer, in the reader's language, strongest first.
pub fn explain(ctx: &Ctx, verdict: &antispam::Verdict) -> Vec<String> {
    for_writer(&ctx.i18n, verdict)
        .reasons
        .into_iter()
        .map(|r| r.message)
        .collect()
}

/// The gate's reasons for staff, strongest first: one line per signal that counted
/// against the submission, with the evidence (rules, scores, other ads).
pub fn explain_for_staff(ctx: &Ctx, verdict: &antispam::Verdict) -> Vec<String> {
    verdict
        .signals
        .iter()
        .filter(|s| s.score > 0.0)
        .map(|s| {
            let key = format!("signal-{}", s.name.replace('_', "-"));
            let text = ctx.t1(&key, "evidence", &s.evidence);
            if text == key {
                format!("{}: {}", s.name, s.evidence)
            } else {
                text
            }
        })
        .collect()
}
