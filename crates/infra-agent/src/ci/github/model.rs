//! A typed model of GitHub Actions workflow syntax, built from the YAML tree in one pass that
//! also records what does not fit (unknown keys, wrong types, missing required keys).
//!
//! The model borrows the tree: every field keeps its node, so a rule can point at the exact
//! key or value. It describes the whole syntax even where no rule reads a field yet (`name`,
//! `defaults`, `strategy`…), because building it is what type-checks those keys.
#![allow(dead_code)]

mod build;

use crate::ci::schema::{Issue, lookup};
use crate::yaml::Node;

/// A mapping's entries, key node then value node.
pub(crate) type Entries<'a> = Vec<(&'a Node, &'a Node)>;

/// A workflow file.
#[derive(Debug)]
pub(crate) struct Workflow<'a> {
    /// The document.
    pub(crate) root: &'a Node,
    /// `name`.
    pub(crate) name: Option<&'a Node>,
    /// `run-name`.
    pub(crate) run_name: Option<&'a Node>,
    /// The `on` key.
    pub(crate) on_key: Option<&'a Node>,
    /// The events of `on`, whichever form it takes.
    pub(crate) events: Vec<Event<'a>>,
    /// Top-level `permissions`.
    pub(crate) permissions: Option<Permissions<'a>>,
    /// Top-level `env`.
    pub(crate) env: Entries<'a>,
    /// `defaults`.
    pub(crate) defaults: Option<&'a Node>,
    /// `concurrency`.
    pub(crate) concurrency: Option<&'a Node>,
    /// The `jobs` key and its mapping.
    pub(crate) jobs_key: Option<&'a Node>,
    /// The `jobs` mapping.
    pub(crate) jobs_node: Option<&'a Node>,
    /// The jobs, in document order (repeated ids kept).
    pub(crate) jobs: Vec<Job<'a>>,
    /// What does not fit the syntax.
    pub(crate) issues: Vec<Issue>,
}

/// One event of `on`.
#[derive(Debug)]
pub(crate) struct Event<'a> {
    /// The event's name, e.g. `pull_request_target`.
    pub(crate) name: &'a str,
    /// The node naming it (a key of `on`, an item of its list, or `on` itself).
    pub(crate) node: &'a Node,
    /// Its configuration (filters, inputs…), when `on` is a mapping.
    pub(crate) config: Option<&'a Node>,
    /// `schedule`: the `cron` values.
    pub(crate) crons: Vec<&'a Node>,
    /// `workflow_dispatch` / `workflow_call` inputs.
    pub(crate) inputs: Entries<'a>,
}

/// A `permissions` block, workflow- or job-level.
#[derive(Debug)]
pub(crate) struct Permissions<'a> {
    /// The `permissions` key.
    pub(crate) key: &'a Node,
    /// Its value: `read-all`, `write-all`, `{}` or a mapping of scopes.
    pub(crate) value: &'a Node,
    /// The scopes, when a mapping.
    pub(crate) scopes: Entries<'a>,
}

/// A job.
#[derive(Debug)]
pub(crate) struct Job<'a> {
    /// Its id.
    pub(crate) id: &'a str,
    /// The id's key node.
    pub(crate) key: &'a Node,
    /// The job's mapping.
    pub(crate) node: &'a Node,
    /// `name`.
    pub(crate) name: Option<&'a Node>,
    /// `runs-on`.
    pub(crate) runs_on: Option<&'a Node>,
    /// `needs`, one node per job named.
    pub(crate) needs: Vec<&'a Node>,
    /// `if`.
    pub(crate) if_cond: Option<&'a Node>,
    /// `permissions`.
    pub(crate) permissions: Option<Permissions<'a>>,
    /// `environment`.
    pub(crate) environment: Option<&'a Node>,
    /// `concurrency`.
    pub(crate) concurrency: Option<&'a Node>,
    /// `outputs`.
    pub(crate) outputs: Entries<'a>,
    /// `env`.
    pub(crate) env: Entries<'a>,
    /// `defaults`.
    pub(crate) defaults: Option<&'a Node>,
    /// `steps`.
    pub(crate) steps: Vec<Step<'a>>,
    /// Whether `steps` is present at all.
    pub(crate) has_steps: bool,
    /// `timeout-minutes`.
    pub(crate) timeout_minutes: Option<&'a Node>,
    /// `strategy`.
    pub(crate) strategy: Option<Strategy<'a>>,
    /// `continue-on-error`.
    pub(crate) continue_on_error: Option<&'a Node>,
    /// `container`.
    pub(crate) container: Option<Container<'a>>,
    /// `services`, by id.
    pub(crate) services: Vec<(&'a Node, Container<'a>)>,
    /// `uses`: the reusable workflow this job calls.
    pub(crate) uses: Option<&'a Node>,
    /// `with`: inputs of the reusable workflow.
    pub(crate) with: Entries<'a>,
    /// `secrets`: `inherit` or a mapping.
    pub(crate) secrets: Option<&'a Node>,
    /// `snapshot`: the custom runner image this job's runner is saved as.
    pub(crate) snapshot: Option<&'a Node>,
}

