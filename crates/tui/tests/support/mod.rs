//! Helpers shared by the TUI's tests: key presses, typed text, canned answers, rendering.

#![allow(dead_code)] // Each test file uses its own part of these helpers.

pub mod qr;
pub mod server;

use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use time::macros::{date, datetime};

use tempatro_core::api::{
    AccountView, ActivityView, AddressView, AffiliationView, Alert, Audience, ChildActivity,
    ChildSheet, ChildSummary, ContactView, Dashboard, DoctorView, DocumentView, ImageRightsView,
    MedicalConfirmation, MedicalSheetView, NewsView, PaymentView, RegistrationView, RenewalOffer,
    SectionView,
};
use tempatro_core::medical::Medication;
use tempatro_core::{
    AccountStatus, ActivityKind, Amount, Cycle, Gender, PaymentMethod, RegistrationStatus, Role,
};
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
        email_verified: true,
        pending_email: None,
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

/// Presses ↓ on the dashboard until `target` has the focus: the tests say where they go, not
/// how many entries the menu has.
pub fn focus_on(app: &mut App, target: tempatro_tui::screens::dashboard::Focus) {
    for _ in 0..50 {
        if let tempatro_tui::app::Screen::Dashboard(view) = app.screen()
            && view.focus == target
        {
            return;
        }
        assert_eq!(press(app, crossterm::event::KeyCode::Down), None);
    }
    panic!("{target:?} never got the focus: {:?}", app.screen());
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

/// "Utiliser Tempatro" as the server ships it in French, the first sections.
pub const HELP_FR: &str = "# Utiliser Tempatro

Bienvenue sur l'Espace Parents du Patro ! Voici comment vous y retrouver.

## Le tableau de bord

- **Vous avez N enfant(s) lié(s) à votre compte** : appuyez sur Entrée pour voir la liste de vos enfants.
- **Cycle d'affiliation en cours** : l'année Patro en cours, par exemple 2026-2027.
- **Actions spéciales** : ce qui attend votre attention — une affiliation ou un camp à payer, une fiche santé à confirmer avant un camp.
- **News du Patro** : les dernières nouvelles des animateurs. Celles que vous n'avez pas encore lues sont marquées d'un point.

## Camps & hikes

Inscrivez votre enfant aux camps et hikes de sa section avant la date limite. Quand il n'y a
plus de place, votre enfant est mis sur la liste d'attente et vous êtes prévenu par e-mail dès
qu'une place se libère. Avant un séjour, confirmez que sa fiche santé est à jour.

## En cas de problème

- **Vous ne voyez pas la fiche de votre enfant ?** Contactez le Patro afin qu'il lie votre enfant à votre compte.
- **Le serveur ne répond pas ?** Il est peut-être en maintenance, souvent la nuit : réessayez plus tard.
";

pub fn help_page(markdown: &str) -> tempatro_core::api::HelpPage {
    tempatro_core::api::HelpPage {
        markdown: markdown.to_owned(),
        updated_at: None,
    }
}

/// Switches the dashboard to "Utiliser Tempatro", which asks the server for the page, and
/// gives it `markdown`.
pub fn open_help_tab(app: &mut App, markdown: &str) {
    assert_eq!(
        press(app, crossterm::event::KeyCode::Tab),
        Some(Command::LoadHelp)
    );
    assert_eq!(
        app.on_result(tempatro_tui::command::Outcome::Help(Ok(help_page(
            markdown
        )))),
        None
    );
}

/// The text of the screen, rows joined by new lines.
pub fn screen_text(app: &App) -> String {
    format!("{}", render(app).backend())
}

/// A news item published on `day`/`month`/2026 at noon.
pub fn news_item(
    id: i64,
    title: &str,
    body: &str,
    (day, month): (u8, u8),
    unread: bool,
) -> NewsView {
    let month = time::Month::try_from(month).unwrap();
    NewsView {
        id,
        title: title.to_owned(),
        body: body.to_owned(),
        section: None,
        published_at: time::Date::from_calendar_date(2026, month, day)
            .unwrap()
            .with_hms(12, 0, 0)
            .unwrap()
            .assume_utc(),
        published: true,
        unread,
    }
}

pub const SOUPER: i64 = 21;
pub const INSCRIPTIONS: i64 = 22;

/// The demo's two news items: the souper, not read yet, and the camp's opening for the
/// Benjamins, read.
pub fn two_news() -> Vec<NewsView> {
    let mut inscriptions = news_item(
        INSCRIPTIONS,
        "Inscriptions au camp 2027 ouvertes",
        "Les inscriptions au **camp d'été 2027** des Benjamins sont ouvertes dans « Camps & hikes ». Attention, les places sont limitées : inscrivez votre enfant avant le 15 juin.",
        (2, 11),
        false,
    );
    inscriptions.section = Some(benjamins());
    vec![
        news_item(
            SOUPER,
            "Souper du Patro le 6 décembre",
            "Le traditionnel **souper du Patro** aura lieu le samedi 6 décembre à la salle communale.\n\n## Au menu\n\n- boulettes sauce lapin\n- frites\n- desserts des animateurs\n\nRéservez auprès du *secrétariat* !",
            (12, 11),
            true,
        ),
        inscriptions,
    ]
}

pub fn dashboard_with_news() -> Dashboard {
    Dashboard {
        news: two_news(),
        ..dashboard(1, &[])
    }
}

pub const CAMP: i64 = 10;
pub const HIKE: i64 = 11;

/// The summer camp: 120 € (60 € solidarity), one place, taken.
pub fn summer_camp() -> ActivityView {
    ActivityView {
        id: CAMP,
        kind: ActivityKind::Camp,
        name: "Camp d'été 2027".to_owned(),
        place: "Hastière".to_owned(),
        starts_on: date!(2027 - 07 - 10),
        ends_on: date!(2027 - 07 - 20),
        deadline: date!(2027 - 06 - 15),
        sections: vec![benjamins()],
        price: Amount::from_cents(12_000),
        solidarity_price: Some(Amount::from_cents(6_000)),
        capacity: Some(1),
        registered: 1,
        waitlisted: 0,
        places_left: Some(0),
        needs_medical: true,
        leaders: Vec::new(),
    }
}

/// The spring hike: 15 €, no limit, no medical sheet needed.
pub fn spring_hike() -> ActivityView {
    ActivityView {
        id: HIKE,
        kind: ActivityKind::Hike,
        name: "Hike de printemps 2027".to_owned(),
        place: "Vallée de la Molignée".to_owned(),
        starts_on: date!(2027 - 04 - 17),
        ends_on: date!(2027 - 04 - 18),
        deadline: date!(2027 - 04 - 10),
        sections: vec![benjamins()],
        price: Amount::from_cents(1_500),
        solidarity_price: None,
        capacity: None,
        registered: 4,
        waitlisted: 0,
        places_left: None,
        needs_medical: false,
        leaders: Vec::new(),
    }
}

/// Billy's registration for `activity`.
pub fn registration(
    activity: &ActivityView,
    status: RegistrationStatus,
    position: Option<u32>,
    fee_cents: i64,
    paid: bool,
) -> RegistrationView {
    let fee = Amount::from_cents(fee_cents);
    RegistrationView {
        activity_id: activity.id,
        activity_name: activity.name.clone(),
        child_id: BILLY,
        child_name: "Billy LE PIVERT".to_owned(),
        status,
        position,
        fee,
        payment: paid.then_some(PaymentView {
            paid_on: date!(2026 - 11 - 20),
            amount: fee,
            method: PaymentMethod::Transfer,
        }),
        due: None,
        medical_confirmed_on: None,
        registered_at: datetime!(2026-11-15 20:00 UTC),
    }
}

/// Billy's "Camps & hikes": the hike, registered and paid; the camp, second on the waiting list.
pub fn billys_activities() -> Vec<ChildActivity> {
    let hike = spring_hike();
    let camp = summer_camp();
    vec![
        ChildActivity {
            registration: Some(registration(
                &hike,
                RegistrationStatus::Registered,
                None,
                1_500,
                true,
            )),
            activity: hike,
        },
        ChildActivity {
            registration: Some(registration(
                &camp,
                RegistrationStatus::Waitlisted,
                Some(2),
                6_000,
                false,
            )),
            activity: camp,
        },
    ]
}

/// Billy's "Camps & hikes" before any registration.
pub fn open_activities() -> Vec<ChildActivity> {
    vec![
        ChildActivity {
            activity: spring_hike(),
            registration: None,
        },
        ChildActivity {
            activity: summer_camp(),
            registration: None,
        },
    ]
}

/// Billy's medical sheet as the parents see it: filled in once, editable while he waits for the
/// camp, with its confirmation still to give.
pub fn billys_medical() -> MedicalSheetView {
    MedicalSheetView {
        child_id: BILLY,
        child_name: "Billy LE PIVERT".to_owned(),
        version: 3,
        doctor: Some(DoctorView {
            name: "Docteur Pivert".to_owned(),
            phone: "0412345678".to_owned(),
        }),
        insurer: Some("Solidaris".to_owned()),
        blood_group: Some("O+".to_owned()),
        allergies: Some("Pollen, piqûres de guêpe".to_owned()),
        allergy_actions: Some("Antihistaminique, appeler les parents".to_owned()),
        diet: None,
        conditions: Some("Asthme léger".to_owned()),
        medication: vec![Medication {
            name: "Ventolin".to_owned(),
            dose: "2 bouffées".to_owned(),
            given_by: "l'enfant lui-même".to_owned(),
        }],
        tetanus_vaccination: Some(date!(2022 - 03 - 14)),
        can_swim: Some(true),
        may_do_sports: Some(true),
        paracetamol_allowed: None,
        emergency_contact: Some(ContactView {
            name: "Maman de Billy".to_owned(),
            phone: Some("0412/34.56.78".to_owned()),
            email: None,
        }),
        remarks: None,
        consent_given_at: Some(datetime!(2026-11-15 20:05 UTC)),
        updated_at: Some(datetime!(2026-11-15 20:05 UTC)),
        editable: true,
        locked_reason: None,
        confirmations: vec![MedicalConfirmation {
            activity_id: CAMP,
            activity_name: "Camp d'été 2027".to_owned(),
            starts_on: date!(2027 - 07 - 10),
            confirmed_on: None,
        }],
    }
}

/// The sheet never filled in, and locked: Billy is registered for nothing coming.
pub fn locked_medical() -> MedicalSheetView {
    MedicalSheetView {
        version: 0,
        insurer: None,
        blood_group: None,
        allergies: None,
        allergy_actions: None,
        conditions: None,
        medication: Vec::new(),
        tetanus_vaccination: None,
        can_swim: None,
        may_do_sports: None,
        emergency_contact: None,
        consent_given_at: None,
        updated_at: None,
        editable: false,
        locked_reason: Some(
            "La fiche santé ne peut être modifiée que lorsque votre enfant est inscrit à un camp ou à un hike"
                .to_owned(),
        ),
        confirmations: Vec::new(),
        ..billys_medical()
    }
}

pub const LETTER: i64 = 31;
pub const RULES: i64 = 32;

pub fn documents() -> Vec<DocumentView> {
    vec![
        DocumentView {
            id: LETTER,
            title: "Lettre du camp d'été 2027".to_owned(),
            filename: "lettre-camp-2027.pdf".to_owned(),
            content_type: "application/pdf".to_owned(),
            size: 48 * 1024,
            audience: Audience::Activity {
                id: CAMP,
                name: "Camp d'été 2027".to_owned(),
            },
            published_at: datetime!(2026-11-12 09:00 UTC),
        },
        DocumentView {
            id: RULES,
            title: "Règlement d'ordre intérieur du Patro".to_owned(),
            filename: "roi-patro.pdf".to_owned(),
            content_type: "application/pdf".to_owned(),
            size: 1_258_291,
            audience: Audience::All,
            published_at: datetime!(2026-09-01 09:00 UTC),
        },
    ]
}

/// Renders at any size: for the screens that must survive tiny terminals.
pub fn render_at(app: &App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| tempatro_tui::screens::draw(frame, app))
        .unwrap_or_else(|error| panic!("{width}×{height}: {error}"));
    terminal
}

