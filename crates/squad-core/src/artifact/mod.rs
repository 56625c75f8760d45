//! Artifacts: files extracted from model output, with safe relative paths.
//!
//! PLACEHOLDER: the extraction and path checks are being written; the types below are the
//! interface.

use serde::{Deserialize, Serialize};

/// One generated file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Artifact {
    /// Safe relative path with `/` separators (see [`safe_relative_path`]).
    pub path: String,
    /// The file's text.
    pub content: String,
    /// The fence's language tag, when there was one (`dockerfile`, `yaml`...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// The artifact kind a checker recognised (`dockerfile`, `compose`...), once classified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
}
