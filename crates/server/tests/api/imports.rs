//! Nightly imports and exports: every row checked before anything is kept, one transaction, the
//! same file twice changing nothing, and exports that read back unchanged.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_error, numbered_children_csv, spawn_app};

on_each_engine!(
    every_kind_of_bad_row_is_reported_and_nothing_is_written,
    the_same_file_twice_creates_nothing_the_second_time,
    a_changed_row_changes_only_that_field_audited_under_the_token,
    a_dry_run_reports_and_writes_nothing,
    a_token_without_the_import_scope_is_refused,
    separators_and_the_byte_order_mark_are_recognised,
    two_imports_never_interleave,
    parents_get_active_accounts_an_invitation_and_their_children,
    a_stranger_who_signed_up_with_a_parent_s_address_gets_no_child,
    an_account_under_another_name_is_neither_linked_nor_renamed,
    an_invited_parent_proves_the_address_by_choosing_a_password,
    an_export_imports_back_unchanged,
    exports_keep_medical_data_out_and_filter_by_section,
);

const HEADER: &str = "external_id;nom;prenom;date_naissance;sexe;section;rue;code_postal;localite;email_parent1;tel_parent1;droit_image";

pub const FAMILIES: &str = "\
external_id;nom;prenom;date_naissance;sexe;section;rue;code_postal;localite;email_parent1;tel_parent1;droit_image
B-1;Le Pivert;Billy;01/05/2018;garçon;Benjamins;Rue du Roeulx 23;7110;Maurage;papa@exemple.be;0412 34 56 78;oui
Z-1;Dubois;Zoë;2016-03-14;fille;Chevaliers;Rue Haute 4;7000;Mons;claire@exemple.be;0470/11.22.33;non
;Dubois;Léon;20/09/2019;garçon;;Rue Haute 4;7000;Mons;claire@exemple.be;0470/11.22.33;oui
";

pub async fn import(app: &TestApp, token: &str, list: &str, csv: &str, dry_run: bool) -> Value {
    let response = app
        .http
        .post(app.url(&format!("/api/v1/imports/{list}?dry_run={dry_run}")))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    let status = response.status();
    let text = response.text().await.unwrap();
    assert_eq!(status, StatusCode::OK, "{text}");
    serde_json::from_str(&text).unwrap()
}

async fn children(app: &TestApp, staff: &str) -> Vec<Value> {
    app.ok(Method::GET, "/api/v1/children", staff, None)
        .await
        .as_array()
        .unwrap()
        .clone()
}

async fn import_token(app: &TestApp, staff: &str, scope: &str) -> String {
    let created = app
        .ok(
            Method::POST,
            "/api/v1/tokens",
            staff,
            Some(json!({"name": format!("import-{scope}"), "scope": scope})),
        )
        .await;
    created["token"].as_str().unwrap().to_owned()
}

pub async fn ready() -> (TestApp, String) {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, &app.current_cycle().to_string())
        .await;
    (app, staff)
}