/// The app on "Camps & hikes" from the menu, Papa having only Billy, with these activities.
pub fn on_camps(lang: tempatro_core::Lang, activities: Vec<ChildActivity>) -> App {
    use tempatro_tui::command::Outcome;
    use tempatro_tui::screens::dashboard::{Focus, MenuItem};
    let mut app = on_dashboard(lang, dashboard(1, &[]));
    focus_on(&mut app, Focus::Menu(MenuItem::Camps));
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::LoadChildren));
    assert_eq!(
        app.on_result(Outcome::Children(Ok(children_page(vec![billy_summary()])))),
        Some(Command::LoadChildActivities(BILLY)),
        "the only child is opened straight away"
    );
    assert_eq!(
        app.on_result(Outcome::ChildActivities(Ok(activities))),
        None
    );
    app
}

/// The app on Billy's medical sheet, opened with s from his sheet.
pub fn on_medical(lang: tempatro_core::Lang, sheet: MedicalSheetView) -> App {
    use tempatro_tui::command::Outcome;
    let mut app = on_billys_sheet(lang);
    assert_eq!(
        press(&mut app, KeyCode::Char('s')),
        Some(Command::LoadMedical(BILLY))
    );
    assert_eq!(app.on_result(Outcome::Medical(Ok(sheet))), None);
    app
}

