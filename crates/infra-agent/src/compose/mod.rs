//! Docker Compose files: a typed model of the Compose Specification, the rules, the checker
//! and the seed stack's baseline.
//!
//! ```
//! use infra_agent::compose::ComposeChecker;
//! use squad_core::check::Checker;
//!
//! let file = "services:\n  db:\n    image: postgres:latest\n    enviroment:\n      POSTGRES_PASSWORD: hunter2\n";
//! let findings = ComposeChecker.check("docker-compose.yml", file);
//! let codes: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
//! assert_eq!(codes, ["DC016", "DC001"]);
//! assert!(findings[1].message.contains("did you mean `environment`"));
//! ```
//!
//! Findings can be silenced with a comment naming the codes, on the offending line or on the
//! line above it: `# squad-ignore=DC019,DC018`; for the whole file with
//! `# squad-ignore-file=DC004`. Syntax errors (DC000) cannot be silenced.
//!
//! What the checker assumes: each file is checked alone. A file that `include`s others, or an
//! override file (`docker-compose.override.yml`, any name containing `override`), may rely
//! on declarations it does not hold, so references to undeclared services, networks,
//! volumes, secrets and configs are not reported there (nor, in override files, services
//! without `image` or `build`).

mod baseline;
mod context;
mod model;
mod mounts;
mod ports;
mod rules;
mod schema;
mod spans;
mod text;
mod validate;

use squad_core::check::Checker;
use squad_core::findings::{Finding, Rule, sort_findings};

pub use baseline::{KNOWN_SERVICES, compose_baseline, env_example};

use crate::yaml;
use context::Ctx;
use model::Project;

/// The checker of Docker Compose files (kind `compose`).
#[derive(Debug, Clone, Copy, Default)]
pub struct ComposeChecker;

impl ComposeChecker {
    /// The kind of artifact this checker handles.
    pub const KIND: &'static str = "compose";
}

impl Checker for ComposeChecker {
    fn kind(&self) -> &'static str {
        Self::KIND
    }

    /// `compose.yaml`, `compose.yml`, `docker-compose.yml`, `docker-compose.yaml`, and their
    /// variants (`docker-compose.prod.yml`, `compose.override.yaml`, `docker-compose-dev.yml`,
    /// `prod.compose.yml`); otherwise a `.yml`/`.yaml` file whose top level has a `services`
    /// mapping.
    fn matches(&self, path: &str, content: &str) -> bool {
        let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
        let lower = name.to_ascii_lowercase();
        let Some(stem) = lower
            .strip_suffix(".yml")
            .or_else(|| lower.strip_suffix(".yaml"))
        else {
            return false;
        };
        is_compose_name(stem) || has_services_mapping(content)
    }

    fn rules(&self) -> &'static [&'static Rule] {
        rules::RULES
    }

    fn check(&self, path: &str, content: &str) -> Vec<Finding> {
        let source = content.strip_prefix('\u{feff}').unwrap_or(content);
        let mut root = match yaml::parse(source) {
            Ok(root) => root,
            Err(error) => return vec![rules::syntax_error::finding(path, &error, source)],
        };
        spans::tighten(&mut root, source);
        let issues = validate::validate(&root);
        let project = Project::new(&root, path);
        let mut ctx = Ctx::new(path, &root, &project, &issues);
        for check in rules::CHECKS {
            check(&mut ctx);
        }
        let mut findings = ctx.into_findings();
        let ignores = Ignores::of(source);
        if !ignores.is_empty() {
            findings.retain(|f| !ignores.suppresses(f));
        }
        sort_findings(&mut findings);
        findings
    }
}

/// File stems (lowercase, without `.yml`/`.yaml`) that name a compose file.
fn is_compose_name(stem: &str) -> bool {
    const PREFIXES: &[&str] = &[
        "compose.",
        "compose-",
        "compose_",
        "docker-compose.",
        "docker-compose-",
        "docker-compose_",
        "docker_compose",
    ];
    const SUFFIXES: &[&str] = &[".compose", "-compose", "_compose"];
    stem == "compose"
        || stem == "docker-compose"
        || PREFIXES.iter().any(|p| stem.starts_with(p))
        || SUFFIXES.iter().any(|s| stem.ends_with(s))
}

