use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, assert_error, spawn_app};

on_each_engine!(
    a_new_child_is_affiliated_unpaid_in_the_section_its_age_suggests,
    adding_a_child_before_the_cycle_is_open_says_so,
    a_parent_sees_their_child_and_the_dashboard_counts_it_with_the_unpaid_alert,
    paying_the_affiliation_clears_the_alert_and_unpaying_brings_it_back,
    a_child_without_an_affiliation_this_cycle_raises_its_own_alert,
    a_parent_edits_the_phone_and_the_audit_log_keeps_old_and_new,
    a_save_over_a_newer_version_is_refused_and_changes_nothing,
    parents_may_not_rename_a_child_and_bad_values_name_their_field,
    staff_may_rename_and_move_a_child_to_another_section,
    a_link_request_approved_by_staff_shows_the_child_to_the_parent,
    staff_filter_the_children_list,
    lists_sort_names_without_case_or_accents,
);

/// Names sort as a reader expects, on both engines: accents and case do not push "Élodie" after
/// "Zoé", and the last name comes first ("Dubois, Zoé" before "Duboisier, Anne").
async fn lists_sort_names_without_case_or_accents() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, &app.current_cycle().to_string())
        .await;
    for (first, last) in [
        ("Anne", "Duboisier"),
        ("Zoé", "Dubois"),
        ("Émile", "DUBOIS"),
        ("Élodie", "dubois"),
        ("Arthur", "Évrard"),
    ] {
        let child = app
            .add_child(
                &staff,
                json!({"first_name": first, "last_name": last, "birth_date": "01/05/2018"}),
            )
            .await;
        let email = format!("parent.{child}@patro.be");
        app.active_parent(&email, &staff).await;
        app.link(&staff, child, &email).await;
    }
    let children = app.ok(Method::GET, "/api/v1/children", &staff, None).await;
    let names: Vec<&str> = children
        .as_array()
        .unwrap()
        .iter()
        .map(|child| child["first_name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Élodie", "Émile", "Zoé", "Anne", "Arthur"]);

    let affiliations = app
        .ok(Method::GET, "/api/v1/affiliations", &staff, None)
        .await;
    let names: Vec<&str> = affiliations
        .as_array()
        .unwrap()
        .iter()
        .map(|row| row["child_name"].as_str().unwrap())
        .collect();
    assert!(
        names.first().is_some_and(|name| name.contains("Élodie")),
        "{names:?}"
    );
}

/// A Patro with the current cycle open, Billy (Benjamins) linked to Papa, and another family.
struct Family {
    app: TestApp,
    staff: String,
    papa: String,
    other: String,
    billy: i64,
}

async fn family() -> Family {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    app.open_cycle(&staff, &app.current_cycle().to_string())
        .await;
    let billy = app
        .add_child(
            &staff,
            json!({"first_name": "Billy", "last_name": "LE PIVERT", "birth_date": "01/05/2018",
                   "address": "Rue du Roeulx 23, 7110 Maurage"}),
        )
        .await;
    let papa = app.parent_token(&staff, "papa@patro.be").await;
    app.link(&staff, billy, "papa@patro.be").await;
    let other = app.parent_token(&staff, "autre@patro.be").await;
    Family {
        app,
        staff,
        papa,
        other,
        billy,
    }
}

async fn a_new_child_is_affiliated_unpaid_in_the_section_its_age_suggests() {
    let f = family().await;
    let sheet = f
        .app
        .ok(
            Method::GET,
            &format!("/api/v1/children/{}", f.billy),
            &f.staff,
            None,
        )
        .await;
    assert_eq!(sheet["section"]["label"], "Benjamins 6-9 ans");
    let affiliation = &sheet["affiliations"][0];
    assert_eq!(affiliation["cycle"], f.app.current_cycle().to_string());
    assert_eq!(affiliation["fee"], 4500);
    assert!(affiliation.get("payment").is_none());
    assert_eq!(sheet["address"]["line"], "Rue du Roeulx 23, 7110 Maurage");
}

