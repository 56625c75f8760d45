//! One positioned document model for the four formats (JSON, JSONC, TOML, YAML), so the
//! schema walk and the rules are written once.

use std::borrow::Cow;

use squad_core::findings::Span;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::terraform::text::LineIndex;
use crate::yaml;

/// A value and where it is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Node {
    pub(crate) value: Value,
    pub(crate) span: Span,
}

/// A value of any of the formats.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    /// A TOML date or date-time literal (never a string).
    Date(String),
    Seq(Vec<Node>),
    /// Entries in document order (TOML: in key order), duplicates kept.
    Map(Vec<Entry>),
}

/// One key of a mapping.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    pub(crate) key: String,
    pub(crate) key_span: Span,
    pub(crate) value: Node,
}

/// How a format names its collections in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    Json,
    Toml,
    Yaml,
}

impl Node {
    /// The entries of a mapping.
    pub(crate) fn entries(&self) -> &[Entry] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence.
    pub(crate) fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// The entry `key` of a mapping (the first one when repeated).
    pub(crate) fn entry(&self, key: &str) -> Option<&Entry> {
        self.entries().iter().find(|e| e.key == key)
    }

    /// The value of `key` in a mapping.
    pub(crate) fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|e| &e.value)
    }

    /// The text of a string.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as text (`8080`, `true`, `"x"`), for values that may be written either way.
    pub(crate) fn scalar_text(&self) -> Option<Cow<'_, str>> {
        match &self.value {
            Value::Str(s) => Some(Cow::Borrowed(s)),
            Value::Int(i) => Some(Cow::Owned(i.to_string())),
            Value::Float(f) => Some(Cow::Owned(f.to_string())),
            Value::Bool(b) => Some(Cow::Owned(b.to_string())),
            _ => None,
        }
    }

    pub(crate) fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// The type of the value, in the words of the format.
    pub(crate) fn type_name(&self, flavor: Flavor) -> &'static str {
        match (&self.value, flavor) {
            (Value::Null, _) => "null",
            (Value::Bool(_), _) => "a boolean",
            (Value::Int(_) | Value::Float(_), _) => "a number",
            (Value::Str(_), _) => "a string",
            (Value::Date(_), _) => "a date",
            (Value::Seq(_), Flavor::Yaml) => "a sequence",
            (Value::Seq(_), _) => "an array",
            (Value::Map(_), Flavor::Json) => "an object",
            (Value::Map(_), Flavor::Toml) => "a table",
            (Value::Map(_), Flavor::Yaml) => "a mapping",
        }
    }
}

/// Convert a YAML node of `crate::yaml`, typing plain scalars with the YAML 1.2 core schema.
pub(crate) fn from_yaml(node: &yaml::Node) -> Node {
    let value = match &node.value {
        yaml::Value::Seq(items) => Value::Seq(items.iter().map(from_yaml).collect()),
        yaml::Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| Entry {
                    key: k.as_str().unwrap_or("<complex key>").to_string(),
                    key_span: k.span,
                    value: from_yaml(v),
                })
                .collect(),
        ),
        yaml::Value::Scalar { text, plain } => {
            if !plain {
                Value::Str(text.clone())
            } else if node.is_null() {
                Value::Null
            } else if let Some(b) = node.as_bool() {
                Value::Bool(b)
            } else if let Some(i) = node.as_i64() {
                Value::Int(i)
            } else if node.type_name() == "number" {
                text.parse::<f64>()
                    .map_or(Value::Str(text.clone()), Value::Float)
            } else {
                Value::Str(text.clone())
            }
        }
    };
    Node {
        value,
        span: node.span,
    }
}

/// Convert a TOML document parsed by `toml::de::DeTable::parse`.
pub(crate) fn from_toml(table: &Spanned<DeTable<'_>>, lines: &LineIndex<'_>) -> Node {
    Node {
        value: toml_table(table.get_ref(), lines),
        span: lines.span(table.span()),
    }
}

fn toml_table(table: &DeTable<'_>, lines: &LineIndex<'_>) -> Value {
    Value::Map(
        table
            .iter()
            .map(|(k, v)| Entry {
                key: k.get_ref().to_string(),
                key_span: lines.span(k.span()),
                value: toml_value(v, lines),
            })
            .collect(),
    )
}

fn toml_value(value: &Spanned<DeValue<'_>>, lines: &LineIndex<'_>) -> Node {
    let v = match value.get_ref() {
        DeValue::String(s) => Value::Str(s.to_string()),
        DeValue::Integer(i) => toml_integer(i.as_str(), i.radix()).map_or(Value::Null, Value::Int),
        DeValue::Float(f) => toml_float(f.as_str()).map_or(Value::Null, Value::Float),
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::Date(d.to_string()),
        DeValue::Array(items) => Value::Seq(items.iter().map(|i| toml_value(i, lines)).collect()),
        DeValue::Table(t) => toml_table(t, lines),
    };
    Node {
        value: v,
        span: lines.span(value.span()),
    }
}

/// A TOML integer: the parser gives `from_str_radix`-ready digits and the radix.
fn toml_integer(digits: &str, radix: u32) -> Option<i64> {
    i64::from_str_radix(digits, radix).ok()
}

fn toml_float(text: &str) -> Option<f64> {
    let clean: String = text.chars().filter(|&c| c != '_').collect();
    match clean.as_str() {
        "inf" | "+inf" => Some(f64::INFINITY),
        "-inf" => Some(f64::NEG_INFINITY),
        "nan" | "+nan" | "-nan" => Some(f64::NAN),
        other => other.parse().ok(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_values_and_spans() {
        let src =
            "name = \"api\"\nport = 8_080\nratio = 0.5\ndate = 2026-01-01\n[vars]\nA = \"x\"\n";
        let lines = LineIndex::new(src);
        let doc = from_toml(&DeTable::parse(src).unwrap(), &lines);
        assert_eq!(doc.get("name").unwrap().as_str(), Some("api"));
        assert_eq!(doc.get("port").unwrap().value, Value::Int(8080));
        assert_eq!(doc.get("ratio").unwrap().value, Value::Float(0.5));
        assert!(matches!(doc.get("date").unwrap().value, Value::Date(_)));
        let vars = doc.entry("vars").unwrap();
        assert_eq!(vars.key_span.line, 5);
        let a = vars.value.entry("A").unwrap();
        assert_eq!((a.key_span.line, a.key_span.column), (6, 1));
        assert_eq!(
            (
                a.value.span.line,
                a.value.span.column,
                a.value.span.end_column
            ),
            (6, 5, 8)
        );
    }

    #[test]
    fn yaml_scalars_are_typed() {
        let y = yaml::parse("a: 1\nb: '1'\nc: 1.0\nd: true\ne: ~\nf: x\n").unwrap();
        let doc = from_yaml(&y);
        let values: Vec<&Value> = doc.entries().iter().map(|e| &e.value.value).collect();
        assert_eq!(
            values,
            [
                &Value::Int(1),
                &Value::Str("1".into()),
                &Value::Float(1.0),
                &Value::Bool(true),
                &Value::Null,
                &Value::Str("x".into()),
            ]
        );
    }
}
