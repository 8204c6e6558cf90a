//! Nothing waits forever on a database that does not answer: a listener
//! on 127.0.0.1 that accepts every connection and never sends a byte (a
//! wedged server, a proxy, a half-open link). No PostgreSQL is needed.

use crate::common;

use claimdesk::store::outbox::Outbox;
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLAIM: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;

/// A port whose connections are accepted and then never answered (kept
/// open until the listener's thread ends with the test process).
fn silent_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let held: Arc<Mutex<Vec<TcpStream>>> = Arc::default();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            held.lock().expect("held").push(stream);
        }
    });
    port
}

#[test]
fn check_save_against_a_server_that_never_answers_ends_within_15_s_with_the_case_in_the_outbox() {
    let port = silent_server();
    let url = format!("postgres://ana@127.0.0.1:{port}/claims");
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data");
    let started = Instant::now();
    let out = common::run_with_stdin(
        common::claimdesk(home.path())
            .args(["--database", &url, "--data-dir"])
            .arg(&data)
            .args(["check", "--save"]),
        CLAIM,
    );
    let took = started.elapsed();
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{said}");
    assert!(took < Duration::from_secs(15), "took {took:?}: {said}");
    assert_eq!(Outbox::in_dir(&data).len(), 1, "{said}");
    assert!(said.contains("pending-"), "{said}");
}

#[test]
fn the_wizard_draws_its_first_frame_at_once_against_a_server_that_never_answers() {
    let port = silent_server();
    let url = format!("postgres://ana@127.0.0.1:{port}/claims");
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data").display().to_string();
    let started = Instant::now();
    let s = common::pty::start_command(
        home,
        100,
        24,
        &[],
        &["--database", &url, "--data-dir", &data],
    );
    let first = s
        .screen
        .within("Opening the case log", Duration::from_secs(20));
    let first = first.map(|_| started.elapsed());
    while started.elapsed() < Duration::from_secs(20)
        && s.contents().contains("Opening the case log")
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    let shown = s.contents();
    drop(s);
    let first = first.expect("a first frame saying the log is being opened");
    // The connect's deadline is 10 s; the frame came long before it.
    assert!(
        first < Duration::from_secs(3),
        "first frame after {first:?}"
    );
    // And once the connect gave up, the wizard says no more of it (an
    // unreachable shared log is offline: saves wait in the outbox).
    assert!(!shown.contains("Opening the case log"), "{shown}");
}

/// Types `bytes` and asserts the screen shows `echo` within 0.5 s; the
/// time it took.
fn echoes(s: &mut common::pty::Session, bytes: &[u8], echo: &str) -> Duration {
    use std::io::Write as _;
    s.writer.write_all(bytes).expect("type");
    s.writer.flush().expect("flush");
    let took = s.screen.within(echo, Duration::from_secs(5));
    match took {
        Some(took) if took < Duration::from_millis(500) => took,
        _ => panic!(
            "{bytes:?} echoed after {took:?} (over 0.5 s):\n{}",
            s.contents()
        ),
    }
}

