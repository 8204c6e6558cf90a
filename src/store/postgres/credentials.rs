//! The database URL, and the password as PostgreSQL users expect to give
//! it: in the URL, in `PGPASSWORD`, or in `~/.pgpass` (`PGPASSFILE`),
//! read by libpq's rules (the client crate reads none of the two); and
//! the URL's `sslmode` (`disable|prefer|require|verify-ca|verify-full`)
//! and `sslrootcert`, as libpq reads them.
//!
//! A password never leaves this module but inside the connection
//! config: [`masked`] is the URL as it may be shown (`config show`,
//! messages): `***` for the password however it is written (in the
//! userinfo, percent-encoded or raw, `password=`, `sslpassword=`);
//! [`location`] the log's name in messages, and [`scrub`] takes a
//! password out of any text a database error might carry. A URL whose
//! userinfo cannot be told from its host (a raw `@`, `/`, `?`, `#` or a
//! stray `%` in the password) is an error that shows it without its
//! userinfo, never a guess.

use super::tls::{ClientCert, Roots, SslMode as SslModeOf, Tls};
use std::path::{Path, PathBuf};
use std::time::Duration;
use tokio_postgres::config::{Config, Host, SslMode};

/// Whether `text` names a PostgreSQL database (`postgres://`, `postgresql://`).
pub fn is_database_url(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// The URL with any password replaced by `***`, safe to print. A URL
/// that cannot be split is shown without anything before its last `@`.
pub fn masked(url: &str) -> String {
    match split(url) {
        Ok(parts) => parts.shown(),
        Err(_) => without_userinfo(url),
    }
}

/// Whether `url` can be read without guessing where its userinfo ends;
/// the error (safe to show) says why not.
pub fn check(url: &str) -> Result<(), String> {
    split(url).map(|_| ())
}

/// Query keys whose values are secrets.
const SECRET_KEYS: [&str; 2] = ["password", "sslpassword"];

/// A `postgres://` URL in its parts, as written (still percent-encoded).
struct Parts<'a> {
    scheme: &'a str,
    user: Option<&'a str>,
    password: Option<&'a str>,
    /// Host(s) and port(s): what follows the userinfo.
    hosts: &'a str,
    /// `/database`, or empty.
    path: &'a str,
    query: Vec<(&'a str, &'a str)>,
}

/// Splits `url`; an error (safe to show) when where the userinfo ends
/// cannot be told for sure.
fn split(url: &str) -> Result<Parts<'_>, String> {
    let url = url.trim();
    let ambiguous = || {
        format!(
            "the database URL {} is ambiguous: write @ / ? # % in a user name or password \
             percent-encoded (%40 %2F %3F %23 %25)",
            without_userinfo(url)
        )
    };
    let Some(scheme_end) = url.find("://") else {
        return Err(format!(
            "{} is not a postgres:// URL",
            without_userinfo(url)
        ));
    };
    let (scheme, rest) = (&url[..scheme_end], &url[scheme_end + 3..]);
    if rest.contains('#') {
        return Err(ambiguous());
    }
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(authority_end);
    // Any '@' but the one ending the userinfo: a raw '@' in the password,
    // or a raw '/' or '?' before it.
    if authority.matches('@').count() > 1 || after.contains('@') {
        return Err(ambiguous());
    }
    let (userinfo, hosts) = match authority.split_once('@') {
        Some((userinfo, hosts)) => (Some(userinfo), hosts),
        None => (None, authority),
    };
    if userinfo.is_some_and(|u| !well_encoded(u)) {
        return Err(ambiguous());
    }
    let (user, password) = match userinfo.map(|u| u.split_once(':')) {
        Some(Some((user, password))) => (Some(user), Some(password)),
        Some(None) => (userinfo, None),
        None => (None, None),
    };
    let (path, query) = after.split_once('?').unwrap_or((after, ""));
    let query = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| pair.split_once('=').unwrap_or((pair, "")))
        .collect();
    Ok(Parts {
        scheme,
        user,
        password,
        hosts,
        path,
        query,
    })
}

