//! `vercel.json`: Vercel's project configuration.
//!
//! Keys from Vercel's documentation of `vercel.json` (current ones and the legacy keys its
//! schema still accepts: `builds`, `routes`, `env`, `build.env`, `name`, `alias`, `scope`...).
//! Vercel validates the file against a closed schema, so an unknown key fails the deployment.

use super::super::schema::{Field, Issue, IssueKind, Ty};
use super::super::tree::{Node, Value};
use super::{Secret, dict_secrets};

/// Frameworks Vercel knows (the `framework` preset slugs).
const FRAMEWORKS: &[&str] = &[
    "blitzjs",
    "nextjs",
    "gatsby",
    "remix",
    "react-router",
    "astro",
    "hexo",
    "eleventy",
    "docusaurus-2",
    "docusaurus",
    "preact",
    "solidstart-1",
    "solidstart",
    "dojo",
    "ember",
    "vue",
    "scully",
    "ionic-angular",
    "angular",
    "polymer",
    "svelte",
    "sveltekit",
    "sveltekit-1",
    "ionic-react",
    "create-react-app",
    "gridsome",
    "umijs",
    "sapper",
    "saber",
    "stencil",
    "nuxtjs",
    "redwoodjs",
    "hugo",
    "jekyll",
    "brunch",
    "middleman",
    "zola",
    "hydrogen",
    "vite",
    "tanstack-start",
    "vitepress",
    "vuepress",
    "parcel",
    "fastapi",
    "flask",
    "fasthtml",
    "sanity-v3",
    "sanity",
    "storybook",
    "nitro",
    "hono",
    "express",
    "h3",
    "nestjs",
    "elysia",
    "fastify",
    "xmcp",
];

fn framework(node: &Node) -> Option<String> {
    let name = node.as_str()?;
    if FRAMEWORKS.contains(&name) {
        return None;
    }
    let mut msg = format!("`{name}` is not a framework preset Vercel knows");
    if let Some(close) = crate::terraform::text::did_you_mean(name, FRAMEWORKS.iter().copied()) {
        msg.push_str(&format!(": did you mean `{close}`?"));
    }
    Some(msg)
}

fn version(node: &Node) -> Option<String> {
    (node.value != Value::Int(2)).then(|| "the only supported version is 2".to_string())
}

fn path(node: &Node) -> Option<String> {
    let p = node.as_str()?;
    (!p.starts_with('/')).then(|| format!("`{p}` must start with `/`"))
}

fn cron_schedule(node: &Node) -> Option<String> {
    let s = node.as_str()?;
    let fields = s.split_whitespace().count();
    (fields != 5).then(|| {
        format!(
            "`{s}` has {fields} fields; a cron expression has 5 (minute hour day month weekday)"
        )
    })
}

fn redirect_status(node: &Node) -> Option<String> {
    match node.value {
        Value::Int(301 | 302 | 303 | 307 | 308) => None,
        _ => Some("a redirect status is 301, 302, 303, 307 or 308".to_string()),
    }
}

fn positive(node: &Node) -> Option<String> {
    match node.value {
        Value::Int(n) if n < 1 => Some(format!("{n} must be at least 1")),
        _ => None,
    }
}

static CONDITION: [Field; 3] = [
    Field::new("type", Ty::Str).required(),
    Field::new("key", Ty::Str),
    Field::new("value", Ty::Any),
];
static HEADER: [Field; 2] = [
    Field::new("key", Ty::Str).required(),
    Field::new("value", Ty::Str).required(),
];
static HEADER_RULE: [Field; 4] = [
    Field::new("source", Ty::Str).required().check(path),
    Field::new("headers", Ty::Seq(&Ty::Map(&HEADER))).required(),
    Field::new("has", Ty::Seq(&Ty::Map(&CONDITION))),
    Field::new("missing", Ty::Seq(&Ty::Map(&CONDITION))),
];
static REWRITE: [Field; 4] = [
    Field::new("source", Ty::Str).required().check(path),
    Field::new("destination", Ty::Str).required(),
    Field::new("has", Ty::Seq(&Ty::Map(&CONDITION))),
    Field::new("missing", Ty::Seq(&Ty::Map(&CONDITION))),
];
static REDIRECT: [Field; 6] = [
    Field::new("source", Ty::Str).required().check(path),
    Field::new("destination", Ty::Str).required(),
    Field::new("permanent", Ty::Bool),
    Field::new("statusCode", Ty::Int).check(redirect_status),
    Field::new("has", Ty::Seq(&Ty::Map(&CONDITION))),
    Field::new("missing", Ty::Seq(&Ty::Map(&CONDITION))),
];
static CRON: [Field; 2] = [
    Field::new("path", Ty::Str).required().check(path),
    Field::new("schedule", Ty::Str)
        .required()
        .check(cron_schedule),
];
static FUNCTION: [Field; 8] = [
    Field::new("memory", Ty::Int),
    Field::new("maxDuration", Ty::Int).check(positive),
    Field::new("runtime", Ty::Str),
    Field::new("includeFiles", Ty::Str),
    Field::new("excludeFiles", Ty::Str),
    Field::new("supportsCancellation", Ty::Bool),
    Field::new("regions", Ty::Seq(&Ty::Str)),
    Field::new("experimentalTriggers", Ty::Any),
];
static BUILD: [Field; 1] = [Field::new("env", Ty::Dict(&Ty::Str))];
static BUILDER: [Field; 3] = [
    Field::new("src", Ty::Str),
    Field::new("use", Ty::Str).required(),
    Field::new("config", Ty::Any),
];
static GIT: [Field; 1] = [Field::new(
    "deploymentEnabled",
    Ty::OneOf(&[Ty::Bool, Ty::Dict(&Ty::Bool)]),
)];
static GITHUB: [Field; 4] = [
    Field::new("enabled", Ty::Bool),
    Field::new("autoAlias", Ty::Bool),
    Field::new("autoJobCancelation", Ty::Bool),
    Field::new("silent", Ty::Bool),
];
static IMAGES: [Field; 10] = [
    Field::new("sizes", Ty::Seq(&Ty::Int)),
    Field::new("domains", Ty::Seq(&Ty::Str)),
    Field::new("remotePatterns", Ty::Seq(&Ty::Any)),
    Field::new("localPatterns", Ty::Seq(&Ty::Any)),
    Field::new("minimumCacheTTL", Ty::Int),
    Field::new("formats", Ty::Seq(&Ty::Str)),
    Field::new("dangerouslyAllowSVG", Ty::Bool),
    Field::new("contentSecurityPolicy", Ty::Str),
    Field::new("contentDispositionType", Ty::Str),
    Field::new("qualities", Ty::Seq(&Ty::Int)),
];

