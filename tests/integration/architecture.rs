//! The rule core stays plain Rust on chrono and serde: no terminal, command
//! line or I/O front-end code under `src/rules/`, so every front end calls
//! the same functions.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_rule_core_has_no_terminal_or_cli_dependency() {
    let core = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/rules");
    let mut files = Vec::new();
    rust_files(&core, &mut files);
    assert!(files.len() >= 8, "found the core's files: {files:?}");
    let forbidden = [
        "ratatui",
        "crossterm",
        "clap",
        "crate::cli",
        "println!",
        "eprintln!",
        "std::io::stdin",
        "std::io::stdout",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for word in forbidden {
            assert!(
                !text.contains(word),
                "{} uses {word}: the rule core must stay front-end free",
                file.display()
            );
        }
    }
}