async fn adding_a_child_before_the_cycle_is_open_says_so() {
    let app = spawn_app().await;
    let staff = app.staff_token().await;
    let response = app
        .call(
            Method::POST,
            "/api/v1/children",
            Some(&staff),
            Some(json!({"first_name": "Billy", "last_name": "LE PIVERT", "birth_date": "01/05/2018"})),
        )
        .await;
    let body = assert_error(response, StatusCode::CONFLICT, "cycle_not_open").await;
    assert!(body["message"].as_str().unwrap().starts_with("Le cycle "));
}

async fn a_parent_sees_their_child_and_the_dashboard_counts_it_with_the_unpaid_alert() {
    let f = family().await;
    let list = f
        .app
        .ok(Method::GET, "/api/v1/children", &f.papa, None)
        .await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["first_name"], "Billy");
    assert_eq!(
        list[0]["age"],
        tempatro_core::age::age_at(
            time::macros::date!(2018 - 05 - 01),
            time::OffsetDateTime::now_utc().date()
        )
    );

    let dashboard = f
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &f.papa, None)
        .await;
    assert_eq!(dashboard["children_count"], 1);
    assert_eq!(dashboard["alerts"][0]["code"], "affiliation_unpaid");
    assert_eq!(dashboard["alerts"][0]["child_id"], f.billy);
    assert_eq!(
        dashboard["alerts"][0]["message"],
        format!(
            "Une affiliation n'est pas payée, veuillez la régler ! (Billy LE PIVERT, {})",
            f.app.current_cycle()
        )
    );

    let other = f
        .app
        .ok(Method::GET, "/api/v1/children", &f.other, None)
        .await;
    assert_eq!(other, json!([]));
}

async fn paying_the_affiliation_clears_the_alert_and_unpaying_brings_it_back() {
    let f = family().await;
    let cycle = f.app.current_cycle();
    let paid = f
        .app
        .ok(
            Method::PUT,
            &format!("/api/v1/children/{}/affiliations/{cycle}/payment", f.billy),
            &f.staff,
            Some(json!({"date": "15/09/2026", "amount": "45,00", "method": "liquide"})),
        )
        .await;
    assert_eq!(paid["payment"]["paid_on"], "2026-09-15");
    assert_eq!(paid["payment"]["method"], "cash");
    let dashboard = f
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &f.papa, None)
        .await;
    assert_eq!(dashboard["alerts"], json!([]));

    f.app
        .ok(
            Method::DELETE,
            &format!("/api/v1/children/{}/affiliations/{cycle}/payment", f.billy),
            &f.staff,
            None,
        )
        .await;
    let dashboard = f
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &f.papa, None)
        .await;
    assert_eq!(dashboard["alerts"][0]["code"], "affiliation_unpaid");
}

async fn a_child_without_an_affiliation_this_cycle_raises_its_own_alert() {
    let f = family().await;
    let léon = f
        .app
        .add_child(
            &f.staff,
            json!({"first_name": "Léon", "last_name": "LE PIVERT", "birth_date": "02/09/2019", "affiliate": false}),
        )
        .await;
    f.app.link(&f.staff, léon, "papa@patro.be").await;
    let dashboard = f
        .app
        .ok(Method::GET, "/api/v1/me/dashboard", &f.papa, None)
        .await;
    let codes: Vec<&str> = dashboard["alerts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["affiliation_unpaid", "affiliation_missing"]);
}

async fn a_parent_edits_the_phone_and_the_audit_log_keeps_old_and_new() {
    let f = family().await;
    let path = format!("/api/v1/children/{}", f.billy);
    let sheet = f.app.ok(Method::GET, &path, &f.papa, None).await;
    let patch = json!({"version": sheet["version"], "primary_contact": {"name": "Papa de Billy", "phone": "0470 11 22 33"}});
    let saved = f
        .app
        .ok(Method::PATCH, &path, &f.papa, Some(patch.clone()))
        .await;
    assert_eq!(saved["primary_contact"]["phone"], "0470/11.22.33");
    assert_eq!(saved["version"], sheet["version"].as_i64().unwrap() + 1);

    // The same save sent twice changes nothing the second time.
    let again = f.app.ok(Method::PATCH, &path, &f.papa, Some(patch)).await;
    assert_eq!(again["version"], saved["version"]);

    let history = f
        .app
        .ok(Method::GET, &format!("{path}/history"), &f.staff, None)
        .await;
    let actions: Vec<&str> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        [
            "child_created",
            "affiliation_created",
            "parent_linked",
            "child_updated"
        ]
    );
    let update = history.as_array().unwrap().last().unwrap();
    assert_eq!(update["actor"], "Papa de Billy (papa@patro.be)");
    assert_eq!(
        update["changes"],
        json!([{"field": "primary_contact", "old": null, "new": "Papa de Billy · 0470/11.22.33"}])
    );
}

