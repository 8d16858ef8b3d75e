//! What goes to stdout: tables and sentences for people, JSON for scripts. Every write returns its
//! error instead of panicking, so that `| head` ends the command quietly (see `main`).

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table};
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
    line(&table.trim_fmt())
}

/// A rule under the header and nothing else: a list to read, not a grid to fill in.
const HEADER_RULE_ONLY: &str = "     ──            ";

pub fn accounts_table(accounts: &[AccountView], lang: Lang) -> Table {
    let mut table = Table::new();
    table
        .load_preset(HEADER_RULE_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(match lang {
            Lang::Fr => ["E-mail", "Nom", "Rôle", "Statut", "Créé le"],
            Lang::En => ["E-mail", "Name", "Role", "Status", "Created on"],
        });
    // Flush left and two spaces between columns, like `gh` and `ls -l`: easy to read and to `cut`.
    for column in table.column_iter_mut() {
        column.set_padding((0, 2));
    }
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
