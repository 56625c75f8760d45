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
//!
//! [[inputs]]
//! name = "services"
//! description = "Supporting services"
//! required = false
//! kind = "list"                       # default "any": a list, required by `{% for %}`
//! +++
//! === system ===
//! You write Dockerfiles.
//! === user ===
//! Stack: {{ stack }}
//! {% if requirements %}{{ requirements }}{% endif %}
//! {% for service in services %}- {{ service }}
//! {% endfor %}
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

/// What values an input takes (`kind` in its `[[inputs]]` entry).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum InputKind {
    /// Any value: a string is used as is, anything else as tera sees JSON.
    #[default]
    Any,
    /// A list of strings, numbers or booleans. An input a template iterates over with
    /// `{% for item in input %}` must be one: any other value is refused before rendering
    /// instead of being walked character by character.
    List,
}

impl InputKind {
    /// The front-matter spelling: `any` or `list`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Any => "any",
            Self::List => "list",
        }
    }

    /// Why `value`, given to the input `name`, does not fit this kind, if it does not: what
    /// the input takes and what was given (the words after "it takes"), and what to do.
    pub(crate) fn misfit(self, name: &str, value: &serde_json::Value) -> Option<(String, String)> {
        use serde_json::Value;
        let Self::List = self else { return None };
        let found = |value: &Value| match value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "a list",
            Value::Object(_) => "an object",
        };
        let expected = match value {
            Value::Array(items) => {
                let at = items.iter().position(|item| {
                    !matches!(item, Value::String(_) | Value::Number(_) | Value::Bool(_))
                })?;
                format!(
                    "a list of strings, numbers or booleans, but item {} is {}",
                    at + 1,
                    found(&items[at])
                )
            }
            other => format!("a list, but {} was given", found(other)),
        };
        let hint = format!(
            "Pass a list: `PromptVars::set_list`, or `--var {name}=[a, b]` with `squad prompts render`"
        );
        Some((expected, hint))
    }
}

impl fmt::Display for InputKind {
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
    /// What values the input takes.
    #[serde(default, skip_serializing_if = "is_any")]
    pub kind: InputKind,
    /// The value used when none is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
}

fn is_any(kind: &InputKind) -> bool {
    *kind == InputKind::Any
}
