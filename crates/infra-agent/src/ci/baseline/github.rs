//! The GitHub Actions baseline: `ci.yml`, `deploy.yml` and `dependabot.yml`.

use std::fmt::Write as _;

use super::toolchain::Toolchain;
use super::{DeployTarget, pinned, yaml_str};
use crate::stack::Stack;

/// One step of a job, rendered in a fixed key order.
#[derive(Debug, Clone, Default)]
pub(super) struct Step {
    name: String,
    id: Option<&'static str>,
    if_cond: Option<&'static str>,
    uses: Option<String>,
    with: Vec<(&'static str, String)>,
    env: Vec<(&'static str, String)>,
    shell: Option<&'static str>,
    run: Option<String>,
}

impl Step {
    /// A step named `name`.
    pub(super) fn named(name: &str) -> Self {
        Self {
            name: name.to_string(),
            ..Self::default()
        }
    }

    /// Use an action (a pinned `owner/repo@sha # vX` from [`super::pinned`]).
    pub(super) fn uses(mut self, uses: String) -> Self {
        self.uses = Some(uses);
        self
    }

    /// Add a `with` input.
    pub(super) fn with(mut self, key: &'static str, value: &str) -> Self {
        self.with.push((key, value.to_string()));
        self
    }

    /// Add an environment variable.
    pub(super) fn env(mut self, key: &'static str, value: &str) -> Self {
        self.env.push((key, value.to_string()));
        self
    }

    /// Run a script (lines separated by `\n`).
    pub(super) fn run(mut self, script: &str) -> Self {
        self.run = Some(script.to_string());
        self
    }

    fn id(mut self, id: &'static str) -> Self {
        self.id = Some(id);
        self
    }

    fn when(mut self, cond: &'static str) -> Self {
        self.if_cond = Some(cond);
        self
    }

    fn shell(mut self, shell: &'static str) -> Self {
        self.shell = Some(shell);
        self
    }

    fn render(&self, out: &mut String) {
        let _ = writeln!(out, "      - name: {}", yaml_str(&self.name));
        if let Some(id) = self.id {
            let _ = writeln!(out, "        id: {id}");
        }
        if let Some(cond) = self.if_cond {
            let _ = writeln!(out, "        if: {cond}");
        }
        if let Some(uses) = &self.uses {
            let _ = writeln!(out, "        uses: {uses}");
        }
        map("with", &self.with, 8, out);
        map("env", &self.env, 8, out);
        if let Some(shell) = self.shell {
            let _ = writeln!(out, "        shell: {shell}");
        }
        if let Some(run) = &self.run {
            if run.contains('\n') {
                out.push_str("        run: |\n");
                for line in run.lines() {
                    let _ = writeln!(out, "          {line}");
                }
            } else {
                let _ = writeln!(out, "        run: {}", yaml_str(run));
            }
        }
    }
}

fn map(key: &str, entries: &[(&'static str, String)], indent: usize, out: &mut String) {
    if entries.is_empty() {
        return;
    }
    let pad = " ".repeat(indent);
    let _ = writeln!(out, "{pad}{key}:");
    for (k, v) in entries {
        // Expressions, booleans and counts are written plain, as GitHub's own examples do
        // (`with` inputs reach the action as strings either way).
        let plain = v.starts_with("${{")
            || v == "true"
            || v == "false"
            || (!v.is_empty() && v.len() < 4 && v.bytes().all(|b| b.is_ascii_digit()));
        let value = if plain { v.clone() } else { yaml_str(v) };
        let _ = writeln!(out, "{pad}  {k}: {value}");
    }
}

fn checkout() -> Step {
    // Without persist-credentials, the token is not left in .git/config for later steps.
    Step::named("Check out")
        .uses(pinned("actions/checkout"))
        .with("persist-credentials", "false")
}

/// A job header: id, name, needs, runner, timeout, optional permissions/environment/env.
struct Job<'a> {
    id: &'a str,
    name: &'a str,
    needs: &'a [&'a str],
    timeout: u32,
    permissions: &'a [(&'a str, &'a str)],
    environment: bool,
    env: Vec<(&'static str, String)>,
    steps: Vec<Step>,
}

impl Job<'_> {
    fn render(&self, out: &mut String) {
        let _ = writeln!(out, "  {}:", self.id);
        let _ = writeln!(out, "    name: {}", yaml_str(self.name));
        if !self.needs.is_empty() {
            let _ = writeln!(out, "    needs: [{}]", self.needs.join(", "));
        }
        out.push_str("    runs-on: ubuntu-24.04\n");
        let _ = writeln!(out, "    timeout-minutes: {}", self.timeout);
        if !self.permissions.is_empty() {
            out.push_str("    permissions:\n");
            for (scope, level) in self.permissions {
                let why = match *scope {
                    "id-token" => "  # OIDC token for the cloud login: no stored cloud keys",
                    "contents" => "  # read the repository",
                    _ => "",
                };
                let _ = writeln!(out, "      {scope}: {level}{why}");
            }
        }
        if self.environment {
            out.push_str(
                "    environment:\n      name: production\n      url: ${{ vars.PRODUCTION_URL }}\n",
            );
        }
        map("env", &self.env, 4, out);
        out.push_str("    steps:\n");
        for step in &self.steps {
            step.render(out);
        }
    }
}

/// The directory of the coverage report, to keep it all as an artifact.
pub(super) fn coverage_dir(tools: &Toolchain) -> String {
    match tools.coverage_path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => tools.coverage_path.to_string(),
    }
}

fn commands(name: &str, cmds: &[&str]) -> Step {
    Step::named(name).run(&cmds.join("\n"))
}

/// The workflow files.
pub(super) fn files(
    stack: Stack,
    tools: &Toolchain,
    deploy: DeployTarget,
) -> Vec<(String, String)> {
    let mut files = vec![(
        ".github/workflows/ci.yml".to_string(),
        ci(stack, tools, deploy),
    )];
    if deploy != DeployTarget::None {
        files.push((
            ".github/workflows/deploy.yml".to_string(),
            deploy_workflow(stack, tools, deploy),
        ));
    }
    files.push((".github/dependabot.yml".to_string(), dependabot(tools)));
    files
}

fn ci(stack: Stack, tools: &Toolchain, deploy: DeployTarget) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# CI for a {} service: lint, tests with a coverage guard (>= 70%), build, Docker image.",
        stack.display_name()
    );
    out.push_str(
        "# Generated by devops-squad. Actions are pinned to full commit SHAs (tag in the comment);\n\
         # Dependabot (.github/dependabot.yml) or `pinact run --update` keeps the pins current.\n\
         name: CI\n\n\
         on:\n  pull_request:\n",
    );
    if deploy == DeployTarget::None {
        out.push_str("  push:\n    branches: [main]\n");
    } else {
        out.push_str(
            "  # Pushes to main run this workflow from deploy.yml, before deploying.\n  workflow_call:\n",
        );
    }
    out.push_str(
        "\npermissions:\n  contents: read\n\n\
         concurrency:\n  group: ci-${{ github.workflow }}-${{ github.ref }}\n  \
         cancel-in-progress: ${{ github.event_name == 'pull_request' }}\n\njobs:\n",
    );
    let setup = |mut steps: Vec<Step>| {
        let mut all = vec![checkout()];
        all.extend(tools.gh_setup.iter().cloned());
        all.push(commands("Install dependencies", &tools.install));
        all.append(&mut steps);
        all
    };
    let jobs = [
        Job {
            id: "lint",
            name: "Lint",
            needs: &[],
            timeout: 10,
            permissions: &[],
            environment: false,
            env: vec![],
            steps: setup(vec![commands("Lint", &tools.lint)]),
        },
        Job {
            id: "test",
            name: "Test (coverage >= 70%)",
            needs: &[],
            timeout: 20,
            permissions: &[],
            environment: false,
            env: vec![],
            steps: setup(vec![
                commands("Test with coverage", &tools.test),
                Step::named("Coverage guard (>= 70%)")
                    .shell("pwsh")
                    .run(&format!(
                        "./tools/guards/coverage_guard.ps1 -Format {} -Path {} -Min 70",
                        tools.coverage_format, tools.coverage_path
                    )),
                Step::named("Upload the coverage report")
                    .when("always()")
                    .uses(pinned("actions/upload-artifact"))
                    .with("name", "coverage")
                    .with("path", &coverage_dir(tools))
                    .with("retention-days", "7")
                    .with("if-no-files-found", "ignore"),
            ]),
        },
        Job {
            id: "build",
            name: "Build",
            needs: &["lint", "test"],
            timeout: 20,
            permissions: &[],
            environment: false,
            env: vec![],
            steps: setup(vec![commands("Build", &tools.build)]),
        },
        Job {
            id: "docker",
            name: "Docker image",
            needs: &["build"],
            timeout: 30,
            permissions: &[],
            environment: false,
            env: vec![],
            steps: vec![
                checkout(),
                Step::named("Set up Docker Buildx").uses(pinned("docker/setup-buildx-action")),
                Step::named("Build the image (not pushed)")
                    .uses(pinned("docker/build-push-action"))
                    .with("context", ".")
                    .with("push", "false")
                    .with("tags", "app:${{ github.sha }}")
                    .with("cache-from", "type=gha")
                    .with("cache-to", "type=gha,mode=max"),
            ],
        },
    ];
    for (i, job) in jobs.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        job.render(&mut out);
    }
    out
}

