//! The customer's letter in the wizard (issue 23: "in one key"): `l` on
//! a saved outcome and on the case screen opens the letter menu. As state
//! machines (what `l` does on an outcome not saved, the language keys, the
//! file proposed, the jobs handed to the session) with snapshots of the
//! menu; and the real binary in a pseudo-terminal: a German letter saved
//! to a file from a saved outcome, recorded as `letter_sent`; the e-mail
//! unavailable and the clipboard from the case screen; a letter e-mailed
//! through an SMTP server the test starts, and one the server refuses.

use crate::common;

use claimdesk::letter::Lang;
use claimdesk::letter::form::Form;
use claimdesk::wizard::app::{App, CaseStatus, Effect, ViewedCase};
use claimdesk::wizard::keys::Context;
use claimdesk::wizard::letter::{LetterJob, LetterMenu, LetterTo};
use common::pty::{Session, start_in};
use common::wizard::{app, keys, screen};
use serde_json::Value;
use std::path::{Path, PathBuf};

fn menu(email: Result<&str, &str>) -> LetterMenu {
    let mut menu = LetterMenu::new(
        "C-20261121-0001".into(),
        Lang::De,
        email.map(str::to_owned).map_err(str::to_owned),
        Some(PathBuf::from("/data/claimdesk/letters")),
    );
    menu.country = Some("DE".into());
    menu
}

fn with_case(app: &mut App<'_>) {
    app.case_opened(ViewedCase {
        id: "C-20261121-0001".into(),
        text: "Case: C-20261121-0001\nVERDICT: Eligible\n".into(),
        ..ViewedCase::default()
    });
}

