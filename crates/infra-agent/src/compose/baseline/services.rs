//! The services of the compose files, one function each, for both modes.

use super::app::App;
use super::compose_file::{Hardening, Yaml, required};
use super::{Mode, Selection, versions};
use crate::stack::Stack;

pub(crate) fn caddy(y: &mut Yaml, app: &App, sel: &Selection, mode: Mode) {
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
pub(crate) fn spa(y: &mut Yaml, mode: Mode) {
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

pub(crate) fn application(y: &mut Yaml, stack: Stack, app: &App, sel: &Selection, mode: Mode) {
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

pub(crate) fn postgres(y: &mut Yaml, mode: Mode) {
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

pub(crate) fn redis(y: &mut Yaml, mode: Mode) {
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

pub(crate) fn prometheus(y: &mut Yaml, mode: Mode) {
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

pub(crate) fn loki(y: &mut Yaml, mode: Mode) {
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

pub(crate) fn grafana(y: &mut Yaml, sel: &Selection, mode: Mode) {
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
