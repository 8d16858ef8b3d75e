//! `news publish | list | edit | unpublish`: "News du Patro", a title and a Markdown text for
//! every family or for one section, shown on the parents' dashboard latest first.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgGroup, Subcommand};
use tempatro_core::Lang;
use tempatro_core::api::{NewsInput, NewsView};

use crate::config::Settings;
use crate::error::with_session;
use crate::session::staff_client;
use crate::{output, prompt, values};

#[derive(Debug, Subcommand)]
pub enum NewsCommand {
    /// Publie une news pour toutes les familles, ou pour une section
    Publish {
        /// Titre
        #[arg(long, value_name = "TITRE")]
        title: String,
        /// Fichier du texte, en Markdown (- : l'entrée standard)
        #[arg(long, value_name = "FICHIER")]
        body_file: PathBuf,
        /// Seulement pour les familles de cette section (nom ou numéro)
        #[arg(long, value_name = "SECTION")]
        section: Option<String>,
        /// Écrit la news publiée en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Liste les news publiées, les plus récentes d'abord
    List {
        /// Aussi les news retirées
        #[arg(long)]
        all: bool,
        /// Écrit un tableau JSON de news sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Modifie une news : ce qui n'est pas indiqué reste tel quel
    #[command(
        group(ArgGroup::new("changes").required(true).multiple(true)),
        override_usage = "tempatro-admin news edit <NEWS> [--title <TITRE>] [--body-file <FICHIER>] [--section <SECTION>]"
    )]
    Edit {
        /// Numéro de la news (colonne N° de `news list`)
        #[arg(value_name = "NEWS")]
        id: i64,
        /// Nouveau titre
        #[arg(long, value_name = "TITRE", group = "changes")]
        title: Option<String>,
        /// Fichier du nouveau texte, en Markdown (- : l'entrée standard)
        #[arg(long, value_name = "FICHIER", group = "changes")]
        body_file: Option<PathBuf>,
        /// Section (nom ou numéro) ; "" : pour toutes les familles
        #[arg(long, value_name = "SECTION", group = "changes")]
        section: Option<String>,
        /// Écrit la news modifiée en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
    /// Retire une news : les parents ne la voient plus
    Unpublish {
        /// Numéro de la news (colonne N° de `news list`)
        #[arg(value_name = "NEWS")]
        id: i64,
        /// Retire sans demander de confirmation (obligatoire hors d'un terminal)
        #[arg(long, short)]
        yes: bool,
        /// Écrit la news retirée en JSON sur la sortie standard
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(settings: &Settings, command: NewsCommand) -> anyhow::Result<ExitCode> {
    match command {
        NewsCommand::Publish {
            title,
            body_file,
            section,
            json,
        } => {
            let input = NewsInput {
                title: title.trim().to_owned(),
                body: values::text_file(&body_file)?,
                section: section
                    .map(|section| section.trim().to_owned())
                    .filter(|section| !section.is_empty()),
            };
            publish(settings, &input, json).await
        }
        NewsCommand::List { all, json } => list(settings, all, json).await,
        NewsCommand::Edit {
            id,
            title,
            body_file,
            section,
            json,
        } => {
            // The body is read before the server is asked anything: a wrong path is told first.
            let body = body_file.map(|path| values::text_file(&path)).transpose()?;
            let changes = Changes {
                title,
                body,
                section,
            };
            edit(settings, id, changes, json).await
        }
        NewsCommand::Unpublish { id, yes, json } => unpublish(settings, id, yes, json).await,
    }
}

/// "tout le monde" or "la section Benjamins": whom a news item is for, after "pour".
fn for_whom(news: &NewsView, lang: Lang) -> String {
    match (&news.section, lang) {
        (None, _) => lang.pick("tout le monde", "everyone").to_owned(),
        (Some(section), Lang::Fr) => format!("la section {}", section.name),
        (Some(section), Lang::En) => format!("the {} section", section.name),
    }
}

async fn publish(settings: &Settings, input: &NewsInput, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let news = staff_client(settings)?
        .publish_news(input)
        .await
        .map_err(with_session)?;
    if json {
        output::json(&news)?;
    } else {
        let (id, title, whom) = (news.id, &news.title, for_whom(&news, lang));
        output::line(&match lang {
            Lang::Fr => format!("News n°{id} publiée pour {whom} : {title}."),
            Lang::En => format!("News no. {id} published for {whom}: {title}."),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn list(settings: &Settings, all: bool, json: bool) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let news = staff_client(settings)?
        .news(all)
        .await
        .map_err(with_session)?;
    output::list(
        json,
        &news,
        lang.pick(
            "Aucune news : publiez-en une avec `tempatro-admin news publish`",
            "No news: publish one with `tempatro-admin news publish`",
        ),
        |news| table(news, lang),
    )?;
    Ok(ExitCode::SUCCESS)
}

fn table(news: &[NewsView], lang: Lang) -> comfy_table::Table {
    let mut table = output::listing(match lang {
        Lang::Fr => ["N°", "Titre", "Pour", "Publiée le", "Statut"],
        Lang::En => ["No.", "Title", "For", "Published on", "Status"],
    });
    for item in news {
        table.add_row([
            item.id.to_string(),
            item.title.clone(),
            for_whom(item, lang),
            output::day(item.published_at),
            if item.published {
                lang.pick("publiée", "published")
            } else {
                lang.pick("retirée", "unpublished")
            }
            .to_owned(),
        ]);
    }
    table
}

/// What `news edit` was given; the rest is taken from the item as it is.
struct Changes {
    title: Option<String>,
    body: Option<String>,
    /// `Some("")` makes it for everyone again.
    section: Option<String>,
}

/// The item to send back whole, since the server replaces it: the changes laid over what it says
/// now.
fn merged(current: &NewsView, changes: Changes) -> NewsInput {
    NewsInput {
        title: changes
            .title
            .map_or_else(|| current.title.clone(), |title| title.trim().to_owned()),
        body: changes.body.unwrap_or_else(|| current.body.clone()),
        section: match changes.section {
            Some(section) => Some(section.trim().to_owned()).filter(|section| !section.is_empty()),
            // By number: a section renamed meanwhile is still the same one.
            None => current
                .section
                .as_ref()
                .map(|section| section.id.to_string()),
        },
    }
}

async fn edit(
    settings: &Settings,
    id: i64,
    changes: Changes,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    let client = staff_client(settings)?;
    let current = client.news_item(id).await.map_err(with_session)?;
    let news = client
        .update_news(id, &merged(&current, changes))
        .await
        .map_err(with_session)?;
    if json {
        output::json(&news)?;
    } else {
        let (title, whom) = (&news.title, for_whom(&news, lang));
        output::line(&match lang {
            Lang::Fr => format!("News n°{id} modifiée, pour {whom} : {title}."),
            Lang::En => format!("News no. {id} changed, for {whom}: {title}."),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

async fn unpublish(
    settings: &Settings,
    id: i64,
    yes: bool,
    json: bool,
) -> anyhow::Result<ExitCode> {
    let lang = settings.lang;
    prompt::check_confirmable(yes)?;
    let client = staff_client(settings)?;
    if !yes {
        let current = client.news_item(id).await.map_err(with_session)?;
        let title = &current.title;
        prompt::confirm(
            false,
            match lang {
                Lang::Fr => format!("Retirer la news « {title} » ?"),
                Lang::En => format!("Unpublish the news “{title}”?"),
            },
            lang.pick(
                "Les parents ne la verront plus sur leur tableau de bord",
                "Parents will no longer see it on their dashboard",
            )
            .to_owned(),
            lang,
        )
        .await?;
    }
    let news = client.unpublish_news(id).await.map_err(with_session)?;
    if json {
        output::json(&news)?;
    } else {
        let title = &news.title;
        output::line(&match lang {
            Lang::Fr => format!("News n°{id} retirée : {title}. Les parents ne la voient plus."),
            Lang::En => format!("News no. {id} unpublished: {title}. Parents no longer see it."),
        })?;
    }
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tempatro_core::api::SectionView;
    use time::macros::datetime;

    fn news() -> NewsView {
        NewsView {
            id: 4,
            title: "Souper du Patro".to_owned(),
            body: "Le **samedi 12 octobre**.".to_owned(),
            section: Some(SectionView {
                id: 2,
                name: "Benjamins".to_owned(),
                min_age: 6,
                max_age: 9,
                gender: None,
                position: 1,
                label: "Benjamins 6-9 ans".to_owned(),
            }),
            published_at: datetime!(2026-10-01 08:00 UTC),
            published: true,
            unread: false,
        }
    }

    #[test]
    fn an_edit_keeps_what_was_not_given() {
        let input = merged(
            &news(),
            Changes {
                title: Some(" Souper du Patro 2026 ".to_owned()),
                body: None,
                section: None,
            },
        );
        assert_eq!(input.title, "Souper du Patro 2026");
        assert_eq!(input.body, "Le **samedi 12 octobre**.");
        assert_eq!(input.section.as_deref(), Some("2"));
    }

    #[test]
    fn an_empty_section_makes_it_for_everyone() {
        let input = merged(
            &news(),
            Changes {
                title: None,
                body: Some("Nouveau texte".to_owned()),
                section: Some(String::new()),
            },
        );
        assert_eq!(input.section, None);
        assert_eq!(input.body, "Nouveau texte");
    }

    #[test]
    fn the_list_says_for_whom_and_when() {
        let text = table(&[news()], Lang::Fr).trim_fmt();
        assert!(
            text.contains("Souper du Patro  la section Benjamins  01/10/2026  publiée"),
            "{text}"
        );
    }
}
