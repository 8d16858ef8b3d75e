//! `tempatro-admin`, the staff's command line. This file parses, runs, and turns the outcome into
//! one message on stderr and an exit code: 0 success, 1 refused or invalid, 2 usage (clap, flags
//! missing without a terminal to ask on, a file to import that cannot be read), 3 server
//! unreachable, 4 another import running.

mod accounts;
mod activities;
mod affiliations;
mod audit;
mod children;
mod cli;
mod completions;
mod config;
mod cycles;
mod documents;
mod error;
mod exports;
mod help;
mod imports;
mod links;
mod medical;
mod news;
mod output;
mod payments;
mod prompt;
mod second_factor;
mod sections;
mod session;
mod staff;
mod tokens;
mod values;

use std::io;
use std::process::ExitCode;

use tempatro_core::Lang;

use crate::cli::{Cli, Commands, ServerCommand};
use crate::config::Settings;
use crate::error::{Error, REFUSED};

fn main() -> ExitCode {
    let cli = cli::parse();
    let lang = cli.globals.lang();
    match run(cli) {
        Ok(code) => code,
        Err(error) => report(&error, lang),
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let command = match cli.command {
        Commands::Completions(args) => return completions::run(&args),
        Commands::Server(command) => command,
    };
    let settings = Settings::new(cli.globals)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let outcome = runtime.block_on(async {
        match command {
            ServerCommand::Login(args) => session::login(&settings, args).await,
            ServerCommand::Logout => session::logout(&settings).await,
            ServerCommand::Whoami { json } => session::whoami(&settings, json).await,
            ServerCommand::Accounts(command) => accounts::run(&settings, command).await,
            ServerCommand::Children(command) => children::run(&settings, command).await,
            ServerCommand::Links(command) => links::run(&settings, command).await,
            ServerCommand::Affiliations(command) => affiliations::run(&settings, command).await,
            ServerCommand::Cycles(command) => cycles::run(&settings, command).await,
            ServerCommand::Sections(command) => sections::run(&settings, command).await,
            ServerCommand::Staff(command) => staff::run(&settings, command).await,
            ServerCommand::SecondFactor(command) => second_factor::run(&settings, command).await,
            ServerCommand::Activities(command) => activities::run(&settings, command).await,
            ServerCommand::Medical(command) => medical::run(&settings, command).await,
            ServerCommand::Documents(command) => documents::run(&settings, command).await,
            ServerCommand::News(command) => news::run(&settings, command).await,
            ServerCommand::Payments(command) => payments::run(&settings, command).await,
            ServerCommand::Tokens(command) => tokens::run(&settings, command).await,
            ServerCommand::Audit(command) => audit::run(&settings, command).await,
            ServerCommand::Import(command) => imports::run(&settings, command).await,
            ServerCommand::Export(args) => exports::run(&settings, args).await,
            ServerCommand::Help(command) => help::run(&settings, command).await,
        }
    });
    // A 401 on a script's token says nothing about a session to log in again: the token is the
    // one to look at.
    match (outcome, settings.token()) {
        (Err(error), Some(source))
            if matches!(error.downcast_ref(), Some(Error::SessionExpired)) =>
        {
            Err(Error::TokenRejected {
                origin: source.describe(),
            }
            .into())
        }
        (outcome, _) => outcome,
    }
}

fn report(error: &anyhow::Error, lang: Lang) -> ExitCode {
    // Whoever closed the pipe has read all they wanted: that is not a failure.
    let broken_pipe = error.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|io| io.kind() == io::ErrorKind::BrokenPipe)
    });
    if broken_pipe {
        return ExitCode::SUCCESS;
    }
    let (message, code) = match error.downcast_ref::<Error>() {
        Some(error) => (error.message(lang), error.exit_code()),
        None => (format!("{error:#}"), REFUSED),
    };
    eprintln!("{message}");
    ExitCode::from(code)
}
