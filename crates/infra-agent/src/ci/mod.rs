//! CI pipelines: the GitHub Actions and GitLab CI checkers, and baseline pipelines per stack,
//! CI platform and deployment target.
//!
//! - [`GithubActionsChecker`] (kind `github-actions`, rules `GA…`): a typed model of workflow
//!   syntax and the checks of actionlint and zizmor that matter most.
//! - [`GitlabCiChecker`] (kind `gitlab-ci`, rules `GL…`): jobs, stages, `needs`, `extends`,
//!   `rules` versus `only`/`except`, images.

mod common;
pub mod github;
pub mod gitlab;
mod schema;

pub use github::GithubActionsChecker;
pub use gitlab::GitlabCiChecker;
