//! The `mtaudit` binary: parses arguments, hands them to the command, and
//! maps the outcome to the exit codes of PRODUCT.md (0 done, 1 a quality
//! gate failed, 2 bad usage or unreadable input).

use std::process::ExitCode;

use clap::Parser;
use mtaudit::cli::{Cli, Command};
use mtaudit::{ErrorKind, cmd};

fn main() -> ExitCode {
    cmd::signals::install_cleanup();
    let argv = match mtaudit::config::apply(std::env::args_os().collect()) {
        Ok(a) => a,
        Err(e) => {
            cmd::say(&format!("mtaudit: error: {e}"));
            return ExitCode::from(e.exit_code() as u8);
        }
    };
    let cli = match Cli::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            // Help and usage go to a closed pipe without complaint.
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    let res = match cli.command {
        Command::Compare(a) => cmd::compare::run(a),
        Command::Batch(a) => cmd::batch::run(a),
        Command::Segment(a) => cmd::segment::run(a),
        Command::Terms(a) => cmd::terms::run(a),
        Command::Qa(a) => cmd::qa::run(a),
        Command::Merge(a) => cmd::merge::run(a),
    };
    match res {
        Ok(()) => ExitCode::SUCCESS,
        // The reader of stdout stopped reading (`| head`): it has what it wanted.
        Err(e) if e.kind == ErrorKind::Closed => ExitCode::SUCCESS,
        Err(e) if e.kind == ErrorKind::Gate => {
            cmd::say(&format!("mtaudit: {e}"));
            ExitCode::from(1)
        }
        Err(e) => {
            cmd::say(&format!("mtaudit: error: {e}"));
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