async fn a_save_over_a_newer_version_is_refused_and_changes_nothing() {
    let f = family().await;
    let path = format!("/api/v1/children/{}", f.billy);
    let sheet = f.app.ok(Method::GET, &path, &f.papa, None).await;
    let version = sheet["version"].as_i64().unwrap();
    f.app
        .ok(
            Method::PATCH,
            &path,
            &f.staff,
            Some(json!({"version": version, "image_rights": true})),
        )
        .await;
    let stale = f
        .app
        .call(
            Method::PATCH,
            &path,
            Some(&f.papa),
            Some(json!({"version": version, "address": "Rue Neuve 1, 7000 Mons"})),
        )
        .await;
    let body = assert_error(stale, StatusCode::CONFLICT, "stale_version").await;
    assert_eq!(
        body["message"],
        "La fiche a été modifiée entre-temps : rechargez-la avant de sauver"
    );
    let now = f.app.ok(Method::GET, &path, &f.papa, None).await;
    assert_eq!(now["address"]["line"], "Rue du Roeulx 23, 7110 Maurage");
    assert_eq!(now["image_rights"]["granted"], true);
    assert_eq!(
        now["image_rights"]["set_by"],
        "Claire Secrétariat (secretariat@patro.be)"
    );
}

async fn parents_may_not_rename_a_child_and_bad_values_name_their_field() {
    let f = family().await;
    let path = format!("/api/v1/children/{}", f.billy);
    let version = f.app.ok(Method::GET, &path, &f.papa, None).await["version"].clone();
    let rename = f
        .app
        .call(
            Method::PATCH,
            &path,
            Some(&f.papa),
            Some(json!({"version": version, "first_name": "William"})),
        )
        .await;
    let body = assert_error(rename, StatusCode::FORBIDDEN, "reserved_to_staff").await;
    assert_eq!(
        body["message"],
        "Le champ « Prénom » ne peut être modifié que par le Patro"
    );

    let cases = [
        (
            json!({"primary_contact": {"name": "Papa", "phone": "0412/34.56.7"}}),
            "primary_contact.phone",
            "Téléphone du contact principal : numéro incomplet : 10 chiffres attendus",
        ),
        (
            json!({"birth_date": "31/04/2018"}),
            "birth_date",
            "Date de naissance : cette date n'existe pas",
        ),
        (
            json!({"address": "Rue du Roeulx 23"}),
            "address",
            "Adresse : adresse attendue sous la forme « Rue du Roeulx 23, 7110 Maurage »",
        ),
        (
            json!({"doctor": {"name": "Docteur Pivert", "phone": "12"}}),
            "doctor.phone",
            "Téléphone du médecin : numéro invalide (exemple : 0412/34.56.78)",
        ),
    ];
    for (mut patch, field, message) in cases {
        patch["version"] = version.clone();
        let response = f
            .app
            .call(Method::PATCH, &path, Some(&f.papa), Some(patch))
            .await;
        let body = assert_error(response, StatusCode::UNPROCESSABLE_ENTITY, "invalid_input").await;
        assert_eq!(body["field"], field);
        assert_eq!(body["message"], message);
    }
}