async fn every_kind_of_bad_row_is_reported_and_nothing_is_written() {
    let (app, staff) = ready().await;
    let rows = [
        "B-1;Le Pivert;Billy;01/05/2018;garçon;Benjamins;Rue du Roeulx 23;7110;Maurage;papa@exemple.be;0412345678;oui",
        "B-2;;Zoé;14/03/2016;;;;;;;;",
        "B-3;Dubois;Zoé;31/02/2016;;;;;;;;",
        "B-4;Dubois;Zoé;01/01/2090;;;;;;;;",
        "B-5;Dubois;Zoé;14/03/2016;X;;;;;;;",
        "B-6;Dubois;Zoé;14/03/2016;;Licornes;;;;;;",
        "B-7;Dubois;Zoé;14/03/2016;;;Rue Haute 4;71100;Mons;;;",
        "B-8;Dubois;Zoé;14/03/2016;;;;;;claire@;0470112233;",
        "B-9;Dubois;Zoé;14/03/2016;;;;;;;0470;",
        "B-10;Dubois;Zoé;14/03/2016;;;;;;;;peut-être",
        "B-1;Le Pivert;Billy;01/05/2018;garçon;Benjamins;Rue du Roeulx 23;7110;Maurage;papa@exemple.be;0412345678;oui",
        "B-12;Dubois;Zoé",
        "B-13;Dubois;Zoé;14/03/2016;;;;;;claire@exemple.be;;",
    ];
    let csv = format!("{HEADER}\n{}\n", rows.join("\n"));
    let report = import(&app, &staff, "children", &csv, false).await;
    assert_eq!(report["applied"], false);
    assert_eq!(report["rows"], 13);
    assert_eq!(report["refused_rows"], 12);
    let refused: Vec<(u64, String, String)> = report["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap(),
                r["column"].as_str().unwrap_or("").to_owned(),
                r["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expected = [
        (3, "nom", "ce champ est obligatoire"),
        (4, "date_naissance", "cette date n'existe pas"),
        (
            5,
            "date_naissance",
            "la date ne peut pas être dans le futur",
        ),
        (6, "sexe", "« garçon » ou « fille » attendu (ou M / F)"),
        (7, "section", "section inconnue « Licornes »"),
        (8, "code_postal", "code postal belge attendu"),
        (9, "email_parent1", "adresse invalide"),
        (10, "tel_parent1", "numéro incomplet"),
        (11, "droit_image", "« oui » ou « non » attendu"),
        (12, "", "déjà présent à la ligne 2"),
        (13, "", "la ligne a 3 colonnes, l'en-tête en a 12"),
        (
            14,
            "tel_parent1",
            "le premier contact doit avoir un numéro de téléphone",
        ),
    ];
    assert_eq!(refused.len(), expected.len(), "{refused:#?}");
    for ((line, column, message), (want_line, want_column, want_message)) in
        refused.iter().zip(expected)
    {
        assert_eq!((*line, column.as_str()), (want_line, want_column));
        assert!(message.starts_with(want_message), "line {line}: {message}");
    }
    assert!(children(&app, &staff).await.is_empty(), "nothing written");
}

async fn the_same_file_twice_creates_nothing_the_second_time() {
    let (app, staff) = ready().await;
    let first = import(&app, &staff, "children", FAMILIES, false).await;
    assert_eq!(first["applied"], true);
    assert_eq!(first["created"].as_array().unwrap().len(), 3);
    assert_eq!(first["created"][1]["name"], "Zoë Dubois");
    let second = import(&app, &staff, "children", FAMILIES, false).await;
    assert_eq!(second["applied"], true);
    assert_eq!(second["created"], json!([]));
    assert_eq!(second["updated"], json!([]));
    assert_eq!(second["unchanged"], 3);
    // Recognised without an external id too, whatever the case and accents.
    let shouted = FAMILIES.replace(";Dubois;Léon;", ";DUBOIS;leon;");
    let third = import(&app, &staff, "children", &shouted, true).await;
    assert_eq!(third["created"], json!([]));
    assert_eq!(children(&app, &staff).await.len(), 3);
    // The sections are this cycle's affiliations.
    let billy = &children(&app, &staff).await[2];
    assert_eq!(billy["first_name"], "Billy");
    assert_eq!(billy["section"]["name"], "Benjamins");
}

async fn a_changed_row_changes_only_that_field_audited_under_the_token() {
    let (app, staff) = ready().await;
    import(&app, &staff, "children", FAMILIES, false).await;
    let token = import_token(&app, &staff, "import").await;
    let moved = FAMILIES.replace(
        "Rue Haute 4;7000;Mons;claire@exemple.be;0470/11.22.33;non",
        "Rue Haute 4;7000;Mons;claire@exemple.be;0470/11.22.33;oui",
    );
    let report = import(&app, &token, "children", &moved, false).await;
    assert_eq!(report["unchanged"], 2);
    let updated = report["updated"].as_array().unwrap();
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0]["line"], 3);
    assert_eq!(
        updated[0]["changes"],
        json!([{"field": "image_rights", "old": "non", "new": "oui"}])
    );
    let zoe = children(&app, &staff)
        .await
        .into_iter()
        .find(|c| c["first_name"] == "Zoë")
        .unwrap();
    let history = app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{}/history", zoe["id"]),
            &staff,
            None,
        )
        .await;
    let audit = history.as_array().unwrap();
    let last = audit
        .iter()
        .find(|entry| entry["action"] == "child_updated")
        .expect("the update is in the audit log");
    assert_eq!(last["actor"], "import-import (jeton d'API)");
}

async fn a_dry_run_reports_and_writes_nothing() {
    let (app, staff) = ready().await;
    let report = import(&app, &staff, "children", FAMILIES, true).await;
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["applied"], false);
    assert_eq!(report["created"].as_array().unwrap().len(), 3);
    assert!(children(&app, &staff).await.is_empty());
}

async fn a_token_without_the_import_scope_is_refused() {
    let (app, staff) = ready().await;
    let token = import_token(&app, &staff, "read").await;
    let response = app
        .http
        .post(app.url("/api/v1/imports/children"))
        .bearer_auth(&token)
        .body(FAMILIES)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::FORBIDDEN, "token_scope").await;
    let parent = app.parent_token(&staff, "papa@exemple.be").await;
    let response = app
        .http
        .post(app.url("/api/v1/imports/children"))
        .bearer_auth(&parent)
        .body(FAMILIES)
        .send()
        .await
        .unwrap();
    assert_error(response, StatusCode::FORBIDDEN, "forbidden").await;
}

