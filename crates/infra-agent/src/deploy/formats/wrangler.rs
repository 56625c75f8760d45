//! `wrangler.toml` (and `wrangler.json` / `wrangler.jsonc`): Cloudflare Workers and Pages.
//!
//! Keys from Cloudflare's Wrangler configuration reference. Wrangler itself only warns about
//! keys it does not know, so the unknown-key findings of this format are warnings.

use super::super::schema::{Field, Issue, IssueKind, Ty, first_line};
use super::super::tree::{Node, Value};
use super::{Secret, dict_secrets};

/// `YYYY-MM-DD`, a real calendar date.
pub(crate) fn is_calendar_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (Some(year), Some(month), Some(day)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day)
}

fn compatibility_date(node: &Node) -> Option<String> {
    let s = node.as_str()?;
    (!is_calendar_date(s)).then(|| format!("`{s}` is not a date in the form YYYY-MM-DD"))
}

fn node_compat(_: &Node) -> Option<String> {
    Some(
        "`node_compat` was removed in Wrangler v4: use `compatibility_flags = [\"nodejs_compat\"]`"
            .to_string(),
    )
}

fn placement_mode(node: &Node) -> Option<String> {
    let s = node.as_str()?;
    (!matches!(s, "smart" | "off")).then(|| format!("`{s}` is not a placement mode (smart or off)"))
}

fn sampling_rate(node: &Node) -> Option<String> {
    let rate = match node.value {
        Value::Int(i) => i as f64,
        Value::Float(f) => f,
        _ => return None,
    };
    (!(0.0..=1.0).contains(&rate)).then(|| format!("{rate} is not a rate between 0 and 1"))
}

static ROUTE: [Field; 4] = [
    Field::new("pattern", Ty::Str).required(),
    Field::new("zone_id", Ty::Str),
    Field::new("zone_name", Ty::Str),
    Field::new("custom_domain", Ty::Bool),
];
static BUILD: [Field; 3] = [
    Field::new("command", Ty::Str),
    Field::new("cwd", Ty::Str),
    Field::new("watch_dir", Ty::OneOf(&[Ty::Str, Ty::Seq(&Ty::Str)])),
];
static TRIGGERS: [Field; 1] = [Field::new("crons", Ty::Seq(&Ty::Str))];
static LIMITS: [Field; 2] = [
    Field::new("cpu_ms", Ty::Int),
    Field::new("subrequests", Ty::Int),
];
static PLACEMENT: [Field; 5] = [
    Field::new("mode", Ty::Str).check(placement_mode),
    Field::new("hint", Ty::Str),
    Field::new("region", Ty::Str),
    Field::new("host", Ty::Str),
    Field::new("hostname", Ty::Str),
];
static OBSERVABILITY: [Field; 4] = [
    Field::new("enabled", Ty::Bool),
    Field::new("head_sampling_rate", Ty::Num).check(sampling_rate),
    Field::new("logs", Ty::Any),
    Field::new("traces", Ty::Any),
];
static ASSETS: [Field; 5] = [
    Field::new("directory", Ty::Str),
    Field::new("binding", Ty::Str),
    Field::new("html_handling", Ty::Str),
    Field::new("not_found_handling", Ty::Str),
    Field::new(
        "run_worker_first",
        Ty::OneOf(&[Ty::Bool, Ty::Seq(&Ty::Str)]),
    ),
];
static SITE: [Field; 4] = [
    Field::new("bucket", Ty::Str).required(),
    Field::new("include", Ty::Seq(&Ty::Str)),
    Field::new("exclude", Ty::Seq(&Ty::Str)),
    Field::new("entry-point", Ty::Str),
];
static KV: [Field; 4] = [
    Field::new("binding", Ty::Str).required(),
    Field::new("id", Ty::Str),
    Field::new("preview_id", Ty::Str),
    Field::new("remote", Ty::Bool),
];
static D1: [Field; 7] = [
    Field::new("binding", Ty::Str).required(),
    Field::new("database_name", Ty::Str),
    Field::new("database_id", Ty::Str),
    Field::new("preview_database_id", Ty::Str),
    Field::new("migrations_dir", Ty::Str),
    Field::new("migrations_table", Ty::Str),
    Field::new("remote", Ty::Bool),
];
static R2: [Field; 5] = [
    Field::new("binding", Ty::Str).required(),
    Field::new("bucket_name", Ty::Str),
    Field::new("preview_bucket_name", Ty::Str),
    Field::new("jurisdiction", Ty::Str),
    Field::new("remote", Ty::Bool),
];
static DO_BINDING: [Field; 4] = [
    Field::new("name", Ty::Str).required(),
    Field::new("class_name", Ty::Str).required(),
    Field::new("script_name", Ty::Str),
    Field::new("environment", Ty::Str),
];
static DURABLE_OBJECTS: [Field; 1] = [Field::new("bindings", Ty::Seq(&Ty::Map(&DO_BINDING)))];
static RENAME: [Field; 2] = [
    Field::new("from", Ty::Str).required(),
    Field::new("to", Ty::Str).required(),
];
static MIGRATION: [Field; 6] = [
    Field::new("tag", Ty::Str).required(),
    Field::new("new_classes", Ty::Seq(&Ty::Str)),
    Field::new("new_sqlite_classes", Ty::Seq(&Ty::Str)),
    Field::new("deleted_classes", Ty::Seq(&Ty::Str)),
    Field::new("renamed_classes", Ty::Seq(&Ty::Map(&RENAME))),
    Field::new("transferred_classes", Ty::Seq(&Ty::Any)),
];
static SERVICE: [Field; 5] = [
    Field::new("binding", Ty::Str).required(),
    Field::new("service", Ty::Str).required(),
    Field::new("environment", Ty::Str),
    Field::new("entrypoint", Ty::Str),
    Field::new("remote", Ty::Bool),
];
static TAIL: [Field; 2] = [
    Field::new("service", Ty::Str).required(),
    Field::new("environment", Ty::Str),
];
static QUEUES: [Field; 2] = [
    Field::new("producers", Ty::Seq(&Ty::Any)),
    Field::new("consumers", Ty::Seq(&Ty::Any)),
];

