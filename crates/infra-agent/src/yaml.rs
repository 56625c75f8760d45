//! YAML with positions, for the checkers of compose files, CI pipelines and deployment configs.
//!
//! Built on saphyr-parser's event stream rather than a ready-made document type because the
//! checkers need what those types drop: duplicate keys (a map keeps the last one silently),
//! the exact span of every key and value, and whether a scalar was quoted (`"80:80"` vs a
//! sexagesimal-looking `80:80`). Aliases are resolved to a copy of their anchor's node, with
//! the alias's own span, so a finding inside an alias points at the alias.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan};
use squad_core::findings::Span;

/// Deeper nesting than this is refused: real configuration files are shallow, and a bound
/// keeps hostile input from exhausting the stack of the code that walks the tree.
const MAX_DEPTH: usize = 128;

/// Aliases may expand a document at most this many nodes ("billion laughs" guard).
const MAX_NODES: usize = 1_000_000;

/// A YAML node and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    /// The value.
    pub(crate) value: Value,
    /// Where the node is: for a scalar its text, for a collection its first line.
    pub(crate) span: Span,
    /// The explicit tag, e.g. `!reference` in GitLab CI, without the handle's `!`.
    pub(crate) tag: Option<String>,
}

/// A YAML value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    /// A scalar: its text, and whether it was plain (unquoted, not a block scalar).
    Scalar { text: String, plain: bool },
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in document order, duplicates kept.
    Map(Vec<(Node, Node)>),
}

/// A document that is not valid YAML, with where the parser gave up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct YamlError {
    /// 1-based line.
    pub(crate) line: u32,
    /// 1-based column.
    pub(crate) column: u32,
    /// What is wrong.
    pub(crate) message: String,
}

impl Node {
    /// The value of `key` in a mapping (the first one when the key is repeated).
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// The key node and value of `key` in a mapping.
    pub(crate) fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.as_map()?
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(k, v)| (k, v))
    }

    /// The entries of a mapping.
    pub(crate) fn as_map(&self) -> Option<&[(Node, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// The items of a sequence.
    pub(crate) fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The text of a scalar (of any type: `80`, `true` and `"x"` all have text).
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether the node is a null: a plain `null`, `Null`, `NULL`, `~` or nothing.
    pub(crate) fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }

    /// A plain scalar read as a YAML 1.2 core-schema boolean.
    pub(crate) fn as_bool(&self) -> Option<bool> {
        match &self.value {
            Value::Scalar { text, plain: true } => match text.as_str() {
                "true" | "True" | "TRUE" => Some(true),
                "false" | "False" | "FALSE" => Some(false),
                _ => None,
            },
            _ => None,
        }
    }

    /// A plain scalar read as a YAML 1.2 core-schema integer (decimal, `0o` octal, `0x` hex).
    pub(crate) fn as_i64(&self) -> Option<i64> {
        let Value::Scalar { text, plain: true } = &self.value else {
            return None;
        };
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, text.strip_prefix('+').unwrap_or(text)),
        };
        let magnitude = if let Some(hex) = digits.strip_prefix("0x") {
            i64::from_str_radix(hex, 16).ok()?
        } else if let Some(oct) = digits.strip_prefix("0o") {
            i64::from_str_radix(oct, 8).ok()?
        } else if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            digits.parse().ok()?
        } else {
            return None;
        };
        Some(sign * magnitude)
    }

    /// A short name of the node's type, for messages: `string`, `number`, `boolean`, `null`,
    /// `sequence` or `mapping`.
    pub(crate) fn type_name(&self) -> &'static str {
        match &self.value {
            Value::Seq(_) => "sequence",
            Value::Map(_) => "mapping",
            Value::Scalar { .. } if self.is_null() => "null",
            Value::Scalar { .. } if self.as_bool().is_some() => "boolean",
            Value::Scalar { .. } if self.as_i64().is_some() || self.is_float() => "number",
            Value::Scalar { .. } => "string",
        }
    }

    fn is_float(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true }
            if text.parse::<f64>().is_ok() && text.bytes().any(|b| b.is_ascii_digit()))
    }
}

