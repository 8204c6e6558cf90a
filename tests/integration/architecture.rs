//! The rule core stays plain Rust on chrono and serde: no terminal, command
//! line or I/O front-end code under `src/rules/`, so every front end calls
//! the same functions. And the tests' own layout: every test file is in
//! a test binary.

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

/// Every test file is built. Cargo.toml names the test binaries
/// (`autotests = false`), so a file in tests/ that no binary includes
/// would never compile or run, and its tests would vanish from the count
/// unseen: each tests/*.rs is a `[[test]]` of its own and each
/// tests/integration/*.rs a module of the integration binary.
#[test]
fn every_test_file_is_built() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .expect("Cargo.toml")
        .parse()
        .expect("Cargo.toml parses");
    assert_eq!(
        manifest["package"].get("autotests"),
        Some(&toml::Value::Boolean(false)),
        "the binaries are the [[test]] entries"
    );
    let built: Vec<PathBuf> = manifest["test"]
        .as_array()
        .expect("[[test]] entries")
        .iter()
        .map(|test| {
            let name = test["name"].as_str().expect("name");
            let path = test.get("path").and_then(|p| p.as_str());
            root.join(path.map_or_else(|| format!("tests/{name}.rs"), str::to_owned))
        })
        .collect();
    let mut unbuilt = Vec::new();
    for entry in std::fs::read_dir(root.join("tests")).expect("tests/") {
        let path = entry.expect("entry").path();
        let main = path.join("main.rs");
        let file = if main.is_file() { main } else { path };
        if file.extension().is_some_and(|e| e == "rs") && !built.contains(&file) {
            unbuilt.push(file);
        }
    }
    let integration = root.join("tests/integration");
    let main = std::fs::read_to_string(integration.join("main.rs")).expect("main.rs");
    let mut modules = 0;
    for entry in std::fs::read_dir(&integration).expect("tests/integration") {
        let path = entry.expect("entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_none_or(|e| e != "rs") || stem == "main" {
            continue;
        }
        modules += 1;
        if !main.lines().any(|l| l == format!("mod {stem};")) {
            unbuilt.push(path);
        }
    }
    assert!(modules > 40, "found the integration modules: {modules}");
    assert!(
        unbuilt.is_empty(),
        "in no test binary (add a [[test]] to Cargo.toml, or `mod NAME;` to tests/integration/main.rs):\n{unbuilt:#?}"
    );
}
