//! `config.toml` in the config folder: the agent's name, the default
//! purchase country, an extra policy folder and the data folder. Every key
//! is optional. A file that is not TOML, a value of the wrong type or a
//! file that cannot be read is a [`ConfigError`] naming `file:line:col`:
//! the commands stop rather than run on without the setting (a dropped
//! `data_dir` would put cases in another log). Unknown keys are warnings.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "config.toml";

/// The keys `config.toml` knows, with what each is for (shown by
/// `claimdesk config show`).
pub const KEYS: [(&str, &str); 11] = [
    ("agent_name", "your name, saved with every case"),
    (
        "purchase_country",
        "the country most customers bought in, named in the wizard's question",
    ),
    (
        "customer_country",
        "where most customers live (ISO code such as DE): the wizard's default for statutory notes",
    ),
    (
        "policy_dir",
        "a folder of extra *.toml policy files (after the config folder's policies/)",
    ),
    ("data_dir", "where the case log and drafts are kept"),
    (
        "database_url",
        "a shared case log on PostgreSQL (postgres://user@host/db); unset: the SQLite file in data_dir",
    ),
    (
        "desk_name",
        "the desk's name, heading the customer's letter (unset: the vendor's)",
    ),
    (
        "desk_phone",
        "the desk's phone number, on the customer's letter",
    ),
    (
        "desk_email",
        "the desk's e-mail address, on the customer's letter",
    ),
    (
        "smtp_url",
        "where `cases letter --send` sends: smtps://user:password@host or smtp://host (STARTTLS required; plain only to localhost); the password is never shown",
    ),
    (
        "smtp_from",
        "the sender address of a letter sent by e-mail (unset: desk_email)",
    ),
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub agent_name: Option<String>,
    pub purchase_country: Option<String>,
    /// ISO 3166-1 alpha-2, checked when read.
    pub customer_country: Option<String>,
    pub policy_dir: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    /// `postgres://...`: the shared case log (checked when read).
    pub database_url: Option<String>,
    /// The customer's letter: who writes it.
    pub desk_name: Option<String>,
    pub desk_phone: Option<String>,
    pub desk_email: Option<String>,
    /// `smtps://` or `smtp://` (checked when read); holds the password.
    pub smtp_url: Option<String>,
    pub smtp_from: Option<String>,
    /// One line per warning (an unknown key), naming file, line and column.
    pub problems: Vec<String>,
}

/// Why `config.toml` cannot be used: one line per fault, each starting
/// `file:line:col:` (or `file:` when the file cannot be read at all).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub lines: Vec<String>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.lines.join("\n"))
    }
}

impl std::error::Error for ConfigError {}

/// `<config folder>/config.toml`, e.g. `~/.config/claimdesk/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "claimdesk").map(|d| d.config_dir().join(FILE_NAME))
}

/// `<data folder>`, e.g. `~/.local/share/claimdesk`.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "claimdesk").map(|d| d.data_dir().to_path_buf())
}

/// The largest config.toml read (a real one is a few hundred bytes).
const MAX_CONFIG: u64 = 1024 * 1024;

