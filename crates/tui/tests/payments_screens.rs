//! "Mes paiements" and the detail of a due with its QR code, compared with their reviewed
//! snapshots in `tests/snapshots`. The list is drawn at 80×24; the detail at 80×24, where the
//! demo's code (version 5, 37 modules) just fits beside the details with a quiet zone of two
//! modules, and at 100×50, where it gets the standard four.

mod support;

use tempatro_core::Lang;

use support::*;

#[test]
fn my_payments_with_every_status() {
    let app = on_payments(Lang::Fr, family_dues());
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn my_payments_in_english() {
    let app = on_payments(Lang::En, family_dues());
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn my_payments_empty() {
    let app = on_payments(Lang::Fr, Vec::new());
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn my_payments_all_paid() {
    let dues = family_dues()
        .into_iter()
        .filter(|due| !tempatro_tui::screens::payments::open(due.status))
        .collect();
    let app = on_payments(Lang::Fr, dues);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn payment_detail_with_the_qr_code_at_80x24() {
    let app = on_payment_detail(Lang::Fr, vec![billys_affiliation_due()], 0, None);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn payment_detail_with_the_qr_code_at_100x50() {
    let app = on_payment_detail(Lang::Fr, vec![billys_affiliation_due()], 0, None);
    insta::assert_snapshot!(render_at(&app, 100, 50).backend());
}

#[test]
fn payment_detail_of_a_partly_paid_camp_in_english_at_100x50() {
    // The camp due is first: still to pay, and the newest.
    let app = on_payment_detail(Lang::En, family_dues(), 0, None);
    insta::assert_snapshot!(render_at(&app, 100, 50).backend());
}

#[test]
fn payment_detail_too_small_for_the_qr_code() {
    // The partly paid camp says more (what came in, and when): beside the code, the details
    // would need 22 lines, and under it the code does not fit either.
    let app = on_payment_detail(Lang::Fr, family_dues(), 0, None);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn payment_detail_with_a_bic_at_80x24() {
    let app = on_payment_detail(
        Lang::Fr,
        vec![billys_affiliation_due()],
        0,
        Some("GKCCBEBB"),
    );
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn payment_detail_with_the_qr_code_under_the_details_in_a_narrow_terminal() {
    let app = on_payment_detail(Lang::Fr, vec![billys_affiliation_due()], 0, None);
    insta::assert_snapshot!(render_at(&app, 60, 50).backend());
}

#[test]
fn payment_detail_of_a_paid_due() {
    // The old affiliation: fifth in the list, after the open dues and the T-shirt.
    let app = on_payment_detail(Lang::Fr, family_dues(), 4, None);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn payment_detail_of_an_overpaid_due() {
    let app = on_payment_detail(Lang::Fr, family_dues(), 3, None);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn payment_detail_of_a_cancelled_due() {
    let app = on_payment_detail(Lang::Fr, family_dues(), 5, None);
    insta::assert_snapshot!(render(&app).backend());
}

#[test]
fn every_payments_screen_survives_a_tiny_terminal() {
    let apps = [
        on_payments(Lang::Fr, family_dues()),
        on_payments(Lang::En, Vec::new()),
        on_payment_detail(Lang::Fr, family_dues(), 0, None),
        on_payment_detail(Lang::Fr, family_dues(), 0, Some("GKCCBEBB")),
        on_payment_detail(Lang::En, family_dues(), 4, None),
    ];
    for app in &apps {
        for (width, height) in [
            (1, 1),
            (2, 2),
            (10, 4),
            (30, 8),
            (45, 30),
            (79, 23),
            (200, 60),
        ] {
            render_at(app, width, height);
        }
    }
}
