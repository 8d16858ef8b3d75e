//! Who may call each child, link and affiliation route: one table, every caller.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{PARENT_PASSWORD, TestApp, spawn_app};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Caller {
    Anonymous,
    PendingParent,
    ChildsParent,
    OtherParent,
    AnimateurOfSection,
    AnimateurOfOtherSection,
    Responsable,
}

/// What a caller gets: allowed (a success, or a business refusal such as 409 or 422), forbidden
/// (403), hidden (404, as for a child that does not exist), or unauthenticated (401).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Outcome {
    Allowed,
    Forbidden,
    Hidden,
    Unauthenticated,
}

use Outcome::{Allowed as A, Forbidden as F, Hidden as H};

on_each_engine!(
    every_child_link_and_affiliation_route_for_every_caller,
    a_pending_parent_cannot_even_get_a_session,
    an_animateur_reads_names_section_and_contacts_only,
);

struct World {
    app: TestApp,
    tokens: Vec<(Caller, Option<String>)>,
    billy: i64,
    maman: i64,
    request: i64,
}

async fn world() -> World {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let cycle = app.current_cycle();
    app.open_cycle(&staff, &cycle.to_string()).await;
    app.open_cycle(&staff, &cycle.next().to_string()).await;
    let billy = app
        .add_child(
            &staff,
            json!({"first_name": "Billy", "last_name": "LE PIVERT", "birth_date": "01/05/2018"}),
        )
        .await;
    let papa = app.parent_token(&staff, "papa@patro.be").await;
    app.link(&staff, billy, "papa@patro.be").await;
    let maman = app.active_parent("maman@patro.be", &staff).await;
    app.link(&staff, billy, "maman@patro.be").await;
    let other = app.parent_token(&staff, "autre@patro.be").await;
    app.sign_up("Pending", "pending@patro.be").await;
    let benjamins = app
        .animateur_token(&staff, "benjamins@patro.be", &["Benjamins"])
        .await;
    let chevaliers = app
        .animateur_token(&staff, "chevaliers@patro.be", &["Chevaliers"])
        .await;
    let request = app
        .ok(
            Method::POST,
            "/api/v1/link-requests",
            &other,
            Some(json!({"child_first_name": "Léa", "child_last_name": "X", "birth_date": "01/01/2017"})),
        )
        .await["id"]
        .as_i64()
        .unwrap();
    World {
        tokens: vec![
            (Caller::Anonymous, None),
            (Caller::PendingParent, None),
            (Caller::ChildsParent, Some(papa)),
            (Caller::OtherParent, Some(other)),
            (Caller::AnimateurOfSection, Some(benjamins)),
            (Caller::AnimateurOfOtherSection, Some(chevaliers)),
            (Caller::Responsable, Some(staff)),
        ],
        app,
        billy,
        maman,
        request,
    }
}

fn outcome(status: StatusCode) -> Outcome {
    match status {
        StatusCode::UNAUTHORIZED => Outcome::Unauthenticated,
        StatusCode::FORBIDDEN => F,
        StatusCode::NOT_FOUND => H,
        _ => A,
    }
}

