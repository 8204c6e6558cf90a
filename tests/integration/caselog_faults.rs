//! Faults of the case log and its config, through the real binary, each
//! in temporary folders of its own: many processes creating a new log at
//! once, one damaged row among thousands, a read-only folder, a data
//! folder reached through a symbolic link, a log that cannot be read, and
//! a config.toml that cannot be used.

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};

const MITKCO: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;

/// A home folder (every XDG folder inside it) and a data folder.
struct Desk {
    _root: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
    data: PathBuf,
}

impl Desk {
    fn new() -> Desk {
        let root = tempfile::tempdir().expect("tempdir");
        let home = root.path().join("home");
        std::fs::create_dir_all(&home).expect("home");
        Desk {
            root: root.path().to_path_buf(),
            data: root.path().join("data"),
            home,
            _root: root,
        }
    }

    /// The command with this desk's environment and no `--data-dir`.
    fn bare(&self, args: &[&str]) -> Command {
        let mut command = common::claimdesk(&self.home);
        command
            .args(args)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .env("XDG_CACHE_HOME", self.home.join(".cache"))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        command
    }

    fn spawn(&self, args: &[&str]) -> Child {
        let mut all = vec!["--data-dir", self.data.to_str().expect("utf-8")];
        all.extend_from_slice(args);
        self.bare(&all).spawn().expect("spawn claimdesk")
    }

    fn run(&self, args: &[&str], stdin: &str) -> Output {
        finish(self.spawn(args), stdin)
    }

    fn run_bare(&self, args: &[&str], stdin: &str) -> Output {
        finish(self.bare(args).spawn().expect("spawn claimdesk"), stdin)
    }

    fn log(&self) -> PathBuf {
        self.data.join("cases.sqlite3")
    }
}

fn finish(mut child: Child, stdin: &str) -> Output {
    let mut pipe = child.stdin.take().expect("stdin");
    // A process that exits before reading (a config error) closes its end.
    let _ = pipe.write_all(stdin.as_bytes());
    drop(pipe);
    child.wait_with_output().expect("wait")
}

use crate::common::text;

fn saved_id(out: &Output) -> Option<String> {
    text(&out.stderr)
        .lines()
        .find_map(|l| l.strip_prefix("saved "))
        .map(str::to_owned)
}

fn integrity(log: &Path) -> String {
    let conn = rusqlite::Connection::open(log).expect("open");
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .expect("integrity")
}

/// Finding 12. Sixteen processes save into a folder with no log yet, all
/// released at the same moment (each waits on its standard input, which
/// is written to all of them together). None is refused, every id is
/// distinct, the file is sound, and no temporary file is left. Every other
/// round starts from the empty file an older claimdesk left after a
/// refused open, so the switch to WAL and the migrations race too.
#[test]
fn sixteen_processes_creating_a_new_log_at_once_all_save() {
    const WRITERS: usize = 16;
    for round in 0..6 {
        let desk = Desk::new();
        if round % 2 == 1 {
            std::fs::create_dir_all(&desk.data).expect("dir");
            std::fs::write(desk.log(), b"").expect("empty log");
        }
        let children: Vec<Child> = (0..WRITERS)
            .map(|_| desk.spawn(&["check", "--save", "--note", "burst"]))
            .collect();
        let mut pipes: Vec<_> = Vec::new();
        let mut waiting = Vec::new();
        for mut child in children {
            pipes.push(child.stdin.take().expect("stdin"));
            waiting.push(child);
        }
        for pipe in &mut pipes {
            pipe.write_all(MITKCO.as_bytes()).expect("stdin");
        }
        drop(pipes);
        let mut ids = Vec::new();
        for child in waiting {
            let out = child.wait_with_output().expect("wait");
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(0), "round {round}: {err}");
            ids.push(saved_id(&out).unwrap_or_else(|| panic!("round {round}: no id in {err}")));
        }
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), WRITERS, "round {round}: ids {ids:?}");
        assert_eq!(integrity(&desk.log()), "ok", "round {round}");
        let leftovers: Vec<String> = std::fs::read_dir(&desk.data)
            .expect("dir")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".new-"))
            .collect();
        assert!(leftovers.is_empty(), "round {round}: {leftovers:?}");
        let list = desk.run(&["cases", "list"], "");
        assert!(text(&list.stdout).contains(&format!("{WRITERS} case(s)")));
    }
}

