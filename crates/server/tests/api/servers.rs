//! Several servers on one database, as a Patro behind a load balancer runs them: what one server
//! writes, the other reads, and decisions about places are taken by the database, not by either
//! server.

use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use tempatro_server::Server;

use crate::activities::{activity, camp_world};
use crate::helpers::{PARENT_PASSWORD, TestApp, spawn_app};
use crate::payments::{billy_due, coda, digits};

on_each_engine!(
    a_session_opened_on_one_server_is_good_on_the_other,
    two_servers_racing_for_the_last_place_never_both_give_it,
    one_statement_imported_through_two_servers_at_once_pays_once,
    siblings_linked_through_two_servers_at_once_still_make_a_family,
);

/// A request to `server`, with the test app's client.
async fn call_at(
    app: &TestApp,
    server: &Server,
    method: Method,
    path: &str,
    token: &str,
    body: Option<Value>,
) -> Response {
    let mut request = app
        .http
        .request(method, format!("{}{path}", server.url()))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    request.send().await.unwrap()
}

async fn a_session_opened_on_one_server_is_good_on_the_other() {
    let camp = camp_world().await;
    let second = camp.app.second_server().await;
    // camp.papa logged in on the first server.
    let me = call_at(
        &camp.app,
        &second,
        Method::GET,
        "/api/v1/me",
        &camp.papa,
        None,
    )
    .await;
    assert_eq!(me.status(), StatusCode::OK);
    let me: Value = me.json().await.unwrap();
    assert_eq!(me["email"], "papa@patro.be", "{me}");
    // And the other way round: a login on the second server, read on the first.
    let login = camp
        .app
        .http
        .post(format!("{}/api/v1/sessions", second.url()))
        .json(&json!({"email": "papa@patro.be", "password": PARENT_PASSWORD, "portal": "parents"}))
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), StatusCode::CREATED);
    let token = login.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let me = camp.app.ok(Method::GET, "/api/v1/me", &token, None).await;
    assert_eq!(me["email"], "papa@patro.be", "{me}");
    // A logout on one server closes the session on both.
    let logout = call_at(
        &camp.app,
        &second,
        Method::DELETE,
        "/api/v1/sessions/current",
        &token,
        None,
    )
    .await;
    assert!(logout.status().is_success(), "{}", logout.status());
    let me = camp
        .app
        .call(Method::GET, "/api/v1/me", Some(&token), None)
        .await;
    assert_eq!(me.status(), StatusCode::UNAUTHORIZED);
    second.stop().await.unwrap();
}

async fn two_servers_racing_for_the_last_place_never_both_give_it() {
    let camp = camp_world().await;
    let second = camp.app.second_server().await;
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
        .token("claire@patro.be", PARENT_PASSWORD, "parents")
        .await;
    let path = format!("/api/v1/activities/{id}/registrations");
    for round in 0..5 {
        if round > 0 {
            for child in [camp.billy, camp.zoe] {
                camp.app
                    .call(
                        Method::DELETE,
                        &format!("{path}/{child}"),
                        Some(&camp.staff),
                        None,
                    )
                    .await;
            }
        }
        // Billy through the first server, Zoë through the second, at the same time.
        let (a, b) = tokio::join!(
            camp.app.call(
                Method::POST,
                &path,
                Some(&camp.papa),
                Some(json!({"child_id": camp.billy}))
            ),
            call_at(
                &camp.app,
                &second,
                Method::POST,
                &path,
                &claire,
                Some(json!({"child_id": camp.zoe}))
            )
        );
        assert_eq!(a.status(), StatusCode::CREATED, "round {round}");
        assert_eq!(b.status(), StatusCode::CREATED, "round {round}");
        let a: Value = a.json().await.unwrap();
        let b: Value = b.json().await.unwrap();
        let mut statuses = [a["status"].as_str().unwrap(), b["status"].as_str().unwrap()];
        statuses.sort_unstable();
        assert_eq!(statuses, ["registered", "waitlisted"], "round {round}");
        // Both servers list the same one child holding the place.
        let activity_on_second: Value = call_at(
            &camp.app,
            &second,
            Method::GET,
            &format!("/api/v1/activities/{id}"),
            &camp.staff,
            None,
        )
        .await
        .json()
        .await
        .unwrap();
        let activity_on_first = camp
            .app
            .ok(
                Method::GET,
                &format!("/api/v1/activities/{id}"),
                &camp.staff,
                None,
            )
            .await;
        assert_eq!(activity_on_first, activity_on_second, "round {round}");
    }
    second.stop().await.unwrap();
}

async fn one_statement_imported_through_two_servers_at_once_pays_once() {
    let camp = camp_world().await;
    let second = camp.app.second_server().await;
    let due = billy_due(&camp).await;
    let file = coda(&digits(&due["reference"]), 4500);
    let import_at = |server: &Server| {
        camp.app
            .http
            .post(format!("{}/api/v1/bank-statements", server.url()))
            .bearer_auth(&camp.staff)
            .body(file.clone())
            .send()
    };
    let (a, b) = tokio::join!(import_at(&camp.app.server), import_at(&second));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!(a.status().is_success(), "{}", a.text().await.unwrap());
    assert!(b.status().is_success(), "{}", b.text().await.unwrap());
    let a: Value = a.json().await.unwrap();
    let b: Value = b.json().await.unwrap();
    // One import read the three lines, the other found them there.
    let count = |key: &str| a[key].as_i64().unwrap() + b[key].as_i64().unwrap();
    assert_eq!(
        (
            count("matched"),
            count("unmatched"),
            count("debits"),
            count("already_imported")
        ),
        (1, 1, 1, 3),
        "{a} {b}"
    );
    assert_eq!(billy_due(&camp).await["paid"], 4500);
    second.stop().await.unwrap();
}

async fn siblings_linked_through_two_servers_at_once_still_make_a_family() {
    let app = spawn_app().await;
    let second = app.second_server().await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, &app.current_cycle().to_string())
        .await;
    app.parent_token(&staff, "claire@patro.be").await;
    for round in 0..3 {
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
        let link = |server: &Server, child: i64| {
            app.http
                .post(format!("{}/api/v1/children/{child}/parents", server.url()))
                .bearer_auth(&staff)
                .json(&json!({"email": "claire@patro.be"}))
                .send()
        };
        let (a, b) = tokio::join!(link(&app.server, younger), link(&second, elder));
        assert!(a.unwrap().status().is_success(), "round {round}");
        assert!(b.unwrap().status().is_success(), "round {round}");
        // Each linking saw the other: the family's fees are ranked eldest first, whichever
        // committed first. (Claire's children of earlier rounds are older siblings too.)
        let mut fees = Vec::new();
        for child in [elder, younger] {
            let sheet = app
                .ok(
                    Method::GET,
                    &format!("/api/v1/children/{child}"),
                    &staff,
                    None,
                )
                .await;
            fees.push(sheet["affiliations"][0]["fee"].as_i64().unwrap());
        }
        let expected = if round == 0 {
            [4500, 3500]
        } else {
            [3500, 3500]
        };
        assert_eq!(fees, expected, "round {round}");
    }
    second.stop().await.unwrap();
}
