//! Parsing one prompt file: TOML front matter between `+++` lines, then the system and user
//! templates after `=== system ===` and `=== user ===` lines.
//!
//! Parsing is a first step that yields a validated [`PromptSpec`]; templates are compiled into
//! the registry's tera instance in a second step (see `registry.rs`).

use std::collections::BTreeSet;

use serde::Deserialize;
use serde_json::Value;

use super::{InputKind, OutputKind, PromptError, PromptInput};

const FENCE: &str = "+++";
const SYSTEM_MARKER: &str = "=== system ===";
const USER_MARKER: &str = "=== user ===";

/// A prompt file, parsed and checked, with its templates still as text.
#[derive(Debug, Clone)]
pub(crate) struct PromptSpec {
    pub(crate) id: String,
    pub(crate) version: u32,
    pub(crate) description: String,
    pub(crate) model: Option<String>,
    pub(crate) temperature: Option<f32>,
    pub(crate) max_tokens: Option<u32>,
    pub(crate) output: OutputKind,
    pub(crate) output_schema: Option<Value>,
    pub(crate) inputs: Vec<PromptInput>,
    pub(crate) system: String,
    pub(crate) user: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFrontMatter {
    id: String,
    version: u32,
    description: String,
    model: Option<String>,
    temperature: Option<f32>,
    max_tokens: Option<u32>,
    output: OutputKind,
    output_schema: Option<toml::Value>,
    #[serde(default)]
    inputs: Vec<RawInput>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    name: String,
    description: String,
    #[serde(default = "default_required")]
    required: bool,
    #[serde(default)]
    untrusted: bool,
    #[serde(default)]
    kind: InputKind,
    default: Option<toml::Value>,
}

fn default_required() -> bool {
    true
}

/// Parse the file `file` (a display name for errors), expected to hold prompt `expected_id`
/// in version `expected_version` as its path says.
pub(crate) fn parse(
    file: &str,
    expected_id: &str,
    expected_version: u32,
    text: &str,
) -> Result<PromptSpec, PromptError> {
    let fail = |message: String| PromptError::InvalidFile {
        file: file.to_owned(),
        message,
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");

    let (front, body) = split_front_matter(&text).map_err(fail)?;
    let raw: RawFrontMatter = toml::from_str(front).map_err(|e| {
        // The front matter starts on the file's second line.
        let line = e
            .span()
            .map(|span| front[..span.start.min(front.len())].matches('\n').count() + 2);
        match line {
            Some(line) => fail(format!(
                "invalid front matter at line {line}: {}",
                e.message().trim_end()
            )),
            None => fail(format!("invalid front matter: {}", e.message().trim_end())),
        }
    })?;

    if raw.id != expected_id {
        return Err(fail(format!(
            "front matter id is `{}` but the path says `{expected_id}`: the id must be `<agent>.<task>` of the folders holding the file",
            raw.id
        )));
    }
    if raw.version != expected_version {
        return Err(fail(format!(
            "front matter version is {} but the file name says v{expected_version}: make them equal",
            raw.version
        )));
    }
    if raw.description.trim().is_empty() {
        return Err(fail(
            "front matter `description` is empty: say what the prompt produces".to_owned(),
        ));
    }
    if let Some(t) = raw.temperature
        && !(0.0..=2.0).contains(&t)
    {
        return Err(fail(format!(
            "temperature {t} is out of range: use a value from 0.0 to 2.0"
        )));
    }
    if raw.max_tokens == Some(0) {
        return Err(fail(
            "max_tokens is 0: remove it or give a positive number".to_owned(),
        ));
    }
    let output_schema = match raw.output_schema {
        None => None,
        Some(_) if raw.output == OutputKind::Files => {
            return Err(fail(
                "output_schema is set but output is \"files\": set output = \"json\" or remove the schema".to_owned(),
            ));
        }
        Some(toml::Value::String(s)) => {
            let schema: Value = serde_json::from_str(&s)
                .map_err(|e| fail(format!("output_schema is not valid JSON: {e}")))?;
            Some(schema)
        }
        Some(other) => Some(toml_to_json(file, "output_schema", &other)?),
    };
    if let Some(schema) = &output_schema
        && !schema.is_object()
    {
        return Err(fail(
            "output_schema must be a JSON schema object (a TOML table or a JSON string holding an object)".to_owned(),
        ));
    }

    let mut seen = BTreeSet::new();
    let mut inputs = Vec::with_capacity(raw.inputs.len());
    for input in raw.inputs {
        if !is_identifier(&input.name) {
            return Err(fail(format!(
                "input name `{}` is not usable in a template: use lower-case letters, digits and `_`, starting with a letter",
                input.name
            )));
        }
        if !seen.insert(input.name.clone()) {
            return Err(fail(format!(
                "input `{}` is declared twice: keep one [[inputs]] entry per name",
                input.name
            )));
        }
        if input.untrusted && input.kind == InputKind::List {
            return Err(fail(format!(
                "input `{}` is both untrusted and kind = \"list\": an untrusted value reaches the template as one fenced text, which cannot be iterated; drop one of the two",
                input.name
            )));
        }
        let default = match input.default {
            Some(value) => Some(toml_to_json(
                file,
                &format!("default of input `{}`", input.name),
                &value,
            )?),
            None => None,
        };
        if let Some((expected, _)) = default
            .as_ref()
            .and_then(|d| input.kind.misfit(&input.name, d))
        {
            return Err(fail(format!(
                "the default of input `{}` does not fit its kind = \"{}\": it takes {expected}",
                input.name, input.kind
            )));
        }
        inputs.push(PromptInput {
            name: input.name,
            description: input.description,
            required: input.required,
            untrusted: input.untrusted,
            kind: input.kind,
            default,
        });
    }

    let (system, user) = split_body(body).map_err(fail)?;
    Ok(PromptSpec {
        id: raw.id,
        version: raw.version,
        description: raw.description,
        model: raw.model,
        temperature: raw.temperature,
        max_tokens: raw.max_tokens,
        output: raw.output,
        output_schema,
        inputs,
        system,
        user,
    })
}

/// Split `+++\n<toml>\n+++\n<body>` into its TOML and its body.
fn split_front_matter(text: &str) -> Result<(&str, &str), String> {
    let Some(rest) = text.strip_prefix(FENCE).and_then(|r| {
        r.strip_prefix('\n')
            .or_else(|| r.trim_start_matches([' ', '\t']).strip_prefix('\n'))
    }) else {
        return Err(format!(
            "the file must start with a `{FENCE}` line opening the TOML front matter"
        ));
    };
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.trim_end() == FENCE {
            let front = &rest[..offset];
            let body = &rest[offset + line.len()..];
            return Ok((front, body));
        }
        offset += line.len();
    }
    Err(format!(
        "the front matter is not closed: add a `{FENCE}` line after it"
    ))
}

/// Split the body into its system and user templates.
fn split_body(body: &str) -> Result<(String, String), String> {
    let mut system_at = None;
    let mut user_at = None;
    let mut offset = 0;
    for (index, line) in body.split_inclusive('\n').enumerate() {
        let trimmed = line.trim();
        let marker = if trimmed == SYSTEM_MARKER {
            Some(&mut system_at)
        } else if trimmed == USER_MARKER {
            Some(&mut user_at)
        } else {
            None
        };
        if let Some(slot) = marker {
            if slot.is_some() {
                return Err(format!(
                    "`{trimmed}` appears twice in the body: keep one system and one user section"
                ));
            }
            *slot = Some((index, offset, offset + line.len()));
        }
        offset += line.len();
    }
    let (Some((_, system_line_start, system_start)), Some((_, user_line_start, user_start))) =
        (system_at, user_at)
    else {
        return Err(format!(
            "the body needs a `{SYSTEM_MARKER}` line followed by the system template, then a `{USER_MARKER}` line followed by the user template"
        ));
    };
    if user_line_start < system_start {
        return Err(format!(
            "`{USER_MARKER}` comes before `{SYSTEM_MARKER}`: put the system section first"
        ));
    }
    if !body[..system_line_start].trim().is_empty() {
        return Err(format!(
            "text between the front matter and `{SYSTEM_MARKER}` would be lost: move it into a section"
        ));
    }
    let system = clean_section(&body[system_start..user_line_start]);
    let user = clean_section(&body[user_start..]);
    if system.is_empty() {
        return Err("the system template is empty".to_owned());
    }
    if user.is_empty() {
        return Err("the user template is empty".to_owned());
    }
    Ok((system, user))
}

/// Drop the blank lines around a section and trailing whitespace.
fn clean_section(section: &str) -> String {
    section.trim_start_matches('\n').trim_end().to_owned()
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some('a'..='z'))
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

fn toml_to_json(file: &str, what: &str, value: &toml::Value) -> Result<Value, PromptError> {
    serde_json::to_value(value).map_err(|e| PromptError::InvalidFile {
        file: file.to_owned(),
        message: format!("{what} cannot be converted to JSON: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"+++
id = "infra.demo"
version = 2
description = "A demo"
model = "some/model"
temperature = 0.2
max_tokens = 100
output = "json"
output_schema = { type = "object", properties = { ok = { type = "boolean" } } }

[[inputs]]
name = "stack"
description = "The stack"

[[inputs]]
name = "notes"
description = "Free text"
required = false
untrusted = true
default = "none"
+++

=== system ===

You are terse.

=== user ===
Stack: {{ stack }}
"#;

    fn parse_demo(text: &str) -> Result<PromptSpec, PromptError> {
        parse("demo/v2.md", "infra.demo", 2, text)
    }

    fn message(text: &str) -> String {
        match parse_demo(text) {
            Err(PromptError::InvalidFile { file, message }) => {
                assert_eq!(file, "demo/v2.md");
                message
            }
            other => panic!("expected an invalid-file error, got {other:?}"),
        }
    }

    #[test]
    fn parses_every_field() {
        let spec = parse_demo(GOOD).unwrap();
        assert_eq!(spec.id, "infra.demo");
        assert_eq!(spec.version, 2);
        assert_eq!(spec.model.as_deref(), Some("some/model"));
        assert_eq!(spec.temperature, Some(0.2));
        assert_eq!(spec.max_tokens, Some(100));
        assert_eq!(spec.output, OutputKind::Json);
        assert_eq!(
            spec.output_schema,
            Some(serde_json::json!({"type": "object", "properties": {"ok": {"type": "boolean"}}}))
        );
        assert_eq!(spec.inputs.len(), 2);
        assert!(spec.inputs[0].required && !spec.inputs[0].untrusted);
        assert!(!spec.inputs[1].required && spec.inputs[1].untrusted);
        assert_eq!(spec.inputs[1].default, Some(Value::from("none")));
        assert_eq!(spec.system, "You are terse.");
        assert_eq!(spec.user, "Stack: {{ stack }}");
    }

    #[test]
    fn crlf_files_parse_like_lf_files() {
        let spec = parse_demo(&GOOD.replace('\n', "\r\n")).unwrap();
        assert_eq!(spec.user, "Stack: {{ stack }}");
    }

    #[test]
    fn schema_may_be_a_json_string() {
        let text = GOOD.replace(
            "output_schema = { type = \"object\", properties = { ok = { type = \"boolean\" } } }",
            "output_schema = '{\"type\": \"object\"}'",
        );
        let spec = parse_demo(&text).unwrap();
        assert_eq!(
            spec.output_schema,
            Some(serde_json::json!({"type": "object"}))
        );
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(message("id = 1").contains("must start with a `+++` line"));
        assert!(message("+++\nid = \"x\"\n").contains("not closed"));
        let m = message(&GOOD.replace("id = \"infra.demo\"", "id = \"infra.other\""));
        assert!(
            m.contains("`infra.other`") && m.contains("`infra.demo`"),
            "{m}"
        );
        let m = message(&GOOD.replace("version = 2", "version = 3"));
        assert!(m.contains("version is 3") && m.contains("v2"), "{m}");
        let m = message(&GOOD.replace("description = \"A demo\"", "descripton = \"A demo\""));
        assert!(m.contains("invalid front matter at line 4"), "{m}");
        let m = message(&GOOD.replace("output = \"json\"", "output = \"yaml\""));
        assert!(m.contains("invalid front matter"), "{m}");
        let m = message(&GOOD.replace("=== user ===", "=== usr ==="));
        assert!(m.contains("`=== user ===`"), "{m}");
        let m = message(&GOOD.replace("name = \"notes\"", "name = \"stack\""));
        assert!(m.contains("declared twice"), "{m}");
        let m = message(&GOOD.replace("name = \"notes\"", "name = \"Notes-1\""));
        assert!(m.contains("not usable in a template"), "{m}");
        let m = message(&GOOD.replace("output = \"json\"", "output = \"files\""));
        assert!(m.contains("output_schema is set"), "{m}");
        let m = message(&GOOD.replace("temperature = 0.2", "temperature = 7.0"));
        assert!(m.contains("out of range"), "{m}");
        let m = message(&GOOD.replace("+++\n\n=== system ===", "+++\nstray\n=== system ==="));
        assert!(m.contains("would be lost"), "{m}");
    }

    #[test]
    fn list_inputs_are_declared_with_kind() {
        let list = GOOD.replace(
            "name = \"stack\"\ndescription = \"The stack\"",
            "name = \"stack\"\ndescription = \"The stack\"\nkind = \"list\"\ndefault = [\"a\", 1, true]",
        );
        let spec = parse_demo(&list).unwrap();
        assert_eq!(spec.inputs[0].kind, InputKind::List);
        assert_eq!(spec.inputs[1].kind, InputKind::Any);

        let m = message(&list.replace("kind = \"list\"", "kind = \"map\""));
        assert!(m.contains("invalid front matter"), "{m}");
        let m = message(&list.replace("default = [\"a\", 1, true]", "default = \"a, b\""));
        assert!(
            m.contains("default of input `stack`") && m.contains("a list, but a string"),
            "{m}"
        );
        let m =
            message(&list.replace("default = [\"a\", 1, true]", "default = [\"a\", { x = 1 }]"));
        assert!(m.contains("item 2 is an object"), "{m}");
        let m = message(&GOOD.replace("untrusted = true", "untrusted = true\nkind = \"list\""));
        assert!(
            m.contains("input `notes` is both untrusted and kind = \"list\""),
            "{m}"
        );
    }

    #[test]
    fn sections_must_come_in_order() {
        let text = GOOD
            .replace("=== system ===", "=== tmp ===")
            .replace("=== user ===", "=== system ===")
            .replace("=== tmp ===", "=== user ===");
        assert!(message(&text).contains("put the system section first"));
    }
}
