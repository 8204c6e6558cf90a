//! Plain mode as a screen-reader agent meets it: `claimdesk --plain` at a
//! real terminal (a pseudo-terminal), where it keeps a draft after every
//! answer and offers unfinished claims at the next start, as the wizard
//! does.

use crate::common;

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

struct Plain {
    output: Arc<Mutex<String>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Plain {
    fn start(home: &Path) -> Plain {
        let pty = native_pty_system()
            .openpty(PtySize {
                rows: 50,
                cols: 200,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("pty");
        let mut cmd = CommandBuilder::new(common::BIN);
        common::isolate_pty(&mut cmd, home);
        cmd.env("TERM", "xterm-256color");
        cmd.args(["--plain", "--today", "2026-11-21"]);
        let child = pty.slave.spawn_command(cmd).expect("spawn");
        drop(pty.slave);
        let mut reader = pty.master.try_clone_reader().expect("reader");
        let output = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock()
                    .expect("output")
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let writer = pty.master.take_writer().expect("writer");
        Plain {
            output,
            writer,
            child,
            _master: pty.master,
        }
    }

    /// Waits until the output holds `text` `times` times in all.
    fn expect_n(&self, text: &str, times: usize) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if self.output.lock().expect("output").matches(text).count() >= times {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "never saw {text:?} x{times}; output:\n{}",
            self.output.lock().expect("output")
        );
    }

    fn expect(&self, text: &str) {
        self.expect_n(text, 1);
    }

    /// Types a line (the terminal holds it until plain mode reads it).
    fn answer(&mut self, line: &str) {
        self.writer
            .write_all(format!("{line}\r").as_bytes())
            .expect("type");
        self.writer.flush().expect("flush");
    }

    fn kill(mut self) {
        self.child.kill().expect("kill");
        let _ = self.child.wait();
    }

    fn output(&self) -> String {
        self.output.lock().expect("output").clone()
    }
}

#[test]
fn a_killed_plain_intake_is_offered_and_resumed_where_it_stopped() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut first = Plain::start(home.path());
    first.expect("1. Order no.");
    first.answer("A-77");
    first.answer("1"); // MillSO
    first.answer("2"); // Defective
    first.expect("4. Channel");
    // (The draft is written before the next question is asked.)
    first.kill();

    let mut second = Plain::start(home.path());
    second.expect("Unfinished claims");
    second.expect("MillSO · Defective · order A-77, at Channel");
    second.expect("(claimdesk stopped without saying why (killed or crashed))");
    second.answer("1");
    second.expect("Resumed the unfinished claim.");
    second.expect("4. Channel");
    for answer in ["2", "-50", "", "", ""] {
        second.answer(answer);
    }
    second.expect("VERDICT: Eligible");
    second.expect("Saved as case C-");
    // Claim after claim: q ends the run.
    second.expect("What next? Empty line: the next claim.");
    second.answer("q");
    let _ = second.child.wait();

    // Saved: nothing is offered any more.
    let mut third = Plain::start(home.path());
    third.expect("1. Order no.");
    assert!(!third.output().contains("Unfinished claims"));
    third.answer("quit");
}

#[test]
fn deleting_a_draft_asks_first() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut first = Plain::start(home.path());
    first.expect("1. Order no.");
    first.answer("B-1");
    first.answer("2"); // Mitkco
    first.expect("3. Issue");
    first.kill();

    let mut second = Plain::start(home.path());
    second.expect("Unfinished claims");
    second.answer("d 1");
    second.expect("Delete the unfinished claim 1 (Mitkco · order B-1)? Type yes to delete it.");
    second.answer("no");
    second.expect("Kept.");
    second.expect_n("Unfinished claims", 2);
    second.answer("d 1");
    second.answer("yes");
    second.expect("Deleted.");
    second.expect("1. Order no.");
    second.answer("quit");
    let _ = second.child.wait();

    let mut third = Plain::start(home.path());
    third.expect("1. Order no.");
    assert!(!third.output().contains("Unfinished claims"));
    third.answer("quit");
}