impl Config {
    /// Reads `path`; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match crate::files::read_capped_text(path, MAX_CONFIG) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(e) => Err(ConfigError {
                lines: vec![format!("{}: cannot be read: {e}", path.display())],
            }),
        }
    }

    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let at = |offset: usize| {
            let (line, col) = line_col(text, offset);
            format!("{}:{line}:{col}", path.display())
        };
        let table: BTreeMap<String, toml::Spanned<toml::Value>> = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                let place = e
                    .span()
                    .map_or_else(|| format!("{}", path.display()), |span| at(span.start));
                return Err(ConfigError {
                    lines: vec![format!(
                        "{place}: not valid TOML: {}",
                        e.message().trim_end()
                    )],
                });
            }
        };
        let mut config = Config::default();
        let mut errors = Vec::new();
        // Paths in the file are relative to the file's folder.
        let base = path.parent().unwrap_or(Path::new(""));
        for (key, value) in &table {
            let place = at(value.span().start);
            let known = KEYS.iter().any(|(k, _)| k == key);
            if !known {
                let names: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
                config.problems.push(format!(
                    "{place}: unknown key \"{}\" (known keys: {})",
                    crate::text::shown(key, 40),
                    names.join(", ")
                ));
                continue;
            }
            let Some(text) = value.get_ref().as_str() else {
                errors.push(format!(
                    "{place}: {key} must be a string in quotes, not {}",
                    value.get_ref().type_str()
                ));
                continue;
            };
            match key.as_str() {
                "agent_name" => config.agent_name = Some(text.trim().to_owned()),
                "purchase_country" => config.purchase_country = Some(text.trim().to_owned()),
                // A code that is not a country is said, and not used.
                "customer_country" => match crate::rules::claim::CountryCode::parse(text.trim()) {
                    Some(code) => config.customer_country = Some(code.as_str().to_owned()),
                    None => config.problems.push(format!(
                        "{place}: customer_country \"{}\" is not an ISO 3166-1 alpha-2 country code (e.g. DE, GB, US)",
                        crate::text::shown(text, 20)
                    )),
                },
                "policy_dir" => config.policy_dir = Some(base.join(text)),
                "database_url" if text.trim().is_empty() => {}
                "database_url" if crate::store::postgres::credentials::is_database_url(text) => {
                    match crate::store::postgres::credentials::check(text) {
                        Ok(()) => config.database_url = Some(text.trim().to_owned()),
                        Err(e) => errors.push(format!(
                            "{place}: database_url: {}",
                            crate::text::shown(&e, 200)
                        )),
                    }
                }
                "database_url" => errors.push(format!(
                    "{place}: database_url must be a postgres:// URL, not \"{}\"",
                    crate::text::shown(&crate::store::postgres::credentials::masked(text), 60)
                )),
                "desk_name" | "desk_phone" | "desk_email" | "smtp_from" => {
                    let value = Some(text.trim().to_owned()).filter(|v| !v.is_empty());
                    match key.as_str() {
                        "desk_name" => config.desk_name = value,
                        "desk_phone" => config.desk_phone = value,
                        "desk_email" => config.desk_email = value,
                        _ => config.smtp_from = value,
                    }
                }
                "smtp_url" if text.trim().is_empty() => {}
                "smtp_url" => match crate::letter::send::transport(text.trim()) {
                    Ok(_) => config.smtp_url = Some(text.trim().to_owned()),
                    Err(e) => errors.push(format!("{place}: {}", crate::text::shown(&e, 200))),
                },
                _ => config.data_dir = Some(base.join(text)),
            }
        }
        if errors.is_empty() {
            Ok(config)
        } else {
            Err(ConfigError { lines: errors })
        }
    }
}

