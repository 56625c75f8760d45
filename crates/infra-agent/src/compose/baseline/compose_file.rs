//! The two compose files: `docker/docker-compose.dev.yml` and `docker/docker-compose.prod.yml`.
//!
//! Both hold the same services. Development runs the application on the repository's
//! sources (mounted, or rebuilt on change), and publishes every port on `127.0.0.1` only. Production
//! publishes only Caddy's 80/443 (the application's port on `127.0.0.1` when Caddy is not
//! selected), keeps data services on an internal network, reads secrets as compose
//! `secrets:`, restarts services, limits their resources, and drops privileges.

use super::app::App;
use super::{Mode, Selection, services};
use crate::stack::Stack;

/// A YAML text being written, two spaces per level.
#[derive(Default)]
pub(crate) struct Yaml(pub(crate) String);

impl Yaml {
    pub(crate) fn line(&mut self, depth: usize, text: impl AsRef<str>) {
        for _ in 0..depth {
            self.0.push_str("  ");
        }
        self.0.push_str(text.as_ref());
        self.0.push('\n');
    }

    pub(crate) fn blank(&mut self) {
        self.0.push('\n');
    }

    pub(crate) fn list(&mut self, depth: usize, key: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.line(depth, format!("{key}:"));
        for item in items {
            self.line(depth + 1, format!("- {item}"));
        }
    }

    pub(crate) fn map(&mut self, depth: usize, key: &str, entries: &[(String, String)]) {
        if entries.is_empty() {
            return;
        }
        self.line(depth, format!("{key}:"));
        for (k, v) in entries {
            self.line(depth + 1, format!("{k}: {v}"));
        }
    }

    pub(crate) fn healthcheck(&mut self, mode: Mode, test: &str, start_period: u32) {
        let interval = match mode {
            Mode::Dev => "10s",
            Mode::Prod => "30s",
        };
        self.line(2, "healthcheck:");
        self.line(3, format!("test: {test}"));
        self.line(3, format!("interval: {interval}"));
        self.line(3, "timeout: 5s");
        self.line(3, "retries: 5");
        self.line(3, format!("start_period: {start_period}s"));
    }

    pub(crate) fn depends_on(&mut self, dependencies: &[(&str, &str)]) {
        if dependencies.is_empty() {
            return;
        }
        self.line(2, "depends_on:");
        for (name, condition) in dependencies {
            self.line(3, format!("{name}:"));
            self.line(4, format!("condition: {condition}"));
        }
    }

    /// What every production service gets: restart policy, log rotation, no privilege
    /// escalation, resource limits; a read-only root filesystem with tmpfs scratch space and
    /// no capabilities where the image allows it.
    pub(crate) fn production(&mut self, hardening: &Hardening<'_>) {
        self.line(2, "restart: unless-stopped");
        if hardening.read_only {
            self.line(2, "read_only: true");
        }
        let tmpfs: Vec<String> = hardening.tmpfs.iter().map(|t| t.to_string()).collect();
        self.list(2, "tmpfs", &tmpfs);
        if hardening.drop_all {
            self.line(2, "cap_drop: [ALL]");
        }
        if !hardening.cap_add.is_empty() {
            self.line(2, format!("cap_add: [{}]", hardening.cap_add.join(", ")));
        }
        self.line(2, "security_opt: [\"no-new-privileges:true\"]");
        self.line(2, "deploy:");
        self.line(3, "resources:");
        self.line(4, "limits:");
        self.line(5, format!("cpus: \"{}\"", hardening.cpus));
        self.line(5, format!("memory: {}", hardening.memory));
        self.line(2, "logging: *logging");
    }
}

/// How far a production service is locked down.
pub(crate) struct Hardening<'a> {
    pub(crate) read_only: bool,
    pub(crate) tmpfs: &'a [&'a str],
    pub(crate) drop_all: bool,
    pub(crate) cap_add: &'a [&'a str],
    pub(crate) cpus: &'a str,
    pub(crate) memory: &'a str,
}

/// `${NAME:?set NAME in .env}`: compose stops with this message when the value is missing.
pub(crate) fn required(name: &str) -> String {
    format!("${{{name}:?set {name} in .env}}")
}

