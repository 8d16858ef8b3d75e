//! The real `tempatro-admin` binary against a real server started in this process: what a staff
//! member types, what a script reads.

mod accounts;
mod activities;
mod affiliations;
mod children;
mod content;
mod end_to_end;
mod helpers;
mod imports;
mod medical;
mod payments;
mod second_factor;
mod session;
mod settings;
mod tokens;
