//! Baseline deployment configurations per stack and platform: deterministic, clean under every
//! deployment rule, each with a short `DEPLOY.md` of the commands.
//!
//! What each platform gets:
//! - Vercel: `vercel.json` with security headers; Next.js as a framework project, the other
//!   stacks as one function under `api/` that every path is rewritten to (Vercel's Node.js,
//!   Python, Go and Rust runtimes). Vercel has no JVM runtime: for Java the file only serves
//!   static files, and `DEPLOY.md` says so.
//! - Cloudflare: `wrangler.toml`; Next.js through the OpenNext adapter on Workers, the other
//!   stacks as a Worker that forwards to a Cloudflare Container built from the Dockerfile
//!   (plus that Worker, `cloudflare/worker.js`).
//! - AWS: App Runner's `apprunner.yaml` where a supported managed runtime fits (Node.js 22,
//!   Python 3.11); Go, Rust and Java deploy the Dockerfile's image from ECR instead (App
//!   Runner's Go 1 runtime is retired and its Corretto 11 is too old for Spring Boot 3), and
//!   `DEPLOY.md` gives the commands.
//! - GCP: App Engine's `app.yaml`; the standard environment for Node.js and Python, the
//!   flexible environment with the Dockerfile (`runtime: custom`) for Go, Rust and Java.

use std::fmt;
use std::str::FromStr;

use crate::Stack;

/// A platform the deployment baseline targets.
///
/// ```
/// use infra_agent::deploy::DeployPlatform;
/// assert_eq!(DeployPlatform::parse("Workers"), Ok(DeployPlatform::Cloudflare));
/// assert!(DeployPlatform::parse("heroku").unwrap_err().to_string().contains("vercel"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DeployPlatform {
    /// Vercel (`vercel.json`).
    Vercel,
    /// Cloudflare Workers / Containers (`wrangler.toml`).
    Cloudflare,
    /// AWS App Runner (`apprunner.yaml`, or an image from ECR).
    Aws,
    /// Google App Engine (`app.yaml`).
    Gcp,
}

impl DeployPlatform {
    /// Every platform, in a stable order.
    pub const ALL: [DeployPlatform; 4] = [Self::Vercel, Self::Cloudflare, Self::Aws, Self::Gcp];

    /// Parse a platform name, case-insensitively: `vercel`, `cloudflare|cf|workers|pages`,
    /// `aws|amazon|apprunner|app-runner`, `gcp|google|gcloud|appengine|app-engine`.
    pub fn parse(name: &str) -> Result<DeployPlatform, UnknownPlatform> {
        match name.trim().to_ascii_lowercase().as_str() {
            "vercel" => Ok(Self::Vercel),
            "cloudflare" | "cf" | "workers" | "pages" => Ok(Self::Cloudflare),
            "aws" | "amazon" | "apprunner" | "app-runner" => Ok(Self::Aws),
            "gcp" | "google" | "gcloud" | "appengine" | "app-engine" => Ok(Self::Gcp),
            _ => Err(UnknownPlatform {
                given: name.to_string(),
            }),
        }
    }

    /// The canonical name, accepted by [`DeployPlatform::parse`].
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Vercel => "vercel",
            Self::Cloudflare => "cloudflare",
            Self::Aws => "aws",
            Self::Gcp => "gcp",
        }
    }
}

impl fmt::Display for DeployPlatform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DeployPlatform {
    type Err = UnknownPlatform;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// A platform name that is not one of [`DeployPlatform::ALL`] or their aliases.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "unknown deployment platform {given:?}: use one of vercel, cloudflare (cf, workers, pages), \
     aws (apprunner), gcp (google, appengine)"
)]
pub struct UnknownPlatform {
    /// The name that was given.
    pub given: String,
}

