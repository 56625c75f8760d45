//! What each stack needs in CI: language setup, dependency cache, and the lint, test (with a
//! coverage report the guard reads), and build commands.

use super::github::Step;
use super::pinned;
use crate::stack::Stack;

/// A stack's CI commands. GitHub and GitLab share the commands; the setup differs (setup
/// actions on GitHub, an image and cache paths on GitLab).
#[derive(Debug, Clone)]
pub(super) struct Toolchain {
    /// GitHub steps installing the toolchain and restoring the dependency cache.
    pub(super) gh_setup: Vec<Step>,
    /// Commands installing the dependencies (both platforms).
    pub(super) install: Vec<&'static str>,
    /// Lint commands.
    pub(super) lint: Vec<&'static str>,
    /// Test commands that leave a coverage report at `coverage_path`.
    pub(super) test: Vec<&'static str>,
    /// The coverage guard's `-Format`.
    pub(super) coverage_format: &'static str,
    /// Where the tests write the coverage report.
    pub(super) coverage_path: &'static str,
    /// Build commands.
    pub(super) build: Vec<&'static str>,
    /// GitLab: the job image (a pinned tag).
    pub(super) image: &'static str,
    /// GitLab: commands run before every job of the stack's image (toolchain preparation).
    pub(super) gl_prepare: Vec<&'static str>,
    /// GitLab: variables pointing the package manager's cache inside the project directory.
    pub(super) gl_variables: Vec<(&'static str, &'static str)>,
    /// GitLab: the lockfile the cache key is computed from.
    pub(super) gl_cache_file: &'static str,
    /// GitLab: the cached paths.
    pub(super) gl_cache_paths: Vec<&'static str>,
    /// The Dependabot ecosystem of the dependencies.
    pub(super) dependabot: &'static str,
}

impl Toolchain {
    /// A command as GitLab runs it: the stack images ship the tool itself (`mvn`), not the
    /// project's wrapper.
    pub(super) fn on_gitlab(cmd: &str) -> String {
        cmd.replace("./mvnw", "mvn")
    }
}

fn step(name: &str) -> Step {
    Step::named(name)
}

