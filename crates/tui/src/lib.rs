//! Tempatro's parents' space in the terminal: the screens of the parents' guide, talking to the
//! Patro's server over HTTP through `tempatro-client`.
//!
//! One loop ([`event_loop`]) draws the [`app::App`] state ([`screens`]), turns keys into state
//! changes and [`command::Command`]s, and hands the server's answers back to the app.

pub mod app;
pub mod command;
pub mod config;
pub mod demo;
pub mod downloads;
pub mod event_loop;
pub mod form;
pub mod input;
pub mod keys;
pub mod markdown;
pub mod qr;
pub mod rows;
pub mod runner;
pub mod screens;
pub mod session;
pub mod texts;
pub mod widgets;
