//! devops-squad: LLM DevOps agents whose every artifact is checked by deterministic linters.
//!
//! This facade re-exports the workspace's crates and gathers what spans agents: the set of every
//! checker and every rule (used by `squad check` and `squad rules`).
//!
//! ```no_run
//! use devops_squad::core::config::Settings;
//! use devops_squad::infra::{InfrastructureEngineerAgent, Stack};
//!
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! let generator = Settings::from_env()?.generator(false)?; // offline when no key is set
//! let infra = InfrastructureEngineerAgent::new(generator);
//! let outcome = infra.generate_dockerfile(Stack::Go, "small image").await?;
//! for finding in &outcome.findings {
//!     println!("{}:{} {} {}", finding.path, finding.line, finding.rule, finding.message);
//! }
//! outcome.write_to(std::path::Path::new("out"), false)?; // never overwrites
//! # Ok(())
//! # }
//! ```
#![deny(missing_docs)]

pub use infra_agent as infra;
pub use squad_core as core;

use squad_core::check::CheckerSet;
use squad_core::findings::RuleRegistry;

/// Every checker of every agent, in the order kinds are tried when a file's kind is not given.
pub fn all_checkers() -> CheckerSet {
    let mut set = CheckerSet::new();
    set.extend(&infra_agent::checkers());
    set
}

/// Every rule: squad-core's own and every checker's.
pub fn all_rules() -> RuleRegistry {
    let mut registry = RuleRegistry::new();
    // Codes are unique by construction; a clash is a programming error caught by the tests.
    let _ = registry.register(squad_core::generate::rules::CORE_RULES);
    let _ = registry.register(&all_checkers().rules());
    registry
}
