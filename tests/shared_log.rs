//! The shared case log on PostgreSQL, for real: sixteen agent processes
//! saving at once, two agents editing one case, one agent's repeat-claim
//! check finding another's case, the offline outbox across a dropped
//! link, migrations from every earlier version, and the password kept out
//! of every message.
//!
//! Each trial gets schemas of its own in `CLAIMDESK_TEST_DATABASE_URL`'s
//! database; without that variable every trial is reported as ignored
//! (`CLAIMDESK_REQUIRE_POSTGRES=1` fails the run instead).

#[allow(dead_code)] // uses a few of the shared helpers
mod common;
#[path = "shared_log/grams.rs"]
mod grams;
#[path = "common/pg.rs"]
mod pg;

use chrono::{NaiveDate, NaiveDateTime};
use claimdesk::rules::{ClaimInput, decide};
use claimdesk::store::postgres::{PgStore, SearchRows, SearchStep};
use claimdesk::store::shared::{PendingId, SharedStore};
use claimdesk::store::{CaseRecord, CaseStore, Search, SqliteStore, StoreError};
use common::policies;
use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLAIM: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;

fn at(h: u32, m: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 21)
        .and_then(|d| d.and_hms_opt(h, m, 0))
        .expect("time")
}

fn record(note: &str, agent: &str) -> CaseRecord {
    let input = ClaimInput::from_json(CLAIM).expect("claim");
    let outcome = decide(policies(), &input, at(0, 0).date()).expect("decided");
    let mut r = CaseRecord::from_decision(
        &input,
        &outcome,
        policies().vendor("mitkco").expect("mitkco"),
    );
    r.note = note.into();
    r.agent = agent.into();
    r
}

/// A config.toml naming the agent, in `home`.
fn agent_config(home: &Path, agent: &str) -> std::path::PathBuf {
    let file = home.join("config.toml");
    std::fs::write(&file, format!("agent_name = \"{agent}\"\n")).expect("config");
    file
}

/// claimdesk as `agent`, on the shared log at `url`, with its own home.
fn agent(home: &Path, agent: &str, url: &str) -> Command {
    let config = agent_config(home, agent);
    let mut cmd = common::claimdesk(home);
    cmd.arg("--database").arg(url).arg("--config").arg(config);
    cmd
}

