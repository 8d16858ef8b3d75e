use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::activities::{Camp, camp_world};
use crate::helpers::{assert_error, spawn_app_with};

on_each_engine!(
    a_parent_sees_the_due_with_its_reference_and_qr_payload,
    a_coda_statement_pays_the_due_once_and_keeps_what_it_cannot_match,
    less_is_partial_more_is_overpaid_and_a_line_can_be_matched_by_hand,
    a_bad_file_changes_nothing_and_names_the_line,
    a_csv_export_is_read_with_its_columns,
    staff_record_by_hand_cancel_and_add_other_dues,
    reminders_go_once_a_week_to_each_family,
);

/// The first statement of the core's sample CODA file, its structured credit rewritten to pay
/// `reference` (12 digits) with `cents`. It also holds a credit with a foreign reference and a
/// debit.
pub fn coda(reference: &str, cents: i64) -> Vec<u8> {
    let sample = include_bytes!("../../../core/tests/data/two-statements.cod");
    let mut lines: Vec<Vec<u8>> = sample
        .split(|b| *b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l).to_vec())
        .collect();
    let end = lines.iter().position(|l| l.starts_with(b"9")).unwrap();
    lines.truncate(end + 1);
    let movement = &mut lines[2];
    assert!(
        movement.starts_with(b"21") && movement[61] == b'1',
        "the sample's structured credit"
    );
    movement[65..77].copy_from_slice(reference.as_bytes());
    movement[32..47].copy_from_slice(format!("{:015}", cents * 10).as_bytes());
    lines.join(&b"\r\n"[..])
}

pub async fn billy_due(camp: &Camp) -> Value {
    let dues = camp
        .app
        .ok(Method::GET, "/api/v1/dues", &camp.papa, None)
        .await;
    assert_eq!(dues.as_array().unwrap().len(), 1, "{dues}");
    dues[0].clone()
}

pub fn digits(reference: &Value) -> String {
    reference
        .as_str()
        .unwrap()
        .chars()
        .filter(char::is_ascii_digit)
        .collect()
}

async fn import(camp: &Camp, bytes: Vec<u8>, query: &[(&str, &str)]) -> reqwest::Response {
    camp.app
        .http
        .post(camp.app.url("/api/v1/bank-statements"))
        .query(query)
        .bearer_auth(&camp.staff)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn a_parent_sees_the_due_with_its_reference_and_qr_payload() {
    let camp = camp_world().await;
    let due = billy_due(&camp).await;
    assert_eq!(
        due["label"],
        format!("Affiliation {}", camp.app.current_cycle())
    );
    assert_eq!(due["amount"], 4500);
    assert_eq!(due["status"], "unpaid");
    let reference = due["reference"].as_str().unwrap();
    tempatro_core::payment::StructuredReference::parse(reference).expect("a valid reference");
    assert!(
        reference.starts_with("+++100/"),
        "affiliations' references start with 1: {reference}"
    );

    let detail = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/dues/{}", due["id"]),
            &camp.papa,
            None,
        )
        .await;
    let transfer = &detail["transfer"];
    assert_eq!(transfer["iban"], "BE68 5390 0754 7034");
    assert_eq!(transfer["beneficiary"], "Patro du Val d'Haine");
    let payload = transfer["epc_payload"].as_str().unwrap();
    assert!(payload.starts_with("BCD\n002\n1\nSCT\n"), "{payload}");
    assert!(payload.contains("BE68539007547034\nEUR45.00"), "{payload}");
    assert!(payload.contains(&digits(&due["reference"])), "{payload}");

    let other = camp.app.parent_token(&camp.staff, "autre@patro.be").await;
    assert_eq!(
        camp.app.ok(Method::GET, "/api/v1/dues", &other, None).await,
        json!([])
    );
    let hidden = camp
        .app
        .call(
            Method::GET,
            &format!("/api/v1/dues/{}", due["id"]),
            Some(&other),
            None,
        )
        .await;
    assert_error(hidden, StatusCode::NOT_FOUND, "not_found").await;
}

