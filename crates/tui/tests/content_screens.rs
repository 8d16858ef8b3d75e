//! The news, the help page and "Documents" drawn at 80×24, compared with their reviewed
//! snapshots in `tests/snapshots`.

mod support;

use std::path::PathBuf;

use crossterm::event::KeyCode;
use tempatro_core::Lang;
use tempatro_tui::command::{Command, Outcome};
use tempatro_tui::screens::dashboard::Focus;

use support::*;

#[test]
fn news_tab_with_an_unread_item_focused() {
    let mut app = on_dashboard(Lang::Fr, dashboard_with_news());
    focus_on(&mut app, Focus::News(0));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn news_tab_in_english() {
    let app = on_dashboard(Lang::En, dashboard_with_news());
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn news_reader() {
    let mut app = on_dashboard(Lang::Fr, dashboard_with_news());
    focus_on(&mut app, Focus::News(0));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::ReadNews(SOUPER))
    );
    let mut read = two_news().remove(0);
    read.unread = false;
    app.on_result(Outcome::NewsItem(Ok(read)));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn news_reader_for_a_section() {
    let mut app = on_dashboard(Lang::Fr, dashboard_with_news());
    focus_on(&mut app, Focus::News(1));
    press(&mut app, KeyCode::Enter);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn help_tab_in_english_from_the_server() {
    let mut app = on_dashboard(Lang::En, dashboard(1, &[]));
    open_help_tab(
        &mut app,
        "# Using Tempatro\n\n## The dashboard\n\n- **Special actions**: what needs your attention.\n- **Patro news**: unread items carry a dot.\n",
    );
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn help_tab_when_the_server_cannot_give_it() {
    let mut app = on_dashboard(Lang::Fr, dashboard(1, &[]));
    press(&mut app, KeyCode::Tab);
    app.on_result(Outcome::Help(Err(api_error(
        500,
        "internal",
        "Une erreur est survenue sur le serveur du Patro.",
        None,
    ))));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn documents_list() {
    let app = on_documents(Lang::Fr);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn documents_list_in_english() {
    let app = on_documents(Lang::En);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn documents_while_downloading() {
    let mut app = on_documents(Lang::Fr);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::Download {
            id: LETTER,
            filename: "lettre-camp-2027.pdf".to_owned(),
        })
    );
    app.on_result(Outcome::DownloadProgress {
        id: LETTER,
        received: 22 * 1024,
        total: Some(48 * 1024),
    });
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn documents_saved() {
    let mut app = on_documents(Lang::Fr);
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::Downloaded(Ok(PathBuf::from(
        "/home/papa/Téléchargements/lettre-camp-2027.pdf",
    ))));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn documents_none_yet() {
    let mut app = on_dashboard(Lang::Fr, dashboard(1, &[]));
    focus_on(
        &mut app,
        Focus::Menu(tempatro_tui::screens::dashboard::MenuItem::Documents),
    );
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::Documents(Ok(Vec::new())));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn every_content_screen_survives_a_tiny_terminal() {
    let mut news = on_dashboard(Lang::Fr, dashboard_with_news());
    focus_on(&mut news, Focus::News(1));
    let mut reader = on_dashboard(Lang::Fr, dashboard_with_news());
    focus_on(&mut reader, Focus::News(0));
    press(&mut reader, KeyCode::Enter);
    let mut downloading = on_documents(Lang::Fr);
    press(&mut downloading, KeyCode::Enter);
    let mut saved = on_documents(Lang::En);
    press(&mut saved, KeyCode::Enter);
    saved.on_result(Outcome::Downloaded(Ok(PathBuf::from(
        "/home/papa/Downloads/lettre-camp-2027.pdf",
    ))));
    let mut help = on_dashboard(Lang::Fr, dashboard(1, &[]));
    open_help_tab(&mut help, HELP_FR);
    for app in [&news, &reader, &downloading, &saved, &help] {
        for (width, height) in [(1, 1), (2, 2), (10, 4), (30, 8), (79, 23), (200, 60)] {
            render_at(app, width, height);
        }
    }
}
