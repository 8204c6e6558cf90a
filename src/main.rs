use claimdesk::exit::Exit;
use clap::Parser;
use clap::error::ErrorKind;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc 3's `mi_option_arena_eager_commit` (`mi_option_e` in its
/// mimalloc.h), by number: the sys crate names only older options.
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;

/// Arenas are committed as they are used: with mimalloc's default (the
/// whole arena at once) `cases export` of 1,000,000 cases peaked at 80 MB
/// against its 60 MB budget; so, at 25 MB, as at 200,000.
fn tune_allocator() {
    // SAFETY: mi_option_set only stores an option's value; the option
    // exists in the mimalloc 3 the sys crate builds.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
    }
}

fn main() -> Exit {
    tune_allocator();
    match claimdesk::cli::Cli::try_parse() {
        Ok(cli) => claimdesk::cli::run(cli),
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            Exit::Success
        }
        Err(e) => {
            // clap's whole message: what is missing or wrong, "did you
            // mean", the possible values, the usage line; what the user
            // typed in it neutralised. One write, so it stays whole.
            claimdesk::diag::block(&claimdesk::cli::usage::error_text(e));
            Exit::Usage
        }
    }
}
