//! The [`Agent`] trait the three agents implement, and the request it takes.

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use crate::check::CheckerSet;
use crate::generate::{GenerateError, TaskOutcome};

/// A task an agent can run, for listings and `squad run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TaskInfo {
    /// Its name, e.g. `dockerfile`.
    pub name: &'static str,
    /// One sentence on what it produces.
    pub description: &'static str,
    /// The inputs it reads, e.g. `["stack", "requirements"]`.
    pub inputs: &'static [&'static str],
}

/// A request to an agent: a task name and its inputs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct TaskRequest {
    /// The task, e.g. `dockerfile`.
    pub task: String,
    /// Its inputs: strings, lists or JSON values by name.
    pub inputs: serde_json::Map<String, serde_json::Value>,
}

impl TaskRequest {
    /// A request for `task` with no inputs yet.
    pub fn new(task: impl Into<String>) -> Self {
        Self {
            task: task.into(),
            inputs: serde_json::Map::new(),
        }
    }

    /// Set an input.
    pub fn input(mut self, name: &str, value: impl Into<serde_json::Value>) -> Self {
        self.inputs.insert(name.to_string(), value.into());
        self
    }

    /// An input as a string, when it is one.
    pub fn get_str(&self, name: &str) -> Option<&str> {
        self.inputs.get(name).and_then(|v| v.as_str())
    }

    /// A required string input, or an error naming it.
    pub fn require_str(&self, agent: &str, name: &str) -> Result<&str, AgentError> {
        self.get_str(name).ok_or_else(|| AgentError::InvalidInput {
            task: format!("{agent}.{}", self.task),
            name: name.to_string(),
            message: "is required and must be a string".to_string(),
        })
    }
}

/// Why an agent could not run a task.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AgentError {
    /// The agent has no such task.
    #[error("the {agent} agent has no task {task:?}; its tasks are: {}", known.join(", "))]
    UnknownTask {
        /// The agent.
        agent: String,
        /// The task asked for.
        task: String,
        /// The tasks it has.
        known: Vec<String>,
    },
    /// An input is missing or has a value the task cannot use.
    #[error("{task}: input {name:?} {message}")]
    InvalidInput {
        /// `agent.task`.
        task: String,
        /// The input.
        name: String,
        /// What is wrong and what would be right.
        message: String,
    },
    /// Generation failed.
    #[error(transparent)]
    Generate(#[from] GenerateError),
}

/// An agent: a named set of tasks that produce checked artifacts.
///
/// Object-safe: hold agents as `Box<dyn Agent>` or `Arc<dyn Agent>`.
#[async_trait]
pub trait Agent: Send + Sync + std::fmt::Debug {
    /// Its name, e.g. `infrastructure` (the first part of its prompt ids).
    fn name(&self) -> &'static str;

    /// The tasks it runs.
    fn tasks(&self) -> &'static [TaskInfo];

    /// The checkers of every artifact kind it produces.
    fn checkers(&self) -> CheckerSet;

    /// Run one task.
    async fn run(&self, request: TaskRequest) -> Result<TaskOutcome, AgentError>;
}

/// The error for a task name an agent does not have.
pub fn unknown_task(agent: &dyn Agent, task: &str) -> AgentError {
    AgentError::UnknownTask {
        agent: agent.name().to_string(),
        task: task.to_string(),
        known: agent.tasks().iter().map(|t| t.name.to_string()).collect(),
    }
}