/// Parse the first document of `src`. An empty document is a null scalar at line 1.
pub(crate) fn parse(src: &str) -> Result<Node, YamlError> {
    let mut parser = Parser::new_from_str(src);
    let mut builder = Builder::default();
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| YamlError {
            line: to_u32(e.marker().line()),
            column: to_u32(e.marker().col() + 1),
            message: e.info().to_string(),
        })?;
        match event {
            Event::StreamEnd | Event::DocumentEnd => {
                if builder.root.is_some() {
                    break;
                }
            }
            other => builder.event(other, span)?,
        }
    }
    Ok(builder.root.unwrap_or(Node {
        value: Value::Scalar {
            text: String::new(),
            plain: true,
        },
        span: Span::file_start(),
        tag: None,
    }))
}

#[derive(Default)]
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    root: Option<Node>,
    nodes: usize,
}

struct Frame {
    node: Node,
    anchor: usize,
    pending_key: Option<Node>,
}

impl Builder {
    fn event(&mut self, event: Event<'_>, span: YamlSpan) -> Result<(), YamlError> {
        match event {
            Event::Scalar(text, style, anchor, tag) => {
                let node = Node {
                    value: Value::Scalar {
                        text: text.into_owned(),
                        plain: style == ScalarStyle::Plain,
                    },
                    span: convert(span),
                    tag: tag.map(|t| t.suffix.clone()),
                };
                self.finish(node, anchor, span)
            }
            Event::Alias(id) => {
                let mut node = self.anchors.get(&id).cloned().ok_or_else(|| YamlError {
                    line: to_u32(span.start.line()),
                    column: to_u32(span.start.col() + 1),
                    message: "alias to an unknown anchor".to_string(),
                })?;
                self.nodes += count(&node);
                node.span = convert(span);
                self.finish(node, 0, span)
            }
            Event::SequenceStart(anchor, tag) => self.open(
                Value::Seq(Vec::new()),
                anchor,
                tag.map(|t| t.suffix.clone()),
                span,
            ),
            Event::MappingStart(anchor, tag) => self.open(
                Value::Map(Vec::new()),
                anchor,
                tag.map(|t| t.suffix.clone()),
                span,
            ),
            Event::SequenceEnd | Event::MappingEnd => match self.stack.pop() {
                Some(frame) => self.finish(frame.node, frame.anchor, span),
                None => Ok(()),
            },
            Event::StreamStart
            | Event::DocumentStart(_)
            | Event::Nothing
            | Event::StreamEnd
            | Event::DocumentEnd => Ok(()),
        }
    }

    fn open(
        &mut self,
        value: Value,
        anchor: usize,
        tag: Option<String>,
        span: YamlSpan,
    ) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                line: to_u32(span.start.line()),
                column: to_u32(span.start.col() + 1),
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
            });
        }
        let start = convert(span);
        self.stack.push(Frame {
            node: Node {
                value,
                span: Span::new(start.line, start.column, start.line, start.column),
                tag,
            },
            anchor,
            pending_key: None,
        });
        Ok(())
    }

    fn finish(&mut self, node: Node, anchor: usize, span: YamlSpan) -> Result<(), YamlError> {
        self.nodes += 1;
        if self.nodes > MAX_NODES {
            return Err(YamlError {
                line: to_u32(span.start.line()),
                column: to_u32(span.start.col() + 1),
                message: format!(
                    "the document expands to more than {MAX_NODES} nodes (alias bomb?)"
                ),
            });
        }
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
        let Some(parent) = self.stack.last_mut() else {
            // Only the first document counts; later ones in the stream are ignored.
            if self.root.is_none() {
                self.root = Some(node);
            }
            return Ok(());
        };
        let end = node.span;
        match &mut parent.node.value {
            Value::Seq(items) => items.push(node),
            Value::Map(entries) => match parent.pending_key.take() {
                None => parent.pending_key = Some(node),
                Some(key) => entries.push((key, node)),
            },
            Value::Scalar { .. } => {}
        }
        // A collection ends where its last child ends.
        parent.node.span.end_line = end.end_line;
        parent.node.span.end_column = end.end_column;
        Ok(())
    }
}

