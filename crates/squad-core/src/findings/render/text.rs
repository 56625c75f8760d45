//! Diagnostics for people, in the style of actionlint and rustc.

use std::collections::{BTreeSet, HashMap};
use std::fmt::Write as _;

use super::sorted;
use crate::findings::{Finding, Severity, Summary};

const RESET: &str = "\x1b[0m";
const BOLD: &str = "\x1b[1m";
const GUTTER: &str = "\x1b[1;34m";

fn severity_color(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "\x1b[1;31m",
        Severity::Warning => "\x1b[1;33m",
        Severity::Info => "\x1b[1;36m",
    }
}

/// Wraps text in an ANSI style when colour is on.
#[derive(Clone, Copy)]
struct Painter {
    color: bool,
}

impl Painter {
    fn paint(self, style: &str, text: &str) -> String {
        if self.color && !text.is_empty() {
            format!("{style}{text}{RESET}")
        } else {
            text.to_string()
        }
    }
}

/// Findings as diagnostics people like to read.
///
/// Each finding is a header `path:line:column: severity[CODE name]: message`, the source line
/// with a gutter, a marker line with `^` under the first character of the span and `~` under
/// the rest, then `= help:` and `= see:` lines when the finding has help or peer references.
/// Columns are 1-based characters and `end_column` is exclusive; a span over several lines is
/// marked to the end of its first line; a span past the end of the line is clamped; tabs before
/// the span are repeated in the marker line so the marker lines up. When `sources` has no text
/// for a file (or the line does not exist), only the header and the help lines are shown.
/// Findings are separated by a blank line and followed by a count
/// (`1 error, 2 warnings, 0 infos in 2 files`, files being those with findings). ANSI colours
/// are used only when `color` is true; control characters in the source or the message are
/// shown as `�` so a file cannot drive the terminal.
///
/// ```
/// use squad_core::findings::render::render_text;
/// use squad_core::findings::{Finding, Severity};
///
/// let finding = Finding {
///     rule: "DF007".into(), name: "image-tag-latest".into(), severity: Severity::Warning,
///     path: "Dockerfile".into(), line: 1, column: 6, end_line: 1, end_column: 17,
///     message: "image `node:latest` is not pinned".into(), help: None, references: vec![],
/// };
/// let text = render_text(&[finding], 1, &|_| Some("FROM node:latest\n".into()), false);
/// let expected = [
///     "Dockerfile:1:6: warning[DF007 image-tag-latest]: image `node:latest` is not pinned",
///     "  1 | FROM node:latest",
///     "    |      ^~~~~~~~~~~",
///     "",
///     "0 errors, 1 warning, 0 infos in 1 file",
///     "",
/// ];
/// assert_eq!(text, expected.join("\n"));
/// ```
pub fn render_text(
    findings: &[Finding],
    files: usize,
    sources: &dyn Fn(&str) -> Option<String>,
    color: bool,
) -> String {
    let findings = sorted(findings);
    let painter = Painter { color };
    let mut loaded: HashMap<&str, Option<Vec<String>>> = HashMap::new();
    let mut out = String::new();
    for finding in &findings {
        let lines = loaded
            .entry(finding.path.as_str())
            .or_insert_with(|| sources(&finding.path).map(|s| s.lines().map(sanitize).collect()));
        let source_line = usize::try_from(finding.line)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| lines.as_ref()?.get(i));
        render_one(&mut out, finding, source_line.map(String::as_str), painter);
        out.push('\n');
    }
    let paths: BTreeSet<&str> = findings.iter().map(|f| f.path.as_str()).collect();
    // Files checked, which is never fewer than the files that have findings.
    let summary = Summary::of(files.max(paths.len()), &findings);
    let counts = format!(
        "{}, {}, {} in {}",
        plural(summary.errors, "error"),
        plural(summary.warnings, "warning"),
        plural(summary.infos, "info"),
        plural(summary.files, "file"),
    );
    out.push_str(&painter.paint(BOLD, &counts));
    out.push('\n');
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Replace control characters other than tab by U+FFFD, one for one so columns still match.
fn sanitize(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_control() && c != '\t' {
                '\u{FFFD}'
            } else {
                c
            }
        })
        .collect()
}

