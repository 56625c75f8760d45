//! Every infra task through the Agent trait and its typed method, offline and with a scripted
//! model that needs a repair round.
#![allow(clippy::unwrap_used)]

use std::sync::Arc;

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
