//! `payments list | show | record | add | cancel | import | unmatched | match | remind` against
//! the real server: the secretariat's evenings of matching bank lines, done by the binary.

use predicates::prelude::*;
use tempatro_client::Client;
use tempatro_core::api::{BankLineView, DueDetail, DueView, ImportReport, ReminderReport};
use tempatro_core::payment::{DueStatus, StructuredReference};
use tempatro_core::{Amount, PaymentMethod};

use crate::helpers::*;

/// The responsable logged in, the current cycle open, Billy added (his affiliation, 45 €, unpaid)
/// and linked to his parent, who is logged in with the client.
async fn billy_and_his_parent(app: &TestApp) -> (Client, DueView) {
    app.log_in_as_staff().await;
    let parent = app.active_parent("Papa", "de Billy", PARENT_EMAIL).await;
    app.open_current_cycle().await;
    let billy = app.add_billy().await;
    app.admin_ok(&["children", "link", &billy.id.to_string(), PARENT_EMAIL])
        .await;
    let dues: Vec<DueView> = app.admin_json(&["payments", "list"]).await;
    assert_eq!(dues.len(), 1, "{dues:?}");
    (parent, dues.into_iter().next().unwrap())
}

/// The due as the binary lists it now.
async fn due_now(app: &TestApp, id: i64) -> DueView {
    let detail: DueDetail = app.admin_json(&["payments", "show", &id.to_string()]).await;
    detail.due
}

/// `bytes` written to a file of the test's own folder, for the binary to import.
fn statement(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> String {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("the statement is written");
    path.to_str().expect("a UTF-8 path").to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn list_gives_each_due_its_structured_communication() {
    let app = spawn_app().await;
    let (_parent, due) = billy_and_his_parent(&app).await;
    let cycle = current_cycle();

    let dues: Vec<DueView> = app
        .admin_json(&[
            "payments",
            "list",
            "--unpaid",
            "--cycle",
            &cycle.to_string(),
        ])
        .await;
    assert_eq!(dues, vec![due.clone()]);
    assert_eq!(due.label, format!("Affiliation {cycle}"));
    assert_eq!(
        (due.amount, due.left, due.status),
        (
            Amount::from_cents(4500),
            Amount::from_cents(4500),
            DueStatus::Unpaid
        )
    );
    let reference = StructuredReference::parse(&due.reference).expect("a valid communication");
    assert_eq!(
        reference.to_string(),
        due.reference,
        "as +++123/4567/89012+++"
    );

    let family: Vec<DueView> = app
        .admin_json(&["payments", "list", "--family", PARENT_EMAIL])
        .await;
    assert_eq!(family.len(), 1);
    let child: Vec<DueView> = app
        .admin_json(&["payments", "list", "--child", &due.child_id.to_string()])
        .await;
    assert_eq!(child.len(), 1);

    let table = app.admin_ok(&["payments", "list"]).await;
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("N°  Enfant           Objet"),
        "{table}"
    );
    for expected in [
        "Billy LE PIVERT",
        "45,00 €",
        "non payé",
        due.reference.as_str(),
    ] {
        assert!(lines[2].contains(expected), "{expected:?} in\n{table}");
    }
    let english = app.admin_ok(&["--lang", "en", "payments", "list"]).await;
    assert!(english.starts_with("No.  Child"), "{english}");
    assert!(english.contains("unpaid"), "{english}");

    let mut wrong = app.admin();
    wrong.args(["payments", "list", "--family", "papa-sans-arobase"]);
    run(wrong)
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with("--family : "));
}

