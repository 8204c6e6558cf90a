//! The shared case log on PostgreSQL, for real: sixteen agent processes
//! saving at once, two agents editing one case, one agent's repeat-claim
//! check finding another's case, the offline outbox across a dropped
//! link, migrations from every earlier version, and the password kept out
//! of every message.
//!
//! Each trial gets schemas of its own in `CLAIMDESK_TEST_DATABASE_URL`'s
//! database; without that variable every trial is reported as ignored
//! (`CLAIMDESK_REQUIRE_POSTGRES=1` fails the run instead).

mod common;
#[path = "common/pg.rs"]
mod pg;

use chrono::{NaiveDate, NaiveDateTime};
use claimdesk::rules::{ClaimInput, PolicySet, decide};
use claimdesk::store::postgres::{PgStore, SearchRows, SearchStep};
use claimdesk::store::shared::{PENDING, SharedStore};
use claimdesk::store::{CaseRecord, CaseStore, Search, SqliteStore, StoreError};
use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

const CLAIM: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;

fn policies() -> &'static PolicySet {
    static SET: OnceLock<PolicySet> = OnceLock::new();
    SET.get_or_init(|| PolicySet::embedded().expect("policies"))
}

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
        assert!(id.starts_with(PENDING), "{id}");
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
        said.contains("sent 3 waiting save(s); 0 still waiting"),
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

fn the_wizard_header_says_how_many_saves_wait(base: &str) -> Result<(), Failed> {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
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

    let pty = native_pty_system().openpty(PtySize {
        rows: 24,
        cols: 100,
        pixel_width: 0,
        pixel_height: 0,
    })?;
    let mut cmd = CommandBuilder::new(common::BIN);
    common::isolate_pty(&mut cmd, home.path());
    cmd.env("TERM", "xterm-256color");
    cmd.args(["--today", "2026-11-21", "--database", &url, "--data-dir"]);
    cmd.arg(&data);
    let mut child = pty.slave.spawn_command(cmd)?;
    drop(pty.slave);
    let mut reader = pty.master.try_clone_reader()?;
    let screen = Arc::new(Mutex::new(vt100::Parser::new(24, 100, 0)));
    let s = Arc::clone(&screen);
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = std::io::Read::read(&mut reader, &mut buf) {
            if n == 0 {
                break;
            }
            s.lock().expect("screen").process(&buf[..n]);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut shown = String::new();
    while Instant::now() < deadline {
        shown = screen.lock().expect("screen").screen().contents();
        if shown.contains("2 waiting to be sent") {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(shown.contains("2 waiting to be sent"), "{shown}");
    Ok(())
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
            // A case saved by that version.
            let mut old = PgStore::connect_at(&url, from)?;
            old.save(&record("saved by an older claimdesk", "Ana"), at(9, 0))?;
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
    assert_eq!(
        pg.save_many(&records, at(9, 0))?,
        sqlite.save_many(&records, at(9, 0))?
    );
    let small = SearchRows {
        probe: 20,
        ordered: 200,
        trigram_keys: 15,
    };
    let tiny = SearchRows {
        probe: 1,
        ordered: 2,
        trigram_keys: 1,
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
        SearchStep::PageOrder,
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
    let tests: [(&str, Test); 8] = [
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
            let ignored = needs_db && url.is_empty();
            Trial::test(name, move || test(&url)).with_ignored_flag(ignored)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