/// The baseline deployment files for `stack` on `target`, as `(relative path, content)`
/// pairs: the platform's configuration file(s) and a `DEPLOY.md` with the commands.
///
/// ```
/// use infra_agent::Stack;
/// use infra_agent::deploy::{DeployConfigChecker, DeployPlatform, deployment_baseline};
/// use squad_core::check::Checker;
///
/// let files = deployment_baseline(Stack::PythonFastapi, DeployPlatform::Gcp);
/// let (path, content) = files.iter().find(|(p, _)| p == "app.yaml").unwrap();
/// assert!(DeployConfigChecker.check(path, content).is_empty());
/// ```
pub fn deployment_baseline(stack: Stack, target: DeployPlatform) -> Vec<(String, String)> {
    let files: Vec<(&str, String)> = match target {
        DeployPlatform::Vercel => vec![
            ("vercel.json", vercel_json(stack)),
            ("DEPLOY.md", vercel_guide(stack)),
        ],
        DeployPlatform::Cloudflare => match stack {
            Stack::NextJs => vec![
                ("wrangler.toml", WRANGLER_NEXTJS.to_string()),
                ("DEPLOY.md", CLOUDFLARE_NEXTJS_GUIDE.to_string()),
            ],
            _ => vec![
                ("wrangler.toml", WRANGLER_CONTAINER.to_string()),
                ("cloudflare/worker.js", container_worker(stack)),
                ("DEPLOY.md", cloudflare_container_guide(stack)),
            ],
        },
        DeployPlatform::Aws => match apprunner_yaml(stack) {
            Some(config) => vec![
                ("apprunner.yaml", config),
                ("DEPLOY.md", aws_source_guide(stack)),
            ],
            None => vec![("DEPLOY.md", aws_image_guide(stack))],
        },
        DeployPlatform::Gcp => vec![
            ("app.yaml", app_yaml(stack)),
            ("DEPLOY.md", gcp_guide(stack)),
        ],
    };
    files
        .into_iter()
        .map(|(path, content)| (path.to_string(), content))
        .collect()
}

/// The port the stack's baseline Dockerfile listens on, and its health endpoint.
fn port(stack: Stack) -> u16 {
    match stack {
        Stack::NextJs | Stack::Node => 3000,
        Stack::PythonFastapi | Stack::PythonDjango => 8000,
        Stack::Go | Stack::Rust | Stack::JavaSpring => 8080,
    }
}

fn health_path(stack: Stack) -> &'static str {
    match stack {
        Stack::NextJs => "/",
        Stack::JavaSpring => "/actuator/health",
        _ => "/health",
    }
}

// ---------------------------------------------------------------------------------------------
// Vercel

const VERCEL_HEADERS: &str = r#"  "headers": [
    {
      "source": "/(.*)",
      "headers": [
        { "key": "X-Content-Type-Options", "value": "nosniff" },
        { "key": "X-Frame-Options", "value": "DENY" },
        { "key": "Referrer-Policy", "value": "strict-origin-when-cross-origin" },
        { "key": "Permissions-Policy", "value": "camera=(), microphone=(), geolocation=()" }
      ]
    }
  ]"#;

/// The function file of a stack deployed as one Vercel function.
fn vercel_entry(stack: Stack) -> Option<&'static str> {
    match stack {
        Stack::Node => Some("api/index.js"),
        Stack::PythonFastapi | Stack::PythonDjango => Some("api/index.py"),
        Stack::Go => Some("api/index.go"),
        Stack::Rust => Some("api/index.rs"),
        Stack::NextJs | Stack::JavaSpring => None,
    }
}

fn vercel_json(stack: Stack) -> String {
    let body = match (stack, vercel_entry(stack)) {
        (Stack::NextJs, _) => r#"  "framework": "nextjs",
  "installCommand": "npm ci",
  "buildCommand": "npm run build",
"#
        .to_string(),
        (_, Some(entry)) => {
            let install = match stack {
                Stack::Node => "  \"installCommand\": \"npm ci\",\n",
                _ => "",
            };
            format!(
                r#"  "framework": null,
{install}  "functions": {{
    "{entry}": {{ "maxDuration": 30 }}
  }},
  "rewrites": [{{ "source": "/(.*)", "destination": "/api" }}],
"#
            )
        }
        (_, None) => r#"  "framework": null,
  "outputDirectory": "public",
  "cleanUrls": true,
"#
        .to_string(),
    };
    format!(
        "{{\n  \"$schema\": \"https://openapi.vercel.sh/vercel.json\",\n{body}{VERCEL_HEADERS}\n}}\n"
    )
}

