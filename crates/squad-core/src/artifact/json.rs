//! Finding the JSON in a model's answer.

use std::collections::HashSet;
use std::fmt;

use super::fence::fenced_blocks;

/// How many characters of the answer an error shows.
const PREVIEW_CHARS: usize = 120;

/// How many balanced spans are tried at most, so a pathological answer stays cheap.
const MAX_SPAN_ATTEMPTS: usize = 256;

/// How many times span scanning starts again after a span left open.
const MAX_RESCANS: usize = 64;

/// No JSON value could be found in a model's answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct JsonExtractError {
    /// What was tried, and how each attempt failed.
    pub attempts: Vec<String>,
    /// The first characters of the answer.
    pub preview: String,
}

impl fmt::Display for JsonExtractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no JSON value found in the model's answer ({}); the answer begins: {:?}",
            self.attempts.join("; "),
            self.preview
        )
    }
}

/// Find the JSON value in a model's answer.
///
/// Tried in order: the whole text; the first ` ```json ` fenced block; the outermost balanced
/// `{...}` or `[...]` span that parses (brackets inside JSON strings are ignored), scanning left
/// to right and trying nested spans when an outer one does not parse.
///
/// ```
/// use squad_core::artifact::extract_json;
///
/// let answer = r#"Sure! The plan is {"steps": ["build", "deploy"]} as requested."#;
/// let value = extract_json(answer).unwrap();
/// assert_eq!(value["steps"][1], "deploy");
/// ```
pub fn extract_json(text: &str) -> Result<serde_json::Value, JsonExtractError> {
    let mut attempts = Vec::new();
    match serde_json::from_str(text.trim()) {
        Ok(value) => return Ok(value),
        Err(e) => attempts.push(format!("whole text: {e}")),
    }

    let json_block = fenced_blocks(text).find(|b| b.language().as_deref() == Some("json"));
    match json_block {
        Some(block) => match serde_json::from_str(&block.text(0)) {
            Ok(value) => return Ok(value),
            Err(e) => attempts.push(format!("```json block at line {}: {e}", block.line)),
        },
        None => attempts.push("```json block: none".to_string()),
    }

    let mut tried = 0;
    for (start, end) in balanced_spans(text) {
        if tried == MAX_SPAN_ATTEMPTS {
            break;
        }
        tried += 1;
        let Some(span) = text.get(start..end) else {
            continue;
        };
        if let Ok(value) = serde_json::from_str(span) {
            return Ok(value);
        }
    }
    attempts.push(if tried == 0 {
        "balanced {...} or [...] span: none".to_string()
    } else {
        format!("balanced {{...}} or [...] spans: {tried} tried, none parsed")
    });

    Err(JsonExtractError {
        attempts,
        preview: text.trim_start().chars().take(PREVIEW_CHARS).collect(),
    })
}

/// Byte ranges of balanced `{...}`/`[...]` spans, in the order to try them: each top-level span
/// first, then the spans nested in it by start position, then the next top-level span.
///
/// Strings are tracked from the opening bracket on, so brackets inside `"..."` do not count.
/// When a span is left open (a stray bracket or quote in prose, a mismatched closer, an answer
/// cut short), scanning starts again just after its opening bracket, at most
/// [`MAX_RESCANS`] times.
fn balanced_spans(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut ordered = Vec::new();
    let mut seen = HashSet::new();
    let mut from = 0;
    for _ in 0..=MAX_RESCANS {
        let (spans, resume) = scan_spans(bytes, from);
        ordered.extend(spans.into_iter().filter(|span| seen.insert(*span)));
        match resume {
            Some(next) => from = next,
            None => break,
        }
    }
    ordered
}

