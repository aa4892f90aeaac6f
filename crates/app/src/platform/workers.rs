//! Periodic background jobs. Each capability names its own job; this only runs them, and
//! keeps running them: a job that fails or panics is logged as an error and tried again
//! after a pause that grows with each failure in a row (up to five minutes), instead of
//! ending its loop for good.

use std::future::Future;
use std::time::Duration;

/// The longest pause after failures in a row.
const MAX_BACKOFF: Duration = Duration::from_secs(300);

/// Runs `job` every `period` for the life of the process, logging failures and panics.
pub fn every<F, Fut>(name: &'static str, period: Duration, job: F)
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send + 'static,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        let mut failures: u32 = 0;
        loop {
            tick.tick().await;
            // Each run in a task of its own: a panic ends the run, not the loop.
            let outcome = match tokio::spawn(job()).await {
                Ok(Ok(())) => None,
                Ok(Err(e)) => Some(format!("{e:#}")),
                Err(joined) => Some(if joined.is_panic() {
                    "panicked".to_string()
                } else {
                    "cancelled".to_string()
                }),
            };
            match outcome {
                None => failures = 0,
                Some(error) => {
                    failures = failures.saturating_add(1);
                    let pause = backoff(period, failures);
                    tracing::error!(job = name, %error, failures, retry_in_secs = pause.as_secs(), "background job failed");
                    tokio::time::sleep(pause).await;
                }
            }
        }
    });
}

/// The pause after `failures` failures in a row: the period, doubled each time, capped.
fn backoff(period: Duration, failures: u32) -> Duration {
    let doubled = period.saturating_mul(1u32 << failures.min(10).saturating_sub(1));
    doubled.min(MAX_BACKOFF.max(period))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test]
    async fn a_panicking_job_keeps_being_run() {
        let runs = Arc::new(AtomicU32::new(0));
        let seen = runs.clone();
        every("test-panics", Duration::from_millis(10), move || {
            let runs = seen.clone();
            async move {
                let n = runs.fetch_add(1, Ordering::SeqCst);
                if n < 2 {
                    panic!("run {n} fails");
                }
                Ok(())
            }
        });
        tokio::time::sleep(Duration::from_millis(400)).await;
        assert!(
            runs.load(Ordering::SeqCst) >= 4,
            "{}",
            runs.load(Ordering::SeqCst)
        );
    }

    #[test]
    fn backoff_doubles_and_is_capped() {
        let p = Duration::from_secs(10);
        assert_eq!(backoff(p, 1), Duration::from_secs(10));
        assert_eq!(backoff(p, 2), Duration::from_secs(20));
        assert_eq!(backoff(p, 3), Duration::from_secs(40));
        assert_eq!(backoff(p, 20), MAX_BACKOFF);
    }
}
