//! `documents`, `news` and `help` against the real server, with parents reading through the
//! client what the binary published.

use predicates::prelude::*;
use tempatro_core::api::{Audience, DocumentView, HelpPage, NewsView};

use crate::helpers::*;

/// A one-page PDF, enough for the server's check of the content against its type.
const CAMP_LETTER: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

/// A Chevalier, for a family of another section than Billy's.
const TOM_BIRTH_DATE: &str = "02/03/2016";

#[tokio::test(flavor = "multi_thread")]
async fn a_document_for_a_section_is_seen_by_its_families_only() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let billys_parent = app.active_parent("Papa", "de Billy", PARENT_EMAIL).await;
    let toms_parent = app
        .active_parent("Maman", "de Tom", "maman.tom@example.be")
        .await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let tom = app.add_child("Tom", TOM_BIRTH_DATE).await;
    assert_eq!(tom.section.as_ref().unwrap().name, "Chevaliers");
    app.admin_ok(&["children", "link", &billy.id.to_string(), PARENT_EMAIL])
        .await;
    app.admin_ok(&[
        "children",
        "link",
        &tom.id.to_string(),
        "maman.tom@example.be",
    ])
    .await;
    let dir = tempfile::tempdir().unwrap();
    let letter = dir.path().join("lettre-camp.pdf");
    std::fs::write(&letter, CAMP_LETTER).unwrap();

    let stdout = app
        .admin_ok(&[
            "documents",
            "add",
            letter.to_str().unwrap(),
            "--for",
            "section:Benjamins",
        ])
        .await;

    let documents: Vec<DocumentView> = app.admin_json(&["documents", "list"]).await;
    assert_eq!(documents.len(), 1, "{documents:?}");
    let document = &documents[0];
    assert_eq!(
        stdout,
        format!(
            "Document n°{} publié pour la section Benjamins : lettre-camp (lettre-camp.pdf, {} octets).\n",
            document.id,
            CAMP_LETTER.len()
        )
    );
    assert_eq!(
        document.title, "lettre-camp",
        "the file name without extension"
    );
    assert_eq!(document.content_type, "application/pdf");
    assert_eq!(document.size, CAMP_LETTER.len() as u64);
    assert!(
        matches!(&document.audience, Audience::Section { name, .. } if name == "Benjamins"),
        "{:?}",
        document.audience
    );
    let table = app.admin_ok(&["documents", "list"]).await;
    assert!(table.contains("la section Benjamins"), "{table}");

    let seen = billys_parent
        .documents()
        .await
        .expect("Billy's family list");
    assert_eq!(seen.iter().map(|d| d.id).collect::<Vec<_>>(), [document.id]);
    let unseen = toms_parent.documents().await.expect("Tom's family list");
    assert!(unseen.is_empty(), "another section's family: {unseen:?}");
    let refused = toms_parent
        .download_document(document.id, |_, _| {})
        .await
        .expect_err("not for Tom's family");
    assert_eq!(refused.status(), Some(404));

    let mut unconfirmed = app.admin();
    unconfirmed.args(["documents", "remove", &document.id.to_string()]);
    run(unconfirmed)
        .await
        .code(1)
        .stderr(predicate::str::contains("--yes"));
    let stdout = app
        .admin_ok(&["documents", "remove", &document.id.to_string(), "--yes"])
        .await;
    assert_eq!(
        stdout,
        format!("Document n°{} supprimé : lettre-camp.\n", document.id)
    );
    assert!(billys_parent.documents().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_document_is_checked_before_the_upload() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let dir = tempfile::tempdir().unwrap();
    let sheet = dir.path().join("liste.xlsx");
    std::fs::write(&sheet, b"PK").unwrap();
    let letter = dir.path().join("lettre.pdf");
    std::fs::write(&letter, CAMP_LETTER).unwrap();

    let mut wrong_type = app.admin();
    wrong_type
        .args(["documents", "add", sheet.to_str().unwrap()])
        .args(["--for", "all"]);
    run(wrong_type)
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with("Type de fichier refusé : "));

    let mut wrong_audience = app.admin();
    wrong_audience
        .args(["documents", "add", letter.to_str().unwrap()])
        .args(["--for", "tous"]);
    run(wrong_audience).await.code(1).stderr(
        "--for : « tous » n'est pas un public connu : all, section:NOM, activity:N° ou child:N°\n",
    );

    let mut missing = app.admin();
    missing
        .args(["documents", "add", "absent.pdf"])
        .args(["--for", "all"]);
    run(missing)
        .await
        .code(1)
        .stderr(predicate::str::starts_with(
            "Fichier illisible : absent.pdf",
        ));

    // A file that is not what its name says: the server's check, in its words.
    let fake = dir.path().join("faux.pdf");
    std::fs::write(&fake, b"not a pdf").unwrap();
    let mut refused = app.admin();
    refused
        .args(["documents", "add", fake.to_str().unwrap()])
        .args(["--for", "all", "--title", "Faux"]);
    let assert = run(refused).await.code(1).stdout("");
    assert!(!stderr_of(&assert).is_empty());

    let documents: Vec<DocumentView> = app.admin_json(&["documents", "list"]).await;
    assert!(documents.is_empty(), "{documents:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn news_publish_list_edit_and_unpublish() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let dir = tempfile::tempdir().unwrap();
    let body = dir.path().join("souper.md");
    std::fs::write(
        &body,
        "Le **souper du Patro** a lieu le samedi 12 décembre.\n",
    )
    .unwrap();

    let stdout = app
        .admin_ok(&[
            "news",
            "publish",
            "--title",
            "Souper du Patro",
            "--body-file",
            body.to_str().unwrap(),
        ])
        .await;

    let news: Vec<NewsView> = app.admin_json(&["news", "list"]).await;
    assert_eq!(news.len(), 1, "{news:?}");
    let item = &news[0];
    assert_eq!(
        stdout,
        format!(
            "News n°{} publiée pour tout le monde : Souper du Patro.\n",
            item.id
        )
    );
    assert!(item.body.contains("**souper du Patro**"), "{item:?}");
    assert!(item.published);
    assert_eq!(item.section, None);
    let id = item.id.to_string();

    // From the standard input, for one section.
    let mut piped = app.admin();
    piped
        .args(["news", "publish", "--title", "Réunion des Benjamins"])
        .args(["--body-file", "-", "--section", "Benjamins", "--json"])
        .write_stdin("Rendez-vous au local à 14 h.");
    let assert = run(piped).await.success();
    let benjamins: NewsView = serde_json::from_str(&stdout_of(&assert)).unwrap();
    assert_eq!(benjamins.section.as_ref().unwrap().name, "Benjamins");
    assert_eq!(benjamins.body, "Rendez-vous au local à 14 h.");

    let edited: NewsView = app
        .admin_json(&["news", "edit", &id, "--title", "Souper du Patro 2026"])
        .await;
    assert_eq!(edited.title, "Souper du Patro 2026");
    assert_eq!(edited.body, item.body, "the body is kept");
    assert_eq!(edited.section, None);

    let mut unconfirmed = app.admin();
    unconfirmed.args(["news", "unpublish", &id]);
    run(unconfirmed)
        .await
        .code(1)
        .stderr(predicate::str::contains("--yes"));
    let stdout = app.admin_ok(&["news", "unpublish", &id, "--yes"]).await;
    assert_eq!(
        stdout,
        format!("News n°{id} retirée : Souper du Patro 2026. Les parents ne la voient plus.\n")
    );

    let published: Vec<NewsView> = app.admin_json(&["news", "list"]).await;
    assert_eq!(
        published.iter().map(|n| n.id).collect::<Vec<_>>(),
        [benjamins.id]
    );
    let all: Vec<NewsView> = app.admin_json(&["news", "list", "--all"]).await;
    assert_eq!(all.len(), 2);
    let table = app.admin_ok(&["news", "list", "--all"]).await;
    assert!(table.contains("retirée"), "{table}");
    assert!(table.contains("la section Benjamins"), "{table}");
}

#[tokio::test(flavor = "multi_thread")]
async fn help_set_then_show() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let shipped = app.admin_ok(&["help", "show"]).await;
    assert!(!shipped.trim().is_empty(), "a default text ships");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("aide.md");
    let markdown = "# Utiliser Tempatro\n\nLe tableau de bord montre vos enfants et les news.\n";
    std::fs::write(&file, markdown).unwrap();

    let stdout = app
        .admin_ok(&["help", "set", "--file", file.to_str().unwrap()])
        .await;

    assert_eq!(
        stdout,
        "Page « Utiliser Tempatro » remplacée (3 lignes) : les parents la lisent dès maintenant.\n"
    );
    assert_eq!(app.admin_ok(&["help", "show"]).await, markdown);
    let page: HelpPage = app.admin_json(&["help", "show"]).await;
    assert!(page.updated_at.is_some());
    let parent = app.active_parent("Papa", "de Billy", PARENT_EMAIL).await;
    assert_eq!(parent.help().await.unwrap().markdown, page.markdown);
}
