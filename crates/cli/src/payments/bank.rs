//! `payments unmatched | match`: the bank lines no structured communication tied to a due, kept
//! for the secretariat, and matched by hand once someone knows whose they are.

use std::process::ExitCode;

use tempatro_core::api::BankLineView;
use tempatro_core::{Lang, date};

use super::{named, standing};
use crate::config::Settings;
use crate::error::with_session;
use crate::output;
use crate::session::staff_client;

pub async fn unmatched(settings: &Settings, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let lines = staff_client(settings)?
        .bank_lines(None)
        .await
        .map_err(with_session)?;
    output::list(
        json,
        &lines,
        lang.pick(
            "Aucune ligne bancaire non reconnue : tout est rapproché",
            "No unmatched bank line: everything is matched",
        ),
        |lines| table(lines, lang),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn table(lines: &[BankLineView], lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => ["Ligne", "Date", "Montant", "Contrepartie", "Communication"],
        Lang::En => ["Line", "Date", "Amount", "Counterparty", "Communication"],
    });
    for line in lines {
        table.add_row([
            line.id.clone(),
            date::short(line.date),
            line.amount.to_string(),
            line.counterparty
                .clone()
                .unwrap_or_else(|| output::NONE.to_owned()),
            communication(line),
        ]);
    }
    table
}

/// The free text as the payer wrote it; a structured reference that matched no due when that is
/// all the line has.
fn communication(line: &BankLineView) -> String {
    line.communication
        .clone()
        .or_else(|| line.reference.clone())
        .unwrap_or_else(|| output::NONE.to_owned())
}

pub async fn match_line(
    settings: &Settings,
    line_id: &str,
    due_id: i64,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let client = staff_client(settings)?;
    let line = client
        .match_bank_line(line_id.trim(), due_id)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&line)?;
        return Ok(ExitCode::SUCCESS);
    }
    // Where the due now stands, which the line alone does not say.
    let due = client.due(due_id).await.map_err(with_session)?.due;
    let (id, amount, on, due_named, standing) = (
        &line.id,
        line.amount,
        date::short(line.date),
        named(&due, lang),
        standing(&due, lang),
    );
    output::line(&match lang {
        Lang::Fr => {
            format!("Ligne {id} ({amount} du {on}) rapprochée du {due_named} : {standing}.")
        }
        Lang::En => format!("Line {id} ({amount} on {on}) matched with {due_named}: {standing}."),
    })?;
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::Amount;
    use tempatro_core::api::BankLineStatus;
    use time::macros::date;

    #[test]
    fn the_list_shows_the_free_communication_or_else_the_reference() {
        let mut line = BankLineView {
            id: "BE68539007547034/020926/001/0002/0000".to_owned(),
            date: date!(2026 - 09 - 02),
            amount: Amount::from_cents(12_000),
            counterparty: Some("EXEMPLAIRE JEAN-LUC".to_owned()),
            reference: Some("+++123/1234/12328+++".to_owned()),
            communication: None,
            status: BankLineStatus::Unmatched,
            due_id: None,
        };
        assert_eq!(communication(&line), "+++123/1234/12328+++");
        line.communication = Some("Camp des Chevaliers".to_owned());
        let text = table(&[line], Lang::Fr).trim_fmt();
        assert!(text.starts_with("Ligne  "), "{text}");
        assert!(
            text.contains("02/09/2026  120,00 €  EXEMPLAIRE JEAN-LUC  Camp des Chevaliers"),
            "{text}"
        );
    }
}
