//! What the GitHub Actions and GitLab CI checkers share: the finding collector, locating a
//! piece of a scalar in the source, "did you mean", and the hardcoded-credential heuristics.

use squad_core::findings::{Finding, Rule, Span, sort_findings};

use crate::yaml::{Node, Value};

/// Collects the findings of one file and knows its source, to point into scalars.
#[derive(Debug)]
pub(crate) struct Ctx<'a> {
    path: &'a str,
    lines: Vec<&'a str>,
    findings: Vec<Finding>,
}

impl<'a> Ctx<'a> {
    /// A collector for `path`, whose text is `src`.
    pub(crate) fn new(path: &'a str, src: &'a str) -> Self {
        let lines = src
            .split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .collect();
        Self {
            path,
            lines,
            findings: Vec::new(),
        }
    }

    /// Report `rule` at `span`.
    pub(crate) fn report(&mut self, rule: &'static Rule, span: Span, message: impl Into<String>) {
        self.findings.push(rule.finding(self.path, span, message));
    }

    /// Report an already built finding (one whose severity or help differs from the rule's).
    pub(crate) fn push(&mut self, finding: Finding) {
        self.findings.push(finding);
    }

    /// A finding of `rule` at `span`, to adjust before [`Ctx::push`].
    pub(crate) fn finding(
        &self,
        rule: &'static Rule,
        span: Span,
        message: impl Into<String>,
    ) -> Finding {
        rule.finding(self.path, span, message)
    }

    /// The findings, sorted, without exact repeats (an alias expands to the same node twice),
    /// and inside the file: a parser that gives up at the end of input may name the line
    /// after the last one.
    pub(crate) fn into_findings(self) -> Vec<Finding> {
        let last = u32::try_from(self.lines.len()).unwrap_or(u32::MAX).max(1);
        let width = |line: u32| {
            self.lines
                .get(line as usize - 1)
                .map_or(0, |l| l.chars().count() as u32)
                + 1
        };
        let mut findings = self.findings;
        for f in &mut findings {
            if f.line > last || f.line == 0 {
                f.line = last;
                f.column = width(last);
            }
            if f.end_line > last || f.end_line < f.line {
                f.end_line = f.line;
                f.end_column = width(f.line).max(f.column);
            }
            f.column = f.column.max(1);
            if f.end_line == f.line && f.end_column < f.column {
                f.end_column = f.column;
            }
        }
        sort_findings(&mut findings);
        findings.dedup();
        findings
    }

    /// The span of `needle`, found at byte `offset` of the text of the scalar `node`.
    ///
    /// The parser gives the span of the whole scalar; this finds the same occurrence of the
    /// needle in the source lines the scalar covers (block scalars are re-indented, quoted
    /// ones unescaped, so the text and the source differ). When the needle is not in the
    /// source verbatim (an escape inside it, a folded line break), the scalar's span is the
    /// honest answer.
    pub(crate) fn locate(&self, node: &Node, offset: usize, needle: &str) -> Span {
        let Some(text) = node.as_str() else {
            return node.span;
        };
        let needle = needle.split('\n').next().unwrap_or(needle);
        if needle.is_empty() {
            return node.span;
        }
        let before = text.get(..offset).unwrap_or(text);
        let mut wanted = before.matches(needle).count();
        let first = node.span.line.max(1);
        let last = node.span.end_line.max(first);
        for line_no in first..=last {
            let Some(line) = self.lines.get(line_no as usize - 1) else {
                break;
            };
            let skip = if line_no == node.span.line {
                char_to_byte(line, node.span.column.saturating_sub(1) as usize)
            } else {
                0
            };
            let Some(rest) = line.get(skip..) else {
                continue;
            };
            for (at, _) in rest.match_indices(needle) {
                if wanted == 0 {
                    let column = line[..skip + at].chars().count() as u32 + 1;
                    let width = needle.chars().count() as u32;
                    return Span::new(line_no, column, line_no, column + width);
                }
                wanted -= 1;
            }
        }
        node.span
    }
}

/// The byte index of the `n`th character of `s` (its length when shorter).
fn char_to_byte(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(i, _)| i)
}

/// The candidate closest to `word`, when one is close enough to be a likely typo: the same
/// word up to case and `_`/`-`, or within a small edit distance.
pub(crate) fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    // Suggestions are for the known keys of a format or the jobs of one file: a hostile file
    // with thousands of names gets none rather than quadratic time.
    if candidates.len() > 256 {
        return None;
    }
    let norm = |s: &str| s.to_ascii_lowercase().replace('_', "-");
    let wanted = norm(word);
    if let Some(exact) = candidates.iter().find(|c| norm(c) == wanted) {
        return Some(*exact);
    }
    let budget = match wanted.chars().count() {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    };
    candidates
        .iter()
        .map(|c| (crate::suggest::osa(&wanted, &norm(c)), *c))
        .filter(|(d, _)| *d <= budget)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// ` (did you mean `x`?)`, or nothing.
