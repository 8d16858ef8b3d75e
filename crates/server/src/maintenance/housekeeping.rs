//! What a running server deletes on its own: API token uses past the time they are kept, and the
//! limits' counts of windows that are over. Every server of a Patro does it; the deletes are
//! idempotent, so several servers on one database only repeat each other.

use std::sync::Arc;

use time::{Duration, OffsetDateTime};

use crate::http::limits::LONGEST_WINDOW;
use crate::store::{Pruned, Store, StoreResult};

/// How long a token's uses are kept: enough to see what a script did over a season, short enough
/// that the table does not grow with every nightly run for ever.
pub const TOKEN_USES_KEPT: Duration = Duration::days(90);

/// How often a running server prunes.
pub const EVERY: std::time::Duration = std::time::Duration::from_secs(3600);

/// Prunes once, as of `now`.
pub async fn prune(store: &dyn Store, now: OffsetDateTime) -> StoreResult<Pruned> {
    let pruned = store
        .prune(now - TOKEN_USES_KEPT, now - LONGEST_WINDOW)
        .await?;
    if pruned.token_uses > 0 || pruned.windows > 0 {
        tracing::info!(
            token_uses = pruned.token_uses,
            windows = pruned.windows,
            "old token uses and limit counts pruned"
        );
    }
    Ok(pruned)
}

/// Prunes every [`EVERY`] (the first time [`EVERY`] from now: a starting server prunes once
/// before it serves), until the task is aborted.
pub fn every_hour(store: Arc<dyn Store>) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval_at(tokio::time::Instant::now() + EVERY, EVERY);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            if let Err(error) = prune(store.as_ref(), OffsetDateTime::now_utc()).await {
                tracing::warn!(%error, "pruning failed; tried again in an hour");
            }
        }
    })
}
