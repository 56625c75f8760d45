//! Where a fenced block says which file it is.
//!
//! Models name files in many ways; in priority order this looks at the info string
//! (`path=`/`file=`/`filename=`/`title=` attributes, then `yaml:compose.yml` or
//! `dockerfile Dockerfile`), the label line just before the fence (`### Dockerfile`,
//! `**compose.yml**`, `File: x`...), and a first content line that is a comment naming the file.
//! The name found is raw: [`super::safe_relative_path`] judges it afterwards.

use std::borrow::Cow;

use super::fence::FencedBlock;
use super::is_ascii_white;

/// Files conventionally named without an extension.
const BARE_FILE_NAMES: &[&str] = &[
    "Dockerfile",
    "Containerfile",
    "Makefile",
    "GNUmakefile",
    "Caddyfile",
    "Procfile",
    "Jenkinsfile",
    "Vagrantfile",
    "Tiltfile",
    "Brewfile",
    "Gemfile",
    "Rakefile",
    "Justfile",
    "justfile",
    "CODEOWNERS",
];

/// Attributes of an info string that give the file name.
const NAME_ATTRIBUTES: &[&str] = &["path", "file", "filename", "title"];

/// Prefixes of a label or comment that announce a file name, compared case-insensitively.
const NAME_PREFIXES: &[&str] = &[
    "file name:",
    "filename:",
    "file path:",
    "filepath:",
    "file:",
    "path:",
];

/// The raw file name a block gives itself, and whether its first content line was the name
/// (and so is not part of the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BlockName<'a> {
    /// The name as written, not yet validated: borrowed from the answer when it is a slice of
    /// it (an info-string attribute), so that only the validated path is a new string.
    pub(crate) raw: Cow<'a, str>,
    /// Whether the name came from the first content line.
    pub(crate) from_first_line: bool,
}

/// The file name a block gives itself, if any; `language` is the block's
/// [`FencedBlock::language`], which the caller has already worked out.
pub(crate) fn block_name<'a>(
    block: &FencedBlock<'a>,
    language: Option<&str>,
) -> Option<BlockName<'a>> {
    let named = |raw: Cow<'a, str>| BlockName {
        raw,
        from_first_line: false,
    };
    if let Some(raw) = info_attribute(block.info).or_else(|| info_path(block.info)) {
        return Some(named(raw));
    }
    if let Some(label) = block.label {
        if let Some(raw) = label_name(label) {
            return Some(named(Cow::Owned(raw)));
        }
        if let Some(raw) = mentioned_name(label).filter(|raw| !is_command_block(language, raw)) {
            return Some(named(Cow::Owned(raw)));
        }
    }
    let raw = block.first_line().and_then(comment_name)?;
    Some(BlockName {
        raw: Cow::Owned(raw),
        from_first_line: true,
    })
}

/// Whether `c` separates the tokens of an info string (outside quotes).
fn separates_tokens(c: char) -> bool {
    c.is_whitespace() || matches!(c, '{' | '}' | ',')
}

/// [`separates_tokens`] for an ASCII byte.
fn separates_tokens_byte(b: u8) -> bool {
    is_ascii_white(b) || matches!(b, b'{' | b'}' | b',')
}

