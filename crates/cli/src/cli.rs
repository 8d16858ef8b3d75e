//! The command line's grammar. Help is French first: clap's own English headings are replaced here,
//! once, for every subcommand.

use std::path::PathBuf;

use clap::{Arg, ArgAction, Args, Command, CommandFactory, FromArgMatches, Parser, Subcommand};
use tempatro_core::Lang;

use crate::accounts::AccountsCommand;
use crate::activities::ActivitiesCommand;
use crate::affiliations::AffiliationsCommand;
use crate::audit::AuditCommand;
use crate::children::ChildrenCommand;
use crate::completions::CompletionsArgs;
use crate::cycles::CyclesCommand;
use crate::documents::DocumentsCommand;
use crate::exports::ExportArgs;
use crate::help::HelpCommand;
use crate::imports::ImportCommand;
use crate::links::LinksCommand;
use crate::medical::MedicalCommand;
use crate::news::NewsCommand;
use crate::payments::PaymentsCommand;
use crate::second_factor::SecondFactorCommand;
use crate::sections::SectionsCommand;
use crate::session::LoginArgs;
use crate::staff::StaffCommand;
use crate::tokens::TokensCommand;

const HELP_TEMPLATE: &str =
    "{before-help}{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

const ENVIRONMENT: &str = "\
Variables d'environnement :
  TEMPATRO_SERVER      adresse du serveur (comme --server)
  TEMPATRO_TOKEN       jeton d'API d'un script (tpt_…), à la place de la session (comme --token-file)
  TEMPATRO_PASSWORD    mot de passe de `login`, pour les scripts
  TEMPATRO_CONFIG_DIR  dossier de configuration (comme --config-dir)
  LANG                 en* pour les messages en anglais (comme --lang en)

Le dossier de configuration contient la session (admin-session.json, lisible par vous seul) et,
facultativement, config.toml avec la ligne `server = \"https://…\"`.

Scripts et cron : un responsable crée une fois un jeton d'API, en personne
(`tempatro-admin tokens create --name NOM --scope payments > NOM.token` puis `chmod 600 NOM.token`) ;
le script le donne avec --token-file NOM.token ou TEMPATRO_TOKEN, sans login. Chaque portée fait un
seul travail : read lit les listes et fiches des enfants (sans fiche santé) ; export, les exports ;
payments lit et écrit paiements attendus, relevés bancaires et rappels ; import importe. Aucune ne
lit les comptes, les fiches santé ni le journal. Le reste est refusé (code 1). Un jeton expire
(--expires, un an par défaut) : il est alors refusé, et un responsable en crée un autre.

Codes de sortie : 0 succès, 1 refusé ou invalide (pour un import : des lignes refusées, rien n'est
écrit), 2 mauvaise utilisation (ou fichier à importer illisible), 3 serveur injoignable, 4 un autre
import est en cours.";

/// Tempatro pour l'équipe du Patro : comptes des parents, enfants, affiliations, cycles, sections,
/// camps et hikes, paiements, fiches santé, documents, news, page d'aide, imports et exports.
#[derive(Debug, Parser)]
#[command(name = "tempatro-admin", after_help = ENVIRONMENT)]
pub struct Cli {
    #[command(flatten)]
    pub globals: Globals,
    #[command(subcommand)]
    pub command: Commands,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Options globales")]
pub struct Globals {
    /// Adresse du serveur du Patro (https://…, ou http:// vers cette machine)
    #[arg(long, global = true, env = "TEMPATRO_SERVER", value_name = "URL")]
    pub server: Option<String>,
    /// Langue des messages (par défaut : selon LANG, sinon français)
    #[arg(long, global = true, value_enum, value_name = "LANGUE")]
    pub lang: Option<LangArg>,
    /// Dossier de configuration (session et config.toml)
    #[arg(
        long,
        global = true,
        env = "TEMPATRO_CONFIG_DIR",
        value_name = "DOSSIER"
    )]
    pub config_dir: Option<PathBuf>,
    /// Fichier contenant un jeton d'API (tpt_…), lisible par vous seul : utilisé à la place de la
    /// session, pour les scripts (prime sur TEMPATRO_TOKEN)
    #[arg(long, global = true, value_name = "FICHIER", value_hint = clap::ValueHint::FilePath)]
    pub token_file: Option<PathBuf>,
}

