//! DF027 `expose-invalid-port`: EXPOSE of a port outside 0-65535, or not a port.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::parser::{Dockerfile, Keyword, TokenKind};
use crate::dockerfile::rules::expose_ssh_port;

declare_rule! {
    code: "DF027",
    name: "expose-invalid-port",
    severity: Error,
    summary: "EXPOSE names a port outside 0-65535, or something that is not a port.",
    help: "Use `EXPOSE <port>[/tcp|/udp|/sctp]` or a range `<from>-<to>`, with ports from 0 to 65535.",
    references: ["hadolint:DL3011"],
    doc: r#"## What it does
Checks every EXPOSE argument: a port or a range of ports (`8000-8010`), optionally followed by
`/tcp`, `/udp` or `/sctp`. Ports must be within 0-65535; arguments built from variables are
skipped.

## Why is this bad?
TCP and UDP ports are 16-bit numbers: `EXPOSE 80800` is a typo that fails the build, and a
malformed protocol or range is refused the same way.

## Example
```dockerfile
FROM nginx:1.27.3-alpine
EXPOSE 80800
```

Use instead:
```dockerfile
FROM nginx:1.27.3-alpine
EXPOSE 8080
```

## References
- [hadolint DL3011](https://github.com/hadolint/hadolint/wiki/DL3011)
- [Dockerfile reference: EXPOSE](https://docs.docker.com/reference/dockerfile/#expose)
"#,
}

/// A valid port written as digits alone (`3000`), the usual EXPOSE argument: read without
/// the protocol and range splits and `str::parse` of [`port_range`], which cost several
/// times more and run twice per argument (this rule and DF034).
fn plain_port(spec: &[u8]) -> Option<u64> {
    if spec.is_empty() || spec.len() > 5 || !spec.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let port = spec
        .iter()
        .fold(0, |n, digit| n * 10 + u64::from(digit - b'0'));
    (port <= 65535).then_some(port)
}

/// The port range of an EXPOSE argument, or why it is invalid.
#[inline]
pub(crate) fn port_range(spec: &str) -> Result<(u64, u64), String> {
    // The plain port inline, the rest in a call: the call and its `Result` in memory cost
    // more than the plain port's test.
    match plain_port(spec.as_bytes()) {
        Some(port) => Ok((port, port)),
        None => port_range_parsed(spec),
    }
}

/// [`port_range`] of an argument that is not a plain port.
fn port_range_parsed(spec: &str) -> Result<(u64, u64), String> {
    // Byte searches rather than `split_once(char)`: the char searcher's setup costs more than
    // these few bytes, and two rules read every EXPOSE argument.
    let (ports, proto) = match spec.bytes().position(|b| b == b'/') {
        Some(slash) => (&spec[..slash], Some(&spec[slash + 1..])),
        None => (spec, None),
    };
    if let Some(proto) = proto
        && !["tcp", "udp", "sctp"]
            .iter()
            .any(|p| p.eq_ignore_ascii_case(proto))
    {
        return Err(format!("`{proto}` is not a protocol: use tcp, udp or sctp"));
    }
    let number = |s: &str| -> Result<u64, String> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("`{spec}` is not a port number"));
        }
        match s.parse::<u64>() {
            Ok(n) if n <= 65535 => Ok(n),
            _ => Err(format!("port {s} is out of range 0-65535")),
        }
    };
    match ports
        .bytes()
        .position(|b| b == b'-')
        .map(|dash| (&ports[..dash], &ports[dash + 1..]))
    {
        Some((lo, hi)) => {
            let (lo, hi) = (number(lo)?, number(hi)?);
            if lo > hi {
                return Err(format!("port range `{ports}` is reversed"));
            }
            Ok((lo, hi))
        }
        None => number(ports).map(|n| (n, n)),
    }
}

/// Report invalid EXPOSE arguments, and for DF034 ([`expose_ssh_port`]) those that expose
/// port 22: one walk reads and splits each argument once for both rules, where two walks
/// each decoded every argument again.
pub(crate) fn check(df: &Dockerfile<'_>, ctx: &mut Ctx<'_>) {
    let facts = ctx.facts;
    for inst in facts.instructions(Keyword::Expose) {
        for token in df.operands(inst) {
            // The usual argument (`3000`) is a plain token, whose value is its text: a plain
            // port is read from its bytes, without the call to `df.value` and its `Cow`.
            if token.kind == TokenKind::Plain
                && let Some(port) = plain_port(df.text_bytes(token.range))
            {
                expose_ssh_port::check_range(df, ctx, token.range, (port, port));
                continue;
            }
            let spec = df.value(token);
            // A variable is resolved at build time. (No argument with `$` is a valid range,
            // so DF034 has nothing to report on it either.)
            // A byte test: `contains(char)` goes through `memchr`, whose call costs more than
            // these few bytes.
            if spec.bytes().any(|b| b == b'$') {
                continue;
            }
            match port_range(&spec) {
                Err(message) => ctx.report(&RULE, df.span(token.range), message),
                Ok(range) => expose_ssh_port::check_range(df, ctx, token.range, range),
            }
        }
    }
}