/// The wizard against a shared log that accepts and never answers: the
/// first frame within 1 s, every key of an intake echoed within 0.5 s,
/// and the keys still answered while the outcome's save waits; the save
/// then lands in the outbox and the header says so.
#[test]
fn against_a_silent_database_the_keys_echo_at_once_and_the_save_waits_in_the_outbox() {
    use std::io::Write as _;
    let port = silent_server();
    let url = format!("postgres://ana@127.0.0.1:{port}/claims");
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data");
    let data_arg = data.display().to_string();
    let started = Instant::now();
    let mut s = common::pty::start_command(
        home,
        100,
        30,
        &[],
        &["--database", &url, "--data-dir", &data_arg],
    );
    s.screen
        .within("order number or", Duration::from_secs(5))
        .unwrap_or_else(|| panic!("no first frame:\n{}", s.contents()));
    let first = started.elapsed();
    assert!(
        first < Duration::from_secs(1),
        "first frame after {first:?}"
    );
    // (The frame's bytes may arrive in more than one read.)
    assert!(
        s.screen
            .within("Opening the case log", Duration::from_millis(500))
            .is_some(),
        "{}",
        s.contents()
    );
    let mut slowest = Duration::ZERO;
    let mut typed = String::new();
    for c in "A-17".chars() {
        typed.push(c);
        slowest = slowest.max(echoes(&mut s, c.to_string().as_bytes(), &typed));
    }
    slowest = slowest.max(echoes(&mut s, b"\r", "Which vendor"));
    slowest = slowest.max(echoes(&mut s, b"1", "customer's problem"));
    // The outcome: its save goes to the worker, which still waits on the
    // database.
    slowest = slowest.max(echoes(&mut s, b"7", "support@millso.com"));
    assert!(
        !s.contents().contains("waiting to be sent"),
        "{}",
        s.contents()
    );
    // The keys go on meanwhile: help opens and closes at once.
    slowest = slowest.max(echoes(&mut s, b"?", " Help "));
    s.writer.write_all(b"\x1b").expect("esc");
    s.writer.flush().expect("flush");
    eprintln!("silent database: first frame {first:?}, slowest key echo {slowest:?}");
    // The connect gives up (its deadline); the case waits in the outbox.
    let landed = s
        .screen
        .within("1 waiting to be sent", Duration::from_secs(40));
    assert!(landed.is_some(), "{}", s.contents());
    assert_eq!(Outbox::in_dir(&data).len(), 1);
    s.key("q");
    s.wait_exit();
}

/// An SMTP server that accepts and never answers: the letter's send waits
/// on the worker, and the keys go on meanwhile.
#[test]
fn a_letter_sent_to_a_silent_smtp_server_does_not_freeze_the_keys() {
    let port = silent_server();
    let home = tempfile::tempdir().expect("home");
    let path = home.path().to_owned();
    let config = path.join("claimdesk");
    std::fs::create_dir_all(&config).expect("config folder");
    std::fs::write(
        config.join("config.toml"),
        format!(
            "agent_name = \"Pat\"\nsmtp_url = \"smtp://127.0.0.1:{port}\"\nsmtp_from = \"desk@example.org\"\n"
        ),
    )
    .expect("config");
    let id = common::check_save(&path, "2026-11-21", CLAIM, "S-1");
    let contact = common::claimdesk(&path)
        .args([
            "--today",
            "2026-11-21",
            "cases",
            "contact",
            &id,
            "--email",
            "ana@example.com",
        ])
        .output()
        .expect("contact");
    assert!(contact.status.success(), "{contact:?}");
    let mut s = common::pty::start_in(home, 100, 30, &[]);
    s.expect("order number or");
    s.send(b"S-1");
    s.key("⏎");
    s.expect("already has 1 case");
    s.key("1");
    s.expect(&format!("Case {id}"));
    s.key("l");
    s.expect("s  send by e-mail to ana@example.com");
    let sent = Instant::now();
    s.key("s");
    s.expect("sending…");
    // The send waits on the server; the keys are answered at once.
    let mut slowest = Duration::ZERO;
    slowest = slowest.max(echoes(&mut s, b"2", "Deutsch (de)"));
    slowest = slowest.max(echoes(&mut s, b"1", "English (en)"));
    assert!(
        sent.elapsed() < Duration::from_secs(5),
        "{:?}",
        sent.elapsed()
    );
    assert!(s.contents().contains("sending…"), "{}", s.contents());
    eprintln!("silent SMTP server: slowest key echo {slowest:?}");
}

/// A URL at a port nothing listens on: connections are refused at once
/// (the shared log is offline without waiting out a deadline).
fn refused_url() -> String {
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    format!("postgres://ana@127.0.0.1:{port}/claims")
}

/// The session's draft files, as JSON.
fn drafts_of(s: &common::pty::Session) -> Vec<serde_json::Value> {
    s.drafts()
        .iter()
        .filter_map(|(_, text)| serde_json::from_str(text).ok())
        .collect()
}

/// The case a draft's intake saves, under the draft's case key.
fn record_of_draft(draft: &serde_json::Value) -> claimdesk::store::CaseRecord {
    let input = claimdesk::rules::ClaimInput::from_value(&draft["claim"]).expect("claim");
    let outcome =
        claimdesk::rules::decide(common::policies(), &input, common::today()).expect("decided");
    let policy = common::policies()
        .vendor(outcome.vendor)
        .expect("vendor's policy");
    let mut record = claimdesk::store::CaseRecord::from_decision(&input, &outcome, policy);
    record.reference = draft["reference"].as_str().unwrap_or_default().to_owned();
    record.key = draft["case_key"].as_str().expect("case_key").to_owned();
    record
}