/// The toolchain of `stack`.
pub(super) fn of(stack: Stack) -> Toolchain {
    match stack {
        Stack::NextJs => Toolchain {
            gh_setup: vec![
                step("Set up pnpm")
                    .uses(pinned("pnpm/action-setup"))
                    .with("version", "9.15.0"),
                step("Set up Node.js")
                    .uses(pinned("actions/setup-node"))
                    .with("node-version", "22")
                    .with("cache", "pnpm"),
            ],
            install: vec!["pnpm install --frozen-lockfile"],
            lint: vec!["pnpm run lint"],
            test: vec![
                "pnpm run test --coverage --coverageReporters=json-summary --coverageReporters=text",
            ],
            coverage_format: "istanbul",
            coverage_path: "coverage/coverage-summary.json",
            build: vec!["pnpm run build"],
            image: "node:22.12.0-bookworm-slim",
            gl_prepare: vec![
                "corepack enable",
                "corepack prepare pnpm@9.15.0 --activate",
                "pnpm config set store-dir .pnpm-store",
            ],
            gl_variables: vec![],
            gl_cache_file: "pnpm-lock.yaml",
            gl_cache_paths: vec![".pnpm-store/"],
            dependabot: "npm",
        },
        Stack::Node => Toolchain {
            gh_setup: vec![
                step("Set up Node.js")
                    .uses(pinned("actions/setup-node"))
                    .with("node-version", "22")
                    .with("cache", "npm"),
            ],
            install: vec!["npm ci --no-audit --no-fund"],
            lint: vec!["npm run lint"],
            test: vec![
                "npm test -- --coverage --coverageReporters=json-summary --coverageReporters=text",
            ],
            coverage_format: "istanbul",
            coverage_path: "coverage/coverage-summary.json",
            build: vec!["npm run build --if-present"],
            image: "node:22.12.0-bookworm-slim",
            gl_prepare: vec![],
            gl_variables: vec![("npm_config_cache", "$CI_PROJECT_DIR/.npm")],
            gl_cache_file: "package-lock.json",
            gl_cache_paths: vec![".npm/"],
            dependabot: "npm",
        },
        Stack::PythonFastapi | Stack::PythonDjango => {
            let django = stack == Stack::PythonDjango;
            Toolchain {
                gh_setup: vec![
                    step("Set up Python")
                        .uses(pinned("actions/setup-python"))
                        .with("python-version", "3.12")
                        .with("cache", "pip")
                        .with("cache-dependency-path", "requirements*.txt"),
                ],
                install: vec![
                    "python -m pip install -r requirements.txt",
                    "python -m pip install ruff==0.8.4 pytest==8.3.4 pytest-cov==6.0.0 coverage==7.6.9",
                ],
                lint: vec!["ruff check .", "ruff format --check ."],
                test: if django {
                    vec![
                        "mkdir -p coverage",
                        "python -m coverage run manage.py test",
                        "python -m coverage report",
                        "python -m coverage json -o coverage/coverage.json",
                    ]
                } else {
                    vec![
                        "mkdir -p coverage",
                        "python -m pytest --cov=. --cov-report=term --cov-report=json:coverage/coverage.json",
                    ]
                },
                coverage_format: "coveragepy",
                coverage_path: "coverage/coverage.json",
                build: if django {
                    vec!["python -m compileall -q .", "python manage.py check"]
                } else {
                    vec!["python -m compileall -q ."]
                },
                image: "python:3.12.8-slim-bookworm",
                gl_prepare: vec![],
                gl_variables: vec![("PIP_CACHE_DIR", "$CI_PROJECT_DIR/.cache/pip")],
                gl_cache_file: "requirements.txt",
                gl_cache_paths: vec![".cache/pip/"],
                dependabot: "pip",
            }
        }
        Stack::Go => Toolchain {
            gh_setup: vec![
                step("Set up Go")
                    .uses(pinned("actions/setup-go"))
                    .with("go-version-file", "go.mod")
                    .with("cache", "true"),
            ],
            install: vec!["go mod download"],
            lint: vec!["go vet ./...", "test -z \"$(go fmt ./...)\""],
            test: vec![
                "mkdir -p coverage",
                "go test -race -covermode=atomic -coverprofile=coverage/coverage.out ./...",
            ],
            coverage_format: "gocover",
            coverage_path: "coverage/coverage.out",
            build: vec!["go build ./..."],
            image: "golang:1.23.4-bookworm",
            gl_prepare: vec![],
            gl_variables: vec![
                ("GOPATH", "$CI_PROJECT_DIR/.go"),
                ("GOCACHE", "$CI_PROJECT_DIR/.cache/go-build"),
            ],
            gl_cache_file: "go.sum",
            gl_cache_paths: vec![".go/pkg/mod/", ".cache/go-build/"],
            dependabot: "gomod",
        },
        Stack::Rust => Toolchain {
            gh_setup: vec![
                step("Set up Rust").run(
                    "rustup toolchain install stable --profile minimal --component clippy,rustfmt,llvm-tools-preview\nrustup default stable",
                ),
                step("Cache cargo").uses(pinned("Swatinem/rust-cache")),
            ],
            install: vec!["cargo fetch --locked"],
            lint: vec![
                "cargo fmt --all -- --check",
                "cargo clippy --all-targets --locked -- -D warnings",
            ],
            test: vec![
                "cargo install cargo-llvm-cov --locked --version 0.6.15",
                "mkdir -p coverage",
                "cargo llvm-cov --workspace --locked --json --summary-only --output-path coverage/coverage.json",
            ],
            coverage_format: "llvm-cov",
            coverage_path: "coverage/coverage.json",
            build: vec!["cargo build --release --locked"],
            image: "rust:1.83.0-bookworm",
            gl_prepare: vec!["rustup component add clippy rustfmt llvm-tools-preview"],
            gl_variables: vec![("CARGO_HOME", "$CI_PROJECT_DIR/.cargo")],
            gl_cache_file: "Cargo.lock",
            gl_cache_paths: vec![".cargo/bin/", ".cargo/registry/", "target/"],
            dependabot: "cargo",
        },
        Stack::JavaSpring => Toolchain {
            gh_setup: vec![
                step("Set up Java")
                    .uses(pinned("actions/setup-java"))
                    .with("distribution", "temurin")
                    .with("java-version", "21")
                    .with("cache", "maven"),
            ],
            install: vec!["./mvnw -B -ntp dependency:go-offline"],
            lint: vec![
                "./mvnw -B -ntp checkstyle:check -Dcheckstyle.config.location=google_checks.xml -Dcheckstyle.violationSeverity=error",
            ],
            test: vec![
                "./mvnw -B -ntp org.jacoco:jacoco-maven-plugin:0.8.12:prepare-agent test org.jacoco:jacoco-maven-plugin:0.8.12:report",
            ],
            coverage_format: "jacoco",
            coverage_path: "target/site/jacoco/jacoco.csv",
            build: vec!["./mvnw -B -ntp -DskipTests package"],
            image: "maven:3.9.9-eclipse-temurin-21",
            gl_prepare: vec![],
            gl_variables: vec![(
                "MAVEN_OPTS",
                "-Dmaven.repo.local=$CI_PROJECT_DIR/.m2/repository",
            )],
            gl_cache_file: "pom.xml",
            gl_cache_paths: vec![".m2/repository/"],
            dependabot: "maven",
        },
    }
}
