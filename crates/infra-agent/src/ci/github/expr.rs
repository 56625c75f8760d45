//! `${{ … }}` expressions inside workflow strings: where they are, and which context
//! properties they read.

/// One `${{ … }}` in a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Expr<'t> {
    /// Byte offset of `${{`.
    pub(crate) start: usize,
    /// Byte offset just after `}}` (the end of the text when unclosed).
    pub(crate) end: usize,
    /// The text between the braces.
    pub(crate) inner: &'t str,
    /// Whether `}}` was found.
    pub(crate) closed: bool,
}

impl<'t> Expr<'t> {
    /// The whole `${{ … }}` text.
    pub(crate) fn source(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Every `${{ … }}` in `text`, in order. A `}}` inside a quoted string literal does not close
/// the expression; an unclosed one runs to the end of the text and is the last.
pub(crate) fn expressions(text: &str) -> Vec<Expr<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(found) = text.get(from..).and_then(|rest| rest.find("${{")) {
        let start = from + found;
        let body = start + 3;
        let bytes = text.as_bytes();
        let mut i = body;
        let mut close = None;
        while i < bytes.len() {
            match bytes[i] {
                b'\'' => i = skip_string(bytes, i),
                b'}' if bytes.get(i + 1) == Some(&b'}') => {
                    close = Some(i);
                    break;
                }
                _ => i += 1,
            }
        }
        match close {
            Some(c) => {
                out.push(Expr {
                    start,
                    end: c + 2,
                    inner: text.get(body..c).unwrap_or(""),
                    closed: true,
                });
                from = c + 2;
            }
            None => {
                out.push(Expr {
                    start,
                    end: text.len(),
                    inner: text.get(body..).unwrap_or(""),
                    closed: false,
                });
                break;
            }
        }
    }
    out
}

/// The index after the single-quoted string starting at `i` (`''` is an escaped quote).
fn skip_string(bytes: &[u8], mut i: usize) -> usize {
    i += 1;
    while i < bytes.len() {
        if bytes[i] == b'\'' {
            if bytes.get(i + 1) == Some(&b'\'') {
                i += 2;
                continue;
            }
            return i + 1;
        }
        i += 1;
    }
    bytes.len()
}

/// A context property read by an expression, e.g. `github.event.commits.*.message`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Property {
    /// Lowercase segments; indexes (`[0]`, `[*]`, `.*`, computed) become `*`, and
    /// `['name']` becomes `name`.
    pub(crate) segments: Vec<String>,
    /// Whether it is only an argument of a function returning a boolean (`contains`,
    /// `startsWith`, `endsWith`): its text never reaches the result.
    pub(crate) in_predicate: bool,
}

impl Property {
    /// The dotted form, e.g. `github.event.issue.title`.
    pub(crate) fn dotted(&self) -> String {
        self.segments.join(".")
    }
}

const PREDICATES: &[&str] = &["contains", "startswith", "endswith"];

/// The context properties read by an expression's text (between the braces). Contexts are
/// case-insensitive, so segments are lowercased.
pub(crate) fn properties(inner: &str) -> Vec<Property> {
    let b = inner.as_bytes();
    let mut out = Vec::new();
    // One entry per open parenthesis: whether it is a predicate call's.
    let mut parens: Vec<bool> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'\'' {
            i = skip_string(b, i);
        } else if c.is_ascii_alphabetic() || c == b'_' {
            let (ident, next) = read_ident(b, i);
            i = next;
            let after_space = skip_ws(b, i);
            if b.get(after_space) == Some(&b'(') {
                parens.push(PREDICATES.contains(&ident.to_ascii_lowercase().as_str()));
                i = after_space + 1;
                continue;
            }
            let mut segments = vec![ident.to_ascii_lowercase()];
            loop {
                match b.get(i) {
                    Some(b'.') => match b.get(i + 1) {
                        Some(b'*') => {
                            segments.push("*".to_string());
                            i += 2;
                        }
                        Some(n) if n.is_ascii_alphabetic() || *n == b'_' => {
                            let (seg, next) = read_ident(b, i + 1);
                            segments.push(seg.to_ascii_lowercase());
                            i = next;
                        }
                        _ => break,
                    },
                    Some(b'[') => {
                        let (seg, next) = read_index(inner, i);
                        segments.push(seg);
                        i = next;
                    }
                    _ => break,
                }
            }
            if !matches!(segments[0].as_str(), "true" | "false" | "null") || segments.len() > 1 {
                out.push(Property {
                    segments,
                    in_predicate: parens.iter().any(|p| *p),
                });
            }
        } else if c == b'(' {
            parens.push(false);
            i += 1;
        } else if c == b')' {
            parens.pop();
            i += 1;
        } else {
            i += 1;
        }
    }
    out
}

fn read_ident(b: &[u8], start: usize) -> (String, usize) {
    let mut i = start;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == b'_' || b[i] == b'-') {
        i += 1;
    }
    (String::from_utf8_lossy(&b[start..i]).into_owned(), i)
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && b[i].is_ascii_whitespace() {
        i += 1;
    }
    i
}

/// Read `[ … ]` at `open`: a quoted name becomes that name, anything else `*`.
fn read_index(text: &str, open: usize) -> (String, usize) {
    let b = text.as_bytes();
    let mut i = open + 1;
    let mut depth = 1;
    while i < b.len() {
        match b[i] {
            b'\'' => {
                i = skip_string(b, i);
                continue;
            }
            b'[' => depth += 1,
            b']' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        i += 1;
    }
    let content = text.get(open + 1..i.min(text.len())).unwrap_or("").trim();
    let segment = match content
        .strip_prefix('\'')
        .and_then(|s| s.strip_suffix('\''))
    {
        Some(name) if !name.contains('\'') => name.to_ascii_lowercase(),
        _ => "*".to_string(),
    };
    (segment, (i + 1).min(b.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_expressions() {
        let text = "a ${{ x }} b ${{ format('}}', y) }} c ${{ open";
        let found = expressions(text);
        assert_eq!(found.len(), 3);
        assert_eq!(found[0].source(text), "${{ x }}");
        assert_eq!(found[1].inner, " format('}}', y) ");
        assert!(!found[2].closed);
    }

    #[test]
    fn reads_properties() {
        let props = properties(
            " toJSON(github.event.commits[0].message) || github.event['pull_request'].TITLE && contains(github.head_ref, 'x') ",
        );
        let dotted: Vec<(String, bool)> =
            props.iter().map(|p| (p.dotted(), p.in_predicate)).collect();
        assert_eq!(
            dotted,
            [
                ("github.event.commits.*.message".to_string(), false),
                ("github.event.pull_request.title".to_string(), false),
                ("github.head_ref".to_string(), true),
            ]
        );
        assert_eq!(
            properties("steps.my-step.outputs.x")[0].dotted(),
            "steps.my-step.outputs.x"
        );
        assert!(properties("true && 'github.event.issue.title'").is_empty());
    }
}
