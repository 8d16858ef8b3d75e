//! `import children | parents` and `export`, against the real server: encodings and separators
//! detected end to end, dry runs, refused rows, tokens, two imports at once, and the round trip of
//! an export imported again.

use std::path::{Path, PathBuf};
use std::process::Stdio;

use predicates::prelude::*;
use tempatro_client::ImportOptions;
use tempatro_core::Portal;
use tempatro_core::api::{ChildSummary, ListImportReport};

use crate::helpers::*;

const HEADER: &str = "nom;prenom;date_naissance;section;tel_parent1";

/// The documentation's sample files, which must import cleanly.
fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../docs/samples")
        .join(name)
}

/// `bytes` in a file of the test's own folder.
fn file(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("the test file is written");
    path.to_str().expect("a UTF-8 path").to_owned()
}

/// The binary as cron runs it: stdin is nothing at all (not even an empty pipe), the server from
/// `TEMPATRO_SERVER`, the configuration folder `config_dir`.
fn detached(app: &TestApp, config_dir: &Path) -> assert_cmd::Command {
    let mut command = admin_process(config_dir);
    command
        .env("TEMPATRO_SERVER", app.server.url())
        .stdin(Stdio::null());
    assert_cmd::Command::from_std(command)
}

/// The responsable logged in and the current cycle open, which a section needs.
async fn ready() -> TestApp {
    let app = spawn_app().await;
    app.log_in_as_staff().await;
    app.open_current_cycle().await;
    app
}

async fn children(app: &TestApp) -> Vec<ChildSummary> {
    app.admin_json(&["children", "list"]).await
}

fn names(children: &[ChildSummary]) -> Vec<String> {
    let mut names: Vec<String> = children
        .iter()
        .map(|child| format!("{} {}", child.first_name, child.last_name))
        .collect();
    names.sort();
    names
}

