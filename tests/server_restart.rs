//! Property 8 under a real server restart (issue 21): a test that runs its
//! OWN PostgreSQL cluster (initdb + pg_ctl in a temporary folder on a free
//! port), has 8 agents save in loops through the real binary, and stops
//! the server (`-m fast`, then `-m immediate`) and starts it again under
//! them. Every save must end "saved C-…" and stored, or in the outbox and
//! stored exactly once after `cases sync`: none reported failed, none
//! duplicated, none lost, and each day's readable ids gap-free.
//!
//! Also "commit sent, answer lost": a relay between client and server
//! that forwards the commit and drops the connection before the answer;
//! the save answers with the id its key finds.
//!
//! And, on a cluster of its own set to `hostssl ... cert`, a client
//! certificate given as `sslcert`/`sslkey` (issue 25).
//!
//! Without PostgreSQL's binaries the trials are reported ignored with the
//! reason; with `CLAIMDESK_REQUIRE_POSTGRES=1` they fail instead.

#[allow(dead_code)] // uses a few of the shared helpers
mod common;

use claimdesk::store::CaseStore;
use claimdesk::store::shared::{PendingId, SharedStore};
use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::{BTreeMap, HashMap};
use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CLAIM: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;
const REQUIRE_VAR: &str = "CLAIMDESK_REQUIRE_POSTGRES";

/// Where PostgreSQL's server programs are, as .ci/with-postgres finds them.
fn pg_bin() -> Option<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    dirs.sort_by_key(|d| {
        d.parent()
            .and_then(|p| p.file_name())
            .and_then(|n| n.to_str())
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(0)
    });
    if let Some(dir) = dirs.into_iter().rev().find(|d| d.join("initdb").is_file()) {
        return Some(dir);
    }
    std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .find(|d| d.join("initdb").is_file() && d.join("pg_ctl").is_file())
    })
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// A PostgreSQL cluster of this test's own, stopped and removed on drop.
struct Cluster {
    bin: PathBuf,
    dir: tempfile::TempDir,
    port: u16,
    as_owner: bool,
    /// More server options (`-c name=value ...`), for the next start.
    extra: std::cell::RefCell<String>,
}

impl Cluster {
    fn start(bin: &Path) -> Result<Cluster, Failed> {
        let dir = tempfile::Builder::new()
            .prefix("claimdesk-restart")
            .tempdir()?;
        let as_owner = is_root();
        let (data, socket) = (dir.path().join("data"), dir.path().join("socket"));
        std::fs::create_dir_all(&data)?;
        std::fs::create_dir_all(&socket)?;
        if as_owner {
            // initdb refuses root: the cluster belongs to `postgres`.
            let _ = Command::new("useradd")
                .args(["--system", "--home-dir", "/var/lib/postgresql", "postgres"])
                .output();
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755))?;
            let chown = Command::new("chown")
                .args(["postgres"])
                .arg(&data)
                .arg(&socket)
                .status()?;
            if !chown.success() {
                return Err("chown postgres".into());
            }
        }
        let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
        let cluster = Cluster {
            bin: bin.to_owned(),
            dir,
            port,
            as_owner,
            extra: std::cell::RefCell::default(),
        };
        let init = cluster
            .run("initdb")
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"])
            .output()?;
        if !init.status.success() {
            return Err(format!("initdb: {}", String::from_utf8_lossy(&init.stderr)).into());
        }
        cluster.up()?;
        let mut admin = postgres::Client::connect(&cluster.url("postgres"), postgres::NoTls)?;
        admin.batch_execute("CREATE DATABASE claimdesk_test")?;
        Ok(cluster)
    }

    /// `program` of the server's, run as the cluster's owner.
    fn run(&self, program: &str) -> Command {
        let exe = self.bin.join(program);
        if self.as_owner {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", "postgres", "--"]).arg(exe);
            cmd
        } else {
            Command::new(exe)
        }
    }

    fn url(&self, db: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{}/{db}", self.port)
    }

    fn up(&self) -> Result<(), Failed> {
        let options = format!(
            "-c listen_addresses=127.0.0.1 -c port={} -c unix_socket_directories={} \
             -c max_connections=100 -c fsync=off -c full_page_writes=off {}",
            self.port,
            self.dir.path().join("socket").display(),
            self.extra.borrow()
        );
        let started = self
            .run("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .arg("-l")
            .arg(self.dir.path().join("data").join("server.log"))
            .args(["-w", "-t", "60", "-o", &options, "start"])
            .stdout(Stdio::null())
            .output()?;
        if !started.status.success() {
            let log = std::fs::read_to_string(self.dir.path().join("data").join("server.log"))
                .unwrap_or_default();
            return Err(format!(
                "pg_ctl start: {}{log}",
                String::from_utf8_lossy(&started.stderr)
            )
            .into());
        }
        Ok(())
    }

    fn down(&self, mode: &str) -> Result<(), Failed> {
        let stopped = self
            .run("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-w", "-t", "60", "-m", mode, "stop"])
            .stdout(Stdio::null())
            .output()?;
        if !stopped.status.success() {
            return Err(
                format!("pg_ctl stop: {}", String::from_utf8_lossy(&stopped.stderr)).into(),
            );
        }
        Ok(())
    }
}

