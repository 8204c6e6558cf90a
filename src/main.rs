use clap::Parser;
use clap::error::ErrorKind;
use std::process::ExitCode;

fn main() -> ExitCode {
    match claimdesk::cli::Cli::try_parse() {
        Ok(cli) => claimdesk::cli::run(cli),
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        Err(e) => {
            // One line, like every other error: clap's first line names
            // the argument and the reason.
            let text = e.to_string();
            let first = text.lines().next().unwrap_or("invalid command line");
            claimdesk::diag::note(format_args!("{first} (see claimdesk --help)"));
            ExitCode::from(2)
        }
    }
}
