//! squad-core: the foundation every devops-squad agent stands on.
//!
//! - [`model`]: a minimal, object-safe [`model::ModelClient`] trait, the OpenRouter provider (any
//!   OpenAI-compatible server by base URL) and decorators (timeout, retry, fallback, cache,
//!   record/replay) that wrap a client and implement the same trait.
//! - [`prompt`]: the versioned prompt registry (`agent.task@vN`, tera templates with TOML front
//!   matter, embedded at compile time).
//! - [`artifact`]: files extracted from model output, with safe relative paths.
//! - [`findings`]: findings, rules, the rule registry and the text/JSON/SARIF renderers.
//! - [`generate`]: checked generation: render, call, extract, check, repair, and the offline mode.
//! - [`redact`]: secret redaction applied to untrusted text before it reaches a model.
//! - [`agent`]: the [`agent::Agent`] trait the three agents implement.
//! - [`config`]: settings read from the environment and the standard client stack.
#![deny(missing_docs)]

pub mod agent;
pub mod artifact;
pub mod check;
pub mod config;
pub mod findings;
pub mod generate;
pub mod model;
pub mod prompt;
pub mod redact;
#[cfg(feature = "testkit")]
pub mod testkit;
