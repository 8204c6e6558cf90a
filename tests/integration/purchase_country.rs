//! "Outside the country of purchase" (MS-L-ABROAD, policy-notes.md
//! Additions): the question names the country by channel; Amazon Europe
//! asks the store's country first. Wizard and plain mode.

use crate::common;
use crate::common::{policies, text};

use claimdesk::intake::{Field, Intake, Toggle};
use claimdesk::rules::claim::{ClaimInput, Flag};
use claimdesk::wizard::app::{App, ScreenKind};
use common::wizard::{keys, screen_rows};
use std::process::{Output, Stdio};

const ABROAD: Toggle = Toggle::Flag(Flag::OutsidePurchaseCountry);

/// A new claim (the desk's `purchase_country`) past the order-number
/// question, then `sequence` typed (see `common::wizard::keys`).
fn wizard(sequence: &str, purchase_country: Option<&str>) -> App<'static> {
    let mut intake = Intake::new(policies(), common::today());
    intake.purchase_country = purchase_country.map(str::to_owned);
    let mut app = App::new(intake);
    keys(&mut app, &format!("Enter {sequence}"));
    app
}

fn screen_text(app: &App<'_>) -> String {
    screen_rows(app, 120, 40).join("\n")
}

/// Amazon US (channel 2): the United States, on the toggles screen.
#[test]
fn wizard_amazon_us_names_the_united_states() {
    let app = wizard("1 2 2 -50 Enter Enter Enter", Some("DE"));
    assert_eq!(app.question().map(|q| q.field), Some(Field::Details));
    assert_eq!(
        app.claim.intake.toggle_label(ABROAD),
        "Is the customer now outside the United States?"
    );
    assert!(screen_text(&app).contains("Is the customer now outside the United States?"));
}

/// Amazon Japan (channel 4): Japan.
#[test]
fn wizard_amazon_japan_names_japan() {
    let app = wizard("1 2 4 -50 Enter Enter Enter", None);
    assert_eq!(
        app.claim.intake.toggle_label(ABROAD),
        "Is the customer now outside Japan?"
    );
}

/// Amazon Europe (channel 3): the store's country is asked right after
/// the channel (not assumed), then named: Germany for amazon.de.
#[test]
fn wizard_amazon_europe_asks_the_store_then_names_its_country() {
    let at_store = wizard("1 2 3", Some("US"));
    assert_eq!(
        at_store.question().map(|q| q.field),
        Some(Field::StoreCountry)
    );
    assert!(screen_text(&at_store).contains("Which country's Amazon store"));
    // Not answered yet: the question does not guess.
    assert_eq!(
        at_store.claim.intake.toggle_label(ABROAD),
        "Is the customer now outside the country of the Amazon store?"
    );
    let app = wizard("1 2 3 1 -50 Enter Enter Enter", Some("US"));
    assert_eq!(app.claim.intake.input.store_country.as_deref(), Some("DE"));
    assert_eq!(app.question().map(|q| q.field), Some(Field::Details));
    assert!(screen_text(&app).contains("Is the customer now outside Germany?"));
    // The store is part of the claim (and so of drafts and saved cases).
    let json = app.claim.intake.input.to_json_value();
    assert_eq!(json["store_country"], "DE");
    let back = ClaimInput::from_value(&json).expect("claim");
    assert_eq!(back.store_country.as_deref(), Some("DE"));
    assert!(back.unknown_fields.is_empty());
    // The outcome is reached as for any channel; a German customer living
    // in Germany answers no and keeps the normal remedies. Amazon Europe
    // has no single country, so where the customer lives is asked last.
    let mut done = app;
    keys(&mut done, "Enter");
    assert_eq!(
        done.question().map(|q| q.field),
        Some(Field::CustomerCountry)
    );
    keys(&mut done, "DE Enter");
    // The EU notes count from delivery, which MillSO does not ask: the
    // delivery date is asked next (optional; Enter = not known).
    assert_eq!(
        done.question().map(|q| q.field),
        Some(Field::Date(claimdesk::rules::claim::DateFact::Delivery))
    );
    keys(&mut done, "Enter");
    assert_eq!(done.kind(), ScreenKind::Outcome);
    assert_eq!(
        done.claim.intake.input.customer_country.as_deref(),
        Some("DE")
    );
    let outcome = done.claim.intake.decide().expect("decided");
    assert!(!outcome.remedies.iter().any(|r| r.id() == "half_refund"));
}

