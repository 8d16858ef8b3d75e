use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::activities::camp_world;
use crate::helpers::assert_error;

on_each_engine!(
    a_section_document_reaches_that_section_only,
    files_are_checked_for_type_and_size,
    news_for_a_section_are_marked_unread_until_opened_and_vanish_when_unpublished,
    the_help_page_ships_a_text_staff_can_replace,
);

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n";

async fn publish(
    camp: &crate::activities::Camp,
    audience: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> reqwest::Response {
    camp.app
        .http
        .post(camp.app.url("/api/v1/documents"))
        .query(&[
            ("title", "Lettre de camp"),
            ("filename", "../lettre.pdf"),
            ("for", audience),
        ])
        .bearer_auth(&camp.staff)
        .header("Content-Type", content_type)
        .body(bytes)
        .send()
        .await
        .unwrap()
}

async fn a_section_document_reaches_that_section_only() {
    let camp = camp_world().await;
    let response = publish(&camp, "section:Benjamins", "application/pdf", PDF.to_vec()).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let document: serde_json::Value = response.json().await.unwrap();
    assert_eq!(document["filename"], "lettre.pdf");
    assert_eq!(
        document["audience"],
        json!({"kind": "section", "id": 2, "name": "Benjamins"})
    );
    let id = document["id"].as_i64().unwrap();

    let list = camp
        .app
        .ok(Method::GET, "/api/v1/documents", &camp.papa, None)
        .await;
    assert_eq!(list[0]["id"], id);
    let file = camp
        .app
        .call(
            Method::GET,
            &format!("/api/v1/documents/{id}/content"),
            Some(&camp.papa),
            None,
        )
        .await;
    assert_eq!(file.status(), StatusCode::OK);
    assert_eq!(file.headers()["content-type"], "application/pdf");
    assert_eq!(file.bytes().await.unwrap().as_ref(), PDF);

    // Claire's only child is a Chevalier.
    let claire = camp.app.parent_token(&camp.staff, "claire@patro.be").await;
    camp.app
        .link(&camp.staff, camp.zoe, "claire@patro.be")
        .await;
    assert_eq!(
        camp.app
            .ok(Method::GET, "/api/v1/documents", &claire, None)
            .await,
        json!([])
    );
    let hidden = camp
        .app
        .call(
            Method::GET,
            &format!("/api/v1/documents/{id}/content"),
            Some(&claire),
            None,
        )
        .await;
    assert_error(hidden, StatusCode::NOT_FOUND, "not_found").await;
}

async fn files_are_checked_for_type_and_size() {
    let camp = camp_world().await;
    let disguised = publish(
        &camp,
        "all",
        "application/pdf",
        b"MZ\x90\x00 executable".to_vec(),
    )
    .await;
    let body = assert_error(disguised, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    assert_eq!(body["field"], "file");
    let zip = publish(&camp, "all", "application/zip", b"PK\x03\x04".to_vec()).await;
    assert_error(zip, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
    let mut big = PDF.to_vec();
    big.resize(10 * 1024 * 1024 + 1, b' ');
    let too_big = publish(&camp, "all", "application/pdf", big).await;
    assert_error(too_big, StatusCode::PAYLOAD_TOO_LARGE, "file_too_large").await;
    let nowhere = publish(&camp, "section:Pionniers", "application/pdf", PDF.to_vec()).await;
    assert_error(nowhere, StatusCode::UNPROCESSABLE_ENTITY, "unknown_section").await;
    let parent = camp
        .app
        .http
        .post(camp.app.url("/api/v1/documents"))
        .query(&[("filename", "x.pdf"), ("for", "all")])
        .bearer_auth(&camp.papa)
        .header("Content-Type", "application/pdf")
        .body(PDF.to_vec())
        .send()
        .await
        .unwrap();
    assert_error(parent, StatusCode::FORBIDDEN, "forbidden").await;
}

async fn news_for_a_section_are_marked_unread_until_opened_and_vanish_when_unpublished() {
    let camp = camp_world().await;
    let general = camp
        .app
        .ok(
            Method::POST,
            "/api/v1/news",
            &camp.staff,
            Some(json!({"title": "Souper du Patro", "body": "Le **6 décembre**."})),
        )
        .await;
    let chevaliers = camp
        .app
        .ok(
            Method::POST,
            "/api/v1/news",
            &camp.staff,
            Some(
                json!({"title": "Réunion Chevaliers", "body": "Samedi.", "section": "Chevaliers"}),
            ),
        )
        .await;
    let news = camp
        .app
        .ok(Method::GET, "/api/v1/news", &camp.papa, None)
        .await;
    assert_eq!(news.as_array().unwrap().len(), 1, "Billy is a Benjamin");
    assert_eq!(news[0]["unread"], true);
    let item = camp
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/news/{}", general["id"]),
            &camp.papa,
            None,
        )
        .await;
    assert_eq!(item["body"], "Le **6 décembre**.");
    let dashboard = camp
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &camp.papa, None)
        .await;
    assert_eq!(dashboard["news"][0]["unread"], false);
    let hidden = camp
        .app
        .call(
            Method::GET,
            &format!("/api/v1/news/{}", chevaliers["id"]),
            Some(&camp.papa),
            None,
        )
        .await;
    assert_error(hidden, StatusCode::NOT_FOUND, "not_found").await;

    camp.app
        .ok(
            Method::POST,
            &format!("/api/v1/news/{}/unpublish", general["id"]),
            &camp.staff,
            None,
        )
        .await;
    assert_eq!(
        camp.app
            .ok(Method::GET, "/api/v1/news", &camp.papa, None)
            .await,
        json!([])
    );
    let all = camp
        .app
        .ok(Method::GET, "/api/v1/news?all=true", &camp.staff, None)
        .await;
    assert_eq!(all.as_array().unwrap().len(), 2);
}

async fn the_help_page_ships_a_text_staff_can_replace() {
    let camp = camp_world().await;
    let default = camp.app.call(Method::GET, "/api/v1/help", None, None).await;
    let page: serde_json::Value = default.json().await.unwrap();
    assert!(
        page["markdown"]
            .as_str()
            .unwrap()
            .starts_with("# Utiliser Tempatro")
    );
    let english = camp
        .app
        .http
        .get(camp.app.url("/api/v1/help"))
        .header("Accept-Language", "en")
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert!(
        english["markdown"]
            .as_str()
            .unwrap()
            .starts_with("# Using Tempatro")
    );
    camp.app
        .ok(
            Method::PUT,
            "/api/v1/help",
            &camp.staff,
            Some(json!({"markdown": "# Aide du Patro"})),
        )
        .await;
    let page = camp
        .app
        .ok(Method::GET, "/api/v1/help", &camp.papa, None)
        .await;
    assert_eq!(page["markdown"], "# Aide du Patro");
    let parent = camp
        .app
        .call(
            Method::PUT,
            "/api/v1/help",
            Some(&camp.papa),
            Some(json!({"markdown": "x"})),
        )
        .await;
    assert_error(parent, StatusCode::FORBIDDEN, "forbidden").await;
}
