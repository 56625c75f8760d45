//! Building the pipeline model from the YAML tree: global and job keywords, their types, and
//! the issues recorded on the way.

use std::collections::HashMap;

use super::{Entries, Job, Need, Pipeline};
use crate::ci::common::did_you_mean;
use crate::ci::schema::{IssueKind, Schema, Ty, is_reference, lookup, merged_entries};
use crate::yaml::{Node, Value};
const GLOBAL_KEYS: &[&str] = &[
    "after_script",
    "before_script",
    "cache",
    "default",
    "image",
    "include",
    "services",
    "stages",
    "types",
    "variables",
    "workflow",
];

/// Job keywords.
const JOB_KEYS: &[&str] = &[
    "after_script",
    "allow_failure",
    "artifacts",
    "before_script",
    "cache",
    "coverage",
    "dast_configuration",
    "dependencies",
    "environment",
    "except",
    "extends",
    "hooks",
    "id_tokens",
    "identity",
    "image",
    "inherit",
    "interruptible",
    "manual_confirmation",
    "needs",
    "only",
    "pages",
    "parallel",
    "publish",
    "release",
    "resource_group",
    "retry",
    "rules",
    "run",
    "script",
    "secrets",
    "services",
    "stage",
    "start_in",
    "tags",
    "timeout",
    "trigger",
    "variables",
    "when",
];

const DEFAULT_KEYS: &[&str] = &[
    "after_script",
    "artifacts",
    "before_script",
    "cache",
    "hooks",
    "id_tokens",
    "image",
    "interruptible",
    "retry",
    "services",
    "tags",
    "timeout",
];

const WHEN: &[&str] = &[
    "on_success",
    "on_failure",
    "always",
    "manual",
    "delayed",
    "never",
];

const RULE_KEYS: &[&str] = &[
    "if",
    "changes",
    "exists",
    "allow_failure",
    "variables",
    "when",
    "needs",
    "interruptible",
    "start_in",
];

const SCRIPT: Ty = Ty::STR.or(Ty::SEQ);

impl<'a> Pipeline<'a> {
    /// Build the model of the pipeline document `root`.
    pub(crate) fn build(root: &'a Node) -> Pipeline<'a> {
        let mut p = Pipeline {
            root,
            stages: None,
            has_include: false,
            default: Vec::new(),
            variables: Vec::new(),
            images: Vec::new(),
            workflow: None,
            jobs: Vec::new(),
            index: HashMap::new(),
            issues: Vec::new(),
        };
        let mut s = Schema::default();
        if root.is_null() {
            p.issues = s.issues;
            return p;
        }
        if !s.expect(root, "the pipeline", Ty::MAP) {
            p.issues = s.issues;
            return p;
        }
        for (key, value) in merged_entries(root) {
            let Some(name) = key.as_str() else { continue };
            match name {
                "stages" | "types" => p.stages = Some(stages(&mut s, value, name)),
                "include" => {
                    p.has_include = !value.is_null();
                    include(&mut s, value);
                }
                "default" => {
                    p.default = s.map(value, "`default`", DEFAULT_KEYS);
                    for (k, v) in &p.default {
                        common_keyword(&mut s, k, v, "`default`", &mut p.images);
                    }
                }
                "variables" => p.variables = variables(&mut s, value, "the global `variables`"),
                "workflow" => {
                    p.workflow = Some(value);
                    for (k, v) in s.map(value, "`workflow`", &["rules", "name", "auto_cancel"]) {
                        match k.as_str() {
                            Some("rules") => rules(&mut s, v, "`workflow:rules`"),
                            Some("name") => {
                                s.expect(v, "`workflow:name`", Ty::STR);
                            }
                            _ => {
                                s.expect(v, "`workflow:auto_cancel`", Ty::MAP);
                            }
                        }
                    }
                }
                "image" | "services" | "cache" | "before_script" | "after_script" => {
                    common_keyword(&mut s, key, value, "the pipeline", &mut p.images);
                }
                _ if name.starts_with('.') => p.jobs.push(hidden_job(name, key, value)),
                _ => {
                    if let Some(global) = mistyped_global(name, value) {
                        s.issue(
                            IssueKind::UnknownKey,
                            key.span,
                            format!("unknown global keyword `{name}` (did you mean `{global}`?)"),
                        );
                        continue;
                    }
                    if let Some(job) = job(&mut s, name, key, value) {
                        p.jobs.push(job);
                    }
                }
            }
        }
        for (i, job) in p.jobs.iter().enumerate() {
            p.index.entry(job.name).or_insert(i);
        }
        p.issues = s.issues;
        p
    }
}

/// A top-level key that is a misspelled global keyword rather than a job: close to one, and
/// holding nothing a job would.
fn mistyped_global(name: &str, value: &Node) -> Option<&'static str> {
    let global = did_you_mean(name, GLOBAL_KEYS)?;
    let looks_like_job = value.as_map().is_some_and(|m| {
        m.iter().any(|(k, _)| {
            matches!(
                k.as_str(),
                Some("script" | "trigger" | "extends" | "stage" | "run")
            )
        })
    });
    (!looks_like_job).then_some(global)
}

