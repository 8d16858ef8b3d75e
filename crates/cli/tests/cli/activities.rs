//! `activities create | edit | list | show | participants | add | remove | waitlist | pay`
//! against the real server.

use predicates::prelude::*;
use tempatro_core::api::{ActivityView, Participant, ParticipantList, RegistrationView};
use tempatro_core::{ActivityKind, Amount, PaymentMethod, RegistrationStatus};

use crate::helpers::*;

/// Lily, Billy's little sister: a Benjamin too, by her age.
const LILY_BIRTH_DATE: &str = "02/03/2019";

#[tokio::test(flavor = "multi_thread")]
async fn create_prints_the_number_and_list_json_decodes_it() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let (start, end, deadline) = (day(30), day(40), day(20));

    let stdout = app
        .admin_ok(&[
            "activities",
            "create",
            "--kind",
            "camp",
            "--name",
            "Camp d'été 2027",
            "--place",
            "Opont",
            "--start",
            &start,
            "--end",
            &end,
            "--sections",
            "Benjamins",
            "--price",
            "120",
            "--solidarity-price",
            "80,50",
            "--capacity",
            "12",
            "--deadline",
            &deadline,
            "--leaders",
            STAFF_EMAIL,
        ])
        .await;

    let activities: Vec<ActivityView> = app.admin_json(&["activities", "list"]).await;
    assert_eq!(activities.len(), 1, "{activities:?}");
    let camp = &activities[0];
    assert_eq!(
        stdout,
        format!(
            "Activité n°{} créée : Camp d'été 2027 (Benjamins), du {start} au {end}, 120,00 € (80,50 € solidaire), 12 places.\n",
            camp.id
        )
    );
    assert_eq!(camp.kind, ActivityKind::Camp);
    assert_eq!(camp.place, "Opont");
    assert_eq!(tempatro_core::date::short(camp.deadline), deadline);
    assert_eq!(camp.price, Amount::from_cents(12000));
    assert_eq!(camp.solidarity_price, Some(Amount::from_cents(8050)));
    assert_eq!((camp.capacity, camp.registered), (Some(12), 0));
    assert!(!camp.needs_medical);
    assert_eq!(camp.leaders[0].email, STAFF_EMAIL);
    assert_eq!(camp.sections[0].name, "Benjamins");

    let table = app.admin_ok(&["activities", "list"]).await;
    for expected in [
        "Inscrits/places",
        "Date limite",
        "Camp d'été 2027",
        &format!("{start} – {end}"),
        "0/12",
    ] {
        assert!(table.contains(expected), "{expected:?} in\n{table}");
    }
    let sheet = app
        .admin_ok(&["activities", "show", &camp.id.to_string()])
        .await;
    assert!(
        sheet.starts_with(&format!("Camp n°{} : Camp d'été 2027\n", camp.id)),
        "{sheet}"
    );
    assert!(sheet.contains("12 (12 restantes)"), "{sheet}");
    let shown: ActivityView = app
        .admin_json(&["activities", "show", &camp.id.to_string()])
        .await;
    assert_eq!(&shown, camp);
}

#[tokio::test(flavor = "multi_thread")]
async fn create_without_a_terminal_names_the_missing_flags_and_checks_dates() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    let mut create = app.admin();
    create.args(["activities", "create", "--kind", "hike", "--name", "Hike"]);
    run(create).await.code(2).stdout("").stderr(
        "Il manque --place, --start, --end, --sections, --price, --capacity, --deadline (aucune question n'est posée hors d'un terminal)\n",
    );

    let mut wrong = app.admin();
    wrong
        .args(["activities", "create", "--kind", "hike", "--name", "Hike"])
        .args([
            "--place",
            "Mons",
            "--start",
            "31/02/2027",
            "--end",
            "1/3/2027",
        ])
        .args([
            "--sections",
            "Benjamins",
            "--price",
            "5",
            "--capacity",
            "20",
        ])
        .args(["--deadline", "20/02/2027"]);
    run(wrong)
        .await
        .code(1)
        .stderr(predicate::str::starts_with("--start : "));

    // The order of the dates is the server's rule, told in its words.
    let mut reversed = app.admin();
    reversed
        .args(["activities", "create", "--kind", "hike", "--name", "Hike"])
        .args(["--place", "Mons", "--start", &day(30), "--end", &day(29)])
        .args([
            "--sections",
            "Benjamins",
            "--price",
            "5",
            "--capacity",
            "20",
        ])
        .args(["--deadline", &day(20)]);
    let assert = run(reversed).await.code(1).stdout("");
    assert!(!stderr_of(&assert).is_empty());

    let activities: Vec<ActivityView> = app.admin_json(&["activities", "list"]).await;
    assert!(activities.is_empty(), "{activities:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn edit_changes_only_the_fields_given() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    let camp = app.benjamins_camp(30, 40, 12).await;
    let id = camp.id.to_string();

    let edited: ActivityView = app
        .admin_json(&[
            "activities",
            "edit",
            &id,
            "--capacity",
            "14",
            "--needs-medical",
            "false",
            "--place",
            "Han-sur-Lesse",
        ])
        .await;

    assert_eq!(edited.capacity, Some(14));
    assert!(!edited.needs_medical);
    assert_eq!(edited.place, "Han-sur-Lesse");
    assert_eq!(edited.name, camp.name);
    assert_eq!(edited.starts_on, camp.starts_on);
    let stdout = app
        .admin_ok(&["activities", "edit", &id, "--name", "Grand camp 2027"])
        .await;
    assert!(
        stdout.starts_with(&format!(
            "Activité n°{id} modifiée : Grand camp 2027 (Benjamins), du "
        )) && stdout.ends_with(", 120,00 €, 14 places.\n"),
        "{stdout}"
    );

    let mut nothing = app.admin();
    nothing.args(["activities", "edit", &id]);
    run(nothing).await.code(2).stdout("");
}

