use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::activities::{Camp, activity, camp_world};
use crate::helpers::assert_error;

on_each_engine!(
    parents_see_the_sheet_but_edit_it_only_with_a_coming_stay,
    staff_read_the_sheet_only_inside_the_window_and_each_reading_is_logged,
    leaders_get_the_kitchen_extract_always_and_full_sheets_inside_the_window,
    the_end_to_end_camp_flow,
    the_participants_export_has_medical_columns_only_inside_the_window_for_a_person,
    no_token_receives_medical_data_in_the_participants_list_or_its_export,
);

/// Tried on 3 December 2026: a `read` token got « Arachides » from the participants list.
async fn no_token_receives_medical_data_in_the_participants_list_or_its_export() {
    let camp = camp_world().await;
    let now = registered(&camp, -1, 3).await;
    let path = format!("/api/v1/children/{}/medical", camp.billy);
    camp.app
        .ok(Method::PUT, &path, &camp.papa, Some(sheet(0)))
        .await;
    for scope in ["read", "export"] {
        let created = camp
            .app
            .ok(
                Method::POST,
                "/api/v1/tokens",
                &camp.staff,
                Some(json!({"name": format!("nuit-{scope}"), "scope": scope})),
            )
            .await;
        let token = created["token"].as_str().unwrap();
        if scope == "read" {
            let list = camp
                .app
                .ok(
                    Method::GET,
                    &format!("/api/v1/activities/{now}/participants"),
                    token,
                    None,
                )
                .await;
            let billy = &list["participants"][0];
            assert_eq!(billy["first_name"], "Billy", "{list}");
            assert!(billy.get("allergies").is_none(), "{billy}");
            assert!(billy.get("diet").is_none(), "{billy}");
            assert!(!billy.to_string().contains("Mamy Pivert"), "{billy}");
        } else {
            let export = camp
                .app
                .call(
                    Method::GET,
                    &format!("/api/v1/exports/participants?activity={now}"),
                    Some(token),
                    None,
                )
                .await;
            assert_eq!(export.status(), StatusCode::OK);
            let text = export.text().await.unwrap();
            assert!(text.contains("Billy"), "{text}");
            assert!(!text.contains("Arachides"), "{text}");
            assert!(!text.contains("Mamy Pivert"), "{text}");
        }
    }
    // A person still gets the kitchen's extract.
    let list = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/activities/{now}/participants"),
            &camp.staff,
            None,
        )
        .await;
    assert_eq!(list["participants"][0]["allergies"], "Arachides");
}

fn sheet(version: i64) -> Value {
    json!({
        "version": version, "consent": true, "insurer": "Solidaris", "blood_group": "0+",
        "allergies": "Arachides", "allergy_actions": "EpiPen dans la trousse, appeler le 112",
        "diet": "Sans arachides", "medication": [{"name": "Ventolin", "dose": "2 bouffées", "given_by": "les animateurs"}],
        "tetanus_vaccination": "15/03/2022", "can_swim": true, "may_do_sports": true, "paracetamol_allowed": false,
        "emergency_contact": {"name": "Mamy Pivert", "phone": "0470 12 34 56"}
    })
}

async fn registered(camp: &Camp, start: i64, length: i64) -> i64 {
    let id = activity(camp, start, length, start.min(0) - 1, json!({})).await;
    camp.app
        .ok(
            Method::POST,
            &format!("/api/v1/activities/{id}/registrations"),
            &camp.staff,
            Some(json!({"child_id": camp.billy})),
        )
        .await;
    id
}

