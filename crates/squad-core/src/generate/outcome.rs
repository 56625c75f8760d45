//! The result of one task, and writing its files without losing anything.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Mode;
use crate::artifact::Artifact;
use crate::findings::{Finding, Severity};
use crate::model::Usage;

/// What one task produced.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskOutcome {
    /// The files, with safe relative paths.
    pub artifacts: Vec<Artifact>,
    /// Every finding left on them (and on the answer itself).
    pub findings: Vec<Finding>,
    /// Typed data, for tasks whose output is JSON.
    pub data: Option<serde_json::Value>,
    /// Tokens and cost summed over every round.
    pub usage: Usage,
    /// Model calls made: 1 + repair rounds; 0 offline.
    pub rounds: u32,
    /// The prompt, as `agent.task@vN`.
    pub prompt: String,
    /// The model that wrote the last answer; `None` offline.
    pub model: Option<String>,
    /// Model or offline baseline.
    pub mode: Mode,
    /// How many secrets were redacted from the inputs before they reached the model.
    pub redactions: usize,
}

/// Writing an outcome's files failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum WriteError {
    /// A file exists and overwriting was not asked for.
    #[error(
        "{0} already exists; pass --force (overwrite) to replace it, or choose another --out folder"
    )]
    Exists(PathBuf),
    /// The file system refused.
    #[error("could not write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
}

impl TaskOutcome {
    /// Whether any error-severity finding remains.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }

    /// The artifact at `path`, if any.
    pub fn artifact(&self, path: &str) -> Option<&Artifact> {
        self.artifacts.iter().find(|a| a.path == path)
    }

    /// Write every file under `dir`. Without `overwrite`, nothing is written when any target
    /// exists already (all-or-nothing, so no half-written setup is left behind). Paths were
    /// validated when the artifacts were made; they are joined under `dir` only.
    pub fn write_to(&self, dir: &Path, overwrite: bool) -> Result<Vec<PathBuf>, WriteError> {
        let targets: Vec<(PathBuf, &Artifact)> = self
            .artifacts
            .iter()
            .map(|a| (dir.join(&a.path), a))
            .collect();
        if !overwrite && let Some((existing, _)) = targets.iter().find(|(p, _)| p.exists()) {
            return Err(WriteError::Exists(existing.clone()));
        }
        let mut written = Vec::new();
        for (path, artifact) in targets {
            write_file(&path, &artifact.content)?;
            written.push(path);
        }
        Ok(written)
    }
}

fn write_file(path: &Path, content: &str) -> Result<(), WriteError> {
    let io = |source| WriteError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io)?;
    }
    // Write beside the target then rename, so an interrupted run never leaves half a file.
    let tmp = path.with_extension(format!(
        "{}.squad-tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("")
    ));
    std::fs::write(&tmp, content).map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}
