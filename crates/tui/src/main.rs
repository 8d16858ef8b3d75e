use std::process::ExitCode;

use clap::{Parser, ValueEnum};
use tempatro_client::Client;
use tempatro_core::Lang;
use tempatro_tui::app::App;
use tempatro_tui::config::{self, Paths};
use tempatro_tui::runner::Runner;
use tempatro_tui::session::TokenStore;
use tempatro_tui::{demo, event_loop};

/// L'Espace Parents du Patro, dans le terminal.
#[derive(Debug, Parser)]
#[command(name = "tempatro", version)]
struct Args {
    /// Adresse du serveur du Patro (sinon TEMPATRO_SERVER, sinon `server` dans config.toml).
    #[arg(long, env = "TEMPATRO_SERVER", value_name = "URL")]
    server: Option<String>,
    /// Langue des écrans (sinon celle de LANG ; français par défaut).
    #[arg(long, value_enum, value_name = "LANGUE")]
    lang: Option<LangArg>,
    /// Démarre un serveur de démonstration dans ce programme, avec la famille du guide, et s'y
    /// connecte en tant que Papa de Billy.
    #[arg(long)]
    demo: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum LangArg {
    Fr,
    En,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

fn main() -> ExitCode {
    let args = Args::parse();
    let lang = config::lang(args.lang.map(Lang::from), |name| std::env::var(name).ok());
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("tempatro: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(args, lang)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("tempatro: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: Args, lang: Lang) -> anyhow::Result<ExitCode> {
    if args.demo {
        demo::run(lang).await?;
        return Ok(ExitCode::SUCCESS);
    }
    let paths = Paths::system();
    let url = match config::server_url(args.server.as_deref(), paths.as_ref()) {
        Ok(url) => url,
        Err(error) => {
            eprintln!("{}", error.message(lang));
            return Ok(ExitCode::from(2));
        }
    };
    let mut client =
        Client::new(&url, lang).map_err(|error| anyhow::anyhow!(error.message(lang)))?;
    let tokens = paths.map(|paths| TokenStore::new(paths.token_file()));
    // An unreadable token file is as good as none: the person logs in again.
    let saved = tokens
        .as_ref()
        .and_then(|tokens| tokens.load().ok().flatten());
    let (app, first) = match saved {
        Some(token) => {
            client.set_token(Some(token));
            let (app, first) = App::resuming(lang);
            (app, Some(first))
        }
        None => (App::new(lang), None),
    };
    event_loop::run(app, first, Runner::new(client, tokens)).await?;
    Ok(ExitCode::SUCCESS)
}
