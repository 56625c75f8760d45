//! Building the workflow model from the YAML tree: the keywords each place accepts, their
//! types, and the issues recorded on the way.

use super::{Container, Entries, Event, Job, Permissions, Step, Strategy, Workflow};
use crate::ci::schema::{IssueKind, Schema, Ty, lookup, merged_entries};
use crate::yaml::{Node, Value};
const WORKFLOW_KEYS: &[&str] = &[
    "name",
    "run-name",
    "on",
    "permissions",
    "env",
    "defaults",
    "concurrency",
    "jobs",
];

const PR_FILTERS: &[&str] = &[
    "types",
    "branches",
    "branches-ignore",
    "paths",
    "paths-ignore",
];

/// The events a workflow can be triggered by, and the keys each one's configuration takes.
const EVENTS: &[(&str, &[&str])] = &[
    ("branch_protection_rule", &["types"]),
    ("check_run", &["types"]),
    ("check_suite", &["types"]),
    ("create", &[]),
    ("delete", &[]),
    ("deployment", &[]),
    ("deployment_status", &[]),
    ("discussion", &["types"]),
    ("discussion_comment", &["types"]),
    ("fork", &[]),
    ("gollum", &[]),
    ("image_version", &["names", "versions"]),
    ("issue_comment", &["types"]),
    ("issues", &["types"]),
    ("label", &["types"]),
    ("merge_group", &["types", "branches", "branches-ignore"]),
    ("milestone", &["types"]),
    ("page_build", &[]),
    ("project", &["types"]),
    ("project_card", &["types"]),
    ("project_column", &["types"]),
    ("public", &[]),
    ("pull_request", PR_FILTERS),
    ("pull_request_review", &["types"]),
    ("pull_request_review_comment", &["types"]),
    ("pull_request_target", PR_FILTERS),
    (
        "push",
        &[
            "branches",
            "branches-ignore",
            "tags",
            "tags-ignore",
            "paths",
            "paths-ignore",
        ],
    ),
    ("registry_package", &["types"]),
    ("release", &["types"]),
    ("repository_dispatch", &["types"]),
    ("schedule", &[]),
    ("status", &[]),
    ("watch", &["types"]),
    ("workflow_call", &["inputs", "outputs", "secrets"]),
    ("workflow_dispatch", &["inputs"]),
    (
        "workflow_run",
        &["workflows", "types", "branches", "branches-ignore"],
    ),
];

/// Permission scopes of the GITHUB_TOKEN.
const SCOPES: &[&str] = &[
    "actions",
    "attestations",
    "checks",
    "contents",
    "deployments",
    "discussions",
    "id-token",
    "issues",
    "models",
    "packages",
    "pages",
    "pull-requests",
    "repository-projects",
    "security-events",
    "statuses",
];

const JOB_KEYS: &[&str] = &[
    "name",
    "needs",
    "runs-on",
    "permissions",
    "environment",
    "concurrency",
    "outputs",
    "env",
    "defaults",
    "if",
    "steps",
    "timeout-minutes",
    "strategy",
    "continue-on-error",
    "container",
    "services",
    "uses",
    "with",
    "secrets",
    "snapshot",
];

/// The keys a job calling a reusable workflow (`uses`) may have.
const CALLER_JOB_KEYS: &[&str] = &[
    "name",
    "uses",
    "with",
    "secrets",
    "needs",
    "if",
    "permissions",
    "concurrency",
    "strategy",
];

const STEP_KEYS: &[&str] = &[
    "id",
    "if",
    "name",
    "uses",
    "run",
    "shell",
    "with",
    "env",
    "continue-on-error",
    "timeout-minutes",
    "working-directory",
];

const CONTAINER_KEYS: &[&str] = &["image", "credentials", "env", "ports", "volumes", "options"];

/// A scalar field: any scalar, `${{ }}` included.
const STRING: Ty = Ty::STR;
const BOOL: Ty = Ty::BOOL.or(Ty::EXPR);
const NUMBER: Ty = Ty::NUM.or(Ty::EXPR);

