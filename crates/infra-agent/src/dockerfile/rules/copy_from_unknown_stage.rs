//! DF003 `copy-from-unknown-stage`: `COPY --from` a name that is no earlier stage.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Keyword, Stage};
use crate::dockerfile::rules::{copy_from_own_stage, last_flag};

declare_rule! {
    code: "DF003",
    name: "copy-from-unknown-stage",
    severity: Warning,
    summary: "`COPY --from=name` where no earlier stage has that name.",
    help: "Use the name of an earlier stage (`FROM … AS name`), its index, or a full image reference with a tag.",
    references: ["hadolint:DL3022"],
    doc: r#"## What it does
Checks `COPY --from=<x>` where `<x>` is neither the name of an earlier stage, nor the index
of an earlier stage, nor an image reference (anything with `:` or `/`, such as
`--from=nginx:1.27` or `--from=ghcr.io/org/tool`). Values built from variables are skipped.

## Why is this bad?
When `<x>` is not a stage, Docker takes it for an image name and tries to pull it: a typo in a
stage name (`--from=biuld`) becomes a pull of a Docker Hub image called `biuld`, which at best
fails and at worst is someone else's image. A stage defined later in the file does not count:
`--from` can only use earlier stages.

## Example
```dockerfile
FROM golang:1.23.3-bookworm AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=builder /out/app /app
```

Use instead:
```dockerfile
FROM golang:1.23.3-bookworm AS build
RUN go build -o /out/app .
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/app /app
```

## References
- [hadolint DL3022](https://github.com/hadolint/hadolint/wiki/DL3022)
- [Dockerfile reference: COPY --from](https://docs.docker.com/reference/dockerfile/#copy---from)
"#,
}

/// Report `COPY --from` values that are no earlier stage and no image, and for DF032
/// ([`copy_from_own_stage`]) those naming the COPY's own stage: one walk over the COPYs and
/// their `--from` serves both rules.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let stages = df.stages();
    let facts = ctx.facts;
    for inst in facts.instructions(Keyword::Copy) {
        let Some(current) = inst.stage else {
            continue;
        };
        let Some(flag) = last_flag(df, inst, "from") else {
            continue;
        };
        let Some(range) = flag.value else {
            continue;
        };
        copy_from_own_stage::check_from(df, ctx, current, range);
        // The value's bytes: the tests below need no `&str` (whose slicing checks character
        // boundaries); the text is read for an index or a finding.
        let bytes = df.text_bytes(range);
        // One byte pass rather than a `contains` per character set (char searchers).
        if bytes.is_empty() || bytes.iter().any(|b| matches!(b, b'$' | b':' | b'/')) {
            continue;
        }
        // Stage names are stored lowercased: comparing them case-insensitively with the value
        // is comparing them with the lowercased value, without allocating it.
        // The exact comparison first: `--from` values are usually written as the stage name.
        let named = |s: &Stage| {
            s.name()
                .is_some_and(|n| n.as_bytes() == bytes || n.as_bytes().eq_ignore_ascii_case(bytes))
        };
        let earlier = &stages[..current.min(stages.len())];
        // Only a value starting with a digit or `+` can be an index (`usize::from_str`):
        // stage names (`deps`) are not parsed.
        let may_be_index = bytes.first().is_some_and(|b| b.is_ascii_digit() || *b == b'+');
        if may_be_index && let Ok(index) = df.text(range).parse::<usize>() {
            if index >= current {
                ctx.report(
                    &RULE,
                    df.span(range),
                    format!(
                        "`--from={}` is not the index of an earlier stage (this is stage {current})",
                        df.text(range)
                    ),
                );
            }
            continue;
        }
        if earlier.iter().any(named) {
            continue;
        }
        if stages.get(current).is_some_and(named) {
            // Copying from the stage itself is DF032.
            continue;
        }
        let value = df.text(range);
        let later = stages[current.min(stages.len())..]
            .iter()
            .find(|s| named(s));
        let message = match later {
            Some(s) => {
                let line = df.instructions().get(s.from).map_or(0, |i| i.start_line());
                format!(
                    "stage `{value}` is defined later, on line {line}: `--from` can only use an earlier stage"
                )
            }
            None => format!(
                "no earlier stage is named `{value}`: Docker will try to pull an image called `{value}`"
            ),
        };
        ctx.report(&RULE, df.span(range), message);
    }
}
