//! Baseline CI/CD pipelines: deterministic files of the class of `docker init`, per stack, CI
//! platform and deployment target, that the CI checkers accept without a single finding.
//!
//! What every baseline carries (seed 000): lint, tests with coverage and a coverage guard
//! (>= 70%, PowerShell first with a POSIX sh twin), a build, a Docker image build, and a
//! deployment job on the default branch; least privilege (read-only token, escalation only
//! where a job needs it, OIDC instead of long-lived cloud keys), dependency caches, timeouts
//! and concurrency groups.
//!
//! ```
//! use infra_agent::Stack;
//! use infra_agent::ci::{CiPlatform, DeployTarget, ci_baseline};
//!
//! let files = ci_baseline(Stack::Go, CiPlatform::GithubActions, DeployTarget::Aws);
//! let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
//! assert!(paths.contains(&".github/workflows/ci.yml"));
//! assert!(paths.contains(&".github/workflows/deploy.yml"));
//! assert!(paths.contains(&"tools/guards/coverage_guard.ps1"));
//! ```

mod github;
mod gitlab;
mod guards;
mod toolchain;

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::stack::Stack;

/// Where the pipeline runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum CiPlatform {
    /// GitHub Actions (`.github/workflows/*.yml`).
    GithubActions,
    /// GitLab CI/CD (`.gitlab-ci.yml`).
    GitlabCi,
}

impl CiPlatform {
    /// Every platform, in a stable order.
    pub const ALL: [CiPlatform; 2] = [Self::GithubActions, Self::GitlabCi];

    /// Parse a platform name, case-insensitively: `github-actions` (`github`, `gha`,
    /// `actions`) or `gitlab-ci` (`gitlab`, `gl`).
    ///
    /// ```
    /// use infra_agent::ci::CiPlatform;
    /// assert_eq!(CiPlatform::parse("GitHub"), Ok(CiPlatform::GithubActions));
    /// assert!(CiPlatform::parse("jenkins").unwrap_err().to_string().contains("gitlab-ci"));
    /// ```
    pub fn parse(name: &str) -> Result<CiPlatform, UnknownCiPlatform> {
        let lower = name.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        match lower.as_str() {
            "github-actions" | "github" | "gha" | "gh" | "actions" => Ok(Self::GithubActions),
            "gitlab-ci" | "gitlab" | "gl" | "gitlab-ci-cd" => Ok(Self::GitlabCi),
            _ => Err(UnknownCiPlatform {
                given: name.to_string(),
            }),
        }
    }

    /// The canonical name (the checker kind), accepted by [`CiPlatform::parse`].
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GithubActions => "github-actions",
            Self::GitlabCi => "gitlab-ci",
        }
    }
}

/// Where the application is deployed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum DeployTarget {
    /// Vercel, with the Vercel CLI (`vercel build` + `vercel deploy --prebuilt`).
    Vercel,
    /// Cloudflare Workers, with wrangler (`wrangler deploy`, configured by `wrangler.toml`).
    Cloudflare,
    /// AWS: image pushed to ECR and rolled out on ECS, credentials through OIDC.
    Aws,
    /// Google Cloud App Engine (`app.yaml`), credentials through workload identity federation.
    Gcp,
    /// No deployment: CI only.
    None,
}

impl DeployTarget {
    /// Every target, in a stable order.
    pub const ALL: [DeployTarget; 5] = [
        Self::Vercel,
        Self::Cloudflare,
        Self::Aws,
        Self::Gcp,
        Self::None,
    ];

    /// Parse a target name, case-insensitively: `vercel`, `cloudflare` (`cf`, `workers`,
    /// `wrangler`), `aws` (`amazon`, `ecs`), `gcp` (`google`, `gcloud`, `appengine`), `none`
    /// (`no`, `off`).
    ///
    /// ```
    /// use infra_agent::ci::DeployTarget;
    /// assert_eq!(DeployTarget::parse("Cloudflare-Workers"), Ok(DeployTarget::Cloudflare));
    /// assert!(DeployTarget::parse("heroku").unwrap_err().to_string().contains("vercel"));
    /// ```
    pub fn parse(name: &str) -> Result<DeployTarget, UnknownDeployTarget> {
        let lower = name.trim().to_ascii_lowercase().replace([' ', '_'], "-");
        let target = match lower.as_str() {
            "vercel" => Self::Vercel,
            "cloudflare" | "cf" | "workers" | "cloudflare-workers" | "wrangler" => Self::Cloudflare,
            "aws" | "amazon" | "ecs" | "aws-ecs" => Self::Aws,
            "gcp" | "google" | "google-cloud" | "gcloud" | "appengine" | "app-engine" => Self::Gcp,
            "none" | "no" | "off" => Self::None,
            _ => {
                return Err(UnknownDeployTarget {
                    given: name.to_string(),
                });
            }
        };
        Ok(target)
    }

