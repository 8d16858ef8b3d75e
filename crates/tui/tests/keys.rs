//! Key sequences on the app: what gets typed where, which request leaves with which values, and
//! which keys do not leave the screen.

mod support;

use crossterm::event::KeyCode;
use tempatro_core::Lang;
use tempatro_tui::app::{App, Screen};
use tempatro_tui::command::{Command, Outcome};
use tempatro_tui::screens::dashboard::{Focus, MenuItem};
use tempatro_tui::screens::{forgot_password, login, sign_up};

use support::*;

fn login_form(app: &App) -> &login::LoginForm {
    match app.screen() {
        Screen::Login(form) => form,
        other => panic!("expected the log-in screen, got {other:?}"),
    }
}

fn dashboard_focus(app: &App) -> Focus {
    match app.screen() {
        Screen::Dashboard(view) => view.focus,
        other => panic!("expected the dashboard, got {other:?}"),
    }
}

fn sign_up_form(app: &App) -> &sign_up::SignUpForm {
    match app.screen() {
        Screen::SignUp(form) => form,
        other => panic!("expected the sign-up screen, got {other:?}"),
    }
}

#[test]
fn enter_logs_in_with_what_was_typed() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "papa.billy@patrovaldhaine.be");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "Enter in the e-mail moves on"
    );
    type_text(&mut app, "demo-papa-billy");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LogIn {
            email: "papa.billy@patrovaldhaine.be".to_owned(),
            password: "demo-papa-billy".to_owned(),
            code: None,
        })
    );
    assert!(app.busy());
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        None,
        "a second Enter while the first request runs sends nothing"
    );
}

#[test]
fn q_and_question_mark_are_letters_in_a_field() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "jacques?");
    assert_eq!(login_form(&app).email.value(), "jacques?");
    assert!(!app.help_open());
}

#[test]
fn escape_leaves_the_field_and_then_q_quits() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "abc");
    assert_eq!(press(&mut app, KeyCode::Esc), None);
    assert!(!app.typing());
    assert_eq!(press(&mut app, KeyCode::Char('q')), Some(Command::Quit));
    assert_eq!(login_form(&app).email.value(), "abc");
}

#[test]
fn control_c_quits_even_while_typing() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "abc");
    assert_eq!(app.update(ctrl('c')), Some(Command::Quit));
}

#[test]
fn tab_and_shift_tab_go_round_the_log_in_screen() {
    let mut app = App::new(Lang::Fr);
    let mut seen = vec![login_form(&app).focus];
    for _ in 0..5 {
        press(&mut app, KeyCode::Tab);
        seen.push(login_form(&app).focus);
    }
    assert_eq!(
        seen,
        [
            login::Focus::Email,
            login::Focus::Password,
            login::Focus::LogIn,
            login::Focus::ForgotPassword,
            login::Focus::SignUp,
            login::Focus::Email,
        ]
    );
    app.update(shift_tab());
    assert_eq!(login_form(&app).focus, login::Focus::SignUp);
    press(&mut app, KeyCode::Up);
    assert_eq!(login_form(&app).focus, login::Focus::ForgotPassword);
}

#[test]
fn the_password_is_typed_in_its_own_field() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "a@b.be");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "s3cret é");
    let form = login_form(&app);
    assert_eq!(form.email.value(), "a@b.be");
    assert_eq!(form.password.value(), "s3cret é");
}

#[test]
fn a_refused_log_in_keeps_both_fields() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "papa.billy@patrovaldhaine.be");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "wrong password");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::LoggedIn(Err(api_error(
        401,
        "invalid_credentials",
        "Adresse e-mail ou mot de passe incorrect",
        None,
    ))));
    let form = login_form(&app);
    assert_eq!(form.email.value(), "papa.billy@patrovaldhaine.be");
    assert_eq!(form.password.value(), "wrong password");
    assert!(!app.busy());
}

fn open_sign_up(app: &mut App) {
    press(app, KeyCode::Esc);
    press(app, KeyCode::Tab);
    press(app, KeyCode::Tab);
    assert_eq!(press(app, KeyCode::Enter), None);
    assert!(matches!(app.screen(), Screen::SignUp(_)));
}

#[test]
fn signing_up_sends_every_field_in_tab_order() {
    let mut app = App::new(Lang::Fr);
    open_sign_up(&mut app);
    for text in [
        "Maëlle",
        "Lepivert",
        "maelle@exemple.be",
        "un long mot de passe",
    ] {
        type_text(&mut app, text);
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "un long mot de passe");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::SignUp {
            first_name: "Maëlle".to_owned(),
            last_name: "Lepivert".to_owned(),
            email: "maelle@exemple.be".to_owned(),
            password: "un long mot de passe".to_owned(),
        })
    );
}

