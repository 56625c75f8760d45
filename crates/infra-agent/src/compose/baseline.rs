//! The compose baseline: the seed 000 stack (application, frontend, PostgreSQL, Redis,
//! Caddy, Prometheus, Loki, Grafana) for development and production, with the files it
//! mounts and the PowerShell-first helper scripts.
//!
//! ```
//! use infra_agent::Stack;
//! use infra_agent::compose::{ComposeChecker, compose_baseline};
//! use squad_core::check::Checker;
//!
//! let files = compose_baseline(Stack::PythonFastapi, &[]);
//! let (_, prod) = files.iter().find(|(p, _)| p == "docker/docker-compose.prod.yml").unwrap();
//! assert!(prod.contains("image: postgres:16.4-alpine"));
//! assert!(ComposeChecker.check("docker/docker-compose.prod.yml", prod).is_empty());
//! ```
//!
//! Decisions, for the stacks and the selection of services:
//! - The application is built from the repository root (`build: ..`, its `Dockerfile`). It
//!   is the `backend` service, except for Next.js, whose application serves the pages and
//!   the API routes: there it is the `frontend` service and there is no separate frontend.
//! - In development, Python stacks run the built image with the sources mounted
//!   (`uvicorn --reload`, `runserver`); Node.js and Next.js run their dev server in the Node
//!   image on the mounted repository (the production image has no dev dependencies); Go,
//!   Rust and Java rebuild on change with `docker compose watch` (`develop.watch`).
//! - The other stacks are APIs with a separate single-page frontend in `frontend/`: in
//!   development the Node image runs its dev server on the sources (`pnpm dev`, port 5173);
//!   in production `frontend/Dockerfile` builds it into an image serving on port 8080.
//! - Caddy routes `/api/*` to the backend and the rest to the frontend (everything to the
//!   application without a frontend); the backend serves its routes under `/api`.
//! - The application always runs; `services` picks the others by name among
//!   [`KNOWN_SERVICES`] (empty: all of them). Naming the application (`backend`, or
//!   `frontend` for Next.js) changes nothing; unknown names are ignored here (the agent
//!   rejects them before calling this function).
//! - Without Caddy, production publishes the application on `127.0.0.1` only.
//! - No log collector ships container logs to Loki: the usual ones need the Docker socket.
//!   Applications push to Loki (`LOKI_URL`).

mod app;
mod compose_file;
mod configs;
mod scripts;
mod services;

use crate::stack::Stack;
use app::App;

/// The services [`compose_baseline`] knows, by name.
pub const KNOWN_SERVICES: &[&str] = &[
    "backend",
    "frontend",
    "postgres",
    "redis",
    "caddy",
    "prometheus",
    "grafana",
    "loki",
];

/// Image versions, pinned. Bump them together and rerun the baseline tests.
pub(crate) mod versions {
    pub(crate) const POSTGRES: &str = "postgres:16.4-alpine";
    pub(crate) const REDIS: &str = "redis:7.4.1-alpine";
    pub(crate) const CADDY: &str = "caddy:2.8.4-alpine";
    pub(crate) const NODE: &str = "node:22.11.0-alpine";
    pub(crate) const PROMETHEUS: &str = "prom/prometheus:v2.55.1";
    pub(crate) const LOKI: &str = "grafana/loki:3.2.1";
    pub(crate) const GRAFANA: &str = "grafana/grafana:11.3.1";
}

/// Which compose file is being written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Dev,
    Prod,
}

/// The services besides the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Selection {
    /// A separate frontend (never for Next.js, whose application is the frontend).
    pub(crate) frontend: bool,
    pub(crate) postgres: bool,
    pub(crate) redis: bool,
    pub(crate) caddy: bool,
    pub(crate) prometheus: bool,
    pub(crate) grafana: bool,
    pub(crate) loki: bool,
}

impl Selection {
    fn new(stack: Stack, services: &[String]) -> Self {
        let all = services.is_empty();
        let has = |name: &str| all || services.iter().any(|s| s.trim().eq_ignore_ascii_case(name));
        Self {
            frontend: stack != Stack::NextJs && has("frontend"),
            postgres: has("postgres"),
            redis: has("redis"),
            caddy: has("caddy"),
            prometheus: has("prometheus"),
            grafana: has("grafana"),
            loki: has("loki"),
        }
    }

    /// Whether production needs the internal `backend` network.
    pub(crate) fn needs_backend_network(&self) -> bool {
        self.postgres || self.redis || self.prometheus || self.loki || self.grafana
    }
}

/// The compose baseline for `stack`: `(relative path, content)` of every file, in a stable
/// order. `services` selects the optional services by name (see [`KNOWN_SERVICES`]; empty
/// means the whole seed stack; unknown names are ignored).
///
/// Files: `docker/docker-compose.dev.yml`, `docker/docker-compose.prod.yml`, `.env.example`,
/// `docker/caddy/Caddyfile.dev` and `Caddyfile.prod` (with Caddy),
/// `docker/prometheus/prometheus.yml` (with Prometheus), `docker/loki/config.yml` (with Loki),
/// `docker/grafana/provisioning/datasources/datasources.yml` (with Grafana), and
/// `tools/dev/dev_up`, `dev_down` and `smoke`, each as `.ps1` and `.sh`.
pub fn compose_baseline(stack: Stack, services: &[String]) -> Vec<(String, String)> {
    let app = App::of(stack);
    let sel = Selection::new(stack, services);
    let mut files = vec![
        (
            "docker/docker-compose.dev.yml",
            compose_file::render(stack, &app, &sel, Mode::Dev),
        ),
        (
            "docker/docker-compose.prod.yml",
            compose_file::render(stack, &app, &sel, Mode::Prod),
        ),
        (".env.example", scripts::env_example(stack, &app, &sel)),
    ];
    if sel.caddy {
        files.push((
            "docker/caddy/Caddyfile.dev",
            configs::caddyfile_dev(&app, &sel),
        ));
        files.push((
            "docker/caddy/Caddyfile.prod",
            configs::caddyfile_prod(stack, &app, &sel),
        ));
    }
    if sel.prometheus {
        files.push((
            "docker/prometheus/prometheus.yml",
            configs::prometheus(&app, &sel),
        ));
    }
    if sel.loki {
        files.push(("docker/loki/config.yml", configs::loki()));
    }
    if sel.grafana {
        files.push((
            "docker/grafana/provisioning/datasources/datasources.yml",
            configs::grafana_datasources(&sel),
        ));
    }
    files.extend([
        ("tools/dev/dev_up.ps1", scripts::dev_up_ps1(&app, &sel)),
        ("tools/dev/dev_down.ps1", scripts::dev_down_ps1()),
        ("tools/dev/smoke.ps1", scripts::smoke_ps1(&app, &sel)),
        ("tools/dev/dev_up.sh", scripts::dev_up_sh(&app, &sel)),
        ("tools/dev/dev_down.sh", scripts::dev_down_sh()),
        ("tools/dev/smoke.sh", scripts::smoke_sh(&app, &sel)),
    ]);
    files
        .into_iter()
        .map(|(path, content)| (path.to_string(), content))
        .collect()
}

/// The `.env.example` of [`compose_baseline`] for the same arguments: every variable the
/// compose files read, with placeholder values and comments.
pub fn env_example(stack: Stack, services: &[String]) -> String {
    scripts::env_example(stack, &App::of(stack), &Selection::new(stack, services))
}