static ROOT: [Field; 33] = [
    Field::new("$schema", Ty::Str),
    Field::new("alias", Ty::OneOf(&[Ty::Str, Ty::Seq(&Ty::Str)])),
    Field::new("build", Ty::Map(&BUILD)),
    Field::new("builds", Ty::Seq(&Ty::Map(&BUILDER))),
    Field::new("buildCommand", Ty::Nullable(&Ty::Str)),
    Field::new("bulkRedirectsPath", Ty::Str),
    Field::new("bunVersion", Ty::Str),
    Field::new("cleanUrls", Ty::Bool),
    Field::new("crons", Ty::Seq(&Ty::Map(&CRON))),
    Field::new("devCommand", Ty::Nullable(&Ty::Str)),
    Field::new("env", Ty::Dict(&Ty::Str)),
    Field::new("fluid", Ty::Bool),
    Field::new("framework", Ty::Nullable(&Ty::Str)).check(framework),
    Field::new("functionFailoverRegions", Ty::Seq(&Ty::Str)),
    Field::new("functions", Ty::Dict(&Ty::Map(&FUNCTION))),
    Field::new("git", Ty::Map(&GIT)),
    Field::new("github", Ty::Map(&GITHUB)),
    Field::new("headers", Ty::Seq(&Ty::Map(&HEADER_RULE))),
    Field::new("ignoreCommand", Ty::Nullable(&Ty::Str)),
    Field::new("images", Ty::Map(&IMAGES)),
    Field::new("installCommand", Ty::Nullable(&Ty::Str)),
    Field::new("name", Ty::Str),
    Field::new("outputDirectory", Ty::Nullable(&Ty::Str)),
    Field::new("passiveRegions", Ty::Seq(&Ty::Str)),
    Field::new("public", Ty::Bool),
    Field::new("redirects", Ty::Seq(&Ty::Map(&REDIRECT))),
    Field::new("regions", Ty::Seq(&Ty::Str)),
    Field::new("relatedProjects", Ty::Seq(&Ty::Str)),
    Field::new("rewrites", Ty::Seq(&Ty::Map(&REWRITE))),
    Field::new("routes", Ty::Seq(&Ty::Any)),
    Field::new("scope", Ty::Str),
    Field::new("trailingSlash", Ty::Bool),
    Field::new("version", Ty::Int).check(version),
];

/// The schema of `vercel.json`.
pub(crate) static SCHEMA: Ty = Ty::Map(&ROOT);

/// Combinations Vercel refuses.
pub(crate) fn extra(root: &Node, issues: &mut Vec<Issue>) {
    if let Some(routes) = root.entry("routes") {
        let modern: Vec<&str> = [
            "rewrites",
            "redirects",
            "headers",
            "cleanUrls",
            "trailingSlash",
        ]
        .into_iter()
        .filter(|k| root.entry(k).is_some())
        .collect();
        if !modern.is_empty() {
            issues.push(Issue::new(
                IssueKind::InvalidValue,
                routes.key_span,
                format!(
                    "`routes` cannot be used together with `{}`: Vercel refuses the configuration",
                    modern.join("`, `")
                ),
            ));
        }
    }
    if let (Some(functions), Some(_)) = (root.entry("functions"), root.entry("builds")) {
        issues.push(Issue::new(
            IssueKind::InvalidValue,
            functions.key_span,
            "`functions` cannot be used together with the legacy `builds`: Vercel refuses the configuration",
        ));
    }
}

/// Literal values of `env` and `build.env`.
pub(crate) fn secrets(root: &Node) -> Vec<Secret<'_>> {
    let mut out = dict_secrets(root.get("env"), "env");
    out.extend(dict_secrets(
        root.get("build").and_then(|b| b.get("env")),
        "build.env",
    ));
    out
}
