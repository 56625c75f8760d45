//! The text, JSON and SARIF renderings of findings, as users and tools see them.
#![allow(clippy::unwrap_used)]

use serde::Deserialize;
use serde_json::Value;
use squad_core::findings::render::{render_json, render_sarif, render_text, rules_json};
use squad_core::findings::{Finding, Rule, Severity, Span, Summary, sort_findings};

static IMAGE_TAG_LATEST: Rule = Rule {
    code: "DF007",
    name: "image-tag-latest",
    severity: Severity::Warning,
    kinds: &["dockerfile"],
    summary: "Base image uses the `latest` tag or no tag.",
    help: "Pin the base image to a version, e.g. `node:20.11-alpine`.",
    doc: "## What it does\nChecks that `FROM` pins the base image to a version.\n\n\
          ## Why is this bad?\n`latest` changes under you: builds stop being reproducible.\n\n\
          ## Example\n```dockerfile\nFROM node:latest\n```\n\nUse instead:\n\
          ```dockerfile\nFROM node:20.11-alpine\n```\n\n## References\n- hadolint DL3007\n",
    references: &["hadolint:DL3007"],
};

static APT_NO_RECOMMENDS: Rule = Rule {
    code: "DF012",
    name: "apt-install-recommends",
    severity: Severity::Info,
    kinds: &["dockerfile"],
    summary: "`apt-get install` without `--no-install-recommends`.",
    help: "Add `--no-install-recommends` to keep the image small.",
    doc: "## What it does\nFlags `apt-get install` without `--no-install-recommends`.\n",
    references: &["hadolint:DL3015"],
};

static PRIVILEGED_SERVICE: Rule = Rule {
    code: "CP003",
    name: "privileged-service",
    severity: Severity::Error,
    kinds: &["compose"],
    summary: "A service runs privileged.",
    help: "",
    doc: "",
    references: &[],
};

const DOCKERFILE: &str =
    "FROM node:latest\nWORKDIR /app\nRUN apt-get update && \\\n\tapt-get install -y curl\n";

const COMPOSE: &str = "services:\n  api:\n    image: \"ghcr.io/acme/api:1.4\"\n    privileged: true\n    environment:\n      DB_PASSWORD: hunter2\n";

fn sources(path: &str) -> Option<String> {
    match path {
        "Dockerfile" => Some(DOCKERFILE.to_string()),
        "deploy/docker-compose.yml" => Some(COMPOSE.to_string()),
        _ => None,
    }
}

/// A handful of findings over two files, given out of order: a tab-indented line, a span over
/// several lines, a rule outside the rule list, every severity.
fn findings() -> Vec<Finding> {
    vec![
        PRIVILEGED_SERVICE.finding(
            "deploy/docker-compose.yml",
            Span::new(2, 3, 4, 21),
            "service `api` runs privileged: it has every capability of the host",
        ),
        Finding {
            rule: "SEC101".into(),
            name: "hardcoded-secret".into(),
            severity: Severity::Error,
            path: "deploy/docker-compose.yml".into(),
            line: 6,
            column: 20,
            end_line: 6,
            end_column: 27,
            message: "`DB_PASSWORD` is set to a literal secret".into(),
            help: Some("Read it from a secret or an `.env` file kept out of git.".into()),
            references: vec!["cwe:CWE-798".into(), "bandit:B105".into()],
        },
        APT_NO_RECOMMENDS.finding(
            "Dockerfile",
            Span::new(4, 2, 4, 25),
            "`apt-get install` without `--no-install-recommends`",
        ),
        IMAGE_TAG_LATEST.finding(
            "Dockerfile",
            Span::new(1, 6, 1, 17),
            "base image `node:latest` is not pinned",
        ),
    ]
}

fn rules() -> Vec<&'static Rule> {
    vec![&IMAGE_TAG_LATEST, &APT_NO_RECOMMENDS, &PRIVILEGED_SERVICE]
}

#[test]
fn text_shows_each_finding_under_its_source_line() {
    let text = render_text(&findings(), 2, &sources, false);
    insta::assert_snapshot!("text", text);
    assert!(!text.contains('\x1b'));
    assert!(text.ends_with("2 errors, 1 warning, 1 info in 2 files\n"));
}

#[test]
fn text_marker_lines_up_under_a_tab() {
    let text = render_text(&findings(), 2, &sources, false);
    // `apt-get install -y curl` is 23 characters, after one tab.
    let expected = format!(
        "  4 | \tapt-get install -y curl\n    | \t^{}\n",
        "~".repeat(22)
    );
    assert!(text.contains(&expected), "{text}");
}

#[test]
fn text_without_sources_shows_headers_and_help_only() {
    let text = render_text(&findings(), 2, &|_| None, false);
    insta::assert_snapshot!("text_no_sources", text);
    assert!(!text.contains(" | "));
}

#[test]
fn text_colours_only_when_asked() {
    let coloured = render_text(&findings(), 2, &sources, true);
    assert!(coloured.contains("\x1b[1;31merror[CP003 privileged-service]:\x1b[0m"));
    assert!(coloured.contains("\x1b[1;33mwarning[DF007 image-tag-latest]:\x1b[0m"));
    // Stripping the escapes gives the plain rendering.
    let plain = coloured
        .split('\x1b')
        .enumerate()
        .map(|(i, part)| {
            if i == 0 {
                part
            } else {
                part.split_once('m').map_or(part, |(_, rest)| rest)
            }
        })
        .collect::<String>();
    assert_eq!(plain, render_text(&findings(), 2, &sources, false));
}

