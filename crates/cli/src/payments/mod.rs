//! `payments list | show | record | add | cancel | import | unmatched | match | remind`: what
//! families owe (dues, each with its structured communication), the payments received, bank
//! statements reconciled, and reminders. Made for cron as much as for the secretariat: every
//! command that reads has `--json`, and an import with unmatched lines still ends with 0.
//! The grammar, the list and the sheet are here; the other commands live in their own files.

mod bank;
mod dues;
mod import;
mod remind;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use tempatro_client::DuesFilter;
use tempatro_core::api::{DueDetail, DueKind, DuePayment, DueView, TransferDetails};
use tempatro_core::payment::DueStatus;
use tempatro_core::{Email, Lang, date};

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::session::staff_client;
use crate::values::{self, MethodArg};
use crate::{affiliations, output};

#[derive(Debug, Subcommand)]
pub enum PaymentsCommand {
    /// Liste les montants dus (affiliations, camps, autres) avec leur communication structurée
    List(ListArgs),
    /// Affiche un montant dû : paiements reçus et comment payer (IBAN, communication)
    Show {
        /// Numéro du montant dû (colonne N° de `payments list`)
        #[arg(value_name = "DÛ")]
        id: i64,
        /// Écrit le montant dû et ses coordonnées de virement en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Enregistre un paiement reçu à la main (liquide, virement vu ailleurs)
    Record(RecordArgs),
    /// Ajoute un autre montant dû pour un enfant (t-shirt, week-end…)
    Add {
        /// Numéro de l'enfant (colonne N° de `children list`)
        #[arg(value_name = "ENFANT")]
        child: i64,
        /// Ce qui est dû, tel que les parents le liront (« T-shirt du Patro »)
        #[arg(long, value_name = "OBJET")]
        label: String,
        /// Le montant, en euros
        #[arg(long, value_name = "MONTANT")]
        amount: String,
        /// Écrit le montant dû créé en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Annule un montant dû : la famille n'a plus à le payer
    Cancel {
        /// Numéro du montant dû (colonne N° de `payments list`)
        #[arg(value_name = "DÛ")]
        id: i64,
        /// Annule sans demander de confirmation (obligatoire hors d'un terminal)
        #[arg(long, short)]
        yes: bool,
        /// Écrit le montant dû annulé en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Importe un relevé bancaire (CODA, camt.053 ou CSV) et rapproche les virements reçus
    Import(ImportArgs),
    /// Liste les lignes bancaires reçues sans communication reconnue
    Unmatched {
        /// Écrit un tableau JSON de lignes bancaires sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Rapproche à la main une ligne bancaire non reconnue d'un montant dû
    Match {
        /// Identifiant de la ligne (colonne Ligne de `payments unmatched`)
        #[arg(value_name = "LIGNE")]
        line: String,
        /// Numéro du montant dû (colonne N° de `payments list`)
        #[arg(value_name = "DÛ")]
        due: i64,
        /// Écrit la ligne rapprochée en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Envoie un rappel par e-mail aux familles qui n'ont pas encore payé
    Remind {
        /// Dit qui recevrait un rappel, sans rien envoyer
        #[arg(long)]
        dry_run: bool,
        /// Écrit les rappels en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Seulement ce qui reste à payer (non payé ou payé en partie)
    #[arg(long)]
    unpaid: bool,
    /// Les affiliations de ce cycle, par exemple 2026-2027
    #[arg(long, value_name = "CYCLE")]
    cycle: Option<String>,
    /// Les frais de ce camp ou hike (colonne N° de `activities list`)
    #[arg(long, value_name = "ACTIVITÉ")]
    activity: Option<i64>,
    /// Les montants dus pour cet enfant (colonne N° de `children list`)
    #[arg(long, value_name = "ENFANT")]
    child: Option<i64>,
    /// Les montants dus par la famille de ce parent (son adresse e-mail)
    #[arg(long, value_name = "E-MAIL")]
    family: Option<String>,
    /// Écrit un tableau JSON de montants dus sur la sortie standard
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    /// Numéro du montant dû (colonne N° de `payments list`)
    #[arg(value_name = "DÛ")]
    id: i64,
    /// Montant reçu, en euros (par défaut : ce qui reste à payer)
    #[arg(long, value_name = "MONTANT")]
    amount: Option<String>,
    /// Date du paiement, JJ/MM/AAAA (par défaut : aujourd'hui)
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Mode de paiement (par défaut : virement)
    #[arg(long, value_enum, value_name = "MODE")]
    method: Option<MethodArg>,
    /// Écrit le montant dû en JSON sur la sortie standard
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Le relevé ; `-` le lit sur l'entrée standard
    #[arg(value_name = "FICHIER")]
    file: PathBuf,
    /// Format du relevé (par défaut : reconnu pour CODA et camt.053 ; csv avec --columns)
    #[arg(long, value_enum, value_name = "FORMAT")]
    format: Option<import::FormatArg>,
    /// CSV : en-têtes des colonnes date,montant,communication[,contrepartie[,identifiant]]
    #[arg(long, value_name = "COLONNES")]
    columns: Option<String>,
    /// Dit ce que l'import ferait, sans rien enregistrer
    #[arg(long)]
    dry_run: bool,
    /// Écrit le rapport d'import en JSON sur la sortie standard
    #[arg(long)]
    json: bool,
}

pub async fn run(settings: &Settings, command: PaymentsCommand) -> anyhow::Result<ExitCode> {
    match command {
        PaymentsCommand::List(args) => list(settings, args).await,
        PaymentsCommand::Show { id, json } => show(settings, id, json).await,
        PaymentsCommand::Record(args) => dues::record(settings, args).await,
        PaymentsCommand::Add {
            child,
            label,
            amount,
            json,
        } => dues::add(settings, child, &label, &amount, json).await,
        PaymentsCommand::Cancel { id, yes, json } => dues::cancel(settings, id, yes, json).await,
        PaymentsCommand::Import(args) => import::import(settings, args).await,
        PaymentsCommand::Unmatched { json } => bank::unmatched(settings, json).await,
        PaymentsCommand::Match { line, due, json } => {
            bank::match_line(settings, &line, due, json).await
        }
        PaymentsCommand::Remind { dry_run, json } => remind::remind(settings, dry_run, json).await,
    }
}

async fn list(settings: &Settings, args: ListArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    // Read here first so that a typo names its flag before anything is sent.
    let cycle = values::optional_cycle("--cycle", args.cycle.as_deref())?;
    let family = args
        .family
        .as_deref()
        .map(|input| {
            Email::parse(input)
                .map(|email| email.as_ref().to_owned())
                .map_err(|error| Error::InvalidValue {
                    flag: "--family",
                    error,
                })
        })
        .transpose()?;
    let filter = DuesFilter {
        unpaid: args.unpaid,
        cycle,
        activity: args.activity,
        child: args.child,
        family,
    };
    let dues = staff_client(settings)?
        .dues(&filter)
        .await
        .map_err(with_session)?;
    let none = if args.unpaid {
        lang.pick(
            "Rien à payer : tout est réglé",
            "Nothing to pay: everything is settled",
        )
    } else {
        lang.pick("Aucun montant dû", "No dues")
    };
    output::list(args.json, &dues, none, |dues| table(dues, lang))?;
    Ok(ExitCode::SUCCESS)
}

fn table(dues: &[DueView], lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => [
            "N°",
            "Enfant",
            "Objet",
            "Montant",
            "Payé",
            "Reste",
            "Statut",
            "Communication",
        ],
        Lang::En => [
            "No.",
            "Child",
            "For",
            "Amount",
            "Paid",
            "Left",
            "Status",
            "Reference",
        ],
    });
    for due in dues {
        table.add_row([
            due.id.to_string(),
            due.child_name.clone(),
            due.label.clone(),
            due.amount.to_string(),
            due.paid.to_string(),
            due.left.to_string(),
            due.status.label(lang).to_owned(),
            due.reference.clone(),
        ]);
    }
    table
}

async fn show(settings: &Settings, id: i64, json: bool) -> anyhow::Result<ExitCode> {
    let detail = staff_client(settings)?
        .due(id)
        .await
        .map_err(with_session)?;
    output::json_or_line(json, &detail, |detail| sheet(detail, settings.lang))?;
    Ok(ExitCode::SUCCESS)
}

fn sheet(detail: &DueDetail, lang: Lang) -> String {
    let due = &detail.due;
    let mut parts = vec![match lang {
        Lang::Fr => format!("Montant dû n°{} : {}", due.id, due.label),
        Lang::En => format!("Due no. {}: {}", due.id, due.label),
    }];
    let rows = [
        (
            lang.pick("Enfant", "Child"),
            match lang {
                Lang::Fr => format!("{} (n°{})", due.child_name, due.child_id),
                Lang::En => format!("{} (no. {})", due.child_name, due.child_id),
            },
        ),
        (lang.pick("Type", "Kind"), kind(due.kind, lang).to_owned()),
        (lang.pick("Montant", "Amount"), due.amount.to_string()),
        (lang.pick("Payé", "Paid"), due.paid.to_string()),
        (
            lang.pick("Reste à payer", "Left to pay"),
            due.left.to_string(),
        ),
        (
            lang.pick("Statut", "Status"),
            due.status.label(lang).to_owned(),
        ),
        (
            lang.pick("Communication", "Reference"),
            due.reference.clone(),
        ),
        (
            lang.pick("Créé le", "Created on"),
            date::short(due.created_on),
        ),
    ];
    parts.push(output::fields(&rows));

    let title = lang.pick("Paiements reçus", "Payments received");
    if due.payments.is_empty() {
        parts.push(format!(
            "{title}\n  {}",
            lang.pick("aucun pour l'instant", "none yet")
        ));
    } else {
        let days: Vec<String> = due
            .payments
            .iter()
            .map(|payment| date::short(payment.paid_on))
            .collect();
        let rows: Vec<(&str, String)> = days
            .iter()
            .zip(&due.payments)
            .map(|(day, payment)| (day.as_str(), received(payment, lang)))
            .collect();
        parts.push(format!("{title}\n{}", output::fields(&rows)));
    }

    parts.push(how_to_pay(due, detail.transfer.as_ref(), lang));
    parts.join("\n\n")
}

/// "45,00 € par virement (relevé bancaire)": one payment, on the line of its date.
fn received(payment: &DuePayment, lang: Lang) -> String {
    let how = affiliations::paid_by(payment.method, lang);
    let source = if payment.from_bank {
        lang.pick(" (relevé bancaire)", " (bank statement)")
    } else {
        ""
    };
    format!("{} {how}{source}", payment.amount)
}

/// The transfer a parent makes, as the app shows it; when there is none, why.
fn how_to_pay(due: &DueView, transfer: Option<&TransferDetails>, lang: Lang) -> String {
    let title = lang.pick("Pour payer par virement", "To pay by bank transfer");
    let Some(transfer) = transfer else {
        let why = match due.status {
            DueStatus::Cancelled => lang.pick("annulé : rien à payer", "cancelled: nothing to pay"),
            DueStatus::Paid | DueStatus::Overpaid => lang.pick("rien à payer", "nothing to pay"),
            // Something is left, yet no transfer details: the server has no account to give.
            DueStatus::Unpaid | DueStatus::PartiallyPaid => lang.pick(
                "le compte du Patro n'est pas configuré sur le serveur (--iban)",
                "the Patro's account is not set on the server (--iban)",
            ),
        };
        return format!("{title}\n  {why}");
    };
    let mut rows = vec![
        (
            lang.pick("Bénéficiaire", "Beneficiary"),
            transfer.beneficiary.clone(),
        ),
        ("IBAN", transfer.iban.clone()),
    ];
    if let Some(bic) = &transfer.bic {
        rows.push(("BIC", bic.clone()));
    }
    rows.push((lang.pick("Montant", "Amount"), transfer.amount.to_string()));
    rows.push((
        lang.pick("Communication", "Reference"),
        transfer.reference.clone(),
    ));
    format!("{title}\n{}", output::fields(&rows))
}

/// "affiliation", "camp ou hike", "autre": what a due is for.
fn kind(kind: DueKind, lang: Lang) -> &'static str {
    match kind {
        DueKind::Affiliation => lang.pick("affiliation", "affiliation"),
        DueKind::Activity => lang.pick("camp ou hike", "camp or hike"),
        DueKind::Other => lang.pick("autre", "other"),
    }
}

/// "montant dû n°7 (« Affiliation 2026-2027 » de Billy LE PIVERT)": a due named in a sentence,
/// after the article the sentence needs ("le", "du"). "Montant dû" carries the gender, whatever
/// the label's own.
fn named(due: &DueView, lang: Lang) -> String {
    let (id, label, child) = (due.id, &due.label, &due.child_name);
    match lang {
        Lang::Fr => format!("montant dû n°{id} (« {label} » de {child})"),
        Lang::En => format!("due no. {id} (“{label}” of {child})"),
    }
}

/// "reçu 20,00 € sur 45,00 €, reste 25,00 € à payer": where a due stands once money came in.
fn standing(due: &DueView, lang: Lang) -> String {
    let (amount, paid, left) = (due.amount, due.paid, due.left);
    match (due.status, lang) {
        (DueStatus::Paid, Lang::Fr) => format!("payé en entier, {amount}"),
        (DueStatus::Paid, Lang::En) => format!("paid in full, {amount}"),
        (DueStatus::Overpaid, Lang::Fr) => {
            format!("payé en trop, reçu {paid} pour {amount} (à rembourser ou à garder)")
        }
        (DueStatus::Overpaid, Lang::En) => {
            format!("overpaid, received {paid} for {amount} (to refund or keep)")
        }
        (DueStatus::Cancelled, _) => due.status.label(lang).to_owned(),
        (_, Lang::Fr) => format!("reçu {paid} sur {amount}, reste {left} à payer"),
        (_, Lang::En) => format!("received {paid} of {amount}, {left} left to pay"),
    }
}

/// The singular for 0 and 1, as French counts.
fn plural<'a>(count: usize, one: &'a str, many: &'a str) -> &'a str {
    if count <= 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::{Amount, PaymentMethod};
    use time::macros::date;

    pub fn billy_due() -> DueView {
        DueView {
            id: 7,
            kind: DueKind::Affiliation,
            child_id: 12,
            child_name: "Billy LE PIVERT".to_owned(),
            label: "Affiliation 2026-2027".to_owned(),
            amount: Amount::from_cents(4500),
            paid: Amount::from_cents(2000),
            left: Amount::from_cents(2500),
            status: DueStatus::PartiallyPaid,
            reference: "+++100/0000/00196+++".to_owned(),
            created_on: date!(2026 - 09 - 01),
            payments: vec![DuePayment {
                paid_on: date!(2026 - 09 - 12),
                amount: Amount::from_cents(2000),
                method: PaymentMethod::Cash,
                from_bank: false,
            }],
        }
    }

    fn transfer() -> TransferDetails {
        TransferDetails {
            beneficiary: "Patro du Val d'Haine".to_owned(),
            iban: "BE68 5390 0754 7034".to_owned(),
            bic: None,
            amount: Amount::from_cents(2500),
            reference: "+++100/0000/00196+++".to_owned(),
            epc_payload: String::new(),
        }
    }

    #[test]
    fn the_list_shows_what_is_left_and_the_communication() {
        let text = table(&[billy_due()], Lang::Fr).trim_fmt();
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines[0].starts_with("N°  Enfant  "), "{text}");
        for expected in [
            "Affiliation 2026-2027",
            "45,00 €",
            "25,00 €",
            "payé en partie",
            "+++100/0000/00196+++",
        ] {
            assert!(lines[2].contains(expected), "{expected:?} in\n{text}");
        }
    }

    #[test]
    fn the_sheet_says_what_came_in_and_how_to_pay_the_rest() {
        let text = sheet(
            &DueDetail {
                due: billy_due(),
                transfer: Some(transfer()),
            },
            Lang::Fr,
        );
        assert!(
            text.starts_with("Montant dû n°7 : Affiliation 2026-2027\n\n"),
            "{text}"
        );
        for expected in [
            "Billy LE PIVERT (n°12)",
            "12/09/2026  20,00 € en liquide",
            "Pour payer par virement",
            "Bénéficiaire   Patro du Val d'Haine",
            "IBAN           BE68 5390 0754 7034",
            "Communication  +++100/0000/00196+++",
        ] {
            assert!(text.contains(expected), "{expected:?} in\n{text}");
        }
    }

    #[test]
    fn a_settled_due_has_nothing_to_pay() {
        let mut due = billy_due();
        due.status = DueStatus::Cancelled;
        let text = sheet(
            &DueDetail {
                due,
                transfer: None,
            },
            Lang::En,
        );
        assert!(
            text.ends_with("To pay by bank transfer\n  cancelled: nothing to pay"),
            "{text}"
        );
    }

    #[test]
    fn a_due_stands_paid_in_part_in_full_or_too_much() {
        let mut due = billy_due();
        assert_eq!(
            standing(&due, Lang::Fr),
            "reçu 20,00 € sur 45,00 €, reste 25,00 € à payer"
        );
        due.status = DueStatus::Paid;
        assert_eq!(standing(&due, Lang::En), "paid in full, 45,00 €");
        due.status = DueStatus::Overpaid;
        due.paid = Amount::from_cents(5000);
        assert_eq!(
            standing(&due, Lang::Fr),
            "payé en trop, reçu 50,00 € pour 45,00 € (à rembourser ou à garder)"
        );
        assert_eq!(
            named(&due, Lang::Fr),
            "montant dû n°7 (« Affiliation 2026-2027 » de Billy LE PIVERT)"
        );
    }
}