fn sixteen_agents_save_200_cases_each_at_once(base: &str) -> Result<(), Failed> {
    const AGENTS: usize = 16;
    const EACH: usize = 200;
    let db = pg::TestDb::new(base);
    let url = db.fresh_url();
    // The schema is made once, before the rush (each agent would wait
    // for the migration lock otherwise, which is fine but slower).
    drop(PgStore::connect(&url)?);
    let homes: Vec<tempfile::TempDir> = (0..AGENTS)
        .map(|_| tempfile::tempdir().expect("tempdir"))
        .collect();
    let claims = format!("{CLAIM}\n").repeat(EACH);
    let mut children = Vec::new();
    for (n, home) in homes.iter().enumerate() {
        let mut child = agent(home.path(), &format!("agent-{n:02}"), &url)
            .args(["check", "--batch", "--save"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("claimdesk runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(claims.as_bytes())
            .expect("claims");
        children.push(child);
    }
    for child in children {
        let out = child.wait_with_output().expect("exits");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut sql = db.sql(&url);
    let rows = sql.query("SELECT id, day, seq, agent FROM cases", &[])?;
    assert_eq!(rows.len(), AGENTS * EACH, "none lost");
    let ids: HashSet<String> = rows.iter().map(|r| r.get::<_, String>(0)).collect();
    assert_eq!(ids.len(), AGENTS * EACH, "ids unique");
    let mut per_day: BTreeMap<String, Vec<i32>> = BTreeMap::new();
    let mut per_agent: BTreeMap<String, usize> = BTreeMap::new();
    for r in &rows {
        per_day.entry(r.get(1)).or_default().push(r.get(2));
        *per_agent.entry(r.get(3)).or_default() += 1;
    }
    for (day, mut seqs) in per_day {
        seqs.sort_unstable();
        let expected: Vec<i32> = (1..=seqs.len() as i32).collect();
        assert_eq!(seqs, expected, "gap-free on {day}");
    }
    assert_eq!(per_agent.len(), AGENTS);
    assert!(per_agent.values().all(|&n| n == EACH), "{per_agent:?}");
    Ok(())
}

fn a_second_agent_editing_one_case_is_refused_with_the_first_agents_name(
    base: &str,
) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let url = db.fresh_url();
    let mut ana = PgStore::connect(&url)?;
    let mut ben = PgStore::connect(&url)?;
    let id = ana.save(&record("first call", "Ana"), at(9, 0))?;
    // Both open the case at version 1.
    let seen_by_ben = ben.get(&id)?.expect("Ben sees Ana's case");
    assert_eq!(seen_by_ben.version, 1);
    ana.update(&id, 1, &record("by Ana", "Ana"), "Ana", at(9, 30))?;
    let refused = ben.update(&id, 1, &record("by Ben", "Ana"), "Ben", at(9, 31));
    let Err(e) = refused else {
        return Err("Ben's edit of an old version was accepted".into());
    };
    assert!(matches!(e, StoreError::Conflict { .. }), "{e:?}");
    assert!(
        e.to_string()
            .contains("changed by Ana at 2026-11-21 09:30:00"),
        "{e}"
    );
    let kept = ana.get(&id)?.expect("there");
    assert_eq!((kept.version, kept.record.note.as_str()), (2, "by Ana"));
    Ok(())
}

fn agent_bs_repeat_check_sees_agent_as_case(base: &str) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let url = db.fresh_url();
    let ben_log = PgStore::connect(&url)?;
    assert!(ben_log.with_reference("112-55 01", 10)?.is_empty());
    let home_a = tempfile::tempdir()?;
    let out = common::run_with_stdin(
        agent(home_a.path(), "Ana", &url).args(["check", "--save", "--order", "112-5501"]),
        CLAIM,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    let id = said
        .split_whitespace()
        .find(|w| w.starts_with("C-"))
        .expect("saved id")
        .to_owned();
    // Ben's connection was open all along: the committed case is there.
    let earlier = ben_log.with_reference("112 55 01", 10)?;
    assert_eq!(earlier.len(), 1);
    assert_eq!(
        (earlier[0].id.as_str(), earlier[0].record.agent.as_str()),
        (id.as_str(), "Ana")
    );
    // And Ben's own claimdesk lists it by the order number.
    let home_b = tempfile::tempdir()?;
    let out = agent(home_b.path(), "Ben", &url)
        .args(["cases", "list", "--order", "1125501"])
        .output()?;
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(&id),
        "{out:?}"
    );
    Ok(())
}

/// A TCP relay to the database that can drop the link and bring it back:
/// down, it closes every connection and refuses new ones, as a server
/// that stopped or a network that failed.
struct Link {
    port: u16,
    up: Arc<AtomicBool>,
    open: Arc<Mutex<Vec<TcpStream>>>,
}

impl Link {
    fn to(upstream: (String, u16)) -> Link {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
        let port = listener.local_addr().expect("addr").port();
        let up = Arc::new(AtomicBool::new(true));
        let open = Arc::new(Mutex::new(Vec::new()));
        let (is_up, conns) = (Arc::clone(&up), Arc::clone(&open));
        std::thread::spawn(move || {
            for client in listener.incoming().flatten() {
                if !is_up.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let Ok(server) = TcpStream::connect((upstream.0.as_str(), upstream.1)) else {
                    continue;
                };
                let mut list = conns.lock().expect("conns");
                for s in [&client, &server] {
                    if let Ok(c) = s.try_clone() {
                        list.push(c);
                    }
                }
                for (mut from, mut to) in [
                    (client.try_clone(), server.try_clone()),
                    (server.try_clone(), client.try_clone()),
                ]
                .into_iter()
                .filter_map(|(a, b)| Some((a.ok()?, b.ok()?)))
                {
                    std::thread::spawn(move || {
                        let _ = std::io::copy(&mut from, &mut to);
                        let _ = to.shutdown(Shutdown::Both);
                    });
                }
            }
        });
        Link { port, up, open }
    }

    fn down(&self) {
        self.up.store(false, Ordering::SeqCst);
        for c in self.open.lock().expect("conns").drain(..) {
            let _ = c.shutdown(Shutdown::Both);
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// The host and port of a TCP database URL, and the URL with them
/// replaced by `127.0.0.1:port`.
fn through(url: &str, port: u16) -> ((String, u16), String) {
    let config: postgres::Config = url.parse().expect("url");
    let host = match config.get_hosts().first() {
        Some(postgres::config::Host::Tcp(h)) => h.clone(),
        _ => "127.0.0.1".to_owned(),
    };
    let upstream_port = config.get_ports().first().copied().unwrap_or(5432);
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let user = authority
        .rsplit_once('@')
        .map_or(String::new(), |(u, _)| format!("{u}@"));
    (
        (host, upstream_port),
        format!("postgres://{user}127.0.0.1:{port}{path}"),
    )
}

fn saves_wait_in_the_outbox_while_the_link_is_down_and_arrive_once_in_order(
    base: &str,
) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let direct = db.fresh_url();
    let (upstream, _) = through(&direct, 0);
    let link = Link::to(upstream);
    let (_, url) = through(&direct, link.port);
    let data = tempfile::tempdir()?;
    let mut log = SharedStore::open(&url, data.path())?;
    let first = log.save(&record("before the drop", "Ana"), at(9, 0))?;
    assert!(first.starts_with("C-"), "{first}");

    link.down();
    let mut pending = Vec::new();
    for n in 1..=3 {
        let id = log.save(&record(&format!("offline {n}"), "Ana"), at(9, n))?;
        assert!(PendingId::parse(&id).is_some(), "{id}");
        pending.push(id);
    }
    assert_eq!(log.waiting(), 3);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(log.outbox().path())?.permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the outbox is the agent's alone");
    }
    // An edit of a waiting case changes it in the outbox.
    log.update(
        &pending[2],
        1,
        &record("offline 3, edited", "Ana"),
        "Ana",
        at(9, 9),
    )?;
    drop(log);

    link.restore();
    // `cases sync` sends them by hand.
    let home = tempfile::tempdir()?;
    let out = agent(home.path(), "Ana", &url)
        .arg("--data-dir")
        .arg(data.path())
        .args(["cases", "sync"])
        .output()?;
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{said}");
    assert!(
        said.contains("sent 3 waiting save(s) and 0 event(s); 0 still waiting"),
        "{said}"
    );
    let again = agent(home.path(), "Ana", &url)
        .arg("--data-dir")
        .arg(data.path())
        .args(["cases", "sync"])
        .output()?;
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("sent 0"),
        "{again:?}"
    );

    let mut sql = db.sql(&direct);
    let notes: Vec<String> = sql
        .query("SELECT note FROM cases ORDER BY sort_key", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        notes,
        [
            "before the drop",
            "offline 1",
            "offline 2",
            "offline 3, edited"
        ],
        "all three arrived once, in order"
    );
    assert!(
        !SharedStore::open(&url, data.path())?
            .outbox()
            .path()
            .exists()
    );

    // A resend (the answer to a commit was lost) finds the case.
    let mut pg = PgStore::connect(&direct)?;
    let once = pg.save_keyed(&record("keyed", "Ana"), at(10, 0), "key-1")?;
    let twice = pg.save_keyed(&record("keyed", "Ana"), at(10, 0), "key-1")?;
    assert_eq!(once, twice);
    assert_eq!(pg.total()?, 5);
    Ok(())
}

/// `claimdesk cases sync` in `data`, as Ana: what it said on stderr.
fn sync(url: &str, data: &Path) -> Result<String, Failed> {
    let home = tempfile::tempdir()?;
    let out = agent(home.path(), "Ana", url)
        .arg("--data-dir")
        .arg(data)
        .args(["cases", "sync"])
        .output()?;
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() {
        return Err(said.into());
    }
    Ok(said)
}

fn events_wait_in_the_outbox_while_the_link_is_down_and_arrive_once_in_order(
    base: &str,
) -> Result<(), Failed> {
    use claimdesk::case::timeline::{Event, EventKind, redecide};
    use claimdesk::store::DueQuery;
    let db = pg::TestDb::new(base);
    let direct = db.fresh_url();
    let (upstream, _) = through(&direct, 0);
    let link = Link::to(upstream);
    let (_, url) = through(&direct, link.port);
    let data = tempfile::tempdir()?;
    let mut log = SharedStore::open(&url, data.path())?;
    let id = log.save(&record("saved online", "Ana"), at(9, 0))?;
    let case = log.get(&id)?.expect("there");
    let day = at(0, 0).date();

    link.down();
    // A note, then an event whose fact re-decides the case.
    let mut note = Event::new(EventKind::Note, day, "Ana", at(9, 10));
    note.note = "customer sent the order photo".into();
    log.append_event(&id, None, &note, None, at(9, 10))?;
    let approved = Event::new(EventKind::VendorApproved, day, "Ana", at(9, 11));
    let redecided = redecide(&case, &approved, policies())?.expect("a fact re-decides");
    assert_eq!(
        log.append_event(&id, Some(1), &approved, Some(&redecided), at(9, 11))?,
        2
    );
    // A case saved offline, and an event on it before it is sent.
    let pending = log.save(&record("saved offline", "Ana"), at(9, 12))?;
    assert!(PendingId::parse(&pending).is_some(), "{pending}");
    let mut called = Event::new(EventKind::Note, day, "Ana", at(9, 13));
    called.note = "called back about the offline case".into();
    log.append_event(&pending, None, &called, None, at(9, 13))?;
    assert_eq!(log.waiting(), 4, "a save and three events wait");
    // `cases event` offline: a note waits too; a fact, which needs the
    // case to re-decide it, is refused with the reason.
    let cli = |args: &[&str]| -> Result<std::process::Output, Failed> {
        let home = tempfile::tempdir()?;
        Ok(agent(home.path(), "Ana", &url)
            .arg("--data-dir")
            .arg(data.path())
            .args(["--today", "2026-11-21", "cases", "event", &id])
            .args(args)
            .output()?)
    };
    let out = cli(&["note", "--note", "typed at the command line"])?;
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{said}");
    assert!(said.contains("waits in the outbox (5 waiting)"), "{said}");
    let out = cli(&["shipped", "--tracking", "1Z"])?;
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success(), "a fact offline was accepted: {said}");
    assert!(said.contains("cannot be reached"), "{said}");
    // Reads and the purge need the database, and say it is away.
    for refused in [
        log.events(&id).map(|_| ()),
        log.due(&DueQuery {
            limit: 10,
            ..DueQuery::default()
        })
        .map(|_| ()),
        log.purge(day, false).map(|_| ()),
    ] {
        let e = refused.expect_err("offline");
        assert!(matches!(e, StoreError::Unreachable { .. }), "{e:?}");
        assert!(e.to_string().contains("cannot be reached"), "{e}");
    }
    drop(log);

    link.restore();
    let said = sync(&url, data.path())?;
    assert!(
        said.contains("sent 1 waiting save(s) and 4 event(s); 0 still waiting"),
        "{said}"
    );
    assert!(
        sync(&url, data.path())?.contains("sent 0 waiting save(s) and 0 event(s)"),
        "sent once"
    );

    let mut pg = PgStore::connect(&direct)?;
    let kinds = |pg: &PgStore, id: &str| -> Result<Vec<EventKind>, StoreError> {
        Ok(pg.events(id)?.iter().map(|e| e.kind).collect())
    };
    assert_eq!(
        kinds(&pg, &id)?,
        [
            EventKind::Decided,
            EventKind::Note,
            EventKind::VendorApproved,
            EventKind::Decided,
            EventKind::Note
        ],
        "in the order they were recorded, once each"
    );
    let now = pg.get(&id)?.expect("there");
    assert_eq!(now.version, 2, "re-decided on arrival");
    assert_eq!(now.record, redecided);
    let second = "C-20261121-0002";
    assert_eq!(pg.get(second)?.expect("sent").record.note, "saved offline");
    let on_second = pg.events(second)?;
    assert_eq!(
        on_second.iter().map(|e| e.kind).collect::<Vec<_>>(),
        [EventKind::Decided, EventKind::Note],
        "the event on a waiting case follows it, on the id it got"
    );
    assert_eq!(on_second[1].note, "called back about the offline case");

    // A resend (the answer to a commit was lost) appends nothing.
    let again = Event::new(EventKind::Note, day, "Ana", at(10, 0));
    pg.append_event_keyed(&id, None, &again, None, at(10, 0), "event-key-1")?;
    pg.append_event_keyed(&id, None, &again, None, at(10, 0), "event-key-1")?;
    assert_eq!(pg.events(&id)?.len(), 6);

    // Changed by another agent while an event with a re-decision waited:
    // the event is kept, the stale re-decision is not applied.
    let mut log = SharedStore::open(&url, data.path())?;
    let seen = log.get(&id)?.expect("there");
    link.down();
    let shipped = Event::new(EventKind::Shipped, day, "Ana", at(10, 5));
    let stale = redecide(&seen, &shipped, policies())?.expect("a fact re-decides");
    log.append_event(&id, Some(seen.version), &shipped, Some(&stale), at(10, 5))?;
    drop(log);
    let mut changed = seen.record.clone();
    changed.note = "edited by Ben".into();
    pg.update(&id, seen.version, &changed, "Ben", at(10, 6))?;
    link.restore();
    let said = sync(&url, data.path())?;
    assert!(said.contains("and 1 event(s)"), "{said}");
    assert!(said.contains("kept without their re-decision"), "{said}");
    let kept = pg.get(&id)?.expect("there");
    assert_eq!(
        kept.record.note, "edited by Ben",
        "never a silent overwrite"
    );
    assert_eq!(
        pg.events(&id)?.last().map(|e| e.kind),
        Some(EventKind::Shipped)
    );

    // A note on a mistyped id, recorded offline: kept, never sent, and it
    // does not hold up what comes after it.
    link.down();
    let home = tempfile::tempdir()?;
    let out = agent(home.path(), "Ana", &url)
        .arg("--data-dir")
        .arg(data.path())
        .args([
            "cases",
            "event",
            "C-20261121-0099",
            "note",
            "--note",
            "typo",
        ])
        .output()?;
    assert!(out.status.success(), "{out:?}");
    let mut log = SharedStore::open(&url, data.path())?;
    log.append_event(&id, None, &note, None, at(11, 0))?;
    drop(log);
    link.restore();
    let out = agent(home.path(), "Ana", &url)
        .arg("--data-dir")
        .arg(data.path())
        .args(["cases", "sync"])
        .output()?;
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{said}");
    assert!(
        said.contains("sent 0 waiting save(s) and 1 event(s)"),
        "{said}"
    );
    assert!(said.contains("1 event(s) in"), "{said}");
    assert!(
        said.contains("name a case the shared log does not have"),
        "{said}"
    );
    assert_eq!(SharedStore::open(&url, data.path())?.outbox().len(), 1);
    Ok(())
}

/// `claimdesk --database URL cases event` and `cases due` on the shared
/// log: an event recorded by one agent's process re-decides the case and
/// moves it in the queue another agent's process lists.
fn the_cli_records_events_and_lists_the_due_queue_on_postgres(base: &str) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let url = db.fresh_url();
    let claim = r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#;
    let ana = tempfile::tempdir()?;
    let out = common::run_with_stdin(
        agent(ana.path(), "Ana", &url).args([
            "--today",
            "2026-11-25",
            "check",
            "--save",
            "--customer-name",
            "Ana Lopez",
            "-",
        ]),
        claim,
    );
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{said}");
    let id = said
        .lines()
        .find_map(|l| l.strip_prefix("saved "))
        .map(|id| id.trim().to_owned())
        .ok_or_else(|| format!("no id in {said}"))?;
    let run = |home: &Path, who: &str, today: &str, args: &[&str]| -> Result<String, Failed> {
        let out = agent(home, who, &url)
            .args(["--today", today])
            .args(args)
            .output()?;
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        if !out.status.success() {
            return Err(format!("{text}{}", String::from_utf8_lossy(&out.stderr)).into());
        }
        Ok(text)
    };
    let ben = tempfile::tempdir()?;
    let queue = run(ben.path(), "Ben", "2026-11-26", &["cases", "due"])?;
    assert!(queue.contains(&id) && queue.contains("open"), "{queue}");
    assert!(queue.contains("2026-12-01"), "{queue}");
    for (today, args) in [
        ("2026-11-26", vec!["vendor_approved"]),
        ("2026-11-27", vec!["shipped", "--tracking", "1Z999"]),
        ("2026-11-28", vec!["vendor_received"]),
    ] {
        let mut all = vec!["cases", "event", id.as_str()];
        all.extend(args);
        let said = run(ben.path(), "Ben", today, &all)?;
        assert!(said.contains(&format!("on {id}")), "{said}");
    }
    // Received on 11-28: Mitkco's refund is due two days later.
    let queue = run(ana.path(), "Ana", "2026-12-01", &["cases", "due"])?;
    assert!(queue.contains("waiting_on_vendor"), "{queue}");
    assert!(
        queue.contains("2026-11-30") && queue.contains("1 late"),
        "{queue}"
    );
    assert!(queue.contains("1 overdue as of 2026-12-01"), "{queue}");
    let mine = run(
        ana.path(),
        "Ana",
        "2026-12-01",
        &["cases", "due", "--agent", "Ben"],
    )?;
    assert_eq!(mine.trim(), "nothing due", "the case is Ana's");
    let shown = run(ana.path(), "Ana", "2026-12-01", &["cases", "show", &id])?;
    assert!(shown.contains("1Z999"), "{shown}");
    assert!(shown.contains("Ana Lopez"), "{shown}");
    Ok(())
}

