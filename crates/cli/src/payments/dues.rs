//! `payments record | add | cancel`: the secretariat's hand on a due — money received outside
//! the bank statements, something else a family owes, and what it no longer owes.

use std::process::ExitCode;

use tempatro_core::Lang;
use tempatro_core::api::{DueInput, DueView};
use tempatro_core::payment::DueStatus;

use super::{RecordArgs, named, standing};
use crate::config::Settings;
use crate::error::with_session;
use crate::session::staff_client;
use crate::{output, prompt, values};

pub async fn record(settings: &Settings, args: RecordArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let input = values::payment(args.amount, args.date.as_deref(), args.method)?;
    let due = staff_client(settings)?
        .record_payment(args.id, &input)
        .await
        .map_err(with_session)?;
    output::json_or_line(args.json, &due, |due| recorded(due, lang))?;
    Ok(ExitCode::SUCCESS)
}

/// "Paiement enregistré pour le montant dû n°7 (…) : reçu 20,00 € sur 45,00 €, reste 25,00 € à
/// payer." What the due now stands at rather than the payment alone: a part of it is not "payé".
fn recorded(due: &DueView, lang: Lang) -> String {
    let (due_named, standing) = (named(due, lang), standing(due, lang));
    match lang {
        Lang::Fr => format!("Paiement enregistré pour le {due_named} : {standing}."),
        Lang::En => format!("Payment recorded for {due_named}: {standing}."),
    }
}

pub async fn add(
    settings: &Settings,
    child: i64,
    label: &str,
    amount: &str,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    values::amount("--amount", amount)?;
    let input = DueInput {
        child_id: child,
        label: label.trim().to_owned(),
        amount: amount.trim().to_owned(),
    };
    let due = staff_client(settings)?
        .create_due(&input)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&due)?;
        return Ok(ExitCode::SUCCESS);
    }
    let (id, label, name, child, amount, reference) = (
        due.id,
        &due.label,
        &due.child_name,
        due.child_id,
        due.amount,
        &due.reference,
    );
    output::line(&match lang {
        Lang::Fr => format!(
            "Montant dû n°{id} créé : « {label} » de {name} (n°{child}), {amount}, communication {reference}."
        ),
        Lang::En => format!(
            "Due no. {id} created: “{label}” of {name} (no. {child}), {amount}, reference {reference}."
        ),
    })?;
    Ok(ExitCode::SUCCESS)
}

pub async fn cancel(
    settings: &Settings,
    id: i64,
    yes: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    prompt::check_confirmable(yes)?;
    let client = staff_client(settings)?;
    if !yes {
        // The question names the due and what was already received, which stays recorded.
        let before = client.due(id).await.map_err(with_session)?.due;
        let (due, label, child, amount) =
            (before.id, &before.label, &before.child_name, before.amount);
        let question = match lang {
            Lang::Fr => {
                format!("Annuler le montant dû n°{due} (« {label} » de {child}, {amount}) ?")
            }
            Lang::En => format!("Cancel due no. {due} (“{label}” of {child}, {amount})?"),
        };
        let help = if before.paid.cents() > 0 {
            match lang {
                Lang::Fr => format!(
                    "Déjà reçu : {} ; la famille n'aura plus rien à payer",
                    before.paid
                ),
                Lang::En => format!(
                    "Already received: {}; the family will have nothing left to pay",
                    before.paid
                ),
            }
        } else {
            lang.pick(
                "La famille n'aura plus à le payer",
                "The family will no longer have to pay it",
            )
            .to_owned()
        };
        prompt::confirm(false, question, help, lang).await?;
    }
    let due = client.cancel_due(id).await.map_err(with_session)?;
    if json {
        output::json(&due)?;
        return Ok(ExitCode::SUCCESS);
    }
    output::line(&cancelled(&due, lang))?;
    Ok(ExitCode::SUCCESS)
}

/// "Montant dû n°9 annulé (« T-shirt du Patro » de Billy LE PIVERT) : la famille n'a plus rien à
/// payer."
fn cancelled(due: &DueView, lang: Lang) -> String {
    let (id, label, name) = (due.id, &due.label, &due.child_name);
    let done = due.status == DueStatus::Cancelled;
    match (done, lang) {
        (true, Lang::Fr) => format!(
            "Montant dû n°{id} annulé (« {label} » de {name}) : la famille n'a plus rien à payer."
        ),
        (true, Lang::En) => format!(
            "Due no. {id} cancelled (“{label}” of {name}): the family has nothing left to pay."
        ),
        // The server answered without refusing, yet the due is not cancelled: say how it stands.
        (false, Lang::Fr) => format!(
            "Montant dû n°{id} (« {label} » de {name}) : {}.",
            due.status.label(lang)
        ),
        (false, Lang::En) => format!(
            "Due no. {id} (“{label}” of {name}): {}.",
            due.status.label(lang)
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::payments::tests::billy_due;
    use tempatro_core::Amount;

    #[test]
    fn a_payment_says_what_is_left() {
        assert_eq!(
            recorded(&billy_due(), Lang::Fr),
            "Paiement enregistré pour le montant dû n°7 (« Affiliation 2026-2027 » de Billy LE PIVERT) : reçu 20,00 € sur 45,00 €, reste 25,00 € à payer."
        );
        let mut paid = billy_due();
        paid.status = DueStatus::Paid;
        paid.paid = Amount::from_cents(4500);
        paid.left = Amount::from_cents(0);
        assert_eq!(
            recorded(&paid, Lang::En),
            "Payment recorded for due no. 7 (“Affiliation 2026-2027” of Billy LE PIVERT): paid in full, 45,00 €."
        );
    }

    #[test]
    fn a_cancelled_due_leaves_nothing_to_pay() {
        let mut due = billy_due();
        due.status = DueStatus::Cancelled;
        assert_eq!(
            cancelled(&due, Lang::Fr),
            "Montant dû n°7 annulé (« Affiliation 2026-2027 » de Billy LE PIVERT) : la famille n'a plus rien à payer."
        );
    }
}