/// The app on the medical form of Billy's sheet.
pub fn on_medical_form(lang: tempatro_core::Lang) -> App {
    let mut app = on_medical(lang, billys_medical());
    assert_eq!(press(&mut app, KeyCode::Char('m')), None);
    app
}

/// The app on "Documents", from the menu.
pub fn on_documents(lang: tempatro_core::Lang) -> App {
    use tempatro_tui::command::Outcome;
    use tempatro_tui::screens::dashboard::{Focus, MenuItem};
    let mut app = on_dashboard(lang, dashboard(1, &[]));
    focus_on(&mut app, Focus::Menu(MenuItem::Documents));
    assert_eq!(
        press(&mut app, KeyCode::Enter),
        Some(Command::LoadDocuments)
    );
    assert_eq!(app.on_result(Outcome::Documents(Ok(documents()))), None);
    app
}

pub const BILLYS_AFFILIATION: i64 = 196;
pub const BILLYS_CAMP: i64 = 231;
pub const BILLYS_OLD_AFFILIATION: i64 = 120;
pub const LUCIES_AFFILIATION: i64 = 197;
pub const LUCIES_TSHIRT: i64 = 215;
pub const LUCIES_HIKE: i64 = 220;

/// A due as the server sends it; its structured communication is built from its id, as real ones
/// are unique per due.
pub fn due(
    id: i64,
    kind: tempatro_core::api::DueKind,
    (child_id, child_name): (i64, &str),
    label: &str,
    (amount, paid): (i64, i64),
    status: tempatro_core::payment::DueStatus,
    created_on: time::Date,
) -> tempatro_core::api::DueView {
    let number = 1_000_000_000 + u64::try_from(id).unwrap();
    tempatro_core::api::DueView {
        id,
        kind,
        child_id,
        child_name: child_name.to_owned(),
        label: label.to_owned(),
        amount: Amount::from_cents(amount),
        paid: Amount::from_cents(paid),
        left: Amount::from_cents((amount - paid).max(0)),
        status,
        reference: tempatro_core::payment::StructuredReference::from_number(number)
            .unwrap()
            .to_string(),
        created_on,
        payments: Vec::new(),
    }
}

