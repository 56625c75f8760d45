//! The helper scripts, PowerShell first (seed 000: Windows-first) with bash equivalents
//! taking the same options, and `.env.example`.

use super::Selection;
use super::app::App;
use crate::stack::Stack;

const COMPOSE_DEV: &str = "docker/docker-compose.dev.yml";

/// The URLs a developer opens, for the end of `dev_up`.
fn urls(app: &App, sel: &Selection) -> Vec<(String, String)> {
    let mut out = vec![(
        app.service.to_string(),
        format!("http://localhost:{}", app.port),
    )];
    if sel.frontend {
        out.push(("frontend".into(), "http://localhost:5173".into()));
    }
    if sel.caddy {
        out.push(("caddy".into(), "https://localhost".into()));
    }
    if sel.grafana {
        out.push(("grafana".into(), "http://localhost:3001".into()));
    }
    if sel.prometheus {
        out.push(("prometheus".into(), "http://localhost:9090".into()));
    }
    out
}

/// `tools/dev/dev_up.ps1`.
pub(crate) fn dev_up_ps1(app: &App, sel: &Selection) -> String {
    let mut out = String::from(
        r#"# Starts the development stack (docker/docker-compose.dev.yml) and waits until every
# service is healthy.
# Usage: pwsh -File tools/dev/dev_up.ps1 [-WithSeed] [-NoBuild]
#Requires -Version 7.0
param(
    [switch]$WithSeed,
    [switch]$NoBuild
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

Push-Location (Resolve-Path (Join-Path $PSScriptRoot "../.."))
try {
    if (-not (Test-Path ".env")) {
        throw "No .env file: copy .env.example to .env and fill in the values."
    }

    $upArgs = @("up", "-d", "--wait")
    if (-not $NoBuild) { $upArgs += "--build" }

    Write-Host "Starting the dev stack..."
"#,
    );
    out.push_str(&format!(
        "    docker compose --env-file .env -f {COMPOSE_DEV} @upArgs\n"
    ));
    out.push_str(
        r#"    if ($LASTEXITCODE -ne 0) { throw "docker compose up failed (exit code $LASTEXITCODE)" }

    if ($WithSeed) {
        $seed = Join-Path $PSScriptRoot "seed.ps1"
        if (-not (Test-Path $seed)) { throw "-WithSeed: $seed does not exist" }
        & pwsh -NoProfile -File $seed
        if ($LASTEXITCODE -ne 0) { throw "seed.ps1 failed (exit code $LASTEXITCODE)" }
    }

    Write-Host "Dev stack is up:"
"#,
    );
    for (name, url) in urls(app, sel) {
        out.push_str(&format!("    Write-Host \"  {name:<11} {url}\"\n"));
    }
    out.push_str("} finally {\n    Pop-Location\n}\n");
    out
}

/// `tools/dev/dev_up.sh`.
pub(crate) fn dev_up_sh(app: &App, sel: &Selection) -> String {
    let mut out = String::from(
        r#"#!/usr/bin/env bash
# Starts the development stack (docker/docker-compose.dev.yml) and waits until every
# service is healthy.
# Usage: tools/dev/dev_up.sh [--with-seed] [--no-build]
set -euo pipefail

with_seed=false
build=true
for arg in "$@"; do
  case "$arg" in
    --with-seed) with_seed=true ;;
    --no-build) build=false ;;
    *) echo "unknown option: $arg (use --with-seed, --no-build)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "${BASH_SOURCE[0]}")/../.."

if [[ ! -f .env ]]; then
  echo "No .env file: copy .env.example to .env and fill in the values." >&2
  exit 1
fi

up_args=(up -d --wait)
if [[ "$build" == true ]]; then
  up_args+=(--build)
fi

echo "Starting the dev stack..."
"#,
    );
    out.push_str(&format!(
        "docker compose --env-file .env -f {COMPOSE_DEV} \"${{up_args[@]}}\"\n"
    ));
    out.push_str(
        r#"
if [[ "$with_seed" == true ]]; then
  if [[ ! -f tools/dev/seed.sh ]]; then
    echo "--with-seed: tools/dev/seed.sh does not exist" >&2
    exit 1
  fi
  bash tools/dev/seed.sh
fi

echo "Dev stack is up:"
"#,
    );
    for (name, url) in urls(app, sel) {
        out.push_str(&format!("echo \"  {name:<11} {url}\"\n"));
    }
    out
}