/// Finding 11. 2,000 cases, then one row's claim JSON broken behind the
/// store's back: list, both exports and recheck still cover the other
/// 1,999, name the damaged case on standard error and exit 1; `cases show`
/// of it says it is damaged.
#[test]
fn one_damaged_row_among_2000_is_named_and_the_rest_still_served() {
    use claimdesk::rules::{ClaimInput, PolicySet, decide};
    use claimdesk::store::{CaseLog, CaseRecord, CaseStore};
    const CASES: usize = 2000;
    const SAVED: usize = 20;
    let desk = Desk::new();
    let policies = PolicySet::embedded().expect("policies");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).expect("date");
    let input = ClaimInput::from_json(MITKCO).expect("claim");
    let outcome = decide(&policies, &input, today).expect("decided");
    let case =
        CaseRecord::from_decision(&input, &outcome, policies.vendor("mitkco").expect("mitkco"));
    let mut log = CaseLog::open_in(&desk.data).expect("log");
    let start = today.and_hms_opt(8, 0, 0).expect("time");
    for i in 0..SAVED {
        let mut case = case.clone();
        case.key = claimdesk::case::new_key();
        log.save(&case, start + chrono::Duration::seconds(i as i64))
            .expect("save");
    }
    drop(log);
    // The rest copied from those rows in one transaction (a library save
    // is one fsync each, ~9 ms here: 2,000 of them would be the test).
    let conn = rusqlite::Connection::open(desk.log()).expect("open");
    conn.execute(
        "WITH RECURSIVE n(i) AS (SELECT ?1 UNION ALL SELECT i + 1 FROM n WHERE i < ?2)
         INSERT INTO cases (id, day, seq, created_at, updated_at, vendor, issue, verdict,
            claim_date, reference, agent, note, claim_json, outcome_json,
            policy_fingerprint, policy_origin, reference_key)
         SELECT printf('C-%s-%04d', c.day, n.i), c.day, n.i, c.created_at, c.updated_at,
            c.vendor, c.issue, c.verdict, c.claim_date, c.reference, c.agent, c.note,
            c.claim_json, c.outcome_json, c.policy_fingerprint, c.policy_origin,
            c.reference_key
         FROM n JOIN cases c ON c.seq = 1 + n.i % ?3",
        rusqlite::params![SAVED as i64 + 1, CASES as i64, SAVED as i64],
    )
    .expect("copy rows");
    // The store counts and indexes the rows it inserts, once per batch.
    conn.execute_batch(
        "UPDATE case_count SET cases = (SELECT count(*) FROM cases);
         INSERT INTO cases_fts (rowid, words) SELECT rowid, id || ' ' || vendor FROM cases
         WHERE rowid NOT IN (SELECT rowid FROM cases_fts);",
    )
    .expect("count and index the copies");
    let ids: Vec<String> = conn
        .prepare("SELECT id FROM cases ORDER BY day, seq")
        .expect("prepare")
        .query_map([], |r| r.get(0))
        .expect("ids")
        .map(|r| r.expect("id"))
        .collect();
    assert_eq!(ids.len(), CASES);
    drop(conn);

    let whole = desk.run(&["cases", "list"], "");
    assert_eq!(whole.status.code(), Some(0), "{}", text(&whole.stderr));
    assert!(text(&whole.stdout).contains(&format!("{CASES} case(s)")));

    let bad = &ids[1234];
    let conn = rusqlite::Connection::open(desk.log()).expect("open");
    let changed = conn
        .execute(
            "UPDATE cases SET claim_json = '{\"vendor\": \"mitkco\", ' WHERE id = ?1",
            [bad],
        )
        .expect("corrupt");
    assert_eq!(changed, 1);
    drop(conn);

    let names_bad = |what: &str, out: &Output| {
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(
            err.contains(&format!("case {bad} is damaged (claim_json:")),
            "{what}: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{what}: {err}");
    };

    // `cases list` shows the newest 50 unless told; --all reads them all.
    let list = desk.run(&["cases", "list", "--all"], "");
    names_bad("list", &list);
    let listed = text(&list.stdout);
    assert!(
        listed.contains(&format!("{} case(s)", CASES - 1)),
        "{listed}"
    );
    assert!(!listed.contains(bad.as_str()));
    assert!(listed.contains(&ids[0]) && listed.contains(&ids[CASES - 1]));

    let csv = desk.run(&["cases", "export", "--format", "csv"], "");
    names_bad("csv", &csv);
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("row")).collect();
    assert_eq!(rows.len(), CASES - 1);
    assert!(rows.iter().all(|r| &r[0] != bad.as_str()));

    let jsonl = desk.run(&["cases", "export", "--format", "jsonl"], "");
    names_bad("jsonl", &jsonl);
    let lines: Vec<serde_json::Value> = text(&jsonl.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), CASES - 1);

    // Nothing would change; the exit 1 is the damaged case alone.
    let recheck = desk.run(&["cases", "recheck"], "");
    names_bad("recheck", &recheck);
    let report = text(&recheck.stdout);
    assert!(
        report.contains(&format!(
            "0 of {} case(s) would get another verdict now; 0 more",
            CASES - 1
        )),
        "{report}"
    );
    assert!(report.contains("1 damaged case(s) could not be re-checked"));

    let show = desk.run(&["cases", "show", bad], "");
    let err = text(&show.stderr);
    assert_eq!(show.status.code(), Some(2), "{err}");
    assert!(
        err.contains(&format!("case {bad} in the case log")),
        "{err}"
    );
    assert!(
        err.contains("is damaged and cannot be shown (claim_json:"),
        "{err}"
    );
    let other = desk.run(&["cases", "show", &ids[1233]], "");
    assert_eq!(other.status.code(), Some(0), "{}", text(&other.stderr));
}