async fn a_coda_statement_pays_the_due_once_and_keeps_what_it_cannot_match() {
    let camp = camp_world().await;
    let due = billy_due(&camp).await;
    let file = coda(&digits(&due["reference"]), 4500);

    let dry: Value = import(&camp, file.clone(), &[("dry_run", "true")])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (dry["matched"].as_i64(), dry["dry_run"].as_bool()),
        (Some(1), Some(true))
    );
    assert_eq!(
        billy_due(&camp).await["status"],
        "unpaid",
        "a dry run writes nothing"
    );

    let report: Value = import(&camp, file.clone(), &[]).await.json().await.unwrap();
    assert_eq!(report["format"], "coda");
    assert_eq!(
        (
            report["matched"].as_i64(),
            report["unmatched"].as_i64(),
            report["debits"].as_i64()
        ),
        (Some(1), Some(1), Some(1))
    );
    let paid = billy_due(&camp).await;
    assert_eq!(paid["status"], "paid");
    assert_eq!(paid["payments"][0]["from_bank"], true);
    let dashboard = camp
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &camp.papa, None)
        .await;
    assert_eq!(dashboard["alerts"], json!([]), "the unpaid alert is gone");
    let detail = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/dues/{}", due["id"]),
            &camp.papa,
            None,
        )
        .await;
    assert!(detail.get("transfer").is_none(), "nothing left to pay");

    let again: Value = import(&camp, file, &[]).await.json().await.unwrap();
    assert_eq!(again["already_imported"], 3);
    assert_eq!(again["matched"], 0);
    assert_eq!(
        billy_due(&camp).await["paid"],
        4500,
        "importing twice changes nothing"
    );

    let unmatched = camp
        .app
        .ok(Method::GET, "/api/v1/bank-lines", &camp.staff, None)
        .await;
    assert_eq!(unmatched.as_array().unwrap().len(), 1);
    assert_eq!(unmatched[0]["amount"], 12_000);
}

async fn less_is_partial_more_is_overpaid_and_a_line_can_be_matched_by_hand() {
    let camp = camp_world().await;
    let due = billy_due(&camp).await;
    let partial: Value = import(&camp, coda(&digits(&due["reference"]), 2000), &[])
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(partial["partial"], 1);
    let now = billy_due(&camp).await;
    assert_eq!(
        (now["status"].as_str(), now["left"].as_i64()),
        (Some("partially_paid"), Some(2500))
    );
    let dashboard = camp
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &camp.papa, None)
        .await;
    assert_eq!(
        dashboard["alerts"][0]["code"], "affiliation_unpaid",
        "still something to pay"
    );

    let unmatched = camp
        .app
        .ok(Method::GET, "/api/v1/bank-lines", &camp.staff, None)
        .await;
    let line = unmatched[0]["id"].as_str().unwrap();
    let matched = camp
        .app
        .ok(
            Method::POST,
            "/api/v1/bank-lines/match",
            &camp.staff,
            Some(json!({"line_id": line, "due_id": due["id"]})),
        )
        .await;
    assert_eq!(matched["status"], "matched");
    let over = billy_due(&camp).await;
    assert_eq!(
        (over["status"].as_str(), over["paid"].as_i64()),
        (Some("overpaid"), Some(14_000))
    );
    let twice = camp
        .app
        .call(
            Method::POST,
            "/api/v1/bank-lines/match",
            Some(&camp.staff),
            Some(json!({"line_id": line, "due_id": due["id"]})),
        )
        .await;
    assert_error(twice, StatusCode::CONFLICT, "already_decided").await;
}

async fn a_bad_file_changes_nothing_and_names_the_line() {
    let camp = camp_world().await;
    let due = billy_due(&camp).await;
    let mut file = coda(&digits(&due["reference"]), 4500);
    // Break the 6th line (a 2.1 record) by cutting it short.
    let text_end = file.len();
    let mut lines: Vec<Vec<u8>> = file.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
    lines[5].truncate(40);
    file = lines.join(&b"\n"[..]);
    assert!(file.len() < text_end);
    let response = import(&camp, file, &[]).await;
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert!(
        body["message"].as_str().unwrap().contains("Ligne 6"),
        "{body}"
    );
    assert_eq!(billy_due(&camp).await["status"], "unpaid");
    assert_eq!(
        camp.app
            .ok(Method::GET, "/api/v1/bank-lines", &camp.staff, None)
            .await,
        json!([])
    );
}

