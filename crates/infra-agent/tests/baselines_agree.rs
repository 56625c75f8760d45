//! The baselines of different tasks describe one application: what one file assumes of the
//! image another file builds must hold.
#![allow(clippy::unwrap_used)]

use infra_agent::Stack;
use infra_agent::compose::compose_baseline;
use infra_agent::dockerfile::baseline_dockerfile;

/// The exec-form argv of the Dockerfile's HEALTHCHECK.
fn dockerfile_healthcheck(dockerfile: &str) -> Vec<String> {
    let joined = dockerfile.replace("\\\n", " ");
    let line = joined
        .lines()
        .find(|l| l.starts_with("HEALTHCHECK"))
        .unwrap();
    let json = &line[line.find("CMD [").unwrap() + 4..];
    serde_json::from_str(json).unwrap()
}

/// The argv of the application service's compose healthcheck, without the leading "CMD".
fn compose_healthcheck(compose: &str, service: &str) -> Vec<String> {
    let mut in_service = false;
    for line in compose.lines() {
        if line.starts_with("  ") && !line.starts_with("   ") {
            in_service = line.trim_end() == format!("  {service}:");
        }
        if in_service && let Some(test) = line.trim_start().strip_prefix("test: ") {
            let mut argv: Vec<String> = serde_json::from_str(test).unwrap();
            assert_eq!(argv.remove(0), "CMD");
            return argv;
        }
    }
    panic!("no healthcheck for {service}");
}

#[test]
fn compose_healthchecks_only_use_tools_the_app_image_has() {
    for stack in Stack::ALL {
        let image_check = dockerfile_healthcheck(&baseline_dockerfile(stack));
        let service = if stack == Stack::NextJs {
            "frontend"
        } else {
            "backend"
        };
        let files = compose_baseline(stack, &[]);
        let prod = &files
            .iter()
            .find(|(p, _)| p.ends_with("docker-compose.prod.yml"))
            .unwrap()
            .1;
        let compose_check = compose_healthcheck(prod, service);
        assert_eq!(
            compose_check[0], image_check[0],
            "{stack}: compose runs a tool the image may not have"
        );
        if matches!(stack, Stack::Go | Stack::Rust | Stack::JavaSpring) {
            // Distroless images: the only check that can work is the image's own.
            assert_eq!(compose_check, image_check, "{stack}");
        }
    }
}