async fn separators_and_the_byte_order_mark_are_recognised() {
    let (app, staff) = ready().await;
    let commas = format!("\u{feff}{}", FAMILIES.replace(';', ","));
    let report = import(&app, &staff, "children", &commas, false).await;
    assert_eq!(report["refused"], json!([]), "{report}");
    assert_eq!(report["created"].as_array().unwrap().len(), 3);
    let unknown = import(
        &app,
        &staff,
        "children",
        "nom;prénom;date_naissance;pointure\n",
        false,
    )
    .await;
    assert_eq!(unknown["refused"][0]["column"], "pointure");
    assert!(
        unknown["refused"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with("colonne inconnue « pointure »")
    );
}

async fn two_imports_never_interleave() {
    let (app, staff) = ready().await;
    // A file long enough to keep the lock a while once it has arrived.
    let long = numbered_children_csv(5000);
    let start = || {
        let request = app
            .http
            .post(app.url("/api/v1/imports/children"))
            .bearer_auth(&staff)
            .body(long.clone());
        tokio::spawn(request.send())
    };
    let mut first = start();
    // While the long file is written, dry runs are refused. Before it takes the lock, and once it
    // is done, they go through (and if a dry run had the lock when the long file came, that one
    // was refused): until one is refused, the long file is started again whenever it ends.
    let mut refused = None;
    for _ in 0..10_000 {
        let response = app
            .http
            .post(app.url("/api/v1/imports/children?dry_run=true"))
            .bearer_auth(&staff)
            .body(FAMILIES)
            .send()
            .await
            .unwrap();
        if response.status() == StatusCode::CONFLICT {
            refused = Some(response);
            break;
        }
        assert_eq!(response.status(), StatusCode::OK);
        if first.is_finished() {
            let ended = first.await.unwrap().unwrap();
            assert!(
                [StatusCode::OK, StatusCode::CONFLICT].contains(&ended.status()),
                "{}",
                ended.status()
            );
            first = start();
        }
    }
    let body = assert_error(
        refused.expect("refused while the first runs"),
        StatusCode::CONFLICT,
        "import_running",
    )
    .await;
    assert!(
        body["message"]
            .as_str()
            .unwrap()
            .contains("Un autre import est en cours")
    );
    let report: Value = first.await.unwrap().unwrap().json().await.unwrap();
    assert_eq!(report["applied"], true, "{report}");
    assert_eq!(report["rows"], 5000);
    assert_eq!(children(&app, &staff).await.len(), 5000);
}

async fn parents_get_active_accounts_an_invitation_and_their_children() {
    let (app, staff) = ready().await;
    import(&app, &staff, "children", FAMILIES, false).await;
    let parents = "\
email;nom;prenom;telephone;enfant_external_id;enfant_nom;enfant_prenom;enfant_date_naissance
claire@exemple.be;Dubois;Claire;0470/11.22.33;Z-1;;;
claire@exemple.be;Dubois;Claire;0470/11.22.33;;DUBOIS;leon;20/09/2019
papa@exemple.be;Le Pivert;Papa;;B-1;;;
";
    let report = import(&app, &staff, "parents", parents, false).await;
    assert_eq!(report["applied"], true, "{report}");
    assert_eq!(report["invitations"], 2);
    assert_eq!(report["created"].as_array().unwrap().len(), 2);
    app.server.settle().await;
    let mails = app.mails_to("claire@exemple.be").await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].contains("Mot de passe oublié ?"), "{}", mails[0]);
    // Claire chooses a password the way the e-mail says, and sees her two children.
    let account = app.account(&staff, "claire@exemple.be").await;
    assert_eq!(account["status"], "active");
    let login = app.log_in("claire@exemple.be", "", "parents").await;
    assert_ne!(login.status(), StatusCode::CREATED);
    let again = import(&app, &staff, "parents", parents, false).await;
    assert_eq!(again["created"], json!([]));
    assert_eq!(again["unchanged"], 3);
    assert_eq!(again["invitations"], 0);

    let wrong = "\
email;nom;prenom;enfant_external_id
secretariat@patro.be;Patro;Secrétariat;B-1
claire@exemple.be;Dubois;Claire;X-404
claire@exemple.be;Dubois;Claire;B-1
";
    let refused = import(&app, &staff, "parents", wrong, false).await;
    assert_eq!(refused["applied"], false);
    let columns: Vec<&str> = refused["refused"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["column"].as_str().unwrap())
        .collect();
    assert_eq!(columns, ["email", "enfant_external_id"]);
    // Nothing of the good third line was kept either.
    let billy = children(&app, &staff)
        .await
        .into_iter()
        .find(|c| c["first_name"] == "Billy")
        .unwrap();
    let sheet = app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{}", billy["id"]),
            &staff,
            None,
        )
        .await;
    assert_eq!(sheet["parents"].as_array().unwrap().len(), 1);
}

