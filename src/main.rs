use clap::Parser;
use clap::error::ErrorKind;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    match claimdesk::cli::Cli::try_parse() {
        Ok(cli) => claimdesk::cli::run(cli),
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        Err(e) => {
            // clap's whole message: what is missing or wrong, "did you
            // mean", the possible values, the usage line; what the user
            // typed in it neutralised. One write, so it stays whole.
            let text = claimdesk::cli::usage::error_text(e);
            let _ = std::io::stderr().lock().write_all(text.as_bytes());
            ExitCode::from(2)
        }
    }
}
