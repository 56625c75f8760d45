//! The InfrastructureEngineerAgent: typed methods a Rust user calls directly, and the
//! [`Agent`] trait for tools that dispatch by task name.

use std::fmt;

use async_trait::async_trait;
use squad_core::agent::{Agent, AgentError, TaskInfo, TaskRequest, unknown_task};
use squad_core::check::CheckerSet;
use squad_core::generate::{BaselineOutput, Generator, Task, TaskOutcome};
use squad_core::prompt::PromptVars;

use crate::ci::{CiPlatform, DeployTarget, ci_baseline};
use crate::compose::{KNOWN_SERVICES, compose_baseline};
use crate::deploy::{DeployPlatform, deployment_baseline};
use crate::dockerfile::baseline_dockerfile;
use crate::stack::Stack;
use crate::terraform::{Cloud, terraform_baseline};

/// The agent's name, and the first part of its prompt ids.
pub const AGENT_NAME: &str = "infrastructure";

static TASKS: &[TaskInfo] = &[
    TaskInfo {
        name: "dockerfile",
        description: "A multi-stage, pinned, non-root Dockerfile with a health check for the stack",
        inputs: &["stack", "requirements"],
    },
    TaskInfo {
        name: "docker_compose",
        description: "Dev and prod compose stacks (app, postgres, redis, caddy, prometheus, grafana, loki) with scripts",
        inputs: &["stack", "services", "requirements"],
    },
    TaskInfo {
        name: "ci_cd",
        description: "A least-privilege CI/CD pipeline (GitHub Actions or GitLab CI) with a coverage guard and a deploy job",
        inputs: &["stack", "platform", "requirements"],
    },
    TaskInfo {
        name: "terraform",
        description: "Terraform for a cloud: pinned versions, encrypted private storage, a registry, least privilege",
        inputs: &["cloud", "requirements"],
    },
    TaskInfo {
        name: "deployment",
        description: "The deployment config of a platform (vercel.json, wrangler.toml, apprunner.yaml, app.yaml)",
        inputs: &["stack", "platform", "requirements"],
    },
];

/// Where a CI/CD pipeline runs and what it deploys to, parsed from one `platform` string:
/// a deploy target (`vercel`, `cloudflare`, `aws`, `gcp`: GitHub Actions deploying there), a
/// CI platform (`github-actions`, `gitlab-ci`: no deploy job), or both as `gitlab/aws`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CiTarget {
    /// Where the pipeline runs.
    pub ci: CiPlatform,
    /// Where it deploys.
    pub deploy: DeployTarget,
}

/// A `platform` that names neither a CI platform nor a deploy target.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown CI/CD platform {given:?}: use a deploy target (vercel, cloudflare, aws, gcp), a CI platform \
     (github-actions, gitlab-ci), or both as CI/TARGET, e.g. gitlab-ci/aws"
)]
pub struct UnknownCiTarget {
    /// What was given.
    pub given: String,
}

impl CiTarget {
    /// Parse `vercel`, `gitlab-ci`, `github/aws`, `gitlab+gcp`...
    pub fn parse(platform: &str) -> Result<Self, UnknownCiTarget> {
        let unknown = || UnknownCiTarget {
            given: platform.to_string(),
        };
        if let Some((ci, deploy)) = platform.split_once(['/', '+']) {
            let ci = CiPlatform::parse(ci).map_err(|_| unknown())?;
            let deploy = DeployTarget::parse(deploy).map_err(|_| unknown())?;
            return Ok(Self { ci, deploy });
        }
        if let Ok(deploy) = DeployTarget::parse(platform) {
            return Ok(Self {
                ci: CiPlatform::GithubActions,
                deploy,
            });
        }
        CiPlatform::parse(platform)
            .map(|ci| Self {
                ci,
                deploy: DeployTarget::None,
            })
            .map_err(|_| unknown())
    }
}

impl fmt::Display for CiTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.deploy {
            DeployTarget::None => write!(f, "{}", self.ci.as_str()),
            deploy => write!(
                f,
                "{}, deploying to {}",
                self.ci.as_str(),
                deploy.display_name()
            ),
        }
    }
}

/// Generates infrastructure artifacts, each checked by the crate's linters: Dockerfiles,
/// compose stacks, CI/CD pipelines, Terraform and deployment configs.
#[derive(Debug, Clone)]
pub struct InfrastructureEngineerAgent {
    generator: Generator,
}

