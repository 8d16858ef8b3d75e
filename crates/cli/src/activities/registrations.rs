//! `activities add | remove | pay`: the staff's side of a registration. Capacity applies to the
//! staff as to parents: past it, a child added goes on the waiting list.

use std::process::ExitCode;

use clap::Args;
use tempatro_core::api::RegistrationView;
use tempatro_core::{Lang, RegistrationStatus, date};

use super::named;
use crate::config::Settings;
use crate::error::with_session;
use crate::session::staff_client;
use crate::values::{self, MethodArg};
use crate::{affiliations, output, prompt};

#[derive(Debug, Args)]
pub struct PayArgs {
    /// Numéro de l'activité (colonne N° de `activities list`)
    #[arg(value_name = "ACTIVITÉ")]
    activity: i64,
    /// Numéro de l'enfant (colonne N° de `children list`)
    #[arg(value_name = "ENFANT")]
    child: i64,
    /// Montant reçu, en euros (par défaut : le prix de l'inscription)
    #[arg(long, value_name = "MONTANT")]
    amount: Option<String>,
    /// Date du paiement, JJ/MM/AAAA (par défaut : aujourd'hui)
    #[arg(long, value_name = "DATE")]
    date: Option<String>,
    /// Mode de paiement (par défaut : virement)
    #[arg(long, value_enum, value_name = "MODE")]
    method: Option<MethodArg>,
    /// Écrit l'inscription payée en JSON sur la sortie standard
    #[arg(long)]
    json: bool,
}