pub fn received(
    paid_on: time::Date,
    cents: i64,
    from_bank: bool,
) -> tempatro_core::api::DuePayment {
    tempatro_core::api::DuePayment {
        paid_on,
        amount: Amount::from_cents(cents),
        method: PaymentMethod::Transfer,
        from_bank,
    }
}

/// Billy's unpaid affiliation of 2026-2027: the solidarity fee, 15 €.
pub fn billys_affiliation_due() -> tempatro_core::api::DueView {
    use tempatro_core::api::DueKind;
    use tempatro_core::payment::DueStatus;
    due(
        BILLYS_AFFILIATION,
        DueKind::Affiliation,
        (BILLY, "Billy LE PIVERT"),
        "Affiliation 2026-2027",
        (1_500, 0),
        DueStatus::Unpaid,
        date!(2026 - 09 - 01),
    )
}

/// The summer camp, half paid by a transfer the Patro's bank statement showed.
pub fn billys_camp_due() -> tempatro_core::api::DueView {
    use tempatro_core::api::DueKind;
    use tempatro_core::payment::DueStatus;
    let mut camp = due(
        BILLYS_CAMP,
        DueKind::Activity,
        (BILLY, "Billy LE PIVERT"),
        "Camp d'été 2027",
        (6_000, 3_000),
        DueStatus::PartiallyPaid,
        date!(2026 - 11 - 20),
    );
    camp.payments = vec![received(date!(2026 - 11 - 25), 3_000, true)];
    camp
}

