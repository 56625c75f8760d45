//! The two compose files: `docker/docker-compose.dev.yml` and `docker/docker-compose.prod.yml`.
//!
//! Both hold the same services. Development builds the application from the repository
//! with its sources mounted, and publishes every port on `127.0.0.1` only. Production
//! publishes only Caddy's 80/443 (the application's port on `127.0.0.1` when Caddy is not
//! selected), keeps data services on an internal network, reads secrets as compose
//! `secrets:`, restarts services, limits their resources, and drops privileges.

use super::app::App;
use super::{Mode, Selection, versions};
use crate::stack::Stack;

/// A YAML text being written, two spaces per level.
#[derive(Default)]
struct Yaml(String);

impl Yaml {
    fn line(&mut self, depth: usize, text: impl AsRef<str>) {
        for _ in 0..depth {
            self.0.push_str("  ");
        }
        self.0.push_str(text.as_ref());
        self.0.push('\n');
    }

    fn blank(&mut self) {
        self.0.push('\n');
    }

    fn list(&mut self, depth: usize, key: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        self.line(depth, format!("{key}:"));
        for item in items {
            self.line(depth + 1, format!("- {item}"));
        }
    }

    fn map(&mut self, depth: usize, key: &str, entries: &[(String, String)]) {
        if entries.is_empty() {
            return;
        }
        self.line(depth, format!("{key}:"));
        for (k, v) in entries {
            self.line(depth + 1, format!("{k}: {v}"));
        }
    }

