//! `cycles list | create | show`: the Patro's years and their fees, and the current cycle other
//! commands fall back on when `--cycle` is not given.

use std::process::ExitCode;

use clap::Subcommand;
use tempatro_client::Client;
use tempatro_core::api::{CycleInput, CycleView};
use tempatro_core::{Cycle, Lang, date};

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::session::staff_client;
use crate::{output, values};

#[derive(Debug, Subcommand)]
pub enum CyclesCommand {
    /// Liste les cycles et leurs cotisations
    List {
        /// Écrit un tableau JSON de cycles sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Ouvre un cycle, ou change les cotisations d'un cycle existant
    Create {
        /// Le cycle, par exemple 2027-2028
        #[arg(value_name = "CYCLE")]
        cycle: String,
        /// Cotisation normale, en euros (45 ou 45,00)
        #[arg(long, value_name = "MONTANT")]
        fee: String,
        /// Cotisation de l'affiliation solidaire, en euros
        #[arg(long, value_name = "MONTANT")]
        solidarity_fee: String,
        /// Réduction à partir du deuxième enfant d'une famille, en euros
        #[arg(long, value_name = "MONTANT")]
        sibling_discount: Option<String>,
        /// Écrit le cycle enregistré en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Affiche un cycle : dates, cotisations, nombre d'enfants affiliés
    Show {
        /// Le cycle, par exemple 2026-2027
        #[arg(value_name = "CYCLE")]
        cycle: String,
        /// Écrit le cycle en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(settings: &Settings, command: CyclesCommand) -> anyhow::Result<ExitCode> {
    match command {
        CyclesCommand::List { json } => list(settings, json).await,
        CyclesCommand::Create {
            cycle,
            fee,
            solidarity_fee,
            sibling_discount,
            json,
        } => {
            // Read here first: a typo is told before anything is sent, naming its flag.
            values::cycle("CYCLE", &cycle)?;
            values::amount("--fee", &fee)?;
            values::amount("--solidarity-fee", &solidarity_fee)?;
            if let Some(discount) = &sibling_discount {
                values::amount("--sibling-discount", discount)?;
            }
            let input = CycleInput {
                cycle,
                normal_fee: fee,
                solidarity_fee,
                sibling_discount,
            };
            create(settings, &input, json).await
        }
        CyclesCommand::Show { cycle, json } => {
            show(settings, values::cycle("CYCLE", &cycle)?, json).await
        }
    }
}

/// The cycle asked for, else the one the server says is current.
pub async fn or_current(client: &Client, cycle: Option<Cycle>) -> Result<Cycle, Error> {
    if let Some(cycle) = cycle {
        return Ok(cycle);
    }
    client
        .cycles()
        .await
        .map_err(with_session)?
        .into_iter()
        .find(|cycle| cycle.current)
        .map(|cycle| cycle.cycle)
        .ok_or(Error::NoCurrentCycle)
}

async fn list(settings: &Settings, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let cycles = staff_client(settings)?
        .cycles()
        .await
        .map_err(with_session)?;
    if json {
        output::json(&cycles)?;
    } else if cycles.is_empty() {
        output::line(lang.pick(
            "Aucun cycle : ouvrez-en un avec `tempatro-admin cycles create`",
            "No cycle: open one with `tempatro-admin cycles create`",
        ))?;
    } else {
        let mut table = output::listing(match lang {
            Lang::Fr => [
                "Cycle",
                "En cours",
                "Du",
                "Au",
                "Cotisation",
                "Solidaire",
                "Réduction 2e enfant",
                "Affiliés",
            ],
            Lang::En => [
                "Cycle",
                "Current",
                "From",
                "To",
                "Fee",
                "Solidarity fee",
                "Sibling discount",
                "Affiliated",
            ],
        });
        for cycle in &cycles {
            table.add_row([
                cycle.cycle.to_string(),
                if cycle.current {
                    output::yes_no(true, lang).to_owned()
                } else {
                    String::new()
                },
                date::short(cycle.first_day),
                date::short(cycle.last_day),
                cycle.normal_fee.to_string(),
                cycle.solidarity_fee.to_string(),
                cycle.sibling_discount.to_string(),
                cycle.affiliations.to_string(),
            ]);
        }
        output::table(table)?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn create(settings: &Settings, input: &CycleInput, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let cycle = staff_client(settings)?
        .save_cycle(input)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&cycle)?;
    } else {
        let (name, fee, solidarity, discount) = (
            cycle.cycle,
            cycle.normal_fee,
            cycle.solidarity_fee,
            cycle.sibling_discount,
        );
        output::line(&match lang {
            Lang::Fr => format!(
                "Cycle {name} enregistré : cotisation {fee}, affiliation solidaire {solidarity}, réduction dès le deuxième enfant {discount}."
            ),
            Lang::En => format!(
                "Cycle {name} saved: fee {fee}, solidarity fee {solidarity}, discount from the second child {discount}."
            ),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn show(settings: &Settings, cycle: Cycle, json: bool) -> anyhow::Result<ExitCode> {
    let cycle = staff_client(settings)?
        .cycle(cycle)
        .await
        .map_err(with_session)?;
    output::json_or_line(json, &cycle, |cycle| sheet(cycle, settings.lang))?;
    Ok(ExitCode::SUCCESS)
}

fn sheet(cycle: &CycleView, lang: Lang) -> String {
    let title = match (cycle.current, lang) {
        (true, Lang::Fr) => format!("Cycle {} (en cours)", cycle.cycle),
        (true, Lang::En) => format!("Cycle {} (current)", cycle.cycle),
        (false, _) => format!("Cycle {}", cycle.cycle),
    };
    let (first, last) = (date::short(cycle.first_day), date::short(cycle.last_day));
    let rows = [
        (
            lang.pick("Dates", "Dates"),
            match lang {
                Lang::Fr => format!("du {first} au {last}"),
                Lang::En => format!("from {first} to {last}"),
            },
        ),
        (lang.pick("Cotisation", "Fee"), cycle.normal_fee.to_string()),
        (
            lang.pick("Affiliation solidaire", "Solidarity fee"),
            cycle.solidarity_fee.to_string(),
        ),
        (
            lang.pick(
                "Réduction dès le deuxième enfant",
                "Discount from the second child",
            ),
            cycle.sibling_discount.to_string(),
        ),
        (
            lang.pick("Enfants affiliés", "Children affiliated"),
            cycle.affiliations.to_string(),
        ),
    ];
    format!("{title}\n\n{}", output::fields(&rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::Amount;
    use time::macros::date;

    #[test]
    fn a_cycle_reads_as_a_short_sheet() {
        let cycle = CycleView {
            cycle: "2026-2027".parse().unwrap(),
            current: true,
            first_day: date!(2026 - 09 - 01),
            last_day: date!(2027 - 08 - 31),
            normal_fee: Amount::from_cents(4500),
            solidarity_fee: Amount::from_cents(1500),
            sibling_discount: Amount::from_cents(1000),
            affiliations: 12,
        };
        let text = sheet(&cycle, Lang::Fr);
        assert!(text.starts_with("Cycle 2026-2027 (en cours)\n\n"), "{text}");
        for expected in [
            "du 01/09/2026 au 31/08/2027",
            "Cotisation                        45,00 €",
            "Affiliation solidaire             15,00 €",
            "Enfants affiliés                  12",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
    }
}
