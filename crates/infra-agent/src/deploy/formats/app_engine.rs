//! `app.yaml`: a Google App Engine service (standard and flexible environments).
//!
//! Keys from Google's `app.yaml` references for both environments, legacy first-generation
//! keys included (`api_version`, `threadsafe`, `libraries`...). gcloud refuses unknown keys.

use super::super::schema::{Field, Issue, IssueKind, Ty};
use super::super::tree::Node;
use super::{Secret, dict_secrets};

/// Runtime ids are a language with an optional version (`python312`, `nodejs22`, `go122`,
/// `java21`; flexible: `python`, `nodejs`...), or `custom` / `dotnet` / `aspnetcore`.
pub(crate) fn runtime_is_well_formed(runtime: &str) -> bool {
    if matches!(runtime, "custom" | "dotnet" | "aspnetcore") {
        return true;
    }
    ["python", "nodejs", "go", "java", "php", "ruby"]
        .iter()
        .any(|lang| {
            runtime
                .strip_prefix(lang)
                .is_some_and(|v| v.bytes().all(|b| b.is_ascii_digit()))
        })
}

fn runtime(node: &Node) -> Option<String> {
    let r = node.as_str()?;
    (!runtime_is_well_formed(r)).then(|| {
        format!("`{r}` is not an App Engine runtime id (e.g. python312, nodejs22, go122, java21, or custom with env: flex)")
    })
}

fn env(node: &Node) -> Option<String> {
    let e = node.as_str()?;
    (!matches!(e, "standard" | "flex" | "flexible"))
        .then(|| format!("`{e}` is not an environment (standard or flex)"))
}

const INSTANCE_CLASSES: &[&str] = &["F1", "F2", "F4", "F4_1G", "B1", "B2", "B4", "B4_1G", "B8"];

fn instance_class(node: &Node) -> Option<String> {
    let c = node.as_str()?;
    (!INSTANCE_CLASSES.contains(&c)).then(|| {
        format!(
            "`{c}` is not an instance class ({})",
            INSTANCE_CLASSES.join(", ")
        )
    })
}

fn one_of(node: &Node, allowed: &[&str], what: &str) -> Option<String> {
    let v = node.as_str()?;
    (!allowed.contains(&v)).then(|| format!("`{v}` is not a {what} ({})", allowed.join(", ")))
}

fn secure(node: &Node) -> Option<String> {
    one_of(node, &["always", "optional", "never"], "`secure` value")
}

fn login(node: &Node) -> Option<String> {
    one_of(node, &["optional", "required", "admin"], "`login` value")
}

fn auth_fail_action(node: &Node) -> Option<String> {
    one_of(
        node,
        &["redirect", "unauthorized"],
        "`auth_fail_action` value",
    )
}

fn redirect_code(node: &Node) -> Option<String> {
    let code = node.scalar_text()?;
    (!matches!(code.as_ref(), "301" | "302" | "303" | "307"))
        .then(|| format!("`{code}` is not a redirect code (301, 302, 303 or 307)"))
}

fn removed_by_gcloud(_: &Node) -> Option<String> {
    Some(
        "gcloud refuses this key: pass the project with --project and the version with --version"
            .to_string(),
    )
}

static HANDLER: [Field; 14] = [
    Field::new("url", Ty::Str).required(),
    Field::new("static_dir", Ty::Str),
    Field::new("static_files", Ty::Str),
    Field::new("upload", Ty::Str),
    Field::new("script", Ty::Str),
    Field::new("secure", Ty::Str).check(secure),
    Field::new("login", Ty::Str).check(login),
    Field::new("auth_fail_action", Ty::Str).check(auth_fail_action),
    Field::new("redirect_http_response_code", Ty::Scalar).check(redirect_code),
    Field::new("expiration", Ty::Str),
    Field::new("http_headers", Ty::Dict(&Ty::Scalar)),
    Field::new("mime_type", Ty::Str),
    Field::new("application_readable", Ty::Bool),
    Field::new("require_matching_file", Ty::Bool),
];
static CPU_UTILIZATION: [Field; 2] = [
    Field::new("target_utilization", Ty::Num),
    Field::new("aggregation_window_length_sec", Ty::Num),
];
static AUTOMATIC_SCALING: [Field; 19] = [
    Field::new("target_cpu_utilization", Ty::Num),
    Field::new("target_throughput_utilization", Ty::Num),
    Field::new("max_instances", Ty::Int),
    Field::new("min_instances", Ty::Int),
    Field::new("max_idle_instances", Ty::Scalar),
    Field::new("min_idle_instances", Ty::Scalar),
    Field::new("max_concurrent_requests", Ty::Int),
    Field::new("min_pending_latency", Ty::Scalar),
    Field::new("max_pending_latency", Ty::Scalar),
    Field::new("min_num_instances", Ty::Int),
    Field::new("max_num_instances", Ty::Int),
    Field::new("cool_down_period_sec", Ty::Int),
    Field::new("cpu_utilization", Ty::Map(&CPU_UTILIZATION)),
    Field::new("target_concurrent_requests", Ty::Int),
    Field::new("target_request_count_per_second", Ty::Num),
    Field::new("target_network_sent_bytes_per_second", Ty::Num),
    Field::new("target_network_received_bytes_per_second", Ty::Num),
    Field::new("target_disk_write_bytes_per_second", Ty::Num),
    Field::new("target_disk_read_bytes_per_second", Ty::Num),
];
static BASIC_SCALING: [Field; 2] = [
    Field::new("max_instances", Ty::Int).required(),
    Field::new("idle_timeout", Ty::Str),
];
static MANUAL_SCALING: [Field; 1] = [Field::new("instances", Ty::Int).required()];
static ERROR_HANDLER: [Field; 2] = [
    Field::new("file", Ty::Str).required(),
    Field::new("error_code", Ty::Str),
];
static LIBRARY: [Field; 2] = [
    Field::new("name", Ty::Str).required(),
    Field::new("version", Ty::Scalar).required(),
];
static VPC_CONNECTOR: [Field; 2] = [
    Field::new("name", Ty::Str).required(),
    Field::new("egress_setting", Ty::Str),
];
static RESOURCES: [Field; 4] = [
    Field::new("cpu", Ty::Num),
    Field::new("memory_gb", Ty::Num),
    Field::new("disk_size_gb", Ty::Int),
    Field::new("volumes", Ty::Seq(&Ty::Any)),
];