/// Only Amazon Europe asks for a store; changing the channel forgets it.
#[test]
fn only_amazon_europe_asks_for_a_store() {
    for channel in ["1", "2", "4", "5"] {
        let app = wizard(&format!("1 2 {channel}"), None);
        assert_ne!(
            app.question().map(|q| q.field),
            Some(Field::StoreCountry),
            "channel {channel}"
        );
    }
    // Change of mind does not ask the "outside" question at all.
    let app = wizard("1 1 3", None);
    assert_ne!(app.question().map(|q| q.field), Some(Field::StoreCountry));
    let mut intake = Intake::new(policies(), common::today());
    intake.choose(Field::Vendor, "millso");
    intake.choose(Field::Issue, "defective");
    intake.choose(Field::Channel, "amazon_eu");
    intake.choose(Field::StoreCountry, "FR");
    assert_eq!(
        intake.toggle_label(ABROAD),
        "Is the customer now outside France?"
    );
    intake.choose(Field::Channel, "direct");
    assert_eq!(intake.input.store_country, None);
}

/// Bought directly: the config's purchase_country, else the country the
/// order was shipped to.
#[test]
fn wizard_direct_uses_the_config_or_the_shipping_country() {
    let with = wizard("1 2 1 -50 Enter Enter Enter", Some("US"));
    assert_eq!(
        with.claim.intake.toggle_label(ABROAD),
        "Is the customer now outside US?"
    );
    let without = wizard("1 2 1 -50 Enter Enter Enter", None);
    assert_eq!(
        without.claim.intake.toggle_label(ABROAD),
        "Is the customer now outside the country the order was shipped to?"
    );
}

fn plain(args: &[&str], stdin: &str) -> Output {
    use std::io::Write;
    let home = tempfile::tempdir().expect("tempdir");
    let mut cmd = common::claimdesk(home.path());
    cmd.args(["--plain", "--today", "2026-11-21"])
        .args(args)
        .env("HOME", home.path())
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_STATE_HOME", home.path().join("state"))
        .env("XDG_CACHE_HOME", home.path().join("cache"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write");
    child.wait_with_output().expect("output")
}

#[test]
fn plain_amazon_us_names_the_united_states() {
    let out = plain(&[], "\n1\n2\n2\n-50\n\n\n\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("Is the customer now outside the United States?"),
        "{}",
        text(&out.stdout)
    );
}

/// Amazon Europe in plain mode: the store question (Germany is option 1),
/// then "outside Germany"; a customer abroad gets the MS-L-ABROAD choice.
#[test]
fn plain_amazon_europe_asks_the_store_then_outside_germany() {
    // Then where the customer lives (asked for Amazon Europe) and, as the
    // EU notes count from delivery, the delivery date (blank: not known).
    let at_home = plain(&[], "\n1\n2\n3\n1\n-50\n\n\n\nDE\n\n");
    let stdout = text(&at_home.stdout);
    assert!(at_home.status.success(), "{}", text(&at_home.stderr));
    assert!(
        stdout.contains("Which country's Amazon store was it bought from?"),
        "{stdout}"
    );
    assert!(stdout.contains("Amazon store: Germany"), "{stdout}");
    assert!(
        stdout.contains("Is the customer now outside Germany?"),
        "{stdout}"
    );
    assert!(!stdout.contains("50% refund"), "{stdout}");
    // The EU notes count from delivery, which MillSO does not ask: plain
    // mode asks it after the country, as the wizard does.
    assert!(
        stdout.contains("When did the customer receive the item? (the law counts from delivery)"),
        "{stdout}"
    );
    // The "outside" toggle is the 4th; ticked, the abroad choice appears.
    let abroad = plain(&[], "\n1\n2\n3\n1\n-50\n\n\n4\nDE\n\n");
    assert!(
        text(&abroad.stdout).contains("50% refund"),
        "{}",
        text(&abroad.stdout)
    );
}