/// Two children's dues, one of each status, not in the order the screen shows them.
pub fn family_dues() -> Vec<tempatro_core::api::DueView> {
    use tempatro_core::api::DueKind;
    use tempatro_core::payment::DueStatus;
    let mut old = due(
        BILLYS_OLD_AFFILIATION,
        DueKind::Affiliation,
        (BILLY, "Billy LE PIVERT"),
        "Affiliation 2025-2026",
        (4_500, 4_500),
        DueStatus::Paid,
        date!(2025 - 09 - 01),
    );
    old.payments = vec![received(date!(2025 - 09 - 15), 4_500, false)];
    let mut tshirt = due(
        LUCIES_TSHIRT,
        DueKind::Other,
        (LUCIE, "Lucie LE PIVERT"),
        "T-shirt du Patro",
        (1_200, 1_700),
        DueStatus::Overpaid,
        date!(2026 - 10 - 05),
    );
    tshirt.payments = vec![received(date!(2026 - 10 - 12), 1_700, true)];
    vec![
        old,
        billys_affiliation_due(),
        tshirt,
        due(
            LUCIES_HIKE,
            DueKind::Activity,
            (LUCIE, "Lucie LE PIVERT"),
            "Hike de printemps 2027",
            (1_500, 0),
            DueStatus::Cancelled,
            date!(2026 - 10 - 10),
        ),
        billys_camp_due(),
        due(
            LUCIES_AFFILIATION,
            DueKind::Affiliation,
            (LUCIE, "Lucie LE PIVERT"),
            "Affiliation 2026-2027",
            (4_500, 0),
            DueStatus::Unpaid,
            date!(2026 - 09 - 01),
        ),
    ]
}

/// How to pay `due` by transfer, as the demo's server gives it: its IBAN, no BIC unless asked,
/// the structured communication on the EPC payload's structured line.
pub fn transfer(
    due: &tempatro_core::api::DueView,
    bic: Option<&str>,
) -> tempatro_core::api::TransferDetails {
    use tempatro_core::payment::{
        Beneficiary, Bic, EpcPayment, Iban, ReferenceLine, StructuredReference,
    };
    let beneficiary = Beneficiary {
        name: "Patro du Val d'Haine".to_owned(),
        iban: Iban::parse("BE68 5390 0754 7034").unwrap(),
        bic: bic.map(|bic| Bic::parse(bic).unwrap()),
    };
    let epc_payload = EpcPayment {
        beneficiary: beneficiary.clone(),
        amount: due.left,
        reference: StructuredReference::parse(&due.reference).unwrap(),
        line: ReferenceLine::Structured,
    }
    .payload()
    .unwrap();
    tempatro_core::api::TransferDetails {
        beneficiary: beneficiary.name,
        iban: beneficiary.iban.to_string(),
        bic: bic.map(str::to_owned),
        amount: due.left,
        reference: due.reference.clone(),
        epc_payload,
    }
}

/// The app on "Mes paiements", from the dashboard's menu, with these dues.
pub fn on_payments(lang: tempatro_core::Lang, dues: Vec<tempatro_core::api::DueView>) -> App {
    use tempatro_tui::command::Outcome;
    use tempatro_tui::screens::dashboard::{Focus, MenuItem};
    let mut app = on_dashboard(lang, dashboard(2, &[]));
    focus_on(&mut app, Focus::Menu(MenuItem::Payments));
    assert_eq!(press(&mut app, KeyCode::Enter), Some(Command::LoadDues));
    assert_eq!(app.on_result(Outcome::Dues(Ok(dues))), None);
    app
}

/// The app on the detail of the due under the cursor of "Mes paiements", answered with
/// `transfer` (None: nothing to pay).
pub fn on_payment_detail(
    lang: tempatro_core::Lang,
    dues: Vec<tempatro_core::api::DueView>,
    downs: usize,
    bic: Option<&str>,
) -> App {
    use tempatro_tui::command::Outcome;
    let mut app = on_payments(lang, dues);
    for _ in 0..downs {
        press(&mut app, KeyCode::Down);
    }
    let Some(Command::LoadDue(id)) = press(&mut app, KeyCode::Enter) else {
        panic!("Enter opens the due under the cursor");
    };
    let due = match app.screen() {
        tempatro_tui::app::Screen::PaymentDetail(view) => view.due.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(due.id, id);
    let open = matches!(
        due.status,
        tempatro_core::payment::DueStatus::Unpaid
            | tempatro_core::payment::DueStatus::PartiallyPaid
    );
    let detail = tempatro_core::api::DueDetail {
        transfer: open.then(|| transfer(&due, bic)),
        due,
    };
    assert_eq!(app.on_result(Outcome::Due(Ok(detail))), None);
    app
}