/// Makes a folder unwritable for this process until dropped: mode 0555,
/// or as root (who writes through any mode) the immutable attribute.
#[cfg(unix)]
struct Frozen(PathBuf, bool);

#[cfg(unix)]
impl Frozen {
    fn make(dir: &Path) -> Option<Frozen> {
        use std::os::unix::fs::PermissionsExt;
        // SAFETY: geteuid(2) takes nothing and cannot fail.
        if unsafe { libc::geteuid() } != 0 {
            std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).ok()?;
            return Some(Frozen(dir.to_path_buf(), false));
        }
        let ok = Command::new("chattr")
            .arg("+i")
            .arg(dir)
            .status()
            .is_ok_and(|s| s.success());
        // chattr may succeed where the attribute means nothing: check.
        let probe = dir.join(".probe");
        if ok && std::fs::write(&probe, b"").is_ok() {
            let _ = std::fs::remove_file(&probe);
            let _ = Command::new("chattr").arg("-i").arg(dir).status();
            return None;
        }
        ok.then(|| Frozen(dir.to_path_buf(), true))
    }
}

#[cfg(unix)]
impl Drop for Frozen {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
        } else {
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o700));
        }
    }
}

/// Finding 13. A log in a folder that cannot be written is still listed,
/// shown and exported; a save says "cannot be written" and why, and the
/// claim is still decided.
#[cfg(unix)]
#[test]
#[cfg_attr(
    claimdesk_no_readonly,
    ignore = "root without chattr on the PATH: nothing can be made read-only here (apt-get install e2fsprogs)"
)]
fn a_log_in_a_read_only_folder_lists_shows_and_exports_but_does_not_save() {
    let desk = Desk::new();
    let saved = desk.run(&["check", "--save"], MITKCO);
    let id = saved_id(&saved).expect("saved");
    let _frozen = Frozen::make(&desk.data).expect(
        "a read-only folder (chmod, or chattr +i as root): this test runs where the build found one",
    );
    let list = desk.run(&["cases", "list"], "");
    assert_eq!(list.status.code(), Some(0), "{}", text(&list.stderr));
    assert!(text(&list.stdout).contains(&id));
    let show = desk.run(&["cases", "show", &id], "");
    assert_eq!(show.status.code(), Some(0), "{}", text(&show.stderr));
    assert!(text(&show.stdout).starts_with(&format!("Case: {id}")));
    let export = desk.run(&["cases", "export", "--format", "jsonl"], "");
    assert_eq!(export.status.code(), Some(0), "{}", text(&export.stderr));
    assert_eq!(text(&export.stdout).lines().count(), 1);

    let again = desk.run(&["check", "--save"], MITKCO);
    let err = text(&again.stderr);
    assert_eq!(again.status.code(), Some(4), "{err}");
    assert!(err.contains("cannot be written: its folder"), "{err}");
    assert!(err.contains("is read-only"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(text(&again.stdout).contains("\"verdict\""));
    drop(_frozen);
    // Nothing was written meanwhile.
    let list = desk.run(&["cases", "list"], "");
    assert!(text(&list.stdout).contains("1 case(s)"));
}

/// Finding 13, with the write-ahead log in use: another process holds the
/// log open (so `-wal` and `-shm` exist and the newest case is only in the
/// `-wal`) when the folder becomes read-only. Listing reads that case too.
#[cfg(unix)]
#[test]
#[cfg_attr(
    claimdesk_no_readonly,
    ignore = "root without chattr on the PATH: nothing can be made read-only here (apt-get install e2fsprogs)"
)]
fn a_read_only_folder_with_a_live_write_ahead_log_lists_every_case() {
    let desk = Desk::new();
    let first = saved_id(&desk.run(&["check", "--save"], MITKCO)).expect("saved");
    let holder = rusqlite::Connection::open(desk.log()).expect("open");
    let _: i64 = holder
        .query_row("SELECT count(*) FROM cases", [], |r| r.get(0))
        .expect("read");
    let second = saved_id(&desk.run(&["check", "--save"], MITKCO)).expect("saved");
    let wal = desk.data.join("cases.sqlite3-wal");
    assert!(
        std::fs::metadata(&wal).expect("wal").len() > 0,
        "case in the -wal"
    );
    let _frozen = Frozen::make(&desk.data).expect(
        "a read-only folder (chmod, or chattr +i as root): this test runs where the build found one",
    );
    let list = desk.run(&["cases", "list"], "");
    let listed = text(&list.stdout);
    assert_eq!(list.status.code(), Some(0), "{}", text(&list.stderr));
    assert!(
        listed.contains(&first) && listed.contains(&second),
        "{listed}"
    );
    let saved = desk.run(&["check", "--save"], MITKCO);
    assert!(text(&saved.stderr).contains("cannot be written"));
    drop(holder);
}