pub(crate) fn suggestion_suffix(suggestion: Option<&str>) -> String {
    suggestion.map_or_else(String::new, |s| format!(" (did you mean `{s}`?)"))
}

/// Whether a variable or input name says it holds a credential: its last word is `password`,
/// `token`, `secret`, `apikey`…, or its last two are `api key`, `access key`, `private key`.
/// `GITHUB_TOKEN`, `dbPassword` and `api-key` are; `token_format` and `PASSWORD_FILE` are not.
pub(crate) fn is_credential_name(name: &str) -> bool {
    let words = words(name);
    let Some(last) = words.last() else {
        return false;
    };
    if matches!(
        last.as_str(),
        "password" | "passwd" | "pwd" | "secret" | "token" | "apikey" | "passphrase" | "pat"
    ) {
        return true;
    }
    let [.., before, last] = words.as_slice() else {
        return false;
    };
    last == "key" && matches!(before.as_str(), "api" | "access" | "secret" | "private")
}

/// Lowercase words of an identifier split at `_`, `-`, `.`, spaces and camelCase humps.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if matches!(c, '_' | '-' | '.' | ' ') {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            prev_lower = false;
            continue;
        }
        if c.is_uppercase() && prev_lower && !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
        prev_lower = c.is_lowercase() || c.is_ascii_digit();
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Whether a value given to a credential-named variable is a literal secret rather than a
/// reference: not empty, not a boolean or short number, and not an expression (`${{ … }}`)
/// or a variable (`$VAR`, `${VAR}`) to be expanded at run time.
pub(crate) fn is_literal_secret(value: &Node) -> bool {
    let Value::Scalar { text, .. } = &value.value else {
        return false;
    };
    let text = text.trim();
    let boolean = ["true", "false"]
        .iter()
        .any(|b| text.eq_ignore_ascii_case(b));
    if text.is_empty() || value.is_null() || boolean {
        return false;
    }
    if text.contains("${{") || text.starts_with('$') {
        return false;
    }
    if text.len() <= 5 && text.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    #[test]
    fn suggestions() {
        let keys = &["runs-on", "timeout-minutes", "steps", "needs"];
        assert_eq!(did_you_mean("runs_on", keys), Some("runs-on"));
        assert_eq!(did_you_mean("step", keys), Some("steps"));
        assert_eq!(did_you_mean("timeout", keys), None);
        assert_eq!(did_you_mean("neesd", keys), Some("needs"));
        assert_eq!(did_you_mean("completely-else", keys), None);
    }

    #[test]
    fn credential_names() {
        for yes in [
            "GITHUB_TOKEN",
            "dbPassword",
            "api-key",
            "API_KEY",
            "client_secret",
            "apiToken",
        ] {
            assert!(is_credential_name(yes), "{yes}");
        }
        for no in [
            "token_format",
            "PASSWORD_FILE",
            "key",
            "TOKEN_URL",
            "username",
            "tokens",
        ] {
            assert!(!is_credential_name(no), "{no}");
        }
    }

    #[test]
    fn literal_secrets() {
        let doc =
            yaml::parse("a: x-EXAMPLE\nb: ${{ secrets.X }}\nc: $VAR\nd: true\ne: ''\nf: 123\n")
                .unwrap();
        let lit: Vec<bool> = ["a", "b", "c", "d", "e", "f"]
            .iter()
            .map(|k| is_literal_secret(doc.get(k).unwrap()))
            .collect();
        assert_eq!(lit, [true, false, false, false, false, false]);
    }

    #[test]
    fn locate_in_block_and_flow_scalars() {
        let src = "run: |\n  echo a\n  echo ${{ x }} ${{ x }}\nq: \"a\\tb ${{ y }}\"\n";
        let doc = yaml::parse(src).unwrap();
        let ctx = Ctx::new("f", src);
        let run = doc.get("run").unwrap();
        let text = run.as_str().unwrap();
        let second = text.rfind("${{ x }}").unwrap();
        let span = ctx.locate(run, second, "${{ x }}");
        assert_eq!((span.line, span.column, span.end_column), (3, 17, 25));
        let q = doc.get("q").unwrap();
        let at = q.as_str().unwrap().find("${{").unwrap();
        let span = ctx.locate(q, at, "${{ y }}");
        assert_eq!((span.line, span.column), (4, 10));
    }
}
