//! GA011 `invalid-cron`: a `schedule` cron expression GitHub cannot read.

use crate::ci::common::Ctx;
use crate::ci::github::cron;
use crate::ci::github::model::Workflow;

declare_rule! {
    code: "GA011",
    name: "invalid-cron",
    severity: Error,
    summary: "A `schedule` cron expression is not valid POSIX cron.",
    help: "Write five fields: minute (0-59) hour (0-23) day-of-month (1-31) month (1-12 or JAN-DEC) day-of-week (0-6 or SUN-SAT).",
    references: ["actionlint:events"],
    doc: r#"## What it does
Checks each `cron` of `on.schedule`: exactly five fields, each `*`, a value, a range `a-b`,
any of those with a step `/n`, or a comma list of them; values in range for their field;
month and weekday names (`JAN`, `MON`) where they are allowed. The message names the field.

## Why is this bad?
An invalid schedule makes the workflow invalid, and an out-of-range value that some cron
implementations wrap around silently never fires on GitHub. Nicknames such as `@daily` are
not supported.

## Example
```yaml
on:
  schedule:
    - cron: "0 24 * * MON-FRI"
```

Use instead:
```yaml
on:
  schedule:
    - cron: "0 23 * * MON-FRI"
```

## References
- [Events: schedule](https://docs.github.com/actions/reference/events-that-trigger-workflows#schedule)
- [POSIX crontab](https://pubs.opengroup.org/onlinepubs/9699919799/utilities/crontab.html)
- [actionlint: events](https://github.com/rhysd/actionlint/blob/main/docs/checks.md)
"#,
}

/// Validate every cron expression.
pub(crate) fn check(wf: &Workflow<'_>, ctx: &mut Ctx<'_>) {
    for event in &wf.events {
        for node in &event.crons {
            let Some(text) = node.as_str() else { continue };
            if let Err(err) = cron::validate(text) {
                let span = ctx.locate(node, err.offset, &err.text);
                ctx.report(&RULE, span, format!("invalid cron `{}`: {}", text.trim(), err.message));
            }
        }
    }
}