/// The wizard on the shared log: a case opened while the link was up
/// takes a note after it dropped; the note waits in the outbox (the
/// header counts it) and arrives once when the link is back.
fn the_wizards_note_on_an_open_case_waits_while_the_link_is_down(base: &str) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let direct = db.fresh_url();
    let (upstream, _) = through(&direct, 0);
    let link = Link::to(upstream);
    let (_, url) = through(&direct, link.port);
    let home = tempfile::tempdir()?;
    let out = common::run_with_stdin(
        agent(home.path(), "Ana", &url).args([
            "--today",
            "2026-11-21",
            "check",
            "--save",
            "--order",
            "112-55",
            "-",
        ]),
        CLAIM,
    );
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{said}");
    let id = said
        .lines()
        .find_map(|l| l.strip_prefix("saved "))
        .map(|id| id.trim().to_owned())
        .ok_or_else(|| format!("no id in {said}"))?;
    // The PTY harness reads HOME/claimdesk/config.toml.
    std::fs::create_dir_all(home.path().join("claimdesk"))?;
    std::fs::write(
        home.path().join("claimdesk/config.toml"),
        format!("agent_name = \"Ana\"\ndatabase_url = \"{url}\"\n"),
    )?;
    let home_path = home.path().to_owned();
    let mut s = common::pty::start_in(home, 100, 30, &[]);
    s.expect("order number or");
    s.send(b"112-55\r");
    s.expect("already has 1 case");
    s.key("1");
    s.expect(&format!("Case {id}"));
    link.down();
    s.key("e");
    s.expect("what happened?");
    // `note` is the tenth kind: down nine times from the first.
    for _ in 0..9 {
        s.send(b"\x1b[B");
    }
    s.key("⏎");
    s.expect("note · on which day?");
    s.key("⏎");
    s.send(b"customer will call back at 5");
    s.key("⏎");
    s.expect("Recorded note (2026-11-21): offline: waits in the outbox (1 waiting)");

    // Back: `cases sync` from the wizard's data folder sends it, once.
    link.restore();
    let out = common::claimdesk(&home_path)
        .args(["--database", &url, "cases", "sync"])
        .output()?;
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(
        said.contains("sent 0 waiting save(s) and 1 event(s)"),
        "{said}"
    );
    let events = PgStore::connect(&direct)?.events(&id)?;
    let notes: Vec<&str> = events
        .iter()
        .filter(|e| e.kind == claimdesk::case::timeline::EventKind::Note)
        .map(|e| e.note.as_str())
        .collect();
    assert_eq!(notes, ["customer will call back at 5"]);
    s.key("q");
    Ok(())
}

fn the_wizard_header_says_how_many_saves_wait(base: &str) -> Result<(), Failed> {
    let _ = base;
    // A database nobody answers at: a port just freed.
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let url = format!("postgres://nobody@127.0.0.1:{port}/claims");
    let home = tempfile::tempdir()?;
    let data = home.path().join("data");
    let mut log = SharedStore::open(&url, &data)?;
    log.save(&record("one", "Ana"), at(9, 0))?;
    log.save(&record("two", "Ana"), at(9, 1))?;
    drop(log);

    let data_arg = data.display().to_string();
    let s = common::pty::start_command(
        home,
        100,
        24,
        &[],
        &["--database", &url, "--data-dir", &data_arg],
    );
    let shown = s
        .screen
        .within("2 waiting to be sent", Duration::from_secs(15));
    assert!(shown.is_some(), "{}", s.contents());
    Ok(())
}

