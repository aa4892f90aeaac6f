//! Tables owned by accounts.
pub mod email_token;
pub mod session;
pub mod user;