async fn staff_may_rename_and_move_a_child_to_another_section() {
    let f = family().await;
    let path = format!("/api/v1/children/{}", f.billy);
    let version = f.app.ok(Method::GET, &path, &f.staff, None).await["version"].clone();
    let renamed = f
        .app
        .ok(
            Method::PATCH,
            &path,
            &f.staff,
            Some(json!({"version": version, "first_name": "William"})),
        )
        .await;
    assert_eq!(renamed["first_name"], "William");
    let cycle = f.app.current_cycle();
    let moved = f
        .app
        .ok(
            Method::PUT,
            &format!("{path}/affiliations/{cycle}/section"),
            &f.staff,
            Some(json!({"section": "chevaliers"})),
        )
        .await;
    assert_eq!(moved["section"]["name"], "Chevaliers");
    let unknown = f
        .app
        .call(
            Method::PUT,
            &format!("{path}/affiliations/{cycle}/section"),
            Some(&f.staff),
            Some(json!({"section": "Pionniers"})),
        )
        .await;
    assert_error(unknown, StatusCode::UNPROCESSABLE_ENTITY, "unknown_section").await;
}

async fn a_link_request_approved_by_staff_shows_the_child_to_the_parent() {
    let f = family().await;
    let request = f
        .app
        .ok(
            Method::POST,
            "/api/v1/link-requests",
            &f.other,
            Some(json!({"child_first_name": "Billy", "child_last_name": "LE PIVERT", "birth_date": "1er mai 2018", "message": "Je suis son parrain et tuteur."})),
        )
        .await;
    assert_eq!(request["status"], "pending");
    let pending = f
        .app
        .ok(
            Method::GET,
            "/api/v1/link-requests?status=pending",
            &f.staff,
            None,
        )
        .await;
    assert_eq!(pending.as_array().unwrap().len(), 1);
    let id = request["id"].as_i64().unwrap();
    let approved = f
        .app
        .ok(
            Method::POST,
            &format!("/api/v1/link-requests/{id}/approve"),
            &f.staff,
            Some(json!({"child_id": f.billy})),
        )
        .await;
    assert_eq!(approved["status"], "approved");
    assert_eq!(approved["child_id"], f.billy);
    let list = f
        .app
        .ok(Method::GET, "/api/v1/children", &f.other, None)
        .await;
    assert_eq!(list[0]["id"], f.billy);
    assert!(
        f.app
            .mails_to("autre@patro.be")
            .await
            .last()
            .unwrap()
            .contains("Billy LE PIVERT est maintenant liée")
    );

    let twice = f
        .app
        .call(
            Method::POST,
            &format!("/api/v1/link-requests/{id}/approve"),
            Some(&f.staff),
            Some(json!({"child_id": f.billy})),
        )
        .await;
    assert_error(twice, StatusCode::CONFLICT, "already_decided").await;
}

async fn staff_filter_the_children_list() {
    let f = family().await;
    let zoe = f
        .app
        .add_child(
            &f.staff,
            json!({"first_name": "Zoë", "last_name": "DUBOIS", "birth_date": "14/03/2015", "solidarity": true}),
        )
        .await;
    let ids = |list: Value| -> Vec<i64> {
        list.as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    let all = f
        .app
        .ok(Method::GET, "/api/v1/children", &f.staff, None)
        .await;
    assert_eq!(ids(all), [zoe, f.billy], "by last name");
    let chevaliers = f
        .app
        .ok(
            Method::GET,
            "/api/v1/children?section=Chevaliers",
            &f.staff,
            None,
        )
        .await;
    assert_eq!(ids(chevaliers), [zoe]);
    let solidarity = f
        .app
        .ok(
            Method::GET,
            "/api/v1/children?solidarity=true",
            &f.staff,
            None,
        )
        .await;
    assert_eq!(ids(solidarity), [zoe]);
    let unlinked = f
        .app
        .ok(
            Method::GET,
            "/api/v1/children?unlinked=true",
            &f.staff,
            None,
        )
        .await;
    assert_eq!(ids(unlinked), [zoe]);
    let unpaid = f
        .app
        .ok(Method::GET, "/api/v1/children?unpaid=true", &f.staff, None)
        .await;
    assert_eq!(ids(unpaid), [zoe, f.billy]);
    let parent_filter = f
        .app
        .call(
            Method::GET,
            "/api/v1/children?unpaid=true",
            Some(&f.papa),
            None,
        )
        .await;
    assert_error(parent_filter, StatusCode::FORBIDDEN, "forbidden").await;
}