impl Drop for Cluster {
    fn drop(&mut self) {
        let _ = self.down("immediate");
    }
}

/// claimdesk as `agent` on the shared log at `url`, in a home (and so a
/// data folder and outbox) of its own.
fn agent(home: &Path, agent: &str, url: &str) -> Command {
    let config = home.join("config.toml");
    let _ = std::fs::write(&config, format!("agent_name = \"{agent}\"\n"));
    let mut cmd = common::claimdesk(home);
    cmd.arg("--database").arg(url).arg("--config").arg(config);
    cmd
}

/// One save's answer, by its order number.
#[derive(Debug, Clone)]
enum Answer {
    Saved(String),
    Queued,
    Failed(String),
}

fn save_once(home: &Path, name: &str, url: &str, order: &str) -> Answer {
    let child = agent(home, name, url)
        .args(["check", "--save", "--order", order])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn();
    let Ok(mut child) = child else {
        return Answer::Failed("did not start".into());
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(CLAIM.as_bytes());
    }
    let Ok(out) = child.wait_with_output() else {
        return Answer::Failed("did not end".into());
    };
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    let said = err
        .lines()
        .find_map(|l| l.split("saved ").nth(1))
        .map(|s| s.trim().to_owned());
    match said {
        Some(id) if out.status.success() && id.starts_with("C-") => Answer::Saved(id),
        Some(id) if out.status.success() && PendingId::parse(&id).is_some() => Answer::Queued,
        _ => Answer::Failed(format!("{:?}: {err}", out.status.code())),
    }
}