/// The wizard quit while its save waits in the database (another session
/// holds the day's queue, so the save is sent and not answered) leaves a
/// draft at the outcome, naming the save's case key; the save then
/// commits though its answer is lost with the wizard. Resumed, the draft
/// finds that case by its key and takes it up: one case, not two.
fn the_wizard_quit_with_its_save_held_then_resumed_saves_one_case(
    base: &str,
) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let url = db.fresh_url();
    drop(PgStore::connect(&url)?);
    // The day the save takes its number on: the clock's (UTC), not --today.
    let day: i32 = chrono::Utc::now().format("%Y%m%d").to_string().parse()?;
    let mut holder = db.sql(&url);
    let mut queue = holder.transaction()?;
    queue.execute(
        "SELECT pg_advisory_xact_lock(hashtext('claimdesk day_counters ' || current_schema()), $1)",
        &[&day],
    )?;
    let home = tempfile::tempdir()?;
    let data = home.path().join("data");
    let data_arg = data.display().to_string();
    let args = ["--database", url.as_str(), "--data-dir", data_arg.as_str()];
    let mut s = common::pty::start_command(home, 160, 30, &[], &args);
    s.expect("order number or");
    s.key("⏎");
    s.expect("Which vendor");
    s.key("2");
    s.key("7");
    s.expect("NOT ELIGIBLE");
    // The save reaches the database and waits there on the day's queue.
    let mut look = db.sql(&url);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let waiting: i64 = look
            .query_one(
                "SELECT count(*) FROM pg_stat_activity
                 WHERE wait_event_type = 'Lock' AND query LIKE '%claimdesk_save%'",
                &[],
            )?
            .get(0);
        if waiting == 1 {
            break;
        }
        if Instant::now() > deadline {
            return Err(format!("the save never waited in the database:\n{}", s.contents()).into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    s.key("q");
    s.wait_exit();
    let drafts = s.drafts();
    if drafts.len() != 1 || !drafts[0].1.contains("\"case_key\": \"") {
        return Err(format!("one draft naming the save's key: {drafts:?}").into());
    }
    // The queue moves on: the save commits, its answer lost.
    queue.commit()?;
    let log = PgStore::connect(&url)?;
    let deadline = Instant::now() + Duration::from_secs(20);
    while log.total()? == 0 {
        if Instant::now() > deadline {
            return Err("the held save never landed".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    let home = s.home.take().ok_or("home")?;
    drop(s);
    let mut s = common::pty::start_command(home, 160, 30, &[], &args);
    s.expect("Unfinished claims");
    s.key("⏎");
    s.expect("(before the wizard was left): no second case");
    s.expect("· case C-");
    s.key("q");
    s.wait_exit();
    assert_eq!(log.total()?, 1, "one case, not two");
    assert!(s.drafts().is_empty(), "{:?}", s.drafts());
    Ok(())
}

/// Issue 21's reproducer: a case the wizard saved while the link was down
/// answers `pending-…`; once the link is back the wizard sends it by
/// itself (no key pressed), its header shows the id it got, `c` copies
/// "Case: C-…", and nothing waits any more.
fn the_wizards_pending_case_takes_its_id_once_the_outbox_is_sent(base: &str) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let direct = db.fresh_url();
    // The schema is made while the link is up; then it drops.
    SharedStore::open(&direct, tempfile::tempdir()?.path())?;
    let (upstream, _) = through(&direct, 0);
    let link = Link::to(upstream);
    let (_, url) = through(&direct, link.port);
    link.down();

    let home = tempfile::tempdir()?;
    let home_path = home.path().to_owned();
    let data = home.path().join("data").display().to_string();
    let mut s = common::pty::start_command(
        home,
        100,
        30,
        &[("RUST_LOG", "claimdesk=debug")],
        &["--database", &url, "--data-dir", &data],
    );
    let wait_for = |s: &common::pty::Session, what: &str, secs: u64| -> Result<String, Failed> {
        match s.screen.within(what, Duration::from_secs(secs)) {
            Some(_) => Ok(s.contents()),
            None => Err(format!("{what:?} not shown in {secs} s:\n{}", s.contents()).into()),
        }
    };
    let result = (|| -> Result<String, Failed> {
        wait_for(&s, "order number", 20)?;
        // Mitkco, damaged by misuse: three keys to the verdict, saved
        // into the outbox while the link is down.
        for key in ["\r", "2", "7"] {
            s.send(key.as_bytes());
            std::thread::sleep(Duration::from_millis(300));
        }
        wait_for(&s, "NOT ELIGIBLE", 20)?;
        wait_for(&s, "pending-", 30)?;
        link.restore();
        // Sent by the wizard itself, with no key pressed.
        // (The id's day is the day it was saved on the clock, not --today.)
        let shown = wait_for(&s, "· case C-", 30)?;
        if shown.contains("pending-") || shown.contains("waiting to be sent") {
            return Err(format!("still pending after the send:\n{shown}").into());
        }
        let id: String = shown
            .split("· case ")
            .nth(1)
            .unwrap_or_default()
            .chars()
            .take("C-20261121-0001".len())
            .collect();
        let before = s.raw().len();
        s.send(b"c");
        let deadline = Instant::now() + Duration::from_secs(10);
        let copied = loop {
            let text = String::from_utf8_lossy(&s.raw()[before..]).into_owned();
            if let Some(start) = text.find("\u{1b}]52;c;") {
                let rest = &text[start + 7..];
                if let Some(end) = rest.find(['\u{7}', '\u{1b}']) {
                    use base64::Engine;
                    let decoded = base64::engine::general_purpose::STANDARD.decode(&rest[..end])?;
                    break String::from_utf8(decoded)?;
                }
            }
            if Instant::now() > deadline {
                return Err(format!("nothing copied: {text:?}").into());
            }
            std::thread::sleep(Duration::from_millis(100));
        };
        if !copied.contains(&format!("Case: {id}")) {
            return Err(format!("the copy names another case:\n{copied}").into());
        }
        Ok(id)
    })();
    // The home (and the wizard's log in it) outlives the wizard.
    let _home = s.home.take();
    drop(s);
    if result.is_err() {
        for f in walk(&home_path) {
            if f.extension().is_some_and(|e| e == "log") {
                eprintln!(
                    "{}:\n{}",
                    f.display(),
                    std::fs::read_to_string(&f).unwrap_or_default()
                );
            }
        }
    }
    let id = result?;
    // One case in the log, none waiting.
    let log = PgStore::connect(&direct)?;
    assert_eq!(log.total()?, 1);
    assert!(log.get(&id)?.is_some(), "{id}");
    Ok(())
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

fn migrations_run_from_an_empty_database_and_from_each_earlier_version(
    base: &str,
) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let latest = claimdesk::store::postgres::SCHEMA_VERSION;
    for from in 0..latest {
        let url = db.fresh_url();
        let old = PgStore::connect_at(&url, from)?;
        assert_eq!(old.schema_version()?, from);
        drop(old);
        if from >= 1 {
            // A case saved by that version, in the columns it had.
            drop(PgStore::connect_at(&url, from)?);
            save_as_version_1(
                &mut db.sql(&url),
                1,
                &record("saved by an older claimdesk", "Ana"),
            )?;
        }
        let mut now = PgStore::connect(&url)?;
        assert_eq!(now.schema_version()?, latest, "from version {from}");
        if from >= 1 {
            let page = now.search(&Search {
                words: "older CLAIMDESK".into(),
                ..Search::default()
            })?;
            assert_eq!(page.cases.len(), 1, "from version {from}");
        }
        let id = now.save(&record("new", "Ana"), at(10, 0))?;
        assert_eq!(
            now.total()?,
            if from >= 1 { 2 } else { 1 },
            "from version {from}"
        );
        assert_eq!(
            id,
            format!("C-20261121-{:04}", if from >= 1 { 2 } else { 1 })
        );
    }
    // A log made by a newer claimdesk is refused, not changed.
    let url = db.fresh_url();
    drop(PgStore::connect(&url)?);
    db.sql(&url)
        .batch_execute("UPDATE claimdesk_schema SET version = 99")?;
    let refused = PgStore::connect(&url).expect_err("refused");
    assert!(refused.to_string().contains("newer claimdesk"), "{refused}");
    Ok(())
}

/// `admin init-db` on a new log, and on a log that the claimdesk of the
/// schema before made with its own `admin init-db`, then migrated: their
/// `pg_dump --schema-only` is the same (tables, indexes, triggers, the
/// functions agents write through and their grants), so the migration's
/// step makes what a fresh log has.
fn a_migrated_log_dumps_as_a_fresh_one(base: &str) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let latest = claimdesk::store::postgres::SCHEMA_VERSION;
    let fresh = db.fresh_url();
    drop(PgStore::init_db(&fresh)?);
    let migrated = db.fresh_url();
    drop(PgStore::init_db_at(&migrated, latest - 1)?);
    let old = PgStore::connect_at(&migrated, latest - 1)?;
    assert_eq!(old.schema_version()?, latest - 1);
    drop(old);
    // An agent's claimdesk of this version opens it: migrated, not granted again.
    assert_eq!(PgStore::connect(&migrated)?.schema_version()?, latest);
    let dump = |url: &str| -> Result<String, Failed> {
        let schema: String = db
            .sql(url)
            .query_one("SELECT current_schema()", &[])?
            .get(0);
        let out = Command::new("pg_dump")
            .args(["--schema-only", "--schema", &schema, "--dbname", base])
            .output()?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into_owned().into());
        }
        // Newer pg_dump fences its output with a random key a line.
        Ok(String::from_utf8(out.stdout)?
            .replace(&schema, "SCHEMA")
            .lines()
            .filter(|l| !l.starts_with("\\restrict ") && !l.starts_with("\\unrestrict "))
            .collect::<Vec<_>>()
            .join("\n"))
    };
    let (fresh, migrated) = (dump(&fresh)?, dump(&migrated)?);
    assert!(
        fresh.contains("FUNCTION SCHEMA.claimdesk_replace("),
        "{fresh}"
    );
    if fresh != migrated {
        let differing: Vec<String> = fresh
            .lines()
            .zip(migrated.lines())
            .filter(|(a, b)| a != b)
            .take(10)
            .map(|(a, b)| format!("fresh:    {a}\nmigrated: {b}"))
            .collect();
        return Err(format!(
            "a log migrated from schema {} differs from a fresh one:\n{}",
            latest - 1,
            differing.join("\n")
        )
        .into());
    }
    Ok(())
}

