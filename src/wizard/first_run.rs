//! The first run's one question: the agent's name, asked on the terminal
//! before the wizard's screen opens when config.toml has none, and kept
//! there (`agent_name`) so every case the agent saves carries it and the
//! question is not asked again.

use std::io::{BufRead, Write};
use std::path::Path;

/// The longest name kept (a name, not a paragraph).
const MAX_NAME: usize = 80;

/// Asks for the agent's name on `input`/`output` and saves it in the
/// config file at `config`. The name, or `None` when the agent skipped
/// (asked again next time) or the terminal closed. A config that cannot
/// be written is said, and the name still used for this run.
pub fn ask_agent_name(
    config: Option<&Path>,
    input: &mut impl BufRead,
    output: &mut impl Write,
) -> Option<String> {
    let kept = config.map_or_else(
        || "not kept: no config folder".to_owned(),
        |p| format!("kept in {}", p.display()),
    );
    let _ = write!(
        output,
        "Welcome to claimdesk. Your name is saved with every case you decide\n\
         ({kept}; Enter skips).\nYour name: "
    );
    let _ = output.flush();
    let mut line = String::new();
    input.read_line(&mut line).ok()?;
    let name = clean(&line);
    if name.is_empty() {
        return None;
    }
    if let Some(path) = config {
        match crate::config::set_key(path, "agent_name", &name) {
            Ok(()) => {
                let _ = writeln!(output, "Saved: {}", crate::text::neutralise(&name));
            }
            Err(e) => {
                let _ = writeln!(
                    output,
                    "Your name could not be kept in {}: {e}",
                    path.display()
                );
            }
        }
    }
    Some(name)
}

/// The typed line as a name: control characters dropped, spaces trimmed,
/// at most [`MAX_NAME`] characters.
fn clean(line: &str) -> String {
    let name: String = line
        .chars()
        .filter(|c| !crate::text::is_unsafe(*c))
        .take(MAX_NAME)
        .collect();
    name.trim().to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_kept_in_the_config_with_its_other_keys() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, "# mine\npurchase_country = \"US\"\n").expect("config");
        let mut out = Vec::new();
        let name = ask_agent_name(Some(&path), &mut "  Dana\u{7}  \n".as_bytes(), &mut out);
        assert_eq!(name.as_deref(), Some("Dana"));
        let text = std::fs::read_to_string(&path).expect("config");
        assert!(
            text.starts_with("# mine\npurchase_country = \"US\"\n"),
            "{text}"
        );
        let config = crate::config::Config::load(&path).expect("valid");
        assert_eq!(config.agent_name.as_deref(), Some("Dana"));
        assert!(String::from_utf8_lossy(&out).contains("Your name: "));
    }

    #[test]
    fn enter_alone_skips_and_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        let name = ask_agent_name(Some(&path), &mut "\n".as_bytes(), &mut Vec::new());
        assert_eq!(name, None);
        assert!(!path.exists());
    }
}
