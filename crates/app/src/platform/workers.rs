//! Periodic background jobs. Each capability names its own job; this only runs them.

use std::future::Future;
use std::time::Duration;

/// Runs `job` every `period` for the life of the process, logging failures.
pub fn every<F, Fut>(name: &'static str, period: Duration, job: F)
where
    F: Fn() -> Fut + Send + 'static,
    Fut: Future<Output = anyhow::Result<()>> + Send,
{
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(period);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = job().await {
                tracing::warn!(job = name, error = %e, "background job failed");
            }
        }
    });
}