/// Saves `record` as case number `seq` of 2026-11-21 the way a claimdesk
/// of schema 1 did (the columns of migration 1, the day's counter
/// bumped): what a log made by an older version holds. A log of schema
/// 6 or later (whose case key is required) gets the key and sort key
/// its claimdesk gave.
fn save_as_version_1(
    sql: &mut postgres::Client,
    seq: i32,
    record: &CaseRecord,
) -> Result<(), Failed> {
    let at = at(9, 0);
    let keyed = sql
        .query_opt(
            "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()
             AND table_name = 'cases' AND column_name = 'case_key'",
            &[],
        )?
        .is_some();
    let (key_column, key_value, sort_base) = if keyed {
        (", case_key", ", 'older-' || $1::text", "202611210000000000")
    } else {
        ("", "", "20261121000000")
    };
    sql.execute(
        &format!(
            "INSERT INTO cases (sort_key, id, day, seq, created_at, updated_at, vendor, issue,
            verdict, claim_date, reference, reference_key, agent, note, claim_json,
            outcome_json, policy_fingerprint, policy_sha256, version, updated_by{key_column})
         VALUES ({sort_base} + $1, 'C-20261121-' || lpad($1::text, 4, '0'), '20261121', $1,
            $2::timestamp, $2::timestamp, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'abc', $13,
            1, $9{key_value})"
        ),
        &[
            &i64::from(seq),
            &at,
            &record.outcome.vendor,
            &record.outcome.issue,
            &record.outcome.verdict.id(),
            &record.outcome.claim_date.to_string(),
            &record.reference,
            &claimdesk::store::reference_key(&record.reference),
            &record.agent,
            &record.note,
            &record.claim.to_json_value().to_string(),
            &serde_json::to_string(&record.outcome)?,
            &record.policy.sha256,
        ],
    )?;
    sql.execute(
        "INSERT INTO day_counters (day, last) VALUES ('20261121', $1)
         ON CONFLICT (day) DO UPDATE SET last = excluded.last",
        &[&seq],
    )?;
    Ok(())
}

/// A log of schema 3 (before the timeline) with cases in it reaches
/// schema 4: the cases are kept with an empty contact, their derived
/// status, next action and due date are filled from their decisions, so
/// the due queue lists them at once, and they take events.
fn a_log_of_schema_3_with_cases_gets_the_timeline(base: &str) -> Result<(), Failed> {
    use claimdesk::case::timeline::{Event, EventKind, Status};
    use claimdesk::store::DueQuery;
    let db = pg::TestDb::new(base);
    let url = db.fresh_url();
    drop(PgStore::connect_at(&url, 3)?);
    let claims = [
        // Open, due 2026-12-01 (change of mind, 7 days from delivery).
        r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#,
        // Not eligible: closed on its claim date.
        r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-10-01","claim_date":"2026-11-21"}"#,
    ];
    let mut sql = db.sql(&url);
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("date");
    for (n, claim) in claims.iter().enumerate() {
        let input = ClaimInput::from_json(claim)?;
        let outcome = decide(policies(), &input, today)?;
        let mut r = CaseRecord::from_decision(
            &input,
            &outcome,
            policies().vendor(outcome.vendor).expect("policy"),
        );
        r.agent = "Ana".into();
        r.note = format!("old case {n}");
        save_as_version_1(&mut sql, n as i32 + 1, &r)?;
    }
    let mut log = PgStore::connect(&url)?;
    assert_eq!(
        log.schema_version()?,
        claimdesk::store::postgres::SCHEMA_VERSION
    );
    assert_eq!(log.total()?, 2, "cases kept");
    let open = log.get("C-20261121-0001")?.expect("kept");
    assert_eq!(open.record.note, "old case 0");
    assert!(open.record.customer.is_empty(), "no contact yet");
    let rows = sql.query(
        "SELECT id, status, next_action, due_date, closed_on FROM cases ORDER BY sort_key",
        &[],
    )?;
    let status: Vec<String> = rows.iter().map(|r| r.get(1)).collect();
    assert_eq!(status, ["open", "closed"]);
    let next: String = rows[0].get(2);
    assert!(!next.is_empty(), "the next action is derived");
    let due: Option<NaiveDate> = rows[0].get(3);
    assert_eq!(due, NaiveDate::from_ymd_opt(2026, 12, 1));
    let closed_on: Option<NaiveDate> = rows[1].get(4);
    assert_eq!(closed_on, NaiveDate::from_ymd_opt(2026, 11, 21));
    // The due queue lists the open one; the closed one is not in it.
    let due = log.due(&DueQuery {
        limit: 10,
        ..DueQuery::default()
    })?;
    assert_eq!(due.cases.len(), 1);
    assert_eq!(
        (due.cases[0].id.as_str(), due.cases[0].status),
        ("C-20261121-0001", Status::Open)
    );
    // Old cases have no events until one is recorded; then they keep it.
    assert!(log.events("C-20261121-0001")?.is_empty());
    let note = Event::new(EventKind::Note, today, "Ben", at(10, 0));
    log.append_event("C-20261121-0001", None, &note, None, at(10, 0))?;
    assert_eq!(log.events("C-20261121-0001")?.len(), 1);
    // The contact typed later is found by the history search.
    let mut case = log.get("C-20261121-0002")?.expect("kept");
    case.record.customer.name = "Ana Lopez".into();
    log.update(&case.id, case.version, &case.record, "Ben", at(10, 5))?;
    let found = log.search(&Search {
        words: "lopez".into(),
        ..Search::default()
    })?;
    assert_eq!(found.cases.len(), 1);
    // The queue is the partial index's range, not a scan of the table.
    sql.batch_execute("SET enable_seqscan = off")?;
    let plan: Vec<String> = sql
        .query(
            &format!(
                "EXPLAIN SELECT id FROM cases WHERE {} AND due_date IS NOT NULL
                 ORDER BY due_date, sort_key LIMIT 101",
                "status IN ('open', 'waiting_on_customer', 'waiting_on_vendor')"
            ),
            &[],
        )?
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(plan.join("\n").contains("cases_due"), "{plan:?}");
    Ok(())
}

