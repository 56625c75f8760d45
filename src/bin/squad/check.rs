//! `squad check PATH... [--kind K] [--format text|json|sarif]`: deterministic linters only.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use squad_core::findings::render::{render_json, render_sarif, render_text};
use squad_core::findings::{Finding, Severity, sort_findings};

use crate::{EXIT_FINDINGS, EXIT_OK, Fatal};

/// Output formats of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum FindingsFormat {
    /// Human-readable, with the source line and a marker under the span.
    Text,
    /// DESIGN.md's JSON of findings.
    Json,
    /// SARIF 2.1.0, for code-scanning tools.
    Sarif,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Files or folders to check (folders are walked; files of no known kind are skipped there).
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// The kind of every file, instead of guessing from the name and content.
    #[arg(long)]
    kind: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = FindingsFormat::Text)]
    format: FindingsFormat,
}

/// Folders never worth walking into.
const SKIP_DIRS: &[&str] = &[".git", "target", "node_modules", ".venv", "__pycache__"];

pub(crate) fn run(args: CheckArgs) -> Result<u8, Fatal> {
    let checkers = devops_squad::all_checkers();
    if let Some(kind) = &args.kind
        && !checkers.kinds().contains(&kind.as_str())
    {
        return Err(Fatal(format!(
            "unknown --kind {kind:?}; known kinds: {}",
            checkers.kinds().join(", ")
        )));
    }

    let mut files: Vec<(PathBuf, bool)> = Vec::new();
    for path in &args.paths {
        let meta = std::fs::metadata(path).map_err(|e| {
            Fatal(format!(
                "cannot read {}: {e}; check the path and its permissions",
                path.display()
            ))
        })?;
        if meta.is_dir() {
            walk(path, &mut files)
                .map_err(|e| Fatal(format!("cannot walk {}: {e}", path.display())))?;
        } else {
            files.push((path.clone(), true));
        }
    }

    let mut sources: BTreeMap<String, String> = BTreeMap::new();
    let mut findings: Vec<Finding> = Vec::new();
    for (path, explicit) in files {
        let shown = display_path(&path);
        let bytes = std::fs::read(&path).map_err(|e| {
            Fatal(format!(
                "cannot read {shown}: {e}; check the path and its permissions"
            ))
        })?;
        let content = String::from_utf8_lossy(&bytes).into_owned();
        let kind = match &args.kind {
            Some(k) => Some(k.clone()),
            None => checkers.classify(&shown, &content).map(str::to_string),
        };
        let Some(kind) = kind else {
            if explicit {
                return Err(Fatal(format!(
                    "cannot tell what kind of file {shown} is; pass --kind with one of: {}",
                    checkers.kinds().join(", ")
                )));
            }
            continue;
        };
        findings.extend(checkers.check_as(&kind, &shown, &content));
        sources.insert(shown, content);
    }
    sort_findings(&mut findings);

    let out = match args.format {
        FindingsFormat::Text => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            render_text(
                &findings,
                sources.len(),
                &|p: &str| sources.get(p).cloned(),
                color,
            )
        }
        FindingsFormat::Json => render_json(&findings, sources.len()),
        FindingsFormat::Sarif => {
            let rules: Vec<_> = devops_squad::all_rules().iter().collect();
            render_sarif(&findings, &rules, env!("CARGO_PKG_VERSION"))
        }
    };
    out!("{out}");
    if !out.ends_with('\n') {
        outln!();
    }
    Ok(if findings.iter().any(|f| f.severity == Severity::Error) {
        EXIT_FINDINGS
    } else {
        EXIT_OK
    })
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, bool)>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let path = entry.path();
        let ty = entry.file_type()?;
        if ty.is_dir() {
            let name = entry.file_name();
            if !SKIP_DIRS.iter().any(|s| name == *s) {
                walk(&path, out)?;
            }
        } else if ty.is_file() {
            out.push((path, false));
        }
    }
    Ok(())
}

/// Paths as the user typed them, with `/` separators so output is the same on every OS.
fn display_path(path: &Path) -> String {
    let s = path.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}
