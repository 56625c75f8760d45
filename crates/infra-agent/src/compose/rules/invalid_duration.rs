//! DC005 `invalid-duration`: a duration compose cannot read.

use crate::compose::context::Ctx;
use crate::compose::validate::IssueKind;

declare_rule! {
    code: "DC005",
    name: "invalid-duration",
    severity: Error,
    summary: "A duration (healthcheck interval, stop_grace_period, ...) that is not in Go's duration format.",
    help: "Write durations as numbers with units: `30s`, `1m30s`, `500ms`, `2h`.",
    references: [],
    doc: r#"## What it does
Checks the durations of a compose file: the healthcheck's `interval`, `timeout`,
`start_period` and `start_interval`, `stop_grace_period`, the `delay`, `window` and
`monitor` of `deploy`, and `pull_policy: every_<duration>`. Compose reads them with Go's
duration parser: one or more numbers each followed by a unit among `ns`, `us`, `ms`, `s`,
`m` and `h`.

## Why is this bad?
A bare number (`interval: 30`) or a unit Go does not know (`1d`, `30sec`) makes
`docker compose` refuse the file with `time: missing unit in duration`.

## Example
```yaml
services:
  db:
    image: postgres:16.4-alpine
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 10
      timeout: 5sec
```

Use instead:
```yaml
services:
  db:
    image: postgres:16.4-alpine
    healthcheck:
      test: ["CMD-SHELL", "pg_isready -U postgres"]
      interval: 10s
      timeout: 5s
```

## References
- [Compose Specification: healthcheck](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#healthcheck)
- [Go time.ParseDuration](https://pkg.go.dev/time#ParseDuration)
"#,
}

/// Report the validator's invalid durations.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    ctx.report_issues(&RULE, IssueKind::InvalidDuration);
}