fn stages<'a>(s: &mut Schema, node: &'a Node, key: &str) -> Vec<&'a Node> {
    if is_reference(node) {
        return Vec::new();
    }
    let Some(items) = node.as_seq() else {
        s.expect(node, &format!("`{key}`"), Ty::SEQ);
        return Vec::new();
    };
    items
        .iter()
        .filter(|i| s.expect(i, &format!("each stage of `{key}`"), Ty::STR))
        .collect()
}

fn include(s: &mut Schema, node: &Node) {
    if is_reference(node) {
        return;
    }
    const KEYS: &[&str] = &[
        "local",
        "remote",
        "project",
        "file",
        "ref",
        "template",
        "component",
        "inputs",
        "rules",
        "cache",
        "integrity",
    ];
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    for item in items {
        if item.as_map().is_none() {
            s.expect(item, "an `include`", Ty::STR.or(Ty::MAP));
            continue;
        }
        for (k, v) in s.map(item, "an `include`", KEYS) {
            match k.as_str() {
                Some("file") => {
                    s.expect(v, "`include:file`", Ty::STR.or(Ty::SEQ));
                }
                Some("inputs") => {
                    s.expect(v, "`include:inputs`", Ty::MAP);
                }
                Some("rules") => rules(s, v, "`include:rules`"),
                Some("cache") => {
                    s.expect(v, "`include:cache`", Ty::BOOL.or(Ty::STR));
                }
                _ => {
                    s.expect(
                        v,
                        &format!("`include:{}`", k.as_str().unwrap_or("")),
                        Ty::STR,
                    );
                }
            }
        }
    }
}

fn variables<'a>(s: &mut Schema, node: &'a Node, what: &str) -> Entries<'a> {
    if is_reference(node) {
        return Vec::new();
    }
    if node.is_null() || !s.expect(node, what, Ty::MAP) {
        return Vec::new();
    }
    let entries = merged_entries(node);
    for (k, v) in &entries {
        let name = k.as_str().unwrap_or("?");
        if v.as_map().is_some() {
            let inner = format!("variable `{name}`");
            for (vk, vv) in s.map(v, &inner, &["value", "description", "options", "expand"]) {
                let ty = match vk.as_str() {
                    Some("options") => Ty::SEQ,
                    Some("expand") => Ty::BOOL,
                    _ => Ty::STR,
                };
                s.expect(
                    vv,
                    &format!("`{}` of {inner}", vk.as_str().unwrap_or("")),
                    ty,
                );
            }
        } else {
            s.expect(v, &format!("variable `{name}`"), Ty::STR.or(Ty::NULL));
        }
    }
    entries
}

fn rules(s: &mut Schema, node: &Node, what: &str) {
    if is_reference(node) {
        return;
    }
    let Some(items) = node.as_seq() else {
        s.expect(node, what, Ty::SEQ);
        return;
    };
    for item in items {
        if is_reference(item) {
            continue;
        }
        let context = format!("a rule of {what}");
        for (k, v) in s.map(item, &context, RULE_KEYS) {
            match k.as_str().unwrap_or("") {
                "when" => {
                    s.expect_one_of(v, "`when`", WHEN, false);
                }
                "if" | "start_in" => {
                    s.expect(v, "`if`", Ty::STR);
                }
                "changes" | "exists" => {
                    s.expect(
                        v,
                        &format!("`{}`", k.as_str().unwrap_or("")),
                        Ty::SEQ.or(Ty::MAP),
                    );
                }
                "allow_failure" | "interruptible" => {
                    s.expect(v, "`allow_failure`", Ty::BOOL);
                }
                "variables" => {
                    variables(s, v, "the `variables` of a rule");
                }
                _ => {
                    s.expect(v, "`needs`", Ty::SEQ);
                }
            }
        }
    }
}

