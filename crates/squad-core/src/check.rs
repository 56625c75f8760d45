//! The interface between artifact kinds and the checked-generation loop.
//!
//! squad-core knows no artifact kind's rules: each agent crate implements [`Checker`] for the
//! kinds it produces and registers them in a [`CheckerSet`].

use std::fmt;
use std::sync::Arc;

use crate::findings::{Finding, Rule};

/// A deterministic linter for one artifact kind.
pub trait Checker: Send + Sync + fmt::Debug {
    /// The kind it checks, e.g. `dockerfile` (the `--kind` value of `squad check`).
    fn kind(&self) -> &'static str;

    /// Whether a file is of this kind, judged from its path and, when the name says nothing,
    /// its content. Used when no kind is given.
    fn matches(&self, path: &str, content: &str) -> bool;

    /// Every rule this checker can report.
    fn rules(&self) -> &'static [&'static Rule];

    /// Check one file. Never panics: a file that does not parse gives a finding at the line
    /// where parsing failed.
    fn check(&self, path: &str, content: &str) -> Vec<Finding>;
}

/// The checkers known to a task, a command or a workflow.
///
/// Cloning a set is cheap: the list is shared, and copied only when a clone is changed.
#[derive(Debug, Clone, Default)]
pub struct CheckerSet {
    checkers: Arc<Vec<Arc<dyn Checker>>>,
}

impl CheckerSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a checker.
    pub fn with(mut self, checker: impl Checker + 'static) -> Self {
        Arc::make_mut(&mut self.checkers).push(Arc::new(checker));
        self
    }

    /// Add a shared checker.
    pub fn push(&mut self, checker: Arc<dyn Checker>) {
        Arc::make_mut(&mut self.checkers).push(checker);
    }

    /// Add every checker of another set.
    pub fn extend(&mut self, other: &CheckerSet) {
        Arc::make_mut(&mut self.checkers).extend(other.checkers.iter().cloned());
    }

    /// The kind of a file: the first checker whose `matches` accepts it.
    pub fn classify(&self, path: &str, content: &str) -> Option<&'static str> {
        self.checkers
            .iter()
            .find(|c| c.matches(path, content))
            .map(|c| c.kind())
    }

    /// Every kind known, in registration order, without repeats.
    pub fn kinds(&self) -> Vec<&'static str> {
        let mut kinds: Vec<&'static str> = Vec::new();
        for c in self.checkers.iter() {
            if !kinds.contains(&c.kind()) {
                kinds.push(c.kind());
            }
        }
        kinds
    }

    /// Every rule of every checker.
    pub fn rules(&self) -> Vec<&'static Rule> {
        let mut rules: Vec<&'static Rule> = Vec::new();
        for c in self.checkers.iter() {
            for r in c.rules() {
                if !rules.iter().any(|x| x.code == r.code) {
                    rules.push(r);
                }
            }
        }
        rules
    }

    /// Run every checker of `kind` on a file.
    pub fn check_as(&self, kind: &str, path: &str, content: &str) -> Vec<Finding> {
        self.checkers
            .iter()
            .filter(|c| c.kind() == kind)
            .flat_map(|c| c.check(path, content))
            .collect()
    }

    /// Classify a file and check it; `None` when no checker knows its kind.
    pub fn check(&self, path: &str, content: &str) -> Option<(&'static str, Vec<Finding>)> {
        let kind = self.classify(path, content)?;
        Some((kind, self.check_as(kind, path, content)))
    }
}
