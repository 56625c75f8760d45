//! Every compose baseline, for every stack and selection of services, passes the compose
//! checker with zero findings of any severity, and keeps the promises of the seed stack and
//! of the docker_compose prompt: pinned images, healthchecks, `service_healthy`
//! dependencies, no literal secret, ports only on Caddy in production, PowerShell-first
//! scripts with bash equivalents.
#![allow(clippy::unwrap_used)] // helpers outside #[test] functions

use infra_agent::Stack;
use infra_agent::compose::{ComposeChecker, KNOWN_SERVICES, compose_baseline, env_example};
use squad_core::check::Checker;

const DEV: &str = "docker/docker-compose.dev.yml";
const PROD: &str = "docker/docker-compose.prod.yml";

fn selections() -> Vec<Vec<String>> {
    let lists: &[&[&str]] = &[
        &[],
        &["postgres"],
        &["backend"],
        &["redis", "caddy"],
        &["frontend", "postgres", "caddy"],
        &["prometheus", "grafana", "loki"],
        &["grafana"],
        &["caddy", "grafana"],
        &["loki"],
        &["Postgres", " redis ", "unknown-service"],
        KNOWN_SERVICES,
    ];
    lists
        .iter()
        .map(|l| l.iter().map(|s| s.to_string()).collect())
        .collect()
}

fn file<'f>(files: &'f [(String, String)], path: &str) -> &'f str {
    files
        .iter()
        .find(|(p, _)| p == path)
        .map(|(_, c)| c.as_str())
        .unwrap_or_else(|| panic!("no {path}"))
}

fn has(files: &[(String, String)], path: &str) -> bool {
    files.iter().any(|(p, _)| p == path)
}

