//! The versioned prompt registry.
//!
//! A prompt is a file `prompts/<agent>/<task>/v<N>.md`: TOML front matter between `+++` lines,
//! then a body with a `=== system ===` line, the system template, a `=== user ===` line and the
//! user template. Templates use [tera](https://keats.github.io/tera/) syntax with autoescape off
//! (prompts are markdown, not HTML).
//!
//! ```text
//! +++
//! id = "infrastructure.dockerfile"    # <agent>.<task>, must match the path
//! version = 1                         # must match the file name
//! description = "A production Dockerfile"
//! model = "openai/gpt-4o-mini"        # optional default model
//! temperature = 0.2                   # optional
//! max_tokens = 4000                   # optional
//! output = "files"                    # or "json" (optionally with output_schema)
//!
//! [[inputs]]
//! name = "stack"
//! description = "The application stack"
//!
//! [[inputs]]
//! name = "requirements"
//! description = "What the user asked for"
//! required = false                    # default true
//! untrusted = true                    # default false: redacted and fenced before rendering
//! +++
//! === system ===
//! You write Dockerfiles.
//! === user ===
//! Stack: {{ stack }}
//! {% if requirements %}{{ requirements }}{% endif %}
//! ```
//!
//! The prompts of the workspace's `prompts/` folder are embedded at compile time, so a tool
//! built on this crate needs no files; `SQUAD_PROMPTS_DIR` points the registry at a folder
//! instead ([`PromptRegistry::from_env`]).
//!
//! Untrusted inputs (user code, requirements, package files, logs) first go through
//! [`crate::redact::redact`], then are wrapped in an
//! `<untrusted-input name="...">` ... `</untrusted-input>` section whose delimiter cannot be
//! forged from inside the value. Values are never evaluated as template syntax.
//!
//! ```
//! use squad_core::prompt::{PromptRegistry, PromptVars};
//!
//! let registry = PromptRegistry::embedded()?;
//! let prompt = registry.get("infrastructure.dockerfile")?;
//! let rendered = prompt.render(&PromptVars::new().set("stack", "nextjs"))?;
//! assert_eq!(rendered.prompt_ref(), prompt.prompt_ref());
//! # Ok::<(), squad_core::prompt::PromptError>(())
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

mod error;
mod front_matter;
mod registry;
mod render;
mod vars;

pub use error::PromptError;
pub use registry::{PROMPTS_DIR_ENV, PromptRegistry};
pub(crate) use render::RenderedParts;
pub use render::{Prompt, RenderedPrompt};
pub use vars::PromptVars;

/// What a prompt asks the model to answer with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutputKind {
    /// One fenced code block per file, the info string holding the language and `path=...`.
    Files,
    /// One JSON document, following `output_schema` when the prompt has one.
    Json,
}

impl OutputKind {
    /// The front-matter spelling: `files` or `json`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Files => "files",
            Self::Json => "json",
        }
    }
}

impl fmt::Display for OutputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One input a prompt declares in its front matter (`[[inputs]]`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PromptInput {
    /// The template variable name.
    pub name: String,
    /// What the value is, for people and `squad prompts list`.
    pub description: String,
    /// Whether rendering fails when the value is absent and there is no default.
    pub required: bool,
    /// Whether the value comes from outside (user code, requirements, logs): it is redacted and
    /// fenced in an `<untrusted-input>` section before it reaches the template.
    pub untrusted: bool,
    /// The value used when none is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
}
