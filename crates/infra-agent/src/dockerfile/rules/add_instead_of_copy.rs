//! DF022 `add-instead-of-copy`: ADD for local files.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Instruction, Keyword};

declare_rule! {
    code: "DF022",
    name: "add-instead-of-copy",
    severity: Warning,
    summary: "ADD copies local files or folders: COPY does that without surprises.",
    help: "Use COPY; keep ADD for remote URLs, git repositories and local tar archives to extract.",
    references: ["hadolint:DL3020", "checkov:CKV_DOCKER_4"],
    doc: r#"## What it does
Checks for ADD instructions whose sources are local files or folders (or heredocs): not a URL,
not a git repository, not a tar archive that ADD would extract.

## Why is this bad?
ADD does more than copy: it downloads URLs and unpacks archives. When the source is a plain
file, that magic only makes the instruction harder to read, and a file that happens to be a
tar archive gets unpacked instead of copied. COPY says exactly what happens.

## Example
```dockerfile
FROM python:3.12.7-slim-bookworm
ADD requirements.txt /app/
```

Use instead:
```dockerfile
FROM python:3.12.7-slim-bookworm
COPY requirements.txt /app/
```

## References
- [hadolint DL3020](https://github.com/hadolint/hadolint/wiki/DL3020)
- [checkov CKV_DOCKER_4](https://www.checkov.io/5.Policy%20Index/dockerfile.html)
- [Docker best practices: ADD or COPY](https://docs.docker.com/build/building/best-practices/#add-or-copy)
"#,
}

const ARCHIVES: &[&str] = &[
    ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tb2", ".tar.xz", ".txz",
    ".tar.zst", ".tzst", ".tar.lz", ".tlz", ".tar.lzma", ".tar.z", ".tz", ".gz", ".bz2", ".xz",
    ".zst", ".lz", ".lzma", ".z",
];

fn is_remote_or_archive(source: &str) -> bool {
    let lower = source.to_ascii_lowercase();
    lower.contains("://")
        || lower.starts_with("git@")
        || ARCHIVES.iter().any(|ext| lower.ends_with(ext))
}

fn check_add(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>, inst: &Instruction) {
    if df.flag_value(inst, "checksum").is_some() || df.flag_value(inst, "keep-git-dir").is_some() {
        return;
    }
    let Some((_dest, sources)) = df.operands(inst).split_last() else {
        return;
    };
    for source in sources {
        let is_heredoc = df.heredocs(inst).iter().any(|h| h.word == source.range);
        let value = df.value(source);
        if !is_heredoc && (value.contains('$') || is_remote_or_archive(&value)) {
            continue;
        }
        let what = if is_heredoc {
            "a heredoc".to_string()
        } else {
            format!("the local `{value}`")
        };
        ctx.report(
            &RULE,
            df.span(source.range),
            format!("ADD copies {what}: use COPY"),
        );
        return;
    }
}

/// Report ADD of local sources.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    for inst in facts.with_triggers(Keyword::Add) {
        check_add(df, ctx, inst);
    }
}
