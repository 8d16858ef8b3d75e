//! The Patro's e-mails to families, in French: written to an SMTP server when one is configured,
//! otherwise as `.eml` files in the outbox folder (which is what the demo and the tests read).
//!
//! A handler only queues its mail: one task delivers them, after the answer has left, so that
//! whether a mail went out (a known address) or not (an unknown one) changes nothing in how long
//! the answer takes, and a slow SMTP server holds no request.

use std::path::Path;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Body, Mailbox};
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use tokio::sync::mpsc;
use tokio_util::task::TaskTracker;
use tokio_util::task::task_tracker::TaskTrackerToken;

use tempatro_core::AccountId;

use crate::store::StoredAccount;

/// Mails waiting for the delivering task before a handler queuing one more waits for room: a
/// whole reminder run fits, and memory stays bounded if the SMTP server stalls.
const QUEUE: usize = 1024;

/// What the Patro writes about.
pub enum Mail<'a> {
    /// With the code that proves the address.
    SignUpReceived {
        code: &'a str,
        valid_minutes: i64,
    },
    /// Someone asked for an account with an address that has one.
    SignUpWithYourAddress,
    /// "Renvoyer le code".
    VerificationCode {
        code: &'a str,
        valid_minutes: i64,
    },
    /// To the new address of "Gérer mes infos".
    EmailChangeCode {
        code: &'a str,
        valid_minutes: i64,
    },
    /// To the old address, once the new one is proven.
    EmailChanged {
        new_email: &'a str,
    },
    AccountActivated,
    AccountRejected {
        reason: &'a str,
    },
    ResetCode {
        code: &'a str,
        valid_minutes: i64,
    },
    ChildLinked {
        child_name: &'a str,
    },
    /// An account the secretariat created by import: its owner chooses a password.
    Invitation,
    LinkRequestRejected {
        child_name: &'a str,
        reason: &'a str,
    },
    MovedUpFromWaitingList {
        child_name: &'a str,
        activity: &'a str,
    },
    /// Dues left unpaid: one line each, and how to pay.
    Reminder {
        lines: &'a [String],
        how_to_pay: &'a str,
    },
}

enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Outbox(AsyncFileTransport<Tokio1Executor>),
}

impl Transport {
    async fn deliver(&self, message: Message) -> anyhow::Result<()> {
        match self {
            Transport::Smtp(smtp) => smtp.send(message).await.map(drop)?,
            Transport::Outbox(outbox) => outbox.send(message).await.map(drop)?,
        }
        Ok(())
    }
}

/// A composed mail on its way, counted by the server's tracker until delivered: a stopping
/// server, and a test reading the outbox, wait for it.
struct Queued {
    message: Message,
    account: AccountId,
    _pending: TaskTrackerToken,
}

pub struct Mailer {
    from: Mailbox,
    patro_name: String,
    queue: mpsc::Sender<Queued>,
    pending: TaskTracker,
}

impl Mailer {
    /// Starts the task that delivers the queued mails; each counts in `pending` until it is out.
    /// The task ends when the mailer is dropped, after delivering what was queued.
    pub fn new(
        from: &str,
        patro_name: &str,
        smtp_url: Option<&str>,
        outbox: &Path,
        pending: TaskTracker,
    ) -> anyhow::Result<Mailer> {
        let from: Mailbox = from
            .parse()
            .map_err(|error| anyhow::anyhow!("sender address {from:?}: {error}"))?;
        let transport = match smtp_url {
            Some(url) => {
                Transport::Smtp(AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build())
            }
            None => {
                std::fs::create_dir_all(outbox).map_err(|error| {
                    anyhow::anyhow!("creating the outbox {}: {error}", outbox.display())
                })?;
                Transport::Outbox(AsyncFileTransport::<Tokio1Executor>::new(outbox))
            }
        };
        let (queue, mut queued) = mpsc::channel::<Queued>(QUEUE);
        tokio::spawn(async move {
            while let Some(mail) = queued.recv().await {
                if let Err(error) = transport.deliver(mail.message).await {
                    tracing::error!(error = %error, account = %mail.account, "sending an e-mail");
                }
            }
        });
        Ok(Mailer {
            from,
            patro_name: patro_name.to_owned(),
            queue,
            pending,
        })
    }

    /// Queues `mail` to the account's owner. A mail that cannot go out is logged, not returned:
    /// the action it reports (an approval, a sign-up) has happened and must not be undone by it.
    pub async fn send(&self, to: &StoredAccount, mail: Mail<'_>) {
        self.send_to(std::slice::from_ref(to), mail).await;
    }

