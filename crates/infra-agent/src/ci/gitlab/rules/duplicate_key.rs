//! GL003 `duplicate-key`: the same key twice in one mapping.

use crate::ci::common::Ctx;
use crate::ci::gitlab::model::Pipeline;
use std::collections::HashMap;

use crate::yaml::{Node, Value};

declare_rule! {
    code: "GL003",
    name: "duplicate-key",
    severity: Warning,
    summary: "The same key appears twice in one mapping; only the last one counts.",
    help: "Remove one of the two, or merge their contents (two jobs need two names).",
    references: [],
    doc: r#"## What it does
Reports a key repeated in the same YAML mapping: two jobs with one name, a keyword twice in
a job, a variable twice in `variables`.

## Why is this bad?
GitLab's YAML loader keeps the last value without a word: the first job, or the first
`script`, silently disappears from the pipeline.

## Example
```yaml
test:
  script: npm run test:unit
test:
  script: npm run test:e2e
```

Use instead:
```yaml
test-unit:
  script: npm run test:unit
test-e2e:
  script: npm run test:e2e
```

## References
- [YAML 1.2: mappings have unique keys](https://yaml.org/spec/1.2.2/#nodes)
"#,
}

/// Report repeated keys in every mapping.
pub(crate) fn check(p: &Pipeline<'_>, ctx: &mut Ctx<'_>) {
    walk(p.root, ctx);
}

fn walk(node: &Node, ctx: &mut Ctx<'_>) {
    match &node.value {
        Value::Map(entries) => {
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
                        format!(
                            "key `{name}` is repeated (first at line {}); only this one counts",
                            first.span.line
                        ),
                    );
                }
                first_seen.entry(name).or_insert(key);
            }
            for (_, value) in entries {
                walk(value, ctx);
            }
        }
        Value::Seq(items) => items.iter().for_each(|i| walk(i, ctx)),
        Value::Scalar { .. } => {}
    }
}
