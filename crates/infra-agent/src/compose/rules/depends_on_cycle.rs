//! DC022 `depends-on-cycle`: services that depend on each other.

use std::collections::{HashMap, HashSet};

use squad_core::findings::Span;

use crate::compose::context::Ctx;
use crate::compose::model::Project;

declare_rule! {
    code: "DC022",
    name: "depends-on-cycle",
    severity: Error,
    summary: "`depends_on` forms a cycle: none of the services in it can start first.",
    help: "Break the cycle: remove the `depends_on` entry that is not a real startup dependency (a service that retries its connections needs none).",
    references: [],
    doc: r#"## What it does
Follows `depends_on` between the services of the file and reports each cycle once, at the
entry that closes it, including a service that depends on itself.

## Why is this bad?
Compose starts a service after its dependencies; in a cycle, each waits for another.
`docker compose` refuses the project (`dependency cycle detected`).

## Example
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
    depends_on: [worker]
  worker:
    image: ghcr.io/acme/worker:1.4.2
    depends_on: [api]
```

Use instead:
```yaml
services:
  api:
    image: ghcr.io/acme/api:1.4.2
  worker:
    image: ghcr.io/acme/worker:1.4.2
    depends_on: [api]
```

## References
- [Compose Specification: depends_on](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#depends_on)
"#,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    New,
    Open,
    Done,
}

struct Search<'p> {
    project: &'p Project<'p>,
    /// Service index by name (the first service of a repeated name).
    by_name: HashMap<&'p str, usize>,
    marks: Vec<Mark>,
    stack: Vec<usize>,
    cycles: Vec<(Span, Vec<usize>)>,
    seen: HashSet<Vec<usize>>,
}

impl Search<'_> {
    fn index(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// Depth-first search, iterative so that a long chain cannot exhaust the stack.
    fn visit(&mut self, root: usize) {
        // (service, next dependency to look at)
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        self.marks[root] = Mark::Open;
        self.stack.push(root);
        while let Some(top) = work.last_mut() {
            let (node, position) = *top;
            top.1 += 1;
            let project = self.project;
            let Some(dep) = project.services[node].depends_on.get(position) else {
                self.marks[node] = Mark::Done;
                self.stack.pop();
                work.pop();
                continue;
            };
            let Some(target) = self.index(dep.name.name) else {
                continue;
            };
            match self.marks[target] {
                Mark::New => {
                    self.marks[target] = Mark::Open;
                    self.stack.push(target);
                    work.push((target, 0));
                }
                Mark::Open => {
                    let start = self.stack.iter().position(|&s| s == target).unwrap_or(0);
                    let members: Vec<usize> = self.stack[start..].to_vec();
                    let mut key = members.clone();
                    key.sort_unstable();
                    if self.seen.insert(key) {
                        self.cycles.push((dep.name.span, members));
                    }
                }
                Mark::Done => {}
            }
        }
    }
}

/// Report dependency cycles.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    let mut by_name = HashMap::new();
    for (index, service) in project.services.iter().enumerate() {
        by_name.entry(service.name).or_insert(index);
    }
    let mut search = Search {
        project,
        by_name,
        marks: vec![Mark::New; project.services.len()],
        stack: Vec::new(),
        cycles: Vec::new(),
        seen: HashSet::new(),
    };
    for root in 0..project.services.len() {
        if search.marks[root] == Mark::New {
            search.visit(root);
        }
    }
    for (span, members) in search.cycles {
        let mut names: Vec<String> = members
            .iter()
            .map(|&i| format!("`{}`", project.services[i].name))
            .collect();
        if let Some(first) = names.first().cloned() {
            names.push(first);
        }
        ctx.report(
            &RULE,
            span,
            format!("dependency cycle: {}", names.join(" -> ")),
        );
    }
}