/// Render one compose file.
pub(crate) fn render(stack: Stack, app: &App, sel: &Selection, mode: Mode) -> String {
    let mut y = Yaml::default();
    header(&mut y, stack, sel, mode);
    y.line(0, "services:");
    if sel.caddy {
        services::caddy(&mut y, app, sel, mode);
    }
    if sel.frontend {
        services::spa(&mut y, mode);
    }
    services::application(&mut y, stack, app, sel, mode);
    if sel.postgres {
        services::postgres(&mut y, mode);
    }
    if sel.redis {
        services::redis(&mut y, mode);
    }
    if sel.prometheus {
        services::prometheus(&mut y, mode);
    }
    if sel.loki {
        services::loki(&mut y, mode);
    }
    if sel.grafana {
        services::grafana(&mut y, sel, mode);
    }
    footer(&mut y, app, sel, mode);
    y.0
}

fn header(y: &mut Yaml, stack: Stack, sel: &Selection, mode: Mode) {
    match mode {
        Mode::Dev => {
            y.line(
                0,
                format!(
                    "# Development stack for a {} application.",
                    stack.display_name()
                ),
            );
            y.line(
                0,
                "# Start it with tools/dev/dev_up.ps1 (or dev_up.sh), stop it with dev_down.ps1.",
            );
            y.line(
                0,
                "# Values come from ../.env (copy .env.example): no secret is written here.",
            );
            y.line(0, "# Every port is published on 127.0.0.1 only.");
        }
        Mode::Prod => {
            y.line(
                0,
                format!(
                    "# Production stack for a {} application.",
                    stack.display_name()
                ),
            );
            y.line(
                0,
                "# docker compose --env-file .env -f docker/docker-compose.prod.yml up -d --wait",
            );
            if sel.caddy {
                y.line(0, "# Only Caddy publishes ports (80, 443); data services sit on an internal network.");
            } else {
                y.line(0, "# No reverse proxy selected: the application is published on 127.0.0.1 only, put your proxy in front.");
            }
            y.line(
                0,
                "# Secrets come from the environment (.env, never committed) as compose secrets.",
            );
        }
    }
    y.line(
        0,
        match mode {
            Mode::Dev => "name: app-dev",
            Mode::Prod => "name: app",
        },
    );
    y.blank();
    y.line(0, "x-logging: &logging");
    y.line(1, "driver: json-file");
    y.line(1, "options:");
    y.line(2, "max-size: \"10m\"");
    y.line(2, "max-file: \"3\"");
    y.blank();
}

fn footer(y: &mut Yaml, app: &App, sel: &Selection, mode: Mode) {
    if mode == Mode::Prod {
        y.line(0, "networks:");
        y.line(1, "frontend:");
        if sel.needs_backend_network() {
            y.line(1, "backend:");
            // No route to the outside: databases and observability are reachable only from
            // the services that join this network.
            y.line(2, "internal: true");
        }
        y.blank();
    }
    let mut volumes = Vec::new();
    if sel.caddy {
        volumes.extend(["caddy_data", "caddy_config"]);
    }
    if mode == Mode::Dev {
        if app.dev_image.is_some() {
            volumes.push("app_node_modules");
        }
        if sel.frontend {
            volumes.push("frontend_node_modules");
        }
    }
    if sel.postgres {
        volumes.push("postgres_data");
    }
    if sel.redis {
        volumes.push("redis_data");
    }
    if sel.prometheus {
        volumes.push("prometheus_data");
    }
    if sel.loki {
        volumes.push("loki_data");
    }
    if sel.grafana {
        volumes.push("grafana_data");
    }
    if !volumes.is_empty() {
        y.line(0, "volumes:");
        for volume in volumes {
            y.line(1, format!("{volume}:"));
        }
    }
    if mode == Mode::Prod {
        let mut secrets = Vec::new();
        if sel.postgres {
            secrets.push(("postgres_password", "POSTGRES_PASSWORD"));
        }
        if sel.redis {
            secrets.push(("redis_password", "REDIS_PASSWORD"));
        }
        if sel.grafana {
            secrets.push(("grafana_admin_password", "GRAFANA_ADMIN_PASSWORD"));
        }
        if !secrets.is_empty() {
            y.blank();
            y.line(
                0,
                "# Each secret is created from a variable of the environment (.env) and mounted",
            );
            y.line(
                0,
                "# read-only at /run/secrets/<name> in the services that list it.",
            );
            y.line(0, "secrets:");
            for (name, variable) in secrets {
                y.line(1, format!("{name}:"));
                y.line(2, format!("environment: {variable}"));
            }
        }
    }
}
