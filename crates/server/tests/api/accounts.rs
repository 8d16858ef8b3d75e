use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use tempatro_core::Role;

use crate::helpers::{PARENT_PASSWORD, STAFF_PASSWORD, assert_error, spawn_app};

on_each_engine!(
    a_sign_up_creates_a_pending_parent_and_says_so_by_email,
    a_sign_up_with_a_taken_address_answers_the_same_and_tells_its_holder,
    invalid_sign_ups_name_the_field_in_french,
    a_missing_json_field_is_a_client_error_not_a_500,
    staff_see_pending_accounts_and_approve_them,
    a_rejection_needs_a_reason_and_passes_it_on,
    only_a_responsable_manages_accounts,
    approving_an_unknown_account_is_a_404,
    an_unknown_status_filter_is_refused,
);

async fn a_sign_up_creates_a_pending_parent_and_says_so_by_email() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let response = app.sign_up("Papa", "papa.billy@patro.be").await;
    assert_eq!(response.status(), StatusCode::ACCEPTED);
    let notice: Value = response.json().await.unwrap();
    assert_eq!(
        notice["message"],
        "Votre demande est enregistrée. Nous venons d'envoyer un e-mail à papa.billy@patro.be : entrez le code qu'il contient pour confirmer votre adresse."
    );
    let account = app.account(&staff, "papa.billy@patro.be").await;
    assert_eq!(account["status"], "pending");
    assert_eq!(account["role"], "parent");
    assert_eq!(account["first_name"], "Papa");
    assert_eq!(account["email_verified"], false);

    let mails = app.mails_to("papa.billy@patro.be").await;
    assert_eq!(mails.len(), 1);
    assert!(
        mails[0].contains("le Patro doit ensuite confirmer"),
        "{}",
        mails[0]
    );
    assert!(crate::helpers::code_in(&mails[0]).is_some(), "{}", mails[0]);
}

/// The sign-up form must not tell who has an account: a taken address gets the answer a new one
/// gets, and its holder an e-mail saying what happened. The account stays as it was.
async fn a_sign_up_with_a_taken_address_answers_the_same_and_tells_its_holder() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.active_parent("papa.billy@patro.be", &staff).await;
    let before = app.mails_to("papa.billy@patro.be").await.len();

    let new: Value = app
        .sign_up("Papa", "nouveau@patro.be")
        .await
        .json()
        .await
        .unwrap();
    let taken = app.sign_up("Intrus", "PAPA.Billy@patro.be").await;
    assert_eq!(taken.status(), StatusCode::ACCEPTED);
    let taken: Value = taken.json().await.unwrap();
    assert_eq!(
        new["message"]
            .as_str()
            .unwrap()
            .replace("nouveau@patro.be", "X"),
        taken["message"]
            .as_str()
            .unwrap()
            .replace("PAPA.Billy@patro.be", "X")
    );

    let mails = app.mails_to("papa.billy@patro.be").await;
    assert_eq!(mails.len(), before + 1);
    assert!(
        mails.last().unwrap().contains("qui a déjà un compte"),
        "{}",
        mails.last().unwrap()
    );
    assert!(crate::helpers::code_in(mails.last().unwrap()).is_none());
    let account = app.account(&staff, "papa.billy@patro.be").await;
    assert_eq!(account["first_name"], "Papa");
    assert_eq!(account["status"], "active");
    app.token("papa.billy@patro.be", PARENT_PASSWORD, "parents")
        .await;

    // Someone who lost the first code signs up again and gets a new one.
    app.sign_up("Maman", "maman@patro.be").await;
    app.sign_up("Maman", "maman@patro.be").await;
    assert_eq!(app.mails_to("maman@patro.be").await.len(), 2);
    app.verify_email("maman@patro.be").await;
}

async fn invalid_sign_ups_name_the_field_in_french() {
    let app = spawn_app().await;
    let cases = [
        (
            "empty first name",
            json!({"first_name": " ", "last_name": "B", "email": "a@b.be", "password": PARENT_PASSWORD}),
            "first_name",
            "Prénom : ce champ est obligatoire",
        ),
        (
            "markup in last name",
            json!({"first_name": "A", "last_name": "<b>", "email": "a@b.be", "password": PARENT_PASSWORD}),
            "last_name",
            "Nom : le caractère « < » n'est pas accepté",
        ),
        (
            "bad e-mail",
            json!({"first_name": "A", "last_name": "B", "email": "papa.patro.be", "password": PARENT_PASSWORD}),
            "email",
            "E-mail : adresse invalide (exemple : prenom.nom@exemple.be)",
        ),
        (
            "short password",
            json!({"first_name": "A", "last_name": "B", "email": "a@b.be", "password": "court"}),
            "password",
            "Mot de passe : au moins 12 caractères",
        ),
        (
            "password is the e-mail",
            json!({"first_name": "A", "last_name": "B", "email": "papa.billy@patro.be", "password": "papa.billy@patro.be"}),
            "password",
            "Mot de passe : ne peut pas être votre adresse e-mail",
        ),
    ];
    for (why, body, field, message) in cases {
        let response = app.post("/api/v1/accounts", body).send().await.unwrap();
        let error = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(error["field"], field, "{why}");
        assert_eq!(error["message"], message, "{why}");
    }
}

