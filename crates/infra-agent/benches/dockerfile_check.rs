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

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
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

criterion_group!(benches, bench);
criterion_main!(benches);