/// `tools/dev/dev_down.ps1`.
pub(crate) fn dev_down_ps1() -> String {
    format!(
        r#"# Stops the development stack. Data volumes are kept unless -Volumes is given.
# Usage: pwsh -File tools/dev/dev_down.ps1 [-Volumes]
#Requires -Version 7.0
param(
    [switch]$Volumes
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

Push-Location (Resolve-Path (Join-Path $PSScriptRoot "../.."))
try {{
    $composeArgs = @()
    if (Test-Path ".env") {{ $composeArgs += @("--env-file", ".env") }}
    $downArgs = @("down", "--remove-orphans")
    if ($Volumes) {{ $downArgs += "--volumes" }}

    Write-Host "Stopping the dev stack..."
    docker compose @composeArgs -f {COMPOSE_DEV} @downArgs
    if ($LASTEXITCODE -ne 0) {{ throw "docker compose down failed (exit code $LASTEXITCODE)" }}
}} finally {{
    Pop-Location
}}
"#
    )
}

/// `tools/dev/dev_down.sh`.
pub(crate) fn dev_down_sh() -> String {
    format!(
        r#"#!/usr/bin/env bash
# Stops the development stack. Data volumes are kept unless --volumes is given.
# Usage: tools/dev/dev_down.sh [--volumes]
set -euo pipefail

down_args=(down --remove-orphans)
for arg in "$@"; do
  case "$arg" in
    --volumes) down_args+=(--volumes) ;;
    *) echo "unknown option: $arg (use --volumes)" >&2; exit 2 ;;
  esac
done

cd "$(dirname "${{BASH_SOURCE[0]}}")/../.."

compose_args=()
if [[ -f .env ]]; then
  compose_args+=(--env-file .env)
fi

echo "Stopping the dev stack..."
# ${{a[@]+"${{a[@]}}"}}: an empty array under `set -u` on bash 3.2 (macOS).
docker compose ${{compose_args[@]+"${{compose_args[@]}}"}} -f {COMPOSE_DEV} "${{down_args[@]}}"
"#
    )
}

/// The endpoints the smoke test calls: (name, parameter, default URL, path).
fn smoke_targets(app: &App, sel: &Selection) -> Vec<(&'static str, &'static str, String, String)> {
    let mut out = vec![(
        "Application health",
        "AppUrl",
        format!("http://localhost:{}", app.port),
        app.health.to_string(),
    )];
    if sel.frontend {
        out.push((
            "Frontend",
            "FrontendUrl",
            "http://localhost:5173".into(),
            "/".into(),
        ));
    }
    if sel.caddy {
        out.push((
            "Reverse proxy",
            "ProxyUrl",
            "https://localhost".into(),
            "/".into(),
        ));
    }
    out
}

/// `tools/dev/smoke.ps1`.
pub(crate) fn smoke_ps1(app: &App, sel: &Selection) -> String {
    let targets = smoke_targets(app, sel);
    let mut out = String::from(
        "# Smoke test of the running dev stack: each endpoint must answer 2xx.\n\
         # Usage: pwsh -File tools/dev/smoke.ps1 [-AppUrl URL]",
    );
    for (_, param, _, _) in targets.iter().skip(1) {
        out.push_str(&format!(" [-{param} URL]"));
    }
    out.push_str("\n#Requires -Version 7.0\nparam(\n");
    for (_, param, default, _) in &targets {
        out.push_str(&format!("    [string]${param} = \"{default}\",\n"));
    }
    out.push_str("    [int]$TimeoutSec = 10\n)\n");
    out.push_str(
        r#"$ErrorActionPreference = "Stop"
Set-StrictMode -Version Latest

function Test-Endpoint {
    param([string]$Name, [string]$Url)
    $request = @{ Uri = $Url; TimeoutSec = $TimeoutSec; UseBasicParsing = $true }
    # The dev proxy's certificate comes from Caddy's local CA.
    if ($Url.StartsWith("https://localhost")) { $request.SkipCertificateCheck = $true }
    try {
        $response = Invoke-WebRequest @request
    } catch {
        throw "$Name failed: $Url ($($_.Exception.Message))"
    }
    if ($response.StatusCode -lt 200 -or $response.StatusCode -ge 300) {
        throw "$Name failed: $Url answered $($response.StatusCode)"
    }
    Write-Host "OK  $Name  $Url"
}

Write-Host "Running smoke tests..."
"#,
    );
    for (name, param, _, path) in &targets {
        out.push_str(&format!("Test-Endpoint \"{name}\" \"${param}{path}\"\n"));
    }
    out.push_str("Write-Host \"Smoke tests passed.\"\n");
    out
}

