//! CI pipelines: the GitHub Actions and GitLab CI checkers, and baseline pipelines per stack,
//! CI platform and deployment target.
//!
//! - [`GithubActionsChecker`] (kind `github-actions`, rules `GA…`): a typed model of workflow
//!   syntax and the checks of actionlint and zizmor that matter most.
//! - [`GitlabCiChecker`] (kind `gitlab-ci`, rules `GL…`): jobs, stages, `needs`, `extends`,
//!   `rules` versus `only`/`except`, images.
//! - [`ci_baseline`]: deterministic pipelines, per stack, CI platform and deployment target,
//!   that both checkers accept without a finding.

mod baseline;
mod common;
pub mod github;
pub mod gitlab;
mod schema;

pub use baseline::{
    CiPlatform, DeployTarget, PINNED_ACTIONS, PinnedAction, UnknownCiPlatform, UnknownDeployTarget,
    ci_baseline,
};
pub use github::GithubActionsChecker;
pub use gitlab::GitlabCiChecker;
