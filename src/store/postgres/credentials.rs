//! The database URL, and the password as PostgreSQL users expect to give
//! it: in the URL, in `PGPASSWORD`, or in `~/.pgpass` (`PGPASSFILE`),
//! read by libpq's rules (the postgres crate reads none of the two).
//!
//! A password never leaves this module but inside the connection
//! config: [`masked`] is the URL as it may be shown (`config show`,
//! messages), [`location`] the log's name in messages, and [`scrub`]
//! takes a password out of any text a database error might carry.

use postgres::config::{Config, Host, SslMode};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Whether `text` names a PostgreSQL database (`postgres://`, `postgresql://`).
pub fn is_database_url(text: &str) -> bool {
    let lower = text.trim_start().to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// The URL with any password replaced by `***`, safe to print.
pub fn masked(url: &str) -> String {
    let mut out = url.to_owned();
    // postgres://user:secret@host/...: the part between the first ':'
    // after the scheme and the last '@' of the authority.
    if let Some(scheme_end) = out.find("://") {
        let start = scheme_end + 3;
        let authority_end = out[start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| start + i);
        if let Some(at) = out[start..authority_end].rfind('@') {
            let userinfo = start..start + at;
            if let Some(colon) = out[userinfo.clone()].find(':') {
                out.replace_range(start + colon + 1..userinfo.end, "***");
            }
        }
    }
    // ...?password=secret&...
    if let Some(query_start) = out.find('?') {
        let (head, query) = out.split_at(query_start + 1);
        let parts: Vec<String> = query
            .split('&')
            .map(|pair| match pair.split_once('=') {
                Some((key, _)) if key.eq_ignore_ascii_case("password") => format!("{key}=***"),
                _ => pair.to_owned(),
            })
            .collect();
        out = format!("{head}{}", parts.join("&"));
    }
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
    pub tls: bool,
}

/// Reads `url` the way `psql` would, with the environment's password.
pub fn target(url: &str) -> Result<Target, String> {
    let mut config: Config = url.parse().map_err(|e: postgres::Error| {
        format!(
            "the database URL {} cannot be read: {}",
            masked(url),
            scrub(&e.to_string(), url_password(url).as_deref())
        )
    })?;
    if config.get_connect_timeout().is_none() {
        // An unreachable server is known in seconds, not minutes: the
        // wizard then keeps saves in the outbox.
        config.connect_timeout(Duration::from_secs(5));
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
        tls: matches!(config.get_ssl_mode(), SslMode::Require),
        config,
        secret,
    })
}

/// The password written in the URL itself, to scrub from a parse error.
fn url_password(url: &str) -> Option<String> {
    let start = url.find("://")? + 3;
    let end = url[start..]
        .find(['/', '?'])
        .map_or(url.len(), |i| start + i);
    let userinfo = &url[start..start + url[start..end].rfind('@')?];
    userinfo.split_once(':').map(|(_, p)| p.to_owned())
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
        assert_eq!(
            url_password("postgres://a:p%40ss@h/d").as_deref(),
            Some("p%40ss")
        );
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