impl Parts<'_> {
    /// The URL as it may be shown.
    fn shown(&self) -> String {
        let mut out = format!("{}://", self.scheme);
        if let Some(user) = self.user {
            out.push_str(user);
            if self.password.is_some() {
                out.push_str(":***");
            }
            out.push('@');
        }
        out.push_str(self.hosts);
        out.push_str(self.path);
        for (i, (key, value)) in self.query.iter().enumerate() {
            out.push(if i == 0 { '?' } else { '&' });
            out.push_str(key);
            out.push('=');
            out.push_str(if is_secret_key(key) { "***" } else { value });
        }
        out
    }

    /// The value of query key `key` (decoded), if given.
    fn param(&self, key: &str) -> Option<String> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| decoded(k) == key)
            .map(|(_, v)| decoded(v))
    }
}

fn is_secret_key(key: &str) -> bool {
    let key = decoded(key).to_ascii_lowercase();
    SECRET_KEYS.contains(&key.as_str())
}

/// Whether every '%' in `text` starts a two-digit hex escape.
fn well_encoded(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

/// `text` percent-decoded (an invalid escape kept as written).
fn decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `text` with everything up to its last `@` after the scheme left out,
/// and the values of `password=` and `sslpassword=` masked: what may be
/// shown of a URL (or anything typed where one was expected) that
/// cannot be split.
fn without_userinfo(text: &str) -> String {
    // The values first: a raw '@' inside one must not decide what is
    // left out.
    let text = masked_values(text.trim());
    let (scheme, rest) = match text.find("://") {
        Some(i) => text.split_at(i + 3),
        None => ("", text.as_str()),
    };
    let rest = rest.rfind('@').map_or(rest, |at| &rest[at + 1..]);
    format!("{scheme}{rest}")
}

/// `text` with the value after every key ending in "password" (either
/// spelling; URL queries and key=value strings) replaced by `***`, up to
/// the next separator (`&` in a URL, white space otherwise).
fn masked_values(text: &str) -> String {
    let separators: &[char] = if text.contains("://") {
        &['&', ' ', '\t']
    } else {
        &[' ', '\t']
    };
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while let Some(found) = lower[i..].find("password") {
        let key_end = i + found + "password".len();
        let value_start = match text[key_end..].trim_start().strip_prefix('=') {
            Some(after) => text.len() - after.len(),
            None => {
                out.push_str(&text[i..key_end]);
                i = key_end;
                continue;
            }
        };
        let value_end = text[value_start..]
            .find(separators)
            .map_or(text.len(), |e| value_start + e);
        out.push_str(&text[i..value_start]);
        out.push_str("***");
        i = value_end;
    }
    out.push_str(&text[i..]);
    out
}

/// `text` with every occurrence of `secret` replaced by `***`.
pub fn scrub(text: &str, secret: Option<&str>) -> String {
    match secret {
        Some(s) if !s.is_empty() => text.replace(s, "***"),
        _ => text.to_owned(),
    }
}

/// A parsed URL, its password filled in from the environment when the
/// URL has none, and what can be said about it.
pub struct Target {
    pub config: Config,
    /// The password, to take out of any message.
    pub secret: Option<String>,
    /// `user@host:port/database`, for messages.
    pub location: String,
    pub tls: Tls,
    /// How long the whole connect may take.
    pub deadline: Duration,
}

/// The whole connect's deadline when the URL gives no `connect_timeout`.
pub const CONNECT_DEADLINE: Duration = Duration::from_secs(10);

/// Reads `url` the way `psql` would, with the environment's password.
pub fn target(url: &str) -> Result<Target, String> {
    let parts = split(url)?;
    let raw_secret = parts.password.map(decoded);
    let cannot_read = |detail: &str| {
        let detail = scrub(detail, parts.password);
        format!(
            "the database URL {} cannot be read: {}",
            parts.shown(),
            scrub(&detail, raw_secret.as_deref())
        )
    };
    let tls = tls_of(&parts).map_err(|e| cannot_read(&e))?;
    // What tokio-postgres reads: the URL without the TLS settings it does
    // not know (it has no verify-ca, verify-full, sslrootcert).
    let mut passed = format!("{}://", parts.scheme);
    if let Some(user) = parts.user {
        passed.push_str(user);
        if let Some(password) = parts.password {
            passed.push(':');
            passed.push_str(password);
        }
        passed.push('@');
    }
    passed.push_str(parts.hosts);
    passed.push_str(parts.path);
    let mut first = true;
    for (key, value) in &parts.query {
        if TLS_KEYS.contains(&decoded(key).as_str()) {
            continue;
        }
        passed.push(if first { '?' } else { '&' });
        first = false;
        passed.push_str(key);
        passed.push('=');
        passed.push_str(value);
    }
    let mut config: Config = passed
        .parse()
        .map_err(|e: tokio_postgres::Error| cannot_read(&e.to_string()))?;
    config.ssl_mode(match tls.mode {
        super::tls::SslMode::Disable => SslMode::Disable,
        super::tls::SslMode::Prefer => SslMode::Prefer,
        _ => SslMode::Require,
    });
    // The URL's connect_timeout, as libpq reads it, bounds the whole
    // connect (TCP, TLS, startup, authentication); without one, 10 s. An
    // unreachable or silent server is known in seconds, not minutes: the
    // wizard then keeps saves in the outbox.
    let deadline = config
        .get_connect_timeout()
        .copied()
        .filter(|d| !d.is_zero())
        .unwrap_or(CONNECT_DEADLINE);
    config.connect_timeout(deadline);
    // Every statement has the server's limit too (the client's own is a
    // little longer); a URL that sets one in `options` keeps its own.
    let options = config.get_options().unwrap_or_default().to_owned();
    if !options.contains("statement_timeout") {
        config.options(format!(
            "{options} -c statement_timeout={}",
            super::STATEMENT_TIMEOUT.as_millis()
        ));
    }
    // A dead link mid-shift is found by the kernel, not after TCP's
    // default quarter of an hour.
    config.keepalives_idle(Duration::from_secs(30));
    if config.get_tcp_user_timeout().is_none() {
        config.tcp_user_timeout(Duration::from_secs(20));
    }
    if config.get_application_name().is_none() {
        config.application_name("claimdesk");
    }
    let user = config
        .get_user()
        .map(str::to_owned)
        .or_else(|| std::env::var("PGUSER").ok())
        .unwrap_or_else(os_user);
    if config.get_user().is_none() {
        config.user(&user);
    }
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(name)) => name.clone(),
        // libpq matches a socket connection against "localhost".
        Some(Host::Unix(_)) | None => "localhost".to_owned(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let dbname = config.get_dbname().unwrap_or(&user).to_owned();
    if config.get_password().is_none() {
        let from_env = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty());
        let found = from_env.or_else(|| {
            let file = pgpass_path()?;
            pgpass_lookup(&file, &host, port, &dbname, &user)
        });
        if let Some(password) = found {
            config.password(password);
        }
    }
    let secret = config
        .get_password()
        .map(|p| String::from_utf8_lossy(p).into_owned());
    let shown_host = match config.get_hosts().first() {
        Some(Host::Unix(dir)) => dir.display().to_string(),
        _ => host,
    };
    Ok(Target {
        location: format!("postgres://{user}@{shown_host}:{port}/{dbname}"),
        tls,
        deadline,
        config,
        secret,
    })
}

