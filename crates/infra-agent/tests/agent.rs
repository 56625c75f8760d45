//! Every infra task through the Agent trait and its typed method, offline and with a scripted
//! model that needs a repair round.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

use infra_agent::agent::CiTarget;
use infra_agent::ci::{CiPlatform, DeployTarget, ci_baseline};
use infra_agent::compose::compose_baseline;
use infra_agent::deploy::{DeployPlatform, deployment_baseline};
use infra_agent::terraform::{Cloud, terraform_baseline};
use infra_agent::{InfrastructureEngineerAgent, Stack};
use squad_core::agent::{Agent, AgentError, TaskRequest};
use squad_core::generate::{GenerateOptions, Generator, Mode};
use squad_core::prompt::PromptRegistry;
use squad_core::testkit::ScriptedClient;

fn offline() -> InfrastructureEngineerAgent {
    InfrastructureEngineerAgent::new(Generator::offline(Arc::new(
        PromptRegistry::embedded().unwrap(),
    )))
}

fn scripted(client: &ScriptedClient) -> InfrastructureEngineerAgent {
    let prompts = Arc::new(PromptRegistry::embedded().unwrap());
    InfrastructureEngineerAgent::new(Generator::new(
        Arc::new(client.clone()),
        prompts,
        GenerateOptions::default(),
    ))
}

#[tokio::test]
async fn dockerfile_offline_through_the_typed_method_for_every_stack() {
    let agent = offline();
    for stack in Stack::ALL {
        let outcome = agent
            .generate_dockerfile(stack, "small image")
            .await
            .unwrap();
        assert_eq!(outcome.mode, Mode::Offline);
        assert!(
            outcome.findings.is_empty(),
            "{stack:?}: {:?}",
            outcome.findings
        );
        let dockerfile = outcome.artifact("Dockerfile").unwrap();
        assert_eq!(dockerfile.kind.as_deref(), Some("dockerfile"));
    }
}

#[tokio::test]
async fn dockerfile_offline_through_the_agent_trait() {
    let agent: Box<dyn Agent> = Box::new(offline());
    let outcome = agent
        .run(TaskRequest::new("dockerfile").input("stack", "fastapi"))
        .await
        .unwrap();
    assert!(
        outcome
            .artifact("Dockerfile")
            .unwrap()
            .content
            .contains("python")
    );
    assert_eq!(outcome.prompt, "infrastructure.dockerfile@v1");

    let err = agent
        .run(TaskRequest::new("dockerfile").input("stack", "cobol"))
        .await
        .unwrap_err();
    assert!(matches!(err, AgentError::InvalidInput { .. }), "{err}");
    assert!(err.to_string().contains("nextjs"), "{err}");
    let err = agent.run(TaskRequest::new("dockerfile")).await.unwrap_err();
    assert!(err.to_string().contains("stack"), "{err}");
    let err = agent.run(TaskRequest::new("kubernetes")).await.unwrap_err();
    assert!(
        err.to_string().contains("dockerfile"),
        "known tasks are listed: {err}"
    );
}

#[tokio::test]
async fn dockerfile_with_a_model_goes_through_a_repair_round() {
    let client = ScriptedClient::new();
    // `sudo` in RUN is an error-severity finding (DF008), so the answer goes back for repair.
    client.push_text("```dockerfile path=Dockerfile\nFROM node:latest\nRUN sudo npm ci\nCMD node server.js\n```\n");
    let fixed = infra_agent::dockerfile::baseline_dockerfile(Stack::Node);
    client.push_text(format!(
        "Fixed.\n\n```dockerfile path=Dockerfile\n{fixed}```\n"
    ));
    let agent = scripted(&client);

    let outcome = agent.generate_dockerfile(Stack::Node, "").await.unwrap();
    assert_eq!(outcome.rounds, 2);
    assert_eq!(outcome.mode, Mode::Model);
    assert!(outcome.findings.is_empty(), "{:?}", outcome.findings);
    assert_eq!(outcome.artifact("Dockerfile").unwrap().content, fixed);
    let repair = client.requests()[1]
        .messages
        .last()
        .unwrap()
        .content
        .clone();
    assert!(
        repair.contains("DF"),
        "the repair message lists Dockerfile rules: {repair}"
    );
    assert!(repair.contains("DF008"), "{repair}");
    assert!(
        repair.contains("latest"),
        "warnings are listed too: {repair}"
    );
}

/// The files as a model writes them: one fenced block per file with its path.
fn fenced(files: &[(String, String)]) -> String {
    let mut answer = String::from("Here are the files.\n\n");
    for (path, content) in files {
        let fence = if content.contains("```") {
            "````"
        } else {
            "```"
        };
        answer.push_str(&format!("{fence}text path={path}\n{content}"));
        if !content.ends_with('\n') {
            answer.push('\n');
        }
        answer.push_str(&format!("{fence}\n\n"));
    }
    answer
}

fn assert_clean(label: &str, outcome: &squad_core::generate::TaskOutcome) {
    assert!(
        outcome.findings.is_empty(),
        "{label}: {:#?}",
        outcome.findings
    );
    assert!(!outcome.artifacts.is_empty(), "{label}: no files");
}

