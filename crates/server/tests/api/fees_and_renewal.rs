use reqwest::{Method, StatusCode};
use serde_json::json;
use time::Month;

use tempatro_core::RenewalWindow;

use crate::helpers::{assert_error, spawn_app, spawn_app_with};

on_each_engine!(
    the_second_child_of_a_family_gets_the_discount_and_solidarity_replaces_the_fee,
    cycles_are_listed_with_their_fees,
    sections_are_configured_by_the_responsable,
    outside_the_window_renewal_is_refused_with_the_months,
    a_parent_renews_once_for_the_cycle_the_window_leads_to,
);

async fn the_second_child_of_a_family_gets_the_discount_and_solidarity_replaces_the_fee() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let cycle = app.current_cycle();
    app.open_cycle(&staff, &cycle.to_string()).await;
    // The younger one is added first: the eldest still pays the full fee once they are a family.
    let younger = app
        .add_child(
            &staff,
            json!({"first_name": "Léon", "last_name": "DUBOIS", "birth_date": "02/09/2019"}),
        )
        .await;
    let elder = app
        .add_child(
            &staff,
            json!({"first_name": "Zoë", "last_name": "DUBOIS", "birth_date": "14/03/2015"}),
        )
        .await;
    app.parent_token(&staff, "claire@patro.be").await;
    let fee = |child: i64| {
        let app = &app;
        let staff = staff.clone();
        async move {
            let sheet = app
                .ok(
                    Method::GET,
                    &format!("/api/v1/children/{child}"),
                    &staff,
                    None,
                )
                .await;
            sheet["affiliations"][0]["fee"].as_i64().unwrap()
        }
    };
    assert_eq!(
        (fee(elder).await, fee(younger).await),
        (4500, 4500),
        "not a family yet"
    );

    app.link(&staff, younger, "claire@patro.be").await;
    app.link(&staff, elder, "claire@patro.be").await;
    assert_eq!((fee(elder).await, fee(younger).await), (4500, 3500));

    app.ok(
        Method::PUT,
        &format!("/api/v1/children/{younger}/affiliations/{cycle}/solidarity"),
        &staff,
        Some(json!({"granted": true})),
    )
    .await;
    assert_eq!(fee(younger).await, 1500);

    // New fees for the cycle reach unpaid affiliations.
    app.ok(
        Method::POST,
        "/api/v1/cycles",
        &staff,
        Some(json!({"cycle": cycle.to_string(), "normal_fee": "50", "solidarity_fee": "20", "sibling_discount": "5"})),
    )
    .await;
    assert_eq!((fee(elder).await, fee(younger).await), (5000, 2000));

    let unpaid = app
        .ok(
            Method::GET,
            &format!("/api/v1/affiliations?cycle={cycle}&unpaid=true"),
            &staff,
            None,
        )
        .await;
    assert_eq!(unpaid.as_array().unwrap().len(), 2);
}

async fn cycles_are_listed_with_their_fees() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, "2027-2028").await;
    let cycles = app.ok(Method::GET, "/api/v1/cycles", &staff, None).await;
    assert_eq!(cycles[0]["cycle"], "2027-2028");
    assert_eq!(cycles[0]["normal_fee"], 4500);
    assert_eq!(cycles[0]["sibling_discount"], 1000);
    assert_eq!(cycles[0]["first_day"], "2027-09-01");
    let bad = app
        .call(
            Method::POST,
            "/api/v1/cycles",
            Some(&staff),
            Some(json!({"cycle": "2027-2029", "normal_fee": "45", "solidarity_fee": "15"})),
        )
        .await;
    let body = assert_error(bad, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(body["field"], "cycle");
    let missing = app
        .call(Method::GET, "/api/v1/cycles/2030-2031", Some(&staff), None)
        .await;
    assert_error(missing, StatusCode::NOT_FOUND, "not_found").await;
}

