//! What goes to stdout: tables and sentences for people, JSON for scripts. Every write returns its
//! error instead of panicking, so that `| head` ends the command quietly (see `main`).

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table, presets};
use serde::Serialize;
use tempatro_core::api::AccountView;
use tempatro_core::{Lang, date};

pub fn line(text: &str) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "{text}")?;
    stdout.flush()
}

pub fn json<T: Serialize + ?Sized>(value: &T) -> io::Result<()> {
    let mut stdout = io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, value)?;
    writeln!(stdout)?;
    stdout.flush()
}

pub fn table(table: Table) -> io::Result<()> {
    line(&table.to_string())
}

pub fn accounts_table(accounts: &[AccountView], lang: Lang) -> Table {
    let mut table = Table::new();
    table
        .load_preset(presets::UTF8_HORIZONTAL_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(match lang {
            Lang::Fr => ["E-mail", "Nom", "Rôle", "Statut", "Créé le"],
            Lang::En => ["E-mail", "Name", "Role", "Status", "Created on"],
        });
    for account in accounts {
        table.add_row([
            account.email.clone(),
            account.full_name(),
            account.role.label(lang).to_owned(),
            account.status.label(lang).to_owned(),
            // The server's clock is UTC: near midnight the day may differ from Brussels' by one.
            date::short(account.created_at.date()),
        ]);
    }
    table
}
