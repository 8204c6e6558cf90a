//! `claimdesk cases sync`: sends the outbox (saves and events, in the
//! order they were made) by hand; the wizard and every save send it on
//! their own when the database is back.

use crate::diag;
use crate::exit::Exit;
use crate::store::shared::SharedStore;
use std::path::Path;

pub fn run(data_dir: &Path) -> Exit {
    let Some(url) = crate::store::backend::database_url() else {
        diag::error(
            "no shared case log is configured (database_url in config.toml or --database URL); \
             the SQLite log has no outbox",
        );
        return Exit::Usage;
    };
    let store = match SharedStore::open(&url, data_dir) {
        Ok(store) => store,
        Err(e) => {
            diag::error(e);
            return Exit::Usage;
        }
    };
    let progress =
        super::progress::Progress::new("sending the outbox", super::progress::Unit::Elapsed, None);
    let sent = store.sync();
    drop(progress);
    match sent {
        Ok(sent) => {
            diag::note(format_args!(
                "sent {} waiting save(s) and {} event(s); {} still waiting{}{}",
                sent.sent,
                sent.events,
                sent.waiting,
                if sent.not_redecided > 0 {
                    format!(
                        "; {} event(s) were kept without their re-decision: their case was \
                         changed by another agent meanwhile (record them again to re-decide)",
                        sent.not_redecided
                    )
                } else {
                    String::new()
                },
                if sent.unreadable > 0 {
                    format!(
                        "; {} line(s) of {} cannot be read and are kept",
                        sent.unreadable,
                        store.outbox().path().display()
                    )
                } else {
                    String::new()
                }
            ));
            if sent.no_case > 0 {
                diag::warning(format_args!(
                    "{} event(s) in {} name a case the shared log does not have and are kept",
                    sent.no_case,
                    store.outbox().path().display()
                ));
            }
            if sent.waiting == 0 && sent.unreadable == 0 && sent.no_case == 0 {
                Exit::Success
            } else {
                Exit::Attention
            }
        }
        Err(e) => {
            diag::error(format_args!(
                "{e}; {} save(s) and event(s) still waiting",
                store.outbox().len()
            ));
            Exit::Attention
        }
    }
}
