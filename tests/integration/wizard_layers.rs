//! The wizard's layers: screens own their state and never reach up into
//! the dispatcher (`app.rs`), the session or the terminal; the shared
//! modules they use (`effect.rs`, `claim.rs`, `keys.rs`, `input.rs`) do
//! not either. So adding a screen is a file under `screens/`, a context
//! in the key map and an arm in the dispatch, with no import cycle.

use std::path::Path;

#[test]
fn screens_and_shared_modules_never_import_the_dispatcher() {
    let wizard = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/wizard");
    let mut files: Vec<_> = std::fs::read_dir(wizard.join("screens"))
        .expect("the screens folder")
        .map(|e| e.expect("entry").path())
        .collect();
    assert!(files.len() >= 8, "one file a screen: {files:?}");
    for shared in ["effect.rs", "claim.rs", "keys.rs", "input.rs"] {
        files.push(wizard.join(shared));
    }
    let forbidden = [
        "wizard::app",
        "super::app",
        "super::super::app",
        "wizard::session",
        "wizard::terminal",
        "wizard::view",
        "crossterm::terminal",
    ];
    for file in files {
        let text = std::fs::read_to_string(&file).expect("readable");
        for word in forbidden {
            assert!(
                !text.contains(word),
                "{} uses {word}: screens and shared types stay below app.rs",
                file.display()
            );
        }
    }
}
