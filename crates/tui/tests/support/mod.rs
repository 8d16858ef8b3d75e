//! Helpers shared by the TUI's tests: key presses, typed text, canned answers, rendering.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use time::macros::{date, datetime};

use tempatro_core::api::{
    AccountView, AddressView, AffiliationView, Alert, ChildSheet, ChildSummary, ContactView,
    Dashboard, DoctorView, ImageRightsView, PaymentView, RenewalOffer, SectionView,
};
use tempatro_core::{AccountStatus, Amount, Cycle, Gender, PaymentMethod, Role};
use tempatro_tui::app::App;
use tempatro_tui::command::{ChildrenPage, Command};

pub fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

pub fn shift_tab() -> Event {
    Event::Key(KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT))
}

/// Types `text` letter by letter; typing never sends anything to the server.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        assert_eq!(app.update(key(KeyCode::Char(c))), None, "typing {c:?}");
    }
}

pub fn press(app: &mut App, code: KeyCode) -> Option<Command> {
    app.update(key(code))
}

pub fn api_error(
    status: u16,
    code: &str,
    message: &str,
    field: Option<&str>,
) -> tempatro_client::Error {
    tempatro_client::Error::Api {
        status,
        code: code.to_owned(),
        message: message.to_owned(),
        field: field.map(str::to_owned),
    }
}

pub fn unreachable() -> tempatro_client::Error {
    tempatro_client::Error::Unreachable {
        url: "https://tempatro.patrovaldhaine.be/".to_owned(),
        detail: "connection refused".to_owned(),
    }
}

pub fn dashboard(children_count: u32, alerts: &[&str]) -> Dashboard {
    Dashboard {
        first_name: "Papa".to_owned(),
        last_name: "de Billy".to_owned(),
        patro_name: "Patro du Val d'Haine".to_owned(),
        children_count,
        current_cycle: Cycle::starting_in(2026),
        alerts: alerts
            .iter()
            .map(|message| Alert {
                code: "affiliation_unpaid".to_owned(),
                message: (*message).to_owned(),
                child_id: None,
            })
            .collect(),
        news: Vec::new(),
    }
}

pub fn render(app: &App) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal
        .draw(|frame| tempatro_tui::screens::draw(frame, app))
        .unwrap();
    terminal
}

/// The dashboard with one alert about Billy's unpaid affiliation, as the server sends it.
pub fn dashboard_with_billys_alert() -> Dashboard {
    let mut data = dashboard(
        1,
        &["Une affiliation n'est pas payée, veuillez la régler ! (Billy LE PIVERT, 2026-2027)"],
    );
    data.alerts[0].child_id = Some(BILLY);
    data
}

pub const BILLY: i64 = 1;
pub const LUCIE: i64 = 2;

pub fn section(id: i64, name: &str, min_age: u8, max_age: u8) -> SectionView {
    SectionView {
        id,
        name: name.to_owned(),
        min_age,
        max_age,
        gender: None,
        position: id,
        label: format!("{name} {min_age}-{max_age} ans"),
    }
}

pub fn benjamins() -> SectionView {
    section(2, "Benjamins", 6, 9)
}

pub fn affiliation(
    child_id: i64,
    start_year: i32,
    paid: bool,
    solidarity: bool,
) -> AffiliationView {
    let fee = Amount::from_cents(if solidarity { 1500 } else { 4500 });
    AffiliationView {
        child_id,
        child_name: "Billy LE PIVERT".to_owned(),
        cycle: Cycle::starting_in(start_year),
        section: Some(benjamins()),
        fee,
        solidarity,
        payment: paid.then_some(PaymentView {
            paid_on: date!(2025 - 09 - 15),
            amount: fee,
            method: PaymentMethod::Transfer,
        }),
        due: None,
    }
}

/// Billy in "Gérer mes enfants": 2026-2027 unpaid, with the solidarity fee.
pub fn billy_summary() -> ChildSummary {
    ChildSummary {
        id: BILLY,
        first_name: "Billy".to_owned(),
        last_name: "LE PIVERT".to_owned(),
        birth_date: date!(2018 - 05 - 01),
        age: 8,
        section: Some(benjamins()),
        affiliation: Some(affiliation(BILLY, 2026, false, true)),
        parents: 2,
    }
}

/// A second child, paid up, in another section.
pub fn lucie_summary() -> ChildSummary {
    ChildSummary {
        id: LUCIE,
        first_name: "Lucie".to_owned(),
        last_name: "LE PIVERT".to_owned(),
        birth_date: date!(2015 - 09 - 28),
        age: 11,
        section: Some(section(3, "Chevaliers", 9, 12)),
        affiliation: Some(affiliation(LUCIE, 2026, true, false)),
        parents: 2,
    }
}

