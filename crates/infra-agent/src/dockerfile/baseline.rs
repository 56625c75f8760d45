//! Baseline Dockerfiles: what the infra agent ships when no model is available (offline mode),
//! and the reference the model's output is held to. One per [`Stack`], of the class of
//! `docker init`: multi-stage, base images pinned to a version, BuildKit cache mounts,
//! a non-root USER, EXPOSE, a HEALTHCHECK in exec form that needs no curl, and an exec-form CMD.
//! Every baseline passes every Dockerfile rule with no finding at all (a test holds them to it).

use crate::stack::Stack;

/// The baseline Dockerfile of a stack. Deterministic: the same text for the same stack.
///
/// ```
/// use infra_agent::Stack;
/// use infra_agent::dockerfile::{DockerfileChecker, baseline_dockerfile};
/// use squad_core::check::Checker;
///
/// let dockerfile = baseline_dockerfile(Stack::Go);
/// assert!(dockerfile.starts_with("# syntax=docker/dockerfile:1\n"));
/// assert!(DockerfileChecker.check("Dockerfile", &dockerfile).is_empty());
/// ```
pub fn baseline_dockerfile(stack: Stack) -> String {
    let text = match stack {
        Stack::NextJs => NEXTJS,
        Stack::Node => NODE,
        Stack::PythonFastapi => FASTAPI,
        Stack::PythonDjango => DJANGO,
        Stack::Go => GO,
        Stack::Rust => RUST,
        Stack::JavaSpring => JAVA_SPRING,
    };
    text.to_string()
}

const NEXTJS: &str = r#"# syntax=docker/dockerfile:1
# Next.js with `output: "standalone"` in next.config.js, served by the standalone Node.js server.
# Needs package-lock.json and a public/ folder; the container answers on port 3000.

ARG NODE_VERSION=22.11.0

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
RUN --mount=type=bind,source=package.json,target=package.json \
    --mount=type=bind,source=package-lock.json,target=package-lock.json \
    --mount=type=cache,target=/root/.npm \
    npm ci

FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /app
ENV NEXT_TELEMETRY_DISABLED=1
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN --mount=type=cache,target=/app/.next/cache \
    npm run build

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0
COPY --from=build /app/public ./public
# The server writes its cache under .next: the app user owns the standalone output.
COPY --from=build --chown=node:node /app/.next/standalone ./
COPY --from=build --chown=node:node /app/.next/static ./.next/static
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:3000/').then((r) => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"]
CMD ["node", "server.js"]
"#;

const NODE: &str = r#"# syntax=docker/dockerfile:1
# Node.js service: production dependencies from package-lock.json, then a slim runtime.
# The entry point is server.js, listening on $PORT (3000) with GET /health answering 200.
# Keep node_modules out of the build context with a .dockerignore.

ARG NODE_VERSION=22.11.0

FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
ENV NODE_ENV=production
RUN --mount=type=bind,source=package.json,target=package.json \
    --mount=type=bind,source=package-lock.json,target=package-lock.json \
    --mount=type=cache,target=/root/.npm \
    npm ci --omit=dev

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    PORT=3000
# Code and dependencies stay owned by root: the app user can read them, not change them.
COPY --from=deps /app/node_modules ./node_modules
COPY . .
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1)).catch(() => process.exit(1))"]
CMD ["node", "server.js"]
"#;

const FASTAPI: &str = r#"# syntax=docker/dockerfile:1
# FastAPI served by uvicorn. requirements.txt pins fastapi and uvicorn; the application object
# is `app` in main.py and GET /health answers 200. Keep .venv out of the build context.

ARG PYTHON_VERSION=3.12.7

FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=bind,source=requirements.txt,target=requirements.txt \
    python -m venv /opt/venv \
 && /opt/venv/bin/pip install -r requirements.txt

FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH"
WORKDIR /app
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
COPY . .
USER app
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status == 200 else 1)"]
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
"#;

const DJANGO: &str = r#"# syntax=docker/dockerfile:1
# Django served by gunicorn. requirements.txt pins Django and gunicorn; the project package is
# `config` (config/wsgi.py: change the CMD for another name); GET /health answers 200 and
# ALLOWED_HOSTS accepts 127.0.0.1 for the health check. Run collectstatic and migrations as
# release steps, not in the image build.

ARG PYTHON_VERSION=3.12.7

FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /app
RUN --mount=type=cache,target=/root/.cache/pip \
    --mount=type=bind,source=requirements.txt,target=requirements.txt \
    python -m venv /opt/venv \
 && /opt/venv/bin/pip install -r requirements.txt