fn eight_agents_saving_through_a_fast_and_an_immediate_restart_lose_and_double_nothing(
    bin: &Path,
) -> Result<(), Failed> {
    const AGENTS: usize = 8;
    let cluster = Cluster::start(bin)?;
    let url = cluster.url("claimdesk_test");
    // The schema made once before the rush.
    drop(claimdesk::store::postgres::PgStore::connect(&url)?);
    let homes: Vec<tempfile::TempDir> = (0..AGENTS)
        .map(|_| tempfile::tempdir())
        .collect::<Result<_, _>>()?;
    let stop = Arc::new(AtomicBool::new(false));
    let answers: Arc<Mutex<Vec<(String, String, Answer)>>> = Arc::default();
    let mut threads = Vec::new();
    for (n, home) in homes.iter().enumerate() {
        let (home, url) = (home.path().to_owned(), url.clone());
        let (stop, answers) = (Arc::clone(&stop), Arc::clone(&answers));
        threads.push(std::thread::spawn(move || {
            let name = format!("agent-{n}");
            let mut i = 0;
            while !stop.load(Ordering::SeqCst) {
                i += 1;
                let order = format!("R-{n}-{i}");
                let answer = save_once(&home, &name, &url, &order);
                answers
                    .lock()
                    .expect("answers")
                    .push((name.clone(), order, answer));
            }
        }));
    }
    let pause = |s: u64| std::thread::sleep(Duration::from_secs(s));
    pause(3);
    cluster.down("fast")?;
    pause(1);
    cluster.up()?;
    pause(3);
    cluster.down("immediate")?;
    pause(1);
    cluster.up()?;
    pause(3);
    stop.store(true, Ordering::SeqCst);
    for t in threads {
        t.join().map_err(|_| "an agent's thread panicked")?;
    }
    for (n, home) in homes.iter().enumerate() {
        let out = agent(home.path(), &format!("agent-{n}"), &url)
            .args(["cases", "sync"])
            .output()?;
        if !out.status.success() {
            return Err(format!(
                "cases sync for agent-{n}: {}",
                String::from_utf8_lossy(&out.stderr)
            )
            .into());
        }
    }
    let answers = answers.lock().expect("answers").clone();
    let mut sql = postgres::Client::connect(&url, postgres::NoTls)?;
    let rows = sql.query("SELECT id, reference, case_key, day, seq FROM cases", &[])?;
    let mut stored: HashMap<String, Vec<String>> = HashMap::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    let mut per_day: BTreeMap<String, Vec<i32>> = BTreeMap::new();
    for r in &rows {
        stored
            .entry(r.get::<_, String>(1))
            .or_default()
            .push(r.get(0));
        *by_key.entry(r.get::<_, String>(2)).or_default() += 1;
        per_day.entry(r.get(3)).or_default().push(r.get(4));
    }
    let (mut saved, mut queued, mut failed) = (0, 0, Vec::new());
    let mut problems = Vec::new();
    for (name, order, answer) in &answers {
        let ids = stored.get(order).cloned().unwrap_or_default();
        match answer {
            Answer::Saved(id) => {
                saved += 1;
                if ids != [id.clone()] {
                    problems.push(format!("{name} {order}: said {id}, stored {ids:?}"));
                }
            }
            Answer::Queued => {
                queued += 1;
                if ids.len() != 1 {
                    problems.push(format!("{name} {order}: queued, stored {ids:?}"));
                }
            }
            Answer::Failed(why) => {
                failed.push(format!("{name} {order}: {why}"));
                if !ids.is_empty() {
                    problems.push(format!("{name} {order}: reported failed, stored {ids:?}"));
                }
            }
        }
    }
    eprintln!(
        "{} saves: {saved} saved, {queued} through the outbox, {} failed; {} stored",
        answers.len(),
        failed.len(),
        rows.len()
    );
    let doubled: Vec<_> = by_key.iter().filter(|(_, n)| **n > 1).collect();
    assert!(doubled.is_empty(), "duplicates by case key: {doubled:?}");
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(failed.is_empty(), "reported not saved: {failed:#?}");
    assert_eq!(rows.len(), answers.len(), "nothing else stored");
    assert!(queued > 0, "the restarts sent some saves to the outbox");
    for (day, mut seqs) in per_day {
        seqs.sort_unstable();
        let expected: Vec<i32> = (1..=seqs.len() as i32).collect();
        assert_eq!(seqs, expected, "gap-free on {day}");
    }
    Ok(())
}

/// A relay that forwards everything, but once the client has sent a
/// COMMIT it forwards it and drops both sides before the server's answer
/// comes back.
fn lossy_relay(upstream: u16) -> Result<(u16, Arc<AtomicBool>), Failed> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let armed = Arc::new(AtomicBool::new(false));
    let is_armed = Arc::clone(&armed);
    std::thread::spawn(move || {
        for client in listener.incoming().flatten() {
            let Ok(server) = TcpStream::connect(("127.0.0.1", upstream)) else {
                continue;
            };
            let cut = Arc::new(AtomicBool::new(false));
            let (Ok(mut c_in), Ok(mut s_out)) = (client.try_clone(), server.try_clone()) else {
                continue;
            };
            let (Ok(mut s_in), Ok(mut c_out)) = (server.try_clone(), client.try_clone()) else {
                continue;
            };
            let (armed_up, cut_up) = (Arc::clone(&is_armed), Arc::clone(&cut));
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                let mut seen_save = false;
                while let Ok(n) = c_in.read(&mut buf) {
                    // The save's statement is parsed once (its text is
                    // sent), then run by a Bind/Execute with no text: the
                    // write after the one naming it is the one that commits.
                    let names_it = buf[..n].windows(14).any(|w| w == b"claimdesk_save");
                    let commits = seen_save && !names_it && n > 0;
                    seen_save |= names_it;
                    let cutting = armed_up.load(Ordering::SeqCst) && commits;

                    if cutting {
                        // No answer goes back from here on; once only.
                        cut_up.store(true, Ordering::SeqCst);
                        armed_up.store(false, Ordering::SeqCst);
                    }
                    if n == 0 || s_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                    if cutting {
                        // Let the server take it, then cut.
                        std::thread::sleep(Duration::from_millis(300));
                        let _ = c_in.shutdown(Shutdown::Both);
                        let _ = s_out.shutdown(Shutdown::Both);
                        break;
                    }
                }
            });
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                while let Ok(n) = s_in.read(&mut buf) {
                    if n == 0 || cut.load(Ordering::SeqCst) {
                        break;
                    }
                    if c_out.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                let _ = c_out.shutdown(Shutdown::Both);
            });
        }
    });
    Ok((port, armed))
}