async fn parents_of(app: &TestApp, staff: &str, first_name: &str) -> Vec<Value> {
    let child = children(app, staff)
        .await
        .into_iter()
        .find(|c| c["first_name"] == first_name)
        .unwrap();
    let sheet = app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{}", child["id"]),
            staff,
            None,
        )
        .await;
    sheet["parents"].as_array().unwrap().clone()
}

async fn import_strict(app: &TestApp, token: &str, csv: &str) -> Value {
    let response = app
        .http
        .post(app.url("/api/v1/imports/parents?strict=true"))
        .bearer_auth(token)
        .header("content-type", "text/csv")
        .body(csv.to_owned())
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    response.json().await.unwrap()
}

/// The attack of the issue: sign up with a parent's address and your own password, wait for the
/// nightly file to link the child, and count on the Patro approving a now plausible request.
async fn a_stranger_who_signed_up_with_a_parent_s_address_gets_no_child() {
    let (app, staff) = ready().await;
    import(&app, &staff, "children", FAMILIES, false).await;
    // Proven or not, a pending request is nobody the Patro has vouched for.
    app.verified_sign_up("Intrus", "claire@exemple.be").await;
    let file = "\
email;nom;prenom;enfant_external_id
claire@exemple.be;Dubois;Claire;Z-1
papa@exemple.be;Le Pivert;Papa;B-1
";
    let strict = import_strict(&app, &staff, file).await;
    assert_eq!(strict["applied"], false, "{strict}");
    assert_eq!(strict["refused"][0]["line"], 2);
    assert!(parents_of(&app, &staff, "Billy").await.is_empty());

    let report = import(&app, &staff, "parents", file, false).await;
    assert_eq!(report["applied"], true, "{report}");
    assert_eq!(report["conflict_rows"], 1);
    let conflict = &report["conflicts"][0];
    assert_eq!(conflict["line"], 2);
    assert_eq!(conflict["column"], "email");
    assert!(
        conflict["message"]
            .as_str()
            .unwrap()
            .contains("demande de compte en attente"),
        "{conflict}"
    );
    // The other family's row went through; Zoë got nobody, and the request kept its own name.
    assert_eq!(parents_of(&app, &staff, "Billy").await.len(), 1);
    assert!(parents_of(&app, &staff, "Zoë").await.is_empty());
    let account = app.account(&staff, "claire@exemple.be").await;
    assert_eq!(account["first_name"], "Intrus");
    assert_eq!(account["status"], "pending");
}