pub fn children_page(children: Vec<ChildSummary>) -> ChildrenPage {
    ChildrenPage {
        children,
        pending_requests: Vec::new(),
    }
}

/// Billy's sheet as in the guide: affiliated since 2021, camps, doctor, image rights given.
pub fn billy_sheet() -> ChildSheet {
    let contact = |name: &str, email: &str| ContactView {
        name: name.to_owned(),
        phone: Some("0412/34.56.78".to_owned()),
        email: Some(email.to_owned()),
    };
    ChildSheet {
        id: BILLY,
        version: 7,
        first_name: "Billy".to_owned(),
        last_name: "LE PIVERT".to_owned(),
        birth_date: date!(2018 - 05 - 01),
        age: 8,
        gender: Some(Gender::Boy),
        address: Some(AddressView {
            street: "Rue du Roeulx 23".to_owned(),
            postal_code: 7110,
            locality: "Maurage".to_owned(),
            line: "Rue du Roeulx 23, 7110 Maurage".to_owned(),
        }),
        section: Some(benjamins()),
        image_rights: Some(ImageRightsView {
            granted: true,
            set_at: Some(datetime!(2025-08-27 10:00 UTC)),
            set_by: Some("Papa de Billy".to_owned()),
        }),
        primary_contact: Some(contact("Papa de Billy", "papa.billy@patrovaldhaine.be")),
        secondary_contact: Some(contact("Maman de Billy", "maman.billy@patrovaldhaine.be")),
        doctor: Some(DoctorView {
            name: "Docteur Pivert".to_owned(),
            phone: "0412345678".to_owned(),
        }),
        affiliations: (2021..=2026)
            .map(|year| affiliation(BILLY, year, year < 2026, year == 2026))
            .collect(),
        camps: vec![
            "Thimougies 2023".to_owned(),
            "Fernelmont 2024".to_owned(),
            "Opont 2025".to_owned(),
        ],
        created_on: date!(2025 - 08 - 27),
        parents: Vec::new(),
        renewal: Some(RenewalOffer {
            cycle: Cycle::starting_in(2027),
            section: Some(benjamins()),
            fee: Amount::from_cents(1500),
            solidarity: true,
        }),
    }
}

pub fn papa_account() -> AccountView {
    AccountView {
        id: 1,
        email: "papa.billy@patrovaldhaine.be".to_owned(),
        first_name: "Papa".to_owned(),
        last_name: "de Billy".to_owned(),
        phone: Some("0412/34.56.78".to_owned()),
        role: Role::Parent,
        status: AccountStatus::Active,
        created_at: datetime!(2025-08-27 10:00 UTC),
        rejection_reason: None,
    }
}

/// The app on the dashboard, with `data`.
pub fn on_dashboard(lang: tempatro_core::Lang, data: Dashboard) -> App {
    let (mut app, command) = App::resuming(lang);
    assert_eq!(command, Command::LoadDashboard);
    assert_eq!(
        app.on_result(tempatro_tui::command::Outcome::Dashboard(Ok(data))),
        None
    );
    app
}

/// The app on "Gérer mes enfants", reached from the dashboard's menu, with these children.
pub fn on_children(lang: tempatro_core::Lang, children: Vec<ChildSummary>) -> App {
    let mut app = on_dashboard(lang, dashboard(2, &[]));
    press(&mut app, crossterm::event::KeyCode::Down);
    assert_eq!(
        press(&mut app, crossterm::event::KeyCode::Enter),
        Some(Command::LoadChildren)
    );
    app.on_result(tempatro_tui::command::Outcome::Children(Ok(children_page(
        children,
    ))));
    app
}

/// The app on Billy's sheet, opened from the list.
pub fn on_billys_sheet(lang: tempatro_core::Lang) -> App {
    let mut app = on_children(lang, vec![billy_summary(), lucie_summary()]);
    assert_eq!(
        press(&mut app, crossterm::event::KeyCode::Enter),
        Some(Command::LoadChild(BILLY))
    );
    app.on_result(tempatro_tui::command::Outcome::Child(Ok(billy_sheet())));
    app
}

/// The app on "Modifier les infos" of Billy's sheet.
pub fn on_billys_form(lang: tempatro_core::Lang) -> App {
    let mut app = on_billys_sheet(lang);
    assert_eq!(press(&mut app, crossterm::event::KeyCode::Char('m')), None);
    app
}

/// The text of the screen, rows joined by new lines.
pub fn screen_text(app: &App) -> String {
    format!("{}", render(app).backend())
}
