//! The GitHub Actions rules: one file per rule, each with its `RULE` description (whose `doc`
//! is the user documentation, in ruff's sections) and a `check` function.
//!
//! Codes are stable: a new rule takes the next free code, a retired code is never reused.

use squad_core::findings::Rule;

use super::model::Workflow;
use crate::ci::common::Ctx;

/// Declare a rule's `RULE` static with this family's kind (see `squad_core::declare_rule!`).
macro_rules! declare_rule {
    ($($field:tt)*) => {
        squad_core::declare_rule!(kinds: [crate::ci::github::KIND], $($field)*);
    };
}

/// A rule's check.
pub(crate) type CheckFn = fn(&Workflow<'_>, &mut Ctx<'_>);

macro_rules! register {
    ($($rule:ident),* $(,)?) => {
        pub(crate) mod syntax_error;
        $(pub(crate) mod $rule;)*

        /// Every rule, in code order.
        pub(crate) static RULES: &[&Rule] = &[&syntax_error::RULE, $(&$rule::RULE),*];

        /// Every rule's check but the syntax error's (reported by the checker itself).
        pub(crate) static CHECKS: &[CheckFn] = &[$($rule::check),*];
    };
}

register!(
    unknown_key,
    wrong_type,
    missing_required_key,
    duplicate_key,
    duplicate_job_id,
    duplicate_step_id,
    invalid_id,
    needs_undefined_job,
    needs_cycle,
    missing_runs_on,
    invalid_cron,
    step_with_uses_and_run,
    step_without_uses_or_run,
    invalid_uses,
    script_injection,
    missing_top_level_permissions,
    permissions_write_all,
    action_not_pinned_to_sha,
    action_pinned_to_branch,
    deprecated_workflow_command,
    unsecure_commands_allowed,
    hardcoded_credentials,
    pull_request_target_checkout,
    if_always_true,
    unclosed_expression,
);

/// Every job's and every step's environment variables and `with` inputs, with a label for
/// messages; the places where a workflow hands values to processes.
pub(crate) fn env_and_inputs<'w>(
    wf: &'w Workflow<'_>,
) -> Vec<(String, &'w [(&'w crate::yaml::Node, &'w crate::yaml::Node)])> {
    let mut out: Vec<(String, &[(&crate::yaml::Node, &crate::yaml::Node)])> =
        vec![("the workflow's `env`".to_string(), &wf.env)];
    for job in &wf.jobs {
        out.push((format!("`env` of job `{}`", job.id), &job.env));
        out.push((format!("`with` of job `{}`", job.id), &job.with));
        if let Some(c) = &job.container {
            out.push((format!("the container `env` of job `{}`", job.id), &c.env));
            out.push((
                format!("the container `credentials` of job `{}`", job.id),
                &c.credentials,
            ));
        }
        for (id, service) in &job.services {
            out.push((
                format!(
                    "the `credentials` of service `{}` of job `{}`",
                    id.as_str().unwrap_or("?"),
                    job.id
                ),
                &service.credentials,
            ));
        }
        for (i, step) in job.steps.iter().enumerate() {
            out.push((
                format!("`env` of step {} of job `{}`", i + 1, job.id),
                &step.env,
            ));
            out.push((
                format!("`with` of step {} of job `{}`", i + 1, job.id),
                &step.with,
            ));
        }
    }
    out
}
