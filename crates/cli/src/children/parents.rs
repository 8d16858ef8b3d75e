//! `children link | unlink`: which parent accounts see a child's sheet.

use std::process::ExitCode;

use tempatro_core::Lang;

use crate::config::Settings;
use crate::error::{Error, with_session};
use crate::session::staff_client;
use crate::{output, prompt};

pub async fn link(
    settings: &Settings,
    child: i64,
    email: &str,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let email = email.trim();
    let client = staff_client(settings)?;
    // Read first for the child's name in the message; a wrong number is told by the server.
    let sheet = client.child(child).await.map_err(with_session)?;
    let parents = client
        .link_parent(child, email)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&parents)?;
        return Ok(ExitCode::SUCCESS);
    }
    let linked = parents
        .iter()
        .find(|parent| parent.email.eq_ignore_ascii_case(email));
    let account = match linked {
        Some(parent) => format!("{} ({})", parent.name, parent.email),
        None => email.to_owned(),
    };
    let name = sheet.full_name();
    output::line(&match lang {
        Lang::Fr => format!("{name} (n°{child}) est lié au compte de {account}."),
        Lang::En => format!("{name} (no. {child}) is linked to the account of {account}."),
    })?;
    Ok(ExitCode::SUCCESS)
}

pub async fn unlink(
    settings: &Settings,
    child: i64,
    email: &str,
    yes: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let email = email.trim();
    prompt::check_confirmable(yes)?;
    let client = staff_client(settings)?;
    let sheet = client.child(child).await.map_err(with_session)?;
    let name = sheet.full_name();
    // The server unlinks by account number; the sheet's own list gives it, and only a parent
    // really linked to this child can be found there.
    let parent = sheet
        .parents
        .iter()
        .find(|parent| parent.email.eq_ignore_ascii_case(email))
        .ok_or_else(|| Error::NotLinked {
            child: name.clone(),
            email: email.to_owned(),
        })?;
    let account = format!("{} ({})", parent.name, parent.email);
    prompt::confirm(
        yes,
        match lang {
            Lang::Fr => format!("Délier {name} du compte de {account} ?"),
            Lang::En => format!("Unlink {name} from the account of {account}?"),
        },
        lang.pick(
            "Ce parent ne verra plus la fiche de l'enfant",
            "This parent will no longer see the child's sheet",
        )
        .to_owned(),
        lang,
    )
    .await?;
    client
        .unlink_parent(child, parent.account_id)
        .await
        .map_err(with_session)?;
    output::line(&match lang {
        Lang::Fr => format!("{name} (n°{child}) n'est plus lié au compte de {account}."),
        Lang::En => {
            format!("{name} (no. {child}) is no longer linked to the account of {account}.")
        }
    })?;
    Ok(ExitCode::SUCCESS)
}
