//! Questions on the terminal: confirmations of what cannot be undone, and forms. Asked only when a
//! person is at the keyboard; a script is told which flag to give instead, never left waiting.

use std::io::{self, IsTerminal};

use tempatro_core::Lang;

use crate::error::Error;

/// True when questions can be asked: stdin is a terminal.
pub fn interactive() -> bool {
    io::stdin().is_terminal()
}

/// Refuses a destructive action that has neither `--yes` nor a terminal to ask on. Called before
/// any call to the server: a script learns at once what it is missing.
pub fn check_confirmable(yes: bool) -> Result<(), Error> {
    if yes || interactive() {
        Ok(())
    } else {
        Err(Error::ConfirmationRequired)
    }
}

/// Asks `question` unless `--yes` was given; a "no" is [`Error::Cancelled`].
pub async fn confirm(yes: bool, question: String, help: String, lang: Lang) -> Result<(), Error> {
    if yes {
        return Ok(());
    }
    let answer = blocking(move || {
        inquire::Confirm::new(&question)
            .with_default(false)
            .with_help_message(&help)
            .with_default_value_formatter(&|_| lang.pick("o/N", "y/N").to_owned())
            .with_formatter(&|answer| match answer {
                true => lang.pick("oui", "yes").to_owned(),
                false => lang.pick("non", "no").to_owned(),
            })
            .with_parser(&parse_yes_no)
            .with_error_message(
                lang.pick("Répondez o (oui) ou n (non)", "Answer y (yes) or n (no)"),
            )
            .prompt()
    })
    .await?;
    if answer {
        Ok(())
    } else {
        Err(Error::Cancelled)
    }
}

/// Runs questions off the async threads: a prompt blocks for as long as the person thinks, and
/// the connection to the server must stay serviced meanwhile.
pub async fn blocking<T, F>(questions: F) -> Result<T, Error>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, inquire::InquireError> + Send + 'static,
{
    tokio::task::spawn_blocking(questions)
        .await
        .map_err(|error| Error::Prompt(error.to_string()))?
        .map_err(Error::from)
}

/// French and English answers alike: a French speaker types « o », an English one « y ».
fn parse_yes_no(answer: &str) -> Result<bool, ()> {
    match answer.trim().to_lowercase().as_str() {
        "o" | "oui" | "y" | "yes" => Ok(true),
        "n" | "non" | "no" => Ok(false),
        _ => Err(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn french_and_english_answers_are_understood() {
        for yes in ["o", "Oui", " y ", "YES"] {
            assert_eq!(parse_yes_no(yes), Ok(true), "{yes:?}");
        }
        for no in ["n", "Non", "no"] {
            assert_eq!(parse_yes_no(no), Ok(false), "{no:?}");
        }
        for unclear in ["", "peut-être", "ja"] {
            assert_eq!(parse_yes_no(unclear), Err(()), "{unclear:?}");
        }
    }
}
