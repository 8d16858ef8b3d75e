use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::{Duration, OffsetDateTime};

use tempatro_core::date::short;

use crate::helpers::{TestApp, assert_error, spawn_app};

on_each_engine!(
    a_parent_registers_a_child_of_the_section_and_the_fee_shows_in_special_actions,
    registration_follows_the_section_and_the_deadline,
    past_capacity_children_wait_in_order_and_move_up_when_a_place_frees,
    two_families_racing_for_the_last_place_never_both_get_it,
    a_parent_cancels_until_the_deadline_only,
    a_finished_camp_joins_the_child_history,
    activity_dates_must_hold_together,
    a_tie_on_the_waiting_list_goes_to_the_lower_child_id,
);

/// Two children waiting since the same instant: the child's id decides, the same on both engines
/// (SQLite's row order and PostgreSQL's used to disagree).
async fn a_tie_on_the_waiting_list_goes_to_the_lower_child_id() {
    let camp = camp_world().await;
    let id = activity(
        &camp,
        30,
        5,
        20,
        json!({"capacity": 1, "sections": ["Benjamins", "Chevaliers"]}),
    )
    .await;
    register(&camp, &camp.staff, id, camp.zoe).await;
    let léon = camp
        .app
        .add_child(
            &camp.staff,
            json!({"first_name": "Léon", "last_name": "DUBOIS", "birth_date": "02/09/2019"}),
        )
        .await;
    // Léon waits first, but Billy was recorded first and has the lower id.
    assert!(léon > camp.billy);
    register(&camp, &camp.staff, id, léon).await;
    register(&camp, &camp.papa, id, camp.billy).await;
    sqlx::any::install_default_drivers();
    let mut db = <sqlx::AnyConnection as sqlx::Connection>::connect(&camp.app.config.database_url)
        .await
        .expect("the test reaches its database");
    sqlx::query("UPDATE registrations SET queued_at = 1 WHERE status = 'waitlisted'")
        .execute(&mut db)
        .await
        .expect("the waiting children are made equal");

    let list = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/activities/{id}/participants"),
            &camp.staff,
            None,
        )
        .await;
    let waiting: Vec<i64> = list["participants"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["status"] == "waitlisted")
        .map(|p| p["child_id"].as_i64().unwrap())
        .collect();
    assert_eq!(waiting, [camp.billy, léon]);
    camp.app
        .ok(
            Method::DELETE,
            &format!("/api/v1/activities/{id}/registrations/{}", camp.zoe),
            &camp.staff,
            None,
        )
        .await;
    let billy = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{}/activities", camp.billy),
            &camp.papa,
            None,
        )
        .await;
    assert_eq!(billy[0]["registration"]["status"], "registered");
}

pub struct Camp {
    pub app: TestApp,
    pub staff: String,
    pub papa: String,
    pub billy: i64,
    pub zoe: i64,
}

/// Billy (Benjamins) linked to Papa; Zoë (Chevaliers) in another family.
pub async fn camp_world() -> Camp {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, &app.current_cycle().to_string())
        .await;
    let billy = app
        .add_child(
            &staff,
            json!({"first_name": "Billy", "last_name": "LE PIVERT", "birth_date": "01/05/2018"}),
        )
        .await;
    let zoe = app
        .add_child(
            &staff,
            json!({"first_name": "Zoë", "last_name": "DUBOIS", "birth_date": "14/03/2015"}),
        )
        .await;
    let papa = app.parent_token(&staff, "papa@patro.be").await;
    app.link(&staff, billy, "papa@patro.be").await;
    Camp {
        app,
        staff,
        papa,
        billy,
        zoe,
    }
}

/// An activity `start` days from today lasting `length` days, closing `deadline` days from today.
pub async fn activity(camp: &Camp, start: i64, length: i64, deadline: i64, extra: Value) -> i64 {
    let today = OffsetDateTime::now_utc().date();
    let mut body = json!({
        "kind": "camp", "name": "Camp d'été", "place": "Hastière",
        "starts_on": short(today + Duration::days(start)),
        "ends_on": short(today + Duration::days(start + length)),
        "deadline": short(today + Duration::days(deadline)),
        "sections": ["Benjamins"], "price": "120", "needs_medical": true,
    });
    for (key, value) in extra.as_object().unwrap() {
        body[key] = value.clone();
    }
    camp.app
        .ok(Method::POST, "/api/v1/activities", &camp.staff, Some(body))
        .await["id"]
        .as_i64()
        .unwrap()
}

async fn register(camp: &Camp, token: &str, activity: i64, child: i64) -> reqwest::Response {
    camp.app
        .call(
            Method::POST,
            &format!("/api/v1/activities/{activity}/registrations"),
            Some(token),
            Some(json!({"child_id": child})),
        )
        .await
}