fn jobs(app: &App<'_>) -> Vec<LetterJob> {
    app.effects
        .iter()
        .filter_map(|e| match e {
            Effect::Letter(job) => Some(job.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn l_on_an_outcome_the_case_log_does_not_hold_says_why_and_opens_nothing() {
    // No session: the outcome is not saved.
    let mut a = app();
    keys(&mut a, "Enter 1 8");
    a.effects.clear();
    keys(&mut a, "l");
    let said = a.status.clone().unwrap_or_default();
    assert!(said.contains("made from the saved case"), "{said}");
    assert!(said.contains("not saved"), "{said}");
    assert!(a.effects.is_empty() && a.overlay.is_none());

    a.claim.case = CaseStatus::NotSaved("the case log is read-only".into());
    keys(&mut a, "l");
    assert!(
        a.status
            .as_deref()
            .is_some_and(|s| s.contains("the case log is read-only")),
        "{:?}",
        a.status
    );
    // Saved, but the last change is not: the letter would be out of date.
    a.claim.case = CaseStatus::Saved("C-20261121-0001".into());
    a.claim.case_behind = true;
    keys(&mut a, "l");
    assert!(
        a.status
            .as_deref()
            .is_some_and(|s| s.contains("last change is not saved")),
        "{:?}",
        a.status
    );
    // Waiting in a shared log's outbox: no case id yet.
    a.claim.case_behind = false;
    a.claim.case = CaseStatus::Saved("pending-ab12".into());
    keys(&mut a, "l");
    assert!(
        a.status.as_deref().is_some_and(|s| s.contains("outbox")),
        "{:?}",
        a.status
    );
    assert!(a.effects.is_empty());
}

#[test]
fn l_on_a_saved_outcome_and_on_the_case_screen_asks_the_session_for_the_menu() {
    let mut a = app();
    keys(&mut a, "Enter 1 8");
    a.claim.case = CaseStatus::Saved("C-20261121-0001".into());
    a.effects.clear();
    keys(&mut a, "l");
    assert_eq!(a.effects, [Effect::OpenLetter("C-20261121-0001".into())]);

    let mut a = app();
    with_case(&mut a);
    keys(&mut a, "l");
    assert_eq!(a.effects, [Effect::OpenLetter("C-20261121-0001".into())]);
    a.letter_opened(menu(Ok("ana@example.com")));
    assert_eq!(a.context(), Context::Letter);
}

#[test]
fn the_menu_picks_a_language_by_number_or_arrows_and_hands_each_job_to_the_session() {
    let mut a = app();
    with_case(&mut a);
    a.letter_opened(menu(Ok("ana@example.com")));
    let lang = |a: &App<'_>| a.letter_menu().map(|m| m.lang);
    assert_eq!(lang(&a), Some(Lang::De), "the customer's country's first");
    keys(&mut a, "3");
    assert_eq!(lang(&a), Some(Lang::Fr));
    keys(&mut a, "Left Left");
    assert_eq!(lang(&a), Some(Lang::En));
    keys(&mut a, "Left");
    assert_eq!(lang(&a), Some(Lang::ZhCn), "the arrows go round");
    keys(&mut a, "Right Right");
    assert_eq!(lang(&a), Some(Lang::De));
    // 8 and 9 name no language: nothing changes.
    keys(&mut a, "9");
    assert_eq!(lang(&a), Some(Lang::De));

    keys(&mut a, "s c");
    let to: Vec<LetterTo> = jobs(&a).into_iter().map(|j| j.to).collect();
    assert_eq!(to, [LetterTo::Email, LetterTo::Clipboard]);
    assert!(jobs(&a).iter().all(|j| j.lang == Lang::De));
    // The menu stays up until the session has done the job.
    assert_eq!(a.context(), Context::Letter);

    // A file: proposed in the letters folder, named by case, language
    // and form; kept as proposed, a taken name becomes the next free one.
    a.effects.clear();
    keys(&mut a, "h");
    assert_eq!(a.context(), Context::LetterFile);
    let typed = |a: &App<'_>| {
        a.letter_menu()
            .and_then(|m| m.file.as_ref())
            .map(|f| f.input.value().to_owned())
    };
    assert_eq!(
        typed(&a).as_deref(),
        Some("/data/claimdesk/letters/C-20261121-0001-de.html")
    );
    keys(&mut a, "Enter");
    assert_eq!(
        jobs(&a),
        [LetterJob {
            case_id: "C-20261121-0001".into(),
            lang: Lang::De,
            to: LetterTo::File {
                form: Form::Html,
                path: "/data/claimdesk/letters/C-20261121-0001-de.html".into(),
                next_free: true,
            },
        }]
    );
    // A name the agent typed is taken as it is: never a -2 in its place.
    a.effects.clear();
    keys(&mut a, "Bksp Bksp Bksp Bksp htm Enter");
    assert!(matches!(
        jobs(&a).as_slice(),
        [LetterJob { to: LetterTo::File { next_free: false, path, .. }, .. }]
            if path == Path::new("/data/claimdesk/letters/C-20261121-0001-de.htm")
    ));
    // Esc: the menu again; Esc again closes it, back on the case.
    keys(&mut a, "Esc");
    assert_eq!(a.context(), Context::Letter);
    keys(&mut a, "Esc");
    assert_eq!(a.context(), Context::Case);
}

#[test]
fn sending_without_a_way_to_send_says_why_and_asks_nothing_of_the_session() {
    let mut a = app();
    with_case(&mut a);
    a.letter_opened(menu(Err("no smtp_url in config.toml")));
    keys(&mut a, "s");
    assert!(a.effects.is_empty());
    assert_eq!(
        a.status.as_deref(),
        Some("Cannot send the letter: no smtp_url in config.toml")
    );
    assert_eq!(a.context(), Context::Letter);
}

/// One letter at a time: while one is being sent, a second `s` (or a
/// file or a copy) asks nothing of the session and says why; once the
/// first is done, the next goes.
#[test]
fn a_second_letter_waits_until_the_first_is_sent() {
    use claimdesk::wizard::msg::{Busy, Msg};
    let mut a = app();
    with_case(&mut a);
    a.letter_opened(menu(Ok("kunde@example.de")));
    keys(&mut a, "s");
    assert_eq!(jobs(&a).len(), 1);
    a.effects.clear();
    a.update(Msg::Asked(Busy::Sending));
    keys(&mut a, "s");
    keys(&mut a, "c");
    assert!(jobs(&a).is_empty(), "{:?}", a.effects);
    assert_eq!(
        a.status.as_deref(),
        Some("A letter is still on its way: wait for it, then try again")
    );
    a.update(Msg::Done(Busy::Sending));
    keys(&mut a, "s");
    assert_eq!(jobs(&a).len(), 1);
}

#[test]
fn snapshots_of_the_letter_menu() {
    let mut a = app();
    with_case(&mut a);
    a.letter_opened(menu(Err(
        "no customer e-mail on the case (u on the case screen)",
    )));
    insta::assert_snapshot!("letter_menu__80x24", screen(&a, 80, 24));
    keys(&mut a, "1 t");
    insta::assert_snapshot!("letter_menu_file__80x24", screen(&a, 80, 24));
    let mut a = app();
    with_case(&mut a);
    a.letter_opened(menu(Ok("ana@example.com")));
    keys(&mut a, "6");
    insta::assert_snapshot!("letter_menu_japanese__120x40", screen(&a, 120, 40));
}

// ---- the real binary ----

/// `claimdesk ARGS` in `home`, as of the wizard's today; its output.
fn run(home: &Path, args: &[&str]) -> std::process::Output {
    let out = common::claimdesk(home)
        .args(["--today", "2026-11-21"])
        .args(args)
        .output()
        .expect("run claimdesk");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The `letter_sent` events of case `id`.
fn letters_sent(home: &Path, id: &str) -> Vec<Value> {
    let out = run(home, &["cases", "show", id, "--format", "json"]);
    let case: Value = serde_json::from_slice(&out.stdout).expect("json");
    case["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter(|e| e["kind"] == "letter_sent")
        .cloned()
        .collect()
}

/// Saves a Mitkco fault claim of a customer in Germany with `check
/// --save` on order `order`; its case id.
fn save_german_customer(home: &Path, order: &str) -> String {
    let claim = r#"{"vendor":"mitkco","issue":"defective","product":"device","delivery_date":"2026-11-18","invoice_date":"2026-11-18","first_notice_date":"2026-11-20","customer_country":"DE"}"#;
    common::check_save(home, "2026-11-21", claim, order)
}

/// The wizard in `home` (100x30), on the case screen of the case saved
/// on `order` (through the repeat-claim page).
fn on_the_case_screen(home: tempfile::TempDir, order: &str, id: &str) -> Session {
    let mut s = start_in(home, 100, 30, &[]);
    s.expect("order number or");
    s.send(order.as_bytes());
    s.key("⏎");
    s.expect("already has 1 case");
    s.key("1");
    s.expect(&format!("Case {id}"));
    s
}

/// The config the wizard reads in these tests (HOME/claimdesk/config.toml).
fn write_config(home: &Path, extra: &str) {
    let dir = home.join("claimdesk");
    std::fs::create_dir_all(&dir).expect("config folder");
    std::fs::write(
        dir.join("config.toml"),
        format!("agent_name = \"Pat\"\n{extra}"),
    )
    .expect("config");
}

#[test]
fn a_saved_outcome_gives_a_german_letter_in_a_file_recorded_on_its_timeline() {
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().to_owned();
    let mut s = start_in(home, 80, 24, &[]);
    s.past_order_number();
    for k in ["2", "3", "-", "7", "⏎", "⏎", "⏎", "⏎", "⏎"] {
        s.key(k);
    }
    s.expect("ELIGIBLE");
    s.expect("· case C-");
    let header = s.contents();
    let id = header
        .split_whitespace()
        .find(|w| w.starts_with("C-2"))
        .expect("the case id in the header")
        .to_owned();
    s.key("l");
    s.expect(&format!("The customer's letter · {id}"));
    // No customer country was given: English first.
    s.expect("English (en)  (no customer country on the case)");
    s.expect("unavailable, no smtp_url in config.toml");
    s.key("2");
    s.expect("Deutsch (de)");
    s.key("t");
    s.expect("Save the Deutsch letter as text to:");
    s.key("⏎");
    s.expect("Letter (Deutsch) recorded on the case and saved to");
    s.expect("-de.txt");

    let file = s.data.join("letters").join(format!("{id}-de.txt"));
    let letter = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| panic!("{}: {e}\n{}", file.display(), s.contents()));
    assert!(
        letter.contains("Sehr geehrte Kundin, sehr geehrter Kunde,"),
        "{letter}"
    );
    assert!(letter.contains("Unsere Entscheidung"), "{letter}");
    assert!(letter.contains(&format!("Vorgang: {id}")), "{letter}");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the letter is the user's only");
    }

    // Again: the first letter is kept, the second takes the next name.
    s.key("l");
    s.expect("English (en)");
    s.key("2");
    s.key("t");
    s.expect("Save the Deutsch letter");
    s.key("⏎");
    s.expect("-de-2.txt");
    let second = s.data.join("letters").join(format!("{id}-de-2.txt"));
    assert!(second.exists(), "{}", s.contents());
    assert_eq!(std::fs::read_to_string(&file).expect("first"), letter);

    let sent = letters_sent(&path, &id);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0]["letter_form"], "text");
    assert_eq!(sent[0]["letter_lang"], "de");
    assert_eq!(sent[0]["letter_to"], file.display().to_string());
    assert_eq!(sent[0]["agent"], "Pat");
    // The letter changes nothing else: the saved outcome asks no question
    // on the way out.
    s.key("q");
    assert!(s.wait_exit().success());
}

#[test]
fn on_the_case_screen_the_email_is_unavailable_with_why_and_the_clipboard_gets_the_letter() {
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().to_owned();
    let id = save_german_customer(&path, "112-88");
    let mut s = on_the_case_screen(home, "112-88", &id);
    // The footer has no room: the case screen says it, at its end.
    for _ in 0..5 {
        s.send(b"\x1b[6~");
    }
    s.expect("Letter: press l for the customer's letter");
    s.key("l");
    // The customer lives in Germany: German first.
    s.expect("Deutsch (de)  the customer's country's (DE)");
    s.expect("s  send by e-mail: unavailable, no smtp_url in config.toml");
    s.key("s");
    s.expect("Cannot send the letter: no smtp_url in config.toml");
    assert!(letters_sent(&path, &id).is_empty());
    // Still in the menu: copy.
    s.key("c");
    s.expect("Letter (Deutsch) recorded on the case and ");
    s.expect("lines sent to the terminal's clipboard (OSC 52)");
    // The case screen shows it on the timeline.
    s.send(b"\x1b[H");
    s.expect("letter sent: text, de, to clipboard");

    // What reached the terminal is the text letter, as `cases letter`
    // prints it, byte for byte inside OSC 52.
    let printed = run(&path, &["cases", "letter", &id]).stdout;
    let text = String::from_utf8(printed).expect("utf-8");
    assert!(text.contains("Unsere Entscheidung"));
    let expected = claimdesk::clipboard::osc52(&text, false);
    let raw = s.raw();
    assert!(
        raw.windows(expected.len())
            .any(|w| w == expected.as_slice()),
        "the letter's OSC 52 was not written"
    );
    let sent = letters_sent(&path, &id);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["letter_form"], "text");
    assert_eq!(sent[0]["letter_lang"], "de");
    assert_eq!(sent[0]["letter_to"], "clipboard");
}