#[test]
fn two_different_passwords_are_caught_without_the_server() {
    let mut app = App::new(Lang::Fr);
    open_sign_up(&mut app);
    for text in [
        "Maëlle",
        "Lepivert",
        "maelle@exemple.be",
        "un long mot de passe",
    ] {
        type_text(&mut app, text);
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "un autre mot de passe");
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    let form = sign_up_form(&app);
    assert_eq!(
        form.confirmation.error.as_deref(),
        Some("les deux mots de passe ne sont pas identiques")
    );
    assert_eq!(form.focus, sign_up::Focus::Confirmation);
    assert_eq!(form.first_name.value(), "Maëlle", "nothing typed is lost");
}

#[test]
fn empty_fields_are_caught_and_the_first_gets_the_focus() {
    let mut app = App::new(Lang::Fr);
    open_sign_up(&mut app);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "Lepivert");
    app.update(shift_tab());
    app.update(shift_tab());
    assert_eq!(sign_up_form(&app).focus, sign_up::Focus::Submit);
    assert_eq!(press(&mut app, KeyCode::Enter), None);
    let form = sign_up_form(&app);
    assert_eq!(form.focus, sign_up::Focus::FirstName);
    assert_eq!(
        form.first_name.error.as_deref(),
        Some("ce champ est obligatoire")
    );
    assert_eq!(form.last_name.error, None);
}

#[test]
fn a_server_error_lands_under_the_field_it_names() {
    let mut app = App::new(Lang::Fr);
    open_sign_up(&mut app);
    for text in [
        "Maëlle",
        "Lepivert",
        "maelle@exemple.be",
        "un long mot de passe",
    ] {
        type_text(&mut app, text);
        press(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, "un long mot de passe");
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::SignedUp(Err(api_error(
        409,
        "conflict",
        "Un compte existe déjà pour cette adresse e-mail",
        Some("email"),
    ))));
    let form = sign_up_form(&app);
    assert_eq!(
        form.email.error.as_deref(),
        Some("Un compte existe déjà pour cette adresse e-mail")
    );
    assert_eq!(form.banner, None);
    assert_eq!(form.password.value(), "un long mot de passe");
}

#[test]
fn escape_goes_back_to_log_in_with_the_email_and_then_q_quits() {
    let mut app = App::new(Lang::Fr);
    open_sign_up(&mut app);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "zoe@exemple.be");
    press(&mut app, KeyCode::Esc);
    let form = login_form(&app);
    assert_eq!(form.email.value(), "zoe@exemple.be");
    assert_eq!(form.focus, login::Focus::SignUp);
    assert_eq!(press(&mut app, KeyCode::Char('q')), Some(Command::Quit));
}

#[test]
fn the_forgotten_password_flow_sends_email_then_code() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "papa.billy@patrovaldhaine.be");
    press(&mut app, KeyCode::Esc);
    press(&mut app, KeyCode::Tab);
    press(&mut app, KeyCode::Enter);
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::RequestPasswordReset {
            email: "papa.billy@patrovaldhaine.be".to_owned()
        })
    );
    app.on_result(Outcome::ResetRequested(Ok(tempatro_core::api::Notice {
        message: "Un code a été envoyé.".to_owned(),
    })));
    let Screen::ForgotPassword(form) = app.screen() else {
        panic!("{:?}", app.screen());
    };
    assert_eq!(form.stage, forgot_password::Stage::EnterCode);
    type_text(&mut app, "ABC123");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "nouveau mot de passe");
    press(&mut app, KeyCode::Enter);
    type_text(&mut app, "nouveau mot de passe");
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::ConfirmPasswordReset {
            email: "papa.billy@patrovaldhaine.be".to_owned(),
            code: "ABC123".to_owned(),
            new_password: "nouveau mot de passe".to_owned(),
        })
    );
    app.on_result(Outcome::ResetConfirmed(Ok(tempatro_core::api::Notice {
        message: "Votre mot de passe a été modifié.".to_owned(),
    })));
    assert!(matches!(app.screen(), Screen::PasswordChanged(_)));
    press(&mut app, KeyCode::Enter);
    let form = login_form(&app);
    assert_eq!(form.email.value(), "papa.billy@patrovaldhaine.be");
    assert_eq!(form.focus, login::Focus::Password);
}