#[tokio::test(flavor = "multi_thread")]
async fn past_capacity_a_child_waits_and_moves_up_when_a_place_frees() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let lily = app.add_child("Lily", LILY_BIRTH_DATE).await;
    let camp = app.benjamins_camp(30, 40, 1).await;
    let (id, billy_id, lily_id) = (
        camp.id.to_string(),
        billy.id.to_string(),
        lily.id.to_string(),
    );

    let stdout = app.admin_ok(&["activities", "add", &id, &billy_id]).await;
    assert_eq!(
        stdout,
        format!(
            "Inscription de Billy LE PIVERT (n°{billy_id}) à « Camp d'été 2027 » (n°{id}) : place confirmée, 120,00 €.\n"
        )
    );
    let waiting: RegistrationView = app.admin_json(&["activities", "add", &id, &lily_id]).await;
    assert_eq!(waiting.status, RegistrationStatus::Waitlisted);
    assert_eq!(waiting.position, Some(1));

    let waitlist: Vec<Participant> = app.admin_json(&["activities", "waitlist", &id]).await;
    assert_eq!(
        waitlist.iter().map(|p| p.child_id).collect::<Vec<_>>(),
        vec![lily.id]
    );
    let table = app.admin_ok(&["activities", "waitlist", &id]).await;
    assert!(table.starts_with("Position"), "{table}");
    assert!(table.contains("Lily LE PIVERT"), "{table}");
    assert!(!table.contains("Billy"), "{table}");
    let listed: Vec<ActivityView> = app.admin_json(&["activities", "list"]).await;
    assert_eq!((listed[0].registered, listed[0].waitlisted), (1, 1));

    let mut unconfirmed = app.admin();
    unconfirmed.args(["activities", "remove", &id, &billy_id]);
    run(unconfirmed)
        .await
        .code(1)
        .stderr(predicate::str::contains("--yes"));
    let stdout = app
        .admin_ok(&["activities", "remove", &id, &billy_id, "--yes"])
        .await;
    assert_eq!(
        stdout,
        format!(
            "Inscription de Billy LE PIVERT (n°{billy_id}) à « Camp d'été 2027 » (n°{id}) annulée.\nLe premier enfant de la liste d'attente prend la place ; sa famille est prévenue par e-mail.\n"
        )
    );

    let list: ParticipantList = app.admin_json(&["activities", "participants", &id]).await;
    assert_eq!(list.participants.len(), 1, "{list:?}");
    assert_eq!(list.participants[0].child_id, lily.id);
    assert_eq!(list.participants[0].status, RegistrationStatus::Registered);
    let empty = app.admin_ok(&["activities", "waitlist", &id]).await;
    assert!(empty.starts_with("Personne n'attend une place"), "{empty}");
}