impl InfrastructureEngineerAgent {
    /// An agent that runs its tasks with `generator` (with a model, or offline).
    pub fn new(generator: Generator) -> Self {
        Self { generator }
    }

    /// A multi-stage Dockerfile for `stack`, following `requirements` (free text, untrusted:
    /// redacted of secrets and fenced before it reaches the model).
    pub async fn generate_dockerfile(
        &self,
        stack: Stack,
        requirements: &str,
    ) -> Result<TaskOutcome, AgentError> {
        let vars = PromptVars::new()
            .set("stack", stack.as_str())
            .set("requirements", requirements);
        let task = self
            .task("dockerfile", vars)
            .with_default_path(|lang| {
                matches!(lang, Some("dockerfile" | "docker" | "containerfile"))
                    .then(|| "Dockerfile".to_string())
            })
            .with_baseline(move || {
                BaselineOutput::files([("Dockerfile".to_string(), baseline_dockerfile(stack))])
            });
        self.run_task(task).await
    }

    /// Dev and prod compose files for `stack` with `services` (empty: the full seed stack of
    /// backend, frontend, postgres, redis, caddy, prometheus, grafana and loki), their proxy,
    /// monitoring configs and PowerShell-first scripts. Offline, only the known services can be
    /// produced: another name is an error that lists them.
    pub async fn generate_docker_compose(
        &self,
        stack: Stack,
        services: &[String],
        requirements: &str,
    ) -> Result<TaskOutcome, AgentError> {
        if self.generator.is_offline()
            && let Some(unknown) = services
                .iter()
                .find(|s| !KNOWN_SERVICES.contains(&s.as_str()))
        {
            return Err(AgentError::InvalidInput {
                task: format!("{AGENT_NAME}.docker_compose"),
                name: "services".to_string(),
                message: format!(
                    "names {unknown:?}, which the offline baseline cannot produce; known services: {} \
                     (set OPENROUTER_API_KEY to ask a model for others)",
                    KNOWN_SERVICES.join(", ")
                ),
            });
        }
        let mut vars = PromptVars::new()
            .set("stack", stack.as_str())
            .set("requirements", requirements);
        if !services.is_empty() {
            vars = vars.set_list("services", services.iter().map(String::as_str));
        }
        let owned: Vec<String> = services.to_vec();
        let task = self
            .task("docker_compose", vars)
            .with_default_path(|lang| {
                matches!(lang, Some("yaml" | "yml")).then(|| "docker-compose.yml".to_string())
            })
            .with_baseline(move || BaselineOutput::files(compose_baseline(stack, &owned)));
        self.run_task(task).await
    }

    /// A CI/CD pipeline for `stack` on `target`'s CI platform, deploying to its target.
    pub async fn setup_ci_cd(
        &self,
        stack: Stack,
        target: CiTarget,
        requirements: &str,
    ) -> Result<TaskOutcome, AgentError> {
        let vars = PromptVars::new()
            .set("stack", stack.as_str())
            .set("platform", target.to_string())
            .set("requirements", requirements);
        let default = match target.ci {
            CiPlatform::GithubActions => ".github/workflows/ci.yml",
            CiPlatform::GitlabCi => ".gitlab-ci.yml",
        };
        let task = self
            .task("ci_cd", vars)
            .with_default_path(move |lang| {
                matches!(lang, Some("yaml" | "yml")).then(|| default.to_string())
            })
            .with_baseline(move || {
                BaselineOutput::files(ci_baseline(stack, target.ci, target.deploy))
            });
        self.run_task(task).await
    }

    /// Terraform for `cloud`.
    pub async fn generate_terraform(
        &self,
        cloud: Cloud,
        requirements: &str,
    ) -> Result<TaskOutcome, AgentError> {
        let vars = PromptVars::new()
            .set("cloud", cloud.as_str())
            .set("requirements", requirements);
        let task = self
            .task("terraform", vars)
            .with_default_path(|lang| {
                matches!(lang, Some("hcl" | "terraform" | "tf"))
                    .then(|| "infra/main.tf".to_string())
            })
            .with_baseline(move || BaselineOutput::files(terraform_baseline(cloud)));
        self.run_task(task).await
    }

