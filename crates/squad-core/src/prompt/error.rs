//! Prompt errors: each message says what was wrong and what to do.

use std::path::PathBuf;

/// Everything that can go wrong loading, finding or rendering a prompt.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum PromptError {
    /// No prompt has this id.
    #[error(
        "unknown prompt `{id}`; known prompts: {}. Use one of these ids",
        list_or_none(known)
    )]
    UnknownPrompt {
        /// The id asked for.
        id: String,
        /// Every id the registry holds.
        known: Vec<String>,
    },
    /// The prompt exists but not in this version.
    #[error(
        "prompt `{id}` has no version v{version}; versions available: {}. Pin one of these, or drop `@v{version}` to use the newest",
        versions_list(known)
    )]
    UnknownVersion {
        /// The prompt id.
        id: String,
        /// The version asked for.
        version: u32,
        /// The versions that exist.
        known: Vec<u32>,
    },
    /// The reference is neither `agent.task` nor `agent.task@vN`.
    #[error("`{reference}` is not a prompt reference: write `agent.task` or `agent.task@vN`")]
    InvalidReference {
        /// What was given.
        reference: String,
    },
    /// A required input was not given and has no default.
    #[error("prompt `{prompt}` needs the input `{name}`, which was not given: set `{name}`")]
    MissingVariable {
        /// `agent.task@vN`.
        prompt: String,
        /// The missing input.
        name: String,
    },
    /// A value does not have the shape its input declares (`kind = "list"` takes a list).
    #[error(
        "prompt `{prompt}` cannot use the value of input `{name}`: it takes {expected}. {hint}"
    )]
    InvalidValue {
        /// `agent.task@vN`.
        prompt: String,
        /// The input.
        name: String,
        /// What the input takes and what was given instead.
        expected: String,
        /// What to do.
        hint: String,
    },
    /// A value was given for a name the prompt does not declare (often a typo).
    #[error(
        "prompt `{prompt}` has no input `{name}`; its inputs are: {}. Check the spelling",
        list_or_none(declared)
    )]
    UndeclaredVariable {
        /// `agent.task@vN`.
        prompt: String,
        /// The name that was given.
        name: String,
        /// The inputs the prompt declares.
        declared: Vec<String>,
    },
    /// A prompt file is malformed: bad front matter, id or version not matching the path,
    /// missing sections, template syntax errors.
    #[error("{file}: {message}")]
    InvalidFile {
        /// The file, as a path (or `embedded:<path>` for the compiled-in prompts).
        file: String,
        /// What is wrong and how to fix it.
        message: String,
    },
    /// The template failed while rendering (for example it uses a variable that is not set).
    #[error("rendering prompt `{prompt}` failed: {message}")]
    Render {
        /// `agent.task@vN`.
        prompt: String,
        /// The template engine's explanation.
        message: String,
    },
    /// The folder given to [`super::PromptRegistry::from_dir`] does not exist.
    #[error("prompt folder `{}` does not exist or is not a folder", path.display())]
    DirNotFound {
        /// The folder.
        path: PathBuf,
    },
    /// `SQUAD_PROMPTS_DIR` names a folder that does not exist.
    #[error(
        "{var} points at `{}`, which does not exist or is not a folder: create it, fix the path, or unset {var} to use the embedded prompts",
        path.display()
    )]
    EnvDirNotFound {
        /// The environment variable (`SQUAD_PROMPTS_DIR`).
        var: &'static str,
        /// The folder it names.
        path: PathBuf,
    },
    /// The folder holds no prompt file.
    #[error(
        "no prompt files under `{}`: expected files named <agent>/<task>/v<N>.md",
        path.display()
    )]
    NoPrompts {
        /// The folder.
        path: PathBuf,
    },
    /// A file or folder could not be read.
    #[error("cannot read `{}`: {message}", path.display())]
    Io {
        /// What could not be read.
        path: PathBuf,
        /// The system's explanation.
        message: String,
    },
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() {
        "(none)".to_owned()
    } else {
        items.join(", ")
    }
}

fn versions_list(versions: &[u32]) -> String {
    if versions.is_empty() {
        "(none)".to_owned()
    } else {
        versions
            .iter()
            .map(|v| format!("v{v}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