/// One left-to-right scan from `from`: the spans closed, and where to scan again when a span
/// was left open.
fn scan_spans(bytes: &[u8], from: usize) -> (Vec<(usize, usize)>, Option<usize>) {
    let mut ordered = Vec::new();
    let mut group: Vec<(usize, usize)> = Vec::new();
    let mut stack: Vec<(u8, usize)> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, &b) in bytes.iter().enumerate().skip(from) {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' if !stack.is_empty() => in_string = true,
            b'{' | b'[' => stack.push((b, i)),
            b'}' | b']' if !stack.is_empty() => {
                let want = if b == b'}' { b'{' } else { b'[' };
                match stack.pop() {
                    Some((open, start)) if open == want => {
                        group.push((start, i + 1));
                        if stack.is_empty() {
                            group.sort_unstable();
                            ordered.append(&mut group);
                        }
                    }
                    Some((_, start)) => {
                        // A mismatched closer: abandon every open span, rescan after the first.
                        let bottom = stack.first().map_or(start, |&(_, s)| s);
                        group.sort_unstable();
                        ordered.append(&mut group);
                        return (ordered, Some(bottom + 1));
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }
    group.sort_unstable();
    ordered.append(&mut group);
    let resume = stack.first().map(|&(_, start)| start + 1);
    (ordered, resume)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn the_whole_text() {
        assert_eq!(extract_json(" {\"a\": 1}\n").unwrap(), json!({"a": 1}));
        assert_eq!(extract_json("[1, 2]").unwrap(), json!([1, 2]));
    }

    #[test]
    fn a_json_block() {
        let answer = "Here is the SLO:\n\n```yaml\nnot: json\n```\n\n```JSON\n{\"objective\": 99.9}\n```\n\nLet me know!";
        assert_eq!(extract_json(answer).unwrap(), json!({"objective": 99.9}));
    }

    #[test]
    fn a_balanced_span_in_prose() {
        let answer = "Sure! Based on {your} request, here it is:\n{\"alerts\": [{\"name\": \"High }{ latency\", \"expr\": \"x[5m]\"}]}\nHope it helps.";
        assert_eq!(
            extract_json(answer).unwrap(),
            json!({"alerts": [{"name": "High }{ latency", "expr": "x[5m]"}]})
        );
    }

    #[test]
    fn a_nested_span_when_the_outer_one_is_not_json() {
        let answer = "{ result: {\"ok\": true} }";
        assert_eq!(extract_json(answer).unwrap(), json!({"ok": true}));
    }

    #[test]
    fn an_unclosed_outer_span() {
        let answer = "[note: {\"a\": [1]} and then the answer stopped";
        assert_eq!(extract_json(answer).unwrap(), json!({"a": [1]}));
    }

    #[test]
    fn stray_brackets_and_quotes_in_prose() {
        let answer = r#"Use "{" carefully: {"a": 1}"#;
        assert_eq!(extract_json(answer).unwrap(), json!({"a": 1}));
        let answer = r#"Ranges like [0, 5} are wrong; use {"range": [0, 5]}"#;
        assert_eq!(extract_json(answer).unwrap(), json!({"range": [0, 5]}));
    }

    #[test]
    fn a_broken_json_block_falls_back_to_spans() {
        let answer = "```json\n{\"a\": 1,}\n```\nCorrected: {\"a\": 1}";
        assert_eq!(extract_json(answer).unwrap(), json!({"a": 1}));
    }

    #[test]
    fn nothing_found_says_what_was_tried() {
        let answer = format!("I cannot help with that. {}", "é".repeat(300));
        let err = extract_json(&answer).unwrap_err();
        let message = err.to_string();
        assert!(message.contains("whole text"), "{message}");
        assert!(message.contains("```json block: none"), "{message}");
        assert!(message.contains("span: none"), "{message}");
        assert!(message.contains("I cannot help with that."), "{message}");
        assert_eq!(err.preview.chars().count(), 120);

        let err = extract_json("{ not json } [ nor this ]").unwrap_err();
        assert!(err.to_string().contains("2 tried"), "{err}");
        assert!(extract_json("").is_err());
    }

    #[test]
    fn pathological_input_stays_cheap() {
        let deep = "[".repeat(200_000);
        assert!(extract_json(&deep).is_err());
        let many = "{x}".repeat(100_000);
        assert!(extract_json(&many).is_err());
        let nested = format!("{}x{}", "{".repeat(50_000), "}".repeat(50_000));
        assert!(extract_json(&nested).is_err());
    }
}