fn render_one(out: &mut String, finding: &Finding, source_line: Option<&str>, painter: Painter) {
    let sev_style = severity_color(finding.severity);
    let location = format!("{}:{}:{}:", finding.path, finding.line, finding.column);
    let label = format!("{}[{} {}]:", finding.severity, finding.rule, finding.name);
    // Messages keep their newlines; other control characters are neutralised.
    let message: String = finding
        .message
        .split('\n')
        .map(sanitize)
        .collect::<Vec<_>>()
        .join("\n");
    let _ = writeln!(
        out,
        "{} {} {}",
        painter.paint(BOLD, &sanitize(&location)),
        painter.paint(sev_style, &sanitize(&label)),
        message
    );
    if let Some(line) = source_line {
        let number = finding.line.to_string();
        let blank = " ".repeat(number.len());
        let (padding, marker) = marker(line, finding);
        let _ = writeln!(
            out,
            "  {} {line}",
            painter.paint(GUTTER, &format!("{number} |"))
        );
        let _ = writeln!(
            out,
            "  {} {padding}{}",
            painter.paint(GUTTER, &format!("{blank} |")),
            painter.paint(sev_style, &marker)
        );
    }
    if let Some(help) = &finding.help {
        let help = help
            .split('\n')
            .map(sanitize)
            .collect::<Vec<_>>()
            .join("\n");
        let _ = writeln!(out, "  {} {help}", painter.paint(BOLD, "= help:"));
    }
    if !finding.references.is_empty() {
        let see = sanitize(&finding.references.join(", "));
        let _ = writeln!(out, "  {} {see}", painter.paint(BOLD, "= see:"));
    }
}

/// The padding before the marker (spaces, and tabs where the source has tabs) and the marker
/// (`^~~~`) for a finding's span on `line`.
fn marker(line: &str, finding: &Finding) -> (String, String) {
    let chars: Vec<char> = line.chars().collect();
    let len = chars.len();
    let to_index = |column: u32| usize::try_from(column.saturating_sub(1)).unwrap_or(usize::MAX);
    let start = to_index(finding.column).min(len);
    let end = if finding.end_line > finding.line {
        len
    } else {
        to_index(finding.end_column).min(len)
    };
    let width = end.saturating_sub(start).max(1);
    let padding: String = chars[..start]
        .iter()
        .map(|&c| if c == '\t' { '\t' } else { ' ' })
        .collect();
    let mut marker = String::with_capacity(width);
    marker.push('^');
    marker.extend(std::iter::repeat_n('~', width - 1));
    (padding, marker)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding(line: u32, column: u32, end_line: u32, end_column: u32) -> Finding {
        Finding {
            rule: "T001".into(),
            name: "test-rule".into(),
            severity: Severity::Error,
            path: "f".into(),
            line,
            column,
            end_line,
            end_column,
            message: "m".into(),
            help: None,
            references: vec![],
        }
    }

    #[test]
    fn markers() {
        let m = |line: &str, f: Finding| {
            let (pad, mark) = marker(line, &f);
            format!("{pad}{mark}")
        };
        assert_eq!(m("abcdef", finding(1, 2, 1, 5)), " ^~~");
        // Zero-width span: one caret.
        assert_eq!(m("abcdef", finding(1, 1, 1, 1)), "^");
        // End before start: one caret.
        assert_eq!(m("abcdef", finding(1, 4, 1, 2)), "   ^");
        // Past the end of the line: clamped to just after the last character.
        assert_eq!(m("abc", finding(1, 10, 1, 20)), "   ^");
        assert_eq!(m("abc", finding(1, 2, 1, 99)), " ^~");
        // Multi-line: to the end of the first line.
        assert_eq!(m("abcdef", finding(1, 3, 4, 2)), "  ^~~~");
        // Tabs are kept in the padding.
        assert_eq!(m("\t\tRUN x", finding(1, 3, 1, 6)), "\t\t^~~");
        // Characters, not bytes.
        assert_eq!(m("é€😀x", finding(1, 4, 1, 5)), "   ^");
        // Column 0 is treated as column 1.
        assert_eq!(m("abc", finding(1, 0, 1, 2)), "^");
        assert_eq!(m("", finding(1, 1, 1, 5)), "^");
    }

    proptest::proptest! {
        #[test]
        fn never_panics(
            source in "[a-z\t é😀\n\r\x1b]{0,60}",
            line in 0u32..8,
            column in 0u32..30,
            end_line in 0u32..8,
            end_column in 0u32..30,
        ) {
            let f = finding(line, column, end_line, end_column);
            let text = render_text(std::slice::from_ref(&f), 1, &|_| Some(source.clone()), true);
            proptest::prop_assert!(text.ends_with("in 1 file\x1b[0m\n"));
        }
    }

    #[test]
    fn plurals() {
        assert_eq!(plural(0, "error"), "0 errors");
        assert_eq!(plural(1, "info"), "1 info");
        assert_eq!(plural(2, "file"), "2 files");
    }

    #[test]
    fn control_characters_cannot_reach_the_terminal() {
        let mut f = finding(1, 1, 1, 2);
        f.message = "bad \x1b[2J value".into();
        let text = render_text(&[f], 1, &|_| Some("x\x1b]0;pwned\x07\n".into()), false);
        assert!(!text.contains('\x1b'), "{text:?}");
        assert!(!text.contains('\x07'), "{text:?}");
    }

    #[test]
    fn missing_lines_show_only_the_header() {
        let text = render_text(
            &[finding(5, 1, 5, 2), finding(0, 0, 0, 0)],
            1,
            &|_| Some("one\n".into()),
            false,
        );
        assert!(!text.contains(" | "), "{text}");
    }
}