fn vercel_guide(stack: Stack) -> String {
    let how = match stack {
        Stack::NextJs => {
            "Vercel builds the Next.js app with `npm run build` and serves it natively.".to_string()
        }
        Stack::Node => {
            "The whole app runs as one function: `api/index.js` exports the Express (or other \
Node.js) app instead of calling `listen()` (`module.exports = require(\"../app\")`), and \
every path is rewritten to it."
                .to_string()
        }
        Stack::PythonFastapi => {
            "The whole app runs as one function: `api/index.py` exposes the ASGI app \
(`from main import app`), and every path is rewritten to it. List `fastapi` in \
`requirements.txt` at the repository root."
                .to_string()
        }
        Stack::PythonDjango => {
            "The whole app runs as one function: `api/index.py` exposes the WSGI app \
(`from config.wsgi import application as app`), and every path is rewritten to it. Serve \
static files with WhiteNoise (run `collectstatic` in the build) and keep `DEBUG` off."
                .to_string()
        }
        Stack::Go => {
            "The whole app runs as one function: `api/index.go` (package `handler`) exports \
`func Handler(w http.ResponseWriter, r *http.Request)` that serves the app's router, and \
every path is rewritten to it."
                .to_string()
        }
        Stack::Rust => {
            "The whole app runs as one function on Vercel's Rust runtime: `api/index.rs` is a \
`[[bin]]` of `Cargo.toml` built on the `vercel_runtime` crate, and every path is rewritten \
to it."
                .to_string()
        }
        Stack::JavaSpring => {
            "Vercel has no runtime for the JVM: it cannot run the Spring Boot service. \
This `vercel.json` only serves the static files of `public/` (a front end or the \
documentation) with security headers; deploy the service itself with `--platform aws` or \
`--platform gcp`."
                .to_string()
        }
    };
    format!(
        "# Deploying {name} to Vercel\n\n{how}\n\n`vercel.json` adds `X-Content-Type-Options`, \
`X-Frame-Options`, `Referrer-Policy` and `Permissions-Policy` to every response; Vercel adds \
HSTS itself. Add a `Content-Security-Policy` once you know the origins the pages load from.\n\n\
```sh\nnpm install --global vercel\nvercel link\n# Secrets: stored encrypted by Vercel, never in vercel.json\nvercel env add APP_SECRET production\n\
vercel deploy            # a preview deployment\nvercel deploy --prod     # production\n```\n",
        name = stack.display_name()
    )
}

// ---------------------------------------------------------------------------------------------
// Cloudflare

const WRANGLER_NEXTJS: &str = r#"# Next.js on Cloudflare Workers through the OpenNext adapter (@opennextjs/cloudflare).
name = "app"
main = ".open-next/worker.js"
compatibility_date = "2026-11-01"
compatibility_flags = ["nodejs_compat", "global_fetch_strictly_public"]

[assets]
directory = ".open-next/assets"
binding = "ASSETS"

[observability]
enabled = true

# Only non-secret values here; secrets: npx wrangler secret put NAME
[vars]
NODE_ENV = "production"
"#;

const WRANGLER_CONTAINER: &str = r#"# A Worker in front of a Cloudflare Container that runs the application's Dockerfile.
name = "app"
main = "cloudflare/worker.js"
compatibility_date = "2026-11-01"

[observability]
enabled = true

[[containers]]
class_name = "AppContainer"
image = "./Dockerfile"
max_instances = 5

[[durable_objects.bindings]]
name = "APP"
class_name = "AppContainer"

[[migrations]]
tag = "v1"
new_sqlite_classes = ["AppContainer"]

# Only non-secret values here; secrets: npx wrangler secret put NAME
[vars]
LOG_LEVEL = "info"
"#;

fn container_worker(stack: Stack) -> String {
    format!(
        r#"// Forwards every request to the application's container (built from ./Dockerfile).
import {{ Container, getContainer }} from "@cloudflare/containers";

export class AppContainer extends Container {{
  // The port the {name} baseline Dockerfile listens on.
  defaultPort = {port};
  // Stop the container after ten idle minutes; the next request starts it again.
  sleepAfter = "10m";
}}

export default {{
  async fetch(request, env) {{
    return getContainer(env.APP).fetch(request);
  }},
}};
"#,
        name = stack.display_name(),
        port = port(stack)
    )
}

