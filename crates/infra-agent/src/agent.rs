//! The InfrastructureEngineerAgent: typed methods a Rust user calls directly, and the
//! [`Agent`] trait for tools that dispatch by task name.

use async_trait::async_trait;
use squad_core::agent::{Agent, AgentError, TaskInfo, TaskRequest, unknown_task};
use squad_core::check::CheckerSet;
use squad_core::generate::{BaselineOutput, Generator, Task, TaskOutcome};
use squad_core::prompt::PromptVars;

use crate::dockerfile::baseline_dockerfile;
use crate::stack::Stack;

/// The agent's name, and the first part of its prompt ids.
pub const AGENT_NAME: &str = "infrastructure";

static TASKS: &[TaskInfo] = &[TaskInfo {
    name: "dockerfile",
    description: "A multi-stage, pinned, non-root Dockerfile with a health check for the stack",
    inputs: &["stack", "requirements"],
}];

/// Generates infrastructure artifacts (Dockerfiles for now; compose, CI, Terraform and
/// deployment configs as their checkers land), each checked by the crate's linters.
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
        let task = Task::new(format!("{AGENT_NAME}.dockerfile"), vars, crate::checkers())
            .with_default_path(|lang| {
                matches!(lang, Some("dockerfile" | "docker" | "containerfile"))
                    .then(|| "Dockerfile".to_string())
            })
            .with_baseline(move || {
                BaselineOutput::files([("Dockerfile".to_string(), baseline_dockerfile(stack))])
            });
        Ok(self.generator.run(&task).await?)
    }
}

fn stack_input(request: &TaskRequest) -> Result<Stack, AgentError> {
    let raw = request.require_str(AGENT_NAME, "stack")?;
    Stack::parse(raw).map_err(|e| AgentError::InvalidInput {
        task: format!("{AGENT_NAME}.{}", request.task),
        name: "stack".to_string(),
        message: e.to_string(),
    })
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
            other => Err(unknown_task(self, other)),
        }
    }
}