#[tokio::test]
async fn every_task_runs_offline_through_typed_methods_and_the_agent_trait() {
    let agent = offline();
    for stack in Stack::ALL {
        let o = agent.generate_docker_compose(stack, &[], "").await.unwrap();
        assert_clean(&format!("compose {stack}"), &o);
        assert!(
            o.artifact("docker/docker-compose.prod.yml")
                .unwrap()
                .kind
                .as_deref()
                == Some("compose")
        );
        for platform in DeployPlatform::ALL {
            let o = agent
                .configure_deployment(stack, platform, "")
                .await
                .unwrap();
            assert_clean(&format!("deployment {stack} {platform}"), &o);
        }
        for ci in CiPlatform::ALL {
            for deploy in DeployTarget::ALL {
                let o = agent
                    .setup_ci_cd(stack, CiTarget { ci, deploy }, "")
                    .await
                    .unwrap();
                assert_clean(&format!("ci {stack} {ci:?} {deploy:?}"), &o);
            }
        }
    }
    for cloud in Cloud::ALL {
        let o = agent.generate_terraform(cloud, "").await.unwrap();
        assert_clean(&format!("terraform {cloud}"), &o);
        assert!(
            o.artifacts
                .iter()
                .any(|a| a.kind.as_deref() == Some("terraform"))
        );
    }

    let agent: &dyn Agent = &agent;
    let requests = [
        TaskRequest::new("docker_compose")
            .input("stack", "django")
            .input("services", "postgres, redis"),
        TaskRequest::new("docker_compose")
            .input("stack", "go")
            .input("services", serde_json::json!(["caddy"])),
        TaskRequest::new("ci_cd")
            .input("stack", "rust")
            .input("platform", "gitlab-ci/aws"),
        TaskRequest::new("ci_cd")
            .input("stack", "nextjs")
            .input("platform", "vercel"),
        TaskRequest::new("terraform").input("cloud", "gcp"),
        TaskRequest::new("deployment")
            .input("stack", "node")
            .input("platform", "cloudflare"),
    ];
    for request in requests {
        let label = format!("{request:?}");
        let outcome = agent.run(request).await.unwrap();
        assert_clean(&label, &outcome);
    }
    let ci = agent
        .run(
            TaskRequest::new("ci_cd")
                .input("stack", "rust")
                .input("platform", "gitlab-ci/aws"),
        )
        .await
        .unwrap();
    assert!(ci.artifact(".gitlab-ci.yml").is_some());
}

#[tokio::test]
async fn bad_inputs_are_clear_errors() {
    let agent: &dyn Agent = &offline();
    let cases = [
        (
            TaskRequest::new("ci_cd")
                .input("stack", "go")
                .input("platform", "jenkins"),
            "gitlab-ci",
        ),
        (TaskRequest::new("ci_cd").input("stack", "go"), "platform"),
        (TaskRequest::new("terraform").input("cloud", "azure"), "aws"),
        (
            TaskRequest::new("deployment")
                .input("stack", "go")
                .input("platform", "heroku"),
            "vercel",
        ),
        (
            TaskRequest::new("docker_compose")
                .input("stack", "go")
                .input("services", "rabbitmq"),
            "postgres",
        ),
        (
            TaskRequest::new("docker_compose")
                .input("stack", "go")
                .input("services", 3),
            "services",
        ),
    ];
    for (request, expected) in cases {
        let err = agent.run(request.clone()).await.unwrap_err();
        assert!(
            matches!(err, AgentError::InvalidInput { .. }),
            "{request:?}: {err}"
        );
        assert!(err.to_string().contains(expected), "{request:?}: {err}");
    }
}

#[tokio::test]
async fn every_task_goes_through_a_repair_round_with_a_model() {
    type Files = Vec<(String, String)>;
    let bad_and_good: Vec<(TaskRequest, Files, Files, &str)> = vec![
        (
            TaskRequest::new("docker_compose").input("stack", "node"),
            vec![("docker/docker-compose.dev.yml".into(), "services:\n  app:\n    image: node:22.11.0-alpine\n    privileged: true\n".into())],
            compose_baseline(Stack::Node, &[]),
            "DC017",
        ),
        (
            TaskRequest::new("ci_cd").input("stack", "go").input("platform", "github-actions"),
            vec![(
                ".github/workflows/ci.yml".into(),
                "on: push\npermissions:\n  contents: read\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    steps:\n      - uses: actions/checkout@main\n".into(),
            )],
            ci_baseline(Stack::Go, CiPlatform::GithubActions, DeployTarget::None),
            "GA019",
        ),
        (
            TaskRequest::new("terraform").input("cloud", "aws"),
            vec![("infra/main.tf".into(), "resource \"aws_s3_bucket\" \"b\" {\n  bucket = \"x\"\n  acl    = \"public-read\"\n}\n".into())],
            terraform_baseline(Cloud::Aws),
            "TF006",
        ),
        (
            TaskRequest::new("deployment").input("stack", "nextjs").input("platform", "vercel"),
            vec![("vercel.json".into(), "{\n  \"framework\": \"nextjs\",\n  \"buildComand\": \"next build\"\n}\n".into())],
            deployment_baseline(Stack::NextJs, DeployPlatform::Vercel),
            "DP001",
        ),
    ];
    for (request, bad, good, rule) in bad_and_good {
        let client = ScriptedClient::new();
        client.push_text(fenced(&bad));
        client.push_text(fenced(&good));
        let agent = scripted(&client);
        let label = request.task.clone();
        let outcome = agent.run(request).await.unwrap();
        assert_eq!(outcome.rounds, 2, "{label}");
        let repair = client.requests()[1]
            .messages
            .last()
            .unwrap()
            .content
            .clone();
        assert!(
            repair.contains(rule),
            "{label}: the repair message names {rule}: {repair}"
        );
        // The bad file is replaced or left over; what the good answer sent is all clean.
        for (path, content) in &good {
            assert_eq!(
                &outcome.artifact(path).unwrap().content,
                content,
                "{label}: {path}"
            );
        }
        let leftover: Vec<_> = outcome
            .findings
            .iter()
            .filter(|f| good.iter().any(|(p, _)| *p == f.path))
            .collect();
        assert!(leftover.is_empty(), "{label}: {leftover:#?}");
    }
}