/// The URL's settings claimdesk reads itself (see `tls`); `sslpassword`
/// (for an encrypted client key, which claimdesk does not read) is taken
/// out too.
const TLS_KEYS: [&str; 5] = ["sslmode", "sslrootcert", "sslcert", "sslkey", "sslpassword"];

/// The URL's `sslmode` and `sslrootcert`, else `PGSSLMODE` and
/// `PGSSLROOTCERT`, else `prefer` and `~/.postgresql/root.crt` if there.
fn tls_of(parts: &Parts<'_>) -> Result<Tls, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let mode = match parts.param("sslmode").or_else(|| env("PGSSLMODE")) {
        Some(text) => SslModeOf::parse(&text).ok_or_else(|| {
            format!(
                "sslmode \"{}\" is not one of disable, prefer, require, verify-ca, verify-full",
                crate::text::shown(&text, 20)
            )
        })?,
        None => SslModeOf::Prefer,
    };
    let roots = match parts.param("sslrootcert").or_else(|| env("PGSSLROOTCERT")) {
        Some(text) if text == "system" => Some(Roots::System),
        Some(text) => Some(Roots::File(PathBuf::from(text))),
        None => std::env::var_os("HOME")
            .map(|home| Path::new(&home).join(".postgresql/root.crt"))
            .filter(|file| file.is_file())
            .map(Roots::File),
    };
    // A client certificate (`sslcert`, `sslkey`, else `PGSSLCERT`,
    // `PGSSLKEY`): both or neither.
    let client = match (
        parts.param("sslcert").or_else(|| env("PGSSLCERT")),
        parts.param("sslkey").or_else(|| env("PGSSLKEY")),
    ) {
        (Some(cert), Some(key)) => Some(ClientCert {
            cert: PathBuf::from(cert),
            key: PathBuf::from(key),
        }),
        (None, None) => None,
        (Some(_), None) => return Err("sslcert is given without sslkey (its private key)".into()),
        (None, Some(_)) => return Err("sslkey is given without sslcert (its certificate)".into()),
    };
    Ok(Tls {
        mode,
        roots,
        client,
    })
}

fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "postgres".to_owned())
}

/// `PGPASSFILE`, else `~/.pgpass`.
fn pgpass_path() -> Option<PathBuf> {
    if let Some(file) = std::env::var_os("PGPASSFILE") {
        return Some(PathBuf::from(file));
    }
    std::env::var_os("HOME").map(|home| Path::new(&home).join(".pgpass"))
}

/// The password of the first line of the password file that matches, by
/// libpq's rules: `host:port:database:user:password`, `*` matches
/// anything, `\` escapes `:` and `\`, `#` starts a comment line. A file
/// that others can read is ignored, as libpq ignores it.
pub fn pgpass_lookup(file: &Path, host: &str, port: u16, db: &str, user: &str) -> Option<String> {
    let meta = std::fs::metadata(file).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 {
            return None;
        }
    }
    #[cfg(not(unix))]
    if !meta.is_file() {
        return None;
    }
    let text = std::fs::read_to_string(file).ok()?;
    let port = port.to_string();
    text.lines()
        .filter(|line| !line.trim().is_empty() && !line.starts_with('#'))
        .find_map(|line| {
            let fields = pgpass_fields(line);
            let [h, p, d, u, password] = fields.as_slice() else {
                return None;
            };
            let fits = |field: &str, value: &str| field == "*" || field == value;
            (fits(h, host) && fits(p, &port) && fits(d, db) && fits(u, user))
                .then(|| password.clone())
        })
}

