//! Dockerfiles: a BuildKit-faithful parser, the rules, the checker and baseline Dockerfiles.
//!
//! ```
//! use infra_agent::dockerfile::DockerfileChecker;
//! use squad_core::check::Checker;
//!
//! let findings = DockerfileChecker.check("Dockerfile", "FROM node:latest\nCMD node server.js\n");
//! let codes: Vec<&str> = findings.iter().map(|f| f.rule.as_str()).collect();
//! assert!(codes.contains(&"DF007"), "{codes:?}");
//! ```
//!
//! Findings can be silenced for one instruction with a comment on the line(s) right above it,
//! `# squad-ignore=DF011,DF013`, or hadolint's `# hadolint ignore=DL3008` (matched through each
//! rule's `hadolint:` reference); for the whole file with `# squad-ignore-file=DF021` or
//! `# hadolint global ignore=DL3059`. Syntax errors (DF000) cannot be silenced.

mod baseline;
mod cli;
mod context;
mod parser;
mod rules;
mod shell;

use squad_core::check::Checker;
use squad_core::findings::{Finding, Rule, sort_findings};

pub use baseline::baseline_dockerfile;
pub use parser::{Dockerfile, Instruction, Keyword, Stage, SyntaxError, parse};

use context::{Ctx, Facts};

/// The checker of Dockerfiles (kind `dockerfile`).
#[derive(Debug, Clone, Copy, Default)]
pub struct DockerfileChecker;

impl DockerfileChecker {
    /// The kind of artifact this checker handles.
    pub const KIND: &'static str = "dockerfile";
}

impl Checker for DockerfileChecker {
    fn kind(&self) -> &'static str {
        Self::KIND
    }

    /// `Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*`, `Containerfile.*` (not
    /// `*.dockerignore`), or content whose first instruction, after comments and ARGs, is FROM.
    fn matches(&self, path: &str, content: &str) -> bool {
        // The usual path, the bare name `Dockerfile`: recognized at once on two words.
        if is_bare_dockerfile(path.as_bytes()) {
            return true;
        }
        let name = file_name(path);
        // Case-insensitive prefix and suffix tests, without lowercasing the name.
        let b = name.as_bytes();
        let starts = |p: &str| {
            b.get(..p.len())
                .is_some_and(|h| h.eq_ignore_ascii_case(p.as_bytes()))
        };
        let ends = |s: &str| {
            b.len()
                .checked_sub(s.len())
                .and_then(|at| b.get(at..))
                .is_some_and(|t| t.eq_ignore_ascii_case(s.as_bytes()))
        };
        if ends(".dockerignore") {
            return false;
        }
        if name.eq_ignore_ascii_case("dockerfile")
            || name.eq_ignore_ascii_case("containerfile")
            || ends(".dockerfile")
            || ends(".containerfile")
            || starts("dockerfile.")
            || starts("containerfile.")
        {
            return true;
        }
        first_instruction_is_from(content)
    }

    fn rules(&self) -> &'static [&'static Rule] {
        rules::RULES
    }

    fn check(&self, path: &str, content: &str) -> Vec<Finding> {
        let df = parse(content);
        let facts = Facts::new(&df);
        let mut ctx = Ctx::new(path, &facts);
        for check in rules::CHECKS {
            check(&df, &mut ctx);
        }
        let mut findings = ctx.into_findings();
        // `None` when nothing is silenced (most files): no ignore lists to drop either.
        if let Some(ignores) = Ignores::of(&df).filter(|i| !i.is_empty()) {
            findings.retain(|f| !ignores.suppresses(f));
        }
        sort_findings(&mut findings);
        findings
    }
}

/// The last component of `path`, after its last `/` or `\`. A byte search from the end:
/// `rsplit` with a set of two chars went through the generic char searcher, most of the
/// ~270 instructions `matches` cost on `Dockerfile` in the full stack.
fn file_name(path: &str) -> &str {
    match path.bytes().rposition(|b| b == b'/' || b == b'\\') {
        Some(at) => path.get(at + 1..).unwrap_or(path),
        None => path,
    }
}

/// Whether `path` is `dockerfile` in any case, read as two overlapping eight-byte words:
/// `| 0x20` lowercases a letter, and only the two cases of a letter become that letter, so
/// for a word of letters this is `eq_ignore_ascii_case` without its byte loop.
fn is_bare_dockerfile(path: &[u8]) -> bool {
    const LOWER: u64 = 0x2020_2020_2020_2020;
    let word = |at: usize| {
        path.get(at..at + 8)
            .and_then(|w| <[u8; 8]>::try_from(w).ok())
            .map(|w| u64::from_le_bytes(w) | LOWER)
    };
    path.len() == 10
        && word(0) == Some(u64::from_le_bytes(*b"dockerfi"))
        && word(2) == Some(u64::from_le_bytes(*b"ckerfile"))
}