/// The keys of the top level, which an environment (`[env.<name>]`) may override too.
static ROOT: [Field; 68] = [
    Field::new("$schema", Ty::Str),
    Field::new("name", Ty::Str).required(),
    Field::new("main", Ty::Str),
    Field::new("compatibility_date", Ty::Str)
        .required()
        .check(compatibility_date),
    Field::new("compatibility_flags", Ty::Seq(&Ty::Str)),
    Field::new("account_id", Ty::Str),
    Field::new("workers_dev", Ty::Bool),
    Field::new("preview_urls", Ty::Bool),
    Field::new("route", Ty::OneOf(&[Ty::Str, Ty::Map(&ROUTE)])),
    Field::new("routes", Ty::Seq(&Ty::OneOf(&[Ty::Str, Ty::Map(&ROUTE)]))),
    Field::new("tsconfig", Ty::Str),
    Field::new("rules", Ty::Seq(&Ty::Any)),
    Field::new("build", Ty::Map(&BUILD)),
    Field::new("no_bundle", Ty::Bool),
    Field::new("minify", Ty::Bool),
    Field::new("keep_names", Ty::Bool),
    Field::new("node_compat", Ty::Any).check(node_compat),
    Field::new("send_metrics", Ty::Bool),
    Field::new("upload_source_maps", Ty::Bool),
    Field::new("find_additional_modules", Ty::Bool),
    Field::new("preserve_file_names", Ty::Bool),
    Field::new("base_dir", Ty::Str),
    Field::new("logpush", Ty::Bool),
    Field::new("keep_vars", Ty::Bool),
    Field::new("triggers", Ty::Map(&TRIGGERS)),
    Field::new("usage_model", Ty::Str),
    Field::new("limits", Ty::Map(&LIMITS)),
    Field::new("placement", Ty::Map(&PLACEMENT)),
    Field::new("observability", Ty::Map(&OBSERVABILITY)),
    Field::new("tail_consumers", Ty::Seq(&Ty::Map(&TAIL))),
    Field::new("streaming_tail_consumers", Ty::Seq(&Ty::Any)),
    Field::new("assets", Ty::Map(&ASSETS)),
    Field::new("site", Ty::Map(&SITE)),
    Field::new("pages_build_output_dir", Ty::Str),
    Field::new("vars", Ty::Dict(&Ty::Any)),
    Field::new("define", Ty::Dict(&Ty::Str)),
    Field::new("kv_namespaces", Ty::Seq(&Ty::Map(&KV))),
    Field::new("d1_databases", Ty::Seq(&Ty::Map(&D1))),
    Field::new("r2_buckets", Ty::Seq(&Ty::Map(&R2))),
    Field::new("durable_objects", Ty::Map(&DURABLE_OBJECTS)),
    Field::new("migrations", Ty::Seq(&Ty::Map(&MIGRATION))),
    Field::new("exports", Ty::Dict(&Ty::Any)),
    Field::new("services", Ty::Seq(&Ty::Map(&SERVICE))),
    Field::new("queues", Ty::Map(&QUEUES)),
    Field::new("vectorize", Ty::Seq(&Ty::Any)),
    Field::new("hyperdrive", Ty::Seq(&Ty::Any)),
    Field::new("analytics_engine_datasets", Ty::Seq(&Ty::Any)),
    Field::new("mtls_certificates", Ty::Seq(&Ty::Any)),
    Field::new("dispatch_namespaces", Ty::Seq(&Ty::Any)),
    Field::new("send_email", Ty::Seq(&Ty::Any)),
    Field::new("workflows", Ty::Seq(&Ty::Any)),
    Field::new("containers", Ty::Seq(&Ty::Any)),
    Field::new("secrets_store_secrets", Ty::Seq(&Ty::Any)),
    Field::new("pipelines", Ty::Seq(&Ty::Any)),
    Field::new("ratelimits", Ty::Seq(&Ty::Any)),
    Field::new("worker_loaders", Ty::Seq(&Ty::Any)),
    Field::new("vpc_services", Ty::Seq(&Ty::Any)),
    Field::new("ai", Ty::Any),
    Field::new("browser", Ty::Any),
    Field::new("images", Ty::Any),
    Field::new("version_metadata", Ty::Any),
    Field::new("unsafe", Ty::Any),
    Field::new("wasm_modules", Ty::Any),
    Field::new("text_blobs", Ty::Any),
    Field::new("data_blobs", Ty::Any),
    Field::new("compliance_region", Ty::Str),
    Field::new("dev", Ty::Any),
    Field::new("env", Ty::Dict(&ENV)),
];