/// `admin init-db`, then a login granted `claimdesk_agent` (as the
/// README's team-lead section says): the whole agent workflow works (a
/// save, events, an edit, history, the due queue), the login is on every
/// case and event whatever display name is given, and direct UPDATE or
/// DELETE on cases, counters and the timeline are refused, as are purge
/// and the counter's functions by hand with forged ids. A batch rerun
/// finds its cases by key as the agent; an import is refused to the
/// agent and done by a login granted `claimdesk_lead` (merged by key, a
/// taken id renumbered with `imported_from`).
fn an_agent_login_runs_the_workflow_and_cannot_rewrite_history(base: &str) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let url = db.fresh_url();
    let owner = tempfile::tempdir()?;
    let out = common::claimdesk(owner.path())
        .args(["--database", &url, "admin", "init-db"])
        .output()?;
    let said =
        String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{said}");
    // Twice is fine (a later claimdesk migrates and grants again).
    let again = common::claimdesk(owner.path())
        .args(["--database", &url, "admin", "init-db"])
        .output()?;
    assert!(again.status.success(), "{again:?}");

    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let login = format!("dana_{}_{nanos}", std::process::id());
    let mut sql = db.sql(&url);
    sql.batch_execute(&format!(
        "DROP ROLE IF EXISTS {login}; CREATE ROLE {login} LOGIN; GRANT claimdesk_agent TO {login};"
    ))?;
    let agent_url = url.replacen("postgres@", &format!("{login}@"), 1);
    assert_ne!(agent_url, url);

    let result = (|| -> Result<(), Failed> {
        let dana = tempfile::tempdir()?;
        let claim = r#"{"vendor":"mitkco","issue":"change_of_mind","invoice_date":"2026-11-20","delivery_date":"2026-11-24","claim_date":"2026-11-25"}"#;
        let out = common::run_with_stdin(
            agent(dana.path(), "Dana Display", &agent_url).args([
                "--today",
                "2026-11-25",
                "check",
                "--save",
                "-",
            ]),
            claim,
        );
        let said = String::from_utf8_lossy(&out.stderr).into_owned();
        assert!(out.status.success(), "{said}");
        let id = said
            .lines()
            .find_map(|l| l.strip_prefix("saved "))
            .map(|id| id.trim().to_owned())
            .ok_or_else(|| format!("no id in {said}"))?;
        assert!(id.starts_with("C-"), "saved online: {said}");
        let run = |args: &[&str]| -> Result<String, Failed> {
            let out = agent(dana.path(), "Dana Display", &agent_url)
                .args(["--today", "2026-11-26"])
                .args(args)
                .output()?;
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            if !out.status.success() {
                return Err(
                    format!("{args:?}: {text}{}", String::from_utf8_lossy(&out.stderr)).into(),
                );
            }
            Ok(text)
        };
        run(&["cases", "event", &id, "vendor_approved"])?;
        run(&[
            "cases",
            "event",
            &id,
            "shipped",
            "--tracking",
            "1Z999",
            "--agent",
            "someone else",
        ])?;
        run(&["cases", "contact", &id, "--name", "Ana Lopez"])?;
        let shown = run(&["cases", "show", &id])?;
        assert!(
            shown.contains("1Z999") && shown.contains("Ana Lopez"),
            "{shown}"
        );
        assert!(run(&["cases", "list"])?.contains(&id));
        assert!(run(&["cases", "due"])?.contains(&id));
        // Short words through the blocks' bitmaps, which the agent's own
        // writes kept (the event's tracking number "1Z999", the name).
        for (words, found) in [("1z", true), ("1Z ana", true), ("zq", false)] {
            let listed = run(&["cases", "list", "--search", words])?;
            assert_eq!(listed.contains(&id), found, "{words}: {listed}");
        }
        // A second save through the batch path (ids from the counter).
        let out = common::run_with_stdin(
            agent(dana.path(), "Dana Display", &agent_url).args([
                "--today",
                "2026-11-25",
                "check",
                "--batch",
                "--save",
            ]),
            &format!("{claim}\n{claim}\n"),
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        // A rerun finds both lines by their keys (read as the agent).
        let rerun = common::run_with_stdin(
            agent(dana.path(), "Dana Display", &agent_url).args([
                "--today",
                "2026-11-25",
                "check",
                "--batch",
                "--save",
            ]),
            &format!("{claim}\n{claim}\n"),
        );
        let said = String::from_utf8_lossy(&rerun.stderr).into_owned();
        assert!(rerun.status.success(), "{said}");
        assert!(said.contains("saved 0, already saved 2"), "{said}");

        // The log's own export, imported again: an agent may not import;
        // a lead merges every case by its key, and renumbers a case from
        // another log whose id is taken here.
        let export = run(&["cases", "export", "--format", "jsonl"])?;
        let other = tempfile::tempdir()?;
        let local = common::run_with_stdin(
            common::claimdesk(other.path())
                .args(["--data-dir"])
                .arg(other.path().join("data"))
                .args(["--today", "2026-11-25", "check", "--save", "-"]),
            claim,
        );
        assert!(local.status.success(), "{local:?}");
        let from_other = common::claimdesk(other.path())
            .args(["--data-dir"])
            .arg(other.path().join("data"))
            .args(["cases", "export", "--format", "jsonl"])
            .output()?;
        assert!(from_other.status.success(), "{from_other:?}");
        let lines = export + &String::from_utf8_lossy(&from_other.stdout);
        let refused = common::run_with_stdin(
            agent(dana.path(), "Dana Display", &agent_url).args(["cases", "import", "-"]),
            &lines,
        );
        assert!(!refused.status.success(), "an agent imported: {refused:?}");
        let lead = format!("{login}_lead");
        sql.batch_execute(&format!(
            "DROP ROLE IF EXISTS {lead}; CREATE ROLE {lead} LOGIN; GRANT claimdesk_lead TO {lead};"
        ))?;
        let lead_url = url.replacen("postgres@", &format!("{lead}@"), 1);
        let lead_home = tempfile::tempdir()?;
        let imported = common::run_with_stdin(
            agent(lead_home.path(), "Lee Lead", &lead_url).args(["cases", "import", "-"]),
            &lines,
        );
        let _ = sql.batch_execute(&format!(
            "DROP OWNED BY {lead}; DROP ROLE IF EXISTS {lead};"
        ));
        let said = String::from_utf8_lossy(&imported.stdout).into_owned()
            + &String::from_utf8_lossy(&imported.stderr);
        assert!(imported.status.success(), "{said}");
        assert!(
            said.contains("added 0, merged 3 (0 new event(s)), renumbered 1, refused 0"),
            "{said}"
        );
        let renumbered: Option<String> = sql
            .query_one(
                "SELECT imported_from FROM cases WHERE created_login = $1",
                &[&lead],
            )?
            .get(0);
        // Both logs' first case of the day: the same readable id.
        assert_eq!(renumbered.as_deref(), Some(id.as_str()));

        // The login is on the record, beside the display name.
        let row = sql.query_one(
            "SELECT created_login, updated_login, agent FROM cases WHERE id = $1",
            &[&id],
        )?;
        assert_eq!(
            (
                row.get::<_, String>(0),
                row.get::<_, String>(1),
                row.get::<_, String>(2)
            ),
            (login.clone(), login.clone(), "Dana Display".to_owned())
        );
        let logins: Vec<String> = sql
            .query("SELECT DISTINCT login FROM case_events", &[])?
            .iter()
            .map(|r| r.get(0))
            .collect();
        assert_eq!(logins.len(), 2, "{logins:?}");
        assert!(logins.contains(&login), "{logins:?}");
        let saved: i64 = sql
            .query_one(
                "SELECT count(*) FROM cases WHERE created_login = $1",
                &[&login],
            )?
            .get(0);
        assert_eq!(saved, 3);

        // Nothing by hand.
        let mut as_agent = postgres::Client::connect(&agent_url, postgres::NoTls)?;
        for statement in [
            format!(
                "UPDATE cases SET verdict = 'eligible', agent = 'someone else' WHERE id = '{id}'"
            ),
            format!("UPDATE cases SET version = version + 1, updated_by = 'x' WHERE id = '{id}'"),
            format!("DELETE FROM cases WHERE id = '{id}'"),
            "UPDATE day_counters SET last = 10".to_owned(),
            "DELETE FROM day_counters".to_owned(),
            "INSERT INTO day_counters (day, last) VALUES ('20990101', 1)".to_owned(),
            "UPDATE case_events SET note = 'rewritten'".to_owned(),
            "DELETE FROM case_events".to_owned(),
            "TRUNCATE case_events".to_owned(),
            // The short words' bitmaps: kept by the owner's triggers only.
            "UPDATE case_grams SET grams = grams & B'0'::bit(6144)".to_owned(),
            "DELETE FROM case_grams".to_owned(),
            "INSERT INTO case_grams VALUES (1, B'0'::bit(6144))".to_owned(),
            "SELECT claimdesk_note_grams(ARRAY[1]::bigint[], ARRAY['x'])".to_owned(),
            "SELECT claimdesk_insert_batch(ARRAY[20261125999999]::bigint[], ARRAY['C-20261125-999999'], ARRAY['20261125'], ARRAY[999999], NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)".to_owned()
            ,
        ] {
            let e = as_agent
                .batch_execute(&statement)
                .expect_err(&format!("refused: {statement}"));
            assert_eq!(
                e.code(),
                Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
                "{statement}: {e}"
            );
        }
        // The standing follows the timeline (issue 25): a bare call on a
        // case is refused, and so is a false standing set beside an event
        // of the agent's own.
        let false_standing = format!(
            "SELECT claimdesk_set_standing('{id}', 'resolved', '', NULL, DATE '2026-11-26', '')"
        );
        let e = as_agent
            .batch_execute(&false_standing)
            .expect_err("a bare standing is refused");
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{e}"
        );
        for (status, closed_on) in [("resolved", "DATE '2026-11-26'"), ("closed", "NULL")] {
            let mut tx = as_agent.transaction()?;
            tx.execute(
                "INSERT INTO case_events (case_id, kind, date, agent, note, recorded_at)
                 VALUES ($1, 'note', DATE '2026-11-26', 'Dana', 'x', now())",
                &[&id],
            )?;
            let e = tx
                .batch_execute(&format!(
                    "SELECT claimdesk_set_standing('{id}', '{status}', '', NULL, {closed_on}, '')"
                ))
                .expect_err("a standing the timeline does not give is refused");
            assert_eq!(
                e.code(),
                Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
                "{status}: {e}"
            );
            tx.rollback()?;
        }
        let status: String = sql
            .query_one("SELECT status FROM cases WHERE id = $1", &[&id])?
            .get(0);
        assert_eq!(
            status, "waiting_on_vendor",
            "the standing the workflow gave"
        );
        // Purge is the lead's.
        assert!(run(&["cases", "purge", "--before", "2099-01-01"]).is_err());
        // And the case is as the workflow left it.
        let verdict: String = sql
            .query_one("SELECT verdict FROM cases WHERE id = $1", &[&id])?
            .get(0);
        assert_ne!(verdict, "someone else");
        Ok(())
    })();
    let _ = sql.batch_execute(&format!(
        "DROP OWNED BY {login}; DROP ROLE IF EXISTS {login};"
    ));
    result
}