#[test]
fn a_claim_left_by_quitting_says_so_at_the_next_start() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut first = Plain::start(home.path());
    first.expect("1. Order no.");
    first.answer("Q-9");
    first.answer("1"); // MillSO
    first.expect("3. Issue");
    first.answer("quit");
    let _ = first.child.wait();

    let mut second = Plain::start(home.path());
    second.expect("MillSO · order Q-9, at Issue (left when the agent quit)");
    second.answer("");
    second.expect("1. Order no.");
    second.answer("quit");
    let _ = second.child.wait();
}

/// Claim after claim at a terminal: each claim keeps a draft of its own
/// (the saved one leaves none), so a run killed in its second claim
/// offers that claim, and only it, at the next start.
#[test]
fn the_second_claim_of_a_run_keeps_its_own_draft() {
    let home = tempfile::tempdir().expect("tempdir");
    let mut first = Plain::start(home.path());
    first.expect("1. Order no.");
    first.answer("A-1");
    first.answer("2"); // Mitkco
    first.answer("7"); // Damaged by misuse: decided at once
    first.expect("Saved as case C-");
    first.expect("What next? Empty line: the next claim.");
    first.answer("");
    first.expect("claimdesk: next claim");
    first.answer("B-2");
    first.answer("2"); // Mitkco
    first.expect_n("3. Issue", 2);
    first.kill();

    let mut second = Plain::start(home.path());
    second.expect("Unfinished claims");
    second.expect("Mitkco · order B-2, at Issue");
    assert!(
        !second.output().contains("order A-1"),
        "the saved claim left no draft: {}",
        second.output()
    );
    second.answer("");
    second.expect("1. Order no.");
    second.answer("quit");
    let _ = second.child.wait();
}

/// A wizard quit while its save waits for the case log (another process
/// holds the file's write lock) leaves a draft naming the save's case
/// key. The save lands after all (here saved as it would have been);
/// plain mode resuming the draft finds that case by its key and says so:
/// one case, not two.
#[test]
fn a_wizard_draft_whose_save_landed_is_not_saved_again_by_plain_mode() {
    use claimdesk::store::{CaseStore, SqliteStore};
    let home = tempfile::tempdir().expect("tempdir");
    let path = home.path().to_owned();
    let data = path.join(".local/share/claimdesk");
    drop(SqliteStore::open_in(&data).expect("a log"));
    let holder =
        rusqlite::Connection::open(data.join(claimdesk::store::FILE_NAME)).expect("open log");
    holder
        .execute_batch("BEGIN IMMEDIATE")
        .expect("hold the write lock");
    let mut wizard = common::pty::start_in(home, 100, 30, &[]);
    wizard.past_order_number();
    wizard.key("1");
    wizard.key("7");
    wizard.expect("support@millso.com");
    wizard.key("q");
    assert!(wizard.wait_exit().success());
    let drafts = wizard.drafts();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    let draft: serde_json::Value = serde_json::from_str(&drafts[0].1).expect("json");
    let key = draft["case_key"].as_str().expect("the save's key");
    holder.execute_batch("ROLLBACK").expect("let go");
    drop(holder);
    // The held save lands.
    let input = claimdesk::rules::ClaimInput::from_value(&draft["claim"]).expect("claim");
    let outcome =
        claimdesk::rules::decide(common::policies(), &input, common::today()).expect("decided");
    let policy = common::policies().vendor(outcome.vendor).expect("policy");
    let mut record = claimdesk::store::CaseRecord::from_decision(&input, &outcome, policy);
    record.key = key.to_owned();
    let mut log = SqliteStore::open_in(&data).expect("log");
    let id = log
        .save(&record, claimdesk::case::now_utc())
        .expect("landed");
    drop(log);

    let mut plain = Plain::start(&path);
    plain.expect("Unfinished claims");
    plain.expect("at the outcome (not saved)");
    plain.answer("1");
    plain.expect("Resumed the unfinished claim.");
    plain.expect(&format!(
        "Already saved as case {id} (its save landed after the wizard was left)."
    ));
    plain.expect("What next? Empty line: the next claim.");
    plain.answer("q");
    let _ = plain.child.wait();
    let log = SqliteStore::open_in(&data).expect("log");
    assert_eq!(log.total().expect("total"), 1, "one case, not two");
}