static ENV: Ty = Ty::Inherit(&ROOT);

/// The schema of a Wrangler configuration.
pub(crate) static SCHEMA: Ty = Ty::Map(&ROOT);

/// A Worker needs `main` unless it only serves assets or is a Pages project.
pub(crate) fn extra(root: &Node, issues: &mut Vec<Issue>) {
    if !root.is_map()
        || ["main", "assets", "pages_build_output_dir", "site"]
            .iter()
            .any(|k| root.entry(k).is_some())
    {
        return;
    }
    issues.push(Issue::new(
        IssueKind::MissingKey,
        first_line(root.span),
        "missing the required top-level key `main` (the Worker's entry point), or `assets` for a static site",
    ));
}

/// Literal values of `vars` and of each environment's `vars`.
pub(crate) fn secrets(root: &Node) -> Vec<Secret<'_>> {
    let mut out = dict_secrets(root.get("vars"), "vars");
    for env in root.get("env").map(Node::entries).unwrap_or(&[]) {
        let path = format!("env.{}.vars", env.key);
        out.extend(dict_secrets(env.value.get("vars"), &path));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::is_calendar_date;

    #[test]
    fn dates() {
        for good in ["2026-11-01", "2024-02-29", "2000-02-29"] {
            assert!(is_calendar_date(good), "{good}");
        }
        for bad in [
            "2026-13-01",
            "2025-02-29",
            "1900-02-29",
            "2026-1-01",
            "26-01-01x",
            "2026/01/01",
            "２０２６-01-01",
        ] {
            assert!(!is_calendar_date(bad), "{bad}");
        }
    }
}