/// `sslmode=verify-full` against the test server's TLS (its certificate
/// signed by the test CA `.ci/with-postgres` made, in
/// `CLAIMDESK_TEST_CA`): connects with that CA, refuses a server whose
/// certificate another CA signed (verify-full and verify-ca alike);
/// `require` without roots encrypts without checking; `disable` is plain.
fn verify_full_connects_with_the_test_ca_and_refuses_another_ca(base: &str) -> Result<(), Failed> {
    let ca = std::env::var("CLAIMDESK_TEST_CA").map_err(|_| "CLAIMDESK_TEST_CA is not set")?;
    let db = pg::TestDb::new(base);
    let url = db.fresh_url();
    let with = |mode: &str, root: Option<&str>| {
        let mut u = format!("{url}&sslmode={mode}");
        if let Some(root) = root {
            u.push_str(&format!("&sslrootcert={root}"));
        }
        u
    };
    let mut log = PgStore::connect(&with("verify-full", Some(&ca)))?;
    let id = log.save(&record("over TLS", "Ana"), at(9, 0))?;
    assert!(log.get(&id)?.is_some());
    // The connection is TLS (the server's own view).
    let mut sql = db.sql(&url);
    let tls: i64 = sql
        .query_one(
            "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)
             WHERE s.ssl AND a.application_name = 'claimdesk'",
            &[],
        )?
        .get(0);
    assert!(tls >= 1, "no claimdesk connection over TLS");
    drop(log);

    // Another CA, made here.
    let other = tempfile::tempdir()?;
    let other_ca = other.path().join("other-ca.crt");
    let made = Command::new("openssl")
        .args([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
        ])
        .arg("/CN=another CA")
        .args(["-addext", "basicConstraints=critical,CA:TRUE", "-keyout"])
        .arg(other.path().join("other-ca.key"))
        .arg("-out")
        .arg(&other_ca)
        .output()?;
    assert!(made.status.success(), "{made:?}");
    let other_ca = other_ca.display().to_string();
    for mode in ["verify-full", "verify-ca", "require"] {
        let e = PgStore::connect(&with(mode, Some(&other_ca))).expect_err(mode);
        // Refused, not "offline": saves must not quietly queue.
        assert!(matches!(e, StoreError::Database { .. }), "{mode}: {e:?}");
        assert!(
            e.to_string().to_lowercase().contains("certificate"),
            "{mode}: {e}"
        );
    }
    // A verifying mode without roots is an error, not a silent downgrade.
    let e = PgStore::connect(&with("verify-full", None)).expect_err("no roots");
    assert!(e.to_string().contains("sslrootcert"), "{e}");
    // Encryption only, and plain.
    PgStore::connect(&with("require", None))?;
    PgStore::connect(&with("disable", None))?;
    Ok(())
}

fn the_password_appears_in_no_message(base: &str) -> Result<(), Failed> {
    let _ = base;
    const SECRET: &str = "s3cret-Pa55";
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let url = format!("postgres://ana:{SECRET}@127.0.0.1:{port}/claims");
    let home = tempfile::tempdir()?;
    let config = home.path().join("config.toml");
    std::fs::write(&config, format!("database_url = \"{url}\"\n"))?;
    let show = common::claimdesk(home.path())
        .arg("--config")
        .arg(&config)
        .args(["config", "show"])
        .output()?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&show.stdout),
        String::from_utf8_lossy(&show.stderr)
    );
    assert!(text.contains("postgres://ana:***@127.0.0.1"), "{text}");
    // Commands that meet the unreachable database, with the password in
    // the URL and in PGPASSWORD.
    for (args, env) in [
        (vec!["--database", url.as_str(), "cases", "list"], None),
        (
            vec!["--database", url.as_str(), "cases", "sync"],
            Some(SECRET),
        ),
    ] {
        let mut cmd = common::claimdesk(home.path());
        if let Some(p) = env {
            cmd.env("PGPASSWORD", p);
        }
        let out = cmd.args(&args).output()?;
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!said.contains(SECRET), "{said}");
    }
    // An error from the store itself.
    let e = PgStore::connect(&url).expect_err("unreachable");
    assert!(matches!(e, StoreError::Unreachable { .. }), "{e:?}");
    assert!(!e.to_string().contains(SECRET), "{e}");
    assert!(!format!("{e:?}").contains(SECRET), "{e:?}");
    Ok(())
}

/// Property 8: a connection the server ends (57P01, as `pg_ctl stop -m
/// fast` ends every session) is offline, its save goes to the outbox and
/// is sent once; a refusal a retry cannot fix (no permission, 42501) is an
/// error at once. Both keep the driver's error as their source.
fn property8_a_server_ending_the_session_is_offline_and_a_permission_refusal_is_not(
    base: &str,
) -> Result<(), Failed> {
    use std::error::Error as _;
    let db = pg::TestDb::new(base);
    let url = format!("{}&application_name=p8victim", db.fresh_url());
    let data = tempfile::tempdir()?;
    let mut admin = db.sql(base);
    let mut log = SharedStore::open(&url, data.path())?;
    let first = log.save(&record("before", "Ana"), at(9, 0))?;
    assert!(first.starts_with("C-"), "{first}");
    // The server ends the session (what a fast shutdown does to each).
    let terminate = |admin: &mut postgres::Client| -> Result<(), Failed> {
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE application_name = 'p8victim' AND pid <> pg_backend_pid()",
            &[],
        )?;
        std::thread::sleep(Duration::from_millis(200));
        Ok(())
    };
    terminate(&mut admin)?;
    let mut pg = PgStore::connect(&url)?;
    terminate(&mut admin)?;
    match pg.save(&record("direct", "Ana"), at(9, 1)) {
        Err(e @ StoreError::Unreachable { .. }) => {
            assert!(e.source().is_some(), "the driver's error is kept: {e:?}");
        }
        other => return Err(format!("a terminated session is offline: {other:?}").into()),
    }
    // Through the shared store: the answer is what the log holds. The
    // save went nowhere, so it waits (or, reconnected at once, is saved);
    // either way it is in the log exactly once after a sync.
    let second = record("after", "Ana");
    let answer = log.save(&second, at(9, 2))?;
    if PendingId::parse(&answer).is_some() {
        let sent = log.sync()?;
        assert_eq!(sent.waiting, 0);
    }
    let sent_again = log.sync()?;
    assert_eq!(sent_again.sent, 0, "sent once");
    let stored = PgStore::connect(&url)?.id_for_key(&second.key)?;
    assert!(stored.is_some(), "the save is in the log");
    if PendingId::parse(&answer).is_none() {
        assert_eq!(Some(answer), stored, "the answer is what the log holds");
    }
    assert_eq!(
        PgStore::connect(&url)?.total()?,
        2,
        "no duplicate, none lost"
    );
    // A role with no rights on the log: refused, not the outbox.
    let role = format!("p8_nobody_{}", std::process::id());
    admin.batch_execute(&format!(
        "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN"
    ))?;
    let without = url.replacen("://postgres@", &format!("://{role}@"), 1);
    let refused = SharedStore::open(&without, data.path())
        .and_then(|mut l| l.save(&record("no rights", "Ana"), at(9, 3)));
    let outcome = match &refused {
        Err(e @ StoreError::Database { detail, .. }) => {
            assert!(detail.contains("42501"), "{detail}");
            assert!(e.source().is_some());
            "refused"
        }
        Ok(id) if PendingId::parse(id).is_some() => "queued",
        _ => "other",
    };
    drop(refused);
    admin.batch_execute(&format!("DROP OWNED BY {role}; DROP ROLE {role}"))?;
    assert_eq!(outcome, "refused", "a permission refusal is not offline");
    Ok(())
}

type Test = fn(&str) -> Result<(), Failed>;

/// Every page of `search` in turn, as ids.
fn every_page(log: &dyn CaseStore, search: &Search) -> Result<Vec<String>, StoreError> {
    let mut search = search.clone();
    let mut ids = Vec::new();
    loop {
        let page = log.search(&search)?;
        ids.extend(page.cases.into_iter().map(|c| c.id));
        match page.next {
            Some(next) => search.after = Some(next),
            None => return Ok(ids),
        }
    }
}

