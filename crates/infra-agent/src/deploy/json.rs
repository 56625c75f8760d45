//! A JSON parser that keeps the line and column of every key and value.
//!
//! serde_json builds values without positions, and its `Value` keeps only the last of two
//! duplicate keys; a finding about an unknown key in `vercel.json` must point at that key.
//! JSON's grammar is small enough that a parser of our own is less code than re-locating keys
//! in the text after serde_json. It is strict RFC 8259 JSON (what `JSON.parse` accepts), with
//! a JSONC mode (`//` and `/* */` comments, trailing commas) for `wrangler.jsonc`.

use squad_core::findings::Span;

use super::tree::{Entry, Node, Value};

/// Nesting deeper than this is refused (serde_json's default limit too): real configuration
/// files are shallow, and a bound keeps hostile input from exhausting the stack.
const MAX_DEPTH: usize = 128;

/// Where and why a document is not valid JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct JsonError {
    pub(crate) line: u32,
    pub(crate) column: u32,
    pub(crate) message: String,
}

/// Parse a JSON document (`jsonc`: allow comments and trailing commas).
pub(crate) fn parse(src: &str, jsonc: bool) -> Result<Node, JsonError> {
    let mut p = Parser {
        chars: src.chars().collect(),
        at: 0,
        line: 1,
        column: 1,
        jsonc,
    };
    p.skip_space()?;
    let value = p.value(0)?;
    p.skip_space()?;
    if p.peek().is_some() {
        return Err(p.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    line: u32,
    column: u32,
    jsonc: bool,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.column = 1;
        } else {
            self.column = self.column.saturating_add(1);
        }
        Some(c)
    }

    fn pos(&self) -> (u32, u32) {
        (self.line, self.column)
    }

    fn error(&self, message: impl Into<String>) -> JsonError {
        JsonError {
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }

    fn unexpected(&self, expected: &str) -> JsonError {
        match self.peek() {
            None => self.error(format!("unexpected end of file, expected {expected}")),
            Some(c) => self.error(format!("unexpected {c:?}, expected {expected}")),
        }
    }

    fn skip_space(&mut self) -> Result<(), JsonError> {
        loop {
            match self.peek() {
                Some(' ' | '\t' | '\n' | '\r') => {
                    self.bump();
                }
                Some('/') if self.jsonc => self.comment()?,
                _ => return Ok(()),
            }
        }
    }

    fn comment(&mut self) -> Result<(), JsonError> {
        let start = self.pos();
        self.bump();
        match self.bump() {
            Some('/') => {
                while self.peek().is_some_and(|c| c != '\n') {
                    self.bump();
                }
                Ok(())
            }
            Some('*') => loop {
                match self.bump() {
                    Some('*') if self.peek() == Some('/') => {
                        self.bump();
                        return Ok(());
                    }
                    Some(_) => {}
                    None => {
                        return Err(JsonError {
                            line: start.0,
                            column: start.1,
                            message: "unterminated /* comment".to_string(),
                        });
                    }
                }
            },
            _ => Err(JsonError {
                line: start.0,
                column: start.1,
                message: "unexpected '/'".to_string(),
            }),
        }
    }

    fn node(&self, start: (u32, u32), value: Value) -> Node {
        Node {
            value,
            span: Span::new(start.0, start.1, self.line, self.column),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Node, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error(format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        let start = self.pos();
        match self.peek() {
            Some('{') => self.object(depth),
            Some('[') => self.array(depth),
            Some('"') => {
                let s = self.string()?;
                Ok(self.node(start, Value::Str(s)))
            }
            Some('-' | '0'..='9') => self.number(),
            Some('t') => self.literal("true", Value::Bool(true)),
            Some('f') => self.literal("false", Value::Bool(false)),
            Some('n') => self.literal("null", Value::Null),
            _ => Err(self.unexpected("a value")),
        }
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Node, JsonError> {
        let start = self.pos();
        for expected in word.chars() {
            if self.peek() != Some(expected) {
                return Err(self.unexpected(&format!("`{word}`")));
            }
            self.bump();
        }
        Ok(self.node(start, value))
    }

    fn object(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.pos();
        self.bump();
        let mut entries = Vec::new();
        self.skip_space()?;
        if self.peek() == Some('}') {
            self.bump();
            return Ok(self.node(start, Value::Map(entries)));
        }
        loop {
            self.skip_space()?;
            if self.peek() != Some('"') {
                return Err(self.unexpected("a key in double quotes"));
            }
            let key_start = self.pos();
            let key = self.string()?;
            let key_span = Span::new(key_start.0, key_start.1, self.line, self.column);
            self.skip_space()?;
            if self.peek() != Some(':') {
                return Err(self.unexpected("':'"));
            }
            self.bump();
            self.skip_space()?;
            let value = self.value(depth + 1)?;
            entries.push(Entry {
                key,
                key_span,
                value,
            });
            self.skip_space()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                    self.skip_space()?;
                    if self.jsonc && self.peek() == Some('}') {
                        self.bump();
                        return Ok(self.node(start, Value::Map(entries)));
                    }
                }
                Some('}') => {
                    self.bump();
                    return Ok(self.node(start, Value::Map(entries)));
                }
                _ => return Err(self.unexpected("',' or '}'")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Node, JsonError> {
        let start = self.pos();
        self.bump();
        let mut items = Vec::new();
        self.skip_space()?;
        if self.peek() == Some(']') {
            self.bump();
            return Ok(self.node(start, Value::Seq(items)));
        }
        loop {
            self.skip_space()?;
            items.push(self.value(depth + 1)?);
            self.skip_space()?;
            match self.peek() {
                Some(',') => {
                    self.bump();
                    self.skip_space()?;
                    if self.jsonc && self.peek() == Some(']') {
                        self.bump();
                        return Ok(self.node(start, Value::Seq(items)));
                    }
                }
                Some(']') => {
                    self.bump();
                    return Ok(self.node(start, Value::Seq(items)));
                }
                _ => return Err(self.unexpected("',' or ']'")),
            }
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.bump();
        let mut out = String::new();
        loop {
            let Some(c) = self.peek() else {
                return Err(self.error("unterminated string"));
            };
            match c {
                '"' => {
                    self.bump();
                    return Ok(out);
                }
                '\\' => {
                    self.bump();
                    self.escape(&mut out)?;
                }
                c if (c as u32) < 0x20 => {
                    return Err(self.error("control character in a string (escape it)"));
                }
                c => {
                    self.bump();
                    out.push(c);
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let c = match self.bump() {
            Some('"') => '"',
            Some('\\') => '\\',
            Some('/') => '/',
            Some('b') => '\u{8}',
            Some('f') => '\u{c}',
            Some('n') => '\n',
            Some('r') => '\r',
            Some('t') => '\t',
            Some('u') => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high)
                    && self.chars.get(self.at) == Some(&'\\')
                    && self.chars.get(self.at + 1) == Some(&'u')
                {
                    let (at, line, column) = (self.at, self.line, self.column);
                    self.bump();
                    self.bump();
                    let low = self.hex4()?;
                    if (0xDC00..0xE000).contains(&low) {
                        let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                        out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                        return Ok(());
                    }
                    // Not a pair: the second escape stands alone.
                    (self.at, self.line, self.column) = (at, line, column);
                }
                char::from_u32(high).unwrap_or('\u{fffd}')
            }
            _ => return Err(self.error("invalid escape sequence")),
        };
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|c| c.to_digit(16))
                .ok_or_else(|| self.error("expected 4 hex digits after \\u"))?;
            self.bump();
            n = n * 16 + digit;
        }
        Ok(n)
    }

    fn number(&mut self) -> Result<Node, JsonError> {
        let start = self.pos();
        let from = self.at;
        if self.peek() == Some('-') {
            self.bump();
        }
        match self.peek() {
            Some('0') => {
                self.bump();
            }
            Some('1'..='9') => self.digits(),
            _ => return Err(self.unexpected("a digit")),
        }
        let mut integral = true;
        if self.peek() == Some('.') {
            integral = false;
            self.bump();
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(self.unexpected("a digit after '.'"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some('e' | 'E')) {
            integral = false;
            self.bump();
            if matches!(self.peek(), Some('+' | '-')) {
                self.bump();
            }
            if !self.peek().is_some_and(|c| c.is_ascii_digit()) {
                return Err(self.unexpected("a digit in the exponent"));
            }
            self.digits();
        }
        let text: String = self.chars[from..self.at].iter().collect();
        let value = match (integral, text.parse::<i64>()) {
            (true, Ok(i)) => Value::Int(i),
            _ => Value::Float(text.parse::<f64>().unwrap_or(f64::NAN)),
        };
        Ok(self.node(start, value))
    }

    fn digits(&mut self) {
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.bump();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_keys_and_spans() {
        let doc = parse(
            "{\n  \"a\": [1, -2.5e1, true, null],\n  \"b\": \"x\\u00e9\\ud83d\\ude00\"\n}\n",
            false,
        )
        .unwrap();
        let a = doc.entry("a").unwrap();
        assert_eq!(
            (a.key_span.line, a.key_span.column, a.key_span.end_column),
            (2, 3, 6)
        );
        assert_eq!(
            a.value.items().iter().map(|n| &n.value).collect::<Vec<_>>(),
            [
                &Value::Int(1),
                &Value::Float(-25.0),
                &Value::Bool(true),
                &Value::Null
            ]
        );
        assert_eq!(doc.get("b").unwrap().as_str(), Some("xé😀"));
        assert_eq!(doc.get("b").unwrap().span, Span::new(3, 8, 3, 29));
    }

    #[test]
    fn strict_json_rejects_what_json_parse_rejects() {
        for bad in [
            "",
            "{",
            "{\"a\":1,}",
            "[1,]",
            "{'a':1}",
            "01",
            "1.",
            "-",
            "{\"a\" 1}",
            "\"\t\"",
            "\"\\x\"",
            "[1] 2",
            "// c\n{}",
            "tru",
            "{\"a\":1}}",
        ] {
            assert!(parse(bad, false).is_err(), "{bad:?}");
        }
        for good in [
            "{}",
            "[]",
            "0",
            "-0.5e-3",
            "\"\"",
            " {\"a\": {\"b\": []}} \n",
        ] {
            assert!(parse(good, false).is_ok(), "{good:?}");
        }
    }

    #[test]
    fn jsonc_allows_comments_and_trailing_commas() {
        let doc = parse("// top\n{\n  /* k */ \"a\": [1, 2,], // end\n}\n", true).unwrap();
        assert_eq!(doc.get("a").unwrap().items().len(), 2);
        assert!(parse("{ /* open", true).is_err());
    }

    #[test]
    fn errors_have_positions_and_depth_is_bounded() {
        let err = parse("{\n  \"a\": 1,\n  \"b\" 2\n}", false).unwrap_err();
        assert_eq!((err.line, err.column), (3, 7));
        let deep = "[".repeat(100_000);
        assert!(parse(&deep, false).unwrap_err().message.contains("nesting"));
    }
}