fn a_save_whose_commit_answer_is_lost_answers_the_id_its_key_finds(
    bin: &Path,
) -> Result<(), Failed> {
    let cluster = Cluster::start(bin)?;
    let url = cluster.url("claimdesk_test");
    drop(claimdesk::store::postgres::PgStore::connect(&url)?);
    let (port, armed) = lossy_relay(cluster.port)?;
    let relayed = format!("postgres://postgres@127.0.0.1:{port}/claimdesk_test");
    let data = tempfile::tempdir()?;
    let mut log = SharedStore::open(&relayed, data.path())?;
    let input = claimdesk::rules::ClaimInput::from_json(CLAIM)?;
    let policies = claimdesk::rules::PolicySet::embedded().map_err(|e| format!("{e:?}"))?;
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 21).ok_or("date")?;
    let outcome = claimdesk::rules::decide(&policies, &input, today)?;
    let vendor = policies.vendor("mitkco").ok_or("mitkco")?;
    let mut record = claimdesk::store::CaseRecord::from_decision(&input, &outcome, vendor);
    record.reference = "LOST-ANSWER".into();
    armed.store(true, Ordering::SeqCst);
    let started = Instant::now();
    let answer = log.save(&record, today.and_hms_opt(10, 0, 0).ok_or("time")?)?;
    assert!(
        !armed.load(Ordering::SeqCst),
        "the relay cut the connection after the save was sent"
    );
    assert!(started.elapsed() < Duration::from_secs(30), "no long wait");
    let mut sql = postgres::Client::connect(&url, postgres::NoTls)?;
    let ids: Vec<String> = sql
        .query("SELECT id FROM cases WHERE reference = 'LOST-ANSWER'", &[])?
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(ids.len(), 1, "stored once: {ids:?}");
    assert_eq!(answer, ids[0], "the save answers the id its key finds");
    let sent = log.sync()?;
    assert_eq!(sent.sent, 0, "nothing waits");
    assert_eq!(log.total()?, 1);
    Ok(())
}

/// `openssl` with `args`, in `dir`.
fn openssl(dir: &Path, args: &[&str]) -> Result<(), Failed> {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()?;
    if !out.status.success() {
        return Err(format!("openssl {args:?}: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(())
}

/// A test CA, a server certificate for 127.0.0.1 and a client
/// certificate for the login `postgres`, all signed by it, in `dir`.
fn make_certificates(dir: &Path) -> Result<(), Failed> {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=claimdesk test CA",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
        ],
    )?;
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )?;
    std::fs::write(
        dir.join("client.ext"),
        "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\n\
         extendedKeyUsage=clientAuth\n",
    )?;
    for (name, subject) in [("server", "/CN=localhost"), ("client", "/CN=postgres")] {
        let (key, csr, crt, ext) = (
            format!("{name}.key"),
            format!("{name}.csr"),
            format!("{name}.crt"),
            format!("{name}.ext"),
        );
        openssl(
            dir,
            &[
                "req", "-newkey", "rsa:2048", "-nodes", "-subj", subject, "-keyout", &key, "-out",
                &csr,
            ],
        )?;
        openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                &csr,
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                &ext,
                "-out",
                &crt,
            ],
        )?;
    }
    Ok(())
}

