//! The API through the real HTTP stack: each test starts its own server on a free port with a fresh
//! SQLite file and outbox.

mod accounts;
mod activities;
mod children;
mod content;
mod fees_and_renewal;
mod helpers;
mod imports;
mod killed_import;
mod medical;
mod password_resets;
mod payments;
mod permissions;
mod profile;
mod review;
mod sessions;
mod staff_command;
mod tokens;
