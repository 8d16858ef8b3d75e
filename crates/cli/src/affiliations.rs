//! `affiliations list | pay | unpay | solidarity | add | section`: a child's membership for a
//! cycle, its fee and its payment.

use std::process::ExitCode;

use clap::{ArgGroup, Args, Subcommand};
use tempatro_client::Client;
use tempatro_core::api::{AffiliationView, PaymentView};
use tempatro_core::{Cycle, Lang, PaymentMethod, date};

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::session::staff_client;
use crate::values::{self, MethodArg};
use crate::{cycles, output, prompt};

#[derive(Debug, Subcommand)]
pub enum AffiliationsCommand {
    /// Liste les affiliations d'un cycle, payées ou non
    List {
        /// Le cycle, par exemple 2026-2027 (par défaut : le cycle en cours)
        #[arg(long, value_name = "CYCLE")]
        cycle: Option<String>,
        /// Seulement les affiliations non payées
        #[arg(long)]
        unpaid: bool,
        /// Écrit un tableau JSON d'affiliations sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Enregistre le paiement d'une affiliation
    Pay(PayArgs),
    /// Annule le paiement d'une affiliation : elle redevient non payée
    Unpay {
        #[command(flatten)]
        target: Target,
        /// Annule sans demander de confirmation (obligatoire hors d'un terminal)
        #[arg(long, short)]
        yes: bool,
        /// Écrit l'affiliation en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Accorde ou retire l'affiliation solidaire (cotisation réduite)
    #[command(group(ArgGroup::new("choice").required(true).args(["grant", "revoke"])))]
    Solidarity {
        #[command(flatten)]
        target: Target,
        /// Accorde la cotisation solidaire
        #[arg(long)]
        grant: bool,
        /// Revient à la cotisation normale
        #[arg(long)]
        revoke: bool,
        /// Écrit l'affiliation en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Affilie un enfant pour un cycle (hors renouvellement par les parents)
    Add {
        #[command(flatten)]
        target: Target,
        /// Section choisie (nom ou numéro ; par défaut : selon l'âge)
        #[arg(long, value_name = "SECTION")]
        section: Option<String>,
        /// Avec la cotisation solidaire
        #[arg(long)]
        solidarity: bool,
        /// Écrit l'affiliation en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Met un enfant dans une autre section que celle de son âge, pour un cycle
    Section {
        /// Numéro de l'enfant (colonne N° de `children list`)
        #[arg(value_name = "ENFANT")]
        child: i64,
        /// La section (nom ou numéro)
        #[arg(value_name = "SECTION")]
        section: String,
        /// Le cycle, par exemple 2026-2027 (par défaut : le cycle en cours)
        #[arg(long, value_name = "CYCLE")]
        cycle: Option<String>,
        /// Écrit l'affiliation en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

/// A child's affiliation: the child, and the cycle (the current one unless told).
#[derive(Debug, Args)]
pub struct Target {
    /// Numéro de l'enfant (colonne N° de `children list`)
    #[arg(value_name = "ENFANT")]
    child: i64,
    /// Le cycle, par exemple 2026-2027 (par défaut : le cycle en cours)
    #[arg(long, value_name = "CYCLE")]
    cycle: Option<String>,
}

#[derive(Debug, Args)]
pub struct PayArgs {
    #[command(flatten)]
    target: Target,
    /// Montant reçu, en euros (par défaut : la cotisation)
    #[arg(long, value_name = "MONTANT")]
    amount: Option<String>,
    /// Date du paiement, JJ/MM/AAAA (par défaut : aujourd'hui)
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Mode de paiement (par défaut : virement)
    #[arg(long, value_enum, value_name = "MODE")]
    method: Option<MethodArg>,
    /// Écrit l'affiliation payée en JSON sur la sortie standard
    #[arg(long)]
    json: bool,
}

pub async fn run(settings: &Settings, command: AffiliationsCommand) -> anyhow::Result<ExitCode> {
    match command {
        AffiliationsCommand::List {
            cycle,
            unpaid,
            json,
        } => {
            let cycle = values::optional_cycle("--cycle", cycle.as_deref())?;
            list(settings, cycle, unpaid, json).await
        }
        AffiliationsCommand::Pay(args) => pay(settings, args).await,
        AffiliationsCommand::Unpay { target, yes, json } => {
            unpay(settings, &target, yes, json).await
        }
        AffiliationsCommand::Solidarity {
            target,
            grant,
            revoke: _,
            json,
        } => solidarity(settings, &target, grant, json).await,
        AffiliationsCommand::Add {
            target,
            section,
            solidarity,
            json,
        } => add(settings, &target, section.as_deref(), solidarity, json).await,
        AffiliationsCommand::Section {
            child,
            section,
            cycle,
            json,
        } => {
            let target = Target { child, cycle };
            move_to_section(settings, &target, &section, json).await
        }
    }
}

impl Target {
    /// The staff client and the cycle meant; the cycle's typo is told before any call.
    async fn resolve(&self, settings: &Settings) -> Result<(Client, Cycle), Error> {
        let cycle = values::optional_cycle("--cycle", self.cycle.as_deref())?;
        let client = staff_client(settings)?;
        let cycle = cycles::or_current(&client, cycle).await?;
        Ok((client, cycle))
    }
}

/// "payée", "non payée", or a dash for no affiliation: the state a list shows.
pub fn state(affiliation: Option<&AffiliationView>, lang: Lang) -> &'static str {
    match affiliation {
        None => output::NONE,
        Some(affiliation) if affiliation.paid() => lang.pick("payée", "paid"),
        Some(_) => lang.pick("non payée", "unpaid"),
    }
}

/// "payée le 12/09/2026 (virement, 45,00 €)".
pub fn payment(payment: Option<&PaymentView>, lang: Lang) -> String {
    match payment {
        None => lang.pick("non payée", "unpaid").to_owned(),
        Some(payment) => {
            let (on, method, amount) = (
                date::short(payment.paid_on),
                payment.method.label(lang),
                payment.amount,
            );
            match lang {
                Lang::Fr => format!("payée le {on} ({method}, {amount})"),
                Lang::En => format!("paid on {on} ({method}, {amount})"),
            }
        }
    }
}

/// "par virement", "en liquide": how a payment was made, in a sentence.
pub fn paid_by(method: PaymentMethod, lang: Lang) -> &'static str {
    match method {
        PaymentMethod::Transfer => lang.pick("par virement", "by bank transfer"),
        PaymentMethod::Cash => lang.pick("en liquide", "in cash"),
        PaymentMethod::Other => lang.pick("par un autre moyen", "by other means"),
    }
}

/// "Benjamins 6-9 ans, 15,00 € solidaire, non payée": an affiliation in one phrase.
pub fn summary(affiliation: &AffiliationView, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(section) = &affiliation.section {
        parts.push(section.label.clone());
    }
    parts.push(fee(affiliation, lang));
    match &affiliation.due {
        Some(due) if affiliation.payment.is_none() && due.paid.cents() > 0 => {
            parts.push(match lang {
                Lang::Fr => format!("partiellement payée (reste {})", due.left),
                Lang::En => format!("partly paid ({} left)", due.left),
            });
        }
        _ => parts.push(payment(affiliation.payment.as_ref(), lang)),
    }
    parts.join(", ")
}

/// "45,00 €", or "15,00 € solidaire".
pub fn fee(affiliation: &AffiliationView, lang: Lang) -> String {
    if affiliation.solidarity {
        format!(
            "{} {}",
            affiliation.fee,
            lang.pick("solidaire", "solidarity")
        )
    } else {
        affiliation.fee.to_string()
    }
}

async fn list(
    settings: &Settings,
    cycle: Option<Cycle>,
    unpaid: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let affiliations = staff_client(settings)?
        .affiliations(cycle, unpaid)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&affiliations)?;
    } else if affiliations.is_empty() {
        output::line(if unpaid {
            lang.pick("Aucune affiliation non payée", "No unpaid affiliation")
        } else {
            lang.pick("Aucune affiliation", "No affiliation")
        })?;
    } else {
        let mut table = output::listing(match lang {
            Lang::Fr => [
                "N°",
                "Enfant",
                "Cycle",
                "Section",
                "Cotisation",
                "Solidaire",
                "Paiement",
            ],
            Lang::En => [
                "No.",
                "Child",
                "Cycle",
                "Section",
                "Fee",
                "Solidarity",
                "Payment",
            ],
        });
        for affiliation in &affiliations {
            table.add_row([
                affiliation.child_id.to_string(),
                affiliation.child_name.clone(),
                affiliation.cycle.to_string(),
                affiliation
                    .section
                    .as_ref()
                    .map_or(output::NONE.to_owned(), |section| section.label.clone()),
                affiliation.fee.to_string(),
                output::yes_no(affiliation.solidarity, lang).to_owned(),
                payment(affiliation.payment.as_ref(), lang),
            ]);
        }
        output::table(table)?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn pay(settings: &Settings, args: PayArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let input = values::payment(args.amount, args.date.as_deref(), args.method)?;
    let (client, cycle) = args.target.resolve(settings).await?;
    let affiliation = client
        .record_affiliation_payment(args.target.child, cycle, &input)
        .await
        .map_err(with_session)?;
    if args.json {
        output::json(&affiliation)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (name, child) = (&affiliation.child_name, affiliation.child_id);
    if affiliation.payment.is_none()
        && let Some(due) = &affiliation.due
    {
        // Less than the fee came in: say what is left rather than call it paid.
        let (paid, left) = (due.paid, due.left);
        output::line(&match lang {
            Lang::Fr => format!(
                "Paiement enregistré : l'affiliation {cycle} de {name} (n°{child}) a reçu {paid}, il reste {left} à payer."
            ),
            Lang::En => format!(
                "Payment recorded: the affiliation {cycle} of {name} (no. {child}) has received {paid}, {left} is left to pay."
            ),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let paid = affiliation
        .payment
        .as_ref()
        .map_or_else(String::new, |payment| {
            let (amount, on, how) = (
                payment.amount,
                date::short(payment.paid_on),
                paid_by(payment.method, lang),
            );
            match lang {
                Lang::Fr => format!(" : {amount} le {on}, {how}"),
                Lang::En => format!(": {amount} on {on}, {how}"),
            }
        });
    output::line(&match lang {
        Lang::Fr => format!("Affiliation {cycle} de {name} (n°{child}) payée{paid}."),
        Lang::En => format!("Affiliation {cycle} of {name} (no. {child}) paid{paid}."),
    })?;
    Ok(ExitCode::SUCCESS)
}

async fn unpay(
    settings: &Settings,
    target: &Target,
    yes: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    prompt::check_confirmable(yes)?;
    let (client, cycle) = target.resolve(settings).await?;
    if !yes {
        // The sheet names the child and the payment about to be forgotten.
        let sheet = client.child(target.child).await.map_err(with_session)?;
        let affiliation = sheet
            .affiliations
            .iter()
            .find(|affiliation| affiliation.cycle == cycle)
            .ok_or(Error::NoAffiliation {
                child: target.child,
                cycle,
            })?;
        let name = sheet.full_name();
        let question = match lang {
            Lang::Fr => format!("Annuler le paiement de l'affiliation {cycle} de {name} ?"),
            Lang::En => format!("Cancel the payment of the {cycle} affiliation of {name}?"),
        };
        let help = match lang {
            Lang::Fr => format!(
                "Actuellement {} ; elle redeviendra non payée",
                payment(affiliation.payment.as_ref(), lang)
            ),
            Lang::En => format!(
                "Now {}; it will be unpaid again",
                payment(affiliation.payment.as_ref(), lang)
            ),
        };
        prompt::confirm(false, question, help, lang).await?;
    }
    let affiliation = client
        .cancel_affiliation_payment(target.child, cycle)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&affiliation)?;
    } else {
        let (name, child) = (&affiliation.child_name, affiliation.child_id);
        output::line(&match lang {
            Lang::Fr => format!(
                "Paiement de l'affiliation {cycle} de {name} (n°{child}) annulé : elle est de nouveau non payée."
            ),
            Lang::En => format!(
                "Payment of the {cycle} affiliation of {name} (no. {child}) cancelled: it is unpaid again."
            ),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn solidarity(
    settings: &Settings,
    target: &Target,
    grant: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let (client, cycle) = target.resolve(settings).await?;
    let affiliation = client
        .set_solidarity(target.child, cycle, grant)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&affiliation)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (name, child, fee) = (
        &affiliation.child_name,
        affiliation.child_id,
        affiliation.fee,
    );
    output::line(&match (lang, grant) {
        (Lang::Fr, true) => format!(
            "Affiliation solidaire accordée à {name} (n°{child}) pour {cycle} : cotisation {fee}."
        ),
        (Lang::Fr, false) => format!(
            "Affiliation solidaire retirée à {name} (n°{child}) pour {cycle} : cotisation {fee}."
        ),
        (Lang::En, true) => {
            format!("Solidarity fee granted to {name} (no. {child}) for {cycle}: fee {fee}.")
        }
        (Lang::En, false) => {
            format!("Solidarity fee revoked for {name} (no. {child}) for {cycle}: fee {fee}.")
        }
    })?;
    Ok(ExitCode::SUCCESS)
}

async fn add(
    settings: &Settings,
    target: &Target,
    section: Option<&str>,
    solidarity: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    // Without --cycle the server picks the current cycle itself: no need to ask it first.
    let cycle = values::optional_cycle("--cycle", target.cycle.as_deref())?;
    let affiliation = staff_client(settings)?
        .affiliate(target.child, cycle, section, solidarity)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&affiliation)?;
    } else {
        let (cycle, name, child, summary) = (
            affiliation.cycle,
            &affiliation.child_name,
            affiliation.child_id,
            summary(&affiliation, lang),
        );
        output::line(&match lang {
            Lang::Fr => format!("Affiliation {cycle} de {name} (n°{child}) créée : {summary}."),
            Lang::En => {
                format!("Affiliation {cycle} of {name} (no. {child}) created: {summary}.")
            }
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn move_to_section(
    settings: &Settings,
    target: &Target,
    section: &str,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let (client, cycle) = target.resolve(settings).await?;
    let affiliation = client
        .set_affiliation_section(target.child, cycle, section)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&affiliation)?;
    } else {
        let (name, child) = (&affiliation.child_name, affiliation.child_id);
        let section = affiliation
            .section
            .as_ref()
            .map_or(section, |section| section.label.as_str());
        output::line(&match lang {
            Lang::Fr => format!("Section de {name} (n°{child}) pour {cycle} : {section}."),
            Lang::En => format!("Section of {name} (no. {child}) for {cycle}: {section}."),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::Amount;
    use time::macros::date;

    fn affiliation(solidarity: bool, payment: Option<PaymentView>) -> AffiliationView {
        AffiliationView {
            child_id: 12,
            child_name: "Billy LE PIVERT".to_owned(),
            cycle: "2026-2027".parse().unwrap(),
            section: None,
            fee: Amount::from_cents(if solidarity { 1500 } else { 4500 }),
            solidarity,
            payment,
            due: None,
        }
    }

    #[test]
    fn an_affiliation_reads_in_one_phrase() {
        assert_eq!(
            summary(&affiliation(true, None), Lang::Fr),
            "15,00 € solidaire, non payée"
        );
        let paid = affiliation(
            false,
            Some(PaymentView {
                paid_on: date!(2026 - 09 - 12),
                amount: Amount::from_cents(4500),
                method: PaymentMethod::Transfer,
            }),
        );
        assert_eq!(
            summary(&paid, Lang::Fr),
            "45,00 €, payée le 12/09/2026 (virement, 45,00 €)"
        );
        assert_eq!(
            summary(&paid, Lang::En),
            "45,00 €, paid on 12/09/2026 (bank transfer, 45,00 €)"
        );
    }

    #[test]
    fn the_state_of_a_list_line() {
        assert_eq!(state(None, Lang::Fr), "—");
        assert_eq!(
            state(Some(&affiliation(false, None)), Lang::Fr),
            "non payée"
        );
    }
}
