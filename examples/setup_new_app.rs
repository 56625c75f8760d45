//! Set up a new app's infrastructure: the squad's main job.
//!
//! ```sh
//! cargo run --release --example setup_new_app                     # nextjs, offline when no key
//! cargo run --release --example setup_new_app -- --stack go --out ./out
//! ```
//!
//! Until the DevOpsWorkflow coordinator lands, this runs the Infrastructure agent's Dockerfile
//! task end to end: prompt → model (or the offline baseline when OPENROUTER_API_KEY is unset)
//! → Dockerfile linter → repair rounds → files and findings.

use std::path::PathBuf;
use std::process::ExitCode;

use devops_squad::core::config::Settings;
use devops_squad::core::findings::render::render_text;
use devops_squad::infra::{InfrastructureEngineerAgent, Stack};

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .init();
    match run() {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Result<ExitCode, String> {
    let mut stack = Stack::NextJs;
    let mut out: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--stack" => {
                let value = args.next().ok_or("--stack needs a value")?;
                stack = Stack::parse(&value).map_err(|e| e.to_string())?;
            }
            "--out" => out = Some(PathBuf::from(args.next().ok_or("--out needs a folder")?)),
            other => {
                return Err(format!(
                    "unknown argument {other:?}; use --stack S and --out DIR"
                ));
            }
        }
    }

    let settings = Settings::from_env().map_err(|e| e.to_string())?;
    let generator = settings.generator(false).map_err(|e| e.to_string())?;
    let infra = InfrastructureEngineerAgent::new(generator);
    let runtime = tokio::runtime::Runtime::new().map_err(|e| e.to_string())?;
    let outcome = runtime
        .block_on(infra.generate_dockerfile(
            stack,
            "Production build, small image, runs as a non-root user",
        ))
        .map_err(|e| e.to_string())?;

    println!(
        "Setting up infrastructure for {} ({:?} mode, prompt {})",
        stack.as_str(),
        outcome.mode,
        outcome.prompt
    );
    for artifact in &outcome.artifacts {
        println!(
            "\n--- {} [{}]\n{}",
            artifact.path,
            artifact.kind.as_deref().unwrap_or("unchecked"),
            artifact.content.trim_end()
        );
    }
    let sources = |p: &str| outcome.artifact(p).map(|a| a.content.clone());
    println!(
        "\n{}",
        render_text(&outcome.findings, outcome.artifacts.len(), &sources, false).trim_end()
    );
    if let Some(dir) = out {
        let written = outcome.write_to(&dir, false).map_err(|e| e.to_string())?;
        for path in written {
            println!("wrote {}", path.display());
        }
    }
    Ok(if outcome.has_errors() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