async fn sections_are_configured_by_the_responsable() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let sections = app.ok(Method::GET, "/api/v1/sections", &staff, None).await;
    let labels: Vec<&str> = sections
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["label"].as_str().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "Poussins 4-6 ans",
            "Benjamins 6-9 ans",
            "Chevaliers 9-12 ans",
            "Conquérants 12-15 ans",
            "Aventuriers 15-18 ans"
        ]
    );
    let grands = app
        .ok(
            Method::POST,
            "/api/v1/sections",
            &staff,
            Some(json!({"name": "Grands", "ages": "18-25"})),
        )
        .await;
    assert_eq!(grands["position"], 6);
    let duplicate = app
        .call(
            Method::POST,
            "/api/v1/sections",
            Some(&staff),
            Some(json!({"name": "grands", "ages": "18-25"})),
        )
        .await;
    assert_error(duplicate, StatusCode::CONFLICT, "section_name_taken").await;
    let id = grands["id"].as_i64().unwrap();
    let changed = app
        .ok(
            Method::PUT,
            &format!("/api/v1/sections/{id}"),
            &staff,
            Some(json!({"name": "Grands", "ages": "18-21", "gender": "fille"})),
        )
        .await;
    assert_eq!(changed["label"], "Grands 18-21 ans");
    assert_eq!(changed["gender"], "girl");
}

async fn outside_the_window_renewal_is_refused_with_the_months() {
    let app = spawn_app_with(|config| {
        // Closed now, whatever the month the test runs in.
        let month = time::OffsetDateTime::now_utc().month();
        config.renewal_window = RenewalWindow {
            opens: month.next(),
            closes: month.next(),
        };
    })
    .await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, &app.current_cycle().to_string())
        .await;
    let billy = app
        .add_child(
            &staff,
            json!({"first_name": "Billy", "last_name": "LE PIVERT", "birth_date": "01/05/2018"}),
        )
        .await;
    let sheet = app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{billy}"),
            &staff,
            None,
        )
        .await;
    assert!(sheet.get("renewal").is_none());
    let response = app
        .call(
            Method::POST,
            &format!("/api/v1/children/{billy}/renewal"),
            Some(&staff),
            None,
        )
        .await;
    let body = assert_error(response, StatusCode::CONFLICT, "conflict").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .starts_with("Le renouvellement des affiliations est ouvert de ")
    );
}

async fn a_parent_renews_once_for_the_cycle_the_window_leads_to() {
    let app = spawn_app_with(|config| {
        config.renewal_window = RenewalWindow {
            opens: Month::January,
            closes: Month::December,
        };
    })
    .await;
    let staff = app.staff_token().await;
    // With a window open all year, it leads into the cycle starting this calendar year.
    let today = time::OffsetDateTime::now_utc().date();
    let target = tempatro_core::Cycle::starting_in(today.year());
    app.open_cycle(&staff, &target.previous().to_string()).await;
    app.open_cycle(&staff, &target.to_string()).await;
    let billy = app
        .add_child(&staff, json!({"first_name": "Billy", "last_name": "LE PIVERT", "birth_date": "01/05/2018", "affiliate": false}))
        .await;
    app.parent_token(&staff, "papa@patro.be").await;
    app.link(&staff, billy, "papa@patro.be").await;
    let papa = app
        .token("papa@patro.be", crate::helpers::PARENT_PASSWORD, "parents")
        .await;
    let path = format!("/api/v1/children/{billy}/renewal");

    let nothing = app.call(Method::POST, &path, Some(&papa), None).await;
    let body = assert_error(nothing, StatusCode::CONFLICT, "conflict").await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains(&target.previous().to_string())
    );

    app.ok(
        Method::POST,
        &format!("/api/v1/children/{billy}/affiliations"),
        &staff,
        Some(json!({"cycle": target.previous().to_string(), "solidarity": true})),
    )
    .await;
    let sheet = app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{billy}"),
            &papa,
            None,
        )
        .await;
    assert_eq!(sheet["renewal"]["cycle"], target.to_string());
    assert_eq!(sheet["renewal"]["fee"], 1500, "solidarity carried over");

    let renewed = app.ok(Method::POST, &path, &papa, None).await;
    assert_eq!(renewed["cycle"], target.to_string());
    assert_eq!(renewed["solidarity"], true);
    let twice = app.call(Method::POST, &path, Some(&papa), None).await;
    let body = assert_error(twice, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(
        body["message"],
        format!("L'affiliation pour le cycle {target} existe déjà")
    );
}