const CLOUDFLARE_NEXTJS_GUIDE: &str = r#"# Deploying Next.js to Cloudflare

The app runs on Cloudflare Workers through the OpenNext adapter: `opennextjs-cloudflare build`
turns the Next.js build into `.open-next/worker.js` and its static assets, which
`wrangler.toml` deploys. The adapter needs an `open-next.config.ts` at the root
(`export default defineCloudflareConfig();` from `@opennextjs/cloudflare`).

```sh
npm install --save-dev @opennextjs/cloudflare wrangler
npx wrangler login
# Secrets: stored by Cloudflare, never in wrangler.toml
npx wrangler secret put APP_SECRET
npx opennextjs-cloudflare build
npx opennextjs-cloudflare deploy
```

Rename `name` in `wrangler.toml` to the Worker's name before the first deployment.
"#;

fn cloudflare_container_guide(stack: Stack) -> String {
    format!(
        r#"# Deploying {name} to Cloudflare

The service runs in a Cloudflare Container built from the repository's `Dockerfile`; the
Worker `cloudflare/worker.js` receives every request and forwards it to the container on port
{port}. Containers need a Workers Paid plan and Docker on the machine that deploys.

```sh
npm install --save-dev wrangler @cloudflare/containers
npx wrangler login
# Secrets: stored by Cloudflare, never in wrangler.toml. Pass them to the container through
# the AppContainer class (`envVars`) in cloudflare/worker.js.
npx wrangler secret put APP_SECRET
npx wrangler deploy
```

Rename `name` in `wrangler.toml` to the Worker's name before the first deployment. The
container's health endpoint is `{health}`.
"#,
        name = stack.display_name(),
        port = port(stack),
        health = health_path(stack)
    )
}

// ---------------------------------------------------------------------------------------------
// AWS

const SECRET_ARN: &str = "arn:aws:secretsmanager:REGION:ACCOUNT_ID:secret:APP_SECRET";

fn apprunner_yaml(stack: Stack) -> Option<String> {
    let (runtime, version, build, pre_run, command, env) = match stack {
        Stack::NextJs => (
            "nodejs22",
            "22",
            "      - npm ci\n      - npm run build\n",
            "",
            "npm run start",
            "    - name: NODE_ENV\n      value: production\n",
        ),
        Stack::Node => (
            "nodejs22",
            "22",
            "      - npm ci --omit=dev\n",
            "",
            "node server.js",
            "    - name: NODE_ENV\n      value: production\n",
        ),
        Stack::PythonFastapi => (
            "python311",
            "3.11",
            "      - pip3 install -r requirements.txt\n",
            "  pre-run:\n    - pip3 install -r requirements.txt\n",
            "uvicorn main:app --host 0.0.0.0 --port 8000 --proxy-headers",
            "    - name: PYTHONUNBUFFERED\n      value: \"1\"\n",
        ),
        Stack::PythonDjango => (
            "python311",
            "3.11",
            "      - pip3 install -r requirements.txt\n",
            "  pre-run:\n    - pip3 install -r requirements.txt\n    - python3 manage.py collectstatic --noinput\n",
            "gunicorn config.wsgi:application --bind 0.0.0.0:8000 --workers 3 --access-logfile -",
            "    - name: PYTHONUNBUFFERED\n      value: \"1\"\n    - name: DJANGO_SETTINGS_MODULE\n      value: config.settings\n",
        ),
        Stack::Go | Stack::Rust | Stack::JavaSpring => return None,
    };
    Some(format!(
        r#"# AWS App Runner, service built from source (managed runtime {runtime}).
# Secrets come from Secrets Manager at runtime: replace the ARN below with
# `terraform output -raw app_secret_arn` (infra/ baseline).
version: 1.0
runtime: {runtime}
build:
  commands:
    build:
{build}run:
  runtime-version: "{version}"
{pre_run}  command: {command}
  network:
    port: {port}
  env:
{env}  secrets:
    - name: APP_SECRET
      value-from: "{SECRET_ARN}"
"#,
        port = port(stack)
    ))
}

const APP_RUNNER_AVAILABILITY: &str = "App Runner no longer accepts new customers since \
2026-04-30: accounts that already use it keep full access. A new AWS account runs the same \
container image on Amazon ECS (Express Mode or Fargate) instead.";

