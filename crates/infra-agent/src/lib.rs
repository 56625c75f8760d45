//! The infra agent of devops-squad and the checkers of the artifacts it produces.
//!
//! - [`dockerfile`]: a BuildKit-faithful Dockerfile parser, the Dockerfile rules
//!   (hadolint/checkov equivalents) behind [`dockerfile::DockerfileChecker`], and
//!   production-grade baseline Dockerfiles per [`Stack`].
//! - [`stack`]: the application stacks the agent knows how to containerize.
#![deny(missing_docs)]

pub mod ci;
pub mod dockerfile;
pub mod stack;
#[allow(dead_code)]
mod yaml;

pub use stack::{Stack, UnknownStack};