async fn a_csv_export_is_read_with_its_columns() {
    let camp = camp_world().await;
    let due = billy_due(&camp).await;
    let csv = format!(
        "Date valeur;Montant;Communication;Nom contrepartie\n15/09/2026;45,00;{};PAPA DE BILLY\n16/09/2026;-12,50;Frais bancaires;BANQUE\n",
        due["reference"].as_str().unwrap()
    );
    let report: Value = import(
        &camp,
        csv.into_bytes(),
        &[
            ("format", "csv"),
            ("date", "Date valeur"),
            ("amount", "Montant"),
            ("communication", "Communication"),
            ("counterparty", "Nom contrepartie"),
        ],
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(
        (report["matched"].as_i64(), report["debits"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(billy_due(&camp).await["status"], "paid");
    let missing = import(&camp, b"a;b\n1;2\n".to_vec(), &[("format", "csv")]).await;
    assert_error(missing, StatusCode::BAD_REQUEST, "malformed_request").await;
}

async fn staff_record_by_hand_cancel_and_add_other_dues() {
    let camp = camp_world().await;
    let due = billy_due(&camp).await;
    let id = due["id"].as_i64().unwrap();
    let half = camp
        .app
        .ok(
            Method::POST,
            &format!("/api/v1/dues/{id}/payments"),
            &camp.staff,
            Some(json!({"amount": "20", "method": "liquide"})),
        )
        .await;
    assert_eq!(
        (half["status"].as_str(), half["left"].as_i64()),
        (Some("partially_paid"), Some(2500))
    );
    let rest = camp
        .app
        .ok(
            Method::POST,
            &format!("/api/v1/dues/{id}/payments"),
            &camp.staff,
            Some(json!({})),
        )
        .await;
    assert_eq!(rest["status"], "paid", "by default the rest is paid");

    let tshirt = camp
        .app
        .ok(
            Method::POST,
            "/api/v1/dues",
            &camp.staff,
            Some(json!({"child_id": camp.billy, "label": "T-shirt du Patro", "amount": "12"})),
        )
        .await;
    assert!(tshirt["reference"].as_str().unwrap().starts_with("+++300/"));
    let dashboard = camp
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &camp.papa, None)
        .await;
    assert_eq!(dashboard["alerts"][0]["code"], "due_unpaid");
    let cancelled = camp
        .app
        .ok(
            Method::POST,
            &format!("/api/v1/dues/{}/cancel", tshirt["id"]),
            &camp.staff,
            None,
        )
        .await;
    assert_eq!(
        (cancelled["status"].as_str(), cancelled["left"].as_i64()),
        (Some("cancelled"), Some(0))
    );
    let dashboard = camp
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &camp.papa, None)
        .await;
    assert_eq!(dashboard["alerts"], json!([]));

    let unpaid = camp
        .app
        .ok(Method::GET, "/api/v1/dues?unpaid=true", &camp.staff, None)
        .await;
    assert_eq!(
        unpaid.as_array().unwrap().len(),
        1,
        "Zoë's affiliation only"
    );
    let family = camp
        .app
        .ok(
            Method::GET,
            "/api/v1/dues?family=papa@patro.be",
            &camp.staff,
            None,
        )
        .await;
    assert_eq!(family.as_array().unwrap().len(), 2);
    let parent = camp
        .app
        .call(
            Method::POST,
            &format!("/api/v1/dues/{id}/payments"),
            Some(&camp.papa),
            Some(json!({})),
        )
        .await;
    assert_error(parent, StatusCode::FORBIDDEN, "forbidden").await;
}

async fn reminders_go_once_a_week_to_each_family() {
    let app = spawn_app_with(|config| config.reminder_days = 0).await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, &app.current_cycle().to_string())
        .await;
    let billy = app
        .add_child(
            &staff,
            json!({"first_name": "Billy", "last_name": "LE PIVERT", "birth_date": "01/05/2018"}),
        )
        .await;
    app.active_parent("papa@patro.be", &staff).await;
    app.active_parent("maman@patro.be", &staff).await;
    app.link(&staff, billy, "papa@patro.be").await;
    app.link(&staff, billy, "maman@patro.be").await;

    let dry = app
        .ok(Method::POST, "/api/v1/reminders?dry_run=true", &staff, None)
        .await;
    assert_eq!(dry["reminders"].as_array().unwrap().len(), 1, "one family");
    assert_eq!(
        dry["reminders"][0]["email"],
        "papa@patro.be, maman@patro.be"
    );
    let before = app.mails_to("papa@patro.be").await.len();

    let sent = app
        .ok(Method::POST, "/api/v1/reminders", &staff, None)
        .await;
    assert_eq!(sent["reminders"].as_array().unwrap().len(), 1);
    let mails = app.mails_to("papa@patro.be").await;
    assert_eq!(mails.len(), before + 1);
    let reminder = mails.last().unwrap();
    assert!(
        reminder.contains("maman@patro.be"),
        "one message to both parents"
    );
    assert!(reminder.contains("Affiliation "), "{reminder}");
    assert!(reminder.contains("BE68 5390 0754 7034"), "{reminder}");

    let again = app
        .ok(Method::POST, "/api/v1/reminders", &staff, None)
        .await;
    assert_eq!(again["reminders"], json!([]), "at most once a week per due");
}