    fn healthcheck(&mut self, mode: Mode, test: &str, start_period: u32) {
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

    fn depends_on(&mut self, dependencies: &[(&str, &str)]) {
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
    fn production(&mut self, hardening: &Hardening<'_>) {
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

struct Hardening<'a> {
    read_only: bool,
    tmpfs: &'a [&'a str],
    drop_all: bool,
    cap_add: &'a [&'a str],
    cpus: &'a str,
    memory: &'a str,
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
        caddy(&mut y, app, sel, mode);
    }
    if sel.frontend {
        spa(&mut y, mode);
    }
    application(&mut y, stack, app, sel, mode);
    if sel.postgres {
        postgres(&mut y, mode);
    }
    if sel.redis {
        redis(&mut y, mode);
    }
    if sel.prometheus {
        prometheus(&mut y, mode);
    }
    if sel.loki {
        loki(&mut y, mode);
    }
    if sel.grafana {
        grafana(&mut y, sel, mode);
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

fn caddy(y: &mut Yaml, app: &App, sel: &Selection, mode: Mode) {
    y.line(1, "caddy:");
    y.line(2, format!("image: {}", versions::CADDY));
    let caddyfile = match mode {
        Mode::Dev => "Caddyfile.dev",
        Mode::Prod => "Caddyfile.prod",
    };
    let ports: Vec<String> = match mode {
        Mode::Dev => vec!["\"127.0.0.1:80:80\"".into(), "\"127.0.0.1:443:443\"".into()],
        Mode::Prod => vec![
            "\"80:80\"".into(),
            "\"443:443\"".into(),
            "\"443:443/udp\"".into(),
        ],
    };
    y.list(2, "ports", &ports);
    y.list(
        2,
        "volumes",
        &[
            format!("./caddy/{caddyfile}:/etc/caddy/Caddyfile:ro"),
            "caddy_data:/data".into(),
            "caddy_config:/config".into(),
        ],
    );
    if mode == Mode::Prod {
        let mut env = vec![
            ("DOMAIN".to_string(), required("DOMAIN")),
            ("ACME_EMAIL".to_string(), required("ACME_EMAIL")),
        ];
        if sel.grafana {
            env.push(("GRAFANA_DOMAIN".to_string(), required("GRAFANA_DOMAIN")));
        }
        y.map(2, "environment", &env);
    }
    let mut deps = vec![(app.service, "service_healthy")];
    if sel.frontend {
        deps.push(("frontend", "service_healthy"));
    }
    y.depends_on(&deps);
    y.healthcheck(
        mode,
        "[\"CMD\", \"wget\", \"-qO\", \"/dev/null\", \"http://127.0.0.1:2019/config/\"]",
        10,
    );
    if mode == Mode::Prod {
        y.line(2, "networks: [frontend]");
        y.production(&Hardening {
            read_only: true,
            tmpfs: &["/tmp"],
            drop_all: true,
            cap_add: &["NET_BIND_SERVICE"],
            cpus: "0.5",
            memory: "256M",
        });
    } else {
        y.line(2, "logging: *logging");
    }
    y.blank();
}

/// The separate single-page frontend (in `../frontend`) of API stacks.
fn spa(y: &mut Yaml, mode: Mode) {
    y.line(1, "frontend:");
    match mode {
        Mode::Dev => {
            // The Node image runs the dev server straight from the sources: no image to build.
            y.line(2, format!("image: {}", versions::NODE));
            y.line(2, "working_dir: /app");
            y.line(
                2,
                "command: [\"sh\", \"-c\", \"corepack enable && pnpm install --frozen-lockfile && pnpm dev --host 0.0.0.0 --port 5173\"]",
            );
            y.list(2, "ports", &["\"127.0.0.1:5173:5173\"".into()]);
            y.list(
                2,
                "volumes",
                &[
                    "../frontend:/app".into(),
                    "frontend_node_modules:/app/node_modules".into(),
                ],
            );
            y.healthcheck(
                mode,
                "[\"CMD\", \"wget\", \"-qO\", \"/dev/null\", \"http://127.0.0.1:5173/\"]",
                120,
            );
            y.line(2, "logging: *logging");
        }
        Mode::Prod => {
            // frontend/Dockerfile builds the static site and serves it on 8080 as non-root.
            y.line(2, "build:");
            y.line(3, "context: ../frontend");
            y.line(3, "dockerfile: Dockerfile");
            y.line(
                2,
                format!(
                    "image: ${{FRONTEND_IMAGE:-app/frontend}}:{}",
                    required("APP_VERSION")
                ),
            );
            y.healthcheck(
                mode,
                "[\"CMD\", \"wget\", \"-qO\", \"/dev/null\", \"http://127.0.0.1:8080/\"]",
                10,
            );
            y.line(2, "networks: [frontend]");
            y.production(&Hardening {
                read_only: true,
                tmpfs: &["/tmp"],
                drop_all: true,
                cap_add: &[],
                cpus: "0.5",
                memory: "256M",
            });
        }
    }
    y.blank();
}

/// The application's environment: its settings, and how to reach the selected services.
fn app_environment(stack: Stack, app: &App, sel: &Selection, mode: Mode) -> Vec<(String, String)> {
    let dev = mode == Mode::Dev;
    let mut env: Vec<(String, String)> = vec![
        (
            "APP_ENV".into(),
            if dev { "development" } else { "production" }.into(),
        ),
        ("PORT".into(), format!("\"{}\"", app.port)),
    ];
    let mut set = |k: &str, v: String| env.push((k.to_string(), v));
    match stack {
        Stack::NextJs | Stack::Node => {
            set(
                "NODE_ENV",
                if dev { "development" } else { "production" }.into(),
            );
        }
        Stack::PythonFastapi | Stack::PythonDjango => {
            set("PYTHONUNBUFFERED", "\"1\"".into());
            set("PYTHONDONTWRITEBYTECODE", "\"1\"".into());
        }
        Stack::JavaSpring => {
            set(
                "SPRING_PROFILES_ACTIVE",
                if dev { "dev" } else { "prod" }.into(),
            );
            set("SERVER_PORT", format!("\"{}\"", app.port));
            set(
                "MANAGEMENT_ENDPOINTS_WEB_EXPOSURE_INCLUDE",
                "health,prometheus".into(),
            );
        }
        Stack::Go | Stack::Rust => {}
    }
    if stack == Stack::Rust {
        set("RUST_LOG", "info".into());
    }
    if stack == Stack::PythonDjango {
        set("DJANGO_DEBUG", if dev { "\"1\"" } else { "\"0\"" }.into());
        set("DJANGO_SECRET_KEY", required("DJANGO_SECRET_KEY"));
        let hosts = if dev || !sel.caddy {
            "localhost,127.0.0.1,backend".to_string()
        } else {
            format!("{},backend", required("DOMAIN"))
        };
        set("DJANGO_ALLOWED_HOSTS", hosts);
    }
    if sel.postgres {
        let user = "${POSTGRES_USER:-app}";
        let db = "${POSTGRES_DB:-app}";
        let password = required("POSTGRES_PASSWORD");
        if stack == Stack::JavaSpring {
            set(
                "SPRING_DATASOURCE_URL",
                format!("jdbc:postgresql://postgres:5432/{db}"),
            );
            set("SPRING_DATASOURCE_USERNAME", user.into());
            set("SPRING_DATASOURCE_PASSWORD", password);
        } else {
            set(
                "DATABASE_URL",
                format!("postgresql://{user}:{password}@postgres:5432/{db}"),
            );
        }
    }
    if sel.redis {
        if stack == Stack::JavaSpring {
            set("SPRING_DATA_REDIS_HOST", "redis".into());
            set("SPRING_DATA_REDIS_PORT", "\"6379\"".into());
            if !dev {
                set("SPRING_DATA_REDIS_PASSWORD", required("REDIS_PASSWORD"));
            }
        } else if dev {
            set("REDIS_URL", "redis://redis:6379/0".into());
        } else {
            set(
                "REDIS_URL",
                format!("redis://:{}@redis:6379/0", required("REDIS_PASSWORD")),
            );
        }
    }
    if sel.loki {
        set("LOKI_URL", "http://loki:3100".into());
    }
    env
}

fn application(y: &mut Yaml, stack: Stack, app: &App, sel: &Selection, mode: Mode) {
    y.line(1, format!("{}:", app.service));
    match (mode, app.dev_image) {
        (Mode::Dev, Some(image)) => {
            y.line(2, format!("image: {image}"));
            y.line(2, "working_dir: /app");
        }
        _ => {
            y.line(2, "build:");
            y.line(3, "context: ..");
            y.line(3, "dockerfile: Dockerfile");
        }
    }
    if mode == Mode::Prod {
        let image = match app.service {
            "frontend" => "${FRONTEND_IMAGE:-app/frontend}",
            _ => "${BACKEND_IMAGE:-app/backend}",
        };
        y.line(2, format!("image: {image}:{}", required("APP_VERSION")));
    }
    if mode == Mode::Dev {
        if let Some(command) = app.dev_command {
            y.line(2, format!("command: {command}"));
        }
        y.line(2, "env_file:");
        y.line(3, "- path: ../.env");
        y.line(4, "required: false");
    }
    y.map(2, "environment", &app_environment(stack, app, sel, mode));
    let publish = mode == Mode::Dev || !sel.caddy;
    if publish {
        y.list(
            2,
            "ports",
            &[format!("\"127.0.0.1:{}:{}\"", app.port, app.port)],
        );
    }
    if mode == Mode::Dev {
        let volumes: Vec<String> = app.dev_volumes.iter().map(|v| v.to_string()).collect();
        y.list(2, "volumes", &volumes);
        if !app.dev_watch.is_empty() {
            y.line(2, "develop:");
            y.line(3, "watch:");
            for path in app.dev_watch {
                y.line(4, format!("- path: {path}"));
                y.line(5, "action: rebuild");
                if *path == ".." {
                    y.line(5, "ignore: [.git/, docker/, tools/]");
                }
            }
        }
    }
    let mut deps = Vec::new();
    if sel.postgres {
        deps.push(("postgres", "service_healthy"));
    }
    if sel.redis {
        deps.push(("redis", "service_healthy"));
    }
    y.depends_on(&deps);
    y.healthcheck(mode, &app.healthcheck, app.start_period);
    match mode {
        Mode::Dev => y.line(2, "logging: *logging"),
        Mode::Prod => {
            y.line(2, "stop_grace_period: 30s");
            let mut networks = vec!["frontend"];
            if sel.needs_backend_network() {
                networks.push("backend");
            }
            y.line(2, format!("networks: [{}]", networks.join(", ")));
            y.production(&Hardening {
                read_only: true,
                tmpfs: app.tmpfs,
                drop_all: true,
                cap_add: &[],
                cpus: app.limits.0,
                memory: app.limits.1,
            });
        }
    }
    y.blank();
}

fn postgres(y: &mut Yaml, mode: Mode) {
    y.line(1, "postgres:");
    y.line(2, format!("image: {}", versions::POSTGRES));
    let mut env = vec![
        (
            "POSTGRES_USER".to_string(),
            "${POSTGRES_USER:-app}".to_string(),
        ),
        ("POSTGRES_DB".to_string(), "${POSTGRES_DB:-app}".to_string()),
    ];
    match mode {
        Mode::Dev => env.push(("POSTGRES_PASSWORD".into(), required("POSTGRES_PASSWORD"))),
        Mode::Prod => env.push((
            "POSTGRES_PASSWORD_FILE".into(),
            "/run/secrets/postgres_password".into(),
        )),
    }
    y.map(2, "environment", &env);
    if mode == Mode::Prod {
        y.line(2, "secrets: [postgres_password]");
    } else {
        y.list(2, "ports", &["\"127.0.0.1:5432:5432\"".into()]);
    }
    y.list(
        2,
        "volumes",
        &["postgres_data:/var/lib/postgresql/data".into()],
    );
    y.line(2, "shm_size: 128m");
    y.healthcheck(
        mode,
        "[\"CMD-SHELL\", \"pg_isready -U \\\"$${POSTGRES_USER}\\\" -d \\\"$${POSTGRES_DB}\\\"\"]",
        20,
    );
    match mode {
        Mode::Dev => y.line(2, "logging: *logging"),
        Mode::Prod => {
            y.line(2, "networks: [backend]");
            // The entrypoint needs root's capabilities to prepare the data folder before it
            // drops to the postgres user: no cap_drop, no read-only root.
            y.production(&Hardening {
                read_only: false,
                tmpfs: &[],
                drop_all: false,
                cap_add: &[],
                cpus: "1.0",
                memory: "1G",
            });
        }
    }
    y.blank();
}

fn redis(y: &mut Yaml, mode: Mode) {
    y.line(1, "redis:");
    y.line(2, format!("image: {}", versions::REDIS));
    match mode {
        Mode::Dev => {
            y.line(2, "command: [\"redis-server\", \"--appendonly\", \"yes\"]");
            y.list(2, "ports", &["\"127.0.0.1:6379:6379\"".into()]);
            y.list(2, "volumes", &["redis_data:/data".into()]);
            y.healthcheck(mode, "[\"CMD\", \"redis-cli\", \"ping\"]", 10);
            y.line(2, "logging: *logging");
        }
        Mode::Prod => {
            // The password is read from the secret file at start: it never appears in the
            // compose file or in `docker inspect`.
            y.line(2, "user: redis");
            y.line(
                2,
                "command: [\"sh\", \"-c\", \"exec redis-server --appendonly yes --requirepass \\\"$$(cat /run/secrets/redis_password)\\\"\"]",
            );
            y.line(2, "secrets: [redis_password]");
            y.list(2, "volumes", &["redis_data:/data".into()]);
            y.healthcheck(
                mode,
                "[\"CMD-SHELL\", \"REDISCLI_AUTH=\\\"$$(cat /run/secrets/redis_password)\\\" redis-cli ping | grep -q PONG\"]",
                10,
            );
            y.line(2, "networks: [backend]");
            y.production(&Hardening {
                read_only: true,
                tmpfs: &["/tmp"],
                drop_all: true,
                cap_add: &[],
                cpus: "0.5",
                memory: "256M",
            });
        }
    }
    y.blank();
}

fn prometheus(y: &mut Yaml, mode: Mode) {
    y.line(1, "prometheus:");
    y.line(2, format!("image: {}", versions::PROMETHEUS));
    y.line(
        2,
        "command: [\"--config.file=/etc/prometheus/prometheus.yml\", \"--storage.tsdb.path=/prometheus\", \"--storage.tsdb.retention.time=15d\"]",
    );
    if mode == Mode::Dev {
        y.list(2, "ports", &["\"127.0.0.1:9090:9090\"".into()]);
    }
    y.list(
        2,
        "volumes",
        &[
            "./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro".into(),
            "prometheus_data:/prometheus".into(),
        ],
    );
    y.healthcheck(
        mode,
        "[\"CMD\", \"wget\", \"-qO\", \"/dev/null\", \"http://127.0.0.1:9090/-/healthy\"]",
        10,
    );
    observability_tail(y, mode, "0.5", "512M");
}

fn loki(y: &mut Yaml, mode: Mode) {
    y.line(1, "loki:");
    y.line(2, format!("image: {}", versions::LOKI));
    y.line(2, "command: [\"-config.file=/etc/loki/config.yml\"]");
    if mode == Mode::Dev {
        y.list(2, "ports", &["\"127.0.0.1:3100:3100\"".into()]);
    }
    y.list(
        2,
        "volumes",
        &[
            "./loki/config.yml:/etc/loki/config.yml:ro".into(),
            "loki_data:/loki".into(),
        ],
    );
    y.healthcheck(
        mode,
        "[\"CMD\", \"wget\", \"-qO\", \"/dev/null\", \"http://127.0.0.1:3100/ready\"]",
        30,
    );
    observability_tail(y, mode, "0.5", "512M");
}

fn grafana(y: &mut Yaml, sel: &Selection, mode: Mode) {
    y.line(1, "grafana:");
    y.line(2, format!("image: {}", versions::GRAFANA));
    let mut env = vec![(
        "GF_SECURITY_ADMIN_USER".to_string(),
        "${GRAFANA_ADMIN_USER:-admin}".to_string(),
    )];
    match mode {
        Mode::Dev => env.push((
            "GF_SECURITY_ADMIN_PASSWORD".into(),
            required("GRAFANA_ADMIN_PASSWORD"),
        )),
        Mode::Prod => env.push((
            "GF_SECURITY_ADMIN_PASSWORD__FILE".into(),
            "/run/secrets/grafana_admin_password".into(),
        )),
    }
    env.push(("GF_USERS_ALLOW_SIGN_UP".into(), "\"false\"".into()));
    // Logs to stdout only (the image also writes log files, which a read-only root forbids).
    env.push(("GF_LOG_MODE".into(), "console".into()));
    env.push(("GF_ANALYTICS_REPORTING_ENABLED".into(), "\"false\"".into()));
    if mode == Mode::Prod && sel.caddy {
        env.push((
            "GF_SERVER_ROOT_URL".into(),
            format!("https://{}/", required("GRAFANA_DOMAIN")),
        ));
    }
    y.map(2, "environment", &env);
    if mode == Mode::Prod {
        y.line(2, "secrets: [grafana_admin_password]");
    } else {
        // 3001 on the host: 3000 is the Node.js and Next.js applications' port.
        y.list(2, "ports", &["\"127.0.0.1:3001:3000\"".into()]);
    }
    y.list(
        2,
        "volumes",
        &[
            "./grafana/provisioning:/etc/grafana/provisioning:ro".into(),
            "grafana_data:/var/lib/grafana".into(),
        ],
    );
    let mut deps = Vec::new();
    if sel.prometheus {
        deps.push(("prometheus", "service_healthy"));
    }
    if sel.loki {
        deps.push(("loki", "service_healthy"));
    }
    y.depends_on(&deps);
    y.healthcheck(
        mode,
        "[\"CMD\", \"wget\", \"-qO\", \"/dev/null\", \"http://127.0.0.1:3000/api/health\"]",
        30,
    );
    match mode {
        Mode::Dev => y.line(2, "logging: *logging"),
        Mode::Prod => {
            let networks = if sel.caddy {
                "[frontend, backend]"
            } else {
                "[backend]"
            };
            y.line(2, format!("networks: {networks}"));
            y.production(&Hardening {
                read_only: true,
                tmpfs: &["/tmp"],
                drop_all: true,
                cap_add: &[],
                cpus: "0.5",
                memory: "512M",
            });
        }
    }
    y.blank();
}

/// Networks, logging and hardening of Prometheus and Loki (both run as non-root users and
/// write only to their volume).
fn observability_tail(y: &mut Yaml, mode: Mode, cpus: &str, memory: &str) {
    match mode {
        Mode::Dev => y.line(2, "logging: *logging"),
        Mode::Prod => {
            y.line(2, "networks: [backend]");
            y.production(&Hardening {
                read_only: true,
                tmpfs: &["/tmp"],
                drop_all: true,
                cap_add: &[],
                cpus,
                memory,
            });
        }
    }
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