/// Finding 9/13. No log yet and a folder that cannot be written: the save
/// says "cannot be written" and leaves no empty file behind.
#[cfg(unix)]
#[test]
#[cfg_attr(
    claimdesk_no_readonly,
    ignore = "root without chattr on the PATH: nothing can be made read-only here (apt-get install e2fsprogs)"
)]
fn a_refused_first_save_leaves_no_empty_log_behind() {
    let desk = Desk::new();
    std::fs::create_dir_all(&desk.data).expect("dir");
    let frozen = Frozen::make(&desk.data).expect(
        "a read-only folder (chmod, or chattr +i as root): this test runs where the build found one",
    );
    let out = desk.run(&["check", "--save"], MITKCO);
    let err = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{err}");
    assert!(
        err.contains("cannot be written: cannot create a file in"),
        "{err}"
    );
    drop(frozen);
    assert_eq!(std::fs::read_dir(&desk.data).expect("dir").count(), 0);
}

/// Finding 9. A home folder that is a symbolic link (and a `--data-dir`
/// through one): saves work and the cases are listed; the log is in the
/// real folder.
#[cfg(unix)]
#[test]
fn a_data_folder_reached_through_a_symbolic_link_works() {
    let desk = Desk::new();
    let real_home = desk.root.join("real-home");
    std::fs::create_dir_all(&real_home).expect("dir");
    std::fs::remove_dir(&desk.home).expect("empty home");
    std::os::unix::fs::symlink(&real_home, &desk.home).expect("symlink home");

    // The default data folder, under the linked home.
    let saved = desk.run_bare(&["check", "--save"], MITKCO);
    let err = text(&saved.stderr);
    assert_eq!(saved.status.code(), Some(0), "{err}");
    let id = saved_id(&saved).expect("saved");
    let log = real_home.join(".local/share/claimdesk/cases.sqlite3");
    assert!(std::fs::metadata(&log).expect("log").len() > 0);
    let list = desk.run_bare(&["cases", "list"], "");
    assert!(text(&list.stdout).contains(&id), "{}", text(&list.stderr));

    // --data-dir through a linked folder.
    let linked_data = desk.root.join("linked-data");
    std::fs::create_dir_all(&desk.data).expect("data");
    std::os::unix::fs::symlink(&desk.data, &linked_data).expect("symlink data");
    let through = ["--data-dir", linked_data.to_str().expect("utf-8")];
    let mut args = through.to_vec();
    args.extend(["check", "--save"]);
    let saved = desk.run_bare(&args, MITKCO);
    assert_eq!(saved.status.code(), Some(0), "{}", text(&saved.stderr));
    let id = saved_id(&saved).expect("saved");
    let mut args = through.to_vec();
    args.extend(["cases", "list"]);
    let list = desk.run_bare(&args, "");
    assert!(text(&list.stdout).contains(&id));
    assert!(desk.log().exists(), "the log is in the real folder");
}