/// Whether the first instruction after comments, blank lines and ARGs is FROM.
fn first_instruction_is_from(content: &str) -> bool {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    for line in content.lines().take(200) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let word = line.split_ascii_whitespace().next().unwrap_or("");
        if word.eq_ignore_ascii_case("arg") {
            continue;
        }
        return word.eq_ignore_ascii_case("from") && looks_like_from(line);
    }
    false
}

/// `FROM [--platform=…] image [AS name]` with an image-like reference, so that prose starting
/// with "from" is not taken for a Dockerfile.
fn looks_like_from(line: &str) -> bool {
    let args: Vec<&str> = line
        .split_ascii_whitespace()
        .skip(1)
        .filter(|w| !w.starts_with("--"))
        .collect();
    let image_like = |w: &str| {
        !w.is_empty()
            && w.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"._-/:@${}".contains(&b))
    };
    match args.as_slice() {
        [image] => image_like(image),
        [image, as_kw, name] => {
            image_like(image) && as_kw.eq_ignore_ascii_case("as") && image_like(name)
        }
        _ => false,
    }
}

/// Inline ignore comments: per instruction (lines it spans) and file-wide.
#[derive(Debug, Default)]
struct Ignores {
    /// (first line, last line, codes) of each instruction with an ignore comment above it.
    ranges: Vec<(u32, u32, Vec<String>)>,
    file: Vec<String>,
}

impl Ignores {
    /// The ignore comments of `df`; `None` when they silence nothing (most files). The
    /// lists are built only once a comment is a pragma: an `Ignores` left empty still went
    /// through its (not inlined) drop on every check.
    fn of(df: &Dockerfile<'_>) -> Option<Self> {
        if df.comments.is_empty() {
            return None;
        }
        let mut file = Vec::new();
        let mut instruction_pragmas = false;
        let source = df.source().as_bytes();
        for comment in &df.comments {
            // The prefilter reads bytes: slicing them costs no character-boundary checks,
            // which `df.src` pays on every comment, most of them prose.
            let bytes = source
                .get(comment.body.start..comment.body.end)
                .unwrap_or_default();
            if !may_be_pragma(bytes) {
                continue;
            }
            let body = df.src(comment.body);
            if let Some(codes) = pragma(body, &["squad-ignore-file", "hadolint global ignore"]) {
                file.extend(codes);
            }
            instruction_pragmas |= pragma(body, &["squad-ignore", "hadolint ignore"]).is_some();
        }
        if file.is_empty() && !instruction_pragmas {
            return None;
        }
        let mut out = Self {
            ranges: Vec::new(),
            file,
        };
        if !instruction_pragmas {
            // No comment silences an instruction: the walk below would find nothing.
            return Some(out);
        }
        // Comments are in line order; for each instruction, read the comment lines right above.
        for inst in df.instructions() {
            let mut codes = Vec::new();
            let mut line = inst.start_line();
            let idx = df.comments.partition_point(|c| c.line < line);
            for comment in df.comments[..idx].iter().rev() {
                if comment.line + 1 != line {
                    break;
                }
                line = comment.line;
                if let Some(c) = pragma(df.src(comment.body), &["squad-ignore", "hadolint ignore"])
                {
                    codes.extend(c);
                }
            }
            if !codes.is_empty() {
                out.ranges.push((inst.start_line(), inst.end_line(), codes));
            }
        }
        Some(out)
    }

    fn is_empty(&self) -> bool {
        self.ranges.is_empty() && self.file.is_empty()
    }

    fn suppresses(&self, finding: &Finding) -> bool {
        if finding.rule == rules::syntax_error::RULE.code {
            return false;
        }
        let matches = |code: &String| {
            code.eq_ignore_ascii_case(&finding.rule)
                || finding.references.iter().any(|r| {
                    r.strip_prefix("hadolint:")
                        .is_some_and(|id| id.eq_ignore_ascii_case(code))
                })
        };
        self.file.iter().any(matches)
            || self.ranges.iter().any(|(start, end, codes)| {
                (*start..=*end).contains(&finding.line) && codes.iter().any(matches)
            })
    }
}

