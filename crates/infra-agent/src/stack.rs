//! The application stacks the infra agent knows how to containerize and deploy.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// An application stack: decides the baseline Dockerfile, CI steps and health checks.
///
/// Parsed case-insensitively from its name or an alias:
///
/// ```
/// use infra_agent::Stack;
/// assert_eq!(Stack::parse("Spring-Boot"), Ok(Stack::JavaSpring));
/// assert_eq!(Stack::parse("express").unwrap().as_str(), "node");
/// assert!(Stack::parse("cobol").unwrap_err().to_string().contains("nextjs"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "&'static str")]
pub enum Stack {
    /// Next.js (standalone output), on Node.js.
    NextJs,
    /// A Node.js server (Express, Fastify, …).
    Node,
    /// A FastAPI application served by uvicorn.
    PythonFastapi,
    /// A Django application served by gunicorn.
    PythonDjango,
    /// A Go service, statically linked.
    Go,
    /// A Rust service built with cargo.
    Rust,
    /// A Spring Boot application on the JVM.
    JavaSpring,
}

impl Stack {
    /// Every stack, in a stable order.
    pub const ALL: [Stack; 7] = [
        Self::NextJs,
        Self::Node,
        Self::PythonFastapi,
        Self::PythonDjango,
        Self::Go,
        Self::Rust,
        Self::JavaSpring,
    ];

    /// Parse a stack name or alias, case-insensitively: `nextjs|next`, `node|nodejs|express`,
    /// `fastapi|python`, `django`, `go|golang`, `rust`, `java|spring|spring-boot`.
    pub fn parse(name: &str) -> Result<Stack, UnknownStack> {
        let lower = name.trim().to_ascii_lowercase();
        let stack = match lower.as_str() {
            "nextjs" | "next" | "next.js" => Self::NextJs,
            "node" | "nodejs" | "node.js" | "express" => Self::Node,
            "fastapi" | "python" => Self::PythonFastapi,
            "django" => Self::PythonDjango,
            "go" | "golang" => Self::Go,
            "rust" => Self::Rust,
            "java" | "spring" | "spring-boot" | "springboot" => Self::JavaSpring,
            _ => {
                return Err(UnknownStack {
                    given: name.to_string(),
                });
            }
        };
        Ok(stack)
    }

    /// The canonical name, accepted by [`Stack::parse`].
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NextJs => "nextjs",
            Self::Node => "node",
            Self::PythonFastapi => "fastapi",
            Self::PythonDjango => "django",
            Self::Go => "go",
            Self::Rust => "rust",
            Self::JavaSpring => "java",
        }
    }

    /// A human-readable name, e.g. `Next.js`.
    pub fn display_name(self) -> &'static str {
        match self {
            Self::NextJs => "Next.js",
            Self::Node => "Node.js",
            Self::PythonFastapi => "Python (FastAPI)",
            Self::PythonDjango => "Python (Django)",
            Self::Go => "Go",
            Self::Rust => "Rust",
            Self::JavaSpring => "Java (Spring Boot)",
        }
    }
}

impl fmt::Display for Stack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Stack {
    type Err = UnknownStack;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

impl TryFrom<String> for Stack {
    type Error = UnknownStack;

    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(&s)
    }
}

impl From<Stack> for &'static str {
    fn from(stack: Stack) -> Self {
        stack.as_str()
    }
}

/// A stack name that is not one of [`Stack::ALL`] or their aliases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown stack {given:?}: use one of nextjs (next), node (nodejs, express), fastapi (python), \
     django, go (golang), rust, java (spring, spring-boot)"
)]
pub struct UnknownStack {
    /// The name that was given.
    pub given: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alias_parses() {
        let cases = [
            ("nextjs", Stack::NextJs),
            ("next", Stack::NextJs),
            ("node", Stack::Node),
            ("nodejs", Stack::Node),
            ("express", Stack::Node),
            ("fastapi", Stack::PythonFastapi),
            ("python", Stack::PythonFastapi),
            ("django", Stack::PythonDjango),
            ("go", Stack::Go),
            ("golang", Stack::Go),
            ("rust", Stack::Rust),
            ("java", Stack::JavaSpring),
            ("spring", Stack::JavaSpring),
            ("spring-boot", Stack::JavaSpring),
            (" GoLang ", Stack::Go),
        ];
        for (name, stack) in cases {
            assert_eq!(Stack::parse(name), Ok(stack), "{name}");
        }
    }

    #[test]
    fn canonical_names_round_trip() {
        for stack in Stack::ALL {
            assert_eq!(Stack::parse(stack.as_str()), Ok(stack));
            let json = serde_json::to_string(&stack).unwrap();
            assert_eq!(serde_json::from_str::<Stack>(&json).unwrap(), stack);
        }
    }

    #[test]
    fn unknown_stack_lists_the_valid_values() {
        let err = Stack::parse("cobol").unwrap_err();
        let msg = err.to_string();
        for stack in Stack::ALL {
            assert!(msg.contains(stack.as_str()), "{msg}");
        }
        assert!(msg.contains("\"cobol\""));
    }
}