    /// The deployment config of `platform` for `stack`.
    pub async fn configure_deployment(
        &self,
        stack: Stack,
        platform: DeployPlatform,
        requirements: &str,
    ) -> Result<TaskOutcome, AgentError> {
        let vars = PromptVars::new()
            .set("stack", stack.as_str())
            .set("platform", platform.as_str())
            .set("requirements", requirements);
        let task = self
            .task("deployment", vars)
            .with_default_path(move |lang| {
                let path = match (platform, lang?) {
                    (DeployPlatform::Vercel, "json") => "vercel.json",
                    (DeployPlatform::Cloudflare, "toml") => "wrangler.toml",
                    (DeployPlatform::Aws, "yaml" | "yml") => "apprunner.yaml",
                    (DeployPlatform::Gcp, "yaml" | "yml") => "app.yaml",
                    _ => return None,
                };
                Some(path.to_string())
            })
            .with_baseline(move || BaselineOutput::files(deployment_baseline(stack, platform)));
        self.run_task(task).await
    }

    fn task(&self, name: &str, vars: PromptVars) -> Task {
        // `concat` makes one right-sized string; `format!` costs several times more here.
        Task::new([AGENT_NAME, ".", name].concat(), vars, crate::checkers())
    }

    async fn run_task(&self, task: Task) -> Result<TaskOutcome, AgentError> {
        Ok(self.generator.run(&task).await?)
    }
}

fn invalid(request: &TaskRequest, name: &str, error: impl fmt::Display) -> AgentError {
    AgentError::InvalidInput {
        task: format!("{AGENT_NAME}.{}", request.task),
        name: name.to_string(),
        message: error.to_string(),
    }
}

fn stack_input(request: &TaskRequest) -> Result<Stack, AgentError> {
    let raw = request.require_str(AGENT_NAME, "stack")?;
    Stack::parse(raw).map_err(|e| invalid(request, "stack", e))
}

/// `services` as a list of strings or one comma-separated string.
fn services_input(request: &TaskRequest) -> Result<Vec<String>, AgentError> {
    match request.inputs.get("services") {
        None | Some(serde_json::Value::Null) => Ok(Vec::new()),
        Some(serde_json::Value::String(s)) => Ok(s
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()),
        Some(serde_json::Value::Array(items)) => items
            .iter()
            .map(|v| v.as_str().map(str::to_string))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| invalid(request, "services", "must be a list of service names")),
        Some(_) => Err(invalid(
            request,
            "services",
            "must be a list of service names or a comma-separated string",
        )),
    }
}

#[async_trait]
impl Agent for InfrastructureEngineerAgent {
    fn name(&self) -> &'static str {
        AGENT_NAME
    }

    fn tasks(&self) -> &'static [TaskInfo] {
        TASKS
    }

    fn checkers(&self) -> CheckerSet {
        crate::checkers()
    }

    async fn run(&self, request: TaskRequest) -> Result<TaskOutcome, AgentError> {
        let requirements = request.get_str("requirements").unwrap_or("").to_string();
        match request.task.as_str() {
            "dockerfile" => {
                self.generate_dockerfile(stack_input(&request)?, &requirements)
                    .await
            }
            "docker_compose" => {
                let services = services_input(&request)?;
                self.generate_docker_compose(stack_input(&request)?, &services, &requirements)
                    .await
            }
            "ci_cd" => {
                let platform = request.require_str(AGENT_NAME, "platform")?;
                let target =
                    CiTarget::parse(platform).map_err(|e| invalid(&request, "platform", e))?;
                self.setup_ci_cd(stack_input(&request)?, target, &requirements)
                    .await
            }
            "terraform" => {
                // `squad run` has one --platform flag; for Terraform it names the cloud.
                let cloud = match request.get_str("cloud") {
                    Some(cloud) => cloud,
                    None => request.require_str(AGENT_NAME, "platform").map_err(|_| {
                        invalid(
                            &request,
                            "cloud",
                            "is required: aws or gcp (`squad run` takes it as --platform)",
                        )
                    })?,
                };
                let cloud = Cloud::parse(cloud).map_err(|e| invalid(&request, "cloud", e))?;
                self.generate_terraform(cloud, &requirements).await
            }
            "deployment" => {
                let platform = request.require_str(AGENT_NAME, "platform")?;
                let platform = DeployPlatform::parse(platform)
                    .map_err(|e| invalid(&request, "platform", e))?;
                self.configure_deployment(stack_input(&request)?, platform, &requirements)
                    .await
            }
            other => Err(unknown_task(self, other)),
        }
    }
}
