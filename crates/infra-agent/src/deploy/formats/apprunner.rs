//! `apprunner.yaml`: the configuration file of an AWS App Runner service built from source.
//!
//! Keys from AWS's App Runner configuration file reference (version 1.0).

use super::super::schema::{Field, Ty};
use super::super::tree::{Node, Value};
use super::{Secret, env_list_secrets};

/// Managed runtimes App Runner retired on 2025-12-01, with what replaces them.
pub(crate) const RETIRED_RUNTIMES: &[(&str, &str)] = &[
    ("python3", "python311"),
    ("nodejs12", "nodejs22"),
    ("nodejs14", "nodejs22"),
    ("nodejs16", "nodejs22"),
    ("nodejs18", "nodejs22"),
    ("go1", "an image-based service"),
    ("dotnet6", "an image-based service"),
    ("php81", "an image-based service"),
    ("ruby31", "an image-based service"),
];

/// Runtime names are `<language><major version>`.
pub(crate) fn runtime_is_well_formed(runtime: &str) -> bool {
    [
        "python", "nodejs", "corretto", "go", "dotnet", "php", "ruby",
    ]
    .iter()
    .any(|lang| {
        runtime
            .strip_prefix(lang)
            .is_some_and(|v| !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()))
    })
}

fn runtime(node: &Node) -> Option<String> {
    let r = node.as_str()?;
    (!runtime_is_well_formed(r)).then(|| {
        format!("`{r}` is not an App Runner runtime (`<language><major>`: python311, nodejs22, corretto11...)")
    })
}

fn version(node: &Node) -> Option<String> {
    let ok = match &node.value {
        Value::Float(f) => *f == 1.0,
        Value::Int(i) => *i == 1,
        Value::Str(s) => s == "1.0",
        _ => false,
    };
    (!ok).then(|| "the only configuration file version is 1.0".to_string())
}

fn port(node: &Node) -> Option<String> {
    let text = node.scalar_text()?;
    match text.parse::<u32>() {
        Ok(p) if (1..=65535).contains(&p) => None,
        _ => Some(format!("`{text}` is not a port number (1-65535)")),
    }
}

fn env_name(node: &Node) -> Option<String> {
    let name = node.as_str()?;
    let mut chars = name.chars();
    let valid = chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    (!valid).then(|| format!("`{name}` is not a valid environment variable name"))
}

fn arn(node: &Node) -> Option<String> {
    let v = node.as_str()?;
    (!v.starts_with("arn:")).then(|| {
        format!("`value-from` must be the ARN of a Secrets Manager secret or an SSM parameter, not `{v}`")
    })
}

static COMMANDS_TY: Ty = Ty::OneOf(&[Ty::Str, Ty::Seq(&Ty::Str)]);

static COMMANDS: [Field; 3] = [
    Field::new("pre-build", COMMANDS_TY),
    Field::new("build", COMMANDS_TY).required(),
    Field::new("post-build", COMMANDS_TY),
];
static ENV_VAR: [Field; 2] = [
    Field::new("name", Ty::Str).required().check(env_name),
    Field::new("value", Ty::Scalar).required(),
];
static SECRET: [Field; 2] = [
    Field::new("name", Ty::Str).required().check(env_name),
    Field::new("value-from", Ty::Str).required().check(arn),
];
static BUILD: [Field; 2] = [
    Field::new("commands", Ty::Map(&COMMANDS)).required(),
    Field::new("env", Ty::Seq(&Ty::Map(&ENV_VAR))),
];
static NETWORK: [Field; 2] = [
    Field::new("port", Ty::Scalar).check(port),
    Field::new("env", Ty::Str).check(env_name),
];
static RUN: [Field; 6] = [
    Field::new("runtime-version", Ty::Scalar),
    Field::new("pre-run", COMMANDS_TY),
    Field::new("command", Ty::Str).required(),
    Field::new("network", Ty::Map(&NETWORK)),
    Field::new("env", Ty::Seq(&Ty::Map(&ENV_VAR))),
    Field::new("secrets", Ty::Seq(&Ty::Map(&SECRET))),
];
static ROOT: [Field; 4] = [
    Field::new("version", Ty::Scalar).required().check(version),
    Field::new("runtime", Ty::Str).required().check(runtime),
    Field::new("build", Ty::Map(&BUILD)).required(),
    Field::new("run", Ty::Map(&RUN)).required(),
];

/// The schema of `apprunner.yaml`.
pub(crate) static SCHEMA: Ty = Ty::Map(&ROOT);

/// Literal values of `build.env` and `run.env`.
pub(crate) fn secrets(root: &Node) -> Vec<Secret<'_>> {
    let mut out = env_list_secrets(root.get("build").and_then(|b| b.get("env")), "build.env");
    out.extend(env_list_secrets(
        root.get("run").and_then(|r| r.get("env")),
        "run.env",
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::runtime_is_well_formed;

    #[test]
    fn runtimes() {
        for good in ["python311", "nodejs22", "corretto11", "go1", "python3"] {
            assert!(runtime_is_well_formed(good), "{good}");
        }
        for bad in ["python", "node22", "python3.11", "rust1", ""] {
            assert!(!runtime_is_well_formed(bad), "{bad}");
        }
    }
}
