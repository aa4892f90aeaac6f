//! The review queue: one list of everything a human must decide (held ads, reported ads,
//! held sign-ups, appeals), its private notes, the appeals table and the office's
//! settings (report weights, review targets, the enforcement ladder). Items are known by
//! kind and subject id only; the capabilities that own the subjects open and close them,
//! and the moderation office above decides them by calling those owners.

mod entity;

pub mod appeals;
pub mod queue;
pub mod settings;
