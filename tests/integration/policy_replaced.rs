//! Finding 14: a policy file whose vendor id is a built-in vendor's
//! replaces it, and every front end says so: one note on stderr per
//! command, and the wizard's header while it runs.

use crate::common;

use claimdesk::rules::PolicySet;
use claimdesk::rules::policy::{EMBEDDED, PolicySource};
use std::path::Path;
use std::process::Output;

const CLAIM: &str = r#"{"vendor":"millso","channel":"amazon_us","issue":"defective","claim_date":"2026-11-21","order_date":"2026-10-02","delivery_date":"2026-10-06"}"#;

fn millso_text() -> &'static str {
    EMBEDDED
        .iter()
        .find(|(name, _)| *name == "millso.toml")
        .map(|(_, text)| *text)
        .expect("millso is embedded")
}

/// A policy folder holding a copy of MillSO's policy and a new vendor.
fn folder(home: &Path) -> std::path::PathBuf {
    let dir = home.join("policies");
    std::fs::create_dir_all(&dir).expect("mkdir");
    std::fs::write(dir.join("millso.toml"), millso_text()).expect("write");
    let zentro = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/policies/zentro.toml"),
    )
    .expect("zentro fixture");
    std::fs::write(dir.join("zentro.toml"), zentro).expect("write");
    dir
}

fn claimdesk(args: &[&str], stdin: &str, home: &Path) -> Output {
    let mut cmd = common::claimdesk(home);
    cmd.args(args);
    common::run_with_stdin(&mut cmd, stdin)
}

#[test]
fn every_command_that_loads_policies_notes_the_replacement_once() {
    let home = tempfile::tempdir().expect("tempdir");
    let dir = folder(home.path());
    let folder = dir.to_str().expect("utf-8");
    let note = format!(
        "note: policy file {} replaces the built-in vendor \"millso\"\n",
        dir.join("millso.toml").display()
    );
    let batch = format!("{CLAIM}\n{CLAIM}\n{CLAIM}\n");
    for (args, stdin) in [
        (vec!["check", "--policies", folder], CLAIM),
        (
            vec!["check", "--batch", "--policies", folder],
            batch.as_str(),
        ),
        (vec!["policies", "list", "--policies", folder], ""),
        (vec!["policies", "check", "--policies", folder], ""),
    ] {
        let out = claimdesk(&args, stdin, home.path());
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert_eq!(stderr.matches(&note).count(), 1, "{args:?}: {stderr}");
        // The new vendor (zentro) replaces nothing and is not noted.
        assert!(!stderr.contains("zentro"), "{args:?}: {stderr}");
    }
    // The note is on stderr only: stdout still parses as the outcome.
    let out = claimdesk(&["check", "--policies", folder], CLAIM, home.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["verdict"], "eligible");
}

#[test]
fn without_a_replacing_file_nothing_is_noted() {
    let home = tempfile::tempdir().expect("tempdir");
    let out = claimdesk(&["check"], CLAIM, home.path());
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn replacing_twice_is_still_one_note_naming_the_file_in_force() {
    let home = tempfile::tempdir().expect("tempdir");
    let first = folder(home.path());
    let second = home.path().join("more");
    std::fs::create_dir_all(&second).expect("mkdir");
    std::fs::write(second.join("millso.toml"), millso_text()).expect("write");
    let set = PolicySet::load(&[
        PolicySource::Named(first.clone()),
        PolicySource::Named(second.clone()),
    ])
    .expect("loads");
    assert_eq!(set.replaced.len(), 1, "{:?}", set.replaced);
    assert_eq!(set.replaced[0].vendor, "millso");
    assert_eq!(
        set.replaced[0].origin,
        second.join("millso.toml").display().to_string()
    );
}

fn header(set: &PolicySet) -> String {
    let app = common::wizard::app_with(set, common::today());
    common::wizard::screen_rows(&app, 100, 24).swap_remove(0)
}

#[test]
fn the_wizard_header_says_which_vendor_a_file_replaces() {
    let home = tempfile::tempdir().expect("tempdir");
    let set = PolicySet::load(&[PolicySource::Named(folder(home.path()))]).expect("loads");
    let replaced = header(&set);
    assert!(
        replaced.contains("millso policy from millso.toml"),
        "{replaced:?}"
    );
    let stock = header(&PolicySet::embedded().expect("embedded"));
    assert!(!stock.contains("policy from"), "{stock:?}");
}
