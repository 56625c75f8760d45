//! Dockerfiles checked per second, in process, on one core.
//!
//! ```sh
//! cargo bench -p infra-agent --bench dockerfile_check
//! ```
//!
//! The corpus is written here: every stack's baseline, and variants of each with the kinds of
//! lines real files have (apt/apk/pip/npm installs, pipes, ADD, ENV, ARG, several stages,
//! heredocs, continuations), some clean and some that fire rules, each about fifty lines.
//! Criterion's throughput figure is files per second; the target is at least 5,000.
//!
//! Instructions per check, under callgrind (wall time on a shared VM drifts too much to see
//! small steps): `instructions N` checks the Node baseline N times and nothing else, and
//! `instructions N corpus` checks the whole corpus N times (add `parse` to parse only). The
//! difference between two N, divided by their difference, is one check (or one corpus pass).
//! `findings [PATH…]` prints every finding of the corpus, the baselines and the files named,
//! to diff before and after a change to the checker. `disturbed [N]` times the check right
//! after other work (a sleep, another checker, writes that evict the data caches).
//!
//! ```sh
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/df.3000 \
//!     target/release/deps/dockerfile_check-HASH --bench instructions 3000
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/df.1000 \
//!     target/release/deps/dockerfile_check-HASH --bench instructions 1000
//! ```

use criterion::{Criterion, Throughput, criterion_group};
use infra_agent::Stack;
use infra_agent::dockerfile::{DockerfileChecker, baseline_dockerfile, parse};
use squad_core::check::Checker;

const EXTRA: &[&str] = &[
    "RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \\\n    && rm -rf /var/lib/apt/lists/*\n",
    "RUN apt-get update && apt-get install -y git\n",
    "RUN apk add --no-cache tini=0.19.0-r3\n",
    "RUN pip install --no-cache-dir requests==2.32.3\n",
    "RUN pip install flask\n",
    "RUN npm install -g pnpm@9.12.3\n",
    "RUN curl -fsSL https://example.invalid/install.sh | sh\n",
    "RUN cd /tmp && tar xzf archive.tgz\n",
    "ADD config.json /etc/app/config.json\n",
    "ENV APP_MODE=production \\\n    LOG_FORMAT=json\n",
    "ARG BUILD_DATE\nLABEL org.opencontainers.image.created=$BUILD_DATE\n",
    "RUN <<EOF\nset -eu\necho building\nmkdir -p /srv/data\nEOF\n",
    "COPY --chown=10001:10001 --chmod=0644 static/ /srv/static/\n",
    "WORKDIR app\n",
    "EXPOSE 8080/tcp\n",
    "RUN wget https://example.invalid/file.tar.gz\n",
];

/// About fifty lines per file: each baseline, then EXTRA lines chosen by a fixed stride so
/// every file differs, inserted before the final stage's USER line.
fn corpus() -> Vec<String> {
    let mut files = Vec::new();
    for (s, stack) in Stack::ALL.iter().enumerate() {
        let base = baseline_dockerfile(*stack);
        for variant in 0..30 {
            let mut extra = String::new();
            let mut k = s * 7 + variant;
            while base.lines().count() + extra.lines().count() < 50 {
                extra.push_str(EXTRA[k % EXTRA.len()]);
                k += variant % 5 + 1;
            }
            let at = base.rfind("\nUSER ").map(|i| i + 1).unwrap_or(base.len());
            files.push(format!("{}{}{}", &base[..at], extra, &base[at..]));
        }
    }
    files
}