    /// The canonical name, accepted by [`DeployTarget::parse`].
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vercel => "vercel",
            Self::Cloudflare => "cloudflare",
            Self::Aws => "aws",
            Self::Gcp => "gcp",
            Self::None => "none",
        }
    }

    /// A human-readable name, e.g. `Cloudflare Workers`.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::Vercel => "Vercel",
            Self::Cloudflare => "Cloudflare Workers",
            Self::Aws => "AWS (ECR + ECS)",
            Self::Gcp => "Google App Engine",
            Self::None => "no deployment",
        }
    }
}

macro_rules! name_traits {
    ($ty:ident, $err:ident) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $ty {
            type Err = $err;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Self::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = $err;

            fn try_from(s: String) -> Result<Self, Self::Error> {
                Self::parse(&s)
            }
        }

        impl From<$ty> for &'static str {
            fn from(value: $ty) -> Self {
                value.as_str()
            }
        }
    };
}

name_traits!(CiPlatform, UnknownCiPlatform);
name_traits!(DeployTarget, UnknownDeployTarget);

/// A CI platform name that is not one of [`CiPlatform::ALL`] or their aliases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown CI platform {given:?}: use one of github-actions (github, gha), gitlab-ci (gitlab)"
)]
pub struct UnknownCiPlatform {
    /// The name that was given.
    pub given: String,
}

/// A deployment target name that is not one of [`DeployTarget::ALL`] or their aliases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown deployment target {given:?}: use one of vercel, cloudflare (workers, wrangler), \
     aws (ecs), gcp (google, appengine), none"
)]
pub struct UnknownDeployTarget {
    /// The name that was given.
    pub given: String,
}

/// A GitHub action pinned to a full commit SHA, with the release it corresponds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinnedAction {
    /// `owner/repo`.
    pub action: &'static str,
    /// The release tag the SHA was taken from, written as a `# vX.Y.Z` comment after the pin.
    pub version: &'static str,
    /// The full 40-character commit SHA.
    pub sha: &'static str,
}

impl PinnedAction {
    /// `owner/repo@<sha> # vX.Y.Z`, the form a workflow's `uses:` takes.
    pub fn uses(&self) -> String {
        format!("{}@{} # {}", self.action, self.sha, self.version)
    }
}

/// The one table of action pins the GitHub baselines use.
///
/// These SHAs are the commits of the named releases as widely pinned in public workflows;
/// this crate works offline and cannot check them against GitHub. They age: the generated
/// `.github/dependabot.yml` (ecosystem `github-actions`) proposes updates of SHA and comment
/// together, and `pinact run --update` does the same on demand. Change a pin here, in one
/// place, and every baseline follows.
pub const PINNED_ACTIONS: &[PinnedAction] = &[
    PinnedAction {
        action: "actions/checkout",
        version: "v4.2.2",
        sha: "11bd71901bbe5b1630ceea73d27597364c9af683",
    },
    PinnedAction {
        action: "actions/setup-node",
        version: "v4.1.0",
        sha: "39370e3970a6d050c480ffad4ff0ed4d3fdee5af",
    },
    PinnedAction {
        action: "pnpm/action-setup",
        version: "v4.0.0",
        sha: "fe02b34f77f8bc703788d5817da081398fad5dd2",
    },
    PinnedAction {
        action: "actions/setup-python",
        version: "v5.3.0",
        sha: "0b93645e9fea7318ecaed2b359559ac225c90a2b",
    },
    PinnedAction {
        action: "actions/setup-go",
        version: "v5.2.0",
        sha: "3041bf56c941b39c61721a86cd11f3bb1338122a",
    },
    PinnedAction {
        action: "actions/setup-java",
        version: "v4.5.0",
        sha: "8df1039502a15bceb9433410b1a100fbe190c53b",
    },
    PinnedAction {
        action: "Swatinem/rust-cache",
        version: "v2.7.5",
        sha: "82a92a6e8fbeee089604da2575dc567ae9ddeaab",
    },
    PinnedAction {
        action: "actions/upload-artifact",
        version: "v4.4.3",
        sha: "b4b15b8c7c6ac21ea08fcf65892d2ee8f75cf882",
    },
    PinnedAction {
        action: "docker/setup-buildx-action",
        version: "v3.8.0",
        sha: "6524bf65af31da8d45b59e8c27de4bd072b392f5",
    },
    PinnedAction {
        action: "docker/build-push-action",
        version: "v6.10.0",
        sha: "48aba3b46d1b1fec4febb7c5d0c644b249a11355",
    },
    PinnedAction {
        action: "aws-actions/configure-aws-credentials",
        version: "v4.0.2",
        sha: "e3dd6a429d7300a6a4c196c26e071d42e0343502",
    },
    PinnedAction {
        action: "google-github-actions/auth",
        version: "v2.1.7",
        sha: "6fc4af4b145ae7821d527454aa9bd537d1f2dc5f",
    },
    PinnedAction {
        action: "google-github-actions/setup-gcloud",
        version: "v2.1.2",
        sha: "6189d56e4096ee891640bb02ac264be376592d6a",
    },
];

