use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    claimdesk::cli::run(claimdesk::cli::Cli::parse())
}