#[test]
fn the_letter_is_emailed_to_the_customer_through_the_desks_smtp_server() {
    let (port, server) = common::smtp::smtp_server();
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().to_owned();
    write_config(
        &path,
        &format!("smtp_url = \"smtp://127.0.0.1:{port}\"\nsmtp_from = \"desk@example.org\"\n"),
    );
    let id = save_german_customer(&path, "112-89");
    run(
        &path,
        &["cases", "contact", &id, "--email", "ana@example.com"],
    );
    let mut s = on_the_case_screen(home, "112-89", &id);
    s.key("l");
    s.expect("s  send by e-mail to ana@example.com");
    s.key("s");
    s.expect("Letter (Deutsch) recorded on the case and sent to ana@example.com");
    let received = String::from_utf8_lossy(&server.join().expect("server")).into_owned();
    assert!(received.contains("To: ana@example.com"), "{received}");
    assert!(received.contains("From: desk@example.org"), "{received}");
    let sent = letters_sent(&path, &id);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["letter_form"], "eml");
    assert_eq!(sent[0]["letter_to"], "ana@example.com");
}

#[test]
fn a_refused_send_is_said_in_words_and_the_menu_stays_with_nothing_recorded() {
    // A port nothing listens on: the connection is refused.
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        listener.local_addr().expect("addr").port()
    };
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().to_owned();
    write_config(
        &path,
        &format!(
            "smtp_url = \"smtp://desk:s3cret@127.0.0.1:{port}\"\nsmtp_from = \"desk@example.org\"\n"
        ),
    );
    let id = save_german_customer(&path, "112-90");
    run(
        &path,
        &["cases", "contact", &id, "--email", "ana@example.com"],
    );
    let mut s = on_the_case_screen(home, "112-90", &id);
    s.key("l");
    s.expect("s  send by e-mail to ana@example.com");
    s.key("s");
    s.expect("Letter not sent: sending through smtp://desk:***@127.0.0.1");
    s.expect("Connection error");
    let screen = s.contents();
    assert!(!screen.contains("s3cret"), "{screen}");
    // The menu is still up: the agent can save or copy instead.
    assert!(screen.contains("The customer's letter"), "{screen}");
    assert!(letters_sent(&path, &id).is_empty());
    // A file to a folder that cannot be made: said, nothing recorded.
    let blocked = path.join("blocked");
    std::fs::write(&blocked, "a file, not a folder").expect("file");
    s.key("t");
    s.expect("Save the Deutsch letter as text to:");
    // Ctrl-U clears the proposed name; a path under a plain file.
    s.send(b"\x15");
    s.send(format!("{}/letter.txt", blocked.display()).as_bytes());
    s.key("⏎");
    s.expect("Letter not saved to");
    s.expect("blocked is a file, not a");
    assert!(letters_sent(&path, &id).is_empty());
    assert!(s.contents().contains("Save the Deutsch letter"));
}