impl<'a> Workflow<'a> {
    /// Build the model of the workflow document `root`.
    pub(crate) fn build(root: &'a Node) -> Workflow<'a> {
        let mut b = Builder::default();
        let mut wf = Workflow {
            root,
            name: None,
            run_name: None,
            on_key: None,
            events: Vec::new(),
            permissions: None,
            env: Vec::new(),
            defaults: None,
            concurrency: None,
            jobs_key: None,
            jobs_node: None,
            jobs: Vec::new(),
            issues: Vec::new(),
        };
        if root.is_null() {
            b.s.missing(root.span, "`on` and no `jobs`", "the workflow is empty: it");
            wf.issues = b.s.issues;
            return wf;
        }
        let entries = b.s.map(root, "the workflow", WORKFLOW_KEYS);
        if root.as_map().is_none() {
            wf.issues = b.s.issues;
            return wf;
        }
        for (key, value) in entries {
            match key.as_str().unwrap_or("") {
                "name" => wf.name = b.scalar(value, "`name`"),
                "run-name" => wf.run_name = b.scalar(value, "`run-name`"),
                "on" => {
                    wf.on_key = Some(key);
                    wf.events = b.events(value);
                }
                "permissions" => wf.permissions = b.permissions(key, value, "`permissions`"),
                "env" => wf.env = b.env(value, "`env`"),
                "defaults" => wf.defaults = b.defaults(value, "`defaults`").map(|()| value),
                "concurrency" => wf.concurrency = b.concurrency(value, "`concurrency`"),
                "jobs" => {
                    wf.jobs_key = Some(key);
                    wf.jobs_node = Some(value);
                    wf.jobs = b.jobs(value);
                }
                _ => {}
            }
        }
        if wf.on_key.is_none() {
            b.s.missing(
                first_key_span(root),
                "`on` (the events that trigger it)",
                "the workflow",
            );
        }
        if wf.jobs_key.is_none() {
            b.s.missing(first_key_span(root), "`jobs`", "the workflow");
        }
        wf.issues = b.s.issues;
        wf
    }
}

fn first_key_span(root: &Node) -> squad_core::findings::Span {
    root.as_map()
        .and_then(|m| m.first())
        .map_or(root.span, |(k, _)| k.span)
}

#[derive(Default)]
struct Builder {
    s: Schema,
}

impl Builder {
    fn scalar<'a>(&mut self, node: &'a Node, what: &str) -> Option<&'a Node> {
        self.s.expect(node, what, STRING).then_some(node)
    }

    fn typed<'a>(&mut self, node: &'a Node, what: &str, ty: Ty) -> Option<&'a Node> {
        self.s.expect(node, what, ty).then_some(node)
    }

    /// A sequence of strings, or one string (`needs: build`).
    fn string_list<'a>(&mut self, node: &'a Node, what: &str) -> Vec<&'a Node> {
        match &node.value {
            Value::Seq(items) => items
                .iter()
                .filter(|item| self.s.expect(item, &format!("each item of {what}"), STRING))
                .collect(),
            _ if self.s.expect(node, what, STRING.or(Ty::SEQ)) => vec![node],
            _ => Vec::new(),
        }
    }

    /// A mapping of names to scalars (`env`, `with`, `outputs`); a whole-map expression is fine
    /// where `expr` says so.
    fn scalar_map<'a>(&mut self, node: &'a Node, what: &str, expr: bool) -> Entries<'a> {
        if node.is_null() {
            return Vec::new();
        }
        if expr && node.as_str().is_some_and(|t| t.contains("${{")) {
            return Vec::new();
        }
        if !self.s.expect(node, what, Ty::MAP) {
            return Vec::new();
        }
        let entries = merged_entries(node);
        for (key, value) in &entries {
            let name = key.as_str().unwrap_or("?");
            self.s
                .expect(value, &format!("`{name}` in {what}"), STRING.or(Ty::NULL));
        }
        entries
    }

    fn env<'a>(&mut self, node: &'a Node, what: &str) -> Entries<'a> {
        self.scalar_map(node, what, true)
    }

    fn events<'a>(&mut self, on: &'a Node) -> Vec<Event<'a>> {
        let names: Vec<&str> = EVENTS.iter().map(|(n, _)| *n).collect();
        let event = |node: &'a Node, name: &'a str| Event {
            name,
            node,
            config: None,
            crons: Vec::new(),
            inputs: Vec::new(),
        };
        match &on.value {
            Value::Scalar { text, .. } => {
                if !self.s.expect(on, "`on`", Ty::STR.or(Ty::SEQ).or(Ty::MAP)) {
                    return Vec::new();
                }
                if !self.known_event(on, &names) {
                    return Vec::new();
                }
                vec![event(on, text.as_str())]
            }
            Value::Seq(items) => {
                let mut out = Vec::new();
                for item in items {
                    if self.s.expect(item, "each event of `on`", Ty::STR)
                        && self.known_event(item, &names)
                        && let Some(name) = item.as_str()
                    {
                        out.push(event(item, name));
                    }
                }
                out
            }
            Value::Map(_) => {
                let mut out = Vec::new();
                for (key, value) in merged_entries(on) {
                    let Some(name) = key.as_str() else {
                        continue;
                    };
                    let Some((_, filters)) = EVENTS.iter().find(|(n, _)| *n == name) else {
                        self.s.unknown_key(key, "`on` (not an event)", &names);
                        continue;
                    };
                    let mut ev = event(key, name);
                    ev.config = Some(value);
                    self.event_config(&mut ev, value, filters);
                    out.push(ev);
                }
                out
            }
        }
    }

    fn known_event(&mut self, node: &Node, names: &[&'static str]) -> bool {
        let name = node.as_str().unwrap_or("");
        if names.contains(&name) {
            return true;
        }
        self.s.unknown_key(node, "`on` (not an event)", names);
        false
    }

    fn event_config<'a>(&mut self, ev: &mut Event<'a>, value: &'a Node, filters: &[&'static str]) {
        let what = format!("`on.{}`", ev.name);
        if ev.name == "schedule" {
            self.schedule(ev, value);
            return;
        }
        for (key, v) in self.s.map(value, &what, filters) {
            let k = key.as_str().unwrap_or("");
            let field = format!("`on.{}.{k}`", ev.name);
            match k {
                "inputs" => ev.inputs = self.inputs(v, ev.name),
                "secrets" => self.call_secrets(v),
                "outputs" => self.call_outputs(v),
                _ => {
                    self.string_list(v, &field);
                }
            }
        }
    }

    fn schedule<'a>(&mut self, ev: &mut Event<'a>, value: &'a Node) {
        let Some(items) = value.as_seq() else {
            self.s.expect(value, "`on.schedule`", Ty::SEQ);
            return;
        };
        for item in items {
            let entries = self
                .s
                .map(item, "an item of `on.schedule`", &["cron", "timezone"]);
            if item.as_map().is_none() {
                continue;
            }
            match lookup(&entries, "cron") {
                Some(cron) => {
                    if self.s.expect(cron, "`cron`", Ty::STR) {
                        ev.crons.push(cron);
                    }
                }
                None => self.s.missing(item.span, "`cron`", "this schedule"),
            }
            if let Some(tz) = lookup(&entries, "timezone") {
                self.s.expect(tz, "`timezone`", Ty::STR);
            }
        }
    }

    fn inputs<'a>(&mut self, node: &'a Node, event: &str) -> Entries<'a> {
        let dispatch = event == "workflow_dispatch";
        let keys: &[&str] = if dispatch {
            &[
                "description",
                "required",
                "default",
                "type",
                "options",
                "deprecationMessage",
            ]
        } else {
            &["description", "required", "default", "type"]
        };
        let types: &[&str] = if dispatch {
            &["string", "boolean", "choice", "number", "environment"]
        } else {
            &["string", "boolean", "number"]
        };
        if node.is_null()
            || !self
                .s
                .expect(node, &format!("`on.{event}.inputs`"), Ty::MAP)
        {
            return Vec::new();
        }
        let inputs = merged_entries(node);
        for (key, value) in &inputs {
            let name = key.as_str().unwrap_or("?");
            let what = format!("input `{name}` of `{event}`");
            let entries = self.s.map(value, &what, keys);
            for (k, v) in &entries {
                match k.as_str().unwrap_or("") {
                    "required" => {
                        self.s.expect(v, "`required`", Ty::BOOL);
                    }
                    "type" => {
                        self.s.expect_one_of(v, "an input's `type`", types, false);
                    }
                    "options" => {
                        self.s.expect(v, "`options`", Ty::SEQ);
                    }
                    _ => {
                        self.s.expect(
                            v,
                            &format!("`{}`", k.as_str().unwrap_or("")),
                            STRING.or(Ty::NULL),
                        );
                    }
                }
            }
            if !dispatch && value.as_map().is_some() && lookup(&entries, "type").is_none() {
                self.s.missing(key.span, "`type`", &what);
            }
        }
        inputs
    }

    fn call_secrets(&mut self, node: &Node) {
        if node.is_null() || !self.s.expect(node, "`on.workflow_call.secrets`", Ty::MAP) {
            return;
        }
        for (key, value) in merged_entries(node) {
            let what = format!(
                "secret `{}` of `workflow_call`",
                key.as_str().unwrap_or("?")
            );
            for (k, v) in self.s.map(value, &what, &["description", "required"]) {
                let ty = if k.as_str() == Some("required") {
                    Ty::BOOL
                } else {
                    STRING
                };
                self.s
                    .expect(v, &format!("`{}`", k.as_str().unwrap_or("")), ty);
            }
        }
    }

    fn call_outputs(&mut self, node: &Node) {
        if node.is_null() || !self.s.expect(node, "`on.workflow_call.outputs`", Ty::MAP) {
            return;
        }
        for (key, value) in merged_entries(node) {
            let what = format!(
                "output `{}` of `workflow_call`",
                key.as_str().unwrap_or("?")
            );
            let entries = self.s.map(value, &what, &["description", "value"]);
            for (k, v) in &entries {
                self.s
                    .expect(v, &format!("`{}`", k.as_str().unwrap_or("")), STRING);
            }
            if value.as_map().is_some() && lookup(&entries, "value").is_none() {
                self.s.missing(key.span, "`value`", &what);
            }
        }
    }

    fn permissions<'a>(
        &mut self,
        key: &'a Node,
        value: &'a Node,
        what: &str,
    ) -> Option<Permissions<'a>> {
        let mut perms = Permissions {
            key,
            value,
            scopes: Vec::new(),
        };
        if let Some(text) = value.as_str() {
            if value.is_null() {
                self.s.expect(value, what, Ty::STR.or(Ty::MAP));
                return None;
            }
            if !text.contains("${{") {
                self.s
                    .expect_one_of(value, what, &["read-all", "write-all"], false);
            }
            return Some(perms);
        }
        perms.scopes = self.s.map(value, &format!("{what} (not a scope)"), SCOPES);
        for (scope, level) in &perms.scopes {
            let allowed: &[&str] = match scope.as_str() {
                Some("id-token") => &["write", "none"],
                Some("models") => &["read", "none"],
                _ => &["read", "write", "none"],
            };
            let name = format!("the `{}` permission", scope.as_str().unwrap_or(""));
            self.s.expect_one_of(level, &name, allowed, false);
        }
        Some(perms)
    }

    fn defaults(&mut self, node: &Node, what: &str) -> Option<()> {
        for (key, value) in self.s.map(node, what, &["run"]) {
            let inner = format!("{what}.{}", key.as_str().unwrap_or(""));
            for (k, v) in self.s.map(value, &inner, &["shell", "working-directory"]) {
                self.s
                    .expect(v, &format!("`{}`", k.as_str().unwrap_or("")), STRING);
            }
        }
        Some(())
    }

    fn concurrency<'a>(&mut self, node: &'a Node, what: &str) -> Option<&'a Node> {
        if node.as_map().is_none() {
            return self.scalar(node, what);
        }
        let entries = self.s.map(node, what, &["group", "cancel-in-progress"]);
        for (k, v) in &entries {
            match k.as_str() {
                Some("group") => self.s.expect(v, "`group`", STRING),
                _ => self.s.expect(v, "`cancel-in-progress`", BOOL),
            };
        }
        if lookup(&entries, "group").is_none() {
            self.s.missing(node.span, "`group`", what);
        }
        Some(node)
    }

    fn jobs<'a>(&mut self, node: &'a Node) -> Vec<Job<'a>> {
        if !self.s.expect(node, "`jobs`", Ty::MAP) {
            return Vec::new();
        }
        let Some(entries) = node.as_map() else {
            return Vec::new();
        };
        entries
            .iter()
            .filter_map(|(key, value)| {
                let id = key.as_str()?;
                Some(self.job(id, key, value))
            })
            .collect()
    }

    fn job<'a>(&mut self, id: &'a str, key: &'a Node, node: &'a Node) -> Job<'a> {
        let what = format!("job `{id}`");
        let mut job = Job {
            id,
            key,
            node,
            name: None,
            runs_on: None,
            needs: Vec::new(),
            if_cond: None,
            permissions: None,
            environment: None,
            concurrency: None,
            outputs: Vec::new(),
            env: Vec::new(),
            defaults: None,
            steps: Vec::new(),
            has_steps: false,
            timeout_minutes: None,
            strategy: None,
            continue_on_error: None,
            container: None,
            services: Vec::new(),
            uses: None,
            with: Vec::new(),
            secrets: None,
            snapshot: None,
        };
        let entries = self.s.map(node, &what, JOB_KEYS);
        let caller = lookup(&entries, "uses").is_some();
        for (k, v) in entries {
            let name = k.as_str().unwrap_or("");
            if caller && !CALLER_JOB_KEYS.contains(&name) {
                self.s.issue(
                    IssueKind::UnknownKey,
                    k.span,
                    format!("`{name}` cannot be used in {what}, which calls a reusable workflow (`uses`)"),
                );
                continue;
            }
            if !caller && matches!(name, "with" | "secrets") {
                self.s.issue(
                    IssueKind::UnknownKey,
                    k.span,
                    format!("`{name}` in {what} is only for a job that calls a reusable workflow (`uses`)"),
                );
                continue;
            }
            let field = format!("`{name}` of {what}");
            match name {
                "name" => job.name = self.scalar(v, &field),
                "needs" => job.needs = self.string_list(v, &field),
                "runs-on" => job.runs_on = self.runs_on(v, &field),
                "if" => job.if_cond = self.scalar(v, &field),
                "permissions" => job.permissions = self.permissions(k, v, &field),
                "environment" => job.environment = self.environment(v, &field),
                "concurrency" => job.concurrency = self.concurrency(v, &field),
                "outputs" => job.outputs = self.scalar_map(v, &field, false),
                "env" => job.env = self.env(v, &field),
                "defaults" => job.defaults = self.defaults(v, &field).map(|()| v),
                "steps" => {
                    job.has_steps = true;
                    job.steps = self.steps(v, id);
                }
                "timeout-minutes" => job.timeout_minutes = self.typed(v, &field, NUMBER),
                "strategy" => job.strategy = self.strategy(v, &field),
                "continue-on-error" => job.continue_on_error = self.typed(v, &field, BOOL),
                "container" => job.container = self.container(v, &field),
                "services" => job.services = self.services(v, &field),
                "uses" => job.uses = self.scalar(v, &field),
                "with" => job.with = self.scalar_map(v, &field, false),
                "secrets" if v.as_str() == Some("inherit") || self.s.expect(v, &field, Ty::MAP) => {
                    job.secrets = Some(v);
                }
                "snapshot" => job.snapshot = self.snapshot(v, &field),
                _ => {}
            }
        }
        job
    }

    fn runs_on<'a>(&mut self, node: &'a Node, what: &str) -> Option<&'a Node> {
        match &node.value {
            Value::Seq(_) => {
                self.string_list(node, what);
            }
            Value::Map(_) => {
                for (k, v) in self.s.map(node, what, &["group", "labels"]) {
                    if k.as_str() == Some("labels") {
                        self.string_list(v, "`labels`");
                    } else {
                        self.s.expect(v, "`group`", STRING);
                    }
                }
            }
            Value::Scalar { .. } => {
                self.scalar(node, what)?;
            }
        }
        Some(node)
    }

    fn snapshot<'a>(&mut self, node: &'a Node, what: &str) -> Option<&'a Node> {
        if node.as_map().is_none() {
            return self.scalar(node, what);
        }
        for (k, v) in self.s.map(node, what, &["image-name", "version", "if"]) {
            self.s.expect(
                v,
                &format!("`{}` of {what}", k.as_str().unwrap_or("")),
                STRING,
            );
        }
        Some(node)
    }

    fn environment<'a>(&mut self, node: &'a Node, what: &str) -> Option<&'a Node> {
        if node.as_map().is_none() {
            return self.scalar(node, what);
        }
        for (k, v) in self.s.map(node, what, &["name", "url", "deployment"]) {
            let ty = if k.as_str() == Some("deployment") {
                BOOL
            } else {
                STRING
            };
            self.s
                .expect(v, &format!("`{}`", k.as_str().unwrap_or("")), ty);
        }
        Some(node)
    }

    fn strategy<'a>(&mut self, node: &'a Node, what: &str) -> Option<Strategy<'a>> {
        let entries = self
            .s
            .map(node, what, &["matrix", "fail-fast", "max-parallel"]);
        node.as_map()?;
        let mut strategy = Strategy {
            matrix: None,
            fail_fast: None,
            max_parallel: None,
        };
        for (k, v) in entries {
            match k.as_str().unwrap_or("") {
                "matrix" => strategy.matrix = self.matrix(v),
                "fail-fast" => strategy.fail_fast = self.typed(v, "`fail-fast`", BOOL),
                _ => strategy.max_parallel = self.typed(v, "`max-parallel`", NUMBER),
            }
        }
        Some(strategy)
    }

    fn matrix<'a>(&mut self, node: &'a Node) -> Option<&'a Node> {
        if node.as_str().is_some_and(|t| t.contains("${{")) {
            return Some(node);
        }
        if !self.s.expect(node, "`matrix`", Ty::MAP.or(Ty::EXPR)) {
            return None;
        }
        for (k, v) in merged_entries(node) {
            let name = k.as_str().unwrap_or("?");
            match name {
                "include" | "exclude" => {
                    if let Some(items) = v.as_seq() {
                        for item in items {
                            self.s
                                .expect(item, &format!("each item of matrix `{name}`"), Ty::MAP);
                        }
                    } else {
                        self.s
                            .expect(v, &format!("matrix `{name}`"), Ty::SEQ.or(Ty::EXPR));
                    }
                }
                _ => {
                    self.s.expect(
                        v,
                        &format!("the values of matrix variable `{name}`"),
                        Ty::SEQ.or(Ty::EXPR),
                    );
                }
            }
        }
        Some(node)
    }

    fn container<'a>(&mut self, node: &'a Node, what: &str) -> Option<Container<'a>> {
        let mut c = Container {
            node,
            image: None,
            credentials: Vec::new(),
            env: Vec::new(),
            ports: None,
            volumes: None,
            options: None,
        };
        if node.as_map().is_none() {
            c.image = self.scalar(node, what);
            return c.image.map(|_| c);
        }
        let entries = self.s.map(node, what, CONTAINER_KEYS);
        for (k, v) in &entries {
            let field = format!("`{}` of {what}", k.as_str().unwrap_or(""));
            match k.as_str().unwrap_or("") {
                "image" => c.image = self.scalar(v, &field),
                "credentials" => {
                    c.credentials = self.s.map(v, &field, &["username", "password"]);
                    for (ck, cv) in &c.credentials {
                        self.s
                            .expect(cv, &format!("`{}`", ck.as_str().unwrap_or("")), STRING);
                    }
                }
                "env" => c.env = self.env(v, &field),
                "ports" => c.ports = self.typed(v, &field, Ty::SEQ),
                "volumes" => c.volumes = self.typed(v, &field, Ty::SEQ),
                _ => c.options = self.scalar(v, &field),
            }
        }
        if lookup(&entries, "image").is_none() {
            self.s.missing(node.span, "`image`", what);
        }
        Some(c)
    }

    fn services<'a>(&mut self, node: &'a Node, what: &str) -> Vec<(&'a Node, Container<'a>)> {
        if !self.s.expect(node, what, Ty::MAP) {
            return Vec::new();
        }
        merged_entries(node)
            .into_iter()
            .filter_map(|(k, v)| {
                let field = format!("service `{}`", k.as_str().unwrap_or("?"));
                self.container(v, &field).map(|c| (k, c))
            })
            .collect()
    }

    fn steps<'a>(&mut self, node: &'a Node, job: &str) -> Vec<Step<'a>> {
        let Some(items) = node.as_seq() else {
            self.s
                .expect(node, &format!("`steps` of job `{job}`"), Ty::SEQ);
            return Vec::new();
        };
        items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let what = format!("step {} of job `{job}`", i + 1);
                let entries = self.s.map(item, &what, STEP_KEYS);
                item.as_map()?;
                let mut step = Step {
                    node: item,
                    id: None,
                    if_cond: None,
                    name: None,
                    uses: None,
                    run: None,
                    shell: None,
                    with: Vec::new(),
                    env: Vec::new(),
                    continue_on_error: None,
                    timeout_minutes: None,
                    working_directory: None,
                };
                for (k, v) in entries {
                    let name = k.as_str().unwrap_or("");
                    let field = format!("`{name}` of {what}");
                    match name {
                        "id" => step.id = self.scalar(v, &field),
                        "if" => step.if_cond = self.scalar(v, &field),
                        "name" => step.name = self.scalar(v, &field),
                        "uses" => step.uses = self.scalar(v, &field),
                        "run" => step.run = self.scalar(v, &field),
                        "shell" => step.shell = self.scalar(v, &field),
                        "with" => step.with = self.scalar_map(v, &field, false),
                        "env" => step.env = self.env(v, &field),
                        "continue-on-error" => step.continue_on_error = self.typed(v, &field, BOOL),
                        "timeout-minutes" => step.timeout_minutes = self.typed(v, &field, NUMBER),
                        _ => step.working_directory = self.scalar(v, &field),
                    }
                }
                Some(step)
            })
            .collect()
    }
}