async fn import_json(app: &TestApp, args: &[&str]) -> ListImportReport {
    app.admin_json(&[&["import"], args].concat()).await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sample_files_import_cleanly_and_a_second_run_changes_nothing() {
    let app = ready().await;
    let children_file = sample("enfants.csv");
    let parents_file = sample("parents.csv");
    let (children_file, parents_file) = (
        children_file.to_str().unwrap(),
        parents_file.to_str().unwrap(),
    );

    let stdout = app.admin_ok(&["import", "children", children_file]).await;
    assert!(
        stdout.starts_with(
            "Import des enfants appliqué.\nFichier des enfants, 7 lignes lues : 7 enfants créés, 0 mis à jour, 0 inchangé, 0 refusé."
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("Créés :\n  ligne 2  Zoë Dubois"),
        "{stdout}"
    );
    let listed = children(&app).await;
    assert_eq!(listed.len(), 7);
    let zoe = listed.iter().find(|c| c.first_name == "Zoë").unwrap();
    assert_eq!(zoe.section.as_ref().unwrap().name, "Chevaliers");

    let stdout = app.admin_ok(&["import", "parents", parents_file]).await;
    assert!(
        stdout.starts_with(
            "Import des parents appliqué.\nFichier des parents, 9 lignes lues : 6 parents créés, 3 mis à jour, 0 inchangé, 0 refusé.\n6 nouveaux comptes de parent : chacun reçoit un e-mail pour choisir son mot de passe."
        ),
        "{stdout}"
    );
    // A second line of a parent links their second child: an update, named.
    assert!(stdout.contains("Enfant : — → Lucas Dubois"), "{stdout}");
    let mut parents: Vec<(String, u32)> = children(&app)
        .await
        .into_iter()
        .map(|child| (child.first_name, child.parents))
        .collect();
    parents.sort();
    // Mathis's family gave no e-mail: no account to link.
    assert_eq!(
        parents,
        [
            ("Lucas".to_owned(), 2),
            ("Léa".to_owned(), 2),
            ("Mathis".to_owned(), 0),
            ("Minh".to_owned(), 1),
            ("Noah".to_owned(), 1),
            ("Zoë".to_owned(), 2),
            ("Éloïse".to_owned(), 1),
        ]
    );

    // The same files again: nothing to do.
    let again = import_json(&app, &["children", children_file]).await;
    assert_eq!(
        (again.created_count, again.updated_count, again.unchanged),
        (0, 0, 7),
        "{again:?}"
    );
    assert!(again.applied);
    let stdout = app.admin_ok(&["import", "parents", parents_file]).await;
    assert!(
        stdout.contains("0 parent créé, 0 mis à jour, 9 inchangés, 0 refusé."),
        "{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn separators_encodings_and_the_byte_order_mark_are_recognised() {
    let app = ready().await;
    let dir = tempfile::tempdir().unwrap();

    // `,` between cells, plain UTF-8.
    let comma = file(
        dir.path(),
        "virgules.csv",
        "nom,prenom,date_naissance\nDubois,Zoë,14/03/2016\n",
    );
    app.admin_ok(&["import", "children", &comma]).await;
    // `;`, UTF-8 with Excel's byte order mark.
    let bom = file(
        dir.path(),
        "bom.csv",
        [
            &b"\xEF\xBB\xBF"[..],
            "nom;prénom;date de naissance\nLe Pivert;Jérôme;01/05/2018\n".as_bytes(),
        ]
        .concat(),
    );
    app.admin_ok(&["import", "children", &bom]).await;
    // Windows-1252 from Excel, `;`: é is 0xE9, ë 0xEB, ç 0xE7.
    let ansi = file(
        dir.path(),
        "ansi.csv",
        b"nom;pr\xE9nom;date_naissance\r\nFran\xE7ois;No\xEBlle;02/02/2017\r\nH\xE9bert;Ana\xEFs;03/03/2019\r\n",
    );
    app.admin_ok(&["import", "children", &ansi]).await;
    // A tab-separated file in Windows-1252, both said with the flags.
    let tabs = file(
        dir.path(),
        "tabs.txt",
        b"nom\tprenom\tdate_naissance\nG\xE9rard\tC\xE9line\t04/04/2015\n",
    );
    app.admin_ok(&[
        "import",
        "children",
        &tabs,
        "--separator",
        "tab",
        "--encoding",
        "windows-1252",
    ])
    .await;

    assert_eq!(
        names(&children(&app).await),
        [
            "Anaïs Hébert",
            "Céline Gérard",
            "Jérôme Le Pivert",
            "Noëlle François",
            "Zoë Dubois",
        ]
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_large_windows_1252_file_streams_in_many_chunks() {
    let app = ready().await;
    let dir = tempfile::tempdir().unwrap();
    // Well over the 64 KiB read at once, with accents across every chunk's edge: the first chunk
    // alone decides the encoding.
    let mut bytes = b"nom;pr\xE9nom;date_naissance;rue;code_postal;localite\n".to_vec();
    for n in 0..3000 {
        bytes.extend_from_slice(
            format!(
                "Lef\u{e8}vre{n};Andr\u{e9};01/05/2018;Rue de l'\u{c9}glise {n};7110;Maurage\n"
            )
            .chars()
            .map(|c| u8::try_from(u32::from(c)).expect("Latin-1 here"))
            .collect::<Vec<u8>>()
            .as_slice(),
        );
    }
    assert!(bytes.len() > 2 * 64 * 1024, "{}", bytes.len());
    let big = file(dir.path(), "grand.csv", &bytes);
    let report = import_json(&app, &["children", &big, "--dry-run"]).await;
    assert_eq!(report.rows, 3000);
    assert_eq!(report.refused, []);
    assert_eq!(report.created_count, 3000);
    assert_eq!(
        report.created.len(),
        1000,
        "only the first thousand are listed"
    );
    assert_eq!(report.created[999].name, "André Lefèvre999");
    assert!(report.dry_run && !report.applied);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_dry_run_writes_nothing_and_says_so() {
    let app = ready().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = file(
        dir.path(),
        "enfants.csv",
        format!("{HEADER}\nDubois;Zoë;14/03/2016;Chevaliers;0470112233\n"),
    );

    let stdout = app
        .admin_ok(&["import", "children", &csv, "--dry-run"])
        .await;
    assert!(
        stdout.starts_with(
            "Essai à blanc : rien n'a été écrit.\nFichier des enfants, 1 ligne lue : 1 enfant à créer, 0 à mettre à jour, 0 inchangé, 0 refusé."
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("À créer :\n  ligne 2  Zoë Dubois"),
        "{stdout}"
    );
    assert_eq!(children(&app).await, []);

    let report = import_json(&app, &["children", &csv, "--dry-run"]).await;
    assert!(report.dry_run && !report.applied, "{report:?}");
    assert_eq!(report.created_count, 1);
    assert_eq!(children(&app).await, []);
}

#[tokio::test(flavor = "multi_thread")]
async fn json_is_the_report_and_changes_are_listed_field_by_field() {
    let app = ready().await;
    let dir = tempfile::tempdir().unwrap();
    let first = file(
        dir.path(),
        "v1.csv",
        format!("{HEADER}\nDubois;Zoë;14/03/2016;Chevaliers;0470112233\n"),
    );
    let report = import_json(&app, &["children", &first]).await;
    assert!(report.applied && !report.dry_run, "{report:?}");
    assert_eq!(report.rows, 1);
    assert_eq!(report.created[0].line, 2);
    assert_eq!(report.created[0].name, "Zoë Dubois");

    // The same child, her name typed without accents, a new phone and another section.
    let second = file(
        dir.path(),
        "v2.csv",
        format!("{HEADER}\nDUBOIS;Zoe;14/03/2016;Conquérants;0470 99 88 77\n"),
    );
    let stdout = app.admin_ok(&["import", "children", &second]).await;
    assert!(
        stdout.contains("1 ligne lue : 0 enfant créé, 1 mis à jour, 0 inchangé, 0 refusé."),
        "{stdout}"
    );
    assert!(stdout.contains("Mis à jour :\n  ligne 2  "), "{stdout}");
    assert!(stdout.contains("Prénom : Zoë → Zoe"), "{stdout}");
    assert!(stdout.contains("Chevaliers → Conquérants"), "{stdout}");
    assert!(stdout.contains("0470/99.88.77"), "{stdout}");
    assert_eq!(children(&app).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn refused_rows_end_with_1_and_write_nothing() {
    let app = ready().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = file(
        dir.path(),
        "erreurs.csv",
        format!(
            "{HEADER}\nDubois;Zoë;14/03/2016;Chevaliers;0470112233\nLe Pivert;Billy;31/02/2018;Benjamins;0412345678\nMartin;Hugo;01/01/2017;Pirates;0412345678\n"
        ),
    );
    let mut import = app.admin();
    import.args(["import", "children", &csv]);
    let assert = run(import).await.code(1);
    let stdout = stdout_of(&assert);
    assert!(
        stdout.starts_with("Import des enfants refusé : rien n'a été écrit.\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "3 lignes lues : 1 enfant à créer, 0 à mettre à jour, 0 inchangé, 2 refusés."
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("Refusés :\n  ligne 3, colonne date_naissance : "),
        "{stdout}"
    );
    assert!(
        stdout.contains("ligne 4, colonne section : section inconnue « Pirates »"),
        "{stdout}"
    );
    assert_eq!(
        stderr_of(&assert),
        "2 lignes refusées : rien n'a été écrit. Corrigez le fichier et relancez l'import.\n"
    );
    assert_eq!(children(&app).await, []);

    // --json: the report on stdout, and still 1.
    let mut json = app.admin();
    json.args(["import", "children", &csv, "--json"]);
    let assert = run(json).await.code(1);
    let report: ListImportReport = serde_json::from_str(&stdout_of(&assert)).unwrap();
    assert_eq!(report.refused_rows, 2);
    assert!(!report.applied);

    // A header the import does not know: nothing read past it.
    let header = file(
        dir.path(),
        "entete.csv",
        "nom;prenom;pointure\nDubois;Zoë;32\n",
    );
    let mut import = app.admin();
    import.args(["import", "children", &header]);
    let assert = run(import).await.code(1);
    let stdout = stdout_of(&assert);
    assert!(
        stdout.contains("ligne 1, colonne pointure : colonne inconnue « pointure »"),
        "{stdout}"
    );
    assert!(
        stdout.contains("ligne 1, colonne date_naissance : colonne obligatoire absente"),
        "{stdout}"
    );
    assert!(stderr_of(&assert).starts_with("En-tête du fichier refusé"));
}

#[tokio::test(flavor = "multi_thread")]
async fn usage_mistakes_end_with_2_and_an_absent_server_with_3() {
    let app = ready().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = file(dir.path(), "enfants.csv", "nom;prenom;date_naissance\n");

    let mut missing = app.admin();
    missing.args(["import", "children", "/nulle-part/enfants.csv"]);
    run(missing)
        .await
        .code(2)
        .stdout("")
        .stderr(predicate::str::starts_with(
            "Fichier illisible : /nulle-part/enfants.csv",
        ));
    let mut folder = app.admin();
    folder.args(["import", "parents", dir.path().to_str().unwrap()]);
    run(folder).await.code(2);
    for flags in [["--separator", "|"], ["--encoding", "ebcdic"]] {
        let mut bad = app.admin();
        bad.args(["import", "children", &csv]).args(flags);
        run(bad).await.code(2);
    }
    let mut no_file = app.admin();
    no_file.args(["import", "children"]);
    run(no_file).await.code(2);

    let mut away = admin(&app.config_dir);
    away.env("TEMPATRO_SERVER", "http://127.0.0.1:9")
        .env("TEMPATRO_TOKEN", "tpt_inconnu")
        .args(["import", "children", &csv]);
    run(away)
        .await
        .code(3)
        .stderr(predicate::str::contains("ne répond pas"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_script_imports_with_an_import_token_and_is_refused_with_a_read_one() {
    let app = ready().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = file(
        dir.path(),
        "enfants.csv",
        "nom;prenom;date_naissance\nDubois;Zoë;14/03/2016\n",
    );
    let token = |name: &str, scope: &str| {
        let app = &app;
        let (name, scope) = (name.to_owned(), scope.to_owned());
        async move {
            app.admin_ok(&["tokens", "create", "--name", &name, "--scope", &scope])
                .await
                .trim()
                .to_owned()
        }
    };
    let read = token("lecture", "read").await;
    let import = token("import-nocturne", "import").await;
    // A cron job's folder: no session there.
    let cron = tempfile::tempdir().unwrap();

    let mut refused = detached(&app, cron.path());
    refused
        .env("TEMPATRO_TOKEN", &read)
        .args(["import", "children", &csv]);
    let assert = run(refused).await.code(1).stdout("");
    assert!(
        stderr_of(&assert).contains("lecture"),
        "the scope is named: {}",
        stderr_of(&assert)
    );
    assert_eq!(children(&app).await, []);

    let token_file = cron.path().join("import.token");
    std::fs::write(&token_file, format!("{import}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&token_file, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut nightly = detached(&app, cron.path());
    nightly
        .args(["--token-file", token_file.to_str().unwrap()])
        .args(["import", "children", &csv]);
    let assert = run(nightly).await.success();
    assert!(
        stdout_of(&assert).contains("1 enfant créé"),
        "{}",
        stdout_of(&assert)
    );
    assert_eq!(names(&children(&app).await), ["Zoë Dubois"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn without_a_terminal_nothing_is_asked() {
    let app = spawn_app().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = file(
        dir.path(),
        "enfants.csv",
        "nom;prenom;date_naissance\nDubois;Zoë;14/03/2016\n",
    );
    // No session and no token: told at once, never a question.
    let mut import = detached(&app, &app.config_dir);
    import.args(["import", "children", &csv]);
    run(import)
        .await
        .code(1)
        .stdout("")
        .stderr(predicate::str::starts_with("Vous n'êtes pas connecté"));
    // Logged in, the same command runs to its end, no progress bar in its output.
    app.log_in_as_staff().await;
    let mut import = detached(&app, &app.config_dir);
    import.args(["import", "children", &csv]);
    run(import).await.success().stderr("");
}

/// Rows of the file that holds the import lock while the binary tries its own.
const LONG_FILE_ROWS: usize = 5000;

#[tokio::test(flavor = "multi_thread")]
async fn an_import_while_another_is_running_ends_with_4() {
    let app = ready().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = file(
        dir.path(),
        "enfants.csv",
        "nom;prenom;date_naissance\nDubois;Zoë;14/03/2016\n",
    );
    let mut holder = app.client();
    holder
        .log_in(STAFF_EMAIL, STAFF_PASSWORD, Portal::Staff)
        .await
        .expect("the responsable logs in");
    // A file long enough to keep the lock a while once it has arrived.
    let mut long = String::from("external_id;nom;prenom;date_naissance\n");
    for n in 0..LONG_FILE_ROWS {
        long.push_str(&format!("K-{n};Famille{n};Enfant;01/05/2018\n"));
    }
    let start = || {
        let client = holder.clone();
        let body = futures_util::stream::iter([Ok(long.clone().into_bytes())]);
        tokio::spawn(async move { client.import_children(body, ImportOptions::default()).await })
    };

    // While the long file is written, the binary's dry run is refused. It may also come before the
    // long file takes the lock (and if it holds the lock when the long file comes, that one is
    // told 409) or once it is done: until the binary is refused, the long file is started again
    // whenever it has ended.
    let mut first = start();
    for attempt in 0.. {
        assert!(
            attempt < 100,
            "the binary never came while the long file was written"
        );
        let mut second = detached(&app, &app.config_dir);
        second.args(["import", "children", &csv, "--dry-run"]);
        let assert = run(second).await;
        let output = assert.get_output();
        if output.status.code() == Some(4) {
            assert_eq!(output.stdout, b"");
            assert_eq!(
                String::from_utf8_lossy(&output.stderr),
                "Un autre import est en cours : réessayez quand il sera terminé.\n"
            );
            break;
        }
        assert_eq!(output.status.code(), Some(0), "{output:?}");
        if first.is_finished() {
            let _ = first.await.unwrap();
            first = start();
        }
    }
    // The long file ends as if nothing happened.
    let report = first.await.unwrap().expect("the long file is applied");
    assert!(report.applied, "{report:?}");
    assert_eq!(children(&app).await.len(), LONG_FILE_ROWS);
}

#[tokio::test(flavor = "multi_thread")]
async fn english_reports_read_in_english() {
    let app = ready().await;
    let dir = tempfile::tempdir().unwrap();
    let csv = file(
        dir.path(),
        "children.csv",
        "last_name,first_name,birth_date\nDubois,Zoë,14/03/2016\n",
    );
    let stdout = app
        .admin_ok(&["--lang", "en", "import", "children", &csv, "--dry-run"])
        .await;
    assert!(
        stdout.starts_with(
            "Dry run: nothing was written.\nThe children file, 1 line read: 1 child to create, 0 to update, 0 unchanged, 0 refused."
        ),
        "{stdout}"
    );
}

/// The sample children and their parents, imported.
async fn with_samples() -> TestApp {
    let app = ready().await;
    for (list, name) in [("children", "enfants.csv"), ("parents", "parents.csv")] {
        let path = sample(name);
        app.admin_ok(&["import", list, path.to_str().unwrap()])
            .await;
    }
    app
}

#[tokio::test(flavor = "multi_thread")]
async fn an_exported_csv_opens_in_excel_and_imports_back_unchanged() {
    let app = with_samples().await;
    let dir = tempfile::tempdir().unwrap();

    // On stdout: the byte order mark, `;`, the import's own columns.
    let mut export = app.admin();
    export.args(["export", "children"]);
    let assert = run(export).await.success();
    let bytes = &assert.get_output().stdout;
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{bytes:?}");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(
        text.starts_with("external_id;nom;prenom;date_naissance;sexe;section;rue;code_postal;localite;nom_parent1;email_parent1;tel_parent1;nom_parent2;email_parent2;tel_parent2;droit_image\r\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "PVH-0012;Dubois;Zoë;14/03/2016;fille;Chevaliers;Rue de la Station 12;7110;Maurage;"
        ),
        "{text}"
    );
    assert_eq!(text.lines().count(), 8, "{text}");

    // Into a file, then imported again: nothing changes.
    for (list, rows) in [("children", 7), ("parents", 9)] {
        let path = dir.path().join(format!("{list}.csv"));
        let path = path.to_str().unwrap();
        let stdout = app.admin_ok(&["export", list, "--output", path]).await;
        assert_eq!(stdout, format!("{rows} lignes exportées dans {path}\n"));
        let report = import_json(&app, &[list, path]).await;
        assert!(report.applied, "{report:?}");
        assert_eq!(
            (
                report.rows,
                report.created_count,
                report.updated_count,
                report.unchanged
            ),
            (rows, 0, 0, rows),
            "{list}: {report:?}"
        );
    }
    // Nothing of the partial file is left beside it.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["children.csv", "parents.csv"]);

    // With commas, for the tools that want them, and read back as such.
    let comma = dir.path().join("virgules.csv");
    let comma = comma.to_str().unwrap();
    app.admin_ok(&["export", "children", "--separator", ",", "-o", comma])
        .await;
    let text = std::fs::read_to_string(comma).unwrap();
    assert!(
        text.starts_with("\u{feff}external_id,nom,prenom,"),
        "{text}"
    );
    let report = import_json(&app, &["children", comma]).await;
    assert_eq!(report.unchanged, 7, "{report:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_json_export_is_an_array_of_objects_keyed_by_column() {
    let app = with_samples().await;
    let mut export = app.admin();
    export.args([
        "export",
        "children",
        "--format",
        "json",
        "--section",
        "chevaliers",
    ]);
    let stdout = stdout_of(&run(export).await.success());
    let rows: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&stdout).expect("an array of objects");
    let mut first_names: Vec<&str> = rows
        .iter()
        .map(|row| row["prenom"].as_str().unwrap())
        .collect();
    first_names.sort();
    assert_eq!(first_names, ["Zoë", "Éloïse"]);
    assert_eq!(rows[0]["section"], "Chevaliers");
    // The keys in the columns' order.
    assert!(
        stdout.find("\"external_id\"").unwrap() < stdout.find("\"droit_image\"").unwrap(),
        "{stdout}"
    );

    let dues: Vec<serde_json::Value> =
        serde_json::from_str(&app.admin_ok(&["export", "dues", "--format", "json"]).await).unwrap();
    assert_eq!(dues.len(), 7, "{dues:?}");
    let affiliations = app
        .admin_ok(&[
            "export",
            "affiliations",
            "--cycle",
            &current_cycle().to_string(),
        ])
        .await;
    assert_eq!(affiliations.lines().count(), 8, "{affiliations}");
}

#[tokio::test(flavor = "multi_thread")]
async fn participants_are_exported_by_activity_number_or_name() {
    let app = ready().await;
    let camp = app.benjamins_camp(30, 35, 20).await;

    let by_number = app
        .admin_ok(&["export", &format!("participants:{}", camp.id)])
        .await;
    assert!(
        by_number.starts_with("\u{feff}nom;prenom;section;statut;contacts"),
        "{by_number}"
    );
    let by_name = app
        .admin_ok(&["export", "participants:camp d'ete 2027"])
        .await;
    assert_eq!(by_name, by_number);

    let mut unknown = app.admin();
    unknown.args(["export", "participants:Hike des Pirates"]);
    run(unknown).await.code(1).stdout("").stderr(
        "Aucun camp ni hike nommé « Hike des Pirates » (voyez `tempatro-admin activities list`)\n",
    );
    let mut absent = app.admin();
    absent.args(["export", "participants:999"]);
    run(absent).await.code(1).stdout("");
    for wrong in [
        &["export", "participants"][..],
        &["export", "animaux"],
        &["export", "children", "--format", "xlsx"],
        &["export", "children", "--separator", "|"],
    ] {
        let mut usage = app.admin();
        usage.args(wrong);
        run(usage).await.code(2);
    }
    let mut cycle = app.admin();
    cycle.args(["export", "children", "--cycle", "2026"]);
    run(cycle)
        .await
        .code(1)
        .stderr(predicate::str::starts_with("--cycle : "));
    let mut section = app.admin();
    section.args(["export", "children", "--section", "Pirates"]);
    run(section).await.code(1).stdout("");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_token_exports_for_a_nightly_job() {
    let app = with_samples().await;
    let token = app
        .admin_ok(&[
            "tokens",
            "create",
            "--name",
            "export-nocturne",
            "--scope",
            "export",
        ])
        .await;
    let cron = tempfile::tempdir().unwrap();
    let out = cron.path().join("enfants.csv");
    let mut nightly = detached(&app, cron.path());
    nightly.env("TEMPATRO_TOKEN", token.trim()).args([
        "export",
        "children",
        "--output",
        out.to_str().unwrap(),
    ]);
    run(nightly).await.success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.lines().count(), 8, "{text}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_piped_on_stdin_is_imported_too() {
    let app = ready().await;
    let mut import = app.admin();
    import
        .args(["import", "children", "-"])
        .write_stdin(&b"nom;pr\xE9nom;date_naissance\nFran\xE7ois;No\xEBlle;02/02/2017\n"[..]);
    let assert = run(import).await.success();
    assert!(
        stdout_of(&assert).contains("1 enfant créé"),
        "{}",
        stdout_of(&assert)
    );
    assert_eq!(names(&children(&app).await), ["Noëlle François"]);
}

/// A parent's address taken by a pending request: the row is set aside and listed (exit 0), or
/// refuses the whole file with `--strict` (exit 1).
#[tokio::test(flavor = "multi_thread")]
async fn a_row_for_a_pending_request_is_set_aside_or_refuses_the_file_with_strict() {
    let app = ready().await;
    let children_file = sample("enfants.csv");
    app.admin_ok(&["import", "children", children_file.to_str().unwrap()])
        .await;
    app.sign_up("Quelqu'un", "d'autre", "claire.dubois@example.be")
        .await;
    let parents_file = sample("parents.csv");
    let parents_file = parents_file.to_str().unwrap();

    let mut strict = app.admin();
    strict.args(["import", "parents", parents_file, "--strict"]);
    let assert = run(strict).await.code(1);
    let stdout = stdout_of(&assert);
    assert!(
        stdout.starts_with("Import des parents refusé : rien n'a été écrit."),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "ligne 2, colonne email : cette adresse est celle d'une demande de compte en attente"
        ),
        "{stdout}"
    );

    let stdout = app.admin_ok(&["import", "parents", parents_file]).await;
    assert!(
        stdout.starts_with("Import des parents appliqué."),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "Mis de côté, à régler à la main (ces lignes n'ont rien changé) :\n  ligne 2, colonne email : cette adresse est celle d'une demande de compte en attente"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("  ligne 3, colonne email"), "{stdout}");
}