/// Whether a comment can be a pragma: every key starts with `sq` (`squad-ignore…`) or `ha`
/// (`hadolint …`), in any case. Most comments are prose or `# syntax=…`, passed over on these
/// two bytes rather than tested against each set of keys (two `pragma` calls cost ~240
/// instructions for the `# syntax=` line of every baseline).
fn may_be_pragma(b: &[u8]) -> bool {
    let is_key_start = |first: u8, second: u8| {
        matches!(
            (first.to_ascii_lowercase(), second.to_ascii_lowercase()),
            (b's', b'q') | (b'h', b'a')
        )
    };
    // Most comments are `# Prose…`, whose body the parser hands over from the first letter
    // (the blanks after `#` are not part of it). Decided on these bytes: the first letter
    // alone rules out most (`first | 0x20` lowercases a letter and leaves a digit a digit).
    // The general path below cost ~45 instructions per comment of the Node baseline.
    if let [first, second, ..] = b
        && first.is_ascii_alphanumeric()
    {
        return matches!(first | 0x20, b's' | b'h') && is_key_start(*first, *second);
    }
    // ASCII whitespace skipped here rather than through `trim_start`; a non-ASCII byte may
    // start Unicode whitespace, and is left to `pragma` (which trims it).
    let at = b
        .iter()
        .position(|c| !matches!(c, b' ' | b'\t'..=b'\r'))
        .unwrap_or(b.len());
    match b.get(at..) {
        Some([first, ..]) if !first.is_ascii() => true,
        Some([first, second, ..]) => is_key_start(*first, *second),
        _ => false,
    }
}

/// `str::trim_start`, with leading ASCII whitespace skipped byte by byte: the Unicode-aware
/// scan decodes characters and cost more than the rest of the pragma test.
fn trim_start(body: &str) -> &str {
    // The ASCII whitespace of Unicode: space, and tab to carriage return (`\x0b` included).
    let at = body
        .bytes()
        .position(|b| !matches!(b, b' ' | b'\t'..=b'\r'))
        .unwrap_or(body.len());
    let rest = body.get(at..).unwrap_or_default();
    match rest.as_bytes().first() {
        // A non-ASCII byte may start Unicode whitespace.
        Some(b) if !b.is_ascii() => rest.trim_start(),
        _ => rest,
    }
}

/// Whether `s` starts with the ASCII `prefix`, ignoring case. Byte by byte, stopping at the
/// first difference: `<[u8]>::eq_ignore_ascii_case` compares every byte, and the comments
/// that reach here (`# syntax=…`) differ from the keys at their second letter.
fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len()
        && s.bytes()
            .zip(prefix.bytes())
            .all(|(a, b)| a.eq_ignore_ascii_case(&b))
}

/// The codes of `<key>=A,B` when `body` (a comment without `#`) starts with one of `keys`.
fn pragma(body: &str, keys: &[&str]) -> Option<Vec<String>> {
    // Only the start is trimmed: the codes are read word by word, so trailing whitespace
    // changes nothing, and no key ends with a space.
    let body = trim_start(body);
    // Most comments are prose: reject them on their first letter.
    let first = body.as_bytes().first()?;
    if !keys.iter().any(|k| {
        k.as_bytes()
            .first()
            .is_some_and(|f| f.eq_ignore_ascii_case(first))
    }) {
        return None;
    }
    let rest = keys.iter().find_map(|k| {
        if !starts_with_ignore_case(body, k) {
            return None;
        }
        body.get(k.len()..)?.trim_start().strip_prefix('=')
    })?;
    let mut codes = Vec::new();
    for piece in rest.split(',') {
        let mut words = piece.split_whitespace();
        if let Some(code) = words.next() {
            codes.push(code.to_string());
        }
        if words.next().is_some() {
            // Prose after the codes: `# hadolint ignore=DL3008 pinned by the base image`.
            break;
        }
    }
    (!codes.is_empty()).then_some(codes)
}

#[cfg(test)]
mod tests {
    use super::{file_name, is_bare_dockerfile};

    #[test]
    fn a_bare_dockerfile_is_dockerfile_in_any_case_and_nothing_else() {
        // Every byte value at every position of `dockerfile`, and every case of each letter.
        let word = b"dockerfile";
        for at in 0..word.len() {
            for value in 0..=255u8 {
                let mut path = *word;
                path[at] = value;
                assert_eq!(
                    is_bare_dockerfile(&path),
                    path.eq_ignore_ascii_case(word),
                    "{path:?}"
                );
            }
        }
        for path in [
            "",
            "Dockerfile.",
            "Dockerfil",
            "DOCKERFILE",
            "dockerFile",
            "xDockerfile",
        ] {
            assert_eq!(
                is_bare_dockerfile(path.as_bytes()),
                path.eq_ignore_ascii_case("dockerfile"),
                "{path}"
            );
        }
    }

    #[test]
    fn file_name_is_what_rsplit_on_both_separators_gives() {
        let parts = [
            "",
            "/",
            "\\",
            "a",
            "Dockerfile",
            "é",
            "x.Dockerfile",
            "//",
            "a\\b/",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    let path = format!("{a}{b}{c}");
                    let plain = path.rsplit(['/', '\\']).next().unwrap_or(&path);
                    assert_eq!(file_name(&path), plain, "{path:?}");
                }
            }
        }
    }
}
