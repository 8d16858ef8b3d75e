//! `tempatro --demo`: a server in this process, with the guide's family in a temporary database,
//! and the app logged in as Papa de Billy, over HTTP like anywhere else.

use anyhow::Context;
use tempatro_client::Client;
use tempatro_core::Lang;
use tempatro_server::demo::DemoAccount;

use crate::app::App;
use crate::event_loop;
use crate::runner::Runner;

pub async fn run(lang: Lang) -> anyhow::Result<()> {
    let demo = tempatro_server::demo::start().await.context(lang.pick(
        "le serveur de démonstration n'a pas démarré",
        "the demo server did not start",
    ))?;
    let client =
        Client::new(&demo.url(), lang).map_err(|error| anyhow::anyhow!(error.message(lang)))?;
    let result = match demo.accounts().first() {
        Some(parent) => {
            let (app, first) = App::logging_in(lang, &parent.email, &parent.password);
            // No token file: the demo's server and its sessions end with this run.
            event_loop::run(app, Some(first), Runner::new(client, None)).await
        }
        None => Err(anyhow::anyhow!("the demo has no account")),
    };
    // After the terminal is given back, so that the accounts stay on screen.
    println!("{}", accounts(demo.accounts(), lang));
    let stopped = demo.stop().await;
    result.and(stopped)
}

/// The demo's accounts and passwords, to try them on the screens or with `tempatro-admin`.
pub fn accounts(accounts: &[DemoAccount], lang: Lang) -> String {
    let mut text = lang
        .pick("Comptes de la démonstration :", "Demo accounts:")
        .to_owned();
    for account in accounts {
        text.push_str(&format!(
            "\n  {}\n    {} {}\n    {} {}",
            account.label,
            lang.pick("e-mail :", "e-mail:"),
            account.email,
            lang.pick("mot de passe :", "password:"),
            account.password
        ));
    }
    text.push_str(lang.pick(
        "\nLe serveur de démonstration s'arrête ; ses données sont effacées.",
        "\nThe demo server stops; its data is wiped.",
    ));
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accounts_are_listed_with_their_passwords() {
        let text = accounts(
            &[DemoAccount {
                label: "Papa de Billy (parent)".to_owned(),
                email: "papa.billy@patrovaldhaine.be".to_owned(),
                password: "demo-papa-billy".to_owned(),
            }],
            Lang::Fr,
        );
        assert!(text.contains("Papa de Billy (parent)"), "{text}");
        assert!(text.contains("papa.billy@patrovaldhaine.be"), "{text}");
        assert!(text.contains("demo-papa-billy"), "{text}");
    }
}