async fn every_child_link_and_affiliation_route_for_every_caller() {
    // Expected for: the child's parent, another parent, an animateur of the child's section, an
    // animateur of another section, a responsable. Anonymous and pending callers get 401.
    type Route = (Method, &'static str, Option<Value>, [Outcome; 5]);
    let routes: Vec<Route> = vec![
        (Method::GET, "/api/v1/children", None, [A, A, A, A, A]),
        (
            Method::POST,
            "/api/v1/children",
            Some(json!({"first_name": "Zoé", "last_name": "X", "birth_date": "01/01/2016"})),
            [F, F, F, F, A],
        ),
        (
            Method::GET,
            "/api/v1/children/{billy}",
            None,
            [A, H, A, H, A],
        ),
        (
            Method::PATCH,
            "/api/v1/children/{billy}",
            Some(json!({"version": 1, "image_rights": true})),
            [A, H, F, H, A],
        ),
        (
            Method::GET,
            "/api/v1/children/{billy}/history",
            None,
            [F, H, F, H, A],
        ),
        (
            Method::POST,
            "/api/v1/children/{billy}/parents",
            Some(json!({"email": "maman@patro.be"})),
            [F, H, F, H, A],
        ),
        (
            Method::DELETE,
            "/api/v1/children/{billy}/parents/{maman}",
            None,
            [F, H, F, H, A],
        ),
        (
            Method::POST,
            "/api/v1/children/{billy}/renewal",
            None,
            [A, H, F, H, A],
        ),
        (
            Method::POST,
            "/api/v1/children/{billy}/affiliations",
            Some(json!({"cycle": "{next}"})),
            [F, H, F, H, A],
        ),
        (
            Method::PUT,
            "/api/v1/children/{billy}/affiliations/{cycle}/payment",
            Some(json!({})),
            [F, H, F, H, A],
        ),
        (
            Method::DELETE,
            "/api/v1/children/{billy}/affiliations/{cycle}/payment",
            None,
            [F, H, F, H, A],
        ),
        (
            Method::PUT,
            "/api/v1/children/{billy}/affiliations/{cycle}/solidarity",
            Some(json!({"granted": true})),
            [F, H, F, H, A],
        ),
        (
            Method::PUT,
            "/api/v1/children/{billy}/affiliations/{cycle}/section",
            Some(json!({"section": "Benjamins"})),
            [F, H, F, H, A],
        ),
        (Method::GET, "/api/v1/affiliations", None, [F, F, F, F, A]),
        (Method::GET, "/api/v1/link-requests", None, [A, A, A, A, A]),
        (
            Method::POST,
            "/api/v1/link-requests/{request}/approve",
            Some(json!({"child_id": "{billy}"})),
            [F, F, F, F, A],
        ),
        (
            Method::POST,
            "/api/v1/link-requests/{request}/reject",
            Some(json!({"reason": "inconnu"})),
            [F, F, F, F, A],
        ),
    ];
    let mut failures = Vec::new();
    for index in 0..7 {
        // A fresh world per caller: one caller's writes never change what the next one may do.
        let world = world().await;
        let (caller, token) = world.tokens[index].clone();
        let cycle = world.app.current_cycle();
        let fill = |text: &str| {
            text.replace("{billy}", &world.billy.to_string())
                .replace("{maman}", &world.maman.to_string())
                .replace("{request}", &world.request.to_string())
                .replace("{next}", &cycle.next().to_string())
                .replace("{cycle}", &cycle.to_string())
        };
        for (method, path, body, expected) in &routes {
            let expected = match caller {
                Caller::Anonymous | Caller::PendingParent => Outcome::Unauthenticated,
                _ => expected[index - 2],
            };
            let body = body.as_ref().map(|b| {
                let filled: Value = serde_json::from_str(&fill(&b.to_string())).unwrap();
                // Ids travel as numbers.
                match filled.get("child_id").and_then(Value::as_str) {
                    Some(id) => json!({"child_id": id.parse::<i64>().unwrap()}),
                    None => filled,
                }
            });
            let response = world
                .app
                .call(method.clone(), &fill(path), token.as_deref(), body)
                .await;
            let got = outcome(response.status());
            if got != expected {
                failures.push(format!(
                    "{caller:?} {method} {path}: expected {expected:?}, got {got:?} ({})",
                    response.status()
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

async fn a_pending_parent_cannot_even_get_a_session() {
    let world = world().await;
    let response = world
        .app
        .log_in("pending@patro.be", PARENT_PASSWORD, "parents")
        .await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
}

async fn an_animateur_reads_names_section_and_contacts_only() {
    let world = world().await;
    let benjamins = world.tokens[4].1.clone().unwrap();
    let sheet = world
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{}", world.billy),
            &benjamins,
            None,
        )
        .await;
    assert_eq!(sheet["first_name"], "Billy");
    assert_eq!(sheet["section"]["name"], "Benjamins");
    assert_eq!(sheet["affiliations"], json!([]));
    assert!(sheet.get("doctor").is_none() && sheet.get("image_rights").is_none());
    assert_eq!(sheet["parents"], json!([]));
    let list = world
        .app
        .ok(Method::GET, "/api/v1/children", &benjamins, None)
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0].get("affiliation").is_none());

    let chevaliers = world.tokens[5].1.clone().unwrap();
    let none = world
        .app
        .ok(Method::GET, "/api/v1/children", &chevaliers, None)
        .await;
    assert_eq!(none, json!([]));
}
