//! Secrets never shown: every command, with a database password holding
//! `/ ? @ # %` (percent-encoded, raw, in config.toml, in PGPASSWORD, in
//! a password file) and an `sslpassword`, says nothing of either on its
//! stdout or stderr. The database is a port nobody listens on (every
//! command meets the "unreachable" and error paths; the ambiguous raw
//! URL is refused before any connect).

use crate::common;

use std::net::TcpListener;
use std::path::Path;

/// The secret, and a word of it that must never appear in any form.
const SECRET: &str = "Pa/s?s@w#r%d-SECRETWORD";
const SECRET_MARK: &str = "SECRETWORD";
const SSL_SECRET: &str = "ssl/?@#%SSLSECRET";
const SSL_MARK: &str = "SSLSECRET";

const CLAIM: &str = r#"{"vendor":"mitkco","issue":"wrong_item","delivery_date":"2026-11-18","claim_date":"2026-11-21"}"#;

fn encoded(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `host:port/db`, with `user` and `password` (as written) put in.
fn url(base: &str, password: Option<&str>, ssl: bool) -> String {
    let (scheme, rest) = base.split_once("://").expect("a URL");
    let rest = rest.rsplit_once('@').map_or(rest, |(_, r)| r);
    let userinfo = match password {
        Some(p) => format!("ana:{p}@"),
        None => "ana@".to_owned(),
    };
    let mut url = format!("{scheme}://{userinfo}{rest}");
    if ssl {
        url.push(if url.contains('?') { '&' } else { '?' });
        url.push_str(&format!("sslpassword={}", encoded(SSL_SECRET)));
    }
    url
}

/// Every command, as arguments after the global ones.
fn commands() -> Vec<(Vec<&'static str>, Option<&'static str>)> {
    vec![
        (vec!["config", "show"], None),
        (vec!["check", "--save"], Some(CLAIM)),
        (vec!["cases", "list"], None),
        (vec!["cases", "show", "C-20261121-0001"], None),
        (vec!["cases", "due", "--today", "2026-11-21"], None),
        (vec!["cases", "sync"], None),
        (vec!["cases", "export"], None),
        (vec!["cases", "export", "--format", "jsonl"], None),
        (
            vec![
                "cases",
                "event",
                "C-20261121-0001",
                "customer_wrote",
                "--date",
                "2026-11-21",
            ],
            None,
        ),
        (vec!["cases", "purge", "--before", "2020-01-01"], None),
        (vec!["cases", "recheck"], None),
        (
            vec!["cases", "contact", "C-20261121-0001", "--name", "Ana"],
            None,
        ),
        (vec!["cases", "letter", "C-20261121-0001"], None),
        // A JSON Lines export on standard input.
        (vec!["cases", "import", "-"], Some("{}")),
        (vec!["check", "--batch", "--save"], Some(CLAIM)),
        (vec!["admin", "init-db"], None),
        (vec!["policies", "list"], None),
        // An error: a case id that is none.
        (vec!["cases", "show", "not-an-id"], None),
    ]
}

/// Runs every command with the database given as `how`, asserting that
/// neither secret appears.
fn run_all(home: &Path, how: &How, seen: &mut usize) {
    for (args, stdin) in commands() {
        let mut cmd = common::claimdesk(home);
        match how {
            How::Flag(url) => {
                cmd.args(["--database", url]);
            }
            How::Config(file) => {
                cmd.arg("--config").arg(file);
            }
            How::Env(url, var, value) => {
                cmd.args(["--database", url]).env(var, value);
            }
        }
        cmd.arg("--data-dir").arg(home.join("data"));
        // Every log line too (issue 26: logs never carry a password).
        cmd.env("RUST_LOG", "trace");
        cmd.args(&args);
        let out = common::run_with_stdin(&mut cmd, stdin.unwrap_or(""));
        let said = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for mark in [SECRET_MARK, SSL_MARK, "Pa/s", "Pa%2F"] {
            assert!(
                !said.contains(mark),
                "{args:?} with the database as {how:?} shows {mark}:\n{said}"
            );
        }
        *seen += 1;
    }
}

#[derive(Debug)]
enum How {
    Flag(String),
    Config(std::path::PathBuf),
    Env(String, &'static str, String),
}

fn every_way(base: &str, home: &Path) -> Vec<How> {
    let config = |name: &str, url: &str| {
        let file = home.join(name);
        std::fs::write(&file, format!("database_url = \"{url}\"\n")).expect("config");
        file
    };
    let pgpass = home.join("pgpass");
    std::fs::write(&pgpass, format!("*:*:*:*:{}\n", SECRET.replace(':', "\\:"))).expect("pgpass");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).expect("chmod");
    }
    let encoded_url = url(base, Some(&encoded(SECRET)), true);
    let raw_url = url(base, Some(SECRET), true);
    vec![
        How::Flag(encoded_url.clone()),
        How::Flag(raw_url.clone()),
        // Not a URL at all (a libpq key=value string): refused, unshown.
        How::Flag(format!("host=127.0.0.1 user=ana password={SECRET}")),
        How::Config(config("encoded.toml", &encoded_url)),
        How::Config(config("raw.toml", &raw_url)),
        How::Env(url(base, None, true), "PGPASSWORD", SECRET.to_owned()),
        How::Env(
            url(base, None, false),
            "PGPASSFILE",
            pgpass.display().to_string(),
        ),
    ]
}

#[test]
fn no_command_shows_a_password_with_special_characters_or_an_sslpassword() {
    let home = tempfile::tempdir().expect("home");
    // A port nobody listens on.
    let port = TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let base = format!("postgres://127.0.0.1:{port}/claims");
    let mut seen = 0;
    for how in every_way(&base, home.path()) {
        run_all(home.path(), &how, &mut seen);
    }
    assert_eq!(seen, 7 * commands().len());
}
