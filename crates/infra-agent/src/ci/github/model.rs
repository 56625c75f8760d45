//! A typed model of GitHub Actions workflow syntax, built from the YAML tree in one pass that
//! also records what does not fit (unknown keys, wrong types, missing required keys).
//!
//! The model borrows the tree: every field keeps its node, so a rule can point at the exact
//! key or value. It describes the whole syntax even where no rule reads a field yet (`name`,
//! `defaults`, `strategy`…), because building it is what type-checks those keys.
#![allow(dead_code)]

use crate::ci::schema::{Issue, IssueKind, Schema, Ty, lookup, merged_entries};
use crate::yaml::{Node, Value};

/// A mapping's entries, key node then value node.
pub(crate) type Entries<'a> = Vec<(&'a Node, &'a Node)>;

/// A workflow file.
#[derive(Debug)]
pub(crate) struct Workflow<'a> {
    /// The document.
    pub(crate) root: &'a Node,
    /// `name`.
    pub(crate) name: Option<&'a Node>,
    /// `run-name`.
    pub(crate) run_name: Option<&'a Node>,
    /// The `on` key.
    pub(crate) on_key: Option<&'a Node>,
    /// The events of `on`, whichever form it takes.
    pub(crate) events: Vec<Event<'a>>,
    /// Top-level `permissions`.
    pub(crate) permissions: Option<Permissions<'a>>,
    /// Top-level `env`.
    pub(crate) env: Entries<'a>,
    /// `defaults`.
    pub(crate) defaults: Option<&'a Node>,
    /// `concurrency`.
    pub(crate) concurrency: Option<&'a Node>,
    /// The `jobs` key and its mapping.
    pub(crate) jobs_key: Option<&'a Node>,
    /// The `jobs` mapping.
    pub(crate) jobs_node: Option<&'a Node>,
    /// The jobs, in document order (repeated ids kept).
    pub(crate) jobs: Vec<Job<'a>>,
    /// What does not fit the syntax.
    pub(crate) issues: Vec<Issue>,
}

/// One event of `on`.
#[derive(Debug)]
pub(crate) struct Event<'a> {
    /// The event's name, e.g. `pull_request_target`.
    pub(crate) name: &'a str,
    /// The node naming it (a key of `on`, an item of its list, or `on` itself).
    pub(crate) node: &'a Node,
    /// Its configuration (filters, inputs…), when `on` is a mapping.
    pub(crate) config: Option<&'a Node>,
    /// `schedule`: the `cron` values.
    pub(crate) crons: Vec<&'a Node>,
    /// `workflow_dispatch` / `workflow_call` inputs.
    pub(crate) inputs: Entries<'a>,
}

/// A `permissions` block, workflow- or job-level.
#[derive(Debug)]
pub(crate) struct Permissions<'a> {
    /// The `permissions` key.
    pub(crate) key: &'a Node,
    /// Its value: `read-all`, `write-all`, `{}` or a mapping of scopes.
    pub(crate) value: &'a Node,
    /// The scopes, when a mapping.
    pub(crate) scopes: Entries<'a>,
}

/// A job.
#[derive(Debug)]
pub(crate) struct Job<'a> {
    /// Its id.
    pub(crate) id: &'a str,
    /// The id's key node.
    pub(crate) key: &'a Node,
    /// The job's mapping.
    pub(crate) node: &'a Node,
    /// `name`.
    pub(crate) name: Option<&'a Node>,
    /// `runs-on`.
    pub(crate) runs_on: Option<&'a Node>,
    /// `needs`, one node per job named.
    pub(crate) needs: Vec<&'a Node>,
    /// `if`.
    pub(crate) if_cond: Option<&'a Node>,
    /// `permissions`.
    pub(crate) permissions: Option<Permissions<'a>>,
    /// `environment`.
    pub(crate) environment: Option<&'a Node>,
    /// `concurrency`.
    pub(crate) concurrency: Option<&'a Node>,
    /// `outputs`.
    pub(crate) outputs: Entries<'a>,
    /// `env`.
    pub(crate) env: Entries<'a>,
    /// `defaults`.
    pub(crate) defaults: Option<&'a Node>,
    /// `steps`.
    pub(crate) steps: Vec<Step<'a>>,
    /// Whether `steps` is present at all.
    pub(crate) has_steps: bool,
    /// `timeout-minutes`.
    pub(crate) timeout_minutes: Option<&'a Node>,
    /// `strategy`.
    pub(crate) strategy: Option<Strategy<'a>>,
    /// `continue-on-error`.
    pub(crate) continue_on_error: Option<&'a Node>,
    /// `container`.
    pub(crate) container: Option<Container<'a>>,
    /// `services`, by id.
    pub(crate) services: Vec<(&'a Node, Container<'a>)>,
    /// `uses`: the reusable workflow this job calls.
    pub(crate) uses: Option<&'a Node>,
    /// `with`: inputs of the reusable workflow.
    pub(crate) with: Entries<'a>,
    /// `secrets`: `inherit` or a mapping.
    pub(crate) secrets: Option<&'a Node>,
    /// `snapshot`: the custom runner image this job's runner is saved as.
    pub(crate) snapshot: Option<&'a Node>,
}

