//! The files the compose stacks mount: Caddyfiles, `prometheus.yml`, Loki's configuration
//! and Grafana's data sources.

use super::Selection;
use super::app::App;
use crate::stack::Stack;

/// Headers both Caddyfiles set; the Content-Security-Policy differs (dev servers inject
/// inline scripts and open WebSockets for hot reload).
fn security_headers(hsts: &str, csp: &str) -> String {
    format!(
        "\theader {{\n\
         \t\tStrict-Transport-Security \"{hsts}\"\n\
         \t\tX-Content-Type-Options \"nosniff\"\n\
         \t\tX-Frame-Options \"DENY\"\n\
         \t\tReferrer-Policy \"strict-origin-when-cross-origin\"\n\
         \t\tPermissions-Policy \"camera=(), microphone=(), geolocation=(), payment=()\"\n\
         \t\tCross-Origin-Opener-Policy \"same-origin\"\n\
         \t\tContent-Security-Policy \"{csp}\"\n\
         \t\t-Server\n\
         \t}}\n"
    )
}

/// Where requests go: `/api/*` to the backend and the rest to the frontend when both exist,
/// everything to the application otherwise. `handle` blocks are exclusive and the most
/// specific path wins, so a blocked path (metrics) gets its own block.
fn routes(app: &App, sel: &Selection, frontend_port: u16, blocked: Option<&str>) -> String {
    let upstream = format!("{}:{}", app.service, app.port);
    let mut out = String::new();
    if let Some(path) = blocked {
        out.push_str("\t# Metrics are for Prometheus on the internal network only.\n");
        out.push_str(&format!("\thandle {path} {{\n\t\trespond 404\n\t}}\n\n"));
    }
    if sel.frontend {
        out.push_str(&format!(
            "\thandle /api/* {{\n\t\treverse_proxy {upstream}\n\t}}\n\n\
             \thandle {{\n\t\treverse_proxy frontend:{frontend_port}\n\t}}\n"
        ));
    } else {
        out.push_str(&format!(
            "\thandle {{\n\t\treverse_proxy {upstream}\n\t}}\n"
        ));
    }
    out
}

const LOG: &str = "\tlog {\n\t\toutput stdout\n\t\tformat json\n\t}\n";

/// `docker/caddy/Caddyfile.dev`: HTTPS on `localhost` with Caddy's local CA.
pub(crate) fn caddyfile_dev(app: &App, sel: &Selection) -> String {
    let csp = "default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; \
               style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; \
               connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; frame-ancestors 'none'";
    let mut out = String::new();
    out.push_str(
        "# Development reverse proxy: https://localhost with a certificate from Caddy's\n",
    );
    out.push_str(
        "# local CA (trust it once with `docker compose exec caddy caddy trust`, or accept\n",
    );
    out.push_str("# the browser warning). The CSP allows what dev servers need for hot reload.\n");
    out.push_str("{\n\tlocal_certs\n}\n\n");
    out.push_str("localhost {\n");
    out.push_str("\tencode zstd gzip\n\n");
    out.push_str(&security_headers("max-age=300", csp));
    out.push('\n');
    out.push_str(&routes(app, sel, 5173, None));
    out.push('\n');
    out.push_str(LOG);
    out.push_str("}\n");
    out
}