fn deploy_workflow(stack: Stack, tools: &Toolchain, deploy: DeployTarget) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Deploys the {} service to {} after CI passes on main.",
        stack.display_name(),
        deploy.display_name()
    );
    out.push_str(
        "# Generated by devops-squad. Secrets and variables named here are set in the repository\n\
         # settings (Settings > Secrets and variables > Actions) and the `production` environment.\n\
         name: Deploy\n\n\
         on:\n  push:\n    branches: [main]\n  workflow_dispatch:\n\n\
         permissions:\n  contents: read\n\n\
         concurrency:\n  group: deploy-production\n  cancel-in-progress: false\n\n\
         jobs:\n  ci:\n    name: CI\n    uses: ./.github/workflows/ci.yml\n\n",
    );
    let js = matches!(stack, Stack::NextJs | Stack::Node);
    let node = || {
        Step::named("Set up Node.js")
            .uses(pinned("actions/setup-node"))
            .with("node-version", "22")
    };
    let job = match deploy {
        DeployTarget::Vercel => Job {
            id: "deploy",
            name: "Deploy to Vercel",
            needs: &["ci"],
            timeout: 20,
            permissions: &[],
            environment: true,
            env: vec![
                ("VERCEL_TOKEN", "${{ secrets.VERCEL_TOKEN }}".to_string()),
                ("VERCEL_ORG_ID", "${{ vars.VERCEL_ORG_ID }}".to_string()),
                ("VERCEL_PROJECT_ID", "${{ vars.VERCEL_PROJECT_ID }}".to_string()),
            ],
            steps: vec![
                checkout(),
                node(),
                Step::named("Install the Vercel CLI").run("npm install --global vercel@39.2.6"),
                Step::named("Pull the production settings")
                    .run("vercel pull --yes --environment=production --token=\"$VERCEL_TOKEN\""),
                Step::named("Build").run("vercel build --prod --token=\"$VERCEL_TOKEN\""),
                Step::named("Deploy the prebuilt output")
                    .run("vercel deploy --prebuilt --prod --token=\"$VERCEL_TOKEN\""),
            ],
        },
        DeployTarget::Cloudflare => {
            let mut steps = vec![checkout()];
            if js {
                steps.extend(tools.gh_setup.iter().cloned());
                steps.push(commands("Install dependencies", &tools.install));
            } else {
                steps.push(node());
            }
            steps.push(
                Step::named("Deploy with wrangler (wrangler.toml)")
                    .env("CLOUDFLARE_API_TOKEN", "${{ secrets.CLOUDFLARE_API_TOKEN }}")
                    .env("CLOUDFLARE_ACCOUNT_ID", "${{ vars.CLOUDFLARE_ACCOUNT_ID }}")
                    .run("npx --yes wrangler@3.99.0 deploy"),
            );
            Job {
                id: "deploy",
                name: "Deploy to Cloudflare Workers",
                needs: &["ci"],
                timeout: 20,
                permissions: &[],
                environment: true,
                env: vec![],
                steps,
            }
        }
        DeployTarget::Aws => Job {
            id: "deploy",
            name: "Deploy to AWS (ECR + ECS)",
            needs: &["ci"],
            timeout: 30,
            permissions: &[("contents", "read"), ("id-token", "write")],
            environment: true,
            env: vec![
                ("AWS_REGION", "${{ vars.AWS_REGION }}".to_string()),
                ("ECR_REPOSITORY", "${{ vars.ECR_REPOSITORY }}".to_string()),
                ("ECS_CLUSTER", "${{ vars.ECS_CLUSTER }}".to_string()),
                ("ECS_SERVICE", "${{ vars.ECS_SERVICE }}".to_string()),
            ],
            steps: vec![
                checkout(),
                Step::named("Configure AWS credentials (OIDC, no stored keys)")
                    .uses(pinned("aws-actions/configure-aws-credentials"))
                    .with("role-to-assume", "${{ vars.AWS_DEPLOY_ROLE_ARN }}")
                    .with("aws-region", "${{ vars.AWS_REGION }}"),
                Step::named("Log in to Amazon ECR").id("ecr").run(
                    "registry=\"$(aws sts get-caller-identity --query Account --output text).dkr.ecr.${AWS_REGION}.amazonaws.com\"\n\
                     aws ecr get-login-password | docker login --username AWS --password-stdin \"$registry\"\n\
                     echo \"registry=$registry\" >> \"$GITHUB_OUTPUT\"",
                ),
                Step::named("Build and push the image")
                    .id("image")
                    .env("REGISTRY", "${{ steps.ecr.outputs.registry }}")
                    .run(
                        "image=\"$REGISTRY/$ECR_REPOSITORY:$GITHUB_SHA\"\n\
                         docker build --pull --tag \"$image\" .\n\
                         docker push \"$image\"\n\
                         echo \"image=$image\" >> \"$GITHUB_OUTPUT\"",
                    ),
                Step::named("Roll out a new task definition on ECS")
                    .env("IMAGE", "${{ steps.image.outputs.image }}")
                    .run(ECS_ROLLOUT),
            ],
        },
        DeployTarget::Gcp => Job {
            id: "deploy",
            name: "Deploy to Google App Engine",
            needs: &["ci"],
            timeout: 30,
            permissions: &[("contents", "read"), ("id-token", "write")],
            environment: true,
            env: vec![],
            steps: vec![
                checkout(),
                Step::named("Authenticate to Google Cloud (workload identity federation)")
                    .uses(pinned("google-github-actions/auth"))
                    .with(
                        "workload_identity_provider",
                        "${{ vars.GCP_WORKLOAD_IDENTITY_PROVIDER }}",
                    )
                    .with("service_account", "${{ vars.GCP_SERVICE_ACCOUNT }}"),
                Step::named("Set up gcloud").uses(pinned("google-github-actions/setup-gcloud")),
                Step::named("Deploy app.yaml")
                    .env("GCP_PROJECT_ID", "${{ vars.GCP_PROJECT_ID }}")
                    .run("gcloud app deploy app.yaml --project \"$GCP_PROJECT_ID\" --quiet --promote"),
            ],
        },
        DeployTarget::None => return out,
    };
    job.render(&mut out);
    out
}

