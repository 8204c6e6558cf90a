//! Every wizard screen, rendered at 80x24 and 120x40, as insta snapshots:
//! a change to what an agent sees shows up as a reviewable diff.

use chrono::NaiveDate;
use claimdesk::intake::Intake;
use claimdesk::wizard::app::{App, CaseRow, DraftOffer, ViewedCase};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::wizard::{screen, typed};
use crate::common::{policies, today};

/// The app after a blank order number and then `sequence` (tokens as in
/// `common::wizard::keys`).
fn after(sequence: &str) -> App<'static> {
    typed(today(), &format!("Enter {sequence}"))
}

/// Snapshots one screen at both sizes.
fn snap(name: &str, sequence: &str) {
    snap_app(name, &after(sequence));
}

fn snap_app(name: &str, app: &App<'_>) {
    insta::assert_snapshot!(format!("{name}__80x24"), screen(app, 80, 24));
    insta::assert_snapshot!(format!("{name}__120x40"), screen(app, 120, 40));
}

fn row(id: &str, vendor: &str, issue: &str, verdict: &str, reference: &str) -> CaseRow {
    CaseRow {
        id: id.into(),
        claim_date: NaiveDate::from_ymd_opt(2026, 11, 20).expect("date"),
        vendor: vendor.into(),
        issue: issue.into(),
        verdict: verdict.into(),
        reference: reference.into(),
        note: String::new(),
    }
}

/// A saved case's hand-off text, as `cases show` prints it (shortened).
const CASE_TEXT: &str = "Case: C-20261120-0003 (saved 2026-11-20 10:12)
Customer reference: 112-4417
VERDICT: Eligible
Claim: MillSO / Defective / claim date 2026-11-20
Summary: Defective within the 12-month warranty: replacement or full refund.
Next steps:
1. Submit a Return or Exchange request on the product's support page, or e-mail support@millso.com. [MS-FAQ-CLAIM, MS-CONTACT]";

#[test]
fn question_screens() {
    snap_app("00_order_number", &typed(today(), "112-4417"));
    snap("01_vendor", "");
    snap("02_issue_millso", "1");
    snap("03_channel", "1 2");
    snap("04_date_typed", "1 2 2 2026-10-0");
    snap("05_date_echo", "1 2 2 2026-10-02");
    snap("06_date_error", "1 2 2 2026-02-30 Enter");
    snap(
        "07_date_order_error",
        "1 2 2 2026-10-02 Enter 2026-10-01 Enter",
    );
    snap("08_toggles", "1 2 2 2026-10-02 Enter Enter Enter");
    snap("09_choice_filter", "2 wr");
    snap("10_mitkco_dates", "2 3");
    // MillSO, defective, Amazon Europe: the EU member states come first.
    snap("11_customer_country", "1 2 3 -430 Enter Enter Enter Enter");
    snap(
        "12_customer_country_filter",
        "1 2 3 -430 Enter Enter Enter Enter ger",
    );
}

#[test]
fn outcome_for_every_verdict() {
    snap(
        "20_outcome_eligible_millso",
        "1 2 2 2026-10-02 Enter Enter Enter Enter Enter",
    );
    snap(
        "21_outcome_eligible_mitkco_transit",
        "2 3 -7 Enter Enter Enter Enter Enter",
    );
    snap("22_outcome_not_eligible", "2 7");
    snap(
        "23_outcome_review",
        "1 2 1 -400 Enter Enter Enter Enter Enter",
    );
    snap("24_outcome_follow_up", "2 8");
    snap(
        "25_outcome_scrolled",
        "1 2 2 2026-10-02 Enter Enter Enter Enter Enter Down Down Down Down Down",
    );
}

/// The MillSO charger from Amazon Germany at 14 months: the vendor's
/// review, and the customer's rights in law in their own block.
#[test]
fn outcome_with_the_customers_rights_in_law() {
    let germany = "1 2 3 1 -430 Enter Enter Enter Enter ger Enter Enter";
    let app = after(germany);
    assert_eq!(
        app.claim.intake.input.customer_country.as_deref(),
        Some("DE")
    );
    snap("26_outcome_statutory", germany);
    snap(
        "27_outcome_statutory_scrolled",
        &format!("{germany}{}", " Down".repeat(40)),
    );
    snap(
        "34_why_statutory",
        &format!("{germany} w{}", " Down".repeat(40)),
    );
}

#[test]
fn other_screens() {
    snap("30_why", "1 2 2 2026-10-02 Enter Enter Enter Enter Enter w");
    snap(
        "31_review",
        "1 2 2 2026-10-02 Enter Enter Enter Enter Enter r",
    );
    snap("32_help", "1 2 ?");
    snap("33_confirm_quit", "1 q");
}

#[test]
fn case_log_screens() {
    let mut repeat = typed(today(), "112-4417 Enter");
    repeat.earlier_found(
        vec![row(
            "C-20261120-0003",
            "MillSO",
            "Defective",
            "eligible",
            "112-4417",
        )],
        CASE_TEXT.into(),
        "A replacement unit keeps the original purchase date: the warranty is not renewed by a \
         replacement. (MS-FAQ-RENEW, MS-FAQ-START)"
            .into(),
    );
    snap_app("50_repeat_claim", &repeat);

    let mut history = after("1 2");
    history.apply(claimdesk::wizard::keys::Action::History);
    history.history_mut().expect("history").rows = vec![
        row(
            "C-20261121-0002",
            "Mitkco",
            "Damaged in transit",
            "review",
            "K-2",
        ),
        row(
            "C-20261120-0003",
            "MillSO",
            "Defective",
            "eligible",
            "112-4417",
        ),
        row(
            "C-20261120-0001",
            "MillSO",
            "Refund not received",
            "follow up",
            "",
        ),
    ];
    snap_app("51_history", &history);
    for c in "millso".chars() {
        history.update(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    }
    snap_app("52_history_filtered", &history);
    history.case_opened(ViewedCase {
        id: "C-20261120-0003".into(),
        text: CASE_TEXT.into(),
        ..ViewedCase::default()
    });
    snap_app("53_case", &history);

    let resume = App::with_offers(
        Intake::new(policies(), today()),
        vec![
            DraftOffer {
                when: "2026-11-21 14:02".into(),
                what: "MillSO · Defective · order A-77".into(),
                at: "at Order date".into(),
            },
            DraftOffer {
                when: "2026-11-20 17:40".into(),
                what: "Mitkco".into(),
                at: "at Issue".into(),
            },
        ],
    );
    snap_app("54_resume", &resume);
    snap("55_note_editor", "2 7 n customer Space rang Space twice");
    snap(
        "56_outcome_with_note",
        "2 7 o A-77 Enter n customer Space rang Space twice Enter Down Down Down Down Down",
    );
}

#[test]
fn too_small_terminal() {
    let app = after("1 2");
    insta::assert_snapshot!("40_too_small__79x24", screen(&app, 79, 24));
    insta::assert_snapshot!("40_too_small__80x23", screen(&app, 80, 23));
}