/// The text of each service of a compose file, by name (two-space keys under `services:`).
fn service_blocks(compose: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut in_services = false;
    for line in compose.lines() {
        if !line.starts_with(' ') && !line.is_empty() && !line.starts_with('#') {
            in_services = line == "services:";
            continue;
        }
        if !in_services {
            continue;
        }
        if let Some(name) = line.strip_prefix("  ").and_then(|l| l.strip_suffix(':'))
            && !name.starts_with(' ')
        {
            out.push((name.to_string(), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

#[test]
fn every_baseline_passes_the_compose_checker_with_zero_findings() {
    let mut checked = 0;
    for stack in Stack::ALL {
        for services in selections() {
            for (path, content) in compose_baseline(stack, &services) {
                let is_compose = path == DEV || path == PROD;
                assert_eq!(
                    ComposeChecker.matches(&path, &content),
                    is_compose,
                    "{stack} {services:?}: {path} classified wrongly"
                );
                if !is_compose {
                    continue;
                }
                let findings = ComposeChecker.check(&path, &content);
                assert!(
                    findings.is_empty(),
                    "{stack} {services:?} {path}:\n{findings:#?}\n{content}"
                );
                checked += 1;
            }
        }
    }
    assert_eq!(checked, Stack::ALL.len() * selections().len() * 2);
}

#[test]
fn baselines_are_deterministic_ascii_and_safely_pathed() {
    for stack in Stack::ALL {
        for services in selections() {
            let files = compose_baseline(stack, &services);
            assert_eq!(files, compose_baseline(stack, &services));
            for (path, content) in &files {
                assert!(!path.starts_with('/') && !path.contains(".."), "{path}");
                assert!(content.is_ascii(), "{stack} {path} is not ASCII");
                assert!(content.ends_with('\n'), "{stack} {path}");
            }
            let mut paths: Vec<&String> = files.iter().map(|(p, _)| p).collect();
            paths.sort();
            paths.dedup();
            assert_eq!(paths.len(), files.len(), "duplicate paths");
        }
    }
}

#[test]
fn the_full_selection_is_the_seed_stack_in_its_layout() {
    for stack in Stack::ALL {
        let files = compose_baseline(stack, &[]);
        let every: Vec<String> = KNOWN_SERVICES.iter().map(|s| s.to_string()).collect();
        assert_eq!(files, compose_baseline(stack, &every), "{stack}");
        for path in [
            DEV,
            PROD,
            ".env.example",
            "docker/caddy/Caddyfile.dev",
            "docker/caddy/Caddyfile.prod",
            "docker/prometheus/prometheus.yml",
            "docker/loki/config.yml",
            "docker/grafana/provisioning/datasources/datasources.yml",
            "tools/dev/dev_up.ps1",
            "tools/dev/dev_down.ps1",
            "tools/dev/smoke.ps1",
            "tools/dev/dev_up.sh",
            "tools/dev/dev_down.sh",
            "tools/dev/smoke.sh",
        ] {
            assert!(has(&files, path), "{stack}: no {path}");
        }
        for compose in [file(&files, DEV), file(&files, PROD)] {
            let names: Vec<String> = service_blocks(compose)
                .into_iter()
                .map(|(n, _)| n)
                .collect();
            let mut expected = vec!["caddy", "frontend"];
            if stack != Stack::NextJs {
                expected.push("backend");
            }
            expected.extend(["postgres", "redis", "prometheus", "loki", "grafana"]);
            assert_eq!(names, expected, "{stack}");
        }
    }
}

#[test]
fn a_partial_selection_keeps_the_application_and_only_what_was_asked() {
    let services = vec!["postgres".to_string()];
    for stack in Stack::ALL {
        let files = compose_baseline(stack, &services);
        let app = if stack == Stack::NextJs {
            "frontend"
        } else {
            "backend"
        };
        for compose in [file(&files, DEV), file(&files, PROD)] {
            let names: Vec<String> = service_blocks(compose)
                .into_iter()
                .map(|(n, _)| n)
                .collect();
            assert_eq!(names, [app, "postgres"], "{stack}");
        }
        assert!(!has(&files, "docker/caddy/Caddyfile.prod"));
        assert!(!has(&files, "docker/prometheus/prometheus.yml"));
        // Without Caddy, production publishes the application on loopback only.
        let prod = service_blocks(file(&files, PROD));
        let (_, app_block) = prod.iter().find(|(n, _)| n == app).unwrap();
        assert!(
            app_block.contains("- \"127.0.0.1:"),
            "{stack}:\n{app_block}"
        );
        assert!(!file(&files, ".env.example").contains("GRAFANA"));
    }
    let only_app = compose_baseline(Stack::Go, &["backend".to_string()]);
    let unknown = compose_baseline(Stack::Go, &["no-such-service".to_string()]);
    assert_eq!(only_app, unknown, "unknown names are ignored");
    assert_eq!(service_blocks(file(&only_app, PROD)).len(), 1);
}

#[test]
fn production_publishes_ports_only_on_caddy_and_hardens_every_service() {
    for stack in Stack::ALL {
        for services in selections() {
            let files = compose_baseline(stack, &services);
            let prod = file(&files, PROD);
            let blocks = service_blocks(prod);
            let with_caddy = blocks.iter().any(|(n, _)| n == "caddy");
            for (name, block) in &blocks {
                let publishes = block.contains("    ports:");
                if with_caddy {
                    assert_eq!(publishes, name == "caddy", "{stack} {services:?} {name}");
                } else if publishes {
                    for line in block.lines().filter(|l| l.trim_start().starts_with("- \"")) {
                        if block.contains("    ports:") && line.contains(':') && !line.contains('/')
                        {
                            assert!(line.contains("127.0.0.1:"), "{stack} {name}: {line}");
                        }
                    }
                }
                for required in [
                    "restart: unless-stopped",
                    "security_opt: [\"no-new-privileges:true\"]",
                    "limits:",
                    "memory:",
                    "logging: *logging",
                    "healthcheck:",
                ] {
                    assert!(block.contains(required), "{stack} {name} lacks {required}");
                }
                assert!(!block.contains("privileged"), "{stack} {name}");
                assert!(!block.contains("network_mode"), "{stack} {name}");
                assert!(!block.contains("docker.sock"), "{stack} {name}");
            }
            if blocks.len() > 1 {
                assert!(prod.contains("    internal: true"), "{stack} {services:?}");
            }
        }
    }
}

#[test]
fn development_publishes_on_loopback_only() {
    for stack in Stack::ALL {
        let files = compose_baseline(stack, &[]);
        let dev = file(&files, DEV);
        for (name, block) in service_blocks(dev) {
            let mut in_ports = false;
            for line in block.lines() {
                if line.starts_with("    ") && !line.starts_with("      ") {
                    in_ports = line == "    ports:";
                    continue;
                }
                if in_ports {
                    assert!(line.contains("\"127.0.0.1:"), "{stack} {name}: {line}");
                }
            }
        }
        assert!(
            dev.contains("\"127.0.0.1:5432:5432\""),
            "{stack}: db port for local tools"
        );
    }
}

#[test]
fn images_are_pinned_and_data_services_are_waited_for() {
    for stack in Stack::ALL {
        let files = compose_baseline(stack, &[]);
        for path in [DEV, PROD] {
            let compose = file(&files, path);
            for line in compose
                .lines()
                .filter(|l| l.trim_start().starts_with("image: "))
            {
                let image = line.trim_start().trim_start_matches("image: ");
                if image.starts_with("${") {
                    assert!(image.contains(":${APP_VERSION:?"), "{stack}: {image}");
                    continue;
                }
                let (_, tag) = image.rsplit_once(':').unwrap();
                // A release, not a moving major tag: `16.4-alpine`, `v2.55.1`, `7.4.1-alpine`.
                let version = tag.trim_start_matches('v');
                assert!(
                    version.starts_with(|c: char| c.is_ascii_digit()) && version.contains('.'),
                    "{stack}: {image} is not pinned to a release"
                );
            }
            let blocks = service_blocks(compose);
            for name in ["postgres", "redis"] {
                let (_, block) = blocks.iter().find(|(n, _)| n == name).unwrap();
                assert!(block.contains("healthcheck:"), "{stack} {path} {name}");
            }
            let app = if stack == Stack::NextJs {
                "frontend"
            } else {
                "backend"
            };
            let (_, app_block) = blocks.iter().find(|(n, _)| n == app).unwrap();
            assert!(app_block.contains("healthcheck:"), "{stack} {path}");
            assert!(
                app_block.contains("postgres:\n        condition: service_healthy"),
                "{stack} {path}:\n{app_block}"
            );
            assert!(!compose.contains("\nversion:"), "{stack} {path}");
        }
    }
}

#[test]
fn secrets_come_from_the_environment_and_env_example_lists_them() {
    for stack in Stack::ALL {
        for services in selections() {
            let files = compose_baseline(stack, &services);
            let example = file(&files, ".env.example");
            assert_eq!(
                example,
                env_example(stack, &services),
                "{stack} {services:?}"
            );
            for path in [DEV, PROD] {
                let compose = file(&files, path);
                let mut rest = compose;
                while let Some(at) = rest.find("${") {
                    let var: String = rest[at + 2..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    assert!(
                        example.contains(&format!("\n{var}=")),
                        "{stack} {services:?}: {path} reads {var}, .env.example lacks it"
                    );
                    rest = &rest[at + 2..];
                }
            }
            for line in example
                .lines()
                .filter(|l| l.contains("PASSWORD=") || l.contains("SECRET_KEY="))
            {
                assert!(line.contains("=replace-with-"), "{line}");
            }
        }
    }
    let prod = compose_baseline(Stack::PythonFastapi, &[]);
    let prod = file(&prod, PROD);
    assert!(prod.contains("POSTGRES_PASSWORD_FILE: /run/secrets/postgres_password"));
    assert!(prod.contains("GF_SECURITY_ADMIN_PASSWORD__FILE: /run/secrets/grafana_admin_password"));
}

#[test]
fn configuration_files_only_name_selected_services() {
    for stack in Stack::ALL {
        for services in selections() {
            let files = compose_baseline(stack, &services);
            let names: Vec<String> = service_blocks(file(&files, PROD))
                .into_iter()
                .map(|(n, _)| n)
                .collect();
            for path in [
                "docker/caddy/Caddyfile.dev",
                "docker/caddy/Caddyfile.prod",
                "docker/prometheus/prometheus.yml",
            ] {
                let Some((_, content)) = files.iter().find(|(p, _)| p == path) else {
                    continue;
                };
                for word in content.split(|c: char| c.is_whitespace() || c == '"' || c == '[') {
                    if let Some((host, port)) = word.split_once(':')
                        && port.bytes().all(|b| b.is_ascii_digit())
                        && !port.is_empty()
                        && host != "localhost"
                        && !host.is_empty()
                    {
                        assert!(names.contains(&host.to_string()), "{stack} {path}: {word}");
                    }
                }
            }
        }
    }
    let files = compose_baseline(Stack::JavaSpring, &[]);
    let caddy = file(&files, "docker/caddy/Caddyfile.prod");
    assert!(caddy.contains("handle /actuator/* {\n\t\trespond 404"));
    assert!(caddy.contains("Strict-Transport-Security"));
    assert!(caddy.contains("Content-Security-Policy"));
    let prometheus = file(&files, "docker/prometheus/prometheus.yml");
    assert!(prometheus.contains("metrics_path: /actuator/prometheus"));
    assert!(prometheus.contains("\"backend:8080\""));
}

#[test]
fn scripts_are_powershell_first_with_bash_equivalents() {
    for stack in Stack::ALL {
        for services in selections() {
            let files = compose_baseline(stack, &services);
            for name in ["dev_up", "dev_down", "smoke"] {
                let ps1 = file(&files, &format!("tools/dev/{name}.ps1"));
                assert!(
                    ps1.contains("$ErrorActionPreference = \"Stop\""),
                    "{name}.ps1"
                );
                assert!(ps1.contains("Set-StrictMode -Version Latest"), "{name}.ps1");
                assert!(ps1.contains("param("), "{name}.ps1");
                let sh = file(&files, &format!("tools/dev/{name}.sh"));
                assert!(sh.starts_with("#!/usr/bin/env bash\n"), "{name}.sh");
                assert!(sh.contains("\nset -euo pipefail\n"), "{name}.sh");
            }
            let up = file(&files, "tools/dev/dev_up.ps1");
            assert!(up.contains("docker compose --env-file .env -f docker/docker-compose.dev.yml"));
            assert!(up.contains("[switch]$WithSeed"));
            assert!(file(&files, "tools/dev/dev_up.sh").contains("--with-seed"));
            let smoke = file(&files, "tools/dev/smoke.ps1");
            let health = if stack == Stack::JavaSpring {
                "/actuator/health"
            } else if stack == Stack::NextJs {
                "/api/health"
            } else {
                "/health"
            };
            assert!(
                smoke.contains(&format!("\"$AppUrl{health}\"")),
                "{stack}: {smoke}"
            );
            assert!(
                file(&files, "tools/dev/smoke.sh").contains(&format!("\"${{APP_URL}}{health}\""))
            );
        }
    }
}

#[test]
fn snapshots_of_the_full_stacks() {
    for (stack, services) in [
        (Stack::PythonFastapi, vec![]),
        (Stack::NextJs, vec![]),
        (Stack::Go, vec!["postgres".to_string(), "redis".to_string()]),
    ] {
        let rendered: String = compose_baseline(stack, &services)
            .into_iter()
            .map(|(path, content)| format!("===== {path}\n{content}"))
            .collect();
        let name = if services.is_empty() {
            format!("{stack}_full")
        } else {
            format!("{stack}_{}", services.join("_"))
        };
        insta::assert_snapshot!(name, rendered);
    }
}