/// `tools/dev/smoke.sh`.
pub(crate) fn smoke_sh(app: &App, sel: &Selection) -> String {
    let targets = smoke_targets(app, sel);
    let variable = |param: &str| match param {
        "AppUrl" => "APP_URL",
        "FrontendUrl" => "FRONTEND_URL",
        _ => "PROXY_URL",
    };
    let mut out = String::from(
        "#!/usr/bin/env bash\n\
         # Smoke test of the running dev stack: each endpoint must answer 2xx.\n\
         # Usage: tools/dev/smoke.sh (override URLs with",
    );
    for (_, param, _, _) in &targets {
        out.push_str(&format!(" {}=...", variable(param)));
    }
    out.push_str(")\nset -euo pipefail\n\n");
    for (_, param, default, _) in &targets {
        let var = variable(param);
        out.push_str(&format!("{var}=\"${{{var}:-{default}}}\"\n"));
    }
    out.push_str(
        r#"TIMEOUT="${TIMEOUT:-10}"

check() {
  local name="$1" url="$2" insecure=()
  # The dev proxy's certificate comes from Caddy's local CA.
  if [[ "$url" == https://localhost* ]]; then
    insecure=(--insecure)
  fi
  # ${a[@]+"${a[@]}"}: an empty array under `set -u` on bash 3.2 (macOS).
  if ! curl -fsS -o /dev/null --max-time "$TIMEOUT" ${insecure[@]+"${insecure[@]}"} "$url"; then
    echo "$name failed: $url" >&2
    exit 1
  fi
  echo "OK  $name  $url"
}

echo "Running smoke tests..."
"#,
    );
    for (name, param, _, path) in &targets {
        out.push_str(&format!(
            "check \"{name}\" \"${{{}}}{path}\"\n",
            variable(param)
        ));
    }
    out.push_str("echo \"Smoke tests passed.\"\n");
    out
}

/// `.env.example`: every variable the compose files read, with placeholder values.
pub(crate) fn env_example(stack: Stack, app: &App, sel: &Selection) -> String {
    let mut out = String::from(
        "# Copy to .env (never committed: keep .env in .gitignore) and replace every placeholder.\n\
         # Read by docker/docker-compose.dev.yml and docker/docker-compose.prod.yml through\n\
         # `docker compose --env-file .env ...` (the tools/dev scripts pass it).\n\n\
         # Version tag of the images built for production.\n\
         APP_VERSION=0.1.0\n",
    );
    if app.service == "frontend" || sel.frontend {
        out.push_str("FRONTEND_IMAGE=app/frontend\n");
    }
    if app.service == "backend" {
        out.push_str("BACKEND_IMAGE=app/backend\n");
    }
    if stack == Stack::PythonDjango {
        out.push_str(
            "\n# Django: a long random string, e.g. python -c \"import secrets; print(secrets.token_urlsafe(50))\"\n\
             DJANGO_SECRET_KEY=replace-with-a-long-random-string\n",
        );
    }
    if sel.postgres {
        out.push_str(
            "\n# PostgreSQL\nPOSTGRES_USER=app\nPOSTGRES_DB=app\nPOSTGRES_PASSWORD=replace-with-a-long-random-password\n",
        );
    }
    if sel.redis {
        out.push_str(
            "\n# Redis (the production stack requires a password)\nREDIS_PASSWORD=replace-with-a-long-random-password\n",
        );
    }
    if sel.caddy {
        out.push_str(
            "\n# Caddy (production): the public domain and the contact for Let's Encrypt\nDOMAIN=app.example.com\nACME_EMAIL=ops@example.com\n",
        );
        if sel.grafana {
            out.push_str("GRAFANA_DOMAIN=grafana.example.com\n");
        }
    }
    if sel.grafana {
        out.push_str(
            "\n# Grafana administrator\nGRAFANA_ADMIN_USER=admin\nGRAFANA_ADMIN_PASSWORD=replace-with-a-long-random-password\n",
        );
    }
    out
}
