//! Integration tests: one binary, a module per capability. Every test that touches a
//! database runs twice, on SQLite and on PostgreSQL (see `db_tests!`).

mod support;

mod accounts;
mod ads;
mod attacks;
mod faults;
mod gate;
mod gate_learning;
mod locales;
mod messaging;
mod moderation;
mod office;
mod pages;
mod shield;
