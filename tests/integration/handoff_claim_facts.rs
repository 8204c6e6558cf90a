//! A saved case's hand-off carries the claim (the facts the customer
//! gave) and reads each deadline's status and days left as of the day it
//! is shown, not as of the claim date: the same case shown on two days
//! says two different things, and the copy key, `cases show` and the CSV
//! export all take it from the same sections.

use chrono::NaiveDate;
use claimdesk::case::Case;
use claimdesk::report::{case_sections, case_text, render_markdown};
use claimdesk::rules::{ClaimInput, PolicySet, decide};
use claimdesk::store::CaseRecord;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("date")
}

fn saved_case(policies: &PolicySet) -> Case {
    let input = ClaimInput::from_json(
        r#"{"vendor":"mitkco","channel":"direct","issue":"wrong_item","order_date":"2026-11-10",
            "delivery_date":"2026-11-22","product":"device","free_product":false}"#,
    )
    .expect("claim");
    let outcome = decide(policies, &input, date(2026, 11, 24)).expect("decided");
    let mut record =
        CaseRecord::from_decision(&input, &outcome, policies.vendor("mitkco").expect("mitkco"));
    record.reference = "112-4417".into();
    record.agent = "Dana".into();
    record.note = "prefers e-mail".into();
    let saved = date(2026, 11, 24).and_hms_opt(10, 5, 0).expect("time");
    Case {
        id: "C-20261124-0003".into(),
        created_at: saved,
        updated_at: saved,
        updated_by: "Dana".into(),
        version: 1,
        record,
    }
}

#[test]
fn the_hand_off_shows_claim_facts_and_days_as_of_the_day_shown() {
    let policies = PolicySet::embedded().expect("policies");
    let case = saved_case(&policies);
    let on_the_day = case_text(&case, &policies, date(2026, 11, 24));
    let a_week_on = case_text(&case, &policies, date(2026, 12, 1));
    insta::assert_snapshot!("handoff_as_of_2026_12_01", a_week_on);
    assert!(
        a_week_on.contains("Facts the customer gave:"),
        "{a_week_on}"
    );
    assert!(a_week_on.contains("Order number: 112-4417"), "{a_week_on}");
    assert!(
        a_week_on.contains("Delivery date: 2026-11-22"),
        "{a_week_on}"
    );
    assert!(a_week_on.contains("as of 2026-12-01"), "{a_week_on}");
    assert!(on_the_day.contains("as of 2026-11-24"), "{on_the_day}");
    assert_ne!(on_the_day, a_week_on, "days left move with the day shown");
    let md = render_markdown(&case_sections(&case, Some(&policies), date(2026, 12, 1)));
    assert!(md.contains("### Facts the customer gave"), "{md}");
    assert!(
        md.contains("as of 2026\\-12\\-01") || md.contains("as of 2026-12-01"),
        "{md}"
    );
}