#[tokio::test(flavor = "multi_thread")]
async fn record_a_partial_payment_then_the_rest() {
    let app = spawn_app().await;
    let (parent, due) = billy_and_his_parent(&app).await;
    let id = due.id.to_string();
    let cycle = current_cycle();
    let first_day = format!("1/9/{}", cycle.start_year());

    let stdout = app
        .admin_ok(&[
            "payments", "record", &id, "--amount", "20", "--date", &first_day, "--method",
            "liquide",
        ])
        .await;
    assert_eq!(
        stdout,
        format!(
            "Paiement enregistré pour le montant dû n°{id} (« Affiliation {cycle} » de Billy LE PIVERT) : reçu 20,00 € sur 45,00 €, reste 25,00 € à payer.\n"
        )
    );
    let half = due_now(&app, due.id).await;
    assert_eq!(half.status, DueStatus::PartiallyPaid);
    assert_eq!(half.payments.len(), 1);
    assert_eq!(half.payments[0].method, PaymentMethod::Cash);
    assert_eq!(
        tempatro_core::date::short(half.payments[0].paid_on),
        format!("01/09/{}", cycle.start_year())
    );
    let dashboard = parent.dashboard().await.expect("the dashboard");
    assert_eq!(dashboard.alerts.len(), 1, "something is left to pay");

    // Without an amount, the rest is paid.
    let paid: DueView = app.admin_json(&["payments", "record", &id]).await;
    assert_eq!(
        (paid.status, paid.paid, paid.left),
        (
            DueStatus::Paid,
            Amount::from_cents(4500),
            Amount::from_cents(0)
        )
    );
    let sheet = app.admin_ok(&["payments", "show", &id]).await;
    for expected in [
        format!("Montant dû n°{id} : Affiliation {cycle}"),
        format!("01/09/{}  20,00 € en liquide", cycle.start_year()),
        "25,00 € par virement".to_owned(),
        "Pour payer par virement\n  rien à payer".to_owned(),
    ] {
        assert!(sheet.contains(&expected), "{expected:?} in\n{sheet}");
    }
    let dashboard = parent.dashboard().await.expect("the dashboard");
    assert!(dashboard.alerts.is_empty(), "{:?}", dashboard.alerts);

    let mut typo = app.admin();
    typo.args(["payments", "record", &id, "--amount", "vingt"]);
    run(typo)
        .await
        .code(1)
        .stderr("--amount : montant attendu en euros, par exemple 45 ou 45,50\n");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sheet_says_how_to_pay_by_transfer() {
    let app = spawn_app().await;
    let (_parent, due) = billy_and_his_parent(&app).await;

    let sheet = app
        .admin_ok(&["payments", "show", &due.id.to_string()])
        .await;
    for expected in [
        "Paiements reçus\n  aucun pour l'instant".to_owned(),
        "Bénéficiaire   Patro du Val d'Haine".to_owned(),
        "IBAN           BE68 5390 0754 7034".to_owned(),
        "Montant        45,00 €".to_owned(),
        format!("Communication  {}", due.reference),
    ] {
        assert!(sheet.contains(&expected), "{expected:?} in\n{sheet}");
    }
    let detail: DueDetail = app
        .admin_json(&["payments", "show", &due.id.to_string()])
        .await;
    let transfer = detail.transfer.expect("something to pay");
    assert_eq!(transfer.reference, due.reference);
    assert!(transfer.epc_payload.starts_with("BCD\n002\n1\nSCT\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn add_another_due_then_cancel_it() {
    let app = spawn_app().await;
    let (parent, affiliation) = billy_and_his_parent(&app).await;
    let child = affiliation.child_id.to_string();
    app.admin_ok(&["payments", "record", &affiliation.id.to_string()])
        .await;

    let stdout = app
        .admin_ok(&[
            "payments",
            "add",
            &child,
            "--label",
            "T-shirt du Patro",
            "--amount",
            "12",
        ])
        .await;
    let dues: Vec<DueView> = app.admin_json(&["payments", "list", "--unpaid"]).await;
    assert_eq!(dues.len(), 1, "{dues:?}");
    let tshirt = &dues[0];
    assert_eq!(
        stdout,
        format!(
            "Montant dû n°{} créé : « T-shirt du Patro » de Billy LE PIVERT (n°{child}), 12,00 €, communication {}.\n",
            tshirt.id, tshirt.reference
        )
    );
    StructuredReference::parse(&tshirt.reference).expect("a valid communication");
    let dashboard = parent.dashboard().await.expect("the dashboard");
    assert_eq!(dashboard.alerts.len(), 1, "the T-shirt to pay");

    let id = tshirt.id.to_string();
    let mut no_yes = app.admin();
    no_yes.args(["payments", "cancel", &id]);
    run(no_yes)
        .await
        .code(1)
        .stderr(predicate::str::contains("--yes"));
    assert_eq!(due_now(&app, tshirt.id).await.status, DueStatus::Unpaid);

    let stdout = app.admin_ok(&["payments", "cancel", &id, "--yes"]).await;
    assert_eq!(
        stdout,
        format!(
            "Montant dû n°{id} annulé (« T-shirt du Patro » de Billy LE PIVERT) : la famille n'a plus rien à payer.\n"
        )
    );
    let unpaid: Vec<DueView> = app.admin_json(&["payments", "list", "--unpaid"]).await;
    assert!(unpaid.is_empty(), "{unpaid:?}");
    let dashboard = parent.dashboard().await.expect("the dashboard");
    assert!(dashboard.alerts.is_empty(), "{:?}", dashboard.alerts);

    let mut missing = app.admin();
    missing.args(["payments", "add", &child, "--amount", "12"]);
    run(missing)
        .await
        .code(2)
        .stderr(predicate::str::contains("--label"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_coda_statement_pays_the_due_once_and_keeps_what_it_cannot_match() {
    let app = spawn_app().await;
    let (parent, due) = billy_and_his_parent(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let file = statement(&dir, "extrait.cod", &coda(&due.reference, 4500));

    // A dry run says what would happen and writes nothing.
    let dry = app
        .admin_ok(&["payments", "import", &file, "--dry-run"])
        .await;
    assert!(
        dry.starts_with("Relevé CODA lu, simulation (rien n'est enregistré) : 3 lignes.\n"),
        "{dry}"
    );
    assert!(dry.contains("Rapprochées, montant exact     1"), "{dry}");
    assert_eq!(due_now(&app, due.id).await.status, DueStatus::Unpaid);
    let kept: Vec<BankLineView> = app.admin_json(&["payments", "unmatched"]).await;
    assert!(kept.is_empty(), "a dry run keeps no line: {kept:?}");

    let mut import = app.admin();
    import.args(["payments", "import", &file, "--json"]);
    let assert = run(import).await.code(0).stderr("");
    let report: ImportReport = serde_json::from_str(&stdout_of(&assert)).expect("the report");
    assert_eq!(report.format, "coda");
    assert_eq!(
        (
            report.matched,
            report.unmatched,
            report.debits,
            report.dry_run
        ),
        (1, 1, 1, false)
    );
    let paid = due_now(&app, due.id).await;
    assert_eq!(paid.status, DueStatus::Paid);
    assert!(paid.payments[0].from_bank);
    let dashboard = parent.dashboard().await.expect("the dashboard");
    assert!(dashboard.alerts.is_empty(), "{:?}", dashboard.alerts);

    // The same statement again, piped in this time: nothing changes.
    let mut again = app.admin();
    again
        .args(["payments", "import", "-"])
        .write_stdin(coda(&due.reference, 4500));
    let stdout = stdout_of(&run(again).await.code(0));
    assert!(
        stdout.starts_with("Relevé CODA importé : 3 lignes.\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Déjà importées                 3"),
        "{stdout}"
    );
    assert!(!stdout.contains("Lignes non reconnues"), "{stdout}");
    let again: ImportReport = app.admin_json(&["payments", "import", &file]).await;
    assert_eq!((again.already_imported, again.matched), (3, 0));
    assert_eq!(due_now(&app, due.id).await.paid, Amount::from_cents(4500));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_unmatched_lines_are_listed_after_the_import() {
    let app = spawn_app().await;
    let (_parent, due) = billy_and_his_parent(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let file = statement(&dir, "extrait.cod", &coda(&due.reference, 4500));

    let stdout = app.admin_ok(&["payments", "import", &file]).await;
    for expected in [
        "Relevé CODA importé : 3 lignes.",
        "Rapprochées, montant exact     1",
        "Non reconnues                  1",
        "Débits                         1",
        "Lignes non reconnues, à rapprocher avec `tempatro-admin payments match LIGNE DÛ` :",
        "120,00 €  EXEMPLAIRE JEAN-LUC",
        "Camp des Chevaliers",
    ] {
        assert!(stdout.contains(expected), "{expected:?} in\n{stdout}");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_statement_is_refused_with_its_line_and_changes_nothing() {
    let app = spawn_app().await;
    let (_parent, due) = billy_and_his_parent(&app).await;
    let mut lines: Vec<Vec<u8>> = coda(&due.reference, 4500)
        .split(|b| *b == b'\n')
        .map(<[u8]>::to_vec)
        .collect();
    // The 6th line, a movement record 2.1, cut short.
    lines[5].truncate(40);
    let dir = tempfile::tempdir().unwrap();
    let file = statement(&dir, "abime.cod", &lines.join(&b"\n"[..]));

    let mut import = app.admin();
    import.args(["payments", "import", &file]);
    let assert = run(import).await.code(1).stdout("");
    let stderr = stderr_of(&assert);
    assert!(stderr.contains("Ligne 6"), "{stderr}");

    assert_eq!(due_now(&app, due.id).await.status, DueStatus::Unpaid);
    let kept: Vec<BankLineView> = app.admin_json(&["payments", "unmatched"]).await;
    assert!(kept.is_empty(), "{kept:?}");

    let mut unknown = app.admin();
    unknown.args([
        "payments",
        "import",
        &statement(&dir, "notes.txt", b"ceci n'est pas un extrait\n"),
    ]);
    run(unknown).await.code(1).stderr(
        "Format du relevé non reconnu : indiquez --format coda, camt053 ou csv (un CSV avec --columns)\n",
    );
    let mut missing = app.admin();
    missing.args([
        "payments",
        "import",
        &dir.path().join("absent.cod").to_string_lossy(),
    ]);
    run(missing)
        .await
        .code(1)
        .stderr(predicate::str::starts_with("Fichier illisible : "));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_csv_export_is_read_with_its_columns() {
    let app = spawn_app().await;
    let (_parent, due) = billy_and_his_parent(&app).await;
    let dir = tempfile::tempdir().unwrap();
    let csv = format!(
        "Date valeur;Montant;Communication;Nom contrepartie\n15/09/2026;45,00;{};PAPA DE BILLY\n16/09/2026;-12,50;Frais bancaires;BANQUE\n",
        due.reference
    );
    let file = statement(&dir, "export.csv", csv.as_bytes());

    let mut wrong = app.admin();
    wrong.args(["payments", "import", &file, "--format", "coda"]);
    wrong.args(["--columns", "Date valeur,Montant,Communication"]);
    run(wrong)
        .await
        .code(1)
        .stderr("--columns ne sert qu'aux relevés CSV (--format csv)\n");
    let mut short = app.admin();
    short.args([
        "payments",
        "import",
        &file,
        "--columns",
        "Date valeur,Montant",
    ]);
    run(short).await.code(1).stderr(predicate::str::starts_with(
        "--columns : « Date valeur,Montant » : ",
    ));

    let report: ImportReport = app
        .admin_json(&[
            "payments",
            "import",
            &file,
            "--format",
            "csv",
            "--columns",
            "Date valeur,Montant,Communication,Nom contrepartie",
        ])
        .await;
    assert_eq!(report.format, "csv");
    assert_eq!((report.matched, report.debits), (1, 1));
    assert_eq!(
        report.entries[0].counterparty.as_deref(),
        Some("PAPA DE BILLY")
    );
    assert_eq!(due_now(&app, due.id).await.status, DueStatus::Paid);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unmatched_line_is_matched_by_hand() {
    let app = spawn_app().await;
    let (_parent, due) = billy_and_his_parent(&app).await;
    let dir = tempfile::tempdir().unwrap();
    // 20 € of the 45: a partial payment, and the sample's other credit, 120 €, unmatched.
    let file = statement(&dir, "extrait.cod", &coda(&due.reference, 2000));
    let report: ImportReport = app.admin_json(&["payments", "import", &file]).await;
    assert_eq!((report.partial, report.unmatched), (1, 1));

    let lines: Vec<BankLineView> = app.admin_json(&["payments", "unmatched"]).await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    let line = &lines[0];
    assert_eq!(line.amount, Amount::from_cents(12_000));
    let table = app.admin_ok(&["payments", "unmatched"]).await;
    assert!(table.starts_with("Ligne  "), "{table}");
    assert!(table.contains(&line.id), "{table}");
    assert!(table.contains("EXEMPLAIRE JEAN-LUC"), "{table}");

    let id = due.id.to_string();
    let stdout = app.admin_ok(&["payments", "match", &line.id, &id]).await;
    let day = tempatro_core::date::short(line.date);
    let cycle = current_cycle();
    assert_eq!(
        stdout,
        format!(
            "Ligne {} (120,00 € du {day}) rapprochée du montant dû n°{id} (« Affiliation {cycle} » de Billy LE PIVERT) : payé en trop, reçu 140,00 € pour 45,00 € (à rembourser ou à garder).\n",
            line.id
        )
    );
    assert_eq!(due_now(&app, due.id).await.status, DueStatus::Overpaid);
    let empty = app.admin_ok(&["payments", "unmatched"]).await;
    assert_eq!(
        empty,
        "Aucune ligne bancaire non reconnue : tout est rapproché\n"
    );

    // Twice is refused by the server, whose message is shown.
    let mut twice = app.admin();
    twice.args(["payments", "match", &line.id, &id]);
    run(twice).await.code(1).stdout("");
}

#[tokio::test(flavor = "multi_thread")]
async fn reminders_say_who_gets_one_and_go_once_a_week() {
    let app = spawn_app_with(|config| config.reminder_days = 0).await;
    let (_parent, due) = billy_and_his_parent(&app).await;
    let before = app.outbox().await.len();

    let dry: ReminderReport = app.admin_json(&["payments", "remind", "--dry-run"]).await;
    assert!(dry.dry_run);
    assert_eq!(dry.reminders.len(), 1, "{dry:?}");
    assert_eq!(dry.reminders[0].email, PARENT_EMAIL);
    assert_eq!(dry.reminders[0].dues, vec![due.clone()]);
    assert_eq!(app.outbox().await.len(), before, "a dry run sends nothing");

    let stdout = app.admin_ok(&["payments", "remind"]).await;
    assert!(
        stdout.starts_with("Rappel envoyé par e-mail à 1 famille :\n\n"),
        "{stdout}"
    );
    assert!(stdout.contains(PARENT_EMAIL), "{stdout}");
    assert!(stdout.contains(&due.reference), "{stdout}");
    let outbox = app.outbox().await;
    assert_eq!(outbox.len(), before + 1);
    assert!(
        outbox
            .iter()
            .any(|mail| mail.contains(PARENT_EMAIL) && mail.contains("Affiliation ")),
        "the reminder is in the outbox"
    );

    let again = app.admin_ok(&["payments", "remind"]).await;
    assert!(again.starts_with("Aucun rappel à envoyer"), "{again}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_large_statement_shows_no_progress_outside_a_terminal() {
    let app = spawn_app().await;
    let (_parent, due) = billy_and_his_parent(&app).await;
    // Past the size that gets a bar on a terminal: lines of bank fees, then Billy's payment.
    let mut csv = String::from("Date;Montant;Communication\n");
    while csv.len() < 1024 * 1024 {
        csv.push_str("16/09/2026;-0,10;Frais de tenue de compte, relevé mensuel détaillé\n");
    }
    csv.push_str(&format!("17/09/2026;45,00;{}\n", due.reference));
    let dir = tempfile::tempdir().unwrap();
    let file = statement(&dir, "grand.csv", csv.as_bytes());

    let mut import = app.admin();
    import.args([
        "payments",
        "import",
        &file,
        "--dry-run",
        "--columns",
        "Date,Montant,Communication",
    ]);
    let assert = run(import).await.code(0).stderr("");
    let stdout = stdout_of(&assert);
    assert!(
        stdout.contains("Rapprochées, montant exact     1"),
        "{stdout}"
    );
    assert!(!stdout.contains('\u{1b}'), "no escape codes");
}