/// `strategy`.
#[derive(Debug)]
pub(crate) struct Strategy<'a> {
    /// `matrix`.
    pub(crate) matrix: Option<&'a Node>,
    /// `fail-fast`.
    pub(crate) fail_fast: Option<&'a Node>,
    /// `max-parallel`.
    pub(crate) max_parallel: Option<&'a Node>,
}

/// A job's `container` or one of its `services`.
#[derive(Debug)]
pub(crate) struct Container<'a> {
    /// The node (a string image or a mapping).
    pub(crate) node: &'a Node,
    /// `image` (the node itself for the string form).
    pub(crate) image: Option<&'a Node>,
    /// `credentials` (`username`, `password`).
    pub(crate) credentials: Entries<'a>,
    /// `env`.
    pub(crate) env: Entries<'a>,
    /// `ports`.
    pub(crate) ports: Option<&'a Node>,
    /// `volumes`.
    pub(crate) volumes: Option<&'a Node>,
    /// `options`.
    pub(crate) options: Option<&'a Node>,
}

/// A step.
#[derive(Debug)]
pub(crate) struct Step<'a> {
    /// The step's mapping.
    pub(crate) node: &'a Node,
    /// `id`.
    pub(crate) id: Option<&'a Node>,
    /// `if`.
    pub(crate) if_cond: Option<&'a Node>,
    /// `name`.
    pub(crate) name: Option<&'a Node>,
    /// `uses`.
    pub(crate) uses: Option<&'a Node>,
    /// `run`.
    pub(crate) run: Option<&'a Node>,
    /// `shell`.
    pub(crate) shell: Option<&'a Node>,
    /// `with`.
    pub(crate) with: Entries<'a>,
    /// `env`.
    pub(crate) env: Entries<'a>,
    /// `continue-on-error`.
    pub(crate) continue_on_error: Option<&'a Node>,
    /// `timeout-minutes`.
    pub(crate) timeout_minutes: Option<&'a Node>,
    /// `working-directory`.
    pub(crate) working_directory: Option<&'a Node>,
}

impl Step<'_> {
    /// The input `name` of `with`, if given.
    pub(crate) fn input(&self, name: &str) -> Option<&Node> {
        lookup(&self.with, name)
    }
}

impl Workflow<'_> {
    /// Whether `on` includes the event `name`.
    pub(crate) fn has_event(&self, name: &str) -> bool {
        self.events.iter().any(|e| e.name == name)
    }
}

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
pub(crate) const EVENTS: &[(&str, &[&str])] = &[
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
pub(crate) const SCOPES: &[&str] = &[
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn messages(src: &str) -> Vec<String> {
        let doc = yaml::parse(src).unwrap();
        Workflow::build(&doc)
            .issues
            .iter()
            .map(|i| format!("{}: {}", i.span.line, i.message))
            .collect()
    }

    #[test]
    fn a_valid_workflow_has_no_issues() {
        let src = r#"
name: CI
on:
  push:
    branches: [main]
  schedule:
    - cron: "0 3 * * *"
  workflow_dispatch:
    inputs:
      level: {type: choice, options: [a, b], required: true}
permissions: {contents: read}
jobs:
  test:
    runs-on: [self-hosted, linux]
    timeout-minutes: 10
    strategy:
      matrix:
        node: [20, 22]
        include: [{node: 23}]
    steps:
      - uses: actions/checkout@v4
        with: {fetch-depth: 0}
      - run: echo hi
        continue-on-error: ${{ matrix.node == 23 }}
  call:
    uses: ./.github/workflows/x.yml
    secrets: inherit
"#;
        assert_eq!(messages(src), Vec::<String>::new());
    }

    #[test]
    fn unknown_keys_and_types_are_recorded() {
        let src = "on: [push, pul_request]\npermissions: {contents: admin}\njobs:\n  a:\n    runs_on: x\n    timeout-minutes: soon\n    steps:\n      - run: echo\n        with: {a: [1]}\n";
        let got = messages(src);
        assert_eq!(
            got,
            [
                "1: unknown key `pul_request` in `on` (not an event) (did you mean `pull_request`?)",
                "2: the `contents` permission must be one of `read`, `write` or `none`, not `admin`",
                "5: unknown key `runs_on` in job `a` (did you mean `runs-on`?)",
                "6: `timeout-minutes` of job `a` must be a number or a ${{ }} expression, not a string",
                "9: `a` in `with` of step 1 of job `a` must be a string or nothing, not a sequence",
            ]
        );
    }
}
