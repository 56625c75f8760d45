//! DC019 `docker-socket-mount`: the Docker socket mounted into a container.

use crate::compose::context::Ctx;
use crate::compose::mounts::Source;
use crate::compose::rules::node_span;

declare_rule! {
    code: "DC019",
    name: "docker-socket-mount",
    severity: Error,
    summary: "A service mounts the Docker socket: whoever controls the container controls the host.",
    help: "Remove the mount; if the service must talk to Docker, put a filtering socket proxy in between and give it only the API calls it needs.",
    references: ["compose-lint:CL-0001", "cwe:CWE-250"],
    doc: r#"## What it does
Checks service volumes (short and long syntax) for the Docker daemon's socket: a host path
ending in `docker.sock` (`/var/run/docker.sock`, `/run/docker.sock`, a rootless
`$XDG_RUNTIME_DIR/docker.sock`), the folders holding it (`/var/run`, `/run`), or the
Windows pipe `\\.\pipe\docker_engine`. A read-only mount (`:ro`) is reported too: it stops
writes to the socket file, not API calls through it.

## Why is this bad?
The Docker API is root on the host: with the socket, the container can start a privileged
container that mounts the host's disk. Any vulnerability in the service becomes a host
takeover.

## Example
```yaml
services:
  dashboard:
    image: ghcr.io/acme/dashboard:1.2.0
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
```

Use instead:
```yaml
services:
  socket-proxy:
    image: tecnativa/docker-socket-proxy:0.3.0
    environment:
      CONTAINERS: 1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro # squad-ignore=DC019
  dashboard:
    image: ghcr.io/acme/dashboard:1.2.0
    environment:
      DOCKER_HOST: tcp://socket-proxy:2375
```

## References
- [compose-lint CL-0001](https://github.com/tmatens/compose-lint/blob/main/docs/rules/CL-0001.md)
- [OWASP Docker Security Cheat Sheet, rule 1](https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html)
- [CWE-250: Execution with Unnecessary Privileges](https://cwe.mitre.org/data/definitions/250.html)
"#,
}

fn is_docker_socket(source: &Source) -> bool {
    match source {
        Source::Host(path) => {
            let path = path.trim_end_matches('/');
            path.ends_with("docker.sock") || matches!(path, "/var/run" | "/run")
        }
        Source::Pipe(pipe) => pipe.to_ascii_lowercase().ends_with("docker_engine"),
        Source::Volume(_) | Source::None => false,
    }
}

/// Report Docker socket mounts.
pub(crate) fn check(ctx: &mut Ctx<'_>) {
    let project = ctx.project;
    for service in &project.services {
        for mount in &service.mounts {
            if !is_docker_socket(&mount.source) {
                continue;
            }
            let span = match mount.node.get("source") {
                Some(source) => source.span,
                None => node_span(mount.node),
            };
            ctx.report(
                &RULE,
                span,
                format!(
                    "service `{}` mounts the Docker socket: it gets root-equivalent control of the host",
                    service.name
                ),
            );
        }
    }
}