/// `strategy`.
#[derive(Debug)]
pub(crate) struct Strategy<'a> {
    /// `matrix`.
    pub(crate) matrix: Option<&'a Node>,
    /// `fail-fast`.
    pub(crate) fail_fast: Option<&'a Node>,
    /// `max-parallel`.
    pub(crate) max_parallel: Option<&'a Node>,
}

/// A job's `container` or one of its `services`.
#[derive(Debug)]
pub(crate) struct Container<'a> {
    /// The node (a string image or a mapping).
    pub(crate) node: &'a Node,
    /// `image` (the node itself for the string form).
    pub(crate) image: Option<&'a Node>,
    /// `credentials` (`username`, `password`).
    pub(crate) credentials: Entries<'a>,
    /// `env`.
    pub(crate) env: Entries<'a>,
    /// `ports`.
    pub(crate) ports: Option<&'a Node>,
    /// `volumes`.
    pub(crate) volumes: Option<&'a Node>,
    /// `options`.
    pub(crate) options: Option<&'a Node>,
}

/// A step.
#[derive(Debug)]
pub(crate) struct Step<'a> {
    /// The step's mapping.
    pub(crate) node: &'a Node,
    /// `id`.
    pub(crate) id: Option<&'a Node>,
    /// `if`.
    pub(crate) if_cond: Option<&'a Node>,
    /// `name`.
    pub(crate) name: Option<&'a Node>,
    /// `uses`.
    pub(crate) uses: Option<&'a Node>,
    /// `run`.
    pub(crate) run: Option<&'a Node>,
    /// `shell`.
    pub(crate) shell: Option<&'a Node>,
    /// `with`.
    pub(crate) with: Entries<'a>,
    /// `env`.
    pub(crate) env: Entries<'a>,
    /// `continue-on-error`.
    pub(crate) continue_on_error: Option<&'a Node>,
    /// `timeout-minutes`.
    pub(crate) timeout_minutes: Option<&'a Node>,
    /// `working-directory`.
    pub(crate) working_directory: Option<&'a Node>,
}

impl Step<'_> {
    /// The input `name` of `with`, if given.
    pub(crate) fn input(&self, name: &str) -> Option<&Node> {
        lookup(&self.with, name)
    }
}

impl Workflow<'_> {
    /// Whether `on` includes the event `name`.
    pub(crate) fn has_event(&self, name: &str) -> bool {
        self.events.iter().any(|e| e.name == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn messages(src: &str) -> Vec<String> {
        let doc = yaml::parse(src).unwrap();
        Workflow::build(&doc)
            .issues
            .iter()
            .map(|i| format!("{}: {}", i.span.line, i.message))
            .collect()
    }

    #[test]
    fn a_valid_workflow_has_no_issues() {
        let src = r#"
name: CI
on:
  push:
    branches: [main]
  schedule:
    - cron: "0 3 * * *"
  workflow_dispatch:
    inputs:
      level: {type: choice, options: [a, b], required: true}
permissions: {contents: read}
jobs:
  test:
    runs-on: [self-hosted, linux]
    timeout-minutes: 10
    strategy:
      matrix:
        node: [20, 22]
        include: [{node: 23}]
    steps:
      - uses: actions/checkout@v4
        with: {fetch-depth: 0}
      - run: echo hi
        continue-on-error: ${{ matrix.node == 23 }}
  call:
    uses: ./.github/workflows/x.yml
    secrets: inherit
"#;
        assert_eq!(messages(src), Vec::<String>::new());
    }

    #[test]
    fn unknown_keys_and_types_are_recorded() {
        let src = "on: [push, pul_request]\npermissions: {contents: admin}\njobs:\n  a:\n    runs_on: x\n    timeout-minutes: soon\n    steps:\n      - run: echo\n        with: {a: [1]}\n";
        let got = messages(src);
        assert_eq!(
            got,
            [
                "1: unknown key `pul_request` in `on` (not an event) (did you mean `pull_request`?)",
                "2: the `contents` permission must be one of `read`, `write` or `none`, not `admin`",
                "5: unknown key `runs_on` in job `a` (did you mean `runs-on`?)",
                "6: `timeout-minutes` of job `a` must be a number or a ${{ }} expression, not a string",
                "9: `a` in `with` of step 1 of job `a` must be a string or nothing, not a sequence",
            ]
        );
    }
}