#[test]
fn an_unreachable_server_keeps_the_form_and_r_retries_the_same_request() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "papa.billy@patrovaldhaine.be");
    press(&mut app, KeyCode::Tab);
    type_text(&mut app, "demo-papa-billy");
    let sent = press(&mut app, KeyCode::Enter).unwrap();
    app.on_result(Outcome::LoggedIn(Err(unreachable())));
    assert!(matches!(app.screen(), Screen::Unreachable(_)));
    assert_eq!(press(&mut app, KeyCode::Char('r')), Some(sent.clone()));
    app.on_result(Outcome::LoggedIn(Err(unreachable())));
    assert!(matches!(app.screen(), Screen::Unreachable(_)), "still down");
    assert_eq!(press(&mut app, KeyCode::Char('r')), Some(sent));
    app.on_result(Outcome::LoggedIn(Err(api_error(
        401,
        "invalid_credentials",
        "Adresse e-mail ou mot de passe incorrect",
        None,
    ))));
    let form = login_form(&app);
    assert_eq!(form.password.value(), "demo-papa-billy");
    assert!(form.banner.is_some());
}

#[test]
fn escape_from_the_unreachable_screen_returns_to_the_form() {
    let mut app = App::new(Lang::Fr);
    type_text(&mut app, "papa.billy@patrovaldhaine.be");
    press(&mut app, KeyCode::Enter);
    press(&mut app, KeyCode::Enter);
    app.on_result(Outcome::LoggedIn(Err(unreachable())));
    press(&mut app, KeyCode::Esc);
    assert_eq!(
        login_form(&app).email.value(),
        "papa.billy@patrovaldhaine.be"
    );
}

#[test]
fn a_saved_session_that_the_server_refuses_leads_to_log_in() {
    let (mut app, command) = App::resuming(Lang::Fr);
    assert_eq!(command, Command::LoadDashboard);
    app.on_result(Outcome::Dashboard(Err(api_error(
        401,
        "unauthenticated",
        "Session expirée",
        None,
    ))));
    assert!(login_form(&app).banner.is_some());
}

#[test]
fn the_menu_moves_with_arrows_and_j_k_and_logs_out() {
    let (mut app, _) = App::resuming(Lang::Fr);
    app.on_result(Outcome::Dashboard(Ok(dashboard(1, &[]))));
    press(&mut app, KeyCode::Down);
    assert_eq!(dashboard_focus(&app), Focus::Menu(MenuItem::Children));
    for expected in [
        MenuItem::Camps,
        MenuItem::Payments,
        MenuItem::Documents,
        MenuItem::Infos,
    ] {
        press(&mut app, KeyCode::Char('j'));
        assert_eq!(dashboard_focus(&app), Focus::Menu(expected));
    }
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(dashboard_focus(&app), Focus::Menu(MenuItem::LogOut));
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(
        dashboard_focus(&app),
        Focus::ChildrenBox,
        "after the menu, the boxes that lead somewhere"
    );
    press(&mut app, KeyCode::Char('j'));
    assert_eq!(dashboard_focus(&app), Focus::Menu(MenuItem::Home), "round");
    press(&mut app, KeyCode::Char('k'));
    press(&mut app, KeyCode::Char('k'));
    assert_eq!(dashboard_focus(&app), Focus::Menu(MenuItem::LogOut));
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::LogOut));
    app.on_result(Outcome::LoggedOut(Ok(())));
    assert!(login_form(&app).banner.is_some());
}

#[test]
fn q_quits_the_dashboard_and_help_opens_and_closes() {
    let (mut app, _) = App::resuming(Lang::Fr);
    app.on_result(Outcome::Dashboard(Ok(dashboard(1, &[]))));
    press(&mut app, KeyCode::Char('?'));
    assert!(app.help_open());
    assert_eq!(press(&mut app, KeyCode::Char('j')), None);
    press(&mut app, KeyCode::Esc);
    assert!(!app.help_open());
    assert_eq!(press(&mut app, KeyCode::Char('q')), Some(Command::Quit));
}

#[test]
fn the_key_bar_lists_the_keys_the_screen_handles() {
    let app = App::new(Lang::Fr);
    let bar = tempatro_tui::keys::bar(&app.bindings(), Lang::Fr);
    assert!(bar.contains(&("↵", "champ suivant")), "{bar:?}");
    assert!(bar.contains(&("Esc", "quitter le champ")), "{bar:?}");
    assert!(
        !bar.iter().any(|(key, _)| *key == "q"),
        "q is a letter here: {bar:?}"
    );
}