fn aws_source_guide(stack: Stack) -> String {
    format!(
        r#"# Deploying {name} to AWS App Runner

{APP_RUNNER_AVAILABILITY}

App Runner builds the service from the repository with `apprunner.yaml` (source-code
service, configuration source `REPOSITORY`). The `infra/` Terraform baseline creates the
Secrets Manager secret whose ARN `apprunner.yaml` references.

```sh
terraform -chdir=infra apply
terraform -chdir=infra output -raw app_secret_arn   # put it in apprunner.yaml
# Connect the GitHub repository once (then complete the handshake in the console):
aws apprunner create-connection --connection-name github --provider-type GITHUB
# Create the service from the console or with `aws apprunner create-service`, choosing
# "use the configuration file" (ConfigurationSource REPOSITORY), port {port}, and an instance
# role allowed to read the secret (secretsmanager:GetSecretValue, kms:Decrypt).
```

App Runner terminates TLS and redirects HTTP to HTTPS itself; the health check should point
at `{health}`.
"#,
        name = stack.display_name(),
        port = port(stack),
        health = health_path(stack)
    )
}

fn aws_image_guide(stack: Stack) -> String {
    let why = match stack {
        Stack::Go => "App Runner's Go managed runtime (Go 1.18) is retired",
        Stack::Rust => "App Runner has no managed runtime for Rust",
        _ => "App Runner's Java runtimes (Corretto 8 and 11) are too old for Spring Boot 3",
    };
    format!(
        r#"# Deploying {name} to AWS

{why}, so the service deploys the image built from the repository's `Dockerfile` and pushed
to the ECR repository of the `infra/` Terraform baseline (immutable tags, scanned on push).

{APP_RUNNER_AVAILABILITY}

```sh
terraform -chdir=infra apply
REPO=$(terraform -chdir=infra output -raw ecr_repository_url)
TAG=$(git rev-parse --short HEAD)
aws ecr get-login-password | docker login --username AWS --password-stdin "${{REPO%%/*}}"
docker build -t "$REPO:$TAG" .
docker push "$REPO:$TAG"
# App Runner (existing customers): an image-based service on port {port}, with an access role
# that can pull from ECR and the app secret passed as RuntimeEnvironmentSecrets:
aws apprunner create-service --service-name app --source-configuration \
  "ImageRepository={{ImageIdentifier=$REPO:$TAG,ImageRepositoryType=ECR,ImageConfiguration={{Port={port}}}}},AuthenticationConfiguration={{AccessRoleArn=<ecr access role arn>}}"
```

In CI, push with the `ci_role_arn` output (GitHub OIDC) instead of long-lived keys. The
health check should point at `{health}`.
"#,
        name = stack.display_name(),
        port = port(stack),
        health = health_path(stack)
    )
}

// ---------------------------------------------------------------------------------------------
// GCP

const APP_ENGINE_HTTPS_HANDLER: &str = "  - url: /.*\n    script: auto\n    secure: always\n";

fn app_yaml(stack: Stack) -> String {
    let standard = |runtime: &str, entrypoint: Option<&str>, env: &str, handlers: &str| {
        let entrypoint = entrypoint.map_or(String::new(), |e| format!("entrypoint: {e}\n"));
        format!(
            r#"# Google App Engine, standard environment.
runtime: {runtime}
instance_class: F2
{entrypoint}
automatic_scaling:
  min_instances: 0
  max_instances: 10
  target_cpu_utilization: 0.65

# Only non-secret values here: read secrets from Secret Manager at startup.
env_variables:
{env}
handlers:
{handlers}"#
        )
    };
    match stack {
        Stack::NextJs => standard(
            "nodejs22",
            None,
            "  NODE_ENV: production\n",
            APP_ENGINE_HTTPS_HANDLER,
        ),
        Stack::Node => standard(
            "nodejs22",
            Some("node server.js"),
            "  NODE_ENV: production\n",
            APP_ENGINE_HTTPS_HANDLER,
        ),
        Stack::PythonFastapi => standard(
            "python312",
            Some("uvicorn main:app --host 0.0.0.0 --port $PORT --proxy-headers"),
            "  PYTHONUNBUFFERED: \"1\"\n",
            APP_ENGINE_HTTPS_HANDLER,
        ),
        Stack::PythonDjango => standard(
            "python312",
            Some("gunicorn --bind :$PORT --workers 2 config.wsgi:application"),
            "  PYTHONUNBUFFERED: \"1\"\n  DJANGO_SETTINGS_MODULE: config.settings\n",
            &format!(
                "  - url: /static\n    static_dir: staticfiles/\n    secure: always\n{APP_ENGINE_HTTPS_HANDLER}"
            ),
        ),
        Stack::Go | Stack::Rust | Stack::JavaSpring => format!(
            r#"# Google App Engine, flexible environment, running the repository's Dockerfile.
runtime: custom
env: flex

resources:
  cpu: 1
  memory_gb: 1
  disk_size_gb: 10

automatic_scaling:
  min_num_instances: 1
  max_num_instances: 4
  cool_down_period_sec: 120
  cpu_utilization:
    target_utilization: 0.6

liveness_check:
  path: "{health}"
readiness_check:
  path: "{health}"

# Only non-secret values here: read secrets from Secret Manager at startup.
env_variables:
  LOG_LEVEL: info
"#,
            health = health_path(stack)
        ),
    }
}