/// A script: a string, or a list of strings and nested lists (`!reference` results).
fn script(s: &mut Schema, node: &Node, what: &str) {
    if !s.expect(node, what, SCRIPT) {
        return;
    }
    if let Some(items) = node.as_seq() {
        for item in items {
            if is_reference(item) {
                continue;
            }
            match item.as_seq() {
                Some(nested) => {
                    for line in nested {
                        s.expect(line, &format!("each line of {what}"), Ty::STR);
                    }
                }
                None => {
                    s.expect(item, &format!("each line of {what}"), Ty::STR);
                }
            }
        }
    }
}

/// Record the name node of an `image` (string or `{name: …}`).
fn image<'a>(s: &mut Schema, node: &'a Node, what: &str, images: &mut Vec<&'a Node>) {
    if is_reference(node) {
        return;
    }
    if node.as_map().is_none() {
        if s.expect(node, what, Ty::STR.or(Ty::MAP)) {
            images.push(node);
        }
        return;
    }
    let entries = s.map(
        node,
        what,
        &["name", "entrypoint", "docker", "pull_policy", "kubernetes"],
    );
    match lookup(&entries, "name") {
        Some(name) if s.expect(name, "the image `name`", Ty::STR) => images.push(name),
        Some(_) => {}
        None => s.missing(node.span, "`name`", what),
    }
}

fn services<'a>(s: &mut Schema, node: &'a Node, what: &str, images: &mut Vec<&'a Node>) {
    if is_reference(node) {
        return;
    }
    let Some(items) = node.as_seq() else {
        s.expect(node, what, Ty::SEQ);
        return;
    };
    for item in items {
        if item.as_map().is_none() {
            if s.expect(item, &format!("each of {what}"), Ty::STR.or(Ty::MAP)) {
                images.push(item);
            }
            continue;
        }
        let entries = s.map(
            item,
            &format!("a service of {what}"),
            &[
                "name",
                "alias",
                "entrypoint",
                "command",
                "variables",
                "pull_policy",
                "docker",
                "kubernetes",
            ],
        );
        match lookup(&entries, "name") {
            Some(name) if s.expect(name, "the service `name`", Ty::STR) => images.push(name),
            Some(_) => {}
            None => s.missing(item.span, "`name`", "this service"),
        }
    }
}

/// Keywords that are the same in a job, `default` and the (deprecated) global form.
fn common_keyword<'a>(
    s: &mut Schema,
    key: &'a Node,
    value: &'a Node,
    owner: &str,
    images: &mut Vec<&'a Node>,
) {
    let name = key.as_str().unwrap_or("");
    let what = format!("`{name}` of {owner}");
    match name {
        "image" => image(s, value, &what, images),
        "services" => services(s, value, &what, images),
        "before_script" | "after_script" | "script" => script(s, value, &what),
        "cache" => cache(s, value, &what),
        "artifacts" => {
            const KEYS: &[&str] = &[
                "paths",
                "exclude",
                "expire_in",
                "expose_as",
                "name",
                "public",
                "access",
                "reports",
                "untracked",
                "when",
            ];
            for (k, v) in s.map(value, &what, KEYS) {
                let ty = match k.as_str().unwrap_or("") {
                    "paths" | "exclude" => Ty::SEQ,
                    "reports" => Ty::MAP,
                    "public" | "untracked" => Ty::BOOL,
                    _ => Ty::STR,
                };
                s.expect(v, &format!("`artifacts:{}`", k.as_str().unwrap_or("")), ty);
            }
        }
        "tags" => {
            s.expect(value, &what, Ty::SEQ);
        }
        "interruptible" => {
            s.expect(value, &what, Ty::BOOL);
        }
        "timeout" => {
            s.expect(value, &what, Ty::STR);
        }
        "retry" => {
            if value.as_map().is_some() {
                for (k, v) in s.map(value, &what, &["max", "when", "exit_codes"]) {
                    let ty = if k.as_str() == Some("max") {
                        Ty::NUM
                    } else {
                        Ty::STR.or(Ty::SEQ)
                    };
                    s.expect(v, &format!("`retry:{}`", k.as_str().unwrap_or("")), ty);
                }
            } else {
                s.expect(value, &what, Ty::NUM.or(Ty::MAP));
            }
        }
        "hooks" | "id_tokens" => {
            s.expect(value, &what, Ty::MAP);
        }
        _ => {}
    }
}