/// The `uses:` value of a pinned action. Only called with actions of [`PINNED_ACTIONS`] (a
/// test runs every baseline); an unknown one would come out as an unpinned, flagged `@v0`.
fn pinned(action: &str) -> String {
    PINNED_ACTIONS
        .iter()
        .find(|p| p.action == action)
        .map_or_else(|| format!("{action}@v0"), PinnedAction::uses)
}

/// The CI/CD baseline for `stack` on `ci`, deploying to `deploy`: `(relative path, content)`
/// pairs, deterministic.
///
/// - GitHub Actions: `.github/workflows/ci.yml` (lint, tests with coverage and the coverage
///   guard, build, Docker image build), `.github/workflows/deploy.yml` (unless
///   [`DeployTarget::None`]: runs CI, then deploys the default branch), and
///   `.github/dependabot.yml` (keeps action pins and dependencies current).
/// - GitLab CI: `.gitlab-ci.yml` (the same stages, with `rules`, caches, the coverage regex
///   and a deploy job).
/// - Both: `tools/guards/coverage_guard.ps1` and its POSIX twin `coverage_guard.sh`.
pub fn ci_baseline(stack: Stack, ci: CiPlatform, deploy: DeployTarget) -> Vec<(String, String)> {
    let tools = toolchain::of(stack);
    let mut files = match ci {
        CiPlatform::GithubActions => github::files(stack, &tools, deploy),
        CiPlatform::GitlabCi => gitlab::files(stack, &tools, deploy),
    };
    files.push((
        "tools/guards/coverage_guard.ps1".to_string(),
        guards::COVERAGE_GUARD_PS1.to_string(),
    ));
    files.push((
        "tools/guards/coverage_guard.sh".to_string(),
        guards::COVERAGE_GUARD_SH.to_string(),
    ));
    files
}

/// Quote a scalar for YAML when a plain scalar would be read differently (a leading
/// indicator, `: ` or ` #` inside, or a word YAML would type as boolean, null or number).
fn yaml_str(s: &str) -> String {
    let plain_ok = !s.is_empty()
        && s.trim() == s
        && !s.starts_with([
            '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%',
            '@', '`',
        ])
        && !s.contains(": ")
        && !s.contains(" #")
        && !s.ends_with(':')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "on" | "off" | "null" | "~"
        )
        && s.parse::<f64>().is_err();
    if plain_ok {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for p in CiPlatform::ALL {
            assert_eq!(CiPlatform::parse(p.as_str()), Ok(p));
        }
        for d in DeployTarget::ALL {
            assert_eq!(DeployTarget::parse(d.as_str()), Ok(d));
            let json = serde_json::to_string(&d).unwrap();
            assert_eq!(serde_json::from_str::<DeployTarget>(&json).unwrap(), d);
        }
        let err = DeployTarget::parse("heroku").unwrap_err().to_string();
        for d in DeployTarget::ALL {
            assert!(err.contains(d.as_str()), "{err}");
        }
    }

    #[test]
    fn pins_are_full_shas_with_a_version() {
        for pin in PINNED_ACTIONS {
            assert_eq!(pin.sha.len(), 40, "{}", pin.action);
            assert!(
                pin.sha
                    .bytes()
                    .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
            );
            assert!(pin.version.starts_with('v'), "{}", pin.action);
        }
    }

    #[test]
    fn yaml_quoting() {
        assert_eq!(yaml_str("npm ci"), "npm ci");
        assert_eq!(yaml_str("a: b"), "'a: b'");
        assert_eq!(yaml_str("on"), "'on'");
        assert_eq!(yaml_str("22"), "'22'");
        assert_eq!(yaml_str("it's # x"), "'it''s # x'");
    }
}
