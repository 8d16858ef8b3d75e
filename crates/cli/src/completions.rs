//! `completions SHELL`: the shell completion script, generated from the same grammar that parses.

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Args;
use clap_complete::Shell;

use crate::cli;

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// Le shell : bash, zsh, fish…
    shell: Shell,
}

pub fn run(args: &CompletionsArgs) -> anyhow::Result<ExitCode> {
    // Generated in memory first: clap_complete panics on a failed write, which a closed pipe is.
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut cli::command(),
        "tempatro-admin",
        &mut script,
    );
    let mut stdout = io::stdout().lock();
    stdout.write_all(&script)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