async fn a_parent_registers_a_child_of_the_section_and_the_fee_shows_in_special_actions() {
    let camp = camp_world().await;
    let id = activity(&camp, 60, 10, 30, json!({})).await;
    let response = register(&camp, &camp.papa, id, camp.billy).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let registration: Value = response.json().await.unwrap();
    assert_eq!(registration["status"], "registered");
    assert_eq!(registration["fee"], 12_000);

    let dashboard = camp
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &camp.papa, None)
        .await;
    let codes: Vec<&str> = dashboard["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"activity_unpaid"), "{codes:?}");
    assert!(codes.contains(&"medical_to_confirm"), "{codes:?}");

    let twice = register(&camp, &camp.papa, id, camp.billy).await;
    assert_error(twice, StatusCode::CONFLICT, "conflict").await;

    let list = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{}/activities", camp.billy),
            &camp.papa,
            None,
        )
        .await;
    assert_eq!(list[0]["registration"]["status"], "registered");
    assert_eq!(list[0]["activity"]["places_left"], Value::Null);
}

async fn registration_follows_the_section_and_the_deadline() {
    let camp = camp_world().await;
    let closed = activity(&camp, 60, 10, -1, json!({})).await;
    let response = register(&camp, &camp.papa, closed, camp.billy).await;
    let body = assert_error(response, StatusCode::CONFLICT, "conflict").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Les inscriptions sont closes depuis le ")
    );

    let chevaliers = activity(&camp, 60, 10, 30, json!({"sections": ["Chevaliers"]})).await;
    let response = register(&camp, &camp.papa, chevaliers, camp.billy).await;
    let body = assert_error(response, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(
        body["message"],
        "Cette activité n'est pas prévue pour la section de cet enfant"
    );

    // Staff may add a child anyway, past the deadline.
    let response = register(&camp, &camp.staff, closed, camp.billy).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    // Another family's child stays invisible to this parent.
    let response = register(&camp, &camp.papa, chevaliers, camp.zoe).await;
    assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
}

async fn past_capacity_children_wait_in_order_and_move_up_when_a_place_frees() {
    let camp = camp_world().await;
    let id = activity(
        &camp,
        60,
        10,
        30,
        json!({"capacity": 1, "sections": ["Benjamins", "Chevaliers"]}),
    )
    .await;
    let léon = camp
        .app
        .add_child(
            &camp.staff,
            json!({"first_name": "Léon", "last_name": "DUBOIS", "birth_date": "02/09/2019"}),
        )
        .await;
    camp.app.parent_token(&camp.staff, "claire@patro.be").await;
    camp.app.link(&camp.staff, léon, "claire@patro.be").await;
    camp.app
        .link(&camp.staff, camp.zoe, "claire@patro.be")
        .await;
    let first: Value = register(&camp, &camp.staff, id, camp.zoe)
        .await
        .json()
        .await
        .unwrap();
    let second: Value = register(&camp, &camp.papa, id, camp.billy)
        .await
        .json()
        .await
        .unwrap();
    let third: Value = register(&camp, &camp.staff, id, léon)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["status"], "registered");
    assert_eq!(
        (second["status"].as_str(), second["position"].as_i64()),
        (Some("waitlisted"), Some(1))
    );
    assert_eq!(
        (third["status"].as_str(), third["position"].as_i64()),
        (Some("waitlisted"), Some(2))
    );

    // Waiting for a place costs nothing yet.
    assert!(second.get("due").is_none());
    let owed = |dues: Value| {
        dues.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == "activity")
            .count()
    };
    let dues = camp
        .app
        .ok(Method::GET, "/api/v1/dues", &camp.papa, None)
        .await;
    assert_eq!(owed(dues), 0);
    let cancelled = camp
        .app
        .ok(
            Method::DELETE,
            &format!("/api/v1/activities/{id}/registrations/{}", camp.zoe),
            &camp.staff,
            None,
        )
        .await;
    assert_eq!(cancelled["status"], "cancelled");
    let billy = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{}/activities", camp.billy),
            &camp.papa,
            None,
        )
        .await;
    assert_eq!(billy[0]["registration"]["status"], "registered");
    let dues = camp
        .app
        .ok(Method::GET, "/api/v1/dues", &camp.papa, None)
        .await;
    assert_eq!(owed(dues), 1, "the place it got is now owed");
    let mails = camp.app.mails_to("papa@patro.be").await;
    assert!(
        mails
            .iter()
            .any(|mail| mail.contains("Une place s'est libérée")),
        "the family of the child that moved up is told: {mails:#?}"
    );
    let list = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/activities/{id}/participants"),
            &camp.staff,
            None,
        )
        .await;
    let statuses: Vec<(&str, Option<i64>)> = list["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["first_name"].as_str().unwrap(), p["position"].as_i64()))
        .collect();
    assert_eq!(statuses, [("Billy", None), ("Léon", Some(1))]);
}

