//! The application service of each stack: where it listens, how it is probed, and how it
//! runs in development.
//!
//! Conventions the baseline relies on (the Dockerfile baseline and the application follow
//! them): the repository root holds the `Dockerfile`, the container's working directory is
//! `/app`, the application listens on `PORT`, answers `GET <health>` with a 2xx when it is
//! up, serves Prometheus metrics on `<metrics>`, and routes its HTTP API under `/api`.

use crate::stack::Stack;

/// How the application of a stack runs in the compose stack.
#[derive(Debug, Clone)]
pub(crate) struct App {
    /// The service name: `backend`, or `frontend` for Next.js (whose app serves both).
    pub(crate) service: &'static str,
    /// The port it listens on inside the container.
    pub(crate) port: u16,
    /// The health endpoint.
    pub(crate) health: &'static str,
    /// The Prometheus metrics endpoint.
    pub(crate) metrics: &'static str,
    /// The image development runs instead of building the repository's `Dockerfile`: Node
    /// stacks run their dev server from the mounted sources, with the dev dependencies the
    /// production image leaves out.
    pub(crate) dev_image: Option<&'static str>,
    /// The dev-mode command (flow-style YAML list), when the image's default is not it.
    pub(crate) dev_command: Option<&'static str>,
    /// Bind mounts (and anonymous volumes) for hot reload in development.
    pub(crate) dev_volumes: &'static [&'static str],
    /// Paths `docker compose watch` rebuilds on, for compiled stacks (the repository root
    /// `..` skips `.git/`, `docker/` and `tools/`).
    pub(crate) dev_watch: &'static [&'static str],
    /// The healthcheck command, with a tool that exists in the runtime image.
    pub(crate) healthcheck: String,
    /// Seconds the application may take to start before failed checks count.
    pub(crate) start_period: u32,
    /// Writable scratch folders in production (the root filesystem is read-only).
    pub(crate) tmpfs: &'static [&'static str],
    /// CPU and memory limits in production.
    pub(crate) limits: (&'static str, &'static str),
}

impl App {
    /// The application profile of `stack`.
    pub(crate) fn of(stack: Stack) -> Self {
        let node = |port: u16, path: &str| {
            format!(
                "[\"CMD\", \"node\", \"-e\", \"fetch('http://127.0.0.1:{port}{path}').then((r) => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))\"]"
            )
        };
        let python = |port: u16, path: &str| {
            format!(
                "[\"CMD\", \"python\", \"-c\", \"import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:{port}{path}', timeout=3).status < 300 else 1)\"]"
            )
        };
        // Compiled stacks run on distroless images (see the Dockerfile baseline): no shell, no
        // wget. The healthcheck must be the image's own HEALTHCHECK command, or compose would
        // override a working check with one that can never pass.
        let exec = |argv: &[&str]| {
            let quoted: Vec<String> = argv.iter().map(|a| format!("\"{a}\"")).collect();
            format!("[\"CMD\", {}]", quoted.join(", "))
        };
        match stack {
            Stack::NextJs => Self {
                service: "frontend",
                port: 3000,
                health: "/api/health",
                metrics: "/api/metrics",
                dev_image: Some(super::versions::NODE),
                dev_command: Some(
                    "[\"sh\", \"-c\", \"npm ci && npm run dev -- --hostname 0.0.0.0 --port 3000\"]",
                ),
                dev_volumes: &["..:/app", "app_node_modules:/app/node_modules"],
                dev_watch: &[],
                healthcheck: node(3000, "/api/health"),
                start_period: 120,
                tmpfs: &["/tmp", "/app/.next/cache"],
                limits: ("1.0", "512M"),
            },
            Stack::Node => Self {
                service: "backend",
                port: 3000,
                health: "/health",
                metrics: "/metrics",
                dev_image: Some(super::versions::NODE),
                dev_command: Some("[\"sh\", \"-c\", \"npm ci && npm run dev\"]"),
                dev_volumes: &["..:/app", "app_node_modules:/app/node_modules"],
                dev_watch: &[],
                healthcheck: node(3000, "/health"),
                start_period: 120,
                tmpfs: &["/tmp"],
                limits: ("1.0", "512M"),
            },
            Stack::PythonFastapi => Self {
                service: "backend",
                port: 8000,
                health: "/health",
                metrics: "/metrics",
                dev_image: None,
                dev_command: Some(
                    "[\"uvicorn\", \"src.app.main:app\", \"--reload\", \"--host\", \"0.0.0.0\", \"--port\", \"8000\"]",
                ),
                dev_volumes: &["../src:/app/src"],
                dev_watch: &[],
                healthcheck: python(8000, "/health"),
                start_period: 20,
                tmpfs: &["/tmp"],
                limits: ("1.0", "512M"),
            },
            Stack::PythonDjango => Self {
                service: "backend",
                port: 8000,
                health: "/health",
                metrics: "/metrics",
                dev_image: None,
                dev_command: Some("[\"python\", \"manage.py\", \"runserver\", \"0.0.0.0:8000\"]"),
                dev_volumes: &["..:/app"],
                dev_watch: &[],
                healthcheck: python(8000, "/health"),
                start_period: 30,
                tmpfs: &["/tmp"],
                limits: ("1.0", "512M"),
            },
            Stack::Go => Self {
                service: "backend",
                port: 8080,
                health: "/health",
                metrics: "/metrics",
                dev_image: None,
                dev_command: None,
                dev_volumes: &[],
                dev_watch: &[".."],
                healthcheck: exec(&["/server", "-healthcheck"]),
                start_period: 10,
                tmpfs: &["/tmp"],
                limits: ("1.0", "256M"),
            },
            Stack::Rust => Self {
                service: "backend",
                port: 8080,
                health: "/health",
                metrics: "/metrics",
                dev_image: None,
                dev_command: None,
                dev_volumes: &[],
                dev_watch: &["../src", "../Cargo.toml"],
                healthcheck: exec(&["/server", "--healthcheck"]),
                start_period: 10,
                tmpfs: &["/tmp"],
                limits: ("1.0", "256M"),
            },
            Stack::JavaSpring => Self {
                service: "backend",
                port: 8080,
                health: "/actuator/health",
                metrics: "/actuator/prometheus",
                dev_image: None,
                dev_command: None,
                dev_volumes: &[],
                dev_watch: &["../src"],
                healthcheck: exec(&["java", "-cp", "/app/healthcheck", "HealthCheck"]),
                start_period: 60,
                tmpfs: &["/tmp"],
                limits: ("2.0", "1G"),
            },
        }
    }
}