#[test]
fn text_with_no_findings_is_just_the_count() {
    assert_eq!(
        render_text(&[], 3, &sources, false),
        "0 errors, 0 warnings, 0 infos in 3 files\n"
    );
}

#[test]
fn json_follows_the_contract() {
    let json = render_json(&findings(), 2);
    insta::assert_snapshot!("json", json);

    let value: Value = serde_json::from_str(&json).unwrap();
    assert_eq!(value.as_object().unwrap().len(), 2);
    assert!(json.find("\"findings\"").unwrap() < json.find("\"summary\"").unwrap());
    assert_eq!(
        value["summary"],
        serde_json::json!({"files": 2, "errors": 2, "warnings": 1, "infos": 1})
    );
    // Field order as in DESIGN.md.
    let first = &json[json.find("\"rule\"").unwrap()..json.find("\"references\"").unwrap()];
    let order = [
        "\"rule\"",
        "\"name\"",
        "\"severity\"",
        "\"path\"",
        "\"line\"",
        "\"column\"",
        "\"end_line\"",
        "\"end_column\"",
        "\"message\"",
        "\"help\"",
    ];
    let positions: Vec<usize> = order.iter().map(|k| first.find(k).unwrap()).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{first}");
}

#[test]
fn json_round_trips_into_findings() {
    #[derive(Deserialize)]
    struct Report {
        findings: Vec<Finding>,
        summary: Summary,
    }
    let report: Report = serde_json::from_str(&render_json(&findings(), 5)).unwrap();
    let mut expected = findings();
    sort_findings(&mut expected);
    assert_eq!(report.findings, expected);
    assert_eq!(report.summary, Summary::of(5, &expected));
}

#[test]
fn rules_json_lists_every_rule() {
    let json = rules_json(rules());
    insta::assert_snapshot!("rules_json", json);
    let value: Value = serde_json::from_str(&json).unwrap();
    let entries = value.as_array().unwrap();
    assert_eq!(entries.len(), 3);
    // Keys in the documented order (serde_json's map sorts them, so look at the text).
    let order = ["rule", "name", "severity", "kinds", "summary", "references"];
    let positions: Vec<usize> = order
        .iter()
        .map(|k| json.find(&format!("\"{k}\"")).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{json}");
    assert_eq!(entries[0].as_object().unwrap().len(), order.len());
    assert_eq!(entries[0]["rule"], "DF007");
    assert_eq!(
        entries[0]["references"],
        serde_json::json!(["hadolint:DL3007"])
    );
}

#[test]
fn sarif_is_a_valid_2_1_0_log() {
    let sarif = render_sarif(&findings(), &rules(), "0.1.0");
    insta::assert_snapshot!("sarif", sarif);

    let log: Value = serde_json::from_str(&sarif).unwrap();
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    let runs = log["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    let driver = &runs[0]["tool"]["driver"];
    assert_eq!(driver["name"], "devops-squad");
    assert_eq!(driver["version"], "0.1.0");
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );

    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), 3);
    assert_eq!(rules[0]["id"], "DF007");
    assert_eq!(rules[0]["defaultConfiguration"]["level"], "warning");
    assert_eq!(rules[1]["defaultConfiguration"]["level"], "note");
    assert_eq!(rules[2]["defaultConfiguration"]["level"], "error");
    assert_eq!(rules[0]["help"]["markdown"], IMAGE_TAG_LATEST.doc);
    assert_eq!(
        rules[0]["fullDescription"]["text"],
        "Checks that `FROM` pins the base image to a version."
    );
    assert_eq!(
        rules[0]["properties"]["tags"],
        serde_json::json!(["dockerfile"])
    );

    let results = runs[0]["results"].as_array().unwrap();
    let summary: Vec<(&str, Option<u64>, &str)> = results
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap(),
                r["ruleIndex"].as_u64(),
                r["level"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("DF007", Some(0), "warning"),
            ("DF012", Some(1), "note"),
            ("CP003", Some(2), "error"),
            // Not in the rule list: still reported, without an index.
            ("SEC101", None, "error"),
        ]
    );
    let multi_line = &results[2]["locations"][0]["physicalLocation"];
    assert_eq!(
        multi_line["artifactLocation"]["uri"],
        "deploy/docker-compose.yml"
    );
    assert_eq!(
        multi_line["region"],
        serde_json::json!({"startLine": 2, "startColumn": 3, "endLine": 4, "endColumn": 21})
    );
    assert_eq!(
        results[3]["message"]["text"],
        "`DB_PASSWORD` is set to a literal secret\nhelp: Read it from a secret or an `.env` file kept out of git."
    );
}

#[test]
fn sarif_encodes_paths_as_uris() {
    let finding = IMAGE_TAG_LATEST.finding(r"services\my api\Dockerfile", Span::file_start(), "x");
    let log: Value = serde_json::from_str(&render_sarif(&[finding], &[], "0.1.0")).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "services/my%20api/Dockerfile"
    );
    assert!(result.get("ruleIndex").is_none());
    assert_eq!(
        log["runs"][0]["tool"]["driver"]["rules"],
        serde_json::json!([])
    );
}
