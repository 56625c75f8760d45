//! Throughput of the Dockerfile parser and checker. Ignored by default; run in release:
//!
//! ```text
//! cargo test --release -p infra-agent --test dockerfile_speed -- --ignored --nocapture
//! ```
//!
//! The target is at least 5,000 files of about 50 lines per second on one core, for `parse`.
#![allow(clippy::unwrap_used)]

use std::time::Instant;

use infra_agent::Stack;
use infra_agent::dockerfile::{DockerfileChecker, baseline_dockerfile, parse};
use squad_core::check::Checker;

/// About fifty lines: every baseline, cut or padded to a typical size.
fn corpus() -> Vec<String> {
    Stack::ALL
        .iter()
        .map(|s| {
            let mut text = baseline_dockerfile(*s);
            while text.lines().count() < 50 {
                text.push_str(
                    "RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1 \\\n    && rm -rf /var/lib/apt/lists/*\nENV A=1 B=\"two\"\n",
                );
            }
            text
        })
        .collect()
}

#[test]
#[ignore = "a measurement: run in release with --ignored --nocapture"]
fn parse_and_check_throughput() {
    let corpus = corpus();
    let lines: usize = corpus.iter().map(|c| c.lines().count()).sum();
    let rounds = 2_000;

    let start = Instant::now();
    let mut instructions = 0;
    for _ in 0..rounds {
        for file in &corpus {
            instructions += std::hint::black_box(parse(file)).instructions().len();
        }
    }
    let parse_secs = start.elapsed().as_secs_f64();
    let files = (rounds * corpus.len()) as f64;

    let start = Instant::now();
    let mut findings = 0;
    for _ in 0..rounds / 4 {
        for file in &corpus {
            findings += std::hint::black_box(DockerfileChecker.check("Dockerfile", file)).len();
        }
    }
    let check_secs = start.elapsed().as_secs_f64();
    let checked = (rounds / 4 * corpus.len()) as f64;

    println!(
        "parse: {:.0} files/s ({:.0} lines/s, {} lines per file on average, {instructions} instructions)",
        files / parse_secs,
        files * lines as f64 / corpus.len() as f64 / parse_secs,
        lines / corpus.len()
    );
    println!(
        "check: {:.0} files/s ({findings} findings)",
        checked / check_secs
    );
    if !cfg!(debug_assertions) {
        assert!(
            files / parse_secs >= 5_000.0,
            "parse is below 5,000 files/s"
        );
    }
}
