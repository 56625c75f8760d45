//! DC003 `duplicate-key`: the same key twice in one mapping.

use std::collections::HashMap;

use squad_core::findings::Span;

use crate::compose::context::Ctx;
use crate::yaml::{Node, Value};

declare_rule! {
    code: "DC003",
    name: "duplicate-key",
    severity: Error,
    summary: "A mapping has the same key twice.",
    help: "Keep one of the two keys; merge their contents if both hold something you need.",
    references: [],
    doc: r#"## What it does
Checks every mapping of the file, extensions included, for a key that appears twice, and
reports the second one.

## Why is this bad?
YAML requires unique keys and `docker compose` refuses the file (`mapping key "ports"
already defined`). Tools that accept it keep only one of the two values, so half of the
configuration silently disappears. Long services edited in several places are where this
happens.

## Example
```yaml
services:
  web:
    image: nginx:1.27.3
    ports: ["8080:80"]
    environment:
      LOG_LEVEL: info
    ports: ["8443:443"]
```

Use instead:
```yaml
services:
  web:
    image: nginx:1.27.3
    ports: ["8080:80", "8443:443"]
    environment:
      LOG_LEVEL: info
```

## References
- [YAML 1.2: mappings (keys are unique)](https://yaml.org/spec/1.2.2/#mapping)
"#,
}

/// Report repeated keys anywhere in the document.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let mut found = Vec::new();
    walk(ctx.root, &mut found);
    for (name, span, first) in found {
        ctx.report(
            &RULE,
            span,
            format!("duplicate key `{name}`: it is already defined on line {first}"),
        );
    }
}

fn walk(node: &Node, out: &mut Vec<(String, Span, u32)>) {
    match &node.value {
        Value::Scalar { .. } => {}
        Value::Seq(items) => items.iter().for_each(|i| walk(i, out)),
        Value::Map(entries) => {
            let mut seen: HashMap<&str, u32> = HashMap::new();
            for (key, value) in entries {
                if let Value::Scalar { text, .. } = &key.value {
                    match seen.get(text.as_str()) {
                        Some(first) => out.push((text.clone(), key.span, *first)),
                        None => {
                            seen.insert(text, key.span.line);
                        }
                    }
                }
                walk(value, out);
            }
        }
    }
}