async fn parents_see_the_sheet_but_edit_it_only_with_a_coming_stay() {
    let camp = camp_world().await;
    let path = format!("/api/v1/children/{}/medical", camp.billy);
    let empty = camp.app.ok(Method::GET, &path, &camp.papa, None).await;
    assert_eq!(empty["version"], 0);
    assert_eq!(empty["editable"], false);
    assert_eq!(
        empty["locked_reason"],
        "La fiche santé ne peut être modifiée que lorsque votre enfant est inscrit à un camp ou à un hike"
    );
    let locked = camp
        .app
        .call(Method::PUT, &path, Some(&camp.papa), Some(sheet(0)))
        .await;
    assert_error(locked, StatusCode::FORBIDDEN, "medical_locked").await;

    let camp_id = registered(&camp, 30, 10).await;
    let saved = camp
        .app
        .ok(Method::PUT, &path, &camp.papa, Some(sheet(0)))
        .await;
    assert_eq!(saved["blood_group"], "O+");
    assert_eq!(saved["emergency_contact"]["phone"], "0470/12.34.56");
    assert_eq!(saved["version"], 1);
    assert!(saved["consent_given_at"].is_string());
    assert_eq!(saved["confirmations"][0]["activity_id"], camp_id);

    let stale = camp
        .app
        .call(Method::PUT, &path, Some(&camp.papa), Some(sheet(0)))
        .await;
    assert_error(stale, StatusCode::CONFLICT, "stale_version").await;

    let mut no_consent = sheet(1);
    no_consent["consent"] = json!(false);
    let refused = camp
        .app
        .call(Method::PUT, &path, Some(&camp.papa), Some(no_consent))
        .await;
    let body = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(body["field"], "consent");

    let mut bad_group = sheet(1);
    bad_group["blood_group"] = json!("C+");
    let refused = camp
        .app
        .call(Method::PUT, &path, Some(&camp.papa), Some(bad_group))
        .await;
    let body = assert_error(refused, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(body["field"], "blood_group");

    let confirmed = camp
        .app
        .ok(
            Method::POST,
            &format!("{path}/confirmations"),
            &camp.papa,
            Some(json!({"activity_id": camp_id})),
        )
        .await;
    assert!(confirmed["confirmations"][0]["confirmed_on"].is_string());

    // The audit log says which fields changed, never what they hold.
    let history = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{}/history", camp.billy),
            &camp.staff,
            None,
        )
        .await;
    let entry = history
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "medical_sheet_saved")
        .unwrap();
    assert!(
        history
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "medical_sheet_confirmed"),
        "the confirmation is in the child's history"
    );
    assert!(
        entry["changes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["old"].is_null() && c["new"].is_null())
    );
    assert!(!entry.to_string().contains("Arachides"));
}

/// Staff reading around a stay of `start`..`start + length` days from today.
async fn staff_reading(start: i64, length: i64) -> (Camp, reqwest::Response) {
    let camp = camp_world().await;
    registered(&camp, start, length).await;
    let response = camp
        .app
        .call(
            Method::GET,
            &format!("/api/v1/children/{}/medical", camp.billy),
            Some(&camp.staff),
            None,
        )
        .await;
    (camp, response)
}

async fn staff_read_the_sheet_only_inside_the_window_and_each_reading_is_logged() {
    // The window opens three days before the start and closes after the last day.
    let (_, day_before) = staff_reading(4, 5).await;
    let body = assert_error(day_before, StatusCode::FORBIDDEN, "medical_closed").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("La fiche santé n'est accessible au staff que du ")
    );

    let (camp, first_day) = staff_reading(3, 5).await;
    assert_eq!(first_day.status(), StatusCode::OK);
    let readings = camp
        .app
        .ok(Method::GET, "/api/v1/medical-readings", &camp.staff, None)
        .await;
    assert_eq!(readings.as_array().unwrap().len(), 1);
    assert_eq!(readings[0]["child_name"], "Billy LE PIVERT");
    assert_eq!(
        readings[0]["staff"],
        "Claire Secrétariat (secretariat@patro.be)"
    );
    assert_eq!(readings[0]["activity_name"], "Camp d'été");

    let (_, last_day) = staff_reading(-5, 5).await;
    assert_eq!(last_day.status(), StatusCode::OK);

    let (_, day_after) = staff_reading(-6, 5).await;
    let body = assert_error(day_after, StatusCode::FORBIDDEN, "medical_closed").await;
    assert_eq!(
        body["message"],
        "La fiche santé n'est accessible au staff que pendant un camp ou un hike auquel l'enfant est inscrit"
    );
}

async fn leaders_get_the_kitchen_extract_always_and_full_sheets_inside_the_window() {
    let camp = camp_world().await;
    let later = registered(&camp, 30, 5).await;
    let path = format!("/api/v1/children/{}/medical", camp.billy);
    camp.app
        .ok(Method::PUT, &path, &camp.papa, Some(sheet(0)))
        .await;
    let list = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/activities/{later}/participants"),
            &camp.staff,
            None,
        )
        .await;
    assert_eq!(list["medical_window_open"], false);
    let billy = &list["participants"][0];
    assert_eq!(billy["allergies"], "Arachides");
    assert_eq!(billy["diet"], "Sans arachides");
    assert!(billy.get("medical").is_none());
    assert_eq!(billy["emergency_contacts"][0]["name"], "Mamy Pivert");

    let now = registered(&camp, -1, 3).await;
    let extract = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/activities/{now}/participants"),
            &camp.staff,
            None,
        )
        .await;
    assert_eq!(extract["medical_window_open"], true);
    assert!(
        extract["participants"][0].get("medical").is_none(),
        "sheets only when asked for"
    );
    let none = camp
        .app
        .ok(Method::GET, "/api/v1/medical-readings", &camp.staff, None)
        .await;
    assert_eq!(
        none,
        serde_json::json!([]),
        "the extract alone is no reading"
    );

    let list = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/activities/{now}/participants?medical=true"),
            &camp.staff,
            None,
        )
        .await;
    assert_eq!(list["participants"][0]["medical"]["insurer"], "Solidaris");
    let readings = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/medical-readings?child={}", camp.billy),
            &camp.staff,
            None,
        )
        .await;
    assert_eq!(readings[0]["activity_id"], now);

    let parent = camp
        .app
        .call(
            Method::GET,
            &format!("/api/v1/activities/{now}/participants"),
            Some(&camp.papa),
            None,
        )
        .await;
    assert_error(parent, StatusCode::FORBIDDEN, "forbidden").await;
}