static ROOT: [Field; 39] = [
    Field::new("runtime", Ty::Str).required().check(runtime),
    Field::new("env", Ty::Str).check(env),
    Field::new("service", Ty::Str),
    Field::new("module", Ty::Str),
    Field::new("instance_class", Ty::Str).check(instance_class),
    Field::new("entrypoint", Ty::Str),
    Field::new("main", Ty::Str),
    Field::new("env_variables", Ty::Dict(&Ty::Scalar)),
    Field::new("build_env_variables", Ty::Dict(&Ty::Scalar)),
    Field::new("runtime_config", Ty::Dict(&Ty::Any)),
    Field::new("handlers", Ty::Seq(&Ty::Map(&HANDLER))),
    Field::new("automatic_scaling", Ty::Map(&AUTOMATIC_SCALING)),
    Field::new("basic_scaling", Ty::Map(&BASIC_SCALING)),
    Field::new("manual_scaling", Ty::Map(&MANUAL_SCALING)),
    Field::new("inbound_services", Ty::Seq(&Ty::Str)),
    Field::new("error_handlers", Ty::Seq(&Ty::Map(&ERROR_HANDLER))),
    Field::new("includes", Ty::Seq(&Ty::Str)),
    Field::new("libraries", Ty::Seq(&Ty::Map(&LIBRARY))),
    Field::new("skip_files", Ty::Any),
    Field::new("default_expiration", Ty::Str),
    Field::new("service_account", Ty::Str),
    Field::new("vpc_access_connector", Ty::Map(&VPC_CONNECTOR)),
    Field::new("app_engine_apis", Ty::Bool),
    Field::new("api_version", Ty::Scalar),
    Field::new("threadsafe", Ty::Bool),
    Field::new("builtins", Ty::Any),
    Field::new("derived_file_type", Ty::Any),
    Field::new("beta_settings", Ty::Dict(&Ty::Scalar)),
    Field::new("network", Ty::Dict(&Ty::Any)),
    Field::new("resources", Ty::Map(&RESOURCES)),
    Field::new("liveness_check", Ty::Dict(&Ty::Any)),
    Field::new("readiness_check", Ty::Dict(&Ty::Any)),
    Field::new("health_check", Ty::Dict(&Ty::Any)),
    Field::new("endpoints_api_service", Ty::Dict(&Ty::Any)),
    Field::new("runtime_channel", Ty::Str),
    Field::new("flexible_runtime_settings", Ty::Dict(&Ty::Any)),
    Field::new("zones", Ty::Seq(&Ty::Str)),
    Field::new("application", Ty::Any).check(removed_by_gcloud),
    Field::new("version", Ty::Any).check(removed_by_gcloud),
];

/// The schema of `app.yaml`.
pub(crate) static SCHEMA: Ty = Ty::Map(&ROOT);

/// Whether the service runs in the flexible environment.
pub(crate) fn is_flex(root: &Node) -> bool {
    root.get("env")
        .and_then(Node::as_str)
        .is_some_and(|e| e == "flex" || e == "flexible")
}

/// `runtime: custom` exists only in the flexible environment.
pub(crate) fn extra(root: &Node, issues: &mut Vec<Issue>) {
    if let Some(runtime) = root.get("runtime")
        && runtime.as_str() == Some("custom")
        && !is_flex(root)
    {
        issues.push(Issue::new(
            IssueKind::InvalidValue,
            runtime.span,
            "`runtime: custom` needs `env: flex` (the standard environment has no custom runtime)",
        ));
    }
}

/// Literal values of `env_variables` and `build_env_variables`.
pub(crate) fn secrets(root: &Node) -> Vec<Secret<'_>> {
    let mut out = dict_secrets(root.get("env_variables"), "env_variables");
    out.extend(dict_secrets(
        root.get("build_env_variables"),
        "build_env_variables",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::runtime_is_well_formed;

    #[test]
    fn runtimes() {
        for good in [
            "python312",
            "nodejs22",
            "go122",
            "java21",
            "php83",
            "ruby33",
            "python",
            "custom",
            "python27",
        ] {
            assert!(runtime_is_well_formed(good), "{good}");
        }
        for bad in ["python3.12", "node22", "golang", "Java21", "rust", ""] {
            assert!(!runtime_is_well_formed(bad), "{bad}");
        }
    }
}
