//! GA009 `needs-cycle`: jobs that need each other, directly or through others.

use std::collections::HashMap;

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;
use crate::yaml::Node;

declare_rule! {
    code: "GA009",
    name: "needs-cycle",
    severity: Error,
    summary: "Jobs depend on each other in a cycle through `needs`.",
    help: "Break the cycle: one of these jobs must not need the next.",
    references: ["actionlint:job-needs"],
    doc: r#"## What it does
Reports a cycle in the `needs` graph, once per cycle, with its path (`a -> b -> a`). A job
that needs itself is the shortest cycle.

## Why is this bad?
No job of a cycle can ever start, since each waits for another; GitHub rejects the workflow.

## Example
```yaml
jobs:
  build:
    needs: test
    runs-on: ubuntu-24.04
    steps: [{run: make}]
  test:
    needs: build
    runs-on: ubuntu-24.04
    steps: [{run: make test}]
```

Use instead:
```yaml
jobs:
  build:
    runs-on: ubuntu-24.04
    steps: [{run: make}]
  test:
    needs: build
    runs-on: ubuntu-24.04
    steps: [{run: make test}]
```

## References
- [Workflow syntax: jobs.<job_id>.needs](https://docs.github.com/actions/reference/workflow-syntax-for-github-actions#jobsjob_idneeds)
- [actionlint: job-needs](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Report every elementary cycle found by a depth-first search, at the `needs` entry of its
/// first job (in document order) that points to the next job of the cycle.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    let n = wf.jobs.len();
    let mut ids: HashMap<String, usize> = HashMap::new();
    for (i, job) in wf.jobs.iter().enumerate() {
        ids.entry(job.id.to_ascii_lowercase()).or_insert(i);
    }
    let index = |name: &str| ids.get(&name.to_ascii_lowercase()).copied();
    // Edges: job -> (needed job, the `needs` node naming it).
    let edges: Vec<Vec<(usize, &Node)>> = wf
        .jobs
        .iter()
        .map(|j| {
            j.needs
                .iter()
                .filter_map(|node| node.as_str().and_then(index).map(|to| (to, *node)))
                .collect()
        })
        .collect();
    let mut state = vec![0u8; n]; // 0 unvisited, 1 on the stack, 2 done
    let mut seen_cycles: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if state[start] != 0 {
            continue;
        }
        // Iterative DFS: (job, next edge to follow).
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        state[start] = 1;
        while let Some(&mut (job, ref mut next)) = stack.last_mut() {
            let Some(&(to, _)) = edges[job].get(*next) else {
                state[job] = 2;
                stack.pop();
                continue;
            };
            *next += 1;
            match state[to] {
                0 => {
                    state[to] = 1;
                    stack.push((to, 0));
                }
                1 => {
                    let from = stack.iter().position(|(j, _)| *j == to).unwrap_or(0);
                    let cycle = normalize(stack[from..].iter().map(|(j, _)| *j).collect());
                    if !seen_cycles.contains(&cycle) {
                        report(wf, &edges, &cycle, ctx);
                        seen_cycles.push(cycle);
                    }
                }
                _ => {}
            }
        }
    }
}

/// Rotate a cycle so that its first job comes first in the document.
fn normalize(mut cycle: Vec<usize>) -> Vec<usize> {
    if let Some(min) = cycle.iter().enumerate().min_by_key(|(_, j)| **j).map(|(i, _)| i) {
        cycle.rotate_left(min);
    }
    cycle
}

fn report(wf: &Workflow<'_>, edges: &[Vec<(usize, &Node)>], cycle: &[usize], ctx: &mut Ctx<'_>) {
    let first = cycle[0];
    let next = cycle.get(1).copied().unwrap_or(first);
    let Some((_, node)) = edges[first].iter().find(|(to, _)| *to == next) else {
        return;
    };
    let mut path: Vec<&str> = cycle.iter().map(|j| wf.jobs[*j].id).collect();
    path.push(wf.jobs[first].id);
    let message = if cycle.len() == 1 {
        format!("job `{}` needs itself", wf.jobs[first].id)
    } else {
        format!(
            "jobs need each other in a cycle: {}",
            path.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" -> ")
        )
    };
    ctx.report(&RULE, node.span, message);
}
