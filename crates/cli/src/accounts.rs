//! `accounts list | approve | reject`: the staff's side of a parent's sign-up.

use std::process::ExitCode;

use clap::Subcommand;
use tempatro_client::Client;
use tempatro_core::api::AccountView;
use tempatro_core::{AccountStatus, Lang};

use crate::config::Settings;
use crate::error::{Error, REFUSED, with_session};
use crate::session::staff_client;
use crate::{output, prompt};

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// Liste les comptes, en tableau ou en JSON
    List {
        /// Seulement les comptes de ce statut
        #[arg(long, value_enum, value_name = "STATUT")]
        status: Option<StatusArg>,
        /// Écrit un tableau JSON de comptes sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Valide des demandes de compte : chaque parent reçoit un e-mail d'activation
    Approve {
        /// Adresses e-mail des comptes à valider
        #[arg(required = true, value_name = "E-MAIL")]
        emails: Vec<String>,
    },
    /// Refuse une demande de compte : le parent reçoit un e-mail avec le motif
    Reject {
        /// Adresse e-mail du compte à refuser
        #[arg(value_name = "E-MAIL")]
        email: String,
        /// Motif du refus, envoyé au parent
        #[arg(long, value_name = "TEXTE")]
        reason: String,
        /// Refuse sans demander de confirmation (obligatoire hors d'un terminal)
        #[arg(long, short)]
        yes: bool,
    },
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum StatusArg {
    /// en attente de validation
    Pending,
    /// validé
    Active,
    /// refusé
    Rejected,
    /// désactivé
    Disabled,
}

impl From<StatusArg> for AccountStatus {
    fn from(status: StatusArg) -> AccountStatus {
        match status {
            StatusArg::Pending => AccountStatus::Pending,
            StatusArg::Active => AccountStatus::Active,
            StatusArg::Rejected => AccountStatus::Rejected,
            StatusArg::Disabled => AccountStatus::Disabled,
        }
    }
}

pub async fn run(settings: &Settings, command: AccountsCommand) -> anyhow::Result<ExitCode> {
    match command {
        AccountsCommand::List { status, json } => {
            list(settings, status.map(AccountStatus::from), json).await
        }
        AccountsCommand::Approve { emails } => approve(settings, &emails).await,
        AccountsCommand::Reject { email, reason, yes } => {
            reject(settings, &email, &reason, yes).await
        }
    }
}

async fn list(
    settings: &Settings,
    status: Option<AccountStatus>,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let client = staff_client(settings)?;
    let accounts = client.accounts(status, None).await.map_err(with_session)?;
    output::list(
        json,
        &accounts,
        &no_accounts(status, settings.lang),
        |accounts| output::accounts_table(accounts, settings.lang),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn no_accounts(status: Option<AccountStatus>, lang: Lang) -> String {
    match (status, lang) {
        (None, _) => lang.pick("Aucun compte", "No account").to_owned(),
        (Some(status), Lang::Fr) => format!("Aucun compte {}", status.label(lang)),
        (Some(status), Lang::En) => format!("No {} account", status.label(lang)),
    }
}

/// Goes through every address even when one fails, as a staff member pasting a list expects;
/// each failure is told on stderr as it happens and the exit code says that one did. Only what
/// stops every account (no session, no server) ends the run early.
async fn approve(settings: &Settings, emails: &[String]) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let client = staff_client(settings)?;
    let mut failed = false;
    for email in emails {
        let approved = match find(&client, email).await {
            Ok(account) => client
                .approve_account(account.id)
                .await
                .map_err(with_session),
            Err(error) => Err(error),
        };
        match approved {
            Ok(account) => {
                let (name, email) = (account.full_name(), &account.email);
                output::line(&match lang {
                    Lang::Fr => format!(
                        "Compte de {name} ({email}) validé : un e-mail d'activation lui a été envoyé."
                    ),
                    Lang::En => format!(
                        "Account of {name} ({email}) approved: an activation e-mail has been sent."
                    ),
                })?;
            }
            Err(error) if error.concerns_one_account() => {
                eprintln!("{email} : {}", error.message(lang));
                failed = true;
            }
            Err(error) => return Err(error.into()),
        }
    }
    Ok(if failed {
        ExitCode::from(REFUSED)
    } else {
        ExitCode::SUCCESS
    })
}

async fn reject(
    settings: &Settings,
    email: &str,
    reason: &str,
    yes: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    prompt::check_confirmable(yes)?;
    let client = staff_client(settings)?;
    let account = find(&client, email).await?;
    let (name, email) = (account.full_name(), &account.email);
    prompt::confirm(
        yes,
        match lang {
            Lang::Fr => format!("Refuser la demande de compte de {name} ({email}) ?"),
            Lang::En => format!("Reject the account request of {name} ({email})?"),
        },
        match lang {
            Lang::Fr => format!("Motif envoyé par e-mail : {reason}"),
            Lang::En => format!("Reason sent by e-mail: {reason}"),
        },
        lang,
    )
    .await?;
    let account = client
        .reject_account(account.id, reason)
        .await
        .map_err(with_session)?;
    let (name, email) = (account.full_name(), &account.email);
    output::line(&match lang {
        Lang::Fr => format!(
            "Demande de compte de {name} ({email}) refusée : un e-mail avec le motif lui a été envoyé."
        ),
        Lang::En => format!(
            "Account request of {name} ({email}) rejected: an e-mail with the reason has been sent."
        ),
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The account of an e-mail address, whatever its case. The check on the answer guards against a
/// server that would ignore `?email=` and send every account: the first would be the wrong one.
pub async fn find(client: &Client, email: &str) -> Result<AccountView, Error> {
    let email = email.trim();
    client
        .accounts(None, Some(email))
        .await
        .map_err(with_session)?
        .into_iter()
        .find(|account| account.email.eq_ignore_ascii_case(email))
        .ok_or_else(|| Error::UnknownAccount {
            email: email.to_owned(),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_list_says_which_status_it_looked_for() {
        assert_eq!(no_accounts(None, Lang::Fr), "Aucun compte");
        assert_eq!(
            no_accounts(Some(AccountStatus::Pending), Lang::Fr),
            "Aucun compte en attente"
        );
        assert_eq!(
            no_accounts(Some(AccountStatus::Rejected), Lang::En),
            "No rejected account"
        );
    }
}
