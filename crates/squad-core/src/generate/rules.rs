//! The rules squad-core itself reports about a model's answer, whatever the artifact kind.

use crate::findings::{Rule, Severity};

/// The answer named a file path that is not a safe relative path.
pub static UNSAFE_ARTIFACT_PATH: Rule = Rule {
    code: "SQ001",
    name: "unsafe-artifact-path",
    severity: Severity::Error,
    kinds: &["artifact"],
    summary: "A generated file has an absolute, parent-relative or otherwise unsafe path",
    help: "Name every file with a relative path inside the project, without `..`, drive letters or control characters",
    doc: "## What it does\nRejects a generated file whose path is absolute, climbs out of the output folder with `..`, \
names a drive, a UNC share, a home folder or a reserved device, or holds control characters.\n\n\
## Why is this bad?\nA file written outside the output folder can overwrite anything the user can write: shell \
start-up files, SSH keys, other projects. A model can be talked into such paths by text it was asked to read.\n\n\
## Example\n```text\n```bash path=../../.bashrc\n```\n\nUse instead:\n```text\n```bash path=scripts/dev_up.sh\n```\n\n\
## References\n- CWE-22: Improper Limitation of a Pathname to a Restricted Directory\n",
    references: &["cwe:CWE-22"],
};

/// The answer holds a file larger than the limit.
pub static ARTIFACT_TOO_LARGE: Rule = Rule {
    code: "SQ002",
    name: "artifact-too-large",
    severity: Severity::Error,
    kinds: &["artifact"],
    summary: "A generated file is larger than the artifact size limit",
    help: "Split the file, or leave generated data out of it",
    doc: "## What it does\nRejects a generated file larger than 512 KiB.\n\n\
## Why is this bad?\nConfiguration files are small; a huge one is a runaway answer or data that does not belong in \
a repository, and would be costly to check and to send back to the model.\n\n\
## Example\nA compose file that inlines a 2 MB certificate bundle.\n\n\
Use instead:\nMount the bundle from a file or a secret store.\n\n## References\n- CWE-400: Uncontrolled Resource Consumption\n",
    references: &["cwe:CWE-400"],
};

/// The answer holds no file at all.
pub static NO_ARTIFACT: Rule = Rule {
    code: "SQ003",
    name: "no-artifact-in-answer",
    severity: Severity::Error,
    kinds: &["artifact"],
    summary: "The answer contains no file in the expected format",
    help: "Answer with one fenced code block per file, its info string holding the language and `path=<relative path>`",
    doc: "## What it does\nReports an answer from which no file could be extracted.\n\n\
## Why is this bad?\nThe task asked for files; prose alone cannot be written, checked or deployed.\n\n\
## Example\n```text\nHere is how you could write a Dockerfile: start from a Node image...\n```\n\n\
Use instead:\n```text\n```dockerfile path=Dockerfile\nFROM node:22.11.0-bookworm-slim\n...\n```\n```\n\n## References\n- none\n",
    references: &[],
};

/// The answer should be JSON and is not, or does not have the expected shape.
pub static INVALID_JSON_ANSWER: Rule = Rule {
    code: "SQ004",
    name: "invalid-json-answer",
    severity: Severity::Error,
    kinds: &["json"],
    summary: "The answer is not JSON of the expected shape",
    help: "Answer with one JSON document that follows the requested schema, and nothing else",
    doc: "## What it does\nReports an answer that should be a JSON document of a given shape and is not.\n\n\
## Why is this bad?\nThe data of a task (audit findings, SLO targets) is read by code; a malformed document \
would be dropped or, worse, half read.\n\n\
## Example\n```text\nSure! {\"findings\": [ ... (cut)\n```\n\nUse instead:\n```json\n{\"findings\": []}\n```\n\n## References\n- none\n",
    references: &[],
};

/// Every rule squad-core reports.
pub static CORE_RULES: &[&Rule] = &[
    &UNSAFE_ARTIFACT_PATH,
    &ARTIFACT_TOO_LARGE,
    &NO_ARTIFACT,
    &INVALID_JSON_ANSWER,
];