fn cache(s: &mut Schema, node: &Node, what: &str) {
    if is_reference(node) {
        return;
    }
    const KEYS: &[&str] = &[
        "key",
        "paths",
        "untracked",
        "unprotect",
        "when",
        "policy",
        "fallback_keys",
    ];
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        _ => vec![node],
    };
    for item in items {
        for (k, v) in s.map(item, what, KEYS) {
            match k.as_str().unwrap_or("") {
                "key" => {
                    if let Some(key_map) = v.as_map().map(|_| v) {
                        for (kk, kv) in s.map(key_map, "`cache:key`", &["files", "prefix"]) {
                            let ty = if kk.as_str() == Some("files") {
                                Ty::SEQ
                            } else {
                                Ty::STR
                            };
                            s.expect(
                                kv,
                                &format!("`cache:key:{}`", kk.as_str().unwrap_or("")),
                                ty,
                            );
                        }
                    } else {
                        s.expect(v, "`cache:key`", Ty::STR.or(Ty::MAP));
                    }
                }
                "paths" | "fallback_keys" => {
                    s.expect(v, &format!("`cache:{}`", k.as_str().unwrap_or("")), Ty::SEQ);
                }
                "untracked" | "unprotect" => {
                    s.expect(
                        v,
                        &format!("`cache:{}`", k.as_str().unwrap_or("")),
                        Ty::BOOL,
                    );
                }
                "when" => {
                    s.expect_one_of(
                        v,
                        "`cache:when`",
                        &["on_success", "on_failure", "always"],
                        false,
                    );
                }
                _ => {
                    s.expect_one_of(v, "`cache:policy`", &["pull", "push", "pull-push"], false);
                }
            }
        }
    }
}

fn hidden_job<'a>(name: &'a str, key: &'a Node, node: &'a Node) -> Job<'a> {
    // Hidden keys are not checked, but templates are read so that jobs can resolve `extends`.
    let mut scratch = Schema::default();
    let entries = merged_entries(node);
    let mut job = Job {
        name,
        key,
        node,
        hidden: true,
        entries: Vec::new(),
        extends: Vec::new(),
        needs: Vec::new(),
        dependencies: Vec::new(),
        images: Vec::new(),
        variables: Vec::new(),
    };
    for (k, v) in &entries {
        match k.as_str().unwrap_or("") {
            "extends" => job.extends = string_list(&mut scratch, v, "`extends`"),
            "image" => image(&mut scratch, v, "`image`", &mut job.images),
            "services" => services(&mut scratch, v, "`services`", &mut job.images),
            "variables" => job.variables = variables(&mut scratch, v, "`variables`"),
            _ => {}
        }
    }
    job.entries = entries;
    job
}

fn string_list<'a>(s: &mut Schema, node: &'a Node, what: &str) -> Vec<&'a Node> {
    if is_reference(node) {
        return Vec::new();
    }
    match &node.value {
        Value::Seq(items) => items
            .iter()
            .filter(|i| s.expect(i, &format!("each item of {what}"), Ty::STR))
            .collect(),
        _ if s.expect(node, what, Ty::STR.or(Ty::SEQ)) => vec![node],
        _ => Vec::new(),
    }
}

