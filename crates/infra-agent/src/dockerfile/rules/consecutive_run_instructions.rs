//! DF021 `consecutive-run-instructions`: RUN right after RUN.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Instruction, Keyword};

declare_rule! {
    code: "DF021",
    name: "consecutive-run-instructions",
    severity: Info,
    summary: "Consecutive RUN instructions with the same flags could be one.",
    help: "Join the commands into one RUN with `&&` (or a heredoc: `RUN <<EOF`).",
    references: ["hadolint:DL3059"],
    doc: r#"## What it does
Checks for a RUN that directly follows another RUN of the same stage with the same flags
(`--mount`, `--network`, …). RUNs with different mounts are left alone: they cannot always be
merged.

## Why is this bad?
Each RUN is a layer. Splitting one logical step over several RUNs makes the image bigger
(files deleted in a later layer still ship in the earlier one) and the build slower.

## Example
```dockerfile
FROM debian:12.8-slim
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
```

Use instead:
```dockerfile
FROM debian:12.8-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
 && rm -rf /var/lib/apt/lists/*
```

## References
- [hadolint DL3059](https://github.com/hadolint/hadolint/wiki/DL3059)
- [Docker best practices: minimize the number of layers](https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers)
"#,
}

fn same_flags(df: &Dockerfile<'_>, a: &Instruction, b: &Instruction) -> bool {
    let (a, b) = (df.flags(a), df.flags(b));
    a.len() == b.len()
        && a
            .iter()
            .zip(b)
            .all(|(x, y)| df.text(x.range) == df.text(y.range))
}

/// Report a RUN that follows a RUN with the same flags.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    let instructions = df.instructions();
    for (at, inst) in facts.positions(Keyword::Run) {
        let Some(prev) = at.checked_sub(1).and_then(|p| instructions.get(p)) else {
            continue;
        };
        // Both in the same stage: a RUN before the first FROM is in none.
        if prev.keyword() == Keyword::Run
            && inst.stage.is_some()
            && prev.stage == inst.stage
            && same_flags(df, prev, inst)
        {
            ctx.report(
                &RULE,
                df.keyword_span(inst),
                format!(
                    "this RUN directly follows the RUN on line {}: join them to save a layer",
                    prev.start_line()
                ),
            );
        }
    }
}
