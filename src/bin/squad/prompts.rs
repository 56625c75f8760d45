//! `squad prompts list | render ID[@vN] [--var k=v]...`

use clap::{Args, Subcommand};
use squad_core::config::Settings;
use squad_core::prompt::PromptVars;

use crate::{EXIT_OK, Fatal};

#[derive(Debug, Args)]
pub(crate) struct PromptsArgs {
    #[command(subcommand)]
    command: PromptsCommand,
}

#[derive(Debug, Subcommand)]
enum PromptsCommand {
    /// List every prompt and version.
    List,
    /// Render a prompt with inputs, as it would be sent.
    Render {
        /// `agent.task` (newest version) or `agent.task@vN`.
        id: String,
        /// An input, as name=value (repeatable). A value of the form `[a,b]` is a list.
        #[arg(long = "var", value_name = "NAME=VALUE")]
        vars: Vec<String>,
    },
}

pub(crate) fn run(args: PromptsArgs) -> Result<u8, Fatal> {
    let registry = Settings::from_env()?.prompts()?;
    match args.command {
        PromptsCommand::List => {
            for prompt in registry.iter() {
                outln!("{:<40} {}", prompt.prompt_ref(), prompt.description());
            }
        }
        PromptsCommand::Render { id, vars } => {
            let mut pv = PromptVars::new();
            for var in vars {
                let (name, value) = var
                    .split_once('=')
                    .ok_or_else(|| Fatal(format!("--var {var:?} is not NAME=VALUE")))?;
                pv = match value.strip_prefix('[').and_then(|v| v.strip_suffix(']')) {
                    Some(list) => pv.set_list(
                        name,
                        list.split(',').map(str::trim).filter(|s| !s.is_empty()),
                    ),
                    None => pv.set(name, value),
                };
            }
            let rendered = registry.get(&id)?.render(&pv)?;
            outln!(
                "=== system ({}) ===\n{}\n=== user ===\n{}",
                rendered.prompt_ref(),
                rendered.system,
                rendered.user
            );
        }
    }
    Ok(EXIT_OK)
}