#[tokio::test(flavor = "multi_thread")]
async fn participants_export_csv_and_json_decode() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let billy_id = billy.id.to_string();
    app.admin_ok(&[
        "children",
        "edit",
        &billy_id,
        "--primary-name",
        "Papa de Billy",
        "--primary-phone",
        "0412 34 56 78",
    ])
    .await;
    let camp = app.benjamins_camp(30, 40, 12).await;
    let id = camp.id.to_string();
    app.admin_ok(&["activities", "add", &id, &billy_id]).await;

    let mut export = app.admin();
    export.args(["activities", "participants", &id, "--export", "csv"]);
    let bytes = run(export).await.success().get_output().stdout.clone();
    let text = String::from_utf8(bytes).expect("UTF-8");
    let text = text
        .strip_prefix('\u{feff}')
        .expect("a byte-order mark first, for Excel");
    let rows = read_csv(text);
    assert_eq!(
        rows[0],
        [
            "N°",
            "Nom",
            "Section",
            "Statut",
            "Contacts d'urgence",
            "Allergies",
            "Régime"
        ]
    );
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert_eq!(rows[1][0], billy_id);
    assert_eq!(rows[1][1], "Billy LE PIVERT");
    assert_eq!(rows[1][2], "Benjamins");
    assert_eq!(rows[1][3], "inscrit");
    // The phone as the server writes it (0412/34.56.78): its digits are what matter here.
    let digits: String = rows[1][4].chars().filter(char::is_ascii_digit).collect();
    assert!(
        rows[1][4].starts_with("Papa de Billy · ") && digits == "0412345678",
        "{rows:?}"
    );
    assert_eq!(rows[1][5..], ["—", "—"], "no allergy nor diet recorded");

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("participants.json");
    let stdout = app
        .admin_ok(&[
            "activities",
            "participants",
            &id,
            "--export",
            "json",
            "--output",
            file.to_str().unwrap(),
        ])
        .await;
    assert_eq!(
        stdout,
        format!(
            "Participants de « Camp d'été 2027 » (n°{id}) exportés dans {} : 1 enfant.\n",
            file.display()
        )
    );
    let list: ParticipantList =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).expect("a ParticipantList");
    assert_eq!(list.activity.id, camp.id);
    assert!(!list.medical_window_open);
    assert_eq!(list.participants[0].child_id, billy.id);

    let table = app.admin_ok(&["activities", "participants", &id]).await;
    assert!(
        table.starts_with(&format!(
            "« Camp d'été 2027 » (n°{id}), du {} au {} : 1 inscrit, 0 en liste d'attente.\n\n",
            day(30),
            day(40)
        )),
        "{table}"
    );
    assert!(!table.contains("Fenêtre médicale"), "{table}");
    assert!(table.contains("Contacts d'urgence"), "{table}");
}

#[tokio::test(flavor = "multi_thread")]
async fn pay_records_the_registration_payment() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    let lily = app.add_child("Lily", LILY_BIRTH_DATE).await;
    let camp = app.benjamins_camp(30, 40, 12).await;
    let (id, billy_id, lily_id) = (
        camp.id.to_string(),
        billy.id.to_string(),
        lily.id.to_string(),
    );
    app.admin_ok(&["activities", "add", &id, &billy_id]).await;
    app.admin_ok(&["activities", "add", &id, &lily_id]).await;

    let paid: RegistrationView = app
        .admin_json(&[
            "activities",
            "pay",
            &id,
            &billy_id,
            "--amount",
            "120,00",
            "--method",
            "liquide",
            "--date",
            &day(-1),
        ])
        .await;
    let payment = paid.payment.expect("a payment");
    assert_eq!(payment.amount, Amount::from_cents(12000));
    assert_eq!(payment.method, PaymentMethod::Cash);
    assert_eq!(tempatro_core::date::short(payment.paid_on), day(-1));

    // Without flags: the fee, today, by bank transfer.
    let mut english = app.admin();
    english.args(["--lang", "en", "activities", "pay", &id, &lily_id]);
    run(english).await.success().stdout(format!(
        "Registration of Lily LE PIVERT (no. {lily_id}) for “Camp d'été 2027” (no. {id}) paid: 120,00 € on {}, by bank transfer.\n",
        day(0)
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unknown_activity_is_refused_with_the_servers_message() {
    let app = spawn_app().await;
    app.log_in_as_staff().await;

    let mut show = app.admin();
    show.args(["activities", "show", "999"]);
    let assert = run(show).await.code(1).stdout("");
    assert!(!stderr_of(&assert).is_empty());
}

/// A reader of what the export writes: `;` between cells, quoted cells with doubled quotes,
/// CRLF between rows (RFC 4180 with the Belgian separator).
fn read_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    let (mut row, mut cell) = (Vec::new(), String::new());
    let (mut quoted, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => cell.push(c),
            (false, '"') => quoted = true,
            (false, ';') => row.push(std::mem::take(&mut cell)),
            (false, '\r') => assert_eq!(chars.next(), Some('\n'), "CRLF line ends"),
            (false, '\n') => panic!("a bare LF in {text:?}"),
            (false, c) => cell.push(c),
        }
        if !quoted && c == '\r' {
            row.push(std::mem::take(&mut cell));
            rows.push(std::mem::take(&mut row));
        }
    }
    assert!(
        row.is_empty() && cell.is_empty(),
        "the last row ends with CRLF"
    );
    rows
}
