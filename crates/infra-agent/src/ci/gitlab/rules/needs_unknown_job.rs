//! GL005 `needs-unknown-job`: `needs` or `dependencies` names a job that does not exist.

use std::collections::HashSet;

use crate::ci::common::{Ctx, did_you_mean, suggestion_suffix};
use crate::ci::gitlab::model::Pipeline;
use crate::yaml::Node;

declare_rule! {
    code: "GL005",
    name: "needs-unknown-job",
    severity: Error,
    summary: "`needs` or `dependencies` names a job that is not in the pipeline.",
    help: "Name an existing (non-hidden) job, or mark the need `optional: true` if the job only exists under some rules.",
    references: [],
    doc: r#"## What it does
Reports each job named in `needs` or `dependencies` that is not a job of this file. Needs
marked `optional: true` and needs on another pipeline or project (`pipeline:`, `project:`)
are skipped, as are all names when the file has an `include` (the job may come from it).
Hidden jobs (`.name`) never run, so they cannot be needed.

## Why is this bad?
GitLab rejects the pipeline: "job needs a job that does not exist". It happens when a job is
renamed and the jobs depending on it are not updated.

## Example
```yaml
build:
  script: make
test:
  needs: [biuld]
  dependencies: [biuld]
  script: make test
```

Use instead:
```yaml
build:
  script: make
test:
  needs: [build]
  dependencies: [build]
  script: make test
```

## References
- [`needs`](https://docs.gitlab.com/ci/yaml/#needs)
- [`dependencies`](https://docs.gitlab.com/ci/yaml/#dependencies)
"#,
}

/// Report needs and dependencies naming no job.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    if p.has_include {
        return;
    }
    let ordered: Vec<&str> = p.jobs.iter().filter(|j| !j.hidden).map(|j| j.name).collect();
    let names = Names {
        set: ordered.iter().copied().collect(),
        ordered,
    };
    for job in p.jobs.iter().filter(|j| !j.hidden) {
        for need in &job.needs {
            if !need.optional && !need.external {
                check_one(need.job, "needs", job.name, &names, ctx);
            }
        }
        for dep in &job.dependencies {
            check_one(dep, "dependencies", job.name, &names, ctx);
        }
    }
}

fn check_one(node: &Node, keyword: &str, job: &str, names: &Names<'_>, ctx: &mut Ctx<'_>) {
    let Some(name) = node.as_str() else { return };
    // A parallel:matrix instance is named `job: [a, b]`.
    let base = name.split_once(": [").map_or(name, |(b, _)| b).trim();
    if names.set.contains(name) || names.set.contains(base) || name.contains('$') {
        return;
    }
    ctx.report(
        &RULE,
        node.span,
        format!(
            "job `{job}` lists `{name}` in `{keyword}`, which is not a job of this pipeline{}",
            suggestion_suffix(did_you_mean(name, &names.ordered))
        ),
    );
}

/// The visible jobs: in document order (for suggestions) and as a set.
struct Names<'n> {
    ordered: Vec<&'n str>,
    set: HashSet<&'n str>,
}