/// Finding 13 (and 9). A log that cannot be *read* says so, not "cannot be
/// written": here the log file is a symbolic link, which is refused
/// without creating anything where it points.
#[cfg(unix)]
#[test]
fn a_log_that_cannot_be_read_says_read_and_creates_nothing() {
    let desk = Desk::new();
    std::fs::create_dir_all(&desk.data).expect("dir");
    let target = desk.root.join("elsewhere.sqlite3");
    std::os::unix::fs::symlink(&target, desk.log()).expect("symlink");
    for (args, code) in [(vec!["cases", "list"], 2), (vec!["check", "--save"], 4)] {
        let out = desk.run(&args, MITKCO);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {err}");
        assert!(
            err.contains("cannot be read: it is a symbolic link"),
            "{err}"
        );
        assert!(!err.contains("cannot be written"), "{err}");
    }
    assert!(!target.exists(), "nothing created through the link");
}

/// Finding 10. A config.toml that is not TOML, or has data_dir of the
/// wrong type, stops every command that reads it with exit 2 and
/// file:line:col; nothing is saved in another log.
#[test]
fn a_malformed_config_is_an_error_with_its_place_for_every_command() {
    let desk = Desk::new();
    let config_dir = desk.home.join(".config/claimdesk");
    std::fs::create_dir_all(&config_dir).expect("dir");
    let config = config_dir.join("config.toml");
    let cases_dir = desk.root.join("team-log");
    let default_data = desk.home.join(".local/share/claimdesk");
    for (body, place, reason) in [
        (
            format!(
                "agent_name = \"Dana\"\ndata_dir = \"{}\n",
                cases_dir.display()
            ),
            ":2:",
            "not valid TOML",
        ),
        (
            "agent_name = \"Dana\"\ndata_dir = 7\n".to_owned(),
            ":2:12: data_dir must be a string",
            "not integer",
        ),
        (
            "agent_name = [\"Dana\"]\n".to_owned(),
            ":1:14: agent_name must be a string",
            "not array",
        ),
    ] {
        std::fs::write(&config, &body).expect("write");
        let expected = format!("{}{place}", config.display());
        for args in [
            vec!["check", "--save"],
            vec!["cases", "list"],
            vec!["config", "show"],
            vec!["policies", "list"],
            vec!["--plain"],
        ] {
            let out = desk.run_bare(&args, MITKCO);
            let err = text(&out.stderr);
            assert_eq!(out.status.code(), Some(2), "{args:?} with {body:?}: {err}");
            assert!(err.contains(&expected), "{args:?}: {err}");
            assert!(err.contains(reason), "{args:?}: {err}");
            assert!(text(&out.stdout).is_empty(), "{args:?} ran on");
        }
        assert!(!default_data.exists(), "a case went to the default log");
        assert!(!cases_dir.exists());
    }
    // `config path` still says where the broken file is.
    let path = desk.run_bare(&["config", "path"], "");
    assert_eq!(path.status.code(), Some(0));
    assert_eq!(text(&path.stdout).trim(), config.display().to_string());
    // Once mended, data_dir is used.
    std::fs::write(
        &config,
        format!("data_dir = \"{}\"\nagnet = \"typo\"\n", cases_dir.display()),
    )
    .expect("write");
    let saved = desk.run_bare(&["check", "--save"], MITKCO);
    let err = text(&saved.stderr);
    assert_eq!(saved.status.code(), Some(0), "{err}");
    assert!(
        err.contains("warning:") && err.contains(":2:9: unknown key \"agnet\""),
        "{err}"
    );
    assert!(cases_dir.join("cases.sqlite3").exists());
}

