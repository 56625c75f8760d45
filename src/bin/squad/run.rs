//! `squad run AGENT TASK [...]`: one agent task, with a model or offline.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;

use clap::{Args, ValueEnum};
use squad_core::agent::{Agent, TaskRequest};
use squad_core::config::Settings;
use squad_core::findings::Summary;
use squad_core::findings::render::render_text;
use squad_core::generate::TaskOutcome;

use crate::{EXIT_FINDINGS, EXIT_OK, Fatal};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum RunFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub(crate) struct RunArgs {
    /// The agent: infrastructure (infra).
    agent: String,
    /// The task, e.g. dockerfile.
    task: String,
    /// Application stack (nextjs, node, fastapi, django, go, rust, spring).
    #[arg(long)]
    stack: Option<String>,
    /// Target platform: vercel, cloudflare, aws, gcp; for ci_cd also github-actions, gitlab-ci
    /// or CI/TARGET (gitlab-ci/aws); for terraform the cloud (aws, gcp).
    #[arg(long)]
    platform: Option<String>,
    /// Services of a compose stack, comma separated (default: the full seed stack).
    #[arg(long)]
    services: Option<String>,
    /// A file the task reads (code to audit, a manifest...).
    #[arg(long)]
    input: Option<PathBuf>,
    /// Free-text requirements.
    #[arg(long)]
    requirements: Option<String>,
    /// Write the files under this folder (never overwrites without --force).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace files that already exist under --out.
    #[arg(long)]
    force: bool,
    /// Use the deterministic baseline even when a key is set.
    #[arg(long)]
    offline: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RunFormat::Text)]
    format: RunFormat,
}

pub(crate) fn agent_named(
    name: &str,
    settings: &Settings,
    offline: bool,
) -> Result<Arc<dyn Agent>, Fatal> {
    let generator = settings.generator(offline)?;
    match name {
        "infrastructure" | "infra" => Ok(Arc::new(
            devops_squad::infra::InfrastructureEngineerAgent::new(generator),
        )),
        other => Err(Fatal(format!(
            "unknown agent {other:?}; agents: infrastructure"
        ))),
    }
}

pub(crate) fn run(args: RunArgs) -> Result<u8, Fatal> {
    let settings = Settings::from_env()?;
    let agent = agent_named(&args.agent, &settings, args.offline)?;
    let mut request = TaskRequest::new(&args.task);
    if let Some(s) = &args.stack {
        request = request.input("stack", s.as_str());
    }
    if let Some(p) = &args.platform {
        request = request.input("platform", p.as_str());
    }
    if let Some(s) = &args.services {
        request = request.input("services", s.as_str());
    }
    if let Some(r) = &args.requirements {
        request = request.input("requirements", r.as_str());
    }
    if let Some(path) = &args.input {
        let text = std::fs::read_to_string(path)
            .map_err(|e| Fatal(format!("cannot read --input {}: {e}", path.display())))?;
        request = request.input("input", text);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let outcome = runtime.block_on(agent.run(request))?;
    if let Some(dir) = &args.out {
        outcome.write_to(dir, args.force)?;
    }
    print_outcome(&outcome, args.format, args.out.as_deref());
    Ok(if outcome.has_errors() {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

/// Print an outcome as text or JSON.
pub(crate) fn print_outcome(
    outcome: &TaskOutcome,
    format: RunFormat,
    out: Option<&std::path::Path>,
) {
    let summary = Summary::of(outcome.artifacts.len(), &outcome.findings);
    match format {
        RunFormat::Json => {
            let value = serde_json::json!({
                "prompt": outcome.prompt,
                "mode": outcome.mode,
                "model": outcome.model,
                "rounds": outcome.rounds,
                "usage": outcome.usage,
                "artifacts": outcome.artifacts,
                "data": outcome.data,
                "findings": outcome.findings,
                "summary": summary,
            });
            outln!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
        RunFormat::Text => {
            let mode = match &outcome.model {
                Some(m) => format!("model {m}, {} round(s)", outcome.rounds),
                None => "offline baseline".to_string(),
            };
            outln!("{} ({mode})", outcome.prompt);
            for a in &outcome.artifacts {
                let kind = a.kind.as_deref().unwrap_or("unchecked");
                match out {
                    Some(dir) => outln!("  wrote {} [{kind}]", dir.join(&a.path).display()),
                    None => outln!("\n--- {} [{kind}]\n{}", a.path, a.content.trim_end()),
                }
            }
            if outcome.usage.total_tokens > 0 {
                let cost = outcome
                    .usage
                    .cost_usd
                    .map(|c| format!(", ${c:.4}"))
                    .unwrap_or_default();
                outln!("usage: {} tokens{cost}", outcome.usage.total_tokens);
            }
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            let sources = |p: &str| outcome.artifact(p).map(|a| a.content.clone());
            outln!(
                "\n{}",
                render_text(&outcome.findings, outcome.artifacts.len(), &sources, color).trim_end()
            );
        }
    }
}