    /// One message to several accounts at once: a family's parents.
    pub async fn send_to(&self, to: &[StoredAccount], mail: Mail<'_>) {
        let Some(first) = to.first() else {
            return;
        };
        let message = match self.compose(to, &mail) {
            Ok(message) => message,
            Err(error) => {
                tracing::error!(error = %error, account = %first.id, "composing an e-mail");
                return;
            }
        };
        let queued = Queued {
            message,
            account: first.id,
            _pending: self.pending.token(),
        };
        if self.queue.send(queued).await.is_err() {
            tracing::error!(account = %first.id, "e-mail queue closed: mail dropped");
        }
    }

    fn compose(&self, to: &[StoredAccount], mail: &Mail<'_>) -> anyhow::Result<Message> {
        let (subject, text) = self.render(to, mail);
        // 8bit keeps accents readable in the .eml files (all our lines are short).
        let body = Body::new_with_encoding(text, ContentTransferEncoding::EightBit)
            .map_err(|_| anyhow::anyhow!("e-mail body not encodable as 8bit"))?;
        let mut builder = Message::builder().from(self.from.clone());
        for account in to {
            builder = builder.to(Mailbox::new(
                Some(format!("{} {}", account.first_name, account.last_name)),
                account.email.as_ref().parse()?,
            ));
        }
        Ok(builder
            .subject(subject)
            .header(ContentType::TEXT_PLAIN)
            .body(body)?)
    }

