//! The API through the real HTTP stack: each test starts its own server on a free port with a fresh
//! database and outbox.
//!
//! Every test runs on both engines: `<file>::sqlite::<test>` on a SQLite file, and
//! `<file>::postgres::<test>` on a new PostgreSQL database (dropped afterwards) when
//! `TEMPATRO_TEST_POSTGRES_URL` names a server (`postgres://postgres@127.0.0.1:5432/postgres`).
//! Without it, each PostgreSQL variant prints `SKIPPED: TEMPATRO_TEST_POSTGRES_URL is not set`
//! and returns. A test is a plain `async fn` named in its file's `on_each_engine!` list; one
//! left out of the list is dead code, which the lints refuse.

/// Makes a `#[tokio::test]` per engine of each named `async fn` of the module.
macro_rules! on_each_engine {
    ($($test:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test]
                async fn $test() {
                    $crate::helpers::run_on($crate::helpers::Engine::Sqlite, super::$test()).await;
                }
            )*
        }

        mod postgres {
            $(
                #[tokio::test]
                async fn $test() {
                    $crate::helpers::run_on($crate::helpers::Engine::Postgres, super::$test()).await;
                }
            )*
        }
    };
}

mod accounts;
mod activities;
mod backup;
mod children;
mod content;
mod fees_and_renewal;
mod helpers;
mod imports;
mod killed_import;
mod limits;
mod medical;
mod migrate_data;
mod password_resets;
mod payments;
mod permissions;
mod profile;
mod review;
mod schema;
mod second_factor;
mod servers;
mod sessions;
mod staff_command;
mod tokens;
mod uploads;
mod verification;