/// Whether the top level of `content` has a `services` mapping. A file that does not parse
/// but has a `services:` line at the top level counts (so its syntax error is reported).
fn has_services_mapping(content: &str) -> bool {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let top_level_line = content
        .lines()
        .any(|l| l.starts_with("services:") || l.starts_with("\"services\":"));
    if !top_level_line {
        return false;
    }
    match yaml::parse(content) {
        Ok(root) => root.get("services").is_some_and(|s| s.as_map().is_some()),
        Err(_) => true,
    }
}

/// `# squad-ignore=CODES` comments (same line or the line above) and
/// `# squad-ignore-file=CODES`.
#[derive(Debug, Default)]
struct Ignores {
    /// (line, codes) of each line-level comment.
    lines: Vec<(u32, Vec<String>)>,
    file: Vec<String>,
}

impl Ignores {
    fn of(source: &str) -> Self {
        let mut out = Self::default();
        if !source.contains("squad-ignore") {
            return out;
        }
        for (index, line) in source.lines().enumerate() {
            let Some(at) = line.find("# squad-ignore") else {
                continue;
            };
            let comment = line.get(at + 2..).unwrap_or("");
            let line_no = u32::try_from(index + 1).unwrap_or(u32::MAX);
            if let Some(codes) = comment.strip_prefix("squad-ignore-file=") {
                out.file.extend(codes_of(codes));
            } else if let Some(codes) = comment.strip_prefix("squad-ignore=") {
                out.lines.push((line_no, codes_of(codes)));
            }
        }
        out
    }

    fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.file.is_empty()
    }

    fn suppresses(&self, finding: &Finding) -> bool {
        if finding.rule == rules::syntax_error::RULE.code {
            return false;
        }
        let named = |codes: &[String]| codes.iter().any(|c| c.eq_ignore_ascii_case(&finding.rule));
        named(&self.file)
            || self.lines.iter().any(|(line, codes)| {
                (*line == finding.line || *line + 1 == finding.line) && named(codes)
            })
    }
}

/// `DC001,DC004 reason...` → the codes (prose after the codes ends the list).
fn codes_of(text: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for piece in text.split(',') {
        let mut words = piece.split_whitespace();
        if let Some(code) = words.next() {
            codes.push(code.to_string());
        }
        if words.next().is_some() {
            break;
        }
    }
    codes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_compose_names_and_content() {
        let c = ComposeChecker;
        for name in [
            "compose.yaml",
            "compose.yml",
            "docker-compose.yml",
            "docker/docker-compose.prod.yml",
            "compose.override.yaml",
            "docker-compose-dev.yaml",
            "deploy/prod.compose.yml",
            r"C:\app\Docker-Compose.YML",
        ] {
            assert!(c.matches(name, ""), "{name}");
        }
        for name in [
            "composer.json",
            "compose.json",
            "docker-compose.yml.bak",
            "values.yaml",
        ] {
            assert!(!c.matches(name, ""), "{name}");
        }
        assert!(c.matches("stack.yml", "services:\n  web:\n    image: a:1\n"));
        assert!(!c.matches("stack.txt", "services:\n  web:\n    image: a:1\n"));
        assert!(
            !c.matches(
                ".gitlab-ci.yml",
                "services:\n  - postgres:16\ntest:\n  script: [x]\n"
            ),
            "GitLab CI's services is a list"
        );
        assert!(!c.matches("ci.yml", "jobs:\n  t:\n    services:\n      db: {}\n"));
    }

    #[test]
    fn ignore_comments() {
        let file = "services:\n  a:\n    image: redis # squad-ignore=DC015\n  b:\n    # squad-ignore=DC015 vendored\n    image: redis\n  c:\n    image: redis\n";
        let findings = ComposeChecker.check("compose.yaml", file);
        let lines: Vec<u32> = findings.iter().map(|f| f.line).collect();
        assert_eq!(lines, [8]);
        let whole = format!("# squad-ignore-file=DC015\n{file}");
        assert!(ComposeChecker.check("compose.yaml", &whole).is_empty());
    }
}
