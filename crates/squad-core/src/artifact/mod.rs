//! Artifacts: files extracted from model output, with safe relative paths.
//!
//! A model's answer is untrusted text. [`extract_files`] finds the files in its fenced code
//! blocks and names them; every name goes through [`safe_relative_path`], and a block with a
//! hostile name or oversized content is refused (reported in [`Extraction::rejected`], never
//! written). [`extract_json`] finds the JSON value in an answer asked for JSON.

use serde::{Deserialize, Serialize};

mod extract;
mod fence;
mod json;
mod naming;
mod path;

#[cfg(test)]
mod tests;

pub use extract::{Extraction, RejectReason, Rejected, extract_files};
pub use json::{JsonExtractError, extract_json};
pub use path::{MAX_PATH_BYTES, PathError, safe_relative_path};

/// `s.trim_matches(char::from(byte))` for an ASCII `byte`, read as bytes: the char searcher's
/// two-ended set-up costs ~40 instructions per call, more than the few bytes it trims (measured
/// on a Dockerfile answer's language tag and path). Trimming an ASCII byte leaves `s` on char
/// boundaries.
pub(crate) fn trim_ascii_byte(s: &str, byte: u8) -> &str {
    let bytes = s.as_bytes();
    let start = bytes.iter().take_while(|&&b| b == byte).count();
    let end = bytes.len()
        - bytes[start..]
            .iter()
            .rev()
            .take_while(|&&b| b == byte)
            .count();
    s.get(start..end).unwrap_or(s)
}

/// `char::from(b).is_whitespace()` for an ASCII byte `b`: tab to carriage return, and space.
pub(crate) fn is_ascii_white(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// `text.split_whitespace().next()`, read as bytes while they are ASCII (info strings usually
/// are), where the char iterator decodes and classifies each character: measured on a
/// Dockerfile answer's info string, ~100 instructions less.
pub(crate) fn first_word(text: &str) -> Option<&str> {
    for (at, &b) in text.as_bytes().iter().enumerate() {
        if !b.is_ascii() || (at == 0 && is_ascii_white(b)) {
            return text.split_whitespace().next();
        }
        if is_ascii_white(b) {
            return text.get(..at);
        }
    }
    (!text.is_empty()).then_some(text)
}

/// The largest artifact accepted from a model, in bytes (512 KiB).
pub const MAX_ARTIFACT_BYTES: usize = 512 * 1024;

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