    fn render(&self, to: &[StoredAccount], mail: &Mail<'_>) -> (String, String) {
        let patro = &self.patro_name;
        let hello = match to {
            [one] => format!("Bonjour {},\n\n", one.first_name),
            _ => "Bonjour,\n\n".to_owned(),
        };
        let bye = format!("\n\nÀ bientôt,\nLe {patro}\n");
        let (subject, middle) = match mail {
            Mail::SignUpReceived {
                code,
                valid_minutes,
            } => (
                "Confirmez votre adresse e-mail".to_owned(),
                format!(
                    "Nous avons bien reçu votre demande de compte sur l'Espace Parents du {patro}.\n\n\
                     Pour confirmer que cette adresse est bien la vôtre, entrez ce code dans l'Espace \
                     Parents :\n\n{code}\n\n\
                     Il est valable {valid_minutes} minutes. Le Patro ne traite votre demande qu'une \
                     fois l'adresse confirmée.\n\n\
                     Votre compte n'est pas encore actif : le Patro doit ensuite confirmer que vous êtes \
                     bien le parent ou le responsable d'un enfant inscrit au Patro.\n\
                     Vous recevrez un e-mail dès que votre compte sera activé. Vérifiez vos spams !\n\n\
                     Si vous n'avez rien demandé, ignorez ce message : aucun compte ne sera activé."
                ),
            ),
            Mail::SignUpWithYourAddress => (
                "Une demande de compte avec votre adresse".to_owned(),
                format!(
                    "Quelqu'un vient de demander un compte sur l'Espace Parents du {patro} avec cette \
                     adresse, qui a déjà un compte.\n\n\
                     Si c'était vous : connectez-vous avec votre mot de passe, ou choisissez-en un \
                     nouveau avec « Mot de passe oublié ? » sur la page de connexion.\n\
                     Si ce n'était pas vous, ignorez ce message : rien n'a changé dans votre compte."
                ),
            ),
            Mail::VerificationCode {
                code,
                valid_minutes,
            } => (
                "Votre code de confirmation".to_owned(),
                format!(
                    "Voici un nouveau code pour confirmer votre adresse e-mail sur l'Espace Parents \
                     du {patro} :\n\n{code}\n\n\
                     Il est valable {valid_minutes} minutes ; les codes envoyés avant lui ne servent plus.\n\
                     Si vous n'avez rien demandé, ignorez ce message."
                ),
            ),
            Mail::EmailChangeCode {
                code,
                valid_minutes,
            } => (
                "Confirmez votre nouvelle adresse e-mail".to_owned(),
                format!(
                    "Vous avez demandé à utiliser cette adresse pour votre Espace Parents du {patro}.\n\n\
                     Entrez ce code dans « Gérer mes infos » pour confirmer le changement :\n\n{code}\n\n\
                     Il est valable {valid_minutes} minutes. Tant qu'il n'est pas entré, votre ancienne \
                     adresse reste celle de votre compte.\n\
                     Si vous n'avez rien demandé, ignorez ce message : rien ne change."
                ),
            ),
            Mail::EmailChanged { new_email } => (
                "Votre adresse e-mail a été changée".to_owned(),
                format!(
                    "Votre adresse e-mail Tempatro a été changée : votre compte sur l'Espace Parents \
                     du {patro} utilise désormais l'adresse {new_email}, et cette adresse-ci ne sert \
                     plus pour vous connecter.\n\n\
                     Si ce n'est pas vous qui l'avez changée, contactez le Patro au plus vite en \
                     répondant à ce message."
                ),
            ),
            Mail::AccountActivated => (
                "Votre compte est activé".to_owned(),
                format!(
                    "Bonne nouvelle : votre compte sur l'Espace Parents du {patro} est activé.\n\n\
                     Vous pouvez maintenant vous connecter avec votre adresse e-mail ({}) et le mot de \
                     passe choisi lors de votre inscription. Si vous l'avez oublié, vous pouvez le \
                     réinitialiser depuis la page de connexion.",
                    to.first().map(|a| a.email.to_string()).unwrap_or_default()
                ),
            ),
            Mail::AccountRejected { reason } => (
                "Votre demande de compte n'a pas été acceptée".to_owned(),
                format!(
                    "Le {patro} n'a pas pu accepter votre demande de compte sur l'Espace Parents.\n\n\
                     Motif : {reason}\n\n\
                     Si vous pensez qu'il s'agit d'une erreur, répondez à ce message ou contactez le Patro."
                ),
            ),
            Mail::ResetCode {
                code,
                valid_minutes,
            } => (
                "Votre code de réinitialisation du mot de passe".to_owned(),
                format!(
                    "Vous avez demandé à réinitialiser le mot de passe de votre Espace Parents.\n\n\
                     Votre code : {code}\n\n\
                     Il est valable {valid_minutes} minutes et ne sert qu'une seule fois.\n\
                     Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas."
                ),
            ),
            Mail::Invitation => (
                "Votre compte sur l'Espace Parents est prêt".to_owned(),
                format!(
                    "Le {patro} a créé votre compte sur son Espace Parents avec cette adresse ({}).\n\n\
                     Pour choisir votre mot de passe, ouvrez l'Espace Parents, choisissez « Mot de \
                     passe oublié ? » et saisissez cette adresse : un code vous sera envoyé, avec \
                     lequel vous choisirez votre mot de passe. Vous retrouverez ensuite vos enfants \
                     dans « Gérer mes enfants ».",
                    to.first().map(|a| a.email.to_string()).unwrap_or_default()
                ),
            ),
            Mail::ChildLinked { child_name } => (
                "La fiche de votre enfant est liée à votre compte".to_owned(),
                format!(
                    "La fiche de {child_name} est maintenant liée à votre compte : vous la \
                     retrouvez dans « Gérer mes enfants » de votre Espace Parents."
                ),
            ),
            Mail::LinkRequestRejected { child_name, reason } => (
                "Votre demande de lien n'a pas abouti".to_owned(),
                format!(
                    "Le Patro n'a pas pu lier la fiche de {child_name} à votre compte.\n\n\
                     Motif : {reason}\n\n\
                     N'hésitez pas à répondre à ce message ou à contacter le Patro."
                ),
            ),
            Mail::MovedUpFromWaitingList {
                child_name,
                activity,
            } => (
                format!("Une place s'est libérée : {child_name} est inscrit"),
                format!(
                    "Une place s'est libérée pour {activity} : {child_name}, qui était sur la liste \
                     d'attente, y est maintenant inscrit.\n\n\
                     Retrouvez les détails et les frais dans « Camps & hikes » de votre Espace Parents. \
                     Si votre enfant ne peut plus y participer, annulez l'inscription pour libérer la place."
                ),
            ),
            Mail::Reminder { lines, how_to_pay } => (
                "Rappel de paiement".to_owned(),
                format!(
                    "Sauf erreur de notre part, ces montants restent à payer :\n\n{}\n\n{how_to_pay}\n\n\
                     Vous les retrouvez aussi, avec leur code QR, dans « Mes paiements » de votre \
                     Espace Parents. Si vous avez déjà payé, merci de ne pas tenir compte de ce message.",
                    lines.join("\n")
                ),
            ),
        };
        (
            format!("{subject} — {patro}"),
            wrap(&format!("{hello}{middle}{bye}"), LINE_WIDTH),
        )
    }
}

/// Plain-text mail lines stay short enough to travel as 8bit (the encoder counts bytes, and an
/// accented letter takes two) and to read in any mail client.
const LINE_WIDTH: usize = 72;

fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let mut current = 0;
        for (position, word) in line.split(' ').enumerate() {
            let length = word.len();
            if position > 0 {
                if current + 1 + length > width {
                    out.push('\n');
                    current = 0;
                } else {
                    out.push(' ');
                    current += 1;
                }
            }
            out.push_str(word);
            current += length;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn long_lines_are_wrapped_between_words() {
        let text = "un deux trois quatre cinq six";
        assert_eq!(wrap(text, 10), "un deux\ntrois\nquatre\ncinq six");
    }

    #[test]
    fn the_width_counts_bytes_so_accented_lines_still_travel_as_8bit() {
        let wrapped = wrap(&"été ".repeat(40), 72);
        assert!(wrapped.lines().all(|line| line.len() <= 72), "{wrapped}");
    }

    #[test]
    fn short_lines_and_blank_lines_are_kept() {
        assert_eq!(wrap("Bonjour,\n\nÀ bientôt", 72), "Bonjour,\n\nÀ bientôt");
    }
}