impl Globals {
    /// `--lang`, else the locale, as POSIX orders it: LC_ALL, then LC_MESSAGES, then LANG.
    pub fn lang(&self) -> Lang {
        match self.lang {
            Some(LangArg::Fr) => Lang::Fr,
            Some(LangArg::En) => Lang::En,
            None => ["LC_ALL", "LC_MESSAGES", "LANG"]
                .into_iter()
                .filter_map(|name| std::env::var(name).ok())
                .find(|value| !value.is_empty())
                .map_or(Lang::Fr, |locale| Lang::from_locale(&locale)),
        }
    }
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum LangArg {
    Fr,
    En,
}

#[derive(Debug, Subcommand)]
pub enum Commands {
    #[command(flatten)]
    Server(ServerCommand),
    /// Écrit le script de complétion d'un shell sur la sortie standard
    Completions(CompletionsArgs),
}

/// The commands that talk to the server, as opposed to those that only print.
#[derive(Debug, Subcommand)]
pub enum ServerCommand {
    /// Ouvre une session de l'équipe (intranet) et la garde pour les commandes suivantes
    Login(LoginArgs),
    /// Ferme la session sur le serveur et l'oublie sur cette machine
    Logout,
    /// Affiche le compte de la session ouverte
    Whoami {
        /// Écrit le compte en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Comptes des parents et de l'équipe : lister, valider, refuser
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// Enfants : inscrire, lister, voir et modifier une fiche, lier aux parents, historique
    #[command(subcommand)]
    Children(ChildrenCommand),
    /// Demandes des parents qui ne voient pas leur enfant : lister, accepter, refuser
    #[command(subcommand)]
    Links(LinksCommand),
    /// Affiliations : lister, enregistrer ou annuler un paiement, solidaire, section
    #[command(subcommand)]
    Affiliations(AffiliationsCommand),
    /// Cycles (années du Patro) et leurs cotisations
    #[command(subcommand)]
    Cycles(CyclesCommand),
    /// Sections (Poussins, Benjamins…) : âges, genre et ordre
    #[command(subcommand)]
    Sections(SectionsCommand),
    /// Équipe : rôle de chacun et sections animées, départs
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Double authentification de son compte : activer, désactiver
    #[command(subcommand, name = "2fa")]
    SecondFactor(SecondFactorCommand),
    /// Camps et hikes : créer, modifier, participants, liste d'attente, paiements
    #[command(subcommand)]
    Activities(ActivitiesCommand),
    /// Paiements : montants dus, communications structurées, relevés bancaires, rappels
    #[command(subcommand)]
    Payments(PaymentsCommand),
    /// Fiches santé : lire celle d'un enfant pendant un camp, journal des lectures
    #[command(subcommand)]
    Medical(MedicalCommand),
    /// Documents pour les parents : publier, lister, supprimer
    #[command(subcommand)]
    Documents(DocumentsCommand),
    /// News du Patro : publier, lister, modifier, retirer
    #[command(subcommand)]
    News(NewsCommand),
    /// Jetons d'API des scripts et du cron : créer, lister, révoquer
    #[command(subcommand)]
    Tokens(TokensCommand),
    /// Journal des actes sensibles : validations, rôles, double authentification, jetons,
    /// connexions de l'équipe, changements d'adresse e-mail (responsable seulement)
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Importe le fichier des enfants ou des parents du secrétariat (CSV), tout ou rien
    #[command(subcommand)]
    Import(ImportCommand),
    /// Exporte une liste (enfants, parents, affiliations, montants dus, participants) en CSV ou JSON
    Export(ExportArgs),
    /// Page d'aide des parents (« Utiliser Tempatro ») : afficher, remplacer (l'aide de cette
    /// commande-ci : --help)
    #[command(subcommand)]
    Help(HelpCommand),
}

/// The full command, French headings included: used to parse and to generate completions.
pub fn command() -> Command {
    in_french(Cli::command())
        .disable_help_flag(true)
        .disable_help_subcommand(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .global(true)
                .action(ArgAction::Help)
                .help("Affiche l'aide"),
        )
}

fn in_french(command: Command) -> Command {
    command
        .help_template(HELP_TEMPLATE)
        .subcommand_help_heading("Commandes")
        .subcommand_value_name("COMMANDE")
        .mut_subcommands(in_french)
}

/// Parses the process's arguments; on a usage error clap prints it and exits with code 2.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        command().debug_assert();
    }
}
