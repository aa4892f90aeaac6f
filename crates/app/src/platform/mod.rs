//! What every capability shares: configuration, state, errors, database, sessions,
//! translations, mail and the HTTP plumbing. `platform` knows no capability.

pub mod audit;
pub mod auth;
pub mod cache;
pub mod config;
pub mod csrf;
pub mod db;
pub mod error;
pub mod events;
pub mod forms;
pub mod i18n;
pub mod json;
pub mod mail;
pub mod net;
pub mod notify;
pub mod realtime;
pub mod render;
pub mod retention;
pub mod security;
pub mod settings;
pub mod state;
pub mod util;
pub mod web;
pub mod workers;
