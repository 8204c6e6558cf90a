//! `config.toml` in the config folder: the agent's name, the default
//! purchase country, an extra policy folder and the data folder. Every key
//! is optional; unknown keys and wrong types are reported (one line each,
//! naming the key), never silently ignored, and never stop the wizard.

use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "config.toml";

/// The keys `config.toml` knows, with what each is for (shown by
/// `claimdesk config show`).
pub const KEYS: [(&str, &str); 5] = [
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
];

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub agent_name: Option<String>,
    pub purchase_country: Option<String>,
    /// ISO 3166-1 alpha-2, checked when read.
    pub customer_country: Option<String>,
    pub policy_dir: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    /// One line per problem: unknown key, wrong type, unreadable file.
    pub problems: Vec<String>,
}

/// `<config folder>/config.toml`, e.g. `~/.config/claimdesk/config.toml`.
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "claimdesk").map(|d| d.config_dir().join(FILE_NAME))
}

/// `<data folder>`, e.g. `~/.local/share/claimdesk`.
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "claimdesk").map(|d| d.data_dir().to_path_buf())
}

impl Config {
    /// Reads `path`; a missing file is an empty config.
    pub fn load(path: &Path) -> Config {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Config::default(),
            Err(e) => Config {
                problems: vec![format!("{}: cannot read: {e}", path.display())],
                ..Config::default()
            },
        }
    }

    pub fn parse(text: &str, path: &Path) -> Config {
        let mut config = Config::default();
        let table: toml::Table = match toml::from_str(text) {
            Ok(t) => t,
            Err(e) => {
                let message = e.message().to_owned();
                config
                    .problems
                    .push(format!("{}: not valid TOML: {message}", path.display()));
                return config;
            }
        };
        // Paths in the file are relative to the file's folder.
        let base = path.parent().unwrap_or(Path::new(""));
        for (key, value) in &table {
            let text = value.as_str();
            let slot = match key.as_str() {
                "agent_name" => &mut config.agent_name,
                "purchase_country" => &mut config.purchase_country,
                "customer_country" => {
                    match text.map(|t| (t, crate::rules::claim::CountryCode::parse(t.trim()))) {
                        Some((_, Some(code))) => {
                            config.customer_country = Some(code.as_str().to_owned());
                        }
                        Some((t, None)) => config.problems.push(format!(
                            "{}: customer_country \"{}\" is not an ISO 3166-1 alpha-2 country code (e.g. DE, GB, US)",
                            path.display(),
                            crate::text::shown(t, 20)
                        )),
                        None => config.problems.push(wrong_type(path, key)),
                    }
                    continue;
                }
                "policy_dir" | "data_dir" => {
                    let Some(text) = text else {
                        config.problems.push(wrong_type(path, key));
                        continue;
                    };
                    let dir = Some(base.join(text));
                    if key == "policy_dir" {
                        config.policy_dir = dir;
                    } else {
                        config.data_dir = dir;
                    }
                    continue;
                }
                _ => {
                    let known: Vec<&str> = KEYS.iter().map(|(k, _)| *k).collect();
                    config.problems.push(format!(
                        "{}: unknown key \"{}\" (known keys: {})",
                        path.display(),
                        crate::text::shown(key, 40),
                        known.join(", ")
                    ));
                    continue;
                }
            };
            match text {
                Some(t) => *slot = Some(t.trim().to_owned()),
                None => config.problems.push(wrong_type(path, key)),
            }
        }
        config
    }
}

fn wrong_type(path: &Path, key: &str) -> String {
    format!("{}: {key} must be a string in quotes", path.display())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_keys_are_read_and_paths_are_relative_to_the_file() {
        let c = Config::parse(
            "agent_name = \"Dana\"\npurchase_country = \"US\"\ndata_dir = \"cases\"\npolicy_dir = \"/srv/policies\"\n",
            Path::new("/home/a/.config/claimdesk/config.toml"),
        );
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
    fn customer_country_is_checked_and_upper_cased() {
        let c = Config::parse("customer_country = \"de\"\n", Path::new("c.toml"));
        assert_eq!(c.customer_country.as_deref(), Some("DE"));
        assert!(c.problems.is_empty(), "{:?}", c.problems);
        let c = Config::parse("customer_country = \"XX\"\n", Path::new("c.toml"));
        assert_eq!(c.customer_country, None);
        assert!(
            c.problems[0].contains("customer_country \"XX\""),
            "{:?}",
            c.problems
        );
    }

    #[test]
    fn unknown_keys_wrong_types_and_bad_toml_are_reported() {
        let c = Config::parse("agnet_name = \"Dana\"\ndata_dir = 3\n", Path::new("c.toml"));
        assert_eq!(c.problems.len(), 2, "{:?}", c.problems);
        assert!(c.problems[0].contains("unknown key \"agnet_name\""));
        assert!(c.problems[1].contains("data_dir must be a string"));
        let c = Config::parse("agent_name = ", Path::new("c.toml"));
        assert!(c.problems[0].contains("not valid TOML"), "{:?}", c.problems);
    }
}