async fn two_families_racing_for_the_last_place_never_both_get_it() {
    let camp = camp_world().await;
    let id = activity(
        &camp,
        60,
        10,
        30,
        json!({"capacity": 1, "sections": ["Benjamins", "Chevaliers"]}),
    )
    .await;
    camp.app.parent_token(&camp.staff, "claire@patro.be").await;
    camp.app
        .link(&camp.staff, camp.zoe, "claire@patro.be")
        .await;
    let claire = camp
        .app
        .token(
            "claire@patro.be",
            crate::helpers::PARENT_PASSWORD,
            "parents",
        )
        .await;
    for round in 0..5 {
        if round > 0 {
            for child in [camp.billy, camp.zoe] {
                camp.app
                    .call(
                        Method::DELETE,
                        &format!("/api/v1/activities/{id}/registrations/{child}"),
                        Some(&camp.staff),
                        None,
                    )
                    .await;
            }
        }
        let (a, b) = tokio::join!(
            register(&camp, &camp.papa, id, camp.billy),
            register(&camp, &claire, id, camp.zoe)
        );
        let a: Value = a.json().await.unwrap();
        let b: Value = b.json().await.unwrap();
        let mut statuses = [a["status"].as_str().unwrap(), b["status"].as_str().unwrap()];
        statuses.sort_unstable();
        assert_eq!(statuses, ["registered", "waitlisted"], "round {round}");
    }
}

async fn a_parent_cancels_until_the_deadline_only() {
    let camp = camp_world().await;
    let id = activity(&camp, 60, 10, 0, json!({})).await;
    assert_eq!(
        register(&camp, &camp.papa, id, camp.billy).await.status(),
        StatusCode::CREATED
    );
    camp.app
        .ok(
            Method::DELETE,
            &format!("/api/v1/activities/{id}/registrations/{}", camp.billy),
            &camp.papa,
            None,
        )
        .await;
    // A place given up is owed no more.
    let camp_dues = |dues: Value| -> Vec<String> {
        dues.as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"] == "activity")
            .map(|d| d["status"].as_str().unwrap().to_owned())
            .collect()
    };
    let dues = camp
        .app
        .ok(Method::GET, "/api/v1/dues", &camp.papa, None)
        .await;
    assert_eq!(camp_dues(dues), ["cancelled"]);
    // Registering again after cancelling is allowed, and owes the fee once.
    assert_eq!(
        register(&camp, &camp.papa, id, camp.billy).await.status(),
        StatusCode::CREATED
    );
    let dues = camp
        .app
        .ok(Method::GET, "/api/v1/dues", &camp.papa, None)
        .await;
    assert_eq!(camp_dues(dues), ["cancelled", "unpaid"]);

    let closed = activity(&camp, 60, 10, -1, json!({})).await;
    assert_eq!(
        register(&camp, &camp.staff, closed, camp.billy)
            .await
            .status(),
        StatusCode::CREATED
    );
    let late = camp
        .app
        .call(
            Method::DELETE,
            &format!("/api/v1/activities/{closed}/registrations/{}", camp.billy),
            Some(&camp.papa),
            None,
        )
        .await;
    assert_error(late, StatusCode::CONFLICT, "conflict").await;
}

async fn a_finished_camp_joins_the_child_history() {
    let camp = camp_world().await;
    let past = activity(&camp, -20, 5, -30, json!({"name": "Opont 2025"})).await;
    assert_eq!(
        register(&camp, &camp.staff, past, camp.billy)
            .await
            .status(),
        StatusCode::CREATED
    );
    let sheet = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{}", camp.billy),
            &camp.papa,
            None,
        )
        .await;
    assert_eq!(sheet["camps"], json!(["Opont 2025"]));
}

async fn activity_dates_must_hold_together() {
    let camp = camp_world().await;
    let today = OffsetDateTime::now_utc().date();
    let response = camp
        .app
        .call(
            Method::POST,
            "/api/v1/activities",
            Some(&camp.staff),
            Some(json!({
                "kind": "hike", "name": "Hike", "place": "Ardennes",
                "starts_on": short(today + Duration::days(10)), "ends_on": short(today + Duration::days(9)),
                "deadline": short(today), "sections": ["Benjamins"], "price": "15",
            })),
        )
        .await;
    let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(body["field"], "ends_on");
}