/// Register a copy of the service's task definition with the new image, and roll it out.
pub(super) const ECS_ROLLOUT: &str = "\
task_def=\"$(aws ecs describe-services --cluster \"$ECS_CLUSTER\" --services \"$ECS_SERVICE\" --query 'services[0].taskDefinition' --output text)\"
aws ecs describe-task-definition --task-definition \"$task_def\" --query taskDefinition \\
  | jq --arg image \"$IMAGE\" '.containerDefinitions[0].image = $image | del(.taskDefinitionArn, .revision, .status, .requiresAttributes, .compatibilities, .registeredAt, .registeredBy)' \\
  > task-definition.json
new_def=\"$(aws ecs register-task-definition --cli-input-json file://task-definition.json --query taskDefinition.taskDefinitionArn --output text)\"
aws ecs update-service --cluster \"$ECS_CLUSTER\" --service \"$ECS_SERVICE\" --task-definition \"$new_def\"
aws ecs wait services-stable --cluster \"$ECS_CLUSTER\" --services \"$ECS_SERVICE\"";

fn dependabot(tools: &Toolchain) -> String {
    let mut out = String::from(
        "# Keeps the pinned action SHAs (and their version comments), the dependencies and the\n\
         # base images current. Generated by devops-squad.\n\
         version: 2\nupdates:\n",
    );
    for ecosystem in ["github-actions", tools.dependabot, "docker"] {
        let _ = writeln!(
            out,
            "  - package-ecosystem: {ecosystem}\n    directory: /\n    schedule:\n      interval: weekly"
        );
    }
    out
}
