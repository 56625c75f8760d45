//! The `squad` command: deterministic checks, rules, prompts and agent tasks.
//!
//! Exit codes (DESIGN.md): 0 no error-severity finding; 1 error-severity findings or a failed
//! step; 2 usage, I/O, configuration or model errors.

use std::io::Write;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `println!` for command output: a closed pipe (`squad rules | head`) ends the program quietly
/// instead of panicking, and any other write error is reported with exit code 2.
macro_rules! outln {
    () => { $crate::write_out(format_args!(""), true) };
    ($($arg:tt)*) => { $crate::write_out(format_args!($($arg)*), true) };
}

/// `print!` for command output, with `outln!`'s handling of closed pipes.
macro_rules! out {
    ($($arg:tt)*) => { $crate::write_out(format_args!($($arg)*), false) };
}

mod check;
mod prompts;
mod rules;
mod run;

/// Exit code: no error-severity finding.
const EXIT_OK: u8 = 0;
/// Exit code: error-severity findings, or a failed step.
const EXIT_FINDINGS: u8 = 1;
/// Exit code: usage, I/O, configuration or model error.
const EXIT_USAGE: u8 = 2;

#[derive(Debug, Parser)]
#[command(
    name = "squad",
    version,
    about = "LLM DevOps agents whose every artifact is checked by deterministic linters"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the deterministic linters on files (no model).
    Check(check::CheckArgs),
    /// List rules, or explain one.
    Rules(rules::RulesArgs),
    /// List or render prompts.
    Prompts(prompts::PromptsArgs),
    /// Run one agent task.
    Run(run::RunArgs),
}

/// An error that ends the command with exit code 2 and a message saying what to do.
#[derive(Debug)]
struct Fatal(String);

impl<E: std::fmt::Display> From<E> for Fatal {
    fn from(e: E) -> Self {
        Fatal(e.to_string())
    }
}

fn write_out(args: std::fmt::Arguments<'_>, newline: bool) {
    let mut stdout = std::io::stdout().lock();
    let result = stdout
        .write_fmt(args)
        .and_then(|()| {
            if newline {
                stdout.write_all(b"\n")
            } else {
                Ok(())
            }
        })
        .and_then(|()| stdout.flush());
    match result {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            std::process::exit(i32::from(EXIT_OK))
        }
        Err(e) => {
            eprintln!("error: could not write the output: {e}");
            std::process::exit(i32::from(EXIT_USAGE));
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { EXIT_USAGE } else { EXIT_OK });
        }
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("SQUAD_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .init();
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Rules(args) => rules::run(args),
        Command::Prompts(args) => prompts::run(args),
        Command::Run(args) => run::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(Fatal(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}