/// Split an info string into tokens: whitespace, `{`, `}` and `,` separate them outside
/// quotes, and quotes are removed (`{title="my file.yml"}` gives `title=my file.yml`).
fn info_tokens(info: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut quote: Option<char> = None;
    for c in info.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => current.push(c),
            None if c == '"' || c == '\'' => quote = Some(c),
            None if separates_tokens(c) => {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
            }
            None => current.push(c),
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

/// `path=x`, `file=x`, `filename=x` or `title=x` in the info string.
fn info_attribute(info: &str) -> Option<Cow<'_, str>> {
    /// The value of `token` when it is a name attribute, its key and value trimmed by `trim`.
    fn attribute(token: &str, trim: fn(&str) -> &str) -> Option<&str> {
        // A byte search: `split_once('=')`'s char searcher costs more to set up than these few
        // bytes take to read, and it runs for every token.
        let eq = token.bytes().position(|b| b == b'=')?;
        let key = trim(token.get(..eq)?);
        let value = trim(token.get(eq + 1..)?);
        // The attribute names are lower-case ASCII: no need for a lower-cased copy of the key.
        let is_name = NAME_ATTRIBUTES
            .iter()
            .any(|name| name.eq_ignore_ascii_case(key));
        (is_name && !value.is_empty()).then_some(value)
    }
    // Most info strings hold no quote: their tokens are then plain slices of it (an empty
    // slice between two separators is no attribute).
    if !info.as_bytes().contains(&b'=') {
        // Every attribute is `key=value`, and tokens are made of the info string's characters.
        return None;
    }
    if info.bytes().any(|b| b == b'"' || b == b'\'') {
        info_tokens(info)
            .iter()
            .find_map(|token| attribute(token, str::trim).map(|value| Cow::Owned(value.to_owned())))
    } else if info.is_ascii() {
        // The usual info string. Only a token holding a `=` can be an attribute: each such
        // token is found around its first `=` by bytes, rather than every token being split
        // off by `split`, which decodes and classifies each character; and an ASCII token holds
        // no whitespace, so key and value need no trim (measured on a Dockerfile answer:
        // ~900 instructions less than `split` and trims).
        let bytes = info.as_bytes();
        let mut from = 0;
        while let Some(eq) = bytes[from..].iter().position(|&b| b == b'=') {
            // `from` is 0 or the separator ending the previous token: the token starts after
            // it, so this `=` is its first.
            let eq = from + eq;
            let start = bytes[..eq]
                .iter()
                .rposition(|&b| separates_tokens_byte(b))
                .map_or(0, |at| at + 1);
            let end = bytes[eq..]
                .iter()
                .position(|&b| separates_tokens_byte(b))
                .map_or(bytes.len(), |at| eq + at);
            if let Some(value) = info.get(start..end).and_then(|t| attribute(t, |s| s)) {
                return Some(Cow::Borrowed(value));
            }
            from = end;
        }
        None
    } else {
        info.split(separates_tokens)
            .find_map(|token| attribute(token, str::trim))
            .map(Cow::Borrowed)
    }
}

/// `yaml:docker-compose.yml`, or a path-like token after the language (`dockerfile Dockerfile`).
fn info_path(info: &str) -> Option<Cow<'_, str>> {
    let mut words = info.split_whitespace();
    let first = words.next()?;
    if first.contains('=') || first.starts_with('{') {
        return None;
    }
    if let Some((lang, path)) = first.split_once(':')
        && !lang.is_empty()
        && looks_like_path(path)
    {
        return Some(Cow::Borrowed(path));
    }
    let second = unquote(words.next()?);
    (!second.contains('=') && !second.starts_with('{') && looks_like_path(second))
        .then_some(Cow::Borrowed(second))
}

/// Loose test for the info string, where a second token is rarely anything but a name:
/// contains `.` or a separator, or is a known bare file name.
fn looks_like_path(s: &str) -> bool {
    !s.is_empty()
        && !s.contains(char::is_whitespace)
        && !s.contains("://")
        && s.chars().any(char::is_alphabetic)
        && (s.contains(['.', '/', '\\']) || BARE_FILE_NAMES.contains(&s))
}

/// Strict test for prose (labels and comments), where many words contain a dot: the last
/// component must be a known bare file name or have an extension with a letter in it
/// (`compose.yml`, `.env`, `Dockerfile.prod`; not `v1.2.3`, not `/usr/local/bin`).
fn names_file(s: &str) -> bool {
    if s.is_empty() || s.contains(char::is_whitespace) || s.contains("://") {
        return false;
    }
    let last = s.rsplit(['/', '\\']).next().unwrap_or(s);
    BARE_FILE_NAMES.contains(&last) || has_extension(last)
}

fn has_extension(component: &str) -> bool {
    component.rsplit_once('.').is_some_and(|(_, ext)| {
        !ext.is_empty()
            && ext
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && ext.chars().any(|c| c.is_ascii_alphabetic())
    })
}

/// Remove surrounding backticks and quotes.
fn unquote(s: &str) -> &str {
    let mut s = s.trim();
    loop {
        let inner = ['`', '"', '\'']
            .iter()
            .find_map(|&q| s.strip_prefix(q).and_then(|r| r.strip_suffix(q)));
        match inner {
            Some(inner) if !inner.is_empty() => s = inner.trim(),
            _ => return s,
        }
    }
}