pub async fn add(
    settings: &Settings,
    activity: i64,
    child: i64,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let registration = staff_client(settings)?
        .register(activity, child)
        .await
        .map_err(with_session)?;
    output::json_or_line(json, &registration, |registration| {
        added(registration, settings.lang)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// "Inscription de Billy LE PIVERT (n°12) à « Camp d'été 2027 » (n°3) : place confirmée,
/// 120,00 €." or, past capacity, the place on the waiting list. No participle to agree with the
/// child's gender, which the sentence does not know.
fn added(registration: &RegistrationView, lang: Lang) -> String {
    let whose = whose(registration, lang);
    match (registration.status, registration.position, lang) {
        (RegistrationStatus::Waitlisted, Some(position), Lang::Fr) => {
            format!("{whose} : complet, en liste d'attente (position {position}).")
        }
        (RegistrationStatus::Waitlisted, Some(position), Lang::En) => {
            format!("{whose}: full, on the waiting list (position {position}).")
        }
        (RegistrationStatus::Waitlisted, None, Lang::Fr) => {
            format!("{whose} : complet, en liste d'attente.")
        }
        (RegistrationStatus::Waitlisted, None, Lang::En) => {
            format!("{whose}: full, on the waiting list.")
        }
        (_, _, Lang::Fr) => format!("{whose} : place confirmée, {}.", registration.fee),
        (_, _, Lang::En) => format!("{whose}: place confirmed, {}.", registration.fee),
    }
}

/// "Inscription de Billy LE PIVERT (n°12) à « Camp d'été 2027 » (n°3)".
fn whose(registration: &RegistrationView, lang: Lang) -> String {
    let (child, id) = (&registration.child_name, registration.child_id);
    let activity = named(&registration.activity_name, registration.activity_id, lang);
    match lang {
        Lang::Fr => format!("Inscription de {child} (n°{id}) à {activity}"),
        Lang::En => format!("Registration of {child} (no. {id}) for {activity}"),
    }
}

pub async fn remove(
    settings: &Settings,
    activity: i64,
    child: i64,
    yes: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    prompt::check_confirmable(yes)?;
    let client = staff_client(settings)?;
    // Where the child stands, from the child's own activities rather than the participants' list:
    // inside the medical window the server logs a reading of every sheet on that list, and
    // removing a child is no reading.
    let standing = client
        .child_activities(child)
        .await
        .map_err(with_session)?
        .into_iter()
        .find(|item| item.activity.id == activity);
    let (before, registration) = match standing {
        Some(item) => (item.activity, item.registration),
        // An activity over, or one the child is not on: the server will say what it makes of it.
        None => (client.activity(activity).await.map_err(with_session)?, None),
    };
    let frees_a_place = before.waitlisted > 0
        && registration
            .as_ref()
            .is_some_and(|registration| registration.status == RegistrationStatus::Registered);
    if !yes {
        let name = match &registration {
            Some(registration) => registration.child_name.clone(),
            None => match lang {
                Lang::Fr => format!("l'enfant n°{child}"),
                Lang::En => format!("child no. {child}"),
            },
        };
        let activity = named(&before.name, before.id, lang);
        let question = match lang {
            Lang::Fr => format!("Retirer {name} de {activity} ?"),
            Lang::En => format!("Remove {name} from {activity}?"),
        };
        let help = if frees_a_place {
            lang.pick(
                "Sa place ira au premier enfant de la liste d'attente",
                "The place will go to the first child on the waiting list",
            )
        } else {
            lang.pick(
                "Son inscription sera annulée",
                "The registration will be cancelled",
            )
        };
        prompt::confirm(false, question, help.to_owned(), lang).await?;
    }
    let cancelled = client
        .cancel_registration(activity, child)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&cancelled)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut text = match lang {
        Lang::Fr => format!("{} annulée.", whose(&cancelled, lang)),
        Lang::En => format!("{} cancelled.", whose(&cancelled, lang)),
    };
    if frees_a_place {
        let after = client.activity(activity).await.map_err(with_session)?;
        if after.waitlisted < before.waitlisted {
            text.push('\n');
            text.push_str(lang.pick(
                "Le premier enfant de la liste d'attente prend la place ; sa famille est prévenue par e-mail.",
                "The first child on the waiting list takes the place; the family is told by e-mail.",
            ));
        }
    }
    output::line(&text)?;
    Ok(ExitCode::SUCCESS)
}

pub async fn pay(settings: &Settings, args: PayArgs) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let input = values::payment(args.amount, args.date.as_deref(), args.method)?;
    let registration = staff_client(settings)?
        .record_registration_payment(args.activity, args.child, &input)
        .await
        .map_err(with_session)?;
    output::json_or_line(args.json, &registration, |registration| {
        paid(registration, lang)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// "… payée : 120,00 € le 01/06/2027, en liquide." The server shows a payment only once the fee
/// is covered: a part of it is recorded but the registration is not paid yet, and saying "payée"
/// then would be wrong.
fn paid(registration: &RegistrationView, lang: Lang) -> String {
    let whose = whose(registration, lang);
    let Some(payment) = &registration.payment else {
        let fee = registration.fee;
        return match lang {
            Lang::Fr => {
                format!("Paiement enregistré. {whose} : pas encore payée en entier ({fee}).")
            }
            Lang::En => format!("Payment recorded. {whose}: not fully paid yet ({fee})."),
        };
    };
    let (amount, on, how) = (
        payment.amount,
        date::short(payment.paid_on),
        affiliations::paid_by(payment.method, lang),
    );
    match lang {
        Lang::Fr => format!("{whose} payée : {amount} le {on}, {how}."),
        Lang::En => format!("{whose} paid: {amount} on {on}, {how}."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::{Amount, PaymentMethod};
    use time::macros::datetime;

    fn registration(status: RegistrationStatus, position: Option<u32>) -> RegistrationView {
        RegistrationView {
            activity_id: 3,
            activity_name: "Camp d'été 2027".to_owned(),
            child_id: 12,
            child_name: "Billy LE PIVERT".to_owned(),
            status,
            position,
            fee: Amount::from_cents(12000),
            payment: None,
            due: None,
            medical_confirmed_on: None,
            registered_at: datetime!(2027-05-01 10:00 UTC),
        }
    }

    #[test]
    fn a_payment_short_of_the_fee_is_not_called_paid() {
        let partly = registration(RegistrationStatus::Registered, None);
        assert_eq!(
            paid(&partly, Lang::Fr),
            "Paiement enregistré. Inscription de Billy LE PIVERT (n°12) à « Camp d'été 2027 » (n°3) : pas encore payée en entier (120,00 €)."
        );
        let mut settled = partly;
        settled.payment = Some(tempatro_core::api::PaymentView {
            paid_on: time::macros::date!(2027 - 06 - 01),
            amount: Amount::from_cents(12000),
            method: PaymentMethod::Cash,
        });
        assert_eq!(
            paid(&settled, Lang::Fr),
            "Inscription de Billy LE PIVERT (n°12) à « Camp d'été 2027 » (n°3) payée : 120,00 € le 01/06/2027, en liquide."
        );
    }

    #[test]
    fn a_registration_says_whether_a_place_was_found() {
        assert_eq!(
            added(
                &registration(RegistrationStatus::Registered, None),
                Lang::Fr
            ),
            "Inscription de Billy LE PIVERT (n°12) à « Camp d'été 2027 » (n°3) : place confirmée, 120,00 €."
        );
        assert_eq!(
            added(
                &registration(RegistrationStatus::Waitlisted, Some(2)),
                Lang::En
            ),
            "Registration of Billy LE PIVERT (no. 12) for “Camp d'été 2027” (no. 3): full, on the waiting list (position 2)."
        );
    }
}