/// History search on PostgreSQL picks its steps by what the words can use
/// and how often they match among the newest cases (`store::postgres`'s
/// `plan`). Run with small windows on 600 cases, every step is taken, and
/// each count, first page (alone and after a count) and run of pages is
/// the one SQLite gives for the same cases.
fn history_search_finds_what_sqlite_finds_whichever_steps_it_takes(
    base: &str,
) -> Result<(), Failed> {
    let db = pg::TestDb::new(base);
    let mut pg = PgStore::connect(&db.fresh_url())?;
    let folder = tempfile::tempdir()?;
    let mut sqlite = SqliteStore::open_in(folder.path())?;
    let records: Vec<CaseRecord> = (0..600)
        .map(|i| {
            let note = if i % 11 == 0 {
                format!("customer called back, ticket {i}")
            } else if i % 150 == 7 {
                format!("zebra crossing {i}")
            } else if i < 300 {
                // Common in the older half only.
                "legacy import".to_owned()
            } else {
                String::new()
            };
            let mut r = record(&note, "Ana");
            r.reference = format!("ORD-{:07}", i * 7 + 3);
            r
        })
        .collect();
    // Six days of 100: six blocks of the short words' bitmaps.
    for (day, chunk) in records.chunks(100).enumerate() {
        let when = at(9, 0) + chrono::Days::new(day as u64);
        assert_eq!(pg.save_many(chunk, when)?, sqlite.save_many(chunk, when)?);
    }
    let small = SearchRows {
        probe: 20,
        ordered: 200,
        trigram_keys: 15,
        blocks: 1,
    };
    let tiny = SearchRows {
        probe: 1,
        ordered: 2,
        trigram_keys: 1,
        blocks: 0,
    };
    let mut steps = HashSet::new();
    for rows in [SearchRows::default(), small, tiny] {
        pg.set_search_rows(rows);
        for words in [
            "agent",
            "called back",
            "ticket 99",
            "TICKET 1",
            "zebra",
            "zebra 7",
            "legacy",
            "legacy 9",
            "ord-0000038",
            "0000038",
            "zzqx",
            "ticket zzqx",
            "99",
            "c-",
            "rd-0 45",
            // Short words: in no block, in some, in every one.
            "zz",
            "zebra zz",
            "ze",
            "ze 7",
            "zebra 7",
            "1-",
            // LIKE's wildcards, taken literally.
            "wrong_item",
            "_",
            "wrong%",
        ] {
            for (limit, oldest_first) in [(10, false), (7, true), (100, false)] {
                let search = Search {
                    words: words.into(),
                    limit,
                    oldest_first,
                    ..Search::default()
                };
                let what = format!("{words:?} limit {limit} oldest {oldest_first} {rows:?}");
                let ids = |page: claimdesk::store::Page| {
                    page.cases.into_iter().map(|c| c.id).collect::<Vec<_>>()
                };
                let expected = ids(sqlite.search(&search)?);
                assert_eq!(ids(pg.search(&search)?), expected, "page: {what}");
                steps.extend(pg.last_search_step());
                for cap in [5, 1001] {
                    let count = pg.count(&search, cap)?;
                    steps.extend(pg.last_search_step());
                    assert_eq!(count, sqlite.count(&search, cap)?, "count {cap}: {what}");
                    assert_eq!(ids(pg.search(&search)?), expected, "after count: {what}");
                }
                assert_eq!(
                    every_page(&pg, &search)?,
                    every_page(&sqlite, &search)?,
                    "pages: {what}"
                );
            }
        }
    }
    for step in [
        SearchStep::NoBlock,
        SearchStep::Blocks,
        SearchStep::Probe,
        SearchStep::Ordered,
        SearchStep::Trigram,
        SearchStep::TrigramFull,
    ] {
        assert!(steps.contains(&step), "{step:?} never taken: {steps:?}");
    }
    Ok(())
}

fn main() {
    let args = Arguments::from_args();
    let url = pg::database_url();
    let has_pg_dump = Command::new("pg_dump").arg("--version").output().is_ok();
    if !has_pg_dump {
        eprintln!("note: a_migrated_log_dumps_as_a_fresh_one ignored: no pg_dump on PATH");
    }
    let tests: [(&str, Test); 22] = [
        (
            "the_wizard_quit_with_its_save_held_then_resumed_saves_one_case",
            the_wizard_quit_with_its_save_held_then_resumed_saves_one_case,
        ),
        (
            "a_migrated_log_dumps_as_a_fresh_one",
            a_migrated_log_dumps_as_a_fresh_one,
        ),
        (
            "the_wizards_pending_case_takes_its_id_once_the_outbox_is_sent",
            the_wizards_pending_case_takes_its_id_once_the_outbox_is_sent,
        ),
        (
            "property8_a_server_ending_the_session_is_offline_and_a_permission_refusal_is_not",
            property8_a_server_ending_the_session_is_offline_and_a_permission_refusal_is_not,
        ),
        (
            "verify_full_connects_with_the_test_ca_and_refuses_another_ca",
            verify_full_connects_with_the_test_ca_and_refuses_another_ca,
        ),
        (
            "an_agent_login_runs_the_workflow_and_cannot_rewrite_history",
            an_agent_login_runs_the_workflow_and_cannot_rewrite_history,
        ),
        (
            "the_wizards_note_on_an_open_case_waits_while_the_link_is_down",
            the_wizards_note_on_an_open_case_waits_while_the_link_is_down,
        ),
        (
            "events_wait_in_the_outbox_while_the_link_is_down_and_arrive_once_in_order",
            events_wait_in_the_outbox_while_the_link_is_down_and_arrive_once_in_order,
        ),
        (
            "the_cli_records_events_and_lists_the_due_queue_on_postgres",
            the_cli_records_events_and_lists_the_due_queue_on_postgres,
        ),
        (
            "a_log_of_schema_3_with_cases_gets_the_timeline",
            a_log_of_schema_3_with_cases_gets_the_timeline,
        ),
        (
            "sixteen_agents_save_200_cases_each_at_once",
            sixteen_agents_save_200_cases_each_at_once,
        ),
        (
            "a_second_agent_editing_one_case_is_refused_with_the_first_agents_name",
            a_second_agent_editing_one_case_is_refused_with_the_first_agents_name,
        ),
        (
            "agent_bs_repeat_check_sees_agent_as_case",
            agent_bs_repeat_check_sees_agent_as_case,
        ),
        (
            "saves_wait_in_the_outbox_while_the_link_is_down_and_arrive_once_in_order",
            saves_wait_in_the_outbox_while_the_link_is_down_and_arrive_once_in_order,
        ),
        (
            "the_wizard_header_says_how_many_saves_wait",
            the_wizard_header_says_how_many_saves_wait,
        ),
        (
            "migrations_run_from_an_empty_database_and_from_each_earlier_version",
            migrations_run_from_an_empty_database_and_from_each_earlier_version,
        ),
        (
            "the_password_appears_in_no_message",
            the_password_appears_in_no_message,
        ),
        (
            "history_search_finds_what_sqlite_finds_whichever_steps_it_takes",
            history_search_finds_what_sqlite_finds_whichever_steps_it_takes,
        ),
        (
            "the_bitmaps_are_the_sqlite_logs_bit_for_bit",
            grams::the_bitmaps_are_the_sqlite_logs_bit_for_bit,
        ),
        (
            "a_search_through_the_summaries_finds_what_the_plain_scan_finds",
            grams::a_search_through_the_summaries_finds_what_the_plain_scan_finds,
        ),
        (
            "a_two_letter_word_only_in_the_oldest_case_is_found_and_zz_in_none_reads_nothing",
            grams::a_two_letter_word_only_in_the_oldest_case_is_found_and_zz_in_none_reads_nothing,
        ),
        (
            "migration_11_fills_the_bitmaps_of_the_cases_saved_before_it",
            grams::migration_11_fills_the_bitmaps_of_the_cases_saved_before_it,
        ),
    ];
    let trials = tests
        .into_iter()
        .map(|(name, test)| {
            let url = url.clone().unwrap_or_default();
            // These two need no database: they run on every machine.
            let needs_db = !matches!(
                name,
                "the_wizard_header_says_how_many_saves_wait" | "the_password_appears_in_no_message"
            );
            // The TLS trial needs the test CA .ci/with-postgres makes.
            let needs_ca = name == "verify_full_connects_with_the_test_ca_and_refuses_another_ca";
            // The dump comparison needs PostgreSQL's own client tools.
            let needs_pg_dump = name == "a_migrated_log_dumps_as_a_fresh_one";
            let ignored = (needs_db && url.is_empty())
                || (needs_ca && std::env::var_os("CLAIMDESK_TEST_CA").is_none())
                || (needs_pg_dump && !has_pg_dump);
            Trial::test(name, move || test(&url)).with_ignored_flag(ignored)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
