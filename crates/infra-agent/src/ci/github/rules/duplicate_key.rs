//! GA004 `duplicate-key`: the same key twice in one mapping.

use crate::ci::common::Ctx;
use crate::ci::github::model::Workflow;
use std::collections::HashMap;

use crate::yaml::{Node, Value};

declare_rule! {
    code: "GA004",
    name: "duplicate-key",
    severity: Error,
    summary: "The same key appears twice in one mapping.",
    help: "Remove one of the two, or merge their contents.",
    references: ["actionlint:syntax-check"],
    doc: r#"## What it does
Reports a key repeated in the same YAML mapping: two `env` blocks in one step, the same
variable twice in `env`, two `with` inputs of the same name. Repeated job ids are reported
by GA005.

## Why is this bad?
GitHub rejects a workflow with duplicate keys; other YAML tools silently keep one of the
values, so what the file says depends on who reads it.

## Example
```yaml
steps:
  - run: ./deploy.sh
    env:
      STAGE: staging
      STAGE: production
```

Use instead:
```yaml
steps:
  - run: ./deploy.sh
    env:
      STAGE: production
```

## References
- [YAML 1.2: mappings have unique keys](https://yaml.org/spec/1.2.2/#nodes)
"#,
}

/// Report repeated keys in every mapping but `jobs`.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    walk(wf.root, wf.jobs_node, ctx);
}

fn walk(node: &Node, skip: Option<&Node>, ctx: &mut Ctx<'_>) {
    match &node.value {
        Value::Map(entries) => {
            if !skip.is_some_and(|s| std::ptr::eq(s, node)) {
                let mut first_seen: HashMap<&str, &Node> = HashMap::new();
                for (key, _) in entries {
                    let Some(name) = key.as_str() else { continue };
                    if name == "<<" {
                        continue;
                    }
                    if let Some(first) = first_seen.get(name).copied() {
                        ctx.report(
                            &RULE,
                            key.span,
                            format!("key `{name}` is repeated (first at line {})", first.span.line),
                        );
                    }
                    first_seen.entry(name).or_insert(key);
                }
            }
            for (_, value) in entries {
                walk(value, skip, ctx);
            }
        }
        Value::Seq(items) => {
            for item in items {
                walk(item, skip, ctx);
            }
        }
        Value::Scalar { .. } => {}
    }
}