/// Issue 21 "Also": one corrupt page in a 5,000-case log. `check --save`
/// refuses to write into the damaged file ("not saved", exit 4, saying
/// the log is damaged) and leaves it byte for byte as it was; the claim
/// is still decided on standard output.
#[test]
fn a_save_into_a_log_with_a_corrupt_page_is_refused_and_writes_nothing() {
    const CLAIM: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;
    let desk = Desk::new();
    // From a file: 5,000 outcomes fill the output pipe long before
    // 5,000 claims could be written to standard input.
    let claims = desk.root.join("claims.jsonl");
    std::fs::write(&claims, format!("{CLAIM}\n").repeat(5_000)).expect("claims");
    let saved = desk.run(
        &[
            "check",
            "--batch",
            "--save",
            claims.to_str().expect("utf-8"),
        ],
        "",
    );
    assert!(saved.status.success(), "{}", text(&saved.stderr));
    // Garble the cells of a page of cases in the middle of the file.
    let log = desk.log();
    damage_a_page_of_cases(&log, Damage::CellHeaders);
    let bytes = std::fs::read(&log).expect("log");
    let out = desk.run(&["check", "--save"], CLAIM);
    let said = text(&out.stderr);
    assert_eq!(out.status.code(), Some(4), "{said}");
    assert!(
        said.contains("not saved") && said.contains("damaged"),
        "{said}"
    );
    assert!(text(&out.stdout).contains("eligible"), "still decided");
    assert_eq!(
        std::fs::read(&log).expect("log"),
        bytes,
        "nothing was written into the damaged file"
    );
}

/// How a page is damaged: the whole page overwritten (its header too), or
/// only the start of its cells (each cell's size, rowid and record
/// header), the page header still reading as sound.
#[derive(Debug, Clone, Copy)]
enum Damage {
    WholePage,
    CellHeaders,
}