fn job<'a>(s: &mut Schema, name: &'a str, key: &'a Node, node: &'a Node) -> Option<Job<'a>> {
    let what = format!("job `{name}`");
    if node.as_map().is_none() {
        s.expect(node, &what, Ty::MAP);
        return None;
    }
    let entries = s.map(node, &what, JOB_KEYS);
    let mut job = Job {
        name,
        key,
        node,
        hidden: false,
        entries: Vec::new(),
        extends: Vec::new(),
        needs: Vec::new(),
        dependencies: Vec::new(),
        images: Vec::new(),
        variables: Vec::new(),
    };
    for (k, v) in &entries {
        let kw = k.as_str().unwrap_or("");
        let field = format!("`{kw}` of {what}");
        match kw {
            "stage"
            | "resource_group"
            | "identity"
            | "manual_confirmation"
            | "start_in"
            | "publish" => {
                s.expect(v, &field, Ty::STR);
            }
            "extends" => job.extends = string_list(s, v, &field),
            "needs" => job.needs = needs(s, v, &field),
            "dependencies" => job.dependencies = string_list(s, v, &field),
            "variables" => job.variables = variables(s, v, &field),
            "rules" => rules(s, v, &field),
            "only" | "except" => {
                if v.as_map().is_some() {
                    s.map(v, &field, &["refs", "variables", "changes", "kubernetes"]);
                } else {
                    s.expect(v, &field, Ty::STR.or(Ty::SEQ));
                }
            }
            "when" => {
                s.expect_one_of(v, &field, WHEN, false);
            }
            "allow_failure" => {
                if v.as_map().is_some() {
                    for (ak, av) in s.map(v, &field, &["exit_codes"]) {
                        let _ = ak;
                        s.expect(av, "`allow_failure:exit_codes`", Ty::NUM.or(Ty::SEQ));
                    }
                } else {
                    s.expect(v, &field, Ty::BOOL.or(Ty::MAP));
                }
            }
            "environment" => {
                if v.as_map().is_some() {
                    const KEYS: &[&str] = &[
                        "name",
                        "url",
                        "on_stop",
                        "action",
                        "auto_stop_in",
                        "kubernetes",
                        "deployment_tier",
                    ];
                    for (ek, ev) in s.map(v, &field, KEYS) {
                        let ty = if ek.as_str() == Some("kubernetes") {
                            Ty::MAP
                        } else {
                            Ty::STR
                        };
                        s.expect(
                            ev,
                            &format!("`environment:{}`", ek.as_str().unwrap_or("")),
                            ty,
                        );
                    }
                } else {
                    s.expect(v, &field, Ty::STR.or(Ty::MAP));
                }
            }
            "parallel" => {
                if v.as_map().is_some() {
                    for (_, pv) in s.map(v, &field, &["matrix"]) {
                        s.expect(pv, "`parallel:matrix`", Ty::SEQ);
                    }
                } else {
                    s.expect(v, &field, Ty::NUM.or(Ty::MAP));
                }
            }
            "trigger" => {
                if v.as_map().is_some() {
                    s.map(
                        v,
                        &field,
                        &["include", "project", "branch", "strategy", "forward"],
                    );
                } else {
                    s.expect(v, &field, Ty::STR.or(Ty::MAP));
                }
            }
            "coverage" => {
                if s.expect(v, &field, Ty::STR) {
                    let text = v.as_str().unwrap_or("");
                    if !(text.len() >= 2 && text.starts_with('/') && text.ends_with('/')) {
                        s.issue(
                            IssueKind::WrongType,
                            v.span,
                            format!("{field} must be a regular expression between slashes, like `/Lines: (\\d+\\.\\d+)%/`"),
                        );
                    }
                }
            }
            "pages" => {
                s.expect(v, &field, Ty::MAP.or(Ty::BOOL));
            }
            "release" | "secrets" | "inherit" | "dast_configuration" => {
                s.expect(v, &field, Ty::MAP);
            }
            "run" => {
                s.expect(v, &field, Ty::SEQ);
            }
            _ => common_keyword(s, k, v, &what, &mut job.images),
        }
    }
    job.entries = merged_entries(node);
    Some(job)
}

fn needs<'a>(s: &mut Schema, node: &'a Node, what: &str) -> Vec<Need<'a>> {
    if is_reference(node) {
        return Vec::new();
    }
    let Some(items) = node.as_seq() else {
        s.expect(node, what, Ty::SEQ);
        return Vec::new();
    };
    let mut out = Vec::new();
    for item in items {
        if is_reference(item) {
            continue;
        }
        if item.as_map().is_none() {
            if s.expect(item, &format!("each of {what}"), Ty::STR.or(Ty::MAP)) {
                out.push(Need {
                    job: item,
                    optional: false,
                    external: false,
                });
            }
            continue;
        }
        const KEYS: &[&str] = &[
            "job",
            "artifacts",
            "optional",
            "pipeline",
            "project",
            "ref",
            "parallel",
        ];
        let entries = s.map(item, &format!("an entry of {what}"), KEYS);
        let optional = lookup(&entries, "optional").is_some_and(|o| o.as_bool() == Some(true));
        let external =
            lookup(&entries, "pipeline").is_some() || lookup(&entries, "project").is_some();
        for (k, v) in &entries {
            let ty = match k.as_str().unwrap_or("") {
                "artifacts" | "optional" => Ty::BOOL,
                "parallel" => Ty::MAP,
                _ => Ty::STR,
            };
            s.expect(v, &format!("`needs:{}`", k.as_str().unwrap_or("")), ty);
        }
        match lookup(&entries, "job") {
            Some(job) => out.push(Need {
                job,
                optional,
                external,
            }),
            None => s.missing(item.span, "`job`", "this entry of `needs`"),
        }
    }
    out
}