/// Strip a case-insensitive `file:`/`path:`... prefix.
fn strip_name_prefix(s: &str) -> Option<&str> {
    NAME_PREFIXES.iter().find_map(|prefix| {
        let head = s.get(..prefix.len())?;
        head.eq_ignore_ascii_case(prefix)
            .then(|| s.get(prefix.len()..))
            .flatten()
            .map(str::trim)
    })
}

/// The name after an explicit prefix: a backticked or quoted span, else the first word.
fn explicit_name(rest: &str) -> Option<String> {
    let rest = rest.trim();
    let name = match rest.chars().next() {
        Some(q @ ('`' | '"' | '\'')) => {
            let inner = rest.get(q.len_utf8()..)?;
            inner.split(q).next()?
        }
        _ => rest.split_whitespace().next()?,
    };
    let name = name.trim();
    (!name.is_empty()).then(|| name.to_string())
}

/// Strip markdown and comment decorations from the start of a label line: headings, comment
/// markers, list markers.
fn strip_leading_markers(mut s: &str) -> &str {
    loop {
        let before = s;
        s = s.trim();
        if let Some(rest) = s.strip_prefix("<!--") {
            s = rest.trim_end().strip_suffix("-->").unwrap_or(rest);
        } else if let Some(rest) = s.strip_prefix("//") {
            s = rest;
        } else if s.starts_with('#') {
            s = s.trim_start_matches('#');
        } else if let Some(rest) = strip_list_marker(s) {
            s = rest;
        }
        if s == before {
            return s;
        }
    }
}

/// `1. x`, `2) x`, `- x`, `+ x`, `* x` → `x`.
fn strip_list_marker(s: &str) -> Option<&str> {
    let digits = s.chars().take_while(char::is_ascii_digit).count();
    let rest = if digits > 0 {
        s.get(digits..)?.strip_prefix(['.', ')'])?
    } else {
        s.strip_prefix(['-', '+', '*'])?
    };
    rest.starts_with(char::is_whitespace)
        .then(|| rest.trim_start())
}

/// The file a label line names: `### Dockerfile`, `**docker-compose.yml**`, `` `infra/main.tf` ``,
/// `File: x`, `// path: x`, `1. **`x`**`, `### Step 2: nginx.conf`, `Dockerfile (multi-stage):`.
fn label_name(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let stripped = strip_leading_markers(trimmed).replace('*', "");
    let text = stripped
        .trim()
        .trim_start_matches("__")
        .trim_end_matches("__")
        .trim()
        .trim_end_matches(':')
        .trim();

    if let Some(rest) = strip_name_prefix(text) {
        return explicit_name(rest);
    }
    let whole = unquote(text);
    if names_file(whole) {
        return Some(whole.to_string());
    }
    if let Some((first, rest)) = text.split_once(char::is_whitespace) {
        let first = unquote(first);
        if names_file(first) && rest.trim_start().starts_with(['(', '-', '–', '—']) {
            return Some(first.to_string());
        }
    }
    if let Some((_, after)) = text.rsplit_once(':') {
        let after = unquote(after);
        if names_file(after) {
            return Some(after.to_string());
        }
    }
    None
}

/// A file mentioned in backticks by a heading or by a line ending with `:`
/// (`Save this as `x.yml`:`): weaker than [`label_name`], see [`is_command_block`].
fn mentioned_name(line: &str) -> Option<String> {
    let trimmed = line.trim();
    let is_heading = trimmed.starts_with('#');
    let ends_with_colon = trimmed.trim_end_matches(['*', '_']).ends_with(':');
    if !(is_heading || ends_with_colon) {
        return None;
    }
    trimmed
        .split('`')
        .skip(1)
        .step_by(2)
        .map(str::trim)
        .find(|span| names_file(span))
        .map(str::to_string)
}

/// Languages of blocks that show commands to run or their output, not a file's content.
const COMMAND_LANGUAGES: &[&str] = &[
    "bash",
    "sh",
    "shell",
    "zsh",
    "fish",
    "console",
    "terminal",
    "shellsession",
    "shell-session",
    "powershell",
    "pwsh",
    "ps1",
    "cmd",
    "bat",
    "batch",
    "output",
];