/// A 5,000-case log saved by `check --batch --save` in `desk`; returns
/// every case's id, as `cases list` gives them before any damage.
fn five_thousand_cases(desk: &Desk) -> Vec<String> {
    let claims = desk.root.join("claims.jsonl");
    std::fs::write(&claims, format!("{MITKCO}\n").repeat(5_000)).expect("claims");
    let saved = desk.run(
        &[
            "check",
            "--batch",
            "--save",
            claims.to_str().expect("utf-8"),
        ],
        "",
    );
    assert!(saved.status.success(), "{}", text(&saved.stderr));
    let list = desk.run(&["cases", "list", "--all", "--format", "json"], "");
    assert_eq!(list.status.code(), Some(0), "{}", text(&list.stderr));
    let ids: Vec<String> = text(&list.stdout)
        .lines()
        .map(|l| {
            let case: serde_json::Value = serde_json::from_str(l).expect("json line");
            case["id"].as_str().expect("id").to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 5_000);
    ids
}

/// Damages one leaf page of the `cases` table in the middle of the log
/// (found with SQLite's `dbstat` table: page number and size), behind the
/// store's back.
fn damage_a_page_of_cases(log: &Path, damage: Damage) {
    let (page, size): (i64, i64) = {
        let conn = rusqlite::Connection::open(log).expect("open");
        let leaves: i64 = conn
            .query_row(
                "SELECT count(*) FROM dbstat WHERE name = 'cases' AND pagetype = 'leaf'",
                [],
                |r| r.get(0),
            )
            .expect("dbstat (SQLITE_ENABLE_DBSTAT_VTAB)");
        let page = conn
            .query_row(
                "SELECT pageno FROM dbstat WHERE name = 'cases' AND pagetype = 'leaf'
                 ORDER BY path LIMIT 1 OFFSET ?1",
                [leaves / 2],
                |r| r.get(0),
            )
            .expect("a leaf page");
        let size = conn
            .query_row("PRAGMA page_size", [], |r| r.get(0))
            .expect("page size");
        (page, size)
    };
    let mut bytes = std::fs::read(log).expect("log");
    let start = ((page - 1) * size) as usize;
    // A leaf page's header is its first 8 bytes (bytes 5 and 6: where its
    // cells start), then the cell pointers; the cells fill the page from
    // there to its end.
    let cells = start + usize::from(u16::from_be_bytes([bytes[start + 5], bytes[start + 6]]));
    let damaged = match damage {
        Damage::WholePage => start..start + size as usize,
        Damage::CellHeaders => cells..cells + 16,
    };
    for (i, b) in bytes[damaged].iter_mut().enumerate() {
        *b = [0xde, 0xad, 0xbe, 0xef][i % 4];
    }
    std::fs::write(log, &bytes).expect("damage");
}

/// The ids a command named on standard error as left out, damaged.
fn named_lost(err: &str) -> Vec<String> {
    err.lines()
        .filter_map(|l| {
            let (id, _) = l
                .strip_prefix("error: case ")?
                .strip_suffix("; left out")?
                .split_once(" is damaged (")?;
            Some(id.to_owned())
        })
        .collect()
}

/// Issue 21 "Also", the read half: one damaged page of the `cases` table
/// in a 5,000-case log. `cases list --all` (text, JSON, newest and oldest
/// first, by words), `cases export` (JSON Lines and CSV), `cases due
/// --all` (text and JSON) and `cases recheck` read every other case: each
/// exits 1, names on standard error the cases on the damaged page (and
/// how to keep the rest), and its output holds every case but those, each
/// once, in whole JSON lines and valid CSV. Both a page overwritten whole
/// and one whose header still reads but whose cells' headers are garbage
/// (a look-up by key then misses the row without an error: a search by
/// words still names it). `cases show` of a case on the page says it is
/// damaged.
#[test]
fn one_damaged_page_among_5000_cases_is_named_and_every_other_case_read() {
    use std::collections::HashSet;
    let desk = Desk::new();
    let ids = five_thousand_cases(&desk);
    let all: HashSet<&str> = ids.iter().map(String::as_str).collect();
    let clean = desk.root.join("clean.sqlite3");
    std::fs::copy(desk.log(), &clean).expect("copy");

    for damage in [Damage::WholePage, Damage::CellHeaders] {
        std::fs::copy(&clean, desk.log()).expect("restore");
        damage_a_page_of_cases(&desk.log(), damage);
        // What a command left out, named; what it listed, each once.
        let covers = |what: &str, out: &Output, listed: Vec<String>| {
            let err = text(&out.stderr);
            let what = format!("{damage:?}, {what}");
            assert_eq!(out.status.code(), Some(1), "{what}: {err}");
            let lost = named_lost(&err);
            assert!(
                !lost.is_empty() && lost.len() < 100,
                "{what}: names the cases left out: {err}"
            );
            assert!(
                err.contains("has a damaged page")
                    && err.contains("`claimdesk cases export --format jsonl --with-contact"),
                "{what}: says how to keep the rest: {err}"
            );
            let seen: HashSet<&str> = listed.iter().map(String::as_str).collect();
            assert_eq!(seen.len(), listed.len(), "{what}: a case listed twice");
            assert!(listed.len() > 4_900, "{what}: {} listed", listed.len());
            for id in &lost {
                assert!(all.contains(id.as_str()), "{what}: {id} is no case");
                assert!(!seen.contains(id.as_str()), "{what}: {id} listed and lost");
            }
            assert_eq!(
                listed.len() + lost.len(),
                ids.len(),
                "{what}: every case listed or named"
            );
            lost
        };
        let json_ids = |out: &Output| -> Vec<String> {
            text(&out.stdout)
                .lines()
                .map(|l| {
                    let v: serde_json::Value = serde_json::from_str(l).expect("a whole JSON line");
                    v["id"].as_str().expect("id").to_owned()
                })
                .collect()
        };
        let text_ids = |out: &Output| -> Vec<String> {
            text(&out.stdout)
                .lines()
                .filter(|l| l.starts_with("C-"))
                .map(|l| l.split_whitespace().next().unwrap_or("").to_owned())
                .collect()
        };

        let mut lost_by = Vec::new();
        for order in [&[][..], &["--oldest-first"][..], &["--search", "mitk"][..]] {
            let mut args = vec!["cases", "list", "--all"];
            args.extend_from_slice(order);
            let list = desk.run(&args, "");
            let listed = text_ids(&list);
            let n = listed.len();
            lost_by.push(covers(&format!("list {order:?}"), &list, listed));
            assert!(
                text(&list.stdout).ends_with(&format!("\n{n} case(s)\n")),
                "{}",
                text(&list.stdout)
            );
        }
        let list = desk.run(&["cases", "list", "--all", "--format", "json"], "");
        lost_by.push(covers("list json", &list, json_ids(&list)));

        let jsonl = desk.run(&["cases", "export", "--format", "jsonl"], "");
        lost_by.push(covers("export jsonl", &jsonl, json_ids(&jsonl)));

        let csv = desk.run(&["cases", "export", "--format", "csv"], "");
        let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
        let rows: Vec<String> = reader
            .records()
            .map(|r| r.expect("a valid CSV row")[0].to_owned())
            .collect();
        lost_by.push(covers("export csv", &csv, rows));

        let due = desk.run(&["cases", "due", "--all"], "");
        lost_by.push(covers("due", &due, text_ids(&due)));
        let due = desk.run(&["cases", "due", "--all", "--format", "json"], "");
        lost_by.push(covers("due json", &due, json_ids(&due)));

        // Nothing would change: only the findings' summary is printed. (A
        // re-check reads only a row's first columns: the garbled cell may
        // then read as a row of garbage, named as it reads.)
        let recheck = desk.run(&["cases", "recheck", "--format", "json"], "");
        let err = text(&recheck.stderr);
        assert_eq!(recheck.status.code(), Some(1), "{damage:?}, recheck: {err}");
        let summary: serde_json::Value =
            serde_json::from_str(text(&recheck.stdout).trim_end()).expect("one summary line");
        let lost = named_lost(&err);
        assert_eq!(summary["damaged"].as_u64(), Some(lost.len() as u64));
        assert_eq!(
            summary["checked"].as_u64(),
            Some((ids.len() - lost.len()) as u64),
            "{summary}"
        );
        assert!(!lost.is_empty() && lost.len() < 100, "{err}");

        // `cases show` of one says why it cannot be shown.
        let show = desk.run(&["cases", "show", &lost_by[0][0]], "");
        let err = text(&show.stderr);
        assert_eq!(show.status.code(), Some(2), "{err}");
        assert!(
            err.contains("is damaged and cannot be shown (its row is on a damaged page"),
            "{damage:?}: {err}"
        );

        // Every listing names the same cases.
        for lost in &lost_by {
            let mut lost = lost.clone();
            let mut first = lost_by[0].clone();
            lost.sort();
            first.sort();
            assert_eq!(lost, first, "{damage:?}");
        }
    }
}