async fn a_missing_json_field_is_a_client_error_not_a_500() {
    let app = spawn_app().await;
    let response = app
        .post("/api/v1/accounts", json!({"first_name": "A"}))
        .send()
        .await
        .unwrap();
    let body = assert_error(response, StatusCode::BAD_REQUEST, "malformed_request").await;
    assert_eq!(body["field"], "last_name");
    assert_eq!(
        body["message"],
        "Requête mal formée : le champ « last_name » est manquant"
    );
}

async fn staff_see_pending_accounts_and_approve_them() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.sign_up("Papa", "papa@patro.be").await;

    let pending: Vec<Value> = app
        .call(
            Method::GET,
            "/api/v1/accounts?status=pending",
            Some(&staff),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0]["email"], "papa@patro.be");

    let by_email: Vec<Value> = app
        .call(
            Method::GET,
            "/api/v1/accounts?email=PAPA@patro.be",
            Some(&staff),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_email.len(), 1);
    assert_eq!(by_email[0]["email_verified"], false);

    // Whoever typed the address may not own it: it must be proven first.
    let id = by_email[0]["id"].as_i64().unwrap();
    let unproven = app
        .call(
            Method::POST,
            &format!("/api/v1/accounts/{id}/approve"),
            Some(&staff),
            None,
        )
        .await;
    let body = assert_error(unproven, StatusCode::CONFLICT, "email_not_verified").await;
    assert_eq!(
        body["message"],
        "Cette adresse e-mail n'a pas encore été confirmée par son titulaire."
    );

    app.verify_email("papa@patro.be").await;
    let approved: Value = app
        .call(
            Method::POST,
            &format!("/api/v1/accounts/{id}/approve"),
            Some(&staff),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(approved["status"], "active");
    let mails = app.mails_to("papa@patro.be").await;
    assert_eq!(mails.len(), 2, "sign-up and activation e-mails");
    assert!(mails[1].contains("est activé"), "{}", mails[1]);

    app.token("papa@patro.be", PARENT_PASSWORD, "parents").await;

    let again = app
        .call(
            Method::POST,
            &format!("/api/v1/accounts/{id}/approve"),
            Some(&staff),
            None,
        )
        .await;
    let body = assert_error(again, StatusCode::CONFLICT, "conflict").await;
    assert_eq!(body["message"], "Impossible de valider un compte actif");
}

async fn a_rejection_needs_a_reason_and_passes_it_on() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.sign_up("Papa", "papa@patro.be").await;
    let id = app.account_id("papa@patro.be").await;
    let reject = |reason: &str| {
        app.http
            .post(app.url(&format!("/api/v1/accounts/{id}/reject")))
            .bearer_auth(&staff)
            .json(&json!({"reason": reason}))
            .send()
    };

    let body = assert_error(
        reject("  ").await.unwrap(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_input",
    )
    .await;
    assert_eq!(body["field"], "reason");

    let rejected: Value = reject("Aucun enfant inscrit à ce nom")
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(rejected["status"], "rejected");
    assert_eq!(
        rejected["rejection_reason"],
        "Aucun enfant inscrit à ce nom"
    );
    let mails = app.mails_to("papa@patro.be").await;
    assert!(
        mails
            .last()
            .unwrap()
            .contains("Motif : Aucun enfant inscrit à ce nom")
    );

    assert_error(
        app.log_in("papa@patro.be", PARENT_PASSWORD, "parents")
            .await,
        StatusCode::FORBIDDEN,
        "account_rejected",
    )
    .await;
}

async fn only_a_responsable_manages_accounts() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let parent_id = app.active_parent("papa@patro.be", &staff).await;
    let parent = app.token("papa@patro.be", PARENT_PASSWORD, "parents").await;
    app.create_staff("animateur@patro.be", Role::Animateur)
        .await;
    let animateur = app
        .token("animateur@patro.be", STAFF_PASSWORD, "staff")
        .await;

    for token in [&parent, &animateur] {
        let list = app
            .call(Method::GET, "/api/v1/accounts", Some(token), None)
            .await;
        let body = assert_error(list, StatusCode::FORBIDDEN, "forbidden").await;
        assert_eq!(
            body["message"],
            "Vous n'êtes pas autorisé à accéder à cette page"
        );
        let approve = app
            .call(
                Method::POST,
                &format!("/api/v1/accounts/{parent_id}/approve"),
                Some(token),
                None,
            )
            .await;
        assert_error(approve, StatusCode::FORBIDDEN, "forbidden").await;
        let reject = app
            .call(
                Method::POST,
                &format!("/api/v1/accounts/{parent_id}/reject"),
                Some(token),
                Some(json!({"reason": "x"})),
            )
            .await;
        assert_error(reject, StatusCode::FORBIDDEN, "forbidden").await;
    }
}

async fn approving_an_unknown_account_is_a_404() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    for path in [
        "/api/v1/accounts/999/approve",
        "/api/v1/accounts/abc/approve",
    ] {
        let response = app.call(Method::POST, path, Some(&staff), None).await;
        assert_error(response, StatusCode::NOT_FOUND, "not_found").await;
    }
}

async fn an_unknown_status_filter_is_refused() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let response = app
        .call(
            Method::GET,
            "/api/v1/accounts?status=bogus",
            Some(&staff),
            None,
        )
        .await;
    assert_error(response, StatusCode::BAD_REQUEST, "malformed_request").await;
}
