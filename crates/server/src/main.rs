//! `tempatro-server`: runs the API, and creates the first staff account.

use std::io::BufRead;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};
use time::Month;
use tracing_subscriber::EnvFilter;

use tempatro_core::payment::{Beneficiary, Bic, CsvMapping, Iban, ReferenceLine};
use tempatro_core::{CycleCalendar, MedicalWindow, RenewalWindow, Role};
use tempatro_server::{Config, create_staff, data_dir, maintenance, reset_second_factor, start};

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
    /// Base de données : sqlite://chemin, un chemin de fichier, ou postgres://utilisateur@hôte/base [défaut : tempatro.db dans le dossier de données]
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

// Parsed once at start: the size of `serve`'s options beside the other commands costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand)]
enum Command {
    /// Lance le serveur HTTP
    Serve {
        /// Adresse d'écoute
        #[arg(long, env = "TEMPATRO_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[command(flatten)]
        database: DatabaseArg,
        /// Connexions à la base de données gardées par ce serveur
        #[arg(long, env = "TEMPATRO_DATABASE_POOL", default_value_t = 8, value_parser = clap::value_parser!(u32).range(1..=500))]
        database_pool: u32,
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
        /// Durée de vie d'une session de parent, en jours
        #[arg(long, env = "TEMPATRO_SESSION_DAYS", default_value_t = 30, value_parser = clap::value_parser!(u16).range(1..=365))]
        session_days: u16,
        /// Durée de vie d'une session de l'équipe (animateur, responsable), en jours, même utilisée sans arrêt
        #[arg(long, env = "TEMPATRO_STAFF_SESSION_DAYS", default_value_t = Config::DEFAULT_STAFF_SESSION_DAYS, value_parser = clap::value_parser!(u16).range(1..=90))]
        staff_session_days: u16,
        /// Heures sans aucune requête après lesquelles une session de l'équipe se ferme
        #[arg(long, env = "TEMPATRO_STAFF_SESSION_IDLE_HOURS", default_value_t = Config::DEFAULT_STAFF_SESSION_IDLE_HOURS, value_parser = clap::value_parser!(u16).range(1..=720))]
        staff_session_idle_hours: u16,
        /// Jours laissés à un responsable pour activer la double authentification, comptés depuis qu'il est responsable (ou depuis la mise à jour qui l'a introduite) ; ensuite, sa connexion est refusée
        #[arg(long = "staff-2fa-grace-days", env = "TEMPATRO_STAFF_2FA_GRACE_DAYS", default_value_t = Config::DEFAULT_STAFF_2FA_GRACE_DAYS, value_parser = clap::value_parser!(u16).range(0..=365))]
        staff_2fa_grace_days: u16,
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
        /// IBAN du compte du Patro, pour les virements et leurs codes QR
        #[arg(long, env = "TEMPATRO_IBAN")]
        iban: Option<String>,
        /// BIC de la banque du Patro (facultatif)
        #[arg(long, env = "TEMPATRO_BIC")]
        bic: Option<String>,
        /// Titulaire du compte, tel que la banque le connaît [défaut : le nom du Patro]
        #[arg(long, env = "TEMPATRO_BENEFICIARY")]
        beneficiary: Option<String>,
        /// Où le code QR place la communication structurée : structured ou unstructured
        #[arg(
            long,
            env = "TEMPATRO_EPC_REFERENCE_LINE",
            default_value = "structured"
        )]
        epc_reference_line: String,
        /// Rappel pour les paiements attendus depuis ce nombre de jours
        #[arg(long, env = "TEMPATRO_REMINDER_DAYS", default_value_t = 14, value_parser = clap::value_parser!(u16).range(1..=365))]
        reminder_days: u16,
        /// Colonnes de l'export CSV de la banque : date, montant, communication[, contrepartie[, identifiant]]
        #[arg(long, env = "TEMPATRO_CSV_COLUMNS", value_delimiter = ',')]
        csv_columns: Vec<String>,
        /// Secondes sans rien recevoir après lesquelles une requête en cours d'envoi est abandonnée
        #[arg(long, env = "TEMPATRO_REQUEST_IDLE_SECONDS", default_value_t = Config::DEFAULT_REQUEST_IDLE_SECONDS, value_parser = clap::value_parser!(u16).range(1..=3600))]
        request_idle_seconds: u16,
        /// Minutes au plus pour recevoir le fichier d'un import
        #[arg(long, env = "TEMPATRO_UPLOAD_MINUTES", default_value_t = Config::DEFAULT_UPLOAD_MINUTES, value_parser = clap::value_parser!(u16).range(1..=1440))]
        upload_minutes: u16,
        /// Adresse d'un proxy de confiance, dont l'en-tête X-Forwarded-For désigne le client
        /// (répétable, ou séparées par des virgules) ; sans elle, l'adresse du client est celle
        /// de la connexion
        #[arg(
            long,
            env = "TEMPATRO_TRUSTED_PROXY",
            value_name = "IP",
            value_delimiter = ','
        )]
        trusted_proxy: Vec<IpAddr>,
    },
    /// Gère les comptes du staff
    Staff {
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Copie toute une base SQLite dans une base PostgreSQL vide, et vérifie la copie
    MigrateData {
        /// La base SQLite à copier : sqlite://chemin ou un chemin de fichier
        #[arg(long)]
        from: String,
        /// La base PostgreSQL, vide, où la copier : postgres://utilisateur@hôte/base
        #[arg(long)]
        to: String,
    },
    /// Sauvegarde la base SQLite dans un nouveau fichier, même pendant que le serveur tourne
    Backup {
        /// Le fichier de la sauvegarde, qui ne doit pas exister
        file: PathBuf,
        #[command(flatten)]
        database: DatabaseArg,
    },
    /// Remplace la base SQLite par une sauvegarde ; refusé tant qu'un serveur l'utilise
    Restore {
        /// La sauvegarde à remettre en place
        file: PathBuf,
        #[command(flatten)]
        database: DatabaseArg,
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
    /// Retire la double authentification d'un compte (téléphone perdu) et ferme ses sessions ;
    /// un responsable a de nouveau le délai de grâce pour l'activer
    #[command(name = "reset-2fa")]
    Reset2fa {
        #[arg(long)]
        email: String,
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
            database_pool,
            outbox,
            smtp_url,
            mail_from,
            patro_name,
            session_days,
            staff_session_days,
            staff_session_idle_hours,
            staff_2fa_grace_days,
            cycle_start_month,
            renewal_opens,
            renewal_closes,
            medical_days_before,
            iban,
            bic,
            beneficiary,
            epc_reference_line,
            reminder_days,
            csv_columns,
            request_idle_seconds,
            upload_minutes,
            trusted_proxy,
        } => {
            let bank_account = match iban {
                Some(iban) => Some(Beneficiary {
                    name: beneficiary.unwrap_or_else(|| patro_name.clone()),
                    iban: Iban::parse(&iban).map_err(|e| anyhow::anyhow!("--iban : {e}"))?,
                    bic: bic
                        .as_deref()
                        .map(Bic::parse)
                        .transpose()
                        .map_err(|e| anyhow::anyhow!("--bic : {e}"))?,
                }),
                None => None,
            };
            let reference_line = match epc_reference_line.as_str() {
                "structured" => ReferenceLine::Structured,
                "unstructured" => ReferenceLine::Unstructured,
                other => {
                    anyhow::bail!("--epc-reference-line : « {other} » (structured ou unstructured)")
                }
            };
            let csv_mapping = match csv_columns.as_slice() {
                [] => None,
                [date, amount, communication, rest @ ..] if rest.len() <= 2 => Some(CsvMapping {
                    date: date.clone(),
                    amount: amount.clone(),
                    communication: communication.clone(),
                    counterparty: rest.first().cloned(),
                    id: rest.get(1).cloned(),
                    separator: None,
                }),
                _ => anyhow::bail!(
                    "--csv-columns : date,montant,communication[,contrepartie[,identifiant]]"
                ),
            };
            let outbox = match outbox {
                Some(outbox) => outbox,
                None => data_dir()
                    .context("pas de dossier de données sur cette machine : indiquez --outbox")?
                    .join("outbox"),
            };
            let config = Config {
                listen,
                database_url: database.url()?,
                database_pool,
                outbox,
                smtp_url,
                mail_from,
                patro_name,
                session_ttl: time::Duration::days(i64::from(session_days)),
                staff_session_ttl: time::Duration::days(i64::from(staff_session_days)),
                staff_session_idle: time::Duration::hours(i64::from(staff_session_idle_hours)),
                staff_second_factor_grace: time::Duration::days(i64::from(staff_2fa_grace_days)),
                cycle_calendar: CycleCalendar::starting_in(
                    Month::try_from(cycle_start_month).context("mois de début du cycle")?,
                ),
                medical_window: MedicalWindow {
                    days_before: medical_days_before,
                },
                bank_account,
                reference_line,
                reminder_days,
                csv_mapping,
                request_idle_timeout: std::time::Duration::from_secs(request_idle_seconds.into()),
                upload_timeout: std::time::Duration::from_secs(u64::from(upload_minutes) * 60),
                trusted_proxies: trusted_proxy,
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
            command: StaffCommand::Reset2fa { email, database },
        } => {
            let removed = reset_second_factor(&database.url()?, &email).await?;
            println!(
                "{}",
                if removed {
                    format!(
                        "Double authentification retirée pour {email} ; ses sessions sont fermées."
                    )
                } else {
                    format!(
                        "{email} n'avait pas de double authentification active ; ses sessions sont fermées."
                    )
                }
            );
            Ok(())
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
        Command::MigrateData { from, to } => {
            let report = maintenance::migrate_data(&from, &to).await?;
            println!("{report}");
            if !report.committed {
                anyhow::bail!("la copie ne correspond pas à la base SQLite : rien n'a été écrit");
            }
            Ok(())
        }
        Command::Backup { file, database } => {
            let backup = maintenance::backup(&database.url()?, &file).await?;
            println!(
                "Sauvegarde écrite dans {} ({} octets, schéma à {} migrations), vérifiée.",
                backup.file.display(),
                backup.bytes,
                backup.migrations
            );
            Ok(())
        }
        Command::Restore { file, database } => {
            let restored = maintenance::restore(&file, &database.url()?).await?;
            println!(
                "Sauvegarde {} remise en place dans {} ({} octets, schéma à {} migrations). \
                 Le serveur peut redémarrer.",
                file.display(),
                restored.file.display(),
                restored.bytes,
                restored.migrations
            );
            Ok(())
        }
    }
}
