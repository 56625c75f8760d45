//! A typed model of `.gitlab-ci.yml`: global keywords and jobs, built from the YAML tree in one
//! pass that records unknown keywords, wrong types and missing required keys.
//!
//! Every top-level key that is not a global keyword is a job; a key starting with `.` is a
//! hidden job (a template for `extends`, or any YAML reused through anchors and `!reference`),
//! whose keys are not checked since it need not be a job at all.
#![allow(dead_code)]

mod build;

use std::collections::HashMap;

use crate::ci::schema::{Issue, lookup};
use crate::yaml::Node;

/// A mapping's entries, key node then value node.
pub(crate) type Entries<'a> = Vec<(&'a Node, &'a Node)>;

/// A pipeline file.
#[derive(Debug)]
pub(crate) struct Pipeline<'a> {
    /// The document.
    pub(crate) root: &'a Node,
    /// The declared `stages`, when present.
    pub(crate) stages: Option<Vec<&'a Node>>,
    /// Whether the file includes others (whose jobs, templates and stages it may use).
    pub(crate) has_include: bool,
    /// `default`'s entries.
    pub(crate) default: Entries<'a>,
    /// Global `variables`.
    pub(crate) variables: Entries<'a>,
    /// Every image reference outside jobs (global and `default` image and services), as the
    /// node holding the name.
    pub(crate) images: Vec<&'a Node>,
    /// `workflow`.
    pub(crate) workflow: Option<&'a Node>,
    /// Jobs, hidden ones included, in document order.
    pub(crate) jobs: Vec<Job<'a>>,
    /// Job names to their index in `jobs`.
    index: HashMap<&'a str, usize>,
    /// What does not fit the syntax.
    pub(crate) issues: Vec<Issue>,
}

/// A job (or hidden job).
#[derive(Debug)]
pub(crate) struct Job<'a> {
    /// Its name.
    pub(crate) name: &'a str,
    /// The name's key node.
    pub(crate) key: &'a Node,
    /// The job's mapping.
    pub(crate) node: &'a Node,
    /// Whether the name starts with `.`.
    pub(crate) hidden: bool,
    /// Its entries, merge keys expanded.
    pub(crate) entries: Entries<'a>,
    /// `extends`, one node per template named.
    pub(crate) extends: Vec<&'a Node>,
    /// `needs`.
    pub(crate) needs: Vec<Need<'a>>,
    /// `dependencies`.
    pub(crate) dependencies: Vec<&'a Node>,
    /// Image references of `image` and `services`, as the node holding the name.
    pub(crate) images: Vec<&'a Node>,
    /// `variables`.
    pub(crate) variables: Entries<'a>,
}

/// One entry of `needs`.
#[derive(Debug)]
pub(crate) struct Need<'a> {
    /// The node naming the job.
    pub(crate) job: &'a Node,
    /// `optional: true`.
    pub(crate) optional: bool,
    /// A job of another pipeline or project (`pipeline:` or `project:`).
    pub(crate) external: bool,
}

impl<'a> Job<'a> {
    /// The value of `key` in the job itself.
    pub(crate) fn get(&self, key: &str) -> Option<&'a Node> {
        lookup(&self.entries, key)
    }

    /// The key node of `key` in the job itself.
    pub(crate) fn key_of(&self, key: &str) -> Option<&'a Node> {
        self.entries
            .iter()
            .rev()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, _)| *k)
    }
}

/// What resolving a key through `extends` found.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Resolved<'a> {
    /// The value, from the job or a template.
    Found(&'a Node),
    /// Neither the job nor any template sets it.
    Absent,
    /// A template is not in this file (included, or misspelled): cannot tell.
    Unknown,
}

/// GitLab's limit on `extends` nesting.
const MAX_EXTENDS_DEPTH: usize = 11;

impl<'a> Pipeline<'a> {
    /// The job or hidden job named `name` (the first, if repeated).
    pub(crate) fn job(&self, name: &str) -> Option<&Job<'a>> {
        self.index.get(name).and_then(|&i| self.jobs.get(i))
    }

    /// The value of `key` for `job`, from the job itself or the templates it extends (a later
    /// template of `extends` wins over an earlier one, the job over all).
    pub(crate) fn resolve(&self, job: &Job<'a>, key: &str) -> Resolved<'a> {
        self.resolve_at(job, key, 0)
    }

    fn resolve_at(&self, job: &Job<'a>, key: &str, depth: usize) -> Resolved<'a> {
        if let Some(v) = job.get(key) {
            return Resolved::Found(v);
        }
        if depth >= MAX_EXTENDS_DEPTH {
            return Resolved::Unknown;
        }
        let mut unknown = false;
        for parent in job.extends.iter().rev() {
            let Some(template) = parent.as_str().and_then(|n| self.job(n)) else {
                unknown = true;
                continue;
            };
            match self.resolve_at(template, key, depth + 1) {
                Resolved::Found(v) if !unknown => return Resolved::Found(v),
                Resolved::Found(_) | Resolved::Unknown => unknown = true,
                Resolved::Absent => {}
            }
        }
        if unknown {
            Resolved::Unknown
        } else {
            Resolved::Absent
        }
    }
}

/// Global keywords: every other top-level key is a job.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn messages(src: &str) -> Vec<String> {
        let doc = yaml::parse(src).unwrap();
        Pipeline::build(&doc)
            .issues
            .iter()
            .map(|i| format!("{}: {}", i.span.line, i.message))
            .collect()
    }

    #[test]
    fn a_valid_pipeline_has_no_issues() {
        let src = r#"
stages: [build, test]
variables:
  GIT_DEPTH: "10"
  LEVEL: {value: info, description: log level}
default:
  image: alpine:3.20
.base: &base
  tags: [docker]
build:
  <<: *base
  stage: build
  script:
    - make
    - !reference [.setup, script]
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
      when: always
test:
  stage: test
  needs: [build, {job: lint, optional: true}]
  script: make test
  coverage: '/total: (\d+)%/'
"#;
        assert_eq!(messages(src), Vec::<String>::new());
    }

    #[test]
    fn issues_are_recorded() {
        let src = "variable:\n  A: 1\nbuild:\n  stage: build\n  scripts: make\n  when: sometimes\n";
        assert_eq!(
            messages(src),
            [
                "1: unknown global keyword `variable` (did you mean `variables`?)",
                "5: unknown key `scripts` in job `build` (did you mean `script`?)",
                "6: `when` of job `build` must be one of `on_success`, `on_failure`, `always`, `manual`, `delayed` or `never`, not `sometimes`",
            ]
        );
    }

    #[test]
    fn extends_resolution() {
        let src = ".a: {stage: one}\n.b: {extends: .a}\njob: {extends: [.b, .x], script: s}\nother: {extends: .b, script: s}\n";
        let doc = yaml::parse(src).unwrap();
        let p = Pipeline::build(&doc);
        let job = p.job("job").unwrap();
        assert_eq!(p.resolve(job, "stage"), Resolved::Unknown);
        assert!(matches!(p.resolve(job, "script"), Resolved::Found(_)));
        let other = p.job("other").unwrap();
        assert!(
            matches!(p.resolve(other, "stage"), Resolved::Found(n) if n.as_str() == Some("one"))
        );
        assert_eq!(p.resolve(other, "when"), Resolved::Absent);
    }
}
