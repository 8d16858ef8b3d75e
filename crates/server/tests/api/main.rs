//! The API through the real HTTP stack: each test starts its own server on a free port with a fresh
//! SQLite file and outbox.

mod accounts;
mod helpers;
mod password_resets;
mod sessions;
mod staff_command;
