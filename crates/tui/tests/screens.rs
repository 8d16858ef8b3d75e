//! Every screen drawn at 80×24 and compared with its reviewed snapshot in `tests/snapshots`.

mod support;

use crossterm::event::KeyCode;
use tempatro_core::Lang;
use tempatro_core::api::Notice;
use tempatro_tui::app::App;
use tempatro_tui::command::{Command, Outcome};

use support::*;

fn dashboard_app(lang: Lang, children: u32, alerts: &[&str]) -> App {
    let (mut app, command) = App::resuming(lang);
    assert_eq!(command, Command::LoadDashboard);
    assert_eq!(
        app.on_result(Outcome::Dashboard(Ok(dashboard(children, alerts)))),
        None
    );
    app
}

#[test]
fn log_in() {
    let app = App::new(Lang::Fr);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn log_in_refused_keeps_what_was_typed_and_says_why() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "papa.billy@patrovaldhaine.be");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "un mot de passe");
    let command = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(command, Some(Command::LogIn { .. })),
        "{command:?}"
    );
    app.on_result(Outcome::LoggedIn(Err(api_error(
        403,
        "account_pending",
        "Votre compte est en attente de validation par le Patro",
        None,
    ))));
    insta::assert_snapshot!(render(&app).backend());
}

/// A request whose code was never entered: the log-in leads to the code, and a new one is sent.
#[test]
fn log_in_before_the_address_is_confirmed_asks_the_code() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "zoe@exemple.be");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "un mot de passe");
    press(&mut app, KeyCode::Enter);
    let command = app.on_result(Outcome::LoggedIn(Err(api_error(
        403,
        "email_unconfirmed",
        "Confirmez d'abord votre adresse e-mail avec le code qui vous y a été envoyé",
        None,
    ))));
    assert_eq!(
        command,
        Some(Command::ResendVerification {
            email: "zoe@exemple.be".to_owned()
        })
    );
    app.on_result(Outcome::VerificationResent(Ok(Notice {
        message: "Si cette adresse attend une confirmation, un nouveau code vient de lui être envoyé. Il est valable 30 minutes.".to_owned(),
    })));
    let screen = render(&app);
    let text = format!("{:?}", screen.backend());
    assert!(text.contains("Entrez le code reçu par e-mail"), "{text}");
    assert!(text.contains("un nouveau code vient de lui"), "{text}");
}

#[test]
fn log_in_with_an_error_under_the_email() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "papa.billy");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "secret");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::LoggedIn(Err(api_error(
        422,
        "invalid",
        "E-mail : adresse invalide (exemple : prenom.nom@exemple.be)",
        Some("email"),
    ))));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn log_in_asks_for_the_second_factor_code() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "cheffe@patrovaldhaine.be");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "un mot de passe");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::LoggedIn(Err(api_error(
        401,
        "totp_required",
        "Entrez le code à six chiffres de l'application, ou un code de secours.",
        Some("totp"),
    ))));
    insta::assert_snapshot!(render(&app).backend());
    // The focus is in the code's field: typing it and Enter log in with it.
    type_text(&mut app, "492039");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LogIn {
            email: "cheffe@patrovaldhaine.be".to_owned(),
            password: "un mot de passe".to_owned(),
            code: Some("492039".to_owned()),
        })
    );
}

#[test]
fn create_account() {
    let mut app = App::new(Lang::Fr);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    type_text(&mut app, "Zoë");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Lepivert");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "zoe@exemple.be");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "douze caractères");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "douze caracteres");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "caught before the server"
    );
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn account_created() {
    let mut app = App::new(Lang::Fr);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    for text in ["Zoë", "Lepivert", "zoe@exemple.be", "douze caractères"] {
        type_text(&mut app, text);
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "douze caractères");
    let command = press(&mut app, KeyCode::Enter);
    assert!(
        matches!(command, Some(Command::SignUp { .. })),
        "{command:?}"
    );
    app.on_result(Outcome::SignedUp(Ok(signed_up("zoe@exemple.be"))));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "an empty code is not sent"
    );
    type_text(&mut app, "1234 5678");
    let command = press(&mut app, KeyCode::Enter);
    assert_eq!(
        command,
        Some(Command::VerifyEmail {
            email: "zoe@exemple.be".to_owned(),
            code: "1234 5678".to_owned()
        })
    );
    app.on_result(Outcome::EmailVerified(Ok(())));
    insta::assert_snapshot!(render(&app).backend());
}

/// Signed up: the app asks for the code e-mailed to the address.
fn verify_email_app() -> App {
    let mut app = App::new(Lang::Fr);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    for text in ["Zoë", "Lepivert", "zoe@exemple.be", "douze caractères"] {
        type_text(&mut app, text);
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "douze caractères");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::SignedUp(Ok(signed_up("zoe@exemple.be"))));
    app
}

#[test]
fn verify_email_asks_the_code() {
    let app = verify_email_app();
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn verify_email_wrong_code_then_a_new_one_sent() {
    let mut app = verify_email_app();
    type_text(&mut app, "00000000");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::EmailVerified(Err(api_error(
        400,
        "invalid_code",
        "Code invalide ou expiré. Demandez un nouveau code.",
        Some("code"),
    ))));
    insta::assert_snapshot!("verify_email_wrong_code", render(&app).backend());
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    let command = press(&mut app, KeyCode::Enter);
    assert_eq!(
        command,
        Some(Command::ResendVerification {
            email: "zoe@exemple.be".to_owned()
        })
    );
    app.on_result(Outcome::VerificationResent(Ok(Notice {
        message: "Si cette adresse attend une confirmation, un nouveau code vient de lui être envoyé. Il est valable 30 minutes.".to_owned(),
    })));
    insta::assert_snapshot!("verify_email_code_sent_again", render(&app).backend());
}

