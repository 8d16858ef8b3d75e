//! The real `tempatro-admin` binary against a real server started in this process: what a staff
//! member types, what a script reads.

mod accounts;
mod affiliations;
mod children;
mod end_to_end;
mod helpers;
mod session;
mod settings;
