//! DF033 `copy-multiple-sources-dest-not-dir`: several sources into a destination without `/`.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Keyword};

declare_rule! {
    code: "DF033",
    name: "copy-multiple-sources-dest-not-dir",
    severity: Error,
    summary: "COPY or ADD with several sources needs a destination ending in `/`.",
    help: "End the destination with `/` (e.g. `COPY package.json package-lock.json ./`).",
    references: ["hadolint:DL3021"],
    doc: r#"## What it does
Checks COPY and ADD instructions with more than one source (heredocs included) whose
destination does not end with `/`.

## Why is this bad?
With several sources the destination must be a directory, and Docker requires it to end with
`/`: the build fails otherwise.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim
COPY package.json package-lock.json /app
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
COPY package.json package-lock.json /app/
```

## References
- [hadolint DL3021](https://github.com/hadolint/hadolint/wiki/DL3021)
- [Dockerfile reference: COPY](https://docs.docker.com/reference/dockerfile/#copy)
"#,
}

/// Report multi-source COPY/ADD into a non-directory.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    // The COPYs and ADDs in file order, then the triggers: plain walks rather than chained
    // iterators, which asked on every step which of them was current.
    let triggers = facts.triggers(Keyword::Copy, Keyword::Add);
    for inst in facts.either(Keyword::Copy, Keyword::Add).chain(triggers) {
        let Some((dest, sources)) = df.operands(inst).split_last() else {
            continue;
        };
        if sources.len() < 2 {
            continue;
        }
        let value = df.value(dest);
        let is_dir = value.ends_with('/') || (df.escape == b'`' && value.ends_with('\\'));
        if is_dir || value.contains('$') {
            continue;
        }
        ctx.report(
            &RULE,
            df.span(dest.range),
            format!(
                "{} has {} sources, so `{value}` must be a directory ending in `/`",
                inst.keyword().as_str(),
                sources.len()
            ),
        );
    }
}