fn count(node: &Node) -> usize {
    match &node.value {
        Value::Scalar { .. } => 1,
        Value::Seq(items) => 1 + items.iter().map(count).sum::<usize>(),
        Value::Map(entries) => {
            1 + entries
                .iter()
                .map(|(k, v)| count(k) + count(v))
                .sum::<usize>()
        }
    }
}

fn convert(span: YamlSpan) -> Span {
    let (line, column) = (to_u32(span.start.line()), to_u32(span.start.col() + 1));
    let (mut end_line, mut end_column) = (to_u32(span.end.line()), to_u32(span.end.col() + 1));
    if (end_line, end_column) < (line, column) {
        (end_line, end_column) = (line, column);
    }
    Span::new(line, column, end_line, end_column)
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_values_and_spans() {
        let doc =
            parse("services:\n  web:\n    image: \"nginx:1.27\"\n    ports:\n      - 80:80\n")
                .unwrap();
        let web = doc.get("services").unwrap().get("web").unwrap();
        let image = web.get("image").unwrap();
        assert_eq!(image.as_str(), Some("nginx:1.27"));
        assert_eq!(
            image.value,
            Value::Scalar {
                text: "nginx:1.27".into(),
                plain: false
            }
        );
        assert_eq!((image.span.line, image.span.column), (3, 12));
        let port = &web.get("ports").unwrap().as_seq().unwrap()[0];
        assert_eq!(port.as_str(), Some("80:80"));
        assert_eq!(
            (port.span.line, port.span.column, port.span.end_column),
            (5, 9, 14)
        );
        let (key, _) = web.entry("ports").unwrap();
        assert_eq!((key.span.line, key.span.column), (4, 5));
    }

    #[test]
    fn duplicate_keys_are_kept() {
        let doc = parse("a: 1\nb: 2\na: 3\n").unwrap();
        let keys: Vec<_> = doc
            .as_map()
            .unwrap()
            .iter()
            .map(|(k, _)| k.as_str().unwrap())
            .collect();
        assert_eq!(keys, ["a", "b", "a"]);
        assert_eq!(doc.get("a").unwrap().as_i64(), Some(1));
    }

    #[test]
    fn scalar_types() {
        let doc =
            parse("a: true\nb: 'true'\nc: 0x1F\nd: -12\ne: 1.5\nf: ~\ng:\nh: text\n").unwrap();
        assert_eq!(doc.get("a").unwrap().as_bool(), Some(true));
        assert_eq!(doc.get("b").unwrap().as_bool(), None, "quoted is a string");
        assert_eq!(doc.get("c").unwrap().as_i64(), Some(31));
        assert_eq!(doc.get("d").unwrap().as_i64(), Some(-12));
        let names: Vec<_> = ["a", "b", "c", "e", "f", "g", "h"]
            .iter()
            .map(|k| doc.get(k).unwrap().type_name())
            .collect();
        assert_eq!(
            names,
            [
                "boolean", "string", "number", "number", "null", "null", "string"
            ]
        );
    }

    #[test]
    fn aliases_resolve_with_the_alias_span() {
        let doc = parse("x: &base\n  image: redis:7.4.1\ny: *base\n").unwrap();
        let y = doc.get("y").unwrap();
        assert_eq!(y.get("image").unwrap().as_str(), Some("redis:7.4.1"));
        assert_eq!(y.span.line, 3);
    }

    #[test]
    fn tags_are_kept() {
        let doc = parse("script: !reference [.setup, script]\n").unwrap();
        assert_eq!(doc.get("script").unwrap().tag.as_deref(), Some("reference"));
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let err = parse("a: 1\nb: [1, 2\nc: 3\n").unwrap_err();
        assert!(err.line >= 2, "{err:?}");
        let err = parse("a: 1\n  b: 2\n").unwrap_err();
        assert_eq!(err.line, 2, "{err:?}");
    }

    #[test]
    fn empty_documents_and_hostile_input_do_not_panic() {
        assert!(parse("").unwrap().is_null());
        assert!(parse("# only a comment\n").unwrap().is_null());
        let deep = "[".repeat(10_000);
        assert!(parse(&deep).is_err());
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\ng: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
        assert!(parse(bomb).is_err());
    }
}