fn signed_up(email: &str) -> Notice {
    Notice {
        message: format!(
            "Votre demande est enregistrée. Nous venons d'envoyer un e-mail à {email} : entrez le code qu'il contient pour confirmer votre adresse."
        ),
    }
}

fn forgot_password_app() -> App {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "papa.billy@patrovaldhaine.be");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Tab);
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    app
}

#[test]
fn forgot_password_asks_the_email() {
    let app = forgot_password_app();
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn forgot_password_asks_the_code_and_new_password() {
    let mut app = forgot_password_app();
    let command = press(&mut app, KeyCode::Enter);
    assert_eq!(
        command,
        Some(Command::RequestPasswordReset {
            email: "papa.billy@patrovaldhaine.be".to_owned()
        })
    );
    app.on_result(Outcome::ResetRequested(Ok(Notice {
        message: "Si un compte existe pour cette adresse, un code vient de lui être envoyé par e-mail. Il est valable 30 minutes.".to_owned(),
    })));
    type_text(&mut app, "123456");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "trop court");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "trop court");
    let command = press(&mut app, KeyCode::Enter);
    assert!(matches!(
        command,
        Some(Command::ConfirmPasswordReset { .. })
    ));
    app.on_result(Outcome::ResetConfirmed(Err(api_error(
        422,
        "invalid",
        "Mot de passe : au moins 12 caractères",
        Some("password"),
    ))));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn password_changed() {
    let mut app = forgot_password_app();
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::ResetRequested(Ok(Notice {
        message: "Un code a été envoyé.".to_owned(),
    })));
    type_text(&mut app, "123456");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "un nouveau mot de passe");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "un nouveau mot de passe");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::ResetConfirmed(Ok(Notice {
        message: "Votre mot de passe a été modifié.".to_owned(),
    })));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn dashboard_with_one_child_and_an_alert() {
    let app = dashboard_app(
        Lang::Fr,
        1,
        &["Une affiliation n'est pas payée, veuillez la régler ! (Billy LE PIVERT, 2026-2027)"],
    );
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn dashboard_with_one_child_and_nothing_to_settle() {
    let app = dashboard_app(Lang::Fr, 1, &[]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn dashboard_with_no_child_yet() {
    let app = dashboard_app(Lang::Fr, 0, &[]);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn dashboard_help_tab() {
    let mut app = dashboard_app(Lang::Fr, 2, &[]);
    open_help_tab(&mut app, HELP_FR);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn dashboard_help_tab_scrolled() {
    let mut app = dashboard_app(Lang::Fr, 2, &[]);
    open_help_tab(&mut app, HELP_FR);
    for _ in 0..4 {
        press(&mut app, KeyCode::PageDown);
    }
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn dashboard_in_english() {
    let app = dashboard_app(
        Lang::En,
        2,
        &["A membership is unpaid, please settle it! (Billy LE PIVERT, 2026-2027)"],
    );
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn log_in_in_english() {
    let app = App::new(Lang::En);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn server_unreachable() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "papa.billy@patrovaldhaine.be");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "demo-papa-billy");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::LoggedIn(Err(unreachable())));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn help_overlay_on_the_dashboard() {
    let mut app = dashboard_app(Lang::Fr, 1, &[]);
    press(&mut app, KeyCode::Char('?'));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn help_overlay_while_typing() {
    let mut app = App::new(Lang::Fr);
    press(&mut app, KeyCode::F(1));
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn the_cursor_sits_right_after_the_last_letter_typed_whatever_its_bytes() {
    let mut app = App::new(Lang::Fr);
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "Zoë");
    let mut terminal = render(&app);
    let buffer = terminal.backend().buffer().clone();
    let row = (0..buffer.area.height)
        .find(|&y| {
            let text: String = (0..buffer.area.width)
                .map(|x| buffer[(x, y)].symbol())
                .collect();
            text.contains("Prénom")
        })
        .unwrap();
    let bracket = (0..buffer.area.width)
        .find(|&x| buffer[(x, row)].symbol() == "[")
        .unwrap();
    // Three letters, three columns, though "ë" takes two bytes.
    terminal
        .backend_mut()
        .assert_cursor_position((bracket + 1 + 3, row));
}

#[test]
fn every_screen_survives_a_tiny_terminal() {
    let mut apps = vec![
        App::new(Lang::Fr),
        App::resuming(Lang::Fr).0,
        forgot_password_app(),
        verify_email_app(),
    ];
    apps.push(dashboard_app(
        Lang::Fr,
        1,
        &["Une affiliation n'est pas payée"],
    ));
    let mut help_tab = dashboard_app(Lang::En, 2, &[]);
    open_help_tab(&mut help_tab, HELP_FR);
    apps.push(help_tab);
    let mut unreachable_app = App::new(Lang::Fr);
    type_text(&mut unreachable_app, "a@b.be");
    press(&mut unreachable_app, KeyCode::Enter);
    press(&mut unreachable_app, KeyCode::Enter);
    unreachable_app.on_result(Outcome::LoggedIn(Err(unreachable())));
    apps.push(unreachable_app);
    let mut with_help = App::new(Lang::Fr);
    press(&mut with_help, KeyCode::F(1));
    apps.push(with_help);
    for app in &apps {
        for (width, height) in [(1, 1), (2, 2), (10, 4), (30, 8), (79, 23), (200, 60)] {
            let mut terminal =
                ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
            terminal
                .draw(|frame| tempatro_tui::screens::draw(frame, app))
                .unwrap_or_else(|error| panic!("{width}×{height}: {error}"));
        }
    }
}