fn bench(c: &mut Criterion) {
    let corpus = corpus();
    let lines: usize = corpus.iter().map(|f| f.lines().count()).sum();
    let findings: usize = corpus
        .iter()
        .map(|f| DockerfileChecker.check("Dockerfile", f).len())
        .sum();
    eprintln!(
        "corpus: {} files, {} lines on average, {} findings in all",
        corpus.len(),
        lines / corpus.len(),
        findings
    );

    let mut group = c.benchmark_group("dockerfile");
    group.throughput(Throughput::Elements(corpus.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|f| std::hint::black_box(parse(f)).instructions().len())
                .sum::<usize>()
        })
    });
    group.bench_function("check", |b| {
        b.iter(|| {
            corpus
                .iter()
                .map(|f| DockerfileChecker.check("Dockerfile", f).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

/// `instructions N [corpus] [parse]`: N checks of the Node baseline (or N passes over the
/// corpus); with `parse`, N parses only.
fn instructions() {
    let args = mode_arguments();
    let n: usize = args.first().and_then(|n| n.parse().ok()).unwrap_or(1000);
    let files = if args.iter().any(|a| a == "corpus") {
        corpus()
    } else {
        vec![baseline_dockerfile(Stack::Node)]
    };
    let parse_only = args.iter().any(|a| a == "parse");
    let mut count = 0;
    for _ in 0..n {
        for f in &files {
            let f = std::hint::black_box(f);
            count += if parse_only {
                std::hint::black_box(parse(f)).instructions().len()
            } else {
                std::hint::black_box(DockerfileChecker.check("Dockerfile", f)).len()
            };
        }
    }
    std::hint::black_box(count);
}

/// `findings [PATH…]`: print the findings of every corpus file, every baseline and every file
/// named (also with CRLF line ends, and cut after each of its lines), to compare the findings
/// before and after a change to the checker.
fn findings() {
    let mut files: Vec<(String, String)> = corpus()
        .into_iter()
        .enumerate()
        .map(|(i, f)| (format!("corpus {i}"), f))
        .collect();
    for stack in Stack::ALL {
        files.push((format!("baseline {stack:?}"), baseline_dockerfile(stack)));
    }
    for path in mode_arguments() {
        let Ok(content) = std::fs::read_to_string(&path) else {
            eprintln!("cannot read {path}");
            continue;
        };
        files.push((format!("{path} crlf"), content.replace('\n', "\r\n")));
        let mut cut = 0;
        for line in content.split_inclusive('\n') {
            cut += line.len();
            files.push((format!("{path} cut {cut}"), content[..cut].to_string()));
        }
        files.push((path, content));
    }
    for (name, content) in &files {
        println!("== {name}");
        for f in DockerfileChecker.check("Dockerfile", content) {
            println!("{f:?}");
        }
    }
}

/// What `disturbed` does between two timed checks.
#[derive(Clone, Copy)]
enum Disturbance {
    Nothing,
    Spin,
    Sleep,
    WorkflowCheck,
    /// Write one byte in every 64-byte line of this many bytes.
    Write(usize),
}

impl Disturbance {
    const ALL: [Disturbance; 7] = [
        Disturbance::Nothing,
        Disturbance::Spin,
        Disturbance::Sleep,
        Disturbance::WorkflowCheck,
        Disturbance::Write(256 << 10),
        Disturbance::Write(2 << 20),
        Disturbance::Write(16 << 20),
    ];

    fn label(self) -> String {
        match self {
            Disturbance::Nothing => "nothing".into(),
            Disturbance::Spin => "spin 60 µs".into(),
            Disturbance::Sleep => "sleep 60 µs".into(),
            Disturbance::WorkflowCheck => "workflow check".into(),
            Disturbance::Write(bytes) if bytes >= 1 << 20 => format!("write {} MB", bytes >> 20),
            Disturbance::Write(bytes) => format!("write {} KB", bytes >> 10),
        }
    }
}

/// `disturbed [N]`: the Node baseline's check timed right after each of several disturbances,
/// N times each (default 3000), medians and 10th percentiles: nothing (hot), a 60 µs spin, a
/// 60 µs sleep, a check of a GitHub workflow (other code), and writes to 256 KB, 2 MB and
/// 16 MB of memory (data evicted from the first and second level caches). A first pass warms
/// up and is not printed.
fn disturbed() {
    use std::time::{Duration, Instant};
    let n = mode_arguments()
        .first()
        .map_or(Ok(3000), |n| n.parse::<usize>())
        .ok()
        .filter(|&n| n > 0)
        .unwrap_or_else(|| {
            eprintln!("disturbed: the count must be a whole number above 0");
            std::process::exit(2);
        });
    let dockerfile = baseline_dockerfile(Stack::Node);
    let workflow = "name: ci\non:\n  push:\n    branches: [main]\npermissions:\n  contents: read\n\
        jobs:\n  test:\n    runs-on: ubuntu-latest\n    timeout-minutes: 10\n    steps:\n\
        \x20     - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683\n\
        \x20     - run: cargo test --workspace\n";
    let checkers = infra_agent::checkers();
    let mut memory = vec![0u8; 16 << 20];
    for pass in ["warm-up", "measured"] {
        let mut figures = Vec::new();
        for disturbance in Disturbance::ALL {
            let mut times = Vec::with_capacity(n);
            for i in 0..n {
                match disturbance {
                    Disturbance::Nothing => {}
                    Disturbance::Spin => {
                        let started = Instant::now();
                        while started.elapsed() < Duration::from_micros(60) {}
                    }
                    Disturbance::Sleep => std::thread::sleep(Duration::from_micros(60)),
                    Disturbance::WorkflowCheck => {
                        std::hint::black_box(checkers.check(".github/workflows/ci.yml", workflow));
                    }
                    Disturbance::Write(bytes) => {
                        for (k, line) in memory[..bytes].chunks_mut(64).enumerate() {
                            line[0] = line[0].wrapping_add((k + i) as u8);
                        }
                    }
                }
                let started = Instant::now();
                std::hint::black_box(DockerfileChecker.check("Dockerfile", &dockerfile));
                times.push(started.elapsed().as_nanos() as f64 / 1e3);
            }
            times.sort_by(f64::total_cmp);
            let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
            figures.push(format!(
                "after {} {:.2} ({:.2})",
                disturbance.label(),
                at(0.5),
                at(0.1)
            ));
        }
        if pass == "measured" {
            println!(
                "check of the Node baseline, µs median (10th percentile), {n} each: {}",
                figures.join(", ")
            );
        }
    }
    std::hint::black_box(&memory);
}

/// The arguments after the mode's name (`instructions`, `findings`, ...), options left out.
fn mode_arguments() -> Vec<String> {
    std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .skip(1)
        .collect()
}

criterion_group!(benches, bench);

fn main() {
    // `cargo bench --bench dockerfile_check -- FILTER`: the first argument that is not an option.
    let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    if filter.as_deref() == Some("instructions") {
        instructions();
        return;
    }
    if filter.as_deref() == Some("disturbed") {
        disturbed();
        return;
    }
    if filter.as_deref() == Some("findings") {
        findings();
        return;
    }
    benches();
    criterion::Criterion::default()
        .configure_from_args()
        .final_summary();
}
