//! `tempatro-server`: runs the API, and creates the first staff account.

use std::io::BufRead;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use time::Month;
use tracing_subscriber::EnvFilter;

use tempatro_core::{CycleCalendar, MedicalWindow, RenewalWindow, Role};
use tempatro_server::{Config, create_staff, data_dir, start};

#[derive(Parser)]
#[command(
    name = "tempatro-server",
    version,
    about = "Serveur de Tempatro : l'API de l'Espace Parents et de l'intranet des animateurs"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(clap::Args)]
struct DatabaseArg {
    /// Base de données : sqlite://chemin ou un chemin de fichier [défaut : tempatro.db dans le dossier de données]
    #[arg(long, env = "TEMPATRO_DATABASE_URL")]
    database: Option<String>,
}

impl DatabaseArg {
    fn url(&self) -> anyhow::Result<String> {
        match &self.database {
            Some(url) => Ok(url.clone()),
            None => {
                let dir = data_dir()
                    .context("pas de dossier de données sur cette machine : indiquez --database")?;
                std::fs::create_dir_all(&dir)
                    .with_context(|| format!("création de {}", dir.display()))?;
                Ok(format!("sqlite://{}", dir.join("tempatro.db").display()))
            }
        }
    }
}

#[derive(Subcommand)]
enum Command {
    /// Lance le serveur HTTP
    Serve {
        /// Adresse d'écoute
        #[arg(long, env = "TEMPATRO_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[command(flatten)]
        database: DatabaseArg,
        /// Dossier où les e-mails sont écrits (.eml) quand aucun serveur SMTP n'est configuré
        #[arg(long, env = "TEMPATRO_OUTBOX")]
        outbox: Option<PathBuf>,
        /// Serveur SMTP (smtp://utilisateur:motdepasse@hôte:port ou smtps://…)
        #[arg(long, env = "TEMPATRO_SMTP_URL", hide_env_values = true)]
        smtp_url: Option<String>,
        /// Expéditeur des e-mails
        #[arg(long, env = "TEMPATRO_MAIL_FROM", default_value = Config::DEFAULT_MAIL_FROM)]
        mail_from: String,
        /// Nom du Patro, affiché aux parents
        #[arg(long, env = "TEMPATRO_PATRO_NAME", default_value = Config::DEFAULT_PATRO_NAME)]
        patro_name: String,
        /// Durée de vie d'une session, en jours
        #[arg(long, env = "TEMPATRO_SESSION_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=365))]
        session_days: u16,
        /// Mois où commence le cycle d'affiliation (1 à 12)
        #[arg(long, env = "TEMPATRO_CYCLE_START_MONTH", default_value_t = 9, value_parser = clap::value_parser!(u8).range(1..=12))]
        cycle_start_month: u8,
        /// Premier mois où les parents peuvent renouveler une affiliation (1 à 12)
        #[arg(long, env = "TEMPATRO_RENEWAL_OPENS", default_value_t = 6, value_parser = clap::value_parser!(u8).range(1..=12))]
        renewal_opens: u8,
        /// Dernier mois où les parents peuvent renouveler une affiliation (1 à 12)
        #[arg(long, env = "TEMPATRO_RENEWAL_CLOSES", default_value_t = 10, value_parser = clap::value_parser!(u8).range(1..=12))]
        renewal_closes: u8,
        /// Combien de jours avant un camp ou un hike les animateurs peuvent lire les fiches santé
        #[arg(long, env = "TEMPATRO_MEDICAL_DAYS_BEFORE", default_value_t = 3, value_parser = clap::value_parser!(u16).range(0..=60))]
        medical_days_before: u16,
    },
    /// Gère les comptes du staff
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
}

#[derive(Subcommand)]
enum StaffCommand {
    /// Crée un compte du staff, actif ; le mot de passe est lu sur l'entrée standard
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        first_name: String,
        #[arg(long)]
        last_name: String,
        #[arg(long, value_enum)]
        role: StaffRole,
        #[command(flatten)]
        database: DatabaseArg,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum StaffRole {
    Responsable,
    Animateur,
}

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tower_http=info")),
        )
        .with_writer(std::io::stderr)
        .init();
    match run(Cli::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tempatro-server : {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Serve {
            listen,
            database,
            outbox,
            smtp_url,
            mail_from,
            patro_name,
            session_days,
            cycle_start_month,
            renewal_opens,
            renewal_closes,
            medical_days_before,
        } => {
            let outbox = match outbox {
                Some(outbox) => outbox,
                None => data_dir()
                    .context("pas de dossier de données sur cette machine : indiquez --outbox")?
                    .join("outbox"),
            };
            let config = Config {
                listen,
                database_url: database.url()?,
                outbox,
                smtp_url,
                mail_from,
                patro_name,
                session_ttl: time::Duration::days(i64::from(session_days)),
                cycle_calendar: CycleCalendar::starting_in(
                    Month::try_from(cycle_start_month).context("mois de début du cycle")?,
                ),
                medical_window: MedicalWindow {
                    days_before: medical_days_before,
                },
                renewal_window: RenewalWindow {
                    opens: Month::try_from(renewal_opens)
                        .context("mois d'ouverture du renouvellement")?,
                    closes: Month::try_from(renewal_closes)
                        .context("mois de fermeture du renouvellement")?,
                },
            };
            let server = start(config).await?;
            eprintln!("Tempatro écoute sur {}", server.url());
            server.run_until_signal().await
        }
        Command::Staff {
            command:
                StaffCommand::Create {
                    email,
                    first_name,
                    last_name,
                    role,
                    database,
                },
        } => {
            let mut password = String::new();
            std::io::stdin()
                .lock()
                .read_line(&mut password)
                .context("lecture du mot de passe sur l'entrée standard")?;
            let password = password.trim_end_matches(['\r', '\n']);
            let role = match role {
                StaffRole::Responsable => Role::Responsable,
                StaffRole::Animateur => Role::Animateur,
            };
            let account = create_staff(
                &database.url()?,
                &email,
                &first_name,
                &last_name,
                role,
                password,
            )
            .await?;
            println!(
                "Compte {} créé pour {} ({}).",
                account.role.label(tempatro_core::Lang::Fr),
                account.full_name(),
                account.email
            );
            Ok(())
        }
    }
}
