use claimdesk::exit::Exit;
use clap::Parser;
use clap::error::ErrorKind;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> Exit {
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