fn gcp_guide(stack: Stack) -> String {
    let how = match stack {
        Stack::NextJs => {
            "The standard environment runs `npm start` after building with the `gcp-build` \
script of `package.json`: set it to `next build`, and `start` to `next start` (Next.js \
listens on `$PORT`)."
        }
        Stack::Node => {
            "The standard environment installs the dependencies and runs `node server.js`, \
which must listen on `$PORT`."
        }
        Stack::PythonFastapi => {
            "The standard environment installs `requirements.txt` (list `uvicorn` \
there) and runs uvicorn on `$PORT`."
        }
        Stack::PythonDjango => {
            "The standard environment installs `requirements.txt` (list `gunicorn` \
there) and runs gunicorn on `$PORT`; run `python manage.py collectstatic` before deploying \
so `staticfiles/` is uploaded, and run migrations from CI or Cloud Run jobs."
        }
        Stack::Go | Stack::Rust | Stack::JavaSpring => {
            "The flexible environment builds the repository's \
`Dockerfile` and sends traffic to port 8080; the health checks call the path in `app.yaml`. \
Flexible instances do not scale to zero. Redirect HTTP to HTTPS in the application (the \
`X-Forwarded-Proto` header tells the scheme)."
        }
    };
    format!(
        r#"# Deploying {name} to Google App Engine

{how}

```sh
gcloud auth login
gcloud config set project PROJECT_ID
gcloud app create --region=europe-west1   # once per project
# Secrets: in Secret Manager, read at startup by the app's service account
gcloud secrets create APP_SECRET --replication-policy=automatic
gcloud app deploy app.yaml
gcloud app browse
```
"#,
        name = stack.display_name()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_alias_parses_and_errors_list_the_platforms() {
        for (name, platform) in [
            ("vercel", DeployPlatform::Vercel),
            ("CF", DeployPlatform::Cloudflare),
            ("pages", DeployPlatform::Cloudflare),
            ("apprunner", DeployPlatform::Aws),
            ("aws", DeployPlatform::Aws),
            (" AppEngine ", DeployPlatform::Gcp),
            ("google", DeployPlatform::Gcp),
        ] {
            assert_eq!(DeployPlatform::parse(name), Ok(platform), "{name}");
        }
        for platform in DeployPlatform::ALL {
            assert_eq!(platform.as_str().parse::<DeployPlatform>(), Ok(platform));
        }
        let msg = DeployPlatform::parse("heroku").unwrap_err().to_string();
        for platform in DeployPlatform::ALL {
            assert!(msg.contains(platform.as_str()), "{msg}");
        }
    }

    #[test]
    fn every_combination_has_a_guide_and_is_deterministic() {
        for stack in Stack::ALL {
            for platform in DeployPlatform::ALL {
                let files = deployment_baseline(stack, platform);
                assert!(
                    files.iter().any(|(p, _)| p == "DEPLOY.md"),
                    "{stack} {platform}"
                );
                assert_eq!(files, deployment_baseline(stack, platform));
            }
        }
    }
}
