//! Tighter spans for quoted scalars.
//!
//! saphyr-parser ends a quoted scalar's span after the whitespace and comment that follow
//! it (`"x" # note` spans to the end of the line). Findings should underline the value
//! only, so the end is recomputed here from the source: the closing quote of a one-line
//! quoted scalar.

use crate::yaml::{Node, Value};

/// Fix the end of every one-line quoted scalar of the tree, keys included.
pub(crate) fn tighten(node: &mut Node, source: &str) {
    let lines: Vec<&str> = source.lines().collect();
    walk(node, &lines, 0);
}

fn walk(node: &mut Node, lines: &[&str], depth: usize) {
    // The parser bounds nesting; this bound only keeps the walk honest on its own.
    if depth > 256 {
        return;
    }
    match &mut node.value {
        Value::Scalar { plain: false, .. } => fix(node, lines),
        Value::Scalar { .. } => {}
        Value::Seq(items) => items.iter_mut().for_each(|i| walk(i, lines, depth + 1)),
        Value::Map(entries) => {
            for (key, value) in entries {
                walk(key, lines, depth + 1);
                walk(value, lines, depth + 1);
            }
        }
    }
}

fn fix(node: &mut Node, lines: &[&str]) {
    let span = node.span;
    if span.line != span.end_line || span.line == 0 || span.column == 0 {
        return;
    }
    let Some(line) = lines.get(span.line as usize - 1) else {
        return;
    };
    let start = span.column as usize - 1;
    let mut chars = line.chars().enumerate().skip(start);
    let Some((_, quote)) = chars.next() else {
        return;
    };
    if quote != '"' && quote != '\'' {
        return;
    }
    let mut escaped = false;
    let mut previous_quote = false;
    let mut close = None;
    for (index, c) in chars {
        if quote == '"' {
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                close = Some(index);
                break;
            }
        } else if previous_quote {
            if c == '\'' {
                // `''` is an escaped quote.
                previous_quote = false;
                continue;
            }
            close = Some(index - 1);
            break;
        } else if c == '\'' {
            previous_quote = true;
        }
    }
    if close.is_none() && previous_quote {
        close = Some(line.chars().count() - 1);
    }
    if let Some(close) = close {
        let end = u32::try_from(close + 2).unwrap_or(u32::MAX);
        if end > span.column && end < span.end_column {
            node.span.end_column = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn value_span(src: &str) -> (u32, u32) {
        let mut doc = yaml::parse(src).unwrap();
        tighten(&mut doc, src);
        let v = &doc.as_map().unwrap()[0].1;
        (v.span.column, v.span.end_column)
    }

    #[test]
    fn quoted_scalars_end_at_their_quote() {
        assert_eq!(value_span("a: \"x\" # c\n"), (4, 7));
        assert_eq!(value_span("a: 'x'   # c\n"), (4, 7));
        assert_eq!(value_span("a: 'it''s'  # c\n"), (4, 11));
        assert_eq!(value_span("a: \"q\\\"x\" # c\n"), (4, 10));
        assert_eq!(value_span("a: \"é\" # c\n"), (4, 7));
        assert_eq!(value_span("a: x # c\n"), (4, 5));
    }
}
