//! The infra agent of devops-squad and the checkers of the artifacts it produces.
//!
//! - [`agent`]: [`InfrastructureEngineerAgent`], with typed methods and the
//!   [`squad_core::agent::Agent`] trait.
//! - [`ci`]: GitHub Actions and GitLab CI checkers and pipeline baselines.
//! - [`compose`]: the Compose checker and the seed stack baseline (dev/prod, proxy,
//!   monitoring, PowerShell-first scripts).
//! - [`deploy`]: vercel.json, wrangler.toml, apprunner.yaml and app.yaml checkers and baselines.
//! - [`terraform`]: the Terraform checker (hcl-edit spans) and AWS/GCP baselines.
//! - [`dockerfile`]: a BuildKit-faithful Dockerfile parser, the Dockerfile rules
//!   (hadolint/checkov equivalents) behind [`dockerfile::DockerfileChecker`], and
//!   production-grade baseline Dockerfiles per [`Stack`].
//! - [`stack`]: the application stacks the agent knows how to containerize.
#![deny(missing_docs)]

pub mod agent;
pub mod ci;
pub mod compose;
pub mod deploy;
pub mod dockerfile;
pub mod stack;
mod suggest;
pub mod terraform;
#[allow(dead_code)]
mod yaml;

pub use agent::InfrastructureEngineerAgent;
pub use stack::{Stack, UnknownStack};

use std::sync::LazyLock;

use squad_core::check::CheckerSet;

/// The checkers of every artifact kind the infra agent produces.
pub fn checkers() -> CheckerSet {
    // Built once: the checkers hold no state, and a clone of the set shares its list, so every
    // task gets the set for the price of a reference count.
    static CHECKERS: LazyLock<CheckerSet> = LazyLock::new(|| {
        // Order matters only for files whose kind is guessed from content: the name-based
        // matches are unambiguous.
        CheckerSet::new()
            .with(dockerfile::DockerfileChecker)
            .with(compose::ComposeChecker)
            .with(ci::GithubActionsChecker)
            .with(ci::GitlabCiChecker)
            .with(terraform::TerraformChecker)
            .with(deploy::DeployConfigChecker)
    });
    CHECKERS.clone()
}
