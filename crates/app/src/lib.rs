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
pub mod review;
pub mod shield;

mod app;

pub use app::{app, build_state, redact, serve, start_workers};