FROM python:${PYTHON_VERSION}-slim-bookworm AS runtime
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PATH="/opt/venv/bin:$PATH"
WORKDIR /app
RUN groupadd --system --gid 10001 django \
 && useradd --system --uid 10001 --gid django --no-create-home --shell /usr/sbin/nologin django
COPY --from=build /opt/venv /opt/venv
COPY . .
USER django
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=4).status == 200 else 1)"]
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
"#;

const GO: &str = r#"# syntax=docker/dockerfile:1
# Go service, statically linked, on distroless (no shell, no package manager). The main package
# is at the module root and listens on :8080. Distroless has no HTTP client, so the binary
# checks itself: `server -healthcheck` exits 0 when the service answers.

ARG GO_VERSION=1.23.3

FROM golang:${GO_VERSION}-bookworm AS build
WORKDIR /src
ENV CGO_ENABLED=0
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    --mount=type=bind,target=. \
    go build -trimpath -ldflags="-s -w" -o /out/server .

FROM gcr.io/distroless/static-debian12:nonroot AS runtime
COPY --from=build /out/server /server
USER nonroot:nonroot
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/server", "-healthcheck"]
CMD ["/server"]
"#;

const RUST: &str = r#"# syntax=docker/dockerfile:1
# Rust service built with cargo (release, --locked) on distroless/cc (glibc, no shell). Set
# APP_NAME to the binary's name. The service listens on 8080; distroless has no HTTP client, so
# the binary checks itself: `server --healthcheck` exits 0 when the service answers.

ARG RUST_VERSION=1.82.0
ARG APP_NAME=app

FROM rust:${RUST_VERSION}-slim-bookworm AS build
ARG APP_NAME
WORKDIR /src
RUN --mount=type=bind,source=src,target=src \
    --mount=type=bind,source=Cargo.toml,target=Cargo.toml \
    --mount=type=bind,source=Cargo.lock,target=Cargo.lock \
    --mount=type=cache,target=/src/target \
    --mount=type=cache,target=/usr/local/cargo/git/db \
    --mount=type=cache,target=/usr/local/cargo/registry \
    <<EOF
set -e
cargo build --locked --release
cp "./target/release/${APP_NAME}" /server
EOF

FROM gcr.io/distroless/cc-debian12:nonroot AS runtime
COPY --from=build /server /server
USER nonroot:nonroot
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/server", "--healthcheck"]
CMD ["/server"]
"#;

const JAVA_SPRING: &str = r#"# syntax=docker/dockerfile:1
# Spring Boot built with the Maven wrapper (mvnw, .mvn/, pom.xml producing one executable jar),
# run on a JRE. The server listens on 8080 and GET /actuator/health answers 200
# (spring-boot-starter-actuator). The JRE image has no HTTP client, so the health check is a
# small Java program compiled in the build stage.

ARG JAVA_VERSION=21.0.5_11

FROM eclipse-temurin:${JAVA_VERSION}-jdk AS build
WORKDIR /build
COPY --chmod=0755 mvnw mvnw
COPY .mvn/ .mvn/
RUN --mount=type=bind,source=pom.xml,target=pom.xml \
    --mount=type=cache,target=/root/.m2 \
    ./mvnw --batch-mode dependency:go-offline -DskipTests
COPY src/ src/
COPY <<'JAVA' /build/healthcheck/HealthCheck.java
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Exits 0 when the health endpoint answers 2xx, 1 otherwise. */
public final class HealthCheck {
    public static void main(String[] args) {
        String url = args.length > 0 ? args[0] : "http://127.0.0.1:8080/actuator/health";
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(4)).GET().build();
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            System.exit(status >= 200 && status < 300 ? 0 : 1);
        } catch (Exception e) {
            System.exit(1);
        }
    }
}
JAVA
RUN --mount=type=bind,source=pom.xml,target=pom.xml \
    --mount=type=cache,target=/root/.m2 \
    ./mvnw --batch-mode package -DskipTests \
 && cp target/*.jar /build/app.jar \
 && javac -d /build/healthcheck /build/healthcheck/HealthCheck.java

FROM eclipse-temurin:${JAVA_VERSION}-jre AS runtime
WORKDIR /app
RUN groupadd --system --gid 10001 spring \
 && useradd --system --uid 10001 --gid spring --no-create-home --shell /usr/sbin/nologin spring
COPY --from=build /build/app.jar /app/app.jar
COPY --from=build /build/healthcheck/HealthCheck.class /app/healthcheck/
USER spring:spring
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["java", "-cp", "/app/healthcheck", "HealthCheck"]
CMD ["java", "-XX:MaxRAMPercentage=75", "-jar", "/app/app.jar"]
"#;
