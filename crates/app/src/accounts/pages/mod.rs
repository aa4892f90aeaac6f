//! The accounts pages: plain HTML forms that work without JavaScript.
pub mod account;
pub mod language;
pub mod login;
pub mod password;
pub mod register;
pub mod verify;
