//! devops-squad: LLM DevOps agents whose every artifact is checked by deterministic linters.
#![deny(missing_docs)]

pub use squad_core as core;
