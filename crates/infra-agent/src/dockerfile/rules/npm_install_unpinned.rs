//! DF019 `npm-install-unpinned`: npm install of packages without versions.

use crate::dockerfile::cli::{Program, positionals, subcommand};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::Dockerfile;
use crate::dockerfile::shell::Word;

declare_rule! {
    code: "DF019",
    name: "npm-install-unpinned",
    severity: Warning,
    summary: "npm install of a named package without a pinned version.",
    help: "Pin the version (`npm install --global pnpm@9.14.2`); for the project's dependencies, use `npm ci` with a lockfile.",
    references: ["hadolint:DL3016"],
    doc: r#"## What it does
Checks `npm install` (`npm i`, `npm add`) of named packages without a version: `express`
instead of `express@4.21.1`, `@nestjs/cli` instead of `@nestjs/cli@10.4.8`. The tags `latest`
and `next` do not count as versions. Git URLs and GitHub shorthands must name a commit or tag
(`#v1.2.3`); local paths, tarballs and arguments built from variables are accepted. A bare
`npm install` (dependencies from `package.json`) is not reported.

## Why is this bad?
Without a version, every build installs the newest release: rebuilding the same commit can
pull a breaking major version, or a compromised release, into the image.

## Example
```dockerfile
FROM node:22.11.0-bookworm-slim
RUN npm install --global pnpm
```

Use instead:
```dockerfile
FROM node:22.11.0-bookworm-slim
RUN npm install --global pnpm@9.14.2
```

## References
- [hadolint DL3016](https://github.com/hadolint/hadolint/wiki/DL3016)
- [npm ci](https://docs.npmjs.com/cli/commands/npm-ci)
"#,
}

const NPM_VALUE_OPTIONS: &[&str] = &[
    "--prefix",
    "--registry",
    "--cache",
    "--tag",
    "-w",
    "--workspace",
    "--userconfig",
    "--loglevel",
    "--omit",
    "--include",
    "--install-strategy",
];

fn version_is_pinned(version: &str) -> bool {
    !version.is_empty() && version != "latest" && version != "next"
}

fn is_pinned(spec: &str) -> bool {
    let lower = spec.to_ascii_lowercase();
    if spec.contains('$')
        || spec.starts_with(['.', '/', '~'])
        || lower.starts_with("file:")
        || [".tgz", ".tar.gz", ".tar"].iter().any(|e| lower.ends_with(e))
    {
        return true;
    }
    if lower.contains("://") || lower.starts_with("git+") || lower.starts_with("github:") {
        return spec.contains('#');
    }
    if let Some(scoped) = spec.strip_prefix('@') {
        return match scoped.split_once('@') {
            Some((_, version)) => version_is_pinned(version),
            None => false,
        };
    }
    if spec.contains('/') {
        // GitHub shorthand `user/repo`: pinned only with `#ref`.
        return spec.contains('#');
    }
    match spec.split_once('@') {
        Some((_, version)) => version_is_pinned(version),
        None => false,
    }
}

/// The package name without a version or tag: `@scope/name@latest` gives `@scope/name`.
fn package_name(spec: &str) -> &str {
    let (scope, rest) = match spec.strip_prefix('@') {
        Some(rest) => ("@", rest),
        None => ("", spec),
    };
    let end = rest.find('@').map_or(spec.len(), |at| scope.len() + at);
    spec.get(..end).unwrap_or(spec)
}

/// Whether an npm subcommand installs packages (`isntall` is npm's own alias for the typo).
fn is_install(subcommand: &str) -> bool {
    matches!(subcommand, "install" | "i" | "add" | "in" | "isntall")
}

/// Report each unpinned package.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    if !facts.runs_program(Program::Npm) {
        return;
    }
    for run in &facts.runs {
        for (script, cmd) in run.commands() {
            if cmd.name() != Some("npm") {
                continue;
            }
            // The subcommand is one of the arguments: a command none of whose arguments can be
            // an install (`npm ci`, `npm run build`) is passed over without looking for it.
            let may_install = |w: &Word<'_>| w.plain().is_none_or(is_install);
            if !cmd.args().iter().any(may_install) {
                continue;
            }
            let Some((sub, rest)) = subcommand(cmd.args(), NPM_VALUE_OPTIONS) else {
                continue;
            };
            if !is_install(&sub.value()) {
                continue;
            }
            for (_, word) in positionals(rest, NPM_VALUE_OPTIONS) {
                if is_pinned(&word.value()) {
                    continue;
                }
                let spec = word.value();
                let pinned = if !spec.starts_with('@') && spec.contains('/') {
                    format!("{spec}#<tag or commit>")
                } else {
                    format!("{}@<version>", package_name(&spec))
                };
                ctx.report(
                    &RULE,
                    script.span(df, word),
                    format!("`npm install` of `{spec}` without a version: pin it as `{pinned}`"),
                );
            }
        }
    }
}
