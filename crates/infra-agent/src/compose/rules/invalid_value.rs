//! DC006 `invalid-value`: a value outside the set compose allows for its key.

use crate::compose::context::Ctx;
use crate::compose::validate::IssueKind;

declare_rule! {
    code: "DC006",
    name: "invalid-value",
    severity: Error,
    summary: "A value compose does not accept for its key: an unknown restart policy, condition, mode, size, or an invalid name.",
    help: "Use one of the values the message lists (a close one is suggested).",
    references: [],
    doc: r#"## What it does
Checks values that come from a fixed set: `restart` (`no`, `always`, `on-failure[:N]`,
`unless-stopped`), `pull_policy`, the `condition` of `depends_on`, `deploy.mode`,
`restart_policy.condition`, port `protocol` and `mode`, volume `type`, bind `propagation`,
`develop.watch` actions, ...; sizes such as `mem_limit: 512m`; and the names of services,
networks, volumes, secrets and configs, which may only use letters, digits, `.`, `_` and `-`.

## Why is this bad?
`docker compose` refuses the file, or (for some keys) the engine refuses the container when
it is created, after the other services have started.

## Example
```yaml
services:
  web:
    image: nginx:1.27.3
    restart: allways
    depends_on:
      api:
        condition: service_ready
```

Use instead:
```yaml
services:
  web:
    image: nginx:1.27.3
    restart: always
    depends_on:
      api:
        condition: service_healthy
  api:
    image: ghcr.io/acme/api:1.4.2
    healthcheck:
      test: ["CMD", "wget", "-qO-", "http://127.0.0.1:8080/health"]
```

## References
- [Compose Specification: restart](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#restart)
- [Compose Specification: depends_on](https://github.com/compose-spec/compose-spec/blob/main/05-services.md#depends_on)
"#,
}

/// Report the validator's invalid values.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    ctx.report_issues(&RULE, IssueKind::InvalidValue);
}