async fn an_account_under_another_name_is_neither_linked_nor_renamed() {
    let (app, staff) = ready().await;
    import(&app, &staff, "children", FAMILIES, false).await;
    app.active_parent("claire@exemple.be", &staff).await;
    let other_name = "\
email;nom;prenom;enfant_external_id
claire@exemple.be;Dubois;Claire;Z-1
";
    let report = import(&app, &staff, "parents", other_name, false).await;
    assert_eq!(report["conflict_rows"], 1, "{report}");
    assert!(
        report["conflicts"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Papa de Billy"),
        "{report}"
    );
    assert!(parents_of(&app, &staff, "Zoë").await.is_empty());

    // The same name as people read it (capitals, no accents) is the same person: linked, and the
    // account keeps its own spelling.
    let same_name = "\
email;nom;prenom;enfant_external_id
claire@exemple.be;DE BILLY;papa;Z-1
";
    let report = import(&app, &staff, "parents", same_name, false).await;
    assert_eq!(report["conflict_rows"], 0, "{report}");
    assert_eq!(parents_of(&app, &staff, "Zoë").await.len(), 1);
    let account = app.account(&staff, "claire@exemple.be").await;
    assert_eq!(account["last_name"], "de Billy");
}

async fn an_invited_parent_proves_the_address_by_choosing_a_password() {
    let (app, staff) = ready().await;
    import(&app, &staff, "children", FAMILIES, false).await;
    let file = "\
email;nom;prenom;enfant_external_id
claire@exemple.be;Dubois;Claire;Z-1
";
    import(&app, &staff, "parents", file, false).await;
    let account = app.account(&staff, "claire@exemple.be").await;
    assert_eq!(account["email_verified"], false);
    // Nobody can log in to it yet: a later file still links to it.
    let again = "\
email;nom;prenom;enfant_nom;enfant_prenom;enfant_date_naissance
claire@exemple.be;Dubois;Claire;Dubois;Léon;20/09/2019
";
    let report = import(&app, &staff, "parents", again, false).await;
    assert_eq!(report["conflict_rows"], 0, "{report}");

    app.post(
        "/api/v1/password-resets",
        json!({"email": "claire@exemple.be"}),
    )
    .send()
    .await
    .unwrap();
    let code = app.last_code_to("claire@exemple.be").await;
    let chosen = app
        .post(
            "/api/v1/password-resets/confirm",
            json!({"email": "claire@exemple.be", "code": code, "new_password": "le mot de passe de Claire"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(chosen.status(), StatusCode::OK);
    let account = app.account(&staff, "claire@exemple.be").await;
    assert_eq!(account["email_verified"], true);
}

/// An export read as CSV text, the way the command line writes it.
async fn exported_csv(app: &TestApp, staff: &str, list: &str) -> String {
    let table = app
        .ok(Method::GET, &format!("/api/v1/exports/{list}"), staff, None)
        .await;
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    writer
        .write_record(
            table["columns"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap()),
        )
        .unwrap();
    for row in table["rows"].as_array().unwrap() {
        writer
            .write_record(row.as_array().unwrap().iter().map(|c| c.as_str().unwrap()))
            .unwrap();
    }
    String::from_utf8(writer.into_inner().unwrap()).unwrap()
}

async fn an_export_imports_back_unchanged() {
    let (app, staff) = ready().await;
    import(&app, &staff, "children", FAMILIES, false).await;
    let parents = "email;nom;prenom;telephone;enfant_external_id\nclaire@exemple.be;Dubois;Claire;0470112233;Z-1\n";
    import(&app, &staff, "parents", parents, false).await;
    // A child added by hand, with a second contact and no external id.
    app.add_child(
        &staff,
        json!({"first_name": "Lou", "last_name": "Martin", "birth_date": "02/02/2017",
               "primary_contact": {"name": "Maman de Lou", "phone": "0498 76 54 32"},
               "secondary_contact": {"name": "Papa de Lou", "email": "papa.lou@exemple.be"}}),
    )
    .await;

    let children_csv = exported_csv(&app, &staff, "children").await;
    assert!(children_csv.starts_with("external_id;nom;prenom;date_naissance;"));
    assert!(children_csv.contains("Z-1;Dubois;Zoë;14/03/2016;fille;Chevaliers;Rue Haute 4;7000;Mons;Famille Dubois;claire@exemple.be;0470/11.22.33;;;;non"), "{children_csv}");
    let report = import(&app, &staff, "children", &children_csv, false).await;
    assert_eq!(report["refused"], json!([]), "{report}");
    assert_eq!(
        (report["created"].clone(), report["updated"].clone()),
        (json!([]), json!([]))
    );
    assert_eq!(report["unchanged"], 4);

    let parents_csv = exported_csv(&app, &staff, "parents").await;
    let report = import(&app, &staff, "parents", &parents_csv, false).await;
    assert_eq!(report["refused"], json!([]), "{report}");
    assert_eq!(
        (report["created"].clone(), report["updated"].clone()),
        (json!([]), json!([]))
    );
    assert_eq!(report["unchanged"], 1);
}

async fn exports_keep_medical_data_out_and_filter_by_section() {
    let (app, staff) = ready().await;
    import(&app, &staff, "children", FAMILIES, false).await;
    let benjamins = app
        .ok(
            Method::GET,
            "/api/v1/exports/children?section=benjamins",
            &staff,
            None,
        )
        .await;
    assert_eq!(benjamins["rows"].as_array().unwrap().len(), 1);
    let affiliations = app
        .ok(Method::GET, "/api/v1/exports/affiliations", &staff, None)
        .await;
    assert_eq!(affiliations["rows"][0][7], "45,00");
    for list in ["children", "parents", "affiliations", "dues"] {
        let table = app
            .ok(
                Method::GET,
                &format!("/api/v1/exports/{list}"),
                &staff,
                None,
            )
            .await;
        let columns = table["columns"].to_string();
        assert!(
            !columns.contains("allergies") && !columns.contains("medecin"),
            "{list}: {columns}"
        );
    }
    let unknown = app
        .call(Method::GET, "/api/v1/exports/secrets", Some(&staff), None)
        .await;
    assert_error(unknown, StatusCode::NOT_FOUND, "not_found").await;
}