async fn the_end_to_end_camp_flow() {
    // Staff create a camp; the parent registers Billy and confirms the sheet; the fee shows in
    // "Actions spéciales"; inside the window the leader reads the sheet and it is logged.
    let camp = camp_world().await;
    let leader = camp
        .app
        .animateur_token(&camp.staff, "benjamins@patro.be", &["Benjamins"])
        .await;
    // Starting the day after tomorrow, registrations open until tomorrow: the parent can still
    // register, and the leaders' window (three days before the start) is already open.
    let id = activity(&camp, 2, 4, 1, json!({"leaders": ["benjamins@patro.be"]})).await;
    camp.app
        .ok(
            Method::POST,
            &format!("/api/v1/activities/{id}/registrations"),
            &camp.papa,
            Some(json!({"child_id": camp.billy})),
        )
        .await;
    let path = format!("/api/v1/children/{}/medical", camp.billy);
    camp.app
        .ok(Method::PUT, &path, &camp.papa, Some(sheet(0)))
        .await;
    camp.app
        .ok(
            Method::POST,
            &format!("{path}/confirmations"),
            &camp.papa,
            Some(json!({"activity_id": id})),
        )
        .await;
    let dashboard = camp
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &camp.papa, None)
        .await;
    let alerts: Vec<&str> = dashboard["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert!(alerts.contains(&"activity_unpaid"));
    assert!(!alerts.contains(&"medical_to_confirm"));

    let read = camp.app.ok(Method::GET, &path, &leader, None).await;
    assert_eq!(read["allergies"], "Arachides");
    let readings = camp
        .app
        .ok(Method::GET, "/api/v1/medical-readings", &camp.staff, None)
        .await;
    assert_eq!(
        readings[0]["staff"],
        "Claire Secrétariat (benjamins@patro.be)"
    );
}

async fn the_participants_export_has_medical_columns_only_inside_the_window_for_a_person() {
    let camp = camp_world().await;
    let later = registered(&camp, 30, 5).await;
    let path = format!("/api/v1/children/{}/medical", camp.billy);
    camp.app
        .ok(Method::PUT, &path, &camp.papa, Some(sheet(0)))
        .await;
    let export = |activity: i64, token: String| {
        let app = &camp.app;
        async move {
            app.ok(
                Method::GET,
                &format!("/api/v1/exports/participants?activity={activity}"),
                &token,
                None,
            )
            .await
        }
    };
    let outside = export(later, camp.staff.clone()).await;
    assert_eq!(
        outside["columns"],
        json!(["nom", "prenom", "section", "statut", "contacts"])
    );
    assert!(!outside.to_string().contains("Arachides"));

    let now = registered(&camp, -1, 3).await;
    let token = camp
        .app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &camp.staff,
            Some(json!({"name": "listes", "scope": "export"})),
        )
        .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let by_script = export(now, token).await;
    assert!(
        !by_script.to_string().contains("Arachides"),
        "a token never reads medical sheets"
    );
    let none = camp
        .app
        .ok(Method::GET, "/api/v1/medical-readings", &camp.staff, None)
        .await;
    assert_eq!(none, json!([]));

    let inside = export(now, camp.staff.clone()).await;
    let columns = inside["columns"].as_array().unwrap();
    let allergies = columns.iter().position(|c| c == "allergies").unwrap();
    assert_eq!(inside["rows"][0][allergies], "Arachides");
    let readings = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/medical-readings?child={}", camp.billy),
            &camp.staff,
            None,
        )
        .await;
    assert_eq!(
        readings[0]["activity_id"], now,
        "the export's reading is logged"
    );
}