/// A password-file line split at unescaped colons, escapes undone; the
/// fifth field keeps any further colons.
fn pgpass_fields(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                if let (Some(next), Some(field)) = (chars.next(), fields.last_mut()) {
                    field.push(next);
                }
            }
            ':' if fields.len() < 5 => fields.push(String::new()),
            _ => {
                if let Some(field) = fields.last_mut() {
                    field.push(c);
                }
            }
        }
    }
    fields
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_masked_in_the_authority_and_the_query() {
        assert_eq!(
            masked("postgres://dana:s3cr:et@db.floor:5432/claims?sslmode=require"),
            "postgres://dana:***@db.floor:5432/claims?sslmode=require"
        );
        assert_eq!(
            masked("postgresql://dana@db/claims?password=hunter2&sslmode=require"),
            "postgresql://dana@db/claims?password=***&sslmode=require"
        );
        assert_eq!(masked("postgres://db/claims"), "postgres://db/claims");
    }

    /// Every way a secret can be written: percent-encoded, raw (then
    /// ambiguous: shown without the userinfo), in the query, in a
    /// key=value string; never in what `masked` or `target` say.
    #[test]
    fn secrets_however_written_are_masked_and_an_ambiguous_url_is_an_error() {
        let secret = "P@ss/w?o#r%d";
        let encoded = "P%40ss%2Fw%3Fo%23r%25d";
        for url in [
            format!("postgres://ana:{encoded}@127.0.0.1:5432/claims"),
            format!("postgres://ana:{secret}@127.0.0.1:5432/claims"),
            format!("postgres://ana:pa@ss@127.0.0.1/claims?sslpassword={secret}"),
            format!("postgresql://ana@127.0.0.1/claims?password={encoded}&sslmode=require"),
            format!("postgres://ana@h/c?sslpassword={encoded}&PassWord={encoded}"),
            format!("host=db password={secret} user=ana"),
            "postgres://ana:50%off@h/c".to_owned(),
        ] {
            let shown = masked(&url);
            for s in [secret, encoded, "50%off", "pa@ss", "P%40ss"] {
                assert!(!shown.contains(s), "{url} -> {shown}");
            }
            if let Err(e) = target(&url) {
                for s in [secret, encoded, "50%off", "pa@ss", "P%40ss"] {
                    assert!(!e.contains(s), "{url} -> {e}");
                }
            }
        }
        let e = target(&format!("postgres://ana:{secret}@127.0.0.1:5432/claims"))
            .err()
            .expect("ambiguous");
        assert!(e.contains("ambiguous"), "{e}");
        assert!(e.contains("postgres://127.0.0.1:5432/claims"), "{e}");
        let t = target(&format!("postgres://ana:{encoded}@127.0.0.1:5432/claims")).expect("ok");
        assert_eq!(t.secret.as_deref(), Some(secret));
        assert_eq!(
            masked(&format!(
                "postgres://ana:{encoded}@127.0.0.1:5432/claims?sslmode=verify-full"
            )),
            "postgres://ana:***@127.0.0.1:5432/claims?sslmode=verify-full"
        );
    }

    #[test]
    fn every_libpq_sslmode_is_read() {
        for (mode, want) in [
            ("disable", SslModeOf::Disable),
            ("prefer", SslModeOf::Prefer),
            ("require", SslModeOf::Require),
            ("verify-ca", SslModeOf::VerifyCa),
            ("verify-full", SslModeOf::VerifyFull),
        ] {
            let t = target(&format!(
                "postgres://ana@127.0.0.1/claims?sslmode={mode}&sslrootcert=system"
            ))
            .expect(mode);
            assert_eq!(t.tls.mode, want);
            assert_eq!(t.tls.roots, Some(Roots::System));
        }
        let e = target("postgres://ana@h/c?sslmode=sometimes")
            .err()
            .expect("bad mode");
        assert!(e.contains("sslmode"), "{e}");
    }

    #[test]
    fn pgpass_lines_match_by_libpq_rules() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:5432:*:dana:wrong\ndb\\:x:*:claims:dana:pa\\:ss:word\n*:*:*:*:fallback\n",
        )
        .expect("write");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).expect("chmod");
        }
        assert_eq!(
            pgpass_lookup(&file, "db:x", 5433, "claims", "dana").as_deref(),
            Some("pa:ss:word")
        );
        assert_eq!(
            pgpass_lookup(&file, "elsewhere", 5432, "x", "lee").as_deref(),
            Some("fallback")
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).expect("chmod");
            assert_eq!(pgpass_lookup(&file, "elsewhere", 5432, "x", "lee"), None);
        }
    }

    #[test]
    fn a_password_is_scrubbed_from_text() {
        assert_eq!(
            scrub("auth failed for hunter2", Some("hunter2")),
            "auth failed for ***"
        );
        assert_eq!(scrub("fine", None), "fine");
    }
}
