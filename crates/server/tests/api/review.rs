//! Rules found missing in review, each pinned by a test.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::activities::camp_world;
use crate::helpers::assert_error;

on_each_engine!(
    animateurs_neither_publish_documents_nor_news,
    unlinking_a_parent_gives_the_brother_his_full_fee_back,
    a_cancelled_due_takes_no_payment,
    a_script_never_reads_a_medical_sheet,
    an_animateur_lists_this_cycles_children_only,
);

async fn animateurs_neither_publish_documents_nor_news() {
    let camp = camp_world().await;
    let animateur = camp
        .app
        .animateur_token(&camp.staff, "anim@patro.be", &["Benjamins"])
        .await;
    let document = camp
        .app
        .http
        .post(camp.app.url("/api/v1/documents"))
        .query(&[("filename", "x.txt"), ("for", "all")])
        .bearer_auth(&animateur)
        .header("Content-Type", "text/plain")
        .body("bonjour")
        .send()
        .await
        .unwrap();
    assert_error(document, StatusCode::FORBIDDEN, "forbidden").await;
    let news = camp
        .app
        .call(
            Method::POST,
            "/api/v1/news",
            Some(&animateur),
            Some(json!({"title": "x", "body": "y"})),
        )
        .await;
    assert_error(news, StatusCode::FORBIDDEN, "forbidden").await;
}

async fn unlinking_a_parent_gives_the_brother_his_full_fee_back() {
    let camp = camp_world().await;
    let léon = camp
        .app
        .add_child(
            &camp.staff,
            json!({"first_name": "Léon", "last_name": "DUBOIS", "birth_date": "02/09/2019"}),
        )
        .await;
    camp.app.parent_token(&camp.staff, "claire@patro.be").await;
    camp.app
        .link(&camp.staff, camp.zoe, "claire@patro.be")
        .await;
    camp.app.link(&camp.staff, léon, "claire@patro.be").await;
    let fee = |child: i64| {
        let camp = &camp;
        async move {
            camp.app
                .ok(
                    Method::GET,
                    &format!("/api/v1/children/{child}"),
                    &camp.staff,
                    None,
                )
                .await["affiliations"][0]["fee"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(fee(léon).await, 3500);
    let claire = camp
        .app
        .ok(
            Method::GET,
            "/api/v1/accounts?email=claire@patro.be",
            &camp.staff,
            None,
        )
        .await[0]["id"]
        .as_i64()
        .unwrap();
    camp.app
        .call(
            Method::DELETE,
            &format!("/api/v1/children/{}/parents/{claire}", camp.zoe),
            Some(&camp.staff),
            None,
        )
        .await;
    assert_eq!(fee(léon).await, 4500, "no elder sibling left in the family");
}

async fn a_cancelled_due_takes_no_payment() {
    let camp = camp_world().await;
    let due = camp
        .app
        .ok(
            Method::POST,
            "/api/v1/dues",
            &camp.staff,
            Some(json!({"child_id": camp.billy, "label": "T-shirt", "amount": "12"})),
        )
        .await;
    camp.app
        .ok(
            Method::POST,
            &format!("/api/v1/dues/{}/cancel", due["id"]),
            &camp.staff,
            None,
        )
        .await;
    let paid = camp
        .app
        .call(
            Method::POST,
            &format!("/api/v1/dues/{}/payments", due["id"]),
            Some(&camp.staff),
            Some(json!({"amount": "12"})),
        )
        .await;
    assert_error(paid, StatusCode::CONFLICT, "conflict").await;
}

async fn a_script_never_reads_a_medical_sheet() {
    let camp = camp_world().await;
    let token = camp
        .app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            &camp.staff,
            Some(json!({"name": "lecture", "scope": "read"})),
        )
        .await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let medical = camp
        .app
        .call(
            Method::GET,
            &format!("/api/v1/children/{}/medical", camp.billy),
            Some(&token),
            None,
        )
        .await;
    // No scope reaches the medical sheets: the token is refused before the sheet is looked at.
    assert_error(medical, StatusCode::FORBIDDEN, "token_scope").await;
}

async fn an_animateur_lists_this_cycles_children_only() {
    let camp = camp_world().await;
    let animateur = camp
        .app
        .animateur_token(&camp.staff, "anim@patro.be", &["Benjamins"])
        .await;
    let previous = camp.app.current_cycle().previous();
    let response = camp
        .app
        .call(
            Method::GET,
            &format!("/api/v1/children?cycle={previous}"),
            Some(&animateur),
            None,
        )
        .await;
    assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
    let now = camp
        .app
        .ok(Method::GET, "/api/v1/children", &animateur, None)
        .await;
    assert_eq!(now.as_array().unwrap().len(), 1, "Billy, a Benjamin");
}
