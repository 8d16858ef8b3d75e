//! What goes to stdout: tables and sentences for people, JSON for scripts. Every write returns its
//! error instead of panicking, so that `| head` ends the command quietly (see `main`).

use std::io::{self, Write};

use comfy_table::{ContentArrangement, Table};
use serde::Serialize;
use tempatro_core::api::AccountView;
use tempatro_core::{Lang, date};
use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, UtcOffset};

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

/// `value` in JSON for a script, or the text `text` makes of it for a person.
pub fn json_or_line<T: Serialize>(
    as_json: bool,
    value: &T,
    text: impl FnOnce(&T) -> String,
) -> io::Result<()> {
    if as_json {
        json(value)
    } else {
        line(&text(value))
    }
}

/// A list in JSON for a script, or for a person a table, or `none` rather than a header alone
/// when there is nothing to list.
pub fn list<T: Serialize>(
    as_json: bool,
    items: &[T],
    none: &str,
    table_of: impl FnOnce(&[T]) -> Table,
) -> io::Result<()> {
    if as_json {
        json(items)
    } else if items.is_empty() {
        line(none)
    } else {
        table(table_of(items))
    }
}

/// A rule under the header and nothing else: a list to read, not a grid to fill in.
const HEADER_RULE_ONLY: &str = "     ──            ";

/// An empty list with the look every list of the command line shares: flush left, two spaces
/// between columns, like `gh` and `ls -l`: easy to read and to `cut`. The preset's blank
/// vertical line is one of the two spaces, the padding the other.
pub fn listing<const N: usize>(header: [&str; N]) -> Table {
    let mut table = Table::new();
    table
        .load_preset(HEADER_RULE_ONLY)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    for column in table.column_iter_mut() {
        column.set_padding((0, 1));
    }
    table
}

pub fn accounts_table(accounts: &[AccountView], lang: Lang) -> Table {
    let mut table = listing(match lang {
        Lang::Fr => ["E-mail", "Confirmée", "Nom", "Rôle", "Statut", "Créé le"],
        Lang::En => [
            "E-mail",
            "Confirmed",
            "Name",
            "Role",
            "Status",
            "Created on",
        ],
    });
    for account in accounts {
        table.add_row([
            account.email.clone(),
            yes_no(account.email_verified, lang).to_owned(),
            account.full_name(),
            account.role.label(lang).to_owned(),
            account.status.label(lang).to_owned(),
            // The server's clock is UTC: near midnight the day may differ from Brussels' by one.
            date::short(account.created_at.date()),
        ]);
    }
    table
}

/// Labels and values one under the other, values aligned, indented under a heading: the layout
/// of a sheet. Counted in characters, which is right for the accented letters of French labels.
pub fn fields(rows: &[(&str, String)]) -> String {
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    rows.iter()
        .map(|(label, value)| format!("  {label:<width$}  {value}").trim_end().to_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// `Oui` or `non` the way a sheet reads them.
pub fn yes_no(value: bool, lang: Lang) -> &'static str {
    match value {
        true => lang.pick("oui", "yes"),
        false => lang.pick("non", "no"),
    }
}

/// Where a value is absent.
pub const NONE: &str = "—";

/// `01/05/2026 14:32`, in Brussels time: the Patro is Belgian, and the server writes UTC, which
/// would put a Saturday-morning change two hours earlier than anyone remembers it.
pub fn date_time(at: OffsetDateTime) -> String {
    let local = in_brussels(at);
    format!(
        "{} {:02}:{:02}",
        date::short(local.date()),
        local.hour(),
        local.minute()
    )
}

/// `01/05/2026`, the day in Brussels of a moment the server wrote in UTC: a news item published
/// on Saturday evening is Saturday's, not Sunday's.
pub fn day(at: OffsetDateTime) -> String {
    date::short(in_brussels(at).date())
}

/// Central European Time, summer time included: UTC+2 from 01:00 UTC on the last Sunday of March
/// to 01:00 UTC on the last Sunday of October, UTC+1 otherwise (EU directive 2000/84/EC). Written
/// out rather than read from the machine, whose zone may be anything (a server, a CI runner).
fn in_brussels(at: OffsetDateTime) -> PrimitiveDateTime {
    let utc = at.to_offset(UtcOffset::UTC);
    let switch = |month| {
        let last_day = Date::from_calendar_date(utc.year(), month, 31)
            .expect("March and October have 31 days");
        let back = i64::from(last_day.weekday().number_days_from_sunday());
        PrimitiveDateTime::new(last_day - Duration::days(back), time::Time::MIDNIGHT).assume_utc()
            + Duration::hours(1)
    };
    let summer = switch(Month::March) <= utc && utc < switch(Month::October);
    let local = utc + Duration::hours(if summer { 2 } else { 1 });
    PrimitiveDateTime::new(local.date(), local.time())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_are_shown_in_brussels_winter_and_summer() {
        assert_eq!(
            date_time(datetime!(2026-01-15 12:30 UTC)),
            "15/01/2026 13:30"
        );
        assert_eq!(
            date_time(datetime!(2026-07-01 12:30 UTC)),
            "01/07/2026 14:30"
        );
        // Near midnight the day changes too.
        assert_eq!(
            date_time(datetime!(2026-07-01 22:15 UTC)),
            "02/07/2026 00:15"
        );
    }

    #[test]
    fn summer_time_starts_and_ends_at_one_in_the_morning_utc_on_the_last_sundays() {
        // 2026: last Sunday of March is the 29th, of October the 25th.
        assert_eq!(
            date_time(datetime!(2026-03-29 00:59 UTC)),
            "29/03/2026 01:59"
        );
        assert_eq!(
            date_time(datetime!(2026-03-29 01:00 UTC)),
            "29/03/2026 03:00"
        );
        assert_eq!(
            date_time(datetime!(2026-10-25 00:59 UTC)),
            "25/10/2026 02:59"
        );
        assert_eq!(
            date_time(datetime!(2026-10-25 01:00 UTC)),
            "25/10/2026 02:00"
        );
    }

    #[test]
    fn fields_are_aligned_on_the_longest_label() {
        let text = fields(&[
            ("Nom", "Billy LE PIVERT".to_owned()),
            ("Domicilié à", "Rue du Roeulx 23, 7110 Maurage".to_owned()),
        ]);
        assert_eq!(
            text,
            "  Nom          Billy LE PIVERT\n  Domicilié à  Rue du Roeulx 23, 7110 Maurage"
        );
    }
}