/// A server that takes only TLS connections with a client certificate
/// its CA signed (`hostssl ... cert`): `sslcert`/`sslkey` in the URL are
/// shown to it and the connection works; without them it is refused;
/// a certificate or key file that is missing or holds no PEM is an error
/// that names the file.
fn a_client_certificate_from_sslcert_and_sslkey_is_accepted_by_a_server_requiring_one(
    bin: &Path,
) -> Result<(), Failed> {
    use claimdesk::store::CaseStore as _;
    use claimdesk::store::postgres::PgStore;
    let cluster = Cluster::start(bin)?;
    let data = cluster.dir.path().join("data");
    let tls = cluster.dir.path().join("tls");
    std::fs::create_dir_all(&tls)?;
    make_certificates(&tls)?;
    // The server's own copies, in its data folder and its owner's.
    for file in ["server.crt", "server.key", "ca.crt"] {
        std::fs::copy(tls.join(file), data.join(file))?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(data.join(file), std::fs::Permissions::from_mode(0o600))?;
        if cluster.as_owner {
            Command::new("chown")
                .arg("postgres")
                .arg(data.join(file))
                .status()?;
        }
    }
    std::fs::write(
        data.join("pg_hba.conf"),
        "local all all trust\nhostssl all all 127.0.0.1/32 cert\n",
    )?;
    cluster.down("fast")?;
    *cluster.extra.borrow_mut() = format!(
        "-c ssl=on -c ssl_cert_file={0}/server.crt -c ssl_key_file={0}/server.key \
         -c ssl_ca_file={0}/ca.crt",
        data.display()
    );
    cluster.up()?;
    let base = format!(
        "{}?sslmode=verify-full&sslrootcert={}",
        cluster.url("claimdesk_test"),
        tls.join("ca.crt").display()
    );
    let with_cert = format!(
        "{base}&sslcert={}&sslkey={}",
        tls.join("client.crt").display(),
        tls.join("client.key").display()
    );
    let log = PgStore::connect(&with_cert)?;
    assert_eq!(log.total()?, 0, "connected with the client certificate");
    match PgStore::connect(&base) {
        Err(e) => assert!(!e.to_string().is_empty()),
        Ok(_) => return Err("a server requiring a client certificate let one without in".into()),
    }
    let missing = tls.join("nowhere.crt");
    let url = format!(
        "{base}&sslcert={}&sslkey={}",
        missing.display(),
        tls.join("client.key").display()
    );
    let said = PgStore::connect(&url)
        .map(|_| ())
        .expect_err("no such file")
        .to_string();
    assert!(
        said.contains("sslcert") && said.contains("nowhere.crt"),
        "{said}"
    );
    let url = format!(
        "{base}&sslcert={}&sslkey={}",
        tls.join("client.crt").display(),
        tls.join("client.ext").display()
    );
    let said = PgStore::connect(&url)
        .map(|_| ())
        .expect_err("no key")
        .to_string();
    assert!(
        said.contains("sslkey") && said.contains("client.ext"),
        "{said}"
    );
    let url = format!("{base}&sslcert={}", tls.join("client.crt").display());
    let said = PgStore::connect(&url)
        .map(|_| ())
        .expect_err("no key given")
        .to_string();
    assert!(said.contains("sslkey"), "{said}");
    Ok(())
}

type Test = fn(&Path) -> Result<(), Failed>;

fn main() {
    let args = Arguments::from_args();
    let bin = pg_bin();
    let required = std::env::var(REQUIRE_VAR).is_ok_and(|v| v == "1");
    if bin.is_none() {
        if required {
            eprintln!(
                "{REQUIRE_VAR}=1 but PostgreSQL's initdb is not installed: these tests cannot run"
            );
            std::process::exit(101);
        }
        eprintln!(
            "note: server-restart tests ignored: PostgreSQL's initdb/pg_ctl are not installed \
             (apt-get install postgresql)"
        );
    }
    let tests: [(&str, Test); 3] = [
        (
            "a_client_certificate_from_sslcert_and_sslkey_is_accepted_by_a_server_requiring_one",
            a_client_certificate_from_sslcert_and_sslkey_is_accepted_by_a_server_requiring_one,
        ),
        (
            "eight_agents_saving_through_a_fast_and_an_immediate_restart_lose_and_double_nothing",
            eight_agents_saving_through_a_fast_and_an_immediate_restart_lose_and_double_nothing,
        ),
        (
            "a_save_whose_commit_answer_is_lost_answers_the_id_its_key_finds",
            a_save_whose_commit_answer_is_lost_answers_the_id_its_key_finds,
        ),
    ];
    let trials = tests
        .into_iter()
        .map(|(name, test)| {
            let bin = bin.clone().unwrap_or_default();
            // The client-certificate trial makes its certificates with openssl.
            let no_openssl = name.starts_with("a_client_certificate")
                && Command::new("openssl").arg("version").output().is_err();
            if no_openssl && required {
                eprintln!("{REQUIRE_VAR}=1 but openssl is not installed: {name} cannot run");
                std::process::exit(101);
            }
            let ignored = bin.as_os_str().is_empty() || no_openssl;
            Trial::test(name, move || test(&bin)).with_ignored_flag(ignored)
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