/// `docker/caddy/Caddyfile.prod`: automatic HTTPS for `$DOMAIN` (and `$GRAFANA_DOMAIN`),
/// strict headers, metrics kept internal.
pub(crate) fn caddyfile_prod(stack: Stack, app: &App, sel: &Selection) -> String {
    // Next.js inlines its bootstrap scripts; the other frontends are served as files.
    let script_src = if stack == Stack::NextJs {
        "script-src 'self' 'unsafe-inline'"
    } else {
        "script-src 'self'"
    };
    let csp = format!(
        "default-src 'self'; {script_src}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; \
         base-uri 'self'; form-action 'self'; frame-ancestors 'none'; upgrade-insecure-requests"
    );
    let mut out = String::new();
    out.push_str(
        "# Production reverse proxy: TLS certificates from Let's Encrypt for {$DOMAIN},\n",
    );
    out.push_str("# HTTP redirected to HTTPS, strict security headers, metrics not exposed.\n");
    out.push_str("{\n\temail {$ACME_EMAIL}\n}\n\n");
    out.push_str("{$DOMAIN} {\n");
    out.push_str("\tencode zstd gzip\n\n");
    out.push_str(&security_headers(
        "max-age=63072000; includeSubDomains; preload",
        &csp,
    ));
    out.push('\n');
    let metrics = if app.metrics.starts_with("/actuator/") {
        "/actuator/*"
    } else {
        app.metrics
    };
    out.push_str(&routes(app, sel, 8080, Some(metrics)));
    out.push('\n');
    out.push_str(LOG);
    out.push_str("}\n");
    if sel.grafana {
        out.push_str("\n{$GRAFANA_DOMAIN} {\n");
        out.push_str("\tencode zstd gzip\n\n");
        out.push_str("\theader {\n");
        out.push_str(
            "\t\tStrict-Transport-Security \"max-age=63072000; includeSubDomains; preload\"\n",
        );
        out.push_str("\t\tX-Content-Type-Options \"nosniff\"\n");
        out.push_str("\t\tX-Frame-Options \"DENY\"\n");
        out.push_str("\t\tReferrer-Policy \"strict-origin-when-cross-origin\"\n");
        out.push_str("\t\t-Server\n");
        out.push_str("\t}\n\n");
        out.push_str("\treverse_proxy grafana:3000\n\n");
        out.push_str(LOG);
        out.push_str("}\n");
    }
    out
}

/// `docker/prometheus/prometheus.yml`: scrape the application and the observability stack.
pub(crate) fn prometheus(app: &App, sel: &Selection) -> String {
    let mut out = String::new();
    out.push_str("# Prometheus scrape configuration of the compose stack.\n");
    out.push_str(
        "global:\n  scrape_interval: 15s\n  scrape_timeout: 10s\n  evaluation_interval: 15s\n\n",
    );
    out.push_str("scrape_configs:\n");
    let mut job = |name: &str, path: &str, target: &str| {
        out.push_str(&format!("  - job_name: {name}\n"));
        out.push_str(&format!("    metrics_path: {path}\n"));
        out.push_str("    static_configs:\n");
        out.push_str(&format!("      - targets: [\"{target}\"]\n"));
        out.push_str("        labels:\n");
        out.push_str(&format!("          service: {name}\n"));
    };
    job("prometheus", "/metrics", "localhost:9090");
    job(
        app.service,
        app.metrics,
        &format!("{}:{}", app.service, app.port),
    );
    if sel.loki {
        job("loki", "/metrics", "loki:3100");
    }
    if sel.grafana {
        job("grafana", "/metrics", "grafana:3000");
    }
    out
}

/// `docker/loki/config.yml`: a single Loki process storing on its volume, 7 days retention.
pub(crate) fn loki() -> String {
    r#"# Loki, single process, storage on the loki_data volume (/loki), 7 days of retention.
# Applications push to http://loki:3100/loki/api/v1/push (or OTLP at /otlp); no log
# collector reads other containers, which would need the Docker socket.
auth_enabled: false

server:
  http_listen_port: 3100
  log_level: info

common:
  instance_addr: 127.0.0.1
  path_prefix: /loki
  replication_factor: 1
  ring:
    kvstore:
      store: inmemory
  storage:
    filesystem:
      chunks_directory: /loki/chunks
      rules_directory: /loki/rules

schema_config:
  configs:
    - from: 2024-04-01
      store: tsdb
      object_store: filesystem
      schema: v13
      index:
        prefix: index_
        period: 24h

limits_config:
  retention_period: 168h

compactor:
  working_directory: /loki/compactor
  retention_enabled: true
  delete_request_store: filesystem

analytics:
  reporting_enabled: false
"#
    .to_string()
}

/// `docker/grafana/provisioning/datasources/datasources.yml`.
pub(crate) fn grafana_datasources(sel: &Selection) -> String {
    let mut out = String::from("# Grafana data sources, provisioned at start.\napiVersion: 1\n\n");
    if !sel.prometheus && !sel.loki {
        out.push_str("datasources: []\n");
        return out;
    }
    out.push_str("datasources:\n");
    if sel.prometheus {
        out.push_str(
            "  - name: Prometheus\n    type: prometheus\n    uid: prometheus\n    access: proxy\n    url: http://prometheus:9090\n    isDefault: true\n    editable: false\n",
        );
    }
    if sel.loki {
        out.push_str(&format!(
            "  - name: Loki\n    type: loki\n    uid: loki\n    access: proxy\n    url: http://loki:3100\n    isDefault: {}\n    editable: false\n",
            !sel.prometheus
        ));
    }
    out
}