/// Quitting the wizard while its save is held by a database that never
/// answers leaves a draft that names the save's case key; if that save
/// then reaches the outbox (here put there as it would have been), the
/// resumed draft takes that case up: one case waits, not two.
#[test]
fn a_draft_left_with_its_save_held_resumes_onto_that_save_not_a_second() {
    let port = silent_server();
    let silent = format!("postgres://ana@127.0.0.1:{port}/claims");
    let home = tempfile::tempdir().expect("home");
    let data = home.path().join("data");
    let data_arg = data.display().to_string();
    let mut s = common::pty::start_command(
        home,
        160,
        30,
        &[],
        &["--database", &silent, "--data-dir", &data_arg],
    );
    s.expect("order number or");
    s.send(b"A-17");
    s.key("⏎");
    s.expect("Which vendor");
    s.key("1");
    s.expect("customer's problem");
    s.key("7");
    // The outcome: its save waits on the database that never answers.
    s.expect("support@millso.com");
    // Quit at once (an outcome is finished: nothing to confirm); the way
    // out waits 2 s for the save, which does not come back.
    let quit = Instant::now();
    s.key("q");
    assert!(s.wait_exit().success());
    assert!(
        quit.elapsed() >= Duration::from_secs(2),
        "{:?}",
        quit.elapsed()
    );
    assert_eq!(Outbox::in_dir(&data).len(), 0, "the held save died with it");
    let drafts = drafts_of(&s);
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    let draft = &drafts[0];
    assert_eq!(draft["screen"], "outcome", "{draft}");
    assert!(draft["case_id"].is_null(), "{draft}");
    let key = draft["case_key"]
        .as_str()
        .expect("the draft names the save's key");
    // The held save reaches the outbox after all (a process that lived
    // on would have put it there, under that key).
    let offline = refused_url();
    let mut log = claimdesk::store::shared::SharedStore::open(&offline, &data).expect("open");
    let pending = claimdesk::store::CaseStore::save(
        &mut log,
        &record_of_draft(draft),
        claimdesk::case::now_utc(),
    )
    .expect("queued");
    assert_eq!(pending, format!("pending-{key}"));
    drop(log);
    assert_eq!(Outbox::in_dir(&data).len(), 1);

    let home = s.home.take().expect("home");
    drop(s);
    let mut s = common::pty::start_command(
        home,
        160,
        30,
        &[],
        &["--database", &offline, "--data-dir", &data_arg],
    );
    s.expect("Unfinished claims");
    s.key("⏎");
    s.expect("(before the wizard was left): no second case");
    s.expect(&format!("pending-{}", &key[..8]));
    assert_eq!(Outbox::in_dir(&data).len(), 1, "{}", s.contents());
    s.key("q");
    s.wait_exit();
    assert_eq!(Outbox::in_dir(&data).len(), 1);
    assert!(drafts_of(&s).is_empty(), "{:?}", s.drafts());
}

/// A save sent twice under one case key while the shared log is away
/// waits once in the outbox, the second replacing the first.
#[test]
fn a_save_sent_twice_under_one_key_waits_once_in_the_outbox() {
    let home = tempfile::tempdir().expect("home");
    let mut log = claimdesk::store::shared::SharedStore::open(&refused_url(), home.path())
        .expect("open offline");
    let draft = serde_json::json!({
        "claim": serde_json::from_str::<serde_json::Value>(CLAIM).expect("claim"),
        "reference": "A-17",
        "case_key": "0193-one-key",
    });
    let mut record = record_of_draft(&draft);
    let now = claimdesk::case::now_utc();
    let first = claimdesk::store::CaseStore::save(&mut log, &record, now).expect("first");
    record.note = "said again".into();
    let second = claimdesk::store::CaseStore::save(&mut log, &record, now).expect("second");
    assert_eq!(first, "pending-0193-one-key");
    assert_eq!(second, first);
    assert_eq!(log.outbox().len(), 1);
}