/// The 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// `text` with top-level `key` set to the string `value`: a line that
/// sets the key is replaced in place; otherwise the line goes before the
/// first `[table]` (keys after one would belong to it), else at the end.
/// Every other line, comments included, is kept as it was.
pub fn with_key(text: &str, key: &str, value: &str) -> String {
    let line = format!("{key} = {}", toml_string(value));
    let sets_key = |l: &str| {
        l.trim_start()
            .strip_prefix(key)
            .is_some_and(|rest| rest.trim_start().starts_with('='))
    };
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let first_table = lines
        .iter()
        .position(|l| l.trim_start().starts_with('['))
        .unwrap_or(lines.len());
    match lines[..first_table].iter().position(|l| sets_key(l)) {
        Some(at) => lines[at] = line,
        None => lines.insert(first_table, line),
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

/// `value` as a TOML basic string: quoted, with `\\`, `"` and control
/// characters escaped.
fn toml_string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Sets top-level `key` to `value` in the config file at `path` (created
/// with its folder when missing), keeping its other keys and comments
/// ([`with_key`]). Written to a temporary file beside it and renamed over
/// it, so a crash leaves the old file or the new one, never half of one.
pub fn set_key(path: &Path, key: &str, value: &str) -> std::io::Result<()> {
    use std::io::Write;
    let text = match crate::files::read_capped_text(path, MAX_CONFIG) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let name = path.file_name().map_or_else(
        || FILE_NAME.to_owned(),
        |n| n.to_string_lossy().into_owned(),
    );
    let temp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let written = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(with_key(&text, key, value).as_bytes())?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    if written.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn setting_a_key_keeps_the_other_keys_and_comments() {
        let text = "# my settings\npurchase_country = \"US\"  # most buy here\n\n[extra]\nx = 1\n";
        let out = with_key(text, "agent_name", "Dana \"D\" O'Neil");
        let kept: Vec<&str> = out
            .lines()
            .filter(|l| !l.starts_with("agent_name"))
            .collect();
        assert_eq!(kept, text.lines().collect::<Vec<_>>(), "{out}");
        let at = out.lines().position(|l| l.starts_with("agent_name"));
        assert_eq!(at, Some(3), "before the first table: {out}");
        let c = Config::parse(&out.replace("[extra]\nx = 1\n", ""), Path::new("c.toml"))
            .expect("still valid");
        assert_eq!(c.agent_name.as_deref(), Some("Dana \"D\" O'Neil"));
        // Set again: the line is replaced in place, not added twice.
        let again = with_key(&out, "agent_name", "Kim");
        assert_eq!(again.matches("agent_name").count(), 1, "{again}");
        assert!(again.contains("agent_name = \"Kim\""), "{again}");
        assert!(again.starts_with("# my settings\n"), "{again}");
    }

    #[test]
    fn set_key_writes_the_file_whole_and_creates_its_folder() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("claimdesk/config.toml");
        set_key(&path, "agent_name", "Dana").expect("written");
        let c = Config::load(&path).expect("readable");
        assert_eq!(c.agent_name.as_deref(), Some("Dana"));
        let left: Vec<_> = std::fs::read_dir(path.parent().expect("folder"))
            .expect("folder")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left.len(), 1, "no temporary file left: {left:?}");
    }

    #[test]
    fn known_keys_are_read_and_paths_are_relative_to_the_file() {
        let c = Config::parse(
            "agent_name = \"Dana\"\npurchase_country = \"US\"\ndata_dir = \"cases\"\npolicy_dir = \"/srv/policies\"\n",
            Path::new("/home/a/.config/claimdesk/config.toml"),
        )
        .expect("valid");
        assert_eq!(c.agent_name.as_deref(), Some("Dana"));
        assert_eq!(c.purchase_country.as_deref(), Some("US"));
        assert_eq!(
            c.data_dir,
            Some(PathBuf::from("/home/a/.config/claimdesk/cases"))
        );
        assert_eq!(c.policy_dir, Some(PathBuf::from("/srv/policies")));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
    }

    #[test]
    fn unknown_keys_warn_with_their_place() {
        let c = Config::parse("agnet_name = \"Dana\"\n", Path::new("c.toml")).expect("valid");
        assert_eq!(c.problems.len(), 1, "{:?}", c.problems);
        assert!(
            c.problems[0].starts_with("c.toml:1:14: unknown key \"agnet_name\""),
            "{:?}",
            c.problems
        );
    }

    #[test]
    fn customer_country_is_checked_and_upper_cased() {
        let c = Config::parse("customer_country = \"de\"\n", Path::new("c.toml")).expect("valid");
        assert_eq!(c.customer_country.as_deref(), Some("DE"));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let c = Config::parse("customer_country = \"XX\"\n", Path::new("c.toml")).expect("valid");
        assert_eq!(c.customer_country, None);
        assert!(
            c.problems[0].contains("customer_country \"XX\""),
            "{:?}",
            c.problems
        );
    }

    #[test]
    fn wrong_types_and_bad_toml_are_errors_with_file_line_col() {
        let e = Config::parse("agent_name = \"Dana\"\ndata_dir = 3\n", Path::new("c.toml"))
            .expect_err("wrong type");
        assert_eq!(
            e.lines,
            ["c.toml:2:12: data_dir must be a string in quotes, not integer"]
        );
        let e = Config::parse(
            "agent_name = \"Dana\"\ndata_dir = \"x\n",
            Path::new("c.toml"),
        )
        .expect_err("bad toml");
        assert!(e.lines[0].starts_with("c.toml:2:"), "{e}");
        assert!(e.lines[0].contains("not valid TOML"), "{e}");
        let e = Config::parse("[data_dir]\nx = 1\n", Path::new("c.toml")).expect_err("table");
        assert!(e.lines[0].contains("data_dir must be a string"), "{e}");
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_col("ä = 1\nb", 7), (2, 1));
        assert_eq!(line_col("äx", 2), (1, 2));
        assert_eq!(line_col("", 5), (1, 1));
    }
}
