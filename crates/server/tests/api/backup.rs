//! `tempatro-server backup` while the server runs, and `restore` after the database is lost: the
//! real binary, as docs/OPERATIONS.md tells the operator to use it.

use reqwest::Method;
use serde_json::json;

use crate::helpers::{STAFF_EMAIL, STAFF_PASSWORD, spawn_app_with};
use crate::migrate_data::{Patro, assert_same_views, document_bytes, seed_patro, server_command};

on_each_engine!(a_backup_taken_while_the_server_runs_restores_the_same_patro);

async fn a_backup_taken_while_the_server_runs_restores_the_same_patro() {
    let Patro { camp, .. } = seed_patro().await;
    let url = camp.app.config.database_url.clone();
    let folder = tempfile::tempdir().unwrap();
    let file = folder.path().join("tempatro-2026-11-26.db");
    let file_arg = file.to_str().unwrap();

    if tempatro_server::is_postgres(&url) {
        // PostgreSQL has its own tools: the command says which, and writes nothing.
        let refused = server_command(&["backup", file_arg, "--database", &url]);
        assert!(!refused.status.success());
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert!(stderr.contains("pg_dump --format=custom"), "{stderr}");
        assert!(!file.exists());
        return;
    }

    let (staff, papa, billy) = (camp.staff.clone(), camp.papa.clone(), camp.billy);
    let before = crate::migrate_data::snapshot(&camp.app, &staff, &papa, billy).await;
    let document = document_bytes(&camp.app, &papa).await;

    // Taken while the server runs and serves.
    let (backup, busy) = tokio::join!(
        tokio::task::spawn_blocking({
            let url = url.clone();
            let file_arg = file_arg.to_owned();
            move || server_command(&["backup", &file_arg, "--database", &url])
        }),
        camp.app.ok(
            Method::POST,
            "/api/v1/news",
            &staff,
            Some(json!({"title": "Pendant la sauvegarde", "body": "…"})),
        )
    );
    let backup = backup.unwrap();
    assert!(
        backup.status.success(),
        "{}",
        String::from_utf8_lossy(&backup.stderr)
    );
    assert!(
        String::from_utf8_lossy(&backup.stdout).contains("Sauvegarde écrite dans"),
        "{}",
        String::from_utf8_lossy(&backup.stdout)
    );
    assert!(busy.is_object());
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the server's user reads a backup");
    }
    // A backup never overwrites a file.
    let twice = server_command(&["backup", file_arg, "--database", &url]);
    assert!(!twice.status.success());
    assert!(String::from_utf8_lossy(&twice.stderr).contains("existe déjà"));

    // Restoring over the database the server has open is refused.
    let restore_while_running = server_command(&["restore", file_arg, "--database", &url]);
    assert!(!restore_while_running.status.success());
    assert!(
        String::from_utf8_lossy(&restore_while_running.stderr)
            .contains("est ouverte par un autre processus"),
        "{}",
        String::from_utf8_lossy(&restore_while_running.stderr)
    );

    // The server stops; the database is lost.
    camp.app.server.stop().await.unwrap();
    let database = url.strip_prefix("sqlite://").unwrap().to_owned();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{database}{suffix}"));
    }
    assert!(!std::path::Path::new(&database).exists());

    // Restored as docs/OPERATIONS.md says, and served again.
    let restored = server_command(&["restore", file_arg, "--database", &url]);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    assert!(file.exists(), "the backup itself is kept");
    let app = spawn_app_with(|config| config.database_url = url.clone()).await;
    let after = crate::migrate_data::snapshot(&app, &staff, &papa, billy).await;
    // The news published while the backup ran is in it or not, depending on which came first:
    // every other view is the same.
    let without_news = |views: &[(String, serde_json::Value)]| -> Vec<(String, serde_json::Value)> {
        views
            .iter()
            .filter(|(path, _)| path != "/api/v1/news" && path != "/api/v1/me/dashboard")
            .cloned()
            .collect()
    };
    assert_same_views(&without_news(&before), &without_news(&after));
    assert_eq!(document_bytes(&app, &papa).await, document);
    app.token(STAFF_EMAIL, STAFF_PASSWORD, "staff").await;
    app.server.stop().await.unwrap();
}
