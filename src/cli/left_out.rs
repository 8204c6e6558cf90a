//! Cases a listing leaves out because they cannot be read: each is named
//! on standard error and the exit status is 1; when the file itself has
//! a damaged page (not only one row's content), one more line says how to
//! keep every case that can still be read.

use crate::diag;
use crate::exit::Exit;
use crate::store::{CaseStore, DamagedCase};

/// The cases a command left out, as it names them.
pub(super) struct LeftOut {
    location: String,
    count: usize,
    on_damaged_page: bool,
}

impl LeftOut {
    pub(super) fn new(log: &dyn CaseStore) -> LeftOut {
        LeftOut {
            location: log.location(),
            count: 0,
            on_damaged_page: false,
        }
    }

    /// Names a damaged case on standard error.
    pub(super) fn name(&mut self, damaged: &DamagedCase) {
        diag::error(format_args!("{damaged}; left out"));
        self.count += 1;
        self.on_damaged_page |= damaged.is_on_damaged_page();
    }

    pub(super) fn count(&self) -> usize {
        self.count
    }

    /// `code`, unless some cases were left out: then 1, after the advice
    /// when the file has a damaged page.
    pub(super) fn finish(&self, code: Exit) -> Exit {
        if self.on_damaged_page {
            diag::note(format_args!(
                "the case log {} has a damaged page: to keep every case that can still be \
                 read, `claimdesk cases export --format jsonl --with-contact > saved.jsonl`, \
                 move the file aside, then `claimdesk cases import saved.jsonl` into a new log",
                self.location
            ));
        }
        if self.count == 0 {
            code
        } else {
            Exit::Attention
        }
    }
}