/// Extensions of script files, which a command block can be.
const SCRIPT_EXTENSIONS: &[&str] = &["sh", "bash", "zsh", "fish", "ps1", "psm1", "cmd", "bat"];

/// Whether a block is commands about the file a prose line mentions rather than the file
/// itself: "Check `docker-compose.yml` with:" followed by a `bash` block must not replace
/// the compose file with `docker compose config`.
fn is_command_block(language: Option<&str>, name: &str) -> bool {
    let Some(language) = language else {
        return false;
    };
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    COMMAND_LANGUAGES.contains(&language) && !SCRIPT_EXTENSIONS.contains(&extension.as_str())
}

/// The file a block's first line names when it is a comment: `# file: x`, `// path: x`,
/// `<!-- file: x -->`, or a comment holding only a path with an extension (`# compose.yml`).
fn comment_name(line: &str) -> Option<String> {
    let s = line.trim();
    if s.starts_with("#!") {
        return None;
    }
    let body = if let Some(rest) = s.strip_prefix("<!--") {
        rest.trim_end().strip_suffix("-->").unwrap_or(rest)
    } else if let Some(rest) = s.strip_prefix("/*") {
        rest.trim_end().strip_suffix("*/").unwrap_or(rest)
    } else {
        s.strip_prefix("//")
            .or_else(|| s.strip_prefix("--"))
            .or_else(|| s.strip_prefix('#'))?
    };
    let body = body.trim();
    if let Some(rest) = strip_name_prefix(body) {
        return explicit_name(rest);
    }
    let candidate = unquote(body);
    let last = candidate.rsplit(['/', '\\']).next().unwrap_or(candidate);
    (names_file(candidate) && has_extension(last)).then(|| candidate.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separator_bytes_match_separator_chars() {
        for b in 0u8..=0x7f {
            assert_eq!(
                separates_tokens_byte(b),
                separates_tokens(char::from(b)),
                "{b}"
            );
        }
    }

    /// The ASCII path of [`info_attribute`] finds tokens around each `=` by bytes; it must give
    /// what splitting every token off and trimming it gives, which the non-ASCII path does.
    #[test]
    fn ascii_attribute_search_matches_token_splitting() {
        let by_split = |info: &str| {
            info.split(separates_tokens).find_map(|token| {
                let (key, value) = token.split_once('=')?;
                let (key, value) = (key.trim(), value.trim());
                (NAME_ATTRIBUTES.iter().any(|n| n.eq_ignore_ascii_case(key)) && !value.is_empty())
                    .then(|| value.to_owned())
            })
        };
        let pieces = [
            "path",
            "PATH",
            "file",
            "Title",
            "filename",
            "lang",
            "=",
            "==",
            "a.yml",
            "x=y",
            " ",
            "\t",
            ",",
            "{",
            "}",
            "\x0b",
            "dockerfile",
        ];
        // Every string of up to four pieces.
        let mut level = vec![String::new()];
        let mut checked = 0;
        for _ in 0..=4 {
            for info in &level {
                assert_eq!(
                    info_attribute(info).map(Cow::into_owned),
                    by_split(info),
                    "{info:?}"
                );
                checked += 1;
            }
            level = level
                .iter()
                .flat_map(|info| pieces.iter().map(move |p| format!("{info}{p}")))
                .collect();
        }
        assert!(checked > 80_000, "{checked}");
    }

    #[test]
    fn info_strings() {
        let cases = [
            ("dockerfile path=Dockerfile", Some("Dockerfile")),
            ("yaml file=docker-compose.yml", Some("docker-compose.yml")),
            ("hcl filename=infra/main.tf", Some("infra/main.tf")),
            (
                r#"yaml title="k8s/deploy ment.yaml""#,
                Some("k8s/deploy ment.yaml"),
            ),
            ("yaml title=k8s/app.yaml", Some("k8s/app.yaml")),
            (r#"yaml {title="ci.yml", linenos=true}"#, Some("ci.yml")),
            ("path=Dockerfile", Some("Dockerfile")),
            ("yaml:docker-compose.yml", Some("docker-compose.yml")),
            ("dockerfile Dockerfile", Some("Dockerfile")),
            ("dockerfile:Dockerfile", Some("Dockerfile")),
            (
                "yaml .github/workflows/ci.yml",
                Some(".github/workflows/ci.yml"),
            ),
            ("yaml", None),
            ("", None),
            ("python 3.11", None),
            ("js {.line-numbers}", None),
            ("sh linenos=true", None),
            ("dockerfile dockerfile", None),
        ];
        for (info, expected) in cases {
            let got = info_attribute(info).or_else(|| info_path(info));
            assert_eq!(got.as_deref(), expected, "{info:?}");
        }
    }

    #[test]
    fn label_lines() {
        let cases = [
            ("### Dockerfile", Some("Dockerfile")),
            ("**docker-compose.yml**", Some("docker-compose.yml")),
            ("**docker-compose.yml:**", Some("docker-compose.yml")),
            ("`infra/main.tf`", Some("infra/main.tf")),
            ("File: nginx/nginx.conf", Some("nginx/nginx.conf")),
            ("Filename: `.env.example`", Some(".env.example")),
            ("**File: `k8s/service.yaml`**", Some("k8s/service.yaml")),
            ("// path: src/main.rs", Some("src/main.rs")),
            ("# file: scripts/deploy.sh", Some("scripts/deploy.sh")),
            ("<!-- file: docs/RUNBOOK.md -->", Some("docs/RUNBOOK.md")),
            ("1. **`Caddyfile`**", Some("Caddyfile")),
            ("2) `prometheus/alerts.yml`:", Some("prometheus/alerts.yml")),
            ("- **.dockerignore**", Some(".dockerignore")),
            (
                "### 3. `.github/workflows/deploy.yml`",
                Some(".github/workflows/deploy.yml"),
            ),
            ("### Step 2: nginx.conf", Some("nginx.conf")),
            ("#### Dockerfile (multi-stage)", Some("Dockerfile")),
            (
                "### Create `docker-compose.prod.yml`",
                Some("docker-compose.prod.yml"),
            ),
            (
                "Save this as `monitoring/slo.yaml`:",
                Some("monitoring/slo.yaml"),
            ),
            ("File: ../../etc/cron.d/x", Some("../../etc/cron.d/x")),
            // Prose is not a label.
            ("Here is the updated Dockerfile:", None),
            ("Run `npm ci` first:", None),
            ("It listens on `http://localhost:8080`:", None),
            ("Copy the binary to `/usr/local/bin`:", None),
            ("This pins `v1.2.3`:", None),
            ("We read `config.yml` at startup, then start.", None),
            ("### Overview", None),
        ];
        for (line, expected) in cases {
            let got = label_name(line).or_else(|| mentioned_name(line));
            assert_eq!(got.as_deref(), expected, "{line:?}");
        }
    }

    #[test]
    fn commands_about_a_file_are_not_the_file() {
        assert!(is_command_block(Some("bash"), "docker-compose.yml"));
        assert!(is_command_block(Some("console"), "Dockerfile"));
        assert!(!is_command_block(Some("bash"), "scripts/deploy.sh"));
        assert!(!is_command_block(Some("yaml"), "docker-compose.yml"));
        assert!(!is_command_block(None, "docker-compose.yml"));
    }

    #[test]
    fn first_line_comments() {
        let cases = [
            ("# file: docker-compose.yml", Some("docker-compose.yml")),
            ("// file: src/index.ts", Some("src/index.ts")),
            ("# docker-compose.yml", Some("docker-compose.yml")),
            ("# Filename: Dockerfile", Some("Dockerfile")),
            ("-- path: db/init.sql", Some("db/init.sql")),
            ("<!-- file: index.html -->", Some("index.html")),
            ("/* file: style.css */", Some("style.css")),
            ("# Dockerfile", None),
            ("# syntax=docker/dockerfile:1", None),
            ("#!/bin/sh", None),
            ("# values.yml for production", None),
            ("FROM node:20", None),
            ("---", None),
        ];
        for (line, expected) in cases {
            assert_eq!(comment_name(line).as_deref(), expected, "{line:?}");
        }
    }
}
